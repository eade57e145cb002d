/* test_api.c - error table, version, handle misuse. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/err.h>

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
	ck_assert_str_eq(ota_diag_name(OTA_D_SIGNING_ELEMENT), "signing-element-from-input");
	ck_assert_int_eq(ota_diag_severity(OTA_D_SIGNING_ELEMENT), OTA_SEV_WARNING);
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

/* An image whose upgrade element is 8192 copies of c (past what open keeps). */
static void
small_image(struct membuf *m, char c)
{
	struct ota_builder *b = ota_builder_new();
	char data[8192];

	memset(data, c, sizeof(data));
	ck_assert_int_eq(ota_builder_add_memory(b, 0, data, sizeof(data)), OTA_OK);
	ck_assert_int_eq(ota_builder_write(b, membuf_write, m), OTA_OK);
	ota_builder_free(&b);
}

static void
element_is(struct ota_image *img, char c)
{
	struct membuf x = { 0 };
	char want[8192];

	memset(want, c, sizeof(want));
	ck_assert_int_eq(ota_image_extract(img, 0, membuf_write, &x), OTA_OK);
	ck_assert_uint_eq(x.n, sizeof(want));
	ck_assert_mem_eq(x.p, want, sizeof(want));
	membuf_free(&x);
}

/* A second open on an open handle is refused and leaves it as it was. */
START_TEST(second_open_changes_nothing)
{
	char dir[] = "/tmp/otaimg-test-XXXXXX", pa[300], pb[300];
	struct membuf a = { 0 }, bb = { 0 };
	struct ota_image *img = ota_image_new();
	FILE *fp;
	int fd;

	small_image(&a, 'A');
	small_image(&bb, 'B');
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(pa, sizeof(pa), "%s/a.ota", dir);
	snprintf(pb, sizeof(pb), "%s/b.ota", dir);
	ck_assert_int_eq(ota_file_write(pa, a.p, a.n), OTA_OK);
	ck_assert_int_eq(ota_file_write(pb, bb.p, bb.n), OTA_OK);
	/* memory */
	ck_assert_int_eq(ota_image_open_memory(img, a.p, a.n), OTA_OK);
	ck_assert_int_eq(ota_image_open_memory(img, bb.p, bb.n), OTA_E_STATE);
	ck_assert_ptr_nonnull(strstr(ota_image_errmsg(img), "opened before"));
	element_is(img, 'A');
	ota_image_free(&img);
	/* a path, then every other opener */
	img = ota_image_new();
	ck_assert_int_eq(ota_image_open_path(img, pa), OTA_OK);
	ck_assert_int_ge(fd = open(pb, O_RDONLY), 0);
	ck_assert_int_eq(ota_image_open_fd(img, fd), OTA_E_STATE);
	element_is(img, 'A');
	ck_assert_int_eq(ota_image_open_memory(img, bb.p, bb.n), OTA_E_STATE);
	ck_assert_int_eq(ota_image_open_path(img, pb), OTA_E_STATE);
	ck_assert_ptr_nonnull(fp = fopen(pb, "rb"));
	ck_assert_int_eq(ota_image_open_FILE(img, fp), OTA_E_STATE);
	ck_assert_int_eq(ota_image_set_format(img, OTA_FORMAT_GBCS), OTA_E_STATE);
	element_is(img, 'A');
	ck_assert_int_eq(ota_image_verify(img, 0), OTA_OK);
	ota_image_free(&img);
	/* the fd and the stream are still the caller's */
	ck_assert_int_eq(close(fd), 0);
	ck_assert_int_eq(fclose(fp), 0);
	unlink(pa);
	unlink(pb);
	ck_assert_int_eq(rmdir(dir), 0);
	membuf_free(&a);
	membuf_free(&bb);
}
END_TEST

/* A failed OTA_E_INVAL or OTA_E_STATE call replaces the message. */
START_TEST(refused_call_sets_its_message)
{
	struct membuf a = { 0 };
	struct ota_image *img = ota_image_new();
	char prev[256];

	small_image(&a, 'A');
	ck_assert_int_eq(ota_image_extract(img, 0, membuf_write, NULL), OTA_E_INVAL);
	ck_assert_str_ne(ota_image_errmsg(img), "");
	ck_assert_int_eq(ota_image_open_memory(img, a.p, a.n), OTA_OK);
	ck_assert_str_eq(ota_image_errmsg(img), "");
	ck_assert_int_eq(ota_image_extract(img, 99, membuf_write, NULL), OTA_E_NOT_FOUND);
	snprintf(prev, sizeof(prev), "%s", ota_image_errmsg(img));
	ck_assert_str_ne(prev, "");
	ck_assert_int_eq(ota_image_extract(img, 0, NULL, NULL), OTA_E_INVAL);
	ck_assert_str_ne(ota_image_errmsg(img), prev);
	ck_assert_str_ne(ota_image_errmsg(img), "");
	snprintf(prev, sizeof(prev), "%s", ota_image_errmsg(img));
	ck_assert_int_eq(ota_image_verify(img, 0x80000000u), OTA_E_INVAL);
	ck_assert_str_ne(ota_image_errmsg(img), prev);
	ck_assert_str_ne(ota_image_errmsg(img), "");
	snprintf(prev, sizeof(prev), "%s", ota_image_errmsg(img));
	ck_assert_int_eq(ota_image_open_memory(img, a.p, a.n), OTA_E_STATE);
	ck_assert_str_ne(ota_image_errmsg(img), prev);
	ck_assert_int_eq(ota_image_extract_path(img, 0, NULL), OTA_E_INVAL);
	ck_assert_ptr_nonnull(strstr(ota_image_errmsg(img), "NULL path"));
	ota_image_free(&img);
	img = ota_image_new();
	ck_assert_int_eq(ota_image_verify(img, 0), OTA_E_STATE);
	ck_assert_str_ne(ota_image_errmsg(img), "");
	ota_image_free(&img);
	membuf_free(&a);
}
END_TEST

/* The caller's own OpenSSL error, which every call must leave alone. */
static void
queue_mark(void)
{
	ERR_clear_error();
	ERR_raise(ERR_LIB_USER, 42);
}

static void
queue_check(const char *what)
{
	unsigned long e = ERR_get_error();

	ck_assert_msg(ERR_GET_LIB(e) == ERR_LIB_USER && ERR_GET_REASON(e) == 42,
	    "%s: the caller's error is gone", what);
	ck_assert_msg(ERR_get_error() == 0, "%s: left an error behind", what);
}

/* ota_key_load refuses a non-NULL *key; key and certificate calls say why
 * they failed, with OpenSSL's reason, through the _msg variants. */
START_TEST(key_and_cert_messages)
{
	char dir[] = "/tmp/otaimg-test-XXXXXX", junk[300], keyf[300], msg[256];
	struct ota_key *k = NULL, *k2 = NULL, *dev = NULL;
	uint8_t cert[OTA_CERT_MAX_LEN], ca[22], out[40];
	size_t certlen = sizeof(cert), outlen = sizeof(out);
	FILE *fp;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(junk, sizeof(junk), "%s/junk.pem", dir);
	snprintf(keyf, sizeof(keyf), "%s/key.pem", dir);
	ck_assert_ptr_nonnull(fp = fopen(junk, "w"));
	fputs("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n", fp);
	fclose(fp);
	ck_assert_int_eq(ota_key_generate(&k, OTA_KEY_P256), OTA_OK);
	ck_assert_int_eq(ota_key_write_path(k, 1, keyf), OTA_OK);
	/* a non-NULL *key is refused and left as it was */
	k2 = k;
	memset(msg, 'x', sizeof(msg));
	ck_assert_int_eq(ota_key_load_msg(&k2, keyf, NULL, msg, sizeof(msg)), OTA_E_INVAL);
	ck_assert_ptr_eq(k2, k);
	ck_assert_ptr_nonnull(strstr(msg, "NULL"));
	ck_assert_int_eq(ota_key_load(&k2, keyf, NULL), OTA_E_INVAL);
	/* ... by generate and certificate issue too (they used to drop it) */
	ck_assert_int_eq(ota_key_generate(&k2, OTA_KEY_P256), OTA_E_INVAL);
	ck_assert_ptr_eq(k2, k);
	{
		struct ota_key *cak = NULL;
		uint8_t c2[OTA_CERT_MAX_LEN];
		size_t c2len = sizeof(c2);

		ck_assert_int_eq(ota_key_generate(&cak, OTA_KEY_SECT163K1), OTA_OK);
		ck_assert_int_eq(ota_cert_issue(1, cak, 1, 2, c2, &c2len, &k2), OTA_E_INVAL);
		ck_assert_ptr_eq(k2, k);
		ota_key_free(&cak);
	}
	ck_assert_int_eq(ota_key_type(k), OTA_KEY_P256); /* still the caller's, intact */
	k2 = NULL;
	ck_assert_int_eq(ota_key_load_msg(&k2, keyf, NULL, msg, sizeof(msg)), OTA_OK);
	ck_assert_str_eq(msg, "");
	ota_key_free(&k2);
	/* OpenSSL's reasons reach the caller; its error queue is as it was */
	queue_mark();
	ck_assert_int_eq(ota_key_load_msg(&k2, "/nonexistent/otaimg.key", NULL, msg, sizeof(msg)),
	    OTA_E_IO);
	queue_check("missing key");
	ck_assert_ptr_nonnull(strstr(msg, "/nonexistent/otaimg.key"));
	ck_assert_ptr_nonnull(strstr(msg, "OpenSSL: No such file or directory"));
	queue_mark();
	ck_assert_int_eq(ota_key_load_msg(&k2, junk, NULL, msg, sizeof(msg)), OTA_E_NOKEY);
	queue_check("damaged key");
	ck_assert_ptr_nonnull(strstr(msg, "no private or public key"));
	ck_assert_ptr_nonnull(strstr(msg, "OpenSSL: "));
	ck_assert_ptr_null(k2);
	queue_mark();
	ck_assert_int_eq(ota_key_generate_msg(&k2, (enum ota_key_type)99, msg, sizeof(msg)),
	    OTA_E_INVAL);
	queue_check("no such key type");
	ck_assert_str_ne(msg, "");
	/* certificates: a reconstruction point that is not on the curve */
	memset(cert, 0xFF, sizeof(cert));
	cert[0] = 0x00;
	memset(ca, 0xFF, sizeof(ca));
	ca[0] = 0x02;
	queue_mark();
	ck_assert_int_eq(ota_cert_public_key_msg(cert, 48, ca, sizeof(ca), out, &outlen, msg,
	    sizeof(msg)), OTA_E_RANGE);
	queue_check("bad certificate point");
	ck_assert_ptr_nonnull(strstr(msg, "not on the curve: OpenSSL: "));
	ck_assert_int_eq(ota_cert_public_key_msg(cert, 47, ca, sizeof(ca), out, &outlen, msg,
	    sizeof(msg)), OTA_E_RANGE);
	ck_assert_ptr_nonnull(strstr(msg, "48"));
	/* issuing under a CA key of the wrong curve says so */
	ck_assert_int_eq(ota_cert_issue_msg(1, k, 1, 2, cert, &certlen, &dev, msg, sizeof(msg)),
	    OTA_E_NOKEY);
	ck_assert_ptr_nonnull(strstr(msg, "curve"));
	ota_key_free(&k);
	ck_assert_int_eq(ota_key_generate(&k, OTA_KEY_SECT163K1), OTA_OK);
	queue_mark();
	ck_assert_int_eq(ota_cert_issue_msg(1, k, 1, 2, cert, &certlen, &dev, msg, sizeof(msg)),
	    OTA_OK);
	queue_check("issue");
	ck_assert_str_eq(msg, "");
	ck_assert_uint_eq(certlen, 48);
	ota_key_free(&dev);
	ota_key_free(&k);
	unlink(junk);
	unlink(keyf);
	ck_assert_int_eq(rmdir(dir), 0);
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
	tcase_add_test(tc, second_open_changes_nothing);
	tcase_add_test(tc, refused_call_sets_its_message);
	tcase_add_test(tc, key_and_cert_messages);
	suite_add_tcase(s, tc);
	return s;
}
