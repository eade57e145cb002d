/* fwid.c - the Bluetooth Mesh DFU Firmware ID: company ID (le16) and 0..106
 * bytes of vendor version information (otaimg(5), BLUETOOTH MESH DFU). */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "ota_private.h"

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* n hex digits (n even) of s into out, which holds n / 2 bytes. */
static int
unhex(const char *s, size_t n, uint8_t *out)
{
	size_t i;
	int hi, lo;

	for (i = 0; i < n; i += 2) {
		if ((hi = hexval(s[i])) < 0 || (lo = hexval(s[i + 1])) < 0)
			return OTA_E_INVAL;
		out[i / 2] = (uint8_t)(hi * 16 + lo);
	}
	return OTA_OK;
}

/* Are the first n characters of s hex digits? */
static int
all_hex(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (hexval(s[i]) < 0)
			return 0;
	return 1;
}

int
ota_fwid_check(size_t len, unsigned *warn)
{
	unsigned w = 0;

	if (len < OTA_FWID_MIN || len > OTA_FWID_MAX)
		return OTA_E_RANGE;
	if (len > OTA_FWID_ZEPHYR_DEFAULT)
		w |= OTA_FWID_WARN_ZEPHYR_DEFAULT;
	if (len > OTA_FWID_ZEPHYR_MAX)
		w |= OTA_FWID_WARN_ZEPHYR_MAX;
	if (warn != NULL)
		*warn = w;
	return OTA_OK;
}

/* Room for n bytes at fwid (*len on input), and n within the limits. */
static int
room(size_t n, uint8_t *fwid, size_t *len)
{
	if (n < OTA_FWID_MIN || n > OTA_FWID_MAX)
		return OTA_E_RANGE;
	if (fwid == NULL || *len < n) {
		*len = n;
		return OTA_E_INVAL;
	}
	return OTA_OK;
}

/* "COMPANY+VERSION": the company decimal or 0x-hex. */
static int
parse_company_version(const char *text, const char *plus, uint8_t *fwid, size_t *len)
{
	struct ota_fw_version v;
	const char *p = text;
	uint32_t company = 0;
	int r, hex = 0, d;

	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
		hex = 1;
		p += 2;
	}
	if (p == plus)
		return OTA_E_INVAL;
	for (; p < plus; p++) {
		d = hex ? hexval(*p) : (*p >= '0' && *p <= '9' ? *p - '0' : -1);
		if (d < 0)
			return OTA_E_INVAL;
		company = company * (hex ? 16u : 10u) + (uint32_t)d;
		if (company > 0xFFFFu)
			return OTA_E_RANGE;
	}
	if ((r = ota_fw_version_parse(plus + 1, &v)) != OTA_OK)
		return r;
	if ((r = room(10, fwid, len)) != OTA_OK)
		return r;
	*len = 10;
	return ota_fwid_from_version((uint16_t)company, &v, fwid);
}

int
ota_fwid_parse(const char *text, uint8_t *fwid, size_t *len)
{
	const char *colon, *plus;
	size_t n, nv;
	int r;

	if (text == NULL || len == NULL)
		return OTA_E_INVAL;
	n = strlen(text);
	if ((plus = strchr(text, '+')) != NULL)
		return parse_company_version(text, plus, fwid, len);
	if ((colon = strchr(text, ':')) != NULL) {
		/* "cccc:vvvv...": the company as a number, then wire bytes */
		nv = n - (size_t)(colon - text) - 1;
		if (colon - text != 4 || !all_hex(text, 4) || nv % 2 != 0 ||
		    !all_hex(colon + 1, nv))
			return OTA_E_INVAL;
		if ((r = room(2 + nv / 2, fwid, len)) != OTA_OK)
			return r;
		fwid[0] = (uint8_t)(hexval(text[2]) * 16 + hexval(text[3]));
		fwid[1] = (uint8_t)(hexval(text[0]) * 16 + hexval(text[1]));
		if ((r = unhex(colon + 1, nv, fwid + 2)) != OTA_OK)
			return r;
		*len = 2 + nv / 2;
		return OTA_OK;
	}
	if (n % 2 != 0 || !all_hex(text, n))
		return OTA_E_INVAL;
	if ((r = room(n / 2, fwid, len)) != OTA_OK)
		return r;
	if ((r = unhex(text, n, fwid)) != OTA_OK)
		return r;
	*len = n / 2;
	return OTA_OK;
}

int
ota_fwid_format(const uint8_t *fwid, size_t len, char *buf, size_t buflen)
{
	static const char digits[] = "0123456789abcdef";
	char text[OTA_FWID_TEXT_MAX];
	size_t i, n;

	if (fwid == NULL || (buf == NULL && buflen > 0))
		return OTA_E_INVAL;
	if (len < OTA_FWID_MIN || len > OTA_FWID_MAX)
		return OTA_E_RANGE;
	(void)snprintf(text, sizeof(text), "%02x%02x:", fwid[1], fwid[0]);
	n = 5;
	for (i = 2; i < len; i++) {
		text[n++] = digits[fwid[i] >> 4];
		text[n++] = digits[fwid[i] & 0xF];
	}
	text[n] = '\0';
	if (buflen > 0) {
		i = n < buflen ? n : buflen - 1;
		memcpy(buf, text, i);
		buf[i] = '\0';
	}
	return (int)n;
}

int
ota_fwid_from_version(uint16_t company, const struct ota_fw_version *v, uint8_t fwid[10])
{
	if (v == NULL || fwid == NULL)
		return OTA_E_INVAL;
	ota__put_u16le(fwid, company);
	ota_fw_version_encode(v, fwid + 2);
	return OTA_OK;
}

int
ota_fwid_company(const uint8_t *fwid, size_t len, uint16_t *company)
{
	if (fwid == NULL || company == NULL)
		return OTA_E_INVAL;
	if (len < OTA_FWID_MIN || len > OTA_FWID_MAX)
		return OTA_E_RANGE;
	*company = (uint16_t)(fwid[0] | (fwid[1] << 8));
	return OTA_OK;
}

int
ota_fwid_version(const uint8_t *fwid, size_t len, struct ota_fw_version *v)
{
	if (fwid == NULL || v == NULL)
		return OTA_E_INVAL;
	if (len < OTA_FWID_MIN || len > OTA_FWID_MAX)
		return OTA_E_RANGE;
	if (len != 10)
		return OTA_E_NOT_FOUND;
	ota_fw_version_decode(fwid + 2, v);
	return OTA_OK;
}
