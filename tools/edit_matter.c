/* edit_matter.c - otaimg edit on a Matter OTA image: the options that mean
 * the same are handed to change-header (otaimg-edit(1), MATTER), and what
 * changed is printed as for a Zigbee image. */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "otaimg.h"
#include "tool.h"

int
edit_is_matter(const char *file)
{
	uint8_t b[4];
	FILE *fp;
	size_t n;

	if (strcmp(file, "-") == 0 || (fp = fopen(file, "rb")) == NULL)
		return 0;
	n = fread(b, 1, sizeof(b), fp);
	(void)fclose(fp);
	return n == 4 && b[0] == 0x1E && b[1] == 0xF1 && b[2] == 0xEE && b[3] == 0x1B;
}

static int
header_of(const char *file, struct ota_matter_header *h, uint32_t *hsize, uint64_t *total)
{
	struct ota_matter *m = ota_matter_new();
	int r;

	if (m == NULL)
		tool_die(EXIT_USAGE, "out of memory");
	if ((r = ota_matter_open_path(m, file)) == OTA_OK) {
		r = ota_matter_get_header(m, h);
		*hsize = ota_matter_header_size(m);
		*total = ota_matter_total_size(m);
	}
	ota_matter_free(&m);
	return r;
}

static void
line(FILE *fp, const char *field, const char *a, const char *b)
{
	if (strcmp(a, b) != 0)
		fprintf(fp, "%s: %s \xe2\x86\x92 %s\n", field, shown(a), shown(b));
}

static void
numline(FILE *fp, const char *field, int had, uint64_t a, int has, uint64_t b)
{
	char x[32], y[32];

	if (had)
		(void)snprintf(x, sizeof(x), "%llu", (unsigned long long)a);
	else
		(void)snprintf(x, sizeof(x), "absent");
	if (has)
		(void)snprintf(y, sizeof(y), "%llu", (unsigned long long)b);
	else
		(void)snprintf(y, sizeof(y), "absent");
	line(fp, field, x, y);
}

/* argv: "change-header", the mapped options, -o OUT, FILE. */
int
edit_matter(int argc, char **argv, const char *in, const char *out)
{
	struct ota_matter_header a, b;
	uint32_t ha, hb;
	uint64_t ta, tb;
	int s, have_old;
	FILE *fp = strcmp(out, "-") == 0 ? stderr : stdout;

	have_old = header_of(in, &a, &ha, &ta) == OTA_OK;
	optind = 0; /* a fresh getopt for change-header's options */
	opt_once(NULL, 0, NULL);
	if ((s = cmd_change_header(argc, argv)) != EXIT_OK || !have_old || fp == stderr ||
	    tool_quiet || header_of(out, &b, &hb, &tb) != OTA_OK)
		return s;
	numline(fp, "vendor_id", 1, a.vendor_id, 1, b.vendor_id);
	numline(fp, "product_id", 1, a.product_id, 1, b.product_id);
	numline(fp, "software_version", 1, a.version, 1, b.version);
	line(fp, "software_version_string", a.version_string, b.version_string);
	numline(fp, "min_applicable_version", a.has_min_version, a.min_version, b.has_min_version,
	    b.min_version);
	numline(fp, "max_applicable_version", a.has_max_version, a.max_version, b.has_max_version,
	    b.max_version);
	line(fp, "release_notes_url", a.has_url ? a.release_notes_url : "absent",
	    b.has_url ? b.release_notes_url : "absent");
	line(fp, "digest_type", ota_matter_digest_name(a.digest_type) != NULL ?
	    ota_matter_digest_name(a.digest_type) : "?", ota_matter_digest_name(b.digest_type) !=
	    NULL ? ota_matter_digest_name(b.digest_type) : "?");
	numline(fp, "header_size", 1, ha, 1, hb);
	numline(fp, "total_size", 1, ta, 1, tb);
	fprintf(fp, "digest: recomputed\n");
	return s;
}
