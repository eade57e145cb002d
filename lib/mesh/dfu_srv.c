/* dfu_srv.c - the Firmware Update Server of a Target: its Firmware
 * Information List (several images, each with FWID and Update URI), the
 * update phases and the Firmware Update messages, with a BLOB Transfer
 * Server inside that takes the image (libotaimg-mesh-dfu(3)).
 *
 * Behaviour learnt from Zephyr subsys/bluetooth/mesh/dfu_srv.c (Information
 * Get paging, Update Start when not Idle, Apply only after a verified image)
 * and the nRF Mesh iOS library's FirmwareUpdate* message structs; written
 * here from those descriptions. */
#include "config.h"

#include <string.h>

#include "dfu_int.h"

#define OTA_DFU_SRV_MAGIC 0x4f544655u /* "OTFU" */
#define MAX_IMAGES 255u

struct img {
	uint8_t fwid[OTA_FWID_MAX];
	size_t fwid_len;
	char *uri;
	int has_policy;
	struct ota_dfu_policy pol;
};

struct ota_dfu_srv {
	uint32_t magic;
	struct ota_env env;
	struct ota_dfu_srv_cb cb;
	struct img *img;
	size_t nimg;
	struct ota_blob_srv *blob;
	struct ota_mesh_msg *m;
	struct dfu_q q;
	int phase;
	uint8_t index, ttl, effect;
	uint16_t tb;
	uint64_t blob_id;
	uint8_t md[OTA_MESH_MD_MAX];
	size_t mdlen;
	char errmsg[OTA_MSG_LEN];
};

static int
s_ok(const struct ota_dfu_srv *s)
{
	return s != NULL && s->magic == OTA_DFU_SRV_MAGIC;
}

/* The phase reported: a transfer whose BLOB server timed out (suspended, or
 * stopped before it began) is Transfer Error; a suspended one becomes Transfer
 * Active again when the client resumes it. */
static int
phase_of(const struct ota_dfu_srv *s)
{
	unsigned bp = ota_blob_srv_phase(s->blob);

	if (s->phase == OTA_DFU_PHASE_TRANSFER_ACTIVE &&
	    (bp == OTA_BLOB_PHASE_SUSPENDED || bp == OTA_BLOB_PHASE_INACTIVE))
		return OTA_DFU_PHASE_TRANSFER_ERROR;
	return s->phase;
}

/* ---- the sink the BLOB server writes through ---- */
static int
sink_open(void *ctx, uint64_t id, uint32_t size)
{
	struct ota_dfu_srv *s = ctx;

	(void)size;
	return s->phase == OTA_DFU_PHASE_TRANSFER_ACTIVE && id == s->blob_id ? 0 : -1;
}

static int
sink_write(void *ctx, uint64_t off, const uint8_t *data, size_t len)
{
	struct ota_dfu_srv *s = ctx;

	if (s->phase != OTA_DFU_PHASE_TRANSFER_ACTIVE)
		return -1;
	return s->cb.write != NULL ? s->cb.write(s->cb.arg, s->index, off, data, len) : 0;
}

static void
sink_close(void *ctx, int complete)
{
	struct ota_dfu_srv *s = ctx;

	if (s->phase != OTA_DFU_PHASE_TRANSFER_ACTIVE)
		return;
	if (!complete) {
		s->phase = OTA_DFU_PHASE_TRANSFER_ERROR;
		if (s->cb.cancel != NULL)
			s->cb.cancel(s->cb.arg, s->index);
		return;
	}
	s->phase = OTA_DFU_PHASE_VERIFY;
	if (s->cb.verify == NULL || s->cb.verify(s->cb.arg, s->index) == 0)
		s->phase = OTA_DFU_PHASE_VERIFY_OK;
	else
		s->phase = OTA_DFU_PHASE_VERIFY_FAIL;
}

struct ota_dfu_srv *
ota_dfu_srv_new(const struct ota_dfu_srv_cb *cb)
{
	return ota_dfu_srv_new_ctx(NULL, cb);
}

struct ota_dfu_srv *
ota_dfu_srv_new_ctx(const struct ota_ctx *ctx, const struct ota_dfu_srv_cb *cb)
{
	struct ota_env env;
	struct ota_dfu_srv *s;
	struct ota_blob_sink sink;

	ota__env_from(&env, ctx);
	if ((s = ota__zalloc(&env, sizeof(*s))) == NULL)
		return NULL;
	s->magic = OTA_DFU_SRV_MAGIC;
	s->env = env;
	if (cb != NULL)
		s->cb = *cb;
	s->blob = ota_blob_srv_new_ctx(ctx);
	s->m = ota_mesh_msg_new_ctx(ctx);
	memset(&sink, 0, sizeof(sink));
	sink.open = sink_open;
	sink.write = sink_write;
	sink.close = sink_close;
	sink.ctx = s;
	if (s->blob == NULL || s->m == NULL || ota_blob_srv_set_sink(s->blob, &sink) != OTA_OK) {
		ota_dfu_srv_free(&s);
		return NULL;
	}
	return s;
}

void
ota_dfu_srv_free(struct ota_dfu_srv **s)
{
	struct ota_env env;
	size_t i;

	if (s == NULL || *s == NULL)
		return;
	env = (*s)->env;
	for (i = 0; i < (*s)->nimg; i++)
		ota__free(&env, (*s)->img[i].uri);
	ota__free(&env, (*s)->img);
	ota_blob_srv_free(&(*s)->blob);
	ota_mesh_msg_free(&(*s)->m);
	(*s)->magic = 0;
	ota__free(&env, *s);
	*s = NULL;
}

const char *
ota_dfu_srv_errmsg(const struct ota_dfu_srv *s)
{
	return s_ok(s) ? s->errmsg : "";
}

int
ota_dfu_srv_add_image(struct ota_dfu_srv *s, const uint8_t *fwid, size_t len, const char *uri,
    const struct ota_dfu_policy *policy, size_t *index)
{
	struct img *n, *e;
	size_t ulen = uri != NULL ? strlen(uri) : 0;

	if (!s_ok(s) || fwid == NULL)
		return OTA_E_INVAL;
	if (len < OTA_FWID_MIN || len > OTA_FWID_MAX)
		return ota__dfu_fail(&s->env, s->errmsg, OTA_E_RANGE,
		    "firmware ID of %zu octets (2..108)", len);
	if (uri != NULL && (ulen < 1 || ulen > 255))
		return ota__dfu_fail(&s->env, s->errmsg, OTA_E_RANGE,
		    "update URI of %zu octets (1..255)", ulen);
	if (s->nimg >= MAX_IMAGES)
		return ota__dfu_fail(&s->env, s->errmsg, OTA_E_LIMIT,
		    "the Firmware Information List holds %u images at most", MAX_IMAGES);
	if ((n = ota__realloc(&s->env, s->img, (s->nimg + 1) * sizeof(*n))) == NULL)
		return OTA_E_NOMEM;
	s->img = n;
	e = &n[s->nimg];
	memset(e, 0, sizeof(*e));
	if (uri != NULL) {
		if ((e->uri = ota__alloc(&s->env, ulen + 1)) == NULL)
			return OTA_E_NOMEM;
		memcpy(e->uri, uri, ulen + 1);
	}
	memcpy(e->fwid, fwid, len);
	e->fwid_len = len;
	if (policy != NULL) {
		e->has_policy = 1;
		e->pol = *policy;
	}
	if (index != NULL)
		*index = s->nimg;
	s->nimg++;
	return OTA_OK;
}

size_t
ota_dfu_srv_image_count(const struct ota_dfu_srv *s)
{
	return s_ok(s) ? s->nimg : 0;
}

int
ota_dfu_srv_image(const struct ota_dfu_srv *s, size_t index, const uint8_t **fwid, size_t *len,
    const char **uri)
{
	if (!s_ok(s))
		return OTA_E_INVAL;
	if (index >= s->nimg)
		return OTA_E_NOT_FOUND;
	if (fwid != NULL)
		*fwid = s->img[index].fwid;
	if (len != NULL)
		*len = s->img[index].fwid_len;
	if (uri != NULL)
		*uri = s->img[index].uri;
	return OTA_OK;
}

struct ota_blob_srv *
ota_dfu_srv_blob(struct ota_dfu_srv *s)
{
	return s_ok(s) ? s->blob : NULL;
}

int
ota_dfu_srv_state(const struct ota_dfu_srv *s, int *phase, uint8_t *index, uint64_t *blob_id,
    uint16_t *timeout_base, uint8_t *ttl)
{
	if (!s_ok(s))
		return OTA_E_INVAL;
	if (phase != NULL)
		*phase = phase_of(s);
	if (index != NULL)
		*index = s->index;
	if (blob_id != NULL)
		*blob_id = s->blob_id;
	if (timeout_base != NULL)
		*timeout_base = s->tb;
	if (ttl != NULL)
		*ttl = s->ttl;
	return OTA_OK;
}

int
ota_dfu_srv_applied(struct ota_dfu_srv *s, const uint8_t *fwid, size_t len)
{
	struct img *e;

	if (!s_ok(s) || fwid == NULL)
		return OTA_E_INVAL;
	if (s->phase != OTA_DFU_PHASE_APPLYING)
		return ota__dfu_fail(&s->env, s->errmsg, OTA_E_STATE,
		    "no update is being applied (phase %s)", ota_dfu_phase_name(s->phase));
	if (len < OTA_FWID_MIN || len > OTA_FWID_MAX)
		return ota__dfu_fail(&s->env, s->errmsg, OTA_E_RANGE,
		    "firmware ID of %zu octets (2..108)", len);
	e = &s->img[s->index];
	memcpy(e->fwid, fwid, len);
	e->fwid_len = len;
	s->phase = OTA_DFU_PHASE_IDLE;
	return OTA_OK;
}

/* ---- messages ---- */
static int
check_md(struct ota_dfu_srv *s, uint8_t idx, const uint8_t *md, size_t len, uint8_t *effect)
{
	const struct img *e = &s->img[idx];

	*effect = OTA_DFU_EFFECT_NONE;
	if (s->cb.metadata_check != NULL)
		return s->cb.metadata_check(s->cb.arg, idx, md, len, effect);
	if (!e->has_policy)
		return OTA_DFU_SUCCESS;
	return ota_dfu_policy_check(&e->pol, md, len, effect, NULL);
}

static int
put_status(struct ota_dfu_srv *s, uint16_t dst, int status)
{
	struct ota_mesh_msg *m = s->m;
	int err;

	if ((err = ota_mesh_msg_init(m, OTA_MESH_OP_FW_UPDATE_STATUS)) != OTA_OK)
		return err;
	ota__dfu_set(m, "status", (uint64_t)status);
	ota__dfu_set(m, "phase", (uint64_t)phase_of(s));
	if (s->phase != OTA_DFU_PHASE_IDLE) {
		ota__dfu_set(m, "ttl", s->ttl);
		ota__dfu_set(m, "additional_information", s->effect);
		ota__dfu_set(m, "timeout_base", s->tb);
		ota__dfu_set(m, "blob_id", s->blob_id);
		ota__dfu_set(m, "image_index", s->index);
	}
	return ota__dfu_q_put(&s->q, m, dst);
}

static int
on_info_get(struct ota_dfu_srv *s, uint16_t src)
{
	struct ota_mesh_msg *m = s->m;
	size_t first = (size_t)ota__dfu_u(m, "first_index");
	size_t limit = (size_t)ota__dfu_u(m, "entries_limit");
	size_t i, used = 2 + 2, it;
	int err;

	if ((err = ota_mesh_msg_init(m, OTA_MESH_OP_FW_UPDATE_INFORMATION_STATUS)) != OTA_OK)
		return err;
	ota__dfu_set(m, "list_count", s->nimg);
	ota__dfu_set(m, "first_index", first);
	for (i = first; i < s->nimg && i - first < limit; i++) {
		const struct img *e = &s->img[i];
		size_t ul = e->uri != NULL ? strlen(e->uri) : 0;

		if (used + 2 + e->fwid_len + ul > OTA_MESH_MSG_MAX)
			break;
		used += 2 + e->fwid_len + ul;
		if ((err = ota_mesh_msg_item_add(m, "entries", &it)) != OTA_OK ||
		    (err = ota_mesh_msg_item_set_bytes(m, "entries", it, "fwid", e->fwid,
		    e->fwid_len)) != OTA_OK)
			return err;
		if (ul > 0 && (err = ota_mesh_msg_item_set_bytes(m, "entries", it, "update_uri",
		    e->uri, ul)) != OTA_OK)
			return err;
	}
	return ota__dfu_q_put(&s->q, m, src);
}

static int
on_md_check(struct ota_dfu_srv *s, uint16_t src)
{
	struct ota_mesh_msg *m = s->m;
	uint8_t idx = (uint8_t)ota__dfu_u(m, "image_index"), effect = 0;
	uint8_t md[OTA_MESH_MD_MAX];
	const uint8_t *p = NULL;
	size_t len = 0;
	int st, err;

	if (ota_mesh_msg_get_bytes(m, "metadata", &p, &len) != OTA_OK)
		len = 0;
	if (len > 0)
		memcpy(md, p, len);
	st = idx >= s->nimg ? OTA_DFU_WRONG_INDEX : check_md(s, idx, md, len, &effect);
	if (st < 0 || st > OTA_DFU_BLOB_TRANSFER_BUSY)
		st = OTA_DFU_INTERNAL_ERROR;
	if (st != OTA_DFU_SUCCESS)
		effect = 0;
	if ((err = ota_mesh_msg_init(m, OTA_MESH_OP_FW_UPDATE_METADATA_STATUS)) != OTA_OK)
		return err;
	ota__dfu_set(m, "status", (uint64_t)st);
	ota__dfu_set(m, "additional_information", effect);
	ota__dfu_set(m, "image_index", idx);
	return ota__dfu_q_put(&s->q, m, src);
}

static int
on_start(struct ota_dfu_srv *s, uint16_t src, uint64_t now)
{
	struct ota_mesh_msg *m = s->m;
	uint8_t ttl = (uint8_t)ota__dfu_u(m, "ttl"), idx = (uint8_t)ota__dfu_u(m, "image_index");
	uint16_t tb = (uint16_t)ota__dfu_u(m, "timeout_base");
	uint64_t id = ota__dfu_u(m, "blob_id");
	uint8_t md[OTA_MESH_MD_MAX], effect = 0;
	const uint8_t *p = NULL;
	size_t len = 0;
	int st;

	if (ota_mesh_msg_get_bytes(m, "metadata", &p, &len) != OTA_OK)
		len = 0;
	if (len > 0)
		memcpy(md, p, len);
	if (s->phase == OTA_DFU_PHASE_APPLYING)
		return put_status(s, src, OTA_DFU_WRONG_PHASE);
	if (s->phase != OTA_DFU_PHASE_IDLE) {
		/* the same start again (its answer was lost): the state as it is */
		if (id == s->blob_id && idx == s->index && ttl == s->ttl && tb == s->tb &&
		    len == s->mdlen && (len == 0 || memcmp(md, s->md, len) == 0))
			return put_status(s, src, OTA_DFU_SUCCESS);
		return put_status(s, src, OTA_DFU_BLOB_TRANSFER_BUSY);
	}
	if (idx >= s->nimg)
		return put_status(s, src, OTA_DFU_WRONG_INDEX);
	st = check_md(s, idx, md, len, &effect);
	if (st != OTA_DFU_SUCCESS)
		return put_status(s, src, st < 0 || st > 7 ? OTA_DFU_INTERNAL_ERROR : st);
	if (s->cb.start != NULL && s->cb.start(s->cb.arg, idx, md, len, id) != 0)
		return put_status(s, src, OTA_DFU_INTERNAL_ERROR);
	s->index = idx;
	s->ttl = ttl;
	s->tb = tb;
	s->blob_id = id;
	s->effect = effect;
	memcpy(s->md, md, len);
	s->mdlen = len;
	s->phase = OTA_DFU_PHASE_TRANSFER_ACTIVE;
	if (ota_blob_srv_expect(s->blob, id, tb, now) != OTA_OK) {
		s->phase = OTA_DFU_PHASE_IDLE;
		return put_status(s, src, OTA_DFU_INTERNAL_ERROR);
	}
	return put_status(s, src, OTA_DFU_SUCCESS);
}

static int
on_cancel(struct ota_dfu_srv *s, uint16_t src)
{
	int was = s->phase;

	if (was != OTA_DFU_PHASE_IDLE) {
		s->phase = OTA_DFU_PHASE_IDLE;
		(void)ota_blob_srv_cancel(s->blob);
		if (s->cb.cancel != NULL && was != OTA_DFU_PHASE_APPLYING)
			s->cb.cancel(s->cb.arg, s->index);
	}
	return put_status(s, src, OTA_DFU_SUCCESS);
}

static int
on_apply(struct ota_dfu_srv *s, uint16_t src)
{
	if (s->phase == OTA_DFU_PHASE_APPLYING)
		return put_status(s, src, OTA_DFU_SUCCESS);
	if (s->phase != OTA_DFU_PHASE_VERIFY_OK)
		return put_status(s, src, OTA_DFU_WRONG_PHASE);
	if (s->cb.apply != NULL && s->cb.apply(s->cb.arg, s->index) != 0)
		return put_status(s, src, OTA_DFU_INTERNAL_ERROR);
	s->phase = OTA_DFU_PHASE_APPLYING;
	return put_status(s, src, OTA_DFU_SUCCESS);
}

int
ota_dfu_srv_recv(struct ota_dfu_srv *s, uint16_t src, const uint8_t *msg, size_t len,
    uint64_t now_ms)
{
	uint32_t op;
	size_t oplen;
	int err;

	if (!s_ok(s) || msg == NULL)
		return OTA_E_INVAL;
	if ((err = ota_mesh_opcode_decode(msg, len, &op, &oplen)) != OTA_OK)
		return ota__dfu_fail(&s->env, s->errmsg, err, "no opcode");
	if (ota__dfu_is_blob_op(op)) {
		if ((err = ota_blob_srv_recv(s->blob, src, msg, len, now_ms)) != OTA_OK)
			return ota__dfu_fail(&s->env, s->errmsg, err, "%s",
			    ota_blob_srv_errmsg(s->blob));
		return OTA_OK;
	}
	if (op < OTA_MESH_OP_FW_UPDATE_INFORMATION_GET || op > OTA_MESH_OP_FW_UPDATE_STATUS ||
	    op == OTA_MESH_OP_FW_UPDATE_INFORMATION_STATUS ||
	    op == OTA_MESH_OP_FW_UPDATE_METADATA_STATUS)
		return ota__dfu_fail(&s->env, s->errmsg, OTA_E_UNSUPPORTED,
		    "opcode 0x%04X is not for a Firmware Update Server", (unsigned)op);
	if ((err = ota_mesh_msg_decode(s->m, msg, len)) != OTA_OK)
		return ota__dfu_fail(&s->env, s->errmsg, err, "%s", ota_mesh_msg_errmsg(s->m));
	switch (op) {
	case OTA_MESH_OP_FW_UPDATE_INFORMATION_GET:
		return on_info_get(s, src);
	case OTA_MESH_OP_FW_UPDATE_METADATA_CHECK:
		return on_md_check(s, src);
	case OTA_MESH_OP_FW_UPDATE_GET:
		return put_status(s, src, OTA_DFU_SUCCESS);
	case OTA_MESH_OP_FW_UPDATE_START:
		return on_start(s, src, now_ms);
	case OTA_MESH_OP_FW_UPDATE_CANCEL:
		return on_cancel(s, src);
	case OTA_MESH_OP_FW_UPDATE_APPLY:
		return on_apply(s, src);
	default:
		return ota__dfu_fail(&s->env, s->errmsg, OTA_E_UNSUPPORTED,
		    "a Firmware Update Server does not take opcode 0x%04X", (unsigned)op);
	}
}

int
ota_dfu_srv_poll(struct ota_dfu_srv *s, uint64_t now_ms, struct ota_blob_out *out,
    uint64_t *next_ms)
{
	if (!s_ok(s) || out == NULL || next_ms == NULL)
		return OTA_E_INVAL;
	if (ota__dfu_q_get(&s->q, out))
		return 1;
	return ota_blob_srv_poll(s->blob, now_ms, out, next_ms);
}
