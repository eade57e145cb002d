/*
 * otaimg/mesh_fetch.h - Bluetooth Mesh DFU Store Firmware OOB: Firmware
 * Check and Retrieval over HTTPS (libotaimg-mesh-fetch(3)).  The check and
 * get URLs of an Update URI, the check response, the fetch with libcurl
 * (certificate verification always on) into an output folder, and the
 * Upload OOB status each outcome maps to.  Included by <otaimg.h>; do not
 * include it alone.
 */
#ifndef OTAIMG_MESH_FETCH_H
#define OTAIMG_MESH_FETCH_H

#ifndef OTAIMG_H
#error "include <otaimg.h>, not <otaimg/mesh_fetch.h>"
#endif

/* An Update URI is 1..255 octets (a 1-octet length on the wire). */
#define OTA_MESH_URI_MAX 255u
/* Default limits (ota_mesh_fetch_set_limits) and timeouts. */
#define OTA_MESH_FETCH_CHECK_MAX (64u * 1024u)              /* check response body */
#define OTA_MESH_FETCH_ARCHIVE_MAX (UINT64_C(64) * 1024u * 1024u) /* archive body */
#define OTA_MESH_FETCH_CONNECT_MS 10000u
#define OTA_MESH_FETCH_TOTAL_MS 300000u
/* The longest URL ota_mesh_fetch_url builds: URI, "/check?cfwid=", 2 hex
 * digits a FWID byte, NUL. */
#define OTA_MESH_FETCH_URL_MAX (OTA_MESH_URI_MAX + 13u + 2u * OTA_FWID_MAX + 1u)

/* Firmware Distribution status codes an Upload OOB Start answers with
 * (Upload Status).  ota_mesh_oob_status maps a libotaimg error to one. */
enum ota_mesh_oob_status {
	OTA_MESH_OOB_SUCCESS = 0x00,
	OTA_MESH_OOB_INSUFFICIENT_RESOURCES = 0x01, /* OTA_E_LIMIT, OTA_E_NOMEM, OTA_E_IO */
	OTA_MESH_OOB_INTERNAL_ERROR = 0x03,         /* a bad check response or archive */
	OTA_MESH_OOB_URI_NOT_SUPPORTED = 0x09,      /* OTA_E_URI_SCHEME, OTA_E_UNSUPPORTED */
	OTA_MESH_OOB_URI_MALFORMED = 0x0A,          /* OTA_E_URI_MALFORMED */
	OTA_MESH_OOB_URI_UNREACHABLE = 0x0B,        /* OTA_E_UNREACHABLE, OTA_E_TLS */
	OTA_MESH_OOB_NEW_FIRMWARE_NOT_AVAILABLE = 0x0C /* OTA_E_NO_NEW_FIRMWARE */
};
OTA_API int ota_mesh_oob_status(int err);
OTA_API const char *ota_mesh_oob_status_name(int status);

/* The two endpoints of an Update URI. */
enum ota_mesh_endpoint {
	OTA_MESH_ENDPOINT_CHECK = 0, /* <uri>/check?cfwid=<HEX> */
	OTA_MESH_ENDPOINT_GET = 1    /* <uri>/get?cfwid=<HEX> */
};

/* Is uri an Update URI this library fetches from: https, a host, 1..255
 * octets, no spaces, control characters, query or fragment?  OTA_OK,
 * OTA_E_URI_SCHEME (http or another scheme) or OTA_E_URI_MALFORMED;
 * msg (NULL or msglen 0: none) says why. */
OTA_API int ota_mesh_uri_check(const char *uri, char *msg, size_t msglen);
/* Build the check or get URL for the current FWID (uppercase hex, the URI
 * joined with or without its trailing slash); snprintf-like: returns the
 * length needed, or a negative error (ota_mesh_uri_check's, OTA_E_RANGE for
 * a FWID outside 2..108 bytes, OTA_E_INVAL). */
OTA_API int ota_mesh_fetch_url(const char *uri, enum ota_mesh_endpoint ep, const uint8_t *cfwid,
    size_t cfwid_len, char *buf, size_t buflen);
/* The check response JSON for a firmware (what otaimg mesh publish
 * serves); snprintf-like. */
OTA_API int ota_mesh_check_format(const uint8_t *fwid, size_t fwid_len, uint64_t dfu_chain_size,
    uint64_t file_size, char *buf, size_t buflen);

/* ---- The fetch handle ---- */
struct ota_mesh_fetch;
OTA_API struct ota_mesh_fetch *ota_mesh_fetch_new(void);
OTA_API struct ota_mesh_fetch *ota_mesh_fetch_new_ctx(const struct ota_ctx *ctx);
OTA_API void ota_mesh_fetch_free(struct ota_mesh_fetch **f);
OTA_API const char *ota_mesh_fetch_errmsg(const struct ota_mesh_fetch *f);
/* Trust anchors: a PEM file of CA certificates (NULL: the system store).
 * Verification of the server's certificate and name is always on. */
OTA_API int ota_mesh_fetch_set_ca_file(struct ota_mesh_fetch *f, const char *path);
/* The most bytes of a check response and of an archive (0: the default);
 * a transfer stops as soon as its body passes the limit (OTA_E_LIMIT). */
OTA_API int ota_mesh_fetch_set_limits(struct ota_mesh_fetch *f, uint64_t check_max,
    uint64_t archive_max);
/* Connect and whole-transfer timeouts in milliseconds (0: the default). */
OTA_API int ota_mesh_fetch_set_timeouts(struct ota_mesh_fetch *f, unsigned connect_ms,
    unsigned total_ms);

/* Progress and cancel (libotaimg(3), PROGRESS): fn sees the archive's
 * bytes as they arrive (total: the check response's size, grown when the
 * body is longer), and is also polled about once a second while a request
 * (check or get) waits, with done unchanged.  A non-zero return stops the
 * transfer with OTA_E_CANCELLED; nothing is left in the output folder.
 * NULL: none. */
OTA_API int ota_mesh_fetch_set_progress(struct ota_mesh_fetch *f, ota_progress_fn fn, void *arg);

/* Parse and validate a check response body into the handle (no network):
 * OTA_OK, or OTA_E_MANIFEST naming the key (missing, wrong type, bad hex,
 * size out of range) / OTA_E_LIMIT. */
OTA_API int ota_mesh_fetch_parse_check(struct ota_mesh_fetch *f, const void *buf, size_t len);
/* Firmware Check: GET <uri>/check?cfwid=<HEX> and parse the response.
 * OTA_OK when a new firmware is offered; OTA_E_NO_NEW_FIRMWARE for a 404
 * or a response naming the current FWID. */
OTA_API int ota_mesh_fetch_check(struct ota_mesh_fetch *f, const char *uri, const uint8_t *cfwid,
    size_t cfwid_len);
/* Firmware Check, then Retrieval: GET <uri>/get?cfwid=<HEX> streamed to a
 * temporary file in dir, opened as a firmware archive, its FWID required to
 * be the check response's; then renamed to dir/<FWID hex>.zip or .tar.gz.
 * Nothing is left in dir on failure.  Errors: ota_mesh_fetch_check's,
 * OTA_E_LIMIT, OTA_E_ARCHIVE (not an archive), OTA_E_ARCHIVE_CHECK (another
 * FWID), OTA_E_IO, OTA_E_UNSUPPORTED (built without libcurl). */
OTA_API int ota_mesh_fetch_run(struct ota_mesh_fetch *f, const char *uri, const uint8_t *cfwid,
    size_t cfwid_len, const char *dir);

/* After a call: the Upload OOB status of its outcome. */
OTA_API int ota_mesh_fetch_status(const struct ota_mesh_fetch *f);
/* The last HTTP status received (0: none). */
OTA_API long ota_mesh_fetch_http_code(const struct ota_mesh_fetch *f);
/* The check response (OTA_E_STATE before one was parsed). */
OTA_API int ota_mesh_fetch_fwid(const struct ota_mesh_fetch *f, const uint8_t **fwid,
    size_t *len);
OTA_API int ota_mesh_fetch_sizes(const struct ota_mesh_fetch *f, uint64_t *dfu_chain_size,
    uint64_t *file_size);
/* The archive ota_mesh_fetch_run wrote (NULL before). */
OTA_API const char *ota_mesh_fetch_path(const struct ota_mesh_fetch *f);
/* Was the library built with libcurl (1) or not (0)? */
OTA_API int ota_mesh_fetch_available(void);

#endif
