/* test_meshmsg.c - the Firmware Update, Firmware Distribution and BLOB
 * Transfer message codecs (<otaimg/mesh_msg.h>).  Every message: decode,
 * encode byte-exact, JSON and back, every truncation and one octet too many.
 * Known byte strings are typed in, with the source of each. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

#define BLOBID "0807060504030201" /* BLOB ID 0x0102030405060708, little-endian */
#define FWID_E "590002000100d2040000" /* Nordic (0x0059) 2.0.1+1234: mesh-dfu.md 1.1 */
/* Zephyr-format metadata of vector E (mesh-dfu.md 2.5, IOSLIB example zip) */
#define MD_E "02000100d204000094cf0601458b0ebc0200"
#define URI "0c68747470733a2f2f612e696f" /* "https://a.io" with its length octet */

/* One sample of every message with a codec (opcode first). */
static const char *const samples[] = {
	/* BLOB Transfer: layouts of Zephyr blob_srv.c / blob_cli.c */
	"8300",
	"8301" "40" BLOBID "94cf0600" "0c" "1800",
	"8302" BLOBID,
	"8303" "40" "02" BLOBID "94cf0600" "0c" "4400" "ffffffffffffffffffffffffff1f",
	"8303" "00" "00",
	"8303" "40" "01" BLOBID,
	"8304" "0100" "4100",
	"8305",
	"8306",
	"8307" "0c0c" "0001" "4100" "00000800" "4400" "03",
	"66" "0200" "deadbeef",
	"67" "00" "0100" "4100",
	"67" "40" "0100" "4100",
	"67" "80" "0100" "4100" "ff0f",
	"67" "c0" "0100" "4100" "01c388e0aeb8",
	"68" "01c388e0aeb8",
	"68",
	/* Firmware Update: Zephyr dfu_srv.c / dfu_cli.c, IOSLIB FirmwareUpdate*.swift */
	"8308" "00" "04",
	"8309" "02" "00" "0a" FWID_E "00" "0602ff10000203" URI,
	"830a" "00" MD_E,
	"830b" "10" "00",
	"830c",
	"830d" "05" "0a00" BLOBID "00" MD_E,
	"830e",
	"830f",
	"8310" "40" "05" "00" "0a00" BLOBID "00",
	"8310" "00",
	/* Firmware Distribution: Zephyr dfd_srv.c, IOSLIB FirmwareDistribution*.swift */
	"8311" "0200" "00" "0300" "01",
	"8312",
	"8313" "00" "0200",
	"8314" "0000" "0a00",
	"8315" "0200" "0000" "0200016400" "030002c801",
	"8316",
	"8317" "0800" "0100" "00000800" "00000800" "00000800" "01" "17",
	"8317" "0800" "0100" "00000800" "00000800" "00000800" "00",
	"8318",
	"8319" "0000" "05" "0a00" "05" "0000" "01c0",
	"8319" "0000" "05" "0a00" "01" "0000" "00112233445566778899aabbccddeeff",
	"831a",
	"831b",
	"831c",
	"831d" "00" "01" "01c0" "0000" "05" "0a00" "05" "0000",
	"831d" "00" "00",
	"831e",
	"831f" "05" "0a00" BLOBID "94cf0600" "12" MD_E FWID_E,
	"8320" URI FWID_E,
	"8321",
	"8322" "00" "01" "32" FWID_E,
	"8322" "00" "01" "b2" FWID_E,
	"8322" "00" "00",
	"8323" "02ff10000203",
	"8324" "0000",
	"8325" FWID_E,
	"8326",
	"8327" "00" "0100" "0000" FWID_E,
	"8327" "04" "0100" "ffff",
};
#define NSAMPLES (sizeof(samples) / sizeof(samples[0]))

static size_t
h(const char *s, uint8_t *out)
{
	return unhex(s, out, OTA_MESH_MSG_MAX + 8);
}

/* Every opcode with a codec has a sample, and every sample round-trips. */
START_TEST(every_message_round_trips)
{
	struct ota_mesh_msg *m = ota_mesh_msg_new(), *j = ota_mesh_msg_new();
	uint8_t in[OTA_MESH_MSG_MAX + 8], out[OTA_MESH_MSG_MAX];
	struct membuf mb = { 0 };
	size_t i, k, n, on, covered = 0;
	uint32_t op;
	int found;

	ck_assert_ptr_nonnull(m);
	for (i = 0; i < NSAMPLES; i++) {
		n = h(samples[i], in);
		ck_assert_msg(ota_mesh_msg_decode(m, in, n) == OTA_OK, "%s: %s", samples[i],
		    ota_mesh_msg_errmsg(m));
		on = sizeof(out);
		ck_assert_int_eq(ota_mesh_msg_encode(m, out, &on), OTA_OK);
		ck_assert_uint_eq(on, n);
		ck_assert_msg(memcmp(in, out, n) == 0, "%s re-encodes differently", samples[i]);
		/* JSON and back */
		mb.n = 0;
		ck_assert_int_eq(ota_mesh_msg_write_json(m, membuf_write, &mb), OTA_OK);
		ck_assert_msg(ota_mesh_msg_from_json(j, (const char *)mb.p, mb.n) == OTA_OK,
		    "%s: %.*s: %s", samples[i], (int)mb.n, (const char *)mb.p,
		    ota_mesh_msg_errmsg(j));
		on = sizeof(out);
		ck_assert_int_eq(ota_mesh_msg_encode(j, out, &on), OTA_OK);
		ck_assert_uint_eq(on, n);
		ck_assert_msg(memcmp(in, out, n) == 0, "%s: JSON round trip differs", samples[i]);
	}
	for (k = 0; ota_mesh_msg_op_at(k, &op) == OTA_OK; k++) {
		found = 0;
		for (i = 0; i < NSAMPLES && !found; i++) {
			n = h(samples[i], in);
			found = (n == 1 ? in[0] : (uint32_t)in[0] << 8 | in[1]) == op ||
			    (in[0] < 0x80 && in[0] == op);
		}
		ck_assert_msg(found, "no sample of opcode 0x%X", (unsigned)op);
		covered++;
	}
	ck_assert_uint_eq(covered, 43);
	membuf_free(&mb);
	ota_mesh_msg_free(&m);
	ota_mesh_msg_free(&j);
}
END_TEST

/* Cut every sample at every octet: a length error, or (where the layout has
 * an optional part, a list or a tail) a shorter message that re-encodes to
 * exactly the cut bytes.  One octet more: OTA_E_TRAILING (or OTA_E_TRUNCATED
 * for an optional part it starts) unless a tail or a list takes it. */
START_TEST(every_truncation_is_a_length_error)
{
	struct ota_mesh_msg *m = ota_mesh_msg_new();
	uint8_t in[OTA_MESH_MSG_MAX + 8], out[OTA_MESH_MSG_MAX];
	size_t i, k, n, on, trunc = 0;
	int r;

	for (i = 0; i < NSAMPLES; i++) {
		n = h(samples[i], in);
		for (k = 0; k < n; k++) {
			r = ota_mesh_msg_decode(m, in, k);
			if (r == OTA_OK) {
				on = sizeof(out);
				ck_assert_int_eq(ota_mesh_msg_encode(m, out, &on), OTA_OK);
				ck_assert_msg(on == k && memcmp(in, out, k) == 0,
				    "%s cut at %zu decodes to something else", samples[i], k);
				continue;
			}
			ck_assert_msg(r == OTA_E_TRUNCATED, "%s cut at %zu: %d %s", samples[i], k, r,
			    ota_mesh_msg_errmsg(m));
			ck_assert_ptr_null(ota_mesh_msg_name(m));
			trunc++;
		}
		in[n] = 0x00;
		r = ota_mesh_msg_decode(m, in, n + 1);
		if (r == OTA_OK) {
			on = sizeof(out);
			ck_assert_int_eq(ota_mesh_msg_encode(m, out, &on), OTA_OK);
			ck_assert_uint_eq(on, n + 1);
		} else {
			/* (an optional part that the extra octet begins is cut short;
			 * in a list it is a length octet of 0, out of range) */
			ck_assert_msg(r == OTA_E_TRAILING || r == OTA_E_TRUNCATED ||
			    r == OTA_E_RANGE, "%s + 00: %d %s",
			    samples[i], r,
			    ota_mesh_msg_errmsg(m));
		}
	}
	ck_assert_uint_gt(trunc, 300);
	ota_mesh_msg_free(&m);
}
END_TEST

/* Byte strings as public implementations write them, decoded to the
 * expected fields. */
struct known {
	const char *hex, *source;
	const char *field[4];
	uint64_t value[4];
};
static const struct known known[] = {
	/* Zephyr blob_srv.c handle_info_get with the Kconfig defaults of
	 * mesh-dfu.md 4.1: block 4096..4096 (log 12), 256 chunks, chunk 65 =
	 * 72-octet RX SDU - 7, 512 KiB, MTU 68 = SDU - 4, push and pull */
	{ "8307" "0c0c" "0001" "4100" "00000800" "4400" "03",
	  "zephyr subsys/bluetooth/mesh/blob_srv.c handle_info_get",
	  { "min_block_size_log", "max_total_chunks", "max_chunk_size", "server_mtu" },
	  { 12, 256, 65, 68 } },
	{ "8307" "0c0c" "0001" "4100" "00000800" "4400" "03", "(same)",
	  { "max_blob_size", "supported_modes", "max_block_size_log", NULL },
	  { 524288, 3, 12, 0 } },
	/* Zephyr dfd_srv.c handle_upload_start reads BLOB ID and size
	 * little-endian; IOSLIB FirmwareDistributionUploadStart.swift decodes
	 * so too (mesh-dfu.md 6.1); FWID and metadata of vector E */
	{ "831f" "05" "0a00" BLOBID "94cf0600" "12" MD_E FWID_E,
	  "zephyr subsys/bluetooth/mesh/dfd_srv.c handle_upload_start",
	  { "blob_id", "firmware_size", "timeout_base", "ttl" },
	  { 0x0102030405060708ull, 446356, 10, 5 } },
	/* Zephyr dfd_srv.c handle_receivers_get: address 15 bits, phase 4,
	 * update status 3, transfer status 4, progress/2 6, then image index */
	{ "8315" "0100" "0000" "0200016400",
	  "zephyr subsys/bluetooth/mesh/dfd_srv.c handle_receivers_get",
	  { "list_count", "first_index", NULL, NULL }, { 1, 0, 0, 0 } },
	/* Zephyr dfd_srv.c status_rsp: mode bits 0-1, apply bit 2 */
	{ "831d" "00" "01" "01c0" "0000" "05" "0a00" "05" "0000",
	  "zephyr subsys/bluetooth/mesh/dfd_srv.c status_rsp",
	  { "multicast_address", "transfer_mode", "update_policy", "timeout_base" },
	  { 0xc001, 1, 1, 10 } },
	/* Zephyr dfu_srv.c update_status: status bits 0-2, phase bits 5-7 */
	{ "8310" "40" "05" "00" "0a00" BLOBID "00",
	  "zephyr subsys/bluetooth/mesh/dfu_srv.c send_update_status",
	  { "phase", "ttl", "blob_id", "image_index" }, { 2, 5, 0x0102030405060708ull, 0 } },
	/* IOSLIB FirmwareUpdateFirmwareMetadataStatus.swift: status bits 0-2,
	 * additional information bits 3-7 (2: CD changes, RPR supported) */
	{ "830b" "13" "01", "IOSLIB FirmwareUpdateFirmwareMetadataStatus.swift",
	  { "status", "additional_information", "image_index", NULL }, { 3, 2, 1, 0 } },
	/* Zephyr blob_srv.c block_status_rsp, chunk numbers 1, 200 and 3000 in
	 * the code of chunk_idx_encode */
	{ "67" "c0" "0200" "4100" "01c388e0aeb8",
	  "zephyr subsys/bluetooth/mesh/blob_srv.c block_status_rsp",
	  { "status", "format", "block_number", "chunk_size" }, { 0, 3, 2, 65 } },
	/* IOSLIB FirmwareDistributionCapabilitiesStatus.swift / Zephyr
	 * handle_capabilities_get: https: is URI scheme 0x17 */
	{ "8317" "0800" "0100" "00000800" "00000800" "00000800" "01" "17",
	  "zephyr subsys/bluetooth/mesh/dfd_srv.c handle_capabilities_get",
	  { "max_receivers", "max_firmware_images", "max_firmware_size",
	    "oob_retrieval_supported" }, { 8, 1, 524288, 1 } },
	/* Zephyr dfd_srv.c fw_status_rsp for a FWID it does not hold: status 4
	 * (firmware not found), the slot count, index 0xFFFF, no FWID */
	{ "8327" "04" "0100" "ffff", "zephyr subsys/bluetooth/mesh/dfd_srv.c fw_status_rsp",
	  { "status", "entry_count", "image_index", NULL }, { 4, 1, 0xffff, 0 } },
	/* Zephyr blob_cli.c xfer_start_tx: mode << 6, ID, size, log, MTU */
	{ "8301" "80" BLOBID "94cf0600" "0c" "7c01",
	  "zephyr subsys/bluetooth/mesh/blob_cli.c xfer_start_tx",
	  { "mode", "blob_size", "block_size_log", "client_mtu" }, { 2, 446356, 12, 380 } },
};

START_TEST(known_byte_strings)
{
	struct ota_mesh_msg *m = ota_mesh_msg_new();
	uint8_t in[OTA_MESH_MSG_MAX];
	const uint8_t *p;
	uint64_t v;
	size_t i, k, n, cnt;

	for (i = 0; i < sizeof(known) / sizeof(known[0]); i++) {
		n = h(known[i].hex, in);
		ck_assert_msg(ota_mesh_msg_decode(m, in, n) == OTA_OK, "%s: %s", known[i].source,
		    ota_mesh_msg_errmsg(m));
		for (k = 0; k < 4 && known[i].field[k] != NULL; k++) {
			ck_assert_int_eq(ota_mesh_msg_get_uint(m, known[i].field[k], &v), OTA_OK);
			ck_assert_msg(v == known[i].value[k], "%s: %s = %llu", known[i].source,
			    known[i].field[k], (unsigned long long)v);
		}
	}
	/* the lists and octet strings of three of them */
	n = h("8315" "0100" "0000" "0200016400", in);
	ck_assert_int_eq(ota_mesh_msg_decode(m, in, n), OTA_OK);
	ck_assert_int_eq(ota_mesh_msg_item_count(m, "receivers", &cnt), OTA_OK);
	ck_assert_uint_eq(cnt, 1);
	ck_assert_int_eq(ota_mesh_msg_item_get_uint(m, "receivers", 0, "address", &v), OTA_OK);
	ck_assert_uint_eq(v, 2);
	ck_assert_int_eq(ota_mesh_msg_item_get_uint(m, "receivers", 0, "retrieved_update_phase",
	    &v), OTA_OK);
	ck_assert_uint_eq(v, 2);
	ck_assert_int_eq(ota_mesh_msg_item_get_uint(m, "receivers", 0, "transfer_progress", &v),
	    OTA_OK);
	ck_assert_uint_eq(v, 25);
	n = h("67" "c0" "0200" "4100" "01c388e0aeb8", in);
	ck_assert_int_eq(ota_mesh_msg_decode(m, in, n), OTA_OK);
	ck_assert_int_eq(ota_mesh_msg_item_count(m, "missing", &cnt), OTA_OK);
	ck_assert_uint_eq(cnt, 3);
	ck_assert_int_eq(ota_mesh_msg_item_get_uint(m, "missing", 1, "chunk", &v), OTA_OK);
	ck_assert_uint_eq(v, 200);
	ck_assert_int_eq(ota_mesh_msg_item_get_uint(m, "missing", 2, "chunk", &v), OTA_OK);
	ck_assert_uint_eq(v, 3000);
	n = h("831f" "05" "0a00" BLOBID "94cf0600" "12" MD_E FWID_E, in);
	ck_assert_int_eq(ota_mesh_msg_decode(m, in, n), OTA_OK);
	ck_assert_int_eq(ota_mesh_msg_get_bytes(m, "fwid", &p, &n), OTA_OK);
	ck_assert_uint_eq(n, 10);
	ck_assert_int_eq(memcmp(p, "\x59\x00\x02\x00\x01\x00\xd2\x04\x00\x00", 10), 0);
	ck_assert_int_eq(ota_mesh_msg_get_bytes(m, "metadata", &p, &n), OTA_OK);
	ck_assert_uint_eq(n, 18);
	ota_mesh_msg_free(&m);
}
END_TEST

/* Errors name the field and its offset. */
START_TEST(errors_name_the_field)
{
	struct ota_mesh_msg *m = ota_mesh_msg_new();
	uint8_t in[OTA_MESH_MSG_MAX + 8];
	const char *f;
	size_t n, off;

	/* block size log 5 at offset 15 (opcode 2, mode 1, ID 8, size 4) */
	n = h("8301" "40" BLOBID "94cf0600" "05" "1800", in);
	ck_assert_int_eq(ota_mesh_msg_decode(m, in, n), OTA_E_RANGE);
	f = ota_mesh_msg_errfield(m, &off);
	ck_assert_str_eq(f, "block_size_log");
	ck_assert_uint_eq(off, 15);
	ck_assert_ptr_nonnull(strstr(ota_mesh_msg_errmsg(m), "block_size_log at offset 15"));
	/* mode 3 */
	n = h("8301" "c0" BLOBID "94cf0600" "0c" "1800", in);
	ck_assert_int_eq(ota_mesh_msg_decode(m, in, n), OTA_E_RANGE);
	ck_assert_str_eq(ota_mesh_msg_errfield(m, &off), "mode");
	ck_assert_uint_eq(off, 2);
	/* one octet short: client_mtu */
	n = h("8301" "40" BLOBID "94cf0600" "0c" "18", in);
	ck_assert_int_eq(ota_mesh_msg_decode(m, in, n), OTA_E_TRUNCATED);
	ck_assert_str_eq(ota_mesh_msg_errfield(m, &off), "client_mtu");
	ck_assert_uint_eq(off, 16);
	/* one octet too many */
	n = h("8301" "40" BLOBID "94cf0600" "0c" "180000", in);
	ck_assert_int_eq(ota_mesh_msg_decode(m, in, n), OTA_E_TRAILING);
	ck_assert_ptr_nonnull(strstr(ota_mesh_msg_errmsg(m), "offset 18"));
	/* Information Status: 12 and 14 octets */
	n = h("8307" "0c0c" "0001" "4100" "00000800" "4400", in);
	ck_assert_int_eq(ota_mesh_msg_decode(m, in, n), OTA_E_TRUNCATED);
	ck_assert_str_eq(ota_mesh_msg_errfield(m, &off), "supported_modes");
	n = h("8307" "0c0c" "0001" "4100" "00000800" "4400" "0300", in);
	ck_assert_int_eq(ota_mesh_msg_decode(m, in, n), OTA_E_TRAILING);
	/* min log above max log */
	n = h("8307" "0d0c" "0001" "4100" "00000800" "4400" "03", in);
	ck_assert_int_eq(ota_mesh_msg_decode(m, in, n), OTA_E_RANGE);
	ck_assert_str_eq(ota_mesh_msg_errfield(m, &off), "max_block_size_log");
	/* Transfer Status bitmap: 109 blocks need 14 octets */
	n = h("8303" "40" "02" BLOBID "94cf0600" "0c" "4400" "ffffffffffffffffffffffffffff1f", in);
	ck_assert_int_eq(ota_mesh_msg_decode(m, in, n), OTA_E_TRAILING);
	ck_assert_str_eq(ota_mesh_msg_errfield(m, &off), "blocks_not_received");
	/* Upload Start: metadata length past the end */
	n = h("831f" "05" "0a00" BLOBID "94cf0600" "30" MD_E, in);
	ck_assert_int_eq(ota_mesh_msg_decode(m, in, n), OTA_E_TRUNCATED);
	ck_assert_str_eq(ota_mesh_msg_errfield(m, &off), "metadata");
	ck_assert_uint_eq(off, 18);
	/* a one-octet FWID */
	n = h("8323" "02", in);
	ck_assert_int_eq(ota_mesh_msg_decode(m, in, n), OTA_E_TRUNCATED);
	ck_assert_str_eq(ota_mesh_msg_errfield(m, &off), "fwid");
	/* Receivers Add: a group address is not a receiver; an empty list */
	n = h("8311" "01c0" "00", in);
	ck_assert_int_eq(ota_mesh_msg_decode(m, in, n), OTA_E_RANGE);
	ck_assert_str_eq(ota_mesh_msg_errfield(m, &off), "address");
	ck_assert_uint_eq(off, 2);
	n = h("8311", in);
	ck_assert_int_eq(ota_mesh_msg_decode(m, in, n), OTA_E_TRUNCATED);
	/* Distribution Start: 5 octets of address */
	n = h("8319" "0000" "05" "0a00" "05" "0000" "0011223344", in);
	ck_assert_int_eq(ota_mesh_msg_decode(m, in, n), OTA_E_TRUNCATED);
	ck_assert_str_eq(ota_mesh_msg_errfield(m, &off), "label_uuid");
	/* Block Status: a bitmap with format 1 (none missing) */
	n = h("67" "40" "0100" "4100" "ff", in);
	ck_assert_int_eq(ota_mesh_msg_decode(m, in, n), OTA_E_TRAILING);
	/* an overlong chunk number, a lone continuation octet */
	n = h("68" "c081", in);
	ck_assert_int_eq(ota_mesh_msg_decode(m, in, n), OTA_E_RANGE);
	ck_assert_str_eq(ota_mesh_msg_errfield(m, &off), "missing");
	n = h("68" "81", in);
	ck_assert_int_eq(ota_mesh_msg_decode(m, in, n), OTA_E_RANGE);
	/* opcodes: reserved 0x7F, unknown, cut */
	n = h("7f", in);
	ck_assert_int_eq(ota_mesh_msg_decode(m, in, n), OTA_E_UNSUPPORTED);
	n = h("8240", in);
	ck_assert_int_eq(ota_mesh_msg_decode(m, in, n), OTA_E_UNSUPPORTED);
	n = h("83", in);
	ck_assert_int_eq(ota_mesh_msg_decode(m, in, n), OTA_E_TRUNCATED);
	ck_assert_str_eq(ota_mesh_msg_errfield(m, &off), "opcode");
	ck_assert_int_eq(ota_mesh_msg_decode(m, in, 0), OTA_E_TRUNCATED);
	/* longer than an access message */
	memset(in, 0, sizeof(in));
	in[0] = 0x66;
	ck_assert_int_eq(ota_mesh_msg_decode(m, in, OTA_MESH_MSG_MAX + 1), OTA_E_LIMIT);
	ck_assert_ptr_null(ota_mesh_msg_name(m));
	ck_assert_int_eq(ota_mesh_msg_decode(m, in, OTA_MESH_MSG_MAX), OTA_OK);
	ota_mesh_msg_free(&m);
}
END_TEST

/* A gateway builds messages with typed calls, no JSON; multi-octet fields
 * are little-endian (mesh-dfu.md 6.1). */
START_TEST(typed_calls_build_messages)
{
	static const uint8_t label[16] = { 0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88,
		0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff };
	struct ota_mesh_msg *m = ota_mesh_msg_new();
	uint8_t out[OTA_MESH_MSG_MAX], want[OTA_MESH_MSG_MAX], fw[16];
	size_t n, wn, i;
	uint64_t v;

	ck_assert_int_eq(ota_mesh_msg_init(m, OTA_MESH_OP_FW_DIST_UPLOAD_START), OTA_OK);
	ck_assert_str_eq(ota_mesh_msg_name(m), "firmware-distribution-upload-start");
	ck_assert_int_eq(ota_mesh_msg_set_uint(m, "ttl", 5), OTA_OK);
	ck_assert_int_eq(ota_mesh_msg_set_uint(m, "timeout_base", 10), OTA_OK);
	ck_assert_int_eq(ota_mesh_msg_set_uint(m, "blob_id", 0x0102030405060708ull), OTA_OK);
	ck_assert_int_eq(ota_mesh_msg_set_uint(m, "firmware_size", 446356), OTA_OK);
	ck_assert_int_eq(ota_mesh_msg_set_bytes(m, "metadata", fw, 0), OTA_OK);
	wn = unhex(FWID_E, fw, sizeof(fw));
	ck_assert_int_eq(ota_mesh_msg_set_bytes(m, "fwid", fw, wn), OTA_OK);
	ck_assert_int_eq(ota_mesh_msg_set_bytes(m, "fwid", fw, 1), OTA_E_RANGE);
	ck_assert_int_eq(ota_mesh_msg_set_uint(m, "nosuch", 1), OTA_E_NOT_FOUND);
	ck_assert_int_eq(ota_mesh_msg_set_uint(m, "fwid", 1), OTA_E_INVAL);
	n = sizeof(out);
	ck_assert_int_eq(ota_mesh_msg_encode(m, out, &n), OTA_OK);
	wn = h("831f" "05" "0a00" BLOBID "94cf0600" "00" FWID_E, want);
	ck_assert_uint_eq(n, wn);
	ck_assert_int_eq(memcmp(out, want, n), 0);
	/* room: too small says how much */
	n = 3;
	ck_assert_int_eq(ota_mesh_msg_encode(m, out, &n), OTA_E_INVAL);
	ck_assert_uint_eq(n, wn);

	/* Distribution Start to a Label UUID, then to a group */
	ck_assert_int_eq(ota_mesh_msg_init(m, OTA_MESH_OP_FW_DIST_START), OTA_OK);
	ck_assert_int_eq(ota_mesh_msg_set_uint(m, "ttl", 5), OTA_OK);
	ck_assert_int_eq(ota_mesh_msg_set_uint(m, "timeout_base", 10), OTA_OK);
	ck_assert_int_eq(ota_mesh_msg_set_uint(m, "transfer_mode", 3), OTA_E_RANGE);
	ck_assert_str_eq(ota_mesh_msg_errfield(m, NULL), "transfer_mode");
	ck_assert_int_eq(ota_mesh_msg_set_uint(m, "transfer_mode", 1), OTA_OK);
	ck_assert_int_eq(ota_mesh_msg_set_bytes(m, "label_uuid", label, 16), OTA_OK);
	ck_assert_int_eq(ota_mesh_msg_has(m, "group"), 0);
	n = sizeof(out);
	ck_assert_int_eq(ota_mesh_msg_encode(m, out, &n), OTA_OK);
	wn = h("8319" "0000" "05" "0a00" "01" "0000" "00112233445566778899aabbccddeeff", want);
	ck_assert_uint_eq(n, wn);
	ck_assert_int_eq(memcmp(out, want, n), 0);
	ck_assert_int_eq(ota_mesh_msg_set_uint(m, "group", 0xc001), OTA_OK);
	ck_assert_int_eq(ota_mesh_msg_has(m, "label_uuid"), 0);
	n = sizeof(out);
	ck_assert_int_eq(ota_mesh_msg_encode(m, out, &n), OTA_OK);
	ck_assert_uint_eq(n, 12);
	ck_assert_int_eq(out[10], 0x01);
	ck_assert_int_eq(out[11], 0xc0);

	/* Transfer Status: the optional parts follow what is set */
	ck_assert_int_eq(ota_mesh_msg_init(m, OTA_MESH_OP_BLOB_TRANSFER_STATUS), OTA_OK);
	n = sizeof(out);
	ck_assert_int_eq(ota_mesh_msg_encode(m, out, &n), OTA_OK);
	ck_assert_uint_eq(n, 4);
	ck_assert_int_eq(ota_mesh_msg_get_uint(m, "blob_id", &v), OTA_E_NOT_FOUND);
	ck_assert_int_eq(ota_mesh_msg_set_uint(m, "blob_id", 0x0102030405060708ull), OTA_OK);
	n = sizeof(out);
	ck_assert_int_eq(ota_mesh_msg_encode(m, out, &n), OTA_OK);
	ck_assert_uint_eq(n, 12);
	ck_assert_int_eq(out[4], 0x08);
	ck_assert_int_eq(out[11], 0x01);
	ck_assert_int_eq(ota_mesh_msg_set_uint(m, "blob_size", 4096 * 9), OTA_OK);
	n = sizeof(out); /* block_size_log still 0: out of range */
	ck_assert_int_eq(ota_mesh_msg_encode(m, out, &n), OTA_E_RANGE);
	ck_assert_int_eq(ota_mesh_msg_set_uint(m, "block_size_log", 12), OTA_OK);
	ck_assert_int_eq(ota_mesh_msg_set_uint(m, "transfer_mtu", 68), OTA_OK);
	n = sizeof(out); /* 9 blocks: the bitmap needs 2 octets */
	ck_assert_int_eq(ota_mesh_msg_encode(m, out, &n), OTA_E_TRUNCATED);
	ck_assert_int_eq(ota_mesh_msg_set_bytes(m, "blocks_not_received", "\xff\x01", 2), OTA_OK);
	n = sizeof(out);
	ck_assert_int_eq(ota_mesh_msg_encode(m, out, &n), OTA_OK);
	ck_assert_uint_eq(n, 21);
	ck_assert_int_eq(ota_mesh_msg_clear(m, "blob_size"), OTA_OK);
	n = sizeof(out);
	ck_assert_int_eq(ota_mesh_msg_encode(m, out, &n), OTA_OK);
	ck_assert_uint_eq(n, 12);

	/* Partial Block Report: chunk numbers through the item calls */
	ck_assert_int_eq(ota_mesh_msg_init(m, OTA_MESH_OP_BLOB_PARTIAL_BLOCK_REPORT), OTA_OK);
	for (i = 0; i < 3; i++) {
		ck_assert_int_eq(ota_mesh_msg_item_add(m, "missing", &n), OTA_OK);
		ck_assert_int_eq(ota_mesh_msg_item_set_uint(m, "missing", n, "chunk",
		    i == 0 ? 1 : i == 1 ? 200 : 3000), OTA_OK);
	}
	ck_assert_int_eq(ota_mesh_msg_item_set_uint(m, "missing", 0, "chunk", 70000), OTA_E_RANGE);
	n = sizeof(out);
	ck_assert_int_eq(ota_mesh_msg_encode(m, out, &n), OTA_OK);
	wn = h("68" "01c388e0aeb8", want);
	ck_assert_uint_eq(n, wn);
	ck_assert_int_eq(memcmp(out, want, n), 0);

	/* opcodes */
	n = sizeof(out);
	ck_assert_int_eq(ota_mesh_opcode_encode(0x66, out, &n), OTA_OK);
	ck_assert_uint_eq(n, 1);
	n = sizeof(out);
	ck_assert_int_eq(ota_mesh_opcode_encode(0x8301, out, &n), OTA_OK);
	ck_assert_uint_eq(n, 2);
	ck_assert_int_eq(out[0], 0x83);
	ck_assert_int_eq(out[1], 0x01);
	n = sizeof(out);
	ck_assert_int_eq(ota_mesh_opcode_encode(0xC15900, out, &n), OTA_OK);
	ck_assert_uint_eq(n, 3);
	n = sizeof(out);
	ck_assert_int_eq(ota_mesh_opcode_encode(0x7F, out, &n), OTA_E_RANGE);
	ck_assert_int_eq(ota_mesh_msg_init(m, 0x8240), OTA_E_UNSUPPORTED);
	ota_mesh_msg_free(&m);
	ota_mesh_msg_free(NULL);
}
END_TEST

START_TEST(json_errors_name_the_field)
{
	struct ota_mesh_msg *m = ota_mesh_msg_new();
	static const char *const bad[][2] = {
		{ "{\"message\":\"blob-block-start\",\"block_number\":1}", "chunk_size" },
		{ "{\"message\":\"blob-block-start\",\"block_number\":1,\"chunk_size\":0}",
		  "chunk_size" },
		{ "{\"message\":\"blob-block-start\",\"block_number\":1,\"chunk_size\":8,\"x\":1}",
		  NULL },
		{ "{\"message\":\"firmware-distribution-firmware-get\",\"fwid\":\"5\"}", "fwid" },
		{ "{\"message\":\"firmware-distribution-start\",\"appkey_index\":0,\"ttl\":5,"
		  "\"timeout_base\":1,\"transfer_mode\":1,\"update_policy\":0,\"image_index\":0}",
		  "group" },
		{ "{\"message\":\"nosuch\"}", "message" },
		{ "{\"opcode\":\"0x8304\",\"message\":\"blob-block-get\"}", "opcode" },
		{ "[1]", "message" },
	};
	const char *ok = "{\"opcode\": \"0x8304\", \"block_number\": \"0x10\", \"chunk_size\": 65}";
	uint8_t out[16];
	size_t i, n = sizeof(out);
	const char *f;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		ck_assert_int_ne(ota_mesh_msg_from_json(m, bad[i][0], strlen(bad[i][0])), OTA_OK);
		f = ota_mesh_msg_errfield(m, NULL);
		ck_assert_ptr_null(ota_mesh_msg_name(m));
		if (bad[i][1] != NULL)
			ck_assert_msg(f != NULL && strcmp(f, bad[i][1]) == 0, "%s: %s", bad[i][0],
			    ota_mesh_msg_errmsg(m));
		else
			ck_assert_ptr_nonnull(strstr(ota_mesh_msg_errmsg(m), "unknown key"));
	}
	ck_assert_int_eq(ota_mesh_msg_from_json(m, ok, strlen(ok)), OTA_OK);
	ck_assert_int_eq(ota_mesh_msg_encode(m, out, &n), OTA_OK);
	ck_assert_uint_eq(n, 6);
	ck_assert_int_eq(out[2], 0x10);
	ck_assert_int_eq(out[4], 65);
	ota_mesh_msg_free(&m);
}
END_TEST

/* An allocator that fails after *arg more allocations. */
static void *
fail_realloc(void *arg, void *ptr, size_t size)
{
	long *left = arg;

	if (size > 0 && (*left)-- <= 0)
		return NULL;
	return realloc(ptr, size);
}

static void
fail_free(void *arg, void *ptr)
{
	(void)arg;
	free(ptr);
}

/* Out of memory at every allocation the handles make through the context:
 * a clean OTA_E_NOMEM (or NULL from _new), never a crash or a leak. */
START_TEST(allocation_failures)
{
	struct ota_ctx *ctx = ota_ctx_new();
	struct ota_mesh_msg *m;
	struct ota_blob_plan *p;
	uint8_t in[64], out[OTA_MESH_MSG_MAX];
	size_t n = h("8307" "0c0c" "0001" "4100" "00000800" "4400" "03", in), on;
	struct ota_blob_caps c;
	long left, k;
	int r, done = 0;

	ck_assert_int_eq(ota_ctx_set_allocator(ctx, fail_realloc, fail_free, &left), OTA_OK);
	for (k = 0; !done && k < 50; k++) {
		left = k;
		m = ota_mesh_msg_new_ctx(ctx);
		p = ota_blob_plan_new_ctx(ctx);
		r = m == NULL || p == NULL ? OTA_E_NOMEM : ota_mesh_msg_decode(m, in, n);
		on = sizeof(out);
		if (r == OTA_OK)
			r = ota_mesh_msg_encode(m, out, &on);
		if (r == OTA_OK && (r = ota_blob_caps_from_msg(m, &c)) == OTA_OK &&
		    (r = ota_blob_plan_set_size(p, 446356)) == OTA_OK &&
		    (r = ota_blob_plan_add_target(p, &c, 0, NULL)) == OTA_OK)
			r = ota_blob_plan_compute(p, 0);
		if (r == OTA_OK)
			done = 1;
		else
			ck_assert_int_eq(r, OTA_E_NOMEM);
		ota_mesh_msg_free(&m);
		ota_blob_plan_free(&p);
	}
	ck_assert(done);
	ck_assert_int_gt(k, 3);
	ota_ctx_free(&ctx);
}
END_TEST

Suite *
suite_meshmsg(void)
{
	Suite *s = suite_create("meshmsg");
	TCase *tc = tcase_create("meshmsg");

	tcase_add_test(tc, every_message_round_trips);
	tcase_add_test(tc, every_truncation_is_a_length_error);
	tcase_add_test(tc, known_byte_strings);
	tcase_add_test(tc, errors_name_the_field);
	tcase_add_test(tc, typed_calls_build_messages);
	tcase_add_test(tc, json_errors_name_the_field);
	tcase_add_test(tc, allocation_failures);
	suite_add_tcase(s, tc);
	return s;
}
