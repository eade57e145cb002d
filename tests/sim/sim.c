/* sim.c - a Mesh DFU distribution over an in-process mesh (sim.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim.h"

#define INITIATOR 0x7000
#define DIST 0x0001
#define GROUP 0xC123
#define LAT 20        /* ms a message travels */
#define LPN_POLL 300  /* ms between two polls of a Low Power node */
#define FQ 8          /* Friend queue, messages */
#define MAXEV 8192
#define UPLOAD_ID 0x5550504C4F414400ull
#define TB 2
#define TTL 3

struct ev {
	uint64_t at;
	uint16_t src, dst;
	size_t len;
	uint8_t buf[OTA_MESH_MSG_MAX];
};

enum role { NORMAL, UNPROV, VERIFYFAIL, MUTE, BADINDEX, REJECT };

struct tgt {
	struct ota_dfu_srv *s;
	int role;
	uint16_t addr;
	int lpn;
	uint8_t idx;
	struct ev fq[FQ];
	size_t fqn;
	uint64_t poll_at;
	uint8_t *img;
	size_t len, cap;
};

struct slotbuf {
	size_t id;
	uint8_t *p;
	size_t len, cap;
};

/* Make room for need octets in *p (doubling). */
static int
grow(uint8_t **p, size_t *cap, size_t need)
{
	size_t n = *cap ? *cap : 4096;
	uint8_t *q;

	if (need <= *cap)
		return 0;
	while (n < need)
		n *= 2;
	if ((q = realloc(*p, n)) == NULL)
		return -1;
	*p = q;
	*cap = n;
	return 0;
}

struct sim {
	const struct sim_cfg *cfg;
	struct sim_res *res;
	uint64_t rng, now;
	struct ev *ev;
	size_t head, n;
	struct tgt t[SIM_MAX];
	struct ota_dfd *d;
	struct slotbuf sl[4];
	struct ota_blob_cli *up;
	struct ota_mesh_msg *m;
};

static const uint8_t old_fwid[10] = { 0x59, 0x00, 1, 0, 0, 0, 0, 0, 0, 0 };
static const uint8_t boot_fwid[4] = { 0x59, 0x00, 'B', 'L' };

static uint64_t
rnd(struct sim *m)
{
	m->rng ^= m->rng >> 12;
	m->rng ^= m->rng << 25;
	m->rng ^= m->rng >> 27;
	return m->rng * 0x2545F4914F6CDD1Dull;
}

static int
lost(struct sim *m)
{
	return rnd(m) % 100 < m->cfg->loss;
}

static void
send_msg(struct sim *m, uint16_t src, uint16_t dst, const uint8_t *buf, size_t len)
{
	struct ev *e;

	m->res->sent++;
	if (dst != GROUP && lost(m)) {
		m->res->dropped++;
		return;
	}
	if (m->n == MAXEV) {
		m->res->dropped++;
		return;
	}
	e = &m->ev[(m->head + m->n++) % MAXEV];
	e->at = m->now + LAT;
	e->src = src;
	e->dst = dst;
	e->len = len;
	memcpy(e->buf, buf, len);
}

/* ---- slot storage of the Distributor ---- */
static struct slotbuf *
slot_of(struct sim *m, size_t id, int make)
{
	size_t i;

	for (i = 0; i < 4; i++)
		if (m->sl[i].id == id && id != 0)
			return &m->sl[i];
	if (!make)
		return NULL;
	for (i = 0; i < 4; i++)
		if (m->sl[i].id == 0) {
			m->sl[i].id = id;
			return &m->sl[i];
		}
	return NULL;
}

static int
slot_write(void *arg, size_t slot, uint64_t off, const uint8_t *buf, size_t len)
{
	struct slotbuf *s = slot_of(arg, slot, 1);

	if (s == NULL)
		return -1;
	if (off + len > s->len) {
		if (grow(&s->p, &s->cap, (size_t)off + len) != 0)
			return -1;
		memset(s->p + s->len, 0, (size_t)off + len - s->len);
		s->len = (size_t)off + len;
	}
	memcpy(s->p + off, buf, len);
	return 0;
}

static int
slot_read(void *arg, size_t slot, uint64_t off, uint8_t *buf, size_t len)
{
	struct slotbuf *s = slot_of(arg, slot, 0);

	if (s == NULL || off + len > s->len)
		return -1;
	memcpy(buf, s->p + off, len);
	return 0;
}

static void
slot_delete(void *arg, size_t slot)
{
	struct slotbuf *s = slot_of(arg, slot, 0);

	if (s != NULL) {
		free(s->p);
		memset(s, 0, sizeof(*s));
	}
}

static int
fetch(void *arg, size_t slot, const char *uri, const uint8_t *cur, size_t cur_len,
    struct ota_dfd_fetched *f)
{
	struct sim *m = arg;
	struct slotbuf *s;
	uint8_t *img = NULL;
	int st;

	st = m->cfg->fetch(m->cfg->fetch_arg, uri, cur, cur_len, f, &img);
	if (st != OTA_DFD_SUCCESS) {
		free(img);
		return st;
	}
	if ((s = slot_of(m, slot, 1)) == NULL) {
		free(img);
		return OTA_DFD_INSUFFICIENT_RESOURCES;
	}
	s->p = img;
	s->len = s->cap = f->size;
	return OTA_DFD_SUCCESS;
}

/* ---- a Target's storage and callbacks ---- */
static int
t_start(void *arg, uint8_t index, const uint8_t *md, size_t len, uint64_t id)
{
	struct tgt *t = arg;

	(void)index;
	(void)md;
	(void)len;
	(void)id;
	t->len = 0;
	return 0;
}

static int
t_write(void *arg, uint8_t index, uint64_t off, const uint8_t *buf, size_t len)
{
	struct tgt *t = arg;

	(void)index;
	if (off + len > t->len) {
		if (grow(&t->img, &t->cap, (size_t)off + len) != 0)
			return -1;
		t->len = (size_t)off + len;
	}
	memcpy(t->img + off, buf, len);
	return 0;
}

/* An MCUboot image: its magic first. */
static int
t_verify(void *arg, uint8_t index)
{
	struct tgt *t = arg;
	static const uint8_t magic[4] = { 0x3d, 0xb8, 0xf3, 0x96 };

	(void)index;
	if (t->role == VERIFYFAIL)
		return -1;
	return t->len >= 32 && memcmp(t->img, magic, 4) == 0 ? 0 : -1;
}

static void
t_cancel(void *arg, uint8_t index)
{
	struct tgt *t = arg;

	(void)index;
	t->len = 0;
}

static void
deliver(struct sim *m, struct ev *e)
{
	uint8_t out[OTA_MESH_MSG_MAX];
	size_t i, on = sizeof(out);

	if (e->dst == DIST) {
		if (e->src == INITIATOR)
			(void)ota_dfd_handle(m->d, e->src, e->buf, e->len, m->now, out, &on);
		else
			(void)ota_dfd_recv(m->d, e->src, e->buf, e->len, m->now);
		return;
	}
	if (e->dst == INITIATOR) {
		if (m->up != NULL)
			(void)ota_blob_cli_recv(m->up, e->src, e->buf, e->len, m->now);
		return;
	}
	for (i = 0; i < m->cfg->targets; i++) {
		struct tgt *t = &m->t[i];

		if (e->dst == GROUP) {
			if (t->lpn)
				continue;
			if (lost(m)) {
				m->res->dropped++;
				continue;
			}
		} else if (e->dst != t->addr) {
			continue;
		}
		if (t->role == MUTE)
			continue;
		if (t->lpn) { /* into the Friend queue: the oldest goes when full */
			if (t->fqn == FQ) {
				memmove(&t->fq[0], &t->fq[1], (FQ - 1) * sizeof(t->fq[0]));
				t->fqn--;
				m->res->dropped++;
			}
			t->fq[t->fqn++] = *e;
		} else {
			(void)ota_dfu_srv_recv(t->s, e->src, e->buf, e->len, m->now);
		}
	}
}

/* One step at m->now: deliveries, polls; *next: when something is due. */
static void
step(struct sim *m, uint64_t *next)
{
	struct ota_blob_out o;
	uint64_t nx = UINT64_MAX, t2;
	size_t i, k;

	while (m->n > 0 && m->ev[m->head].at <= m->now) {
		struct ev e = m->ev[m->head];

		m->head = (m->head + 1) % MAXEV;
		m->n--;
		deliver(m, &e);
	}
	for (i = 0; i < m->cfg->targets; i++) {
		struct tgt *t = &m->t[i];
		int ph;

		if (t->lpn && m->now >= t->poll_at) {
			for (k = 0; k < t->fqn; k++)
				(void)ota_dfu_srv_recv(t->s, t->fq[k].src, t->fq[k].buf, t->fq[k].len,
				    m->now);
			t->fqn = 0;
			t->poll_at = m->now + LPN_POLL;
		}
		if (t->lpn && t->poll_at < nx)
			nx = t->poll_at;
		while (ota_dfu_srv_poll(t->s, m->now, &o, &t2) == 1)
			send_msg(m, t->addr, o.dst, o.buf, o.len);
		if (t2 < nx)
			nx = t2;
		/* applying: "reboot" into the new image, its FWID from its
		 * MCUboot header (company 0x0059 + ih_ver) */
		if (ota_dfu_srv_state(t->s, &ph, NULL, NULL, NULL, NULL) == OTA_OK &&
		    ph == OTA_DFU_PHASE_APPLYING && t->len >= 0x1C) {
			uint8_t f[10] = { 0x59, 0x00 };

			memcpy(f + 2, t->img + 0x14, 8);
			(void)ota_dfu_srv_applied(t->s, f, sizeof(f));
		}
	}
	while (ota_dfd_poll(m->d, m->now, &o, &t2) == 1)
		send_msg(m, DIST, o.dst, o.buf, o.len);
	if (t2 < nx)
		nx = t2;
	if (m->up != NULL && !ota_blob_cli_done(m->up)) {
		while (ota_blob_cli_poll(m->up, m->now, &o, &t2) == 1)
			send_msg(m, INITIATOR, o.dst, o.buf, o.len);
		if (t2 < nx)
			nx = t2;
	}
	if (m->n > 0 && m->ev[m->head].at < nx)
		nx = m->ev[m->head].at;
	*next = nx;
}

static void
advance(struct sim *m, uint64_t next)
{
	if (next == UINT64_MAX) /* nothing due: the clock goes on */
		next = m->now + 1000;
	m->now = next > m->now ? next : m->now + 1;
}

/* A control message from the Initiator, answered at once (the Initiator
 * runs on the Distributor's node); *answer decoded into m->m. */
static int
control(struct sim *m, const char *what)
{
	uint8_t b[OTA_MESH_MSG_MAX], out[OTA_MESH_MSG_MAX];
	size_t bl = sizeof(b), on = sizeof(out);
	int err;

	if ((err = ota_mesh_msg_encode(m->m, b, &bl)) != OTA_OK ||
	    (err = ota_dfd_handle(m->d, INITIATOR, b, bl, m->now, out, &on)) != OTA_OK ||
	    (err = ota_mesh_msg_decode(m->m, out, on)) != OTA_OK) {
		snprintf(m->res->err, sizeof(m->res->err), "%s: %s (%s)", what,
		    ota_strerror(err), ota_dfd_errmsg(m->d));
		return -1;
	}
	return 0;
}

static uint64_t
field(struct sim *m, const char *f)
{
	uint64_t v = 0;

	(void)ota_mesh_msg_get_uint(m->m, f, &v);
	return v;
}

static int
upload(struct sim *m)
{
	const struct sim_cfg *c = m->cfg;

	if (c->fetch != NULL) {
		ota_mesh_msg_init(m->m, OTA_MESH_OP_FW_DIST_UPLOAD_OOB_START);
		ota_mesh_msg_set_bytes(m->m, "uri", c->uri, strlen(c->uri));
		ota_mesh_msg_set_bytes(m->m, "fwid", old_fwid, sizeof(old_fwid));
		if (control(m, "upload oob start") != 0)
			return -1;
		m->res->upload_status = (int)field(m, "status");
		return m->res->upload_status == OTA_DFD_SUCCESS ? 0 : -1;
	}
	ota_mesh_msg_init(m->m, OTA_MESH_OP_FW_DIST_UPLOAD_START);
	ota_mesh_msg_set_uint(m->m, "ttl", TTL);
	ota_mesh_msg_set_uint(m->m, "timeout_base", TB);
	ota_mesh_msg_set_uint(m->m, "blob_id", UPLOAD_ID);
	ota_mesh_msg_set_uint(m->m, "firmware_size", c->size);
	ota_mesh_msg_set_bytes(m->m, "metadata", c->md, c->md_len);
	ota_mesh_msg_set_bytes(m->m, "fwid", c->fwid, c->fwid_len);
	if (control(m, "upload start") != 0)
		return -1;
	if ((m->res->upload_status = (int)field(m, "status")) != OTA_DFD_SUCCESS)
		return -1;
	return (m->up = ota_blob_cli_new()) != NULL ? 0 : -1;
}

static int
read_image(void *ctx, uint64_t off, void *buf, size_t len)
{
	const struct sim_cfg *c = ctx;

	if (off + len > c->size)
		return -1;
	memcpy(buf, c->image + off, len);
	return 0;
}

static int
upload_inband(struct sim *m)
{
	const struct sim_cfg *c = m->cfg;
	struct ota_blob_params bp;
	uint64_t next;

	memset(&bp, 0, sizeof(bp));
	bp.timeout_base = TB;
	bp.ttl = TTL;
	if (m->up == NULL ||
	    ota_blob_cli_set_blob(m->up, UPLOAD_ID, c->size, read_image, (void *)c) != OTA_OK ||
	    ota_blob_cli_set_params(m->up, &bp) != OTA_OK ||
	    ota_blob_cli_add_target(m->up, DIST, OTA_BLOB_MODE_PUSH, NULL) != OTA_OK ||
	    ota_blob_cli_start(m->up, m->now) != OTA_OK) {
		snprintf(m->res->err, sizeof(m->res->err), "upload client: %s",
		    ota_blob_cli_errmsg(m->up));
		return -1;
	}
	while (!ota_blob_cli_done(m->up) && m->now < c->limit_ms) {
		step(m, &next);
		advance(m, next);
	}
	ota_mesh_msg_init(m->m, OTA_MESH_OP_FW_DIST_UPLOAD_GET);
	if (control(m, "upload get") != 0)
		return -1;
	if (field(m, "phase") != OTA_DFD_UPLOAD_SUCCESS) {
		struct ota_blob_target_info ti;

		memset(&ti, 0, sizeof(ti));
		if (ota_blob_cli_target(m->up, 0, &ti) != OTA_OK)
			snprintf(ti.reason, sizeof(ti.reason), "no BLOB client verdict");
		snprintf(m->res->err, sizeof(m->res->err), "in-band upload ended in phase %u: the "
		    "BLOB client %s (%u of %u blocks)", (unsigned)field(m, "phase"),
		    ti.state == OTA_BLOB_TARGET_ACTIVE ? "was still sending at the time limit" :
		    ti.reason, (unsigned)ti.blocks_done, (unsigned)ota_blob_cli_blocks(m->up));
		return -1;
	}
	ota_blob_cli_free(&m->up);
	return 0;
}

static int
targets_new(struct sim *m)
{
	const struct sim_cfg *c = m->cfg;
	struct ota_dfu_srv_cb cb;
	struct ota_dfu_policy pol;
	size_t i;

	for (i = 0; i < c->targets; i++) {
		struct tgt *t = &m->t[i];
		int second = i >= c->lpns && i < c->lpns + c->second;
		size_t back = c->targets - i; /* 1 for the last */

		t->role = back <= c->reject ? REJECT : back <= c->reject + c->badindex ? BADINDEX :
		    back <= c->reject + c->badindex + c->mute ? MUTE :
		    back <= c->reject + c->badindex + c->mute + c->verifyfail ? VERIFYFAIL :
		    back <= c->reject + c->badindex + c->mute + c->verifyfail + c->unprov ? UNPROV :
		    NORMAL;
		memset(&cb, 0, sizeof(cb));
		cb.start = t_start;
		cb.write = t_write;
		cb.verify = t_verify;
		cb.cancel = t_cancel;
		cb.arg = t;
		memset(&pol, 0, sizeof(pol));
		pol.version.major = t->role == REJECT ? 9 : 1;
		pol.slot_size = 1024u * 1024u;
		pol.comp_hash = t->role == UNPROV ? ~c->comp_hash : c->comp_hash;
		t->addr = (uint16_t)(0x0100 + i);
		t->lpn = i < c->lpns;
		t->idx = t->role == BADINDEX ? 5 : second ? 1 : 0;
		t->poll_at = (uint64_t)(LPN_POLL * i / (c->lpns ? c->lpns : 1));
		if ((t->s = ota_dfu_srv_new(&cb)) == NULL)
			return -1;
		if (second && ota_dfu_srv_add_image(t->s, boot_fwid, sizeof(boot_fwid), NULL, NULL,
		    NULL) != OTA_OK)
			return -1;
		if (ota_dfu_srv_add_image(t->s, old_fwid, sizeof(old_fwid), "https://fw.example/u",
		    &pol, NULL) != OTA_OK)
			return -1;
		if (t->lpn && ota_blob_srv_set_pull(ota_dfu_srv_blob(t->s), FQ / 2, 3000) != OTA_OK)
			return -1;
	}
	return 0;
}

static int
start_msg(struct sim *m)
{
	ota_mesh_msg_init(m->m, OTA_MESH_OP_FW_DIST_START);
	ota_mesh_msg_set_uint(m->m, "ttl", TTL);
	ota_mesh_msg_set_uint(m->m, "timeout_base", TB);
	ota_mesh_msg_set_uint(m->m, "transfer_mode", OTA_BLOB_MODE_PUSH);
	ota_mesh_msg_set_uint(m->m, "update_policy", m->cfg->verify_only ? 0 : 1);
	ota_mesh_msg_set_uint(m->m, "image_index", 0);
	ota_mesh_msg_set_uint(m->m, "group", GROUP);
	if (control(m, "distribution start") != 0)
		return -1;
	return 0;
}

static int
distribute(struct sim *m)
{
	const struct sim_cfg *c = m->cfg;
	size_t i, it;
	uint64_t next;
	unsigned long steps = 0;
	int cancelled = 0, suspended = 0;
	uint64_t suspended_at = 0;

	ota_mesh_msg_init(m->m, OTA_MESH_OP_FW_DIST_RECEIVERS_ADD);
	for (i = 0; i < c->targets; i++) {
		ota_mesh_msg_item_add(m->m, "receivers", &it);
		ota_mesh_msg_item_set_uint(m->m, "receivers", it, "address", m->t[i].addr);
		ota_mesh_msg_item_set_uint(m->m, "receivers", it, "image_index", m->t[i].idx);
	}
	if (control(m, "receivers add") != 0)
		return -1;
	if (field(m, "status") != OTA_DFD_SUCCESS) {
		snprintf(m->res->err, sizeof(m->res->err), "receivers add: status %u",
		    (unsigned)field(m, "status"));
		return -1;
	}
	for (i = 0; i < c->lpns; i++)
		(void)ota_dfd_receiver_set_lpn(m->d, m->t[i].addr, FQ);
	if (start_msg(m) != 0)
		return -1;
	if (field(m, "status") != OTA_DFD_SUCCESS) {
		snprintf(m->res->err, sizeof(m->res->err), "distribution start: %s",
		    ota_dfd_status_name((int)field(m, "status")));
		return -1;
	}
	while (m->now < c->limit_ms && steps++ < 50000000ul) {
		int ph = ota_dfd_phase(m->d);

		m->res->phase_seen |= 1 << ph;
		if (ph == OTA_DFD_PHASE_COMPLETED || ph == OTA_DFD_PHASE_FAILED ||
		    (ph == OTA_DFD_PHASE_IDLE && cancelled))
			break;
		if (ph == OTA_DFD_PHASE_TRANSFER_SUCCESS && c->verify_only) {
			ota_mesh_msg_init(m->m, OTA_MESH_OP_FW_DIST_APPLY);
			if (control(m, "distribution apply") != 0)
				return -1;
		}
		if (c->suspend_at_ms != 0 && !suspended && m->now >= c->suspend_at_ms &&
		    ph == OTA_DFD_PHASE_TRANSFER_ACTIVE &&
		    ota_dfd_transfer_plan(m->d, &m->res->plan) == OTA_OK) { /* the BLOB transfer runs */
			ota_mesh_msg_init(m->m, OTA_MESH_OP_FW_DIST_SUSPEND);
			if (control(m, "distribution suspend") != 0)
				return -1;
			suspended = 1;
			suspended_at = m->now;
		}
		if (suspended == 1 && m->now >= suspended_at + c->resume_after_ms) {
			if (start_msg(m) != 0)
				return -1;
			if (field(m, "status") != OTA_DFD_SUCCESS)
				return -1;
			suspended = 2;
		}
		if (c->cancel_at_ms != 0 && !cancelled && m->now >= c->cancel_at_ms) {
			ota_mesh_msg_init(m->m, OTA_MESH_OP_FW_DIST_CANCEL);
			if (control(m, "distribution cancel") != 0)
				return -1;
			cancelled = 1;
		}
		step(m, &next);
		advance(m, next);
	}
	return 0;
}

static void
collect(struct sim *m)
{
	const struct sim_cfg *c = m->cfg;
	struct slotbuf *s = &m->sl[0];
	struct ota_dfd_slot_info si;
	size_t i, j;

	memset(&si, 0, sizeof(si));
	(void)ota_dfd_slot_get(m->d, 0, &si);
	for (j = 0; j < 4; j++)
		if (m->sl[j].id == si.id && si.id != 0)
			s = &m->sl[j];
	m->res->image_size = s->len;
	for (i = 0; i < c->targets; i++) {
		struct tgt *t = &m->t[i];
		struct sim_target *r = &m->res->t[i];
		const uint8_t *f;
		size_t fl;

		r->addr = t->addr;
		r->lpn = t->lpn;
		r->index = t->idx;
		(void)ota_dfd_receiver(m->d, i, &r->ri);
		r->image_ok = s->p != NULL && t->len == s->len && memcmp(t->img, s->p, s->len) == 0;
		r->fwid_ok = ota_dfu_srv_image(t->s, t->idx, &f, &fl, NULL) == OTA_OK &&
		    fl == si.fwid_len && memcmp(f, si.fwid, fl) == 0;
		r->other_ok = t->idx == 0 || (ota_dfu_srv_image(t->s, 0, &f, &fl, NULL) == OTA_OK &&
		    fl == sizeof(boot_fwid) && memcmp(f, boot_fwid, fl) == 0);
		(void)ota_dfu_srv_state(t->s, &r->phase, NULL, NULL, NULL, NULL);
		if (r->ri.done)
			m->res->done++;
		else
			m->res->failed++;
	}
	ota_mesh_msg_init(m->m, OTA_MESH_OP_FW_DIST_RECEIVERS_GET);
	ota_mesh_msg_set_uint(m->m, "first_index", 0);
	ota_mesh_msg_set_uint(m->m, "entries_limit", SIM_MAX);
	if (control(m, "receivers get") == 0 &&
	    ota_mesh_msg_item_count(m->m, "receivers", &m->res->list_entries) == OTA_OK) {
		for (i = 0; i < m->res->list_entries; i++) {
			uint64_t pr = 0, ph = 0;

			(void)ota_mesh_msg_item_get_uint(m->m, "receivers", i, "transfer_progress", &pr);
			(void)ota_mesh_msg_item_get_uint(m->m, "receivers", i,
			    "retrieved_update_phase", &ph);
			m->res->list_complete += pr == 50 && ph == OTA_DFU_PHASE_IDLE;
		}
	}
	m->res->phase = ota_dfd_phase(m->d);
	(void)ota_dfd_transfer_plan(m->d, &m->res->plan);
	m->res->virt_ms = m->now;
}

int
sim_run(const struct sim_cfg *c, struct sim_res *res)
{
	struct sim m;
	struct ota_dfd_limits lim;
	struct ota_dfd_cb cb;
	size_t i;
	int rc = -1;

	memset(res, 0, sizeof(*res));
	memset(&m, 0, sizeof(m));
	if (c->targets > SIM_MAX || c->lpns + c->second + c->reject + c->badindex + c->mute +
	    c->verifyfail + c->unprov > c->targets) {
		snprintf(res->err, sizeof(res->err), "bad configuration");
		return -1;
	}
	m.cfg = c;
	m.res = res;
	m.rng = c->seed != 0 ? c->seed : 1;
	m.ev = calloc(MAXEV, sizeof(*m.ev));
	m.m = ota_mesh_msg_new();
	memset(&lim, 0, sizeof(lim));
	memset(&cb, 0, sizeof(cb));
	lim.max_fw_size = 1024u * 1024u;
	cb.fetch = c->fetch != NULL ? fetch : NULL;
	cb.slot_write = slot_write;
	cb.slot_read = slot_read;
	cb.slot_delete = slot_delete;
	cb.arg = &m;
	m.d = ota_dfd_new(&lim, &cb);
	if (m.ev == NULL || m.m == NULL || m.d == NULL || targets_new(&m) != 0) {
		snprintf(res->err, sizeof(res->err), "out of memory");
		goto out;
	}
	if (upload(&m) != 0 || (c->fetch == NULL && upload_inband(&m) != 0))
		goto out;
	if (distribute(&m) != 0)
		goto out;
	collect(&m);
	rc = 0;
out:
	for (i = 0; i < c->targets; i++) {
		ota_dfu_srv_free(&m.t[i].s);
		free(m.t[i].img);
	}
	/* the Distributor first: freeing it mid-upload deletes the partial slot
	 * through slot_delete, which needs m.sl intact */
	ota_blob_cli_free(&m.up);
	ota_dfd_free(&m.d);
	for (i = 0; i < 4; i++)
		free(m.sl[i].p);
	ota_mesh_msg_free(&m.m);
	free(m.ev);
	return rc;
}
