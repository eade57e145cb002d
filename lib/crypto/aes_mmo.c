/* aes_mmo.c - the Matyas-Meyer-Oseas hash over AES-128 (Zigbee spec B.6),
 * incremental.
 *
 * MMO re-keys AES on every 16-byte block.  Through EVP, OpenSSL 3 looks up
 * parameters on each re-key, which costs far more than the AES itself, so
 * each context calls the AES-128-ECB implementation of the provider that
 * EVP_CIPHER_fetch chose directly, through its dispatch table
 * (OSSL_PROVIDER_query_operation, public API): encrypt_init with the new
 * key, then cipher (or update), per block; all state lives in the context.
 * When the provider offers no such table, or its answer to a known block
 * differs from EVP's, the context uses EVP. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <openssl/core_dispatch.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/provider.h>

#include "ota_private.h"

/* B.6 defines padding for messages shorter than 2^32 bits (512 MiB).  The
 * vendor stacks that check images on devices (Silicon Labs aes-mmo.c, NXP
 * SecLib AES_MMO_HashFinish) count bytes in 32 bits and put (8 * bytes)
 * mod 2^32 in the long-form length field; we do the same up to the largest
 * OTA image, 2^32 - 1 bytes, and the image layer reports it
 * (OTA_D_MMO_LENGTH_WRAP). */
#define MMO_MAX_BYTES ((uint64_t)UINT32_MAX)
/* From 2^16 bits (8192 bytes) on, the long padding form applies. */
#define MMO_LONG_FROM 8192u

struct ota_mmo_direct {
	const OSSL_PROVIDER *prov;  /* the fetched cipher's provider (it holds it) */
	const OSSL_ALGORITHM *algs; /* from OSSL_PROVIDER_query_operation */
	void *ctx;                  /* the provider's cipher context */
	OSSL_FUNC_cipher_freectx_fn *freectx;
	OSSL_FUNC_cipher_encrypt_init_fn *einit;
	/* cipher (one-shot, no buffering), else update: the same signature */
	OSSL_FUNC_cipher_cipher_fn *cipher;
};

/* One block under key k through EVP (the context has the cipher set). */
static int
evp_block(EVP_CIPHER_CTX *c, const uint8_t k[16], const uint8_t in[16], uint8_t out[16])
{
	int outl;

	return EVP_EncryptInit_ex2(c, NULL, k, NULL, NULL) == 1 &&
	    EVP_EncryptUpdate(c, out, &outl, in, 16) == 1 && outl == 16;
}

static int
direct_block(struct ota_mmo_direct *d, const uint8_t k[16], const uint8_t in[16], uint8_t out[16])
{
	size_t outl;

	return d->einit(d->ctx, k, 16, NULL, 0, NULL) == 1 &&
	    d->cipher(d->ctx, out, &outl, 16, in, 16) == 1 && outl == 16;
}

/* Does the colon-separated name list hold name? */
static int
has_name(const char *list, const char *name)
{
	size_t n = strlen(name);

	while (list != NULL && *list != '\0') {
		const char *c = strchr(list, ':');
		size_t len = c != NULL ? (size_t)(c - list) : strlen(list);

		if (len == n && strncasecmp(list, name, n) == 0)
			return 1;
		list = c != NULL ? c + 1 : NULL;
	}
	return 0;
}

static void
direct_free(struct ota_mmo_direct *d, const struct ota_env *env)
{
	if (d == NULL)
		return;
	if (d->ctx != NULL && d->freectx != NULL)
		d->freectx(d->ctx);
	if (d->algs != NULL)
		OSSL_PROVIDER_unquery_operation(d->prov, OSSL_OP_CIPHER, d->algs);
	ota__free(env, d);
}

/* The provider's own AES-128-ECB functions, or NULL (*nomem set when
 * memory ran out: that is an error, not a reason to fall back). */
static struct ota_mmo_direct *
direct_new(const EVP_CIPHER *cipher, EVP_CIPHER_CTX *evp, int *nomem, const struct ota_env *env)
{
	static const uint8_t k[16] = { 0x2b, 0x7e, 0x15, 0x16, 0x28, 0xae, 0xd2, 0xa6,
		0xab, 0xf7, 0x15, 0x88, 0x09, 0xcf, 0x4f, 0x3c };
	static const uint8_t pt[16] = { 0x6b, 0xc1, 0xbe, 0xe2, 0x2e, 0x40, 0x9f, 0x96,
		0xe9, 0x3d, 0x7e, 0x11, 0x73, 0x93, 0x17, 0x2a };
	struct ota_mmo_direct *d;
	OSSL_FUNC_cipher_newctx_fn *newctx = NULL;
	const OSSL_ALGORITHM *a;
	const OSSL_DISPATCH *f = NULL;
	uint8_t x[16], y[16];
	int nocache = 0;

	if ((d = ota__zalloc(env, sizeof(*d))) == NULL) {
		*nomem = 1;
		return NULL;
	}
	if ((d->prov = EVP_CIPHER_get0_provider(cipher)) == NULL ||
	    (d->algs = OSSL_PROVIDER_query_operation(d->prov, OSSL_OP_CIPHER, &nocache)) == NULL)
		goto fail;
	for (a = d->algs; a->algorithm_names != NULL && f == NULL; a++)
		if (has_name(a->algorithm_names, "AES-128-ECB"))
			f = a->implementation;
	for (; f != NULL && f->function_id != 0; f++) {
		switch (f->function_id) {
		case OSSL_FUNC_CIPHER_NEWCTX:
			newctx = OSSL_FUNC_cipher_newctx(f);
			break;
		case OSSL_FUNC_CIPHER_FREECTX:
			d->freectx = OSSL_FUNC_cipher_freectx(f);
			break;
		case OSSL_FUNC_CIPHER_ENCRYPT_INIT:
			d->einit = OSSL_FUNC_cipher_encrypt_init(f);
			break;
		case OSSL_FUNC_CIPHER_UPDATE:
			if (d->cipher == NULL)
				d->cipher = OSSL_FUNC_cipher_update(f);
			break;
		case OSSL_FUNC_CIPHER_CIPHER:
			d->cipher = OSSL_FUNC_cipher_cipher(f);
			break;
		default:
			break;
		}
	}
	if (newctx == NULL || d->freectx == NULL || d->einit == NULL || d->cipher == NULL ||
	    (d->ctx = newctx(OSSL_PROVIDER_get0_provider_ctx(d->prov))) == NULL)
		goto fail;
	/* the same answer as EVP on a known block (FIPS-197 C.1 key), or EVP */
	if (!direct_block(d, k, pt, x) || !evp_block(evp, k, pt, y) || memcmp(x, y, 16) != 0)
		goto fail;
	return d;
fail:
	direct_free(d, env);
	return NULL;
}

int
ota__mmo_setup(struct ota_mmo *m)
{
	return ota__mmo_setup_env(m, NULL);
}

/* With the handle's OpenSSL library context and property query. */
int
ota__mmo_setup_env(struct ota_mmo *m, const struct ota_env *env)
{
	static const uint8_t zero[16];
	struct ota_errq q;
	int nomem = 0;

	memset(m, 0, sizeof(*m));
	m->env = env;
	if ((m->cipher = EVP_CIPHER_fetch(env != NULL ? env->libctx : NULL, "AES-128-ECB",
	    ota__propq(env))) == NULL)
		return OTA_E_CRYPTO;
	if ((m->evp = EVP_CIPHER_CTX_new()) == NULL) {
		EVP_CIPHER_free(m->cipher);
		m->cipher = NULL;
		return OTA_E_NOMEM;
	}
	if (EVP_EncryptInit_ex2(m->evp, m->cipher, zero, NULL, NULL) != 1 ||
	    EVP_CIPHER_CTX_set_padding(m->evp, 0) != 1) {
		ota__mmo_teardown(m);
		return OTA_E_CRYPTO;
	}
	/* a provider without the direct path is no error: it leaves nothing
	 * on the caller's OpenSSL error queue */
	ota__errq_save(&q);
	m->direct = direct_new(m->cipher, m->evp, &nomem, env);
	ota__errq_restore(&q);
	if (nomem) {
		ota__mmo_teardown(m);
		return OTA_E_NOMEM;
	}
	return OTA_OK;
}

void
ota__mmo_teardown(struct ota_mmo *m)
{
	direct_free(m->direct, m->env);
	EVP_CIPHER_CTX_free(m->evp);
	EVP_CIPHER_free(m->cipher);
	OPENSSL_cleanse(m, sizeof(*m));
}

struct ota_mmo *
ota_mmo_new(void)
{
	struct ota_mmo *m = calloc(1, sizeof(*m));

	if (m == NULL)
		return NULL;
	if (ota__mmo_setup(m) != OTA_OK || ota_mmo_init(m) != OTA_OK) {
		ota__mmo_teardown(m);
		free(m);
		return NULL;
	}
	return m;
}

void
ota_mmo_free(struct ota_mmo **mp)
{
	if (mp == NULL || *mp == NULL)
		return;
	ota__mmo_teardown(*mp);
	free(*mp);
	*mp = NULL;
}

int
ota_mmo_init(struct ota_mmo *m)
{
	if (m == NULL || m->evp == NULL)
		return OTA_E_INVAL;
	memset(m->h, 0, sizeof(m->h));
	memset(m->buf, 0, sizeof(m->buf));
	m->nbuf = 0;
	m->total = 0;
	m->state = 1;
	return OTA_OK;
}

/* h = E_h(M) xor M, written as a byte loop that compilers turn into one
 * 16-byte xor: the next block's key is loaded from h as one 16-byte value,
 * which a store of two halves would delay. */
static void
chain(uint8_t h[16], const uint8_t e[16], const uint8_t *p)
{
	uint8_t x[16];
	int i;

	for (i = 0; i < 16; i++)
		x[i] = (uint8_t)(e[i] ^ p[i]);
	memcpy(h, x, 16);
}

/* Hash n whole blocks: H = E_H(M) xor M for each.  The direct path keys
 * the provider's context with H, then lets it write E_H(M) over H. */
static int
mmo_blocks(struct ota_mmo *m, const uint8_t *p, size_t nblocks)
{
	struct ota_mmo_direct *d = m->evp_only ? NULL : m->direct;
	uint8_t e[16];

	if (d != NULL) {
		OSSL_FUNC_cipher_encrypt_init_fn *einit = d->einit;
		OSSL_FUNC_cipher_cipher_fn *cipher = d->cipher;
		void *ctx = d->ctx;
		size_t outl;

		for (; nblocks > 0; nblocks--, p += 16) {
			if (einit(ctx, m->h, 16, NULL, 0, NULL) != 1 ||
			    cipher(ctx, m->h, &outl, 16, p, 16) != 1 || outl != 16)
				return OTA_E_CRYPTO;
			chain(m->h, m->h, p);
		}
		return OTA_OK;
	}
	for (; nblocks > 0; nblocks--, p += 16) {
		if (!evp_block(m->evp, m->h, p, e))
			return OTA_E_CRYPTO;
		chain(m->h, e, p);
	}
	return OTA_OK;
}

int
ota_mmo_update(struct ota_mmo *m, const void *buf, size_t len)
{
	const uint8_t *p = buf;
	size_t take, nb;
	int r;

	if (m == NULL || m->state != 1 || (buf == NULL && len > 0))
		return m != NULL && m->state != 1 ? OTA_E_STATE : OTA_E_INVAL;
	if (len > MMO_MAX_BYTES - m->total)
		return OTA_E_RANGE;
	if (len == 0)
		return OTA_OK;
	m->total += len;
	if (m->nbuf > 0) {
		take = 16 - m->nbuf;
		if (take > len)
			take = len;
		memcpy(m->buf + m->nbuf, p, take);
		m->nbuf += take;
		p += take;
		len -= take;
		if (m->nbuf < 16)
			return OTA_OK;
		if ((r = mmo_blocks(m, m->buf, 1)) != OTA_OK)
			return r;
		m->nbuf = 0;
	}
	nb = len / 16;
	if (nb > 0 && (r = mmo_blocks(m, p, nb)) != OTA_OK)
		return r;
	p += nb * 16;
	len -= nb * 16;
	if (len > 0)
		memcpy(m->buf, p, len);
	m->nbuf = len;
	return OTA_OK;
}

int
ota_mmo_final(struct ota_mmo *m, uint8_t out[16])
{
	uint8_t pad[32];
	uint64_t bits;
	size_t n, lenfield;
	int r;

	if (m == NULL || out == NULL)
		return OTA_E_INVAL;
	if (m->state != 1)
		return OTA_E_STATE;
	bits = (m->total * 8) & UINT32_MAX;
	memset(pad, 0, sizeof(pad));
	memcpy(pad, m->buf, m->nbuf);
	pad[m->nbuf] = 0x80;
	if (m->total < MMO_LONG_FROM) {
		/* short form: 16-bit big-endian bit length in the last 2 bytes */
		lenfield = 2;
		n = (m->nbuf + 1 + lenfield <= 16) ? 16 : 32;
		pad[n - 2] = (uint8_t)(bits >> 8);
		pad[n - 1] = (uint8_t)bits;
	} else {
		/* long form: 32-bit big-endian bit length, then 2 zero bytes */
		lenfield = 6;
		n = (m->nbuf + 1 + lenfield <= 16) ? 16 : 32;
		pad[n - 6] = (uint8_t)(bits >> 24);
		pad[n - 5] = (uint8_t)(bits >> 16);
		pad[n - 4] = (uint8_t)(bits >> 8);
		pad[n - 3] = (uint8_t)bits;
	}
	r = mmo_blocks(m, pad, n / 16);
	OPENSSL_cleanse(pad, sizeof(pad));
	if (r != OTA_OK)
		return r;
	memcpy(out, m->h, 16);
	m->state = 2;
	return OTA_OK;
}

/* An integrity code or signature digest over 512 MiB or more: B.6 has no
 * padding for it; we hashed as the device stacks do (aes_mmo.c).  off is
 * where the reader should look: total_image_size. */
int
ota__mmo_wrap_diag(struct ota_diaglist *l, uint64_t covered, uint64_t off)
{
	if (covered < OTA_MMO_SPEC_LIMIT)
		return OTA_OK;
	return ota__diag_add(l, OTA_D_MMO_LENGTH_WRAP, off,
	    "AES-MMO over %llu bytes, 2^32 bits or more: B.6 has no padding for it; the length "
	    "field holds the bits mod 2^32 (0x%08llX) as Silicon Labs and NXP stacks do; a strict "
	    "B.6 device rejects it",
	    (unsigned long long)covered, (unsigned long long)((covered * 8) & UINT32_MAX));
}

int
ota__mmo_copy(struct ota_mmo *dst, const struct ota_mmo *src)
{
	if (dst->evp == NULL || src->state != 1)
		return OTA_E_STATE;
	memcpy(dst->h, src->h, sizeof(dst->h));
	memcpy(dst->buf, src->buf, sizeof(dst->buf));
	dst->nbuf = src->nbuf;
	dst->total = src->total;
	dst->state = 1;
	return OTA_OK;
}

int
ota_mmo_digest(const void *buf, size_t len, uint8_t out[16])
{
	return ota__mmo_digest_env(NULL, buf, len, out);
}

int
ota__mmo_digest_env(const struct ota_env *env, const void *buf, size_t len, uint8_t out[16])
{
	struct ota_mmo m;
	int r;

	if ((r = ota__mmo_setup_env(&m, env)) != OTA_OK)
		return r;
	if ((r = ota_mmo_init(&m)) == OTA_OK && (r = ota_mmo_update(&m, buf, len)) == OTA_OK)
		r = ota_mmo_final(&m, out);
	ota__mmo_teardown(&m);
	return r;
}

/* A writer that also feeds AES-MMO (an ota_write_fn; ctx: struct ota_hashout). */
int
ota__hashout(void *ctx, const void *buf, size_t len)
{
	struct ota_hashout *o = ctx;
	int r;

	if (o->fn(o->ctx, buf, len) != 0) {
		o->err = OTA_E_IO;
		return -1;
	}
	if (o->mmo != NULL && (r = ota_mmo_update(o->mmo, buf, len)) != OTA_OK) {
		o->err = r;
		return -1;
	}
	return 0;
}
