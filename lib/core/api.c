/* api.c - the library context, the enum names and the checked getters
 * (issue 9 item 6: an API that can grow). */
#include "config.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/err.h>

#include "ota_private.h"

/* ---- library context ---- */

struct ota_ctx *
ota_ctx_new(void)
{
	struct ota_ctx *c = calloc(1, sizeof(*c));

	if (c != NULL)
		c->magic = OTA_CTX_MAGIC;
	return c;
}

void
ota_ctx_free(struct ota_ctx **cp)
{
	if (cp == NULL || *cp == NULL)
		return;
	(*cp)->magic = 0;
	free(*cp);
	*cp = NULL;
}

static int
ctx_ok(const struct ota_ctx *c)
{
	return c != NULL && c->magic == OTA_CTX_MAGIC;
}

int
ota_ctx_set_libctx(struct ota_ctx *c, void *libctx, const char *propq)
{
	if (!ctx_ok(c) || (propq != NULL && strlen(propq) >= OTA_PROPQ_MAX))
		return OTA_E_INVAL;
	c->env.libctx = libctx;
	(void)snprintf(c->env.propq, sizeof(c->env.propq), "%s", propq != NULL ? propq : "");
	return OTA_OK;
}

int
ota_ctx_set_log(struct ota_ctx *c, ota_log_fn fn, void *arg)
{
	if (!ctx_ok(c))
		return OTA_E_INVAL;
	c->env.log = fn;
	c->env.logarg = arg;
	return OTA_OK;
}

int
ota_ctx_set_allocator(struct ota_ctx *c, ota_realloc_fn ra, ota_free_fn fr, void *arg)
{
	if (!ctx_ok(c) || (ra == NULL) != (fr == NULL))
		return OTA_E_INVAL;
	c->env.ra = ra;
	c->env.fr = fr;
	c->env.aarg = ra != NULL ? arg : NULL;
	return OTA_OK;
}

void *
ota__alloc(const struct ota_env *env, size_t n)
{
	if (env == NULL || env->ra == NULL)
		return malloc(n);
	return env->ra(env->aarg, NULL, n != 0 ? n : 1);
}

void *
ota__zalloc(const struct ota_env *env, size_t n)
{
	void *p;

	if (env == NULL || env->ra == NULL)
		return calloc(1, n);
	if ((p = env->ra(env->aarg, NULL, n != 0 ? n : 1)) != NULL)
		memset(p, 0, n);
	return p;
}

void *
ota__realloc(const struct ota_env *env, void *p, size_t n)
{
	if (env == NULL || env->ra == NULL)
		return realloc(p, n);
	return env->ra(env->aarg, p, n != 0 ? n : 1);
}

void
ota__free(const struct ota_env *env, void *p)
{
	if (env == NULL || env->ra == NULL)
		free(p);
	else if (p != NULL)
		env->fr(env->aarg, p);
}

void
ota__env_from(struct ota_env *env, const struct ota_ctx *c)
{
	if (ctx_ok(c))
		*env = c->env;
	else
		memset(env, 0, sizeof(*env));
}

const char *
ota__propq(const struct ota_env *env)
{
	return env != NULL && env->propq[0] != '\0' ? env->propq : NULL;
}

void
ota__log(const struct ota_env *env, const char *fmt, ...)
{
	char line[2 * OTA_MSG_LEN];
	const char *data = NULL, *why;
	unsigned long e;
	int flags = 0, text;
	size_t n;
	va_list ap;

	if (env == NULL || env->log == NULL)
		return;
	va_start(ap, fmt);
	ota__vformat(line, sizeof(line), fmt, ap);
	va_end(ap);
	/* OpenSSL's reason, which the handle's message does not carry */
	if ((e = ERR_peek_last_error_all(NULL, NULL, NULL, &data, &flags)) != 0) {
		why = ERR_SYSTEM_ERROR(e) ? strerror((int)ERR_GET_REASON(e)) :
		    ERR_reason_error_string(e);
		text = (flags & ERR_TXT_STRING) != 0 && data != NULL && *data != '\0';
		n = strlen(line);
		(void)snprintf(line + n, sizeof(line) - n, ": OpenSSL: %s%s%s%s",
		    why != NULL ? why : "unknown reason", text ? " (" : "", text ? data : "",
		    text ? ")" : "");
	}
	env->log(env->logarg, line);
}

/* ---- one name per public enum ("unknown" for any other value) ---- */

const char *
ota_severity_name(enum ota_severity s)
{
	static const char *const n[] = { "info", "warning", "error" };

	return (unsigned)s < 3 ? n[s] : "unknown";
}

const char *
ota_container_name(enum ota_container c)
{
	static const char *const n[] = { "none", "ngis", "size-prefix", "unknown", "tar" };

	return (unsigned)c < sizeof(n) / sizeof(n[0]) ? n[c] : "unknown";
}

const char *
ota_walk_name(enum ota_walk w)
{
	static const char *const n[] = { "standard", "telink-f000", "failed", "gbcs" };

	return (unsigned)w < 4 ? n[w] : "unknown";
}

const char *
ota_format_name(enum ota_format f)
{
	static const char *const n[] = { "auto", "zigbee", "gbcs" };

	return (unsigned)f < 3 ? n[f] : "unknown";
}

const char *
ota_iic_result_name(enum ota_iic_result r)
{
	static const char *const n[] = { "absent", "not-checked", "match", "match-vendor",
		"mismatch" };

	return (unsigned)r < 5 ? n[r] : "unknown";
}

const char *
ota_applies_name(enum ota_applies a)
{
	static const char *const n[] = { "applies", "manufacturer", "image-type", "not-newer",
		"hw-version" };

	return (unsigned)a < 5 ? n[a] : "unknown";
}

const char *
ota_sig_result_name(enum ota_sig_result r)
{
	static const char *const n[] = { "absent", "not-checked", "valid", "invalid" };

	return (unsigned)r < 4 ? n[r] : "unknown";
}

const char *
ota_key_type_name(enum ota_key_type t)
{
	static const char *const n[] = { "p256", "ed25519", "sect163k1", "sect283k1", "p384",
	    "rsa-2048", "rsa-3072" };

	return (unsigned)t >= 1 && (unsigned)t <= 7 ? n[t - 1] : "unknown";
}
