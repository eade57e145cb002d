/* mesharchive.c - otaimg inspect and verify of a Bluetooth Mesh DFU
 * firmware archive (recognised by content: a ZIP or gzip file), text and
 * --json (the schema in otaimg-inspect(1), MESH DFU ARCHIVES). */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "otaimg.h"
#include "tool.h"
#include "mesharchive.h"

/* Open an archive named on the command line ("-": standard input). */
static int
archive_open(struct ota_mesh_archive *a, const char *file)
{
	if (strcmp(file, "-") != 0)
		return ota_mesh_archive_open_path(a, file);
	if (in_stdin_is_pipe())
		return ota_mesh_archive_open_cb(a, in_stdin_read, NULL);
	return ota_mesh_archive_open_fd(a, STDIN_FILENO);
}

/* Open file into a new handle; on failure print the error and return the
 * exit status, *ap NULL. */
static int
open_archive(const char *file, struct ota_mesh_archive **ap, int quiet)
{
	struct ota_mesh_archive *a = ota_mesh_archive_new();
	int r;

	*ap = NULL;
	if (a == NULL)
		tool_die(EXIT_USAGE, "out of memory");
	if ((r = archive_open(a, file)) != OTA_OK) {
		if (!quiet)
			fprintf(stderr, "%s: %s: %s (%s): %s\n", tool_name, shown(file), ota_strerror(r),
			    ota_errname(r), shown(ota_mesh_archive_errmsg(a)));
		ota_mesh_archive_free(&a);
		return status_for(r);
	}
	*ap = a;
	return EXIT_OK;
}

static void
vtext(const struct ota_fw_version *v, char *b, size_t n)
{
	(void)ota_fw_version_format(v, b, n);
}

static void
checks_table(const struct ota_mesh_archive *a)
{
	size_t i, n = ota_mesh_archive_check_count(a);
	const char *name, *msg;
	enum ota_check res;

	printf("  checks\n");
	for (i = 0; i < n; i++)
		if (ota_mesh_archive_check_get(a, i, &name, &res, &msg) == OTA_OK)
			printf("    %-20s %-5s %s\n", name, ota_check_name(res), shown(msg));
}

static void
notes(const struct ota_mesh_archive *a, FILE *fp, int min_warning)
{
	size_t i, n = ota_mesh_archive_diag_count(a);
	const char *msg;
	uint64_t off;
	int code;

	for (i = 0; i < n; i++) {
		if (ota_mesh_archive_diag_get(a, i, &code, &off, &msg) != OTA_OK ||
		    (min_warning && ota_diag_severity(code) < OTA_SEV_WARNING))
			continue;
		fprintf(fp, "  %-8s %s [%s]\n", ota_diag_severity(code) == OTA_SEV_INFO ? "note" :
		    ota_diag_severity(code) == OTA_SEV_WARNING ? "warning" : "error", shown(msg),
		    ota_diag_name(code));
	}
}

static void
report(const struct ota_mesh_archive *a, const char *file)
{
	const struct ota_mcuboot *m = ota_mesh_archive_mcuboot(a);
	const uint8_t *fw, *b;
	size_t i, n, len, img = 0;
	struct ota_fw_version v;
	enum ota_mesh_entry_role role;
	const char *name;
	uint64_t size;
	uint32_t h;
	uint8_t core;
	char vt[40];

	printf("%s\n", shown(file));
	printf("  dialect              %s (%s)\n",
	    ota_mesh_dialect_name(ota_mesh_archive_dialect(a)),
	    ota_mesh_archive_dialect(a) == OTA_MESH_DIALECT_NCS_ZIP ? "nRF Connect SDK "
	    "dfu_application.zip" : "specification-style tar.gz");
	n = ota_mesh_archive_entry_count(a);
	printf("  entries              %zu\n", n);
	for (i = 0; i < n; i++)
		if (ota_mesh_archive_entry(a, i, &name, &size, &role) == OTA_OK)
			printf("    %3zu  %-14s %10llu  %s\n", i, ota_mesh_entry_role_name(role),
			    (unsigned long long)size, shown(name));
	if (ota_mesh_archive_image(a, &img) == OTA_OK &&
	    ota_mesh_archive_entry(a, img, &name, &size, NULL) == OTA_OK)
		printf("  image                %s, %llu bytes%s\n", shown(name),
		    (unsigned long long)size, m != NULL ? ", MCUboot" : "");
	if (ota_mesh_archive_fwid(a, &fw, &len) == OTA_OK) {
		printf("  firmware ID          ");
		hexout(fw, len, 0);
		printf("\n");
		mesh_fwid_print(stdout, fw, len, "    ");
	}
	if (ota_mesh_archive_manifest_version(a, &v) == OTA_OK) {
		vtext(&v, vt, sizeof(vt));
		printf("  manifest version     %s\n", vt);
	}
	if (ota_mesh_archive_uri(a) != NULL)
		printf("  update URI           %s\n", shown(ota_mesh_archive_uri(a)));
	n = ota_mesh_archive_md_count(a);
	for (i = 0; i < n; i++) {
		if (ota_mesh_archive_md_bytes(a, i, &b, &len) == OTA_OK) {
			char label[24] = "";

			if (n > 1)
				(void)snprintf(label, sizeof(label), "[%zu]", i);
			printf("  metadata%-13s", label);
			hexout(b, len, 0);
			printf(" (%zu bytes, %s)\n", len,
			    ota_mesh_md_kind_name(ota_mesh_archive_md_kind(a, i)));
		}
		if (ota_mesh_archive_md(a, i) != NULL)
			mesh_md_print(stdout, ota_mesh_archive_md(a, i), "    ");
		if (ota_mesh_archive_json_version(a, i, &v) == OTA_OK) {
			vtext(&v, vt, sizeof(vt));
			printf("    JSON sign_version %s", vt);
			if (ota_mesh_archive_json_size(a, i, &size) == OTA_OK)
				printf(", binary_size %llu", (unsigned long long)size);
			if (ota_mesh_archive_json_core_type(a, i, &core) == OTA_OK)
				printf(", core_type %u", core);
			if (ota_mesh_archive_json_hash(a, i, &h) == OTA_OK)
				printf(", composition_hash 0x%08x", (unsigned)h);
			printf("\n");
		}
		if (ota_mesh_archive_json_fwid(a, i, &fw, &len) == OTA_OK) {
			printf("    JSON firmware_id ");
			hexout(fw, len, 0);
			printf("\n");
		}
		if (ota_mesh_archive_comp(a, i) != NULL) {
			printf("  composition%s\n", ota_mesh_archive_md_kind(a, i) ==
			    OTA_MESH_MD_KIND_COMPOSITION ? " (the metadata)" : " (composition_data)");
			mesh_comp_print(stdout, ota_mesh_archive_comp(a, i), "    ");
		}
	}
	if (m != NULL) {
		printf("  MCUboot image\n");
		mcuboot_print(stdout, m, "    ");
	}
	checks_table(a);
	notes(a, stdout, 0);
}

int
mesharchive_inspect(const char *file)
{
	struct ota_mesh_archive *a;
	int s;

	if ((s = open_archive(file, &a, 0)) != EXIT_OK)
		return s;
	report(a, file);
	ota_mesh_archive_free(&a);
	return EXIT_OK;
}

/* ---- JSON ---- */

static json_t *
vjson(const struct ota_fw_version *v)
{
	char t[40];

	vtext(v, t, sizeof(t));
	return json_string(t);
}

static json_t *
hash_json(uint32_t h)
{
	char t[16];

	(void)snprintf(t, sizeof(t), "0x%08x", (unsigned)h);
	return json_string(t);
}

static json_t *
md_sets(const struct ota_mesh_archive *a)
{
	json_t *arr = json_array();
	size_t i, n = ota_mesh_archive_md_count(a), len;
	struct ota_fw_version v;
	const uint8_t *b;
	uint64_t size;
	uint32_t h;
	uint8_t core;

	for (i = 0; i < n; i++) {
		json_t *o = json_object(), *js = json_object();

		json_object_set_new(o, "kind",
		    json_string(ota_mesh_md_kind_name(ota_mesh_archive_md_kind(a, i))));
		json_object_set_new(o, "hex", ota_mesh_archive_md_bytes(a, i, &b, &len) == OTA_OK ?
		    mesh_hex_json(b, len) : json_null());
		json_object_set_new(o, "decoded", ota_mesh_archive_md(a, i) != NULL ?
		    mesh_md_json(ota_mesh_archive_md(a, i)) : json_null());
		json_object_set_new(o, "composition", ota_mesh_archive_comp(a, i) != NULL ?
		    mesh_comp_json(ota_mesh_archive_comp(a, i)) : json_null());
		json_object_set_new(js, "sign_version", ota_mesh_archive_json_version(a, i, &v) ==
		    OTA_OK ? vjson(&v) : json_null());
		json_object_set_new(js, "binary_size", ota_mesh_archive_json_size(a, i, &size) ==
		    OTA_OK ? json_integer((json_int_t)size) : json_null());
		json_object_set_new(js, "core_type", ota_mesh_archive_json_core_type(a, i, &core) ==
		    OTA_OK ? json_integer(core) : json_null());
		json_object_set_new(js, "composition_hash", ota_mesh_archive_json_hash(a, i, &h) ==
		    OTA_OK ? hash_json(h) : json_null());
		json_object_set_new(js, "firmware_id", ota_mesh_archive_json_fwid(a, i, &b, &len) ==
		    OTA_OK ? mesh_hex_json(b, len) : json_null());
		json_object_set_new(o, "json", ota_mesh_archive_dialect(a) ==
		    OTA_MESH_DIALECT_NCS_ZIP ? js : json_null());
		if (ota_mesh_archive_dialect(a) != OTA_MESH_DIALECT_NCS_ZIP)
			json_decref(js);
		json_array_append_new(arr, o);
	}
	return arr;
}

json_t *
mesharchive_checks_json(const struct ota_mesh_archive *a)
{
	json_t *arr = json_array();
	size_t i, n = ota_mesh_archive_check_count(a);
	const char *name, *msg;
	enum ota_check res;

	for (i = 0; i < n; i++) {
		json_t *o = json_object();

		if (ota_mesh_archive_check_get(a, i, &name, &res, &msg) != OTA_OK)
			continue;
		json_object_set_new(o, "name", json_string(name));
		json_object_set_new(o, "result", json_string(ota_check_name(res)));
		json_object_set_new(o, "message", json_string(msg));
		json_array_append_new(arr, o);
	}
	return arr;
}

json_t *
mesharchive_diags_json(const struct ota_mesh_archive *a)
{
	json_t *arr = json_array();
	size_t i, n = ota_mesh_archive_diag_count(a);
	const char *msg;
	uint64_t off;
	int code;

	for (i = 0; i < n; i++) {
		json_t *o = json_object();

		if (ota_mesh_archive_diag_get(a, i, &code, &off, &msg) != OTA_OK)
			continue;
		json_object_set_new(o, "code", json_string(ota_diag_name(code)));
		json_object_set_new(o, "severity",
		    json_string(ota_severity_name(ota_diag_severity(code))));
		json_object_set_new(o, "entry", json_integer((json_int_t)off));
		json_object_set_new(o, "message", json_string(msg));
		json_array_append_new(arr, o);
	}
	return arr;
}

static json_t *
archive_obj(const struct ota_mesh_archive *a, const char *file)
{
	json_t *o = json_object(), *ents = json_array();
	const struct ota_mcuboot *m = ota_mesh_archive_mcuboot(a);
	enum ota_mesh_entry_role role;
	struct ota_fw_version v;
	const uint8_t *fw;
	const char *name;
	uint64_t size;
	size_t i, n, len, img;

	json_object_set_new(o, "schema", json_integer(MESHARCHIVE_SCHEMA));
	json_set_file(o, file);
	json_object_set_new(o, "format", json_string("mesh-archive"));
	json_object_set_new(o, "dialect",
	    json_string(ota_mesh_dialect_name(ota_mesh_archive_dialect(a))));
	n = ota_mesh_archive_entry_count(a);
	for (i = 0; i < n; i++) {
		json_t *e = json_object(), *js;

		if (ota_mesh_archive_entry(a, i, &name, &size, &role) != OTA_OK)
			continue;
		js = json_string(name);
		json_object_set_new(e, "name", js != NULL ? js : json_null());
		json_object_set_new(e, "size", json_integer((json_int_t)size));
		json_object_set_new(e, "role", json_string(ota_mesh_entry_role_name(role)));
		json_array_append_new(ents, e);
	}
	json_object_set_new(o, "entries", ents);
	json_object_set_new(o, "image", ota_mesh_archive_image(a, &img) == OTA_OK ?
	    json_integer((json_int_t)img) : json_null());
	json_object_set_new(o, "firmware_id", ota_mesh_archive_fwid(a, &fw, &len) == OTA_OK ?
	    mesh_fwid_json(fw, len) : json_null());
	json_object_set_new(o, "manifest_version", ota_mesh_archive_manifest_version(a, &v) ==
	    OTA_OK ? vjson(&v) : json_null());
	json_object_set_new(o, "update_uri", ota_mesh_archive_uri(a) != NULL ?
	    json_string(ota_mesh_archive_uri(a)) : json_null());
	json_object_set_new(o, "metadata", md_sets(a));
	json_object_set_new(o, "mcuboot", m != NULL ? mcuboot_json(m) : json_null());
	json_object_set_new(o, "checks", mesharchive_checks_json(a));
	json_object_set_new(o, "diagnostics", mesharchive_diags_json(a));
	return o;
}

static json_t *
error_json(const char *file, int r, const struct ota_mesh_archive *a)
{
	json_t *o = json_object(), *e = json_object();

	json_object_set_new(o, "schema", json_integer(MESHARCHIVE_SCHEMA));
	json_set_file(o, file);
	json_object_set_new(o, "format", json_string("mesh-archive"));
	json_object_set_new(e, "code", json_string(ota_errname(r)));
	json_object_set_new(e, "message", json_string(ota_mesh_archive_errmsg(a)));
	json_object_set_new(o, "error", e);
	return o;
}

json_t *
mesharchive_json(const char *file, int *status)
{
	struct ota_mesh_archive *a = ota_mesh_archive_new();
	json_t *o;
	int r;

	if (a == NULL)
		tool_die(EXIT_USAGE, "out of memory");
	r = archive_open(a, file);
	o = r == OTA_OK ? archive_obj(a, file) : error_json(file, r, a);
	*status = r == OTA_OK ? EXIT_OK : status_for(r);
	ota_mesh_archive_free(&a);
	return o;
}

/* ---- verify ---- */

int
mesharchive_verify(const char *file, const struct ota_key *key, unsigned flags, int json,
    int first)
{
	struct ota_mesh_archive *a = NULL;
	const char *name, *msg, *sig;
	enum ota_check res;
	size_t i, n;
	json_t *o;
	int r, s;

	if (json) {
		if ((a = ota_mesh_archive_new()) == NULL)
			tool_die(EXIT_USAGE, "out of memory");
		if ((r = archive_open(a, file)) != OTA_OK) {
			o = error_json(file, r, a);
			json_object_set_new(o, "ok", json_false());
		} else {
			r = ota_mesh_archive_verify(a, key, flags);
			o = json_object();
			json_object_set_new(o, "schema", json_integer(MESHARCHIVE_SCHEMA));
			json_set_file(o, file);
			json_object_set_new(o, "format", json_string("mesh-archive"));
			json_object_set_new(o, "ok", json_boolean(r == OTA_OK));
			if (r != OTA_OK) {
				json_t *e = json_object();

				json_object_set_new(e, "code", json_string(ota_errname(r)));
				json_object_set_new(e, "message",
				    json_string(ota_mesh_archive_errmsg(a)));
				json_object_set_new(o, "error", e);
			} else {
				json_object_set_new(o, "error", json_null());
			}
			json_object_set_new(o, "checks", mesharchive_checks_json(a));
			json_object_set_new(o, "diagnostics", mesharchive_diags_json(a));
		}
		json_stream_item(o, first);
		ota_mesh_archive_free(&a);
		return r == OTA_OK ? EXIT_OK : status_for(r);
	}
	if ((s = open_archive(file, &a, 0)) != EXIT_OK)
		return s;
	r = ota_mesh_archive_verify(a, key, flags);
	n = ota_mesh_archive_check_count(a);
	for (i = 0; i < n; i++) {
		if (ota_mesh_archive_check_get(a, i, &name, &res, &msg) != OTA_OK)
			continue;
		if (res == OTA_CHECK_FAIL || (res == OTA_CHECK_WARN && !tool_quiet))
			fprintf(stderr, "%s: %s: %s %s: %s\n", tool_name, shown(file),
			    res == OTA_CHECK_FAIL ? "FAIL" : "warning", name, shown(msg));
		else if (tool_verbose)
			printf("%s: %s %s: %s\n", shown(file), ota_check_name(res), name, shown(msg));
	}
	if (!tool_quiet && tool_verbose)
		notes(a, stderr, 0);
	else if (!tool_quiet)
		notes(a, stderr, 1);
	if (r != OTA_OK) {
		fprintf(stderr, "%s: %s: %s (%s): %s\n", tool_name, shown(file), ota_strerror(r),
		    ota_errname(r), shown(ota_mesh_archive_errmsg(a)));
		if (!tool_quiet && r == OTA_E_SIG_UNCHECKED)
			fprintf(stderr, "%s: %s: to check it, give the image's public key (--key PUB); "
			    "--allow-unchecked lets it pass unchecked\n", tool_name, shown(file));
		ota_mesh_archive_free(&a);
		return status_for(r);
	}
	sig = "";
	for (i = 0; i < n; i++)
		if (ota_mesh_archive_check_get(a, i, &name, &res, &msg) == OTA_OK &&
		    strcmp(name, "signature") == 0)
			sig = res == OTA_CHECK_PASS ? ", MCUboot signature valid" :
			    ota_mesh_archive_mcuboot(a) == NULL ? ", not an MCUboot image: no signature" :
			    strcmp(msg, "the image is not signed") == 0 ? ", the image is not signed" :
			    ", signature not checked (--allow-unchecked)";
	if (!tool_quiet)
		printf("%s: OK: %s archive, every cross-check passes%s\n", shown(file),
		    ota_mesh_dialect_name(ota_mesh_archive_dialect(a)), sig);
	ota_mesh_archive_free(&a);
	return EXIT_OK;
}
