/* inspect.c - otaimg inspect: a readable report, or JSON (inspect_json.c). */
#include "config.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "otaimg.h"
#include "tool.h"
#include "mesharchive.h"
#include "html.h"

static const struct option longopts[] = {
	{ "json", no_argument, NULL, 'j' },
	{ "format", required_argument, NULL, 'F' },
	{ "html", no_argument, NULL, 'H' },
	{ "output", required_argument, NULL, 'o' },
	{ "verify", no_argument, NULL, 'V' },
	{ "key", required_argument, NULL, 'K' },
	{ "ca", required_argument, NULL, 'C' },
	{ "supplier-cert", required_argument, NULL, 'P' },
	{ "trust-dir", required_argument, NULL, 'T' },
	{ "allow-unchecked", no_argument, NULL, 'U' },
	{ "dcl", no_argument, NULL, 'D' },
	{ "quiet", no_argument, NULL, 'q' },
	{ "verbose", no_argument, NULL, 'v' },
	PROGRESS_OPTS,
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

static int
usage(FILE *fp, int status)
{
	(void)fp;
	return tool_usage(status, "usage: otaimg inspect [--json] [-q | -v] [--format auto|zigbee|gbcs] "
	    "[--dcl] FILE ...\n"
	    "       otaimg inspect --html [-o OUT] [--verify [--key PUB] [--ca CA ...]\n"
	    "         [--supplier-cert CERT ...] [--trust-dir DIR] [--allow-unchecked]] FILE ...",
	    longopts, "jo:qvh");
}

int inspect_dcl; /* --dcl (inspect_json.c reads it too) */

static void
hexline(const uint8_t *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		printf("%02x", p[i]);
}

/* Not const: for a GBCS image it computes the Manufacturer Image hash. */
static void
report(struct ota_image *img, const char *file)
{
	static const char *sev[] = { "note", "warning", "error" };
	char text[160], oct[16];
	uint16_t hmin, hmax;
	uint64_t dest, roff, rlen, toff, signer, subject, issuer;
	int suite;
	uint8_t mh[32];
	uint32_t fv = ota_image_file_version(img);
	uint8_t cred;
	enum ota_payload_kind rk;
	size_t i, n;

	printf("%s\n", shown(file));
	printf("  file size            %llu\n", (unsigned long long)ota_image_file_size(img));
	if (ota_image_container(img) != OTA_CONTAINER_NONE)
		printf("  container            %s; OTA header at offset %llu\n",
		    container_name(ota_image_container(img)),
		    (unsigned long long)ota_image_ota_offset(img));
	if (ota_image_truncation(img, &toff, &roff) == OTA_OK) {
		if (roff != 0)
			printf("  truncated            input ends at %llu of %llu\n",
			    (unsigned long long)toff, (unsigned long long)roff);
		else
			printf("  truncated            input ends at %llu, inside the header\n",
			    (unsigned long long)toff);
	}
	if (header_has(img, 6))
		printf("  header version       0x%04X\n", ota_image_header_version(img));
	if (header_has(img, 8))
		printf("  header length        %u\n", ota_image_header_length(img));
	if (header_has(img, 10))
		printf("  field control        0x%04X\n", ota_image_field_control(img));
	if (header_has(img, 12))
		printf("  manufacturer code    0x%04X (%u)\n", ota_image_manufacturer_code(img),
		    ota_image_manufacturer_code(img));
	if (header_has(img, 14))
		printf("  image type           0x%04X (%u)\n", ota_image_image_type(img),
		    ota_image_image_type(img));
	if (header_has(img, 18)) {
		(void)ota_version_u32_format(fv, oct, sizeof(oct));
		printf("  file version         0x%08X (%s)\n", (unsigned)fv, oct);
	}
	if (header_has(img, 20))
		printf("  stack version        0x%04X (%s)\n", ota_image_stack_version(img),
		    stack_name(ota_image_stack_version(img)));
	if (header_has(img, 52)) {
		(void)ota_image_header_string_text(img, text, sizeof(text));
		printf("  header string        \"%s\"\n  header string hex    ", text);
		hexline(ota_image_header_string_ptr(img), OTA_HEADER_STRING_LEN);
		printf("\n");
	}
	if (header_has(img, 56))
		printf("  total image size     %u (0x%08X)\n", (unsigned)ota_image_total_image_size(img),
		    (unsigned)ota_image_total_image_size(img));
	if (ota_image_security_credential(img, &cred) == OTA_OK)
		printf("  security credential  0x%02X (%s)\n", cred, credential_name(cred));
	if (ota_image_destination(img, &dest) == OTA_OK) {
		uint8_t le[8];
		int k;

		for (k = 0; k < 8; k++)
			le[k] = (uint8_t)(dest >> (8 * k));
		printf("  destination          %016llX (stored little-endian: ", (unsigned long long)dest);
		hexline(le, sizeof(le));
		printf(")\n");
	}
	if (ota_image_hw_versions(img, &hmin, &hmax) == OTA_OK)
		printf("  hardware versions    0x%04X to 0x%04X\n", hmin, hmax);
	n = ota_image_element_count(img);
	printf("  elements             %zu (%s walk)\n", n, walk_name(ota_image_walk(img)));
	for (i = 0; i < n; i++) {
		uint16_t tag = ota_image_element_tag(img, i);

		printf("    %3zu  0x%04X %-18s offset %-10llu length %-10u %s\n", i, tag,
		    ota_tag_name(tag), (unsigned long long)ota_image_element_offset(img, i),
		    (unsigned)ota_image_element_length(img, i),
		    ota_payload_kind_name(ota_image_element_kind(img, i)));
	}
	if (ota_image_signature_info(img, &suite, &signer, &subject, &issuer) == OTA_OK)
		printf("  signature            suite %d, signer %016llX, certificate subject %016llX, "
		    "issuer %016llX (checked by verify --ca)\n", suite, (unsigned long long)signer,
		    (unsigned long long)subject, (unsigned long long)issuer);
	if (ota_image_gbcs(img, &roff, &rlen, &toff) == OTA_OK) {
		printf("  manufacturer image   offset %llu, %llu bytes\n", (unsigned long long)roff,
		    (unsigned long long)rlen);
		if (ota_image_manufacturer_hash(img, 0, mh) == OTA_OK) {
			printf("  manufacturer hash    ");
			hexout(mh, sizeof(mh), 0);
			printf(" (SHA-256)\n");
		}
		if (toff != 0)
			printf("  supplier signature   offset %llu: length 64, P-256 r||s at %llu\n",
			    (unsigned long long)toff, (unsigned long long)(toff + 2));
		else
			printf("  supplier signature   none\n");
	}
	if (ota_image_raw_payload(img, &roff, &rlen, &rk) == OTA_OK)
		printf("  raw payload          offset %llu, %llu bytes, %s\n", (unsigned long long)roff,
		    (unsigned long long)rlen, ota_payload_kind_name(rk));
	if (ota_image_trailer_length(img) > 0)
		printf("  trailer              %llu bytes at offset %llu (%s)\n",
		    (unsigned long long)ota_image_trailer_length(img),
		    (unsigned long long)ota_image_trailer_offset(img),
		    ota_trailer_kind_name(ota_image_trailer_kind(img)));
	n = ota_image_diag_count(img);
	for (i = 0; i < n; i++) {
		int code = ota_image_diag_code(img, i);

		printf("  %-8s offset %llu: %s [%s]\n", sev[ota_diag_severity(code)],
		    (unsigned long long)ota_image_diag_offset(img, i), ota_image_diag_message(img, i),
		    ota_diag_name(code));
	}
}

/* --html (tools/html.c): the verify options only with --verify, and the
 * trust store loaded only then. */
static int
inspect_html(char **files, int n, enum ota_format format, const char *out, int verify,
    const char *keyarg, char **cas, int ncas, char **sups, int nsups, const char *tdir,
    unsigned flags)
{
	struct html_opts o;
	struct ota_trust *trust = NULL;
	struct ota_key *key = NULL;
	int i, status;

	/* -o naming an input (through a link too) would replace it by the page */
	for (i = 0; i < n; i++)
		if (same_file(out, files[i]))
			tool_die(EXIT_USAGE, "-o %s: the output would overwrite the input %s; "
			    "nothing written", shown(out), shown(files[i]));
	for (i = 0; i < ncas; i++)
		if (same_file(out, cas[i]))
			tool_die(EXIT_USAGE, "-o %s: the output would overwrite --ca %s; nothing "
			    "written", shown(out), shown(cas[i]));
	for (i = 0; i < nsups; i++)
		if (same_file(out, sups[i]))
			tool_die(EXIT_USAGE, "-o %s: the output would overwrite --supplier-cert %s; "
			    "nothing written", shown(out), shown(sups[i]));
	if (keyarg != NULL && same_file(out, keyarg))
		tool_die(EXIT_USAGE, "-o %s: the output would overwrite --key %s; nothing written",
		    shown(out), shown(keyarg));
	memset(&o, 0, sizeof(o));
	o.format = format;
	o.verify = verify;
	o.flags = flags;
	if (verify) {
		if ((trust = ota_trust_new()) == NULL)
			tool_die(EXIT_USAGE, "out of memory");
		for (i = 0; i < ncas; i++)
			trust_add_ca(trust, cas[i]);
		for (i = 0; i < nsups; i++)
			trust_add_supplier(trust, sups[i]);
		trust_load_store(trust, tdir);
		if (keyarg != NULL)
			key = load_key(keyarg, NULL, 0);
	}
	o.trust = trust;
	o.key = key;
	status = html_report(files, n, &o, out);
	ota_key_free(&key);
	ota_trust_free(&trust);
	return status;
}

int
cmd_inspect(int argc, char **argv)
{
	static const int repeatable[] = { 'C', 'P', 0 };
	struct ota_image *img;
	enum ota_format format = OTA_FORMAT_AUTO;
	const char *out = NULL, *keyarg = NULL, *tdir = NULL;
	char **cas, **sups;
	int ncas = 0, nsups = 0, html = 0, verify = 0;
	unsigned flags = 0;
	int c, i, json = 0, status = EXIT_OK, s;

	if ((cas = calloc((size_t)argc + 1, sizeof(*cas))) == NULL ||
	    (sups = calloc((size_t)argc + 1, sizeof(*sups))) == NULL)
		tool_die(EXIT_USAGE, "out of memory");
	while ((c = getopt_long(argc, argv, "jo:qvh", longopts, NULL)) != -1) {
		opt_once(longopts, c, repeatable);
		if (common_opt(c))
			continue;
		switch (c) {
		case 'j':
			json = 1;
			break;
		case 'D': /* Matter images: the ledger values */
			inspect_dcl = 1;
			break;
		case 'F':
			if (parse_format(optarg, &format) != 0)
				tool_die(EXIT_USAGE, "--format: auto, zigbee or gbcs");
			break;
		case 'H':
			html = 1;
			break;
		case 'o':
			out = optarg;
			break;
		case 'V':
			verify = 1;
			break;
		case 'K':
			keyarg = optarg;
			break;
		case 'C':
			cas[ncas++] = optarg;
			break;
		case 'P':
			sups[nsups++] = optarg;
			break;
		case 'T':
			tdir = optarg;
			break;
		case 'U':
			flags |= OTA_VERIFY_ALLOW_UNCHECKED;
			break;
		case 'h':
			free(cas);
			free(sups);
			return usage(stdout, EXIT_OK);
		default:
			free(cas);
			free(sups);
			return usage(stderr, EXIT_USAGE);
		}
	}
	if (optind >= argc) {
		free(cas);
		free(sups);
		return usage(stderr, EXIT_USAGE);
	}
	if (html && json)
		tool_die(EXIT_USAGE, "--html and --json: one or the other");
	if (html && inspect_dcl)
		tool_die(EXIT_USAGE, "--dcl goes with the text or --json report, not --html");
	if (!html && (out != NULL || verify))
		tool_die(EXIT_USAGE, "%s goes with --html", out != NULL ? "-o" : "--verify");
	if (!verify && (keyarg != NULL || ncas > 0 || nsups > 0 || tdir != NULL || flags != 0))
		tool_die(EXIT_USAGE, "--key, --ca, --supplier-cert, --trust-dir and "
		    "--allow-unchecked go with --verify");
	if (html) {
		s = inspect_html(argv + optind, argc - optind, format, out != NULL ? out : "-", verify,
		    keyarg, cas, ncas, sups, nsups, tdir, flags);
		free(cas);
		free(sups);
		return s;
	}
	free(cas);
	free(sups);
	if (json)
		return inspect_json(argv + optind, argc - optind, format);
	for (i = optind; i < argc; i++) {
		if (in_kind(argv[i]) == IN_ARCHIVE) {   /* a Mesh DFU archive (tools/mesharchive.c) */
			s = mesharchive_inspect(argv[i]);
			status = s > status ? s : status;
			continue;
		}
		if (in_kind(argv[i]) == IN_MCUBOOT) { /* by its magic */
			s = mcuboot_inspect(argv[i]);
			status = s > status ? s : status;
			continue;
		}
		if (in_kind(argv[i]) == IN_MATTER) { /* 0x1BEEF11E (tools/matter.c) */
			s = matter_inspect(argv[i], inspect_dcl);
			status = s > status ? s : status;
			continue;
		}
		if (inspect_dcl) {
			tool_warn("%s: --dcl: not a Matter OTA image", shown(argv[i]));
			status = EXIT_USAGE;
			continue;
		}
		if ((s = open_image_flags(argv[i], format, OTA_OPEN_PARTIAL, &img, 0)) != EXIT_OK) {
			status = s > status ? s : status;
			continue;
		}
		report(img, argv[i]);
		if (ota_image_truncation(img, NULL, NULL) == OTA_OK)
			status = EXIT_INVALID > status ? EXIT_INVALID : status;
		ota_image_free(&img);
	}
	return status;
}
