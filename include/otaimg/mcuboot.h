/*
 * otaimg/mcuboot.h - MCUboot images: parse, verify, sign (libotaimg(3),
 * MCUBOOT).  Included by <otaimg.h>; do not include it alone.
 *
 * Layout (all little-endian): a 32-byte header (magic 0x96f3b83d), padding
 * to ih_hdr_size, the body (ih_img_size bytes), an optional protected TLV
 * area (info magic 0x6908, its total = ih_protect_tlv_size), then the
 * unprotected TLV area (info magic 0x6907).  The image hash covers header,
 * body and protected area; the signature covers that hash (ECDSA, RSA-PSS)
 * or, for Ed25519 without a SIG_PURE TLV, the digest itself.
 */
#ifndef OTAIMG_MCUBOOT_H
#define OTAIMG_MCUBOOT_H

#ifndef OTAIMG_H
#error "include <otaimg.h>, not <otaimg/mcuboot.h>"
#endif

#define OTA_MCUBOOT_MAGIC 0x96f3b83du
#define OTA_MCUBOOT_MAGIC_V1 0x96f3b83cu
#define OTA_MCUBOOT_HEADER_LEN 32u
#define OTA_MCUBOOT_TLV_INFO_MAGIC 0x6907u
#define OTA_MCUBOOT_TLV_PROT_INFO_MAGIC 0x6908u

/* ih_flags */
#define OTA_MCUBOOT_F_PIC 0x00000001u
#define OTA_MCUBOOT_F_ENCRYPTED_AES128 0x00000004u
#define OTA_MCUBOOT_F_ENCRYPTED_AES256 0x00000008u
#define OTA_MCUBOOT_F_NON_BOOTABLE 0x00000010u
#define OTA_MCUBOOT_F_RAM_LOAD 0x00000020u
#define OTA_MCUBOOT_F_ROM_FIXED 0x00000100u
#define OTA_MCUBOOT_F_COMPRESSED_LZMA1 0x00000200u
#define OTA_MCUBOOT_F_COMPRESSED_LZMA2 0x00000400u
#define OTA_MCUBOOT_F_COMPRESSED_ARM_THUMB 0x00000800u

/* TLV types (bootutil image.h). */
#define OTA_MCUBOOT_TLV_KEYHASH 0x01u
#define OTA_MCUBOOT_TLV_PUBKEY 0x02u
#define OTA_MCUBOOT_TLV_SHA256 0x10u
#define OTA_MCUBOOT_TLV_SHA384 0x11u
#define OTA_MCUBOOT_TLV_SHA512 0x12u
#define OTA_MCUBOOT_TLV_RSA2048_PSS 0x20u
#define OTA_MCUBOOT_TLV_ECDSA_SIG 0x22u
#define OTA_MCUBOOT_TLV_RSA3072_PSS 0x23u
#define OTA_MCUBOOT_TLV_ED25519 0x24u
#define OTA_MCUBOOT_TLV_SIG_PURE 0x25u
#define OTA_MCUBOOT_TLV_DEPENDENCY 0x40u
#define OTA_MCUBOOT_TLV_SEC_CNT 0x50u
#define OTA_MCUBOOT_TLV_BOOT_RECORD 0x60u

/* Largest TLV area (each of the two); both are kept in memory. */
#define OTA_MCUBOOT_TLV_AREA_MAX 65535u
/* Largest digest (SHA-512). */
#define OTA_MCUBOOT_DIGEST_MAX 64u

struct ota_mcuboot;

OTA_API struct ota_mcuboot *ota_mcuboot_new(void);
OTA_API struct ota_mcuboot *ota_mcuboot_new_ctx(const struct ota_ctx *ctx);
OTA_API void ota_mcuboot_free(struct ota_mcuboot **m);
OTA_API const char *ota_mcuboot_errmsg(const struct ota_mcuboot *m);
OTA_API uint64_t ota_mcuboot_erroffset(const struct ota_mcuboot *m);

/* Open and parse header and TLV areas; any size that disagrees with the
 * input is an error naming the field and offset.  A forward-only input
 * (ota_mcuboot_open_cb) is hashed during open, in one pass. */
OTA_API int ota_mcuboot_open_path(struct ota_mcuboot *m, const char *path);
OTA_API int ota_mcuboot_open_memory(struct ota_mcuboot *m, const void *buf, size_t len);
OTA_API int ota_mcuboot_open_cb(struct ota_mcuboot *m, ota_read_fn read, void *ctx);
/* Is this the start of an MCUboot image (magic, either version)? */
OTA_API int ota_mcuboot_sniff(const void *buf, size_t len);

OTA_API uint32_t ota_mcuboot_magic(const struct ota_mcuboot *m);
OTA_API uint32_t ota_mcuboot_load_addr(const struct ota_mcuboot *m);
OTA_API uint16_t ota_mcuboot_header_size(const struct ota_mcuboot *m);
OTA_API uint16_t ota_mcuboot_protect_tlv_size(const struct ota_mcuboot *m);
OTA_API uint32_t ota_mcuboot_image_size(const struct ota_mcuboot *m);
OTA_API uint32_t ota_mcuboot_flags(const struct ota_mcuboot *m);
OTA_API int ota_mcuboot_version(const struct ota_mcuboot *m, struct ota_fw_version *v);
/* Header + body + TLV areas: what a Mesh metadata fw_size must equal. */
OTA_API uint64_t ota_mcuboot_signed_size(const struct ota_mcuboot *m);
OTA_API uint64_t ota_mcuboot_file_size(const struct ota_mcuboot *m);
/* Bytes after the TLV area (file_size - signed_size): OTA_OK with where
 * they start, how many, and *boot_magic 1 when they are slot padding (0xff
 * fill ending in the MCUboot boot magic, imgtool --pad), 0 otherwise;
 * OTA_E_NOT_FOUND when the file ends with the TLV area. */
OTA_API int ota_mcuboot_trailer(const struct ota_mcuboot *m, uint64_t *offset, uint64_t *len,
    int *boot_magic);

/* TLVs in file order, protected first. */
OTA_API size_t ota_mcuboot_tlv_count(const struct ota_mcuboot *m);
OTA_API int ota_mcuboot_tlv_get(const struct ota_mcuboot *m, size_t i, uint16_t *type,
    int *is_protected, uint64_t *offset, uint16_t *len);
OTA_API int ota_mcuboot_tlv_value(const struct ota_mcuboot *m, size_t i, const uint8_t **value,
    uint16_t *len);
OTA_API const char *ota_mcuboot_tlv_name(uint16_t type);

/* Check the hash TLV (an encrypted image: OTA_E_UNSUPPORTED, its hash
 * covers the plain text), then (key not NULL) that the key-hash or public-key
 * TLV names key and the signature verifies.  key NULL: the signature is
 * OTA_SIG_NOT_CHECKED and OTA_E_SIG_UNCHECKED is returned unless
 * OTA_VERIFY_ALLOW_UNCHECKED.  The key types: P-256, P-384, Ed25519,
 * RSA-2048 and RSA-3072 (PSS).  A key the image does not name:
 * OTA_E_WRONG_KEY; a hash that differs: OTA_E_DIGEST; a signature that
 * fails: OTA_E_BAD_SIGNATURE. */
OTA_API int ota_mcuboot_verify(struct ota_mcuboot *m, const struct ota_key *key, unsigned flags);
/* After open (which hashes header, body and protected area in its one
 * pass): the digest computed with the hash TLV's algorithm (*len in: the
 * room, out: the length), and whether it equals the hash TLV. */
OTA_API int ota_mcuboot_digest(const struct ota_mcuboot *m, uint8_t *buf, size_t *len);
OTA_API int ota_mcuboot_hash_ok(const struct ota_mcuboot *m);
/* The hash TLV's algorithm: 256, 384, 512, or 0 when there is none. */
OTA_API unsigned ota_mcuboot_hash_bits(const struct ota_mcuboot *m);
/* The signature TLV's key type (enum ota_key_type: ECDSA_SIG gives
 * OTA_KEY_P256 or OTA_KEY_P384 by the hash size), 0 when unsigned. */
OTA_API int ota_mcuboot_sig_type(const struct ota_mcuboot *m);
OTA_API enum ota_sig_result ota_mcuboot_sig_result(const struct ota_mcuboot *m);
OTA_API int ota_mcuboot_set_progress(struct ota_mcuboot *m, ota_progress_fn fn, void *arg);

/* Diagnostics (same codes and rules as an image's). */
OTA_API size_t ota_mcuboot_diag_count(const struct ota_mcuboot *m);
OTA_API int ota_mcuboot_diag_get(const struct ota_mcuboot *m, size_t i, int *code,
    uint64_t *offset, const char **message);

/* ---- Signing a raw binary into an MCUboot image (as imgtool sign) ---- */

struct ota_mcuboot_signer;

#define OTA_MCUBOOT_HASH_AUTO 0u    /* SHA-384 for P-384, else SHA-256 */
#define OTA_MCUBOOT_HASH_SHA256 256u
#define OTA_MCUBOOT_HASH_SHA384 384u
#define OTA_MCUBOOT_HASH_SHA512 512u

OTA_API struct ota_mcuboot_signer *ota_mcuboot_signer_new(void);
OTA_API struct ota_mcuboot_signer *ota_mcuboot_signer_new_ctx(const struct ota_ctx *ctx);
OTA_API void ota_mcuboot_signer_free(struct ota_mcuboot_signer **s);
OTA_API const char *ota_mcuboot_signer_errmsg(const struct ota_mcuboot_signer *s);
OTA_API int ota_mcuboot_signer_set_version(struct ota_mcuboot_signer *s,
    const struct ota_fw_version *v);
/* imgtool -H: the header size; pad_header: the input has no room for the
 * header, insert it (imgtool --pad-header), else the first hdr_size bytes
 * of the input must be zero and are replaced. */
OTA_API int ota_mcuboot_signer_set_header_size(struct ota_mcuboot_signer *s, uint16_t hdr_size,
    int pad_header);
OTA_API int ota_mcuboot_signer_set_align(struct ota_mcuboot_signer *s, unsigned align);
/* slot_size 0: no limit; pad: fill to the slot with 0xff and the boot
 * magic trailer (imgtool --pad). */
OTA_API int ota_mcuboot_signer_set_slot(struct ota_mcuboot_signer *s, uint32_t slot_size,
    int pad);
OTA_API int ota_mcuboot_signer_set_load_addr(struct ota_mcuboot_signer *s, uint32_t addr);
/* Header flags (OTA_MCUBOOT_F_*; the encrypted and compressed flags are
 * refused: the signer does neither). */
OTA_API int ota_mcuboot_signer_set_flags(struct ota_mcuboot_signer *s, uint32_t flags);
OTA_API int ota_mcuboot_signer_set_security_counter(struct ota_mcuboot_signer *s, uint32_t v);
OTA_API int ota_mcuboot_signer_set_hash(struct ota_mcuboot_signer *s, unsigned bits);
/* key NULL: an unsigned image with a hash TLV.  full_pubkey: a PUBKEY TLV
 * instead of KEYHASH. */
OTA_API int ota_mcuboot_signer_set_key(struct ota_mcuboot_signer *s, const struct ota_key *key,
    int full_pubkey);
/* A custom TLV (type 0x00a0..0xfffe, not one of the types above); imgtool
 * --custom-tlv puts them in the protected area. */
OTA_API int ota_mcuboot_signer_add_tlv(struct ota_mcuboot_signer *s, uint16_t type,
    int is_protected, const void *value, size_t len);
OTA_API int ota_mcuboot_signer_set_progress(struct ota_mcuboot_signer *s, ota_progress_fn fn,
    void *arg);
/* Sign the raw binary in_path; atomic output (libotaimg(3), OUTPUT FILES). */
OTA_API int ota_mcuboot_sign_path(struct ota_mcuboot_signer *s, const char *in_path,
    const char *out_path);
OTA_API int ota_mcuboot_sign(struct ota_mcuboot_signer *s, const char *in_path,
    ota_write_fn fn, void *ctx);
/* After a sign: the image digest the signature covers (as
 * ota_mcuboot_digest). */
OTA_API int ota_mcuboot_signer_digest(const struct ota_mcuboot_signer *s, uint8_t *buf,
    size_t *len);

#endif /* OTAIMG_MCUBOOT_H */
