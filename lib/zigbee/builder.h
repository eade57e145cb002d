/* builder.h - what builder.c and bsource.c share (inside libotaimg only):
 * the builder handle and its element sources. */
#ifndef OTA_ZIGBEE_BUILDER_H
#define OTA_ZIGBEE_BUILDER_H

#include "ota_private.h"

enum src_kind { SRC_PATH, SRC_FD, SRC_MEM };

struct bsrc {
	uint16_t tag;
	enum src_kind kind;
	char *path;
	int fd;          /* SRC_FD: the caller's descriptor (never closed) */
	int regular;     /* SRC_FD: a regular file, read with pread from off */
	uint64_t off;    /* SRC_FD: its offset when it was added */
	int spool;       /* the spooled copy of a non-seekable input, or -1 */
	int spent;       /* a spool failed part way: the input cannot be read again */
	int cur;         /* while writing: the descriptor read with pread */
	uint64_t curoff; /* ... from this offset */
	int close_cur;   /* cur is ours to close after the pass */
	uint8_t *mem;
	size_t memlen;
	uint64_t size;
};

struct ota_builder {
	uint32_t magic;
	struct ota_env env;     /* from ota_builder_new_ctx */
	struct ota_hdr h;
	uint16_t fc;
	int strict, iic;
	enum ota_format format;
	uint64_t max_input;
	struct bsrc *src;
	size_t nsrc, cap;
	struct ota_diaglist diags;
	struct ota_prog prog;   /* ota_builder_set_progress */
	char errmsg[OTA_MSG_LEN];
};

/* Set the builder's message (and log it); returns err. */
int ota__builder_err(struct ota_builder *b, int err, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* bsource.c: open every source for one pass and learn its size (regular
 * files read with pread from their recorded offset, anything else spooled
 * once, bounded by the input limit); close what the pass opened. */
int ota__builder_open_sources(struct ota_builder *b);
void ota__builder_close_sources(struct ota_builder *b);

#endif
