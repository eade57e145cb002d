/* ocf.c - otaimg ocf: OCF software update (otaimg-ocf(1)): decode a
 * /oic/sec/pstat representation with its bits named, check candidate
 * images as a device's Software Version Validation would, and drive the
 * device state machine through a script (tools/ocf_run.c). */
#include "config.h"

#include <dirent.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "ocf_tool.h"
#include "otaimg.h"
#include "tool.h"

#define SYNOPSIS "usage: otaimg ocf pstat decode [--json] HEX|JSON|-\n" \
	"       otaimg ocf check --installed VERSION [--installed VERSION] [--ca CA ...]\n" \
	"              [--trust-dir DIR] [--key PUB ...] [--manufacturer N --image-type N]\n" \
	"              [--company N] CANDIDATE|DIR ...\n" \
	"       otaimg ocf run SCRIPT|-"
#define SHORTOPTS "qvh"

enum { O_JSON = 0x200, O_INSTALLED, O_CA, O_TRUSTDIR, O_KEY, O_MFR, O_ITYPE, O_COMPANY };

static const struct option lo[] = {
	{ "json", no_argument, NULL, O_JSON },
	{ "installed", required_argument, NULL, O_INSTALLED },
	{ "ca", required_argument, NULL, O_CA },
	{ "trust-dir", required_argument, NULL, O_TRUSTDIR },
	{ "key", required_argument, NULL, O_KEY },
	{ "manufacturer", required_argument, NULL, O_MFR },
	{ "image-type", required_argument, NULL, O_ITYPE },
	{ "company", required_argument, NULL, O_COMPANY },
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

void
ocf_print_bits(const char *name, unsigned v)
{
	unsigned b;
	int first = 1;

	printf("%s: %u (0x%02x)", name, v, v);
	for (b = 1; b <= 0x100; b <<= 1) {
		if (!(v & b))
			continue;
		printf("%s%s", first ? " " : ", ", ota_ocf_dpm_name(b));
		first = 0;
	}
	printf("\n");
}

void
ocf_print_pstat(const struct ota_ocf_pstat *p)
{
	if (p->present & OTA_OCF_PSTAT_RT)
		printf("rt: oic.r.pstat\n");
	if (p->present & OTA_OCF_PSTAT_DOS_S)
		printf("dos.s: %u (%s)\n", p->dos_s, ota_ocf_dos_name(p->dos_s));
	if (p->present & OTA_OCF_PSTAT_DOS_P)
		printf("dos.p: %s\n", p->dos_p ? "true" : "false");
	if (p->present & OTA_OCF_PSTAT_ISOP)
		printf("isop: %s\n", p->isop ? "true" : "false");
	if (p->present & OTA_OCF_PSTAT_CM)
		ocf_print_bits("cm", p->cm);
	if (p->present & OTA_OCF_PSTAT_TM)
		ocf_print_bits("tm", p->tm);
	if (p->present & OTA_OCF_PSTAT_OM)
		printf("om: %u\n", p->om);
	if (p->present & OTA_OCF_PSTAT_SM)
		printf("sm: %u\n", p->sm);
	if (p->present & OTA_OCF_PSTAT_ROWNERUUID)
		printf("rowneruuid: %s\n", p->rowneruuid);
}

/* A pstat body: JSON when it starts with '{', else hex CBOR ("-": standard
 * input, JSON or binary CBOR). */
int
ocf_decode_pstat(const char *arg, struct ota_ocf_pstat *p, char *msg, size_t msglen)
{
	static uint8_t buf[65537];
	size_t n = 0, got;
	const char *s = arg;

	while (*s == ' ' || *s == '\t')
		s++;
	if (strcmp(arg, "-") == 0) {
		while (n < sizeof(buf) && (got = fread(buf + n, 1, sizeof(buf) - n, stdin)) > 0)
			n += got;
		if (ferror(stdin))
			tool_die(EXIT_USAGE, "cannot read standard input");
		if (n > 0 && buf[0] == '{')
			return ota_ocf_pstat_decode_json((const char *)buf, n, p, msg, msglen);
		return ota_ocf_pstat_decode_cbor(buf, n, p, msg, msglen);
	}
	if (*s == '{')
		return ota_ocf_pstat_decode_json(s, strlen(s), p, msg, msglen);
	if (parse_hex(s, buf, sizeof(buf), &n) != 0) {
		(void)snprintf(msg, msglen, "neither JSON (starting with '{') nor hex");
		return OTA_E_INVAL;
	}
	return ota_ocf_pstat_decode_cbor(buf, n, p, msg, msglen);
}

static int
pstat_decode(int json, char **args, int n)
{
	struct ota_ocf_pstat p;
	char msg[256], out[1024];
	size_t ol = sizeof(out);
	int r;

	if (n != 1)
		return usage_error("ocf pstat decode: one HEX, JSON or -");
	if ((r = ocf_decode_pstat(args[0], &p, msg, sizeof(msg))) != OTA_OK) {
		fprintf(stderr, "%s: pstat: %s (%s): %s\n", tool_name, ota_strerror(r), ota_errname(r),
		    msg);
		return r == OTA_E_INVAL ? EXIT_USAGE : EXIT_INVALID;
	}
	if (json) {
		if (ota_ocf_pstat_encode_json(&p, out, &ol) != OTA_OK)
			tool_die(EXIT_USAGE, "out of memory");
		printf("%s\n", out);
	} else {
		ocf_print_pstat(&p);
	}
	return EXIT_OK;
}

/* ---- check ---- */

struct cands {
	char **v;
	size_t n, cap;
};

static void
add_cand(struct cands *c, const char *path)
{
	if (c->n == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 16;
		if ((c->v = realloc(c->v, c->cap * sizeof(*c->v))) == NULL)
			tool_die(EXIT_USAGE, "out of memory");
	}
	if ((c->v[c->n++] = strdup(path)) == NULL)
		tool_die(EXIT_USAGE, "out of memory");
}

static int
by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* A folder: its regular files, in name order (not recursive). */
static void
add_arg(struct cands *c, const char *arg)
{
	static char path[4096];
	struct dirent *e;
	struct stat st;
	size_t first = c->n;
	DIR *d;

	if (stat(arg, &st) != 0 || !S_ISDIR(st.st_mode)) {
		add_cand(c, arg);
		return;
	}
	if ((d = opendir(arg)) == NULL)
		tool_die(EXIT_USAGE, "%s: cannot open the folder", arg);
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		(void)snprintf(path, sizeof(path), "%s/%s", arg, e->d_name);
		if (stat(path, &st) == 0 && S_ISREG(st.st_mode))
			add_cand(c, path);
	}
	(void)closedir(d);
	if (c->n > first)
		qsort(c->v + first, c->n - first, sizeof(*c->v), by_name);
}

struct check_opts {
	struct ota_trust *trust;
	struct ota_key *keys[OTA_TRUST_MAX_ANCHORS];
	size_t nkeys;
	const char *trust_dir;
	int have_zv, have_fw, have_mfr, have_itype;
	uint32_t zv;
	struct ota_fw_version fw;
	uint64_t mfr, itype, company;
	int have_company;
};

/* "M.m.r+b" (a dot or a plus) is an MCUboot / Mesh version, anything
 * else a Zigbee file version (a number or XX:XX:XX:XX). */
static void
installed_opt(struct check_opts *o, const char *arg)
{
	if (strchr(arg, '.') != NULL || strchr(arg, '+') != NULL) {
		if (o->have_fw || ota_fw_version_parse(arg, &o->fw) != OTA_OK)
			tool_die(EXIT_USAGE, "--installed %s: %s", arg, o->have_fw ? "a second M.m.r+b "
			    "version" : "not a version M.m.r+b");
		o->have_fw = 1;
	} else {
		if (o->have_zv || parse_file_version(arg, &o->zv) != 0)
			tool_die(EXIT_USAGE, "--installed %s: %s", arg, o->have_zv ? "a second Zigbee "
			    "file version" : "not a file version (a number or XX:XX:XX:XX) nor M.m.r+b");
		o->have_zv = 1;
	}
}

static int
check(struct check_opts *o, char **args, int n)
{
	struct ota_ocf_candidate *res;
	struct ota_ocf_check *chk;
	struct cands c = { NULL, 0, 0 };
	size_t i, best = 0;
	int r;

	if (!o->have_zv && !o->have_fw)
		return usage_error("ocf check: --installed VERSION is required");
	if (n < 1)
		return usage_error("ocf check: at least one CANDIDATE");
	if (o->have_mfr != o->have_itype)
		return usage_error("ocf check: --manufacturer and --image-type go together");
	for (i = 0; i < (size_t)n; i++)
		add_arg(&c, args[i]);
	trust_load_store(o->trust, o->trust_dir);
	if ((chk = ota_ocf_check_new()) == NULL || (res = calloc(c.n + 1, sizeof(*res))) == NULL)
		tool_die(EXIT_USAGE, "out of memory");
	(void)ota_ocf_check_set_trust(chk, o->trust);
	for (i = 0; i < o->nkeys; i++)
		(void)ota_ocf_check_add_key(chk, o->keys[i]);
	if (o->have_mfr)
		(void)ota_ocf_check_set_zigbee_identity(chk, (uint16_t)o->mfr, (uint16_t)o->itype);
	if (o->have_company)
		(void)ota_ocf_check_set_mesh_company(chk, (int32_t)o->company);
	if (o->have_zv)
		(void)ota_ocf_check_set_installed_file_version(chk, o->zv);
	if (o->have_fw)
		(void)ota_ocf_check_set_installed_fw_version(chk, &o->fw);
	r = ota_ocf_check_pick(chk, (const char *const *)c.v, c.n, &best, res);
	for (i = 0; i < c.n; i++) {
		if (res[i].reason == OTA_OCF_REASON_AVAILABLE)
			printf("%s: candidate: %s %s\n", shown(c.v[i]), ota_ocf_kind_name(res[i].kind),
			    res[i].version);
		else
			printf("%s: refused: %s: %s\n", shown(c.v[i]), ota_ocf_reason_name(res[i].reason),
			    res[i].msg);
	}
	if (r == OTA_OK && c.v != NULL)
		printf("update available: %s (%s %s)\n", shown(c.v[best]),
		    ota_ocf_kind_name(res[best].kind), res[best].version);
	else
		printf("no update available\n");
	ota_ocf_check_free(&chk);
	for (i = 0; i < c.n; i++)
		free(c.v[i]);
	free(c.v);
	free(res);
	return r == OTA_OK && c.n > 0 ? EXIT_OK : EXIT_INVALID;
}

int
cmd_ocf(int argc, char **argv)
{
	static char self[64];
	struct check_opts co;
	const char *sub;
	int c, skip = 1, json = 0, status;
	size_t i;

	if (argc < 2 || argv[1][0] == '-') {
		for (c = 1; c < argc; c++)
			if (strcmp(argv[c], "-h") == 0 || strcmp(argv[c], "--help") == 0)
				return tool_usage(EXIT_OK, SYNOPSIS, lo, SHORTOPTS);
		return usage_error("ocf: pstat decode, check or run");
	}
	sub = argv[1];
	if (strcmp(sub, "pstat") == 0) {
		if (argc < 3 || strcmp(argv[2], "decode") != 0)
			return usage_error("ocf pstat: decode");
		skip = 2;
	} else if (strcmp(sub, "check") != 0 && strcmp(sub, "run") != 0) {
		tool_warn("ocf: unknown subcommand '%s'", sub);
		return tool_usage(EXIT_USAGE, SYNOPSIS, lo, SHORTOPTS);
	}
	argc -= skip;
	argv += skip;
	(void)snprintf(self, sizeof(self), "%s", tool_name);
	argv[0] = self;
	memset(&co, 0, sizeof(co));
	if ((co.trust = ota_trust_new()) == NULL)
		tool_die(EXIT_USAGE, "out of memory");
	while ((c = getopt_long(argc, argv, SHORTOPTS, lo, NULL)) != -1) {
		static const int rep[] = { O_INSTALLED, O_CA, O_KEY, 0 };

		opt_once(lo, c, rep);
		if (common_opt(c))
			continue;
		if (c != 'h' && c != '?' && c != O_JSON && strcmp(sub, "check") != 0)
			return usage_error("ocf: that option belongs to ocf check");
		switch (c) {
		case O_JSON:
			if (strcmp(sub, "pstat") != 0)
				return usage_error("ocf: --json belongs to ocf pstat decode");
			json = 1;
			break;
		case O_INSTALLED:
			installed_opt(&co, optarg);
			break;
		case O_CA:
			trust_add_ca(co.trust, optarg);
			break;
		case O_TRUSTDIR:
			co.trust_dir = optarg;
			break;
		case O_KEY:
			if (co.nkeys >= OTA_TRUST_MAX_ANCHORS)
				tool_die(EXIT_USAGE, "--key: at most %u", OTA_TRUST_MAX_ANCHORS);
			co.keys[co.nkeys++] = load_key(optarg, NULL, 0);
			break;
		case O_MFR:
			co.mfr = opt_uint("--manufacturer", optarg, 0xFFFF);
			co.have_mfr = 1;
			break;
		case O_ITYPE:
			co.itype = opt_uint("--image-type", optarg, 0xFFFF);
			co.have_itype = 1;
			break;
		case O_COMPANY:
			co.company = opt_uint("--company", optarg, 0xFFFF);
			co.have_company = 1;
			break;
		case 'h':
			ota_trust_free(&co.trust);
			return tool_usage(EXIT_OK, SYNOPSIS, lo, SHORTOPTS);
		default:
			ota_trust_free(&co.trust);
			return tool_usage(EXIT_USAGE, SYNOPSIS, lo, SHORTOPTS);
		}
	}
	if (strcmp(sub, "pstat") == 0)
		status = pstat_decode(json, argv + optind, argc - optind);
	else if (strcmp(sub, "check") == 0)
		status = check(&co, argv + optind, argc - optind);
	else if (argc - optind != 1)
		status = usage_error("ocf run: one SCRIPT (or -)");
	else
		status = ocf_run(argv[optind]);
	for (i = 0; i < co.nkeys; i++)
		ota_key_free(&co.keys[i]);
	ota_trust_free(&co.trust);
	return status;
}
