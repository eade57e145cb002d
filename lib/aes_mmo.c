/* aes_mmo.c - the Matyas-Meyer-Oseas hash over AES-128 (Zigbee spec B.6),
 * incremental.  AES itself comes from OpenSSL's EVP interface. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>

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

int
ota__mmo_setup(struct ota_mmo *m)
{
	memset(m, 0, sizeof(*m));
	if ((m->cipher = EVP_CIPHER_fetch(NULL, "AES-128-ECB", NULL)) == NULL)
		return OTA_E_CRYPTO;
	if ((m->evp = EVP_CIPHER_CTX_new()) == NULL) {
		EVP_CIPHER_free(m->cipher);
		m->cipher = NULL;
		return OTA_E_NOMEM;
	}
	return OTA_OK;
}

void
ota__mmo_teardown(struct ota_mmo *m)
{
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
	if (EVP_EncryptInit_ex2(m->evp, m->cipher, m->h, NULL, NULL) != 1 ||
	    EVP_CIPHER_CTX_set_padding(m->evp, 0) != 1)
		return OTA_E_CRYPTO;
	return OTA_OK;
}

/* Hash n whole blocks: H = E_H(M) xor M for each. */
static int
mmo_blocks(struct ota_mmo *m, const uint8_t *p, size_t nblocks)
{
	uint8_t e[16];
	int outl, i;

	while (nblocks-- > 0) {
		if (EVP_EncryptInit_ex2(m->evp, NULL, m->h, NULL, NULL) != 1 ||
		    EVP_EncryptUpdate(m->evp, e, &outl, p, 16) != 1 || outl != 16)
			return OTA_E_CRYPTO;
		for (i = 0; i < 16; i++)
			m->h[i] = (uint8_t)(e[i] ^ p[i]);
		p += 16;
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
	struct ota_mmo m;
	int r;

	if ((r = ota__mmo_setup(&m)) != OTA_OK)
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
