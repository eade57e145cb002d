/* ocf_json.c - the --json output of otaimg ocf pstat decode, swu decode
 * and check: stable schemas, every key documented in otaimg-ocf(1) (the
 * style of verify --json: keys are only ever added; "schema" changes only
 * for an incompatible change). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "ocf_tool.h"
#include "otaimg.h"
#include "tool.h"

#define SCHEMA_VERSION 1

static void
print_obj(json_t *o)
{
	if (o == NULL || json_dumpf(o, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER) != 0 ||
	    fputc('\n', stdout) == EOF)
		tool_die(EXIT_USAGE, "cannot write the JSON output");
	json_decref(o);
	if (stdout_flush() != 0)
		exit(EXIT_USAGE);
}

/* The object, and the library's canonical JSON of the representation
 * under "representation". */
static json_t *
top(const char *canonical)
{
	json_t *o = json_object(), *rep = json_loads(canonical, JSON_DECODE_ANY, NULL);

	if (o == NULL || rep == NULL)
		tool_die(EXIT_USAGE, "out of memory");
	json_object_set_new(o, "schema", json_integer(SCHEMA_VERSION));
	json_object_set_new(o, "representation", rep);
	return o;
}

static json_t *
bits(unsigned v)
{
	json_t *a = json_array();
	unsigned b;

	for (b = 1; b <= OTA_OCF_DPM_NONSPEC_IOTIVITY_NSA; b <<= 1)
		if (v & b)
			json_array_append_new(a, json_string(ota_ocf_dpm_name(b)));
	return a;
}

void
ocf_json_pstat(const struct ota_ocf_pstat *p)
{
	char out[1024];
	size_t ol = sizeof(out);
	json_t *o;

	if (ota_ocf_pstat_encode_json(p, out, &ol) != OTA_OK)
		tool_die(EXIT_USAGE, "out of memory");
	o = top(out);
	if (p->present & OTA_OCF_PSTAT_DOS_S)
		json_object_set_new(o, "dos_s_name", json_string(ota_ocf_dos_name(p->dos_s)));
	if (p->present & OTA_OCF_PSTAT_CM)
		json_object_set_new(o, "cm_bits", bits(p->cm));
	if (p->present & OTA_OCF_PSTAT_TM)
		json_object_set_new(o, "tm_bits", bits(p->tm));
	print_obj(o);
}

void
ocf_json_swu(const struct ota_ocf_swu *s)
{
	char out[1024];
	size_t ol = sizeof(out);
	json_t *o;

	if (ota_ocf_swu_encode_json(s, out, &ol) != OTA_OK)
		tool_die(EXIT_USAGE, "out of memory");
	o = top(out);
	if (s->present & OTA_OCF_SWU_RESULT)
		json_object_set_new(o, "swupdateresult_name", json_string(ota_ocf_result_name(
		    (int)s->result)));
	print_obj(o);
}

static json_t *
str_or_null(const char *s)
{
	return s != NULL && s[0] != '\0' ? json_string(s) : json_null();
}

static json_t *
cand_obj(const char *file, const struct ota_ocf_candidate *c, int chosen)
{
	json_t *o = json_object(), *e;
	int ok = c->reason == OTA_OCF_REASON_AVAILABLE;

	json_set_file(o, file);
	json_object_set_new(o, "format", json_string(ota_ocf_kind_name(c->kind)));
	json_object_set_new(o, "version", str_or_null(c->version));
	json_object_set_new(o, "verdict", json_string(chosen ? "chosen" : ok ? "acceptable" :
	    "refused"));
	json_object_set_new(o, "reason", json_string(ota_ocf_reason_name(c->reason)));
	if (ok || c->err == 0) {
		e = json_null();
	} else {
		e = json_object();
		json_object_set_new(e, "code", json_string(ota_errname(c->err)));
		json_object_set_new(e, "value", json_integer(c->err));
		json_object_set_new(e, "text", json_string(ota_strerror(c->err)));
	}
	json_object_set_new(o, "error", e);
	json_object_set_new(o, "message", json_string(c->msg));
	return o;
}

void
ocf_json_check(const struct ocf_installed *in, char *const *files, size_t n,
    const struct ota_ocf_candidate *res, int found, size_t best)
{
	json_t *o = json_object(), *inst = json_object(), *a = json_array(), *ch;
	char v[OTA_OCF_VERSION_TEXT];
	size_t i;

	if (o == NULL || inst == NULL || a == NULL)
		tool_die(EXIT_USAGE, "out of memory");
	json_object_set_new(o, "schema", json_integer(SCHEMA_VERSION));
	if (in->have_zv) {
		(void)snprintf(v, sizeof(v), "0x%08X", (unsigned)in->zv);
		json_object_set_new(inst, "file_version", json_integer(in->zv));
		json_object_set_new(inst, "file_version_hex", json_string(v));
	} else {
		json_object_set_new(inst, "file_version", json_null());
		json_object_set_new(inst, "file_version_hex", json_null());
	}
	if (in->have_fw && ota_fw_version_format(&in->fw, v, sizeof(v)) > 0)
		json_object_set_new(inst, "fw_version", json_string(v));
	else
		json_object_set_new(inst, "fw_version", json_null());
	json_object_set_new(o, "installed", inst);
	json_object_set_new(o, "decision", json_string(found ? "update-available" : "no-update"));
	json_object_set_new(o, "update_available", json_boolean(found));
	if (found) {
		ch = json_object();
		json_set_file(ch, files[best]);
		json_object_set_new(ch, "format", json_string(ota_ocf_kind_name(res[best].kind)));
		json_object_set_new(ch, "version", str_or_null(res[best].version));
		json_object_set_new(ch, "index", json_integer((json_int_t)best));
	} else {
		ch = json_null();
	}
	json_object_set_new(o, "chosen", ch);
	for (i = 0; i < n; i++)
		json_array_append_new(a, cand_obj(files[i], &res[i], found && i == best));
	json_object_set_new(o, "candidates", a);
	print_obj(o);
}
