/* keygen.c - otaimg keygen and otaimg pubkey. */
#include "config.h"

#include <getopt.h>
#include <string.h>
#include <unistd.h>

#include "otaimg.h"
#include "tool.h"

static const struct {
	const char *name;
	enum ota_key_type type;
} types[] = {
	{ "p256", OTA_KEY_P256 },
	{ "ed25519", OTA_KEY_ED25519 },
	{ "sect163k1", OTA_KEY_SECT163K1 },
	{ "sect283k1", OTA_KEY_SECT283K1 },
	{ "p384", OTA_KEY_P384 },
	{ "rsa-2048", OTA_KEY_RSA2048 },
	{ "rsa-3072", OTA_KEY_RSA3072 },
};

#define KEYGEN_SYN "usage: otaimg keygen --type p256|ed25519|sect163k1|sect283k1|p384|rsa-2048|" \
	"rsa-3072 [--force] [-q | -v] -o KEY"
#define PUBKEY_SYN "usage: otaimg pubkey [-q | -v] KEY [--format pem|hex|c] [--passin ARG]"

int
cmd_keygen(int argc, char **argv)
{
	static const struct option lo[] = {
		{ "type", required_argument, NULL, 't' },
		{ "output", required_argument, NULL, 'o' },
		{ "force", no_argument, NULL, 'f' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct ota_key *k = NULL;
	struct tool_out to;
	const char *out = NULL, *type = NULL;
	size_t i;
	int c, r, force = 0;

	while ((c = getopt_long(argc, argv, "t:o:fqvh", lo, NULL)) != -1) {
		opt_once(lo, c, NULL);
		if (common_opt(c))
			continue;
		switch (c) {
		case 't':
			type = optarg;
			break;
		case 'o':
			out = optarg;
			break;
		case 'f':
			force = 1;
			break;
		case 'h':
			return tool_usage(EXIT_OK, KEYGEN_SYN, lo, "t:o:fqvh");
		default:
			return tool_usage(EXIT_USAGE, KEYGEN_SYN, lo, "t:o:fqvh");
		}
	}
	if (type == NULL || out == NULL || optind != argc)
		return tool_usage(EXIT_USAGE, KEYGEN_SYN, lo, "t:o:fqvh");
	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		if (strcmp(type, types[i].name) == 0)
			break;
	if (i == sizeof(types) / sizeof(types[0]))
		tool_die(EXIT_USAGE, "--type: '%s' is not p256, ed25519, sect163k1 or sect283k1", type);
	/* never replace a key silently: an existing output needs --force */
	out_open(&to, out, OTA_OUTPUT_PRIVATE | (force ? 0 : OTA_OUTPUT_NOREPLACE));
	if ((r = ota_key_generate(&k, types[i].type)) != OTA_OK) {
		out_abort(&to);
		tool_die(EXIT_USAGE, "cannot generate a %s key: %s", type, ota_strerror(r));
	}
	if ((r = ota_key_write(k, 1, out_write, &to)) != OTA_OK) {
		out_abort(&to);
		tool_die(EXIT_USAGE, "%s: %s%s%s", out, ota_strerror(r), to.err ? ": " : "",
		    to.err ? strerror(to.err) : "");
	}
	ota_key_free(&k);
	return out_commit(&to);
}

int
cmd_pubkey(int argc, char **argv)
{
	static const struct option lo[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "passin", required_argument, NULL, 'p' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct ota_key *k = NULL;
	const char *fmt = "hex", *pass = NULL;
	uint8_t pub[128];
	size_t n = sizeof(pub), i;
	int c, r, fd = STDOUT_FILENO;

	while ((c = getopt_long(argc, argv, "f:p:qvh", lo, NULL)) != -1) {
		opt_once(lo, c, NULL);
		if (common_opt(c))
			continue;
		switch (c) {
		case 'f':
			fmt = optarg;
			break;
		case 'p':
			pass = optarg;
			break;
		case 'h':
			return tool_usage(EXIT_OK, PUBKEY_SYN, lo, "f:p:qvh");
		default:
			return tool_usage(EXIT_USAGE, PUBKEY_SYN, lo, "f:p:qvh");
		}
	}
	if (optind + 1 != argc)
		return tool_usage(EXIT_USAGE, PUBKEY_SYN, lo, "f:p:qvh");
	if (strcmp(fmt, "pem") != 0 && strcmp(fmt, "hex") != 0 && strcmp(fmt, "c") != 0)
		tool_die(EXIT_USAGE, "--format: '%s' is not pem, hex or c", fmt);
	k = load_key(argv[optind], pass, 0);
	if (strcmp(fmt, "pem") == 0) {
		r = ota_key_write(k, 0, write_fd, &fd);
	} else if ((r = ota_key_public(k, pub, &n)) == OTA_OK) {
		if (strcmp(fmt, "c") == 0)
			printf("static const unsigned char ota_public_key[%zu] = {", n);
		for (i = 0; i < n; i++)
			printf(strcmp(fmt, "c") == 0 ? "%s0x%02x," : "%s%02X",
			    strcmp(fmt, "c") == 0 ? (i % 12 == 0 ? "\n\t" : " ") : "", pub[i]);
		printf(strcmp(fmt, "c") == 0 ? "\n};\n" : "\n");
	}
	ota_key_free(&k);
	if (r != OTA_OK)
		tool_die(EXIT_USAGE, "%s: %s", argv[optind], ota_strerror(r));
	return EXIT_OK;
}
