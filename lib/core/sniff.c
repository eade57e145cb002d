/* sniff.c - recognise what a payload is from its first bytes. */
#include "config.h"

#include <string.h>

#include "ota_private.h"

static uint32_t
le32(const uint8_t *p)
{
	return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) |
	    ((uint32_t)p[3] << 24);
}

enum ota_payload_kind
ota__sniff(const uint8_t *p, size_t n, uint32_t *where)
{
	size_t i;

	*where = 0;
	if (n >= 4 && le32(p) == 0x03A617EBu)   /* GBL header tag */
		return OTA_PAYLOAD_GBL;
	if (n >= 4 && p[0] == 0 && p[1] == 0 && p[2] == 0 && p[3] == 0x8C)
		return OTA_PAYLOAD_EBL;          /* EBL header tag 0x0000, length 140 */
	if (n >= 8 && p[0] == 0 && p[1] == 0 && p[6] == 0xE3 && p[7] == 0x50)
		return OTA_PAYLOAD_EBL;
	if (n >= 2 && p[0] == 0xFB && p[1] == 0x05)
		return OTA_PAYLOAD_EBL_ENCRYPTED; /* EBL encryption header tag */
	if (n >= 4 && le32(p) == 0x96F3B83Du)
		return OTA_PAYLOAD_MCUBOOT;
	if (n >= 4 && le32(p) == OTA_MATTER_FILE_ID) /* not Zigbee's 0x0BEEF11E */
		return OTA_PAYLOAD_MATTER;
	if (n >= 36 && p[0] == 0xE9 && le32(p + 32) == 0xABCD5432u)
		return OTA_PAYLOAD_ESP_APP;      /* image header + esp_app_desc_t */
	if (n >= 12 && memcmp(p + 8, "KNLT", 4) == 0)
		return OTA_PAYLOAD_TELINK;
	for (i = 0; i + 4 <= n; i++) {
		if (le32(p + i) == OTA_FILE_ID) {
			*where = (uint32_t)i;
			return OTA_PAYLOAD_NESTED_OTA;
		}
	}
	return OTA_PAYLOAD_UNKNOWN;
}

const char *
ota_payload_kind_name(enum ota_payload_kind kind)
{
	switch (kind) {
	case OTA_PAYLOAD_GBL:
		return "gbl";
	case OTA_PAYLOAD_EBL:
		return "ebl";
	case OTA_PAYLOAD_EBL_ENCRYPTED:
		return "ebl-encrypted";
	case OTA_PAYLOAD_TELINK:
		return "telink";
	case OTA_PAYLOAD_NESTED_OTA:
		return "nested-ota";
	case OTA_PAYLOAD_MCUBOOT:
		return "mcuboot";
	case OTA_PAYLOAD_ESP_APP:
		return "esp-app";
	case OTA_PAYLOAD_MATTER:
		return "matter";
	case OTA_PAYLOAD_UNKNOWN:
		break;
	}
	return "unknown";
}

const char *
ota_trailer_kind_name(enum ota_trailer_kind kind)
{
	switch (kind) {
	case OTA_TRAILER_NONE:
		return "none";
	case OTA_TRAILER_CONTAINER:
		return "container";
	case OTA_TRAILER_CRC32_CANDIDATE:
		return "crc32-candidate";
	case OTA_TRAILER_CRC32:
		return "crc32";
	case OTA_TRAILER_FF_PADDING:
		return "ff-padding";
	case OTA_TRAILER_OTHER:
		break;
	}
	return "other";
}

const char *
ota_tag_name(uint16_t tag)
{
	switch (tag) {
	case OTA_TAG_UPGRADE_IMAGE:
		return "upgrade-image";
	case OTA_TAG_SIGNATURE_SUITE1:
		return "signature-suite1";
	case OTA_TAG_CERTIFICATE_SUITE1:
		return "certificate-suite1";
	case OTA_TAG_INTEGRITY_CODE:
		return "integrity-code";
	case OTA_TAG_PICTURE:
		return "picture";
	case OTA_TAG_SIGNATURE_SUITE2:
		return "signature-suite2";
	case OTA_TAG_CERTIFICATE_SUITE2:
		return "certificate-suite2";
	default:
		break;
	}
	return tag >= 0xF000 ? "manufacturer" : "reserved";
}
