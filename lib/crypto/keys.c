/* keys.c - private and public keys through OpenSSL: OSSL_STORE loading
 * (PEM, DER, provider URIs), generation, PEM output, public points. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/bio.h>
#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/store.h>
#include <openssl/ui.h>

#include "ota_private.h"

static struct ota_key *
key_wrap(EVP_PKEY *pk, int priv)
{
	struct ota_key *k = calloc(1, sizeof(*k));

	if (k == NULL) {
		EVP_PKEY_free(pk);
		return NULL;
	}
	k->magic = OTA_KEY_MAGIC;
	k->pkey = pk;
	k->priv = priv;
	return k;
}

static int
key_ok(const struct ota_key *k)
{
	return k != NULL && k->magic == OTA_KEY_MAGIC && k->pkey != NULL;
}

void
ota_key_free(struct ota_key **kp)
{
	if (kp == NULL || *kp == NULL)
		return;
	EVP_PKEY_free((*kp)->pkey); /* OpenSSL clears the key material */
	(*kp)->magic = 0;
	free(*kp);
	*kp = NULL;
}

/* The passphrase for OSSL_STORE: given, or none (never a prompt: the
 * library does not talk to the terminal).  Being asked at all means the key
 * is encrypted. */
struct pass_req {
	const char *pass;
	int asked;
};

static int
pass_cb(char *buf, int size, int rwflag, void *u)
{
	struct pass_req *pr = u;
	size_t n;

	(void)rwflag;
	pr->asked = 1;
	if (pr->pass == NULL || size <= 0)
		return -1;
	n = strlen(pr->pass);
	if (n > (size_t)size)
		return -1;
	memcpy(buf, pr->pass, n);
	return (int)n;
}

/* ---- OpenSSL's reason, for the _msg variants ---- */
/* A refused call: nothing of OpenSSL's to add. */
static int
refuse(char *msg, size_t len, int r, const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static int
refuse(char *msg, size_t len, int r, const char *fmt, ...)
{
	va_list ap;

	if (msg != NULL && len > 0) {
		va_start(ap, fmt);
		ota__vformat(msg, len, fmt, ap);
		va_end(ap);
	}
	return r;
}

int
ota_key_load(struct ota_key **out, const char *uri, const char *passphrase)
{
	return ota_key_load_msg(out, uri, passphrase, NULL, 0);
}

static int key_load(const struct ota_env *env, struct ota_key **out, const char *uri,
    const char *passphrase, char *msg, size_t len);

int
ota_key_load_msg(struct ota_key **out, const char *uri, const char *passphrase, char *msg,
    size_t len)
{
	return key_load(NULL, out, uri, passphrase, msg, len);
}

int
ota_key_load_ctx(const struct ota_ctx *ctx, struct ota_key **out, const char *uri,
    const char *passphrase)
{
	struct ota_env env;
	char msg[2 * OTA_MSG_LEN];
	int r;

	ota__env_from(&env, ctx);
	r = key_load(&env, out, uri, passphrase, msg, sizeof(msg));
	if (r != OTA_OK && env.log != NULL) /* msg has OpenSSL's reason */
		env.log(env.logarg, msg);
	return r;
}

static int
key_load(const struct ota_env *env, struct ota_key **out, const char *uri,
    const char *passphrase, char *msg, size_t len)
{
	struct pass_req pr = { passphrase, 0 };
	struct ota_errq m;
	OSSL_STORE_CTX *st;
	OSSL_STORE_INFO *info;
	UI_METHOD *ui;
	EVP_PKEY *priv = NULL, *pub = NULL;
	const char *what = "out of memory";
	int r, tries;

	if (out == NULL || uri == NULL)
		return refuse(msg, len, OTA_E_INVAL, "ota_key_load: NULL key pointer or URI");
	if (*out != NULL)
		return refuse(msg, len, OTA_E_INVAL, "ota_key_load: *key already holds a key (free it, "
		    "or set it to NULL, first)");
	if ((ui = UI_UTIL_wrap_read_pem_callback(pass_cb, 0)) == NULL)
		return refuse(msg, len, OTA_E_NOMEM, "ota_key_load: out of memory");
	ota__ssl_mark(&m); /* what OpenSSL says about a bad file is ours to drop */
	if ((st = OSSL_STORE_open_ex(uri, env != NULL ? env->libctx : NULL,
	    ota__propq(env), ui, &pr, NULL, NULL, NULL)) == NULL) {
		r = OTA_E_IO;
		what = "cannot open it";
		goto out;
	}
	for (tries = 0; priv == NULL && !OSSL_STORE_eof(st) && tries < 64; tries++) {
		if ((info = OSSL_STORE_load(st)) == NULL) {
			if (OSSL_STORE_error(st))
				continue; /* an object that does not decode: try the next */
			break;
		}
		switch (OSSL_STORE_INFO_get_type(info)) {
		case OSSL_STORE_INFO_PKEY:
			priv = OSSL_STORE_INFO_get1_PKEY(info);
			break;
		case OSSL_STORE_INFO_PUBKEY:
			if (pub == NULL)
				pub = OSSL_STORE_INFO_get1_PUBKEY(info);
			break;
		default:
			break;
		}
		OSSL_STORE_INFO_free(info);
	}
	OSSL_STORE_close(st);
	if (priv != NULL) {
		EVP_PKEY_free(pub);
		*out = key_wrap(priv, 1);
	} else if (pub != NULL) {
		*out = key_wrap(pub, 0);
	} else {
		/* asked for a passphrase: encrypted, and none or a wrong one */
		r = pr.asked ? OTA_E_PASSPHRASE : OTA_E_NOKEY;
		what = pr.asked ? "encrypted, and the passphrase is missing or wrong" :
		    "no private or public key in it";
		goto out;
	}
	r = *out != NULL ? OTA_OK : OTA_E_NOMEM;
out:
	ota__ssl_done(&m, r, msg, len, "%s: %s", uri, what);
	UI_destroy_method(ui);
	return r;
}

int
ota_key_generate(struct ota_key **out, enum ota_key_type type)
{
	return ota_key_generate_msg(out, type, NULL, 0);
}

int
ota_key_generate_msg(struct ota_key **out, enum ota_key_type type, char *msg, size_t len)
{
	struct ota_errq m;
	EVP_PKEY *pk = NULL;
	int r = OTA_OK;

	if (out == NULL)
		return refuse(msg, len, OTA_E_INVAL, "ota_key_generate: NULL key pointer");
	if (*out != NULL) /* as ota_key_load: a key held is never dropped */
		return refuse(msg, len, OTA_E_INVAL, "ota_key_generate: *key already holds a key "
		    "(free it, or set it to NULL, first)");
	ota__ssl_mark(&m);
	switch (type) {
	case OTA_KEY_P256:
		pk = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
		break;
	case OTA_KEY_ED25519:
		pk = EVP_PKEY_Q_keygen(NULL, NULL, "ED25519");
		break;
	case OTA_KEY_SECT163K1:
		pk = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "sect163k1");
		break;
	case OTA_KEY_SECT283K1:
		pk = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "sect283k1");
		break;
	case OTA_KEY_P384:
		pk = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-384");
		break;
	case OTA_KEY_RSA2048:
		pk = EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)2048);
		break;
	case OTA_KEY_RSA3072:
		pk = EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)3072);
		break;
	default:
		r = OTA_E_INVAL;
		break;
	}
	if (r == OTA_OK && pk == NULL)
		r = OTA_E_UNSUPPORTED;
	else if (r == OTA_OK && (*out = key_wrap(pk, 1)) == NULL)
		r = OTA_E_NOMEM;
	ota__ssl_done(&m, r, msg, len, "ota_key_generate: %s", r == OTA_E_INVAL ?
	    "no such key type" : r == OTA_E_NOMEM ? "out of memory" :
	    "this OpenSSL cannot generate the key");
	return r;
}

int
ota_key_type(const struct ota_key *k)
{
	char group[64];

	if (!key_ok(k))
		return 0;
	if (EVP_PKEY_is_a(k->pkey, "ED25519"))
		return OTA_KEY_ED25519;
	if (EVP_PKEY_is_a(k->pkey, "RSA"))
		return EVP_PKEY_get_bits(k->pkey) == 2048 ? OTA_KEY_RSA2048 :
		    EVP_PKEY_get_bits(k->pkey) == 3072 ? OTA_KEY_RSA3072 : 0;
	if (!EVP_PKEY_is_a(k->pkey, "EC") ||
	    EVP_PKEY_get_utf8_string_param(k->pkey, OSSL_PKEY_PARAM_GROUP_NAME, group, sizeof(group),
	    NULL) != 1)
		return 0;
	if (strcmp(group, "prime256v1") == 0 || strcmp(group, "P-256") == 0)
		return OTA_KEY_P256;
	if (strcmp(group, "secp384r1") == 0 || strcmp(group, "P-384") == 0)
		return OTA_KEY_P384;
	if (strcmp(group, "sect163k1") == 0)
		return OTA_KEY_SECT163K1;
	if (strcmp(group, "sect283k1") == 0)
		return OTA_KEY_SECT283K1;
	return 0;
}

int
ota__key_suite(const struct ota_key *k)
{
	int t = ota_key_type(k);

	return t == OTA_KEY_SECT163K1 ? 1 : t == OTA_KEY_SECT283K1 ? 2 : 0;
}

int
ota_key_is_private(const struct ota_key *k)
{
	return key_ok(k) && k->priv;
}

int
ota_key_public(const struct ota_key *k, uint8_t *buf, size_t *len)
{
	EVP_PKEY *dup;
	size_t n = 0;
	int r = OTA_E_CRYPTO;

	if (!key_ok(k) || buf == NULL || len == NULL)
		return OTA_E_INVAL;
	if (EVP_PKEY_is_a(k->pkey, "ED25519")) {
		n = *len;
		if (EVP_PKEY_get_raw_public_key(k->pkey, buf, &n) != 1)
			return OTA_E_RANGE;
		*len = n;
		return OTA_OK;
	}
	if (EVP_PKEY_is_a(k->pkey, "RSA"))
		return OTA_E_UNSUPPORTED;
	/* EC: the compressed form, on a copy so the caller's key is untouched */
	if ((dup = EVP_PKEY_dup(k->pkey)) == NULL)
		return OTA_E_NOMEM;
	if (EVP_PKEY_set_utf8_string_param(dup, OSSL_PKEY_PARAM_EC_POINT_CONVERSION_FORMAT,
	    "compressed") == 1 &&
	    EVP_PKEY_get_octet_string_param(dup, OSSL_PKEY_PARAM_PUB_KEY, buf, *len, &n) == 1) {
		*len = n;
		r = OTA_OK;
	}
	EVP_PKEY_free(dup);
	return r;
}

int
ota_key_write(const struct ota_key *k, int private_part, ota_write_fn fn, void *ctx)
{
	BIO *b;
	char *p;
	long n;
	int r = OTA_E_CRYPTO;

	if (!key_ok(k) || fn == NULL || (private_part && !k->priv))
		return OTA_E_INVAL;
	if ((b = BIO_new(BIO_s_secmem())) == NULL)
		return OTA_E_NOMEM;
	if ((private_part ? PEM_write_bio_PrivateKey(b, k->pkey, NULL, NULL, 0, NULL, NULL) :
	    PEM_write_bio_PUBKEY(b, k->pkey)) == 1 && (n = BIO_get_mem_data(b, &p)) > 0)
		r = fn(ctx, p, (size_t)n) == 0 ? OTA_OK : OTA_E_IO;
	BIO_free(b); /* secure memory is cleared on free */
	return r;
}

int
ota_key_write_path(const struct ota_key *k, int private_part, const char *path)
{
	struct ota_atomic a;
	int r;

	if (!key_ok(k) || path == NULL)
		return OTA_E_INVAL;
	if ((r = ota__atomic_open(&a, path)) != OTA_OK)
		return r;
	if (private_part)
		ota__atomic_private(&a);
	if ((r = ota_key_write(k, private_part, ota__atomic_write, &a)) != OTA_OK) {
		ota__atomic_abort(&a);
		return r;
	}
	return ota__atomic_commit(&a);
}
