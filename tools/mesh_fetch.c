/* mesh_fetch.c - otaimg mesh fetch and otaimg mesh publish: Store Firmware
 * OOB over HTTPS (otaimg-mesh(1), FETCH and PUBLISH).  fetch runs the
 * Firmware Check and Retrieval of libotaimg-mesh-fetch(3) into a folder;
 * publish lays out the static tree (DIR/check, DIR/get) one Update URI
 * serves and prints an nginx snippet that answers per cfwid. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>

#include "otaimg.h"
#include "tool.h"

int mesh_fetch_main(int argc, char **argv);
int mesh_publish_main(int argc, char **argv);

#define FETCH_SYNOPSIS "usage: otaimg mesh fetch URI --cfwid FWID (-o DIR | --check)\n" \
	"              [--ca-file FILE] [--max-size N] [--timeout S] [--json]"
#define PUBLISH_SYNOPSIS "usage: otaimg mesh publish ARCHIVE -o DIR [--dfu-chain-size N]\n" \
	"              [--location PATH] [--json]"
#define SHORTOPTS "o:qvh"

enum { O_JSON = 0x200, O_CFWID, O_CA, O_MAX, O_TIMEOUT, O_CHECK, O_CHAIN, O_LOCATION };

static const struct option fetch_lo[] = {
	{ "cfwid", required_argument, NULL, O_CFWID },
	{ "output", required_argument, NULL, 'o' },
	{ "check", no_argument, NULL, O_CHECK },
	{ "ca-file", required_argument, NULL, O_CA },
	{ "max-size", required_argument, NULL, O_MAX },
	{ "timeout", required_argument, NULL, O_TIMEOUT },
	{ "json", no_argument, NULL, O_JSON },
	{ "quiet", no_argument, NULL, 'q' },
	{ "verbose", no_argument, NULL, 'v' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

static const struct option publish_lo[] = {
	{ "output", required_argument, NULL, 'o' },
	{ "dfu-chain-size", required_argument, NULL, O_CHAIN },
	{ "location", required_argument, NULL, O_LOCATION },
	{ "json", no_argument, NULL, O_JSON },
	{ "quiet", no_argument, NULL, 'q' },
	{ "verbose", no_argument, NULL, 'v' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

/* A signal that ends the command stops the transfer first, so that the
 * library removes its temporary file; then it takes its effect. */
static volatile sig_atomic_t fetch_sig;

static void
on_fetch_sig(int sig)
{
	fetch_sig = sig;
}

static int
fetch_cancel(void *arg, uint64_t done, uint64_t total)
{
	(void)arg;
	(void)done;
	(void)total;
	return fetch_sig != 0;
}

static void
catch_fetch_sigs(void)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT };
	struct sigaction sa, prev;
	size_t i;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_fetch_sig;
	(void)sigemptyset(&sa.sa_mask);
	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		if (sigaction(sigs[i], NULL, &prev) == 0 && prev.sa_handler == SIG_DFL)
			(void)sigaction(sigs[i], &sa, NULL);
}

/* --ca-file must name a readable regular file with a PEM certificate in it:
 * a local mistake is a usage error (exit 2) naming the file, not a server
 * whose certificate "did not verify".  The file is scanned in pieces. */
static void
check_ca_file(const char *path)
{
	static const char mark[] = "CERTIFICATE-----";
	static char buf[4096 + sizeof(mark)];
	size_t keep = 0, n;
	struct stat st;
	FILE *fp;
	int found = 0;

	if (stat(path, &st) != 0)
		tool_die(EXIT_USAGE, "--ca-file %s: %s", shown(path), strerror(errno));
	if (!S_ISREG(st.st_mode))
		tool_die(EXIT_USAGE, "--ca-file %s: not a regular file", shown(path));
	if ((fp = fopen(path, "rb")) == NULL)
		tool_die(EXIT_USAGE, "--ca-file %s: %s", shown(path), strerror(errno));
	while (!found && (n = fread(buf + keep, 1, sizeof(buf) - keep - 1, fp)) > 0) {
		n += keep;
		buf[n] = '\0';
		/* a NUL in the text would end strstr early: look past each */
		for (keep = 0; keep < n && !found; keep += strlen(buf + keep) + 1)
			found = strstr(buf + keep, mark) != NULL;
		keep = n < sizeof(mark) - 1 ? n : sizeof(mark) - 1;
		memmove(buf, buf + n - keep, keep);
	}
	if (ferror(fp)) {
		int e = errno;

		(void)fclose(fp);
		tool_die(EXIT_USAGE, "--ca-file %s: %s", shown(path), strerror(e));
	}
	(void)fclose(fp);
	if (!found)
		tool_die(EXIT_USAGE, "--ca-file %s: no PEM certificate in it "
		    "(-----BEGIN CERTIFICATE-----)", shown(path));
}

static char *
hexstr(const uint8_t *p, size_t n)
{
	static const char digits[] = "0123456789ABCDEF";
	char *s = malloc(2 * n + 1);
	size_t i;

	if (s == NULL)
		tool_die(EXIT_USAGE, "out of memory");
	for (i = 0; i < n; i++) {
		s[2 * i] = digits[p[i] >> 4];
		s[2 * i + 1] = digits[p[i] & 15u];
	}
	s[2 * n] = '\0';
	return s;
}

/* key: s as JSON text; s not UTF-8 (a path, a URI given raw): U+FFFD for
 * each bad byte and key_hex with the exact bytes, as json_set_file does
 * for "file" (jansson drops a string that is not UTF-8: the key went). */
static void
json_set_text(json_t *o, const char *key, const char *s)
{
	json_t *t = json_object(), *hex;
	char hk[64];

	if (t == NULL)
		tool_die(EXIT_USAGE, "out of memory");
	json_set_file(t, s);
	json_object_set(o, key, json_object_get(t, "file"));
	if ((hex = json_object_get(t, "file_hex")) != NULL) {
		(void)snprintf(hk, sizeof(hk), "%s_hex", key);
		json_object_set(o, hk, hex);
	}
	json_decref(t);
}

static void
json_out(json_t *o)
{
	if (o == NULL || json_dumpf(o, stdout, JSON_INDENT(2) | JSON_SORT_KEYS) != 0 ||
	    putchar('\n') == EOF)
		tool_die(EXIT_USAGE, "cannot write the JSON output");
	json_decref(o);
}

/* The exit status of a fetch outcome: 1 no new firmware or a server's
 * answer that fails validation (certificate, check response, size, archive,
 * FWID), 2 usage (the URI) or I/O (network, output folder, no libcurl). */
static int
fetch_status(int r)
{
	switch (r) {
	case OTA_OK:
		return EXIT_OK;
	case OTA_E_URI_SCHEME:
	case OTA_E_URI_MALFORMED:
	case OTA_E_UNREACHABLE:
	case OTA_E_IO:
	case OTA_E_NOMEM:
	case OTA_E_INVAL:
	case OTA_E_UNSUPPORTED:
		return EXIT_USAGE;
	default:
		return EXIT_INVALID;
	}
}

static void
print_fwid(const char *label, const uint8_t *fwid, size_t len)
{
	char text[OTA_FWID_TEXT_MAX];

	(void)ota_fwid_format(fwid, len, text, sizeof(text));
	printf("%-26s", label);
	hexout(fwid, len, 1);
	printf(" (%s)\n", text);
}

static void
fetch_report(struct ota_mesh_fetch *f, int r, const char *uri, const uint8_t *cfwid,
    size_t clen, int json)
{
	const uint8_t *fwid = NULL;
	uint64_t chain = 0, fsize = 0;
	size_t flen = 0;
	int st = ota_mesh_fetch_status(f), have = ota_mesh_fetch_fwid(f, &fwid, &flen) == OTA_OK;
	const char *path = ota_mesh_fetch_path(f);
	char url[OTA_MESH_FETCH_URL_MAX];

	if (have)
		(void)ota_mesh_fetch_sizes(f, &chain, &fsize);
	if (json) {
		json_t *o = json_object(), *chk = json_null();
		char *h;

		if (o == NULL)
			tool_die(EXIT_USAGE, "out of memory");
		json_set_text(o, "uri", uri);
		h = hexstr(cfwid, clen);
		json_object_set_new(o, "cfwid", json_string(h));
		free(h);
		if (ota_mesh_fetch_url(uri, OTA_MESH_ENDPOINT_CHECK, cfwid, clen, url,
		    sizeof(url)) > 0)
			json_object_set_new(o, "check_url", json_string(url));
		json_object_set_new(o, "status", json_integer(st));
		json_object_set_new(o, "status_name", json_string(ota_mesh_oob_status_name(st)));
		json_object_set_new(o, "result", json_string(r == OTA_OK ? "OTA_OK" : ota_errname(r)));
		json_set_text(o, "message", r == OTA_OK ? "" : ota_mesh_fetch_errmsg(f));
		json_object_set_new(o, "http", json_integer(ota_mesh_fetch_http_code(f)));
		if (have) {
			chk = json_object();
			h = hexstr(fwid, flen);
			json_object_set_new(chk, "firmware_id", json_string(h));
			free(h);
			json_object_set_new(chk, "dfu_chain_size", json_integer((json_int_t)chain));
			json_object_set_new(chk, "firmware_image_file_size",
			    json_integer((json_int_t)fsize));
		}
		json_object_set_new(o, "check", chk);
		if (path != NULL)
			json_set_text(o, "archive", path);
		else
			json_object_set_new(o, "archive", json_null());
		json_out(o);
		return;
	}
	if (have) {
		print_fwid("check: firmware_id", fwid, flen);
		printf("%-26s%llu\n", "check: dfu_chain_size", (unsigned long long)chain);
		printf("%-26s%llu\n", "check: image file size", (unsigned long long)fsize);
	}
	if (path != NULL) {
		printf("%-26s%s\n", "archive", path);
		print_fwid("archive FWID", fwid, flen);
	}
	printf("%-26s0x%02X %s\n", "status", (unsigned)st, ota_mesh_oob_status_name(st));
}

int
mesh_fetch_main(int argc, char **argv)
{
	static char self[64];
	const char *uri, *cfwid_s = NULL, *dir = NULL, *ca = NULL;
	uint8_t cfwid[OTA_FWID_MAX];
	size_t clen = sizeof(cfwid);
	uint64_t max = 0, timeout = 0;
	struct ota_mesh_fetch *f;
	int c, json = 0, check_only = 0, r;

	(void)snprintf(self, sizeof(self), "%s", tool_name);
	argv[0] = self;
	while ((c = getopt_long(argc, argv, SHORTOPTS, fetch_lo, NULL)) != -1) {
		opt_once(fetch_lo, c, NULL);
		if (common_opt(c))
			continue;
		switch (c) {
		case O_CFWID: cfwid_s = optarg; break;
		case 'o': dir = optarg; break;
		case O_CHECK: check_only = 1; break;
		case O_CA: ca = optarg; break;
		case O_MAX:
			if ((max = opt_uint("--max-size", optarg, UINT64_C(4294967295))) == 0)
				tool_die(EXIT_USAGE, "--max-size: at least 1 byte");
			break;
		case O_TIMEOUT:
			if ((timeout = opt_uint("--timeout", optarg, 86400)) == 0)
				tool_die(EXIT_USAGE, "--timeout: at least 1 second");
			break;
		case O_JSON: json = 1; break;
		case 'h': return tool_usage(EXIT_OK, FETCH_SYNOPSIS, fetch_lo, SHORTOPTS);
		default: return tool_usage(EXIT_USAGE, FETCH_SYNOPSIS, fetch_lo, SHORTOPTS);
		}
	}
	if (optind + 1 != argc || cfwid_s == NULL || (dir == NULL) == !check_only) {
		tool_warn("mesh fetch: one URI, --cfwid, and -o DIR or --check");
		return tool_usage(EXIT_USAGE, FETCH_SYNOPSIS, fetch_lo, SHORTOPTS);
	}
	uri = argv[optind];
	if ((r = ota_fwid_parse(cfwid_s, cfwid, &clen)) != OTA_OK)
		tool_die(EXIT_USAGE, "--cfwid %s: not a FWID (%s)", shown(cfwid_s), ota_strerror(r));
	if ((f = ota_mesh_fetch_new()) == NULL)
		tool_die(EXIT_USAGE, "out of memory");
	if (ca != NULL)
		check_ca_file(ca);
	if (ca != NULL && ota_mesh_fetch_set_ca_file(f, ca) != OTA_OK)
		tool_die(EXIT_USAGE, "--ca-file: %s", ota_mesh_fetch_errmsg(f));
	if (ota_mesh_fetch_set_limits(f, 0, max) != OTA_OK ||
	    ota_mesh_fetch_set_timeouts(f, 0, (unsigned)(timeout * 1000u)) != OTA_OK)
		tool_die(EXIT_USAGE, "%s", ota_mesh_fetch_errmsg(f));
	(void)ota_mesh_fetch_set_progress(f, fetch_cancel, NULL);
	catch_fetch_sigs();
	r = check_only ? ota_mesh_fetch_check(f, uri, cfwid, clen) :
	    ota_mesh_fetch_run(f, uri, cfwid, clen, dir);
	if (fetch_sig != 0) {
		ota_mesh_fetch_free(&f);
		(void)signal(fetch_sig, SIG_DFL);
		(void)raise(fetch_sig);
	}
	if (r != OTA_OK && !tool_quiet)
		tool_warn("%s: %s", ota_strerror(r), ota_mesh_fetch_errmsg(f));
	fetch_report(f, r, uri, cfwid, clen, json);
	ota_mesh_fetch_free(&f);
	if (stdout_flush() != 0)
		return EXIT_USAGE;
	return fetch_status(r);
}

/* ---- publish ---- */

/* Copy the archive into t (through its atomic output). */
static void
copy_into(const char *file, struct tool_out *t)
{
	static char buf[65536];
	ssize_t n;
	int fd = open(file, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		tool_die(EXIT_USAGE, "%s: %s", shown(file), strerror(errno));
	while ((n = read(fd, buf, sizeof(buf))) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 || out_write(t, buf, (size_t)n) != 0) {
			int e = n < 0 ? errno : t->err;

			(void)close(fd);
			out_abort(t);
			tool_die(EXIT_USAGE, "%s: %s", n < 0 ? shown(file) : shown(t->name),
			    strerror(e));
		}
	}
	(void)close(fd);
}

static char *
join(const char *dir, const char *name)
{
	size_t a = strlen(dir), b = strlen(name);
	char *p = malloc(a + b + 2);

	if (p == NULL)
		tool_die(EXIT_USAGE, "out of memory");
	while (a > 0 && dir[a - 1] == '/') /* DIR/ gives DIR/check, not DIR//check */
		a--;
	memcpy(p, dir, a);
	p[a] = '/';
	memcpy(p + a + 1, name, b + 1);
	return p;
}

/* The folder as an nginx parameter: its absolute path (nginx reads a
 * relative alias from its own prefix), in double quotes with \\ and "
 * escaped when it holds anything but plain path characters; NULL when it
 * holds what nginx cannot take literally (a $ starts a variable there,
 * control characters).  malloc'd. */
static char *
nginx_path(const char *dir)
{
	char *abs = realpath(dir, NULL), *q;
	size_t i, n, k = 0;
	int plain = 1;

	if (abs == NULL)
		tool_die(EXIT_USAGE, "%s: %s", shown(dir), strerror(errno));
	n = strlen(abs);
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)abs[i];

		if (c == '$' || c < 0x20 || c == 0x7f) {
			free(abs);
			return NULL;
		}
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		    strchr("/._+-@,:=~%", c) != NULL))
			plain = 0;
	}
	if (plain)
		return abs;
	if ((q = malloc(2 * n + 3)) == NULL)
		tool_die(EXIT_USAGE, "out of memory");
	q[k++] = '"';
	for (i = 0; i < n; i++) {
		if (abs[i] == '"' || abs[i] == '\\')
			q[k++] = '\\';
		q[k++] = abs[i];
	}
	q[k++] = '"';
	q[k] = '\0';
	free(abs);
	return q;
}

static void
nginx_snippet(const char *loc, const char *dir, const char *hex)
{
	const char *slash = loc[strlen(loc) - 1] == '/' ? "" : "/";
	char *path = nginx_path(dir);
	size_t n;

	printf("# nginx: serve %s as the Update URI https://<host>%s\n", shown(dir), shown(loc));
	if (path == NULL) {
		printf("# (no snippet: the folder's path holds a $ or a control character, "
		    "which nginx would not take literally)\n");
		return;
	}
	/* a quoted path gets its file name inside the quotes */
	n = strlen(path);
	if (path[0] == '"')
		path[n - 1] = '\0';
	printf("location = %s%scheck {\n", loc, slash);
	printf("    # the Targets already run this firmware: New Firmware Not Available\n");
	printf("    if ($arg_cfwid ~* \"^%s$\") { return 404; }\n", hex);
	printf("    default_type application/json;\n");
	printf("    alias %s/check%s;\n}\n", path, path[0] == '"' ? "\"" : "");
	printf("location = %s%sget {\n", loc, slash);
	printf("    default_type application/octet-stream;\n");
	printf("    alias %s/get%s;\n}\n", path, path[0] == '"' ? "\"" : "");
	free(path);
}

int
mesh_publish_main(int argc, char **argv)
{
	static char self[64];
	const char *file, *dir = NULL, *loc = "/firmware";
	char *cpath, *gpath, *hex, body[1024];
	struct ota_mesh_archive *a;
	struct tool_out tc, tg;
	const uint8_t *fwid;
	uint64_t chain = 1;
	size_t flen;
	struct stat st;
	int c, json = 0, r, n;

	(void)snprintf(self, sizeof(self), "%s", tool_name);
	argv[0] = self;
	while ((c = getopt_long(argc, argv, SHORTOPTS, publish_lo, NULL)) != -1) {
		opt_once(publish_lo, c, NULL);
		if (common_opt(c))
			continue;
		switch (c) {
		case 'o': dir = optarg; break;
		case O_CHAIN: chain = opt_uint("--dfu-chain-size", optarg, 65535); break;
		case O_LOCATION: loc = optarg; break;
		case O_JSON: json = 1; break;
		case 'h': return tool_usage(EXIT_OK, PUBLISH_SYNOPSIS, publish_lo, SHORTOPTS);
		default: return tool_usage(EXIT_USAGE, PUBLISH_SYNOPSIS, publish_lo, SHORTOPTS);
		}
	}
	if (optind + 1 != argc || dir == NULL) {
		tool_warn("mesh publish: one ARCHIVE and -o DIR");
		return tool_usage(EXIT_USAGE, PUBLISH_SYNOPSIS, publish_lo, SHORTOPTS);
	}
	file = argv[optind];
	if (chain == 0)
		tool_die(EXIT_USAGE, "--dfu-chain-size: 1 to 65535");
	if (loc[0] != '/' || strpbrk(loc, " \t\n\r;{}\"'\\$") != NULL)
		tool_die(EXIT_USAGE, "--location %s: a URL path starting with /, without spaces, "
		    "quotes, ;, {, }, $ or \\", shown(loc));
	if (strcmp(file, "-") == 0)
		tool_die(EXIT_USAGE, "publish reads a named archive file, not standard input");
	if (stat(file, &st) != 0)
		tool_die(EXIT_USAGE, "%s: %s", shown(file), strerror(errno));
	if (!S_ISREG(st.st_mode))
		tool_die(EXIT_USAGE, "%s: not a regular file", shown(file));
	if ((a = ota_mesh_archive_new()) == NULL)
		tool_die(EXIT_USAGE, "out of memory");
	if ((r = ota_mesh_archive_open_path(a, file)) != OTA_OK ||
	    (r = ota_mesh_archive_verify(a, NULL, OTA_VERIFY_ALLOW_UNCHECKED)) != OTA_OK) {
		tool_warn("%s: %s: %s", shown(file), ota_strerror(r), ota_mesh_archive_errmsg(a));
		ota_mesh_archive_free(&a);
		return status_for(r);
	}
	if (ota_mesh_archive_fwid(a, &fwid, &flen) != OTA_OK) {
		tool_warn("%s: the archive has no FWID to publish", shown(file));
		ota_mesh_archive_free(&a);
		return EXIT_INVALID;
	}
	hex = hexstr(fwid, flen);
	n = ota_mesh_check_format(fwid, flen, chain, (uint64_t)st.st_size, body, sizeof(body));
	ota_mesh_archive_free(&a);
	if (n < 0 || (size_t)n >= sizeof(body))
		tool_die(EXIT_INVALID, "%s: cannot make the check response (%s)", shown(file),
		    ota_strerror(n < 0 ? n : OTA_E_RANGE));
	if (mkdir(dir, 0755) != 0 && errno != EEXIST)
		tool_die(EXIT_USAGE, "%s: %s", shown(dir), strerror(errno));
	cpath = join(dir, "check");
	gpath = join(dir, "get");
	if (same_file(file, gpath))
		tool_die(EXIT_USAGE, "%s: is the archive itself", shown(gpath));
	/* get first, then check: a server never offers a firmware it lacks */
	out_open(&tg, gpath, 0);
	copy_into(file, &tg);
	out_open(&tc, cpath, 0);
	if (out_write(&tc, body, (size_t)n) != 0) {
		int e = tc.err;

		out_abort(&tc);
		out_abort(&tg);
		tool_die(EXIT_USAGE, "%s: %s", shown(cpath), strerror(e));
	}
	r = out_commit(&tg);
	if (r != EXIT_OK)
		out_abort(&tc);
	else
		r = out_commit(&tc);
	if (r != EXIT_OK) {
		free(hex);
		free(cpath);
		free(gpath);
		return EXIT_USAGE;
	}
	if (json) {
		json_t *o = json_object();

		if (o == NULL)
			tool_die(EXIT_USAGE, "out of memory");
		json_set_text(o, "check", cpath);
		json_set_text(o, "get", gpath);
		json_object_set_new(o, "firmware_id", json_string(hex));
		json_object_set_new(o, "dfu_chain_size", json_integer((json_int_t)chain));
		json_object_set_new(o, "firmware_image_file_size", json_integer((json_int_t)st.st_size));
		json_out(o);
	} else {
		printf("%-26s%s\n", "check", cpath);
		printf("%-26s%s\n", "get", gpath);
		printf("%-26s%s\n", "firmware_id", hex);
		printf("\n");
		nginx_snippet(loc, dir, hex);
	}
	free(hex);
	free(cpath);
	free(gpath);
	return stdout_flush() != 0 ? EXIT_USAGE : EXIT_OK;
}
