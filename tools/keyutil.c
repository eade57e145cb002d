/* keyutil.c - key loading for the tools: passphrase sources (openssl's
 * -passin forms, or a prompt on the terminal), permission warnings, CA
 * keys given as hex, a file or "test". */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "otaimg.h"
#include "tool.h"

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int
parse_hex(const char *s, uint8_t *out, size_t cap, size_t *len)
{
	size_t n = 0;
	int hi, lo;

	while (*s == ' ' || *s == '\n' || *s == '\t' || *s == '\r')
		s++;
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		s += 2;
	while (*s != '\0' && *s != '\n' && *s != '\r') {
		if (*s == ':' || *s == ' ') {
			s++;
			continue;
		}
		if ((hi = hexval(s[0])) < 0 || (lo = hexval(s[1])) < 0 || n >= cap)
			return -1;
		out[n++] = (uint8_t)(hi * 16 + lo);
		s += 2;
	}
	*len = n;
	return n > 0 ? 0 : -1;
}

/* Read a small file whole (at most cap bytes). */
int
read_small(const char *path, uint8_t *buf, size_t cap, size_t *len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;
	size_t got = 0;

	if (fd < 0)
		return -1;
	while (got < cap && (n = read(fd, buf + got, cap - got)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) { /* a folder: EISDIR */
			int e = errno;

			close(fd);
			errno = e;
			return -1;
		}
		got += (size_t)n;
	}
	if (got == cap && read(fd, &(char){ 0 }, 1) > 0) {
		close(fd);
		errno = EFBIG;
		return -1;
	}
	close(fd);
	*len = got;
	return 0;
}

/* A line from a descriptor, without its newline; -1 when it cannot be read
 * (a closed descriptor). */
static int
read_line(int fd, char *buf, size_t cap)
{
	size_t n = 0;
	ssize_t got = 0;
	char c;

	while (n + 1 < cap && (got = read(fd, &c, 1)) == 1 && c != '\n')
		buf[n++] = c;
	if (n == 0 && got < 0)
		return -1;
	if (n > 0 && buf[n - 1] == '\r')
		n--;
	buf[n] = '\0';
	return 0;
}

/* Passphrase from pass:, env:, file:, fd: or stdin; NULL arg: none. */
static int
passin(const char *arg, char *buf, size_t cap)
{
	int fd;

	if (strncmp(arg, "pass:", 5) == 0) {
		if (strlen(arg + 5) >= cap)
			return -1;
		strncpy(buf, arg + 5, cap - 1);
		buf[cap - 1] = '\0';
		return 0;
	}
	if (strncmp(arg, "env:", 4) == 0) {
		const char *v = getenv(arg + 4);

		if (v == NULL || strlen(v) >= cap)
			return -1;
		strncpy(buf, v, cap - 1);
		buf[cap - 1] = '\0';
		return 0;
	}
	if (strncmp(arg, "file:", 5) == 0) {
		int r;

		if ((fd = open(arg + 5, O_RDONLY | O_CLOEXEC)) < 0)
			return -1;
		r = read_line(fd, buf, cap);
		close(fd);
		return r;
	}
	if (strncmp(arg, "fd:", 3) == 0) {
		uint64_t n;

		if (parse_uint(arg + 3, 65535, &n) != 0)
			return -1;
		return read_line((int)n, buf, cap);
	}
	if (strcmp(arg, "stdin") == 0)
		return read_line(STDIN_FILENO, buf, cap);
	return -1;
}

const char *
passin_file(const char *passarg)
{
	return passarg != NULL && strncmp(passarg, "file:", 5) == 0 ? passarg + 5 : NULL;
}

/* Ask on the terminal, without echo. */
static int
prompt(const char *what, char *buf, size_t cap)
{
	struct termios old, quiet;
	int fd = open("/dev/tty", O_RDWR | O_CLOEXEC), r;

	if (fd < 0)
		return -1;
	dprintf(fd, "Passphrase for %s: ", what);
	if (tcgetattr(fd, &old) != 0) {
		close(fd);
		return -1;
	}
	quiet = old;
	quiet.c_lflag &= ~(tcflag_t)ECHO;
	(void)tcsetattr(fd, TCSAFLUSH, &quiet);
	r = read_line(fd, buf, cap);
	(void)tcsetattr(fd, TCSAFLUSH, &old);
	dprintf(fd, "\n");
	close(fd);
	return r;
}

static void
wipe(char *p, size_t n)
{
	volatile char *v = p;

	while (n-- > 0)
		*v++ = 0;
}

struct ota_key *
load_key(const char *uri, const char *passarg, int need_private)
{
	struct ota_key *k = NULL;
	struct stat st;
	char pass[1024];
	int r, missing;

	missing = stat(uri, &st) != 0 ? errno : 0; /* the reason, should the open fail */
	if (missing == 0 && (st.st_mode & 077) != 0 && need_private && !tool_quiet)
		tool_warn("warning: %s is readable by group or others (mode %04o)", uri,
		    (unsigned)(st.st_mode & 07777));
	pass[0] = '\0';
	errno = 0;
	if (passarg != NULL && passin(passarg, pass, sizeof(pass)) != 0)
		tool_die(EXIT_USAGE, "--passin %s: cannot read the passphrase%s%s", passarg,
		    errno != 0 ? ": " : "", errno != 0 ? strerror(errno) : "");
	r = ota_key_load(&k, uri, passarg != NULL ? pass : NULL);
	if (r == OTA_E_PASSPHRASE && passarg == NULL && isatty(STDIN_FILENO) &&
	    prompt(uri, pass, sizeof(pass)) == 0) {
		r = ota_key_load(&k, uri, pass);
		passarg = "(terminal)";
	}
	wipe(pass, sizeof(pass));
	if (r != OTA_OK)
		tool_die(EXIT_USAGE, "%s: %s (%s)%s%s", uri, ota_strerror(r), ota_errname(r),
		    r == OTA_E_NOKEY ? ": no key in it" :
		    r == OTA_E_PASSPHRASE && passarg == NULL ? ": give --passin" :
		    r == OTA_E_PASSPHRASE ? ": the passphrase does not open it" :
		    r == OTA_E_IO && missing ? ": " : "", r == OTA_E_IO && missing ? strerror(missing) : "");
	if (need_private && !ota_key_is_private(k))
		tool_die(EXIT_USAGE, "%s: a private key is needed", uri);
	return k;
}

void
trust_add_ca(struct ota_trust *t, const char *arg)
{
	uint8_t buf[2048], pt[64];
	size_t n, pl = sizeof(pt);
	struct ota_key *k;
	int r;

	if (strcmp(arg, "test") == 0) {
		r = ota_trust_set_test_ca(t);
	} else if (parse_hex(arg, pt, sizeof(pt), &pl) == 0) {
		r = ota_trust_add_ca(t, pt, pl);
	} else if (read_small(arg, buf, sizeof(buf) - 1, &n) == 0) {
		buf[n] = '\0';
		if (strstr((char *)buf, "-----BEGIN") != NULL) {
			k = load_key(arg, NULL, 0);
			if ((r = ota_key_public(k, pt, &pl)) == OTA_OK)
				r = ota_trust_add_ca(t, pt, pl);
			ota_key_free(&k);
		} else if (parse_hex((char *)buf, pt, sizeof(pt), &pl) == 0) {
			r = ota_trust_add_ca(t, pt, pl);
		} else {
			r = ota_trust_add_ca(t, buf, n);
		}
	} else {
		tool_die(EXIT_USAGE, "--ca %s: neither 'test', a compressed point in hex, nor a "
		    "readable file", arg);
	}
	if (r != OTA_OK)
		tool_die(EXIT_USAGE, "--ca %s: %s (%s): %s", arg, ota_strerror(r), ota_errname(r),
		    ota_trust_errmsg(t));
}

/* The trust store: --trust-dir, else $OTAIMG_TRUST_DIR, else the default
 * (where a missing directory is empty). */
const char *
trust_dir(const char *opt)
{
	const char *env = getenv("OTAIMG_TRUST_DIR");

	if (opt != NULL)
		return opt;
	return env != NULL && env[0] != '\0' ? env : NULL;
}

void
trust_load_store(struct ota_trust *t, const char *opt)
{
	const char *dir = trust_dir(opt);
	int r;

	if ((r = ota_trust_load_dir(t, dir)) != OTA_OK)
		tool_die(EXIT_USAGE, "trust store %s: %s (%s): %s", dir != NULL ? dir :
		    ota_trust_default_dir(), ota_strerror(r), ota_errname(r), ota_trust_errmsg(t));
}

/* An 8-byte identifier: 16 hex digits, or exactly 8 printable characters. */
int
parse_id64(const char *s, uint64_t *out)
{
	size_t i;

	if (ota_eui64_parse(s, out) == OTA_OK)
		return 0;
	if (strlen(s) != 8)
		return -1;
	*out = 0;
	for (i = 0; i < 8; i++) {
		if (s[i] < 0x20 || s[i] > 0x7e)
			return -1;
		*out = (*out << 8) | (uint8_t)s[i];
	}
	return 0;
}

/* A GBCS supplier certificate or key; says whose it is and when it is valid. */
void
trust_add_supplier(struct ota_trust *t, const char *path)
{
	size_t cap = 65536, n;
	uint8_t *buf = malloc(cap);
	char subj[256], a[32], b[32];
	int64_t nb, na;
	time_t ta, tb;
	int r;

	if (buf == NULL)
		tool_die(EXIT_USAGE, "out of memory");
	if (read_small(path, buf, cap, &n) != 0)
		tool_die(EXIT_USAGE, "--supplier-cert %s: cannot read", path);
	if ((r = ota_trust_add_supplier(t, buf, n)) != OTA_OK)
		tool_die(EXIT_USAGE, "--supplier-cert %s: %s (%s): %s", path, ota_strerror(r),
		    ota_errname(r), ota_trust_errmsg(t));
	free(buf);
	if (ota_trust_supplier_subject(t, subj, sizeof(subj)) == OTA_OK &&
	    ota_trust_supplier_validity(t, &nb, &na) == OTA_OK) {
		ta = (time_t)nb;
		tb = (time_t)na;
		strftime(a, sizeof(a), "%Y-%m-%d %H:%M:%S", gmtime(&ta));
		strftime(b, sizeof(b), "%Y-%m-%d %H:%M:%S", gmtime(&tb));
		fprintf(stderr, "%s: supplier certificate %s, valid %s to %s UTC%s\n", tool_name, subj,
		    a, b, (int64_t)time(NULL) > na ? " (expired)" : "");
	}
}

/* The key must be the certificate's: reconstruct its public key with the
 * issuer's CA key (trust store, --ca, or the test CA it names). */
int
key_cert_check(const struct ota_key *key, const char *keyf, const uint8_t *cert, size_t certlen,
    const char *certf, const struct ota_trust *trust, const char *tdir)
{
	uint64_t issuer;
	int r;

	if ((r = ota_key_check_cert(key, cert, certlen, trust)) == OTA_OK)
		return OTA_OK;
	(void)ota_cert_parse(cert, certlen, NULL, NULL, &issuer);
	if (r == OTA_E_KEY_MISMATCH)
		tool_warn("%s: %s (%s): %s is not the key of %s (issuer %016llX) under any CA key "
		    "trusted for it; nothing written", keyf, ota_strerror(r), ota_errname(r), keyf,
		    certf, (unsigned long long)issuer);
	else if (r == OTA_E_KEY_UNCHECKED)
		tool_warn("%s: %s (%s): to check %s against %s, give the CA key of issuer %016llX "
		    "(--ca KEY, or install it in the trust store %s, or --trust-dir DIR), or sign "
		    "without the check with --no-key-check; nothing written", keyf, ota_strerror(r),
		    ota_errname(r), keyf, certf, (unsigned long long)issuer,
		    trust_dir(tdir) != NULL ? trust_dir(tdir) : ota_trust_default_dir());
	else
		tool_warn("%s: %s (%s): cannot check it against %s", keyf, ota_strerror(r),
		    ota_errname(r), certf);
	return r;
}
