/* fuzz_parse.c - libFuzzer harness for the Zigbee OTA parser, verify and
 * extraction, with semantic oracles.  fuzz/build.sh builds it with clang;
 * replay.c runs it over the vector files under make check. */
#include <assert.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "otaimg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct counter {
	uint64_t n;
};

static int
count(void *ctx, const void *buf, size_t len)
{
	(void)buf;
	((struct counter *)ctx)->n += len;
	return 0;
}

/* forward-only reader over memory */
struct fwd {
	const uint8_t *p;
	size_t n, pos;
};

static int
fwd_read(void *ctx, void *buf, size_t len, size_t *got)
{
	struct fwd *f = ctx;
	size_t k = f->n - f->pos < len ? f->n - f->pos : len;

	if (k > 1 + f->pos % 13) /* short reads of varying size */
		k = 1 + f->pos % 13;

	memcpy(buf, f->p + f->pos, k);
	f->pos += k;
	*got = k;
	return 0;
}

static struct ota_trust *fuzz_trust(void);

/* Partial opens: a truncated input opens with what it holds and never
 * verifies; a header-only open reads no element and answers the ZCL
 * question without crashing; a whole input opens as without the flag. */
static void
fuzz_partial(const uint8_t *data, size_t size, int whole)
{
	static const struct ota_io fwd_io = { fwd_read, NULL, NULL, NULL };
	struct ota_image *img;
	struct fwd f = { data, size, 0 };
	enum ota_applies why;
	uint64_t at, end;
	size_t i;
	int k, r;

	for (k = 0; k < 3; k++) {
		if ((img = ota_image_new()) == NULL)
			return;
		f.pos = 0;
		(void)ota_image_set_open_flags(img, k == 2 ? OTA_OPEN_HEADER_ONLY : OTA_OPEN_PARTIAL);
		r = k == 1 ? ota_image_open_io(img, &fwd_io, &f) : ota_image_open_memory(img, data, size);
		if (r == OTA_OK && ota_image_truncation(img, &at, &end) == OTA_OK) {
			assert(!whole && at == size && (end == 0 || end > at));
			for (i = 0; i < ota_image_element_count(img); i++)
				assert(ota_image_element_offset(img, i) + 6 <= size);
			assert(ota_image_verify(img, 0) == OTA_E_TRUNCATED);
		} else if (r == OTA_OK && k == 2) {
			assert(ota_image_element_count(img) == 0);
			assert(ota_image_verify(img, 0) == OTA_E_PARTIAL);
			r = ota_image_applies(img, ota_image_manufacturer_code(img),
			    ota_image_image_type(img), 0, 0x0100, &why);
			assert(r == OTA_OK || r == OTA_E_NOT_APPLICABLE || r == OTA_E_TRUNCATED);
		} else if (r == OTA_OK) {
			assert(whole); /* a whole image: as the plain open */
		} else {
			assert(r < 0 && ota_image_errmsg(img)[0] != '\0');
		}
		ota_image_free(&img);
	}
}

/* The forward-only handle b holds what the seekable a holds, and verifies
 * the same (the hashes fed while reading equal those of a verify pass). */
static void
same_parse(struct ota_image *a, struct ota_image *b, const uint8_t *data, size_t size)
{
	static const struct ota_io fwd_io = { fwd_read, NULL, NULL, NULL };
	uint8_t h1[32], h2[32];
	struct ota_image *c;
	struct counter n1, n2;
	struct fwd f = { data, size, 0 };
	size_t i;
	int r1, r2;

	assert(ota_image_element_count(b) == ota_image_element_count(a));
	assert(ota_image_walk(b) == ota_image_walk(a));
	assert(ota_image_file_size(b) == ota_image_file_size(a));
	assert(ota_image_trailer_length(b) == ota_image_trailer_length(a));
	assert(ota_image_trailer_kind(b) == ota_image_trailer_kind(a));
	for (i = 0; i < ota_image_element_count(a); i++)
		assert(ota_image_element_offset(b, i) == ota_image_element_offset(a, i) &&
		    ota_image_element_length(b, i) == ota_image_element_length(a, i) &&
		    ota_image_element_kind(b, i) == ota_image_element_kind(a, i));
	assert(ota_image_diag_count(b) == ota_image_diag_count(a));
	for (i = 0; i < ota_image_diag_count(a); i++)
		assert(ota_image_diag_code(b, i) == ota_image_diag_code(a, i) &&
		    strcmp(ota_image_diag_message(b, i), ota_image_diag_message(a, i)) == 0);
	r1 = ota_image_verify_trust(a, fuzz_trust(), OTA_VERIFY_ALLOW_UNCHECKED);
	r2 = ota_image_verify_trust(b, fuzz_trust(), OTA_VERIFY_ALLOW_UNCHECKED);
	assert(r1 == r2 && strcmp(ota_image_errmsg(a), ota_image_errmsg(b)) == 0);
	assert(ota_image_iic_result(a) == ota_image_iic_result(b));
	assert(ota_image_sig_result(a) == ota_image_sig_result(b));
	if (ota_image_signature_digest(a, h1) == OTA_OK)
		assert(ota_image_signature_digest(b, h2) == OTA_OK && memcmp(h1, h2, 16) == 0);
	for (i = 0; i < 2; i++) {
		unsigned fl = i ? OTA_GBCS_COVER_IMAGE : 0;

		r1 = ota_image_manufacturer_hash(a, fl, h1);
		r2 = ota_image_manufacturer_hash(b, fl, h2);
		assert(r1 == r2 && (r1 != OTA_OK || memcmp(h1, h2, 32) == 0));
	}
	/* the first element (or the raw payload) extracted while reading */
	if ((c = ota_image_new()) == NULL)
		return;
	n1.n = n2.n = 0;
	if (ota_image_element_count(a) > 0) {
		r1 = ota_image_extract(a, 0, count, &n1);
		(void)ota_image_stream_extract(c, ota_image_element_tag(a, 0), 0, count, &n2);
	} else {
		r1 = ota_image_extract_raw(a, count, &n1);
		(void)ota_image_stream_extract_raw(c, count, &n2);
	}
	r2 = ota_image_open_io(c, &fwd_io, &f);
	assert(r2 == OTA_OK || (r2 == OTA_E_UNSUPPORTED &&
	    strstr(ota_image_errmsg(c), "extract it from a seekable input") != NULL));
	if (r2 == OTA_OK && r1 == OTA_OK)
		assert(n1.n == n2.n);
	ota_image_free(&c);
}

/* A trust with the Certicom test CA (suite 1) and a fixed suite-2 CA, made
 * once: the signature path runs on every input that reaches it. */
static struct ota_trust *
fuzz_trust(void)
{
	static struct ota_trust *t;
	struct ota_key *k = NULL;
	uint8_t pub[64];
	size_t n = sizeof(pub);

	if (t == NULL && (t = ota_trust_new()) != NULL) {
		(void)ota_trust_set_test_ca(t);
		if (ota_key_generate(&k, OTA_KEY_SECT283K1) == OTA_OK) {
			if (ota_key_public(k, pub, &n) == OTA_OK)
				(void)ota_trust_set_ca(t, pub, n);
			ota_key_free(&k);
		}
	}
	return t;
}

/* Small inputs are also CPL strings: the certificate firmware text, and
 * five fields split at '|'.  Oracles: no crash, a NUL-terminated
 * explanation, a valid row renders back to the same strings. */
static void
fuzz_cpl(const uint8_t *data, size_t size)
{
	char text[256], explain[512], *f[5], *p, out[16];
	struct ota_cpl *c;
	int k = 0, cod;

	if (size >= sizeof(text))
		return;
	memcpy(text, data, size);
	text[size] = '\0';
	cod = ota_cpl_firmware_mapping(text, size >= 4 ? (uint32_t)data[0] << 24 | (uint32_t)data[1] << 16 |
	    (uint32_t)data[2] << 8 | data[3] : 0, explain, sizeof(explain));
	assert(cod >= 0 && cod <= 3 && strlen(explain) < sizeof(explain));
	for (p = text, f[k++] = p; *p != '\0' && k < 5; p++)
		if (*p == '|') {
			*p = '\0';
			f[k++] = p + 1;
		}
	if (k != 5 || (c = ota_cpl_new()) == NULL)
		return;
	if (ota_cpl_parse(c, f[0], f[1], f[2], f[3], f[4]) == OTA_OK) {
		assert(ota_cpl_render(c, OTA_CPL_MANUFACTURER, out, sizeof(out)) == OTA_OK &&
		    strcmp(out, f[0]) == 0);
		assert(ota_cpl_render(c, OTA_CPL_FIRMWARE, out, sizeof(out)) == OTA_OK &&
		    strcmp(out, f[4]) == 0);
	} else {
		assert(ota_cpl_message_count(c) > 0);
	}
	ota_cpl_free(&c);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct ota_io fwd_io = { fwd_read, NULL, NULL, NULL };
	struct ota_image *img, *img2;
	struct fwd f = { data, size, 0 };
	struct counter c;
	char text[160];
	uint64_t off, len, end;
	uint16_t lo, hi;
	uint8_t code[16], code2[32];
	size_t i, n;
	int r, r2;

	fuzz_cpl(data, size);
	/* the same checks on a fresh pair of handles (verify changes them) */
	img = ota_image_new();
	img2 = ota_image_new();
	if (img == NULL || img2 == NULL || ota_image_open_memory(img, data, size) != OTA_OK) {
		ota_image_free(&img);
		ota_image_free(&img2);
	} else {
		r2 = ota_image_open_io(img2, &fwd_io, &f);
		/* the one exception: an NGIS offset past the first 4 KiB is read
		 * first, and the image found elsewhere has passed by then */
		assert(r2 == OTA_OK || (r2 == OTA_E_UNSUPPORTED && size >= 4 &&
		    memcmp(data, "NGIS", 4) == 0));
		if (r2 == OTA_OK)
			same_parse(img, img2, data, size);
		ota_image_free(&img);
		ota_image_free(&img2);
	}
	f.pos = 0;
	img = ota_image_new();
	img2 = ota_image_new();
	if (img == NULL || img2 == NULL)
		return 0;
	r = ota_image_open_memory(img, data, size);
	fuzz_partial(data, size, r == OTA_OK);
	r2 = ota_image_open_io(img2, &fwd_io, &f);
	if (r != OTA_OK) {
		/* a forward-only input fails the same way, with a message */
		assert((r2 == r || (r2 == OTA_E_UNSUPPORTED && size >= 4 && memcmp(data, "NGIS", 4) == 0)) &&
		    ota_image_errmsg(img2)[0] != '\0');
		assert(r < 0 && ota_strerror(r) != NULL && ota_image_errmsg(img)[0] != '\0');
		assert(ota_image_erroffset(img) <= size);
		goto out;
	}
	/* a forward-only input parses the same (same_parse above) */
	assert(r2 == OTA_OK || (r2 == OTA_E_UNSUPPORTED && size >= 4 && memcmp(data, "NGIS", 4) == 0));
	end = ota_image_ota_offset(img) + ota_image_total_image_size(img);
	assert(end <= size && ota_image_file_size(img) == size);
	assert(ota_image_trailer_length(img) == size - end);
	(void)ota_image_header_string_text(img, text, sizeof(text));
	assert(strlen(text) < sizeof(text));
	(void)ota_image_hw_versions(img, &lo, &hi);
	n = ota_image_element_count(img);
	off = ota_image_ota_offset(img) + ota_image_header_length(img);
	for (i = 0; i < n; i++) {
		/* elements are contiguous, inside the image, in order */
		assert(ota_image_element_offset(img, i) == off);
		len = ota_image_element_length(img, i);
		off = ota_image_element_data_offset(img, i) + len;
		assert(off <= end);
		c.n = 0;
		assert(ota_image_extract(img, i, count, &c) == OTA_OK);
		assert(c.n == len);
	}
	if (ota_image_raw_payload(img, &off, &len, NULL) == OTA_OK) {
		assert(off + len == end);
		assert(ota_image_walk(img) == OTA_WALK_FAILED);
		c.n = 0;
		assert(ota_image_extract_raw(img, count, &c) == OTA_OK && c.n == len);
	} else if (ota_image_gbcs(img, &off, &len, &c.n) == OTA_OK) {
		/* GBCS: the Manufacturer Image and its optional trailer fill the image */
		assert(ota_image_walk(img) == OTA_WALK_GBCS && n == 0);
		assert(off + len + (c.n != 0 ? 66 : 0) == end && (c.n == 0 || c.n == off + len));
		assert(ota_image_manufacturer_hash(img, 0, code2) == OTA_OK);
	} else {
		assert(off == end); /* the walk ended exactly at the total size */
	}
	for (i = 0; i < ota_image_diag_count(img); i++)
		assert(ota_image_diag_offset(img, i) <= size &&
		    strcmp(ota_diag_name(ota_image_diag_code(img, i)), "unknown") != 0);
	r = ota_image_verify_trust(img, fuzz_trust(), 0);
	assert(r == OTA_OK || (r < 0 && ota_image_errmsg(img)[0] != '\0'));
	/* a valid signature is only ever reported with its digest */
	if (ota_image_sig_result(img) == OTA_SIG_VALID)
		assert(r == OTA_OK && ota_image_signature_digest(img, code) == OTA_OK);
	r2 = ota_image_verify(img, OTA_VERIFY_STRICT);
	assert(r != OTA_OK || r2 == OTA_OK || r2 < 0);
	if (ota_image_iic_result(img) == OTA_IIC_MATCH) {
		uint8_t stored[16];

		assert(ota_image_iic_stored(img, stored) == OTA_OK);
		assert(ota_image_iic_computed(img, code) == OTA_OK);
		assert(memcmp(stored, code, 16) == 0);
	}
out:
	ota_image_free(&img);
	ota_image_free(&img2);
	return 0;
}
