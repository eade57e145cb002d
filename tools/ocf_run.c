/* ocf_run.c - otaimg ocf run SCRIPT: drive the OCF software-update state
 * machine (libotaimg-ocf(3)) through a scripted sequence of tm writes,
 * callback completions and reboots, printing every state; the script
 * format is in otaimg-ocf(1), SCRIPTS. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ocf_tool.h"
#include "otaimg.h"
#include "tool.h"

#define LINE_MAX_OCF 4096

struct run {
	struct ota_ocf_dev *dev;
	enum ota_ocf_policy policy;
	int64_t now;
	int failed;      /* an expect line did not hold */
};

static int64_t
run_clock(void *arg)
{
	return ((struct run *)arg)->now;
}

static int
cb_check(void *arg, struct ota_ocf_dev *dev)
{
	(void)arg;
	(void)dev;
	printf("  callback: check (complete it with check-done)\n");
	return 0;
}

static int
cb_update(void *arg, struct ota_ocf_dev *dev, const struct ota_ocf_candidate *c)
{
	(void)arg;
	(void)dev;
	printf("  callback: update %s (complete it with update-done)\n", c != NULL ? c->version :
	    "without a validated candidate");
	return 0;
}

static void
cb_observe(void *arg, const struct ota_ocf_dev *dev, unsigned changed)
{
	static const char *const n[] = { "cm", "tm", "dos", "swupdatestate", "result",
		"unvalidated-update" };
	struct ota_ocf_pstat p;
	struct ota_ocf_swu s;
	unsigned i;
	int first = 1;

	(void)arg;
	(void)ota_ocf_dev_pstat(dev, &p);
	(void)ota_ocf_dev_swu(dev, &s);
	printf("  observe:");
	for (i = 0; i < 6; i++)
		if (changed & (1u << i)) {
			printf("%s%s", first ? " " : ",", n[i]);
			first = 0;
		}
	printf(" -> cm=%u tm=%u dos=%u swupdatestate=%s\n", p.cm, p.tm, p.dos_s,
	    ota_ocf_state_name(s.state));
}

static void
show(const struct run *r)
{
	struct ota_ocf_pstat p;
	struct ota_ocf_swu s;

	(void)ota_ocf_dev_pstat(r->dev, &p);
	(void)ota_ocf_dev_swu(r->dev, &s);
	printf("  state: cm=%u tm=%u dos=%u(%s) swupdatestate=%s swupdateresult=%d(%s) "
	    "reason=%s", p.cm, p.tm, p.dos_s, ota_ocf_dos_name(p.dos_s), ota_ocf_state_name(s.state),
	    (int)s.result, ota_ocf_result_name((int)s.result),
	    ota_ocf_reason_name(ota_ocf_dev_reason(r->dev)));
	if (s.present & OTA_OCF_SWU_NV)
		printf(" nv=%s", s.nv);
	if (s.present & OTA_OCF_SWU_LASTUPDATE)
		printf(" lastupdate=%s", s.lastupdate);
	printf("\n");
}

static struct ota_ocf_dev *
new_dev(struct run *r)
{
	static const struct ota_ocf_callbacks cb = { cb_check, cb_update, cb_observe, NULL };
	struct ota_ocf_dev *d = ota_ocf_dev_new();

	if (d == NULL)
		tool_die(EXIT_USAGE, "out of memory");
	(void)ota_ocf_dev_set_callbacks(d, &cb);
	(void)ota_ocf_dev_set_clock(d, run_clock, r);
	(void)ota_ocf_dev_set_policy(d, r->policy);
	return d;
}

static int
who_of(const char *s, enum ota_ocf_requester *w)
{
	if (s == NULL || strcmp(s, "privileged") == 0)
		*w = OTA_OCF_CLIENT_PRIVILEGED;
	else if (strcmp(s, "unprivileged") == 0)
		*w = OTA_OCF_CLIENT_UNPRIVILEGED;
	else if (strcmp(s, "device") == 0)
		*w = OTA_OCF_DEVICE;
	else
		return -1;
	return 0;
}

static int
result_of(const char *s)
{
	int i;

	for (i = 0; i <= OTA_OCF_RESULT_UPGRADE_FAIL; i++)
		if (strcmp(s, ota_ocf_result_name(i)) == 0)
			return i;
	return -1;
}

static int
reason_of(const char *s)
{
	int i;

	for (i = 0; i <= OTA_OCF_REASON_NOT_VALIDATED; i++)
		if (strcmp(s, ota_ocf_reason_name((enum ota_ocf_reason)i)) == 0)
			return i;
	return -1;
}

static int
num(const char *s, uint64_t max, uint64_t *v)
{
	return s == NULL || parse_uint(s, max, v) != 0 ? -1 : 0;
}

static void
refused(const struct run *r, int err)
{
	printf("  refused: %s: %s\n", ota_errname(err), ota_ocf_dev_errmsg(r->dev));
}

static int
reboot(struct run *r, const char *running)
{
	static uint8_t buf[OTA_OCF_SAVE_MAX];
	size_t n = sizeof(buf);
	int e;

	if ((e = ota_ocf_dev_save(r->dev, buf, &n)) != OTA_OK)
		return e;
	ota_ocf_dev_free(&r->dev);
	printf("  (power off; %zu-byte state record kept)\n", n);
	r->dev = new_dev(r);
	if ((e = ota_ocf_dev_restore(r->dev, buf, n)) != OTA_OK)
		return e;
	return ota_ocf_dev_resume(r->dev, running);
}

/* expect cm N tm N [dos N] [state S] [reason R] */
static int
expect(struct run *r, char **t, int n)
{
	struct ota_ocf_pstat p;
	struct ota_ocf_swu s;
	uint64_t v;
	int i, ok = 1;

	(void)ota_ocf_dev_pstat(r->dev, &p);
	(void)ota_ocf_dev_swu(r->dev, &s);
	for (i = 1; i + 1 < n; i += 2) {
		if (strcmp(t[i], "state") == 0)
			ok &= strcmp(t[i + 1], ota_ocf_state_name(s.state)) == 0;
		else if (strcmp(t[i], "reason") == 0)
			ok &= strcmp(t[i + 1], ota_ocf_reason_name(ota_ocf_dev_reason(r->dev))) == 0;
		else if (num(t[i + 1], 0x1FF, &v) != 0)
			return -1;
		else if (strcmp(t[i], "cm") == 0)
			ok &= p.cm == v;
		else if (strcmp(t[i], "tm") == 0)
			ok &= p.tm == v;
		else if (strcmp(t[i], "dos") == 0)
			ok &= p.dos_s == v;
		else
			return -1;
	}
	if (i != n)
		return -1;
	if (!ok) {
		printf("  EXPECT FAILED\n");
		r->failed = 1;
	} else {
		printf("  expect: ok\n");
	}
	return 0;
}

static int
step(struct run *r, char *line, char *rest, char **t, int n)
{
	struct ota_ocf_candidate c;
	enum ota_ocf_requester who;
	struct ota_ocf_pstat p;
	struct ota_ocf_swu s;
	char msg[256];
	uint64_t v;
	int e = OTA_OK, x;

	(void)line;
	if (strcmp(t[0], "tm") == 0 && n >= 2 && n <= 3) {
		if (num(t[1], 0x1FF, &v) != 0 || who_of(n == 3 ? t[2] : NULL, &who) != 0)
			return -1;
		e = ota_ocf_dev_write_tm(r->dev, (unsigned)v, who);
	} else if ((strcmp(t[0], "pstat") == 0 || strcmp(t[0], "swu") == 0) && n >= 2) {
		who = OTA_OCF_CLIENT_PRIVILEGED;
		if (who_of(t[1], &who) == 0) {
			rest = strstr(rest, t[1]) + strlen(t[1]);
			while (*rest == ' ' || *rest == '\t')
				rest++;
		}
		if (t[0][0] == 'p') {
			if ((e = ocf_decode_pstat(rest, &p, msg, sizeof(msg))) == OTA_OK)
				e = ota_ocf_dev_post_pstat(r->dev, &p, who);
		} else if ((e = ota_ocf_swu_decode_json(rest, strlen(rest), &s, msg,
		    sizeof(msg))) == OTA_OK) {
			e = ota_ocf_dev_post_swu(r->dev, &s, who);
		}
		if (e != OTA_OK && msg[0] != '\0' && strcmp(ota_ocf_dev_errmsg(r->dev), "") == 0) {
			printf("  refused: %s: %s\n", ota_errname(e), msg);
			return 0;
		}
	} else if (strcmp(t[0], "check-done") == 0 && n >= 2) {
		memset(&c, 0, sizeof(c));
		c.kind = OTA_OCF_KIND_OTHER;
		if (strcmp(t[1], "none") == 0 && n == 2) {
			e = ota_ocf_dev_check_done(r->dev, NULL);
		} else if (strcmp(t[1], "available") == 0 && n == 3) {
			c.reason = OTA_OCF_REASON_AVAILABLE;
			(void)snprintf(c.version, sizeof(c.version), "%s", t[2]);
			e = ota_ocf_dev_check_done(r->dev, &c);
		} else if (strcmp(t[1], "refused") == 0 && n == 3 && (x = reason_of(t[2])) >= 0) {
			c.reason = (enum ota_ocf_reason)x;
			e = ota_ocf_dev_check_done(r->dev, &c);
		} else {
			return -1;
		}
	} else if (strcmp(t[0], "update-done") == 0 && n >= 2 && n <= 3) {
		if ((x = result_of(t[1])) < 0 || (n == 3 && num(t[2], 4, &v) != 0))
			return -1;
		e = ota_ocf_dev_update_done(r->dev, x, n == 3 ? (int)v : -1);
	} else if (strcmp(t[0], "installed") == 0 && n == 1) {
		e = ota_ocf_dev_update_installed(r->dev);
	} else if (strcmp(t[0], "reboot") == 0 && n <= 2) {
		e = reboot(r, n == 2 ? t[1] : NULL);
	} else if (strcmp(t[0], "policy") == 0 && n == 2) {
		if (strcmp(t[1], "enforce") != 0 && strcmp(t[1], "report") != 0)
			return -1;
		r->policy = t[1][0] == 'e' ? OTA_OCF_POLICY_ENFORCE : OTA_OCF_POLICY_REPORT;
		e = ota_ocf_dev_set_policy(r->dev, r->policy);
	} else if (strcmp(t[0], "clock") == 0 && n == 2) {
		if (ota_ocf_time_parse(t[1], &r->now) != OTA_OK)
			return -1;
	} else if (strcmp(t[0], "tick") == 0 && n == 1) {
		e = ota_ocf_dev_tick(r->dev);
	} else if (strcmp(t[0], "dos") == 0 && n >= 2 && n <= 3) {
		if (num(t[1], 4, &v) != 0 || (n == 3 && strcmp(t[2], "pending") != 0))
			return -1;
		e = ota_ocf_dev_set_dos(r->dev, (enum ota_ocf_dos)v, n == 3);
	} else if (strcmp(t[0], "expect") == 0) {
		return expect(r, t, n);
	} else if (strcmp(t[0], "show") == 0 && n == 1) {
		(void)ota_ocf_dev_pstat(r->dev, &p);
		ocf_print_pstat(&p);
		return 0;
	} else {
		return -1;
	}
	if (e != OTA_OK)
		refused(r, e);
	show(r);
	return 0;
}

/* Words separated by blanks, in place; at most max. */
static int
split(char *s, char **t, int max)
{
	int n = 0;

	for (;;) {
		s += strspn(s, " \t");
		if (*s == '\0' || n == max)
			return n;
		t[n++] = s;
		s += strcspn(s, " \t");
		if (*s != '\0')
			*s++ = '\0';
	}
}

enum { LN_EOF, LN_OK, LN_LONG, LN_NUL, LN_ERR };

/* One line of fp into buf (with its newline, NUL-terminated).  LN_LONG: it
 * does not fit; LN_NUL: a NUL byte at *len; LN_ERR: a read error (errno),
 * as reading a folder gives. */
static int
read_line(FILE *fp, char *buf, size_t cap, size_t *len)
{
	size_t n = 0;
	int c;

	*len = 0;
	while ((c = getc(fp)) != EOF) {
		if (c == '\0') {
			*len = n;
			return LN_NUL;
		}
		if (n + 1 >= cap)
			return LN_LONG;
		buf[n++] = (char)c;
		if (c == '\n')
			break;
	}
	buf[n] = '\0';
	*len = n;
	if (c == EOF && ferror(fp))
		return LN_ERR;
	return n == 0 && c == EOF ? LN_EOF : LN_OK;
}

int
ocf_run(const char *script)
{
	static char line[LINE_MAX_OCF], copy[LINE_MAX_OCF];
	struct run r;
	char *t[16], *p;
	unsigned long ln = 0;
	FILE *fp;
	size_t len;
	int n, e, bad = 0;

	fp = strcmp(script, "-") == 0 ? stdin : fopen(script, "r");
	if (fp == NULL)
		tool_die(EXIT_USAGE, "%s: cannot open the script: %s", shown(script), strerror(errno));
	memset(&r, 0, sizeof(r));
	r.now = 1796018400; /* 2026-11-30T06:00:00Z until a clock line */
	r.dev = new_dev(&r);
	show(&r);
	while ((e = read_line(fp, line, sizeof(line), &len)) != LN_EOF) {
		ln++;
		if (e == LN_LONG || e == LN_NUL) {
			if (e == LN_LONG)
				tool_warn("%s:%lu: line longer than %d bytes", shown(script), ln,
				    LINE_MAX_OCF - 2);
			else
				tool_warn("%s:%lu: a NUL byte at column %zu (a script is text)",
				    shown(script), ln, len + 1);
			bad = 1;
			break;
		}
		if (e == LN_ERR) {
			tool_warn("%s: cannot read the script: %s", shown(script), strerror(errno));
			bad = 1;
			break;
		}
		line[strcspn(line, "\r\n")] = '\0';
		p = line + strspn(line, " \t");
		if (*p == '\0' || *p == '#')
			continue;
		printf("> %s\n", p);
		(void)snprintf(copy, sizeof(copy), "%s", p);
		n = split(copy, t, 16);
		if (n == 0)
			continue;
		/* the text after the command word, for a JSON body */
		p += strlen(t[0]);
		p += strspn(p, " \t");
		if (step(&r, line, p, t, n) != 0) {
			tool_warn("%s:%lu: cannot read '%s' (otaimg-ocf(1), SCRIPTS)", shown(script), ln,
			    shown(line + strspn(line, " \t")));
			bad = 1;
			break;
		}
	}
	if (fp != stdin)
		(void)fclose(fp);
	ota_ocf_dev_free(&r.dev);
	if (bad)
		return EXIT_USAGE;
	if (r.failed)
		tool_warn("an expect line did not hold");
	return r.failed ? EXIT_INVALID : EXIT_OK;
}
