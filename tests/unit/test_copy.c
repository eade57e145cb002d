/* test_copy.c - element data copied in the kernel (copy_file_range) when
 * the builder writes a file and no hash needs the bytes: the output is
 * the same bytes ota_builder_write gives, on the fast path, on the
 * read/write fallback and when the kernel stops part way.  This binary
 * puts its own copy_file_range in front of the C library's, to count the
 * calls and to make them fail. */
#define _GNU_SOURCE
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <openssl/rand.h>

#include "testutil.h"

static int cfr_calls;   /* calls seen */
static int cfr_pass;    /* calls that work before cfr_errno applies; -1: all */
static int cfr_errno;   /* the failure */
static size_t cfr_max;  /* most bytes one working call copies; 0: as asked */

#ifdef HAVE_COPY_FILE_RANGE
ssize_t
copy_file_range(int in, off64_t *inoff, int out, off64_t *outoff, size_t len, unsigned flags)
{
	if (cfr_pass >= 0 && cfr_calls++ >= cfr_pass) {
		errno = cfr_errno;
		return -1;
	}
	if (cfr_pass < 0)
		cfr_calls++;
	if (cfr_max > 0 && len > cfr_max)
		len = cfr_max;
	return (ssize_t)syscall(SYS_copy_file_range, in, inoff, out, outoff, len, flags);
}
#endif

static void
cfr_set(int pass, int err, size_t max)
{
	cfr_calls = 0;
	cfr_pass = pass;
	cfr_errno = err;
	cfr_max = max;
}

struct fixture {
	char dir[64], in[96], out[96];
	int fd;  /* the same input, read from offset 1000 on */
};

static void
fixture_make(struct fixture *f, size_t len)
{
	uint8_t *p = malloc(len);
	int fd;

	ck_assert_ptr_nonnull(p);
	ck_assert_int_eq(RAND_bytes(p, (int)len), 1);
	(void)snprintf(f->dir, sizeof(f->dir), "/tmp/otaimg-copy-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(f->dir));
	(void)snprintf(f->in, sizeof(f->in), "%s/in.bin", f->dir);
	(void)snprintf(f->out, sizeof(f->out), "%s/out.ota", f->dir);
	ck_assert_int_ge(fd = open(f->in, O_WRONLY | O_CREAT | O_TRUNC, 0600), 0);
	ck_assert_int_eq(write(fd, p, len), (ssize_t)len);
	ck_assert_int_eq(close(fd), 0);
	free(p);
	ck_assert_int_ge(f->fd = open(f->in, O_RDONLY), 0);
	ck_assert_int_eq(lseek(f->fd, 1000, SEEK_SET), 1000);
}

static void
fixture_free(struct fixture *f)
{
	close(f->fd);
	(void)unlink(f->in);
	(void)unlink(f->out);
	ck_assert_int_eq(rmdir(f->dir), 0);
}

/* write_path and write to memory give the same bytes. */
static void
same_bytes(struct fixture *f, int iic)
{
	struct ota_builder *b = ota_builder_new();
	struct membuf m = { 0 };
	uint8_t *got;
	size_t len;
	int calls;

	ck_assert_ptr_nonnull(b);
	ck_assert_int_eq(ota_builder_add_path(b, 0x0000, f->in), OTA_OK);
	ck_assert_int_eq(ota_builder_add_memory(b, 0xF000, "xyz", 3), OTA_OK);
	ck_assert_int_eq(ota_builder_add_fd(b, 0x0001, f->fd), OTA_OK);
	ck_assert_int_eq(ota_builder_set_integrity_code(b, iic), OTA_OK);
	ck_assert_int_eq(ota_builder_write_path(b, f->out), OTA_OK);
	calls = cfr_calls;
	ck_assert_int_eq(ota_builder_write(b, membuf_write, &m), OTA_OK);
	ck_assert_int_eq(cfr_calls, calls); /* a callback sink: never the kernel copy */
	ck_assert_ptr_nonnull(got = slurp(f->out, &len));
	ck_assert_uint_eq(len, m.n);
	ck_assert_mem_eq(got, m.p, len);
	free(got);
	membuf_free(&m);
	ota_builder_free(&b);
}

/* Through an open struct ota_output (what otaimg create uses): the same
 * bytes, and the kernel copy too. */
START_TEST(write_output_kernel_copy)
{
	struct fixture f;
	struct ota_builder *b = ota_builder_new();
	struct ota_output *o = ota_output_new();
	struct membuf m = { 0 };
	uint8_t *got;
	size_t len;

	fixture_make(&f, (1u << 20) + 77);
	ck_assert_ptr_nonnull(b);
	ck_assert_ptr_nonnull(o);
	ck_assert_int_eq(ota_builder_add_path(b, 0x0000, f.in), OTA_OK);
	ck_assert_int_eq(ota_builder_add_fd(b, 0xF000, f.fd), OTA_OK);
	ck_assert_int_eq(ota_builder_write_output(b, NULL), OTA_E_INVAL);
	ck_assert_int_eq(ota_output_open(o, f.out, 0), OTA_OK);
	cfr_set(-1, 0, 0);
	ck_assert_int_eq(ota_builder_write_output(b, o), OTA_OK);
#ifdef HAVE_COPY_FILE_RANGE
	ck_assert_int_ge(cfr_calls, 2);
#endif
	ck_assert_int_eq(ota_output_commit(o), OTA_OK);
	ck_assert_int_eq(ota_builder_write(b, membuf_write, &m), OTA_OK);
	ck_assert_ptr_nonnull(got = slurp(f.out, &len));
	ck_assert_uint_eq(len, m.n);
	ck_assert_mem_eq(got, m.p, len);
	free(got);
	membuf_free(&m);
	ota_output_free(&o);
	ota_builder_free(&b);
	fixture_free(&f);
}
END_TEST

START_TEST(kernel_copy_same_bytes)
{
	struct fixture f;

	fixture_make(&f, (1u << 20) + 123);
	/* the fast path: both file elements copied by the kernel */
	cfr_set(-1, 0, 0);
	same_bytes(&f, 0);
#ifdef HAVE_COPY_FILE_RANGE
	ck_assert_int_ge(cfr_calls, 2);
#endif
	/* the kernel cannot (other file systems, old kernels): read/write */
	cfr_set(0, EXDEV, 0);
	same_bytes(&f, 0);
	cfr_set(0, ENOSYS, 0);
	same_bytes(&f, 0);
	/* it stops part way: read/write goes on from there */
	cfr_set(3, EINVAL, 4096 + 7);
	same_bytes(&f, 0);
#ifdef HAVE_COPY_FILE_RANGE
	ck_assert_int_ge(cfr_calls, 4);
#endif
	/* an integrity code needs the bytes: no kernel copy */
	cfr_set(-1, 0, 0);
	same_bytes(&f, 1);
	ck_assert_int_eq(cfr_calls, 0);
	fixture_free(&f);
}
END_TEST

Suite *
suite_copy(void)
{
	Suite *s = suite_create("kernel-copy");
	TCase *tc = tcase_create("create");

	tcase_add_test(tc, kernel_copy_same_bytes);
	tcase_add_test(tc, write_output_kernel_copy);
	suite_add_tcase(s, tc);
	return s;
}
