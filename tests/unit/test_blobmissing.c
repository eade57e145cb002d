/* test_blobmissing.c - the missing-chunk formats of Block Status and
 * Partial Block Report (ota_blob_missing_encode / _decode,
 * libotaimg-mesh-blob(3)): known answers, round trips, every truncation. */
#include <string.h>

#include "testutil.h"

/* Chunk numbers in the variable-length code: one octet up to 0x7F, two
 * (110xxxxx 10xxxxxx) up to 0x7FF, three (1110xxxx 10xxxxxx 10xxxxxx) up to
 * 0xFFFF, the ranges Zephyr subsys/bluetooth/mesh/blob_cli.c
 * chunk_idx_decode reads ("0x80 - 0x7ff", "0x800 - 0xffff"); the octets are
 * those of UTF-8 (RFC 3629 section 3) for the same numbers. */
static const struct {
	uint16_t idx;
	const char *hex;
} enc_kat[] = {
	{ 0x0000, "00" }, { 0x0005, "05" }, { 0x007F, "7F" }, { 0x0080, "C280" },
	{ 0x00FF, "C3BF" }, { 0x07FF, "DFBF" }, { 0x0800, "E0A080" }, { 0x1234, "E188B4" },
	{ 0xFFFE, "EFBFBE" },
};

START_TEST(missing_encoded_kat)
{
	uint8_t bits[8192], want[4], buf[8], back[8192];
	size_t i, len, wl;
	unsigned fmt;

	for (i = 0; i < sizeof(enc_kat) / sizeof(enc_kat[0]); i++) {
		memset(bits, 0, sizeof(bits));
		bits[enc_kat[i].idx / 8] = (uint8_t)(1u << (enc_kat[i].idx % 8));
		wl = unhex(enc_kat[i].hex, want, sizeof(want));
		fmt = OTA_BLOB_MISSING_ENCODED;
		len = sizeof(buf);
		ck_assert_int_eq(ota_blob_missing_encode(bits, 0xFFFF, 0, &fmt, buf, &len), OTA_OK);
		ck_assert_uint_eq(fmt, OTA_BLOB_MISSING_ENCODED);
		ck_assert_uint_eq(len, wl);
		ck_assert_mem_eq(buf, want, wl);
		ck_assert_int_eq(ota_blob_missing_decode(OTA_BLOB_MISSING_ENCODED, want, wl, 0xFFFF,
		    back, NULL), OTA_OK);
		ck_assert_mem_eq(back, bits, 8192);
	}
}
END_TEST

/* A Block Status of Zephyr's server (blob_srv.c block_status_rsp): status 0
 * and format "some missing" (2 << 6 = 0x80), block 5, chunk size 65, then
 * its missing bitmap as stored, bit i%8 of octet i/8 (blob_chunk_missing_get):
 * 10 chunks, 0, 3 and 9 missing -> 09 02. */
START_TEST(missing_bitmap_kat)
{
	static const uint8_t msg[] = { 0x67, 0x80, 0x05, 0x00, 0x41, 0x00, 0x09, 0x02 };
	uint8_t bits[2] = { 0, 0 }, buf[4];
	size_t len = sizeof(buf);
	unsigned fmt = OTA_BLOB_MISSING_AUTO;

	ck_assert_int_eq(ota_blob_missing_decode(msg[1] >> 6, msg + 6, 2, 10, bits, NULL), OTA_OK);
	ck_assert_uint_eq(bits[0], 0x09);
	ck_assert_uint_eq(bits[1], 0x02);
	/* AUTO: three numbers (3 octets) are longer than the 2-octet bitmap */
	ck_assert_int_eq(ota_blob_missing_encode(bits, 10, 0, &fmt, buf, &len), OTA_OK);
	ck_assert_uint_eq(fmt, OTA_BLOB_MISSING_SOME);
	ck_assert_uint_eq(len, 2);
	ck_assert_mem_eq(buf, msg + 6, 2);
	/* one missing of 100: the list (1 octet) beats the bitmap (13) */
	{
		uint8_t b[13] = { 0 };

		b[12] = 0x08; /* chunk 99 */
		fmt = OTA_BLOB_MISSING_AUTO;
		len = sizeof(buf);
		ck_assert_int_eq(ota_blob_missing_encode(b, 100, 0, &fmt, buf, &len), OTA_OK);
		ck_assert_uint_eq(fmt, OTA_BLOB_MISSING_ENCODED);
		ck_assert_uint_eq(len, 1);
		ck_assert_uint_eq(buf[0], 99);
		/* all and none */
		memset(b, 0xFF, sizeof(b));
		b[12] = 0x0F;
		fmt = OTA_BLOB_MISSING_AUTO;
		len = sizeof(buf);
		ck_assert_int_eq(ota_blob_missing_encode(b, 100, 0, &fmt, buf, &len), OTA_OK);
		ck_assert_uint_eq(fmt, OTA_BLOB_MISSING_ALL);
		ck_assert_uint_eq(len, 0);
		memset(b, 0, sizeof(b));
		fmt = OTA_BLOB_MISSING_AUTO;
		len = sizeof(buf);
		ck_assert_int_eq(ota_blob_missing_encode(b, 100, 0, &fmt, buf, &len), OTA_OK);
		ck_assert_uint_eq(fmt, OTA_BLOB_MISSING_NONE);
		/* a format that does not describe the bitmap */
		fmt = OTA_BLOB_MISSING_ALL;
		ck_assert_int_eq(ota_blob_missing_encode(b, 100, 0, &fmt, buf, &len), OTA_E_INVAL);
	}
}
END_TEST

START_TEST(missing_roundtrip_and_limit)
{
	static const uint32_t sizes[] = { 1, 7, 8, 9, 64, 127, 128, 129, 300, 2100, 65535 };
	static uint8_t bits[8192], back[8192], buf[70000];
	uint64_t r = 12345;
	size_t i, k, len;
	unsigned f, fmt;

	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		uint32_t n = sizes[i], j;

		memset(bits, 0, sizeof(bits));
		for (j = 0; j < n; j++) {
			r = r * 6364136223846793005ull + 1442695040888963407ull;
			if ((r >> 60) < 5)
				bits[j / 8] = (uint8_t)(bits[j / 8] | (1u << (j % 8)));
		}
		for (f = OTA_BLOB_MISSING_SOME; f <= OTA_BLOB_MISSING_ENCODED; f++) {
			fmt = f;
			len = sizeof(buf);
			ck_assert_int_eq(ota_blob_missing_encode(bits, n, 0, &fmt, buf, &len), OTA_OK);
			ck_assert_int_eq(ota_blob_missing_decode(fmt, buf, len, n, back, NULL), OTA_OK);
			ck_assert_mem_eq(back, bits, (n + 7) / 8);
			/* too little room: OTA_E_LIMIT with the length needed */
			if (len > 0) {
				k = len - 1;
				fmt = f;
				ck_assert_int_eq(ota_blob_missing_encode(bits, n, 0, &fmt, buf, &k),
				    OTA_E_LIMIT);
				ck_assert_uint_eq(k, len);
			}
		}
	}
	/* limit: the first 2 of 0, 200, 3000 */
	memset(bits, 0, sizeof(bits));
	bits[0] = 1;
	bits[25] = 1;
	bits[375] = 1;
	fmt = OTA_BLOB_MISSING_ENCODED;
	len = 16;
	ck_assert_int_eq(ota_blob_missing_encode(bits, 3001, 2, &fmt, buf, &len), OTA_OK);
	ck_assert_uint_eq(len, 3);
	ck_assert_uint_eq(buf[0], 0x00);
	ck_assert_uint_eq(buf[1], 0xC3); /* 200 = 0xC8: 110 00011 10 001000 */
	ck_assert_uint_eq(buf[2], 0x88);
}
END_TEST

START_TEST(missing_malformed)
{
	static const uint8_t list[] = { 0x05, 0xC2, 0x80, 0xE0, 0xA0, 0x80 }; /* 5, 0x80, 0x800 */
	uint8_t bits[8192], b2[3] = { 0xFF, 0xFF, 0x01 };
	size_t cut, at;
	int r;

	/* every cut of the list: whole numbers decode, a cut number is TRUNCATED */
	for (cut = 0; cut <= sizeof(list); cut++) {
		r = ota_blob_missing_decode(OTA_BLOB_MISSING_ENCODED, list, cut, 0x900, bits, &at);
		if (cut == 0 || cut == 1 || cut == 3 || cut == 6)
			ck_assert_int_eq(r, OTA_OK);
		else {
			ck_assert_int_eq(r, OTA_E_TRUNCATED);
			ck_assert_uint_eq(at, cut < 3 ? 1 : 3);
		}
	}
	/* a bitmap of 17 chunks is 3 octets: each other length is an error */
	for (cut = 0; cut < 3; cut++)
		ck_assert_int_eq(ota_blob_missing_decode(OTA_BLOB_MISSING_SOME, b2, cut, 17, bits,
		    NULL), OTA_E_TRUNCATED);
	ck_assert_int_eq(ota_blob_missing_decode(OTA_BLOB_MISSING_SOME, b2, 3, 17, bits, NULL),
	    OTA_OK);
	ck_assert_int_eq(ota_blob_missing_decode(OTA_BLOB_MISSING_SOME, b2, 3, 16, bits, NULL),
	    OTA_E_TRAILING);
	b2[2] = 0x03; /* chunk 17 of 17 */
	ck_assert_int_eq(ota_blob_missing_decode(OTA_BLOB_MISSING_SOME, b2, 3, 17, bits, &at),
	    OTA_E_RANGE);
	ck_assert_uint_eq(at, 2);
	/* no list allowed after "all" or "none" */
	ck_assert_int_eq(ota_blob_missing_decode(OTA_BLOB_MISSING_ALL, list, 1, 10, bits, NULL),
	    OTA_E_TRAILING);
	ck_assert_int_eq(ota_blob_missing_decode(OTA_BLOB_MISSING_NONE, list, 1, 10, bits, NULL),
	    OTA_E_TRAILING);
	/* numbers out of range, malformed, overlong */
	ck_assert_int_eq(ota_blob_missing_decode(OTA_BLOB_MISSING_ENCODED, list, 1, 5, bits, &at),
	    OTA_E_RANGE);
	{
		static const uint8_t cont[] = { 0x80 }, ff[] = { 0xF0, 0x80, 0x80, 0x80 },
			over[] = { 0xC1, 0xBF }, nocont[] = { 0xC2, 0x41 };

		ck_assert_int_eq(ota_blob_missing_decode(3, cont, 1, 100, bits, NULL), OTA_E_RANGE);
		ck_assert_int_eq(ota_blob_missing_decode(3, ff, 4, 100, bits, NULL), OTA_E_RANGE);
		ck_assert_int_eq(ota_blob_missing_decode(3, over, 2, 200, bits, NULL), OTA_E_RANGE);
		ck_assert_int_eq(ota_blob_missing_decode(3, nocont, 2, 200, bits, &at), OTA_E_RANGE);
		ck_assert_uint_eq(at, 1);
	}
	ck_assert_int_eq(ota_blob_missing_decode(4, list, 1, 10, bits, NULL), OTA_E_INVAL);
	ck_assert_int_eq(ota_blob_missing_decode(3, list, 1, 0, bits, NULL), OTA_E_INVAL);
}
END_TEST

Suite *
suite_blobmissing(void)
{
	Suite *s = suite_create("blobmissing");
	TCase *tc = tcase_create("missing");

	tcase_add_test(tc, missing_encoded_kat);
	tcase_add_test(tc, missing_bitmap_kat);
	tcase_add_test(tc, missing_roundtrip_and_limit);
	tcase_add_test(tc, missing_malformed);
	suite_add_tcase(s, tc);
	return s;
}
