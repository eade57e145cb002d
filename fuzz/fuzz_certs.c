/* fuzz_certs.c - libFuzzer harness for the certificate and key loaders:
 * GBCS supplier certificates and public keys (PEM or DER, through
 * ota_trust_set_supplier), private and public keys through OSSL_STORE
 * (ota_key_load, PEM, DER, encrypted PEM) and Smart Energy ECQV implicit
 * certificates (ota_cert_parse, ota_cert_public_key).  The first byte picks
 * the loader; the rest is its input.
 *
 * Oracles: a failure is a negative code with a sentence; the caller's
 * OpenSSL error queue is left as it was, failure or not; a loaded key writes
 * back to PEM and that PEM loads to the same public key; a reconstructed
 * ECQV key is a compressed point of the suite's size.
 * fuzz/build.sh certs builds it with clang; replay.c runs it over
 * fuzz/corpus-certs under make check. */
#define _GNU_SOURCE
#include <assert.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <openssl/err.h>

#include "otaimg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Put a marker error on the caller's queue; the library must leave it. */
static int mark_line;

static void
mark_queue(void)
{
	ERR_clear_error();
	mark_line = __LINE__ + 1;
	ERR_raise_data(ERR_LIB_USER, 4242, "fuzz marker");
}

static void
check_queue(void)
{
	const char *file = NULL, *data = NULL;
	int line = 0, flags = 0;
	unsigned long e = ERR_peek_last_error_all(&file, &line, NULL, &data, &flags);

	if (!(ERR_GET_LIB(e) == ERR_LIB_USER && ERR_GET_REASON(e) == 4242)) ERR_print_errors_fp(stderr);
	assert(ERR_GET_LIB(e) == ERR_LIB_USER && ERR_GET_REASON(e) == 4242);
	/* all of it: where it was raised and its text */
	assert(file != NULL && strstr(file, "fuzz_certs.c") != NULL && line == mark_line);
	assert((flags & ERR_TXT_STRING) != 0 && data != NULL && strcmp(data, "fuzz marker") == 0);
	ERR_clear_error();
}

static int
collect(void *ctx, const void *buf, size_t len)
{
	FILE *fp = ctx;

	return fwrite(buf, 1, len, fp) == len ? 0 : -1;
}

/* Load a key from bytes: through a memory file named by its /proc path, as
 * a user would name a file. */
static int
load_bytes(const uint8_t *data, size_t size, const char *pass, struct ota_key **key, int *fdp)
{
	char path[64];
	int fd = memfd_create("fuzz-key", MFD_CLOEXEC);

	*fdp = fd;
	if (fd < 0)
		return OTA_E_IO;
	if (size > 0 && write(fd, data, size) != (ssize_t)size)
		return OTA_E_IO;
	(void)snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	return ota_key_load(key, path, pass);
}

static void
fuzz_key(const uint8_t *data, size_t size)
{
	struct ota_key *k = NULL, *k2 = NULL;
	uint8_t pub[160], pub2[160];
	size_t n = sizeof(pub), n2 = sizeof(pub2);
	char *pem = NULL;
	size_t pemlen = 0;
	FILE *fp;
	int fd, fd2 = -1, r, t;

	r = load_bytes(data, size, "fuzz", &k, &fd);
	check_queue();
	if (r != OTA_OK) {
		assert(r < 0 && k == NULL && strcmp(ota_errname(r), "unknown") != 0);
		goto out;
	}
	assert(k != NULL);
	t = ota_key_type(k);
	if (ota_key_public(k, pub, &n) != OTA_OK) {
		/* a key of a type we do not sign with: it says so */
		assert(t < OTA_KEY_P256 || t > OTA_KEY_SECT283K1);
		goto out;
	}
	assert(n > 0 && n <= sizeof(pub));
	if (t != OTA_KEY_ED25519)
		assert(pub[0] == 0x02 || pub[0] == 0x03);
	/* round trip: the public part as PEM loads to the same point */
	if ((fp = open_memstream(&pem, &pemlen)) == NULL)
		goto out;
	r = ota_key_write(k, 0, collect, fp);
	fclose(fp);
	assert(r == OTA_OK);
	mark_queue();
	r = load_bytes((const uint8_t *)pem, pemlen, NULL, &k2, &fd2);
	check_queue();
	assert(r == OTA_OK && !ota_key_is_private(k2) && ota_key_type(k2) == t);
	assert(ota_key_public(k2, pub2, &n2) == OTA_OK && n2 == n && memcmp(pub, pub2, n) == 0);
out:
	free(pem);
	ota_key_free(&k);
	ota_key_free(&k2);
	if (fd >= 0)
		close(fd);
	if (fd2 >= 0)
		close(fd2);
}

static void
fuzz_supplier(const uint8_t *data, size_t size)
{
	struct ota_trust *t = ota_trust_new();
	char subj[300];
	int64_t nb, na;
	int r;

	if (t == NULL)
		return;
	r = ota_trust_set_supplier(t, data, size);
	check_queue();
	if (r == OTA_OK) {
		if (ota_trust_supplier_subject(t, subj, sizeof(subj)) == OTA_OK)
			assert(strlen(subj) < sizeof(subj));
		(void)ota_trust_supplier_validity(t, &nb, &na);
	} else {
		assert(r < 0 && strcmp(ota_errname(r), "unknown") != 0);
	}
	ota_trust_free(&t);
}

/* A suite-2 CA point made once: the harness is deterministic per input
 * only in what it asserts, not in this key. */
static void
fuzz_ecqv(const uint8_t *data, size_t size)
{
	static const uint8_t test_ca1[22] = {
		0x02, 0x00, 0xFD, 0xE8, 0xA7, 0xF3, 0xD1, 0x08, 0x42, 0x24, 0x96,
		0x2A, 0x4E, 0x7C, 0x54, 0xE6, 0x9A, 0xC3, 0xF0, 0x4D, 0xA6, 0xB8,
	};
	static uint8_t ca2[64];
	static size_t ca2len;
	struct ota_key *k = NULL;
	uint8_t q[64];
	size_t qlen = sizeof(q);
	uint64_t subject, issuer;
	int suite, r;

	if (ca2len == 0 && ota_key_generate(&k, OTA_KEY_SECT283K1) == OTA_OK) {
		ca2len = sizeof(ca2);
		if (ota_key_public(k, ca2, &ca2len) != OTA_OK)
			ca2len = 0;
		ota_key_free(&k);
	}
	r = ota_cert_parse(data, size, &suite, &subject, &issuer);
	if (r != OTA_OK) {
		assert(size != OTA_CERT_SUITE1_LEN && size != OTA_CERT_SUITE2_LEN);
		return;
	}
	assert((suite == 1 && size == OTA_CERT_SUITE1_LEN) ||
	    (suite == 2 && size == OTA_CERT_SUITE2_LEN));
	r = suite == 1 ? ota_cert_public_key(data, size, test_ca1, sizeof(test_ca1), q, &qlen) :
	    ota_cert_public_key(data, size, ca2, ca2len, q, &qlen);
	check_queue();
	if (r == OTA_OK)
		assert(qlen == (suite == 1 ? 22u : 37u) && (q[0] == 0x02 || q[0] == 0x03));
	else
		assert(r < 0);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1 || size > 65536)
		return 0;
	mark_queue();
	switch (data[0] % 3) {
	case 0:
		fuzz_supplier(data + 1, size - 1);
		break;
	case 1:
		fuzz_key(data + 1, size - 1);
		break;
	default:
		fuzz_ecqv(data + 1, size - 1);
		break;
	}
	ERR_clear_error();
	return 0;
}
