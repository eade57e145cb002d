/*
 * ecqv.c - Zigbee Smart Energy crypto suites 1 (sect163k1) and 2
 * (sect283k1): ECQV implicit certificates (SEC 4) and ECDSA over an AES-MMO
 * digest.  Curve arithmetic is OpenSSL's (EC_POINT, BIGNUM); keys and
 * signatures go through EVP.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/obj_mac.h>
#include <openssl/param_build.h>

#include "ota_private.h"

static const struct ota_suite_info suites[] = {
	{ 1, NID_sect163k1, "sect163k1", OTA_TAG_SIGNATURE_SUITE1, OTA_TAG_CERTIFICATE_SUITE1,
	    50, 48, 21, 22, 0, 22, 30 },
	{ 2, NID_sect283k1, "sect283k1", OTA_TAG_SIGNATURE_SUITE2, OTA_TAG_CERTIFICATE_SUITE2,
	    80, 74, 36, 37, 37, 28, 11 },
};

const struct ota_suite_info *
ota__suite(int suite)
{
	return suite == 1 ? &suites[0] : suite == 2 ? &suites[1] : NULL;
}

const struct ota_suite_info *
ota__suite_by_tag(uint16_t tag)
{
	size_t i;

	for (i = 0; i < sizeof(suites) / sizeof(suites[0]); i++)
		if (suites[i].sig_tag == tag || suites[i].cert_tag == tag)
			return &suites[i];
	return NULL;
}

uint64_t
ota__be64(const uint8_t *p)
{
	uint64_t v = 0;
	int i;

	for (i = 0; i < 8; i++)
		v = (v << 8) | p[i];
	return v;
}

/* e = AES-MMO(certificate) as a big-endian integer (SEC 4 Hn). */
static int
cert_hash(const struct ota_env *env, const uint8_t *cert, size_t len, BIGNUM **e)
{
	uint8_t h[16];
	int r;

	if ((r = ota__mmo_digest_env(env, cert, len, h)) != OTA_OK)
		return r;
	return (*e = BN_bin2bn(h, sizeof(h), NULL)) != NULL ? OTA_OK : OTA_E_NOMEM;
}

/* Q_U = e * P_U + Q_CA, written as a compressed point; msg (may be NULL)
 * receives the reason of a failure. */
static int
reconstruct(const struct ota_env *env, const struct ota_suite_info *s, const uint8_t *cert,
    const uint8_t *ca, size_t ca_len, uint8_t *out, size_t *out_len, char *msg, size_t msglen)
{
	struct ota_errq m;
	EC_GROUP *g = NULL;
	EC_POINT *pu = NULL, *qca = NULL, *q = NULL;
	BN_CTX *bc = NULL;
	BIGNUM *e = NULL;
	size_t n;
	int r = OTA_E_CRYPTO;

	ota__ssl_mark(&m); /* a bad point in the input is not the caller's error */
	if ((g = EC_GROUP_new_by_curve_name_ex(env != NULL ? env->libctx : NULL, ota__propq(env),
	    s->nid)) == NULL) {
		r = OTA_E_UNSUPPORTED;
		goto out;
	}
	if ((bc = BN_CTX_new_ex(env != NULL ? env->libctx : NULL)) == NULL || (pu = EC_POINT_new(g)) == NULL ||
	    (qca = EC_POINT_new(g)) == NULL || (q = EC_POINT_new(g)) == NULL)
		goto out;
	if ((r = cert_hash(env, cert, s->cert_len, &e)) != OTA_OK)
		goto out;
	r = OTA_E_CRYPTO;
	if (EC_POINT_oct2point(g, pu, cert + s->pu_off, s->point_len, bc) != 1) {
		r = OTA_E_RANGE; /* not a point on the curve */
		goto out;
	}
	if (EC_POINT_oct2point(g, qca, ca, ca_len, bc) != 1) {
		r = OTA_E_NOKEY;
		goto out;
	}
	if (EC_POINT_mul(g, q, NULL, pu, e, bc) != 1 || EC_POINT_add(g, q, q, qca, bc) != 1)
		goto out;
	n = EC_POINT_point2oct(g, q, POINT_CONVERSION_COMPRESSED, out, *out_len, bc);
	if (n == 0)
		goto out;
	*out_len = n;
	r = OTA_OK;
out:
	BN_free(e);
	EC_POINT_free(pu);
	EC_POINT_free(qca);
	EC_POINT_free(q);
	BN_CTX_free(bc);
	EC_GROUP_free(g);
	ota__ssl_done(&m, r, msg, msglen, "%s", r == OTA_E_UNSUPPORTED ?
	    "this OpenSSL lacks the suite's curve" : r == OTA_E_RANGE ?
	    "the certificate's public-key reconstruction point is not on the curve" :
	    r == OTA_E_NOKEY ? "the CA key is not a point on the curve" :
	    "computing the public key failed");
	return r;
}

int
ota__ecqv_reconstruct(const struct ota_env *env, const struct ota_suite_info *s,
    const uint8_t *cert, const uint8_t *ca, size_t ca_len, uint8_t *out, size_t *out_len)
{
	return reconstruct(env, s, cert, ca, ca_len, out, out_len, NULL, 0);
}

/* Is this a compressed point on the suite's curve? */
int
ota__ec_point_check(const struct ota_suite_info *s, const uint8_t *pt, size_t len)
{
	EC_GROUP *g;
	EC_POINT *p = NULL;
	int r = OTA_E_UNSUPPORTED;

	ERR_set_mark();
	if ((g = EC_GROUP_new_by_curve_name(s->nid)) != NULL) {
		r = OTA_E_NOMEM;
		if ((p = EC_POINT_new(g)) != NULL)
			r = EC_POINT_oct2point(g, p, pt, len, NULL) == 1 ? OTA_OK : OTA_E_RANGE;
	}
	EC_POINT_free(p);
	EC_GROUP_free(g);
	ERR_pop_to_mark();
	return r;
}

void
ota__evp_free(void *evp_pkey)
{
	EVP_PKEY_free(evp_pkey);
}

/* An EVP key on the suite's curve from its encoded public point and, for a
 * key pair, its private scalar. */
static EVP_PKEY *
ec_fromdata(const struct ota_env *env, const struct ota_suite_info *s, const uint8_t *pub,
    size_t len, const BIGNUM *d, int selection)
{
	OSSL_PARAM_BLD *bld = OSSL_PARAM_BLD_new();
	OSSL_PARAM *params = NULL;
	EVP_PKEY_CTX *ctx = NULL;
	EVP_PKEY *pk = NULL;

	if (bld == NULL ||
	    OSSL_PARAM_BLD_push_utf8_string(bld, OSSL_PKEY_PARAM_GROUP_NAME, s->group, 0) != 1 ||
	    (d != NULL && OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_PRIV_KEY, d) != 1) ||
	    OSSL_PARAM_BLD_push_octet_string(bld, OSSL_PKEY_PARAM_PUB_KEY, pub, len) != 1 ||
	    (params = OSSL_PARAM_BLD_to_param(bld)) == NULL ||
	    (ctx = EVP_PKEY_CTX_new_from_name(env != NULL ? env->libctx : NULL, "EC",
	    ota__propq(env))) == NULL ||
	    EVP_PKEY_fromdata_init(ctx) != 1 ||
	    EVP_PKEY_fromdata(ctx, &pk, selection, params) != 1)
		pk = NULL;
	EVP_PKEY_CTX_free(ctx);
	OSSL_PARAM_free(params);
	OSSL_PARAM_BLD_free(bld);
	return pk;
}

/* An EVP public key on the suite's curve from an encoded point. */
static EVP_PKEY *
pubkey(const struct ota_env *env, const struct ota_suite_info *s, const uint8_t *pub, size_t len)
{
	return ec_fromdata(env, s, pub, len, NULL, EVP_PKEY_PUBLIC_KEY);
}

/* ECDSA signature (r, s fixed-length big-endian) to DER; free with
 * OPENSSL_free. */
int
ota__rs_to_der(const uint8_t *r, const uint8_t *s, size_t n, uint8_t **der, size_t *derlen)
{
	ECDSA_SIG *sig = ECDSA_SIG_new();
	BIGNUM *br = BN_bin2bn(r, (int)n, NULL), *bs = BN_bin2bn(s, (int)n, NULL);
	unsigned char *p = NULL;
	int len;

	if (sig == NULL || br == NULL || bs == NULL || ECDSA_SIG_set0(sig, br, bs) != 1) {
		BN_free(br);
		BN_free(bs);
		ECDSA_SIG_free(sig);
		return OTA_E_NOMEM;
	}
	len = i2d_ECDSA_SIG(sig, &p);
	ECDSA_SIG_free(sig);
	if (len <= 0)
		return OTA_E_CRYPTO;
	*der = p;
	*derlen = (size_t)len;
	return OTA_OK;
}

/* ECDSA check of fixed-length r, s over a digest (named by md when not
 * NULL).  A signature that does not verify is OTA_E_BAD_SIGNATURE, and
 * whatever OpenSSL queued about it is dropped. */
int
ota__ecdsa_verify_pkey(const struct ota_env *env, void *evp_pkey, const char *md, const uint8_t *digest, size_t dlen,
    const uint8_t *r, const uint8_t *sv, size_t rs_len)
{
	EVP_PKEY_CTX *ctx = NULL;
	uint8_t *der = NULL;
	size_t derlen;
	int rc;

	ERR_set_mark();
	if ((rc = ota__rs_to_der(r, sv, rs_len, &der, &derlen)) != OTA_OK)
		goto out;
	rc = OTA_E_CRYPTO;
	if ((ctx = EVP_PKEY_CTX_new_from_pkey(env != NULL ? env->libctx : NULL, evp_pkey,
	    ota__propq(env))) == NULL || EVP_PKEY_verify_init(ctx) != 1 ||
	    (md != NULL && EVP_PKEY_CTX_set_signature_md(ctx, EVP_get_digestbyname(md)) != 1))
		goto out;
	rc = EVP_PKEY_verify(ctx, der, derlen, digest, dlen) == 1 ? OTA_OK : OTA_E_BAD_SIGNATURE;
out:
	OPENSSL_free(der);
	EVP_PKEY_CTX_free(ctx);
	ERR_pop_to_mark();
	return rc;
}

int
ota__ecdsa_verify(const struct ota_env *env, const struct ota_suite_info *s, const uint8_t *pub,
    size_t publen, const uint8_t digest[16], const uint8_t *r, const uint8_t *sv)
{
	EVP_PKEY *pk = pubkey(env, s, pub, publen);
	int rc;

	if (pk == NULL)
		return OTA_E_NOKEY;
	rc = ota__ecdsa_verify_pkey(env, pk, NULL, digest, 16, r, sv, s->rs_len);
	EVP_PKEY_free(pk);
	return rc;
}

/* Sign a 16-byte digest; r and s come out fixed-length big-endian. */
int
ota__ecdsa_sign(const struct ota_suite_info *s, void *evp_pkey, const uint8_t digest[16],
    uint8_t *r, uint8_t *sv)
{
	EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new(evp_pkey, NULL);
	ECDSA_SIG *sig = NULL;
	const BIGNUM *br, *bs;
	const unsigned char *q;
	uint8_t der[160];
	size_t derlen = sizeof(der);
	int rc = OTA_E_CRYPTO;

	if (ctx == NULL || EVP_PKEY_sign_init(ctx) != 1 ||
	    EVP_PKEY_sign(ctx, der, &derlen, digest, 16) != 1)
		goto out;
	q = der;
	if ((sig = d2i_ECDSA_SIG(NULL, &q, (long)derlen)) == NULL)
		goto out;
	ECDSA_SIG_get0(sig, &br, &bs);
	if (BN_bn2binpad(br, r, (int)s->rs_len) < 0 || BN_bn2binpad(bs, sv, (int)s->rs_len) < 0)
		goto out;
	rc = OTA_OK;
out:
	ECDSA_SIG_free(sig);
	EVP_PKEY_CTX_free(ctx);
	OPENSSL_cleanse(der, sizeof(der));
	return rc;
}

/* Parse a signature given as DER or as raw r||s into fixed-length r, s. */
int
ota__sig_parse(const struct ota_suite_info *s, const uint8_t *in, size_t len, uint8_t *r,
    uint8_t *sv)
{
	const unsigned char *q = in;
	const BIGNUM *br, *bs;
	ECDSA_SIG *sig;
	int rc = OTA_E_RANGE;

	if (len == 2 * s->rs_len) {
		memcpy(r, in, s->rs_len);
		memcpy(sv, in + s->rs_len, s->rs_len);
		return OTA_OK;
	}
	if ((sig = d2i_ECDSA_SIG(NULL, &q, (long)len)) == NULL)
		return OTA_E_RANGE;
	ECDSA_SIG_get0(sig, &br, &bs);
	if (q == in + len && BN_bn2binpad(br, r, (int)s->rs_len) >= 0 &&
	    BN_bn2binpad(bs, sv, (int)s->rs_len) >= 0)
		rc = OTA_OK;
	ECDSA_SIG_free(sig);
	return rc;
}

/* An EVP private key on the suite's curve from a scalar (and its point). */
void *
ota__ec_privkey(const struct ota_suite_info *s, const BIGNUM *d)
{
	EC_GROUP *g = EC_GROUP_new_by_curve_name(s->nid);
	EC_POINT *q = g != NULL ? EC_POINT_new(g) : NULL;
	BN_CTX *bc = BN_CTX_new();
	EVP_PKEY *pk = NULL;
	uint8_t pub[80];
	size_t publen;

	if (g != NULL && q != NULL && bc != NULL && EC_POINT_mul(g, q, d, NULL, NULL, bc) == 1 &&
	    (publen = EC_POINT_point2oct(g, q, POINT_CONVERSION_COMPRESSED, pub, sizeof(pub),
	    bc)) != 0)
		pk = ec_fromdata(NULL, s, pub, publen, d, EVP_PKEY_KEYPAIR);
	EC_POINT_free(q);
	BN_CTX_free(bc);
	EC_GROUP_free(g);
	return pk;
}

/* Fill in a certificate around P_U (suite layouts in otaimg(5)). */
static void
encode_cert(const struct ota_suite_info *s, uint8_t *cert, const uint8_t *pu, uint64_t subject,
    uint64_t issuer, const uint8_t *extra)
{
	size_t i;

	memset(cert, 0, s->cert_len);
	memcpy(cert + s->pu_off, pu, s->point_len);
	for (i = 0; i < 8; i++) {
		cert[s->subj_off + i] = (uint8_t)(subject >> (56 - 8 * i));
		cert[s->iss_off + i] = (uint8_t)(issuer >> (56 - 8 * i));
	}
	if (s->suite == 1) {
		/* profile attribute data, as in the Certicom test certificates */
		memcpy(cert + 38, extra != NULL ? extra : (const uint8_t *)"\x01\x09\0\0\0\0\0\0\0\0", 10);
	} else {
		cert[0] = 0x00;        /* type: no extensions */
		if (extra != NULL)
			memcpy(cert + 1, extra, 8); /* serial number */
		cert[9] = 0x0D;        /* curve: sect283k1 */
		cert[10] = 0x08;       /* hash: AES-MMO */
		memset(cert + 24, 0xFF, 4); /* valid-to: no expiry */
		cert[36] = 0x88;       /* key usage: signature and key agreement */
	}
}

/*
 * Issue an ECQV implicit certificate (SEC 4 section 3): the requester's
 * R_U = k_U G; the CA's P_U = R_U + k G, cert, e = Hn(cert),
 * r = e k + d_CA; the requester's d_U = e k_U + r.  Both sides run here.
 */
int
ota__ecqv_issue(const struct ota_suite_info *s, void *ca_pkey, uint64_t subject,
    uint64_t issuer, const uint8_t *extra, uint8_t *cert, void **user_pkey)
{
	EC_GROUP *g = EC_GROUP_new_by_curve_name(s->nid);
	EC_POINT *ru = NULL, *pu = NULL, *kg = NULL;
	BIGNUM *dca = NULL, *ku = BN_secure_new(), *k = BN_secure_new(), *e = NULL;
	BIGNUM *rr = BN_secure_new(), *du = BN_secure_new(), *t = BN_secure_new();
	const BIGNUM *n;
	BN_CTX *bc = BN_CTX_secure_new();
	uint8_t pub[80];
	int rc = OTA_E_CRYPTO;

	*user_pkey = NULL;
	if (g == NULL)
		return OTA_E_UNSUPPORTED;
	if (bc == NULL || ku == NULL || k == NULL || rr == NULL || du == NULL || t == NULL ||
	    (ru = EC_POINT_new(g)) == NULL || (pu = EC_POINT_new(g)) == NULL ||
	    (kg = EC_POINT_new(g)) == NULL)
		goto out;
	if (EVP_PKEY_get_bn_param(ca_pkey, OSSL_PKEY_PARAM_PRIV_KEY, &dca) != 1) {
		rc = OTA_E_NOKEY;
		goto out;
	}
	n = EC_GROUP_get0_order(g);
	/* requester: k_U, R_U;  CA: k, P_U = R_U + kG */
	if (BN_priv_rand_range(ku, n) != 1 || BN_priv_rand_range(k, n) != 1 ||
	    BN_is_zero(ku) || BN_is_zero(k) ||
	    EC_POINT_mul(g, ru, ku, NULL, NULL, bc) != 1 ||
	    EC_POINT_mul(g, kg, k, NULL, NULL, bc) != 1 || EC_POINT_add(g, pu, ru, kg, bc) != 1 ||
	    EC_POINT_point2oct(g, pu, POINT_CONVERSION_COMPRESSED, pub, sizeof(pub), bc) !=
	    s->point_len)
		goto out;
	encode_cert(s, cert, pub, subject, issuer, extra);
	if (cert_hash(NULL, cert, s->cert_len, &e) != OTA_OK)
		goto out;
	/* CA: r = e k + d_CA (mod n);  requester: d_U = e k_U + r (mod n) */
	if (BN_mod_mul(t, e, k, n, bc) != 1 || BN_mod_add(rr, t, dca, n, bc) != 1 ||
	    BN_mod_mul(t, e, ku, n, bc) != 1 || BN_mod_add(du, t, rr, n, bc) != 1)
		goto out;
	if ((*user_pkey = ota__ec_privkey(s, du)) == NULL)
		goto out;
	rc = OTA_OK;
out:
	BN_clear_free(dca);
	BN_clear_free(ku);
	BN_clear_free(k);
	BN_clear_free(rr);
	BN_clear_free(du);
	BN_clear_free(t);
	BN_free(e);
	EC_POINT_free(ru);
	EC_POINT_free(pu);
	EC_POINT_free(kg);
	BN_CTX_free(bc);
	EC_GROUP_free(g);
	return rc;
}

/* ---- the public certificate calls ---- */

static int
cert_refuse(char *msg, size_t len, int r, const char *what)
{
	if (msg != NULL && len > 0)
		(void)snprintf(msg, len, "%s", what);
	return r;
}

int
ota_cert_public_key(const uint8_t *cert, size_t len, const uint8_t *ca, size_t calen,
    uint8_t *out, size_t *outlen)
{
	return ota_cert_public_key_msg(cert, len, ca, calen, out, outlen, NULL, 0);
}

int
ota_cert_public_key_msg(const uint8_t *cert, size_t len, const uint8_t *ca, size_t calen,
    uint8_t *out, size_t *outlen, char *msg, size_t msglen)
{
	int suite, r;

	if (cert == NULL || ca == NULL || out == NULL || outlen == NULL)
		return cert_refuse(msg, msglen, OTA_E_INVAL, "ota_cert_public_key: NULL argument");
	if ((r = ota_cert_parse(cert, len, &suite, NULL, NULL)) != OTA_OK)
		return cert_refuse(msg, msglen, r, "a certificate is 48 (suite 1) or 74 (suite 2) "
		    "bytes");
	if (calen != ota__suite(suite)->point_len) /* the CA key is for the other suite */
		return cert_refuse(msg, msglen, OTA_E_NOKEY, suite == 1 ? "a suite-1 CA key is a "
		    "22-byte compressed point" : "a suite-2 CA key is a 37-byte compressed point");
	return reconstruct(NULL, ota__suite(suite), cert, ca, calen, out, outlen, msg, msglen);
}

int
ota_cert_issue(int suite, const struct ota_key *ca, uint64_t subject, uint64_t issuer,
    uint8_t *cert, size_t *certlen, struct ota_key **key)
{
	return ota_cert_issue_msg(suite, ca, subject, issuer, cert, certlen, key, NULL, 0);
}

int
ota_cert_issue_msg(int suite, const struct ota_key *ca, uint64_t subject, uint64_t issuer,
    uint8_t *cert, size_t *certlen, struct ota_key **key, char *msg, size_t msglen)
{
	const struct ota_suite_info *s = ota__suite(suite);
	struct ota_errq m;
	void *pk = NULL;
	int r;

	if (s == NULL || ca == NULL || ca->magic != OTA_KEY_MAGIC || cert == NULL ||
	    certlen == NULL || key == NULL)
		return cert_refuse(msg, msglen, OTA_E_INVAL, "ota_cert_issue: suite 1 or 2, a CA key, "
		    "and non-NULL outputs");
	if (*key != NULL) /* as ota_key_load: a key held is never dropped */
		return cert_refuse(msg, msglen, OTA_E_INVAL, "ota_cert_issue: *key already holds a "
		    "key (free it, or set it to NULL, first)");
	if (*certlen < s->cert_len)
		return cert_refuse(msg, msglen, OTA_E_RANGE, "ota_cert_issue: the certificate "
		    "buffer is too small");
	if (!ca->priv || ota__key_suite(ca) != suite) /* a private key on the suite's curve */
		return cert_refuse(msg, msglen, OTA_E_NOKEY, "ota_cert_issue: the CA key is not a "
		    "private key on the suite's curve");
	ota__ssl_mark(&m);
	if ((r = ota__ecqv_issue(s, ca->pkey, subject, issuer, NULL, cert, &pk)) == OTA_OK &&
	    (*key = calloc(1, sizeof(**key))) == NULL) {
		ota__evp_free(pk);
		r = OTA_E_NOMEM;
	}
	ota__ssl_done(&m, r, msg, msglen, "ota_cert_issue: %s", r == OTA_E_NOMEM ? "out of memory" :
	    r == OTA_E_UNSUPPORTED ? "this OpenSSL lacks the suite's curve" :
	    r == OTA_E_NOKEY ? "cannot read the CA's private key" : "issuing failed");
	if (r != OTA_OK)
		return r;
	(*key)->magic = OTA_KEY_MAGIC;
	(*key)->pkey = pk;
	(*key)->priv = 1;
	*certlen = s->cert_len;
	return OTA_OK;
}

int
ota__rs_check(int nid, const uint8_t *r, const uint8_t *sv, size_t rs_len)
{
	EC_GROUP *g;
	BIGNUM *br = NULL, *bs = NULL;
	const BIGNUM *n;
	int res = OTA_E_NOMEM;

	if (rs_len > INT32_MAX)
		return OTA_E_INVAL;
	ERR_set_mark();
	if ((g = EC_GROUP_new_by_curve_name(nid)) == NULL) {
		res = OTA_E_UNSUPPORTED;
		goto out;
	}
	if ((n = EC_GROUP_get0_order(g)) == NULL ||
	    (br = BN_bin2bn(r, (int)rs_len, NULL)) == NULL ||
	    (bs = BN_bin2bn(sv, (int)rs_len, NULL)) == NULL)
		goto out;
	res = BN_is_zero(br) || BN_is_zero(bs) || BN_cmp(br, n) >= 0 || BN_cmp(bs, n) >= 0 ?
	    OTA_E_BAD_SIGNATURE : OTA_OK;
out:
	BN_free(br);
	BN_free(bs);
	EC_GROUP_free(g);
	ERR_pop_to_mark();
	return res;
}
