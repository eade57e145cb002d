/* html.h - otaimg inspect --html: one self-contained HTML page for any
 * number of images (tools/html*.c; the page is described in
 * otaimg-inspect(1), HTML REPORT). */
#ifndef OTAIMG_TOOLS_HTML_H
#define OTAIMG_TOOLS_HTML_H

#include <stdint.h>
#include <stdio.h>

#include "otaimg.h"

/* What --verify checks with (otaimg-inspect(1)): NULL trust: no verify. */
struct html_opts {
	const struct ota_trust *trust;
	const struct ota_key *key;   /* MCUboot images, Mesh archives */
	unsigned flags;              /* OTA_VERIFY_* */
	enum ota_format format;
	int verify;
};

/* Write the page for files to out ("-": standard output), atomically;
 * returns the exit status (the worst of the files'; 2 when the page could
 * not be written). */
int html_report(char **files, int nfiles, const struct html_opts *o, const char *out);

/* ---- the building blocks (html.c), used by the format renderers ---- */

/* Text from a file or the command line, HTML-escaped: & < > " ' become
 * entities; control characters, bidirectional controls and bytes that are
 * not UTF-8 become visible \xNN / \uXXXX (shown()). */
void html_esc(FILE *fp, const char *s);
/* The same for len bytes that may hold NUL. */
void html_esc_n(FILE *fp, const char *s, size_t len);

/* One segment of the byte map (offsets from the start of the file). */
struct html_seg {
	uint64_t off, len;
	const char *kind;     /* CSS class: container header element payload tlv trailer gap ... */
	char name[64];        /* label (not from the file: no escaping needed, escaped anyway) */
};
/* One diagnostic, pinned to the map at off (entry: Mesh archive diagnostics
 * name an entry index instead, off is then that index). */
struct html_diag {
	int code;
	uint64_t off;
	const char *msg;
	uint64_t count;
};
/* One header field: where it is, its raw bytes (hex, as stored) and its
 * meaning. */
struct html_field {
	uint64_t off;
	unsigned len;
	const char *name;
	char raw[100];
	char dec[160];
};

/* A file's section being built: the renderers fill it, html_section writes it. */
#define HTML_MAX_SEGS 96
#define HTML_MAX_FIELDS 40
#define HTML_MAX_DIAGS 64
#define HTML_HEX_MAX 512
struct html_file {
	int index;                        /* 1-based, the section's id */
	const char *file;                 /* as given */
	const char *format;               /* "zigbee-ota", "gbcs", "mcuboot", "mesh-archive", "matter" */
	uint64_t size;
	struct html_seg seg[HTML_MAX_SEGS];
	size_t nseg;
	struct html_field field[HTML_MAX_FIELDS];
	size_t nfield;
	struct html_diag diag[HTML_MAX_DIAGS];
	size_t ndiag, diag_more;
	uint8_t hex[HTML_HEX_MAX];        /* header bytes for the hex view */
	uint64_t hex_off;
	size_t hex_len;
	/* the outcome */
	int err;                          /* OTA_OK, or why the file could not be read */
	char errmsg[256];
	uint64_t erroff;
	int verified, verify_err;         /* --verify ran; its result */
	char verify_msg[256];
	int status;                       /* the exit status for this file */
	int entry_diags;                  /* diagnostics name entries (an archive), not offsets */
};

void html_seg_add(struct html_file *f, uint64_t off, uint64_t len, const char *kind,
    const char *fmt, ...) __attribute__((format(printf, 5, 6)));
void html_diag_add(struct html_file *f, int code, uint64_t off, const char *msg, uint64_t count);
struct html_field *html_field_add(struct html_file *f, uint64_t off, unsigned len,
    const char *name);
/* The field's raw hex from a little- or big-endian value of len bytes. */
void html_field_le(struct html_field *fl, uint64_t v);
void html_field_be(struct html_field *fl, uint64_t v);
void html_field_bytes(struct html_field *fl, const uint8_t *p, size_t n);
void html_field_dec(struct html_field *fl, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Read up to len bytes at off of file into the hex view (a named file
 * only: standard input is read once). */
void html_hex_read(struct html_file *f, uint64_t off, size_t len);

/* Sort the segments, clip overlaps and fill what no segment covers with
 * "gap" segments, so that they tile [0, size). */
void html_tile(struct html_file *f);
/* A proportional map of segs over total bytes, with the diagnostics pinned
 * (cls: "bytemap" for the file's map, "entrymap" and "imagemap" for the
 * archive's). */
void html_map(FILE *fp, const char *cls, const char *title, const struct html_seg *seg,
    size_t nseg, uint64_t total, const struct html_diag *diag, size_t ndiag, int entry_pins);

/* A row of a two-column table (both escaped). */
void html_kv(FILE *fp, const char *key, const char *value);

/* ---- the formats (html_fmt.c): fill f and write the extra tables to fp ---- */
void html_zigbee(FILE *fp, struct html_file *f, const struct html_opts *o);
void html_mcuboot(FILE *fp, struct html_file *f, const struct html_opts *o);
void html_mesh(FILE *fp, struct html_file *f, const struct html_opts *o);
void html_matter(FILE *fp, struct html_file *f, const struct html_opts *o); /* html_matter.c */
/* The MCUboot segments and fields of a handle (also inside archives). */
void html_mcuboot_fill(struct html_file *f, const struct ota_mcuboot *m);
/* The fields table of f. */
void html_fields(FILE *fp, const struct html_file *f);
/* A file's section: begin writes the heading, the error if the file could
 * not be read, the map and the fields; the renderer then writes its own
 * tables; end writes the diagnostics, the verify result and the hex view. */
void html_section_begin(FILE *fp, struct html_file *f);
void html_section_end(FILE *fp, const struct html_file *f);
/* A verify result table row: check, PASS/FAIL/... and detail. */
void html_check_row(FILE *fp, const char *name, const char *result, const char *detail);

#endif
