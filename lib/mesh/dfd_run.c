/* dfd_run.c - running a distribution: the Distributor's Firmware Update
 * Client and BLOB Transfer Client.  For each receiver: Firmware Update
 * Information Get (its image index exists), Metadata Check, Update Start,
 * BLOB Information Get; then one BLOB transfer to all (push for ordinary
 * nodes, pull for Low Power nodes) planned with ota_blob_plan; then Update
 * Get until verified, Update Apply, and Information Get until the image
 * index shows the new FWID.  A receiver that fails (metadata refused, no
 * answer within the client timeout, transfer or verification failed) is
 * marked with the reason while the others go on (libotaimg-mesh-dfu(3)).
 * Steps learnt from Zephyr subsys/bluetooth/mesh/dfu_cli.c and dfd_srv.c. */
#include "config.h"

#include <string.h>

#include "dfu_int.h"

#define RETRY_MS 1000u

int
ota__dfd_busy(const struct ota_dfd *d)
{
	return d->phase == OTA_DFD_PHASE_TRANSFER_ACTIVE ||
	    d->phase == OTA_DFD_PHASE_TRANSFER_SUCCESS || d->phase == OTA_DFD_PHASE_APPLYING ||
	    d->phase == OTA_DFD_PHASE_CANCELLING || d->phase == OTA_DFD_PHASE_SUSPENDED;
}

static void
step(struct ota_dfd *d, struct dfd_rcv *r, int s, uint64_t now)
{
	r->step = s;
	r->next_ms = now;
	r->deadline = now + d->timeout;
}

static void
fail(struct dfd_rcv *r, int why)
{
	r->step = R_FAILED;
	r->fail = (uint8_t)why;
}

int
ota_dfd_start(struct ota_dfd *d, const struct ota_dfd_start *st, uint64_t now_ms)
{
	size_t i;

	if (!ota__dfd_ok(d) || st == NULL)
		return OTA_E_INVAL;
	if (d->phase == OTA_DFD_PHASE_SUSPENDED && st->slot_index == d->st.slot_index) {
		d->phase = OTA_DFD_PHASE_TRANSFER_ACTIVE;
		if (d->cli != NULL)
			(void)ota_blob_cli_resume(d->cli, now_ms);
		/* the time suspended does not count against a receiver */
		for (i = 0; i < d->nrcv; i++)
			if (d->rcv[i].step >= R_INFO && d->rcv[i].step <= R_VERIFY)
				step(d, &d->rcv[i], d->rcv[i].step, now_ms);
		if (d->wait_since != 0)
			d->wait_since = now_ms;
		return OTA_DFD_SUCCESS;
	}
	if (d->phase != OTA_DFD_PHASE_IDLE) {
		if (ota__dfd_busy(d) && st->slot_index == d->st.slot_index &&
		    st->timeout_base == d->st.timeout_base && st->ttl == d->st.ttl &&
		    st->apply == d->st.apply && d->phase != OTA_DFD_PHASE_CANCELLING)
			return OTA_DFD_SUCCESS;
		return OTA_DFD_WRONG_PHASE;
	}
	if (st->appkey_index > 0x0FFF)
		return OTA_DFD_INVALID_APPKEY_INDEX;
	if (d->nrcv == 0)
		return OTA_DFD_RECEIVERS_LIST_EMPTY;
	if (st->slot_index >= d->nslot)
		return OTA_DFD_FIRMWARE_NOT_FOUND;
	if (d->up_phase == OTA_DFD_UPLOAD_ACTIVE)
		return OTA_DFD_BUSY_WITH_UPLOAD;
	d->st = *st;
	if (d->st.mode == 0)
		d->st.mode = OTA_BLOB_MODE_PUSH;
	d->dslot = d->slot[st->slot_index];
	d->blob_id = st->blob_id;
	if (d->blob_id == 0) { /* from the FWID and the clock: another each run */
		uint64_t h = 0xcbf29ce484222325u ^ now_ms;

		for (i = 0; i < d->dslot.fwid_len; i++)
			h = (h ^ d->dslot.fwid[i]) * 0x100000001b3u;
		d->blob_id = h != 0 ? h : 1;
	}
	d->timeout = ota_blob_client_timeout_ms(st->timeout_base, st->ttl);
	ota_blob_cli_free(&d->cli);
	d->have_plan = 0;
	d->wait_since = 0;
	for (i = 0; i < d->nrcv; i++) {
		struct dfd_rcv *r = &d->rcv[i];

		r->status = 0;
		r->xfer_status = 0;
		r->progress = 0;
		r->fail = OTA_DFD_FAIL_NONE;
		r->effect = 0;
		r->phase = OTA_DFU_PHASE_UNKNOWN;
		r->mode = r->queue > 0 ? OTA_BLOB_MODE_PULL : d->st.mode;
		step(d, r, R_INFO, now_ms);
	}
	d->phase = OTA_DFD_PHASE_TRANSFER_ACTIVE;
	return OTA_DFD_SUCCESS;
}

int
ota_dfd_suspend(struct ota_dfd *d)
{
	if (!ota__dfd_ok(d))
		return OTA_E_INVAL;
	if (d->phase == OTA_DFD_PHASE_SUSPENDED)
		return OTA_DFD_SUCCESS;
	if (d->phase != OTA_DFD_PHASE_TRANSFER_ACTIVE)
		return OTA_DFD_WRONG_PHASE;
	d->phase = OTA_DFD_PHASE_SUSPENDED;
	return OTA_DFD_SUCCESS;
}

int
ota_dfd_cancel(struct ota_dfd *d, uint64_t now_ms)
{
	size_t i;

	if (!ota__dfd_ok(d))
		return OTA_E_INVAL;
	if (d->phase == OTA_DFD_PHASE_IDLE || d->phase == OTA_DFD_PHASE_CANCELLING)
		return OTA_DFD_SUCCESS;
	if (d->phase == OTA_DFD_PHASE_COMPLETED || d->phase == OTA_DFD_PHASE_FAILED) {
		d->phase = OTA_DFD_PHASE_IDLE;
		return OTA_DFD_SUCCESS;
	}
	if (d->cli != NULL && !ota_blob_cli_done(d->cli))
		(void)ota_blob_cli_cancel(d->cli, now_ms);
	for (i = 0; i < d->nrcv; i++) {
		struct dfd_rcv *r = &d->rcv[i];

		if (r->step == R_FAILED || r->step == R_DONE || r->step == R_CONFIRM)
			continue;
		if (r->step == R_INFO || r->step == R_CHECK)
			r->step = R_CANCELLED;
		else
			step(d, r, R_CANCEL, now_ms);
		r->fail = OTA_DFD_FAIL_CANCELLED;
	}
	d->phase = OTA_DFD_PHASE_CANCELLING;
	return OTA_DFD_SUCCESS;
}

int
ota_dfd_apply(struct ota_dfd *d, uint64_t now_ms)
{
	size_t i;

	if (!ota__dfd_ok(d))
		return OTA_E_INVAL;
	if (d->phase == OTA_DFD_PHASE_APPLYING || d->phase == OTA_DFD_PHASE_COMPLETED)
		return OTA_DFD_SUCCESS;
	if (d->phase != OTA_DFD_PHASE_TRANSFER_SUCCESS)
		return OTA_DFD_WRONG_PHASE;
	for (i = 0; i < d->nrcv; i++)
		if (d->rcv[i].step == R_VERIFIED)
			step(d, &d->rcv[i], R_APPLY, now_ms);
	d->phase = OTA_DFD_PHASE_APPLYING;
	return OTA_DFD_SUCCESS;
}

/* ---- the requests of each step ---- */
static int
request(struct ota_dfd *d, struct dfd_rcv *r, struct ota_blob_out *out)
{
	struct ota_mesh_msg *m = d->m;
	size_t len = sizeof(out->buf);
	uint32_t op;
	int err;

	switch (r->step) {
	case R_INFO:
	case R_CONFIRM:
		op = OTA_MESH_OP_FW_UPDATE_INFORMATION_GET;
		break;
	case R_CHECK:
		op = OTA_MESH_OP_FW_UPDATE_METADATA_CHECK;
		break;
	case R_START:
		op = OTA_MESH_OP_FW_UPDATE_START;
		break;
	case R_CAPS:
		op = OTA_MESH_OP_BLOB_INFORMATION_GET;
		break;
	case R_VERIFY:
		op = OTA_MESH_OP_FW_UPDATE_GET;
		break;
	case R_APPLY:
		op = OTA_MESH_OP_FW_UPDATE_APPLY;
		break;
	case R_CANCEL:
		op = OTA_MESH_OP_FW_UPDATE_CANCEL;
		break;
	default:
		return 0;
	}
	if ((err = ota_mesh_msg_init(m, op)) != OTA_OK)
		return err;
	switch (r->step) {
	case R_INFO:
	case R_CONFIRM:
		ota__dfu_set(m, "first_index", r->idx);
		ota__dfu_set(m, "entries_limit", 1);
		break;
	case R_CHECK:
		ota__dfu_set(m, "image_index", r->idx);
		ota_mesh_msg_set_bytes(m, "metadata", d->dslot.md, d->dslot.md_len);
		break;
	case R_START:
		ota__dfu_set(m, "ttl", d->st.ttl);
		ota__dfu_set(m, "timeout_base", d->st.timeout_base);
		ota__dfu_set(m, "blob_id", d->blob_id);
		ota__dfu_set(m, "image_index", r->idx);
		ota_mesh_msg_set_bytes(m, "metadata", d->dslot.md, d->dslot.md_len);
		break;
	default:
		break;
	}
	if ((err = ota_mesh_msg_encode(m, out->buf, &len)) != OTA_OK)
		return err;
	out->len = len;
	out->dst = r->addr;
	return 1;
}

static int
slot_read(void *ctx, uint64_t off, void *buf, size_t len)
{
	struct ota_dfd *d = ctx;

	if (d->cb.slot_read == NULL)
		return -1;
	return d->cb.slot_read(d->cb.arg, d->dslot.id, off, buf, len);
}

/* Every receiver past Update Start: plan and begin the BLOB transfer. */
static int
begin_transfer(struct ota_dfd *d, uint64_t now)
{
	struct ota_blob_plan *p = NULL;
	struct ota_blob_plan_result res;
	struct ota_blob_params bp;
	size_t i, n = 0;
	int err;

	for (i = 0; i < d->nrcv; i++)
		if (d->rcv[i].step == R_WAIT_XFER)
			n++;
	if (n == 0)
		return OTA_OK;
	if ((p = ota_blob_plan_new()) == NULL || (d->cli = ota_blob_cli_new()) == NULL) {
		err = OTA_E_NOMEM;
		goto out;
	}
	if ((err = ota_blob_plan_set_size(p, d->dslot.size)) != OTA_OK)
		goto out;
	for (i = 0; i < d->nrcv; i++)
		if (d->rcv[i].step == R_WAIT_XFER &&
		    (err = ota_blob_plan_add_target(p, &d->rcv[i].caps, d->rcv[i].queue, NULL)) !=
		    OTA_OK)
			goto out;
	if ((err = ota_blob_plan_compute(p, 0)) != OTA_OK) {
		ota__dfu_fail(&d->env, d->errmsg, err, "%s", ota_blob_plan_errmsg(p));
		goto out;
	}
	memset(&bp, 0, sizeof(bp));
	bp.timeout_base = d->st.timeout_base;
	bp.ttl = d->st.ttl;
	if ((err = ota_blob_plan_group(p, 0, &res)) != OTA_OK ||
	    (d->plan = res, d->have_plan = 1, 0) ||
	    (err = ota_blob_cli_set_blob(d->cli, d->blob_id, d->dslot.size, slot_read, d)) !=
	    OTA_OK || (err = ota_blob_cli_set_params(d->cli, &bp)) != OTA_OK ||
	    (err = ota_blob_cli_set_plan(d->cli, &res)) != OTA_OK)
		goto out;
	for (i = 0; i < d->nrcv; i++) {
		struct dfd_rcv *r = &d->rcv[i];

		if (r->step != R_WAIT_XFER)
			continue;
		if ((err = ota_blob_cli_add_target(d->cli, r->addr, r->mode, &r->cli_index)) != OTA_OK)
			goto out;
		r->step = R_XFER;
	}
	if (d->st.group != 0 && (err = ota_blob_cli_set_group(d->cli, d->st.group)) != OTA_OK)
		goto out;
	err = ota_blob_cli_start(d->cli, now);
out:
	ota_blob_plan_free(&p);
	if (err != OTA_OK) {
		ota_blob_cli_free(&d->cli);
		for (i = 0; i < d->nrcv; i++)
			if (d->rcv[i].step == R_WAIT_XFER || d->rcv[i].step == R_XFER)
				fail(&d->rcv[i], OTA_DFD_FAIL_TRANSFER);
	}
	return err;
}

/* The BLOB transfer's per-target outcome and progress. */
static void
transfer_news(struct ota_dfd *d, uint64_t now)
{
	struct ota_blob_target_info ti;
	uint32_t blocks = ota_blob_cli_blocks(d->cli);
	size_t i;

	for (i = 0; i < d->nrcv; i++) {
		struct dfd_rcv *r = &d->rcv[i];

		if (r->step != R_XFER || ota_blob_cli_target(d->cli, r->cli_index, &ti) != OTA_OK)
			continue;
		r->xfer_status = ti.status;
		if (blocks > 0)
			r->progress = (uint8_t)((uint64_t)ti.blocks_done * 100u / blocks);
		if (ti.state == OTA_BLOB_TARGET_DONE) {
			r->progress = 100;
			step(d, r, R_VERIFY, now);
		} else if (ti.state != OTA_BLOB_TARGET_ACTIVE) {
			fail(r, ti.err == OTA_E_BLOB_TIMEOUT ? OTA_DFD_FAIL_TIMEOUT :
			    OTA_DFD_FAIL_TRANSFER);
		}
	}
}

/* Phase changes once every receiver has passed a point.  A transfer that
 * could not begin fails its receivers (the reason in errmsg); only running
 * out of memory is the caller's error. */
static int
advance(struct ota_dfd *d, uint64_t now)
{
	size_t i, n[R_CANCELLED + 1];
	int err = OTA_OK;

	memset(n, 0, sizeof(n));
	if (d->cli != NULL)
		transfer_news(d, now);
	for (i = 0; i < d->nrcv; i++)
		n[d->rcv[i].step]++;
	switch (d->phase) {
	case OTA_DFD_PHASE_TRANSFER_ACTIVE:
		/* the transfer begins when every receiver is ready, or half a
		 * server timeout after the first was (its BLOB server is
		 * waiting): the slow ones are left out */
		if (d->cli == NULL && n[R_WAIT_XFER] > 0 && d->wait_since == 0)
			d->wait_since = now;
		if (d->cli == NULL && n[R_WAIT_XFER] > 0 &&
		    (n[R_INFO] + n[R_CHECK] + n[R_START] + n[R_CAPS] == 0 ||
		    now >= d->wait_since + ota_blob_server_timeout_ms(d->st.timeout_base) / 2)) {
			for (i = 0; i < d->nrcv; i++)
				if (d->rcv[i].step >= R_INFO && d->rcv[i].step <= R_CAPS)
					fail(&d->rcv[i], OTA_DFD_FAIL_TIMEOUT);
			err = begin_transfer(d, now);
			memset(n, 0, sizeof(n));
			for (i = 0; i < d->nrcv; i++)
				n[d->rcv[i].step]++;
		}
		if (n[R_INFO] + n[R_CHECK] + n[R_START] + n[R_CAPS] + n[R_WAIT_XFER] + n[R_XFER] +
		    n[R_VERIFY] > 0)
			break;
		if (n[R_VERIFIED] == 0) {
			d->phase = OTA_DFD_PHASE_FAILED;
			break;
		}
		d->phase = OTA_DFD_PHASE_TRANSFER_SUCCESS;
		if (d->st.apply)
			(void)ota_dfd_apply(d, now);
		break;
	case OTA_DFD_PHASE_APPLYING:
		if (n[R_APPLY] + n[R_CONFIRM] == 0)
			d->phase = n[R_DONE] > 0 ? OTA_DFD_PHASE_COMPLETED : OTA_DFD_PHASE_FAILED;
		break;
	case OTA_DFD_PHASE_CANCELLING:
		if (n[R_CANCEL] == 0 && (d->cli == NULL || ota_blob_cli_done(d->cli))) {
			for (i = 0; i < d->nrcv; i++)
				if (d->rcv[i].step == R_CANCEL || d->rcv[i].step == R_CANCELLED)
					d->rcv[i].step = R_FAILED;
			d->phase = OTA_DFD_PHASE_IDLE;
		}
		break;
	default:
		break;
	}
	return err == OTA_E_NOMEM ? err : OTA_OK;
}

int
ota_dfd_poll(struct ota_dfd *d, uint64_t now_ms, struct ota_blob_out *out, uint64_t *next_ms)
{
	uint64_t next = UINT64_MAX, t;
	size_t k;
	int rc;

	if (!ota__dfd_ok(d) || out == NULL || next_ms == NULL)
		return OTA_E_INVAL;
	if ((rc = ota_blob_srv_poll(d->up_srv, now_ms, out, &t)) != 0)
		return rc;
	if (t < next)
		next = t;
	if ((rc = advance(d, now_ms)) < 0)
		return rc;
	if (d->phase == OTA_DFD_PHASE_SUSPENDED || d->phase == OTA_DFD_PHASE_IDLE) {
		*next_ms = next;
		return 0;
	}
	for (k = 0; k < d->nrcv; k++) {
		struct dfd_rcv *r = &d->rcv[(d->rr + k) % d->nrcv];

		if (r->step == R_IDLE || r->step == R_WAIT_XFER || r->step == R_XFER ||
		    r->step == R_VERIFIED || (r->step >= R_DONE && r->step != R_CANCEL))
			continue;
		if (now_ms >= r->deadline) {
			if (r->step == R_CANCEL)
				r->step = R_CANCELLED;
			else
				fail(r, r->step == R_CONFIRM ? OTA_DFD_FAIL_FWID :
				    OTA_DFD_FAIL_TIMEOUT);
			continue;
		}
		if (now_ms >= r->next_ms) {
			r->next_ms = now_ms + RETRY_MS;
			d->rr = (d->rr + k + 1) % d->nrcv;
			return request(d, r, out);
		}
		if (r->next_ms < next)
			next = r->next_ms;
	}
	if (d->cli != NULL && !ota_blob_cli_done(d->cli) && d->phase != OTA_DFD_PHASE_SUSPENDED) {
		if ((rc = ota_blob_cli_poll(d->cli, now_ms, out, &t)) != 0)
			return rc;
		if (t < next)
			next = t;
	}
	if ((rc = advance(d, now_ms)) < 0)
		return rc;
	*next_ms = next;
	return 0;
}

static int
same_fwid(const struct ota_mesh_msg *m, const struct dfd_slot *s)
{
	const uint8_t *f;
	size_t len;

	return ota_mesh_msg_item_get_bytes(m, "entries", 0, "fwid", &f, &len) == OTA_OK &&
	    len == s->fwid_len && memcmp(f, s->fwid, len) == 0;
}

static void
on_update_status(struct ota_dfd *d, struct dfd_rcv *r, uint64_t now)
{
	struct ota_mesh_msg *m = d->m;
	int st = (int)ota__dfu_u(m, "status"), ph = (int)ota__dfu_u(m, "phase");

	r->status = (uint8_t)st;
	r->phase = (uint8_t)ph;
	switch (r->step) {
	case R_START:
		if (st != OTA_DFU_SUCCESS)
			fail(r, st == OTA_DFU_METADATA_CHECK_FAILED ? OTA_DFD_FAIL_METADATA :
			    st == OTA_DFU_WRONG_INDEX ? OTA_DFD_FAIL_INDEX : OTA_DFD_FAIL_REFUSED);
		else if (ph == OTA_DFU_PHASE_TRANSFER_ACTIVE)
			step(d, r, R_CAPS, now);
		break;
	case R_VERIFY:
		if (ph == OTA_DFU_PHASE_VERIFY_OK)
			r->step = R_VERIFIED;
		else if (ph == OTA_DFU_PHASE_VERIFY_FAIL)
			fail(r, OTA_DFD_FAIL_VERIFY);
		else if (ph == OTA_DFU_PHASE_TRANSFER_ERROR || ph == OTA_DFU_PHASE_IDLE)
			fail(r, OTA_DFD_FAIL_TRANSFER);
		break;
	case R_APPLY:
		/* Idle: applied already (the answer to an earlier Apply was
		 * lost): Information Get tells */
		if (ph == OTA_DFU_PHASE_IDLE ||
		    (st == OTA_DFU_SUCCESS && ph == OTA_DFU_PHASE_APPLYING)) {
			/* a node the update unprovisions will not answer again */
			if (r->effect == OTA_DFU_EFFECT_UNPROV)
				r->step = R_DONE;
			else
				step(d, r, R_CONFIRM, now);
		}
		else if (st != OTA_DFU_SUCCESS)
			fail(r, OTA_DFD_FAIL_REFUSED);
		break;
	case R_CANCEL:
		if (ph == OTA_DFU_PHASE_IDLE)
			r->step = R_CANCELLED;
		break;
	default:
		break;
	}
}

int
ota_dfd_recv(struct ota_dfd *d, uint16_t src, const uint8_t *msg, size_t len, uint64_t now_ms)
{
	struct ota_mesh_msg *m;
	struct dfd_rcv *r = NULL;
	uint32_t op;
	size_t oplen, i, cnt = 0;
	int err;

	if (!ota__dfd_ok(d) || msg == NULL)
		return OTA_E_INVAL;
	m = d->m;
	if ((err = ota_mesh_opcode_decode(msg, len, &op, &oplen)) != OTA_OK)
		return ota__dfu_fail(&d->env, d->errmsg, err, "no opcode");
	for (i = 0; i < d->nrcv; i++)
		if (d->rcv[i].addr == src)
			r = &d->rcv[i];
	if (r == NULL)
		return ota__dfu_fail(&d->env, d->errmsg, OTA_E_NOT_FOUND,
		    "0x%04X is not a receiver", (unsigned)src);
	if (op != OTA_MESH_OP_BLOB_INFORMATION_STATUS && ota__dfu_is_blob_op(op)) {
		if (d->cli == NULL)
			return OTA_OK; /* late: the transfer is over */
		if ((err = ota_blob_cli_recv(d->cli, src, msg, len, now_ms)) != OTA_OK)
			return ota__dfu_fail(&d->env, d->errmsg, err, "%s",
			    ota_blob_cli_errmsg(d->cli));
		return OTA_OK;
	}
	if ((err = ota_mesh_msg_decode(m, msg, len)) != OTA_OK)
		return ota__dfu_fail(&d->env, d->errmsg, err, "0x%04X: %s", (unsigned)src,
		    ota_mesh_msg_errmsg(m));
	switch (op) {
	case OTA_MESH_OP_FW_UPDATE_INFORMATION_STATUS:
		if (r->step != R_INFO && r->step != R_CONFIRM)
			break;
		(void)ota_mesh_msg_item_count(m, "entries", &cnt);
		if (ota__dfu_u(m, "list_count") <= r->idx) {
			fail(r, OTA_DFD_FAIL_INDEX);
		} else if (cnt == 0 || ota__dfu_u(m, "first_index") != r->idx) {
			break;
		} else if (r->step == R_INFO) {
			step(d, r, R_CHECK, now_ms);
		} else if (same_fwid(m, &d->dslot)) {
			r->step = R_DONE;
			r->phase = OTA_DFU_PHASE_IDLE;
		}
		break;
	case OTA_MESH_OP_FW_UPDATE_METADATA_STATUS:
		if (r->step != R_CHECK || ota__dfu_u(m, "image_index") != r->idx)
			break;
		r->status = (uint8_t)ota__dfu_u(m, "status");
		r->effect = (uint8_t)ota__dfu_u(m, "additional_information");
		if (r->status != OTA_DFU_SUCCESS)
			fail(r, r->status == OTA_DFU_WRONG_INDEX ? OTA_DFD_FAIL_INDEX :
			    OTA_DFD_FAIL_METADATA);
		else
			step(d, r, R_START, now_ms);
		break;
	case OTA_MESH_OP_FW_UPDATE_STATUS:
		on_update_status(d, r, now_ms);
		break;
	case OTA_MESH_OP_BLOB_INFORMATION_STATUS:
		if (r->step != R_CAPS || ota_blob_caps_from_msg(m, &r->caps) != OTA_OK)
			break;
		if (d->cli != NULL) /* too late: the transfer began without it */
			fail(r, OTA_DFD_FAIL_TIMEOUT);
		else
			r->step = R_WAIT_XFER;
		break;
	default:
		return ota__dfu_fail(&d->env, d->errmsg, OTA_E_UNSUPPORTED,
		    "a Firmware Update Client does not take opcode 0x%04X", (unsigned)op);
	}
	return advance(d, now_ms);
}

int
ota_dfd_transfer_plan(const struct ota_dfd *d, struct ota_blob_plan_result *r)
{
	if (!ota__dfd_ok(d) || r == NULL)
		return OTA_E_INVAL;
	if (!d->have_plan)
		return OTA_E_STATE;
	*r = d->plan;
	return OTA_OK;
}
