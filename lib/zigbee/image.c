/* image.c - the image handle: lifecycle, openers, getters, extraction. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ota_private.h"

enum { ST_NEW = 0, ST_OPEN = 1, ST_FAILED = 2 };

struct ota_image *
ota_image_new(void)
{
	return ota_image_new_ctx(NULL);
}

struct ota_image *
ota_image_new_ctx(const struct ota_ctx *ctx)
{
	struct ota_env env;
	struct ota_image *img;

	ota__env_from(&env, ctx);
	if ((img = ota__zalloc(&env, sizeof(*img))) == NULL)
		return NULL;
	img->magic = OTA_IMAGE_MAGIC;
	img->env = env;
	img->diags.env = &img->env;
	img->fdctx.fd = -1;
	img->sig_idx = img->cert_idx = -1;
	return img;
}

void
ota_image_free(struct ota_image **imgp)
{
	struct ota_image *img;
	struct ota_env env;

	if (imgp == NULL || (img = *imgp) == NULL)
		return;
	env = img->env;
	ota__rd_close(&img->rd);
	ota__diag_clear(&img->diags);
	if (img->hs != NULL)
		ota__hs_free(img->hs);
	ota__free(&env, img->hs);
	ota__free(&env, img->el);
	img->magic = 0;
	ota__free(&env, img);
	*imgp = NULL;
}

/* The handle is an image that opened successfully. */
static int
is_open(const struct ota_image *img)
{
	return img != NULL && img->magic == OTA_IMAGE_MAGIC && img->state == ST_OPEN;
}

/* Every call that can change a valid handle starts here: a refused call
 * (OTA_E_INVAL, or staterr when the handle is not in state need) sets its
 * own message and changes nothing else; an accepted one clears the message. */
int
ota__image_check(struct ota_image *img, int need, int staterr, int ok, const char *fn,
    const char *what)
{
	if (img == NULL || img->magic != OTA_IMAGE_MAGIC)
		return OTA_E_INVAL;
	if (!ok)
		return ota__image_seterr(img, OTA_E_INVAL, 0, "%s: %s", fn, what);
	if (img->state != need)
		return ota__image_seterr(img, staterr, 0, "%s: %s", fn, need == ST_NEW ?
		    "the handle was opened before" : "the handle holds no open image");
	img->errmsg[0] = '\0';
	img->erroff = 0;
	return OTA_OK;
}

static int
img_check(struct ota_image *img, int need, int ok, const char *fn, const char *what)
{
	return ota__image_check(img, need, need == ST_NEW ? OTA_E_STATE : OTA_E_INVAL, ok, fn, what);
}

/* img_check has accepted the call. */
static int
open_io(struct ota_image *img, const struct ota_io *io, void *ctx)
{
	int r;

	if ((r = ota__rd_init(&img->rd, io, ctx, &img->env)) != OTA_OK)
		return ota__image_seterr(img, r, 0, "invalid input callbacks");
	img->rd.prog = &img->prog;
	img->state = ST_FAILED;
	r = ota__zigbee_parse(img);
	img->rd.tap = NULL; /* open has read what it hashes */
	if (r != OTA_OK) {
		if (img->errmsg[0] == '\0')
			(void)ota__image_seterr(img, r, img->erroff, "%s", ota_strerror(r));
		return r;
	}
	img->state = ST_OPEN;
	ota__signature_peek(img);
	img->iic = OTA_IIC_NOT_CHECKED;
	if (ota_image_element_find(img, OTA_TAG_INTEGRITY_CODE, 0, &(size_t){ 0 }) != OTA_OK)
		img->iic = OTA_IIC_ABSENT;
	return OTA_OK;
}

int
ota_image_set_format(struct ota_image *img, enum ota_format format)
{
	int r = img_check(img, ST_NEW, (unsigned)format <= OTA_FORMAT_GBCS, __func__,
	    "no such format");

	if (r == OTA_OK)
		img->format = format;
	return r;
}

int
ota_image_set_open_flags(struct ota_image *img, unsigned flags)
{
	int r = img_check(img, ST_NEW, (flags & ~(OTA_OPEN_HEADER_ONLY | OTA_OPEN_PARTIAL)) == 0,
	    __func__, "unknown flags");

	if (r == OTA_OK)
		img->open_flags = flags;
	return r;
}

int
ota_image_set_progress(struct ota_image *img, ota_progress_fn fn, void *arg)
{
	if (img == NULL || img->magic != OTA_IMAGE_MAGIC)
		return OTA_E_INVAL;
	img->prog.fn = fn;
	img->prog.arg = arg;
	return OTA_OK;
}

static int
arm(struct ota_image *img, int raw, uint16_t tag, size_t nth, ota_write_fn fn, void *ctx)
{
	int r = img_check(img, ST_NEW, fn != NULL, raw ? "ota_image_stream_extract_raw" :
	    "ota_image_stream_extract", "NULL write function");

	if (r != OTA_OK)
		return r;
	memset(&img->sink, 0, sizeof(img->sink));
	img->sink.armed = 1;
	img->sink.raw = raw;
	img->sink.tag = tag;
	img->sink.nth = nth;
	img->sink.fn = fn;
	img->sink.ctx = ctx;
	return OTA_OK;
}

int
ota_image_stream_extract(struct ota_image *img, uint16_t tag, size_t nth, ota_write_fn fn,
    void *ctx)
{
	return arm(img, 0, tag, nth, fn, ctx);
}

int
ota_image_stream_extract_raw(struct ota_image *img, ota_write_fn fn, void *ctx)
{
	return arm(img, 1, 0, 0, fn, ctx);
}

int
ota_image_truncation(const struct ota_image *img, uint64_t *ends_at, uint64_t *image_end)
{
	if (!is_open(img))
		return OTA_E_INVAL;
	if (!img->truncated)
		return OTA_E_NOT_FOUND;
	if (ends_at != NULL)
		*ends_at = img->trunc_at;
	if (image_end != NULL)
		*image_end = img->trunc_expect;
	return OTA_OK;
}

int
ota_image_applies(const struct ota_image *img, uint16_t manufacturer, uint16_t image_type,
    uint32_t current_version, int32_t hw_version, enum ota_applies *why)
{
	const struct ota_hdr *h;
	enum ota_applies w = OTA_APPLIES;

	if (!is_open(img) || hw_version > 0xFFFF || hw_version < -1)
		return OTA_E_INVAL; /* -1: the device's hardware version is not known */
	h = &img->h;
	/* the fields the decision reads must have been read: field control,
	 * manufacturer, image type and file version end at byte 18 of the
	 * header; the hardware range only matters for a known hw_version */
	if (img->truncated && (img->trunc_at < img->ota_off + 18 || (hw_version >= 0 &&
	    (h->fc & OTA_FC_HW_VERSIONS) && !(h->fc_read & OTA_FC_HW_VERSIONS))))
		return OTA_E_TRUNCATED;
	if (h->manufacturer_code != 0xFFFF && h->manufacturer_code != manufacturer)
		w = OTA_APPLIES_MANUFACTURER;
	else if (h->image_type != 0xFFFF && h->image_type != image_type)
		w = OTA_APPLIES_IMAGE_TYPE;
	else if (h->file_version != 0xFFFFFFFFu && h->file_version <= current_version)
		w = OTA_APPLIES_NOT_NEWER;
	else if (hw_version >= 0 && (h->fc_read & OTA_FC_HW_VERSIONS) &&
	    ((uint16_t)hw_version < h->hw_min || (uint16_t)hw_version > h->hw_max))
		w = OTA_APPLIES_HW_VERSION;
	if (why != NULL)
		*why = w;
	return w == OTA_APPLIES ? OTA_OK : OTA_E_NOT_APPLICABLE;
}

int
ota_image_open_io(struct ota_image *img, const struct ota_io *io, void *ctx)
{
	int r = img_check(img, ST_NEW, io != NULL, __func__, "NULL callbacks");

	return r == OTA_OK ? open_io(img, io, ctx) : r;
}

/* The callbacks one by one: libotaimg(3), INPUT CALLBACKS. */
int
ota_image_set_seek_cb(struct ota_image *img, ota_seek_fn fn)
{
	int r = img_check(img, ST_NEW, 1, __func__, "");

	if (r == OTA_OK)
		img->cb.seek = fn;
	return r;
}

int
ota_image_set_size_cb(struct ota_image *img, ota_size_fn fn)
{
	int r = img_check(img, ST_NEW, 1, __func__, "");

	if (r == OTA_OK)
		img->cb.size = fn;
	return r;
}

int
ota_image_set_close_cb(struct ota_image *img, ota_close_fn fn)
{
	int r = img_check(img, ST_NEW, 1, __func__, "");

	if (r == OTA_OK)
		img->cb.close = fn;
	return r;
}

int
ota_image_open_cb(struct ota_image *img, ota_read_fn read, void *ctx)
{
	int r = img_check(img, ST_NEW, read != NULL, __func__, "NULL read callback");

	if (r != OTA_OK)
		return r;
	img->cb.read = read;
	return open_io(img, &img->cb, ctx);
}

int
ota_image_open_fd(struct ota_image *img, int fd)
{
	int r = img_check(img, ST_NEW, fd >= 0, __func__, "negative descriptor");

	if (r != OTA_OK)
		return r;
	img->fdctx.fd = fd;
	img->fdctx.owned = 0;
	return open_io(img, &ota__fd_io, &img->fdctx);
}

int
ota_image_open_path(struct ota_image *img, const char *path)
{
	int fd, r = img_check(img, ST_NEW, path != NULL, __func__, "NULL path");

	if (r != OTA_OK || path == NULL) /* (the second for the analyzer) */
		return r;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return ota__image_seterr(img, OTA_E_IO, 0, "%s", strerror(errno));
	img->fdctx.fd = fd;
	img->fdctx.owned = 1;
	return open_io(img, &ota__fd_io, &img->fdctx);
}

int
ota_image_open_FILE(struct ota_image *img, FILE *fp)
{
	int r = img_check(img, ST_NEW, fp != NULL, __func__, "NULL stream");

	return r == OTA_OK ? open_io(img, &ota__FILE_io, fp) : r;
}

int
ota_image_open_memory(struct ota_image *img, const void *buf, size_t len)
{
	int r = img_check(img, ST_NEW, buf != NULL || len == 0, __func__,
	    "NULL buffer with a length");

	if (r != OTA_OK)
		return r;
	img->memctx.buf = buf;
	img->memctx.len = len;
	img->memctx.pos = 0;
	return open_io(img, &ota__mem_io, &img->memctx);
}

const char *
ota_image_errmsg(const struct ota_image *img)
{
	if (img == NULL || img->magic != OTA_IMAGE_MAGIC)
		return "invalid handle";
	return img->errmsg;
}

uint64_t
ota_image_erroffset(const struct ota_image *img)
{
	return img != NULL && img->magic == OTA_IMAGE_MAGIC ? img->erroff : 0;
}

/* ---- getters: 0 on a handle that is not open ---- */
#define GET(type, name, expr) \
	type name(const struct ota_image *img) { return is_open(img) ? (type)(expr) : (type)0; }

GET(uint64_t, ota_image_file_size, img->file_size)
GET(enum ota_container, ota_image_container, img->container)
GET(uint64_t, ota_image_ota_offset, img->ota_off)
GET(uint16_t, ota_image_header_version, img->h.header_version)
GET(uint16_t, ota_image_header_length, img->h.header_length)
GET(uint16_t, ota_image_field_control, img->h.fc)
GET(uint16_t, ota_image_manufacturer_code, img->h.manufacturer_code)
GET(uint16_t, ota_image_image_type, img->h.image_type)
GET(uint32_t, ota_image_file_version, img->h.file_version)
GET(uint16_t, ota_image_stack_version, img->h.stack_version)
GET(uint32_t, ota_image_total_image_size, img->h.total_image_size)
GET(enum ota_walk, ota_image_walk, img->walk)
GET(size_t, ota_image_element_count, img->nel)
GET(uint64_t, ota_image_trailer_length, img->trailer_len)
GET(enum ota_trailer_kind, ota_image_trailer_kind, img->trailer)
GET(size_t, ota_image_diag_count, img->diags.n)
GET(enum ota_iic_result, ota_image_iic_result, img->iic)
#undef GET

uint64_t
ota_image_trailer_offset(const struct ota_image *img)
{
	return is_open(img) ? img->ota_off + img->h.total_image_size : 0;
}

const uint8_t *
ota_image_header_string_ptr(const struct ota_image *img)
{
	return is_open(img) ? img->h.header_string : NULL;
}

int
ota_image_security_credential(const struct ota_image *img, uint8_t *ver)
{
	if (!is_open(img) || ver == NULL)
		return OTA_E_INVAL;
	if (!(img->h.fc_read & OTA_FC_SECURITY_CREDENTIAL))
		return OTA_E_NOT_FOUND;
	*ver = img->h.security_credential;
	return OTA_OK;
}

int
ota_image_destination(const struct ota_image *img, uint64_t *eui64)
{
	if (!is_open(img) || eui64 == NULL)
		return OTA_E_INVAL;
	if (!(img->h.fc_read & OTA_FC_DESTINATION))
		return OTA_E_NOT_FOUND;
	*eui64 = img->h.destination;
	return OTA_OK;
}

int
ota_image_hw_versions(const struct ota_image *img, uint16_t *min, uint16_t *max)
{
	if (!is_open(img) || min == NULL || max == NULL)
		return OTA_E_INVAL;
	if (!(img->h.fc_read & OTA_FC_HW_VERSIONS))
		return OTA_E_NOT_FOUND;
	*min = img->h.hw_min;
	*max = img->h.hw_max;
	return OTA_OK;
}

size_t
ota_image_header_string_text(const struct ota_image *img, char *buf, size_t len)
{
	const uint8_t *s;
	size_t i, start = 0, end = OTA_HEADER_STRING_LEN, n = 0;

	if (buf == NULL || len == 0)
		return 0;
	buf[0] = '\0';
	if (!is_open(img))
		return 0;
	s = img->h.header_string;
	for (i = 0; i < img->diags.n; i++)
		if (img->diags.v[i].code == OTA_D_STRING_LENGTH_PREFIXED) {
			start = 1;
			end = 1 + (size_t)s[0];
		}
	for (i = start; i < end && s[i] != 0; i++) {
		/* Keep printable ASCII and printable UTF-8; show as '.' each byte of
		 * a C0 or C1 control, a bidirectional control (they reorder what a
		 * terminal shows) and anything that is not strict UTF-8. */
		size_t need = 0, k;
		uint32_t cp = s[i];

		if (s[i] >= 0xc2 && s[i] <= 0xdf)
			need = 1, cp = s[i] & 0x1fu;
		else if ((s[i] & 0xf0) == 0xe0)
			need = 2, cp = s[i] & 0x0fu;
		else if (s[i] >= 0xf0 && s[i] <= 0xf4)
			need = 3, cp = s[i] & 0x07u;
		for (k = 1; need > 0 && k <= need; k++) {
			if (i + k >= end || (s[i + k] & 0xc0) != 0x80) {
				need = 0;
				break;
			}
			cp = (cp << 6) | (s[i + k] & 0x3fu);
		}
		if (need > 0 && ((need == 2 && cp < 0x800) || (need == 3 && cp < 0x10000) ||
		    cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)))
			need = 0; /* overlong, surrogate or beyond Unicode */
		if ((s[i] >= 0x80 && need == 0) || cp < 0x20 || cp == 0x7f ||
		    (cp >= 0x80 && cp <= 0x9f) || cp == 0x061c || cp == 0x200e || cp == 0x200f ||
		    (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069)) {
			if (n + 1 < len)
				buf[n++] = '.';
			continue;
		}
		if (n + need + 1 < len) {
			memcpy(buf + n, s + i, need + 1);
			n += need + 1;
		}
		i += need;
	}
	buf[n] = '\0';
	return n;
}

static const struct ota_elem *
elem(const struct ota_image *img, size_t i)
{
	return is_open(img) && i < img->nel ? &img->el[i] : NULL;
}

uint16_t
ota_image_element_tag(const struct ota_image *img, size_t i)
{
	const struct ota_elem *e = elem(img, i);

	return e != NULL ? e->tag : 0;
}

uint64_t
ota_image_element_offset(const struct ota_image *img, size_t i)
{
	const struct ota_elem *e = elem(img, i);

	return e != NULL ? e->off : 0;
}

uint32_t
ota_image_element_length(const struct ota_image *img, size_t i)
{
	const struct ota_elem *e = elem(img, i);

	return e != NULL ? e->len : 0;
}

uint64_t
ota_image_element_data_offset(const struct ota_image *img, size_t i)
{
	const struct ota_elem *e = elem(img, i);

	return e != NULL ? e->off + e->hdr : 0;
}

enum ota_payload_kind
ota_image_element_kind(const struct ota_image *img, size_t i)
{
	const struct ota_elem *e = elem(img, i);

	return e != NULL ? (enum ota_payload_kind)e->kind : OTA_PAYLOAD_UNKNOWN;
}

uint32_t
ota_image_element_kind_offset(const struct ota_image *img, size_t i)
{
	const struct ota_elem *e = elem(img, i);

	return e != NULL ? e->kind_off : 0;
}

int
ota_image_element_find(const struct ota_image *img, uint16_t tag, size_t nth, size_t *index)
{
	size_t i;

	if (!is_open(img) || index == NULL)
		return OTA_E_INVAL;
	for (i = 0; i < img->nel; i++)
		if (img->el[i].tag == tag && nth-- == 0) {
			*index = i;
			return OTA_OK;
		}
	return OTA_E_NOT_FOUND;
}

int
ota_image_raw_payload(const struct ota_image *img, uint64_t *offset, uint64_t *length,
    enum ota_payload_kind *kind)
{
	if (!is_open(img))
		return OTA_E_INVAL;
	if (!img->raw)
		return OTA_E_NOT_FOUND;
	if (offset != NULL)
		*offset = img->raw_off;
	if (length != NULL)
		*length = img->ota_off + img->h.total_image_size - img->raw_off;
	if (kind != NULL)
		*kind = (enum ota_payload_kind)img->raw_kind;
	return OTA_OK;
}

static const struct ota_diagrec *
diag(const struct ota_image *img, size_t i)
{
	return is_open(img) ? ota__diag_at(&img->diags, i) : NULL;
}

int
ota_image_diag_code(const struct ota_image *img, size_t i)
{
	const struct ota_diagrec *d = diag(img, i);

	return d != NULL ? d->code : 0;
}

uint64_t
ota_image_diag_offset(const struct ota_image *img, size_t i)
{
	const struct ota_diagrec *d = diag(img, i);

	return d != NULL ? d->offset : 0;
}

const char *
ota_image_diag_message(const struct ota_image *img, size_t i)
{
	const struct ota_diagrec *d = diag(img, i);

	return d != NULL ? d->msg : "";
}

uint64_t
ota_image_diag_repeat(const struct ota_image *img, size_t i)
{
	const struct ota_diagrec *d = diag(img, i);

	return d != NULL ? d->count : 0;
}

int
ota_image_status(const struct ota_image *img)
{
	if (img == NULL || img->magic != OTA_IMAGE_MAGIC)
		return OTA_E_INVAL;
	return is_open(img) ? OTA_OK : OTA_E_STATE;
}

int
ota_image_element_get(const struct ota_image *img, size_t i, uint16_t *tag, uint64_t *offset,
    uint32_t *length)
{
	const struct ota_elem *e;
	int r = ota_image_status(img);

	if (r != OTA_OK)
		return r;
	if ((e = elem(img, i)) == NULL)
		return OTA_E_RANGE;
	if (tag != NULL)
		*tag = e->tag;
	if (offset != NULL)
		*offset = e->off;
	if (length != NULL)
		*length = e->len;
	return OTA_OK;
}

int
ota_image_diag_get(const struct ota_image *img, size_t i, int *code, uint64_t *offset,
    const char **message)
{
	const struct ota_diagrec *d;
	int r = ota_image_status(img);

	if (r != OTA_OK)
		return r;
	if ((d = diag(img, i)) == NULL)
		return OTA_E_RANGE;
	if (code != NULL)
		*code = d->code;
	if (offset != NULL)
		*offset = d->offset;
	if (message != NULL)
		*message = d->msg;
	return OTA_OK;
}

/* The calls that need the image's body: refused on a handle that holds only
 * the header (OTA_OPEN_HEADER_ONLY) or a truncated input (OTA_OPEN_PARTIAL). */
int
ota__image_whole(struct ota_image *img, const char *fn)
{
	if (img->header_only)
		return ota__image_seterr(img, OTA_E_PARTIAL, img->ota_off,
		    "%s: the image at offset %llu was opened with its header only "
		    "(OTA_OPEN_HEADER_ONLY): nothing after the header was read", fn,
		    (unsigned long long)img->ota_off);
	if (img->truncated)
		return ota__image_seterr(img, OTA_E_TRUNCATED, img->trunc_at,
		    "%s: the input ends at %llu of %llu: the image is truncated", fn,
		    (unsigned long long)img->trunc_at, (unsigned long long)img->trunc_expect);
	return OTA_OK;
}

/* ---- extraction ---- */
static int
extract_range(struct ota_image *img, uint64_t off, uint64_t len, ota_write_fn fn, void *ctx)
{
	int r;

	if (img->header_only)
		return ota__image_seterr(img, OTA_E_PARTIAL, img->ota_off,
		    "the image was opened with its header only");
	ota__prog_start(&img->prog, len);
	if ((r = ota__copy_range(&img->rd, off, len, fn, ctx)) == OTA_OK)
		r = ota__prog_end(&img->prog);
	if (r != OTA_OK)
		return ota__image_seterr(img, r, off, "extracting %llu bytes from offset %llu: %s%s",
		    (unsigned long long)len, (unsigned long long)off, ota_strerror(r),
		    r == OTA_E_UNSUPPORTED && img->rd.fwd ? " (a forward-only input has passed it: "
		    "ota_image_stream_extract before open extracts while reading)" : "");
	return OTA_OK;
}

int
ota_image_extract(struct ota_image *img, size_t i, ota_write_fn fn, void *ctx)
{
	const struct ota_elem *e;
	int r;

	if ((r = img_check(img, ST_OPEN, fn != NULL, __func__, "NULL write function")) != OTA_OK ||
	    (r = ota__image_whole(img, __func__)) != OTA_OK)
		return r;
	if ((e = elem(img, i)) == NULL)
		return ota__image_seterr(img, OTA_E_NOT_FOUND, 0, "no element %zu: the image has %zu elements", i,
		    img->nel);
	return extract_range(img, e->off + e->hdr, e->len, fn, ctx);
}

int
ota_image_extract_raw(struct ota_image *img, ota_write_fn fn, void *ctx)
{
	uint64_t off, len;
	int r;

	if ((r = img_check(img, ST_OPEN, fn != NULL, __func__, "NULL write function")) != OTA_OK ||
	    (r = ota__image_whole(img, __func__)) != OTA_OK)
		return r;
	if (ota_image_raw_payload(img, &off, &len, NULL) != OTA_OK)
		return ota__image_seterr(img, OTA_E_NOT_FOUND, 0,
		    "the image has no raw payload (its sub-elements parse)");
	return extract_range(img, off, len, fn, ctx);
}

static int
to_path(struct ota_image *img, size_t i, int raw, const char *path)
{
	struct ota_atomic a;
	int r;

	if ((r = img_check(img, ST_OPEN, path != NULL, raw ? "ota_image_extract_raw_path" :
	    "ota_image_extract_path", "NULL path")) != OTA_OK)
		return r;
	if ((r = ota__atomic_open(&a, path)) != OTA_OK)
		return ota__image_seterr(img, r, 0, "cannot create a file beside %s: %s", path,
		    strerror(errno));
	r = raw ? ota_image_extract_raw(img, ota__atomic_write, &a) :
	    ota_image_extract(img, i, ota__atomic_write, &a);
	if (r != OTA_OK) {
		ota__atomic_abort(&a);
		return r;
	}
	if ((r = ota__atomic_commit(&a)) != OTA_OK)
		return ota__image_seterr(img, r, 0, "cannot write %s: %s", path, strerror(errno));
	return OTA_OK;
}

int
ota_image_extract_path(struct ota_image *img, size_t i, const char *path)
{
	return to_path(img, i, 0, path);
}

int
ota_image_extract_raw_path(struct ota_image *img, const char *path)
{
	return to_path(img, 0, 1, path);
}

/* ---- helpers ---- */
int
ota_eui64_parse(const char *s, uint64_t *out)
{
	uint64_t v = 0;
	unsigned nd = 0;

	if (s == NULL || out == NULL)
		return OTA_E_INVAL;
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		s += 2;
	for (; *s != '\0'; s++) {
		int d;

		if (*s == ':' || *s == '-') {
			if (nd == 0 || nd % 2 != 0)
				return OTA_E_INVAL;
			continue;
		}
		if (*s >= '0' && *s <= '9')
			d = *s - '0';
		else if (*s >= 'a' && *s <= 'f')
			d = *s - 'a' + 10;
		else if (*s >= 'A' && *s <= 'F')
			d = *s - 'A' + 10;
		else
			return OTA_E_INVAL;
		if (++nd > 16)
			return OTA_E_INVAL;
		v = (v << 4) | (uint64_t)d;
	}
	if (nd != 16)
		return OTA_E_INVAL;
	*out = v;
	return OTA_OK;
}
