/* test_blobsim.c - a BLOB transfer over a simulated mesh: one client, 20
 * servers (4 of them Low Power nodes in pull mode behind a Friend queue of
 * FQ messages, delivered when the node polls), every message delivered
 * after LAT ms or dropped at random (seeded), a fake clock that jumps to the
 * next due time.  With 10% loss every server ends with the image byte-exact
 * (SHA-256 through EVP); with 30% loss every target ends done or failed
 * with a timeout, within a bounded number of steps. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "testutil.h"

#define NSRV 20
#define NLPN 4
#define FQ 8           /* Friend queue, messages */
#define LAT 20         /* ms a message travels */
#define LPN_POLL 400   /* ms between two polls of a Low Power node */
#define MAXEV 4096
#define CLI_ADDR 0x0001
#define GROUP 0xC123
#define BLOB_ID 0x1122334455667788ull

struct ev {
	uint64_t at;
	uint16_t src, dst;
	size_t len;
	uint8_t buf[OTA_MESH_MSG_MAX];
};

struct srvsim {
	struct ota_blob_srv *s;
	uint16_t addr;
	int lpn;
	struct ev fq[FQ];   /* the Friend queue */
	size_t fqn;
	uint64_t poll_at;
	uint8_t *img;       /* what the sink wrote */
	uint32_t size;
	int opened, closed, complete;
};

struct sim {
	uint64_t rng, now;
	unsigned loss;      /* percent */
	struct ev *ev;      /* in flight */
	size_t nev;
	struct srvsim srv[NSRV];
	struct ota_blob_cli *c;
	const uint8_t *image;
	uint32_t size;
	unsigned long sent, dropped, fq_dropped;
};

static uint64_t
rnd(struct sim *m)
{
	/* xorshift64* */
	m->rng ^= m->rng >> 12;
	m->rng ^= m->rng << 25;
	m->rng ^= m->rng >> 27;
	return m->rng * 0x2545F4914F6CDD1Dull;
}

static int
sink_open(void *ctx, uint64_t id, uint32_t size)
{
	struct srvsim *v = ctx;

	ck_assert_uint_eq(id, BLOB_ID);
	free(v->img);
	v->img = calloc(1, size);
	ck_assert_ptr_nonnull(v->img);
	v->size = size;
	v->opened++;
	return 0;
}

static int
sink_write(void *ctx, uint64_t off, const uint8_t *data, size_t len)
{
	struct srvsim *v = ctx;

	ck_assert_uint_le(off + len, v->size);
	memcpy(v->img + off, data, len);
	return 0;
}

static void
sink_close(void *ctx, int complete)
{
	struct srvsim *v = ctx;

	v->closed++;
	v->complete = complete;
}

static int
read_image(void *ctx, uint64_t off, void *buf, size_t len)
{
	struct sim *m = ctx;

	ck_assert_uint_le(off + len, m->size);
	memcpy(buf, m->image + off, len);
	return 0;
}

static void
send_one(struct sim *m, uint16_t src, uint16_t dst, const uint8_t *buf, size_t len)
{
	struct ev *e;

	m->sent++;
	if (rnd(m) % 100 < m->loss) {
		m->dropped++;
		return;
	}
	ck_assert_uint_lt(m->nev, MAXEV);
	e = &m->ev[m->nev++];
	e->at = m->now + LAT;
	e->src = src;
	e->dst = dst;
	e->len = len;
	memcpy(e->buf, buf, len);
}

static void
mesh_send(struct sim *m, uint16_t src, const struct ota_blob_out *o)
{
	size_t i;

	if (o->dst == GROUP) { /* each member hears it or not on its own */
		for (i = 0; i < NSRV; i++)
			if (!m->srv[i].lpn)
				send_one(m, src, m->srv[i].addr, o->buf, o->len);
		return;
	}
	send_one(m, src, o->dst, o->buf, o->len);
}

static void
deliver(struct sim *m, const struct ev *e)
{
	size_t i;


	if (e->dst == CLI_ADDR) {
		(void)ota_blob_cli_recv(m->c, e->src, e->buf, e->len, m->now);
		return;
	}
	for (i = 0; i < NSRV; i++) {
		struct srvsim *v = &m->srv[i];

		if (v->addr != e->dst)
			continue;
		if (v->lpn) { /* the Friend keeps it; a full queue loses its oldest */
			if (v->fqn == FQ) {
				memmove(&v->fq[0], &v->fq[1], (FQ - 1) * sizeof(v->fq[0]));
				v->fqn--;
				m->fq_dropped++;
			}
			v->fq[v->fqn++] = *e;
		} else {
			(void)ota_blob_srv_recv(v->s, e->src, e->buf, e->len, m->now);
		}
	}
}

static void
sim_setup(struct sim *m, uint64_t seed, unsigned loss, uint8_t *image, uint32_t size)
{
	struct ota_blob_caps caps = { 6, 12, 256, 65, 512u * 1024u, 380, 3 };
	struct ota_blob_caps lcaps = caps;
	struct ota_blob_plan *p = ota_blob_plan_new();
	struct ota_blob_plan_result pr;
	struct ota_blob_params prm;
	uint32_t i;

	memset(m, 0, sizeof(*m));
	m->rng = seed;
	m->loss = loss;
	m->ev = calloc(MAXEV, sizeof(*m->ev));
	ck_assert_ptr_nonnull(m->ev);
	for (i = 0; i < size; i++)
		image[i] = (uint8_t)(rnd(m) >> 56);
	m->image = image;
	m->size = size;
	/* the planner picks block size and chunk size for all 20 (pull for the
	 * set, because of the Low Power nodes; the client mixes the modes) */
	ck_assert_ptr_nonnull(p);
	ck_assert_int_eq(ota_blob_plan_set_size(p, size), OTA_OK);
	lcaps.max_chunk_size = 377;
	for (i = 0; i < NSRV; i++)
		ck_assert_int_eq(ota_blob_plan_add_target(p, i < NLPN ? &lcaps : &caps,
		    i < NLPN ? FQ : 0, NULL), OTA_OK);
	ck_assert_int_eq(ota_blob_plan_compute(p, 0), OTA_OK);
	ck_assert_int_eq(ota_blob_plan_group(p, 0, &pr), OTA_OK);
	ota_blob_plan_free(&p);
	m->c = ota_blob_cli_new();
	ck_assert_ptr_nonnull(m->c);
	ck_assert_int_eq(ota_blob_cli_set_blob(m->c, BLOB_ID, size, read_image, m), OTA_OK);
	memset(&prm, 0, sizeof(prm));
	prm.timeout_base = 2;
	prm.ttl = 3;
	prm.retry_ms = 1500;
	ck_assert_int_eq(ota_blob_cli_set_params(m->c, &prm), OTA_OK);
	ck_assert_int_eq(ota_blob_cli_set_plan(m->c, &pr), OTA_OK);
	ck_assert_int_eq(ota_blob_cli_set_group(m->c, GROUP), OTA_OK);
	for (i = 0; i < NSRV; i++) {
		struct srvsim *v = &m->srv[i];
		struct ota_blob_sink sk = { sink_open, sink_write, sink_close, v };

		v->addr = (uint16_t)(0x0100 + i);
		v->lpn = i < NLPN;
		v->s = ota_blob_srv_new();
		ck_assert_ptr_nonnull(v->s);
		ck_assert_int_eq(ota_blob_srv_set_caps(v->s, &caps), OTA_OK);
		ck_assert_int_eq(ota_blob_srv_set_sink(v->s, &sk), OTA_OK);
		if (v->lpn)
			ck_assert_int_eq(ota_blob_srv_set_pull(v->s, FQ / 2, 3000), OTA_OK);
		ck_assert_int_eq(ota_blob_srv_expect(v->s, BLOB_ID, 2, 0), OTA_OK);
		v->poll_at = (uint64_t)(LPN_POLL * i / NLPN);
		ck_assert_int_eq(ota_blob_cli_add_target(m->c, v->addr,
		    v->lpn ? OTA_BLOB_MODE_PULL : OTA_BLOB_MODE_PUSH, NULL), OTA_OK);
	}
	ck_assert_int_eq(ota_blob_cli_start(m->c, 0), OTA_OK);
}

static void
sim_free(struct sim *m)
{
	size_t i;

	for (i = 0; i < NSRV; i++) {
		ota_blob_srv_free(&m->srv[i].s);
		free(m->srv[i].img);
	}
	ota_blob_cli_free(&m->c);
	free(m->ev);
}

/* Run until the client is done and nothing is in flight; the number of
 * clock steps it took. */
static unsigned long
sim_run(struct sim *m, unsigned long max_steps)
{
	struct ota_blob_out o;
	unsigned long steps;
	uint64_t next, t;
	size_t i, j;
	int r;

	for (steps = 0; steps < max_steps; steps++) {
		/* deliver what is due (in sending order) */
		for (i = 0, j = 0; i < m->nev; i++) {
			if (m->ev[i].at <= m->now)
				deliver(m, &m->ev[i]);
			else
				m->ev[j++] = m->ev[i];
		}
		m->nev = j;
		for (i = 0; i < NSRV; i++) {
			struct srvsim *v = &m->srv[i];

			if (!v->lpn || v->poll_at > m->now)
				continue;
			for (j = 0; j < v->fqn; j++)
				(void)ota_blob_srv_recv(v->s, v->fq[j].src, v->fq[j].buf, v->fq[j].len,
				    m->now);
			v->fqn = 0;
			v->poll_at = m->now + LPN_POLL;
		}
		next = UINT64_MAX;
		while ((r = ota_blob_cli_poll(m->c, m->now, &o, &t)) == 1)
			mesh_send(m, CLI_ADDR, &o);
		ck_assert_int_eq(r, 0);
		if (t < next)
			next = t;
		for (i = 0; i < NSRV; i++) {
			while ((r = ota_blob_srv_poll(m->srv[i].s, m->now, &o, &t)) == 1)
				mesh_send(m, m->srv[i].addr, &o);
			ck_assert_int_eq(r, 0);
			if (t < next)
				next = t;
		}
		if (ota_blob_cli_done(m->c) && m->nev == 0) {
			if (getenv("BLOBSIM_STATS") != NULL)
				fprintf(stderr, "loss %u%%: %lu steps, %llu ms, %lu sent, %lu dropped, "
				    "%lu Friend queue overflows\n", m->loss, steps,
				    (unsigned long long)m->now, m->sent, m->dropped, m->fq_dropped);
			return steps;
		}
		for (i = 0; i < m->nev; i++)
			if (m->ev[i].at < next)
				next = m->ev[i].at;
		for (i = 0; i < NSRV; i++)
			if (m->srv[i].lpn && (m->srv[i].fqn > 0 || next == UINT64_MAX) &&
			    m->srv[i].poll_at < next)
				next = m->srv[i].poll_at;
		ck_assert_uint_ne(next, UINT64_MAX);
		ck_assert_uint_ge(next, m->now);
		m->now = next;
	}
	ck_abort_msg("no end after %lu steps", max_steps);
	return steps;
}

static void
sha256(const uint8_t *p, size_t n, uint8_t out[32])
{
	unsigned int len = 32;

	ck_assert_int_eq(EVP_Digest(p, n, out, &len, EVP_sha256(), NULL), 1);
}

START_TEST(sim_10_percent)
{
	static uint8_t image[70001];
	uint8_t want[32], got[32];
	struct ota_blob_target_info ti;
	struct sim m;
	size_t i;

	sim_setup(&m, 0x5EED0001u, 10, image, sizeof(image));
	(void)sim_run(&m, 200000);
	sha256(image, sizeof(image), want);
	ck_assert_uint_eq(ota_blob_cli_target_count(m.c), NSRV);
	for (i = 0; i < NSRV; i++) {
		ck_assert_int_eq(ota_blob_cli_target(m.c, i, &ti), OTA_OK);
		ck_assert_msg(ti.state == OTA_BLOB_TARGET_DONE, "target 0x%04x: state %d (%s)",
		    ti.addr, ti.state, ti.reason);
		ck_assert_uint_eq(ti.blocks_done, ota_blob_cli_blocks(m.c));
		ck_assert_uint_eq(ota_blob_srv_phase(m.srv[i].s), OTA_BLOB_PHASE_COMPLETE);
		ck_assert_int_eq(m.srv[i].opened, 1);
		ck_assert_int_eq(m.srv[i].closed, 1);
		ck_assert_int_eq(m.srv[i].complete, 1);
		ck_assert_uint_eq(m.srv[i].size, sizeof(image));
		sha256(m.srv[i].img, m.srv[i].size, got);
		ck_assert_mem_eq(got, want, 32);
		ck_assert_uint_eq(ti.mode, i < NLPN ? OTA_BLOB_MODE_PULL : OTA_BLOB_MODE_PUSH);
	}
	ck_assert_uint_gt(m.dropped, 0);
	sim_free(&m);
}
END_TEST

START_TEST(sim_30_percent)
{
	static uint8_t image[45000];
	uint8_t want[32], got[32];
	struct ota_blob_target_info ti;
	struct sim m;
	size_t i;

	sim_setup(&m, 0x5EED0030u, 30, image, sizeof(image));
	(void)sim_run(&m, 400000);
	sha256(image, sizeof(image), want);
	ck_assert_int_eq(ota_blob_cli_done(m.c), 1);
	for (i = 0; i < NSRV; i++) {
		ck_assert_int_eq(ota_blob_cli_target(m.c, i, &ti), OTA_OK);
		ck_assert_msg(ti.state == OTA_BLOB_TARGET_DONE || (ti.state ==
		    OTA_BLOB_TARGET_FAILED && ti.err == OTA_E_BLOB_TIMEOUT),
		    "target 0x%04x: state %d err %d (%s)", ti.addr, ti.state, ti.err, ti.reason);
		if (ti.state == OTA_BLOB_TARGET_DONE) {
			ck_assert_int_eq(m.srv[i].complete, 1);
			sha256(m.srv[i].img, m.srv[i].size, got);
			ck_assert_mem_eq(got, want, 32);
		} else {
			ck_assert_str_ne(ti.reason, "");
		}
	}
	sim_free(&m);
}
END_TEST

Suite *
suite_blobsim(void)
{
	Suite *s = suite_create("blobsim");
	TCase *tc = tcase_create("sim");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, sim_10_percent);
	tcase_add_test(tc, sim_30_percent);
	suite_add_tcase(s, tc);
	return s;
}
