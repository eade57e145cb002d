/* test_progress.c - the progress callback (libotaimg(3), PROGRESS):
 * monotonic, done <= total, ending at total, for create (to memory, to a
 * path, to an output), verify (seekable and forward-only), extract, the
 * manufacturer hash and sign (suite 1, GBCS); a non-zero return at half way
 * stops the job with OTA_E_CANCELLED, "cancelled at byte N of M", and
 * leaves nothing at the output path. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "testutil.h"

#define PAYLOAD (1u << 20)

struct rec {
	uint64_t last, total, calls;
	int bad, cancel;
};

static int
cb(void *arg, uint64_t done, uint64_t total)
{
	struct rec *r = arg;

	if (done > total || (r->calls > 0 && (done < r->last || total != r->total)))
		r->bad = 1;
	r->last = done;
	r->total = total;
	r->calls++;
	return r->cancel && done * 2 >= total;
}

/* A job ran to its end: several calls, in order, the last at total. */
static void
ran_n(struct rec *r, uint64_t total, uint64_t calls)
{
	ck_assert_int_eq(r->bad, 0);
	ck_assert_uint_ge(r->calls, calls);
	ck_assert_uint_eq(r->last, r->total);
	if (total > 0)
		ck_assert_uint_eq(r->total, total);
	memset(r, 0, sizeof(*r));
}

static void
ran(struct rec *r, uint64_t total)
{
	ran_n(r, total, 2);
}

static void
cancelled(struct rec *r, int got, const char *msg)
{
	char want[80];

	ck_assert_int_eq(got, OTA_E_CANCELLED);
	ck_assert_int_eq(r->bad, 0);
	ck_assert_uint_lt(r->last, r->total);
	snprintf(want, sizeof(want), "cancelled at byte %llu of %llu", (unsigned long long)r->last,
	    (unsigned long long)r->total);
	ck_assert_str_eq(msg, want);
	memset(r, 0, sizeof(*r));
}

static char dir[] = "/tmp/otaimg-progress-XXXXXX";

static const char *
at(const char *name)
{
	return dir_path(dir, name);
}

/* Only the inputs are in the folder: no output, no temporary file. */
static void
only_inputs(void)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	ck_assert_ptr_nonnull(d);
	while ((e = readdir(d)) != NULL)
		if (e->d_name[0] != '.' || (strcmp(e->d_name, ".") != 0 &&
		    strcmp(e->d_name, "..") != 0))
			ck_assert_msg(strncmp(e->d_name, "in", 2) == 0, "left over: %s", e->d_name);
	closedir(d);
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

static uint8_t *
payload(void)
{
	uint8_t *p = malloc(PAYLOAD);
	size_t i;

	ck_assert_ptr_nonnull(p);
	for (i = 0; i < PAYLOAD; i++)
		p[i] = (uint8_t)(i * 7 + (i >> 9));
	return p;
}

static struct ota_builder *
builder(const uint8_t *p, int iic, struct rec *r)
{
	struct ota_builder *b = ota_builder_new();

	ota_builder_set_manufacturer_code(b, 0x1234);
	ota_builder_set_image_type(b, 0x0042);
	ota_builder_add_memory(b, 0, p, PAYLOAD);
	ota_builder_add_memory(b, 0xF100, "vendor", 6);
	ota_builder_set_integrity_code(b, iic);
	ck_assert_int_eq(ota_builder_set_progress(b, cb, r), OTA_OK);
	return b;
}

START_TEST(create)
{
	uint8_t *p = payload();
	struct rec r = { 0 };
	struct membuf m = { 0 };
	struct ota_builder *b = builder(p, 1, &r);
	struct ota_output *o = ota_output_new();
	struct stat st;
	FILE *fp;

	ck_assert_int_eq(ota_builder_write(b, membuf_write, &m), OTA_OK);
	ran(&r, m.n);
	ck_assert_int_eq(ota_builder_write_path(b, at("out.ota")), OTA_OK);
	ran(&r, m.n);
	ck_assert_int_eq(stat(at("out.ota"), &st), 0);
	ck_assert_uint_eq((uint64_t)st.st_size, m.n);
	ck_assert_int_eq(unlink(at("out.ota")), 0);
	/* a file input, copied by the kernel in chunks */
	ck_assert_ptr_nonnull(fp = fopen(at("in.bin"), "wb"));
	ck_assert_uint_eq(fwrite(p, 1, PAYLOAD, fp), PAYLOAD);
	ck_assert_int_eq(fclose(fp), 0);
	ota_builder_free(&b);
	b = ota_builder_new();
	ota_builder_set_progress(b, cb, &r);
	ck_assert_int_eq(ota_builder_add_path(b, 0, at("in.bin")), OTA_OK);
	ck_assert_int_eq(ota_builder_write_path(b, at("out.ota")), OTA_OK);
	ran_n(&r, 56 + 6 + PAYLOAD, 1); /* the kernel copies 4 MiB between calls */
	ck_assert_int_eq(unlink(at("out.ota")), 0);
	/* cancelled at half way: nothing written, no temporary file */
	r.cancel = 1;
	ck_assert_int_eq(ota_builder_write_path(b, at("out.ota")), OTA_E_CANCELLED);
	ck_assert_ptr_nonnull(strstr(ota_builder_errmsg(b), "cancelled at byte "));
	only_inputs();
	memset(&r, 0, sizeof(r));
	ota_builder_free(&b);
	b = builder(p, 1, &r);
	r.cancel = 1;
	ck_assert_int_eq(ota_builder_write_path(b, at("out.ota")), OTA_E_CANCELLED);
	cancelled(&r, OTA_E_CANCELLED, ota_builder_errmsg(b));
	only_inputs();
	r.cancel = 1;
	ck_assert_int_eq(ota_output_open(o, at("out.ota"), 0), OTA_OK);
	ck_assert_int_eq(ota_builder_write_output(b, o), OTA_E_CANCELLED);
	ota_output_abort(o);
	cancelled(&r, OTA_E_CANCELLED, ota_builder_errmsg(b));
	only_inputs();
	/* no callback: nothing changes */
	ck_assert_int_eq(ota_builder_set_progress(b, NULL, NULL), OTA_OK);
	ck_assert_int_eq(ota_builder_write_path(b, at("out.ota")), OTA_OK);
	ck_assert_uint_eq(r.calls, 0);
	ck_assert_int_eq(ota_builder_set_progress(NULL, cb, &r), OTA_E_INVAL);
	ota_output_free(&o);
	ota_builder_free(&b);
	membuf_free(&m);
	free(p);
}
END_TEST

/* ota_io over memory without seek or size: a forward-only input */
struct fwd {
	const uint8_t *p;
	size_t n, pos;
};

static int
fwd_read(void *ctx, void *buf, size_t len, size_t *got)
{
	struct fwd *f = ctx;
	size_t k = f->n - f->pos < len ? f->n - f->pos : len;

	if (k > 4000)
		k = 4000; /* short reads, like a pipe */
	memcpy(buf, f->p + f->pos, k);
	f->pos += k;
	*got = k;
	return 0;
}

START_TEST(verify_extract_hash)
{
	static const struct ota_io io = { fwd_read, NULL, NULL, NULL };
	uint8_t *p = payload();
	struct rec r = { 0 };
	struct membuf m = { 0 }, x = { 0 };
	struct ota_builder *b = builder(p, 1, &r);
	struct ota_image *img;
	struct fwd f;
	uint8_t h[32];

	ck_assert_int_eq(ota_builder_write(b, membuf_write, &m), OTA_OK);
	memset(&r, 0, sizeof(r));
	/* seekable: verify hashes up to the integrity code, extract copies */
	img = ota_image_new();
	ck_assert_int_eq(ota_image_set_progress(img, cb, &r), OTA_OK);
	ck_assert_int_eq(ota_image_open_memory(img, m.p, m.n), OTA_OK);
	ck_assert_uint_eq(r.calls, 0);
	ck_assert_int_eq(ota_image_set_progress(NULL, cb, &r), OTA_E_INVAL);
	ck_assert_int_eq(ota_image_verify(img, 0), OTA_OK);
	ran(&r, m.n - 16); /* to the end of the code's element header */
	ck_assert_int_eq(ota_image_extract(img, 0, membuf_write, &x), OTA_OK);
	ran(&r, PAYLOAD);
	ck_assert_int_eq(ota_image_extract_path(img, 0, at("out.bin")), OTA_OK);
	ran(&r, PAYLOAD);
	ck_assert_int_eq(unlink(at("out.bin")), 0);
	r.cancel = 1;
	cancelled(&r, ota_image_extract_path(img, 0, at("out.bin")), ota_image_errmsg(img));
	only_inputs();
	ota_image_free(&img);
	/* a verify cancelled half way */
	img = ota_image_new();
	ota_image_set_progress(img, cb, &r);
	ck_assert_int_eq(ota_image_open_memory(img, m.p, m.n), OTA_OK);
	r.cancel = 1;
	cancelled(&r, ota_image_verify(img, 0), ota_image_errmsg(img));
	ck_assert_int_eq(ota_image_verify(img, 0), OTA_OK); /* not kept: it runs again */
	ran(&r, m.n - 16);
	ota_image_free(&img);
	/* forward-only: open reads and hashes; no size, so the image's end */
	img = ota_image_new();
	ota_image_set_progress(img, cb, &r);
	f = (struct fwd){ m.p, m.n, 0 };
	ck_assert_int_eq(ota_image_open_io(img, &io, &f), OTA_OK);
	ran(&r, m.n);
	ck_assert_int_eq(ota_image_verify(img, 0), OTA_OK);
	ota_image_free(&img);
	img = ota_image_new();
	ota_image_set_progress(img, cb, &r);
	f = (struct fwd){ m.p, m.n, 0 };
	r.cancel = 1;
	cancelled(&r, ota_image_open_io(img, &io, &f), ota_image_errmsg(img));
	ck_assert_uint_lt(f.pos, m.n); /* it stopped reading */
	ota_image_free(&img);
	ota_builder_free(&b);
	membuf_free(&m);
	membuf_free(&x);
	/* GBCS: the manufacturer hash, extract_raw_path */
	b = ota_builder_new();
	ota_builder_set_manufacturer_code(b, 0x121D);
	ota_builder_set_format(b, OTA_FORMAT_GBCS);
	ota_builder_add_memory(b, 0, p, PAYLOAD);
	ck_assert_int_eq(ota_builder_write(b, membuf_write, &m), OTA_OK);
	img = ota_image_new();
	ota_image_set_format(img, OTA_FORMAT_GBCS);
	ota_image_set_progress(img, cb, &r);
	ck_assert_int_eq(ota_image_open_memory(img, m.p, m.n), OTA_OK);
	ck_assert_int_eq(ota_image_manufacturer_hash(img, OTA_GBCS_COVER_IMAGE, h), OTA_OK);
	ran(&r, m.n);
	r.cancel = 1;
	cancelled(&r, ota_image_manufacturer_hash(img, 0, h), ota_image_errmsg(img));
	ck_assert_int_eq(ota_image_manufacturer_hash(img, 0, h), OTA_OK);
	ran(&r, PAYLOAD);
	ota_image_free(&img);
	/* without a trailer and the GBCS format: a raw payload */
	img = ota_image_new();
	ota_image_set_progress(img, cb, &r);
	ck_assert_int_eq(ota_image_open_memory(img, m.p, m.n), OTA_OK);
	ck_assert_int_eq(ota_image_extract_raw_path(img, at("out.bin")), OTA_OK);
	ran(&r, PAYLOAD);
	ck_assert_int_eq(unlink(at("out.bin")), 0);
	r.cancel = 1;
	cancelled(&r, ota_image_extract_raw_path(img, at("out.bin")), ota_image_errmsg(img));
	only_inputs();
	ota_image_free(&img);
	ota_builder_free(&b);
	membuf_free(&m);
	free(p);
}
END_TEST

START_TEST(sign)
{
	uint8_t *p = payload(), cert[80], capub[100];
	size_t certlen = sizeof(cert), capublen = sizeof(capub);
	struct rec r = { 0 };
	struct membuf m = { 0 }, s = { 0 }, g = { 0 }, pr = { 0 };
	struct ota_trust *t;
	struct ota_builder *b = builder(p, 0, &r);
	struct ota_key *ca = NULL, *dev = NULL, *k = NULL;
	struct ota_image *img;

	ck_assert_int_eq(ota_builder_write(b, membuf_write, &m), OTA_OK);
	ota_builder_free(&b);
	memset(&r, 0, sizeof(r));
	ck_assert_int_eq(ota_key_generate(&ca, OTA_KEY_SECT163K1), OTA_OK);
	ck_assert_int_eq(ota_cert_issue(1, ca, 0x0102030405060708ull, 0x1112131415161718ull, cert,
	    &certlen, &dev), OTA_OK);
	img = ota_image_new();
	ota_image_set_progress(img, cb, &r);
	ck_assert_int_eq(ota_image_open_memory(img, m.p, m.n), OTA_OK);
	ck_assert_int_eq(ota_image_sign(img, dev, cert, certlen, OTA_SIGN_NO_KEY_CHECK, NULL,
	    membuf_write, &s), OTA_OK);
	ran(&r, m.n);
	ck_assert_int_eq(ota_image_sign_path(img, dev, cert, certlen, OTA_SIGN_NO_KEY_CHECK, NULL,
	    at("out.ota")), OTA_OK);
	ran(&r, m.n);
	ck_assert_int_eq(unlink(at("out.ota")), 0);
	r.cancel = 1;
	cancelled(&r, ota_image_sign_path(img, dev, cert, certlen, OTA_SIGN_NO_KEY_CHECK, NULL,
	    at("out.ota")), ota_image_errmsg(img));
	only_inputs();
	ck_assert_int_eq(ota_image_sign(img, NULL, cert, certlen, OTA_SIGN_PREPARE, NULL,
	    membuf_write, &pr), OTA_OK);
	ran(&r, m.n);
	ota_image_free(&img);
	/* insert a signature: checked (one pass), then copied (another) */
	ck_assert_ptr_nonnull(t = ota_trust_new());
	ck_assert_int_eq(ota_key_public(ca, capub, &capublen), OTA_OK);
	ck_assert_int_eq(ota_trust_set_ca(t, capub, capublen), OTA_OK);
	img = ota_image_new();
	ota_image_set_progress(img, cb, &r);
	ck_assert_int_eq(ota_image_open_memory(img, pr.p, pr.n), OTA_OK);
	r.cancel = 1;
	cancelled(&r, ota_image_insert_signature_path(img, s.p + s.n - 42, 42, t, at("out.ota")),
	    ota_image_errmsg(img));
	only_inputs();
	ck_assert_int_eq(ota_image_insert_signature_path(img, s.p + s.n - 42, 42, t, at("out.ota")),
	    OTA_OK);
	ck_assert_uint_eq(r.last, r.total);
	memset(&r, 0, sizeof(r));
	ck_assert_int_eq(unlink(at("out.ota")), 0);
	ota_image_free(&img);
	ota_trust_free(&t);
	/* GBCS */
	membuf_free(&m);
	b = ota_builder_new();
	ota_builder_set_manufacturer_code(b, 0x121D);
	ota_builder_set_format(b, OTA_FORMAT_GBCS);
	ota_builder_add_memory(b, 0, p, PAYLOAD);
	ck_assert_int_eq(ota_builder_write(b, membuf_write, &m), OTA_OK);
	ck_assert_int_eq(ota_key_generate(&k, OTA_KEY_P256), OTA_OK);
	img = ota_image_new();
	ota_image_set_format(img, OTA_FORMAT_GBCS);
	ota_image_set_progress(img, cb, &r);
	ck_assert_int_eq(ota_image_open_memory(img, m.p, m.n), OTA_OK);
	ck_assert_int_eq(ota_image_sign_gbcs(img, k, 0, membuf_write, &g), OTA_OK);
	ran(&r, m.n);
	r.cancel = 1;
	cancelled(&r, ota_image_sign_gbcs_path(img, k, 0, at("out.ota")), ota_image_errmsg(img));
	only_inputs();
	ota_image_free(&img);
	ota_builder_free(&b);
	ota_key_free(&ca);
	ota_key_free(&dev);
	ota_key_free(&k);
	membuf_free(&m);
	membuf_free(&s);
	membuf_free(&g);
	membuf_free(&pr);
	free(p);
}
END_TEST

Suite *
suite_progress(void)
{
	Suite *s = suite_create("progress");
	TCase *tc = tcase_create("progress");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, create);
	tcase_add_test(tc, verify_extract_hash);
	tcase_add_test(tc, sign);
	suite_add_tcase(s, tc);
	return s;
}
