/* blob_srv.c - the BLOB Transfer Server state machine (MBT v1.0;
 * libotaimg-mesh-blob(3)), transport-free: ota_blob_srv_recv takes each
 * access message, ota_blob_srv_poll hands back the responses, the Partial
 * Block Reports of pull mode and runs the timers.  Behaviour learnt from
 * Zephyr subsys/bluetooth/mesh/blob_srv.c (phases, the checks of Transfer
 * Start and Block Start, suspend on timeout, the encoded list in pull mode)
 * with two differences: a pull-mode server asks for the next batch as soon
 * as the last one arrived (and again after the report interval when it did
 * not), and chunks go straight to the caller's sink at their offset, so the
 * memory is the handle: a bitmap of the blocks and one of the current
 * block's chunks, never a block's data. */
#include "config.h"

#include <string.h>

#include "ota_private.h"
#include "blob_int.h"

#define SRV_MAGIC 0x4f544253u /* "OTBS" */
#define QLEN 4u
#define NO_BLOCK 0xFFFFFFFFu
#define PULL_MAX 64u

struct ota_blob_srv {
	uint32_t magic;
	struct ota_env env;
	char errmsg[OTA_MSG_LEN];
	struct ota_mesh_msg *m;
	struct ota_blob_caps caps;
	struct ota_blob_sink sink;
	uint16_t req_count;
	uint32_t report_ms;
	unsigned phase;
	uint64_t id;
	uint16_t timeout_base;
	uint64_t deadline;  /* the server timeout (UINT64_MAX: none) */
	uint16_t cli;       /* the client (Transfer Start's source) */
	uint8_t mode, log;
	uint32_t size;
	uint16_t mtu;       /* the smaller of the client's and ours */
	uint32_t nblocks, blocks_done;
	uint64_t written;
	int open;           /* the sink is open */
	uint8_t blocks[OTA_BLOB_MAX_BLOCKS / 8u]; /* 1: not received */
	uint32_t block;     /* NO_BLOCK: none */
	uint16_t chunk_size;
	uint32_t block_size, nchunks;
	uint8_t missing[8192]; /* chunks of the current block, 1: missing */
	uint64_t report_at; /* pull mode: the next Partial Block Report */
	uint32_t asked;     /* pull mode: chunks asked for, not yet here */
	uint8_t asked_map[8192];
	struct ota_blob_out q[QLEN];
	size_t qh, qn;
};

static int serr(struct ota_blob_srv *s, int err, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int
serr(struct ota_blob_srv *s, int err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ota__vformat(s->errmsg, sizeof(s->errmsg), fmt, ap);
	va_end(ap);
	ota__log(&s->env, "%s", s->errmsg);
	return err;
}

struct ota_blob_srv *
ota_blob_srv_new(void)
{
	return ota_blob_srv_new_ctx(NULL);
}

struct ota_blob_srv *
ota_blob_srv_new_ctx(const struct ota_ctx *ctx)
{
	struct ota_env env;
	struct ota_blob_srv *s;

	ota__env_from(&env, ctx);
	if ((s = ota__zalloc(&env, sizeof(*s))) == NULL)
		return NULL;
	if ((s->m = ota_mesh_msg_new_ctx(ctx)) == NULL) {
		ota__free(&env, s);
		return NULL;
	}
	s->magic = SRV_MAGIC;
	s->env = env;
	s->caps.min_block_log = 6;
	s->caps.max_block_log = 12;
	s->caps.max_chunks = 256;
	s->caps.max_chunk_size = 65;
	s->caps.max_blob_size = 512u * 1024u;
	s->caps.mtu = OTA_MESH_MSG_MAX;
	s->caps.modes = OTA_BLOB_MODE_PUSH | OTA_BLOB_MODE_PULL;
	s->req_count = 4;
	s->report_ms = 10000;
	s->deadline = UINT64_MAX;
	s->report_at = UINT64_MAX;
	s->block = NO_BLOCK;
	return s;
}

void
ota_blob_srv_free(struct ota_blob_srv **s)
{
	struct ota_env env;

	if (s == NULL || *s == NULL)
		return;
	env = (*s)->env;
	if ((*s)->open && (*s)->sink.close != NULL) /* a transfer cut short */
		(*s)->sink.close((*s)->sink.ctx, 0);
	ota_mesh_msg_free(&(*s)->m);
	(*s)->magic = 0;
	ota__free(&env, *s);
	*s = NULL;
}

static int
s_ok(const struct ota_blob_srv *s)
{
	return s != NULL && s->magic == SRV_MAGIC;
}

const char *
ota_blob_srv_errmsg(const struct ota_blob_srv *s)
{
	return s_ok(s) ? s->errmsg : "";
}

static int
busy(const struct ota_blob_srv *s)
{
	return s->phase == OTA_BLOB_PHASE_WAITING_START ||
	    s->phase == OTA_BLOB_PHASE_WAITING_BLOCK || s->phase == OTA_BLOB_PHASE_WAITING_CHUNK;
}

int
ota_blob_srv_set_caps(struct ota_blob_srv *s, const struct ota_blob_caps *caps)
{
	if (!s_ok(s) || caps == NULL)
		return OTA_E_INVAL;
	if (busy(s))
		return serr(s, OTA_E_STATE, "set_caps: a transfer is in progress");
	if (caps->min_block_log < 6 || caps->max_block_log > 32 ||
	    caps->min_block_log > caps->max_block_log || caps->max_chunks == 0 ||
	    caps->max_chunk_size < 8 || caps->max_chunk_size > OTA_MESH_MSG_MAX - 3u ||
	    caps->max_blob_size == 0 || caps->mtu < 20 || caps->mtu > OTA_MESH_MSG_MAX ||
	    (caps->modes & (OTA_BLOB_MODE_PUSH | OTA_BLOB_MODE_PULL)) == 0 ||
	    (caps->modes & ~(OTA_BLOB_MODE_PUSH | OTA_BLOB_MODE_PULL)) != 0)
		return serr(s, OTA_E_RANGE, "set_caps: block log %u..%u (6..32), %u chunks (1..), "
		    "chunk %u (8..%u), BLOB %lu (1..), MTU %u (20..%u), modes 0x%x (1..3)",
		    caps->min_block_log, caps->max_block_log, caps->max_chunks,
		    caps->max_chunk_size, OTA_MESH_MSG_MAX - 3u, (unsigned long)caps->max_blob_size,
		    caps->mtu, OTA_MESH_MSG_MAX, caps->modes);
	s->caps = *caps;
	return OTA_OK;
}

int
ota_blob_srv_set_sink(struct ota_blob_srv *s, const struct ota_blob_sink *sink)
{
	if (!s_ok(s) || sink == NULL || sink->write == NULL)
		return OTA_E_INVAL;
	if (busy(s))
		return serr(s, OTA_E_STATE, "set_sink: a transfer is in progress");
	s->sink = *sink;
	return OTA_OK;
}

int
ota_blob_srv_set_pull(struct ota_blob_srv *s, uint16_t request_count, uint32_t report_interval_ms)
{
	if (!s_ok(s))
		return OTA_E_INVAL;
	if (request_count == 0 || request_count > PULL_MAX || report_interval_ms == 0)
		return serr(s, OTA_E_RANGE, "set_pull: %u chunks per request (1..%u), interval %lu "
		    "ms (1..)", request_count, PULL_MAX, (unsigned long)report_interval_ms);
	s->req_count = request_count;
	s->report_ms = report_interval_ms;
	return OTA_OK;
}

static void
sink_close(struct ota_blob_srv *s, int complete)
{
	if (s->open && s->sink.close != NULL)
		s->sink.close(s->sink.ctx, complete);
	s->open = 0;
}

static void
reset_timer(struct ota_blob_srv *s, uint64_t now)
{
	uint64_t t = ota_blob_server_timeout_ms(s->timeout_base);

	if (s->mode == OTA_BLOB_MODE_PULL && t < (uint64_t)s->report_ms + 1000u)
		t = (uint64_t)s->report_ms + 1000u;
	s->deadline = ota__blob_later(now, t);
}

static void
stop(struct ota_blob_srv *s, int complete)
{
	sink_close(s, complete);
	s->phase = complete ? OTA_BLOB_PHASE_COMPLETE : OTA_BLOB_PHASE_INACTIVE;
	if (!complete)
		s->mode = 0;
	s->deadline = UINT64_MAX;
	s->report_at = UINT64_MAX;
	if (!complete)
		s->block = NO_BLOCK;
}

int
ota_blob_srv_expect(struct ota_blob_srv *s, uint64_t id, uint16_t timeout_base, uint64_t now_ms)
{
	if (!s_ok(s))
		return OTA_E_INVAL;
	if (s->sink.write == NULL)
		return serr(s, OTA_E_STATE, "expect: no sink set");
	if (busy(s))
		return serr(s, OTA_E_STATE, "expect: a transfer is in progress (phase %u)",
		    s->phase);
	sink_close(s, 0);
	s->id = id;
	s->timeout_base = timeout_base;
	s->mode = 0;
	s->nblocks = s->blocks_done = 0;
	s->size = 0;
	s->block = NO_BLOCK;
	s->qn = s->qh = 0;
	s->report_at = UINT64_MAX;
	s->phase = OTA_BLOB_PHASE_WAITING_START;
	reset_timer(s, now_ms);
	return OTA_OK;
}

int
ota_blob_srv_cancel(struct ota_blob_srv *s)
{
	if (!s_ok(s))
		return OTA_E_INVAL;
	stop(s, 0);
	return OTA_OK;
}

unsigned
ota_blob_srv_phase(const struct ota_blob_srv *s)
{
	return s_ok(s) ? s->phase : OTA_BLOB_PHASE_INACTIVE;
}

int
ota_blob_srv_progress(const struct ota_blob_srv *s, uint32_t *blocks_done, uint32_t *blocks)
{
	if (!s_ok(s) || blocks_done == NULL || blocks == NULL)
		return OTA_E_INVAL;
	*blocks_done = s->blocks_done;
	*blocks = s->nblocks;
	return OTA_OK;
}

/* ---- output ---- */

static struct ota_blob_out *
q_new(struct ota_blob_srv *s, uint16_t dst)
{
	struct ota_blob_out *o;

	if (s->qn == QLEN) { /* the oldest answer is dropped, as a busy radio would */
		s->qh = (s->qh + 1) % QLEN;
		s->qn--;
	}
	o = &s->q[(s->qh + s->qn) % QLEN];
	o->dst = dst;
	o->len = 0;
	return o;
}

static int
enc(struct ota_blob_srv *s, struct ota_blob_out *o)
{
	size_t n = sizeof(o->buf);
	int r;

	if ((r = ota_mesh_msg_encode(s->m, o->buf, &n)) != OTA_OK)
		return serr(s, r, "encoding %s: %s", ota_mesh_msg_name(s->m),
		    ota_mesh_msg_errmsg(s->m));
	o->len = n;
	s->qn++;
	return OTA_OK;
}

static int
xfer_status(struct ota_blob_srv *s, uint16_t dst, unsigned status)
{
	struct ota_blob_out *o = q_new(s, dst);
	int r = ota_mesh_msg_init(s->m, OTA_MESH_OP_BLOB_TRANSFER_STATUS);

	if (r == OTA_OK)
		r = ota_mesh_msg_set_uint(s->m, "status", status);
	if (r == OTA_OK)
		r = ota_mesh_msg_set_uint(s->m, "mode", s->mode);
	if (r == OTA_OK)
		r = ota_mesh_msg_set_uint(s->m, "phase", s->phase);
	if (r == OTA_OK && s->phase != OTA_BLOB_PHASE_INACTIVE)
		r = ota_mesh_msg_set_uint(s->m, "blob_id", s->id);
	if (r == OTA_OK && s->phase != OTA_BLOB_PHASE_INACTIVE &&
	    s->phase != OTA_BLOB_PHASE_WAITING_START && s->nblocks > 0) {
		r = ota_mesh_msg_set_uint(s->m, "blob_size", s->size);
		if (r == OTA_OK)
			r = ota_mesh_msg_set_uint(s->m, "block_size_log", s->log);
		if (r == OTA_OK)
			r = ota_mesh_msg_set_uint(s->m, "transfer_mtu", s->mtu);
		if (r == OTA_OK)
			r = ota_mesh_msg_set_bytes(s->m, "blocks_not_received", s->blocks,
			    OTA_BLOB_BITS_LEN(s->nblocks));
	}
	if (r != OTA_OK)
		return serr(s, r, "Transfer Status: %s", ota_mesh_msg_errmsg(s->m));
	return enc(s, o);
}

/* The missing chunks of the current block (pull mode: the next chunks asked
 * for, at most req_count) in the largest format that fits room. */
static int
missing_field(struct ota_blob_srv *s, size_t room, unsigned *fmt, uint8_t *buf, size_t *len)
{
	uint32_t i, n;
	int r;

	*len = room;
	if (s->mode == OTA_BLOB_MODE_PULL) {
		*fmt = OTA_BLOB_MISSING_ENCODED;
		if (s->block == NO_BLOCK || s->nchunks == 0 ||
		    s->phase != OTA_BLOB_PHASE_WAITING_CHUNK) {
			*len = 0;
			return OTA_OK;
		}
		r = ota_blob_missing_encode(s->missing, s->nchunks, s->req_count, fmt, buf, len);
		if (r == OTA_OK) { /* remember what was asked for */
			memset(s->asked_map, 0, OTA_BLOB_BITS_LEN(s->nchunks));
			for (i = 0, n = 0; i < s->nchunks && n < s->req_count; i++)
				if (ota__bit_get(s->missing, i)) {
					ota__bit_set(s->asked_map, i, 1);
					n++;
				}
			s->asked = n;
		}
		return r;
	}
	*fmt = OTA_BLOB_MISSING_AUTO;
	if (s->block == NO_BLOCK || s->nchunks == 0) {
		*fmt = OTA_BLOB_MISSING_ALL;
		*len = 0;
		return OTA_OK;
	}
	return ota_blob_missing_encode(s->missing, s->nchunks, 0, fmt, buf, len);
}

static int
block_status(struct ota_blob_srv *s, uint16_t dst, unsigned status)
{
	struct ota_blob_out *o = q_new(s, dst);
	uint8_t field[OTA_MESH_MSG_MAX];
	size_t flen = 0, room;
	unsigned fmt;
	int r;

	/* opcode 1 + 5 octets of fields; the client's MTU bounds the message */
	room = (s->mtu >= 6u ? s->mtu : OTA_MESH_MSG_MAX) - 6u;
	if (room > sizeof(o->buf) - 6u)
		room = sizeof(o->buf) - 6u;
	if (missing_field(s, room, &fmt, field, &flen) != OTA_OK) {
		/* nothing fits: report them all missing, the client resends all */
		fmt = OTA_BLOB_MISSING_ALL;
		flen = 0;
	}
	r = ota_mesh_msg_init(s->m, OTA_MESH_OP_BLOB_BLOCK_STATUS);
	if (r == OTA_OK)
		r = ota_mesh_msg_set_uint(s->m, "status", status);
	if (r == OTA_OK)
		r = ota_mesh_msg_set_uint(s->m, "format", fmt);
	if (r == OTA_OK)
		r = ota_mesh_msg_set_uint(s->m, "block_number",
		    s->block == NO_BLOCK ? 0xFFFFu : s->block);
	if (r == OTA_OK)
		r = ota_mesh_msg_set_uint(s->m, "chunk_size",
		    s->block == NO_BLOCK ? 0xFFFFu : s->chunk_size);
	if (r == OTA_OK && fmt == OTA_BLOB_MISSING_SOME)
		r = ota_mesh_msg_set_bytes(s->m, "missing_bitmap", field, flen);
	if (r != OTA_OK)
		return serr(s, r, "Block Status: %s", ota_mesh_msg_errmsg(s->m));
	if ((r = enc(s, o)) != OTA_OK)
		return r;
	if (fmt == OTA_BLOB_MISSING_ENCODED) { /* the list is the end of the message */
		memcpy(o->buf + o->len, field, flen);
		o->len += flen;
	}
	return OTA_OK;
}

static int
partial_report(struct ota_blob_srv *s, uint64_t now)
{
	struct ota_blob_out *o = q_new(s, s->cli);
	uint8_t field[OTA_MESH_MSG_MAX];
	size_t flen = 0;
	unsigned fmt;
	int r;

	if ((r = missing_field(s, s->mtu - 1u, &fmt, field, &flen)) != OTA_OK)
		return serr(s, r, "Partial Block Report: the list does not fit %u octets", s->mtu);
	if ((r = ota_mesh_msg_init(s->m, OTA_MESH_OP_BLOB_PARTIAL_BLOCK_REPORT)) != OTA_OK ||
	    (r = enc(s, o)) != OTA_OK)
		return r;
	memcpy(o->buf + o->len, field, flen);
	o->len += flen;
	s->report_at = s->phase == OTA_BLOB_PHASE_WAITING_CHUNK ?
	    ota__blob_later(now, s->report_ms) : UINT64_MAX;
	return OTA_OK;
}

/* ---- incoming ---- */

static int
get(struct ota_blob_srv *s, const char *f, uint64_t *v)
{
	return ota_mesh_msg_get_uint(s->m, f, v);
}

static int
on_start(struct ota_blob_srv *s, uint16_t src, uint64_t now)
{
	uint64_t mode = 0, id = 0, size = 0, log = 0, mtu = 0;
	uint32_t nb;
	unsigned st = OTA_BLOB_ST_SUCCESS;
	int ret = OTA_OK, r;

	(void)get(s, "mode", &mode);
	(void)get(s, "blob_id", &id);
	(void)get(s, "blob_size", &size);
	(void)get(s, "block_size_log", &log);
	(void)get(s, "client_mtu", &mtu);
	if (s->phase == OTA_BLOB_PHASE_INACTIVE) {
		st = OTA_BLOB_ST_WRONG_PHASE;
		ret = serr(s, OTA_E_STATE, "Transfer Start from 0x%04x: no transfer expected", src);
	} else if (id != s->id) {
		st = OTA_BLOB_ST_WRONG_BLOB_ID;
		ret = serr(s, OTA_E_BLOB_ID, "Transfer Start from 0x%04x: BLOB ID 0x%016llx, "
		    "expected 0x%016llx", src, (unsigned long long)id, (unsigned long long)s->id);
	} else if (s->phase != OTA_BLOB_PHASE_WAITING_START) {
		if (mode != s->mode || size != s->size || log != s->log || mtu < s->mtu) {
			st = OTA_BLOB_ST_WRONG_PHASE;
			ret = serr(s, OTA_E_STATE, "Transfer Start from 0x%04x: another "
			    "transfer of this BLOB is in progress", src);
		} else if (s->phase == OTA_BLOB_PHASE_SUSPENDED) {
			s->phase = OTA_BLOB_PHASE_WAITING_BLOCK;
			s->cli = src;
			reset_timer(s, now);
		}
	} else if (!(s->caps.modes & mode)) {
		st = OTA_BLOB_ST_UNSUPPORTED_MODE;
		ret = serr(s, OTA_E_UNSUPPORTED, "Transfer Start: mode %u not supported",
		    (unsigned)mode);
	} else if (size > s->caps.max_blob_size) {
		st = OTA_BLOB_ST_BLOB_TOO_LARGE;
		ret = serr(s, OTA_E_LIMIT, "Transfer Start: a BLOB of %llu octets, at most %lu",
		    (unsigned long long)size, (unsigned long)s->caps.max_blob_size);
	} else if (log < s->caps.min_block_log || log > s->caps.max_block_log) {
		st = OTA_BLOB_ST_INVALID_BLOCK_SIZE;
		ret = serr(s, OTA_E_RANGE, "Transfer Start: block size log %u, not %u..%u",
		    (unsigned)log, s->caps.min_block_log, s->caps.max_block_log);
	} else if ((nb = ota__blob_block_count(size, (uint8_t)log)) > OTA_BLOB_MAX_BLOCKS) {
		st = OTA_BLOB_ST_INVALID_PARAMETER;
		ret = serr(s, OTA_E_LIMIT, "Transfer Start: %lu blocks, at most %u",
		    (unsigned long)nb, OTA_BLOB_MAX_BLOCKS);
	} else if (s->sink.open != NULL && s->sink.open(s->sink.ctx, id, (uint32_t)size) != 0) {
		st = OTA_BLOB_ST_INTERNAL_ERROR;
		ret = serr(s, OTA_E_BLOB_SINK, "Transfer Start: the sink refused BLOB 0x%016llx "
		    "of %llu octets", (unsigned long long)id, (unsigned long long)size);
		stop(s, 0);
	} else {
		s->open = 1;
		s->cli = src;
		s->mode = (uint8_t)mode;
		s->size = (uint32_t)size;
		s->log = (uint8_t)log;
		s->mtu = (uint16_t)(mtu < s->caps.mtu ? mtu : s->caps.mtu);
		s->nblocks = nb;
		s->blocks_done = 0;
		s->written = 0;
		memset(s->blocks, 0, sizeof(s->blocks));
		ota__bits_fill(s->blocks, nb);
		s->block = NO_BLOCK;
		s->phase = OTA_BLOB_PHASE_WAITING_BLOCK;
		reset_timer(s, now);
	}
	if ((r = xfer_status(s, src, st)) != OTA_OK && ret == OTA_OK)
		ret = r; /* out of memory for the answer: say so */
	return ret;
}

static int
on_block_start(struct ota_blob_srv *s, uint16_t src, uint64_t now)
{
	uint64_t bn = 0, cs = 0, big;
	uint32_t bsize, n, maxn;
	unsigned st = OTA_BLOB_ST_SUCCESS;
	int ret = OTA_OK, r;

	(void)get(s, "block_number", &bn);
	(void)get(s, "chunk_size", &cs);
	if (s->phase == OTA_BLOB_PHASE_INACTIVE || s->phase == OTA_BLOB_PHASE_WAITING_START) {
		st = OTA_BLOB_ST_WRONG_PHASE;
		ret = serr(s, OTA_E_STATE, "Block Start: no transfer started (phase %u)", s->phase);
		goto rsp;
	}
	if (src != s->cli) /* another node may not steer this client's transfer */
		return serr(s, OTA_E_STATE, "Block Start from 0x%04x: the transfer's client is "
		    "0x%04x; ignored", src, s->cli);
	reset_timer(s, now);
	if (s->phase == OTA_BLOB_PHASE_WAITING_CHUNK) {
		if (bn != s->block || cs != s->chunk_size) {
			st = OTA_BLOB_ST_WRONG_PHASE;
			ret = serr(s, OTA_E_STATE, "Block Start %u: block %lu is in progress",
			    (unsigned)bn, (unsigned long)s->block);
		}
		goto rsp;
	}
	if (bn >= s->nblocks) {
		st = OTA_BLOB_ST_INVALID_BLOCK_NUMBER;
		ret = serr(s, OTA_E_RANGE, "Block Start: block %u of a BLOB of %lu blocks",
		    (unsigned)bn, (unsigned long)s->nblocks);
		goto rsp;
	}
	maxn = s->caps.max_chunks;
	if (s->mtu > 6u && 8u * (s->mtu - 6u) < maxn && s->mode == OTA_BLOB_MODE_PUSH)
		maxn = 8u * (s->mtu - 6u); /* the bitmap fits one Block Status */
	/* chunks of the largest block: a BLOB smaller than 2^log (block log 32)
	 * has one block of its size, as the client counts */
	big = (uint64_t)1 << s->log;
	if (big > s->size)
		big = s->size;
	if (cs == 0 || cs > s->caps.max_chunk_size || cs + 3u > s->mtu ||
	    (big + cs - 1) / cs > maxn) {
		st = OTA_BLOB_ST_INVALID_CHUNK_SIZE;
		ret = serr(s, OTA_E_RANGE, "Block Start: chunk size %u (1..%u, MTU %u, at most "
		    "%lu chunks a block)", (unsigned)cs, s->caps.max_chunk_size, s->mtu,
		    (unsigned long)maxn);
		goto rsp;
	}
	bsize = ota__blob_block_size(s->size, s->log, (uint32_t)bn);
	n = (uint32_t)((bsize + cs - 1) / cs);
	if (s->phase == OTA_BLOB_PHASE_SUSPENDED && bn == s->block && cs == s->chunk_size &&
	    ota__bit_get(s->blocks, (uint32_t)bn)) {
		/* resumed in the middle of this block: keep what arrived */
		s->phase = OTA_BLOB_PHASE_WAITING_CHUNK;
		if (s->mode == OTA_BLOB_MODE_PULL)
			s->report_at = ota__blob_later(now, s->report_ms);
		goto rsp;
	}
	s->block = (uint32_t)bn;
	s->chunk_size = (uint16_t)cs;
	s->block_size = bsize;
	s->nchunks = n;
	memset(s->missing, 0, OTA_BLOB_BITS_LEN(n));
	if (s->phase == OTA_BLOB_PHASE_COMPLETE || !ota__bit_get(s->blocks, (uint32_t)bn))
		goto rsp; /* already here: nothing missing */
	ota__bits_fill(s->missing, n);
	s->phase = OTA_BLOB_PHASE_WAITING_CHUNK;
	if (s->mode == OTA_BLOB_MODE_PULL)
		s->report_at = ota__blob_later(now, s->report_ms);
rsp:
	if ((r = block_status(s, src, st)) != OTA_OK && ret == OTA_OK)
		ret = r;
	return ret;
}

static int
on_chunk(struct ota_blob_srv *s, uint16_t src, uint64_t now)
{
	const uint8_t *data = NULL;
	uint64_t idx = 0, off;
	size_t len = 0;
	uint32_t want;
	int r;

	(void)get(s, "chunk_number", &idx);
	(void)ota_mesh_msg_get_bytes(s->m, "chunk_data", &data, &len);
	if (s->phase != OTA_BLOB_PHASE_WAITING_CHUNK)
		return serr(s, OTA_E_STATE, "Chunk %u: not waiting for chunks (phase %u)",
		    (unsigned)idx, s->phase);
	if (src != s->cli)
		return serr(s, OTA_E_STATE, "Chunk %u from 0x%04x: the transfer's client is "
		    "0x%04x; ignored", (unsigned)idx, src, s->cli);
	if (idx >= s->nchunks)
		return serr(s, OTA_E_RANGE, "Chunk %u: block %lu has chunks 0..%lu", (unsigned)idx,
		    (unsigned long)s->block, (unsigned long)s->nchunks - 1u);
	want = idx == s->nchunks - 1u ? s->block_size - (uint32_t)idx * s->chunk_size :
	    s->chunk_size;
	if (len != want)
		return serr(s, OTA_E_RANGE, "Chunk %u of block %lu: %zu octets, expected %lu",
		    (unsigned)idx, (unsigned long)s->block, len, (unsigned long)want);
	reset_timer(s, now);
	if (!ota__bit_get(s->missing, (uint32_t)idx))
		return OTA_OK; /* a duplicate */
	off = ((uint64_t)s->block << s->log) + idx * s->chunk_size;
	if (s->sink.write(s->sink.ctx, off, data, len) != 0) {
		stop(s, 0);
		return serr(s, OTA_E_BLOB_SINK, "Chunk %u of block %lu: the sink failed to write "
		    "%zu octets at %llu; transfer cancelled", (unsigned)idx,
		    (unsigned long)s->block, len, (unsigned long long)off);
	}
	s->written += len;
	ota__bit_set(s->missing, (uint32_t)idx, 0);
	if (s->mode == OTA_BLOB_MODE_PULL && ota__bit_get(s->asked_map, (uint32_t)idx)) {
		ota__bit_set(s->asked_map, (uint32_t)idx, 0);
		if (s->asked > 0 && --s->asked == 0)
			s->report_at = now; /* the batch is here: ask for the next */
	}
	if (ota__bits_count(s->missing, s->nchunks) != 0)
		return OTA_OK;
	/* the block is complete */
	ota__bit_set(s->blocks, s->block, 0);
	s->blocks_done++;
	s->phase = OTA_BLOB_PHASE_WAITING_BLOCK;
	if (s->mode == OTA_BLOB_MODE_PULL && (r = partial_report(s, now)) != OTA_OK)
		return r;
	if (s->blocks_done < s->nblocks)
		return OTA_OK;
	if (s->written != s->size) {
		stop(s, 0);
		return serr(s, OTA_E_STRUCTURE, "every block received but %llu octets written, "
		    "the BLOB has %lu", (unsigned long long)s->written, (unsigned long)s->size);
	}
	stop(s, 1);
	return OTA_OK;
}

static unsigned
block_get_status(const struct ota_blob_srv *s)
{
	switch (s->phase) {
	case OTA_BLOB_PHASE_WAITING_BLOCK:
	case OTA_BLOB_PHASE_WAITING_CHUNK:
	case OTA_BLOB_PHASE_COMPLETE:
		return OTA_BLOB_ST_SUCCESS;
	case OTA_BLOB_PHASE_SUSPENDED:
		return OTA_BLOB_ST_INFORMATION_UNAVAILABLE;
	default:
		return OTA_BLOB_ST_WRONG_PHASE;
	}
}

static int
info_status(struct ota_blob_srv *s, uint16_t dst)
{
	struct ota_blob_out *o = q_new(s, dst);
	int r = ota_mesh_msg_init(s->m, OTA_MESH_OP_BLOB_INFORMATION_STATUS);

	if (r == OTA_OK)
		r = ota_mesh_msg_set_uint(s->m, "min_block_size_log", s->caps.min_block_log);
	if (r == OTA_OK)
		r = ota_mesh_msg_set_uint(s->m, "max_block_size_log", s->caps.max_block_log);
	if (r == OTA_OK)
		r = ota_mesh_msg_set_uint(s->m, "max_total_chunks", s->caps.max_chunks);
	if (r == OTA_OK)
		r = ota_mesh_msg_set_uint(s->m, "max_chunk_size", s->caps.max_chunk_size);
	if (r == OTA_OK)
		r = ota_mesh_msg_set_uint(s->m, "max_blob_size", s->caps.max_blob_size);
	if (r == OTA_OK)
		r = ota_mesh_msg_set_uint(s->m, "server_mtu", s->caps.mtu);
	if (r == OTA_OK)
		r = ota_mesh_msg_set_uint(s->m, "supported_modes", s->caps.modes);
	if (r != OTA_OK)
		return serr(s, r, "Information Status: %s", ota_mesh_msg_errmsg(s->m));
	return enc(s, o);
}

int
ota_blob_srv_recv(struct ota_blob_srv *s, uint16_t src, const uint8_t *msg, size_t len,
    uint64_t now_ms)
{
	uint64_t id = 0;
	uint32_t op = 0;
	int r;

	if (!s_ok(s) || (msg == NULL && len > 0))
		return OTA_E_INVAL;
	if ((r = ota_mesh_msg_decode(s->m, msg, len)) != OTA_OK)
		return serr(s, r, "message from 0x%04x: %s", src, ota_mesh_msg_errmsg(s->m));
	op = ota_mesh_msg_opcode(s->m);
	switch (op) {
	case OTA_MESH_OP_BLOB_TRANSFER_GET:
		return xfer_status(s, src, OTA_BLOB_ST_SUCCESS);
	case OTA_MESH_OP_BLOB_TRANSFER_START:
		return on_start(s, src, now_ms);
	case OTA_MESH_OP_BLOB_TRANSFER_CANCEL:
		(void)get(s, "blob_id", &id);
		if (s->phase != OTA_BLOB_PHASE_INACTIVE && id != s->id) {
			r = serr(s, OTA_E_BLOB_ID, "Transfer Cancel from 0x%04x: BLOB ID "
			    "0x%016llx, not 0x%016llx", src, (unsigned long long)id,
			    (unsigned long long)s->id);
			(void)xfer_status(s, src, OTA_BLOB_ST_WRONG_BLOB_ID);
			return r;
		}
		if (s->phase != OTA_BLOB_PHASE_INACTIVE)
			stop(s, 0);
		return xfer_status(s, src, OTA_BLOB_ST_SUCCESS);
	case OTA_MESH_OP_BLOB_BLOCK_START:
		return on_block_start(s, src, now_ms);
	case OTA_MESH_OP_BLOB_CHUNK_TRANSFER:
		return on_chunk(s, src, now_ms);
	case OTA_MESH_OP_BLOB_BLOCK_GET:
		return block_status(s, src, block_get_status(s));
	case OTA_MESH_OP_BLOB_INFORMATION_GET:
		return info_status(s, src);
	default:
		return serr(s, OTA_E_UNSUPPORTED, "message from 0x%04x: %s is not for a BLOB "
		    "Transfer Server", src, ota_mesh_msg_name(s->m));
	}
}

int
ota_blob_srv_poll(struct ota_blob_srv *s, uint64_t now_ms, struct ota_blob_out *out,
    uint64_t *next_ms)
{
	int r;

	if (!s_ok(s) || out == NULL || next_ms == NULL)
		return OTA_E_INVAL;
	if (s->deadline <= now_ms) {
		/* the server timeout: a transfer that never started ends, one that did
		 * is suspended (a client may resume it) */
		s->report_at = UINT64_MAX;
		s->deadline = UINT64_MAX;
		if (s->phase == OTA_BLOB_PHASE_WAITING_START)
			stop(s, 0);
		else if (busy(s))
			s->phase = OTA_BLOB_PHASE_SUSPENDED;
	}
	if (s->qn == 0 && s->report_at <= now_ms && s->phase == OTA_BLOB_PHASE_WAITING_CHUNK &&
	    (r = partial_report(s, now_ms)) != OTA_OK)
		return r;
	if (s->qn > 0) {
		*out = s->q[s->qh];
		s->qh = (s->qh + 1) % QLEN;
		s->qn--;
		*next_ms = now_ms;
		return 1;
	}
	*next_ms = s->deadline < s->report_at ? s->deadline : s->report_at;
	return 0;
}
