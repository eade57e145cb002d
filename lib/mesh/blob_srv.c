/* blob_srv.c - stub */
#include "config.h"

#include "ota_private.h"
#include "blob_int.h"

struct ota_blob_srv {
	uint32_t magic;
	struct ota_env env;
	char errmsg[OTA_MSG_LEN];
};

struct ota_blob_srv *
ota_blob_srv_new(void)
{
	return ota_blob_srv_new_ctx(NULL);
}

struct ota_blob_srv *
ota_blob_srv_new_ctx(const struct ota_ctx *ctx)
{
	struct ota_env env;
	struct ota_blob_srv *h;

	ota__env_from(&env, ctx);
	if ((h = ota__zalloc(&env, sizeof(*h))) == NULL)
		return NULL;
	h->magic = 0x4f544253u;
	h->env = env;
	return h;
}

void
ota_blob_srv_free(struct ota_blob_srv **h)
{
	struct ota_env env;

	if (h == NULL || *h == NULL)
		return;
	env = (*h)->env;
	(*h)->magic = 0;
	ota__free(&env, *h);
	*h = NULL;
}

const char *
ota_blob_srv_errmsg(const struct ota_blob_srv *h)
{
	return h != NULL && h->magic == 0x4f544253u ? h->errmsg : "";
}

int
ota_blob_srv_set_caps(struct ota_blob_srv *s, const struct ota_blob_caps *caps)
{
	(void)s;
	(void)caps;
	return OTA_E_UNSUPPORTED;
}

int
ota_blob_srv_set_sink(struct ota_blob_srv *s, const struct ota_blob_sink *sink)
{
	(void)s;
	(void)sink;
	return OTA_E_UNSUPPORTED;
}

int
ota_blob_srv_set_pull(struct ota_blob_srv *s, uint16_t request_count, uint32_t report_interval_ms)
{
	(void)s;
	(void)request_count;
	(void)report_interval_ms;
	return OTA_E_UNSUPPORTED;
}

int
ota_blob_srv_expect(struct ota_blob_srv *s, uint64_t id, uint16_t timeout_base, uint64_t now_ms)
{
	(void)s;
	(void)id;
	(void)timeout_base;
	(void)now_ms;
	return OTA_E_UNSUPPORTED;
}

int
ota_blob_srv_recv(struct ota_blob_srv *s, uint16_t src, const uint8_t *msg, size_t len, uint64_t now_ms)
{
	(void)s;
	(void)src;
	(void)msg;
	(void)len;
	(void)now_ms;
	return OTA_E_UNSUPPORTED;
}

int
ota_blob_srv_poll(struct ota_blob_srv *s, uint64_t now_ms, struct ota_blob_out *out, uint64_t *next_ms)
{
	(void)s;
	(void)now_ms;
	(void)out;
	(void)next_ms;
	return OTA_E_UNSUPPORTED;
}

int
ota_blob_srv_cancel(struct ota_blob_srv *s)
{
	(void)s;
	return OTA_E_UNSUPPORTED;
}

unsigned
ota_blob_srv_phase(const struct ota_blob_srv *s)
{
	(void)s;
	return 0;
}

int
ota_blob_srv_progress(const struct ota_blob_srv *s, uint32_t *blocks_done, uint32_t *blocks)
{
	(void)s;
	(void)blocks_done;
	(void)blocks;
	return OTA_E_UNSUPPORTED;
}

