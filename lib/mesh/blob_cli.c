/* blob_cli.c - the BLOB Transfer Client state machine (MBT v1.0;
 * libotaimg-mesh-blob(3)), transport-free: ota_blob_cli_recv takes each
 * access message from a target, ota_blob_cli_poll hands back the next
 * message to send and runs the retries and timeouts.
 *
 * One block at a time, as Zephyr subsys/bluetooth/mesh/blob_cli.c goes:
 * Transfer Start to every target; then for the lowest block any target
 * still lacks, Block Start to those targets; push targets get the block's
 * chunks (once to a group address, or to each), then Block Get, and the
 * chunks still missing anywhere (their union) again until every push target
 * has the block; pull targets get the chunks each asks for in its Block
 * Status and Partial Block Reports, unicast.  At the end Transfer Get
 * confirms each target holds the whole BLOB.  A target that does not answer
 * within the client timeout fails alone; the others go on.  The BLOB is
 * read chunk by chunk through the caller's callback, never held. */
#include "config.h"

#include <string.h>

#include "ota_private.h"
#include "blob_int.h"
#include "blob_cli_int.h"

#define MAX_TARGETS 0x7FFFu

int
ota__bc_err(struct ota_blob_cli *c, int err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ota__vformat(c->errmsg, sizeof(c->errmsg), fmt, ap);
	va_end(ap);
	ota__log(&c->env, "%s", c->errmsg);
	return err;
}

struct ota_blob_cli *
ota_blob_cli_new(void)
{
	return ota_blob_cli_new_ctx(NULL);
}

struct ota_blob_cli *
ota_blob_cli_new_ctx(const struct ota_ctx *ctx)
{
	struct ota_env env;
	struct ota_blob_cli *c;

	ota__env_from(&env, ctx);
	if ((c = ota__zalloc(&env, sizeof(*c))) == NULL)
		return NULL;
	if ((c->m = ota_mesh_msg_new_ctx(ctx)) == NULL) {
		ota__free(&env, c);
		return NULL;
	}
	c->magic = CLI_MAGIC;
	c->env = env;
	c->p.block_log = 12;
	c->p.chunk_size = 65;
	c->p.ttl = 5;
	c->p.mtu = OTA_MESH_MSG_MAX;
	c->p.retry_ms = 2000;
	return c;
}

static void
free_bits(struct ota_blob_cli *c)
{
	size_t i;

	for (i = 0; i < c->nt; i++) {
		ota__free(&c->env, c->t[i].need);
		c->t[i].need = c->t[i].missing = c->t[i].ask = NULL;
	}
}

void
ota_blob_cli_free(struct ota_blob_cli **c)
{
	struct ota_env env;

	if (c == NULL || *c == NULL)
		return;
	env = (*c)->env;
	free_bits(*c);
	ota__free(&env, (*c)->t);
	ota_mesh_msg_free(&(*c)->m);
	(*c)->magic = 0;
	ota__free(&env, *c);
	*c = NULL;
}

int
ota__bc_ok(const struct ota_blob_cli *c)
{
	return c != NULL && c->magic == CLI_MAGIC;
}

const char *
ota_blob_cli_errmsg(const struct ota_blob_cli *c)
{
	return c_ok(c) ? c->errmsg : "";
}

static int
not_started(struct ota_blob_cli *c, const char *what)
{
	if (c->stage != G_NEW)
		return cerr(c, OTA_E_STATE, "%s: the transfer has started", what);
	return OTA_OK;
}

int
ota_blob_cli_set_blob(struct ota_blob_cli *c, uint64_t id, uint64_t size, ota_blob_read_fn read,
    void *ctx)
{
	int r;

	if (!c_ok(c) || read == NULL)
		return OTA_E_INVAL;
	if ((r = not_started(c, "set_blob")) != OTA_OK)
		return r;
	if (size == 0 || size > UINT32_MAX)
		return cerr(c, OTA_E_RANGE, "set_blob: a BLOB of %llu octets (1..4294967295)",
		    (unsigned long long)size);
	c->id = id;
	c->size = size;
	c->read = read;
	c->rctx = ctx;
	return OTA_OK;
}

int
ota_blob_cli_set_params(struct ota_blob_cli *c, const struct ota_blob_params *p)
{
	struct ota_blob_params q;
	int r;

	if (!c_ok(c) || p == NULL)
		return OTA_E_INVAL;
	if ((r = not_started(c, "set_params")) != OTA_OK)
		return r;
	q = *p;
	if (q.block_log == 0)
		q.block_log = 12;
	if (q.chunk_size == 0)
		q.chunk_size = 65;
	if (q.ttl == 0)
		q.ttl = 5;
	if (q.mtu == 0)
		q.mtu = OTA_MESH_MSG_MAX;
	if (q.retry_ms == 0)
		q.retry_ms = 2000;
	if ((q.flags & ~OTA_BLOB_F_STRICT) != 0)
		return cerr(c, OTA_E_RANGE, "set_params: unknown flags 0x%lx",
		    (unsigned long)(q.flags & ~OTA_BLOB_F_STRICT));
	if (q.block_log < 6 || q.block_log > 32 || q.chunk_size > OTA_MESH_MSG_MAX - 3u ||
	    q.mtu < 20 || q.ttl > 127)
		return cerr(c, OTA_E_RANGE, "set_params: block log %u (6..32), chunk size %u "
		    "(1..%u), MTU %u (20..), TTL %u (0..127)", q.block_log, q.chunk_size,
		    OTA_MESH_MSG_MAX - 3u, q.mtu, q.ttl);
	c->p = q;
	return OTA_OK;
}

int
ota_blob_cli_set_plan(struct ota_blob_cli *c, const struct ota_blob_plan_result *pr)
{
	struct ota_blob_params q;

	if (!c_ok(c) || pr == NULL)
		return OTA_E_INVAL;
	q = c->p;
	q.block_log = pr->block_log;
	q.chunk_size = pr->chunk_size;
	return ota_blob_cli_set_params(c, &q);
}

int
ota_blob_cli_add_target(struct ota_blob_cli *c, uint16_t addr, uint8_t mode, size_t *index)
{
	struct tgt *nt;
	size_t i;
	int r;

	if (!c_ok(c))
		return OTA_E_INVAL;
	if ((r = not_started(c, "add_target")) != OTA_OK)
		return r;
	if (addr == 0 || addr > 0x7FFFu)
		return cerr(c, OTA_E_RANGE, "add_target: 0x%04x is not a unicast address", addr);
	if (mode != OTA_BLOB_MODE_PUSH && mode != OTA_BLOB_MODE_PULL)
		return cerr(c, OTA_E_RANGE, "add_target 0x%04x: mode %u (1 push, 2 pull)", addr,
		    mode);
	for (i = 0; i < c->nt; i++)
		if (c->t[i].addr == addr)
			return cerr(c, OTA_E_INVAL, "add_target: 0x%04x is already target %zu",
			    addr, i);
	if (c->nt == MAX_TARGETS)
		return cerr(c, OTA_E_LIMIT, "add_target: more than %u targets", MAX_TARGETS);
	if (c->nt == c->cap) {
		size_t ncap = c->cap ? c->cap * 2 : 8;

		if ((nt = ota__realloc(&c->env, c->t, ncap * sizeof(*nt))) == NULL)
			return cerr(c, OTA_E_NOMEM, "add_target: out of memory");
		c->t = nt;
		c->cap = ncap;
	}
	memset(&c->t[c->nt], 0, sizeof(c->t[c->nt]));
	c->t[c->nt].addr = addr;
	c->t[c->nt].mode = mode;
	c->t[c->nt].deadline = UINT64_MAX;
	if (index != NULL)
		*index = c->nt;
	c->nt++;
	return OTA_OK;
}

int
ota_blob_cli_set_group(struct ota_blob_cli *c, uint16_t group)
{
	int r;

	if (!c_ok(c))
		return OTA_E_INVAL;
	if ((r = not_started(c, "set_group")) != OTA_OK)
		return r;
	if (group != 0 && group < 0x8000u)
		return cerr(c, OTA_E_RANGE, "set_group: 0x%04x is a unicast address", group);
	c->group = group;
	return OTA_OK;
}

/* ---- target states ---- */

void
ota__bc_ask(struct ota_blob_cli *c, struct tgt *t, enum step st, enum req rq, uint64_t now)
{
	t->step = st;
	t->req = rq;
	t->retry_at = now;
	t->deadline = rq == R_NONE ? UINT64_MAX : now + c->timeout;
}

void
ota__bc_fail(struct tgt *t, int state, int err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ota__vformat(t->reason, sizeof(t->reason), fmt, ap);
	va_end(ap);
	t->state = state;
	t->err = err;
	t->step = S_IDLE;
	t->req = R_NONE;
	t->deadline = UINT64_MAX;
}

const char *
ota__bc_req(enum req r)
{
	static const char *const n[] = { "", "Transfer Start", "Transfer Get", "Block Start",
		"Block Get", "Transfer Cancel" };

	return n[r];
}

int
ota_blob_cli_start(struct ota_blob_cli *c, uint64_t now_ms)
{
	size_t i, nb, nc;
	uint64_t cpb;
	int r;

	if (!c_ok(c))
		return OTA_E_INVAL;
	if ((r = not_started(c, "start")) != OTA_OK)
		return r;
	if (c->read == NULL || c->nt == 0)
		return cerr(c, OTA_E_STATE, "start: %s", c->read == NULL ? "no BLOB set" :
		    "no targets");
	c->nblocks = ota__blob_block_count(c->size, c->p.block_log);
	cpb = (((uint64_t)1 << c->p.block_log) + c->p.chunk_size - 1) / c->p.chunk_size;
	if (c->size < ((uint64_t)1 << c->p.block_log))
		cpb = (c->size + c->p.chunk_size - 1) / c->p.chunk_size;
	if (c->nblocks > OTA_BLOB_MAX_BLOCKS || cpb > 0xFFFFu)
		return cerr(c, OTA_E_LIMIT, "start: %lu blocks (at most %u) of %llu chunks (at "
		    "most 65535)", (unsigned long)c->nblocks, OTA_BLOB_MAX_BLOCKS,
		    (unsigned long long)cpb);
	c->cpb = (uint32_t)cpb;
	nb = OTA_BLOB_BITS_LEN(c->nblocks);
	nc = OTA_BLOB_BITS_LEN(c->cpb);
	free_bits(c);
	for (i = 0; i < c->nt; i++) {
		struct tgt *t = &c->t[i];

		if ((t->need = ota__zalloc(&c->env, nb + 2 * nc)) == NULL) {
			free_bits(c);
			return cerr(c, OTA_E_NOMEM, "start: out of memory");
		}
		t->missing = t->need + nb;
		t->ask = t->missing + nc;
		ota__bits_fill(t->need, c->nblocks);
	}
	c->timeout = ota_blob_client_timeout_ms(c->p.timeout_base, c->p.ttl);
	for (i = 0; i < c->nt; i++) {
		c->t[i].state = OTA_BLOB_TARGET_ACTIVE;
		c->t[i].err = OTA_OK;
		c->t[i].reason[0] = '\0';
		ask(c, &c->t[i], S_START, R_START, now_ms);
	}
	c->stage = G_XFER;
	c->chunk_at = now_ms;
	return OTA_OK;
}

int
ota_blob_cli_cancel(struct ota_blob_cli *c, uint64_t now_ms)
{
	size_t i;

	if (!c_ok(c))
		return OTA_E_INVAL;
	if (c->stage == G_NEW)
		return cerr(c, OTA_E_STATE, "cancel: the transfer has not started");
	for (i = 0; i < c->nt; i++) {
		struct tgt *t = &c->t[i];

		if (t->state != OTA_BLOB_TARGET_ACTIVE)
			continue;
		fail(t, OTA_BLOB_TARGET_CANCELLED, OTA_E_CANCELLED, "cancelled by the client");
		ask(c, t, S_CANCEL, R_CANCEL, now_ms);
	}
	c->stage = G_END;
	c->round = 0;
	return OTA_OK;
}

int
ota_blob_cli_resume(struct ota_blob_cli *c, uint64_t now_ms)
{
	size_t i;

	if (!c_ok(c))
		return OTA_E_INVAL;
	if (c->stage == G_NEW)
		return cerr(c, OTA_E_STATE, "resume: the transfer has not started");
	for (i = 0; i < c->nt; i++) {
		struct tgt *t = &c->t[i];

		if (t->state == OTA_BLOB_TARGET_ACTIVE || (t->state == OTA_BLOB_TARGET_FAILED &&
		    t->err == OTA_E_BLOB_TIMEOUT)) {
			t->state = OTA_BLOB_TARGET_ACTIVE;
			t->err = OTA_OK;
			t->reason[0] = '\0';
			ask(c, t, S_GET, R_GET, now_ms);
		}
	}
	c->stage = G_CHECK;
	c->round = 0;
	return OTA_OK;
}

int
ota_blob_cli_done(const struct ota_blob_cli *c)
{
	size_t i;

	if (!c_ok(c) || c->stage == G_NEW)
		return 0;
	for (i = 0; i < c->nt; i++)
		if (c->t[i].state == OTA_BLOB_TARGET_ACTIVE)
			return 0;
	return 1;
}

size_t
ota_blob_cli_target_count(const struct ota_blob_cli *c)
{
	return c_ok(c) ? c->nt : 0;
}

uint32_t
ota_blob_cli_blocks(const struct ota_blob_cli *c)
{
	return c_ok(c) && c->stage != G_NEW ? c->nblocks : 0;
}

int
ota_blob_cli_target(const struct ota_blob_cli *c, size_t i, struct ota_blob_target_info *info)
{
	const struct tgt *t;

	if (!c_ok(c) || info == NULL)
		return OTA_E_INVAL;
	if (i >= c->nt)
		return OTA_E_RANGE;
	t = &c->t[i];
	memset(info, 0, sizeof(*info));
	info->addr = t->addr;
	info->mode = t->mode;
	info->state = t->state;
	info->err = t->err;
	info->status = t->status;
	info->phase = t->phase;
	info->lenient = t->lenient;
	if (t->need != NULL)
		info->blocks_done = c->nblocks - ota__bits_count(t->need, c->nblocks);
	memcpy(info->reason, t->reason, sizeof(info->reason));
	return OTA_OK;
}

/* ---- the transfer ---- */

static int
any_step(const struct ota_blob_cli *c, enum step st, int mode)
{
	size_t i;

	for (i = 0; i < c->nt; i++)
		if (c->t[i].state == OTA_BLOB_TARGET_ACTIVE && c->t[i].step == st &&
		    (mode == 0 || c->t[i].mode == mode))
			return 1;
	return 0;
}

static void
next_block(struct ota_blob_cli *c, uint64_t now)
{
	uint32_t b;
	size_t i;
	int any = 0;

	for (b = 0; b < c->nblocks && !any; b++)
		for (i = 0; i < c->nt && !any; i++)
			if (c->t[i].state == OTA_BLOB_TARGET_ACTIVE &&
			    ota__bit_get(c->t[i].need, b))
				any = 1;
	if (!any) { /* every active target has every block: confirm */
		for (i = 0; i < c->nt; i++)
			if (c->t[i].state == OTA_BLOB_TARGET_ACTIVE)
				ask(c, &c->t[i], S_GET, R_GET, now);
		c->stage = G_CHECK;
		return;
	}
	c->cur = b - 1;
	c->bsize = ota__blob_block_size(c->size, c->p.block_log, c->cur);
	c->nchunks = (c->bsize + c->p.chunk_size - 1u) / c->p.chunk_size;
	c->round = 0;
	for (i = 0; i < c->nt; i++) {
		struct tgt *t = &c->t[i];

		if (t->state != OTA_BLOB_TARGET_ACTIVE)
			continue;
		memset(t->missing, 0, OTA_BLOB_BITS_LEN(c->cpb));
		memset(t->ask, 0, OTA_BLOB_BITS_LEN(c->cpb));
		if (ota__bit_get(t->need, c->cur))
			ask(c, t, S_BSTART, R_BSTART, now);
		else
			ask(c, t, S_IDLE, R_NONE, now);
	}
	c->stage = G_BLOCK;
}

/* Move the transfer on as far as the targets' states allow. */
static void
advance(struct ota_blob_cli *c, uint64_t now)
{
	size_t i;
	int k;

	for (k = 0; k < 4; k++) {
		switch (c->stage) {
		case G_XFER:
			if (any_step(c, S_START, 0) || any_step(c, S_GET, 0))
				return;
			next_block(c, now);
			break;
		case G_CHECK:
			if (any_step(c, S_GET, 0) || any_step(c, S_START, 0))
				return;
			c->stage = ota_blob_cli_done(c) ? G_END : G_XFER;
			if (c->stage == G_END)
				return;
			break;
		case G_BLOCK:
			if (!c->round && !any_step(c, S_BSTART, OTA_BLOB_MODE_PUSH) &&
			    !any_step(c, S_BGET, OTA_BLOB_MODE_PUSH) &&
			    any_step(c, S_CHUNKS, OTA_BLOB_MODE_PUSH)) {
				c->round = 1;
				c->cursor = 0;
				c->ucursor = 0;
			}
			if (any_step(c, S_BSTART, 0) || any_step(c, S_CHUNKS, 0) ||
			    any_step(c, S_BGET, 0))
				return;
			for (i = 0; i < c->nt; i++)
				if (c->t[i].state == OTA_BLOB_TARGET_ACTIVE &&
				    c->t[i].step == S_BDONE) {
					ota__bit_set(c->t[i].need, c->cur, 0);
					c->t[i].step = S_IDLE;
				}
			c->stage = G_XFER;
			break;
		default:
			return;
		}
	}
}

static int
build(struct ota_blob_cli *c, uint32_t op, struct ota_blob_out *out, uint16_t dst)
{
	size_t n = sizeof(out->buf);
	int r;

	if ((r = ota_mesh_msg_encode(c->m, out->buf, &n)) != OTA_OK)
		return cerr(c, r, "encoding 0x%04lx: %s", (unsigned long)op,
		    ota_mesh_msg_errmsg(c->m));
	out->len = n;
	out->dst = dst;
	return 1;
}

static int
send_req(struct ota_blob_cli *c, struct tgt *t, struct ota_blob_out *out)
{
	static const uint32_t ops[] = { 0, OTA_MESH_OP_BLOB_TRANSFER_START,
		OTA_MESH_OP_BLOB_TRANSFER_GET, OTA_MESH_OP_BLOB_BLOCK_START,
		OTA_MESH_OP_BLOB_BLOCK_GET, OTA_MESH_OP_BLOB_TRANSFER_CANCEL };
	uint32_t op = ops[t->req];
	int r = ota_mesh_msg_init(c->m, op);

	if (r == OTA_OK && t->req == R_START) {
		r = ota_mesh_msg_set_uint(c->m, "mode", t->mode);
		if (r == OTA_OK)
			r = ota_mesh_msg_set_uint(c->m, "blob_id", c->id);
		if (r == OTA_OK)
			r = ota_mesh_msg_set_uint(c->m, "blob_size", c->size);
		if (r == OTA_OK)
			r = ota_mesh_msg_set_uint(c->m, "block_size_log", c->p.block_log);
		if (r == OTA_OK)
			r = ota_mesh_msg_set_uint(c->m, "client_mtu", c->p.mtu);
	} else if (r == OTA_OK && t->req == R_BSTART) {
		r = ota_mesh_msg_set_uint(c->m, "block_number", c->cur);
		if (r == OTA_OK)
			r = ota_mesh_msg_set_uint(c->m, "chunk_size", c->p.chunk_size);
	} else if (r == OTA_OK && t->req == R_CANCEL) {
		r = ota_mesh_msg_set_uint(c->m, "blob_id", c->id);
	}
	if (r != OTA_OK)
		return cerr(c, r, "%s: %s", req_name(t->req), ota_mesh_msg_errmsg(c->m));
	return build(c, op, out, t->addr);
}

static int
send_chunk(struct ota_blob_cli *c, uint32_t idx, uint16_t dst, struct ota_blob_out *out,
    uint64_t now)
{
	uint8_t data[OTA_MESH_MSG_MAX];
	uint32_t len = idx == c->nchunks - 1u ? c->bsize - idx * c->p.chunk_size : c->p.chunk_size;
	uint64_t off = ((uint64_t)c->cur << c->p.block_log) + (uint64_t)idx * c->p.chunk_size;
	size_t i;
	int r;

	if (c->read(c->rctx, off, data, len) != 0) {
		for (i = 0; i < c->nt; i++)
			if (c->t[i].state == OTA_BLOB_TARGET_ACTIVE)
				fail(&c->t[i], OTA_BLOB_TARGET_FAILED, OTA_E_IO,
				    "reading the BLOB at %llu failed", (unsigned long long)off);
		c->stage = G_END;
		return cerr(c, OTA_E_IO, "reading %lu octets of the BLOB at %llu failed",
		    (unsigned long)len, (unsigned long long)off);
	}
	r = ota_mesh_msg_init(c->m, OTA_MESH_OP_BLOB_CHUNK_TRANSFER);
	if (r == OTA_OK)
		r = ota_mesh_msg_set_uint(c->m, "chunk_number", idx);
	if (r == OTA_OK)
		r = ota_mesh_msg_set_bytes(c->m, "chunk_data", data, len);
	if (r != OTA_OK)
		return cerr(c, r, "Chunk Transfer: %s", ota_mesh_msg_errmsg(c->m));
	c->chunk_at = now + c->p.chunk_gap_ms;
	return build(c, OTA_MESH_OP_BLOB_CHUNK_TRANSFER, out, dst);
}

/* The next push chunk of the round: 1 with *out, 0 at the end of the round. */
static int
push_chunk(struct ota_blob_cli *c, struct ota_blob_out *out, uint64_t now)
{
	size_t i;

	for (; c->cursor < c->nchunks; c->cursor++, c->ucursor = 0) {
		for (i = c->ucursor; i < c->nt; i++) {
			struct tgt *t = &c->t[i];

			if (t->state != OTA_BLOB_TARGET_ACTIVE || t->mode != OTA_BLOB_MODE_PUSH ||
			    t->step != S_CHUNKS || !ota__bit_get(t->missing, c->cursor))
				continue;
			if (c->group != 0) {
				c->ucursor = 0;
				return send_chunk(c, c->cursor++, c->group, out, now);
			}
			c->ucursor = i + 1;
			return send_chunk(c, c->cursor, t->addr, out, now);
		}
	}
	/* the round is over: ask every push target what it still lacks */
	c->round = 0;
	for (i = 0; i < c->nt; i++)
		if (c->t[i].state == OTA_BLOB_TARGET_ACTIVE && c->t[i].mode == OTA_BLOB_MODE_PUSH &&
		    c->t[i].step == S_CHUNKS)
			ask(c, &c->t[i], S_BGET, R_BGET, now);
	return 0;
}

/* The next chunk a pull target asked for, round robin. */
static int
pull_chunk(struct ota_blob_cli *c, struct ota_blob_out *out, uint64_t now)
{
	size_t k, i;
	uint32_t j;

	for (k = 0; k < c->nt; k++) {
		struct tgt *t = &c->t[(c->pr + k) % c->nt];

		if (t->state != OTA_BLOB_TARGET_ACTIVE || t->mode != OTA_BLOB_MODE_PULL ||
		    t->step != S_CHUNKS)
			continue;
		for (j = 0; j < c->nchunks; j++)
			if (ota__bit_get(t->ask, j))
				break;
		if (j == c->nchunks)
			continue;
		ota__bit_set(t->ask, j, 0);
		i = (c->pr + k) % c->nt;
		c->pr = i + 1;
		if (ota__bits_count(t->ask, c->nchunks) == 0) {
			/* all sent: a Block Get if no report comes */
			t->req = R_BGET;
			t->retry_at = now + c->p.retry_ms;
		}
		return send_chunk(c, j, t->addr, out, now);
	}
	return 0;
}

static int
chunk_ready(const struct ota_blob_cli *c)
{
	size_t i;

	if (c->stage != G_BLOCK)
		return 0;
	if (c->round)
		return 1;
	for (i = 0; i < c->nt; i++)
		if (c->t[i].state == OTA_BLOB_TARGET_ACTIVE && c->t[i].mode == OTA_BLOB_MODE_PULL &&
		    c->t[i].step == S_CHUNKS && ota__bits_count(c->t[i].ask, c->nchunks) > 0)
			return 1;
	return 0;
}

int
ota_blob_cli_poll(struct ota_blob_cli *c, uint64_t now_ms, struct ota_blob_out *out,
    uint64_t *next_ms)
{
	uint64_t next = UINT64_MAX;
	size_t i, k;
	int r;

	if (!c_ok(c) || out == NULL || next_ms == NULL)
		return OTA_E_INVAL;
	*next_ms = UINT64_MAX;
	if (c->stage == G_NEW)
		return 0;
	for (i = 0; i < c->nt; i++) {
		struct tgt *t = &c->t[i];

		if (t->deadline > now_ms)
			continue;
		if (t->state == OTA_BLOB_TARGET_ACTIVE)
			fail(t, OTA_BLOB_TARGET_FAILED, OTA_E_BLOB_TIMEOUT,
			    "no answer to %s within %llu ms",
			    req_name(t->req != R_NONE ? t->req : R_BGET),
			    (unsigned long long)c->timeout);
		else {
			t->req = R_NONE;
			t->deadline = UINT64_MAX;
		}
	}
	advance(c, now_ms);
	/* requests first: they are few and unblock the targets */
	for (k = 0; k < c->nt; k++) {
		i = (c->rr + k) % c->nt;
		if (c->t[i].req == R_NONE)
			continue;
		if (c->t[i].retry_at <= now_ms) {
			c->rr = i + 1;
			c->t[i].retry_at = now_ms + c->p.retry_ms;
			r = send_req(c, &c->t[i], out);
			*next_ms = now_ms;
			return r;
		}
		if (c->t[i].retry_at < next)
			next = c->t[i].retry_at;
	}
	if (chunk_ready(c)) {
		if (c->chunk_at <= now_ms) {
			/* push and pull chunks take turns */
			c->turn ^= 1;
			r = c->turn ? pull_chunk(c, out, now_ms) : 0;
			if (r == 0 && c->round)
				r = push_chunk(c, out, now_ms);
			if (r == 0)
				r = pull_chunk(c, out, now_ms);
			if (r != 0) {
				*next_ms = now_ms;
				return r;
			}
			/* the round just ended: Block Gets are due now */
			*next_ms = now_ms;
			return 0;
		}
		if (c->chunk_at < next)
			next = c->chunk_at;
	}
	for (i = 0; i < c->nt; i++)
		if (c->t[i].deadline < next)
			next = c->t[i].deadline;
	*next_ms = next;
	return 0;
}
