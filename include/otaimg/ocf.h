/*
 * otaimg/ocf.h - OCF software update (libotaimg-ocf(3)): the
 * /oic/sec/pstat tm/cm handshake of OCF Security 15.4 (Software Version
 * Validation, Secure Software Update), the /oc/swu resource, their JSON
 * and CBOR encodings, a device-side state machine, and the image checks
 * behind it.  Included by <otaimg.h>; do not include it alone.
 * Transport (CoAP, CBOR framing, ACLs) stays in the OCF stack.
 */
#ifndef OTAIMG_OCF_H
#define OTAIMG_OCF_H

#ifndef OTAIMG_H
#error "include <otaimg.h>, not <otaimg/ocf.h>"
#endif

/* ---- pstat (oic.r.pstat) ---- */

/* dpmtype bits of pstat cm and tm (the names of the dpmtype table and of
 * IoTivity's OicSecDpm; the 2019 swagger describes 8, 16 and 32 as
 * credential-management provisioning, access-management provisioning and
 * local ACLs). */
#define OTA_OCF_DPM_RESET 0x01u          /* manufacturer reset */
#define OTA_OCF_DPM_TAKE_OWNER 0x02u     /* pairing / owner transfer */
#define OTA_OCF_DPM_BOOTSTRAP 0x04u      /* bootstrap service (unused in the 2019 swagger) */
#define OTA_OCF_DPM_SEC_MGMT 0x08u       /* security management services */
#define OTA_OCF_DPM_PROV_CRED 0x10u      /* provision credentials */
#define OTA_OCF_DPM_PROV_ACL 0x20u       /* provision ACLs */
#define OTA_OCF_DPM_SVV 0x40u            /* Initiate Software Version Validation */
#define OTA_OCF_DPM_SSU 0x80u            /* Initiate Secure Software Update */
#define OTA_OCF_DPM_SPEC_MASK 0xFFu      /* every bit the specification defines */
/* NOT in the OCF specification: iotivity-lite's OC_DPM_NSA ("new software
 * available"), above the swagger's maximum of 255.  Decoders accept it;
 * the state machine never sets it and refuses it in a tm write. */
#define OTA_OCF_DPM_NONSPEC_IOTIVITY_NSA 0x100u

/* pstat.dos.s */
enum ota_ocf_dos {
	OTA_OCF_DOS_RESET = 0,
	OTA_OCF_DOS_RFOTM = 1,
	OTA_OCF_DOS_RFPRO = 2,
	OTA_OCF_DOS_RFNOP = 3,
	OTA_OCF_DOS_SRESET = 4
};

/* Which properties a representation holds (struct ota_ocf_pstat.present). */
#define OTA_OCF_PSTAT_RT 0x001u
#define OTA_OCF_PSTAT_DOS_S 0x002u
#define OTA_OCF_PSTAT_DOS_P 0x004u
#define OTA_OCF_PSTAT_ISOP 0x008u
#define OTA_OCF_PSTAT_CM 0x010u
#define OTA_OCF_PSTAT_TM 0x020u
#define OTA_OCF_PSTAT_OM 0x040u
#define OTA_OCF_PSTAT_SM 0x080u
#define OTA_OCF_PSTAT_ROWNERUUID 0x100u
#define OTA_OCF_UUID_LEN 36u

struct ota_ocf_pstat {
	unsigned present; /* OTA_OCF_PSTAT_* */
	uint8_t dos_s;    /* enum ota_ocf_dos */
	uint8_t dos_p;    /* 0 or 1 */
	uint8_t isop;     /* 0 or 1 */
	uint8_t om, sm;
	uint16_t cm, tm;  /* 0..0x1FF (0x100: the non-spec NSA bit) */
	char rowneruuid[OTA_OCF_UUID_LEN + 1];
};

/* The name of one dpmtype bit ("svv", "ssu", "nonspec-iotivity-nsa", ...),
 * NULL for other values. */
OTA_API const char *ota_ocf_dpm_name(unsigned bit);
OTA_API const char *ota_ocf_dos_name(int s);

/* Decoders: the whole buffer is one representation (a map).  Unknown
 * properties are skipped; a known one of the wrong type gives
 * OTA_E_OCF_TYPE, a value out of range OTA_E_RANGE, a string longer than
 * its maximum OTA_E_LIMIT, input that ends inside an item OTA_E_TRUNCATED,
 * bytes after the map OTA_E_TRAILING, malformed CBOR or JSON
 * OTA_E_STRUCTURE, an indefinite-length CBOR item OTA_E_UNSUPPORTED.  msg
 * (may be NULL) receives the reason with the byte offset. */
OTA_API int ota_ocf_pstat_decode_cbor(const void *buf, size_t len, struct ota_ocf_pstat *p,
    char *msg, size_t msglen);
OTA_API int ota_ocf_pstat_decode_json(const char *text, size_t len, struct ota_ocf_pstat *p,
    char *msg, size_t msglen);
/* Encoders: the present properties in the order rt, dos (s, p), isop, cm,
 * tm, om, sm, rowneruuid, shortest integer forms (CBOR); *len in: the
 * room, out: the length (OTA_E_LIMIT with the length needed when short).
 * JSON is compact, NUL-terminated (the NUL is not counted). */
OTA_API int ota_ocf_pstat_encode_cbor(const struct ota_ocf_pstat *p, uint8_t *buf, size_t *len);
OTA_API int ota_ocf_pstat_encode_json(const struct ota_ocf_pstat *p, char *buf, size_t *len);

/* ---- /oc/swu (oic.r.softwareupdate) ---- */

enum ota_ocf_swu_action {
	OTA_OCF_ACTION_IDLE = 0,
	OTA_OCF_ACTION_ISAC = 1,    /* initiate software availability check */
	OTA_OCF_ACTION_ISVV = 2,    /* initiate software version validation */
	OTA_OCF_ACTION_UPGRADE = 3
};
enum ota_ocf_swu_state {
	OTA_OCF_STATE_IDLE = 0,
	OTA_OCF_STATE_NSA = 1,      /* new software available (found, not yet validated) */
	OTA_OCF_STATE_SVV = 2,      /* software version validation running */
	OTA_OCF_STATE_SVA = 3,      /* software version available (validated) */
	OTA_OCF_STATE_UPGRADING = 4
};
/* swupdateresult: iotivity-lite's oc_swupdate_result_t values. */
enum ota_ocf_swu_result {
	OTA_OCF_RESULT_IDLE = 0,
	OTA_OCF_RESULT_SUCCESS = 1,
	OTA_OCF_RESULT_LESS_RAM = 2,
	OTA_OCF_RESULT_LESS_FLASH = 3,
	OTA_OCF_RESULT_CONN_FAIL = 4,
	OTA_OCF_RESULT_SVV_FAIL = 5,
	OTA_OCF_RESULT_INVALID_URL = 6,
	OTA_OCF_RESULT_UNSUPPORTED_PROT = 7,
	OTA_OCF_RESULT_UPGRADE_FAIL = 8
};

#define OTA_OCF_SWU_PURL 0x001u
#define OTA_OCF_SWU_NV 0x002u
#define OTA_OCF_SWU_SIGNED 0x004u
#define OTA_OCF_SWU_ACTION 0x008u
#define OTA_OCF_SWU_STATE 0x010u
#define OTA_OCF_SWU_RESULT 0x020u
#define OTA_OCF_SWU_LASTUPDATE 0x040u
#define OTA_OCF_SWU_UPDATETIME 0x080u
/* The properties a client may not write. */
#define OTA_OCF_SWU_READ_ONLY (OTA_OCF_SWU_NV | OTA_OCF_SWU_SIGNED | OTA_OCF_SWU_STATE | \
	OTA_OCF_SWU_RESULT | OTA_OCF_SWU_LASTUPDATE)
#define OTA_OCF_SWU_STR_MAX 64u   /* purl and nv */
#define OTA_OCF_TIME_MAX 40u      /* lastupdate, updatetime */

struct ota_ocf_swu {
	unsigned present;  /* OTA_OCF_SWU_* */
	char purl[OTA_OCF_SWU_STR_MAX + 1];
	char nv[OTA_OCF_SWU_STR_MAX + 1];
	enum ota_ocf_swu_action action;
	enum ota_ocf_swu_state state;
	int32_t result;
	char lastupdate[OTA_OCF_TIME_MAX + 1];
	char updatetime[OTA_OCF_TIME_MAX + 1]; /* RFC 3339, "now" or "none" */
	/* signed: only "vendor" exists; present means "vendor" */
};

OTA_API const char *ota_ocf_action_name(enum ota_ocf_swu_action a);
OTA_API const char *ota_ocf_state_name(enum ota_ocf_swu_state s);
OTA_API const char *ota_ocf_result_name(int r);
/* RFC 3339 date-time ("2026-11-30T06:00:00Z", "...T08:00:00.5+02:00") to
 * seconds since 1970 UTC; OTA_E_INVAL otherwise. */
OTA_API int ota_ocf_time_parse(const char *s, int64_t *t);
/* t as "YYYY-MM-DDTHH:MM:SSZ"; snprintf-like. */
OTA_API int ota_ocf_time_format(int64_t t, char *buf, size_t len);

/* Same rules as the pstat decoders; an enum string not in the schema is
 * OTA_E_RANGE, signed other than "vendor" OTA_E_RANGE. */
OTA_API int ota_ocf_swu_decode_cbor(const void *buf, size_t len, struct ota_ocf_swu *s,
    char *msg, size_t msglen);
OTA_API int ota_ocf_swu_decode_json(const char *text, size_t len, struct ota_ocf_swu *s,
    char *msg, size_t msglen);
/* Order: purl, nv, signed, swupdateaction, swupdatestate, swupdateresult,
 * lastupdate, updatetime. */
OTA_API int ota_ocf_swu_encode_cbor(const struct ota_ocf_swu *s, uint8_t *buf, size_t *len);
OTA_API int ota_ocf_swu_encode_json(const struct ota_ocf_swu *s, char *buf, size_t *len);
/* The rules of an update (POST) to /oc/swu at time now: a read-only
 * property OTA_E_OCF_READ_ONLY; purl, swupdateaction and updatetime
 * required (OTA_E_INVAL); purl an https:// or coaps:// URI of at most 64
 * characters, or empty with a non-idle action (the old purl is kept)
 * (OTA_E_RANGE); updatetime "now", "none" or an RFC 3339 time not before
 * now (OTA_E_RANGE). */
OTA_API int ota_ocf_swu_validate_update(const struct ota_ocf_swu *s, int64_t now, char *msg,
    size_t msglen);

/* ---- Candidate images: the check behind Software Version Validation ---- */

enum ota_ocf_kind {
	OTA_OCF_KIND_NONE = 0,
	OTA_OCF_KIND_ZIGBEE = 1,       /* Zigbee OTA (also GBCS), ota_image_* */
	OTA_OCF_KIND_MCUBOOT = 2,      /* ota_mcuboot_* */
	OTA_OCF_KIND_MESH_ARCHIVE = 3, /* ota_mesh_archive_* */
	OTA_OCF_KIND_OTHER = 4         /* checked by the caller */
};
/* Why a candidate was accepted or refused (and a check or update ended). */
enum ota_ocf_reason {
	OTA_OCF_REASON_NONE = 0,
	OTA_OCF_REASON_AVAILABLE = 1,      /* verified, for this device, newer */
	OTA_OCF_REASON_NO_CANDIDATE = 2,
	OTA_OCF_REASON_MALFORMED = 3,      /* not an image libotaimg reads */
	OTA_OCF_REASON_BAD_SIGNATURE = 4,  /* digest, signature or integrity fails */
	OTA_OCF_REASON_UNSIGNED = 5,       /* no signature a trust anchor checks */
	OTA_OCF_REASON_WRONG_IDENTITY = 6, /* manufacturer/image type, key or company */
	OTA_OCF_REASON_NOT_NEWER = 7,      /* older than or equal to the installed version */
	OTA_OCF_REASON_CHECK_FAILED = 8,   /* the check callback failed */
	OTA_OCF_REASON_UPDATED = 9,
	OTA_OCF_REASON_INSTALL_FAILED = 10,
	OTA_OCF_REASON_INTERRUPTED = 11,   /* power loss during the update */
	OTA_OCF_REASON_NOT_VALIDATED = 12  /* update started without a validation */
};
OTA_API const char *ota_ocf_reason_name(enum ota_ocf_reason r);
OTA_API const char *ota_ocf_kind_name(enum ota_ocf_kind k);

#define OTA_OCF_PATH_MAX 512u
#define OTA_OCF_VERSION_TEXT 32u
struct ota_ocf_candidate {
	enum ota_ocf_kind kind;
	enum ota_ocf_reason reason;
	int err;                          /* the libotaimg error behind a refusal, else 0 */
	uint32_t file_version;            /* Zigbee */
	struct ota_fw_version fw;         /* MCUboot, Mesh archive */
	char version[OTA_OCF_VERSION_TEXT]; /* as /oc/swu nv shows it */
	char path[OTA_OCF_PATH_MAX];
	char msg[256];
};

struct ota_ocf_check;
OTA_API struct ota_ocf_check *ota_ocf_check_new(void);
OTA_API struct ota_ocf_check *ota_ocf_check_new_ctx(const struct ota_ctx *ctx);
OTA_API void ota_ocf_check_free(struct ota_ocf_check **c);
/* Trust anchors for Zigbee images (borrowed: must outlive c).  A Zigbee
 * candidate must carry a signature that verifies against it. */
OTA_API int ota_ocf_check_set_trust(struct ota_ocf_check *c, const struct ota_trust *trust);
/* Public keys for MCUboot images and Mesh archives (borrowed, at most
 * OTA_TRUST_MAX_ANCHORS): the image must name one and verify with it. */
OTA_API int ota_ocf_check_add_key(struct ota_ocf_check *c, const struct ota_key *key);
/* Identity: Zigbee manufacturer code and image type; the Mesh FWID
 * company (-1: any). */
OTA_API int ota_ocf_check_set_zigbee_identity(struct ota_ocf_check *c, uint16_t manufacturer,
    uint16_t image_type);
OTA_API int ota_ocf_check_set_mesh_company(struct ota_ocf_check *c, int32_t company);
/* The installed version: a Zigbee file version (unsigned compare) and an
 * MCUboot / Mesh version (ota_fw_version_compare).  A kind without an
 * installed version is refused (OTA_OCF_REASON_NOT_NEWER). */
OTA_API int ota_ocf_check_set_installed_file_version(struct ota_ocf_check *c, uint32_t v);
OTA_API int ota_ocf_check_set_installed_fw_version(struct ota_ocf_check *c,
    const struct ota_fw_version *v);
/* Check one file: OTA_OK when it is an update for this device (out->reason
 * AVAILABLE), else the error with out->reason and out->msg. */
OTA_API int ota_ocf_check_candidate(struct ota_ocf_check *c, const char *path,
    struct ota_ocf_candidate *out);
/* Check every file; *best: the index of the newest acceptable one (of the
 * first acceptable one's kind), OTA_E_NOT_FOUND when none is.  results
 * (n entries, may be NULL) receives each file's verdict. */
OTA_API int ota_ocf_check_pick(struct ota_ocf_check *c, const char *const *paths, size_t n,
    size_t *best, struct ota_ocf_candidate *results);
/* The install helper: check the candidate again and copy it to dest
 * (a temporary file in dest's folder, fsync, rename; nothing is left on
 * failure).  OTA_E_STATE when the file no longer verifies. */
OTA_API int ota_ocf_check_install(struct ota_ocf_check *c, const struct ota_ocf_candidate *cand,
    const char *dest);

/* ---- The device-side state machine ---- */

struct ota_ocf_dev;

/* Who writes tm: the stack's ACL answer, or the device itself. */
enum ota_ocf_requester {
	OTA_OCF_CLIENT_UNPRIVILEGED = 0,
	OTA_OCF_CLIENT_PRIVILEGED = 1,
	OTA_OCF_DEVICE = 2
};
/* tm.128 before a completed validation: refused (OTA_E_OCF_NOT_VALIDATED),
 * or accepted and reported (OTA_OCF_CHG_UNVALIDATED, reason
 * NOT_VALIDATED until the update ends). */
enum ota_ocf_policy {
	OTA_OCF_POLICY_ENFORCE = 0,
	OTA_OCF_POLICY_REPORT = 1
};
/* What changed (observer). */
#define OTA_OCF_CHG_CM 0x01u
#define OTA_OCF_CHG_TM 0x02u
#define OTA_OCF_CHG_DOS 0x04u
#define OTA_OCF_CHG_STATE 0x08u        /* swupdatestate */
#define OTA_OCF_CHG_RESULT 0x10u       /* swupdateresult, nv or lastupdate */
#define OTA_OCF_CHG_UNVALIDATED 0x20u  /* an update started without validation */

struct ota_ocf_callbacks {
	/* Start the version check; complete it later (or now) with
	 * ota_ocf_dev_check_done.  A negative return fails the check. */
	int (*check)(void *arg, struct ota_ocf_dev *dev);
	/* Start the update of cand (NULL: started without a validated
	 * candidate, policy REPORT); complete with ota_ocf_dev_update_done. */
	int (*update)(void *arg, struct ota_ocf_dev *dev, const struct ota_ocf_candidate *cand);
	/* Every change of cm, tm, dos or swupdatestate, after it is saved. */
	void (*observe)(void *arg, const struct ota_ocf_dev *dev, unsigned changed);
	void *arg;
};

OTA_API struct ota_ocf_dev *ota_ocf_dev_new(void);
OTA_API struct ota_ocf_dev *ota_ocf_dev_new_ctx(const struct ota_ctx *ctx);
OTA_API void ota_ocf_dev_free(struct ota_ocf_dev **dev);
OTA_API const char *ota_ocf_dev_errmsg(const struct ota_ocf_dev *dev);
OTA_API int ota_ocf_dev_set_callbacks(struct ota_ocf_dev *dev, const struct ota_ocf_callbacks *cb);
OTA_API int ota_ocf_dev_set_policy(struct ota_ocf_dev *dev, enum ota_ocf_policy policy);
/* Save the state atomically to path on every change (NULL: do not). */
OTA_API int ota_ocf_dev_set_state_path(struct ota_ocf_dev *dev, const char *path);
/* The clock for lastupdate and updatetime (NULL: time()). */
OTA_API int ota_ocf_dev_set_clock(struct ota_ocf_dev *dev, int64_t (*now)(void *arg), void *arg);
/* The onboarding state the stack owns (dos, isop, om, sm, rowneruuid are
 * kept and reported; dos changes are observed). */
OTA_API int ota_ocf_dev_set_dos(struct ota_ocf_dev *dev, enum ota_ocf_dos s, int pending);

/* A write of pstat tm.  Bits 64 and 128 from 0 to 1 start the check or
 * the update; from 1 to 0 they have no effect on a running process.
 * Unprivileged: OTA_E_OCF_PRIVILEGE; bits outside 0..255 (the NSA bit
 * too): OTA_E_OCF_BITS; 64 and 128 together, or one while the other runs:
 * OTA_E_OCF_BUSY; tm.128 before validation under ENFORCE:
 * OTA_E_OCF_NOT_VALIDATED.  A refused write changes nothing. */
OTA_API int ota_ocf_dev_write_tm(struct ota_ocf_dev *dev, unsigned tm,
    enum ota_ocf_requester who);
/* A decoded pstat POST: cm present OTA_E_OCF_READ_ONLY; tm as above; the
 * other properties are the stack's business and ignored here. */
OTA_API int ota_ocf_dev_post_pstat(struct ota_ocf_dev *dev, const struct ota_ocf_pstat *req,
    enum ota_ocf_requester who);
/* A decoded /oc/swu POST (ota_ocf_swu_validate_update first): isac and
 * isvv run the check, upgrade the update, at updatetime ("now", or at the
 * first ota_ocf_dev_tick at or after it). */
OTA_API int ota_ocf_dev_post_swu(struct ota_ocf_dev *dev, const struct ota_ocf_swu *req,
    enum ota_ocf_requester who);
OTA_API int ota_ocf_dev_tick(struct ota_ocf_dev *dev);

/* Completions.  check_done: cand NULL or not AVAILABLE gives cm.64 = 0
 * (cand's reason kept), AVAILABLE cm.64 = 1 and nv; then tm.64 = 0.
 * update_done: result OTA_OCF_RESULT_SUCCESS gives cm.128 = 1, else 0;
 * then tm.128 = 0; dos (-1: unchanged) is the new pstat.dos.s.
 * OTA_E_STATE when that process is not running. */
OTA_API int ota_ocf_dev_check_done(struct ota_ocf_dev *dev, const struct ota_ocf_candidate *cand);
OTA_API int ota_ocf_dev_update_done(struct ota_ocf_dev *dev, int result, int dos);
/* The job: a number for each run of a callback (read it inside the
 * callback), 0 when no process runs.  The _job completions finish only
 * that run: a late one, whose process a reset or a failure ended and
 * another started since, is OTA_E_STATE and changes nothing. */
OTA_API uint32_t ota_ocf_dev_job(const struct ota_ocf_dev *dev);
OTA_API int ota_ocf_dev_check_done_job(struct ota_ocf_dev *dev, uint32_t job,
    const struct ota_ocf_candidate *cand);
OTA_API int ota_ocf_dev_update_done_job(struct ota_ocf_dev *dev, uint32_t job, int result,
    int dos);
/* Record that the update wrote the new image (before rebooting into it):
 * on resume the machine reports success if the installed version is the
 * candidate's. */
OTA_API int ota_ocf_dev_update_installed(struct ota_ocf_dev *dev);

/* State. */
OTA_API int ota_ocf_dev_pstat(const struct ota_ocf_dev *dev, struct ota_ocf_pstat *p);
OTA_API int ota_ocf_dev_swu(const struct ota_ocf_dev *dev, struct ota_ocf_swu *s);
OTA_API enum ota_ocf_reason ota_ocf_dev_reason(const struct ota_ocf_dev *dev);
OTA_API const struct ota_ocf_candidate *ota_ocf_dev_candidate(const struct ota_ocf_dev *dev);

/* Save and restore (a versioned binary record with a CRC-32): *len in:
 * the room, out: the length (OTA_OCF_SAVE_MAX is always enough).  restore
 * takes a record into a new (or idle) machine; then ota_ocf_dev_resume
 * settles a process a power loss interrupted: a check is run again; an
 * update whose image was recorded installed and whose version installed
 * (the version the device runs now, as text) equals the candidate's ends
 * with cm.128 = 1, any other ends with cm.128 = 0, UPGRADE_FAIL and
 * reason INTERRUPTED. */
#define OTA_OCF_SAVE_MAX 1024u
OTA_API int ota_ocf_dev_save(const struct ota_ocf_dev *dev, uint8_t *buf, size_t *len);
OTA_API int ota_ocf_dev_restore(struct ota_ocf_dev *dev, const uint8_t *buf, size_t len);
OTA_API int ota_ocf_dev_restore_path(struct ota_ocf_dev *dev, const char *path);
OTA_API int ota_ocf_dev_resume(struct ota_ocf_dev *dev, const char *installed);

#endif /* OTAIMG_OCF_H */
