/* dfd_lists.c - the Distributor's handle, its Firmware Images List (slots:
 * FWID, metadata, size, URI, within the capacity limits) and its Receivers
 * List (libotaimg-mesh-dfu(3)).  Behaviour learnt from Zephyr
 * subsys/bluetooth/mesh/dfu_slot.c and dfd_srv.c (one slot per FWID,
 * receivers added only while no distribution runs). */
#include "config.h"

#include <string.h>

#include "dfu_int.h"

#define DEF_RECEIVERS 32u
#define DEF_SLOTS 8u

int
ota__dfd_ok(const struct ota_dfd *d)
{
	return d != NULL && d->magic == OTA_DFD_MAGIC;
}

struct ota_dfd *
ota_dfd_new(const struct ota_dfd_limits *lim, const struct ota_dfd_cb *cb)
{
	return ota_dfd_new_ctx(NULL, lim, cb);
}

struct ota_dfd *
ota_dfd_new_ctx(const struct ota_ctx *ctx, const struct ota_dfd_limits *lim,
    const struct ota_dfd_cb *cb)
{
	struct ota_env env;
	struct ota_dfd *d;
	struct ota_blob_sink sink;

	ota__env_from(&env, ctx);
	if ((d = ota__zalloc(&env, sizeof(*d))) == NULL)
		return NULL;
	d->magic = OTA_DFD_MAGIC;
	d->env = env;
	if (lim != NULL)
		d->lim = *lim;
	if (d->lim.max_receivers == 0)
		d->lim.max_receivers = DEF_RECEIVERS;
	if (d->lim.max_slots == 0)
		d->lim.max_slots = DEF_SLOTS;
	if (d->lim.max_fw_size == 0)
		d->lim.max_fw_size = OTA_MESH_FW_SIZE_MAX;
	if (d->lim.max_upload_space == 0) {
		uint64_t sp = (uint64_t)d->lim.max_fw_size * d->lim.max_slots;

		d->lim.max_upload_space = sp > UINT32_MAX ? UINT32_MAX : (uint32_t)sp;
	}
	if (cb != NULL)
		d->cb = *cb;
	d->m = ota_mesh_msg_new_ctx(ctx);
	d->up_srv = ota_blob_srv_new_ctx(ctx);
	d->rcv = ota__zalloc(&env, d->lim.max_receivers * sizeof(*d->rcv));
	d->slot = ota__zalloc(&env, d->lim.max_slots * sizeof(*d->slot));
	ota__dfd_upload_sink(d, &sink);
	if (d->m == NULL || d->up_srv == NULL || d->rcv == NULL || d->slot == NULL ||
	    ota_blob_srv_set_sink(d->up_srv, &sink) != OTA_OK) {
		ota_dfd_free(&d);
		return NULL;
	}
	return d;
}

void
ota_dfd_free(struct ota_dfd **d)
{
	struct ota_env env;

	if (d == NULL || *d == NULL)
		return;
	env = (*d)->env;
	ota_mesh_msg_free(&(*d)->m);
	ota_blob_srv_free(&(*d)->up_srv);
	ota_blob_cli_free(&(*d)->cli);
	ota__free(&env, (*d)->rcv);
	ota__free(&env, (*d)->slot);
	(*d)->magic = 0;
	ota__free(&env, *d);
	*d = NULL;
}

const char *
ota_dfd_errmsg(const struct ota_dfd *d)
{
	return ota__dfd_ok(d) ? d->errmsg : "";
}

/* ---- Firmware Images List ---- */
uint32_t
ota__dfd_space_used(const struct ota_dfd *d)
{
	uint64_t n = 0;
	size_t i;

	for (i = 0; i < d->nslot; i++)
		n += d->slot[i].size;
	return n > UINT32_MAX ? UINT32_MAX : (uint32_t)n;
}

int
ota__dfd_slot_insert(struct ota_dfd *d, struct dfd_slot *s, size_t *index)
{
	size_t i;

	if (ota_dfd_slot_find(d, s->fwid, s->fwid_len, &i) == OTA_OK)
		return ota__dfu_fail(&d->env, d->errmsg, OTA_E_EXISTS,
		    "slot %zu already holds that firmware ID", i);
	if (d->nslot >= d->lim.max_slots)
		return ota__dfu_fail(&d->env, d->errmsg, OTA_E_LIMIT,
		    "the Firmware Images List is full (%u slots)", (unsigned)d->lim.max_slots);
	if (s->size > d->lim.max_fw_size)
		return ota__dfu_fail(&d->env, d->errmsg, OTA_E_LIMIT,
		    "an image of %u octets is over the %u allowed", (unsigned)s->size,
		    (unsigned)d->lim.max_fw_size);
	if ((uint64_t)ota__dfd_space_used(d) + s->size > d->lim.max_upload_space)
		return ota__dfu_fail(&d->env, d->errmsg, OTA_E_LIMIT,
		    "an image of %u octets does not fit the %u left", (unsigned)s->size,
		    (unsigned)(d->lim.max_upload_space - ota__dfd_space_used(d)));
	s->id = ++d->next_id;
	d->slot[d->nslot] = *s;
	if (index != NULL)
		*index = d->nslot;
	d->nslot++;
	return OTA_OK;
}

int
ota_dfd_slot_add(struct ota_dfd *d, const uint8_t *fwid, size_t fwid_len, const uint8_t *md,
    size_t md_len, uint32_t size, const char *uri, size_t *index)
{
	struct dfd_slot s;
	size_t ul = uri != NULL ? strlen(uri) : 0;

	if (!ota__dfd_ok(d) || fwid == NULL || (md == NULL && md_len > 0))
		return OTA_E_INVAL;
	if (fwid_len < OTA_FWID_MIN || fwid_len > OTA_FWID_MAX)
		return ota__dfu_fail(&d->env, d->errmsg, OTA_E_RANGE,
		    "firmware ID of %zu octets (2..108)", fwid_len);
	if (md_len > OTA_MESH_MD_MAX || ul > 255 || (uri != NULL && ul == 0))
		return ota__dfu_fail(&d->env, d->errmsg, OTA_E_RANGE,
		    "metadata of %zu or URI of %zu octets (0..255, 1..255)", md_len, ul);
	memset(&s, 0, sizeof(s));
	memcpy(s.fwid, fwid, fwid_len);
	s.fwid_len = fwid_len;
	if (md_len > 0)
		memcpy(s.md, md, md_len);
	s.md_len = md_len;
	s.size = size;
	if (uri != NULL) {
		memcpy(s.uri, uri, ul + 1);
		s.has_uri = 1;
	}
	return ota__dfd_slot_insert(d, &s, index);
}

size_t
ota_dfd_slot_count(const struct ota_dfd *d)
{
	return ota__dfd_ok(d) ? d->nslot : 0;
}

int
ota_dfd_slot_find(const struct ota_dfd *d, const uint8_t *fwid, size_t fwid_len, size_t *index)
{
	size_t i;

	if (!ota__dfd_ok(d) || fwid == NULL)
		return OTA_E_INVAL;
	for (i = 0; i < d->nslot; i++)
		if (d->slot[i].fwid_len == fwid_len && memcmp(d->slot[i].fwid, fwid, fwid_len) == 0) {
			if (index != NULL)
				*index = i;
			return OTA_OK;
		}
	return OTA_E_NOT_FOUND;
}

int
ota_dfd_slot_get(const struct ota_dfd *d, size_t index, struct ota_dfd_slot_info *si)
{
	const struct dfd_slot *s;

	if (!ota__dfd_ok(d) || si == NULL)
		return OTA_E_INVAL;
	if (index >= d->nslot)
		return OTA_E_NOT_FOUND;
	s = &d->slot[index];
	si->id = s->id;
	si->fwid = s->fwid;
	si->fwid_len = s->fwid_len;
	si->metadata = s->md;
	si->metadata_len = s->md_len;
	si->size = s->size;
	si->uri = s->has_uri ? s->uri : NULL;
	return OTA_OK;
}

int
ota_dfd_slot_delete(struct ota_dfd *d, size_t index)
{
	size_t id;

	if (!ota__dfd_ok(d))
		return OTA_E_INVAL;
	if (index >= d->nslot)
		return OTA_E_NOT_FOUND;
	if (ota__dfd_busy(d) && d->slot[index].id == d->dslot.id)
		return ota__dfu_fail(&d->env, d->errmsg, OTA_E_STATE,
		    "slot %zu is being distributed", index);
	id = d->slot[index].id;
	memmove(&d->slot[index], &d->slot[index + 1], (d->nslot - index - 1) * sizeof(*d->slot));
	d->nslot--;
	if (d->cb.slot_delete != NULL)
		d->cb.slot_delete(d->cb.arg, id);
	return OTA_OK;
}

int
ota_dfd_slot_delete_all(struct ota_dfd *d)
{
	int err;

	if (!ota__dfd_ok(d))
		return OTA_E_INVAL;
	if (ota__dfd_busy(d))
		return ota__dfu_fail(&d->env, d->errmsg, OTA_E_STATE, "a distribution is running");
	while (d->nslot > 0)
		if ((err = ota_dfd_slot_delete(d, d->nslot - 1)) != OTA_OK)
			return err;
	return OTA_OK;
}

/* ---- Receivers List ---- */
int
ota_dfd_receiver_add(struct ota_dfd *d, uint16_t addr, uint8_t image_index)
{
	struct dfd_rcv *r;
	size_t i;

	if (!ota__dfd_ok(d))
		return OTA_E_INVAL;
	if (addr == 0 || addr > 0x7FFF)
		return ota__dfu_fail(&d->env, d->errmsg, OTA_E_RANGE,
		    "receiver address 0x%04X is not a unicast address", (unsigned)addr);
	if (d->phase != OTA_DFD_PHASE_IDLE)
		return ota__dfu_fail(&d->env, d->errmsg, OTA_E_STATE,
		    "receivers change only while no distribution runs (phase %s)",
		    ota_dfd_phase_name(d->phase));
	for (i = 0; i < d->nrcv; i++)
		if (d->rcv[i].addr == addr) {
			d->rcv[i].idx = image_index;
			return OTA_OK;
		}
	if (d->nrcv >= d->lim.max_receivers)
		return ota__dfu_fail(&d->env, d->errmsg, OTA_E_LIMIT,
		    "the Receivers List is full (%u)", (unsigned)d->lim.max_receivers);
	r = &d->rcv[d->nrcv++];
	memset(r, 0, sizeof(*r));
	r->addr = addr;
	r->idx = image_index;
	r->phase = OTA_DFU_PHASE_UNKNOWN;
	return OTA_OK;
}

int
ota_dfd_receiver_set_lpn(struct ota_dfd *d, uint16_t addr, uint16_t friend_queue)
{
	size_t i;

	if (!ota__dfd_ok(d))
		return OTA_E_INVAL;
	for (i = 0; i < d->nrcv; i++)
		if (d->rcv[i].addr == addr) {
			d->rcv[i].queue = friend_queue;
			return OTA_OK;
		}
	return OTA_E_NOT_FOUND;
}

int
ota_dfd_receiver_delete_all(struct ota_dfd *d)
{
	if (!ota__dfd_ok(d))
		return OTA_E_INVAL;
	if (d->phase != OTA_DFD_PHASE_IDLE)
		return ota__dfu_fail(&d->env, d->errmsg, OTA_E_STATE,
		    "receivers change only while no distribution runs (phase %s)",
		    ota_dfd_phase_name(d->phase));
	d->nrcv = 0;
	return OTA_OK;
}

size_t
ota_dfd_receiver_count(const struct ota_dfd *d)
{
	return ota__dfd_ok(d) ? d->nrcv : 0;
}

int
ota_dfd_receiver(const struct ota_dfd *d, size_t i, struct ota_dfd_receiver_info *ri)
{
	const struct dfd_rcv *r;

	if (!ota__dfd_ok(d) || ri == NULL)
		return OTA_E_INVAL;
	if (i >= d->nrcv)
		return OTA_E_NOT_FOUND;
	r = &d->rcv[i];
	memset(ri, 0, sizeof(*ri));
	ri->addr = r->addr;
	ri->image_index = r->idx;
	ri->phase = r->phase;
	ri->status = r->status;
	ri->transfer_status = r->xfer_status;
	ri->progress = r->progress;
	ri->fail = r->fail;
	ri->effect = r->effect;
	ri->mode = r->mode;
	ri->done = r->step == R_DONE || r->step == R_VERIFIED;
	return OTA_OK;
}

int
ota_dfd_phase(const struct ota_dfd *d)
{
	return ota__dfd_ok(d) ? d->phase : OTA_E_INVAL;
}
