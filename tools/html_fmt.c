/* html_fmt.c - otaimg inspect --html: what each format puts in its
 * section (Zigbee OTA and GBCS, MCUboot, Mesh DFU archives), from the
 * public API's offsets and fields (html.c draws them). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "otaimg.h"
#include "tool.h"
#include "html.h"
#include "mesharchive.h"

#define OTA_FILE_ID 0x0BEEF11Eu

/* ---- Zigbee OTA and GBCS ---- */

static void
zigbee_fields(struct html_file *f, const struct ota_image *img)
{
	uint64_t o = ota_image_ota_offset(img), dest;
	uint32_t fv = ota_image_file_version(img);
	uint16_t hmin, hmax;
	struct html_field *fl;
	unsigned at = 56;
	char text[160];
	uint8_t cred;

	if (!header_has(img, 4))
		return;
	fl = html_field_add(f, o, 4, "file identifier");
	html_field_le(fl, OTA_FILE_ID);
	html_field_dec(fl, "0x%08X", OTA_FILE_ID);
	if (header_has(img, 6)) {
		fl = html_field_add(f, o + 4, 2, "header version");
		html_field_le(fl, ota_image_header_version(img));
		html_field_dec(fl, "0x%04X", ota_image_header_version(img));
	}
	if (header_has(img, 8)) {
		fl = html_field_add(f, o + 6, 2, "header length");
		html_field_le(fl, ota_image_header_length(img));
		html_field_dec(fl, "%u bytes", ota_image_header_length(img));
	}
	if (header_has(img, 10)) {
		fl = html_field_add(f, o + 8, 2, "field control");
		html_field_le(fl, ota_image_field_control(img));
		html_field_dec(fl, "0x%04X%s%s%s", ota_image_field_control(img),
		    ota_image_field_control(img) & 1 ? " security credential" : "",
		    ota_image_field_control(img) & 2 ? " device specific" : "",
		    ota_image_field_control(img) & 4 ? " hardware versions" : "");
	}
	if (header_has(img, 12)) {
		fl = html_field_add(f, o + 10, 2, "manufacturer code");
		html_field_le(fl, ota_image_manufacturer_code(img));
		html_field_dec(fl, "0x%04X (%u)", ota_image_manufacturer_code(img),
		    ota_image_manufacturer_code(img));
	}
	if (header_has(img, 14)) {
		fl = html_field_add(f, o + 12, 2, "image type");
		html_field_le(fl, ota_image_image_type(img));
		html_field_dec(fl, "0x%04X (%u)", ota_image_image_type(img), ota_image_image_type(img));
	}
	if (header_has(img, 18)) {
		fl = html_field_add(f, o + 14, 4, "file version");
		html_field_le(fl, fv);
		html_field_dec(fl, "0x%08X (%02X:%02X:%02X:%02X)", (unsigned)fv, (unsigned)(fv >> 24),
		    (unsigned)(fv >> 16) & 0xff, (unsigned)(fv >> 8) & 0xff, (unsigned)fv & 0xff);
	}
	if (header_has(img, 20)) {
		fl = html_field_add(f, o + 18, 2, "stack version");
		html_field_le(fl, ota_image_stack_version(img));
		html_field_dec(fl, "0x%04X (%s)", ota_image_stack_version(img),
		    stack_name(ota_image_stack_version(img)));
	}
	if (header_has(img, 52)) {
		fl = html_field_add(f, o + 20, OTA_HEADER_STRING_LEN, "header string");
		html_field_bytes(fl, ota_image_header_string_ptr(img), OTA_HEADER_STRING_LEN);
		(void)ota_image_header_string_text(img, text, sizeof(text));
		html_field_dec(fl, "\"%s\"", text);
	}
	if (header_has(img, 56)) {
		fl = html_field_add(f, o + 52, 4, "total image size");
		html_field_le(fl, ota_image_total_image_size(img));
		html_field_dec(fl, "%u bytes", (unsigned)ota_image_total_image_size(img));
	}
	if (ota_image_security_credential(img, &cred) == OTA_OK) {
		fl = html_field_add(f, o + at, 1, "security credential version");
		html_field_le(fl, cred);
		html_field_dec(fl, "0x%02X (%s)", cred, credential_name(cred));
		at += 1;
	}
	if (ota_image_destination(img, &dest) == OTA_OK) {
		fl = html_field_add(f, o + at, 8, "upgrade file destination");
		html_field_le(fl, dest);
		html_field_dec(fl, "EUI-64 %016llX", (unsigned long long)dest);
		at += 8;
	}
	if (ota_image_hw_versions(img, &hmin, &hmax) == OTA_OK) {
		fl = html_field_add(f, o + at, 2, "minimum hardware version");
		html_field_le(fl, hmin);
		html_field_dec(fl, "0x%04X", hmin);
		fl = html_field_add(f, o + at + 2, 2, "maximum hardware version");
		html_field_le(fl, hmax);
		html_field_dec(fl, "0x%04X", hmax);
	}
}

static void
zigbee_segs(struct html_file *f, struct ota_image *img)
{
	uint64_t o = ota_image_ota_offset(img), off, len, toff;
	enum ota_payload_kind k;
	size_t i, n = ota_image_element_count(img);

	if (o > 0)
		html_seg_add(f, 0, o, "container", "container (%s)",
		    container_name(ota_image_container(img)));
	html_seg_add(f, o, header_has(img, 8) ? ota_image_header_length(img) : f->size - o,
	    "header", "OTA header");
	for (i = 0; i < n; i++) {
		uint16_t tag = ota_image_element_tag(img, i);

		off = ota_image_element_offset(img, i);
		toff = ota_image_element_data_offset(img, i);
		html_seg_add(f, off, toff - off, "elemhdr", "element %zu header", i);
		html_seg_add(f, toff, ota_image_element_length(img, i), tag == OTA_TAG_UPGRADE_IMAGE ?
		    "payload" : tag == OTA_TAG_SIGNATURE_SUITE1 || tag == OTA_TAG_SIGNATURE_SUITE2 ?
		    "signature" : "element", "element %zu: 0x%04X %s", i, tag, ota_tag_name(tag));
	}
	if (ota_image_raw_payload(img, &off, &len, &k) == OTA_OK)
		html_seg_add(f, off, len, "payload", "raw payload (%s)", ota_payload_kind_name(k));
	if (ota_image_gbcs(img, &off, &len, &toff) == OTA_OK) {
		html_seg_add(f, off, len, "payload", "Manufacturer Image");
		if (toff != 0)
			html_seg_add(f, toff, 66, "signature", "supplier signature (length, r||s)");
	}
	if (ota_image_trailer_length(img) > 0)
		html_seg_add(f, ota_image_trailer_offset(img), ota_image_trailer_length(img), "trailer",
		    "trailer (%s)", ota_trailer_kind_name(ota_image_trailer_kind(img)));
}

static void
zigbee_diags(struct html_file *f, const struct ota_image *img)
{
	size_t i, n = ota_image_diag_count(img);

	for (i = 0; i < n; i++)
		html_diag_add(f, ota_image_diag_code(img, i), ota_image_diag_offset(img, i),
		    ota_image_diag_message(img, i), ota_image_diag_repeat(img, i));
}

/* The verify result table of a Zigbee or GBCS image. */
static void
zigbee_verify(FILE *fp, const struct html_file *f, const struct ota_image *img)
{
	uint64_t signer, subject, issuer;
	uint8_t code[16];
	char d[128];
	int suite;
	enum ota_iic_result iic = ota_image_iic_result(img);
	enum ota_sig_result sig = ota_image_sig_result(img);

	fputs("<h3>Verify</h3>\n<table class=\"verify\"><tr><th>check</th><th>result</th>"
	    "<th>detail</th></tr>\n", fp);
	html_check_row(fp, "structure and policy", f->verify_err == OTA_OK ? "PASS" : "FAIL",
	    f->verify_err == OTA_OK ? "verify passed" : f->verify_msg);
	d[0] = '\0';
	if (ota_image_iic_stored(img, code) == OTA_OK) {
		size_t i;

		for (i = 0; i < 16; i++)
			(void)snprintf(d + 2 * i, 3, "%02X", code[i]);
	}
	html_check_row(fp, "integrity code", iic == OTA_IIC_MATCH || iic == OTA_IIC_MATCH_VENDOR ?
	    "PASS" : iic == OTA_IIC_MISMATCH ? "FAIL" : "SKIP", d[0] != '\0' ? d :
	    ota_iic_result_name(iic));
	if (ota_image_signature_info(img, &suite, &signer, &subject, &issuer) == OTA_OK)
		(void)snprintf(d, sizeof(d), "suite %d, signer %016llX, issuer %016llX: %s", suite,
		    (unsigned long long)signer, (unsigned long long)issuer, ota_sig_result_name(sig));
	else
		(void)snprintf(d, sizeof(d), "%s", ota_sig_result_name(sig));
	html_check_row(fp, "signature", sig == OTA_SIG_VALID ? "PASS" : sig == OTA_SIG_INVALID ?
	    "FAIL" : "SKIP", d);
	if (ota_image_trailer_kind(img) == OTA_TRAILER_CRC32 ||
	    ota_image_trailer_kind(img) == OTA_TRAILER_CRC32_CANDIDATE)
		html_check_row(fp, "trailing CRC-32", ota_image_trailer_kind(img) == OTA_TRAILER_CRC32 ?
		    "PASS" : "WARN", ota_trailer_kind_name(ota_image_trailer_kind(img)));
	fputs("</table>\n", fp);
}

void
html_zigbee(FILE *fp, struct html_file *f, const struct html_opts *o)
{
	struct ota_image *img;
	int r;

	if ((img = ota_image_new()) == NULL || ota_image_set_format(img, o->format) != OTA_OK ||
	    ota_image_set_open_flags(img, OTA_OPEN_PARTIAL) != OTA_OK)
		tool_die(EXIT_USAGE, "out of memory");
	f->format = "zigbee-ota";
	if ((r = in_open_image(img, f->file)) != OTA_OK) {
		f->err = r;
		/* not read, or no file identifier: nothing says it is an OTA file */
		if (r == OTA_E_IO || r == OTA_E_BAD_MAGIC)
			f->format = "unknown";
		f->erroff = ota_image_erroffset(img);
		(void)snprintf(f->errmsg, sizeof(f->errmsg), "%s", ota_image_errmsg(img));
		f->status = status_for(r);
		if (ota_image_file_size(img) > f->size)
			f->size = ota_image_file_size(img);
		html_section_begin(fp, f);
		html_section_end(fp, f);
		ota_image_free(&img);
		return;
	}
	if (ota_image_walk(img) == OTA_WALK_GBCS)
		f->format = "gbcs";
	f->size = ota_image_file_size(img);
	if (ota_image_truncation(img, NULL, NULL) == OTA_OK)
		f->status = EXIT_INVALID;
	zigbee_fields(f, img);
	zigbee_segs(f, img);
	html_hex_read(f, ota_image_ota_offset(img), header_has(img, 8) ?
	    ota_image_header_length(img) : 56);
	if (o->verify) {
		f->verified = 1;
		f->verify_err = ota_image_verify_trust(img, o->trust, o->flags);
		if (f->verify_err != OTA_OK) {
			(void)snprintf(f->verify_msg, sizeof(f->verify_msg), "offset %llu: %s",
			    (unsigned long long)ota_image_erroffset(img), ota_image_errmsg(img));
			r = status_for(f->verify_err);
			f->status = r > f->status ? r : f->status;
		}
	}
	zigbee_diags(f, img);
	html_section_begin(fp, f);
	if (f->verified)
		zigbee_verify(fp, f, img);
	html_section_end(fp, f);
	ota_image_free(&img);
}

/* ---- MCUboot ---- */

static void
tlv_table(FILE *fp, const struct ota_mcuboot *m)
{
	size_t i, n = ota_mcuboot_tlv_count(m);
	const uint8_t *val;
	uint64_t off;
	uint16_t type, tl;
	int prot;

	fputs("<h3>TLVs</h3>\n<table class=\"tlvs\"><tr><th>#</th><th>type</th><th>name</th>"
	    "<th>area</th><th>offset</th><th>length</th><th>value</th></tr>\n", fp);
	for (i = 0; i < n; i++) {
		if (ota_mcuboot_tlv_get(m, i, &type, &prot, &off, &tl) != OTA_OK ||
		    ota_mcuboot_tlv_value(m, i, &val, &tl) != OTA_OK)
			continue;
		fprintf(fp, "<tr><td class=\"n\">%zu</td><td><code>0x%04X</code></td><td>", i, type);
		html_esc(fp, ota_mcuboot_tlv_name(type));
		fprintf(fp, "</td><td>%s</td><td class=\"n\">%llu</td><td class=\"n\">%u</td>"
		    "<td class=\"mono\">", prot ? "protected" : "unprotected", (unsigned long long)off, tl);
		for (size_t k = 0; k < tl && k < 48; k++)
			fprintf(fp, "%02x", val[k]);
		fputs(tl > 48 ? "...</td></tr>\n" : "</td></tr>\n", fp);
	}
	fputs("</table>\n", fp);
}

void
html_mcuboot_fill(struct html_file *f, const struct ota_mcuboot *m)
{
	uint64_t hi = (uint64_t)ota_mcuboot_header_size(m) + ota_mcuboot_image_size(m), off, len;
	uint64_t pend = hi, uend = hi;
	struct ota_fw_version v;
	struct html_field *fl;
	uint16_t type, tl;
	size_t i, n = ota_mcuboot_tlv_count(m);
	char buf[256];
	int prot, bm;

	html_seg_add(f, 0, 32, "header", "MCUboot header");
	html_seg_add(f, 32, ota_mcuboot_header_size(m) > 32 ? ota_mcuboot_header_size(m) - 32u : 0,
	    "padding", "header padding");
	html_seg_add(f, ota_mcuboot_header_size(m), ota_mcuboot_image_size(m), "payload",
	    "image body");
	for (i = 0; i < n; i++)
		if (ota_mcuboot_tlv_get(m, i, &type, &prot, &off, &tl) == OTA_OK) {
			if (prot && off + 4 + tl > pend)
				pend = off + 4 + tl;
			if (!prot && off + 4 + tl > uend)
				uend = off + 4 + tl;
		}
	if (ota_mcuboot_protect_tlv_size(m) > 0)
		html_seg_add(f, hi, ota_mcuboot_protect_tlv_size(m), "tlv", "protected TLV area");
	off = hi + ota_mcuboot_protect_tlv_size(m);
	if (uend > off)
		html_seg_add(f, off, uend - off, "tlv", "TLV area");
	if (ota_mcuboot_trailer(m, &off, &len, &bm) == OTA_OK)
		html_seg_add(f, off, len, "trailer", bm ? "slot padding, boot magic" : "trailing bytes");
	fl = html_field_add(f, 0, 4, "ih_magic");
	html_field_le(fl, ota_mcuboot_magic(m));
	html_field_dec(fl, "0x%08X", (unsigned)ota_mcuboot_magic(m));
	fl = html_field_add(f, 4, 4, "ih_load_addr");
	html_field_le(fl, ota_mcuboot_load_addr(m));
	html_field_dec(fl, "0x%08X", (unsigned)ota_mcuboot_load_addr(m));
	fl = html_field_add(f, 8, 2, "ih_hdr_size");
	html_field_le(fl, ota_mcuboot_header_size(m));
	html_field_dec(fl, "%u bytes", ota_mcuboot_header_size(m));
	fl = html_field_add(f, 10, 2, "ih_protect_tlv_size");
	html_field_le(fl, ota_mcuboot_protect_tlv_size(m));
	html_field_dec(fl, "%u bytes", ota_mcuboot_protect_tlv_size(m));
	fl = html_field_add(f, 12, 4, "ih_img_size");
	html_field_le(fl, ota_mcuboot_image_size(m));
	html_field_dec(fl, "%u bytes", (unsigned)ota_mcuboot_image_size(m));
	fl = html_field_add(f, 16, 4, "ih_flags");
	html_field_le(fl, ota_mcuboot_flags(m));
	mcuboot_flag_names(ota_mcuboot_flags(m), buf, sizeof(buf));
	html_field_dec(fl, "0x%08X (%s)", (unsigned)ota_mcuboot_flags(m), buf);
	if (ota_mcuboot_version(m, &v) == OTA_OK) {
		uint8_t b[8] = { v.major, v.minor, (uint8_t)v.revision, (uint8_t)(v.revision >> 8),
			(uint8_t)v.build, (uint8_t)(v.build >> 8), (uint8_t)(v.build >> 16),
			(uint8_t)(v.build >> 24) };

		fl = html_field_add(f, 20, 8, "ih_ver");
		html_field_bytes(fl, b, sizeof(b));
		(void)ota_fw_version_format(&v, buf, sizeof(buf));
		html_field_dec(fl, "%s", buf);
	}
	fl = html_field_add(f, 28, 4, "_pad1");
	(void)snprintf(fl->raw, sizeof(fl->raw), "(see the hex view)");
	html_field_dec(fl, "signed size %llu, %s", (unsigned long long)ota_mcuboot_signed_size(m),
	    mcuboot_sig_name(m) != NULL ? mcuboot_sig_name(m) : "not signed");
}

static void
mcuboot_diags(struct html_file *f, const struct ota_mcuboot *m)
{
	size_t i, n = ota_mcuboot_diag_count(m);
	const char *msg;
	uint64_t off;
	int code;

	for (i = 0; i < n; i++)
		if (ota_mcuboot_diag_get(m, i, &code, &off, &msg) == OTA_OK)
			html_diag_add(f, code, off, msg, 1);
}

static void
mcuboot_verify_table(FILE *fp, const struct html_file *f, const struct ota_mcuboot *m)
{
	enum ota_sig_result sig = ota_mcuboot_sig_result(m);
	char d[64];

	fputs("<h3>Verify</h3>\n<table class=\"verify\"><tr><th>check</th><th>result</th>"
	    "<th>detail</th></tr>\n", fp);
	html_check_row(fp, "verify", f->verify_err == OTA_OK ? "PASS" : "FAIL",
	    f->verify_err == OTA_OK ? "verify passed" : f->verify_msg);
	(void)snprintf(d, sizeof(d), "SHA-%u", ota_mcuboot_hash_bits(m));
	html_check_row(fp, "hash TLV", ota_mcuboot_hash_ok(m) ? "PASS" : "FAIL", d);
	html_check_row(fp, "signature", sig == OTA_SIG_VALID ? "PASS" : sig == OTA_SIG_INVALID ?
	    "FAIL" : "SKIP", ota_sig_result_name(sig));
	fputs("</table>\n", fp);
}

void
html_mcuboot(FILE *fp, struct html_file *f, const struct html_opts *o)
{
	struct ota_mcuboot *m = ota_mcuboot_new();
	int r;

	if (m == NULL)
		tool_die(EXIT_USAGE, "out of memory");
	f->format = "mcuboot";
	r = strcmp(f->file, "-") == 0 ? ota_mcuboot_open_cb(m, in_stdin_read, NULL) :
	    ota_mcuboot_open_path(m, f->file);
	if (r != OTA_OK) {
		f->err = r;
		f->erroff = ota_mcuboot_erroffset(m);
		(void)snprintf(f->errmsg, sizeof(f->errmsg), "%s", ota_mcuboot_errmsg(m));
		f->status = status_for(r);
		html_section_begin(fp, f);
		html_section_end(fp, f);
		ota_mcuboot_free(&m);
		return;
	}
	f->size = ota_mcuboot_file_size(m);
	html_mcuboot_fill(f, m);
	html_hex_read(f, 0, 32);
	if (o->verify) {
		f->verified = 1;
		if ((f->verify_err = ota_mcuboot_verify(m, o->key, o->flags)) != OTA_OK) {
			(void)snprintf(f->verify_msg, sizeof(f->verify_msg), "offset %llu: %s",
			    (unsigned long long)ota_mcuboot_erroffset(m), ota_mcuboot_errmsg(m));
			f->status = f->verify_err == OTA_E_UNSUPPORTED ? EXIT_INVALID :
			    status_for(f->verify_err);
		}
	}
	mcuboot_diags(f, m);
	html_section_begin(fp, f);
	tlv_table(fp, m);
	if (f->verified)
		mcuboot_verify_table(fp, f, m);
	html_section_end(fp, f);
	ota_mcuboot_free(&m);
}

/* ---- Mesh DFU archives ---- */

static void
mesh_contents(FILE *fp, const struct ota_mesh_archive *a)
{
	const uint8_t *b;
	struct ota_fw_version v;
	char t[160];
	size_t i, n, len, k;

	fputs("<h3>Contents</h3>\n<table class=\"kv\">\n", fp);
	html_kv(fp, "dialect", ota_mesh_dialect_name(ota_mesh_archive_dialect(a)));
	if (ota_mesh_archive_fwid(a, &b, &len) == OTA_OK) {
		for (k = 0; k < len && 2 * k + 2 < sizeof(t); k++)
			(void)snprintf(t + 2 * k, 3, "%02x", b[k]);
		t[2 * k] = '\0';
		html_kv(fp, "firmware ID", t);
	}
	if (ota_mesh_archive_manifest_version(a, &v) == OTA_OK) {
		(void)ota_fw_version_format(&v, t, sizeof(t));
		html_kv(fp, "manifest version", t);
	}
	if (ota_mesh_archive_uri(a) != NULL)
		html_kv(fp, "update URI", ota_mesh_archive_uri(a));
	n = ota_mesh_archive_md_count(a);
	for (i = 0; i < n; i++)
		if (ota_mesh_archive_md_bytes(a, i, &b, &len) == OTA_OK) {
			char key[32];
			size_t o = 0;

			(void)snprintf(key, sizeof(key), "metadata [%zu]", i);
			for (k = 0; k < len && o + 3 < 100; k++)
				o += (size_t)snprintf(t + o, sizeof(t) - o, "%02x", b[k]);
			(void)snprintf(t + o, sizeof(t) - o, " (%zu bytes, %s)", len,
			    ota_mesh_md_kind_name(ota_mesh_archive_md_kind(a, i)));
			html_kv(fp, key, t);
		}
	fputs("</table>\n", fp);
}

static void
mesh_checks(FILE *fp, const struct ota_mesh_archive *a)
{
	size_t i, n = ota_mesh_archive_check_count(a);
	const char *name, *msg;
	enum ota_check res;

	fputs("<h3>Cross-checks</h3>\n<table class=\"checks\"><tr><th>check</th><th>result</th>"
	    "<th>detail</th></tr>\n", fp);
	for (i = 0; i < n; i++)
		if (ota_mesh_archive_check_get(a, i, &name, &res, &msg) == OTA_OK)
			html_check_row(fp, name, ota_check_name(res), msg);
	fputs("</table>\n", fp);
}

/* The entries, by their uncompressed sizes, with the diagnostics pinned. */
static void
mesh_entries(FILE *fp, struct html_file *f, const struct ota_mesh_archive *a)
{
	static struct html_seg seg[OTA_MESH_ARCHIVE_MAX_ENTRIES];
	enum ota_mesh_entry_role role;
	const char *name;
	uint64_t size, at = 0;
	size_t i, n = ota_mesh_archive_entry_count(a), ns = 0;

	for (i = 0; i < n && ns < OTA_MESH_ARCHIVE_MAX_ENTRIES; i++) {
		if (ota_mesh_archive_entry(a, i, &name, &size, &role) != OTA_OK)
			size = 0, name = "?", role = (enum ota_mesh_entry_role)0;
		seg[ns].off = at;
		seg[ns].len = size;
		seg[ns].kind = strcmp(ota_mesh_entry_role_name(role), "image") == 0 ? "image" :
		    "entry";
		(void)snprintf(seg[ns].name, sizeof(seg[ns].name), "%zu %s: %s", i,
		    ota_mesh_entry_role_name(role), name);
		at += size;
		ns++;
	}
	html_map(fp, "entrymap", "Entries (uncompressed)", seg, ns, at, f->diag, f->ndiag, 1);
	/* the names in full (the map's labels are cut) */
	fputs("<table class=\"entries\"><tr><th>#</th><th>role</th><th>size</th><th>name</th></tr>\n",
	    fp);
	for (i = 0; i < n; i++)
		if (ota_mesh_archive_entry(a, i, &name, &size, &role) == OTA_OK) {
			fprintf(fp, "<tr><td class=\"n\">%zu</td><td>%s</td><td class=\"n\">%llu</td><td>",
			    i, ota_mesh_entry_role_name(role), (unsigned long long)size);
			html_esc(fp, name);
			fputs("</td></tr>\n", fp);
		}
	fputs("</table>\n", fp);
}

void
html_mesh(FILE *fp, struct html_file *f, const struct html_opts *o)
{
	struct ota_mesh_archive *a = ota_mesh_archive_new();
	const struct ota_mcuboot *m;
	struct html_file *g;
	const char *msg;
	uint64_t off;
	size_t i, n;
	int r, code;

	if (a == NULL)
		tool_die(EXIT_USAGE, "out of memory");
	f->format = "mesh-archive";
	f->entry_diags = 1;
	r = strcmp(f->file, "-") != 0 ? ota_mesh_archive_open_path(a, f->file) :
	    in_stdin_is_pipe() ? ota_mesh_archive_open_cb(a, in_stdin_read, NULL) :
	    ota_mesh_archive_open_fd(a, 0);
	if (r != OTA_OK) {
		f->err = r;
		(void)snprintf(f->errmsg, sizeof(f->errmsg), "%s", ota_mesh_archive_errmsg(a));
		f->status = status_for(r);
		html_seg_add(f, 0, f->size, "archive", "archive");
		html_section_begin(fp, f);
		html_section_end(fp, f);
		ota_mesh_archive_free(&a);
		return;
	}
	html_seg_add(f, 0, f->size, "archive", "%s archive (compressed entries)",
	    ota_mesh_dialect_name(ota_mesh_archive_dialect(a)));
	if (o->verify) {
		f->verified = 1;
		if ((f->verify_err = ota_mesh_archive_verify(a, o->key, o->flags)) != OTA_OK) {
			(void)snprintf(f->verify_msg, sizeof(f->verify_msg), "%s",
			    ota_mesh_archive_errmsg(a));
			f->status = status_for(f->verify_err);
		}
	}
	n = ota_mesh_archive_diag_count(a);
	for (i = 0; i < n; i++)
		if (ota_mesh_archive_diag_get(a, i, &code, &off, &msg) == OTA_OK)
			html_diag_add(f, code, off, msg, 1);
	html_section_begin(fp, f);
	mesh_entries(fp, f, a);
	mesh_contents(fp, a);
	mesh_checks(fp, a);
	if ((m = ota_mesh_archive_mcuboot(a)) != NULL) {
		if ((g = calloc(1, sizeof(*g))) == NULL)
			tool_die(EXIT_USAGE, "out of memory");
		g->size = ota_mcuboot_file_size(m);
		html_mcuboot_fill(g, m);
		html_tile(g);
		html_map(fp, "imagemap", "MCUboot image (the image entry)", g->seg, g->nseg, g->size,
		    NULL, 0, 0);
		html_fields(fp, g);
		tlv_table(fp, m);
		free(g);
	}
	html_section_end(fp, f);
	ota_mesh_archive_free(&a);
}
