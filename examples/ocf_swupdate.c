/*
 * ocf_swupdate.c - the software-update side of an OCF device written with
 * libotaimg-ocf(3).  An OCF stack (iotivity-lite, ...) hands pstat tm
 * writes and /oc/swu POSTs to the state machine and serves what
 * ota_ocf_dev_pstat and ota_ocf_dev_swu return; the four callbacks a stack
 * asks the integrator for are written here:
 *
 *   validate_purl      ota_ocf_swu_validate_update (https:// or coaps://,
 *                      updatetime) before the POST reaches the machine
 *   check_new_version  the machine's check callback: queued, and run later
 *                      with ota_ocf_check_pick over the downloaded
 *                      candidates (signature, identity, newer version)
 *   download_update    here the candidates are already local files (a real
 *                      device fetches purl into its download folder first)
 *   perform_upgrade    the machine's update callback: queued, then
 *                      ota_ocf_check_install writes the verified image to
 *                      the inactive slot (temporary file, fsync, rename),
 *                      ota_ocf_dev_update_installed records it, and the
 *                      device would reboot into it
 *
 * Software Version Validation is asked through /oc/swu (swupdateaction
 * isvv), the update through pstat tm.128: both reach the same machine.
 *
 *   ocf_swupdate STATE SLOT INSTALLED KEY.pem CANDIDATE ...
 *
 * STATE is the machine's record (kept across power loss), SLOT the
 * inactive slot, INSTALLED the running MCUboot version, KEY the public key
 * the images must be signed with.  The program plays a client that asks for
 * the validation, waits for cm.64, then sets tm.128.  Exit 0: updated; 1: no update
 * available; 2: usage or I/O error.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "otaimg.h"

enum job { JOB_NONE, JOB_CHECK, JOB_UPDATE };

struct device {
	struct ota_ocf_dev *dev;
	struct ota_ocf_check *chk;
	const char *slot;
	const char *const *cands;
	size_t ncands;
	enum job queued;      /* the work the callbacks started */
	uint32_t job;         /* its job number: a late completion cannot end another */
};

/* check_new_version: start now, complete later (the main loop) */
static int
on_check(void *arg, struct ota_ocf_dev *dev)
{
	((struct device *)arg)->queued = JOB_CHECK;
	((struct device *)arg)->job = ota_ocf_dev_job(dev);
	return 0;
}

/* perform_upgrade: likewise */
static int
on_update(void *arg, struct ota_ocf_dev *dev, const struct ota_ocf_candidate *cand)
{
	if (cand == NULL) /* only under OTA_OCF_POLICY_REPORT */
		return -1;
	((struct device *)arg)->queued = JOB_UPDATE;
	((struct device *)arg)->job = ota_ocf_dev_job(dev);
	return 0;
}

/* The stack notifies pstat and /oc/swu observers here. */
static void
on_change(void *arg, const struct ota_ocf_dev *dev, unsigned changed)
{
	struct ota_ocf_pstat p;
	struct ota_ocf_swu s;

	(void)arg;
	(void)ota_ocf_dev_pstat(dev, &p);
	(void)ota_ocf_dev_swu(dev, &s);
	printf("notify observers (changed 0x%02x): cm=%u tm=%u dos=%u swupdatestate=%s\n", changed,
	    p.cm, p.tm, p.dos_s, ota_ocf_state_name(s.state));
}

static void
run_job(struct device *d)
{
	const struct ota_ocf_candidate *c;
	struct ota_ocf_candidate res[16];
	size_t best, i;
	int r;

	if (d->queued == JOB_CHECK) {
		d->queued = JOB_NONE;
		r = ota_ocf_check_pick(d->chk, d->cands, d->ncands, &best, res);
		for (i = 0; i < d->ncands; i++)
			printf("%s: %s: %s\n", d->cands[i], ota_ocf_reason_name(res[i].reason),
			    res[i].msg);
		/* NULL: nothing found; a refused candidate carries its reason */
		(void)ota_ocf_dev_check_done_job(d->dev, d->job, r == OTA_OK ? &res[best] :
		    d->ncands > 0 ? &res[0] : NULL);
	} else if (d->queued == JOB_UPDATE) {
		d->queued = JOB_NONE;
		c = ota_ocf_dev_candidate(d->dev);
		r = c != NULL ? ota_ocf_check_install(d->chk, c, d->slot) : OTA_E_STATE;
		if (r == OTA_OK && ota_ocf_dev_update_installed(d->dev) == OTA_OK) {
			printf("installed %s into %s; rebooting into it\n", c->version, d->slot);
			/* the new image runs: report success (a real device does this
			 * after the reboot, in ota_ocf_dev_resume) */
			(void)ota_ocf_dev_update_done_job(d->dev, d->job, OTA_OCF_RESULT_SUCCESS, -1);
		} else {
			fprintf(stderr, "install: %s\n", ota_strerror(r));
			(void)ota_ocf_dev_update_done_job(d->dev, d->job, OTA_OCF_RESULT_UPGRADE_FAIL,
			    -1);
		}
	}
}

int
main(int argc, char **argv)
{
	struct ota_ocf_callbacks cb = { on_check, on_update, on_change, NULL };
	struct ota_fw_version installed;
	static const char post[] = "{\"purl\": \"coaps://fw.example.com/dev\", "
	    "\"swupdateaction\": \"isvv\", \"updatetime\": \"now\"}";
	struct ota_ocf_pstat p;
	struct ota_ocf_swu swu;
	char msg[256];
	struct ota_key *key = NULL;
	struct device d;
	int r, status = 2;

	if (argc < 6 || ota_fw_version_parse(argv[3], &installed) != OTA_OK) {
		fprintf(stderr, "usage: ocf_swupdate STATE SLOT INSTALLED KEY.pem CANDIDATE ...\n");
		return 2;
	}
	memset(&d, 0, sizeof(d));
	d.slot = argv[2];
	d.cands = (const char *const *)argv + 5;
	d.ncands = (size_t)argc - 5 > 16 ? 16 : (size_t)argc - 5;
	cb.arg = &d;
	if ((d.dev = ota_ocf_dev_new()) == NULL || (d.chk = ota_ocf_check_new()) == NULL ||
	    ota_key_load(&key, argv[4], NULL) != OTA_OK)
		goto out;
	(void)ota_ocf_check_add_key(d.chk, key);
	(void)ota_ocf_check_set_installed_fw_version(d.chk, &installed);
	(void)ota_ocf_dev_set_callbacks(d.dev, &cb);
	/* after a power loss: the record, then settle what was running */
	r = ota_ocf_dev_restore_path(d.dev, argv[1]);
	if (r != OTA_OK && r != OTA_E_NOT_FOUND) {
		fprintf(stderr, "%s: %s\n", argv[1], ota_ocf_dev_errmsg(d.dev));
		goto out;
	}
	if (ota_ocf_dev_set_state_path(d.dev, argv[1]) != OTA_OK ||
	    ota_ocf_dev_resume(d.dev, argv[3]) != OTA_OK)
		goto out;
	/* a client: Software Version Validation, asked through /oc/swu (the
	 * stack decodes the POST; validate_purl is the update rules) ... */
	if (ota_ocf_swu_decode_json(post, strlen(post), &swu, msg, sizeof(msg)) != OTA_OK ||
	    ota_ocf_swu_validate_update(&swu, (int64_t)time(NULL), msg, sizeof(msg)) != OTA_OK) {
		fprintf(stderr, "/oc/swu: %s\n", msg);
		goto out;
	}
	if (ota_ocf_dev_post_swu(d.dev, &swu, OTA_OCF_CLIENT_PRIVILEGED) != OTA_OK)
		goto out;
	run_job(&d);
	(void)ota_ocf_dev_pstat(d.dev, &p);
	if (!(p.cm & OTA_OCF_DPM_SVV)) {
		printf("no update available (%s)\n", ota_ocf_reason_name(ota_ocf_dev_reason(d.dev)));
		status = 1;
		goto out;
	}
	/* ... then Secure Software Update */
	if (ota_ocf_dev_write_tm(d.dev, OTA_OCF_DPM_SSU, OTA_OCF_CLIENT_PRIVILEGED) != OTA_OK)
		goto out;
	run_job(&d);
	(void)ota_ocf_dev_pstat(d.dev, &p);
	status = (p.cm & OTA_OCF_DPM_SSU) ? 0 : 1;
	printf("%s\n", status == 0 ? "updated" : "not updated");
out:
	if (status == 2 && d.dev != NULL)
		fprintf(stderr, "ocf_swupdate: %s\n", ota_ocf_dev_errmsg(d.dev));
	ota_key_free(&key);
	ota_ocf_check_free(&d.chk);
	ota_ocf_dev_free(&d.dev);
	return status;
}
