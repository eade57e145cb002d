/* mesh.c - otaimg mesh: the Bluetooth Mesh DFU helpers for a shell or build
 * script: make or read a Firmware ID, encode or decode Zephyr-format
 * firmware metadata, compute a composition hash (otaimg-mesh(1)). */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "mesh_out.h"
#include "otaimg.h"
#include "tool.h"

#define SYNOPSIS "usage: otaimg mesh fwid [--json] (--company ID --version M.m.r+b | FWID)\n" \
	"       otaimg mesh metadata encode --version M.m.r+b (--size N | --image FILE)\n" \
	"              [--core-type T] [--comp-hash H --elements N | --comp FILE.json |\n" \
	"              --comp-hex HEX [--form F]] [--order device|model-first]\n" \
	"              [--user-data HEX] [-o FILE] [--json]\n" \
	"       otaimg mesh metadata decode [--json] (HEX | --file FILE)\n" \
	"       otaimg mesh comp-hash (--comp FILE.json | --hex HEX | --file FILE) [--form F]\n" \
	"              [--order device|model-first|both] [--json]\n" \
	"       otaimg mesh msg decode|encode|list ...  (otaimg mesh msg --help)\n" \
	"       otaimg mesh plan --size N --target CAPS ...  (otaimg mesh plan --help)\n" \
	"       otaimg mesh fetch URI --cfwid FWID (-o DIR | --check) ...  (otaimg mesh fetch --help)\n" \
	"       otaimg mesh publish ARCHIVE -o DIR ...  (otaimg mesh publish --help)"
#define SHORTOPTS "o:qvh"

enum {
	O_JSON = 0x200, O_COMPANY, O_VERSION, O_SIZE, O_IMAGE, O_CORE, O_HASH, O_ELEMS, O_COMP,
	O_COMPHEX, O_FORM, O_ORDER, O_UD, O_FILE, O_HEX
};

struct mesh_opts {
	int json;
	const char *company, *version, *size, *image, *core, *hash, *elems, *comp, *comphex;
	const char *form, *order, *ud, *out, *file, *hex;
};

static const struct option lo[] = {
	{ "json", no_argument, NULL, O_JSON },
	{ "company", required_argument, NULL, O_COMPANY },
	{ "version", required_argument, NULL, O_VERSION },
	{ "size", required_argument, NULL, O_SIZE },
	{ "image", required_argument, NULL, O_IMAGE },
	{ "core-type", required_argument, NULL, O_CORE },
	{ "comp-hash", required_argument, NULL, O_HASH },
	{ "elements", required_argument, NULL, O_ELEMS },
	{ "comp", required_argument, NULL, O_COMP },
	{ "comp-hex", required_argument, NULL, O_COMPHEX },
	{ "form", required_argument, NULL, O_FORM },
	{ "order", required_argument, NULL, O_ORDER },
	{ "user-data", required_argument, NULL, O_UD },
	{ "file", required_argument, NULL, O_FILE },
	{ "hex", required_argument, NULL, O_HEX },
	{ "output", required_argument, NULL, 'o' },
	{ "quiet", no_argument, NULL, 'q' },
	{ "verbose", no_argument, NULL, 'v' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

static int
usage_error(const char *why)
{
	tool_warn("%s", why);
	return tool_usage(EXIT_USAGE, SYNOPSIS, lo, SHORTOPTS);
}

static void
print_json(json_t *o)
{
	if (o == NULL || json_dumpf(o, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER) != 0 ||
	    putchar('\n') == EOF)
		tool_die(EXIT_USAGE, "cannot write the JSON output");
	json_decref(o);
}

/* Options that the subcommand does not take are a usage error. */
static int
only(const struct mesh_opts *o, const char *allowed)
{
	static const struct {
		const char *name;
		size_t off;
	} f[] = {
		{ "company", offsetof(struct mesh_opts, company) },
		{ "version", offsetof(struct mesh_opts, version) },
		{ "size", offsetof(struct mesh_opts, size) },
		{ "image", offsetof(struct mesh_opts, image) },
		{ "core-type", offsetof(struct mesh_opts, core) },
		{ "comp-hash", offsetof(struct mesh_opts, hash) },
		{ "elements", offsetof(struct mesh_opts, elems) },
		{ "comp", offsetof(struct mesh_opts, comp) },
		{ "comp-hex", offsetof(struct mesh_opts, comphex) },
		{ "form", offsetof(struct mesh_opts, form) },
		{ "order", offsetof(struct mesh_opts, order) },
		{ "user-data", offsetof(struct mesh_opts, ud) },
		{ "output", offsetof(struct mesh_opts, out) },
		{ "file", offsetof(struct mesh_opts, file) },
		{ "hex", offsetof(struct mesh_opts, hex) },
	};
	char word[32];
	size_t i;

	for (i = 0; i < sizeof(f) / sizeof(f[0]); i++) {
		const char *v;

		memcpy(&v, (const char *)o + f[i].off, sizeof(v));
		(void)snprintf(word, sizeof(word), " %s ", f[i].name);
		if (v != NULL && strstr(allowed, word) == NULL) {
			tool_warn("--%s does not apply here", f[i].name);
			return 0;
		}
	}
	return 1;
}

static unsigned
parse_form(const char *s)
{
	if (s == NULL || strcmp(s, "auto") == 0)
		return OTA_MESH_COMP_AUTO;
	if (strcmp(s, "raw") == 0)
		return OTA_MESH_COMP_RAW;
	if (strcmp(s, "page-byte") == 0)
		return OTA_MESH_COMP_PAGE_BYTE;
	if (strcmp(s, "status") == 0)
		return OTA_MESH_COMP_STATUS;
	tool_die(EXIT_USAGE, "--form: auto, raw, page-byte or status");
}

static const char *
form_name(unsigned form)
{
	switch (form) {
	case OTA_MESH_COMP_RAW:
		return "raw";
	case OTA_MESH_COMP_PAGE_BYTE:
		return "page-byte";
	case OTA_MESH_COMP_STATUS:
		return "status";
	case OTA_MESH_COMP_JSON:
		return "json";
	}
	return "none";
}

/* --order: 0 device, 1 model-first, 2 both (when allowed). */
static int
parse_order(const char *s, int both)
{
	if (s == NULL || strcmp(s, "device") == 0)
		return OTA_MESH_VENDOR_DEVICE;
	if (strcmp(s, "model-first") == 0)
		return OTA_MESH_VENDOR_MODEL_FIRST;
	if (both && strcmp(s, "both") == 0)
		return 2;
	tool_die(EXIT_USAGE, "--order: device or model-first%s", both ? " or both" : "");
}

/* Bytes from hex text (spaces and colons allowed) or a file. */
static size_t
bytes_arg(const char *what, const char *hex, const char *file, uint8_t *buf, size_t cap)
{
	size_t n = 0;

	if (hex != NULL) {
		if (parse_hex(hex, buf, cap, &n) != 0)
			tool_die(EXIT_USAGE, "%s: not hex digits, or over %zu bytes", what, cap);
		return n;
	}
	if (read_small(file, buf, cap, &n) != 0)
		tool_die(errno == EFBIG ? EXIT_INVALID : EXIT_USAGE, "%s: %s", file,
		    errno == EFBIG ? "too large" : strerror(errno));
	return n;
}

/* The composition from --comp FILE.json, --comp-hex or --hex HEX, or --file. */
static int
load_comp(struct ota_mesh_comp *c, const char *json, const char *hex, const char *file,
    unsigned form)
{
	uint8_t buf[OTA_MESH_COMP_MAX + 3];
	const char *what = json != NULL ? json : file != NULL ? file : "composition";
	uint8_t *text;
	size_t n;
	int r;

	if (json != NULL) {
		if ((text = malloc(OTA_MESH_COMP_JSON_MAX)) == NULL)
			tool_die(EXIT_USAGE, "out of memory");
		if (read_small(json, text, OTA_MESH_COMP_JSON_MAX, &n) != 0)
			tool_die(errno == EFBIG ? EXIT_INVALID : EXIT_USAGE, "%s: %s", json,
			    errno == EFBIG ? "over 1 MiB" : strerror(errno));
		r = ota_mesh_comp_from_json(c, (const char *)text, n);
		free(text);
	} else {
		/* a page 0 longer than the limit reaches the library, which says so */
		n = bytes_arg("composition", hex, file, buf, sizeof(buf));
		r = ota_mesh_comp_from_page0(c, buf, n, form);
	}
	if (r != OTA_OK)
		tool_warn("%s: %s: %s%s", what, ota_strerror(r), ota_mesh_comp_errmsg(c),
		    r == OTA_E_AMBIGUOUS ? " (--form raw, page-byte or status)" : "");
	return r;
}

/* An ambiguous composition needs --form: a usage error. */
static int
comp_status(int r)
{
	return r == OTA_E_AMBIGUOUS ? EXIT_USAGE : status_for(r);
}

static void
fwid_warn(size_t len)
{
	unsigned warn = 0;

	if (tool_quiet || ota_fwid_check(len, &warn) != OTA_OK)
		return;
	if ((warn & OTA_FWID_WARN_ZEPHYR_MAX) != 0)
		tool_warn("warning: the FWID is %zu bytes: Zephyr nodes take at most %u "
		    "(CONFIG_BT_MESH_DFU_FWID_MAXLEN)", len, OTA_FWID_ZEPHYR_MAX);
	else if ((warn & OTA_FWID_WARN_ZEPHYR_DEFAULT) != 0)
		tool_warn("warning: the FWID is %zu bytes: over Zephyr's default "
		    "CONFIG_BT_MESH_DFU_FWID_MAXLEN of %u", len, OTA_FWID_ZEPHYR_DEFAULT);
}

static int
mesh_fwid(const struct mesh_opts *o, int nargs, char **args)
{
	uint8_t f[OTA_FWID_MAX];
	struct ota_fw_version v;
	uint64_t company;
	size_t n = sizeof(f);
	int r;

	if (!only(o, " company version "))
		return tool_usage(EXIT_USAGE, SYNOPSIS, lo, SHORTOPTS);
	if (o->company != NULL || o->version != NULL) {
		if (o->company == NULL || o->version == NULL || nargs != 0)
			return usage_error("mesh fwid: --company and --version together, or a FWID");
		if (parse_uint(o->company, 0xFFFF, &company) != 0)
			tool_die(EXIT_USAGE, "--company: a number 0..0xffff");
		if ((r = ota_fw_version_parse(o->version, &v)) != OTA_OK)
			tool_die(EXIT_USAGE, "--version: '%s' is not M.m.r+b: %s", o->version,
			    ota_strerror(r));
		(void)ota_fwid_from_version((uint16_t)company, &v, f);
		n = 10;
		if (o->json) {
			print_json(mesh_fwid_json(f, n));
		} else {
			hexout(f, n, 0);
			printf("\n");
		}
		return EXIT_OK;
	}
	if (nargs != 1)
		return usage_error("mesh fwid: one FWID, or --company and --version");
	if ((r = ota_fwid_parse(args[0], f, &n)) != OTA_OK) {
		tool_warn("%s: %s", args[0], r == OTA_E_RANGE ? "a FWID is 2 to 108 bytes" :
		    "not a FWID (CCCC:HEX, HEX, or COMPANY+M.m.r+b)");
		return EXIT_INVALID; /* the FWID is the input examined: invalid, not a usage error */
	}
	fwid_warn(n);
	if (o->json)
		print_json(mesh_fwid_json(f, n));
	else
		mesh_fwid_print(stdout, f, n, "");
	return EXIT_OK;
}

static void
md_len_warn(size_t n)
{
	if (!tool_quiet && n > OTA_MESH_MD_ZEPHYR_DEFAULT)
		tool_warn("warning: the metadata is %zu bytes: over Zephyr's default "
		    "CONFIG_BT_MESH_DFU_METADATA_MAXLEN of %u", n, OTA_MESH_MD_ZEPHYR_DEFAULT);
}

/* The composition hash and element count for metadata encode. */
static int
encode_comp(const struct mesh_opts *o, struct ota_mesh_md *md)
{
	struct ota_mesh_comp *c;
	uint64_t hash, elems;
	uint32_t h, other;
	int order = parse_order(o->order, 0), r;

	if (o->hash != NULL) {
		if (parse_uint(o->hash, 0xFFFFFFFFu, &hash) != 0)
			tool_die(EXIT_USAGE, "--comp-hash: a number 0..0xffffffff");
		if (parse_uint(o->elems, 0xFFFF, &elems) != 0)
			tool_die(EXIT_USAGE, "--elements: a number 0..65535");
		(void)ota_mesh_md_set_comp(md, (uint32_t)hash, (uint16_t)elems);
		return EXIT_OK;
	}
	if ((c = ota_mesh_comp_new()) == NULL)
		tool_die(EXIT_USAGE, "out of memory");
	if ((r = load_comp(c, o->comp, o->comphex, NULL, parse_form(o->form))) != OTA_OK ||
	    (r = ota_mesh_comp_hash(c, (enum ota_mesh_vendor_order)order, &h)) != OTA_OK) {
		ota_mesh_comp_free(&c);
		return comp_status(r);
	}
	if (!tool_quiet && order == OTA_MESH_VENDOR_MODEL_FIRST &&
	    ota_mesh_comp_hash(c, OTA_MESH_VENDOR_DEVICE, &other) == OTA_OK && other != h)
		tool_warn("warning: model-first hash 0x%08lx: a Zephyr target computes 0x%08lx "
		    "(device order) and would see its composition change", (unsigned long)h,
		    (unsigned long)other);
	(void)ota_mesh_md_set_comp(md, h, (uint16_t)ota_mesh_comp_element_count(c));
	ota_mesh_comp_free(&c);
	return EXIT_OK;
}

static int
md_encode(const struct mesh_opts *o, int nargs)
{
	uint8_t buf[OTA_MESH_MD_MAX], ud[OTA_MESH_MD_MAX];
	struct ota_mesh_md *md;
	struct ota_fw_version v;
	struct tool_out to;
	struct stat st;
	uint64_t size = 0, core = OTA_MESH_CORE_APP;
	size_t n = sizeof(buf), udlen = 0;
	int r, s, sources;

	if (!only(o, " version size image core-type comp-hash elements comp comp-hex form order "
	    "user-data output "))
		return tool_usage(EXIT_USAGE, SYNOPSIS, lo, SHORTOPTS);
	sources = (o->hash != NULL) + (o->comp != NULL) + (o->comphex != NULL);
	if (nargs != 0 || o->version == NULL || (o->size == NULL) == (o->image == NULL))
		return usage_error("metadata encode: --version and one of --size and --image");
	if ((o->hash == NULL) != (o->elems == NULL) || sources > 1)
		return usage_error("metadata encode: --comp-hash with --elements, --comp or "
		    "--comp-hex (one of them)");
	if (o->form != NULL && o->comphex == NULL)
		return usage_error("metadata encode: --form goes with --comp-hex");
	if ((r = ota_fw_version_parse(o->version, &v)) != OTA_OK)
		tool_die(EXIT_USAGE, "--version: '%s' is not M.m.r+b: %s", o->version,
		    ota_strerror(r));
	if (o->core != NULL && parse_uint(o->core, 0xFF, &core) != 0)
		tool_die(EXIT_USAGE, "--core-type: a number 0..255 (1 application, 2 network, "
		    "4 application-specific BLOB)");
	if (o->size != NULL && parse_uint(o->size, UINT64_MAX, &size) != 0)
		tool_die(EXIT_USAGE, "--size: a number of bytes");
	if (o->image != NULL) {
		if (stat(o->image, &st) != 0)
			tool_die(EXIT_USAGE, "%s: %s", o->image, strerror(errno));
		if (!S_ISREG(st.st_mode))
			tool_die(EXIT_USAGE, "%s: not a regular file", o->image);
		size = (uint64_t)st.st_size;
	}
	if ((core & OTA_MESH_CORE_APP) != 0 && sources == 0)
		return usage_error("metadata encode: core type with the application bit (the "
		    "default) needs --comp-hash and --elements, --comp or --comp-hex");
	if ((core & OTA_MESH_CORE_APP) == 0 && sources > 0 && !tool_quiet)
		tool_warn("warning: core type 0x%02x has no application bit: the composition is "
		    "not written", (unsigned)core);
	if (o->ud != NULL && parse_hex(o->ud, ud, sizeof(ud), &udlen) != 0)
		tool_die(EXIT_USAGE, "--user-data: not hex digits, or over %zu bytes", sizeof(ud));
	if ((md = ota_mesh_md_new()) == NULL)
		tool_die(EXIT_USAGE, "out of memory");
	(void)ota_mesh_md_set_version(md, &v);
	(void)ota_mesh_md_set_core_type(md, (uint8_t)core);
	if ((r = ota_mesh_md_set_fw_size(md, size)) != OTA_OK ||
	    (r = ota_mesh_md_set_user_data(md, ud, udlen)) != OTA_OK) {
		tool_warn("%s%s%s", o->image != NULL ? o->image : "", o->image != NULL ? ": " : "",
		    ota_mesh_md_errmsg(md));
		ota_mesh_md_free(&md);
		return status_for(r);
	}
	if ((core & OTA_MESH_CORE_APP) != 0 && (s = encode_comp(o, md)) != EXIT_OK) {
		ota_mesh_md_free(&md);
		return s;
	}
	if ((r = ota_mesh_md_encode(md, buf, &n)) != OTA_OK) {
		tool_warn("%s", r == OTA_E_LIMIT ? "the metadata would be over 255 bytes" :
		    ota_strerror(r));
		ota_mesh_md_free(&md);
		return status_for(r);
	}
	md_len_warn(n);
	if (o->out != NULL) {
		out_open(&to, o->out, OUT_BINARY);
		if (out_write(&to, buf, n) != 0) {
			int e = to.err;

			out_abort(&to);
			ota_mesh_md_free(&md);
			tool_die(EXIT_USAGE, "%s: cannot write: %s", shown(o->out),
			    e != 0 ? strerror(e) : "write failed");
		}
		if ((s = out_commit(&to)) != EXIT_OK) {
			ota_mesh_md_free(&md);
			return s;
		}
	}
	if (o->json)
		print_json(mesh_md_json(md));
	else if (o->out == NULL) {
		hexout(buf, n, 0);
		printf("\n");
	}
	ota_mesh_md_free(&md);
	return EXIT_OK;
}

static int
md_decode(const struct mesh_opts *o, int nargs, char **args)
{
	uint8_t buf[OTA_MESH_MD_MAX + 1];
	struct ota_mesh_md *md;
	const char *what;
	size_t n;
	int r;

	if (!only(o, " file "))
		return tool_usage(EXIT_USAGE, SYNOPSIS, lo, SHORTOPTS);
	if ((nargs == 1) == (o->file != NULL) || nargs > 1)
		return usage_error("metadata decode: the metadata in hex, or --file FILE");
	what = o->file != NULL ? o->file : "metadata";
	if (nargs == 1 && parse_hex(args[0], buf, sizeof(buf), &n) != 0)
		tool_die(EXIT_USAGE, "%s: not hex digits, or over %u bytes", args[0],
		    OTA_MESH_MD_MAX);
	if (o->file != NULL)
		n = bytes_arg(what, NULL, o->file, buf, sizeof(buf));
	if ((md = ota_mesh_md_new()) == NULL)
		tool_die(EXIT_USAGE, "out of memory");
	if ((r = ota_mesh_md_decode(md, buf, n)) != OTA_OK) {
		tool_warn("%s: %s: %s", what, ota_strerror(r), ota_mesh_md_errmsg(md));
		ota_mesh_md_free(&md);
		return status_for(r);
	}
	md_len_warn(n);
	if (tool_verbose && ota_mesh_md_form(md) == OTA_MESH_MD_APPENDED)
		tool_warn("note: no application bit, yet 6 or more bytes follow: the form "
		    "Zephyr's encoder writes; they are user data");
	if (o->json)
		print_json(mesh_md_json(md));
	else
		mesh_md_print(stdout, md, "");
	ota_mesh_md_free(&md);
	return EXIT_OK;
}

static int
comp_hash(const struct mesh_opts *o, int nargs)
{
	uint8_t page0[OTA_MESH_COMP_MAX];
	struct ota_mesh_comp *c;
	uint32_t h[2];
	size_t n = sizeof(page0);
	char hx[2][16];
	json_t *j, *hs;
	int order, r, i;

	if (!only(o, " comp hex file form order "))
		return tool_usage(EXIT_USAGE, SYNOPSIS, lo, SHORTOPTS);
	if (nargs != 0 || (o->comp != NULL) + (o->hex != NULL) + (o->file != NULL) != 1)
		return usage_error("comp-hash: one of --comp, --hex and --file");
	if (o->form != NULL && o->comp != NULL)
		return usage_error("comp-hash: --form goes with --hex or --file");
	order = parse_order(o->order, 1);
	if ((c = ota_mesh_comp_new()) == NULL)
		tool_die(EXIT_USAGE, "out of memory");
	if ((r = load_comp(c, o->comp, o->hex, o->file, parse_form(o->form))) != OTA_OK) {
		ota_mesh_comp_free(&c);
		return comp_status(r);
	}
	for (i = 0; i < 2; i++) {
		if ((r = ota_mesh_comp_hash(c, (enum ota_mesh_vendor_order)i, &h[i])) != OTA_OK) {
			tool_warn("composition hash: %s", ota_strerror(r));
			ota_mesh_comp_free(&c);
			return status_for(r);
		}
		(void)snprintf(hx[i], sizeof(hx[i]), "0x%08lx", (unsigned long)h[i]);
	}
	(void)ota_mesh_comp_page0(c, OTA_MESH_VENDOR_DEVICE, page0, &n);
	if (o->json) {
		j = json_object();
		hs = json_object();
		json_object_set_new(j, "order", json_string(order == 2 ? "both" :
		    ota_mesh_vendor_order_name((enum ota_mesh_vendor_order)order)));
		if (order != 2) {
			json_object_set_new(j, "hash", json_integer(h[order]));
			json_object_set_new(j, "hash_hex", json_string(hx[order]));
		}
		json_object_set_new(hs, "device", json_string(hx[0]));
		json_object_set_new(hs, "model-first", json_string(hx[1]));
		json_object_set_new(j, "hashes", hs);
		json_object_set_new(j, "orders_differ", json_boolean(h[0] != h[1]));
		json_object_set_new(j, "input_form", json_string(form_name(ota_mesh_comp_form(c))));
		json_object_set_new(j, "page0", mesh_hex_json(page0, n));
		json_object_set_new(j, "composition_data", mesh_comp_json(c));
		print_json(j);
	} else if (order == 2) {
		printf("device: %s\nmodel-first: %s\n", hx[0], hx[1]);
	} else {
		printf("%s\n", hx[order]);
	}
	if (tool_verbose && !o->json) {
		printf("input form: %s\npage 0: ", form_name(ota_mesh_comp_form(c)));
		hexout(page0, n, 0);
		printf("\n");
		mesh_comp_print(stdout, c, "");
	}
	ota_mesh_comp_free(&c);
	return EXIT_OK;
}

int mesh_msg_main(int argc, char **argv); /* tools/mesh_msg.c */
int mesh_plan_main(int argc, char **argv);
int mesh_fetch_main(int argc, char **argv); /* tools/mesh_fetch.c */
int mesh_publish_main(int argc, char **argv);

int
cmd_mesh(int argc, char **argv)
{
	static char self[64];
	struct mesh_opts o;
	const char *sub, *op = NULL;
	int c, skip = 1;

	memset(&o, 0, sizeof(o));
	if (argc < 2 || argv[1][0] == '-') {
		/* "mesh -q --help": the options before a subcommand are -q, -v, -h */
		for (c = 1; c < argc; c++)
			if (strcmp(argv[c], "-h") == 0 || strcmp(argv[c], "--help") == 0)
				return tool_usage(EXIT_OK, SYNOPSIS, lo, SHORTOPTS);
		if (argc >= 2 && strcmp(argv[1], "-q") != 0 && strcmp(argv[1], "-v") != 0 &&
		    strcmp(argv[1], "--quiet") != 0 && strcmp(argv[1], "--verbose") != 0) {
			tool_warn("unknown option '%s'", argv[1]);
			return tool_usage(EXIT_USAGE, SYNOPSIS, lo, SHORTOPTS);
		}
		return usage_error("mesh: fwid, metadata encode|decode, comp-hash, msg, plan, "
		    "fetch or publish");
	}
	sub = argv[1];
	if (strcmp(sub, "msg") == 0) /* tools/mesh_msg.c */
		return mesh_msg_main(argc - 1, argv + 1);
	if (strcmp(sub, "plan") == 0)
		return mesh_plan_main(argc - 1, argv + 1);
	if (strcmp(sub, "fetch") == 0) /* tools/mesh_fetch.c */
		return mesh_fetch_main(argc - 1, argv + 1);
	if (strcmp(sub, "publish") == 0)
		return mesh_publish_main(argc - 1, argv + 1);
	if (strcmp(sub, "metadata") == 0) {
		if (argc < 3 || (strcmp(argv[2], "encode") != 0 && strcmp(argv[2], "decode") != 0))
			return usage_error("mesh metadata: encode or decode");
		op = argv[2];
		skip = 2;
	} else if (strcmp(sub, "fwid") != 0 && strcmp(sub, "comp-hash") != 0) {
		tool_warn("mesh: unknown subcommand '%s'", sub);
		return tool_usage(EXIT_USAGE, SYNOPSIS, lo, SHORTOPTS);
	}
	argc -= skip;
	argv += skip;
	(void)snprintf(self, sizeof(self), "%s", tool_name);
	argv[0] = self;
	while ((c = getopt_long(argc, argv, SHORTOPTS, lo, NULL)) != -1) {
		opt_once(lo, c, NULL);
		if (common_opt(c))
			continue;
		switch (c) {
		case O_JSON: o.json = 1; break;
		case O_COMPANY: o.company = optarg; break;
		case O_VERSION: o.version = optarg; break;
		case O_SIZE: o.size = optarg; break;
		case O_IMAGE: o.image = optarg; break;
		case O_CORE: o.core = optarg; break;
		case O_HASH: o.hash = optarg; break;
		case O_ELEMS: o.elems = optarg; break;
		case O_COMP: o.comp = optarg; break;
		case O_COMPHEX: o.comphex = optarg; break;
		case O_FORM: o.form = optarg; break;
		case O_ORDER: o.order = optarg; break;
		case O_UD: o.ud = optarg; break;
		case O_FILE: o.file = optarg; break;
		case O_HEX: o.hex = optarg; break;
		case 'o': o.out = optarg; break;
		case 'h':
			return tool_usage(EXIT_OK, SYNOPSIS, lo, SHORTOPTS);
		default:
			return tool_usage(EXIT_USAGE, SYNOPSIS, lo, SHORTOPTS);
		}
	}
	if (strcmp(sub, "fwid") == 0)
		return mesh_fwid(&o, argc - optind, argv + optind);
	if (strcmp(sub, "comp-hash") == 0)
		return comp_hash(&o, argc - optind);
	if (op != NULL && strcmp(op, "encode") == 0)
		return md_encode(&o, argc - optind);
	return md_decode(&o, argc - optind, argv + optind);
}
