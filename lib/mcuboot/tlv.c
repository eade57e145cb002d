/* tlv.c - MCUboot images: the getters of an open handle (header fields,
 * sizes, trailer, TLVs and their names, digest, diagnostics). */
#include "config.h"

#include <string.h>

#include "mcuboot/mcuboot_private.h"

uint32_t
ota_mcuboot_magic(const struct ota_mcuboot *m)
{
	return ota__mcu_isopen(m) ? m->hmagic : 0;
}

uint32_t
ota_mcuboot_load_addr(const struct ota_mcuboot *m)
{
	return ota__mcu_isopen(m) ? m->load : 0;
}

uint16_t
ota_mcuboot_header_size(const struct ota_mcuboot *m)
{
	return ota__mcu_isopen(m) ? m->hdr_size : 0;
}

uint16_t
ota_mcuboot_protect_tlv_size(const struct ota_mcuboot *m)
{
	return ota__mcu_isopen(m) ? m->prot_size : 0;
}

uint32_t
ota_mcuboot_image_size(const struct ota_mcuboot *m)
{
	return ota__mcu_isopen(m) ? m->img_size : 0;
}

uint32_t
ota_mcuboot_flags(const struct ota_mcuboot *m)
{
	return ota__mcu_isopen(m) ? m->flags : 0;
}

int
ota_mcuboot_version(const struct ota_mcuboot *m, struct ota_fw_version *v)
{
	if (!ota__mcu_isopen(m) || v == NULL)
		return ota__mcu_ok(m) && v != NULL ? OTA_E_STATE : OTA_E_INVAL;
	*v = m->ver;
	return OTA_OK;
}

uint64_t
ota_mcuboot_signed_size(const struct ota_mcuboot *m)
{
	return ota__mcu_isopen(m) ? m->signed_size : 0;
}

uint64_t
ota_mcuboot_file_size(const struct ota_mcuboot *m)
{
	return ota__mcu_isopen(m) ? m->file_size : 0;
}

int
ota_mcuboot_trailer(const struct ota_mcuboot *m, uint64_t *offset, uint64_t *len, int *bm)
{
	if (!ota__mcu_isopen(m))
		return ota__mcu_ok(m) ? OTA_E_STATE : OTA_E_INVAL;
	if (m->trail_len == 0)
		return OTA_E_NOT_FOUND;
	if (offset != NULL)
		*offset = m->signed_size;
	if (len != NULL)
		*len = m->trail_len;
	if (bm != NULL)
		*bm = m->trail_magic;
	return OTA_OK;
}

size_t
ota_mcuboot_tlv_count(const struct ota_mcuboot *m)
{
	return ota__mcu_isopen(m) ? m->ntlv : 0;
}

int
ota_mcuboot_tlv_get(const struct ota_mcuboot *m, size_t i, uint16_t *type, int *is_protected,
    uint64_t *offset, uint16_t *len)
{
	if (!ota__mcu_isopen(m))
		return ota__mcu_ok(m) ? OTA_E_STATE : OTA_E_INVAL;
	if (i >= m->ntlv)
		return OTA_E_RANGE;
	if (type != NULL)
		*type = m->tlv[i].type;
	if (is_protected != NULL)
		*is_protected = m->tlv[i].prot;
	if (offset != NULL)
		*offset = m->tlv[i].off;
	if (len != NULL)
		*len = m->tlv[i].len;
	return OTA_OK;
}

int
ota_mcuboot_tlv_value(const struct ota_mcuboot *m, size_t i, const uint8_t **value,
    uint16_t *len)
{
	if (!ota__mcu_isopen(m) || value == NULL)
		return ota__mcu_ok(m) && value != NULL ? OTA_E_STATE : OTA_E_INVAL;
	if (i >= m->ntlv)
		return OTA_E_RANGE;
	*value = (m->tlv[i].prot ? m->prot : m->unprot) + m->tlv[i].voff;
	if (len != NULL)
		*len = m->tlv[i].len;
	return OTA_OK;
}

const char *
ota_mcuboot_tlv_name(uint16_t t)
{
	switch (t) {
	case 0x01: return "KEYHASH";
	case 0x02: return "PUBKEY";
	case 0x10: return "SHA256";
	case 0x11: return "SHA384";
	case 0x12: return "SHA512";
	case 0x20: return "RSA2048_PSS";
	case 0x21: return "ECDSA224";
	case 0x22: return "ECDSA_SIG";
	case 0x23: return "RSA3072_PSS";
	case 0x24: return "ED25519";
	case 0x25: return "SIG_PURE";
	case 0x30: return "ENC_RSA2048";
	case 0x31: return "ENC_KW";
	case 0x32: return "ENC_EC256";
	case 0x33: return "ENC_X25519";
	case 0x34: return "ENC_X25519_SHA512";
	case 0x40: return "DEPENDENCY";
	case 0x50: return "SEC_CNT";
	case 0x60: return "BOOT_RECORD";
	case 0x70: return "DECOMP_SIZE";
	case 0x71: return "DECOMP_SHA";
	case 0x72: return "DECOMP_SIGNATURE";
	case 0x73: return "COMP_DEC_SIZE";
	case 0x74: return "UUID_VID";
	case 0x75: return "UUID_CID";
	default:
		return (t & 0xffu) >= 0xa0u && t != 0xffffu ? "vendor" : "unknown";
	}
}

int
ota_mcuboot_digest(const struct ota_mcuboot *m, uint8_t *buf, size_t *len)
{
	int i;

	if (!ota__mcu_ok(m) || buf == NULL || len == NULL)
		return OTA_E_INVAL;
	if (m->state != 1)
		return OTA_E_STATE;
	if ((i = ota__mcu_hidx(m->hash_bits)) < 0 || !m->have_digest[i])
		return OTA_E_NOT_FOUND;
	if (*len < m->hash_bits / 8)
		return OTA_E_RANGE;
	memcpy(buf, m->digest[i], m->hash_bits / 8);
	*len = m->hash_bits / 8;
	return OTA_OK;
}

int
ota_mcuboot_hash_ok(const struct ota_mcuboot *m)
{
	return ota__mcu_isopen(m) && m->hash_ok;
}

unsigned
ota_mcuboot_hash_bits(const struct ota_mcuboot *m)
{
	return ota__mcu_isopen(m) ? m->hash_bits : 0;
}

enum ota_sig_result
ota_mcuboot_sig_result(const struct ota_mcuboot *m)
{
	return ota__mcu_isopen(m) ? m->sig : OTA_SIG_ABSENT;
}

size_t
ota_mcuboot_diag_count(const struct ota_mcuboot *m)
{
	return ota__mcu_ok(m) ? m->diags.n : 0;
}

int
ota_mcuboot_diag_get(const struct ota_mcuboot *m, size_t i, int *code, uint64_t *offset,
    const char **message)
{
	const struct ota_diagrec *d;

	if (!ota__mcu_ok(m))
		return OTA_E_INVAL;
	if ((d = ota__diag_at(&m->diags, i)) == NULL)
		return OTA_E_RANGE;
	if (code != NULL)
		*code = d->code;
	if (offset != NULL)
		*offset = d->offset;
	if (message != NULL)
		*message = d->msg;
	return OTA_OK;
}
