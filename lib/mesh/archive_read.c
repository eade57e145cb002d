/* archive_read.c - read a Mesh DFU firmware archive (both dialects) with
 * libarchive: entries are streamed once, never extracted; images are
 * parsed and hashed from the data stream, the JSON and metadata entries
 * (small, capped) are kept for archive_json.c. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <archive.h>
#include <archive_entry.h>

#include "archive_private.h"

int
ota__ar_err(struct ota_mesh_archive *a, int err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ota__vformat(a->errmsg, sizeof(a->errmsg), fmt, ap);
	va_end(ap);
	return err;
}

struct ota_mesh_archive *
ota_mesh_archive_new_ctx(const struct ota_ctx *ctx)
{
	struct ota_env env;
	struct ota_mesh_archive *a;

	ota__env_from(&env, ctx);
	if ((a = ota__zalloc(&env, sizeof(*a))) == NULL)
		return NULL;
	a->magic = OTA_ARCHIVE_MAGIC;
	a->env = env;
	a->ctx.magic = OTA_CTX_MAGIC;
	a->ctx.env = env;
	a->json_max = OTA_MESH_ARCHIVE_JSON_MAX;
	a->entry_max = OTA_MESH_ARCHIVE_IMAGE_MAX;
	a->image = -1;
	a->diags.env = &a->env;
	return a;
}

struct ota_mesh_archive *
ota_mesh_archive_new(void)
{
	return ota_mesh_archive_new_ctx(NULL);
}

static void
clear(struct ota_mesh_archive *a)
{
	size_t i;

	for (i = 0; i < a->nent; i++) {
		ota__free(&a->env, a->ent[i].name);
		ota__free(&a->env, a->ent[i].data);
		ota_mcuboot_free(&a->ent[i].mcu);
	}
	ota__free(&a->env, a->ent);
	a->ent = NULL;
	a->nent = a->capent = 0;
	for (i = 0; i < a->nmd; i++) {
		ota_mesh_md_free(&a->md[i].md);
		ota_mesh_comp_free(&a->md[i].comp);
	}
	a->nmd = 0;
	ota__free(&a->env, a->uri);
	a->uri = NULL;
	ota__free(&a->env, a->buf);
	a->buf = NULL;
	ota__diag_clear(&a->diags);
}

void
ota_mesh_archive_free(struct ota_mesh_archive **ap)
{
	struct ota_mesh_archive *a;

	if (ap == NULL || !ota__ar_ok(*ap))
		return;
	a = *ap;
	clear(a);
	a->magic = 0;
	ota__free(&a->env, a);
	*ap = NULL;
}

const char *
ota_mesh_archive_errmsg(const struct ota_mesh_archive *a)
{
	return ota__ar_ok(a) ? a->errmsg : "invalid archive handle";
}

int
ota_mesh_archive_set_limits(struct ota_mesh_archive *a, uint64_t json_max, uint64_t entry_max)
{
	if (!ota__ar_ok(a))
		return OTA_E_INVAL;
	if (a->state != 0)
		return ota__ar_err(a, OTA_E_STATE, "ota_mesh_archive_set_limits: after open");
	if (json_max > OTA_MESH_ARCHIVE_JSON_MAX || entry_max > OTA_MESH_ARCHIVE_IMAGE_MAX)
		return ota__ar_err(a, OTA_E_RANGE, "ota_mesh_archive_set_limits: above the defaults");
	a->json_max = json_max != 0 ? json_max : OTA_MESH_ARCHIVE_JSON_MAX;
	a->entry_max = entry_max != 0 ? entry_max : OTA_MESH_ARCHIVE_IMAGE_MAX;
	return OTA_OK;
}

int
ota_mesh_archive_sniff(const void *buf, size_t len)
{
	const uint8_t *p = buf;

	if (p == NULL)
		return 0;
	return (len >= 4 && p[0] == 'P' && p[1] == 'K' && p[2] == 3 && p[3] == 4) ||
	    (len >= 2 && p[0] == 0x1f && p[1] == 0x8b);
}

/* ---- the input ---- */
enum { SRC_FD, SRC_MEM, SRC_CB };
struct src {
	int kind;
	int fd;
	const uint8_t *mem;
	size_t len;
	uint64_t pos;
	ota_read_fn rd;
	void *rctx;
	uint8_t peek[512];
	size_t npeek, peekpos;     /* SRC_CB: the sniffed bytes, served first */
	uint8_t *buf;
	int err;
};

static la_ssize_t
src_read(struct archive *ar, void *client, const void **out)
{
	struct src *s = client;
	size_t got = 0;
	ssize_t n;

	(void)ar;
	switch (s->kind) {
	case SRC_MEM:
		*out = s->mem + s->pos;
		got = s->len - (size_t)s->pos;
		if (got > OTA_AR_CHUNK)
			got = OTA_AR_CHUNK;
		s->pos += got;
		return (la_ssize_t)got;
	case SRC_FD:
		do
			n = read(s->fd, s->buf, OTA_AR_CHUNK);
		while (n < 0 && errno == EINTR);
		if (n < 0) {
			s->err = errno;
			return -1;
		}
		*out = s->buf;
		return (la_ssize_t)n;
	default:
		if (s->peekpos < s->npeek) {
			*out = s->peek + s->peekpos;
			got = s->npeek - s->peekpos;
			s->peekpos = s->npeek;
			return (la_ssize_t)got;
		}
		if (s->rd(s->rctx, s->buf, OTA_AR_CHUNK, &got) != 0 || got > OTA_AR_CHUNK) {
			s->err = EIO;
			return -1;
		}
		*out = s->buf;
		return (la_ssize_t)got;
	}
}

static la_int64_t
src_seek(struct archive *ar, void *client, la_int64_t off, int whence)
{
	struct src *s = client;
	off_t r;

	(void)ar;
	if (s->kind == SRC_FD) {
		r = lseek(s->fd, (off_t)off, whence);
		return r < 0 ? ARCHIVE_FATAL : (la_int64_t)r;
	}
	if (whence == SEEK_CUR)
		off += (la_int64_t)s->pos;
	else if (whence == SEEK_END)
		off += (la_int64_t)s->len;
	if (off < 0 || (uint64_t)off > s->len)
		return ARCHIVE_FATAL;
	s->pos = (uint64_t)off;
	return off;
}

/* ---- names ---- */

/* Strip "./" prefixes; refuse absolute names and ".." components. */
static int
check_name(struct ota_mesh_archive *a, const char *raw, size_t idx, const char **out)
{
	const char *p, *q;

	if (raw == NULL || *raw == '\0')
		return ota__ar_err(a, OTA_E_ARCHIVE_PATH, "entry %zu has no name", idx);
	while (raw[0] == '.' && raw[1] == '/')
		raw += 2;
	if (raw[0] == '/' || raw[0] == '\\' || (raw[0] != '\0' && raw[1] == ':'))
		return ota__ar_err(a, OTA_E_ARCHIVE_PATH, "entry '%.160s': absolute path", raw);
	for (p = raw; *p != '\0'; p = *q != '\0' ? q + 1 : q) {
		for (q = p; *q != '\0' && *q != '/' && *q != '\\'; q++)
			;
		if (q - p == 2 && p[0] == '.' && p[1] == '.')
			return ota__ar_err(a, OTA_E_ARCHIVE_PATH, "entry '%.160s': a '..' component "
			    "climbs out of the archive", raw);
	}
	*out = raw;
	return OTA_OK;
}

static int
add_entry(struct ota_mesh_archive *a, const char *name, size_t nlen)
{
	struct ota_ar_entry *e;
	size_t i;

	for (i = 0; i < a->nent; i++)
		if (strlen(a->ent[i].name) == nlen && memcmp(a->ent[i].name, name, nlen) == 0)
			return ota__ar_err(a, OTA_E_ARCHIVE_DUPLICATE, "entry '%.160s' appears twice "
			    "(entries %zu and %zu)", a->ent[i].name, i, a->nent);
	if (a->nent >= OTA_MESH_ARCHIVE_MAX_ENTRIES)
		return ota__ar_err(a, OTA_E_LIMIT, "more than %u entries",
		    OTA_MESH_ARCHIVE_MAX_ENTRIES);
	if (a->nent == a->capent) {
		size_t cap = a->capent ? a->capent * 2 : 8;

		if ((e = ota__realloc(&a->env, a->ent, cap * sizeof(*e))) == NULL)
			return OTA_E_NOMEM;
		a->ent = e;
		a->capent = cap;
	}
	e = &a->ent[a->nent];
	memset(e, 0, sizeof(*e));
	if ((e->name = ota__alloc(&a->env, nlen + 1)) == NULL)
		return OTA_E_NOMEM;
	memcpy(e->name, name, nlen);
	e->name[nlen] = '\0';
	a->nent++;
	return OTA_OK;
}

/* ---- entry data ---- */
struct feed {
	struct ota_mesh_archive *a;
	struct archive *ar;
	struct ota_ar_entry *e;
	size_t have, pos;          /* the first chunk, in a->buf */
	int err;
};

static int
feed_more(struct feed *f, void *out, size_t len, size_t *got)
{
	la_ssize_t n = archive_read_data(f->ar, out, len);

	*got = 0;
	if (n < 0) {
		f->err = ota__ar_err(f->a, OTA_E_ARCHIVE, "entry '%.160s': %s", f->e->name,
		    archive_error_string(f->ar) ? archive_error_string(f->ar) : "read error");
		return -1;
	}
	f->e->size += (uint64_t)n;
	if (f->e->size > f->a->entry_max) {
		f->err = ota__ar_err(f->a, OTA_E_ARCHIVE_ENTRY_SIZE, "entry '%.160s' expands past "
		    "%llu bytes, the limit for an entry", f->e->name,
		    (unsigned long long)f->a->entry_max);
		return -1;
	}
	*got = (size_t)n;
	return 0;
}

/* ota_read_fn for ota_mcuboot_open_cb: the first chunk, then the stream. */
static int
feed_read(void *ctx, void *out, size_t len, size_t *got)
{
	struct feed *f = ctx;

	if (f->pos < f->have) {
		size_t n = f->have - f->pos < len ? f->have - f->pos : len;

		memcpy(out, f->a->buf + f->pos, n);
		f->pos += n;
		*got = n;
		return 0;
	}
	return feed_more(f, out, len, got);
}

/* Keep bytes while the entry stays within the JSON/metadata limit. */
static int
keep(struct feed *f, const uint8_t *p, size_t n)
{
	struct ota_ar_entry *e = f->e;
	uint8_t *d;

	if (e->over || n == 0)
		return OTA_OK;
	if ((uint64_t)e->len + n > f->a->json_max) {
		if (e->json)
			return ota__ar_err(f->a, OTA_E_ARCHIVE_ENTRY_SIZE, "entry '%.160s' expands "
			    "past %llu bytes, the limit for a JSON file", e->name,
			    (unsigned long long)f->a->json_max);
		ota__free(&f->a->env, e->data);
		e->data = NULL;
		e->len = 0;
		e->over = 1;
		return OTA_OK;
	}
	if ((d = ota__realloc(&f->a->env, e->data, e->len + n)) == NULL)
		return OTA_E_NOMEM;
	memcpy(d + e->len, p, n);
	e->data = d;
	e->len += n;
	return OTA_OK;
}

static int
read_entry(struct ota_mesh_archive *a, struct archive *ar, struct ota_ar_entry *e)
{
	struct feed f;
	size_t got;
	int r;

	memset(&f, 0, sizeof(f));
	f.a = a;
	f.ar = ar;
	f.e = e;
	/* the first chunk: enough to recognise an MCUboot header */
	while (f.have < OTA_MCUBOOT_HEADER_LEN) {
		if (feed_more(&f, a->buf + f.have, OTA_AR_CHUNK - f.have, &got) != 0)
			return f.err;
		if (got == 0)
			break;
		f.have += got;
	}
	if (!e->json && ota_mcuboot_sniff(a->buf, f.have)) {
		if ((e->mcu = ota_mcuboot_new_ctx(&a->ctx)) == NULL)
			return OTA_E_NOMEM;
		r = ota_mcuboot_open_cb(e->mcu, feed_read, &f);
		if (f.err != OTA_OK)
			return f.err;
		if (r != OTA_OK) {
			e->mcu_err = r;
			(void)snprintf(e->mcu_msg, sizeof(e->mcu_msg), "%s",
			    ota_mcuboot_errmsg(e->mcu));
		}
		/* what the image parser left (trailing bytes) */
		for (;;) {
			if (feed_more(&f, a->buf, OTA_AR_CHUNK, &got) != 0)
				return f.err;
			if (got == 0)
				break;
		}
		return OTA_OK;
	}
	if ((r = keep(&f, a->buf, f.have)) != OTA_OK)
		return r;
	for (;;) {
		if (feed_more(&f, a->buf, OTA_AR_CHUNK, &got) != 0)
			return f.err;
		if (got == 0)
			break;
		if ((r = keep(&f, a->buf, got)) != OTA_OK)
			return r;
	}
	return OTA_OK;
}

static int
skip_entry(struct ota_mesh_archive *a, struct archive *ar, struct ota_ar_entry *e)
{
	struct feed f;
	size_t got;

	memset(&f, 0, sizeof(f));
	f.a = a;
	f.ar = ar;
	f.e = e;
	for (;;) {
		if (feed_more(&f, a->buf, OTA_AR_CHUNK, &got) != 0)
			return f.err;
		if (got == 0)
			return OTA_OK;
	}
}

static int
one_entry(struct ota_mesh_archive *a, struct archive *ar, struct archive_entry *ae)
{
	const char *name = NULL;
	struct ota_ar_entry *e;
	size_t nlen, idx = a->nent;
	mode_t type = archive_entry_filetype(ae);
	int r, dir = 0;

	if ((r = check_name(a, archive_entry_pathname(ae), idx, &name)) != OTA_OK)
		return r;
	if (name == NULL)  /* (check_name sets it; for the analyser) */
		return OTA_E_ARCHIVE_PATH;
	nlen = strlen(name);
	if (archive_entry_hardlink(ae) != NULL)
		return ota__ar_err(a, OTA_E_ARCHIVE_ENTRY_TYPE, "entry '%.160s' is a hard link",
		    name);
	if (type == AE_IFDIR || (nlen > 0 && name[nlen - 1] == '/')) {
		dir = 1;
		while (nlen > 0 && name[nlen - 1] == '/')
			nlen--;
	} else if (type == AE_IFLNK) {
		return ota__ar_err(a, OTA_E_ARCHIVE_ENTRY_TYPE, "entry '%.160s' is a symbolic link",
		    name);
	} else if (type != AE_IFREG) {
		return ota__ar_err(a, OTA_E_ARCHIVE_ENTRY_TYPE, "entry '%.160s' is not a regular "
		    "file (type 0%o)", name, (unsigned)type);
	}
	if (archive_entry_size_is_set(ae) && archive_entry_size(ae) >= 0 &&
	    (uint64_t)archive_entry_size(ae) > a->entry_max)
		return ota__ar_err(a, OTA_E_ARCHIVE_ENTRY_SIZE, "entry '%.160s' declares %lld "
		    "bytes, over the %llu-byte limit for an entry", name,
		    (long long)archive_entry_size(ae), (unsigned long long)a->entry_max);
	if ((r = add_entry(a, name, nlen)) != OTA_OK)
		return r;
	e = &a->ent[idx];
	if (dir) {
		(void)ota__diag_add(&a->diags, OTA_D_ARCHIVE_DIRECTORY, idx, "entry '%.160s': a "
		    "directory, ignored", e->name);
		e->noted = 1;
		return skip_entry(a, ar, e);
	}
	if (strncmp(e->name, "__MACOSX/", 9) == 0 || strcmp(e->name, "__MACOSX") == 0) {
		(void)ota__diag_add(&a->diags, OTA_D_ARCHIVE_MACOSX, idx, "entry '%.160s': macOS "
		    "resource data, ignored", e->name);
		e->noted = 1;
		return skip_entry(a, ar, e);
	}
	e->json = strcmp(e->name, "manifest.json") == 0 ||
	    strcmp(e->name, "ble_mesh_metadata.json") == 0;
	return read_entry(a, ar, e);
}

/* Which entry is called name (NULL: none). */
static struct ota_ar_entry *
find(struct ota_mesh_archive *a, const char *name)
{
	size_t i;

	for (i = 0; i < a->nent; i++)
		if (strcmp(a->ent[i].name, name) == 0)
			return &a->ent[i];
	return NULL;
}

/* After the pass: the JSON files, the roles, the image, the checks. */
static int
interpret(struct ota_mesh_archive *a)
{
	struct ota_ar_entry *man = find(a, "manifest.json"), *mj;
	struct ota_ar_entry *img;
	size_t i;
	int r;

	if (man == NULL)
		return ota__ar_err(a, OTA_E_MANIFEST, "no manifest.json in the archive");
	man->role = OTA_MESH_ENTRY_MANIFEST;
	if ((r = ota__ar_manifest(a, man)) != OTA_OK)
		return r;
	if (a->dialect == OTA_MESH_DIALECT_NCS_ZIP) {
		if ((mj = find(a, "ble_mesh_metadata.json")) == NULL)
			return ota__ar_err(a, OTA_E_MANIFEST, "no ble_mesh_metadata.json in the "
			    "nRF Connect SDK archive");
		mj->role = OTA_MESH_ENTRY_METADATA_JSON;
		if ((r = ota__ar_mesh_json(a, mj)) != OTA_OK)
			return r;
	}
	if (a->image < 0)
		return ota__ar_err(a, OTA_E_MANIFEST, "manifest.json names no image");
	img = &a->ent[a->image];
	if (img->mcu != NULL && img->mcu_err != OTA_OK)
		return ota__ar_err(a, img->mcu_err, "entry '%.160s': MCUboot image: %s", img->name,
		    img->mcu_msg);
	for (i = 0; i < a->nent; i++) {
		struct ota_ar_entry *e = &a->ent[i];

		if (e->role == OTA_MESH_ENTRY_IGNORED && !e->noted)
			(void)ota__diag_add(&a->diags, OTA_D_ARCHIVE_IGNORED, i, "entry '%.160s': "
			    "not named by the manifest, ignored", e->name);
		/* keep nothing but what the handle reports */
		if (e->role != OTA_MESH_ENTRY_MANIFEST && e->role != OTA_MESH_ENTRY_METADATA_JSON &&
		    e->role != OTA_MESH_ENTRY_METADATA) {
			ota__free(&a->env, e->data);
			e->data = NULL;
			e->len = 0;
		}
		if (e->mcu != NULL && e->role != OTA_MESH_ENTRY_IMAGE)
			ota_mcuboot_free(&e->mcu);
	}
	return ota__ar_checks(a);
}

static int
run1(struct ota_mesh_archive *a, struct src *s, int seekable)
{
	struct archive *ar;
	struct archive_entry *ae;
	const uint8_t *head;
	size_t nhead;
	int r, zip, gz, tar;

	if (!ota__ar_ok(a))
		return OTA_E_INVAL;
	if (a->state != 0)
		return ota__ar_err(a, OTA_E_STATE, "the archive handle was opened before");
	a->state = 2;
	/* two buffers: libarchive keeps pointing into what src_read returned */
	if ((a->buf = ota__alloc(&a->env, OTA_AR_CHUNK)) == NULL ||
	    (s->buf = ota__alloc(&a->env, OTA_AR_CHUNK)) == NULL)
		return OTA_E_NOMEM;
	/* what the input starts with (peeked without consuming) */
	if (s->kind == SRC_MEM) {
		head = s->mem;
		nhead = s->len;
	} else if (s->kind == SRC_FD) {
		ssize_t n = pread(s->fd, s->peek, sizeof(s->peek), 0);

		if (n < 0)
			return ota__ar_err(a, OTA_E_IO, "read: %s", strerror(errno));
		head = s->peek;
		nhead = (size_t)n;
	} else {
		size_t got;

		while (s->npeek < sizeof(s->peek)) {
			if (s->rd(s->rctx, s->peek + s->npeek, sizeof(s->peek) - s->npeek, &got) != 0)
				return ota__ar_err(a, OTA_E_IO, "the read callback failed");
			if (got == 0)
				break;
			s->npeek += got;
		}
		head = s->peek;
		nhead = s->npeek;
	}
	zip = nhead >= 4 && memcmp(head, "PK\003\004", 4) == 0;
	gz = nhead >= 2 && head[0] == 0x1f && head[1] == 0x8b;
	tar = nhead >= 262 && memcmp(head + 257, "ustar", 5) == 0;
	if (!zip && !gz && !tar)
		return ota__ar_err(a, OTA_E_ARCHIVE, "not a firmware archive: neither a ZIP file "
		    "(PK\\3\\4) nor a gzip-compressed tar (1f 8b)");
	/* A ZIP is read through its central directory, as unzip and the phone
	 * apps read it: its local headers alone can say something else (an
	 * archive appended to another, a link type, a cut-off end), so a ZIP
	 * needs a seekable input and one without its central directory is
	 * refused. */
	if (zip && !seekable)
		return ota__ar_err(a, OTA_E_UNSUPPORTED, "a ZIP archive is read through its central "
		    "directory at its end: it needs a seekable input (a file or memory), not a "
		    "stream");
	if ((ar = archive_read_new()) == NULL)
		return OTA_E_NOMEM;
	if (zip)
		r = archive_read_support_format_zip_seekable(ar);
	else
		r = archive_read_support_format_tar(ar);
	if (r == ARCHIVE_OK && gz)
		r = archive_read_support_filter_gzip(ar);
	if (r == ARCHIVE_OK)
		r = archive_read_set_read_callback(ar, src_read);
	if (r == ARCHIVE_OK && seekable)
		r = archive_read_set_seek_callback(ar, src_seek);
	if (r == ARCHIVE_OK)
		r = archive_read_set_callback_data(ar, s);
	if (r == ARCHIVE_OK)
		r = archive_read_open1(ar);
	if (r != ARCHIVE_OK) {
		r = ota__ar_err(a, OTA_E_ARCHIVE, "%s: %s", zip ? "ZIP" : "tar",
		    archive_error_string(ar) ? archive_error_string(ar) : "cannot read");
		archive_read_free(ar);
		return r;
	}
	for (;;) {
		r = archive_read_next_header(ar, &ae);
		if (r == ARCHIVE_EOF)
			break;
		if (r < ARCHIVE_WARN) {
			r = ota__ar_err(a, s->err ? OTA_E_IO : OTA_E_ARCHIVE, "after entry %zu: %s",
			    a->nent, archive_error_string(ar) ? archive_error_string(ar) :
			    "damaged archive");
			archive_read_free(ar);
			return r;
		}
		if ((r = one_entry(a, ar, ae)) != OTA_OK) {
			archive_read_free(ar);
			return r;
		}
	}
	archive_read_free(ar);
	if (a->nent == 0)
		return ota__ar_err(a, OTA_E_ARCHIVE, "the archive holds no entries");
	if ((r = interpret(a)) != OTA_OK)
		return r;
	ota__free(&a->env, a->buf);
	a->buf = NULL;
	a->state = 1;
	a->errmsg[0] = '\0';
	return OTA_OK;
}

static int
run(struct ota_mesh_archive *a, struct src *s, int seekable)
{
	int r = run1(a, s, seekable);

	if (ota__ar_ok(a))
		ota__free(&a->env, s->buf);
	s->buf = NULL;
	if (r != OTA_OK && ota__ar_ok(a) && a->state == 2 && r != OTA_E_STATE) {
		/* nothing half-read stays reachable */
		ota__free(&a->env, a->buf);
		a->buf = NULL;
	}
	return r;
}

/* ota_read_fn over a descriptor that cannot seek (a pipe) */
static int
fd_read(void *ctx, void *buf, size_t len, size_t *got)
{
	ssize_t n;

	do
		n = read(*(int *)ctx, buf, len);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return -1;
	*got = (size_t)n;
	return 0;
}

int
ota_mesh_archive_open_fd(struct ota_mesh_archive *a, int fd)
{
	struct src s;

	memset(&s, 0, sizeof(s));
	if (!ota__ar_ok(a))
		return OTA_E_INVAL;
	if (fd < 0)
		return ota__ar_err(a, OTA_E_INVAL, "ota_mesh_archive_open_fd: no descriptor");
	s.kind = SRC_FD;
	s.fd = fd;
	if (lseek(fd, 0, SEEK_SET) != 0)
		return ota_mesh_archive_open_cb(a, fd_read, &fd); /* a pipe: forward only */
	return run(a, &s, 1);
}

int
ota_mesh_archive_open_path(struct ota_mesh_archive *a, const char *path)
{
	int fd, r;

	if (!ota__ar_ok(a))
		return OTA_E_INVAL;
	if (path == NULL)
		return ota__ar_err(a, OTA_E_INVAL, "ota_mesh_archive_open_path: no path");
	do
		fd = open(path, O_RDONLY | O_CLOEXEC);
	while (fd < 0 && errno == EINTR);
	if (fd < 0)
		return ota__ar_err(a, OTA_E_IO, "%.160s: %s", path, strerror(errno));
	r = ota_mesh_archive_open_fd(a, fd);
	(void)close(fd);
	return r;
}

int
ota_mesh_archive_open_memory(struct ota_mesh_archive *a, const void *buf, size_t len)
{
	struct src s;

	memset(&s, 0, sizeof(s));
	if (!ota__ar_ok(a))
		return OTA_E_INVAL;
	if (buf == NULL && len != 0)
		return ota__ar_err(a, OTA_E_INVAL, "ota_mesh_archive_open_memory: no buffer");
	s.kind = SRC_MEM;
	s.mem = buf != NULL ? buf : (const uint8_t *)"";
	s.len = len;
	return run(a, &s, 1);
}

int
ota_mesh_archive_open_cb(struct ota_mesh_archive *a, ota_read_fn read, void *ctx)
{
	struct src s;

	memset(&s, 0, sizeof(s));
	if (!ota__ar_ok(a))
		return OTA_E_INVAL;
	if (read == NULL)
		return ota__ar_err(a, OTA_E_INVAL, "ota_mesh_archive_open_cb: no read callback");
	s.kind = SRC_CB;
	s.rd = read;
	s.rctx = ctx;
	return run(a, &s, 0);
}
