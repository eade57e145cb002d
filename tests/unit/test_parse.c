/* test_parse.c - synthetic files for each layout the parser must
 * recognise: Telink elements, containers, trailers, vendor IIC rule,
 * header-string forms, payload kinds, and forward-only input. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

#include "testutil.h"

/* A 56-byte header at p with the given total size. */
static void
header(uint8_t *p, uint32_t total)
{
	memset(p, 0, 56);
	put32(p, 0x0BEEF11E);
	put16(p + 4, 0x0100);
	put16(p + 6, 56);
	put16(p + 10, 0x1189);
	put16(p + 12, 0x00B6);
	put32(p + 14, 0x03483712);
	put16(p + 18, 2);
	memcpy(p + 20, "synthetic", 9);
	put32(p + 52, total);
}

static struct ota_image *
open_ok(const uint8_t *b, size_t n)
{
	struct ota_image *img = ota_image_new();
	int r = ota_image_open_memory(img, b, n);

	ck_assert_msg(r == OTA_OK, "%s: %s", ota_errname(r), ota_image_errmsg(img));
	return img;
}

static int
has_diag(const struct ota_image *img, int code, uint64_t *off)
{
	size_t i;

	for (i = 0; i < ota_image_diag_count(img); i++)
		if (ota_image_diag_code(img, i) == code) {
			if (off != NULL)
				*off = ota_image_diag_offset(img, i);
			return 1;
		}
	return 0;
}

START_TEST(telink_layout)
{
	uint8_t b[56 + 8 + 40];
	struct ota_image *img;
	struct membuf x = { 0 };

	header(b, sizeof(b));
	put16(b + 56, 0xF000);
	put32(b + 58, 40);
	b[62] = 0x01; /* the 2 extra bytes */
	b[63] = 0x0c;
	memset(b + 64, 0xA5, 40);
	img = open_ok(b, sizeof(b));
	ck_assert_int_eq(ota_image_walk(img), OTA_WALK_TELINK_F000);
	ck_assert_uint_eq(ota_image_element_count(img), 1);
	ck_assert_uint_eq(ota_image_element_offset(img, 0), 56);
	ck_assert_uint_eq(ota_image_element_length(img, 0), 40);
	ck_assert_uint_eq(ota_image_element_data_offset(img, 0), 64);
	ck_assert(has_diag(img, OTA_D_TELINK_LAYOUT, NULL));
	ck_assert_int_eq(ota_image_verify(img, 0), OTA_OK);
	ck_assert_int_eq(ota_image_extract(img, 0, membuf_write, &x), OTA_OK);
	ck_assert_uint_eq(x.n, 40);
	ck_assert_uint_eq(x.p[0], 0xA5);
	membuf_free(&x);
	ota_image_free(&img);
}
END_TEST

START_TEST(ngis_container)
{
	uint8_t b[64 + 56 + 10 + 512];
	struct ota_image *img;

	memset(b, 0x33, sizeof(b));
	memcpy(b, "NGIS", 4);
	put32(b + 16, 64);
	put32(b + 20, 66);
	header(b + 64, 66);
	put16(b + 120, 0);
	put32(b + 122, 4);
	img = open_ok(b, sizeof(b));
	ck_assert_int_eq(ota_image_container(img), OTA_CONTAINER_NGIS);
	ck_assert_uint_eq(ota_image_ota_offset(img), 64);
	ck_assert_uint_eq(ota_image_element_offset(img, 0), 120);
	ck_assert_uint_eq(ota_image_trailer_length(img), 512);
	ck_assert_uint_eq(ota_image_trailer_offset(img), 130);
	ck_assert_int_eq(ota_image_trailer_kind(img), OTA_TRAILER_CONTAINER);
	ota_image_free(&img);
}
END_TEST

START_TEST(size_prefix_and_unknown_prefix)
{
	uint8_t b[10 + 66 + 17];
	struct ota_image *img;
	uint64_t off;

	memset(b, 0x77, sizeof(b));
	put32(b, 66);
	header(b + 4, 66);
	put16(b + 60, 0);
	put32(b + 62, 4);
	img = open_ok(b, 4 + 66 + 17);
	ck_assert_int_eq(ota_image_container(img), OTA_CONTAINER_SIZE_PREFIX);
	ck_assert_uint_eq(ota_image_ota_offset(img), 4);
	ck_assert_uint_eq(ota_image_trailer_length(img), 17);
	ck_assert_int_eq(ota_image_trailer_kind(img), OTA_TRAILER_OTHER);
	ota_image_free(&img);
	/* ten unknown bytes before the header */
	memset(b, 0x77, sizeof(b));
	header(b + 10, 66);
	put16(b + 66, 0);
	put32(b + 68, 4);
	img = open_ok(b, 10 + 66);
	ck_assert_int_eq(ota_image_container(img), OTA_CONTAINER_UNKNOWN);
	ck_assert_uint_eq(ota_image_ota_offset(img), 10);
	ck_assert(has_diag(img, OTA_D_CONTAINER_UNKNOWN, &off));
	ck_assert_int_eq(ota_image_verify(img, OTA_VERIFY_STRICT), OTA_E_BAD_MAGIC);
	ota_image_free(&img);
}
END_TEST

START_TEST(trailer_crc32_and_padding)
{
	uint8_t b[66 + 8];
	struct ota_image *img;
	uLong crc;

	header(b, 66);
	put16(b + 56, 0);
	put32(b + 58, 4);
	memcpy(b + 62, "fw!!", 4);
	crc = crc32(crc32(0L, Z_NULL, 0), b, 66);
	put32(b + 66, (uint32_t)crc);
	img = open_ok(b, 70);
	ck_assert_int_eq(ota_image_trailer_kind(img), OTA_TRAILER_CRC32_CANDIDATE);
	ck_assert_int_eq(ota_image_verify(img, 0), OTA_OK);
	ck_assert_int_eq(ota_image_trailer_kind(img), OTA_TRAILER_CRC32);
	ck_assert(has_diag(img, OTA_D_TRAILER_CRC32, NULL));
	ota_image_free(&img);
	b[66] ^= 1; /* no longer the CRC: stays a candidate */
	img = open_ok(b, 70);
	ck_assert_int_eq(ota_image_verify(img, 0), OTA_OK);
	ck_assert_int_eq(ota_image_trailer_kind(img), OTA_TRAILER_CRC32_CANDIDATE);
	ota_image_free(&img);
	memset(b + 66, 0xFF, 4);
	memcpy(b + 70, "\x12\x34\x56\x78", 4);
	img = open_ok(b, 74);
	ck_assert_int_eq(ota_image_trailer_kind(img), OTA_TRAILER_FF_PADDING);
	ck_assert_uint_eq(ota_image_trailer_length(img), 8);
	ota_image_free(&img);
}
END_TEST

START_TEST(iic_vendor_rule)
{
	uint8_t b[56 + 10 + 22];
	struct ota_image *img;
	uint8_t got[16];

	header(b, sizeof(b));
	put16(b + 56, 0);
	put32(b + 58, 4);
	memcpy(b + 62, "data", 4);
	put16(b + 66, 3);
	put32(b + 68, 16);
	/* NodOn: the hash also covers the code's own 6-byte element header */
	ck_assert_int_eq(ota_mmo_digest(b, 72, b + 72), OTA_OK);
	img = open_ok(b, sizeof(b));
	ck_assert_int_eq(ota_image_verify(img, 0), OTA_OK);
	ck_assert_int_eq(ota_image_iic_result(img), OTA_IIC_MATCH_VENDOR);
	ck_assert(has_diag(img, OTA_D_IIC_VENDOR_RULE, NULL));
	ck_assert_int_eq(ota_image_iic_stored(img, got), OTA_OK);
	ck_assert_mem_eq(got, b + 72, 16);
	ck_assert_int_eq(ota_image_verify(img, OTA_VERIFY_STRICT), OTA_E_DIGEST);
	ota_image_free(&img);
}
END_TEST

START_TEST(header_strings)
{
	uint8_t b[66];
	struct ota_image *img;
	char text[64];

	header(b, 66);
	put16(b + 56, 0);
	put32(b + 58, 4);
	memset(b + 20, 0, 32);
	memcpy(b + 20, "\x05hello", 6); /* Nordic: length byte first */
	img = open_ok(b, sizeof(b));
	ck_assert(has_diag(img, OTA_D_STRING_LENGTH_PREFIXED, NULL));
	ota_image_header_string_text(img, text, sizeof(text));
	ck_assert_str_eq(text, "hello");
	ota_image_free(&img);
	memcpy(b + 20, "The latest and greatest upgrade.", 32); /* all 32 used */
	img = open_ok(b, sizeof(b));
	ck_assert(has_diag(img, OTA_D_STRING_UNTERMINATED, NULL));
	ota_image_header_string_text(img, text, sizeof(text));
	ck_assert_str_eq(text, "The latest and greatest upgrade.");
	ota_image_free(&img);
	memset(b + 20, 0, 32);
	memcpy(b + 20, "caf\xc3\xa9 \xff", 7); /* UTF-8, then a bad byte */
	img = open_ok(b, sizeof(b));
	ck_assert(has_diag(img, OTA_D_STRING_NOT_UTF8, NULL));
	ota_image_header_string_text(img, text, sizeof(text));
	ck_assert_str_eq(text, "caf\xc3\xa9 .");
	ck_assert_mem_eq(ota_image_header_string_ptr(img), b + 20, 32);
	ota_image_free(&img);
}
END_TEST

START_TEST(payload_kinds)
{
	static const struct {
		const char *bytes;
		size_t n;
		enum ota_payload_kind kind;
		uint32_t where;
	} k[] = {
		{ "\xEB\x17\xA6\x03\x08\x00\x00\x00", 8, OTA_PAYLOAD_GBL, 0 },
		{ "\x00\x00\x00\x8C\x02\x01\xE3\x50", 8, OTA_PAYLOAD_EBL, 0 },
		{ "\xFB\x05\x00\x06\x02\x01\x00\x01", 8, OTA_PAYLOAD_EBL_ENCRYPTED, 0 },
		{ "\x3D\xB8\xF3\x96\x00\x00\x00\x00", 8, OTA_PAYLOAD_MCUBOOT, 0 },
		{ "\x00\x20\x00\x00\x60\x08\x02\x00\x1E\xF1\xEE\x0B", 12, OTA_PAYLOAD_NESTED_OTA, 8 },
		{ "\x26\x7c\xbc\x55\xc8\xf0\x00\xde", 8, OTA_PAYLOAD_UNKNOWN, 0 },
	};
	uint8_t b[56 + 6 + 12];
	struct ota_image *img;

	header(b, 56 + 6 + (uint32_t)k[_i].n);
	put16(b + 56, 0);
	put32(b + 58, (uint32_t)k[_i].n);
	memcpy(b + 62, k[_i].bytes, k[_i].n);
	img = open_ok(b, 62 + k[_i].n);
	ck_assert_int_eq(ota_image_element_kind(img, 0), k[_i].kind);
	ck_assert_uint_eq(ota_image_element_kind_offset(img, 0), k[_i].where);
	ota_image_free(&img);
}
END_TEST

/* Forward-only input (no seek, no size): the table still parses. */
struct fwd {
	const uint8_t *p;
	size_t n, pos, reads;
};

static int
fwd_read(void *ctx, void *buf, size_t len, size_t *got)
{
	struct fwd *f = ctx;
	size_t n = f->n - f->pos < len ? f->n - f->pos : len;

	if (n > 7)
		n = 7; /* short reads, too */
	memcpy(buf, f->p + f->pos, n);
	f->pos += n;
	f->reads++;
	*got = n;
	return 0;
}

START_TEST(forward_only_input)
{
	static const struct ota_io io = { fwd_read, NULL, NULL, NULL };
	uint8_t b[56 + 10 + 10 + 3];
	struct fwd f = { b, sizeof(b), 0, 0 };
	struct ota_image *img = ota_image_new();

	header(b, 76);
	put16(b + 56, 0);
	put32(b + 58, 4);
	put16(b + 66, 0xF123);
	put32(b + 68, 4);
	ck_assert_int_eq(ota_image_open_io(img, &io, &f), OTA_OK);
	ck_assert_uint_eq(ota_image_element_count(img), 2);
	ck_assert_uint_eq(ota_image_element_tag(img, 1), 0xF123);
	ck_assert_uint_eq(ota_image_trailer_length(img), 3);
	ck_assert_uint_eq(ota_image_file_size(img), sizeof(b));
	ota_image_free(&img);
}
END_TEST

START_TEST(file_opener)
{
	FILE *fp = fopen(vector_path("zigbee/samples/silabs-suite1-signed-sample.ota"), "rb");
	struct ota_image *img = ota_image_new();
	char text[64];

	ck_assert_ptr_nonnull(fp);
	ck_assert_int_eq(ota_image_open_FILE(img, fp), OTA_OK);
	ck_assert_uint_eq(ota_image_manufacturer_code(img), 0x1002);
	ck_assert_uint_eq(ota_image_image_type(img), 0x5678);
	ck_assert_uint_eq(ota_image_file_version(img), 5);
	ota_image_header_string_text(img, text, sizeof(text));
	ck_assert_str_eq(text, "The latest and greatest upgrade.");
	ck_assert_uint_eq(ota_image_element_count(img), 3);
	ck_assert_uint_eq(ota_image_element_tag(img, 1), OTA_TAG_CERTIFICATE_SUITE1);
	ck_assert_uint_eq(ota_image_element_offset(img, 1), 72);
	ck_assert_uint_eq(ota_image_element_data_offset(img, 1), 78);
	ck_assert(has_diag(img, OTA_D_SIGNATURE_PRESENT, NULL));
	/* a signed file: no "OK" without a check; allowed unchecked, structure only */
	ck_assert_int_eq(ota_image_verify(img, 0), OTA_E_SIG_UNCHECKED);
	ck_assert_int_eq(ota_image_verify(img, OTA_VERIFY_ALLOW_UNCHECKED), OTA_OK);
	ck_assert_int_eq(ota_image_verify(img, OTA_VERIFY_STRICT), OTA_E_SIG_UNCHECKED);
	ota_image_free(&img);
	fclose(fp);
}
END_TEST

/* A 3 GiB image that exists only as callbacks: opening it must read a
 * bounded number of bytes, whatever the payload size. */
struct virt {
	uint8_t hdr[62 + 64];
	uint64_t size, pos, bytes_read;
};

static int
virt_read(void *ctx, void *buf, size_t len, size_t *got)
{
	struct virt *v = ctx;
	size_t i;

	if (v->pos >= v->size) {
		*got = 0;
		return 0;
	}
	if (len > v->size - v->pos)
		len = (size_t)(v->size - v->pos);
	for (i = 0; i < len; i++)
		((uint8_t *)buf)[i] = v->pos + i < sizeof(v->hdr) ? v->hdr[v->pos + i] : 0x5A;
	v->pos += len;
	v->bytes_read += len;
	*got = len;
	return 0;
}

static int
virt_seek(void *ctx, uint64_t off)
{
	((struct virt *)ctx)->pos = off;
	return 0;
}

static int
virt_size(void *ctx, uint64_t *size)
{
	*size = ((struct virt *)ctx)->size;
	return 0;
}

START_TEST(open_reads_bounded)
{
	static const struct ota_io io = { virt_read, virt_seek, virt_size, NULL };
	struct virt v;
	struct ota_image *img = ota_image_new();
	uint32_t total = 0xC0000000u; /* 3 GiB */

	memset(&v, 0, sizeof(v));
	header(v.hdr, total);
	put16(v.hdr + 56, 0);
	put32(v.hdr + 58, total - 62);
	memcpy(v.hdr + 62, "\xEB\x17\xA6\x03", 4);
	v.size = total;
	ck_assert_int_eq(ota_image_open_io(img, &io, &v), OTA_OK);
	ck_assert_uint_eq(ota_image_element_length(img, 0), total - 62);
	ck_assert_int_eq(ota_image_element_kind(img, 0), OTA_PAYLOAD_GBL);
	ck_assert_msg(v.bytes_read <= 8192, "open read %llu bytes", (unsigned long long)v.bytes_read);
	ota_image_free(&img);
}
END_TEST

Suite *
suite_parse(void)
{
	Suite *s = suite_create("parse");
	TCase *tc = tcase_create("layouts");

	tcase_add_test(tc, telink_layout);
	tcase_add_test(tc, ngis_container);
	tcase_add_test(tc, size_prefix_and_unknown_prefix);
	tcase_add_test(tc, trailer_crc32_and_padding);
	tcase_add_test(tc, iic_vendor_rule);
	tcase_add_test(tc, header_strings);
	tcase_add_loop_test(tc, payload_kinds, 0, 6);
	tcase_add_test(tc, forward_only_input);
	tcase_add_test(tc, file_opener);
	tcase_add_test(tc, open_reads_bounded);
	suite_add_tcase(s, tc);
	return s;
}
