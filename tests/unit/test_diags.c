/* test_diags.c - diagnostics are counted per code, not stored one by one:
 * a file at the element limit opens, inspects and verifies; one element
 * more fails with OTA_E_LIMIT naming the limit (issue 9 item 3). */
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

/* A file of n elements: an empty upgrade image, n - 2 empty elements of a
 * reserved tag, and an integrity code over the rest.  *len: its size. */
static uint8_t *
many(size_t n, size_t *len)
{
	size_t total = 56 + 6 * n + 16, i;
	uint8_t *b = calloc(1, total), *p;

	ck_assert_ptr_nonnull(b);
	put32(b, 0x0BEEF11E);
	put16(b + 4, 0x0100);
	put16(b + 6, 56);
	put16(b + 10, 0x1189);
	put16(b + 12, 0x00B6);
	put32(b + 14, 0x03483712);
	put16(b + 18, 2);
	memcpy(b + 20, "many elements", 13);
	put32(b + 52, (uint32_t)total);
	p = b + 56;
	put16(p, OTA_TAG_UPGRADE_IMAGE); /* length 0 */
	for (i = 1, p += 6; i + 1 < n; i++, p += 6)
		put16(p, 0x0100);
	put16(p, OTA_TAG_INTEGRITY_CODE);
	put32(p + 2, 16);
	ck_assert_int_eq(ota_mmo_digest(b, (size_t)(p - b), p + 6), OTA_OK);
	*len = total;
	return b;
}

static size_t
find(const struct ota_image *img, int code)
{
	size_t i, n = ota_image_diag_count(img);

	for (i = 0; i < n; i++)
		if (ota_image_diag_code(img, i) == code)
			return i;
	ck_abort_msg("no diagnostic %s", ota_diag_name(code));
	return 0;
}

START_TEST(at_element_limit)
{
	struct ota_image *img = ota_image_new();
	size_t len, i;
	uint8_t *b = many(OTA_MAX_ELEMENTS, &len);
	int r = ota_image_open_memory(img, b, len);

	ck_assert_msg(r == OTA_OK, "%s: %s", ota_errname(r), ota_image_errmsg(img));
	ck_assert_uint_eq(ota_image_element_count(img), OTA_MAX_ELEMENTS);
	/* one entry per code */
	ck_assert_uint_le(ota_image_diag_count(img), 8);
	i = find(img, OTA_D_RESERVED_TAG);
	ck_assert_uint_eq(ota_image_diag_repeat(img, i), OTA_MAX_ELEMENTS - 2);
	ck_assert_uint_eq(ota_image_diag_offset(img, i), 56 + 6);
	ck_assert_ptr_nonnull(strstr(ota_image_diag_message(img, i),
	    "(and 65533 more, the last at offset 393260)"));
	i = find(img, OTA_D_DUPLICATE_TAG);
	ck_assert_uint_eq(ota_image_diag_repeat(img, i), OTA_MAX_ELEMENTS - 3);
	ck_assert_uint_eq(ota_image_diag_repeat(img, ota_image_diag_count(img)), 0);
	r = ota_image_verify(img, OTA_VERIFY_STRICT);
	ck_assert_msg(r == OTA_OK, "%s: %s", ota_errname(r), ota_image_errmsg(img));
	ck_assert_int_eq(ota_image_iic_result(img), OTA_IIC_MATCH);
	ota_image_free(&img);
	free(b);
}
END_TEST

START_TEST(over_element_limit)
{
	struct ota_image *img = ota_image_new();
	size_t len;
	uint8_t *b = many(OTA_MAX_ELEMENTS + 1, &len);
	int r = ota_image_open_memory(img, b, len);

	ck_assert_int_eq(r, OTA_E_LIMIT);
	ck_assert_ptr_nonnull(strstr(ota_image_errmsg(img), "65536"));
	ota_image_free(&img);
	free(b);
}
END_TEST

Suite *
suite_diags(void)
{
	Suite *s = suite_create("diags");
	TCase *tc = tcase_create("diags");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, at_element_limit);
	tcase_add_test(tc, over_element_limit);
	suite_add_tcase(s, tc);
	return s;
}
