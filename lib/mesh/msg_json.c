/* msg_json.c - a struct ota_mesh_msg to and from JSON (libotaimg-mesh-msg(3),
 * JSON FORM): {"message": NAME, "opcode": "0x8301", FIELD: VALUE, ...}.
 * Integers are JSON numbers, except 8-octet IDs: "0x" and 16 hex digits;
 * octet strings are lowercase hex; lists are arrays of objects, or of
 * numbers for the chunk lists.  The keys come from the descriptors. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "ota_private.h"
#include "msg_int.h"

#define JSON_MAX 65536u /* the most JSON text ota_mesh_msg_from_json reads */

static json_t *
hex_json(const uint8_t *p, size_t n)
{
	static const char dig[] = "0123456789abcdef";
	char buf[2 * OTA_MESH_MSG_MAX + 1];
	size_t i;

	if (n > OTA_MESH_MSG_MAX)
		n = OTA_MESH_MSG_MAX;
	for (i = 0; i < n; i++) {
		buf[2 * i] = dig[p[i] >> 4];
		buf[2 * i + 1] = dig[p[i] & 15];
	}
	buf[2 * n] = '\0';
	return json_string(buf);
}

static json_t *
uint_json(const struct msg_field *f, uint64_t v)
{
	char buf[24];

	if (f != NULL && (f->flags & F_HEX64)) {
		(void)snprintf(buf, sizeof(buf), "0x%016llx", (unsigned long long)v);
		return json_string(buf);
	}
	return json_integer((json_int_t)v);
}

static int
add_fields(struct ota_mesh_msg *m, json_t *o, const struct msg_field *f, size_t n,
    const struct msg_val *vals, int top)
{
	const struct msg_val *v;
	json_t *a, *it;
	size_t i, k;
	int bad = 0;

	for (i = 0; i < n; i++) {
		v = &vals[i];
		if (top && !ota_mesh_msg_has(m, f[i].name))
			continue;
		if ((f[i].flags & F_RFU) && v->u == 0)
			continue;
		switch (f[i].kind) {
		case K_UINT:
		case K_BITS:
			bad |= json_object_set_new(o, f[i].name, uint_json(&f[i], v->u));
			break;
		case K_LIST:
		case K_ENC:
			if ((a = json_array()) == NULL || json_object_set_new(o, f[i].name, a) != 0)
				return OTA_E_NOMEM;
			for (k = 0; k < ota__msg_nitems(m); k++) {
				if (f[i].kind == K_ENC) {
					bad |= json_array_append_new(a,
					    json_integer((json_int_t)ota__msg_item(m, k, 0)->u));
					continue;
				}
				if ((it = json_object()) == NULL || json_array_append_new(a, it) != 0)
					return OTA_E_NOMEM;
				if (add_fields(m, it, f[i].rec->f, f[i].rec->n, ota__msg_item(m, k, 0), 0)
				    != OTA_OK)
					return OTA_E_NOMEM;
			}
			break;
		default:
			bad |= json_object_set_new(o, f[i].name, hex_json(ota__msg_bytes(m, v), v->len));
			break;
		}
	}
	return bad ? OTA_E_NOMEM : OTA_OK;
}

struct dump_ctx {
	ota_write_fn fn;
	void *ctx;
};

static int
dump_cb(const char *buf, size_t size, void *data)
{
	const struct dump_ctx *dc = data;

	return dc->fn(dc->ctx, buf, size) == 0 ? 0 : -1;
}

int
ota__msg_json_dump(json_t *o, ota_write_fn fn, void *ctx)
{
	struct dump_ctx dc = { fn, ctx };

	return json_dump_callback(o, dump_cb, &dc, JSON_INDENT(2) | JSON_PRESERVE_ORDER) == 0 &&
	    fn(ctx, "\n", 1) == 0 ? OTA_OK : OTA_E_IO;
}

int
ota_mesh_msg_write_json(const struct ota_mesh_msg *cm, ota_write_fn fn, void *ctx)
{
	struct ota_mesh_msg *m = (struct ota_mesh_msg *)(uintptr_t)cm;
	const struct msg_desc *d;
	char op[12];
	json_t *o;
	int r;

	if (!ota__msg_ok(m) || fn == NULL)
		return OTA_E_INVAL;
	if ((d = ota__msg_desc(m)) == NULL)
		return OTA_E_STATE;
	if ((o = json_object()) == NULL)
		return OTA_E_NOMEM;
	(void)snprintf(op, sizeof(op), "0x%0*X", d->op < 0x80 ? 2 : 4, (unsigned)d->op);
	if (json_object_set_new(o, "message", json_string(d->name)) != 0 ||
	    json_object_set_new(o, "opcode", json_string(op)) != 0 ||
	    add_fields(m, o, d->f, d->n, ota__msg_val(m, 0), 1) != OTA_OK) {
		json_decref(o);
		return OTA_E_NOMEM;
	}
	r = ota__msg_json_dump(o, fn, ctx);
	json_decref(o);
	return r;
}

/* ---- from JSON ---- */

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* A JSON number, or a string of decimal or 0x-hex digits. */
static int
json_u64(const json_t *j, uint64_t *out)
{
	const char *s;
	uint64_t v = 0;
	int base = 10, d;

	if (json_is_integer(j)) {
		if (json_integer_value(j) < 0)
			return OTA_E_RANGE;
		*out = (uint64_t)json_integer_value(j);
		return OTA_OK;
	}
	if (!json_is_string(j))
		return OTA_E_INVAL;
	s = json_string_value(j);
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
	}
	if (*s == '\0')
		return OTA_E_INVAL;
	for (; *s != '\0'; s++) {
		d = hexval(*s);
		if (d < 0 || d >= base)
			return OTA_E_INVAL;
		if (v > (UINT64_MAX - (uint64_t)d) / (uint64_t)base)
			return OTA_E_RANGE;
		v = v * (uint64_t)base + (uint64_t)d;
	}
	*out = v;
	return OTA_OK;
}

/* Hex text of j into buf (room OTA_MESH_MSG_MAX). */
static int
json_hex(const json_t *j, uint8_t *buf, size_t *len)
{
	const char *s;
	size_t n, i;
	int hi, lo;

	if (!json_is_string(j))
		return OTA_E_INVAL;
	s = json_string_value(j);
	n = strlen(s);
	if (n % 2 != 0)
		return OTA_E_INVAL;
	if (n / 2 > OTA_MESH_MSG_MAX)
		return OTA_E_LIMIT;
	for (i = 0; i < n; i += 2) {
		if ((hi = hexval(s[i])) < 0 || (lo = hexval(s[i + 1])) < 0)
			return OTA_E_INVAL;
		buf[i / 2] = (uint8_t)(hi * 16 + lo);
	}
	*len = n / 2;
	return OTA_OK;
}

/* Must the JSON give field i of d? */
static int
required(const struct msg_desc *d, size_t i)
{
	const struct msg_field *f = &d->f[i];

	if (ota__msg_optional(d, i) || (f->flags & (F_RFU | F_ALTA | F_ALTB | F_ZERO)) ||
	    f->cond != NULL)
		return 0;
	if ((f->kind == K_TAIL || f->kind == K_LIST || f->kind == K_ENC) && f->min == 0)
		return 0;
	return 1;
}

static int
jfail(struct ota_mesh_msg *m, int r, const char *field, const char *what)
{
	return ota__msg_fail(m, r, field, OTA_MSG_NO_OFFSET, "%s", what);
}

/* One value j for field f: item NULL, the top level; else item *item of list. */
static int
set_one(struct ota_mesh_msg *m, const struct msg_field *f, const json_t *j, const char *list,
    const size_t *item)
{
	uint8_t buf[OTA_MESH_MSG_MAX];
	uint64_t u;
	size_t n;
	int r;

	if (f->kind == K_UINT || f->kind == K_BITS) {
		if ((r = json_u64(j, &u)) != OTA_OK)
			return jfail(m, r, f->name, r == OTA_E_RANGE ? "value out of range" :
			    "not a number (or a string of decimal or 0x-hex digits)");
		r = item == NULL ? ota_mesh_msg_set_uint(m, f->name, u) :
		    ota_mesh_msg_item_set_uint(m, list, *item, f->name, u);
	} else {
		if ((r = json_hex(j, buf, &n)) != OTA_OK)
			return jfail(m, r, f->name, r == OTA_E_LIMIT ? "too many octets" :
			    "not a string of hex digit pairs");
		r = item == NULL ? ota_mesh_msg_set_bytes(m, f->name, buf, n) :
		    ota_mesh_msg_item_set_bytes(m, list, *item, f->name, buf, n);
	}
	if (r != OTA_OK && ota_mesh_msg_errfield(m, NULL) == NULL)
		return jfail(m, r, f->name, ota_strerror(r));
	return r;
}

static int
set_list(struct ota_mesh_msg *m, const struct msg_field *f, const json_t *a)
{
	const struct msg_field *rf;
	const json_t *it, *v;
	const char *key;
	size_t i, k, idx;
	int r;

	if (!json_is_array(a))
		return jfail(m, OTA_E_INVAL, f->name, "not an array");
	for (i = 0; i < json_array_size(a); i++) {
		it = json_array_get(a, i);
		if ((r = ota_mesh_msg_item_add(m, f->name, &idx)) != OTA_OK)
			return jfail(m, r, f->name, "too many items");
		if (f->kind == K_ENC) {
			static const struct msg_field chunk = { "chunk", K_UINT, 2, 0, 0, 0, NULL, 0,
				0, 0xFFFF, NULL };
			if ((r = set_one(m, &chunk, it, f->name, &idx)) != OTA_OK)
				return r;
			continue;
		}
		if (!json_is_object(it))
			return jfail(m, OTA_E_INVAL, f->name, "an item is not an object");
		json_object_foreach((json_t *)(uintptr_t)it, key, v) {
			if (ota__msg_field_index(f->rec->f, f->rec->n, key) < 0)
				return ota__msg_fail(m, OTA_E_INVAL, f->name, OTA_MSG_NO_OFFSET,
				    "unknown key \"%.40s\" in item %zu", key, i);
		}
		for (k = 0; k < f->rec->n; k++) {
			rf = &f->rec->f[k];
			if ((v = json_object_get(it, rf->name)) == NULL) {
				if (rf->flags & F_RFU)
					continue;
				return ota__msg_fail(m, OTA_E_INVAL, rf->name, OTA_MSG_NO_OFFSET,
				    "missing in item %zu of %s", i, f->name);
			}
			if ((r = set_one(m, rf, v, f->name, &idx)) != OTA_OK)
				return r;
		}
	}
	return OTA_OK;
}

static int
from_object(struct ota_mesh_msg *m, const json_t *o)
{
	const json_t *jn, *jo, *v;
	const struct msg_desc *d = NULL;
	const char *key;
	uint64_t op = 0;
	size_t i;
	int r;

	if (!json_is_object(o))
		return jfail(m, OTA_E_INVAL, "message", "the JSON text is not an object");
	jn = json_object_get(o, "message");
	jo = json_object_get(o, "opcode");
	if (jn != NULL && (!json_is_string(jn) ||
	    (d = ota__msg_find_name(json_string_value(jn))) == NULL))
		return jfail(m, OTA_E_UNSUPPORTED, "message", "not a message name");
	if (jo != NULL && json_u64(jo, &op) != OTA_OK)
		return jfail(m, OTA_E_INVAL, "opcode", "not an opcode");
	if (jn == NULL && jo == NULL)
		return jfail(m, OTA_E_INVAL, "message", "neither \"message\" nor \"opcode\" given");
	if (jn != NULL && jo != NULL && op != d->op)
		return jfail(m, OTA_E_INVAL, "opcode", "does not match \"message\"");
	if ((r = ota_mesh_msg_init(m, jn != NULL ? d->op : (uint32_t)op)) != OTA_OK)
		return r;
	d = ota__msg_desc(m);
	json_object_foreach((json_t *)(uintptr_t)o, key, v) {
		if (strcmp(key, "message") != 0 && strcmp(key, "opcode") != 0 &&
		    ota__msg_field_index(d->f, d->n, key) < 0)
			return ota__msg_fail(m, OTA_E_INVAL, NULL, 0,
			    "unknown key \"%.40s\"", key);
	}
	for (i = 0; i < d->n; i++) {
		if ((v = json_object_get(o, d->f[i].name)) == NULL) {
			if (required(d, i))
				return jfail(m, OTA_E_INVAL, d->f[i].name, "missing");
			continue;
		}
		if (d->f[i].kind == K_LIST || d->f[i].kind == K_ENC)
			r = set_list(m, &d->f[i], v);
		else
			r = set_one(m, &d->f[i], v, NULL, NULL);
		if (r != OTA_OK)
			return r;
	}
	if ((d->n > 0 && (d->f[d->n - 1].flags & F_ALTB)) &&
	    json_object_get(o, "group") == NULL && json_object_get(o, "label_uuid") == NULL)
		return jfail(m, OTA_E_INVAL, "group", "missing (or label_uuid)");
	if (json_object_get(o, "group") != NULL && json_object_get(o, "label_uuid") != NULL)
		return jfail(m, OTA_E_INVAL, "label_uuid", "given with group: one or the other");
	return OTA_OK;
}

int
ota_mesh_msg_from_json(struct ota_mesh_msg *m, const char *text, size_t len)
{
	uint8_t buf[OTA_MESH_MSG_MAX];
	json_error_t jerr;
	json_t *root;
	size_t n = sizeof(buf);
	int r;

	if (!ota__msg_ok(m) || (text == NULL && len > 0))
		return OTA_E_INVAL;
	(void)ota_mesh_msg_init(m, 0x8300u);
	if (len > JSON_MAX) {
		r = jfail(m, OTA_E_LIMIT, "message", "JSON text over 64 KiB");
		ota__msg_forget(m);
		return r;
	}
	if ((root = json_loadb(text != NULL ? text : "", len, JSON_REJECT_DUPLICATES, &jerr)) ==
	    NULL) {
		r = ota__msg_fail(m, OTA_E_INVAL, NULL, 0, "JSON line %d column %d: %.120s",
		    jerr.line, jerr.column, jerr.text);
		ota__msg_forget(m);
		return r;
	}
	r = from_object(m, root);
	json_decref(root);
	if (r == OTA_OK)
		r = ota_mesh_msg_encode(m, buf, &n); /* every check the encoder makes */
	if (r != OTA_OK)
		ota__msg_forget(m);
	return r;
}
