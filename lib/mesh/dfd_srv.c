/* dfd_srv.c - the Firmware Distribution Server's messages: Receivers,
 * Capabilities, Distribution Start/Suspend/Cancel/Apply/Get, the Firmware
 * Images List, and the upload of an image into a slot in-band (a BLOB
 * Transfer Server inside) or out-of-band (the caller's fetch callback:
 * Store Firmware OOB) (libotaimg-mesh-dfu(3)).  Behaviour learnt from
 * Zephyr subsys/bluetooth/mesh/dfd_srv.c and the nRF Mesh iOS library's
 * FirmwareDistribution* message structs. */
#include "config.h"

#include <string.h>

#include "dfu_int.h"

/* ---- in-band upload: the BLOB server's sink ---- */
static int
up_open(void *ctx, uint64_t id, uint32_t size)
{
	struct ota_dfd *d = ctx;

	return d->up_phase == OTA_DFD_UPLOAD_ACTIVE && id == d->up_blob_id &&
	    size == d->up.size ? 0 : -1;
}

static int
up_write(void *ctx, uint64_t off, const uint8_t *data, size_t len)
{
	struct ota_dfd *d = ctx;

	if (d->up_phase != OTA_DFD_UPLOAD_ACTIVE)
		return -1;
	return d->cb.slot_write != NULL ? d->cb.slot_write(d->cb.arg, d->up.id, off, data, len) : 0;
}

static void
up_close(void *ctx, int complete)
{
	struct ota_dfd *d = ctx;
	size_t id = d->up.id;

	if (d->up_phase != OTA_DFD_UPLOAD_ACTIVE)
		return;
	if (complete && ota__dfd_slot_insert(d, &d->up, NULL) == OTA_OK) {
		/* keep the id the writes used */
		d->slot[d->nslot - 1].id = id;
		d->next_id--;
		d->up_phase = OTA_DFD_UPLOAD_SUCCESS;
		return;
	}
	d->up_phase = OTA_DFD_UPLOAD_ERROR;
	if (d->cb.slot_delete != NULL)
		d->cb.slot_delete(d->cb.arg, id);
}

void
ota__dfd_upload_sink(struct ota_dfd *d, struct ota_blob_sink *sink)
{
	memset(sink, 0, sizeof(*sink));
	sink->open = up_open;
	sink->write = up_write;
	sink->close = up_close;
	sink->ctx = d;
}

/* ---- answers ---- */
static int
upload_status(struct ota_dfd *d, int status, uint8_t *out, size_t *outlen)
{
	struct ota_mesh_msg *m = d->m;
	uint32_t done = 0, all = 0;
	uint64_t pc = 0;
	int err;

	if ((err = ota_mesh_msg_init(m, OTA_MESH_OP_FW_DIST_UPLOAD_STATUS)) != OTA_OK)
		return err;
	ota__dfd_set_status(m, status);
	ota__dfu_set(m, "phase", (uint64_t)d->up_phase);
	if (d->up_phase != OTA_DFD_UPLOAD_IDLE) {
		if (d->up_oob || d->up_phase == OTA_DFD_UPLOAD_SUCCESS)
			pc = d->up_phase == OTA_DFD_UPLOAD_SUCCESS ? 100 : 0;
		else if (ota_blob_srv_progress(d->up_srv, &done, &all) == OTA_OK && all > 0)
			pc = (uint64_t)done * 100u / all;
		ota__dfu_set(m, "progress", pc);
		ota__dfu_set(m, "oob", (uint64_t)d->up_oob);
		ota_mesh_msg_set_bytes(m, "fwid", d->up.fwid, d->up.fwid_len);
	}
	return ota_mesh_msg_encode(m, out, outlen);
}

static int
fw_status(struct ota_dfd *d, int status, size_t index, const uint8_t *fwid, size_t fwid_len,
    uint8_t *out, size_t *outlen)
{
	struct ota_mesh_msg *m = d->m;
	int err;

	if ((err = ota_mesh_msg_init(m, OTA_MESH_OP_FW_DIST_FIRMWARE_STATUS)) != OTA_OK)
		return err;
	ota__dfd_set_status(m, status);
	ota__dfu_set(m, "entry_count", d->nslot);
	ota__dfu_set(m, "image_index", index > 0xFFFF ? 0xFFFF : index);
	if (fwid_len > 0)
		ota_mesh_msg_set_bytes(m, "fwid", fwid, fwid_len);
	return ota_mesh_msg_encode(m, out, outlen);
}

static int
recv_status(struct ota_dfd *d, int status, uint8_t *out, size_t *outlen)
{
	int err;

	if ((err = ota_mesh_msg_init(d->m, OTA_MESH_OP_FW_DIST_RECEIVERS_STATUS)) != OTA_OK)
		return err;
	ota__dfd_set_status(d->m, status);
	ota__dfu_set(d->m, "list_count", d->nrcv);
	return ota_mesh_msg_encode(d->m, out, outlen);
}

static int
on_recv_add(struct ota_dfd *d, uint8_t *out, size_t *outlen)
{
	struct ota_mesh_msg *m = d->m;
	size_t n = 0, i, j, fresh = 0;
	uint64_t a, x, b;

	if (ota_mesh_msg_item_count(m, "receivers", &n) != OTA_OK)
		return OTA_E_INVAL;
	if (d->phase != OTA_DFD_PHASE_IDLE)
		return recv_status(d, OTA_DFD_WRONG_PHASE, out, outlen);
	for (i = 0; i < n; i++) {   /* all fit or none is added */
		int known = 0;

		ota_mesh_msg_item_get_uint(m, "receivers", i, "address", &a);
		for (j = 0; j < d->nrcv; j++)
			known |= d->rcv[j].addr == a;
		for (j = 0; j < i; j++) {
			ota_mesh_msg_item_get_uint(m, "receivers", j, "address", &b);
			known |= a == b;
		}
		fresh += !known;
	}
	if (d->nrcv + fresh > d->lim.max_receivers)
		return recv_status(d, OTA_DFD_INSUFFICIENT_RESOURCES, out, outlen);
	for (i = 0; i < n; i++) {
		ota_mesh_msg_item_get_uint(m, "receivers", i, "address", &a);
		ota_mesh_msg_item_get_uint(m, "receivers", i, "image_index", &x);
		if (ota_dfd_receiver_add(d, (uint16_t)a, (uint8_t)x) != OTA_OK)
			return recv_status(d, OTA_DFD_INTERNAL_ERROR, out, outlen);
	}
	return recv_status(d, OTA_DFD_SUCCESS, out, outlen);
}

static int
on_recv_get(struct ota_dfd *d, uint8_t *out, size_t *outlen)
{
	struct ota_mesh_msg *m = d->m;
	size_t first = (size_t)ota__dfu_u(m, "first_index");
	size_t limit = (size_t)ota__dfu_u(m, "entries_limit"), i, it;
	size_t room = (OTA_MESH_MSG_MAX - 2 - 4) / 5;
	int err;

	if ((err = ota_mesh_msg_init(m, OTA_MESH_OP_FW_DIST_RECEIVERS_LIST)) != OTA_OK)
		return err;
	ota__dfu_set(m, "list_count", d->nrcv);
	ota__dfu_set(m, "first_index", first);
	for (i = first; i < d->nrcv && i - first < limit && i - first < room; i++) {
		const struct dfd_rcv *r = &d->rcv[i];

		if ((err = ota_mesh_msg_item_add(m, "receivers", &it)) != OTA_OK)
			return err;
		ota_mesh_msg_item_set_uint(m, "receivers", it, "address", r->addr);
		ota_mesh_msg_item_set_uint(m, "receivers", it, "retrieved_update_phase", r->phase);
		ota_mesh_msg_item_set_uint(m, "receivers", it, "update_status", r->status);
		ota_mesh_msg_item_set_uint(m, "receivers", it, "transfer_status", r->xfer_status);
		ota_mesh_msg_item_set_uint(m, "receivers", it, "transfer_progress",
		    r->progress / 2u);
		ota_mesh_msg_item_set_uint(m, "receivers", it, "image_index", r->idx);
	}
	return ota_mesh_msg_encode(m, out, outlen);
}

static int
caps_status(struct ota_dfd *d, uint8_t *out, size_t *outlen)
{
	struct ota_mesh_msg *m = d->m;
	static const uint8_t https = 0x17; /* Assigned Numbers URI scheme "https:" */
	int err;

	if ((err = ota_mesh_msg_init(m, OTA_MESH_OP_FW_DIST_CAPABILITIES_STATUS)) != OTA_OK)
		return err;
	ota__dfu_set(m, "max_receivers", d->lim.max_receivers);
	ota__dfu_set(m, "max_firmware_images", d->lim.max_slots);
	ota__dfu_set(m, "max_firmware_size", d->lim.max_fw_size);
	ota__dfu_set(m, "max_upload_space", d->lim.max_upload_space);
	ota__dfu_set(m, "remaining_upload_space", d->lim.max_upload_space - ota__dfd_space_used(d));
	ota__dfu_set(m, "oob_retrieval_supported", d->cb.fetch != NULL ? 1 : 0);
	if (d->cb.fetch != NULL)
		ota_mesh_msg_set_bytes(m, "uri_scheme_names", &https, 1);
	return ota_mesh_msg_encode(m, out, outlen);
}

int
ota__dfd_dist_status(struct ota_dfd *d, int status, uint8_t *out, size_t *outlen)
{
	struct ota_mesh_msg *m = d->m;
	int err;

	if ((err = ota_mesh_msg_init(m, OTA_MESH_OP_FW_DIST_STATUS)) != OTA_OK)
		return err;
	ota__dfd_set_status(m, status);
	ota__dfu_set(m, "phase", (uint64_t)d->phase);
	if (d->phase != OTA_DFD_PHASE_IDLE) {
		ota__dfu_set(m, "multicast_address", d->st.group);
		ota__dfu_set(m, "appkey_index", d->st.appkey_index);
		ota__dfu_set(m, "ttl", d->st.ttl);
		ota__dfu_set(m, "timeout_base", d->st.timeout_base);
		ota__dfu_set(m, "transfer_mode", d->st.mode);
		ota__dfu_set(m, "update_policy", d->st.apply);
		ota__dfu_set(m, "image_index", d->st.slot_index);
	}
	return ota_mesh_msg_encode(m, out, outlen);
}

static int
on_upload_start(struct ota_dfd *d, uint64_t now, uint8_t *out, size_t *outlen)
{
	struct ota_mesh_msg *m = d->m;
	struct dfd_slot s;
	const uint8_t *p;
	size_t len;
	uint64_t id = ota__dfu_u(m, "blob_id");
	uint16_t tb = (uint16_t)ota__dfu_u(m, "timeout_base");
	uint8_t ttl = (uint8_t)ota__dfu_u(m, "ttl");

	memset(&s, 0, sizeof(s));
	s.size = (uint32_t)ota__dfu_u(m, "firmware_size");
	if (ota_mesh_msg_get_bytes(m, "metadata", &p, &len) == OTA_OK && len > 0) {
		memcpy(s.md, p, len);
		s.md_len = len;
	}
	if (ota_mesh_msg_get_bytes(m, "fwid", &p, &len) != OTA_OK)
		return OTA_E_INVAL;
	memcpy(s.fwid, p, len);
	s.fwid_len = len;
	if (d->up_phase == OTA_DFD_UPLOAD_ACTIVE) {
		/* the same start again: as it is; another: busy */
		if (!d->up_oob && id == d->up_blob_id && s.size == d->up.size &&
		    s.fwid_len == d->up.fwid_len && memcmp(s.fwid, d->up.fwid, len) == 0)
			return upload_status(d, OTA_DFD_SUCCESS, out, outlen);
		return upload_status(d, OTA_DFD_BUSY_WITH_UPLOAD, out, outlen);
	}
	if (ota_dfd_slot_find(d, s.fwid, s.fwid_len, NULL) == OTA_OK) {
		d->up = s;
		d->up_oob = 0;
		d->up_phase = OTA_DFD_UPLOAD_SUCCESS;
		return upload_status(d, OTA_DFD_SUCCESS, out, outlen);
	}
	if (d->nslot >= d->lim.max_slots || s.size > d->lim.max_fw_size ||
	    (uint64_t)ota__dfd_space_used(d) + s.size > d->lim.max_upload_space || s.size == 0)
		return upload_status(d, OTA_DFD_INSUFFICIENT_RESOURCES, out, outlen);
	s.id = ++d->next_id;
	d->up = s;
	d->up_oob = 0;
	d->up_blob_id = id;
	d->up_tb = tb;
	d->up_ttl = ttl;
	d->up_phase = OTA_DFD_UPLOAD_ACTIVE;
	if (ota_blob_srv_expect(d->up_srv, id, tb, now) != OTA_OK) {
		d->up_phase = OTA_DFD_UPLOAD_ERROR;
		return upload_status(d, OTA_DFD_INTERNAL_ERROR, out, outlen);
	}
	return upload_status(d, OTA_DFD_SUCCESS, out, outlen);
}

int
ota_dfd_upload_oob(struct ota_dfd *d, const char *uri, const uint8_t *cur_fwid, size_t cur_len,
    size_t *index)
{
	struct ota_dfd_fetched f;
	struct dfd_slot s;
	size_t ul, i, id;
	int st;

	if (!ota__dfd_ok(d) || uri == NULL || cur_fwid == NULL)
		return OTA_E_INVAL;
	ul = strlen(uri);
	if (d->up_phase == OTA_DFD_UPLOAD_ACTIVE)
		return OTA_DFD_BUSY_WITH_UPLOAD;
	if (d->cb.fetch == NULL)
		return OTA_DFD_URI_NOT_SUPPORTED;
	if (ul == 0 || ul > 255 || cur_len < OTA_FWID_MIN || cur_len > OTA_FWID_MAX)
		return OTA_DFD_URI_MALFORMED;
	if (strncmp(uri, "https://", 8) != 0 && strncmp(uri, "http://", 7) != 0)
		return OTA_DFD_URI_NOT_SUPPORTED;
	if (d->nslot >= d->lim.max_slots)
		return OTA_DFD_INSUFFICIENT_RESOURCES;
	memset(&s, 0, sizeof(s));
	memset(&f, 0, sizeof(f));
	d->up_oob = 1;
	memcpy(d->up.fwid, cur_fwid, cur_len);
	d->up.fwid_len = cur_len;
	s.id = ++d->next_id;
	st = d->cb.fetch(d->cb.arg, s.id, uri, cur_fwid, cur_len, &f);
	if (st == OTA_DFD_SUCCESS && (f.fwid_len < OTA_FWID_MIN || f.fwid_len > OTA_FWID_MAX ||
	    f.metadata_len > OTA_MESH_MD_MAX))
		st = OTA_DFD_INTERNAL_ERROR;
	if (st != OTA_DFD_SUCCESS) {
		d->up_phase = OTA_DFD_UPLOAD_ERROR;
		if (d->cb.slot_delete != NULL)
			d->cb.slot_delete(d->cb.arg, s.id);
		return st < 0 || st > OTA_DFD_NEW_FIRMWARE_NOT_AVAILABLE ? OTA_DFD_INTERNAL_ERROR : st;
	}
	memcpy(s.fwid, f.fwid, f.fwid_len);
	s.fwid_len = f.fwid_len;
	memcpy(s.md, f.metadata, f.metadata_len);
	s.md_len = f.metadata_len;
	s.size = f.size;
	memcpy(s.uri, uri, ul + 1);
	s.has_uri = 1;
	d->up = s;
	if (ota_dfd_slot_find(d, s.fwid, s.fwid_len, &i) == OTA_OK) {
		if (d->cb.slot_delete != NULL)
			d->cb.slot_delete(d->cb.arg, s.id);
	} else if ((id = s.id, ota__dfd_slot_insert(d, &s, &i)) == OTA_OK) {
		d->slot[i].id = id;  /* the id the fetch stored under */
		d->next_id--;
	} else {
		d->up_phase = OTA_DFD_UPLOAD_ERROR;
		if (d->cb.slot_delete != NULL)
			d->cb.slot_delete(d->cb.arg, s.id);
		return OTA_DFD_INSUFFICIENT_RESOURCES;
	}
	d->up_phase = OTA_DFD_UPLOAD_SUCCESS;
	if (index != NULL)
		*index = i;
	return OTA_DFD_SUCCESS;
}

static int
on_upload_oob(struct ota_dfd *d, uint8_t *out, size_t *outlen)
{
	const uint8_t *u, *f;
	size_t ul, fl;
	char uri[256];
	uint8_t cur[OTA_FWID_MAX];
	int st;

	if (ota_mesh_msg_get_bytes(d->m, "uri", &u, &ul) != OTA_OK ||
	    ota_mesh_msg_get_bytes(d->m, "fwid", &f, &fl) != OTA_OK)
		return OTA_E_INVAL;
	if (memchr(u, '\0', ul) != NULL)
		return upload_status(d, OTA_DFD_URI_MALFORMED, out, outlen);
	memcpy(uri, u, ul);
	uri[ul] = '\0';
	memcpy(cur, f, fl);
	st = ota_dfd_upload_oob(d, uri, cur, fl, NULL);
	if (st < 0)
		return st;
	return upload_status(d, st, out, outlen);
}

static int
on_fw(struct ota_dfd *d, uint32_t op, uint8_t *out, size_t *outlen)
{
	const uint8_t *p = NULL;
	uint8_t fwid[OTA_FWID_MAX];
	size_t len = 0, i = 0xFFFF;

	if (op != OTA_MESH_OP_FW_DIST_FIRMWARE_GET_BY_INDEX &&
	    op != OTA_MESH_OP_FW_DIST_FIRMWARE_DELETE_ALL) {
		if (ota_mesh_msg_get_bytes(d->m, "fwid", &p, &len) != OTA_OK)
			return OTA_E_INVAL;
		memcpy(fwid, p, len);
	}
	switch (op) {
	case OTA_MESH_OP_FW_DIST_FIRMWARE_GET:
		if (ota_dfd_slot_find(d, fwid, len, &i) != OTA_OK)
			return fw_status(d, OTA_DFD_FIRMWARE_NOT_FOUND, 0xFFFF, fwid, len, out, outlen);
		return fw_status(d, OTA_DFD_SUCCESS, i, fwid, len, out, outlen);
	case OTA_MESH_OP_FW_DIST_FIRMWARE_GET_BY_INDEX:
		i = (size_t)ota__dfu_u(d->m, "image_index");
		if (i >= d->nslot)
			return fw_status(d, OTA_DFD_FIRMWARE_NOT_FOUND, i, NULL, 0, out, outlen);
		return fw_status(d, OTA_DFD_SUCCESS, i, d->slot[i].fwid, d->slot[i].fwid_len, out,
		    outlen);
	case OTA_MESH_OP_FW_DIST_FIRMWARE_DELETE:
		if (ota_dfd_slot_find(d, fwid, len, &i) == OTA_OK &&
		    ota_dfd_slot_delete(d, i) != OTA_OK)
			return fw_status(d, OTA_DFD_BUSY_WITH_DISTRIBUTION, 0xFFFF, fwid, len, out,
			    outlen);
		return fw_status(d, OTA_DFD_SUCCESS, 0xFFFF, fwid, len, out, outlen);
	default:
		if (ota__dfd_busy(d))
			return fw_status(d, OTA_DFD_BUSY_WITH_DISTRIBUTION, 0xFFFF, NULL, 0, out,
			    outlen);
		if (d->up_phase == OTA_DFD_UPLOAD_ACTIVE)
			return fw_status(d, OTA_DFD_BUSY_WITH_UPLOAD, 0xFFFF, NULL, 0, out, outlen);
		(void)ota_dfd_slot_delete_all(d);
		return fw_status(d, OTA_DFD_SUCCESS, 0xFFFF, NULL, 0, out, outlen);
	}
}

static int
on_start(struct ota_dfd *d, uint64_t now, uint8_t *out, size_t *outlen)
{
	struct ota_mesh_msg *m = d->m;
	struct ota_dfd_start st;
	int s;

	memset(&st, 0, sizeof(st));
	st.appkey_index = (uint16_t)ota__dfu_u(m, "appkey_index");
	st.ttl = (uint8_t)ota__dfu_u(m, "ttl");
	st.timeout_base = (uint16_t)ota__dfu_u(m, "timeout_base");
	st.mode = (uint8_t)ota__dfu_u(m, "transfer_mode");
	st.apply = (uint8_t)ota__dfu_u(m, "update_policy");
	st.slot_index = (uint16_t)ota__dfu_u(m, "image_index");
	st.group = ota_mesh_msg_has(m, "group") ? (uint16_t)ota__dfu_u(m, "group") : 0;
	if ((s = ota_dfd_start(d, &st, now)) < 0)
		s = OTA_DFD_INTERNAL_ERROR;
	return ota__dfd_dist_status(d, s, out, outlen);
}

int
ota_dfd_handle(struct ota_dfd *d, uint16_t src, const uint8_t *msg, size_t len, uint64_t now_ms,
    uint8_t *out, size_t *outlen)
{
	uint32_t op;
	size_t oplen;
	int err, s;

	if (!ota__dfd_ok(d) || msg == NULL || out == NULL || outlen == NULL)
		return OTA_E_INVAL;
	if ((err = ota_mesh_opcode_decode(msg, len, &op, &oplen)) != OTA_OK)
		return ota__dfu_fail(&d->env, d->errmsg, err, "no opcode");
	if (ota__dfu_is_blob_op(op)) {
		*outlen = 0;
		if ((err = ota_blob_srv_recv(d->up_srv, src, msg, len, now_ms)) != OTA_OK)
			return ota__dfu_fail(&d->env, d->errmsg, err, "upload: %s",
			    ota_blob_srv_errmsg(d->up_srv));
		return OTA_OK;
	}
	if (op < OTA_MESH_OP_FW_DIST_RECEIVERS_ADD || op > OTA_MESH_OP_FW_DIST_FIRMWARE_DELETE_ALL)
		return ota__dfu_fail(&d->env, d->errmsg, OTA_E_UNSUPPORTED,
		    "opcode 0x%04X is not for a Firmware Distribution Server", (unsigned)op);
	if ((err = ota_mesh_msg_decode(d->m, msg, len)) != OTA_OK)
		return ota__dfu_fail(&d->env, d->errmsg, err, "%s", ota_mesh_msg_errmsg(d->m));
	switch (op) {
	case OTA_MESH_OP_FW_DIST_RECEIVERS_ADD:
		return on_recv_add(d, out, outlen);
	case OTA_MESH_OP_FW_DIST_RECEIVERS_DELETE_ALL:
		s = ota_dfd_receiver_delete_all(d) == OTA_OK ? OTA_DFD_SUCCESS : OTA_DFD_WRONG_PHASE;
		return recv_status(d, s, out, outlen);
	case OTA_MESH_OP_FW_DIST_RECEIVERS_GET:
		return on_recv_get(d, out, outlen);
	case OTA_MESH_OP_FW_DIST_CAPABILITIES_GET:
		return caps_status(d, out, outlen);
	case OTA_MESH_OP_FW_DIST_GET:
		return ota__dfd_dist_status(d, OTA_DFD_SUCCESS, out, outlen);
	case OTA_MESH_OP_FW_DIST_START:
		return on_start(d, now_ms, out, outlen);
	case OTA_MESH_OP_FW_DIST_SUSPEND:
		return ota__dfd_dist_status(d, ota_dfd_suspend(d), out, outlen);
	case OTA_MESH_OP_FW_DIST_CANCEL:
		return ota__dfd_dist_status(d, ota_dfd_cancel(d, now_ms), out, outlen);
	case OTA_MESH_OP_FW_DIST_APPLY:
		return ota__dfd_dist_status(d, ota_dfd_apply(d, now_ms), out, outlen);
	case OTA_MESH_OP_FW_DIST_UPLOAD_GET:
		return upload_status(d, OTA_DFD_SUCCESS, out, outlen);
	case OTA_MESH_OP_FW_DIST_UPLOAD_START:
		return on_upload_start(d, now_ms, out, outlen);
	case OTA_MESH_OP_FW_DIST_UPLOAD_OOB_START:
		return on_upload_oob(d, out, outlen);
	case OTA_MESH_OP_FW_DIST_UPLOAD_CANCEL:
		if (d->up_phase == OTA_DFD_UPLOAD_ACTIVE)
			(void)ota_blob_srv_cancel(d->up_srv);
		d->up_phase = OTA_DFD_UPLOAD_IDLE;
		return upload_status(d, OTA_DFD_SUCCESS, out, outlen);
	case OTA_MESH_OP_FW_DIST_FIRMWARE_GET:
	case OTA_MESH_OP_FW_DIST_FIRMWARE_GET_BY_INDEX:
	case OTA_MESH_OP_FW_DIST_FIRMWARE_DELETE:
	case OTA_MESH_OP_FW_DIST_FIRMWARE_DELETE_ALL:
		return on_fw(d, op, out, outlen);
	default:
		return ota__dfu_fail(&d->env, d->errmsg, OTA_E_UNSUPPORTED,
		    "a Firmware Distribution Server does not take opcode 0x%04X", (unsigned)op);
	}
}
