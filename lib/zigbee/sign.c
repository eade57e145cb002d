/*
 * sign.c - Smart Energy signatures on Zigbee OTA images: sign (or prepare
 * for offline signing), and insert a signature made elsewhere.  One pass:
 * the output streams through AES-MMO as it is written; total_image_size is
 * final before the first byte is hashed.
 */
#include "config.h"

#include <errno.h>
#include <string.h>

#include <openssl/crypto.h>

#include "ota_private.h"

static int
is_sig_tag(uint16_t t)
{
	return t == OTA_TAG_SIGNATURE_SUITE1 || t == OTA_TAG_CERTIFICATE_SUITE1 ||
	    t == OTA_TAG_SIGNATURE_SUITE2 || t == OTA_TAG_CERTIFICATE_SUITE2;
}

static int
out_err(struct ota_image *img, struct ota_hashout *o, uint64_t off)
{
	int r = o->err != OTA_OK ? o->err : OTA_E_IO;

	return ota__image_seterr(img, r, off, "writing the signed image: %s", ota_strerror(r));
}

/* The header (nh: its first bytes, total_image_size set, then a range of
 * the input) and the kept elements, through o. */
static int
copy_body(struct ota_image *img, struct ota_hashout *o, const struct ota__newhdr *nh)
{
	uint64_t in = nh->len + nh->extra_len;
	size_t i;
	int r;

	for (i = 0; i < img->nel; i++)
		if (!is_sig_tag(img->el[i].tag))
			in += img->el[i].hdr + (uint64_t)img->el[i].len;
	ota__prog_start(&img->prog, in);
	if (ota__hashout(o, nh->b, nh->len) != 0)
		return out_err(img, o, img->ota_off);
	if ((r = ota__prog_add(&img->prog, nh->len)) != OTA_OK)
		return ota__image_seterr(img, r, 0, "cancelled");
	if ((r = ota__copy_range(&img->rd, nh->extra_off, nh->extra_len, ota__hashout, o)) != OTA_OK)
		return r == OTA_E_CANCELLED ? ota__image_seterr(img, r, 0, "cancelled") :
		    out_err(img, o, nh->extra_off);
	for (i = 0; i < img->nel; i++) {
		const struct ota_elem *e = &img->el[i];

		if (is_sig_tag(e->tag))
			continue; /* re-signing replaces certificate and signature */
		if ((r = ota__copy_range(&img->rd, e->off, e->hdr + (uint64_t)e->len, ota__hashout,
		    o)) != OTA_OK)
			return o->err != OTA_OK ? out_err(img, o, e->off) :
			    ota__image_seterr(img, r, e->off, "copying the element at offset %llu: %s",
			    (unsigned long long)e->off, ota_strerror(r));
	}
	if ((r = ota__prog_end(&img->prog)) != OTA_OK)
		return ota__image_seterr(img, r, 0, "cancelled");
	return OTA_OK;
}

int
ota_image_sign(struct ota_image *img, const struct ota_key *key, const uint8_t *cert,
    size_t certlen, unsigned flags, uint8_t digest[16], ota_write_fn fn, void *ctx)
{
	struct ota__newhdr nh;
	size_t got;
	int r;

	if ((r = ota__image_check(img, 1, OTA_E_STATE, cert != NULL && fn != NULL &&
	    (flags & ~(OTA_SIGN_PREPARE | OTA_SIGN_STRICT |
	    OTA_SIGN_NO_KEY_CHECK)) == 0, "ota_image_sign",
	    "NULL certificate or write function, or unknown flags")) != OTA_OK ||
	    (r = ota__image_whole(img, "ota_image_sign")) != OTA_OK)
		return r;
	/* the header as it is: its fixed part, then the rest of it copied */
	if ((r = ota__rd_pread(&img->rd, img->ota_off, nh.b, OTA_HEADER_MIN, &got)) != OTA_OK ||
	    got != OTA_HEADER_MIN)
		return ota__image_seterr(img, r != OTA_OK ? r : OTA_E_TRUNCATED, img->ota_off,
		    "cannot read the header (at offset %llu)", (unsigned long long)img->ota_off);
	nh.len = OTA_HEADER_MIN;
	nh.extra_off = img->ota_off + OTA_HEADER_MIN;
	nh.extra_len = img->h.header_length - OTA_HEADER_MIN;
	return ota__image_sign_hdr(img, &nh, key, cert, certlen, flags, digest, fn, ctx);
}

int
ota__image_sign_hdr(struct ota_image *img, struct ota__newhdr *nh, const struct ota_key *key,
    const uint8_t *cert, size_t certlen, unsigned flags, uint8_t digest[16], ota_write_fn fn,
    void *ctx)
{
	const struct ota_suite_info *s;
	struct ota_hashout o = { fn, ctx, NULL, OTA_OK };
	struct ota_mmo mmo = { 0 };
	uint8_t eh[6 + 8], rs[72], d[16], pub[64];
	uint64_t total, subject;
	size_t i, n, publen = sizeof(pub);
	int suite, r;

	if ((r = ota_cert_parse(cert, certlen, &suite, &subject, NULL)) != OTA_OK)
		return ota__image_seterr(img, r, 0, "a certificate is 48 (suite 1) or 74 (suite 2) "
		    "bytes, not %zu bytes", certlen);
	s = ota__suite(suite);
	if (!(flags & OTA_SIGN_PREPARE) &&
	    (key == NULL || !ota_key_is_private(key) || ota__key_suite(key) != suite))
		return ota__image_seterr(img, OTA_E_NOKEY, 0,
		    "signing needs a private key on %s (crypto suite %d)", s->group, suite);
	if (img->raw)
		return ota__image_seterr(img, OTA_E_STRUCTURE, img->raw_off,
		    "the bytes from offset %llu are not a sub-element stream; cannot sign",
		    (unsigned long long)img->raw_off);
	total = nh->len + nh->extra_len + (uint64_t)6 + s->cert_len + 6 + s->sig_len;
	for (i = 0; i < img->nel; i++) {
		if (img->el[i].tag == OTA_TAG_INTEGRITY_CODE)
			return ota__image_seterr(img, OTA_E_STRUCTURE, img->el[i].off,
			    "the integrity code at offset %llu would no longer be the last element; "
			    "build the image without it", (unsigned long long)img->el[i].off);
		if (!is_sig_tag(img->el[i].tag))
			total += img->el[i].hdr + (uint64_t)img->el[i].len;
	}
	if (total > UINT32_MAX)
		return ota__image_seterr(img, OTA_E_RANGE, img->ota_off + 52,
		    "a signed image of %llu bytes is too large: total_image_size holds at most "
		    "4294967295 bytes", (unsigned long long)total);
	if (!(flags & (OTA_SIGN_PREPARE | OTA_SIGN_NO_KEY_CHECK)) &&
	    (r = ota_key_check_cert(key, cert, certlen, NULL)) != OTA_OK)
		return ota__image_seterr(img, r, 0, r == OTA_E_KEY_MISMATCH ?
		    "the private key does not match the certificate (subject %016llX): its public "
		    "key is not the one the certificate and the test CA it names give; nothing "
		    "written" : r == OTA_E_KEY_UNCHECKED ? "cannot check that the private key "
		    "matches the certificate (subject %016llX) without its CA key: check with "
		    "ota_key_check_cert() and a trust holding it, then sign with "
		    "OTA_SIGN_NO_KEY_CHECK" : "checking the key against the certificate (subject "
		    "%016llX) failed", (unsigned long long)subject);
	n = img->diags.n;
	if ((r = ota__mmo_wrap_diag(&img->diags, total - 2 * s->rs_len, img->ota_off + 52)) !=
	    OTA_OK)
		return ota__image_seterr(img, r, 0, "out of memory");
	if (img->diags.n > n && (flags & OTA_SIGN_STRICT))
		return ota__image_seterr(img, OTA_E_POLICY, img->ota_off + 52, "strict: %s",
		    img->diags.v[n].msg);
	if ((r = ota__mmo_setup_env(&mmo, &img->env)) != OTA_OK || (r = ota_mmo_init(&mmo)) != OTA_OK)
		goto out;
	o.mmo = &mmo;
	ota__put_u32le(nh->b + 52, (uint32_t)total);
	if ((r = copy_body(img, &o, nh)) != OTA_OK)
		goto out;
	ota__put_u16le(eh, s->cert_tag);
	ota__put_u32le(eh + 2, s->cert_len);
	if (ota__hashout(&o, eh, 6) != 0 || ota__hashout(&o, cert, s->cert_len) != 0) {
		r = out_err(img, &o, 0);
		goto out;
	}
	ota__put_u16le(eh, s->sig_tag);
	ota__put_u32le(eh + 2, s->sig_len);
	for (i = 0; i < 8; i++) /* signer IEEE: the subject, little-endian */
		eh[6 + i] = (uint8_t)(subject >> (8 * i));
	if (ota__hashout(&o, eh, sizeof(eh)) != 0) {
		r = out_err(img, &o, 0);
		goto out;
	}
	if ((r = ota_mmo_final(&mmo, d)) != OTA_OK)
		goto out;
	o.mmo = NULL; /* r||s are not hashed */
	memset(rs, 0, sizeof(rs));
	if (!(flags & OTA_SIGN_PREPARE)) {
		if ((r = ota__ecdsa_sign(s, key->pkey, d, rs, rs + s->rs_len)) != OTA_OK) {
			r = ota__image_seterr(img, r, 0, "ECDSA signing failed");
			goto out;
		}
		/* check what the key (or a device holding it) produced */
		if (ota_key_public(key, pub, &publen) != OTA_OK ||
		    ota__ecdsa_verify(&img->env, s, pub, publen, d, rs, rs + s->rs_len) != OTA_OK) {
			r = ota__image_seterr(img, OTA_E_BAD_SIGNATURE, 0,
			    "the new signature does not verify under the key's public part");
			goto out;
		}
	}
	if (ota__hashout(&o, rs, 2 * s->rs_len) != 0) {
		r = out_err(img, &o, 0);
		goto out;
	}
	if (digest != NULL)
		memcpy(digest, d, 16);
	r = OTA_OK;
out:
	ota__mmo_teardown(&mmo);
	OPENSSL_cleanse(rs, sizeof(rs));
	return r;
}

int
ota_image_insert_signature(struct ota_image *img, const uint8_t *sig, size_t siglen,
    const struct ota_trust *trust, ota_write_fn fn, void *ctx)
{
	const struct ota_suite_info *s;
	uint8_t r_s[72], cert[OTA_CERT_MAX_LEN], q[64], d[16];
	const uint8_t *ca;
	size_t calen, qlen, got, i, n;
	uint64_t body;
	int r;

	if ((r = ota__image_check(img, 1, OTA_E_STATE, sig != NULL && fn != NULL,
	    "ota_image_insert_signature", "NULL signature or write function")) != OTA_OK)
		return r;
	/* structure, and the digest of everything before r||s */
	if ((r = ota__image_verify_structure(img)) != OTA_OK)
		return r;
	if (img->sig_idx < 0 || ota_image_signature_digest(img, d) != OTA_OK)
		return ota__image_seterr(img, OTA_E_STRUCTURE, img->ota_off,
		    "the image has no signature element to fill (use sign --prepare)");
	s = ota__suite_by_tag(img->el[img->sig_idx].tag);
	if ((r = ota__sig_parse(s, sig, siglen, r_s, r_s + s->rs_len)) != OTA_OK)
		return ota__image_seterr(img, r, 0, "the signature is neither DER nor suite-%d "
		    "r||s (%zu bytes)", s->suite, 2 * s->rs_len);
	if ((n = ota__trust_ca_count(trust, s->suite)) == 0)
		return ota__image_seterr(img, OTA_E_NOKEY, 0,
		    "checking the signature needs the suite-%d CA key", s->suite);
	if ((r = ota__rd_pread(&img->rd, img->el[img->cert_idx].off + 6, cert, s->cert_len,
	    &got)) != OTA_OK || got != s->cert_len)
		return ota__image_seterr(img, r != OTA_OK ? r : OTA_E_TRUNCATED,
		    img->el[img->cert_idx].off, "cannot read the certificate (at offset %llu)",
		    (unsigned long long)img->el[img->cert_idx].off);
	for (i = 0, r = OTA_E_BAD_SIGNATURE; i < n && r == OTA_E_BAD_SIGNATURE; i++) {
		ca = ota__trust_ca_at(trust, s->suite, i, &calen);
		qlen = sizeof(q);
		if ((r = ota__ecqv_reconstruct(&img->env, s, cert, ca, calen, q, &qlen)) != OTA_OK)
			return ota__image_seterr(img, r, img->el[img->cert_idx].off,
			    "cannot use the certificate (at offset %llu)",
			    (unsigned long long)img->el[img->cert_idx].off);
		r = ota__ecdsa_verify(&img->env, s, q, qlen, d, r_s, r_s + s->rs_len);
	}
	if (r != OTA_OK)
		return ota__image_seterr(img, r, 0, "the signature does not verify for this image "
		    "(digest over [%llu, %llu)); nothing written", (unsigned long long)img->ota_off,
		    (unsigned long long)(img->ota_off + img->h.total_image_size - 2 * s->rs_len));
	body = img->h.total_image_size - 2 * s->rs_len;
	ota__prog_start(&img->prog, body);
	if ((r = ota__copy_range(&img->rd, img->ota_off, body, fn, ctx)) != OTA_OK ||
	    (r = ota__prog_end(&img->prog)) != OTA_OK ||
	    fn(ctx, r_s, 2 * s->rs_len) != 0)
		return ota__image_seterr(img, r != OTA_OK ? r : OTA_E_IO, 0, "writing failed");
	return OTA_OK;
}

static int
to_path(struct ota_image *img, const char *path, int (*run)(struct ota_image *, void *,
    struct ota_atomic *), void *arg)
{
	struct ota_atomic a;
	int r;

	if ((r = ota__image_check(img, 1, OTA_E_STATE, path != NULL, "ota_image_sign_path",
	    "NULL path")) != OTA_OK)
		return r;
	if ((r = ota__atomic_open(&a, path)) != OTA_OK)
		return ota__image_seterr(img, r, 0, "cannot create a file beside %s: %s", path,
		    strerror(errno));
	if ((r = run(img, arg, &a)) != OTA_OK) {
		ota__atomic_abort(&a);
		return r;
	}
	if ((r = ota__atomic_commit(&a)) != OTA_OK)
		return ota__image_seterr(img, r, 0, "cannot write %s: %s", path, strerror(errno));
	return OTA_OK;
}

struct sign_args {
	const struct ota_key *key;
	const uint8_t *cert, *sig;
	size_t certlen, siglen;
	unsigned flags;
	uint8_t *digest;
	const struct ota_trust *trust;
};

static int
run_sign(struct ota_image *img, void *arg, struct ota_atomic *a)
{
	struct sign_args *s = arg;

	return ota_image_sign(img, s->key, s->cert, s->certlen, s->flags, s->digest,
	    ota__atomic_write, a);
}

static int
run_insert(struct ota_image *img, void *arg, struct ota_atomic *a)
{
	struct sign_args *s = arg;

	return ota_image_insert_signature(img, s->sig, s->siglen, s->trust, ota__atomic_write, a);
}

int
ota_image_sign_path(struct ota_image *img, const struct ota_key *key, const uint8_t *cert,
    size_t certlen, unsigned flags, uint8_t digest[16], const char *path)
{
	struct sign_args s = { key, cert, NULL, certlen, 0, flags, digest, NULL };

	return to_path(img, path, run_sign, &s);
}

int
ota_image_insert_signature_path(struct ota_image *img, const uint8_t *sig, size_t siglen,
    const struct ota_trust *trust, const char *path)
{
	struct sign_args s = { NULL, NULL, sig, 0, siglen, 0, NULL, trust };

	return to_path(img, path, run_insert, &s);
}
