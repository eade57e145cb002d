/* test_sign.c - Smart Energy signatures: the Silicon Labs sample against
 * the Certicom test CA, every byte of it flipped, and for both suites the
 * chain CA -> ECQV certificate -> sign -> verify with its negative cases. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include "testutil.h"

#define SUBJECT 0x000D6F0000198B36ull
#define ISSUER 0x544553544C414231ull /* "TESTLAB1" */

static uint8_t *
sample(size_t *len)
{
	uint8_t *f = slurp(vector_path("zigbee/samples/silabs-suite1-signed-sample.ota"), len);

	ck_assert_uint_eq(*len, 182);
	return f;
}

static int
verify_mem(const uint8_t *b, size_t n, const struct ota_trust *t, unsigned flags,
    struct ota_image **keep)
{
	struct ota_image *img = ota_image_new();
	int r = ota_image_open_memory(img, b, n);

	if (r == OTA_OK)
		r = ota_image_verify_trust(img, t, flags);
	if (keep != NULL)
		*keep = img;
	else
		ota_image_free(&img);
	return r;
}

START_TEST(sample_verifies_with_test_ca)
{
	struct ota_trust *t = ota_trust_new();
	struct ota_image *img;
	uint8_t *f, d[16], want[16];
	uint64_t signer, subject, issuer;
	size_t n;
	int suite;

	f = sample(&n);
	ck_assert_int_eq(ota_trust_set_test_ca(t), OTA_OK);
	ck_assert_int_eq(verify_mem(f, n, t, OTA_VERIFY_STRICT, &img), OTA_OK);
	ck_assert_int_eq(ota_image_sig_result(img), OTA_SIG_VALID);
	ck_assert_int_eq(ota_image_signature_digest(img, d), OTA_OK);
	unhex("E26A886E8030458DA084586F2DCB08A2", want, 16);
	ck_assert_mem_eq(d, want, 16);
	ck_assert_int_eq(ota_image_signature_info(img, &suite, &signer, &subject, &issuer), OTA_OK);
	ck_assert_int_eq(suite, 1);
	ck_assert_uint_eq(signer, SUBJECT);
	ck_assert_uint_eq(subject, SUBJECT);
	ck_assert_uint_eq(issuer, 0x5445535453454341ull); /* "TESTSECA" */
	ota_image_free(&img);
	/* the certificate alone: the reconstructed key is e*P_U + Q_CA */
	{
		uint8_t q[64], ca[22];
		size_t ql = sizeof(q);

		unhex("0200FDE8A7F3D1084224962A4E7C54E69AC3F04DA6B8", ca, 22);
		ck_assert_int_eq(ota_cert_public_key(f + 78, 48, ca, 22, q, &ql), OTA_OK);
		ck_assert_uint_eq(ql, 22);
		ck_assert_int_eq(ota_cert_public_key(f + 78, 48, ca, 21, q, &ql), OTA_E_NOKEY);
	}
	ota_trust_free(&t);
	free(f);
}
END_TEST

/* Flip each of the 182 bytes in turn: no flipped file may verify. */
START_TEST(sample_every_byte_flipped)
{
	struct ota_trust *t = ota_trust_new();
	uint8_t *f;
	size_t n, i;
	int r;

	f = sample(&n);
	ota_trust_set_test_ca(t);
	for (i = 0; i < n; i++) {
		f[i] ^= 0x01;
		r = verify_mem(f, n, t, 0, NULL);
		ck_assert_msg(r != OTA_OK, "byte %zu flipped still verifies", i);
		/* inside the hashed range, the certificate, r or s: a bad signature or
		 * a structural failure, never a crash or a pass */
		f[i] ^= 0x01;
	}
	ck_assert_int_eq(verify_mem(f, n, t, 0, NULL), OTA_OK);
	f[100] ^= 0x80; /* in the certificate's subject: the signer no longer matches */
	ck_assert_int_eq(verify_mem(f, n, t, 0, NULL), OTA_E_POLICY);
	f[100] ^= 0x80;
	f[150] ^= 0x80; /* in r */
	ck_assert_int_eq(verify_mem(f, n, t, 0, NULL), OTA_E_BAD_SIGNATURE);
	f[150] ^= 0x80;
	f[64] ^= 0x80; /* in the 0xF000 element's data (62..71): the digest changes */
	ck_assert_int_eq(verify_mem(f, n, t, 0, NULL), OTA_E_BAD_SIGNATURE);
	ota_trust_free(&t);
	free(f);
}
END_TEST

START_TEST(sample_other_ca_and_no_ca)
{
	struct ota_trust *t = ota_trust_new(), *none = ota_trust_new();
	struct ota_key *k = NULL;
	uint8_t *f, pub[64];
	size_t n, pl = sizeof(pub);

	f = sample(&n);
	ck_assert_int_eq(ota_key_generate(&k, OTA_KEY_SECT163K1), OTA_OK);
	ck_assert_int_eq(ota_key_public(k, pub, &pl), OTA_OK);
	ck_assert_uint_eq(pl, 22);
	ck_assert_int_eq(ota_trust_set_ca(t, pub, pl), OTA_OK);
	ck_assert_int_eq(verify_mem(f, n, t, 0, NULL), OTA_E_BAD_SIGNATURE);
	/* no CA: not checked, which fails unless allowed; required or strict: fails */
	ck_assert_int_eq(verify_mem(f, n, none, 0, NULL), OTA_E_SIG_UNCHECKED);
	ck_assert_int_eq(verify_mem(f, n, NULL, 0, NULL), OTA_E_SIG_UNCHECKED);
	ck_assert_int_eq(verify_mem(f, n, none, OTA_VERIFY_ALLOW_UNCHECKED, NULL), OTA_OK);
	ck_assert_int_eq(verify_mem(f, n, none, OTA_VERIFY_ALLOW_UNCHECKED | OTA_VERIFY_STRICT, NULL),
	    OTA_E_SIG_UNCHECKED);
	ota_trust_require_signature(none, 1);
	ck_assert_int_eq(verify_mem(f, n, none, OTA_VERIFY_ALLOW_UNCHECKED, NULL), OTA_E_SIG_UNCHECKED);
	/* 3: a second CA key for suite 1 adds an anchor; set_ca replaces them */
	ck_assert_int_eq(ota_trust_set_test_ca(t), OTA_OK);
	ck_assert_int_eq(verify_mem(f, n, t, 0, NULL), OTA_OK);
	ck_assert_int_eq(ota_trust_set_ca(t, pub, pl), OTA_OK);
	ck_assert_int_eq(verify_mem(f, n, t, 0, NULL), OTA_E_BAD_SIGNATURE);
	ck_assert_int_eq(ota_trust_set_ca(t, pub, 21), OTA_E_RANGE);
	ota_key_free(&k);
	ota_trust_free(&t);
	ota_trust_free(&none);
	free(f);
}
END_TEST

struct chain {
	struct ota_key *ca, *dev;
	uint8_t cert[OTA_CERT_MAX_LEN], capub[64];
	size_t certlen, capublen;
	struct ota_trust *trust;
};

static void
make_chain(struct chain *c, int suite, uint64_t subject)
{
	c->certlen = sizeof(c->cert);
	c->capublen = sizeof(c->capub);
	c->ca = c->dev = NULL;
	ck_assert_int_eq(ota_key_generate(&c->ca, suite == 1 ? OTA_KEY_SECT163K1 : OTA_KEY_SECT283K1),
	    OTA_OK);
	ck_assert_int_eq(ota_key_public(c->ca, c->capub, &c->capublen), OTA_OK);
	ck_assert_int_eq(ota_cert_issue(suite, c->ca, subject, ISSUER, c->cert, &c->certlen, &c->dev),
	    OTA_OK);
	ck_assert_uint_eq(c->certlen, suite == 1 ? 48 : 74);
	c->trust = ota_trust_new();
	ck_assert_int_eq(ota_trust_set_ca(c->trust, c->capub, c->capublen), OTA_OK);
}

static void
free_chain(struct chain *c)
{
	ota_key_free(&c->ca);
	ota_key_free(&c->dev);
	ota_trust_free(&c->trust);
}

/* An unsigned image: payload plus a manufacturer element. */
static void
unsigned_image(struct membuf *m)
{
	struct ota_builder *b = ota_builder_new();

	ota_builder_set_manufacturer_code(b, 0x1234);
	ota_builder_set_image_type(b, 0x0042);
	ota_builder_set_file_version(b, 0x01020304);
	ota_builder_add_memory(b, 0, "firmware bytes for signing", 26);
	ota_builder_add_memory(b, 0xF100, "vendor", 6);
	ck_assert_int_eq(ota_builder_write(b, membuf_write, m), OTA_OK);
	ota_builder_free(&b);
}

static void
sign_mem(const struct membuf *in, const struct chain *c, unsigned flags, struct membuf *out)
{
	struct ota_image *img = ota_image_new();

	ck_assert_int_eq(ota_image_open_memory(img, in->p, in->n), OTA_OK);
	/* 5: the key pairs with the certificate under its CA; then sign */
	ck_assert_int_eq(ota_key_check_cert(c->dev, c->cert, c->certlen, c->trust), OTA_OK);
	ck_assert_int_eq(ota_image_sign(img, c->dev, c->cert, c->certlen,
	    flags | OTA_SIGN_NO_KEY_CHECK, NULL, membuf_write, out), OTA_OK);
	ota_image_free(&img);
}

START_TEST(round_trip_and_negatives)
{
	int suite = _i + 1;
	struct chain c = { 0 }, other = { 0 };
	struct membuf u = { 0 }, s = { 0 }, x = { 0 };
	struct ota_image *img;
	size_t siglen = suite == 1 ? 50 : 80, certlen = suite == 1 ? 48 : 74, sigoff;
	uint64_t sub, iss;
	int sn;

	make_chain(&c, suite, SUBJECT);
	make_chain(&other, suite, SUBJECT);
	unsigned_image(&u);
	sign_mem(&u, &c, 0, &s);
	ck_assert_uint_eq(s.n, u.n + 6 + certlen + 6 + siglen);
	ck_assert_int_eq(verify_mem(s.p, s.n, c.trust, OTA_VERIFY_STRICT, &img), OTA_OK);
	ck_assert_int_eq(ota_image_sig_result(img), OTA_SIG_VALID);
	ck_assert_uint_eq(ota_image_element_count(img), 4);
	ck_assert_uint_eq(ota_image_element_tag(img, 3), suite == 1 ? 0x0001 : 0x0005);
	ota_image_free(&img);
	ck_assert_int_eq(ota_cert_parse(c.cert, c.certlen, &sn, &sub, &iss), OTA_OK);
	ck_assert_int_eq(sn, suite);
	ck_assert_uint_eq(sub, SUBJECT);
	ck_assert_uint_eq(iss, ISSUER);
	/* wrong CA */
	ck_assert_int_eq(verify_mem(s.p, s.n, other.trust, 0, NULL), OTA_E_BAD_SIGNATURE);
	/* allow-lists */
	ota_trust_add_issuer(c.trust, 0x1111111111111111ull);
	ck_assert_int_eq(verify_mem(s.p, s.n, c.trust, 0, NULL), OTA_E_POLICY);
	ota_trust_add_issuer(c.trust, ISSUER);
	ota_trust_add_signer(c.trust, 0x2222222222222222ull);
	ck_assert_int_eq(verify_mem(s.p, s.n, c.trust, 0, NULL), OTA_E_POLICY);
	ota_trust_add_signer(c.trust, SUBJECT);
	ck_assert_int_eq(verify_mem(s.p, s.n, c.trust, 0, NULL), OTA_OK);
	/* signer in the signature differs from the certificate subject */
	sigoff = s.n - siglen;
	s.p[sigoff] ^= 0x01;
	ck_assert_int_eq(verify_mem(s.p, s.n, c.trust, 0, NULL), OTA_E_POLICY);
	s.p[sigoff] ^= 0x01;
	/* truncated signature: the file ends early */
	ck_assert_int_eq(verify_mem(s.p, s.n - 1, c.trust, 0, NULL), OTA_E_TRUNCATED);
	/* a signature element of the wrong length (and the total fixed up) */
	memcpy(&x, &(struct membuf){ 0 }, sizeof(x));
	membuf_write(&x, s.p, s.n - 1);
	put32(x.p + 52, (uint32_t)(s.n - 1));
	put32(x.p + sigoff - 4, (uint32_t)(siglen - 1));
	ck_assert_int_eq(verify_mem(x.p, x.n, c.trust, 0, NULL), OTA_E_STRUCTURE);
	membuf_free(&x);
	/* a certificate of the wrong length */
	x.n = 0;
	membuf_write(&x, s.p, s.n);
	put32(x.p + u.n + 2, (uint32_t)(certlen - 1));
	put32(x.p + 52, (uint32_t)(s.n - 1)); /* one byte less is not an element stream */
	ck_assert_int_ne(verify_mem(x.p, x.n - 1, c.trust, 0, NULL), OTA_OK);
	membuf_free(&x);
	/* an element after the signature */
	membuf_write(&x, s.p, s.n);
	membuf_write(&x, "\x00\xF2\x00\x00\x00\x00", 6);
	put32(x.p + 52, (uint32_t)x.n);
	ck_assert_int_eq(verify_mem(x.p, x.n, c.trust, 0, NULL), OTA_E_STRUCTURE);
	membuf_free(&x);
	membuf_free(&s);
	membuf_free(&u);
	free_chain(&c);
	free_chain(&other);
}
END_TEST

START_TEST(both_suites_present)
{
	struct chain c1 = { 0 }, c2 = { 0 };
	struct membuf u = { 0 }, s = { 0 };
	struct ota_builder *b = ota_builder_new();
	struct ota_image *img;

	make_chain(&c1, 1, SUBJECT);
	make_chain(&c2, 2, SUBJECT);
	/* an image that already carries a suite-2 certificate, then signed with suite 1 */
	ota_builder_set_manufacturer_code(b, 1);
	ota_builder_add_memory(b, 0, "fw", 2);
	ota_builder_add_memory(b, OTA_TAG_CERTIFICATE_SUITE2, c2.cert, c2.certlen);
	ota_builder_write(b, membuf_write, &u);
	ota_builder_free(&b);
	/* signing replaces certificates of either suite: one suite in the result */
	sign_mem(&u, &c1, 0, &s);
	ck_assert_int_eq(verify_mem(s.p, s.n, c1.trust, 0, &img), OTA_OK);
	ck_assert_uint_eq(ota_image_element_count(img), 3);
	ota_image_free(&img);
	membuf_free(&s);
	/* crafted: a suite-2 certificate after a suite-1 signature's certificate */
	b = ota_builder_new();
	ota_builder_add_memory(b, 0, "fw", 2);
	ota_builder_add_memory(b, OTA_TAG_CERTIFICATE_SUITE2, c2.cert, c2.certlen);
	ota_builder_add_memory(b, OTA_TAG_CERTIFICATE_SUITE1, c1.cert, c1.certlen);
	ota_builder_add_memory(b, OTA_TAG_SIGNATURE_SUITE1, "\x36\x8b\x19\x00\x00\x6f\x0d\x00"
	    "rrrrrrrrrrrrrrrrrrrrrsssssssssssssssssssss", 50);
	ota_builder_write(b, membuf_write, &s);
	ota_builder_free(&b);
	ck_assert_int_eq(verify_mem(s.p, s.n, c1.trust, 0, NULL), OTA_E_STRUCTURE);
	membuf_free(&s);
	membuf_free(&u);
	free_chain(&c1);
	free_chain(&c2);
}
END_TEST

START_TEST(resign_and_prepare)
{
	struct chain a = { 0 }, b = { 0 };
	struct membuf u = { 0 }, s1 = { 0 }, s2 = { 0 }, p = { 0 }, e1 = { 0 }, e2 = { 0 };
	struct ota_image *img;
	uint8_t d1[16], d2[16];
	size_t i;

	make_chain(&a, 1, SUBJECT);
	make_chain(&b, 2, 0x0011223344556677ull);
	unsigned_image(&u);
	sign_mem(&u, &a, 0, &s1);
	sign_mem(&s1, &b, 0, &s2); /* re-sign with another suite and key */
	ck_assert_int_eq(verify_mem(s2.p, s2.n, b.trust, 0, &img), OTA_OK);
	ck_assert_uint_eq(ota_image_element_count(img), 4);
	for (i = 0; i < 2; i++) /* other elements untouched */
		ck_assert_int_eq(ota_image_extract(img, i, membuf_write, &e2), OTA_OK);
	ota_image_free(&img);
	/* the old suite-1 CA names another kind of signature than the image's */
	ck_assert_int_eq(verify_mem(s2.p, s2.n, a.trust, 0, &img), OTA_E_UNSIGNED);
	ck_assert_int_eq(ota_image_sig_result(img), OTA_SIG_NOT_CHECKED);
	ota_image_free(&img);
	img = ota_image_new();
	ota_image_open_memory(img, u.p, u.n);
	for (i = 0; i < 2; i++)
		ota_image_extract(img, i, membuf_write, &e1);
	ota_image_free(&img);
	ck_assert_uint_eq(e1.n, e2.n);
	ck_assert_mem_eq(e1.p, e2.p, e1.n);
	/* prepare: the same digest as signing, r||s zero, and it does not verify */
	img = ota_image_new();
	ota_image_open_memory(img, u.p, u.n);
	ck_assert_int_eq(ota_image_sign(img, NULL, a.cert, a.certlen, OTA_SIGN_PREPARE, d1,
	    membuf_write, &p), OTA_OK);
	ota_image_free(&img);
	img = ota_image_new();
	ota_image_open_memory(img, s1.p, s1.n);
	ck_assert_int_eq(verify_mem(s1.p, s1.n, a.trust, 0, NULL), OTA_OK);
	ck_assert_int_eq(ota_image_verify_trust(img, a.trust, 0), OTA_OK);
	ck_assert_int_eq(ota_image_signature_digest(img, d2), OTA_OK);
	ck_assert_mem_eq(d1, d2, 16);
	ota_image_free(&img);
	ck_assert_uint_eq(p.n, s1.n);
	ck_assert_int_ne(verify_mem(p.p, p.n, a.trust, 0, NULL), OTA_OK);
	/* insert the signature from the signed copy: checked, then written */
	{
		struct membuf o = { 0 };

		img = ota_image_new();
		ota_image_open_memory(img, p.p, p.n);
		ck_assert_int_eq(ota_image_insert_signature(img, s1.p + s1.n - 42, 42, a.trust,
		    membuf_write, &o), OTA_OK);
		ota_image_free(&img);
		ck_assert_uint_eq(o.n, s1.n);
		ck_assert_mem_eq(o.p, s1.p, s1.n);
		o.n = 0;
		img = ota_image_new();
		ota_image_open_memory(img, p.p, p.n);
		ck_assert_int_eq(ota_image_insert_signature(img, s1.p + s1.n - 42, 42, b.trust,
		    membuf_write, &o), OTA_E_NOKEY);
		ck_assert_uint_eq(o.n, 0);
		ota_image_free(&img);
		membuf_free(&o);
	}
	/* an image with an integrity code is refused */
	{
		struct ota_builder *bl = ota_builder_new();
		struct membuf iic = { 0 }, o = { 0 };

		ota_builder_add_memory(bl, 0, "fw", 2);
		ota_builder_set_integrity_code(bl, 1);
		ota_builder_write(bl, membuf_write, &iic);
		ota_builder_free(&bl);
		img = ota_image_new();
		ota_image_open_memory(img, iic.p, iic.n);
		ck_assert_int_eq(ota_image_sign(img, a.dev, a.cert, a.certlen, 0, NULL, membuf_write, &o),
		    OTA_E_STRUCTURE);
		ck_assert_int_eq(ota_image_sign(img, b.dev, a.cert, a.certlen, 0, NULL, membuf_write, &o),
		    OTA_E_NOKEY);
		ota_image_free(&img);
		membuf_free(&iic);
		membuf_free(&o);
	}
	membuf_free(&u);
	membuf_free(&s1);
	membuf_free(&s2);
	membuf_free(&p);
	membuf_free(&e1);
	membuf_free(&e2);
	free_chain(&a);
	free_chain(&b);
}
END_TEST

/* The caller's OpenSSL error queue holds exactly what it held before a
 * failing libotaimg call: one marker error of the caller's own. */
static void
mark(void)
{
	ERR_clear_error();
	ERR_raise(ERR_LIB_USER, 42);
}

static void
check_queue(const char *what)
{
	unsigned long e = ERR_get_error();

	ck_assert_msg(ERR_GET_LIB(e) == ERR_LIB_USER && ERR_GET_REASON(e) == 42,
	    "%s: the caller's error is gone", what);
	ck_assert_msg((e = ERR_get_error()) == 0, "%s: left an error behind: %s", what,
	    ERR_error_string(e, NULL));
}

static char *
write_tmp(const char *tag, const void *data, size_t len, EVP_PKEY *enc_key, const char *pass)
{
	static char path[4][64];
	static int next;
	char *p = path[next++ % 4];
	FILE *fp;
	int fd;

	(void)snprintf(p, 64, "/tmp/otaimg-%s-XXXXXX", tag);
	ck_assert_int_ge(fd = mkstemp(p), 0);
	ck_assert_ptr_nonnull(fp = fdopen(fd, "w"));
	if (enc_key != NULL)
		ck_assert_int_eq(PEM_write_PKCS8PrivateKey(fp, enc_key, EVP_aes_256_cbc(),
		    (char *)(uintptr_t)pass, (int)strlen(pass), NULL, NULL), 1);
	else
		ck_assert_uint_eq(fwrite(data, 1, len, fp), len);
	ck_assert_int_eq(fclose(fp), 0);
	return p;
}

START_TEST(failures_keep_the_openssl_queue_and_say_why)
{
	static const char junk[] = "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n";
	EVP_PKEY *pk = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
	struct ota_trust *t = ota_trust_new();
	struct ota_key *k = NULL;
	uint8_t pt[22], *f;
	char *garbage, *enc;
	size_t n;

	ck_assert_ptr_nonnull(pk);
	garbage = write_tmp("junk", junk, sizeof(junk) - 1, NULL, NULL);
	enc = write_tmp("enc", NULL, 0, pk, "s3cret");

	mark();
	ck_assert_int_eq(ota_key_load(&k, garbage, NULL), OTA_E_NOKEY);
	check_queue("a damaged PEM key");
	mark();
	ck_assert_int_eq(ota_key_load(&k, "/nonexistent/otaimg.key", NULL), OTA_E_IO);
	check_queue("a missing key file");
	mark();
	ck_assert_int_eq(ota_key_load(&k, enc, NULL), OTA_E_PASSPHRASE);
	check_queue("an encrypted key without a passphrase");
	mark();
	ck_assert_int_eq(ota_key_load(&k, enc, "wrong"), OTA_E_PASSPHRASE);
	check_queue("an encrypted key with the wrong passphrase");
	ck_assert_ptr_null(k);
	ck_assert_int_eq(ota_key_load(&k, enc, "s3cret"), OTA_OK);
	ck_assert(ota_key_is_private(k));
	ota_key_free(&k);

	/* a CA "point" whose x is not on sect163k1 */
	memset(pt, 0xFF, sizeof(pt));
	pt[0] = 0x02;
	mark();
	ck_assert_int_eq(ota_trust_set_ca(t, pt, sizeof(pt)), OTA_E_RANGE);
	check_queue("a CA point off the curve");
	mark();
	ck_assert_int_ne(ota_trust_set_supplier(t, (const uint8_t *)junk, sizeof(junk) - 1), OTA_OK);
	check_queue("a damaged supplier certificate");

	/* the sample with its certificate's reconstruction point damaged */
	f = sample(&n);
	memset(f + 78 + 1, 0xFF, 21);
	ck_assert_int_eq(ota_trust_set_test_ca(t), OTA_OK);
	mark();
	ck_assert_int_ne(verify_mem(f, n, t, 0, NULL), OTA_OK);
	check_queue("a certificate point off the curve");
	free(f);
	/* r = 0 and s = all ones: not a valid ECDSA signature at all */
	f = sample(&n);
	memset(f + 140, 0, 21);
	memset(f + 161, 0xFF, 21);
	mark();
	ck_assert_int_eq(verify_mem(f, n, t, 0, NULL), OTA_E_BAD_SIGNATURE);
	check_queue("r = 0");
	free(f);
	/* the GBCS sample: a signature of zeros, and a key on another curve */
	f = slurp(vector_path("gbcs/duis-sr11.1-esme-upgrade-image.bin"), &n);
	{
		size_t cl;
		uint8_t *c = slurp(vector_path("gbcs/supplier-ds-90B3D51F30010000.pem"), &cl);
		struct ota_trust *g = ota_trust_new();

		ck_assert_int_eq(ota_trust_set_supplier(g, c, cl), OTA_OK);
		memset(f + 297, 0, 64);
		mark();
		ck_assert_int_eq(verify_mem(f, n, g, 0, NULL), OTA_E_BAD_SIGNATURE);
		check_queue("a GBCS signature of zeros");
		ota_trust_free(&g);
		free(c);
	}
	free(f);

	unlink(garbage);
	unlink(enc);
	ota_trust_free(&t);
	EVP_PKEY_free(pk);
}
END_TEST

/* 1: no OTA_OK without a check; impossible r||s; a named anchor with no
 * signature of its kind; nothing protecting the content. */
START_TEST(no_ok_without_a_check)
{
	struct ota_trust *t = ota_trust_new(), *amb = ota_trust_new();
	struct ota_image *img;
	struct membuf u = { 0 };
	uint8_t *f;
	size_t n, i;
	char dir[] = "/tmp/otaimg-trust.XXXXXX", path[64];
	FILE *fp;
	int seen = 0;

	f = sample(&n);
	memset(f + 140, 0, 42); /* r||s all zero */
	ck_assert_int_eq(verify_mem(f, n, NULL, OTA_VERIFY_ALLOW_UNCHECKED, &img), OTA_E_BAD_SIGNATURE);
	ck_assert_uint_eq(ota_image_erroffset(img), 140);
	ck_assert_int_eq(ota_image_sig_result(img), OTA_SIG_INVALID);
	ota_image_free(&img);
	free(f);
	unsigned_image(&u);
	ck_assert_int_eq(verify_mem(u.p, u.n, NULL, 0, NULL), OTA_OK);
	ck_assert_int_eq(ota_trust_set_test_ca(t), OTA_OK);
	ck_assert_int_eq(verify_mem(u.p, u.n, t, 0, NULL), OTA_E_UNSIGNED);
	/* an anchor from a trust directory does not make an unsigned image fail */
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/test-ca", dir);
	ck_assert_ptr_nonnull(fp = fopen(path, "w"));
	fputs("suite 1 0200FDE8A7F3D1084224962A4E7C54E69AC3F04DA6B8\n", fp);
	fclose(fp);
	ck_assert_int_eq(ota_trust_load_dir(amb, dir), OTA_OK);
	ck_assert_int_eq(verify_mem(u.p, u.n, amb, 0, &img), OTA_OK);
	for (i = 0; i < ota_image_diag_count(img); i++)
		seen |= ota_image_diag_code(img, i) == OTA_D_UNPROTECTED;
	ck_assert(seen);
	ota_image_free(&img);
	ck_assert_int_eq(verify_mem(u.p, u.n, amb, OTA_VERIFY_REQUIRE_INTEGRITY, NULL),
	    OTA_E_UNPROTECTED);
	unlink(path);
	rmdir(dir);
	membuf_free(&u);
	ota_trust_free(&t);
	ota_trust_free(&amb);
}
END_TEST

/* 2: trust anchors from a directory; errors name the file and the reason. */
START_TEST(trust_directory)
{
	struct ota_trust *t = ota_trust_new();
	char dir[] = "/tmp/otaimg-trust.XXXXXX", path[64], bad[64];
	uint8_t *f;
	size_t n;
	FILE *fp;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/test-ca", dir);
	ck_assert_ptr_nonnull(fp = fopen(path, "w"));
	fputs("# the Certicom test CA\nsuite 1\n 02:00:FD:E8:A7:F3:D1:08:42:24:96:2A:4E:7C:54:E6:9A:C3"
	    ":F0:4D:A6:B8 # its key\n", fp);
	fclose(fp);
	f = sample(&n);
	ck_assert_int_eq(verify_mem(f, n, t, 0, NULL), OTA_E_SIG_UNCHECKED);
	ck_assert_int_eq(ota_trust_load_dir(t, dir), OTA_OK);
	ck_assert_int_eq(verify_mem(f, n, t, 0, NULL), OTA_OK);
	/* a missing named directory, a bad anchor file */
	ck_assert_int_eq(ota_trust_load_dir(t, "/nonexistent/otaimg/trust.d"), OTA_E_IO);
	ck_assert_ptr_nonnull(strstr(ota_trust_errmsg(t), "/nonexistent/otaimg/trust.d"));
	snprintf(bad, sizeof(bad), "%s/bad", dir);
	ck_assert_ptr_nonnull(fp = fopen(bad, "w"));
	fputs("suite 2 0200FDE8A7F3D1084224962A4E7C54E69AC3F04DA6B8\n", fp);
	fclose(fp);
	ck_assert_int_eq(ota_trust_load_dir(t, dir), OTA_E_RANGE);
	ck_assert_ptr_nonnull(strstr(ota_trust_errmsg(t), bad));
	{
		/* a failed load adds none of the directory's anchors */
		struct ota_trust *t2 = ota_trust_new();

		ck_assert_ptr_nonnull(t2);
		ck_assert_int_eq(ota_trust_load_dir(t2, dir), OTA_E_RANGE);
		ck_assert_int_eq(verify_mem(f, n, t2, 0, NULL), OTA_E_SIG_UNCHECKED);
		ota_trust_free(&t2);
	}
	{
		/* whatever the directory order: one anchor more than the limit
		 * fails the load, and none of the others is kept (all the room
		 * for anchors is still free afterwards) */
		char more[OTA_TRUST_MAX_ANCHORS + 1][64];
		struct ota_trust *t3 = ota_trust_new();
		struct ota_key *k = NULL;
		uint8_t pub[64];
		size_t pl, i, j;

		ck_assert_ptr_nonnull(t3);
		unlink(bad);
		for (i = 0; i < OTA_TRUST_MAX_ANCHORS; i++) {
			snprintf(more[i], sizeof(more[i]), "%s/ca%02zu", dir, i);
			ck_assert_int_eq(ota_key_generate(&k, OTA_KEY_SECT163K1), OTA_OK);
			pl = sizeof(pub);
			ck_assert_int_eq(ota_key_public(k, pub, &pl), OTA_OK);
			ota_key_free(&k);
			ck_assert_ptr_nonnull(fp = fopen(more[i], "w"));
			fputs("suite 1 ", fp);
			for (j = 0; j < pl; j++)
				fprintf(fp, "%02X", pub[j]);
			fputs("\n", fp);
			fclose(fp);
		}
		/* 16 new ones and the test CA: 17 for suite 1 */
		ck_assert_int_eq(ota_trust_load_dir(t3, dir), OTA_E_LIMIT);
		for (i = 0; i < OTA_TRUST_MAX_ANCHORS; i++) {
			ck_assert_int_eq(ota_key_generate(&k, OTA_KEY_SECT163K1), OTA_OK);
			pl = sizeof(pub);
			ck_assert_int_eq(ota_key_public(k, pub, &pl), OTA_OK);
			ota_key_free(&k);
			ck_assert_int_eq(ota_trust_add_ca(t3, pub, pl), OTA_OK);
		}
		for (i = 0; i < OTA_TRUST_MAX_ANCHORS; i++)
			unlink(more[i]);
		ota_trust_free(&t3);
	}
	ck_assert_ptr_nonnull(ota_trust_default_dir());
	unlink(bad);
	unlink(path);
	rmdir(dir);
	free(f);
	ota_trust_free(&t);
}
END_TEST

/* 5: signing checks that the key is the certificate's, before writing. */
START_TEST(key_pairing)
{
	struct chain c = { 0 }, other = { 0 };
	struct membuf u = { 0 }, o = { 0 };
	struct ota_image *img = ota_image_new();

	make_chain(&c, 1, SUBJECT);
	make_chain(&other, 1, SUBJECT);
	unsigned_image(&u);
	ck_assert_int_eq(ota_image_open_memory(img, u.p, u.n), OTA_OK);
	/* no CA key to reconstruct with: refused, nothing written */
	ck_assert_int_eq(ota_key_check_cert(c.dev, c.cert, c.certlen, NULL), OTA_E_KEY_UNCHECKED);
	ck_assert_int_eq(ota_image_sign(img, c.dev, c.cert, c.certlen, 0, NULL, membuf_write, &o),
	    OTA_E_KEY_UNCHECKED);
	ck_assert_uint_eq(o.n, 0);
	/* the wrong key under the right CA; the right key under the wrong CA */
	ck_assert_int_eq(ota_key_check_cert(other.dev, c.cert, c.certlen, c.trust),
	    OTA_E_KEY_MISMATCH);
	ck_assert_int_eq(ota_key_check_cert(c.dev, c.cert, c.certlen, other.trust),
	    OTA_E_KEY_MISMATCH);
	ck_assert_int_eq(ota_key_check_cert(c.dev, c.cert, c.certlen, c.trust), OTA_OK);
	/* --no-key-check */
	ck_assert_int_eq(ota_image_sign(img, c.dev, c.cert, c.certlen, OTA_SIGN_NO_KEY_CHECK, NULL,
	    membuf_write, &o), OTA_OK);
	ck_assert_uint_gt(o.n, 0);
	ota_image_free(&img);
	free_chain(&c);
	free_chain(&other);
	membuf_free(&u);
	membuf_free(&o);
}
END_TEST

Suite *
suite_sign(void)
{
	Suite *s = suite_create("sign");
	TCase *tc = tcase_create("suites");

	tcase_add_test(tc, sample_verifies_with_test_ca);
	tcase_add_test(tc, sample_every_byte_flipped);
	tcase_add_test(tc, sample_other_ca_and_no_ca);
	tcase_add_loop_test(tc, round_trip_and_negatives, 0, 2);
	tcase_add_test(tc, both_suites_present);
	tcase_add_test(tc, resign_and_prepare);
	tcase_add_test(tc, failures_keep_the_openssl_queue_and_say_why);
	tcase_add_test(tc, no_ok_without_a_check);
	tcase_add_test(tc, trust_directory);
	tcase_add_test(tc, key_pairing);
	tcase_set_timeout(tc, 120);
	suite_add_tcase(s, tc);
	return s;
}
