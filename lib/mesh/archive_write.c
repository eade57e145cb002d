/* archive_write.c - write a Mesh DFU firmware archive: the nRF Connect SDK
 * dfu_application.zip or the specification-style tar.gz, deterministic
 * (fixed entry order, times, owners and modes; no gzip time stamp), the
 * image streamed into libarchive in fixed chunks. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <archive.h>
#include <archive_entry.h>
#include <jansson.h>

#include "archive_private.h"

#define DEFAULT_MTIME INT64_C(315532800) /* 1980-01-01, the first DOS time */
#define COMP_MAX OTA_MESH_COMP_MAX

struct ota_mesh_writer {
	uint32_t magic;
	struct ota_env env;
	struct ota_ctx ctx;
	enum ota_mesh_dialect dialect;
	char *path;
	int fd;                     /* -1: path */
	char name[101];
	uint8_t fwid[OTA_FWID_MAX];
	size_t fwid_len;
	int has_company;
	uint16_t company;
	struct ota_mesh_comp *comp;
	enum ota_mesh_vendor_order order;
	uint8_t core;
	uint8_t md[OTA_MESH_MD_MAX];
	size_t mdlen;
	int has_md;
	uint8_t ud[OTA_MESH_MD_MAX];
	size_t udlen;
	char *uri;
	int64_t mtime;
	char errmsg[OTA_MSG_LEN];
};

/* libarchive's reason, which it does not always give (a failed write
 * callback: the caller's output said why). */
static const char *
aerr(struct archive *ar)
{
	const char *e = archive_error_string(ar);

	return e != NULL ? e : "the output callback failed";
}

static int
werr(struct ota_mesh_writer *w, int err, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int
werr(struct ota_mesh_writer *w, int err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ota__vformat(w->errmsg, sizeof(w->errmsg), fmt, ap);
	va_end(ap);
	return err;
}

static int
wok(const struct ota_mesh_writer *w)
{
	return w != NULL && w->magic == OTA_MWRITER_MAGIC;
}

struct ota_mesh_writer *
ota_mesh_writer_new_ctx(const struct ota_ctx *ctx)
{
	struct ota_env env;
	struct ota_mesh_writer *w;

	ota__env_from(&env, ctx);
	if ((w = ota__zalloc(&env, sizeof(*w))) == NULL)
		return NULL;
	w->magic = OTA_MWRITER_MAGIC;
	w->env = env;
	w->ctx.magic = OTA_CTX_MAGIC;
	w->ctx.env = env;
	w->fd = -1;
	w->core = OTA_MESH_CORE_APP;
	w->mtime = DEFAULT_MTIME;
	return w;
}

struct ota_mesh_writer *
ota_mesh_writer_new(void)
{
	return ota_mesh_writer_new_ctx(NULL);
}

void
ota_mesh_writer_free(struct ota_mesh_writer **wp)
{
	struct ota_mesh_writer *w;

	if (wp == NULL || !wok(*wp))
		return;
	w = *wp;
	ota__free(&w->env, w->path);
	ota__free(&w->env, w->uri);
	ota_mesh_comp_free(&w->comp);
	w->magic = 0;
	ota__free(&w->env, w);
	*wp = NULL;
}

const char *
ota_mesh_writer_errmsg(const struct ota_mesh_writer *w)
{
	return wok(w) ? w->errmsg : "invalid writer handle";
}

int
ota_mesh_writer_set_dialect(struct ota_mesh_writer *w, enum ota_mesh_dialect d)
{
	if (!wok(w))
		return OTA_E_INVAL;
	if (d != OTA_MESH_DIALECT_NCS_ZIP && d != OTA_MESH_DIALECT_SPEC_TAR)
		return werr(w, OTA_E_INVAL, "ota_mesh_writer_set_dialect: ncs-zip or spec-tar");
	w->dialect = d;
	return OTA_OK;
}

static int
set_name(struct ota_mesh_writer *w, const char *name, const char *path)
{
	const char *base = "app_update.signed.bin", *s;

	if (name == NULL && path != NULL) {
		base = (s = strrchr(path, '/')) != NULL ? s + 1 : path;
		if (*base == '\0')
			base = "app_update.signed.bin";
	} else if (name != NULL) {
		base = name;
	}
	if (*base == '\0' || strlen(base) >= sizeof(w->name) || strchr(base, '/') != NULL ||
	    strcmp(base, ".") == 0 || strcmp(base, "..") == 0 ||
	    strcmp(base, "manifest.json") == 0 || strcmp(base, "ble_mesh_metadata.json") == 0)
		return werr(w, OTA_E_INVAL, "image entry name '%.120s': 1 to 100 characters, no "
		    "'/', not a name the archive's JSON files use", base);
	memcpy(w->name, base, strlen(base) + 1);
	return OTA_OK;
}

int
ota_mesh_writer_set_image_path(struct ota_mesh_writer *w, const char *path, const char *name)
{
	size_t n;
	int r;

	if (!wok(w) || path == NULL)
		return OTA_E_INVAL;
	if ((r = set_name(w, name, path)) != OTA_OK)
		return r;
	n = strlen(path);
	ota__free(&w->env, w->path);
	if ((w->path = ota__alloc(&w->env, n + 1)) == NULL)
		return OTA_E_NOMEM;
	memcpy(w->path, path, n + 1);
	w->fd = -1;
	return OTA_OK;
}

int
ota_mesh_writer_set_image_fd(struct ota_mesh_writer *w, int fd, const char *name)
{
	int r;

	if (!wok(w) || fd < 0)
		return OTA_E_INVAL;
	if ((r = set_name(w, name, NULL)) != OTA_OK)
		return r;
	ota__free(&w->env, w->path);
	w->path = NULL;
	w->fd = fd;
	return OTA_OK;
}

int
ota_mesh_writer_set_fwid(struct ota_mesh_writer *w, const uint8_t *fwid, size_t len)
{
	if (!wok(w) || fwid == NULL)
		return OTA_E_INVAL;
	if (len < OTA_FWID_MIN || len > OTA_FWID_MAX)
		return werr(w, OTA_E_RANGE, "a firmware ID is 2 to 108 bytes, not %zu", len);
	memcpy(w->fwid, fwid, len);
	w->fwid_len = len;
	return OTA_OK;
}

int
ota_mesh_writer_set_company(struct ota_mesh_writer *w, uint16_t company)
{
	if (!wok(w))
		return OTA_E_INVAL;
	w->company = company;
	w->has_company = 1;
	return OTA_OK;
}

int
ota_mesh_writer_set_comp(struct ota_mesh_writer *w, const struct ota_mesh_comp *c,
    enum ota_mesh_vendor_order order)
{
	uint8_t *buf;
	size_t len = COMP_MAX;
	int r;

	if (!wok(w) || c == NULL || (order != OTA_MESH_VENDOR_DEVICE &&
	    order != OTA_MESH_VENDOR_MODEL_FIRST))
		return OTA_E_INVAL;
	if ((buf = ota__alloc(&w->env, COMP_MAX)) == NULL)
		return OTA_E_NOMEM;
	ota_mesh_comp_free(&w->comp);
	/* a copy, through page 0 in the device order (lossless) */
	r = ota_mesh_comp_page0(c, OTA_MESH_VENDOR_DEVICE, buf, &len);
	if (r == OTA_OK && (w->comp = ota_mesh_comp_new_ctx(&w->ctx)) == NULL)
		r = OTA_E_NOMEM;
	if (r == OTA_OK)
		r = ota_mesh_comp_from_page0(w->comp, buf, len, OTA_MESH_COMP_RAW);
	ota__free(&w->env, buf);
	if (r != OTA_OK) {
		ota_mesh_comp_free(&w->comp);
		return werr(w, r, "composition data: %s", ota_strerror(r));
	}
	w->order = order;
	return OTA_OK;
}

int
ota_mesh_writer_set_core_type(struct ota_mesh_writer *w, uint8_t core_type)
{
	if (!wok(w))
		return OTA_E_INVAL;
	w->core = core_type;
	return OTA_OK;
}

int
ota_mesh_writer_set_metadata(struct ota_mesh_writer *w, const uint8_t *md, size_t len)
{
	if (!wok(w) || (md == NULL && len != 0))
		return OTA_E_INVAL;
	if (len > OTA_MESH_MD_MAX)
		return werr(w, OTA_E_LIMIT, "metadata of %zu bytes: a Mesh message carries 255", len);
	if (len < OTA_MESH_MD_MIN)
		return werr(w, OTA_E_TRUNCATED, "metadata of %zu bytes: under %u", len,
		    OTA_MESH_MD_MIN);
	memcpy(w->md, md, len);
	w->mdlen = len;
	w->has_md = 1;
	return OTA_OK;
}

int
ota_mesh_writer_set_user_data(struct ota_mesh_writer *w, const uint8_t *buf, size_t len)
{
	if (!wok(w) || (buf == NULL && len != 0))
		return OTA_E_INVAL;
	if (len > OTA_MESH_MD_MAX - 18)
		return werr(w, OTA_E_LIMIT, "user data of %zu bytes: metadata holds 255", len);
	if (len > 0)
		memcpy(w->ud, buf, len);
	w->udlen = len;
	return OTA_OK;
}

int
ota_mesh_writer_set_uri(struct ota_mesh_writer *w, const char *uri)
{
	size_t n;

	if (!wok(w) || uri == NULL)
		return OTA_E_INVAL;
	if ((n = strlen(uri)) > 255)
		return werr(w, OTA_E_LIMIT, "an update URI is at most 255 bytes");
	ota__free(&w->env, w->uri);
	if ((w->uri = ota__alloc(&w->env, n + 1)) == NULL)
		return OTA_E_NOMEM;
	memcpy(w->uri, uri, n + 1);
	return OTA_OK;
}

int
ota_mesh_writer_set_mtime(struct ota_mesh_writer *w, int64_t t)
{
	if (!wok(w))
		return OTA_E_INVAL;
	if (t < DEFAULT_MTIME || t > INT64_C(4102444800))
		return werr(w, OTA_E_RANGE, "entry time %lld: 1980 to 2100 (what ZIP can hold)",
		    (long long)t);
	w->mtime = t;
	return OTA_OK;
}

/* ---- writing ---- */
struct job {
	struct ota_mesh_writer *w;
	int fd;
	uint64_t size, pos;
	struct ota_mcuboot *mcu;
	struct ota_fw_version ver;
	uint8_t md[OTA_MESH_MD_MAX];
	size_t mdlen;
	int has_md;
	uint32_t hash;
	ota_write_fn fn;
	void *fctx;
	uint8_t *buf;
};

static int
job_read(void *ctx, void *buf, size_t len, size_t *got)
{
	struct job *j = ctx;
	ssize_t n;

	do
		n = pread(j->fd, buf, len, (off_t)j->pos);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return -1;
	j->pos += (uint64_t)n;
	*got = (size_t)n;
	return 0;
}

/* Parse the image (version, sizes, hash) and build the metadata. */
static int
prepare(struct job *j)
{
	struct ota_mesh_writer *w = j->w;
	struct ota_mesh_md *md;
	struct stat st;
	uint16_t elems;
	int r;

	if (fstat(j->fd, &st) != 0 || !S_ISREG(st.st_mode))
		return werr(w, OTA_E_INVAL, "the image must be a regular file");
	j->size = (uint64_t)st.st_size;
	if (j->size > OTA_MESH_ARCHIVE_IMAGE_MAX)
		return werr(w, OTA_E_LIMIT, "the image is over 4 GiB");
	if ((j->mcu = ota_mcuboot_new_ctx(&w->ctx)) == NULL)
		return OTA_E_NOMEM;
	if ((r = ota_mcuboot_open_cb(j->mcu, job_read, j)) != OTA_OK)
		return werr(w, r, "the image is not a valid MCUboot image: %.200s",
		    ota_mcuboot_errmsg(j->mcu));
	if (!ota_mcuboot_hash_ok(j->mcu))
		return werr(w, OTA_E_DIGEST, "the image's MCUboot hash TLV does not match it");
	(void)ota_mcuboot_version(j->mcu, &j->ver);
	if (w->fwid_len == 0) {
		if (!w->has_company)
			return werr(w, OTA_E_INVAL, "no firmware ID: give one, or a company ID to "
			    "combine with the image's version");
		(void)ota_fwid_from_version(w->company, &j->ver, w->fwid);
		w->fwid_len = 10;
	}
	if (w->has_md) {
		if (w->comp != NULL || w->udlen > 0)
			return werr(w, OTA_E_INVAL, "ready metadata excludes composition data and user "
			    "data");
		memcpy(j->md, w->md, w->mdlen);
		j->mdlen = w->mdlen;
		j->has_md = 1;
		return OTA_OK;
	}
	if (w->comp == NULL) {
		if (w->dialect == OTA_MESH_DIALECT_NCS_ZIP)
			return werr(w, OTA_E_INVAL, "the nRF Connect SDK archive needs metadata: "
			    "composition data or ready metadata");
		return OTA_OK;  /* a tar without a metadata file */
	}
	if (j->size > OTA_MESH_FW_SIZE_MAX)
		return werr(w, OTA_E_RANGE, "the image is %llu bytes: Zephyr metadata's fw_size "
		    "is 24 bits (at most 16777215); give ready metadata, or none (tar)",
		    (unsigned long long)j->size);
	if ((r = ota_mesh_comp_hash(w->comp, w->order, &j->hash)) != OTA_OK)
		return werr(w, r, "composition hash: %s", ota_mesh_comp_errmsg(w->comp));
	elems = (uint16_t)ota_mesh_comp_element_count(w->comp);
	if ((md = ota_mesh_md_new_ctx(&w->ctx)) == NULL)
		return OTA_E_NOMEM;
	j->mdlen = sizeof(j->md);
	if ((r = ota_mesh_md_set_version(md, &j->ver)) != OTA_OK ||
	    (r = ota_mesh_md_set_fw_size(md, j->size)) != OTA_OK ||
	    (r = ota_mesh_md_set_core_type(md, w->core)) != OTA_OK ||
	    (r = ota_mesh_md_set_comp(md, j->hash, elems)) != OTA_OK ||
	    (w->udlen > 0 && (r = ota_mesh_md_set_user_data(md, w->ud, w->udlen)) != OTA_OK) ||
	    (r = ota_mesh_md_encode(md, j->md, &j->mdlen)) != OTA_OK) {
		r = werr(w, r, "metadata: %.200s", ota_mesh_md_errmsg(md));
		ota_mesh_md_free(&md);
		return r;
	}
	ota_mesh_md_free(&md);
	j->has_md = 1;
	return OTA_OK;
}

static la_ssize_t
out_cb(struct archive *ar, void *ctx, const void *buf, size_t len)
{
	struct job *j = ctx;

	(void)ar;
	return j->fn(j->fctx, buf, len) == 0 ? (la_ssize_t)len : -1;
}

static int
add(struct job *j, struct archive *ar, const char *name, const void *data, size_t len,
    uint64_t size)
{
	struct archive_entry *e = archive_entry_new();
	int r;

	if (e == NULL)
		return OTA_E_NOMEM;
	archive_entry_set_pathname(e, name);
	archive_entry_set_filetype(e, AE_IFREG);
	archive_entry_set_perm(e, 0644);
	archive_entry_set_uid(e, 0);
	archive_entry_set_gid(e, 0);
	archive_entry_set_mtime(e, (time_t)j->w->mtime, 0);
	archive_entry_set_size(e, (la_int64_t)(data != NULL ? len : size));
	r = archive_write_header(ar, e);
	archive_entry_free(e);
	if (r != ARCHIVE_OK)
		return werr(j->w, OTA_E_IO, "%s: %s", name, aerr(ar));
	if (data != NULL) {
		if (len > 0 && archive_write_data(ar, data, len) != (la_ssize_t)len)
			return werr(j->w, OTA_E_IO, "%s: %s", name, aerr(ar));
		return OTA_OK;
	}
	/* the image, in fixed chunks */
	j->pos = 0;
	while (j->pos < size) {
		size_t want = size - j->pos < OTA_AR_CHUNK ? (size_t)(size - j->pos) : OTA_AR_CHUNK;
		size_t got = 0;

		if (job_read(j, j->buf, want, &got) != 0)
			return werr(j->w, OTA_E_IO, "image: read: %s", strerror(errno));
		if (got == 0)
			return werr(j->w, OTA_E_IO, "image: it shrank while being written");
		if (archive_write_data(ar, j->buf, got) != (la_ssize_t)got)
			return werr(j->w, OTA_E_IO, "%s: %s", name, aerr(ar));
	}
	return OTA_OK;
}

static char *
dump(json_t *o)
{
	char *s = json_dumps(o, JSON_INDENT(4) | JSON_PRESERVE_ORDER);

	json_decref(o);
	return s;
}

static int
comp_json_write(void *ctx, const void *buf, size_t len)
{
	struct membuf_ {
		char *p;
		size_t n, cap;
	} *m = ctx;

	if (m->n + len + 1 > m->cap)
		return -1;
	memcpy(m->p + m->n, buf, len);
	m->n += len;
	m->p[m->n] = '\0';
	return 0;
}

static json_t *
hexstr(const uint8_t *p, size_t n)
{
	char b[2 * OTA_MESH_MD_MAX + 1];

	ota__ar_hex(p, n, b, sizeof(b));
	return json_string(b);
}

static char *
ncs_manifest(struct job *j)
{
	char v[48], stem[101];
	json_t *o = json_object(), *files = json_array(), *f = json_object();
	const char *dot;

	(void)ota_fw_version_format(&j->ver, v, sizeof(v));
	(void)snprintf(stem, sizeof(stem), "%s", j->w->name);
	if ((dot = strchr(stem, '.')) != NULL)
		stem[dot - stem] = '\0';
	json_object_set_new(o, "format-version", json_integer(1));
	json_object_set_new(o, "time", json_integer((json_int_t)j->w->mtime));
	json_object_set_new(f, "type", json_string("application"));
	json_object_set_new(f, "load_address", json_integer(ota_mcuboot_load_addr(j->mcu)));
	json_object_set_new(f, "image_index", json_string("0"));
	json_object_set_new(f, "slot_index_primary", json_string("1"));
	json_object_set_new(f, "slot_index_secondary", json_string("2"));
	json_object_set_new(f, "version_MCUBOOT", json_string(v));
	json_object_set_new(f, "size", json_integer((json_int_t)j->size));
	json_object_set_new(f, "file", json_string(j->w->name));
	json_object_set_new(f, "modtime", json_integer((json_int_t)j->w->mtime));
	json_array_append_new(files, f);
	json_object_set_new(o, "files", files);
	json_object_set_new(o, "name", json_string(stem));
	return dump(o);
}

static char *
mesh_json(struct job *j)
{
	struct ota_mesh_writer *w = j->w;
	json_t *o = json_object(), *sv = json_object();
	struct ota_mesh_md *md;
	uint8_t core = w->core;

	json_object_set_new(sv, "major", json_integer(j->ver.major));
	json_object_set_new(sv, "minor", json_integer(j->ver.minor));
	json_object_set_new(sv, "revision", json_integer(j->ver.revision));
	json_object_set_new(sv, "build_number", json_integer((json_int_t)j->ver.build));
	json_object_set_new(o, "sign_version", sv);
	json_object_set_new(o, "binary_size", json_integer((json_int_t)j->size));
	if (w->comp == NULL && (md = ota_mesh_md_new_ctx(&w->ctx)) != NULL) {
		if (ota_mesh_md_decode(md, j->md, j->mdlen) == OTA_OK)
			core = ota_mesh_md_core_type(md);
		ota_mesh_md_free(&md);
	}
	json_object_set_new(o, "core_type", json_integer(core));
	if (w->comp != NULL) {
		struct {
			char *p;
			size_t n, cap;
		} m = { NULL, 0, 65536 };
		json_t *c = NULL;

		if ((m.p = malloc(m.cap)) != NULL &&
		    ota_mesh_comp_write_json(w->comp, comp_json_write, &m) == OTA_OK)
			c = json_loadb(m.p, m.n, 0, NULL);
		free(m.p);
		if (c == NULL) {
			json_decref(o);
			return NULL;
		}
		json_object_set_new(o, "composition_data", c);
		json_object_set_new(o, "composition_hash", json_integer(j->hash));
	}
	json_object_set_new(o, "encoded_metadata", hexstr(j->md, j->mdlen));
	json_object_set_new(o, "firmware_id", hexstr(w->fwid, w->fwid_len));
	if (w->uri != NULL)
		json_object_set_new(o, "update_uri", json_string(w->uri));
	return dump(o);
}

static void
md_name(const struct ota_mesh_writer *w, char *out, size_t len)
{
	char stem[101];
	char *dot;

	(void)snprintf(stem, sizeof(stem), "%s", w->name);
	if ((dot = strchr(stem, '.')) != NULL)
		*dot = '\0';
	(void)snprintf(out, len, "%s_metadata.bin", stem);
}

static char *
spec_manifest(struct job *j)
{
	struct ota_mesh_writer *w = j->w;
	json_t *o = json_object(), *m = json_object(), *f = json_object();
	char mdn[128];

	json_object_set_new(f, "firmware_image_file", json_string(w->name));
	if (j->has_md) {
		md_name(w, mdn, sizeof(mdn));
		json_object_set_new(f, "metadata_file", json_string(mdn));
	}
	json_object_set_new(f, "firmware_id", hexstr(w->fwid, w->fwid_len));
	if (w->uri != NULL)
		json_object_set_new(f, "update_uri", json_string(w->uri));
	json_object_set_new(m, "firmware", f);
	json_object_set_new(o, "manifest", m);
	return dump(o);
}

static int
emit(struct job *j)
{
	struct ota_mesh_writer *w = j->w;
	struct archive *ar;
	char *man = NULL, *mj = NULL, mdn[128];
	int zip = w->dialect == OTA_MESH_DIALECT_NCS_ZIP, r = OTA_OK;

	man = zip ? ncs_manifest(j) : spec_manifest(j);
	if (zip)
		mj = mesh_json(j);
	if (man == NULL || (zip && mj == NULL)) {
		free(man);
		free(mj);
		return OTA_E_NOMEM;
	}
	if ((ar = archive_write_new()) == NULL) {
		free(man);
		free(mj);
		return OTA_E_NOMEM;
	}
	if (zip) {
		if (archive_write_set_format_zip(ar) != ARCHIVE_OK ||
		    archive_write_set_format_option(ar, "zip", "compression", "store") != ARCHIVE_OK)
			r = werr(w, OTA_E_UNSUPPORTED, "ZIP: %s", aerr(ar));
	} else {
		if (archive_write_set_format_ustar(ar) != ARCHIVE_OK ||
		    archive_write_add_filter_gzip(ar) != ARCHIVE_OK ||
		    archive_write_set_filter_option(ar, "gzip", "timestamp", NULL) != ARCHIVE_OK)
			r = werr(w, OTA_E_UNSUPPORTED, "tar.gz: %s", aerr(ar));
	}
	if (r == OTA_OK && (archive_write_set_bytes_in_last_block(ar, 1) != ARCHIVE_OK ||
	    archive_write_open2(ar, j, NULL, out_cb, NULL, NULL) != ARCHIVE_OK))
		r = werr(w, OTA_E_IO, "write: %s", aerr(ar));
	if (r == OTA_OK && zip) {
		if ((r = add(j, ar, w->name, NULL, 0, j->size)) == OTA_OK &&
		    (r = add(j, ar, "manifest.json", man, strlen(man), 0)) == OTA_OK)
			r = add(j, ar, "ble_mesh_metadata.json", mj, strlen(mj), 0);
	} else if (r == OTA_OK) {
		if ((r = add(j, ar, "manifest.json", man, strlen(man), 0)) == OTA_OK &&
		    (r = add(j, ar, w->name, NULL, 0, j->size)) == OTA_OK && j->has_md) {
			md_name(w, mdn, sizeof(mdn));
			r = add(j, ar, mdn, j->md, j->mdlen, 0);
		}
	}
	if (r == OTA_OK && archive_write_close(ar) != ARCHIVE_OK)
		r = werr(w, OTA_E_IO, "write: %s", aerr(ar));
	archive_write_free(ar);
	free(man);
	free(mj);
	return r;
}

int
ota_mesh_writer_write(struct ota_mesh_writer *w, ota_write_fn fn, void *ctx)
{
	struct job j;
	int r, own = 0;
	size_t saved_fwid = 0;

	if (!wok(w) || fn == NULL)
		return OTA_E_INVAL;
	if (w->dialect == OTA_MESH_DIALECT_UNKNOWN)
		return werr(w, OTA_E_STATE, "no dialect set");
	if (w->path == NULL && w->fd < 0)
		return werr(w, OTA_E_STATE, "no image set");
	memset(&j, 0, sizeof(j));
	j.w = w;
	j.fn = fn;
	j.fctx = ctx;
	j.fd = w->fd;
	if (w->path != NULL) {
		do
			j.fd = open(w->path, O_RDONLY | O_CLOEXEC);
		while (j.fd < 0 && errno == EINTR);
		if (j.fd < 0)
			return werr(w, OTA_E_IO, "%.160s: %s", w->path, strerror(errno));
		own = 1;
	}
	if ((j.buf = ota__alloc(&w->env, OTA_AR_CHUNK)) == NULL) {
		r = OTA_E_NOMEM;
		goto out;
	}
	saved_fwid = w->fwid_len;
	if ((r = prepare(&j)) == OTA_OK)
		r = emit(&j);
	w->fwid_len = saved_fwid; /* company + version again next time */
	if (saved_fwid == 0)
		memset(w->fwid, 0, sizeof(w->fwid));
out:
	ota_mcuboot_free(&j.mcu);
	ota__free(&w->env, j.buf);
	if (own)
		(void)close(j.fd);
	if (r == OTA_OK)
		w->errmsg[0] = '\0';
	return r;
}

int
ota_mesh_writer_write_path(struct ota_mesh_writer *w, const char *path)
{
	struct ota_atomic at;
	int r;

	if (!wok(w) || path == NULL)
		return OTA_E_INVAL;
	if ((r = ota__atomic_open(&at, path)) != OTA_OK)
		return werr(w, r, "%.160s: cannot create", path);
	if ((r = ota_mesh_writer_write(w, ota__atomic_write, &at)) != OTA_OK) {
		ota__atomic_abort(&at);
		return r;
	}
	if ((r = ota__atomic_commit(&at)) != OTA_OK)
		return werr(w, r, "%.160s: cannot commit", path);
	return OTA_OK;
}
