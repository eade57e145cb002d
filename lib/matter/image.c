/* image.c - Matter OTA images: the handle and its one pass (fixed header,
 * TLV header, then the payload read once through fixed buffers, digested
 * and optionally written to a sink). */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <openssl/evp.h>

#include "matter/matter_private.h"

static int
seterr(struct ota_matter *m, int err, uint64_t off, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static int
seterr(struct ota_matter *m, int err, uint64_t off, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ota__vformat(m->errmsg, sizeof(m->errmsg), fmt, ap);
	va_end(ap);
	m->erroff = off;
	return err;
}

static int
ok(const struct ota_matter *m)
{
	return m != NULL && m->magic == OTA_MATTER_HANDLE_MAGIC;
}

static int
isopen(const struct ota_matter *m)
{
	return ok(m) && m->state == 1;
}

struct ota_matter *
ota_matter_new_ctx(const struct ota_ctx *ctx)
{
	struct ota_env env;
	struct ota_matter *m;

	ota__env_from(&env, ctx);
	if ((m = ota__zalloc(&env, sizeof(*m))) == NULL)
		return NULL;
	m->magic = OTA_MATTER_HANDLE_MAGIC;
	m->env = env;
	m->diags.env = &m->env;
	return m;
}

struct ota_matter *
ota_matter_new(void)
{
	return ota_matter_new_ctx(NULL);
}

void
ota_matter_free(struct ota_matter **mp)
{
	struct ota_matter *m;

	if (mp == NULL || (m = *mp) == NULL || !ok(m))
		return;
	ota__diag_clear(&m->diags);
	m->magic = 0;
	ota__free(&m->env, m);
	*mp = NULL;
}

const char *
ota_matter_errmsg(const struct ota_matter *m)
{
	return ok(m) ? m->errmsg : "invalid Matter handle";
}

uint64_t
ota_matter_erroffset(const struct ota_matter *m)
{
	return ok(m) ? m->erroff : 0;
}

static uint32_t
le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t
le64(const uint8_t *p)
{
	return (uint64_t)le32(p) | (uint64_t)le32(p + 4) << 32;
}

int
ota_matter_sniff(const void *buf, size_t len)
{
	return buf != NULL && len >= 4 && le32(buf) == OTA_MATTER_FILE_ID;
}

static int
settable(struct ota_matter *m, const char *fn)
{
	if (!ok(m))
		return OTA_E_INVAL;
	if (m->state != 0)
		return seterr(m, OTA_E_STATE, 0, "%s: the handle was opened already", fn);
	return OTA_OK;
}

int
ota_matter_set_file_digest(struct ota_matter *m, unsigned type)
{
	int r;

	if ((r = settable(m, "ota_matter_set_file_digest")) != OTA_OK)
		return r;
	if (type != 0 && !ota_matter_dcl_type_ok(type))
		return seterr(m, OTA_E_MATTER_DIGEST_TYPE, 0, "digest type %u is not one the ledger "
		    "allows (1, 7, 8, 10, 11, 12)", type);
	m->want_file = 1;
	m->file_type = type;
	return OTA_OK;
}

int
ota_matter_set_payload_sink(struct ota_matter *m, ota_write_fn write, void *ctx)
{
	int r;

	if ((r = settable(m, "ota_matter_set_payload_sink")) != OTA_OK)
		return r;
	m->sink = write;
	m->sinkctx = ctx;
	return OTA_OK;
}

int
ota_matter_set_progress(struct ota_matter *m, ota_progress_fn fn, void *arg)
{
	if (!ok(m))
		return OTA_E_INVAL;
	m->prog.fn = fn;
	m->prog.arg = arg;
	return OTA_OK;
}

/* ---- the input: struct ota__src (lib/core/src.c) ---- */
static const char *
fixed_field(uint64_t off)
{
	return off < 4 ? "FileIdentifier (offset 0, 4 bytes)" : off < 12 ?
	    "TotalSize (offset 4, 8 bytes)" : "HeaderSize (offset 12, 4 bytes)";
}

static int
fixed(struct ota_matter *m, struct ota__src *s, uint8_t *f)
{
	size_t got;
	uint32_t id;

	if (ota__src_read(s, f, OTA_MATTER_FIXED_LEN, &got) != OTA_OK)
		return seterr(m, OTA_E_IO, 0, "reading the fixed header failed");
	if (got >= 4 && (id = le32(f)) != OTA_MATTER_FILE_ID)
		return seterr(m, OTA_E_BAD_MAGIC, 0, "FileIdentifier (offset 0) is 0x%08x%s, not "
		    "0x1BEEF11E: not a Matter OTA image", id, id == OTA_FILE_ID ?
		    " (the Zigbee OTA file identifier)" : "");
	if (got < OTA_MATTER_FIXED_LEN)
		return seterr(m, OTA_E_TRUNCATED, got, "the input ends at offset %zu, inside %s of "
		    "the 16-byte fixed header", got, fixed_field(got));
	m->total = le64(f + 4);
	m->hsize = le32(f + 12);
	if (m->hsize > OTA_MATTER_HEADER_MAX)
		return seterr(m, OTA_E_LIMIT, 12, "HeaderSize (offset 12) is %lu, over the SDK "
		    "parser's limit of %u bytes", (unsigned long)m->hsize, OTA_MATTER_HEADER_MAX);
	/* TotalSize agrees with the file: HeaderSize is the field that lies */
	if (s->seekable && m->total == s->size && m->total < (uint64_t)OTA_MATTER_FIXED_LEN +
	    m->hsize)
		return seterr(m, OTA_E_RANGE, 12, "HeaderSize (offset 12) is %lu: the header runs "
		    "past the end of the %llu-byte file (TotalSize agrees with the file)",
		    (unsigned long)m->hsize, (unsigned long long)m->total);
	if (m->total < (uint64_t)OTA_MATTER_FIXED_LEN + m->hsize)
		return seterr(m, OTA_E_TOTAL_SIZE, 4, "TotalSize (offset 4) is %llu, less than the "
		    "16 fixed bytes and HeaderSize %lu", (unsigned long long)m->total,
		    (unsigned long)m->hsize);
	if (s->seekable && m->total != s->size)
		return seterr(m, OTA_E_TOTAL_SIZE, 4, "TotalSize (offset 4) is %llu; the file is "
		    "%llu bytes", (unsigned long long)m->total, (unsigned long long)s->size);
	return OTA_OK;
}

static void
add_diags(struct ota_matter *m)
{
	const struct ota_matter_header *h = &m->h;
	uint64_t at = OTA_MATTER_FIXED_LEN;
	size_t dl = ota_matter_digest_len(h->digest_type);

	if (h->version_string[0] == '\0')
		(void)ota__diag_add(&m->diags, OTA_D_MATTER_EMPTY_STRING, at, "SoftwareVersionString "
		    "is empty (the SDK tool requires 1 to 64 characters)");
	if (h->has_url && h->release_notes_url[0] == '\0')
		(void)ota__diag_add(&m->diags, OTA_D_MATTER_EMPTY_STRING, at, "ReleaseNotesURL is "
		    "empty (the SDK tool requires 1 to 256 characters)");
	if (h->has_url && strncmp(h->release_notes_url, "https://", 8) != 0 &&
	    h->release_notes_url[0] != '\0')
		(void)ota__diag_add(&m->diags, OTA_D_MATTER_URL_NOT_HTTPS, at, "ReleaseNotesURL "
		    "does not start with https://");
	if (dl == 0)
		(void)ota__diag_add(&m->diags, OTA_D_MATTER_DIGEST_UNKNOWN, at, "ImageDigestType %u "
		    "is not a known digest type: the payload cannot be checked",
		    (unsigned)h->digest_type);
	else if (dl < 32)
		(void)ota__diag_add(&m->diags, OTA_D_MATTER_SHORT_DIGEST, at, "ImageDigestType %u "
		    "(%s) is %zu bits, below 256", (unsigned)h->digest_type,
		    ota_matter_digest_name(h->digest_type), dl * 8);
}

static int
pass(struct ota_matter *m, struct ota__src *s, uint8_t *buf)
{
	uint8_t f[OTA_MATTER_FIXED_LEN], tlv[OTA_MATTER_HEADER_MAX];
	void *pd = NULL, *fd = NULL;
	struct ota_errq q;
	uint64_t left, eoff = 0;
	size_t got, want;
	char msg[OTA_MSG_LEN];
	int r;

	if ((r = fixed(m, s, f)) != OTA_OK)
		return r;
	if (ota__src_read(s, tlv, m->hsize, &got) != OTA_OK)
		return seterr(m, OTA_E_IO, 16, "reading the TLV header failed");
	if (got < m->hsize)
		return seterr(m, OTA_E_TRUNCATED, 16 + got, "the input ends at offset %llu, inside "
		    "the %lu-byte TLV header at offset 16", (unsigned long long)(16 + got),
		    (unsigned long)m->hsize);
	m->el_have = 0;
	if ((r = ota__matter_header_decode_at(tlv, m->hsize, &m->h, &eoff, msg, sizeof(msg),
	    m->el_off, m->el_len, &m->el_have)) != OTA_OK)
		return seterr(m, r, 16 + eoff, "TLV header: %s (file offset %llu)", msg,
		    (unsigned long long)(16 + eoff));
	if (m->h.payload_size != m->total - 16 - m->hsize)
		return seterr(m, OTA_E_MATTER_PAYLOAD_SIZE, 16, "PayloadSize (tag 4) is %llu; "
		    "TotalSize %llu less 16 and HeaderSize %lu leaves %llu",
		    (unsigned long long)m->h.payload_size, (unsigned long long)m->total,
		    (unsigned long)m->hsize, (unsigned long long)(m->total - 16 - m->hsize));
	add_diags(m);
	if (m->want_file && m->file_type == 0)
		m->file_type = ota_matter_dcl_type_ok(m->h.digest_type) ? m->h.digest_type :
		    OTA_MATTER_SHA256;
	ota__ssl_mark(&q);
	r = OTA_OK;
	/* a digest OpenSSL does not offer: pd stays NULL, verify says so */
	if (ota_matter_digest_len(m->h.digest_type) != 0)
		pd = ota__matter_md_start(&m->env, m->h.digest_type);
	if (m->want_file && ((fd = ota__matter_md_start(&m->env, m->file_type)) == NULL ||
	    EVP_DigestUpdate(fd, f, sizeof(f)) != 1 || EVP_DigestUpdate(fd, tlv, m->hsize) != 1))
		r = OTA_E_CRYPTO;
	ota__ssl_done(&q, r == OTA_E_CRYPTO ? r : OTA_OK, m->errmsg, sizeof(m->errmsg),
	    "cannot start the digest");
	if (r == OTA_E_CRYPTO) {
		m->erroff = 0;
		goto out;
	}
	ota__prog_start(&m->prog, m->h.payload_size);
	for (left = m->h.payload_size; left > 0; left -= got) {
		want = left > OTA_IOBUF ? OTA_IOBUF : (size_t)left;
		if (ota__src_read(s, buf, want, &got) != OTA_OK) {
			r = seterr(m, OTA_E_IO, s->pos, "reading the payload failed");
			goto out;
		}
		if (got < want) {
			r = seterr(m, OTA_E_TRUNCATED, s->pos, "the input ends at offset %llu, inside "
			    "the %llu-byte payload (TotalSize %llu)", (unsigned long long)s->pos,
			    (unsigned long long)m->h.payload_size, (unsigned long long)m->total);
			goto out;
		}
		if ((pd != NULL && EVP_DigestUpdate(pd, buf, got) != 1) ||
		    (fd != NULL && EVP_DigestUpdate(fd, buf, got) != 1)) {
			r = seterr(m, OTA_E_CRYPTO, s->pos, "hashing failed");
			goto out;
		}
		if (m->sink != NULL && m->sink(m->sinkctx, buf, got) != 0) {
			r = seterr(m, OTA_E_IO, s->pos, "writing the payload failed");
			goto out;
		}
		if (ota__prog_add(&m->prog, got) != OTA_OK) {
			ota__prog_msg(&m->prog, m->errmsg, sizeof(m->errmsg));
			m->erroff = s->pos;
			r = OTA_E_CANCELLED;
			goto out;
		}
	}
	if (!s->seekable) { /* nothing may follow TotalSize */
		if (ota__src_read(s, buf, 1, &got) != OTA_OK) {
			r = seterr(m, OTA_E_IO, s->pos, "reading the input failed");
			goto out;
		}
		if (got > 0) {
			r = seterr(m, OTA_E_TOTAL_SIZE, 4, "the input continues past TotalSize %llu",
			    (unsigned long long)m->total);
			goto out;
		}
	}
	if ((r = ota__prog_end(&m->prog)) != OTA_OK) {
		ota__prog_msg(&m->prog, m->errmsg, sizeof(m->errmsg));
		goto out;
	}
	if (pd != NULL) {
		if (ota__matter_md_final(pd, m->h.digest_type, m->digest) != OTA_OK) {
			r = seterr(m, OTA_E_CRYPTO, m->total, "hashing failed");
			goto out;
		}
		m->have_digest = 1;
	}
	if (fd != NULL) {
		if (ota__matter_md_final(fd, m->file_type, m->file_digest) != OTA_OK) {
			r = seterr(m, OTA_E_CRYPTO, m->total, "hashing failed");
			goto out;
		}
		m->have_file_digest = 1;
	}
out:
	EVP_MD_CTX_free(pd);
	EVP_MD_CTX_free(fd);
	return r;
}

static int
run(struct ota_matter *m, struct ota__src *s)
{
	uint8_t *buf = ota__alloc(&m->env, OTA_IOBUF);
	int r;

	if (buf == NULL)
		r = seterr(m, OTA_E_NOMEM, 0, "out of memory");
	else
		r = pass(m, s, buf);
	ota__free(&m->env, buf);
	m->state = r == OTA_OK ? 1 : 2;
	if (r == OTA_OK)
		m->errmsg[0] = '\0';
	return r;
}

int
ota_matter_open_path(struct ota_matter *m, const char *path)
{
	struct ota__src s;
	int r;

	if ((r = settable(m, "ota_matter_open_path")) != OTA_OK)
		return r;
	if (path == NULL)
		return seterr(m, OTA_E_INVAL, 0, "ota_matter_open_path: NULL path");
	if (ota__src_open_path(&s, path) != OTA_OK) {
		m->state = 2;
		return seterr(m, OTA_E_IO, 0, "%s: %s", path, strerror(errno));
	}
	r = run(m, &s);
	ota__src_close(&s);
	return r;
}

int
ota_matter_open_memory(struct ota_matter *m, const void *buf, size_t len)
{
	struct ota__src s;
	int r;

	if ((r = settable(m, "ota_matter_open_memory")) != OTA_OK)
		return r;
	if (buf == NULL && len > 0)
		return seterr(m, OTA_E_INVAL, 0, "ota_matter_open_memory: NULL buffer");
	ota__src_memory(&s, buf, len);
	return run(m, &s);
}

int
ota_matter_open_cb(struct ota_matter *m, ota_read_fn read, void *ctx)
{
	struct ota__src s;
	int r;

	if ((r = settable(m, "ota_matter_open_cb")) != OTA_OK)
		return r;
	if (read == NULL)
		return seterr(m, OTA_E_INVAL, 0, "ota_matter_open_cb: NULL read callback");
	ota__src_cb(&s, read, ctx);
	return run(m, &s);
}

/* ---- getters ---- */
int
ota_matter_get_header(const struct ota_matter *m, struct ota_matter_header *h)
{
	if (!isopen(m) || h == NULL)
		return OTA_E_INVAL;
	*h = m->h;
	return OTA_OK;
}

uint64_t
ota_matter_total_size(const struct ota_matter *m)
{
	return isopen(m) ? m->total : 0;
}

uint32_t
ota_matter_header_size(const struct ota_matter *m)
{
	return isopen(m) ? m->hsize : 0;
}

uint64_t
ota_matter_payload_offset(const struct ota_matter *m)
{
	return isopen(m) ? OTA_MATTER_FIXED_LEN + (uint64_t)m->hsize : 0;
}

int
ota_matter_header_element(const struct ota_matter *m, unsigned tag, uint64_t *offset,
    uint64_t *len)
{
	if (!isopen(m))
		return OTA_E_STATE;
	if (tag > 9)
		return OTA_E_RANGE;
	if (!(m->el_have & 1u << tag))
		return OTA_E_NOT_FOUND;
	if (offset != NULL)
		*offset = OTA_MATTER_FIXED_LEN + (uint64_t)m->el_off[tag];
	if (len != NULL)
		*len = m->el_len[tag];
	return OTA_OK;
}

int
ota_matter_digest(const struct ota_matter *m, uint8_t *buf, size_t *len)
{
	size_t n;

	if (!isopen(m) || buf == NULL || len == NULL)
		return OTA_E_INVAL;
	if (!m->have_digest)
		return OTA_E_UNSUPPORTED;
	n = ota_matter_digest_len(m->h.digest_type);
	if (*len < n)
		return OTA_E_RANGE;
	memcpy(buf, m->digest, n);
	*len = n;
	return OTA_OK;
}

int
ota_matter_verify(struct ota_matter *m)
{
	if (!isopen(m))
		return ok(m) ? seterr(m, OTA_E_STATE, 0, "ota_matter_verify: not open") : OTA_E_INVAL;
	if (!m->have_digest)
		return seterr(m, OTA_E_UNSUPPORTED, OTA_MATTER_FIXED_LEN, "ImageDigestType %u: "
		    "cannot compute this digest", (unsigned)m->h.digest_type);
	if (memcmp(m->digest, m->h.digest, m->h.digest_len) != 0)
		return seterr(m, OTA_E_DIGEST, ota_matter_payload_offset(m), "the payload's %s "
		    "digest differs from ImageDigest", ota_matter_digest_name(m->h.digest_type));
	return OTA_OK;
}

int
ota_matter_file_digest(const struct ota_matter *m, unsigned *type, uint8_t *buf, size_t *len)
{
	size_t n;

	if (!isopen(m) || buf == NULL || len == NULL)
		return OTA_E_INVAL;
	if (!m->have_file_digest)
		return OTA_E_NOT_FOUND;
	n = ota_matter_digest_len(m->file_type);
	if (*len < n)
		return OTA_E_RANGE;
	memcpy(buf, m->file_digest, n);
	*len = n;
	if (type != NULL)
		*type = m->file_type;
	return OTA_OK;
}

size_t
ota_matter_diag_count(const struct ota_matter *m)
{
	return ok(m) ? m->diags.n : 0;
}

int
ota_matter_diag_get(const struct ota_matter *m, size_t i, int *code, uint64_t *offset,
    const char **message)
{
	const struct ota_diagrec *d;

	if (!ok(m) || (d = ota__diag_at(&m->diags, i)) == NULL)
		return OTA_E_INVAL;
	if (code != NULL)
		*code = d->code;
	if (offset != NULL)
		*offset = d->offset;
	if (message != NULL)
		*message = d->msg;
	return OTA_OK;
}
