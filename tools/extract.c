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
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

static int
usage(FILE *fp, int status)
{
	fprintf(fp, "usage: otaimg extract FILE (--tag ID [--index N] | --raw) -o OUT\n");
	return status;
}

/* A file written beside out and renamed over it only when complete. */
struct tmpout {
	int fd;
	char *tmp;
};

static int
tmp_open(struct tmpout *t, const char *out)
{
	size_t n = strlen(out) + sizeof(".XXXXXX");

	if ((t->tmp = malloc(n)) == NULL)
		return -1;
	(void)snprintf(t->tmp, n, "%s.XXXXXX", out);
	if ((t->fd = mkstemp(t->tmp)) < 0) {
		free(t->tmp);
		t->tmp = NULL;
		return -1;
	}
	(void)fchmod(t->fd, 0644); /* as ota_image_extract_path writes it */
	return 0;
}

static int
tmp_close(struct tmpout *t, const char *out, int keep)
{
	int r = 0;

	if (t->tmp == NULL)
		return 0;
	if (keep && (fsync(t->fd) != 0 || close(t->fd) != 0 || rename(t->tmp, out) != 0))
		r = -1;
	else if (!keep)
		(void)close(t->fd);
	if (!keep || r != 0)
		(void)unlink(t->tmp);
	free(t->tmp);
	t->tmp = NULL;
	return r;
}

/* Standard input cannot be read twice: the element (or raw payload) is
 * written while open reads the input (ota_image_stream_extract). */
static int
extract_stream(int raw, uint16_t tag, size_t nth, const char *out)
{
	struct ota_image *img;
	struct tmpout t = { -1, NULL };
	size_t idx;
	int fd = STDOUT_FILENO, r, s = EXIT_OK;

	if ((img = ota_image_new()) == NULL)
		tool_die(EXIT_USAGE, "out of memory");
	if (strcmp(out, "-") != 0) {
		if (tmp_open(&t, out) != 0)
			tool_die(EXIT_USAGE, "cannot create a file beside %s: %s", out, strerror(errno));
		fd = t.fd;
	}
	r = raw ? ota_image_stream_extract_raw(img, write_fd, &fd) :
	    ota_image_stream_extract(img, tag, nth, write_fd, &fd);
	if (r == OTA_OK)
		r = ota_image_open_fd(img, STDIN_FILENO);
	if (r != OTA_OK) {
		tool_warn("-: offset %llu: %s: %s", (unsigned long long)ota_image_erroffset(img),
		    ota_strerror(r), ota_image_errmsg(img));
		s = status_for(r);
	} else if (raw && ota_image_raw_payload(img, NULL, NULL, NULL) != OTA_OK) {
		tool_warn("-: the image has no raw payload (its sub-elements parse)");
		s = EXIT_INVALID;
	} else if (!raw && ota_image_element_find(img, tag, nth, &idx) != OTA_OK) {
		tool_warn("-: no element with tag 0x%04X%s", (unsigned)tag, nth ? " at that index" : "");
		s = EXIT_INVALID;
	}
	if (tmp_close(&t, out, s == EXIT_OK) != 0) {
		tool_warn("cannot write %s: %s", out, strerror(errno));
		s = EXIT_USAGE;
	}
	ota_image_free(&img);
	return s;
}

int
cmd_extract(int argc, char **argv)
{
	struct ota_image *img;
	const char *file, *out = NULL;
	uint64_t tag = 0, nth = 0;
	size_t idx;
	int c, r, have_tag = 0, raw = 0, fd = STDOUT_FILENO;

	while ((c = getopt_long(argc, argv, "t:n:ro:h", longopts, NULL)) != -1) {
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
	if (optind + 1 != argc || out == NULL || have_tag == raw)
		return usage(stderr, EXIT_USAGE);
	file = argv[optind];
	if (strcmp(file, "-") == 0)
		return extract_stream(raw, (uint16_t)tag, (size_t)nth, out);
	if ((img = ota_image_new()) == NULL)
		tool_die(EXIT_USAGE, "out of memory");
	if ((r = ota_image_open_path(img, file)) != OTA_OK) {
		tool_warn("%s: offset %llu: %s: %s", file,
		    (unsigned long long)ota_image_erroffset(img), ota_strerror(r), ota_image_errmsg(img));
		ota_image_free(&img);
		return status_for(r);
	}
	if (!raw && ota_image_element_find(img, (uint16_t)tag, (size_t)nth, &idx) != OTA_OK) {
		tool_warn("%s: no element with tag 0x%04X%s", file, (unsigned)tag,
		    nth ? " at that index" : "");
		ota_image_free(&img);
		return EXIT_INVALID;
	}
	if (strcmp(out, "-") == 0)
		r = raw ? ota_image_extract_raw(img, write_fd, &fd) :
		    ota_image_extract(img, idx, write_fd, &fd);
	else
		r = raw ? ota_image_extract_raw_path(img, out) : ota_image_extract_path(img, idx, out);
	if (r != OTA_OK) {
		tool_warn("%s: %s: %s", file, ota_strerror(r), ota_image_errmsg(img));
		ota_image_free(&img);
		return r == OTA_E_NOT_FOUND ? EXIT_INVALID : EXIT_USAGE;
	}
	ota_image_free(&img);
	return EXIT_OK;
}
