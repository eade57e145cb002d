/* test_vectors.c - the nineteen shipping files in tests/vectors/zigbee/real
 * against EXPECTED.json (an independent parser's findings): file by file,
 * `otaimg inspect --json` must agree on every fact listed there, and the
 * library's verify on the integrity code and trailer. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <openssl/evp.h>

#include "testutil.h"

#define NFILES 19

static json_t *expected;

static void
load_expected(void)
{
	json_error_t err;

	expected = json_load_file(vector_path("zigbee/real/EXPECTED.json"), 0, &err);
	ck_assert_msg(expected != NULL, "EXPECTED.json: %s", err.text);
	ck_assert_uint_eq(json_object_size(expected), NFILES);
}

static void
free_expected(void)
{
	json_decref(expected);
	expected = NULL;
}

/* The nth key of EXPECTED.json, in sorted order. */
static const char *
nth_name(int n)
{
	const char *names[NFILES], *key, *t;
	json_t *v;
	int i = 0, j;

	json_object_foreach(expected, key, v) {
		ck_assert_int_lt(i, NFILES);
		names[i++] = key;
	}
	for (i = 1; i < NFILES; i++)
		for (j = i; j > 0 && strcmp(names[j - 1], names[j]) > 0; j--) {
			t = names[j];
			names[j] = names[j - 1];
			names[j - 1] = t;
		}
	return names[n];
}

static json_t *
run_inspect(const char *path)
{
	const char *tool = getenv("OTAIMG");
	char cmd[8192];
	json_error_t err;
	json_t *arr, *o;
	FILE *p;

	ck_assert_msg(tool != NULL, "OTAIMG is not set (run through make check)");
	snprintf(cmd, sizeof(cmd), "'%s' inspect --json '%s'", tool, path);
	p = popen(cmd, "r");
	ck_assert_ptr_nonnull(p);
	arr = json_loadf(p, 0, &err);
	pclose(p);
	ck_assert_msg(arr != NULL, "inspect --json output is not JSON: %s", err.text);
	ck_assert(json_is_array(arr));
	ck_assert_uint_eq(json_array_size(arr), 1);
	o = json_incref(json_array_get(arr, 0));
	json_decref(arr);
	return o;
}

static json_int_t
num_at(json_t *o, const char *a, const char *b)
{
	json_t *v = json_object_get(o, a);

	if (b != NULL)
		v = json_object_get(v, b);
	ck_assert_msg(json_is_integer(v), "%s%s%s missing", a, b ? "." : "", b ? b : "");
	return json_integer_value(v);
}

static json_int_t
exp_num(json_t *e, const char *k)
{
	json_t *v = json_object_get(e, k);

	ck_assert_msg(json_is_integer(v), "EXPECTED.%s missing", k);
	return json_integer_value(v);
}

static int
has_diag(json_t *o, const char *code)
{
	json_t *d, *v;
	size_t i;

	d = json_object_get(o, "diagnostics");
	json_array_foreach(d, i, v)
		if (strcmp(json_string_value(json_object_get(v, "code")), code) == 0)
			return 1;
	return 0;
}

static void
check_sha256(const char *path, const char *want)
{
	size_t len;
	uint8_t *f = slurp(path, &len), md[32];
	char hex[65];
	unsigned mdlen, i;

	ck_assert_int_eq(EVP_Digest(f, len, md, &mdlen, EVP_sha256(), NULL), 1);
	for (i = 0; i < 32; i++)
		snprintf(hex + 2 * i, 3, "%02x", md[i]);
	ck_assert_str_eq(hex, want);
	free(f);
}

static const struct {
	const char *expected, *ours;
} kinds[] = {
	{ "GBL (Silabs Gecko bootloader)", "gbl" },
	{ "EBL (Silabs Ember, plain)", "ebl" },
	{ "EBL (Silabs Ember, encrypted)", "ebl-encrypted" },
	{ "nested OTA header (offset 8)", "nested-ota" },
	{ "other/unknown", "unknown" },
};

static const struct {
	const char *expected, *ours;
} wrappers[] = {
	{ "none", "none" },
	{ "NGIS (IKEA signed container)", "ngis" },
	{ "4-byte prefix", "size-prefix" },
};

START_TEST(agrees_with_expected)
{
	const char *name = nth_name(_i), *want, *s;
	json_t *e = json_object_get(expected, name), *o, *els, *ours, *v, *x;
	json_int_t base;
	char path[4096];
	size_t i, k;

	snprintf(path, sizeof(path), "%s", vector_path("zigbee/real/"));
	strncat(path, name, sizeof(path) - strlen(path) - 1);
	check_sha256(path, json_string_value(json_object_get(e, "sha256")));
	o = run_inspect(path);
	base = exp_num(e, "ota_offset");
	if (base < 0) {
		/* not an OTA file: a precise error, no image */
		ck_assert_str_eq(json_string_value(json_object_get(json_object_get(o, "error"),
		    "code")), "OTA_E_BAD_MAGIC");
		json_decref(o);
		return;
	}
	ck_assert_int_eq(num_at(o, "file_size", NULL), exp_num(e, "file_len"));
	ck_assert_int_eq(num_at(o, "container", "ota_offset"), base);
	want = json_string_value(json_object_get(e, "wrapper"));
	for (k = 0; k < sizeof(wrappers) / sizeof(wrappers[0]); k++)
		if (strcmp(want, wrappers[k].expected) == 0)
			break;
	ck_assert_msg(k < sizeof(wrappers) / sizeof(wrappers[0]), "wrapper %s unmapped", want);
	ck_assert_str_eq(json_string_value(json_object_get(json_object_get(o, "container"),
	    "kind")), wrappers[k].ours);
	ck_assert_int_eq(num_at(o, "header", "header_version"), exp_num(e, "header_version"));
	ck_assert_int_eq(num_at(o, "header", "header_length"), exp_num(e, "header_length"));
	ck_assert_int_eq(num_at(o, "header", "field_control"), exp_num(e, "field_control"));
	ck_assert_int_eq(num_at(o, "header", "manufacturer_code"), exp_num(e, "manufacturer_code"));
	ck_assert_int_eq(num_at(o, "header", "image_type"), exp_num(e, "image_type"));
	ck_assert_int_eq(num_at(o, "header", "file_version"), exp_num(e, "file_version"));
	ck_assert_int_eq(num_at(o, "header", "stack_version"), exp_num(e, "stack_version"));
	ck_assert_int_eq(num_at(o, "header", "total_image_size"), exp_num(e, "total_image_size"));
	if (json_object_get(e, "min_hw_version") != NULL) {
		ck_assert_int_eq(num_at(o, "header", "hw_min"), exp_num(e, "min_hw_version"));
		ck_assert_int_eq(num_at(o, "header", "hw_max"), exp_num(e, "max_hw_version"));
	} else {
		ck_assert_ptr_null(json_object_get(json_object_get(o, "header"), "hw_min"));
	}
	ck_assert_str_eq(json_string_value(json_object_get(json_object_get(json_object_get(o,
	    "header"), "header_string"), "hex")),
	    json_string_value(json_object_get(e, "header_string_raw")));
	ck_assert_str_eq(json_string_value(json_object_get(o, "walk")),
	    json_string_value(json_object_get(e, "subelement_walk")));
	/* elements: EXPECTED gives offsets from the OTA header; ours are file offsets */
	els = json_object_get(e, "elements");
	ours = json_object_get(o, "elements");
	ck_assert_uint_eq(json_array_size(ours), json_array_size(els));
	json_array_foreach(els, i, v) {
		x = json_array_get(ours, i);
		ck_assert_int_eq(num_at(x, "tag", NULL), exp_num(v, "tag"));
		ck_assert_int_eq(num_at(x, "length", NULL), exp_num(v, "length"));
		ck_assert_int_eq(num_at(x, "offset", NULL), exp_num(v, "offset") + base);
	}
	ck_assert_int_eq(num_at(o, "trailer", "length"), exp_num(e, "trailing_bytes"));
	ck_assert_int_eq(num_at(o, "trailer", "offset"), base + exp_num(e, "total_image_size"));
	/* EXPECTED sniffs the first element's data (or reports none) */
	if ((want = json_string_value(json_object_get(e, "payload_kind"))) != NULL) {
		for (k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++)
			if (strcmp(want, kinds[k].expected) == 0)
				break;
		ck_assert_msg(k < sizeof(kinds) / sizeof(kinds[0]), "kind %s unmapped", want);
		x = json_array_get(ours, 0);
		ck_assert_str_eq(json_string_value(json_object_get(x, "payload_kind")), kinds[k].ours);
		if (strstr(want, "offset 8") != NULL)
			ck_assert_int_eq(num_at(x, "payload_kind_offset", NULL), 8);
	}
	/* a failed walk: the raw payload starts where EXPECTED's error says */
	v = json_array_get(json_object_get(e, "errors"), 0);
	if (v != NULL && (s = strstr(json_string_value(v), " at ")) != NULL) {
		ck_assert(json_is_object(json_object_get(o, "raw_payload")));
		ck_assert_int_eq(num_at(o, "raw_payload", "offset"), strtoll(s + 4, NULL, 10) + base);
		ck_assert(has_diag(o, "raw-payload"));
	} else {
		ck_assert(json_is_null(json_object_get(o, "raw_payload")));
	}
	json_array_foreach(json_object_get(e, "notes"), i, v) {
		s = json_string_value(v);
		if (strstr(s, "not NUL-terminated") != NULL)
			ck_assert(has_diag(o, "header-string-unterminated"));
		else if (strstr(s, "control chars") != NULL)
			ck_assert(has_diag(o, "header-string-length-prefixed") ||
			    has_diag(o, "header-string-control-chars"));
		else
			ck_abort_msg("note '%s' unmapped", s);
	}
	json_decref(o);
}
END_TEST

/* The integrity code and the trailer, through the library. */
START_TEST(verify_agrees)
{
	const char *name = nth_name(_i), *tk;
	json_t *e = json_object_get(expected, name), *iic = json_object_get(e, "iic");
	struct ota_image *img = ota_image_new();
	char path[4096];
	uint8_t stored[16], want[16];
	int r;

	if (exp_num(e, "ota_offset") < 0) {
		ota_image_free(&img);
		return;
	}
	snprintf(path, sizeof(path), "%s", vector_path("zigbee/real/"));
	strncat(path, name, sizeof(path) - strlen(path) - 1);
	ck_assert_int_eq(ota_image_open_path(img, path), OTA_OK);
	r = ota_image_verify(img, 0);
	if (iic != NULL) {
		ck_assert_uint_eq(unhex(json_string_value(json_object_get(iic, "stored")), want, 16), 16);
		ck_assert_int_eq(ota_image_iic_stored(img, stored), OTA_OK);
		ck_assert_mem_eq(stored, want, 16);
		if (json_is_true(json_object_get(iic, "computed_matches"))) {
			ck_assert_int_eq(r, OTA_OK);
			ck_assert_int_eq(ota_image_iic_result(img), OTA_IIC_MATCH);
		} else {
			ck_assert_int_eq(r, OTA_E_DIGEST);
			ck_assert_int_eq(ota_image_iic_result(img), OTA_IIC_MISMATCH);
			ck_assert_uint_eq(ota_image_erroffset(img),
			    (uint64_t)exp_num(iic, "element_offset"));
		}
	} else {
		ck_assert_int_eq(ota_image_iic_result(img), OTA_IIC_ABSENT);
	}
	if ((tk = json_string_value(json_object_get(e, "trailer_kind"))) != NULL) {
		enum ota_trailer_kind want_kind = strstr(tk, "CRC32") ? OTA_TRAILER_CRC32 :
		    strstr(tk, "NGIS") ? OTA_TRAILER_CONTAINER :
		    strstr(tk, "0xFF padding") ? OTA_TRAILER_FF_PADDING : OTA_TRAILER_OTHER;

		ck_assert_int_eq(ota_image_trailer_kind(img), want_kind);
	}
	ota_image_free(&img);
}
END_TEST

Suite *
suite_vectors(void)
{
	Suite *s = suite_create("vectors");
	TCase *tc = tcase_create("zigbee-real");

	tcase_add_unchecked_fixture(tc, load_expected, free_expected);
	tcase_add_loop_test(tc, agrees_with_expected, 0, NFILES);
	tcase_add_loop_test(tc, verify_agrees, 0, NFILES);
	tcase_set_timeout(tc, 60);
	suite_add_tcase(s, tc);
	return s;
}
