/* archive_check.c - the cross-checks of a firmware archive: what a
 * Distributor and a Target will compare (sizes, versions, FWID,
 * composition hash and its vendor-model order, Zephyr's limits, the
 * MCUboot hash and signature). */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "archive_private.h"

void
ota__ar_check_add(struct ota_mesh_archive *a, const char *name, enum ota_check res, int err,
    const char *fmt, ...)
{
	struct ota_ar_check *c;
	va_list ap;

	if (a->nchk >= OTA_AR_CHECKS)
		return;
	c = &a->chk[a->nchk++];
	(void)snprintf(c->name, sizeof(c->name), "%s", name);
	c->res = res;
	c->err = err;
	va_start(ap, fmt);
	ota__vformat(c->msg, sizeof(c->msg), fmt, ap);
	va_end(ap);
}

/* A message built from parts. */
struct msg {
	char b[OTA_MSG_LEN];
	size_t n;
};

static void msg_add(struct msg *m, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void
msg_add(struct msg *m, const char *fmt, ...)
{
	va_list ap;
	int k;

	if (m->n >= sizeof(m->b) - 1)
		return;
	va_start(ap, fmt);
	k = vsnprintf(m->b + m->n, sizeof(m->b) - m->n, fmt, ap);
	va_end(ap);
	if (k > 0)
		m->n += (size_t)k < sizeof(m->b) - m->n ? (size_t)k : sizeof(m->b) - 1 - m->n;
}

static void
name_for(char *out, size_t len, const char *base, const struct ota_mesh_archive *a, size_t i)
{
	if (a->nmd > 1)
		(void)snprintf(out, len, "%s[%zu]", base, i);
	else
		(void)snprintf(out, len, "%s", base);
}

static const struct ota_mcuboot *
mcu(const struct ota_mesh_archive *a)
{
	return a->image >= 0 ? a->ent[a->image].mcu : NULL;
}

static void
check_size(struct ota_mesh_archive *a, size_t i)
{
	const struct ota_ar_md *m = i < a->nmd ? &a->md[i] : NULL;
	uint64_t ref = a->ent[a->image].size, signed_size;
	struct msg bad, all;
	char name[32];
	int fail = 0, warn = 0;

	memset(&bad, 0, sizeof(bad));
	memset(&all, 0, sizeof(all));
	name_for(name, sizeof(name), "image-size", a, i);
	msg_add(&all, "image entry");
	if (m != NULL && m->kind == OTA_MESH_MD_KIND_ZEPHYR) {
		uint64_t v = ota_mesh_md_fw_size(m->md);

		msg_add(&all, ", metadata fw_size");
		if (v != ref) {
			fail = 1;
			msg_add(&bad, "%smetadata fw_size %llu vs image entry %llu", bad.n ? "; " : "",
			    (unsigned long long)v, (unsigned long long)ref);
		}
	}
	if (m != NULL && m->has_size) {
		msg_add(&all, ", binary_size");
		if (m->size != ref) {
			fail = 1;
			msg_add(&bad, "%sbinary_size %llu vs image entry %llu", bad.n ? "; " : "",
			    (unsigned long long)m->size, (unsigned long long)ref);
		}
	}
	if (a->has_msize) {
		msg_add(&all, ", manifest size");
		if (a->msize != ref) {
			fail = 1;
			msg_add(&bad, "%smanifest size %llu vs image entry %llu", bad.n ? "; " : "",
			    (unsigned long long)a->msize, (unsigned long long)ref);
		}
	}
	if (mcu(a) != NULL && (signed_size = ota_mcuboot_signed_size(mcu(a))) != ref) {
		warn = 1;
		msg_add(&bad, "%sthe MCUboot image ends at %llu, %llu bytes before the entry does",
		    bad.n ? "; " : "", (unsigned long long)signed_size,
		    (unsigned long long)(ref - signed_size));
	}
	if (fail || warn)
		ota__ar_check_add(a, name, fail ? OTA_CHECK_FAIL : OTA_CHECK_WARN, OTA_E_ARCHIVE_CHECK,
		    "%s", bad.b);
	else
		ota__ar_check_add(a, name, OTA_CHECK_PASS, OTA_OK, "%llu bytes: %s",
		    (unsigned long long)ref, all.b);
}

static void
vtext(const struct ota_fw_version *v, char *b, size_t n)
{
	(void)ota_fw_version_format(v, b, n);
}

static void
check_version(struct ota_mesh_archive *a, size_t i)
{
	const struct ota_ar_md *m = i < a->nmd ? &a->md[i] : NULL;
	struct ota_fw_version src[5], ref;
	const char *label[5], *reflabel;
	const uint8_t *fw = NULL;
	size_t fwlen = 0, n = 0, k;
	struct msg bad, all;
	char name[32], t1[40], t2[40];

	memset(&bad, 0, sizeof(bad));
	memset(&all, 0, sizeof(all));
	name_for(name, sizeof(name), "version", a, i);
	if (mcu(a) != NULL && ota_mcuboot_version(mcu(a), &src[n]) == OTA_OK)
		label[n++] = "MCUboot";
	if (m != NULL && m->kind == OTA_MESH_MD_KIND_ZEPHYR &&
	    ota_mesh_md_version(m->md, &src[n]) == OTA_OK)
		label[n++] = "metadata";
	if (m != NULL && m->has_ver) {
		src[n] = m->ver;
		label[n++] = "sign_version";
	}
	if (a->has_mver) {
		src[n] = a->mver;
		label[n++] = "manifest version_MCUBOOT";
	}
	if (m != NULL && m->fwid_len > 0) {
		fw = m->fwid;
		fwlen = m->fwid_len;
	} else if (a->fwid_len > 0) {
		fw = a->fwid;
		fwlen = a->fwid_len;
	}
	if (fw != NULL && ota_fwid_version(fw, fwlen, &src[n]) == OTA_OK) {
		/* 8 printable bytes that disagree: a text version ("FW:1.3.5"), not MCUboot's */
		size_t k2;
		int text = 1;

		for (k2 = 2; k2 < fwlen; k2++)
			text = text && fw[k2] >= 0x20 && fw[k2] < 0x7f;
		if (!text || n == 0 || ota_fw_version_compare(&src[n], &src[0]) == 0)
			label[n++] = "FWID";
	}
	if (n < 2) {
		ota__ar_check_add(a, name, OTA_CHECK_SKIP, OTA_OK, "fewer than two versions to "
		    "compare");
		return;
	}
	ref = src[0];
	reflabel = label[0];
	vtext(&ref, t1, sizeof(t1));
	for (k = 1; k < n; k++) {
		msg_add(&all, "%s%s", k > 1 ? ", " : "", label[k]);
		if (ota_fw_version_compare(&src[k], &ref) != 0) {
			vtext(&src[k], t2, sizeof(t2));
			msg_add(&bad, "%s%s %s vs %s %s", bad.n ? "; " : "", label[k], t2, reflabel, t1);
		}
	}
	if (bad.n > 0)
		ota__ar_check_add(a, name, OTA_CHECK_FAIL, OTA_E_ARCHIVE_CHECK, "%s", bad.b);
	else
		ota__ar_check_add(a, name, OTA_CHECK_PASS, OTA_OK, "%s %s = %s", reflabel, t1, all.b);
}

static int
hash_of(const struct ota_mesh_comp *c, enum ota_mesh_vendor_order o, uint32_t *h)
{
	return c != NULL && ota_mesh_comp_hash(c, o, h) == OTA_OK;
}

static void
check_comp(struct ota_mesh_archive *a, size_t i)
{
	const struct ota_ar_md *m = &a->md[i];
	uint32_t mh = 0, dh = 0, fh = 0;
	uint16_t elems = 0;
	int have_m, have_c, have_d = 0, have_f = 0;
	char name[32], oname[32], ename[32];
	struct msg bad;

	memset(&bad, 0, sizeof(bad));
	name_for(name, sizeof(name), "composition-hash", a, i);
	name_for(oname, sizeof(oname), "vendor-order", a, i);
	name_for(ename, sizeof(ename), "elements", a, i);
	have_m = m->kind == OTA_MESH_MD_KIND_ZEPHYR && ota_mesh_md_comp(m->md, &mh, &elems) == OTA_OK;
	have_c = m->comp != NULL && m->kind != OTA_MESH_MD_KIND_COMPOSITION;
	if (have_c) {
		have_d = hash_of(m->comp, OTA_MESH_VENDOR_DEVICE, &dh);
		have_f = hash_of(m->comp, OTA_MESH_VENDOR_MODEL_FIRST, &fh);
	}
	if (!m->has_hash && !have_m) {
		ota__ar_check_add(a, name, OTA_CHECK_SKIP, OTA_OK, "no composition hash stored");
		ota__ar_check_add(a, oname, OTA_CHECK_SKIP, OTA_OK, "no composition hash stored");
	} else {
		uint32_t ref = have_m ? mh : m->hash;

		if (m->has_hash && have_m && m->hash != mh)
			msg_add(&bad, "ble_mesh_metadata.json composition_hash 0x%08x vs encoded "
			    "metadata 0x%08x", (unsigned)m->hash, (unsigned)mh);
		if (have_d && have_f && dh != ref && fh != ref)
			msg_add(&bad, "%scomposition_data hashes to 0x%08x (device order) or 0x%08x "
			    "(model-first), not the stored 0x%08x", bad.n ? "; " : "", (unsigned)dh,
			    (unsigned)fh, (unsigned)ref);
		if (bad.n > 0)
			ota__ar_check_add(a, name, OTA_CHECK_FAIL, OTA_E_ARCHIVE_CHECK, "%s", bad.b);
		else if (have_d)
			ota__ar_check_add(a, name, OTA_CHECK_PASS, OTA_OK, "0x%08x: %s%s%s",
			    (unsigned)ref, have_m ? "encoded metadata" : "", have_m && m->has_hash ?
			    " = JSON composition_hash" : m->has_hash ? "JSON composition_hash" : "",
			    " = recomputed from composition_data");
		else
			ota__ar_check_add(a, name, OTA_CHECK_PASS, OTA_OK, "0x%08x%s (no "
			    "composition_data to recompute it)", (unsigned)ref, have_m && m->has_hash ?
			    ": encoded metadata = JSON composition_hash" : "");
		/* which vendor-model order reproduces a stored hash */
		if (!have_d || !have_f)
			ota__ar_check_add(a, oname, OTA_CHECK_SKIP, OTA_OK, "no composition_data");
		else if (dh == fh && (dh == mh || dh == m->hash))
			ota__ar_check_add(a, oname, OTA_CHECK_PASS, OTA_OK, "no vendor models: both "
			    "orders give 0x%08x", (unsigned)dh);
		else if ((have_m && dh == mh) || (m->has_hash && dh == m->hash))
			ota__ar_check_add(a, oname, OTA_CHECK_PASS, OTA_OK, "the device order "
			    "(company, then model) reproduces 0x%08x", (unsigned)dh);
		else if ((have_m && fh == mh) || (m->has_hash && fh == m->hash))
			ota__ar_check_add(a, oname, OTA_CHECK_WARN, OTA_E_ARCHIVE_CHECK, "only the "
			    "model-first order (nRF Connect SDK mesh_dfu_metadata.py) reproduces "
			    "0x%08x; a Zephyr target hashing its own page 0 gets 0x%08x and would "
			    "see a composition change", (unsigned)fh, (unsigned)dh);
		else
			ota__ar_check_add(a, oname, OTA_CHECK_FAIL, OTA_E_ARCHIVE_CHECK, "neither "
			    "order reproduces a stored hash (device 0x%08x, model-first 0x%08x)",
			    (unsigned)dh, (unsigned)fh);
	}
	if (have_m && have_c) {
		size_t n = ota_mesh_comp_element_count(m->comp);

		if (n == elems)
			ota__ar_check_add(a, ename, OTA_CHECK_PASS, OTA_OK, "%u element%s",
			    (unsigned)elems, elems == 1 ? "" : "s");
		else
			ota__ar_check_add(a, ename, OTA_CHECK_FAIL, OTA_E_ARCHIVE_CHECK, "encoded "
			    "metadata says %u element%s, composition_data has %zu", (unsigned)elems,
			    elems == 1 ? "" : "s", n);
	}
	if (m->has_core && m->kind == OTA_MESH_MD_KIND_ZEPHYR) {
		char cname[32];

		name_for(cname, sizeof(cname), "core-type", a, i);
		if (m->core == ota_mesh_md_core_type(m->md))
			ota__ar_check_add(a, cname, OTA_CHECK_PASS, OTA_OK, "%u", m->core);
		else
			ota__ar_check_add(a, cname, OTA_CHECK_FAIL, OTA_E_ARCHIVE_CHECK, "JSON core_type "
			    "%u vs encoded metadata %u", m->core, ota_mesh_md_core_type(m->md));
	}
}

static void
check_fwid(struct ota_mesh_archive *a)
{
	const uint8_t *ref = NULL;
	size_t rlen = 0, i, n = 0;
	const char *rlabel = "";
	char h1[2 * OTA_FWID_MAX + 1], h2[2 * OTA_FWID_MAX + 1];
	struct msg bad;
	unsigned warn = 0;

	memset(&bad, 0, sizeof(bad));
	if (a->fwid_len > 0) {
		ref = a->fwid;
		rlen = a->fwid_len;
		rlabel = "manifest firmware_id";
		n++;
	}
	for (i = 0; i < a->nmd; i++) {
		if (a->md[i].fwid_len == 0)
			continue;
		n++;
		if (ref == NULL) {
			ref = a->md[i].fwid;
			rlen = a->md[i].fwid_len;
			rlabel = "ble_mesh_metadata.json firmware_id";
			continue;
		}
		if (a->md[i].fwid_len != rlen || memcmp(a->md[i].fwid, ref, rlen) != 0) {
			ota__ar_hex(a->md[i].fwid, a->md[i].fwid_len, h1, sizeof(h1));
			ota__ar_hex(ref, rlen, h2, sizeof(h2));
			msg_add(&bad, "%sfirmware_id[%zu] %.40s vs %s %.40s", bad.n ? "; " : "", i, h1,
			    rlabel, h2);
		}
	}
	if (ref == NULL) {
		(void)ota__diag_add(&a->diags, OTA_D_ARCHIVE_NO_FWID, 0, "the archive names no "
		    "firmware ID (an older mesh_dfu_metadata.py): the Distributor needs one");
		ota__ar_check_add(a, "fwid", OTA_CHECK_SKIP, OTA_OK, "no firmware ID in the archive");
		ota__ar_check_add(a, "fwid-limits", OTA_CHECK_SKIP, OTA_OK, "no firmware ID");
		return;
	}
	ota__ar_hex(ref, rlen, h1, sizeof(h1));
	if (bad.n > 0)
		ota__ar_check_add(a, "fwid", OTA_CHECK_FAIL, OTA_E_ARCHIVE_CHECK, "%s", bad.b);
	else
		ota__ar_check_add(a, "fwid", OTA_CHECK_PASS, OTA_OK, "%.80s%s", h1, n > 1 ?
		    " everywhere" : " (one source)");
	(void)ota_fwid_check(rlen, &warn);
	if (warn & OTA_FWID_WARN_ZEPHYR_MAX)
		ota__ar_check_add(a, "fwid-limits", OTA_CHECK_WARN, OTA_E_ARCHIVE_CHECK, "%zu bytes: "
		    "over Zephyr's maximum CONFIG_BT_MESH_DFU_FWID_MAXLEN (%u)", rlen,
		    OTA_FWID_ZEPHYR_MAX);
	else if (warn & OTA_FWID_WARN_ZEPHYR_DEFAULT)
		ota__ar_check_add(a, "fwid-limits", OTA_CHECK_WARN, OTA_E_ARCHIVE_CHECK, "%zu bytes: "
		    "over Zephyr's default CONFIG_BT_MESH_DFU_FWID_MAXLEN (%u)", rlen,
		    OTA_FWID_ZEPHYR_DEFAULT);
	else
		ota__ar_check_add(a, "fwid-limits", OTA_CHECK_PASS, OTA_OK, "%zu bytes (Zephyr "
		    "default limit %u)", rlen, OTA_FWID_ZEPHYR_DEFAULT);
}

static void
check_limits(struct ota_mesh_archive *a)
{
	size_t i, max = 0;

	for (i = 0; i < a->nmd; i++)
		if (a->md[i].have && a->md[i].len > max)
			max = a->md[i].len;
	if (a->nmd == 0)
		ota__ar_check_add(a, "metadata-limits", OTA_CHECK_SKIP, OTA_OK, "no metadata");
	else if (max > OTA_MESH_MD_ZEPHYR_DEFAULT)
		ota__ar_check_add(a, "metadata-limits", OTA_CHECK_WARN, OTA_E_ARCHIVE_CHECK, "%zu "
		    "bytes: over Zephyr's default CONFIG_BT_MESH_DFU_METADATA_MAXLEN (%u)", max,
		    OTA_MESH_MD_ZEPHYR_DEFAULT);
	else
		ota__ar_check_add(a, "metadata-limits", OTA_CHECK_PASS, OTA_OK, "%zu bytes (Zephyr "
		    "default limit %u)", max, OTA_MESH_MD_ZEPHYR_DEFAULT);
	if (a->uri == NULL)
		ota__ar_check_add(a, "uri-limits", OTA_CHECK_SKIP, OTA_OK, "no update URI");
	else if (strlen(a->uri) > OTA_MESH_URI_ZEPHYR_DEFAULT)
		ota__ar_check_add(a, "uri-limits", OTA_CHECK_WARN, OTA_E_ARCHIVE_CHECK, "%zu bytes: "
		    "over Zephyr's default CONFIG_BT_MESH_DFU_URI_MAXLEN (%u)", strlen(a->uri),
		    OTA_MESH_URI_ZEPHYR_DEFAULT);
	else if (strncmp(a->uri, "https://", 8) != 0)
		ota__ar_check_add(a, "uri-limits", OTA_CHECK_WARN, OTA_E_ARCHIVE_CHECK, "not an "
		    "https: URI");
	else
		ota__ar_check_add(a, "uri-limits", OTA_CHECK_PASS, OTA_OK, "%zu bytes, https",
		    strlen(a->uri));
}

static void
check_hash(struct ota_mesh_archive *a)
{
	if (mcu(a) == NULL)
		ota__ar_check_add(a, "image-hash", OTA_CHECK_SKIP, OTA_OK, "the image is not an "
		    "MCUboot image");
	else if (ota_mcuboot_hash_ok(mcu(a)))
		ota__ar_check_add(a, "image-hash", OTA_CHECK_PASS, OTA_OK, "the MCUboot hash TLV "
		    "matches the image");
	else
		ota__ar_check_add(a, "image-hash", OTA_CHECK_FAIL, OTA_E_DIGEST, "the MCUboot hash "
		    "TLV does not match the image");
}

/* What the image is, and the images not cross-checked: an nRF Connect SDK
 * archive carries MCUboot images (its manifest gives version_MCUBOOT), so
 * anything else there fails; in the spec-style tar another format (a
 * Silicon Labs .gbl) is allowed but nothing here protects it, which warns,
 * as does a second image the checks did not cover. */
static void
check_image_kind(struct ota_mesh_archive *a)
{
	size_t i, others = 0;

	for (i = 0; i < a->nent; i++)
		if (a->ent[i].role == OTA_MESH_ENTRY_OTHER_IMAGE)
			others++;
	if (mcu(a) == NULL && a->dialect == OTA_MESH_DIALECT_NCS_ZIP)
		ota__ar_check_add(a, "image-format", OTA_CHECK_FAIL, OTA_E_ARCHIVE_CHECK, "the image "
		    "is not an MCUboot image, which an nRF Connect SDK archive carries");
	else if (mcu(a) == NULL)
		ota__ar_check_add(a, "image-format", OTA_CHECK_WARN, OTA_OK, "the image is not an "
		    "MCUboot image: no hash or signature of it is checked here");
	else if (others > 0)
		ota__ar_check_add(a, "image-format", OTA_CHECK_WARN, OTA_OK, "MCUboot; %zu more "
		    "image%s in the manifest not cross-checked", others, others == 1 ? "" : "s");
	else
		ota__ar_check_add(a, "image-format", OTA_CHECK_PASS, OTA_OK, "MCUboot");
}

int
ota__ar_checks(struct ota_mesh_archive *a)
{
	size_t i, n = a->nmd > 0 ? a->nmd : 1;

	a->nchk = 0;
	for (i = 0; i < n; i++)
		check_size(a, i);
	for (i = 0; i < n; i++)
		check_version(a, i);
	for (i = 0; i < a->nmd; i++)
		check_comp(a, i);
	check_fwid(a);
	check_limits(a);
	check_hash(a);
	check_image_kind(a);
	ota__ar_check_add(a, "signature", OTA_CHECK_SKIP, OTA_OK, mcu(a) == NULL ? "the image is "
	    "not an MCUboot image" : "no key given");
	return OTA_OK;
}

int
ota_mesh_archive_verify(struct ota_mesh_archive *a, const struct ota_key *key, unsigned flags)
{
	struct ota_ar_entry *img;
	struct ota_ar_check *sig = NULL;
	size_t i;
	int r;

	if (a == NULL || a->magic != OTA_ARCHIVE_MAGIC)
		return OTA_E_INVAL;
	if (a->state != 1)
		return ota__ar_err(a, OTA_E_STATE, "ota_mesh_archive_verify: not open");
	for (i = 0; i < a->nchk; i++)
		if (strcmp(a->chk[i].name, "signature") == 0)
			sig = &a->chk[i];
	img = &a->ent[a->image];
	if (sig != NULL && img->mcu != NULL && img->mcu_err == OTA_OK) {
		/* MCUboot's own rule: a signature passes only when checked, unless
		 * OTA_VERIFY_ALLOW_UNCHECKED (libotaimg-mcuboot(3)) */
		r = ota_mcuboot_verify(img->mcu, key, flags & ~(unsigned)OTA_VERIFY_STRICT);
		sig->err = r;
		if (r == OTA_OK && key != NULL) {
			sig->res = OTA_CHECK_PASS;
			(void)snprintf(sig->msg, sizeof(sig->msg), "valid");
		} else if (r == OTA_OK) {
			sig->res = OTA_CHECK_SKIP;
			(void)snprintf(sig->msg, sizeof(sig->msg), "%s",
			    ota_mcuboot_sig_result(img->mcu) == OTA_SIG_ABSENT ? "the image is not signed" :
			    "not checked (allowed): no key given");
		} else {
			sig->res = OTA_CHECK_FAIL;
			(void)snprintf(sig->msg, sizeof(sig->msg), "%.240s", ota_mcuboot_errmsg(img->mcu));
		}
	} else if (sig != NULL && key != NULL) {
		sig->res = OTA_CHECK_FAIL;
		sig->err = OTA_E_UNSUPPORTED;
		(void)snprintf(sig->msg, sizeof(sig->msg), "a key was given, but the image is not an "
		    "MCUboot image: its signature cannot be checked here");
	} else if (sig != NULL && (flags & (OTA_VERIFY_REQUIRE_SIGNATURE |
	    OTA_VERIFY_REQUIRE_INTEGRITY))) {
		/* nothing of ours protects an image that is not MCUboot */
		sig->res = OTA_CHECK_FAIL;
		sig->err = flags & OTA_VERIFY_REQUIRE_SIGNATURE ? OTA_E_UNSIGNED : OTA_E_UNPROTECTED;
		(void)snprintf(sig->msg, sizeof(sig->msg), "the image is not an MCUboot image: no "
		    "hash or signature of it can be checked, and one is required");
	}
	for (i = 0; i < a->nchk; i++)
		if (a->chk[i].res == OTA_CHECK_FAIL)
			return ota__ar_err(a, a->chk[i].err != OTA_OK ? a->chk[i].err :
			    OTA_E_ARCHIVE_CHECK, "%s: %s", a->chk[i].name, a->chk[i].msg);
	if (flags & OTA_VERIFY_STRICT)
		for (i = 0; i < a->nchk; i++)
			if (a->chk[i].res == OTA_CHECK_WARN)
				return ota__ar_err(a, OTA_E_POLICY, "%s (a warning, --strict): %s",
				    a->chk[i].name, a->chk[i].msg);
	a->errmsg[0] = '\0';
	return OTA_OK;
}
