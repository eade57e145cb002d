/* fuzz_mesh.c - libFuzzer harness for the Mesh DFU parsers (lib/mesh), with
 * round-trip oracles.  The first byte picks the target:
 *   0 metadata decode (then encode: the same bytes),
 *   1 composition from page 0 bytes (the second byte: the forms to accept;
 *     then page 0, the hash and the JSON written and read back agree),
 *   2 composition from JSON (then page 0 read back agrees),
 *   3 FWID text (then format and parse again: the same bytes).
 * fuzz/build.sh 60 mesh builds it with clang; replay.c runs it over
 * fuzz/corpus-mesh under make check (tests/cli/fuzz-mesh-replay.sh). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "otaimg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(x) do { if (!(x)) abort(); } while (0)

struct membuf {
	char p[16384];
	size_t n;
};

static int
mem_write(void *ctx, const void *buf, size_t len)
{
	struct membuf *m = ctx;

	if (len > sizeof(m->p) - m->n)
		return -1;
	memcpy(m->p + m->n, buf, len);
	m->n += len;
	return 0;
}

static void
fuzz_md(const uint8_t *p, size_t n)
{
	struct ota_mesh_md *md = ota_mesh_md_new();
	uint8_t out[OTA_MESH_MD_MAX];
	size_t on = sizeof(out);
	const uint8_t *ud;
	size_t udlen;
	uint32_t h;
	uint16_t e;

	if (md == NULL)
		return;
	if (ota_mesh_md_decode(md, p, n) == OTA_OK) {
		CHECK(n >= OTA_MESH_MD_MIN && n <= OTA_MESH_MD_MAX);
		CHECK(ota_mesh_md_encode(md, out, &on) == OTA_OK);
		CHECK(on == n && memcmp(out, p, n) == 0);
		CHECK(ota_mesh_md_fw_size(md) <= OTA_MESH_FW_SIZE_MAX);
		CHECK(ota_mesh_md_user_data(md, &ud, &udlen) == OTA_OK);
		if ((p[11] & OTA_MESH_CORE_APP) != 0) {
			CHECK(ota_mesh_md_form(md) == OTA_MESH_MD_COMP);
			CHECK(ota_mesh_md_comp(md, &h, &e) == OTA_OK);
			CHECK(udlen == n - 18);
		} else {
			CHECK(ota_mesh_md_comp(md, &h, &e) == OTA_E_NOT_FOUND);
			CHECK(udlen == n - 12 && (udlen == 0 || memcmp(ud, p + 12, udlen) == 0));
			CHECK(ota_mesh_md_form(md) == (udlen >= 6 ? OTA_MESH_MD_APPENDED :
			    OTA_MESH_MD_NO_COMP));
		}
	} else {
		CHECK(ota_mesh_md_errmsg(md)[0] != '\0');
	}
	ota_mesh_md_free(&md);
}

/* c holds a composition: its page 0, hash and JSON agree with each other. */
static void
comp_oracles(const struct ota_mesh_comp *c)
{
	struct ota_mesh_comp *c2 = ota_mesh_comp_new();
	uint8_t a[OTA_MESH_COMP_MAX], b[OTA_MESH_COMP_MAX];
	size_t an = sizeof(a), bn = sizeof(b);
	static struct membuf m;
	uint32_t h1, h2;

	if (c2 == NULL)
		return;
	CHECK(ota_mesh_comp_page0(c, OTA_MESH_VENDOR_DEVICE, a, &an) == OTA_OK);
	CHECK(an >= 14 && an <= OTA_MESH_COMP_MAX && an % 2 == 0);
	CHECK(ota_mesh_comp_hash(c, OTA_MESH_VENDOR_DEVICE, &h1) == OTA_OK);
	CHECK(ota_mesh_comp_hash_bytes(a, an, &h2) == OTA_OK && h1 == h2);
	m.n = 0;
	CHECK(ota_mesh_comp_write_json(c, mem_write, &m) == OTA_OK);
	CHECK(ota_mesh_comp_from_json(c2, m.p, m.n) == OTA_OK);
	CHECK(ota_mesh_comp_page0(c2, OTA_MESH_VENDOR_DEVICE, b, &bn) == OTA_OK);
	CHECK(an == bn && memcmp(a, b, an) == 0);
	CHECK(ota_mesh_comp_from_page0(c2, a, an, OTA_MESH_COMP_RAW) == OTA_OK);
	CHECK(ota_mesh_comp_element_count(c2) == ota_mesh_comp_element_count(c));
	bn = sizeof(b);
	CHECK(ota_mesh_comp_page0(c2, OTA_MESH_VENDOR_MODEL_FIRST, b, &bn) == OTA_OK && bn == an);
	ota_mesh_comp_free(&c2);
}

static void
fuzz_page0(const uint8_t *p, size_t n)
{
	struct ota_mesh_comp *c = ota_mesh_comp_new();
	uint8_t out[OTA_MESH_COMP_MAX];
	size_t on = sizeof(out), skip;
	unsigned form;
	int r;

	if (c == NULL || n < 1) {
		ota_mesh_comp_free(&c);
		return;
	}
	form = p[0] & 7u;
	r = ota_mesh_comp_from_page0(c, p + 1, n - 1, form);
	if (r == OTA_OK) {
		form = ota_mesh_comp_form(c);
		skip = form == OTA_MESH_COMP_STATUS ? 2 : form == OTA_MESH_COMP_PAGE_BYTE ? 1 : 0;
		CHECK(ota_mesh_comp_page0(c, OTA_MESH_VENDOR_DEVICE, out, &on) == OTA_OK);
		CHECK(on == n - 1 - skip && memcmp(out, p + 1 + skip, on) == 0);
		comp_oracles(c);
	} else {
		CHECK(ota_mesh_comp_errmsg(c)[0] != '\0' || r == OTA_E_INVAL || r == OTA_E_NOMEM);
		CHECK(ota_mesh_comp_element_count(c) == 0);
	}
	ota_mesh_comp_free(&c);
}

static void
fuzz_json(const uint8_t *p, size_t n)
{
	struct ota_mesh_comp *c = ota_mesh_comp_new();

	if (c == NULL)
		return;
	if (ota_mesh_comp_from_json(c, (const char *)p, n) == OTA_OK)
		comp_oracles(c);
	else
		CHECK(ota_mesh_comp_errmsg(c)[0] != '\0');
	ota_mesh_comp_free(&c);
}

static void
fuzz_fwid(const uint8_t *p, size_t n)
{
	char text[512], back[OTA_FWID_TEXT_MAX];
	uint8_t f[OTA_FWID_MAX], g[OTA_FWID_MAX];
	size_t fn = sizeof(f), gn = sizeof(g);
	int len;

	if (n >= sizeof(text))
		return;
	memcpy(text, p, n);
	text[n] = '\0';
	if (ota_fwid_parse(text, f, &fn) != OTA_OK)
		return;
	CHECK(fn >= OTA_FWID_MIN && fn <= OTA_FWID_MAX);
	len = ota_fwid_format(f, fn, back, sizeof(back));
	CHECK(len > 0 && (size_t)len < sizeof(back));
	CHECK(ota_fwid_parse(back, g, &gn) == OTA_OK && gn == fn && memcmp(f, g, fn) == 0);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	switch (data[0] & 3u) {
	case 0:
		fuzz_md(data + 1, size - 1);
		break;
	case 1:
		fuzz_page0(data + 1, size - 1);
		break;
	case 2:
		fuzz_json(data + 1, size - 1);
		break;
	default:
		fuzz_fwid(data + 1, size - 1);
		break;
	}
	return 0;
}
