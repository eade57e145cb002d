/* create.c - otaimg create: build a Zigbee OTA upgrade file. */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "otaimg.h"
#include "tool.h"
#include "mesharchive.h"

enum {
	O_STACK = 256, O_HDRVER, O_SECCRED, O_DEST, O_HWMIN, O_HWMAX, O_TAG, O_IIC, O_STRICT,
	O_STDNAME, O_FORMAT, O_MAXIN
};

static const struct option longopts[] = {
	{ "manufacturer", required_argument, NULL, 'm' },
	{ "image-type", required_argument, NULL, 't' },
	{ "file-version", required_argument, NULL, 'v' },
	{ "string", required_argument, NULL, 's' },
	{ "output", required_argument, NULL, 'o' },
	{ "stack-version", required_argument, NULL, O_STACK },
	{ "header-version", required_argument, NULL, O_HDRVER },
	{ "security-credential", required_argument, NULL, O_SECCRED },
	{ "destination", required_argument, NULL, O_DEST },
	{ "hw-min", required_argument, NULL, O_HWMIN },
	{ "hw-max", required_argument, NULL, O_HWMAX },
	{ "tag", required_argument, NULL, O_TAG },
	{ "integrity-code", no_argument, NULL, O_IIC },
	{ "strict", no_argument, NULL, O_STRICT },
	{ "standard-name", no_argument, NULL, O_STDNAME },
	{ "format", required_argument, NULL, O_FORMAT },
	{ "max-input", required_argument, NULL, O_MAXIN },
	{ "quiet", no_argument, NULL, 'q' },
	{ "verbose", no_argument, NULL, OPT_VERBOSE },
	PROGRESS_OPTS,
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

static int
usage(FILE *fp, int status)
{
	(void)fp;
	return tool_usage(status,
	    "usage: otaimg create -m MFR -t TYPE -v VERSION [-s STRING] [--stack-version N]\n"
	    "         [--security-credential N] [--destination EUI64] [--hw-min N --hw-max N]\n"
	    "         [--tag ID=FILE ...] [--integrity-code] [--strict] [--format zigbee|gbcs]\n"
	    "         [--max-input N[k|M|G]] [-q | --verbose]\n"
	    "         (-o OUT | --standard-name [-o DIR]) [PAYLOAD | -]\n"
	    "(-v is --file-version here: --verbose has no short form in create;\n"
	    " an MCUboot image: otaimg create --format mcuboot --help;\n"
	    " a Matter OTA image: otaimg create --format matter --help;\n"
	    " a Mesh DFU archive: otaimg create --format mesh-zip --help)",
	    longopts, "m:t:v:s:o:qh");
}

/* A byte count, with an optional binary suffix k, M or G. */
static uint64_t
bytes_arg(const char *arg)
{
	char num_[32];
	size_t n = strlen(arg);
	unsigned shift = 0;
	uint64_t v;

	if (n > 0 && n < sizeof(num_)) {
		char last = arg[n - 1];

		shift = last == 'k' || last == 'K' ? 10u : last == 'M' ? 20u : last == 'G' ? 30u : 0u;
	}
	if (n == 0 || n >= sizeof(num_))
		tool_die(EXIT_USAGE, "--max-input: '%s' is not a byte count", arg);
	memcpy(num_, arg, n + 1);
	if (shift != 0)
		num_[n - 1] = '\0';
	if (parse_uint(num_, OTA_MAX_INPUT_DEFAULT >> shift, &v) != 0 || v == 0)
		tool_die(EXIT_USAGE, "--max-input: '%s' is not a byte count from 1 to 4294967295 "
		    "(suffix k, M or G allowed)", arg);
	return v << shift;
}

static void
check(struct ota_builder *b, int r, const char *what)
{
	if (r != OTA_OK)
		tool_die(EXIT_USAGE, "%s: %s%s%s", what, ota_strerror(r),
		    *ota_builder_errmsg(b) ? ": " : "", ota_builder_errmsg(b));
}

/* Header string text made safe for a file name. */
static void
name_text(const char *s, char *out, size_t len)
{
	size_t n = 0;

	for (; s != NULL && *s != '\0' && n + 1 < len; s++) {
		char c = *s;

		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		    c == '.' || c == '_' || c == '-')
			out[n++] = c;
		else if (n > 0 && out[n - 1] != '_')
			out[n++] = '_';
	}
	while (n > 0 && out[n - 1] == '_')
		n--;
	out[n] = '\0';
}

struct tagarg {
	uint16_t tag;
	const char *path;
};

int
cmd_create(int argc, char **argv)
{
	static const int repeatable[] = { O_TAG, 0 };
	struct tool_out to;
	struct ota_builder *b;
	struct tagarg *tags;
	const char *out = NULL, *str = NULL, *payload = NULL;
	int have_m = 0, have_t = 0, have_v = 0, have_hmin = 0, have_hmax = 0, stdname = 0;
	uint16_t hmin = 0, hmax = 0;
	uint32_t fv;
	uint64_t eui, tag;
	char *path = NULL, text[40], name[128], *eq;
	size_t i, ntags = 0;
	int c, r, k;

	/* --format mesh-zip|mesh-tar: a Mesh DFU archive (tools/mesharchive_create.c) */
	for (k = 1; k < argc && strcmp(argv[k], "--") != 0; k++)
		if ((strcmp(argv[k], "--format") == 0 && k + 1 < argc &&
		    strncmp(argv[k + 1], "mesh-", 5) == 0) || strncmp(argv[k], "--format=mesh-", 14) == 0)
			return cmd_create_mesh(argc, argv);
	for (i = 1; i < (size_t)argc; i++) /* another format's own options */
		if (strcmp(argv[i], "--format=mcuboot") == 0 || (strcmp(argv[i], "--format") == 0 &&
		    i + 1 < (size_t)argc && strcmp(argv[i + 1], "mcuboot") == 0))
			return cmd_create_mcuboot(argc, argv);
	for (i = 1; i < (size_t)argc; i++) /* a Matter OTA image (tools/matter_create.c) */
		if (strcmp(argv[i], "--format=matter") == 0 || (strcmp(argv[i], "--format") == 0 &&
		    i + 1 < (size_t)argc && strcmp(argv[i + 1], "matter") == 0))
			return cmd_create_matter(argc, argv);

	if ((b = ota_builder_new()) == NULL || (tags = calloc((size_t)argc, sizeof(*tags))) == NULL)
		tool_die(EXIT_USAGE, "out of memory");
	while ((c = getopt_long(argc, argv, "m:t:v:s:o:qh", longopts, NULL)) != -1) {
		opt_once(longopts, c, repeatable);
		if (c != 'v' && common_opt(c))
			continue;
		switch (c) {
		case 'm':
			check(b, ota_builder_set_manufacturer_code(b,
			    (uint16_t)opt_uint("--manufacturer", optarg, 0xFFFF)), "--manufacturer");
			have_m = 1;
			break;
		case 't':
			check(b, ota_builder_set_image_type(b, (uint16_t)opt_uint("--image-type", optarg,
			    0xFFFF)), "--image-type");
			have_t = 1;
			break;
		case 'v':
			fv = opt_file_version("--file-version", optarg);
			check(b, ota_builder_set_file_version(b, fv), "--file-version");
			have_v = 1;
			break;
		case 's':
			str = optarg;
			check(b, ota_builder_set_header_string(b, optarg, strlen(optarg)), "--string");
			break;
		case 'o':
			out = optarg;
			break;
		case O_STACK:
			check(b, ota_builder_set_stack_version(b, (uint16_t)opt_uint("--stack-version", optarg,
			    0xFFFF)), "--stack-version");
			break;
		case O_HDRVER:
			check(b, ota_builder_set_header_version(b, (uint16_t)opt_uint("--header-version",
			    optarg, 0xFFFF)), "--header-version");
			break;
		case O_SECCRED:
			check(b, ota_builder_set_security_credential(b,
			    (uint8_t)opt_uint("--security-credential", optarg, 0xFF)), "--security-credential");
			break;
		case O_DEST:
			if (ota_eui64_parse(optarg, &eui) != OTA_OK)
				tool_die(EXIT_USAGE, "--destination: '%s' is not an EUI-64 (16 hex digits, "
				    "most significant first; ':' or '-' between octets allowed)", optarg);
			check(b, ota_builder_set_destination(b, eui), "--destination");
			break;
		case O_HWMIN:
			hmin = (uint16_t)opt_uint("--hw-min", optarg, 0xFFFF);
			have_hmin = 1;
			break;
		case O_HWMAX:
			hmax = (uint16_t)opt_uint("--hw-max", optarg, 0xFFFF);
			have_hmax = 1;
			break;
		case O_TAG:
			if ((eq = strchr(optarg, '=')) == NULL || eq[1] == '\0')
				tool_die(EXIT_USAGE, "--tag: '%s' is not ID=FILE", optarg);
			*eq = '\0';
			if (parse_uint(optarg, 0xFFFF, &tag) != 0)
				tool_die(EXIT_USAGE, "--tag: '%s' is not a tag from 0 to 0xFFFF", optarg);
			if (tag == OTA_TAG_INTEGRITY_CODE)
				tool_die(EXIT_USAGE, "--tag: use --integrity-code for tag 0x0003");
			tags[ntags].tag = (uint16_t)tag;
			tags[ntags++].path = eq + 1;
			break;
		case O_IIC:
			check(b, ota_builder_set_integrity_code(b, 1), "--integrity-code");
			break;
		case O_STRICT:
			check(b, ota_builder_set_strict(b, 1), "--strict");
			break;
		case O_STDNAME:
			stdname = 1;
			break;
		case O_MAXIN:
			check(b, ota_builder_set_max_input(b, bytes_arg(optarg)), "--max-input");
			break;
		case O_FORMAT: {
			enum ota_format f;

			if (parse_format(optarg, &f) != 0 || f == OTA_FORMAT_AUTO)
				tool_die(EXIT_USAGE, "--format: zigbee or gbcs");
			check(b, ota_builder_set_format(b, f), "--format");
			break;
		}
		case 'h':
		default:
			free(tags);
			ota_builder_free(&b);
			return c == 'h' ? usage(stdout, EXIT_OK) : usage(stderr, EXIT_USAGE);
		}
	}
	if (optind < argc)
		payload = argv[optind++];
	if (optind < argc)
		tool_die(EXIT_USAGE, "one payload only; add further elements with --tag ID=FILE");
	if (!have_m || !have_t || !have_v)
		tool_die(EXIT_USAGE, "--manufacturer, --image-type and --file-version are required");
	if (have_hmin != have_hmax)
		tool_die(EXIT_USAGE, "give both --hw-min and --hw-max, or neither");
	if (have_hmin)
		check(b, ota_builder_set_hw_versions(b, hmin, hmax), "--hw-min/--hw-max");
	if (payload == NULL && ntags == 0)
		tool_die(EXIT_USAGE, "no payload: give a file, '-' for standard input, or --tag");
	if (out == NULL && !stdname)
		tool_die(EXIT_USAGE, "no output: give -o FILE (or -o - for standard output)");
	/* The upgrade image is the first element, then the tags in order. */
	if (payload != NULL)
		check(b, strcmp(payload, "-") == 0 ?
		    ota_builder_add_fd(b, OTA_TAG_UPGRADE_IMAGE, STDIN_FILENO) :
		    ota_builder_add_path(b, OTA_TAG_UPGRADE_IMAGE, payload), "payload");
	for (i = 0; i < ntags; i++)
		check(b, ota_builder_add_path(b, tags[i].tag, tags[i].path), "--tag");
	free(tags);
	if (stdname) {
		name_text(str, text, sizeof(text));
		if (ota_builder_standard_name(b, text, name, sizeof(name)) < 0)
			tool_die(EXIT_USAGE, "cannot form the standard name");
		const char *dir = out != NULL ? out : ".";
		size_t n = strlen(dir) + strlen(name) + 2;

		if ((path = malloc(n)) == NULL)
			tool_die(EXIT_USAGE, "out of memory");
		(void)snprintf(path, n, "%s/%s", dir, name);
		out = path;
	}
	out_open(&to, out, OUT_BINARY);
	progress_builder(b);
	if ((r = to.o != NULL ? ota_builder_write_output(b, to.o) :
	    ota_builder_write(b, out_write, &to)) != OTA_OK) {
		if (to.err == 0 && r == OTA_E_IO)
			to.err = errno; /* a write into the output, not through out_write */
		out_abort(&to);
	}
	for (i = 0; i < ota_builder_diag_count(b); i++)
		if (!tool_quiet && (r == OTA_OK ||
		    strstr(ota_builder_errmsg(b), ota_builder_diag_message(b, i)) == NULL))
			tool_warn("warning: %s [%s]", ota_builder_diag_message(b, i),
			    ota_diag_name(ota_builder_diag_code(b, i)));
	if (r != OTA_OK) {
		tool_warn("%s: %s%s%s%s%s", out, ota_strerror(r), *ota_builder_errmsg(b) ? ": " : "",
		    ota_builder_errmsg(b), to.err ? ": " : "", to.err ? strerror(to.err) : "");
		ota_builder_free(&b);
		return r == OTA_E_POLICY || r == OTA_E_RANGE || r == OTA_E_LIMIT ? EXIT_INVALID :
		    EXIT_USAGE;
	}
	/* the name reaches standard output before the file is placed: a failed
	 * write there leaves no image under a name nobody was told */
	if (stdname) {
		printf("%s\n", shown(out));
		if (stdout_flush() != 0) {
			out_abort(&to);
			tool_warn("%s: not written: its name could not be printed", out);
			free(path);
			ota_builder_free(&b);
			return EXIT_USAGE;
		}
	}
	if (out_commit(&to) != EXIT_OK) {
		free(path);
		ota_builder_free(&b);
		return EXIT_USAGE;
	}
	free(path);
	ota_builder_free(&b);
	return EXIT_OK;
}
