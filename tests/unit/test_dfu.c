/* test_dfu.c - the Firmware Update Server, the default metadata policy and
 * the Distributor's lists, messages and distribution run
 * (libotaimg-mesh-dfu(3)).  Messages are typed in as hex (opcode first, the
 * layouts of <otaimg/mesh_msg.h>); answers are decoded with the codecs. */
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "sim.h"

/* Zephyr metadata: version 2.0.1+0, size 1000 (E8 03 00), core 1 (app),
 * composition hash 0x11223344, 2 elements. */
#define MD_201 "0200010000000000" "E80300" "01" "44332211" "0200"
/* The same at 1.5.0+0 (older than 2.0.0), and network core only (02). */
#define MD_150 "0105000000000000" "E80300" "01" "44332211" "0200"
#define MD_NET "0200010000000000" "E80300" "02"
/* FWIDs: Nordic (0x0059) + MCUboot version 2.0.0+0 and 2.0.1+0 */
#define FWID_200 "59000200000000000000"
#define FWID_201 "59000200010000000000"

static struct ota_dfu_policy
pol200(void)
{
	struct ota_dfu_policy p;

	memset(&p, 0, sizeof(p));
	p.version.major = 2;
	p.slot_size = 4096;
	p.comp_hash = 0x11223344u;
	return p;
}

START_TEST(policy_table)
{
	static const struct {
		const char *md;
		uint32_t slot, hash;
		int rpr, st, effect, why;
	} t[] = {
		{ MD_201, 4096, 0x11223344u, 0, OTA_DFU_SUCCESS, OTA_DFU_EFFECT_NONE, 0 },
		{ MD_201, 0, 0x11223344u, 0, OTA_DFU_SUCCESS, OTA_DFU_EFFECT_NONE, 0 },
		{ MD_201, 4096, 0x55667788u, 1, OTA_DFU_SUCCESS, OTA_DFU_EFFECT_COMP_CHANGE, 0 },
		{ MD_201, 4096, 0x55667788u, 0, OTA_DFU_SUCCESS, OTA_DFU_EFFECT_UNPROV, 0 },
		{ MD_201, 999, 0x11223344u, 0, OTA_DFU_METADATA_CHECK_FAILED, 0, OTA_DFU_WHY_SIZE },
		{ MD_150, 4096, 0x11223344u, 0, OTA_DFU_METADATA_CHECK_FAILED, 0, OTA_DFU_WHY_VERSION },
		{ MD_NET, 4096, 0x11223344u, 0, OTA_DFU_METADATA_CHECK_FAILED, 0, OTA_DFU_WHY_CORE },
		{ "0200", 4096, 0x11223344u, 0, OTA_DFU_METADATA_CHECK_FAILED, 0, OTA_DFU_WHY_DECODE },
	};
	struct ota_dfu_policy p = pol200();
	uint8_t md[64], effect;
	size_t i, n;
	int why;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		n = unhex(t[i].md, md, sizeof(md));
		p.slot_size = t[i].slot;
		p.comp_hash = t[i].hash;
		p.rpr = t[i].rpr;
		effect = 0xFF;
		why = -1;
		ck_assert_int_eq(ota_dfu_policy_check(&p, md, n, &effect, &why), t[i].st);
		ck_assert_int_eq(why, t[i].why);
		if (t[i].st == OTA_DFU_SUCCESS)
			ck_assert_int_eq(effect, t[i].effect);
	}
	/* equal version: not strictly newer */
	p.version.minor = 0;
	p.version.revision = 1;
	n = unhex(MD_201, md, sizeof(md));
	ck_assert_int_eq(ota_dfu_policy_check(&p, md, n, &effect, &why),
	    OTA_DFU_METADATA_CHECK_FAILED);
	ck_assert_int_eq(why, OTA_DFU_WHY_VERSION);
	ck_assert_str_eq(ota_dfu_effect_name(OTA_DFU_EFFECT_UNPROV), "unprovision");
	ck_assert_str_eq(ota_dfu_status_name(OTA_DFU_WRONG_INDEX), "wrong-firmware-index");
	ck_assert_str_eq(ota_dfu_phase_name(OTA_DFU_PHASE_APPLYING), "applying-update");
	ck_assert_ptr_null(ota_dfu_phase_name(9));
}
END_TEST

/* Send hex to s from 0x0001, take the one answer into m. */
static void
xchg(struct ota_dfu_srv *s, const char *hex, struct ota_mesh_msg *m)
{
	uint8_t b[400];
	size_t n = unhex(hex, b, sizeof(b));
	struct ota_blob_out out;
	uint64_t next;

	ck_assert_int_eq(ota_dfu_srv_recv(s, 1, b, n, 0), OTA_OK);
	ck_assert_int_eq(ota_dfu_srv_poll(s, 0, &out, &next), 1);
	ck_assert_uint_eq(out.dst, 1);
	ck_assert_int_eq(ota_mesh_msg_decode(m, out.buf, out.len), OTA_OK);
}

static uint64_t
u(const struct ota_mesh_msg *m, const char *f)
{
	uint64_t v = 0;

	ck_assert_int_eq(ota_mesh_msg_get_uint(m, f, &v), OTA_OK);
	return v;
}

static struct ota_dfu_srv *
target(const struct ota_dfu_srv_cb *cb)
{
	struct ota_dfu_srv *s = ota_dfu_srv_new(cb);
	struct ota_dfu_policy p = pol200();
	uint8_t f[16];
	size_t n = unhex(FWID_200, f, sizeof(f)), i;

	ck_assert_ptr_nonnull(s);
	ck_assert_int_eq(ota_dfu_srv_add_image(s, f, n, "https://x.example/u", &p, &i), OTA_OK);
	ck_assert_uint_eq(i, 0);
	ck_assert_int_eq(ota_dfu_srv_add_image(s, f, 2, NULL, NULL, &i), OTA_OK);
	ck_assert_uint_eq(i, 1);
	return s;
}

START_TEST(target_info_list)
{
	struct ota_dfu_srv *s = target(NULL);
	struct ota_mesh_msg *m = ota_mesh_msg_new();
	const uint8_t *b;
	size_t n;
	uint8_t f[OTA_FWID_MAX + 1];

	memset(f, 0x55, sizeof(f));
	ck_assert_int_eq(ota_dfu_srv_add_image(s, f, 1, NULL, NULL, NULL), OTA_E_RANGE);
	ck_assert_int_eq(ota_dfu_srv_add_image(s, f, sizeof(f), NULL, NULL, NULL), OTA_E_RANGE);
	ck_assert_int_eq(ota_dfu_srv_add_image(s, f, 2, "", NULL, NULL), OTA_E_RANGE);
	ck_assert_uint_eq(ota_dfu_srv_image_count(s), 2);
	/* all from 0 */
	xchg(s, "83080010", m);
	ck_assert_uint_eq(u(m, "list_count"), 2);
	ck_assert_int_eq(ota_mesh_msg_item_count(m, "entries", &n), OTA_OK);
	ck_assert_uint_eq(n, 2);
	ck_assert_int_eq(ota_mesh_msg_item_get_bytes(m, "entries", 0, "update_uri", &b, &n), OTA_OK);
	ck_assert_uint_eq(n, 19);
	ck_assert_int_eq(memcmp(b, "https://x.example/u", 19), 0);
	/* paging: from 1, one entry */
	xchg(s, "83080101", m);
	ck_assert_uint_eq(u(m, "first_index"), 1);
	ck_assert_int_eq(ota_mesh_msg_item_count(m, "entries", &n), OTA_OK);
	ck_assert_uint_eq(n, 1);
	ck_assert_int_eq(ota_mesh_msg_item_get_bytes(m, "entries", 0, "fwid", &b, &n), OTA_OK);
	ck_assert_uint_eq(n, 2);
	/* limit 1 from 0; past the end: none */
	xchg(s, "83080001", m);
	ck_assert_int_eq(ota_mesh_msg_item_count(m, "entries", &n), OTA_OK);
	ck_assert_uint_eq(n, 1);
	xchg(s, "83080505", m);
	ck_assert_uint_eq(u(m, "list_count"), 2);
	ck_assert_int_eq(ota_mesh_msg_item_count(m, "entries", &n), OTA_OK);
	ck_assert_uint_eq(n, 0);
	ota_mesh_msg_free(&m);
	ota_dfu_srv_free(&s);
	ota_dfu_srv_free(&s);
}
END_TEST

START_TEST(target_metadata_check)
{
	struct ota_dfu_srv *s = target(NULL);
	struct ota_mesh_msg *m = ota_mesh_msg_new();

	xchg(s, "830A00" MD_201, m);
	ck_assert_uint_eq(u(m, "status"), OTA_DFU_SUCCESS);
	ck_assert_uint_eq(u(m, "additional_information"), OTA_DFU_EFFECT_NONE);
	xchg(s, "830A00" MD_150, m);
	ck_assert_uint_eq(u(m, "status"), OTA_DFU_METADATA_CHECK_FAILED);
	/* image 1 has no policy: anything goes */
	xchg(s, "830A01" MD_150, m);
	ck_assert_uint_eq(u(m, "status"), OTA_DFU_SUCCESS);
	ck_assert_uint_eq(u(m, "image_index"), 1);
	xchg(s, "830A07" MD_201, m);
	ck_assert_uint_eq(u(m, "status"), OTA_DFU_WRONG_INDEX);
	ck_assert_uint_eq(u(m, "image_index"), 7);
	ota_mesh_msg_free(&m);
	ota_dfu_srv_free(&s);
}
END_TEST

/* A replacement check: the default, then composition changes are refused. */
static int
strict_check(void *arg, uint8_t index, const uint8_t *md, size_t len, uint8_t *effect)
{
	struct ota_dfu_policy p = pol200();
	int st;

	(void)index;
	*(int *)arg += 1;
	p.comp_hash = 0x99999999u;
	st = ota_dfu_policy_check(&p, md, len, effect, NULL);
	if (st == OTA_DFU_SUCCESS && *effect != OTA_DFU_EFFECT_NONE)
		return OTA_DFU_METADATA_CHECK_FAILED;
	return st;
}

START_TEST(target_check_override)
{
	struct ota_dfu_srv_cb cb;
	struct ota_dfu_srv *s;
	struct ota_mesh_msg *m = ota_mesh_msg_new();
	int calls = 0;

	memset(&cb, 0, sizeof(cb));
	cb.metadata_check = strict_check;
	cb.arg = &calls;
	s = target(&cb);
	xchg(s, "830A00" MD_201, m);
	ck_assert_uint_eq(u(m, "status"), OTA_DFU_METADATA_CHECK_FAILED);
	ck_assert_int_eq(calls, 1);
	/* and Update Start runs the same check */
	xchg(s, "830D" "05" "0000" "0102030405060708" "00" MD_201, m);
	ck_assert_uint_eq(u(m, "status"), OTA_DFU_METADATA_CHECK_FAILED);
	ck_assert_uint_eq(u(m, "phase"), OTA_DFU_PHASE_IDLE);
	ck_assert_int_eq(calls, 2);
	ota_mesh_msg_free(&m);
	ota_dfu_srv_free(&s);
}
END_TEST

START_TEST(target_phases)
{
	struct ota_dfu_srv *s = target(NULL);
	struct ota_mesh_msg *m = ota_mesh_msg_new();
	uint8_t b[8], f[16];
	uint64_t id;
	int ph;

	xchg(s, "830C", m);
	ck_assert_uint_eq(u(m, "status"), OTA_DFU_SUCCESS);
	ck_assert_uint_eq(u(m, "phase"), OTA_DFU_PHASE_IDLE);
	ck_assert_int_eq(ota_mesh_msg_has(m, "blob_id"), 0);
	xchg(s, "830F", m); /* apply with nothing verified */
	ck_assert_uint_eq(u(m, "status"), OTA_DFU_WRONG_PHASE);
	xchg(s, "830D" "05" "0000" "0102030405060708" "09" MD_201, m);
	ck_assert_uint_eq(u(m, "status"), OTA_DFU_WRONG_INDEX);
	xchg(s, "830D" "05" "0000" "0102030405060708" "00" MD_150, m);
	ck_assert_uint_eq(u(m, "status"), OTA_DFU_METADATA_CHECK_FAILED);
	xchg(s, "830D" "05" "0A00" "0102030405060708" "00" MD_201, m);
	ck_assert_uint_eq(u(m, "status"), OTA_DFU_SUCCESS);
	ck_assert_uint_eq(u(m, "phase"), OTA_DFU_PHASE_TRANSFER_ACTIVE);
	ck_assert_uint_eq(u(m, "blob_id"), 0x0807060504030201u);
	ck_assert_uint_eq(u(m, "timeout_base"), 10);
	ck_assert_uint_eq(u(m, "ttl"), 5);
	/* the same start again: as it is; another BLOB: busy */
	xchg(s, "830D" "05" "0A00" "0102030405060708" "00" MD_201, m);
	ck_assert_uint_eq(u(m, "status"), OTA_DFU_SUCCESS);
	xchg(s, "830D" "05" "0A00" "FF02030405060708" "00" MD_201, m);
	ck_assert_uint_eq(u(m, "status"), OTA_DFU_BLOB_TRANSFER_BUSY);
	xchg(s, "830F", m);
	ck_assert_uint_eq(u(m, "status"), OTA_DFU_WRONG_PHASE);
	ck_assert_int_eq(ota_dfu_srv_state(s, &ph, NULL, &id, NULL, NULL), OTA_OK);
	ck_assert_int_eq(ph, OTA_DFU_PHASE_TRANSFER_ACTIVE);
	ck_assert_uint_eq(id, 0x0807060504030201u);
	/* not applying: applied is refused */
	ck_assert_int_eq(ota_dfu_srv_applied(s, f, unhex(FWID_201, f, sizeof(f))), OTA_E_STATE);
	xchg(s, "830E", m);
	ck_assert_uint_eq(u(m, "phase"), OTA_DFU_PHASE_IDLE);
	/* bad messages: the codec's error, no answer; not a server message */
	ck_assert_int_eq(ota_dfu_srv_recv(s, 1, b, unhex("830A", b, sizeof(b)), 0),
	    OTA_E_TRUNCATED);
	ck_assert_int_eq(ota_dfu_srv_recv(s, 1, b, unhex("830C00", b, sizeof(b)), 0),
	    OTA_E_TRAILING);
	ck_assert_int_eq(ota_dfu_srv_recv(s, 1, b, unhex("8309", b, sizeof(b)), 0),
	    OTA_E_UNSUPPORTED);
	ck_assert_int_eq(ota_dfu_srv_recv(s, 1, b, unhex("8319", b, sizeof(b)), 0),
	    OTA_E_UNSUPPORTED);
	ota_mesh_msg_free(&m);
	ota_dfu_srv_free(&s);
}
END_TEST

/* ---- the Distributor ---- */
static void
dxchg(struct ota_dfd *d, const char *hex, struct ota_mesh_msg *m)
{
	uint8_t b[400], out[OTA_MESH_MSG_MAX];
	size_t n = unhex(hex, b, sizeof(b)), on = sizeof(out);

	ck_assert_int_eq(ota_dfd_handle(d, 0x7000, b, n, 0, out, &on), OTA_OK);
	ck_assert_uint_gt(on, 0);
	ck_assert_int_eq(ota_mesh_msg_decode(m, out, on), OTA_OK);
}

START_TEST(dfd_slots)
{
	struct ota_dfd_limits lim;
	struct ota_dfd *d;
	struct ota_dfd_slot_info si;
	struct ota_mesh_msg *m = ota_mesh_msg_new();
	uint8_t f[3][16], md[32];
	size_t i, fl = unhex(FWID_200, f[0], 16), ml = unhex(MD_201, md, sizeof(md));

	memcpy(f[1], f[0], fl);
	memcpy(f[2], f[0], fl);
	f[1][9] = 1;
	f[2][9] = 2;
	memset(&lim, 0, sizeof(lim));
	lim.max_slots = 2;
	lim.max_fw_size = 1000;
	lim.max_upload_space = 1500;
	d = ota_dfd_new(&lim, NULL);
	ck_assert_ptr_nonnull(d);
	ck_assert_int_eq(ota_dfd_slot_add(d, f[0], fl, md, ml, 1001, NULL, NULL), OTA_E_LIMIT);
	ck_assert_int_eq(ota_dfd_slot_add(d, f[0], fl, md, ml, 1000, "https://a/b", &i), OTA_OK);
	ck_assert_uint_eq(i, 0);
	ck_assert_int_eq(ota_dfd_slot_add(d, f[0], fl, md, ml, 10, NULL, NULL), OTA_E_EXISTS);
	ck_assert_int_eq(ota_dfd_slot_add(d, f[1], fl, md, ml, 501, NULL, NULL), OTA_E_LIMIT);
	ck_assert_int_eq(ota_dfd_slot_add(d, f[1], fl, md, ml, 500, NULL, &i), OTA_OK);
	ck_assert_uint_eq(i, 1);
	ck_assert_int_eq(ota_dfd_slot_add(d, f[2], fl, md, ml, 1, NULL, NULL), OTA_E_LIMIT);
	ck_assert_uint_eq(ota_dfd_slot_count(d), 2);
	ck_assert_int_eq(ota_dfd_slot_find(d, f[1], fl, &i), OTA_OK);
	ck_assert_uint_eq(i, 1);
	ck_assert_int_eq(ota_dfd_slot_find(d, f[2], fl, &i), OTA_E_NOT_FOUND);
	ck_assert_int_eq(ota_dfd_slot_get(d, 0, &si), OTA_OK);
	ck_assert_uint_eq(si.size, 1000);
	ck_assert_str_eq(si.uri, "https://a/b");
	ck_assert_uint_eq(si.metadata_len, ml);
	/* Capabilities: the space left */
	dxchg(d, "8316", m);
	ck_assert_uint_eq(u(m, "max_firmware_images"), 2);
	ck_assert_uint_eq(u(m, "remaining_upload_space"), 0);
	ck_assert_uint_eq(u(m, "oob_retrieval_supported"), 0);
	/* Firmware Get by FWID and by index; Delete shifts the list */
	dxchg(d, "8323" FWID_201, m);
	ck_assert_uint_eq(u(m, "status"), OTA_DFD_FIRMWARE_NOT_FOUND);
	dxchg(d, "83240100", m);
	ck_assert_uint_eq(u(m, "status"), OTA_DFD_SUCCESS);
	ck_assert_uint_eq(u(m, "entry_count"), 2);
	dxchg(d, "83240500", m);
	ck_assert_uint_eq(u(m, "status"), OTA_DFD_FIRMWARE_NOT_FOUND);
	dxchg(d, "8325" FWID_200, m);
	ck_assert_uint_eq(u(m, "status"), OTA_DFD_SUCCESS);
	ck_assert_uint_eq(u(m, "entry_count"), 1);
	ck_assert_int_eq(ota_dfd_slot_find(d, f[1], fl, &i), OTA_OK);
	ck_assert_uint_eq(i, 0);
	ck_assert_int_eq(ota_dfd_slot_get(d, 1, &si), OTA_E_NOT_FOUND);
	dxchg(d, "8326", m);
	ck_assert_uint_eq(u(m, "status"), OTA_DFD_SUCCESS);
	ck_assert_uint_eq(ota_dfd_slot_count(d), 0);
	ota_mesh_msg_free(&m);
	ota_dfd_free(&d);
	ota_dfd_free(&d);
}
END_TEST

START_TEST(dfd_receivers)
{
	struct ota_dfd_limits lim;
	struct ota_dfd *d;
	struct ota_mesh_msg *m = ota_mesh_msg_new();
	struct ota_dfd_receiver_info ri;
	uint8_t f[16], md[32], b[8], out[OTA_MESH_MSG_MAX];
	size_t n, fl = unhex(FWID_200, f, 16), ml = unhex(MD_201, md, sizeof(md)), on;

	memset(&lim, 0, sizeof(lim));
	lim.max_receivers = 3;
	d = ota_dfd_new(&lim, NULL);
	ck_assert_ptr_nonnull(d);
	/* Start with nothing: receivers list empty, then firmware not found */
	dxchg(d, "8319" "0000" "05" "0000" "05" "0000" "0000", m);
	ck_assert_uint_eq(u(m, "status"), OTA_DFD_RECEIVERS_LIST_EMPTY);
	ck_assert_uint_eq(u(m, "phase"), OTA_DFD_PHASE_IDLE);
	dxchg(d, "8311" "020000" "030001" "020001", m); /* 0x0002 twice: its index updated */
	ck_assert_uint_eq(u(m, "status"), OTA_DFD_SUCCESS);
	ck_assert_uint_eq(u(m, "list_count"), 2);
	ck_assert_int_eq(ota_dfd_receiver(d, 0, &ri), OTA_OK);
	ck_assert_uint_eq(ri.addr, 2);
	ck_assert_uint_eq(ri.image_index, 1);
	dxchg(d, "8311" "040000" "050000", m);
	ck_assert_uint_eq(u(m, "status"), OTA_DFD_INSUFFICIENT_RESOURCES);
	ck_assert_uint_eq(ota_dfd_receiver_count(d), 2);
	ck_assert_int_eq(ota_dfd_receiver_add(d, 0x8001, 0), OTA_E_RANGE);
	ck_assert_int_eq(ota_dfd_receiver_add(d, 4, 0), OTA_OK);
	ck_assert_int_eq(ota_dfd_receiver_add(d, 5, 0), OTA_E_LIMIT);
	ck_assert_int_eq(ota_dfd_receiver_set_lpn(d, 9, 4), OTA_E_NOT_FOUND);
	/* paging */
	dxchg(d, "8314" "0100" "0100", m);
	ck_assert_uint_eq(u(m, "list_count"), 3);
	ck_assert_int_eq(ota_mesh_msg_item_count(m, "receivers", &n), OTA_OK);
	ck_assert_uint_eq(n, 1);
	dxchg(d, "8314" "0000" "0A00", m);
	ck_assert_int_eq(ota_mesh_msg_item_count(m, "receivers", &n), OTA_OK);
	ck_assert_uint_eq(n, 3);
	dxchg(d, "8314" "0500" "0A00", m);
	ck_assert_int_eq(ota_mesh_msg_item_count(m, "receivers", &n), OTA_OK);
	ck_assert_uint_eq(n, 0);
	dxchg(d, "8319" "0000" "05" "0000" "05" "0000" "0000", m);
	ck_assert_uint_eq(u(m, "status"), OTA_DFD_FIRMWARE_NOT_FOUND);
	ck_assert_int_eq(ota_dfd_slot_add(d, f, fl, md, ml, 100, NULL, NULL), OTA_OK);
	dxchg(d, "8319" "0000" "05" "0000" "05" "0000" "0000", m);
	ck_assert_uint_eq(u(m, "status"), OTA_DFD_SUCCESS);
	ck_assert_uint_eq(u(m, "phase"), OTA_DFD_PHASE_TRANSFER_ACTIVE);
	ck_assert_uint_eq(u(m, "update_policy"), 1);
	/* while it runs: no receivers change, no slot goes, another start is refused */
	dxchg(d, "8311" "060000", m);
	ck_assert_uint_eq(u(m, "status"), OTA_DFD_WRONG_PHASE);
	dxchg(d, "8312", m);
	ck_assert_uint_eq(u(m, "status"), OTA_DFD_WRONG_PHASE);
	dxchg(d, "8325" FWID_200, m);
	ck_assert_uint_eq(u(m, "status"), OTA_DFD_BUSY_WITH_DISTRIBUTION);
	dxchg(d, "8326", m);
	ck_assert_uint_eq(u(m, "status"), OTA_DFD_BUSY_WITH_DISTRIBUTION);
	dxchg(d, "8319" "0000" "05" "0100" "05" "0000" "0000", m);
	ck_assert_uint_eq(u(m, "status"), OTA_DFD_WRONG_PHASE);
	dxchg(d, "831C", m); /* apply before the transfer succeeded */
	ck_assert_uint_eq(u(m, "status"), OTA_DFD_WRONG_PHASE);
	dxchg(d, "831A", m);
	ck_assert_uint_eq(u(m, "phase"), OTA_DFD_PHASE_SUSPENDED);
	dxchg(d, "8318", m);
	ck_assert_uint_eq(u(m, "phase"), OTA_DFD_PHASE_SUSPENDED);
	dxchg(d, "831B", m);
	ck_assert_uint_eq(u(m, "phase"), OTA_DFD_PHASE_CANCELLING);
	/* bad messages */
	on = sizeof(out);
	ck_assert_int_eq(ota_dfd_handle(d, 1, b, unhex("8311", b, sizeof(b)), 0, out, &on),
	    OTA_E_TRUNCATED);
	on = sizeof(out);
	ck_assert_int_eq(ota_dfd_handle(d, 1, b, unhex("8318FF", b, sizeof(b)), 0, out, &on),
	    OTA_E_TRAILING);
	on = sizeof(out);
	ck_assert_int_eq(ota_dfd_handle(d, 1, b, unhex("830C", b, sizeof(b)), 0, out, &on),
	    OTA_E_UNSUPPORTED);
	ck_assert_str_eq(ota_dfd_phase_name(OTA_DFD_PHASE_SUSPENDED), "transfer-suspended");
	ck_assert_str_eq(ota_dfd_status_name(OTA_DFD_URI_UNREACHABLE), "uri-unreachable");
	ck_assert_str_eq(ota_dfd_fail_name(OTA_DFD_FAIL_METADATA), "metadata-rejected");
	ota_mesh_msg_free(&m);
	ota_dfd_free(&d);
}
END_TEST

/* An OOB fetch that answers with what arg says. */
static int
fake_fetch(void *arg, size_t slot, const char *uri, const uint8_t *cur, size_t cur_len,
    struct ota_dfd_fetched *f)
{
	int st = *(int *)arg;

	(void)slot;
	(void)cur;
	(void)cur_len;
	ck_assert_str_eq(uri, "https://fw.example/u");
	if (st != OTA_DFD_SUCCESS)
		return st;
	f->fwid_len = unhex(FWID_201, f->fwid, sizeof(f->fwid));
	f->metadata_len = unhex(MD_201, f->metadata, sizeof(f->metadata));
	f->size = 1000;
	return OTA_DFD_SUCCESS;
}

START_TEST(dfd_upload_oob)
{
	struct ota_dfd_limits lim;
	struct ota_dfd_cb cb;
	struct ota_dfd *d = ota_dfd_new(NULL, NULL);
	struct ota_mesh_msg *m = ota_mesh_msg_new();
	/* Upload OOB Start: uri_len 0x14 "https://fw.example/u", current FWID */
	const char *oob = "8320" "14" "68747470733A2F2F66772E6578616D706C652F75" FWID_200;
	int st = OTA_DFD_URI_UNREACHABLE;

	ck_assert_ptr_nonnull(d);
	dxchg(d, oob, m);
	ck_assert_uint_eq(u(m, "status"), OTA_DFD_URI_NOT_SUPPORTED);
	ota_dfd_free(&d);
	memset(&lim, 0, sizeof(lim));
	memset(&cb, 0, sizeof(cb));
	cb.fetch = fake_fetch;
	cb.arg = &st;
	d = ota_dfd_new(&lim, &cb);
	dxchg(d, "8316", m);
	ck_assert_uint_eq(u(m, "oob_retrieval_supported"), 1);
	dxchg(d, oob, m);
	ck_assert_uint_eq(u(m, "status"), OTA_DFD_URI_UNREACHABLE);
	ck_assert_uint_eq(u(m, "phase"), OTA_DFD_UPLOAD_ERROR);
	st = OTA_DFD_NEW_FIRMWARE_NOT_AVAILABLE;
	dxchg(d, oob, m);
	ck_assert_uint_eq(u(m, "status"), OTA_DFD_NEW_FIRMWARE_NOT_AVAILABLE);
	ck_assert_uint_eq(ota_dfd_slot_count(d), 0);
	st = OTA_DFD_SUCCESS;
	dxchg(d, oob, m);
	ck_assert_uint_eq(u(m, "status"), OTA_DFD_SUCCESS);
	ck_assert_uint_eq(u(m, "phase"), OTA_DFD_UPLOAD_SUCCESS);
	ck_assert_uint_eq(u(m, "oob"), 1);
	ck_assert_uint_eq(u(m, "progress"), 100);
	ck_assert_uint_eq(ota_dfd_slot_count(d), 1);
	dxchg(d, "831E", m);
	ck_assert_uint_eq(u(m, "phase"), OTA_DFD_UPLOAD_SUCCESS);
	ck_assert_int_eq(ota_dfd_upload_oob(d, "ftp://x", (const uint8_t *)"\x59\x00", 2, NULL),
	    OTA_DFD_URI_NOT_SUPPORTED);
	ota_mesh_msg_free(&m);
	ota_dfd_free(&d);
}
END_TEST

/* A whole distribution over the simulated mesh (tests/sim/sim.c), no loss:
 * an in-band upload of a 3000-octet MCUboot-looking image (magic, then
 * ih_ver 2.0.1+0 at 0x14), 5 Targets: one Low Power node (pull), one
 * updating image index 1, one whose policy refuses (it runs 9.0.0). */
static uint8_t sim_img[3000];
static uint8_t sim_fwid[16], sim_md[32];

/* The small distribution's configuration: an in-band upload of a 3000-octet
 * MCUboot-looking image (magic, then ih_ver 2.0.1+0 at 0x14). */
static void
small_cfg(struct sim_cfg *c)
{
	size_t i;

	for (i = 0; i < sizeof(sim_img); i++)
		sim_img[i] = (uint8_t)(i * 7u + 3u);
	unhex("3db8f396", sim_img, 4);
	unhex("0200010000000000", sim_img + 0x14, 8);
	memset(c, 0, sizeof(*c));
	c->seed = 7;
	c->limit_ms = 3600000;
	c->image = sim_img;
	c->size = sizeof(sim_img);
	c->fwid = sim_fwid;
	c->fwid_len = unhex(FWID_201, sim_fwid, sizeof(sim_fwid));
	/* 2.0.1+0, size 3000 (B8 0B 00), app core, hash 0x11223344, 2 elements */
	c->md = sim_md;
	c->md_len = unhex("0200010000000000" "B80B00" "01" "44332211" "0200", sim_md,
	    sizeof(sim_md));
	c->comp_hash = 0x11223344u;
}

START_TEST(distribution_small)
{
	struct sim_cfg c;
	struct sim_res *r = calloc(1, sizeof(*r));
	size_t i;

	ck_assert_ptr_nonnull(r);
	small_cfg(&c);
	c.targets = 5;
	c.lpns = 1;
	c.second = 1;
	c.reject = 1;
	ck_assert_msg(sim_run(&c, r) == 0, "%s", r->err);
	ck_assert_int_eq(r->upload_status, OTA_DFD_SUCCESS);
	ck_assert_int_eq(r->phase, OTA_DFD_PHASE_COMPLETED);
	ck_assert_uint_eq(r->image_size, sizeof(sim_img));
	ck_assert_uint_eq(r->done, 4);
	ck_assert_uint_eq(r->failed, 1);
	for (i = 0; i < 4; i++) {
		ck_assert_msg(r->t[i].ri.done, "target %zu: %s", i, ota_dfd_fail_name(r->t[i].ri.fail));
		ck_assert(r->t[i].image_ok);
		ck_assert(r->t[i].fwid_ok);
		ck_assert(r->t[i].other_ok);
		ck_assert_uint_eq(r->t[i].ri.mode, i == 0 ? OTA_BLOB_MODE_PULL : OTA_BLOB_MODE_PUSH);
	}
	ck_assert_uint_eq(r->t[1].index, 1);
	/* the Receivers List message: 5 entries, 4 at 100 % and Idle again */
	ck_assert_uint_eq(r->list_entries, 5);
	ck_assert_uint_eq(r->list_complete, 4);
	ck_assert_int_eq(r->t[4].ri.fail, OTA_DFD_FAIL_METADATA);
	ck_assert_int_eq(r->t[4].ri.status, OTA_DFU_METADATA_CHECK_FAILED);
	ck_assert(!r->t[4].fwid_ok);
	free(r);
}
END_TEST

/* Every way a receiver fails, each named, while the others finish; the
 * update policy verify-only waits in Transfer Success for Distribution
 * Apply. */
START_TEST(distribution_failures)
{
	struct sim_cfg c;
	struct sim_res *r = calloc(1, sizeof(*r));

	ck_assert_ptr_nonnull(r);
	small_cfg(&c);
	c.targets = 7;
	c.lpns = 1;
	c.unprov = 1;
	c.verifyfail = 1;
	c.mute = 1;
	c.badindex = 1;
	c.reject = 1;
	c.verify_only = 1;
	ck_assert_msg(sim_run(&c, r) == 0, "%s", r->err);
	ck_assert_int_eq(r->phase, OTA_DFD_PHASE_COMPLETED);
	ck_assert(r->phase_seen & (1 << OTA_DFD_PHASE_TRANSFER_SUCCESS));
	ck_assert(r->phase_seen & (1 << OTA_DFD_PHASE_APPLYING));
	ck_assert_uint_eq(r->done, 3);
	ck_assert(r->t[0].ri.done && r->t[0].image_ok && r->t[0].fwid_ok);
	ck_assert(r->t[1].ri.done && r->t[1].image_ok && r->t[1].fwid_ok);
	ck_assert_int_eq(r->t[0].ri.effect, OTA_DFU_EFFECT_NONE);
	/* another composition hash, no Remote Provisioning: unprovisioned */
	ck_assert(r->t[2].ri.done && r->t[2].image_ok);
	ck_assert_int_eq(r->t[2].ri.effect, OTA_DFU_EFFECT_UNPROV);
	ck_assert_int_eq(r->t[3].ri.fail, OTA_DFD_FAIL_VERIFY);
	ck_assert_int_eq(r->t[3].ri.phase, OTA_DFU_PHASE_VERIFY_FAIL);
	ck_assert(r->t[3].image_ok && !r->t[3].fwid_ok);
	ck_assert_int_eq(r->t[4].ri.fail, OTA_DFD_FAIL_TIMEOUT);
	ck_assert_int_eq(r->t[5].ri.fail, OTA_DFD_FAIL_INDEX);
	ck_assert_int_eq(r->t[6].ri.fail, OTA_DFD_FAIL_METADATA);
	/* all fail: Failed */
	small_cfg(&c);
	c.targets = 2;
	c.mute = 1;
	c.reject = 1;
	ck_assert_msg(sim_run(&c, r) == 0, "%s", r->err);
	ck_assert_int_eq(r->phase, OTA_DFD_PHASE_FAILED);
	ck_assert_uint_eq(r->done, 0);
	free(r);
}
END_TEST

/* Distribution Cancel during the transfer: Cancelling Update, then Idle,
 * and every Target back in Idle. */
START_TEST(distribution_cancel)
{
	struct sim_cfg c;
	struct sim_res *r = calloc(1, sizeof(*r));
	size_t i;

	ck_assert_ptr_nonnull(r);
	small_cfg(&c);
	c.targets = 3;
	c.lpns = 1;
	c.cancel_at_ms = 1500;
	ck_assert_msg(sim_run(&c, r) == 0, "%s", r->err);
	ck_assert_int_eq(r->phase, OTA_DFD_PHASE_IDLE);
	ck_assert(r->phase_seen & (1 << OTA_DFD_PHASE_CANCELLING));
	ck_assert_uint_eq(r->done, 0);
	for (i = 0; i < 3; i++) {
		ck_assert_int_eq(r->t[i].ri.fail, OTA_DFD_FAIL_CANCELLED);
		ck_assert_int_eq(r->t[i].phase, OTA_DFU_PHASE_IDLE);
	}
	free(r);
}
END_TEST

/* Distribution Suspend during the transfer, then the same Distribution Start
 * 10 s later, and again 60 s later (after the Targets' BLOB servers timed out
 * and suspended: Transfer Error until resumed): Transfer Suspended, then the
 * transfer resumes and completes. */
START_TEST(distribution_suspend)
{
	struct sim_cfg c;
	struct sim_res *r = calloc(1, sizeof(*r));
	size_t i;

	ck_assert_ptr_nonnull(r);
	small_cfg(&c);
	c.targets = 3;
	c.lpns = 1;
	c.suspend_at_ms = 1000;
	c.resume_after_ms = 10000;
	ck_assert_msg(sim_run(&c, r) == 0, "%s", r->err);
	ck_assert(r->phase_seen & (1 << OTA_DFD_PHASE_SUSPENDED));
	ck_assert_int_eq(r->phase, OTA_DFD_PHASE_COMPLETED);
	for (i = 0; i < 3; i++)
		ck_assert(r->t[i].ri.done && r->t[i].image_ok && r->t[i].fwid_ok);
	c.resume_after_ms = 60000;
	ck_assert_msg(sim_run(&c, r) == 0, "%s", r->err);
	ck_assert_int_eq(r->phase, OTA_DFD_PHASE_COMPLETED);
	for (i = 0; i < 3; i++)
		ck_assert_msg(r->t[i].ri.done && r->t[i].image_ok && r->t[i].fwid_ok,
		    "target %zu: %s", i, ota_dfd_fail_name(r->t[i].ri.fail));
	free(r);
}
END_TEST

Suite *
suite_dfu(void)
{
	Suite *s = suite_create("dfu");
	TCase *tc = tcase_create("dfu");

	tcase_add_test(tc, policy_table);
	tcase_add_test(tc, target_info_list);
	tcase_add_test(tc, target_metadata_check);
	tcase_add_test(tc, target_check_override);
	tcase_add_test(tc, target_phases);
	tcase_add_test(tc, dfd_slots);
	tcase_add_test(tc, dfd_receivers);
	tcase_add_test(tc, dfd_upload_oob);
	tcase_add_test(tc, distribution_small);
	tcase_add_test(tc, distribution_failures);
	tcase_add_test(tc, distribution_cancel);
	tcase_add_test(tc, distribution_suspend);
	suite_add_tcase(s, tc);
	return s;
}
