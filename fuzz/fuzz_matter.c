/* fuzz_matter.c - libFuzzer harness for the Matter OTA TLV header parser and
 * image reader: the bytes decoded as a TLV header must re-encode to a header
 * that decodes to the same fields; the bytes opened from memory and forward
 * only (short reads) must agree.  fuzz/build.sh builds it with clang
 * (sh fuzz/build.sh 60 matter); replay.c runs it over fuzz/corpus-matter
 * under make check. */
#include <assert.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "otaimg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct fwd {
	const uint8_t *p;
	size_t n, pos;
};

static int
fwd_read(void *ctx, void *buf, size_t len, size_t *got)
{
	struct fwd *f = ctx;
	size_t k = f->n - f->pos < len ? f->n - f->pos : len;

	if (k > 1 + f->pos % 61) /* short reads of varying size */
		k = 1 + f->pos % 61;
	memcpy(buf, f->p + f->pos, k);
	f->pos += k;
	*got = k;
	return 0;
}

static int
same(const struct ota_matter_header *a, const struct ota_matter_header *b)
{
	return a->vendor_id == b->vendor_id && a->product_id == b->product_id &&
	    a->version == b->version && strcmp(a->version_string, b->version_string) == 0 &&
	    a->payload_size == b->payload_size && a->has_min_version == b->has_min_version &&
	    (!a->has_min_version || a->min_version == b->min_version) &&
	    a->has_max_version == b->has_max_version &&
	    (!a->has_max_version || a->max_version == b->max_version) &&
	    a->has_url == b->has_url && strcmp(a->release_notes_url, b->release_notes_url) == 0 &&
	    a->digest_type == b->digest_type && a->digest_len == b->digest_len &&
	    memcmp(a->digest, b->digest, a->digest_len) == 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ota_matter_header h, h2, h3;
	struct ota_matter *m, *f;
	struct fwd fw = { data, size, 0 };
	uint8_t enc[OTA_MATTER_HEADER_MAX + 512], d[OTA_MATTER_DIGEST_MAX];
	size_t elen, dl;
	uint64_t off;
	char msg[256];
	int r, r2;

	/* the TLV parser alone, with a re-encode round trip */
	r = ota_matter_header_decode(data, size, &h, &off, msg, sizeof(msg));
	assert(r == OTA_OK || (off <= size && msg[0] != '\0'));
	if (r == OTA_OK) {
		assert(ota_matter_header_encode(&h, enc, sizeof(enc), &elen) == OTA_OK);
		assert(elen <= size); /* the smallest widths are never longer */
		assert(ota_matter_header_decode(enc, elen, &h2, NULL, NULL, 0) == OTA_OK);
		assert(same(&h, &h2));
		(void)ota_matter_header_check(&h, msg, sizeof(msg));
	}
	/* the image reader, from memory and forward only */
	m = ota_matter_new();
	f = ota_matter_new();
	assert(m != NULL && f != NULL);
	(void)ota_matter_set_file_digest(m, 0);
	r = ota_matter_open_memory(m, data, size);
	r2 = ota_matter_open_cb(f, fwd_read, &fw);
	/* memory knows the size first (TotalSize that is not the size stops it
	 * there, forward reading goes on to what else is wrong, and never
	 * passes); otherwise both agree */
	assert(r == r2 || (r == OTA_E_TOTAL_SIZE && r2 != OTA_OK));
	if (r == OTA_OK) {
		assert(r2 == OTA_OK);
		assert(ota_matter_get_header(m, &h) == OTA_OK);
		assert(ota_matter_get_header(f, &h3) == OTA_OK);
		assert(same(&h, &h3));
		assert(ota_matter_total_size(m) == size);
		assert(ota_matter_payload_offset(m) + h.payload_size == size);
		assert(ota_matter_verify(m) == ota_matter_verify(f));
		dl = sizeof(d);
		(void)ota_matter_digest(m, d, &dl);
		dl = sizeof(d);
		(void)ota_matter_file_digest(m, NULL, d, &dl);
		assert(ota_matter_diag_count(m) == ota_matter_diag_count(f));
	}
	ota_matter_free(&m);
	ota_matter_free(&f);
	return 0;
}
