/*
 * otaimg.h - libotaimg public API: build, inspect and verify firmware
 * update images (Zigbee OTA upgrade files).
 *
 * All handles are opaque.  Functions that can fail return OTA_OK (0) or a
 * negative value of enum ota_err; ota_strerror() explains it.  The library
 * never prints.  See libotaimg(3).
 */
#ifndef OTAIMG_H
#define OTAIMG_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

#define OTA_VERSION_MAJOR 0
#define OTA_VERSION_MINOR 1
#define OTA_VERSION_PATCH 0
#define OTA_VERSION_NUMBER \
	((OTA_VERSION_MAJOR * 10000) + (OTA_VERSION_MINOR * 100) + OTA_VERSION_PATCH)

#if defined(OTA_BUILDING_LIBRARY) && defined(__GNUC__)
#define OTA_API __attribute__((visibility("default")))
#else
#define OTA_API
#endif

/* Error codes.  Values are ABI: never renumbered, never reused. */
enum ota_err {
	OTA_OK = 0,
	OTA_E_INVAL = -1,          /* invalid argument */
	OTA_E_NOMEM = -2,          /* out of memory */
	OTA_E_IO = -3,             /* read, write or seek failed */
	OTA_E_STATE = -4,          /* call not valid in the handle's state */
	OTA_E_TRUNCATED = -5,      /* input ends before a field it declares */
	OTA_E_BAD_MAGIC = -6,      /* no OTA upgrade file identifier */
	OTA_E_HEADER_LENGTH = -7,  /* header_length impossible */
	OTA_E_TOTAL_SIZE = -8,     /* total_image_size impossible */
	OTA_E_ELEMENT_OVERRUN = -9,/* sub-element runs past total_image_size */
	OTA_E_LIMIT = -10,         /* a documented hard limit exceeded */
	OTA_E_RANGE = -11,         /* value outside its allowed range */
	OTA_E_NOT_FOUND = -12,     /* no such element */
	OTA_E_DIGEST = -13,        /* no known rule reproduces the stored code */
	OTA_E_STRUCTURE = -14,     /* element order or layout breaks the format */
	OTA_E_POLICY = -15,        /* refused by policy (e.g. strict mode) */
	OTA_E_UNSUPPORTED = -16,   /* valid but not supported */
	OTA_E_CRYPTO = -17,        /* the crypto library failed */
	OTA_E_SIG_UNCHECKED = -18, /* a signature is present but was not checked */
	OTA_E_VERSION = -19,       /* unsupported header version */
	OTA_E_BAD_SIGNATURE = -20, /* the signature does not verify */
	OTA_E_NOKEY = -21,         /* no usable key (missing, wrong type, encrypted) */
	OTA_E_EXPIRED = -22,       /* certificate not valid at this time */
	OTA_E_PASSPHRASE = -23,    /* the key is encrypted: passphrase missing or wrong */
	OTA_E_UNSIGNED = -24,      /* no signature of the kind a named trust anchor checks */
	OTA_E_UNPROTECTED = -25,   /* nothing (integrity code, checked signature) protects it */
	OTA_E_KEY_MISMATCH = -26,  /* the private key does not match the certificate */
	OTA_E_KEY_UNCHECKED = -27, /* no CA key to check the key against the certificate */
	OTA_E_EXISTS = -28,        /* the output exists and was not replaced (OTA_OUTPUT_NOREPLACE) */
	OTA_E_NOT_APPLICABLE = -29, /* the image is not for this device (ota_image_applies) */
	OTA_E_PARTIAL = -30,       /* the handle holds part of an image (header only) */
	OTA_E_CANCELLED = -31,     /* the progress callback asked to stop */
	OTA_E_CONTAINER = -32,     /* a container's own fields contradict the file */
	OTA_E_AMBIGUOUS = -33,     /* the input reads more than one way (a form must be named) */
	OTA_E_WRONG_KEY = -34,     /* the key is not the one the image names (MCUboot key hash) */
	OTA_E_ARCHIVE_PATH = -35,  /* archive entry name absolute or with .. */
	OTA_E_ARCHIVE_ENTRY_TYPE = -36, /* archive entry is a link, device, ... */
	OTA_E_ARCHIVE_DUPLICATE = -37,  /* two archive entries with one name */
	OTA_E_ARCHIVE_ENTRY_SIZE = -38, /* archive entry expands past its limit */
	OTA_E_MANIFEST = -39,      /* archive JSON: key missing or mistyped */
	OTA_E_ARCHIVE_CHECK = -40, /* an archive cross-check failed */
	OTA_E_ARCHIVE = -41,        /* not a firmware archive, or damaged */
	OTA_E_TRAILING = -42,      /* a message has octets after its last field */
	OTA_E_NO_PLAN = -43,       /* no BLOB transfer plan fits every target */
	OTA_E_BLOB_ID = -44,       /* a BLOB transfer message names another BLOB ID */
	OTA_E_BLOB_STATUS = -45,   /* a BLOB server answered with an error status */
	OTA_E_BLOB_TIMEOUT = -46,  /* a BLOB transfer peer did not answer in time */
	OTA_E_BLOB_SINK = -47,     /* the BLOB sink refused the transfer or a write */
	OTA_E_URI_SCHEME = -48,    /* Update URI not https (Upload OOB: URI Not Supported) */
	OTA_E_URI_MALFORMED = -49, /* Update URI malformed (URI Malformed) */
	OTA_E_UNREACHABLE = -50,   /* connect failed, timeout, HTTP error (URI Unreachable) */
	OTA_E_TLS = -51,           /* certificate or host name did not verify (URI Unreachable) */
	OTA_E_NO_NEW_FIRMWARE = -52, /* check: 404 or the current FWID (New Firmware Not Available) */
	OTA_E_OCF_TYPE = -53,      /* OCF: a property has the wrong type */
	OTA_E_OCF_PRIVILEGE = -54, /* OCF: the requester may not write this */
	OTA_E_OCF_BITS = -55,      /* OCF: tm bits outside the dpmtype table */
	OTA_E_OCF_BUSY = -56,      /* OCF: another software-update process runs */
	OTA_E_OCF_NOT_VALIDATED = -57, /* OCF: update before version validation */
	OTA_E_OCF_READ_ONLY = -58, /* OCF: a read-only property written */
	OTA_E_MATTER_TAG = -59,   /* Matter header: a tag missing, out of order, not context */
	OTA_E_MATTER_TYPE = -60,  /* Matter header: an element of the wrong TLV type */
	OTA_E_MATTER_PAYLOAD_SIZE = -61, /* Matter PayloadSize disagrees with the file */
	OTA_E_MATTER_DIGEST_TYPE = -62,  /* unknown Matter digest type, or wrong length */
	OTA_E_MATTER_ATTR = -63,  /* a Matter attribute breaks the SDK tool's rules */
	OTA_E_VERSION_LOSSY = -64, /* a version conversion would lose information */
	OTA_E_SIGNED = -65         /* signed image: an edit must re-sign or drop it */
};

OTA_API const char *ota_strerror(int err);
OTA_API const char *ota_errname(int err);

/* ---- Library context (libotaimg(3), LIBRARY CONTEXT) --------------------
 *
 * Optional settings handed to the handles made from it: the OpenSSL library
 * context (an OSSL_LIB_CTX *, void * here so this header needs no OpenSSL)
 * and property query every fetch of those handles uses, and a log callback
 * that receives one line per failure ("function: what failed", with
 * OpenSSL's reason when it gave one).  A handle copies the settings when it
 * is made; the OSSL_LIB_CTX must outlive it.  Nothing is logged without a
 * callback.  No global state: two contexts never affect each other. */
struct ota_ctx;
typedef void (*ota_log_fn)(void *arg, const char *line);
#define OTA_PROPQ_MAX 128u
OTA_API struct ota_ctx *ota_ctx_new(void);
OTA_API void ota_ctx_free(struct ota_ctx **ctx);
OTA_API int ota_ctx_set_libctx(struct ota_ctx *ctx, void *ossl_lib_ctx, const char *propq);
OTA_API int ota_ctx_set_log(struct ota_ctx *ctx, ota_log_fn fn, void *arg);
/* The memory of image handles (the handle, its buffers, element table,
 * diagnostics and hashes): realloc_fn(arg, NULL, n) allocates, (arg, p, n)
 * resizes (n is never 0), free_fn(arg, p) frees.  Both NULL: the C library. */
typedef void *(*ota_realloc_fn)(void *arg, void *ptr, size_t size);
typedef void (*ota_free_fn)(void *arg, void *ptr);
OTA_API int ota_ctx_set_allocator(struct ota_ctx *ctx, ota_realloc_fn realloc_fn,
    ota_free_fn free_fn, void *arg);

OTA_API const char *ota_version(void);
OTA_API unsigned ota_version_number(void);

/* Limits (libotaimg(3), LIMITS). */
#define OTA_MAX_ELEMENTS 65536u
/* The most one builder input may hold by default: what an element holds. */
#define OTA_MAX_INPUT_DEFAULT UINT64_C(4294967295)
#define OTA_HEADER_MIN 56u
#define OTA_HEADER_STRING_LEN 32u
#define OTA_FILE_ID 0x0BEEF11Eu

/* Field-control bits. */
#define OTA_FC_SECURITY_CREDENTIAL 0x0001u
#define OTA_FC_DESTINATION 0x0002u
#define OTA_FC_HW_VERSIONS 0x0004u

/* Well-known sub-element tags. */
#define OTA_TAG_UPGRADE_IMAGE 0x0000u
#define OTA_TAG_SIGNATURE_SUITE1 0x0001u
#define OTA_TAG_CERTIFICATE_SUITE1 0x0002u
#define OTA_TAG_INTEGRITY_CODE 0x0003u
#define OTA_TAG_PICTURE 0x0004u
#define OTA_TAG_SIGNATURE_SUITE2 0x0005u
#define OTA_TAG_CERTIFICATE_SUITE2 0x0006u
#define OTA_TAG_TELINK 0xF000u

OTA_API const char *ota_tag_name(uint16_t tag);

/* ---- Input ------------------------------------------------------------ */

/*
 * Caller-supplied input callbacks.  read stores the number of bytes read in
 * *got (0 at end of input) and returns 0, or -1 on error.  seek (absolute
 * offset) and size are optional: without them the library skips forward by
 * reading.  close is optional.
 */
struct ota_io {
	int (*read)(void *ctx, void *buf, size_t len, size_t *got);
	int (*seek)(void *ctx, uint64_t offset);
	int (*size)(void *ctx, uint64_t *size);
	void (*close)(void *ctx);
};

/* The same callbacks one by one (libarchive style): the setters before
 * ota_image_open_cb, which installs read and opens.  struct ota_io and
 * ota_image_open_io stay as a compatibility wrapper over these. */
typedef int (*ota_read_fn)(void *ctx, void *buf, size_t len, size_t *got);
typedef int (*ota_seek_fn)(void *ctx, uint64_t offset);
typedef int (*ota_size_fn)(void *ctx, uint64_t *size);
typedef void (*ota_close_fn)(void *ctx);

/* Output callback: write all len bytes or return -1. */
typedef int (*ota_write_fn)(void *ctx, const void *buf, size_t len);

/* Progress callback (libotaimg(3), PROGRESS): done of total bytes of the
 * pass, done <= total, at most once per 64 KiB and once more with done ==
 * total at the end.  A non-zero return stops the job with OTA_E_CANCELLED
 * (nothing is left at an output path). */
typedef int (*ota_progress_fn)(void *arg, uint64_t done, uint64_t total);

/* ---- Diagnostics -------------------------------------------------------- */

enum ota_severity {
	OTA_SEV_INFO = 0,
	OTA_SEV_WARNING = 1,
	OTA_SEV_ERROR = 2
};

enum ota_diag {
	OTA_D_CONTAINER_NGIS = 1,
	OTA_D_CONTAINER_SIZE_PREFIX = 2,
	OTA_D_CONTAINER_UNKNOWN = 3,
	OTA_D_TRAILING_DATA = 4,
	OTA_D_TRAILER_CRC32 = 5,
	OTA_D_HEADER_LENGTH_MISMATCH = 6,
	OTA_D_HEADER_VERSION = 7,
	OTA_D_FC_RESERVED_BITS = 8,
	OTA_D_STRING_UNTERMINATED = 9,
	OTA_D_STRING_LENGTH_PREFIXED = 10,
	OTA_D_STRING_NOT_UTF8 = 11,
	OTA_D_STRING_CONTROL = 12,
	OTA_D_TELINK_LAYOUT = 13,
	OTA_D_RAW_PAYLOAD = 14,
	OTA_D_WILDCARD_MANUFACTURER = 15,
	OTA_D_RESERVED_IMAGE_TYPE = 16,
	OTA_D_WILDCARD_FILE_VERSION = 17,
	OTA_D_HW_RANGE_INVERTED = 18,
	OTA_D_RESERVED_TAG = 19,
	OTA_D_DUPLICATE_TAG = 20,
	OTA_D_NOT_LAST = 21,
	OTA_D_NO_UPGRADE_IMAGE = 22,
	OTA_D_SIGNATURE_PRESENT = 23,
	OTA_D_IIC_VENDOR_RULE = 24,
	OTA_D_ELEMENT_LENGTH = 25,
	OTA_D_STACK_VERSION = 26,
	OTA_D_GBCS_LAYOUT = 27,
	OTA_D_MMO_LENGTH_WRAP = 28,
	OTA_D_UNPROTECTED = 29,     /* verify: unsigned, and no integrity code */
	OTA_D_SIGNING_ELEMENT = 30, /* builder only: a signature or certificate from an input */
	OTA_D_TRUNCATED = 31,       /* OTA_OPEN_PARTIAL: the input ends before the image */
	OTA_D_HEADER_ONLY = 32,     /* OTA_OPEN_HEADER_ONLY: nothing after the header was read */
	OTA_D_GBCS_OVER_ELEMENTS = 33, /* read as GBCS on request over elements with a code or signature */
	OTA_D_CONTAINER_CONTRADICTS = 34, /* a container's offset or size disagrees with the file */
	OTA_D_CONTAINER_TRAILER = 35,     /* the container's own trailer after the image */
	OTA_D_CONTAINER_TAR = 36,         /* a tar archive member holds the image */
	OTA_D_MCUBOOT_SLOT_PADDING = 37,  /* MCUboot: slot padding (0xff, boot magic) after the TLVs */
	OTA_D_MCUBOOT_TRAILING_DATA = 38, /* MCUboot: other bytes after the TLV area */
	OTA_D_MCUBOOT_ENCRYPTED = 39,     /* MCUboot: an encrypted body */
	OTA_D_MCUBOOT_V1_MAGIC = 40,      /* MCUboot: the version 1 header magic */
	OTA_D_ARCHIVE_IGNORED = 41,       /* firmware archive: a foreign entry ignored */
	OTA_D_ARCHIVE_MACOSX = 42,        /* an __MACOSX/ entry ignored */
	OTA_D_ARCHIVE_DIRECTORY = 43,     /* a directory entry ignored */
	OTA_D_METADATA_COMPOSITION = 44,  /* metadata file is raw Composition Data page 0 */
	OTA_D_METADATA_OPAQUE = 45,       /* metadata neither Zephyr nor page 0 */
	OTA_D_JSON_TYPE_DRIFT = 46,       /* a JSON key in its other accepted type */
	OTA_D_ARCHIVE_NO_FWID = 47,       /* no firmware_id anywhere */
	OTA_D_ARCHIVE_EXTRA_IMAGE = 48,   /* more images than the one checked */
	OTA_D_METADATA_APPENDED = 49,     /* Zephyr always-append form (hash without app bit) */
	OTA_D_MATTER_URL_NOT_HTTPS = 50, /* Matter: ReleaseNotesURL is not https:// */
	OTA_D_MATTER_SHORT_DIGEST = 51,   /* Matter: a digest type below 256 bits */
	OTA_D_MATTER_EMPTY_STRING = 52,   /* Matter: an empty version string or URL */
	OTA_D_MATTER_DIGEST_UNKNOWN = 53 /* Matter: a digest type not known */
};

OTA_API const char *ota_diag_name(int code);
OTA_API const char *ota_severity_name(enum ota_severity sev);
OTA_API enum ota_severity ota_diag_severity(int code);

/* ---- Images (parse, inspect, verify, extract) ---------------------------- */

struct ota_image;

enum ota_container {
	OTA_CONTAINER_NONE = 0,
	OTA_CONTAINER_NGIS = 1,        /* IKEA "NGIS" signed container */
	OTA_CONTAINER_SIZE_PREFIX = 2, /* 4-byte little-endian size prefix */
	OTA_CONTAINER_UNKNOWN = 3,     /* identifier found after unknown bytes */
	OTA_CONTAINER_TAR = 4          /* a tar (ustar) member, found by its header */
};

enum ota_walk {
	OTA_WALK_STANDARD = 0,
	OTA_WALK_TELINK_F000 = 1,
	OTA_WALK_FAILED = 2,
	OTA_WALK_GBCS = 3      /* GBCS: Manufacturer Image, no sub-elements */
};

enum ota_format {
	OTA_FORMAT_AUTO = 0,   /* recognise the layout */
	OTA_FORMAT_ZIGBEE = 1, /* sub-elements only */
	OTA_FORMAT_GBCS = 2    /* GB smart metering upgrade image, trailer optional */
};

enum ota_payload_kind {
	OTA_PAYLOAD_UNKNOWN = 0,
	OTA_PAYLOAD_GBL = 1,
	OTA_PAYLOAD_EBL = 2,
	OTA_PAYLOAD_EBL_ENCRYPTED = 3,
	OTA_PAYLOAD_TELINK = 4,
	OTA_PAYLOAD_NESTED_OTA = 5,
	OTA_PAYLOAD_MCUBOOT = 6,
	OTA_PAYLOAD_ESP_APP = 7,
	OTA_PAYLOAD_MATTER = 8      /* a Matter OTA image (FileIdentifier 0x1BEEF11E) */
};

enum ota_trailer_kind {
	OTA_TRAILER_NONE = 0,
	OTA_TRAILER_OTHER = 1,
	OTA_TRAILER_CONTAINER = 2,   /* inside a container, after the image */
	OTA_TRAILER_CRC32_CANDIDATE = 3, /* 4 bytes; verify confirms */
	OTA_TRAILER_CRC32 = 4,       /* 4 bytes = CRC-32 (LE) of the image */
	OTA_TRAILER_FF_PADDING = 5   /* 0xFF padding, then a short tail */
};

enum ota_iic_result {
	OTA_IIC_ABSENT = 0,
	OTA_IIC_NOT_CHECKED = 1,
	OTA_IIC_MATCH = 2,         /* the standard rule (ZCL) */
	OTA_IIC_MATCH_VENDOR = 3,  /* a known vendor variant; see message */
	OTA_IIC_MISMATCH = 4       /* no known rule reproduces it */
};

OTA_API struct ota_image *ota_image_new(void);
OTA_API void ota_image_free(struct ota_image **img);

/* Open an input and parse its header and element table. */
OTA_API int ota_image_open_path(struct ota_image *img, const char *path);
OTA_API int ota_image_open_fd(struct ota_image *img, int fd);
OTA_API int ota_image_open_FILE(struct ota_image *img, FILE *fp);
OTA_API int ota_image_open_memory(struct ota_image *img, const void *buf, size_t len);
OTA_API int ota_image_open_io(struct ota_image *img, const struct ota_io *io, void *ctx);
OTA_API int ota_image_set_seek_cb(struct ota_image *img, ota_seek_fn fn);
OTA_API int ota_image_set_size_cb(struct ota_image *img, ota_size_fn fn);
OTA_API int ota_image_set_close_cb(struct ota_image *img, ota_close_fn fn);
OTA_API int ota_image_open_cb(struct ota_image *img, ota_read_fn read, void *ctx);
/* A handle that uses ctx's settings (NULL: the defaults, as ota_image_new). */
OTA_API struct ota_image *ota_image_new_ctx(const struct ota_ctx *ctx);

/* Before opening: which layout to read (default OTA_FORMAT_AUTO, which
 * recognises a GBCS image by its trailer). */
OTA_API int ota_image_set_format(struct ota_image *img, enum ota_format format);

/* Before opening: how much to read (libotaimg(3), PARTIAL INPUT).
 * HEADER_ONLY stops after the OTA header; PARTIAL opens a truncated input
 * with what it holds and an OTA_D_TRUNCATED error diagnostic. */
#define OTA_OPEN_HEADER_ONLY 0x0001u
#define OTA_OPEN_PARTIAL 0x0002u
OTA_API int ota_image_set_open_flags(struct ota_image *img, unsigned flags);

/* Any time: report the progress of the passes over the input (open of a
 * forward-only input, verify, extract, manufacturer hash, sign) to fn
 * (NULL: none). */
OTA_API int ota_image_set_progress(struct ota_image *img, ota_progress_fn fn, void *arg);

/* Before opening: write the data of the nth element with this tag (or the
 * raw payload) to fn while the input is read: the way to extract from a
 * forward-only input (libotaimg(3), FORWARD-ONLY INPUT). */
OTA_API int ota_image_stream_extract(struct ota_image *img, uint16_t tag, size_t nth,
    ota_write_fn fn, void *ctx);
OTA_API int ota_image_stream_extract_raw(struct ota_image *img, ota_write_fn fn, void *ctx);

/* After a partial open: where the input ends and where the image would
 * (0: the header ends first); OTA_E_NOT_FOUND when it is whole. */
OTA_API int ota_image_truncation(const struct ota_image *img, uint64_t *ends_at,
    uint64_t *image_end);

/* The ZCL OTA server's decision: does this image apply to a device with
 * this manufacturer code, image type, current file version and hardware
 * version (-1: unknown)?  OTA_OK, or OTA_E_NOT_APPLICABLE with *why. */
enum ota_applies {
	OTA_APPLIES = 0,
	OTA_APPLIES_MANUFACTURER = 1,  /* another manufacturer (0xFFFF in the image matches all) */
	OTA_APPLIES_IMAGE_TYPE = 2,    /* another image type (0xFFFF in the image matches all) */
	OTA_APPLIES_NOT_NEWER = 3,     /* file version not above the current one */
	OTA_APPLIES_HW_VERSION = 4     /* hardware version outside the image's range */
};
OTA_API int ota_image_applies(const struct ota_image *img, uint16_t manufacturer,
    uint16_t image_type, uint32_t current_version, int32_t hw_version, enum ota_applies *why);

/* Last error detail of this handle. */
OTA_API const char *ota_image_errmsg(const struct ota_image *img);
OTA_API uint64_t ota_image_erroffset(const struct ota_image *img);

/* Where the image is. Offsets are from the start of the input. */
OTA_API uint64_t ota_image_file_size(const struct ota_image *img);
OTA_API enum ota_container ota_image_container(const struct ota_image *img);
OTA_API uint64_t ota_image_ota_offset(const struct ota_image *img);

/* Header fields. */
OTA_API uint16_t ota_image_header_version(const struct ota_image *img);
OTA_API uint16_t ota_image_header_length(const struct ota_image *img);
OTA_API uint16_t ota_image_field_control(const struct ota_image *img);
OTA_API uint16_t ota_image_manufacturer_code(const struct ota_image *img);
OTA_API uint16_t ota_image_image_type(const struct ota_image *img);
OTA_API uint32_t ota_image_file_version(const struct ota_image *img);
OTA_API uint16_t ota_image_stack_version(const struct ota_image *img);
OTA_API const uint8_t *ota_image_header_string_ptr(const struct ota_image *img);
OTA_API uint32_t ota_image_total_image_size(const struct ota_image *img);
OTA_API int ota_image_security_credential(const struct ota_image *img, uint8_t *ver);
OTA_API int ota_image_destination(const struct ota_image *img, uint64_t *eui64);
OTA_API int ota_image_hw_versions(const struct ota_image *img, uint16_t *min, uint16_t *max);

/* Header string as display text: printable text, without the padding or the
 * length prefix.  Writes a NUL-terminated string; returns its length. */
OTA_API size_t ota_image_header_string_text(const struct ota_image *img, char *buf, size_t len);

/* Sub-elements. */
OTA_API enum ota_walk ota_image_walk(const struct ota_image *img);
OTA_API size_t ota_image_element_count(const struct ota_image *img);
OTA_API uint16_t ota_image_element_tag(const struct ota_image *img, size_t i);
OTA_API uint64_t ota_image_element_offset(const struct ota_image *img, size_t i);
OTA_API uint32_t ota_image_element_length(const struct ota_image *img, size_t i);
OTA_API uint64_t ota_image_element_data_offset(const struct ota_image *img, size_t i);
OTA_API enum ota_payload_kind ota_image_element_kind(const struct ota_image *img, size_t i);
OTA_API uint32_t ota_image_element_kind_offset(const struct ota_image *img, size_t i);
OTA_API int ota_image_element_find(const struct ota_image *img, uint16_t tag, size_t nth, size_t *index);

/* Raw payload (when the bytes after the header are not an element stream). */
OTA_API int ota_image_raw_payload(const struct ota_image *img, uint64_t *offset, uint64_t *length,
    enum ota_payload_kind *kind);

OTA_API const char *ota_payload_kind_name(enum ota_payload_kind kind);
OTA_API const char *ota_container_name(enum ota_container c);
OTA_API const char *ota_walk_name(enum ota_walk w);
OTA_API const char *ota_format_name(enum ota_format f);
OTA_API const char *ota_iic_result_name(enum ota_iic_result r);
OTA_API const char *ota_applies_name(enum ota_applies a);

/* Getters that say when they fail (the plain ones above return 0 for an
 * index out of range or a handle without an open image, and 0 is also the
 * upgrade image tag): OTA_E_RANGE for an index out of range, OTA_E_STATE
 * without an open image.  Any output pointer may be NULL. */
OTA_API int ota_image_status(const struct ota_image *img);
OTA_API int ota_image_element_get(const struct ota_image *img, size_t i, uint16_t *tag,
    uint64_t *offset, uint32_t *length);
OTA_API int ota_image_diag_get(const struct ota_image *img, size_t i, int *code, uint64_t *offset,
    const char **message);

/* Bytes after total_image_size. */
OTA_API uint64_t ota_image_trailer_length(const struct ota_image *img);
OTA_API uint64_t ota_image_trailer_offset(const struct ota_image *img);
OTA_API enum ota_trailer_kind ota_image_trailer_kind(const struct ota_image *img);
OTA_API const char *ota_trailer_kind_name(enum ota_trailer_kind kind);

/* Diagnostics found by open and verify: one entry per distinct code, with
 * the first occurrence's offset and message; _repeat gives how many times
 * the code occurred (the message then ends "(and N more, ...)"). */
OTA_API size_t ota_image_diag_count(const struct ota_image *img);
OTA_API int ota_image_diag_code(const struct ota_image *img, size_t i);
OTA_API uint64_t ota_image_diag_offset(const struct ota_image *img, size_t i);
OTA_API const char *ota_image_diag_message(const struct ota_image *img, size_t i);
OTA_API uint64_t ota_image_diag_repeat(const struct ota_image *img, size_t i);

/* GB smart metering upgrade image: the Manufacturer Image follows the
 * header directly; a trailer (2-byte big-endian signature length 64, then
 * ECDSA P-256 r||s) may follow it.  *trailer_offset is 0 without one. */
OTA_API int ota_image_gbcs(const struct ota_image *img, uint64_t *mi_offset, uint64_t *mi_length,
    uint64_t *trailer_offset);
/* SHA-256 of the Manufacturer Image (with OTA_GBCS_COVER_IMAGE: of the whole
 * upgrade image before the trailer), the value Activate Firmware carries. */
#define OTA_GBCS_COVER_IMAGE 0x0004u
OTA_API int ota_image_manufacturer_hash(struct ota_image *img, unsigned flags, uint8_t out[32]);

/* Verification: one streaming pass over the covered ranges. */
#define OTA_VERIFY_STRICT 0x0001u     /* warnings fail too */
#define OTA_VERIFY_CHECK_TIME 0x0002u /* certificates must be valid now */
/* 0x0004 is OTA_GBCS_COVER_IMAGE. */
#define OTA_VERIFY_ALLOW_UNCHECKED 0x0008u /* a signature without a trust anchor passes */
#define OTA_VERIFY_REQUIRE_INTEGRITY 0x0010u /* fail unless an integrity code or a
					      * checked signature covers the image */
/* MCUboot images and Mesh DFU archives: fail (OTA_E_UNSIGNED) unless the
 * image carries a signature, which then must be checked (a Zigbee image's
 * rule is ota_trust_require_signature). */
#define OTA_VERIFY_REQUIRE_SIGNATURE 0x0020u
OTA_API int ota_image_verify(struct ota_image *img, unsigned flags);
OTA_API enum ota_iic_result ota_image_iic_result(const struct ota_image *img);
OTA_API int ota_image_iic_stored(const struct ota_image *img, uint8_t out[16]);
OTA_API int ota_image_iic_computed(const struct ota_image *img, uint8_t out[16]);

/* Extraction: element i's data (without its element header). */
OTA_API int ota_image_extract(struct ota_image *img, size_t i, ota_write_fn fn, void *ctx);
OTA_API int ota_image_extract_path(struct ota_image *img, size_t i, const char *path);
/* The raw payload, when the walk failed. */
OTA_API int ota_image_extract_raw(struct ota_image *img, ota_write_fn fn, void *ctx);
OTA_API int ota_image_extract_raw_path(struct ota_image *img, const char *path);

/* ---- Keys ----------------------------------------------------------- */

struct ota_key;

enum ota_key_type {
	OTA_KEY_P256 = 1,
	OTA_KEY_ED25519 = 2,
	OTA_KEY_SECT163K1 = 3, /* Smart Energy crypto suite 1 */
	OTA_KEY_SECT283K1 = 4, /* Smart Energy crypto suite 2 */
	OTA_KEY_P384 = 5,      /* MCUboot ECDSA P-384 */
	OTA_KEY_RSA2048 = 6,   /* MCUboot RSA-PSS */
	OTA_KEY_RSA3072 = 7
};

/* Load a private or public key: a PEM or DER file, or an OpenSSL store URI
 * (for example a PKCS#11 provider's).  passphrase may be NULL.  *key must
 * be NULL: a key already there is left alone and the call is OTA_E_INVAL. */
OTA_API int ota_key_load(struct ota_key **key, const char *uri, const char *passphrase);
OTA_API int ota_key_generate(struct ota_key **key, enum ota_key_type type);
/* The _msg variants of key and certificate calls also write, when the call
 * fails, why (with OpenSSL's reason when it gave one) into msg (len bytes,
 * always NUL-terminated; "" on success).  msg may be NULL. */
OTA_API int ota_key_load_msg(struct ota_key **key, const char *uri, const char *passphrase,
    char *msg, size_t len);
OTA_API int ota_key_generate_msg(struct ota_key **key, enum ota_key_type type, char *msg,
    size_t len);
/* ota_key_load with ctx's OpenSSL library context and property query (a
 * PKCS#11 or FIPS provider); why it failed goes to ctx's log. */
OTA_API int ota_key_load_ctx(const struct ota_ctx *ctx, struct ota_key **key, const char *uri,
    const char *passphrase);
OTA_API void ota_key_free(struct ota_key **key);
OTA_API int ota_key_type(const struct ota_key *key);
OTA_API const char *ota_key_type_name(enum ota_key_type type);
OTA_API int ota_key_is_private(const struct ota_key *key);
/* The public key: a compressed point (EC) or 32 raw bytes (Ed25519). */
OTA_API int ota_key_public(const struct ota_key *key, uint8_t *buf, size_t *len);
/* PEM (PKCS#8 private key, or SubjectPublicKeyInfo) to a callback, or
 * atomically to a file (mode 0600 for a private key). */
OTA_API int ota_key_write(const struct ota_key *key, int private_part, ota_write_fn fn, void *ctx);
OTA_API int ota_key_write_path(const struct ota_key *key, int private_part, const char *path);

/* ---- Smart Energy implicit certificates (ECQV, SEC 4) ------------------ */

#define OTA_CERT_SUITE1_LEN 48u
#define OTA_CERT_SUITE2_LEN 74u
#define OTA_CERT_MAX_LEN 74u

/* Issue a certificate for subject under the CA key ca (suite 1 or 2), and
 * the matching private key.  *certlen is in: room, out: length. */
OTA_API int ota_cert_issue(int suite, const struct ota_key *ca, uint64_t subject, uint64_t issuer,
    uint8_t *cert, size_t *certlen, struct ota_key **key);
/* Suite (from the length), subject and issuer of a certificate. */
OTA_API int ota_cert_parse(const uint8_t *cert, size_t len, int *suite, uint64_t *subject,
    uint64_t *issuer);
/* The signer's public key: e * P_U + Q_CA, compressed. */
OTA_API int ota_cert_public_key(const uint8_t *cert, size_t len, const uint8_t *ca, size_t calen,
    uint8_t *out, size_t *outlen);
OTA_API int ota_cert_issue_msg(int suite, const struct ota_key *ca, uint64_t subject,
    uint64_t issuer, uint8_t *cert, size_t *certlen, struct ota_key **key, char *msg,
    size_t msglen);
OTA_API int ota_cert_public_key_msg(const uint8_t *cert, size_t len, const uint8_t *ca,
    size_t calen, uint8_t *out, size_t *outlen, char *msg, size_t msglen);

/* ---- Trust: what verify checks signatures against ---------------------- */

struct ota_trust;

enum ota_sig_result {
	OTA_SIG_ABSENT = 0,
	OTA_SIG_NOT_CHECKED = 1, /* no CA for its suite */
	OTA_SIG_VALID = 2,
	OTA_SIG_INVALID = 3
};

OTA_API struct ota_trust *ota_trust_new(void);
OTA_API void ota_trust_free(struct ota_trust **trust);
/* Supplier certificates and keys decoded in ctx's library context; why a
 * call failed also goes to ctx's log. */
OTA_API struct ota_trust *ota_trust_new_ctx(const struct ota_ctx *ctx);
/* At most this many CA keys per suite, and supplier keys (libotaimg(3)). */
#define OTA_TRUST_MAX_ANCHORS 16u
/* A CA public key: a compressed point of 22 (suite 1) or 37 (suite 2) bytes.
 * add: one more anchor for its suite; set: the suite's only anchor. */
OTA_API int ota_trust_add_ca(struct ota_trust *trust, const uint8_t *point, size_t len);
OTA_API int ota_trust_set_ca(struct ota_trust *trust, const uint8_t *point, size_t len);
/* Adds the Certicom test CA (suite 1).  Devices in the field do not trust it. */
OTA_API int ota_trust_set_test_ca(struct ota_trust *trust);
/* Trust anchors from a directory, one per file (otaimg(5), TRUST
 * DIRECTORY); dir NULL: ota_trust_default_dir(), where a missing directory
 * is empty. */
OTA_API int ota_trust_load_dir(struct ota_trust *trust, const char *dir);
OTA_API const char *ota_trust_default_dir(void);
/* Why the last failing call on this trust failed ("" after none). */
OTA_API const char *ota_trust_errmsg(const struct ota_trust *trust);
OTA_API int ota_trust_add_issuer(struct ota_trust *trust, uint64_t issuer);
OTA_API int ota_trust_add_signer(struct ota_trust *trust, uint64_t signer);
OTA_API int ota_trust_require_signature(struct ota_trust *trust, int on);
/* The GBCS supplier's key: an X.509 certificate or a public key, PEM or DER;
 * P-256, and a certificate's key usage must allow digital signatures.
 * add: one more; set: the only one. */
OTA_API int ota_trust_add_supplier(struct ota_trust *trust, const uint8_t *data, size_t len);
OTA_API int ota_trust_set_supplier(struct ota_trust *trust, const uint8_t *data, size_t len);
/* Subject and validity (seconds since 1970) of the last supplier certificate added. */
OTA_API int ota_trust_supplier_subject(const struct ota_trust *trust, char *buf, size_t len);
OTA_API int ota_trust_supplier_validity(const struct ota_trust *trust, int64_t *not_before,
    int64_t *not_after);

OTA_API int ota_image_verify_trust(struct ota_image *img, const struct ota_trust *trust,
    unsigned flags);
OTA_API enum ota_sig_result ota_image_sig_result(const struct ota_image *img);
OTA_API const char *ota_sig_result_name(enum ota_sig_result r);
/* The suite, signer IEEE (from the signature), certificate subject and
 * issuer of a signed image: read at open, not checked until verify. */
OTA_API int ota_image_signature_info(const struct ota_image *img, int *suite, uint64_t *signer,
    uint64_t *subject, uint64_t *issuer);
/* After verify: the AES-MMO digest the signature covers. */
OTA_API int ota_image_signature_digest(const struct ota_image *img, uint8_t out[16]);

/* ---- Signing ------------------------------------------------------------ */

#define OTA_SIGN_PREPARE 0x0001u /* zero-filled signature; key may be NULL */
#define OTA_SIGN_STRICT 0x0002u  /* refuse what only warns (OTA_D_MMO_LENGTH_WRAP) */
#define OTA_SIGN_NO_KEY_CHECK 0x0004u /* skip the key/certificate pairing check */

/* Does the key belong to the certificate?  Reconstructs the certificate's
 * public key with each CA key of its suite in trust (may be NULL), and the
 * test CA when the certificate's issuer names it: OTA_OK on a match,
 * OTA_E_KEY_MISMATCH, or OTA_E_KEY_UNCHECKED without any CA key to try. */
OTA_API int ota_key_check_cert(const struct ota_key *key, const uint8_t *cert, size_t certlen,
    const struct ota_trust *trust);

/* Write the image with its certificate and signature elements (an existing
 * certificate and signature are replaced; other elements are copied byte
 * for byte).  The suite follows the certificate length.  digest, if not
 * NULL, receives what was (or is to be) signed.  Unless OTA_SIGN_PREPARE or
 * OTA_SIGN_NO_KEY_CHECK, the key must pass ota_key_check_cert(key, cert,
 * certlen, NULL) first. */
OTA_API int ota_image_sign(struct ota_image *img, const struct ota_key *key, const uint8_t *cert,
    size_t certlen, unsigned flags, uint8_t digest[16], ota_write_fn fn, void *ctx);
OTA_API int ota_image_sign_path(struct ota_image *img, const struct ota_key *key,
    const uint8_t *cert, size_t certlen, unsigned flags, uint8_t digest[16], const char *path);
/* GBCS: write the upgrade image with a supplier trailer, ECDSA P-256 over
 * SHA-256 of the Manufacturer Image (OTA_GBCS_COVER_IMAGE: of the upgrade
 * image before the trailer); an existing trailer is replaced. */
OTA_API int ota_image_sign_gbcs(struct ota_image *img, const struct ota_key *key, unsigned flags,
    ota_write_fn fn, void *ctx);
OTA_API int ota_image_sign_gbcs_path(struct ota_image *img, const struct ota_key *key,
    unsigned flags, const char *path);
/* Put a signature made elsewhere (DER or raw r||s) into a prepared image,
 * after checking it against the certificate and the trust's CA. */
OTA_API int ota_image_insert_signature(struct ota_image *img, const uint8_t *sig, size_t siglen,
    const struct ota_trust *trust, ota_write_fn fn, void *ctx);
OTA_API int ota_image_insert_signature_path(struct ota_image *img, const uint8_t *sig,
    size_t siglen, const struct ota_trust *trust, const char *path);

/* ---- Editing a header (libotaimg(3), EDITING) ---------------------------- */

/* struct ota_header_edit.set: the fields to change; a _NO_ bit removes an
 * optional field (and clears its field control bit). */
#define OTA_EDIT_HEADER_VERSION 0x0001u
#define OTA_EDIT_MANUFACTURER 0x0002u
#define OTA_EDIT_IMAGE_TYPE 0x0004u
#define OTA_EDIT_FILE_VERSION 0x0008u
#define OTA_EDIT_STACK_VERSION 0x0010u
#define OTA_EDIT_HEADER_STRING 0x0020u
#define OTA_EDIT_SECURITY_CREDENTIAL 0x0040u
#define OTA_EDIT_NO_SECURITY_CREDENTIAL 0x0080u
#define OTA_EDIT_DESTINATION 0x0100u
#define OTA_EDIT_NO_DESTINATION 0x0200u
#define OTA_EDIT_HW_VERSIONS 0x0400u
#define OTA_EDIT_NO_HW_VERSIONS 0x0800u
struct ota_header_edit {
	unsigned set;                 /* OTA_EDIT_* */
	uint16_t header_version, manufacturer_code, image_type, stack_version;
	uint32_t file_version;
	uint8_t header_string[OTA_HEADER_STRING_LEN]; /* the 32 raw bytes */
	uint8_t security_credential;
	uint64_t destination;
	uint16_t hw_min, hw_max;
	/* set by ota_image_edit on success: the written header */
	uint16_t new_header_length, new_field_control;
	uint32_t new_total_image_size;
};
/* flags of ota_image_edit, besides OTA_SIGN_STRICT and OTA_SIGN_NO_KEY_CHECK
 * (which apply to a re-signature) */
#define OTA_EDIT_DROP_SIGNATURE 0x0100u /* write the image without its signature */
/* Write the Zigbee OTA image with the header fields e names changed: the
 * header length, field control and total image size follow the optional
 * fields; every element is copied byte for byte; an integrity code is
 * recomputed.  A signed image (Smart Energy suite 1/2, or GBCS) fails with
 * OTA_E_SIGNED unless key and cert (Smart Energy) re-sign it as
 * ota_image_sign does, or flags has OTA_EDIT_DROP_SIGNATURE (the signature,
 * its certificate or the GBCS trailer are left out); key and cert sign an
 * unsigned image too (not one with an integrity code: OTA_E_STRUCTURE).  An image inside a
 * container or followed by trailing bytes: OTA_E_UNSUPPORTED. */
OTA_API int ota_image_edit(struct ota_image *img, struct ota_header_edit *e,
    const struct ota_key *key, const uint8_t *cert, size_t certlen, unsigned flags,
    ota_write_fn fn, void *ctx);
OTA_API int ota_image_edit_path(struct ota_image *img, struct ota_header_edit *e,
    const struct ota_key *key, const uint8_t *cert, size_t certlen, unsigned flags,
    const char *path);

/* ---- GB smart metering: CPL Device_Model -------------------------------- */

struct ota_cpl;

enum ota_cpl_field {
	OTA_CPL_MANUFACTURER = 0, /* manufacturer_identifier   XX:XX, 00:00-FF:FE */
	OTA_CPL_MODEL = 1,        /* model_identifier          XX:XX, 00:00-FF:BF */
	OTA_CPL_HW_VERSION = 2,   /* hardware_version.version  XX */
	OTA_CPL_HW_REVISION = 3,  /* hardware_version.revision XX */
	OTA_CPL_FIRMWARE = 4,     /* firmware_version          XX:XX:XX:XX */
	OTA_CPL_HW_ZIGBEE = 5     /* the Zigbee certificate form of the hardware, XX_XX */
};

#define OTA_CPL_CODING_NONE 0
#define OTA_CPL_CODING_BCD 1
#define OTA_CPL_CODING_HEX 2

OTA_API struct ota_cpl *ota_cpl_new(void);
OTA_API void ota_cpl_free(struct ota_cpl **cpl);
/* Validate the five strings; every violation becomes one message. */
OTA_API int ota_cpl_parse(struct ota_cpl *cpl, const char *mfr, const char *model,
    const char *hw_version, const char *hw_revision, const char *firmware);
/* Derive a row from an image's header and a hardware version/revision. */
OTA_API int ota_cpl_from_image(struct ota_cpl *cpl, const struct ota_image *img,
    uint8_t hw_version, uint8_t hw_revision);
OTA_API size_t ota_cpl_message_count(const struct ota_cpl *cpl);
OTA_API const char *ota_cpl_message(const struct ota_cpl *cpl, size_t i);
OTA_API int ota_cpl_message_is_error(const struct ota_cpl *cpl, size_t i);
OTA_API const char *ota_cpl_field_name(enum ota_cpl_field field);
OTA_API int ota_cpl_render(const struct ota_cpl *cpl, enum ota_cpl_field field, char *buf,
    size_t len);
/* How an assurance certificate's plain-English firmware version maps onto
 * a firmware_version: OTA_CPL_CODING_BCD and/or _HEX, or _NONE; explain
 * receives the mapping or why there is none. */
OTA_API int ota_cpl_firmware_mapping(const char *text, uint32_t firmware, char *explain,
    size_t len);

/* ---- Builder ----------------------------------------------------------- */

struct ota_builder;

OTA_API struct ota_builder *ota_builder_new(void);
OTA_API void ota_builder_free(struct ota_builder **b);
OTA_API struct ota_builder *ota_builder_new_ctx(const struct ota_ctx *ctx);
OTA_API const char *ota_builder_errmsg(const struct ota_builder *b);

OTA_API int ota_builder_set_header_version(struct ota_builder *b, uint16_t v);
OTA_API int ota_builder_set_manufacturer_code(struct ota_builder *b, uint16_t v);
OTA_API int ota_builder_set_image_type(struct ota_builder *b, uint16_t v);
OTA_API int ota_builder_set_file_version(struct ota_builder *b, uint32_t v);
OTA_API int ota_builder_set_stack_version(struct ota_builder *b, uint16_t v);
OTA_API int ota_builder_set_header_string(struct ota_builder *b, const void *s, size_t len);
OTA_API int ota_builder_set_security_credential(struct ota_builder *b, uint8_t v);
OTA_API int ota_builder_set_destination(struct ota_builder *b, uint64_t eui64);
OTA_API int ota_builder_set_hw_versions(struct ota_builder *b, uint16_t min, uint16_t max);
OTA_API int ota_builder_set_integrity_code(struct ota_builder *b, int on);
OTA_API int ota_builder_set_strict(struct ota_builder *b, int on);
/* OTA_FORMAT_GBCS: the one element added is the Manufacturer Image, written
 * straight after the header with no element header (no trailer: see
 * ota_image_sign_gbcs). */
OTA_API int ota_builder_set_format(struct ota_builder *b, enum ota_format format);

/* Most bytes one input may hold (default OTA_MAX_INPUT_DEFAULT): a larger
 * input fails with OTA_E_LIMIT, a pipe as soon as it passes the limit. */
OTA_API int ota_builder_set_max_input(struct ota_builder *b, uint64_t bytes);

/* Report the bytes written of the image by ota_builder_write* (NULL: none). */
OTA_API int ota_builder_set_progress(struct ota_builder *b, ota_progress_fn fn, void *arg);

/* Elements, in the order added.  Sources are read when the image is
 * written or sized: a regular file with pread from its offset at add time
 * (the fd's own offset is not moved), anything else once, to EOF, into a
 * spool file that later calls reuse.  The fd is never closed. */
OTA_API int ota_builder_add_path(struct ota_builder *b, uint16_t tag, const char *path);
OTA_API int ota_builder_add_fd(struct ota_builder *b, uint16_t tag, int fd);
OTA_API int ota_builder_add_memory(struct ota_builder *b, uint16_t tag, const void *buf, size_t len);

/* What verify --strict would reject in the image being written (the
 * checks open makes: header values, element lengths and order, a signature
 * from an input); strict mode makes the write fail with OTA_E_POLICY. */
OTA_API size_t ota_builder_diag_count(const struct ota_builder *b);
OTA_API int ota_builder_diag_code(const struct ota_builder *b, size_t i);
OTA_API const char *ota_builder_diag_message(const struct ota_builder *b, size_t i);

OTA_API int ota_builder_total_size(struct ota_builder *b, uint64_t *size);
/* MMMM-TTTT-VVVVVVVV-text.zigbee; returns the length needed (snprintf-like). */
OTA_API int ota_builder_standard_name(const struct ota_builder *b, const char *text, char *buf, size_t len);

OTA_API int ota_builder_write(struct ota_builder *b, ota_write_fn fn, void *ctx);
/* Atomic: a temporary file in the same folder, fsync, rename. */
OTA_API int ota_builder_write_path(struct ota_builder *b, const char *path);
/* Into an open output (ota_output_open); element data from files is copied
 * in the kernel where no hash needs it.  The caller commits or aborts. */
struct ota_output;
OTA_API int ota_builder_write_output(struct ota_builder *b, struct ota_output *out);

/* ---- AES-MMO (Zigbee spec B.6) ----------------------------------------- */

struct ota_mmo;

#define OTA_MMO_LEN 16u
OTA_API struct ota_mmo *ota_mmo_new(void);
OTA_API void ota_mmo_free(struct ota_mmo **m);
OTA_API int ota_mmo_init(struct ota_mmo *m);
OTA_API int ota_mmo_update(struct ota_mmo *m, const void *buf, size_t len);
OTA_API int ota_mmo_final(struct ota_mmo *m, uint8_t out[16]);
OTA_API int ota_mmo_digest(const void *buf, size_t len, uint8_t out[16]);

/* ---- Firmware versions ------------------------------------------------- */

/* The MCUboot image version, also the version block of Bluetooth Mesh DFU
 * firmware metadata and of nRF Connect SDK firmware IDs: major, minor,
 * revision (le16) and build number (le32) on the wire. */
struct ota_fw_version {
	uint8_t major;
	uint8_t minor;
	uint16_t revision;
	uint32_t build;
};
/* "M[.m[.r[+b]]]" as imgtool reads it (missing parts are 0; each part
 * decimal, within its field).  OTA_E_RANGE or OTA_E_INVAL otherwise. */
OTA_API int ota_fw_version_parse(const char *s, struct ota_fw_version *v);
/* "M.m.r+b"; snprintf-like (returns the length needed). */
OTA_API int ota_fw_version_format(const struct ota_fw_version *v, char *buf, size_t len);
/* <0, 0, >0 comparing major, minor, revision, then build. */
OTA_API int ota_fw_version_compare(const struct ota_fw_version *a, const struct ota_fw_version *b);
/* The 8 wire bytes and back. */
OTA_API void ota_fw_version_encode(const struct ota_fw_version *v, uint8_t out[8]);
OTA_API void ota_fw_version_decode(const uint8_t in[8], struct ota_fw_version *v);

/* One version type across formats (libotaimg(3), VERSIONS).  A 32-bit
 * version is the Zigbee file version, the Matter SoftwareVersion and the
 * GBCS/CPL firmware version; struct ota_fw_version is MCUboot's and Mesh
 * DFU's.  Conversions that lose nothing succeed; a lossy one is
 * OTA_E_VERSION_LOSSY unless OTA_VERSION_FORCE. */
#define OTA_VERSION_FORCE 0x0001u /* drop what does not fit */
#define OTA_VERSION_SHORT 0x0002u /* to_string: "M.m.r" even with a build number */
/* A 32-bit version: decimal, 0x hex, or "XX:XX:XX:XX" (hex octets, most
 * significant first).  OTA_E_INVAL or OTA_E_RANGE otherwise. */
OTA_API int ota_version_u32_parse(const char *s, uint32_t *v);
/* "XX:XX:XX:XX" (upper-case hex); snprintf-like. */
OTA_API int ota_version_u32_format(uint32_t v, char *buf, size_t len);
/* major << 24 | minor << 16 | revision: lossy when build is not 0. */
OTA_API int ota_fw_version_to_u32(const struct ota_fw_version *v, unsigned flags, uint32_t *out);
/* The reverse (build 0): always lossless. */
OTA_API void ota_fw_version_from_u32(uint32_t u, struct ota_fw_version *v);
/* Binary-coded decimal (the CPL's BCD form): a number up to 99999999 as
 * eight decimal nibbles (over: OTA_E_VERSION_LOSSY); decode refuses a
 * nibble over 9 (OTA_E_INVAL). */
OTA_API int ota_version_bcd_encode(uint32_t dec, uint32_t *bcd);
OTA_API int ota_version_bcd_decode(uint32_t bcd, uint32_t *dec);
/* "M.m.r", or "M.m.r+b" with a build number (a Matter version string);
 * snprintf-like. */
OTA_API int ota_fw_version_to_string(const struct ota_fw_version *v, unsigned flags, char *buf,
    size_t len);

/* ---- Helpers ------------------------------------------------------------ */

/* ---- Output files ------------------------------------------------------- */

/*
 * Every *_path writer follows these rules (libotaimg(3), OUTPUT FILES): a
 * missing name or a regular file is written to a temporary ".otaimg-XXXXXX"
 * in the same folder, then fsync'ed and renamed over it; a symbolic link is
 * followed and its final target replaced that way; a device, FIFO or socket
 * (or /dev/stdout) is written directly; a folder is refused.
 *
 * struct ota_output is the same as a handle, for callers that write through
 * an ota_write_fn and need the temporary file's name (to remove it from a
 * signal handler: the library installs none).
 */
struct ota_output;
#define OTA_OUTPUT_PRIVATE 0x0001u   /* a new or replaced file is rw------- (keys) */
#define OTA_OUTPUT_NOREPLACE 0x0002u /* an existing file (or block device): OTA_E_EXISTS */
OTA_API struct ota_output *ota_output_new(void);
OTA_API void ota_output_free(struct ota_output **out);
OTA_API int ota_output_open(struct ota_output *out, const char *path, unsigned flags);
/* An ota_write_fn: ctx is the struct ota_output *. */
OTA_API int ota_output_write(void *ctx, const void *buf, size_t len);
OTA_API int ota_output_commit(struct ota_output *out);
OTA_API void ota_output_abort(struct ota_output *out);
/* The temporary file while open; NULL when written directly or not open. */
OTA_API const char *ota_output_temp_path(const struct ota_output *out);
OTA_API const char *ota_output_errmsg(const struct ota_output *out);

/* Write a small buffer to a file by the rules above. */
OTA_API int ota_file_write(const char *path, const void *buf, size_t len);

/* Parse an EUI64 typed big-endian ("00:0D:6F:00:00:19:8B:36" or
 * "000D6F0000198B36"). */
OTA_API int ota_eui64_parse(const char *s, uint64_t *out);

#include <otaimg/mcuboot.h>
#include <otaimg/mesh.h>
#include <otaimg/mesh_archive.h>
#include <otaimg/mesh_msg.h>
#include <otaimg/mesh_fetch.h>
#include <otaimg/ocf.h>
#include <otaimg/mesh_blob.h>
#include <otaimg/mesh_dfu.h>
#include <otaimg/matter.h>

#ifdef __cplusplus
}
#endif

#endif /* OTAIMG_H */
