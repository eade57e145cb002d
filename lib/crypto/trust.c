/* trust.c - certificates and the trust verify checks signatures against:
 * CA keys per suite, issuer and signer allow-lists. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <openssl/bio.h>
#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "ota_private.h"

/* Certicom's test CA for suite 1 (used only when named). */
static const uint8_t certicom_test_ca[22] = {
	0x02, 0x00, 0xFD, 0xE8, 0xA7, 0xF3, 0xD1, 0x08, 0x42, 0x24, 0x96,
	0x2A, 0x4E, 0x7C, 0x54, 0xE6, 0x9A, 0xC3, 0xF0, 0x4D, 0xA6, 0xB8,
};
/* The issuer its certificates name: "TESTSECA". */
#define TEST_CA_ISSUER 0x5445535453454341ull

#define MAX_LIST 64
#define MAX_ANCHOR_FILE 65536u
#define PATH_BUF 4096u

struct supplier {
	EVP_PKEY *pk;
	char subject[256];
	int64_t not_before, not_after; /* 0: unknown */
};

struct ota_trust {
	uint32_t magic;
	uint8_t ca[3][OTA_TRUST_MAX_ANCHORS][40]; /* by suite */
	size_t ca_len[3][OTA_TRUST_MAX_ANCHORS], nca[3];
	uint64_t issuers[MAX_LIST], signers[MAX_LIST];
	size_t nissuers, nsigners;
	int require;
	struct supplier sup[OTA_TRUST_MAX_ANCHORS]; /* GBCS supplier keys */
	size_t nsup;
	unsigned named;       /* kinds with an anchor named by the caller (OTA__NAMED_*) */
	char errmsg[OTA_MSG_LEN];
	struct ota_env env;   /* from ota_trust_new_ctx */
};

struct ota_trust *
ota_trust_new(void)
{
	return ota_trust_new_ctx(NULL);
}

struct ota_trust *
ota_trust_new_ctx(const struct ota_ctx *ctx)
{
	struct ota_trust *t = calloc(1, sizeof(*t));

	if (t != NULL) {
		t->magic = OTA_TRUST_MAGIC;
		ota__env_from(&t->env, ctx);
	}
	return t;
}

static void
clear_suppliers(struct ota_trust *t)
{
	size_t i;

	for (i = 0; i < t->nsup; i++)
		EVP_PKEY_free(t->sup[i].pk);
	t->nsup = 0;
}

/* What a trust holds before a call that adds several anchors: a failed
 * call puts it back, so a refused file or bundle leaves no anchors. */
struct trust_mark {
	size_t nca[3], nsup;
};

static void
trust_mark(const struct ota_trust *t, struct trust_mark *m)
{
	memcpy(m->nca, t->nca, sizeof(m->nca));
	m->nsup = t->nsup;
}

static void
trust_rollback(struct ota_trust *t, const struct trust_mark *m)
{
	while (t->nsup > m->nsup)
		EVP_PKEY_free(t->sup[--t->nsup].pk);
	memcpy(t->nca, m->nca, sizeof(t->nca));
}

void
ota_trust_free(struct ota_trust **tp)
{
	if (tp == NULL || *tp == NULL)
		return;
	clear_suppliers(*tp);
	(*tp)->magic = 0;
	free(*tp);
	*tp = NULL;
}

static int
t_ok(const struct ota_trust *t)
{
	return t != NULL && t->magic == OTA_TRUST_MAGIC;
}

static int terr(struct ota_trust *t, int err, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Note why a call failed. */
static int
terr(struct ota_trust *t, int err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	(void)vsnprintf(t->errmsg, sizeof(t->errmsg), fmt, ap);
	va_end(ap);
	if (t->env.log != NULL) /* the message has OpenSSL's reason where it matters */
		t->env.log(t->env.logarg, t->errmsg);
	return err;
}

/* OpenSSL's reason for error e, or a placeholder. */
static const char *
ssl_reason(unsigned long e)
{
	const char *why = e != 0 ? ERR_reason_error_string(e) : NULL;

	return why != NULL ? why : "no reason given";
}

const char *
ota_trust_errmsg(const struct ota_trust *t)
{
	return t_ok(t) ? t->errmsg : "";
}

const char *
ota_trust_default_dir(void)
{
	return OTA_TRUST_DIR;
}

/* A compressed point on suite 1's or 2's curve: its suite, or an error. */
static int
ca_suite(struct ota_trust *t, const uint8_t *point, size_t len, int *suite)
{
	int r;

	*suite = len == ota__suite(1)->point_len ? 1 : len == ota__suite(2)->point_len ? 2 : 0;
	if (*suite == 0 || (point[0] != 0x02 && point[0] != 0x03))
		return terr(t, OTA_E_RANGE, "a CA key is a compressed point of 22 (suite 1) or 37 "
		    "(suite 2) bytes, not %zu bytes (first byte 0x%02X)", len, len > 0 ? point[0] : 0u);
	if ((r = ota__ec_point_check(ota__suite(*suite), point, len)) != OTA_OK)
		return terr(t, r, "the CA key is not a point on %s (suite %d)",
		    ota__suite(*suite)->group, *suite);
	return OTA_OK;
}

static int
add_ca(struct ota_trust *t, const uint8_t *point, size_t len, int named, int replace)
{
	size_t i;
	int suite, r;

	if (!t_ok(t) || point == NULL)
		return OTA_E_INVAL;
	if ((r = ca_suite(t, point, len, &suite)) != OTA_OK)
		return r;
	if (replace)
		t->nca[suite] = 0;
	if (named)
		t->named |= 1u << suite;
	for (i = 0; i < t->nca[suite]; i++)
		if (t->ca_len[suite][i] == len && memcmp(t->ca[suite][i], point, len) == 0)
			return OTA_OK; /* already trusted */
	if (t->nca[suite] >= OTA_TRUST_MAX_ANCHORS)
		return terr(t, OTA_E_LIMIT, "more than %u CA keys for suite-%d signatures",
		    OTA_TRUST_MAX_ANCHORS, suite);
	memcpy(t->ca[suite][t->nca[suite]], point, len);
	t->ca_len[suite][t->nca[suite]++] = len;
	return OTA_OK;
}

int
ota_trust_add_ca(struct ota_trust *t, const uint8_t *point, size_t len)
{
	return add_ca(t, point, len, 1, 0);
}

int
ota_trust_set_ca(struct ota_trust *t, const uint8_t *point, size_t len)
{
	return add_ca(t, point, len, 1, 1);
}

int
ota_trust_set_test_ca(struct ota_trust *t)
{
	return add_ca(t, certicom_test_ca, sizeof(certicom_test_ca), 1, 0);
}

static int
add(uint64_t *list, size_t *n, uint64_t v)
{
	if (*n >= MAX_LIST)
		return OTA_E_LIMIT;
	list[(*n)++] = v;
	return OTA_OK;
}

int
ota_trust_add_issuer(struct ota_trust *t, uint64_t issuer)
{
	return t_ok(t) ? add(t->issuers, &t->nissuers, issuer) : OTA_E_INVAL;
}

int
ota_trust_add_signer(struct ota_trust *t, uint64_t signer)
{
	return t_ok(t) ? add(t->signers, &t->nsigners, signer) : OTA_E_INVAL;
}

int
ota_trust_require_signature(struct ota_trust *t, int on)
{
	if (!t_ok(t))
		return OTA_E_INVAL;
	t->require = on != 0;
	return OTA_OK;
}

size_t
ota__trust_ca_count(const struct ota_trust *t, int suite)
{
	return t_ok(t) && suite >= 1 && suite <= 2 ? t->nca[suite] : 0;
}

const uint8_t *
ota__trust_ca_at(const struct ota_trust *t, int suite, size_t i, size_t *len)
{
	*len = t->ca_len[suite][i];
	return t->ca[suite][i];
}

unsigned
ota__trust_named(const struct ota_trust *t)
{
	if (!t_ok(t))
		return 0;
	/* an issuer or signer allow-list expects a Smart Energy signature */
	return t->named | (ota__trust_lists(t) ? (1u << 1) | (1u << 2) : 0);
}

int
ota__trust_lists(const struct ota_trust *t)
{
	return t_ok(t) && t->nissuers + t->nsigners > 0;
}

int
ota__trust_required(const struct ota_trust *t)
{
	return t_ok(t) && t->require;
}

static int
listed(const uint64_t *list, size_t n, uint64_t v)
{
	size_t i;

	if (n == 0)
		return 1; /* no list: anyone */
	for (i = 0; i < n; i++)
		if (list[i] == v)
			return 1;
	return 0;
}

int
ota__trust_allows(const struct ota_trust *t, uint64_t issuer, uint64_t signer, int *which)
{
	if (!t_ok(t))
		return 1;
	if (!listed(t->issuers, t->nissuers, issuer)) {
		*which = 0;
		return 0;
	}
	if (!listed(t->signers, t->nsigners, signer)) {
		*which = 1;
		return 0;
	}
	return 1;
}

static int64_t
asn1_time(const ASN1_TIME *t)
{
	struct tm tm;

	if (t == NULL || ASN1_TIME_to_tm(t, &tm) != 1)
		return 0;
	return (int64_t)timegm(&tm);
}

/* A supplier key must be ECDSA on P-256. */
static int
check_p256(struct ota_trust *t, EVP_PKEY *pk)
{
	char group[64];
	size_t gl = 0;

	if (!EVP_PKEY_is_a(pk, "EC"))
		return terr(t, OTA_E_NOKEY, "the supplier key is %s, not a P-256 EC key",
		    EVP_PKEY_get0_type_name(pk) != NULL ? EVP_PKEY_get0_type_name(pk) : "unknown");
	if (EVP_PKEY_get_utf8_string_param(pk, OSSL_PKEY_PARAM_GROUP_NAME, group, sizeof(group),
	    &gl) != 1)
		(void)snprintf(group, sizeof(group), "explicit parameters");
	if (strcmp(group, "prime256v1") != 0 && strcmp(group, "P-256") != 0)
		return terr(t, OTA_E_NOKEY, "the supplier key is on the curve %s, not P-256 "
		    "(prime256v1)", group);
	return OTA_OK;
}

/* A certificate's key usage must allow digital signatures (it must have
 * the extension: GBCS supplier certificates always do). */
static int
check_usage(struct ota_trust *t, X509 *x)
{
	uint32_t ku;

	if ((X509_get_extension_flags(x) & EXFLAG_INVALID) != 0)
		return terr(t, OTA_E_NOKEY, "the supplier certificate has invalid extensions");
	if ((X509_get_extension_flags(x) & EXFLAG_KUSAGE) == 0)
		return terr(t, OTA_E_POLICY, "the supplier certificate has no key usage extension; "
		    "it needs one that allows digitalSignature");
	ku = X509_get_key_usage(x);
	if ((ku & KU_DIGITAL_SIGNATURE) == 0)
		return terr(t, OTA_E_POLICY, "the supplier certificate's key usage (0x%04X:%s%s%s%s%s) "
		    "does not allow digitalSignature", (unsigned)ku,
		    (ku & KU_NON_REPUDIATION) ? " nonRepudiation" : "",
		    (ku & KU_KEY_AGREEMENT) ? " keyAgreement" : "",
		    (ku & KU_KEY_CERT_SIGN) ? " keyCertSign" : "",
		    (ku & KU_CRL_SIGN) ? " cRLSign" : "",
		    (ku & (KU_KEY_ENCIPHERMENT | KU_DATA_ENCIPHERMENT)) ? " encipherment" : "");
	return OTA_OK;
}

/* Does the data hold this text (a PEM boundary)? */
static int
is_pem(const uint8_t *data, size_t len, const char *what)
{
	size_t n = strlen(what), i;

	for (i = 0; i + n <= len; i++)
		if (memcmp(data + i, what, n) == 0)
			return 1;
	return 0;
}

/* A certificate, PEM from b or DER from *p, in the trust's library context. */
static X509 *
x509_read(const struct ota_trust *t, BIO *b, const unsigned char **p, long len)
{
	X509 *x = X509_new_ex(t->env.libctx, ota__propq(&t->env));

	if (x == NULL)
		return NULL;
	/* on a decoding error OpenSSL frees *x and sets it to NULL itself */
	if ((b != NULL ? PEM_read_bio_X509(b, &x, NULL, NULL) : d2i_X509(&x, p, len)) == NULL) {
		X509_free(x);
		return NULL;
	}
	return x;
}

static int
add_supplier(struct ota_trust *t, const uint8_t *data, size_t len, int named, int replace)
{
	const unsigned char *p = data;
	struct supplier sp;
	EVP_PKEY *pk = NULL;
	X509 *x = NULL;
	BIO *b;
	unsigned long pem_x = 0, pem_k = 0, der_k = 0;
	int r = OTA_OK;

	if (!t_ok(t) || data == NULL || len == 0 || len > INT32_MAX)
		return OTA_E_INVAL;
	if (t->nsup >= OTA_TRUST_MAX_ANCHORS && !replace)
		return terr(t, OTA_E_LIMIT, "more than %u supplier keys", OTA_TRUST_MAX_ANCHORS);
	if ((b = BIO_new_mem_buf(data, (int)len)) == NULL)
		return OTA_E_NOMEM;
	if ((x = x509_read(t, b, NULL, 0)) == NULL) {
		pem_x = ERR_peek_last_error();
		x = x509_read(t, NULL, &p, (long)len);
	}
	if (x == NULL) {
		(void)BIO_reset(b);
		p = data;
		if ((pk = PEM_read_bio_PUBKEY_ex(b, NULL, NULL, NULL, t->env.libctx,
		    ota__propq(&t->env))) == NULL) {
			pem_k = ERR_peek_last_error();
			if ((pk = d2i_PUBKEY_ex(NULL, &p, (long)len, t->env.libctx,
			    ota__propq(&t->env))) == NULL)
				der_k = ERR_peek_last_error();
		}
	}
	BIO_free(b);
	memset(&sp, 0, sizeof(sp));
	if (x != NULL) {
		BIO *m = BIO_new(BIO_s_mem());
		char *q;
		long n;

		pk = X509_get_pubkey(x);
		if (m != NULL && X509_NAME_print_ex(m, X509_get_subject_name(x), 0,
		    XN_FLAG_ONELINE & ~ASN1_STRFLGS_ESC_MSB) >= 0 && (n = BIO_get_mem_data(m, &q)) > 0)
			(void)snprintf(sp.subject, sizeof(sp.subject), "%.*s", (int)n, q);
		BIO_free(m);
		sp.not_before = asn1_time(X509_get0_notBefore(x));
		sp.not_after = asn1_time(X509_get0_notAfter(x));
		r = check_usage(t, x);
		X509_free(x);
	}
	if (r == OTA_OK && pk == NULL) /* the reason from the form the data has */
		r = terr(t, OTA_E_NOKEY, "neither an X.509 certificate nor a public key, PEM or DER "
		    "(OpenSSL: %s)", ssl_reason(is_pem(data, len, "-----BEGIN CERTIFICATE") ? pem_x :
		    is_pem(data, len, "-----BEGIN") ? pem_k : der_k));
	if (r == OTA_OK)
		r = check_p256(t, pk);
	if (r != OTA_OK) {
		EVP_PKEY_free(pk);
		return r;
	}
	sp.pk = pk;
	if (replace)
		clear_suppliers(t); /* only once the new key is accepted */
	t->sup[t->nsup++] = sp;
	if (named)
		t->named |= OTA__NAMED_GBCS;
	return OTA_OK;
}

/* How many PEM blocks the data holds (stops counting at 2). */
static int
pem_blocks(const uint8_t *data, size_t len)
{
	static const char begin[] = "-----BEGIN ";
	size_t i;
	int n = 0;

	for (i = 0; i + sizeof(begin) - 1 <= len && n < 2; i++)
		if (memcmp(data + i, begin, sizeof(begin) - 1) == 0)
			n++;
	return n;
}

/* A PEM bundle: every certificate and public key in it is an anchor; any
 * other block, or any anchor refused, refuses the whole bundle. */
static int
add_bundle(struct ota_trust *t, const uint8_t *data, size_t len, int named, int replace)
{
	struct trust_mark m;
	char *name = NULL, *hdr = NULL;
	unsigned char *der = NULL;
	long dlen;
	size_t i, nblocks = 0, keep;
	BIO *b;
	int r = OTA_OK;

	if (len > INT32_MAX)
		return OTA_E_INVAL;
	if ((b = BIO_new_mem_buf(data, (int)len)) == NULL)
		return OTA_E_NOMEM;
	trust_mark(t, &m);
	while (r == OTA_OK && PEM_read_bio(b, &name, &hdr, &der, &dlen) == 1) {
		nblocks++;
		if (strcmp(name, "CERTIFICATE") != 0 && strcmp(name, "PUBLIC KEY") != 0)
			r = terr(t, OTA_E_NOKEY, "PEM block %zu is \"%s\", not a CERTIFICATE or PUBLIC "
			    "KEY", nblocks, name);
		else if ((r = add_supplier(t, der, (size_t)dlen, named, 0)) != OTA_OK) {
			char why[OTA_MSG_LEN];

			memcpy(why, t->errmsg, sizeof(why));
			r = terr(t, r, "PEM block %zu: %s", nblocks, why);
		}
		OPENSSL_free(name);
		OPENSSL_free(hdr);
		OPENSSL_free(der);
		name = hdr = NULL;
		der = NULL;
	}
	BIO_free(b);
	if (r == OTA_OK && nblocks == 0)
		r = terr(t, OTA_E_NOKEY, "no PEM block could be read");
	if (r != OTA_OK) {
		trust_rollback(t, &m);
		return r;
	}
	if (replace) { /* the bundle's keys replace the ones held before */
		for (i = 0; i < m.nsup; i++)
			EVP_PKEY_free(t->sup[i].pk);
		keep = t->nsup - m.nsup;
		memmove(t->sup, t->sup + m.nsup, keep * sizeof(t->sup[0]));
		t->nsup = keep;
	}
	return OTA_OK;
}

static int
supplier(struct ota_trust *t, const uint8_t *data, size_t len, int named, int replace)
{
	struct ota_errq q;
	int r;

	if (!t_ok(t) || data == NULL || len == 0)
		return OTA_E_INVAL;
	ota__errq_save(&q); /* PEM-then-DER tries leave errors that are not the caller's */
	r = pem_blocks(data, len) > 1 ? add_bundle(t, data, len, named, replace) :
	    add_supplier(t, data, len, named, replace);
	ota__errq_restore(&q);
	return r;
}

int
ota_trust_add_supplier(struct ota_trust *t, const uint8_t *data, size_t len)
{
	return supplier(t, data, len, 1, 0);
}

int
ota_trust_set_supplier(struct ota_trust *t, const uint8_t *data, size_t len)
{
	return supplier(t, data, len, 1, 1);
}

int
ota_trust_supplier_subject(const struct ota_trust *t, char *buf, size_t len)
{
	if (!t_ok(t) || buf == NULL || len == 0)
		return OTA_E_INVAL;
	if (t->nsup == 0 || t->sup[t->nsup - 1].subject[0] == '\0')
		return OTA_E_NOT_FOUND;
	(void)snprintf(buf, len, "%s", t->sup[t->nsup - 1].subject);
	return OTA_OK;
}

int
ota_trust_supplier_validity(const struct ota_trust *t, int64_t *not_before, int64_t *not_after)
{
	const struct supplier *sp;

	if (!t_ok(t) || not_before == NULL || not_after == NULL)
		return OTA_E_INVAL;
	if (t->nsup == 0)
		return OTA_E_NOT_FOUND;
	sp = &t->sup[t->nsup - 1];
	if (sp->not_before == 0 && sp->not_after == 0)
		return OTA_E_NOT_FOUND;
	*not_before = sp->not_before;
	*not_after = sp->not_after;
	return OTA_OK;
}

size_t
ota__trust_supplier_count(const struct ota_trust *t)
{
	return t_ok(t) ? t->nsup : 0;
}

void *
ota__trust_supplier_at(const struct ota_trust *t, size_t i, int64_t *nb, int64_t *na,
    const char **subject)
{
	*nb = t->sup[i].not_before;
	*na = t->sup[i].not_after;
	*subject = t->sup[i].subject;
	return t->sup[i].pk;
}

/* ---- trust directory (otaimg(5), TRUST DIRECTORY) ---- */

static int
is_space(int c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* The next whitespace-separated token of a Smart Energy anchor file, with
 * '#' comments skipped: [*tok, *tok + *tlen), or *tlen 0 at the end. */
static void
next_token(const char *buf, size_t len, size_t *pos, size_t *tok, size_t *tlen)
{
	size_t i = *pos;

	for (;;) {
		while (i < len && is_space(buf[i]))
			i++;
		if (i < len && buf[i] == '#') {
			while (i < len && buf[i] != '\n')
				i++;
			continue;
		}
		break;
	}
	*tok = i;
	while (i < len && !is_space(buf[i]) && buf[i] != '#')
		i++;
	*tlen = i - *tok;
	*pos = i;
}

static int
hexdigit(int c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 :
	    c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* "suite 1|2 HEX": one Smart Energy CA key. */
static int
load_se_anchor(struct ota_trust *t, const char *name, const char *buf, size_t len)
{
	size_t pos = 0, tok[4], tl[4], i, n = 0;
	uint8_t pt[40];
	int k, hi, lo, suite, r;

	for (k = 0; k < 4; k++)
		next_token(buf, len, &pos, &tok[k], &tl[k]);
	if (tl[0] != 5 || memcmp(buf + tok[0], "suite", 5) != 0 || tl[1] != 1 ||
	    (buf[tok[1]] != '1' && buf[tok[1]] != '2') || tl[2] == 0 || tl[3] != 0)
		return terr(t, OTA_E_RANGE, "%s: not a trust anchor: a PEM certificate or public key, "
		    "or \"suite 1|2 HEX\" (one compressed CA point)", name);
	for (i = tok[2]; i < tok[2] + tl[2];) {
		if (buf[i] == ':') {
			i++;
			continue;
		}
		if (i + 1 >= tok[2] + tl[2] || (hi = hexdigit(buf[i])) < 0 ||
		    (lo = hexdigit(buf[i + 1])) < 0 || n >= sizeof(pt))
			return terr(t, OTA_E_RANGE, "%s: the CA key at byte %zu is not hex of 22 "
			    "(suite 1) or 37 (suite 2) bytes", name, i);
		pt[n++] = (uint8_t)(hi * 16 + lo);
		i += 2;
	}
	suite = buf[tok[1]] - '0';
	if (n != ota__suite(suite)->point_len)
		return terr(t, OTA_E_RANGE, "%s: %zu bytes is not a suite-%d CA key (%zu bytes)",
		    name, n, suite, ota__suite(suite)->point_len);
	if ((r = add_ca(t, pt, n, 0, 0)) != OTA_OK) {
		char why[OTA_MSG_LEN];

		memcpy(why, t->errmsg, sizeof(why));
		return terr(t, r, "%s: %s", name, why);
	}
	return OTA_OK;
}

static int
load_file(struct ota_trust *t, const char *path, const char *name, uint8_t *buf)
{
	struct stat st;
	ssize_t n;
	size_t got = 0;
	int fd, r;

	/* the type before opening: a FIFO would block, a device may act */
	if (stat(path, &st) != 0)
		return terr(t, OTA_E_IO, "%s: %s", path, strerror(errno));
	if (S_ISDIR(st.st_mode))
		return OTA_OK; /* subdirectories are not read */
	if (!S_ISREG(st.st_mode))
		return terr(t, OTA_E_IO, "%s: not a regular file (a FIFO, socket or device)", path);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY)) < 0)
		return terr(t, OTA_E_IO, "%s: %s", path, strerror(errno));
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) { /* replaced meanwhile */
		close(fd);
		return terr(t, OTA_E_IO, "%s: not a regular file", path);
	}
	while (got < MAX_ANCHOR_FILE && (n = read(fd, buf + got, MAX_ANCHOR_FILE - got)) > 0)
		got += (size_t)n;
	close(fd);
	if (got == MAX_ANCHOR_FILE || (size_t)st.st_size > got)
		return terr(t, OTA_E_LIMIT, "%s: larger than %u bytes", path, MAX_ANCHOR_FILE - 1);
	if (got == 0)
		return terr(t, OTA_E_RANGE, "%s: empty", path);
	buf[got] = '\0';
	if (strstr((const char *)buf, "-----BEGIN") != NULL) {
		r = supplier(t, buf, got, 0, 0); /* ambient: not named */
		if (r != OTA_OK) {
			char why[OTA_MSG_LEN];

			memcpy(why, t->errmsg, sizeof(why));
			return terr(t, r, "%s: %s", name, why);
		}
		return OTA_OK;
	}
	return load_se_anchor(t, name, (const char *)buf, got);
}

/* Names that are not read: hidden files, and the names editors, package
 * managers and people give a file they set aside. */
static int
set_aside(const char *name)
{
	static const char *const suffix[] = { "~", ".bak", ".old", ".orig", ".disabled",
		".dpkg-old", ".dpkg-new", ".dpkg-dist", ".dpkg-tmp", ".dpkg-bak", ".rpmnew",
		".rpmsave", ".swp", ".tmp" };
	size_t n = strlen(name), k, i;

	if (name[0] == '.')
		return 1;
	for (i = 0; i < sizeof(suffix) / sizeof(suffix[0]); i++) {
		k = strlen(suffix[i]);
		if (n > k && strcmp(name + n - k, suffix[i]) == 0)
			return 1;
	}
	return strstr(name, ".ucf-") != NULL;
}

int
ota_trust_load_dir(struct ota_trust *t, const char *dir)
{
	const char *d = dir != NULL ? dir : OTA_TRUST_DIR;
	struct trust_mark m;
	struct dirent *e;
	char *path;
	uint8_t *buf;
	DIR *dp;
	int r = OTA_OK;

	if (!t_ok(t))
		return OTA_E_INVAL;
	if ((dp = opendir(d)) == NULL) {
		if (dir == NULL && errno == ENOENT)
			return OTA_OK; /* no trust store installed: no anchors */
		return terr(t, OTA_E_IO, "trust directory %s: %s", d, strerror(errno));
	}
	if ((buf = malloc(MAX_ANCHOR_FILE + 1 + PATH_BUF)) == NULL) {
		closedir(dp);
		return OTA_E_NOMEM;
	}
	path = (char *)buf + MAX_ANCHOR_FILE + 1;
	trust_mark(t, &m);
	while (r == OTA_OK && (e = readdir(dp)) != NULL) {
		int n;

		if (set_aside(e->d_name))
			continue; /* ".", "..", hidden and set-aside files */
		n = snprintf(path, PATH_BUF, "%s/%s", d, e->d_name);
		if (n < 0 || (size_t)n >= PATH_BUF) {
			r = terr(t, OTA_E_LIMIT, "trust directory %s: a path is too long", d);
			break;
		}
		r = load_file(t, path, path, buf);
	}
	free(buf);
	closedir(dp);
	if (r != OTA_OK)
		trust_rollback(t, &m); /* all of the directory, or none of it */
	return r;
}

/* ---- certificates ---- */
int
ota_cert_parse(const uint8_t *cert, size_t len, int *suite, uint64_t *subject, uint64_t *issuer)
{
	const struct ota_suite_info *s = len == OTA_CERT_SUITE1_LEN ? ota__suite(1) :
	    len == OTA_CERT_SUITE2_LEN ? ota__suite(2) : NULL;

	if (cert == NULL)
		return OTA_E_INVAL;
	if (s == NULL)
		return OTA_E_RANGE;
	if (suite != NULL)
		*suite = s->suite;
	if (subject != NULL)
		*subject = ota__be64(cert + s->subj_off);
	if (issuer != NULL)
		*issuer = ota__be64(cert + s->iss_off);
	return OTA_OK;
}

static int
pair_matches(const struct ota_suite_info *s, const uint8_t *cert, const uint8_t *ca,
    size_t calen, const uint8_t *pub, size_t publen)
{
	uint8_t q[64];
	size_t ql = sizeof(q);
	int r;

	if ((r = ota__ecqv_reconstruct(NULL, s, cert, ca, calen, q, &ql)) != OTA_OK)
		return r;
	return ql == publen && memcmp(q, pub, ql) == 0 ? OTA_OK : OTA_E_KEY_MISMATCH;
}

int
ota_key_check_cert(const struct ota_key *key, const uint8_t *cert, size_t certlen,
    const struct ota_trust *t)
{
	const struct ota_suite_info *s;
	uint8_t pub[64];
	uint64_t issuer;
	size_t publen = sizeof(pub), i, tried = 0;
	int suite, r;

	if (key == NULL || key->magic != OTA_KEY_MAGIC || cert == NULL ||
	    (t != NULL && !t_ok(t)))
		return OTA_E_INVAL;
	if ((r = ota_cert_parse(cert, certlen, &suite, NULL, &issuer)) != OTA_OK)
		return r;
	s = ota__suite(suite);
	if (ota__key_suite(key) != suite || ota_key_public(key, pub, &publen) != OTA_OK)
		return OTA_E_NOKEY; /* a key on the certificate's curve */
	if (suite == 1 && issuer == TEST_CA_ISSUER) {
		tried++;
		if ((r = pair_matches(s, cert, certicom_test_ca, sizeof(certicom_test_ca), pub,
		    publen)) != OTA_E_KEY_MISMATCH)
			return r;
	}
	for (i = 0; i < ota__trust_ca_count(t, suite); i++) {
		tried++;
		if ((r = pair_matches(s, cert, t->ca[suite][i], t->ca_len[suite][i], pub, publen)) !=
		    OTA_E_KEY_MISMATCH)
			return r;
	}
	return tried > 0 ? OTA_E_KEY_MISMATCH : OTA_E_KEY_UNCHECKED;
}
