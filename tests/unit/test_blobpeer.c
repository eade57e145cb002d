/* test_blobpeer.c - the BLOB transfer engine against real and hostile
 * peers (libotaimg-mesh-blob(3)): the two-octet chunk numbers Zephyr's
 * server writes for 0x800..0xFFF, tolerated by default and refused when
 * strict; then what a malicious or buggy peer may send or do. */
#include <string.h>

#include "testutil.h"

#define PID 0x0102030405060708ull

static unsigned
nbits(const uint8_t *b, uint32_t n)
{
	unsigned c = 0;
	uint32_t i;

	for (i = 0; i < n; i++)
		c += (b[i / 8] >> (i % 8)) & 1u;
	return c;
}

/* Zephyr subsys/bluetooth/mesh/blob_srv.c, buf_chunk_index_add() (line 130
 * of the version at commit 013c1350): below 0x80 one octet; below 0x8000
 * net_buf_simple_add_u8(0xc0 | chunk >> 6) then (0x80 | (chunk & 0x3f)),
 * the first cut to 8 bits.  So 0x800 is E0 80, 0x834 E0 B4, 0xBA2 EE A2,
 * 0xBAF (the last of CONFIG_BT_MESH_BLOB_CHUNK_COUNT_MAX = 2992) EE AF,
 * 0xC00 F0 80, 0xFFF FF BF; the standard code takes three octets for them
 * (E0 A0 80 for 0x800). */
static const struct {
	uint16_t idx;
	uint32_t nchunks;
	const char *hex;
	int strict; /* what the strict decoder says */
} zkat[] = {
	{ 0x0800, 2992, "E080", OTA_E_TRUNCATED },
	{ 0x0834, 2992, "E0B4", OTA_E_TRUNCATED },
	{ 0x0BA2, 2992, "EEA2", OTA_E_TRUNCATED },
	{ 0x0BAF, 2992, "EEAF", OTA_E_TRUNCATED },
	{ 0x0C00, 4096, "F080", OTA_E_RANGE },
	{ 0x0FFF, 4096, "FFBF", OTA_E_RANGE },
};

START_TEST(zephyr_two_octet_kat)
{
	uint8_t in[16], bits[8192], want[8192];
	uint32_t odd;
	size_t i, n, at;

	for (i = 0; i < sizeof(zkat) / sizeof(zkat[0]); i++) {
		n = unhex(zkat[i].hex, in, sizeof(in));
		memset(want, 0, sizeof(want));
		want[zkat[i].idx / 8] = (uint8_t)(1u << (zkat[i].idx % 8));
		odd = 99;
		ck_assert_int_eq(ota_blob_missing_decode_lenient(OTA_BLOB_MISSING_ENCODED, in, n,
		    zkat[i].nchunks, bits, &odd, NULL), OTA_OK);
		ck_assert_uint_eq(odd, 1);
		ck_assert_mem_eq(bits, want, (zkat[i].nchunks + 7) / 8);
		/* strict: refused, as before */
		at = 99;
		ck_assert_int_eq(ota_blob_missing_decode(OTA_BLOB_MISSING_ENCODED, in, n,
		    zkat[i].nchunks, bits, &at), zkat[i].strict);
		ck_assert_uint_eq(at, 0);
		/* a block of more than 4096 chunks: Zephyr's form loses bits there */
		ck_assert_int_ne(ota_blob_missing_decode_lenient(OTA_BLOB_MISSING_ENCODED, in, n,
		    4097, bits, &odd, NULL), OTA_OK);
	}
	/* Zephyr's list for chunks 5, 0x7FF, 0x800, 0x834, 0xBA2 (E0 B4 then EE:
	 * no third continuation octet, so two octets) */
	n = unhex("05" "DFBF" "E080" "E0B4" "EEA2", in, sizeof(in));
	ck_assert_int_eq(ota_blob_missing_decode_lenient(OTA_BLOB_MISSING_ENCODED, in, n, 2979,
	    bits, &odd, &at), OTA_OK);
	ck_assert_uint_eq(odd, 3);
	ck_assert_uint_eq(nbits(bits, 2979), 5);
	ck_assert_int_eq(ota_blob_missing_decode(OTA_BLOB_MISSING_ENCODED, in, n, 2979, bits, &at),
	    OTA_E_RANGE);
	ck_assert_uint_eq(at, 5); /* E0 80 E0: E0 is no continuation octet */
	/* well-formed three octets stay three octets: E0 A5 80 is 0x940 */
	n = unhex("E0A580", in, sizeof(in));
	ck_assert_int_eq(ota_blob_missing_decode_lenient(OTA_BLOB_MISSING_ENCODED, in, n, 2992,
	    bits, &odd, NULL), OTA_OK);
	ck_assert_uint_eq(odd, 0);
	ck_assert_uint_eq(bits[0x940 / 8], 1u << (0x940 % 8));
	/* still refused: a continuation octet alone, a pair past the block */
	n = unhex("80", in, sizeof(in));
	ck_assert_int_eq(ota_blob_missing_decode_lenient(OTA_BLOB_MISSING_ENCODED, in, n, 2992,
	    bits, &odd, NULL), OTA_E_RANGE);
	n = unhex("EEAF", in, sizeof(in));
	ck_assert_int_eq(ota_blob_missing_decode_lenient(OTA_BLOB_MISSING_ENCODED, in, n, 2991,
	    bits, &odd, &at), OTA_E_RANGE);
	/* the encoder writes the standard form: 0xBA2 is E0 AE A2 */
	{
		uint8_t out[8];
		size_t len = sizeof(out);
		unsigned fmt = OTA_BLOB_MISSING_ENCODED;

		memset(want, 0, sizeof(want));
		want[0xBA2 / 8] = (uint8_t)(1u << (0xBA2 % 8));
		ck_assert_int_eq(ota_blob_missing_encode(want, 2992, 0, &fmt, out, &len), OTA_OK);
		ck_assert_uint_eq(len, 3);
		ck_assert_mem_eq(out, "\xE0\xAE\xA2", 3);
	}
}
END_TEST

/* ---- a client and one target, message by message ---- */

static uint8_t img[32768];

static int
rd(void *ctx, uint64_t off, void *buf, size_t len)
{
	(void)ctx;
	ck_assert_uint_le(off + len, sizeof(img));
	memcpy(buf, img + off, len);
	return 0;
}

/* A client of a BLOB of size octets (block log, chunk size) to target
 * 0x200 in mode; flags in its parameters. */
static struct ota_blob_cli *
cli(uint32_t size, uint8_t log, uint16_t chunk, uint8_t mode, uint32_t flags)
{
	struct ota_blob_cli *c = ota_blob_cli_new();
	struct ota_blob_params p;

	ck_assert_ptr_nonnull(c);
	ck_assert_int_eq(ota_blob_cli_set_blob(c, PID, size, rd, NULL), OTA_OK);
	memset(&p, 0, sizeof(p));
	p.block_log = log;
	p.chunk_size = chunk;
	p.retry_ms = 1000;
	p.flags = flags;
	ck_assert_int_eq(ota_blob_cli_set_params(c, &p), OTA_OK);
	ck_assert_int_eq(ota_blob_cli_add_target(c, 0x200, mode, NULL), OTA_OK);
	ck_assert_int_eq(ota_blob_cli_start(c, 0), OTA_OK);
	return c;
}

static int
recv_hex(struct ota_blob_cli *c, uint16_t src, const char *hex, uint64_t now)
{
	uint8_t b[1200];
	size_t n = unhex(hex, b, sizeof(b));

	return ota_blob_cli_recv(c, src, b, n, now);
}

/* r and *o of a poll: one message that starts with hexpfx */
static void
check_out(int r, const struct ota_blob_out *o, const char *hexpfx)
{
	uint8_t want[64];
	size_t n = unhex(hexpfx, want, sizeof(want));

	ck_assert_int_eq(r, 1);
	ck_assert_uint_ge(o->len, n);
	ck_assert_mem_eq(o->buf, want, n);
}

/* the next message the client sends now: its first octets */
static void
expect_out(struct ota_blob_cli *c, uint64_t now, const char *hexpfx)
{
	struct ota_blob_out o;
	uint64_t next;

	check_out(ota_blob_cli_poll(c, now, &o, &next), &o, hexpfx);
	ck_assert_uint_eq(o.dst, 0x200);
}

/* Transfer Status of a pull target waiting for a block of a 32768-octet
 * BLOB, block log 15: one block. */
#define XS_PULL_32K "8303" "80" "02" "0807060504030201" "00800000" "0F" "7C01" "01"

START_TEST(client_reads_zephyr_report)
{
	struct ota_blob_target_info ti;
	struct ota_blob_cli *c;
	size_t i;
	int strict;
	static const uint16_t want[] = { 5, 0x7FF, 0x800, 0x834, 0xBA2 };

	for (i = 0; i < sizeof(img); i++)
		img[i] = (uint8_t)(i * 13 + 1);
	for (strict = 0; strict < 2; strict++) {
		/* 2979 chunks of 11 octets a block, as a Zephyr server with
		 * CONFIG_BT_MESH_BLOB_CHUNK_COUNT_MAX=2992 accepts */
		c = cli(32768, 15, 11, OTA_BLOB_MODE_PULL, strict ? OTA_BLOB_F_STRICT : 0);
		expect_out(c, 0, "8301" "80");
		ck_assert_int_eq(recv_hex(c, 0x200, XS_PULL_32K, 10), OTA_OK);
		expect_out(c, 10, "8304" "0000" "0B00");
		/* Zephyr's Block Status in pull mode: success, format encoded
		 * (0xC0), block 0, chunk size 11, then its list */
		if (strict) {
			ck_assert_int_eq(recv_hex(c, 0x200, "67C0" "0000" "0B00" "05" "DFBF" "E080"
			    "E0B4" "EEA2", 20), OTA_E_RANGE);
			ck_assert_ptr_nonnull(strstr(ota_blob_cli_errmsg(c), "octet 11"));
			ck_assert_int_eq(ota_blob_cli_target(c, 0, &ti), OTA_OK);
			ck_assert_uint_eq(ti.lenient, 0);
			ota_blob_cli_free(&c);
			continue;
		}
		ck_assert_int_eq(recv_hex(c, 0x200, "67C0" "0000" "0B00" "05" "DFBF" "E080" "E0B4"
		    "EEA2", 20), OTA_OK);
		for (i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
			struct ota_blob_out o;
			uint64_t next, off = (uint64_t)want[i] * 11u;

			ck_assert_int_eq(ota_blob_cli_poll(c, 20, &o, &next), 1);
			ck_assert_uint_eq(o.buf[0], 0x66);
			ck_assert_uint_eq(o.buf[1] | o.buf[2] << 8, want[i]);
			ck_assert_uint_eq(o.len, 3u + (want[i] == 0xBA2 ? 10u : 11u));
			ck_assert_mem_eq(o.buf + 3, img + off, o.len - 3);
		}
		ck_assert_int_eq(ota_blob_cli_target(c, 0, &ti), OTA_OK);
		ck_assert_uint_eq(ti.lenient, 3);
		ck_assert_int_eq(ti.state, OTA_BLOB_TARGET_ACTIVE);
		/* a Partial Block Report in Zephyr's form counts too */
		ck_assert_int_eq(recv_hex(c, 0x200, "68" "E0B5", 30), OTA_OK);
		expect_out(c, 30, "66" "3508");
		ck_assert_int_eq(ota_blob_cli_target(c, 0, &ti), OTA_OK);
		ck_assert_uint_eq(ti.lenient, 4);
		ota_blob_cli_free(&c);
	}
}
END_TEST

/* ---- hostile or buggy targets ---- */

/* Transfer Status of a pull target waiting for a block of the 300-octet
 * BLOB, block log 7: 3 blocks, bits 0..2 */
#define XS_PULL_300 "8303" "80" "02" "0807060504030201" "2C010000" "07" "7C01"

static void
expect_quiet(struct ota_blob_cli *c, uint64_t now)
{
	struct ota_blob_out o;
	uint64_t next;

	ck_assert_int_eq(ota_blob_cli_poll(c, now, &o, &next), 0);
}

START_TEST(client_hostile_lists)
{
	struct ota_blob_target_info ti;
	struct ota_blob_cli *c = cli(300, 7, 32, OTA_BLOB_MODE_PULL, 0);
	char rep[2 + 2 * 1000 + 1];
	size_t i;

	expect_out(c, 0, "8301");
	ck_assert_int_eq(recv_hex(c, 0x200, XS_PULL_300 "07", 10), OTA_OK);
	expect_out(c, 10, "8304" "0000" "2000");
	ck_assert_int_eq(recv_hex(c, 0x200, "6780" "0000" "2000" "F1", 20), OTA_E_RANGE);
	expect_quiet(c, 20);
	/* it wants chunk 2; then a bitmap with chunks 4..7 of a 4-chunk block,
	 * a list with chunk 4 after a good one, a number past 16 bits (Zephyr's
	 * three octets for 0xFFFF): refused, and nothing of them kept */
	ck_assert_int_eq(recv_hex(c, 0x200, "67C0" "0000" "2000" "02", 30), OTA_OK);
	ck_assert_int_eq(recv_hex(c, 0x200, "6780" "0000" "2000" "F1", 30), OTA_E_RANGE);
	ck_assert_int_eq(recv_hex(c, 0x200, "67C0" "0000" "2000" "01" "04", 30), OTA_E_RANGE);
	ck_assert_ptr_nonnull(strstr(ota_blob_cli_errmsg(c), "octet 7"));
	ck_assert_int_eq(recv_hex(c, 0x200, "68" "EFBFBF", 30), OTA_E_RANGE);
	ck_assert_int_eq(ota_blob_cli_target(c, 0, &ti), OTA_OK);
	ck_assert_int_eq(ti.state, OTA_BLOB_TARGET_ACTIVE);
	/* chunk 2, once */
	expect_out(c, 30, "66" "0200");
	expect_quiet(c, 30);
	/* a Partial Block Report asking for chunk 1 379 times: sent once */
	memcpy(rep, "68", 2);
	for (i = 0; i < 1000; i++)
		memcpy(rep + 2 + 2 * i, "01", 2);
	rep[2 + 2 * 379] = '\0';
	ck_assert_int_eq(recv_hex(c, 0x200, rep, 40), OTA_OK);
	expect_out(c, 40, "66" "0100");
	expect_quiet(c, 40);
	/* 1000 times is longer than an access message */
	rep[2 + 2 * 379] = '0';
	rep[2 + 2 * 1000] = '\0';
	ck_assert_int_eq(recv_hex(c, 0x200, rep, 50), OTA_E_LIMIT);
	expect_quiet(c, 50);
	ota_blob_cli_free(&c);
}
END_TEST

START_TEST(client_hostile_status_and_cancel)
{
	struct ota_blob_target_info ti;
	struct ota_blob_cli *c = cli(300, 7, 32, OTA_BLOB_MODE_PULL, 0);
	struct ota_blob_out o;
	uint64_t next;

	expect_out(c, 0, "8301");
	/* 4294967295 octets in blocks of 64: 67 million blocks, one octet of
	 * bitmap: the codec refuses it */
	ck_assert_int_eq(recv_hex(c, 0x200, "8303" "80" "02" "0807060504030201" "FFFFFFFF" "06"
	    "7C01" "01", 10), OTA_E_TRUNCATED);
	/* our BLOB, a block 3 of 3 missing */
	ck_assert_int_eq(recv_hex(c, 0x200, XS_PULL_300 "0F", 10), OTA_E_RANGE);
	ck_assert_ptr_nonnull(strstr(ota_blob_cli_errmsg(c), "past block 2"));
	/* not a target: refused, nothing changes */
	ck_assert_int_eq(recv_hex(c, 0x201, XS_PULL_300 "07", 10), OTA_E_NOT_FOUND);
	ck_assert_int_eq(recv_hex(c, 0x0000, XS_PULL_300 "07", 10), OTA_E_NOT_FOUND);
	ck_assert_int_eq(ota_blob_cli_target(c, 0, &ti), OTA_OK);
	ck_assert_uint_eq(ti.blocks_done, 0);
	expect_quiet(c, 10);
	ck_assert_int_eq(recv_hex(c, 0x200, XS_PULL_300 "07", 10), OTA_OK);
	expect_out(c, 10, "8304");
	/* cancel, then what the target still sends is late: ignored */
	ck_assert_int_eq(ota_blob_cli_cancel(c, 20), OTA_OK);
	ck_assert_int_eq(recv_hex(c, 0x200, "67C0" "0000" "2000" "02", 20), OTA_OK);
	ck_assert_int_eq(recv_hex(c, 0x200, "68" "01", 20), OTA_OK);
	expect_out(c, 20, "8302" "0807060504030201");
	ck_assert_int_eq(recv_hex(c, 0x200, "8303" "00" "00", 30), OTA_OK);
	ck_assert_int_eq(recv_hex(c, 0x200, "68" "01", 30), OTA_OK);
	ck_assert_int_eq(ota_blob_cli_poll(c, 30, &o, &next), 0);
	ck_assert_uint_eq(next, UINT64_MAX);
	ck_assert_int_eq(ota_blob_cli_target(c, 0, &ti), OTA_OK);
	ck_assert_int_eq(ti.state, OTA_BLOB_TARGET_CANCELLED);
	ota_blob_cli_free(&c);
}
END_TEST

/* A target that asks for the same chunks for ever (a Partial Block Report
 * of chunk 1 after each, or "all missing" after each push round) fails
 * after OTA_BLOB_SENT_MAX chunk messages for the block, not never. */
START_TEST(client_no_progress)
{
	struct ota_blob_target_info ti;
	struct ota_blob_out o;
	uint64_t next;
	unsigned mode;
	int i, n;

	for (mode = OTA_BLOB_MODE_PUSH; mode <= OTA_BLOB_MODE_PULL; mode++) {
		struct ota_blob_cli *c = cli(300, 7, 32, (uint8_t)mode, 0);

		expect_out(c, 0, "8301");
		ck_assert_int_eq(recv_hex(c, 0x200, mode == OTA_BLOB_MODE_PUSH ? "8303" "40" "02"
		    "0807060504030201" "2C010000" "07" "7C01" "07" : XS_PULL_300 "07", 0),
		    OTA_OK);
		expect_out(c, 0, "8304" "0000" "2000");
		ck_assert_int_eq(recv_hex(c, 0x200, mode == OTA_BLOB_MODE_PUSH ? "6700" "0000"
		    "2000" : "67C0" "0000" "2000" "01", 0), OTA_OK);
		for (i = 0, n = 0; i < 1000; i++) {
			int r = ota_blob_cli_poll(c, 0, &o, &next);

			ck_assert_int_ge(r, 0);
			if (r == 1 && o.buf[0] == 0x66) {
				n++;
				if (mode == OTA_BLOB_MODE_PULL)
					(void)recv_hex(c, 0x200, "68" "01", 0);
			} else if (r == 1) {
				ck_assert_uint_eq(o.buf[0], 0x83); /* Block Get */
				(void)recv_hex(c, 0x200, "6700" "0000" "2000", 0);
			} else if (next > 0) {
				break; /* nothing more now (0: the end of a push round) */
			}
		}
		ck_assert_int_eq(ota_blob_cli_target(c, 0, &ti), OTA_OK);
		ck_assert_int_eq(ti.state, OTA_BLOB_TARGET_FAILED);
		ck_assert_int_eq(ti.err, OTA_E_BLOB_TIMEOUT);
		ck_assert_ptr_nonnull(strstr(ti.reason, "no progress"));
		ck_assert_int_eq(n, 8 * 4 + 32);
		ck_assert_int_eq(ota_blob_cli_done(c), 1);
		ota_blob_cli_free(&c);
	}
}
END_TEST

START_TEST(client_clock_edges)
{
	struct ota_blob_target_info ti;
	struct ota_blob_cli *c = ota_blob_cli_new();
	struct ota_blob_out o;
	uint64_t next, end = UINT64_MAX - 10u;

	ck_assert_int_eq(ota_blob_cli_set_blob(c, PID, 300, rd, NULL), OTA_OK);
	ck_assert_int_eq(ota_blob_cli_add_target(c, 0x200, OTA_BLOB_MODE_PUSH, NULL), OTA_OK);
	/* a clock near its end: the timeout does not wrap into the past */
	ck_assert_int_eq(ota_blob_cli_start(c, end), OTA_OK);
	expect_out(c, end, "8301");
	ck_assert_int_eq(ota_blob_cli_poll(c, end + 5u, &o, &next), 0);
	ck_assert_uint_eq(next, UINT64_MAX - 1u);
	ck_assert_int_eq(ota_blob_cli_target(c, 0, &ti), OTA_OK);
	ck_assert_int_eq(ti.state, OTA_BLOB_TARGET_ACTIVE);
	/* a clock that goes back: timers wait, nothing fails or loops */
	ck_assert_int_eq(ota_blob_cli_poll(c, 0, &o, &next), 0);
	ck_assert_uint_eq(next, UINT64_MAX - 1u);
	ck_assert_int_eq(ota_blob_cli_target(c, 0, &ti), OTA_OK);
	ck_assert_int_eq(ti.state, OTA_BLOB_TARGET_ACTIVE);
	/* the end of time: the timeout is due (before the retry) */
	ck_assert_int_eq(ota_blob_cli_poll(c, UINT64_MAX - 1u, &o, &next), 0);
	ck_assert_int_eq(ota_blob_cli_poll(c, UINT64_MAX, &o, &next), 0);
	ck_assert_int_eq(ota_blob_cli_target(c, 0, &ti), OTA_OK);
	ck_assert_int_eq(ti.err, OTA_E_BLOB_TIMEOUT);
	ota_blob_cli_free(&c);
}
END_TEST

/* ---- hostile clients of a server ---- */

static struct ota_blob_srv *
srv(struct tsink *k, uint32_t max_size, uint8_t max_log)
{
	struct ota_blob_srv *s = ota_blob_srv_new();
	struct ota_blob_sink sk = { tsink_open, tsink_write, tsink_close, k };
	struct ota_blob_caps caps = { 6, max_log, 256, 65, max_size, 380, 3 };

	memset(k, 0, sizeof(*k));
	ck_assert_ptr_nonnull(s);
	ck_assert_int_eq(ota_blob_srv_set_caps(s, &caps), OTA_OK);
	ck_assert_int_eq(ota_blob_srv_set_sink(s, &sk), OTA_OK);
	ck_assert_int_eq(ota_blob_srv_expect(s, PID, 0, 1000), OTA_OK);
	return s;
}

static int
srv_hex(struct ota_blob_srv *s, uint16_t src, const char *hex, uint64_t now)
{
	uint8_t b[400];
	size_t n = unhex(hex, b, sizeof(b));

	return ota_blob_srv_recv(s, src, b, n, now);
}

static int
srv_chunk(struct ota_blob_srv *s, uint16_t src, unsigned idx, size_t len, uint64_t now)
{
	uint8_t b[3 + 64];

	b[0] = 0x66;
	b[1] = (uint8_t)idx;
	b[2] = 0;
	memcpy(b + 3, img + idx * 20u, len);
	return ota_blob_srv_recv(s, src, b, 3 + len, now);
}

/* the server's next answer starts with hexpfx */
static void
srv_out(struct ota_blob_srv *s, uint64_t now, const char *hexpfx)
{
	struct ota_blob_out o;
	uint64_t next;

	check_out(ota_blob_srv_poll(s, now, &o, &next), &o, hexpfx);
}

#define TS_PUSH "8301" "40" "0807060504030201"

START_TEST(server_hostile_starts)
{
	struct tsink k;
	struct ota_blob_srv *s = srv(&k, 512u * 1024u, 12);
	struct ota_blob_out o;
	uint64_t next;

	/* a BLOB of 0 octets: the codec refuses it, no answer, no sink */
	ck_assert_int_eq(srv_hex(s, 1, TS_PUSH "00000000" "0C" "7C01", 1000), OTA_E_RANGE);
	ck_assert_int_eq(ota_blob_srv_poll(s, 1000, &o, &next), 0);
	/* block log 33 and 255: refused by the codec too */
	ck_assert_int_eq(srv_hex(s, 1, TS_PUSH "64000000" "21" "7C01", 1000), OTA_E_RANGE);
	ck_assert_int_eq(srv_hex(s, 1, TS_PUSH "64000000" "FF" "7C01", 1000), OTA_E_RANGE);
	/* 4294967295 octets: too large for these caps */
	ck_assert_int_eq(srv_hex(s, 1, TS_PUSH "FFFFFFFF" "0C" "7C01", 1000), OTA_E_LIMIT);
	srv_out(s, 1000, "8303" "07" "01");
	ck_assert_int_eq(k.opened, 0);
	ota_blob_srv_free(&s);
	/* a server taking 4 GiB - 1: in blocks of 4096 that is a million blocks */
	s = srv(&k, UINT32_MAX, 32);
	ck_assert_int_eq(srv_hex(s, 1, TS_PUSH "FFFFFFFF" "0C" "7C01", 1000), OTA_E_LIMIT);
	srv_out(s, 1000, "8303" "05" "01");
	ck_assert_int_eq(k.opened, 0);
	/* block log 32 and a BLOB of 100 octets: one block of 100, 5 chunks */
	ck_assert_int_eq(srv_hex(s, 1, TS_PUSH "64000000" "20" "7C01", 1000), OTA_OK);
	srv_out(s, 1000, "8303" "40" "02");
	ck_assert_int_eq(srv_hex(s, 1, "8304" "0000" "1400", 1000), OTA_OK);
	srv_out(s, 1000, "6700" "0000" "1400");
	ck_assert_int_eq(srv_chunk(s, 1, 0, 20, 1000), OTA_OK);
	ck_assert_int_eq(srv_chunk(s, 1, 1, 20, 1000), OTA_OK);
	ck_assert_int_eq(srv_chunk(s, 1, 2, 20, 1000), OTA_OK);
	ck_assert_int_eq(srv_chunk(s, 1, 3, 20, 1000), OTA_OK);
	ck_assert_int_eq(srv_chunk(s, 1, 4, 20, 1000), OTA_OK);
	ck_assert_uint_eq(ota_blob_srv_phase(s), OTA_BLOB_PHASE_COMPLETE);
	ck_assert_mem_eq(k.data, img, 100);
	ota_blob_srv_free(&s);
	ck_assert_int_eq(k.closed, 1);
}
END_TEST

START_TEST(server_hostile_peers)
{
	struct tsink k;
	struct ota_blob_srv *s = srv(&k, 512u * 1024u, 12);
	struct ota_blob_out o;
	uint64_t next;

	ck_assert_int_eq(srv_hex(s, 1, TS_PUSH "64000000" "07" "7C01", 1000), OTA_OK);
	srv_out(s, 1000, "8303" "40" "02");
	/* another node: its Block Start and chunks are ignored */
	ck_assert_int_eq(srv_hex(s, 9, "8304" "0000" "1400", 1000), OTA_E_STATE);
	ck_assert_int_eq(ota_blob_srv_poll(s, 1000, &o, &next), 0);
	ck_assert_int_eq(srv_hex(s, 1, "8304" "0000" "1400", 1000), OTA_OK);
	srv_out(s, 1000, "6700" "0000" "1400");
	ck_assert_int_eq(srv_chunk(s, 9, 0, 20, 1000), OTA_E_STATE);
	ck_assert_int_eq(k.writes, 0);
	/* the sink fails: the transfer ends, the sink is closed once */
	k.fail_write = 1;
	ck_assert_int_eq(srv_chunk(s, 1, 0, 20, 1000), OTA_E_BLOB_SINK);
	ck_assert_int_eq(k.closed, 1);
	ck_assert_uint_eq(ota_blob_srv_phase(s), OTA_BLOB_PHASE_INACTIVE);
	/* and then: poll, chunks, Block Get, cancel, a clock gone back, free */
	ck_assert_int_eq(ota_blob_srv_poll(s, 1000, &o, &next), 0);
	ck_assert_uint_eq(next, UINT64_MAX);
	ck_assert_int_eq(ota_blob_srv_poll(s, 0, &o, &next), 0);
	ck_assert_int_eq(srv_chunk(s, 1, 1, 20, 1000), OTA_E_STATE);
	ck_assert_int_eq(srv_hex(s, 1, "8305", 1000), OTA_OK);
	srv_out(s, 1000, "6704");
	ck_assert_int_eq(ota_blob_srv_cancel(s), OTA_OK);
	ota_blob_srv_free(&s);
	ck_assert_int_eq(k.closed, 1);
	ck_assert_int_eq(k.writes, 0);
	/* a clock near its end or going back does not end a transfer early */
	s = srv(&k, 512u * 1024u, 12);
	ck_assert_int_eq(srv_hex(s, 1, TS_PUSH "64000000" "07" "7C01", UINT64_MAX - 100u),
	    OTA_OK);
	srv_out(s, UINT64_MAX - 100u, "8303" "40" "02");
	ck_assert_int_eq(ota_blob_srv_poll(s, UINT64_MAX - 50u, &o, &next), 0);
	ck_assert_uint_eq(next, UINT64_MAX - 1u);
	ck_assert_int_eq(ota_blob_srv_poll(s, 5, &o, &next), 0);
	ck_assert_uint_eq(ota_blob_srv_phase(s), OTA_BLOB_PHASE_WAITING_BLOCK);
	ota_blob_srv_free(&s);
}
END_TEST

Suite *
suite_blobpeer(void)
{
	Suite *s = suite_create("blobpeer");
	TCase *tc = tcase_create("zephyr");

	tcase_add_test(tc, zephyr_two_octet_kat);
	tcase_add_test(tc, client_reads_zephyr_report);
	suite_add_tcase(s, tc);
	tc = tcase_create("hostile");
	tcase_add_test(tc, client_hostile_lists);
	tcase_add_test(tc, client_hostile_status_and_cancel);
	tcase_add_test(tc, client_no_progress);
	tcase_add_test(tc, client_clock_edges);
	tcase_add_test(tc, server_hostile_starts);
	tcase_add_test(tc, server_hostile_peers);
	suite_add_tcase(s, tc);
	return s;
}
