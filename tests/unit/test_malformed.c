/* test_malformed.c - crafted bad inputs: each gives its specific error code
 * and a message naming the byte offset; none may crash (run under ASan and
 * UBSan in CI). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

/* A valid file: FC 0x0004 (hw versions), header 60 bytes, one 4-byte
 * upgrade image, an integrity code: 60 + 10 + 22 = 92 bytes. */
#define GOOD_LEN 92u
static void
good(uint8_t *b)
{
	memset(b, 0, GOOD_LEN);
	put32(b, 0x0BEEF11E);
	put16(b + 4, 0x0100);
	put16(b + 6, 60);
	put16(b + 8, 0x0004);
	put16(b + 10, 0x1234);
	put16(b + 12, 0x0001);
	put32(b + 14, 0x01020304);
	put16(b + 18, 2);
	memcpy(b + 20, "malformed-test", 14);
	put32(b + 52, GOOD_LEN);
	put16(b + 56, 0x0001);
	put16(b + 58, 0x0002);
	put16(b + 60, 0x0000);
	put32(b + 62, 4);
	memcpy(b + 66, "DATA", 4);
	put16(b + 70, 0x0003);
	put32(b + 72, 16);
	ck_assert_int_eq(ota_mmo_digest(b, 70, b + 76), OTA_OK);
}

/* Open buf; expect code from open (or, when open succeeds, from verify),
 * at the given offset, with the offset in the message. */
static void
expect(const uint8_t *buf, size_t len, int code, uint64_t off, unsigned flags)
{
	struct ota_image *img = ota_image_new();
	char num[32];
	int r;

	r = ota_image_open_memory(img, buf, len);
	if (r == OTA_OK)
		r = ota_image_verify(img, flags);
	ck_assert_msg(r == code, "got %s (%s), want %s", ota_errname(r), ota_image_errmsg(img),
	    ota_errname(code));
	ck_assert_uint_eq(ota_image_erroffset(img), off);
	snprintf(num, sizeof(num), "%llu", (unsigned long long)off);
	ck_assert_msg(strstr(ota_image_errmsg(img), num) != NULL, "offset %s not in '%s'", num,
	    ota_image_errmsg(img));
	ota_image_free(&img);
}

START_TEST(baseline_is_valid)
{
	uint8_t b[GOOD_LEN];
	struct ota_image *img = ota_image_new();

	good(b);
	ck_assert_int_eq(ota_image_open_memory(img, b, sizeof(b)), OTA_OK);
	ck_assert_int_eq(ota_image_verify(img, OTA_VERIFY_STRICT), OTA_OK);
	ck_assert_int_eq(ota_image_iic_result(img), OTA_IIC_MATCH);
	ota_image_free(&img);
}
END_TEST

/* Truncation at every header-field boundary (and inside fields). */
static const struct {
	size_t len;
	uint64_t off;
} cuts[] = {
	{ 0, 0 }, { 1, 0 }, { 2, 0 }, { 3, 0 }, { 4, 4 }, { 5, 4 }, { 6, 6 }, { 8, 8 }, { 10, 10 }, { 12, 12 },
	{ 14, 14 }, { 16, 14 }, { 18, 18 }, { 20, 20 }, { 40, 20 }, { 52, 52 }, { 55, 52 },
	{ 56, 56 }, { 58, 56 }, { 59, 56 },
};

START_TEST(truncated_header)
{
	uint8_t b[GOOD_LEN];

	good(b);
	expect(b, cuts[_i].len, OTA_E_TRUNCATED, cuts[_i].off, 0);
}
END_TEST

START_TEST(truncated_body)
{
	uint8_t b[GOOD_LEN];

	good(b);
	/* the file ends before total_image_size: reported where it ends */
	expect(b, 60, OTA_E_TRUNCATED, 60, 0);
	expect(b, 75, OTA_E_TRUNCATED, 75, 0);
	expect(b, GOOD_LEN - 1, OTA_E_TRUNCATED, GOOD_LEN - 1, 0);
}
END_TEST

START_TEST(wrong_magic)
{
	uint8_t b[GOOD_LEN];

	good(b);
	b[0] ^= 0x01;
	expect(b, sizeof(b), OTA_E_BAD_MAGIC, 0, 0);
	memset(b, 0, sizeof(b));
	expect(b, sizeof(b), OTA_E_BAD_MAGIC, 0, 0);
	expect(b, 3, OTA_E_BAD_MAGIC, 0, 0);
}
END_TEST

START_TEST(header_length_too_small)
{
	uint8_t b[GOOD_LEN];

	good(b);
	put16(b + 6, 55);
	expect(b, sizeof(b), OTA_E_HEADER_LENGTH, 6, 0);
	put16(b + 6, 0);
	expect(b, sizeof(b), OTA_E_HEADER_LENGTH, 6, 0);
}
END_TEST

START_TEST(fc_length_mismatch)
{
	uint8_t b[GOOD_LEN];
	struct ota_image *img = ota_image_new();
	uint16_t lo, hi;

	good(b);
	/* FC announces hw versions (60) but header_length says 56: the fields
	 * are not read, the walk starts at 56 and the mismatch is reported.
	 * (Not a valid element stream from there: verify fails on that.) */
	put16(b + 6, 56);
	ck_assert_int_eq(ota_image_open_memory(img, b, sizeof(b)), OTA_OK);
	ck_assert_int_eq(ota_image_hw_versions(img, &lo, &hi), OTA_E_NOT_FOUND);
	ck_assert_int_eq(ota_image_diag_code(img, 0), OTA_D_HEADER_LENGTH_MISMATCH);
	ck_assert_uint_eq(ota_image_diag_offset(img, 0), 6);
	ota_image_free(&img);
	/* FC 0 with header_length 60: the 4 unknown bytes are skipped; the
	 * element table is intact, so only --strict fails. */
	good(b);
	put16(b + 8, 0);
	ck_assert_int_eq(ota_mmo_digest(b, 70, b + 76), OTA_OK);
	expect(b, sizeof(b), OTA_E_HEADER_LENGTH, 6, OTA_VERIFY_STRICT);
	img = ota_image_new();
	ck_assert_int_eq(ota_image_open_memory(img, b, sizeof(b)), OTA_OK);
	ck_assert_int_eq(ota_image_verify(img, 0), OTA_OK);
	ck_assert_uint_eq(ota_image_element_count(img), 2);
	ota_image_free(&img);
}
END_TEST

START_TEST(total_size_wrong)
{
	uint8_t b[GOOD_LEN];

	good(b);
	put32(b + 52, GOOD_LEN + 1); /* past end of input */
	expect(b, sizeof(b), OTA_E_TRUNCATED, GOOD_LEN, 0);
	put32(b + 52, 0xFFFFFFFFu);
	expect(b, sizeof(b), OTA_E_TRUNCATED, GOOD_LEN, 0);
	put32(b + 52, 59); /* below header_length */
	expect(b, sizeof(b), OTA_E_TOTAL_SIZE, 52, 0);
	put32(b + 52, 0);
	expect(b, sizeof(b), OTA_E_TOTAL_SIZE, 52, 0);
}
END_TEST

START_TEST(element_overruns)
{
	uint8_t b[GOOD_LEN];

	good(b);
	put32(b + 62, 1000); /* overruns the file */
	expect(b, sizeof(b), OTA_E_ELEMENT_OVERRUN, 60, 0);
	put32(b + 62, 0xFFFFFFFFu);
	expect(b, sizeof(b), OTA_E_ELEMENT_OVERRUN, 60, 0);
	good(b);
	put32(b + 72, 0xFFFFFFFFu); /* the last element */
	expect(b, sizeof(b), OTA_E_ELEMENT_OVERRUN, 70, 0);
	good(b);
	put32(b + 52, 73); /* 3 bytes after the first element: no room for a header */
	expect(b, sizeof(b), OTA_E_ELEMENT_OVERRUN, 70, 0);
}
END_TEST

START_TEST(iic_problems)
{
	uint8_t b[GOOD_LEN + 6];

	good(b);
	b[66] ^= 0x40; /* payload byte: digest mismatch at the IIC element */
	expect(b, GOOD_LEN, OTA_E_DIGEST, 70, 0);
	good(b);
	b[80] ^= 0x01; /* the stored code itself */
	expect(b, GOOD_LEN, OTA_E_DIGEST, 70, 0);
	good(b);
	put32(b + 72, 15); /* wrong IIC length; the element then ends 1 byte short */
	put32(b + 52, GOOD_LEN - 1);
	expect(b, GOOD_LEN - 1, OTA_E_STRUCTURE, 70, 0);
	/* IIC not last: append an empty element after it */
	good(b);
	put16(b + GOOD_LEN, 0xF000);
	put32(b + GOOD_LEN + 2, 0);
	put32(b + 52, GOOD_LEN + 6);
	expect(b, GOOD_LEN + 6, OTA_E_STRUCTURE, 70, 0);
}
END_TEST

START_TEST(containers_bad)
{
	uint8_t b[64];

	memset(b, 0, sizeof(b));
	memcpy(b, "NGIS", 4);
	put32(b + 16, 5000); /* OTA offset past the end */
	expect(b, sizeof(b), OTA_E_BAD_MAGIC, 0, 0);
	/* size prefix, then a header cut inside the file version */
	memset(b, 0, sizeof(b));
	put32(b, 100);
	put32(b + 4, 0x0BEEF11E);
	expect(b, 20, OTA_E_TRUNCATED, 18, 0);
}
END_TEST

START_TEST(too_many_elements)
{
	size_t n = OTA_MAX_ELEMENTS + 1, len = 56 + 6 * n;
	uint8_t *b = calloc(1, len);

	ck_assert_ptr_nonnull(b);
	put32(b, 0x0BEEF11E);
	put16(b + 4, 0x0100);
	put16(b + 6, 56);
	put32(b + 52, (uint32_t)len);
	/* every element: tag 0xF000, length 0 (calloc'd zeros give tag 0) */
	expect(b, len, OTA_E_LIMIT, 56 + 6 * (uint64_t)OTA_MAX_ELEMENTS, 0);
	free(b);
}
END_TEST

START_TEST(strict_warnings)
{
	uint8_t b[GOOD_LEN];

	good(b);
	b[20] = 0xFF; /* not UTF-8 */
	ck_assert_int_eq(ota_mmo_digest(b, 70, b + 76), OTA_OK);
	expect(b, sizeof(b), OTA_E_RANGE, 20, OTA_VERIFY_STRICT);
	good(b);
	put16(b + 10, 0xFFFF); /* wildcard manufacturer */
	ck_assert_int_eq(ota_mmo_digest(b, 70, b + 76), OTA_OK);
	expect(b, sizeof(b), OTA_E_RANGE, 10, OTA_VERIFY_STRICT);
	good(b);
	put16(b + 4, 0x0200); /* unknown header major version */
	ck_assert_int_eq(ota_mmo_digest(b, 70, b + 76), OTA_OK);
	expect(b, sizeof(b), OTA_E_VERSION, 4, OTA_VERIFY_STRICT);
	good(b);
	put16(b + 56, 0x0300); /* hw min above max */
	ck_assert_int_eq(ota_mmo_digest(b, 70, b + 76), OTA_OK);
	expect(b, sizeof(b), OTA_E_RANGE, 56, OTA_VERIFY_STRICT);
}
END_TEST

/* A reader callback that fails: an I/O error, not a format error. */
static int
bad_read(void *ctx, void *buf, size_t len, size_t *got)
{
	(void)ctx;
	(void)buf;
	(void)len;
	(void)got;
	return -1;
}

START_TEST(io_error)
{
	static const struct ota_io io = { bad_read, NULL, NULL, NULL };
	struct ota_image *img = ota_image_new();

	ck_assert_int_eq(ota_image_open_io(img, &io, NULL), OTA_E_IO);
	ota_image_free(&img);
}
END_TEST

Suite *
suite_malformed(void)
{
	Suite *s = suite_create("malformed");
	TCase *tc = tcase_create("malformed");

	tcase_add_test(tc, baseline_is_valid);
	tcase_add_loop_test(tc, truncated_header, 0, (int)(sizeof(cuts) / sizeof(cuts[0])));
	tcase_add_test(tc, truncated_body);
	tcase_add_test(tc, wrong_magic);
	tcase_add_test(tc, header_length_too_small);
	tcase_add_test(tc, fc_length_mismatch);
	tcase_add_test(tc, total_size_wrong);
	tcase_add_test(tc, element_overruns);
	tcase_add_test(tc, iic_problems);
	tcase_add_test(tc, containers_bad);
	tcase_add_test(tc, too_many_elements);
	tcase_add_test(tc, strict_warnings);
	tcase_add_test(tc, io_error);
	tcase_set_timeout(tc, 60);
	suite_add_tcase(s, tc);
	return s;
}
