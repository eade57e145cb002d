/* verify.c - otaimg verify: structure, the image integrity code, and
 * signatures against the trust store and the anchors named. */
#include "config.h"

#include <getopt.h>
#include <string.h>

#include "otaimg.h"
#include "tool.h"
#include "mesharchive.h"

static const struct option longopts[] = {
	{ "strict", no_argument, NULL, 's' },
	{ "quiet", no_argument, NULL, 'q' },
	{ "verbose", no_argument, NULL, 'v' },
	{ "ca", required_argument, NULL, 'C' },
	{ "require-signature", no_argument, NULL, 'R' },
	{ "issuer", required_argument, NULL, 'I' },
	{ "signer", required_argument, NULL, 'S' },
	{ "supplier-cert", required_argument, NULL, 'P' },
	{ "check-time", no_argument, NULL, 'T' },
	{ "format", required_argument, NULL, 'F' },
	{ "gbcs-cover", required_argument, NULL, 'G' },
	{ "trust-dir", required_argument, NULL, 'D' },
	{ "allow-unchecked", no_argument, NULL, 'U' },
	{ "require-integrity", no_argument, NULL, 'N' },
	{ "json", no_argument, NULL, 'j' },
	{ "key", required_argument, NULL, 'K' },
	PROGRESS_OPTS,
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

static int
usage(FILE *fp, int status)
{
	int r = tool_usage(status, "usage: otaimg verify [--strict] [-q | -v] [--json] [--ca CA ...] "
	    "[--require-signature]\n"
	    "         [--key PUB] [--issuer ID ...] [--signer EUI64 ...] [--supplier-cert CERT ...] [--check-time]\n"
	    "         [--trust-dir DIR] [--allow-unchecked] [--require-integrity]\n"
	    "         [--format auto|zigbee|gbcs] [--gbcs-cover manufacturer-image|upgrade-image] FILE ...",
	    longopts, "sqvjh");

	if (status == EXIT_OK)
		fprintf(fp, "trust store: %s (OTAIMG_TRUST_DIR, --trust-dir)\n", ota_trust_default_dir());
	return r;
}

static enum ota_format format = OTA_FORMAT_AUTO;
static const char *trust_dir_opt;

static int
verify_one(const char *file, const struct ota_trust *trust, unsigned flags)
{
	struct ota_image *img;
	uint8_t code[16];
	char sigtxt[128];
	uint8_t mh[32];
	char msg[512];
	uint64_t erroff;
	const char *iic, *crc;
	uint64_t signer, subject, issuer;
	int r, s, suite, unprotected, quiet = tool_quiet, verbose = tool_verbose;

	if ((s = open_image_as(file, format, &img, 0)) != EXIT_OK)
		return s;
	r = ota_image_verify_trust(img, trust, flags);
	/* what verify said, before other calls on the handle replace it */
	(void)snprintf(msg, sizeof(msg), "%s", ota_image_errmsg(img));
	erroff = ota_image_erroffset(img);
	if (!quiet)
		print_diags(img, file, verbose ? OTA_SEV_INFO : OTA_SEV_WARNING);
	if (verbose && ota_image_manufacturer_hash(img, flags & OTA_GBCS_COVER_IMAGE, mh) == OTA_OK) {
		printf("%s: manufacturer image SHA-256 ", shown(file));
		hexout(mh, sizeof(mh), 0);
		printf("\n");
	}
	if (verbose && ota_image_signature_digest(img, code) == OTA_OK) {
		printf("%s: signed digest ", shown(file));
		hexout(code, sizeof(code), 1);
		printf("\n");
	}
	if (r != OTA_OK) {
		fprintf(stderr, "%s: %s: offset %llu: %s (%s): %s\n", tool_name, shown(file),
		    (unsigned long long)erroff, ota_strerror(r), ota_errname(r), msg);
		/* -q: the failure line only; the hint names what checks this kind of
		 * signature */
		if (!quiet && r == OTA_E_SIG_UNCHECKED &&
		    ota_image_sig_result(img) == OTA_SIG_NOT_CHECKED)
			fprintf(stderr, "%s: %s: to check it, give %s, or install it in the trust "
			    "store (%s, or --trust-dir DIR); --allow-unchecked lets it pass "
			    "unchecked\n", tool_name, shown(file),
			    ota_image_gbcs(img, NULL, NULL, NULL) == OTA_OK ? "the supplier "
			    "certificate (--supplier-cert CERT)" : "the CA key (--ca KEY, --ca test "
			    "for the test CA)", trust_dir(trust_dir_opt) != NULL ?
			    trust_dir(trust_dir_opt) : ota_trust_default_dir());
		ota_image_free(&img);
		return status_for(r);
	}
	sigtxt[0] = '\0';
	if (ota_image_signature_info(img, &suite, &signer, &subject, &issuer) == OTA_OK)
		(void)snprintf(sigtxt, sizeof(sigtxt), ", suite-%d signature %s (signer %016llX, "
		    "issuer %016llX)", suite, ota_image_sig_result(img) == OTA_SIG_VALID ? "valid" :
		    "not checked", (unsigned long long)signer, (unsigned long long)issuer);
	else if (ota_image_gbcs(img, NULL, NULL, NULL) == OTA_OK &&
	    ota_image_sig_result(img) == OTA_SIG_VALID)
		(void)snprintf(sigtxt, sizeof(sigtxt), ", GBCS supplier signature valid");
	else if (ota_image_sig_result(img) == OTA_SIG_NOT_CHECKED)
		(void)snprintf(sigtxt, sizeof(sigtxt), ", signature not checked");
	switch (ota_image_iic_result(img)) {
	case OTA_IIC_MATCH:
		iic = "integrity code matches";
		break;
	case OTA_IIC_MATCH_VENDOR:
		iic = "integrity code matches a vendor rule";
		break;
	default:
		iic = "no integrity code";
		break;
	}
	/* a 4-byte trailer: verify compared it with the image's CRC-32 */
	crc = ota_image_trailer_kind(img) == OTA_TRAILER_CRC32 ? ", trailing CRC-32 matches" :
	    ota_image_trailer_kind(img) == OTA_TRAILER_CRC32_CANDIDATE ?
	    ", the 4 trailing bytes are not the image's CRC-32" : "";
	unprotected = (ota_image_iic_result(img) != OTA_IIC_MATCH &&
	    ota_image_iic_result(img) != OTA_IIC_MATCH_VENDOR &&
	    ota_image_sig_result(img) != OTA_SIG_VALID);
	if (!quiet) {
		printf("%s: OK: structure valid, %s%s%s%s\n", shown(file), iic, crc, sigtxt,
		    !unprotected ? "" :
		    ota_image_sig_result(img) == OTA_SIG_ABSENT ? ", not signed: nothing protects "
		    "the content" : ": nothing checked protects the content");
		if (verbose && ota_image_iic_computed(img, code) == OTA_OK) {
			printf("%s: integrity code ", shown(file));
			hexout(code, sizeof(code), 1);
			printf("\n");
		}
	}
	ota_image_free(&img);
	return EXIT_OK;
}

int
cmd_verify(int argc, char **argv)
{
	static const int repeatable[] = { 'C', 'I', 'S', 'P', 0 };
	struct ota_trust *trust = ota_trust_new();
	unsigned flags = 0;
	struct ota_key *key = NULL;
	uint64_t id;
	int c, i, json = 0, status = EXIT_OK, s;

	if (trust == NULL)
		tool_die(EXIT_USAGE, "out of memory");
	/* --ca (one per suite), --issuer and --signer add to lists */
	while ((c = getopt_long(argc, argv, "sqvjh", longopts, NULL)) != -1) {
		opt_once(longopts, c, repeatable);
		if (common_opt(c))
			continue;
		switch (c) {
		case 's':
			flags |= OTA_VERIFY_STRICT;
			break;
		case 'C':
			trust_add_ca(trust, optarg);
			break;
		case 'R': /* Zigbee through the trust, MCUboot and archives through the flag */
			ota_trust_require_signature(trust, 1);
			flags |= OTA_VERIFY_REQUIRE_SIGNATURE;
			break;
		case 'I':
			if (parse_id64(optarg, &id) != 0 || ota_trust_add_issuer(trust, id) != OTA_OK)
				tool_die(EXIT_USAGE, "--issuer: 16 hex digits or 8 characters");
			break;
		case 'S':
			if (ota_eui64_parse(optarg, &id) != OTA_OK || ota_trust_add_signer(trust, id) != OTA_OK)
				tool_die(EXIT_USAGE, "--signer: '%s' is not an EUI-64", optarg);
			break;
		case 'P':
			trust_add_supplier(trust, optarg);
			break;
		case 'T':
			flags |= OTA_VERIFY_CHECK_TIME;
			break;
		case 'F':
			if (parse_format(optarg, &format) != 0)
				tool_die(EXIT_USAGE, "--format: auto, zigbee or gbcs");
			break;
		case 'G':
			flags |= parse_cover(optarg);
			break;
		case 'D':
			trust_dir_opt = optarg;
			break;
		case 'U':
			flags |= OTA_VERIFY_ALLOW_UNCHECKED;
			break;
		case 'N':
			flags |= OTA_VERIFY_REQUIRE_INTEGRITY;
			break;
		case 'j':
			json = 1;
			break;
		case 'K': /* MCUboot images */
			key = load_key(optarg, NULL, 0);
			break;
		case 'h':
			ota_trust_free(&trust);
			return usage(stdout, EXIT_OK);
		default:
			ota_trust_free(&trust);
			return usage(stderr, EXIT_USAGE);
		}
	}
	if (optind >= argc) {
		ota_trust_free(&trust);
		return usage(stderr, EXIT_USAGE);
	}
	trust_load_store(trust, trust_dir_opt);
	if (json) {
		status = verify_json(argv + optind, argc - optind, trust, flags, format, key);
		ota_key_free(&key);
		ota_trust_free(&trust);
		return status;
	}
	for (i = optind; i < argc; i++) {
		/* a Mesh DFU archive (tools/mesharchive.c), an MCUboot image, a Matter
		 * OTA image (tools/matter.c), or Zigbee */
		s = in_kind(argv[i]) == IN_ARCHIVE ? mesharchive_verify(argv[i], key, flags, 0, 0) :
		    in_kind(argv[i]) == IN_MCUBOOT ? mcuboot_verify(argv[i], key, flags, 0, 0) :
		    in_kind(argv[i]) == IN_MATTER ? matter_verify(argv[i], 0, 0) :
		    verify_one(argv[i], trust, flags);
		status = s > status ? s : status;
	}
	ota_key_free(&key);
	ota_trust_free(&trust);
	return status;
}
