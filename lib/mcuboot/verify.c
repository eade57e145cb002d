/* verify.c - MCUboot images: the hash TLV, the key the image names (key
 * hash or full public key) and the signature, through EVP. */
#include "config.h"

#include <string.h>

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

#include "mcuboot/mcuboot_private.h"

uint16_t
ota__mcu_sig_tlv(int key_type)
{
	switch (key_type) {
	case OTA_KEY_P256:
	case OTA_KEY_P384:
		return OTA_MCUBOOT_TLV_ECDSA_SIG;
	case OTA_KEY_ED25519:
		return OTA_MCUBOOT_TLV_ED25519;
	case OTA_KEY_RSA2048:
		return OTA_MCUBOOT_TLV_RSA2048_PSS;
	case OTA_KEY_RSA3072:
		return OTA_MCUBOOT_TLV_RSA3072_PSS;
	default:
		return 0;
	}
}

int
ota__mcu_pubbytes(const struct ota_env *env, const struct ota_key *key, uint8_t **out,
    size_t *len)
{
	unsigned char *p;
	int n, rsa = EVP_PKEY_is_a(key->pkey, "RSA");

	n = rsa ? i2d_PublicKey(key->pkey, NULL) : i2d_PUBKEY(key->pkey, NULL);
	if (n <= 0)
		return OTA_E_CRYPTO;
	if ((*out = p = ota__alloc(env, (size_t)n)) == NULL)
		return OTA_E_NOMEM;
	n = rsa ? i2d_PublicKey(key->pkey, &p) : i2d_PUBKEY(key->pkey, &p);
	if (n <= 0) {
		ota__free(env, *out);
		*out = NULL;
		return OTA_E_CRYPTO;
	}
	*len = (size_t)n;
	return OTA_OK;
}

int
ota_mcuboot_sig_type(const struct ota_mcuboot *m)
{
	if (m == NULL || m->magic != OTA_MCUBOOT_HANDLE_MAGIC || m->state != 1 || m->sig_idx < 0)
		return 0;
	switch (m->tlv[m->sig_idx].type) {
	case OTA_MCUBOOT_TLV_ECDSA_SIG:
		return m->hash_bits == 384 ? OTA_KEY_P384 : OTA_KEY_P256;
	case OTA_MCUBOOT_TLV_ED25519:
		return OTA_KEY_ED25519;
	case OTA_MCUBOOT_TLV_RSA2048_PSS:
		return OTA_KEY_RSA2048;
	case OTA_MCUBOOT_TLV_RSA3072_PSS:
		return OTA_KEY_RSA3072;
	default:
		return 0;
	}
}

/* Is key the one the image names? */
static int
check_key(struct ota_mcuboot *m, const struct ota_key *key)
{
	const struct mcu_tlv *t;
	uint8_t *pub = NULL, h[OTA_MCUBOOT_DIGEST_MAX];
	size_t n = 0;
	int r;

	if (m->keyhash_idx < 0 && m->pubkey_idx < 0) /* bootutil needs one before the signature */
		return ota__mcu_seterr(m, OTA_E_WRONG_KEY, m->tlv[m->sig_idx].off, "no KEYHASH or "
		    "PUBKEY TLV names the key the signature at offset %llu needs",
		    (unsigned long long)m->tlv[m->sig_idx].off);
	if ((r = ota__mcu_pubbytes(&m->env, key, &pub, &n)) != OTA_OK)
		return ota__mcu_seterr(m, r, 0, "cannot encode the public key");
	if (m->keyhash_idx >= 0) {
		t = &m->tlv[m->keyhash_idx];
		if ((r = ota__mcu_digest(&m->env, m->hash_bits != 0 ? m->hash_bits : 256, pub, n, h))
		    != OTA_OK) {
			ota__free(&m->env, pub);
			return ota__mcu_seterr(m, r, t->off, "hashing the public key failed");
		}
		r = t->len == (m->hash_bits != 0 ? m->hash_bits : 256) / 8 &&
		    memcmp(h, m->unprot + t->voff, t->len) == 0 ? OTA_OK : OTA_E_WRONG_KEY;
		if (r != OTA_OK)
			(void)ota__mcu_seterr(m, r, t->off + 4, "the key hash TLV at offset %llu is not the "
			    "SHA-%u of this key: the image names another key",
			    (unsigned long long)t->off, m->hash_bits != 0 ? m->hash_bits : 256u);
	} else {
		t = &m->tlv[m->pubkey_idx];
		r = t->len == n && memcmp(pub, m->unprot + t->voff, n) == 0 ? OTA_OK : OTA_E_WRONG_KEY;
		if (r != OTA_OK)
			(void)ota__mcu_seterr(m, r, t->off + 4, "the public key TLV at offset %llu is not "
			    "this key", (unsigned long long)t->off);
	}
	ota__free(&m->env, pub);
	return r;
}

/* The signature over digest (ECDSA and RSA-PSS prehashed, Ed25519 over the
 * digest bytes): 1 valid, 0 invalid, or an error. */
int
ota__mcu_sig_verify(const struct ota_env *env, const struct ota_key *key, uint16_t tlv,
    const uint8_t *dig, size_t dlen, const uint8_t *sig, size_t slen, int *valid)
{
	EVP_PKEY_CTX *pc = NULL;
	EVP_MD_CTX *mc = NULL;
	int r = OTA_E_CRYPTO, v;

	if (tlv == OTA_MCUBOOT_TLV_ED25519) {
		if ((mc = EVP_MD_CTX_new()) == NULL ||
		    EVP_DigestVerifyInit_ex(mc, NULL, NULL, env->libctx, ota__propq(env), key->pkey,
		    NULL) != 1)
			goto out;
		v = EVP_DigestVerify(mc, sig, slen, dig, dlen);
	} else {
		if ((pc = EVP_PKEY_CTX_new_from_pkey(env->libctx, key->pkey, ota__propq(env))) == NULL ||
		    EVP_PKEY_verify_init(pc) != 1)
			goto out;
		if (tlv != OTA_MCUBOOT_TLV_ECDSA_SIG &&
		    (EVP_PKEY_CTX_set_rsa_padding(pc, RSA_PKCS1_PSS_PADDING) != 1 ||
		    EVP_PKEY_CTX_set_signature_md(pc, EVP_sha256()) != 1 ||
		    EVP_PKEY_CTX_set_rsa_mgf1_md(pc, EVP_sha256()) != 1 ||
		    EVP_PKEY_CTX_set_rsa_pss_saltlen(pc, 32) != 1))
			goto out;
		v = EVP_PKEY_verify(pc, sig, slen, dig, dlen);
	}
	*valid = v == 1;
	r = OTA_OK;
out:
	EVP_MD_CTX_free(mc);
	EVP_PKEY_CTX_free(pc);
	return r;
}

static int
verify_sig(struct ota_mcuboot *m, const struct ota_key *key)
{
	const struct mcu_tlv *t = &m->tlv[m->sig_idx];
	struct ota_errq q;
	int want = ota_mcuboot_sig_type(m), kt = ota_key_type(key), r, valid = 0, i;

	if (t->type == 0x21u)
		return ota__mcu_seterr(m, OTA_E_UNSUPPORTED, t->off, "the ECDSA P-224 signature TLV "
		    "(0x21) at offset %llu: MCUboot dropped it", (unsigned long long)t->off);
	if (m->pure)
		return ota__mcu_seterr(m, OTA_E_UNSUPPORTED, t->off, "a SIG_PURE TLV: the Ed25519 "
		    "signature covers the whole image, which a one-pass open does not keep");
	if (kt != want && !(t->type == OTA_MCUBOOT_TLV_ECDSA_SIG &&
	    (kt == OTA_KEY_P256 || kt == OTA_KEY_P384)))
		return ota__mcu_seterr(m, OTA_E_WRONG_KEY, t->off, "the signature TLV 0x%02x (%s) at "
		    "offset %llu needs a %s key, not %s", t->type, ota_mcuboot_tlv_name(t->type),
		    (unsigned long long)t->off, ota_key_type_name((enum ota_key_type)want),
		    kt != 0 ? ota_key_type_name((enum ota_key_type)kt) : "this one");
	if ((r = check_key(m, key)) != OTA_OK)
		return r;
	if ((t->type == OTA_MCUBOOT_TLV_RSA2048_PSS || t->type == OTA_MCUBOOT_TLV_RSA3072_PSS) &&
	    m->hash_bits != 256)
		return ota__mcu_seterr(m, OTA_E_UNSUPPORTED, t->off, "an RSA-PSS signature over a "
		    "SHA-%u hash: MCUboot signs SHA-256 only", m->hash_bits);
	i = ota__mcu_hidx(m->hash_bits);
	ota__ssl_mark(&q);
	r = ota__mcu_sig_verify(&m->env, key, t->type, m->digest[i], m->hash_bits / 8,
	    m->unprot + t->voff, t->len, &valid);
	ota__ssl_done(&q, r, m->errmsg, sizeof(m->errmsg), "the signature check failed to run");
	if (r != OTA_OK) {
		m->erroff = t->off;
		return r;
	}
	m->sig = valid ? OTA_SIG_VALID : OTA_SIG_INVALID;
	if (!valid)
		return ota__mcu_seterr(m, OTA_E_BAD_SIGNATURE, t->off + 4, "the %s signature at offset "
		    "%llu does not verify with this key over the image hash",
		    ota_mcuboot_tlv_name(t->type), (unsigned long long)t->off);
	return OTA_OK;
}

int
ota_mcuboot_verify(struct ota_mcuboot *m, const struct ota_key *key, unsigned flags)
{
	const struct mcu_tlv *t;
	int r;

	if (m == NULL || m->magic != OTA_MCUBOOT_HANDLE_MAGIC)
		return OTA_E_INVAL;
	if (m->state != 1)
		return ota__mcu_seterr(m, OTA_E_STATE, 0, "ota_mcuboot_verify: no image is open");
	if (key != NULL && (key->magic != OTA_KEY_MAGIC || key->pkey == NULL))
		return ota__mcu_seterr(m, OTA_E_INVAL, 0, "ota_mcuboot_verify: invalid key");
	m->sig = m->sig_idx >= 0 ? OTA_SIG_NOT_CHECKED : OTA_SIG_ABSENT;
	if ((m->flags & (OTA_MCUBOOT_F_ENCRYPTED_AES128 | OTA_MCUBOOT_F_ENCRYPTED_AES256)) != 0)
		return ota__mcu_seterr(m, OTA_E_UNSUPPORTED, 16, "ih_flags (offset 16) 0x%08x: an "
		    "encrypted image, whose hash covers the plain text", (unsigned)m->flags);
	if (m->hash_idx < 0)
		return ota__mcu_seterr(m, OTA_E_STRUCTURE, m->signed_size - m->unprot_len, "the TLV "
		    "area at offset %llu has no hash TLV (SHA256, SHA384 or SHA512)",
		    (unsigned long long)(m->signed_size - m->unprot_len));
	t = &m->tlv[m->hash_idx];
	if (!m->hash_ok)
		return ota__mcu_seterr(m, OTA_E_DIGEST, t->off + 4, "the %s hash TLV at offset %llu "
		    "does not match the hash of header, body and protected TLVs",
		    ota_mcuboot_tlv_name(t->type), (unsigned long long)t->off);
	if (m->sig_idx < 0 && (flags & OTA_VERIFY_REQUIRE_SIGNATURE))
		return ota__mcu_seterr(m, OTA_E_UNSIGNED, m->signed_size - m->unprot_len, "the "
		    "image has no signature TLV, and a signature is required");
	if (key == NULL) {
		/* required, a signature must be checked: ALLOW_UNCHECKED does not
		 * lift that */
		if (m->sig_idx >= 0 && (!(flags & OTA_VERIFY_ALLOW_UNCHECKED) ||
		    (flags & OTA_VERIFY_REQUIRE_SIGNATURE)))
			return ota__mcu_seterr(m, OTA_E_SIG_UNCHECKED, m->tlv[m->sig_idx].off, "the %s "
			    "signature at offset %llu was not checked: no public key given",
			    ota_mcuboot_tlv_name(m->tlv[m->sig_idx].type),
			    (unsigned long long)m->tlv[m->sig_idx].off);
		m->errmsg[0] = '\0';
		return OTA_OK;
	}
	if (m->sig_idx < 0)
		return ota__mcu_seterr(m, OTA_E_UNSIGNED, m->signed_size - m->unprot_len, "a key was "
		    "given but the image has no signature TLV");
	if ((r = verify_sig(m, key)) != OTA_OK)
		return r;
	m->errmsg[0] = '\0';
	return OTA_OK;
}
