/* dev.c - the device side of the OCF Security 15.4 software-update
 * handshake: pstat tm writes, the version check (tm.64 / cm.64) and the
 * update (tm.128 / cm.128) run through the caller's callbacks, /oc/swu
 * swupdatestate and swupdateresult, observers. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ocf/dev_private.h"

#define OCF_CHECK_RESUMES 3 /* times an interrupted check runs again */
#define SVV OTA_OCF_DPM_SVV
#define SSU OTA_OCF_DPM_SSU

int
ota__ocf_dev_ok(const struct ota_ocf_dev *dev)
{
	return dev != NULL && dev->magic == OTA_OCF_DEV_MAGIC;
}

int
ota__ocf_dev_fail(struct ota_ocf_dev *dev, int err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	(void)vsnprintf(dev->err, sizeof(dev->err), fmt, ap);
	va_end(ap);
	return err;
}

struct ota_ocf_dev *
ota_ocf_dev_new_ctx(const struct ota_ctx *ctx)
{
	struct ota_env env;
	struct ota_ocf_dev *dev;

	ota__env_from(&env, ctx);
	if ((dev = ota__zalloc(&env, sizeof(*dev))) == NULL)
		return NULL;
	dev->magic = OTA_OCF_DEV_MAGIC;
	dev->env = env;
	dev->policy = OTA_OCF_POLICY_ENFORCE;
	/* a device in normal operation: RFNOP, operational */
	dev->p.ps.present = OTA_OCF_PSTAT_DOS_S | OTA_OCF_PSTAT_DOS_P | OTA_OCF_PSTAT_ISOP |
	    OTA_OCF_PSTAT_CM | OTA_OCF_PSTAT_TM | OTA_OCF_PSTAT_OM | OTA_OCF_PSTAT_SM;
	dev->p.ps.dos_s = OTA_OCF_DOS_RFNOP;
	dev->p.ps.isop = 1;
	dev->p.ps.om = 4;
	dev->p.ps.sm = 4;
	return dev;
}

struct ota_ocf_dev *
ota_ocf_dev_new(void)
{
	return ota_ocf_dev_new_ctx(NULL);
}

void
ota_ocf_dev_free(struct ota_ocf_dev **dev)
{
	struct ota_env env;

	if (dev == NULL || !ota__ocf_dev_ok(*dev))
		return;
	env = (*dev)->env;
	ota__free(&env, (*dev)->state_path);
	(*dev)->magic = 0;
	ota__free(&env, *dev);
	*dev = NULL;
}

const char *
ota_ocf_dev_errmsg(const struct ota_ocf_dev *dev)
{
	return ota__ocf_dev_ok(dev) ? dev->err : "invalid handle";
}

int
ota_ocf_dev_set_callbacks(struct ota_ocf_dev *dev, const struct ota_ocf_callbacks *cb)
{
	if (!ota__ocf_dev_ok(dev))
		return OTA_E_INVAL;
	if (cb == NULL)
		memset(&dev->cb, 0, sizeof(dev->cb));
	else
		dev->cb = *cb;
	return OTA_OK;
}

int
ota_ocf_dev_set_policy(struct ota_ocf_dev *dev, enum ota_ocf_policy policy)
{
	if (!ota__ocf_dev_ok(dev) || (policy != OTA_OCF_POLICY_ENFORCE &&
	    policy != OTA_OCF_POLICY_REPORT))
		return OTA_E_INVAL;
	dev->policy = policy;
	return OTA_OK;
}

int
ota_ocf_dev_set_state_path(struct ota_ocf_dev *dev, const char *path)
{
	char *copy = NULL;
	size_t n;

	if (!ota__ocf_dev_ok(dev))
		return OTA_E_INVAL;
	if (path != NULL) {
		n = strlen(path) + 1;
		if ((copy = ota__alloc(&dev->env, n)) == NULL)
			return OTA_E_NOMEM;
		memcpy(copy, path, n);
	}
	ota__free(&dev->env, dev->state_path);
	dev->state_path = copy;
	return OTA_OK;
}

int
ota_ocf_dev_set_clock(struct ota_ocf_dev *dev, int64_t (*now)(void *arg), void *arg)
{
	if (!ota__ocf_dev_ok(dev))
		return OTA_E_INVAL;
	dev->now = now;
	dev->now_arg = arg;
	return OTA_OK;
}

static int64_t
now_of(const struct ota_ocf_dev *dev)
{
	return dev->now != NULL ? dev->now(dev->now_arg) : (int64_t)time(NULL);
}

/* ---- changes and observers ---- */

struct snap {
	uint16_t cm, tm;
	uint8_t dos_s, dos_p, state, unvalidated;
	int32_t result;
	char nv[OTA_OCF_SWU_STR_MAX + 1];
	char last[OTA_OCF_TIME_MAX + 1];
};

static void
take(const struct ota_ocf_dev *dev, struct snap *s)
{
	memset(s, 0, sizeof(*s));
	s->cm = dev->p.ps.cm;
	s->tm = dev->p.ps.tm;
	s->dos_s = dev->p.ps.dos_s;
	s->dos_p = dev->p.ps.dos_p;
	s->state = dev->p.state;
	s->unvalidated = dev->p.unvalidated;
	s->result = dev->p.result;
	memcpy(s->nv, dev->p.nv, sizeof(s->nv));
	memcpy(s->last, dev->p.lastupdate, sizeof(s->last));
}

/* Save, then tell the observer what differs from before: the observer
 * never sees a state a power loss could lose. */
static int
changed(struct ota_ocf_dev *dev, const struct snap *b)
{
	unsigned c = 0;
	int r;

	c |= b->cm != dev->p.ps.cm ? OTA_OCF_CHG_CM : 0u;
	c |= b->tm != dev->p.ps.tm ? OTA_OCF_CHG_TM : 0u;
	c |= b->dos_s != dev->p.ps.dos_s || b->dos_p != dev->p.ps.dos_p ? OTA_OCF_CHG_DOS : 0u;
	c |= b->state != dev->p.state ? OTA_OCF_CHG_STATE : 0u;
	c |= b->result != dev->p.result || strcmp(b->nv, dev->p.nv) != 0 ||
	    strcmp(b->last, dev->p.lastupdate) != 0 ? OTA_OCF_CHG_RESULT : 0u;
	c |= !b->unvalidated && dev->p.unvalidated ? OTA_OCF_CHG_UNVALIDATED : 0u;
	r = ota__ocf_dev_persist(dev);
	if (c != 0 && dev->cb.observe != NULL)
		dev->cb.observe(dev->cb.arg, dev, c);
	return r;
}

/* ---- the processes ---- */

static int finish_update(struct ota_ocf_dev *dev, int result, int dos, enum ota_ocf_reason why);

static int
finish_check(struct ota_ocf_dev *dev, const struct ota_ocf_candidate *cand,
    enum ota_ocf_reason why)
{
	struct snap b;

	take(dev, &b);
	if (cand != NULL && cand->reason == OTA_OCF_REASON_AVAILABLE) {
		dev->p.cand = *cand;
		dev->p.cand.path[sizeof(dev->p.cand.path) - 1] = '\0';
		dev->p.cand.version[sizeof(dev->p.cand.version) - 1] = '\0';
		dev->p.cand.msg[sizeof(dev->p.cand.msg) - 1] = '\0';
		dev->p.has_cand = 1;
		dev->p.ps.cm = (uint16_t)(dev->p.ps.cm | SVV);
		(void)snprintf(dev->p.nv, sizeof(dev->p.nv), "%s", dev->p.cand.version);
		dev->p.state = OTA_OCF_STATE_SVA;
		dev->p.result = OTA_OCF_RESULT_SUCCESS;
		dev->p.reason = OTA_OCF_REASON_AVAILABLE;
	} else {
		dev->p.has_cand = 0;
		dev->p.ps.cm = (uint16_t)(dev->p.ps.cm & ~SVV);
		dev->p.nv[0] = '\0';
		dev->p.state = OTA_OCF_STATE_IDLE;
		dev->p.reason = (uint8_t)(cand != NULL ? cand->reason : why);
		/* nothing found is not a failure; a refused candidate is */
		dev->p.result = dev->p.reason == OTA_OCF_REASON_NO_CANDIDATE ? OTA_OCF_RESULT_IDLE :
		    OTA_OCF_RESULT_SVV_FAIL;
	}
	dev->p.validated = 1;
	dev->p.proc = OCF_PROC_NONE;
	dev->p.resumes = 0;
	dev->p.ps.tm = (uint16_t)(dev->p.ps.tm & ~SVV); /* completion */
	return changed(dev, &b);
}

/* A new run of a callback: its own job number (never 0). */
static void
next_job(struct ota_ocf_dev *dev)
{
	if (++dev->job == 0)
		dev->job = 1;
}

static int
run_check(struct ota_ocf_dev *dev)
{
	next_job(dev);
	if (dev->cb.check == NULL)
		return finish_check(dev, NULL, OTA_OCF_REASON_CHECK_FAILED);
	if (dev->cb.check(dev->cb.arg, dev) < 0 && dev->p.proc == OCF_PROC_CHECK)
		return finish_check(dev, NULL, OTA_OCF_REASON_CHECK_FAILED);
	return OTA_OK;
}

static int
run_update(struct ota_ocf_dev *dev)
{
	const struct ota_ocf_candidate *c = dev->p.has_cand ? &dev->p.cand : NULL;

	next_job(dev);
	if (dev->cb.update == NULL)
		return finish_update(dev, OTA_OCF_RESULT_UPGRADE_FAIL, -1,
		    OTA_OCF_REASON_INSTALL_FAILED);
	if (dev->cb.update(dev->cb.arg, dev, c) < 0 && dev->p.proc == OCF_PROC_UPDATE)
		return finish_update(dev, OTA_OCF_RESULT_UPGRADE_FAIL, -1,
		    OTA_OCF_REASON_INSTALL_FAILED);
	return OTA_OK;
}

static int
start_check(struct ota_ocf_dev *dev)
{
	struct snap b;
	int r;

	take(dev, &b);
	dev->p.ps.cm = (uint16_t)(dev->p.ps.cm & ~SVV);
	dev->p.ps.tm = (uint16_t)(dev->p.ps.tm | SVV);
	dev->p.proc = OCF_PROC_CHECK;
	dev->p.validated = 0;
	dev->p.has_cand = 0;
	dev->p.nv[0] = '\0';
	dev->p.state = OTA_OCF_STATE_SVV;
	dev->p.reason = OTA_OCF_REASON_NONE;
	dev->p.result = OTA_OCF_RESULT_IDLE;
	if ((r = changed(dev, &b)) != OTA_OK)
		return r;
	return run_check(dev);
}

static int
start_update(struct ota_ocf_dev *dev)
{
	struct snap b;
	int r;

	take(dev, &b);
	dev->p.ps.cm = (uint16_t)(dev->p.ps.cm & ~(SVV | SSU)); /* 15.4: cm.64 = 0 */
	dev->p.ps.tm = (uint16_t)(dev->p.ps.tm | SSU);
	dev->p.proc = OCF_PROC_UPDATE;
	dev->p.installed = 0;
	dev->p.unvalidated = !dev->p.validated;
	dev->p.reason = dev->p.unvalidated ? OTA_OCF_REASON_NOT_VALIDATED : OTA_OCF_REASON_NONE;
	if (dev->p.validated && !dev->p.has_cand) {
		/* validated, and nothing to install: no update is performed */
		dev->p.proc = OCF_PROC_UPDATE;
		if ((r = changed(dev, &b)) != OTA_OK)
			return r;
		return finish_update(dev, OTA_OCF_RESULT_IDLE, -1, OTA_OCF_REASON_NO_CANDIDATE);
	}
	dev->p.state = OTA_OCF_STATE_UPGRADING;
	dev->p.result = OTA_OCF_RESULT_IDLE;
	if ((r = changed(dev, &b)) != OTA_OK)
		return r;
	return run_update(dev);
}

static int
finish_update(struct ota_ocf_dev *dev, int result, int dos, enum ota_ocf_reason why)
{
	struct snap b;

	take(dev, &b);
	if (result == OTA_OCF_RESULT_SUCCESS) {
		dev->p.ps.cm = (uint16_t)(dev->p.ps.cm | SSU);
		(void)ota_ocf_time_format(now_of(dev), dev->p.lastupdate, sizeof(dev->p.lastupdate));
		dev->p.reason = OTA_OCF_REASON_UPDATED;
		dev->p.has_cand = 0;
		dev->p.nv[0] = '\0';
	} else {
		dev->p.ps.cm = (uint16_t)(dev->p.ps.cm & ~SSU);
		dev->p.reason = (uint8_t)why;
	}
	dev->p.result = result;
	if (dos >= OTA_OCF_DOS_RESET && dos <= OTA_OCF_DOS_SRESET)
		dev->p.ps.dos_s = (uint8_t)dos;
	dev->p.state = OTA_OCF_STATE_IDLE;
	dev->p.proc = OCF_PROC_NONE;
	dev->p.validated = 0;
	dev->p.unvalidated = 0;
	dev->p.installed = 0;
	dev->p.resumes = 0;
	dev->p.ps.tm = (uint16_t)(dev->p.ps.tm & ~SSU); /* completion */
	return changed(dev, &b);
}

/* ---- entry points ---- */

int
ota_ocf_dev_write_tm(struct ota_ocf_dev *dev, unsigned tm, enum ota_ocf_requester who)
{
	unsigned cur, up;
	struct snap b;

	if (!ota__ocf_dev_ok(dev))
		return OTA_E_INVAL;
	dev->err[0] = '\0';
	if (who != OTA_OCF_CLIENT_PRIVILEGED && who != OTA_OCF_DEVICE)
		return ota__ocf_dev_fail(dev, OTA_E_OCF_PRIVILEGE, "pstat.tm: the client is not "
		    "privileged to write tm");
	if (tm & ~OTA_OCF_DPM_SPEC_MASK)
		return ota__ocf_dev_fail(dev, OTA_E_OCF_BITS, "pstat.tm: 0x%x has bits outside the "
		    "dpmtype table%s", tm, (tm & OTA_OCF_DPM_NONSPEC_IOTIVITY_NSA) ? " (256 is "
		    "iotivity-lite's non-spec NSA)" : "");
	cur = dev->p.ps.tm;
	up = tm & ~cur & (SVV | SSU); /* bits written 0 -> 1 */
	if (up == (SVV | SSU))
		return ota__ocf_dev_fail(dev, OTA_E_OCF_BUSY, "pstat.tm: 64 and 128 in one write; "
		    "validate first, then update");
	if ((up & SVV) && dev->p.proc == OCF_PROC_UPDATE)
		return ota__ocf_dev_fail(dev, OTA_E_OCF_BUSY, "pstat.tm: a software update runs");
	if ((up & SSU) && dev->p.proc == OCF_PROC_CHECK)
		return ota__ocf_dev_fail(dev, OTA_E_OCF_BUSY, "pstat.tm: a version validation runs");
	if ((up & SSU) && !dev->p.validated && dev->policy == OTA_OCF_POLICY_ENFORCE)
		return ota__ocf_dev_fail(dev, OTA_E_OCF_NOT_VALIDATED, "pstat.tm: set 64 (software "
		    "version validation) and wait for it to complete before 128");
	/* the other dpmtype bits belong to onboarding: kept as written */
	if ((tm & ~(SVV | SSU)) != (cur & ~(SVV | SSU))) {
		take(dev, &b);
		dev->p.ps.tm = (uint16_t)((cur & (SVV | SSU)) | (tm & ~(SVV | SSU)));
		(void)changed(dev, &b);
	}
	/* a 0 written over a running process's bit has no effect */
	if (up & SVV)
		return start_check(dev);
	if (up & SSU)
		return start_update(dev);
	return OTA_OK;
}

int
ota_ocf_dev_post_pstat(struct ota_ocf_dev *dev, const struct ota_ocf_pstat *req,
    enum ota_ocf_requester who)
{
	if (!ota__ocf_dev_ok(dev) || req == NULL)
		return OTA_E_INVAL;
	if (req->present & OTA_OCF_PSTAT_CM)
		return ota__ocf_dev_fail(dev, OTA_E_OCF_READ_ONLY, "pstat.cm is read-only");
	if (req->present & OTA_OCF_PSTAT_TM)
		return ota_ocf_dev_write_tm(dev, req->tm, who);
	return OTA_OK;
}

static int
run_action(struct ota_ocf_dev *dev, unsigned action, enum ota_ocf_requester who)
{
	if (action == OTA_OCF_ACTION_ISAC || action == OTA_OCF_ACTION_ISVV)
		return ota_ocf_dev_write_tm(dev, dev->p.ps.tm | SVV, who);
	if (action == OTA_OCF_ACTION_UPGRADE)
		return ota_ocf_dev_write_tm(dev, dev->p.ps.tm | SSU, who);
	return OTA_OK;
}

int
ota_ocf_dev_post_swu(struct ota_ocf_dev *dev, const struct ota_ocf_swu *req,
    enum ota_ocf_requester who)
{
	char msg[OTA_MSG_LEN];
	struct ocf_persist before;
	int64_t at = 0;
	int r;

	if (!ota__ocf_dev_ok(dev) || req == NULL)
		return OTA_E_INVAL;
	dev->err[0] = '\0';
	if (who == OTA_OCF_CLIENT_UNPRIVILEGED)
		return ota__ocf_dev_fail(dev, OTA_E_OCF_PRIVILEGE, "/oc/swu: the client is not "
		    "privileged");
	if ((r = ota_ocf_swu_validate_update(req, now_of(dev), msg, sizeof(msg))) != OTA_OK)
		return ota__ocf_dev_fail(dev, r, "%s", msg);
	before = dev->p;
	if (req->purl[0] != '\0')
		(void)snprintf(dev->p.purl, sizeof(dev->p.purl), "%s", req->purl);
	(void)snprintf(dev->p.updatetime, sizeof(dev->p.updatetime), "%s", req->updatetime);
	dev->p.pending = 0;
	if (req->action == OTA_OCF_ACTION_IDLE || strcmp(req->updatetime, "none") == 0)
		return ota__ocf_dev_persist(dev);
	if (strcmp(req->updatetime, "now") == 0 ||
	    (ota_ocf_time_parse(req->updatetime, &at) == OTA_OK && at <= now_of(dev))) {
		/* a refused action (busy, not validated) changes nothing: not the
		 * purl, nor an action scheduled before */
		r = run_action(dev, req->action, who);
		if (r == OTA_E_OCF_BUSY || r == OTA_E_OCF_NOT_VALIDATED)
			dev->p = before; /* write_tm refused before it changed anything */
		return r;
	}
	dev->p.pending = 1;
	dev->p.pending_action = (uint8_t)req->action;
	dev->p.pending_at = at;
	return ota__ocf_dev_persist(dev);
}

int
ota_ocf_dev_tick(struct ota_ocf_dev *dev)
{
	int r;

	if (!ota__ocf_dev_ok(dev))
		return OTA_E_INVAL;
	if (!dev->p.pending || now_of(dev) < dev->p.pending_at)
		return OTA_OK;
	dev->p.pending = 0;
	r = run_action(dev, dev->p.pending_action, OTA_OCF_DEVICE);
	if (r == OTA_E_OCF_BUSY)
		dev->p.pending = 1; /* the other process first: at a later tick */
	return r;
}

int
ota_ocf_dev_check_done(struct ota_ocf_dev *dev, const struct ota_ocf_candidate *cand)
{
	if (!ota__ocf_dev_ok(dev))
		return OTA_E_INVAL;
	if (dev->p.proc != OCF_PROC_CHECK)
		return ota__ocf_dev_fail(dev, OTA_E_STATE, "check_done: no version check runs");
	return finish_check(dev, cand, OTA_OCF_REASON_NO_CANDIDATE);
}

int
ota_ocf_dev_update_done(struct ota_ocf_dev *dev, int result, int dos)
{
	if (!ota__ocf_dev_ok(dev) || result < OTA_OCF_RESULT_IDLE ||
	    result > OTA_OCF_RESULT_UPGRADE_FAIL || dos < -1 || dos > OTA_OCF_DOS_SRESET)
		return OTA_E_INVAL;
	if (dev->p.proc != OCF_PROC_UPDATE)
		return ota__ocf_dev_fail(dev, OTA_E_STATE, "update_done: no update runs");
	return finish_update(dev, result, dos, result == OTA_OCF_RESULT_SUCCESS ?
	    OTA_OCF_REASON_UPDATED : OTA_OCF_REASON_INSTALL_FAILED);
}

uint32_t
ota_ocf_dev_job(const struct ota_ocf_dev *dev)
{
	return ota__ocf_dev_ok(dev) && dev->p.proc != OCF_PROC_NONE ? dev->job : 0;
}

static int
stale(struct ota_ocf_dev *dev, uint32_t job, const char *what)
{
	return ota__ocf_dev_fail(dev, OTA_E_STATE, "%s: job %lu is over (%s)", what,
	    (unsigned long)job, dev->p.proc == OCF_PROC_NONE ? "no process runs" : "another runs");
}

int
ota_ocf_dev_check_done_job(struct ota_ocf_dev *dev, uint32_t job,
    const struct ota_ocf_candidate *cand)
{
	if (!ota__ocf_dev_ok(dev))
		return OTA_E_INVAL;
	if (job == 0 || job != ota_ocf_dev_job(dev))
		return stale(dev, job, "check_done");
	return ota_ocf_dev_check_done(dev, cand);
}

int
ota_ocf_dev_update_done_job(struct ota_ocf_dev *dev, uint32_t job, int result, int dos)
{
	if (!ota__ocf_dev_ok(dev))
		return OTA_E_INVAL;
	if (job == 0 || job != ota_ocf_dev_job(dev))
		return stale(dev, job, "update_done");
	return ota_ocf_dev_update_done(dev, result, dos);
}

int
ota_ocf_dev_update_installed(struct ota_ocf_dev *dev)
{
	if (!ota__ocf_dev_ok(dev))
		return OTA_E_INVAL;
	if (dev->p.proc != OCF_PROC_UPDATE)
		return ota__ocf_dev_fail(dev, OTA_E_STATE, "update_installed: no update runs");
	dev->p.installed = 1;
	return ota__ocf_dev_persist(dev);
}

int
ota_ocf_dev_resume(struct ota_ocf_dev *dev, const char *installed)
{
	if (!ota__ocf_dev_ok(dev))
		return OTA_E_INVAL;
	dev->err[0] = '\0';
	if (dev->p.proc == OCF_PROC_CHECK) {
		/* a check has no side effect: run it again, but a check that
		 * brings the device down each time (a reboot loop) ends */
		if (dev->p.resumes >= OCF_CHECK_RESUMES)
			return finish_check(dev, NULL, OTA_OCF_REASON_INTERRUPTED);
		dev->p.resumes++;
		if (ota__ocf_dev_persist(dev) != OTA_OK) /* counted before it runs */
			return OTA_E_IO;
		return run_check(dev);
	}
	if (dev->p.proc != OCF_PROC_UPDATE)
		return OTA_OK;
	if (dev->p.installed) {
		/* the truth is the version the device runs now */
		if (dev->p.has_cand && installed != NULL &&
		    strcmp(installed, dev->p.cand.version) == 0)
			return finish_update(dev, OTA_OCF_RESULT_SUCCESS, -1, OTA_OCF_REASON_UPDATED);
		return finish_update(dev, OTA_OCF_RESULT_UPGRADE_FAIL, -1,
		    OTA_OCF_REASON_INTERRUPTED);
	}
	/* not written yet: once more, then give up (a reboot loop) */
	if (dev->p.resumes >= 1)
		return finish_update(dev, OTA_OCF_RESULT_UPGRADE_FAIL, -1,
		    OTA_OCF_REASON_INTERRUPTED);
	dev->p.resumes++;
	if (ota__ocf_dev_persist(dev) != OTA_OK)
		return OTA_E_IO;
	return run_update(dev);
}

int
ota_ocf_dev_set_dos(struct ota_ocf_dev *dev, enum ota_ocf_dos s, int pending)
{
	struct snap b;

	if (!ota__ocf_dev_ok(dev) || s < OTA_OCF_DOS_RESET || s > OTA_OCF_DOS_SRESET)
		return OTA_E_INVAL;
	take(dev, &b);
	dev->p.ps.dos_s = (uint8_t)s;
	dev->p.ps.dos_p = pending != 0;
	if (s == OTA_OCF_DOS_RESET) {
		/* a reset ends whatever runs and forgets the validation: a
		 * callback that completes later gets OTA_E_STATE */
		if (dev->p.proc != OCF_PROC_NONE) {
			dev->p.reason = OTA_OCF_REASON_INTERRUPTED;
			dev->p.result = dev->p.proc == OCF_PROC_UPDATE ? OTA_OCF_RESULT_UPGRADE_FAIL :
			    OTA_OCF_RESULT_IDLE;
		}
		dev->p.ps.cm = (uint16_t)(dev->p.ps.cm & ~(SVV | SSU));
		dev->p.ps.tm = (uint16_t)(dev->p.ps.tm & ~(SVV | SSU));
		dev->p.proc = OCF_PROC_NONE;
		dev->p.state = OTA_OCF_STATE_IDLE;
		dev->p.validated = dev->p.unvalidated = dev->p.installed = dev->p.has_cand = 0;
		dev->p.resumes = dev->p.pending = 0;
		dev->p.nv[0] = '\0';
	}
	return changed(dev, &b);
}

int
ota_ocf_dev_pstat(const struct ota_ocf_dev *dev, struct ota_ocf_pstat *p)
{
	if (!ota__ocf_dev_ok(dev) || p == NULL)
		return OTA_E_INVAL;
	*p = dev->p.ps;
	return OTA_OK;
}

int
ota_ocf_dev_swu(const struct ota_ocf_dev *dev, struct ota_ocf_swu *s)
{
	if (!ota__ocf_dev_ok(dev) || s == NULL)
		return OTA_E_INVAL;
	memset(s, 0, sizeof(*s));
	s->present = OTA_OCF_SWU_PURL | OTA_OCF_SWU_SIGNED | OTA_OCF_SWU_ACTION |
	    OTA_OCF_SWU_STATE | OTA_OCF_SWU_RESULT | OTA_OCF_SWU_UPDATETIME;
	(void)snprintf(s->purl, sizeof(s->purl), "%s", dev->p.purl);
	(void)snprintf(s->updatetime, sizeof(s->updatetime), "%s",
	    dev->p.updatetime[0] != '\0' ? dev->p.updatetime : "none");
	if (dev->p.nv[0] != '\0') {
		s->present |= OTA_OCF_SWU_NV;
		(void)snprintf(s->nv, sizeof(s->nv), "%s", dev->p.nv);
	}
	if (dev->p.lastupdate[0] != '\0') {
		s->present |= OTA_OCF_SWU_LASTUPDATE;
		(void)snprintf(s->lastupdate, sizeof(s->lastupdate), "%s", dev->p.lastupdate);
	}
	s->action = dev->p.pending ? (enum ota_ocf_swu_action)dev->p.pending_action :
	    dev->p.proc == OCF_PROC_CHECK ? OTA_OCF_ACTION_ISVV :
	    dev->p.proc == OCF_PROC_UPDATE ? OTA_OCF_ACTION_UPGRADE : OTA_OCF_ACTION_IDLE;
	s->state = (enum ota_ocf_swu_state)dev->p.state;
	s->result = dev->p.result;
	return OTA_OK;
}

enum ota_ocf_reason
ota_ocf_dev_reason(const struct ota_ocf_dev *dev)
{
	return ota__ocf_dev_ok(dev) ? (enum ota_ocf_reason)dev->p.reason : OTA_OCF_REASON_NONE;
}

const struct ota_ocf_candidate *
ota_ocf_dev_candidate(const struct ota_ocf_dev *dev)
{
	return ota__ocf_dev_ok(dev) && dev->p.has_cand ? &dev->p.cand : NULL;
}
