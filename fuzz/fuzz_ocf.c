/* fuzz_ocf.c - libFuzzer harness for the OCF decoders (<otaimg/ocf.h>),
 * with round-trip oracles, and the state machine's record.  The first byte
 * picks:
 *   0 pstat from CBOR: what decodes encodes, and that decodes to the same
 *     pstat and encodes to the same bytes; the JSON form reads back equal;
 *   1 /oc/swu from CBOR, the same oracles;
 *   2 pstat from JSON, 3 /oc/swu from JSON: what decodes round-trips;
 *   4 a state record: what restores saves to the same bytes;
 *   5 RFC 3339 text: what parses formats and parses to the same second
 *     (whole seconds in UTC).
 * fuzz/build.sh 60 ocf builds it with clang; replay.c runs it over
 * fuzz/corpus-ocf under make check (tests/cli/fuzz-ocf-replay.sh). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "otaimg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(x) do { if (!(x)) abort(); } while (0)

static void
pstat_oracle(const struct ota_ocf_pstat *p)
{
	static uint8_t a[4096], b[4096];
	static char j[4096];
	struct ota_ocf_pstat q;
	size_t al = sizeof(a), bl = sizeof(b), jl = sizeof(j);

	CHECK(ota_ocf_pstat_encode_cbor(p, a, &al) == OTA_OK);
	CHECK(ota_ocf_pstat_decode_cbor(a, al, &q, NULL, 0) == OTA_OK);
	CHECK(memcmp(p, &q, sizeof(q)) == 0);
	CHECK(ota_ocf_pstat_encode_cbor(&q, b, &bl) == OTA_OK);
	CHECK(al == bl && memcmp(a, b, al) == 0);
	CHECK(ota_ocf_pstat_encode_json(p, j, &jl) == OTA_OK);
	CHECK(ota_ocf_pstat_decode_json(j, jl, &q, NULL, 0) == OTA_OK);
	CHECK(memcmp(p, &q, sizeof(q)) == 0);
}

static void
swu_oracle(const struct ota_ocf_swu *s)
{
	static uint8_t a[4096], b[4096];
	static char j[4096];
	struct ota_ocf_swu t;
	size_t al = sizeof(a), bl = sizeof(b), jl = sizeof(j);

	CHECK(ota_ocf_swu_encode_cbor(s, a, &al) == OTA_OK);
	CHECK(ota_ocf_swu_decode_cbor(a, al, &t, NULL, 0) == OTA_OK);
	CHECK(memcmp(s, &t, sizeof(t)) == 0);
	CHECK(ota_ocf_swu_encode_cbor(&t, b, &bl) == OTA_OK);
	CHECK(al == bl && memcmp(a, b, al) == 0);
	CHECK(ota_ocf_swu_encode_json(s, j, &jl) == OTA_OK);
	CHECK(ota_ocf_swu_decode_json(j, jl, &t, NULL, 0) == OTA_OK);
	CHECK(memcmp(s, &t, sizeof(t)) == 0);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t rec[OTA_OCF_SAVE_MAX];
	static char text[128];
	struct ota_ocf_pstat p;
	struct ota_ocf_swu s;
	struct ota_ocf_dev *d;
	char msg[256], buf[64];
	int64_t t, u;
	size_t n;

	if (size < 1)
		return 0;
	switch (data[0] % 6) {
	case 0:
		if (ota_ocf_pstat_decode_cbor(data + 1, size - 1, &p, msg, sizeof(msg)) == OTA_OK)
			pstat_oracle(&p);
		break;
	case 1:
		if (ota_ocf_swu_decode_cbor(data + 1, size - 1, &s, msg, sizeof(msg)) == OTA_OK)
			swu_oracle(&s);
		break;
	case 2:
		if (ota_ocf_pstat_decode_json((const char *)data + 1, size - 1, &p, msg,
		    sizeof(msg)) == OTA_OK)
			pstat_oracle(&p);
		break;
	case 3:
		if (ota_ocf_swu_decode_json((const char *)data + 1, size - 1, &s, msg,
		    sizeof(msg)) == OTA_OK) {
			swu_oracle(&s);
			(void)ota_ocf_swu_validate_update(&s, 1796018400, msg, sizeof(msg));
		}
		break;
	case 4:
		if ((d = ota_ocf_dev_new()) == NULL)
			return 0;
		if (ota_ocf_dev_restore(d, data + 1, size - 1) == OTA_OK) {
			n = sizeof(rec);
			CHECK(ota_ocf_dev_save(d, rec, &n) == OTA_OK);
			CHECK(n == size - 1 && memcmp(rec, data + 1, n) == 0);
		}
		ota_ocf_dev_free(&d);
		break;
	default:
		n = size - 1 < sizeof(text) - 1 ? size - 1 : sizeof(text) - 1;
		memcpy(text, data + 1, n);
		text[n] = '\0';
		if (ota_ocf_time_parse(text, &t) == OTA_OK) {
			CHECK(ota_ocf_time_format(t, buf, sizeof(buf)) > 0);
			CHECK(ota_ocf_time_parse(buf, &u) == OTA_OK && u == t);
		}
		break;
	}
	return 0;
}
