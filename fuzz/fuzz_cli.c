/* fuzz_cli.c - libFuzzer harness for the otaimg option value parsers (the
 * tools' numbers, file versions, formats, hex blobs, 8-byte identifiers and
 * EUI-64s), with oracles: an independent reading of the documented number
 * grammar (otaimg(1), NUMBERS) must agree with parse_uint, and everything
 * accepted must round-trip through its canonical form.  fuzz/build-cli.sh
 * builds it with clang; fuzz/replay_cli runs fuzz/corpus-cli under make check. */
#include <assert.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "otaimg.h"
#include "tool.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The grammar, read independently: "0", [1-9][0-9]*, or 0[xX][0-9a-fA-F]+,
 * nothing else; returns 1 and the value when it is one and fits 64 bits. */
static int
reference(const char *s, uint64_t *v)
{
	const char *p = s;
	uint64_t n = 0;
	unsigned base = 10;

	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
		base = 16;
		p += 2;
		if (*p == '\0')
			return 0;
	} else if (p[0] == '0') {
		if (p[1] != '\0')
			return 0;
	} else if (!(p[0] >= '1' && p[0] <= '9')) {
		return 0;
	}
	for (; *p != '\0'; p++) {
		unsigned d;

		if (*p >= '0' && *p <= '9')
			d = (unsigned)(*p - '0');
		else if (base == 16 && ((*p >= 'a' && *p <= 'f') || (*p >= 'A' && *p <= 'F')))
			d = (unsigned)((*p | 0x20) - 'a' + 10);
		else
			return 0;
		if (n > (UINT64_MAX - d) / base)
			return 0;
		n = n * base + d;
	}
	*v = n;
	return 1;
}

static void
check_uint(const char *s)
{
	static const uint64_t maxes[] = { UINT64_MAX, UINT32_MAX, 0xFFFF, 0xFF, 2, 0 };
	char canon[32];
	uint64_t want = 0, got, again;
	size_t i;
	int ok = reference(s, &want);

	for (i = 0; i < sizeof(maxes) / sizeof(maxes[0]); i++) {
		int r = parse_uint(s, maxes[i], &got);

		assert((r == 0) == (ok && want <= maxes[i]));
		if (r != 0)
			continue;
		assert(got == want);
		(void)snprintf(canon, sizeof(canon), "%llu", (unsigned long long)got);
		assert(parse_uint(canon, maxes[i], &again) == 0 && again == got);
		(void)snprintf(canon, sizeof(canon), "0x%llX", (unsigned long long)got);
		assert(parse_uint(canon, maxes[i], &again) == 0 && again == got);
	}
	/* whitespace, signs and leading zeros before digits are never numbers */
	if (s[0] == ' ' || s[0] == '\t' || s[0] == '+' || s[0] == '-' ||
	    (s[0] == '0' && s[1] >= '0' && s[1] <= '9'))
		assert(parse_uint(s, UINT64_MAX, &got) != 0);
}

static void
check_file_version(const char *s)
{
	char canon[16];
	uint32_t v, again;
	uint64_t n;
	size_t i;

	if (parse_file_version(s, &v) != 0)
		return;
	if (strchr(s, ':') == NULL) {
		assert(parse_uint(s, UINT32_MAX, &n) == 0 && n == v);
		return;
	}
	(void)snprintf(canon, sizeof(canon), "%02X:%02X:%02X:%02X", (unsigned)(v >> 24),
	    (unsigned)(v >> 16) & 0xff, (unsigned)(v >> 8) & 0xff, (unsigned)v & 0xff);
	assert(strlen(s) == 11);
	for (i = 0; i < 11; i++)
		assert((s[i] | 0x20) == (canon[i] | 0x20) || s[i] == canon[i]);
	assert(parse_file_version(canon, &again) == 0 && again == v);
}

static void
check_format(const char *s)
{
	enum ota_format f;

	if (parse_format(s, &f) == 0)
		assert(strcmp(s, "auto") == 0 || strcmp(s, "zigbee") == 0 || strcmp(s, "gbcs") == 0);
}

static void
check_hex(const char *s)
{
	uint8_t out[64], again[64];
	char canon[2 * 64 + 1];
	size_t len, len2, i;

	if (parse_hex(s, out, sizeof(out), &len) != 0)
		return;
	assert(len > 0 && len <= sizeof(out));
	for (i = 0; i < len; i++)
		(void)snprintf(canon + 2 * i, 3, "%02x", out[i]);
	assert(parse_hex(canon, again, sizeof(again), &len2) == 0);
	assert(len2 == len && memcmp(out, again, len) == 0);
}

static void
check_ids(const char *s)
{
	char canon[17];
	uint64_t v, again;

	if (ota_eui64_parse(s, &v) == OTA_OK) {
		(void)snprintf(canon, sizeof(canon), "%016llX", (unsigned long long)v);
		assert(ota_eui64_parse(canon, &again) == OTA_OK && again == v);
	}
	if (parse_id64(s, &v) == 0) {
		(void)snprintf(canon, sizeof(canon), "%016llX", (unsigned long long)v);
		assert(parse_id64(canon, &again) == 0 && again == v);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);

	if (s == NULL)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0'; /* an argv string ends at its first NUL */
	check_uint(s);
	check_file_version(s);
	check_format(s);
	check_hex(s);
	check_ids(s);
	free(s);
	return 0;
}
