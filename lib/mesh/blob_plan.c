/* blob_plan.c - plan a BLOB transfer (Mesh Binary Large Object Transfer) to
 * a set of targets from their BLOB Information Status, the client's limits
 * and which targets are Low Power nodes (libotaimg-mesh-msg(3), BLOB
 * TRANSFER PLANNER).  The arithmetic follows mesh-dfu.md 4.4: intersect the
 * capabilities (Zephyr blob_cli.c caps_adjust), chunk size within every
 * server's MTU and, for a Low Power node, its Friend queue (FriendQueue x 12
 * - 11, zephyrproject-rtos/zephyr#93335), block size log shrunk from the
 * largest until a block fits the chunk count (caps_collected). */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "ota_private.h"
#include "msg_int.h"

#define OTA_BLOB_PLAN_MAGIC 0x4f54424cu /* "OTBL" */
#define MAX_TARGETS 65535u

struct target {
	struct ota_blob_caps caps;
	uint16_t queue;
	size_t group;
};

struct ota_blob_plan {
	uint32_t magic;
	uint64_t size;
	uint16_t cl_chunk, cl_mtu, cl_chunks;
	struct ota_blob_timing timing;
	struct target *t;
	size_t nt, cap;
	struct ota_blob_plan_result res[2];
	size_t ngroups;
	int done;
	char errmsg[OTA_MSG_LEN];
	struct ota_env env;
};

struct ota_blob_plan *
ota_blob_plan_new(void)
{
	return ota_blob_plan_new_ctx(NULL);
}

struct ota_blob_plan *
ota_blob_plan_new_ctx(const struct ota_ctx *ctx)
{
	struct ota_env env;
	struct ota_blob_plan *p;

	ota__env_from(&env, ctx);
	if ((p = ota__zalloc(&env, sizeof(*p))) == NULL)
		return NULL;
	p->magic = OTA_BLOB_PLAN_MAGIC;
	p->env = env;
	return p;
}

void
ota_blob_plan_free(struct ota_blob_plan **p)
{
	struct ota_env env;

	if (p == NULL || *p == NULL)
		return;
	env = (*p)->env;
	ota__free(&env, (*p)->t);
	(*p)->magic = 0;
	ota__free(&env, *p);
	*p = NULL;
}

static int
p_ok(const struct ota_blob_plan *p)
{
	return p != NULL && p->magic == OTA_BLOB_PLAN_MAGIC;
}

const char *
ota_blob_plan_errmsg(const struct ota_blob_plan *p)
{
	return p_ok(p) ? p->errmsg : "";
}

static int perr(struct ota_blob_plan *p, int err, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int
perr(struct ota_blob_plan *p, int err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ota__vformat(p->errmsg, sizeof(p->errmsg), fmt, ap);
	va_end(ap);
	ota__log(&p->env, "%s", p->errmsg);
	return err;
}

int
ota_blob_caps_from_msg(const struct ota_mesh_msg *m, struct ota_blob_caps *caps)
{
	static const char *const k[7] = { "min_block_size_log", "max_block_size_log",
		"max_total_chunks", "max_chunk_size", "max_blob_size", "server_mtu",
		"supported_modes" };
	uint64_t v[7];
	size_t i;

	if (caps == NULL || ota_mesh_msg_opcode(m) != OTA_MESH_OP_BLOB_INFORMATION_STATUS)
		return OTA_E_INVAL;
	for (i = 0; i < 7; i++)
		if (ota_mesh_msg_get_uint(m, k[i], &v[i]) != OTA_OK)
			return OTA_E_INVAL;
	caps->min_block_log = (uint8_t)v[0];
	caps->max_block_log = (uint8_t)v[1];
	caps->max_chunks = (uint16_t)v[2];
	caps->max_chunk_size = (uint16_t)v[3];
	caps->max_blob_size = (uint32_t)v[4];
	caps->mtu = (uint16_t)v[5];
	caps->modes = (uint8_t)v[6];
	return OTA_OK;
}

int
ota_blob_plan_set_size(struct ota_blob_plan *p, uint64_t size)
{
	if (!p_ok(p))
		return OTA_E_INVAL;
	if (size == 0 || size > UINT32_MAX)
		return perr(p, OTA_E_RANGE, "a BLOB of %llu octets: the size is 1..4294967295",
		    (unsigned long long)size);
	p->size = size;
	p->done = 0;
	return OTA_OK;
}

int
ota_blob_plan_set_client(struct ota_blob_plan *p, uint16_t max_chunk_size, uint16_t mtu,
    uint16_t max_chunks)
{
	if (!p_ok(p))
		return OTA_E_INVAL;
	p->cl_chunk = max_chunk_size;
	p->cl_mtu = mtu;
	p->cl_chunks = max_chunks;
	p->done = 0;
	return OTA_OK;
}

int
ota_blob_plan_set_timing(struct ota_blob_plan *p, const struct ota_blob_timing *t)
{
	if (!p_ok(p) || t == NULL)
		return OTA_E_INVAL;
	p->timing = *t;
	p->done = 0;
	return OTA_OK;
}

int
ota_blob_plan_add_target(struct ota_blob_plan *p, const struct ota_blob_caps *caps,
    uint16_t friend_queue, size_t *index)
{
	struct target *nt;
	size_t cap;

	if (!p_ok(p) || caps == NULL)
		return OTA_E_INVAL;
	if (p->nt == MAX_TARGETS)
		return perr(p, OTA_E_LIMIT, "more than %u targets", MAX_TARGETS);
	if (p->nt == p->cap) {
		cap = p->cap == 0 ? 8 : p->cap * 2;
		if ((nt = ota__realloc(&p->env, p->t, cap * sizeof(*nt))) == NULL)
			return OTA_E_NOMEM;
		p->t = nt;
		p->cap = cap;
	}
	memset(&p->t[p->nt], 0, sizeof(p->t[p->nt]));
	p->t[p->nt].caps = *caps;
	p->t[p->nt].queue = friend_queue;
	if (index != NULL)
		*index = p->nt;
	p->nt++;
	p->done = 0;
	return OTA_OK;
}

static uint64_t
div_up(uint64_t a, uint64_t b)
{
	return (a + b - 1) / b;
}

static uint32_t
dflt(uint32_t v, uint32_t d)
{
	return v != 0 ? v : d;
}

/* The plan of group g (its targets have group == g) in mode. */
static int
plan_group(struct ota_blob_plan *p, size_t g, uint8_t mode)
{
	struct ota_blob_plan_result *r = &p->res[g];
	size_t i, a = SIZE_MAX, b = SIZE_MAX, n = 0, lpns = 0;
	uint64_t minlog = 0, maxlog = 64, C = 0xFFFF, S = 0xFFFF, mtu = 0xFFFF, cs, lim;
	uint64_t bs, last, per, lastc, ctl, pdu, t;
	const char *why = "";
	unsigned log;

	memset(r, 0, sizeof(*r));
	if (p->cl_chunks != 0)
		C = p->cl_chunks;
	if (p->cl_chunk != 0)
		S = p->cl_chunk;
	for (i = 0; i < p->nt; i++) {
		const struct ota_blob_caps *c = &p->t[i].caps;

		if (p->t[i].group != g)
			continue;
		n++;
		if (p->size > c->max_blob_size)
			return perr(p, OTA_E_NO_PLAN, "target %zu: the BLOB of %llu octets is larger "
			    "than its max BLOB size %u", i, (unsigned long long)p->size,
			    (unsigned)c->max_blob_size);
		if (c->min_block_log > c->max_block_log || c->min_block_log < 6 ||
		    c->max_block_log > 32 || c->max_chunks == 0 || c->max_chunk_size < 8 ||
		    c->mtu < 20)
			return perr(p, OTA_E_NO_PLAN, "target %zu: its BLOB Information Status is "
			    "out of range", i);
		if (a == SIZE_MAX || c->min_block_log > minlog) {
			minlog = c->min_block_log;
			a = i;
		}
		if (b == SIZE_MAX || c->max_block_log < maxlog) {
			maxlog = c->max_block_log;
			b = i;
		}
		if (c->max_chunks < C)
			C = c->max_chunks;
		if (c->max_chunk_size < S)
			S = c->max_chunk_size;
		if (c->mtu < mtu)
			mtu = c->mtu;
		if (p->t[i].queue != 0)
			lpns++;
	}
	if (n == 0)
		return perr(p, OTA_E_NO_PLAN, "group %zu has no targets", g);
	if (minlog > maxlog)
		return perr(p, OTA_E_NO_PLAN, "no common block size: target %zu needs blocks of at "
		    "least 2^%llu octets, target %zu takes at most 2^%llu", a,
		    (unsigned long long)minlog, b, (unsigned long long)maxlog);
	/* a Chunk Transfer (opcode, number, data) must fit every server's MTU */
	cs = S < mtu - 3 ? S : mtu - 3;
	for (i = 0; i < p->nt; i++) {
		if (p->t[i].group != g || p->t[i].queue == 0)
			continue;
		lim = (uint64_t)p->t[i].queue * 12u;
		lim = lim > 11 ? lim - 11 : 0;
		if (lim < 8)
			return perr(p, OTA_E_NO_PLAN, "target %zu: a Friend queue of %u holds no chunk "
			    "(FriendQueue x 12 - 11 = %llu, under 8 octets)", i,
			    (unsigned)p->t[i].queue, (unsigned long long)lim);
		if (lim < cs)
			cs = lim;
	}
	if (cs < 8)
		return perr(p, OTA_E_NO_PLAN, "chunks of %llu octets are too small (the MTU or "
		    "chunk size of a target or the client)", (unsigned long long)cs);
	/* the largest block that fits C chunks and, for the client, one Block Status */
	for (log = (unsigned)maxlog; log > minlog; log--) {
		per = div_up((uint64_t)1 << log, cs);
		if (per <= C && (p->cl_mtu == 0 || 6 + div_up(per, 8) <= p->cl_mtu))
			break;
	}
	per = div_up((uint64_t)1 << log, cs);
	if (per > C) {
		why = "chunks per block";
	} else if (p->cl_mtu != 0 && 6 + div_up(per, 8) > p->cl_mtu) {
		why = "the Block Status bitmap for the client MTU";
	}
	if (*why != '\0')
		return perr(p, OTA_E_NO_PLAN, "even the smallest common block (2^%u octets, from "
		    "target %zu) needs %llu chunks of %llu octets: too many %s", log, a,
		    (unsigned long long)per, (unsigned long long)cs, why);
	bs = (uint64_t)1 << log;
	r->mode = mode;
	r->block_log = (uint8_t)log;
	r->chunk_size = (uint16_t)cs;
	r->block_size = bs > UINT32_MAX ? UINT32_MAX : (uint32_t)bs;
	r->blocks = (uint32_t)div_up(p->size, bs);
	last = p->size - (uint64_t)(r->blocks - 1) * bs;
	r->last_block_size = (uint32_t)last;
	r->chunks_per_block = (uint32_t)per;
	lastc = div_up(last, cs);
	r->last_block_chunks = (uint32_t)lastc;
	r->chunks = (uint64_t)(r->blocks - 1) * per + lastc;
	r->chunk_messages = mode == OTA_BLOB_MODE_PULL ? r->chunks * n : r->chunks;
	r->segments_per_chunk = cs + 7 <= 15 ? 1u : (uint32_t)div_up(cs + 7, 12);
	r->segments = r->chunk_messages * r->segments_per_chunk;
	r->targets = n;
	/* per target: Information Get/Status, Transfer Start/Status, then per
	 * block Block Start/Status and, in push mode, Block Get/Status; in pull
	 * mode one Partial Block Report per pull_chunks chunks */
	per = dflt(p->timing.pull_chunks, 4);
	ctl = 4 + (uint64_t)r->blocks * (mode == OTA_BLOB_MODE_PUSH ? 4u : 2u);
	if (mode == OTA_BLOB_MODE_PULL)
		ctl += (uint64_t)(r->blocks - 1) * div_up(r->chunks_per_block, per) +
		    div_up(lastc, per);
	r->control_messages = ctl * n;
	pdu = dflt(p->timing.pdu_interval_ms, 50);
	t = r->segments * pdu + r->chunk_messages * p->timing.chunk_gap_ms +
	    r->control_messages * pdu;
	if (mode == OTA_BLOB_MODE_PULL)
		t += lpns * div_up(r->chunks, per) * dflt(p->timing.poll_ms, 1000);
	r->time_ms = t;
	return OTA_OK;
}

static const char *
modes_text(uint8_t m)
{
	return m == 1 ? "push only" : m == 2 ? "pull only" : m == 3 ? "push and pull" : "no mode";
}

int
ota_blob_plan_compute(struct ota_blob_plan *p, unsigned flags)
{
	size_t i, lpn = SIZE_MAX, pushonly = SIZE_MAX, pullonly = SIZE_MAX;
	uint8_t all = 3, mode[2] = { OTA_BLOB_MODE_PUSH, OTA_BLOB_MODE_PULL };
	int r, split = 0;

	if (!p_ok(p))
		return OTA_E_INVAL;
	p->done = 0;
	p->ngroups = 0;
	if (p->size == 0 || p->nt == 0)
		return perr(p, OTA_E_STATE, "a plan needs the BLOB size and at least one target");
	for (i = 0; i < p->nt; i++) {
		uint8_t m = p->t[i].caps.modes & 3u;

		if (m == 0)
			return perr(p, OTA_E_NO_PLAN, "target %zu supports no transfer mode", i);
		if (p->t[i].queue != 0 && !(m & OTA_BLOB_MODE_PULL))
			return perr(p, OTA_E_NO_PLAN, "target %zu is a Low Power node (Friend queue "
			    "%u) but supports push only; a Low Power node needs pull mode", i,
			    (unsigned)p->t[i].queue);
		if (p->t[i].queue != 0 && lpn == SIZE_MAX)
			lpn = i;
		if (m == OTA_BLOB_MODE_PUSH && pushonly == SIZE_MAX)
			pushonly = i;
		if (m == OTA_BLOB_MODE_PULL && pullonly == SIZE_MAX)
			pullonly = i;
		all &= m;
	}
	/* one group: pull if any target is a Low Power node, else push if all can */
	if (lpn != SIZE_MAX && (all & OTA_BLOB_MODE_PULL))
		mode[0] = OTA_BLOB_MODE_PULL;
	else if (lpn == SIZE_MAX && (all & OTA_BLOB_MODE_PUSH))
		mode[0] = OTA_BLOB_MODE_PUSH;
	else if (lpn == SIZE_MAX && all == OTA_BLOB_MODE_PULL)
		mode[0] = OTA_BLOB_MODE_PULL;
	else if (!(flags & OTA_BLOB_PLAN_SPLIT) && lpn != SIZE_MAX)
		return perr(p, OTA_E_NO_PLAN, "no common mode: target %zu (%s) cannot take the "
		    "pull mode that Low Power node target %zu needs", pushonly,
		    modes_text(p->t[pushonly].caps.modes), lpn);
	else if (!(flags & OTA_BLOB_PLAN_SPLIT))
		return perr(p, OTA_E_NO_PLAN, "no common mode: target %zu supports push only, "
		    "target %zu pull only", pushonly, pullonly);
	else
		split = 1;
	for (i = 0; i < p->nt; i++) {
		/* split: pull for the Low Power nodes and whoever cannot push */
		p->t[i].group = split && (p->t[i].queue != 0 ||
		    !(p->t[i].caps.modes & OTA_BLOB_MODE_PUSH)) ? 1 : 0;
	}
	if (split)
		mode[0] = OTA_BLOB_MODE_PUSH;
	p->ngroups = split ? 2 : 1;
	for (i = 0; i < 2 && i < p->ngroups; i++)
		if ((r = plan_group(p, i, mode[i])) != OTA_OK) {
			p->ngroups = 0;
			return r;
		}
	p->done = 1;
	return OTA_OK;
}

size_t
ota_blob_plan_group_count(const struct ota_blob_plan *p)
{
	return p_ok(p) && p->done ? p->ngroups : 0;
}

int
ota_blob_plan_group(const struct ota_blob_plan *p, size_t group, struct ota_blob_plan_result *r)
{
	if (!p_ok(p) || r == NULL)
		return OTA_E_INVAL;
	if (!p->done)
		return OTA_E_STATE;
	if (group >= p->ngroups)
		return OTA_E_NOT_FOUND;
	*r = p->res[group];
	return OTA_OK;
}

int
ota_blob_plan_target_group(const struct ota_blob_plan *p, size_t target, size_t *group)
{
	if (!p_ok(p) || group == NULL)
		return OTA_E_INVAL;
	if (!p->done)
		return OTA_E_STATE;
	if (target >= p->nt)
		return OTA_E_NOT_FOUND;
	*group = p->t[target].group;
	return OTA_OK;
}

#define JI(o, k, v) json_object_set_new(o, k, json_integer((json_int_t)(v)))

int
ota_blob_plan_write_json(const struct ota_blob_plan *p, ota_write_fn fn, void *ctx)
{
	const struct ota_blob_plan_result *r;
	json_t *o, *gs, *g, *ts;
	size_t i, j;
	int bad = 0, rc;

	if (!p_ok(p) || fn == NULL)
		return OTA_E_INVAL;
	if (!p->done)
		return OTA_E_STATE;
	if ((o = json_object()) == NULL || (gs = json_array()) == NULL) {
		json_decref(o);
		return OTA_E_NOMEM;
	}
	bad |= JI(o, "blob_size", p->size);
	bad |= json_object_set_new(o, "groups", gs);
	for (i = 0; i < p->ngroups && !bad; i++) {
		r = &p->res[i];
		g = json_object();
		ts = json_array();
		bad |= json_array_append_new(gs, g);
		bad |= json_object_set_new(g, "mode", json_string(r->mode == OTA_BLOB_MODE_PULL ?
		    "pull" : "push"));
		bad |= json_object_set_new(g, "targets", ts);
		for (j = 0; j < p->nt; j++)
			if (p->t[j].group == i)
				bad |= json_array_append_new(ts, json_integer((json_int_t)j));
		bad |= JI(g, "block_size_log", r->block_log);
		bad |= JI(g, "block_size", r->block_size);
		bad |= JI(g, "chunk_size", r->chunk_size);
		bad |= JI(g, "blocks", r->blocks);
		bad |= JI(g, "last_block_size", r->last_block_size);
		bad |= JI(g, "chunks_per_block", r->chunks_per_block);
		bad |= JI(g, "last_block_chunks", r->last_block_chunks);
		bad |= JI(g, "chunks", r->chunks);
		bad |= JI(g, "chunk_messages", r->chunk_messages);
		bad |= JI(g, "segments_per_chunk", r->segments_per_chunk);
		bad |= JI(g, "segments", r->segments);
		bad |= JI(g, "control_messages", r->control_messages);
		bad |= JI(g, "time_ms", r->time_ms);
	}
	if (bad) {
		json_decref(o);
		return OTA_E_NOMEM;
	}
	rc = ota__msg_json_dump(o, fn, ctx);
	json_decref(o);
	return rc;
}
