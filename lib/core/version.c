/* version.c - the MCUboot / Mesh DFU firmware version (struct
 * ota_fw_version): "M.m.r+b" text and the 8 wire bytes. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "ota_private.h"

/* One decimal part of at most max; *end after it.  No sign, no space, no
 * leading zero before another digit. */
static int
part(const char *s, uint64_t max, uint64_t *out, const char **end)
{
	uint64_t v = 0;
	const char *p = s;

	if (*p < '0' || *p > '9')
		return OTA_E_INVAL;
	if (p[0] == '0' && p[1] >= '0' && p[1] <= '9')
		return OTA_E_INVAL;
	for (; *p >= '0' && *p <= '9'; p++) {
		v = v * 10 + (uint64_t)(*p - '0');
		if (v > max)
			return OTA_E_RANGE;
	}
	*out = v;
	*end = p;
	return OTA_OK;
}

int
ota_fw_version_parse(const char *s, struct ota_fw_version *v)
{
	static const uint64_t max[4] = { 0xFF, 0xFF, 0xFFFF, 0xFFFFFFFF };
	static const char sep[4] = { '.', '.', '+', '\0' };
	uint64_t val[4] = { 0, 0, 0, 0 };
	const char *p = s;
	size_t i;
	int r;

	if (s == NULL || v == NULL)
		return OTA_E_INVAL;
	for (i = 0; i < 4; i++) {
		if ((r = part(p, max[i], &val[i], &p)) != OTA_OK)
			return r;
		if (*p == '\0')
			break;
		/* "1+5": imgtool needs the parts before a build number. */
		if (*p != sep[i])
			return OTA_E_INVAL;
		p++;
	}
	if (*p != '\0')
		return OTA_E_INVAL;
	v->major = (uint8_t)val[0];
	v->minor = (uint8_t)val[1];
	v->revision = (uint16_t)val[2];
	v->build = (uint32_t)val[3];
	return OTA_OK;
}

int
ota_fw_version_format(const struct ota_fw_version *v, char *buf, size_t len)
{
	if (v == NULL || (buf == NULL && len > 0))
		return OTA_E_INVAL;
	return snprintf(buf, len, "%u.%u.%u+%lu", (unsigned)v->major, (unsigned)v->minor,
	    (unsigned)v->revision, (unsigned long)v->build);
}

int
ota_fw_version_compare(const struct ota_fw_version *a, const struct ota_fw_version *b)
{
	if (a->major != b->major)
		return a->major < b->major ? -1 : 1;
	if (a->minor != b->minor)
		return a->minor < b->minor ? -1 : 1;
	if (a->revision != b->revision)
		return a->revision < b->revision ? -1 : 1;
	if (a->build != b->build)
		return a->build < b->build ? -1 : 1;
	return 0;
}

void
ota_fw_version_encode(const struct ota_fw_version *v, uint8_t out[8])
{
	out[0] = v->major;
	out[1] = v->minor;
	ota__put_u16le(out + 2, v->revision);
	ota__put_u32le(out + 4, v->build);
}

void
ota_fw_version_decode(const uint8_t in[8], struct ota_fw_version *v)
{
	v->major = in[0];
	v->minor = in[1];
	v->revision = (uint16_t)(in[2] | (in[3] << 8));
	v->build = (uint32_t)in[4] | ((uint32_t)in[5] << 8) | ((uint32_t)in[6] << 16) |
	    ((uint32_t)in[7] << 24);
}

/* ---- one version type across formats (issue 13 item 6) ----
 * A 32-bit version (Zigbee file version, Matter SoftwareVersion, GBCS/CPL
 * firmware version) and struct ota_fw_version (MCUboot, Mesh DFU) convert
 * into each other where nothing is lost; a lossy conversion is
 * OTA_E_VERSION_LOSSY unless OTA_VERSION_FORCE. */

static int
hexdig(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int
ota_version_u32_parse(const char *s, uint32_t *out)
{
	uint64_t v = 0;
	size_t i, n;
	int h, l;

	if (s == NULL || out == NULL || *s == '\0')
		return OTA_E_INVAL;
	n = strlen(s);
	if (strchr(s, ':') != NULL) { /* "XX:XX:XX:XX", most significant octet first */
		if (n != 11)
			return OTA_E_INVAL;
		for (i = 0; i < 4; i++) {
			if (i < 3 && s[3 * i + 2] != ':')
				return OTA_E_INVAL;
			if ((h = hexdig(s[3 * i])) < 0 || (l = hexdig(s[3 * i + 1])) < 0)
				return OTA_E_INVAL;
			v = v << 8 | (uint64_t)(h * 16 + l);
		}
	} else if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		if (n == 2 || n > 2 + 8 + 8) /* leading zeros allowed, up to 16 digits */
			return OTA_E_INVAL;
		for (i = 2; i < n; i++) {
			if ((h = hexdig(s[i])) < 0)
				return OTA_E_INVAL;
			v = v << 4 | (uint64_t)h;
			if (v > UINT32_MAX)
				return OTA_E_RANGE;
		}
	} else {
		/* "010": a leading zero is octal to strtoul's base 0 and to
		 * other tools; refused as ambiguous (0x10, 00:00:00:0A) */
		if (s[0] == '0' && n > 1)
			return OTA_E_INVAL;
		for (i = 0; i < n; i++) {
			if (s[i] < '0' || s[i] > '9')
				return OTA_E_INVAL;
			v = v * 10 + (uint64_t)(s[i] - '0');
			if (v > UINT32_MAX)
				return OTA_E_RANGE;
		}
	}
	*out = (uint32_t)v;
	return OTA_OK;
}

int
ota_version_u32_format(uint32_t v, char *buf, size_t len)
{
	if (buf == NULL && len > 0)
		return OTA_E_INVAL;
	return snprintf(buf, len, "%02X:%02X:%02X:%02X", (unsigned)(v >> 24),
	    (unsigned)(v >> 16 & 0xFF), (unsigned)(v >> 8 & 0xFF), (unsigned)(v & 0xFF));
}

int
ota_fw_version_to_u32(const struct ota_fw_version *v, unsigned flags, uint32_t *out)
{
	if (v == NULL || out == NULL)
		return OTA_E_INVAL;
	/* major.minor.revision in 8, 8 and 16 bits: a build number does not fit */
	if (v->build != 0 && !(flags & OTA_VERSION_FORCE))
		return OTA_E_VERSION_LOSSY;
	*out = (uint32_t)v->major << 24 | (uint32_t)v->minor << 16 | v->revision;
	return OTA_OK;
}

void
ota_fw_version_from_u32(uint32_t u, struct ota_fw_version *v)
{
	v->major = (uint8_t)(u >> 24);
	v->minor = (uint8_t)(u >> 16);
	v->revision = (uint16_t)u;
	v->build = 0;
}

int
ota_version_bcd_encode(uint32_t dec, uint32_t *bcd)
{
	uint32_t r = 0;
	unsigned i;

	if (bcd == NULL)
		return OTA_E_INVAL;
	if (dec > 99999999u)
		return OTA_E_VERSION_LOSSY; /* eight decimal digits at most */
	for (i = 0; i < 8; i++, dec /= 10)
		r |= (dec % 10) << (4 * i);
	*bcd = r;
	return OTA_OK;
}

int
ota_version_bcd_decode(uint32_t bcd, uint32_t *dec)
{
	uint32_t r = 0, d;
	int i;

	if (dec == NULL)
		return OTA_E_INVAL;
	for (i = 7; i >= 0; i--) {
		if ((d = bcd >> (4 * i) & 0xF) > 9)
			return OTA_E_INVAL;
		r = r * 10 + d;
	}
	*dec = r;
	return OTA_OK;
}

int
ota_fw_version_to_string(const struct ota_fw_version *v, unsigned flags, char *buf, size_t len)
{
	/* a Matter SoftwareVersionString or semantic version: "M.m.r", the
	 * build number after '+' when there is one */
	if (v == NULL || (buf == NULL && len > 0))
		return OTA_E_INVAL;
	if (v->build == 0 || (flags & OTA_VERSION_SHORT))
		return snprintf(buf, len, "%u.%u.%u", (unsigned)v->major, (unsigned)v->minor,
		    (unsigned)v->revision);
	return ota_fw_version_format(v, buf, len);
}
