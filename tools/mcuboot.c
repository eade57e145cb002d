/* mcuboot.c - MCUboot images in otaimg: create --format mcuboot, and the
 * inspect and verify of a file whose first bytes are the MCUboot magic. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>

#include "otaimg.h"
#include "tool.h"
#include "mcuboot_out.h"

/* Open FILE; the error is printed unless quiet (JSON). */
static int
mopen(const char *file, struct ota_mcuboot **mp, int quiet)
{
	struct ota_mcuboot *m = ota_mcuboot_new();
	int r;

	if (m == NULL)
		tool_die(EXIT_USAGE, "out of memory");
	*mp = m;
	r = strcmp(file, "-") == 0 ? ota_mcuboot_open_cb(m, in_stdin_read, NULL) :
	    ota_mcuboot_open_path(m, file);
	if (r != OTA_OK && !quiet)
		tool_warn("%s: offset %llu: %s (%s): %s", file,
		    (unsigned long long)ota_mcuboot_erroffset(m), ota_strerror(r), ota_errname(r),
		    ota_mcuboot_errmsg(m));
	return r;
}

static void
print_mdiags(const struct ota_mcuboot *m, const char *file, FILE *fp, const char *indent,
    enum ota_severity min)
{
	static const char *sev[] = { "note", "warning", "error" };
	const char *msg;
	uint64_t off;
	size_t i, n = ota_mcuboot_diag_count(m);
	int code;

	for (i = 0; i < n; i++)
		if (ota_mcuboot_diag_get(m, i, &code, &off, &msg) == OTA_OK &&
		    ota_diag_severity(code) >= min) {
			if (file != NULL)
				fprintf(fp, "%s: %s: %s: offset %llu: %s [%s]\n", tool_name, shown(file),
				    sev[ota_diag_severity(code)], (unsigned long long)off, msg,
				    ota_diag_name(code));
			else
				fprintf(fp, "%s%-8s offset %llu: %s [%s]\n", indent,
				    sev[ota_diag_severity(code)], (unsigned long long)off, msg,
				    ota_diag_name(code));
		}
}

/* ---- inspect ---- */
int
mcuboot_inspect(const char *file)
{
	struct ota_mcuboot *m;
	int r;

	if ((r = mopen(file, &m, 0)) != OTA_OK) {
		ota_mcuboot_free(&m);
		return status_for(r);
	}
	printf("%s\n", shown(file));
	printf("  format               MCUboot image\n");
	printf("  file size            %llu\n", (unsigned long long)ota_mcuboot_file_size(m));
	mcuboot_print(stdout, m, "  ");
	print_mdiags(m, NULL, stdout, "  ", OTA_SEV_INFO);
	ota_mcuboot_free(&m);
	return EXIT_OK;
}

static json_t *
err_json(const struct ota_mcuboot *m, int r, int verify)
{
	return json_error(r, verify, ota_mcuboot_errmsg(m), ota_mcuboot_erroffset(m));
}

json_t *
mcuboot_inspect_json(const char *file, int *status)
{
	struct ota_mcuboot *m;
	json_t *o = json_object();
	int r;

	json_object_set_new(o, "schema", json_integer(1));
	json_set_file(o, file);
	if ((r = mopen(file, &m, 1)) != OTA_OK) {
		json_object_set_new(o, "error", err_json(m, r, 0));
		*status = status_for(r);
	} else {
		json_object_set_new(o, "format", json_string("mcuboot"));
		json_object_set_new(o, "file_size", json_integer((json_int_t)ota_mcuboot_file_size(m)));
		json_object_set_new(o, "mcuboot", mcuboot_json(m));
		json_object_set_new(o, "diagnostics", mcuboot_json_diags(m));
		*status = EXIT_OK;
	}
	ota_mcuboot_free(&m);
	return o;
}

/* ---- verify ---- */
static int
strict_fail(struct ota_mcuboot *m, unsigned flags)
{
	const char *msg;
	uint64_t off;
	size_t i, n = ota_mcuboot_diag_count(m);
	int code;

	if (!(flags & OTA_VERIFY_STRICT))
		return OTA_OK;
	for (i = 0; i < n; i++)
		if (ota_mcuboot_diag_get(m, i, &code, &off, &msg) == OTA_OK &&
		    ota_diag_severity(code) >= OTA_SEV_WARNING)
			return code == OTA_D_MCUBOOT_TRAILING_DATA ? OTA_E_TOTAL_SIZE : OTA_E_POLICY;
	return OTA_OK;
}

/* verify's exit status: an image that cannot be verified here (encrypted,
 * SIG_PURE) has not passed, so it is 1, as a failed check is, not 2. */
static int
vstatus(int r)
{
	return r == OTA_OK ? EXIT_OK : r == OTA_E_UNSUPPORTED ? EXIT_INVALID : status_for(r);
}

int
mcuboot_verify(const char *file, const struct ota_key *key, unsigned flags, int json, int first)
{
	struct ota_mcuboot *m;
	uint8_t d[OTA_MCUBOOT_DIGEST_MAX];
	size_t dl = sizeof(d);
	json_t *o, *s;
	const char *sn;
	char ver[40];
	struct ota_fw_version v;
	int r, opened;

	r = mopen(file, &m, json);
	opened = r == OTA_OK;
	if (opened && (r = ota_mcuboot_verify(m, key, flags)) == OTA_OK)
		r = strict_fail(m, flags);
	sn = opened ? mcuboot_sig_name(m) : NULL;
	if (json) {
		o = json_object();
		json_object_set_new(o, "schema", json_integer(1));
		json_set_file(o, file);
		json_object_set_new(o, "ok", json_boolean(r == OTA_OK));
		json_object_set_new(o, "error", err_json(m, r, 1));
		if (opened) {
			json_object_set_new(o, "format", json_string("mcuboot"));
			json_object_set_new(o, "hash", mcuboot_json_hash(m));
			if (sn != NULL) {
				s = json_object();
				json_object_set_new(s, "type", json_string(sn));
				json_object_set_new(s, "key_type", ota_mcuboot_sig_type(m) != 0 ?
				    json_string(ota_key_type_name((enum ota_key_type)
				    ota_mcuboot_sig_type(m))) : json_null());
				json_object_set_new(s, "result",
				    json_string(ota_sig_result_name(ota_mcuboot_sig_result(m))));
			} else {
				s = json_null();
			}
			json_object_set_new(o, "signature", s);
			json_object_set_new(o, "protected",
			    json_boolean(ota_mcuboot_sig_result(m) == OTA_SIG_VALID));
			json_object_set_new(o, "diagnostics", mcuboot_json_diags(m));
		}
		json_stream_item(o, first);
		ota_mcuboot_free(&m);
		return vstatus(r);
	}
	if (opened && !tool_quiet)
		print_mdiags(m, file, stderr, "", tool_verbose ? OTA_SEV_INFO : OTA_SEV_WARNING);
	if (opened && tool_verbose && ota_mcuboot_digest(m, d, &dl) == OTA_OK) {
		printf("%s: image hash SHA-%u ", shown(file), ota_mcuboot_hash_bits(m));
		hexout(d, dl, 0);
		printf("\n");
	}
	if (opened && r != OTA_OK) {
		fprintf(stderr, "%s: %s: offset %llu: %s (%s): %s\n", tool_name, shown(file),
		    (unsigned long long)ota_mcuboot_erroffset(m), ota_strerror(r), ota_errname(r),
		    ota_mcuboot_errmsg(m));
		if (!tool_quiet && r == OTA_E_SIG_UNCHECKED)
			fprintf(stderr, "%s: %s: to check it, give the public key (--key PUB.pem); "
			    "--allow-unchecked lets it pass unchecked\n", tool_name, shown(file));
	}
	if (r == OTA_OK && !tool_quiet) {
		(void)ota_mcuboot_version(m, &v);
		(void)ota_fw_version_format(&v, ver, sizeof(ver));
		printf("%s: OK: MCUboot image %s, SHA-%u hash matches%s%s%s\n", shown(file), ver,
		    ota_mcuboot_hash_bits(m), sn == NULL ? ", not signed: only the hash protects "
		    "the content" : ", ", sn != NULL ? sn : "",
		    sn == NULL ? "" : ota_mcuboot_sig_result(m) == OTA_SIG_VALID ?
		    " signature valid" : " signature not checked");
	}
	ota_mcuboot_free(&m);
	return vstatus(r);
}

/* ---- create --format mcuboot, and its signing options ---- */
static const struct option longopts[] = {
	{ "format", required_argument, NULL, 'F' },
	MCUBOOT_SIGN_LONGOPTS,
	{ "output", required_argument, NULL, 'o' },
	{ "quiet", no_argument, NULL, 'q' },
	{ "verbose", no_argument, NULL, OPT_VERBOSE },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

static int
cusage(int status)
{
	return tool_usage(status,
	    "usage: otaimg create --format mcuboot [-k KEY [--passin SRC]] --version M.m.r+b\n"
	    "         [-H SIZE] [--pad-header] [--align N] [--slot-size N [--pad]] [--load-addr A]\n"
	    "         [--security-counter N] [--custom-tlv TYPE HEX ...] [--sha auto|256|384|512]\n"
	    "         [--public-key-format hash|full] [-q | --verbose] -o OUT IN",
	    longopts, "k:H:o:qh");
}

static void
chk(struct ota_mcuboot_signer *s, int r, const char *what)
{
	if (r != OTA_OK)
		tool_die(EXIT_USAGE, "%s: %s", what, ota_mcuboot_signer_errmsg(s)[0] != '\0' ?
		    ota_mcuboot_signer_errmsg(s) : ota_strerror(r));
}

void
mcuboot_opts_init(struct mcuboot_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->hdr = 0x200;
	if ((o->s = ota_mcuboot_signer_new()) == NULL)
		tool_die(EXIT_USAGE, "out of memory");
}

int
mcuboot_opt(struct mcuboot_opts *o, int c, int argc, char **argv)
{
	struct ota_mcuboot_signer *s = o->s;
	uint8_t val[1024];
	size_t vlen;
	uint64_t v;

	switch (c) {
	case 'k':
		o->key = optarg;
		break;
	case OPT_MB_PASSIN:
		o->passin = optarg;
		break;
	case OPT_MB_VERSION:
		if (ota_fw_version_parse(optarg, &o->ver) != OTA_OK)
			tool_die(EXIT_USAGE, "--version: '%s' is not M[.m[.r[+b]]] within "
			    "255.255.65535+4294967295", shown(optarg));
		o->have_ver = 1;
		break;
	case 'H':
		o->hdr = opt_uint("--header-size", optarg, 0xffff);
		break;
	case OPT_MB_PADHDR:
		o->padhdr = 1;
		break;
	case OPT_MB_ALIGN:
		chk(s, ota_mcuboot_signer_set_align(s, (unsigned)opt_uint("--align", optarg, 32)),
		    "--align");
		break;
	case OPT_MB_SLOT:
		o->slot = (uint32_t)opt_uint("--slot-size", optarg, UINT32_MAX);
		break;
	case OPT_MB_PAD:
		o->pad = 1;
		break;
	case OPT_MB_LOAD:
		chk(s, ota_mcuboot_signer_set_load_addr(s, (uint32_t)opt_uint("--load-addr", optarg,
		    UINT32_MAX)), "--load-addr");
		break;
	case OPT_MB_SECCNT:
		chk(s, ota_mcuboot_signer_set_security_counter(s, (uint32_t)opt_uint(
		    "--security-counter", optarg, UINT32_MAX)), "--security-counter");
		break;
	case OPT_MB_CTLV:
		v = opt_uint("--custom-tlv TYPE", optarg, 0xffff);
		if (optind >= argc)
			tool_die(EXIT_USAGE, "--custom-tlv: TYPE HEX (two arguments)");
		if (parse_hex(argv[optind], val, sizeof(val), &vlen) != 0)
			tool_die(EXIT_USAGE, "--custom-tlv: '%s' is not hex bytes (at most %zu)",
			    shown(argv[optind]), sizeof(val));
		optind++;
		chk(s, ota_mcuboot_signer_add_tlv(s, (uint16_t)v, 1, val, vlen), "--custom-tlv");
		break;
	case OPT_MB_SHA:
		chk(s, ota_mcuboot_signer_set_hash(s, strcmp(optarg, "auto") == 0 ? 0u :
		    (unsigned)opt_uint("--sha", optarg, 512)), "--sha");
		break;
	case OPT_MB_PKFMT:
		if (strcmp(optarg, "hash") != 0 && strcmp(optarg, "full") != 0)
			tool_die(EXIT_USAGE, "--public-key-format: hash or full");
		o->full = strcmp(optarg, "full") == 0;
		break;
	default:
		return 0;
	}
	o->any = 1;
	return 1;
}

struct ota_mcuboot_signer *
mcuboot_opts_finish(struct mcuboot_opts *o, struct ota_key **key)
{
	struct ota_mcuboot_signer *s = o->s;

	*key = NULL;
	chk(s, ota_mcuboot_signer_set_version(s, &o->ver), "--version");
	chk(s, ota_mcuboot_signer_set_header_size(s, (uint16_t)o->hdr, o->padhdr), "--header-size");
	if (o->pad && o->slot == 0)
		tool_die(EXIT_USAGE, "--pad needs --slot-size");
	chk(s, ota_mcuboot_signer_set_slot(s, o->slot, o->pad), "--slot-size");
	if (o->key != NULL) {
		*key = load_key(o->key, o->passin, 1);
		chk(s, ota_mcuboot_signer_set_key(s, *key, o->full), o->key);
	}
	return s;
}

int
cmd_create_mcuboot(int argc, char **argv)
{
	static const int rep[] = { OPT_MB_CTLV, 0 };
	struct mcuboot_opts mo;
	struct ota_mcuboot_signer *s;
	struct ota_key *key = NULL;
	struct tool_out out;
	const char *outname = NULL;
	size_t i;
	int c, r;

	mcuboot_opts_init(&mo);
	optind = 1;
	while ((c = getopt_long(argc, argv, "k:H:o:qh", longopts, NULL)) != -1) {
		opt_once(longopts, c, rep);
		if (common_opt(c) || mcuboot_opt(&mo, c, argc, argv))
			continue;
		switch (c) {
		case 'F':
			if (strcmp(optarg, "mcuboot") != 0)
				tool_die(EXIT_USAGE, "--format: mcuboot");
			break;
		case 'o':
			outname = optarg;
			break;
		case 'h':
			ota_mcuboot_signer_free(&mo.s);
			return cusage(EXIT_OK);
		default:
			ota_mcuboot_signer_free(&mo.s);
			return cusage(EXIT_USAGE);
		}
	}
	if (optind != argc - 1 || outname == NULL || !mo.have_ver) {
		if (!mo.have_ver && optind == argc - 1 && outname != NULL)
			tool_warn("--version is required");
		ota_mcuboot_signer_free(&mo.s);
		return cusage(EXIT_USAGE);
	}
	s = mcuboot_opts_finish(&mo, &key);
	out_open(&out, outname, OUT_BINARY);
	r = ota_mcuboot_sign(s, argv[optind], out_write, &out);
	if (r != OTA_OK) {
		out_abort(&out);
		tool_warn("%s: %s (%s): %s", argv[optind], ota_strerror(r), ota_errname(r),
		    ota_mcuboot_signer_errmsg(s));
		ota_key_free(&key);
		ota_mcuboot_signer_free(&s);
		return status_for(r);
	}
	r = out_commit(&out);
	if (r == EXIT_OK && tool_verbose) {
		uint8_t d[OTA_MCUBOOT_DIGEST_MAX];
		size_t dl = sizeof(d);

		if (ota_mcuboot_signer_digest(s, d, &dl) == OTA_OK) {
			fprintf(stderr, "%s: image hash ", tool_name);
			for (i = 0; i < dl; i++)
				fprintf(stderr, "%02x", d[i]);
			fprintf(stderr, "\n");
		}
	}
	ota_key_free(&key);
	ota_mcuboot_signer_free(&s);
	return r;
}
