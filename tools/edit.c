/* edit.c - otaimg edit: change header fields of a Zigbee OTA image
 * (ota_image_edit), keep its elements byte for byte, print what changed. */
#include "config.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "otaimg.h"
#include "tool.h"

#define SYNOPSIS \
	"usage: otaimg edit [-m MFR] [-t TYPE] [--file-version V] [-s STRING]\n" \
	"         [--stack-version N] [--header-version N]\n" \
	"         [--hw-min N|none] [--hw-max N|none] [--security-credential N|none]\n" \
	"         [--destination EUI64|none]\n" \
	"         [--key KEY --cert CERT [--passin ARG] [--ca CA ...] [--trust-dir DIR]\n" \
	"          [--no-key-check] | --drop-signature] [--json] [-q | -v] -o OUT FILE\n" \
	"       a Matter image: [-m VID] [-t PID] [--file-version V] [-s STRING]\n" \
	"         [--digest ALG] [--min-version N|none] [--max-version N|none]\n" \
	"         [--release-notes URL|none] [--allow-short-digest] [-q | -v] -o OUT FILE"
#define SHORTOPTS "m:t:s:o:qvh"

enum {
	O_FV = 256, O_STACK, O_HDRVER, O_HWMIN, O_HWMAX, O_SECCRED, O_DEST, O_KEY, O_CERT,
	O_PASSIN, O_CA, O_TDIR, O_NOKC, O_DROP, O_JSON, O_DIGEST, O_MINV, O_MAXV, O_URL, O_SHORT
};

/* One field's values before and after, as text (a header string of 32
 * bytes each shown as \xNN, and " (other bytes)", fits). */
struct change {
	const char *field;
	char old[160], new_[160];
};

static int
is_none(const char *s)
{
	return s != NULL && strcmp(s, "none") == 0;
}

static void
num(char *b, size_t n, uint64_t v, int digits)
{
	(void)snprintf(b, n, "0x%0*llX", digits, (unsigned long long)v);
}

static void
strtext(char *b, size_t n, const uint8_t *s)
{
	size_t i, k = 0;

	/* bytes from 0x80 are kept: shown() keeps them when they are UTF-8
	 * and makes \xNN of the others (and of bidirectional controls) */
	for (i = 0; i < OTA_HEADER_STRING_LEN && s[i] != 0 && k + 5 < n; i++)
		k += (size_t)snprintf(b + k, n - k, s[i] >= 0x20 && s[i] != 0x7f && s[i] != '\\' ?
		    "%c" : "\\x%02X", s[i]);
	b[k] = '\0';
}

static void
add(struct change *c, size_t *n, const char *field, const char *old, const char *new_)
{
	if (strcmp(old, new_) == 0)
		return;
	c[*n].field = field;
	(void)snprintf(c[*n].old, sizeof(c[*n].old), "%s", old);
	(void)snprintf(c[*n].new_, sizeof(c[*n].new_), "%s", new_);
	(*n)++;
}

/* The changes of the edit, from the image's values and e's results. */
static size_t
changes(const struct ota_image *img, const struct ota_header_edit *e, struct change *c)
{
	char a[160], b[160];
	uint16_t lo, hi;
	uint64_t d;
	uint8_t v;
	size_t n = 0;

#define NUMF(bit, name, oldv, newv, dg) do { if (e->set & (bit)) { num(a, sizeof(a), oldv, dg); \
	num(b, sizeof(b), newv, dg); add(c, &n, name, a, b); } } while (0)
	NUMF(OTA_EDIT_HEADER_VERSION, "header_version", ota_image_header_version(img),
	    e->header_version, 4);
	NUMF(OTA_EDIT_MANUFACTURER, "manufacturer_code", ota_image_manufacturer_code(img),
	    e->manufacturer_code, 4);
	NUMF(OTA_EDIT_IMAGE_TYPE, "image_type", ota_image_image_type(img), e->image_type, 4);
	NUMF(OTA_EDIT_FILE_VERSION, "file_version", ota_image_file_version(img), e->file_version, 8);
	NUMF(OTA_EDIT_STACK_VERSION, "stack_version", ota_image_stack_version(img),
	    e->stack_version, 4);
#undef NUMF
	if (e->set & OTA_EDIT_HEADER_STRING) {
		strtext(a, sizeof(a), ota_image_header_string_ptr(img));
		strtext(b, sizeof(b), e->header_string);
		if (strcmp(a, b) == 0 && memcmp(ota_image_header_string_ptr(img), e->header_string,
		    OTA_HEADER_STRING_LEN) != 0)
			(void)snprintf(b + strlen(b), sizeof(b) - strlen(b), " (other bytes)");
		add(c, &n, "header_string", a, b);
	}
	if (e->set & (OTA_EDIT_SECURITY_CREDENTIAL | OTA_EDIT_NO_SECURITY_CREDENTIAL)) {
		if (ota_image_security_credential(img, &v) == OTA_OK)
			num(a, sizeof(a), v, 2);
		else
			(void)snprintf(a, sizeof(a), "absent");
		if (e->set & OTA_EDIT_SECURITY_CREDENTIAL)
			num(b, sizeof(b), e->security_credential, 2);
		else
			(void)snprintf(b, sizeof(b), "absent");
		add(c, &n, "security_credential_version", a, b);
	}
	if (e->set & (OTA_EDIT_DESTINATION | OTA_EDIT_NO_DESTINATION)) {
		if (ota_image_destination(img, &d) == OTA_OK)
			(void)snprintf(a, sizeof(a), "%016llX", (unsigned long long)d);
		else
			(void)snprintf(a, sizeof(a), "absent");
		if (e->set & OTA_EDIT_DESTINATION)
			(void)snprintf(b, sizeof(b), "%016llX", (unsigned long long)e->destination);
		else
			(void)snprintf(b, sizeof(b), "absent");
		add(c, &n, "upgrade_file_destination", a, b);
	}
	if (e->set & (OTA_EDIT_HW_VERSIONS | OTA_EDIT_NO_HW_VERSIONS)) {
		if (ota_image_hw_versions(img, &lo, &hi) == OTA_OK)
			(void)snprintf(a, sizeof(a), "0x%04X-0x%04X", lo, hi);
		else
			(void)snprintf(a, sizeof(a), "absent");
		if (e->set & OTA_EDIT_HW_VERSIONS)
			(void)snprintf(b, sizeof(b), "0x%04X-0x%04X", e->hw_min, e->hw_max);
		else
			(void)snprintf(b, sizeof(b), "absent");
		add(c, &n, "hardware_versions", a, b);
	}
	num(a, sizeof(a), ota_image_field_control(img), 4);
	num(b, sizeof(b), e->new_field_control, 4);
	add(c, &n, "field_control", a, b);
	(void)snprintf(a, sizeof(a), "%u", ota_image_header_length(img));
	(void)snprintf(b, sizeof(b), "%u", e->new_header_length);
	add(c, &n, "header_length", a, b);
	(void)snprintf(a, sizeof(a), "%u", ota_image_total_image_size(img));
	(void)snprintf(b, sizeof(b), "%u", e->new_total_image_size);
	add(c, &n, "total_image_size", a, b);
	return n;
}

/* What happened to the integrity code and the signature. */
static const char *
iic_what(const struct ota_image *img)
{
	size_t i;

	return ota_image_element_find(img, OTA_TAG_INTEGRITY_CODE, 0, &i) == OTA_OK ?
	    "recomputed" : "none";
}

static void
report(const char *in, const char *out, const struct change *c, size_t n, const char *iic,
    const char *sig, int json, FILE *fp)
{
	json_t *o, *a, *x;
	char *s;
	size_t i;

	if (!json) {
		for (i = 0; i < n; i++)
			fprintf(fp, "%s: %s \xe2\x86\x92 %s\n", c[i].field, shown(c[i].old),
			    shown(c[i].new_));
		if (n == 0)
			fprintf(fp, "no header field changed\n");
		fprintf(fp, "integrity_code: %s\nsignature: %s\n", iic, sig);
		return;
	}
	if ((o = json_object()) == NULL || (a = json_array()) == NULL)
		tool_die(EXIT_USAGE, "out of memory");
	json_set_file(o, in);
	json_object_set_new(o, "output", json_string(out));
	for (i = 0; i < n; i++) {
		x = json_object();
		json_object_set_new(x, "field", json_string(c[i].field));
		/* shown(): valid UTF-8, which json_string needs */
		json_object_set_new(x, "old", json_string(shown(c[i].old)));
		json_object_set_new(x, "new", json_string(shown(c[i].new_)));
		json_array_append_new(a, x);
	}
	json_object_set_new(o, "changes", a);
	json_object_set_new(o, "integrity_code", json_string(iic));
	json_object_set_new(o, "signature", json_string(sig));
	if ((s = json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER)) == NULL)
		tool_die(EXIT_USAGE, "out of memory");
	fprintf(fp, "%s\n", s);
	free(s);
	json_decref(o);
}

/* --hw-min/--hw-max: a value, or none for both. */
static void
hw_opt(const char *opt, const char *arg, int *have, int *none, uint16_t *v)
{
	if (is_none(arg))
		*none = 1;
	else {
		*v = (uint16_t)opt_uint(opt, arg, 0xFFFF);
		*have = 1;
	}
}

/* The change-header option an edit option maps onto for a Matter image
 * (NULL: none); the Matter-only ones are change-header's own. */
static char *
matter_map(int c)
{
	static char vid[] = "--vendor-id", pid[] = "--product-id", ver[] = "--version",
	    vs[] = "--version-string", dig[] = "--digest", mn[] = "--min-version",
	    mx[] = "--max-version", url[] = "--release-notes", sh[] = "--allow-short-digest";

	switch (c) {
	case 'm': return vid;
	case 't': return pid;
	case O_FV: return ver;
	case 's': return vs;
	case O_DIGEST: return dig;
	case O_MINV: return mn;
	case O_MAXV: return mx;
	case O_URL: return url;
	case O_SHORT: return sh;
	default: return NULL;
	}
}

static int
matter_only(int c)
{
	return c == O_DIGEST || c == O_MINV || c == O_MAXV || c == O_URL || c == O_SHORT;
}

/* The long name of option c, for a message. */
static const char *
zigbee_opt(const struct option *lo, int c)
{
	for (; lo->name != NULL; lo++)
		if (lo->val == c)
			return lo->name;
	return "an option";
}

int
cmd_edit(int argc, char **argv)
{
	static const struct option lo[] = {
		{ "manufacturer", required_argument, NULL, 'm' },
		{ "image-type", required_argument, NULL, 't' },
		{ "file-version", required_argument, NULL, O_FV },
		{ "string", required_argument, NULL, 's' },
		{ "stack-version", required_argument, NULL, O_STACK },
		{ "header-version", required_argument, NULL, O_HDRVER },
		{ "hw-min", required_argument, NULL, O_HWMIN },
		{ "hw-max", required_argument, NULL, O_HWMAX },
		{ "min-hw", required_argument, NULL, O_HWMIN },
		{ "max-hw", required_argument, NULL, O_HWMAX },
		{ "security-credential", required_argument, NULL, O_SECCRED },
		{ "destination", required_argument, NULL, O_DEST },
		{ "key", required_argument, NULL, O_KEY },
		{ "cert", required_argument, NULL, O_CERT },
		{ "passin", required_argument, NULL, O_PASSIN },
		{ "ca", required_argument, NULL, O_CA },
		{ "trust-dir", required_argument, NULL, O_TDIR },
		{ "no-key-check", no_argument, NULL, O_NOKC },
		{ "drop-signature", no_argument, NULL, O_DROP },
		{ "json", no_argument, NULL, O_JSON },
		{ "digest", required_argument, NULL, O_DIGEST },
		{ "min-version", required_argument, NULL, O_MINV },
		{ "max-version", required_argument, NULL, O_MAXV },
		{ "release-notes", required_argument, NULL, O_URL },
		{ "allow-short-digest", no_argument, NULL, O_SHORT },
		{ "output", required_argument, NULL, 'o' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "verbose", no_argument, NULL, 'v' },
		PROGRESS_OPTS,
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	static const int repeatable[] = { O_CA, 0 };
	struct ota_header_edit e;
	struct change *ch;
	struct ota_image *img;
	struct ota_trust *trust = NULL;
	struct ota_key *key = NULL;
	struct tool_out to;
	const char *out = NULL, *in, *keyf = NULL, *certf = NULL, *pass = NULL, *tdir = NULL;
	const char *cas[OTA_TRUST_MAX_ANCHORS], *sig = "none", *fv_arg = NULL, *str_arg = NULL;
	uint8_t cert[256];
	size_t certlen = 0, nca = 0, i, n, slen;
	uint16_t hmin = 0, hmax = 0, omin, omax;
	uint64_t v;
	unsigned flags = 0;
	static char a_ch[] = "change-header", a_q[] = "-q", a_v[] = "--verbose", a_o[] = "-o";
	char *mv[40], *mo, *outp = NULL;
	int mq = 0, mvb = 0, mshort = 0;
	const char *zonly = NULL, *monly = NULL;
	int mc = 0;
	int c, r, s, json = 0, keycheck = 1, have_min = 0, have_max = 0, hw_none = 0, csuite;

	memset(&e, 0, sizeof(e));
	/* change-header's arguments, should the input be a Matter image: each
	 * option once (a value option twice is refused), so mv holds them all */
	mv[mc++] = a_ch;
	while ((c = getopt_long(argc, argv, SHORTOPTS, lo, NULL)) != -1) {
		opt_once(lo, c, repeatable);
		if ((c == 'q' && !mq) || (c == 'v' && !mvb))
			mv[mc++] = c == 'q' ? a_q : a_v;
		mq |= c == 'q';
		mvb |= c == 'v';
		if (common_opt(c))
			continue;
		if (c == O_SHORT && mshort++ > 0)
			continue;
		if ((mo = matter_map(c)) != NULL) {
			mv[mc++] = mo;
			if (optarg != NULL)
				mv[mc++] = optarg;
			if (matter_only(c) && monly == NULL)
				monly = mo;
		} else if (c != 'o' && c != 'h' && zonly == NULL)
			zonly = zigbee_opt(lo, c);
		switch (c) {
		case 'm':
			e.manufacturer_code = (uint16_t)opt_uint("--manufacturer", optarg, 0xFFFF);
			e.set |= OTA_EDIT_MANUFACTURER;
			break;
		case 't':
			e.image_type = (uint16_t)opt_uint("--image-type", optarg, 0xFFFF);
			e.set |= OTA_EDIT_IMAGE_TYPE;
			break;
		case O_FV: /* read once the format is known */
			fv_arg = optarg;
			break;
		case 's':
			str_arg = optarg;
			break;
		case O_STACK:
			e.stack_version = (uint16_t)opt_uint("--stack-version", optarg, 0xFFFF);
			e.set |= OTA_EDIT_STACK_VERSION;
			break;
		case O_HDRVER:
			e.header_version = (uint16_t)opt_uint("--header-version", optarg, 0xFFFF);
			e.set |= OTA_EDIT_HEADER_VERSION;
			break;
		case O_HWMIN:
			hw_opt("--hw-min", optarg, &have_min, &hw_none, &hmin);
			break;
		case O_HWMAX:
			hw_opt("--hw-max", optarg, &have_max, &hw_none, &hmax);
			break;
		case O_SECCRED:
			if (is_none(optarg))
				e.set |= OTA_EDIT_NO_SECURITY_CREDENTIAL;
			else {
				e.security_credential = (uint8_t)opt_uint("--security-credential",
				    optarg, 0xFF);
				e.set |= OTA_EDIT_SECURITY_CREDENTIAL;
			}
			break;
		case O_DEST:
			if (is_none(optarg))
				e.set |= OTA_EDIT_NO_DESTINATION;
			else if (ota_eui64_parse(optarg, &e.destination) != OTA_OK)
				tool_die(EXIT_USAGE, "--destination: '%s' is not an EUI-64 (16 hex "
				    "digits, most significant first; ':' or '-' between octets allowed) "
				    "nor none", optarg);
			else
				e.set |= OTA_EDIT_DESTINATION;
			break;
		case O_KEY:
			keyf = optarg;
			break;
		case O_CERT:
			certf = optarg;
			break;
		case O_PASSIN:
			pass = optarg;
			break;
		case O_CA:
			if (nca >= OTA_TRUST_MAX_ANCHORS)
				tool_die(EXIT_USAGE, "--ca: at most %u", OTA_TRUST_MAX_ANCHORS);
			cas[nca++] = optarg;
			break;
		case O_TDIR:
			tdir = optarg;
			break;
		case O_NOKC:
			keycheck = 0;
			break;
		case O_DROP:
			flags |= OTA_EDIT_DROP_SIGNATURE;
			break;
		case O_JSON:
			json = 1;
			break;
		case O_DIGEST:
		case O_MINV:
		case O_MAXV:
		case O_URL:
		case O_SHORT:
			break; /* Matter: change-header reads them */
		case 'o':
			out = outp = optarg;
			break;
		case 'h':
			return tool_usage(EXIT_OK, SYNOPSIS, lo, SHORTOPTS);
		default:
			return tool_usage(EXIT_USAGE, SYNOPSIS, NULL, SHORTOPTS);
		}
	}
	if (optind + 1 != argc || out == NULL)
		return tool_usage(EXIT_USAGE, SYNOPSIS, NULL, SHORTOPTS);
	in = argv[optind];
	if (edit_is_matter(in)) {
		if (zonly != NULL)
			tool_die(EXIT_USAGE, "--%s: a Zigbee OTA option; %s is a Matter OTA image "
			    "(otaimg-edit(1), MATTER)", zonly, in);
		mv[mc++] = a_o;
		mv[mc++] = outp;
		mv[mc++] = argv[optind];
		return edit_matter(mc, mv, in, out);
	}
	if (monly != NULL)
		tool_die(EXIT_USAGE, "%s: a Matter OTA option; %s is not a Matter image", monly, in);
	if (hw_none && (have_min || have_max))
		tool_die(EXIT_USAGE, "--hw-min/--hw-max: none removes both; give no value with it");
	if ((keyf == NULL) != (certf == NULL))
		tool_die(EXIT_USAGE, "--key and --cert re-sign together; give both");
	if (keyf != NULL && (flags & OTA_EDIT_DROP_SIGNATURE))
		tool_die(EXIT_USAGE, "--drop-signature or --key/--cert: not both");
	if (strcmp(in, "-") == 0)
		tool_die(EXIT_USAGE, "edit reads its input twice: name a file, not standard input");
	if (same_file(out, in))
		tool_die(EXIT_USAGE, "-o %s: the output would overwrite the input %s; nothing written",
		    out, in);
	if ((keyf != NULL && same_file(out, keyf)) || (certf != NULL && same_file(out, certf)))
		tool_die(EXIT_USAGE, "-o %s: the output would overwrite the key or certificate; "
		    "nothing written", out);
	if (fv_arg != NULL) {
		if (parse_file_version(fv_arg, &e.file_version) != 0)
			tool_die(EXIT_USAGE, "--file-version: '%s' is neither a 32-bit number nor "
			    "XX:XX:XX:XX", fv_arg);
		e.set |= OTA_EDIT_FILE_VERSION;
	}
	if (str_arg != NULL) {
		if ((slen = strlen(str_arg)) > OTA_HEADER_STRING_LEN)
			tool_die(EXIT_USAGE, "--string: %zu bytes, at most 32", slen);
		memcpy(e.header_string, str_arg, slen);
		e.set |= OTA_EDIT_HEADER_STRING;
	}
	if ((s = open_image(in, &img, 0)) != EXIT_OK)
		return s;
	if (have_min || have_max) {
		if (ota_image_hw_versions(img, &omin, &omax) != OTA_OK && !(have_min && have_max))
			tool_die(EXIT_USAGE, "%s has no hardware versions: give both --hw-min and "
			    "--hw-max", in);
		e.hw_min = have_min ? hmin : omin;
		e.hw_max = have_max ? hmax : omax;
		if (e.hw_min > e.hw_max)
			tool_die(EXIT_USAGE, "--hw-min 0x%04X is above --hw-max 0x%04X", e.hw_min,
			    e.hw_max);
		e.set |= OTA_EDIT_HW_VERSIONS;
	}
	if (hw_none)
		e.set |= OTA_EDIT_NO_HW_VERSIONS;
	if (keyf != NULL) {
		if (read_small(certf, cert, sizeof(cert), &certlen) != 0)
			tool_die(EXIT_USAGE, "%s: cannot read", certf);
		if (ota_cert_parse(cert, certlen, &csuite, NULL, NULL) != OTA_OK)
			tool_die(EXIT_USAGE, "%s: %zu bytes is not a suite-1 (48) or suite-2 (74) "
			    "certificate", certf, certlen);
		key = load_key(keyf, pass, 1);
		if ((trust = ota_trust_new()) == NULL)
			tool_die(EXIT_USAGE, "out of memory");
		trust_load_store(trust, tdir);
		for (i = 0; i < nca; i++)
			trust_add_ca(trust, cas[i]);
		if (keycheck && (r = key_cert_check(key, keyf, cert, certlen, certf, trust, tdir)) !=
		    OTA_OK) {
			ota_key_free(&key);
			ota_trust_free(&trust);
			ota_image_free(&img);
			return status_for(r);
		}
		if (!keycheck && !tool_quiet)
			tool_warn("warning: --no-key-check: %s is not checked against %s", keyf, certf);
		ota_trust_free(&trust);
	}
	out_open(&to, out, OUT_BINARY);
	progress_image(img);
	r = ota_image_edit(img, &e, key, keyf != NULL ? cert : NULL, certlen,
	    flags | OTA_SIGN_NO_KEY_CHECK, out_write, &to);
	ota_key_free(&key);
	if (r != OTA_OK) {
		out_abort(&to);
		tool_warn("%s: offset %llu: %s (%s): %s%s%s", in,
		    (unsigned long long)ota_image_erroffset(img), ota_strerror(r), ota_errname(r),
		    ota_image_errmsg(img), to.err ? ": " : "", to.err ? strerror(to.err) : "");
		if (r == OTA_E_SIGNED)
			tool_warn(ota_image_walk(img) == OTA_WALK_GBCS ? "give --drop-signature, then "
			    "otaimg sign --format gbcs --key KEY" : "give --key KEY --cert CERT to "
			    "re-sign it, or --drop-signature");
		ota_image_free(&img);
		return status_for(r);
	}
	for (i = 0; i < ota_image_element_count(img); i++) {
		uint16_t tag = ota_image_element_tag(img, i);

		if (tag == OTA_TAG_SIGNATURE_SUITE1 || tag == OTA_TAG_SIGNATURE_SUITE2)
			sig = keyf != NULL ? "re-signed" : "dropped";
	}
	if (keyf != NULL && strcmp(sig, "none") == 0)
		sig = "signed";
	if (ota_image_walk(img) == OTA_WALK_GBCS && ota_image_gbcs(img, NULL, NULL, &v) == OTA_OK &&
	    v != 0)
		sig = "dropped";
	if (strcmp(sig, "dropped") == 0)
		tool_warn("WARNING: --drop-signature: %s is written WITHOUT the signature %s carried "
		    "(%s removed); devices that require one will refuse it", out, in,
		    ota_image_walk(img) == OTA_WALK_GBCS ? "the GBCS supplier trailer" :
		    "signature and certificate");
	if ((s = out_commit(&to)) != EXIT_OK) {
		ota_image_free(&img);
		return s;
	}
	if ((ch = calloc(16, sizeof(*ch))) == NULL)
		tool_die(EXIT_USAGE, "out of memory");
	n = changes(img, &e, ch);
	if (!tool_quiet || json)
		report(in, out, ch, n, iic_what(img), sig, json, strcmp(out, "-") == 0 ? stderr :
		    stdout);
	free(ch);
	ota_image_free(&img);
	return EXIT_OK;
}
