/*
 * otaimg/mesh_msg.h - Bluetooth Mesh Firmware Update, Firmware Distribution
 * and BLOB Transfer access messages (encode, decode with exact length checks,
 * JSON) and the BLOB transfer planner (libotaimg-mesh-msg(3)).  Included by
 * <otaimg.h>; do not include it alone.
 */
#ifndef OTAIMG_MESH_MSG_H
#define OTAIMG_MESH_MSG_H

#ifndef OTAIMG_H
#error "include <otaimg.h>, not <otaimg/mesh_msg.h>"
#endif

/* The longest access message: a 32-segment SDU (384 octets) less the 4-octet
 * TransMIC, opcode included. */
#define OTA_MESH_MSG_MAX 380u

/* Opcodes (the value is the opcode's octets read big-endian: 0x66 is one
 * octet, 0x8301 two). */
#define OTA_MESH_OP_BLOB_TRANSFER_GET 0x8300u
#define OTA_MESH_OP_BLOB_TRANSFER_START 0x8301u
#define OTA_MESH_OP_BLOB_TRANSFER_CANCEL 0x8302u
#define OTA_MESH_OP_BLOB_TRANSFER_STATUS 0x8303u
#define OTA_MESH_OP_BLOB_BLOCK_START 0x8304u
#define OTA_MESH_OP_BLOB_BLOCK_GET 0x8305u
#define OTA_MESH_OP_BLOB_INFORMATION_GET 0x8306u
#define OTA_MESH_OP_BLOB_INFORMATION_STATUS 0x8307u
#define OTA_MESH_OP_BLOB_CHUNK_TRANSFER 0x66u
#define OTA_MESH_OP_BLOB_BLOCK_STATUS 0x67u
#define OTA_MESH_OP_BLOB_PARTIAL_BLOCK_REPORT 0x68u
#define OTA_MESH_OP_FW_UPDATE_INFORMATION_GET 0x8308u
#define OTA_MESH_OP_FW_UPDATE_INFORMATION_STATUS 0x8309u
#define OTA_MESH_OP_FW_UPDATE_METADATA_CHECK 0x830Au
#define OTA_MESH_OP_FW_UPDATE_METADATA_STATUS 0x830Bu
#define OTA_MESH_OP_FW_UPDATE_GET 0x830Cu
#define OTA_MESH_OP_FW_UPDATE_START 0x830Du
#define OTA_MESH_OP_FW_UPDATE_CANCEL 0x830Eu
#define OTA_MESH_OP_FW_UPDATE_APPLY 0x830Fu
#define OTA_MESH_OP_FW_UPDATE_STATUS 0x8310u
#define OTA_MESH_OP_FW_DIST_RECEIVERS_ADD 0x8311u
#define OTA_MESH_OP_FW_DIST_RECEIVERS_DELETE_ALL 0x8312u
#define OTA_MESH_OP_FW_DIST_RECEIVERS_STATUS 0x8313u
#define OTA_MESH_OP_FW_DIST_RECEIVERS_GET 0x8314u
#define OTA_MESH_OP_FW_DIST_RECEIVERS_LIST 0x8315u
#define OTA_MESH_OP_FW_DIST_CAPABILITIES_GET 0x8316u
#define OTA_MESH_OP_FW_DIST_CAPABILITIES_STATUS 0x8317u
#define OTA_MESH_OP_FW_DIST_GET 0x8318u
#define OTA_MESH_OP_FW_DIST_START 0x8319u
#define OTA_MESH_OP_FW_DIST_SUSPEND 0x831Au
#define OTA_MESH_OP_FW_DIST_CANCEL 0x831Bu
#define OTA_MESH_OP_FW_DIST_APPLY 0x831Cu
#define OTA_MESH_OP_FW_DIST_STATUS 0x831Du
#define OTA_MESH_OP_FW_DIST_UPLOAD_GET 0x831Eu
#define OTA_MESH_OP_FW_DIST_UPLOAD_START 0x831Fu
#define OTA_MESH_OP_FW_DIST_UPLOAD_OOB_START 0x8320u
#define OTA_MESH_OP_FW_DIST_UPLOAD_CANCEL 0x8321u
#define OTA_MESH_OP_FW_DIST_UPLOAD_STATUS 0x8322u
#define OTA_MESH_OP_FW_DIST_FIRMWARE_GET 0x8323u
#define OTA_MESH_OP_FW_DIST_FIRMWARE_GET_BY_INDEX 0x8324u
#define OTA_MESH_OP_FW_DIST_FIRMWARE_DELETE 0x8325u
#define OTA_MESH_OP_FW_DIST_FIRMWARE_DELETE_ALL 0x8326u
#define OTA_MESH_OP_FW_DIST_FIRMWARE_STATUS 0x8327u

/* The opcode at buf: 1, 2 or 3 octets (*oplen).  0x7F: OTA_E_UNSUPPORTED;
 * too short: OTA_E_TRUNCATED. */
OTA_API int ota_mesh_opcode_decode(const uint8_t *buf, size_t len, uint32_t *opcode,
    size_t *oplen);
/* *len: in, room; out, octets written (1, 2 or 3).  Not an opcode value:
 * OTA_E_RANGE. */
OTA_API int ota_mesh_opcode_encode(uint32_t opcode, uint8_t *buf, size_t *len);
/* "blob-transfer-start", or NULL for an opcode without a codec. */
OTA_API const char *ota_mesh_msg_op_name(uint32_t opcode);
/* The opcode of a message name; OTA_E_NOT_FOUND. */
OTA_API int ota_mesh_msg_op_lookup(const char *name, uint32_t *opcode);
/* The i-th message with a codec (0, 1, ...); OTA_E_NOT_FOUND past the end. */
OTA_API int ota_mesh_msg_op_at(size_t i, uint32_t *opcode);

/* Field kinds. */
enum ota_mesh_field_kind {
	OTA_MESH_FIELD_UINT = 1,  /* an integer (bit fields too) */
	OTA_MESH_FIELD_BYTES = 2, /* octets */
	OTA_MESH_FIELD_LIST = 3   /* a list of items, each with its own fields */
};

struct ota_mesh_msg;
OTA_API struct ota_mesh_msg *ota_mesh_msg_new(void);
/* The allocator and log of ctx (NULL: the defaults). */
OTA_API struct ota_mesh_msg *ota_mesh_msg_new_ctx(const struct ota_ctx *ctx);
OTA_API void ota_mesh_msg_free(struct ota_mesh_msg **m);
/* The last error: a sentence naming the message, the field and its offset. */
OTA_API const char *ota_mesh_msg_errmsg(const struct ota_mesh_msg *m);
/* The field the last error is about (NULL: none) and its octet offset from
 * the start of what was decoded (the opcode when one was). */
OTA_API const char *ota_mesh_msg_errfield(const struct ota_mesh_msg *m, size_t *offset);

/* Make m an empty message of that opcode: integers 0, byte fields empty,
 * lists empty, optional parts absent.  OTA_E_UNSUPPORTED without a codec. */
OTA_API int ota_mesh_msg_init(struct ota_mesh_msg *m, uint32_t opcode);
OTA_API uint32_t ota_mesh_msg_opcode(const struct ota_mesh_msg *m); /* 0: none */
OTA_API const char *ota_mesh_msg_name(const struct ota_mesh_msg *m);

/* Decode opcode and parameters exactly: a message that ends inside a field:
 * OTA_E_TRUNCATED; octets after the last field: OTA_E_TRAILING; a field out
 * of its range: OTA_E_RANGE; over OTA_MESH_MSG_MAX: OTA_E_LIMIT; an opcode
 * without a codec: OTA_E_UNSUPPORTED.  On error the handle holds no message. */
OTA_API int ota_mesh_msg_decode(struct ota_mesh_msg *m, const uint8_t *buf, size_t len);
/* The parameters only, the opcode given (as an access layer delivers them). */
OTA_API int ota_mesh_msg_decode_params(struct ota_mesh_msg *m, uint32_t opcode,
    const uint8_t *buf, size_t len);
/* Opcode and parameters; *len: in, room; out, length (room too small:
 * OTA_E_INVAL with *len the length needed).  Every field is checked as the
 * decoder checks it. */
OTA_API int ota_mesh_msg_encode(struct ota_mesh_msg *m, uint8_t *buf, size_t *len);
OTA_API int ota_mesh_msg_encode_params(struct ota_mesh_msg *m, uint8_t *buf, size_t *len);

/* Fields, by name (the JSON keys).  Field i of the message (0, 1, ...; NULL
 * past the end) and its kind. */
OTA_API const char *ota_mesh_msg_field_name(const struct ota_mesh_msg *m, size_t i);
OTA_API int ota_mesh_msg_field_kind(const struct ota_mesh_msg *m, const char *field);
/* 1 when the field is in the message (an optional part present, a byte field
 * of a present part), else 0. */
OTA_API int ota_mesh_msg_has(const struct ota_mesh_msg *m, const char *field);
/* No such field: OTA_E_NOT_FOUND; not of that kind: OTA_E_INVAL; a value out
 * of the field's range: OTA_E_RANGE (nothing changed).  Setting a field of
 * an optional part makes the part present. */
OTA_API int ota_mesh_msg_get_uint(const struct ota_mesh_msg *m, const char *field, uint64_t *v);
OTA_API int ota_mesh_msg_set_uint(struct ota_mesh_msg *m, const char *field, uint64_t v);
/* Borrowed, valid until the next call that changes m. */
OTA_API int ota_mesh_msg_get_bytes(const struct ota_mesh_msg *m, const char *field,
    const uint8_t **buf, size_t *len);
OTA_API int ota_mesh_msg_set_bytes(struct ota_mesh_msg *m, const char *field, const void *buf,
    size_t len);
/* Make an optional part absent from this field on (or empty a byte field). */
OTA_API int ota_mesh_msg_clear(struct ota_mesh_msg *m, const char *field);
/* Lists: the number of items; a new item at the end (its fields 0, *index);
 * the fields of item i. */
OTA_API int ota_mesh_msg_item_count(const struct ota_mesh_msg *m, const char *list, size_t *n);
OTA_API int ota_mesh_msg_item_add(struct ota_mesh_msg *m, const char *list, size_t *index);
OTA_API int ota_mesh_msg_item_get_uint(const struct ota_mesh_msg *m, const char *list, size_t i,
    const char *field, uint64_t *v);
OTA_API int ota_mesh_msg_item_set_uint(struct ota_mesh_msg *m, const char *list, size_t i,
    const char *field, uint64_t v);
OTA_API int ota_mesh_msg_item_get_bytes(const struct ota_mesh_msg *m, const char *list, size_t i,
    const char *field, const uint8_t **buf, size_t *len);
OTA_API int ota_mesh_msg_item_set_bytes(struct ota_mesh_msg *m, const char *list, size_t i,
    const char *field, const void *buf, size_t len);

/* JSON: {"message": NAME, "opcode": "0x8301", fields...} (libotaimg-mesh-msg(3),
 * JSON form).  ota_mesh_msg_from_json replaces the message; an unknown key,
 * a missing field or a value out of range is an error naming it (and the
 * handle then holds no message). */
OTA_API int ota_mesh_msg_write_json(const struct ota_mesh_msg *m, ota_write_fn fn, void *ctx);
OTA_API int ota_mesh_msg_from_json(struct ota_mesh_msg *m, const char *json, size_t len);

/* ---- BLOB transfer planner ---- */
#define OTA_BLOB_MODE_PUSH 0x1u
#define OTA_BLOB_MODE_PULL 0x2u

/* What a BLOB Information Status reports. */
struct ota_blob_caps {
	uint8_t min_block_log, max_block_log;
	uint16_t max_chunks;      /* max total chunks per block */
	uint16_t max_chunk_size;
	uint32_t max_blob_size;
	uint16_t mtu;             /* server MTU */
	uint8_t modes;            /* OTA_BLOB_MODE_* */
};
/* From a decoded BLOB Information Status (else OTA_E_INVAL). */
OTA_API int ota_blob_caps_from_msg(const struct ota_mesh_msg *m, struct ota_blob_caps *caps);

/* The time model (libotaimg-mesh-msg(3), TIME ESTIMATE); 0: the default. */
struct ota_blob_timing {
	uint32_t pdu_interval_ms; /* one network PDU on air, retransmissions included (50) */
	uint32_t chunk_gap_ms;    /* pause after each chunk message (0) */
	uint32_t poll_ms;         /* an LPN's poll interval, pull mode (1000) */
	uint32_t pull_chunks;     /* chunks a pull server asks for at once (4) */
};

struct ota_blob_plan_result {
	uint8_t mode;               /* OTA_BLOB_MODE_PUSH or _PULL */
	uint8_t block_log;
	uint16_t chunk_size;
	uint32_t block_size;
	uint32_t blocks;
	uint32_t last_block_size;
	uint32_t chunks_per_block;
	uint32_t last_block_chunks;
	uint64_t chunks;            /* chunks of the BLOB */
	uint64_t chunk_messages;    /* Chunk Transfer messages sent: chunks once in push
				     * mode, once per target in pull mode */
	uint32_t segments_per_chunk; /* of a full chunk */
	uint64_t segments;          /* chunk_messages x segments_per_chunk */
	uint64_t control_messages;  /* the other messages of one transfer */
	uint64_t time_ms;           /* estimated */
	size_t targets;             /* in this group */
};

#define OTA_BLOB_PLAN_SPLIT 0x1u /* split a set with no common mode into groups */

struct ota_blob_plan;
OTA_API struct ota_blob_plan *ota_blob_plan_new(void);
OTA_API struct ota_blob_plan *ota_blob_plan_new_ctx(const struct ota_ctx *ctx);
OTA_API void ota_blob_plan_free(struct ota_blob_plan **p);
OTA_API const char *ota_blob_plan_errmsg(const struct ota_blob_plan *p);
OTA_API int ota_blob_plan_set_size(struct ota_blob_plan *p, uint64_t size);
/* The client's own limits (0: none): largest chunk it sends, its MTU (the
 * Block Status it can take), most chunks per block it handles. */
OTA_API int ota_blob_plan_set_client(struct ota_blob_plan *p, uint16_t max_chunk_size,
    uint16_t mtu, uint16_t max_chunks);
OTA_API int ota_blob_plan_set_timing(struct ota_blob_plan *p, const struct ota_blob_timing *t);
/* A target; friend_queue: its Friend queue size when it is a Low Power node,
 * else 0.  *index (may be NULL): its number (0, 1, ...). */
OTA_API int ota_blob_plan_add_target(struct ota_blob_plan *p, const struct ota_blob_caps *caps,
    uint16_t friend_queue, size_t *index);
/* Plan: OTA_E_NO_PLAN with the reason (naming the target) in the errmsg
 * when no plan fits; OTA_E_STATE without a size or targets. */
OTA_API int ota_blob_plan_compute(struct ota_blob_plan *p, unsigned flags);
OTA_API size_t ota_blob_plan_group_count(const struct ota_blob_plan *p);
OTA_API int ota_blob_plan_group(const struct ota_blob_plan *p, size_t group,
    struct ota_blob_plan_result *r);
/* The group target i is in. */
OTA_API int ota_blob_plan_target_group(const struct ota_blob_plan *p, size_t target,
    size_t *group);
OTA_API int ota_blob_plan_write_json(const struct ota_blob_plan *p, ota_write_fn fn, void *ctx);

#endif /* OTAIMG_MESH_MSG_H */
