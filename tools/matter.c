/* matter.c - Matter OTA images in otaimg: inspect (text, JSON, ledger
 * values), verify and extract of a file that starts with 0x1BEEF11E. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "otaimg.h"
#include "tool.h"

/* Open FILE ("-": standard input), with the ledger digest when dcl and the
 * payload to sink when not NULL; the error is printed unless quiet. */
static int
mopen(const char *file, struct ota_matter **mp, int dcl, ota_write_fn sink, void *ctx,
    int quiet)
{
	struct ota_matter *m = ota_matter_new();
	int r;

	if (m == NULL)
		tool_die(EXIT_USAGE, "out of memory");
	*mp = m;
	if (dcl)
		(void)ota_matter_set_file_digest(m, 0);
	if (sink != NULL)
		(void)ota_matter_set_payload_sink(m, sink, ctx);
	r = strcmp(file, "-") == 0 ? ota_matter_open_cb(m, in_stdin_read, NULL) :
	    ota_matter_open_path(m, file);
	if (r != OTA_OK && !quiet)
		tool_warn("%s: offset %llu: %s (%s): %s", shown(file),
		    (unsigned long long)ota_matter_erroffset(m), ota_strerror(r), ota_errname(r),
		    ota_matter_errmsg(m));
	return r;
}

static void
b64(const uint8_t *p, size_t n, char *out)
{
	static const char a[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	size_t i, o = 0;
	uint32_t v;

	for (i = 0; i < n; i += 3) {
		v = (uint32_t)p[i] << 16 | (i + 1 < n ? (uint32_t)p[i + 1] << 8 : 0) |
		    (i + 2 < n ? p[i + 2] : 0);
		out[o++] = a[v >> 18 & 63];
		out[o++] = a[v >> 12 & 63];
		out[o++] = i + 1 < n ? a[v >> 6 & 63] : '=';
		out[o++] = i + 2 < n ? a[v & 63] : '=';
	}
	out[o] = '\0';
}

static void
hexstr(const uint8_t *p, size_t n, char *out)
{
	static const char hx[] = "0123456789abcdef";
	size_t i;

	for (i = 0; i < n; i++) {
		out[2 * i] = hx[p[i] >> 4];
		out[2 * i + 1] = hx[p[i] & 15];
	}
	out[2 * n] = '\0';
}

static const char *
dname(unsigned t)
{
	return ota_matter_digest_name(t) != NULL ? ota_matter_digest_name(t) : "unknown";
}

/* ---- inspect ---- */
int
matter_inspect(const char *file, int dcl)
{
	static const char *sev[] = { "note", "warning", "error" };
	struct ota_matter_header h;
	struct ota_matter *m;
	uint8_t d[OTA_MATTER_DIGEST_MAX];
	char hx[2 * OTA_MATTER_DIGEST_MAX + 1], b[4 * OTA_MATTER_DIGEST_MAX / 3 + 4];
	const char *msg;
	size_t dl = sizeof(d), i;
	uint64_t off;
	unsigned t;
	int r, code;

	if ((r = mopen(file, &m, dcl, NULL, NULL, 0)) != OTA_OK) {
		ota_matter_free(&m);
		return status_for(r);
	}
	(void)ota_matter_get_header(m, &h);
	printf("%s\n", shown(file));
	printf("  format               Matter OTA image\n");
	printf("  file identifier      0x%08x\n", OTA_MATTER_FILE_ID);
	printf("  total size           %llu\n", (unsigned long long)ota_matter_total_size(m));
	printf("  header size          %lu\n", (unsigned long)ota_matter_header_size(m));
	printf("  vendor id            %u (0x%04x)\n", h.vendor_id, h.vendor_id);
	printf("  product id           %u (0x%04x)\n", h.product_id, h.product_id);
	printf("  software version     %lu (0x%08lx)\n", (unsigned long)h.version,
	    (unsigned long)h.version);
	printf("  version string       %s\n", shown(h.version_string));
	printf("  payload size         %llu at offset %llu\n", (unsigned long long)h.payload_size,
	    (unsigned long long)ota_matter_payload_offset(m));
	if (h.has_min_version)
		printf("  min applicable       %lu (0x%08lx)\n", (unsigned long)h.min_version,
		    (unsigned long)h.min_version);
	if (h.has_max_version)
		printf("  max applicable       %lu (0x%08lx)\n", (unsigned long)h.max_version,
		    (unsigned long)h.max_version);
	if (h.has_url)
		printf("  release notes url    %s\n", shown(h.release_notes_url));
	printf("  digest type          %u (%s)\n", (unsigned)h.digest_type, dname(h.digest_type));
	hexstr(h.digest, h.digest_len, hx);
	printf("  digest               %s\n", hx);
	if (ota_matter_digest(m, d, &dl) == OTA_OK) {
		hexstr(d, dl, hx);
		printf("  digest computed      %s (%s)\n", hx, dl == h.digest_len &&
		    memcmp(d, h.digest, dl) == 0 ? "matches" : "DIFFERS");
	}
	if (dcl) {
		dl = sizeof(d);
		if (ota_matter_file_digest(m, &t, d, &dl) == OTA_OK) {
			b64(d, dl, b);
			printf("  dcl otaFileSize      %llu\n",
			    (unsigned long long)ota_matter_total_size(m));
			printf("  dcl otaChecksum      %s\n", b);
			printf("  dcl otaChecksumType  %u (%s)\n", t, dname(t));
		}
	}
	for (i = 0; i < ota_matter_diag_count(m); i++)
		if (ota_matter_diag_get(m, i, &code, &off, &msg) == OTA_OK)
			printf("  %-8s offset %llu: %s [%s]\n", sev[ota_diag_severity(code)],
			    (unsigned long long)off, msg, ota_diag_name(code));
	ota_matter_free(&m);
	return EXIT_OK;
}

static json_t *
err_json(const struct ota_matter *m, int r, int verify)
{
	return json_error(r, verify, ota_matter_errmsg(m), ota_matter_erroffset(m));
}

static json_t *
diags_json(const struct ota_matter *m)
{
	json_t *a = json_array(), *d;
	const char *msg;
	uint64_t off;
	size_t i;
	int code;

	for (i = 0; i < ota_matter_diag_count(m); i++) {
		if (ota_matter_diag_get(m, i, &code, &off, &msg) != OTA_OK)
			continue;
		d = json_object();
		json_object_set_new(d, "code", json_string(ota_diag_name(code)));
		json_object_set_new(d, "severity",
		    json_string(ota_severity_name(ota_diag_severity(code))));
		json_object_set_new(d, "offset", json_integer((json_int_t)off));
		json_object_set_new(d, "message", json_string(msg));
		json_object_set_new(d, "count", json_integer(1));
		json_array_append_new(a, d);
	}
	return a;
}

/* key and key_hex, or both null when absent */
static void
opt_num(json_t *o, const char *key, int has, uint32_t v)
{
	char k[64];

	if (has) {
		json_set_num(o, key, v, 8);
		return;
	}
	json_object_set_new(o, key, json_null());
	(void)snprintf(k, sizeof(k), "%s_hex", key);
	json_object_set_new(o, k, json_null());
}

/* A header string (at most 256 bytes): as it is when it is UTF-8; otherwise
 * each byte that is not part of a UTF-8 sequence becomes U+FFFD and key_hex
 * holds the exact bytes (as "file" and "file_hex", otaimg-inspect(1)).
 * jansson's json_stringn() is the UTF-8 check, one sequence at a time. */
static void
json_set_text(json_t *o, const char *key, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	char txt[3 * 256 + 1], hx[2 * 256 + 1], k[64];
	size_t len = strlen(s), i, n = 0, w;
	json_t *j;

	if ((j = json_string(s)) != NULL || len > 256) {
		json_object_set_new(o, key, j != NULL ? j : json_null());
		return;
	}
	for (i = 0; i < len; i += w) {
		j = NULL;
		for (w = p[i] < 0x80 ? 1 : 2; j == NULL && w <= 4 && i + w <= len; w++)
			j = json_stringn(s + i, w);
		if (j != NULL) {
			w--;
			json_decref(j);
			memcpy(txt + n, s + i, w);
			n += w;
		} else {
			memcpy(txt + n, "\xef\xbf\xbd", 3);
			n += 3;
			w = 1;
		}
	}
	txt[n] = '\0';
	hexstr(p, len, hx);
	json_object_set_new(o, key, json_string(txt));
	(void)snprintf(k, sizeof(k), "%s_hex", key);
	json_object_set_new(o, k, json_string(hx));
}

/* The digest object: type, name, stored, computed (null: not computed), match. */
static json_t *
digest_json(const struct ota_matter *m, const struct ota_matter_header *h)
{
	json_t *o = json_object();
	uint8_t d[OTA_MATTER_DIGEST_MAX];
	char hx[2 * OTA_MATTER_DIGEST_MAX + 1];
	size_t dl = sizeof(d);

	json_object_set_new(o, "type", json_integer(h->digest_type));
	json_object_set_new(o, "name", ota_matter_digest_name(h->digest_type) != NULL ?
	    json_string(ota_matter_digest_name(h->digest_type)) : json_null());
	hexstr(h->digest, h->digest_len, hx);
	json_object_set_new(o, "stored", json_string(hx));
	if (ota_matter_digest(m, d, &dl) == OTA_OK) {
		hexstr(d, dl, hx);
		json_object_set_new(o, "computed", json_string(hx));
		json_object_set_new(o, "match", json_boolean(dl == h->digest_len &&
		    memcmp(d, h->digest, dl) == 0));
	} else {
		json_object_set_new(o, "computed", json_null());
		json_object_set_new(o, "match", json_null());
	}
	return o;
}

static json_t *
matter_obj(const struct ota_matter *m)
{
	struct ota_matter_header h;
	json_t *o = json_object();

	(void)ota_matter_get_header(m, &h);
	json_set_num(o, "file_identifier", OTA_MATTER_FILE_ID, 8);
	json_object_set_new(o, "total_size", json_integer((json_int_t)ota_matter_total_size(m)));
	json_object_set_new(o, "header_size", json_integer(ota_matter_header_size(m)));
	json_object_set_new(o, "payload_offset",
	    json_integer((json_int_t)ota_matter_payload_offset(m)));
	json_object_set_new(o, "payload_size", json_integer((json_int_t)h.payload_size));
	json_set_num(o, "vendor_id", h.vendor_id, 4);
	json_set_num(o, "product_id", h.product_id, 4);
	json_set_num(o, "software_version", h.version, 8);
	json_set_text(o, "software_version_string", h.version_string);
	opt_num(o, "min_applicable_version", h.has_min_version, h.min_version);
	opt_num(o, "max_applicable_version", h.has_max_version, h.max_version);
	if (h.has_url)
		json_set_text(o, "release_notes_url", h.release_notes_url);
	else
		json_object_set_new(o, "release_notes_url", json_null());
	json_object_set_new(o, "digest", digest_json(m, &h));
	return o;
}

static json_t *
dcl_json(const struct ota_matter *m)
{
	json_t *o;
	uint8_t d[OTA_MATTER_DIGEST_MAX];
	char b[4 * OTA_MATTER_DIGEST_MAX / 3 + 4];
	size_t dl = sizeof(d);
	unsigned t;

	if (ota_matter_file_digest(m, &t, d, &dl) != OTA_OK)
		return json_null();
	b64(d, dl, b);
	o = json_object();
	json_object_set_new(o, "otaFileSize", json_integer((json_int_t)ota_matter_total_size(m)));
	json_object_set_new(o, "otaChecksum", json_string(b));
	json_object_set_new(o, "otaChecksumType", json_integer(t));
	return o;
}

json_t *
matter_inspect_json(const char *file, int dcl, int *status)
{
	struct ota_matter *m;
	json_t *o = json_object();
	int r;

	json_object_set_new(o, "schema", json_integer(1));
	json_set_file(o, file);
	if ((r = mopen(file, &m, dcl, NULL, NULL, 1)) != OTA_OK) {
		json_object_set_new(o, "error", err_json(m, r, 0));
		*status = status_for(r);
	} else {
		json_object_set_new(o, "format", json_string("matter"));
		json_object_set_new(o, "file_size",
		    json_integer((json_int_t)ota_matter_total_size(m)));
		json_object_set_new(o, "matter", matter_obj(m));
		if (dcl)
			json_object_set_new(o, "dcl", dcl_json(m));
		json_object_set_new(o, "diagnostics", diags_json(m));
		*status = EXIT_OK;
	}
	ota_matter_free(&m);
	return o;
}

/* ---- verify ---- */
int
matter_verify(const char *file, int json, int first)
{
	struct ota_matter_header h;
	struct ota_matter *m;
	json_t *o;
	int r, opened;

	r = mopen(file, &m, 0, NULL, NULL, json);
	opened = r == OTA_OK;
	if (opened)
		r = ota_matter_verify(m);
	if (opened)
		(void)ota_matter_get_header(m, &h);
	if (json) {
		o = json_object();
		json_object_set_new(o, "schema", json_integer(1));
		json_set_file(o, file);
		json_object_set_new(o, "ok", json_boolean(r == OTA_OK));
		json_object_set_new(o, "error", err_json(m, r, 1));
		if (opened) {
			json_object_set_new(o, "format", json_string("matter"));
			json_object_set_new(o, "digest", digest_json(m, &h));
			json_object_set_new(o, "diagnostics", diags_json(m));
		}
		json_stream_item(o, first);
		ota_matter_free(&m);
		return r == OTA_OK ? EXIT_OK : r == OTA_E_UNSUPPORTED ? EXIT_INVALID : status_for(r);
	}
	if (opened && r != OTA_OK)
		fprintf(stderr, "%s: %s: offset %llu: %s (%s): %s\n", tool_name, shown(file),
		    (unsigned long long)ota_matter_erroffset(m), ota_strerror(r), ota_errname(r),
		    ota_matter_errmsg(m));
	if (r == OTA_OK && !tool_quiet)
		printf("%s: OK: Matter OTA image, vendor 0x%04x product 0x%04x version %lu (%s), "
		    "%s payload digest matches\n", shown(file), h.vendor_id, h.product_id,
		    (unsigned long)h.version, shown(h.version_string), dname(h.digest_type));
	ota_matter_free(&m);
	return r == OTA_OK ? EXIT_OK : r == OTA_E_UNSUPPORTED ? EXIT_INVALID : status_for(r);
}

/* ---- extract: the payload, written as it is read and digested ---- */
int
matter_extract(const char *file, const char *out)
{
	struct ota_matter *m;
	struct tool_out to;
	int r;

	if (strcmp(file, "-") != 0 && same_file(file, out))
		tool_die(EXIT_USAGE, "%s: the output is the input file", out);
	out_open(&to, out, OUT_BINARY);
	if ((r = mopen(file, &m, 0, out_write, &to, 0)) == OTA_OK &&
	    (r = ota_matter_verify(m)) != OTA_OK)
		tool_warn("%s: offset %llu: %s (%s): %s; nothing written", shown(file),
		    (unsigned long long)ota_matter_erroffset(m), ota_strerror(r), ota_errname(r),
		    ota_matter_errmsg(m));
	ota_matter_free(&m);
	if (r != OTA_OK) {
		out_abort(&to);
		return r == OTA_E_UNSUPPORTED ? EXIT_INVALID : status_for(r);
	}
	return out_commit(&to);
}
