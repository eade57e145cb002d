/*
 * otaimg/mesh_archive.h - Bluetooth Mesh DFU firmware archives
 * (libotaimg-mesh-archive(3)): the nRF Connect SDK dfu_application.zip and
 * the specification / Silicon Labs style gzip-compressed tar, read with
 * cross-checks and written deterministically.  Included by <otaimg.h>
 * after <otaimg/mesh.h>; do not include it alone.
 */
#ifndef OTAIMG_MESH_ARCHIVE_H
#define OTAIMG_MESH_ARCHIVE_H

#ifndef OTAIMG_H
#error "include <otaimg.h>, not <otaimg/mesh_archive.h>"
#endif

enum ota_mesh_dialect {
	OTA_MESH_DIALECT_UNKNOWN = 0,
	OTA_MESH_DIALECT_NCS_ZIP = 1,  /* dfu_application.zip: mcumgr manifest.json +
					* ble_mesh_metadata.json + signed image(s) */
	OTA_MESH_DIALECT_SPEC_TAR = 2  /* gzip-compressed tar: {"manifest":{"firmware":...}} +
					* image + metadata file */
};
OTA_API const char *ota_mesh_dialect_name(enum ota_mesh_dialect d);

/* What an entry is to the archive. */
enum ota_mesh_entry_role {
	OTA_MESH_ENTRY_IGNORED = 0,       /* __MACOSX/, directories, foreign files (a note) */
	OTA_MESH_ENTRY_MANIFEST = 1,      /* manifest.json */
	OTA_MESH_ENTRY_METADATA_JSON = 2, /* ble_mesh_metadata.json */
	OTA_MESH_ENTRY_IMAGE = 3,         /* the firmware image the manifest names */
	OTA_MESH_ENTRY_METADATA = 4,      /* the tar dialect's metadata file */
	OTA_MESH_ENTRY_OTHER_IMAGE = 5    /* another image the manifest names */
};
OTA_API const char *ota_mesh_entry_role_name(enum ota_mesh_entry_role r);

/* What the metadata bytes look like. */
enum ota_mesh_md_kind {
	OTA_MESH_MD_KIND_NONE = 0,
	OTA_MESH_MD_KIND_ZEPHYR = 1,      /* bt_mesh_dfu_metadata (ota_mesh_md_decode) */
	OTA_MESH_MD_KIND_COMPOSITION = 2, /* raw Composition Data page 0 (Silicon Labs) */
	OTA_MESH_MD_KIND_OPAQUE = 3       /* neither: vendor bytes */
};
OTA_API const char *ota_mesh_md_kind_name(enum ota_mesh_md_kind k);

/* Result of one cross-check. */
enum ota_check {
	OTA_CHECK_PASS = 0,
	OTA_CHECK_WARN = 1,
	OTA_CHECK_FAIL = 2,
	OTA_CHECK_SKIP = 3
};
OTA_API const char *ota_check_name(enum ota_check c);

/* Limits (libotaimg-mesh-archive(3), LIMITS). */
#define OTA_MESH_ARCHIVE_JSON_MAX (1024u * 1024u)      /* a JSON or metadata entry */
#define OTA_MESH_ARCHIVE_IMAGE_MAX UINT64_C(4294967295) /* any other entry */
#define OTA_MESH_ARCHIVE_MAX_ENTRIES 256u
#define OTA_MESH_ARCHIVE_MAX_MD 16u   /* objects in a ble_mesh_metadata.json list */
#define OTA_MESH_URI_ZEPHYR_DEFAULT 32u /* CONFIG_BT_MESH_DFU_URI_MAXLEN default */

/* ---- Reading ---- */
struct ota_mesh_archive;
OTA_API struct ota_mesh_archive *ota_mesh_archive_new(void);
OTA_API struct ota_mesh_archive *ota_mesh_archive_new_ctx(const struct ota_ctx *ctx);
OTA_API void ota_mesh_archive_free(struct ota_mesh_archive **a);
OTA_API const char *ota_mesh_archive_errmsg(const struct ota_mesh_archive *a);
/* Before open: the most bytes a JSON/metadata entry and any other entry
 * may expand to (0: the default). */
OTA_API int ota_mesh_archive_set_limits(struct ota_mesh_archive *a, uint64_t json_max,
    uint64_t entry_max);
/* Read the whole archive once (entries streamed, images parsed and hashed
 * on the way, nothing written anywhere), then run the cross-checks. */
OTA_API int ota_mesh_archive_open_path(struct ota_mesh_archive *a, const char *path);
OTA_API int ota_mesh_archive_open_fd(struct ota_mesh_archive *a, int fd);
OTA_API int ota_mesh_archive_open_memory(struct ota_mesh_archive *a, const void *buf, size_t len);
OTA_API int ota_mesh_archive_open_cb(struct ota_mesh_archive *a, ota_read_fn read, void *ctx);
/* Is this the start of a ZIP or gzip file (the two containers)? */
OTA_API int ota_mesh_archive_sniff(const void *buf, size_t len);

OTA_API enum ota_mesh_dialect ota_mesh_archive_dialect(const struct ota_mesh_archive *a);
OTA_API size_t ota_mesh_archive_entry_count(const struct ota_mesh_archive *a);
OTA_API int ota_mesh_archive_entry(const struct ota_mesh_archive *a, size_t i, const char **name,
    uint64_t *size, enum ota_mesh_entry_role *role);
/* The firmware image entry: its index, and its MCUboot parse (NULL when it
 * is not an MCUboot image). */
OTA_API int ota_mesh_archive_image(const struct ota_mesh_archive *a, size_t *entry);
OTA_API const struct ota_mcuboot *ota_mesh_archive_mcuboot(const struct ota_mesh_archive *a);
/* The FWID: the spec manifest's firmware_id, else the first firmware_id
 * of ble_mesh_metadata.json.  OTA_E_NOT_FOUND without one. */
OTA_API int ota_mesh_archive_fwid(const struct ota_mesh_archive *a, const uint8_t **fwid,
    size_t *len);
/* manifest.json's version_MCUBOOT of the image (zip). */
OTA_API int ota_mesh_archive_manifest_version(const struct ota_mesh_archive *a,
    struct ota_fw_version *v);
/* update_uri (a libotaimg key in either JSON file), or NULL. */
OTA_API const char *ota_mesh_archive_uri(const struct ota_mesh_archive *a);

/* Metadata sets: one per ble_mesh_metadata.json object, or the tar's
 * metadata file (0 without one). */
OTA_API size_t ota_mesh_archive_md_count(const struct ota_mesh_archive *a);
OTA_API int ota_mesh_archive_md_bytes(const struct ota_mesh_archive *a, size_t i,
    const uint8_t **buf, size_t *len);
OTA_API enum ota_mesh_md_kind ota_mesh_archive_md_kind(const struct ota_mesh_archive *a, size_t i);
/* The decoded Zephyr metadata (NULL unless that kind). */
OTA_API const struct ota_mesh_md *ota_mesh_archive_md(const struct ota_mesh_archive *a, size_t i);
/* composition_data, or the raw page 0 metadata (NULL: none). */
OTA_API const struct ota_mesh_comp *ota_mesh_archive_comp(const struct ota_mesh_archive *a,
    size_t i);
/* The JSON keys of object i; OTA_E_NOT_FOUND when absent. */
OTA_API int ota_mesh_archive_json_hash(const struct ota_mesh_archive *a, size_t i, uint32_t *hash);
OTA_API int ota_mesh_archive_json_version(const struct ota_mesh_archive *a, size_t i,
    struct ota_fw_version *v);
OTA_API int ota_mesh_archive_json_size(const struct ota_mesh_archive *a, size_t i, uint64_t *size);
OTA_API int ota_mesh_archive_json_core_type(const struct ota_mesh_archive *a, size_t i,
    uint8_t *core_type);
OTA_API int ota_mesh_archive_json_fwid(const struct ota_mesh_archive *a, size_t i,
    const uint8_t **fwid, size_t *len);

/* Cross-checks, in a fixed order (libotaimg-mesh-archive(3), CHECKS). */
OTA_API size_t ota_mesh_archive_check_count(const struct ota_mesh_archive *a);
OTA_API int ota_mesh_archive_check_get(const struct ota_mesh_archive *a, size_t i,
    const char **name, enum ota_check *result, const char **message);
/* Check the image's hash TLV and (key not NULL) its signature, then judge
 * every check: OTA_OK, or the error of the first failure
 * (OTA_E_ARCHIVE_CHECK, OTA_E_DIGEST, OTA_E_BAD_SIGNATURE); with
 * OTA_VERIFY_STRICT a warning fails too (OTA_E_POLICY). */
OTA_API int ota_mesh_archive_verify(struct ota_mesh_archive *a, const struct ota_key *key,
    unsigned flags);

/* Notes about the archive (ignored entries, type drift): the codes of
 * enum ota_diag; offset is the entry's index. */
OTA_API size_t ota_mesh_archive_diag_count(const struct ota_mesh_archive *a);
OTA_API int ota_mesh_archive_diag_get(const struct ota_mesh_archive *a, size_t i, int *code,
    uint64_t *offset, const char **message);

/* ---- Writing ---- */
struct ota_mesh_writer;
OTA_API struct ota_mesh_writer *ota_mesh_writer_new(void);
OTA_API struct ota_mesh_writer *ota_mesh_writer_new_ctx(const struct ota_ctx *ctx);
OTA_API void ota_mesh_writer_free(struct ota_mesh_writer **w);
OTA_API const char *ota_mesh_writer_errmsg(const struct ota_mesh_writer *w);
OTA_API int ota_mesh_writer_set_dialect(struct ota_mesh_writer *w, enum ota_mesh_dialect d);
/* The signed MCUboot image: a path, or an open descriptor read from its
 * offset 0 (not closed).  name: the entry name (NULL: the file's base
 * name, or "app_update.signed.bin"). */
OTA_API int ota_mesh_writer_set_image_path(struct ota_mesh_writer *w, const char *path,
    const char *name);
OTA_API int ota_mesh_writer_set_image_fd(struct ota_mesh_writer *w, int fd, const char *name);
/* The FWID as given, or company + the image's version (the default when
 * neither is set is an error). */
OTA_API int ota_mesh_writer_set_fwid(struct ota_mesh_writer *w, const uint8_t *fwid, size_t len);
OTA_API int ota_mesh_writer_set_company(struct ota_mesh_writer *w, uint16_t company);
/* Composition data (copied): Zephyr metadata is encoded from it with the
 * image's version and size, this hash order and core type. */
OTA_API int ota_mesh_writer_set_comp(struct ota_mesh_writer *w, const struct ota_mesh_comp *c,
    enum ota_mesh_vendor_order order);
OTA_API int ota_mesh_writer_set_core_type(struct ota_mesh_writer *w, uint8_t core_type);
/* Metadata bytes as they are (instead of composition data). */
OTA_API int ota_mesh_writer_set_metadata(struct ota_mesh_writer *w, const uint8_t *md, size_t len);
OTA_API int ota_mesh_writer_set_user_data(struct ota_mesh_writer *w, const uint8_t *buf,
    size_t len);
OTA_API int ota_mesh_writer_set_uri(struct ota_mesh_writer *w, const char *uri);
/* Entry times (seconds since 1970); default 315532800 (1980-01-01). */
OTA_API int ota_mesh_writer_set_mtime(struct ota_mesh_writer *w, int64_t t);
OTA_API int ota_mesh_writer_write(struct ota_mesh_writer *w, ota_write_fn fn, void *ctx);
/* Atomic (libotaimg(3), OUTPUT FILES). */
OTA_API int ota_mesh_writer_write_path(struct ota_mesh_writer *w, const char *path);

#endif /* OTAIMG_MESH_ARCHIVE_H */
