/*
 * builder.c - write Zigbee OTA upgrade files.  Element sizes are known
 * before the header is written (files are stat'ed; pipes are first spooled
 * to an unlinked temporary file), so one pass writes the header, streams
 * every element through the integrity hash and appends the code.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ota_private.h"

enum src_kind { SRC_PATH, SRC_FD, SRC_MEM };

struct bsrc {
	uint16_t tag;
	enum src_kind kind;
	char *path;
	int fd;          /* SRC_FD: the caller's descriptor */
	int cur;         /* while writing: the open input */
	int close_fd;    /* cur is ours to close */
	uint8_t *mem;
	size_t memlen;
	uint64_t size;
};

struct ota_builder {
	uint32_t magic;
	struct ota_hdr h;
	uint16_t fc;
	int strict, iic;
	enum ota_format format;
	struct bsrc *src;
	size_t nsrc, cap;
	struct ota_diaglist diags;
	char errmsg[OTA_MSG_LEN];
};

static int
b_ok(const struct ota_builder *b)
{
	return b != NULL && b->magic == OTA_BUILDER_MAGIC;
}

static int
b_err(struct ota_builder *b, int err, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int
b_err(struct ota_builder *b, int err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ota__vformat(b->errmsg, sizeof(b->errmsg), fmt, ap);
	va_end(ap);
	return err;
}

struct ota_builder *
ota_builder_new(void)
{
	struct ota_builder *b = calloc(1, sizeof(*b));

	if (b == NULL)
		return NULL;
	b->magic = OTA_BUILDER_MAGIC;
	b->h.header_version = 0x0100;
	b->h.stack_version = 0x0002;
	return b;
}

void
ota_builder_free(struct ota_builder **bp)
{
	struct ota_builder *b;
	size_t i;

	if (bp == NULL || (b = *bp) == NULL)
		return;
	for (i = 0; i < b->nsrc; i++) {
		free(b->src[i].path);
		free(b->src[i].mem);
	}
	free(b->src);
	ota__diag_clear(&b->diags);
	b->magic = 0;
	free(b);
	*bp = NULL;
}

const char *
ota_builder_errmsg(const struct ota_builder *b)
{
	return b_ok(b) ? b->errmsg : "invalid handle";
}

#define SETTER(name, type, field) \
	int name(struct ota_builder *b, type v) \
	{ \
		if (!b_ok(b)) \
			return OTA_E_INVAL; \
		b->h.field = v; \
		return OTA_OK; \
	}

SETTER(ota_builder_set_header_version, uint16_t, header_version)
SETTER(ota_builder_set_manufacturer_code, uint16_t, manufacturer_code)
SETTER(ota_builder_set_image_type, uint16_t, image_type)
SETTER(ota_builder_set_file_version, uint32_t, file_version)
SETTER(ota_builder_set_stack_version, uint16_t, stack_version)
#undef SETTER

int
ota_builder_set_header_string(struct ota_builder *b, const void *s, size_t len)
{
	if (!b_ok(b) || (s == NULL && len > 0))
		return OTA_E_INVAL;
	if (len > OTA_HEADER_STRING_LEN)
		return b_err(b, OTA_E_RANGE, "header string is %zu bytes; at most 32 fit", len);
	memset(b->h.header_string, 0, OTA_HEADER_STRING_LEN);
	if (len > 0)
		memcpy(b->h.header_string, s, len);
	return OTA_OK;
}

int
ota_builder_set_security_credential(struct ota_builder *b, uint8_t v)
{
	if (!b_ok(b))
		return OTA_E_INVAL;
	b->h.security_credential = v;
	b->fc |= OTA_FC_SECURITY_CREDENTIAL;
	return OTA_OK;
}

int
ota_builder_set_destination(struct ota_builder *b, uint64_t eui64)
{
	if (!b_ok(b))
		return OTA_E_INVAL;
	b->h.destination = eui64;
	b->fc |= OTA_FC_DESTINATION;
	return OTA_OK;
}

int
ota_builder_set_hw_versions(struct ota_builder *b, uint16_t min, uint16_t max)
{
	if (!b_ok(b))
		return OTA_E_INVAL;
	b->h.hw_min = min;
	b->h.hw_max = max;
	b->fc |= OTA_FC_HW_VERSIONS;
	return OTA_OK;
}

int
ota_builder_set_integrity_code(struct ota_builder *b, int on)
{
	if (!b_ok(b))
		return OTA_E_INVAL;
	b->iic = on != 0;
	return OTA_OK;
}

int
ota_builder_set_format(struct ota_builder *b, enum ota_format format)
{
	if (!b_ok(b) || (unsigned)format > OTA_FORMAT_GBCS)
		return OTA_E_INVAL;
	b->format = format;
	return OTA_OK;
}

int
ota_builder_set_strict(struct ota_builder *b, int on)
{
	if (!b_ok(b))
		return OTA_E_INVAL;
	b->strict = on != 0;
	return OTA_OK;
}

static struct bsrc *
add_src(struct ota_builder *b, uint16_t tag)
{
	struct bsrc *v;

	if (b->nsrc + 1 >= OTA_MAX_ELEMENTS)
		return NULL;
	if (b->nsrc == b->cap) {
		size_t ncap = b->cap ? b->cap * 2 : 4;

		if ((v = realloc(b->src, ncap * sizeof(*v))) == NULL)
			return NULL;
		b->src = v;
		b->cap = ncap;
	}
	v = &b->src[b->nsrc++];
	memset(v, 0, sizeof(*v));
	v->tag = tag;
	v->fd = -1;
	v->cur = -1;
	return v;
}

int
ota_builder_add_path(struct ota_builder *b, uint16_t tag, const char *path)
{
	struct bsrc *s;
	size_t n;

	if (!b_ok(b) || path == NULL)
		return OTA_E_INVAL;
	if ((s = add_src(b, tag)) == NULL)
		return OTA_E_NOMEM;
	n = strlen(path) + 1;
	if ((s->path = malloc(n)) == NULL) {
		b->nsrc--;
		return OTA_E_NOMEM;
	}
	memcpy(s->path, path, n);
	s->kind = SRC_PATH;
	return OTA_OK;
}

int
ota_builder_add_fd(struct ota_builder *b, uint16_t tag, int fd)
{
	struct bsrc *s;

	if (!b_ok(b) || fd < 0)
		return OTA_E_INVAL;
	if ((s = add_src(b, tag)) == NULL)
		return OTA_E_NOMEM;
	s->kind = SRC_FD;
	s->fd = fd;
	return OTA_OK;
}

int
ota_builder_add_memory(struct ota_builder *b, uint16_t tag, const void *buf, size_t len)
{
	struct bsrc *s;

	if (!b_ok(b) || (buf == NULL && len > 0) || (uint64_t)len > UINT32_MAX)
		return OTA_E_INVAL;
	if ((s = add_src(b, tag)) == NULL)
		return OTA_E_NOMEM;
	if ((s->mem = malloc(len ? len : 1)) == NULL) {
		b->nsrc--;
		return OTA_E_NOMEM;
	}
	if (len > 0)
		memcpy(s->mem, buf, len);
	s->memlen = len;
	s->kind = SRC_MEM;
	return OTA_OK;
}

static int
value_checks(struct ota_builder *b)
{
	struct ota_hdr h = b->h;
	int r;

	h.fc = b->fc;
	ota__diag_clear(&b->diags);
	if ((r = ota__value_diags(&b->diags, &h, 0)) != OTA_OK)
		return r;
	if (b->strict && b->diags.n > 0)
		return b_err(b, OTA_E_POLICY, "strict: %s", b->diags.v[0].msg);
	return OTA_OK;
}

size_t
ota_builder_diag_count(const struct ota_builder *b)
{
	return b_ok(b) ? b->diags.n : 0;
}

int
ota_builder_diag_code(const struct ota_builder *b, size_t i)
{
	const struct ota_diagrec *d = b_ok(b) ? ota__diag_at(&b->diags, i) : NULL;

	return d != NULL ? d->code : 0;
}

const char *
ota_builder_diag_message(const struct ota_builder *b, size_t i)
{
	const struct ota_diagrec *d = b_ok(b) ? ota__diag_at(&b->diags, i) : NULL;

	return d != NULL ? d->msg : "";
}

/* Copy a non-seekable input into an unlinked temporary file. */
static int
spool(struct ota_builder *b, struct bsrc *s, int in)
{
	const char *dir = getenv("TMPDIR");
	char *tmpl;
	uint8_t *buf;
	ssize_t n;
	size_t tl;
	int fd, r = OTA_OK;

	if (dir == NULL || *dir == '\0')
		dir = "/tmp";
	tl = strlen(dir) + sizeof("/otaimg-spool-XXXXXX");
	if ((tmpl = malloc(tl)) == NULL)
		return OTA_E_NOMEM;
	(void)snprintf(tmpl, tl, "%s/otaimg-spool-XXXXXX", dir);
	fd = mkstemp(tmpl);
	if (fd >= 0)
		(void)unlink(tmpl);
	free(tmpl);
	if (fd < 0)
		return b_err(b, OTA_E_IO, "cannot create a spool file in %s: %s", dir, strerror(errno));
	if ((buf = malloc(OTA_IOBUF)) == NULL) {
		close(fd);
		return OTA_E_NOMEM;
	}
	s->size = 0;
	for (;;) {
		n = read(in, buf, OTA_IOBUF);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			r = b_err(b, OTA_E_IO, "reading element input: %s", strerror(errno));
			break;
		}
		if (n == 0)
			break;
		if (ota__atomic_write(&(struct ota_atomic){ .fd = fd }, buf, (size_t)n) != 0) {
			r = b_err(b, OTA_E_IO, "writing the spool file: %s", strerror(errno));
			break;
		}
		s->size += (uint64_t)n;
	}
	free(buf);
	if (r == OTA_OK && lseek(fd, 0, SEEK_SET) != 0)
		r = b_err(b, OTA_E_IO, "rewinding the spool file: %s", strerror(errno));
	if (r != OTA_OK) {
		close(fd);
		return r;
	}
	s->cur = fd;
	s->close_fd = 1;
	return OTA_OK;
}

/* Open every source and learn its size. */
static int
open_sources(struct ota_builder *b)
{
	struct stat st;
	size_t i;
	int r, in;

	for (i = 0; i < b->nsrc; i++) {
		struct bsrc *s = &b->src[i];

		s->close_fd = 0;
		if (s->kind == SRC_MEM) {
			s->size = s->memlen;
			continue;
		}
		if (s->kind == SRC_PATH) {
			if ((in = open(s->path, O_RDONLY | O_CLOEXEC)) < 0)
				return b_err(b, OTA_E_IO, "%s: %s", s->path, strerror(errno));
			s->cur = in;
			s->close_fd = 1;
		} else {
			s->cur = s->fd;
		}
		in = s->cur;
		if (fstat(in, &st) == 0 && S_ISREG(st.st_mode)) {
			off_t cur = lseek(in, 0, SEEK_CUR);

			s->size = (uint64_t)st.st_size - (cur > 0 ? (uint64_t)cur : 0);
		} else {
			int owned = s->close_fd;

			if ((r = spool(b, s, in)) != OTA_OK)
				return r;
			if (owned)
				close(in);
		}
		if (s->size > UINT32_MAX)
			return b_err(b, OTA_E_RANGE, "element %zu (tag 0x%04X) is %llu bytes; an element "
			    "holds at most 4294967295", i, s->tag, (unsigned long long)s->size);
	}
	return OTA_OK;
}

static void
close_sources(struct ota_builder *b)
{
	size_t i;

	for (i = 0; i < b->nsrc; i++) {
		struct bsrc *s = &b->src[i];

		if (s->close_fd && s->cur >= 0)
			close(s->cur);
		s->cur = -1;
		s->close_fd = 0;
	}
}

static int
compute_total(struct ota_builder *b, uint64_t *total, int report)
{
	uint64_t t = ota__header_len_for_fc(b->fc);
	size_t i;

	for (i = 0; i < b->nsrc; i++)
		t += (b->format == OTA_FORMAT_GBCS ? 0 : 6) + b->src[i].size;
	if (b->iic)
		t += 6 + 16;
	if (t > UINT32_MAX)
		return b_err(b, OTA_E_RANGE, "the image would be %llu bytes; total_image_size holds at "
		    "most 4294967295", (unsigned long long)t);
	if (b->iic && report) {
		size_t n = b->diags.n;
		int r = ota__mmo_wrap_diag(&b->diags, t - 22, 52);

		if (r != OTA_OK)
			return b_err(b, r, "out of memory");
		if (b->diags.n > n && b->strict)
			return b_err(b, OTA_E_POLICY, "strict: %s", b->diags.v[n].msg);
	}
	*total = t;
	return OTA_OK;
}

int
ota_builder_total_size(struct ota_builder *b, uint64_t *size)
{
	int r;

	if (!b_ok(b) || size == NULL)
		return OTA_E_INVAL;
	r = open_sources(b);
	if (r == OTA_OK)
		r = compute_total(b, size, 0);
	close_sources(b);
	return r;
}

static int
emit(struct ota_builder *b, struct ota_hashout *o, const void *p, size_t n)
{
	if (ota__hashout(o, p, n) != 0)
		return o->err == OTA_E_IO ? b_err(b, OTA_E_IO, "write failed: %s", strerror(errno)) :
		    b_err(b, o->err, "AES-MMO: %s", ota_strerror(o->err));
	return OTA_OK;
}

static int
emit_header(struct ota_builder *b, struct ota_hashout *o, uint32_t total)
{
	uint8_t h[69];
	size_t n = 56;

	memset(h, 0, sizeof(h));
	ota__put_u32le(h, OTA_FILE_ID);
	ota__put_u16le(h + 4, b->h.header_version);
	ota__put_u16le(h + 6, (uint16_t)ota__header_len_for_fc(b->fc));
	ota__put_u16le(h + 8, b->fc);
	ota__put_u16le(h + 10, b->h.manufacturer_code);
	ota__put_u16le(h + 12, b->h.image_type);
	ota__put_u32le(h + 14, b->h.file_version);
	ota__put_u16le(h + 18, b->h.stack_version);
	memcpy(h + 20, b->h.header_string, OTA_HEADER_STRING_LEN);
	ota__put_u32le(h + 52, total);
	if (b->fc & OTA_FC_SECURITY_CREDENTIAL)
		h[n++] = b->h.security_credential;
	if (b->fc & OTA_FC_DESTINATION) {
		ota__put_u32le(h + n, (uint32_t)(b->h.destination & 0xffffffffu));
		ota__put_u32le(h + n + 4, (uint32_t)(b->h.destination >> 32));
		n += 8;
	}
	if (b->fc & OTA_FC_HW_VERSIONS) {
		ota__put_u16le(h + n, b->h.hw_min);
		ota__put_u16le(h + n + 2, b->h.hw_max);
		n += 4;
	}
	return emit(b, o, h, n);
}

static int
emit_source(struct ota_builder *b, struct ota_hashout *o, struct bsrc *s, uint8_t *buf)
{
	uint8_t eh[6];
	uint64_t left = s->size;
	ssize_t n;
	int r;

	ota__put_u16le(eh, s->tag);
	ota__put_u32le(eh + 2, (uint32_t)s->size);
	if (b->format != OTA_FORMAT_GBCS && (r = emit(b, o, eh, sizeof(eh))) != OTA_OK)
		return r;
	if (s->kind == SRC_MEM)
		return emit(b, o, s->mem, s->memlen);
	while (left > 0) {
		size_t want = left < OTA_IOBUF ? (size_t)left : OTA_IOBUF;

		n = read(s->cur, buf, want);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return b_err(b, OTA_E_IO, "reading tag 0x%04X input: %s", s->tag, strerror(errno));
		if (n == 0)
			return b_err(b, OTA_E_IO, "tag 0x%04X input shrank while it was read "
			    "(%llu bytes missing)", s->tag, (unsigned long long)left);
		if ((r = emit(b, o, buf, (size_t)n)) != OTA_OK)
			return r;
		left -= (uint64_t)n;
	}
	return OTA_OK;
}

int
ota_builder_write(struct ota_builder *b, ota_write_fn fn, void *ctx)
{
	struct ota_mmo mmo;
	struct ota_hashout o = { fn, ctx, NULL, OTA_OK };
	uint8_t *buf = NULL, code[6 + 16];
	uint64_t total = 0;
	size_t i;
	int r;

	if (!b_ok(b) || fn == NULL)
		return OTA_E_INVAL;
	memset(&mmo, 0, sizeof(mmo));
	if ((r = value_checks(b)) != OTA_OK)
		return r;
	if (b->format == OTA_FORMAT_GBCS && (b->nsrc != 1 || b->iic))
		return b_err(b, OTA_E_INVAL, "a GBCS upgrade image holds exactly one Manufacturer "
		    "Image and no integrity code");
	if ((r = open_sources(b)) != OTA_OK || (r = compute_total(b, &total, 1)) != OTA_OK)
		goto out;
	if ((buf = malloc(OTA_IOBUF)) == NULL) {
		r = OTA_E_NOMEM;
		goto out;
	}
	if (b->iic) {
		if ((r = ota__mmo_setup(&mmo)) != OTA_OK || (r = ota_mmo_init(&mmo)) != OTA_OK)
			goto out;
		o.mmo = &mmo;
	}
	if ((r = emit_header(b, &o, (uint32_t)total)) != OTA_OK)
		goto out;
	for (i = 0; i < b->nsrc; i++)
		if ((r = emit_source(b, &o, &b->src[i], buf)) != OTA_OK)
			goto out;
	if (b->iic) {
		/* The code covers everything before its own element header. */
		ota__put_u16le(code, OTA_TAG_INTEGRITY_CODE);
		ota__put_u32le(code + 2, 16);
		if ((r = ota_mmo_final(&mmo, code + 6)) != OTA_OK)
			goto out;
		o.mmo = NULL;
		r = emit(b, &o, code, sizeof(code));
	}
out:
	if (b->iic)
		ota__mmo_teardown(&mmo);
	free(buf);
	close_sources(b);
	return r;
}

int
ota_builder_write_path(struct ota_builder *b, const char *path)
{
	struct ota_atomic a;
	int r;

	if (!b_ok(b) || path == NULL)
		return OTA_E_INVAL;
	if ((r = ota__atomic_open(&a, path)) != OTA_OK)
		return b_err(b, r, "cannot create a temporary file beside %s: %s", path,
		    strerror(errno));
	if ((r = ota_builder_write(b, ota__atomic_write, &a)) != OTA_OK) {
		ota__atomic_abort(&a);
		return r;
	}
	if ((r = ota__atomic_commit(&a)) != OTA_OK)
		return b_err(b, r, "cannot write %s: %s", path, strerror(errno));
	return OTA_OK;
}

int
ota_builder_standard_name(const struct ota_builder *b, const char *text, char *buf, size_t len)
{
	int n;

	if (!b_ok(b) || (buf == NULL && len > 0))
		return OTA_E_INVAL;
	if (text != NULL && *text != '\0')
		n = snprintf(buf, len, "%04X-%04X-%08X-%s.zigbee", b->h.manufacturer_code,
		    b->h.image_type, (unsigned)b->h.file_version, text);
	else
		n = snprintf(buf, len, "%04X-%04X-%08X.zigbee", b->h.manufacturer_code,
		    b->h.image_type, (unsigned)b->h.file_version);
	return n < 0 ? OTA_E_INVAL : n;
}
