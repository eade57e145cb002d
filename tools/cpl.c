/* cpl.c - otaimg cpl: GB smart metering CPL Device_Model rows from an
 * image, checks of the five strings, and certificate firmware mapping. */
#include "config.h"

#include <getopt.h>
#include <string.h>

#include <jansson.h>

#include "otaimg.h"
#include "tool.h"

#define SYNOPSIS \
	"usage: otaimg cpl [-q | -v] IMAGE --hw XX/XX [--json | --csv]\n" \
	"       otaimg cpl [-q | -v] --check MFR MODEL HWVERSION HWREVISION FIRMWARE [--json | --csv]\n" \
	"       otaimg cpl [-q | -v] --cert-firmware TEXT --firmware XX:XX:XX:XX"
#define SHORTOPTS "qvh"

static int
usage(FILE *fp, int status)
{
	(void)fp;
	return tool_usage(status, SYNOPSIS, NULL, SHORTOPTS);
}

static void
print_row(const struct ota_cpl *c, int fmt)
{
	static const enum ota_cpl_field f[] = { OTA_CPL_MANUFACTURER, OTA_CPL_MODEL,
		OTA_CPL_HW_VERSION, OTA_CPL_HW_REVISION, OTA_CPL_FIRMWARE };
	char v[6][16];
	json_t *o;
	size_t i;

	for (i = 0; i < 5; i++)
		(void)ota_cpl_render(c, f[i], v[i], sizeof(v[i]));
	(void)ota_cpl_render(c, OTA_CPL_HW_ZIGBEE, v[5], sizeof(v[5]));
	if (fmt == 'j') {
		o = json_object();
		for (i = 0; i < 5; i++)
			json_object_set_new(o, ota_cpl_field_name(f[i]), json_string(v[i]));
		json_object_set_new(o, ota_cpl_field_name(OTA_CPL_HW_ZIGBEE), json_string(v[5]));
		json_dumpf(o, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		putchar('\n');
		json_decref(o);
	} else if (fmt == 'c') {
		for (i = 0; i < 5; i++)
			printf("%s%s", ota_cpl_field_name(f[i]), i < 4 ? "," : "\n");
		for (i = 0; i < 5; i++)
			printf("%s%s", v[i], i < 4 ? "," : "\n");
	} else {
		for (i = 0; i < 5; i++)
			printf("%-27s %s\n", ota_cpl_field_name(f[i]), v[i]);
		printf("%-27s %s\n", "hardware (Zigbee cert form)", v[5]);
	}
}

static int
report(const struct ota_cpl *c, int r)
{
	size_t i;

	for (i = 0; i < ota_cpl_message_count(c); i++)
		tool_warn("%s: %s", ota_cpl_message_is_error(c, i) ? "error" : "warning",
		    ota_cpl_message(c, i));
	return r == OTA_OK ? EXIT_OK : EXIT_INVALID;
}

static int
hexbyte(const char *s, uint8_t *v)
{
	uint64_t n;
	char b[5] = { '0', 'x', s[0], s[1], '\0' };

	if (s[0] == '\0' || s[1] == '\0' || parse_uint(b, 0xFF, &n) != 0)
		return -1;
	*v = (uint8_t)n;
	return 0;
}

int
cmd_cpl(int argc, char **argv)
{
	static const struct option lo[] = {
		{ "hw", required_argument, NULL, 'w' },
		{ "json", no_argument, NULL, 'j' },
		{ "csv", no_argument, NULL, 'c' },
		{ "check", no_argument, NULL, 'k' },
		{ "cert-firmware", required_argument, NULL, 't' },
		{ "firmware", required_argument, NULL, 'f' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *hw = NULL, *text = NULL, *fwarg = NULL;
	struct ota_image *img;
	struct ota_cpl *c;
	char explain[512];
	uint8_t hv, hr;
	uint32_t fw;
	int ch, fmt = 't', check = 0, r, s, coding;

	while ((ch = getopt_long(argc, argv, SHORTOPTS, lo, NULL)) != -1) {
		opt_once(lo, ch, NULL);
		if (common_opt(ch))
			continue;
		switch (ch) {
		case 'w':
			hw = optarg;
			break;
		case 'j':
		case 'c':
			fmt = ch;
			break;
		case 'k':
			check = 1;
			break;
		case 't':
			text = optarg;
			break;
		case 'f':
			fwarg = optarg;
			break;
		case 'h':
			return tool_usage(EXIT_OK, SYNOPSIS, lo, SHORTOPTS);
		default:
			return usage(stderr, EXIT_USAGE);
		}
	}
	if (text != NULL || fwarg != NULL) {
		if (text == NULL || fwarg == NULL || optind != argc)
			return usage(stderr, EXIT_USAGE);
		if ((c = ota_cpl_new()) == NULL)
			tool_die(EXIT_USAGE, "out of memory");
		/* the CPL value must itself be a valid firmware_version */
		if (ota_cpl_parse(c, "00:00", "00:00", "00", "00", fwarg) != OTA_OK) {
			s = report(c, OTA_E_RANGE);
			ota_cpl_free(&c);
			return s;
		}
		ota_cpl_free(&c);
		(void)parse_file_version(fwarg, &fw);
		coding = ota_cpl_firmware_mapping(text, fw, explain, sizeof(explain));
		printf("%s\n", explain);
		return coding == OTA_CPL_CODING_NONE ? EXIT_INVALID : EXIT_OK;
	}
	if ((c = ota_cpl_new()) == NULL)
		tool_die(EXIT_USAGE, "out of memory");
	if (check) {
		if (argc - optind != 5) {
			ota_cpl_free(&c);
			return usage(stderr, EXIT_USAGE);
		}
		r = ota_cpl_parse(c, argv[optind], argv[optind + 1], argv[optind + 2],
		    argv[optind + 3], argv[optind + 4]);
		if (r == OTA_OK)
			print_row(c, fmt);
		s = report(c, r);
		ota_cpl_free(&c);
		return s;
	}
	if (argc - optind != 1 || hw == NULL || strlen(hw) != 5 || hw[2] != '/' ||
	    hexbyte(hw, &hv) != 0 || hexbyte(hw + 3, &hr) != 0) {
		ota_cpl_free(&c);
		if (hw != NULL && argc - optind == 1)
			tool_die(EXIT_USAGE, "--hw: '%s' is not XX/XX (version/revision in hex)", hw);
		return usage(stderr, EXIT_USAGE);
	}
	if ((s = open_image(argv[optind], &img, 0)) != EXIT_OK) {
		ota_cpl_free(&c);
		return s;
	}
	r = ota_cpl_from_image(c, img, hv, hr);
	print_row(c, fmt);
	s = report(c, r);
	ota_cpl_free(&c);
	ota_image_free(&img);
	return s;
}
