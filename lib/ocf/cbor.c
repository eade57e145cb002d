/* cbor.c - pstat and /oc/swu in CBOR (libcbor): a pull reader over
 * cbor_stream_decode that knows each item's byte offset, and a writer of
 * shortest forms. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <cbor.h>

#include "ocf/ocf_private.h"

#define OCF_DEPTH_MAX 16
#define OCF_INPUT_MAX 65536u

enum { T_INDEF = 100, T_BREAK, T_TAG };

struct item {
	int t;          /* enum ocf_vt or T_* */
	uint64_t u;
	const uint8_t *s;
	size_t n;
};

struct rd {
	const uint8_t *buf;
	size_t len, pos;
	struct ocf_err *e;
	const char *what;
};

#define IT(c) ((struct item *)(c))
static void cb_u8(void *c, uint8_t v) { IT(c)->t = OCF_V_UINT; IT(c)->u = v; }
static void cb_u16(void *c, uint16_t v) { IT(c)->t = OCF_V_UINT; IT(c)->u = v; }
static void cb_u32(void *c, uint32_t v) { IT(c)->t = OCF_V_UINT; IT(c)->u = v; }
static void cb_u64(void *c, uint64_t v) { IT(c)->t = OCF_V_UINT; IT(c)->u = v; }
static void cb_n8(void *c, uint8_t v) { IT(c)->t = OCF_V_NEG; IT(c)->u = v; }
static void cb_n16(void *c, uint16_t v) { IT(c)->t = OCF_V_NEG; IT(c)->u = v; }
static void cb_n32(void *c, uint32_t v) { IT(c)->t = OCF_V_NEG; IT(c)->u = v; }
static void cb_n64(void *c, uint64_t v) { IT(c)->t = OCF_V_NEG; IT(c)->u = v; }
static void cb_text(void *c, cbor_data s, size_t n) { IT(c)->t = OCF_V_TEXT; IT(c)->s = s; IT(c)->n = n; }
static void cb_bytes(void *c, cbor_data s, size_t n) { IT(c)->t = OCF_V_OTHER; IT(c)->s = s; IT(c)->n = n; }
static void cb_indef(void *c) { IT(c)->t = T_INDEF; }
static void cb_break(void *c) { IT(c)->t = T_BREAK; }
static void cb_array(void *c, size_t n) { IT(c)->t = OCF_V_ARRAY; IT(c)->u = n; }
static void cb_map(void *c, size_t n) { IT(c)->t = OCF_V_MAP; IT(c)->u = n; }
static void cb_tag(void *c, uint64_t v) { IT(c)->t = T_TAG; IT(c)->u = v; }
static void cb_f(void *c, float v) { (void)v; IT(c)->t = OCF_V_OTHER; }
static void cb_d(void *c, double v) { (void)v; IT(c)->t = OCF_V_OTHER; }
static void cb_simple(void *c) { IT(c)->t = OCF_V_OTHER; }
static void cb_bool(void *c, bool v) { IT(c)->t = OCF_V_BOOL; IT(c)->u = v ? 1u : 0u; }
#undef IT

static const struct cbor_callbacks cbs = {
	.uint8 = cb_u8, .uint16 = cb_u16, .uint32 = cb_u32, .uint64 = cb_u64,
	.negint64 = cb_n64, .negint32 = cb_n32, .negint16 = cb_n16, .negint8 = cb_n8,
	.byte_string_start = cb_indef, .byte_string = cb_bytes,
	.string = cb_text, .string_start = cb_indef,
	.indef_array_start = cb_indef, .array_start = cb_array,
	.indef_map_start = cb_indef, .map_start = cb_map,
	.tag = cb_tag, .float2 = cb_f, .float4 = cb_f, .float8 = cb_d,
	.undefined = cb_simple, .null = cb_simple, .boolean = cb_bool,
	.indef_break = cb_break,
};

/* The next item's head (and a definite string's bytes). */
static int
next(struct rd *r, struct item *it, size_t *at)
{
	struct cbor_decoder_result res;

	*at = r->pos;
	memset(it, 0, sizeof(*it));
	it->t = -1;
	if (r->pos >= r->len)
		return ota__ocf_fail(r->e, OTA_E_TRUNCATED, "%s: offset %zu: the input ends before "
		    "an item", r->what, r->pos);
	res = cbor_stream_decode(r->buf + r->pos, r->len - r->pos, &cbs, it);
	if (res.status == CBOR_DECODER_NEDATA)
		return ota__ocf_fail(r->e, OTA_E_TRUNCATED, "%s: offset %zu: the input ends inside "
		    "an item", r->what, r->pos);
	if (res.status != CBOR_DECODER_FINISHED || it->t < 0 || res.read == 0)
		return ota__ocf_fail(r->e, OTA_E_STRUCTURE, "%s: offset %zu: malformed CBOR (byte "
		    "0x%02x)", r->what, r->pos, r->buf[r->pos]);
	r->pos += res.read;
	if (it->t == T_INDEF || it->t == T_BREAK)
		return ota__ocf_fail(r->e, OTA_E_UNSUPPORTED, "%s: offset %zu: an indefinite-length "
		    "item (OCF payloads use definite lengths)", r->what, *at);
	return OTA_OK;
}

static int
skip(struct rd *r, int depth)
{
	struct item it;
	uint64_t i, n;
	size_t at;
	int x;

	if (depth > OCF_DEPTH_MAX)
		return ota__ocf_fail(r->e, OTA_E_LIMIT, "%s: offset %zu: nested deeper than %d",
		    r->what, r->pos, OCF_DEPTH_MAX);
	if ((x = next(r, &it, &at)) != OTA_OK)
		return x;
	if (it.t == T_TAG)
		return skip(r, depth + 1);
	if (it.t != OCF_V_ARRAY && it.t != OCF_V_MAP)
		return OTA_OK;
	n = it.t == OCF_V_MAP ? it.u * 2 : it.u;
	if (it.t == OCF_V_MAP && it.u > UINT64_MAX / 2)
		n = UINT64_MAX;
	for (i = 0; i < n; i++)
		if ((x = skip(r, depth + 1)) != OTA_OK)
			return x;
	return OTA_OK;
}

static void
to_val(const struct item *it, struct ocf_val *v)
{
	v->t = it->t == T_TAG ? OCF_V_OTHER : (enum ocf_vt)it->t;
	v->u = it->u;
	v->s = (const char *)it->s;
	v->n = it->n;
}

/* The map's next key (a text string). */
static int
key(struct rd *r, struct item *k)
{
	size_t at;
	int x;

	if ((x = next(r, k, &at)) != OTA_OK)
		return x;
	if (k->t != OCF_V_TEXT)
		return ota__ocf_fail(r->e, OTA_E_OCF_TYPE, "%s: offset %zu: a map key is %s, not a "
		    "text string", r->what, at, ota__ocf_vt_name(k->t == T_TAG ? OCF_V_OTHER :
		    (enum ocf_vt)k->t));
	return OTA_OK;
}

/* A value for a property rule: a scalar read here; a map or array is
 * handed over with its count (the caller reads or skips its contents). */
static int
value(struct rd *r, struct item *it, struct ocf_val *v, char *where, size_t wlen)
{
	size_t at;
	int x;

	if ((x = next(r, it, &at)) != OTA_OK)
		return x;
	(void)snprintf(where, wlen, "%s: offset %zu", r->what, at);
	to_val(it, v);
	if (it->t == T_TAG)  /* what a tag wraps is not looked at */
		return skip(r, 1);
	return OTA_OK;
}

static int
open_map(struct rd *r, uint64_t *count)
{
	struct item it;
	size_t at;
	int x;

	if (r->len > OCF_INPUT_MAX)
		return ota__ocf_fail(r->e, OTA_E_LIMIT, "%s: %zu bytes, at most %u", r->what, r->len,
		    OCF_INPUT_MAX);
	if ((x = next(r, &it, &at)) != OTA_OK)
		return x;
	if (it.t != OCF_V_MAP)
		return ota__ocf_fail(r->e, OTA_E_OCF_TYPE, "%s: offset 0: the representation is %s, "
		    "not a map", r->what, ota__ocf_vt_name(it.t == T_TAG ? OCF_V_OTHER :
		    (enum ocf_vt)it.t));
	*count = it.u;
	return OTA_OK;
}

static int
close_map(struct rd *r)
{
	if (r->pos != r->len)
		return ota__ocf_fail(r->e, OTA_E_TRAILING, "%s: offset %zu: %zu bytes after the map",
		    r->what, r->pos, r->len - r->pos);
	return OTA_OK;
}

/* A nested map or array value already opened: skip what it holds. */
static int
skip_contents(struct rd *r, const struct item *it)
{
	uint64_t i, n = it->t == OCF_V_MAP ? (it->u > UINT64_MAX / 2 ? UINT64_MAX : it->u * 2) :
	    it->u;
	int x;

	if (it->t != OCF_V_MAP && it->t != OCF_V_ARRAY)
		return OTA_OK;
	for (i = 0; i < n; i++)
		if ((x = skip(r, 2)) != OTA_OK)
			return x;
	return OTA_OK;
}

static int
pstat_rt(struct rd *r, struct ota_ocf_pstat *p, const struct item *arr, const char *where)
{
	struct item it;
	uint64_t i;
	size_t at;
	int x;

	if (p->present & OTA_OCF_PSTAT_RT)
		return ota__ocf_fail(r->e, OTA_E_STRUCTURE, "%s: \"rt\" given twice", where);
	p->present |= OTA_OCF_PSTAT_RT;
	if (arr->t != OCF_V_ARRAY)
		return ota__ocf_fail(r->e, OTA_E_OCF_TYPE, "%s: \"rt\" is %s, not an array", where,
		    ota__ocf_vt_name((enum ocf_vt)arr->t));
	for (i = 0; i < arr->u; i++) {
		if ((x = next(r, &it, &at)) != OTA_OK)
			return x;
		if (it.t != OCF_V_TEXT)
			return ota__ocf_fail(r->e, OTA_E_OCF_TYPE, "%s: offset %zu: an \"rt\" entry is "
			    "not a text string", r->what, at);
		if (it.n > OTA_OCF_SWU_STR_MAX)
			return ota__ocf_fail(r->e, OTA_E_LIMIT, "%s: offset %zu: an \"rt\" entry of %zu "
			    "characters, at most %u", r->what, at, it.n, OTA_OCF_SWU_STR_MAX);
	}
	return OTA_OK;
}

/* What one property of a map does: read (or skip) its value's contents. */
typedef int (*prop_fn)(struct rd *r, void *obj, const struct item *k, const struct item *it,
    const struct ocf_val *v, const char *where);

/* The n key/value pairs of a map already opened. */
static int
walk(struct rd *r, uint64_t n, prop_fn prop, void *obj)
{
	struct item k, it;
	struct ocf_val v;
	uint64_t i;
	char w[96];
	int x;

	for (i = 0; i < n; i++) {
		if ((x = key(r, &k)) != OTA_OK || (x = value(r, &it, &v, w, sizeof(w))) != OTA_OK ||
		    (x = prop(r, obj, &k, &it, &v, w)) != OTA_OK)
			return x;
	}
	return OTA_OK;
}

/* A scalar rule's answer: 1 (not its key) or OTA_OK skip what the value
 * holds (an unknown key's map or array). */
static int
after(struct rd *r, const struct item *it, int x)
{
	return x == 1 || x == OTA_OK ? skip_contents(r, it) : x;
}

static int
dos_prop(struct rd *r, void *obj, const struct item *k, const struct item *it,
    const struct ocf_val *v, const char *where)
{
	return after(r, it, ota__ocf_dos_prop(obj, (const char *)k->s, k->n, v, where, r->e));
}

static int
pstat_prop(struct rd *r, void *obj, const struct item *k, const struct item *it,
    const struct ocf_val *v, const char *where)
{
	struct ota_ocf_pstat *p = obj;

	if (ota__ocf_key_is((const char *)k->s, k->n, "rt"))
		return pstat_rt(r, p, it, where);
	if (!ota__ocf_key_is((const char *)k->s, k->n, "dos"))
		return after(r, it, ota__ocf_pstat_prop(p, (const char *)k->s, k->n, v, where, r->e));
	if (p->present & (OTA_OCF_PSTAT_DOS_S | OTA_OCF_PSTAT_DOS_P))
		return ota__ocf_fail(r->e, OTA_E_STRUCTURE, "%s: \"dos\" given twice", where);
	if (it->t != OCF_V_MAP)
		return ota__ocf_fail(r->e, OTA_E_OCF_TYPE, "%s: \"dos\" is %s, not a map", where,
		    ota__ocf_vt_name(v->t));
	return walk(r, it->u, dos_prop, p);
}

static int
swu_prop(struct rd *r, void *obj, const struct item *k, const struct item *it,
    const struct ocf_val *v, const char *where)
{
	return after(r, it, ota__ocf_swu_prop(obj, (const char *)k->s, k->n, v, where, r->e));
}

static int
decode(const void *buf, size_t len, const char *what, prop_fn prop, void *obj, char *msg,
    size_t msglen)
{
	struct ocf_err e = { msg, msglen };
	struct rd r = { buf, len, 0, &e, what };
	uint64_t n = 0;
	int x;

	if ((x = open_map(&r, &n)) != OTA_OK || (x = walk(&r, n, prop, obj)) != OTA_OK)
		return x;
	return close_map(&r);
}

int
ota_ocf_pstat_decode_cbor(const void *buf, size_t len, struct ota_ocf_pstat *p, char *msg,
    size_t msglen)
{
	if (msg != NULL && msglen > 0)
		msg[0] = '\0';
	if ((buf == NULL && len > 0) || p == NULL)
		return OTA_E_INVAL;
	memset(p, 0, sizeof(*p));
	return decode(buf, len, "pstat", pstat_prop, p, msg, msglen);
}

int
ota_ocf_swu_decode_cbor(const void *buf, size_t len, struct ota_ocf_swu *s, char *msg,
    size_t msglen)
{
	if (msg != NULL && msglen > 0)
		msg[0] = '\0';
	if ((buf == NULL && len > 0) || s == NULL)
		return OTA_E_INVAL;
	memset(s, 0, sizeof(*s));
	return decode(buf, len, "/oc/swu", swu_prop, s, msg, msglen);
}

/* ---- writer ---- */

struct wr {
	uint8_t *buf;
	size_t cap, pos;
};

static void
put(struct wr *w, const uint8_t *p, size_t n)
{
	if (w->pos <= w->cap && n <= w->cap - w->pos && w->buf != NULL)
		memcpy(w->buf + w->pos, p, n);
	w->pos += n;
}

static void
put_uint(struct wr *w, uint64_t v)
{
	uint8_t t[9];

	put(w, t, cbor_encode_uint(v, t, sizeof(t)));
}

static void
put_text(struct wr *w, const char *s)
{
	uint8_t t[9];
	size_t n = strlen(s);

	put(w, t, cbor_encode_string_start(n, t, sizeof(t)));
	put(w, (const uint8_t *)s, n);
}

static void
put_bool(struct wr *w, int b)
{
	uint8_t t[1];

	put(w, t, cbor_encode_bool(b != 0, t, sizeof(t)));
}

static void
put_map(struct wr *w, size_t n)
{
	uint8_t t[9];

	put(w, t, cbor_encode_map_start(n, t, sizeof(t)));
}

static unsigned
bits(unsigned v)
{
	unsigned n = 0;

	for (; v != 0; v &= v - 1)
		n++;
	return n;
}

static int
finish(struct wr *w, size_t *len)
{
	int r = w->pos > w->cap ? OTA_E_LIMIT : OTA_OK;

	*len = w->pos;
	return r;
}

int
ota_ocf_pstat_encode_cbor(const struct ota_ocf_pstat *p, uint8_t *buf, size_t *len)
{
	struct wr w;
	unsigned dos;
	uint8_t t[9];

	if (p == NULL || len == NULL || (buf == NULL && *len > 0))
		return OTA_E_INVAL;
	w.buf = buf;
	w.cap = *len;
	w.pos = 0;
	dos = p->present & (OTA_OCF_PSTAT_DOS_S | OTA_OCF_PSTAT_DOS_P);
	put_map(&w, bits(p->present & ~(OTA_OCF_PSTAT_DOS_S | OTA_OCF_PSTAT_DOS_P)) + (dos ? 1 : 0));
	if (p->present & OTA_OCF_PSTAT_RT) {
		put_text(&w, "rt");
		put(&w, t, cbor_encode_array_start(1, t, sizeof(t)));
		put_text(&w, "oic.r.pstat");
	}
	if (dos) {
		put_text(&w, "dos");
		put_map(&w, bits(dos));
		if (p->present & OTA_OCF_PSTAT_DOS_S) {
			put_text(&w, "s");
			put_uint(&w, p->dos_s);
		}
		if (p->present & OTA_OCF_PSTAT_DOS_P) {
			put_text(&w, "p");
			put_bool(&w, p->dos_p);
		}
	}
	if (p->present & OTA_OCF_PSTAT_ISOP) {
		put_text(&w, "isop");
		put_bool(&w, p->isop);
	}
	if (p->present & OTA_OCF_PSTAT_CM) {
		put_text(&w, "cm");
		put_uint(&w, p->cm);
	}
	if (p->present & OTA_OCF_PSTAT_TM) {
		put_text(&w, "tm");
		put_uint(&w, p->tm);
	}
	if (p->present & OTA_OCF_PSTAT_OM) {
		put_text(&w, "om");
		put_uint(&w, p->om);
	}
	if (p->present & OTA_OCF_PSTAT_SM) {
		put_text(&w, "sm");
		put_uint(&w, p->sm);
	}
	if (p->present & OTA_OCF_PSTAT_ROWNERUUID) {
		put_text(&w, "rowneruuid");
		put_text(&w, p->rowneruuid);
	}
	return finish(&w, len);
}

int
ota_ocf_swu_encode_cbor(const struct ota_ocf_swu *s, uint8_t *buf, size_t *len)
{
	struct wr w;
	uint8_t t[9];

	if (s == NULL || len == NULL || (buf == NULL && *len > 0))
		return OTA_E_INVAL;
	w.buf = buf;
	w.cap = *len;
	w.pos = 0;
	put_map(&w, bits(s->present & 0xFFu));
	if (s->present & OTA_OCF_SWU_PURL) {
		put_text(&w, "purl");
		put_text(&w, s->purl);
	}
	if (s->present & OTA_OCF_SWU_NV) {
		put_text(&w, "nv");
		put_text(&w, s->nv);
	}
	if (s->present & OTA_OCF_SWU_SIGNED) {
		put_text(&w, "signed");
		put_text(&w, "vendor");
	}
	if (s->present & OTA_OCF_SWU_ACTION) {
		put_text(&w, "swupdateaction");
		put_text(&w, ota_ocf_action_name(s->action));
	}
	if (s->present & OTA_OCF_SWU_STATE) {
		put_text(&w, "swupdatestate");
		put_text(&w, ota_ocf_state_name(s->state));
	}
	if (s->present & OTA_OCF_SWU_RESULT) {
		put_text(&w, "swupdateresult");
		if (s->result >= 0)
			put_uint(&w, (uint64_t)s->result);
		else
			put(&w, t, cbor_encode_negint((uint64_t)(-1 - (int64_t)s->result), t,
			    sizeof(t)));
	}
	if (s->present & OTA_OCF_SWU_LASTUPDATE) {
		put_text(&w, "lastupdate");
		put_text(&w, s->lastupdate);
	}
	if (s->present & OTA_OCF_SWU_UPDATETIME) {
		put_text(&w, "updatetime");
		put_text(&w, s->updatetime);
	}
	return finish(&w, len);
}
