/* test_containers.c - containers and trailers told precisely (issue 9,
 * item 4): a container whose own fields contradict the file is a warning
 * that fails strict verification; the NGIS container's trailer is the
 * container's; a tar member is named as such; the raw-payload hint names
 * GBCS only for a GBCS-like ending; and no message ends in a number. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

/* A 56-byte header at p with the given total size, then (at p + 56) an
 * upgrade-image element of total - 62 bytes of 0x5A. */
static void
image(uint8_t *p, uint32_t total)
{
	memset(p, 0, 56);
	put32(p, 0x0BEEF11E);
	put16(p + 4, 0x0100);
	put16(p + 6, 56);
	put16(p + 10, 0x1189);
	put16(p + 12, 0x00B6);
	put32(p + 14, 0x03483712);
	put16(p + 18, 2);
	memcpy(p + 20, "containers", 10);
	put32(p + 52, total);
	put16(p + 56, 0);
	put32(p + 58, total - 62);
	memset(p + 62, 0x5A, total - 62);
}

/* The rule for every message: it never ends in a digit, so no number is
 * left dangling without what it is (a unit, or the words around it). */
static void
msgs_ok(const struct ota_image *img, const char *what)
{
	const char *m;
	size_t i, n;

	for (i = 0; i < ota_image_diag_count(img); i++) {
		m = ota_image_diag_message(img, i);
		n = strlen(m);
		ck_assert_msg(n > 0 && !(m[n - 1] >= '0' && m[n - 1] <= '9'),
		    "%s: diagnostic %s ends in a number: %s", what,
		    ota_diag_name(ota_image_diag_code(img, i)), m);
	}
	m = ota_image_errmsg(img);
	n = strlen(m);
	ck_assert_msg(n == 0 || !(m[n - 1] >= '0' && m[n - 1] <= '9'),
	    "%s: error message ends in a number: %s", what, m);
}

static struct ota_image *
open_fmt(const uint8_t *b, size_t n, enum ota_format fmt, int want)
{
	struct ota_image *img = ota_image_new();
	int r;

	ck_assert_int_eq(ota_image_set_format(img, fmt), OTA_OK);
	r = ota_image_open_memory(img, b, n);
	ck_assert_msg(r == want, "open: %s, want %s: %s", ota_errname(r), ota_errname(want),
	    ota_image_errmsg(img));
	msgs_ok(img, "open");
	return img;
}

static struct ota_image *
open_ok(const uint8_t *b, size_t n)
{
	return open_fmt(b, n, OTA_FORMAT_AUTO, OTA_OK);
}

static int
diag_at(const struct ota_image *img, int code, uint64_t *off, const char **msg)
{
	size_t i;

	for (i = 0; i < ota_image_diag_count(img); i++)
		if (ota_image_diag_code(img, i) == code) {
			if (off != NULL)
				*off = ota_image_diag_offset(img, i);
			if (msg != NULL)
				*msg = ota_image_diag_message(img, i);
			return 1;
		}
	return 0;
}

/* verify: flags, then the code wanted; messages checked after */
static void
verify_is(struct ota_image *img, unsigned flags, int want)
{
	int r = ota_image_verify(img, flags);

	ck_assert_msg(r == want, "verify: %s, want %s: %s", ota_errname(r), ota_errname(want),
	    ota_image_errmsg(img));
	msgs_ok(img, "verify");
}

#define OTA 100u /* the image's total size in these files */

/* An NGIS container: 64-byte container header, the image, a trailer. */
static size_t
ngis(uint8_t *b, uint32_t off, uint32_t size, size_t trailer)
{
	memset(b, 0x33, 64 + OTA + trailer);
	memcpy(b, "NGIS", 4);
	put32(b + 16, off);
	put32(b + 20, size);
	image(b + 64, OTA);
	return 64 + OTA + trailer;
}

START_TEST(ngis_own_trailer)
{
	uint8_t b[64 + OTA + 512];
	struct ota_image *img;
	uint64_t off;

	img = open_ok(b, ngis(b, 64, OTA, 512));
	ck_assert_int_eq(ota_image_container(img), OTA_CONTAINER_NGIS);
	ck_assert_int_eq(ota_image_trailer_kind(img), OTA_TRAILER_CONTAINER);
	ck_assert(diag_at(img, OTA_D_CONTAINER_TRAILER, &off, NULL));
	ck_assert_uint_eq(off, 64 + OTA);
	ck_assert_int_eq(ota_diag_severity(OTA_D_CONTAINER_TRAILER), OTA_SEV_INFO);
	/* the container's own bytes are not trailing data */
	ck_assert(!diag_at(img, OTA_D_TRAILING_DATA, NULL, NULL));
	ck_assert(!diag_at(img, OTA_D_CONTAINER_CONTRADICTS, NULL, NULL));
	verify_is(img, OTA_VERIFY_STRICT, OTA_OK);
	ota_image_free(&img);
}
END_TEST

START_TEST(ngis_contradicts)
{
	uint8_t b[64 + OTA + 512];
	struct ota_image *img;
	const char *m;
	uint64_t off;
	size_t n;

	ck_assert_int_eq(ota_diag_severity(OTA_D_CONTAINER_CONTRADICTS), OTA_SEV_WARNING);
	/* the declared size runs past the end of the file */
	img = open_ok(b, ngis(b, 64, 100000, 512));
	ck_assert_int_eq(ota_image_container(img), OTA_CONTAINER_NGIS);
	ck_assert(diag_at(img, OTA_D_CONTAINER_CONTRADICTS, &off, &m));
	ck_assert_uint_eq(off, 20);
	ck_assert_ptr_nonnull(strstr(m, "past the end"));
	verify_is(img, 0, OTA_OK);
	verify_is(img, OTA_VERIFY_STRICT, OTA_E_CONTAINER);
	ck_assert_uint_eq(ota_image_erroffset(img), 20);
	ota_image_free(&img);
	/* a size inside the file that is not the image's */
	img = open_ok(b, ngis(b, 64, OTA + 8, 512));
	ck_assert(diag_at(img, OTA_D_CONTAINER_CONTRADICTS, &off, &m));
	ck_assert_uint_eq(off, 20);
	verify_is(img, OTA_VERIFY_STRICT, OTA_E_CONTAINER);
	ota_image_free(&img);
	/* the declared offset lies past the end: the header is found by its
	 * identifier, and the contradiction reported */
	img = open_ok(b, ngis(b, 5000, OTA, 512));
	ck_assert_int_eq(ota_image_container(img), OTA_CONTAINER_NGIS);
	ck_assert_uint_eq(ota_image_ota_offset(img), 64);
	ck_assert(diag_at(img, OTA_D_CONTAINER_CONTRADICTS, &off, &m));
	ck_assert_uint_eq(off, 16);
	ck_assert_ptr_nonnull(strstr(m, "gives 5000, past the first"));
	verify_is(img, 0, OTA_OK);
	verify_is(img, OTA_VERIFY_STRICT, OTA_E_CONTAINER);
	ota_image_free(&img);
	/* an offset that holds no header, and none anywhere: refused */
	n = ngis(b, 64, OTA, 512);
	b[64] = 0;
	img = open_fmt(b, n, OTA_FORMAT_AUTO, OTA_E_BAD_MAGIC);
	ck_assert_ptr_nonnull(strstr(ota_image_errmsg(img), "OTA offset field"));
	ota_image_free(&img);
	/* all consistent: nothing said */
	img = open_ok(b, ngis(b, 64, OTA, 512));
	ck_assert(!diag_at(img, OTA_D_CONTAINER_CONTRADICTS, NULL, NULL));
	ota_image_free(&img);
}
END_TEST

START_TEST(size_prefix_contradicts)
{
	uint8_t b[4 + OTA];
	struct ota_image *img;
	uint64_t off;

	put32(b, OTA);
	image(b + 4, OTA);
	img = open_ok(b, sizeof(b));
	ck_assert_int_eq(ota_image_container(img), OTA_CONTAINER_SIZE_PREFIX);
	ck_assert(!diag_at(img, OTA_D_CONTAINER_CONTRADICTS, NULL, NULL));
	verify_is(img, OTA_VERIFY_STRICT, OTA_OK);
	ota_image_free(&img);
	put32(b, OTA + 12); /* disagrees with total_image_size (and the file) */
	img = open_ok(b, sizeof(b));
	ck_assert(diag_at(img, OTA_D_CONTAINER_CONTRADICTS, &off, NULL));
	ck_assert_uint_eq(off, 0);
	verify_is(img, 0, OTA_OK);
	verify_is(img, OTA_VERIFY_STRICT, OTA_E_CONTAINER);
	ota_image_free(&img);
	put32(b, OTA - 12); /* inside the file, still not the image's size */
	img = open_ok(b, sizeof(b));
	ck_assert(diag_at(img, OTA_D_CONTAINER_CONTRADICTS, NULL, NULL));
	ota_image_free(&img);
}
END_TEST

/* A ustar archive of one member holding an image of OTA bytes, declared
 * size decl; returns the archive's length (two end blocks after). */
static size_t
tar(uint8_t *b, uint64_t decl)
{
	unsigned sum = 0;
	size_t i;

	memset(b, 0, 512 * 4);
	memcpy(b, "firmware.ota", 12);
	memcpy(b + 100, "0000644", 7);
	memcpy(b + 108, "0001750", 7);
	memcpy(b + 116, "0001750", 7);
	(void)snprintf((char *)b + 124, 12, "%011llo", (unsigned long long)decl);
	memcpy(b + 136, "14707041160", 11);
	b[156] = '0';
	memcpy(b + 257, "ustar", 6);
	memcpy(b + 263, "00", 2);
	memset(b + 148, ' ', 8);
	for (i = 0; i < 512; i++)
		sum += b[i];
	(void)snprintf((char *)b + 148, 8, "%06o", sum);
	image(b + 512, OTA);
	return 512 * 4;
}

START_TEST(tar_member)
{
	uint8_t b[512 * 4];
	struct ota_image *img;
	uint64_t off;
	size_t n;

	n = tar(b, OTA);
	img = open_ok(b, n);
	ck_assert_int_eq(ota_image_container(img), OTA_CONTAINER_TAR);
	ck_assert_uint_eq(ota_image_ota_offset(img), 512);
	ck_assert(diag_at(img, OTA_D_CONTAINER_TAR, &off, NULL));
	ck_assert_uint_eq(off, 0);
	ck_assert_int_eq(ota_diag_severity(OTA_D_CONTAINER_TAR), OTA_SEV_INFO);
	ck_assert(!diag_at(img, OTA_D_CONTAINER_UNKNOWN, NULL, NULL));
	/* the archive's padding and end blocks are the container's */
	ck_assert_int_eq(ota_image_trailer_kind(img), OTA_TRAILER_CONTAINER);
	ck_assert_uint_eq(ota_image_trailer_length(img), n - 512 - OTA);
	ck_assert(diag_at(img, OTA_D_CONTAINER_TRAILER, NULL, NULL));
	ck_assert(!diag_at(img, OTA_D_TRAILING_DATA, NULL, NULL));
	verify_is(img, OTA_VERIFY_STRICT, OTA_OK);
	ota_image_free(&img);
	/* the member's size field disagrees with the image */
	n = tar(b, OTA + 1);
	img = open_ok(b, n);
	ck_assert_int_eq(ota_image_container(img), OTA_CONTAINER_TAR);
	ck_assert(diag_at(img, OTA_D_CONTAINER_CONTRADICTS, &off, NULL));
	ck_assert_uint_eq(off, 124);
	verify_is(img, OTA_VERIFY_STRICT, OTA_E_CONTAINER);
	ota_image_free(&img);
	/* a bad checksum: not a tar header, unknown bytes */
	n = tar(b, OTA);
	b[0] ^= 1;
	img = open_ok(b, n);
	ck_assert_int_eq(ota_image_container(img), OTA_CONTAINER_UNKNOWN);
	ota_image_free(&img);
}
END_TEST

/* Header, then raw bytes (not a sub-element stream) up to total; with
 * trailer, the last 66 bytes are 00 40 and r||s = rv..., sv... */
static void
raw(uint8_t *b, uint32_t total, int trailer, uint8_t rv)
{
	image(b, total);
	memset(b + 56, 0xEE, total - 56);
	if (trailer) {
		b[total - 66] = 0x00;
		b[total - 65] = 0x40;
		memset(b + total - 64, rv, 32);
		memset(b + total - 32, 0x11, 32);
	}
}

START_TEST(raw_payload_gbcs_hint)
{
	uint8_t b[300];
	struct ota_image *img;
	const char *m;

	/* no trailer: a raw payload, and no word of GBCS */
	raw(b, sizeof(b), 0, 0);
	img = open_ok(b, sizeof(b));
	ck_assert(diag_at(img, OTA_D_RAW_PAYLOAD, NULL, &m));
	ck_assert_msg(strstr(m, "GBCS") == NULL, "%s", m);
	ota_image_free(&img);
	img = open_fmt(b, sizeof(b), OTA_FORMAT_ZIGBEE, OTA_OK);
	ck_assert(diag_at(img, OTA_D_RAW_PAYLOAD, NULL, &m));
	ck_assert_msg(strstr(m, "GBCS") == NULL, "%s", m);
	ota_image_free(&img);
	/* read as Zigbee, it ends like a GBCS image: the hint names GBCS */
	raw(b, sizeof(b), 1, 0x22);
	img = open_fmt(b, sizeof(b), OTA_FORMAT_ZIGBEE, OTA_OK);
	ck_assert(diag_at(img, OTA_D_RAW_PAYLOAD, NULL, &m));
	ck_assert_msg(strstr(m, "GBCS") != NULL, "%s", m);
	ota_image_free(&img);
	/* the length 64, but r is zero: no P-256 signature, no hint */
	raw(b, sizeof(b), 1, 0x00);
	img = open_fmt(b, sizeof(b), OTA_FORMAT_ZIGBEE, OTA_OK);
	ck_assert(diag_at(img, OTA_D_RAW_PAYLOAD, NULL, &m));
	ck_assert_msg(strstr(m, "GBCS") == NULL, "%s", m);
	ota_image_free(&img);
}
END_TEST

/* Every shipping vector, in each format, opened and verified strictly:
 * no message ends in a number. */
START_TEST(messages_end_in_words)
{
	static const char *dirs[] = { "zigbee/real", "zigbee/samples", "gbcs" };
	static const enum ota_format fmts[] = { OTA_FORMAT_AUTO, OTA_FORMAT_ZIGBEE,
		OTA_FORMAT_GBCS };
	char path[4400], dir[4096];
	struct ota_image *img;
	struct dirent *de;
	size_t d, f;
	int files = 0;
	DIR *dp;

	for (d = 0; d < sizeof(dirs) / sizeof(dirs[0]); d++) {
		(void)snprintf(dir, sizeof(dir), "%s", vector_path(dirs[d]));
		ck_assert_ptr_nonnull(dp = opendir(dir));
		while ((de = readdir(dp)) != NULL) {
			if (de->d_name[0] == '.' || strstr(de->d_name, ".json") != NULL ||
			    strstr(de->d_name, ".pem") != NULL)
				continue;
			(void)snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
			for (f = 0; f < sizeof(fmts) / sizeof(fmts[0]); f++) {
				ck_assert_ptr_nonnull(img = ota_image_new());
				ck_assert_int_eq(ota_image_set_format(img, fmts[f]), OTA_OK);
				if (ota_image_open_path(img, path) == OTA_OK)
					(void)ota_image_verify(img, OTA_VERIFY_STRICT);
				msgs_ok(img, path);
				ota_image_free(&img);
			}
			files++;
		}
		closedir(dp);
	}
	ck_assert_int_ge(files, 21);
}
END_TEST

Suite *
suite_containers(void)
{
	Suite *s = suite_create("containers");
	TCase *tc = tcase_create("containers");

	tcase_add_test(tc, ngis_own_trailer);
	tcase_add_test(tc, ngis_contradicts);
	tcase_add_test(tc, size_prefix_contradicts);
	tcase_add_test(tc, tar_member);
	tcase_add_test(tc, raw_payload_gbcs_hint);
	tcase_add_test(tc, messages_end_in_words);
	suite_add_tcase(s, tc);
	return s;
}
