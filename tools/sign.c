/* sign.c - otaimg sign: Smart Energy suite 1/2 signatures, also offline
 * (--prepare, --digest-out, then --signature-in). */
#include "config.h"

#include <dirent.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "otaimg.h"
#include "tool.h"

#define SYNOPSIS \
	"usage: otaimg sign [--suite 1|2] --key KEY --cert CERT [--passin ARG]\n" \
	"         [--ca CA ...] [--trust-dir DIR] [--no-key-check]\n" \
	"         [--digest-out FILE] [--strict] [-q | -v] -o OUT IN\n" \
	"       otaimg sign --prepare --cert CERT [--digest-out FILE] [--strict] -o OUT IN\n" \
	"       otaimg sign --signature-in SIG [--ca CA ...] [--trust-dir DIR] -o OUT PREPARED\n" \
	"       otaimg sign --format gbcs --key P256KEY [--gbcs-cover manufacturer-image|upgrade-image]\n" \
	"         -o OUT IN"
#define SHORTOPTS "s:k:c:p:o:Pd:S:C:qvh"

static int
usage(FILE *fp, int status)
{
	(void)fp;
	return tool_usage(status, SYNOPSIS, NULL, SHORTOPTS);
}

/* The folder an output lands in. */
static int
out_folder(const char *out, struct stat *st)
{
	char *buf = out_final(out), *slash = strrchr(buf, '/');
	int r;

	if (slash != NULL)
		slash[slash == buf ? 1 : 0] = '\0';
	r = slash != NULL ? stat(buf, st) : stat(".", st);
	free(buf);
	return r;
}

/* An output inside the trust directory, or the same file as one of its files. */
static int
in_trust_dir(const char *out, const char *dir)
{
	struct stat ds, os;
	struct dirent *e;
	size_t n;
	char *path;
	DIR *d;
	int hit = 0;

	if (strcmp(out, "-") == 0 || stat(dir, &ds) != 0)
		return 0;
	if (out_folder(out, &os) == 0 && os.st_dev == ds.st_dev && os.st_ino == ds.st_ino)
		return 1;
	if ((d = opendir(dir)) == NULL)
		return 0;
	while (!hit && (e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		n = strlen(dir) + strlen(e->d_name) + 2;
		if ((path = malloc(n)) == NULL)
			tool_die(EXIT_USAGE, "out of memory");
		(void)snprintf(path, n, "%s/%s", dir, e->d_name);
		hit = same_file(out, path);
		free(path);
	}
	(void)closedir(d);
	return hit;
}

/* An output (-o, --digest-out) never overwrites an input it is made from,
 * nor the trust store: exits 2, nothing written (otaimg-sign(1)). */
static void
guard_output(const char *opt, const char *out, const char *keyf, const char *certf,
    const char *sigf, const char *passf, const char *const *cas, size_t nca, const char *tdir)
{
	const char *what = NULL, *file = NULL;
	size_t i;

	if (out == NULL)
		return;
	if (keyf != NULL && same_file(out, keyf))
		what = "the key", file = keyf;
	else if (certf != NULL && same_file(out, certf))
		what = "the certificate", file = certf;
	else if (sigf != NULL && same_file(out, sigf))
		what = "the signature", file = sigf;
	else if (passf != NULL && same_file(out, passf))
		what = "the passphrase file", file = passf;
	for (i = 0; what == NULL && i < nca; i++)
		if (same_file(out, cas[i]))
			what = "the CA key", file = cas[i];
	if (what == NULL && tdir != NULL && in_trust_dir(out, tdir))
		what = "the trust store", file = tdir;
	if (what != NULL)
		tool_die(EXIT_USAGE, "%s %s: the output would overwrite %s %s; nothing written", opt,
		    out, what, file);
}

int
cmd_sign(int argc, char **argv)
{
	static const struct option lo[] = {
		{ "suite", required_argument, NULL, 's' },
		{ "key", required_argument, NULL, 'k' },
		{ "cert", required_argument, NULL, 'c' },
		{ "passin", required_argument, NULL, 'p' },
		{ "output", required_argument, NULL, 'o' },
		{ "prepare", no_argument, NULL, 'P' },
		{ "digest-out", required_argument, NULL, 'd' },
		{ "signature-in", required_argument, NULL, 'S' },
		{ "ca", required_argument, NULL, 'C' },
		{ "format", required_argument, NULL, 'F' },
		{ "gbcs-cover", required_argument, NULL, 'G' },
		{ "strict", no_argument, NULL, 'X' },
		{ "trust-dir", required_argument, NULL, 'D' },
		{ "no-key-check", no_argument, NULL, 'K' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "verbose", no_argument, NULL, 'v' },
		PROGRESS_OPTS,
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *keyf = NULL, *certf = NULL, *pass = NULL, *out = NULL, *digf = NULL;
	const char *sigf = NULL, *in, *tdir = NULL, *store, *cas[OTA_TRUST_MAX_ANCHORS];
	struct ota_image *img;
	struct ota_trust *trust = NULL;
	struct ota_key *key = NULL;
	uint8_t cert[256], sig[256], digest[16];
	size_t certlen = 0, siglen;
	uint64_t suite = 0;
	enum ota_format format = OTA_FORMAT_AUTO;
	unsigned gflags = 0, sflags = 0;
	static const int repeatable[] = { 'C', 0 };
	struct tool_out to, dt;
	int c, r, s, prepare = 0, csuite, keycheck = 1, have_dt = 0;
	size_t nca = 0, i;

	while ((c = getopt_long(argc, argv, SHORTOPTS, lo, NULL)) != -1) {
		opt_once(lo, c, repeatable);
		if (common_opt(c))
			continue;
		switch (c) {
		case 's':
			if (parse_uint(optarg, 2, &suite) != 0 || suite == 0)
				tool_die(EXIT_USAGE, "--suite: 1 or 2");
			break;
		case 'k':
			keyf = optarg;
			break;
		case 'c':
			certf = optarg;
			break;
		case 'p':
			pass = optarg;
			break;
		case 'o':
			out = optarg;
			break;
		case 'P':
			prepare = 1;
			break;
		case 'd':
			digf = optarg;
			break;
		case 'S':
			sigf = optarg;
			break;
		case 'C':
			if (nca >= OTA_TRUST_MAX_ANCHORS)
				tool_die(EXIT_USAGE, "--ca: at most %u", OTA_TRUST_MAX_ANCHORS);
			cas[nca++] = optarg;
			break;
		case 'D':
			tdir = optarg;
			break;
		case 'K':
			keycheck = 0;
			break;
		case 'F':
			if (parse_format(optarg, &format) != 0)
				tool_die(EXIT_USAGE, "--format: zigbee or gbcs");
			break;
		case 'G':
			gflags |= parse_cover(optarg);
			break;
		case 'X':
			sflags |= OTA_SIGN_STRICT;
			break;
		case 'h':
			return tool_usage(EXIT_OK, SYNOPSIS, lo, SHORTOPTS);
		default:
			return usage(stderr, EXIT_USAGE);
		}
	}
	if (optind + 1 != argc || out == NULL)
		return usage(stderr, EXIT_USAGE);
	in = argv[optind];
	if (digf != NULL && strcmp(digf, "-") == 0 && strcmp(out, "-") == 0)
		tool_die(EXIT_USAGE, "-o - and --digest-out -: only one output can be standard output");
	/* an output never overwrites an input, nor the trust store in use */
	store = format != OTA_FORMAT_GBCS && !prepare ? (trust_dir(tdir) != NULL ? trust_dir(tdir) :
	    ota_trust_default_dir()) : NULL;
	guard_output("-o", out, keyf, certf, sigf, passin_file(pass), cas, nca, store);
	guard_output("--digest-out", digf, keyf, certf, sigf, passin_file(pass), cas, nca, store);
	if (digf != NULL && same_output(out, digf))
		tool_die(EXIT_USAGE, "-o and --digest-out name one file, %s; nothing written", digf);
	if (digf != NULL && same_file(digf, in))
		tool_die(EXIT_USAGE, "--digest-out %s: the output would overwrite the image %s; "
		    "nothing written", digf, in);
	if ((s = open_image_as(in, format, &img, 0)) != EXIT_OK)
		return s;
	/* the trust store, then --ca: to check a key, or a signature made elsewhere */
	if ((trust = ota_trust_new()) == NULL)
		tool_die(EXIT_USAGE, "out of memory");
	if (format != OTA_FORMAT_GBCS && !prepare) {
		trust_load_store(trust, tdir);
		for (i = 0; i < nca; i++)
			trust_add_ca(trust, cas[i]);
	}
	if (format == OTA_FORMAT_GBCS) {
		if (keyf == NULL) {
			ota_trust_free(&trust);
			ota_image_free(&img);
			return usage(stderr, EXIT_USAGE);
		}
		key = load_key(keyf, pass, 1);
		out_open(&to, out, OUT_BINARY);
		r = ota_image_sign_gbcs(img, key, gflags, out_write, &to);
		ota_key_free(&key);
	} else if (sigf != NULL) {
		/* checked first under the trust store and --ca (OTA_E_NOKEY without
		 * an anchor of the certificate's suite) */
		if (read_small(sigf, sig, sizeof(sig), &siglen) != 0)
			tool_die(EXIT_USAGE, "%s: cannot read", sigf);
		out_open(&to, out, OUT_BINARY);
		r = ota_image_insert_signature(img, sig, siglen, trust, out_write, &to);
	} else {
		if (certf == NULL || (!prepare && keyf == NULL)) {
			ota_trust_free(&trust);
			ota_image_free(&img);
			return usage(stderr, EXIT_USAGE);
		}
		if (read_small(certf, cert, sizeof(cert), &certlen) != 0)
			tool_die(EXIT_USAGE, "%s: cannot read", certf);
		if (ota_cert_parse(cert, certlen, &csuite, NULL, NULL) != OTA_OK)
			tool_die(EXIT_USAGE, "%s: %zu bytes is not a suite-1 (48) or suite-2 (74) "
			    "certificate", certf, certlen);
		if (suite != 0 && (int)suite != csuite)
			tool_die(EXIT_USAGE, "--suite %d, but %s is a suite-%d certificate", (int)suite,
			    certf, csuite);
		if (!prepare)
			key = load_key(keyf, pass, 1);
		/* a key on another curve is certainly not the certificate's */
		if (!prepare && ota_key_type(key) != (csuite == 1 ? OTA_KEY_SECT163K1 :
		    OTA_KEY_SECT283K1)) {
			tool_warn("%s: %s (%s): %s is not on %s, the curve of the suite-%d certificate "
			    "%s, so it is not its key; nothing written", keyf,
			    ota_strerror(OTA_E_KEY_MISMATCH), ota_errname(OTA_E_KEY_MISMATCH), keyf,
			    csuite == 1 ? "sect163k1" : "sect283k1", csuite, certf);
			ota_key_free(&key);
			ota_trust_free(&trust);
			ota_image_free(&img);
			return status_for(OTA_E_KEY_MISMATCH);
		}
		if (!prepare && keycheck && (r = key_cert_check(key, keyf, cert, certlen, certf,
		    trust, tdir)) != OTA_OK) {
			ota_key_free(&key);
			ota_trust_free(&trust);
			ota_image_free(&img);
			return status_for(r);
		}
		if (!prepare && !keycheck && !tool_quiet)
			tool_warn("warning: --no-key-check: %s is not checked against %s", keyf, certf);
		/* checked here, with the trust store and --ca */
		out_open(&to, out, OUT_BINARY);
		if ((have_dt = digf != NULL) != 0)
			out_open(&dt, digf, OUT_BINARY);
		r = ota_image_sign(img, key, cert, certlen, sflags | OTA_SIGN_NO_KEY_CHECK |
		    (prepare ? OTA_SIGN_PREPARE : 0), digest, out_write, &to);
		ota_key_free(&key);
		if (have_dt) {
			if (r == OTA_OK && out_write(&dt, digest, 16) != 0) {
				tool_warn("%s: cannot write: %s", digf, strerror(dt.err));
				r = OTA_E_IO;
			}
			if (r != OTA_OK)
				out_abort(&dt);
		}
	}
	ota_trust_free(&trust);
	print_diags(img, in, OTA_SEV_WARNING);
	if (r != OTA_OK) {
		out_abort(&to);
		tool_warn("%s: offset %llu: %s (%s): %s%s%s", in,
		    (unsigned long long)ota_image_erroffset(img), ota_strerror(r), ota_errname(r),
		    ota_image_errmsg(img), to.err ? ": " : "", to.err ? strerror(to.err) : "");
		ota_image_free(&img);
		return status_for(r);
	}
	ota_image_free(&img);
	s = out_commit(&to);
	if (have_dt && out_commit(&dt) != EXIT_OK)
		s = EXIT_USAGE;
	return s;
}
