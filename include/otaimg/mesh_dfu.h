/*
 * otaimg/mesh_dfu.h - Bluetooth Mesh Firmware Update Server (the Target's
 * Firmware Information List, update phases, metadata check policy) and
 * Firmware Distribution Server with its Firmware Update Client (the
 * Distributor's Firmware Images List, Receivers List, distribution phases,
 * uploads in-band and out-of-band), transport-free (libotaimg-mesh-dfu(3)).
 * The caller moves access messages (opcode + parameters, as
 * <otaimg/mesh_msg.h> codes them) and gives a clock in milliseconds.
 * Included by <otaimg.h>; do not include it alone.
 */
#ifndef OTAIMG_MESH_DFU_H
#define OTAIMG_MESH_DFU_H

#ifndef OTAIMG_H
#error "include <otaimg.h>, not <otaimg/mesh_dfu.h>"
#endif

/* Firmware Update status codes (Firmware Update Status, Metadata Status). */
enum ota_dfu_status {
	OTA_DFU_SUCCESS = 0,
	OTA_DFU_INSUFFICIENT_RESOURCES = 1,
	OTA_DFU_WRONG_PHASE = 2,
	OTA_DFU_INTERNAL_ERROR = 3,
	OTA_DFU_WRONG_INDEX = 4,       /* Wrong Firmware Index */
	OTA_DFU_METADATA_CHECK_FAILED = 5,
	OTA_DFU_TEMPORARILY_UNAVAILABLE = 6,
	OTA_DFU_BLOB_TRANSFER_BUSY = 7
};

/* Update phases of a Firmware Update Server. */
enum ota_dfu_phase {
	OTA_DFU_PHASE_IDLE = 0,
	OTA_DFU_PHASE_TRANSFER_ERROR = 1,
	OTA_DFU_PHASE_TRANSFER_ACTIVE = 2,
	OTA_DFU_PHASE_VERIFY = 3,         /* Verification Active */
	OTA_DFU_PHASE_VERIFY_OK = 4,      /* Verification Succeeded */
	OTA_DFU_PHASE_VERIFY_FAIL = 5,    /* Verification Failed */
	OTA_DFU_PHASE_APPLYING = 6,       /* Applying Update */
	OTA_DFU_PHASE_UNKNOWN = 0x0A      /* (Receivers List: not retrieved) */
};

/* Effect of an update ("additional information" of a Metadata Status). */
enum ota_dfu_effect {
	OTA_DFU_EFFECT_NONE = 0,          /* Composition Data unchanged */
	OTA_DFU_EFFECT_COMP_NO_RPR = 1,   /* it changes, Remote Provisioning unsupported */
	OTA_DFU_EFFECT_COMP_CHANGE = 2,   /* it changes, Remote Provisioning supported */
	OTA_DFU_EFFECT_UNPROV = 3         /* the node becomes unprovisioned */
};

/* Names: "wrong-phase", "verification-succeeded", "unprovision" (NULL: none). */
OTA_API const char *ota_dfu_status_name(int status);
OTA_API const char *ota_dfu_phase_name(int phase);
OTA_API const char *ota_dfu_effect_name(int effect);

/* ---- the default metadata check (mesh-dfu.md 3.5, nRF Connect SDK's
 * dfu_target.c) ---- */
struct ota_dfu_policy {
	struct ota_fw_version version; /* the running image: the new one must be newer */
	uint32_t slot_size;            /* the new image must fit (0: no limit) */
	uint32_t comp_hash;            /* the running Composition Data page 0 hash */
	int rpr;                       /* Remote Provisioning Server present: a new
					* composition is COMP_CHANGE, else UNPROV */
};
/* Decode Zephyr-format metadata md and judge it: OTA_DFU_SUCCESS with
 * *effect, or OTA_DFU_METADATA_CHECK_FAILED with *why (may be NULL) one of
 * the OTA_DFU_WHY_* reasons. */
#define OTA_DFU_WHY_DECODE 1   /* not Zephyr-format metadata */
#define OTA_DFU_WHY_VERSION 2  /* not strictly newer */
#define OTA_DFU_WHY_CORE 3     /* not an application core image */
#define OTA_DFU_WHY_SIZE 4     /* larger than the slot */
OTA_API int ota_dfu_policy_check(const struct ota_dfu_policy *p, const uint8_t *md, size_t len,
    uint8_t *effect, int *why);

/* ---- Firmware Update Server (the Target) ---- */
struct ota_dfu_srv_cb {
	/* Metadata Check and Update Start: return an OTA_DFU_* status and set
	 * *effect.  NULL: ota_dfu_policy_check with the image's policy (an
	 * image without one accepts anything: effect NONE).  A replacement may
	 * call ota_dfu_policy_check itself. */
	int (*metadata_check)(void *arg, uint8_t index, const uint8_t *md, size_t len,
	    uint8_t *effect);
	/* Update Start accepted: prepare the sink for a BLOB of that ID.
	 * Non-zero: refused (Internal Error).  May be NULL. */
	int (*start)(void *arg, uint8_t index, const uint8_t *md, size_t len, uint64_t blob_id);
	/* The image: len octets at offset off (non-zero: the transfer fails). */
	int (*write)(void *arg, uint8_t index, uint64_t off, const uint8_t *buf, size_t len);
	/* The BLOB is complete: 0 when the image verifies.  NULL: it does. */
	int (*verify)(void *arg, uint8_t index);
	/* Apply: 0 when it starts (NULL: it does).  The new image then calls
	 * ota_dfu_srv_applied. */
	int (*apply)(void *arg, uint8_t index);
	/* Update Cancel or a failed transfer: drop what was received (may be NULL). */
	void (*cancel)(void *arg, uint8_t index);
	void *arg;
};

struct ota_dfu_srv;
/* cb is copied (NULL: all defaults, the image is dropped). */
OTA_API struct ota_dfu_srv *ota_dfu_srv_new(const struct ota_dfu_srv_cb *cb);
OTA_API struct ota_dfu_srv *ota_dfu_srv_new_ctx(const struct ota_ctx *ctx,
    const struct ota_dfu_srv_cb *cb);
OTA_API void ota_dfu_srv_free(struct ota_dfu_srv **s);
OTA_API const char *ota_dfu_srv_errmsg(const struct ota_dfu_srv *s);
/* Firmware Information List: append an image (FWID 2..108 octets, uri NULL
 * or 1..255 octets, policy NULL or copied); *index may be NULL.  More than
 * 255 images: OTA_E_LIMIT. */
OTA_API int ota_dfu_srv_add_image(struct ota_dfu_srv *s, const uint8_t *fwid, size_t len,
    const char *uri, const struct ota_dfu_policy *policy, size_t *index);
OTA_API size_t ota_dfu_srv_image_count(const struct ota_dfu_srv *s);
/* Borrowed until the list changes; *uri NULL when the image has none. */
OTA_API int ota_dfu_srv_image(const struct ota_dfu_srv *s, size_t index, const uint8_t **fwid,
    size_t *len, const char **uri);
/* The BLOB Transfer Server inside (borrowed: set its caps and pull
 * parameters; do not set its sink). */
OTA_API struct ota_blob_srv *ota_dfu_srv_blob(struct ota_dfu_srv *s);
/* An access message (opcode + parameters) from src: Firmware Update or BLOB
 * Transfer.  Answers come from ota_dfu_srv_poll.  A message that does not
 * decode: its codec's error, no answer; another opcode: OTA_E_UNSUPPORTED. */
OTA_API int ota_dfu_srv_recv(struct ota_dfu_srv *s, uint16_t src, const uint8_t *msg,
    size_t len, uint64_t now_ms);
/* As ota_blob_srv_poll: 1 with a message in *out, 0 with nothing due before
 * *next_ms, < 0 an error. */
OTA_API int ota_dfu_srv_poll(struct ota_dfu_srv *s, uint64_t now_ms, struct ota_blob_out *out,
    uint64_t *next_ms);
/* The update was applied and the image runs with this FWID: the entry takes
 * it, the phase returns to Idle.  Not Applying Update: OTA_E_STATE. */
OTA_API int ota_dfu_srv_applied(struct ota_dfu_srv *s, const uint8_t *fwid, size_t len);
/* The update in progress (any pointer may be NULL). */
OTA_API int ota_dfu_srv_state(const struct ota_dfu_srv *s, int *phase, uint8_t *index,
    uint64_t *blob_id, uint16_t *timeout_base, uint8_t *ttl);

/* ---- Firmware Distribution Server (the Distributor) ---- */
/* Firmware Distribution status codes. */
enum ota_dfd_status {
	OTA_DFD_SUCCESS = 0,
	OTA_DFD_INSUFFICIENT_RESOURCES = 1,
	OTA_DFD_WRONG_PHASE = 2,
	OTA_DFD_INTERNAL_ERROR = 3,
	OTA_DFD_FIRMWARE_NOT_FOUND = 4,
	OTA_DFD_INVALID_APPKEY_INDEX = 5,
	OTA_DFD_RECEIVERS_LIST_EMPTY = 6,
	OTA_DFD_BUSY_WITH_DISTRIBUTION = 7,
	OTA_DFD_BUSY_WITH_UPLOAD = 8,
	OTA_DFD_URI_NOT_SUPPORTED = 9,
	OTA_DFD_URI_MALFORMED = 10,
	OTA_DFD_URI_UNREACHABLE = 11,
	OTA_DFD_NEW_FIRMWARE_NOT_AVAILABLE = 12
};
enum ota_dfd_phase {
	OTA_DFD_PHASE_IDLE = 0,
	OTA_DFD_PHASE_TRANSFER_ACTIVE = 1,
	OTA_DFD_PHASE_TRANSFER_SUCCESS = 2,
	OTA_DFD_PHASE_APPLYING = 3,
	OTA_DFD_PHASE_COMPLETED = 4,
	OTA_DFD_PHASE_FAILED = 5,
	OTA_DFD_PHASE_CANCELLING = 6,
	OTA_DFD_PHASE_SUSPENDED = 7
};
/* Upload phases (Upload Status). */
enum ota_dfd_upload_phase {
	OTA_DFD_UPLOAD_IDLE = 0,
	OTA_DFD_UPLOAD_ACTIVE = 1,
	OTA_DFD_UPLOAD_ERROR = 2,
	OTA_DFD_UPLOAD_SUCCESS = 3
};
OTA_API const char *ota_dfd_status_name(int status);
OTA_API const char *ota_dfd_phase_name(int phase);

/* Why a receiver failed (ota_dfd_receiver). */
enum ota_dfd_fail {
	OTA_DFD_FAIL_NONE = 0,
	OTA_DFD_FAIL_TIMEOUT = 1,       /* it stopped answering */
	OTA_DFD_FAIL_METADATA = 2,      /* Metadata Check refused (the status says why) */
	OTA_DFD_FAIL_REFUSED = 3,       /* Update Start or Apply answered with an error */
	OTA_DFD_FAIL_TRANSFER = 4,      /* the BLOB transfer to it failed */
	OTA_DFD_FAIL_VERIFY = 5,        /* Verification Failed */
	OTA_DFD_FAIL_FWID = 6,          /* after Apply its FWID is not the new one */
	OTA_DFD_FAIL_INDEX = 7,         /* no such image index on it */
	OTA_DFD_FAIL_CANCELLED = 8
};
OTA_API const char *ota_dfd_fail_name(int fail);

struct ota_dfd_limits {
	uint16_t max_receivers;     /* 0: 32 */
	uint16_t max_slots;         /* Firmware Images List size (0: 8) */
	uint32_t max_fw_size;       /* one image (0: 16 MiB - 1) */
	uint32_t max_upload_space;  /* all images together (0: max_fw_size x max_slots) */
};

/* What an out-of-band fetch produced (ota_dfd_cb.fetch fills it). */
struct ota_dfd_fetched {
	uint8_t fwid[OTA_FWID_MAX];
	size_t fwid_len;
	uint8_t metadata[255];
	size_t metadata_len;
	uint32_t size;
};

struct ota_dfd_cb {
	/* Upload OOB Start: check and retrieve new firmware for a device now at
	 * cur_fwid from uri (e.g. with <otaimg/mesh_fetch.h>), keep its image
	 * for slot `slot` and fill *f.  Return an OTA_DFD_* status
	 * (URI_NOT_SUPPORTED, URI_MALFORMED, URI_UNREACHABLE,
	 * NEW_FIRMWARE_NOT_AVAILABLE, INTERNAL_ERROR).  NULL: no OOB support. */
	int (*fetch)(void *arg, size_t slot, const char *uri, const uint8_t *cur_fwid,
	    size_t cur_len, struct ota_dfd_fetched *f);
	/* In-band upload: octets of the image of slot `slot` at offset off. */
	int (*slot_write)(void *arg, size_t slot, uint64_t off, const uint8_t *buf, size_t len);
	/* The image of slot `slot` for the BLOB client: len octets at off. */
	int (*slot_read)(void *arg, size_t slot, uint64_t off, uint8_t *buf, size_t len);
	/* A slot was deleted: its storage may go (may be NULL). */
	void (*slot_delete)(void *arg, size_t slot);
	void *arg;
};

struct ota_dfd;
OTA_API struct ota_dfd *ota_dfd_new(const struct ota_dfd_limits *lim, const struct ota_dfd_cb *cb);
OTA_API struct ota_dfd *ota_dfd_new_ctx(const struct ota_ctx *ctx,
    const struct ota_dfd_limits *lim, const struct ota_dfd_cb *cb);
OTA_API void ota_dfd_free(struct ota_dfd **d);
OTA_API const char *ota_dfd_errmsg(const struct ota_dfd *d);

/* Firmware Images List.  A slot has a stable id (the `slot` the callbacks
 * get); its index in the list shifts when an earlier one is deleted.  Add:
 * full list, size over the limit or over the space left: OTA_E_LIMIT; the
 * FWID already there: OTA_E_EXISTS. */
OTA_API int ota_dfd_slot_add(struct ota_dfd *d, const uint8_t *fwid, size_t fwid_len,
    const uint8_t *md, size_t md_len, uint32_t size, const char *uri, size_t *index);
OTA_API size_t ota_dfd_slot_count(const struct ota_dfd *d);
/* OTA_E_NOT_FOUND when no slot has that FWID. */
OTA_API int ota_dfd_slot_find(const struct ota_dfd *d, const uint8_t *fwid, size_t fwid_len,
    size_t *index);
struct ota_dfd_slot_info {
	size_t id;                 /* stable slot id */
	const uint8_t *fwid;
	size_t fwid_len;
	const uint8_t *metadata;
	size_t metadata_len;
	uint32_t size;
	const char *uri;           /* NULL: none */
};
OTA_API int ota_dfd_slot_get(const struct ota_dfd *d, size_t index, struct ota_dfd_slot_info *si);
/* The slot in use by a distribution: OTA_E_STATE. */
OTA_API int ota_dfd_slot_delete(struct ota_dfd *d, size_t index);
OTA_API int ota_dfd_slot_delete_all(struct ota_dfd *d);

/* Receivers List. */
OTA_API int ota_dfd_receiver_add(struct ota_dfd *d, uint16_t addr, uint8_t image_index);
/* A Low Power node (friend_queue: its Friend queue size): the transfer to it
 * is in pull mode. */
OTA_API int ota_dfd_receiver_set_lpn(struct ota_dfd *d, uint16_t addr, uint16_t friend_queue);
OTA_API int ota_dfd_receiver_delete_all(struct ota_dfd *d);
OTA_API size_t ota_dfd_receiver_count(const struct ota_dfd *d);
struct ota_dfd_receiver_info {
	uint16_t addr;
	uint8_t image_index;
	uint8_t phase;          /* retrieved update phase (enum ota_dfu_phase) */
	uint8_t status;         /* last Firmware Update status it sent */
	uint8_t transfer_status;/* BLOB transfer status */
	uint8_t progress;       /* 0..100 */
	uint8_t fail;           /* enum ota_dfd_fail */
	uint8_t effect;         /* from its Metadata Status */
	uint8_t mode;           /* OTA_BLOB_MODE_PUSH or _PULL */
	int done;               /* 1: updated and confirmed */
};
OTA_API int ota_dfd_receiver(const struct ota_dfd *d, size_t i, struct ota_dfd_receiver_info *ri);

/* A message from the Initiator (Firmware Distribution Client) or, in-band
 * upload, from its BLOB client: *outlen as ota_dfu_srv_handle.  Unknown
 * opcode: OTA_E_UNSUPPORTED. */
OTA_API int ota_dfd_handle(struct ota_dfd *d, uint16_t src, const uint8_t *msg, size_t len,
    uint64_t now_ms, uint8_t *out, size_t *outlen);
/* A message from a Target (Firmware Update Server or BLOB Transfer Server). */
OTA_API int ota_dfd_recv(struct ota_dfd *d, uint16_t src, const uint8_t *msg, size_t len,
    uint64_t now_ms);
/* The next message to send (to a Target, or the upload's BLOB answers to
 * the Initiator), as ota_blob_cli_poll: 1 with *out, 0 with nothing due
 * before *next_ms, < 0 an error. */
OTA_API int ota_dfd_poll(struct ota_dfd *d, uint64_t now_ms, struct ota_blob_out *out,
    uint64_t *next_ms);
/* The BLOB transfer plan of the running distribution (OTA_E_STATE before
 * its transfer began). */
OTA_API int ota_dfd_transfer_plan(const struct ota_dfd *d, struct ota_blob_plan_result *r);
/* The distribution state: phase (enum ota_dfd_phase). */
OTA_API int ota_dfd_phase(const struct ota_dfd *d);
/* Direct calls (what the messages do, for a Distributor's own Initiator):
 * start returns an OTA_DFD_* status (>= 0) or an error. */
struct ota_dfd_start {
	uint16_t appkey_index;
	uint8_t ttl;
	uint16_t timeout_base;
	uint8_t mode;            /* OTA_BLOB_MODE_PUSH or _PULL for non-LPN targets (0: push) */
	uint8_t apply;           /* 1: verify and apply; 0: verify only */
	uint16_t slot_index;     /* Distribution Firmware Image Index */
	uint16_t group;          /* 0: unicast */
	uint64_t blob_id;        /* 0: derived from the slot */
};
OTA_API int ota_dfd_start(struct ota_dfd *d, const struct ota_dfd_start *st, uint64_t now_ms);
OTA_API int ota_dfd_cancel(struct ota_dfd *d, uint64_t now_ms);
OTA_API int ota_dfd_apply(struct ota_dfd *d, uint64_t now_ms);
OTA_API int ota_dfd_suspend(struct ota_dfd *d);
/* Upload OOB directly (as Upload OOB Start): an OTA_DFD_* status. */
OTA_API int ota_dfd_upload_oob(struct ota_dfd *d, const char *uri, const uint8_t *cur_fwid,
    size_t cur_len, size_t *index);

#endif /* OTAIMG_MESH_DFU_H */
