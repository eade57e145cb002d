/* reader.c - input through caller callbacks, and the built-in fd, FILE*
 * and memory callbacks that every opener installs. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ota_private.h"

/* ---- fd ---- */
static int
fd_read(void *ctx, void *buf, size_t len, size_t *got)
{
	struct ota_fd_ctx *f = ctx;
	ssize_t r;

	do
		r = read(f->fd, buf, len);
	while (r < 0 && errno == EINTR);
	if (r < 0)
		return -1;
	*got = (size_t)r;
	return 0;
}

static int
fd_seek(void *ctx, uint64_t off)
{
	struct ota_fd_ctx *f = ctx;

	if (off > (uint64_t)INT64_MAX)
		return -1;
	return lseek(f->fd, (off_t)off, SEEK_SET) < 0 ? -1 : 0;
}

static int
fd_size(void *ctx, uint64_t *size)
{
	struct ota_fd_ctx *f = ctx;
	struct stat st;

	if (fstat(f->fd, &st) < 0 || !S_ISREG(st.st_mode) || st.st_size < 0)
		return -1;
	*size = (uint64_t)st.st_size;
	return 0;
}

static void
fd_close(void *ctx)
{
	struct ota_fd_ctx *f = ctx;

	if (f->owned && f->fd >= 0)
		close(f->fd);
	f->fd = -1;
}

const struct ota_io ota__fd_io = { fd_read, fd_seek, fd_size, fd_close };

/* ---- FILE* ---- */
static int
file_read(void *ctx, void *buf, size_t len, size_t *got)
{
	FILE *fp = ctx;

	*got = fread(buf, 1, len, fp);
	return (*got < len && ferror(fp)) ? -1 : 0;
}

static int
file_seek(void *ctx, uint64_t off)
{
	FILE *fp = ctx;

	if (off > (uint64_t)INT64_MAX)
		return -1;
	return fseeko(fp, (off_t)off, SEEK_SET) != 0 ? -1 : 0;
}

static int
file_size(void *ctx, uint64_t *size)
{
	FILE *fp = ctx;
	struct stat st;

	if (fstat(fileno(fp), &st) < 0 || !S_ISREG(st.st_mode) || st.st_size < 0)
		return -1;
	*size = (uint64_t)st.st_size;
	return 0;
}

const struct ota_io ota__FILE_io = { file_read, file_seek, file_size, NULL };

/* ---- memory ---- */
static int
mem_read(void *ctx, void *buf, size_t len, size_t *got)
{
	struct ota_mem_ctx *m = ctx;
	size_t n = m->len - m->pos;

	if (n > len)
		n = len;
	if (n > 0)
		memcpy(buf, m->buf + m->pos, n);
	m->pos += n;
	*got = n;
	return 0;
}

static int
mem_seek(void *ctx, uint64_t off)
{
	struct ota_mem_ctx *m = ctx;

	if (off > m->len)
		return -1;
	m->pos = (size_t)off;
	return 0;
}

static int
mem_size(void *ctx, uint64_t *size)
{
	struct ota_mem_ctx *m = ctx;

	*size = m->len;
	return 0;
}

const struct ota_io ota__mem_io = { mem_read, mem_seek, mem_size, NULL };

/* ---- the reader ---- */
int
ota__rd_init(struct ota_rd *rd, const struct ota_io *io, void *ctx,
    const struct ota_env *env)
{
	uint64_t size;

	if (io == NULL || io->read == NULL)
		return OTA_E_INVAL;
	memset(rd, 0, sizeof(*rd));
	rd->io = *io;
	rd->ctx = ctx;
	rd->env = env;
	rd->open = 1;
	if (io->size != NULL && io->size(ctx, &size) == 0) {
		rd->have_size = 1;
		rd->size = size;
	}
	/* Forward only: no seek, or one that fails (a pipe, a socket). */
	rd->fwd = io->seek == NULL || io->seek(ctx, 0) != 0;
	if (rd->fwd && ((rd->back = ota__alloc(env, OTA_BACK)) == NULL ||
	    (rd->skip = ota__alloc(env, OTA_IOBUF)) == NULL)) {
		ota__free(env, rd->back);
		rd->back = NULL;
		return OTA_E_NOMEM;
	}
	return OTA_OK;
}

void
ota__rd_close(struct ota_rd *rd)
{
	if (rd->open && rd->io.close != NULL)
		rd->io.close(rd->ctx);
	rd->open = 0;
	ota__free(rd->env, rd->head);
	rd->head = NULL;
	rd->headlen = 0;
	ota__free(rd->env, rd->back);
	rd->back = NULL;
	ota__free(rd->env, rd->skip);
	rd->skip = NULL;
}

/* fwd: what the bytes just read at off mean to the ring, the pins and the tap. */
static void
rd_passed(struct ota_rd *rd, uint64_t off, const uint8_t *p, size_t n)
{
	size_t i, a, k;

	for (i = 0; i < rd->npin; i++) {
		struct ota_pin *q = &rd->pin[i];
		uint64_t want = q->off + q->have;

		if (q->have < q->len && want >= off && want < off + n) {
			a = (size_t)(off + n - want) < q->len - q->have ?
			    (size_t)(off + n - want) : q->len - q->have;
			memcpy(q->b + q->have, p + (want - off), a);
			q->have += a;
		}
	}
	if (rd->tap != NULL && rd->taperr == OTA_OK)
		rd->taperr = rd->tap(rd->tapctx, off, p, n);
	for (i = n; i > 0; i--) /* from the end: stops at once on most data */
		if (p[i - 1] != 0) {
			rd->nz_end = off + i;
			break;
		}
	/* the ring keeps the last OTA_BACK bytes */
	if (n > OTA_BACK) {
		p += n - OTA_BACK;
		off += n - OTA_BACK;
		n = OTA_BACK;
	}
	while (n > 0) {
		k = (size_t)(off % OTA_BACK);
		a = OTA_BACK - k < n ? OTA_BACK - k : n;
		memcpy(rd->back + k, p, a);
		p += a;
		off += a;
		n -= a;
	}
}

/* fwd: copy bytes at off (before pos) still held; returns how many. */
static size_t
rd_recall(const struct ota_rd *rd, uint64_t off, uint8_t *buf, size_t len)
{
	size_t i, k, a, n = 0;

	if (off >= rd->pos)
		return 0;
	if (len > rd->pos - off)
		len = (size_t)(rd->pos - off);
	if (off + OTA_BACK >= rd->pos && rd->back != NULL) {
		while (n < len) {
			k = (size_t)((off + n) % OTA_BACK);
			a = OTA_BACK - k < len - n ? OTA_BACK - k : len - n;
			memcpy(buf + n, rd->back + k, a);
			n += a;
		}
		return n;
	}
	for (i = 0; i < rd->npin; i++) {
		const struct ota_pin *q = &rd->pin[i];

		if (off >= q->off && off < q->off + q->have) {
			n = (size_t)(q->off + q->have - off) < len ? (size_t)(q->off + q->have - off) : len;
			memcpy(buf, q->b + (off - q->off), n);
			return n;
		}
	}
	return 0;
}

void
ota__rd_pin(struct ota_rd *rd, uint64_t off, size_t len)
{
	struct ota_pin *q;
	size_t i;

	if (!rd->fwd || len > OTA_PIN_MAX)
		return;
	for (i = 0; i < rd->npin; i++)
		if (rd->pin[i].off == off && rd->pin[i].len == len)
			return;
	if (rd->npin == OTA_PINS)
		return;
	q = &rd->pin[rd->npin++];
	q->off = off;
	q->len = len;
	q->have = 0;
	if (off < rd->pos) {
		/* read already: copy it while the ring holds it */
		q->have = rd_recall(rd, off, q->b, len);
		if (q->have < len && off + q->have < rd->pos) {
			rd->npin--; /* passed and gone */
			return;
		}
	}
}

static int
rd_fill(struct ota_rd *rd, void *buf, size_t len, size_t *got)
{
	uint8_t *p = buf;
	size_t n = 0, g;

	while (n < len) {
		g = 0;
		if (rd->io.read(rd->ctx, p + n, len - n, &g) != 0)
			return OTA_E_IO;
		if (g == 0)
			break;
		if (g > len - n)
			return OTA_E_IO; /* a callback that lies about its count */
		n += g;
	}
	if (rd->fwd) {
		if (n < len)
			rd->eof = 1;
		rd_passed(rd, rd->pos, p, n);
	}
	rd->pos += n;
	*got = n;
	/* the progress callback asked to stop: no more reading */
	return rd->taperr == OTA_E_CANCELLED ? OTA_E_CANCELLED : OTA_OK;
}

static int
rd_goto(struct ota_rd *rd, uint64_t off)
{
	uint8_t tmp[512];
	size_t got;
	int r;

	if (off == rd->pos)
		return OTA_OK;
	if (rd->io.seek != NULL && rd->io.seek(rd->ctx, off) == 0) {
		rd->pos = off;
		return OTA_OK;
	}
	if (off < rd->pos)
		return OTA_E_UNSUPPORTED; /* cannot go back on this input */
	while (rd->pos < off) {
		uint64_t want = off - rd->pos;
		size_t cap = rd->skip != NULL ? OTA_IOBUF : sizeof(tmp);
		size_t w = want < cap ? (size_t)want : cap;

		if ((r = rd_fill(rd, rd->skip != NULL ? rd->skip : tmp, w, &got)) != OTA_OK)
			return r;
		if (got < w)
			return OTA_OK; /* end of input before off */
	}
	return OTA_OK;
}

int
ota__rd_pread(struct ota_rd *rd, uint64_t off, void *buf, size_t len, size_t *got)
{
	size_t n = 0, more;
	int r;

	*got = 0;
	if (rd->taperr == OTA_E_CANCELLED)
		return OTA_E_CANCELLED;
	if (len == 0)
		return OTA_OK;
	if (off == 0 && rd->head == NULL && rd->pos == 0) {
		/* The first read from the start is kept (bounded) for re-reads. */
		if ((r = rd_fill(rd, buf, len, &n)) != OTA_OK)
			return r;
		more = n < OTA_PROBE ? n : OTA_PROBE;
		if ((rd->head = ota__alloc(rd->env, more ? more : 1)) == NULL)
			return OTA_E_NOMEM;
		memcpy(rd->head, buf, more);
		rd->headlen = more;
		rd->head_is_all = n < len && n <= OTA_PROBE;
		*got = n;
		return OTA_OK;
	}
	if (rd->head != NULL && off < rd->headlen) {
		n = rd->headlen - (size_t)off < len ? rd->headlen - (size_t)off : len;
		memcpy(buf, rd->head + off, n);
	}
	if (n == len || (rd->head_is_all && off + n >= rd->headlen))
		goto done;
	while (rd->fwd && n < len && off + n < rd->pos) {
		/* behind the input position: only what is still held */
		more = rd_recall(rd, off + n, (uint8_t *)buf + n, len - n);
		if (more == 0)
			return OTA_E_UNSUPPORTED;
		n += more;
	}
	if (n == len || (rd->fwd && rd->eof))
		goto done;
	if ((r = rd_goto(rd, off + n)) != OTA_OK)
		return r;
	if (rd->pos != off + n)
		goto done; /* the input ended before */
	if ((r = rd_fill(rd, (uint8_t *)buf + n, len - n, &more)) != OTA_OK)
		return r;
	n += more;
done:
	*got = n;
	return OTA_OK;
}

int
ota__rd_size(struct ota_rd *rd, uint64_t *size)
{
	uint8_t tmp[512];
	size_t got;
	int r;

	if (!rd->have_size) {
		/* No size callback: read forward to the end. */
		do {
			if (rd->skip != NULL)
				r = rd_fill(rd, rd->skip, OTA_IOBUF, &got);
			else
				r = rd_fill(rd, tmp, sizeof(tmp), &got);
			if (r != OTA_OK)
				return r;
		} while (got == (rd->skip != NULL ? OTA_IOBUF : sizeof(tmp)));
		rd->have_size = 1;
		rd->size = rd->pos;
	}
	*size = rd->size;
	return OTA_OK;
}

int
ota__copy_range(struct ota_rd *rd, uint64_t off, uint64_t len, ota_write_fn fn, void *ctx)
{
	uint8_t *buf;
	size_t got, want;
	int r = OTA_OK;

	if ((buf = ota__alloc(rd->env, OTA_IOBUF)) == NULL)
		return OTA_E_NOMEM;
	while (len > 0) {
		want = len < OTA_IOBUF ? (size_t)len : OTA_IOBUF;
		if ((r = ota__rd_pread(rd, off, buf, want, &got)) != OTA_OK)
			break;
		if (got < want) {
			r = OTA_E_TRUNCATED;
			break;
		}
		if (fn(ctx, buf, got) != 0) {
			r = OTA_E_IO;
			break;
		}
		off += got;
		len -= got;
		if ((r = ota__prog_add(rd->prog, got)) != OTA_OK)
			break;
	}
	ota__free(rd->env, buf);
	return r;
}

int
ota__rd_zero_tail(const struct ota_rd *rd, uint64_t pos, uint64_t stop, int *yes)
{
	if (!rd->fwd || !rd->eof || stop != rd->pos)
		return OTA_E_UNSUPPORTED;
	*yes = rd->nz_end <= pos;
	return OTA_OK;
}
