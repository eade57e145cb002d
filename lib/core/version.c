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
