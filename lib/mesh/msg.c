/* msg.c - decode and encode the Bluetooth Mesh DFU, Firmware Distribution
 * and BLOB Transfer access messages from their descriptors (msg_table.c),
 * with exact length checks, and the field access of struct ota_mesh_msg
 * (libotaimg-mesh-msg(3)). */
#include "config.h"

#include <stdarg.h>
#include <string.h>

#include "ota_private.h"
#include "msg_int.h"

#define OTA_MESH_MSG_MAGIC 0x4f544d47u /* "OTMG" */
#define ARENA 1024u

struct ota_mesh_msg {
	uint32_t magic;
	const struct msg_desc *d;
	struct msg_val v[MSG_MAX_FIELDS];
	struct msg_val item[MSG_MAX_ITEMS][MSG_MAX_RECF];
	size_t nitems;
	uint8_t arena[ARENA];
	size_t used;
	char errmsg[OTA_MSG_LEN];
	const char *errfield;
	size_t erroff;
	struct ota_env env;
};

struct ota_mesh_msg *
ota_mesh_msg_new(void)
{
	return ota_mesh_msg_new_ctx(NULL);
}

struct ota_mesh_msg *
ota_mesh_msg_new_ctx(const struct ota_ctx *ctx)
{
	struct ota_env env;
	struct ota_mesh_msg *m;

	ota__env_from(&env, ctx);
	if ((m = ota__zalloc(&env, sizeof(*m))) == NULL)
		return NULL;
	m->magic = OTA_MESH_MSG_MAGIC;
	m->env = env;
	return m;
}

void
ota_mesh_msg_free(struct ota_mesh_msg **m)
{
	struct ota_env env;

	if (m == NULL || *m == NULL)
		return;
	env = (*m)->env;
	(*m)->magic = 0;
	ota__free(&env, *m);
	*m = NULL;
}

static int
m_ok(const struct ota_mesh_msg *m)
{
	return m != NULL && m->magic == OTA_MESH_MSG_MAGIC;
}

const char *
ota_mesh_msg_errmsg(const struct ota_mesh_msg *m)
{
	return m_ok(m) ? m->errmsg : "";
}

const char *
ota_mesh_msg_errfield(const struct ota_mesh_msg *m, size_t *offset)
{
	if (!m_ok(m))
		return NULL;
	if (offset != NULL)
		*offset = m->erroff;
	return m->errfield;
}

static void fmt(char *dst, size_t len, const char *f, ...) __attribute__((format(printf, 3, 4)));

static void
fmt(char *dst, size_t len, const char *f, ...)
{
	va_list ap;

	va_start(ap, f);
	ota__vformat(dst, len, f, ap);
	va_end(ap);
}

int
ota__msg_fail(struct ota_mesh_msg *m, int err, const char *field, size_t off, const char *f, ...)
{
	char detail[OTA_MSG_LEN];
	const char *name = m->d != NULL ? m->d->name : "message";
	va_list ap;

	va_start(ap, f);
	ota__vformat(detail, sizeof(detail), f, ap);
	va_end(ap);
	m->errfield = field;
	m->erroff = off;
	if (field != NULL && off == OTA_MSG_NO_OFFSET)
		fmt(m->errmsg, sizeof(m->errmsg), "%s: %s: %s", name, field, detail);
	else if (field != NULL)
		fmt(m->errmsg, sizeof(m->errmsg), "%s: %s at offset %zu: %s", name, field, off,
		    detail);
	else
		fmt(m->errmsg, sizeof(m->errmsg), "%s: %s", name, detail);
	ota__log(&m->env, "%s", m->errmsg);
	return err;
}

const struct msg_desc *
ota__msg_desc(const struct ota_mesh_msg *m)
{
	return m->d;
}

struct msg_val *
ota__msg_val(struct ota_mesh_msg *m, size_t i)
{
	return &m->v[i];
}

struct msg_val *
ota__msg_item(struct ota_mesh_msg *m, size_t item, size_t j)
{
	return &m->item[item][j];
}

size_t
ota__msg_nitems(const struct ota_mesh_msg *m)
{
	return m->nitems;
}

void
ota__msg_set_nitems(struct ota_mesh_msg *m, size_t n)
{
	m->nitems = n;
}

void
ota__msg_forget(struct ota_mesh_msg *m)
{
	m->d = NULL;
	m->nitems = 0;
}

int
ota__msg_ok(const struct ota_mesh_msg *m)
{
	return m_ok(m);
}

const uint8_t *
ota__msg_bytes(const struct ota_mesh_msg *m, const struct msg_val *v)
{
	return m->arena + v->off;
}

int
ota__msg_field_index(const struct msg_field *f, size_t n, const char *name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(f[i].name, name) == 0)
			return (int)i;
	return -1;
}

/* Is field i of the message in an optional part (at or after the first F_OPT)? */
int
ota__msg_optional(const struct msg_desc *d, size_t i)
{
	size_t j;

	for (j = 0; j <= i && j < d->n; j++)
		if (d->f[j].flags & F_OPT)
			return 1;
	return 0;
}

/* Move every live byte value to the front of the arena. */
static void
compact(struct ota_mesh_msg *m)
{
	uint8_t tmp[ARENA];
	size_t used = 0, i, j;
	struct msg_val *v;

	for (i = 0; i < MSG_MAX_FIELDS + m->nitems * MSG_MAX_RECF; i++) {
		j = i - MSG_MAX_FIELDS;
		v = i < MSG_MAX_FIELDS ? &m->v[i] : &m->item[j / MSG_MAX_RECF][j % MSG_MAX_RECF];
		if (v->len == 0)
			continue;
		memcpy(tmp + used, m->arena + v->off, v->len);
		v->off = (uint16_t)used;
		used += v->len;
	}
	memcpy(m->arena, tmp, used);
	m->used = used;
}

int
ota__msg_put_bytes(struct ota_mesh_msg *m, struct msg_val *v, const void *p, size_t len)
{
	v->len = 0;
	if (m->used + len > ARENA)
		compact(m);
	if (m->used + len > ARENA)
		return OTA_E_LIMIT;
	if (len > 0)
		memcpy(m->arena + m->used, p, len);
	v->off = (uint16_t)m->used;
	v->len = (uint16_t)len;
	v->set = 1;
	m->used += len;
	return OTA_OK;
}

static void
reset(struct ota_mesh_msg *m, const struct msg_desc *d)
{
	m->d = d;
	memset(m->v, 0, sizeof(m->v));
	memset(m->item, 0, sizeof(m->item));
	m->nitems = 0;
	m->used = 0;
	m->errmsg[0] = '\0';
	m->errfield = NULL;
	m->erroff = 0;
}

int
ota_mesh_msg_init(struct ota_mesh_msg *m, uint32_t opcode)
{
	const struct msg_desc *d;

	if (!m_ok(m))
		return OTA_E_INVAL;
	if ((d = ota__msg_find(opcode)) == NULL) {
		reset(m, NULL);
		return ota__msg_fail(m, OTA_E_UNSUPPORTED, NULL, 0,
		    "opcode 0x%X is not a Firmware Update, Distribution or BLOB Transfer message",
		    (unsigned)opcode);
	}
	reset(m, d);
	return OTA_OK;
}

uint32_t
ota_mesh_msg_opcode(const struct ota_mesh_msg *m)
{
	return m_ok(m) && m->d != NULL ? m->d->op : 0;
}

const char *
ota_mesh_msg_name(const struct ota_mesh_msg *m)
{
	return m_ok(m) && m->d != NULL ? m->d->name : NULL;
}

/* ---- checks shared by decode, encode and the setters ---- */

int
ota__msg_check_value(struct ota_mesh_msg *m, const struct msg_field *f, uint64_t v, size_t off)
{
	if (v < f->min || v > f->max)
		return ota__msg_fail(m, OTA_E_RANGE, f->name, off,
		    "value %llu is out of range (%llu..%llu)", (unsigned long long)v,
		    (unsigned long long)f->min, (unsigned long long)f->max);
	return OTA_OK;
}

int
ota__msg_check_len(struct ota_mesh_msg *m, const struct msg_field *f, size_t len, size_t off)
{
	if (len == 0 && (f->flags & F_ZERO))
		return OTA_OK;
	if (len < f->min || len > f->max)
		return ota__msg_fail(m, OTA_E_RANGE, f->name, off,
		    "%zu octets is out of range (%llu..%llu)%s", len, (unsigned long long)f->min,
		    (unsigned long long)f->max, (f->flags & F_ZERO) ? " or none" : "");
	return OTA_OK;
}

/* Does field f's condition hold (no condition: yes)? */
int
ota__msg_is_present(struct ota_mesh_msg *m, const struct msg_field *f)
{
	int c;

	if (f->cond == NULL)
		return 1;
	c = ota__msg_field_index(m->d->f, m->d->n, f->cond);
	return c >= 0 && m->v[c].u < 8 && ((f->condmask >> m->v[c].u) & 1u);
}

int
ota__msg_check_info_status(struct ota_mesh_msg *m)
{
	if (m->v[0].u > m->v[1].u)
		return ota__msg_fail(m, OTA_E_RANGE, "max_block_size_log", m->v[1].at,
		    "%llu is below min_block_size_log %llu", (unsigned long long)m->v[1].u,
		    (unsigned long long)m->v[0].u);
	return OTA_OK;
}

/* Blocks Not Received holds exactly one bit per block. */
int
ota__msg_check_xfer_status(struct ota_mesh_msg *m)
{
	/* status, rfu, mode, phase, blob_id, blob_size, block_size_log, mtu, bitmap */
	const struct msg_val *size = &m->v[5], *log = &m->v[6], *bits = &m->v[8];
	uint64_t blocks, want;

	if (!size->set)
		return OTA_OK;
	blocks = (size->u + ((uint64_t)1 << log->u) - 1) >> log->u;
	want = (blocks + 7) / 8;
	if (bits->len != want)
		return ota__msg_fail(m, bits->len < want ? OTA_E_TRUNCATED : OTA_E_TRAILING,
		    "blocks_not_received", bits->at,
		    "%u octets, but %llu blocks of 2^%llu in %llu octets need %llu",
		    (unsigned)bits->len, (unsigned long long)blocks, (unsigned long long)log->u,
		    (unsigned long long)size->u, (unsigned long long)want);
	return OTA_OK;
}

/* ---- decoding ---- */

struct dec {
	const uint8_t *p;
	size_t n, pos, base;
};

static uint64_t
get_le(const uint8_t *p, size_t n)
{
	uint64_t v = 0;
	size_t i;

	for (i = n; i > 0; i--)
		v = v << 8 | p[i - 1];
	return v;
}

static int
need(struct ota_mesh_msg *m, const struct dec *c, const char *field, size_t k)
{
	if (c->n - c->pos < k)
		return ota__msg_fail(m, OTA_E_TRUNCATED, field, c->base + c->pos,
		    "needs %zu octet%s, %zu left", k, k == 1 ? "" : "s", c->n - c->pos);
	return OTA_OK;
}

static int
take_bytes(struct ota_mesh_msg *m, struct dec *c, struct msg_val *v, size_t k)
{
	int r;

	if ((r = ota__msg_put_bytes(m, v, c->p + c->pos, k)) != OTA_OK)
		return r;
	c->pos += k;
	return OTA_OK;
}

/* One chunk number of the variable-length code (blob_srv.c chunk_idx_encode). */
static int
dec_chunk(struct ota_mesh_msg *m, struct dec *c, const char *field, uint64_t *out)
{
	const uint8_t *p = c->p + c->pos;
	size_t left = c->n - c->pos, k, i;
	uint32_t v;

	if (p[0] < 0x80) {
		*out = p[0];
		c->pos++;
		return OTA_OK;
	}
	if ((p[0] & 0xE0) == 0xC0)
		k = 2;
	else if ((p[0] & 0xF0) == 0xE0)
		k = 3;
	else
		return ota__msg_fail(m, OTA_E_RANGE, field, c->base + c->pos,
		    "0x%02X does not start a chunk number", p[0]);
	if (left < k)
		return ota__msg_fail(m, OTA_E_TRUNCATED, field, c->base + c->pos,
		    "a chunk number needs %zu octets, %zu left", k, left);
	v = p[0] & (k == 2 ? 0x1Fu : 0x0Fu);
	for (i = 1; i < k; i++) {
		if ((p[i] & 0xC0) != 0x80)
			return ota__msg_fail(m, OTA_E_RANGE, field, c->base + c->pos + i,
			    "0x%02X is not a continuation octet", p[i]);
		v = v << 6 | (p[i] & 0x3Fu);
	}
	if (v < (k == 2 ? 0x80u : 0x800u))
		return ota__msg_fail(m, OTA_E_RANGE, field, c->base + c->pos,
		    "chunk number %u in an overlong form", (unsigned)v);
	*out = v;
	c->pos += k;
	return OTA_OK;
}

static int dec_fields(struct ota_mesh_msg *m, struct dec *c, const struct msg_field *f, size_t n,
    struct msg_val *vals, int top);

static int
dec_list(struct ota_mesh_msg *m, struct dec *c, const struct msg_field *f)
{
	int r;

	while (c->pos < c->n) {
		if (m->nitems == MSG_MAX_ITEMS)
			return ota__msg_fail(m, OTA_E_LIMIT, f->name, c->base + c->pos,
			    "more than %u items", MSG_MAX_ITEMS);
		if (f->kind == K_ENC) {
			m->item[m->nitems][0].at = (uint16_t)(c->base + c->pos);
			if ((r = dec_chunk(m, c, f->name, &m->item[m->nitems][0].u)) != OTA_OK)
				return r;
			m->item[m->nitems][0].set = 1;
		} else if ((r = dec_fields(m, c, f->rec->f, f->rec->n, m->item[m->nitems], 0)) !=
		    OTA_OK) {
			return r;
		}
		m->nitems++;
	}
	if (m->nitems < f->min)
		return ota__msg_fail(m, OTA_E_TRUNCATED, f->name, c->base + c->pos,
		    "at least %llu item%s needed", (unsigned long long)f->min, f->min == 1 ? "" : "s");
	return OTA_OK;
}

static int
dec_one(struct ota_mesh_msg *m, struct dec *c, const struct msg_field *f, struct msg_val *v,
    uint64_t *word)
{
	size_t left = c->n - c->pos, k;
	int r;

	v->at = (uint16_t)(c->base + c->pos);
	switch (f->kind) {
	case K_UINT:
		if ((r = need(m, c, f->name, f->size)) != OTA_OK)
			return r;
		v->u = get_le(c->p + c->pos, f->size);
		c->pos += f->size;
		break;
	case K_BITS:
		if (!(f->flags & F_CONT)) {
			if ((r = need(m, c, f->name, f->size)) != OTA_OK)
				return r;
			*word = get_le(c->p + c->pos, f->size);
			c->pos += f->size;
		} else {
			v->at = (uint16_t)(v->at - f->size);
		}
		v->u = (*word >> f->shift) & ((1u << f->nbits) - 1u);
		break;
	case K_FIXED:
		if ((r = need(m, c, f->name, f->size)) != OTA_OK)
			return r;
		return take_bytes(m, c, v, f->size);
	case K_LP:
		if ((r = need(m, c, f->name, 1)) != OTA_OK)
			return r;
		k = c->p[c->pos];
		if ((r = ota__msg_check_len(m, f, k, c->base + c->pos)) != OTA_OK)
			return r;
		c->pos++;
		if ((r = need(m, c, f->name, k)) != OTA_OK)
			return r;
		return take_bytes(m, c, v, k);
	case K_TAIL:
		if (left > f->max)
			return ota__msg_fail(m, OTA_E_TRAILING, f->name, c->base + c->pos,
			    "%zu octets, at most %llu", left, (unsigned long long)f->max);
		if (left < f->min && !(left == 0 && (f->flags & F_ZERO)))
			return ota__msg_fail(m, OTA_E_TRUNCATED, f->name, c->base + c->pos,
			    "%zu octets, at least %llu", left, (unsigned long long)f->min);
		return take_bytes(m, c, v, left);
	default: /* K_LIST, K_ENC */
		v->set = 1;
		return dec_list(m, c, f);
	}
	v->set = 1;
	return ota__msg_check_value(m, f, v->u, v->at);
}

static int
dec_fields(struct ota_mesh_msg *m, struct dec *c, const struct msg_field *f, size_t n,
    struct msg_val *vals, int top)
{
	uint64_t word = 0;
	size_t i, left;
	int r;

	for (i = 0; i < n; i++) {
		left = c->n - c->pos;
		if (top && (f[i].flags & F_OPT) && left == 0)
			break;
		if (!ota__msg_is_present(m, &f[i]))
			continue;
		if (f[i].flags & F_ALTA) {
			/* a group address (2 octets) or a Label UUID (16) */
			if (left != 2 && left < 16)
				return ota__msg_fail(m, OTA_E_TRUNCATED, f[i + 1].name,
				    c->base + c->pos, "%zu octets: 2 for a group address, 16 for a "
				    "Label UUID", left);
			if (left > 16)
				return ota__msg_fail(m, OTA_E_TRAILING, f[i + 1].name,
				    c->base + c->pos + 16, "%zu octets after the Label UUID",
				    left - 16);
			if (left == 16)
				i++;
		}
		if ((r = dec_one(m, c, &f[i], &vals[i], &word)) != OTA_OK)
			return r;
		if (f[i].flags & F_ALTA)
			i++;
	}
	if (top && c->pos < c->n)
		return ota__msg_fail(m, OTA_E_TRAILING, NULL, c->base + c->pos,
		    "%zu octet%s after the last field, at offset %zu", c->n - c->pos,
		    c->n - c->pos == 1 ? "" : "s", c->base + c->pos);
	return OTA_OK;
}

static int
decode(struct ota_mesh_msg *m, const struct msg_desc *d, const uint8_t *buf, size_t len,
    size_t base)
{
	struct dec c;
	int r;

	reset(m, d);
	c.p = buf != NULL ? buf : (const uint8_t *)"";
	c.n = len;
	c.pos = 0;
	c.base = base;
	if ((r = dec_fields(m, &c, d->f, d->n, m->v, 1)) == OTA_OK && d->check != NULL)
		r = d->check(m);
	if (r != OTA_OK) {
		m->d = NULL; /* keep the message, not the half-decoded fields */
		m->nitems = 0;
	}
	return r;
}

int
ota_mesh_msg_decode_params(struct ota_mesh_msg *m, uint32_t opcode, const uint8_t *buf,
    size_t len)
{
	int r;

	if (!m_ok(m) || (buf == NULL && len > 0))
		return OTA_E_INVAL;
	if ((r = ota_mesh_msg_init(m, opcode)) != OTA_OK)
		return r;
	if (len > OTA_MESH_MSG_MAX) {
		r = ota__msg_fail(m, OTA_E_LIMIT, NULL, 0,
		    "%zu octets of parameters, more than an access message holds (%u)", len,
		    OTA_MESH_MSG_MAX);
		m->d = NULL;
		return r;
	}
	return decode(m, m->d, buf != NULL ? buf : (const uint8_t *)"", len, 0);
}

int
ota_mesh_msg_decode(struct ota_mesh_msg *m, const uint8_t *buf, size_t len)
{
	uint32_t op;
	size_t oplen;
	int r;

	if (!m_ok(m) || (buf == NULL && len > 0))
		return OTA_E_INVAL;
	reset(m, NULL);
	if ((r = ota_mesh_opcode_decode(buf != NULL ? buf : (const uint8_t *)"", len, &op,
	    &oplen)) != OTA_OK)
		return ota__msg_fail(m, r, "opcode", 0, r == OTA_E_TRUNCATED ? "the message ends "
		    "inside the opcode" : "0x7F is a reserved opcode");
	if ((r = ota_mesh_msg_init(m, op)) != OTA_OK)
		return r;
	if (len > OTA_MESH_MSG_MAX) {
		r = ota__msg_fail(m, OTA_E_LIMIT, NULL, 0,
		    "%zu octets, more than an access message holds (%u)", len, OTA_MESH_MSG_MAX);
		m->d = NULL;
		return r;
	}
	return decode(m, m->d, buf + oplen, len - oplen, oplen);
}

/* ---- encoding ---- */

struct enc {
	uint8_t b[OTA_MESH_MSG_MAX + 16];
	size_t n;
};

static int
put(struct ota_mesh_msg *m, struct enc *e, const char *field, const void *p, size_t k)
{
	if (e->n + k > OTA_MESH_MSG_MAX)
		return ota__msg_fail(m, OTA_E_LIMIT, field, e->n,
		    "the message would be longer than an access message holds (%u octets)",
		    OTA_MESH_MSG_MAX);
	memcpy(e->b + e->n, p, k);
	e->n += k;
	return OTA_OK;
}

static int
put_le(struct ota_mesh_msg *m, struct enc *e, const char *field, uint64_t v, size_t k)
{
	uint8_t b[8];
	size_t i;

	for (i = 0; i < k; i++)
		b[i] = (uint8_t)(v >> (8 * i));
	return put(m, e, field, b, k);
}

static int
enc_chunk(struct ota_mesh_msg *m, struct enc *e, const char *field, uint64_t v)
{
	uint8_t b[3];
	size_t k;

	if (v > 0xFFFF)
		return ota__msg_fail(m, OTA_E_RANGE, field, e->n,
		    "chunk number %llu is out of range (0..65535)", (unsigned long long)v);
	if (v < 0x80) {
		b[0] = (uint8_t)v;
		k = 1;
	} else if (v < 0x800) {
		b[0] = (uint8_t)(0xC0 | v >> 6);
		b[1] = (uint8_t)(0x80 | (v & 0x3F));
		k = 2;
	} else {
		b[0] = (uint8_t)(0xE0 | v >> 12);
		b[1] = (uint8_t)(0x80 | ((v >> 6) & 0x3F));
		b[2] = (uint8_t)(0x80 | (v & 0x3F));
		k = 3;
	}
	return put(m, e, field, b, k);
}

static int enc_fields(struct ota_mesh_msg *m, struct enc *e, const struct msg_field *f, size_t n,
    struct msg_val *vals, size_t limit);

static int
enc_list(struct ota_mesh_msg *m, struct enc *e, const struct msg_field *f)
{
	size_t i;
	int r;

	if (m->nitems < f->min)
		return ota__msg_fail(m, OTA_E_TRUNCATED, f->name, e->n,
		    "at least %llu item%s needed", (unsigned long long)f->min, f->min == 1 ? "" : "s");
	for (i = 0; i < m->nitems; i++) {
		if (f->kind == K_ENC)
			r = enc_chunk(m, e, f->name, m->item[i][0].u);
		else
			r = enc_fields(m, e, f->rec->f, f->rec->n, m->item[i], f->rec->n);
		if (r != OTA_OK)
			return r;
	}
	return OTA_OK;
}

static int
enc_fields(struct ota_mesh_msg *m, struct enc *e, const struct msg_field *f, size_t n,
    struct msg_val *vals, size_t limit)
{
	size_t i, wpos = 0, k;
	uint64_t word = 0;
	uint8_t lb;
	int r;

	for (i = 0; i < n && i < limit; i++) {
		const struct msg_val *v = &vals[i];

		if (!ota__msg_is_present(m, &f[i])) {
			if (v->len > 0)
				return ota__msg_fail(m, OTA_E_INVAL, f[i].name, e->n,
				    "only with %s %s", f[i].cond, f[i].condmask == 4 ? "2" :
				    f[i].condmask == 8 ? "3" : "1");
			continue;
		}
		if (f[i].kind == K_UINT || f[i].kind == K_BITS) {
			if ((r = ota__msg_check_value(m, &f[i], v->u, e->n)) != OTA_OK)
				return r;
		} else if (f[i].kind != K_LIST && f[i].kind != K_ENC && !(f[i].flags & F_ALTB)) {
			if ((r = ota__msg_check_len(m, &f[i], v->len, e->n)) != OTA_OK)
				return r;
		}
		if ((f[i].flags & F_ALTA) && vals[i + 1].set) {
			i++; /* the Label UUID instead of the group address */
			if ((r = ota__msg_check_len(m, &f[i], vals[i].len, e->n)) != OTA_OK)
				return r;
			v = &vals[i];
		}
		switch (f[i].kind) {
		case K_UINT:
			r = put_le(m, e, f[i].name, v->u, f[i].size);
			break;
		case K_BITS:
			if (!(f[i].flags & F_CONT)) {
				word = 0;
				wpos = e->n;
				if ((r = put_le(m, e, f[i].name, 0, f[i].size)) != OTA_OK)
					return r;
			}
			word |= v->u << f[i].shift;
			for (k = 0; k < f[i].size; k++)
				e->b[wpos + k] = (uint8_t)(word >> (8 * k));
			r = OTA_OK;
			break;
		case K_LP:
		case K_FIXED:
		case K_TAIL:
			lb = (uint8_t)v->len;
			if (f[i].kind == K_LP && (r = put(m, e, f[i].name, &lb, 1)) != OTA_OK)
				return r;
			r = put(m, e, f[i].name, m->arena + v->off, v->len);
			break;
		default:
			r = enc_list(m, e, &f[i]);
			break;
		}
		if (r != OTA_OK)
			return r;
		if (f[i].flags & F_ALTA)
			i++;
	}
	return OTA_OK;
}

/* The parameters into e: every field checked, the optional parts as far as
 * the last one holding a field that is set. */
static int
encode(struct ota_mesh_msg *m, struct enc *e)
{
	size_t limit, i, j;
	int r;

	limit = m->d->n;
	for (i = 0; i < m->d->n; i++) {
		if (!(m->d->f[i].flags & F_OPT))
			continue;
		for (j = i; j < m->d->n && !m->v[j].set; j++)
			;
		if (j == m->d->n) {
			limit = i;
			break;
		}
	}
	e->n = 0;
	m->errfield = NULL;
	m->erroff = 0;
	if ((r = enc_fields(m, e, m->d->f, m->d->n, m->v, limit)) != OTA_OK)
		return r;
	return m->d->check != NULL ? m->d->check(m) : OTA_OK;
}

/* op: the opcode first (else the parameters only). */
static int
encode_out(struct ota_mesh_msg *m, int op, uint8_t *buf, size_t *len)
{
	uint8_t ob[3];
	size_t oplen = 0, total;
	struct enc *e;
	int r;

	if (!m_ok(m) || len == NULL)
		return OTA_E_INVAL;
	if (m->d == NULL)
		return OTA_E_STATE;
	if (op) {
		oplen = sizeof(ob);
		if ((r = ota_mesh_opcode_encode(m->d->op, ob, &oplen)) != OTA_OK)
			return r;
	}
	if ((e = ota__alloc(&m->env, sizeof(*e))) == NULL)
		return OTA_E_NOMEM;
	if ((r = encode(m, e)) == OTA_OK) {
		total = oplen + e->n;
		if (total > OTA_MESH_MSG_MAX) {
			r = ota__msg_fail(m, OTA_E_LIMIT, NULL, 0, "%zu octets with the opcode, more "
			    "than an access message holds (%u)", total, OTA_MESH_MSG_MAX);
		} else if (buf == NULL || *len < total) {
			*len = total;
			r = OTA_E_INVAL;
		} else {
			memcpy(buf, ob, oplen);
			if (e->n > 0)
				memcpy(buf + oplen, e->b, e->n);
			*len = total;
		}
	}
	ota__free(&m->env, e);
	return r;
}

int
ota_mesh_msg_encode_params(struct ota_mesh_msg *m, uint8_t *buf, size_t *len)
{
	return encode_out(m, 0, buf, len);
}

int
ota_mesh_msg_encode(struct ota_mesh_msg *m, uint8_t *buf, size_t *len)
{
	return encode_out(m, 1, buf, len);
}
