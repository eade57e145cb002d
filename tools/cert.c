/* cert.c - otaimg cert ca | issue | show: a Smart Energy ECQV CA for tests
 * and labs.  Devices in the field trust none of these. */
#include "config.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "otaimg.h"
#include "tool.h"

static int
usage(FILE *fp, int status)
{
	fprintf(fp, "usage: otaimg cert ca --suite 1|2 -o CA.key\n"
	    "       otaimg cert issue --suite 1|2 --ca CA.key --subject EUI64 --issuer ID -o NAME\n"
	    "       otaimg cert show CERT\n");
	return status;
}

static int
cert_ca(int suite, const char *out)
{
	struct ota_key *k;
	uint8_t pub[64];
	size_t n = sizeof(pub);
	int r;

	if ((r = ota_key_generate(&k, suite == 1 ? OTA_KEY_SECT163K1 : OTA_KEY_SECT283K1)) != OTA_OK)
		tool_die(EXIT_USAGE, "cannot generate the CA key: %s", ota_strerror(r));
	if ((r = ota_key_write_path(k, 1, out)) != OTA_OK || (r = ota_key_public(k, pub, &n)) != OTA_OK)
		tool_die(EXIT_USAGE, "%s: %s", out, ota_strerror(r));
	hexout(pub, n, 1);
	printf("\n");
	ota_key_free(&k);
	return EXIT_OK;
}

static int
cert_issue(int suite, const char *ca, const char *pass, uint64_t subject, uint64_t issuer,
    const char *name)
{
	struct ota_key *cak = load_key(ca, pass, 1), *uk = NULL;
	uint8_t cert[OTA_CERT_MAX_LEN];
	size_t n = sizeof(cert), len = strlen(name) + 6;
	char *path = malloc(len);
	int r;

	if (path == NULL)
		tool_die(EXIT_USAGE, "out of memory");
	if ((r = ota_cert_issue(suite, cak, subject, issuer, cert, &n, &uk)) != OTA_OK)
		tool_die(EXIT_USAGE, "%s: %s%s", ca, ota_strerror(r),
		    r == OTA_E_NOKEY ? ": the CA key must be on the suite's curve" : "");
	snprintf(path, len, "%s.key", name);
	if ((r = ota_key_write_path(uk, 1, path)) != OTA_OK)
		tool_die(EXIT_USAGE, "%s: %s", path, ota_strerror(r));
	snprintf(path, len, "%s.cert", name);
	if ((r = ota_file_write(path, cert, n)) != OTA_OK)
		tool_die(EXIT_USAGE, "%s: %s", path, ota_strerror(r));
	hexout(cert, n, 1);
	printf("\n");
	free(path);
	ota_key_free(&uk);
	ota_key_free(&cak);
	return EXIT_OK;
}

static int
cert_show(const char *file)
{
	uint8_t cert[256];
	uint64_t subject, issuer;
	size_t n;
	int suite;

	if (read_small(file, cert, sizeof(cert), &n) != 0)
		tool_die(EXIT_USAGE, "%s: cannot read", file);
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
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *sub, *ca = NULL, *out = NULL, *pass = NULL;
	uint64_t suite = 0, subject = 0, issuer = 0;
	int c, have_subject = 0, have_issuer = 0;

	if (argc < 2)
		return usage(stderr, EXIT_USAGE);
	if (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0)
		return usage(stdout, EXIT_OK);
	sub = argv[1];
	argc--;
	argv++;
	while ((c = getopt_long(argc, argv, "s:c:S:I:o:p:h", lo, NULL)) != -1) {
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
		case 'h':
			return usage(stdout, EXIT_OK);
		default:
			return usage(stderr, EXIT_USAGE);
		}
	}
	if (strcmp(sub, "ca") == 0 && suite != 0 && out != NULL && optind == argc)
		return cert_ca((int)suite, out);
	if (strcmp(sub, "issue") == 0 && suite != 0 && ca != NULL && out != NULL && have_subject &&
	    have_issuer && optind == argc)
		return cert_issue((int)suite, ca, pass, subject, issuer, out);
	if (strcmp(sub, "show") == 0 && optind + 1 == argc)
		return cert_show(argv[optind]);
	return usage(stderr, EXIT_USAGE);
}
