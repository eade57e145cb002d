/* archive_get.c - what an open Mesh DFU firmware archive holds: entries,
 * FWID, metadata sets, the JSON keys, the checks and notes; the names of
 * the enums. */
#include "config.h"

#include <string.h>

#include "archive_private.h"

const char *
ota_mesh_dialect_name(enum ota_mesh_dialect d)
{
	switch (d) {
	case OTA_MESH_DIALECT_NCS_ZIP:
		return "ncs-zip";
	case OTA_MESH_DIALECT_SPEC_TAR:
		return "spec-tar";
	case OTA_MESH_DIALECT_UNKNOWN:
		break;
	}
	return "unknown";
}

const char *
ota_mesh_entry_role_name(enum ota_mesh_entry_role r)
{
	switch (r) {
	case OTA_MESH_ENTRY_MANIFEST:
		return "manifest";
	case OTA_MESH_ENTRY_METADATA_JSON:
		return "metadata-json";
	case OTA_MESH_ENTRY_IMAGE:
		return "image";
	case OTA_MESH_ENTRY_METADATA:
		return "metadata";
	case OTA_MESH_ENTRY_OTHER_IMAGE:
		return "other-image";
	case OTA_MESH_ENTRY_IGNORED:
		break;
	}
	return "ignored";
}

const char *
ota_mesh_md_kind_name(enum ota_mesh_md_kind k)
{
	switch (k) {
	case OTA_MESH_MD_KIND_ZEPHYR:
		return "zephyr";
	case OTA_MESH_MD_KIND_COMPOSITION:
		return "composition-page0";
	case OTA_MESH_MD_KIND_OPAQUE:
		return "opaque";
	case OTA_MESH_MD_KIND_NONE:
		break;
	}
	return "none";
}

const char *
ota_check_name(enum ota_check c)
{
	switch (c) {
	case OTA_CHECK_PASS:
		return "pass";
	case OTA_CHECK_WARN:
		return "warn";
	case OTA_CHECK_FAIL:
		return "fail";
	case OTA_CHECK_SKIP:
		break;
	}
	return "skip";
}

enum ota_mesh_dialect
ota_mesh_archive_dialect(const struct ota_mesh_archive *a)
{
	return ota__ar_open(a) ? a->dialect : OTA_MESH_DIALECT_UNKNOWN;
}

size_t
ota_mesh_archive_entry_count(const struct ota_mesh_archive *a)
{
	return ota__ar_open(a) ? a->nent : 0;
}

int
ota_mesh_archive_entry(const struct ota_mesh_archive *a, size_t i, const char **name,
    uint64_t *size, enum ota_mesh_entry_role *role)
{
	if (!ota__ar_open(a))
		return OTA_E_STATE;
	if (i >= a->nent)
		return OTA_E_NOT_FOUND;
	if (name != NULL)
		*name = a->ent[i].name;
	if (size != NULL)
		*size = a->ent[i].size;
	if (role != NULL)
		*role = a->ent[i].role;
	return OTA_OK;
}

int
ota_mesh_archive_image(const struct ota_mesh_archive *a, size_t *entry)
{
	if (!ota__ar_open(a))
		return OTA_E_STATE;
	if (a->image < 0)
		return OTA_E_NOT_FOUND;
	if (entry != NULL)
		*entry = (size_t)a->image;
	return OTA_OK;
}

const struct ota_mcuboot *
ota_mesh_archive_mcuboot(const struct ota_mesh_archive *a)
{
	return ota__ar_open(a) && a->image >= 0 ? a->ent[a->image].mcu : NULL;
}

int
ota_mesh_archive_fwid(const struct ota_mesh_archive *a, const uint8_t **fwid, size_t *len)
{
	size_t i;

	if (!ota__ar_open(a) || fwid == NULL || len == NULL)
		return OTA_E_INVAL;
	if (a->fwid_len > 0) {
		*fwid = a->fwid;
		*len = a->fwid_len;
		return OTA_OK;
	}
	for (i = 0; i < a->nmd; i++)
		if (a->md[i].fwid_len > 0) {
			*fwid = a->md[i].fwid;
			*len = a->md[i].fwid_len;
			return OTA_OK;
		}
	return OTA_E_NOT_FOUND;
}

int
ota_mesh_archive_manifest_version(const struct ota_mesh_archive *a, struct ota_fw_version *v)
{
	if (!ota__ar_open(a) || v == NULL)
		return OTA_E_INVAL;
	if (!a->has_mver)
		return OTA_E_NOT_FOUND;
	*v = a->mver;
	return OTA_OK;
}

const char *
ota_mesh_archive_uri(const struct ota_mesh_archive *a)
{
	return ota__ar_open(a) ? a->uri : NULL;
}

size_t
ota_mesh_archive_md_count(const struct ota_mesh_archive *a)
{
	return ota__ar_open(a) ? a->nmd : 0;
}

static const struct ota_ar_md *
md_at(const struct ota_mesh_archive *a, size_t i)
{
	return ota__ar_open(a) && i < a->nmd ? &a->md[i] : NULL;
}

int
ota_mesh_archive_md_bytes(const struct ota_mesh_archive *a, size_t i, const uint8_t **buf,
    size_t *len)
{
	const struct ota_ar_md *m = md_at(a, i);

	if (m == NULL || buf == NULL || len == NULL)
		return OTA_E_INVAL;
	if (!m->have)
		return OTA_E_NOT_FOUND;
	*buf = m->bytes;
	*len = m->len;
	return OTA_OK;
}

enum ota_mesh_md_kind
ota_mesh_archive_md_kind(const struct ota_mesh_archive *a, size_t i)
{
	const struct ota_ar_md *m = md_at(a, i);

	return m != NULL ? m->kind : OTA_MESH_MD_KIND_NONE;
}

const struct ota_mesh_md *
ota_mesh_archive_md(const struct ota_mesh_archive *a, size_t i)
{
	const struct ota_ar_md *m = md_at(a, i);

	return m != NULL && m->kind == OTA_MESH_MD_KIND_ZEPHYR ? m->md : NULL;
}

const struct ota_mesh_comp *
ota_mesh_archive_comp(const struct ota_mesh_archive *a, size_t i)
{
	const struct ota_ar_md *m = md_at(a, i);

	return m != NULL ? m->comp : NULL;
}

int
ota_mesh_archive_json_hash(const struct ota_mesh_archive *a, size_t i, uint32_t *hash)
{
	const struct ota_ar_md *m = md_at(a, i);

	if (m == NULL || hash == NULL)
		return OTA_E_INVAL;
	if (!m->has_hash)
		return OTA_E_NOT_FOUND;
	*hash = m->hash;
	return OTA_OK;
}

int
ota_mesh_archive_json_version(const struct ota_mesh_archive *a, size_t i,
    struct ota_fw_version *v)
{
	const struct ota_ar_md *m = md_at(a, i);

	if (m == NULL || v == NULL)
		return OTA_E_INVAL;
	if (!m->has_ver)
		return OTA_E_NOT_FOUND;
	*v = m->ver;
	return OTA_OK;
}

int
ota_mesh_archive_json_size(const struct ota_mesh_archive *a, size_t i, uint64_t *size)
{
	const struct ota_ar_md *m = md_at(a, i);

	if (m == NULL || size == NULL)
		return OTA_E_INVAL;
	if (!m->has_size)
		return OTA_E_NOT_FOUND;
	*size = m->size;
	return OTA_OK;
}

int
ota_mesh_archive_json_core_type(const struct ota_mesh_archive *a, size_t i, uint8_t *core_type)
{
	const struct ota_ar_md *m = md_at(a, i);

	if (m == NULL || core_type == NULL)
		return OTA_E_INVAL;
	if (!m->has_core)
		return OTA_E_NOT_FOUND;
	*core_type = m->core;
	return OTA_OK;
}

int
ota_mesh_archive_json_fwid(const struct ota_mesh_archive *a, size_t i, const uint8_t **fwid,
    size_t *len)
{
	const struct ota_ar_md *m = md_at(a, i);

	if (m == NULL || fwid == NULL || len == NULL)
		return OTA_E_INVAL;
	if (m->fwid_len == 0)
		return OTA_E_NOT_FOUND;
	*fwid = m->fwid;
	*len = m->fwid_len;
	return OTA_OK;
}

size_t
ota_mesh_archive_check_count(const struct ota_mesh_archive *a)
{
	return ota__ar_open(a) ? a->nchk : 0;
}

int
ota_mesh_archive_check_get(const struct ota_mesh_archive *a, size_t i, const char **name,
    enum ota_check *result, const char **message)
{
	if (!ota__ar_open(a))
		return OTA_E_STATE;
	if (i >= a->nchk)
		return OTA_E_NOT_FOUND;
	if (name != NULL)
		*name = a->chk[i].name;
	if (result != NULL)
		*result = a->chk[i].res;
	if (message != NULL)
		*message = a->chk[i].msg;
	return OTA_OK;
}

size_t
ota_mesh_archive_diag_count(const struct ota_mesh_archive *a)
{
	return ota__ar_ok(a) ? a->diags.n : 0;
}

int
ota_mesh_archive_diag_get(const struct ota_mesh_archive *a, size_t i, int *code,
    uint64_t *offset, const char **message)
{
	const struct ota_diagrec *d;

	if (!ota__ar_ok(a))
		return OTA_E_INVAL;
	if ((d = ota__diag_at(&a->diags, i)) == NULL)
		return OTA_E_NOT_FOUND;
	if (code != NULL)
		*code = d->code;
	if (offset != NULL)
		*offset = d->offset;
	if (message != NULL)
		*message = d->msg;
	return OTA_OK;
}
