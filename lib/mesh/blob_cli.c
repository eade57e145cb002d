/* blob_cli.c - stub */
#include "config.h"

#include "ota_private.h"
#include "blob_int.h"

struct ota_blob_cli {
	uint32_t magic;
	struct ota_env env;
	char errmsg[OTA_MSG_LEN];
};

struct ota_blob_cli *
ota_blob_cli_new(void)
{
	return ota_blob_cli_new_ctx(NULL);
}

struct ota_blob_cli *
ota_blob_cli_new_ctx(const struct ota_ctx *ctx)
{
	struct ota_env env;
	struct ota_blob_cli *h;

	ota__env_from(&env, ctx);
	if ((h = ota__zalloc(&env, sizeof(*h))) == NULL)
		return NULL;
	h->magic = 0x4f54424bu;
	h->env = env;
	return h;
}

void
ota_blob_cli_free(struct ota_blob_cli **h)
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
ota_blob_cli_errmsg(const struct ota_blob_cli *h)
{
	return h != NULL && h->magic == 0x4f54424bu ? h->errmsg : "";
}

int
ota_blob_cli_set_blob(struct ota_blob_cli *c, uint64_t id, uint64_t size, ota_blob_read_fn read, void *ctx)
{
	(void)c;
	(void)id;
	(void)size;
	(void)read;
	(void)ctx;
	return OTA_E_UNSUPPORTED;
}

int
ota_blob_cli_set_params(struct ota_blob_cli *c, const struct ota_blob_params *p)
{
	(void)c;
	(void)p;
	return OTA_E_UNSUPPORTED;
}

int
ota_blob_cli_set_plan(struct ota_blob_cli *c, const struct ota_blob_plan_result *r)
{
	(void)c;
	(void)r;
	return OTA_E_UNSUPPORTED;
}

int
ota_blob_cli_add_target(struct ota_blob_cli *c, uint16_t addr, uint8_t mode, size_t *index)
{
	(void)c;
	(void)addr;
	(void)mode;
	(void)index;
	return OTA_E_UNSUPPORTED;
}

int
ota_blob_cli_set_group(struct ota_blob_cli *c, uint16_t group)
{
	(void)c;
	(void)group;
	return OTA_E_UNSUPPORTED;
}

int
ota_blob_cli_start(struct ota_blob_cli *c, uint64_t now_ms)
{
	(void)c;
	(void)now_ms;
	return OTA_E_UNSUPPORTED;
}

int
ota_blob_cli_recv(struct ota_blob_cli *c, uint16_t src, const uint8_t *msg, size_t len, uint64_t now_ms)
{
	(void)c;
	(void)src;
	(void)msg;
	(void)len;
	(void)now_ms;
	return OTA_E_UNSUPPORTED;
}

int
ota_blob_cli_poll(struct ota_blob_cli *c, uint64_t now_ms, struct ota_blob_out *out, uint64_t *next_ms)
{
	(void)c;
	(void)now_ms;
	(void)out;
	(void)next_ms;
	return OTA_E_UNSUPPORTED;
}

int
ota_blob_cli_cancel(struct ota_blob_cli *c, uint64_t now_ms)
{
	(void)c;
	(void)now_ms;
	return OTA_E_UNSUPPORTED;
}

int
ota_blob_cli_resume(struct ota_blob_cli *c, uint64_t now_ms)
{
	(void)c;
	(void)now_ms;
	return OTA_E_UNSUPPORTED;
}

int
ota_blob_cli_done(const struct ota_blob_cli *c)
{
	(void)c;
	return OTA_E_UNSUPPORTED;
}

size_t
ota_blob_cli_target_count(const struct ota_blob_cli *c)
{
	(void)c;
	return 0;
}

int
ota_blob_cli_target(const struct ota_blob_cli *c, size_t i, struct ota_blob_target_info *info)
{
	(void)c;
	(void)i;
	(void)info;
	return OTA_E_UNSUPPORTED;
}

uint32_t
ota_blob_cli_blocks(const struct ota_blob_cli *c)
{
	(void)c;
	return 0;
}

