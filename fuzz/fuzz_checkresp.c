/* fuzz_checkresp.c - libFuzzer harness for the Store Firmware OOB parsers
 * (<otaimg/mesh_fetch.h>), with round-trip oracles.  The first byte picks:
 *   0 (and anything else but 1) the check response parser: a response that
 *     parses is formatted again (ota_mesh_check_format) and that text parses
 *     to the same FWID and sizes;
 *   1 the Update URI check on the rest as text: an accepted URI builds check
 *     and get URLs that start with it and end with "?cfwid=" and the FWID.
 * fuzz/build.sh 60 checkresp builds it with clang; replay.c runs it over
 * fuzz/corpus-checkresp under make check
 * (tests/cli/fuzz-checkresp-replay.sh). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "otaimg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(x) do { if (!(x)) abort(); } while (0)

static void
check_response(const uint8_t *p, size_t n)
{
	struct ota_mesh_fetch *f = ota_mesh_fetch_new(), *g;
	const uint8_t *fwid, *fwid2;
	uint64_t chain, size, chain2, size2;
	size_t len, len2;
	char text[512];
	int r, m;

	CHECK(f != NULL);
	r = ota_mesh_fetch_parse_check(f, p, n);
	CHECK(ota_mesh_fetch_errmsg(f) != NULL);
	if (r != OTA_OK) {
		CHECK(ota_mesh_fetch_fwid(f, &fwid, &len) == OTA_E_STATE);
		CHECK(ota_mesh_fetch_status(f) != OTA_MESH_OOB_SUCCESS);
		ota_mesh_fetch_free(&f);
		return;
	}
	CHECK(ota_mesh_fetch_fwid(f, &fwid, &len) == OTA_OK);
	CHECK(len >= OTA_FWID_MIN && len <= OTA_FWID_MAX);
	CHECK(ota_mesh_fetch_sizes(f, &chain, &size) == OTA_OK);
	m = ota_mesh_check_format(fwid, len, chain, size, text, sizeof(text));
	CHECK(m > 0 && (size_t)m < sizeof(text));
	CHECK((g = ota_mesh_fetch_new()) != NULL);
	CHECK(ota_mesh_fetch_parse_check(g, text, (size_t)m) == OTA_OK);
	CHECK(ota_mesh_fetch_fwid(g, &fwid2, &len2) == OTA_OK);
	CHECK(len2 == len && memcmp(fwid, fwid2, len) == 0);
	CHECK(ota_mesh_fetch_sizes(g, &chain2, &size2) == OTA_OK);
	CHECK(chain2 == chain && size2 == size);
	ota_mesh_fetch_free(&g);
	ota_mesh_fetch_free(&f);
}

static void
uri(const uint8_t *p, size_t n)
{
	static const uint8_t fwid[] = { 0x59, 0x00, 0x02, 0x00 };
	char *s = malloc(n + 1), msg[256], url[OTA_MESH_FETCH_URL_MAX];
	int r, m;

	CHECK(s != NULL);
	memcpy(s, p, n);
	s[n] = '\0';
	r = ota_mesh_uri_check(s, msg, sizeof(msg));
	CHECK(r == OTA_OK || r == OTA_E_URI_SCHEME || r == OTA_E_URI_MALFORMED ||
	    r == OTA_E_NOMEM);
	CHECK(r == OTA_OK || msg[0] != '\0');
	m = ota_mesh_fetch_url(s, OTA_MESH_ENDPOINT_CHECK, fwid, sizeof(fwid), url, sizeof(url));
	CHECK((r == OTA_OK) == (m > 0));
	if (r == OTA_OK) {
		size_t k = strlen(s);

		CHECK(k <= OTA_MESH_URI_MAX && (size_t)m < sizeof(url));
		CHECK(strncmp(url, s, k) == 0);
		CHECK(strcmp(url + m - 20, "check?cfwid=59000200") == 0);
		m = ota_mesh_fetch_url(s, OTA_MESH_ENDPOINT_GET, fwid, sizeof(fwid), url, sizeof(url));
		CHECK(m > 0 && strcmp(url + m - 18, "get?cfwid=59000200") == 0);
	}
	free(s);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size == 0)
		return 0;
	if (data[0] == 1)
		uri(data + 1, size - 1);
	else
		check_response(data + 1, size - 1);
	return 0;
}
