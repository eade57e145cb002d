/* test_fetch.c - Store Firmware OOB (libotaimg-mesh-fetch(3)) without a
 * network: Update URI checks, the check and get URLs (reference
 * mesh-dfu.md 1.6: "<uri>/check?cfwid=<HEX>", the Telink example
 * https://mesh.example.com/check-for-updates/check?cfwid=02FF10000203, and
 * pitfall 9, uppercase hex and the trailing slash), the check response
 * parser, the Upload OOB status of each error, and the calls that need
 * libcurl when it is absent. */
#include <string.h>

#include "testutil.h"

static const uint8_t telink_fwid[] = { 0x02, 0xFF, 0x10, 0x00, 0x02, 0x03 };

START_TEST(url_join)
{
	static const struct {
		const char *uri;
		enum ota_mesh_endpoint ep;
		const char *want;
	} t[] = {
		{ "https://mesh.example.com/check-for-updates", OTA_MESH_ENDPOINT_CHECK,
		  "https://mesh.example.com/check-for-updates/check?cfwid=02FF10000203" },
		{ "https://mesh.example.com/check-for-updates/", OTA_MESH_ENDPOINT_CHECK,
		  "https://mesh.example.com/check-for-updates/check?cfwid=02FF10000203" },
		{ "https://mesh.example.com/check-for-updates", OTA_MESH_ENDPOINT_GET,
		  "https://mesh.example.com/check-for-updates/get?cfwid=02FF10000203" },
		{ "https://mesh.example.com/check-for-updates/", OTA_MESH_ENDPOINT_GET,
		  "https://mesh.example.com/check-for-updates/get?cfwid=02FF10000203" },
		{ "https://h", OTA_MESH_ENDPOINT_CHECK, "https://h/check?cfwid=02FF10000203" },
		{ "https://h/", OTA_MESH_ENDPOINT_GET, "https://h/get?cfwid=02FF10000203" },
		{ "HTTPS://127.0.0.1:8443/a%20b", OTA_MESH_ENDPOINT_GET,
		  "HTTPS://127.0.0.1:8443/a%20b/get?cfwid=02FF10000203" },
		{ "https://[::1]:443/fw", OTA_MESH_ENDPOINT_CHECK,
		  "https://[::1]:443/fw/check?cfwid=02FF10000203" },
	};
	char buf[OTA_MESH_FETCH_URL_MAX], small[8];
	size_t i;
	int n;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		n = ota_mesh_fetch_url(t[i].uri, t[i].ep, telink_fwid, sizeof(telink_fwid), buf,
		    sizeof(buf));
		ck_assert_msg(n == (int)strlen(t[i].want), "%s: %d", t[i].uri, n);
		ck_assert_str_eq(buf, t[i].want);
	}
	/* snprintf-like: the length needed, a cut NUL-terminated buffer */
	n = ota_mesh_fetch_url("https://h", OTA_MESH_ENDPOINT_CHECK, telink_fwid, 6, small,
	    sizeof(small));
	ck_assert_int_eq(n, 34);
	ck_assert_str_eq(small, "https:/");
	ck_assert_int_eq(ota_mesh_fetch_url("https://h", OTA_MESH_ENDPOINT_CHECK, telink_fwid, 1,
	    buf, sizeof(buf)), OTA_E_RANGE);
	ck_assert_int_eq(ota_mesh_fetch_url("http://h", OTA_MESH_ENDPOINT_CHECK, telink_fwid, 6,
	    buf, sizeof(buf)), OTA_E_URI_SCHEME);
	ck_assert_int_eq(ota_mesh_fetch_url("https://h", (enum ota_mesh_endpoint)7, telink_fwid, 6,
	    buf, sizeof(buf)), OTA_E_INVAL);
}
END_TEST

START_TEST(uri_validation)
{
	static const struct {
		const char *uri;
		int err;
		const char *why; /* in the message */
	} t[] = {
		{ "https://mesh.example.com/check-for-updates", OTA_OK, "" },
		{ "https://127.0.0.1:65535/", OTA_OK, "" },
		{ "https://[2001:db8::1]/fw", OTA_OK, "" },
		{ "HtTpS://h.example/x~y", OTA_OK, "" },
		{ "http://mesh.example.com/fw", OTA_E_URI_SCHEME, "https only" },
		{ "ftp://mesh.example.com/fw", OTA_E_URI_SCHEME, "'ftp'" },
		{ "file:///etc/passwd", OTA_E_URI_SCHEME, "'file'" },
		{ "", OTA_E_URI_MALFORMED, "empty" },
		{ "mesh.example.com/fw", OTA_E_URI_MALFORMED, "no scheme" },
		{ "https:mesh.example.com", OTA_E_URI_MALFORMED, "//" },
		{ "https://", OTA_E_URI_MALFORMED, "no host" },
		{ "https:///fw", OTA_E_URI_MALFORMED, "no host" },
		{ "https://:443/fw", OTA_E_URI_MALFORMED, "no host" },
		{ "https://h:0/", OTA_E_URI_MALFORMED, "port" },
		{ "https://h:65536/", OTA_E_URI_MALFORMED, "port" },
		{ "https://h:44x/", OTA_E_URI_MALFORMED, "port" },
		{ "https://user:pw@h/", OTA_E_URI_MALFORMED, "user information" },
		{ "https://h/a b", OTA_E_URI_MALFORMED, "offset 11" },
		{ "https://h/a\tb", OTA_E_URI_MALFORMED, "0x09" },
		{ "https://h/a\x7f", OTA_E_URI_MALFORMED, "0x7f" },
		{ "https://h/\xc3\xa9", OTA_E_URI_MALFORMED, "non-ASCII" },
		{ "https://h/fw?x=1", OTA_E_URI_MALFORMED, "query" },
		{ "https://h/fw#top", OTA_E_URI_MALFORMED, "fragment" },
		{ "https://h/%zz", OTA_E_URI_MALFORMED, "percent" },
		{ "https://h/a<b", OTA_E_URI_MALFORMED, "'<'" },
		{ "https://[::1/fw", OTA_E_URI_MALFORMED, "IPv6" },
		{ "https://h^x/", OTA_E_URI_MALFORMED, "host" },
		/* host and port errors name their offset in the URI too */
		{ "https://h^x/", OTA_E_URI_MALFORMED, "at offset 9" },
		{ "https://h:44x/", OTA_E_URI_MALFORMED, "at offset 12" },
		{ "https://h:65536/", OTA_E_URI_MALFORMED, "at offset 10" },
		{ "https://h:/x", OTA_E_URI_MALFORMED, "at offset 10" },
		{ "https://user:pw@h/", OTA_E_URI_MALFORMED, "at offset 15" },
		{ "https://[::1/fw", OTA_E_URI_MALFORMED, "at offset 8" },
		{ "https://[::g]/fw", OTA_E_URI_MALFORMED, "at offset 11" },
		{ "https://[::1]x/fw", OTA_E_URI_MALFORMED, "at offset 13" },
		{ "https://:443/fw", OTA_E_URI_MALFORMED, "at offset 8" },
	};
	char msg[256], longuri[300];
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		int r = ota_mesh_uri_check(t[i].uri, msg, sizeof(msg));

		ck_assert_msg(r == t[i].err, "%s: %d (%s), want %d", t[i].uri, r, msg, t[i].err);
		ck_assert_msg(strstr(msg, t[i].why) != NULL, "%s: '%s' lacks '%s'", t[i].uri, msg,
		    t[i].why);
	}
	ck_assert_int_eq(ota_mesh_uri_check(NULL, NULL, 0), OTA_E_URI_MALFORMED);
	/* 255 octets pass, 256 do not */
	memset(longuri, 'a', sizeof(longuri));
	memcpy(longuri, "https://h/", 10);
	longuri[255] = '\0';
	ck_assert_int_eq(ota_mesh_uri_check(longuri, NULL, 0), OTA_OK);
	longuri[255] = 'a';
	longuri[256] = '\0';
	ck_assert_int_eq(ota_mesh_uri_check(longuri, msg, sizeof(msg)), OTA_E_URI_MALFORMED);
	ck_assert_ptr_nonnull(strstr(msg, "256 octets"));
}
END_TEST

START_TEST(check_response_table)
{
	static const struct {
		const char *json;
		int err;
		const char *why;
	} t[] = {
		{ "{\"manifest\":{\"firmware\":{\"firmware_id\":\"02FF10000203\",\"dfu_chain_size\":2,"
		  "\"firmware_image_file_size\":12345}}}", OTA_OK, "" },
		/* lower case, unknown keys at every level */
		{ "{\"x\":1,\"manifest\":{\"y\":[],\"firmware\":{\"firmware_id\":\"02ff10000203\","
		  "\"dfu_chain_size\":1,\"firmware_image_file_size\":1,\"z\":\"w\"}}}", OTA_OK, "" },
		{ "", OTA_E_MANIFEST, "empty" },
		{ "{\"manifest\":", OTA_E_MANIFEST, "not JSON" },
		{ "[1]", OTA_E_MANIFEST, "not a JSON object" },
		{ "{}", OTA_E_MANIFEST, "manifest missing" },
		{ "{\"manifest\":[]}", OTA_E_MANIFEST, "manifest is not an object" },
		{ "{\"manifest\":{}}", OTA_E_MANIFEST, "manifest.firmware missing" },
		{ "{\"manifest\":{\"firmware\":\"x\"}}", OTA_E_MANIFEST,
		  "manifest.firmware is not an object" },
		{ "{\"manifest\":{\"firmware\":{\"dfu_chain_size\":1,\"firmware_image_file_size\":1}}}",
		  OTA_E_MANIFEST, "manifest.firmware.firmware_id missing" },
		{ "{\"manifest\":{\"firmware\":{\"firmware_id\":123456,\"dfu_chain_size\":1,"
		  "\"firmware_image_file_size\":1}}}", OTA_E_MANIFEST,
		  "manifest.firmware.firmware_id is not a string" },
		{ "{\"manifest\":{\"firmware\":{\"firmware_id\":\"02FF10000203\","
		  "\"firmware_image_file_size\":1}}}", OTA_E_MANIFEST,
		  "manifest.firmware.dfu_chain_size missing" },
		{ "{\"manifest\":{\"firmware\":{\"firmware_id\":\"02FF10000203\",\"dfu_chain_size\":\"1\","
		  "\"firmware_image_file_size\":1}}}", OTA_E_MANIFEST,
		  "manifest.firmware.dfu_chain_size is not an integer" },
		{ "{\"manifest\":{\"firmware\":{\"firmware_id\":\"02FF10000203\",\"dfu_chain_size\":1.5,"
		  "\"firmware_image_file_size\":1}}}", OTA_E_MANIFEST,
		  "dfu_chain_size is not an integer" },
		{ "{\"manifest\":{\"firmware\":{\"firmware_id\":\"02FF10000203\",\"dfu_chain_size\":1}}}",
		  OTA_E_MANIFEST, "manifest.firmware.firmware_image_file_size missing" },
		{ "{\"manifest\":{\"firmware\":{\"firmware_id\":\"02FF10000203\",\"dfu_chain_size\":1,"
		  "\"firmware_image_file_size\":null}}}", OTA_E_MANIFEST,
		  "firmware_image_file_size is not an integer" },
		{ "{\"manifest\":{\"firmware\":{\"firmware_id\":\"02FG10000203\",\"dfu_chain_size\":1,"
		  "\"firmware_image_file_size\":1}}}", OTA_E_MANIFEST, "character 3 is not a hex digit" },
		{ "{\"manifest\":{\"firmware\":{\"firmware_id\":\"02FF1000020\",\"dfu_chain_size\":1,"
		  "\"firmware_image_file_size\":1}}}", OTA_E_MANIFEST, "odd number" },
		{ "{\"manifest\":{\"firmware\":{\"firmware_id\":\"0059:0200\",\"dfu_chain_size\":1,"
		  "\"firmware_image_file_size\":1}}}", OTA_E_MANIFEST, "character 4" },
		{ "{\"manifest\":{\"firmware\":{\"firmware_id\":\"02\",\"dfu_chain_size\":1,"
		  "\"firmware_image_file_size\":1}}}", OTA_E_MANIFEST, "1 bytes, not 2..108" },
		{ "{\"manifest\":{\"firmware\":{\"firmware_id\":\"\",\"dfu_chain_size\":1,"
		  "\"firmware_image_file_size\":1}}}", OTA_E_MANIFEST, "0 bytes" },
		{ "{\"manifest\":{\"firmware\":{\"firmware_id\":\"02FF10000203\",\"dfu_chain_size\":0,"
		  "\"firmware_image_file_size\":1}}}", OTA_E_MANIFEST, "dfu_chain_size: 0 out of range" },
		{ "{\"manifest\":{\"firmware\":{\"firmware_id\":\"02FF10000203\",\"dfu_chain_size\":65536,"
		  "\"firmware_image_file_size\":1}}}", OTA_E_MANIFEST, "65536 out of range" },
		{ "{\"manifest\":{\"firmware\":{\"firmware_id\":\"02FF10000203\",\"dfu_chain_size\":1,"
		  "\"firmware_image_file_size\":-5}}}", OTA_E_MANIFEST,
		  "firmware_image_file_size: -5 out of range" },
		{ "{\"manifest\":{\"firmware\":{\"firmware_id\":\"02FF10000203\",\"dfu_chain_size\":1,"
		  "\"firmware_image_file_size\":4294967296}}}", OTA_E_MANIFEST, "4294967296 out of range" },
		{ "{\"manifest\":{\"firmware\":{\"firmware_id\":\"02FF10000203\",\"firmware_id\":\"0203\","
		  "\"dfu_chain_size\":1,\"firmware_image_file_size\":1}}}", OTA_E_MANIFEST, "duplicate" },
	};
	struct ota_mesh_fetch *f = ota_mesh_fetch_new();
	const uint8_t *fwid;
	uint64_t chain, size;
	size_t i, len;

	ck_assert_ptr_nonnull(f);
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		int r = ota_mesh_fetch_parse_check(f, t[i].json, strlen(t[i].json));

		ck_assert_msg(r == t[i].err, "%zu: %d (%s)", i, r, ota_mesh_fetch_errmsg(f));
		ck_assert_msg(strstr(ota_mesh_fetch_errmsg(f), t[i].why) != NULL,
		    "%zu: '%s' lacks '%s'", i, ota_mesh_fetch_errmsg(f), t[i].why);
		if (r == OTA_OK) {
			ck_assert_int_eq(ota_mesh_fetch_fwid(f, &fwid, &len), OTA_OK);
			ck_assert_uint_eq(len, sizeof(telink_fwid));
			ck_assert_mem_eq(fwid, telink_fwid, len);
			ck_assert_int_eq(ota_mesh_fetch_status(f), OTA_MESH_OOB_SUCCESS);
		} else {
			ck_assert_int_eq(ota_mesh_fetch_fwid(f, &fwid, &len), OTA_E_STATE);
			ck_assert_int_eq(ota_mesh_fetch_status(f), OTA_MESH_OOB_INTERNAL_ERROR);
		}
	}
	ck_assert_int_eq(ota_mesh_fetch_parse_check(f, t[0].json, strlen(t[0].json)), OTA_OK);
	ck_assert_int_eq(ota_mesh_fetch_sizes(f, &chain, &size), OTA_OK);
	ck_assert_uint_eq(chain, 2);
	ck_assert_uint_eq(size, 12345);
	/* the limit: a body over it is refused before parsing */
	ck_assert_int_eq(ota_mesh_fetch_set_limits(f, 16, 0), OTA_OK);
	ck_assert_int_eq(ota_mesh_fetch_parse_check(f, t[0].json, strlen(t[0].json)), OTA_E_LIMIT);
	ck_assert_int_eq(ota_mesh_fetch_status(f), OTA_MESH_OOB_INSUFFICIENT_RESOURCES);
	ck_assert_int_eq(ota_mesh_fetch_sizes(f, &chain, &size), OTA_E_STATE);
	ota_mesh_fetch_free(&f);
	ck_assert_ptr_null(f);
	ota_mesh_fetch_free(&f);
	ota_mesh_fetch_free(NULL);
}
END_TEST

START_TEST(check_format_roundtrip)
{
	static const char want[] = "{\"manifest\":{\"firmware\":{\"firmware_id\":\"02FF10000203\","
	    "\"dfu_chain_size\":1,\"firmware_image_file_size\":343044}}}\n";
	struct ota_mesh_fetch *f = ota_mesh_fetch_new();
	char buf[256];
	const uint8_t *fwid;
	size_t len;
	int n;

	n = ota_mesh_check_format(telink_fwid, sizeof(telink_fwid), 1, 343044, buf, sizeof(buf));
	ck_assert_int_eq(n, (int)strlen(want));
	ck_assert_str_eq(buf, want);
	ck_assert_int_eq(ota_mesh_fetch_parse_check(f, buf, (size_t)n), OTA_OK);
	ck_assert_int_eq(ota_mesh_fetch_fwid(f, &fwid, &len), OTA_OK);
	ck_assert_mem_eq(fwid, telink_fwid, sizeof(telink_fwid));
	ck_assert_int_eq(ota_mesh_check_format(telink_fwid, 1, 1, 1, buf, sizeof(buf)), OTA_E_RANGE);
	ck_assert_int_eq(ota_mesh_check_format(telink_fwid, 6, 0, 1, buf, sizeof(buf)), OTA_E_RANGE);
	ck_assert_int_eq(ota_mesh_check_format(telink_fwid, 6, 1, 0, buf, sizeof(buf)), OTA_E_RANGE);
	ota_mesh_fetch_free(&f);
}
END_TEST

START_TEST(status_mapping)
{
	static const struct {
		int err, status;
	} t[] = {
		{ OTA_OK, 0x00 },
		{ OTA_E_URI_SCHEME, 0x09 },
		{ OTA_E_UNSUPPORTED, 0x09 },
		{ OTA_E_URI_MALFORMED, 0x0A },
		{ OTA_E_UNREACHABLE, 0x0B },
		{ OTA_E_TLS, 0x0B },
		{ OTA_E_NO_NEW_FIRMWARE, 0x0C },
		{ OTA_E_LIMIT, 0x01 },
		{ OTA_E_IO, 0x01 },
		{ OTA_E_NOMEM, 0x01 },
		{ OTA_E_MANIFEST, 0x03 },
		{ OTA_E_ARCHIVE, 0x03 },
		{ OTA_E_ARCHIVE_CHECK, 0x03 },
		{ OTA_E_DIGEST, 0x03 },
	};
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		ck_assert_msg(ota_mesh_oob_status(t[i].err) == t[i].status, "%s",
		    ota_errname(t[i].err));
	ck_assert_str_eq(ota_mesh_oob_status_name(0x09), "URI Not Supported");
	ck_assert_str_eq(ota_mesh_oob_status_name(0x0A), "URI Malformed");
	ck_assert_str_eq(ota_mesh_oob_status_name(0x0B), "URI Unreachable");
	ck_assert_str_eq(ota_mesh_oob_status_name(0x0C), "New Firmware Not Available");
	ck_assert_str_eq(ota_mesh_oob_status_name(0x0D), "unknown");
	ck_assert_str_eq(ota_mesh_oob_status_name(-1), "unknown");
	/* the five new errors have distinct names and texts */
	ck_assert_str_eq(ota_errname(OTA_E_TLS), "OTA_E_TLS");
	ck_assert_str_eq(ota_errname(OTA_E_NO_NEW_FIRMWARE), "OTA_E_NO_NEW_FIRMWARE");
}
END_TEST

/* Argument and URI errors come before the network, with or without
 * libcurl; without it the network calls say so. */
START_TEST(fetch_without_network)
{
	struct ota_mesh_fetch *f = ota_mesh_fetch_new();

	ck_assert_int_eq(ota_mesh_fetch_check(f, "http://127.0.0.1/fw", telink_fwid, 6),
	    OTA_E_URI_SCHEME);
	ck_assert_int_eq(ota_mesh_fetch_status(f), OTA_MESH_OOB_URI_NOT_SUPPORTED);
	ck_assert_int_eq(ota_mesh_fetch_run(f, "https://a b/", telink_fwid, 6, "."),
	    OTA_E_URI_MALFORMED);
	ck_assert_int_eq(ota_mesh_fetch_status(f), OTA_MESH_OOB_URI_MALFORMED);
	ck_assert_int_eq(ota_mesh_fetch_check(f, "https://h/", telink_fwid, 1), OTA_E_RANGE);
	ck_assert_int_eq(ota_mesh_fetch_check(f, "https://h/", NULL, 6), OTA_E_INVAL);
	ck_assert_ptr_null(ota_mesh_fetch_path(f));
	ck_assert_int_eq(ota_mesh_fetch_set_ca_file(f, ""), OTA_E_INVAL);
	ck_assert_int_eq(ota_mesh_fetch_set_ca_file(f, "ca.pem"), OTA_OK);
	ck_assert_int_eq(ota_mesh_fetch_set_ca_file(f, NULL), OTA_OK);
	ck_assert_int_eq(ota_mesh_fetch_set_limits(f, UINT64_C(1) << 40, 0), OTA_E_RANGE);
	ck_assert_int_eq(ota_mesh_fetch_set_timeouts(f, 1, 1), OTA_OK);
	if (!ota_mesh_fetch_available()) {
		/* a closed port: never contacted without libcurl */
		ck_assert_int_eq(ota_mesh_fetch_check(f, "https://127.0.0.1:1/fw", telink_fwid, 6),
		    OTA_E_UNSUPPORTED);
		ck_assert_int_eq(ota_mesh_fetch_status(f), OTA_MESH_OOB_URI_NOT_SUPPORTED);
		ck_assert_ptr_nonnull(strstr(ota_mesh_fetch_errmsg(f), "without libcurl"));
		ck_assert_int_eq(ota_mesh_fetch_run(f, "https://127.0.0.1:1/fw", telink_fwid, 6, "."),
		    OTA_E_UNSUPPORTED);
	}
	ck_assert_int_eq(ota_mesh_fetch_check(NULL, "https://h/", telink_fwid, 6), OTA_E_INVAL);
	ck_assert_str_eq(ota_mesh_fetch_errmsg(NULL), "invalid fetch handle");
	ota_mesh_fetch_free(&f);
}
END_TEST

Suite *
suite_fetch(void)
{
	Suite *s = suite_create("fetch");
	TCase *tc = tcase_create("fetch");

	tcase_add_test(tc, url_join);
	tcase_add_test(tc, uri_validation);
	tcase_add_test(tc, check_response_table);
	tcase_add_test(tc, check_format_roundtrip);
	tcase_add_test(tc, status_mapping);
	tcase_add_test(tc, fetch_without_network);
	suite_add_tcase(s, tc);
	return s;
}
