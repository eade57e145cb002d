/* fetch_private.h - the Store Firmware OOB fetch handle (lib/mesh/fetch_*.c only). */
#ifndef OTA_FETCH_PRIVATE_H
#define OTA_FETCH_PRIVATE_H

#include "ota_private.h"

#define OTA_FETCH_MAGIC 0x4f544648u /* "OTFH" */
#define OTA_FETCH_CHAIN_MAX 65535u  /* dfu_chain_size accepted: 1..this */

struct ota_mesh_fetch {
	uint32_t magic;
	struct ota_env env;
	struct ota_ctx ctx;         /* env again, for the archive handle */
	char *ca_file;              /* NULL: the system store */
	uint64_t check_max, archive_max;
	unsigned connect_ms, total_ms;
	int status;                 /* Upload OOB status of the last call */
	long http;                  /* last HTTP status, 0 none */
	int have_check;
	uint8_t fwid[OTA_FWID_MAX]; /* the check response */
	size_t fwid_len;
	uint64_t chain, fsize;
	char *path;                 /* the archive written */
	struct ota_prog prog;       /* fn NULL: none */
	char errmsg[OTA_MSG_LEN];
};

int ota__fetch_ok(const struct ota_mesh_fetch *f);
/* Set errmsg and the status of err; returns err. */
int ota__fetch_err(struct ota_mesh_fetch *f, int err, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* fwid as uppercase hex in out (2 * len + 1 bytes, NUL-terminated). */
void ota__fetch_hex(const uint8_t *fwid, size_t len, char *out);
/* The URI check, the message to msg. */
int ota__uri_check(const char *uri, char *msg, size_t msglen);

#endif
