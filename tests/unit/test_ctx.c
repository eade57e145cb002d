/* test_ctx.c - issue 9 item 6: the library context (OpenSSL library
 * context and property query, log callback), input callbacks by setter,
 * one name per public enum, getters that say when they fail. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/crypto.h>
#include <openssl/provider.h>

#include "testutil.h"

static uint8_t *
sample(size_t *len)
{
	return slurp(vector_path("zigbee/samples/silabs-suite1-signed-sample.ota"), len);
}

/* ---- names ---- */

static void
distinct(const char *const *v, size_t n, const char *what)
{
	size_t i, j;

	for (i = 0; i < n; i++) {
		ck_assert_msg(v[i] != NULL && v[i][0] != '\0', "%s %zu has no name", what, i);
		for (j = 0; j < i; j++)
			ck_assert_msg(strcmp(v[i], v[j]) != 0, "%s %zu and %zu: both %s", what, i, j,
			    v[i]);
	}
}

START_TEST(every_enum_has_names)
{
	const char *v[8];
	int i;

	for (i = 0; i <= OTA_SEV_ERROR; i++)
		v[i] = ota_severity_name((enum ota_severity)i);
	distinct(v, 3, "severity");
	ck_assert_str_eq(ota_severity_name(OTA_SEV_WARNING), "warning");
	for (i = 0; i <= OTA_CONTAINER_UNKNOWN; i++)
		v[i] = ota_container_name((enum ota_container)i);
	distinct(v, 4, "container");
	for (i = 0; i <= OTA_WALK_GBCS; i++) {
		v[i] = ota_walk_name((enum ota_walk)i);
		ck_assert_str_ne(v[i], "unknown");
	}
	distinct(v, 4, "walk");
	for (i = 0; i <= OTA_FORMAT_GBCS; i++) {
		v[i] = ota_format_name((enum ota_format)i);
		ck_assert_str_ne(v[i], "unknown");
	}
	distinct(v, 3, "format");
	for (i = 0; i <= OTA_IIC_MISMATCH; i++) {
		v[i] = ota_iic_result_name((enum ota_iic_result)i);
		ck_assert_str_ne(v[i], "unknown");
	}
	distinct(v, 5, "iic");
	for (i = 0; i <= OTA_APPLIES_HW_VERSION; i++) {
		v[i] = ota_applies_name((enum ota_applies)i);
		ck_assert_str_ne(v[i], "unknown");
	}
	distinct(v, 5, "applies");
	for (i = 0; i <= OTA_SIG_INVALID; i++) {
		v[i] = ota_sig_result_name((enum ota_sig_result)i);
		ck_assert_str_ne(v[i], "unknown");
	}
	distinct(v, 4, "sig");
	for (i = OTA_KEY_P256; i <= OTA_KEY_RSA3072; i++) {
		v[i - 1] = ota_key_type_name((enum ota_key_type)i);
		ck_assert_str_ne(v[i - 1], "unknown");
	}
	distinct(v, 7, "key type");
	for (i = 0; i <= OTA_PAYLOAD_ESP_APP; i++)
		v[i] = ota_payload_kind_name((enum ota_payload_kind)i);
	distinct(v, 8, "payload kind");
	for (i = 0; i <= OTA_TRAILER_FF_PADDING; i++)
		v[i] = ota_trailer_kind_name((enum ota_trailer_kind)i);
	distinct(v, 6, "trailer kind");
	for (i = 0; i <= OTA_CPL_HW_ZIGBEE; i++) {
		v[i] = ota_cpl_field_name((enum ota_cpl_field)i);
		ck_assert_str_ne(v[i], "unknown");
	}
	distinct(v, 6, "cpl field");
	/* any other value: "unknown", never NULL */
	ck_assert_str_eq(ota_severity_name((enum ota_severity)7), "unknown");
	ck_assert_str_eq(ota_container_name((enum ota_container)-1), "unknown");
	ck_assert_str_eq(ota_walk_name((enum ota_walk)99), "unknown");
	ck_assert_str_eq(ota_format_name((enum ota_format)3), "unknown");
	ck_assert_str_eq(ota_iic_result_name((enum ota_iic_result)5), "unknown");
	ck_assert_str_eq(ota_applies_name((enum ota_applies)5), "unknown");
	ck_assert_str_eq(ota_sig_result_name((enum ota_sig_result)4), "unknown");
	ck_assert_str_eq(ota_key_type_name((enum ota_key_type)0), "unknown");
	ck_assert_str_eq(ota_key_type_name((enum ota_key_type)8), "unknown");
	ck_assert_str_eq(ota_payload_kind_name((enum ota_payload_kind)42), "unknown");
	ck_assert_str_eq(ota_cpl_field_name((enum ota_cpl_field)6), "unknown");
}
END_TEST

/* ---- getters that can fail ---- */

START_TEST(checked_getters)
{
	struct ota_image *img = ota_image_new();
	uint8_t *f;
	uint16_t tag = 0x1234;
	uint64_t off = 7;
	uint32_t len = 9;
	const char *msg = "x";
	int code = 5;
	size_t n;

	/* a handle that is not open: OTA_E_STATE, outputs untouched */
	ck_assert_int_eq(ota_image_status(img), OTA_E_STATE);
	ck_assert_int_eq(ota_image_element_get(img, 0, &tag, &off, &len), OTA_E_STATE);
	ck_assert_int_eq(ota_image_diag_get(img, 0, &code, &off, &msg), OTA_E_STATE);
	ck_assert_uint_eq(tag, 0x1234);
	ck_assert_int_eq(ota_image_status(NULL), OTA_E_INVAL);
	ck_assert_int_eq(ota_image_element_get(NULL, 0, NULL, NULL, NULL), OTA_E_INVAL);
	f = sample(&n);
	ck_assert_int_eq(ota_image_open_memory(img, f, n), OTA_OK);
	ck_assert_int_eq(ota_image_status(img), OTA_OK);
	ck_assert_uint_eq(ota_image_element_count(img), 3);
	ck_assert_int_eq(ota_image_element_get(img, 1, &tag, &off, &len), OTA_OK);
	ck_assert_uint_eq(tag, ota_image_element_tag(img, 1));
	ck_assert_uint_eq(off, ota_image_element_offset(img, 1));
	ck_assert_uint_eq(len, ota_image_element_length(img, 1));
	ck_assert_int_eq(ota_image_element_get(img, 2, NULL, NULL, NULL), OTA_OK);
	/* out of range: the plain getter says tag 0 (the upgrade image); the
	 * checked one says OTA_E_RANGE and leaves the outputs alone */
	tag = 0x1234;
	ck_assert_uint_eq(ota_image_element_tag(img, 3), 0);
	ck_assert_int_eq(ota_image_element_get(img, 3, &tag, &off, &len), OTA_E_RANGE);
	ck_assert_uint_eq(tag, 0x1234);
	ck_assert_int_eq(ota_image_element_get(img, (size_t)-1, &tag, NULL, NULL), OTA_E_RANGE);
	ck_assert_int_eq(ota_image_diag_get(img, ota_image_diag_count(img), &code, &off, &msg),
	    OTA_E_RANGE);
	ck_assert_int_eq(code, 5);
	ota_image_free(&img);
	free(f);
}
END_TEST

START_TEST(checked_diag_getter)
{
	struct ota_image *img = ota_image_new();
	uint8_t *f;
	const char *msg = NULL;
	uint64_t off;
	int code;
	size_t n;

	f = sample(&n);
	f[n - 1] ^= 1; /* no diag from that; a wildcard manufacturer gives one */
	f[10] = 0xFF;
	f[11] = 0xFF;
	ck_assert_int_eq(ota_image_open_memory(img, f, n), OTA_OK);
	ck_assert_uint_ge(ota_image_diag_count(img), 1);
	ck_assert_int_eq(ota_image_diag_get(img, 0, &code, &off, &msg), OTA_OK);
	ck_assert_int_eq(code, ota_image_diag_code(img, 0));
	ck_assert_uint_eq(off, ota_image_diag_offset(img, 0));
	ck_assert_str_eq(msg, ota_image_diag_message(img, 0));
	ota_image_free(&img);
	free(f);
}
END_TEST

/* ---- input callbacks by setter ---- */

struct src {
	const uint8_t *p;
	size_t n, pos;
	int closed, seeks;
};

static int
src_read(void *ctx, void *buf, size_t len, size_t *got)
{
	struct src *s = ctx;
	size_t k = s->n - s->pos < len ? s->n - s->pos : len;

	memcpy(buf, s->p + s->pos, k);
	s->pos += k;
	*got = k;
	return 0;
}

static int
src_seek(void *ctx, uint64_t off)
{
	struct src *s = ctx;

	if (off > s->n)
		return -1;
	s->pos = (size_t)off;
	s->seeks++;
	return 0;
}

static int
src_size(void *ctx, uint64_t *size)
{
	*size = ((struct src *)ctx)->n;
	return 0;
}

static void
src_close(void *ctx)
{
	((struct src *)ctx)->closed++;
}

START_TEST(open_cb_with_setters)
{
	struct ota_trust *t = ota_trust_new();
	struct ota_image *img;
	struct src s;
	int fwd;
	size_t n;
	uint8_t *f = sample(&n);

	ck_assert_int_eq(ota_trust_set_test_ca(t), OTA_OK);
	for (fwd = 0; fwd < 2; fwd++) {
		memset(&s, 0, sizeof(s));
		s.p = f;
		s.n = n;
		img = ota_image_new();
		if (!fwd) {
			ck_assert_int_eq(ota_image_set_seek_cb(img, src_seek), OTA_OK);
			ck_assert_int_eq(ota_image_set_size_cb(img, src_size), OTA_OK);
		}
		ck_assert_int_eq(ota_image_set_close_cb(img, src_close), OTA_OK);
		ck_assert_int_eq(ota_image_open_cb(img, NULL, &s), OTA_E_INVAL);
		ck_assert_int_eq(ota_image_open_cb(img, src_read, &s), OTA_OK);
		ck_assert_uint_eq(ota_image_element_count(img), 3);
		ck_assert_int_eq(ota_image_verify_trust(img, t, OTA_VERIFY_STRICT), OTA_OK);
		ck_assert_int_eq(ota_image_sig_result(img), OTA_SIG_VALID);
		if (!fwd)
			ck_assert_int_gt(s.seeks, 0);
		else
			ck_assert_int_eq(s.seeks, 0);
		/* after open, the setters are refused */
		ck_assert_int_eq(ota_image_set_seek_cb(img, src_seek), OTA_E_STATE);
		ota_image_free(&img);
		ck_assert_int_eq(s.closed, 1);
	}
	ota_trust_free(&t);
	free(f);
}
END_TEST

/* ---- the library context ---- */

struct logbuf {
	char text[4096];
	int lines;
};

static void
log_to(void *arg, const char *line)
{
	struct logbuf *l = arg;
	size_t n = strlen(l->text);

	snprintf(l->text + n, sizeof(l->text) - n, "%s\n", line);
	l->lines++;
}

/* verify the sample under ctx */
static int
verify_ctx(const struct ota_ctx *ctx, const uint8_t *f, size_t n)
{
	struct ota_trust *t = ota_trust_new();
	struct ota_image *img = ota_image_new_ctx(ctx);
	int r;

	ck_assert_int_eq(ota_trust_set_test_ca(t), OTA_OK);
	if ((r = ota_image_open_memory(img, f, n)) == OTA_OK)
		r = ota_image_verify_trust(img, t, OTA_VERIFY_STRICT);
	ota_image_free(&img);
	ota_trust_free(&t);
	return r;
}

static int
build_ctx(const struct ota_ctx *ctx)
{
	struct ota_builder *b = ota_builder_new_ctx(ctx);
	struct membuf m = { 0 };
	int r;

	ck_assert_ptr_nonnull(b);
	ck_assert_int_eq(ota_builder_set_manufacturer_code(b, 0x1234), OTA_OK);
	ck_assert_int_eq(ota_builder_add_memory(b, 0, "payload", 7), OTA_OK);
	ck_assert_int_eq(ota_builder_set_integrity_code(b, 1), OTA_OK);
	r = ota_builder_write(b, membuf_write, &m);
	ota_builder_free(&b);
	membuf_free(&m);
	return r;
}

START_TEST(libctx_is_used)
{
	OSSL_LIB_CTX *full = OSSL_LIB_CTX_new(), *empty = OSSL_LIB_CTX_new();
	OSSL_PROVIDER *pd, *pn;
	struct ota_ctx *ctx = ota_ctx_new();
	struct logbuf log = { "", 0 };
	uint8_t *f;
	size_t n;

	ck_assert_ptr_nonnull(full);
	ck_assert_ptr_nonnull(empty);
	ck_assert_ptr_nonnull(ctx);
	/* "default" loaded explicitly; "null" keeps the fallback out: nothing */
	ck_assert_ptr_nonnull(pd = OSSL_PROVIDER_load(full, "default"));
	ck_assert_ptr_nonnull(pn = OSSL_PROVIDER_load(empty, "null"));
	f = sample(&n);
	ck_assert_int_eq(ota_ctx_set_log(ctx, log_to, &log), OTA_OK);

	/* a context without a library context: OpenSSL's default, as before */
	ck_assert_int_eq(verify_ctx(ctx, f, n), OTA_OK);
	ck_assert_int_eq(verify_ctx(NULL, f, n), OTA_OK);
	ck_assert_int_eq(log.lines, 0);

	ck_assert_int_eq(ota_ctx_set_libctx(ctx, full, NULL), OTA_OK);
	ck_assert_int_eq(verify_ctx(ctx, f, n), OTA_OK);
	ck_assert_int_eq(build_ctx(ctx), OTA_OK);
	ck_assert_int_eq(log.lines, 0);
	/* a property query nothing in it satisfies */
	ck_assert_int_eq(ota_ctx_set_libctx(ctx, full, "provider=nosuch"), OTA_OK);
	ck_assert_int_eq(verify_ctx(ctx, f, n), OTA_E_CRYPTO);
	ck_assert_int_eq(ota_ctx_set_libctx(ctx, full, "provider=default"), OTA_OK);
	ck_assert_int_eq(verify_ctx(ctx, f, n), OTA_OK);

	/* a library context with no algorithms: hashing fails, and says so in
	 * the log with OpenSSL's reason, instead of quietly using the default */
	ck_assert_int_eq(ota_ctx_set_libctx(ctx, empty, NULL), OTA_OK);
	ck_assert_int_eq(verify_ctx(ctx, f, n), OTA_E_CRYPTO);
	ck_assert_int_ge(log.lines, 1);
	ck_assert_msg(strstr(log.text, "OpenSSL: ") != NULL, "log: %s", log.text);
	log.text[0] = '\0';
	log.lines = 0;
	ck_assert_int_eq(build_ctx(ctx), OTA_E_CRYPTO);
	/* the default context is untouched by all this */
	ck_assert_int_eq(build_ctx(NULL), OTA_OK);
	ck_assert_int_eq(verify_ctx(NULL, f, n), OTA_OK);

	/* a propq longer than OTA_PROPQ_MAX is refused */
	{
		char big[OTA_PROPQ_MAX + 1];

		memset(big, 'a', sizeof(big) - 1);
		big[sizeof(big) - 1] = '\0';
		ck_assert_int_eq(ota_ctx_set_libctx(ctx, full, big), OTA_E_INVAL);
		ck_assert_int_eq(ota_ctx_set_libctx(NULL, full, NULL), OTA_E_INVAL);
		ck_assert_int_eq(ota_ctx_set_log(NULL, log_to, NULL), OTA_E_INVAL);
	}
	ota_ctx_free(&ctx);
	ck_assert_ptr_null(ctx);
	ota_ctx_free(&ctx);
	ota_ctx_free(NULL);
	OSSL_PROVIDER_unload(pd);
	OSSL_PROVIDER_unload(pn);
	OSSL_LIB_CTX_free(full);
	OSSL_LIB_CTX_free(empty);
	free(f);
}
END_TEST

/* A failing key load logs OpenSSL's reason to the context's log; nothing
 * is logged (or printed) without one. */
START_TEST(key_load_logs_reason)
{
	char dir[] = "/tmp/otaimg-test-XXXXXX", junk[300], errf[300], keyf[300];
	struct ota_ctx *ctx = ota_ctx_new();
	struct logbuf log = { "", 0 };
	struct ota_key *k = NULL, *gen = NULL;
	struct ota_image *img;
	FILE *fp;
	int fd, saved;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(junk, sizeof(junk), "%s/junk.pem", dir);
	snprintf(errf, sizeof(errf), "%s/stderr", dir);
	snprintf(keyf, sizeof(keyf), "%s/key.pem", dir);
	ck_assert_ptr_nonnull(fp = fopen(junk, "w"));
	fputs("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n", fp);
	fclose(fp);
	ck_assert_int_eq(ota_key_generate(&gen, OTA_KEY_P256), OTA_OK);
	ck_assert_int_eq(ota_key_write_path(gen, 1, keyf), OTA_OK);

	/* no log callback: nothing on stderr either */
	ck_assert_int_ge(fd = open(errf, O_WRONLY | O_CREAT | O_TRUNC, 0600), 0);
	saved = dup(2);
	dup2(fd, 2);
	ck_assert_int_ne(ota_key_load_ctx(ctx, &k, junk, NULL), OTA_OK);
	ck_assert_int_ne(ota_key_load_ctx(NULL, &k, junk, NULL), OTA_OK);
	img = ota_image_new_ctx(ctx);
	ck_assert_int_ne(ota_image_open_memory(img, "junk", 4), OTA_OK);
	ota_image_free(&img);
	dup2(saved, 2);
	close(saved);
	ck_assert_int_eq(lseek(fd, 0, SEEK_END), 0);
	close(fd);

	ck_assert_int_eq(ota_ctx_set_log(ctx, log_to, &log), OTA_OK);
	ck_assert_int_eq(ota_key_load_ctx(ctx, &k, keyf, NULL), OTA_OK);
	ck_assert_int_eq(log.lines, 0);
	ota_key_free(&k);
	ck_assert_int_ne(ota_key_load_ctx(ctx, &k, junk, NULL), OTA_OK);
	ck_assert_ptr_null(k);
	ck_assert_int_eq(log.lines, 1);
	ck_assert_msg(strstr(log.text, junk) != NULL && strstr(log.text, ": OpenSSL: ") != NULL,
	    "log: %s", log.text);
	/* a failing open logs its message */
	img = ota_image_new_ctx(ctx);
	ck_assert_int_eq(ota_image_open_memory(img, "junk", 4), OTA_E_BAD_MAGIC);
	ck_assert_int_eq(log.lines, 2);
	ck_assert_ptr_nonnull(strstr(log.text, ota_image_errmsg(img)));
	ota_image_free(&img);
	ota_key_free(&gen);
	ota_ctx_free(&ctx);
	unlink(junk);
	unlink(keyf);
	unlink(errf);
	rmdir(dir);
}
END_TEST

/* A trust decodes supplier certificates in its library context, and logs
 * why one was refused. */
START_TEST(trust_uses_libctx)
{
	OSSL_LIB_CTX *full = OSSL_LIB_CTX_new(), *empty = OSSL_LIB_CTX_new();
	OSSL_PROVIDER *pd, *pn;
	struct ota_ctx *ctx = ota_ctx_new();
	struct logbuf log = { "", 0 };
	struct ota_trust *t;
	uint8_t *cert;
	size_t n;

	ck_assert_ptr_nonnull(pd = OSSL_PROVIDER_load(full, "default"));
	ck_assert_ptr_nonnull(pn = OSSL_PROVIDER_load(empty, "null"));
	cert = slurp(vector_path("gbcs/supplier-ds-90B3D51F30010000.pem"), &n);
	ck_assert_ptr_nonnull(cert);
	ck_assert_int_eq(ota_ctx_set_log(ctx, log_to, &log), OTA_OK);
	ck_assert_int_eq(ota_ctx_set_libctx(ctx, full, NULL), OTA_OK);
	ck_assert_ptr_nonnull(t = ota_trust_new_ctx(ctx));
	ck_assert_int_eq(ota_trust_add_supplier(t, cert, n), OTA_OK);
	ck_assert_int_eq(log.lines, 0);
	ck_assert_int_eq(ota_trust_add_supplier(t, (const uint8_t *)"junk", 4), OTA_E_NOKEY);
	ck_assert_int_eq(log.lines, 1);
	ck_assert_ptr_nonnull(strstr(log.text, "OpenSSL: "));
	ota_trust_free(&t);
	/* nothing to decode with: refused, where the default context would take it */
	ck_assert_int_eq(ota_ctx_set_libctx(ctx, empty, NULL), OTA_OK);
	ck_assert_ptr_nonnull(t = ota_trust_new_ctx(ctx));
	ck_assert_int_ne(ota_trust_add_supplier(t, cert, n), OTA_OK);
	ota_trust_free(&t);
	ck_assert_ptr_nonnull(t = ota_trust_new_ctx(NULL));
	ck_assert_int_eq(ota_trust_add_supplier(t, cert, n), OTA_OK);
	ota_trust_free(&t);
	ota_ctx_free(&ctx);
	OSSL_PROVIDER_unload(pd);
	OSSL_PROVIDER_unload(pn);
	OSSL_LIB_CTX_free(full);
	OSSL_LIB_CTX_free(empty);
	free(cert);
}
END_TEST

/* ---- the allocator ---- */

#define LIVE_MAX 64
struct counter {
	void *live[LIVE_MAX];
	size_t nlive;
	long allocs, frees, fail_after; /* fail_after < 0: never */
	int foreign;                    /* a free of a block it did not give */
};

static void
live_del(struct counter *c, void *p)
{
	size_t i;

	for (i = 0; i < c->nlive; i++)
		if (c->live[i] == p) {
			c->live[i] = c->live[--c->nlive];
			return;
		}
	c->foreign++;
}

static void *
count_realloc(void *arg, void *p, size_t n)
{
	struct counter *c = arg;
	void *q;

	ck_assert_uint_gt(n, 0);
	if (c->fail_after >= 0 && c->allocs >= c->fail_after)
		return NULL;
	if (p == NULL && c->nlive == LIVE_MAX)
		return NULL;
	if (p != NULL)
		live_del(c, p); /* before realloc: p is not used after it */
	if ((q = realloc(p, n)) == NULL) {
		if (p != NULL)
			c->live[c->nlive++] = p; /* still the caller's */
		return NULL;
	}
	c->allocs++;
	c->live[c->nlive++] = q;
	return q;
}

static void
count_free(void *arg, void *p)
{
	struct counter *c = arg;

	ck_assert_ptr_nonnull(p);
	live_del(c, p);
	c->frees++;
	free(p);
}

/* open (seekable, or forward only), verify, free: all through c */
static int
alloc_run(struct counter *c, const uint8_t *f, size_t n, int fwd)
{
	struct ota_ctx *ctx = ota_ctx_new();
	struct ota_trust *t = ota_trust_new();
	struct ota_image *img;
	struct src s = { f, n, 0, 0, 0 };
	int r;

	ck_assert_int_eq(ota_ctx_set_allocator(ctx, count_realloc, count_free, c), OTA_OK);
	ck_assert_int_eq(ota_trust_set_test_ca(t), OTA_OK);
	if ((img = ota_image_new_ctx(ctx)) == NULL) {
		r = OTA_E_NOMEM;
		goto out;
	}
	ota_ctx_free(&ctx); /* the handle keeps a copy of the settings */
	ck_assert_int_ge(c->allocs, 1);
	if (!fwd)
		(void)ota_image_set_seek_cb(img, src_seek);
	if ((r = ota_image_open_cb(img, src_read, &s)) == OTA_OK)
		r = ota_image_verify_trust(img, t, OTA_VERIFY_STRICT);
	ota_image_free(&img);
out:
	ota_ctx_free(&ctx);
	ota_trust_free(&t);
	return r;
}

START_TEST(allocator_gets_every_block)
{
	struct counter c;
	struct ota_ctx *ctx = ota_ctx_new();
	long n_ok, i;
	size_t n;
	uint8_t *f = sample(&n);
	int fwd, r;

	ck_assert_int_eq(ota_ctx_set_allocator(ctx, count_realloc, NULL, NULL), OTA_E_INVAL);
	ck_assert_int_eq(ota_ctx_set_allocator(ctx, NULL, count_free, NULL), OTA_E_INVAL);
	ck_assert_int_eq(ota_ctx_set_allocator(ctx, NULL, NULL, NULL), OTA_OK);
	ck_assert_int_eq(ota_ctx_set_allocator(NULL, count_realloc, count_free, NULL),
	    OTA_E_INVAL);
	ota_ctx_free(&ctx);
	for (fwd = 0; fwd < 2; fwd++) {
		memset(&c, 0, sizeof(c));
		c.fail_after = -1;
		ck_assert_int_eq(alloc_run(&c, f, n, fwd), OTA_OK);
		/* the handle, the probe, the element table, the hashing buffer
		 * (and forward only: the ring and skip buffers, the hashes) */
		ck_assert_int_ge(c.allocs, fwd ? 6 : 4);
		ck_assert_int_eq(c.nlive, 0);
		ck_assert_int_eq(c.foreign, 0);
		n_ok = c.allocs;
		/* every allocation failing in turn: a clean OTA_E_NOMEM, nothing kept */
		for (i = 0; i < n_ok; i++) {
			memset(&c, 0, sizeof(c));
			c.fail_after = i;
			r = alloc_run(&c, f, n, fwd);
			ck_assert_msg(r == OTA_E_NOMEM, "allocation %ld of %ld failing: %s", i, n_ok,
			    ota_errname(r));
			ck_assert_int_eq(c.nlive, 0);
			ck_assert_int_eq(c.foreign, 0);
		}
	}
	free(f);
}
END_TEST

Suite *
suite_ctx(void)
{
	Suite *s = suite_create("ctx");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, every_enum_has_names);
	tcase_add_test(tc, checked_getters);
	tcase_add_test(tc, checked_diag_getter);
	tcase_add_test(tc, open_cb_with_setters);
	tcase_add_test(tc, libctx_is_used);
	tcase_add_test(tc, key_load_logs_reason);
	tcase_add_test(tc, allocator_gets_every_block);
	tcase_add_test(tc, trust_uses_libctx);
	suite_add_tcase(s, tc);
	return s;
}
