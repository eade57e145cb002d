/* util.c - helpers shared by the otaimg subcommands. */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "otaimg.h"
#include "tool.h"

const char *tool_name = "otaimg";

void
tool_warn(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", tool_name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

void
tool_die(int status, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", tool_name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(status);
}

int
parse_uint(const char *s, uint64_t max, uint64_t *out)
{
	unsigned long long v;
	char *end;

	if (s == NULL || *s == '\0' || *s == '-' || *s == '+' || *s == ' ')
		return -1;
	errno = 0;
	v = strtoull(s, &end, 0);
	if (errno != 0 || *end != '\0' || v > max)
		return -1;
	*out = v;
	return 0;
}

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

int
parse_file_version(const char *s, uint32_t *out)
{
	uint32_t v = 0;
	uint64_t n;
	int i, hi, lo;

	if (strchr(s, ':') == NULL) {
		if (parse_uint(s, UINT32_MAX, &n) != 0)
			return -1;
		*out = (uint32_t)n;
		return 0;
	}
	/* "XX:XX:XX:XX": app release, app build, stack release, stack build */
	if (strlen(s) != 11)
		return -1;
	for (i = 0; i < 4; i++) {
		if (i < 3 && s[3 * i + 2] != ':')
			return -1;
		if ((hi = hexval(s[3 * i])) < 0 || (lo = hexval(s[3 * i + 1])) < 0)
			return -1;
		v = (v << 8) | (uint32_t)(hi * 16 + lo);
	}
	*out = v;
	return 0;
}

int
write_fd(void *ctx, const void *buf, size_t len)
{
	int fd = *(int *)ctx;
	const char *p = buf;
	ssize_t w;

	while (len > 0) {
		w = write(fd, p, len);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		len -= (size_t)w;
	}
	return 0;
}

void
print_diags(const struct ota_image *img, const char *file, enum ota_severity min)
{
	static const char *sev[] = { "note", "warning", "error" };
	size_t i, n = ota_image_diag_count(img);

	for (i = 0; i < n; i++) {
		int code = ota_image_diag_code(img, i);
		enum ota_severity s = ota_diag_severity(code);

		if (s < min)
			continue;
		/* the failure line repeats this one (an error, or a warning under
		 * --strict): say it once */
		if (strstr(ota_image_errmsg(img), ota_image_diag_message(img, i)) != NULL)
			continue;
		fprintf(stderr, "%s: %s: %s: offset %llu: %s [%s]\n", tool_name, file, sev[s],
		    (unsigned long long)ota_image_diag_offset(img, i), ota_image_diag_message(img, i),
		    ota_diag_name(code));
	}
}

int
status_for(int err)
{
	switch (err) {
	case OTA_E_IO:
	case OTA_E_NOMEM:
	case OTA_E_INVAL:
	case OTA_E_UNSUPPORTED:
	case OTA_E_CRYPTO:
	case OTA_E_NOKEY:
		return EXIT_USAGE;
	default:
		return EXIT_INVALID;
	}
}

const char *
stack_name(uint16_t v)
{
	static const char *n[] = { "ZigBee 2006", "ZigBee 2007", "ZigBee PRO", "ZigBee IP" };

	return v < 4 ? n[v] : "unknown";
}

const char *
credential_name(uint8_t v)
{
	static const char *n[] = { "SE 1.0", "SE 1.1", "SE 2.0", "SE 1.2" };

	return v < 4 ? n[v] : "unknown";
}

const char *
container_name(enum ota_container c)
{
	switch (c) {
	case OTA_CONTAINER_NGIS:
		return "ngis";
	case OTA_CONTAINER_SIZE_PREFIX:
		return "size-prefix";
	case OTA_CONTAINER_UNKNOWN:
		return "unknown";
	case OTA_CONTAINER_NONE:
		break;
	}
	return "none";
}

const char *
walk_name(enum ota_walk w)
{
	switch (w) {
	case OTA_WALK_TELINK_F000:
		return "telink-f000";
	case OTA_WALK_FAILED:
		return "failed";
	case OTA_WALK_GBCS:
		return "gbcs";
	case OTA_WALK_STANDARD:
		break;
	}
	return "standard";
}

int
parse_format(const char *s, enum ota_format *f)
{
	if (strcmp(s, "auto") == 0)
		*f = OTA_FORMAT_AUTO;
	else if (strcmp(s, "zigbee") == 0)
		*f = OTA_FORMAT_ZIGBEE;
	else if (strcmp(s, "gbcs") == 0)
		*f = OTA_FORMAT_GBCS;
	else
		return -1;
	return 0;
}

/* --gbcs-cover: what a GBCS hash and signature cover. */
unsigned
parse_cover(const char *arg)
{
	if (strcmp(arg, "upgrade-image") == 0)
		return OTA_GBCS_COVER_IMAGE;
	if (strcmp(arg, "manufacturer-image") != 0)
		tool_die(EXIT_USAGE, "--gbcs-cover: manufacturer-image or upgrade-image");
	return 0;
}

void
hexout(const uint8_t *p, size_t n, int upper)
{
	size_t i;

	for (i = 0; i < n; i++)
		printf(upper ? "%02X" : "%02x", p[i]);
}

int
open_image(const char *file, struct ota_image **imgp, int quiet)
{
	return open_image_as(file, OTA_FORMAT_AUTO, imgp, quiet);
}

int
open_image_as(const char *file, enum ota_format format, struct ota_image **imgp, int quiet)
{
	return open_image_flags(file, format, 0, imgp, quiet);
}

int
header_has(const struct ota_image *img, unsigned end)
{
	uint64_t at;

	return ota_image_truncation(img, &at, NULL) != OTA_OK ||
	    ota_image_ota_offset(img) + end <= at;
}

int
open_image_flags(const char *file, enum ota_format format, unsigned flags,
    struct ota_image **imgp, int quiet)
{
	struct ota_image *img;
	int r;

	*imgp = NULL;
	if ((img = ota_image_new()) == NULL || ota_image_set_format(img, format) != OTA_OK ||
	    ota_image_set_open_flags(img, flags) != OTA_OK)
		tool_die(EXIT_USAGE, "out of memory");
	r = strcmp(file, "-") == 0 ? ota_image_open_fd(img, STDIN_FILENO) :
	    ota_image_open_path(img, file);
	if (r != OTA_OK) {
		if (!quiet)
			tool_warn("%s: offset %llu: %s (%s): %s", file,
			    (unsigned long long)ota_image_erroffset(img), ota_strerror(r),
			    ota_errname(r), ota_image_errmsg(img));
		ota_image_free(&img);
		return status_for(r);
	}
	*imgp = img;
	return EXIT_OK;
}
