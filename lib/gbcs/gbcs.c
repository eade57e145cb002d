/*
 * gbcs.c - GB smart metering upgrade images: a Zigbee OTA header, then the
 * Manufacturer Image with no sub-element header, then optionally a 2-byte
 * big-endian signature length (64) and the supplier's ECDSA P-256 r||s over
 * SHA-256 of the Manufacturer Image (the DUIS SR 11.1 sample's layout).
 * total_image_size counts the trailer.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/bn.h>
#include <openssl/crypto.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/obj_mac.h>

#include "ota_private.h"

/* Do the last OTA_GBCS_TRAILER bytes before end look like a GBCS supplier
 * signature trailer: the length 64 (00 40); with rs, also an r and s that
 * a P-256 signature can have. */
int
ota__gbcs_trailer_like(struct ota_image *img, int rs, int *yes)
{
	uint64_t start = img->ota_off + img->h.header_length;
	uint64_t end = img->ota_off + img->h.total_image_size;
	uint8_t t[OTA_GBCS_TRAILER];
	size_t got, want = rs ? sizeof(t) : 2;
	int r;

	*yes = 0;
	if (end - start < OTA_GBCS_TRAILER)
		return OTA_OK;
	if ((r = ota__rd_pread(&img->rd, end - OTA_GBCS_TRAILER, t, want, &got)) != OTA_OK)
		return ota__image_seterr(img, r, end - OTA_GBCS_TRAILER,
		    "cannot read at offset %llu: %s", (unsigned long long)(end - OTA_GBCS_TRAILER),
		    ota_strerror(r));
	*yes = got == want && t[0] == 0x00 && t[1] == 0x40 &&
	    (!rs || ota__rs_check(NID_X9_62_prime256v1, t + 2, t + 34, 32) == OTA_OK);
	return OTA_OK;
}

int
ota__gbcs_detect(struct ota_image *img)
{
	uint64_t start = img->ota_off + img->h.header_length;
	uint64_t end = img->ota_off + img->h.total_image_size;
	int r, trailer = 0;

	if ((r = ota__gbcs_trailer_like(img, 0, &trailer)) != OTA_OK)
		return r;
	if (!trailer && img->format != OTA_FORMAT_GBCS)
		return OTA_OK; /* a raw payload, not recognisably GBCS */
	img->walk = OTA_WALK_GBCS;
	img->raw = 0;
	img->nel = 0;
	img->mi_off = start;
	img->mi_len = end - start - (trailer ? OTA_GBCS_TRAILER : 0);
	img->gbcs_trailer = trailer ? end - OTA_GBCS_TRAILER : 0;
	if (trailer)
		return ota__diag_add(&img->diags, OTA_D_GBCS_LAYOUT, start,
		    "GBCS upgrade image: Manufacturer Image [%llu, %llu), supplier signature trailer "
		    "at %llu (length 64, P-256 r||s)", (unsigned long long)start,
		    (unsigned long long)(start + img->mi_len), (unsigned long long)(end - OTA_GBCS_TRAILER));
	return ota__diag_add(&img->diags, OTA_D_GBCS_LAYOUT, start,
	    "GBCS upgrade image without a trailer: Manufacturer Image [%llu, %llu)",
	    (unsigned long long)start, (unsigned long long)end);
}

int
ota_image_gbcs(const struct ota_image *img, uint64_t *mi_offset, uint64_t *mi_length,
    uint64_t *trailer_offset)
{
	if (img == NULL || img->magic != OTA_IMAGE_MAGIC || img->state != 1)
		return OTA_E_INVAL;
	if (img->walk != OTA_WALK_GBCS)
		return OTA_E_NOT_FOUND;
	if (mi_offset != NULL)
		*mi_offset = img->mi_off;
	if (mi_length != NULL)
		*mi_length = img->mi_len;
	if (trailer_offset != NULL)
		*trailer_offset = img->gbcs_trailer;
	return OTA_OK;
}

/* The range the hash and signature cover. */
static void
coverage(const struct ota_image *img, unsigned flags, uint64_t *off, uint64_t *len)
{
	if (flags & OTA_GBCS_COVER_IMAGE) {
		*off = img->ota_off;
		*len = img->mi_off + img->mi_len - img->ota_off;
	} else {
		*off = img->mi_off;
		*len = img->mi_len;
	}
}

int
ota_image_manufacturer_hash(struct ota_image *img, unsigned flags, uint8_t out[32])
{
	struct ota_hashes local;
	const uint8_t *d;
	uint64_t off, len, fail;
	int r;

	if ((r = ota__image_check(img, 1, OTA_E_INVAL, out != NULL &&
	    (flags & ~OTA_GBCS_COVER_IMAGE) == 0, __func__, "NULL output, or unknown flags")) != OTA_OK ||
	    (r = ota__image_whole(img, __func__)) != OTA_OK)
		return r;
	if ((r = ota_image_gbcs(img, NULL, NULL, NULL)) != OTA_OK)
		return ota__image_seterr(img, r, img->ota_off, "%s: the image at offset %llu is not a "
		    "GBCS upgrade image: it has no Manufacturer Image to hash", __func__,
		    (unsigned long long)img->ota_off);
	if (img->have_mi_hash && img->mi_hash_flags == flags) {
		memcpy(out, img->mi_hash, 32);
		return OTA_OK;
	}
	coverage(img, flags, &off, &len);
	if (img->hs != NULL) {
		/* forward-only: open hashed both covers as the bytes passed */
		if ((d = ota__hs_sha_at(img->hs, off, off + len)) == NULL)
			return ota__image_seterr(img, OTA_E_UNSUPPORTED, off, "SHA-256 of [%llu, %llu) "
			    "was not computed while reading this forward-only input",
			    (unsigned long long)off, (unsigned long long)(off + len));
		memcpy(img->mi_hash, d, 32);
	} else {
		/* the same hashing code, over a pass now */
		if ((r = ota__hs_init_env(&local, off, &img->env)) != OTA_OK)
			return r;
		ota__prog_start(&img->prog, len);
		if ((r = ota__hs_sha(&local, off, UINT64_MAX, off + len)) == OTA_OK &&
		    (r = ota__hs_run(&local, &img->rd, off + len, &fail)) == OTA_OK &&
		    (r = ota__prog_end(&img->prog)) == OTA_OK &&
		    (d = ota__hs_sha_at(&local, off, off + len)) != NULL)
			memcpy(img->mi_hash, d, 32);
		else if (r == OTA_OK)
			r = OTA_E_CRYPTO;
		ota__hs_free(&local);
		if (r != OTA_OK)
			return ota__image_seterr(img, r, off, "hashing [%llu, %llu): %s",
			    (unsigned long long)off, (unsigned long long)(off + len), ota_strerror(r));
	}
	img->have_mi_hash = 1;
	img->mi_hash_flags = flags;
	memcpy(out, img->mi_hash, 32);
	return OTA_OK;
}

/* The supplier signature: P-256 ECDSA over SHA-256 of the covered range,
 * under any of the trust's supplier keys. */
int
ota__gbcs_verify_sig(struct ota_image *img, const struct ota_trust *trust, unsigned flags)
{
	EVP_PKEY *pk;
	const char *subject;
	uint8_t t[64], h[32];
	int64_t nb, na, now;
	size_t got, i, n;
	int r;

	if (img->gbcs_trailer == 0) {
		img->sig = OTA_SIG_ABSENT;
		return OTA_OK;
	}
	img->sig = OTA_SIG_NOT_CHECKED;
	if ((r = ota__rd_pread(&img->rd, img->gbcs_trailer + 2, t, sizeof(t), &got)) != OTA_OK ||
	    got != sizeof(t))
		return ota__image_seterr(img, r != OTA_OK ? r : OTA_E_TRUNCATED, img->gbcs_trailer + 2,
		    "cannot read the signature (r||s at offset %llu)",
		    (unsigned long long)(img->gbcs_trailer + 2));
	if ((r = ota__rs_check(NID_X9_62_prime256v1, t, t + 32, 32)) != OTA_OK) {
		img->sig = r == OTA_E_BAD_SIGNATURE ? OTA_SIG_INVALID : img->sig;
		return ota__image_seterr(img, r, img->gbcs_trailer + 2,
		    "the supplier signature (r||s at offset %llu) is impossible: r or s is zero or "
		    "not below the P-256 order", (unsigned long long)(img->gbcs_trailer + 2));
	}
	if ((n = ota__trust_supplier_count(trust)) == 0) {
		if (ota__trust_required(trust) || !(flags & OTA_VERIFY_ALLOW_UNCHECKED))
			return ota__image_seterr(img, OTA_E_SIG_UNCHECKED, img->gbcs_trailer,
			    "the supplier signature at offset %llu was not checked: no trusted "
			    "supplier certificate or key (it needs the signing supplier's P-256 key)",
			    (unsigned long long)img->gbcs_trailer);
		return OTA_OK;
	}
	if ((r = ota_image_manufacturer_hash(img, flags & OTA_GBCS_COVER_IMAGE, h)) != OTA_OK)
		return r;
	for (i = 0; i < n; i++) {
		pk = ota__trust_supplier_at(trust, i, &nb, &na, &subject);
		r = ota__ecdsa_verify_pkey(&img->env, pk, "SHA256", h, sizeof(h), t, t + 32, 32);
		if (r == OTA_E_BAD_SIGNATURE)
			continue;
		if (r != OTA_OK)
			return ota__image_seterr(img, r, img->gbcs_trailer, "ECDSA verification failed");
		now = (int64_t)time(NULL);
		if ((flags & OTA_VERIFY_CHECK_TIME) && ((nb != 0 && now < nb) || (na != 0 && now > na)))
			return ota__image_seterr(img, OTA_E_EXPIRED, img->gbcs_trailer,
			    "the supplier certificate %s is not valid now (valid %lld to %lld; "
			    "signature at offset %llu)", subject[0] != '\0' ? subject : "(key)",
			    (long long)nb, (long long)na, (unsigned long long)img->gbcs_trailer);
		img->sig = OTA_SIG_VALID;
		return OTA_OK;
	}
	img->sig = OTA_SIG_INVALID;
	return ota__image_seterr(img, OTA_E_BAD_SIGNATURE, img->gbcs_trailer + 2,
	    "the supplier signature (r||s at offset %llu) does not verify over SHA-256 of %s under "
	    "any of the %zu trusted supplier key%s", (unsigned long long)(img->gbcs_trailer + 2),
	    (flags & OTA_GBCS_COVER_IMAGE) ? "the upgrade image" : "the Manufacturer Image", n,
	    n == 1 ? "" : "s");
}

/* Writes through AES-free hashing: SHA-256 over [cover_off, cover_end). */
struct gout {
	ota_write_fn fn;
	void *ctx;
	EVP_MD_CTX *md;
	uint64_t pos, cover_off, cover_end;
	int err;
};

static int
gout_write(void *ctx, const void *buf, size_t len)
{
	struct gout *g = ctx;
	const uint8_t *p = buf;
	uint64_t a = g->pos, b = g->pos + len;
	uint64_t s = a > g->cover_off ? a : g->cover_off, e = b < g->cover_end ? b : g->cover_end;

	if (g->fn(g->ctx, buf, len) != 0) {
		g->err = OTA_E_IO;
		return -1;
	}
	if (s < e && EVP_DigestUpdate(g->md, p + (s - a), (size_t)(e - s)) != 1) {
		g->err = OTA_E_CRYPTO;
		return -1;
	}
	g->pos = b;
	return 0;
}

int
ota_image_sign_gbcs(struct ota_image *img, const struct ota_key *key, unsigned flags,
    ota_write_fn fn, void *ctx)
{
	struct gout g = { fn, ctx, NULL, 0, 0, 0, OTA_OK };
	EVP_PKEY_CTX *pc = NULL;
	uint8_t h[56], der[80], tr[OTA_GBCS_TRAILER];
	const unsigned char *q;
	ECDSA_SIG *sig = NULL;
	const BIGNUM *br, *bs;
	uint64_t total;
	size_t derlen = sizeof(der);
	unsigned hl = 32;
	int r;

	if ((r = ota__image_check(img, 1, OTA_E_INVAL, fn != NULL &&
	    (flags & ~OTA_GBCS_COVER_IMAGE) == 0, __func__, "NULL write function, or unknown flags")) !=
	    OTA_OK || (r = ota__image_whole(img, __func__)) != OTA_OK)
		return r;
	if ((r = ota_image_gbcs(img, NULL, NULL, NULL)) != OTA_OK)
		return ota__image_seterr(img, r, 0, "not a GBCS upgrade image (open it with the GBCS "
		    "format)");
	if (key == NULL || !ota_key_is_private(key) || ota_key_type(key) != OTA_KEY_P256)
		return ota__image_seterr(img, OTA_E_NOKEY, 0, "a GBCS supplier signature needs a "
		    "P-256 private key");
	total = img->h.header_length + img->mi_len + OTA_GBCS_TRAILER;
	if (total > UINT32_MAX)
		return ota__image_seterr(img, OTA_E_RANGE, 0, "the signed image would be too large");
	if ((g.md = EVP_MD_CTX_new()) == NULL)
		return OTA_E_NOMEM;
	r = OTA_E_CRYPTO;
	if (EVP_DigestInit_ex(g.md, EVP_sha256(), NULL) != 1)
		goto out;
	g.cover_off = (flags & OTA_GBCS_COVER_IMAGE) ? 0 : img->h.header_length;
	g.cover_end = img->h.header_length + img->mi_len;
	/* header with the final total size, then the Manufacturer Image */
	if ((r = ota__rd_pread(&img->rd, img->ota_off, h, OTA_HEADER_MIN, &derlen)) != OTA_OK ||
	    derlen != OTA_HEADER_MIN) {
		r = ota__image_seterr(img, r != OTA_OK ? r : OTA_E_TRUNCATED, img->ota_off,
		    "cannot read the header");
		goto out;
	}
	ota__put_u32le(h + 52, (uint32_t)total);
	ota__prog_start(&img->prog, img->h.header_length + img->mi_len);
	r = OTA_OK;
	if (gout_write(&g, h, OTA_HEADER_MIN) != 0 ||
	    (r = ota__prog_add(&img->prog, OTA_HEADER_MIN)) != OTA_OK ||
	    (r = ota__copy_range(&img->rd, img->ota_off + OTA_HEADER_MIN,
	    img->h.header_length - OTA_HEADER_MIN + img->mi_len, gout_write, &g)) != OTA_OK ||
	    (r = ota__prog_end(&img->prog)) != OTA_OK) {
		r = ota__image_seterr(img, g.err != OTA_OK ? g.err : r != OTA_OK ? r : OTA_E_IO, 0,
		    "writing failed");
		goto out;
	}
	r = OTA_E_CRYPTO;
	derlen = sizeof(der);
	if (EVP_DigestFinal_ex(g.md, h, &hl) != 1 || (pc = EVP_PKEY_CTX_new(key->pkey, NULL)) == NULL ||
	    EVP_PKEY_sign_init(pc) != 1 || EVP_PKEY_CTX_set_signature_md(pc, EVP_sha256()) != 1 ||
	    EVP_PKEY_sign(pc, der, &derlen, h, 32) != 1)
		goto out;
	q = der;
	if ((sig = d2i_ECDSA_SIG(NULL, &q, (long)derlen)) == NULL)
		goto out;
	ECDSA_SIG_get0(sig, &br, &bs);
	tr[0] = 0x00;
	tr[1] = 0x40;
	if (BN_bn2binpad(br, tr + 2, 32) < 0 || BN_bn2binpad(bs, tr + 34, 32) < 0)
		goto out;
	r = fn(ctx, tr, sizeof(tr)) == 0 ? OTA_OK : OTA_E_IO;
out:
	ECDSA_SIG_free(sig);
	EVP_PKEY_CTX_free(pc);
	EVP_MD_CTX_free(g.md);
	return r;
}

int
ota_image_sign_gbcs_path(struct ota_image *img, const struct ota_key *key, unsigned flags,
    const char *path)
{
	struct ota_atomic a;
	int r;

	if ((r = ota__image_check(img, 1, OTA_E_INVAL, path != NULL, __func__, "NULL path")) != OTA_OK)
		return r;
	if ((r = ota__atomic_open(&a, path)) != OTA_OK)
		return ota__image_seterr(img, r, 0, "cannot create a file beside %s", path);
	if ((r = ota_image_sign_gbcs(img, key, flags, ota__atomic_write, &a)) != OTA_OK) {
		ota__atomic_abort(&a);
		return r;
	}
	return ota__atomic_commit(&a);
}
