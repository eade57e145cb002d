/* check.c - "validate against a trusted source": a candidate image in any
 * format libotaimg verifies must verify against the configured trust
 * anchors, be for this device and be newer than the installed version.
 * The order per format:
 *   Zigbee OTA   file version, unsigned 32-bit compare (ZCL OTA); identity
 *                manufacturer code and image type (0xFFFF in the image
 *                matches all, ota_image_applies); a signature that verifies
 *                against the trust (ECQV suite 1/2, or GBCS supplier).
 *   MCUboot      major, minor, revision, build (ota_fw_version_compare, as
 *                MCUboot's own downgrade check); identity: the key the
 *                image names (key hash or public key TLV).
 *   Mesh archive the MCUboot version of its image; identity: the key, and
 *                the FWID company when one is configured.
 * Then the install helper copies a checked candidate atomically. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ocf/ocf_private.h"

#define OTA_OCF_CHECK_MAGIC 0x4f434643u /* "OCFC" */

struct ota_ocf_check {
	uint32_t magic;
	struct ota_env env;
	struct ota_ctx ctx;               /* the env again, for the handles made here */
	const struct ota_trust *trust;
	const struct ota_key *keys[OTA_TRUST_MAX_ANCHORS];
	size_t nkeys;
	int has_zid;
	uint16_t mfr, itype;
	int32_t company;
	int has_file_version, has_fw;
	uint32_t file_version;
	struct ota_fw_version fw;
};

static int
ok(const struct ota_ocf_check *c)
{
	return c != NULL && c->magic == OTA_OCF_CHECK_MAGIC;
}

struct ota_ocf_check *
ota_ocf_check_new_ctx(const struct ota_ctx *ctx)
{
	struct ota_ocf_check *c;
	struct ota_env env;

	ota__env_from(&env, ctx);
	if ((c = ota__zalloc(&env, sizeof(*c))) == NULL)
		return NULL;
	c->magic = OTA_OCF_CHECK_MAGIC;
	c->env = env;
	c->ctx.magic = OTA_CTX_MAGIC;
	c->ctx.env = env;
	c->company = -1;
	return c;
}

struct ota_ocf_check *
ota_ocf_check_new(void)
{
	return ota_ocf_check_new_ctx(NULL);
}

void
ota_ocf_check_free(struct ota_ocf_check **c)
{
	struct ota_env env;

	if (c == NULL || !ok(*c))
		return;
	env = (*c)->env;
	(*c)->magic = 0;
	ota__free(&env, *c);
	*c = NULL;
}

int
ota_ocf_check_set_trust(struct ota_ocf_check *c, const struct ota_trust *trust)
{
	if (!ok(c))
		return OTA_E_INVAL;
	c->trust = trust;
	return OTA_OK;
}

int
ota_ocf_check_add_key(struct ota_ocf_check *c, const struct ota_key *key)
{
	if (!ok(c) || key == NULL)
		return OTA_E_INVAL;
	if (c->nkeys >= OTA_TRUST_MAX_ANCHORS)
		return OTA_E_LIMIT;
	c->keys[c->nkeys++] = key;
	return OTA_OK;
}

int
ota_ocf_check_set_zigbee_identity(struct ota_ocf_check *c, uint16_t manufacturer,
    uint16_t image_type)
{
	if (!ok(c))
		return OTA_E_INVAL;
	c->has_zid = 1;
	c->mfr = manufacturer;
	c->itype = image_type;
	return OTA_OK;
}

int
ota_ocf_check_set_mesh_company(struct ota_ocf_check *c, int32_t company)
{
	if (!ok(c) || company < -1 || company > 0xFFFF)
		return OTA_E_INVAL;
	c->company = company;
	return OTA_OK;
}

int
ota_ocf_check_set_installed_file_version(struct ota_ocf_check *c, uint32_t v)
{
	if (!ok(c))
		return OTA_E_INVAL;
	c->has_file_version = 1;
	c->file_version = v;
	return OTA_OK;
}

int
ota_ocf_check_set_installed_fw_version(struct ota_ocf_check *c, const struct ota_fw_version *v)
{
	if (!ok(c) || v == NULL)
		return OTA_E_INVAL;
	c->has_fw = 1;
	c->fw = *v;
	return OTA_OK;
}

void
ota__ocf_cand_version_text(struct ota_ocf_candidate *c)
{
	if (c->kind == OTA_OCF_KIND_ZIGBEE)
		(void)snprintf(c->version, sizeof(c->version), "0x%08X", c->file_version);
	else
		(void)ota_fw_version_format(&c->fw, c->version, sizeof(c->version));
}

static int
refuse(struct ota_ocf_candidate *o, enum ota_ocf_reason why, int err, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static int
refuse(struct ota_ocf_candidate *o, enum ota_ocf_reason why, int err, const char *fmt, ...)
{
	va_list ap;

	o->reason = why;
	o->err = err;
	va_start(ap, fmt);
	(void)vsnprintf(o->msg, sizeof(o->msg), fmt, ap);
	va_end(ap);
	return err;
}

/* A verification error as a reason. */
static enum ota_ocf_reason
reason_of(int err)
{
	switch (err) {
	case OTA_E_BAD_SIGNATURE:
	case OTA_E_DIGEST:
		return OTA_OCF_REASON_BAD_SIGNATURE;
	case OTA_E_UNSIGNED:
	case OTA_E_SIG_UNCHECKED:
	case OTA_E_UNPROTECTED:
	case OTA_E_NOKEY:
		return OTA_OCF_REASON_UNSIGNED;
	case OTA_E_WRONG_KEY:
		return OTA_OCF_REASON_WRONG_IDENTITY;
	default:
		return OTA_OCF_REASON_MALFORMED;
	}
}

static int
check_zigbee(struct ota_ocf_check *c, int fd, struct ota_ocf_candidate *o)
{
	struct ota_image *img = ota_image_new_ctx(&c->ctx);
	enum ota_applies why = OTA_APPLIES;
	int r;

	if (img == NULL)
		return refuse(o, OTA_OCF_REASON_MALFORMED, OTA_E_NOMEM, "out of memory");
	if ((r = ota_image_open_fd(img, fd)) != OTA_OK) {
		r = refuse(o, OTA_OCF_REASON_MALFORMED, r, "not an image: %s", ota_image_errmsg(img));
		goto out;
	}
	o->file_version = ota_image_file_version(img);
	ota__ocf_cand_version_text(o);
	r = ota_image_verify_trust(img, c->trust, 0);
	if (r == OTA_OK && ota_image_sig_result(img) != OTA_SIG_VALID)
		r = OTA_E_UNSIGNED;
	if (r != OTA_OK) {
		r = refuse(o, reason_of(r) == OTA_OCF_REASON_WRONG_IDENTITY ?
		    OTA_OCF_REASON_BAD_SIGNATURE : reason_of(r), r, "%s: %s", ota_strerror(r),
		    r == OTA_E_UNSIGNED ? "no signature that verifies against the trust anchors" :
		    ota_image_errmsg(img));
		goto out;
	}
	if (!c->has_zid) {
		r = refuse(o, OTA_OCF_REASON_WRONG_IDENTITY, OTA_E_NOT_APPLICABLE, "no Zigbee "
		    "identity (manufacturer, image type) configured");
		goto out;
	}
	if (!c->has_file_version) {
		r = refuse(o, OTA_OCF_REASON_NOT_NEWER, OTA_E_NOT_APPLICABLE, "no installed Zigbee "
		    "file version configured");
		goto out;
	}
	r = ota_image_applies(img, c->mfr, c->itype, c->file_version, -1, &why);
	if (r == OTA_E_NOT_APPLICABLE && why == OTA_APPLIES_NOT_NEWER)
		r = refuse(o, OTA_OCF_REASON_NOT_NEWER, r, "file version 0x%08X is not newer than the "
		    "installed 0x%08X", o->file_version, c->file_version);
	else if (r == OTA_E_NOT_APPLICABLE)
		r = refuse(o, OTA_OCF_REASON_WRONG_IDENTITY, r, "manufacturer 0x%04X image type "
		    "0x%04X, this device is 0x%04X 0x%04X (%s)", ota_image_manufacturer_code(img),
		    ota_image_image_type(img), c->mfr, c->itype, ota_applies_name(why));
	else if (r != OTA_OK)
		r = refuse(o, OTA_OCF_REASON_MALFORMED, r, "%s", ota_strerror(r));
out:
	ota_image_free(&img);
	return r;
}

/* Verify an MCUboot image with each key until one is the image's. */
static int
mcuboot_keys(struct ota_ocf_check *c, struct ota_mcuboot *m, struct ota_ocf_candidate *o,
    char *msg, size_t len)
{
	size_t i;
	int r = OTA_E_NOKEY;

	(void)snprintf(msg, len, "no public key configured");
	for (i = 0; i < c->nkeys; i++) {
		r = ota_mcuboot_verify(m, c->keys[i], OTA_VERIFY_REQUIRE_SIGNATURE);
		(void)snprintf(msg, len, "%s", ota_mcuboot_errmsg(m));
		if (r != OTA_E_WRONG_KEY)
			break;
	}
	(void)o;
	return r;
}

static int
version_newer(struct ota_ocf_check *c, struct ota_ocf_candidate *o)
{
	char have[OTA_OCF_VERSION_TEXT];

	if (!c->has_fw)
		return refuse(o, OTA_OCF_REASON_NOT_NEWER, OTA_E_NOT_APPLICABLE, "no installed "
		    "firmware version (M.m.r+b) configured");
	if (ota_fw_version_compare(&o->fw, &c->fw) <= 0) {
		(void)ota_fw_version_format(&c->fw, have, sizeof(have));
		return refuse(o, OTA_OCF_REASON_NOT_NEWER, OTA_E_NOT_APPLICABLE, "version %s is not "
		    "newer than the installed %s", o->version, have);
	}
	return OTA_OK;
}

static int
check_mcuboot(struct ota_ocf_check *c, int fd, struct ota_ocf_candidate *o)
{
	struct ota_mcuboot *m = ota_mcuboot_new_ctx(&c->ctx);
	struct ota_fd_ctx f = { fd, 0 };
	char msg[OTA_MSG_LEN];
	int r;

	if (m == NULL)
		return refuse(o, OTA_OCF_REASON_MALFORMED, OTA_E_NOMEM, "out of memory");
	/* read forward: MCUboot hashes it on the way */
	if ((r = ota_mcuboot_open_cb(m, ota__fd_io.read, &f)) != OTA_OK) {
		r = refuse(o, OTA_OCF_REASON_MALFORMED, r, "not an image: %s", ota_mcuboot_errmsg(m));
		goto out;
	}
	(void)ota_mcuboot_version(m, &o->fw);
	ota__ocf_cand_version_text(o);
	if ((r = mcuboot_keys(c, m, o, msg, sizeof(msg))) != OTA_OK) {
		r = refuse(o, reason_of(r), r, "%s: %s", ota_strerror(r), msg);
		goto out;
	}
	r = version_newer(c, o);
out:
	ota_mcuboot_free(&m);
	return r;
}

static int
check_archive(struct ota_ocf_check *c, int fd, struct ota_ocf_candidate *o)
{
	struct ota_mesh_archive *a = ota_mesh_archive_new_ctx(&c->ctx);
	const struct ota_mcuboot *m;
	const uint8_t *fwid;
	size_t i, fl;
	int r = OTA_E_NOKEY;

	if (a == NULL)
		return refuse(o, OTA_OCF_REASON_MALFORMED, OTA_E_NOMEM, "out of memory");
	if ((r = ota_mesh_archive_open_fd(a, fd)) != OTA_OK) {
		r = refuse(o, OTA_OCF_REASON_MALFORMED, r, "not an archive: %s",
		    ota_mesh_archive_errmsg(a));
		goto out;
	}
	if ((m = ota_mesh_archive_mcuboot(a)) == NULL) {
		r = refuse(o, OTA_OCF_REASON_MALFORMED, OTA_E_UNSUPPORTED, "the archive's image is not "
		    "an MCUboot image");
		goto out;
	}
	(void)ota_mcuboot_version(m, &o->fw);
	ota__ocf_cand_version_text(o);
	for (i = 0, r = OTA_E_NOKEY; i < c->nkeys; i++) {
		r = ota_mesh_archive_verify(a, c->keys[i], OTA_VERIFY_REQUIRE_SIGNATURE);
		if (r != OTA_E_WRONG_KEY)
			break;
	}
	if (r != OTA_OK) {
		r = refuse(o, reason_of(r), r, "%s: %s", ota_strerror(r), c->nkeys == 0 ?
		    "no public key configured" : ota_mesh_archive_errmsg(a));
		goto out;
	}
	if (c->company >= 0 && (ota_mesh_archive_fwid(a, &fwid, &fl) != OTA_OK || fl < 2 ||
	    (fwid[0] | fwid[1] << 8) != c->company)) {
		r = refuse(o, OTA_OCF_REASON_WRONG_IDENTITY, OTA_E_NOT_APPLICABLE, "the FWID company "
		    "is not 0x%04X", (unsigned)c->company);
		goto out;
	}
	r = version_newer(c, o);
out:
	ota_mesh_archive_free(&a);
	return r;
}

int
ota__ocf_open_regular(const char *path, int *err, uint64_t *size)
{
	struct stat st;
	int fd;

	*err = 0;
	if (stat(path, &st) != 0) {
		*err = errno;
		return -1;
	}
	if (!S_ISREG(st.st_mode)) {
		*err = ENODEV;
		return -1;
	}
	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY)) < 0) {
		*err = errno;
		return -1;
	}
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size < 0) { /* replaced */
		(void)close(fd);
		*err = ENODEV;
		return -1;
	}
	*size = (uint64_t)st.st_size;
	return fd;
}

/* The kind by the first bytes, the descriptor back at offset 0. */
static enum ota_ocf_kind
sniff(int fd, int *err)
{
	uint8_t buf[512];
	ssize_t n;

	do
		n = read(fd, buf, sizeof(buf));
	while (n < 0 && errno == EINTR);
	*err = n < 0 ? errno : 0;
	if (n < 0 || lseek(fd, 0, SEEK_SET) != 0) {
		if (*err == 0)
			*err = errno;
		return OTA_OCF_KIND_NONE;
	}
	if (ota_mcuboot_sniff(buf, (size_t)n))
		return OTA_OCF_KIND_MCUBOOT;
	if (ota_mesh_archive_sniff(buf, (size_t)n))
		return OTA_OCF_KIND_MESH_ARCHIVE;
	return OTA_OCF_KIND_ZIGBEE;
}

int
ota_ocf_check_candidate(struct ota_ocf_check *c, const char *path, struct ota_ocf_candidate *out)
{
	uint64_t size;
	int r, err, fd = -1;

	if (!ok(c) || path == NULL || out == NULL)
		return OTA_E_INVAL;
	memset(out, 0, sizeof(*out));
	if (strlen(path) >= sizeof(out->path))
		return refuse(out, OTA_OCF_REASON_MALFORMED, OTA_E_LIMIT, "the path is longer than %u",
		    OTA_OCF_PATH_MAX - 1);
	(void)snprintf(out->path, sizeof(out->path), "%s", path);
	/* one open: what was found a regular file is what is read (a name
	 * swapped for a FIFO meanwhile cannot block a second open) */
	if ((fd = ota__ocf_open_regular(path, &err, &size)) >= 0)
		out->kind = sniff(fd, &err);
	if (err == ENODEV)
		return refuse(out, OTA_OCF_REASON_MALFORMED, OTA_E_IO, "not a regular file (a FIFO, "
		    "socket or device)");
	if (err != 0) {
		if (fd >= 0)
			(void)close(fd);
		return refuse(out, OTA_OCF_REASON_MALFORMED, OTA_E_IO, "cannot read: %s", strerror(err));
	}
	r = out->kind == OTA_OCF_KIND_MCUBOOT ? check_mcuboot(c, fd, out) :
	    out->kind == OTA_OCF_KIND_MESH_ARCHIVE ? check_archive(c, fd, out) :
	    check_zigbee(c, fd, out);
	(void)close(fd);
	if (r == OTA_OK) {
		out->reason = OTA_OCF_REASON_AVAILABLE;
		out->err = 0;
		(void)snprintf(out->msg, sizeof(out->msg), "verified, for this device, newer than "
		    "the installed version");
	}
	return r;
}

static int
newer(const struct ota_ocf_candidate *a, const struct ota_ocf_candidate *b)
{
	if (a->kind == OTA_OCF_KIND_ZIGBEE)
		return a->file_version > b->file_version;
	return ota_fw_version_compare(&a->fw, &b->fw) > 0;
}

int
ota_ocf_check_pick(struct ota_ocf_check *c, const char *const *paths, size_t n, size_t *best,
    struct ota_ocf_candidate *results)
{
	struct ota_ocf_candidate one, top;
	size_t i, found = (size_t)-1;
	int r;

	if (!ok(c) || (paths == NULL && n > 0) || best == NULL)
		return OTA_E_INVAL;
	memset(&top, 0, sizeof(top));
	for (i = 0; i < n; i++) {
		r = ota_ocf_check_candidate(c, paths[i], &one);
		if (results != NULL)
			results[i] = one;
		if (r == OTA_E_NOMEM) /* no verdict: not a refusal, nor another pick */
			return r;
		if (r == OTA_OK &&
		    (found == (size_t)-1 || (one.kind == top.kind && newer(&one, &top)))) {
			found = i;
			top = one;
		}
	}
	if (found == (size_t)-1)
		return OTA_E_NOT_FOUND;
	*best = found;
	return OTA_OK;
}

int
ota_ocf_check_install(struct ota_ocf_check *c, const struct ota_ocf_candidate *cand,
    const char *dest)
{
	struct ota_ocf_candidate again;
	struct ota_output *out;
	const char *staged;
	uint64_t size, copied = 0;
	uint8_t *buf;
	ssize_t n;
	int fd = -1, r, e;

	if (!ok(c) || cand == NULL || dest == NULL)
		return OTA_E_INVAL;
	if ((out = ota_output_new()) == NULL)
		return OTA_E_NOMEM;
	if ((r = ota_output_open(out, dest, 0)) != OTA_OK) {
		ota_output_free(&out);
		return r;
	}
	buf = ota__alloc(&c->env, OTA_IOBUF);
	if (buf == NULL || (fd = ota__ocf_open_regular(cand->path, &e, &size)) < 0) {
		r = buf == NULL ? OTA_E_NOMEM : OTA_E_IO;
		ota__free(&c->env, buf);
		ota_output_abort(out);
		ota_output_free(&out);
		return r;
	}
	for (;;) {
		n = read(fd, buf, OTA_IOBUF);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			r = n < 0 ? OTA_E_IO : OTA_OK;
			break;
		}
		copied += (uint64_t)n;
		if (copied > size) { /* it grows while copied: not what was checked */
			r = OTA_E_STATE;
			break;
		}
		if (ota_output_write(out, buf, (size_t)n) != 0) {
			r = OTA_E_IO;
			break;
		}
	}
	(void)close(fd);
	ota__free(&c->env, buf);
	/* the file may have changed since the check: check what was staged
	 * (the source again when the output is written in place) */
	staged = ota_output_temp_path(out);
	if (r == OTA_OK) {
		r = ota_ocf_check_candidate(c, staged != NULL ? staged : cand->path, &again);
		if (r != OTA_E_NOMEM && (r != OTA_OK || again.kind != cand->kind ||
		    strcmp(again.version, cand->version) != 0))
			r = OTA_E_STATE;
	}
	if (r == OTA_OK)
		r = ota_output_commit(out);
	else
		ota_output_abort(out);
	ota_output_free(&out);
	return r;
}
