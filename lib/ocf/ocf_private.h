/* ocf_private.h - what lib/ocf's files share. */
#ifndef OTA_OCF_PRIVATE_H
#define OTA_OCF_PRIVATE_H

#include "ota_private.h"

/* One decoded value, CBOR or JSON, as the property rules see it. */
enum ocf_vt {
	OCF_V_UINT = 0,
	OCF_V_NEG,    /* u holds -1 - value (CBOR) or the magnitude - 1 (JSON) */
	OCF_V_TEXT,
	OCF_V_BOOL,
	OCF_V_MAP,
	OCF_V_ARRAY,
	OCF_V_OTHER   /* bytes, tags, floats, null, ... */
};
struct ocf_val {
	enum ocf_vt t;
	uint64_t u;       /* UINT, NEG, BOOL; MAP/ARRAY: the count */
	const char *s;    /* TEXT (not NUL-terminated) */
	size_t n;
};

/* Where a decoder reports: the message with the byte offset (CBOR) or the
 * key (JSON). */
struct ocf_err {
	char *msg;
	size_t len;
};
int ota__ocf_fail(struct ocf_err *e, int err, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
const char *ota__ocf_vt_name(enum ocf_vt t);

/* The property rules (model.c): a scalar property of pstat or /oc/swu
 * (not dos, rt); OTA_OK, or 1 for a key that is not one of them.  where:
 * the text of the location for messages. */
int ota__ocf_pstat_prop(struct ota_ocf_pstat *p, const char *key, size_t klen,
    const struct ocf_val *v, const char *where, struct ocf_err *e);
int ota__ocf_dos_prop(struct ota_ocf_pstat *p, const char *key, size_t klen,
    const struct ocf_val *v, const char *where, struct ocf_err *e);
int ota__ocf_swu_prop(struct ota_ocf_swu *s, const char *key, size_t klen,
    const struct ocf_val *v, const char *where, struct ocf_err *e);
/* Is s[0..n) UTF-8 (no overlong forms, no surrogates)? */
int ota__ocf_utf8_ok(const char *s, size_t n);
int ota__ocf_key_is(const char *key, size_t klen, const char *name);

/* Enum strings. */
int ota__ocf_action_from(const char *s, size_t n, enum ota_ocf_swu_action *a);
int ota__ocf_state_from(const char *s, size_t n, enum ota_ocf_swu_state *st);

/* Open a regular file for reading without blocking on a FIFO or acting on
 * a device (the type is looked at before and after the open): the fd, or
 * -1 with *err an errno value (ENODEV: not a regular file).  *size: its
 * size at the open. */
int ota__ocf_open_regular(const char *path, int *err, uint64_t *size);

/* The version text of a candidate (nv). */
void ota__ocf_cand_version_text(struct ota_ocf_candidate *c);

#endif
