/* dfu_int.h - shared inside libotaimg by the Firmware Update Server
 * (dfu_srv.c), the Distributor (dfd_*.c) and their message helpers
 * (dfu_util.c).  Not installed. */
#ifndef OTA_MESH_DFU_INT_H
#define OTA_MESH_DFU_INT_H

#include <stdarg.h>
#include <stdint.h>
#include <stddef.h>

#include "ota_private.h"

/* A small queue of answers waiting for poll. */
#define DFU_QLEN 8u
struct dfu_q {
	struct ota_blob_out m[DFU_QLEN];
	size_t head, n;
};
/* Encode m to dst at the tail (a full queue drops the oldest answer: the
 * peer asks again).  Encoding errors are returned. */
int ota__dfu_q_put(struct dfu_q *q, struct ota_mesh_msg *m, uint16_t dst);
/* 1 with the head in *out, 0 when empty. */
int ota__dfu_q_get(struct dfu_q *q, struct ota_blob_out *out);

/* A BLOB Transfer opcode? */
int ota__dfu_is_blob_op(uint32_t op);

/* Field shorthands over <otaimg/mesh_msg.h> (a wrong name is a bug: the
 * error is returned). */
uint64_t ota__dfu_u(const struct ota_mesh_msg *m, const char *field);
int ota__dfu_set(struct ota_mesh_msg *m, const char *field, uint64_t v);

/* errmsg formatting into buf (OTA_MSG_LEN) and to the log; returns err. */
int ota__dfu_fail(const struct ota_env *env, char *buf, int err, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* The client timeout of the Firmware Update and BLOB procedures (ms). */
uint64_t ota__dfu_client_timeout(uint16_t timeout_base, uint8_t ttl);

/* ---- the Distributor (dfd_lists.c, dfd_srv.c, dfd_run.c) ---- */
#define OTA_DFD_MAGIC 0x4f544644u /* "OTFD" */

struct dfd_slot {
	size_t id;
	uint8_t fwid[OTA_FWID_MAX];
	size_t fwid_len;
	uint8_t md[OTA_MESH_MD_MAX];
	size_t md_len;
	uint32_t size;
	char uri[256];
	int has_uri;
};

/* Steps of one receiver in a distribution. */
enum dfd_step {
	R_IDLE = 0, R_INFO, R_CHECK, R_START, R_CAPS, R_WAIT_XFER, R_XFER, R_VERIFY,
	R_VERIFIED, R_APPLY, R_CONFIRM, R_DONE, R_FAILED, R_CANCEL, R_CANCELLED
};

struct dfd_rcv {
	uint16_t addr;
	uint8_t idx;
	uint16_t queue;       /* Friend queue: a Low Power node when > 0 */
	uint8_t phase, status, xfer_status, progress, fail, effect, mode;
	int step;
	uint64_t next_ms, deadline;
	struct ota_blob_caps caps;
	size_t cli_index;
};

struct ota_dfd {
	uint32_t magic;
	struct ota_env env;
	struct ota_dfd_limits lim;
	struct ota_dfd_cb cb;
	struct dfd_slot *slot;
	size_t nslot, next_id;
	struct dfd_rcv *rcv;
	size_t nrcv;
	struct ota_mesh_msg *m;
	struct dfu_q q;
	/* the distribution */
	int phase;
	struct ota_dfd_start st;
	struct dfd_slot dslot;   /* a copy of the slot distributed */
	uint64_t blob_id, timeout;
	struct ota_blob_cli *cli;
	struct ota_blob_plan_result plan;
	int have_plan;
	size_t rr;
	uint64_t wait_since;      /* the first receiver ready for the transfer (0: none yet) */
	/* the upload */
	int up_phase, up_oob;
	struct dfd_slot up;      /* the slot being uploaded */
	struct ota_blob_srv *up_srv;
	uint64_t up_blob_id;
	uint16_t up_tb;
	uint8_t up_ttl;
	char errmsg[OTA_MSG_LEN];
};

int ota__dfd_ok(const struct ota_dfd *d);
/* dfd_lists.c: add a slot from s (its id assigned); OTA_E_LIMIT / OTA_E_EXISTS */
int ota__dfd_slot_insert(struct ota_dfd *d, struct dfd_slot *s, size_t *index);
uint32_t ota__dfd_space_used(const struct ota_dfd *d);
/* dfd_run.c: the upload's sink and the distribution's answers */
int ota__dfd_busy(const struct ota_dfd *d);
/* dfd_srv.c: the sink the upload BLOB server writes through */
void ota__dfd_upload_sink(struct ota_dfd *d, struct ota_blob_sink *sink);
/* a Distribution Status with that status into out */
int ota__dfd_dist_status(struct ota_dfd *d, int status, uint8_t *out, size_t *outlen);
/* the status field (an OTA_DFD_* code) */
#define ota__dfd_set_status(m, st) ota__dfu_set((m), "status", (uint64_t)(st))

#endif /* OTA_MESH_DFU_INT_H */
