/* write.c - writing a Matter OTA image as ota_image_tool.py create does:
 * one read of the payload parts for its size and digest, the fixed header
 * and TLV header, then a second read that copies the parts.  Memory: one
 * fixed buffer, whatever the payload size. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "matter/matter_private.h"

#define WBUF (256u * 1024u)

struct part {
	char *path;
	uint64_t off, len;
	int fd;
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

/* Open every part and learn its length. */
static int
open_parts(struct ota_matter_writer *w, uint64_t *total)
{
	struct stat st;
	struct part *p;
	size_t i;

	*total = 0;
	for (i = 0; i < w->n; i++) {
		p = &w->v[i];
		if ((p->fd = open(p->path, O_RDONLY | O_CLOEXEC)) < 0)
			return werr(w, OTA_E_IO, "%s: %s", p->path, strerror(errno));
		if (fstat(p->fd, &st) != 0 || !S_ISREG(st.st_mode))
			return werr(w, OTA_E_UNSUPPORTED, "%s: not a regular file (the payload is "
			    "read twice)", p->path);
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

/* Read every part once: into the digest (md not NULL) or to write; with
 * outfd (not -1), copied in the kernel where it can. */
static int
each(struct ota_matter_writer *w, uint8_t *buf, void *md, ota_write_fn write, void *ctx,
    int outfd)
{
	struct part *p;
	uint64_t left, at, got;
	size_t want, i;
	ssize_t k;

	for (i = 0; i < w->n; i++) {
		p = &w->v[i];
		left = p->len;
		at = p->off;
		if (outfd >= 0 && md == NULL && left > 0) {
			got = ota__copy_kernel(p->fd, at, outfd, left);
			left -= got;
			at += got;
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

static int
wwrite(struct ota_matter_writer *w, ota_write_fn write, void *ctx, int outfd)
{
	uint8_t fixed[OTA_MATTER_FIXED_LEN], tlv[OTA_MATTER_HEADER_MAX + 1];
	uint8_t *buf = NULL;
	struct ota_errq q;
	uint64_t total;
	size_t tlen, dl;
	void *md = NULL;
	int r;

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
	if ((buf = ota__alloc(&w->env, WBUF)) == NULL)
		return werr(w, OTA_E_NOMEM, "out of memory");
	if ((r = open_parts(w, &total)) != OTA_OK)
		goto out;
	w->h.payload_size = total;
	ota__ssl_mark(&q);
	md = ota__matter_md_start(&w->env, w->h.digest_type);
	ota__ssl_done(&q, md == NULL ? OTA_E_CRYPTO : OTA_OK, w->errmsg, sizeof(w->errmsg),
	    "cannot start %s", ota_matter_digest_name(w->h.digest_type));
	if (md == NULL) {
		r = OTA_E_CRYPTO;
		goto out;
	}
	if ((r = each(w, buf, md, NULL, NULL, -1)) != OTA_OK)
		goto out;
	if (ota__matter_md_final(md, w->h.digest_type, w->h.digest) != OTA_OK) {
		r = werr(w, OTA_E_CRYPTO, "hashing failed");
		goto out;
	}
	if ((r = ota_matter_header_encode(&w->h, tlv, OTA_MATTER_HEADER_MAX, &tlen)) != OTA_OK) {
		r = werr(w, r, "the TLV header is over %u bytes", OTA_MATTER_HEADER_MAX);
		goto out;
	}
	total += OTA_MATTER_FIXED_LEN + tlen;
	ota__put_u32le(fixed, OTA_MATTER_FILE_ID);
	ota__put_u32le(fixed + 4, (uint32_t)total);
	ota__put_u32le(fixed + 8, (uint32_t)(total >> 32));
	ota__put_u32le(fixed + 12, (uint32_t)tlen);
	if (write(ctx, fixed, sizeof(fixed)) != 0 || write(ctx, tlv, tlen) != 0) {
		r = werr(w, OTA_E_IO, "writing the image failed");
		goto out;
	}
	if ((r = each(w, buf, NULL, write, ctx, outfd)) != OTA_OK)
		goto out;
	w->written = 1;
out:
	EVP_MD_CTX_free(md);
	close_parts(w);
	ota__free(&w->env, buf);
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
