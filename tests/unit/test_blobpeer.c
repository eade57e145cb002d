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

/* the next message the client sends now: its first octets */
static void
expect_out(struct ota_blob_cli *c, uint64_t now, const char *hexpfx)
{
	struct ota_blob_out o;
	uint8_t want[64];
	uint64_t next;
	size_t n = unhex(hexpfx, want, sizeof(want));

	ck_assert_int_eq(ota_blob_cli_poll(c, now, &o, &next), 1);
	ck_assert_uint_eq(o.dst, 0x200);
	ck_assert_uint_ge(o.len, n);
	ck_assert_mem_eq(o.buf, want, n);
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

Suite *
suite_blobpeer(void)
{
	Suite *s = suite_create("blobpeer");
	TCase *tc = tcase_create("zephyr");

	tcase_add_test(tc, zephyr_two_octet_kat);
	tcase_add_test(tc, client_reads_zephyr_report);
	suite_add_tcase(s, tc);
	return s;
}
