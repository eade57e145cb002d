/* test_ocf.c - OCF pstat and /oc/swu codecs: the swagger examples
 * (tests/vectors/ocf, known answers typed from the swagger), CBOR byte for
 * byte, JSON and CBOR round trips, malformed CBOR, times, /oc/swu update
 * rules. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "testutil.h"

#define UUID "de305d54-75b4-431b-adb2-eb6b9e546014"

static void
check_example(const struct ota_ocf_pstat *p, int get)
{
	unsigned want = OTA_OCF_PSTAT_DOS_S | OTA_OCF_PSTAT_TM | OTA_OCF_PSTAT_OM |
	    OTA_OCF_PSTAT_ROWNERUUID;

	if (get)
		want |= OTA_OCF_PSTAT_RT | OTA_OCF_PSTAT_DOS_P | OTA_OCF_PSTAT_ISOP | OTA_OCF_PSTAT_CM |
		    OTA_OCF_PSTAT_SM;
	ck_assert_uint_eq(p->present, want);
	ck_assert_uint_eq(p->dos_s, OTA_OCF_DOS_RFNOP);
	ck_assert_uint_eq(p->tm, 60);
	ck_assert_uint_eq(p->tm, OTA_OCF_DPM_BOOTSTRAP | OTA_OCF_DPM_SEC_MGMT | OTA_OCF_DPM_PROV_CRED |
	    OTA_OCF_DPM_PROV_ACL);
	ck_assert_uint_eq(p->om, 2);
	ck_assert_str_eq(p->rowneruuid, UUID);
	if (get) {
		ck_assert_uint_eq(p->dos_p, 1);
		ck_assert_uint_eq(p->isop, 1);
		ck_assert_uint_eq(p->cm, 8);
		ck_assert_uint_eq(p->sm, 7);
	}
}

START_TEST(pstat_vectors_cbor)
{
	static const char *const f[] = { "ocf/pstat-get-example.cbor", "ocf/pstat-post-example.cbor" };
	struct ota_ocf_pstat p;
	uint8_t out[256];
	uint8_t *in;
	size_t n, ol;
	char msg[256];
	int i;

	for (i = 0; i < 2; i++) {
		in = slurp(vector_path(f[i]), &n);
		ck_assert_ptr_nonnull(in);
		ck_assert_int_eq(ota_ocf_pstat_decode_cbor(in, n, &p, msg, sizeof(msg)), OTA_OK);
		check_example(&p, i == 0);
		/* canonical: our encoder writes the same bytes */
		ol = sizeof(out);
		ck_assert_int_eq(ota_ocf_pstat_encode_cbor(&p, out, &ol), OTA_OK);
		ck_assert_uint_eq(ol, n);
		ck_assert(memcmp(out, in, n) == 0);
		/* too small: OTA_E_LIMIT with the length needed */
		ol = n - 1;
		ck_assert_int_eq(ota_ocf_pstat_encode_cbor(&p, out, &ol), OTA_E_LIMIT);
		ck_assert_uint_eq(ol, n);
		free(in);
	}
	ck_assert_uint_eq(n, 67);
}
END_TEST

START_TEST(pstat_vectors_tm)
{
	static const uint8_t tm64[] = { 0xa1, 0x62, 0x74, 0x6d, 0x18, 0x40 };
	static const uint8_t tm128[] = { 0xa1, 0x62, 0x74, 0x6d, 0x18, 0x80 };
	/* {"tm": 64} with the integer in 2, 4 and 8 bytes: any width */
	static const uint8_t wide[] = { 0xa1, 0x62, 0x74, 0x6d, 0x1b, 0, 0, 0, 0, 0, 0, 0, 0x40 };
	struct ota_ocf_pstat p;
	uint8_t *in, out[16];
	size_t n, ol = sizeof(out);

	in = slurp(vector_path("ocf/pstat-post-tm64.cbor"), &n);
	ck_assert_uint_eq(n, sizeof(tm64));
	ck_assert(memcmp(in, tm64, n) == 0);
	ck_assert_int_eq(ota_ocf_pstat_decode_cbor(in, n, &p, NULL, 0), OTA_OK);
	ck_assert_uint_eq(p.present, OTA_OCF_PSTAT_TM);
	ck_assert_uint_eq(p.tm, OTA_OCF_DPM_SVV);
	free(in);
	in = slurp(vector_path("ocf/pstat-post-tm128.cbor"), &n);
	ck_assert(n == sizeof(tm128) && memcmp(in, tm128, n) == 0);
	ck_assert_int_eq(ota_ocf_pstat_decode_cbor(in, n, &p, NULL, 0), OTA_OK);
	ck_assert_uint_eq(p.tm, OTA_OCF_DPM_SSU);
	ck_assert_int_eq(ota_ocf_pstat_encode_cbor(&p, out, &ol), OTA_OK);
	ck_assert(ol == n && memcmp(out, tm128, n) == 0);
	free(in);
	ck_assert_int_eq(ota_ocf_pstat_decode_cbor(wide, sizeof(wide), &p, NULL, 0), OTA_OK);
	ck_assert_uint_eq(p.tm, 64);
	/* the non-spec 256 decodes under its own name */
	ck_assert_str_eq(ota_ocf_dpm_name(OTA_OCF_DPM_NONSPEC_IOTIVITY_NSA),
	    "nonspec-iotivity-new-software-available");
	ck_assert_str_eq(ota_ocf_dpm_name(64), "software-version-validation");
	ck_assert_str_eq(ota_ocf_dpm_name(128), "secure-software-update");
	ck_assert_ptr_null(ota_ocf_dpm_name(512));
}
END_TEST

START_TEST(pstat_vectors_json)
{
	static const char *const f[] = { "ocf/pstat-get-example.json", "ocf/pstat-post-example.json" };
	struct ota_ocf_pstat p, q;
	char out[512], msg[256];
	uint8_t *in;
	size_t n, ol;
	int i;

	for (i = 0; i < 2; i++) {
		in = slurp(vector_path(f[i]), &n);
		ck_assert_int_eq(ota_ocf_pstat_decode_json((const char *)in, n, &p, msg, sizeof(msg)),
		    OTA_OK);
		check_example(&p, i == 0);
		/* the vector's JSON has spaces and a line break (not canonical):
		 * the round trip is through the model */
		ol = sizeof(out);
		ck_assert_int_eq(ota_ocf_pstat_encode_json(&p, out, &ol), OTA_OK);
		ck_assert_uint_eq(ol, strlen(out));
		ck_assert_int_eq(ota_ocf_pstat_decode_json(out, ol, &q, NULL, 0), OTA_OK);
		ck_assert(memcmp(&p, &q, sizeof(p)) == 0);
		free(in);
	}
	ck_assert_str_eq(out, "{\"dos\":{\"s\":3},\"tm\":60,\"om\":2,\"rowneruuid\":\"" UUID "\"}");
}
END_TEST

START_TEST(swu_round_trip)
{
	struct ota_ocf_swu s, t;
	uint8_t cb[512];
	char js[512];
	size_t n;

	memset(&s, 0, sizeof(s));
	s.present = 0xFF;
	(void)snprintf(s.purl, sizeof(s.purl), "%s", "https://fw.example.com/dev/1.2.3");
	(void)snprintf(s.nv, sizeof(s.nv), "%s", "1.2.3+4");
	s.action = OTA_OCF_ACTION_UPGRADE;
	s.state = OTA_OCF_STATE_SVA;
	s.result = -7;
	(void)snprintf(s.lastupdate, sizeof(s.lastupdate), "%s", "2026-11-30T06:00:00Z");
	(void)snprintf(s.updatetime, sizeof(s.updatetime), "%s", "now");
	n = sizeof(cb);
	ck_assert_int_eq(ota_ocf_swu_encode_cbor(&s, cb, &n), OTA_OK);
	ck_assert_int_eq(ota_ocf_swu_decode_cbor(cb, n, &t, NULL, 0), OTA_OK);
	ck_assert(memcmp(&s, &t, sizeof(s)) == 0);
	n = sizeof(js);
	ck_assert_int_eq(ota_ocf_swu_encode_json(&s, js, &n), OTA_OK);
	ck_assert_int_eq(ota_ocf_swu_decode_json(js, n, &t, NULL, 0), OTA_OK);
	ck_assert(memcmp(&s, &t, sizeof(s)) == 0);
	ck_assert_str_eq(js, "{\"purl\":\"https://fw.example.com/dev/1.2.3\",\"nv\":\"1.2.3+4\","
	    "\"signed\":\"vendor\",\"swupdateaction\":\"upgrade\",\"swupdatestate\":\"sva\","
	    "\"swupdateresult\":-7,\"lastupdate\":\"2026-11-30T06:00:00Z\",\"updatetime\":\"now\"}");
}
END_TEST

/* Malformed CBOR: each gives its own error, never a crash. */
START_TEST(pstat_malformed_cbor)
{
	static const struct {
		const char *hex;
		int err;
		const char *in_msg;
	} t[] = {
		{ "", OTA_E_TRUNCATED, "offset 0" },
		{ "a162746d18", OTA_E_TRUNCATED, "offset 4" },          /* integer cut */
		{ "a262746d1840", OTA_E_TRUNCATED, "offset 6" },        /* map of 2 holds 1 */
		{ "a162746d", OTA_E_TRUNCATED, "offset 4" },            /* value missing */
		{ "a16274", OTA_E_TRUNCATED, "offset 1" },              /* key cut */
		{ "a162746d6140", OTA_E_OCF_TYPE, "\"tm\" is a text string" },
		{ "a162746df5", OTA_E_OCF_TYPE, "\"tm\" is a boolean" },
		{ "a162746d20", OTA_E_OCF_TYPE, "negative" },
		{ "a162746dc11840", OTA_E_OCF_TYPE, "another type" },   /* tagged */
		{ "a16469736f7001", OTA_E_OCF_TYPE, "\"isop\"" },
		{ "a163646f7301", OTA_E_OCF_TYPE, "\"dos\" is an unsigned" },
		{ "a163646f73a1617305", OTA_E_RANGE, "dos.s" },
		{ "a162746d190200", OTA_E_RANGE, "512" },
		{ "a1016161", OTA_E_OCF_TYPE, "map key" },
		{ "816161", OTA_E_OCF_TYPE, "not a map" },
		{ "a162746d184000", OTA_E_TRAILING, "offset 6" },
		{ "bf62746d1840ff", OTA_E_UNSUPPORTED, "indefinite" },
		{ "a162746d1c", OTA_E_STRUCTURE, "malformed" },          /* reserved additional info */
		{ "a16a726f776e6572757569646178", OTA_E_RANGE, "not a UUID" },
		/* a string whose declared length runs past the input */
		{ "a16a726f776e6572757569647bffffffffffffff00", OTA_E_TRUNCATED, "offset 12" },
		/* text that is not UTF-8 */
		{ "a16a726f776e65727575696462c328", OTA_E_RANGE, "not UTF-8" },
		/* unknown keys of any shape are skipped */
		{ "a2617881a1617980627470f4", OTA_OK, "" },
	};
	struct ota_ocf_pstat p;
	uint8_t buf[128];
	char msg[256];
	size_t i, n;
	int r;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		n = unhex(t[i].hex, buf, sizeof(buf));
		msg[0] = '\0';
		r = ota_ocf_pstat_decode_cbor(n ? buf : (const uint8_t *)"", n, &p, msg, sizeof(msg));
		ck_assert_msg(r == t[i].err, "row %zu: %s: %s (%s)", i, t[i].hex,
			    ota_errname(r), msg);
		ck_assert_msg(strstr(msg, t[i].in_msg) != NULL, "row %zu: %s", i, msg);
	}
	/* 20 nested arrays under an unknown key */
	n = unhex("a16178", buf, sizeof(buf));
	memset(buf + n, 0x81, 20);
	buf[n + 20] = 0;
	ck_assert_int_eq(ota_ocf_pstat_decode_cbor(buf, n + 21, &p, msg, sizeof(msg)), OTA_E_LIMIT);
	ck_assert(strstr(msg, "nested") != NULL);
	/* an oversized string: rowneruuid of 37 characters */
	n = unhex("a16a726f776e65727575696478" "25", buf, sizeof(buf));
	memset(buf + n, 'a', 37);
	ck_assert_int_eq(ota_ocf_pstat_decode_cbor(buf, n + 37, &p, msg, sizeof(msg)), OTA_E_LIMIT);
	ck_assert(strstr(msg, "at most 36") != NULL);
	/* a key given twice */
	n = unhex("a262746d184062746d1840", buf, sizeof(buf));
	ck_assert_int_eq(ota_ocf_pstat_decode_cbor(buf, n, &p, msg, sizeof(msg)), OTA_E_STRUCTURE);
	ck_assert(strstr(msg, "twice") != NULL);
}
END_TEST

START_TEST(swu_malformed)
{
	static const struct {
		const char *json;
		int err;
	} t[] = {
		{ "{\"purl\":5}", OTA_E_OCF_TYPE },
		{ "{\"purl\":\"https://x/0123456789012345678901234567890123456789012345678901234567\"}",
		  OTA_E_LIMIT },
		{ "{\"signed\":\"oem\"}", OTA_E_RANGE },
		{ "{\"swupdateaction\":\"reboot\"}", OTA_E_RANGE },
		{ "{\"swupdatestate\":\"done\"}", OTA_E_RANGE },
		{ "{\"swupdateresult\":\"1\"}", OTA_E_OCF_TYPE },
		{ "{\"swupdateresult\":4294967296}", OTA_E_RANGE },
		{ "{\"updatetime\":\"tomorrow\"}", OTA_E_RANGE },
		{ "{\"lastupdate\":\"now\"}", OTA_E_RANGE },
		{ "{\"purl\":\"a\",\"purl\":\"b\"}", OTA_E_STRUCTURE },
		{ "{\"purl\":", OTA_E_TRUNCATED },
		/* text after the object is TRAILING as documented (jansson's "end
		 * of file expected" was taken for a truncation) */
		{ "{\"nv\":\"1.0\"} x", OTA_E_TRAILING },
		{ "{\"nv\":\"1.0\"}{}", OTA_E_TRAILING },
		{ "[1]", OTA_E_OCF_TYPE },
		{ "{\"nv\":\"1.0\",\"x\":[1,{}]}", OTA_OK },
	};
	struct ota_ocf_swu s;
	char msg[256];
	size_t i;
	int r;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		r = ota_ocf_swu_decode_json(t[i].json, strlen(t[i].json), &s, msg, sizeof(msg));
		ck_assert_msg(r == t[i].err, "%s: %s (%s)", t[i].json, ota_errname(r), msg);
	}
}
END_TEST

START_TEST(times)
{
	int64_t t;
	char buf[64];

	ck_assert_int_eq(ota_ocf_time_parse("1970-01-01T00:00:00Z", &t), OTA_OK);
	ck_assert_int_eq(t, 0);
	/* 2026-11-30T06:00:00Z = 1796018400 (date -u -d ... +%s) */
	ck_assert_int_eq(ota_ocf_time_parse("2026-11-30T06:00:00Z", &t), OTA_OK);
	ck_assert_int_eq(t, 1796018400);
	ck_assert_int_eq(ota_ocf_time_parse("2026-11-30T08:00:00.25+02:00", &t), OTA_OK);
	ck_assert_int_eq(t, 1796018400);
	ck_assert_int_eq(ota_ocf_time_parse("2024-02-29t00:00:00z", &t), OTA_OK);
	ck_assert_int_eq(ota_ocf_time_parse("2023-02-29T00:00:00Z", &t), OTA_E_INVAL);
	ck_assert_int_eq(ota_ocf_time_parse("2026-11-30T06:00:00", &t), OTA_E_INVAL);
	ck_assert_int_eq(ota_ocf_time_parse("2026-13-01T06:00:00Z", &t), OTA_E_INVAL);
	ck_assert_int_eq(ota_ocf_time_parse("2026-11-30 06:00:00Z", &t), OTA_E_INVAL);
	ck_assert_int_eq(ota_ocf_time_format(1796018400, buf, sizeof(buf)), 20);
	ck_assert_str_eq(buf, "2026-11-30T06:00:00Z");
}
END_TEST

START_TEST(swu_update_rules)
{
	static const int64_t now = 1796018400;
	struct ota_ocf_swu s;
	char msg[256];

	memset(&s, 0, sizeof(s));
	s.present = OTA_OCF_SWU_PURL | OTA_OCF_SWU_ACTION | OTA_OCF_SWU_UPDATETIME;
	(void)snprintf(s.purl, sizeof(s.purl), "%s", "coaps://[fd00::1]/fw");
	s.action = OTA_OCF_ACTION_ISVV;
	(void)snprintf(s.updatetime, sizeof(s.updatetime), "%s", "now");
	ck_assert_int_eq(ota_ocf_swu_validate_update(&s, now, msg, sizeof(msg)), OTA_OK);
	(void)snprintf(s.updatetime, sizeof(s.updatetime), "%s", "2026-11-30T05:59:59Z");
	ck_assert_int_eq(ota_ocf_swu_validate_update(&s, now, msg, sizeof(msg)), OTA_E_RANGE);
	ck_assert(strstr(msg, "past") != NULL);
	(void)snprintf(s.updatetime, sizeof(s.updatetime), "%s", "2026-11-30T06:00:00Z");
	ck_assert_int_eq(ota_ocf_swu_validate_update(&s, now, msg, sizeof(msg)), OTA_OK);
	(void)snprintf(s.purl, sizeof(s.purl), "%s", "http://fw.example.com/");
	ck_assert_int_eq(ota_ocf_swu_validate_update(&s, now, msg, sizeof(msg)), OTA_E_RANGE);
	s.purl[0] = '\0'; /* empty with a non-idle action: the old purl is kept */
	ck_assert_int_eq(ota_ocf_swu_validate_update(&s, now, msg, sizeof(msg)), OTA_OK);
	s.action = OTA_OCF_ACTION_IDLE;
	ck_assert_int_eq(ota_ocf_swu_validate_update(&s, now, msg, sizeof(msg)), OTA_E_RANGE);
	s.present &= ~OTA_OCF_SWU_UPDATETIME;
	ck_assert_int_eq(ota_ocf_swu_validate_update(&s, now, msg, sizeof(msg)), OTA_E_INVAL);
	s.present |= OTA_OCF_SWU_UPDATETIME | OTA_OCF_SWU_STATE;
	ck_assert_int_eq(ota_ocf_swu_validate_update(&s, now, msg, sizeof(msg)),
	    OTA_E_OCF_READ_ONLY);
	ck_assert(strstr(msg, "swupdatestate") != NULL);
}
END_TEST

/* The check and the install helper on the MCUboot vectors (1.2.3+45,
 * signed with the P-256 key). */
START_TEST(check_and_install)
{
	static const char *img = "mcuboot/app-ecdsa-p256-v1.2.3+45.signed.bin";
	struct ota_fw_version v = { 1, 2, 3, 0 };
	struct ota_ocf_candidate c, c2;
	struct ota_ocf_check *chk = ota_ocf_check_new();
	struct ota_key *k = NULL, *other = NULL;
	char dir[] = "/tmp/ocf-check-XXXXXX", dest[128], copy[128], path[512];
	uint8_t *a, *b;
	size_t al, bl;
	FILE *f;

	ck_assert_ptr_nonnull(chk);
	ck_assert_ptr_nonnull(mkdtemp(dir));
	(void)snprintf(path, sizeof(path), "%s", vector_path(img));
	ck_assert_int_eq(ota_key_load(&k, vector_path("mcuboot/ecdsa-p256.pub.pem"), NULL), OTA_OK);
	ck_assert_int_eq(ota_key_load(&other, vector_path("mcuboot/ed25519.pub.pem"), NULL), OTA_OK);
	/* no key yet: unsigned (nothing checks it) */
	ck_assert_int_ne(ota_ocf_check_candidate(chk, path, &c), OTA_OK);
	ck_assert_int_eq(c.reason, OTA_OCF_REASON_UNSIGNED);
	ck_assert_int_eq(ota_ocf_check_add_key(chk, other), OTA_OK);
	ck_assert_int_ne(ota_ocf_check_candidate(chk, path, &c), OTA_OK);
	ck_assert_msg(c.reason == OTA_OCF_REASON_WRONG_IDENTITY, "%s: %s",
	    ota_ocf_reason_name(c.reason), c.msg);
	ck_assert_int_eq(ota_ocf_check_add_key(chk, k), OTA_OK);
	/* no installed version: refused */
	ck_assert_int_ne(ota_ocf_check_candidate(chk, path, &c), OTA_OK);
	ck_assert_int_eq(c.reason, OTA_OCF_REASON_NOT_NEWER);
	ck_assert_int_eq(ota_ocf_check_set_installed_fw_version(chk, &v), OTA_OK);
	ck_assert_int_eq(ota_ocf_check_candidate(chk, path, &c), OTA_OK);
	ck_assert_int_eq(c.reason, OTA_OCF_REASON_AVAILABLE);
	ck_assert_int_eq(c.kind, OTA_OCF_KIND_MCUBOOT);
	ck_assert_str_eq(c.version, "1.2.3+45");
	v.build = 45; /* equal: not newer */
	ck_assert_int_eq(ota_ocf_check_set_installed_fw_version(chk, &v), OTA_OK);
	ck_assert_int_eq(ota_ocf_check_candidate(chk, path, &c2), OTA_E_NOT_APPLICABLE);
	ck_assert_int_eq(c2.reason, OTA_OCF_REASON_NOT_NEWER);
	v.build = 44;
	ck_assert_int_eq(ota_ocf_check_set_installed_fw_version(chk, &v), OTA_OK);
	/* install: the slot gets the bytes */
	(void)snprintf(dest, sizeof(dest), "%s/slot1", dir);
	ck_assert_int_eq(ota_ocf_check_install(chk, &c, dest), OTA_OK);
	a = slurp(path, &al);
	b = slurp(dest, &bl);
	ck_assert(al == bl && memcmp(a, b, al) == 0);
	/* the file changed after the check: refused, nothing written */
	(void)snprintf(copy, sizeof(copy), "%s/cand", dir);
	a[al / 2] ^= 0xFF;
	ck_assert_ptr_nonnull(f = fopen(copy, "wb"));
	ck_assert_uint_eq(fwrite(a, 1, al, f), al);
	ck_assert_int_eq(fclose(f), 0);
	(void)snprintf(c.path, sizeof(c.path), "%s", copy);
	(void)snprintf(dest, sizeof(dest), "%s/slot2", dir);
	ck_assert_int_eq(ota_ocf_check_install(chk, &c, dest), OTA_E_STATE);
	ck_assert_int_ne(access(dest, F_OK), 0);
	ck_assert_int_eq(unlink(copy), 0);
	(void)snprintf(dest, sizeof(dest), "%s/slot1", dir);
	ck_assert_int_eq(unlink(dest), 0);
	ck_assert_int_eq(rmdir(dir), 0); /* no temporary file left */
	free(a);
	free(b);
	ota_key_free(&k);
	ota_key_free(&other);
	ota_ocf_check_free(&chk);
}
END_TEST

/* A candidate that is a FIFO or a link to /dev/zero: refused at once (a
 * FIFO without a writer blocked the open; /dev/zero made the install
 * helper write without end). */
START_TEST(check_not_regular)
{
	struct ota_ocf_check *chk = ota_ocf_check_new();
	struct ota_ocf_candidate c;
	char dir[] = "/tmp/ocf-fifo-XXXXXX", fifo[128], zero[128], dest[128];

	ck_assert_ptr_nonnull(chk);
	ck_assert_ptr_nonnull(mkdtemp(dir));
	(void)snprintf(fifo, sizeof(fifo), "%s/fifo", dir);
	(void)snprintf(zero, sizeof(zero), "%s/zero", dir);
	(void)snprintf(dest, sizeof(dest), "%s/slot", dir);
	ck_assert_int_eq(mkfifo(fifo, 0600), 0);
	ck_assert_int_eq(symlink("/dev/zero", zero), 0);
	ck_assert_int_eq(ota_ocf_check_candidate(chk, fifo, &c), OTA_E_IO);
	ck_assert_int_eq(c.reason, OTA_OCF_REASON_MALFORMED);
	ck_assert_ptr_nonnull(strstr(c.msg, "not a regular file"));
	ck_assert_int_eq(ota_ocf_check_candidate(chk, zero, &c), OTA_E_IO);
	ck_assert_ptr_nonnull(strstr(c.msg, "not a regular file"));
	/* a candidate record naming it (a caller's, or one restored) */
	memset(&c, 0, sizeof(c));
	c.kind = OTA_OCF_KIND_ZIGBEE;
	c.reason = OTA_OCF_REASON_AVAILABLE;
	(void)snprintf(c.path, sizeof(c.path), "%s", zero);
	ck_assert_int_eq(ota_ocf_check_install(chk, &c, dest), OTA_E_IO);
	(void)snprintf(c.path, sizeof(c.path), "%s", fifo);
	ck_assert_int_eq(ota_ocf_check_install(chk, &c, dest), OTA_E_IO);
	ck_assert_int_ne(access(dest, F_OK), 0);
	ck_assert_int_eq(unlink(fifo), 0);
	ck_assert_int_eq(unlink(zero), 0);
	ck_assert_int_eq(rmdir(dir), 0);
	ota_ocf_check_free(&chk);
}
END_TEST

Suite *
suite_ocf(void)
{
	Suite *s = suite_create("ocf");
	TCase *tc = tcase_create("codec");

	tcase_add_test(tc, pstat_vectors_cbor);
	tcase_add_test(tc, pstat_vectors_tm);
	tcase_add_test(tc, pstat_vectors_json);
	tcase_add_test(tc, swu_round_trip);
	tcase_add_test(tc, pstat_malformed_cbor);
	tcase_add_test(tc, swu_malformed);
	tcase_add_test(tc, times);
	tcase_add_test(tc, swu_update_rules);
	tcase_add_test(tc, check_and_install);
	tcase_add_test(tc, check_not_regular);
	suite_add_tcase(s, tc);
	return s;
}
