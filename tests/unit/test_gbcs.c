/* test_gbcs.c - GB smart metering upgrade images: the public DUIS SR 11.1
 * sample (layout, Manufacturer Image hash, supplier signature under the
 * test supplier certificate, every covered byte flipped), and the round
 * trip create -> sign with a fresh P-256 key -> verify. */
#include <stdlib.h>
#include <string.h>

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include "testutil.h"

static struct ota_trust *
supplier_trust(void)
{
	struct ota_trust *t = ota_trust_new();
	size_t n;
	uint8_t *pem = slurp(vector_path("gbcs/supplier-ds-90B3D51F30010000.pem"), &n);
	char subj[256];
	int64_t nb, na;

	ck_assert_int_eq(ota_trust_set_supplier(t, pem, n), OTA_OK);
	ck_assert_int_eq(ota_trust_supplier_subject(t, subj, sizeof(subj)), OTA_OK);
	ck_assert_ptr_nonnull(strstr(subj, "GITTESTSUPPLIER"));
	ck_assert_int_eq(ota_trust_supplier_validity(t, &nb, &na), OTA_OK);
	ck_assert_int_eq(na, 1761782399); /* 2025-10-29 23:59:59 UTC */
	free(pem);
	return t;
}

static int
verify_mem(const uint8_t *b, size_t n, const struct ota_trust *t, unsigned flags)
{
	struct ota_image *img = ota_image_new();
	int r = ota_image_open_memory(img, b, n);

	if (r == OTA_OK)
		r = ota_image_verify_trust(img, t, flags);
	ota_image_free(&img);
	return r;
}

START_TEST(duis_sample)
{
	struct ota_trust *t = supplier_trust();
	struct ota_image *img = ota_image_new();
	uint64_t off, len, tr;
	uint8_t h[32], want[32], *f;
	size_t n, i;

	f = slurp(vector_path("gbcs/duis-sr11.1-esme-upgrade-image.bin"), &n);
	ck_assert_uint_eq(n, 361);
	ck_assert_int_eq(ota_image_open_memory(img, f, n), OTA_OK);
	ck_assert_int_eq(ota_image_walk(img), OTA_WALK_GBCS);
	ck_assert_int_eq(ota_image_gbcs(img, &off, &len, &tr), OTA_OK);
	ck_assert_uint_eq(off, 60);
	ck_assert_uint_eq(len, 235);
	ck_assert_uint_eq(tr, 295);
	ck_assert_int_eq(ota_image_manufacturer_hash(img, 0, h), OTA_OK);
	unhex("7542f475e3f12eae887d81e32c46d313741d67076b13caec2f82e00ba5e1bb36", want, 32);
	ck_assert_mem_eq(h, want, 32);
	ck_assert_int_eq(ota_image_verify_trust(img, t, 0), OTA_OK);
	ck_assert_int_eq(ota_image_sig_result(img), OTA_SIG_VALID);
	/* the certificate expired in 2025: only --check-time cares */
	ck_assert_int_eq(ota_image_verify_trust(img, t, OTA_VERIFY_CHECK_TIME), OTA_E_EXPIRED);
	/* the other hash coverage does not verify */
	ck_assert_int_eq(ota_image_verify_trust(img, t, OTA_GBCS_COVER_IMAGE), OTA_E_BAD_SIGNATURE);
	ota_image_free(&img);
	/* every byte of the Manufacturer Image and of r||s matters */
	for (i = 60; i < n; i++) {
		if (i == 295 || i == 296)
			continue; /* the length field: flipping it changes the layout */
		f[i] ^= 0x04;
		ck_assert_msg(verify_mem(f, n, t, 0) != OTA_OK, "byte %zu flipped still verifies", i);
		f[i] ^= 0x04;
	}
	ck_assert_int_eq(verify_mem(f, n, t, 0), OTA_OK);
	/* no supplier key: not checked, which fails unless allowed; required: fails */
	ck_assert_int_eq(verify_mem(f, n, NULL, 0), OTA_E_SIG_UNCHECKED);
	ck_assert_int_eq(verify_mem(f, n, NULL, OTA_VERIFY_ALLOW_UNCHECKED), OTA_OK);
	{
		struct ota_trust *none = ota_trust_new();

		ota_trust_require_signature(none, 1);
		ck_assert_int_eq(verify_mem(f, n, none, OTA_VERIFY_ALLOW_UNCHECKED), OTA_E_SIG_UNCHECKED);
		ota_trust_free(&none);
	}
	free(f);
	ota_trust_free(&t);
}
END_TEST

START_TEST(round_trip)
{
	struct ota_builder *b = ota_builder_new();
	struct ota_image *img = ota_image_new(), *img2;
	struct ota_trust *t = ota_trust_new(), *other = ota_trust_new();
	struct ota_key *k = NULL, *k2 = NULL;
	struct membuf u = { 0 }, s = { 0 }, pem = { 0 }, pem2 = { 0 };
	uint64_t off, len, tr;
	uint16_t lo, hi;
	uint8_t mi[3000];
	size_t i;

	for (i = 0; i < sizeof(mi); i++)
		mi[i] = (uint8_t)(i * 13);
	ota_builder_set_manufacturer_code(b, 0x121D);
	ota_builder_set_image_type(b, 0x0084);
	ota_builder_set_file_version(b, 0x01020304);
	ota_builder_set_header_string(b, "GBCS round trip", 15);
	ota_builder_set_hw_versions(b, 0x1111, 0x1211);
	ck_assert_int_eq(ota_builder_set_format(b, OTA_FORMAT_GBCS), OTA_OK);
	ota_builder_add_memory(b, 0, mi, sizeof(mi));
	ck_assert_int_eq(ota_builder_write(b, membuf_write, &u), OTA_OK);
	ck_assert_uint_eq(u.n, 60 + sizeof(mi));
	/* without a trailer: a raw payload unless told it is GBCS */
	ck_assert_int_eq(ota_image_open_memory(img, u.p, u.n), OTA_OK);
	ck_assert_int_eq(ota_image_walk(img), OTA_WALK_FAILED);
	ota_image_free(&img);
	img = ota_image_new();
	ota_image_set_format(img, OTA_FORMAT_GBCS);
	ck_assert_int_eq(ota_image_open_memory(img, u.p, u.n), OTA_OK);
	ck_assert_int_eq(ota_image_gbcs(img, &off, &len, &tr), OTA_OK);
	ck_assert_uint_eq(off, 60);
	ck_assert_uint_eq(len, sizeof(mi));
	ck_assert_uint_eq(tr, 0);
	ck_assert_int_eq(ota_image_verify(img, 0), OTA_OK);
	/* sign with a fresh P-256 key */
	ck_assert_int_eq(ota_key_generate(&k, OTA_KEY_P256), OTA_OK);
	ck_assert_int_eq(ota_image_sign_gbcs(img, k, 0, membuf_write, &s), OTA_OK);
	ck_assert_uint_eq(s.n, u.n + 66);
	ota_image_free(&img);
	/* verify with its public key; another key fails */
	ck_assert_int_eq(ota_key_write(k, 0, membuf_write, &pem), OTA_OK);
	ck_assert_int_eq(ota_trust_set_supplier(t, pem.p, pem.n), OTA_OK);
	ck_assert_int_eq(ota_key_generate(&k2, OTA_KEY_P256), OTA_OK);
	ota_key_write(k2, 0, membuf_write, &pem2);
	ota_trust_set_supplier(other, pem2.p, pem2.n);
	img2 = ota_image_new();
	ck_assert_int_eq(ota_image_open_memory(img2, s.p, s.n), OTA_OK);
	ck_assert_int_eq(ota_image_verify_trust(img2, t, OTA_VERIFY_STRICT), OTA_OK);
	ck_assert_int_eq(ota_image_sig_result(img2), OTA_SIG_VALID);
	/* inspect reproduces the inputs */
	ck_assert_uint_eq(ota_image_manufacturer_code(img2), 0x121D);
	ck_assert_uint_eq(ota_image_image_type(img2), 0x0084);
	ck_assert_uint_eq(ota_image_file_version(img2), 0x01020304);
	ck_assert_uint_eq(ota_image_total_image_size(img2), s.n);
	ck_assert_int_eq(ota_image_hw_versions(img2, &lo, &hi), OTA_OK);
	ck_assert_uint_eq(lo, 0x1111);
	ck_assert_uint_eq(hi, 0x1211);
	ota_image_free(&img2);
	ck_assert_int_eq(verify_mem(s.p, s.n, other, 0), OTA_E_BAD_SIGNATURE);
	/* a key of another kind cannot sign GBCS */
	img = ota_image_new();
	ota_image_open_memory(img, s.p, s.n);
	ota_key_free(&k2);
	ck_assert_int_eq(ota_key_generate(&k2, OTA_KEY_ED25519), OTA_OK);
	ck_assert_int_eq(ota_image_sign_gbcs(img, k2, 0, membuf_write, &u), OTA_E_NOKEY);
	ota_image_free(&img);
	ota_key_free(&k);
	ota_key_free(&k2);
	ota_trust_free(&t);
	ota_trust_free(&other);
	ota_builder_free(&b);
	membuf_free(&u);
	membuf_free(&s);
	membuf_free(&pem);
	membuf_free(&pem2);
}
END_TEST

/* 3, 4: several supplier keys, any one verifies; only P-256 keys, and the
 * trust says which curve it refused. */
START_TEST(supplier_anchors)
{
	EVP_PKEY *p384 = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-384");
	struct ota_trust *t = supplier_trust();
	struct ota_key *k = NULL;
	struct membuf pem = { 0 }, bad = { 0 };
	uint8_t *f;
	size_t n;
	BIO *b = BIO_new(BIO_s_mem());
	char *q;
	long bl;

	f = slurp(vector_path("gbcs/duis-sr11.1-esme-upgrade-image.bin"), &n);
	ck_assert_int_eq(ota_key_generate(&k, OTA_KEY_P256), OTA_OK);
	ck_assert_int_eq(ota_key_write(k, 0, membuf_write, &pem), OTA_OK);
	/* a second supplier key: the sample's still verifies */
	ck_assert_int_eq(ota_trust_add_supplier(t, pem.p, pem.n), OTA_OK);
	ck_assert_int_eq(verify_mem(f, n, t, 0), OTA_OK);
	/* set replaces them all: now only the new key, which did not sign it */
	ck_assert_int_eq(ota_trust_set_supplier(t, pem.p, pem.n), OTA_OK);
	ck_assert_int_eq(verify_mem(f, n, t, 0), OTA_E_BAD_SIGNATURE);
	/* P-384 is refused, and the message names the curve */
	ck_assert_ptr_nonnull(p384);
	ck_assert_int_eq(PEM_write_bio_PUBKEY(b, p384), 1);
	bl = BIO_get_mem_data(b, &q);
	membuf_write(&bad, q, (size_t)bl);
	ck_assert_int_eq(ota_trust_add_supplier(t, bad.p, bad.n), OTA_E_NOKEY);
	ck_assert_ptr_nonnull(strstr(ota_trust_errmsg(t), "secp384r1"));
	/* 16 (trust part): a damaged certificate carries OpenSSL's reason */
	{
		static const char junk[] = "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n";

		ck_assert_int_eq(ota_trust_add_supplier(t, (const uint8_t *)junk, sizeof(junk) - 1),
		    OTA_E_NOKEY);
		ck_assert_ptr_nonnull(strstr(ota_trust_errmsg(t), "(OpenSSL: "));
	}
	BIO_free(b);
	EVP_PKEY_free(p384);
	ota_key_free(&k);
	ota_trust_free(&t);
	membuf_free(&pem);
	membuf_free(&bad);
	free(f);
}
END_TEST

Suite *
suite_gbcs(void)
{
	Suite *s = suite_create("gbcs");
	TCase *tc = tcase_create("gbcs");

	tcase_add_test(tc, duis_sample);
	tcase_add_test(tc, round_trip);
	tcase_add_test(tc, supplier_anchors);
	tcase_set_timeout(tc, 60);
	suite_add_tcase(s, tc);
	return s;
}
