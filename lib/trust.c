/* trust.c - certificates and the trust verify checks signatures against:
 * CA keys per suite, issuer and signer allow-lists. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "ota_private.h"

/* Certicom's test CA for suite 1 (used only when named). */
static const uint8_t certicom_test_ca[22] = {
	0x02, 0x00, 0xFD, 0xE8, 0xA7, 0xF3, 0xD1, 0x08, 0x42, 0x24, 0x96,
	0x2A, 0x4E, 0x7C, 0x54, 0xE6, 0x9A, 0xC3, 0xF0, 0x4D, 0xA6, 0xB8,
};

#define MAX_LIST 64

struct ota_trust {
	uint32_t magic;
	uint8_t ca[3][40];
	size_t ca_len[3];     /* by suite; 0: none */
	uint64_t issuers[MAX_LIST], signers[MAX_LIST];
	size_t nissuers, nsigners;
	int require;
	EVP_PKEY *supplier;   /* GBCS supplier key */
	char supplier_subject[256];
	int64_t not_before, not_after; /* 0: unknown */
};

struct ota_trust *
ota_trust_new(void)
{
	struct ota_trust *t = calloc(1, sizeof(*t));

	if (t != NULL)
		t->magic = OTA_TRUST_MAGIC;
	return t;
}

void
ota_trust_free(struct ota_trust **tp)
{
	if (tp == NULL || *tp == NULL)
		return;
	EVP_PKEY_free((*tp)->supplier);
	(*tp)->magic = 0;
	free(*tp);
	*tp = NULL;
}

static int
t_ok(const struct ota_trust *t)
{
	return t != NULL && t->magic == OTA_TRUST_MAGIC;
}

int
ota_trust_set_ca(struct ota_trust *t, const uint8_t *point, size_t len)
{
	int suite, r;

	if (!t_ok(t) || point == NULL)
		return OTA_E_INVAL;
	suite = len == ota__suite(1)->point_len ? 1 : len == ota__suite(2)->point_len ? 2 : 0;
	if (suite == 0 || (point[0] != 0x02 && point[0] != 0x03))
		return OTA_E_RANGE; /* a compressed point of 22 or 37 bytes */
	if ((r = ota__ec_point_check(ota__suite(suite), point, len)) != OTA_OK)
		return r; /* not on the suite's curve */
	memcpy(t->ca[suite], point, len);
	t->ca_len[suite] = len;
	return OTA_OK;
}

int
ota_trust_set_test_ca(struct ota_trust *t)
{
	return ota_trust_set_ca(t, certicom_test_ca, sizeof(certicom_test_ca));
}

static int
add(uint64_t *list, size_t *n, uint64_t v)
{
	if (*n >= MAX_LIST)
		return OTA_E_LIMIT;
	list[(*n)++] = v;
	return OTA_OK;
}

int
ota_trust_add_issuer(struct ota_trust *t, uint64_t issuer)
{
	return t_ok(t) ? add(t->issuers, &t->nissuers, issuer) : OTA_E_INVAL;
}

int
ota_trust_add_signer(struct ota_trust *t, uint64_t signer)
{
	return t_ok(t) ? add(t->signers, &t->nsigners, signer) : OTA_E_INVAL;
}

int
ota_trust_require_signature(struct ota_trust *t, int on)
{
	if (!t_ok(t))
		return OTA_E_INVAL;
	t->require = on != 0;
	return OTA_OK;
}

int
ota__trust_ca(const struct ota_trust *t, int suite, const uint8_t **ca, size_t *len)
{
	if (!t_ok(t) || suite < 1 || suite > 2 || t->ca_len[suite] == 0)
		return OTA_E_NOKEY;
	*ca = t->ca[suite];
	*len = t->ca_len[suite];
	return OTA_OK;
}

int
ota__trust_required(const struct ota_trust *t)
{
	return t_ok(t) && t->require;
}

static int
listed(const uint64_t *list, size_t n, uint64_t v)
{
	size_t i;

	if (n == 0)
		return 1; /* no list: anyone */
	for (i = 0; i < n; i++)
		if (list[i] == v)
			return 1;
	return 0;
}

int
ota__trust_allows(const struct ota_trust *t, uint64_t issuer, uint64_t signer, int *which)
{
	if (!t_ok(t))
		return 1;
	if (!listed(t->issuers, t->nissuers, issuer)) {
		*which = 0;
		return 0;
	}
	if (!listed(t->signers, t->nsigners, signer)) {
		*which = 1;
		return 0;
	}
	return 1;
}

static int64_t
asn1_time(const ASN1_TIME *t)
{
	struct tm tm;

	if (t == NULL || ASN1_TIME_to_tm(t, &tm) != 1)
		return 0;
	return (int64_t)timegm(&tm);
}

static int
set_supplier(struct ota_trust *t, const uint8_t *data, size_t len)
{
	const unsigned char *p = data;
	EVP_PKEY *pk = NULL;
	X509 *x = NULL;
	BIO *b;

	if (!t_ok(t) || data == NULL || len == 0 || len > INT32_MAX)
		return OTA_E_INVAL;
	if ((b = BIO_new_mem_buf(data, (int)len)) == NULL)
		return OTA_E_NOMEM;
	if ((x = PEM_read_bio_X509(b, NULL, NULL, NULL)) == NULL &&
	    (x = d2i_X509(NULL, &p, (long)len)) == NULL) {
		(void)BIO_reset(b);
		p = data;
		if ((pk = PEM_read_bio_PUBKEY(b, NULL, NULL, NULL)) == NULL)
			pk = d2i_PUBKEY(NULL, &p, (long)len);
	}
	BIO_free(b);
	t->supplier_subject[0] = '\0';
	t->not_before = t->not_after = 0;
	if (x != NULL) {
		BIO *m = BIO_new(BIO_s_mem());
		char *q;
		long n;

		pk = X509_get_pubkey(x);
		if (m != NULL && X509_NAME_print_ex(m, X509_get_subject_name(x), 0,
		    XN_FLAG_ONELINE & ~ASN1_STRFLGS_ESC_MSB) >= 0 && (n = BIO_get_mem_data(m, &q)) > 0)
			(void)snprintf(t->supplier_subject, sizeof(t->supplier_subject), "%.*s", (int)n, q);
		BIO_free(m);
		t->not_before = asn1_time(X509_get0_notBefore(x));
		t->not_after = asn1_time(X509_get0_notAfter(x));
		X509_free(x);
	}
	if (pk == NULL)
		return OTA_E_NOKEY;
	if (!EVP_PKEY_is_a(pk, "EC")) {
		EVP_PKEY_free(pk);
		return OTA_E_NOKEY; /* the supplier signs with ECDSA P-256 */
	}
	EVP_PKEY_free(t->supplier);
	t->supplier = pk;
	return OTA_OK;
}

int
ota_trust_set_supplier(struct ota_trust *t, const uint8_t *data, size_t len)
{
	struct ota_errq q;
	int r;

	ota__errq_save(&q); /* PEM-then-DER tries leave errors that are not the caller's */
	r = set_supplier(t, data, len);
	ota__errq_restore(&q);
	return r;
}

int
ota_trust_supplier_subject(const struct ota_trust *t, char *buf, size_t len)
{
	if (!t_ok(t) || buf == NULL || len == 0)
		return OTA_E_INVAL;
	if (t->supplier == NULL || t->supplier_subject[0] == '\0')
		return OTA_E_NOT_FOUND;
	(void)snprintf(buf, len, "%s", t->supplier_subject);
	return OTA_OK;
}

int
ota_trust_supplier_validity(const struct ota_trust *t, int64_t *not_before, int64_t *not_after)
{
	if (!t_ok(t) || not_before == NULL || not_after == NULL)
		return OTA_E_INVAL;
	if (t->supplier == NULL || (t->not_before == 0 && t->not_after == 0))
		return OTA_E_NOT_FOUND;
	*not_before = t->not_before;
	*not_after = t->not_after;
	return OTA_OK;
}

void *
ota__trust_supplier(const struct ota_trust *t, int64_t *nb, int64_t *na)
{
	if (!t_ok(t) || t->supplier == NULL)
		return NULL;
	*nb = t->not_before;
	*na = t->not_after;
	return t->supplier;
}

/* ---- certificates ---- */
int
ota_cert_parse(const uint8_t *cert, size_t len, int *suite, uint64_t *subject, uint64_t *issuer)
{
	const struct ota_suite_info *s = len == OTA_CERT_SUITE1_LEN ? ota__suite(1) :
	    len == OTA_CERT_SUITE2_LEN ? ota__suite(2) : NULL;

	if (cert == NULL)
		return OTA_E_INVAL;
	if (s == NULL)
		return OTA_E_RANGE;
	if (suite != NULL)
		*suite = s->suite;
	if (subject != NULL)
		*subject = ota__be64(cert + s->subj_off);
	if (issuer != NULL)
		*issuer = ota__be64(cert + s->iss_off);
	return OTA_OK;
}
