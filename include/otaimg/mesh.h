/*
 * otaimg/mesh.h - Bluetooth Mesh DFU objects: Firmware ID, Zephyr-format
 * firmware metadata, Composition Data page 0 and its hash (libotaimg-mesh(3);
 * the formats: otaimg(5), BLUETOOTH MESH DFU).  Included by <otaimg.h>; do
 * not include it alone.
 */
#ifndef OTAIMG_MESH_H
#define OTAIMG_MESH_H

#ifndef OTAIMG_H
#error "include <otaimg.h>, not <otaimg/mesh.h>"
#endif

/* Where a call takes "*len: in, room; out, length", a buffer shorter than the
 * result gives OTA_E_INVAL with *len set to the length needed. */

/* ---- Firmware ID: company ID (le16) + 0..106 bytes of version ---- */
#define OTA_FWID_MIN 2u
#define OTA_FWID_MAX 108u
#define OTA_FWID_ZEPHYR_DEFAULT 16u /* CONFIG_BT_MESH_DFU_FWID_MAXLEN default */
#define OTA_FWID_ZEPHYR_MAX 106u    /* its Kconfig maximum */
/* ota_fwid_check warnings */
#define OTA_FWID_WARN_ZEPHYR_DEFAULT 0x1u
#define OTA_FWID_WARN_ZEPHYR_MAX 0x2u
/* The longest ota_fwid_format text: "cccc:" + 2 digits a byte + NUL. */
#define OTA_FWID_TEXT_MAX (5u + 2u * (OTA_FWID_MAX - 2u) + 1u)

/* Parse a FWID: "0059:02000100d2040000" (company as 4 hex digits, then the
 * version part in hex, possibly empty), plain hex of the whole FWID in wire
 * order ("590002000100d2040000"), or company + MCUboot version
 * ("0x0059+2.0.1+1234", the company decimal or 0x-hex).  *len: in, room;
 * out, length.  Outside 2..108 bytes: OTA_E_RANGE; not one of the forms:
 * OTA_E_INVAL. */
OTA_API int ota_fwid_parse(const char *text, uint8_t *fwid, size_t *len);
/* "0059:02000100d2040000"; snprintf-like (returns the length needed, or a
 * negative error: OTA_E_RANGE outside 2..108 bytes). */
OTA_API int ota_fwid_format(const uint8_t *fwid, size_t len, char *buf, size_t buflen);
/* Company + the 8 bytes of an MCUboot version (the nRF Connect SDK form). */
OTA_API int ota_fwid_from_version(uint16_t company, const struct ota_fw_version *v,
    uint8_t fwid[10]);
/* The company ID; the version when the version part is the 8-byte MCUboot
 * form (else OTA_E_NOT_FOUND, *v untouched). */
OTA_API int ota_fwid_company(const uint8_t *fwid, size_t len, uint16_t *company);
OTA_API int ota_fwid_version(const uint8_t *fwid, size_t len, struct ota_fw_version *v);
/* OTA_E_RANGE outside 2..108; else OTA_OK with *warn the OTA_FWID_WARN_*
 * bits of the Zephyr limits it passes. */
OTA_API int ota_fwid_check(size_t len, unsigned *warn);

/* ---- Zephyr-format firmware metadata (bt_mesh_dfu_metadata) ---- */
#define OTA_MESH_MD_MIN 12u
#define OTA_MESH_MD_MAX 255u
#define OTA_MESH_MD_ZEPHYR_DEFAULT 32u /* CONFIG_BT_MESH_DFU_METADATA_MAXLEN */
#define OTA_MESH_FW_SIZE_MAX 0xFFFFFFu /* fw_size is 24 bits */
#define OTA_MESH_CORE_APP 0x01u
#define OTA_MESH_CORE_NETWORK 0x02u
#define OTA_MESH_CORE_APP_BLOB 0x04u

/* How a metadata carries the composition hash and element count. */
enum ota_mesh_md_form {
	OTA_MESH_MD_NO_COMP = 0,   /* application bit clear, under 6 bytes after byte 12 */
	OTA_MESH_MD_COMP = 1,      /* application bit set: hash and elements at 12 */
	OTA_MESH_MD_APPENDED = 2   /* bit clear but 6 or more bytes follow: Zephyr's
				    * encoder appends hash and elements always; they
				    * are user data to a Zephyr decoder (and here) */
};

struct ota_mesh_md;
OTA_API struct ota_mesh_md *ota_mesh_md_new(void);
/* The allocator and log of ctx (NULL: the defaults). */
OTA_API struct ota_mesh_md *ota_mesh_md_new_ctx(const struct ota_ctx *ctx);
OTA_API void ota_mesh_md_free(struct ota_mesh_md **md);
OTA_API const char *ota_mesh_md_errmsg(const struct ota_mesh_md *md);
OTA_API int ota_mesh_md_set_version(struct ota_mesh_md *md, const struct ota_fw_version *v);
/* fw_size > OTA_MESH_FW_SIZE_MAX: OTA_E_RANGE, never truncated. */
OTA_API int ota_mesh_md_set_fw_size(struct ota_mesh_md *md, uint64_t size);
OTA_API int ota_mesh_md_set_core_type(struct ota_mesh_md *md, uint8_t core_type);
/* Written only when the core type has OTA_MESH_CORE_APP (then required). */
OTA_API int ota_mesh_md_set_comp(struct ota_mesh_md *md, uint32_t comp_hash, uint16_t elems);
/* Copied; over 243 bytes (what 255 leaves after 12): OTA_E_LIMIT. */
OTA_API int ota_mesh_md_set_user_data(struct ota_mesh_md *md, const void *buf, size_t len);
/* *len: in, room; out, length.  Over 255 bytes: OTA_E_LIMIT; the
 * application bit without ota_mesh_md_set_comp: OTA_E_STATE. */
OTA_API int ota_mesh_md_encode(const struct ota_mesh_md *md, uint8_t *buf, size_t *len);
/* Under 12 bytes, or the application bit with under 6 more: OTA_E_TRUNCATED;
 * over 255: OTA_E_LIMIT.  Replaces everything the handle held. */
OTA_API int ota_mesh_md_decode(struct ota_mesh_md *md, const uint8_t *buf, size_t len);
OTA_API int ota_mesh_md_version(const struct ota_mesh_md *md, struct ota_fw_version *v);
OTA_API uint32_t ota_mesh_md_fw_size(const struct ota_mesh_md *md);
OTA_API uint8_t ota_mesh_md_core_type(const struct ota_mesh_md *md);
/* OTA_E_NOT_FOUND without the application bit. */
OTA_API int ota_mesh_md_comp(const struct ota_mesh_md *md, uint32_t *comp_hash, uint16_t *elems);
OTA_API int ota_mesh_md_user_data(const struct ota_mesh_md *md, const uint8_t **buf, size_t *len);
/* The form ota_mesh_md_encode writes (after a decode: the form decoded). */
OTA_API enum ota_mesh_md_form ota_mesh_md_form(const struct ota_mesh_md *md);
OTA_API const char *ota_mesh_md_form_name(enum ota_mesh_md_form form);

/* ---- Composition Data page 0 and its hash ---- */

/* Page 0 (without the page byte) is at most what one Composition Data
 * Status carries: a 380-byte access payload (32 segments) less the opcode
 * and the page byte. */
#define OTA_MESH_COMP_MAX 378u
#define OTA_MESH_COMP_HEADER 10u
/* The most elements and models that fit in OTA_MESH_COMP_MAX. */
#define OTA_MESH_COMP_MAX_ELEMENTS 92u
#define OTA_MESH_COMP_MAX_MODELS 182u
/* ota_mesh_comp_from_json reads at most this much text. */
#define OTA_MESH_COMP_JSON_MAX 1048576u

/* How vendor models are written into page 0 for the hash. */
enum ota_mesh_vendor_order {
	OTA_MESH_VENDOR_DEVICE = 0,    /* company ID, then model ID (what a node sends) */
	OTA_MESH_VENDOR_MODEL_FIRST = 1 /* model ID, then company ID (nRF Connect SDK's
					 * mesh_dfu_metadata.py) */
};
OTA_API const char *ota_mesh_vendor_order_name(enum ota_mesh_vendor_order order);

/* ota_mesh_comp_from_page0 input forms: the OR of those to accept (0: all). */
#define OTA_MESH_COMP_RAW 0x1u        /* page 0 without the page number byte */
#define OTA_MESH_COMP_PAGE_BYTE 0x2u  /* page number 0x00 first */
#define OTA_MESH_COMP_STATUS 0x4u     /* a Composition Data Status message: opcode 0x02, page, data */
#define OTA_MESH_COMP_AUTO 0x0u       /* recognise which of the three */
#define OTA_MESH_COMP_JSON 0x8u       /* ota_mesh_comp_form: read from JSON */

struct ota_mesh_comp;
OTA_API struct ota_mesh_comp *ota_mesh_comp_new(void);
/* The libctx and property query (for the hash), allocator and log of ctx. */
OTA_API struct ota_mesh_comp *ota_mesh_comp_new_ctx(const struct ota_ctx *ctx);
OTA_API void ota_mesh_comp_free(struct ota_mesh_comp **c);
OTA_API const char *ota_mesh_comp_errmsg(const struct ota_mesh_comp *c);
/* The composition_data object of ble_mesh_metadata.json (text), or an
 * object holding one under "composition_data". */
OTA_API int ota_mesh_comp_from_json(struct ota_mesh_comp *c, const char *json, size_t len);
/* Page 0 parsed exactly to its end.  More than one accepted form parses:
 * OTA_E_AMBIGUOUS; a page other than 0: OTA_E_UNSUPPORTED. */
OTA_API int ota_mesh_comp_from_page0(struct ota_mesh_comp *c, const uint8_t *buf, size_t len,
    unsigned form);
/* The input form last read (OTA_MESH_COMP_RAW, _PAGE_BYTE, _STATUS, _JSON; 0: none). */
OTA_API unsigned ota_mesh_comp_form(const struct ota_mesh_comp *c);
/* Page 0 bytes without the page byte; *len: in, room; out, length. */
OTA_API int ota_mesh_comp_page0(const struct ota_mesh_comp *c, enum ota_mesh_vendor_order order,
    uint8_t *buf, size_t *len);
/* First 4 bytes of AES-CMAC (all-zero key) over page 0, little-endian. */
OTA_API int ota_mesh_comp_hash(const struct ota_mesh_comp *c, enum ota_mesh_vendor_order order,
    uint32_t *hash);
/* The same over given bytes, with OpenSSL's default library context. */
OTA_API int ota_mesh_comp_hash_bytes(const uint8_t *page0, size_t len, uint32_t *hash);
/* The same object as ota_mesh_comp_from_json reads, to fn. */
OTA_API int ota_mesh_comp_write_json(const struct ota_mesh_comp *c, ota_write_fn fn, void *ctx);
OTA_API int ota_mesh_comp_header(const struct ota_mesh_comp *c, uint16_t *cid, uint16_t *pid,
    uint16_t *vid, uint16_t *crpl, uint16_t *features);
OTA_API size_t ota_mesh_comp_element_count(const struct ota_mesh_comp *c);
OTA_API int ota_mesh_comp_element(const struct ota_mesh_comp *c, size_t i, uint16_t *location,
    size_t *sig_models, size_t *vendor_models);
/* SIG model ID, or vendor model as (company << 16) | model. */
OTA_API int ota_mesh_comp_model(const struct ota_mesh_comp *c, size_t elem, int vendor, size_t i,
    uint32_t *id);

#endif /* OTAIMG_MESH_H */
