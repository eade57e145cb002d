/* archive_json.c - the JSON files of a firmware archive: manifest.json in
 * its two dialects (mcumgr files[] of the nRF Connect SDK; the spec's
 * {"manifest":{"firmware":...}}) and ble_mesh_metadata.json (an object or
 * a list; composition_hash as int or "0x..." string; optional keys). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "archive_private.h"
#include "mesh_private.h"

int
ota__ar_unhex(const char *s, uint8_t *out, size_t cap, size_t *len)
{
	size_t n = strlen(s), i;

	if (n % 2 != 0 || n / 2 > cap)
		return -1;
	for (i = 0; i < n; i++) {
		char c = s[i];
		int v = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 :
		    c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;

		if (v < 0)
			return -1;
		if (i % 2 == 0)
			out[i / 2] = (uint8_t)(v << 4);
		else
			out[i / 2] = (uint8_t)(out[i / 2] | v);
	}
	*len = n / 2;
	return 0;
}

void
ota__ar_hex(const uint8_t *p, size_t n, char *out, size_t cap)
{
	static const char hx[] = "0123456789abcdef";
	size_t i;

	if (cap == 0)
		return;
	for (i = 0; i < n && 2 * i + 2 < cap; i++) {
		out[2 * i] = hx[p[i] >> 4];
		out[2 * i + 1] = hx[p[i] & 15];
	}
	out[2 * i] = '\0';
}

static json_t *
load(struct ota_mesh_archive *a, const struct ota_ar_entry *e, int *err)
{
	json_error_t je;
	json_t *j;

	*err = OTA_OK;
	if (e->data == NULL || e->len == 0) {
		*err = ota__ar_err(a, OTA_E_MANIFEST, "%s: empty", e->name);
		return NULL;
	}
	j = json_loadb((const char *)e->data, e->len, JSON_REJECT_DUPLICATES, &je);
	if (j == NULL)
		*err = ota__ar_err(a, OTA_E_MANIFEST, "%s: line %d: %s", e->name, je.line, je.text);
	return j;
}

/* key of o: NULL when absent; type mismatch: the error. */
static int
get(struct ota_mesh_archive *a, const char *file, const json_t *o, const char *key, int type,
    int need, json_t **out)
{
	static const char *names[] = { "an object", "an array", "a string", "an integer" };
	json_t *v = json_object_get(o, key);
	int okt;

	*out = NULL;
	if (v == NULL) {
		if (need)
			return ota__ar_err(a, OTA_E_MANIFEST, "%s: key '%s' is missing", file, key);
		return OTA_OK;
	}
	switch (type) {
	case JSON_OBJECT:
		okt = json_is_object(v);
		break;
	case JSON_ARRAY:
		okt = json_is_array(v);
		break;
	case JSON_STRING:
		okt = json_is_string(v);
		break;
	default:
		okt = json_is_integer(v);
		break;
	}
	if (!okt)
		return ota__ar_err(a, OTA_E_MANIFEST, "%s: key '%s' is not %s", file, key,
		    names[type == JSON_OBJECT ? 0 : type == JSON_ARRAY ? 1 : type == JSON_STRING ?
		    2 : 3]);
	*out = v;
	return OTA_OK;
}

static int
get_uint(struct ota_mesh_archive *a, const char *file, const json_t *o, const char *key,
    uint64_t max, int need, uint64_t *val, int *have)
{
	json_t *v;
	int r = get(a, file, o, key, JSON_INTEGER, need, &v);

	*have = 0;
	if (r != OTA_OK || v == NULL)
		return r;
	if (json_integer_value(v) < 0 || (uint64_t)json_integer_value(v) > max)
		return ota__ar_err(a, OTA_E_MANIFEST, "%s: key '%s' = %lld is outside 0..%llu", file,
		    key, (long long)json_integer_value(v), (unsigned long long)max);
	*val = (uint64_t)json_integer_value(v);
	*have = 1;
	return OTA_OK;
}

static int
get_fwid(struct ota_mesh_archive *a, const char *file, const json_t *o, const char *key, int need,
    uint8_t *fwid, size_t *len)
{
	json_t *v;
	int r = get(a, file, o, key, JSON_STRING, need, &v);

	*len = 0;
	if (r != OTA_OK || v == NULL)
		return r;
	if (ota__ar_unhex(json_string_value(v), fwid, OTA_FWID_MAX, len) != 0 || *len < OTA_FWID_MIN)
		return ota__ar_err(a, OTA_E_MANIFEST, "%s: key '%s' is not 2 to 108 bytes of hex",
		    file, key);
	return OTA_OK;
}

static int
get_uri(struct ota_mesh_archive *a, const char *file, const json_t *o)
{
	json_t *v;
	size_t n;
	int r = get(a, file, o, "update_uri", JSON_STRING, 0, &v);

	if (r != OTA_OK || v == NULL || a->uri != NULL)
		return r;
	n = strlen(json_string_value(v));
	if (n > 255)
		return ota__ar_err(a, OTA_E_MANIFEST, "%s: update_uri is over 255 bytes", file);
	if ((a->uri = ota__alloc(&a->env, n + 1)) == NULL)
		return OTA_E_NOMEM;
	memcpy(a->uri, json_string_value(v), n + 1);
	return OTA_OK;
}

static long
entry_index(struct ota_mesh_archive *a, const char *name)
{
	size_t i;

	for (i = 0; i < a->nent; i++)
		if (strcmp(a->ent[i].name, name) == 0)
			return (long)i;
	return -1;
}

/* The mcumgr manifest of the nRF Connect SDK. */
static int
ncs_manifest(struct ota_mesh_archive *a, const json_t *root)
{
	json_t *files, *f, *v;
	size_t i, n;
	uint8_t seen[256 / 8], used[OTA_MESH_ARCHIVE_MAX_ENTRIES / 8 + 1];
	int r;

	memset(seen, 0, sizeof(seen));
	memset(used, 0, sizeof(used));
	if ((r = get(a, "manifest.json", root, "files", JSON_ARRAY, 1, &files)) != OTA_OK)
		return r;
	n = json_array_size(files);
	if (n == 0 || n > 16)
		return ota__ar_err(a, OTA_E_MANIFEST, "manifest.json: files[] holds %zu entries "
		    "(1 to 16)", n);
	for (i = 0; i < n; i++) {
		char where[48];
		const char *name, *idx = "0";
		char ibuf[24];
		uint64_t size = 0;
		int have_size, chosen;
		long e;

		(void)snprintf(where, sizeof(where), "manifest.json files[%zu]", i);
		f = json_array_get(files, i);
		if (!json_is_object(f))
			return ota__ar_err(a, OTA_E_MANIFEST, "%s: not an object", where);
		if ((r = get(a, where, f, "file", JSON_STRING, 1, &v)) != OTA_OK)
			return r;
		name = json_string_value(v);
		if ((r = get_uint(a, where, f, "size", UINT32_MAX, 1, &size, &have_size)) != OTA_OK)
			return r;
		if ((v = json_object_get(f, "image_index")) != NULL) {
			if (json_is_string(v)) {
				idx = json_string_value(v);
			} else if (json_is_integer(v)) {
				(void)snprintf(ibuf, sizeof(ibuf), "%lld", (long long)json_integer_value(v));
				idx = ibuf;
				(void)ota__diag_add(&a->diags, OTA_D_JSON_TYPE_DRIFT, 0, "%s: image_index "
				    "is an integer (the SDK writes a string)", where);
			} else {
				return ota__ar_err(a, OTA_E_MANIFEST, "%s: key 'image_index' is not a "
				    "string", where);
			}
		}
		if ((e = entry_index(a, name)) < 0)
			return ota__ar_err(a, OTA_E_MANIFEST, "%s: file '%.120s' is not in the "
			    "archive", where, name);
		/* image_index: an image slot 0..255, each once; each file once */
		{
			unsigned k = 0;
			const char *c = idx;

			if (*c == '\0' || (c[0] == '0' && c[1] != '\0'))
				k = 256;
			for (; k < 256 && *c != '\0'; c++)
				k = *c >= '0' && *c <= '9' ? k * 10 + (unsigned)(*c - '0') : 256;
			if (k > 255)
				return ota__ar_err(a, OTA_E_MANIFEST, "%s: image_index '%.12s' is not "
				    "an image number 0 to 255", where, idx);
			if (seen[k / 8] & (1u << (k % 8)))
				return ota__ar_err(a, OTA_E_MANIFEST, "%s: image_index %u given twice",
				    where, k);
			seen[k / 8] |= (uint8_t)(1u << (k % 8));
			if (used[(size_t)e / 8] & (1u << ((size_t)e % 8)))
				return ota__ar_err(a, OTA_E_MANIFEST, "%s: file '%.120s' listed twice",
				    where, name);
			used[(size_t)e / 8] |= (uint8_t)(1u << ((size_t)e % 8));
		}
		chosen = a->image < 0 && strcmp(idx, "0") == 0;
		if (chosen) {
			a->image = e;
			a->ent[e].role = OTA_MESH_ENTRY_IMAGE;
			a->has_msize = 1;
			a->msize = size;
			if ((r = get(a, where, f, "version_MCUBOOT", JSON_STRING, 0, &v)) != OTA_OK)
				return r;
			if (v != NULL) {
				if (ota_fw_version_parse(json_string_value(v), &a->mver) != OTA_OK)
					return ota__ar_err(a, OTA_E_MANIFEST, "%s: version_MCUBOOT '%.40s' "
					    "is not M.m.r+b", where, json_string_value(v));
				a->has_mver = 1;
			}
		} else if (a->ent[e].role == OTA_MESH_ENTRY_IGNORED) {
			a->ent[e].role = OTA_MESH_ENTRY_OTHER_IMAGE;
			(void)ota__diag_add(&a->diags, OTA_D_ARCHIVE_EXTRA_IMAGE, (uint64_t)e, "entry "
			    "'%.120s' (image_index %.8s): another image, not cross-checked", name, idx);
		}
	}
	if (a->image < 0)
		return ota__ar_err(a, OTA_E_MANIFEST, "manifest.json: no file with image_index 0 "
		    "(the application image the checks are about)");
	a->dialect = OTA_MESH_DIALECT_NCS_ZIP;
	return OTA_OK;
}

static int
spec_manifest(struct ota_mesh_archive *a, const json_t *root)
{
	const char *file = "manifest.json";
	json_t *m, *fw, *v;
	struct ota_ar_entry *me;
	struct ota_ar_md *md;
	long e;
	int r;

	if ((r = get(a, file, root, "manifest", JSON_OBJECT, 1, &m)) != OTA_OK ||
	    (r = get(a, file, m, "firmware", JSON_OBJECT, 1, &fw)) != OTA_OK)
		return r;
	if ((r = get(a, file, fw, "firmware_image_file", JSON_STRING, 1, &v)) != OTA_OK)
		return r;
	if ((e = entry_index(a, json_string_value(v))) < 0)
		return ota__ar_err(a, OTA_E_MANIFEST, "%s: firmware_image_file '%.120s' is not in "
		    "the archive", file, json_string_value(v));
	a->image = e;
	a->ent[e].role = OTA_MESH_ENTRY_IMAGE;
	if ((r = get_fwid(a, file, fw, "firmware_id", 1, a->fwid, &a->fwid_len)) != OTA_OK)
		return r;
	if ((r = get_uri(a, file, fw)) != OTA_OK)
		return r;
	a->dialect = OTA_MESH_DIALECT_SPEC_TAR;
	if ((r = get(a, file, fw, "metadata_file", JSON_STRING, 0, &v)) != OTA_OK || v == NULL)
		return r;
	if ((e = entry_index(a, json_string_value(v))) < 0)
		return ota__ar_err(a, OTA_E_MANIFEST, "%s: metadata_file '%.120s' is not in the "
		    "archive", file, json_string_value(v));
	me = &a->ent[e];
	if (e == a->image)
		return ota__ar_err(a, OTA_E_MANIFEST, "%s: metadata_file and firmware_image_file "
		    "are one entry", file);
	me->role = OTA_MESH_ENTRY_METADATA;
	if (me->over || me->len > OTA_MESH_MD_MAX)
		return ota__ar_err(a, OTA_E_ARCHIVE_ENTRY_SIZE, "entry '%.120s': metadata of %llu "
		    "bytes, over the %u a Mesh message carries", me->name,
		    (unsigned long long)me->size, OTA_MESH_MD_MAX);
	md = &a->md[a->nmd++];
	memset(md, 0, sizeof(*md));
	if (me->len > 0)
		memcpy(md->bytes, me->data, me->len);
	md->len = me->len;
	md->have = 1;
	return ota__ar_md_decode(a, md, me->name, 0);
}

int
ota__ar_manifest(struct ota_mesh_archive *a, const struct ota_ar_entry *e)
{
	json_t *root;
	int r;

	if ((root = load(a, e, &r)) == NULL)
		return r;
	if (!json_is_object(root))
		r = ota__ar_err(a, OTA_E_MANIFEST, "manifest.json: not a JSON object");
	else if (json_object_get(root, "files") != NULL)
		r = ncs_manifest(a, root);
	else if (json_object_get(root, "manifest") != NULL)
		r = spec_manifest(a, root);
	else
		r = ota__ar_err(a, OTA_E_MANIFEST, "manifest.json: neither files[] (nRF Connect "
		    "SDK) nor manifest.firmware (specification)");
	json_decref(root);
	return r;
}

/* A version / size / hash in the image, for telling metadata kinds apart. */
static int
plausible_zephyr(const struct ota_mesh_archive *a, const struct ota_mesh_md *md)
{
	const struct ota_mcuboot *m = a->image >= 0 ? a->ent[a->image].mcu : NULL;
	struct ota_fw_version v, mv;

	if ((ota_mesh_md_core_type(md) & ~7u) != 0)
		return 0;
	if (a->image >= 0 && ota_mesh_md_fw_size(md) == a->ent[a->image].size)
		return 1;
	return m != NULL && ota_mcuboot_version(m, &mv) == OTA_OK &&
	    ota_mesh_md_version(md, &v) == OTA_OK && ota_fw_version_compare(&v, &mv) == 0;
}

int
ota__ar_md_decode(struct ota_mesh_archive *a, struct ota_ar_md *m, const char *where,
    int zephyr_only)
{
	int r;

	if (m->len < OTA_MESH_MD_MIN)
		return ota__ar_err(a, OTA_E_TRUNCATED, "%s: metadata of %zu bytes, under the %u "
		    "of the shortest Zephyr metadata", where, m->len, OTA_MESH_MD_MIN);
	if ((m->md = ota_mesh_md_new_ctx(&a->ctx)) == NULL)
		return OTA_E_NOMEM;
	r = ota_mesh_md_decode(m->md, m->bytes, m->len);
	if (zephyr_only) {
		if (r != OTA_OK)
			return ota__ar_err(a, r, "%s: encoded_metadata: %s", where,
			    ota_mesh_md_errmsg(m->md));
		m->kind = OTA_MESH_MD_KIND_ZEPHYR;
	} else if (r == OTA_OK && plausible_zephyr(a, m->md)) {
		m->kind = OTA_MESH_MD_KIND_ZEPHYR;
	} else {
		if ((m->comp = ota_mesh_comp_new_ctx(&a->ctx)) == NULL)
			return OTA_E_NOMEM;
		if (ota_mesh_comp_from_page0(m->comp, m->bytes, m->len, OTA_MESH_COMP_RAW) ==
		    OTA_OK) {
			m->kind = OTA_MESH_MD_KIND_COMPOSITION;
			(void)ota__diag_add(&a->diags, OTA_D_METADATA_COMPOSITION, 0, "%s: the "
			    "metadata is raw Composition Data page 0 (Silicon Labs style), not "
			    "Zephyr metadata", where);
		} else {
			ota_mesh_comp_free(&m->comp);
			m->kind = r == OTA_OK ? OTA_MESH_MD_KIND_ZEPHYR : OTA_MESH_MD_KIND_OPAQUE;
			if (r != OTA_OK)
				(void)ota__diag_add(&a->diags, OTA_D_METADATA_OPAQUE, 0, "%s: the "
				    "metadata is neither Zephyr metadata nor Composition Data page 0",
				    where);
		}
	}
	if (m->kind != OTA_MESH_MD_KIND_ZEPHYR)
		ota_mesh_md_free(&m->md);
	else if (ota_mesh_md_form(m->md) == OTA_MESH_MD_APPENDED)
		(void)ota__diag_add(&a->diags, OTA_D_METADATA_APPENDED, 0, "%s: a composition hash "
		    "and element count follow without the application core bit (Zephyr's "
		    "always-append encoder): a Zephyr decoder reads them as user data", where);
	return OTA_OK;
}

static int
one_set(struct ota_mesh_archive *a, const json_t *o, const char *where, struct ota_ar_md *m)
{
	json_t *sv, *v;
	uint64_t x[4], size, core;
	static const char *vk[] = { "major", "minor", "revision", "build_number" };
	static const uint64_t vmax[] = { 255, 255, 65535, UINT32_MAX };
	int have, k, r;

	if (!json_is_object(o))
		return ota__ar_err(a, OTA_E_MANIFEST, "%s: not an object", where);
	if ((r = get(a, where, o, "sign_version", JSON_OBJECT, 1, &sv)) != OTA_OK)
		return r;
	for (k = 0; k < 4; k++) {
		char w[80];

		(void)snprintf(w, sizeof(w), "%s sign_version", where);
		if ((r = get_uint(a, w, sv, vk[k], vmax[k], 1, &x[k], &have)) != OTA_OK)
			return r;
	}
	m->ver.major = (uint8_t)x[0];
	m->ver.minor = (uint8_t)x[1];
	m->ver.revision = (uint16_t)x[2];
	m->ver.build = (uint32_t)x[3];
	m->has_ver = 1;
	if ((r = get_uint(a, where, o, "binary_size", UINT32_MAX, 1, &size, &m->has_size)) != OTA_OK)
		return r;
	m->size = size;
	if ((r = get_uint(a, where, o, "core_type", 255, 0, &core, &m->has_core)) != OTA_OK)
		return r;
	m->core = (uint8_t)core;
	if ((r = get(a, where, o, "encoded_metadata", JSON_STRING, 1, &v)) != OTA_OK)
		return r;
	if (ota__ar_unhex(json_string_value(v), m->bytes, OTA_MESH_MD_MAX, &m->len) != 0)
		return ota__ar_err(a, OTA_E_MANIFEST, "%s: encoded_metadata is not hex of at most "
		    "255 bytes", where);
	m->have = 1;
	if ((v = json_object_get(o, "composition_hash")) != NULL) {
		if (json_is_integer(v) && json_integer_value(v) >= 0 &&
		    json_integer_value(v) <= (json_int_t)UINT32_MAX) {
			m->hash = (uint32_t)json_integer_value(v);
		} else if (json_is_string(v)) {
			const char *s = json_string_value(v);
			char *end;
			unsigned long long h;

			if (s[0] != '0' || (s[1] != 'x' && s[1] != 'X') || s[2] == '\0' ||
			    strlen(s) > 10)
				return ota__ar_err(a, OTA_E_MANIFEST, "%s: composition_hash '%.20s' is "
				    "not 0x and up to 8 hex digits", where, s);
			h = strtoull(s + 2, &end, 16);
			if (*end != '\0')
				return ota__ar_err(a, OTA_E_MANIFEST, "%s: composition_hash '%.20s' is "
				    "not 0x and up to 8 hex digits", where, s);
			m->hash = (uint32_t)h;
			(void)ota__diag_add(&a->diags, OTA_D_JSON_TYPE_DRIFT, 0, "%s: composition_hash "
			    "is a string (older mesh_dfu_metadata.py)", where);
		} else {
			return ota__ar_err(a, OTA_E_MANIFEST, "%s: key 'composition_hash' is neither "
			    "an integer from 0 to 4294967295 nor a \"0x...\" string", where);
		}
		m->has_hash = 1;
	}
	if ((r = get(a, where, o, "composition_data", JSON_OBJECT, 0, &v)) != OTA_OK)
		return r;
	if (v != NULL) {
		if ((m->comp = ota_mesh_comp_new_ctx(&a->ctx)) == NULL)
			return OTA_E_NOMEM;
		if (ota__mesh_comp_from_jansson(m->comp, v) != OTA_OK)
			return ota__ar_err(a, OTA_E_MANIFEST, "%s: composition_data: %s", where,
			    ota_mesh_comp_errmsg(m->comp));
	}
	if ((r = get_fwid(a, where, o, "firmware_id", 0, m->fwid, &m->fwid_len)) != OTA_OK)
		return r;
	if ((r = get_uri(a, where, o)) != OTA_OK)
		return r;
	return ota__ar_md_decode(a, m, where, 1);
}

int
ota__ar_mesh_json(struct ota_mesh_archive *a, const struct ota_ar_entry *e)
{
	json_t *root;
	size_t i, n;
	int r = OTA_OK;

	if ((root = load(a, e, &r)) == NULL)
		return r;
	if (json_is_object(root)) {
		a->nmd = 1;
		memset(&a->md[0], 0, sizeof(a->md[0]));
		r = one_set(a, root, "ble_mesh_metadata.json", &a->md[0]);
	} else if (json_is_array(root)) {
		n = json_array_size(root);
		if (n == 0 || n > OTA_MESH_ARCHIVE_MAX_MD)
			r = ota__ar_err(a, OTA_E_MANIFEST, "ble_mesh_metadata.json: a list of %zu "
			    "objects (1 to %u)", n, OTA_MESH_ARCHIVE_MAX_MD);
		for (i = 0; r == OTA_OK && i < n; i++) {
			char where[48];

			(void)snprintf(where, sizeof(where), "ble_mesh_metadata.json[%zu]", i);
			memset(&a->md[i], 0, sizeof(a->md[i]));
			a->nmd = i + 1;
			r = one_set(a, json_array_get(root, i), where, &a->md[i]);
		}
	} else {
		r = ota__ar_err(a, OTA_E_MANIFEST, "ble_mesh_metadata.json: neither an object nor "
		    "a list");
	}
	json_decref(root);
	return r;
}
