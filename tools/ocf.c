/* ocf.c - otaimg ocf: OCF software update (otaimg-ocf(1)): decode a
 * /oic/sec/pstat representation with its bits named, check candidate
 * images as a device's Software Version Validation would, and drive the
 * device state machine through a script (tools/ocf_run.c). */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "ocf_tool.h"
#include "otaimg.h"
#include "tool.h"

#define SYNOPSIS "usage: otaimg ocf pstat decode [--json] HEX|JSON|-\n" \
	"       otaimg ocf swu decode [--json] HEX|JSON|-\n" \
	"       otaimg ocf check [--json] --installed VERSION [--installed VERSION]\n" \
	"              [--trust FILE|DIR ...] [--ca CA ...] [--trust-dir DIR] [--key PUB ...]\n" \
	"              [--manufacturer N --image-type N] [--company N] CANDIDATE|DIR ...\n" \
	"       otaimg ocf run SCRIPT|-"
#define SHORTOPTS "qvh"

enum { O_JSON = 0x200, O_INSTALLED, O_CA, O_TRUSTDIR, O_KEY, O_MFR, O_ITYPE, O_COMPANY, O_TRUST };

static const struct option lo[] = {
	{ "json", no_argument, NULL, O_JSON },
	{ "installed", required_argument, NULL, O_INSTALLED },
	{ "trust", required_argument, NULL, O_TRUST },
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

/* A body: JSON when it starts with '{', else hex CBOR ("-": standard
 * input, JSON or binary CBOR).  *json: which; *text: where it is. */
static int
read_body(const char *arg, const uint8_t **text, size_t *n, int *json, char *msg, size_t msglen)
{
	static uint8_t buf[65537];
	size_t got;
	const char *s = arg;

	*n = 0;
	while (*s == ' ' || *s == '\t')
		s++;
	if (strcmp(arg, "-") == 0) {
		while (*n < sizeof(buf) && (got = fread(buf + *n, 1, sizeof(buf) - *n, stdin)) > 0)
			*n += got;
		if (ferror(stdin))
			tool_die(EXIT_USAGE, "cannot read standard input");
		/* JSON may start with white space (a file from an editor, echo);
		 * a CBOR representation starts with a map, never with 0x09,
		 * 0x0A, 0x0D or 0x20 */
		got = 0;
		while (got < *n && strchr(" \t\r\n", buf[got]) != NULL && buf[got] != '\0')
			got++;
		*json = got < *n && buf[got] == '{';
		*text = buf;
		return OTA_OK;
	}
	if (*s == '{') {
		*json = 1;
		*text = (const uint8_t *)s;
		*n = strlen(s);
		return OTA_OK;
	}
	*json = 0;
	*text = buf;
	if (parse_hex(s, buf, sizeof(buf), n) != 0) {
		(void)snprintf(msg, msglen, "neither JSON (starting with '{') nor hex (an even "
		    "number of hex digits)");
		return OTA_E_INVAL;
	}
	return OTA_OK;
}

int
ocf_decode_pstat(const char *arg, struct ota_ocf_pstat *p, char *msg, size_t msglen)
{
	const uint8_t *t;
	size_t n;
	int json, r;

	if ((r = read_body(arg, &t, &n, &json, msg, msglen)) != OTA_OK)
		return r;
	return json ? ota_ocf_pstat_decode_json((const char *)t, n, p, msg, msglen) :
	    ota_ocf_pstat_decode_cbor(t, n, p, msg, msglen);
}

static int
decode_failed(const char *what, int r, const char *msg)
{
	fprintf(stderr, "%s: %s: %s (%s): %s\n", tool_name, what, ota_strerror(r), ota_errname(r), msg);
	return r == OTA_E_INVAL ? EXIT_USAGE : EXIT_INVALID;
}

static void
print_swu(const struct ota_ocf_swu *s)
{
	if (s->present & OTA_OCF_SWU_PURL)
		printf("purl: %s\n", s->purl);
	if (s->present & OTA_OCF_SWU_NV)
		printf("nv: %s\n", s->nv);
	if (s->present & OTA_OCF_SWU_SIGNED)
		printf("signed: vendor\n");
	if (s->present & OTA_OCF_SWU_ACTION)
		printf("swupdateaction: %s\n", ota_ocf_action_name(s->action));
	if (s->present & OTA_OCF_SWU_STATE)
		printf("swupdatestate: %s\n", ota_ocf_state_name(s->state));
	if (s->present & OTA_OCF_SWU_RESULT)
		printf("swupdateresult: %ld (%s)\n", (long)s->result, ota_ocf_result_name((int)s->result));
	if (s->present & OTA_OCF_SWU_LASTUPDATE)
		printf("lastupdate: %s\n", s->lastupdate);
	if (s->present & OTA_OCF_SWU_UPDATETIME)
		printf("updatetime: %s\n", s->updatetime);
}

static int
swu_decode(int json, char **args, int n)
{
	struct ota_ocf_swu s;
	const uint8_t *t;
	char msg[256];
	size_t len;
	int r, isjson;

	if (n != 1)
		return usage_error("ocf swu decode: one HEX, JSON or -");
	if ((r = read_body(args[0], &t, &len, &isjson, msg, sizeof(msg))) == OTA_OK)
		r = isjson ? ota_ocf_swu_decode_json((const char *)t, len, &s, msg, sizeof(msg)) :
		    ota_ocf_swu_decode_cbor(t, len, &s, msg, sizeof(msg));
	if (r != OTA_OK)
		return decode_failed("/oc/swu", r, msg);
	if (json)
		ocf_json_swu(&s);
	else
		print_swu(&s);
	return EXIT_OK;
}

static int
pstat_decode(int json, char **args, int n)
{
	struct ota_ocf_pstat p;
	char msg[256];
	int r;

	if (n != 1)
		return usage_error("ocf pstat decode: one HEX, JSON or -");
	if ((r = ocf_decode_pstat(args[0], &p, msg, sizeof(msg))) != OTA_OK)
		return decode_failed("pstat", r, msg);
	if (json)
		ocf_json_pstat(&p);
	else
		ocf_print_pstat(&p);
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

	/* a name that is not there is a typo, not a candidate refused */
	if (stat(arg, &st) != 0)
		tool_die(EXIT_USAGE, "%s: %s", arg, strerror(errno));
	if (!S_ISDIR(st.st_mode)) {
		add_cand(c, arg);
		return;
	}
	if ((d = opendir(arg)) == NULL)
		tool_die(EXIT_USAGE, "%s: cannot open the folder: %s", arg, strerror(errno));
	while ((e = readdir(d)) != NULL) {
		int n;

		if (e->d_name[0] == '.')
			continue;
		n = snprintf(path, sizeof(path), "%s/%s", arg, e->d_name);
		if (n < 0 || (size_t)n >= sizeof(path))
			tool_die(EXIT_USAGE, "%s: a file name in this folder is too long", arg);
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
	struct ocf_installed in;
	int have_mfr, have_itype, json;
	uint64_t mfr, itype, company;
	int have_company;
};

/* "M.m.r+b" (a dot or a plus) is an MCUboot / Mesh version, anything
 * else a Zigbee file version (a number or XX:XX:XX:XX). */
static void
installed_opt(struct check_opts *o, const char *arg)
{
	struct ocf_installed *in = &o->in;

	if (strchr(arg, '.') != NULL || strchr(arg, '+') != NULL) {
		if (in->have_fw || ota_fw_version_parse(arg, &in->fw) != OTA_OK)
			tool_die(EXIT_USAGE, "--installed %s: %s", arg, in->have_fw ? "a second M.m.r+b "
			    "version" : "not a version M.m.r+b");
		in->have_fw = 1;
	} else {
		if (in->have_zv || parse_file_version(arg, &in->zv) != 0)
			tool_die(EXIT_USAGE, "--installed %s: %s", arg, in->have_zv ? "a second Zigbee "
			    "file version" : "not a file version (a number or XX:XX:XX:XX) nor M.m.r+b");
		in->have_zv = 1;
	}
}

static void
add_image_key(struct check_opts *o, struct ota_key *k, const char *arg)
{
	if (o->nkeys >= OTA_TRUST_MAX_ANCHORS)
		tool_die(EXIT_USAGE, "%s: at most %u image keys (--key, --trust)", arg,
		    OTA_TRUST_MAX_ANCHORS);
	o->keys[o->nkeys++] = k;
}

/* --trust FILE|DIR: a folder is a trust directory (otaimg(5)); a file is
 * what its content says: an X.509 certificate (a GBCS supplier's), a PEM
 * key (sect163k1/sect283k1: a Zigbee CA; P-256 or Ed25519: a key MCUboot
 * images and Mesh archives are signed with), else a CA point as --ca
 * takes it (hex or raw). */
static void
trust_opt(struct check_opts *o, const char *arg)
{
	static uint8_t buf[8192];
	uint8_t pt[64];
	size_t n, pl = sizeof(pt);
	struct ota_key *k;
	struct stat st;
	int r, type;

	if (stat(arg, &st) != 0)
		tool_die(EXIT_USAGE, "--trust %s: %s", arg, strerror(errno));
	if (S_ISDIR(st.st_mode)) {
		if ((r = ota_trust_load_dir(o->trust, arg)) != OTA_OK)
			tool_die(EXIT_USAGE, "--trust %s: %s (%s): %s", arg, ota_strerror(r),
			    ota_errname(r), ota_trust_errmsg(o->trust));
		return;
	}
	if (!S_ISREG(st.st_mode))
		tool_die(EXIT_USAGE, "--trust %s: neither a file nor a folder", arg);
	if (read_small(arg, buf, sizeof(buf) - 1, &n) != 0)
		tool_die(EXIT_USAGE, "--trust %s: cannot read it (at most %zu bytes)", arg,
		    sizeof(buf) - 1);
	buf[n] = '\0';
	if (strstr((char *)buf, "-----BEGIN CERTIFICATE") != NULL) {
		if ((r = ota_trust_add_supplier(o->trust, buf, n)) != OTA_OK)
			tool_die(EXIT_USAGE, "--trust %s: %s (%s): %s", arg, ota_strerror(r),
			    ota_errname(r), ota_trust_errmsg(o->trust));
		return;
	}
	if (strstr((char *)buf, "-----BEGIN") == NULL) {
		trust_add_ca(o->trust, arg);
		return;
	}
	k = load_key(arg, NULL, 0);
	type = ota_key_type(k);
	if (type == OTA_KEY_P256 || type == OTA_KEY_ED25519) {
		add_image_key(o, k, arg);
		return;
	}
	if ((r = ota_key_public(k, pt, &pl)) == OTA_OK)
		r = ota_trust_add_ca(o->trust, pt, pl);
	ota_key_free(&k);
	if (r != OTA_OK)
		tool_die(EXIT_USAGE, "--trust %s: %s (%s): %s", arg, ota_strerror(r), ota_errname(r),
		    ota_trust_errmsg(o->trust));
}

static void
print_check(char *const *files, size_t n, const struct ota_ocf_candidate *res, int found,
    size_t best)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (res[i].reason == OTA_OCF_REASON_AVAILABLE)
			printf("%s: candidate: %s %s\n", shown(files[i]), ota_ocf_kind_name(res[i].kind),
			    res[i].version);
		else
			printf("%s: refused: %s: %s\n", shown(files[i]), ota_ocf_reason_name(res[i].reason),
			    res[i].msg);
	}
	if (found)
		printf("update available: %s (%s %s)\n", shown(files[best]),
		    ota_ocf_kind_name(res[best].kind), res[best].version);
	else
		printf("no update available\n");
}

static int
check(struct check_opts *o, char **args, int n)
{
	struct ota_ocf_candidate *res;
	struct ota_ocf_check *chk;
	struct cands c = { NULL, 0, 0 };
	size_t i, best = 0;
	int r;

	if (!o->in.have_zv && !o->in.have_fw)
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
	if (o->in.have_zv)
		(void)ota_ocf_check_set_installed_file_version(chk, o->in.zv);
	if (o->in.have_fw)
		(void)ota_ocf_check_set_installed_fw_version(chk, &o->in.fw);
	r = ota_ocf_check_pick(chk, (const char *const *)c.v, c.n, &best, res);
	if (o->json)
		ocf_json_check(&o->in, c.v, c.n, res, r == OTA_OK && c.n > 0, best);
	else
		print_check(c.v, c.n, res, r == OTA_OK && c.n > 0, best);
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
		return usage_error("ocf: pstat decode, swu decode, check or run");
	}
	sub = argv[1];
	if (strcmp(sub, "pstat") == 0 || strcmp(sub, "swu") == 0) {
		if (argc < 3 || strcmp(argv[2], "decode") != 0)
			return usage_error(strcmp(sub, "swu") == 0 ? "ocf swu: decode" : "ocf pstat: decode");
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
		static const int rep[] = { O_INSTALLED, O_CA, O_KEY, O_TRUST, 0 };

		opt_once(lo, c, rep);
		if (common_opt(c))
			continue;
		if (c != 'h' && c != '?' && c != O_JSON && strcmp(sub, "check") != 0)
			return usage_error("ocf: that option belongs to ocf check");
		switch (c) {
		case O_JSON:
			if (strcmp(sub, "run") == 0)
				return usage_error("ocf: --json belongs to pstat decode, swu decode and check");
			json = co.json = 1;
			break;
		case O_TRUST:
			trust_opt(&co, optarg);
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
			add_image_key(&co, load_key(optarg, NULL, 0), optarg);
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
	else if (strcmp(sub, "swu") == 0)
		status = swu_decode(json, argv + optind, argc - optind);
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
