/* write.c - writing a Matter OTA image as ota_image_tool.py create does.
 * Into a seekable file (ota_matter_writer_write_output): ONE pass.  The
 * header's length is known before the payload is read (every field is given,
 * the digest's length follows from its type, the payload size from the parts'
 * sizes), so the fixed header and the TLV header go out with a placeholder
 * digest, then the payload, and the real header is then written at its
 * offset (pwrite).  The digest runs on a second thread (struct hashq): the
 * kernel copies regular files while that thread reads them again, or the
 * payload goes through a ring of aligned buffers, written while the buffer
 * before is digested; every WCHUNK bytes the output's writeback is started
 * (sync_file_range), so the commit's fsync has little left to wait for.
 * A part of unknown size (a pipe) is written after a header sized for the
 * largest payload size; when the real header is shorter, the payload is
 * moved down in the file (a second pass over the output only).
 * Into a stream (ota_matter_writer_write, or an output that cannot be
 * rewritten): the parts are read twice, for the digest and then to copy.
 * Memory: NSLOT fixed buffers, whatever the payload size. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "matter/matter_private.h"

#define WBUF (1024u * 1024u) /* the I/O buffer */
#define WALIGN 4096u          /* its alignment (a page) */
#define WCHUNK ((uint64_t)32 << 20) /* kernel copies, each then sent to disk */
#define NSLOT 3u              /* the ring of I/O buffers (see struct hashq) */
/* the encoded header, after the buffers (off the stack: the sanitizers'
 * frames stay under -Wframe-larger-than) */
#define HBUF (OTA_MATTER_FIXED_LEN + OTA_MATTER_HEADER_MAX + 1)

struct part {
	char *path;
	uint64_t off, len;
	int fd;
	int unknown; /* a pipe or other stream: len is not known until its end */
	struct timespec mt, ct; /* a regular file's times and size when opened */
	off_t size;
};

struct ota_matter_writer {
	uint32_t magic;
	struct ota_env env;
	struct ota_matter_header h;
	int have_header, short_ok, written;
	struct part *v;
	size_t n;
	char errmsg[OTA_MSG_LEN];
};

static int
werr(struct ota_matter_writer *w, int err, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int
werr(struct ota_matter_writer *w, int err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ota__vformat(w->errmsg, sizeof(w->errmsg), fmt, ap);
	va_end(ap);
	return err;
}

static int
wok(const struct ota_matter_writer *w)
{
	return w != NULL && w->magic == OTA_MATTER_WRITER_MAGIC;
}

struct ota_matter_writer *
ota_matter_writer_new_ctx(const struct ota_ctx *ctx)
{
	struct ota_env env;
	struct ota_matter_writer *w;

	ota__env_from(&env, ctx);
	if ((w = ota__zalloc(&env, sizeof(*w))) == NULL)
		return NULL;
	w->magic = OTA_MATTER_WRITER_MAGIC;
	w->env = env;
	return w;
}

struct ota_matter_writer *
ota_matter_writer_new(void)
{
	return ota_matter_writer_new_ctx(NULL);
}

void
ota_matter_writer_free(struct ota_matter_writer **wp)
{
	struct ota_matter_writer *w;
	size_t i;

	if (wp == NULL || (w = *wp) == NULL || !wok(w))
		return;
	for (i = 0; i < w->n; i++)
		ota__free(&w->env, w->v[i].path);
	ota__free(&w->env, w->v);
	w->magic = 0;
	ota__free(&w->env, w);
	*wp = NULL;
}

const char *
ota_matter_writer_errmsg(const struct ota_matter_writer *w)
{
	return wok(w) ? w->errmsg : "invalid Matter writer handle";
}

int
ota_matter_writer_set_header(struct ota_matter_writer *w, const struct ota_matter_header *h)
{
	if (!wok(w) || h == NULL)
		return OTA_E_INVAL;
	w->h = *h;
	w->h.version_string[OTA_MATTER_VSTRING_MAX] = '\0';
	w->h.release_notes_url[OTA_MATTER_URL_MAX] = '\0';
	w->have_header = 1;
	return OTA_OK;
}

int
ota_matter_writer_allow_short_digest(struct ota_matter_writer *w, int yes)
{
	if (!wok(w))
		return OTA_E_INVAL;
	w->short_ok = yes != 0;
	return OTA_OK;
}

int
ota_matter_writer_add_payload(struct ota_matter_writer *w, const char *path, uint64_t off,
    uint64_t len)
{
	struct part *v;
	size_t n;

	if (!wok(w) || path == NULL)
		return OTA_E_INVAL;
	if (w->n >= 4096)
		return werr(w, OTA_E_LIMIT, "more than 4096 payload parts");
	if ((v = ota__realloc(&w->env, w->v, (w->n + 1) * sizeof(*v))) == NULL)
		return werr(w, OTA_E_NOMEM, "out of memory");
	w->v = v;
	n = strlen(path) + 1;
	if ((v[w->n].path = ota__alloc(&w->env, n)) == NULL)
		return werr(w, OTA_E_NOMEM, "out of memory");
	memcpy(v[w->n].path, path, n);
	v[w->n].off = off;
	v[w->n].len = len;
	v[w->n].fd = -1;
	w->n++;
	return OTA_OK;
}

int
ota_matter_writer_header(const struct ota_matter_writer *w, struct ota_matter_header *h)
{
	if (!wok(w) || h == NULL || !w->written)
		return OTA_E_INVAL;
	*h = w->h;
	return OTA_OK;
}

/* Open every part and learn its length; with streams (a pipe may be read
 * once, from its start, to its end), *unknown says some length is not known. */
static int
open_parts(struct ota_matter_writer *w, int streams, uint64_t *total, int *unknown)
{
	struct stat st;
	struct part *p;
	size_t i;

	*total = 0;
	*unknown = 0;
	for (i = 0; i < w->n; i++) {
		p = &w->v[i];
		p->unknown = 0;
		if ((p->fd = open(p->path, O_RDONLY | O_CLOEXEC)) < 0)
			return werr(w, OTA_E_IO, "%s: %s", p->path, strerror(errno));
		if (fstat(p->fd, &st) != 0)
			return werr(w, OTA_E_IO, "%s: %s", p->path, strerror(errno));
		if (!S_ISREG(st.st_mode) && streams && p->off == 0 && p->len == UINT64_MAX) {
			p->unknown = *unknown = 1;
			continue;
		}
		p->mt = st.st_mtim;
		p->ct = st.st_ctim;
		p->size = st.st_size;
		if (!S_ISREG(st.st_mode))
			return werr(w, OTA_E_UNSUPPORTED, "%s: not a regular file (the payload is "
			    "read twice when the output is not a seekable file)", p->path);
		if (p->off > (uint64_t)st.st_size)
			return werr(w, OTA_E_RANGE, "%s: offset %llu is past its end (%llu bytes)",
			    p->path, (unsigned long long)p->off, (unsigned long long)st.st_size);
		if (p->len == UINT64_MAX)
			p->len = (uint64_t)st.st_size - p->off;
		else if (p->len > (uint64_t)st.st_size - p->off)
			return werr(w, OTA_E_TRUNCATED, "%s: %llu bytes from offset %llu run past its "
			    "end (%llu bytes)", p->path, (unsigned long long)p->len,
			    (unsigned long long)p->off, (unsigned long long)st.st_size);
		if (*total + p->len < *total)
			return werr(w, OTA_E_RANGE, "the payload is over 2^64 bytes");
		*total += p->len;
	}
	return OTA_OK;
}

/* Read twice (the copy, the digest), a part must not have changed meanwhile. */
static int
parts_unchanged(struct ota_matter_writer *w)
{
	struct stat st;
	const struct part *p;
	size_t i;

	for (i = 0; i < w->n; i++) {
		p = &w->v[i];
		if (fstat(p->fd, &st) != 0)
			return werr(w, OTA_E_IO, "%s: %s", p->path, strerror(errno));
		if (st.st_size != p->size || st.st_mtim.tv_sec != p->mt.tv_sec ||
		    st.st_mtim.tv_nsec != p->mt.tv_nsec || st.st_ctim.tv_sec != p->ct.tv_sec ||
		    st.st_ctim.tv_nsec != p->ct.tv_nsec)
			return werr(w, OTA_E_IO, "%s: it changed while being read", p->path);
	}
	return OTA_OK;
}

static void
close_parts(struct ota_matter_writer *w)
{
	size_t i;

	for (i = 0; i < w->n; i++) {
		if (w->v[i].fd >= 0)
			(void)close(w->v[i].fd);
		w->v[i].fd = -1;
	}
}

/* Start writing fd's dirty pages to disk now, without waiting: the fsync of
 * the atomic output's commit then has little left to wait for, and the
 * disk works while the payload is still being copied and digested. */
static void
writeback(int fd)
{
#ifdef HAVE_SYNC_FILE_RANGE
	(void)sync_file_range(fd, 0, 0, SYNC_FILE_RANGE_WRITE);
#else
	(void)fd;
#endif
}

/* Read every part once: into the digest (md not NULL) or to write; with
 * outfd (not -1), copied in the kernel where it can. */
static int
each(struct ota_matter_writer *w, uint8_t *buf, void *md, ota_write_fn write, void *ctx,
    int outfd)
{
	struct part *p;
	uint64_t left, at, got, want64;
	size_t want, i;
	ssize_t k;

	for (i = 0; i < w->n; i++) {
		p = &w->v[i];
		left = p->len;
		at = p->off;
		while (outfd >= 0 && md == NULL && left > 0) {
			want64 = left > WCHUNK ? WCHUNK : left;
			got = ota__copy_kernel(p->fd, at, outfd, want64);
			left -= got;
			at += got;
			writeback(outfd);
			if (got < want64)
				break; /* the rest through buf */
		}
		for (; left > 0; left -= (uint64_t)k, at += (uint64_t)k) {
			want = left > WBUF ? WBUF : (size_t)left;
			k = pread(p->fd, buf, want, (off_t)at);
			if (k < 0 && errno == EINTR) {
				k = 0;
				continue;
			}
			if (k < 0)
				return werr(w, OTA_E_IO, "%s: %s", p->path, strerror(errno));
			if (k == 0)
				return werr(w, OTA_E_TRUNCATED, "%s: it ended at offset %llu while being "
				    "read (changed since it was measured)", p->path,
				    (unsigned long long)at);
			if (md != NULL && EVP_DigestUpdate(md, buf, (size_t)k) != 1)
				return werr(w, OTA_E_CRYPTO, "hashing failed");
			if (write != NULL && write(ctx, buf, (size_t)k) != 0)
				return werr(w, OTA_E_IO, "writing the image failed");
		}
	}
	return OTA_OK;
}

/* The fixed header and the TLV header of w->h into hdr; *len their length. */
static int
encode_all(struct ota_matter_writer *w, uint8_t *hdr, size_t *len)
{
	uint64_t total;
	size_t tlen;
	int r;

	*len = 0;
	if ((r = ota_matter_header_encode(&w->h, hdr + OTA_MATTER_FIXED_LEN, OTA_MATTER_HEADER_MAX,
	    &tlen)) != OTA_OK)
		return werr(w, r, "the TLV header is over %u bytes", OTA_MATTER_HEADER_MAX);
	total = w->h.payload_size + OTA_MATTER_FIXED_LEN + tlen;
	ota__put_u32le(hdr, OTA_MATTER_FILE_ID);
	ota__put_u32le(hdr + 4, (uint32_t)total);
	ota__put_u32le(hdr + 8, (uint32_t)(total >> 32));
	ota__put_u32le(hdr + 12, (uint32_t)tlen);
	*len = OTA_MATTER_FIXED_LEN + tlen;
	return OTA_OK;
}

/* All of p[0..n) to fd: at its position (at < 0) or at offset at. */
static int
put(int fd, const uint8_t *p, size_t n, off_t at)
{
	ssize_t k;

	while (n > 0) {
		k = at < 0 ? write(fd, p, n) : pwrite(fd, p, n, at);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return -1;
		p += k;
		n -= (size_t)k;
		if (at >= 0)
			at += (off_t)k;
	}
	return 0;
}

/* Fill buf[*fill..cap) from the parts, going on from part *pi, *c bytes
 * into it; *fill < cap only when every part is done.  A part of unknown
 * length is read to its end and gets its length. */
static int
fill_buf(struct ota_matter_writer *w, uint8_t *buf, size_t cap, size_t *fill, size_t *pi,
    uint64_t *c)
{
	struct part *p;
	size_t want;
	ssize_t k;

	while (*fill < cap && *pi < w->n) {
		p = &w->v[*pi];
		if (!p->unknown && *c == p->len) {
			(*pi)++;
			*c = 0;
			continue;
		}
		want = cap - *fill;
		if (!p->unknown && p->len - *c < want)
			want = (size_t)(p->len - *c);
		k = p->unknown ? read(p->fd, buf + *fill, want) :
		    pread(p->fd, buf + *fill, want, (off_t)(p->off + *c));
		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0)
			return werr(w, OTA_E_IO, "%s: %s", p->path, strerror(errno));
		if (k == 0 && !p->unknown)
			return werr(w, OTA_E_TRUNCATED, "%s: it ended at offset %llu while being "
			    "read (changed since it was measured)", p->path,
			    (unsigned long long)(p->off + *c));
		if (k == 0) {
			p->len = *c;
			p->unknown = 0;
			continue;
		}
		*fill += (size_t)k;
		*c += (uint64_t)k;
	}
	return OTA_OK;
}

/* Move n bytes of fd from offset src down to dst (< src), forward. */
static int
move_down(struct ota_matter_writer *w, int fd, uint8_t *buf, off_t src, off_t dst, uint64_t n)
{
	size_t want;
	ssize_t k;

	while (n > 0) {
		want = n > WBUF ? WBUF : (size_t)n;
		k = pread(fd, buf, want, src);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0 || put(fd, buf, (size_t)k, dst) != 0)
			return werr(w, OTA_E_IO, "moving the payload in the image failed: %s",
			    k == 0 ? "short read" : strerror(errno));
		src += (off_t)k;
		dst += (off_t)k;
		n -= (uint64_t)k;
	}
	return OTA_OK;
}

/* The payload digest on a second thread, so that it overlaps the I/O (issue
 * 13: create within 1.3x cp).  Two ways:
 * - ring (any part, pipes too): the caller's thread reads buffer k of a ring
 *   of NSLOT and writes it while this thread digests buffer k-1; exactly the
 *   bytes written are hashed;
 * - parts (every part a regular file of known length): the caller's thread
 *   copies the parts in the kernel (copy_file_range) while this thread
 *   preads them into its own buffer and digests them.
 * Only the digest runs there: no callback, no allocation, no errmsg (the
 * caller's thread writes the message from err/eno/epart/eat after the
 * join).  When no thread can be made, the same work runs inline. */
struct hashq {
	pthread_mutex_t mu;
	pthread_cond_t cv;       /* a buffer given, a buffer hashed, or stop */
	pthread_t t;
	int threaded;
	void *md;
	const uint8_t *p[NSLOT]; /* ring: the buffers given, in turn */
	size_t len[NSLOT];
	uint64_t sent, done;     /* ring: buffers given, buffers hashed */
	int stop, abort;         /* no more buffers; give up now */
	const struct part *parts; /* parts: the parts and the thread's buffer */
	size_t nparts;
	uint8_t *buf;
	int err, eno;            /* the outcome (read after the join) */
	size_t epart;
	uint64_t eat;
};

static int
hq_aborted(struct hashq *q)
{
	int a;

	if (!q->threaded)
		return 0;
	(void)pthread_mutex_lock(&q->mu);
	a = q->abort;
	(void)pthread_mutex_unlock(&q->mu);
	return a;
}

/* parts: read every part again and digest it. */
static void
hq_parts(struct hashq *q)
{
	const struct part *p;
	uint64_t left, at;
	size_t i, want;
	ssize_t k;

	for (i = 0; i < q->nparts; i++) {
		p = &q->parts[i];
		for (left = p->len, at = p->off; left > 0; left -= (uint64_t)k, at += (uint64_t)k) {
			if (hq_aborted(q))
				return;
			want = left > WBUF ? WBUF : (size_t)left;
			k = pread(p->fd, q->buf, want, (off_t)at);
			if (k < 0 && errno == EINTR) {
				k = 0;
				continue;
			}
			if (k <= 0) {
				q->err = k < 0 ? OTA_E_IO : OTA_E_TRUNCATED;
				q->eno = k < 0 ? errno : 0;
				q->epart = i;
				q->eat = at;
				return;
			}
			if (EVP_DigestUpdate(q->md, q->buf, (size_t)k) != 1) {
				q->err = OTA_E_CRYPTO;
				return;
			}
		}
	}
}

static void *
hq_main(void *arg)
{
	struct hashq *q = arg;
	const uint8_t *p;
	size_t n;
	int bad = 0;

	if (q->parts != NULL) {
		hq_parts(q);
		return NULL;
	}
	(void)pthread_mutex_lock(&q->mu);
	for (;;) {
		while (q->done == q->sent && !q->stop && !q->abort)
			(void)pthread_cond_wait(&q->cv, &q->mu);
		if (q->abort || q->done == q->sent)
			break;
		p = q->p[q->done % NSLOT];
		n = q->len[q->done % NSLOT];
		(void)pthread_mutex_unlock(&q->mu);
		if (!bad && n > 0 && EVP_DigestUpdate(q->md, p, n) != 1)
			bad = 1;
		(void)pthread_mutex_lock(&q->mu);
		q->done++;
		(void)pthread_cond_broadcast(&q->cv);
	}
	(void)pthread_mutex_unlock(&q->mu);
	if (bad)
		q->err = OTA_E_CRYPTO;
	return NULL;
}

/* Start the thread: ring mode when parts is NULL. */
static int
hq_start(struct hashq *q, void *md, const struct part *parts, size_t nparts, uint8_t *buf)
{
	memset(q, 0, sizeof(*q));
	q->md = md;
	q->parts = parts;
	q->nparts = nparts;
	q->buf = buf;
	if (pthread_mutex_init(&q->mu, NULL) != 0)
		return OTA_E_NOMEM;
	if (pthread_cond_init(&q->cv, NULL) != 0) {
		(void)pthread_mutex_destroy(&q->mu);
		return OTA_E_NOMEM;
	}
	/* set before the thread starts (it reads it); no thread (EAGAIN):
	 * the same work inline, in turn */
	q->threaded = 1;
	if (pthread_create(&q->t, NULL, hq_main, q) != 0)
		q->threaded = 0;
	return OTA_OK;
}

/* ring: give p[0..n) to the digest (it must stay untouched until
 * hq_wait frees its slot). */
static void
hq_put(struct hashq *q, const uint8_t *p, size_t n)
{
	if (!q->threaded) {
		if (q->err == OTA_OK && n > 0 && EVP_DigestUpdate(q->md, p, n) != 1)
			q->err = OTA_E_CRYPTO;
		q->sent++;
		return;
	}
	(void)pthread_mutex_lock(&q->mu);
	q->p[q->sent % NSLOT] = p;
	q->len[q->sent % NSLOT] = n;
	q->sent++;
	(void)pthread_cond_broadcast(&q->cv);
	(void)pthread_mutex_unlock(&q->mu);
}

/* ring: the next buffer, slot[sent % NSLOT], once the digest is done with
 * its last use. */
static uint8_t *
hq_next(struct hashq *q, uint8_t *slot)
{
	uint64_t k;

	if (q->threaded) {
		(void)pthread_mutex_lock(&q->mu);
		while (q->sent - q->done >= NSLOT)
			(void)pthread_cond_wait(&q->cv, &q->mu);
		k = q->sent;
		(void)pthread_mutex_unlock(&q->mu);
	} else {
		k = q->sent;
	}
	return slot + (size_t)(k % NSLOT) * WBUF;
}

/* Wait for the digest to end (abort: give up what is left), join, free;
 * q->err then says how it went. */
static void
hq_end(struct hashq *q, int abort)
{
	if (q->threaded) {
		(void)pthread_mutex_lock(&q->mu);
		q->stop = 1;
		q->abort = abort;
		(void)pthread_cond_broadcast(&q->cv);
		(void)pthread_mutex_unlock(&q->mu);
		(void)pthread_join(q->t, NULL);
	} else if (q->parts != NULL && !abort) {
		hq_parts(q);
	}
	(void)pthread_cond_destroy(&q->cv);
	(void)pthread_mutex_destroy(&q->mu);
}

/* The message for a failed digest (after hq_end). */
static int
hq_err(struct ota_matter_writer *w, const struct hashq *q)
{
	const struct part *p = q->parts != NULL ? &q->parts[q->epart] : NULL;

	if (q->err == OTA_E_IO && p != NULL)
		return werr(w, OTA_E_IO, "%s: %s", p->path, strerror(q->eno));
	if (q->err == OTA_E_TRUNCATED && p != NULL)
		return werr(w, OTA_E_TRUNCATED, "%s: it ended at offset %llu while being read "
		    "(changed since it was measured)", p->path, (unsigned long long)q->eat);
	return werr(w, OTA_E_CRYPTO, "hashing failed");
}

static int
fdwrite(void *ctx, const void *p, size_t n)
{
	return put(*(const int *)ctx, p, n, -1);
}

/* One pass into fd, a seekable file (see the top of the file), with the
 * NSLOT buffers at slot and the header's HBUF bytes after them. */
static int
onepass(struct ota_matter_writer *w, uint8_t *slot, void *md, int fd, uint64_t total,
    int unknown)
{
	uint8_t *hdr = slot + NSLOT * WBUF;
	struct hashq q;
	uint8_t *buf = slot;
	size_t hlen0, hlen, fill, start, pi = 0;
	uint64_t c = 0, got = 0;
	off_t pos0;
	int r = OTA_OK;

	if ((pos0 = lseek(fd, 0, SEEK_CUR)) < 0)
		return werr(w, OTA_E_IO, "the output: %s", strerror(errno));
	/* the largest payload size when a part's length is not known yet */
	w->h.payload_size = unknown ? UINT64_MAX : total;
	if ((r = encode_all(w, hdr, &hlen0)) != OTA_OK)
		return r;
	/* its digest a placeholder (zeros), rewritten at the end */
	if (!unknown) {
		/* regular files: copied in the kernel while the thread digests them */
		if (put(fd, hdr, hlen0, -1) != 0)
			return werr(w, OTA_E_IO, "writing the image failed: %s", strerror(errno));
		if (hq_start(&q, md, w->v, w->n, slot + WBUF) != OTA_OK)
			return werr(w, OTA_E_NOMEM, "out of memory");
		r = each(w, slot, NULL, fdwrite, &fd, fd);
		got = total;
	} else {
		/* read into the ring, written while the thread digests */
		if (hq_start(&q, md, NULL, 0, NULL) != OTA_OK)
			return werr(w, OTA_E_NOMEM, "out of memory");
		memcpy(buf, hdr, hlen0);
		fill = start = hlen0;
		for (;;) {
			if ((r = fill_buf(w, buf, WBUF, &fill, &pi, &c)) != OTA_OK)
				break;
			hq_put(&q, buf + start, fill - start);
			got += fill - start;
			if (fill > 0 && put(fd, buf, fill, -1) != 0) {
				r = werr(w, OTA_E_IO, "writing the image failed: %s", strerror(errno));
				break;
			}
			if ((got & (WCHUNK - 1)) < fill - start)
				writeback(fd); /* every WCHUNK bytes */
			if (fill < WBUF)
				break;
			fill = start = 0;
			buf = hq_next(&q, slot);
		}
	}
	hq_end(&q, r != OTA_OK); /* every path joins the thread */
	if (r != OTA_OK)
		return r;
	if (q.err != OTA_OK)
		return hq_err(w, &q);
	if (q.parts != NULL && (r = parts_unchanged(w)) != OTA_OK)
		return r;
	if (ota__matter_md_final(md, w->h.digest_type, w->h.digest) != OTA_OK)
		return werr(w, OTA_E_CRYPTO, "hashing failed");
	w->h.payload_size = got;
	if ((r = encode_all(w, hdr, &hlen)) != OTA_OK)
		return r;
	if (hlen > hlen0)
		return werr(w, OTA_E_STATE, "the header grew from %zu to %zu bytes", hlen0, hlen);
	if (hlen < hlen0) {
		if ((r = move_down(w, fd, slot, pos0 + (off_t)hlen0, pos0 + (off_t)hlen, got)) !=
		    OTA_OK)
			return r;
		if (ftruncate(fd, pos0 + (off_t)(hlen + got)) != 0 ||
		    lseek(fd, pos0 + (off_t)(hlen + got), SEEK_SET) < 0)
			return werr(w, OTA_E_IO, "the output: %s", strerror(errno));
	}
	if (put(fd, hdr, hlen, pos0) != 0)
		return werr(w, OTA_E_IO, "writing the image failed: %s", strerror(errno));
	return OTA_OK;
}

/* Two passes into a stream: the digest, the header, then the parts again
 * (buf as in onepass). */
static int
twopass(struct ota_matter_writer *w, uint8_t *buf, void *md, ota_write_fn write, void *ctx,
    int outfd, uint64_t total)
{
	uint8_t *hdr = buf + NSLOT * WBUF;
	size_t hlen;
	int r;

	if ((r = each(w, buf, md, NULL, NULL, -1)) != OTA_OK)
		return r;
	if (ota__matter_md_final(md, w->h.digest_type, w->h.digest) != OTA_OK)
		return werr(w, OTA_E_CRYPTO, "hashing failed");
	w->h.payload_size = total;
	if ((r = encode_all(w, hdr, &hlen)) != OTA_OK)
		return r;
	if (write(ctx, hdr, hlen) != 0)
		return werr(w, OTA_E_IO, "writing the image failed");
	return each(w, buf, NULL, write, ctx, outfd);
}

/* May the image be written at fd's position and then rewritten in place?
 * A regular file, not appending. */
static int
seekable(int fd)
{
	struct stat st;
	int fl;

	return fd >= 0 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
	    (fl = fcntl(fd, F_GETFL)) >= 0 && !(fl & O_APPEND) && lseek(fd, 0, SEEK_CUR) >= 0;
}

static int
wwrite(struct ota_matter_writer *w, ota_write_fn write, void *ctx, int outfd)
{
	struct ota_errq q;
	uint8_t *mem = NULL, *buf;
	uint64_t total;
	size_t dl;
	void *md = NULL;
	int r, one, unknown;

	if (!wok(w) || write == NULL)
		return OTA_E_INVAL;
	w->written = 0;
	w->errmsg[0] = '\0';
	if (!w->have_header)
		return werr(w, OTA_E_STATE, "no header set (ota_matter_writer_set_header)");
	dl = ota_matter_digest_len(w->h.digest_type);
	if (dl != 0 && dl < 32 && !w->short_ok)
		return werr(w, OTA_E_MATTER_ATTR, "digest type %u (%s) is %zu bits: below 256 bits, "
		    "not written unless allowed", (unsigned)w->h.digest_type,
		    ota_matter_digest_name(w->h.digest_type), dl * 8);
	w->h.digest_len = dl;
	memset(w->h.digest, 0, sizeof(w->h.digest));
	if ((r = ota_matter_header_check(&w->h, w->errmsg, sizeof(w->errmsg))) != OTA_OK)
		return r;
	if (w->n == 0)
		return werr(w, OTA_E_INVAL, "no payload file");
	if ((mem = ota__alloc(&w->env, NSLOT * WBUF + HBUF + WALIGN)) == NULL)
		return werr(w, OTA_E_NOMEM, "out of memory");
	buf = mem + (WALIGN - (uintptr_t)mem % WALIGN) % WALIGN;
	one = seekable(outfd);
	if ((r = open_parts(w, one, &total, &unknown)) != OTA_OK)
		goto out;
	ota__ssl_mark(&q);
	md = ota__matter_md_start(&w->env, w->h.digest_type);
	ota__ssl_done(&q, md == NULL ? OTA_E_CRYPTO : OTA_OK, w->errmsg, sizeof(w->errmsg),
	    "cannot start %s", ota_matter_digest_name(w->h.digest_type));
	if (md == NULL) {
		r = OTA_E_CRYPTO;
		goto out;
	}
	r = one ? onepass(w, buf, md, outfd, total, unknown) :
	    twopass(w, buf, md, write, ctx, outfd, total);
	if (r == OTA_OK)
		w->written = 1;
out:
	EVP_MD_CTX_free(md);
	close_parts(w);
	ota__free(&w->env, mem);
	return r;
}

int
ota_matter_writer_write(struct ota_matter_writer *w, ota_write_fn write, void *ctx)
{
	return wwrite(w, write, ctx, -1);
}

int
ota_matter_writer_write_output(struct ota_matter_writer *w, struct ota_output *out)
{
	if (!wok(w) || out == NULL)
		return OTA_E_INVAL;
	/* the output's descriptor lets the payload be copied in the kernel */
	return wwrite(w, ota_output_write, out, ota__output_fd(out));
}
