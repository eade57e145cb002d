/* comp.c - Bluetooth Mesh Composition Data page 0: read from the
 * composition_data object of ble_mesh_metadata.json, from page 0 bytes
 * (with or without the page byte, or a whole Composition Data Status
 * message), written back in either vendor-model order, and its hash:
 * AES-CMAC under the all-zero key, the first 4 bytes little-endian
 * (otaimg(5), BLUETOOTH MESH DFU). */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <jansson.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/params.h>

#include "ota_private.h"
#include "mesh/mesh_private.h"

#define OTA_MESH_COMP_MAGIC 0x4f544d43u /* "OTMC" */
#define STATUS_OPCODE 0x02u

struct comp_elem {
	uint16_t loc;
	uint8_t ns, nv;
	size_t first;  /* its SIG models, then its vendor models, from models[first] */
};

/* What a page 0 holds (parsed into one of these, then copied whole). */
struct comp_data {
	uint16_t hdr[5]; /* cid, pid, vid, crpl, features */
	size_t nelem, nmodel, size;  /* size: page 0 bytes */
	struct comp_elem el[OTA_MESH_COMP_MAX_ELEMENTS];
	uint32_t model[OTA_MESH_COMP_MAX_MODELS];
};

struct ota_mesh_comp {
	uint32_t magic;
	unsigned form;   /* 0: empty */
	struct comp_data d;
	char errmsg[OTA_MSG_LEN];
	struct ota_env env;
};

struct ota_mesh_comp *
ota_mesh_comp_new(void)
{
	return ota_mesh_comp_new_ctx(NULL);
}

struct ota_mesh_comp *
ota_mesh_comp_new_ctx(const struct ota_ctx *ctx)
{
	struct ota_env env;
	struct ota_mesh_comp *c;

	ota__env_from(&env, ctx);
	if ((c = ota__zalloc(&env, sizeof(*c))) == NULL)
		return NULL;
	c->magic = OTA_MESH_COMP_MAGIC;
	c->env = env;
	return c;
}

void
ota_mesh_comp_free(struct ota_mesh_comp **c)
{
	struct ota_env env;

	if (c == NULL || *c == NULL)
		return;
	env = (*c)->env;
	(*c)->magic = 0;
	ota__free(&env, *c);
	*c = NULL;
}

static int
c_ok(const struct ota_mesh_comp *c)
{
	return c != NULL && c->magic == OTA_MESH_COMP_MAGIC;
}

static int
c_full(const struct ota_mesh_comp *c)
{
	return c_ok(c) && c->form != 0;
}

const char *
ota_mesh_comp_errmsg(const struct ota_mesh_comp *c)
{
	return c_ok(c) ? c->errmsg : "";
}

/* A message into buf (a handle's errmsg or a scratch one); returns err. */
static int msg(char *buf, int err, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static int
msg(char *buf, int err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ota__vformat(buf, OTA_MSG_LEN, fmt, ap);
	va_end(ap);
	return err;
}

static int
fail(struct ota_mesh_comp *c, int err)
{
	ota__log(&c->env, "%s", c->errmsg);
	return err;
}

const char *
ota_mesh_vendor_order_name(enum ota_mesh_vendor_order order)
{
	switch (order) {
	case OTA_MESH_VENDOR_DEVICE:
		return "device";
	case OTA_MESH_VENDOR_MODEL_FIRST:
		return "model-first";
	}
	return "unknown";
}

/* ---- page 0 bytes ---- */

/* Page 0 at p (n bytes; base: its offset in the caller's input, for the
 * messages), device order, parsed exactly to its end. */
static int
parse_page0(const uint8_t *p, size_t n, size_t base, struct comp_data *d, char *m)
{
	struct ota_cur cur = { p, n };
	struct comp_elem *e;
	uint16_t v16;
	size_t i, need, off;

	if (n > OTA_MESH_COMP_MAX)
		return msg(m, OTA_E_LIMIT, "offset %zu: page 0 is %zu bytes: a Composition Data "
		    "Status carries at most %u", base, n, OTA_MESH_COMP_MAX);
	if (n < OTA_MESH_COMP_HEADER)
		return msg(m, OTA_E_TRUNCATED, "offset %zu: page 0 ends inside its 10-byte header "
		    "(%zu bytes)", base + n, n);
	memset(d, 0, sizeof(*d));
	for (i = 0; i < 5; i++)
		(void)ota__cur_u16le(&cur, &d->hdr[i]);
	while (cur.n > 0) {
		off = base + (n - cur.n);
		if (d->nelem == OTA_MESH_COMP_MAX_ELEMENTS) /* cannot happen within 378 bytes */
			return msg(m, OTA_E_LIMIT, "offset %zu: more than %u elements", off,
			    OTA_MESH_COMP_MAX_ELEMENTS);
		if (cur.n < 4)
			return msg(m, OTA_E_TRUNCATED, "offset %zu: element %zu is cut short: %zu "
			    "bytes of its 4-byte header", off, d->nelem, cur.n);
		e = &d->el[d->nelem];
		(void)ota__cur_u16le(&cur, &e->loc);
		(void)ota__cur_u8(&cur, &e->ns);
		(void)ota__cur_u8(&cur, &e->nv);
		need = 2u * e->ns + 4u * e->nv;
		if (need > cur.n)
			return msg(m, OTA_E_TRUNCATED, "offset %zu: element %zu declares %u SIG and "
			    "%u vendor models (%zu bytes) but %zu bytes are left", off + 2, d->nelem,
			    e->ns, e->nv, need, cur.n);
		e->first = d->nmodel;
		for (i = 0; i < e->ns; i++) {
			(void)ota__cur_u16le(&cur, &v16);
			d->model[d->nmodel++] = v16;
		}
		for (i = 0; i < e->nv; i++) {
			uint16_t company, model;

			(void)ota__cur_u16le(&cur, &company);
			(void)ota__cur_u16le(&cur, &model);
			d->model[d->nmodel++] = ((uint32_t)company << 16) | model;
		}
		d->nelem++;
	}
	if (d->nelem == 0)
		return msg(m, OTA_E_STRUCTURE, "offset %zu: page 0 has no element (a node has at "
		    "least its primary element)", base + n);
	d->size = n;
	return OTA_OK;
}

/* One input form: the page 0 it holds, parsed. */
static int
parse_form(unsigned form, const uint8_t *buf, size_t len, struct comp_data *d, char *m)
{
	size_t skip = form == OTA_MESH_COMP_STATUS ? 2 : form == OTA_MESH_COMP_PAGE_BYTE ? 1 : 0;

	if (len < skip)
		return msg(m, OTA_E_TRUNCATED, "offset %zu: the input ends before the %s", len,
		    skip == 2 ? "opcode and page byte" : "page byte");
	if (form == OTA_MESH_COMP_STATUS && buf[0] != STATUS_OPCODE)
		return msg(m, OTA_E_BAD_MAGIC, "offset 0: opcode 0x%02x is not Composition Data "
		    "Status (0x02)", buf[0]);
	if (skip > 0 && buf[skip - 1] != 0)
		return msg(m, OTA_E_UNSUPPORTED, "offset %zu: page %u: only page 0 is read",
		    skip - 1, buf[skip - 1]);
	return parse_page0(buf + skip, len - skip, skip, d, m);
}

static const char *
form_text(unsigned form)
{
	switch (form) {
	case OTA_MESH_COMP_RAW:
		return "page 0 without the page byte";
	case OTA_MESH_COMP_PAGE_BYTE:
		return "page 0 after its page byte";
	case OTA_MESH_COMP_STATUS:
		return "a Composition Data Status message";
	}
	return "JSON";
}

int
ota_mesh_comp_from_page0(struct ota_mesh_comp *c, const uint8_t *buf, size_t len, unsigned form)
{
	static const unsigned forms[3] = { OTA_MESH_COMP_RAW, OTA_MESH_COMP_PAGE_BYTE,
		OTA_MESH_COMP_STATUS };
	const unsigned all = OTA_MESH_COMP_RAW | OTA_MESH_COMP_PAGE_BYTE | OTA_MESH_COMP_STATUS;
	struct comp_data *d;
	char m[3][OTA_MSG_LEN];
	int r[3] = { 1, 1, 1 }; /* 1: form not tried */
	size_t i, ok = 0, which = 0, blame;

	if (!c_ok(c) || (buf == NULL && len > 0) || (form & ~all) != 0)
		return OTA_E_INVAL;
	if (form == OTA_MESH_COMP_AUTO)
		form = all;
	if ((d = ota__alloc(&c->env, sizeof(*d))) == NULL)
		return OTA_E_NOMEM;
	for (i = 0; i < 3; i++) {
		if ((form & forms[i]) == 0)
			continue;
		if ((r[i] = parse_form(forms[i], buf, len, d, m[i])) == OTA_OK) {
			if (ok++ == 0) {
				which = i;
				c->d = *d;
			}
		}
	}
	ota__free(&c->env, d);
	if (ok == 1) {
		c->form = forms[which];
		c->errmsg[0] = '\0';
		return OTA_OK;
	}
	c->form = 0;
	if (ok > 1) {
		for (i = which + 1; i < 3 && r[i] != OTA_OK; i++)
			;
		(void)msg(c->errmsg, 0, "the %zu bytes parse as %s and as %s: name the form", len,
		    form_text(forms[which]), form_text(forms[i < 3 ? i : which]));
		return fail(c, OTA_E_AMBIGUOUS);
	}
	/* None parsed: report the form that the first bytes and the length
	 * suggest (page 0 alone has an even length, with its page byte odd). */
	if (r[2] != 1 && len >= 2 && buf[0] == STATUS_OPCODE && buf[1] == 0)
		blame = 2;
	else if (r[1] != 1 && (len % 2 == 1 || r[0] == 1))
		blame = 1;
	else if (r[0] != 1)
		blame = 0;
	else
		blame = 2;
	(void)msg(c->errmsg, 0, "%s", m[blame]);
	return fail(c, r[blame]);
}

unsigned
ota_mesh_comp_form(const struct ota_mesh_comp *c)
{
	return c_ok(c) ? c->form : 0;
}

/* Page 0 from d into out (room for d->size bytes). */
static void
write_page0(const struct comp_data *d, enum ota_mesh_vendor_order order, uint8_t *out)
{
	const struct comp_elem *e;
	size_t i, j, o = 0;
	uint32_t v;

	for (i = 0; i < 5; i++, o += 2)
		ota__put_u16le(out + o, d->hdr[i]);
	for (i = 0; i < d->nelem; i++) {
		e = &d->el[i];
		ota__put_u16le(out + o, e->loc);
		out[o + 2] = e->ns;
		out[o + 3] = e->nv;
		o += 4;
		for (j = 0; j < e->ns; j++, o += 2)
			ota__put_u16le(out + o, (uint16_t)d->model[e->first + j]);
		for (j = 0; j < e->nv; j++, o += 4) {
			v = d->model[e->first + e->ns + j];
			if (order == OTA_MESH_VENDOR_MODEL_FIRST) {
				/* ((company << 16) + model) as a le32: model, then company */
				ota__put_u32le(out + o, v);
			} else {
				ota__put_u16le(out + o, (uint16_t)(v >> 16));
				ota__put_u16le(out + o + 2, (uint16_t)(v & 0xFFFF));
			}
		}
	}
}

int
ota_mesh_comp_page0(const struct ota_mesh_comp *c, enum ota_mesh_vendor_order order,
    uint8_t *buf, size_t *len)
{
	if (!c_ok(c) || len == NULL ||
	    (order != OTA_MESH_VENDOR_DEVICE && order != OTA_MESH_VENDOR_MODEL_FIRST))
		return OTA_E_INVAL;
	if (c->form == 0)
		return OTA_E_STATE;
	if (buf == NULL || *len < c->d.size) {
		*len = c->d.size;
		return OTA_E_INVAL;
	}
	write_page0(&c->d, order, buf);
	*len = c->d.size;
	return OTA_OK;
}

/* ---- the hash ---- */

static int
cmac_zero(const struct ota_env *env, const uint8_t *p, size_t n, uint32_t *hash)
{
	static const uint8_t key[16] = { 0 };
	char cipher[] = "AES-128-CBC", pq[OTA_PROPQ_MAX];
	struct ota_errq m;
	OSSL_PARAM params[3], *pp = params;
	EVP_MAC *mac;
	EVP_MAC_CTX *ctx = NULL;
	uint8_t out[16];
	size_t outlen = 0;
	const char *propq = env != NULL ? ota__propq(env) : NULL;
	int r = OTA_E_CRYPTO;

	ota__ssl_mark(&m);
	mac = EVP_MAC_fetch(env != NULL ? env->libctx : NULL, "CMAC", propq);
	*pp++ = OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_CIPHER, cipher, 0);
	if (propq != NULL) {
		(void)snprintf(pq, sizeof(pq), "%s", propq);
		*pp++ = OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_PROPERTIES, pq, 0);
	}
	*pp = OSSL_PARAM_construct_end();
	if (mac != NULL && (ctx = EVP_MAC_CTX_new(mac)) != NULL &&
	    EVP_MAC_init(ctx, key, sizeof(key), params) == 1 &&
	    EVP_MAC_update(ctx, p, n) == 1 &&
	    EVP_MAC_final(ctx, out, &outlen, sizeof(out)) == 1 && outlen == sizeof(out)) {
		*hash = (uint32_t)out[0] | ((uint32_t)out[1] << 8) | ((uint32_t)out[2] << 16) |
		    ((uint32_t)out[3] << 24);
		r = OTA_OK;
	} else if (env != NULL) {
		ota__log(env, "composition hash: AES-CMAC failed");
	}
	EVP_MAC_CTX_free(ctx);
	EVP_MAC_free(mac);
	ota__ssl_done(&m, r, NULL, 0, "%s", "");
	return r;
}

int
ota_mesh_comp_hash_bytes(const uint8_t *page0, size_t len, uint32_t *hash)
{
	if ((page0 == NULL && len > 0) || hash == NULL)
		return OTA_E_INVAL;
	return cmac_zero(NULL, page0, len, hash);
}

int
ota_mesh_comp_hash(const struct ota_mesh_comp *c, enum ota_mesh_vendor_order order,
    uint32_t *hash)
{
	uint8_t buf[OTA_MESH_COMP_MAX];
	size_t n = sizeof(buf);
	int r;

	if (hash == NULL)
		return OTA_E_INVAL;
	if ((r = ota_mesh_comp_page0(c, order, buf, &n)) != OTA_OK)
		return r;
	return cmac_zero(&c->env, buf, n, hash);
}

/* ---- getters ---- */

int
ota_mesh_comp_header(const struct ota_mesh_comp *c, uint16_t *cid, uint16_t *pid,
    uint16_t *vid, uint16_t *crpl, uint16_t *features)
{
	if (!c_ok(c))
		return OTA_E_INVAL;
	if (c->form == 0)
		return OTA_E_STATE;
	if (cid != NULL)
		*cid = c->d.hdr[0];
	if (pid != NULL)
		*pid = c->d.hdr[1];
	if (vid != NULL)
		*vid = c->d.hdr[2];
	if (crpl != NULL)
		*crpl = c->d.hdr[3];
	if (features != NULL)
		*features = c->d.hdr[4];
	return OTA_OK;
}

size_t
ota_mesh_comp_element_count(const struct ota_mesh_comp *c)
{
	return c_full(c) ? c->d.nelem : 0;
}

int
ota_mesh_comp_element(const struct ota_mesh_comp *c, size_t i, uint16_t *location,
    size_t *sig_models, size_t *vendor_models)
{
	if (!c_ok(c))
		return OTA_E_INVAL;
	if (c->form == 0)
		return OTA_E_STATE;
	if (i >= c->d.nelem)
		return OTA_E_NOT_FOUND;
	if (location != NULL)
		*location = c->d.el[i].loc;
	if (sig_models != NULL)
		*sig_models = c->d.el[i].ns;
	if (vendor_models != NULL)
		*vendor_models = c->d.el[i].nv;
	return OTA_OK;
}

int
ota_mesh_comp_model(const struct ota_mesh_comp *c, size_t elem, int vendor, size_t i,
    uint32_t *id)
{
	const struct comp_elem *e;

	if (!c_ok(c) || id == NULL)
		return OTA_E_INVAL;
	if (c->form == 0)
		return OTA_E_STATE;
	if (elem >= c->d.nelem)
		return OTA_E_NOT_FOUND;
	e = &c->d.el[elem];
	if (i >= (vendor ? e->nv : e->ns))
		return OTA_E_NOT_FOUND;
	*id = c->d.model[e->first + (vendor ? e->ns : 0) + i];
	return OTA_OK;
}

/* ---- JSON ---- */

/* An integer member of o in [0, max]. */
static int
json_uint(const json_t *o, const char *key, const char *path, uint64_t max, uint64_t *out, char *m)
{
	json_t *v = json_object_get(o, key);
	json_int_t i;

	if (v == NULL)
		return msg(m, OTA_E_STRUCTURE, "%s: no \"%s\"", path, key);
	if (!json_is_integer(v))
		return msg(m, OTA_E_STRUCTURE, "%s.%s: not an integer", path, key);
	i = json_integer_value(v);
	if (i < 0 || (uint64_t)i > max)
		return msg(m, OTA_E_RANGE, "%s.%s: %lld is outside 0..%llu", path, key, (long long)i,
		    (unsigned long long)max);
	*out = (uint64_t)i;
	return OTA_OK;
}

/* The models of list (SIG: 16-bit IDs; vendor: (company << 16) + model). */
static int
json_models(const json_t *list, const char *path, int vendor, struct comp_data *d, char *m)
{
	size_t i, n = json_array_size(list);
	json_t *v;
	json_int_t x;
	uint64_t max = vendor ? 0xFFFFFFFFu : 0xFFFFu;

	for (i = 0; i < n; i++) {
		v = json_array_get(list, i);
		if (!json_is_integer(v))
			return msg(m, OTA_E_STRUCTURE, "%s.%s[%zu]: not an integer", path,
			    vendor ? "vendor_models" : "sig_models", i);
		x = json_integer_value(v);
		if (x < 0 || (uint64_t)x > max)
			return msg(m, OTA_E_RANGE, "%s.%s[%zu]: %lld is outside 0..%llu", path,
			    vendor ? "vendor_models" : "sig_models", i, (long long)x,
			    (unsigned long long)max);
		d->model[d->nmodel++] = (uint32_t)x;
	}
	return OTA_OK;
}

static int
json_elements(const json_t *cd, struct comp_data *d, char *m)
{
	static const char *const hk[5] = { "cid", "pid", "vid", "crpl", "features" };
	char path[64];
	json_t *els, *e, *sig, *ven;
	uint64_t v = 0;
	size_t i, ns, nv, size = OTA_MESH_COMP_HEADER;
	int r;

	memset(d, 0, sizeof(*d));
	for (i = 0; i < 5; i++) {
		if ((r = json_uint(cd, hk[i], "composition_data", 0xFFFF, &v, m)) != OTA_OK)
			return r;
		d->hdr[i] = (uint16_t)v;
	}
	if ((els = json_object_get(cd, "elements")) == NULL)
		return msg(m, OTA_E_STRUCTURE, "composition_data: no \"elements\"");
	if (!json_is_array(els))
		return msg(m, OTA_E_STRUCTURE, "composition_data.elements: not an array");
	if (json_array_size(els) == 0)
		return msg(m, OTA_E_STRUCTURE, "composition_data.elements: empty (a node has at "
		    "least its primary element)");
	for (i = 0; i < json_array_size(els); i++) {
		(void)snprintf(path, sizeof(path), "composition_data.elements[%zu]", i);
		e = json_array_get(els, i);
		if (!json_is_object(e))
			return msg(m, OTA_E_STRUCTURE, "%s: not an object", path);
		if ((r = json_uint(e, "location", path, 0xFFFF, &v, m)) != OTA_OK)
			return r;
		sig = json_object_get(e, "sig_models");
		ven = json_object_get(e, "vendor_models");
		if (sig == NULL || ven == NULL)
			return msg(m, OTA_E_STRUCTURE, "%s: no \"%s\"", path,
			    sig == NULL ? "sig_models" : "vendor_models");
		if (!json_is_array(sig) || !json_is_array(ven))
			return msg(m, OTA_E_STRUCTURE, "%s.%s: not an array", path,
			    !json_is_array(sig) ? "sig_models" : "vendor_models");
		ns = json_array_size(sig);
		nv = json_array_size(ven);
		/* the size before anything is stored: the arrays hold what 378 bytes can */
		if (ns > 255 || nv > 255 || (size += 4 + 2 * ns + 4 * nv) > OTA_MESH_COMP_MAX)
			return msg(m, OTA_E_LIMIT, "%s: page 0 would exceed %u bytes (what one "
			    "Composition Data Status carries)", path, OTA_MESH_COMP_MAX);
		d->el[i].loc = (uint16_t)v;
		d->el[i].ns = (uint8_t)ns;
		d->el[i].nv = (uint8_t)nv;
		d->el[i].first = d->nmodel;
		if ((r = json_models(sig, path, 0, d, m)) != OTA_OK ||
		    (r = json_models(ven, path, 1, d, m)) != OTA_OK)
			return r;
		d->nelem++;
	}
	d->size = size;
	return OTA_OK;
}

int
ota__mesh_comp_from_jansson(struct ota_mesh_comp *c, const void *json)
{
	const json_t *cd = json;
	struct comp_data *d;
	int r;

	if (!c_ok(c) || json == NULL)
		return OTA_E_INVAL;
	c->form = 0;
	if (json_is_object(cd) && json_object_get(cd, "composition_data") != NULL)
		cd = json_object_get(cd, "composition_data");
	if (!json_is_object(cd)) {
		(void)msg(c->errmsg, 0, "composition_data: not an object");
		return fail(c, OTA_E_STRUCTURE);
	}
	if ((d = ota__alloc(&c->env, sizeof(*d))) == NULL)
		return OTA_E_NOMEM;
	if ((r = json_elements(cd, d, c->errmsg)) == OTA_OK) {
		c->d = *d;
		c->form = OTA_MESH_COMP_JSON;
		c->errmsg[0] = '\0';
	}
	ota__free(&c->env, d);
	return r == OTA_OK ? OTA_OK : fail(c, r);
}

int
ota_mesh_comp_from_json(struct ota_mesh_comp *c, const char *json, size_t len)
{
	json_error_t jerr;
	json_t *root;
	int r;

	if (!c_ok(c) || (json == NULL && len > 0))
		return OTA_E_INVAL;
	c->form = 0;
	if (len > OTA_MESH_COMP_JSON_MAX) {
		(void)msg(c->errmsg, 0, "offset %u: composition JSON over %u bytes",
		    OTA_MESH_COMP_JSON_MAX, OTA_MESH_COMP_JSON_MAX);
		return fail(c, OTA_E_LIMIT);
	}
	if ((root = json_loadb(json != NULL ? json : "", len, JSON_REJECT_DUPLICATES, &jerr)) == NULL) {
		(void)msg(c->errmsg, 0, "offset %d: JSON: %s", jerr.position, jerr.text);
		return fail(c, OTA_E_STRUCTURE);
	}
	r = ota__mesh_comp_from_jansson(c, root);
	json_decref(root);
	return r;
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
ota_mesh_comp_write_json(const struct ota_mesh_comp *c, ota_write_fn fn, void *ctx)
{
	struct dump_ctx dc = { fn, ctx };
	static const char *const hk[5] = { "cid", "pid", "vid", "crpl", "features" };
	const struct comp_elem *e;
	json_t *o, *els, *eo, *sig, *ven;
	size_t i, j;
	int bad = 0, r;

	if (!c_ok(c) || fn == NULL)
		return OTA_E_INVAL;
	if (c->form == 0)
		return OTA_E_STATE;
	if ((o = json_object()) == NULL || (els = json_array()) == NULL) {
		json_decref(o);
		return OTA_E_NOMEM;
	}
	for (i = 0; i < 5; i++)
		bad |= json_object_set_new(o, hk[i], json_integer(c->d.hdr[i]));
	bad |= json_object_set_new(o, "elements", els);
	for (i = 0; i < c->d.nelem && !bad; i++) {
		e = &c->d.el[i];
		eo = json_object();
		sig = json_array();
		ven = json_array();
		bad |= json_array_append_new(els, eo);
		bad |= json_object_set_new(eo, "location", json_integer(e->loc));
		bad |= json_object_set_new(eo, "sig_models", sig);
		bad |= json_object_set_new(eo, "vendor_models", ven);
		for (j = 0; j < e->ns; j++)
			bad |= json_array_append_new(sig, json_integer(c->d.model[e->first + j]));
		for (j = 0; j < e->nv; j++)
			bad |= json_array_append_new(ven,
			    json_integer(c->d.model[e->first + e->ns + j]));
	}
	if (bad) {
		json_decref(o);
		return OTA_E_NOMEM;
	}
	r = json_dump_callback(o, dump_cb, &dc, JSON_INDENT(2) | JSON_PRESERVE_ORDER) == 0 &&
	    fn(ctx, "\n", 1) == 0 ? OTA_OK : OTA_E_IO;
	json_decref(o);
	return r;
}
