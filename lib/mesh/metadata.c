/* metadata.c - Zephyr-format Bluetooth Mesh DFU firmware metadata
 * (bt_mesh_dfu_metadata): version (8), fw_size (le24), core type (1), then
 * comp_hash (le32) and elems (le16) when the application core bit is set,
 * then user data (otaimg(5), BLUETOOTH MESH DFU). */
#include "config.h"

#include <stdarg.h>
#include <string.h>

#include "ota_private.h"

#define OTA_MESH_MD_MAGIC 0x4f544d44u /* "OTMD" */
#define FIXED 12u
#define COMP_LEN 6u

struct ota_mesh_md {
	uint32_t magic;
	struct ota_fw_version ver;
	uint32_t fw_size;
	uint8_t core;
	int has_comp;
	uint32_t comp_hash;
	uint16_t elems;
	uint8_t ud[OTA_MESH_MD_MAX - FIXED];
	size_t udlen;
	char errmsg[OTA_MSG_LEN];
	struct ota_env env;
};

struct ota_mesh_md *
ota_mesh_md_new(void)
{
	return ota_mesh_md_new_ctx(NULL);
}

struct ota_mesh_md *
ota_mesh_md_new_ctx(const struct ota_ctx *ctx)
{
	struct ota_env env;
	struct ota_mesh_md *md;

	ota__env_from(&env, ctx);
	if ((md = ota__zalloc(&env, sizeof(*md))) == NULL)
		return NULL;
	md->magic = OTA_MESH_MD_MAGIC;
	md->env = env;
	return md;
}

void
ota_mesh_md_free(struct ota_mesh_md **md)
{
	struct ota_env env;

	if (md == NULL || *md == NULL)
		return;
	env = (*md)->env;
	(*md)->magic = 0;
	ota__free(&env, *md);
	*md = NULL;
}

static int
md_ok(const struct ota_mesh_md *md)
{
	return md != NULL && md->magic == OTA_MESH_MD_MAGIC;
}

static int mderr(struct ota_mesh_md *md, int err, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int
mderr(struct ota_mesh_md *md, int err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ota__vformat(md->errmsg, sizeof(md->errmsg), fmt, ap);
	va_end(ap);
	ota__log(&md->env, "%s", md->errmsg);
	return err;
}

const char *
ota_mesh_md_errmsg(const struct ota_mesh_md *md)
{
	return md_ok(md) ? md->errmsg : "";
}

int
ota_mesh_md_set_version(struct ota_mesh_md *md, const struct ota_fw_version *v)
{
	if (!md_ok(md) || v == NULL)
		return OTA_E_INVAL;
	md->ver = *v;
	return OTA_OK;
}

int
ota_mesh_md_set_fw_size(struct ota_mesh_md *md, uint64_t size)
{
	if (!md_ok(md))
		return OTA_E_INVAL;
	if (size > OTA_MESH_FW_SIZE_MAX)
		return mderr(md, OTA_E_RANGE, "firmware size %llu does not fit the 24-bit fw_size "
		    "field (at most %u bytes)", (unsigned long long)size, OTA_MESH_FW_SIZE_MAX);
	md->fw_size = (uint32_t)size;
	return OTA_OK;
}

int
ota_mesh_md_set_core_type(struct ota_mesh_md *md, uint8_t core_type)
{
	if (!md_ok(md))
		return OTA_E_INVAL;
	md->core = core_type;
	return OTA_OK;
}

int
ota_mesh_md_set_comp(struct ota_mesh_md *md, uint32_t comp_hash, uint16_t elems)
{
	if (!md_ok(md))
		return OTA_E_INVAL;
	md->comp_hash = comp_hash;
	md->elems = elems;
	md->has_comp = 1;
	return OTA_OK;
}

int
ota_mesh_md_set_user_data(struct ota_mesh_md *md, const void *buf, size_t len)
{
	if (!md_ok(md) || (buf == NULL && len > 0))
		return OTA_E_INVAL;
	if (len > sizeof(md->ud))
		return mderr(md, OTA_E_LIMIT, "%zu bytes of user data: metadata holds at most %u "
		    "(%u bytes after the 12 of version, size and core type)", len,
		    (unsigned)sizeof(md->ud), OTA_MESH_MD_MAX);
	if (len > 0)
		memcpy(md->ud, buf, len);
	md->udlen = len;
	return OTA_OK;
}

static int
app(const struct ota_mesh_md *md)
{
	return (md->core & OTA_MESH_CORE_APP) != 0;
}

int
ota_mesh_md_encode(const struct ota_mesh_md *md, uint8_t *buf, size_t *len)
{
	size_t n, off;

	/* (the handle is const: these failures leave no message) */
	if (!md_ok(md) || len == NULL)
		return OTA_E_INVAL;
	if (app(md) && !md->has_comp)
		return OTA_E_STATE;
	n = FIXED + (app(md) ? COMP_LEN : 0) + md->udlen;
	if (n > OTA_MESH_MD_MAX)
		return OTA_E_LIMIT;
	if (buf == NULL || *len < n) {
		*len = n;
		return OTA_E_INVAL;
	}
	ota_fw_version_encode(&md->ver, buf);
	buf[8] = (uint8_t)(md->fw_size & 0xFF);
	buf[9] = (uint8_t)((md->fw_size >> 8) & 0xFF);
	buf[10] = (uint8_t)((md->fw_size >> 16) & 0xFF);
	buf[11] = md->core;
	off = FIXED;
	if (app(md)) {
		ota__put_u32le(buf + off, md->comp_hash);
		ota__put_u16le(buf + off + 4, md->elems);
		off += COMP_LEN;
	}
	if (md->udlen > 0)
		memcpy(buf + off, md->ud, md->udlen);
	*len = n;
	return OTA_OK;
}

int
ota_mesh_md_decode(struct ota_mesh_md *md, const uint8_t *buf, size_t len)
{
	struct ota_fw_version v;
	struct ota_cur c;
	uint32_t size, hash = 0;
	uint16_t elems = 0;
	uint8_t core;
	int has_comp = 0;

	if (!md_ok(md) || (buf == NULL && len > 0))
		return OTA_E_INVAL;
	if (len < FIXED)
		return mderr(md, OTA_E_TRUNCATED, "metadata is %zu bytes: under the %u of version, "
		    "fw_size and core type (offset %zu)", len, FIXED, len);
	if (len > OTA_MESH_MD_MAX)
		return mderr(md, OTA_E_LIMIT, "metadata is %zu bytes: at most %u (offset %u)", len,
		    OTA_MESH_MD_MAX, OTA_MESH_MD_MAX);
	ota_fw_version_decode(buf, &v);
	size = (uint32_t)buf[8] | ((uint32_t)buf[9] << 8) | ((uint32_t)buf[10] << 16);
	core = buf[11];
	c.p = buf + FIXED;
	c.n = len - FIXED;
	if ((core & OTA_MESH_CORE_APP) != 0) {
		if (c.n < COMP_LEN)
			return mderr(md, OTA_E_TRUNCATED, "offset 12: core type 0x%02x has the "
			    "application bit, so 6 bytes of composition hash and element count "
			    "follow; %zu there", core, c.n);
		(void)ota__cur_u32le(&c, &hash);
		(void)ota__cur_u16le(&c, &elems);
		has_comp = 1;
	}
	md->ver = v;
	md->fw_size = size;
	md->core = core;
	md->has_comp = has_comp;
	md->comp_hash = hash;
	md->elems = elems;
	md->udlen = c.n;
	if (c.n > 0)
		memcpy(md->ud, c.p, c.n);
	md->errmsg[0] = '\0';
	return OTA_OK;
}

int
ota_mesh_md_version(const struct ota_mesh_md *md, struct ota_fw_version *v)
{
	if (!md_ok(md) || v == NULL)
		return OTA_E_INVAL;
	*v = md->ver;
	return OTA_OK;
}

uint32_t
ota_mesh_md_fw_size(const struct ota_mesh_md *md)
{
	return md_ok(md) ? md->fw_size : 0;
}

uint8_t
ota_mesh_md_core_type(const struct ota_mesh_md *md)
{
	return md_ok(md) ? md->core : 0;
}

int
ota_mesh_md_comp(const struct ota_mesh_md *md, uint32_t *comp_hash, uint16_t *elems)
{
	if (!md_ok(md))
		return OTA_E_INVAL;
	if (!app(md) || !md->has_comp)
		return OTA_E_NOT_FOUND;
	if (comp_hash != NULL)
		*comp_hash = md->comp_hash;
	if (elems != NULL)
		*elems = md->elems;
	return OTA_OK;
}

int
ota_mesh_md_user_data(const struct ota_mesh_md *md, const uint8_t **buf, size_t *len)
{
	if (!md_ok(md) || buf == NULL || len == NULL)
		return OTA_E_INVAL;
	*buf = md->ud;
	*len = md->udlen;
	return OTA_OK;
}

enum ota_mesh_md_form
ota_mesh_md_form(const struct ota_mesh_md *md)
{
	if (!md_ok(md))
		return OTA_MESH_MD_NO_COMP;
	if (app(md))
		return OTA_MESH_MD_COMP;
	return md->udlen >= COMP_LEN ? OTA_MESH_MD_APPENDED : OTA_MESH_MD_NO_COMP;
}

const char *
ota_mesh_md_form_name(enum ota_mesh_md_form form)
{
	switch (form) {
	case OTA_MESH_MD_NO_COMP:
		return "no-comp";
	case OTA_MESH_MD_COMP:
		return "comp";
	case OTA_MESH_MD_APPENDED:
		return "appended";
	}
	return "unknown";
}
