/*
 * otaimg/mesh_blob.h - the Mesh Binary Large Object Transfer (MBT v1.0)
 * engine: transport-free client and server state machines, push and pull
 * modes, and the missing-chunk formats (libotaimg-mesh-blob(3)).  The caller
 * feeds the access messages it receives (opcode and parameters) and a
 * monotonic clock in milliseconds, and sends what the engine's poll returns.
 * Included by <otaimg.h>; do not include it alone.
 */
#ifndef OTAIMG_MESH_BLOB_H
#define OTAIMG_MESH_BLOB_H

#ifndef OTAIMG_H
#error "include <otaimg.h>, not <otaimg/mesh_blob.h>"
#endif

/* One access message to send: destination address, opcode and parameters. */
struct ota_blob_out {
	uint16_t dst;
	size_t len;
	uint8_t buf[OTA_MESH_MSG_MAX];
};

/* ---- missing chunks (Block Status format, bits 6-7 of its first octet) ---- */
#define OTA_BLOB_MISSING_ALL 0u     /* every chunk missing: no list */
#define OTA_BLOB_MISSING_NONE 1u    /* no chunk missing: no list */
#define OTA_BLOB_MISSING_SOME 2u    /* a bitmap, LSB first, one bit per chunk */
#define OTA_BLOB_MISSING_ENCODED 3u /* chunk numbers in a UTF-8-style code */
#define OTA_BLOB_MISSING_AUTO 0xFFu /* encode: the shortest that fits */

/* Encode the chunks set in the bitmap missing (nchunks bits, LSB first; 1 to
 * 65535 chunks) into buf.  *format: in, the format wanted or
 * OTA_BLOB_MISSING_AUTO (all, none, or the shorter of bitmap and list);
 * out, the format written.  limit: at most that many chunk numbers in an
 * encoded list (0: all; a Partial Block Report asks for a few at a time).
 * *len: in, room; out, octets written.  Too little room: OTA_E_LIMIT. */
OTA_API int ota_blob_missing_encode(const uint8_t *missing, uint32_t nchunks, uint32_t limit,
    unsigned *format, uint8_t *buf, size_t *len);
/* Decode a missing-chunk field of that format (len octets, 0 for ALL and
 * NONE) for a block of nchunks chunks into the bitmap missing
 * (ceil(nchunks / 8) octets, cleared first).  A bitmap of the wrong length:
 * OTA_E_TRUNCATED / OTA_E_TRAILING; a bit or number past the last chunk, a
 * malformed or overlong number: OTA_E_RANGE; a number cut short:
 * OTA_E_TRUNCATED.  *at (may be NULL): the octet the error is about. */
OTA_API int ota_blob_missing_decode(unsigned format, const uint8_t *buf, size_t len,
    uint32_t nchunks, uint8_t *missing, size_t *at);
/* As ota_blob_missing_decode, and also tolerating the malformed two-octet
 * form Zephyr's BLOB Transfer Server writes for chunk numbers 0x800..0xFFF
 * (0xC0 | n >> 6 in 8 bits, then 0x80 | (n & 0x3F)): an octet 0xE0..0xFF
 * and a continuation octet that do not begin a well-formed three-octet
 * number are read as (o1 & 0x3F) << 6 | (o2 & 0x3F), when the block has at
 * most 4096 chunks (above that Zephyr's form loses bits and is ambiguous).
 * *lenient (may be NULL): how many numbers were read that way. */
OTA_API int ota_blob_missing_decode_lenient(unsigned format, const uint8_t *buf, size_t len,
    uint32_t nchunks, uint8_t *missing, uint32_t *lenient, size_t *at);

/* BLOB status codes (Transfer Status, Block Status). */
#define OTA_BLOB_ST_SUCCESS 0x0u
#define OTA_BLOB_ST_INVALID_BLOCK_NUMBER 0x1u
#define OTA_BLOB_ST_INVALID_BLOCK_SIZE 0x2u
#define OTA_BLOB_ST_INVALID_CHUNK_SIZE 0x3u
#define OTA_BLOB_ST_WRONG_PHASE 0x4u
#define OTA_BLOB_ST_INVALID_PARAMETER 0x5u
#define OTA_BLOB_ST_WRONG_BLOB_ID 0x6u
#define OTA_BLOB_ST_BLOB_TOO_LARGE 0x7u
#define OTA_BLOB_ST_UNSUPPORTED_MODE 0x8u
#define OTA_BLOB_ST_INTERNAL_ERROR 0x9u
#define OTA_BLOB_ST_INFORMATION_UNAVAILABLE 0xAu
/* "wrong-blob-id", or "unknown". */
OTA_API const char *ota_blob_status_name(unsigned status);

/* Transfer phases (Transfer Status). */
#define OTA_BLOB_PHASE_INACTIVE 0u
#define OTA_BLOB_PHASE_WAITING_START 1u
#define OTA_BLOB_PHASE_WAITING_BLOCK 2u
#define OTA_BLOB_PHASE_WAITING_CHUNK 3u
#define OTA_BLOB_PHASE_COMPLETE 4u
#define OTA_BLOB_PHASE_SUSPENDED 5u

/* Timeouts in milliseconds (MBT: server 10 x (base + 1) s; client
 * 10000 x (base + 2) + 100 x TTL ms). */
OTA_API uint64_t ota_blob_server_timeout_ms(uint16_t timeout_base);
OTA_API uint64_t ota_blob_client_timeout_ms(uint16_t timeout_base, uint8_t ttl);

/* ---- client ---- */

/* Read len octets of the BLOB at offset into buf: 0, or nonzero to stop the
 * transfer (every active target fails with OTA_E_IO). */
typedef int (*ota_blob_read_fn)(void *ctx, uint64_t offset, void *buf, size_t len);

/* Transfer parameters; 0 in a field: its default. */
struct ota_blob_params {
	uint8_t block_log;      /* block size 2^block_log, 6..32 (12) */
	uint16_t chunk_size;    /* 1..377 (65) */
	uint16_t timeout_base;  /* (0) */
	uint8_t ttl;            /* put in the timeout (5; TTL itself is the caller's) */
	uint16_t mtu;           /* client MTU announced in Transfer Start, >= 20 (380) */
	uint32_t retry_ms;      /* resend an unanswered request after this (2000) */
	uint32_t chunk_gap_ms;  /* pause between two chunk messages (0) */
	uint32_t flags;         /* OTA_BLOB_F_* (0) */
};
/* Refuse chunk numbers in Zephyr's two-octet form (by default the client
 * reads them as ota_blob_missing_decode_lenient does and counts them in
 * struct ota_blob_target_info's lenient). */
#define OTA_BLOB_F_STRICT 0x1u

/* Target states. */
#define OTA_BLOB_TARGET_ACTIVE 0
#define OTA_BLOB_TARGET_DONE 1
#define OTA_BLOB_TARGET_FAILED 2
#define OTA_BLOB_TARGET_CANCELLED 3

struct ota_blob_target_info {
	uint16_t addr;
	uint8_t mode;          /* OTA_BLOB_MODE_PUSH or _PULL */
	int state;             /* OTA_BLOB_TARGET_* */
	int err;               /* OTA_OK, or why it failed or was cancelled:
				* OTA_E_BLOB_TIMEOUT, OTA_E_BLOB_STATUS (status
				* below; a sink that refused is Internal Error),
				* OTA_E_BLOB_ID, OTA_E_IO, OTA_E_CANCELLED */
	uint8_t status;        /* the last BLOB status code the target sent */
	uint8_t phase;         /* the last transfer phase it reported */
	uint32_t blocks_done;  /* blocks it holds (of ota_blob_cli_blocks) */
	char reason[96];       /* a short sentence when state is FAILED or CANCELLED */
	uint32_t lenient;      /* chunk numbers it sent in Zephyr's malformed
				* two-octet form, accepted (OTA_BLOB_F_STRICT) */
};

struct ota_blob_cli;
OTA_API struct ota_blob_cli *ota_blob_cli_new(void);
OTA_API struct ota_blob_cli *ota_blob_cli_new_ctx(const struct ota_ctx *ctx);
OTA_API void ota_blob_cli_free(struct ota_blob_cli **c);
OTA_API const char *ota_blob_cli_errmsg(const struct ota_blob_cli *c);
/* The BLOB: its ID, size (1..0xFFFFFFFF) and how to read it (streamed: the
 * client reads one chunk at a time, never holds the image). */
OTA_API int ota_blob_cli_set_blob(struct ota_blob_cli *c, uint64_t id, uint64_t size,
    ota_blob_read_fn read, void *ctx);
OTA_API int ota_blob_cli_set_params(struct ota_blob_cli *c, const struct ota_blob_params *p);
/* Block size log and chunk size from a plan (the other parameters stay). */
OTA_API int ota_blob_cli_set_plan(struct ota_blob_cli *c, const struct ota_blob_plan_result *r);
/* A target at a unicast address, in push or pull mode (pull for a Low Power
 * node; one transfer may mix them).  *index (may be NULL): its number. */
OTA_API int ota_blob_cli_add_target(struct ota_blob_cli *c, uint16_t addr, uint8_t mode,
    size_t *index);
/* Send push-mode chunks to this group address once instead of to each
 * push target (0: unicast). */
OTA_API int ota_blob_cli_set_group(struct ota_blob_cli *c, uint16_t group);
/* Begin: Transfer Start to each target. */
OTA_API int ota_blob_cli_start(struct ota_blob_cli *c, uint64_t now_ms);
/* A message (opcode and parameters) received from src.  Malformed or
 * unexpected: an error (the transfer goes on; errmsg says what). */
OTA_API int ota_blob_cli_recv(struct ota_blob_cli *c, uint16_t src, const uint8_t *msg,
    size_t len, uint64_t now_ms);
/* 1: *out holds a message to send now; 0: nothing due, call again at
 * *next_ms (UINT64_MAX: nothing to wait for); < 0: error. */
OTA_API int ota_blob_cli_poll(struct ota_blob_cli *c, uint64_t now_ms, struct ota_blob_out *out,
    uint64_t *next_ms);
/* Transfer Cancel to each active target; they end CANCELLED. */
OTA_API int ota_blob_cli_cancel(struct ota_blob_cli *c, uint64_t now_ms);
/* After a lost link: Transfer Get to each active target (and failed ones
 * that timed out), then go on from the blocks and chunks each reports
 * missing. */
OTA_API int ota_blob_cli_resume(struct ota_blob_cli *c, uint64_t now_ms);
/* 1 when no target is active (started and every target done, failed or
 * cancelled), else 0. */
OTA_API int ota_blob_cli_done(const struct ota_blob_cli *c);
OTA_API size_t ota_blob_cli_target_count(const struct ota_blob_cli *c);
OTA_API int ota_blob_cli_target(const struct ota_blob_cli *c, size_t i,
    struct ota_blob_target_info *info);
/* Blocks of the BLOB (0 before start). */
OTA_API uint32_t ota_blob_cli_blocks(const struct ota_blob_cli *c);

/* ---- server ---- */

/* Where a server puts the BLOB.  open: may refuse (nonzero: the transfer is
 * refused with Internal Error); write: len octets at offset of the BLOB
 * (nonzero: the transfer is cancelled); close: complete 1 when every block
 * arrived and the size checked, 0 when cancelled (Transfer Cancel,
 * ota_blob_srv_cancel, a failed write, a new expect, or ota_blob_srv_free
 * of a transfer not finished).  A server that times out in the middle of a
 * transfer suspends it and keeps the sink open, so a client can resume. */
struct ota_blob_sink {
	int (*open)(void *ctx, uint64_t id, uint32_t size);
	int (*write)(void *ctx, uint64_t offset, const uint8_t *data, size_t len);
	void (*close)(void *ctx, int complete);
	void *ctx;
};

struct ota_blob_srv;
OTA_API struct ota_blob_srv *ota_blob_srv_new(void);
OTA_API struct ota_blob_srv *ota_blob_srv_new_ctx(const struct ota_ctx *ctx);
OTA_API void ota_blob_srv_free(struct ota_blob_srv **s);
OTA_API const char *ota_blob_srv_errmsg(const struct ota_blob_srv *s);
/* What the server answers to Information Get and accepts (default: block
 * log 6..12, 256 chunks, chunk 65, 512 KiB, MTU 380, push and pull). */
OTA_API int ota_blob_srv_set_caps(struct ota_blob_srv *s, const struct ota_blob_caps *caps);
OTA_API int ota_blob_srv_set_sink(struct ota_blob_srv *s, const struct ota_blob_sink *sink);
/* Pull mode: chunks asked for in one Partial Block Report (1..64; 4; a Low
 * Power node: at most its Friend queue) and the interval a report is sent
 * again without an answer (10000 ms). */
OTA_API int ota_blob_srv_set_pull(struct ota_blob_srv *s, uint16_t request_count,
    uint32_t report_interval_ms);
/* Accept a transfer of this BLOB ID (as Firmware Update Start tells it):
 * phase WAITING_START; the timeout runs from now. */
OTA_API int ota_blob_srv_expect(struct ota_blob_srv *s, uint64_t id, uint16_t timeout_base,
    uint64_t now_ms);
/* A message for the server (opcode and parameters) from src.  Its answer,
 * if any, comes from ota_blob_srv_poll (to src), even when the message is
 * refused: OTA_E_BLOB_ID (another BLOB), OTA_E_RANGE (a block or chunk
 * number out of range, a chunk of the wrong length), OTA_E_STATE (not in
 * this phase), OTA_E_BLOB_SINK, or the decoder's error. */
OTA_API int ota_blob_srv_recv(struct ota_blob_srv *s, uint16_t src, const uint8_t *msg,
    size_t len, uint64_t now_ms);
/* As ota_blob_cli_poll: answers, Partial Block Reports (to the client) and
 * the server timeout. */
OTA_API int ota_blob_srv_poll(struct ota_blob_srv *s, uint64_t now_ms, struct ota_blob_out *out,
    uint64_t *next_ms);
/* Stop the transfer here (close(ctx, 0)); phase INACTIVE. */
OTA_API int ota_blob_srv_cancel(struct ota_blob_srv *s);
OTA_API unsigned ota_blob_srv_phase(const struct ota_blob_srv *s);
/* Blocks received and the BLOB's blocks (0, 0 before a Transfer Start). */
OTA_API int ota_blob_srv_progress(const struct ota_blob_srv *s, uint32_t *blocks_done,
    uint32_t *blocks);

#endif /* OTAIMG_MESH_BLOB_H */
