/* test_blobplan.c - the BLOB transfer planner.  The worked examples of
 * ../shared/reference/mesh-dfu.md section 4.4, with its numbers typed in. */
#include <string.h>

#include "testutil.h"

/* Zephyr's defaults (mesh-dfu.md 4.1): block 4096 only, 256 chunks, chunk 65,
 * 512 KiB, MTU 68, push and pull. */
static const struct ota_blob_caps zephyr = { 12, 12, 256, 65, 524288, 68, 3 };
/* The same with 32-segment SDUs: chunk 377, MTU 380. */
static const struct ota_blob_caps seg32 = { 12, 12, 256, 377, 524288, 380, 3 };

static struct ota_blob_plan *
plan1(uint64_t size, const struct ota_blob_caps *c, uint16_t queue)
{
	struct ota_blob_plan *p = ota_blob_plan_new();

	ck_assert_ptr_nonnull(p);
	ck_assert_int_eq(ota_blob_plan_set_size(p, size), OTA_OK);
	ck_assert_int_eq(ota_blob_plan_add_target(p, c, queue, NULL), OTA_OK);
	return p;
}

/* 446 356 B with Zephyr defaults: 109 blocks, last 3 988 B, 64 chunks per
 * block, last 62, 6 974 chunk messages x 6 segments = 41 844 segments. */
START_TEST(example_zephyr_defaults)
{
	struct ota_blob_plan *p = plan1(446356, &zephyr, 0);
	struct ota_blob_plan_result r;

	ck_assert_int_eq(ota_blob_plan_compute(p, 0), OTA_OK);
	ck_assert_uint_eq(ota_blob_plan_group_count(p), 1);
	ck_assert_int_eq(ota_blob_plan_group(p, 0, &r), OTA_OK);
	ck_assert_uint_eq(r.mode, OTA_BLOB_MODE_PUSH);
	ck_assert_uint_eq(r.block_log, 12);
	ck_assert_uint_eq(r.chunk_size, 65);
	ck_assert_uint_eq(r.blocks, 109);
	ck_assert_uint_eq(r.last_block_size, 3988);
	ck_assert_uint_eq(r.chunks_per_block, 64);
	ck_assert_uint_eq(r.last_block_chunks, 62);
	ck_assert_uint_eq(r.chunks, 6974);
	ck_assert_uint_eq(r.chunk_messages, 6974);
	ck_assert_uint_eq(r.segments_per_chunk, 6);
	ck_assert_uint_eq(r.segments, 41844);
	ota_blob_plan_free(&p);
}
END_TEST

/* Same N with 32-segment SDUs (cs 377): 11 chunks per block, 1 199 chunks,
 * 38 368 segments. */
START_TEST(example_32_segments)
{
	struct ota_blob_plan *p = plan1(446356, &seg32, 0);
	struct ota_blob_plan_result r;

	ck_assert_int_eq(ota_blob_plan_compute(p, 0), OTA_OK);
	ck_assert_int_eq(ota_blob_plan_group(p, 0, &r), OTA_OK);
	ck_assert_uint_eq(r.chunk_size, 377);
	ck_assert_uint_eq(r.chunks_per_block, 11);
	ck_assert_uint_eq(r.chunks, 1199);
	ck_assert_uint_eq(r.segments_per_chunk, 32);
	ck_assert_uint_eq(r.segments, 38368);
	ota_blob_plan_free(&p);
}
END_TEST

/* N = 341 466, caps log 6..20, C 256, cs 377: log 16, 6 blocks, 174 chunks
 * per block, 907 chunks. */
START_TEST(example_log_reduced)
{
	static const struct ota_blob_caps c = { 6, 20, 256, 377, 1048576, 380, 3 };
	struct ota_blob_plan *p = plan1(341466, &c, 0);
	struct ota_blob_plan_result r;

	ck_assert_int_eq(ota_blob_plan_compute(p, 0), OTA_OK);
	ck_assert_int_eq(ota_blob_plan_group(p, 0, &r), OTA_OK);
	ck_assert_uint_eq(r.block_log, 16);
	ck_assert_uint_eq(r.blocks, 6);
	ck_assert_uint_eq(r.chunks_per_block, 174);
	ck_assert_uint_eq(r.chunks, 907);
	ota_blob_plan_free(&p);
}
END_TEST

/* The capabilities from a BLOB Information Status message. */
START_TEST(caps_from_message)
{
	struct ota_mesh_msg *m = ota_mesh_msg_new();
	struct ota_blob_caps c;
	uint8_t in[32];
	size_t n = unhex("8307" "0c0c" "0001" "4100" "00000800" "4400" "03", in, sizeof(in));

	ck_assert_int_eq(ota_mesh_msg_decode(m, in, n), OTA_OK);
	ck_assert_int_eq(ota_blob_caps_from_msg(m, &c), OTA_OK);
	ck_assert_int_eq(memcmp(&c, &zephyr, sizeof(c)), 0);
	n = unhex("8306", in, sizeof(in));
	ck_assert_int_eq(ota_mesh_msg_decode(m, in, n), OTA_OK);
	ck_assert_int_eq(ota_blob_caps_from_msg(m, &c), OTA_E_INVAL);
	ota_mesh_msg_free(&m);
}
END_TEST

/* Low Power nodes: pull mode and chunks that fit the Friend queue. */
START_TEST(lpn_pull_and_friend_queue)
{
	struct ota_blob_plan *p = ota_blob_plan_new();
	struct ota_blob_plan_result r;
	size_t g;

	ck_assert_int_eq(ota_blob_plan_set_size(p, 446356), OTA_OK);
	ck_assert_int_eq(ota_blob_plan_add_target(p, &seg32, 0, NULL), OTA_OK);
	ck_assert_int_eq(ota_blob_plan_add_target(p, &seg32, 16, NULL), OTA_OK);
	ck_assert_int_eq(ota_blob_plan_compute(p, 0), OTA_OK);
	ck_assert_int_eq(ota_blob_plan_group(p, 0, &r), OTA_OK);
	ck_assert_uint_eq(r.mode, OTA_BLOB_MODE_PULL);
	ck_assert_uint_eq(r.chunk_size, 16 * 12 - 11);
	ck_assert_uint_le(r.segments_per_chunk, 16);
	ck_assert_uint_eq(r.chunk_messages, 2 * r.chunks);
	ck_assert_uint_gt(r.time_ms, 0);
	ck_assert_int_eq(ota_blob_plan_target_group(p, 1, &g), OTA_OK);
	ck_assert_uint_eq(g, 0);
	ota_blob_plan_free(&p);
}
END_TEST

/* Infeasible sets are refused with a reason naming the target; a set with
 * no common mode splits into groups on request. */
START_TEST(infeasible_sets)
{
	static const struct ota_blob_caps push = { 12, 12, 256, 65, 524288, 68, 1 };
	static const struct ota_blob_caps pull = { 12, 12, 256, 65, 524288, 68, 2 };
	static const struct ota_blob_caps big = { 13, 20, 256, 65, 524288, 68, 3 };
	struct ota_blob_plan *p;
	struct ota_blob_plan_result r;
	size_t g;

	/* a push-only target next to a Low Power node */
	p = plan1(446356, &push, 0);
	ck_assert_int_eq(ota_blob_plan_add_target(p, &zephyr, 4, NULL), OTA_OK);
	ck_assert_int_eq(ota_blob_plan_compute(p, 0), OTA_E_NO_PLAN);
	ck_assert_ptr_nonnull(strstr(ota_blob_plan_errmsg(p), "target 0 (push only)"));
	ck_assert_ptr_nonnull(strstr(ota_blob_plan_errmsg(p), "Low Power node target 1"));
	ck_assert_uint_eq(ota_blob_plan_group_count(p), 0);
	ck_assert_int_eq(ota_blob_plan_compute(p, OTA_BLOB_PLAN_SPLIT), OTA_OK);
	ck_assert_uint_eq(ota_blob_plan_group_count(p), 2);
	ck_assert_int_eq(ota_blob_plan_group(p, 0, &r), OTA_OK);
	ck_assert_uint_eq(r.mode, OTA_BLOB_MODE_PUSH);
	ck_assert_uint_eq(r.targets, 1);
	ck_assert_int_eq(ota_blob_plan_group(p, 1, &r), OTA_OK);
	ck_assert_uint_eq(r.mode, OTA_BLOB_MODE_PULL);
	ck_assert_uint_eq(r.chunk_size, 4 * 12 - 11);
	ck_assert_int_eq(ota_blob_plan_target_group(p, 1, &g), OTA_OK);
	ck_assert_uint_eq(g, 1);
	ota_blob_plan_free(&p);
	/* push only and pull only */
	p = plan1(1000, &push, 0);
	ck_assert_int_eq(ota_blob_plan_add_target(p, &pull, 0, NULL), OTA_OK);
	ck_assert_int_eq(ota_blob_plan_compute(p, 0), OTA_E_NO_PLAN);
	ck_assert_ptr_nonnull(strstr(ota_blob_plan_errmsg(p), "target 0 supports push only"));
	ota_blob_plan_free(&p);
	/* a Low Power node that cannot pull */
	p = plan1(1000, &push, 8);
	ck_assert_int_eq(ota_blob_plan_compute(p, OTA_BLOB_PLAN_SPLIT), OTA_E_NO_PLAN);
	ck_assert_ptr_nonnull(strstr(ota_blob_plan_errmsg(p), "target 0 is a Low Power node"));
	ota_blob_plan_free(&p);
	/* block sizes that do not meet */
	p = plan1(1000, &zephyr, 0);
	ck_assert_int_eq(ota_blob_plan_add_target(p, &big, 0, NULL), OTA_OK);
	ck_assert_int_eq(ota_blob_plan_compute(p, 0), OTA_E_NO_PLAN);
	ck_assert_ptr_nonnull(strstr(ota_blob_plan_errmsg(p), "target 1 needs blocks of at least "
	    "2^13"));
	ota_blob_plan_free(&p);
	/* too large for a target */
	p = plan1(600000, &zephyr, 0);
	ck_assert_int_eq(ota_blob_plan_compute(p, 0), OTA_E_NO_PLAN);
	ck_assert_ptr_nonnull(strstr(ota_blob_plan_errmsg(p), "target 0: the BLOB of 600000"));
	ota_blob_plan_free(&p);
	/* a Friend queue too small for a chunk */
	p = plan1(1000, &zephyr, 1);
	ck_assert_int_eq(ota_blob_plan_compute(p, 0), OTA_E_NO_PLAN);
	ck_assert_ptr_nonnull(strstr(ota_blob_plan_errmsg(p), "Friend queue of 1"));
	ota_blob_plan_free(&p);
	/* more chunks per block than the client handles: 4096 / 65 > 32 */
	p = plan1(1000, &zephyr, 0);
	ck_assert_int_eq(ota_blob_plan_set_client(p, 0, 0, 32), OTA_OK);
	ck_assert_int_eq(ota_blob_plan_compute(p, 0), OTA_E_NO_PLAN);
	ota_blob_plan_free(&p);
	/* no size or targets */
	p = ota_blob_plan_new();
	ck_assert_int_eq(ota_blob_plan_compute(p, 0), OTA_E_STATE);
	ck_assert_int_eq(ota_blob_plan_set_size(p, 0), OTA_E_RANGE);
	ota_blob_plan_free(&p);
	ota_blob_plan_free(NULL);
}
END_TEST

/* The chunk size fits every server MTU (less opcode and chunk number); a
 * chunk message takes opcode, number and a 4-octet TransMIC in 12-octet
 * segments, or one unsegmented PDU up to 8 octets of data. */
START_TEST(chunk_size_and_segments)
{
	static const struct ota_blob_caps small_mtu = { 12, 12, 256, 65, 524288, 40, 3 };
	static const struct { uint16_t chunk; uint32_t segs; } t[] = {
		{ 8, 1 }, { 9, 2 }, { 29, 3 }, { 30, 4 }, { 65, 6 }, { 377, 32 },
	};
	struct ota_blob_plan *p = plan1(100000, &small_mtu, 0);
	struct ota_blob_plan_result r;
	struct ota_blob_caps c = zephyr;
	size_t i;

	ck_assert_int_eq(ota_blob_plan_compute(p, 0), OTA_OK);
	ck_assert_int_eq(ota_blob_plan_group(p, 0, &r), OTA_OK);
	ck_assert_uint_eq(r.chunk_size, 37);
	ota_blob_plan_free(&p);
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		c.max_chunk_size = t[i].chunk;
		c.mtu = 380;
		c.max_chunks = 1024;
		p = plan1(100000, &c, 0);
		ck_assert_int_eq(ota_blob_plan_compute(p, 0), OTA_OK);
		ck_assert_int_eq(ota_blob_plan_group(p, 0, &r), OTA_OK);
		ck_assert_uint_eq(r.chunk_size, t[i].chunk);
		ck_assert_uint_eq(r.segments_per_chunk, t[i].segs);
		ota_blob_plan_free(&p);
	}
}
END_TEST

Suite *
suite_blobplan(void)
{
	Suite *s = suite_create("blobplan");
	TCase *tc = tcase_create("blobplan");

	tcase_add_test(tc, example_zephyr_defaults);
	tcase_add_test(tc, example_32_segments);
	tcase_add_test(tc, example_log_reduced);
	tcase_add_test(tc, caps_from_message);
	tcase_add_test(tc, lpn_pull_and_friend_queue);
	tcase_add_test(tc, infeasible_sets);
	tcase_add_test(tc, chunk_size_and_segments);
	suite_add_tcase(s, tc);
	return s;
}
