/* matter_create.c - otaimg create --format matter (as the SDK's
 * ota_image_tool.py create) and otaimg change-header (its change_header,
 * without the stale digest: the payload is digested again). */
#include "config.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "otaimg.h"
#include "tool.h"

enum {
	O_FORMAT = 0x400, O_VERSION, O_VSTRING, O_DIGEST, O_MIN, O_MAX, O_URL, O_SHORT, O_FORCE
};

static const struct option longopts[] = {
	{ "format", required_argument, NULL, O_FORMAT },
	{ "vendor-id", required_argument, NULL, 'v' },
	{ "product-id", required_argument, NULL, 'p' },
	{ "version", required_argument, NULL, O_VERSION },
	{ "version-string", required_argument, NULL, O_VSTRING },
	{ "digest", required_argument, NULL, O_DIGEST },
	{ "min-version", required_argument, NULL, O_MIN },
	{ "max-version", required_argument, NULL, O_MAX },
	{ "release-notes", required_argument, NULL, O_URL },
	{ "allow-short-digest", no_argument, NULL, O_SHORT },
	{ "output", required_argument, NULL, 'o' },
	{ "quiet", no_argument, NULL, 'q' },
	{ "verbose", no_argument, NULL, OPT_VERBOSE },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

static int
cusage(int status)
{
	return tool_usage(status,
	    "usage: otaimg create --format matter -v VID -p PID --version N --version-string S\n"
	    "         --digest ALG [--min-version N] [--max-version N] [--release-notes URL]\n"
	    "         [--allow-short-digest] [-q | --verbose] -o OUT PAYLOAD ...",
	    longopts, "v:p:o:qh");
}

static int
husage(int status)
{
	return tool_usage(status,
	    "usage: otaimg change-header [-v VID] [-p PID] [--version N] [--version-string S]\n"
	    "         [--digest ALG] [--min-version N|none] [--max-version N|none]\n"
	    "         [--release-notes URL|none] [--allow-short-digest] [-q | --verbose]\n"
	    "         -o OUT FILE",
	    longopts + 1, "v:p:o:qh");
}

/* What was given on the command line (set: a bit per field). */
struct mopts {
	struct ota_matter_header h;
	unsigned set;
	int unset_min, unset_max, unset_url, short_ok;
	const char *out;
};
#define S_VID 0x01u
#define S_PID 0x02u
#define S_VER 0x04u
#define S_VS 0x08u
#define S_DIG 0x10u

/* A 32-bit version: a number, 0x hex, XX:XX:XX:XX, or M.m.r (a build
 * number does not fit: refused). */
static uint32_t
ver_arg(const char *opt, const char *v)
{
	struct ota_fw_version fw;
	uint32_t u;

	if (ota_version_u32_parse(v, &u) == OTA_OK)
		return u;
	if (ota_fw_version_parse(v, &fw) == OTA_OK) {
		if (ota_fw_version_to_u32(&fw, 0, &u) == OTA_OK)
			return u;
		tool_die(EXIT_USAGE, "%s: '%s': the build number does not fit a 32-bit version "
		    "(OTA_E_VERSION_LOSSY)", opt, shown(v));
	}
	tool_die(EXIT_USAGE, "%s: '%s' is not a 32-bit version (a number, 0x hex, XX:XX:XX:XX "
	    "or M.m.r)%s", opt, shown(v), version_hint(v));
}

static void
text(char *dst, size_t cap, const char *opt, const char *v)
{
	size_t n = strlen(v);

	if (n == 0 || n >= cap)
		tool_die(EXIT_USAGE, "%s: '%s' is %zu bytes; it must be 1 to %zu bytes of UTF-8",
		    opt, shown(v), n, cap - 1);
	memcpy(dst, v, n + 1);
}

/* One option; 0 when it is not one of these. */
static int
mopt(struct mopts *o, int c, int change)
{
	switch (c) {
	case 'v':
		o->h.vendor_id = (uint16_t)opt_uint("--vendor-id", optarg, 0xFFFF);
		o->set |= S_VID;
		break;
	case 'p':
		o->h.product_id = (uint16_t)opt_uint("--product-id", optarg, 0xFFFF);
		o->set |= S_PID;
		break;
	case O_VERSION:
		o->h.version = ver_arg("--version", optarg);
		o->set |= S_VER;
		break;
	case O_VSTRING:
		text(o->h.version_string, sizeof(o->h.version_string), "--version-string", optarg);
		o->set |= S_VS;
		break;
	case O_DIGEST:
		if ((o->h.digest_type = (uint8_t)ota_matter_digest_type(optarg)) == 0)
			tool_die(EXIT_USAGE, "--digest: '%s' is not sha256, sha384, sha512, sha3-256, "
			    "sha3-384, sha3-512 (or, with --allow-short-digest, sha3-224, "
			    "sha256-128 ... sha256-32)", shown(optarg));
		o->set |= S_DIG;
		break;
	case O_MIN:
	case O_MAX:
		if (change && strcmp(optarg, "none") == 0) {
			*(c == O_MIN ? &o->unset_min : &o->unset_max) = 1;
		} else if (c == O_MIN) {
			o->h.min_version = ver_arg("--min-version", optarg);
			o->h.has_min_version = 1;
		} else {
			o->h.max_version = ver_arg("--max-version", optarg);
			o->h.has_max_version = 1;
		}
		break;
	case O_URL:
		if (change && strcmp(optarg, "none") == 0) {
			o->unset_url = 1;
			break;
		}
		text(o->h.release_notes_url, sizeof(o->h.release_notes_url), "--release-notes",
		    optarg);
		o->h.has_url = 1;
		break;
	case O_SHORT:
		o->short_ok = 1;
		break;
	case 'o':
		o->out = optarg;
		break;
	default:
		return 0;
	}
	return 1;
}

/* Write h with the parts to o->out (atomic); the exit status. */
static int
write_image(struct ota_matter_writer *w, const struct mopts *o)
{
	struct ota_matter_header h;
	struct tool_out out;
	const char *em;
	int r;

	if (o->h.has_url && strncmp(o->h.release_notes_url, "https://", 8) != 0)
		tool_warn("--release-notes: '%s' is not an https:// URL",
		    shown(o->h.release_notes_url));
	(void)ota_matter_writer_allow_short_digest(w, o->short_ok);
	out_open(&out, o->out, OUT_BINARY);
	if ((r = ota_matter_writer_set_header(w, &o->h)) == OTA_OK)
		r = out.o != NULL ? ota_matter_writer_write_output(w, out.o) :
		    ota_matter_writer_write(w, out_write, &out);
	if (r != OTA_OK) {
		out_abort(&out);
		em = ota_matter_writer_errmsg(w);
		if (strncmp(em, "/dev/stdin: ", 12) == 0) /* a payload '-' (cmd_create_matter) */
			tool_warn("%s (%s): standard input ('-'): %s", ota_strerror(r),
			    ota_errname(r), em + 12);
		else
			tool_warn("%s (%s): %s", ota_strerror(r), ota_errname(r), em);
		return r == OTA_E_MATTER_ATTR || r == OTA_E_INVAL ? EXIT_USAGE : status_for(r);
	}
	if ((r = out_commit(&out)) == EXIT_OK && tool_verbose &&
	    ota_matter_writer_header(w, &h) == OTA_OK) {
		fprintf(stderr, "%s: payload %llu bytes, %s digest ", tool_name,
		    (unsigned long long)h.payload_size, ota_matter_digest_name(h.digest_type));
		hexout(h.digest, h.digest_len, 0);
		fprintf(stderr, "\n");
	}
	return r;
}

int
cmd_create_matter(int argc, char **argv)
{
	struct ota_matter_writer *w;
	struct mopts o;
	int c, i, r, nstdin = 0;

	memset(&o, 0, sizeof(o));
	optind = 1;
	while ((c = getopt_long(argc, argv, "v:p:o:qh", longopts, NULL)) != -1) {
		opt_once(longopts, c, NULL);
		if (mopt(&o, c, 0) || common_opt(c))
			continue;
		switch (c) {
		case O_FORMAT:
			if (strcmp(optarg, "matter") != 0)
				tool_die(EXIT_USAGE, "--format: matter");
			break;
		case 'h':
			return cusage(EXIT_OK);
		default:
			return cusage(EXIT_USAGE);
		}
	}
	if (optind >= argc || o.out == NULL || (o.set & 0x1Fu) != 0x1Fu) {
		if ((o.set & 0x1Fu) != 0x1Fu && optind < argc && o.out != NULL)
			tool_warn("-v, -p, --version, --version-string and --digest are required");
		return cusage(EXIT_USAGE);
	}
	if ((w = ota_matter_writer_new()) == NULL)
		tool_die(EXIT_USAGE, "out of memory");
	for (i = optind; i < argc; i++) {
		const char *in = argv[i];

		if (strcmp(in, "-") == 0) { /* the library opens parts by name (read only) */
			if (nstdin++ > 0)
				tool_die(EXIT_USAGE, "'-' (standard input) can be given once");
			in = "/dev/stdin";
		} else if (same_output(in, o.out))
			tool_die(EXIT_USAGE, "%s: the output is an input file", shown(o.out));
		if (ota_matter_writer_add_payload(w, in, 0, UINT64_MAX) != OTA_OK)
			tool_die(EXIT_USAGE, "out of memory");
	}
	r = write_image(w, &o);
	ota_matter_writer_free(&w);
	return r;
}

int
cmd_change_header(int argc, char **argv)
{
	struct ota_matter_writer *w;
	struct ota_matter_header old;
	struct ota_matter *m;
	struct mopts o;
	const char *file;
	int c, r;

	memset(&o, 0, sizeof(o));
	while ((c = getopt_long(argc, argv, "v:p:o:qh", longopts + 1, NULL)) != -1) {
		opt_once(longopts + 1, c, NULL);
		if (mopt(&o, c, 1) || common_opt(c))
			continue;
		if (c == 'h')
			return husage(EXIT_OK);
		return husage(EXIT_USAGE);
	}
	if (optind + 1 != argc || o.out == NULL)
		return husage(EXIT_USAGE);
	file = argv[optind];
	if (strcmp(file, "-") == 0)
		tool_die(EXIT_USAGE, "the input must be a file (its payload is read twice)");
	if (same_output(file, o.out))
		tool_die(EXIT_USAGE, "%s: the output is the input file", shown(o.out));
	if ((m = ota_matter_new()) == NULL)
		tool_die(EXIT_USAGE, "out of memory");
	/* the payload must match its digest before it is given a new one */
	if ((r = ota_matter_open_path(m, file)) != OTA_OK || (r = ota_matter_verify(m)) != OTA_OK) {
		tool_warn("%s: offset %llu: %s (%s): %s", shown(file),
		    (unsigned long long)ota_matter_erroffset(m), ota_strerror(r), ota_errname(r),
		    ota_matter_errmsg(m));
		ota_matter_free(&m);
		return r == OTA_E_UNSUPPORTED ? EXIT_INVALID : status_for(r);
	}
	(void)ota_matter_get_header(m, &old);
	if (!(o.set & S_VID))
		o.h.vendor_id = old.vendor_id;
	if (!(o.set & S_PID))
		o.h.product_id = old.product_id;
	if (!(o.set & S_VER))
		o.h.version = old.version;
	if (!(o.set & S_VS))
		memcpy(o.h.version_string, old.version_string, sizeof(old.version_string));
	if (!(o.set & S_DIG))
		o.h.digest_type = old.digest_type;
	if (!o.h.has_min_version && !o.unset_min) {
		o.h.has_min_version = old.has_min_version;
		o.h.min_version = old.min_version;
	}
	if (!o.h.has_max_version && !o.unset_max) {
		o.h.has_max_version = old.has_max_version;
		o.h.max_version = old.max_version;
	}
	if (!o.h.has_url && !o.unset_url) {
		o.h.has_url = old.has_url;
		memcpy(o.h.release_notes_url, old.release_notes_url, sizeof(old.release_notes_url));
	}
	/* an image that had a short digest keeps it allowed */
	if (ota_matter_digest_len(old.digest_type) < 32 && !(o.set & S_DIG))
		o.short_ok = 1;
	if ((w = ota_matter_writer_new()) == NULL ||
	    ota_matter_writer_add_payload(w, file, ota_matter_payload_offset(m),
	    old.payload_size) != OTA_OK)
		tool_die(EXIT_USAGE, "out of memory");
	ota_matter_free(&m);
	r = write_image(w, &o);
	ota_matter_writer_free(&w);
	return r;
}
