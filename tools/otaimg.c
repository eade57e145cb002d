/* otaimg.c - the front end: dispatch to one subcommand per file. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "otaimg.h"
#include "tool.h"

static const struct {
	const char *name;
	int (*run)(int, char **);
	const char *what;
} cmds[] = {
	{ "create", cmd_create, "build a Zigbee OTA upgrade file" },
	{ "inspect", cmd_inspect, "show header, elements and diagnostics (text or JSON)" },
	{ "verify", cmd_verify, "check structure and the image integrity code" },
	{ "extract", cmd_extract, "write one element's data to a file" },
	{ "sign", cmd_sign, "sign with a Smart Energy certificate (suites 1 and 2), also offline" },
	{ "cert", cmd_cert, "a test CA: make a CA key, issue ECQV certificates, show one" },
	{ "keygen", cmd_keygen, "generate a private key" },
	{ "pubkey", cmd_pubkey, "print a key's public part" },
	{ "hash", cmd_hash, "print the GBCS Manufacturer Image SHA-256" },
	{ "cpl", cmd_cpl, "GB smart metering CPL Device_Model rows and checks" },
};

static int
usage(FILE *fp, int status)
{
	size_t i;

	fprintf(fp, "usage: otaimg <command> [options] [file ...]\n\ncommands:\n");
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		fprintf(fp, "  %-8s %s\n", cmds[i].name, cmds[i].what);
	fprintf(fp, "\n'otaimg <command> -h' shows a command's options; see otaimg(1).\n");
	return status;
}

/* Keep descriptors 0 to 2 taken, so that no file a command opens becomes
 * its standard output or error.  A closed standard output gets /dev/full:
 * anything written to it is then a write error (status 2), not lost. */
static void
reserve_std_fds(void)
{
	int fd, n;

	for (fd = 0; fd <= 2; fd++) {
		if (fcntl(fd, F_GETFD) >= 0 || errno != EBADF)
			continue;
		n = fd == 0 ? open("/dev/null", O_RDONLY) : open("/dev/full", O_WRONLY);
		if (n < 0)
			n = open("/dev/null", O_RDWR);
		if (n != fd)
			_exit(EXIT_USAGE);
	}
}

int
main(int argc, char **argv)
{
	static char namebuf[64];
	size_t i;

	reserve_std_fds();
	if (atexit(check_stdout) != 0)
		return EXIT_USAGE;
	if (argc < 2)
		return usage(stderr, EXIT_USAGE);
	if (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0 ||
	    strcmp(argv[1], "help") == 0)
		return usage(stdout, EXIT_OK);
	if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0) {
		printf("otaimg %s (libotaimg %s)\n", PACKAGE_VERSION, ota_version());
		return EXIT_OK;
	}
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
		if (strcmp(argv[1], cmds[i].name) == 0) {
			(void)snprintf(namebuf, sizeof(namebuf), "otaimg-%s", cmds[i].name);
			tool_name = namebuf;
			return cmds[i].run(argc - 1, argv + 1);
		}
	}
	fprintf(stderr, "otaimg: unknown command '%s'\n", argv[1]);
	return usage(stderr, EXIT_USAGE);
}
