/*
 * builder.c - write Zigbee OTA upgrade files.  The sources' sizes are known
 * before the header is written (bsource.c), so one pass writes the header,
 * streams every element through the integrity hash and appends the code.
 * Every write or total_size reads the same bytes, or fails with
 * OTA_E_STATE.  Writing a file with no integrity code, the kernel copies
 * element data from file inputs (copy.c), falling back to pread and write.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ota_private.h"

#include "zigbee/builder.h"

/* The kernel copies element data in chunks of this size, for progress. */
#define KCHUNK ((uint64_t)4 << 20)

static int
b_ok(const struct ota_builder *b)
{
	return b != NULL && b->magic == OTA_BUILDER_MAGIC;
}

int
ota__builder_err(struct ota_builder *b, int err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ota__vformat(b->errmsg, sizeof(b->errmsg), fmt, ap);
	va_end(ap);
	ota__log(&b->env, "%s", b->errmsg);
	return err;
}

struct ota_builder *
ota_builder_new(void)
{
	return ota_builder_new_ctx(NULL);
}

struct ota_builder *
ota_builder_new_ctx(const struct ota_ctx *ctx)
{
	struct ota_builder *b = calloc(1, sizeof(*b));

	if (b == NULL)
		return NULL;
	b->magic = OTA_BUILDER_MAGIC;
	ota__env_from(&b->env, ctx);
	b->h.header_version = 0x0100;
	b->h.stack_version = 0x0002;
	b->max_input = OTA_MAX_INPUT_DEFAULT;
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
		if (b->src[i].spool >= 0)
			close(b->src[i].spool);
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

/* Every call on a valid handle starts by clearing its message; a refused
 * call (OTA_E_INVAL) sets its own. */
static int
b_check(struct ota_builder *b, int ok, const char *what)
{
	if (!b_ok(b))
		return OTA_E_INVAL;
	if (!ok)
		return ota__builder_err(b, OTA_E_INVAL, "%s", what);
	b->errmsg[0] = '\0';
	return OTA_OK;
}

#define SETTER(name, type, field) \
	int name(struct ota_builder *b, type v) \
	{ \
		int r = b_check(b, 1, ""); \
		if (r == OTA_OK) \
			b->h.field = v; \
		return r; \
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
	int r;

	if ((r = b_check(b, s != NULL || len == 0, "NULL string with a length")) != OTA_OK ||
	    (s == NULL && len > 0)) /* (the second for the analyzer) */
		return r;
	if (len > OTA_HEADER_STRING_LEN)
		return ota__builder_err(b, OTA_E_RANGE, "header string is %zu bytes; at most 32 fit", len);
	memset(b->h.header_string, 0, OTA_HEADER_STRING_LEN);
	if (len > 0)
		memcpy(b->h.header_string, s, len);
	return OTA_OK;
}

int
ota_builder_set_security_credential(struct ota_builder *b, uint8_t v)
{
	int r;

	if ((r = b_check(b, 1, "")) != OTA_OK)
		return r;
	b->h.security_credential = v;
	b->fc |= OTA_FC_SECURITY_CREDENTIAL;
	return OTA_OK;
}

int
ota_builder_set_destination(struct ota_builder *b, uint64_t eui64)
{
	int r;

	if ((r = b_check(b, 1, "")) != OTA_OK)
		return r;
	b->h.destination = eui64;
	b->fc |= OTA_FC_DESTINATION;
	return OTA_OK;
}

int
ota_builder_set_hw_versions(struct ota_builder *b, uint16_t min, uint16_t max)
{
	int r;

	if ((r = b_check(b, 1, "")) != OTA_OK)
		return r;
	b->h.hw_min = min;
	b->h.hw_max = max;
	b->fc |= OTA_FC_HW_VERSIONS;
	return OTA_OK;
}

int
ota_builder_set_integrity_code(struct ota_builder *b, int on)
{
	int r;

	if ((r = b_check(b, 1, "")) != OTA_OK)
		return r;
	b->iic = on != 0;
	return OTA_OK;
}

int
ota_builder_set_format(struct ota_builder *b, enum ota_format format)
{
	int r;

	if ((r = b_check(b, (unsigned)format <= OTA_FORMAT_GBCS, "no such format")) != OTA_OK)
		return r;
	b->format = format;
	return OTA_OK;
}

int
ota_builder_set_strict(struct ota_builder *b, int on)
{
	int r;

	if ((r = b_check(b, 1, "")) != OTA_OK)
		return r;
	b->strict = on != 0;
	return OTA_OK;
}

int
ota_builder_set_max_input(struct ota_builder *b, uint64_t bytes)
{
	int r;

	if ((r = b_check(b, bytes > 0, "a limit of 0 bytes")) != OTA_OK)
		return r;
	b->max_input = bytes < OTA_MAX_INPUT_DEFAULT ? bytes : OTA_MAX_INPUT_DEFAULT;
	return OTA_OK;
}

int
ota_builder_set_progress(struct ota_builder *b, ota_progress_fn fn, void *arg)
{
	int r;

	if ((r = b_check(b, 1, "")) != OTA_OK)
		return r;
	b->prog.fn = fn;
	b->prog.arg = arg;
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
	v->spool = -1;
	v->cur = -1;
	return v;
}

static int
add_failed(struct ota_builder *b)
{
	return b->nsrc + 1 >= OTA_MAX_ELEMENTS ? ota__builder_err(b, OTA_E_LIMIT, "more than %u elements",
	    OTA_MAX_ELEMENTS - 2) : ota__builder_err(b, OTA_E_NOMEM, "out of memory");
}

int
ota_builder_add_path(struct ota_builder *b, uint16_t tag, const char *path)
{
	struct bsrc *s;
	size_t n;
	int r;

	if ((r = b_check(b, path != NULL, "NULL path")) != OTA_OK || path == NULL)
		return r;
	if ((s = add_src(b, tag)) == NULL)
		return add_failed(b);
	n = strlen(path) + 1;
	if ((s->path = malloc(n)) == NULL) {
		b->nsrc--;
		return ota__builder_err(b, OTA_E_NOMEM, "out of memory");
	}
	memcpy(s->path, path, n);
	s->kind = SRC_PATH;
	return OTA_OK;
}

int
ota_builder_add_fd(struct ota_builder *b, uint16_t tag, int fd)
{
	struct stat st;
	struct bsrc *s;
	off_t at = 0;
	int regular, r;

	if ((r = b_check(b, fd >= 0, "negative descriptor")) != OTA_OK)
		return r;
	if (fstat(fd, &st) != 0)
		return ota__builder_err(b, OTA_E_INVAL, "descriptor %d: %s", fd, strerror(errno));
	regular = S_ISREG(st.st_mode);
	if (regular && (at = lseek(fd, 0, SEEK_CUR)) < 0)
		return ota__builder_err(b, OTA_E_IO, "descriptor %d: %s", fd, strerror(errno));
	if ((s = add_src(b, tag)) == NULL)
		return add_failed(b);
	s->kind = SRC_FD;
	s->fd = fd;
	s->regular = regular;
	s->off = (uint64_t)at;
	return OTA_OK;
}

int
ota_builder_add_memory(struct ota_builder *b, uint16_t tag, const void *buf, size_t len)
{
	struct bsrc *s;
	int r;

	if ((r = b_check(b, (buf != NULL || len == 0) && (uint64_t)len <= UINT32_MAX,
	    "NULL buffer, or more than 4294967295 bytes")) != OTA_OK || (buf == NULL && len > 0))
		return r;
	if ((s = add_src(b, tag)) == NULL)
		return add_failed(b);
	if ((s->mem = malloc(len ? len : 1)) == NULL) {
		b->nsrc--;
		return ota__builder_err(b, OTA_E_NOMEM, "out of memory");
	}
	if (len > 0)
		memcpy(s->mem, buf, len);
	s->memlen = len;
	s->kind = SRC_MEM;
	return OTA_OK;
}

/* Strict: the first diagnostic from index n on that verify --strict would
 * also reject refuses the write. */
static int
strict_check(struct ota_builder *b, size_t n)
{
	if (b->strict && n < b->diags.n)
		return ota__builder_err(b, OTA_E_POLICY, "strict: %s [%s]", b->diags.v[n].msg,
		    ota_diag_name(b->diags.v[n].code));
	return OTA_OK;
}

/* Keep the diagnostics verify --strict fails on (warnings and errors). */
static int
keep_failing(struct ota_builder *b, struct ota_diaglist *l)
{
	size_t i;
	int r = OTA_OK;

	for (i = 0; i < l->n && r == OTA_OK; i++)
		if (ota_diag_severity(l->v[i].code) != OTA_SEV_INFO)
			r = ota__diag_copy(&b->diags, &l->v[i]);
	ota__diag_clear(l);
	return r != OTA_OK ? ota__builder_err(b, r, "out of memory") : OTA_OK;
}

/* The header checks open makes (the same function). */
static int
header_checks(struct ota_builder *b)
{
	struct ota_diaglist l = { NULL, 0, 0, NULL };
	struct ota_hdr h = b->h;
	int r;

	h.fc = b->fc;
	h.header_length = (uint16_t)ota__header_len_for_fc(b->fc);
	ota__diag_clear(&b->diags);
	if ((r = ota__header_diags(&l, &h, 0)) != OTA_OK) {
		ota__diag_clear(&l);
		return ota__builder_err(b, r, "out of memory");
	}
	if ((r = keep_failing(b, &l)) != OTA_OK)
		return r;
	return strict_check(b, 0);
}

/* The element checks open makes, over the layout about to be written, and
 * the signature and certificate elements the builder did not make. */
static int
element_checks(struct ota_builder *b)
{
	struct ota_diaglist l = { NULL, 0, 0, NULL };
	struct ota_elem *el;
	uint64_t pos = ota__header_len_for_fc(b->fc);
	size_t i, n = b->diags.n, nel = b->nsrc + (b->iic ? 1 : 0);
	int r;

	if (b->format == OTA_FORMAT_GBCS)
		return OTA_OK;
	if ((el = calloc(nel ? nel : 1, sizeof(*el))) == NULL)
		return ota__builder_err(b, OTA_E_NOMEM, "out of memory");
	for (i = 0; i < nel; i++) {
		el[i].tag = i < b->nsrc ? b->src[i].tag : OTA_TAG_INTEGRITY_CODE;
		el[i].len = i < b->nsrc ? (uint32_t)b->src[i].size : 16;
		el[i].off = pos;
		el[i].hdr = 6;
		pos += 6 + (uint64_t)el[i].len;
	}
	r = ota__element_diags(&l, el, nel, 0, 0, ota__header_len_for_fc(b->fc));
	for (i = 0; i < b->nsrc && r == OTA_OK; i++)
		if (ota__suite_by_tag(el[i].tag) != NULL)
			r = ota__diag_add(&l, OTA_D_SIGNING_ELEMENT, el[i].off,
			    "%s element at offset %llu comes from an input: signatures and "
			    "certificates come from signing the written image (ota_image_sign)",
			    ota_tag_name(el[i].tag), (unsigned long long)el[i].off);
		else if (el[i].tag == OTA_TAG_INTEGRITY_CODE)
			r = ota__diag_add(&l, OTA_D_SIGNING_ELEMENT, el[i].off,
			    "integrity-code element at offset %llu comes from an input: the builder "
			    "computes the code (ota_builder_set_integrity_code)",
			    (unsigned long long)el[i].off);
	free(el);
	if (r != OTA_OK) {
		ota__diag_clear(&l);
		return ota__builder_err(b, r, "out of memory");
	}
	if ((r = keep_failing(b, &l)) != OTA_OK)
		return r;
	return strict_check(b, n);
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
		return ota__builder_err(b, OTA_E_RANGE, "the image would be %llu bytes; total_image_size holds at "
		    "most 4294967295 bytes", (unsigned long long)t);
	if (b->iic && report) {
		size_t n = b->diags.n;
		int r = ota__mmo_wrap_diag(&b->diags, t - 22, 52);

		if (r != OTA_OK)
			return ota__builder_err(b, r, "out of memory");
		if ((r = strict_check(b, n)) != OTA_OK)
			return r;
	}
	*total = t;
	return OTA_OK;
}

int
ota_builder_total_size(struct ota_builder *b, uint64_t *size)
{
	int r;

	if ((r = b_check(b, size != NULL, "NULL size")) != OTA_OK)
		return r;
	r = ota__builder_open_sources(b);
	if (r == OTA_OK)
		r = compute_total(b, size, 0);
	ota__builder_close_sources(b);
	return r;
}

/* n more bytes written: report them (OTA_E_CANCELLED when told to stop) */
static int
progress(struct ota_builder *b, uint64_t n, int end)
{
	if ((end ? ota__prog_end(&b->prog) : ota__prog_add(&b->prog, n)) == OTA_OK)
		return OTA_OK;
	ota__prog_msg(&b->prog, b->errmsg, sizeof(b->errmsg));
	return OTA_E_CANCELLED;
}

static int
emit(struct ota_builder *b, struct ota_hashout *o, const void *p, size_t n)
{
	const uint8_t *q = p;
	size_t k;
	int r;

	do {
		k = n < OTA_IOBUF ? n : OTA_IOBUF;
		if (ota__hashout(o, q, k) != 0)
			return o->err == OTA_E_IO ? ota__builder_err(b, OTA_E_IO, "write failed: %s",
			    strerror(errno)) : ota__builder_err(b, o->err, "AES-MMO: %s", ota_strerror(o->err));
		if ((r = progress(b, k, 0)) != OTA_OK)
			return r;
		q += k;
		n -= k;
	} while (n > 0);
	return OTA_OK;
}

size_t
ota__header_encode(const struct ota_hdr *h, uint16_t fc, uint16_t header_length, uint32_t total,
    uint8_t out[OTA__HDR_KNOWN_MAX])
{
	size_t n = OTA_HEADER_MIN;

	memset(out, 0, OTA__HDR_KNOWN_MAX);
	ota__put_u32le(out, OTA_FILE_ID);
	ota__put_u16le(out + 4, h->header_version);
	ota__put_u16le(out + 6, header_length);
	ota__put_u16le(out + 8, fc);
	ota__put_u16le(out + 10, h->manufacturer_code);
	ota__put_u16le(out + 12, h->image_type);
	ota__put_u32le(out + 14, h->file_version);
	ota__put_u16le(out + 18, h->stack_version);
	memcpy(out + 20, h->header_string, OTA_HEADER_STRING_LEN);
	ota__put_u32le(out + 52, total);
	if (fc & OTA_FC_SECURITY_CREDENTIAL)
		out[n++] = h->security_credential;
	if (fc & OTA_FC_DESTINATION) {
		ota__put_u32le(out + n, (uint32_t)(h->destination & 0xffffffffu));
		ota__put_u32le(out + n + 4, (uint32_t)(h->destination >> 32));
		n += 8;
	}
	if (fc & OTA_FC_HW_VERSIONS) {
		ota__put_u16le(out + n, h->hw_min);
		ota__put_u16le(out + n + 2, h->hw_max);
		n += 4;
	}
	return n;
}

static int
emit_header(struct ota_builder *b, struct ota_hashout *o, uint32_t total)
{
	uint8_t h[OTA__HDR_KNOWN_MAX];
	size_t n = ota__header_encode(&b->h, b->fc, (uint16_t)ota__header_len_for_fc(b->fc), total, h);

	return emit(b, o, h, n);
}

/* One element: its header, then its data; with outfd >= 0 (the sink is that
 * regular file and no hash needs the bytes) the kernel copies what it can. */
static int
emit_source(struct ota_builder *b, struct ota_hashout *o, struct bsrc *s, uint8_t *buf, int outfd)
{
	uint8_t eh[6];
	uint64_t done = 0, want, got;
	ssize_t n;
	int r;

	ota__put_u16le(eh, s->tag);
	ota__put_u32le(eh + 2, (uint32_t)s->size);
	if (b->format != OTA_FORMAT_GBCS && (r = emit(b, o, eh, sizeof(eh))) != OTA_OK)
		return r;
	if (s->kind == SRC_MEM)
		return emit(b, o, s->mem, s->memlen);
	if (outfd >= 0 && o->mmo == NULL) {
		do { /* in chunks, each reported */
			want = s->size - done < KCHUNK ? s->size - done : KCHUNK;
			got = ota__copy_kernel(s->cur, s->curoff + done, outfd, want);
			done += got;
			if ((r = progress(b, got, 0)) != OTA_OK)
				return r;
		} while (got == want && done < s->size);
	}
	while (done < s->size) {
		size_t len = s->size - done < OTA_IOBUF ? (size_t)(s->size - done) : OTA_IOBUF;

		n = pread(s->cur, buf, len, (off_t)(s->curoff + done));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return ota__builder_err(b, OTA_E_IO, "reading tag 0x%04X input: %s", s->tag, strerror(errno));
		if (n == 0)
			return ota__builder_err(b, OTA_E_IO, "tag 0x%04X input shrank while it was read "
			    "(%llu bytes missing)", s->tag, (unsigned long long)(s->size - done));
		if ((r = emit(b, o, buf, (size_t)n)) != OTA_OK)
			return r;
		done += (uint64_t)n;
	}
	return OTA_OK;
}

/* outfd: the descriptor behind fn and ctx when it is a regular file that
 * nothing else buffers for (the atomic output file), else -1. */
static int
builder_write(struct ota_builder *b, ota_write_fn fn, void *ctx, int outfd)
{
	struct ota_mmo mmo;
	struct ota_hashout o = { fn, ctx, NULL, OTA_OK };
	uint8_t *buf = NULL, code[6 + 16];
	uint64_t total = 0;
	size_t i;
	int r;

	if ((r = b_check(b, fn != NULL, "NULL write function")) != OTA_OK)
		return r;
	memset(&mmo, 0, sizeof(mmo));
	if ((r = header_checks(b)) != OTA_OK)
		return r;
	if (b->format == OTA_FORMAT_GBCS && (b->nsrc != 1 || b->iic))
		return ota__builder_err(b, OTA_E_INVAL, "a GBCS upgrade image holds exactly one Manufacturer "
		    "Image and no integrity code");
	/* every input is sized (and a pipe spooled) before the first byte goes out */
	if ((r = ota__builder_open_sources(b)) != OTA_OK)
		return r;
	if ((r = element_checks(b)) != OTA_OK || (r = compute_total(b, &total, 1)) != OTA_OK)
		goto out;
	if ((buf = malloc(OTA_IOBUF)) == NULL) {
		r = ota__builder_err(b, OTA_E_NOMEM, "out of memory");
		goto out;
	}
	if (b->iic) {
		if ((r = ota__mmo_setup_env(&mmo, &b->env)) != OTA_OK || (r = ota_mmo_init(&mmo)) != OTA_OK)
			goto out;
		o.mmo = &mmo;
	}
	ota__prog_start(&b->prog, total);
	if ((r = emit_header(b, &o, (uint32_t)total)) != OTA_OK)
		goto out;
	for (i = 0; i < b->nsrc; i++)
		if ((r = emit_source(b, &o, &b->src[i], buf, outfd)) != OTA_OK)
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
	if (r == OTA_OK)
		r = progress(b, 0, 1);
out:
	if (b->iic)
		ota__mmo_teardown(&mmo);
	free(buf);
	ota__builder_close_sources(b);
	return r;
}

int
ota_builder_write(struct ota_builder *b, ota_write_fn fn, void *ctx)
{
	return builder_write(b, fn, ctx, -1);
}

int
ota_builder_write_output(struct ota_builder *b, struct ota_output *out)
{
	int r;

	if ((r = b_check(b, out != NULL, "NULL output")) != OTA_OK || out == NULL)
		return r;
	/* the output's descriptor lets element data be copied in the kernel */
	return builder_write(b, ota_output_write, out, ota__output_fd(out));
}

int
ota_builder_write_path(struct ota_builder *b, const char *path)
{
	struct ota_atomic a;
	int r;

	if ((r = b_check(b, path != NULL, "NULL path")) != OTA_OK)
		return r;
	if ((r = ota__atomic_open(&a, path)) != OTA_OK)
		return ota__builder_err(b, r, "cannot create a temporary file beside %s: %s", path,
		    strerror(errno));
	if ((r = builder_write(b, ota__atomic_write, &a, a.fd)) != OTA_OK) {
		ota__atomic_abort(&a);
		return r;
	}
	if ((r = ota__atomic_commit(&a)) != OTA_OK)
		return ota__builder_err(b, r, "cannot write %s: %s", path, strerror(errno));
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
