/* html_matter.c - otaimg inspect --html of a Matter OTA image (the
 * FileIdentifier 0x1BEEF11E): the fixed header, the TLV header, the
 * payload, from the offsets and fields of the public API (html.c draws). */
#include "config.h"

#include <string.h>

#include "otaimg.h"
#include "tool.h"
#include "html.h"

/* A TLV header element where ota_matter_header_element says it is, its raw
 * bytes (control byte, tag, value) from the hex view's bytes. */
static struct html_field *
tag_field(struct html_file *f, const struct ota_matter *m, unsigned tag, const char *name)
{
	struct html_field *fl;
	uint64_t off = 16, len = 0;

	(void)ota_matter_header_element(m, tag, &off, &len);
	fl = html_field_add(f, off, (unsigned)len, name);
	if (off >= f->hex_off && off + len <= f->hex_off + f->hex_len)
		html_field_bytes(fl, f->hex + (off - f->hex_off), (size_t)len);
	return fl;
}

static void
matter_fields(struct html_file *f, const struct ota_matter *m, const struct ota_matter_header *h)
{
	struct html_field *fl;
	uint64_t t = 16;    /* the TLV header */

	fl = html_field_add(f, 0, 4, "FileIdentifier");
	html_field_le(fl, OTA_MATTER_FILE_ID);
	html_field_dec(fl, "0x%08X", OTA_MATTER_FILE_ID);
	fl = html_field_add(f, 4, 8, "TotalSize");
	html_field_le(fl, ota_matter_total_size(m));
	html_field_dec(fl, "%llu bytes", (unsigned long long)ota_matter_total_size(m));
	fl = html_field_add(f, 12, 4, "HeaderSize");
	html_field_le(fl, ota_matter_header_size(m));
	html_field_dec(fl, "%lu bytes", (unsigned long)ota_matter_header_size(m));
	fl = html_field_add(f, t, 1, "TLV anonymous structure");
	html_field_le(fl, 0x15);
	html_field_dec(fl, "begins the TLV header (%lu bytes)", (unsigned long)ota_matter_header_size(m));
	fl = tag_field(f, m, 0, "VendorID (tag 0)");
	html_field_dec(fl, "0x%04X (%u)", h->vendor_id, h->vendor_id);
	fl = tag_field(f, m, 1, "ProductID (tag 1)");
	html_field_dec(fl, "0x%04X (%u)", h->product_id, h->product_id);
	fl = tag_field(f, m, 2, "SoftwareVersion (tag 2)");
	html_field_dec(fl, "%lu (0x%08lX)", (unsigned long)h->version, (unsigned long)h->version);
	fl = tag_field(f, m, 3, "SoftwareVersionString (tag 3)");
	html_field_dec(fl, "\"%s\"", h->version_string);
	fl = tag_field(f, m, 4, "PayloadSize (tag 4)");
	html_field_dec(fl, "%llu bytes at offset %llu", (unsigned long long)h->payload_size,
	    (unsigned long long)ota_matter_payload_offset(m));
	if (h->has_min_version) {
		fl = tag_field(f, m, 5, "MinApplicableSoftwareVersion (tag 5)");
		html_field_dec(fl, "%lu", (unsigned long)h->min_version);
	}
	if (h->has_max_version) {
		fl = tag_field(f, m, 6, "MaxApplicableSoftwareVersion (tag 6)");
		html_field_dec(fl, "%lu", (unsigned long)h->max_version);
	}
	if (h->has_url) {
		fl = tag_field(f, m, 7, "ReleaseNotesURL (tag 7)");
		html_field_dec(fl, "%s", h->release_notes_url);
	}
	fl = tag_field(f, m, 8, "ImageDigestType (tag 8)");
	html_field_dec(fl, "%u (%s)", (unsigned)h->digest_type,
	    ota_matter_digest_name(h->digest_type) != NULL ?
	    ota_matter_digest_name(h->digest_type) : "unknown");
	fl = tag_field(f, m, 9, "ImageDigest (tag 9)");
	html_field_dec(fl, "%zu-byte digest", h->digest_len);
	fl = html_field_add(f, t + ota_matter_header_size(m) - 1, 1, "TLV end of structure");
	html_field_le(fl, 0x18);
	html_field_dec(fl, "ends the TLV header");
}

void
html_matter(FILE *fp, struct html_file *f, const struct html_opts *o)
{
	struct ota_matter *m = ota_matter_new();
	struct ota_matter_header h;
	const char *msg;
	uint64_t off;
	size_t i;
	int r, code;

	if (m == NULL)
		tool_die(EXIT_USAGE, "out of memory");
	f->format = "matter";
	r = strcmp(f->file, "-") == 0 ? ota_matter_open_cb(m, in_stdin_read, NULL) :
	    ota_matter_open_path(m, f->file);
	if (r != OTA_OK || ota_matter_get_header(m, &h) != OTA_OK) {
		f->err = r != OTA_OK ? r : OTA_E_STATE;
		f->erroff = ota_matter_erroffset(m);
		(void)snprintf(f->errmsg, sizeof(f->errmsg), "%s", ota_matter_errmsg(m));
		f->status = status_for(f->err);
		html_section_begin(fp, f);
		html_section_end(fp, f);
		ota_matter_free(&m);
		return;
	}
	if (ota_matter_total_size(m) > f->size)
		f->size = ota_matter_total_size(m);
	html_seg_add(f, 0, 16, "header", "fixed header");
	html_seg_add(f, 16, ota_matter_header_size(m), "tlv", "TLV header");
	html_seg_add(f, ota_matter_payload_offset(m), h.payload_size, "payload", "payload");
	html_hex_read(f, 0, 16 + (size_t)ota_matter_header_size(m));
	matter_fields(f, m, &h);
	if (o->verify) {
		f->verified = 1;
		if ((f->verify_err = ota_matter_verify(m)) != OTA_OK) {
			(void)snprintf(f->verify_msg, sizeof(f->verify_msg), "offset %llu: %s",
			    (unsigned long long)ota_matter_erroffset(m), ota_matter_errmsg(m));
			f->status = f->verify_err == OTA_E_UNSUPPORTED ? EXIT_INVALID :
			    status_for(f->verify_err);
		}
	}
	for (i = 0; i < ota_matter_diag_count(m); i++)
		if (ota_matter_diag_get(m, i, &code, &off, &msg) == OTA_OK)
			html_diag_add(f, code, off, msg, 1);
	html_section_begin(fp, f);
	if (f->verified) {
		fputs("<h3>Verify</h3>\n<table class=\"verify\"><tr><th>check</th><th>result</th>"
		    "<th>detail</th></tr>\n", fp);
		html_check_row(fp, "ImageDigest", f->verify_err == OTA_OK ? "PASS" :
		    f->verify_err == OTA_E_UNSUPPORTED ? "SKIP" : "FAIL", f->verify_err == OTA_OK ?
		    "the payload's digest matches" : f->verify_msg);
		fputs("</table>\n", fp);
	}
	html_section_end(fp, f);
	ota_matter_free(&m);
}
