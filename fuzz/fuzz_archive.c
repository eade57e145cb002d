/* fuzz_archive.c - libFuzzer harness for Mesh DFU firmware archives: the
 * archive reader from memory and through a forward-only callback, and the
 * JSON parsers on their own (the input wrapped into a tar):
 *   'M' + text: the spec manifest.json (tar dialect)
 *   'N' + text: the nRF Connect SDK manifest.json
 *   'B' + text: ble_mesh_metadata.json (with a fixed NCS manifest)
 *   anything else: the whole input is the archive.
 * Oracles: nothing crashes or leaks (ASan/UBSan); an archive that opens has
 * consistent accessors and verifies without crashing. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "otaimg.h"

/* one ustar header + data, padded */
static size_t
tar_add(uint8_t *out, size_t at, const char *name, const uint8_t *data, size_t len)
{
	uint8_t *h = out + at;
	unsigned sum = 0;
	size_t i;

	memset(h, 0, 512);
	(void)snprintf((char *)h, 100, "%s", name);
	memcpy(h + 100, "0000644", 8);
	memcpy(h + 108, "0000000", 8);
	memcpy(h + 116, "0000000", 8);
	(void)snprintf((char *)h + 124, 12, "%011lo", (unsigned long)len);
	memcpy(h + 136, "00000000000", 12);
	memset(h + 148, ' ', 8);
	h[156] = '0';
	memcpy(h + 257, "ustar", 6);
	memcpy(h + 263, "00", 2);
	for (i = 0; i < 512; i++)
		sum += h[i];
	(void)snprintf((char *)h + 148, 8, "%06o", sum);
	if (len > 0)
		memcpy(h + 512, data, len);
	memset(h + 512 + len, 0, (512 - len % 512) % 512);
	return at + 512 + (len + 511) / 512 * 512;
}

struct cbin {
	const uint8_t *p;
	size_t n, pos;
};

static int
cb_read(void *ctx, void *buf, size_t len, size_t *got)
{
	struct cbin *c = ctx;
	size_t k = c->n - c->pos;

	if (k > len)
		k = len;
	if (k > 1000)  /* odd chunk sizes */
		k = 1000;
	memcpy(buf, c->p + c->pos, k);
	c->pos += k;
	*got = k;
	return 0;
}

static void
walk(struct ota_mesh_archive *a)
{
	size_t i, n, len;
	const uint8_t *p;
	const char *name, *msg;
	enum ota_check res;
	struct ota_fw_version v;
	uint64_t size;
	uint32_t h;
	uint8_t core;
	int code;

	n = ota_mesh_archive_entry_count(a);
	for (i = 0; i < n; i++)
		if (ota_mesh_archive_entry(a, i, &name, &size, NULL) != OTA_OK || name == NULL)
			abort();
	(void)ota_mesh_archive_fwid(a, &p, &len);
	(void)ota_mesh_archive_manifest_version(a, &v);
	(void)ota_mesh_archive_uri(a);
	for (i = 0; i < ota_mesh_archive_md_count(a); i++) {
		if (ota_mesh_archive_md_bytes(a, i, &p, &len) == OTA_OK && len > 255)
			abort();
		(void)ota_mesh_archive_md(a, i);
		(void)ota_mesh_archive_comp(a, i);
		(void)ota_mesh_archive_json_hash(a, i, &h);
		(void)ota_mesh_archive_json_size(a, i, &size);
		(void)ota_mesh_archive_json_core_type(a, i, &core);
	}
	for (i = 0; i < ota_mesh_archive_check_count(a); i++)
		if (ota_mesh_archive_check_get(a, i, &name, &res, &msg) != OTA_OK || msg == NULL)
			abort();
	for (i = 0; i < ota_mesh_archive_diag_count(a); i++)
		(void)ota_mesh_archive_diag_get(a, i, &code, &size, &msg);
	(void)ota_mesh_archive_verify(a, NULL, OTA_VERIFY_STRICT);
}

static void
one(const uint8_t *data, size_t size, int cb)
{
	struct ota_mesh_archive *a = ota_mesh_archive_new();
	struct cbin c = { data, size, 0 };
	int r;

	if (a == NULL)
		return;
	r = cb ? ota_mesh_archive_open_cb(a, cb_read, &c) : ota_mesh_archive_open_memory(a, data, size);
	if (r == OTA_OK)
		walk(a);
	else if (ota_mesh_archive_errmsg(a) == NULL)
		abort();
	ota_mesh_archive_free(&a);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char ncs_man[] = "{\"files\":[{\"file\":\"app.bin\",\"size\":4,"
	    "\"image_index\":\"0\",\"version_MCUBOOT\":\"1.0.0\"}]}";
	static const uint8_t md[18] = { 1, 0, 0, 0, 0, 0, 0, 0, 4, 0, 0, 1, 0x89, 0x70, 0x56, 0x7e,
		1, 0 };
	uint8_t *t;
	size_t at = 0;

	if (size > 1 && (data[0] == 'M' || data[0] == 'N' || data[0] == 'B') && size < 65536) {
		if ((t = malloc(4 * 512 + size + 1024 + 2048)) == NULL)
			return 0;
		if (data[0] == 'B') {
			at = tar_add(t, at, "manifest.json", (const uint8_t *)ncs_man, sizeof(ncs_man) - 1);
			at = tar_add(t, at, "ble_mesh_metadata.json", data + 1, size - 1);
		} else {
			at = tar_add(t, at, "manifest.json", data + 1, size - 1);
		}
		at = tar_add(t, at, "app.bin", (const uint8_t *)"abcd", 4);
		at = tar_add(t, at, "app_metadata.bin", md, sizeof(md));
		memset(t + at, 0, 1024);
		at += 1024;
		one(t, at, 0);
		free(t);
		return 0;
	}
	one(data, size, 0);
	one(data, size, 1);
	return 0;
}
