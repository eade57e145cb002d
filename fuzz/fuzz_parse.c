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

	memcpy(buf, f->p + f->pos, k);
	f->pos += k;
	*got = k;
	return 0;
}

/* A trust with the Certicom test CA (suite 1) and a fixed suite-2 CA, made
 * once: the signature path runs on every input that reaches it. */
static struct ota_trust *
fuzz_trust(void)
{
	static struct ota_trust *t;
	struct ota_key *k;
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
	struct ota_image *img = ota_image_new(), *img2 = ota_image_new();
	struct fwd f = { data, size, 0 };
	struct counter c;
	char text[160];
	uint64_t off, len, end;
	uint16_t lo, hi;
	uint8_t code[16], code2[32];
	size_t i, n;
	int r, r2;

	if (img == NULL || img2 == NULL)
		return 0;
	fuzz_cpl(data, size);
	r = ota_image_open_memory(img, data, size);
	r2 = ota_image_open_io(img2, &fwd_io, &f);
	if (r != OTA_OK) {
		assert(r < 0 && ota_strerror(r) != NULL && ota_image_errmsg(img)[0] != '\0');
		assert(ota_image_erroffset(img) <= size);
		goto out;
	}
	/* a forward-only input parses the same, or says it cannot */
	assert(r2 == OTA_OK || r2 == OTA_E_UNSUPPORTED);
	if (r2 == OTA_OK) {
		assert(ota_image_element_count(img2) == ota_image_element_count(img));
		assert(ota_image_walk(img2) == ota_image_walk(img));
		assert(ota_image_trailer_length(img2) == ota_image_trailer_length(img));
	}
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
