/* blob_cli_recv.c - what a BLOB Transfer Client does with the messages its
 * targets send (libotaimg-mesh-blob(3)): Transfer Status, Block Status and
 * Partial Block Report move each target's state on (blob_cli.c runs the
 * transfer). */
#include "config.h"

#include <string.h>

#include "ota_private.h"
#include "blob_int.h"
#include "blob_cli_int.h"

static struct tgt *
find(struct ota_blob_cli *c, uint16_t addr)
{
	size_t i;

	for (i = 0; i < c->nt; i++)
		if (c->t[i].addr == addr)
			return &c->t[i];
	return NULL;
}

static int
on_xfer_status(struct ota_blob_cli *c, struct tgt *t, uint64_t now)
{
	uint64_t st = 0, phase = 0, id = 0, log = 0, size = 0;
	const uint8_t *bits = NULL;
	size_t blen = 0;
	int have_id, have_bits;

	(void)ota_mesh_msg_get_uint(c->m, "status", &st);
	(void)ota_mesh_msg_get_uint(c->m, "phase", &phase);
	have_id = ota_mesh_msg_has(c->m, "blob_id");
	have_bits = ota_mesh_msg_has(c->m, "blob_size");
	if (have_id)
		(void)ota_mesh_msg_get_uint(c->m, "blob_id", &id);
	if (have_id && id != c->id && st == OTA_BLOB_ST_SUCCESS)
		return cerr(c, OTA_E_BLOB_ID, "Transfer Status from 0x%04x: BLOB ID 0x%016llx, not "
		    "0x%016llx", t->addr, (unsigned long long)id, (unsigned long long)c->id);
	if (t->step == S_CANCEL) {
		t->req = R_NONE;
		t->deadline = UINT64_MAX;
		t->step = S_IDLE;
		return OTA_OK;
	}
	if (t->state != OTA_BLOB_TARGET_ACTIVE || (t->step != S_START && t->step != S_GET))
		return OTA_OK; /* late: an answer to a request already answered */
	t->status = (uint8_t)st;
	t->phase = (uint8_t)phase;
	if (st != OTA_BLOB_ST_SUCCESS) {
		fail(t, OTA_BLOB_TARGET_FAILED, st == OTA_BLOB_ST_WRONG_BLOB_ID ? OTA_E_BLOB_ID :
		    OTA_E_BLOB_STATUS, "%s: status %s", req_name(t->req),
		    ota_blob_status_name((unsigned)st));
		return OTA_OK;
	}
	if (have_bits) {
		(void)ota_mesh_msg_get_uint(c->m, "blob_size", &size);
		(void)ota_mesh_msg_get_uint(c->m, "block_size_log", &log);
		(void)ota_mesh_msg_get_bytes(c->m, "blocks_not_received", &bits, &blen);
		if (size != c->size || log != c->p.block_log) {
			fail(t, OTA_BLOB_TARGET_FAILED, OTA_E_BLOB_STATUS, "Transfer Status: "
			    "another transfer (%llu octets, block log %u)",
			    (unsigned long long)size, (unsigned)log);
			return OTA_OK;
		}
		if (blen == OTA_BLOB_BITS_LEN(c->nblocks))
			memcpy(t->need, bits, blen);
	}
	if (phase == OTA_BLOB_PHASE_COMPLETE && have_id) {
		memset(t->need, 0, OTA_BLOB_BITS_LEN(c->nblocks));
		t->state = OTA_BLOB_TARGET_DONE;
		t->step = S_IDLE;
		t->req = R_NONE;
		t->deadline = UINT64_MAX;
		return OTA_OK;
	}
	if (t->step == S_START) {
		if (phase == OTA_BLOB_PHASE_INACTIVE || phase == OTA_BLOB_PHASE_WAITING_START ||
		    phase == OTA_BLOB_PHASE_SUSPENDED)
			return OTA_OK; /* not started yet: Transfer Start again */
		ask(c, t, S_IDLE, R_NONE, now);
		return OTA_OK;
	}
	/* Transfer Get (resume, or the check at the end) */
	if ((phase == OTA_BLOB_PHASE_WAITING_BLOCK || phase == OTA_BLOB_PHASE_WAITING_CHUNK) &&
	    have_bits) {
		if (ota__bits_count(t->need, c->nblocks) > 0)
			ask(c, t, S_IDLE, R_NONE, now);
		return OTA_OK; /* nothing missing yet not complete: ask again until the timeout */
	}
	ask(c, t, S_START, R_START, now);
	return OTA_OK;
}

/* A missing-chunk field of t's: strict with OTA_BLOB_F_STRICT, else
 * tolerating Zephyr's two-octet chunk numbers and counting them. */
static int
list_decode(struct ota_blob_cli *c, struct tgt *t, unsigned fmt, const uint8_t *buf,
    size_t len, uint8_t *bits, size_t *at)
{
	uint32_t odd = 0;
	int r;

	if (c->p.flags & OTA_BLOB_F_STRICT)
		return ota_blob_missing_decode(fmt, buf, len, c->nchunks, bits, at);
	if ((r = ota_blob_missing_decode_lenient(fmt, buf, len, c->nchunks, bits, &odd, at)) ==
	    OTA_OK && t->lenient <= UINT32_MAX - odd)
		t->lenient += odd;
	return r;
}

/* A pull target said what it wants next (nothing: it has the block). */
static void
pull_next(struct ota_blob_cli *c, struct tgt *t, uint64_t now)
{
	if (ota__bits_count(t->ask, c->nchunks) == 0) {
		ask(c, t, S_BDONE, R_NONE, now);
		return;
	}
	ask(c, t, S_CHUNKS, R_NONE, now);
	t->deadline = now + c->timeout; /* the next report */
}

static int
on_block_status(struct ota_blob_cli *c, struct tgt *t, const uint8_t *msg, size_t len,
    uint64_t now)
{
	uint64_t st = 0, fmt = 0, bn = 0, cs = 0;
	size_t at = 0;
	int r;

	(void)ota_mesh_msg_get_uint(c->m, "status", &st);
	(void)ota_mesh_msg_get_uint(c->m, "format", &fmt);
	(void)ota_mesh_msg_get_uint(c->m, "block_number", &bn);
	(void)ota_mesh_msg_get_uint(c->m, "chunk_size", &cs);
	if (t->state != OTA_BLOB_TARGET_ACTIVE || c->stage != G_BLOCK ||
	    (t->step != S_BSTART && t->step != S_BGET && t->step != S_CHUNKS))
		return OTA_OK; /* late */
	t->status = (uint8_t)st;
	if (st == OTA_BLOB_ST_INFORMATION_UNAVAILABLE && t->step != S_BSTART) {
		/* suspended after its timeout: Block Start resumes it */
		t->step = S_BSTART;
		t->req = R_BSTART;
		t->retry_at = now;
		return OTA_OK;
	}
	if (st != OTA_BLOB_ST_SUCCESS) {
		fail(t, OTA_BLOB_TARGET_FAILED, OTA_E_BLOB_STATUS, "%s of block %lu: status %s",
		    req_name(t->step == S_BSTART ? R_BSTART : R_BGET), (unsigned long)c->cur,
		    ota_blob_status_name((unsigned)st));
		return OTA_OK;
	}
	if (bn != c->cur || cs != c->p.chunk_size)
		return cerr(c, OTA_E_RANGE, "Block Status from 0x%04x: block %u, chunk size %u; "
		    "the transfer is at block %lu, chunk size %u", t->addr, (unsigned)bn,
		    (unsigned)cs, (unsigned long)c->cur, c->p.chunk_size);
	/* the list follows opcode (1) and 5 octets */
	if ((r = list_decode(c, t, (unsigned)fmt, msg + 6, len - 6,
	    t->mode == OTA_BLOB_MODE_PULL ? t->ask : t->missing, &at)) != OTA_OK)
		return cerr(c, r, "Block Status from 0x%04x: missing chunks at octet %zu: %s",
		    t->addr, at + 6, ota_strerror(r));
	if (t->mode == OTA_BLOB_MODE_PULL) {
		pull_next(c, t, now);
		return OTA_OK;
	}
	if (ota__bits_count(t->missing, c->nchunks) == 0)
		ask(c, t, S_BDONE, R_NONE, now);
	else
		ask(c, t, S_CHUNKS, R_NONE, now);
	return OTA_OK;
}

static int
on_report(struct ota_blob_cli *c, struct tgt *t, const uint8_t *msg, size_t len, uint64_t now)
{
	size_t at = 0;
	int r;

	if (t->state != OTA_BLOB_TARGET_ACTIVE || c->stage != G_BLOCK ||
	    (t->step != S_BSTART && t->step != S_CHUNKS))
		return OTA_OK; /* late */
	if (t->mode != OTA_BLOB_MODE_PULL)
		return cerr(c, OTA_E_STATE, "Partial Block Report from 0x%04x, a push target",
		    t->addr);
	if ((r = list_decode(c, t, OTA_BLOB_MISSING_ENCODED, msg + 1, len - 1, t->ask, &at)) !=
	    OTA_OK)
		return cerr(c, r, "Partial Block Report from 0x%04x: octet %zu: %s", t->addr,
		    at + 1, ota_strerror(r));
	pull_next(c, t, now);
	return OTA_OK;
}

/* The octets of msg the message codec decodes. */
static size_t
fixed_len(const uint8_t *msg, size_t len)
{
	const uint8_t *par;
	size_t plen;
	uint32_t op;

	if (len > OTA_MESH_MSG_MAX || ota__blob_split(msg, len, &op, &par, &plen) != OTA_OK)
		return len; /* the codec says what is wrong */
	if (op == OTA_MESH_OP_BLOB_PARTIAL_BLOCK_REPORT)
		return len - plen;
	if (op == OTA_MESH_OP_BLOB_BLOCK_STATUS && plen > 5 &&
	    par[0] >> 6 == OTA_BLOB_MISSING_ENCODED)
		return len - plen + 5;
	return len;
}

int
ota_blob_cli_recv(struct ota_blob_cli *c, uint16_t src, const uint8_t *msg, size_t len,
    uint64_t now_ms)
{
	struct tgt *t;
	int r;

	if (!c_ok(c) || (msg == NULL && len > 0))
		return OTA_E_INVAL;
	if (c->stage == G_NEW)
		return cerr(c, OTA_E_STATE, "message from 0x%04x before the transfer started", src);
	if ((t = find(c, src)) == NULL)
		return cerr(c, OTA_E_NOT_FOUND, "message from 0x%04x, not a target", src);
	/* Block Status (encoded) and Partial Block Report end in a list of chunk
	 * numbers, which list_decode reads (Zephyr's two-octet form too): the
	 * codec sees the fixed fields only */
	if ((r = ota_mesh_msg_decode(c->m, msg, fixed_len(msg, len))) != OTA_OK)
		return cerr(c, r, "message from 0x%04x: %s", src, ota_mesh_msg_errmsg(c->m));
	switch (ota_mesh_msg_opcode(c->m)) {
	case OTA_MESH_OP_BLOB_TRANSFER_STATUS:
		return on_xfer_status(c, t, now_ms);
	case OTA_MESH_OP_BLOB_BLOCK_STATUS:
		return on_block_status(c, t, msg, len, now_ms);
	case OTA_MESH_OP_BLOB_PARTIAL_BLOCK_REPORT:
		return on_report(c, t, msg, len, now_ms);
	default:
		return cerr(c, OTA_E_UNSUPPORTED, "message from 0x%04x: %s is not for a BLOB "
		    "Transfer Client", src, ota_mesh_msg_name(c->m));
	}
}
