/* test_edit.c - ota_image_edit (issue 14 item 2): a field changed and
 * changed back gives the vendor's file byte for byte (its integrity code
 * is the known answer); optional fields removed and added; signed images
 * refused, or written without the signature; bad edits refused with
 * nothing written. */
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

#define INNR "zigbee/real/Innr__1166-0128-24011511-RS_226_v2-upgradeMe.ota"
#define INSTA "zigbee/real/Insta__ZLL_HS_4f_GJ_Release_10.03.32.02.zigbee"
#define LEGRAND "zigbee/real/Legrand__1021-000f-004745ff-NLL.zigbee"
#define SAMPLE "zigbee/samples/silabs-suite1-signed-sample.ota"

static struct ota_image *
open_mem(const uint8_t *p, size_t n)
{
	struct ota_image *img = ota_image_new();

	ck_assert_ptr_nonnull(img);
	ck_assert_int_eq(ota_image_open_memory(img, p, n), OTA_OK);
	return img;
}

static struct ota_image *
open_vec(const char *rel)
{
	struct ota_image *img = ota_image_new();

	ck_assert_ptr_nonnull(img);
	ck_assert_int_eq(ota_image_open_path(img, vector_path(rel)), OTA_OK);
	return img;
}

/* Edit in (the vector rel, or the buffer) into out; returns the result. */
static int
edit(struct ota_image *img, struct ota_header_edit *e, unsigned flags, struct membuf *out)
{
	memset(out, 0, sizeof(*out));
	return ota_image_edit(img, e, NULL, NULL, 0, flags, membuf_write, out);
}

START_TEST(field_and_back_is_the_vendor_file)
{
	struct ota_header_edit e;
	struct membuf a, b;
	struct ota_image *img = open_vec(INNR), *img2;
	size_t n;
	uint8_t *orig = slurp(vector_path(INNR), &n);

	memset(&e, 0, sizeof(e));
	e.set = OTA_EDIT_FILE_VERSION;
	e.file_version = 1;
	ck_assert_int_eq(edit(img, &e, 0, &a), OTA_OK);
	ck_assert_uint_eq(a.n, 261711);
	ck_assert_uint_eq(e.new_header_length, 60);
	ck_assert_uint_eq(e.new_field_control, 4);
	ck_assert_uint_eq(e.new_total_image_size, 261711);
	/* the field, little-endian; the integrity code differs */
	ck_assert_mem_eq(a.p + 14, "\x01\x00\x00\x00", 4);
	ck_assert_mem_eq(a.p, orig, 14);
	ck_assert_mem_eq(a.p + 18, orig + 18, 261711 - 18 - 16);
	ck_assert(memcmp(a.p + 261711 - 16, orig + 261711 - 16, 16) != 0);
	img2 = open_mem(a.p, a.n);
	ck_assert_int_eq(ota_image_verify(img2, 0), OTA_OK);
	ck_assert_int_eq(ota_image_iic_result(img2), OTA_IIC_MATCH);
	e.file_version = 0x24011511;
	ck_assert_int_eq(edit(img2, &e, 0, &b), OTA_OK);
	ck_assert_uint_eq(b.n, n);
	ck_assert_mem_eq(b.p, orig, n); /* the vendor's integrity code again */
	ota_image_free(&img2);
	ota_image_free(&img);
	membuf_free(&a);
	membuf_free(&b);
	free(orig);
}
END_TEST

START_TEST(optional_fields_removed_and_added)
{
	static const uint8_t opt[13] = { 0x02, 0x77, 0x66, 0x55, 0x44, 0x33, 0x22, 0x11, 0x00,
	    0x01, 0x00, 0x05, 0x00 };
	struct ota_header_edit e;
	struct membuf a, b, c;
	struct ota_image *img = open_vec(INNR), *img2;
	size_t n, m;
	uint8_t *orig = slurp(vector_path(INNR), &n), *insta = slurp(vector_path(INSTA), &m);
	uint16_t lo, hi;

	memset(&e, 0, sizeof(e));
	e.set = OTA_EDIT_NO_HW_VERSIONS;
	ck_assert_int_eq(edit(img, &e, 0, &a), OTA_OK);
	ck_assert_uint_eq(a.n, n - 4);
	ck_assert_uint_eq(e.new_header_length, 56);
	ck_assert_uint_eq(e.new_field_control, 0);
	ck_assert_uint_eq(e.new_total_image_size, 261707);
	ck_assert_mem_eq(a.p + 6, "\x38\x00\x00\x00", 4);
	ck_assert_mem_eq(a.p + 56, orig + 60, n - 60 - 16);
	img2 = open_mem(a.p, a.n);
	ck_assert_int_eq(ota_image_hw_versions(img2, &lo, &hi), OTA_E_NOT_FOUND);
	ck_assert_uint_eq(ota_image_diag_count(img2), 0);
	ck_assert_int_eq(ota_image_verify(img2, 0), OTA_OK);
	ck_assert_int_eq(ota_image_iic_result(img2), OTA_IIC_MATCH);
	e.set = OTA_EDIT_HW_VERSIONS;
	e.hw_min = 0;
	e.hw_max = 0x0101;
	ck_assert_int_eq(edit(img2, &e, 0, &b), OTA_OK);
	ck_assert_uint_eq(b.n, n);
	ck_assert_mem_eq(b.p, orig, n);
	ota_image_free(&img2);
	ota_image_free(&img);
	/* every optional field onto a plain header: in order, destination LE */
	img = open_vec(INSTA);
	memset(&e, 0, sizeof(e));
	e.set = OTA_EDIT_SECURITY_CREDENTIAL | OTA_EDIT_DESTINATION | OTA_EDIT_HW_VERSIONS;
	e.security_credential = 2;
	e.destination = 0x0011223344556677ull;
	e.hw_min = 1;
	e.hw_max = 5;
	ck_assert_int_eq(edit(img, &e, 0, &c), OTA_OK);
	ck_assert_uint_eq(c.n, m + 13);
	ck_assert_uint_eq(e.new_header_length, 69);
	ck_assert_uint_eq(e.new_field_control, 7);
	ck_assert_mem_eq(c.p + 56, opt, sizeof(opt));
	ck_assert_mem_eq(c.p + 69, insta + 56, m - 56);
	ota_image_free(&img);
	membuf_free(&a);
	membuf_free(&b);
	membuf_free(&c);
	free(orig);
	free(insta);
}
END_TEST

START_TEST(signed_refused_or_dropped)
{
	struct ota_header_edit e;
	struct membuf a;
	struct ota_image *img = open_vec(SAMPLE), *img2;
	size_t n;
	uint8_t *orig = slurp(vector_path(SAMPLE), &n);

	memset(&e, 0, sizeof(e));
	e.set = OTA_EDIT_IMAGE_TYPE;
	e.image_type = 0x1234;
	ck_assert_int_eq(edit(img, &e, 0, &a), OTA_E_SIGNED);
	ck_assert_uint_eq(a.n, 0); /* nothing written */
	ck_assert_int_eq(edit(img, &e, OTA_EDIT_DROP_SIGNATURE, &a), OTA_OK);
	ck_assert_uint_eq(a.n, 72);
	ck_assert_uint_eq(e.new_total_image_size, 72);
	ck_assert_mem_eq(a.p + 12, "\x34\x12", 2);
	ck_assert_mem_eq(a.p + 56, orig + 56, 16);
	img2 = open_mem(a.p, a.n);
	ck_assert_uint_eq(ota_image_element_count(img2), 1);
	ck_assert_int_eq(ota_image_signature_info(img2, NULL, NULL, NULL, NULL), OTA_E_NOT_FOUND);
	ota_image_free(&img2);
	ota_image_free(&img);
	membuf_free(&a);
	free(orig);
}
END_TEST

START_TEST(bad_edits_write_nothing)
{
	struct ota_header_edit e;
	struct membuf a;
	struct ota_image *img = open_vec(INNR);

	memset(&e, 0, sizeof(e));
	e.set = OTA_EDIT_DESTINATION | OTA_EDIT_NO_DESTINATION;
	ck_assert_int_eq(edit(img, &e, 0, &a), OTA_E_INVAL);
	ck_assert_uint_eq(a.n, 0);
	e.set = OTA_EDIT_HW_VERSIONS;
	e.hw_min = 5;
	e.hw_max = 1;
	ck_assert_int_eq(edit(img, &e, 0, &a), OTA_E_INVAL);
	e.set = 0x8000u;
	ck_assert_int_eq(edit(img, &e, 0, &a), OTA_E_INVAL);
	e.set = 0;
	ck_assert_int_eq(edit(img, &e, 0x8000u, &a), OTA_E_INVAL);
	ck_assert_uint_eq(a.n, 0);
	ota_image_free(&img);
	img = open_vec(LEGRAND);
	ck_assert_int_eq(edit(img, &e, 0, &a), OTA_E_UNSUPPORTED);
	ck_assert_uint_eq(a.n, 0);
	ck_assert_ptr_nonnull(strstr(ota_image_errmsg(img), "container"));
	ota_image_free(&img);
	img = ota_image_new();
	ck_assert_int_eq(edit(img, &e, 0, &a), OTA_E_STATE);
	ota_image_free(&img);
}
END_TEST

Suite *
suite_edit(void)
{
	Suite *s = suite_create("edit");
	TCase *tc = tcase_create("edit");

	tcase_add_test(tc, field_and_back_is_the_vendor_file);
	tcase_add_test(tc, optional_fields_removed_and_added);
	tcase_add_test(tc, signed_refused_or_dropped);
	tcase_add_test(tc, bad_edits_write_nothing);
	suite_add_tcase(s, tc);
	return s;
}
