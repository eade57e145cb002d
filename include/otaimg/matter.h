/*
 * otaimg/matter.h - Matter OTA images: parse, verify, create, change the
 * header (libotaimg-matter(3)).  Included by <otaimg.h>; do not include it
 * alone.
 *
 * Layout (all little-endian): the 16-byte fixed header (FileIdentifier
 * 0x1BEEF11E u32, TotalSize u64, HeaderSize u32), HeaderSize bytes of TLV
 * header (an anonymous structure of context tags 0..9), then the payload
 * (the input files concatenated).  ImageDigest covers the payload only.
 */
#ifndef OTAIMG_MATTER_H
#define OTAIMG_MATTER_H

#ifndef OTAIMG_H
#error "include <otaimg.h>, not <otaimg/matter.h>"
#endif

#define OTA_MATTER_FILE_ID 0x1BEEF11Eu
#define OTA_MATTER_FIXED_LEN 16u
#define OTA_MATTER_HEADER_MAX 1024u   /* the SDK parser's kMaxHeaderSize */
#define OTA_MATTER_VSTRING_MAX 64u    /* SoftwareVersionString */
#define OTA_MATTER_URL_MAX 256u       /* ReleaseNotesURL */
#define OTA_MATTER_DIGEST_MAX 64u

/* ImageDigestType: the IANA Named Information Hash Algorithm Registry. */
#define OTA_MATTER_SHA256 1u
#define OTA_MATTER_SHA256_128 2u
#define OTA_MATTER_SHA256_120 3u
#define OTA_MATTER_SHA256_96 4u
#define OTA_MATTER_SHA256_64 5u
#define OTA_MATTER_SHA256_32 6u
#define OTA_MATTER_SHA384 7u
#define OTA_MATTER_SHA512 8u
#define OTA_MATTER_SHA3_224 9u
#define OTA_MATTER_SHA3_256 10u
#define OTA_MATTER_SHA3_384 11u
#define OTA_MATTER_SHA3_512 12u

/* The TLV header, decoded (or to encode). */
struct ota_matter_header {
	uint16_t vendor_id;           /* tag 0 */
	uint16_t product_id;          /* tag 1 */
	uint32_t version;             /* tag 2, SoftwareVersion */
	char version_string[OTA_MATTER_VSTRING_MAX + 1]; /* tag 3 */
	uint64_t payload_size;        /* tag 4 */
	int has_min_version;          /* tag 5 present */
	uint32_t min_version;
	int has_max_version;          /* tag 6 present */
	uint32_t max_version;
	int has_url;                  /* tag 7 present */
	char release_notes_url[OTA_MATTER_URL_MAX + 1];
	uint8_t digest_type;          /* tag 8 */
	uint8_t digest[OTA_MATTER_DIGEST_MAX]; /* tag 9 */
	size_t digest_len;
};

/* A digest type's name ("sha256", "sha3-256", ...; NULL: unknown), its
 * length in bytes (0: unknown), and the type for a name (0: none). */
OTA_API const char *ota_matter_digest_name(unsigned type);
OTA_API size_t ota_matter_digest_len(unsigned type);
OTA_API unsigned ota_matter_digest_type(const char *name);
/* Is type one the Distributed Compliance Ledger allows for OtaChecksumType
 * (1, 7, 8, 10, 11, 12)? */
OTA_API int ota_matter_dcl_type_ok(unsigned type);

/* Decode a TLV header (the HeaderSize bytes after the fixed header) as the
 * SDK parser does, any integer width accepted.  On failure *erroff is the
 * offset inside buf and msg (len bytes, may be NULL) says what is wrong. */
OTA_API int ota_matter_header_decode(const void *buf, size_t len, struct ota_matter_header *h,
    uint64_t *erroff, char *msg, size_t msglen);
/* Encode as the SDK tool does: tags in order, every integer in its smallest
 * width, each string length in one byte when it fits.  *len: the bytes. */
OTA_API int ota_matter_header_encode(const struct ota_matter_header *h, uint8_t *buf,
    size_t cap, size_t *len);
/* The SDK tool's attribute rules: VendorID and ProductID non-zero, version
 * string 1..64 bytes, MinApplicable and MaxApplicable below the version and
 * max not below min, URL 1..256 bytes, a known digest type and its length.
 * OTA_E_MATTER_ATTR naming the field in msg. */
OTA_API int ota_matter_header_check(const struct ota_matter_header *h, char *msg, size_t msglen);

/* ---- reading an image ---- */
struct ota_matter;

OTA_API struct ota_matter *ota_matter_new(void);
OTA_API struct ota_matter *ota_matter_new_ctx(const struct ota_ctx *ctx);
OTA_API void ota_matter_free(struct ota_matter **m);
OTA_API const char *ota_matter_errmsg(const struct ota_matter *m);
OTA_API uint64_t ota_matter_erroffset(const struct ota_matter *m);
/* Does buf start with the Matter FileIdentifier (not Zigbee's 0x0BEEF11E)? */
OTA_API int ota_matter_sniff(const void *buf, size_t len);

/* Before open: also digest the whole file (the ledger's otaChecksum) with
 * type (0: the image's digest type when the ledger allows it, else
 * SHA-256); a type the ledger does not allow: OTA_E_MATTER_DIGEST_TYPE. */
OTA_API int ota_matter_set_file_digest(struct ota_matter *m, unsigned type);
/* Before open: every payload byte is also written to write(ctx, ...) as it
 * is read (extract in the same pass). */
OTA_API int ota_matter_set_payload_sink(struct ota_matter *m, ota_write_fn write, void *ctx);
OTA_API int ota_matter_set_progress(struct ota_matter *m, ota_progress_fn fn, void *arg);

/* Open: fixed header, TLV header, then the payload is read once (and
 * digested when the type is known).  Any size that disagrees with the file
 * is an error naming the field and offset. */
OTA_API int ota_matter_open_path(struct ota_matter *m, const char *path);
OTA_API int ota_matter_open_memory(struct ota_matter *m, const void *buf, size_t len);
OTA_API int ota_matter_open_cb(struct ota_matter *m, ota_read_fn read, void *ctx);

OTA_API int ota_matter_get_header(const struct ota_matter *m, struct ota_matter_header *h);
OTA_API uint64_t ota_matter_total_size(const struct ota_matter *m);
OTA_API uint32_t ota_matter_header_size(const struct ota_matter *m);
OTA_API uint64_t ota_matter_payload_offset(const struct ota_matter *m);
/* The payload digest computed during open (*len in: room, out: length). */
OTA_API int ota_matter_digest(const struct ota_matter *m, uint8_t *buf, size_t *len);
/* OTA_OK when the computed digest equals ImageDigest; OTA_E_DIGEST when
 * not; OTA_E_UNSUPPORTED for a digest type OpenSSL does not offer. */
OTA_API int ota_matter_verify(struct ota_matter *m);
/* The whole-file digest asked for with ota_matter_set_file_digest. */
OTA_API int ota_matter_file_digest(const struct ota_matter *m, unsigned *type, uint8_t *buf,
    size_t *len);
OTA_API size_t ota_matter_diag_count(const struct ota_matter *m);
OTA_API int ota_matter_diag_get(const struct ota_matter *m, size_t i, int *code,
    uint64_t *offset, const char **message);

/* ---- writing an image (as ota_image_tool.py create) ---- */
struct ota_matter_writer;

OTA_API struct ota_matter_writer *ota_matter_writer_new(void);
OTA_API struct ota_matter_writer *ota_matter_writer_new_ctx(const struct ota_ctx *ctx);
OTA_API void ota_matter_writer_free(struct ota_matter_writer **w);
OTA_API const char *ota_matter_writer_errmsg(const struct ota_matter_writer *w);
/* The header fields (payload_size, digest and digest_len are computed). */
OTA_API int ota_matter_writer_set_header(struct ota_matter_writer *w,
    const struct ota_matter_header *h);
/* Allow the truncated SHA-256 types (2..6) and SHA3-224, never written by
 * default. */
OTA_API int ota_matter_writer_allow_short_digest(struct ota_matter_writer *w, int yes);
/* A payload part: len bytes of the file at path from offset off (len
 * UINT64_MAX: to the end).  Parts are concatenated in order.  A pipe or
 * other stream (off 0, len UINT64_MAX) is accepted by
 * ota_matter_writer_write_output into a seekable file only. */
OTA_API int ota_matter_writer_add_payload(struct ota_matter_writer *w, const char *path,
    uint64_t off, uint64_t len);
/* Check the attributes, digest the payload (one read), then write the
 * image (a second read) to write(ctx, ...): regular files only. */
OTA_API int ota_matter_writer_write(struct ota_matter_writer *w, ota_write_fn write, void *ctx);
/* The same into an open output (ota_output_open).  When it is a seekable
 * file (not a device, FIFO or appending descriptor): ONE pass, the header
 * written with a placeholder digest, the payload streamed through the
 * digest into the file, then the real header written at its offset.
 * Otherwise as ota_matter_writer_write. */
OTA_API int ota_matter_writer_write_output(struct ota_matter_writer *w, struct ota_output *out);
/* After a write: the header written. */
OTA_API int ota_matter_writer_header(const struct ota_matter_writer *w,
    struct ota_matter_header *h);

#endif
