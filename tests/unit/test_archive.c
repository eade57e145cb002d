/* test_archive.c - Mesh DFU firmware archives: the two real nRF Connect SDK
 * archives (known answers from tests/vectors/README), crafted hostile
 * archives made here with libarchive's writer (each a specific error), the
 * spec-style tar, and the writer's round trip. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <archive.h>
#include <archive_entry.h>
#include <openssl/evp.h>

#include "testutil.h"

#define TARGET "mesh/ncs-dfu_target_nrf52840_2.0.zip"
#define BLINKY "mesh/ncs-dfu_blinky_3.0.0-inconsistent.zip"

/* ---- building archives in memory ---- */
struct ent {
	const char *name;
	const void *data;
	size_t len;
	unsigned type;      /* AE_IFREG (0: the same), AE_IFLNK, AE_IFCHR, AE_IFIFO, AE_IFDIR */
	const char *hard;   /* a hard link to this name */
};

static la_ssize_t
mem_out(struct archive *a, void *ctx, const void *buf, size_t len)
{
	(void)a;
	return membuf_write(ctx, buf, len) == 0 ? (la_ssize_t)len : -1;
}

/* kind 0: ZIP, 1: tar.gz */
static uint8_t *
mk(int kind, const struct ent *e, size_t n, size_t *outlen)
{
	struct archive *a = archive_write_new();
	struct membuf m = { NULL, 0, 0 };
	size_t i;

	ck_assert_ptr_nonnull(a);
	if (kind == 0) {
		ck_assert_int_eq(archive_write_set_format_zip(a), ARCHIVE_OK);
	} else {
		ck_assert_int_eq(archive_write_set_format_pax_restricted(a), ARCHIVE_OK);
		ck_assert_int_eq(archive_write_add_filter_gzip(a), ARCHIVE_OK);
	}
	ck_assert_int_eq(archive_write_open2(a, &m, NULL, mem_out, NULL, NULL), ARCHIVE_OK);
	for (i = 0; i < n; i++) {
		struct archive_entry *ae = archive_entry_new();

		archive_entry_set_pathname(ae, e[i].name);
		archive_entry_set_filetype(ae, e[i].type ? e[i].type : AE_IFREG);
		archive_entry_set_perm(ae, 0644);
		if (e[i].type == AE_IFLNK)
			archive_entry_set_symlink(ae, "/etc/passwd");
		if (e[i].hard != NULL)
			archive_entry_set_hardlink(ae, e[i].hard);
		if (e[i].type == AE_IFCHR)
			archive_entry_set_rdev(ae, 0x0103);
		archive_entry_set_size(ae, (la_int64_t)((e[i].type == 0 || e[i].type == AE_IFREG) &&
		    e[i].hard == NULL ? e[i].len : 0));
		ck_assert_int_ge(archive_write_header(a, ae), ARCHIVE_WARN);
		if (e[i].len > 0 && (e[i].type == 0 || e[i].type == AE_IFREG) && e[i].hard == NULL)
			ck_assert_int_eq(archive_write_data(a, e[i].data, e[i].len), (la_ssize_t)e[i].len);
		archive_entry_free(ae);
	}
	ck_assert_int_eq(archive_write_close(a), ARCHIVE_OK);
	archive_write_free(a);
	*outlen = m.n;
	return m.p;
}

/* A valid unsigned MCUboot image: 0x200 header, body of n bytes, SHA-256 TLV. */
static uint8_t *
mcuboot(size_t n, const uint8_t ver[8], size_t *outlen)
{
	size_t len = 0x200 + n + 4 + 4 + 32;
	uint8_t *p = calloc(1, len);
	unsigned int dl = 0;

	ck_assert_ptr_nonnull(p);
	put32(p, 0x96f3b83du);
	put16(p + 8, 0x200);
	put32(p + 12, (uint32_t)n);
	memcpy(p + 20, ver, 8);
	memset(p + 0x200, 0x5a, n);
	put16(p + 0x200 + n, 0x6907);
	put16(p + 0x200 + n + 2, 4 + 4 + 32);
	p[0x200 + n + 4] = 0x10;
	put16(p + 0x200 + n + 6, 32);
	ck_assert_int_eq(EVP_Digest(p, 0x200 + n, p + 0x200 + n + 8, &dl, EVP_sha256(), NULL), 1);
	*outlen = len;
	return p;
}

static const char ncs_man[] = "{\"format-version\":1,\"files\":[{\"type\":\"application\","
    "\"image_index\":\"0\",\"version_MCUBOOT\":\"1.2.3+4\",\"size\":%zu,\"file\":\"app.signed.bin\"}],"
    "\"name\":\"app\"}";
static const char mesh_json[] = "{\"sign_version\":{\"major\":1,\"minor\":2,\"revision\":3,"
    "\"build_number\":4},\"binary_size\":%zu,\"core_type\":1,%s"
    "\"encoded_metadata\":\"%s\",\"firmware_id\":\"59000102030004000000\"}";
static const uint8_t ver1234[8] = { 1, 2, 3, 0, 4, 0, 0, 0 };

static int
open_mem(struct ota_mesh_archive **ap, const uint8_t *buf, size_t len)
{
	*ap = ota_mesh_archive_new();
	ck_assert_ptr_nonnull(*ap);
	return ota_mesh_archive_open_memory(*ap, buf, len);
}

/* Expect err, and the message to name what. */
static void
expect_err(const uint8_t *buf, size_t len, int err, const char *what)
{
	struct ota_mesh_archive *a;
	int r = open_mem(&a, buf, len);

	ck_assert_msg(r == err, "got %s (%s), want %s", ota_errname(r), ota_mesh_archive_errmsg(a),
	    ota_errname(err));
	ck_assert_msg(strstr(ota_mesh_archive_errmsg(a), what) != NULL, "'%s' not in '%s'", what,
	    ota_mesh_archive_errmsg(a));
	ota_mesh_archive_free(&a);
}

/* A well-formed NCS zip with the given metadata JSON tail; n extra entries. */
static uint8_t *
ncs_zip(const char *md_hex, const char *extra_json, const struct ent *more, size_t nmore,
    size_t *len)
{
	static char man[512], mj[1024];
	struct ent e[12];
	uint8_t *img, *z;
	size_t ilen, i;

	img = mcuboot(1000, ver1234, &ilen);
	(void)snprintf(man, sizeof(man), ncs_man, ilen);
	(void)snprintf(mj, sizeof(mj), mesh_json, ilen, extra_json, md_hex);
	e[0] = (struct ent){ "app.signed.bin", img, ilen, 0, NULL };
	e[1] = (struct ent){ "manifest.json", man, strlen(man), 0, NULL };
	e[2] = (struct ent){ "ble_mesh_metadata.json", mj, strlen(mj), 0, NULL };
	for (i = 0; i < nmore && i < 9; i++)
		e[3 + i] = more[i];
	z = mk(0, e, 3 + i, len);
	free(img);
	return z;
}

/* metadata for 1.2.3+4, size of the image above (1000 + 0x200 + 40 = 1552 =
 * 0x610), core 1, hash of comp B below, 1 element */
#define MD_OK "0102030004000000100600 01 fba28705 0100"

static void
strip(char *s)
{
	char *d = s;

	for (; *s; s++)
		if (*s != ' ')
			*d++ = *s;
	*d = '\0';
}

static enum ota_check
check_of(const struct ota_mesh_archive *a, const char *want, const char **msg)
{
	size_t i;
	const char *name;
	enum ota_check res;

	for (i = 0; i < ota_mesh_archive_check_count(a); i++)
		if (ota_mesh_archive_check_get(a, i, &name, &res, msg) == OTA_OK &&
		    strcmp(name, want) == 0)
			return res;
	ck_abort_msg("no check %s", want);
	return OTA_CHECK_SKIP;
}

START_TEST(archive_ncs_target)
{
	struct ota_mesh_archive *a = ota_mesh_archive_new();
	const struct ota_mesh_md *md;
	struct ota_fw_version v;
	const uint8_t *p;
	uint8_t want[32];
	size_t len, i, n;
	uint32_t h;
	uint16_t el;
	enum ota_check res;
	const char *name, *msg;

	ck_assert_int_eq(ota_mesh_archive_open_path(a, vector_path(TARGET)), OTA_OK);
	ck_assert_int_eq(ota_mesh_archive_dialect(a), OTA_MESH_DIALECT_NCS_ZIP);
	ck_assert_uint_eq(ota_mesh_archive_entry_count(a), 3);
	ck_assert_int_eq(ota_mesh_archive_fwid(a, &p, &len), OTA_OK);
	ck_assert_uint_eq(len, unhex("59000200000000000000", want, sizeof(want)));
	ck_assert_mem_eq(p, want, len);
	ck_assert_uint_eq(ota_mesh_archive_md_count(a), 1);
	ck_assert_int_eq(ota_mesh_archive_md_bytes(a, 0, &p, &len), OTA_OK);
	ck_assert_uint_eq(len, unhex("0200000000000000da3505018970567e0100", want, sizeof(want)));
	ck_assert_mem_eq(p, want, len);
	ck_assert_int_eq(ota_mesh_archive_md_kind(a, 0), OTA_MESH_MD_KIND_ZEPHYR);
	md = ota_mesh_archive_md(a, 0);
	ck_assert_ptr_nonnull(md);
	ck_assert_int_eq(ota_mesh_md_version(md, &v), OTA_OK);
	ck_assert_uint_eq(v.major, 2);
	ck_assert_uint_eq(v.minor + v.revision + v.build, 0);
	ck_assert_uint_eq(ota_mesh_md_fw_size(md), 341466);
	ck_assert_uint_eq(ota_mesh_md_core_type(md), 1);
	ck_assert_int_eq(ota_mesh_md_comp(md, &h, &el), OTA_OK);
	ck_assert_uint_eq(h, 0x7e567089u);
	ck_assert_uint_eq(el, 1);
	ck_assert_int_eq(ota_mesh_archive_json_hash(a, 0, &h), OTA_OK);
	ck_assert_uint_eq(h, 0x7e567089u);
	ck_assert_ptr_nonnull(ota_mesh_archive_mcuboot(a));
	ck_assert_int_eq(ota_mcuboot_version(ota_mesh_archive_mcuboot(a), &v), OTA_OK);
	ck_assert_uint_eq(v.major, 2);
	ck_assert_int_eq(ota_mesh_archive_manifest_version(a, &v), OTA_OK);
	ck_assert_uint_eq(v.major, 2);
	n = ota_mesh_archive_check_count(a);
	ck_assert_uint_ge(n, 10);
	for (i = 0; i < n; i++) {
		ck_assert_int_eq(ota_mesh_archive_check_get(a, i, &name, &res, &msg), OTA_OK);
		ck_assert_msg(res == OTA_CHECK_PASS || res == OTA_CHECK_SKIP, "%s: %s: %s", name,
		    ota_check_name(res), msg);
	}
	/* signed by the SDK's key, which we do not have: unchecked fails unless allowed */
	ck_assert_int_eq(ota_mesh_archive_verify(a, NULL, 0), OTA_E_SIG_UNCHECKED);
	ck_assert_int_eq(check_of(a, "signature", &msg), OTA_CHECK_FAIL);
	ck_assert_int_eq(ota_mesh_archive_verify(a, NULL, OTA_VERIFY_ALLOW_UNCHECKED), OTA_OK);
	ck_assert_int_eq(check_of(a, "signature", &msg), OTA_CHECK_SKIP);
	ota_mesh_archive_free(&a);
	ota_mesh_archive_free(&a);  /* NULL is fine */
}
END_TEST

START_TEST(archive_ncs_blinky)
{
	struct ota_mesh_archive *a = ota_mesh_archive_new();
	const char *msg;
	int code;

	ck_assert_int_eq(ota_mesh_archive_open_path(a, vector_path(BLINKY)), OTA_OK);
	ck_assert_int_eq(check_of(a, "version", &msg), OTA_CHECK_FAIL);
	ck_assert_ptr_nonnull(strstr(msg, "metadata 3.0.0+0 vs MCUboot 2.0.0+0"));
	ck_assert_int_eq(check_of(a, "composition-hash", &msg), OTA_CHECK_FAIL);
	ck_assert_ptr_nonnull(strstr(msg, "0xbc0e8b45 vs encoded metadata 0x52973f49"));
	/* vector E: only the script's model-first order gives the JSON hash;
	 * device order 0x04abe898 (reference section 3.4) */
	ck_assert_int_eq(check_of(a, "vendor-order", &msg), OTA_CHECK_WARN);
	ck_assert_ptr_nonnull(strstr(msg, "0x04abe898"));
	ck_assert_int_eq(check_of(a, "image-size", &msg), OTA_CHECK_PASS);
	ck_assert_int_eq(ota_mesh_archive_verify(a, NULL, 0), OTA_E_ARCHIVE_CHECK);
	/* __MACOSX/ entries: ignored with a note */
	ck_assert_uint_ge(ota_mesh_archive_diag_count(a), 1);
	ck_assert_int_eq(ota_mesh_archive_diag_get(a, 0, &code, NULL, &msg), OTA_OK);
	ck_assert_int_eq(code, OTA_D_ARCHIVE_MACOSX);
	ota_mesh_archive_free(&a);
}
END_TEST

START_TEST(archive_hostile)
{
	static const char junk[] = "hello";
	uint8_t *z, *img, *big;
	size_t len, ilen, i;
	char md[64];

	(void)snprintf(md, sizeof(md), "%s", MD_OK);
	strip(md);
	img = mcuboot(100, ver1234, &ilen);
	{	/* 1-3: names that climb out or are absolute */
		static const char *names[] = { "../evil.bin", "/etc/evil", "a/../../b",
			"./x/../../y" };
		for (i = 0; i < 4; i++) {
			struct ent e[] = { { names[i], junk, 5, 0, NULL } };

			z = mk(1, e, 1, &len);
			expect_err(z, len, OTA_E_ARCHIVE_PATH, names[i] + (names[i][0] == '.' &&
			    names[i][1] == '/' ? 2 : 0));
			free(z);
		}
	}
	{	/* 5-8: a symbolic link, a hard link, a device, a FIFO */
		struct ent sl[] = { { "manifest.json", NULL, 0, AE_IFLNK, NULL } };
		struct ent hl[] = { { "a.bin", junk, 5, 0, NULL },
			{ "manifest.json", NULL, 0, 0, "a.bin" } };
		struct ent dev[] = { { "tty", NULL, 0, AE_IFCHR, NULL } };
		struct ent fifo[] = { { "fifo", NULL, 0, AE_IFIFO, NULL } };

		z = mk(1, sl, 1, &len);
		expect_err(z, len, OTA_E_ARCHIVE_ENTRY_TYPE, "'manifest.json' is a symbolic link");
		free(z);
		z = mk(0, sl, 1, &len);
		expect_err(z, len, OTA_E_ARCHIVE_ENTRY_TYPE, "'manifest.json' is a symbolic link");
		free(z);
		z = mk(1, hl, 2, &len);
		expect_err(z, len, OTA_E_ARCHIVE_ENTRY_TYPE, "'manifest.json' is a hard link");
		free(z);
		z = mk(1, dev, 1, &len);
		expect_err(z, len, OTA_E_ARCHIVE_ENTRY_TYPE, "'tty' is not a regular file");
		free(z);
		z = mk(1, fifo, 1, &len);
		expect_err(z, len, OTA_E_ARCHIVE_ENTRY_TYPE, "'fifo' is not a regular file");
		free(z);
	}
	{	/* 9: duplicate names (the second manifest would win elsewhere) */
		struct ent e[] = { { "manifest.json", "{}", 2, 0, NULL },
			{ "manifest.json", "{}", 2, 0, NULL } };

		z = mk(0, e, 2, &len);
		expect_err(z, len, OTA_E_ARCHIVE_DUPLICATE, "'manifest.json' appears twice");
		free(z);
	}
	{	/* 10: a JSON entry that expands past 1 MiB (compresses to ~1 KiB) */
		size_t n = OTA_MESH_ARCHIVE_JSON_MAX + 1;
		struct ent e[1];

		big = malloc(n);
		ck_assert_ptr_nonnull(big);
		memset(big, ' ', n);
		e[0] = (struct ent){ "manifest.json", big, n, 0, NULL };
		z = mk(1, e, 1, &len);
		ck_assert_uint_le(len, 16384); /* 1 MiB of spaces, compressed */
		expect_err(z, len, OTA_E_ARCHIVE_ENTRY_SIZE, "'manifest.json' expands past 1048576");
		free(z);
		free(big);
	}
	{	/* 11: an image entry past the entry limit (a smaller limit here) */
		struct ota_mesh_archive *a = ota_mesh_archive_new();
		struct ent e[] = { { "app.signed.bin", img, ilen, 0, NULL } };

		z = mk(0, e, 1, &len);
		ck_assert_int_eq(ota_mesh_archive_set_limits(a, 0, 512), OTA_OK);
		ck_assert_int_eq(ota_mesh_archive_open_memory(a, z, len), OTA_E_ARCHIVE_ENTRY_SIZE);
		ck_assert_ptr_nonnull(strstr(ota_mesh_archive_errmsg(a), "app.signed.bin"));
		ota_mesh_archive_free(&a);
		free(z);
	}
	{	/* 12: no manifest.json; 13: manifest not JSON; 14: duplicate JSON keys */
		struct ent e1[] = { { "app.signed.bin", img, ilen, 0, NULL } };
		struct ent e2[] = { { "manifest.json", "{\"files\": [", 11, 0, NULL } };
		struct ent e3[] = { { "manifest.json", "{\"files\":[],\"files\":[]}", 23, 0, NULL } };

		z = mk(0, e1, 1, &len);
		expect_err(z, len, OTA_E_MANIFEST, "no manifest.json");
		free(z);
		z = mk(0, e2, 1, &len);
		expect_err(z, len, OTA_E_MANIFEST, "manifest.json: line 1");
		free(z);
		z = mk(0, e3, 1, &len);
		expect_err(z, len, OTA_E_MANIFEST, "duplicate");
		free(z);
	}
	{	/* 15: files[0].size mistyped; 16: files[0].file not in the archive */
		static const char m1[] = "{\"files\":[{\"file\":\"app.signed.bin\",\"size\":\"1\"}]}";
		static const char m2[] = "{\"files\":[{\"file\":\"nope.bin\",\"size\":1}]}";
		struct ent e1[] = { { "app.signed.bin", img, ilen, 0, NULL },
			{ "manifest.json", m1, sizeof(m1) - 1, 0, NULL } };
		struct ent e2[] = { { "app.signed.bin", img, ilen, 0, NULL },
			{ "manifest.json", m2, sizeof(m2) - 1, 0, NULL } };

		z = mk(0, e1, 2, &len);
		expect_err(z, len, OTA_E_MANIFEST, "key 'size' is not an integer");
		free(z);
		z = mk(0, e2, 2, &len);
		expect_err(z, len, OTA_E_MANIFEST, "file 'nope.bin' is not in the archive");
		free(z);
	}
	{	/* 17: no ble_mesh_metadata.json; 18: binary_size missing; 19: composition_hash bool */
		static char man[256], mj[512];
		struct ent e[] = { { "app.signed.bin", img, ilen, 0, NULL },
			{ "manifest.json", man, 0, 0, NULL }, { "ble_mesh_metadata.json", mj, 0, 0, NULL } };

		(void)snprintf(man, sizeof(man), ncs_man, ilen);
		e[1].len = strlen(man);
		z = mk(0, e, 2, &len);
		expect_err(z, len, OTA_E_MANIFEST, "no ble_mesh_metadata.json");
		free(z);
		(void)snprintf(mj, sizeof(mj), "{\"sign_version\":{\"major\":1,\"minor\":2,"
		    "\"revision\":3,\"build_number\":4},\"encoded_metadata\":\"%s\"}", md);
		e[2].len = strlen(mj);
		z = mk(0, e, 3, &len);
		expect_err(z, len, OTA_E_MANIFEST, "key 'binary_size' is missing");
		free(z);
		z = ncs_zip(md, "\"composition_hash\":true,", NULL, 0, &len);
		expect_err(z, len, OTA_E_MANIFEST, "composition_hash");
		free(z);
	}
	{	/* 20: encoded_metadata of 10 bytes (under 12) */
		z = ncs_zip("01020300040000001006", "", NULL, 0, &len);
		expect_err(z, len, OTA_E_TRUNCATED, "ble_mesh_metadata.json");
		free(z);
	}
	{	/* 21: spec manifest without firmware_id; 22: its metadata file of 8 bytes */
		static const char m1[] = "{\"manifest\":{\"firmware\":{\"firmware_image_file\":"
		    "\"app.gbl\",\"metadata_file\":\"app_metadata.bin\"}}}";
		static const char m2[] = "{\"manifest\":{\"firmware\":{\"firmware_image_file\":"
		    "\"app.gbl\",\"metadata_file\":\"app_metadata.bin\",\"firmware_id\":\"ff024657\"}}}";
		struct ent e[] = { { "manifest.json", m1, sizeof(m1) - 1, 0, NULL },
			{ "app.gbl", junk, 5, 0, NULL }, { "app_metadata.bin", "12345678", 8, 0, NULL } };

		z = mk(1, e, 3, &len);
		expect_err(z, len, OTA_E_MANIFEST, "key 'firmware_id' is missing");
		free(z);
		e[0].data = m2;
		e[0].len = sizeof(m2) - 1;
		z = mk(1, e, 3, &len);
		expect_err(z, len, OTA_E_TRUNCATED, "app_metadata.bin: metadata of 8 bytes");
		free(z);
	}
	{	/* 23: not an archive; 24: a cut ZIP */
		uint8_t *v;
		size_t vl;

		expect_err((const uint8_t *)"not an archive at all", 21, OTA_E_ARCHIVE,
		    "neither a ZIP");
		v = slurp(vector_path(TARGET), &vl);
		expect_err(v, 300, OTA_E_ARCHIVE, "");
		free(v);
	}
	{	/* 25: more entries than the limit */
		struct ent *e = calloc(OTA_MESH_ARCHIVE_MAX_ENTRIES + 1, sizeof(*e));
		char (*names)[16] = calloc(OTA_MESH_ARCHIVE_MAX_ENTRIES + 1, 16);

		for (i = 0; i <= OTA_MESH_ARCHIVE_MAX_ENTRIES; i++) {
			(void)snprintf(names[i], 16, "f%zu", i);
			e[i] = (struct ent){ names[i], junk, 1, 0, NULL };
		}
		z = mk(1, e, OTA_MESH_ARCHIVE_MAX_ENTRIES + 1, &len);
		expect_err(z, len, OTA_E_LIMIT, "more than 256 entries");
		free(z);
		free(e);
		free(names);
	}
	free(img);
}
END_TEST

START_TEST(archive_type_drift)
{
	struct ota_mesh_archive *a;
	static const char comp[] = "\"composition_data\":{\"cid\":1,\"pid\":2,\"vid\":3,\"crpl\":64,"
	    "\"features\":5,\"elements\":[{\"location\":1,\"sig_models\":[0,2],"
	    "\"vendor_models\":[]}]},\"composition_hash\":\"0x587a2fb\",";
	struct ent mac[] = { { "__MACOSX/._app.signed.bin", "x", 1, 0, NULL },
		{ "README.txt", "hi", 2, 0, NULL } };
	const char *msg;
	char md[64];
	uint8_t *z;
	size_t len;
	uint32_t h;

	(void)snprintf(md, sizeof(md), "%s", MD_OK);
	strip(md);
	/* vector B composition, the hash as the old script's string */
	z = ncs_zip(md, comp, mac, 2, &len);
	ck_assert_int_eq(open_mem(&a, z, len), OTA_OK);
	ck_assert_int_eq(ota_mesh_archive_json_hash(a, 0, &h), OTA_OK);
	ck_assert_uint_eq(h, 0x0587a2fbu);
	ck_assert_int_eq(check_of(a, "composition-hash", &msg), OTA_CHECK_PASS);
	ck_assert_int_eq(check_of(a, "version", &msg), OTA_CHECK_PASS);
	ck_assert_int_eq(check_of(a, "image-size", &msg), OTA_CHECK_PASS);
	ck_assert_int_eq(check_of(a, "fwid", &msg), OTA_CHECK_PASS);
	ck_assert_int_eq(ota_mesh_archive_verify(a, NULL, 0), OTA_OK);
	ck_assert_uint_eq(ota_mesh_archive_diag_count(a), 3); /* drift, macOS, README */
	ota_mesh_archive_free(&a);
	free(z);
}
END_TEST

START_TEST(archive_spec_tar)
{
	/* raw Composition Data page 0 as the metadata file (Silicon Labs) */
	static const char m[] = "{\"manifest\":{\"firmware\":{\"firmware_image_file\":\"app.bin\","
	    "\"metadata_file\":\"app_metadata.bin\",\"firmware_id\":\"010246573A312E332E35\"}}}";
	uint8_t page0[32], *z, *img;
	size_t plen = unhex("010002000300400005000100020000000200", page0, sizeof(page0));
	size_t len, ilen, fl;
	struct ota_mesh_archive *a;
	const uint8_t *fw;
	const char *msg;
	struct ent e[3];

	img = mcuboot(64, ver1234, &ilen);
	e[0] = (struct ent){ "manifest.json", m, sizeof(m) - 1, 0, NULL };
	e[1] = (struct ent){ "app.bin", img, ilen, 0, NULL };
	e[2] = (struct ent){ "app_metadata.bin", page0, plen, 0, NULL };
	z = mk(1, e, 3, &len);
	ck_assert_int_eq(open_mem(&a, z, len), OTA_OK);
	ck_assert_int_eq(ota_mesh_archive_dialect(a), OTA_MESH_DIALECT_SPEC_TAR);
	ck_assert_int_eq(ota_mesh_archive_md_kind(a, 0), OTA_MESH_MD_KIND_COMPOSITION);
	ck_assert_ptr_nonnull(ota_mesh_archive_comp(a, 0));
	ck_assert_ptr_null(ota_mesh_archive_md(a, 0));
	ck_assert_int_eq(ota_mesh_archive_fwid(a, &fw, &fl), OTA_OK);
	ck_assert_uint_eq(fl, 10);
	ck_assert_uint_eq(fw[0], 0x01);
	/* "FW:1.3.5" is not the MCUboot form: no version from it */
	ck_assert_int_eq(check_of(a, "version", &msg), OTA_CHECK_SKIP);
	ck_assert_int_eq(ota_mesh_archive_verify(a, NULL, 0), OTA_OK);
	ota_mesh_archive_free(&a);
	free(z);
	free(img);
}
END_TEST

/* The target vector's image, copied out of the ZIP to path. */
static void
extract_target(const char *path, char **mj, size_t *mjlen)
{
	struct archive *ar = archive_read_new();
	struct archive_entry *ae;
	FILE *fp;
	char buf[65536];
	la_ssize_t n;

	archive_read_support_format_zip(ar);
	ck_assert_int_eq(archive_read_open_filename(ar, vector_path(TARGET), 65536), ARCHIVE_OK);
	while (archive_read_next_header(ar, &ae) == ARCHIVE_OK) {
		if (strcmp(archive_entry_pathname(ae), "target.signed.bin") == 0) {
			ck_assert_ptr_nonnull(fp = fopen(path, "wb"));
			while ((n = archive_read_data(ar, buf, sizeof(buf))) > 0)
				ck_assert_uint_eq(fwrite(buf, 1, (size_t)n, fp), (size_t)n);
			fclose(fp);
		} else if (strcmp(archive_entry_pathname(ae), "ble_mesh_metadata.json") == 0) {
			*mj = malloc(4096);
			n = archive_read_data(ar, *mj, 4096);
			ck_assert_int_gt(n, 0);
			*mjlen = (size_t)n;
		}
	}
	archive_read_free(ar);
}

START_TEST(archive_round_trip)
{
	char path[] = "/tmp/otaimg-archive-XXXXXX";
	struct ota_mesh_writer *w;
	struct ota_mesh_comp *c = ota_mesh_comp_new();
	struct ota_mesh_archive *a;
	struct membuf m1 = { NULL, 0, 0 }, m2 = { NULL, 0, 0 };
	const uint8_t *p;
	uint8_t want[32];
	char *mj = NULL;
	size_t len, mjlen = 0;
	int fd, d;

	ck_assert_int_ge(fd = mkstemp(path), 0);
	close(fd);
	extract_target(path, &mj, &mjlen);
	ck_assert_ptr_nonnull(mj);
	ck_assert_int_eq(ota_mesh_comp_from_json(c, mj, mjlen), OTA_OK);
	for (d = OTA_MESH_DIALECT_NCS_ZIP; d <= OTA_MESH_DIALECT_SPEC_TAR; d++) {
		struct membuf *mb = d == OTA_MESH_DIALECT_NCS_ZIP ? &m1 : &m2;
		struct membuf again = { NULL, 0, 0 };
		int k;

		for (k = 0; k < 2; k++) {
			ck_assert_ptr_nonnull(w = ota_mesh_writer_new());
			ck_assert_int_eq(ota_mesh_writer_set_dialect(w, (enum ota_mesh_dialect)d), OTA_OK);
			ck_assert_int_eq(ota_mesh_writer_set_image_path(w, path, "target.signed.bin"),
			    OTA_OK);
			ck_assert_int_eq(ota_mesh_writer_set_company(w, 0x0059), OTA_OK);
			ck_assert_int_eq(ota_mesh_writer_set_comp(w, c, OTA_MESH_VENDOR_DEVICE), OTA_OK);
			ck_assert_int_eq(ota_mesh_writer_write(w, membuf_write, k ? &again : mb), OTA_OK);
			ota_mesh_writer_free(&w);
		}
		/* deterministic: the same bytes twice, and no gzip time stamp (MTIME 0) */
		if (d == OTA_MESH_DIALECT_SPEC_TAR) {
			ck_assert_uint_eq(mb->p[0], 0x1f);
			ck_assert_uint_eq(mb->p[4] | mb->p[5] | mb->p[6] | mb->p[7], 0);
		}
		ck_assert_uint_eq(again.n, mb->n);
		ck_assert_mem_eq(again.p, mb->p, mb->n);
		membuf_free(&again);
		ck_assert_int_eq(open_mem(&a, mb->p, mb->n), OTA_OK);
		ck_assert_int_eq(ota_mesh_archive_dialect(a), d);
		ck_assert_int_eq(ota_mesh_archive_md_bytes(a, 0, &p, &len), OTA_OK);
		ck_assert_uint_eq(len, unhex("0200000000000000da3505018970567e0100", want,
		    sizeof(want)));
		ck_assert_mem_eq(p, want, len);
		ck_assert_int_eq(ota_mesh_archive_md_kind(a, 0), OTA_MESH_MD_KIND_ZEPHYR);
		ck_assert_int_eq(ota_mesh_archive_fwid(a, &p, &len), OTA_OK);
		ck_assert_uint_eq(len, unhex("59000200000000000000", want, sizeof(want)));
		ck_assert_mem_eq(p, want, len);
		ck_assert_int_eq(ota_mesh_archive_verify(a, NULL, OTA_VERIFY_STRICT |
		    OTA_VERIFY_ALLOW_UNCHECKED), OTA_OK);
		ota_mesh_archive_free(&a);
	}
	/* a 16 MiB image cannot have Zephyr metadata (24-bit fw_size) */
	{
		uint8_t *img;
		size_t ilen;
		FILE *fp;

		img = mcuboot(16u << 20, ver1234, &ilen);
		ck_assert_ptr_nonnull(fp = fopen(path, "wb"));
		ck_assert_uint_eq(fwrite(img, 1, ilen, fp), ilen);
		fclose(fp);
		free(img);
		ck_assert_ptr_nonnull(w = ota_mesh_writer_new());
		ck_assert_int_eq(ota_mesh_writer_set_dialect(w, OTA_MESH_DIALECT_SPEC_TAR), OTA_OK);
		ck_assert_int_eq(ota_mesh_writer_set_image_path(w, path, NULL), OTA_OK);
		ck_assert_int_eq(ota_mesh_writer_set_company(w, 0x0059), OTA_OK);
		ck_assert_int_eq(ota_mesh_writer_set_comp(w, c, OTA_MESH_VENDOR_DEVICE), OTA_OK);
		membuf_free(&m1);
		ck_assert_int_eq(ota_mesh_writer_write(w, membuf_write, &m1), OTA_E_RANGE);
		ck_assert_ptr_nonnull(strstr(ota_mesh_writer_errmsg(w), "24 bits"));
		ota_mesh_writer_free(&w);
	}
	unlink(path);
	free(mj);
	ota_mesh_comp_free(&c);
	membuf_free(&m1);
	membuf_free(&m2);
}
END_TEST

/* A forward-only reader over a membuf: n is the read position, cap the size. */
static int
fwd_read(void *ctx, void *buf, size_t len, size_t *got)
{
	struct membuf *m = ctx;
	size_t k = m->cap - m->n < len ? m->cap - m->n : len;

	if (k > 4000)
		k = 4000;
	memcpy(buf, m->p + m->n, k);
	m->n += k;
	*got = k;
	return 0;
}
START_TEST(archive_list_and_stream)
{
	/* ble_mesh_metadata.json as a list (several compositions): per-set checks */
	static const char one[] = "{\"sign_version\":{\"major\":1,\"minor\":2,\"revision\":3,"
	    "\"build_number\":4},\"binary_size\":%zu,\"core_type\":1,\"encoded_metadata\":\"%s\","
	    "\"firmware_id\":\"%s\"}";
	static char man[512], mj[2048], o1[512], o2[512];
	struct ota_mesh_archive *a;
	struct ent e[3];
	const char *msg;
	uint8_t *img, *z, *v;
	size_t ilen, len, vl;
	char md[64];

	(void)snprintf(md, sizeof(md), "%s", MD_OK);
	strip(md);
	img = mcuboot(1000, ver1234, &ilen);
	(void)snprintf(man, sizeof(man), ncs_man, ilen);
	(void)snprintf(o1, sizeof(o1), one, ilen, md, "59000102030004000000");
	(void)snprintf(o2, sizeof(o2), one, ilen, md, "59000102030005000000");
	(void)snprintf(mj, sizeof(mj), "[%s,%s]", o1, o2);
	e[0] = (struct ent){ "app.signed.bin", img, ilen, 0, NULL };
	e[1] = (struct ent){ "manifest.json", man, strlen(man), 0, NULL };
	e[2] = (struct ent){ "ble_mesh_metadata.json", mj, strlen(mj), 0, NULL };
	z = mk(0, e, 3, &len);
	ck_assert_int_eq(open_mem(&a, z, len), OTA_OK);
	ck_assert_uint_eq(ota_mesh_archive_md_count(a), 2);
	ck_assert_int_eq(check_of(a, "version[0]", &msg), OTA_CHECK_PASS);
	/* the second object's FWID says build 5: its version and the FWIDs disagree */
	ck_assert_int_eq(check_of(a, "version[1]", &msg), OTA_CHECK_FAIL);
	ck_assert_ptr_nonnull(strstr(msg, "FWID 1.2.3+5 vs MCUboot 1.2.3+4"));
	ck_assert_int_eq(check_of(a, "fwid", &msg), OTA_CHECK_FAIL);
	ck_assert_int_eq(check_of(a, "image-size[1]", &msg), OTA_CHECK_PASS);
	ota_mesh_archive_free(&a);
	free(z);
	free(img);
	/* forward-only: a ZIP is read through its central directory, so a read
	 * callback (no seek) is refused, whatever its local headers say */
	v = slurp(vector_path(TARGET), &vl);
	{
		struct ota_mesh_archive *b = ota_mesh_archive_new();
		struct membuf src = { v, 0, vl };
		const uint8_t *p;
		size_t n;

		(void)src;
		ck_assert_ptr_nonnull(b);
		ck_assert_int_eq(ota_mesh_archive_open_cb(b, fwd_read, &src), OTA_E_UNSUPPORTED);
		ck_assert_ptr_nonnull(strstr(ota_mesh_archive_errmsg(b), "central directory"));
		ck_assert_int_eq(ota_mesh_archive_fwid(b, &p, &n), OTA_E_INVAL);
		ota_mesh_archive_free(&b);
	}
	free(v);
}
END_TEST

/* Review findings: an nRF Connect SDK archive whose image is not MCUboot
 * fails (it passed "every cross-check" before); a required signature or
 * integrity is refused for an unsigned image or one that is not MCUboot. */
START_TEST(archive_image_kind_and_required)
{
	static const char one[] = "{\"sign_version\":{\"major\":1,\"minor\":2,\"revision\":3,"
	    "\"build_number\":4},\"binary_size\":%zu,\"core_type\":1,\"encoded_metadata\":\"%s\","
	    "\"firmware_id\":\"%s\"}";
	static char man[512], mj[2048];
	struct ota_mesh_archive *a;
	struct ent e[3];
	const char *msg;
	uint8_t *img, *z, junk[1000];
	size_t ilen, len, i;
	char md[64];

	(void)snprintf(md, sizeof(md), "%s", MD_OK);
	strip(md);
	img = mcuboot(1000, ver1234, &ilen);
	/* the same size of bytes that are not MCUboot */
	for (i = 0; i < sizeof(junk); i++)
		junk[i] = (uint8_t)(i * 7 + 1);
	(void)snprintf(man, sizeof(man), ncs_man, sizeof(junk));
	(void)snprintf(mj, sizeof(mj), one, sizeof(junk), md, "59000102030004000000");
	e[0] = (struct ent){ "app.signed.bin", junk, sizeof(junk), 0, NULL };
	e[1] = (struct ent){ "manifest.json", man, strlen(man), 0, NULL };
	e[2] = (struct ent){ "ble_mesh_metadata.json", mj, strlen(mj), 0, NULL };
	z = mk(0, e, 3, &len);
	ck_assert_int_eq(open_mem(&a, z, len), OTA_OK);
	ck_assert_int_eq(check_of(a, "image-format", &msg), OTA_CHECK_FAIL);
	ck_assert_int_ne(ota_mesh_archive_verify(a, NULL, OTA_VERIFY_ALLOW_UNCHECKED), OTA_OK);
	ota_mesh_archive_free(&a);
	free(z);
	/* an MCUboot image: image-format passes */
	(void)snprintf(man, sizeof(man), ncs_man, ilen);
	(void)snprintf(mj, sizeof(mj), one, ilen, md, "59000102030004000000");
	e[0] = (struct ent){ "app.signed.bin", img, ilen, 0, NULL };
	e[1] = (struct ent){ "manifest.json", man, strlen(man), 0, NULL };
	e[2] = (struct ent){ "ble_mesh_metadata.json", mj, strlen(mj), 0, NULL };
	z = mk(0, e, 3, &len);
	ck_assert_int_eq(open_mem(&a, z, len), OTA_OK);
	ck_assert_int_eq(check_of(a, "image-format", &msg), OTA_CHECK_PASS);
	/* unsigned (hash TLV only): passes alone, fails when a signature is required */
	ck_assert_int_eq(ota_mesh_archive_verify(a, NULL, OTA_VERIFY_ALLOW_UNCHECKED), OTA_OK);
	ck_assert_int_eq(ota_mesh_archive_verify(a, NULL, OTA_VERIFY_ALLOW_UNCHECKED |
	    OTA_VERIFY_REQUIRE_SIGNATURE), OTA_E_UNSIGNED);
	ota_mesh_archive_free(&a);
	free(z);
	free(img);
}
END_TEST

/* manifest image_index: a slot number 0..255, each once, each file once,
 * and one image 0 (review: "-1", duplicates and a missing 0 passed). */
START_TEST(archive_image_index)
{
	static const char *const files[] = {
		"{\"image_index\":\"-1\",\"size\":%zu,\"file\":\"app.signed.bin\"}",
		"{\"image_index\":\"00\",\"size\":%zu,\"file\":\"app.signed.bin\"}",
		"{\"image_index\":\"256\",\"size\":%zu,\"file\":\"app.signed.bin\"}",
		"{\"image_index\":\"1\",\"size\":%zu,\"file\":\"app.signed.bin\"}",
		"{\"image_index\":\"0\",\"size\":%zu,\"file\":\"app.signed.bin\"},"
		    "{\"image_index\":\"0\",\"size\":1,\"file\":\"net.bin\"}",
		"{\"image_index\":\"0\",\"size\":%zu,\"file\":\"app.signed.bin\"},"
		    "{\"image_index\":\"1\",\"size\":1,\"file\":\"app.signed.bin\"}",
	};
	static const char *const why[] = { "not an image number", "not an image number",
		"not an image number", "no file with image_index 0", "given twice", "listed twice" };
	static char fmt[512], man[512], mj[1024];
	struct ota_mesh_archive *a;
	struct ent e[4];
	uint8_t *img, *z;
	size_t ilen, len, i;
	char md[64];

	(void)snprintf(md, sizeof(md), "%s", MD_OK);
	strip(md);
	img = mcuboot(1000, ver1234, &ilen);
	(void)snprintf(mj, sizeof(mj), mesh_json, ilen, "", md);
	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		(void)snprintf(fmt, sizeof(fmt), "{\"format-version\":1,\"files\":[%s]}", files[i]);
		(void)snprintf(man, sizeof(man), fmt, ilen);
		e[0] = (struct ent){ "app.signed.bin", img, ilen, 0, NULL };
		e[1] = (struct ent){ "manifest.json", man, strlen(man), 0, NULL };
		e[2] = (struct ent){ "ble_mesh_metadata.json", mj, strlen(mj), 0, NULL };
		e[3] = (struct ent){ "net.bin", "x", 1, 0, NULL };
		z = mk(0, e, 4, &len);
		a = ota_mesh_archive_new();
		ck_assert_ptr_nonnull(a);
		ck_assert_int_eq(ota_mesh_archive_open_memory(a, z, len), OTA_E_MANIFEST);
		ck_assert_msg(strstr(ota_mesh_archive_errmsg(a), why[i]) != NULL, "%zu: %s", i,
		    ota_mesh_archive_errmsg(a));
		ota_mesh_archive_free(&a);
		free(z);
	}
	free(img);
}
END_TEST

Suite *
suite_archive(void)
{
	Suite *s = suite_create("archive");
	TCase *tc = tcase_create("archive");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, archive_ncs_target);
	tcase_add_test(tc, archive_ncs_blinky);
	tcase_add_test(tc, archive_hostile);
	tcase_add_test(tc, archive_type_drift);
	tcase_add_test(tc, archive_spec_tar);
	tcase_add_test(tc, archive_round_trip);
	tcase_add_test(tc, archive_list_and_stream);
	tcase_add_test(tc, archive_image_kind_and_required);
	tcase_add_test(tc, archive_image_index);
	suite_add_tcase(s, tc);
	return s;
}
