/* extract.c - otaimg extract: write one element's data (or the raw
 * payload) to a file, atomically. */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "otaimg.h"
#include "tool.h"

static const struct option longopts[] = {
	{ "tag", required_argument, NULL, 't' },
	{ "index", required_argument, NULL, 'n' },
	{ "raw", no_argument, NULL, 'r' },
	{ "output", required_argument, NULL, 'o' },
	{ "quiet", no_argument, NULL, 'q' },
	{ "verbose", no_argument, NULL, 'v' },
	PROGRESS_OPTS,
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

static int
usage(FILE *fp, int status)
{
	(void)fp;
	return tool_usage(status, "usage: otaimg extract [-q | -v] FILE (--tag ID [--index N] | --raw) "
	    "-o OUT\n       otaimg extract [-q | -v] MATTER-FILE -o OUT", longopts, "t:n:ro:qvh");
}

/* Standard input cannot be read twice: the element (or raw payload) is
 * written while open reads the input (ota_image_stream_extract). */
static int
extract_stream(int raw, uint16_t tag, size_t nth, const char *out)
{
	struct ota_image *img;
	struct tool_out to;
	size_t idx;
	int r, s = EXIT_OK;

	if ((img = ota_image_new()) == NULL)
		tool_die(EXIT_USAGE, "out of memory");
	progress_image(img);
	out_open(&to, out, OUT_BINARY);
	r = raw ? ota_image_stream_extract_raw(img, out_write, &to) :
	    ota_image_stream_extract(img, tag, nth, out_write, &to);
	if (r == OTA_OK)
		r = in_open_image(img, "-");
	if (r != OTA_OK) {
		tool_warn("-: offset %llu: %s (%s): %s%s%s", (unsigned long long)ota_image_erroffset(img),
		    ota_strerror(r), ota_errname(r), ota_image_errmsg(img), to.err ? ": " : "",
		    to.err ? strerror(to.err) : "");
		s = status_for(r);
	} else if (raw && ota_image_raw_payload(img, NULL, NULL, NULL) != OTA_OK) {
		tool_warn("-: the image has no raw payload (its sub-elements parse)");
		s = EXIT_INVALID;
	} else if (!raw && ota_image_element_find(img, tag, nth, &idx) != OTA_OK) {
		tool_warn("-: no element with tag 0x%04X%s", (unsigned)tag, nth ? " at that index" : "");
		s = EXIT_INVALID;
	}
	ota_image_free(&img);
	if (s != EXIT_OK) {
		out_abort(&to);
		return s;
	}
	return out_commit(&to);
}

int
cmd_extract(int argc, char **argv)
{
	struct ota_image *img;
	const char *file, *out = NULL;
	uint64_t tag = 0, nth = 0;
	size_t idx;
	struct tool_out to;
	int c, r, have_tag = 0, raw = 0;

	while ((c = getopt_long(argc, argv, "t:n:ro:qvh", longopts, NULL)) != -1) {
		opt_once(longopts, c, NULL);
		if (common_opt(c))
			continue;
		switch (c) {
		case 't':
			if (parse_uint(optarg, 0xFFFF, &tag) != 0)
				tool_die(EXIT_USAGE, "--tag: '%s' is not a tag from 0 to 0xFFFF", optarg);
			have_tag = 1;
			break;
		case 'n':
			if (parse_uint(optarg, OTA_MAX_ELEMENTS, &nth) != 0)
				tool_die(EXIT_USAGE, "--index: '%s' is not a number", optarg);
			break;
		case 'r':
			raw = 1;
			break;
		case 'o':
			out = optarg;
			break;
		case 'h':
			return usage(stdout, EXIT_OK);
		default:
			return usage(stderr, EXIT_USAGE);
		}
	}
	if (optind + 1 == argc && out != NULL && !have_tag && !raw &&
	    in_kind(argv[optind]) == IN_MATTER) /* its payload (tools/matter.c) */
		return matter_extract(argv[optind], out);
	if (optind + 1 != argc || out == NULL || have_tag == raw)
		return usage(stderr, EXIT_USAGE);
	file = argv[optind];
	if (strcmp(file, "-") == 0)
		return extract_stream(raw, (uint16_t)tag, (size_t)nth, out);
	if (same_file(file, out))
		tool_die(EXIT_USAGE, "%s: the output is the input file", out);
	if ((img = ota_image_new()) == NULL)
		tool_die(EXIT_USAGE, "out of memory");
	progress_image(img);
	if ((r = ota_image_open_path(img, file)) != OTA_OK) {
		tool_warn("%s: offset %llu: %s (%s): %s", file,
		    (unsigned long long)ota_image_erroffset(img), ota_strerror(r), ota_errname(r),
		    ota_image_errmsg(img));
		ota_image_free(&img);
		return status_for(r);
	}
	if (!raw && ota_image_element_find(img, (uint16_t)tag, (size_t)nth, &idx) != OTA_OK) {
		tool_warn("%s: no element with tag 0x%04X%s", file, (unsigned)tag,
		    nth ? " at that index" : "");
		ota_image_free(&img);
		return EXIT_INVALID;
	}
	out_open(&to, out, OUT_BINARY);
	r = raw ? ota_image_extract_raw(img, out_write, &to) :
	    ota_image_extract(img, idx, out_write, &to);
	if (r != OTA_OK) {
		out_abort(&to);
		tool_warn("%s: offset %llu: %s (%s): %s%s%s", file,
		    (unsigned long long)ota_image_erroffset(img), ota_strerror(r), ota_errname(r),
		    ota_image_errmsg(img),
		    to.err ? ": " : "", to.err ? strerror(to.err) : "");
		ota_image_free(&img);
		return r == OTA_E_NOT_FOUND ? EXIT_INVALID : EXIT_USAGE;
	}
	ota_image_free(&img);
	return out_commit(&to);
}
