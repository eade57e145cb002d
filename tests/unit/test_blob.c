/* test_blob.c - the BLOB transfer engine (libotaimg-mesh-blob(3)): the
 * server and the client one message at a time (the missing-chunk formats:
 * test_blobmissing.c), timeouts on a fake clock, cancel, resume, per-target
 * failure, a refusing sink, a wrong BLOB ID, numbers out of range. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

/* ---- a server, message by message ---- */

#define ID 0x0102030405060708ull

struct sink {
	uint8_t data[5000];
	uint32_t size;
	int opened, closed, complete, refuse, fail_write;
	uint64_t writes;
};

static int
s_open(void *ctx, uint64_t id, uint32_t size)
{
	struct sink *k = ctx;

	(void)id;
	k->opened++;
	k->size = size;
	return k->refuse;
}

static int
s_write(void *ctx, uint64_t off, const uint8_t *data, size_t len)
{
	struct sink *k = ctx;

	if (k->fail_write)
		return -1;
	ck_assert_uint_le(off + len, sizeof(k->data));
	memcpy(k->data + off, data, len);
	k->writes++;
	return 0;
}

static void
s_close(void *ctx, int complete)
{
	struct sink *k = ctx;

	k->closed++;
	k->complete = complete;
}

static struct ota_blob_srv *
mksrv(struct sink *k)
{
	struct ota_blob_srv *s = ota_blob_srv_new();
	struct ota_blob_sink sk = { s_open, s_write, s_close, k };

	ck_assert_ptr_nonnull(s);
	memset(k, 0, sizeof(*k));
	ck_assert_int_eq(ota_blob_srv_set_sink(s, &sk), OTA_OK);
	ck_assert_int_eq(ota_blob_srv_expect(s, ID, 0, 0), OTA_OK);
	return s;
}

static int
srecv(struct ota_blob_srv *s, const char *hex, uint64_t now)
{
	uint8_t b[400];
	size_t n = unhex(hex, b, sizeof(b));

	return ota_blob_srv_recv(s, 0x0001, b, n, now);
}

static const char *
hexof(const struct ota_blob_out *o)
{
	static char hex[800];
	size_t i;

	for (i = 0; i < o->len; i++) {
		hex[2 * i] = "0123456789ABCDEF"[o->buf[i] >> 4];
		hex[2 * i + 1] = "0123456789ABCDEF"[o->buf[i] & 15];
	}
	hex[2 * o->len] = '\0';
	return hex;
}

/* the one answer the server has now, as hex */
static const char *
sout(struct ota_blob_srv *s, uint64_t now)
{
	struct ota_blob_out o;
	uint64_t next;

	ck_assert_int_eq(ota_blob_srv_poll(s, now, &o, &next), 1);
	ck_assert_uint_eq(o.dst, 0x0001);
	return hexof(&o);
}

static void
snone(struct ota_blob_srv *s, uint64_t now, uint64_t want_next)
{
	struct ota_blob_out o;
	uint64_t next;

	ck_assert_int_eq(ota_blob_srv_poll(s, now, &o, &next), 0);
	ck_assert_uint_eq(next, want_next);
}

/* Transfer Start, push, BLOB 0x0102030405060708, 300 octets, block log 7
 * (128: 3 blocks, the last 44), client MTU 380. */
#define START_PUSH "8301" "40" "0807060504030201" "2C010000" "07" "7C01"

START_TEST(server_push_transfer)
{
	struct sink k;
	struct ota_blob_srv *s = mksrv(&k);
	char chunk[200];
	uint32_t done, blocks, b, c;

	ck_assert_uint_eq(ota_blob_srv_phase(s), OTA_BLOB_PHASE_WAITING_START);
	ck_assert_int_eq(srecv(s, "8306", 0), OTA_OK); /* Information Get */
	ck_assert_str_eq(sout(s, 0), "8307060C0001410000000800" "7C01" "03");
	ck_assert_int_eq(srecv(s, START_PUSH, 10), OTA_OK);
	/* status 0, mode push, phase 2 (waiting for block), ID, size, log, MTU,
	 * blocks not received 0b111 */
	ck_assert_str_eq(sout(s, 10), "8303" "40" "02" "0807060504030201" "2C010000" "07" "7C01"
	    "07");
	ck_assert_int_eq(k.opened, 1);
	snone(s, 10, 10 + 10000);
	for (b = 0; b < 3; b++) {
		char bs[32];
		uint32_t n = b < 2 ? 4 : 2; /* chunks of 32 */

		snprintf(bs, sizeof(bs), "8304%02X002000", b);
		ck_assert_int_eq(srecv(s, bs, 20), OTA_OK);
		snprintf(bs, sizeof(bs), "6700%02X002000", b); /* all missing */
		ck_assert_str_eq(sout(s, 20), bs);
		for (c = 0; c < n; c++) {
			uint32_t len = b == 2 && c == 1 ? 12 : 32, j;

			if (c == 1)
				continue; /* lost */
			snprintf(chunk, sizeof(chunk), "66%02X00", c);
			for (j = 0; j < len; j++)
				snprintf(chunk + 6 + 2 * j, 3, "%02X", (b * 128 + c * 32 + j) & 0xFF);
			ck_assert_int_eq(srecv(s, chunk, 30), OTA_OK);
			ck_assert_int_eq(srecv(s, chunk, 30), OTA_OK); /* a duplicate */
		}
		ck_assert_int_eq(srecv(s, "8305", 40), OTA_OK); /* Block Get */
		snprintf(bs, sizeof(bs), "6780%02X00200002", b); /* bitmap: chunk 1 */
		ck_assert_str_eq(sout(s, 40), bs);
		snprintf(chunk, sizeof(chunk), "660100");
		for (c = 0; c < (b == 2 ? 12u : 32u); c++)
			snprintf(chunk + 6 + 2 * c, 3, "%02X", (b * 128 + 32 + c) & 0xFF);
		ck_assert_int_eq(srecv(s, chunk, 50), OTA_OK);
		/* a late duplicate after the block: refused, nothing changes */
		ck_assert_int_eq(srecv(s, chunk, 50), OTA_E_STATE);
		ck_assert_int_eq(srecv(s, "8305", 60), OTA_OK);
		snprintf(bs, sizeof(bs), "6740%02X002000", b); /* none missing */
		ck_assert_str_eq(sout(s, 60), bs);
	}
	ck_assert_uint_eq(ota_blob_srv_phase(s), OTA_BLOB_PHASE_COMPLETE);
	ck_assert_int_eq(ota_blob_srv_progress(s, &done, &blocks), OTA_OK);
	ck_assert_uint_eq(done, 3);
	ck_assert_uint_eq(blocks, 3);
	ck_assert_int_eq(k.closed, 1);
	ck_assert_int_eq(k.complete, 1);
	for (c = 0; c < 300; c++)
		ck_assert_uint_eq(k.data[c], c & 0xFF);
	ck_assert_int_eq(srecv(s, "8300", 70), OTA_OK); /* Transfer Get: complete */
	ck_assert_str_eq(sout(s, 70), "8303" "40" "04" "0807060504030201" "2C010000" "07" "7C01"
	    "00");
	ota_blob_srv_free(&s);
	ota_blob_srv_free(&s);
}
END_TEST

START_TEST(server_refusals)
{
	struct sink k;
	struct ota_blob_srv *s = mksrv(&k);

	/* a wrong BLOB ID */
	ck_assert_int_eq(srecv(s, "8301" "40" "0907060504030201" "2C010000" "07" "7C01", 0),
	    OTA_E_BLOB_ID);
	ck_assert_ptr_nonnull(strstr(ota_blob_srv_errmsg(s), "0x0102030405060709"));
	ck_assert_str_eq(sout(s, 0), "8303" "06" "01" "0807060504030201");
	/* block log 13 over the default 12; 1 MiB over 512 KiB; pull to a push-only server */
	ck_assert_int_eq(srecv(s, "8301" "40" "0807060504030201" "2C010000" "0D" "7C01", 0),
	    OTA_E_RANGE);
	ck_assert_str_eq(sout(s, 0), "8303" "02" "01" "0807060504030201");
	ck_assert_int_eq(srecv(s, "8301" "40" "0807060504030201" "00001000" "0C" "7C01", 0),
	    OTA_E_LIMIT);
	ck_assert_str_eq(sout(s, 0), "8303" "07" "01" "0807060504030201");
	/* messages before the start */
	ck_assert_int_eq(srecv(s, "8304" "0000" "2000", 0), OTA_E_STATE);
	ck_assert_str_eq(sout(s, 0), "6704" "FFFF" "FFFF");
	ck_assert_int_eq(srecv(s, "6600" "0000", 0), OTA_E_STATE);
	/* malformed: a Transfer Start one octet short */
	ck_assert_int_eq(srecv(s, "8301" "40" "0807060504030201" "2C010000" "07" "7C", 0),
	    OTA_E_TRUNCATED);
	snone(s, 0, 10000);
	/* the sink refuses */
	k.refuse = 1;
	ck_assert_int_eq(srecv(s, START_PUSH, 0), OTA_E_BLOB_SINK);
	ck_assert_str_eq(sout(s, 0), "8303" "09" "00");
	ck_assert_uint_eq(ota_blob_srv_phase(s), OTA_BLOB_PHASE_INACTIVE);
	/* started: out-of-range block and chunk numbers, a wrong chunk size */
	k.refuse = 0;
	ck_assert_int_eq(ota_blob_srv_expect(s, ID, 0, 0), OTA_OK);
	ck_assert_int_eq(srecv(s, START_PUSH, 0), OTA_OK);
	(void)sout(s, 0);
	ck_assert_int_eq(srecv(s, "8304" "0300" "2000", 0), OTA_E_RANGE); /* block 3 of 3 */
	ck_assert_str_eq(sout(s, 0), "6701" "FFFF" "FFFF");
	ck_assert_int_eq(srecv(s, "8304" "0000" "4200", 0), OTA_E_RANGE); /* chunk 66 > 65 */
	ck_assert_str_eq(sout(s, 0), "6703" "FFFF" "FFFF");
	ck_assert_int_eq(srecv(s, "8304" "0200" "2000", 0), OTA_OK);
	ck_assert_str_eq(sout(s, 0), "6700" "0200" "2000");
	ck_assert_int_eq(srecv(s, "8304" "0100" "2000", 0), OTA_E_STATE); /* another block */
	ck_assert_str_eq(sout(s, 0), "6704" "0200" "2000");
	ck_assert_int_eq(srecv(s, "6602" "00" "00", 0), OTA_E_RANGE); /* chunk 2 of 2 */
	ck_assert_ptr_nonnull(strstr(ota_blob_srv_errmsg(s), "Chunk 2"));
	ck_assert_int_eq(srecv(s, "6601" "00" "0000", 0), OTA_E_RANGE); /* 2 octets, not 12 */
	ck_assert_int_eq(srecv(s, "8900", 0), OTA_E_UNSUPPORTED);
	/* Transfer Cancel with another ID, then with this one */
	ck_assert_int_eq(srecv(s, "8302" "0000000000000000", 0), OTA_E_BLOB_ID);
	ck_assert_str_eq(sout(s, 0), "8303" "46" "03" "0807060504030201" "2C010000" "07" "7C01"
	    "07");
	ck_assert_int_eq(srecv(s, "8302" "0807060504030201", 0), OTA_OK);
	ck_assert_str_eq(sout(s, 0), "8303" "00" "00");
	ck_assert_int_eq(k.closed, 1);
	ck_assert_int_eq(k.complete, 0);
	/* a failing write cancels the transfer */
	ck_assert_int_eq(ota_blob_srv_expect(s, ID, 0, 0), OTA_OK);
	ck_assert_int_eq(srecv(s, START_PUSH, 0), OTA_OK);
	ck_assert_int_eq(srecv(s, "8304" "0200" "2000", 0), OTA_OK);
	k.fail_write = 1;
	ck_assert_int_eq(srecv(s, "6600" "00" "000000000000000000000000000000000000000000000000"
	    "0000000000000000", 0), OTA_E_BLOB_SINK);
	ck_assert_uint_eq(ota_blob_srv_phase(s), OTA_BLOB_PHASE_INACTIVE);
	ck_assert_int_eq(k.closed, 2);
	ota_blob_srv_free(&s);
}
END_TEST

START_TEST(server_timeouts)
{
	struct sink k;
	struct ota_blob_srv *s = mksrv(&k);
	struct ota_blob_out o;
	uint64_t next;

	/* never started: back to inactive after 10 x (0 + 1) s */
	snone(s, 9999, 10000);
	ck_assert_int_eq(ota_blob_srv_poll(s, 10000, &o, &next), 0);
	ck_assert_uint_eq(next, UINT64_MAX);
	ck_assert_uint_eq(ota_blob_srv_phase(s), OTA_BLOB_PHASE_INACTIVE);
	ck_assert_int_eq(ota_blob_srv_expect(s, ID, 2, 100000), OTA_OK);
	snone(s, 100000, 130000);
	ck_assert_int_eq(srecv(s, START_PUSH, 100000), OTA_OK);
	(void)sout(s, 100000);
	ck_assert_int_eq(srecv(s, "8304" "0000" "2000", 101000), OTA_OK);
	(void)sout(s, 101000);
	/* started: suspended after 30 s without a message */
	snone(s, 130999, 131000);
	snone(s, 131000, UINT64_MAX);
	ck_assert_uint_eq(ota_blob_srv_phase(s), OTA_BLOB_PHASE_SUSPENDED);
	ck_assert_int_eq(srecv(s, "8305", 131000), OTA_OK);
	ck_assert_str_eq(sout(s, 131000), "670A" "0000" "2000"); /* information unavailable */
	/* a Transfer Start of the same transfer resumes it */
	ck_assert_int_eq(srecv(s, START_PUSH, 140000), OTA_OK);
	ck_assert_str_eq(sout(s, 140000), "8303" "40" "02" "0807060504030201" "2C010000" "07"
	    "7C01" "07");
	ck_assert_uint_eq(k.closed, 0);
	ota_blob_srv_free(&s);
}
END_TEST

START_TEST(server_pull_reports)
{
	struct sink k;
	struct ota_blob_srv *s = mksrv(&k);
	char chunk[80];
	int c, j;

	ck_assert_int_eq(ota_blob_srv_set_pull(s, 2, 5000), OTA_OK);
	ck_assert_int_eq(ota_blob_srv_set_pull(s, 0, 5000), OTA_E_RANGE);
	/* pull mode (2 << 6), 300 octets in blocks of 128, chunk 32 */
	ck_assert_int_eq(srecv(s, "8301" "80" "0807060504030201" "2C010000" "07" "7C01", 0),
	    OTA_OK);
	(void)sout(s, 0);
	ck_assert_int_eq(srecv(s, "8304" "0000" "2000", 0), OTA_OK);
	ck_assert_str_eq(sout(s, 0), "67C0" "0000" "2000" "0001"); /* send 0 and 1 */
	snone(s, 0, 5000);
	ck_assert_str_eq(sout(s, 5000), "68" "0001"); /* nothing came: again */
	for (c = 0; c < 2; c++) {
		snprintf(chunk, sizeof(chunk), "66%02X00", c);
		for (j = 0; j < 32; j++)
			snprintf(chunk + 6 + 2 * j, 3, "%02X", c);
		ck_assert_int_eq(srecv(s, chunk, 6000), OTA_OK);
	}
	ck_assert_str_eq(sout(s, 6000), "68" "0203"); /* the batch is here: the next */
	for (c = 2; c < 4; c++) {
		snprintf(chunk, sizeof(chunk), "66%02X00", c);
		for (j = 0; j < 32; j++)
			snprintf(chunk + 6 + 2 * j, 3, "%02X", c);
		ck_assert_int_eq(srecv(s, chunk, 7000), OTA_OK);
	}
	ck_assert_str_eq(sout(s, 7000), "68"); /* block complete: an empty report */
	snone(s, 7000, 7000 + 10000);
	ck_assert_int_eq(srecv(s, "8305", 7100), OTA_OK);
	ck_assert_str_eq(sout(s, 7100), "67C0" "0000" "2000");
	ota_blob_srv_free(&s);
}
END_TEST

/* ---- the client ---- */

static uint8_t image[3000];

static int
rd(void *ctx, uint64_t off, void *buf, size_t len)
{
	(void)ctx;
	ck_assert_uint_le(off + len, sizeof(image));
	memcpy(buf, image + off, len);
	return 0;
}

static struct ota_blob_cli *
mkcli(uint32_t size, int ntargets, const uint8_t *modes)
{
	struct ota_blob_cli *c = ota_blob_cli_new();
	struct ota_blob_params p;
	int i;

	ck_assert_ptr_nonnull(c);
	for (i = 0; i < (int)sizeof(image); i++)
		image[i] = (uint8_t)(i * 7 + 3);
	ck_assert_int_eq(ota_blob_cli_set_blob(c, ID, size, rd, NULL), OTA_OK);
	memset(&p, 0, sizeof(p));
	p.block_log = 7;
	p.chunk_size = 32;
	p.ttl = 2;
	p.retry_ms = 1000;
	ck_assert_int_eq(ota_blob_cli_set_params(c, &p), OTA_OK);
	for (i = 0; i < ntargets; i++)
		ck_assert_int_eq(ota_blob_cli_add_target(c, (uint16_t)(0x100 + i), modes[i], NULL),
		    OTA_OK);
	return c;
}

static const char *
cout(struct ota_blob_cli *c, uint64_t now, uint16_t dst)
{
	struct ota_blob_out o;
	uint64_t next;

	ck_assert_int_eq(ota_blob_cli_poll(c, now, &o, &next), 1);
	ck_assert_uint_eq(o.dst, dst);
	return hexof(&o);
}

static int
crecv(struct ota_blob_cli *c, uint16_t src, const char *hex, uint64_t now)
{
	uint8_t b[400];
	size_t n = unhex(hex, b, sizeof(b));

	return ota_blob_cli_recv(c, src, b, n, now);
}

START_TEST(client_messages)
{
	static const uint8_t modes[2] = { OTA_BLOB_MODE_PUSH, OTA_BLOB_MODE_PULL };
	struct ota_blob_cli *c = mkcli(200, 2, modes);
	struct ota_blob_target_info ti;
	struct ota_blob_out o;
	uint64_t next;

	ck_assert_int_eq(ota_blob_cli_poll(c, 0, &o, &next), 0); /* not started */
	ck_assert_int_eq(ota_blob_cli_add_target(c, 0x100, 1, NULL), OTA_E_INVAL);
	ck_assert_int_eq(ota_blob_cli_add_target(c, 0xC000, 1, NULL), OTA_E_RANGE);
	ck_assert_int_eq(ota_blob_cli_start(c, 0), OTA_OK);
	ck_assert_int_eq(ota_blob_cli_start(c, 0), OTA_E_STATE);
	ck_assert_uint_eq(ota_blob_cli_blocks(c), 2);
	/* Transfer Start per target, the mode in bits 6-7 */
	ck_assert_str_eq(cout(c, 0, 0x100), "8301" "40" "0807060504030201" "C8000000" "07" "7C01");
	ck_assert_str_eq(cout(c, 0, 0x101), "8301" "80" "0807060504030201" "C8000000" "07" "7C01");
	ck_assert_int_eq(ota_blob_cli_poll(c, 0, &o, &next), 0);
	ck_assert_uint_eq(next, 1000); /* the retry */
	ck_assert_str_eq(cout(c, 1000, 0x100), "8301" "40" "0807060504030201" "C8000000" "07"
	    "7C01");
	(void)cout(c, 1000, 0x101);
	/* answers */
	ck_assert_int_eq(crecv(c, 0x100, "8303" "40" "02" "0807060504030201" "C8000000" "07" "7C01"
	    "03", 1100), OTA_OK);
	ck_assert_int_eq(crecv(c, 0x102, "8300", 1100), OTA_E_NOT_FOUND);
	ck_assert_int_eq(crecv(c, 0x101, "8303" "80" "02" "08070605", 1100), OTA_E_TRUNCATED);
	ck_assert_int_eq(crecv(c, 0x101, "8303" "80" "02" "0807060504030201" "C8000000" "07" "7C01"
	    "03", 1100), OTA_OK);
	/* block 0 */
	ck_assert_str_eq(cout(c, 1100, 0x100), "8304" "0000" "2000");
	ck_assert_str_eq(cout(c, 1100, 0x101), "8304" "0000" "2000");
	ck_assert_int_eq(ota_blob_cli_poll(c, 1100, &o, &next), 0);
	ck_assert_int_eq(crecv(c, 0x100, "6700" "0100" "2000", 1200), OTA_E_RANGE); /* block 1? */
	ck_assert_int_eq(crecv(c, 0x100, "6700" "0000" "2000", 1200), OTA_OK);
	ck_assert_int_eq(crecv(c, 0x101, "67C0" "0000" "2000" "03", 1200), OTA_OK); /* wants 3 */
	{
		/* push: chunks 0..3 to 0x100; pull: chunk 3 to 0x101; they take turns */
		int push = 0, pull = 0, i;

		for (i = 0; i < 5; i++) {
			ck_assert_int_eq(ota_blob_cli_poll(c, 1200, &o, &next), 1);
			ck_assert_uint_eq(o.buf[0], 0x66);
			if (o.dst == 0x101) {
				ck_assert_uint_eq(o.buf[1], 3);
				ck_assert_uint_eq(o.len, 35);
				ck_assert_uint_eq(o.buf[3], image[96]);
				pull++;
			} else {
				ck_assert_uint_eq(o.dst, 0x100);
				ck_assert_uint_eq(o.buf[1], push);
				if (push == 0)
					ck_assert_int_eq(strncmp(hexof(&o), "66" "0000" "030A", 10), 0);
				push++;
			}
		}
		ck_assert_int_eq(push, 4);
		ck_assert_int_eq(pull, 1);
	}
	/* the push round is over: Block Get */
	ck_assert_int_eq(ota_blob_cli_poll(c, 1200, &o, &next), 0);
	ck_assert_str_eq(cout(c, 1200, 0x100), "8305");
	/* 0x100 misses chunk 2 (bitmap 0x04): chunk 2 again, then Block Get */
	ck_assert_int_eq(crecv(c, 0x100, "6780" "0000" "2000" "04", 1300), OTA_OK);
	ck_assert_int_eq(strncmp(cout(c, 1300, 0x100), "66" "0200" "C3CA", 10), 0);
	ck_assert_int_eq(ota_blob_cli_poll(c, 1300, &o, &next), 0);
	ck_assert_str_eq(cout(c, 1300, 0x100), "8305");
	ck_assert_int_eq(crecv(c, 0x100, "6740" "0000" "2000", 1400), OTA_OK);
	/* 0x101 reports: a malformed list, then done */
	ck_assert_int_eq(crecv(c, 0x101, "68" "C2", 1400), OTA_E_TRUNCATED);
	ck_assert_int_eq(crecv(c, 0x101, "68" "04", 1400), OTA_E_RANGE); /* chunk 4 of 4 */
	ck_assert_int_eq(crecv(c, 0x100, "68" "00", 1400), OTA_OK); /* late for a push target */
	ck_assert_int_eq(crecv(c, 0x101, "68", 1400), OTA_OK);
	/* block 1 (72 octets: 3 chunks, the last 8) */
	{
		unsigned seen = 0;
		int i;

		for (i = 0; i < 2; i++) {
			ck_assert_int_eq(ota_blob_cli_poll(c, 1400, &o, &next), 1);
			ck_assert_str_eq(hexof(&o), "8304" "0100" "2000");
			seen |= 1u << (o.dst - 0x100);
		}
		ck_assert_uint_eq(seen, 3);
	}
	ck_assert_int_eq(ota_blob_cli_target(c, 0, &ti), OTA_OK);
	ck_assert_uint_eq(ti.blocks_done, 1);
	ck_assert_int_eq(ti.state, OTA_BLOB_TARGET_ACTIVE);
	ck_assert_int_eq(ota_blob_cli_target(c, 2, &ti), OTA_E_RANGE);
	ota_blob_cli_free(&c);
	ota_blob_cli_free(&c);
}
END_TEST

/* A client and servers wired together; drop(ctx, from, to) decides losses. */
struct net {
	struct ota_blob_cli *c;
	struct ota_blob_srv *s[3];
	struct sink k[3];
	int n;
	int down;           /* 1: nothing gets through */
	int silent;         /* a target (index) that never answers, or -1 */
	unsigned long chunks;
};

static void
run(struct net *w, uint64_t *now, uint64_t stop_at)
{
	struct ota_blob_out o;
	uint64_t next, t;
	int i, r, steps;

	for (steps = 0; steps < 100000; steps++) {
		next = UINT64_MAX;
		while ((r = ota_blob_cli_poll(w->c, *now, &o, &t)) == 1) {
			if (o.buf[0] == 0x66)
				w->chunks++;
			for (i = 0; i < w->n; i++)
				if (!w->down && i != w->silent && o.dst == 0x100 + i)
					(void)ota_blob_srv_recv(w->s[i], 0x0001, o.buf, o.len, *now);
		}
		ck_assert_int_eq(r, 0);
		next = t;
		for (i = 0; i < w->n; i++) {
			while ((r = ota_blob_srv_poll(w->s[i], *now, &o, &t)) == 1)
				if (!w->down)
					(void)ota_blob_cli_recv(w->c, (uint16_t)(0x100 + i), o.buf, o.len,
					    *now);
			ck_assert_int_eq(r, 0);
			if (t < next)
				next = t;
		}
		if (ota_blob_cli_done(w->c) || next >= stop_at || next == UINT64_MAX)
			return;
		*now = next > *now ? next : *now;
	}
	ck_abort_msg("no end");
}

static void
net_init(struct net *w, int n, uint32_t size)
{
	static const uint8_t modes[3] = { OTA_BLOB_MODE_PUSH, OTA_BLOB_MODE_PULL,
		OTA_BLOB_MODE_PUSH };
	int i;

	memset(w, 0, sizeof(*w));
	w->n = n;
	w->silent = -1;
	w->c = mkcli(size, n, modes);
	for (i = 0; i < n; i++)
		w->s[i] = mksrv(&w->k[i]);
}

static void
net_free(struct net *w)
{
	int i;

	for (i = 0; i < w->n; i++)
		ota_blob_srv_free(&w->s[i]);
	ota_blob_cli_free(&w->c);
}

START_TEST(client_timeout_one_target)
{
	struct ota_blob_target_info ti;
	struct net w;
	uint64_t now = 0;

	net_init(&w, 3, 3000);
	w.silent = 2;
	ck_assert_int_eq(ota_blob_cli_start(w.c, 0), OTA_OK);
	run(&w, &now, UINT64_MAX);
	ck_assert_int_eq(ota_blob_cli_done(w.c), 1);
	ck_assert_int_eq(ota_blob_cli_target(w.c, 2, &ti), OTA_OK);
	ck_assert_int_eq(ti.state, OTA_BLOB_TARGET_FAILED);
	ck_assert_int_eq(ti.err, OTA_E_BLOB_TIMEOUT);
	ck_assert_ptr_nonnull(strstr(ti.reason, "Transfer Start"));
	/* 10000 x (0 + 2) + 100 x 2 ms after the first Transfer Start */
	ck_assert_uint_eq(ota_blob_client_timeout_ms(0, 2), 20200);
	ck_assert_uint_ge(now, 20200);
	ck_assert_int_eq(ota_blob_cli_target(w.c, 0, &ti), OTA_OK);
	ck_assert_int_eq(ti.state, OTA_BLOB_TARGET_DONE);
	ck_assert_uint_eq(ti.blocks_done, 24);
	ck_assert_int_eq(ota_blob_cli_target(w.c, 1, &ti), OTA_OK);
	ck_assert_int_eq(ti.state, OTA_BLOB_TARGET_DONE);
	ck_assert_mem_eq(w.k[0].data, image, 3000);
	ck_assert_mem_eq(w.k[1].data, image, 3000);
	ck_assert_int_eq(w.k[1].complete, 1);
	net_free(&w);
}
END_TEST

START_TEST(client_cancel)
{
	struct ota_blob_target_info ti;
	struct net w;
	uint64_t now = 0;
	int i;

	net_init(&w, 2, 3000);
	ck_assert_int_eq(ota_blob_cli_cancel(w.c, 0), OTA_E_STATE);
	ck_assert_int_eq(ota_blob_cli_start(w.c, 0), OTA_OK);
	run(&w, &now, 1); /* the first exchanges */
	ck_assert_int_eq(ota_blob_cli_cancel(w.c, now), OTA_OK);
	ck_assert_int_eq(ota_blob_cli_done(w.c), 1);
	for (i = 0; i < 2; i++) {
		ck_assert_int_eq(ota_blob_cli_target(w.c, (size_t)i, &ti), OTA_OK);
		ck_assert_int_eq(ti.state, OTA_BLOB_TARGET_CANCELLED);
		ck_assert_int_eq(ti.err, OTA_E_CANCELLED);
	}
	{
		struct ota_blob_out o;
		uint64_t next;

		ck_assert_int_eq(ota_blob_cli_poll(w.c, now, &o, &next), 1);
		ck_assert_str_eq(hexof(&o), "8302" "0807060504030201");
		ck_assert_int_eq(ota_blob_srv_recv(w.s[0], 1, o.buf, o.len, now), OTA_OK);
		ck_assert_int_eq(ota_blob_cli_poll(w.c, now, &o, &next), 1);
		ck_assert_uint_eq(o.dst, 0x101);
		ck_assert_int_eq(ota_blob_srv_recv(w.s[1], 1, o.buf, o.len, now), OTA_OK);
	}
	for (i = 0; i < 2; i++) {
		ck_assert_uint_eq(ota_blob_srv_phase(w.s[i]), OTA_BLOB_PHASE_INACTIVE);
		ck_assert_int_eq(w.k[i].closed, 1);
		ck_assert_int_eq(w.k[i].complete, 0);
	}
	net_free(&w);
}
END_TEST

START_TEST(client_resume)
{
	struct ota_blob_target_info ti;
	struct net w;
	uint64_t now = 0;
	unsigned long before;
	uint32_t done, blocks;
	int i;

	net_init(&w, 2, 3000);
	ck_assert_int_eq(ota_blob_cli_start(w.c, 0), OTA_OK);
	/* a few blocks, then the link goes down until the client gives up */
	while (ota_blob_srv_progress(w.s[0], &done, &blocks) == OTA_OK && done < 5)
		run(&w, &now, now + 1);
	w.down = 1;
	run(&w, &now, UINT64_MAX);
	for (i = 0; i < 2; i++) {
		ck_assert_int_eq(ota_blob_cli_target(w.c, (size_t)i, &ti), OTA_OK);
		ck_assert_int_eq(ti.state, OTA_BLOB_TARGET_FAILED);
		ck_assert_int_eq(ti.err, OTA_E_BLOB_TIMEOUT);
		ck_assert_uint_eq(ota_blob_srv_phase(w.s[i]), OTA_BLOB_PHASE_SUSPENDED);
	}
	/* back: Transfer Get, then on from what each reports missing */
	w.down = 0;
	before = w.chunks;
	ck_assert_int_eq(ota_blob_cli_resume(w.c, now), OTA_OK);
	{
		struct ota_blob_out o;
		uint64_t next;

		ck_assert_int_eq(ota_blob_cli_poll(w.c, now, &o, &next), 1);
		ck_assert_str_eq(hexof(&o), "8300");
		ck_assert_int_eq(ota_blob_srv_recv(w.s[0], 1, o.buf, o.len, now), OTA_OK);
	}
	run(&w, &now, UINT64_MAX);
	for (i = 0; i < 2; i++) {
		ck_assert_int_eq(ota_blob_cli_target(w.c, (size_t)i, &ti), OTA_OK);
		ck_assert_msg(ti.state == OTA_BLOB_TARGET_DONE, "%d: %s", i, ti.reason);
		ck_assert_mem_eq(w.k[i].data, image, 3000);
		ck_assert_int_eq(w.k[i].complete, 1);
		ck_assert_int_eq(w.k[i].opened, 1);
	}
	/* fewer chunks than the whole BLOB: the blocks held were not sent again */
	ck_assert_uint_lt(w.chunks - before, 2 * 94);
	net_free(&w);
}
END_TEST

START_TEST(client_target_failures)
{
	struct ota_blob_target_info ti;
	struct net w;
	uint64_t now = 0;
	struct ota_blob_caps small = { 6, 12, 256, 65, 1000, 380, 3 };

	net_init(&w, 3, 3000);
	/* 0x100 expects another BLOB; 0x101 takes at most 1000 octets */
	ck_assert_int_eq(ota_blob_srv_cancel(w.s[0]), OTA_OK);
	ck_assert_int_eq(ota_blob_srv_expect(w.s[0], ID + 1, 0, 0), OTA_OK);
	ck_assert_int_eq(ota_blob_srv_set_caps(w.s[1], &small), OTA_E_STATE);
	ck_assert_int_eq(ota_blob_srv_cancel(w.s[1]), OTA_OK);
	ck_assert_int_eq(ota_blob_srv_set_caps(w.s[1], &small), OTA_OK);
	ck_assert_int_eq(ota_blob_srv_expect(w.s[1], ID, 0, 0), OTA_OK);
	ck_assert_int_eq(ota_blob_cli_start(w.c, 0), OTA_OK);
	run(&w, &now, UINT64_MAX);
	ck_assert_int_eq(ota_blob_cli_target(w.c, 0, &ti), OTA_OK);
	ck_assert_int_eq(ti.state, OTA_BLOB_TARGET_FAILED);
	ck_assert_int_eq(ti.err, OTA_E_BLOB_ID);
	ck_assert_uint_eq(ti.status, OTA_BLOB_ST_WRONG_BLOB_ID);
	ck_assert_int_eq(ota_blob_cli_target(w.c, 1, &ti), OTA_OK);
	ck_assert_int_eq(ti.err, OTA_E_BLOB_STATUS);
	ck_assert_ptr_nonnull(strstr(ti.reason, "blob-too-large"));
	ck_assert_int_eq(ota_blob_cli_target(w.c, 2, &ti), OTA_OK);
	ck_assert_int_eq(ti.state, OTA_BLOB_TARGET_DONE);
	ck_assert_mem_eq(w.k[2].data, image, 3000);
	ck_assert_str_eq(ota_blob_status_name(OTA_BLOB_ST_BLOB_TOO_LARGE), "blob-too-large");
	ck_assert_str_eq(ota_blob_status_name(11), "unknown");
	net_free(&w);
}
END_TEST

START_TEST(handles)
{
	struct ota_blob_cli *c = ota_blob_cli_new();
	struct ota_blob_srv *s = ota_blob_srv_new();
	struct ota_blob_params p;
	struct ota_blob_out o;
	uint64_t next;

	ck_assert_str_eq(ota_blob_cli_errmsg(NULL), "");
	ck_assert_str_eq(ota_blob_srv_errmsg(NULL), "");
	ck_assert_int_eq(ota_blob_cli_poll(NULL, 0, &o, &next), OTA_E_INVAL);
	ck_assert_int_eq(ota_blob_srv_poll(NULL, 0, &o, &next), OTA_E_INVAL);
	ck_assert_int_eq(ota_blob_cli_set_blob(c, 1, 0, rd, NULL), OTA_E_RANGE);
	ck_assert_int_eq(ota_blob_cli_set_blob(c, 1, 0x100000000ull, rd, NULL), OTA_E_RANGE);
	ck_assert_int_eq(ota_blob_cli_start(c, 0), OTA_E_STATE);
	memset(&p, 0, sizeof(p));
	p.block_log = 5;
	ck_assert_int_eq(ota_blob_cli_set_params(c, &p), OTA_E_RANGE);
	ck_assert_int_eq(ota_blob_cli_set_group(c, 0x0005), OTA_E_RANGE);
	ck_assert_int_eq(ota_blob_cli_recv(c, 1, (const uint8_t *)"\x83\x03", 2, 0), OTA_E_STATE);
	ck_assert_int_eq(ota_blob_srv_expect(s, 1, 0, 0), OTA_E_STATE); /* no sink */
	ck_assert_uint_eq(ota_blob_server_timeout_ms(0), 10000);
	ck_assert_uint_eq(ota_blob_server_timeout_ms(9), 100000);
	ck_assert_uint_eq(ota_blob_client_timeout_ms(1, 10), 31000);
	ota_blob_cli_free(&c);
	ota_blob_srv_free(&s);
	ota_blob_cli_free(NULL);
	ota_blob_srv_free(NULL);
}
END_TEST

Suite *
suite_blob(void)
{
	Suite *s = suite_create("blob");
	TCase *tc = tcase_create("server");
	tcase_add_test(tc, server_push_transfer);
	tcase_add_test(tc, server_refusals);
	tcase_add_test(tc, server_timeouts);
	tcase_add_test(tc, server_pull_reports);
	suite_add_tcase(s, tc);
	tc = tcase_create("client");
	tcase_add_test(tc, client_messages);
	tcase_add_test(tc, client_timeout_one_target);
	tcase_add_test(tc, client_cancel);
	tcase_add_test(tc, client_resume);
	tcase_add_test(tc, client_target_failures);
	tcase_add_test(tc, handles);
	suite_add_tcase(s, tc);
	return s;
}
