/* verify_json.c - otaimg verify --json: one JSON array, one object per
 * file, in the stable schema documented in otaimg-verify(1) (the style of
 * inspect --json; written one file at a time). */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "otaimg.h"
#include "tool.h"
#include "mesharchive.h"

#define SCHEMA_VERSION 1

static json_t *
hex16(const uint8_t *p)
{
	char b[33];
	size_t i;

	for (i = 0; i < 16; i++)
		(void)snprintf(b + 2 * i, 3, "%02X", p[i]);
	return json_string(b);
}

static json_t *
eui(uint64_t v)
{
	char b[17];

	(void)snprintf(b, sizeof(b), "%016llX", (unsigned long long)v);
	return json_string(b);
}

static json_t *
error_obj(int r, const struct ota_image *img)
{
	return json_error(r, 1, ota_image_errmsg(img), ota_image_erroffset(img));
}

/* The signature found and what became of it, or null. */
static json_t *
signature_obj(const struct ota_image *img)
{
	uint64_t signer, subject, issuer;
	json_t *o;
	int suite;

	if (ota_image_signature_info(img, &suite, &signer, &subject, &issuer) == OTA_OK) {
		o = json_object();
		json_object_set_new(o, "suite", json_string(suite == 1 ? "se-suite-1" : "se-suite-2"));
		json_object_set_new(o, "result", json_string(ota_sig_result_name(ota_image_sig_result(img))));
		json_object_set_new(o, "signer", eui(signer));
		json_object_set_new(o, "subject", eui(subject));
		json_object_set_new(o, "issuer", eui(issuer));
		return o;
	}
	if (ota_image_sig_result(img) == OTA_SIG_ABSENT)
		return json_null();
	o = json_object();
	json_object_set_new(o, "suite", json_string(ota_image_gbcs(img, NULL, NULL, NULL) ==
	    OTA_OK ? "gbcs-supplier" : "unknown"));
	json_object_set_new(o, "result", json_string(ota_sig_result_name(ota_image_sig_result(img))));
	return o;
}

/* Bytes after the image: where, what, and (4 bytes) the CRC-32 verdict. */
static json_t *
trailer_obj(const struct ota_image *img, int r)
{
	enum ota_trailer_kind k = ota_image_trailer_kind(img);
	json_t *o;

	if (ota_image_trailer_length(img) == 0)
		return json_null();
	o = json_object();
	json_object_set_new(o, "offset", json_integer((json_int_t)ota_image_trailer_offset(img)));
	json_object_set_new(o, "length", json_integer((json_int_t)ota_image_trailer_length(img)));
	json_object_set_new(o, "kind", json_string(ota_trailer_kind_name(k)));
	/* verify compares a 4-byte trailer with the image's CRC-32 once its
	 * hashing pass has run, which a verify that succeeded did */
	json_object_set_new(o, "crc32", k == OTA_TRAILER_CRC32 ? json_string("match") :
	    k == OTA_TRAILER_CRC32_CANDIDATE && r == OTA_OK ? json_string("mismatch") : json_null());
	return o;
}

static json_t *
result_obj(const char *file, struct ota_image *img, int opened, int r)
{
	json_t *o = json_object(), *ic;
	enum ota_iic_result iic;
	uint8_t code[16];

	json_object_set_new(o, "schema", json_integer(SCHEMA_VERSION));
	json_set_file(o, file);
	json_object_set_new(o, "ok", json_boolean(r == OTA_OK));
	json_object_set_new(o, "error", error_obj(r, img));
	if (!opened)
		return o;
	json_object_set_new(o, "format", json_string(ota_image_walk(img) == OTA_WALK_GBCS ?
	    "gbcs" : "zigbee-ota"));
	iic = ota_image_iic_result(img);
	ic = json_object();
	json_object_set_new(ic, "result", json_string(ota_iic_result_name(iic)));
	json_object_set_new(ic, "stored", ota_image_iic_stored(img, code) == OTA_OK ?
	    hex16(code) : json_null());
	json_object_set_new(ic, "computed", ota_image_iic_computed(img, code) == OTA_OK ?
	    hex16(code) : json_null());
	json_object_set_new(o, "integrity_code", ic);
	json_object_set_new(o, "signature", signature_obj(img));
	json_object_set_new(o, "protected", json_boolean(iic == OTA_IIC_MATCH ||
	    iic == OTA_IIC_MATCH_VENDOR || ota_image_sig_result(img) == OTA_SIG_VALID));
	json_object_set_new(o, "trailer", trailer_obj(img, r));
	json_object_set_new(o, "diagnostics", json_diags(img));
	return o;
}

int
verify_json(char **files, int nfiles, const struct ota_trust *trust, unsigned flags,
    enum ota_format format, const struct ota_key *key)
{
	struct ota_image *img;
	int i, r, opened, status = EXIT_OK, s;

	for (i = 0; i < nfiles; i++) {
		if (in_kind(files[i]) == IN_ARCHIVE) {   /* a Mesh DFU archive (tools/mesharchive.c) */
			s = mesharchive_verify(files[i], key, flags, 1, i == 0);
			status = s > status ? s : status;
			continue;
		}
		if (in_kind(files[i]) == IN_MCUBOOT) { /* by its magic */
			s = mcuboot_verify(files[i], key, flags, 1, i == 0);
			status = s > status ? s : status;
			continue;
		}
		if (in_kind(files[i]) == IN_MATTER) { /* 0x1BEEF11E (tools/matter.c) */
			s = matter_verify(files[i], 1, i == 0);
			status = s > status ? s : status;
			continue;
		}
		if ((img = ota_image_new()) == NULL || ota_image_set_format(img, format) != OTA_OK)
			tool_die(EXIT_USAGE, "out of memory");
		progress_image(img);
		r = in_open_image(img, files[i]);
		opened = r == OTA_OK;
		if (opened)
			r = ota_image_verify_trust(img, trust, flags);
		json_stream_item(result_obj(files[i], img, opened, r), i == 0);
		if (r != OTA_OK) {
			s = status_for(r);
			status = s > status ? s : status;
		}
		ota_image_free(&img);
	}
	json_stream_end(nfiles);
	return status;
}
