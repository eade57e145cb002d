/* fetch_check.c - the fetch handle and the Firmware Check response
 * (libotaimg-mesh-fetch(3)):
 *   {"manifest":{"firmware":{"firmware_id":"<hex>","dfu_chain_size":<int>,
 *    "firmware_image_file_size":<int>}}}
 * parsed with jansson: every key checked for presence and type, the FWID as
 * plain hex of 2..108 bytes, the sizes in range; unknown keys are ignored.
 * Errors name the key. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "fetch_private.h"

int
ota__fetch_ok(const struct ota_mesh_fetch *f)
{
	return f != NULL && f->magic == OTA_FETCH_MAGIC;
}

int
ota__fetch_err(struct ota_mesh_fetch *f, int err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ota__vformat(f->errmsg, sizeof(f->errmsg), fmt, ap);
	va_end(ap);
	f->status = ota_mesh_oob_status(err);
	return err;
}

struct ota_mesh_fetch *
ota_mesh_fetch_new_ctx(const struct ota_ctx *ctx)
{
	struct ota_env env;
	struct ota_mesh_fetch *f;

	ota__env_from(&env, ctx);
	if ((f = ota__zalloc(&env, sizeof(*f))) == NULL)
		return NULL;
	f->magic = OTA_FETCH_MAGIC;
	f->env = env;
	f->ctx.magic = OTA_CTX_MAGIC;
	f->ctx.env = env;
	f->check_max = OTA_MESH_FETCH_CHECK_MAX;
	f->archive_max = OTA_MESH_FETCH_ARCHIVE_MAX;
	f->connect_ms = OTA_MESH_FETCH_CONNECT_MS;
	f->total_ms = OTA_MESH_FETCH_TOTAL_MS;
	return f;
}

struct ota_mesh_fetch *
ota_mesh_fetch_new(void)
{
	return ota_mesh_fetch_new_ctx(NULL);
}

void
ota_mesh_fetch_free(struct ota_mesh_fetch **fp)
{
	struct ota_mesh_fetch *f;

	if (fp == NULL || !ota__fetch_ok(*fp))
		return;
	f = *fp;
	ota__free(&f->env, f->ca_file);
	ota__free(&f->env, f->path);
	f->magic = 0;
	ota__free(&f->env, f);
	*fp = NULL;
}

const char *
ota_mesh_fetch_errmsg(const struct ota_mesh_fetch *f)
{
	return ota__fetch_ok(f) ? f->errmsg : "invalid fetch handle";
}

int
ota_mesh_fetch_set_ca_file(struct ota_mesh_fetch *f, const char *path)
{
	char *copy = NULL;
	size_t n;

	if (!ota__fetch_ok(f))
		return OTA_E_INVAL;
	if (path != NULL) {
		if (*path == '\0')
			return ota__fetch_err(f, OTA_E_INVAL, "CA file: empty name");
		n = strlen(path) + 1;
		if ((copy = ota__alloc(&f->env, n)) == NULL)
			return OTA_E_NOMEM;
		memcpy(copy, path, n);
	}
	ota__free(&f->env, f->ca_file);
	f->ca_file = copy;
	return OTA_OK;
}

int
ota_mesh_fetch_set_limits(struct ota_mesh_fetch *f, uint64_t check_max, uint64_t archive_max)
{
	if (!ota__fetch_ok(f))
		return OTA_E_INVAL;
	if (check_max > UINT64_C(16) * 1024u * 1024u)
		return ota__fetch_err(f, OTA_E_RANGE, "check response limit %llu above 16 MiB",
		    (unsigned long long)check_max);
	f->check_max = check_max != 0 ? check_max : OTA_MESH_FETCH_CHECK_MAX;
	f->archive_max = archive_max != 0 ? archive_max : OTA_MESH_FETCH_ARCHIVE_MAX;
	return OTA_OK;
}

int
ota_mesh_fetch_set_progress(struct ota_mesh_fetch *f, ota_progress_fn fn, void *arg)
{
	if (!ota__fetch_ok(f))
		return OTA_E_INVAL;
	f->prog.fn = fn;
	f->prog.arg = arg;
	return OTA_OK;
}

int
ota_mesh_fetch_set_timeouts(struct ota_mesh_fetch *f, unsigned connect_ms, unsigned total_ms)
{
	if (!ota__fetch_ok(f))
		return OTA_E_INVAL;
	f->connect_ms = connect_ms != 0 ? connect_ms : OTA_MESH_FETCH_CONNECT_MS;
	f->total_ms = total_ms != 0 ? total_ms : OTA_MESH_FETCH_TOTAL_MS;
	return OTA_OK;
}

static int
hexdigit(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* key of o as an object, string or integer (type), else the error naming it */
static int
member(struct ota_mesh_fetch *f, const json_t *o, const char *path, const char *key, int type,
    json_t **out)
{
	static const char *names[] = { "an object", "a string", "an integer" };
	static const json_type types[] = { JSON_OBJECT, JSON_STRING, JSON_INTEGER };

	*out = json_object_get(o, key);
	if (*out == NULL)
		return ota__fetch_err(f, OTA_E_MANIFEST, "check response: %s%s missing", path, key);
	if (json_typeof(*out) != types[type])
		return ota__fetch_err(f, OTA_E_MANIFEST, "check response: %s%s is not %s", path, key,
		    names[type]);
	return OTA_OK;
}

static int
parse_fwid(struct ota_mesh_fetch *f, const json_t *v)
{
	const char *s = json_string_value(v);
	size_t n = json_string_length(v), i, len = sizeof(f->fwid);

	for (i = 0; i < n; i++)
		if (!hexdigit(s[i]))
			return ota__fetch_err(f, OTA_E_MANIFEST,
			    "check response: manifest.firmware.firmware_id: character %zu is not a hex digit",
			    i);
	if (n % 2 != 0)
		return ota__fetch_err(f, OTA_E_MANIFEST,
		    "check response: manifest.firmware.firmware_id: odd number of hex digits (%zu)", n);
	if (n < 2 * OTA_FWID_MIN || n > 2 * OTA_FWID_MAX)
		return ota__fetch_err(f, OTA_E_MANIFEST,
		    "check response: manifest.firmware.firmware_id: %zu bytes, not %u..%u", n / 2,
		    OTA_FWID_MIN, OTA_FWID_MAX);
	if (ota_fwid_parse(s, f->fwid, &len) != OTA_OK)
		return ota__fetch_err(f, OTA_E_MANIFEST,
		    "check response: manifest.firmware.firmware_id: not a FWID");
	f->fwid_len = len;
	return OTA_OK;
}

static int
parse_size(struct ota_mesh_fetch *f, const json_t *v, const char *key, uint64_t max,
    uint64_t *out)
{
	json_int_t n = json_integer_value(v);

	if (n < 1 || (uint64_t)n > max)
		return ota__fetch_err(f, OTA_E_MANIFEST,
		    "check response: manifest.firmware.%s: %lld out of range 1..%llu", key,
		    (long long)n, (unsigned long long)max);
	*out = (uint64_t)n;
	return OTA_OK;
}

int
ota_mesh_fetch_parse_check(struct ota_mesh_fetch *f, const void *buf, size_t len)
{
	json_error_t je;
	json_t *root, *man, *fw, *id, *chain, *size;
	uint64_t c = 0, s = 0;
	int r;

	if (!ota__fetch_ok(f))
		return OTA_E_INVAL;
	if (buf == NULL && len > 0)
		return ota__fetch_err(f, OTA_E_INVAL, "check response: no buffer");
	f->have_check = 0;
	f->fwid_len = 0;
	f->status = OTA_MESH_OOB_SUCCESS;
	f->errmsg[0] = '\0';
	if (len > f->check_max)
		return ota__fetch_err(f, OTA_E_LIMIT, "check response: %zu bytes, over the limit %llu",
		    len, (unsigned long long)f->check_max);
	if (len == 0)
		return ota__fetch_err(f, OTA_E_MANIFEST, "check response: empty");
	root = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &je);
	if (root == NULL)
		return ota__fetch_err(f, OTA_E_MANIFEST,
		    "check response: not JSON at byte %d (line %d): %s", je.position, je.line,
		    je.text);
	if (!json_is_object(root))
		r = ota__fetch_err(f, OTA_E_MANIFEST, "check response: not a JSON object");
	else if ((r = member(f, root, "", "manifest", 0, &man)) == OTA_OK &&
	    (r = member(f, man, "manifest.", "firmware", 0, &fw)) == OTA_OK &&
	    (r = member(f, fw, "manifest.firmware.", "firmware_id", 1, &id)) == OTA_OK &&
	    (r = member(f, fw, "manifest.firmware.", "dfu_chain_size", 2, &chain)) == OTA_OK &&
	    (r = member(f, fw, "manifest.firmware.", "firmware_image_file_size", 2, &size)) ==
		OTA_OK &&
	    (r = parse_fwid(f, id)) == OTA_OK &&
	    (r = parse_size(f, chain, "dfu_chain_size", OTA_FETCH_CHAIN_MAX, &c)) == OTA_OK)
		r = parse_size(f, size, "firmware_image_file_size", OTA_MESH_ARCHIVE_IMAGE_MAX, &s);
	json_decref(root);
	if (r != OTA_OK) {
		f->fwid_len = 0;
		return r;
	}
	f->chain = c;
	f->fsize = s;
	f->have_check = 1;
	return OTA_OK;
}

int
ota_mesh_check_format(const uint8_t *fwid, size_t fwid_len, uint64_t dfu_chain_size,
    uint64_t file_size, char *buf, size_t buflen)
{
	char hex[2 * OTA_FWID_MAX + 1];
	int n;

	if (fwid == NULL || (buf == NULL && buflen > 0))
		return OTA_E_INVAL;
	if (fwid_len < OTA_FWID_MIN || fwid_len > OTA_FWID_MAX)
		return OTA_E_RANGE;
	if (dfu_chain_size < 1 || dfu_chain_size > OTA_FETCH_CHAIN_MAX || file_size < 1 ||
	    file_size > OTA_MESH_ARCHIVE_IMAGE_MAX)
		return OTA_E_RANGE;
	ota__fetch_hex(fwid, fwid_len, hex);
	n = snprintf(buf, buflen,
	    "{\"manifest\":{\"firmware\":{\"firmware_id\":\"%s\",\"dfu_chain_size\":%llu,"
	    "\"firmware_image_file_size\":%llu}}}\n",
	    hex, (unsigned long long)dfu_chain_size, (unsigned long long)file_size);
	return n < 0 ? OTA_E_INVAL : n;
}

int
ota_mesh_fetch_status(const struct ota_mesh_fetch *f)
{
	return ota__fetch_ok(f) ? f->status : OTA_MESH_OOB_INTERNAL_ERROR;
}

long
ota_mesh_fetch_http_code(const struct ota_mesh_fetch *f)
{
	return ota__fetch_ok(f) ? f->http : 0;
}

int
ota_mesh_fetch_fwid(const struct ota_mesh_fetch *f, const uint8_t **fwid, size_t *len)
{
	if (!ota__fetch_ok(f) || fwid == NULL || len == NULL)
		return OTA_E_INVAL;
	if (!f->have_check)
		return OTA_E_STATE;
	*fwid = f->fwid;
	*len = f->fwid_len;
	return OTA_OK;
}

int
ota_mesh_fetch_sizes(const struct ota_mesh_fetch *f, uint64_t *dfu_chain_size,
    uint64_t *file_size)
{
	if (!ota__fetch_ok(f))
		return OTA_E_INVAL;
	if (!f->have_check)
		return OTA_E_STATE;
	if (dfu_chain_size != NULL)
		*dfu_chain_size = f->chain;
	if (file_size != NULL)
		*file_size = f->fsize;
	return OTA_OK;
}

const char *
ota_mesh_fetch_path(const struct ota_mesh_fetch *f)
{
	return ota__fetch_ok(f) ? f->path : NULL;
}
