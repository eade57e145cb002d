/* dfu_util.c - what the Firmware Update Server and the Distributor share:
 * the answer queue, field shorthands, names of status codes and phases
 * (libotaimg-mesh-dfu(3)). */
#include "config.h"

#include <string.h>

#include "dfu_int.h"

int
ota__dfu_q_put(struct dfu_q *q, struct ota_mesh_msg *m, uint16_t dst)
{
	struct ota_blob_out *o;
	size_t len = sizeof(o->buf);
	int err;

	if (q->n == DFU_QLEN) {
		q->head = (q->head + 1) % DFU_QLEN;
		q->n--;
	}
	o = &q->m[(q->head + q->n) % DFU_QLEN];
	if ((err = ota_mesh_msg_encode(m, o->buf, &len)) != OTA_OK)
		return err;
	o->len = len;
	o->dst = dst;
	q->n++;
	return OTA_OK;
}

int
ota__dfu_q_get(struct dfu_q *q, struct ota_blob_out *out)
{
	if (q->n == 0)
		return 0;
	*out = q->m[q->head];
	q->head = (q->head + 1) % DFU_QLEN;
	q->n--;
	return 1;
}

int
ota__dfu_is_blob_op(uint32_t op)
{
	return (op >= OTA_MESH_OP_BLOB_TRANSFER_GET && op <= OTA_MESH_OP_BLOB_INFORMATION_STATUS) ||
	    (op >= OTA_MESH_OP_BLOB_CHUNK_TRANSFER && op <= OTA_MESH_OP_BLOB_PARTIAL_BLOCK_REPORT);
}

uint64_t
ota__dfu_u(const struct ota_mesh_msg *m, const char *field)
{
	uint64_t v = 0;

	if (ota_mesh_msg_get_uint(m, field, &v) != OTA_OK)
		return 0;
	return v;
}

int
ota__dfu_set(struct ota_mesh_msg *m, const char *field, uint64_t v)
{
	return ota_mesh_msg_set_uint(m, field, v);
}

int
ota__dfu_fail(const struct ota_env *env, char *buf, int err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ota__vformat(buf, OTA_MSG_LEN, fmt, ap);
	va_end(ap);
	ota__log(env, "%s", buf);
	return err;
}

uint64_t
ota__dfu_client_timeout(uint16_t timeout_base, uint8_t ttl)
{
	return ota_blob_client_timeout_ms(timeout_base, ttl);
}

static const char *
pick(const char *const *t, size_t n, int v)
{
	return v >= 0 && (size_t)v < n ? t[v] : NULL;
}

const char *
ota_dfu_status_name(int status)
{
	static const char *const t[] = { "success", "insufficient-resources", "wrong-phase",
		"internal-error", "wrong-firmware-index", "metadata-check-failed",
		"temporarily-unavailable", "blob-transfer-busy" };

	return pick(t, sizeof(t) / sizeof(t[0]), status);
}

const char *
ota_dfu_phase_name(int phase)
{
	static const char *const t[] = { "idle", "transfer-error", "transfer-active",
		"verification-active", "verification-succeeded", "verification-failed",
		"applying-update" };

	if (phase == OTA_DFU_PHASE_UNKNOWN)
		return "unknown";
	return pick(t, sizeof(t) / sizeof(t[0]), phase);
}

const char *
ota_dfu_effect_name(int effect)
{
	static const char *const t[] = { "none", "composition-change-no-rpr",
		"composition-change", "unprovision" };

	return pick(t, sizeof(t) / sizeof(t[0]), effect);
}

const char *
ota_dfd_status_name(int status)
{
	static const char *const t[] = { "success", "insufficient-resources", "wrong-phase",
		"internal-error", "firmware-not-found", "invalid-appkey-index",
		"receivers-list-empty", "busy-with-distribution", "busy-with-upload",
		"uri-not-supported", "uri-malformed", "uri-unreachable",
		"new-firmware-not-available" };

	return pick(t, sizeof(t) / sizeof(t[0]), status);
}

const char *
ota_dfd_phase_name(int phase)
{
	static const char *const t[] = { "idle", "transfer-active", "transfer-success",
		"applying-update", "completed", "failed", "cancelling-update",
		"transfer-suspended" };

	return pick(t, sizeof(t) / sizeof(t[0]), phase);
}

const char *
ota_dfd_fail_name(int fail)
{
	static const char *const t[] = { "none", "timeout", "metadata-rejected", "refused",
		"transfer-failed", "verification-failed", "fwid-mismatch", "wrong-image-index",
		"cancelled" };

	return pick(t, sizeof(t) / sizeof(t[0]), fail);
}

/* ---- the default metadata policy (mesh-dfu.md 3.5) ---- */
int
ota_dfu_policy_check(const struct ota_dfu_policy *p, const uint8_t *md, size_t len,
    uint8_t *effect, int *why)
{
	struct ota_mesh_md *m;
	struct ota_fw_version v;
	uint32_t hash;
	uint16_t elems;
	int st = OTA_DFU_METADATA_CHECK_FAILED, w = OTA_DFU_WHY_DECODE;

	if (p == NULL || effect == NULL || (md == NULL && len > 0))
		return OTA_E_INVAL;
	if ((m = ota_mesh_md_new()) == NULL)
		return OTA_E_NOMEM;
	if (ota_mesh_md_decode(m, md, len) != OTA_OK || ota_mesh_md_version(m, &v) != OTA_OK)
		goto out;
	w = OTA_DFU_WHY_VERSION;
	if (ota_fw_version_compare(&v, &p->version) <= 0)
		goto out;
	w = OTA_DFU_WHY_CORE;
	if (!(ota_mesh_md_core_type(m) & OTA_MESH_CORE_APP) ||
	    ota_mesh_md_comp(m, &hash, &elems) != OTA_OK)
		goto out;
	w = OTA_DFU_WHY_SIZE;
	if (p->slot_size != 0 && ota_mesh_md_fw_size(m) > p->slot_size)
		goto out;
	w = 0;
	st = OTA_DFU_SUCCESS;
	*effect = hash == p->comp_hash ? OTA_DFU_EFFECT_NONE :
	    p->rpr ? OTA_DFU_EFFECT_COMP_CHANGE : OTA_DFU_EFFECT_UNPROV;
out:
	ota_mesh_md_free(&m);
	if (why != NULL)
		*why = w;
	return st;
}
