/* fuzz_meshmsg.c - libFuzzer harness for the Bluetooth Mesh Firmware Update,
 * Firmware Distribution and BLOB Transfer message decoders
 * (<otaimg/mesh_msg.h>), with round-trip oracles.  The first byte picks:
 *   0 decode opcode and parameters; a message that decodes encodes to the
 *     same bytes, and so does its JSON form read back;
 *   1 the same for parameters only, the opcode the second byte's message;
 *   2 a message from JSON text; what it encodes decodes and encodes again
 *     to the same bytes;
 *   3 the BLOB planner over Information Status parameters (13 bytes each)
 *     and a size (the first 4 bytes).
 * fuzz/build.sh 60 meshmsg builds it with clang; replay.c runs it over
 * fuzz/corpus-meshmsg under make check (tests/cli/fuzz-meshmsg-replay.sh). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "otaimg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(x) do { if (!(x)) abort(); } while (0)

struct membuf {
	char p[65536];
	size_t n;
};

static int
mem_write(void *ctx, const void *buf, size_t len)
{
	struct membuf *m = ctx;

	if (len > sizeof(m->p) - m->n)
		return -1;
	memcpy(m->p + m->n, buf, len);
	m->n += len;
	return 0;
}

/* m holds a message decoded from in (opcode first when op): it encodes to
 * in again, and so does its JSON form. */
static void
round_trip(struct ota_mesh_msg *m, const uint8_t *in, size_t n, int op)
{
	static struct membuf mb;
	struct ota_mesh_msg *j = ota_mesh_msg_new();
	uint8_t out[OTA_MESH_MSG_MAX];
	size_t on = sizeof(out);

	CHECK(j != NULL);
	CHECK((op ? ota_mesh_msg_encode(m, out, &on) : ota_mesh_msg_encode_params(m, out, &on)) ==
	    OTA_OK);
	CHECK(on == n && memcmp(out, in, n) == 0);
	mb.n = 0;
	CHECK(ota_mesh_msg_write_json(m, mem_write, &mb) == OTA_OK);
	CHECK(ota_mesh_msg_from_json(j, mb.p, mb.n) == OTA_OK);
	on = sizeof(out);
	CHECK((op ? ota_mesh_msg_encode(j, out, &on) : ota_mesh_msg_encode_params(j, out, &on)) ==
	    OTA_OK);
	CHECK(on == n && memcmp(out, in, n) == 0);
	ota_mesh_msg_free(&j);
}

static void
fuzz_plan(const uint8_t *p, size_t n)
{
	struct ota_blob_plan *pl = ota_blob_plan_new();
	struct ota_mesh_msg *m = ota_mesh_msg_new();
	struct ota_blob_plan_result r;
	struct ota_blob_caps c;
	static struct membuf mb;
	uint32_t size;
	size_t g;

	CHECK(pl != NULL && m != NULL);
	if (n >= 4) {
		size = (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
		    (uint32_t)p[3] << 24;
		(void)ota_blob_plan_set_size(pl, size);
		for (p += 4, n -= 4; n >= 14; p += 14, n -= 14)
			if (ota_mesh_msg_decode_params(m, OTA_MESH_OP_BLOB_INFORMATION_STATUS, p + 1,
			    13) == OTA_OK && ota_blob_caps_from_msg(m, &c) == OTA_OK)
				(void)ota_blob_plan_add_target(pl, &c, p[0] & 0x1F, NULL);
		if (ota_blob_plan_compute(pl, size & 1u ? OTA_BLOB_PLAN_SPLIT : 0) == OTA_OK) {
			CHECK(ota_blob_plan_group_count(pl) > 0);
			for (g = 0; ota_blob_plan_group(pl, g, &r) == OTA_OK; g++) {
				CHECK(r.chunk_size >= 8 && r.blocks > 0);
				CHECK(r.chunks_per_block > 0 && r.last_block_chunks <= r.chunks_per_block);
				CHECK((uint64_t)r.block_size * (r.blocks - 1) + r.last_block_size == size);
			}
			mb.n = 0;
			CHECK(ota_blob_plan_write_json(pl, mem_write, &mb) == OTA_OK);
		}
	}
	ota_mesh_msg_free(&m);
	ota_blob_plan_free(&pl);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ota_mesh_msg *m;
	uint8_t out[OTA_MESH_MSG_MAX], again[OTA_MESH_MSG_MAX];
	size_t on = sizeof(out), an = sizeof(again);
	uint32_t op;

	if (size < 1)
		return 0;
	m = ota_mesh_msg_new();
	CHECK(m != NULL);
	switch (data[0] & 3) {
	case 0:
		if (ota_mesh_msg_decode(m, data + 1, size - 1) == OTA_OK)
			round_trip(m, data + 1, size - 1, 1);
		else
			CHECK(ota_mesh_msg_name(m) == NULL && *ota_mesh_msg_errmsg(m) != '\0');
		break;
	case 1:
		if (size >= 2 && ota_mesh_msg_op_at(data[1] % 43u, &op) == OTA_OK &&
		    ota_mesh_msg_decode_params(m, op, data + 2, size - 2) == OTA_OK)
			round_trip(m, data + 2, size - 2, 0);
		break;
	case 2:
		if (ota_mesh_msg_from_json(m, (const char *)data + 1, size - 1) == OTA_OK) {
			CHECK(ota_mesh_msg_encode(m, out, &on) == OTA_OK);
			CHECK(ota_mesh_msg_decode(m, out, on) == OTA_OK);
			CHECK(ota_mesh_msg_encode(m, again, &an) == OTA_OK);
			CHECK(an == on && memcmp(out, again, on) == 0);
		}
		break;
	default:
		fuzz_plan(data + 1, size - 1);
		break;
	}
	ota_mesh_msg_free(&m);
	return 0;
}
