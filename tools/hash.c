/* hash.c - otaimg hash --gbcs: the Manufacturer Image SHA-256 (the value an
 * Activate Firmware command carries), 64 hex digits and nothing else. */
#include "config.h"

#include <getopt.h>
#include <string.h>

#include "otaimg.h"
#include "tool.h"

#define SYNOPSIS "usage: otaimg hash --gbcs [-q | -v] " \
	"[--gbcs-cover manufacturer-image|upgrade-image] FILE"

int
cmd_hash(int argc, char **argv)
{
	static const struct option lo[] = {
		{ "gbcs", no_argument, NULL, 'g' },
		{ "gbcs-cover", required_argument, NULL, 'G' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "verbose", no_argument, NULL, 'v' },
		PROGRESS_OPTS,
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct ota_image *img;
	unsigned flags = 0;
	uint8_t h[32];
	int c, r, s, gbcs = 0;

	while ((c = getopt_long(argc, argv, "qvh", lo, NULL)) != -1) {
		opt_once(lo, c, NULL);
		if (common_opt(c))
			continue;
		switch (c) {
		case 'g':
			gbcs = 1;
			break;
		case 'G':
			flags |= parse_cover(optarg);
			break;
		case 'h':
			return tool_usage(EXIT_OK, SYNOPSIS, lo, "qvh");
		default:
			return tool_usage(EXIT_USAGE, SYNOPSIS, lo, "qvh");
		}
	}
	if (!gbcs || optind + 1 != argc)
		return tool_usage(EXIT_USAGE, SYNOPSIS, lo, "qvh");
	if ((s = open_image_as(argv[optind], OTA_FORMAT_GBCS, &img, 0)) != EXIT_OK)
		return s;
	if ((r = ota_image_manufacturer_hash(img, flags, h)) != OTA_OK) {
		tool_warn("%s: %s: %s", argv[optind], ota_strerror(r), ota_image_errmsg(img));
		ota_image_free(&img);
		return status_for(r);
	}
	hexout(h, sizeof(h), 0);
	printf("\n");
	ota_image_free(&img);
	return EXIT_OK;
}
