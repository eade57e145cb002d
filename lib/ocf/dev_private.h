/* dev_private.h - the OCF software-update state machine's handle, shared by
 * dev.c and save.c. */
#ifndef OTA_OCF_DEV_PRIVATE_H
#define OTA_OCF_DEV_PRIVATE_H

#include "ocf/ocf_private.h"

#define OTA_OCF_DEV_MAGIC 0x4f434644u /* "OCFD" */

enum ocf_proc {
	OCF_PROC_NONE = 0,
	OCF_PROC_CHECK = 1,
	OCF_PROC_UPDATE = 2
};

/* What save and restore keep. */
struct ocf_persist {
	struct ota_ocf_pstat ps;
	uint8_t proc;          /* enum ocf_proc */
	uint8_t installed;     /* update: the image was written */
	uint8_t validated;     /* a check completed since the last update */
	uint8_t unvalidated;   /* the running update started without one */
	uint8_t has_cand;      /* cand is the validated update */
	uint8_t resumes;       /* times the running process was resumed */
	uint8_t state;         /* enum ota_ocf_swu_state */
	uint8_t reason;        /* enum ota_ocf_reason */
	int32_t result;        /* swupdateresult */
	uint8_t pending;       /* an /oc/swu action waits for updatetime */
	uint8_t pending_action;
	int64_t pending_at;
	char nv[OTA_OCF_SWU_STR_MAX + 1];
	char purl[OTA_OCF_SWU_STR_MAX + 1];
	char lastupdate[OTA_OCF_TIME_MAX + 1];
	char updatetime[OTA_OCF_TIME_MAX + 1];
	struct ota_ocf_candidate cand;
};

struct ota_ocf_dev {
	uint32_t magic;
	struct ota_env env;
	struct ota_ocf_callbacks cb;
	enum ota_ocf_policy policy;
	char *state_path;
	int64_t (*now)(void *arg);
	void *now_arg;
	char err[OTA_MSG_LEN];
	uint32_t job;          /* the running callback's run (not saved) */
	struct ocf_persist p;
};

int ota__ocf_dev_ok(const struct ota_ocf_dev *dev);
int ota__ocf_dev_fail(struct ota_ocf_dev *dev, int err, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Save to the state path (when one is set). */
int ota__ocf_dev_persist(struct ota_ocf_dev *dev);

#endif
