/* inspect_json.c - otaimg inspect --json: the stable schema documented in
 * otaimg-inspect(1).  One JSON array, one object per file. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "otaimg.h"
#include "tool.h"
#include "mesharchive.h"

#define SCHEMA_VERSION 1

static json_t *
hexnum(uint64_t v, int digits)
{
	char b[24];

	(void)snprintf(b, sizeof(b), "0x%0*llX", digits, (unsigned long long)v);
	return json_string(b);
}

/* Set key to a number and key_hex to its hex form. */
static void
setnum(json_t *o, const char *key, uint64_t v, int digits)
{
	char k[64];

	json_object_set_new(o, key, json_integer((json_int_t)v));
	(void)snprintf(k, sizeof(k), "%s_hex", key);
	json_object_set_new(o, k, hexnum(v, digits));
}

/* The same for other formats' objects (tool.h). */
void
json_set_num(json_t *o, const char *key, uint64_t v, int digits)
{
	setnum(o, key, v, digits);
}

static json_t *
hexbytes(const uint8_t *p, size_t n)
{
	static const char hx[] = "0123456789abcdef";
	char b[2 * 64 + 1];
	size_t i;

	for (i = 0; i < n && i < 64; i++) {
		b[2 * i] = hx[p[i] >> 4];
		b[2 * i + 1] = hx[p[i] & 15];
	}
	b[2 * i] = '\0';
	return json_string(b);
}

/* Length of the strict UTF-8 sequence at p (RFC 3629: no overlong forms,
 * no surrogates, nothing past U+10FFFF), or 0. */
static size_t
utf8_seq(const unsigned char *p)
{
	uint32_t cp;
	size_t need, k;

	if (p[0] < 0x80)
		return 1;
	if (p[0] >= 0xc2 && p[0] <= 0xdf)
		need = 1, cp = p[0] & 0x1fu;
	else if ((p[0] & 0xf0) == 0xe0)
		need = 2, cp = p[0] & 0x0fu;
	else if (p[0] >= 0xf0 && p[0] <= 0xf4)
		need = 3, cp = p[0] & 0x07u;
	else
		return 0;
	for (k = 1; k <= need; k++) {
		if ((p[k] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (p[k] & 0x3fu);
	}
	if ((need == 2 && cp < 0x800) || (need == 3 && cp < 0x10000) || cp > 0x10ffff ||
	    (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return need + 1;
}

json_t *
json_error(int r, int verify, const char *msg, uint64_t off)
{
	json_t *e;

	if (r == OTA_OK)
		return json_null();
	e = json_object();
	json_object_set_new(e, "code", json_string(ota_errname(r)));
	if (verify) {
		json_object_set_new(e, "value", json_integer(r));
		json_object_set_new(e, "text", json_string(ota_strerror(r)));
	}
	json_object_set_new(e, "message", json_string(msg));
	json_object_set_new(e, "offset", json_integer((json_int_t)off));
	return e;
}

/* The "file" key (otaimg-inspect(1)): the name as given when it is UTF-8;
 * otherwise each byte that is not part of a UTF-8 sequence becomes U+FFFD
 * and "file_hex" holds the exact bytes. */
void
json_set_file(json_t *o, const char *file)
{
	const unsigned char *p = (const unsigned char *)file;
	size_t len = strlen(file), i, n = 0, k;
	char *txt, *hex;
	int bad = 0;

	for (i = 0; i < len; i += k)
		if ((k = utf8_seq(p + i)) == 0)
			bad = 1, k = 1;
	if (!bad) {
		json_object_set_new(o, "file", json_string(file));
		return;
	}
	if ((txt = malloc(3 * len + 1)) == NULL || (hex = malloc(2 * len + 1)) == NULL)
		tool_die(EXIT_USAGE, "out of memory");
	for (i = 0; i < len; i += k) {
		if ((k = utf8_seq(p + i)) == 0) {
			memcpy(txt + n, "\xef\xbf\xbd", 3);
			n += 3;
			k = 1;
		} else {
			memcpy(txt + n, p + i, k);
			n += k;
		}
	}
	txt[n] = '\0';
	for (i = 0; i < len; i++)
		(void)snprintf(hex + 2 * i, 3, "%02x", p[i]);
	hex[2 * len] = '\0';
	json_object_set_new(o, "file", json_string(txt));
	json_object_set_new(o, "file_hex", json_string(hex));
	free(txt);
	free(hex);
}

static json_t *
header_obj(const struct ota_image *img)
{
	json_t *h = json_object(), *s = json_object(), *split = json_object(), *d;
	uint32_t fv = ota_image_file_version(img);
	uint16_t hmin, hmax;
	uint64_t dest;
	uint8_t cred, le[8];
	char text[160], oct[16];
	int i;

	setnum(h, "header_version", ota_image_header_version(img), 4);
	json_object_set_new(h, "header_length", json_integer(ota_image_header_length(img)));
	setnum(h, "field_control", ota_image_field_control(img), 4);
	setnum(h, "manufacturer_code", ota_image_manufacturer_code(img), 4);
	setnum(h, "image_type", ota_image_image_type(img), 4);
	setnum(h, "file_version", fv, 8);
	(void)ota_version_u32_format(fv, oct, sizeof(oct));
	json_object_set_new(h, "file_version_octets", json_string(oct));
	json_object_set_new(split, "app_release", json_integer((fv >> 24) & 0xff));
	json_object_set_new(split, "app_build", json_integer((fv >> 16) & 0xff));
	json_object_set_new(split, "stack_release", json_integer((fv >> 8) & 0xff));
	json_object_set_new(split, "stack_build", json_integer(fv & 0xff));
	json_object_set_new(h, "file_version_split", split);
	setnum(h, "stack_version", ota_image_stack_version(img), 4);
	json_object_set_new(h, "stack_version_name",
	    json_string(stack_name(ota_image_stack_version(img))));
	(void)ota_image_header_string_text(img, text, sizeof(text));
	json_object_set_new(s, "text", json_string(text));
	json_object_set_new(s, "hex", hexbytes(ota_image_header_string_ptr(img), OTA_HEADER_STRING_LEN));
	json_object_set_new(h, "header_string", s);
	setnum(h, "total_image_size", ota_image_total_image_size(img), 8);
	if (ota_image_security_credential(img, &cred) == OTA_OK) {
		setnum(h, "security_credential_version", cred, 2);
		json_object_set_new(h, "security_credential_version_name",
		    json_string(credential_name(cred)));
	}
	if (ota_image_destination(img, &dest) == OTA_OK) {
		char e[17];

		d = json_object();
		(void)snprintf(e, sizeof(e), "%016llX", (unsigned long long)dest);
		json_object_set_new(d, "eui64", json_string(e));
		for (i = 0; i < 8; i++)
			le[i] = (uint8_t)(dest >> (8 * i));
		json_object_set_new(d, "file_bytes_hex", hexbytes(le, 8));
		json_object_set_new(h, "destination", d);
	}
	if (ota_image_hw_versions(img, &hmin, &hmax) == OTA_OK) {
		setnum(h, "hw_min", hmin, 4);
		setnum(h, "hw_max", hmax, 4);
	}
	return h;
}

static json_t *
elements_arr(const struct ota_image *img)
{
	json_t *a = json_array(), *e;
	size_t i, n = ota_image_element_count(img);

	for (i = 0; i < n; i++) {
		uint16_t tag = ota_image_element_tag(img, i);
		uint64_t off = ota_image_element_offset(img, i);
		uint64_t doff = ota_image_element_data_offset(img, i);

		e = json_object();
		json_object_set_new(e, "index", json_integer((json_int_t)i));
		setnum(e, "tag", tag, 4);
		json_object_set_new(e, "tag_name", json_string(ota_tag_name(tag)));
		json_object_set_new(e, "offset", json_integer((json_int_t)off));
		json_object_set_new(e, "header_size", json_integer((json_int_t)(doff - off)));
		json_object_set_new(e, "data_offset", json_integer((json_int_t)doff));
		json_object_set_new(e, "length", json_integer(ota_image_element_length(img, i)));
		json_object_set_new(e, "payload_kind",
		    json_string(ota_payload_kind_name(ota_image_element_kind(img, i))));
		json_object_set_new(e, "payload_kind_offset",
		    json_integer(ota_image_element_kind_offset(img, i)));
		json_array_append_new(a, e);
	}
	return a;
}

/* The upgrade image: the first tag-0x0000 element, else the raw payload,
 * else the first element. */
static json_t *
payload_obj(const struct ota_image *img)
{
	json_t *p = json_object();
	uint64_t off, len;
	enum ota_payload_kind k;
	size_t i;

	if (ota_image_element_find(img, OTA_TAG_UPGRADE_IMAGE, 0, &i) == OTA_OK ||
	    (ota_image_raw_payload(img, NULL, NULL, NULL) != OTA_OK &&
	    ota_image_element_count(img) > 0 && (i = 0, 1))) {
		json_object_set_new(p, "source", json_string("element"));
		json_object_set_new(p, "index", json_integer((json_int_t)i));
		json_object_set_new(p, "offset",
		    json_integer((json_int_t)ota_image_element_data_offset(img, i)));
		json_object_set_new(p, "length", json_integer(ota_image_element_length(img, i)));
		json_object_set_new(p, "kind",
		    json_string(ota_payload_kind_name(ota_image_element_kind(img, i))));
		json_object_set_new(p, "kind_offset",
		    json_integer(ota_image_element_kind_offset(img, i)));
	} else if (ota_image_gbcs(img, &off, &len, NULL) == OTA_OK) {
		json_object_set_new(p, "source", json_string("manufacturer-image"));
		json_object_set_new(p, "offset", json_integer((json_int_t)off));
		json_object_set_new(p, "length", json_integer((json_int_t)len));
	} else if (ota_image_raw_payload(img, &off, &len, &k) == OTA_OK) {
		json_object_set_new(p, "source", json_string("raw"));
		json_object_set_new(p, "offset", json_integer((json_int_t)off));
		json_object_set_new(p, "length", json_integer((json_int_t)len));
		json_object_set_new(p, "kind", json_string(ota_payload_kind_name(k)));
	} else {
		json_object_set_new(p, "source", json_string("none"));
	}
	return p;
}

json_t *
json_diags(const struct ota_image *img)
{
	json_t *a = json_array(), *d;
	size_t i, n = ota_image_diag_count(img);

	for (i = 0; i < n; i++) {
		int code = ota_image_diag_code(img, i);

		d = json_object();
		json_object_set_new(d, "code", json_string(ota_diag_name(code)));
		json_object_set_new(d, "severity", json_string(ota_severity_name(ota_diag_severity(code))));
		json_object_set_new(d, "offset", json_integer((json_int_t)ota_image_diag_offset(img, i)));
		json_object_set_new(d, "message", json_string(ota_image_diag_message(img, i)));
		json_object_set_new(d, "count", json_integer((json_int_t)ota_image_diag_repeat(img, i)));
		json_array_append_new(a, d);
	}
	return a;
}

static json_t *
eui(uint64_t v)
{
	char b[17];

	(void)snprintf(b, sizeof(b), "%016llX", (unsigned long long)v);
	return json_string(b);
}

/* A Smart Energy signature, as found (not checked). */
static json_t *
signature_obj(const struct ota_image *img)
{
	uint64_t signer, subject, issuer;
	json_t *o;
	int suite;

	if (ota_image_signature_info(img, &suite, &signer, &subject, &issuer) != OTA_OK)
		return json_null();
	o = json_object();
	json_object_set_new(o, "suite", json_integer(suite));
	json_object_set_new(o, "signer", eui(signer));
	json_object_set_new(o, "subject", eui(subject));
	json_object_set_new(o, "issuer", eui(issuer));
	return o;
}

/* GBCS: Manufacturer Image (offset, length, SHA-256) and trailer. */
static json_t *
gbcs_obj(struct ota_image *img)
{
	json_t *g, *mi, *t;
	uint64_t off, len, toff;
	uint8_t h[32];

	if (ota_image_gbcs(img, &off, &len, &toff) != OTA_OK)
		return json_null();
	g = json_object();
	mi = json_object();
	json_object_set_new(mi, "offset", json_integer((json_int_t)off));
	json_object_set_new(mi, "length", json_integer((json_int_t)len));
	if (ota_image_manufacturer_hash(img, 0, h) == OTA_OK)
		json_object_set_new(mi, "sha256", hexbytes(h, sizeof(h)));
	json_object_set_new(g, "manufacturer_image", mi);
	if (toff != 0) {
		t = json_object();
		json_object_set_new(t, "offset", json_integer((json_int_t)toff));
		json_object_set_new(t, "signature_length", json_integer(64));
		json_object_set_new(t, "signature_offset", json_integer((json_int_t)(toff + 2)));
		json_object_set_new(g, "trailer", t);
	} else {
		json_object_set_new(g, "trailer", json_null());
	}
	return g;
}

/* A truncated input: the header fields it does not hold are null, and
 * "truncated" says where it ends and where the image would. */
static void
truncation(json_t *o, const struct ota_image *img)
{
	static const struct {
		const char *key;
		unsigned end;
		int hex;
	} f[] = { { "header_version", 6, 1 }, { "header_length", 8, 0 },
		{ "field_control", 10, 1 }, { "manufacturer_code", 12, 1 }, { "image_type", 14, 1 },
		{ "file_version", 18, 1 }, { "file_version_octets", 18, 0 },
		{ "file_version_split", 18, 0 }, { "stack_version", 20, 1 },
		{ "stack_version_name", 20, 0 }, { "header_string", 52, 0 },
		{ "total_image_size", 56, 1 } };
	json_t *h = json_object_get(o, "header"), *t;
	uint64_t at, end;
	char k[64];
	size_t i;

	if (ota_image_truncation(img, &at, &end) != OTA_OK)
		return;
	for (i = 0; i < sizeof(f) / sizeof(f[0]); i++) {
		if (header_has(img, f[i].end))
			continue;
		json_object_set_new(h, f[i].key, json_null());
		(void)snprintf(k, sizeof(k), "%s_hex", f[i].key);
		if (f[i].hex)
			json_object_set_new(h, k, json_null());
	}
	t = json_object();
	json_object_set_new(t, "ends_at", json_integer((json_int_t)at));
	json_object_set_new(t, "image_end", end != 0 ? json_integer((json_int_t)end) : json_null());
	json_object_set_new(o, "truncated", t);
}

static json_t *
image_obj(struct ota_image *img, const char *file)
{
	json_t *o = json_object(), *c = json_object(), *t = json_object(), *raw;
	uint64_t roff, rlen;
	enum ota_payload_kind rk;

	json_object_set_new(o, "schema", json_integer(SCHEMA_VERSION));
	json_set_file(o, file);
	json_object_set_new(o, "format", json_string(ota_image_walk(img) == OTA_WALK_GBCS ?
	    "gbcs" : "zigbee-ota"));
	json_object_set_new(o, "file_size", json_integer((json_int_t)ota_image_file_size(img)));
	json_object_set_new(c, "kind", json_string(container_name(ota_image_container(img))));
	json_object_set_new(c, "ota_offset", json_integer((json_int_t)ota_image_ota_offset(img)));
	json_object_set_new(o, "container", c);
	json_object_set_new(o, "header", header_obj(img));
	json_object_set_new(o, "walk", json_string(walk_name(ota_image_walk(img))));
	json_object_set_new(o, "elements", elements_arr(img));
	if (ota_image_raw_payload(img, &roff, &rlen, &rk) == OTA_OK) {
		raw = json_object();
		json_object_set_new(raw, "offset", json_integer((json_int_t)roff));
		json_object_set_new(raw, "length", json_integer((json_int_t)rlen));
		json_object_set_new(raw, "kind", json_string(ota_payload_kind_name(rk)));
	} else {
		raw = json_null();
	}
	json_object_set_new(o, "raw_payload", raw);
	json_object_set_new(o, "payload", payload_obj(img));
	json_object_set_new(t, "offset", json_integer((json_int_t)ota_image_trailer_offset(img)));
	json_object_set_new(t, "length", json_integer((json_int_t)ota_image_trailer_length(img)));
	json_object_set_new(t, "kind",
	    json_string(ota_trailer_kind_name(ota_image_trailer_kind(img))));
	json_object_set_new(o, "trailer", t);
	json_object_set_new(o, "signature", signature_obj(img));
	json_object_set_new(o, "gbcs", gbcs_obj(img));
	json_object_set_new(o, "diagnostics", json_diags(img));
	truncation(o, img);
	return o;
}

static json_t *
error_obj(const char *file, int err, const struct ota_image *img)
{
	json_t *o = json_object(), *e = json_object();

	json_object_set_new(o, "schema", json_integer(SCHEMA_VERSION));
	json_set_file(o, file);
	json_object_set_new(e, "code", json_string(ota_errname(err)));
	json_object_set_new(e, "message", json_string(ota_image_errmsg(img)));
	json_object_set_new(e, "offset", json_integer((json_int_t)ota_image_erroffset(img)));
	json_object_set_new(o, "error", e);
	return o;
}

/* json_dump_callback target: standard output, each line indented by two
 * more spaces (an element of the top-level array).  JSON strings hold no
 * raw newline, so every '\n' is a line break of the layout. */
static int
indented(const char *buf, size_t len, void *data)
{
	const char *nl;

	(void)data;
	while (len > 0) {
		nl = memchr(buf, '\n', len);
		if (nl == NULL)
			return fwrite(buf, 1, len, stdout) == len ? 0 : -1;
		if (fwrite(buf, 1, (size_t)(nl - buf) + 1, stdout) != (size_t)(nl - buf) + 1 ||
		    fputs("  ", stdout) == EOF)
			return -1;
		len -= (size_t)(nl - buf) + 1;
		buf = nl + 1;
	}
	return 0;
}

/* Print one object of the top-level array and free it: the output is the
 * bytes json_dumpf gives for the whole array with JSON_INDENT(2), written
 * one file at a time (memory does not grow with the number of files). */
void
json_stream_item(json_t *o, int first)
{
	if (o == NULL || fputs(first ? "[\n  " : ",\n  ", stdout) == EOF ||
	    json_dump_callback(o, indented, NULL, JSON_INDENT(2) | JSON_PRESERVE_ORDER) != 0)
		tool_die(EXIT_USAGE, "cannot write the JSON output");
	json_decref(o);
	if (stdout_flush() != 0)
		exit(EXIT_USAGE);
}

/* Close the array json_stream_item opened (n: the items written). */
void
json_stream_end(int n)
{
	if (fputs(n == 0 ? "[]\n" : "\n]\n", stdout) == EOF || stdout_flush() != 0)
		tool_die(EXIT_USAGE, "cannot write the JSON output");
}

int
inspect_json(char **files, int nfiles, enum ota_format format)
{
	struct ota_image *img;
	int i, r, status = EXIT_OK, s;

	for (i = 0; i < nfiles; i++) {
		if (in_kind(files[i]) == IN_ARCHIVE) {   /* a Mesh DFU archive (tools/mesharchive.c) */
			json_stream_item(mesharchive_json(files[i], &s), i == 0);
			status = s > status ? s : status;
			continue;
		}
		if (in_kind(files[i]) == IN_MCUBOOT) { /* by its magic */
			json_stream_item(mcuboot_inspect_json(files[i], &s), i == 0);
			status = s > status ? s : status;
			continue;
		}
		if (in_kind(files[i]) == IN_MATTER) { /* 0x1BEEF11E (tools/matter.c) */
			json_stream_item(matter_inspect_json(files[i], inspect_dcl, &s), i == 0);
			status = s > status ? s : status;
			continue;
		}
		if (inspect_dcl) { /* as the text report: a usage error, the file named */
			json_t *o = json_object(), *e = json_object();

			tool_warn("%s: --dcl: not a Matter OTA image", shown(files[i]));
			json_object_set_new(o, "schema", json_integer(SCHEMA_VERSION));
			json_set_file(o, files[i]);
			json_object_set_new(e, "code", json_string(ota_errname(OTA_E_UNSUPPORTED)));
			json_object_set_new(e, "message",
			    json_string("--dcl: not a Matter OTA image"));
			json_object_set_new(o, "error", e);
			json_stream_item(o, i == 0);
			status = EXIT_USAGE;
			continue;
		}
		if ((img = ota_image_new()) == NULL || ota_image_set_format(img, format) != OTA_OK ||
		    ota_image_set_open_flags(img, OTA_OPEN_PARTIAL) != OTA_OK)
			tool_die(EXIT_USAGE, "out of memory");
		progress_image(img);
		r = in_open_image(img, files[i]);
		if (r == OTA_OK) {
			json_stream_item(image_obj(img, files[i]), i == 0);
			if (ota_image_truncation(img, NULL, NULL) == OTA_OK)
				status = EXIT_INVALID > status ? EXIT_INVALID : status;
		} else {
			json_stream_item(error_obj(files[i], r, img), i == 0);
			s = status_for(r);
			status = s > status ? s : status;
		}
		ota_image_free(&img);
	}
	json_stream_end(nfiles);
	return status;
}
