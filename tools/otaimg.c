/* otaimg.c - the front end: dispatch to one subcommand per file. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "otaimg.h"
#include "ocf_tool.h"
#include "tool.h"

static const struct {
	const char *name;
	int (*run)(int, char **);
	const char *what;
} cmds[] = {
	{ "create", cmd_create, "build an image: Zigbee OTA, GBCS, MCUboot, Mesh DFU archive, Matter" },
	{ "inspect", cmd_inspect, "show every field and diagnostic of any image (text or JSON)" },
	{ "verify", cmd_verify, "check structure, digests, integrity code and signatures" },
	{ "extract", cmd_extract, "write an element's data or the payload to a file" },
	{ "edit", cmd_edit, "change header fields: elements kept, integrity code recomputed" },
	{ "sign", cmd_sign, "sign with a Smart Energy certificate (suites 1 and 2), also offline" },
	{ "cert", cmd_cert, "a test CA: make a CA key, issue ECQV certificates, show one" },
	{ "keygen", cmd_keygen, "generate a private key" },
	{ "pubkey", cmd_pubkey, "print a key's public part" },
	{ "hash", cmd_hash, "print the GBCS Manufacturer Image SHA-256" },
	{ "cpl", cmd_cpl, "GB smart metering CPL Device_Model rows and checks" },
	{ "change-header", cmd_change_header, "rewrite a Matter OTA image's header fields" },
	{ "version", cmd_version, "parse, convert and compare firmware versions (scripts)" },
	{ "mesh", cmd_mesh, "Bluetooth Mesh DFU: FWID, metadata, messages, BLOB plan, fetch/publish" },
	{ "ocf", cmd_ocf, "OCF software update: pstat bits, candidate check, state machine" },
};

static int
usage(FILE *fp, int status)
{
	size_t i;

	if (fp == stderr) {
		fprintf(fp, "otaimg: usage: otaimg <command> [options] [file ...]; 'otaimg help' "
		    "lists the commands\n");
		return status;
	}
	fprintf(fp, "usage: otaimg <command> [options] [file ...]\n\ncommands:\n");
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		fprintf(fp, "  %-13s %s\n", cmds[i].name, cmds[i].what);
	fprintf(fp, "\n'otaimg help <command>' (or 'otaimg <command> --help') lists a command's "
	    "options;\nevery command takes -q (quiet) and -v (verbose); see otaimg(1).\n");
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

/* Levenshtein distance of two short names (longer ones count as far). */
static size_t
distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), i, j, prev, cur, d[33];

	if (la > 32 || lb > 32)
		return 99;
	for (j = 0; j <= lb; j++)
		d[j] = j;
	for (i = 1; i <= la; i++) {
		prev = d[0];
		d[0] = i;
		for (j = 1; j <= lb; j++) {
			cur = d[j];
			d[j] = a[i - 1] == b[j - 1] ? prev : 1 + (prev < d[j] ? (prev < d[j - 1] ?
			    prev : d[j - 1]) : (d[j] < d[j - 1] ? d[j] : d[j - 1]));
			prev = cur;
		}
	}
	return d[lb];
}

static int
unknown(const char *name)
{
	size_t i, best = 0, bd = 99, d;

	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		if ((d = distance(name, cmds[i].name)) < bd)
			bd = d, best = i;
	if (bd <= 2 || (strlen(name) >= 2 && strncmp(name, cmds[best].name, strlen(name)) == 0))
		fprintf(stderr, "otaimg: unknown command '%s'; did you mean '%s'?\n", name,
		    cmds[best].name);
	else
		fprintf(stderr, "otaimg: unknown command '%s'; 'otaimg help' lists the commands\n",
		    name);
	return EXIT_USAGE;
}

static int
run(size_t i, int argc, char **argv)
{
	static char namebuf[64];

	(void)snprintf(namebuf, sizeof(namebuf), "otaimg-%s", cmds[i].name);
	tool_name = namebuf;
	argv[0] = namebuf; /* getopt's messages start with it too */
	return cmds[i].run(argc, argv);
}

static int
find(const char *name, size_t *i)
{
	for (*i = 0; *i < sizeof(cmds) / sizeof(cmds[0]); (*i)++)
		if (strcmp(name, cmds[*i].name) == 0)
			return 1;
	return 0;
}

int
main(int argc, char **argv)
{
	static char help[] = "--help";
	char *hargv[3];
	size_t i;

	reserve_std_fds();
	if (atexit(check_stdout) != 0)
		return EXIT_USAGE;
	if (argc < 2)
		return usage(stderr, EXIT_USAGE);
	if (strcmp(argv[1], "help") == 0 && argc == 3) {
		/* otaimg help CMD: the command's --help */
		if (!find(argv[2], &i))
			return unknown(argv[2]);
		hargv[0] = argv[2];
		hargv[1] = help;
		hargv[2] = NULL;
		return run(i, 2, hargv);
	}
	if (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0 ||
	    (strcmp(argv[1], "help") == 0 && argc == 2))
		return usage(stdout, EXIT_OK);
	if (strcmp(argv[1], "help") == 0) {
		fprintf(stderr, "otaimg: usage: otaimg help [COMMAND]\n");
		return EXIT_USAGE;
	}
	if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0) {
		printf("otaimg %s (libotaimg %s)\n", PACKAGE_VERSION, ota_version());
		return EXIT_OK;
	}
	if (find(argv[1], &i))
		return run(i, argc - 1, argv + 1);
	return unknown(argv[1]);
}
