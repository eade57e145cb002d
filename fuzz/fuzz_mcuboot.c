/* fuzz_mcuboot.c - libFuzzer harness for the MCUboot image parser and
 * verify: the same bytes opened from memory and forward only (short reads)
 * must agree, and every getter stays inside what was read.  fuzz/build.sh
 * builds it with clang (sh fuzz/build.sh 60 mcuboot); replay.c runs it over
 * fuzz/corpus-mcuboot and the vectors under make check. */
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

	if (k > 1 + f->pos % 4099) /* short reads of varying size */
		k = 1 + f->pos % 4099;
	memcpy(buf, f->p + f->pos, k);
	f->pos += k;
	*got = k;
	return 0;
}

/* One key of each kind that verify takes (made once: tools may keep state,
 * the library keeps none). */
static struct ota_key *
key_of(int i)
{
	static struct ota_key *k[2];
	static const enum ota_key_type t[2] = { OTA_KEY_ED25519, OTA_KEY_P256 };

	if (k[i] == NULL)
		(void)ota_key_generate(&k[i], t[i]);
	return k[i];
}

static void
check_open(struct ota_mcuboot *m)
{
	uint8_t d[OTA_MCUBOOT_DIGEST_MAX];
	size_t i, n, dl = sizeof(d);
	const uint8_t *v;
	uint64_t off, len;
	uint16_t type, tl;
	int prot, bm, c;

	assert(ota_mcuboot_header_size(m) >= OTA_MCUBOOT_HEADER_LEN);
	assert(ota_mcuboot_signed_size(m) <= ota_mcuboot_file_size(m));
	assert(ota_mcuboot_signed_size(m) >= (uint64_t)ota_mcuboot_header_size(m) +
	    ota_mcuboot_image_size(m) + ota_mcuboot_protect_tlv_size(m) + 4);
	n = ota_mcuboot_tlv_count(m);
	for (i = 0; i < n; i++) {
		assert(ota_mcuboot_tlv_get(m, i, &type, &prot, &off, &tl) == OTA_OK);
		assert(ota_mcuboot_tlv_value(m, i, &v, &tl) == OTA_OK);
		assert(off + 4 + tl <= ota_mcuboot_signed_size(m));
		if (tl > 0)
			assert(v[0] == v[0] && v[tl - 1] == v[tl - 1]); /* readable (ASan) */
		assert(ota_mcuboot_tlv_name(type) != NULL);
	}
	assert(ota_mcuboot_tlv_get(m, n, NULL, NULL, NULL, NULL) == OTA_E_RANGE);
	if (ota_mcuboot_digest(m, d, &dl) == OTA_OK)
		assert(dl * 8 == ota_mcuboot_hash_bits(m));
	if (ota_mcuboot_trailer(m, &off, &len, &bm) == OTA_OK)
		assert(off == ota_mcuboot_signed_size(m) && off + len == ota_mcuboot_file_size(m));
	for (i = 0; i < ota_mcuboot_diag_count(m); i++)
		assert(ota_mcuboot_diag_get(m, i, &c, &off, NULL) == OTA_OK);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ota_mcuboot *a = ota_mcuboot_new(), *b = ota_mcuboot_new();
	struct fwd f = { data, size, 0 };
	uint8_t da[OTA_MCUBOOT_DIGEST_MAX], db[OTA_MCUBOOT_DIGEST_MAX];
	size_t la = sizeof(da), lb = sizeof(db);
	int ra, rb, va, vb;

	assert(a != NULL && b != NULL);
	(void)ota_mcuboot_sniff(data, size);
	ra = ota_mcuboot_open_memory(a, data, size);
	rb = ota_mcuboot_open_cb(b, fwd_read, &f);
	/* both readers see the same image, or both refuse it */
	assert((ra == OTA_OK) == (rb == OTA_OK));
	assert(ota_mcuboot_errmsg(a) != NULL && ota_mcuboot_errmsg(b) != NULL);
	if (ra == OTA_OK) {
		check_open(a);
		check_open(b);
		assert(ota_mcuboot_signed_size(a) == ota_mcuboot_signed_size(b));
		assert(ota_mcuboot_file_size(a) == size && ota_mcuboot_file_size(b) == size);
		assert(ota_mcuboot_tlv_count(a) == ota_mcuboot_tlv_count(b));
		assert(ota_mcuboot_hash_ok(a) == ota_mcuboot_hash_ok(b));
		va = ota_mcuboot_digest(a, da, &la);
		vb = ota_mcuboot_digest(b, db, &lb);
		assert(va == vb);
		if (va == OTA_OK)
			assert(la == lb && memcmp(da, db, la) == 0);
		va = ota_mcuboot_verify(a, NULL, OTA_VERIFY_ALLOW_UNCHECKED);
		vb = ota_mcuboot_verify(b, NULL, OTA_VERIFY_ALLOW_UNCHECKED);
		assert(va == vb);
		/* an image whose hash does not match never verifies */
		if (!ota_mcuboot_hash_ok(a))
			assert(va != OTA_OK);
		(void)ota_mcuboot_verify(a, key_of(0), 0);
		(void)ota_mcuboot_verify(b, key_of(1), 0);
		assert(ota_mcuboot_sig_result(a) != OTA_SIG_VALID); /* a key made here */
	}
	ota_mcuboot_free(&a);
	ota_mcuboot_free(&b);
	assert(a == NULL && b == NULL);
	return 0;
}
