/* util.c - helpers shared by the otaimg subcommands. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "otaimg.h"
#include "tool.h"

const char *tool_name = "otaimg";
int tool_quiet, tool_verbose;

int
common_opt(int c)
{
	if (c == 'q' || c == OPT_QUIET)
		tool_quiet = 1;
	else if (c == 'v' || c == OPT_VERBOSE)
		tool_verbose = 1;
	else if (c == OPT_PROGRESS || c == OPT_NO_PROGRESS)
		tool_progress = c == OPT_PROGRESS;
	else
		return 0;
	if (tool_quiet && tool_verbose)
		tool_die(EXIT_USAGE, "-q and -v: give one or the other");
	return 1;
}

/* The upper-case metavariable of an option: "trust-dir" gives "TRUST_DIR". */
static void
metavar(const char *name, char *buf, size_t len)
{
	size_t i;

	for (i = 0; i + 1 < len && name[i] != '\0'; i++)
		buf[i] = name[i] == '-' ? '_' : (char)(name[i] >= 'a' && name[i] <= 'z' ?
		    name[i] - 'a' + 'A' : name[i]);
	buf[i] = '\0';
}

int
tool_usage(int status, const char *synopsis, const struct option *lo, const char *shortopts)
{
	char mv[64];
	size_t i;
	int sh;

	if (status != EXIT_OK) {
		fprintf(stderr, "%s: usage: otaimg %s [options] ...; 'otaimg help %s' lists every "
		    "option\n", tool_name, tool_name + 7, tool_name + 7);
		return status;
	}
	printf("%s\noptions:\n", synopsis);
	for (i = 0; lo != NULL && lo[i].name != NULL; i++) {
		sh = lo[i].val > ' ' && lo[i].val < 127 && strchr(shortopts, lo[i].val) != NULL;
		metavar(lo[i].name, mv, sizeof(mv));
		printf("  %c%c%s--%s%s%s\n", sh ? '-' : ' ', sh ? lo[i].val : ' ', sh ? ", " : "  ",
		    lo[i].name, lo[i].has_arg == required_argument ? " " : "",
		    lo[i].has_arg == required_argument ? mv : "");
	}
	printf("\n-q prints no warnings or notes, -v adds notes (otaimg(1)); see otaimg-%s(1).\n",
	    tool_name + 7);
	return EXIT_OK;
}

/* Length of the escape for the character at p (n bytes left), 0 when it is
 * shown as it is: C0 controls, DEL, C1 controls (U+0080-U+009F), the
 * bidirectional controls (U+061C, U+200E, U+200F, U+202A-U+202E,
 * U+2066-U+2069) and bytes that are not UTF-8 are escaped, so that a file
 * name cannot move the cursor, clear the screen or reorder a line. */
static size_t
needs_escape(const unsigned char *p, size_t n, size_t *seqlen)
{
	unsigned c = p[0];
	size_t k, need;

	*seqlen = 1;
	if (c < 0x20 || c == 0x7F)
		return 4;                       /* \xNN */
	if (c < 0x80)
		return 0;
	need = c >= 0xF0 && c <= 0xF4 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 && c < 0xE0 ? 2 : 0;
	if (need == 0 || need > n || c > 0xF4)
		return 4;                       /* not UTF-8: \xNN */
	for (k = 1; k < need; k++)
		if ((p[k] & 0xC0) != 0x80)
			return 4;
	*seqlen = need;
	if ((need == 2 && c == 0xC2 && p[1] <= 0x9F) ||                     /* C1 */
	    (need == 2 && c == 0xD8 && p[1] == 0x9C) ||                     /* U+061C */
	    (need == 3 && c == 0xE2 && p[1] == 0x80 &&
	    (p[2] == 0x8E || p[2] == 0x8F || (p[2] >= 0xAA && p[2] <= 0xAE))) ||
	    (need == 3 && c == 0xE2 && p[1] == 0x81 && p[2] >= 0xA6 && p[2] <= 0xA9))
		return 6;                       /* \uXXXX */
	return 0;
}

const char *
shown(const char *s)
{
	static char *slot[8];
	static size_t cap[8];
	static unsigned next;
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s), i = 0, o = 0, e, sl, want = n * 6 + 1;
	unsigned k = next++ % 8, cp;
	char *d;

	if (cap[k] < want) {
		if ((d = realloc(slot[k], want)) == NULL)
			return "(name not shown: out of memory)";
		slot[k] = d;
		cap[k] = want;
	}
	d = slot[k];
	while (i < n) {
		if ((e = needs_escape(p + i, n - i, &sl)) == 0) {
			memcpy(d + o, p + i, sl);
			o += sl;
		} else if (e == 4) {
			o += (size_t)snprintf(d + o, 5, "\\x%02X", p[i]);
		} else {
			cp = sl == 2 ? (unsigned)(p[i] & 0x1F) << 6 | (p[i + 1] & 0x3F) :
			    (unsigned)(p[i] & 0x0F) << 12 | (unsigned)(p[i + 1] & 0x3F) << 6 |
			    (p[i + 2] & 0x3F);
			o += (size_t)snprintf(d + o, 7, "\\u%04X", cp);
		}
		i += sl;
	}
	d[o] = '\0';
	return d;
}

static void vmsg(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));

static void
vmsg(const char *fmt, va_list ap)
{
	char line[2048];

	(void)vsnprintf(line, sizeof(line), fmt, ap);
	progress_clear();
	fprintf(stderr, "%s: %s\n", tool_name, shown(line));
}

void
tool_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg(fmt, ap);
	va_end(ap);
}

static void remove_temps(void);

void
tool_die(int status, const char *fmt, ...)
{
	va_list ap;

	remove_temps(); /* nothing half-written stays behind */
	va_start(ap, fmt);
	vmsg(fmt, ap);
	va_end(ap);
	exit(status);
}

/* Numbers (otaimg(1), NUMBERS): decimal, or 0x/0X and hex digits.  No sign,
 * no whitespace, and no leading zero before a decimal digit: "010" is
 * refused rather than read as octal (strtoull's base 0) or as decimal. */
/* An option's number (parse_uint), or exit 2 naming the option. */
uint64_t
opt_uint(const char *opt, const char *arg, uint64_t max)
{
	uint64_t v;

	if (parse_uint(arg, max, &v) != 0)
		tool_die(EXIT_USAGE, "%s: '%s' is not a number from 0 to %llu", opt, arg,
		    (unsigned long long)max);
	return v;
}

int
parse_uint(const char *s, uint64_t max, uint64_t *out)
{
	uint64_t v = 0;
	unsigned base = 10, d;
	int digits = 0;

	if (s == NULL)
		return -1;
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
	} else if (s[0] == '0' && s[1] != '\0') {
		return -1;
	}
	for (; *s != '\0'; s++, digits++) {
		if (*s >= '0' && *s <= '9')
			d = (unsigned)(*s - '0');
		else if (base == 16 && *s >= 'a' && *s <= 'f')
			d = (unsigned)(*s - 'a' + 10);
		else if (base == 16 && *s >= 'A' && *s <= 'F')
			d = (unsigned)(*s - 'A' + 10);
		else
			return -1;
		if (v > (UINT64_MAX - d) / base)
			return -1;
		v = v * base + d;
	}
	if (digits == 0 || v > max)
		return -1;
	*out = v;
	return 0;
}

/* A single-value option given twice is a usage error naming it; options
 * whose value is in rep (0-terminated) may repeat, flags always may.  lo
 * NULL: forget what was seen (a command handing over to another). */
void
opt_once(const struct option *lo, int c, const int *rep)
{
	static uint64_t seen;
	size_t i;

	if (lo == NULL) {
		seen = 0;
		return;
	}
	for (; rep != NULL && *rep != 0; rep++)
		if (*rep == c)
			return;
	for (i = 0; i < 64 && lo[i].name != NULL; i++) {
		if (lo[i].val != c || lo[i].has_arg != required_argument)
			continue;
		if (seen & ((uint64_t)1 << i))
			tool_die(EXIT_USAGE, "--%s given more than once", lo[i].name);
		seen |= (uint64_t)1 << i;
		return;
	}
}

int
parse_file_version(const char *s, uint32_t *out)
{
	/* a number, 0x hex or "XX:XX:XX:XX" (app release, app build, stack
	 * release, stack build): the library's one version type, whose rule
	 * every format shares (no decimal with a leading zero) */
	return ota_version_u32_parse(s, out) == OTA_OK ? 0 : -1;
}

/* An option's file version (parse_file_version), or exit 2 naming it. */
uint32_t
opt_file_version(const char *opt, const char *arg)
{
	uint32_t v;

	if (parse_file_version(arg, &v) != 0)
		tool_die(EXIT_USAGE, "%s: '%s' is neither a 32-bit number nor XX:XX:XX:XX%s", opt,
		    arg, version_hint(arg));
	return v;
}

const char *
version_hint(const char *s)
{
	if (s != NULL && s[0] == '0' && s[1] >= '0' && s[1] <= '9' && strchr(s, ':') == NULL &&
	    strchr(s, '.') == NULL && strchr(s, '+') == NULL)
		return " (a decimal with a leading zero is ambiguous with octal: write it "
		    "in 0x hex or as XX:XX:XX:XX)";
	return "";
}

int
write_fd(void *ctx, const void *buf, size_t len)
{
	int fd = *(int *)ctx;
	const char *p = buf;
	ssize_t w;

	while (len > 0) {
		w = write(fd, p, len);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		len -= (size_t)w;
	}
	return 0;
}

void
print_diags(const struct ota_image *img, const char *file, enum ota_severity min)
{
	static const char *sev[] = { "note", "warning", "error" };
	size_t i, n = ota_image_diag_count(img);

	progress_clear();
	if (tool_quiet)
		return;
	if (tool_verbose)
		min = OTA_SEV_INFO;
	for (i = 0; i < n; i++) {
		int code = ota_image_diag_code(img, i);
		enum ota_severity s = ota_diag_severity(code);

		if (s < min)
			continue;
		/* the failure line repeats this one (an error, or a warning under
		 * --strict): say it once */
		if (strstr(ota_image_errmsg(img), ota_image_diag_message(img, i)) != NULL)
			continue;
		fprintf(stderr, "%s: %s: %s: offset %llu: %s [%s]\n", tool_name, shown(file), sev[s],
		    (unsigned long long)ota_image_diag_offset(img, i), ota_image_diag_message(img, i),
		    ota_diag_name(code));
	}
}

int
status_for(int err)
{
	switch (err) {
	case OTA_E_IO:
	case OTA_E_NOMEM:
	case OTA_E_INVAL:
	case OTA_E_UNSUPPORTED:
	case OTA_E_CRYPTO:
	case OTA_E_NOKEY:
		return EXIT_USAGE;
	default:
		return EXIT_INVALID;
	}
}

const char *
stack_name(uint16_t v)
{
	static const char *n[] = { "ZigBee 2006", "ZigBee 2007", "ZigBee PRO", "ZigBee IP" };

	return v < 4 ? n[v] : "unknown";
}

const char *
credential_name(uint8_t v)
{
	static const char *n[] = { "SE 1.0", "SE 1.1", "SE 2.0", "SE 1.2" };

	return v < 4 ? n[v] : "unknown";
}

/* The library's names (one per public enum). */
const char *
container_name(enum ota_container c)
{
	return ota_container_name(c);
}

const char *
walk_name(enum ota_walk w)
{
	return ota_walk_name(w);
}

int
parse_format(const char *s, enum ota_format *f)
{
	if (strcmp(s, "auto") == 0)
		*f = OTA_FORMAT_AUTO;
	else if (strcmp(s, "zigbee") == 0)
		*f = OTA_FORMAT_ZIGBEE;
	else if (strcmp(s, "gbcs") == 0)
		*f = OTA_FORMAT_GBCS;
	else
		return -1;
	return 0;
}

/* --gbcs-cover: what a GBCS hash and signature cover. */
unsigned
parse_cover(const char *arg)
{
	if (strcmp(arg, "upgrade-image") == 0)
		return OTA_GBCS_COVER_IMAGE;
	if (strcmp(arg, "manufacturer-image") != 0)
		tool_die(EXIT_USAGE, "--gbcs-cover: manufacturer-image or upgrade-image");
	return 0;
}

void
hexout(const uint8_t *p, size_t n, int upper)
{
	size_t i;

	for (i = 0; i < n; i++)
		printf(upper ? "%02X" : "%02x", p[i]);
}

int
open_image(const char *file, struct ota_image **imgp, int quiet)
{
	return open_image_as(file, OTA_FORMAT_AUTO, imgp, quiet);
}

int
open_image_as(const char *file, enum ota_format format, struct ota_image **imgp, int quiet)
{
	return open_image_flags(file, format, 0, imgp, quiet);
}

int
header_has(const struct ota_image *img, unsigned end)
{
	uint64_t at;

	return ota_image_truncation(img, &at, NULL) != OTA_OK ||
	    ota_image_ota_offset(img) + end <= at;
}

int
open_image_flags(const char *file, enum ota_format format, unsigned flags,
    struct ota_image **imgp, int quiet)
{
	struct ota_image *img;
	int r;

	*imgp = NULL;
	if ((img = ota_image_new()) == NULL || ota_image_set_format(img, format) != OTA_OK ||
	    ota_image_set_open_flags(img, flags) != OTA_OK)
		tool_die(EXIT_USAGE, "out of memory");
	progress_image(img);
	r = in_open_image(img, file);
	if (r != OTA_OK) {
		if (!quiet)
			tool_warn("%s: offset %llu: %s (%s): %s", file,
			    (unsigned long long)ota_image_erroffset(img), ota_strerror(r),
			    ota_errname(r), ota_image_errmsg(img));
		ota_image_free(&img);
		return status_for(r);
	}
	*imgp = img;
	return EXIT_OK;
}

/* ---- outputs (otaimg(1), OUTPUT FILES and SIGNALS) ----
 * The temporary file of every open output is remembered here, so that any
 * signal whose default action ends the process (and the crash signals)
 * removes it before the signal takes its default effect.  The asynchronous
 * ones are blocked while a temporary file is created, committed or aborted,
 * so a name is listed exactly while its file exists.  An output that is
 * written directly (a FIFO, a device, a socket) gets no temporary file and
 * is opened with no signal blocked: opening a FIFO waits for a reader, and a
 * signal must still end that wait.  Nothing else is ever removed. */

#define MAX_TEMPS 4
static char *volatile temps[MAX_TEMPS];
/* blocked around the temporary file's creation and removal */
static const int out_sigs[] = {
	SIGHUP, SIGINT, SIGQUIT, SIGPIPE, SIGTERM, SIGALRM, SIGUSR1, SIGUSR2, SIGXCPU, SIGXFSZ,
	SIGVTALRM, SIGPROF,
#ifdef SIGPOLL
	SIGPOLL,
#endif
#ifdef SIGPWR
	SIGPWR,
#endif
#ifdef SIGSTKFLT
	SIGSTKFLT,
#endif
#ifdef SIGLOST
	SIGLOST,
#endif
#ifdef SIGEMT
	SIGEMT,
#endif
};
/* caught too, never blocked: they come from the code that runs */
static const int crash_sigs[] = { SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT, SIGTRAP, SIGSYS };

static void
on_signal(int sig)
{
	size_t i;

	for (i = 0; i < MAX_TEMPS; i++)
		if (temps[i] != NULL)
			(void)unlink(temps[i]); /* async-signal-safe */
	/* SA_RESETHAND restored the default action; it runs on return */
	(void)raise(sig);
}

static void
remove_temps(void)
{
	size_t i;

	for (i = 0; i < MAX_TEMPS; i++)
		if (temps[i] != NULL)
			(void)unlink(temps[i]);
}

/* Catch sig unless it was ignored when the command started. */
static void
catch_sig(int sig, const struct sigaction *sa)
{
	struct sigaction prev;

	if (sigaction(sig, NULL, &prev) == 0 && prev.sa_handler == SIG_DFL)
		(void)sigaction(sig, sa, NULL);
}

static void
sigs_block(sigset_t *old)
{
	static int installed;
	struct sigaction sa;
	sigset_t set;
	size_t i;
	int s;

	(void)sigemptyset(&set);
	for (i = 0; i < sizeof(out_sigs) / sizeof(out_sigs[0]); i++)
		(void)sigaddset(&set, out_sigs[i]);
#ifdef SIGRTMIN
	for (s = SIGRTMIN; s <= SIGRTMAX; s++)
		(void)sigaddset(&set, s);
#endif
	(void)sigprocmask(SIG_BLOCK, &set, old);
	if (installed)
		return;
	installed = 1;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sa.sa_mask = set;
	for (i = 0; i < sizeof(crash_sigs) / sizeof(crash_sigs[0]); i++)
		(void)sigaddset(&sa.sa_mask, crash_sigs[i]);
	sa.sa_flags = (int)SA_RESETHAND;
	for (i = 0; i < sizeof(out_sigs) / sizeof(out_sigs[0]); i++)
		catch_sig(out_sigs[i], &sa);
	for (i = 0; i < sizeof(crash_sigs) / sizeof(crash_sigs[0]); i++)
		catch_sig(crash_sigs[i], &sa);
#ifdef SIGRTMIN
	for (s = SIGRTMIN; s <= SIGRTMAX; s++)
		catch_sig(s, &sa);
#endif
}

static void
sigs_restore(const sigset_t *old)
{
	(void)sigprocmask(SIG_SETMASK, old, NULL);
}

/* Will the library write name directly, without a temporary file?  An
 * existing FIFO, device or socket (following symbolic links). */
static int
names_direct(const char *name)
{
	struct stat st;

	return stat(name, &st) == 0 && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode);
}

/* Is name a terminal?  Only character devices are opened to ask. */
static int
names_terminal(const char *name)
{
	struct stat st;
	int fd, tty;

	if (stat(name, &st) != 0 || !S_ISCHR(st.st_mode))
		return 0;
	if ((fd = open(name, O_WRONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC)) < 0)
		return 0;
	tty = isatty(fd);
	(void)close(fd);
	return tty;
}

int
same_file(const char *a, const char *b)
{
	struct stat sa, sb;

	return strcmp(a, "-") != 0 && strcmp(b, "-") != 0 && stat(a, &sa) == 0 &&
	    stat(b, &sb) == 0 && sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

/* The file an output name finally writes, as a canonical path: symbolic
 * links followed, also to a target that does not exist yet (malloc'd). */
char *
out_final(const char *name)
{
	char *cur, *next, *dir, *slash, buf[1024];
	const char *base;
	struct stat st;
	ssize_t n;
	size_t len;
	int hops;

	if ((cur = strdup(name)) == NULL)
		tool_die(EXIT_USAGE, "out of memory");
	for (hops = 0; hops < 40 && lstat(cur, &st) == 0 && S_ISLNK(st.st_mode); hops++) {
		if ((n = readlink(cur, buf, sizeof(buf) - 1)) <= 0)
			break;
		buf[n] = '\0';
		slash = strrchr(cur, '/');
		len = buf[0] == '/' || slash == NULL ? 0 : (size_t)(slash - cur) + 1;
		if ((next = malloc(len + (size_t)n + 1)) == NULL)
			tool_die(EXIT_USAGE, "out of memory");
		memcpy(next, cur, len);
		memcpy(next + len, buf, (size_t)n + 1);
		free(cur);
		cur = next;
	}
	/* the folder canonical, the last name as it is */
	slash = strrchr(cur, '/');
	base = slash != NULL ? slash + 1 : cur;
	if (slash == cur)
		dir = realpath("/", NULL);
	else if (slash != NULL) {
		*slash = '\0';
		dir = realpath(cur, NULL);
		*slash = '/';
	} else
		dir = realpath(".", NULL);
	if (dir == NULL)
		return cur;
	len = strlen(dir) + strlen(base) + 2;
	if ((next = malloc(len)) == NULL)
		tool_die(EXIT_USAGE, "out of memory");
	(void)snprintf(next, len, "%s/%s", strcmp(dir, "/") == 0 ? "" : dir, base);
	free(dir);
	free(cur);
	return next;
}

int
same_output(const char *a, const char *b)
{
	char *fa, *fb;
	int r;

	if (strcmp(a, "-") == 0 || strcmp(b, "-") == 0)
		return 0;
	if (same_file(a, b))
		return 1;
	fa = out_final(a);
	fb = out_final(b);
	r = strcmp(fa, fb) == 0;
	free(fa);
	free(fb);
	return r;
}

void
out_open(struct tool_out *t, const char *name, unsigned flags)
{
	const char *tmp;
	sigset_t old;
	int r, slot, direct;

	memset(t, 0, sizeof(*t));
	t->name = name;
	t->fd = STDOUT_FILENO;
	t->slot = -1;
	if (strcmp(name, "-") == 0) {
		if ((flags & OUT_BINARY) && isatty(STDOUT_FILENO))
			tool_die(EXIT_USAGE, "refusing to write binary output to a terminal");
		if (fflush(stdout) != 0)
			tool_die(EXIT_USAGE, "cannot write standard output: %s", strerror(errno));
		return;
	}
	if ((flags & OUT_BINARY) && names_terminal(name))
		tool_die(EXIT_USAGE, "%s: refusing to write binary output to a terminal", name);
	if ((t->o = ota_output_new()) == NULL)
		tool_die(EXIT_USAGE, "out of memory");
	/* a FIFO's open waits for a reader: signals stay deliverable (should
	 * the name become a regular file meanwhile, its temporary file is
	 * listed at once below) */
	direct = names_direct(name);
	if (!direct)
		sigs_block(&old);
	r = ota_output_open(t->o, name, flags & (OTA_OUTPUT_PRIVATE | OTA_OUTPUT_NOREPLACE));
	if (r == OTA_OK && (tmp = ota_output_temp_path(t->o)) != NULL) {
		for (slot = 0; slot < MAX_TEMPS && temps[slot] != NULL; slot++)
			continue;
		if (slot == MAX_TEMPS || (temps[slot] = strdup(tmp)) == NULL) {
			ota_output_abort(t->o);
			r = OTA_E_NOMEM;
		} else {
			t->slot = slot;
		}
	}
	if (!direct)
		sigs_restore(&old);
	if (r != OTA_OK) {
		if (r == OTA_E_EXISTS)
			tool_die(EXIT_USAGE, "%s: exists; not replaced without --force", name);
		tool_die(EXIT_USAGE, "%s", *ota_output_errmsg(t->o) ? ota_output_errmsg(t->o) :
		    ota_strerror(r));
	}
}

int
out_write(void *ctx, const void *buf, size_t len)
{
	struct tool_out *t = ctx;
	int r = t->o != NULL ? ota_output_write(t->o, buf, len) : write_fd(&t->fd, buf, len);

	if (r != 0 && t->err == 0)
		t->err = errno != 0 ? errno : EIO;
	return r;
}

static void
out_forget(struct tool_out *t)
{
	char *p;

	if (t->slot >= 0) {
		p = temps[t->slot];
		temps[t->slot] = NULL;
		free(p);
		t->slot = -1;
	}
}

int
out_commit(struct tool_out *t)
{
	sigset_t old;
	int r;

	if (t->o == NULL)
		return EXIT_OK;
	sigs_block(&old);
	r = ota_output_commit(t->o);
	out_forget(t);
	sigs_restore(&old);
	if (r != OTA_OK)
		tool_warn("%s", r == OTA_E_EXISTS ? "exists; not replaced without --force" :
		    ota_output_errmsg(t->o));
	ota_output_free(&t->o);
	return r == OTA_OK ? EXIT_OK : EXIT_USAGE;
}

void
out_abort(struct tool_out *t)
{
	sigset_t old;

	if (t->o == NULL)
		return;
	sigs_block(&old);
	ota_output_abort(t->o);
	out_forget(t);
	sigs_restore(&old);
	ota_output_free(&t->o);
}

static int stdout_said; /* the write error on standard output was reported */

int
stdout_flush(void)
{
	int e = 0;

	if (fflush(stdout) != 0)
		e = errno;
	if (e == 0 && !ferror(stdout))
		return 0;
	if (!stdout_said)
		fprintf(stderr, "%s: cannot write standard output%s%s\n", tool_name,
		    e ? ": " : "", e ? strerror(e) : "");
	stdout_said = 1;
	return -1;
}

/* At exit: everything written to standard output must have arrived
 * (otaimg(1), EXIT STATUS); a write error there is status 2. */
void
check_stdout(void)
{
	int bad = stdout_flush() != 0;

	if (fclose(stdout) != 0 && !bad) {
		bad = 1;
		if (!stdout_said)
			fprintf(stderr, "%s: cannot write standard output: %s\n", tool_name,
			    strerror(errno));
	}
	if (bad)
		_exit(EXIT_USAGE);
}
