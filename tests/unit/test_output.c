/* test_output.c - output files (libotaimg(3), Output files): regular files
 * and missing names atomically, symbolic links written through, FIFOs and
 * devices written directly, folders refused, NOREPLACE, the temporary name;
 * and display text that neutralises C1 and bidirectional controls. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "testutil.h"

static char dir[] = "/tmp/otaimg-output-XXXXXX";

static const char *
at(const char *name)
{
	return dir_path(dir, name);
}

static void
put(const char *path, const char *text)
{
	FILE *fp = fopen(path, "w");

	ck_assert_ptr_nonnull(fp);
	fputs(text, fp);
	ck_assert_int_eq(fclose(fp), 0);
}

static int
same_text(const char *path, const char *text)
{
	size_t n;
	uint8_t *p = slurp(path, &n);
	int r = p != NULL && n == strlen(text) && memcmp(p, text, n) == 0;

	free(p);
	return r;
}

/* The folder holds exactly the given number of names, none of them ours. */
static void
names_left(const char *d, int want)
{
	char cmd[400];
	FILE *fp;
	int n = 0, c;

	snprintf(cmd, sizeof(cmd), "ls -A '%s'", d);
	ck_assert_ptr_nonnull(fp = popen(cmd, "r"));
	while ((c = fgetc(fp)) != EOF)
		n += c == '\n';
	pclose(fp);
	ck_assert_int_eq(n, want);
}

static void
setup(void)
{
	ck_assert_ptr_nonnull(mkdtemp(dir));
}

static void
teardown(void)
{
	char cmd[400];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd), 0);
	memcpy(dir + strlen(dir) - 6, "XXXXXX", 6);
}

START_TEST(regular_and_missing)
{
	struct ota_output *o = ota_output_new();
	struct stat st;
	const char *tmp;

	ck_assert_ptr_nonnull(o);
	ck_assert_int_eq(ota_output_open(o, at("new"), 0), OTA_OK);
	ck_assert_ptr_nonnull(tmp = ota_output_temp_path(o));
	ck_assert_ptr_nonnull(strstr(tmp, "/.otaimg-"));
	ck_assert_int_eq(stat(tmp, &st), 0);
	ck_assert_int_eq(ota_output_write(o, "abc", 3), 0);
	ck_assert_int_ne(stat(at("new"), &st), 0); /* nothing at the name yet */
	ck_assert_int_eq(ota_output_commit(o), OTA_OK);
	ck_assert(same_text(at("new"), "abc"));
	ck_assert_ptr_null(ota_output_temp_path(o));
	ck_assert_int_eq(ota_output_commit(o), OTA_E_STATE);
	/* replace, keeping the mode */
	ck_assert_int_eq(chmod(at("new"), 0640), 0);
	ck_assert_int_eq(ota_output_open(o, at("new"), 0), OTA_OK);
	ck_assert_int_eq(ota_output_write(o, "xy", 2), 0);
	ck_assert_int_eq(ota_output_commit(o), OTA_OK);
	ck_assert(same_text(at("new"), "xy"));
	ck_assert_int_eq(stat(at("new"), &st), 0);
	ck_assert_uint_eq(st.st_mode & 07777, 0640);
	/* abort: the old file stays, the temporary file goes */
	ck_assert_int_eq(ota_output_open(o, at("new"), OTA_OUTPUT_PRIVATE), OTA_OK);
	ck_assert_int_eq(ota_output_write(o, "zzz", 3), 0);
	ota_output_abort(o);
	ck_assert(same_text(at("new"), "xy"));
	names_left(dir, 1);
	/* private */
	ck_assert_int_eq(ota_output_open(o, at("key"), OTA_OUTPUT_PRIVATE), OTA_OK);
	ck_assert_int_eq(ota_output_commit(o), OTA_OK);
	ck_assert_int_eq(stat(at("key"), &st), 0);
	ck_assert_uint_eq(st.st_mode & 07777, 0600);
	/* free aborts an open output */
	ck_assert_int_eq(ota_output_open(o, at("never"), 0), OTA_OK);
	ota_output_free(&o);
	ck_assert_ptr_null(o);
	names_left(dir, 2);
}
END_TEST

START_TEST(symlink_written_through)
{
	struct ota_output *o = ota_output_new();
	struct stat st;
	char target[64];
	ssize_t n;

	ck_assert_int_eq(mkdir(at("sub"), 0755), 0);
	put(at("sub/t"), "old");
	ck_assert_int_eq(symlink("sub/t", at("link")), 0);
	ck_assert_int_eq(ota_output_open(o, at("link"), 0), OTA_OK);
	/* the temporary file is beside the target, not the link */
	ck_assert_ptr_nonnull(strstr(ota_output_temp_path(o), "/sub/.otaimg-"));
	ck_assert_int_eq(ota_output_write(o, "new", 3), 0);
	ck_assert_int_eq(ota_output_commit(o), OTA_OK);
	ck_assert_int_eq(lstat(at("link"), &st), 0);
	ck_assert(S_ISLNK(st.st_mode));
	n = readlink(at("link"), target, sizeof(target) - 1);
	ck_assert_int_eq(n, 5);
	ck_assert(same_text(at("sub/t"), "new"));
	/* a dangling link creates its target; a chain is followed */
	ck_assert_int_eq(symlink("sub/made", at("dangling")), 0);
	ck_assert_int_eq(symlink("dangling", at("chain")), 0);
	ck_assert_int_eq(ota_file_write(at("chain"), "m", 1), OTA_OK);
	ck_assert(same_text(at("sub/made"), "m"));
	ck_assert_int_eq(lstat(at("dangling"), &st), 0);
	ck_assert(S_ISLNK(st.st_mode));
	/* a loop is an error, not a hang */
	ck_assert_int_eq(symlink("loop2", at("loop1")), 0);
	ck_assert_int_eq(symlink("loop1", at("loop2")), 0);
	ck_assert_int_eq(ota_output_open(o, at("loop1"), 0), OTA_E_IO);
	ck_assert_ptr_nonnull(strstr(ota_output_errmsg(o), "loop1"));
	ota_output_free(&o);
}
END_TEST

START_TEST(fifo_device_folder)
{
	struct ota_output *o = ota_output_new();
	struct stat st;
	char buf[8];
	int rfd;

	/* a FIFO is written directly and stays a FIFO */
	ck_assert_int_eq(mkfifo(at("fifo"), 0600), 0);
	ck_assert_int_ge(rfd = open(at("fifo"), O_RDONLY | O_NONBLOCK), 0);
	ck_assert_int_eq(ota_output_open(o, at("fifo"), 0), OTA_OK);
	ck_assert_ptr_null(ota_output_temp_path(o));
	ck_assert_int_eq(ota_output_write(o, "pipe", 4), 0);
	ck_assert_int_eq(ota_output_commit(o), OTA_OK);
	ck_assert_int_eq(read(rfd, buf, sizeof(buf)), 4);
	ck_assert_int_eq(memcmp(buf, "pipe", 4), 0);
	close(rfd);
	ck_assert_int_eq(lstat(at("fifo"), &st), 0);
	ck_assert(S_ISFIFO(st.st_mode));
	/* even through a link, and with NOREPLACE (a FIFO holds nothing) */
	ck_assert_int_eq(symlink("fifo", at("fifolink")), 0);
	ck_assert_int_ge(rfd = open(at("fifo"), O_RDONLY | O_NONBLOCK), 0);
	ck_assert_int_eq(ota_output_open(o, at("fifolink"), OTA_OUTPUT_NOREPLACE), OTA_OK);
	ck_assert_int_eq(ota_output_commit(o), OTA_OK);
	close(rfd);
	ck_assert_int_eq(lstat(at("fifo"), &st), 0);
	ck_assert(S_ISFIFO(st.st_mode));
	/* a character device is never replaced (our own node, never the
	 * system's /dev/null, should this ever regress) */
	if (mknod(at("null"), S_IFCHR | 0666, makedev(1, 3)) == 0) {
		ck_assert_int_eq(ota_output_open(o, at("null"), 0), OTA_OK);
		ck_assert_ptr_null(ota_output_temp_path(o));
		ck_assert_int_eq(ota_output_write(o, "x", 1), 0);
		ck_assert_int_eq(ota_output_commit(o), OTA_OK);
		ck_assert_int_eq(lstat(at("null"), &st), 0);
		ck_assert(S_ISCHR(st.st_mode));
		ck_assert_int_eq(unlink(at("null")), 0);
	}
	/* a folder is refused, also behind a link */
	ck_assert_int_eq(mkdir(at("d"), 0755), 0);
	errno = 0;
	ck_assert_int_eq(ota_output_open(o, at("d"), 0), OTA_E_IO);
	ck_assert_int_eq(errno, EISDIR);
	ck_assert_int_eq(symlink("d", at("dlink")), 0);
	ck_assert_int_eq(ota_output_open(o, at("dlink"), 0), OTA_E_IO);
	ck_assert_int_eq(ota_file_write(at("d"), "x", 1), OTA_E_IO);
	ck_assert_int_eq(stat(at("d"), &st), 0);
	ck_assert(S_ISDIR(st.st_mode));
	names_left(at("d"), 0);
	ota_output_free(&o);
}
END_TEST

START_TEST(noreplace)
{
	struct ota_output *o = ota_output_new();

	put(at("key"), "secret");
	ck_assert_int_eq(ota_output_open(o, at("key"), OTA_OUTPUT_NOREPLACE), OTA_E_EXISTS);
	ck_assert_ptr_nonnull(strstr(ota_output_errmsg(o), "exists"));
	ck_assert_int_eq(symlink("key", at("keylink")), 0);
	ck_assert_int_eq(ota_output_open(o, at("keylink"), OTA_OUTPUT_NOREPLACE), OTA_E_EXISTS);
	/* a file that appears between open and commit is not replaced either */
	ck_assert_int_eq(ota_output_open(o, at("late"), OTA_OUTPUT_NOREPLACE), OTA_OK);
	ck_assert_int_eq(ota_output_write(o, "mine", 4), 0);
	put(at("late"), "theirs");
	ck_assert_int_eq(ota_output_commit(o), OTA_E_EXISTS);
	ck_assert(same_text(at("late"), "theirs"));
	ck_assert(same_text(at("key"), "secret"));
	names_left(dir, 3);
	ck_assert_str_eq(ota_errname(OTA_E_EXISTS), "OTA_E_EXISTS");
	ck_assert_str_ne(ota_strerror(OTA_E_EXISTS), "unknown error");
	ota_output_free(&o);
}
END_TEST

START_TEST(misuse)
{
	struct ota_output *o = ota_output_new();

	ck_assert_int_eq(ota_output_open(NULL, at("x"), 0), OTA_E_INVAL);
	ck_assert_int_eq(ota_output_open(o, NULL, 0), OTA_E_INVAL);
	ck_assert_int_eq(ota_output_open(o, "", 0), OTA_E_INVAL);
	ck_assert_int_eq(ota_output_open(o, at("x"), 0x80), OTA_E_INVAL);
	ck_assert_int_eq(ota_output_write(o, "a", 1), -1);
	ck_assert_int_eq(ota_output_write(NULL, "a", 1), -1);
	ck_assert_int_eq(ota_output_commit(o), OTA_E_STATE);
	ck_assert_int_eq(ota_output_commit(NULL), OTA_E_INVAL);
	ota_output_abort(NULL);
	ck_assert_ptr_null(ota_output_temp_path(NULL));
	ck_assert_str_eq(ota_output_errmsg(NULL), "");
	ck_assert_int_eq(ota_output_open(o, at("x"), 0), OTA_OK);
	ck_assert_int_eq(ota_output_open(o, at("y"), 0), OTA_E_STATE);
	ota_output_free(&o);
	ota_output_free(&o);
	ota_output_free(NULL);
	names_left(dir, 0);
}
END_TEST

/* The builder's *_path writer follows the same rules. */
START_TEST(path_writers_follow_the_rules)
{
	struct ota_builder *b = ota_builder_new();
	struct stat st;

	ota_builder_set_manufacturer_code(b, 1);
	ota_builder_add_memory(b, 0, "abc", 3);
	put(at("t.ota"), "old");
	ck_assert_int_eq(symlink("t.ota", at("l.ota")), 0);
	ck_assert_int_eq(ota_builder_write_path(b, at("l.ota")), OTA_OK);
	ck_assert_int_eq(lstat(at("l.ota"), &st), 0);
	ck_assert(S_ISLNK(st.st_mode));
	ck_assert_int_eq(stat(at("t.ota"), &st), 0);
	ck_assert_int_gt(st.st_size, 50);
	if (mknod(at("null"), S_IFCHR | 0666, makedev(1, 3)) == 0) {
		ck_assert_int_eq(symlink("null", at("n.ota")), 0);
		ck_assert_int_eq(ota_builder_write_path(b, at("n.ota")), OTA_OK);
		ck_assert_int_eq(lstat(at("null"), &st), 0);
		ck_assert(S_ISCHR(st.st_mode));
	}
	ota_builder_free(&b);
}
END_TEST

/* C0, C1 and bidirectional controls never reach display text. */
START_TEST(display_text_controls)
{
	static const struct {
		const char *in, *out;
	} c[] = {
		{ "ab\xe2\x80\xae" "cd", "ab...cd" },     /* U+202E RIGHT-TO-LEFT OVERRIDE */
		{ "a\xe2\x80\x8f" "b", "a...b" },          /* U+200F */
		{ "i\xe2\x81\xa6j\xe2\x81\xa9k", "i...j...k" }, /* U+2066, U+2069 */
		{ "x\xd8\x9cy", "x..y" },                  /* U+061C */
		{ "x\xc2\x85y\xc2\x9f", "x..y.." },        /* C1 */
		{ "t\x1b[2Jz", "t.[2Jz" },                 /* C0 */
		{ "\xe0\x80\xaeq", "...q" },               /* overlong */
		{ "\xed\xa0\x80q", "...q" },               /* surrogate */
		{ "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80", "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80" },
		{ "\xe2\x80\x8d", "\xe2\x80\x8d" },        /* ZWJ is not a bidi control */
	};
	struct membuf m = { 0 };
	struct ota_builder *b;
	struct ota_image *img;
	char text[160];
	size_t i;

	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		ck_assert_ptr_nonnull(b = ota_builder_new());
		ota_builder_set_manufacturer_code(b, 1);
		ck_assert_int_eq(ota_builder_set_header_string(b, c[i].in, strlen(c[i].in)), OTA_OK);
		ota_builder_add_memory(b, 0, "abc", 3);
		ck_assert_int_eq(ota_builder_write(b, membuf_write, &m), OTA_OK);
		ck_assert_ptr_nonnull(img = ota_image_new());
		ck_assert_int_eq(ota_image_open_memory(img, m.p, m.n), OTA_OK);
		ota_image_header_string_text(img, text, sizeof(text));
		ck_assert_msg(strcmp(text, c[i].out) == 0, "case %zu: '%s'", i, text);
		ota_image_free(&img);
		ota_builder_free(&b);
		membuf_free(&m);
		memset(&m, 0, sizeof(m));
	}
}
END_TEST

Suite *
suite_output(void)
{
	Suite *s = suite_create("output");
	TCase *tc = tcase_create("output");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, regular_and_missing);
	tcase_add_test(tc, symlink_written_through);
	tcase_add_test(tc, fifo_device_folder);
	tcase_add_test(tc, noreplace);
	tcase_add_test(tc, misuse);
	tcase_add_test(tc, path_writers_follow_the_rules);
	tcase_add_test(tc, display_text_controls);
	suite_add_tcase(s, tc);
	return s;
}
