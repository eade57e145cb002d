/* verify.c - structure policy and the image integrity code, in one
 * streaming pass over the covered range with a fixed buffer. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include "ota_private.h"

static void
hex16(char *out, const uint8_t *b)
{
	static const char hx[] = "0123456789ABCDEF";
	int i;

	for (i = 0; i < 16; i++) {
		out[2 * i] = hx[b[i] >> 4];
		out[2 * i + 1] = hx[b[i] & 15];
	}
	out[32] = '\0';
}

/* A digest the forward-only open did not compute (an image whose layout
 * verify refuses before it gets here). */
static int
not_hashed(struct ota_image *img, uint64_t off, const char *what)
{
	return ota__image_seterr(img, OTA_E_UNSUPPORTED, off,
	    "the %s over [%llu, %llu) was not computed while reading this forward-only input",
	    what, (unsigned long long)img->ota_off, (unsigned long long)off);
}

static int
check_iic(struct ota_image *img, const struct ota_hashes *hs, size_t idx)
{
	const uint8_t *std, *vend;
	char s[33], c[33], v[33];
	uint64_t off = img->el[idx].off;
	size_t got;
	int r;

	if ((r = ota__rd_pread(&img->rd, off + 6, img->iic_stored, 16, &got)) != OTA_OK ||
	    got != 16)
		return ota__image_seterr(img, r != OTA_OK ? r : OTA_E_TRUNCATED, off + 6,
		    "cannot read the integrity code");
	if ((std = ota__hs_mmo_at(hs, off)) == NULL || (vend = ota__hs_mmo_at(hs, off + 6)) == NULL)
		return not_hashed(img, off, "AES-MMO");
	memcpy(img->iic_computed, std, 16);
	hex16(s, img->iic_stored);
	hex16(c, std);
	hex16(v, vend);
	if (CRYPTO_memcmp(img->iic_stored, std, 16) == 0) {
		img->iic = OTA_IIC_MATCH;
		return OTA_OK;
	}
	if (CRYPTO_memcmp(img->iic_stored, vend, 16) == 0) {
		img->iic = OTA_IIC_MATCH_VENDOR;
		memcpy(img->iic_computed, vend, 16);
		return ota__diag_add(&img->diags, OTA_D_IIC_VENDOR_RULE, off,
		    "integrity code at offset %llu matches the NodOn vendor rule (AES-MMO including "
		    "the code's own 6-byte element header), not the ZCL rule",
		    (unsigned long long)off);
	}
	img->iic = OTA_IIC_MISMATCH;
	return ota__image_seterr(img, OTA_E_DIGEST, off,
	    "integrity code at offset %llu does not match: stored %s, AES-MMO of [%llu, %llu) is "
	    "%s, NodOn variant %s; no known rule reproduces it",
	    (unsigned long long)off, s, (unsigned long long)img->ota_off,
	    (unsigned long long)off, c, v);
}

static int
check_crc(struct ota_image *img, const struct ota_hashes *hs)
{
	uint8_t t[4];
	size_t got;
	uint64_t end = img->ota_off + img->h.total_image_size;
	uint32_t stored, crc;
	int r;

	if ((r = ota__rd_pread(&img->rd, end, t, sizeof(t), &got)) != OTA_OK || got != 4)
		return ota__image_seterr(img, r != OTA_OK ? r : OTA_E_TRUNCATED, end,
		    "cannot read the trailer");
	if (ota__hs_crc_at(hs, end, &crc) != OTA_OK)
		return not_hashed(img, end, "CRC-32");
	stored = (uint32_t)t[0] | ((uint32_t)t[1] << 8) | ((uint32_t)t[2] << 16) |
	    ((uint32_t)t[3] << 24);
	if (stored != crc)
		return OTA_OK;
	img->trailer = OTA_TRAILER_CRC32;
	/* explained: the 4 bytes are no longer unknown trailing data */
	ota__diag_remove(&img->diags, OTA_D_TRAILING_DATA);
	return ota__diag_add(&img->diags, OTA_D_TRAILER_CRC32, end,
	    "the 4 bytes at offset %llu (0x%08X as little-endian) are the CRC-32 of the image "
	    "[%llu, %llu)", (unsigned long long)end, stored, (unsigned long long)img->ota_off,
	    (unsigned long long)end);
}

/* The hashing part: integrity code (both rules), signature digest and
 * trailer CRC, done once.  A seekable input is read now, in one pass; a
 * forward-only one was hashed by open, through the same code. */
static int
hash_pass(struct ota_image *img)
{
	struct ota_hashes local, *hs = img->hs;
	uint64_t end = img->ota_off + img->h.total_image_size, iic_off = 0, sig_end = 0, fail;
	const uint8_t *d;
	size_t idx = 0;
	int have_iic, want_crc, r = OTA_OK;

	have_iic = ota_image_element_find(img, OTA_TAG_INTEGRITY_CODE, 0, &idx) == OTA_OK &&
	    img->el[idx].len == 16;
	want_crc = img->trailer == OTA_TRAILER_CRC32_CANDIDATE;
	if (have_iic)
		iic_off = img->el[idx].off;
	if (img->sig_idx >= 0)
		sig_end = end - 2 * ota__suite_by_tag(img->el[img->sig_idx].tag)->rs_len;
	if (!have_iic && !want_crc && sig_end == 0)
		return OTA_OK;
	if (hs == NULL) {
		if ((r = ota__hs_init_env(&local, img->ota_off, &img->env)) != OTA_OK)
			return ota__image_seterr(img, r, img->ota_off, "hashing the image: %s",
			    ota_strerror(r));
		hs = &local;
		if (have_iic && (r = ota__hs_mmo_cut(hs, iic_off)) == OTA_OK)
			r = ota__hs_mmo_cut(hs, iic_off + 6);
		if (r == OTA_OK && sig_end != 0)
			r = ota__hs_mmo_cut(hs, sig_end);
		if (want_crc)
			ota__hs_crc(hs, end);
		if (r == OTA_OK) {
			uint64_t stop = want_crc ? end : iic_off + 6 > sig_end ? iic_off + 6 : sig_end;

			ota__prog_start(&img->prog, stop - img->ota_off);
			if ((r = ota__hs_run(hs, &img->rd, stop, &fail)) == OTA_OK)
				r = ota__prog_end(&img->prog);
			if (r == OTA_E_TRUNCATED)
				r = ota__image_seterr(img, r, fail, "input ends at offset %llu while "
				    "verifying", (unsigned long long)fail);
			else if (r != OTA_OK)
				r = ota__image_seterr(img, r, img->ota_off, "hashing the image: %s",
				    ota_strerror(r));
		}
	}
	if (r == OTA_OK && want_crc)
		r = check_crc(img, hs);
	if (r == OTA_OK && have_iic)
		r = check_iic(img, hs, idx);
	if (r == OTA_OK && sig_end != 0) {
		if ((d = ota__hs_mmo_at(hs, sig_end)) == NULL) {
			r = not_hashed(img, sig_end, "signature digest");
		} else {
			memcpy(img->sig_digest, d, 16);
			img->have_sig_digest = 1;
		}
	}
	if (r == OTA_OK && have_iic)
		r = ota__mmo_wrap_diag(&img->diags, iic_off - img->ota_off, img->ota_off + 52);
	if (r == OTA_OK && sig_end != 0)
		r = ota__mmo_wrap_diag(&img->diags, sig_end - img->ota_off, img->ota_off + 52);
	if (hs == &local)
		ota__hs_free(&local);
	return r;
}

/* Find the signature and certificate elements: exactly one suite, the
 * certificate of the same suite.  Sets sig_idx/cert_idx. */
static int
find_signature(struct ota_image *img)
{
	size_t i, n1 = 0, n2 = 0;
	const struct ota_suite_info *s;

	img->sig_idx = img->cert_idx = -1;
	for (i = 0; i < img->nel; i++) {
		uint16_t t = img->el[i].tag;

		if (t == OTA_TAG_SIGNATURE_SUITE1 || t == OTA_TAG_CERTIFICATE_SUITE1)
			n1++;
		if (t == OTA_TAG_SIGNATURE_SUITE2 || t == OTA_TAG_CERTIFICATE_SUITE2)
			n2++;
		if ((t == OTA_TAG_SIGNATURE_SUITE1 || t == OTA_TAG_SIGNATURE_SUITE2) && img->sig_idx < 0)
			img->sig_idx = (int)i;
	}
	if (n1 > 0 && n2 > 0)
		return ota__image_seterr(img, OTA_E_STRUCTURE, img->ota_off + img->h.header_length,
		    "elements of both crypto suites 1 and 2 (from offset %llu): one suite only",
		    (unsigned long long)(img->ota_off + img->h.header_length));
	if (img->sig_idx < 0) {
		if (n1 + n2 > 0)
			for (i = 0; i < img->nel; i++)
				if (ota__suite_by_tag(img->el[i].tag) != NULL)
					return ota__image_seterr(img, OTA_E_STRUCTURE, img->el[i].off,
					    "certificate at offset %llu without a signature",
					    (unsigned long long)img->el[i].off);
		img->sig = OTA_SIG_ABSENT;
		return OTA_OK;
	}
	s = ota__suite_by_tag(img->el[img->sig_idx].tag);
	if (n1 + n2 != 2)
		return ota__image_seterr(img, OTA_E_STRUCTURE, img->el[img->sig_idx].off,
		    "a signed image has exactly one certificate and one signature (signature at "
		    "offset %llu)", (unsigned long long)img->el[img->sig_idx].off);
	for (i = 0; i < img->nel; i++)
		if (img->el[i].tag == s->cert_tag)
			img->cert_idx = (int)i;
	if (img->cert_idx < 0)
		return ota__image_seterr(img, OTA_E_STRUCTURE, img->el[img->sig_idx].off,
		    "suite-%d signature at offset %llu has no certificate element", s->suite,
		    (unsigned long long)img->el[img->sig_idx].off);
	if (img->cert_idx > img->sig_idx)
		return ota__image_seterr(img, OTA_E_STRUCTURE, img->el[img->cert_idx].off,
		    "the certificate at offset %llu follows the signature",
		    (unsigned long long)img->el[img->cert_idx].off);
	img->sig = OTA_SIG_NOT_CHECKED;
	return OTA_OK;
}

/* Read the signature and certificate elements; note signer, subject, issuer. */
static int
read_signature(struct ota_image *img, uint8_t *sig, uint8_t *cert)
{
	const struct ota_elem *se = &img->el[img->sig_idx], *ce = &img->el[img->cert_idx];
	const struct ota_suite_info *s = ota__suite_by_tag(se->tag);
	uint64_t signer = 0;
	size_t got;
	int i, r;

	if ((r = ota__rd_pread(&img->rd, se->off + 6, sig, s->sig_len, &got)) != OTA_OK ||
	    got != s->sig_len ||
	    (r = ota__rd_pread(&img->rd, ce->off + 6, cert, s->cert_len, &got)) != OTA_OK ||
	    got != s->cert_len)
		return ota__image_seterr(img, r != OTA_OK ? r : OTA_E_TRUNCATED, se->off,
		    "cannot read the signature (element at offset %llu)", (unsigned long long)se->off);
	for (i = 7; i >= 0; i--) /* the signer IEEE is little-endian */
		signer = (signer << 8) | sig[i];
	img->sig_signer = signer;
	img->sig_subject = ota__be64(cert + s->subj_off);
	img->sig_issuer = ota__be64(cert + s->iss_off);
	img->have_sig_info = 1;
	return OTA_OK;
}

/* At open: who signed it, without checking anything (bounded reads). */
void
ota__signature_peek(struct ota_image *img)
{
	uint8_t sig[80], cert[OTA_CERT_MAX_LEN];
	char keep[OTA_MSG_LEN];
	uint64_t keepoff = img->erroff;

	memcpy(keep, img->errmsg, sizeof(keep));
	if (find_signature(img) != OTA_OK || img->sig_idx < 0 ||
	    img->el[img->sig_idx].len != ota__suite_by_tag(img->el[img->sig_idx].tag)->sig_len ||
	    img->el[img->cert_idx].len != ota__suite_by_tag(img->el[img->sig_idx].tag)->cert_len ||
	    read_signature(img, sig, cert) != OTA_OK)
		img->have_sig_info = 0;
	memcpy(img->errmsg, keep, sizeof(keep)); /* verify reports problems, not open */
	img->erroff = keepoff;
}

/* The issuer as hex, and as text when it is 8 printable characters. */
static void
issuer_text(char *buf, size_t len, uint64_t issuer)
{
	char c[9];
	int i, printable = 1;

	for (i = 0; i < 8; i++) {
		c[i] = (char)(issuer >> (56 - 8 * i));
		printable &= c[i] >= 0x20 && c[i] <= 0x7e && c[i] != '"';
	}
	c[8] = '\0';
	if (printable)
		(void)snprintf(buf, len, "%016llX \"%s\"", (unsigned long long)issuer, c);
	else
		(void)snprintf(buf, len, "%016llX", (unsigned long long)issuer);
}

/* Policy and the ECDSA check, against the trust's CA keys for the suite:
 * any one of them may verify. */
static int
check_signature(struct ota_image *img, const struct ota_trust *trust, unsigned flags)
{
	const struct ota_elem *se = &img->el[img->sig_idx], *ce = &img->el[img->cert_idx];
	const struct ota_suite_info *s = ota__suite_by_tag(se->tag);
	uint8_t sig[80], cert[OTA_CERT_MAX_LEN], q[64];
	const uint8_t *ca;
	uint64_t signer, subject, issuer, rs_off = se->off + 6 + 8;
	size_t calen, qlen, i, n;
	char iss[40];
	int r, which = 0;

	if ((r = read_signature(img, sig, cert)) != OTA_OK)
		return r;
	signer = img->sig_signer;
	subject = img->sig_subject;
	issuer = img->sig_issuer;
	issuer_text(iss, sizeof(iss), issuer);
	if ((r = ota__rs_check(s->nid, sig + 8, sig + 8 + s->rs_len, s->rs_len)) != OTA_OK) {
		img->sig = r == OTA_E_BAD_SIGNATURE ? OTA_SIG_INVALID : img->sig;
		return ota__image_seterr(img, r, rs_off,
		    "suite-%d signature (r||s at offset %llu) is impossible: r or s is zero or not "
		    "below the %s order", s->suite, (unsigned long long)rs_off, s->group);
	}
	if (signer != subject)
		return ota__image_seterr(img, OTA_E_POLICY, se->off + 6,
		    "signer %016llX in the signature at offset %llu is not %016llX, the certificate "
		    "subject", (unsigned long long)signer, (unsigned long long)(se->off + 6),
		    (unsigned long long)subject);
	if (!ota__trust_allows(trust, issuer, signer, &which))
		return ota__image_seterr(img, OTA_E_POLICY, which ? se->off + 6 : ce->off + 6 + s->iss_off,
		    which ? "signer %016llX (offset %llu) is not on the allowed list" :
		    "issuer %016llX (offset %llu) is not on the allowed list",
		    (unsigned long long)(which ? signer : issuer),
		    (unsigned long long)(which ? se->off + 6 : ce->off + 6 + s->iss_off));
	if ((n = ota__trust_ca_count(trust, s->suite)) == 0) {
		img->sig = OTA_SIG_NOT_CHECKED;
		if (ota__trust_required(trust) || (flags & OTA_VERIFY_REQUIRE_SIGNATURE) ||
		    !(flags & OTA_VERIFY_ALLOW_UNCHECKED))
			return ota__image_seterr(img, OTA_E_SIG_UNCHECKED, se->off,
			    "suite-%d signature at offset %llu not checked: no trusted CA key for "
			    "suite %d; it needs the CA key of issuer %s", s->suite,
			    (unsigned long long)se->off, s->suite, iss);
		return OTA_OK;
	}
	for (i = 0; i < n; i++) {
		ca = ota__trust_ca_at(trust, s->suite, i, &calen);
		qlen = sizeof(q);
		if ((r = ota__ecqv_reconstruct(&img->env, s, cert, ca, calen, q, &qlen)) != OTA_OK)
			return ota__image_seterr(img, r, ce->off + 6,
			    "cannot reconstruct the signer's key from the certificate at offset %llu: %s",
			    (unsigned long long)(ce->off + 6), ota_strerror(r));
		r = ota__ecdsa_verify(&img->env, s, q, qlen, img->sig_digest, sig + 8, sig + 8 + s->rs_len);
		if (r == OTA_OK) {
			img->sig = OTA_SIG_VALID;
			return OTA_OK;
		}
		if (r != OTA_E_BAD_SIGNATURE)
			return ota__image_seterr(img, r, rs_off, "ECDSA verification failed");
	}
	img->sig = OTA_SIG_INVALID;
	return ota__image_seterr(img, OTA_E_BAD_SIGNATURE, rs_off,
	    "suite-%d signature (r||s at offset %llu) does not verify under the certificate at "
	    "offset %llu (issuer %s) and any of the %zu trusted suite-%d CA key%s", s->suite,
	    (unsigned long long)rs_off, (unsigned long long)ce->off, iss, n, s->suite,
	    n == 1 ? "" : "s");
}

/* A caller who named an anchor expects a signature of its kind. */
static int
check_named(struct ota_image *img, const struct ota_trust *trust)
{
	unsigned named = ota__trust_named(trust), kind = 0;
	uint64_t at = img->ota_off;

	if (named == 0)
		return OTA_OK;
	if (img->walk == OTA_WALK_FAILED && (named & OTA__NAMED_GBCS) != 0)
		return ota__image_seterr(img, OTA_E_UNSIGNED, img->ota_off + img->h.header_length,
		    "the bytes from offset %llu are neither sub-elements nor a Manufacturer Image "
		    "followed by a GBCS supplier trailer (length 64, then r||s): a GBCS upgrade image "
		    "whose trailer is missing or has a wrong length carries no supplier signature",
		    (unsigned long long)(img->ota_off + img->h.header_length));
	if (img->walk == OTA_WALK_GBCS && img->gbcs_trailer != 0) {
		kind = OTA__NAMED_GBCS;
		at = img->gbcs_trailer;
	} else if (img->walk != OTA_WALK_GBCS && img->sig_idx >= 0) {
		kind = 1u << ota__suite_by_tag(img->el[img->sig_idx].tag)->suite;
		at = img->el[img->sig_idx].off;
	}
	if ((named & kind) != 0 && !(kind == OTA__NAMED_GBCS && ota__trust_lists(trust)))
		return OTA_OK;
	if (kind == OTA__NAMED_GBCS && ota__trust_lists(trust))
		return ota__image_seterr(img, OTA_E_UNSIGNED, at, "the image carries a GBCS supplier "
		    "signature, but issuer and signer allow-lists check Smart Energy signatures only");
	img->sig = kind == 0 ? OTA_SIG_ABSENT : OTA_SIG_NOT_CHECKED;
	return ota__image_seterr(img, OTA_E_UNSIGNED, at,
	    "%s%s, but the trust anchors and allow-lists named check only:%s%s%s", kind == 0 ?
	    "the image is not signed" : kind == OTA__NAMED_GBCS ?
	    "the image carries a GBCS supplier signature" : kind == 2u ?
	    "the image carries a suite-1 signature" : "the image carries a suite-2 signature",
	    kind == 0 && img->walk == OTA_WALK_GBCS ? " (no GBCS supplier trailer of length 64)" :
	    kind == 0 ? " (no signature element)" : " at this offset",
	    (named & 2u) ? " suite-1 signatures" : "", (named & 4u) ? " suite-2 signatures" : "",
	    (named & OTA__NAMED_GBCS) ? " GBCS supplier signatures" : "");
}

/* Say once that nothing protects an unsigned image without an integrity code. */
static int
note_unprotected(struct ota_image *img)
{
	size_t i;

	for (i = 0; i < img->diags.n; i++)
		if (img->diags.v[i].code == OTA_D_UNPROTECTED)
			return OTA_OK;
	return ota__diag_add(&img->diags, OTA_D_UNPROTECTED, img->ota_off,
	    "the image at offset %llu has no integrity code and no signature: nothing protects "
	    "its content against change", (unsigned long long)img->ota_off);
}

/* The first diagnostic at or above min severity fails verification. */
static int
first_diag(struct ota_image *img, enum ota_severity min)
{
	size_t i;

	for (i = 0; i < img->diags.n; i++) {
		const struct ota_diagrec *d = &img->diags.v[i];

		char at[32];

		if (ota_diag_severity(d->code) < min)
			continue;
		/* the message names the offset; say it where the text does not */
		(void)snprintf(at, sizeof(at), "%llu", (unsigned long long)d->offset);
		if (strstr(d->msg, at) != NULL)
			return ota__image_seterr(img, ota__diag_err(d->code), d->offset, "%s", d->msg);
		return ota__image_seterr(img, ota__diag_err(d->code), d->offset, "at offset %s: %s",
		    at, d->msg);
	}
	return OTA_OK;
}

int
ota_image_verify(struct ota_image *img, unsigned flags)
{
	return ota_image_verify_trust(img, NULL, flags);
}

/* Structure, integrity code and the signature digest; no signature check. */
int
ota__image_verify_structure(struct ota_image *img)
{
	int r;

	if ((r = ota__image_check(img, 1, OTA_E_STATE, 1, __func__, "")) != OTA_OK)
		return r;
	if (img->header_only)
		return ota__image_seterr(img, OTA_E_PARTIAL, img->ota_off,
		    "the image at offset %llu was opened with its header only (OTA_OPEN_HEADER_ONLY): "
		    "nothing after the header was read", (unsigned long long)img->ota_off);
	if (img->truncated)
		return ota__image_seterr(img, OTA_E_TRUNCATED, img->trunc_at,
		    "the input ends at %llu of %llu: the image is truncated",
		    (unsigned long long)img->trunc_at, (unsigned long long)img->trunc_expect);
	/* Structure first: a digest means nothing over a broken layout. */
	if ((r = first_diag(img, OTA_SEV_ERROR)) != OTA_OK)
		return r;
	if ((r = find_signature(img)) != OTA_OK)
		return r;
	if (!img->verified) {
		img->verify_result = hash_pass(img);
		img->verified = img->verify_result != OTA_E_CANCELLED; /* may run again */
	}
	return img->verify_result;
}

int
ota_image_verify_trust(struct ota_image *img, const struct ota_trust *trust, unsigned flags)
{
	int r, protect;

	if ((r = ota__image_check(img, 1, OTA_E_STATE, (flags & ~(OTA_VERIFY_STRICT |
	    OTA_VERIFY_CHECK_TIME | OTA_GBCS_COVER_IMAGE | OTA_VERIFY_ALLOW_UNCHECKED |
	    OTA_VERIFY_REQUIRE_INTEGRITY | OTA_VERIFY_REQUIRE_SIGNATURE)) == 0, "ota_image_verify",
	    "unknown flags")) != OTA_OK)
		return r;
	/* a named supplier anchor and an unrecognised layout: say what is
	 * missing before the structure check says why the walk failed */
	if (img->walk == OTA_WALK_FAILED && (r = check_named(img, trust)) != OTA_OK)
		return r;
	if ((r = ota__image_verify_structure(img)) != OTA_OK)
		return r;
	if ((r = check_named(img, trust)) != OTA_OK)
		return r;
	if (img->walk == OTA_WALK_GBCS) {
		if ((r = ota__gbcs_verify_sig(img, trust, flags)) != OTA_OK)
			return r;
	} else if (img->sig_idx >= 0 && (r = check_signature(img, trust, flags)) != OTA_OK) {
		return r;
	}
	if (img->sig == OTA_SIG_ABSENT && (ota__trust_required(trust) ||
	    (flags & OTA_VERIFY_REQUIRE_SIGNATURE)))
		return ota__image_seterr(img, OTA_E_UNSIGNED, img->ota_off,
		    "a signature is required, and the image at offset %llu is not signed",
		    (unsigned long long)img->ota_off);
	protect = img->iic == OTA_IIC_MATCH || img->iic == OTA_IIC_MATCH_VENDOR ||
	    img->sig == OTA_SIG_VALID;
	if (!protect && img->sig == OTA_SIG_ABSENT && (r = note_unprotected(img)) != OTA_OK)
		return r;
	if (!protect && (flags & OTA_VERIFY_REQUIRE_INTEGRITY))
		return ota__image_seterr(img, OTA_E_UNPROTECTED, img->ota_off,
		    "nothing protects the image at offset %llu: no integrity code%s", (unsigned long long)
		    img->ota_off, img->sig == OTA_SIG_ABSENT ? " and no signature" :
		    " and its signature was not checked");
	if (!(flags & OTA_VERIFY_STRICT))
		return OTA_OK;
	if ((r = first_diag(img, OTA_SEV_WARNING)) != OTA_OK)
		return r;
	if (img->sig == OTA_SIG_NOT_CHECKED) {
		uint64_t at = img->walk == OTA_WALK_GBCS ? img->gbcs_trailer :
		    img->el[img->sig_idx].off;

		return ota__image_seterr(img, OTA_E_SIG_UNCHECKED, at,
		    "strict: the signature at offset %llu was not checked (no key to check it)",
		    (unsigned long long)at);
	}
	return OTA_OK;
}

int
ota_image_iic_stored(const struct ota_image *img, uint8_t out[16])
{
	if (img == NULL || out == NULL || img->state != 1)
		return OTA_E_INVAL;
	if (img->iic == OTA_IIC_ABSENT || img->iic == OTA_IIC_NOT_CHECKED)
		return OTA_E_NOT_FOUND;
	memcpy(out, img->iic_stored, 16);
	return OTA_OK;
}

int
ota_image_iic_computed(const struct ota_image *img, uint8_t out[16])
{
	if (img == NULL || out == NULL || img->state != 1)
		return OTA_E_INVAL;
	if (img->iic == OTA_IIC_ABSENT || img->iic == OTA_IIC_NOT_CHECKED)
		return OTA_E_NOT_FOUND;
	memcpy(out, img->iic_computed, 16);
	return OTA_OK;
}

enum ota_sig_result
ota_image_sig_result(const struct ota_image *img)
{
	return img != NULL && img->state == 1 ? img->sig : OTA_SIG_ABSENT;
}

int
ota_image_signature_info(const struct ota_image *img, int *suite, uint64_t *signer,
    uint64_t *subject, uint64_t *issuer)
{
	if (img == NULL || img->state != 1)
		return OTA_E_INVAL;
	if (!img->have_sig_info)
		return OTA_E_NOT_FOUND;
	if (suite != NULL)
		*suite = ota__suite_by_tag(img->el[img->sig_idx].tag)->suite;
	if (signer != NULL)
		*signer = img->sig_signer;
	if (subject != NULL)
		*subject = img->sig_subject;
	if (issuer != NULL)
		*issuer = img->sig_issuer;
	return OTA_OK;
}

int
ota_image_signature_digest(const struct ota_image *img, uint8_t out[16])
{
	if (img == NULL || out == NULL || img->state != 1)
		return OTA_E_INVAL;
	if (!img->have_sig_digest)
		return OTA_E_NOT_FOUND;
	memcpy(out, img->sig_digest, 16);
	return OTA_OK;
}
