/* test_mesh.c - Bluetooth Mesh DFU: Firmware ID, Zephyr-format metadata,
 * Composition Data page 0 and its hash.  Known answers typed in from
 * ../shared/reference/mesh-dfu.md section 2.5 (vectors A to E), section 3.4
 * (the vendor-model order) and ../shared/vectors/README.md (mesh/). */
#include <stdio.h>
#include <string.h>

#include "testutil.h"

/* Composition data page 0 (no page byte), device order. */
#define CDP0_A "590000000000" "0a00070001000400" "0000" "0200" "42bf" "44bf"
#define CDP0_B "0100020003004000050001000200" "0000" "0200"
#define CDP0_C "0400050006004000050001000200" "0000" "0200" "0200" "0200" "0110" "0310"
#define CDP0_D "590000000000" "0a00030001000400" "0000" "0200" "0014" "0214"
/* Vector E: the nRF Connect SDK script's model-first bytes, and a device's. */
#define CDP0_E_HEAD "590000000000" "0a00070001000601" "0000" "0200" "0114" "0314" "0014" "0414"
#define CDP0_E_TAIL "0200" "0200" "0014" "0214"
#define CDP0_E_MODEL_FIRST CDP0_E_HEAD "0e005900" CDP0_E_TAIL
#define CDP0_E_DEVICE CDP0_E_HEAD "59000e00" CDP0_E_TAIL
/* Vector E's composition_data as mesh_dfu_metadata.py writes it
 * (vendor model 0x0059 << 16 | 0x000e = 5832718). */
static const char json_e[] =
    "{\"cid\": 89, \"pid\": 0, \"vid\": 0, \"crpl\": 10, \"features\": 7, \"elements\": ["
    "{\"location\": 1, \"sig_models\": [0, 2, 5121, 5123, 5120, 5124], "
    "\"vendor_models\": [5832718]},"
    "{\"location\": 2, \"sig_models\": [5120, 5122], \"vendor_models\": []}]}";

static size_t
hex(const char *h, uint8_t *out, size_t cap)
{
	size_t n = unhex(h, out, cap);

	ck_assert_uint_eq(n * 2, strlen(h));
	return n;
}

/* ---- Firmware ID ---- */

START_TEST(fwid_forms)
{
	static const char *const forms[] = { "0059:02000100d2040000", "590002000100d2040000",
		"0x0059+2.0.1+1234", "89+2.0.1+1234", "0X59+2.0.1+1234", "0059:02000100D2040000" };
	uint8_t want[10], f[OTA_FWID_MAX];
	struct ota_fw_version v;
	uint16_t company;
	char text[OTA_FWID_TEXT_MAX];
	size_t i, n;

	hex("590002000100d2040000", want, sizeof(want));
	for (i = 0; i < sizeof(forms) / sizeof(forms[0]); i++) {
		n = sizeof(f);
		ck_assert_msg(ota_fwid_parse(forms[i], f, &n) == OTA_OK, "%s", forms[i]);
		ck_assert_uint_eq(n, 10);
		ck_assert_msg(memcmp(f, want, 10) == 0, "%s", forms[i]);
	}
	ck_assert_int_eq(ota_fwid_format(want, 10, text, sizeof(text)), 21);
	ck_assert_str_eq(text, "0059:02000100d2040000");
	/* snprintf-like: cut, and the length needed */
	ck_assert_int_eq(ota_fwid_format(want, 10, text, 6), 21);
	ck_assert_str_eq(text, "0059:");
	ck_assert_int_eq(ota_fwid_company(want, 10, &company), OTA_OK);
	ck_assert_uint_eq(company, 0x0059);
	ck_assert_int_eq(ota_fwid_version(want, 10, &v), OTA_OK);
	ck_assert_uint_eq(v.major, 2);
	ck_assert_uint_eq(v.minor, 0);
	ck_assert_uint_eq(v.revision, 1);
	ck_assert_uint_eq(v.build, 1234);
	memset(f, 0, sizeof(f));
	ck_assert_int_eq(ota_fwid_from_version(0x0059, &v, f), OTA_OK);
	ck_assert(memcmp(f, want, 10) == 0);
	/* vectors/README.md: 59000200000000000000 = 0x0059 + 2.0.0+0 */
	n = sizeof(f);
	ck_assert_int_eq(ota_fwid_parse("59000200000000000000", f, &n), OTA_OK);
	ck_assert_int_eq(ota_fwid_version(f, n, &v), OTA_OK);
	ck_assert(v.major == 2 && v.minor == 0 && v.revision == 0 && v.build == 0);
	/* the spec-style example: CID 0x0201 + "FW:1.3.5", no MCUboot version */
	n = sizeof(f);
	ck_assert_int_eq(ota_fwid_parse("010246573A312E332E35", f, &n), OTA_OK);
	ck_assert_uint_eq(n, 10);
	ck_assert_int_eq(ota_fwid_company(f, n, &company), OTA_OK);
	ck_assert_uint_eq(company, 0x0201);
	ck_assert_int_eq(ota_fwid_format(f, n, text, sizeof(text)), 21);
	ck_assert_str_eq(text, "0201:46573a312e332e35");
	/* a company alone */
	n = sizeof(f);
	ck_assert_int_eq(ota_fwid_parse("02ff:", f, &n), OTA_OK);
	ck_assert_uint_eq(n, 2);
	ck_assert(f[0] == 0xff && f[1] == 0x02);
	ck_assert_int_eq(ota_fwid_version(f, n, &v), OTA_E_NOT_FOUND);
}
END_TEST

START_TEST(fwid_limits)
{
	char text[2 * OTA_FWID_MAX + 8];
	uint8_t f[OTA_FWID_MAX + 4];
	unsigned warn;
	size_t n;

	/* 1 byte and 109 bytes: out of range; 2 and 108: fine */
	n = sizeof(f);
	ck_assert_int_eq(ota_fwid_parse("59", f, &n), OTA_E_RANGE);
	memset(text, 'a', 2 * 109);
	text[2 * 109] = '\0';
	n = sizeof(f);
	ck_assert_int_eq(ota_fwid_parse(text, f, &n), OTA_E_RANGE);
	text[2 * 108] = '\0';
	n = sizeof(f);
	ck_assert_int_eq(ota_fwid_parse(text, f, &n), OTA_OK);
	ck_assert_uint_eq(n, 108);
	n = sizeof(f);
	ck_assert_int_eq(ota_fwid_parse("5900", f, &n), OTA_OK);
	ck_assert_uint_eq(n, 2);
	ck_assert_int_eq(ota_fwid_format(f, 1, text, sizeof(text)), OTA_E_RANGE);
	ck_assert_int_eq(ota_fwid_format(f, 109, text, sizeof(text)), OTA_E_RANGE);
	/* not a FWID */
	n = sizeof(f);
	ck_assert_int_eq(ota_fwid_parse("590", f, &n), OTA_E_INVAL);
	n = sizeof(f);
	ck_assert_int_eq(ota_fwid_parse("59:00", f, &n), OTA_E_INVAL);
	n = sizeof(f);
	ck_assert_int_eq(ota_fwid_parse("0059:0g", f, &n), OTA_E_INVAL);
	n = sizeof(f);
	ck_assert_int_eq(ota_fwid_parse("0x10000+1.0.0", f, &n), OTA_E_RANGE);
	n = sizeof(f);
	ck_assert_int_eq(ota_fwid_parse("0x59+1.x", f, &n), OTA_E_INVAL);
	n = sizeof(f);
	ck_assert_int_eq(ota_fwid_parse("+1.0.0", f, &n), OTA_E_INVAL);
	/* no room: the length needed */
	n = 4;
	ck_assert_int_eq(ota_fwid_parse("0059:02000100d2040000", f, &n), OTA_E_INVAL);
	ck_assert_uint_eq(n, 10);
	/* Zephyr's limits: default 16, at most 106 */
	ck_assert_int_eq(ota_fwid_check(16, &warn), OTA_OK);
	ck_assert_uint_eq(warn, 0);
	ck_assert_int_eq(ota_fwid_check(17, &warn), OTA_OK);
	ck_assert_uint_eq(warn, OTA_FWID_WARN_ZEPHYR_DEFAULT);
	ck_assert_int_eq(ota_fwid_check(106, &warn), OTA_OK);
	ck_assert_uint_eq(warn, OTA_FWID_WARN_ZEPHYR_DEFAULT);
	ck_assert_int_eq(ota_fwid_check(107, &warn), OTA_OK);
	ck_assert_uint_eq(warn, OTA_FWID_WARN_ZEPHYR_DEFAULT | OTA_FWID_WARN_ZEPHYR_MAX);
	ck_assert_int_eq(ota_fwid_check(1, &warn), OTA_E_RANGE);
	ck_assert_int_eq(ota_fwid_check(109, &warn), OTA_E_RANGE);
}
END_TEST

/* ---- metadata ---- */

static void
encode_is(struct ota_mesh_md *md, const char *want_hex)
{
	uint8_t want[OTA_MESH_MD_MAX], got[OTA_MESH_MD_MAX];
	size_t n = sizeof(got), wn = hex(want_hex, want, sizeof(want));

	ck_assert_int_eq(ota_mesh_md_encode(md, got, &n), OTA_OK);
	ck_assert_uint_eq(n, wn);
	ck_assert_msg(memcmp(got, want, n) == 0, "encoding differs from %s", want_hex);
}

static struct ota_mesh_md *
md_make(const char *ver, uint64_t size, uint8_t core, uint32_t hash, uint16_t elems)
{
	struct ota_mesh_md *md = ota_mesh_md_new();
	struct ota_fw_version v;

	ck_assert_ptr_nonnull(md);
	ck_assert_int_eq(ota_fw_version_parse(ver, &v), OTA_OK);
	ck_assert_int_eq(ota_mesh_md_set_version(md, &v), OTA_OK);
	ck_assert_int_eq(ota_mesh_md_set_fw_size(md, size), OTA_OK);
	ck_assert_int_eq(ota_mesh_md_set_core_type(md, core), OTA_OK);
	ck_assert_int_eq(ota_mesh_md_set_comp(md, hash, elems), OTA_OK);
	return md;
}

/* Decode, check every field, and encode back to the same bytes. */
static void
decode_is(const char *h, const char *ver, uint32_t size, uint8_t core, uint32_t hash,
    uint16_t elems, enum ota_mesh_md_form form)
{
	struct ota_mesh_md *md = ota_mesh_md_new();
	struct ota_fw_version v, want;
	uint8_t in[OTA_MESH_MD_MAX];
	size_t n = hex(h, in, sizeof(in));
	uint32_t gh = 0;
	uint16_t ge = 0;

	ck_assert_int_eq(ota_mesh_md_decode(md, in, n), OTA_OK);
	ck_assert_int_eq(ota_mesh_md_version(md, &v), OTA_OK);
	ck_assert_int_eq(ota_fw_version_parse(ver, &want), OTA_OK);
	ck_assert_int_eq(ota_fw_version_compare(&v, &want), 0);
	ck_assert_uint_eq(ota_mesh_md_fw_size(md), size);
	ck_assert_uint_eq(ota_mesh_md_core_type(md), core);
	ck_assert_int_eq(ota_mesh_md_form(md), form);
	if (form == OTA_MESH_MD_COMP) {
		ck_assert_int_eq(ota_mesh_md_comp(md, &gh, &ge), OTA_OK);
		ck_assert_uint_eq(gh, hash);
		ck_assert_uint_eq(ge, elems);
	} else {
		ck_assert_int_eq(ota_mesh_md_comp(md, &gh, &ge), OTA_E_NOT_FOUND);
	}
	encode_is(md, h);
	ota_mesh_md_free(&md);
	ck_assert_ptr_null(md);
}

START_TEST(md_vectors)
{
	struct ota_mesh_md *md;

	/* A: v2.0.0+0, 1 element; the size field 94cf24 is 2 412 436 (the NCS
	 * doc's JSON says 241236: the doc contradicts itself, the bytes rule) */
	md = md_make("2.0.0+0", 2412436, 1, 0x71f3267c, 1);
	encode_is(md, "0200000000000000" "94cf24" "01" "7c26f371" "0100");
	ota_mesh_md_free(&md);
	decode_is("0200000000000000" "94cf24" "01" "7c26f371" "0100", "2.0.0+0", 2412436, 1,
	    0x71f3267c, 1, OTA_MESH_MD_COMP);
	/* B and C: v1.2.3+4 (the size is ours) */
	md = md_make("1.2.3+4", 0x012345, 1, 0x0587a2fb, 1);
	encode_is(md, "0102030004000000" "452301" "01" "fba28705" "0100");
	ota_mesh_md_free(&md);
	md = md_make("1.2.3+4", 0x012345, 1, 0x13f1a143, 2);
	encode_is(md, "0102030004000000" "452301" "01" "43a1f113" "0200");
	ota_mesh_md_free(&md);
	/* D: dfu_target_nrf52840_2.0.zip, 341 466 bytes */
	md = md_make("2.0.0+0", 341466, 1, 0x7e567089, 1);
	encode_is(md, "0200000000000000" "da3505" "01" "8970567e" "0100");
	ota_mesh_md_free(&md);
	decode_is("0200000000000000da3505018970567e0100", "2.0.0", 341466, 1, 0x7e567089, 1,
	    OTA_MESH_MD_COMP);
	/* E: v2.0.1+1234, 446 356 bytes, 2 elements */
	md = md_make("2.0.1+1234", 446356, 1, 0xbc0e8b45, 2);
	encode_is(md, "02000100d2040000" "94cf06" "01" "458b0ebc" "0200");
	ota_mesh_md_free(&md);
	decode_is("02000100d204000094cf0601458b0ebc0200", "2.0.1+1234", 446356, 1, 0xbc0e8b45, 2,
	    OTA_MESH_MD_COMP);
	/* vectors/README.md: 0x71f3267c, 1 element, v2.0.0+0 */
	md = md_make("2.0.0+0", 0x0a0b0c, 1, 0x71f3267c, 1);
	encode_is(md, "0200000000000000" "0c0b0a" "01" "7c26f371" "0100");
	ota_mesh_md_free(&md);
}
END_TEST

START_TEST(md_forms)
{
	static const uint8_t ud[3] = { 0xde, 0xad, 0x00 };
	struct ota_mesh_md *md;
	const uint8_t *p;
	uint8_t buf[32];
	size_t n;

	/* no application bit: no hash and element count, even when set */
	md = md_make("1.0.0", 100, OTA_MESH_CORE_NETWORK, 0x11223344, 3);
	encode_is(md, "0100000000000000" "640000" "02");
	ck_assert_int_eq(ota_mesh_md_form(md), OTA_MESH_MD_NO_COMP);
	ck_assert_int_eq(ota_mesh_md_set_user_data(md, ud, sizeof(ud)), OTA_OK);
	encode_is(md, "0100000000000000" "640000" "02" "dead00");
	ota_mesh_md_free(&md);
	decode_is("0100000000000000" "640000" "02" "dead00", "1.0.0", 100, 2, 0, 0,
	    OTA_MESH_MD_NO_COMP);
	/* Zephyr's always-append encoder with core type 0: 6 more bytes that
	 * are user data, reported as "appended", kept byte-exact */
	decode_is("0100000000000000" "640000" "00" "4433221103" "00", "1.0.0", 100, 0, 0, 0,
	    OTA_MESH_MD_APPENDED);
	md = ota_mesh_md_new();
	hex("0100000000000000" "640000" "04" "443322110300" "ff", buf, sizeof(buf));
	ck_assert_int_eq(ota_mesh_md_decode(md, buf, 19), OTA_OK);
	ck_assert_int_eq(ota_mesh_md_form(md), OTA_MESH_MD_APPENDED);
	ck_assert_int_eq(ota_mesh_md_user_data(md, &p, &n), OTA_OK);
	ck_assert_uint_eq(n, 7);
	ck_assert(memcmp(p, buf + 12, 7) == 0);
	ck_assert_str_eq(ota_mesh_md_form_name(OTA_MESH_MD_APPENDED), "appended");
	ck_assert_str_eq(ota_mesh_md_form_name(OTA_MESH_MD_COMP), "comp");
	ck_assert_str_eq(ota_mesh_md_form_name(OTA_MESH_MD_NO_COMP), "no-comp");
	/* application bit with user data after hash and elements */
	hex("0100000000000000" "640000" "05" "44332211" "0300" "abcd", buf, sizeof(buf));
	ck_assert_int_eq(ota_mesh_md_decode(md, buf, 20), OTA_OK);
	ck_assert_int_eq(ota_mesh_md_form(md), OTA_MESH_MD_COMP);
	ck_assert_int_eq(ota_mesh_md_user_data(md, &p, &n), OTA_OK);
	ck_assert_uint_eq(n, 2);
	ck_assert(p[0] == 0xab && p[1] == 0xcd);
	ota_mesh_md_free(&md);
}
END_TEST

START_TEST(md_errors)
{
	uint8_t buf[300], big[OTA_MESH_MD_MAX];
	struct ota_mesh_md *md = ota_mesh_md_new();
	size_t n;

	memset(buf, 0, sizeof(buf));
	memset(big, 0x5a, sizeof(big));
	/* under 12 bytes */
	ck_assert_int_eq(ota_mesh_md_decode(md, buf, 11), OTA_E_TRUNCATED);
	ck_assert_ptr_nonnull(strstr(ota_mesh_md_errmsg(md), "11 bytes"));
	ck_assert_int_eq(ota_mesh_md_decode(md, buf, 0), OTA_E_TRUNCATED);
	/* the application bit with under 6 more */
	buf[11] = 0x01;
	ck_assert_int_eq(ota_mesh_md_decode(md, buf, 17), OTA_E_TRUNCATED);
	ck_assert_ptr_nonnull(strstr(ota_mesh_md_errmsg(md), "offset 12"));
	ck_assert_int_eq(ota_mesh_md_decode(md, buf, 12), OTA_E_TRUNCATED);
	ck_assert_int_eq(ota_mesh_md_decode(md, buf, 18), OTA_OK);
	/* over 255 */
	ck_assert_int_eq(ota_mesh_md_decode(md, buf, 256), OTA_E_LIMIT);
	ck_assert_int_eq(ota_mesh_md_decode(md, buf, 255), OTA_OK);
	/* fw_size: 16 MiB is refused, never truncated */
	ck_assert_int_eq(ota_mesh_md_set_fw_size(md, 1234), OTA_OK);
	ck_assert_int_eq(ota_mesh_md_set_fw_size(md, 16777216), OTA_E_RANGE);
	ck_assert_ptr_nonnull(strstr(ota_mesh_md_errmsg(md), "24-bit"));
	ck_assert_uint_eq(ota_mesh_md_fw_size(md), 1234);
	ck_assert_int_eq(ota_mesh_md_set_fw_size(md, UINT64_C(0x100000000)), OTA_E_RANGE);
	ck_assert_int_eq(ota_mesh_md_set_fw_size(md, 16777215), OTA_OK);
	ck_assert_uint_eq(ota_mesh_md_fw_size(md), 16777215);
	/* user data: 243 fit after 12, 244 never do; with the application bit 237 */
	ck_assert_int_eq(ota_mesh_md_set_core_type(md, 0), OTA_OK);
	ck_assert_int_eq(ota_mesh_md_set_user_data(md, big, 244), OTA_E_LIMIT);
	ck_assert_int_eq(ota_mesh_md_set_user_data(md, big, 243), OTA_OK);
	n = sizeof(buf);
	ck_assert_int_eq(ota_mesh_md_encode(md, buf, &n), OTA_OK);
	ck_assert_uint_eq(n, 255);
	ck_assert(buf[8] == 0xff && buf[9] == 0xff && buf[10] == 0xff);
	ck_assert_int_eq(ota_mesh_md_set_core_type(md, 1), OTA_OK);
	ck_assert_int_eq(ota_mesh_md_set_comp(md, 1, 1), OTA_OK);
	n = sizeof(buf);
	ck_assert_int_eq(ota_mesh_md_encode(md, buf, &n), OTA_E_LIMIT);
	ck_assert_int_eq(ota_mesh_md_set_user_data(md, big, 237), OTA_OK);
	n = sizeof(buf);
	ck_assert_int_eq(ota_mesh_md_encode(md, buf, &n), OTA_OK);
	ck_assert_uint_eq(n, 255);
	/* no room: the length needed */
	n = 10;
	ck_assert_int_eq(ota_mesh_md_encode(md, buf, &n), OTA_E_INVAL);
	ck_assert_uint_eq(n, 255);
	ota_mesh_md_free(&md);
	/* the application bit without a hash */
	md = ota_mesh_md_new();
	ck_assert_int_eq(ota_mesh_md_set_core_type(md, 1), OTA_OK);
	n = sizeof(buf);
	ck_assert_int_eq(ota_mesh_md_encode(md, buf, &n), OTA_E_STATE);
	ota_mesh_md_free(&md);
	ota_mesh_md_free(NULL);
	ck_assert_int_eq(ota_mesh_md_decode(NULL, buf, 12), OTA_E_INVAL);
	ck_assert_str_eq(ota_mesh_md_errmsg(NULL), "");
}
END_TEST

/* ---- composition ---- */

static uint32_t
page0_hash(const char *h, unsigned form, enum ota_mesh_vendor_order order)
{
	struct ota_mesh_comp *c = ota_mesh_comp_new();
	uint8_t in[OTA_MESH_COMP_MAX + 2], out[OTA_MESH_COMP_MAX];
	size_t n = hex(h, in, sizeof(in)), on = sizeof(out), skip;
	uint32_t hash = 0, hb = 0;

	ck_assert_msg(ota_mesh_comp_from_page0(c, in, n, form) == OTA_OK, "%s: %s", h,
	    ota_mesh_comp_errmsg(c));
	ck_assert_int_eq(ota_mesh_comp_hash(c, order, &hash), OTA_OK);
	/* device order gives back the input */
	ck_assert_int_eq(ota_mesh_comp_page0(c, OTA_MESH_VENDOR_DEVICE, out, &on), OTA_OK);
	skip = ota_mesh_comp_form(c) == OTA_MESH_COMP_STATUS ? 2 :
	    ota_mesh_comp_form(c) == OTA_MESH_COMP_PAGE_BYTE ? 1 : 0;
	ck_assert_uint_eq(on, n - skip);
	ck_assert(memcmp(out, in + skip, on) == 0);
	if (order == OTA_MESH_VENDOR_DEVICE) {
		ck_assert_int_eq(ota_mesh_comp_hash_bytes(in + skip, n - skip, &hb), OTA_OK);
		ck_assert_uint_eq(hb, hash);
	}
	ota_mesh_comp_free(&c);
	return hash;
}

START_TEST(comp_hash_vectors)
{
	uint32_t h = 0;
	uint8_t in[OTA_MESH_COMP_MAX];
	size_t n;

	ck_assert_uint_eq(page0_hash(CDP0_A, OTA_MESH_COMP_RAW, OTA_MESH_VENDOR_DEVICE), 0x71f3267c);
	ck_assert_uint_eq(page0_hash(CDP0_B, OTA_MESH_COMP_AUTO, OTA_MESH_VENDOR_DEVICE), 0x0587a2fb);
	ck_assert_uint_eq(page0_hash(CDP0_C, OTA_MESH_COMP_AUTO, OTA_MESH_VENDOR_DEVICE), 0x13f1a143);
	ck_assert_uint_eq(page0_hash(CDP0_D, OTA_MESH_COMP_AUTO, OTA_MESH_VENDOR_DEVICE), 0x7e567089);
	/* SIG-only compositions: the order does not matter */
	ck_assert_uint_eq(page0_hash(CDP0_D, OTA_MESH_COMP_AUTO, OTA_MESH_VENDOR_MODEL_FIRST),
	    0x7e567089);
	/* E: a device's page 0 hashes to 0x04abe898; written model-first (as
	 * the NCS script does) it gives the 0xbc0e8b45 of its metadata */
	ck_assert_uint_eq(page0_hash(CDP0_E_DEVICE, OTA_MESH_COMP_AUTO, OTA_MESH_VENDOR_DEVICE),
	    0x04abe898);
	ck_assert_uint_eq(page0_hash(CDP0_E_DEVICE, OTA_MESH_COMP_AUTO,
	    OTA_MESH_VENDOR_MODEL_FIRST), 0xbc0e8b45);
	n = hex(CDP0_E_MODEL_FIRST, in, sizeof(in));
	ck_assert_int_eq(ota_mesh_comp_hash_bytes(in, n, &h), OTA_OK);
	ck_assert_uint_eq(h, 0xbc0e8b45);
	/* with the page byte, and as a Composition Data Status message */
	ck_assert_uint_eq(page0_hash("00" CDP0_D, OTA_MESH_COMP_AUTO, OTA_MESH_VENDOR_DEVICE),
	    0x7e567089);
	ck_assert_uint_eq(page0_hash("0200" CDP0_A, OTA_MESH_COMP_STATUS, OTA_MESH_VENDOR_DEVICE),
	    0x71f3267c);
	ck_assert_uint_eq(page0_hash("00" CDP0_E_DEVICE, OTA_MESH_COMP_PAGE_BYTE,
	    OTA_MESH_VENDOR_MODEL_FIRST), 0xbc0e8b45);
	ck_assert_uint_eq(page0_hash("0200" CDP0_C, OTA_MESH_COMP_STATUS, OTA_MESH_VENDOR_DEVICE),
	    0x13f1a143);
	ck_assert_str_eq(ota_mesh_vendor_order_name(OTA_MESH_VENDOR_DEVICE), "device");
	ck_assert_str_eq(ota_mesh_vendor_order_name(OTA_MESH_VENDOR_MODEL_FIRST), "model-first");
}
END_TEST

START_TEST(comp_forms)
{
	/* status of page 0 with one element (loc 0, model 0x0000), which also
	 * reads as a page 0 of company 0x0002 with two empty elements */
	static const char amb[] = "0200" "5900000000000a000300" "0000" "0100" "0000";
	struct ota_mesh_comp *c = ota_mesh_comp_new();
	uint8_t in[64];
	size_t n = hex(amb, in, sizeof(in)), ns, nv;
	uint16_t cid = 0, loc;
	uint32_t id;

	ck_assert_int_eq(ota_mesh_comp_from_page0(c, in, n, OTA_MESH_COMP_AUTO), OTA_E_AMBIGUOUS);
	ck_assert_ptr_nonnull(strstr(ota_mesh_comp_errmsg(c), "name the form"));
	ck_assert_uint_eq(ota_mesh_comp_form(c), 0);
	ck_assert_uint_eq(ota_mesh_comp_element_count(c), 0);
	ck_assert_int_eq(ota_mesh_comp_from_page0(c, in, n, OTA_MESH_COMP_RAW), OTA_OK);
	ck_assert_int_eq(ota_mesh_comp_header(c, &cid, NULL, NULL, NULL, NULL), OTA_OK);
	ck_assert_uint_eq(cid, 0x0002);
	ck_assert_uint_eq(ota_mesh_comp_element_count(c), 2);
	ck_assert_int_eq(ota_mesh_comp_from_page0(c, in, n, OTA_MESH_COMP_STATUS), OTA_OK);
	ck_assert_uint_eq(ota_mesh_comp_form(c), OTA_MESH_COMP_STATUS);
	ck_assert_int_eq(ota_mesh_comp_header(c, &cid, NULL, NULL, NULL, NULL), OTA_OK);
	ck_assert_uint_eq(cid, 0x0059);
	ck_assert_uint_eq(ota_mesh_comp_element_count(c), 1);
	ck_assert_int_eq(ota_mesh_comp_element(c, 0, &loc, &ns, &nv), OTA_OK);
	ck_assert(loc == 0 && ns == 1 && nv == 0);
	ck_assert_int_eq(ota_mesh_comp_element(c, 1, &loc, &ns, &nv), OTA_E_NOT_FOUND);
	ck_assert_int_eq(ota_mesh_comp_model(c, 0, 0, 0, &id), OTA_OK);
	ck_assert_uint_eq(id, 0);
	ck_assert_int_eq(ota_mesh_comp_model(c, 0, 1, 0, &id), OTA_E_NOT_FOUND);
	/* vector A as a status message also reads as a page 0 of company
	 * 0x0002 (elements at 0x0007 and 0x0000): auto refuses it */
	n = hex("0200" CDP0_A, in, sizeof(in));
	ck_assert_int_eq(ota_mesh_comp_from_page0(c, in, n, OTA_MESH_COMP_AUTO), OTA_E_AMBIGUOUS);
	ck_assert_ptr_nonnull(strstr(ota_mesh_comp_errmsg(c), "as page 0 without the page byte "
	    "and as a Composition Data Status message"));
	n = hex(amb, in, sizeof(in));
	/* the same two accepted, not the third: no ambiguity */
	ck_assert_int_eq(ota_mesh_comp_from_page0(c, in, n,
	    OTA_MESH_COMP_PAGE_BYTE | OTA_MESH_COMP_STATUS), OTA_OK);
	ck_assert_uint_eq(ota_mesh_comp_form(c), OTA_MESH_COMP_STATUS);
	/* odd length: the page byte */
	n = hex("00" CDP0_B, in, sizeof(in));
	ck_assert_int_eq(ota_mesh_comp_from_page0(c, in, n, OTA_MESH_COMP_AUTO), OTA_OK);
	ck_assert_uint_eq(ota_mesh_comp_form(c), OTA_MESH_COMP_PAGE_BYTE);
	ck_assert_int_eq(ota_mesh_comp_from_page0(c, in, n, OTA_MESH_COMP_RAW), OTA_E_TRUNCATED);
	ck_assert_int_eq(ota_mesh_comp_from_page0(c, in, n, 0x10), OTA_E_INVAL);
	ota_mesh_comp_free(&c);
}
END_TEST

static void
page0_bad(const char *h, unsigned form, int err, const char *why)
{
	struct ota_mesh_comp *c = ota_mesh_comp_new();
	uint8_t in[OTA_MESH_COMP_MAX + 8];
	size_t n = hex(h, in, sizeof(in));
	uint32_t hash;

	ck_assert_int_eq(ota_mesh_comp_from_page0(c, in, n, form), err);
	ck_assert_msg(strstr(ota_mesh_comp_errmsg(c), why) != NULL, "%s: \"%s\" lacks \"%s\"", h,
	    ota_mesh_comp_errmsg(c), why);
	ck_assert_int_eq(ota_mesh_comp_hash(c, OTA_MESH_VENDOR_DEVICE, &hash), OTA_E_STATE);
	ota_mesh_comp_free(&c);
}

START_TEST(comp_malformed)
{
	char big[2 * (OTA_MESH_COMP_MAX + 4) + 1];
	size_t i;

	/* header cut, no element, element header cut, counts past the end */
	page0_bad("5900000000000a00", OTA_MESH_COMP_RAW, OTA_E_TRUNCATED, "10-byte header");
	page0_bad("590000000000" "0a000300", OTA_MESH_COMP_RAW, OTA_E_STRUCTURE, "no element");
	page0_bad(CDP0_D "0200", OTA_MESH_COMP_RAW, OTA_E_TRUNCATED, "offset 22: element 1");
	page0_bad("590000000000" "0a00030001000400" "0000" "0200", OTA_MESH_COMP_RAW,
	    OTA_E_TRUNCATED, "declares 4 SIG and 0 vendor models (8 bytes) but 4 bytes");
	page0_bad("590000000000" "0a00030001000001" "5900", OTA_MESH_COMP_AUTO, OTA_E_TRUNCATED,
	    "0 SIG and 1 vendor");
	page0_bad("590000000000" "0a0003000100ff00", OTA_MESH_COMP_AUTO, OTA_E_TRUNCATED,
	    "255 SIG");
	/* forms */
	page0_bad("01" CDP0_D, OTA_MESH_COMP_AUTO, OTA_E_UNSUPPORTED, "page 1");
	page0_bad("0201" CDP0_D, OTA_MESH_COMP_STATUS, OTA_E_UNSUPPORTED, "page 1");
	page0_bad("0300" CDP0_D, OTA_MESH_COMP_STATUS, OTA_E_BAD_MAGIC, "opcode 0x03");
	page0_bad("02", OTA_MESH_COMP_STATUS, OTA_E_TRUNCATED, "opcode and page byte");
	page0_bad("0200" CDP0_D "00", OTA_MESH_COMP_AUTO, OTA_E_TRUNCATED, "element 1");
	/* more than one Composition Data Status carries */
	memcpy(big, CDP0_D, strlen(CDP0_D));
	for (i = strlen(CDP0_D); i < 2 * (OTA_MESH_COMP_MAX + 2); i += 8)
		memcpy(big + i, "00000000", 8);
	big[2 * (OTA_MESH_COMP_MAX + 2)] = '\0';
	page0_bad(big, OTA_MESH_COMP_RAW, OTA_E_LIMIT, "at most 378");
}
END_TEST

static int
comp_json(struct ota_mesh_comp *c, const char *j)
{
	return ota_mesh_comp_from_json(c, j, strlen(j));
}

START_TEST(comp_json_vector_e)
{
	struct ota_mesh_comp *c = ota_mesh_comp_new(), *c2 = ota_mesh_comp_new();
	uint8_t want[OTA_MESH_COMP_MAX], got[OTA_MESH_COMP_MAX];
	size_t wn, gn = sizeof(got);
	struct membuf mb = { NULL, 0, 0 };
	char wrapped[1024];
	uint32_t h = 0, id;

	ck_assert_msg(comp_json(c, json_e) == OTA_OK, "%s", ota_mesh_comp_errmsg(c));
	ck_assert_uint_eq(ota_mesh_comp_form(c), OTA_MESH_COMP_JSON);
	ck_assert_int_eq(ota_mesh_comp_hash(c, OTA_MESH_VENDOR_MODEL_FIRST, &h), OTA_OK);
	ck_assert_uint_eq(h, 0xbc0e8b45);
	ck_assert_int_eq(ota_mesh_comp_hash(c, OTA_MESH_VENDOR_DEVICE, &h), OTA_OK);
	ck_assert_uint_eq(h, 0x04abe898);
	wn = hex(CDP0_E_DEVICE, want, sizeof(want));
	ck_assert_int_eq(ota_mesh_comp_page0(c, OTA_MESH_VENDOR_DEVICE, got, &gn), OTA_OK);
	ck_assert_uint_eq(gn, wn);
	ck_assert(memcmp(got, want, wn) == 0);
	wn = hex(CDP0_E_MODEL_FIRST, want, sizeof(want));
	gn = sizeof(got);
	ck_assert_int_eq(ota_mesh_comp_page0(c, OTA_MESH_VENDOR_MODEL_FIRST, got, &gn), OTA_OK);
	ck_assert(gn == wn && memcmp(got, want, wn) == 0);
	gn = 4;
	ck_assert_int_eq(ota_mesh_comp_page0(c, OTA_MESH_VENDOR_DEVICE, got, &gn), OTA_E_INVAL);
	ck_assert_uint_eq(gn, wn);
	ck_assert_int_eq(ota_mesh_comp_model(c, 0, 1, 0, &id), OTA_OK);
	ck_assert_uint_eq(id, 0x0059000eu);
	ck_assert_int_eq(ota_mesh_comp_model(c, 1, 0, 1, &id), OTA_OK);
	ck_assert_uint_eq(id, 0x1402);
	/* written out and read back: the same page 0 */
	ck_assert_int_eq(ota_mesh_comp_write_json(c, membuf_write, &mb), OTA_OK);
	ck_assert_int_eq(ota_mesh_comp_from_json(c2, (const char *)mb.p, mb.n), OTA_OK);
	ck_assert_int_eq(ota_mesh_comp_hash(c2, OTA_MESH_VENDOR_MODEL_FIRST, &h), OTA_OK);
	ck_assert_uint_eq(h, 0xbc0e8b45);
	membuf_free(&mb);
	/* inside a ble_mesh_metadata.json object */
	(void)snprintf(wrapped, sizeof(wrapped), "{\"binary_size\": 446356, \"composition_data\": "
	    "%s, \"composition_hash\": 3155069765}", json_e);
	ck_assert_int_eq(comp_json(c2, wrapped), OTA_OK);
	ck_assert_int_eq(ota_mesh_comp_hash(c2, OTA_MESH_VENDOR_DEVICE, &h), OTA_OK);
	ck_assert_uint_eq(h, 0x04abe898);
	ota_mesh_comp_free(&c);
	ota_mesh_comp_free(&c2);
}
END_TEST

static void
json_bad(const char *j, int err, const char *why)
{
	struct ota_mesh_comp *c = ota_mesh_comp_new();

	ck_assert_int_eq(comp_json(c, j), err);
	ck_assert_msg(strstr(ota_mesh_comp_errmsg(c), why) != NULL, "%s: \"%s\" lacks \"%s\"", j,
	    ota_mesh_comp_errmsg(c), why);
	ck_assert_uint_eq(ota_mesh_comp_element_count(c), 0);
	ota_mesh_comp_free(&c);
}

#define HDR "\"cid\": 89, \"pid\": 0, \"vid\": 0, \"crpl\": 10, \"features\": 7, "
START_TEST(comp_json_bad)
{
	char big[8192];
	size_t i, n;

	json_bad("{\"cid\": 89, \"pid\": 0, \"vid\": 0, \"features\": 7, \"elements\": []}",
	    OTA_E_STRUCTURE, "no \"crpl\"");
	json_bad("{\"cid\": \"89\", \"pid\": 0}", OTA_E_STRUCTURE, "composition_data.cid: not an "
	    "integer");
	json_bad("{\"cid\": 89.0, \"pid\": 0}", OTA_E_STRUCTURE, "cid: not an integer");
	json_bad("{\"cid\": 65536}", OTA_E_RANGE, "outside 0..65535");
	json_bad("{\"cid\": -1}", OTA_E_RANGE, "outside");
	json_bad("{" HDR "\"elements\": {}}", OTA_E_STRUCTURE, "elements: not an array");
	json_bad("{" HDR "\"elements\": []}", OTA_E_STRUCTURE, "elements: empty");
	json_bad("{" HDR "\"x\": 0}", OTA_E_STRUCTURE, "no \"elements\"");
	json_bad("{" HDR "\"elements\": [1]}", OTA_E_STRUCTURE, "elements[0]: not an object");
	json_bad("{" HDR "\"elements\": [{\"sig_models\": [], \"vendor_models\": []}]}",
	    OTA_E_STRUCTURE, "elements[0]: no \"location\"");
	json_bad("{" HDR "\"elements\": [{\"location\": 1, \"vendor_models\": []}]}",
	    OTA_E_STRUCTURE, "no \"sig_models\"");
	json_bad("{" HDR "\"elements\": [{\"location\": 1, \"sig_models\": 5, "
	    "\"vendor_models\": []}]}", OTA_E_STRUCTURE, "sig_models: not an array");
	json_bad("{" HDR "\"elements\": [{\"location\": 1, \"sig_models\": [0], "
	    "\"vendor_models\": []}, {\"location\": 2, \"sig_models\": [0, \"x\"], "
	    "\"vendor_models\": []}]}", OTA_E_STRUCTURE, "elements[1].sig_models[1]: not an integer");
	json_bad("{" HDR "\"elements\": [{\"location\": 1, \"sig_models\": [65536], "
	    "\"vendor_models\": []}]}", OTA_E_RANGE, "sig_models[0]: 65536");
	json_bad("{" HDR "\"elements\": [{\"location\": 1, \"sig_models\": [], "
	    "\"vendor_models\": [4294967296]}]}", OTA_E_RANGE, "vendor_models[0]");
	json_bad("{" HDR "\"elements\": [{\"location\": 1, \"sig_models\": [], "
	    "\"vendor_models\": [true]}]}", OTA_E_STRUCTURE, "vendor_models[0]: not an integer");
	json_bad("{\"cid\": 1, \"cid\": 2}", OTA_E_STRUCTURE, "JSON");
	json_bad("{\"cid\": ", OTA_E_STRUCTURE, "offset");
	json_bad("[1, 2]", OTA_E_STRUCTURE, "not an object");
	json_bad("{\"composition_data\": []}", OTA_E_STRUCTURE, "not an object");
	/* more models than page 0 can carry: refused before they are stored */
	n = (size_t)snprintf(big, sizeof(big), "{" HDR "\"elements\": [{\"location\": 1, "
	    "\"sig_models\": [0");
	for (i = 1; i < 190; i++)
		n += (size_t)snprintf(big + n, sizeof(big) - n, ", %zu", i);
	(void)snprintf(big + n, sizeof(big) - n, "], \"vendor_models\": []}]}");
	json_bad(big, OTA_E_LIMIT, "exceed 378");
	n = (size_t)snprintf(big, sizeof(big), "{" HDR "\"elements\": [");
	for (i = 0; i < 93; i++)
		n += (size_t)snprintf(big + n, sizeof(big) - n, "%s{\"location\": %zu, "
		    "\"sig_models\": [], \"vendor_models\": []}", i > 0 ? ", " : "", i);
	(void)snprintf(big + n, sizeof(big) - n, "]}");
	json_bad(big, OTA_E_LIMIT, "elements[92]");
}
END_TEST

START_TEST(comp_libctx)
{
	struct ota_ctx *ctx = ota_ctx_new();
	struct ota_mesh_comp *c;
	uint8_t in[64];
	size_t n = hex(CDP0_D, in, sizeof(in));
	uint32_t h = 0;

	/* the handle's property query reaches the CMAC fetch */
	ck_assert_int_eq(ota_ctx_set_libctx(ctx, NULL, "provider=no-such-provider"), OTA_OK);
	c = ota_mesh_comp_new_ctx(ctx);
	ck_assert_int_eq(ota_mesh_comp_from_page0(c, in, n, OTA_MESH_COMP_RAW), OTA_OK);
	ck_assert_int_eq(ota_mesh_comp_hash(c, OTA_MESH_VENDOR_DEVICE, &h), OTA_E_CRYPTO);
	ota_mesh_comp_free(&c);
	ck_assert_int_eq(ota_ctx_set_libctx(ctx, NULL, "provider=default"), OTA_OK);
	c = ota_mesh_comp_new_ctx(ctx);
	ck_assert_int_eq(ota_mesh_comp_from_page0(c, in, n, OTA_MESH_COMP_RAW), OTA_OK);
	ck_assert_int_eq(ota_mesh_comp_hash(c, OTA_MESH_VENDOR_DEVICE, &h), OTA_OK);
	ck_assert_uint_eq(h, 0x7e567089);
	ota_mesh_comp_free(&c);
	ota_mesh_comp_free(NULL);
	ota_ctx_free(&ctx);
}
END_TEST

Suite *
suite_mesh(void)
{
	Suite *s = suite_create("mesh");
	TCase *tc = tcase_create("mesh");

	tcase_add_test(tc, fwid_forms);
	tcase_add_test(tc, fwid_limits);
	tcase_add_test(tc, md_vectors);
	tcase_add_test(tc, md_forms);
	tcase_add_test(tc, md_errors);
	tcase_add_test(tc, comp_hash_vectors);
	tcase_add_test(tc, comp_forms);
	tcase_add_test(tc, comp_malformed);
	tcase_add_test(tc, comp_json_vector_e);
	tcase_add_test(tc, comp_json_bad);
	tcase_add_test(tc, comp_libctx);
	suite_add_tcase(s, tc);
	return s;
}
