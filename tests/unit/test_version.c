/* test_version.c - struct ota_fw_version: imgtool's version text, the 8
 * wire bytes (known answer: the nRF Connect SDK FWID 590002000100d2040000 is
 * company 0x0059 + v2.0.1+1234) and the order. */
#include <string.h>

#include "testutil.h"

START_TEST(version_text)
{
	static const struct {
		const char *in;
		int r;
		unsigned maj, min, rev;
		unsigned long build;
	} t[] = {
		{ "1.2.3+45", OTA_OK, 1, 2, 3, 45 },
		{ "2.0.1+1234", OTA_OK, 2, 0, 1, 1234 },
		{ "3", OTA_OK, 3, 0, 0, 0 },
		{ "3.4", OTA_OK, 3, 4, 0, 0 },
		{ "255.255.65535+4294967295", OTA_OK, 255, 255, 65535, 4294967295UL },
		{ "256", OTA_E_RANGE, 0, 0, 0, 0 },
		{ "1.2.65536", OTA_E_RANGE, 0, 0, 0, 0 },
		{ "1.2.3+4294967296", OTA_E_RANGE, 0, 0, 0, 0 },
		{ "", OTA_E_INVAL, 0, 0, 0, 0 },
		{ "1.", OTA_E_INVAL, 0, 0, 0, 0 },
		{ "1+2", OTA_E_INVAL, 0, 0, 0, 0 },
		{ "1.2.3.4", OTA_E_INVAL, 0, 0, 0, 0 },
		{ "01.2", OTA_E_INVAL, 0, 0, 0, 0 },
		{ "-1", OTA_E_INVAL, 0, 0, 0, 0 },
		{ " 1", OTA_E_INVAL, 0, 0, 0, 0 },
		{ "1.2.3+4x", OTA_E_INVAL, 0, 0, 0, 0 },
	};
	struct ota_fw_version v;
	char buf[64];
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		memset(&v, 0xAA, sizeof(v));
		ck_assert_msg(ota_fw_version_parse(t[i].in, &v) == t[i].r, "%s", t[i].in);
		if (t[i].r != OTA_OK)
			continue;
		ck_assert_uint_eq(v.major, t[i].maj);
		ck_assert_uint_eq(v.minor, t[i].min);
		ck_assert_uint_eq(v.revision, t[i].rev);
		ck_assert_uint_eq(v.build, t[i].build);
	}
	ck_assert_int_eq(ota_fw_version_parse("2.0.1+1234", &v), OTA_OK);
	ck_assert_int_eq(ota_fw_version_format(&v, buf, sizeof(buf)), 10);
	ck_assert_str_eq(buf, "2.0.1+1234");
	ck_assert_int_eq(ota_fw_version_format(&v, buf, 4), 10); /* snprintf-like */
	ck_assert_str_eq(buf, "2.0");
}
END_TEST

START_TEST(version_wire)
{
	/* the version part of FWID 59 00 | 02 00 01 00 d2 04 00 00 */
	static const uint8_t wire[8] = { 0x02, 0x00, 0x01, 0x00, 0xd2, 0x04, 0x00, 0x00 };
	struct ota_fw_version v, w;
	uint8_t out[8];

	ota_fw_version_decode(wire, &v);
	ck_assert_uint_eq(v.major, 2);
	ck_assert_uint_eq(v.minor, 0);
	ck_assert_uint_eq(v.revision, 1);
	ck_assert_uint_eq(v.build, 1234);
	ota_fw_version_encode(&v, out);
	ck_assert_mem_eq(out, wire, 8);
	ck_assert_int_eq(ota_fw_version_parse("1.2.3+45", &w), OTA_OK);
	ota_fw_version_encode(&w, out);
	ck_assert_mem_eq(out, "\x01\x02\x03\x00\x2d\x00\x00\x00", 8);
}
END_TEST

START_TEST(version_order)
{
	static const char *const up[] = { "0.0.0+0", "0.0.0+1", "0.0.1", "0.0.65535+9", "0.1",
		"1.0.0", "1.0.1+0", "1.2", "2.0.0+4294967295", "255.0" };
	struct ota_fw_version a, b;
	size_t i, j;

	for (i = 0; i < sizeof(up) / sizeof(up[0]); i++)
		for (j = 0; j < sizeof(up) / sizeof(up[0]); j++) {
			ck_assert_int_eq(ota_fw_version_parse(up[i], &a), OTA_OK);
			ck_assert_int_eq(ota_fw_version_parse(up[j], &b), OTA_OK);
			int c = ota_fw_version_compare(&a, &b);
			ck_assert_msg(i < j ? c < 0 : i > j ? c > 0 : c == 0, "%s vs %s", up[i], up[j]);
		}
}
END_TEST

Suite *
suite_version(void)
{
	Suite *s = suite_create("version");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, version_text);
	tcase_add_test(tc, version_wire);
	tcase_add_test(tc, version_order);
	suite_add_tcase(s, tc);
	return s;
}
