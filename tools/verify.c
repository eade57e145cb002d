/* verify.c - otaimg verify: structure and the image integrity code. */
#include "config.h"

#include <getopt.h>
#include <string.h>

#include "otaimg.h"
#include "tool.h"

static const struct option longopts[] = {
	{ "strict", no_argument, NULL, 's' },
	{ "quiet", no_argument, NULL, 'q' },
	{ "verbose", no_argument, NULL, 'v' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

static int
usage(FILE *fp, int status)
{
	fprintf(fp, "usage: otaimg verify [--strict] [-q | -v] FILE ...\n");
	return status;
}

static void
hex16(const uint8_t *b, char *out)
{
	int i;

	for (i = 0; i < 16; i++)
		(void)snprintf(out + 2 * i, 3, "%02X", b[i]);
}

static int
verify_one(const char *file, unsigned flags, int quiet, int verbose)
{
	struct ota_image *img;
	uint8_t code[16];
	char hx[33];
	const char *iic;
	size_t i;
	int r, s, signed_img = 0;

	if ((s = open_image(file, &img, 0)) != EXIT_OK)
		return s;
	r = ota_image_verify(img, flags);
	if (!quiet)
		print_diags(img, file, verbose ? OTA_SEV_INFO : OTA_SEV_WARNING);
	if (r != OTA_OK) {
		fprintf(stderr, "%s: %s: offset %llu: %s (%s): %s\n", tool_name, file,
		    (unsigned long long)ota_image_erroffset(img), ota_strerror(r), ota_errname(r),
		    ota_image_errmsg(img));
		ota_image_free(&img);
		return status_for(r);
	}
	for (i = 0; i < ota_image_diag_count(img); i++)
		if (ota_image_diag_code(img, i) == OTA_D_SIGNATURE_PRESENT)
			signed_img = 1;
	switch (ota_image_iic_result(img)) {
	case OTA_IIC_MATCH:
		iic = "integrity code matches";
		break;
	case OTA_IIC_MATCH_VENDOR:
		iic = "integrity code matches a vendor rule";
		break;
	default:
		iic = "no integrity code";
		break;
	}
	if (!quiet) {
		printf("%s: OK: structure valid, %s%s\n", file, iic,
		    signed_img ? ", signature not checked" : "");
		if (verbose && ota_image_iic_computed(img, code) == OTA_OK) {
			hex16(code, hx);
			printf("%s: integrity code %s\n", file, hx);
		}
	}
	ota_image_free(&img);
	return EXIT_OK;
}

int
cmd_verify(int argc, char **argv)
{
	unsigned flags = 0;
	int c, i, quiet = 0, verbose = 0, status = EXIT_OK, s;

	while ((c = getopt_long(argc, argv, "sqvh", longopts, NULL)) != -1) {
		switch (c) {
		case 's':
			flags |= OTA_VERIFY_STRICT;
			break;
		case 'q':
			quiet = 1;
			break;
		case 'v':
			verbose = 1;
			break;
		case 'h':
			return usage(stdout, EXIT_OK);
		default:
			return usage(stderr, EXIT_USAGE);
		}
	}
	if (optind >= argc)
		return usage(stderr, EXIT_USAGE);
	for (i = optind; i < argc; i++) {
		s = verify_one(argv[i], flags, quiet, verbose);
		status = s > status ? s : status;
	}
	return status;
}
