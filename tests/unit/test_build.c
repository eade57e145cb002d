/* test_build.c - the builder against bytes written out by hand from the
 * format, and create -> parse -> extract round trips. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "testutil.h"

/* Expected bytes, written by hand from the ZCL OTA file format: FC 0x0007
 * (credential, destination, hw versions), header_length 69, manufacturer
 * 0x1234, image type 0x5678, file version 0x01020304, stack 2, string
 * "hello", credential 0x01, destination 000D6F0000198B36 (stored LE),
 * hw 0x0102..0x0304, upgrade image "ABC", then the integrity code. */
static const uint8_t hand[] = {
	0x1E, 0xF1, 0xEE, 0x0B,             /* file identifier */
	0x00, 0x01,                         /* header version 0x0100 */
	0x45, 0x00,                         /* header length 69 */
	0x07, 0x00,                         /* field control */
	0x34, 0x12,                         /* manufacturer */
	0x78, 0x56,                         /* image type */
	0x04, 0x03, 0x02, 0x01,             /* file version */
	0x02, 0x00,                         /* stack version */
	'h', 'e', 'l', 'l', 'o', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0x64, 0x00, 0x00, 0x00,             /* total image size 100 */
	0x01,                               /* security credential */
	0x36, 0x8B, 0x19, 0x00, 0x00, 0x6F, 0x0D, 0x00, /* destination, LE */
	0x02, 0x01,                         /* hw min */
	0x04, 0x03,                         /* hw max */
	0x00, 0x00, 0x03, 0x00, 0x00, 0x00, 'A', 'B', 'C', /* upgrade image */
	0x03, 0x00, 0x10, 0x00, 0x00, 0x00, /* integrity code element header */
};

static struct ota_builder *
hand_builder(void)
{
	struct ota_builder *b = ota_builder_new();
	uint64_t eui;

	ck_assert_ptr_nonnull(b);
	ck_assert_int_eq(ota_builder_set_manufacturer_code(b, 0x1234), OTA_OK);
	ck_assert_int_eq(ota_builder_set_image_type(b, 0x5678), OTA_OK);
	ck_assert_int_eq(ota_builder_set_file_version(b, 0x01020304), OTA_OK);
	ck_assert_int_eq(ota_builder_set_header_string(b, "hello", 5), OTA_OK);
	ck_assert_int_eq(ota_builder_set_security_credential(b, 1), OTA_OK);
	ck_assert_int_eq(ota_eui64_parse("00:0D:6F:00:00:19:8B:36", &eui), OTA_OK);
	ck_assert_int_eq(ota_builder_set_destination(b, eui), OTA_OK);
	ck_assert_int_eq(ota_builder_set_hw_versions(b, 0x0102, 0x0304), OTA_OK);
	ck_assert_int_eq(ota_builder_add_memory(b, 0x0000, "ABC", 3), OTA_OK);
	ck_assert_int_eq(ota_builder_set_integrity_code(b, 1), OTA_OK);
	return b;
}

START_TEST(hand_written_bytes)
{
	struct ota_builder *b = hand_builder();
	struct membuf m = { 0 };
	uint8_t iic[16];
	uint64_t total;

	ck_assert_int_eq(ota_builder_total_size(b, &total), OTA_OK);
	ck_assert_uint_eq(total, 100);
	ck_assert_int_eq(ota_builder_write(b, membuf_write, &m), OTA_OK);
	ck_assert_uint_eq(m.n, 100);
	ck_assert_uint_eq(sizeof(hand), 84);
	ck_assert_mem_eq(m.p, hand, sizeof(hand));
	/* the code is AES-MMO (known-answer tested) of everything before its
	 * own element header */
	ck_assert_int_eq(ota_mmo_digest(hand, 78, iic), OTA_OK);
	ck_assert_mem_eq(m.p + 84, iic, 16);
	ota_builder_free(&b);
	membuf_free(&m);
}
END_TEST

START_TEST(round_trip_fields)
{
	struct ota_builder *b = hand_builder();
	struct ota_image *img = ota_image_new();
	struct membuf m = { 0 }, x = { 0 };
	uint16_t lo, hi;
	uint64_t dest;
	uint8_t cred;
	char text[64];
	size_t idx;

	ck_assert_int_eq(ota_builder_write(b, membuf_write, &m), OTA_OK);
	ck_assert_int_eq(ota_image_open_memory(img, m.p, m.n), OTA_OK);
	ck_assert_uint_eq(ota_image_header_version(img), 0x0100);
	ck_assert_uint_eq(ota_image_header_length(img), 69);
	ck_assert_uint_eq(ota_image_field_control(img), 7);
	ck_assert_uint_eq(ota_image_manufacturer_code(img), 0x1234);
	ck_assert_uint_eq(ota_image_image_type(img), 0x5678);
	ck_assert_uint_eq(ota_image_file_version(img), 0x01020304);
	ck_assert_uint_eq(ota_image_stack_version(img), 2);
	ck_assert_uint_eq(ota_image_total_image_size(img), 100);
	ck_assert_int_eq(ota_image_security_credential(img, &cred), OTA_OK);
	ck_assert_uint_eq(cred, 1);
	ck_assert_int_eq(ota_image_destination(img, &dest), OTA_OK);
	ck_assert_uint_eq(dest, 0x000D6F0000198B36ull);
	ck_assert_int_eq(ota_image_hw_versions(img, &lo, &hi), OTA_OK);
	ck_assert_uint_eq(lo, 0x0102);
	ck_assert_uint_eq(hi, 0x0304);
	ck_assert_uint_eq(ota_image_header_string_text(img, text, sizeof(text)), 5);
	ck_assert_str_eq(text, "hello");
	ck_assert_uint_eq(ota_image_element_count(img), 2);
	ck_assert_uint_eq(ota_image_diag_count(img), 0);
	ck_assert_int_eq(ota_image_verify(img, OTA_VERIFY_STRICT), OTA_OK);
	ck_assert_int_eq(ota_image_iic_result(img), OTA_IIC_MATCH);
	ck_assert_int_eq(ota_image_element_find(img, 0, 0, &idx), OTA_OK);
	ck_assert_int_eq(ota_image_extract(img, idx, membuf_write, &x), OTA_OK);
	ck_assert_uint_eq(x.n, 3);
	ck_assert_mem_eq(x.p, "ABC", 3);
	ota_image_free(&img);
	ota_builder_free(&b);
	membuf_free(&m);
	membuf_free(&x);
}
END_TEST

/* A larger payload from a file, several tags, extract byte-exact, and the
 * same inputs give the same bytes. */
START_TEST(file_payload_extract_and_determinism)
{
	char dir[] = "/tmp/otaimg-test-XXXXXX", pay[300], tagf[300], out1[300], out2[300],
	    ext[300];
	size_t n = 300000, i, l1, l2, le, idx;
	uint8_t *p = malloc(n), *a, *c, *e;
	struct ota_builder *b;
	struct ota_image *img;
	FILE *fp;

	ck_assert_ptr_nonnull(p);
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(pay, sizeof(pay), "%s/payload.bin", dir);
	snprintf(tagf, sizeof(tagf), "%s/tag.bin", dir);
	snprintf(out1, sizeof(out1), "%s/one.ota", dir);
	snprintf(out2, sizeof(out2), "%s/two.ota", dir);
	snprintf(ext, sizeof(ext), "%s/extracted.bin", dir);
	for (i = 0; i < n; i++)
		p[i] = (uint8_t)((i * 2654435761u) >> 13);
	fp = fopen(pay, "wb");
	ck_assert_uint_eq(fwrite(p, 1, n, fp), n);
	fclose(fp);
	fp = fopen(tagf, "wb");
	fputs("manufacturer data", fp);
	fclose(fp);
	for (i = 0; i < 2; i++) {
		b = ota_builder_new();
		ota_builder_set_manufacturer_code(b, 0x1002);
		ota_builder_set_image_type(b, 0x0042);
		ota_builder_set_file_version(b, 0x10203040);
		ck_assert_int_eq(ota_builder_add_path(b, 0, pay), OTA_OK);
		ck_assert_int_eq(ota_builder_add_path(b, 0xF100, tagf), OTA_OK);
		ck_assert_int_eq(ota_builder_add_path(b, 0x0100, tagf), OTA_OK);
		ota_builder_set_integrity_code(b, 1);
		ck_assert_int_eq(ota_builder_write_path(b, i == 0 ? out1 : out2), OTA_OK);
		ota_builder_free(&b);
	}
	a = slurp(out1, &l1);
	c = slurp(out2, &l2);
	ck_assert_uint_eq(l1, 56 + 6 + n + 2 * (6 + 17) + 22);
	ck_assert_uint_eq(l1, l2);
	ck_assert_mem_eq(a, c, l1);
	img = ota_image_new();
	ck_assert_int_eq(ota_image_open_path(img, out1), OTA_OK);
	ck_assert_uint_eq(ota_image_element_count(img), 4);
	ck_assert_uint_eq(ota_image_element_tag(img, 1), 0xF100);
	ck_assert_uint_eq(ota_image_element_tag(img, 2), 0x0100);
	ck_assert_uint_eq(ota_image_element_tag(img, 3), 0x0003);
	ck_assert_int_eq(ota_image_verify(img, 0), OTA_OK);
	ck_assert_int_eq(ota_image_element_find(img, 0, 0, &idx), OTA_OK);
	ck_assert_int_eq(ota_image_extract_path(img, idx, ext), OTA_OK);
	e = slurp(ext, &le);
	ck_assert_uint_eq(le, n);
	ck_assert_mem_eq(e, p, n);
	ck_assert_int_eq(ota_image_element_find(img, 0x0100, 1, &idx), OTA_E_NOT_FOUND);
	ota_image_free(&img);
	free(a);
	free(c);
	free(e);
	free(p);
	unlink(pay);
	unlink(tagf);
	unlink(out1);
	unlink(out2);
	unlink(ext);
	ck_assert_int_eq(rmdir(dir), 0); /* no temporary files left behind */
}
END_TEST

START_TEST(strict_and_warnings)
{
	struct ota_builder *b = ota_builder_new();
	struct membuf m = { 0 };

	ota_builder_set_manufacturer_code(b, 0xFFFF);
	ota_builder_set_image_type(b, 0xFFC0);
	ota_builder_set_file_version(b, 0xFFFFFFFF);
	ota_builder_add_memory(b, 0, "x", 1);
	ck_assert_int_eq(ota_builder_write(b, membuf_write, &m), OTA_OK);
	ck_assert_uint_eq(ota_builder_diag_count(b), 3);
	ck_assert_int_eq(ota_builder_diag_code(b, 0), OTA_D_WILDCARD_MANUFACTURER);
	ck_assert_int_eq(ota_builder_diag_code(b, 1), OTA_D_RESERVED_IMAGE_TYPE);
	ck_assert_int_eq(ota_builder_diag_code(b, 2), OTA_D_WILDCARD_FILE_VERSION);
	ota_builder_set_strict(b, 1);
	m.n = 0;
	ck_assert_int_eq(ota_builder_write(b, membuf_write, &m), OTA_E_POLICY);
	ck_assert_uint_eq(m.n, 0); /* nothing written */
	ck_assert_int_eq(ota_builder_set_header_string(b, "0123456789012345678901234567890123", 33),
	    OTA_E_RANGE);
	ota_builder_free(&b);
	membuf_free(&m);
}
END_TEST

START_TEST(failed_write_leaves_nothing)
{
	char dir[] = "/tmp/otaimg-test-XXXXXX", out[300], missing[300];
	struct ota_builder *b = ota_builder_new();
	struct stat st;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(out, sizeof(out), "%s/out.ota", dir);
	snprintf(missing, sizeof(missing), "%s/does-not-exist", dir);
	ota_builder_set_manufacturer_code(b, 1);
	ota_builder_add_memory(b, 0, "abc", 3);
	ck_assert_int_eq(ota_builder_add_path(b, 0xF000, missing), OTA_OK);
	ck_assert_int_eq(ota_builder_write_path(b, out), OTA_E_IO);
	ck_assert_int_ne(stat(out, &st), 0);
	ck_assert_int_eq(rmdir(dir), 0); /* and no temporary file either */
	ota_builder_free(&b);
}
END_TEST

START_TEST(standard_name)
{
	struct ota_builder *b = ota_builder_new();
	char buf[64];

	ota_builder_set_manufacturer_code(b, 0x1002);
	ota_builder_set_image_type(b, 0x5678);
	ota_builder_set_file_version(b, 0x00000005);
	ck_assert_int_eq(ota_builder_standard_name(b, "fw", buf, sizeof(buf)), 28);
	ck_assert_str_eq(buf, "1002-5678-00000005-fw.zigbee");
	ota_builder_standard_name(b, NULL, buf, sizeof(buf));
	ck_assert_str_eq(buf, "1002-5678-00000005.zigbee");
	ota_builder_free(&b);
}
END_TEST

/* ---- sources are re-readable or refused (every kind of input) ---- */

enum { SRC_KIND_PATH, SRC_KIND_FD, SRC_KIND_PIPE, SRC_KIND_MEM, SRC_KINDS };

static const char re_data[] = "0123456789 the element data, read more than once";

/* A builder with one upgrade image of the given kind; *fd is what to close. */
static struct ota_builder *
re_builder(int kind, const char *path, int *fd)
{
	struct ota_builder *b = ota_builder_new();
	int p[2];

	ck_assert_ptr_nonnull(b);
	ota_builder_set_manufacturer_code(b, 1);
	ota_builder_set_integrity_code(b, 1);
	*fd = -1;
	switch (kind) {
	case SRC_KIND_PATH:
		ck_assert_int_eq(ota_builder_add_path(b, 0, path), OTA_OK);
		break;
	case SRC_KIND_FD:
		/* the element starts at the fd's offset when it is added */
		ck_assert_int_ge(*fd = open(path, O_RDONLY), 0);
		ck_assert_int_eq(lseek(*fd, 10, SEEK_SET), 10);
		ck_assert_int_eq(ota_builder_add_fd(b, 0, *fd), OTA_OK);
		ck_assert_int_eq(lseek(*fd, 0, SEEK_END), (off_t)sizeof(re_data));
		break;
	case SRC_KIND_PIPE:
		ck_assert_int_eq(pipe(p), 0);
		ck_assert_int_eq(write(p[1], re_data, sizeof(re_data)), (ssize_t)sizeof(re_data));
		close(p[1]);
		*fd = p[0];
		ck_assert_int_eq(ota_builder_add_fd(b, 0, *fd), OTA_OK);
		break;
	default:
		ck_assert_int_eq(ota_builder_add_memory(b, 0, re_data, sizeof(re_data)), OTA_OK);
		break;
	}
	return b;
}

/* The image holds the whole element (never an empty one). */
static void
re_check_image(const struct membuf *m, size_t want)
{
	struct ota_image *img = ota_image_new();

	ck_assert_int_eq(ota_image_open_memory(img, m->p, m->n), OTA_OK);
	ck_assert_uint_eq(ota_image_element_count(img), 2);
	ck_assert_uint_eq(ota_image_element_length(img, 0), want);
	ck_assert_mem_eq(m->p + ota_image_element_data_offset(img, 0),
	    re_data + sizeof(re_data) - want, want);
	ck_assert_int_eq(ota_image_verify(img, OTA_VERIFY_STRICT), OTA_OK);
	ota_image_free(&img);
}

START_TEST(sources_read_again)
{
	char dir[] = "/tmp/otaimg-test-XXXXXX", path[300];
	int kind = _i, fd, order;
	size_t want = kind == SRC_KIND_FD ? sizeof(re_data) - 10 : sizeof(re_data);
	FILE *fp;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/data.bin", dir);
	ck_assert_ptr_nonnull(fp = fopen(path, "wb"));
	ck_assert_uint_eq(fwrite(re_data, 1, sizeof(re_data), fp), sizeof(re_data));
	fclose(fp);
	/* write, write; and total_size, write, write */
	for (order = 0; order < 2; order++) {
		struct ota_builder *b = re_builder(kind, path, &fd);
		struct membuf m1 = { 0 }, m2 = { 0 };
		uint64_t total = 0;

		if (order == 1)
			ck_assert_int_eq(ota_builder_total_size(b, &total), OTA_OK);
		ck_assert_int_eq(ota_builder_write(b, membuf_write, &m1), OTA_OK);
		re_check_image(&m1, want);
		if (order == 1)
			ck_assert_uint_eq(total, m1.n);
		ck_assert_int_eq(ota_builder_total_size(b, &total), OTA_OK);
		ck_assert_uint_eq(total, m1.n);
		ck_assert_int_eq(ota_builder_write(b, membuf_write, &m2), OTA_OK);
		ck_assert_uint_eq(m2.n, m1.n);
		ck_assert_mem_eq(m2.p, m1.p, m1.n);
		if (fd >= 0) /* the builder never closes the caller's descriptor */
			ck_assert_int_eq(close(fd), 0);
		ota_builder_free(&b);
		membuf_free(&m1);
		membuf_free(&m2);
	}
	unlink(path);
	ck_assert_int_eq(rmdir(dir), 0);
}
END_TEST

/* A writer that never stops, on the other end of a pipe. */
static pid_t
endless_pipe(int *rd)
{
	static const uint8_t zero[4096];
	int p[2];
	pid_t pid;

	ck_assert_int_eq(pipe(p), 0);
	ck_assert_int_ge(pid = fork(), 0);
	if (pid == 0) {
		close(p[0]);
		signal(SIGPIPE, SIG_DFL);
		while (write(p[1], zero, sizeof(zero)) > 0 || errno == EINTR)
			;
		_exit(0);
	}
	close(p[1]);
	*rd = p[0];
	return pid;
}

START_TEST(spool_stops_at_the_limit)
{
	struct ota_builder *b = ota_builder_new();
	struct membuf m = { 0 };
	uint64_t total;
	pid_t pid;
	int fd;

	ck_assert_int_eq(ota_builder_set_max_input(b, 0), OTA_E_INVAL);
	ck_assert_str_ne(ota_builder_errmsg(b), "");
	ck_assert_int_eq(ota_builder_set_max_input(b, 100000), OTA_OK);
	pid = endless_pipe(&fd);
	ck_assert_int_eq(ota_builder_add_fd(b, 0, fd), OTA_OK);
	ck_assert_int_eq(ota_builder_write(b, membuf_write, &m), OTA_E_LIMIT);
	ck_assert_ptr_nonnull(strstr(ota_builder_errmsg(b), "100000"));
	ck_assert_uint_eq(m.n, 0);
	/* the pipe was partly read: every later use is refused, never an image */
	ck_assert_int_eq(ota_builder_write(b, membuf_write, &m), OTA_E_STATE);
	ck_assert_int_eq(ota_builder_total_size(b, &total), OTA_E_STATE);
	ck_assert_uint_eq(m.n, 0);
	close(fd);
	ck_assert_int_eq(waitpid(pid, NULL, 0), pid);
	ota_builder_free(&b);
}
END_TEST

START_TEST(file_over_the_limit_is_refused_before_writing)
{
	char dir[] = "/tmp/otaimg-test-XXXXXX", path[300];
	struct ota_builder *b = ota_builder_new();
	struct membuf m = { 0 };
	uint64_t total;
	FILE *fp;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/big.bin", dir);
	ck_assert_ptr_nonnull(fp = fopen(path, "wb"));
	ck_assert_uint_eq(fwrite(re_data, 1, sizeof(re_data), fp), sizeof(re_data));
	fclose(fp);
	ck_assert_int_eq(ota_builder_set_max_input(b, sizeof(re_data) - 1), OTA_OK);
	ck_assert_int_eq(ota_builder_add_path(b, 0, path), OTA_OK);
	ck_assert_int_eq(ota_builder_total_size(b, &total), OTA_E_LIMIT);
	ck_assert_int_eq(ota_builder_write(b, membuf_write, &m), OTA_E_LIMIT);
	ck_assert_uint_eq(m.n, 0);
	ck_assert_int_eq(ota_builder_add_memory(b, 0xF000, re_data, 3), OTA_OK);
	ck_assert_int_eq(ota_builder_set_max_input(b, sizeof(re_data)), OTA_OK);
	ck_assert_int_eq(ota_builder_write(b, membuf_write, &m), OTA_OK);
	ota_builder_free(&b);
	membuf_free(&m);
	unlink(path);
	ck_assert_int_eq(rmdir(dir), 0);
}
END_TEST

/* strict refuses what open reports as a warning or error (the same checks) */
START_TEST(strict_uses_the_parse_checks)
{
	static const struct {
		uint16_t tag;
		size_t len;
	} bad[] = { { 1, 49 }, { 2, 47 }, { 3, 15 }, { 5, 81 }, { 6, 73 } };
	static const uint8_t zeros[96];
	struct membuf m = { 0 };
	size_t i;
	int strict;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		for (strict = 0; strict < 2; strict++) {
			struct ota_builder *b = ota_builder_new();

			ota_builder_set_manufacturer_code(b, 1);
			ota_builder_set_strict(b, strict);
			ck_assert_int_eq(ota_builder_add_memory(b, 0, "x", 1), OTA_OK);
			ck_assert_int_eq(ota_builder_add_memory(b, bad[i].tag, zeros, bad[i].len), OTA_OK);
			m.n = 0;
			ck_assert_int_eq(ota_builder_write(b, membuf_write, &m),
			    strict ? OTA_E_POLICY : OTA_OK);
			ck_assert_uint_eq(m.n > 0, !strict);
			ck_assert_uint_ge(ota_builder_diag_count(b), 1);
			ck_assert_int_eq(ota_builder_diag_code(b, 0), OTA_D_ELEMENT_LENGTH);
			ota_builder_free(&b);
		}
	}
	for (i = 0; i < 3; i++) {
		struct ota_builder *b = ota_builder_new();
		int want = i == 0 ? OTA_D_STRING_NOT_UTF8 : i == 1 ? OTA_D_HEADER_VERSION :
		    OTA_D_HW_RANGE_INVERTED;

		ota_builder_set_manufacturer_code(b, 1);
		ota_builder_add_memory(b, 0, "x", 1);
		if (i == 0)
			ota_builder_set_header_string(b, "ok\xff", 3);
		else if (i == 1)
			ota_builder_set_header_version(b, 0x0300);
		else
			ota_builder_set_hw_versions(b, 2, 1);
		ck_assert_int_eq(ota_builder_write(b, membuf_write, &m), OTA_OK);
		ck_assert_uint_eq(ota_builder_diag_count(b), 1);
		ck_assert_int_eq(ota_builder_diag_code(b, 0), want);
		ota_builder_set_strict(b, 1);
		m.n = 0;
		ck_assert_int_eq(ota_builder_write(b, membuf_write, &m), OTA_E_POLICY);
		ck_assert_uint_eq(m.n, 0);
		ck_assert_ptr_nonnull(strstr(ota_builder_errmsg(b), ota_diag_name(want)));
		ota_builder_free(&b);
	}
	{
		/* a 16-byte integrity code from an input (right length, not last
		 * or not matching): strict refuses it, as verify --strict would */
		struct ota_builder *b = ota_builder_new();
		struct ota_image *img = ota_image_new();

		ota_builder_set_manufacturer_code(b, 1);
		ck_assert_int_eq(ota_builder_add_memory(b, 0, "0123456789", 10), OTA_OK);
		ck_assert_int_eq(ota_builder_add_memory(b, OTA_TAG_INTEGRITY_CODE, zeros, 16), OTA_OK);
		m.n = 0;
		ck_assert_int_eq(ota_builder_write(b, membuf_write, &m), OTA_OK);
		ck_assert_int_eq(ota_image_open_memory(img, m.p, m.n), OTA_OK);
		ck_assert_int_ne(ota_image_verify(img, OTA_VERIFY_STRICT), OTA_OK);
		ota_builder_set_strict(b, 1);
		m.n = 0;
		ck_assert_int_eq(ota_builder_write(b, membuf_write, &m), OTA_E_POLICY);
		ck_assert_ptr_nonnull(strstr(ota_builder_errmsg(b), "integrity-code"));
		ota_image_free(&img);
		ota_builder_free(&b);
	}
	membuf_free(&m);
}
END_TEST

/* a refused call replaces the previous message with its own */
START_TEST(refused_call_sets_its_message)
{
	struct ota_builder *b = ota_builder_new();
	char first[256];

	ck_assert_int_eq(ota_builder_set_header_string(b, "0123456789012345678901234567890123", 33),
	    OTA_E_RANGE);
	snprintf(first, sizeof(first), "%s", ota_builder_errmsg(b));
	ck_assert_str_ne(first, "");
	ck_assert_int_eq(ota_builder_add_path(b, 0, NULL), OTA_E_INVAL);
	ck_assert_str_ne(ota_builder_errmsg(b), first);
	ck_assert_str_ne(ota_builder_errmsg(b), "");
	snprintf(first, sizeof(first), "%s", ota_builder_errmsg(b));
	ck_assert_int_eq(ota_builder_set_format(b, (enum ota_format)99), OTA_E_INVAL);
	ck_assert_str_ne(ota_builder_errmsg(b), first);
	ck_assert_int_eq(ota_builder_add_fd(b, 0, -1), OTA_E_INVAL);
	ck_assert_str_ne(ota_builder_errmsg(b), "");
	ck_assert_int_eq(ota_builder_set_manufacturer_code(b, 1), OTA_OK);
	ck_assert_str_eq(ota_builder_errmsg(b), "");
	ota_builder_free(&b);
}
END_TEST

Suite *
suite_build(void)
{
	Suite *s = suite_create("build");
	TCase *tc = tcase_create("build");

	tcase_add_test(tc, hand_written_bytes);
	tcase_add_test(tc, round_trip_fields);
	tcase_add_test(tc, file_payload_extract_and_determinism);
	tcase_add_test(tc, strict_and_warnings);
	tcase_add_test(tc, failed_write_leaves_nothing);
	tcase_add_test(tc, standard_name);
	tcase_add_loop_test(tc, sources_read_again, 0, SRC_KINDS);
	tcase_add_test(tc, spool_stops_at_the_limit);
	tcase_add_test(tc, file_over_the_limit_is_refused_before_writing);
	tcase_add_test(tc, strict_uses_the_parse_checks);
	tcase_add_test(tc, refused_call_sets_its_message);
	tcase_set_timeout(tc, 60);
	suite_add_tcase(s, tc);
	return s;
}
