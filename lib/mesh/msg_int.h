/* msg_int.h - the message descriptor tables behind <otaimg/mesh_msg.h>
 * (libotaimg-mesh-msg(3)): one descriptor per access message, fields in
 * wire order, from which decoding, encoding, the length checks and the JSON
 * form all come.  Inside libotaimg only. */
#ifndef OTA_MESH_MSG_INT_H
#define OTA_MESH_MSG_INT_H

#include <stdint.h>
#include <stddef.h>

enum msg_kind {
	K_UINT,  /* size 1, 2, 3, 4 or 8 octets, little-endian */
	K_BITS,  /* bits [shift, shift + nbits) of a size-octet little-endian word */
	K_FIXED, /* exactly size octets */
	K_LP,    /* a length octet, then that many octets */
	K_TAIL,  /* every octet to the end of the message */
	K_LIST,  /* records (rec) to the end of the message */
	K_ENC    /* 16-bit chunk numbers in the UTF-8-style variable-length code */
};

#define F_CONT 0x01u  /* K_BITS: more bits of the previous field's word */
#define F_OPT 0x02u   /* the message may end before this field */
#define F_RFU 0x04u   /* reserved: 0 unless a sender set it; left out of JSON when 0 */
#define F_ALTA 0x08u  /* a 2-octet address, or the 16-octet field after it (F_ALTB) */
#define F_ALTB 0x10u
#define F_ZERO 0x20u  /* a byte field that may also be empty (absent) */
#define F_HEX64 0x40u /* K_UINT of 8 octets: a "0x..." string in JSON */

struct msg_field;
struct msg_rec {
	const struct msg_field *f;
	size_t n;
};

struct msg_field {
	const char *name;
	uint8_t kind;
	uint8_t size;   /* octets (K_UINT, K_BITS, K_FIXED) */
	uint8_t shift;  /* K_BITS */
	uint8_t nbits;  /* K_BITS */
	uint8_t flags;
	const char *cond;   /* present only when this field's value has a bit in condmask */
	uint8_t condmask;
	uint64_t min, max;  /* the value (K_UINT, K_BITS) or the length in octets, or items (K_LIST) */
	const struct msg_rec *rec; /* K_LIST */
};

struct ota_mesh_msg;
struct msg_desc {
	uint32_t op;
	const char *name;
	const struct msg_field *f;
	size_t n;
	/* checks across fields after a decode or before an encode, or NULL */
	int (*check)(struct ota_mesh_msg *m);
};

#define MSG_MAX_FIELDS 16u
#define MSG_MAX_RECF 6u
#define MSG_MAX_ITEMS 380u

struct msg_val {
	uint64_t u;
	uint16_t off, len; /* byte fields: their octets in the handle's arena */
	uint16_t at;       /* offset decoded from (for messages about it) */
	uint8_t set;
};

/* msg_table.c */
extern const struct msg_desc ota__msg_table[];
extern const size_t ota__msg_table_len;
const struct msg_desc *ota__msg_find(uint32_t op);
const struct msg_desc *ota__msg_find_name(const char *name);

/* msg.c: field access shared with msg_json.c */
int ota__msg_field_index(const struct msg_field *f, size_t n, const char *name);
struct msg_val *ota__msg_val(struct ota_mesh_msg *m, size_t i);
struct msg_val *ota__msg_item(struct ota_mesh_msg *m, size_t item, size_t j);
size_t ota__msg_nitems(const struct ota_mesh_msg *m);
void ota__msg_set_nitems(struct ota_mesh_msg *m, size_t n);
int ota__msg_ok(const struct ota_mesh_msg *m);
void ota__msg_forget(struct ota_mesh_msg *m); /* no message after an error */
#define OTA_MSG_NO_OFFSET ((size_t)-1) /* ota__msg_fail: not about an octet (JSON) */
const struct msg_desc *ota__msg_desc(const struct ota_mesh_msg *m);
const uint8_t *ota__msg_bytes(const struct ota_mesh_msg *m, const struct msg_val *v);
int ota__msg_put_bytes(struct ota_mesh_msg *m, struct msg_val *v, const void *p, size_t len);
int ota__msg_fail(struct ota_mesh_msg *m, int err, const char *field, size_t off,
    const char *fmt, ...) __attribute__((format(printf, 5, 6)));
int ota__msg_check_value(struct ota_mesh_msg *m, const struct msg_field *f, uint64_t v,
    size_t off);
int ota__msg_check_len(struct ota_mesh_msg *m, const struct msg_field *f, size_t len, size_t off);
int ota__msg_is_present(struct ota_mesh_msg *m, const struct msg_field *f);
int ota__msg_check_xfer_status(struct ota_mesh_msg *m);
int ota__msg_check_info_status(struct ota_mesh_msg *m);
int ota__msg_optional(const struct msg_desc *d, size_t i);
/* msg_json.c: o as indented JSON and a newline to fn (OTA_E_IO when fn fails) */
struct json_t;
int ota__msg_json_dump(struct json_t *o, ota_write_fn fn, void *ctx);
#endif /* OTA_MESH_MSG_INT_H */
