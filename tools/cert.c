/* cert.c - otaimg cert ca | issue | show: a Smart Energy ECQV CA for tests
 * and labs.  Devices in the field trust none of these. */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "otaimg.h"
#include "tool.h"

#define SYNOPSIS \
	"usage: otaimg cert ca --suite 1|2 [--force] [-q | -v] -o CA.key\n" \
	"       otaimg cert issue --suite 1|2 --ca CA.key [--passin ARG] --subject EUI64 --issuer ID\n" \
	"         [--force] [-q | -v] -o NAME\n" \
	"       otaimg cert show CERT"
#define SHORTOPTS "s:c:S:I:o:p:fqvh"

static int
usage(FILE *fp, int status)
{
	(void)fp;
	return tool_usage(status, SYNOPSIS, NULL, SHORTOPTS);
}

/* The CA key goes to its file only once its public key, which certificates
 * and verifiers need, has reached standard output (standard error with -o -). */
static int
cert_ca(int suite, const char *out, unsigned flags)
{
	struct ota_key *k = NULL;
	struct tool_out to;
	FILE *fp = strcmp(out, "-") == 0 ? stderr : stdout;
	uint8_t pub[64];
	size_t n = sizeof(pub), i;
	int r;

	out_open(&to, out, flags);
	if ((r = ota_key_generate(&k, suite == 1 ? OTA_KEY_SECT163K1 : OTA_KEY_SECT283K1)) != OTA_OK)
		tool_die(EXIT_USAGE, "cannot generate the CA key: %s", ota_strerror(r));
	if ((r = ota_key_public(k, pub, &n)) != OTA_OK ||
	    (r = ota_key_write(k, 1, out_write, &to)) != OTA_OK)
		tool_die(EXIT_USAGE, "%s: %s%s%s", out, ota_strerror(r), to.err ? ": " : "",
		    to.err ? strerror(to.err) : "");
	ota_key_free(&k);
	for (i = 0; i < n; i++)
		fprintf(fp, "%02X", pub[i]);
	if (fputc('\n', fp) == EOF || (fp == stdout ? stdout_flush() : fflush(fp)) != 0)
		tool_die(EXIT_USAGE, "the CA public key was not written: %s not written", out);
	return out_commit(&to);
}

static int
cert_issue(int suite, const char *ca, const char *pass, uint64_t subject, uint64_t issuer,
    const char *name, unsigned flags)
{
	struct ota_key *cak, *uk = NULL;
	struct tool_out ko, co;
	uint8_t cert[OTA_CERT_MAX_LEN];
	size_t n = sizeof(cert), len = strlen(name) + 6;
	char *kpath, *cpath;
	int r, s;

	if (strcmp(name, "-") == 0)
		tool_die(EXIT_USAGE, "-o names two files, NAME.key and NAME.cert: not '-'");
	if ((kpath = malloc(len)) == NULL || (cpath = malloc(len)) == NULL)
		tool_die(EXIT_USAGE, "out of memory");
	(void)snprintf(kpath, len, "%s.key", name);
	(void)snprintf(cpath, len, "%s.cert", name);
	/* the CA key is never overwritten, not even with --force */
	if (same_file(kpath, ca) || same_file(cpath, ca)) {
		tool_warn("%s: the output would overwrite the CA key %s",
		    same_file(kpath, ca) ? kpath : cpath, ca);
		free(kpath);
		free(cpath);
		return EXIT_USAGE;
	}
	/* nor is one output the other (NAME.cert a link to NAME.key), nor the
	 * passphrase file */
	if (passin_file(pass) != NULL && (same_file(kpath, passin_file(pass)) ||
	    same_file(cpath, passin_file(pass)))) {
		tool_warn("%s: an output would overwrite the passphrase file", passin_file(pass));
		free(kpath);
		free(cpath);
		return EXIT_USAGE;
	}
	if (same_output(kpath, cpath)) {
		tool_warn("%s and %s are one file: the certificate would replace the key", kpath,
		    cpath);
		free(kpath);
		free(cpath);
		return EXIT_USAGE;
	}
	cak = load_key(ca, pass, 1);
	out_open(&ko, kpath, flags);
	out_open(&co, cpath, (flags & ~(unsigned)OTA_OUTPUT_PRIVATE) | OUT_BINARY);
	if ((r = ota_cert_issue(suite, cak, subject, issuer, cert, &n, &uk)) != OTA_OK)
		tool_die(EXIT_USAGE, "%s: %s%s", ca, ota_strerror(r),
		    r == OTA_E_NOKEY ? ": the CA key must be on the suite's curve" : "");
	if ((r = ota_key_write(uk, 1, out_write, &ko)) != OTA_OK)
		tool_die(EXIT_USAGE, "%s: %s%s%s", kpath, ota_strerror(r), ko.err ? ": " : "",
		    ko.err ? strerror(ko.err) : "");
	if (out_write(&co, cert, n) != 0)
		tool_die(EXIT_USAGE, "%s: cannot write: %s", cpath, strerror(co.err));
	/* the certificate reaches standard output before the files are placed:
	 * a failed write there leaves neither (a rerun is not refused) */
	hexout(cert, n, 1);
	printf("\n");
	if (stdout_flush() != 0) {
		out_abort(&ko);
		out_abort(&co);
		s = EXIT_USAGE;
		tool_warn("the certificate was not written: %s and %s not written", kpath, cpath);
	} else if ((s = out_commit(&ko)) == EXIT_OK) {
		s = out_commit(&co);
	} else {
		out_abort(&co);
	}
	free(kpath);
	free(cpath);
	ota_key_free(&uk);
	ota_key_free(&cak);
	return s;
}

static int
cert_show(const char *file)
{
	uint8_t cert[256];
	uint64_t subject, issuer;
	size_t n;
	int suite;

	/* too large to be a certificate: invalid (1); unreadable: I/O (2) */
	if (read_small(file, cert, sizeof(cert), &n) != 0)
		tool_die(errno == EFBIG ? EXIT_INVALID : EXIT_USAGE, "%s: %s", file,
		    errno == EFBIG ? "more than 256 bytes is not a suite-1 (48) or suite-2 (74) "
		    "certificate" : strerror(errno));
	if (ota_cert_parse(cert, n, &suite, &subject, &issuer) != OTA_OK)
		tool_die(EXIT_INVALID, "%s: %zu bytes is not a suite-1 (48) or suite-2 (74) certificate",
		    file, n);
	printf("suite    %d\nsubject  %016llX\nissuer   %016llX\ncert     ", suite,
	    (unsigned long long)subject, (unsigned long long)issuer);
	hexout(cert, n, 1);
	printf("\n");
	return EXIT_OK;
}

int
cmd_cert(int argc, char **argv)
{
	static const struct option lo[] = {
		{ "suite", required_argument, NULL, 's' },
		{ "ca", required_argument, NULL, 'c' },
		{ "subject", required_argument, NULL, 'S' },
		{ "issuer", required_argument, NULL, 'I' },
		{ "output", required_argument, NULL, 'o' },
		{ "passin", required_argument, NULL, 'p' },
		{ "force", no_argument, NULL, 'f' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	static char self[64];
	const char *sub, *ca = NULL, *out = NULL, *pass = NULL;
	uint64_t suite = 0, subject = 0, issuer = 0;
	unsigned flags = OTA_OUTPUT_PRIVATE | OTA_OUTPUT_NOREPLACE;
	int c, have_subject = 0, have_issuer = 0;

	if (argc < 2)
		return usage(stderr, EXIT_USAGE);
	if (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0)
		return tool_usage(EXIT_OK, SYNOPSIS, lo, SHORTOPTS);
	sub = argv[1];
	argc--;
	argv++;
	/* getopt's own messages start with argv[0]: the command, not "ca" */
	(void)snprintf(self, sizeof(self), "%s", tool_name);
	argv[0] = self;
	while ((c = getopt_long(argc, argv, SHORTOPTS, lo, NULL)) != -1) {
		opt_once(lo, c, NULL);
		if (common_opt(c))
			continue;
		switch (c) {
		case 's':
			if (parse_uint(optarg, 2, &suite) != 0 || suite == 0)
				tool_die(EXIT_USAGE, "--suite: 1 or 2");
			break;
		case 'c':
			ca = optarg;
			break;
		case 'S':
			if (ota_eui64_parse(optarg, &subject) != OTA_OK)
				tool_die(EXIT_USAGE, "--subject: '%s' is not an EUI-64", optarg);
			have_subject = 1;
			break;
		case 'I':
			if (parse_id64(optarg, &issuer) != 0)
				tool_die(EXIT_USAGE, "--issuer: 16 hex digits or 8 characters");
			have_issuer = 1;
			break;
		case 'o':
			out = optarg;
			break;
		case 'p':
			pass = optarg;
			break;
		case 'f':
			flags &= ~(unsigned)OTA_OUTPUT_NOREPLACE;
			break;
		case 'h':
			return tool_usage(EXIT_OK, SYNOPSIS, lo, SHORTOPTS);
		default:
			return usage(stderr, EXIT_USAGE);
		}
	}
	if (strcmp(sub, "ca") == 0 && suite != 0 && out != NULL && optind == argc)
		return cert_ca((int)suite, out, flags);
	if (strcmp(sub, "issue") == 0 && suite != 0 && ca != NULL && out != NULL && have_subject &&
	    have_issuer && optind == argc)
		return cert_issue((int)suite, ca, pass, subject, issuer, out, flags);
	if (strcmp(sub, "show") == 0 && optind + 1 == argc)
		return cert_show(argv[optind]);
	return usage(stderr, EXIT_USAGE);
}
