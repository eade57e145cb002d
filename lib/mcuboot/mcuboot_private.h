/* mcuboot_private.h - the MCUboot handle, shared by the lib/mcuboot sources. */
#ifndef OTA_MCUBOOT_PRIVATE_H
#define OTA_MCUBOOT_PRIVATE_H

#include "ota_private.h"

#define OTA_MCUBOOT_HANDLE_MAGIC 0x4f544d42u /* "OTMB" */
#define OTA_MCUBOOT_SIGNER_MAGIC 0x4f544d53u /* "OTMS" */
/* Each of SHA-256, SHA-384, SHA-512 (a forward-only open runs all three). */
#define MCU_NHASH 3u

struct mcu_tlv {
	uint16_t type, len;
	int prot;
	uint64_t off;     /* file offset of the TLV header */
	size_t voff;      /* the value's offset inside its area buffer */
};

struct ota_mcuboot {
	uint32_t magic;
	int state;              /* 0 new, 1 open, 2 failed */
	struct ota_env env;
	uint32_t hmagic, load, img_size, flags;
	uint16_t hdr_size, prot_size;
	struct ota_fw_version ver;
	uint8_t *prot, *unprot; /* the areas, info header included */
	size_t prot_len, unprot_len;
	struct mcu_tlv *tlv;
	size_t ntlv;
	uint64_t file_size, signed_size;
	uint64_t trail_len;
	int trail_magic;
	int hash_idx, keyhash_idx, pubkey_idx, sig_idx, pure;
	unsigned hash_bits;
	uint8_t digest[MCU_NHASH][OTA_MCUBOOT_DIGEST_MAX];
	int have_digest[MCU_NHASH];
	int hash_ok;
	enum ota_sig_result sig;
	struct ota_diaglist diags;
	struct ota_prog prog;
	char errmsg[OTA_MSG_LEN];
	uint64_t erroff;
};

/* The boot magic that ends a padded slot (image.c), and imgtool's form for
 * a write size above 8: the size as le16, then these 14 bytes. */
extern const uint8_t ota__mcu_boot_magic[16];
extern const uint8_t ota__mcu_boot_magic_alt[14];

static inline int
ota__mcu_ok(const struct ota_mcuboot *m)
{
	return m != NULL && m->magic == OTA_MCUBOOT_HANDLE_MAGIC;
}

static inline int
ota__mcu_isopen(const struct ota_mcuboot *m)
{
	return ota__mcu_ok(m) && m->state == 1;
}

int ota__mcu_seterr(struct ota_mcuboot *m, int err, uint64_t off, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* Index 0..2 of SHA-256/384/512 for 256/384/512, else -1. */
int ota__mcu_hidx(unsigned bits);
const char *ota__mcu_mdname(unsigned bits);
/* The bytes a key hash covers (SubjectPublicKeyInfo, or PKCS#1 for RSA),
 * malloc'd through env. */
int ota__mcu_pubbytes(const struct ota_env *env, const struct ota_key *key, uint8_t **out,
    size_t *len);
int ota__mcu_digest(const struct ota_env *env, unsigned bits, const void *p, size_t n,
    uint8_t *out);
/* The signature TLV type for a key (0: the key cannot sign MCUboot images). */
uint16_t ota__mcu_sig_tlv(int key_type);
/* The signature over an image digest (verify.c): *valid 1 or 0. */
int ota__mcu_sig_verify(const struct ota_env *env, const struct ota_key *key, uint16_t tlv,
    const uint8_t *dig, size_t dlen, const uint8_t *sig, size_t slen, int *valid);

#endif
