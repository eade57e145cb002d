/* mesharchive_create.c - otaimg create --format mesh-zip|mesh-tar: a Mesh
 * DFU firmware archive from a signed MCUboot image (or a raw binary signed
 * on the way), a firmware ID, and composition data or ready metadata. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "otaimg.h"
#include "tool.h"
#include "mesharchive.h"

enum {
	O_FORMAT = 256, O_FWID, O_COMPANY, O_COMP, O_COMP_HEX, O_METADATA, O_USER_DATA, O_URI,
	O_ORDER, O_CORE, O_NAME
};

static const struct option longopts[] = {
	{ "format", required_argument, NULL, O_FORMAT },
	{ "output", required_argument, NULL, 'o' },
	{ "fwid", required_argument, NULL, O_FWID },
	{ "company", required_argument, NULL, O_COMPANY },
	{ "comp", required_argument, NULL, O_COMP },
	{ "comp-hex", required_argument, NULL, O_COMP_HEX },
	{ "metadata", required_argument, NULL, O_METADATA },
	{ "user-data", required_argument, NULL, O_USER_DATA },
	{ "uri", required_argument, NULL, O_URI },
	{ "vendor-order", required_argument, NULL, O_ORDER },
	{ "core-type", required_argument, NULL, O_CORE },
	{ "image-name", required_argument, NULL, O_NAME },
	MCUBOOT_SIGN_LONGOPTS,
	{ "quiet", no_argument, NULL, 'q' },
	{ "verbose", no_argument, NULL, OPT_VERBOSE },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

static int
usage(int status)
{
	return tool_usage(status,
	    "usage: otaimg create --format mesh-zip|mesh-tar -o OUT\n"
	    "         (--fwid FWID | --company ID) [--comp FILE | --comp-hex HEX | --metadata HEX]\n"
	    "         [--vendor-order device|model-first] [--core-type N] [--user-data HEX]\n"
	    "         [--uri URI] [--image-name NAME]\n"
	    "         [-k KEY [--passin SRC] --version M.m.r+b [-H SIZE] [--pad-header]\n"
	    "          [--align N] [--slot-size N [--pad]] [--load-addr A] [--security-counter N]\n"
	    "          [--custom-tlv TYPE HEX ...] [--sha auto|256|384|512]\n"
	    "          [--public-key-format hash|full]] [-q | --verbose] IMAGE\n"
	    "(IMAGE: a signed MCUboot image, or a raw binary that -k signs on the way as\n"
	    " otaimg create --format mcuboot does)",
	    longopts, "o:k:H:qh");
}

static void
wcheck(struct ota_mesh_writer *w, int r, const char *what)
{
	if (r != OTA_OK)
		tool_die(status_for(r), "%s: %s (%s)%s%s", what, ota_strerror(r), ota_errname(r),
		    *ota_mesh_writer_errmsg(w) ? ": " : "", shown(ota_mesh_writer_errmsg(w)));
}

/* Small text file (the composition JSON), whole. */
static char *
slurp_text(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	char *buf;
	size_t n;

	if (fp == NULL)
		tool_die(EXIT_USAGE, "%s: %s", path, strerror(errno));
	if ((buf = malloc(OTA_MESH_COMP_JSON_MAX + 1)) == NULL)
		tool_die(EXIT_USAGE, "out of memory");
	n = fread(buf, 1, OTA_MESH_COMP_JSON_MAX + 1, fp);
	if (ferror(fp))
		tool_die(EXIT_USAGE, "%s: %s", path, strerror(errno));
	(void)fclose(fp);
	if (n > OTA_MESH_COMP_JSON_MAX)
		tool_die(EXIT_USAGE, "%s: over %u bytes", path, OTA_MESH_COMP_JSON_MAX);
	buf[n] = '\0';
	*len = n;
	return buf;
}

/* Sign the raw binary into an anonymous temporary file; its descriptor. */
static int
sign_raw(const char *in, struct ota_mcuboot_signer *s)
{
	FILE *tmp = tmpfile();
	int fd, r;

	if (tmp == NULL || (fd = dup(fileno(tmp))) < 0)
		tool_die(EXIT_USAGE, "temporary file: %s", strerror(errno));
	(void)fclose(tmp);
	r = ota_mcuboot_sign(s, in, write_fd, &fd);
	if (r != OTA_OK)
		tool_die(status_for(r), "%s: signing: %s (%s): %s", shown(in), ota_strerror(r),
		    ota_errname(r), shown(ota_mcuboot_signer_errmsg(s)));
	return fd;
}

/* SOURCE_DATE_EPOCH, or the writer's fixed default. */
static void
set_time(struct ota_mesh_writer *w)
{
	const char *e = getenv("SOURCE_DATE_EPOCH");
	uint64_t t;

	if (e == NULL || *e == '\0')
		return;
	if (parse_uint(e, INT64_C(4102444800), &t) != 0)
		tool_die(EXIT_USAGE, "SOURCE_DATE_EPOCH: '%s' is not a number of seconds", e);
	if (t < 315532800u) {
		if (!tool_quiet)
			tool_warn("warning: SOURCE_DATE_EPOCH %llu is before 1980, the earliest ZIP "
			    "time: 1980-01-01 is used", (unsigned long long)t);
		t = 315532800u;
	}
	wcheck(w, ota_mesh_writer_set_mtime(w, (int64_t)t), "SOURCE_DATE_EPOCH");
}

int
cmd_create_mesh(int argc, char **argv)
{
	struct ota_mesh_writer *w = ota_mesh_writer_new();
	static const int rep[] = { OPT_MB_CTLV, 0 };
	struct ota_mcuboot_signer *s = NULL;
	struct ota_mesh_comp *comp = NULL;
	struct mcuboot_opts mo;
	struct tool_out to;
	const char *out = NULL, *name = NULL, *in;
	enum ota_mesh_vendor_order order = OTA_MESH_VENDOR_DEVICE;
	uint8_t buf[OTA_MESH_COMP_MAX + 8];
	size_t len;
	int c, r, fd = -1, have_comp = 0, have_md = 0;
	char *text;

	if (w == NULL)
		tool_die(EXIT_USAGE, "out of memory");
	mcuboot_opts_init(&mo);
	while ((c = getopt_long(argc, argv, "o:k:H:qh", longopts, NULL)) != -1) {
		opt_once(longopts, c, rep);
		if (common_opt(c) || mcuboot_opt(&mo, c, argc, argv))
			continue;
		switch (c) {
		case O_FORMAT:
			if (strcmp(optarg, "mesh-zip") == 0)
				wcheck(w, ota_mesh_writer_set_dialect(w, OTA_MESH_DIALECT_NCS_ZIP), "--format");
			else if (strcmp(optarg, "mesh-tar") == 0)
				wcheck(w, ota_mesh_writer_set_dialect(w, OTA_MESH_DIALECT_SPEC_TAR), "--format");
			else
				tool_die(EXIT_USAGE, "--format: mesh-zip or mesh-tar here");
			break;
		case 'o':
			out = optarg;
			break;
		case O_FWID:
			len = OTA_FWID_MAX;
			if ((r = ota_fwid_parse(optarg, buf, &len)) != OTA_OK)
				tool_die(EXIT_USAGE, "--fwid: '%s': %s (0059:0200000000000000, plain hex, "
				    "or 0x0059+2.0.0+0)", shown(optarg), ota_strerror(r));
			wcheck(w, ota_mesh_writer_set_fwid(w, buf, len), "--fwid");
			break;
		case O_COMPANY:
			wcheck(w, ota_mesh_writer_set_company(w, (uint16_t)opt_uint("--company", optarg,
			    0xffff)), "--company");
			break;
		case O_COMP:
		case O_COMP_HEX:
			if (have_comp++)
				tool_die(EXIT_USAGE, "--comp and --comp-hex: give one");
			if ((comp = ota_mesh_comp_new()) == NULL)
				tool_die(EXIT_USAGE, "out of memory");
			if (c == O_COMP) {
				text = slurp_text(optarg, &len);
				r = ota_mesh_comp_from_json(comp, text, len);
				free(text);
			} else if (parse_hex(optarg, buf, sizeof(buf), &len) != 0) {
				tool_die(EXIT_USAGE, "--comp-hex: not hex of at most %u bytes",
				    OTA_MESH_COMP_MAX + 2);
			} else {
				r = ota_mesh_comp_from_page0(comp, buf, len, OTA_MESH_COMP_AUTO);
			}
			if (r != OTA_OK)
				tool_die(EXIT_USAGE, "%s: %s: %s", c == O_COMP ? "--comp" : "--comp-hex",
				    ota_strerror(r), shown(ota_mesh_comp_errmsg(comp)));
			break;
		case O_METADATA:
			if (parse_hex(optarg, buf, OTA_MESH_MD_MAX, &len) != 0)
				tool_die(EXIT_USAGE, "--metadata: not hex of at most 255 bytes");
			wcheck(w, ota_mesh_writer_set_metadata(w, buf, len), "--metadata");
			have_md = 1;
			break;
		case O_USER_DATA:
			if (parse_hex(optarg, buf, OTA_MESH_MD_MAX, &len) != 0)
				tool_die(EXIT_USAGE, "--user-data: not hex");
			wcheck(w, ota_mesh_writer_set_user_data(w, buf, len), "--user-data");
			break;
		case O_URI:
			wcheck(w, ota_mesh_writer_set_uri(w, optarg), "--uri");
			break;
		case O_ORDER:
			if (strcmp(optarg, "device") == 0)
				order = OTA_MESH_VENDOR_DEVICE;
			else if (strcmp(optarg, "model-first") == 0)
				order = OTA_MESH_VENDOR_MODEL_FIRST;
			else
				tool_die(EXIT_USAGE, "--vendor-order: device or model-first");
			break;
		case O_CORE:
			wcheck(w, ota_mesh_writer_set_core_type(w, (uint8_t)opt_uint("--core-type", optarg,
			    255)), "--core-type");
			break;
		case O_NAME:
			name = optarg;
			break;
		case 'h':
			ota_mesh_writer_free(&w);
			return usage(EXIT_OK);
		default:
			return usage(EXIT_USAGE);
		}
	}
	if (optind + 1 != argc || out == NULL)
		return usage(EXIT_USAGE);
	in = argv[optind];
	if (comp != NULL && have_md)
		tool_die(EXIT_USAGE, "--metadata and --comp/--comp-hex: give one");
	if (comp != NULL)
		wcheck(w, ota_mesh_writer_set_comp(w, comp, order), "--comp");
	/* a raw binary is signed on the way; an MCUboot image is taken as it is */
	if ((fd = open(in, O_RDONLY | O_CLOEXEC)) < 0)
		tool_die(EXIT_USAGE, "%s: %s", shown(in), strerror(errno));
	{
		uint8_t head[4];
		ssize_t n = read(fd, head, sizeof(head));

		if (n == (ssize_t)sizeof(head) && ota_mcuboot_sniff(head, sizeof(head))) {
			if (mo.any)
				tool_die(EXIT_USAGE, "%s is an MCUboot image already: --key, --version "
				    "and the other signing options sign a raw binary", shown(in));
			(void)close(fd);
			fd = -1;
			wcheck(w, ota_mesh_writer_set_image_path(w, in, name), "image");
		} else {
			struct ota_key *key;

			(void)close(fd);
			if (mo.key == NULL || !mo.have_ver)
				tool_die(EXIT_USAGE, "%s is not an MCUboot image: give --key and --version "
				    "to sign it", shown(in));
			s = mcuboot_opts_finish(&mo, &key);
			fd = sign_raw(in, s);
			ota_key_free(&key);
			if (name == NULL) {
				const char *b = strrchr(in, '/');

				(void)snprintf((char *)buf, sizeof(buf), "%.100s", b != NULL ? b + 1 : in);
				if ((text = strrchr((char *)buf, '.')) != NULL)
					*text = '\0';
				(void)snprintf((char *)buf + strlen((char *)buf), sizeof(buf) -
				    strlen((char *)buf), ".signed.bin");
				name = (const char *)buf;
			}
			wcheck(w, ota_mesh_writer_set_image_fd(w, fd, name), "image");
		}
	}
	set_time(w);
	/* ZIP's DOS time is local time: write it in UTC, whatever TZ says */
	(void)setenv("TZ", "UTC0", 1);
	tzset();
	out_open(&to, out, OUT_BINARY);
	r = ota_mesh_writer_write(w, out_write, &to);
	if (r != OTA_OK) {
		out_abort(&to);
		tool_die(status_for(r), "%s: %s (%s): %s%s%s", shown(out), ota_strerror(r),
		    ota_errname(r), shown(ota_mesh_writer_errmsg(w)), to.err ? ": " : "",
		    to.err ? strerror(to.err) : "");
	}
	if ((r = out_commit(&to)) != EXIT_OK)
		return r;
	if (fd >= 0)
		(void)close(fd);
	if (s == NULL)
		ota_mcuboot_signer_free(&mo.s);
	ota_mcuboot_signer_free(&s);
	ota_mesh_comp_free(&comp);
	ota_mesh_writer_free(&w);
	return EXIT_OK;
}
