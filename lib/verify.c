/* verify.c - structure policy and the image integrity code, in one
 * streaming pass over the covered range with a fixed buffer. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>
#include <zlib.h>

#include "ota_private.h"

struct pass {
	struct ota_mmo std;   /* ZCL rule: [ota start, IIC element start) */
	struct ota_mmo vend;  /* NodOn variant: also the IIC's 6-byte header */
	uint64_t iic_off;     /* file offset of the IIC element, or 0 */
	int want_crc;
	uLong crc;
};

static void
hex16(char *out, const uint8_t *b)
{
	static const char hx[] = "0123456789ABCDEF";
	int i;

	for (i = 0; i < 16; i++) {
		out[2 * i] = hx[b[i] >> 4];
		out[2 * i + 1] = hx[b[i] & 15];
	}
	out[32] = '\0';
}

/* One pass over the image: the ZCL-rule hash takes [start, IIC element),
 * the CRC (when a 4-byte trailer may be one) takes everything; then the
 * vendor variant continues a copy of the ZCL state over the IIC's 6-byte
 * element header, so no byte is hashed twice. */
static int
run_pass(struct ota_image *img, struct pass *ps)
{
	uint64_t start = img->ota_off, end = img->ota_off + img->h.total_image_size;
	uint64_t stop = ps->want_crc ? end : ps->iic_off, pos = start;
	uint8_t *buf, eh[6];
	size_t want, got, a;
	int r = OTA_OK;

	if ((buf = malloc(OTA_IOBUF)) == NULL)
		return OTA_E_NOMEM;
	while (pos < stop) {
		want = stop - pos < OTA_IOBUF ? (size_t)(stop - pos) : OTA_IOBUF;
		if ((r = ota__rd_pread(&img->rd, pos, buf, want, &got)) != OTA_OK)
			break;
		if (got < want) {
			r = ota__image_seterr(img, OTA_E_TRUNCATED, pos + got,
			    "input ends at offset %llu while verifying", (unsigned long long)(pos + got));
			break;
		}
		if (ps->iic_off > pos) {
			a = ps->iic_off - pos < got ? (size_t)(ps->iic_off - pos) : got;
			if ((r = ota_mmo_update(&ps->std, buf, a)) != OTA_OK)
				break;
		}
		if (ps->want_crc)
			ps->crc = crc32(ps->crc, buf, (uInt)got);
		pos += got;
	}
	free(buf);
	if (r != OTA_OK || ps->iic_off == 0)
		return r;
	if ((r = ota__rd_pread(&img->rd, ps->iic_off, eh, sizeof(eh), &got)) != OTA_OK)
		return r;
	if (got != sizeof(eh))
		return ota__image_seterr(img, OTA_E_TRUNCATED, ps->iic_off + got,
		    "input ends at offset %llu while verifying", (unsigned long long)(ps->iic_off + got));
	if ((r = ota__mmo_copy(&ps->vend, &ps->std)) != OTA_OK)
		return r;
	return ota_mmo_update(&ps->vend, eh, sizeof(eh));
}

static int
check_iic(struct ota_image *img, struct pass *ps, size_t idx)
{
	uint8_t vend[16];
	char s[33], c[33], v[33];
	size_t got;
	int r;

	if ((r = ota__rd_pread(&img->rd, img->el[idx].off + 6, img->iic_stored, 16, &got)) != OTA_OK ||
	    got != 16)
		return ota__image_seterr(img, r != OTA_OK ? r : OTA_E_TRUNCATED, img->el[idx].off + 6,
		    "cannot read the integrity code");
	if ((r = ota_mmo_final(&ps->std, img->iic_computed)) != OTA_OK ||
	    (r = ota_mmo_final(&ps->vend, vend)) != OTA_OK)
		return ota__image_seterr(img, r, img->el[idx].off,
		    "cannot compute AES-MMO over [%llu, %llu): %s", (unsigned long long)img->ota_off,
		    (unsigned long long)img->el[idx].off, ota_strerror(r));
	hex16(s, img->iic_stored);
	hex16(c, img->iic_computed);
	hex16(v, vend);
	if (CRYPTO_memcmp(img->iic_stored, img->iic_computed, 16) == 0) {
		img->iic = OTA_IIC_MATCH;
		return OTA_OK;
	}
	if (CRYPTO_memcmp(img->iic_stored, vend, 16) == 0) {
		img->iic = OTA_IIC_MATCH_VENDOR;
		memcpy(img->iic_computed, vend, 16);
		return ota__diag_add(&img->diags, OTA_D_IIC_VENDOR_RULE, img->el[idx].off,
		    "integrity code at offset %llu matches the NodOn vendor rule (AES-MMO including "
		    "the code's own 6-byte element header), not the ZCL rule",
		    (unsigned long long)img->el[idx].off);
	}
	img->iic = OTA_IIC_MISMATCH;
	return ota__image_seterr(img, OTA_E_DIGEST, img->el[idx].off,
	    "integrity code at offset %llu does not match: stored %s, AES-MMO of [%llu, %llu) is "
	    "%s, NodOn variant %s; no known rule reproduces it",
	    (unsigned long long)img->el[idx].off, s, (unsigned long long)img->ota_off,
	    (unsigned long long)img->el[idx].off, c, v);
}

static int
check_crc(struct ota_image *img, struct pass *ps)
{
	uint8_t t[4];
	size_t got;
	uint64_t end = img->ota_off + img->h.total_image_size;
	uint32_t stored;
	int r;

	if ((r = ota__rd_pread(&img->rd, end, t, sizeof(t), &got)) != OTA_OK || got != 4)
		return ota__image_seterr(img, r != OTA_OK ? r : OTA_E_TRUNCATED, end,
		    "cannot read the trailer");
	stored = (uint32_t)t[0] | ((uint32_t)t[1] << 8) | ((uint32_t)t[2] << 16) |
	    ((uint32_t)t[3] << 24);
	if (stored != (uint32_t)ps->crc)
		return OTA_OK;
	img->trailer = OTA_TRAILER_CRC32;
	return ota__diag_add(&img->diags, OTA_D_TRAILER_CRC32, end,
	    "the 4 bytes at offset %llu are the CRC-32 (little-endian) of the image: 0x%08X",
	    (unsigned long long)end, stored);
}

/* The streaming part: integrity code and trailer CRC, done once. */
static int
hash_pass(struct ota_image *img)
{
	struct pass ps;
	size_t idx = 0;
	int have_iic, r;

	memset(&ps, 0, sizeof(ps));
	have_iic = ota_image_element_find(img, OTA_TAG_INTEGRITY_CODE, 0, &idx) == OTA_OK &&
	    img->el[idx].len == 16;
	ps.want_crc = img->trailer == OTA_TRAILER_CRC32_CANDIDATE;
	if (have_iic)
		ps.iic_off = img->el[idx].off;
	if (have_iic || ps.want_crc) {
		if ((r = ota__mmo_setup(&ps.std)) != OTA_OK)
			return r;
		if ((r = ota__mmo_setup(&ps.vend)) != OTA_OK) {
			ota__mmo_teardown(&ps.std);
			return r;
		}
		ps.crc = crc32(0L, Z_NULL, 0);
		if ((r = ota_mmo_init(&ps.std)) == OTA_OK && (r = ota_mmo_init(&ps.vend)) == OTA_OK &&
		    (r = run_pass(img, &ps)) == OTA_OK) {
			if (ps.want_crc)
				r = check_crc(img, &ps);
			if (r == OTA_OK && have_iic)
				r = check_iic(img, &ps, idx);
		}
		ota__mmo_teardown(&ps.std);
		ota__mmo_teardown(&ps.vend);
		if (r != OTA_OK)
			return r;
	}
	return OTA_OK;
}

/* The first diagnostic at or above min severity fails verification. */
static int
first_diag(struct ota_image *img, enum ota_severity min)
{
	size_t i;

	for (i = 0; i < img->diags.n; i++) {
		const struct ota_diagrec *d = &img->diags.v[i];

		char at[32];

		if (ota_diag_severity(d->code) < min)
			continue;
		/* the message names the offset; say it where the text does not */
		(void)snprintf(at, sizeof(at), "%llu", (unsigned long long)d->offset);
		if (strstr(d->msg, at) != NULL)
			return ota__image_seterr(img, ota__diag_err(d->code), d->offset, "%s", d->msg);
		return ota__image_seterr(img, ota__diag_err(d->code), d->offset, "at offset %s: %s",
		    at, d->msg);
	}
	return OTA_OK;
}

int
ota_image_verify(struct ota_image *img, unsigned flags)
{
	int r;

	if (img == NULL || img->magic != OTA_IMAGE_MAGIC || (flags & ~OTA_VERIFY_STRICT) != 0)
		return OTA_E_INVAL;
	if (img->state != 1)
		return OTA_E_STATE;
	/* Structure first: a digest means nothing over a broken layout. */
	if ((r = first_diag(img, OTA_SEV_ERROR)) != OTA_OK)
		return r;
	if (!img->verified) {
		img->verify_result = hash_pass(img);
		img->verified = 1;
	}
	if (img->verify_result != OTA_OK)
		return img->verify_result;
	return (flags & OTA_VERIFY_STRICT) ? first_diag(img, OTA_SEV_WARNING) : OTA_OK;
}

int
ota_image_iic_stored(const struct ota_image *img, uint8_t out[16])
{
	if (img == NULL || out == NULL || img->state != 1)
		return OTA_E_INVAL;
	if (img->iic == OTA_IIC_ABSENT || img->iic == OTA_IIC_NOT_CHECKED)
		return OTA_E_NOT_FOUND;
	memcpy(out, img->iic_stored, 16);
	return OTA_OK;
}

int
ota_image_iic_computed(const struct ota_image *img, uint8_t out[16])
{
	if (img == NULL || out == NULL || img->state != 1)
		return OTA_E_INVAL;
	if (img->iic == OTA_IIC_ABSENT || img->iic == OTA_IIC_NOT_CHECKED)
		return OTA_E_NOT_FOUND;
	memcpy(out, img->iic_computed, 16);
	return OTA_OK;
}
