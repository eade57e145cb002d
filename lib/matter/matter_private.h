/* matter_private.h - the Matter OTA handles, shared by the lib/matter sources. */
#ifndef OTA_MATTER_PRIVATE_H
#define OTA_MATTER_PRIVATE_H

#include "ota_private.h"

#define OTA_MATTER_HANDLE_MAGIC 0x4f544d54u /* "OTMT" */
#define OTA_MATTER_WRITER_MAGIC 0x4f544d57u /* "OTMW" */

struct ota_matter {
	uint32_t magic;
	int state;              /* 0 new, 1 open, 2 failed */
	struct ota_env env;
	uint64_t total;         /* TotalSize */
	uint32_t hsize;         /* HeaderSize */
	struct ota_matter_header h;
	uint8_t digest[OTA_MATTER_DIGEST_MAX];
	int have_digest;        /* the payload digest was computed */
	int want_file;          /* ota_matter_set_file_digest was called */
	unsigned file_type;     /* its type (0: auto until open) */
	uint8_t file_digest[OTA_MATTER_DIGEST_MAX];
	int have_file_digest;
	ota_write_fn sink;
	void *sinkctx;
	struct ota_diaglist diags;
	struct ota_prog prog;
	char errmsg[OTA_MSG_LEN];
	uint64_t erroff;
};

/* The OpenSSL name of a digest type (truncated SHA-256 types: "SHA256"),
 * NULL when unknown. */
const char *ota__matter_mdname(unsigned type);
/* A started EVP_MD_CTX for type (NULL: OpenSSL does not offer it), and the
 * final digest cut to the type's length. */
void *ota__matter_md_start(const struct ota_env *env, unsigned type);
int ota__matter_md_final(void *ctx, unsigned type, uint8_t *out);

#endif
