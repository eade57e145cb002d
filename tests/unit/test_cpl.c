/* test_cpl.c - CPL Device_Model strings: the boundaries the SEC guidance
 * sets, one message per violation, rows from an image (the public DUIS
 * sample), and the certificate firmware-version examples. */
#include <string.h>

#include "testutil.h"

static int
check(const char *m, const char *mo, const char *hv, const char *hr, const char *fw, size_t *nmsg)
{
	struct ota_cpl *c = ota_cpl_new();
	int r = ota_cpl_parse(c, m, mo, hv, hr, fw);

	if (nmsg != NULL)
		*nmsg = ota_cpl_message_count(c);
	ota_cpl_free(&c);
	return r;
}

START_TEST(boundaries)
{
	size_t n;

	ck_assert_int_eq(check("00:00", "00:00", "00", "00", "00:00:00:00", &n), OTA_OK);
	ck_assert_uint_eq(n, 0);
	ck_assert_int_eq(check("FF:FE", "FF:BF", "FF", "FF", "FF:FF:FF:FF", NULL), OTA_OK);
	ck_assert_int_eq(check("FF:FF", "00:00", "00", "00", "00:00:00:00", &n), OTA_E_RANGE);
	ck_assert_uint_eq(n, 1);
	ck_assert_int_eq(check("00:00", "FF:C0", "00", "00", "00:00:00:00", &n), OTA_E_RANGE);
	ck_assert_uint_eq(n, 1);
	ck_assert_int_eq(check("FF:FF", "FF:C0", "00", "00", "00:00:00:00", &n), OTA_E_RANGE);
	ck_assert_uint_eq(n, 2); /* one message per violation */
}
END_TEST

START_TEST(forms_rejected)
{
	static const char *bad[][5] = {
		{ "ab:01", "00:00", "00", "00", "00:00:00:00" },  /* lower case */
		{ "AB:01", "0a:0B", "00", "00", "00:00:00:00" },
		{ "AB:01", "00:00", "0b", "00", "00:00:00:00" },
		{ "AB:01", "00:00", "00", "00", "01:02:0a:03" },
		{ "AB01", "00:00", "00", "00", "00:00:00:00" },   /* missing separator */
		{ "AB-01", "00:00", "00", "00", "00:00:00:00" },  /* wrong separator */
		{ "AB:01", "00:00", "00", "00", "01020A03" },
		{ "AB:01", "00:00", "00", "00", "01:02:0A:3" },   /* wrong lengths */
		{ "AB:012", "00:00", "00", "00", "00:00:00:00" },
		{ "AB:01", "00:00", "3", "00", "00:00:00:00" },
		{ "AB:01", "00:00", "00", "0B0", "00:00:00:00" },
		{ "AB:0G", "00:00", "00", "00", "00:00:00:00" },  /* not hex */
		{ "", "00:00", "00", "00", "00:00:00:00" },
	};
	size_t i, n;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		ck_assert_msg(check(bad[i][0], bad[i][1], bad[i][2], bad[i][3], bad[i][4], &n) ==
		    OTA_E_RANGE, "case %zu accepted", i);
		ck_assert_uint_ge(n, 1);
	}
	/* lower case and a missing separator in one string: two messages */
	ck_assert_int_eq(check("ab01", "00:00", "00", "00", "00:00:00:00", &n), OTA_E_RANGE);
	ck_assert_uint_eq(n, 3); /* length, separator, case */
}
END_TEST

START_TEST(render_and_image)
{
	struct ota_cpl *c = ota_cpl_new();
	struct ota_image *img = ota_image_new();
	char b[16];

	ck_assert_int_eq(ota_cpl_parse(c, "AB:01", "01:0A", "03", "0B", "00:02:01:2F"), OTA_OK);
	ck_assert_int_eq(ota_cpl_render(c, OTA_CPL_HW_ZIGBEE, b, sizeof(b)), OTA_OK);
	ck_assert_str_eq(b, "03_0B");
	ck_assert_int_eq(ota_cpl_render(c, OTA_CPL_FIRMWARE, b, sizeof(b)), OTA_OK);
	ck_assert_str_eq(b, "00:02:01:2F");
	/* the DUIS SR 11.1 sample: mfr 0x121D, type 0, version 0xACDCACDC, hw 1111..1211 */
	ck_assert_int_eq(ota_image_open_path(img, vector_path("gbcs/duis-sr11.1-esme-upgrade-image.bin")),
	    OTA_OK);
	ck_assert_int_eq(ota_cpl_from_image(c, img, 0x11, 0x11), OTA_OK);
	ck_assert_uint_eq(ota_cpl_message_count(c), 0);
	ota_cpl_render(c, OTA_CPL_MANUFACTURER, b, sizeof(b));
	ck_assert_str_eq(b, "12:1D");
	ota_cpl_render(c, OTA_CPL_MODEL, b, sizeof(b));
	ck_assert_str_eq(b, "00:00");
	ota_cpl_render(c, OTA_CPL_FIRMWARE, b, sizeof(b));
	ck_assert_str_eq(b, "AC:DC:AC:DC");
	ck_assert_int_eq(ota_cpl_from_image(c, img, 0x12, 0x11), OTA_OK);   /* the maximum */
	ck_assert_int_eq(ota_cpl_from_image(c, img, 0x12, 0x12), OTA_E_RANGE);
	ck_assert_int_eq(ota_cpl_from_image(c, img, 0x11, 0x10), OTA_E_RANGE);
	ota_image_free(&img);
	ota_cpl_free(&c);
}
END_TEST

static int
coding(const char *text, uint32_t fw)
{
	char explain[512];

	return ota_cpl_firmware_mapping(text, fw, explain, sizeof(explain));
}

START_TEST(certificate_examples)
{
	/* the SEC guidance's examples */
	ck_assert_int_eq(coding("12.3 (Stack 1.2.3.4)", 0x12031234), OTA_CPL_CODING_BCD);
	ck_assert_int_eq(coding("12.3 (Stack 12.34)", 0x0C030C22), OTA_CPL_CODING_HEX);
	ck_assert_int_eq(coding("7.8D Other String", 0x0000078D), OTA_CPL_CODING_HEX);
	/* "Some String (14.7)" is given as 0D:07:00:00 (hex), but 14 is 0x0E:
	 * no coding gives 0x0D, and the mapping says so instead of guessing. */
	ck_assert_int_eq(coding("Some String (14.7)", 0x0E070000), OTA_CPL_CODING_HEX);
	ck_assert_int_eq(coding("Some String (14.7)", 0x0D070000), OTA_CPL_CODING_NONE);
	/* other forms */
	ck_assert_int_eq(coding("v1.2.10.3", 0x01021003), OTA_CPL_CODING_BCD);
	ck_assert_int_eq(coding("v1.2.10.3", 0x01020A03), OTA_CPL_CODING_HEX);
	ck_assert_int_eq(coding("1.2", 0x01020000), OTA_CPL_CODING_BCD | OTA_CPL_CODING_HEX);
	ck_assert_int_eq(coding("12.3 (Stack 1.2.3.4)", 0x0C030102), OTA_CPL_CODING_NONE);
	ck_assert_int_eq(coding("no numbers here", 0), OTA_CPL_CODING_NONE);
	ck_assert_int_eq(coding("1.2.3.4.5", 0x01020304), OTA_CPL_CODING_NONE);
}
END_TEST

Suite *
suite_cpl(void)
{
	Suite *s = suite_create("cpl");
	TCase *tc = tcase_create("device-model");

	tcase_add_test(tc, boundaries);
	tcase_add_test(tc, forms_rejected);
	tcase_add_test(tc, render_and_image);
	tcase_add_test(tc, certificate_examples);
	suite_add_tcase(s, tc);
	return s;
}
