/* test_stream.c - forward-only inputs (1-byte reads, no seek, no size),
 * partial and truncated inputs, the header-only open and the ZCL
 * "does this image apply" decision (issue 9, items 1 and 2). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

/* A forward-only reader over memory that gives at most step bytes a call. */
struct fwd {
	const uint8_t *p;
	size_t n, pos, step, calls;
};

static int
fwd_read(void *ctx, void *buf, size_t len, size_t *got)
{
	struct fwd *f = ctx;
	size_t k = f->n - f->pos < len ? f->n - f->pos : len;

	if (k > f->step)
		k = f->step;
	memcpy(buf, f->p + f->pos, k);
	f->pos += k;
	f->calls++;
	*got = k;
	return 0;
}

static const struct ota_io fwd_io = { fwd_read, NULL, NULL, NULL };

static const char *const files[] = {
	"zigbee/real/Datek__dimmerpille_v2_0_v_4_combined_OTA.ota",
	"zigbee/real/Develco__ZR_Smartplug_SSIG_3.12.16.zigbee",
	"zigbee/real/GammaTroniques__TICMeter.ota",
	"zigbee/real/Hue__100B-0114-01002A00-ConfLightBLE-Lamps-EFR32MG21.zigbee",
	"zigbee/real/Hue__Sensor-ATmega_0012.sbl-ota",
	"zigbee/real/IKEA__10039874-1.0-TRADFRI-motion-sensor-2-2.0.022.ota.ota.signed",
	"zigbee/real/Innr__1166-0128-24011511-RS_226_v2-upgradeMe.ota",
	"zigbee/real/Insta__ZLL_HS_4f_GJ_Release_10.03.32.02.zigbee",
	"zigbee/real/Koenkk-tests__not-a-valid-file.ota",
	"zigbee/real/Legrand__1021-000f-004745ff-NLL.zigbee",
	"zigbee/real/Lumi__20220607175331_OTA_lumi.switch.acn029_0.0.0_211551_20220217_08B622.ota",
	"zigbee/real/Lumi__20250827143703_lumi.sensor_occupy.agl1_0.0.0_0029_20250804_33D437.ota",
	"zigbee/real/Namron__4512726-Firmware-35.ota",
	"zigbee/real/SDevices__152F_SBDV-00196_switch1gang_r_6_48fb8e55_06000000.ota.zigbee",
	"zigbee/real/SalusControls__HS1SA_EM-SALUS-0621-V14-190907.ota",
	"zigbee/real/SalusControls__SAU2AD1_170211.ota",
	"zigbee/real/Sengled__RDL2016091_1_E11-G13_V0.0.9_20170921_release.ota",
	"zigbee/real/Sonoff__SN-TLSR8656-09P-01-v1.1.2.ota",
	"zigbee/real/Ubisys__10F2-7B2A-0000-0005-02000230-m7b-r0.ota.zigbee",
	"zigbee/samples/silabs-suite1-signed-sample.ota",
	"gbcs/duis-sr11.1-esme-upgrade-image.bin",
};

static struct ota_trust *
trust_for(int gbcs)
{
	struct ota_trust *t = ota_trust_new();
	uint8_t *pem;
	size_t n;

	ck_assert_ptr_nonnull(t);
	if (gbcs) {
		pem = slurp(vector_path("gbcs/supplier-ds-90B3D51F30010000.pem"), &n);
		ck_assert_int_eq(ota_trust_set_supplier(t, pem, n), OTA_OK);
		free(pem);
	} else {
		ck_assert_int_eq(ota_trust_set_test_ca(t), OTA_OK);
	}
	return t;
}

/* Every vector: 1-byte reads without seek or size open, inspect, verify
 * (integrity code, signature, GBCS supplier signature) and hash the same
 * as the path. */
START_TEST(forward_same_as_path)
{
	const char *rel = files[_i];
	int gbcs = strncmp(rel, "gbcs/", 5) == 0;
	struct ota_image *a = ota_image_new(), *b = ota_image_new();
	struct ota_trust *t = trust_for(gbcs);
	uint8_t *buf, d1[32], d2[32];
	struct fwd f;
	size_t n, i;
	int ra, rb, k;

	buf = slurp(vector_path(rel), &n);
	f = (struct fwd){ buf, n, 0, 1, 0 };
	ra = ota_image_open_path(a, vector_path(rel));
	rb = ota_image_open_io(b, &fwd_io, &f);
	ck_assert_msg(ra == rb, "%s: path %s, forward %s (%s)", rel, ota_errname(ra), ota_errname(rb),
	    ota_image_errmsg(b));
	if (ra != OTA_OK) {
		ck_assert_str_eq(ota_image_errmsg(a), ota_image_errmsg(b));
		goto out;
	}
	ck_assert_uint_eq(f.pos, n); /* read once, to the end */
	ck_assert_uint_eq(ota_image_file_size(b), n);
	ck_assert_int_eq(ota_image_walk(a), ota_image_walk(b));
	ck_assert_uint_eq(ota_image_element_count(a), ota_image_element_count(b));
	for (i = 0; i < ota_image_element_count(a); i++) {
		ck_assert_uint_eq(ota_image_element_offset(a, i), ota_image_element_offset(b, i));
		ck_assert_int_eq(ota_image_element_kind(a, i), ota_image_element_kind(b, i));
	}
	ck_assert_uint_eq(ota_image_diag_count(a), ota_image_diag_count(b));
	for (i = 0; i < ota_image_diag_count(a); i++)
		ck_assert_str_eq(ota_image_diag_message(a, i), ota_image_diag_message(b, i));
	ck_assert_int_eq(ota_image_signature_info(a, NULL, NULL, NULL, NULL),
	    ota_image_signature_info(b, NULL, NULL, NULL, NULL));
	ra = ota_image_verify_trust(a, t, 0);
	rb = ota_image_verify_trust(b, t, 0);
	ck_assert_msg(ra == rb, "%s: verify path %s (%s), forward %s (%s)", rel, ota_errname(ra),
	    ota_image_errmsg(a), ota_errname(rb), ota_image_errmsg(b));
	ck_assert_str_eq(ota_image_errmsg(a), ota_image_errmsg(b));
	ck_assert_int_eq(ota_image_iic_result(a), ota_image_iic_result(b));
	ck_assert_int_eq(ota_image_sig_result(a), ota_image_sig_result(b));
	ck_assert_int_eq(ota_image_trailer_kind(a), ota_image_trailer_kind(b));
	if (ota_image_iic_computed(a, d1) == OTA_OK) {
		ck_assert_int_eq(ota_image_iic_computed(b, d2), OTA_OK);
		ck_assert_mem_eq(d1, d2, 16);
	}
	if (ota_image_signature_digest(a, d1) == OTA_OK) {
		ck_assert_int_eq(ota_image_signature_digest(b, d2), OTA_OK);
		ck_assert_mem_eq(d1, d2, 16);
	}
	for (k = 0; k < 2; k++) {
		unsigned fl = k ? OTA_GBCS_COVER_IMAGE : 0;

		ra = ota_image_manufacturer_hash(a, fl, d1);
		ck_assert_int_eq(ra, ota_image_manufacturer_hash(b, fl, d2));
		if (ra == OTA_OK)
			ck_assert_mem_eq(d1, d2, 32);
	}
	if (gbcs) /* both covers were computed, whichever verify is asked for */
		ck_assert_int_eq(ota_image_sig_result(b), OTA_SIG_VALID);
out:
	ota_image_free(&a);
	ota_image_free(&b);
	ota_trust_free(&t);
	free(buf);
}
END_TEST

/* Extraction while reading: the same bytes as a seekable extract. */
START_TEST(forward_extract)
{
	const char *rel = files[_i];
	struct ota_image *a = ota_image_new(), *b = ota_image_new();
	struct membuf m1 = { 0 }, m2 = { 0 };
	uint8_t *buf;
	struct fwd f;
	size_t n;
	int raw;

	buf = slurp(vector_path(rel), &n);
	f = (struct fwd){ buf, n, 0, 7, 0 };
	if (ota_image_open_path(a, vector_path(rel)) != OTA_OK)
		goto out;
	raw = ota_image_element_count(a) == 0;
	if (raw && ota_image_extract_raw(a, membuf_write, &m1) != OTA_OK)
		goto out;
	if (!raw)
		ck_assert_int_eq(ota_image_extract(a, 0, membuf_write, &m1), OTA_OK);
	if (raw)
		ck_assert_int_eq(ota_image_stream_extract_raw(b, membuf_write, &m2), OTA_OK);
	else
		ck_assert_int_eq(ota_image_stream_extract(b, ota_image_element_tag(a, 0), 0,
		    membuf_write, &m2), OTA_OK);
	ck_assert_msg(ota_image_open_io(b, &fwd_io, &f) == OTA_OK, "%s: %s", rel,
	    ota_image_errmsg(b));
	ck_assert_uint_eq(m1.n, m2.n);
	ck_assert_mem_eq(m1.p, m2.p, m1.n);
	/* after a forward-only open, a second extract says why it cannot */
	if (!raw && m1.n > 16384) {
		ck_assert_int_eq(ota_image_extract(b, 0, membuf_write, &m2), OTA_E_UNSUPPORTED);
		ck_assert_ptr_nonnull(strstr(ota_image_errmsg(b), "ota_image_stream_extract"));
	}
out:
	membuf_free(&m1);
	membuf_free(&m2);
	ota_image_free(&a);
	ota_image_free(&b);
	free(buf);
}
END_TEST

/* A short element inside the sniff window, then an integrity code. */
START_TEST(forward_short_elements)
{
	struct ota_builder *bld = ota_builder_new();
	struct membuf m = { 0 };
	struct ota_image *img = ota_image_new();
	struct fwd f;

	ck_assert_int_eq(ota_builder_set_manufacturer_code(bld, 0x1234), OTA_OK);
	ck_assert_int_eq(ota_builder_add_memory(bld, 0x0000, "abc", 3), OTA_OK);
	ck_assert_int_eq(ota_builder_add_memory(bld, 0xF001, "", 0), OTA_OK);
	ck_assert_int_eq(ota_builder_add_memory(bld, 0xF002, "x", 1), OTA_OK);
	ck_assert_int_eq(ota_builder_set_integrity_code(bld, 1), OTA_OK);
	ck_assert_int_eq(ota_builder_write(bld, membuf_write, &m), OTA_OK);
	f = (struct fwd){ m.p, m.n, 0, 1, 0 };
	ck_assert_int_eq(ota_image_open_io(img, &fwd_io, &f), OTA_OK);
	ck_assert_uint_eq(ota_image_element_count(img), 4);
	ck_assert_int_eq(ota_image_verify(img, 0), OTA_OK);
	ck_assert_int_eq(ota_image_iic_result(img), OTA_IIC_MATCH);
	ota_image_free(&img);
	ota_builder_free(&bld);
	membuf_free(&m);
}
END_TEST

/* Truncated: every header field boundary and inside the elements; memory
 * and forward-only inputs give the same partial image. */
START_TEST(truncated_everywhere)
{
	static const size_t cuts[] = { 4, 6, 8, 10, 12, 14, 18, 20, 30, 52, 55, 56, 57, 60, 61, 64,
		100, 4096, 4097, 70000, 92222 };
	const char *rel = "zigbee/real/Innr__1166-0128-24011511-RS_226_v2-upgradeMe.ota";
	size_t n, len = cuts[_i], k;
	uint8_t *buf = slurp(vector_path(rel), &n);
	uint64_t at, end;
	int pass;

	for (pass = 0; pass < 2; pass++) {
		struct ota_image *img = ota_image_new();
		struct fwd f = { buf, len, 0, 3, 0 };
		char want[64];
		int found = 0;

		ck_assert_int_eq(ota_image_set_open_flags(img, OTA_OPEN_PARTIAL), OTA_OK);
		ck_assert_int_eq(pass ? ota_image_open_io(img, &fwd_io, &f) :
		    ota_image_open_memory(img, buf, len), OTA_OK);
		ck_assert_int_eq(ota_image_truncation(img, &at, &end), OTA_OK);
		ck_assert_uint_eq(at, len);
		ck_assert_uint_eq(end, len >= 56 ? n : 0);
		ck_assert_uint_eq(ota_image_file_size(img), len);
		/* the fields it holds, nothing it does not */
		ck_assert_uint_eq(ota_image_manufacturer_code(img), len >= 12 ? 0x1166 : 0);
		ck_assert_uint_eq(ota_image_image_type(img), len >= 14 ? 0x0128 : 0);
		ck_assert_uint_eq(ota_image_total_image_size(img), len >= 56 ? n : 0);
		/* elements up to the cut: each listed one has its header whole */
		for (k = 0; k < ota_image_element_count(img); k++)
			ck_assert_uint_le(ota_image_element_offset(img, k) + 6, len);
		if (len >= 66) /* Innr's header is 60 bytes */
			ck_assert_uint_ge(ota_image_element_count(img), 1);
		for (k = 0; k < ota_image_diag_count(img); k++)
			if (ota_image_diag_code(img, k) == OTA_D_TRUNCATED) {
				found = 1;
				ck_assert_int_eq(ota_diag_severity(OTA_D_TRUNCATED), OTA_SEV_ERROR);
				ck_assert_uint_eq(ota_image_diag_offset(img, k), len);
				if (len >= 56)
					(void)snprintf(want, sizeof(want), "ends at %zu of %zu", len, n);
				else
					(void)snprintf(want, sizeof(want), "ends at %zu,", len);
				ck_assert_msg(strstr(ota_image_diag_message(img, k), want) != NULL,
				    "'%s' not in '%s'", want, ota_image_diag_message(img, k));
			}
		ck_assert(found);
		ck_assert_int_eq(ota_image_verify(img, 0), OTA_E_TRUNCATED);
		ota_image_free(&img);
	}
	/* without the flag it still fails, with both offsets */
	{
		struct ota_image *img = ota_image_new();

		ck_assert_int_eq(ota_image_open_memory(img, buf, len), OTA_E_TRUNCATED);
		ota_image_free(&img);
	}
	free(buf);
}
END_TEST

/* The header only, from the first bytes of a download; the ZCL decision. */
START_TEST(header_only_applies)
{
	const char *rel = "zigbee/real/Innr__1166-0128-24011511-RS_226_v2-upgradeMe.ota";
	struct ota_image *img = ota_image_new();
	struct membuf m = { 0 };
	enum ota_applies why;
	size_t n;
	uint8_t *buf = slurp(vector_path(rel), &n);
	uint32_t v;
	struct fwd f = { buf, 0, 0, 1, 0 };

	f.n = n; /* the reader would give it all; open takes the header's 69 bytes at most */
	ck_assert_int_eq(ota_image_set_open_flags(img, 0x80), OTA_E_INVAL);
	ck_assert_int_eq(ota_image_set_open_flags(img, OTA_OPEN_HEADER_ONLY), OTA_OK);
	ck_assert_int_eq(ota_image_open_io(img, &fwd_io, &f), OTA_OK);
	ck_assert_uint_le(f.pos, 69);
	ck_assert_uint_eq(ota_image_manufacturer_code(img), 0x1166);
	ck_assert_uint_eq(ota_image_image_type(img), 0x0128);
	ck_assert_uint_eq(ota_image_element_count(img), 0);
	ck_assert_int_eq(ota_image_diag_code(img, ota_image_diag_count(img) - 1), OTA_D_HEADER_ONLY);
	ck_assert_int_eq(ota_image_verify(img, 0), OTA_E_PARTIAL);
	ck_assert_int_eq(ota_image_extract(img, 0, membuf_write, &m), OTA_E_PARTIAL);
	ck_assert_int_eq(ota_image_extract_raw(img, membuf_write, &m), OTA_E_PARTIAL);
	{
		/* nothing that needs the body works on it: signing wrote an image
		 * of the header alone (review finding) */
		static const uint8_t cert[OTA_CERT_SUITE1_LEN];
		uint8_t h[32];

		ck_assert_int_eq(ota_image_sign(img, NULL, cert, sizeof(cert), OTA_SIGN_PREPARE, NULL,
		    membuf_write, &m), OTA_E_PARTIAL);
		ck_assert_uint_eq(m.n, 0);
		ck_assert_ptr_nonnull(strstr(ota_image_errmsg(img), "header only"));
		ck_assert_int_eq(ota_image_manufacturer_hash(img, 0, h), OTA_E_PARTIAL);
	}
	v = ota_image_file_version(img);
	ck_assert_int_eq(ota_image_applies(img, 0x1166, 0x0128, v - 1, -1, &why), OTA_OK);
	ck_assert_int_eq(why, OTA_APPLIES);
	ck_assert_int_eq(ota_image_applies(img, 0x1167, 0x0128, v - 1, -1, &why),
	    OTA_E_NOT_APPLICABLE);
	ck_assert_int_eq(why, OTA_APPLIES_MANUFACTURER);
	ck_assert_int_eq(ota_image_applies(img, 0x1166, 0x0129, v - 1, -1, &why),
	    OTA_E_NOT_APPLICABLE);
	ck_assert_int_eq(why, OTA_APPLIES_IMAGE_TYPE);
	ck_assert_int_eq(ota_image_applies(img, 0x1166, 0x0128, v, -1, &why), OTA_E_NOT_APPLICABLE);
	ck_assert_int_eq(why, OTA_APPLIES_NOT_NEWER);
	ck_assert_int_eq(ota_image_applies(img, 0x1166, 0x0128, v - 1, 0x10000, &why), OTA_E_INVAL);
	ck_assert_int_eq(ota_image_applies(img, 0x1166, 0x0128, v - 1, -2, &why), OTA_E_INVAL);
	ota_image_free(&img);
	/* a download cut at 20 bytes holds what the decision needs without a
	 * hardware version; at 17 it does not */
	img = ota_image_new();
	ck_assert_int_eq(ota_image_set_open_flags(img, OTA_OPEN_PARTIAL), OTA_OK);
	ck_assert_int_eq(ota_image_open_memory(img, buf, 20), OTA_OK);
	ck_assert_int_eq(ota_image_applies(img, 0x1166, 0x0128, v - 1, -1, &why), OTA_OK);
	ck_assert_int_eq(ota_image_applies(img, 0x1166, 0x0128, v - 1, 0x0001, &why),
	    ota_image_field_control(img) & OTA_FC_HW_VERSIONS ? OTA_E_TRUNCATED : OTA_OK);
	ota_image_free(&img);
	img = ota_image_new();
	ck_assert_int_eq(ota_image_set_open_flags(img, OTA_OPEN_PARTIAL), OTA_OK);
	ck_assert_int_eq(ota_image_open_memory(img, buf, 17), OTA_OK);
	ck_assert_int_eq(ota_image_applies(img, 0x1166, 0x0128, v - 1, -1, &why), OTA_E_TRUNCATED);
	ota_image_free(&img);
	free(buf);
}
END_TEST

/* A header-only open of a download whose NGIS offset field is hostile
 * reads no more than the first 4 KiB (it read the whole input). */
START_TEST(header_only_hostile_ngis)
{
	const char *rel = "zigbee/real/IKEA__10039874-1.0-TRADFRI-motion-sensor-2-2.0.022.ota.ota.signed";
	struct ota_image *img = ota_image_new();
	size_t n, big = 4u << 20;
	uint8_t *v = slurp(vector_path(rel), &n), *buf = calloc(1, big);
	struct fwd f = { buf, big, 0, 65536, 0 };

	ck_assert_ptr_nonnull(buf);
	ck_assert_uint_lt(n, big);
	memcpy(buf, v, n);
	buf[16] = 0xF0, buf[17] = 0xFF, buf[18] = 0xFF, buf[19] = 0x7F; /* offset 0x7FFFFFF0 */
	ck_assert_int_eq(ota_image_set_open_flags(img, OTA_OPEN_HEADER_ONLY), OTA_OK);
	ck_assert_int_eq(ota_image_open_io(img, &fwd_io, &f), OTA_OK);
	ck_assert_uint_le(f.pos, 4096);
	ck_assert_int_eq(ota_image_container(img), OTA_CONTAINER_NGIS);
	ck_assert_uint_eq(ota_image_manufacturer_code(img), 0x117C);
	ota_image_free(&img);
	free(buf);
	free(v);
}
END_TEST

/* Wildcards and the hardware range, on a built image. */
START_TEST(applies_rules)
{
	struct ota_builder *bld = ota_builder_new();
	struct ota_image *img = ota_image_new();
	struct membuf m = { 0 };
	enum ota_applies why;

	ck_assert_int_eq(ota_builder_set_manufacturer_code(bld, 0xFFFF), OTA_OK);
	ck_assert_int_eq(ota_builder_set_image_type(bld, 0xFFFF), OTA_OK);
	ck_assert_int_eq(ota_builder_set_file_version(bld, 0x20), OTA_OK);
	ck_assert_int_eq(ota_builder_set_hw_versions(bld, 0x0100, 0x01FF), OTA_OK);
	ck_assert_int_eq(ota_builder_add_memory(bld, 0x0000, "abc", 3), OTA_OK);
	ck_assert_int_eq(ota_builder_write(bld, membuf_write, &m), OTA_OK);
	ck_assert_int_eq(ota_image_set_open_flags(img, OTA_OPEN_HEADER_ONLY), OTA_OK);
	ck_assert_int_eq(ota_image_open_memory(img, m.p, m.n), OTA_OK);
	ck_assert_int_eq(ota_image_applies(img, 0x1234, 0x0042, 0x1F, 0x0150, &why), OTA_OK);
	ck_assert_int_eq(ota_image_applies(img, 0x1234, 0x0042, 0x1F, -1, &why), OTA_OK);
	ck_assert_int_eq(ota_image_applies(img, 0x1234, 0x0042, 0x1F, 0x0200, &why),
	    OTA_E_NOT_APPLICABLE);
	ck_assert_int_eq(why, OTA_APPLIES_HW_VERSION);
	ck_assert_int_eq(ota_image_applies(img, 0x1234, 0x0042, 0x1F, 0x00FF, &why),
	    OTA_E_NOT_APPLICABLE);
	ck_assert_int_eq(ota_image_applies(img, 0x1234, 0x0042, 0x20, 0x0150, &why),
	    OTA_E_NOT_APPLICABLE);
	ck_assert_int_eq(why, OTA_APPLIES_NOT_NEWER);
	ota_image_free(&img);
	ota_builder_free(&bld);
	membuf_free(&m);
}
END_TEST

Suite *
suite_stream(void)
{
	Suite *s = suite_create("stream");
	TCase *tc = tcase_create("stream");

	tcase_add_loop_test(tc, forward_same_as_path, 0, (int)(sizeof(files) / sizeof(files[0])));
	tcase_add_loop_test(tc, forward_extract, 0, (int)(sizeof(files) / sizeof(files[0])));
	tcase_add_test(tc, forward_short_elements);
	tcase_add_loop_test(tc, truncated_everywhere, 0, 21);
	tcase_add_test(tc, header_only_applies);
	tcase_add_test(tc, header_only_hostile_ngis);
	tcase_add_test(tc, applies_rules);
	tcase_set_timeout(tc, 120);
	suite_add_tcase(s, tc);
	return s;
}
