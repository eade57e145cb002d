/* test_mmo.c - AES-MMO against the Zigbee spec B.6 known answers, the
 * boundary answers of the vectors README, and the Silicon Labs sample. */
#include <stdlib.h>
#include <string.h>

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include "testutil.h"
#include "lib/ota_private.h" /* struct ota_mmo: to place the byte counter */

static void
check_hash(const uint8_t *in, size_t len, const char *want_hex)
{
	uint8_t out[16], want[16];

	ck_assert_uint_eq(unhex(want_hex, want, sizeof(want)), 16);
	ck_assert_int_eq(ota_mmo_digest(in, len, out), OTA_OK);
	ck_assert_mem_eq(out, want, 16);
}

static const char *spec[][2] = {
	{ "83FED3407A939723A5C639FF4C12", "58C1828CF7F1C3FE29E7B1024AD84BFA" },
	{ "83FED3407A939723A5C639B26916D505C3B5", "66B6900981E1EE3CA4206B6B861C02BB" },
	{ "76777475727370717E7F7C7D7A7B7879C0", "3C3D537529A7A9A03F669DCD886CB52C" },
	{ "1C1D1E1F18191A1B14151617101112133C3D537529A7A9A03F669DCD886CB52C",
	    "4512807BF94CB3400F0E2C25FB76E999" },
};

START_TEST(spec_vectors)
{
	uint8_t in[64];
	size_t n = unhex(spec[_i][0], in, sizeof(in));

	check_hash(in, n, spec[_i][1]);
}
END_TEST

static const struct {
	size_t n;
	const char *hex;
} zeros[] = {
	{ 0, "BAD78E726C1EC02B7EBFE92B23D9EC34" }, { 13, "848B026EF82CC97B16C40D5F29C72797" },
	{ 14, "CAE834F2590D5A315202FE982A81DBEA" }, { 16, "AD5B14F88E727E0C5D9CB7783CF4A7E1" },
	{ 8191, "30BC04DF89934F1EB6A949E54AF30085" }, { 8192, "1138AD01DC3E78034450BDF9E5A507A2" },
	{ 8199, "6DD27469909BBADBF4EE6D8F2C993EAE" }, { 8200, "F971314CE2149CCE0682F3F43DFF0839" },
};

START_TEST(zero_lengths)
{
	uint8_t *z = calloc(1, 8200);

	ck_assert_ptr_nonnull(z);
	check_hash(z, zeros[_i].n, zeros[_i].hex);
	free(z);
}
END_TEST

/* Split the input at every point (and in many small pieces): the digest
 * must not depend on how the data arrives. */
START_TEST(incremental_every_split)
{
	size_t len = 8210, cut, i;
	uint8_t *in = malloc(len), one[16], two[16];
	struct ota_mmo *m = ota_mmo_new();

	ck_assert_ptr_nonnull(in);
	ck_assert_ptr_nonnull(m);
	for (i = 0; i < len; i++)
		in[i] = (uint8_t)(i * 7 + 3);
	for (cut = 0; cut <= 40; cut++) {
		ck_assert_int_eq(ota_mmo_digest(in, cut, one), OTA_OK);
		for (i = 0; i <= cut; i++) {
			ck_assert_int_eq(ota_mmo_init(m), OTA_OK);
			ck_assert_int_eq(ota_mmo_update(m, in, i), OTA_OK);
			ck_assert_int_eq(ota_mmo_update(m, in + i, cut - i), OTA_OK);
			ck_assert_int_eq(ota_mmo_final(m, two), OTA_OK);
			ck_assert_mem_eq(one, two, 16);
		}
	}
	/* around the short/long padding switch, in 3-byte pieces */
	for (cut = 8180; cut <= len; cut++) {
		ck_assert_int_eq(ota_mmo_digest(in, cut, one), OTA_OK);
		ck_assert_int_eq(ota_mmo_init(m), OTA_OK);
		for (i = 0; i < cut; i += 3)
			ck_assert_int_eq(ota_mmo_update(m, in + i, cut - i < 3 ? cut - i : 3), OTA_OK);
		ck_assert_int_eq(ota_mmo_final(m, two), OTA_OK);
		ck_assert_mem_eq(one, two, 16);
	}
	ota_mmo_free(&m);
	ck_assert_ptr_null(m);
	free(in);
}
END_TEST

START_TEST(states_and_limits)
{
	struct ota_mmo *m = ota_mmo_new();
	uint8_t out[16];

	ck_assert_int_eq(ota_mmo_final(m, out), OTA_OK);
	ck_assert_int_eq(ota_mmo_final(m, out), OTA_E_STATE);
	ck_assert_int_eq(ota_mmo_update(m, "x", 1), OTA_E_STATE);
	ck_assert_int_eq(ota_mmo_init(m), OTA_OK);
	ck_assert_int_eq(ota_mmo_update(m, NULL, 1), OTA_E_INVAL);
	ck_assert_int_eq(ota_mmo_update(NULL, "x", 1), OTA_E_INVAL);
	ota_mmo_free(&m);
	ota_mmo_free(&m); /* NULL-safe */
}
END_TEST

/* A second, plain writing of the padding rule, from Silicon Labs aes-mmo.c
 * and NXP SecLib AES_MMO_HashFinish: the tail of the message, 0x80, zeros,
 * and (8 * total) mod 2^32 as a 32-bit big-endian value then two zero bytes
 * (from 8192 bytes on), else a 16-bit value.  total may exceed len: only the
 * last len % 16 bytes of the message are in tail, the whole blocks before
 * them gave h. */
static void
ref_block(EVP_CIPHER_CTX *c, uint8_t h[16], const uint8_t *m)
{
	uint8_t e[16];
	int outl, i;

	ck_assert_int_eq(EVP_EncryptInit_ex2(c, EVP_aes_128_ecb(), h, NULL, NULL), 1);
	EVP_CIPHER_CTX_set_padding(c, 0);
	ck_assert_int_eq(EVP_EncryptUpdate(c, e, &outl, m, 16), 1);
	for (i = 0; i < 16; i++)
		h[i] = (uint8_t)(e[i] ^ m[i]);
}

static void
ref_mmo(const uint8_t *msg, size_t len, uint64_t total, uint8_t h[16])
{
	EVP_CIPHER_CTX *c = EVP_CIPHER_CTX_new();
	uint8_t pad[32] = { 0 };
	uint32_t bits = (uint32_t)(total * 8);
	size_t rem = len % 16, n, i;
	int lng = total >= 8192;

	ck_assert_ptr_nonnull(c);
	memset(h, 0, 16);
	for (i = 0; i + 16 <= len; i += 16)
		ref_block(c, h, msg + i);
	memcpy(pad, msg + i, rem);
	pad[rem] = 0x80;
	n = rem + 1 + (lng ? 6 : 2) <= 16 ? 16 : 32;
	if (lng) {
		pad[n - 6] = (uint8_t)(bits >> 24);
		pad[n - 5] = (uint8_t)(bits >> 16);
		pad[n - 4] = (uint8_t)(bits >> 8);
		pad[n - 3] = (uint8_t)bits;
	} else {
		pad[n - 2] = (uint8_t)(bits >> 8);
		pad[n - 1] = (uint8_t)bits;
	}
	ref_block(c, h, pad);
	if (n == 32)
		ref_block(c, h, pad + 16);
	EVP_CIPHER_CTX_free(c);
}

/* The reference agrees with the B.6 known answers on both padding forms;
 * then, with the library's byte counter placed where a 512 MiB to 4 GiB
 * message would leave it, both give the same digest, and one byte past
 * 2^32 - 1 is refused. */
START_TEST(length_field_beyond_b6)
{
	static const uint64_t base[] = { ((uint64_t)1 << 29) - 16, (uint64_t)1 << 29,
		((uint64_t)1 << 29) + 16, (uint64_t)1 << 30, ((uint64_t)1 << 32) - 32,
		((uint64_t)1 << 32) - 16 };
	static const size_t tails[] = { 0, 1, 9, 10, 15, 16 + 9 };
	uint8_t *z = calloc(1, 8200), msg[32], a[16], b[16], want[16];
	struct ota_mmo *m = ota_mmo_new();
	size_t i, j;

	ck_assert_ptr_nonnull(z);
	ck_assert_ptr_nonnull(m);
	for (i = 0; i < sizeof(zeros) / sizeof(zeros[0]); i++) {
		ref_mmo(z, zeros[i].n, zeros[i].n, a);
		ck_assert_uint_eq(unhex(zeros[i].hex, want, sizeof(want)), 16);
		ck_assert_mem_eq(a, want, 16);
	}
	for (i = 0; i < sizeof(msg); i++)
		msg[i] = (uint8_t)(0xA5 ^ (i * 29));
	for (i = 0; i < sizeof(base) / sizeof(base[0]); i++) {
		for (j = 0; j < sizeof(tails) / sizeof(tails[0]); j++) {
			uint64_t total = base[i] + tails[j] % 16;

			if (total > UINT32_MAX)
				continue;
			ck_assert_int_eq(ota_mmo_init(m), OTA_OK);
			ck_assert_int_eq(ota_mmo_update(m, msg, tails[j]), OTA_OK);
			m->total = total;
			ck_assert_int_eq(ota_mmo_final(m, a), OTA_OK);
			ref_mmo(msg, tails[j], total, b);
			ck_assert_msg(memcmp(a, b, 16) == 0, "total %llu, tail %zu",
			    (unsigned long long)total, tails[j]);
		}
	}
	ck_assert_int_eq(ota_mmo_init(m), OTA_OK);
	m->total = UINT32_MAX;
	ck_assert_int_eq(ota_mmo_update(m, msg, 0), OTA_OK);
	ck_assert_int_eq(ota_mmo_update(m, msg, 1), OTA_E_RANGE);
	ota_mmo_free(&m);
	free(z);
}
END_TEST

START_TEST(silabs_sample_ranges)
{
	size_t len;
	uint8_t *f = slurp(vector_path("zigbee/samples/silabs-suite1-signed-sample.ota"), &len);

	ck_assert_uint_eq(len, 182);
	check_hash(f, 140, "E26A886E8030458DA084586F2DCB08A2");
	check_hash(f + 78, 48, "57CD7060DBFCB0DFA04F25B8AEC7D82A");
	check_hash(f, 126, "DDB225F9A3B17B751F4D9CDCD1FBCF37");
	free(f);
}
END_TEST

/* Digest of in[0, len) on m, taking the direct or the EVP path, fed in
 * pieces cut at the given points (ascending, each at most len). */
static void
path_digest(struct ota_mmo *m, int evp_only, const uint8_t *in, size_t len, const size_t *cuts,
    size_t ncuts, uint8_t out[16])
{
	size_t at = 0, i;

	m->evp_only = evp_only;
	ck_assert_int_eq(ota_mmo_init(m), OTA_OK);
	for (i = 0; i < ncuts; i++) {
		ck_assert_int_eq(ota_mmo_update(m, in + at, cuts[i] - at), OTA_OK);
		at = cuts[i];
	}
	ck_assert_int_eq(ota_mmo_update(m, in + at, len - at), OTA_OK);
	ck_assert_int_eq(ota_mmo_final(m, out), OTA_OK);
}

static int
cmp_size(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;

	return x < y ? -1 : x > y;
}

/* The provider's AES-128-ECB called directly (the fast path) and the EVP
 * fallback give the same digests: on the B.6 and boundary known answers,
 * and on 4 MiB of random data cut at random points; the direct path is
 * the one a new context takes with OpenSSL's default provider. */
START_TEST(direct_and_evp_paths_agree)
{
	const size_t big = (size_t)4 << 20;
	struct ota_mmo *m = ota_mmo_new();
	uint8_t in[64], *z = calloc(1, 8200), *r = malloc(big), a[16], b[16], want[16];
	unsigned char rb[8];
	size_t cuts[24], i, n, round;

	ck_assert_ptr_nonnull(m);
	ck_assert_ptr_nonnull(z);
	ck_assert_ptr_nonnull(r);
	ck_assert_msg(m->direct != NULL, "no direct provider path for AES-128-ECB");
	for (i = 0; i < sizeof(spec) / sizeof(spec[0]); i++) {
		n = unhex(spec[i][0], in, sizeof(in));
		ck_assert_uint_eq(unhex(spec[i][1], want, sizeof(want)), 16);
		path_digest(m, 0, in, n, NULL, 0, a);
		path_digest(m, 1, in, n, NULL, 0, b);
		ck_assert_mem_eq(a, want, 16);
		ck_assert_mem_eq(b, want, 16);
	}
	for (i = 0; i < sizeof(zeros) / sizeof(zeros[0]); i++) {
		ck_assert_uint_eq(unhex(zeros[i].hex, want, sizeof(want)), 16);
		path_digest(m, 0, z, zeros[i].n, NULL, 0, a);
		path_digest(m, 1, z, zeros[i].n, NULL, 0, b);
		ck_assert_mem_eq(a, want, 16);
		ck_assert_mem_eq(b, want, 16);
	}
	ck_assert_int_eq(RAND_bytes(r, (int)big), 1);
	for (round = 0; round < 4; round++) {
		size_t len = big - round * 4099;

		for (i = 0; i < sizeof(cuts) / sizeof(cuts[0]); i++) {
			ck_assert_int_eq(RAND_bytes(rb, sizeof(rb)), 1);
			memcpy(&n, rb, sizeof(n));
			/* some cuts near the start, where short pieces fill the tail buffer */
			cuts[i] = i < 6 ? n % 40 : n % (len + 1);
		}
		qsort(cuts, sizeof(cuts) / sizeof(cuts[0]), sizeof(cuts[0]), cmp_size);
		path_digest(m, 0, r, len, cuts, sizeof(cuts) / sizeof(cuts[0]), a);
		path_digest(m, 1, r, len, NULL, 0, b);
		ck_assert_mem_eq(a, b, 16);
		ref_mmo(r, len, len, want);
		ck_assert_mem_eq(a, want, 16);
	}
	ota_mmo_free(&m);
	free(z);
	free(r);
}
END_TEST

/* Setting up a context (the provider query, its self-check) and hashing
 * leave the caller's OpenSSL error queue as it was. */
START_TEST(setup_keeps_error_queue)
{
	struct ota_mmo *m;
	uint8_t d[16];

	ERR_clear_error();
	ERR_raise_data(ERR_LIB_USER, 42, "caller's own");
	ck_assert_ptr_nonnull(m = ota_mmo_new());
	ck_assert_int_eq(ota_mmo_update(m, "abc", 3), OTA_OK);
	ck_assert_int_eq(ota_mmo_final(m, d), OTA_OK);
	ota_mmo_free(&m);
	ck_assert_int_eq(ota_mmo_digest("abc", 3, d), OTA_OK);
	ck_assert_uint_eq(ERR_GET_REASON(ERR_peek_error()), 42);
	ck_assert_uint_eq(ERR_GET_REASON(ERR_get_error()), 42);
	ck_assert_uint_eq(ERR_get_error(), 0);
}
END_TEST

Suite *
suite_mmo(void)
{
	Suite *s = suite_create("aes-mmo");
	TCase *tc = tcase_create("known-answers");

	tcase_add_loop_test(tc, spec_vectors, 0, 4);
	tcase_add_loop_test(tc, zero_lengths, 0, 8);
	tcase_add_test(tc, incremental_every_split);
	tcase_add_test(tc, states_and_limits);
	tcase_add_test(tc, silabs_sample_ranges);
	tcase_add_test(tc, length_field_beyond_b6);
	tcase_add_test(tc, direct_and_evp_paths_agree);
	tcase_add_test(tc, setup_keeps_error_queue);
	tcase_set_timeout(tc, 60);
	suite_add_tcase(s, tc);
	return s;
}
