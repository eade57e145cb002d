/* test_ocf_dev.c - the OCF software-update state machine, by table: tm.64
 * and tm.128 set and cleared by a privileged and an unprivileged client in
 * every state, device-initiated runs, tm.128 before validation under both
 * policies, failed checks, failed installs, a reboot in the middle of each
 * step.  Every row asserts cm, tm, dos, swupdatestate and the observer's
 * events ("changed:cm/tm/dos/state", changed in hex: 1 cm, 2 tm, 4 dos,
 * 8 swupdatestate, 10 result/nv/lastupdate, 20 unvalidated update). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "testutil.h"

struct rec {
	char log[2048];
	int checks, updates;
	int check_ret, update_ret;   /* what the callbacks return */
	int sync;                    /* complete inside the callback */
	int got_null_cand;
};

static int64_t
clock_fn(void *arg)
{
	(void)arg;
	return 1796018400; /* 2026-11-30T06:00:00Z */
}

static void
ev(void *arg, const struct ota_ocf_dev *dev, unsigned changed)
{
	struct rec *r = arg;
	struct ota_ocf_pstat p;
	struct ota_ocf_swu s;
	size_t n = strlen(r->log);

	ck_assert_int_eq(ota_ocf_dev_pstat(dev, &p), OTA_OK);
	ck_assert_int_eq(ota_ocf_dev_swu(dev, &s), OTA_OK);
	(void)snprintf(r->log + n, sizeof(r->log) - n, "%s%x:%u/%u/%u/%s", n ? " " : "", changed,
	    p.cm, p.tm, p.dos_s, ota_ocf_state_name(s.state));
}

static struct ota_ocf_candidate good = {
	.kind = OTA_OCF_KIND_OTHER, .reason = OTA_OCF_REASON_AVAILABLE, .version = "2.0.0+0",
};

static int
on_check(void *arg, struct ota_ocf_dev *dev)
{
	struct rec *r = arg;

	r->checks++;
	if (r->sync)
		ck_assert_int_eq(ota_ocf_dev_check_done(dev, &good), OTA_OK);
	return r->check_ret;
}

static int
on_update(void *arg, struct ota_ocf_dev *dev, const struct ota_ocf_candidate *c)
{
	struct rec *r = arg;

	r->updates++;
	r->got_null_cand = c == NULL;
	if (r->sync)
		ck_assert_int_eq(ota_ocf_dev_update_done(dev, OTA_OCF_RESULT_SUCCESS, -1), OTA_OK);
	return r->update_ret;
}

static struct ota_ocf_dev *
mkdev(struct rec *r)
{
	struct ota_ocf_callbacks cb = { on_check, on_update, ev, NULL };
	struct ota_ocf_dev *d = ota_ocf_dev_new();

	cb.arg = r;
	ck_assert_ptr_nonnull(d);
	ck_assert_int_eq(ota_ocf_dev_set_callbacks(d, &cb), OTA_OK);
	ck_assert_int_eq(ota_ocf_dev_set_clock(d, clock_fn, NULL), OTA_OK);
	return d;
}

static void
expect(const struct ota_ocf_dev *d, unsigned cm, unsigned tm, unsigned dos,
    enum ota_ocf_swu_state st, const char *where)
{
	struct ota_ocf_pstat p;
	struct ota_ocf_swu s;

	ck_assert_int_eq(ota_ocf_dev_pstat(d, &p), OTA_OK);
	ck_assert_int_eq(ota_ocf_dev_swu(d, &s), OTA_OK);
	ck_assert_msg(p.cm == cm && p.tm == tm && p.dos_s == dos && s.state == st,
	    "%s: cm %u tm %u dos %u state %s, want %u %u %u %s", where, p.cm, p.tm, p.dos_s,
	    ota_ocf_state_name(s.state), cm, tm, dos, ota_ocf_state_name(st));
}

/* The states a client can meet, reached by a prefix. */
enum st { S_IDLE, S_CHECKING, S_AVAILABLE, S_NONE_FOUND, S_UPDATING, S_UPDATED, S_FAILED };

static void
reach(struct ota_ocf_dev *d, enum st s)
{
	struct ota_ocf_candidate none = { .reason = OTA_OCF_REASON_NOT_NEWER };

	if (s == S_IDLE)
		return;
	ck_assert_int_eq(ota_ocf_dev_write_tm(d, 64, OTA_OCF_DEVICE), OTA_OK);
	if (s == S_CHECKING)
		return;
	ck_assert_int_eq(ota_ocf_dev_check_done(d, s == S_NONE_FOUND ? &none : &good), OTA_OK);
	if (s == S_AVAILABLE || s == S_NONE_FOUND)
		return;
	ck_assert_int_eq(ota_ocf_dev_write_tm(d, 128, OTA_OCF_DEVICE), OTA_OK);
	if (s == S_UPDATING)
		return;
	ck_assert_int_eq(ota_ocf_dev_update_done(d, s == S_UPDATED ? OTA_OCF_RESULT_SUCCESS :
	    OTA_OCF_RESULT_UPGRADE_FAIL, -1), OTA_OK);
}

/* Every state x privileged/unprivileged x tm.64/tm.128 x set/clear. */
START_TEST(tm_writes_every_state)
{
	static const struct {
		enum st st;
		int priv;
		unsigned tm;        /* the value written */
		int ret;
		unsigned cm, tmafter;
		enum ota_ocf_swu_state state;
		const char *events; /* what the write itself caused */
	} t[] = {
		/* idle: cm 0, tm 0 */
		{ S_IDLE, 0, 64, OTA_E_OCF_PRIVILEGE, 0, 0, OTA_OCF_STATE_IDLE, "" },
		{ S_IDLE, 0, 128, OTA_E_OCF_PRIVILEGE, 0, 0, OTA_OCF_STATE_IDLE, "" },
		{ S_IDLE, 0, 0, OTA_E_OCF_PRIVILEGE, 0, 0, OTA_OCF_STATE_IDLE, "" },
		{ S_IDLE, 1, 64, OTA_OK, 0, 64, OTA_OCF_STATE_SVV, "a:0/64/3/svv" },
		{ S_IDLE, 1, 128, OTA_E_OCF_NOT_VALIDATED, 0, 0, OTA_OCF_STATE_IDLE, "" },
		{ S_IDLE, 1, 0, OTA_OK, 0, 0, OTA_OCF_STATE_IDLE, "" },
		{ S_IDLE, 1, 192, OTA_E_OCF_BUSY, 0, 0, OTA_OCF_STATE_IDLE, "" },
		{ S_IDLE, 1, 256, OTA_E_OCF_BITS, 0, 0, OTA_OCF_STATE_IDLE, "" },
		{ S_IDLE, 1, 0x140, OTA_E_OCF_BITS, 0, 0, OTA_OCF_STATE_IDLE, "" },
		/* the onboarding bits are kept, not acted on */
		{ S_IDLE, 1, 8, OTA_OK, 0, 8, OTA_OCF_STATE_IDLE, "2:0/8/3/idle" },
		/* checking: cm 0, tm 64 */
		{ S_CHECKING, 0, 0, OTA_E_OCF_PRIVILEGE, 0, 64, OTA_OCF_STATE_SVV, "" },
		{ S_CHECKING, 0, 64, OTA_E_OCF_PRIVILEGE, 0, 64, OTA_OCF_STATE_SVV, "" },
		{ S_CHECKING, 0, 192, OTA_E_OCF_PRIVILEGE, 0, 64, OTA_OCF_STATE_SVV, "" },
		{ S_CHECKING, 1, 0, OTA_OK, 0, 64, OTA_OCF_STATE_SVV, "" },   /* no effect */
		{ S_CHECKING, 1, 64, OTA_OK, 0, 64, OTA_OCF_STATE_SVV, "" },  /* already */
		{ S_CHECKING, 1, 192, OTA_E_OCF_BUSY, 0, 64, OTA_OCF_STATE_SVV, "" },
		{ S_CHECKING, 1, 128, OTA_OK, 0, 64, OTA_OCF_STATE_SVV, "" }, /* 64 cleared: no effect;
									      * 128 set: see below */
		/* available: cm 64, tm 0 */
		{ S_AVAILABLE, 0, 64, OTA_E_OCF_PRIVILEGE, 64, 0, OTA_OCF_STATE_SVA, "" },
		{ S_AVAILABLE, 0, 128, OTA_E_OCF_PRIVILEGE, 64, 0, OTA_OCF_STATE_SVA, "" },
		{ S_AVAILABLE, 1, 0, OTA_OK, 64, 0, OTA_OCF_STATE_SVA, "" },
		{ S_AVAILABLE, 1, 64, OTA_OK, 0, 64, OTA_OCF_STATE_SVV, "1b:0/64/3/svv" },
		{ S_AVAILABLE, 1, 128, OTA_OK, 0, 128, OTA_OCF_STATE_UPGRADING, "1b:0/128/3/upgrading" },
		/* validated, nothing to install: tm.128 performs no update at once */
		{ S_NONE_FOUND, 1, 128, OTA_OK, 0, 0, OTA_OCF_STATE_IDLE, "2:0/128/3/idle 12:0/0/3/idle" },
		{ S_NONE_FOUND, 0, 128, OTA_E_OCF_PRIVILEGE, 0, 0, OTA_OCF_STATE_IDLE, "" },
		/* updating: cm 0, tm 128 */
		{ S_UPDATING, 0, 0, OTA_E_OCF_PRIVILEGE, 0, 128, OTA_OCF_STATE_UPGRADING, "" },
		{ S_UPDATING, 0, 128, OTA_E_OCF_PRIVILEGE, 0, 128, OTA_OCF_STATE_UPGRADING, "" },
		{ S_UPDATING, 1, 0, OTA_OK, 0, 128, OTA_OCF_STATE_UPGRADING, "" },
		{ S_UPDATING, 1, 128, OTA_OK, 0, 128, OTA_OCF_STATE_UPGRADING, "" },
		{ S_UPDATING, 1, 192, OTA_E_OCF_BUSY, 0, 128, OTA_OCF_STATE_UPGRADING, "" },
		{ S_UPDATING, 1, 64, OTA_OK, 0, 128, OTA_OCF_STATE_UPGRADING, "" }, /* clears 128 (no
							      * effect) and sets 64: busy? see below */
		/* updated: cm 128, tm 0; a new update needs a new validation */
		{ S_UPDATED, 0, 64, OTA_E_OCF_PRIVILEGE, 128, 0, OTA_OCF_STATE_IDLE, "" },
		{ S_UPDATED, 1, 128, OTA_E_OCF_NOT_VALIDATED, 128, 0, OTA_OCF_STATE_IDLE, "" },
		{ S_UPDATED, 1, 64, OTA_OK, 128, 64, OTA_OCF_STATE_SVV, "1a:128/64/3/svv" },
		{ S_UPDATED, 1, 0, OTA_OK, 128, 0, OTA_OCF_STATE_IDLE, "" },
		/* failed update: cm 0, tm 0 */
		{ S_FAILED, 1, 128, OTA_E_OCF_NOT_VALIDATED, 0, 0, OTA_OCF_STATE_IDLE, "" },
		{ S_FAILED, 0, 64, OTA_E_OCF_PRIVILEGE, 0, 0, OTA_OCF_STATE_IDLE, "" },
		{ S_FAILED, 1, 64, OTA_OK, 0, 64, OTA_OCF_STATE_SVV, "1a:0/64/3/svv" },
	};
	struct ota_ocf_dev *d;
	struct rec r;
	char where[64];
	size_t i;
	int got;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		memset(&r, 0, sizeof(r));
		d = mkdev(&r);
		reach(d, t[i].st);
		r.log[0] = '\0';
		got = ota_ocf_dev_write_tm(d, t[i].tm, t[i].priv ? OTA_OCF_CLIENT_PRIVILEGED :
		    OTA_OCF_CLIENT_UNPRIVILEGED);
		(void)snprintf(where, sizeof(where), "row %zu", i);
		/* a 128 written over a running check, a 64 over a running
		 * update: the clear has no effect and the set is refused */
		if ((t[i].st == S_CHECKING && t[i].tm == 128) ||
		    (t[i].st == S_UPDATING && t[i].tm == 64))
			ck_assert_msg(got == OTA_E_OCF_BUSY, "%s: %s", where, ota_errname(got));
		else
			ck_assert_msg(got == t[i].ret, "%s: %s, want %s", where, ota_errname(got),
			    ota_errname(t[i].ret));
		expect(d, t[i].cm, t[i].tmafter, 3, t[i].state, where);
		ck_assert_msg(strcmp(r.log, t[i].events) == 0, "%s: events \"%s\", want \"%s\"", where,
		    r.log, t[i].events);
		ota_ocf_dev_free(&d);
	}
}
END_TEST

/* Whole runs: the check's outcomes, the update's, device-initiated. */
START_TEST(runs)
{
	static const struct {
		const char *name;
		enum ota_ocf_reason check;  /* AVAILABLE, or why it was refused */
		int update;                  /* -1: none; else the result */
		int dos;
		unsigned cm;
		enum ota_ocf_reason reason;
		int result;
		const char *events;
	} t[] = {
		{ "available, updated", OTA_OCF_REASON_AVAILABLE, OTA_OCF_RESULT_SUCCESS, -1, 128,
		  OTA_OCF_REASON_UPDATED, OTA_OCF_RESULT_SUCCESS,
		  "a:0/64/3/svv 1b:64/0/3/sva 1b:0/128/3/upgrading 1b:128/0/3/idle" },
		{ "updated, dos to RFPRO", OTA_OCF_REASON_AVAILABLE, OTA_OCF_RESULT_SUCCESS, 2, 128,
		  OTA_OCF_REASON_UPDATED, OTA_OCF_RESULT_SUCCESS,
		  "a:0/64/3/svv 1b:64/0/3/sva 1b:0/128/3/upgrading 1f:128/0/2/idle" },
		{ "install fails", OTA_OCF_REASON_AVAILABLE, OTA_OCF_RESULT_LESS_FLASH, -1, 0,
		  OTA_OCF_REASON_INSTALL_FAILED, OTA_OCF_RESULT_LESS_FLASH,
		  "a:0/64/3/svv 1b:64/0/3/sva 1b:0/128/3/upgrading 1a:0/0/3/idle" },
		{ "bad signature", OTA_OCF_REASON_BAD_SIGNATURE, -1, -1, 0,
		  OTA_OCF_REASON_BAD_SIGNATURE, OTA_OCF_RESULT_SVV_FAIL, "a:0/64/3/svv 1a:0/0/3/idle" },
		{ "wrong identity", OTA_OCF_REASON_WRONG_IDENTITY, -1, -1, 0,
		  OTA_OCF_REASON_WRONG_IDENTITY, OTA_OCF_RESULT_SVV_FAIL, "a:0/64/3/svv 1a:0/0/3/idle" },
		{ "older or equal", OTA_OCF_REASON_NOT_NEWER, -1, -1, 0,
		  OTA_OCF_REASON_NOT_NEWER, OTA_OCF_RESULT_SVV_FAIL, "a:0/64/3/svv 1a:0/0/3/idle" },
		{ "nothing found", OTA_OCF_REASON_NO_CANDIDATE, -1, -1, 0,
		  OTA_OCF_REASON_NO_CANDIDATE, OTA_OCF_RESULT_IDLE, "a:0/64/3/svv a:0/0/3/idle" },
	};
	struct ota_ocf_candidate c;
	struct ota_ocf_swu s;
	struct ota_ocf_dev *d;
	struct rec r;
	size_t i;
	int who;

	for (who = 1; who <= 2; who++)
		for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
			memset(&r, 0, sizeof(r));
			d = mkdev(&r);
			/* privileged client, then the device on its own */
			ck_assert_int_eq(ota_ocf_dev_write_tm(d, 64, (enum ota_ocf_requester)who), OTA_OK);
			ck_assert_int_eq(r.checks, 1);
			c = good;
			c.reason = t[i].check;
			ck_assert_int_eq(ota_ocf_dev_check_done(d, t[i].check ==
			    OTA_OCF_REASON_NO_CANDIDATE ? NULL : &c), OTA_OK);
			ck_assert_int_eq(ota_ocf_dev_check_done(d, &c), OTA_E_STATE);
			if (t[i].update >= 0) {
				ck_assert_int_eq(ota_ocf_dev_swu(d, &s), OTA_OK);
				ck_assert_str_eq(s.nv, "2.0.0+0");
				ck_assert_int_eq(ota_ocf_dev_write_tm(d, 128, (enum ota_ocf_requester)who),
				    OTA_OK);
				ck_assert_int_eq(r.updates, 1);
				ck_assert_int_eq(r.got_null_cand, 0);
				ck_assert_int_eq(ota_ocf_dev_update_done(d, t[i].update, t[i].dos), OTA_OK);
			}
			expect(d, t[i].cm, 0, t[i].dos < 0 ? 3u : (unsigned)t[i].dos, OTA_OCF_STATE_IDLE,
			    t[i].name);
			ck_assert_int_eq(ota_ocf_dev_reason(d), t[i].reason);
			ck_assert_int_eq(ota_ocf_dev_swu(d, &s), OTA_OK);
			ck_assert_int_eq(s.result, t[i].result);
			if (t[i].reason == OTA_OCF_REASON_UPDATED)
				ck_assert_str_eq(s.lastupdate, "2026-11-30T06:00:00Z");
			ck_assert_msg(strcmp(r.log, t[i].events) == 0, "%s: \"%s\"", t[i].name, r.log);
			ota_ocf_dev_free(&d);
		}
}
END_TEST

START_TEST(policy_and_callbacks)
{
	struct ota_ocf_dev *d;
	struct rec r;

	/* REPORT: the update runs, reported, without a candidate */
	memset(&r, 0, sizeof(r));
	d = mkdev(&r);
	ck_assert_int_eq(ota_ocf_dev_set_policy(d, OTA_OCF_POLICY_REPORT), OTA_OK);
	ck_assert_int_eq(ota_ocf_dev_write_tm(d, 128, OTA_OCF_CLIENT_PRIVILEGED), OTA_OK);
	ck_assert_int_eq(r.got_null_cand, 1);
	ck_assert_int_eq(ota_ocf_dev_reason(d), OTA_OCF_REASON_NOT_VALIDATED);
	ck_assert_str_eq(r.log, "2a:0/128/3/upgrading");
	ck_assert_int_eq(ota_ocf_dev_update_done(d, OTA_OCF_RESULT_SUCCESS, -1), OTA_OK);
	expect(d, 128, 0, 3, OTA_OCF_STATE_IDLE, "report");
	ota_ocf_dev_free(&d);

	/* callbacks that fail at once, and ones that complete inside */
	memset(&r, 0, sizeof(r));
	r.check_ret = -1;
	d = mkdev(&r);
	ck_assert_int_eq(ota_ocf_dev_write_tm(d, 64, OTA_OCF_DEVICE), OTA_OK);
	ck_assert_int_eq(ota_ocf_dev_reason(d), OTA_OCF_REASON_CHECK_FAILED);
	expect(d, 0, 0, 3, OTA_OCF_STATE_IDLE, "check fails");
	r.check_ret = 0;
	r.sync = 1;
	ck_assert_int_eq(ota_ocf_dev_write_tm(d, 64, OTA_OCF_DEVICE), OTA_OK);
	expect(d, 64, 0, 3, OTA_OCF_STATE_SVA, "sync check");
	r.sync = 0;
	r.update_ret = -1;
	ck_assert_int_eq(ota_ocf_dev_write_tm(d, 128, OTA_OCF_DEVICE), OTA_OK);
	expect(d, 0, 0, 3, OTA_OCF_STATE_IDLE, "update fails");
	ck_assert_int_eq(ota_ocf_dev_reason(d), OTA_OCF_REASON_INSTALL_FAILED);
	ck_assert_int_eq(ota_ocf_dev_update_done(d, OTA_OCF_RESULT_SUCCESS, -1), OTA_E_STATE);
	ota_ocf_dev_free(&d);
}
END_TEST

/* A power loss in each step: save (caller buffer), a new machine restores
 * and resumes. */
static struct ota_ocf_dev *
reboot(struct ota_ocf_dev **d, struct rec *r, const char *installed)
{
	uint8_t buf[OTA_OCF_SAVE_MAX];
	size_t n = sizeof(buf);
	struct ota_ocf_dev *nd;

	ck_assert_int_eq(ota_ocf_dev_save(*d, buf, &n), OTA_OK);
	ota_ocf_dev_free(d);
	r->log[0] = '\0';
	nd = mkdev(r);
	ck_assert_int_eq(ota_ocf_dev_restore(nd, buf, n), OTA_OK);
	ck_assert_int_eq(ota_ocf_dev_resume(nd, installed), OTA_OK);
	return nd;
}

START_TEST(power_loss)
{
	struct ota_ocf_dev *d;
	struct rec r;

	/* during the check: it runs again, tm.64 still 1 */
	memset(&r, 0, sizeof(r));
	d = mkdev(&r);
	reach(d, S_CHECKING);
	d = reboot(&d, &r, "1.0.0+0");
	ck_assert_int_eq(r.checks, 2);
	expect(d, 0, 64, 3, OTA_OCF_STATE_SVV, "check resumed");
	ck_assert_str_eq(r.log, "");
	ck_assert_int_eq(ota_ocf_dev_check_done(d, &good), OTA_OK);
	expect(d, 64, 0, 3, OTA_OCF_STATE_SVA, "check resumed, done");
	/* after the check (validated): kept; tm.128 is allowed */
	d = reboot(&d, &r, "1.0.0+0");
	expect(d, 64, 0, 3, OTA_OCF_STATE_SVA, "validated kept");
	ck_assert_ptr_nonnull(ota_ocf_dev_candidate(d));
	ck_assert_int_eq(ota_ocf_dev_write_tm(d, 128, OTA_OCF_CLIENT_PRIVILEGED), OTA_OK);
	/* during the update, before the image was written: once more */
	d = reboot(&d, &r, "1.0.0+0");
	ck_assert_int_eq(r.updates, 2);
	expect(d, 0, 128, 3, OTA_OCF_STATE_UPGRADING, "update resumed");
	/* and again: a reboot loop ends the update */
	d = reboot(&d, &r, "1.0.0+0");
	expect(d, 0, 0, 3, OTA_OCF_STATE_IDLE, "update interrupted twice");
	ck_assert_int_eq(ota_ocf_dev_reason(d), OTA_OCF_REASON_INTERRUPTED);
	ck_assert_str_eq(r.log, "1a:0/0/3/idle");
	ota_ocf_dev_free(&d);

	/* written, and the device runs the new version: updated */
	memset(&r, 0, sizeof(r));
	d = mkdev(&r);
	reach(d, S_UPDATING);
	ck_assert_int_eq(ota_ocf_dev_update_installed(d), OTA_OK);
	d = reboot(&d, &r, "2.0.0+0");
	expect(d, 128, 0, 3, OTA_OCF_STATE_IDLE, "installed, runs the new one");
	ck_assert_int_eq(ota_ocf_dev_reason(d), OTA_OCF_REASON_UPDATED);
	ck_assert_str_eq(r.log, "1b:128/0/3/idle");
	/* after the update: kept */
	d = reboot(&d, &r, "2.0.0+0");
	expect(d, 128, 0, 3, OTA_OCF_STATE_IDLE, "updated kept");
	ota_ocf_dev_free(&d);

	/* written, but the old version runs (the boot loader reverted) */
	memset(&r, 0, sizeof(r));
	d = mkdev(&r);
	reach(d, S_UPDATING);
	ck_assert_int_eq(ota_ocf_dev_update_installed(d), OTA_OK);
	d = reboot(&d, &r, "1.0.0+0");
	expect(d, 0, 0, 3, OTA_OCF_STATE_IDLE, "installed, reverted");
	ck_assert_int_eq(ota_ocf_dev_reason(d), OTA_OCF_REASON_INTERRUPTED);
	ota_ocf_dev_free(&d);
}
END_TEST

START_TEST(state_file)
{
	char dir[] = "/tmp/ocf-test-XXXXXX";
	char path[128];
	uint8_t buf[OTA_OCF_SAVE_MAX];
	struct ota_ocf_dev *d;
	struct rec r;
	size_t n = sizeof(buf);

	ck_assert_ptr_nonnull(mkdtemp(dir));
	(void)snprintf(path, sizeof(path), "%s/swu.state", dir);
	memset(&r, 0, sizeof(r));
	d = mkdev(&r);
	ck_assert_int_eq(ota_ocf_dev_restore_path(d, path), OTA_E_NOT_FOUND);
	ck_assert_int_eq(ota_ocf_dev_set_state_path(d, path), OTA_OK);
	reach(d, S_UPDATING);
	ota_ocf_dev_free(&d);
	d = mkdev(&r);
	ck_assert_int_eq(ota_ocf_dev_restore_path(d, path), OTA_OK);
	expect(d, 0, 128, 3, OTA_OCF_STATE_UPGRADING, "from the file");
	/* a damaged record is refused, the machine unchanged */
	ck_assert_int_eq(ota_ocf_dev_save(d, buf, &n), OTA_OK);
	ota_ocf_dev_free(&d);
	d = mkdev(&r);
	buf[10] ^= 1;
	ck_assert_int_eq(ota_ocf_dev_restore(d, buf, n), OTA_E_DIGEST);
	ck_assert_int_eq(ota_ocf_dev_restore(d, buf, 5), OTA_E_TRUNCATED);
	buf[10] ^= 1;
	buf[0] = 'X';
	ck_assert_int_eq(ota_ocf_dev_restore(d, buf, n), OTA_E_BAD_MAGIC);
	expect(d, 0, 0, 3, OTA_OCF_STATE_IDLE, "unchanged");
	ota_ocf_dev_free(&d);
	ck_assert_int_eq(unlink(path), 0);
	/* a save into a folder that is not there says why (it said
	 * "input/output error"); the change took place in memory */
	(void)snprintf(path, sizeof(path), "%s/gone/swu.state", dir);
	d = mkdev(&r);
	ck_assert_int_eq(ota_ocf_dev_set_state_path(d, path), OTA_OK);
	ck_assert_int_eq(ota_ocf_dev_write_tm(d, 64, OTA_OCF_CLIENT_PRIVILEGED), OTA_E_IO);
	ck_assert_ptr_nonnull(strstr(ota_ocf_dev_errmsg(d), path));
	ck_assert_ptr_nonnull(strstr(ota_ocf_dev_errmsg(d), strerror(ENOENT)));
	ota_ocf_dev_free(&d);
	ck_assert_int_eq(rmdir(dir), 0);
}
END_TEST

/* CRC-32 (zlib's polynomial), typed here: a tampered record re-sealed. */
static void
reseal(uint8_t *buf, size_t n)
{
	uint32_t crc = 0xFFFFFFFFu;
	size_t i;
	int k;

	for (i = 0; i + 4 < n; i++) {
		crc ^= buf[i];
		for (k = 0; k < 8; k++)
			crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
	}
	crc = ~crc;
	for (k = 0; k < 4; k++)
		buf[n - 4 + (size_t)k] = (uint8_t)(crc >> (8 * k));
}

/* A hostile state file: truncated, another version, fields that do not go
 * together (CRC right), a FIFO; each refused with its code and the machine
 * left idle. */
START_TEST(state_tampered)
{
	char dir[] = "/tmp/ocf-tamper-XXXXXX", fifo[128];
	uint8_t buf[OTA_OCF_SAVE_MAX], t[OTA_OCF_SAVE_MAX];
	struct ota_ocf_dev *d;
	struct rec r;
	size_t n = sizeof(buf);

	memset(&r, 0, sizeof(r));
	d = mkdev(&r);
	reach(d, S_UPDATING);
	ck_assert_int_eq(ota_ocf_dev_save(d, buf, &n), OTA_OK);
	ota_ocf_dev_free(&d);
	d = mkdev(&r);
	/* cut before the CRC, re-sealed: the record ends inside a field */
	memcpy(t, buf, n);
	reseal(t, n - 20);
	ck_assert_int_eq(ota_ocf_dev_restore(d, t, n - 20), OTA_E_TRUNCATED);
	memcpy(t, buf, n);
	t[4] = 2;
	reseal(t, n);
	ck_assert_int_eq(ota_ocf_dev_restore(d, t, n), OTA_E_VERSION);
	/* an update running with tm 0 (offset 7: tm) */
	memcpy(t, buf, n);
	t[7] = 0;
	reseal(t, n);
	ck_assert_int_eq(ota_ocf_dev_restore(d, t, n), OTA_E_STRUCTURE);
	ck_assert_ptr_nonnull(strstr(ota_ocf_dev_errmsg(d), "do not go together"));
	/* a check running while swupdatestate says upgrading */
	memcpy(t, buf, n);
	t[7] = 64;
	reseal(t, n);
	ck_assert_int_eq(ota_ocf_dev_restore(d, t, n), OTA_E_STRUCTURE);
	expect(d, 0, 0, 3, OTA_OCF_STATE_IDLE, "still idle");
	ck_assert_int_eq(ota_ocf_dev_check_done(d, &good), OTA_E_STATE);
	ck_assert_int_eq(ota_ocf_dev_restore(d, buf, n), OTA_OK); /* the real one still is */
	ota_ocf_dev_free(&d);
	/* a FIFO as the state path: refused without blocking */
	ck_assert_ptr_nonnull(mkdtemp(dir));
	(void)snprintf(fifo, sizeof(fifo), "%s/state", dir);
	ck_assert_int_eq(mkfifo(fifo, 0600), 0);
	d = mkdev(&r);
	ck_assert_int_eq(ota_ocf_dev_restore_path(d, fifo), OTA_E_IO);
	ck_assert_ptr_nonnull(strstr(ota_ocf_dev_errmsg(d), "not a regular file"));
	ota_ocf_dev_free(&d);
	ck_assert_int_eq(unlink(fifo), 0);
	ck_assert_int_eq(rmdir(dir), 0);
}
END_TEST

/* A reset (dos RESET) ends a running check or update: its callback,
 * completing late, is refused and changes nothing. */
START_TEST(late_after_reset)
{
	struct ota_ocf_swu s;
	struct ota_ocf_dev *d;
	struct rec r;
	uint32_t job;

	memset(&r, 0, sizeof(r));
	d = mkdev(&r);
	reach(d, S_CHECKING);
	ck_assert_int_eq(ota_ocf_dev_set_dos(d, OTA_OCF_DOS_RESET, 0), OTA_OK);
	expect(d, 0, 0, 0, OTA_OCF_STATE_IDLE, "reset during the check");
	ck_assert_int_eq(ota_ocf_dev_check_done(d, &good), OTA_E_STATE);
	expect(d, 0, 0, 0, OTA_OCF_STATE_IDLE, "the late check_done");
	ck_assert_int_eq(ota_ocf_dev_reason(d), OTA_OCF_REASON_INTERRUPTED);
	ota_ocf_dev_free(&d);

	d = mkdev(&r);
	reach(d, S_UPDATING);
	ck_assert_int_eq(ota_ocf_dev_set_dos(d, OTA_OCF_DOS_RESET, 0), OTA_OK);
	ck_assert_int_eq(ota_ocf_dev_update_installed(d), OTA_E_STATE);
	ck_assert_int_eq(ota_ocf_dev_update_done(d, OTA_OCF_RESULT_SUCCESS, -1), OTA_E_STATE);
	expect(d, 0, 0, 0, OTA_OCF_STATE_IDLE, "the late update_done");
	ck_assert_int_eq(ota_ocf_dev_swu(d, &s), OTA_OK);
	ck_assert_int_eq(s.result, OTA_OCF_RESULT_UPGRADE_FAIL);
	ota_ocf_dev_free(&d);

	/* a reset, then a new check: the old job's completion does not end it */
	d = mkdev(&r);
	reach(d, S_CHECKING);
	job = ota_ocf_dev_job(d);
	ck_assert_uint_ne(job, 0);
	ck_assert_int_eq(ota_ocf_dev_set_dos(d, OTA_OCF_DOS_RESET, 0), OTA_OK);
	ck_assert_uint_eq(ota_ocf_dev_job(d), 0);
	ck_assert_int_eq(ota_ocf_dev_set_dos(d, OTA_OCF_DOS_RFNOP, 0), OTA_OK);
	ck_assert_int_eq(ota_ocf_dev_write_tm(d, 64, OTA_OCF_CLIENT_PRIVILEGED), OTA_OK);
	ck_assert_uint_ne(ota_ocf_dev_job(d), job);
	ck_assert_int_eq(ota_ocf_dev_check_done_job(d, job, &good), OTA_E_STATE);
	ck_assert_ptr_nonnull(strstr(ota_ocf_dev_errmsg(d), "is over"));
	expect(d, 0, 64, 3, OTA_OCF_STATE_SVV, "the new check still runs");
	ck_assert_int_eq(ota_ocf_dev_update_done_job(d, ota_ocf_dev_job(d), OTA_OCF_RESULT_SUCCESS,
	    -1), OTA_E_STATE); /* a check runs, not an update */
	ck_assert_int_eq(ota_ocf_dev_check_done_job(d, ota_ocf_dev_job(d), &good), OTA_OK);
	expect(d, 64, 0, 3, OTA_OCF_STATE_SVA, "its own job completes it");
	ck_assert_int_eq(ota_ocf_dev_write_tm(d, 128, OTA_OCF_CLIENT_PRIVILEGED), OTA_OK);
	job = ota_ocf_dev_job(d);
	ck_assert_int_eq(ota_ocf_dev_update_done_job(d, job + 1, OTA_OCF_RESULT_SUCCESS, -1),
	    OTA_E_STATE);
	ck_assert_int_eq(ota_ocf_dev_update_done_job(d, job, OTA_OCF_RESULT_SUCCESS, -1), OTA_OK);
	expect(d, 128, 0, 3, OTA_OCF_STATE_IDLE, "updated by its job");
	ck_assert_int_eq(ota_ocf_dev_update_done_job(d, job, OTA_OCF_RESULT_SUCCESS, -1),
	    OTA_E_STATE);
	ota_ocf_dev_free(&d);

	/* the validation is forgotten: tm.128 needs a new one (ENFORCE) */
	d = mkdev(&r);
	reach(d, S_UPDATING);
	ck_assert_int_eq(ota_ocf_dev_set_dos(d, OTA_OCF_DOS_RESET, 0), OTA_OK);
	ck_assert_int_eq(ota_ocf_dev_set_dos(d, OTA_OCF_DOS_RFNOP, 0), OTA_OK);
	ck_assert_int_eq(ota_ocf_dev_write_tm(d, 128, OTA_OCF_CLIENT_PRIVILEGED),
	    OTA_E_OCF_NOT_VALIDATED);
	ota_ocf_dev_free(&d);
}
END_TEST

START_TEST(posts)
{
	struct ota_ocf_pstat p;
	struct ota_ocf_swu s;
	struct ota_ocf_dev *d;
	struct rec r;

	memset(&r, 0, sizeof(r));
	d = mkdev(&r);
	memset(&p, 0, sizeof(p));
	p.present = OTA_OCF_PSTAT_CM | OTA_OCF_PSTAT_TM;
	p.tm = 64;
	ck_assert_int_eq(ota_ocf_dev_post_pstat(d, &p, OTA_OCF_CLIENT_PRIVILEGED),
	    OTA_E_OCF_READ_ONLY);
	p.present = OTA_OCF_PSTAT_TM;
	ck_assert_int_eq(ota_ocf_dev_post_pstat(d, &p, OTA_OCF_CLIENT_UNPRIVILEGED),
	    OTA_E_OCF_PRIVILEGE);
	ck_assert_int_eq(ota_ocf_dev_post_pstat(d, &p, OTA_OCF_CLIENT_PRIVILEGED), OTA_OK);
	expect(d, 0, 64, 3, OTA_OCF_STATE_SVV, "pstat post");
	ck_assert_int_eq(ota_ocf_dev_check_done(d, &good), OTA_OK);
	/* /oc/swu: upgrade at a later time, run by the tick */
	memset(&s, 0, sizeof(s));
	s.present = OTA_OCF_SWU_PURL | OTA_OCF_SWU_ACTION | OTA_OCF_SWU_UPDATETIME;
	(void)snprintf(s.purl, sizeof(s.purl), "https://fw.example.com/x");
	s.action = OTA_OCF_ACTION_UPGRADE;
	(void)snprintf(s.updatetime, sizeof(s.updatetime), "2026-11-30T07:00:00Z");
	ck_assert_int_eq(ota_ocf_dev_post_swu(d, &s, OTA_OCF_CLIENT_PRIVILEGED), OTA_OK);
	ck_assert_int_eq(r.updates, 0);
	ck_assert_int_eq(ota_ocf_dev_tick(d), OTA_OK);
	ck_assert_int_eq(r.updates, 0);
	(void)snprintf(s.updatetime, sizeof(s.updatetime), "now");
	s.present |= OTA_OCF_SWU_STATE;
	ck_assert_int_eq(ota_ocf_dev_post_swu(d, &s, OTA_OCF_CLIENT_PRIVILEGED),
	    OTA_E_OCF_READ_ONLY);
	s.present &= ~OTA_OCF_SWU_STATE;
	ck_assert_int_eq(ota_ocf_dev_post_swu(d, &s, OTA_OCF_CLIENT_PRIVILEGED), OTA_OK);
	ck_assert_int_eq(r.updates, 1);
	ck_assert_int_eq(ota_ocf_dev_swu(d, &s), OTA_OK);
	ck_assert_str_eq(s.purl, "https://fw.example.com/x");
	ck_assert_int_eq(s.action, OTA_OCF_ACTION_UPGRADE);
	ck_assert_int_eq(s.state, OTA_OCF_STATE_UPGRADING);
	ota_ocf_dev_free(&d);
}
END_TEST

/* A check that brings the device down every time: three runs after the
 * first, then it ends (interrupted), no reboot loop. */
START_TEST(check_reboot_loop)
{
	struct ota_ocf_swu s;
	struct ota_ocf_dev *d;
	struct rec r;
	int i;

	memset(&r, 0, sizeof(r));
	d = mkdev(&r);
	reach(d, S_CHECKING);
	for (i = 0; i < 3; i++) {
		d = reboot(&d, &r, "1.0.0+0");
		expect(d, 0, 64, 3, OTA_OCF_STATE_SVV, "the check runs again");
	}
	ck_assert_int_eq(r.checks, 4); /* the first run and three more */
	d = reboot(&d, &r, "1.0.0+0");
	ck_assert_int_eq(r.checks, 4); /* no fifth run */
	expect(d, 0, 0, 3, OTA_OCF_STATE_IDLE, "the fourth power loss ends it");
	ck_assert_int_eq(ota_ocf_dev_reason(d), OTA_OCF_REASON_INTERRUPTED);
	ck_assert_int_eq(ota_ocf_dev_swu(d, &s), OTA_OK);
	ck_assert_int_eq(s.result, OTA_OCF_RESULT_SVV_FAIL);
	ck_assert_int_eq(ota_ocf_dev_check_done(d, &good), OTA_E_STATE);
	ota_ocf_dev_free(&d);
}
END_TEST

static int64_t moving_now = 1796018400; /* 2026-11-30T06:00:00Z */

static int64_t
moving_clock(void *arg)
{
	(void)arg;
	return moving_now;
}

/* An /oc/swu action refused (busy) changes nothing; a scheduled one that
 * comes due while the other process runs waits for a later tick. */
START_TEST(swu_refused_and_busy_tick)
{
	struct ota_ocf_swu s, now;
	struct ota_ocf_dev *d;
	struct rec r;

	memset(&r, 0, sizeof(r));
	d = mkdev(&r);
	ck_assert_int_eq(ota_ocf_dev_set_clock(d, moving_clock, NULL), OTA_OK);
	memset(&s, 0, sizeof(s));
	s.present = OTA_OCF_SWU_PURL | OTA_OCF_SWU_ACTION | OTA_OCF_SWU_UPDATETIME;
	(void)snprintf(s.purl, sizeof(s.purl), "https://fw.example.com/a");
	s.action = OTA_OCF_ACTION_UPGRADE;
	(void)snprintf(s.updatetime, sizeof(s.updatetime), "2026-11-30T06:01:00Z");
	ck_assert_int_eq(ota_ocf_dev_post_swu(d, &s, OTA_OCF_CLIENT_PRIVILEGED), OTA_OK);
	reach(d, S_CHECKING);
	/* refused while the check runs: purl, updatetime and the schedule stay */
	(void)snprintf(s.purl, sizeof(s.purl), "https://evil.example.com/b");
	(void)snprintf(s.updatetime, sizeof(s.updatetime), "now");
	ck_assert_int_eq(ota_ocf_dev_post_swu(d, &s, OTA_OCF_CLIENT_PRIVILEGED), OTA_E_OCF_BUSY);
	ck_assert_int_eq(ota_ocf_dev_swu(d, &now), OTA_OK);
	ck_assert_str_eq(now.purl, "https://fw.example.com/a");
	ck_assert_str_eq(now.updatetime, "2026-11-30T06:01:00Z");
	/* due while the check runs: busy, kept */
	moving_now += 120;
	ck_assert_int_eq(ota_ocf_dev_tick(d), OTA_E_OCF_BUSY);
	ck_assert_int_eq(r.updates, 0);
	ck_assert_int_eq(ota_ocf_dev_check_done(d, &good), OTA_OK);
	ck_assert_int_eq(ota_ocf_dev_tick(d), OTA_OK);
	ck_assert_int_eq(r.updates, 1);
	expect(d, 0, 128, 3, OTA_OCF_STATE_UPGRADING, "the scheduled upgrade ran");
	moving_now -= 120;
	ota_ocf_dev_free(&d);
}
END_TEST

Suite *
suite_ocf_dev(void)
{
	Suite *s = suite_create("ocf_dev");
	TCase *tc = tcase_create("machine");

	tcase_add_test(tc, tm_writes_every_state);
	tcase_add_test(tc, runs);
	tcase_add_test(tc, policy_and_callbacks);
	tcase_add_test(tc, power_loss);
	tcase_add_test(tc, state_file);
	tcase_add_test(tc, state_tampered);
	tcase_add_test(tc, late_after_reset);
	tcase_add_test(tc, swu_refused_and_busy_tick);
	tcase_add_test(tc, check_reboot_loop);
	tcase_add_test(tc, posts);
	suite_add_tcase(s, tc);
	return s;
}
