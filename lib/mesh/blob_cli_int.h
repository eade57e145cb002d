/* blob_cli_int.h - the BLOB Transfer Client's state, shared by blob_cli.c
 * (handle, transfer, poll) and blob_cli_recv.c (what the targets send).
 * Inside libotaimg only. */
#ifndef OTA_BLOB_CLI_INT_H
#define OTA_BLOB_CLI_INT_H

#include <stdint.h>
#include <stddef.h>

#include "otaimg.h"

#define CLI_MAGIC 0x4f54424bu /* "OTBK" */

enum step { S_IDLE, S_START, S_GET, S_BSTART, S_CHUNKS, S_BGET, S_BDONE, S_CANCEL };
enum req { R_NONE, R_START, R_GET, R_BSTART, R_BGET, R_CANCEL };
enum stage { G_NEW, G_XFER, G_BLOCK, G_CHECK, G_END };

struct tgt {
	uint16_t addr;
	uint8_t mode;
	int state, err;
	uint8_t status, phase;
	char reason[96];
	enum step step;
	enum req req;
	uint64_t retry_at;  /* send req then */
	uint64_t deadline;  /* the client timeout (UINT64_MAX: not waiting) */
	uint8_t *need;      /* blocks it lacks */
	uint8_t *missing;   /* chunks of the current block it lacks (push) */
	uint8_t *ask;       /* chunks it asked for and not yet sent (pull) */
	uint32_t lenient;   /* chunk numbers read in Zephyr's two-octet form */
};

struct ota_blob_cli {
	uint32_t magic;
	struct ota_env env;
	char errmsg[OTA_MSG_LEN];
	struct ota_mesh_msg *m;
	uint64_t id, size;
	ota_blob_read_fn read;
	void *rctx;
	struct ota_blob_params p;
	uint16_t group;
	struct tgt *t;
	size_t nt, cap;
	enum stage stage;
	uint64_t timeout;
	uint32_t nblocks, cpb; /* chunks of a full block */
	uint32_t cur, nchunks, bsize; /* the current block */
	int round;           /* a push round is sending chunks */
	uint32_t cursor;     /* the next chunk of the round */
	size_t ucursor;      /* unicast push: the next target for that chunk */
	size_t rr, pr;       /* round-robin: requests, pull targets */
	uint64_t chunk_at;   /* no chunk before this (chunk_gap_ms) */
	int turn;
};

int ota__bc_ok(const struct ota_blob_cli *c);
int ota__bc_err(struct ota_blob_cli *c, int err, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* t now in step st, waiting for the answer to rq (R_NONE: to nothing),
 * sent at now, the client timeout from now. */
void ota__bc_ask(struct ota_blob_cli *c, struct tgt *t, enum step st, enum req rq,
    uint64_t now);
/* t ends FAILED or CANCELLED with err and a reason. */
void ota__bc_fail(struct tgt *t, int state, int err, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
const char *ota__bc_req(enum req r);

/* short names inside blob_cli*.c */
#define cerr(...) ota__bc_err(__VA_ARGS__)
#define ask(...) ota__bc_ask(__VA_ARGS__)
#define fail(...) ota__bc_fail(__VA_ARGS__)
#define req_name(r) ota__bc_req(r)
#define c_ok(c) ota__bc_ok(c)

#endif /* OTA_BLOB_CLI_INT_H */
