/* test_api.c - error table, version, handle misuse. */
#include <string.h>

#include "testutil.h"

START_TEST(error_table)
{
	int e;

	/* every code from OTA_OK down to the last has its own name and text */
	for (e = 0; e >= OTA_E_PASSPHRASE; e--) {
		ck_assert_ptr_nonnull(ota_strerror(e));
		ck_assert_str_ne(ota_strerror(e), "unknown error");
		ck_assert_int_eq(strncmp(ota_errname(e), "OTA_", 4), 0);
	}
	ck_assert_str_eq(ota_errname(OTA_E_DIGEST), "OTA_E_DIGEST");
	ck_assert_str_eq(ota_errname(OTA_E_TRUNCATED), "OTA_E_TRUNCATED");
	ck_assert_str_eq(ota_strerror(-9999), "unknown error");
	ck_assert_str_eq(ota_errname(1), "OTA_E_UNKNOWN");
	/* diagnostic names are distinct and non-empty */
	for (e = 1; e <= OTA_D_MMO_LENGTH_WRAP; e++) {
		int f;

		ck_assert_str_ne(ota_diag_name(e), "unknown");
		for (f = 1; f < e; f++)
			ck_assert_str_ne(ota_diag_name(e), ota_diag_name(f));
	}
}
END_TEST

START_TEST(version)
{
	ck_assert_uint_eq(ota_version_number(), OTA_VERSION_NUMBER);
	ck_assert_ptr_nonnull(ota_version());
	ck_assert_int_eq(ota_version()[0], '0' + OTA_VERSION_MAJOR);
}
END_TEST

START_TEST(misuse)
{
	struct ota_image *img = ota_image_new();
	static const uint8_t junk[8] = { 0 };
	uint8_t out[16];

	ck_assert_int_eq(ota_image_verify(img, 0), OTA_E_STATE);
	ck_assert_int_eq(ota_image_extract(img, 0, membuf_write, NULL), OTA_E_INVAL);
	ck_assert_uint_eq(ota_image_element_count(img), 0);
	ck_assert_int_eq(ota_image_open_memory(img, junk, sizeof(junk)), OTA_E_BAD_MAGIC);
	ck_assert_int_eq(ota_image_open_memory(img, junk, sizeof(junk)), OTA_E_STATE);
	ck_assert_int_eq(ota_image_iic_stored(img, out), OTA_E_INVAL);
	ck_assert_int_eq(ota_image_open_memory(NULL, junk, 1), OTA_E_INVAL);
	ck_assert_int_eq(ota_image_open_path(img, NULL), OTA_E_INVAL);
	ota_image_free(&img);
	ck_assert_ptr_null(img);
	ota_image_free(&img);
	ota_image_free(NULL);
	ck_assert_str_eq(ota_image_errmsg(NULL), "invalid handle");
}
END_TEST

START_TEST(eui64)
{
	uint64_t v;

	ck_assert_int_eq(ota_eui64_parse("00:0D:6F:00:00:19:8B:36", &v), OTA_OK);
	ck_assert_uint_eq(v, 0x000D6F0000198B36ull);
	ck_assert_int_eq(ota_eui64_parse("000d6f0000198b36", &v), OTA_OK);
	ck_assert_uint_eq(v, 0x000D6F0000198B36ull);
	ck_assert_int_eq(ota_eui64_parse("000D6F0000198B3", &v), OTA_E_INVAL);
	ck_assert_int_eq(ota_eui64_parse("000D6F0000198B3600", &v), OTA_E_INVAL);
	ck_assert_int_eq(ota_eui64_parse("0:0D6F0000198B36", &v), OTA_E_INVAL);
	ck_assert_int_eq(ota_eui64_parse("000D6F0000198B3G", &v), OTA_E_INVAL);
}
END_TEST

Suite *
suite_api(void)
{
	Suite *s = suite_create("api");
	TCase *tc = tcase_create("api");

	tcase_add_test(tc, error_table);
	tcase_add_test(tc, version);
	tcase_add_test(tc, misuse);
	tcase_add_test(tc, eui64);
	suite_add_tcase(s, tc);
	return s;
}
