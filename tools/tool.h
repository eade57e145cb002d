/* tool.h - helpers shared by the otaimg subcommands (tools only). */
#ifndef OTAIMG_TOOLS_TOOL_H
#define OTAIMG_TOOLS_TOOL_H

#include <stdint.h>
#include <stdio.h>

#include "otaimg.h"

/* Exit statuses (otaimg(1), EXIT STATUS). */
#define EXIT_OK 0
#define EXIT_INVALID 1
#define EXIT_USAGE 2

extern const char *tool_name; /* "otaimg-verify" etc., for messages */
/* -q/--quiet: no warnings or notes on standard error (errors still are);
 * -v/--verbose: notes too, and a command's extra detail (otaimg(1)). */
extern int tool_quiet, tool_verbose;
#define OPT_QUIET 0x1F0   /* long-only forms, for a command whose -q or -v */
#define OPT_VERBOSE 0x1F1 /* means something else (create -v) */
#define OPT_PROGRESS 0x1F2    /* --progress, --no-progress (otaimg(1), PROGRESS) */
#define OPT_NO_PROGRESS 0x1F3
/* Call for every getopt result: 1 when c was -q, -v, --progress or
 * --no-progress (now recorded). */
int common_opt(int c);
/* progress.c: -1 (a line after a second on a terminal), 0 or 1 (at once,
 * still only on a terminal). */
extern int tool_progress;
#define PROGRESS_OPTS { "progress", no_argument, NULL, OPT_PROGRESS }, \
	{ "no-progress", no_argument, NULL, OPT_NO_PROGRESS }
/* Report a handle's jobs on the progress line (when it is wanted). */
void progress_image(struct ota_image *img);
void progress_builder(struct ota_builder *b);
/* Take the progress line off the screen (before any other message). */
void progress_clear(void);
struct option;
/* -h, --help and otaimg help CMD (status 0): the synopsis and every option
 * of lo on standard output.  A usage error: one line on standard error.
 * Returns status. */
int tool_usage(int status, const char *synopsis, const struct option *lo, const char *shortopts);

void tool_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* s for a terminal line: control, C1 and bidirectional characters and bytes
 * that are not UTF-8 escaped (\xNN, \uXXXX); valid until 8 more calls.
 * tool_warn and tool_die apply it to their whole line. */
const char *shown(const char *s);
_Noreturn void tool_die(int status, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Checked number parsing: decimal or 0x-hex, within [0, max]; a leading
 * zero before a digit, a sign or whitespace is refused (otaimg(1), NUMBERS). */
int parse_uint(const char *s, uint64_t max, uint64_t *out);
/* The same for an option's value: exits 2 naming the option. */
uint64_t opt_uint(const char *opt, const char *arg, uint64_t max);
/* Call for every getopt result: a single-value option given twice exits 2.
 * rep: the values of the options that may repeat, 0-terminated, or NULL.
 * lo NULL: start again (before another command's options are read). */
void opt_once(const struct option *lo, int c, const int *rep);
/* A file version: a number, or four octets "XX:XX:XX:XX". */
int parse_file_version(const char *s, uint32_t *out);
uint32_t opt_file_version(const char *opt, const char *arg); /* or exit 2 */
/* " (a decimal with a leading zero ...)" after a refused version s, or "". */
const char *version_hint(const char *s);

int write_fd(void *ctx, const void *buf, size_t len); /* ota_write_fn; ctx: int * */

/* An output named on the command line: "-" is standard output, any other
 * name goes through struct ota_output (otaimg(1), OUTPUT FILES), with its
 * temporary file removed by any signal that ends the command. */
struct tool_out {
	const char *name;      /* as given */
	struct ota_output *o;  /* NULL: standard output */
	int fd;                /* STDOUT_FILENO for "-" */
	int slot;              /* the signal handler's record of the temporary file */
	int err;               /* errno of the first failed write, else 0 */
};
#define OUT_BINARY 0x0100u /* refuse a terminal; with OTA_OUTPUT_PRIVATE, _NOREPLACE */
void out_open(struct tool_out *t, const char *name, unsigned flags); /* exits 2 on failure */
int out_write(void *ctx, const void *buf, size_t len); /* ota_write_fn; ctx: struct tool_out * */
int out_commit(struct tool_out *t); /* EXIT_OK, or EXIT_USAGE after a message */
void out_abort(struct tool_out *t);
/* Do the two names (following symbolic links) name one existing file? */
int same_file(const char *a, const char *b);
/* The canonical path an output name writes (links followed, even to a file
 * still to be made); malloc'd.  Do two output names write one file? */
char *out_final(const char *name);
int same_output(const char *a, const char *b);
/* Flush standard output; a write error is reported (once) and gives -1. */
int stdout_flush(void);
/* atexit: a write error on standard output exits 2. */
void check_stdout(void);

/* Print the image's diagnostics of at least the given severity to stderr. */
void print_diags(const struct ota_image *img, const char *file, enum ota_severity min);
/* The exit status for a library error: invalid input (1) or I/O (2). */
int status_for(int err);

const char *stack_name(uint16_t v);
const char *credential_name(uint8_t v);
const char *container_name(enum ota_container c);
const char *walk_name(enum ota_walk w);
/* Open FILE ("-": standard input) into a new handle; on failure print the
 * error and return its exit status, with *imgp NULL. */
int open_image(const char *file, struct ota_image **imgp, int quiet);
int open_image_as(const char *file, enum ota_format format, struct ota_image **imgp, int quiet);
/* The same with ota_image_set_open_flags flags. */
int open_image_flags(const char *file, enum ota_format format, unsigned flags,
    struct ota_image **imgp, int quiet);
/* A header field ending end bytes into the OTA header was read (all of
 * them unless the input is truncated). */
int header_has(const struct ota_image *img, unsigned end);
int parse_format(const char *s, enum ota_format *f);
unsigned parse_cover(const char *arg);
/* Print bytes as hex digits, lower or upper case, without a newline. */
void hexout(const uint8_t *p, size_t n, int upper);
int cmd_hash(int argc, char **argv);

/* keyutil.c */
int parse_hex(const char *s, uint8_t *out, size_t cap, size_t *len);
int read_small(const char *path, uint8_t *buf, size_t cap, size_t *len);
struct ota_key *load_key(const char *uri, const char *passarg, int need_private);
/* The file a --passin file:PATH reads, else NULL. */
const char *passin_file(const char *passarg);
void trust_add_ca(struct ota_trust *t, const char *arg);
void trust_add_supplier(struct ota_trust *t, const char *path);
const char *trust_dir(const char *opt);
void trust_load_store(struct ota_trust *t, const char *opt);
int parse_id64(const char *s, uint64_t *out);
/* Is key the certificate's (under trust, --ca, or the test CA it names)?
 * OTA_OK, or the error after a message saying what to do (sign, edit). */
int key_cert_check(const struct ota_key *key, const char *keyf, const uint8_t *cert,
    size_t certlen, const char *certf, const struct ota_trust *trust, const char *tdir);

int cmd_create(int argc, char **argv);
int cmd_sign(int argc, char **argv);
int cmd_cert(int argc, char **argv);
int cmd_keygen(int argc, char **argv);
int cmd_pubkey(int argc, char **argv);
int cmd_cpl(int argc, char **argv);
int cmd_inspect(int argc, char **argv);
int cmd_verify(int argc, char **argv);
int cmd_extract(int argc, char **argv);
int cmd_edit(int argc, char **argv);
/* edit_matter.c: is FILE a Matter OTA image (by its identifier)?  Edit it
 * with change-header's argv (argv[0] "change-header") and print the changes. */
int edit_is_matter(const char *file);
int edit_matter(int argc, char **argv, const char *in, const char *out);
int cmd_mesh(int argc, char **argv);
int inspect_json(char **files, int nfiles, enum ota_format format);
/* A top-level JSON array written one object at a time (inspect_json.c):
 * item prints and frees o (first: the first item), end closes the array. */
struct json_t;
void json_stream_item(struct json_t *o, int first);
void json_stream_end(int n);
/* The "file" (and "file_hex") keys, and the "diagnostics" array, of the
 * inspect --json schema (otaimg-inspect(1)). */
void json_set_file(struct json_t *o, const char *file);
/* key: the number v, and key_hex: it as 0x and digits hex digits. */
void json_set_num(struct json_t *o, const char *key, uint64_t v, int digits);
struct json_t *json_diags(const struct ota_image *img);
/* The "error" object of inspect/verify --json for any family: null when r is
 * OTA_OK, else code (+ value and text when verify), message and offset. */
struct json_t *json_error(int r, int verify, const char *msg, uint64_t off);
/* verify --json (verify_json.c): the exit status. */
int verify_json(char **files, int nfiles, const struct ota_trust *trust, unsigned flags,
    enum ota_format format, const struct ota_key *key);

/* input.c: the format of an input by its first bytes; standard input is
 * read once, and a pipe's first bytes are handed out again by
 * in_stdin_read (an ota_read_fn) once in_kind has looked at them. */
enum in_kind { IN_ZIGBEE, IN_MCUBOOT, IN_ARCHIVE, IN_MATTER };
enum in_kind in_kind(const char *file);
int in_stdin_is_pipe(void);
int in_stdin_read(void *ctx, void *buf, size_t len, size_t *got);
/* Open a Zigbee OTA file named on the command line ("-": standard input,
 * through in_stdin_read when in_kind has read a pipe's first bytes). */
int in_open_image(struct ota_image *img, const char *file);

/* mcuboot.c: MCUboot images (the other commands dispatch by the magic). */
int mcuboot_inspect(const char *file);
struct json_t *mcuboot_inspect_json(const char *file, int *status);
int mcuboot_verify(const char *file, const struct ota_key *key, unsigned flags, int json,
    int first);
int cmd_create_mcuboot(int argc, char **argv);
/* matter.c: Matter OTA images (dispatched by the FileIdentifier 0x1BEEF11E);
 * dcl: also the Distributed Compliance Ledger values. */
extern int inspect_dcl; /* inspect --dcl */
int matter_inspect(const char *file, int dcl);
struct json_t *matter_inspect_json(const char *file, int dcl, int *status);
int matter_verify(const char *file, int json, int first);
int matter_extract(const char *file, const char *out);
int cmd_create_matter(int argc, char **argv);
int cmd_change_header(int argc, char **argv);
int cmd_version(int argc, char **argv); /* version.c */
/* The signing options create --format mcuboot and --format mesh-zip|mesh-tar
 * share (otaimg-create(1)): MCUBOOT_SIGN_LONGOPTS in the option table,
 * mcuboot_opt() for every getopt result (1: it was one of them, applied),
 * then mcuboot_opts_finish() for the signer with its key (exits 2 on a bad
 * value).  any: a signing option was given. */
enum {
	OPT_MB_PASSIN = 0x300, OPT_MB_VERSION, OPT_MB_PADHDR, OPT_MB_ALIGN, OPT_MB_SLOT,
	OPT_MB_PAD, OPT_MB_LOAD, OPT_MB_SECCNT, OPT_MB_CTLV, OPT_MB_SHA, OPT_MB_PKFMT
};
#define MCUBOOT_SIGN_LONGOPTS \
	{ "key", required_argument, NULL, 'k' }, \
	{ "passin", required_argument, NULL, OPT_MB_PASSIN }, \
	{ "version", required_argument, NULL, OPT_MB_VERSION }, \
	{ "header-size", required_argument, NULL, 'H' }, \
	{ "pad-header", no_argument, NULL, OPT_MB_PADHDR }, \
	{ "align", required_argument, NULL, OPT_MB_ALIGN }, \
	{ "slot-size", required_argument, NULL, OPT_MB_SLOT }, \
	{ "pad", no_argument, NULL, OPT_MB_PAD }, \
	{ "load-addr", required_argument, NULL, OPT_MB_LOAD }, \
	{ "security-counter", required_argument, NULL, OPT_MB_SECCNT }, \
	{ "custom-tlv", required_argument, NULL, OPT_MB_CTLV }, \
	{ "sha", required_argument, NULL, OPT_MB_SHA }, \
	{ "public-key-format", required_argument, NULL, OPT_MB_PKFMT }
struct mcuboot_opts {
	struct ota_mcuboot_signer *s; /* the values, applied as they are read */
	const char *key, *passin;
	struct ota_fw_version ver;
	uint64_t hdr;
	uint32_t slot;
	int have_ver, any, full, pad, padhdr;
};
void mcuboot_opts_init(struct mcuboot_opts *o);
int mcuboot_opt(struct mcuboot_opts *o, int c, int argc, char **argv);
/* Version, header, slot and key applied; *key: the key loaded (NULL
 * without -k), for the caller to free after signing. */
struct ota_mcuboot_signer *mcuboot_opts_finish(struct mcuboot_opts *o, struct ota_key **key);

#endif
