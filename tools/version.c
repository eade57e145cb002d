/* version.c - otaimg version: parse, convert and compare firmware versions
 * across formats (the library's one version type, lib/core/version.c), for
 * scripts. */
#include "config.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "otaimg.h"
#include "tool.h"

enum { O_TO = 0x500, O_FORCE, O_BCD, O_COMPARE };

static const struct option longopts[] = {
	{ "to", required_argument, NULL, O_TO },
	{ "bcd", no_argument, NULL, O_BCD },
	{ "force", no_argument, NULL, O_FORCE },
	{ "compare", no_argument, NULL, O_COMPARE },
	{ "quiet", no_argument, NULL, 'q' },
	{ "verbose", no_argument, NULL, 'v' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

static int
usage(int status)
{
	return tool_usage(status,
	    "usage: otaimg version [--bcd] [--to u32|hex|octets|fw|string|bcd] [--force] VERSION\n"
	    "       otaimg version --compare [--bcd] A B",
	    longopts, "qvh");
}

/* A version as a number (u32) and as M.m.r+b; *lossy: the fw form drops a
 * part (never for a u32 input; M.m.r+b with a build number to u32). */
struct ver {
	int is_fw;
	uint32_t u;
	struct ota_fw_version fw;
};

static int
get(const char *s, int bcd, struct ver *v)
{
	uint32_t b;
	int r;

	memset(v, 0, sizeof(*v));
	if (strchr(s, '.') != NULL || strchr(s, '+') != NULL) {
		if (bcd) /* --bcd reads a 32-bit version; M.m.r+b is not one */
			tool_die(EXIT_USAGE, "--bcd: '%s' is M.m.r+b, not a 32-bit BCD version",
			    shown(s));
		if ((r = ota_fw_version_parse(s, &v->fw)) != OTA_OK)
			return r;
		v->is_fw = 1;
		return OTA_OK;
	}
	if ((r = ota_version_u32_parse(s, &v->u)) != OTA_OK)
		return r;
	if (bcd) {
		b = v->u;
		if ((r = ota_version_bcd_decode(b, &v->u)) != OTA_OK)
			return r;
	}
	ota_fw_version_from_u32(v->u, &v->fw);
	return OTA_OK;
}

int
cmd_version(int argc, char **argv)
{
	static const char *const forms[] = { "u32", "hex", "octets", "fw", "string", "bcd", NULL };
	const char *to = NULL;
	struct ver a, b;
	char txt[64];
	uint32_t u = 0, bcd;
	unsigned flags = 0;
	int c, i, r, is_bcd = 0, compare = 0, lossy;

	while ((c = getopt_long(argc, argv, "qvh", longopts, NULL)) != -1) {
		opt_once(longopts, c, NULL);
		if (common_opt(c))
			continue;
		switch (c) {
		case O_TO:
			for (i = 0; forms[i] != NULL && strcmp(forms[i], optarg) != 0; i++)
				;
			if (forms[i] == NULL)
				tool_die(EXIT_USAGE, "--to: u32, hex, octets, fw, string or bcd");
			to = optarg;
			break;
		case O_FORCE:
			flags |= OTA_VERSION_FORCE;
			break;
		case O_BCD:
			is_bcd = 1;
			break;
		case O_COMPARE:
			compare = 1;
			break;
		case 'h':
			return usage(EXIT_OK);
		default:
			return usage(EXIT_USAGE);
		}
	}
	if (optind + 1 + compare != argc || (compare && to != NULL))
		return usage(EXIT_USAGE);
	if ((r = get(argv[optind], is_bcd, &a)) != OTA_OK)
		tool_die(EXIT_USAGE, "'%s' is not a version (a number, 0x hex, XX:XX:XX:XX or "
		    "M.m.r+b): %s%s", shown(argv[optind]), ota_strerror(r), version_hint(argv[optind]));
	if (compare) {
		if ((r = get(argv[optind + 1], is_bcd, &b)) != OTA_OK)
			tool_die(EXIT_USAGE, "'%s' is not a version: %s%s", shown(argv[optind + 1]),
			    ota_strerror(r), version_hint(argv[optind + 1]));
		printf("%d\n", ota_fw_version_compare(&a.fw, &b.fw));
		return EXIT_OK;
	}
	/* the 32-bit form of an M.m.r+b input */
	lossy = 0;
	if (a.is_fw) {
		if (ota_fw_version_to_u32(&a.fw, flags, &u) == OTA_OK)
			a.u = u;
		else
			lossy = 1;
	}
	if (to == NULL || strcmp(to, "fw") == 0) {
		(void)ota_fw_version_format(&a.fw, txt, sizeof(txt));
		printf(to == NULL ? "fw=%s\n" : "%s\n", txt);
	}
	if (to == NULL || strcmp(to, "string") == 0) {
		(void)ota_fw_version_to_string(&a.fw, 0, txt, sizeof(txt));
		printf(to == NULL ? "string=%s\n" : "%s\n", txt);
	}
	if (lossy) {
		if (to == NULL || (strcmp(to, "fw") != 0 && strcmp(to, "string") != 0)) {
			tool_warn("%s: the build number does not fit a 32-bit version (%s); --force "
			    "drops it", shown(argv[optind]), ota_errname(OTA_E_VERSION_LOSSY));
			return EXIT_INVALID;
		}
		return EXIT_OK;
	}
	if (to == NULL || strcmp(to, "u32") == 0)
		printf(to == NULL ? "u32=%lu\n" : "%lu\n", (unsigned long)a.u);
	if (to == NULL || strcmp(to, "hex") == 0)
		printf(to == NULL ? "hex=0x%08lX\n" : "0x%08lX\n", (unsigned long)a.u);
	if (to == NULL || strcmp(to, "octets") == 0) {
		(void)ota_version_u32_format(a.u, txt, sizeof(txt));
		printf(to == NULL ? "octets=%s\n" : "%s\n", txt);
	}
	if (to == NULL || strcmp(to, "bcd") == 0) {
		if (ota_version_bcd_encode(a.u, &bcd) == OTA_OK) {
			printf(to == NULL ? "bcd=0x%08lX\n" : "0x%08lX\n", (unsigned long)bcd);
		} else if (to != NULL) {
			tool_warn("%lu has more than 8 decimal digits: no BCD form (%s)",
			    (unsigned long)a.u, ota_errname(OTA_E_VERSION_LOSSY));
			return EXIT_INVALID;
		}
	}
	return EXIT_OK;
}
