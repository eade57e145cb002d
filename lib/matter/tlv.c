/* tlv.c - the Matter OTA TLV header: decode as the SDK parser does (any
 * integer width), encode as the SDK tool does (smallest width, tag order),
 * the tool's attribute rules, and the digest types. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <openssl/evp.h>

#include "matter/matter_private.h"
#include "ocf/ocf_private.h" /* ota__ocf_utf8_ok */

/* ---- digest types ---- */
static const struct {
	unsigned type;
	const char *name, *md;
	size_t len;
} dtab[] = {
	{ 1, "sha256", "SHA256", 32 },
	{ 2, "sha256-128", "SHA256", 16 },
	{ 3, "sha256-120", "SHA256", 15 },
	{ 4, "sha256-96", "SHA256", 12 },
	{ 5, "sha256-64", "SHA256", 8 },
	{ 6, "sha256-32", "SHA256", 4 },
	{ 7, "sha384", "SHA384", 48 },
	{ 8, "sha512", "SHA512", 64 },
	{ 9, "sha3-224", "SHA3-224", 28 },
	{ 10, "sha3-256", "SHA3-256", 32 },
	{ 11, "sha3-384", "SHA3-384", 48 },
	{ 12, "sha3-512", "SHA3-512", 64 },
};
#define NDT (sizeof(dtab) / sizeof(dtab[0]))

const char *
ota_matter_digest_name(unsigned type)
{
	return type >= 1 && type <= NDT ? dtab[type - 1].name : NULL;
}

size_t
ota_matter_digest_len(unsigned type)
{
	return type >= 1 && type <= NDT ? dtab[type - 1].len : 0;
}

const char *
ota__matter_mdname(unsigned type)
{
	return type >= 1 && type <= NDT ? dtab[type - 1].md : NULL;
}

unsigned
ota_matter_digest_type(const char *name)
{
	char b[16];
	size_t i;

	if (name == NULL || strlen(name) >= sizeof(b))
		return 0;
	for (i = 0; name[i] != '\0'; i++) /* hashlib's sha3_256 is sha3-256 */
		b[i] = name[i] == '_' ? '-' : name[i] >= 'A' && name[i] <= 'Z' ?
		    (char)(name[i] - 'A' + 'a') : name[i];
	b[i] = '\0';
	for (i = 0; i < NDT; i++)
		if (strcmp(b, dtab[i].name) == 0)
			return dtab[i].type;
	return 0;
}

int
ota_matter_dcl_type_ok(unsigned type)
{
	return type == 1 || type == 7 || type == 8 || type == 10 || type == 11 || type == 12;
}

void *
ota__matter_md_start(const struct ota_env *env, unsigned type)
{
	const char *n = ota__matter_mdname(type);
	EVP_MD *md;
	EVP_MD_CTX *c = NULL;

	if (n == NULL)
		return NULL;
	md = EVP_MD_fetch(env != NULL ? env->libctx : NULL, n, ota__propq(env));
	if (md != NULL && (c = EVP_MD_CTX_new()) != NULL && EVP_DigestInit_ex2(c, md, NULL) != 1) {
		EVP_MD_CTX_free(c);
		c = NULL;
	}
	EVP_MD_free(md);
	return c;
}

int
ota__matter_md_final(void *ctx, unsigned type, uint8_t *out)
{
	uint8_t full[EVP_MAX_MD_SIZE];
	unsigned n;

	if (EVP_DigestFinal_ex(ctx, full, &n) != 1 || n < ota_matter_digest_len(type))
		return OTA_E_CRYPTO;
	memcpy(out, full, ota_matter_digest_len(type));
	return OTA_OK;
}

/* ---- decoding ---- */
struct dec {
	const uint8_t *p;
	size_t len, pos;
	char *msg;
	size_t msglen;
	uint64_t erroff;
};

struct el {
	size_t off;        /* the control byte */
	uint8_t ctl, type; /* type: the low 5 bits */
	int context;       /* a one-byte context tag */
	unsigned tag;
	uint64_t u;        /* an integer's value */
	int neg;           /* a negative signed integer */
	const uint8_t *data;
	size_t dlen;       /* a string's length */
};

static const char *const tagname[10] = {
	"VendorID", "ProductID", "SoftwareVersion", "SoftwareVersionString", "PayloadSize",
	"MinApplicableSoftwareVersion", "MaxApplicableSoftwareVersion", "ReleaseNotesURL",
	"ImageDigestType", "ImageDigest"
};

static int
fail(struct dec *d, int err, size_t off, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static int
fail(struct dec *d, int err, size_t off, const char *fmt, ...)
{
	va_list ap;

	if (d->msg != NULL && d->msglen > 0) {
		va_start(ap, fmt);
		ota__vformat(d->msg, d->msglen, fmt, ap);
		va_end(ap);
	}
	d->erroff = off;
	return err;
}

static const char *
type_name(uint8_t t)
{
	if (t <= 0x03)
		return "a signed integer";
	if (t <= 0x07)
		return "an unsigned integer";
	if (t <= 0x09)
		return "a boolean";
	if (t <= 0x0B)
		return "a floating-point number";
	if (t <= 0x0F)
		return "a UTF-8 string";
	if (t <= 0x13)
		return "a byte string";
	switch (t) {
	case 0x14:
		return "a null";
	case 0x15:
		return "a structure";
	case 0x16:
		return "an array";
	case 0x17:
		return "a list";
	case 0x18:
		return "an end-of-container";
	default:
		return "a reserved element type";
	}
}

static uint64_t
getle(const uint8_t *p, size_t n)
{
	uint64_t v = 0;

	while (n-- > 0)
		v = v << 8 | p[n];
	return v;
}

/* Take n bytes at the position, or fail naming what runs past the end. */
static int
take(struct dec *d, size_t n, const char *what, size_t eloff, const uint8_t **out)
{
	if (d->p == NULL || n > d->len - d->pos) {
		(void)fail(d, OTA_E_STRUCTURE, eloff, "%s of the element at offset %zu runs past "
		    "the end of the %zu-byte header", what, eloff, d->len);
		return OTA_E_STRUCTURE;
	}
	*out = d->p + d->pos;
	d->pos += n;
	return OTA_OK;
}

/* One element: control byte, tag, and the value of a scalar or string. */
static int
next(struct dec *d, struct el *e)
{
	static const uint8_t taglen[8] = { 0, 1, 2, 4, 2, 4, 6, 8 };
	static const uint8_t wid[4] = { 1, 2, 4, 8 };
	const uint8_t *q = NULL;
	unsigned form;
	int r;

	memset(e, 0, sizeof(*e));
	e->off = d->pos;
	if (d->pos >= d->len)
		return fail(d, OTA_E_STRUCTURE, d->pos, "the header ends at offset %zu inside the "
		    "structure (no end-of-container)", d->pos);
	e->ctl = d->p[d->pos++];
	e->type = e->ctl & 0x1f;
	form = (unsigned)(e->ctl >> 5);
	if (e->type > 0x18)
		return fail(d, OTA_E_STRUCTURE, e->off, "control byte 0x%02x at offset %zu: reserved "
		    "element type 0x%02x", e->ctl, e->off, e->type);
	if ((r = take(d, taglen[form], "the tag", e->off, &q)) != OTA_OK)
		return r;
	if (form == 1) {
		e->context = 1;
		e->tag = q[0];
	}
	if (e->type <= 0x07) {
		if ((r = take(d, wid[e->type & 3], "the integer", e->off, &q)) != OTA_OK)
			return r;
		e->u = getle(q, wid[e->type & 3]);
		if (e->type <= 0x03 && wid[e->type & 3] < 8 &&
		    (e->u >> (wid[e->type & 3] * 8 - 1)) != 0)
			e->neg = 1;
		if (e->type <= 0x03 && wid[e->type & 3] == 8 && (e->u >> 63) != 0)
			e->neg = 1;
		if (e->neg && wid[e->type & 3] < 8) /* sign-extend to 64 bits */
			e->u |= ~(uint64_t)0 << (wid[e->type & 3] * 8);
	} else if (e->type == 0x0A || e->type == 0x0B) {
		if ((r = take(d, e->type == 0x0A ? 4u : 8u, "the number", e->off, &q)) != OTA_OK)
			return r;
	} else if (e->type >= 0x0C && e->type <= 0x13) {
		size_t w = wid[e->type & 3];
		uint64_t n;

		if ((r = take(d, w, "the length", e->off, &q)) != OTA_OK)
			return r;
		n = getle(q, w);
		if (n > d->len - d->pos)
			return fail(d, OTA_E_STRUCTURE, e->off, "the %llu-byte string of the element at "
			    "offset %zu runs past the end of the %zu-byte header", (unsigned long long)n,
			    e->off, d->len);
		e->data = d->p + d->pos;
		e->dlen = (size_t)n;
		d->pos += (size_t)n;
	}
	return OTA_OK;
}

/* An unsigned value of at most max from an integer element (the SDK's
 * Get() takes a signed one that is not negative, of any width). */
static int
want_uint(struct dec *d, const struct el *e, uint64_t max, uint64_t *v)
{
	if (e->type > 0x07)
		return fail(d, OTA_E_MATTER_TYPE, e->off, "%s (tag %u) at offset %zu is %s, not an "
		    "unsigned integer", tagname[e->tag], e->tag, e->off, type_name(e->type));
	if (e->neg || e->u > max) /* a negative one: minus its magnitude, ~u + 1 */
		return fail(d, OTA_E_RANGE, e->off, "%s (tag %u) at offset %zu is %s%llu, outside "
		    "0..%llu", tagname[e->tag], e->tag, e->off, e->neg ? "negative: -" : "",
		    (unsigned long long)(e->neg ? ~e->u + 1 : e->u), (unsigned long long)max);
	*v = e->u;
	return OTA_OK;
}

static int
want_str(struct dec *d, const struct el *e, char *out, size_t max)
{
	if (e->type < 0x0C || e->type > 0x0F)
		return fail(d, OTA_E_MATTER_TYPE, e->off, "%s (tag %u) at offset %zu is %s, not a "
		    "UTF-8 string", tagname[e->tag], e->tag, e->off, type_name(e->type));
	if (e->dlen > max)
		return fail(d, OTA_E_RANGE, e->off, "%s (tag %u) at offset %zu is %zu bytes, over "
		    "the SDK parser's %zu", tagname[e->tag], e->tag, e->off, e->dlen, max);
	if (e->dlen > 0 && memchr(e->data, 0, e->dlen) != NULL)
		return fail(d, OTA_E_MATTER_TYPE, e->off, "%s (tag %u) at offset %zu holds a NUL "
		    "byte", tagname[e->tag], e->tag, e->off);
	memcpy(out, e->data, e->dlen);
	out[e->dlen] = '\0';
	return OTA_OK;
}

static int
field(struct dec *d, const struct el *e, struct ota_matter_header *h)
{
	uint64_t v = 0;
	int r = OTA_OK;

	switch (e->tag) {
	case 0:
	case 1:
		if ((r = want_uint(d, e, 0xFFFF, &v)) == OTA_OK && e->tag == 0)
			h->vendor_id = (uint16_t)v;
		else if (r == OTA_OK)
			h->product_id = (uint16_t)v;
		break;
	case 2:
	case 5:
	case 6:
		if ((r = want_uint(d, e, 0xFFFFFFFFu, &v)) != OTA_OK)
			break;
		if (e->tag == 2) {
			h->version = (uint32_t)v;
		} else if (e->tag == 5) {
			h->has_min_version = 1;
			h->min_version = (uint32_t)v;
		} else {
			h->has_max_version = 1;
			h->max_version = (uint32_t)v;
		}
		break;
	case 3:
		r = want_str(d, e, h->version_string, OTA_MATTER_VSTRING_MAX);
		break;
	case 7:
		if ((r = want_str(d, e, h->release_notes_url, OTA_MATTER_URL_MAX)) == OTA_OK)
			h->has_url = 1;
		break;
	case 4:
		if ((r = want_uint(d, e, UINT64_MAX, &v)) == OTA_OK)
			h->payload_size = v;
		break;
	case 8:
		if ((r = want_uint(d, e, 0xFF, &v)) == OTA_OK)
			h->digest_type = (uint8_t)v;
		break;
	default: /* 9 */
		if (e->type < 0x10 || e->type > 0x13)
			return fail(d, OTA_E_MATTER_TYPE, e->off, "ImageDigest (tag 9) at offset %zu is "
			    "%s, not a byte string", e->off, type_name(e->type));
		if ((ota_matter_digest_len(h->digest_type) != 0 &&
		    e->dlen != ota_matter_digest_len(h->digest_type)) || e->dlen > OTA_MATTER_DIGEST_MAX)
			return fail(d, OTA_E_MATTER_DIGEST_TYPE, e->off, "ImageDigest (tag 9) at offset "
			    "%zu is %zu bytes; digest type %u (%s) has %zu", e->off, e->dlen,
			    (unsigned)h->digest_type, ota_matter_digest_name(h->digest_type) != NULL ?
			    ota_matter_digest_name(h->digest_type) : "unknown",
			    ota_matter_digest_len(h->digest_type));
		memcpy(h->digest, e->data, e->dlen);
		h->digest_len = e->dlen;
		break;
	}
	return r;
}

int
ota_matter_header_decode(const void *buf, size_t len, struct ota_matter_header *h,
    uint64_t *erroff, char *msg, size_t msglen)
{
	return ota__matter_header_decode_at(buf, len, h, erroff, msg, msglen, NULL, NULL, NULL);
}

int
ota__matter_header_decode_at(const void *buf, size_t len, struct ota_matter_header *h,
    uint64_t *erroff, char *msg, size_t msglen, uint32_t *el_off, uint32_t *el_len,
    uint16_t *el_have)
{
	struct dec d;
	struct el e;
	unsigned want = 0;
	size_t depth;
	int r;

	if (h == NULL || (buf == NULL && len > 0))
		return OTA_E_INVAL;
	memset(&d, 0, sizeof(d));
	memset(h, 0, sizeof(*h));
	d.msg = msg;
	d.msglen = msglen;
	if (msg != NULL && msglen > 0)
		msg[0] = '\0';
	if (len == 0 || buf == NULL) {
		r = fail(&d, OTA_E_STRUCTURE, 0, "the header is empty (HeaderSize 0)");
		goto out;
	}
	d.p = buf;
	d.len = len;
	if ((r = next(&d, &e)) != OTA_OK)
		goto out;
	if (e.type != 0x15 || (e.ctl >> 5) != 0) {
		r = fail(&d, OTA_E_STRUCTURE, 0, "the header starts with control byte 0x%02x (%s%s), "
		    "not an anonymous structure (0x15)", e.ctl, type_name(e.type),
		    e.type == 0x15 ? " with a tag" : "");
		goto out;
	}
	while (want <= 9) {
		if ((r = next(&d, &e)) != OTA_OK)
			goto out;
		if (e.type == 0x18) {
			r = fail(&d, OTA_E_MATTER_TAG, e.off, "the structure ends at offset %zu without "
			    "%s (tag %u)", e.off, tagname[want], want);
			goto out;
		}
		if (!e.context) {
			r = fail(&d, OTA_E_MATTER_TAG, e.off, "the element at offset %zu (control byte "
			    "0x%02x) has no context tag; %s (tag %u) is expected", e.off, e.ctl,
			    tagname[want], want);
			goto out;
		}
		while (e.tag > want && want >= 5 && want <= 7) /* optional 5, 6, 7 */
			want++;
		if (e.tag != want) {
			r = fail(&d, OTA_E_MATTER_TAG, e.off, "tag %u at offset %zu: %s (tag %u) is "
			    "expected here (%s)", e.tag, e.off, tagname[want], want,
			    e.tag < want ? "tags out of order or repeated" : "a mandatory tag is missing");
			goto out;
		}
		if ((r = field(&d, &e, h)) != OTA_OK)
			goto out;
		if (el_off != NULL && el_len != NULL && el_have != NULL) {
			el_off[e.tag] = (uint32_t)e.off;
			el_len[e.tag] = (uint32_t)(d.pos - e.off);
			*el_have = (uint16_t)(*el_have | 1u << e.tag);
		}
		want++;
	}
	/* Elements after ImageDigest (a later revision's tags) are skipped, as
	 * the SDK parser's ExitContainer() skips them; they must still be
	 * well-formed TLV, nested containers closed, up to the structure's end. */
	for (depth = 0;;) {
		if ((r = next(&d, &e)) != OTA_OK)
			goto out;
		if (e.type == 0x18) {
			if (depth == 0)
				break;
			depth--;
		} else if (e.type >= 0x15 && e.type <= 0x17) {
			depth++;
		}
	}
	if (d.pos != d.len)
		r = fail(&d, OTA_E_TRAILING, d.pos, "%zu bytes after the structure's end (offset "
		    "%zu) inside HeaderSize %zu", d.len - d.pos, d.pos, d.len);
out:
	if (erroff != NULL)
		*erroff = r == OTA_OK ? 0 : d.erroff;
	return r;
}

/* ---- encoding ---- */
struct enc {
	uint8_t *p;
	size_t cap, n;
	int over;
};

static void
put(struct enc *e, const void *b, size_t n)
{
	if (e->over || n > e->cap - e->n) {
		e->over = 1;
		return;
	}
	memcpy(e->p + e->n, b, n);
	e->n += n;
}

static void
put_uint(struct enc *e, uint8_t tag, uint64_t v)
{
	uint8_t b[10];
	size_t w = v <= 0xFF ? 1 : v <= 0xFFFF ? 2 : v <= 0xFFFFFFFFu ? 4 : 8, i;

	b[0] = (uint8_t)(0x20 | (w == 1 ? 4 : w == 2 ? 5 : w == 4 ? 6 : 7));
	b[1] = tag;
	for (i = 0; i < w; i++)
		b[2 + i] = (uint8_t)(v >> (8 * i));
	put(e, b, 2 + w);
}

/* base: 0x0C UTF-8, 0x10 octets; the length in 1 or 2 bytes. */
static void
put_str(struct enc *e, uint8_t base, uint8_t tag, const void *s, size_t n)
{
	uint8_t b[4];

	b[0] = (uint8_t)(0x20 | base | (n > 0xFF ? 1 : 0));
	b[1] = tag;
	b[2] = (uint8_t)n;
	b[3] = (uint8_t)(n >> 8);
	put(e, b, n > 0xFF ? 4u : 3u);
	put(e, s, n);
}

int
ota_matter_header_encode(const struct ota_matter_header *h, uint8_t *buf, size_t cap,
    size_t *len)
{
	static const uint8_t start = 0x15, end = 0x18;
	struct enc e;

	if (h == NULL || buf == NULL || len == NULL || h->digest_len > OTA_MATTER_DIGEST_MAX ||
	    strlen(h->version_string) > OTA_MATTER_VSTRING_MAX ||
	    strlen(h->release_notes_url) > OTA_MATTER_URL_MAX)
		return OTA_E_INVAL;
	memset(&e, 0, sizeof(e));
	e.p = buf;
	e.cap = cap;
	put(&e, &start, 1);
	put_uint(&e, 0, h->vendor_id);
	put_uint(&e, 1, h->product_id);
	put_uint(&e, 2, h->version);
	put_str(&e, 0x0C, 3, h->version_string, strlen(h->version_string));
	put_uint(&e, 4, h->payload_size);
	if (h->has_min_version)
		put_uint(&e, 5, h->min_version);
	if (h->has_max_version)
		put_uint(&e, 6, h->max_version);
	if (h->has_url)
		put_str(&e, 0x0C, 7, h->release_notes_url, strlen(h->release_notes_url));
	put_uint(&e, 8, h->digest_type);
	put_str(&e, 0x10, 9, h->digest, h->digest_len);
	put(&e, &end, 1);
	*len = e.n;
	return e.over ? OTA_E_LIMIT : OTA_OK;
}

static int
attr(char *msg, size_t len, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static int
attr(char *msg, size_t len, const char *fmt, ...)
{
	va_list ap;

	if (msg != NULL && len > 0) {
		va_start(ap, fmt);
		ota__vformat(msg, len, fmt, ap);
		va_end(ap);
	}
	return OTA_E_MATTER_ATTR;
}

int
ota_matter_header_check(const struct ota_matter_header *h, char *msg, size_t msglen)
{
	size_t n;

	if (msg != NULL && msglen > 0)
		msg[0] = '\0';
	if (h == NULL)
		return OTA_E_INVAL;
	if (h->vendor_id == 0)
		return attr(msg, msglen, "VendorID must not be 0");
	if (h->product_id == 0)
		return attr(msg, msglen, "ProductID must not be 0");
	n = strnlen(h->version_string, sizeof(h->version_string));
	if (n < 1 || n > OTA_MATTER_VSTRING_MAX)
		return attr(msg, msglen, "SoftwareVersionString must be 1 to %u bytes, not %zu",
		    OTA_MATTER_VSTRING_MAX, n);
	if (!ota__ocf_utf8_ok(h->version_string, n))
		return attr(msg, msglen, "SoftwareVersionString is not UTF-8 (a TLV UTF-8 string)");
	if (h->has_min_version && h->min_version >= h->version)
		return attr(msg, msglen, "MinApplicableSoftwareVersion %lu must be below the "
		    "SoftwareVersion %lu", (unsigned long)h->min_version, (unsigned long)h->version);
	if (h->has_max_version && h->max_version >= h->version)
		return attr(msg, msglen, "MaxApplicableSoftwareVersion %lu must be below the "
		    "SoftwareVersion %lu", (unsigned long)h->max_version, (unsigned long)h->version);
	if (h->has_min_version && h->has_max_version && h->max_version < h->min_version)
		return attr(msg, msglen, "MaxApplicableSoftwareVersion %lu must not be below "
		    "MinApplicableSoftwareVersion %lu", (unsigned long)h->max_version,
		    (unsigned long)h->min_version);
	n = strnlen(h->release_notes_url, sizeof(h->release_notes_url));
	if (h->has_url && (n < 1 || n > OTA_MATTER_URL_MAX))
		return attr(msg, msglen, "ReleaseNotesURL must be 1 to %u bytes, not %zu",
		    OTA_MATTER_URL_MAX, n);
	if (h->has_url && !ota__ocf_utf8_ok(h->release_notes_url, n))
		return attr(msg, msglen, "ReleaseNotesURL is not UTF-8 (a TLV UTF-8 string)");
	if (ota_matter_digest_len(h->digest_type) == 0)
		return attr(msg, msglen, "ImageDigestType %u is not a known digest type",
		    (unsigned)h->digest_type);
	return OTA_OK;
}
