/* testutil.h - helpers shared by the Check suites. */
#ifndef TESTUTIL_H
#define TESTUTIL_H

#include <stddef.h>
#include <stdint.h>

#include <check.h>

#include "otaimg.h"

/* A growable buffer that is also an ota_write_fn target. */
struct membuf {
	uint8_t *p;
	size_t n, cap;
};
int membuf_write(void *ctx, const void *buf, size_t len);
void membuf_free(struct membuf *m);

/* Little-endian stores, as the format writes integers. */
void put16(uint8_t *p, unsigned v);
void put32(uint8_t *p, uint32_t v);
/* Decode hex (no separators) into out; returns the byte count. */
size_t unhex(const char *hex, uint8_t *out, size_t cap);
/* Read a whole small test file; caller frees. */
uint8_t *slurp(const char *path, size_t *len);
/* dir/name, in one of four static buffers (four may be in use at once). */
const char *dir_path(const char *dir, const char *name);
/* $VECTORS/rel, into a static buffer. */
const char *vector_path(const char *rel);

Suite *suite_mmo(void);
Suite *suite_parse(void);
Suite *suite_malformed(void);
Suite *suite_build(void);
Suite *suite_vectors(void);
Suite *suite_api(void);
Suite *suite_sign(void);
Suite *suite_edit(void);
Suite *suite_cpl(void);
/* A BLOB server's sink that keeps what it is given (test_blob.c). */
struct tsink {
	uint8_t data[5000];
	uint32_t size;
	int opened, closed, complete, refuse, fail_write;
	uint64_t writes;
};
int tsink_open(void *ctx, uint64_t id, uint32_t size);
int tsink_write(void *ctx, uint64_t off, const uint8_t *data, size_t len);
void tsink_close(void *ctx, int complete);

Suite *suite_gbcs(void);
Suite *suite_output(void);
Suite *suite_copy(void);
Suite *suite_stream(void);
Suite *suite_diags(void);
Suite *suite_progress(void);
Suite *suite_containers(void);
Suite *suite_ctx(void);
Suite *suite_version(void);
Suite *suite_archive(void);
Suite *suite_mesh(void);
Suite *suite_mcuboot(void);
Suite *suite_meshmsg(void);
Suite *suite_blobplan(void);
Suite *suite_fetch(void);
Suite *suite_ocf(void);
Suite *suite_ocf_dev(void);
Suite *suite_dfu(void);
Suite *suite_blob(void);
Suite *suite_blobmissing(void);
Suite *suite_blobpeer(void);
Suite *suite_blobsim(void);
Suite *suite_matter(void);

#endif
