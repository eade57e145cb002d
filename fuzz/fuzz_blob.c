/* fuzz_blob.c - libFuzzer harness for the BLOB transfer engine
 * (<otaimg/mesh_blob.h>): random message sequences to a server and to a
 * client, and the missing-chunk codec with a round-trip oracle.  The first
 * byte picks:
 *   0 a server expecting BLOB 0x0102030405060708 (caps: block log 6..12, 64
 *     chunks of up to 65 octets, 4 KiB, pull requests of 3); then records
 *     [len][clock step in 100 ms units][len octets], each given to
 *     ota_blob_srv_recv, the server polled after each;
 *   1 a client sending a 3000-octet BLOB (block log 7, chunk 32) to a push
 *     target 0x0100 and a pull target 0x0101, started; records
 *     [len][clock step | 0x80 for the second target][len octets] to
 *     ota_blob_cli_recv, the client polled after each;
 *   2 the missing-chunk codec: [format][chunks le16][field...]; a field that
 *     decodes encodes (same format) and decodes to the same bitmap.
 * Oracles: every message polled decodes with ota_mesh_msg_decode and fits
 * OTA_MESH_MSG_MAX; the next time is not in the past; sink writes stay
 * inside the BLOB and the sink is closed at most once per open.
 * fuzz/build.sh 60 blob builds it with clang; replay.c runs it over
 * fuzz/corpus-blob under make check (tests/cli/fuzz-blob-replay.sh). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "otaimg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(x) do { if (!(x)) abort(); } while (0)
#define ID 0x0102030405060708ull

struct sink {
	uint32_t size;
	int open;
};

static int
s_open(void *ctx, uint64_t id, uint32_t size)
{
	struct sink *k = ctx;

	CHECK(id == ID);
	CHECK(!k->open);
	k->open = 1;
	k->size = size;
	return 0;
}

static int
s_write(void *ctx, uint64_t off, const uint8_t *p, size_t len)
{
	struct sink *k = ctx;

	CHECK(k->open);
	CHECK(p != NULL && len > 0 && off + len <= k->size);
	return 0;
}

static void
s_close(void *ctx, int complete)
{
	struct sink *k = ctx;

	CHECK(k->open);
	(void)complete;
	k->open = 0;
}

static uint8_t blob[3000];

static int
rd(void *ctx, uint64_t off, void *buf, size_t len)
{
	(void)ctx;
	CHECK(off + len <= sizeof(blob));
	memcpy(buf, blob + off, len);
	return 0;
}

static void
check_out(struct ota_mesh_msg *m, const struct ota_blob_out *o)
{
	CHECK(o->len > 0 && o->len <= OTA_MESH_MSG_MAX);
	CHECK(ota_mesh_msg_decode(m, o->buf, o->len) == OTA_OK);
}

static void
run_server(const uint8_t *d, size_t n)
{
	struct ota_blob_caps caps = { 6, 12, 64, 65, 4096, 380, 3 };
	struct sink k = { 0, 0 };
	struct ota_blob_sink sk = { s_open, s_write, s_close, &k };
	struct ota_blob_srv *s = ota_blob_srv_new();
	struct ota_mesh_msg *m = ota_mesh_msg_new();
	struct ota_blob_out o;
	uint64_t now = 0, next;
	size_t i = 0, len;
	int r, polls;

	CHECK(s != NULL && m != NULL);
	CHECK(ota_blob_srv_set_caps(s, &caps) == OTA_OK);
	CHECK(ota_blob_srv_set_sink(s, &sk) == OTA_OK);
	CHECK(ota_blob_srv_set_pull(s, 3, 2000) == OTA_OK);
	CHECK(ota_blob_srv_expect(s, ID, 0, 0) == OTA_OK);
	while (i + 2 <= n) {
		len = d[i];
		now += 100u * d[i + 1];
		i += 2;
		if (len > n - i)
			len = n - i;
		(void)ota_blob_srv_recv(s, 0x0001, d + i, len, now);
		i += len;
		for (polls = 0; polls < 16; polls++) {
			if ((r = ota_blob_srv_poll(s, now, &o, &next)) != 1)
				break;
			check_out(m, &o);
		}
		CHECK(r == 0 || r == 1);
		CHECK(r == 1 || next >= now);
		if (ota_blob_srv_phase(s) == OTA_BLOB_PHASE_INACTIVE && !k.open)
			(void)ota_blob_srv_expect(s, ID, 0, now);
	}
	ota_blob_srv_free(&s);
	CHECK(!k.open);
	ota_mesh_msg_free(&m);
}

static void
run_client(const uint8_t *d, size_t n)
{
	struct ota_blob_cli *c = ota_blob_cli_new();
	struct ota_mesh_msg *m = ota_mesh_msg_new();
	struct ota_blob_params p;
	struct ota_blob_target_info ti;
	struct ota_blob_out o;
	uint64_t now = 0, next;
	size_t i = 0, len;
	int r, polls;

	CHECK(c != NULL && m != NULL);
	memset(&p, 0, sizeof(p));
	p.block_log = 7;
	p.chunk_size = 32;
	CHECK(ota_blob_cli_set_blob(c, ID, sizeof(blob), rd, NULL) == OTA_OK);
	CHECK(ota_blob_cli_set_params(c, &p) == OTA_OK);
	CHECK(ota_blob_cli_add_target(c, 0x0100, OTA_BLOB_MODE_PUSH, NULL) == OTA_OK);
	CHECK(ota_blob_cli_add_target(c, 0x0101, OTA_BLOB_MODE_PULL, NULL) == OTA_OK);
	CHECK(ota_blob_cli_start(c, 0) == OTA_OK);
	while (i + 2 <= n) {
		len = d[i];
		now += 100u * (d[i + 1] & 0x7Fu);
		i += 2;
		if (len > n - i)
			len = n - i;
		(void)ota_blob_cli_recv(c, (d[i - 1] & 0x80u) ? 0x0101 : 0x0100, d + i, len, now);
		i += len;
		for (polls = 0; polls < 64; polls++) {
			if ((r = ota_blob_cli_poll(c, now, &o, &next)) != 1)
				break;
			check_out(m, &o);
		}
		CHECK(r == 0 || r == 1);
		CHECK(r == 1 || next >= now);
		if (i == n / 2)
			(void)ota_blob_cli_resume(c, now);
	}
	CHECK(ota_blob_cli_target(c, 1, &ti) == OTA_OK);
	CHECK(ti.blocks_done <= ota_blob_cli_blocks(c));
	(void)ota_blob_cli_cancel(c, now);
	CHECK(ota_blob_cli_done(c) == 1);
	ota_blob_cli_free(&c);
	ota_mesh_msg_free(&m);
}

static void
run_missing(const uint8_t *d, size_t n)
{
	static uint8_t bits[8192], back[8192], buf[200000];
	unsigned fmt;
	uint32_t nchunks;
	size_t len = sizeof(buf), at = 0;

	if (n < 3)
		return;
	fmt = d[0] & 3u;
	nchunks = (uint32_t)d[1] | (uint32_t)d[2] << 8;
	if (ota_blob_missing_decode(fmt, d + 3, n - 3, nchunks, bits, &at) != OTA_OK) {
		CHECK(at <= n - 3 || nchunks == 0);
		return;
	}
	CHECK(ota_blob_missing_encode(bits, nchunks, 0, &fmt, buf, &len) == OTA_OK);
	CHECK(ota_blob_missing_decode(fmt, buf, len, nchunks, back, NULL) == OTA_OK);
	CHECK(memcmp(bits, back, ((size_t)nchunks + 7) / 8) == 0);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	switch (data[0] % 3u) {
	case 0:
		run_server(data + 1, size - 1);
		break;
	case 1:
		run_client(data + 1, size - 1);
		break;
	default:
		run_missing(data + 1, size - 1);
		break;
	}
	return 0;
}
