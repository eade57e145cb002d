/*
 * edit.c - rewrite the header fields of a Zigbee OTA image (otaimg edit):
 * one streaming pass, every element copied byte for byte, the integrity
 * code recomputed, a signature re-made (sign.c) or left out on request.
 */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "ota_private.h"

#define EDIT_FIELDS (OTA_EDIT_HEADER_VERSION | OTA_EDIT_MANUFACTURER | OTA_EDIT_IMAGE_TYPE | \
	OTA_EDIT_FILE_VERSION | OTA_EDIT_STACK_VERSION | OTA_EDIT_HEADER_STRING | \
	OTA_EDIT_SECURITY_CREDENTIAL | OTA_EDIT_NO_SECURITY_CREDENTIAL | OTA_EDIT_DESTINATION | \
	OTA_EDIT_NO_DESTINATION | OTA_EDIT_HW_VERSIONS | OTA_EDIT_NO_HW_VERSIONS)
#define EDIT_FLAGS (OTA_EDIT_DROP_SIGNATURE | OTA_SIGN_STRICT | OTA_SIGN_NO_KEY_CHECK)

static int
is_sig_tag(uint16_t t)
{
	return t == OTA_TAG_SIGNATURE_SUITE1 || t == OTA_TAG_CERTIFICATE_SUITE1 ||
	    t == OTA_TAG_SIGNATURE_SUITE2 || t == OTA_TAG_CERTIFICATE_SUITE2;
}

/* The new header's values and field control, from the image's and e. */
static uint16_t
new_fields(const struct ota_image *img, const struct ota_header_edit *e, struct ota_hdr *h)
{
	uint16_t fc = img->h.fc;

	*h = img->h;
	if (e->set & OTA_EDIT_HEADER_VERSION)
		h->header_version = e->header_version;
	if (e->set & OTA_EDIT_MANUFACTURER)
		h->manufacturer_code = e->manufacturer_code;
	if (e->set & OTA_EDIT_IMAGE_TYPE)
		h->image_type = e->image_type;
	if (e->set & OTA_EDIT_FILE_VERSION)
		h->file_version = e->file_version;
	if (e->set & OTA_EDIT_STACK_VERSION)
		h->stack_version = e->stack_version;
	if (e->set & OTA_EDIT_HEADER_STRING)
		memcpy(h->header_string, e->header_string, OTA_HEADER_STRING_LEN);
	if (e->set & OTA_EDIT_SECURITY_CREDENTIAL) {
		h->security_credential = e->security_credential;
		fc |= OTA_FC_SECURITY_CREDENTIAL;
	}
	if (e->set & OTA_EDIT_NO_SECURITY_CREDENTIAL)
		fc &= (uint16_t)~OTA_FC_SECURITY_CREDENTIAL;
	if (e->set & OTA_EDIT_DESTINATION) {
		h->destination = e->destination;
		fc |= OTA_FC_DESTINATION;
	}
	if (e->set & OTA_EDIT_NO_DESTINATION)
		fc &= (uint16_t)~OTA_FC_DESTINATION;
	if (e->set & OTA_EDIT_HW_VERSIONS) {
		h->hw_min = e->hw_min;
		h->hw_max = e->hw_max;
		fc |= OTA_FC_HW_VERSIONS;
	}
	if (e->set & OTA_EDIT_NO_HW_VERSIONS)
		fc &= (uint16_t)~OTA_FC_HW_VERSIONS;
	return fc;
}

/* What the edit refuses before anything is written. */
static int
edit_checks(struct ota_image *img, const struct ota_header_edit *e, const uint8_t *cert,
    unsigned flags, int *signed_)
{
	unsigned both = e->set & (e->set >> 1) & (OTA_EDIT_SECURITY_CREDENTIAL |
	    OTA_EDIT_DESTINATION | OTA_EDIT_HW_VERSIONS);
	size_t i;
	int r;

	if ((r = ota__image_whole(img, "ota_image_edit")) != OTA_OK)
		return r;
	if (both != 0 || ((e->set & OTA_EDIT_HW_VERSIONS) && e->hw_min > e->hw_max))
		return ota__image_seterr(img, OTA_E_INVAL, 0, both != 0 ? "ota_image_edit: an "
		    "optional field both set and removed" : "ota_image_edit: minimum hardware "
		    "version 0x%04X above the maximum 0x%04X", e->hw_min, e->hw_max);
	if (cert != NULL && (flags & OTA_EDIT_DROP_SIGNATURE))
		return ota__image_seterr(img, OTA_E_INVAL, 0, "ota_image_edit: re-sign or drop the "
		    "signature, not both");
	if (img->container != OTA_CONTAINER_NONE)
		return ota__image_seterr(img, OTA_E_UNSUPPORTED, img->ota_off, "the OTA image starts "
		    "at offset %llu inside a %s container: edit the OTA image itself (extract it) "
		    "and wrap it again; nothing written", (unsigned long long)img->ota_off,
		    ota_container_name(img->container));
	if (img->trailer_len > 0 && img->trailer != OTA_TRAILER_FF_PADDING)
		return ota__image_seterr(img, OTA_E_UNSUPPORTED, img->ota_off + img->h.total_image_size,
		    "%llu bytes (%s) follow the image at offset %llu: they may depend on the header; "
		    "nothing written", (unsigned long long)img->trailer_len,
		    ota_trailer_kind_name(img->trailer),
		    (unsigned long long)(img->ota_off + img->h.total_image_size));
	if (img->rd.fwd)
		return ota__image_seterr(img, OTA_E_UNSUPPORTED, 0, "editing reads the image twice: "
		    "open a file, not a pipe");
	if (img->h.header_length < ota__header_len_for_fc(img->h.fc))
		return ota__image_seterr(img, OTA_E_HEADER_LENGTH, img->ota_off + 6,
		    "header_length %u is shorter than the %u bytes the field control 0x%04X names",
		    img->h.header_length, ota__header_len_for_fc(img->h.fc), img->h.fc);
	*signed_ = img->walk == OTA_WALK_GBCS && img->gbcs_trailer != 0;
	for (i = 0; i < img->nel; i++) {
		if (is_sig_tag(img->el[i].tag))
			*signed_ = 1;
		if (img->el[i].tag == OTA_TAG_INTEGRITY_CODE && i + 1 != img->nel)
			return ota__image_seterr(img, OTA_E_STRUCTURE, img->el[i].off, "the integrity "
			    "code at offset %llu is not the last element; nothing written",
			    (unsigned long long)img->el[i].off);
	}
	if (*signed_ && cert == NULL && !(flags & OTA_EDIT_DROP_SIGNATURE))
		return ota__image_seterr(img, OTA_E_SIGNED, img->walk == OTA_WALK_GBCS ?
		    img->gbcs_trailer : img->el[img->nel - 1].off, "the image is signed (%s): "
		    "a new header breaks the signature; %s; nothing written",
		    img->walk == OTA_WALK_GBCS ? "GBCS supplier signature" : "Smart Energy ECDSA",
		    img->walk == OTA_WALK_GBCS ? "drop it, then sign the result as a GBCS image" :
		    "re-sign it (key and certificate) or drop it");
	if (cert != NULL && img->walk == OTA_WALK_GBCS)
		return ota__image_seterr(img, OTA_E_UNSUPPORTED, 0, "a GBCS image is re-signed with "
		    "ota_image_sign_gbcs after the edit (drop its signature first)");
	return OTA_OK;
}

static int
wr_err(struct ota_image *img, struct ota_hashout *o, int r, uint64_t off)
{
	if (o->err != OTA_OK || r == OTA_E_IO)
		return ota__image_seterr(img, o->err != OTA_OK ? o->err : OTA_E_IO, off,
		    "writing the edited image failed");
	return ota__image_seterr(img, r, off, "reading the image at offset %llu: %s",
	    (unsigned long long)off, ota_strerror(r));
}

/* Unsigned, or with the signature dropped: header, kept bytes, and a new
 * integrity code when the image had one. */
static int
edit_plain(struct ota_image *img, struct ota__newhdr *nh, uint64_t body_off, uint64_t body_len,
    ota_write_fn fn, void *ctx, uint32_t *total_out)
{
	struct ota_hashout o = { fn, ctx, NULL, OTA_OK };
	struct ota_mmo mmo = { 0 };
	uint8_t code[6 + 16];
	uint64_t total = nh->len + nh->extra_len + body_len;
	int iic = 0, r;
	size_t i;

	for (i = 0; i < img->nel; i++)
		if (is_sig_tag(img->el[i].tag))
			total -= img->el[i].hdr + (uint64_t)img->el[i].len;
		else if (img->el[i].tag == OTA_TAG_INTEGRITY_CODE)
			iic = 1; /* the last element: its bytes are made anew */
	if (total > UINT32_MAX)
		return ota__image_seterr(img, OTA_E_RANGE, img->ota_off + 52, "the edited image of "
		    "%llu bytes is too large for total_image_size", (unsigned long long)total);
	ota__put_u32le(nh->b + 52, (uint32_t)total);
	if (iic) {
		if ((r = ota__mmo_setup_env(&mmo, &img->env)) != OTA_OK ||
		    (r = ota_mmo_init(&mmo)) != OTA_OK)
			goto out;
		o.mmo = &mmo;
	}
	ota__prog_start(&img->prog, total);
	if (ota__hashout(&o, nh->b, nh->len) != 0) {
		r = wr_err(img, &o, OTA_E_IO, 0);
		goto out;
	}
	if ((r = ota__copy_range(&img->rd, nh->extra_off, nh->extra_len, ota__hashout, &o)) !=
	    OTA_OK) {
		r = wr_err(img, &o, r, nh->extra_off);
		goto out;
	}
	if (img->nel == 0 || img->walk == OTA_WALK_GBCS) {
		/* a raw payload or a Manufacturer Image: one range */
		if ((r = ota__copy_range(&img->rd, body_off, body_len, ota__hashout, &o)) != OTA_OK)
			r = wr_err(img, &o, r, body_off);
		goto end;
	}
	for (i = 0; i < img->nel; i++) {
		const struct ota_elem *el = &img->el[i];

		if (is_sig_tag(el->tag))
			continue;
		if (el->tag == OTA_TAG_INTEGRITY_CODE) {
			ota__put_u16le(code, OTA_TAG_INTEGRITY_CODE);
			ota__put_u32le(code + 2, 16);
			if ((r = ota_mmo_final(&mmo, code + 6)) != OTA_OK)
				goto out;
			o.mmo = NULL;
			if (ota__hashout(&o, code, sizeof(code)) != 0) {
				r = wr_err(img, &o, OTA_E_IO, el->off);
				goto out;
			}
			continue;
		}
		if ((r = ota__copy_range(&img->rd, el->off, el->hdr + (uint64_t)el->len,
		    ota__hashout, &o)) != OTA_OK) {
			r = wr_err(img, &o, r, el->off);
			goto out;
		}
	}
end:
	if (r == OTA_OK && (r = ota__prog_end(&img->prog)) != OTA_OK)
		r = ota__image_seterr(img, r, 0, "cancelled");
	if (r == OTA_OK)
		*total_out = (uint32_t)total;
out:
	if (iic)
		ota__mmo_teardown(&mmo);
	return r;
}

int
ota_image_edit(struct ota_image *img, struct ota_header_edit *e, const struct ota_key *key,
    const uint8_t *cert, size_t certlen, unsigned flags, ota_write_fn fn, void *ctx)
{
	struct ota__newhdr nh;
	struct ota_hdr h;
	uint64_t known, body_off, body_len, hl;
	uint32_t total = 0;
	uint16_t fc;
	int signed_ = 0, r;

	if ((r = ota__image_check(img, 1, OTA_E_STATE, e != NULL && fn != NULL &&
	    (e->set & ~EDIT_FIELDS) == 0 && (flags & ~EDIT_FLAGS) == 0, "ota_image_edit",
	    "NULL edit or write function, or unknown fields or flags")) != OTA_OK)
		return r;
	if (e == NULL || fn == NULL) /* refused above; said again for the analyzer */
		return OTA_E_INVAL;
	if ((r = edit_checks(img, e, cert, flags, &signed_)) != OTA_OK)
		return r;
	fc = new_fields(img, e, &h);
	/* header bytes past the known fields (a later header version's) are kept */
	known = ota__header_len_for_fc(img->h.fc);
	nh.extra_off = img->ota_off + known;
	nh.extra_len = img->h.header_length - known;
	hl = ota__header_len_for_fc(fc) + nh.extra_len;
	if (hl > UINT16_MAX)
		return ota__image_seterr(img, OTA_E_RANGE, img->ota_off + 6, "a header of %llu bytes "
		    "is too long for header_length", (unsigned long long)hl);
	nh.len = ota__header_encode(&h, fc, (uint16_t)hl, 0, nh.b);
	body_off = img->ota_off + img->h.header_length;
	body_len = img->h.total_image_size - (uint64_t)img->h.header_length;
	if (img->walk == OTA_WALK_GBCS && img->gbcs_trailer != 0)
		body_len = img->gbcs_trailer - body_off; /* dropped: checked above */
	if (cert != NULL) { /* signed, or to be signed */
		if ((r = ota__image_sign_hdr(img, &nh, key, cert, certlen, flags &
		    (OTA_SIGN_STRICT | OTA_SIGN_NO_KEY_CHECK), NULL, fn, ctx)) != OTA_OK)
			return r;
		total = (uint32_t)(nh.b[52] | (uint32_t)nh.b[53] << 8 | (uint32_t)nh.b[54] << 16 |
		    (uint32_t)nh.b[55] << 24);
	} else if ((r = edit_plain(img, &nh, body_off, body_len, fn, ctx, &total)) != OTA_OK)
		return r;
	/* 0xFF padding after the image (the flash page's): kept as it is */
	if (img->trailer_len > 0 && (r = ota__copy_range(&img->rd, img->ota_off +
	    img->h.total_image_size, img->trailer_len, fn, ctx)) != OTA_OK)
		return ota__image_seterr(img, r, img->ota_off + img->h.total_image_size,
		    "copying the padding after the image failed");
	e->new_header_length = (uint16_t)hl;
	e->new_field_control = fc;
	e->new_total_image_size = total;
	return OTA_OK;
}

int
ota_image_edit_path(struct ota_image *img, struct ota_header_edit *e, const struct ota_key *key,
    const uint8_t *cert, size_t certlen, unsigned flags, const char *path)
{
	struct ota_atomic a;
	int r;

	if ((r = ota__image_check(img, 1, OTA_E_STATE, path != NULL && e != NULL,
	    "ota_image_edit_path", "NULL path or edit")) != OTA_OK)
		return r;
	if ((r = ota__atomic_open(&a, path)) != OTA_OK)
		return ota__image_seterr(img, r, 0, "cannot create a file beside %s: %s", path,
		    strerror(errno));
	if ((r = ota_image_edit(img, e, key, cert, certlen, flags, ota__atomic_write, &a)) !=
	    OTA_OK) {
		ota__atomic_abort(&a);
		return r;
	}
	if ((r = ota__atomic_commit(&a)) != OTA_OK)
		return ota__image_seterr(img, r, 0, "cannot write %s: %s", path, strerror(errno));
	return OTA_OK;
}
