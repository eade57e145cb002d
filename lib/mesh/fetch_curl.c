/* fetch_curl.c - Firmware Check and Retrieval over HTTPS with libcurl
 * (libotaimg-mesh-fetch(3)).  https only (redirects too), the server's
 * certificate and name always verified (a CA file, or the system store),
 * connect and total timeouts, a byte limit on each body checked as it
 * arrives (the transfer stops as soon as a body passes it).  The archive
 * is streamed to a temporary file in the output folder, synced, opened
 * and cross-checked as a firmware archive, its FWID compared with the
 * check response's, and only then renamed; every failure removes it.
 * Without libcurl (configure --without-curl) the network calls return
 * OTA_E_UNSUPPORTED. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#ifdef OTA_HAVE_CURL
#include <curl/curl.h>
#endif

#include "fetch_private.h"

int
ota_mesh_fetch_available(void)
{
#ifdef OTA_HAVE_CURL
	return 1;
#else
	return 0;
#endif
}

/* The arguments every network call checks first. */
static int
start(struct ota_mesh_fetch *f, const char *uri, const uint8_t *cfwid, size_t cfwid_len)
{
	char why[OTA_MSG_LEN];
	int r;

	f->status = OTA_MESH_OOB_SUCCESS;
	f->http = 0;
	f->errmsg[0] = '\0';
	f->prog.cancelled = 0;
	f->prog.done = f->prog.total = 0;
	f->have_check = 0;
	f->fwid_len = 0;
	ota__free(&f->env, f->path);
	f->path = NULL;
	if (cfwid == NULL)
		return ota__fetch_err(f, OTA_E_INVAL, "no current FWID");
	if (cfwid_len < OTA_FWID_MIN || cfwid_len > OTA_FWID_MAX)
		return ota__fetch_err(f, OTA_E_RANGE, "current FWID: %zu bytes, not %u..%u",
		    cfwid_len, OTA_FWID_MIN, OTA_FWID_MAX);
	if ((r = ota__uri_check(uri, why, sizeof(why))) != OTA_OK)
		return ota__fetch_err(f, r, "Update URI: %s", why);
#ifndef OTA_HAVE_CURL
	return ota__fetch_err(f, OTA_E_UNSUPPORTED,
	    "libotaimg was built without libcurl: no HTTPS firmware retrieval");
#else
	return OTA_OK;
#endif
}

#ifdef OTA_HAVE_CURL

/* Where a body goes: memory (the check response) or the atomic file. */
struct sink {
	struct ota_mesh_fetch *f;
	CURL *c;
	uint64_t max, got;
	uint8_t *mem;               /* check: f->check_max bytes */
	struct ota_atomic *out;     /* get */
	int err;                    /* why the callback stopped the transfer */
	int errnum;                 /* its errno (OTA_E_IO) */
	uint64_t junk;              /* bytes of bodies dropped (redirects, errors) */
	int discard;                /* the last call's answer was not 2xx */
	struct ota_prog *prog;      /* the archive's progress, or NULL */
	struct timespec polled;     /* the last poll of the progress callback */
};

/* CURLOPT_XFERINFOFUNCTION: poll the caller's callback about once a second
 * (so that a stalled transfer can be cancelled too). */
static int
on_xfer(void *ctx, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal, curl_off_t ulnow)
{
	struct sink *s = ctx;
	struct ota_prog *p = &s->f->prog;
	struct timespec now;

	(void)dltotal;
	(void)dlnow;
	(void)ultotal;
	(void)ulnow;
	if (p->cancelled)
		return 1;
	if (clock_gettime(CLOCK_MONOTONIC, &now) != 0 || now.tv_sec == s->polled.tv_sec)
		return 0;
	s->polled = now;
	if (p->fn(p->arg, s->prog != NULL ? p->done : 0, s->prog != NULL ? p->total : 0) != 0) {
		p->cancelled = 1;
		return 1;
	}
	return 0;
}

static size_t
on_body(char *p, size_t size, size_t nmemb, void *ctx)
{
	struct sink *s = ctx;
	size_t n = size * nmemb;
	long code = 0;

	/* per call: a redirect's or an error's body is counted and dropped */
	(void)curl_easy_getinfo(s->c, CURLINFO_RESPONSE_CODE, &code);
	s->discard = code < 200 || code > 299;
	if (s->discard) {
		if (n > OTA_MESH_FETCH_CHECK_MAX - s->junk)
			return 0; /* an error page too long to keep reading: s->err stays OTA_OK */
		s->junk += n;
		return n;
	}
	if (n > s->max - s->got) {
		s->err = OTA_E_LIMIT;
		return 0;
	}
	if (s->mem != NULL)
		memcpy(s->mem + s->got, p, n);
	else if (ota__atomic_write(s->out, p, n) != 0) {
		s->err = OTA_E_IO;
		s->errnum = errno;
		return 0;
	}
	s->got += n;
	if (s->prog != NULL && ota__prog_add(s->prog, n) != OTA_OK) {
		s->err = OTA_E_CANCELLED;
		return 0;
	}
	return n;
}

/* One GET of url into s; the HTTP status in f->http.  Maps libcurl's
 * outcome to an error (the body's own errors come from the sink). */
static int
get(struct ota_mesh_fetch *f, const char *url, struct sink *s, const char *what)
{
	char ebuf[CURL_ERROR_SIZE];
	CURLcode cc;
	CURL *c;

	if ((c = curl_easy_init()) == NULL)
		return ota__fetch_err(f, OTA_E_NOMEM, "%s: curl_easy_init failed", what);
	s->c = c;
	ebuf[0] = '\0';
#if LIBCURL_VERSION_NUM >= 0x075500
	(void)curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "https");
	(void)curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "https");
#else
	(void)curl_easy_setopt(c, CURLOPT_PROTOCOLS, (long)CURLPROTO_HTTPS);
	(void)curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS, (long)CURLPROTO_HTTPS);
#endif
	(void)curl_easy_setopt(c, CURLOPT_URL, url);
	(void)curl_easy_setopt(c, CURLOPT_ERRORBUFFER, ebuf);
	(void)curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	(void)curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
	(void)curl_easy_setopt(c, CURLOPT_MAXREDIRS, 5L);
	(void)curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
	(void)curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
	if (f->ca_file != NULL)
		(void)curl_easy_setopt(c, CURLOPT_CAINFO, f->ca_file);
	(void)curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, (long)f->connect_ms);
	(void)curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, (long)f->total_ms);
	(void)curl_easy_setopt(c, CURLOPT_USERAGENT, "libotaimg/" PACKAGE_VERSION);
	(void)curl_easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)s->max);
	(void)curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
	(void)curl_easy_setopt(c, CURLOPT_WRITEDATA, s);
	if (f->prog.fn != NULL) {
		(void)clock_gettime(CLOCK_MONOTONIC, &s->polled);
		(void)curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, on_xfer);
		(void)curl_easy_setopt(c, CURLOPT_XFERINFODATA, s);
		(void)curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
	}
	cc = curl_easy_perform(c);
	(void)curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &f->http);
	curl_easy_cleanup(c);
	s->c = NULL;
	if (ebuf[0] == '\0')
		(void)snprintf(ebuf, sizeof(ebuf), "%s", curl_easy_strerror(cc));
	switch (cc) {
	case CURLE_OK:
		return OTA_OK;
	case CURLE_WRITE_ERROR:
		if (s->err == OTA_E_LIMIT)
			return ota__fetch_err(f, OTA_E_LIMIT,
			    "%s: the body passed the limit of %llu bytes (transfer stopped)", what,
			    (unsigned long long)s->max);
		if (s->err == OTA_E_CANCELLED)
			return ota__fetch_err(f, OTA_E_CANCELLED, "%s: cancelled at byte %llu", what,
			    (unsigned long long)s->got);
		if (s->err == OTA_E_IO)
			return ota__fetch_err(f, OTA_E_IO, "%s: cannot write the archive: %s", what,
			    strerror(s->errnum));
		if (s->err == OTA_OK && s->discard)
			return OTA_OK; /* an error page too long to keep: the status decides */
		return ota__fetch_err(f, OTA_E_IO, "%s: %s", what, ebuf);
	case CURLE_FILESIZE_EXCEEDED:
		if (f->http < 200 || f->http > 299)
			return OTA_OK;
		return ota__fetch_err(f, OTA_E_LIMIT,
		    "%s: the server announces more than the limit of %llu bytes", what,
		    (unsigned long long)s->max);
	case CURLE_SSL_CACERT_BADFILE:
		/* a local file, not the server's certificate */
		return ota__fetch_err(f, OTA_E_IO, "%s: the CA file %s cannot be loaded: %s", what,
		    f->ca_file != NULL ? f->ca_file : "(the system store)", ebuf);
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_SSL_CERTPROBLEM:
	case CURLE_SSL_ISSUER_ERROR:
	case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
		return ota__fetch_err(f, OTA_E_TLS, "%s: TLS: %s", what, ebuf);
	case CURLE_UNSUPPORTED_PROTOCOL:
		return ota__fetch_err(f, OTA_E_URI_SCHEME, "%s: %s (https only, redirects too)", what,
		    ebuf);
	case CURLE_URL_MALFORMAT:
		return ota__fetch_err(f, OTA_E_URI_MALFORMED, "%s: %s", what, ebuf);
	case CURLE_ABORTED_BY_CALLBACK:
		return ota__fetch_err(f, OTA_E_CANCELLED, "%s: cancelled by the progress callback",
		    what);
	case CURLE_OUT_OF_MEMORY:
		return ota__fetch_err(f, OTA_E_NOMEM, "%s: %s", what, ebuf);
	default:
		return ota__fetch_err(f, OTA_E_UNREACHABLE, "%s: %s", what, ebuf);
	}
}

/* Firmware Check into the handle. */
static int
check(struct ota_mesh_fetch *f, const char *uri, const uint8_t *cfwid, size_t cfwid_len)
{
	char url[OTA_MESH_FETCH_URL_MAX];
	struct sink s;
	int r;

	if ((r = ota_mesh_fetch_url(uri, OTA_MESH_ENDPOINT_CHECK, cfwid, cfwid_len, url,
	    sizeof(url))) < 0)
		return ota__fetch_err(f, r, "check URL: %s", ota_strerror(r));
	memset(&s, 0, sizeof(s));
	s.f = f;
	s.max = f->check_max;
	if ((s.mem = ota__alloc(&f->env, (size_t)f->check_max)) == NULL)
		return ota__fetch_err(f, OTA_E_NOMEM, "check: out of memory");
	if ((r = get(f, url, &s, "check")) != OTA_OK)
		goto out;
	if (f->http == 404) {
		r = ota__fetch_err(f, OTA_E_NO_NEW_FIRMWARE,
		    "check: HTTP 404: no new firmware for this FWID");
		goto out;
	}
	if (f->http != 200) {
		r = ota__fetch_err(f, OTA_E_UNREACHABLE, "check: HTTP %ld", f->http);
		goto out;
	}
	if ((r = ota_mesh_fetch_parse_check(f, s.mem, (size_t)s.got)) != OTA_OK)
		goto out;
	if (f->fwid_len == cfwid_len && memcmp(f->fwid, cfwid, cfwid_len) == 0)
		r = ota__fetch_err(f, OTA_E_NO_NEW_FIRMWARE,
		    "check: the offered firmware_id is the current FWID");
out:
	ota__free(&f->env, s.mem);
	return r;
}

int
ota_mesh_fetch_check(struct ota_mesh_fetch *f, const char *uri, const uint8_t *cfwid,
    size_t cfwid_len)
{
	int r;

	if (!ota__fetch_ok(f))
		return OTA_E_INVAL;
	if ((r = start(f, uri, cfwid, cfwid_len)) != OTA_OK)
		return r;
	return check(f, uri, cfwid, cfwid_len);
}

/* dir + "/" + name (no second slash after a dir that ends with one: the
 * path is reported), malloc'd (atomic.c frees it with free) */
static char *
join(const char *dir, const char *name)
{
	size_t a = strlen(dir), b = strlen(name);
	char *p = malloc(a + b + 2);

	while (a > 0 && dir[a - 1] == '/')
		a--;
	if (p != NULL) {
		memcpy(p, dir, a);
		p[a] = '/';
		memcpy(p + a + 1, name, b + 1);
	}
	return p;
}

/* Open the stored body as an archive: its FWID must be the check's. */
static int
validate(struct ota_mesh_fetch *f, const char *tmp, enum ota_mesh_dialect *d)
{
	struct ota_mesh_archive *a = ota_mesh_archive_new_ctx(&f->ctx);
	const uint8_t *fwid;
	size_t len;
	int r;

	if (a == NULL)
		return ota__fetch_err(f, OTA_E_NOMEM, "get: out of memory");
	if ((r = ota_mesh_archive_open_path(a, tmp)) != OTA_OK) {
		r = ota__fetch_err(f, r, "get: not a valid firmware archive: %s",
		    ota_mesh_archive_errmsg(a));
	} else if (ota_mesh_archive_fwid(a, &fwid, &len) != OTA_OK) {
		r = ota__fetch_err(f, OTA_E_ARCHIVE_CHECK, "get: the archive has no FWID");
	} else if (len != f->fwid_len || memcmp(fwid, f->fwid, len) != 0) {
		char got[OTA_FWID_TEXT_MAX], want[OTA_FWID_TEXT_MAX];

		(void)ota_fwid_format(fwid, len, got, sizeof(got));
		(void)ota_fwid_format(f->fwid, f->fwid_len, want, sizeof(want));
		r = ota__fetch_err(f, OTA_E_ARCHIVE_CHECK,
		    "get: the archive's FWID %s is not the check response's %s", got, want);
	} else if ((r = ota_mesh_archive_verify(a, NULL, OTA_VERIFY_ALLOW_UNCHECKED)) != OTA_OK) {
		r = ota__fetch_err(f, r, "get: the archive fails its checks: %s",
		    ota_mesh_archive_errmsg(a));
	} else
		*d = ota_mesh_archive_dialect(a);
	ota_mesh_archive_free(&a);
	return r;
}

int
ota_mesh_fetch_run(struct ota_mesh_fetch *f, const char *uri, const uint8_t *cfwid,
    size_t cfwid_len, const char *dir)
{
	char url[OTA_MESH_FETCH_URL_MAX], name[2 * OTA_FWID_MAX + 8];
	enum ota_mesh_dialect d = OTA_MESH_DIALECT_UNKNOWN;
	struct ota_atomic out;
	struct stat st;
	struct sink s;
	char *tmpname, *final;
	int r;

	if (!ota__fetch_ok(f))
		return OTA_E_INVAL;
	if ((r = start(f, uri, cfwid, cfwid_len)) != OTA_OK)
		return r;
	if (dir == NULL || *dir == '\0')
		return ota__fetch_err(f, OTA_E_INVAL, "no output folder");
	if (stat(dir, &st) != 0)
		return ota__fetch_err(f, OTA_E_IO, "output folder %s: %s", dir, strerror(errno));
	if (!S_ISDIR(st.st_mode))
		return ota__fetch_err(f, OTA_E_IO, "output folder %s: not a folder", dir);
	if ((r = check(f, uri, cfwid, cfwid_len)) != OTA_OK)
		return r;
	if (f->fsize > f->archive_max)
		return ota__fetch_err(f, OTA_E_LIMIT,
		    "check: firmware_image_file_size %llu is over the archive limit %llu",
		    (unsigned long long)f->fsize, (unsigned long long)f->archive_max);
	if ((r = ota_mesh_fetch_url(uri, OTA_MESH_ENDPOINT_GET, cfwid, cfwid_len, url,
	    sizeof(url))) < 0)
		return ota__fetch_err(f, r, "get URL: %s", ota_strerror(r));
	if ((tmpname = join(dir, ".otaimg-fetch")) == NULL)
		return ota__fetch_err(f, OTA_E_NOMEM, "get: out of memory");
	r = ota__atomic_open_flags(&out, tmpname, 0);
	free(tmpname);
	if (r != OTA_OK)
		return ota__fetch_err(f, r, "get: cannot create a file in %s: %s", dir,
		    strerror(errno));
	if (out.direct) {
		ota__atomic_abort(&out);
		return ota__fetch_err(f, OTA_E_IO, "get: %s/.otaimg-fetch is not a regular file", dir);
	}
	memset(&s, 0, sizeof(s));
	s.f = f;
	s.max = f->archive_max;
	s.out = &out;
	if (f->prog.fn != NULL) {
		ota__prog_start(&f->prog, f->fsize);
		s.prog = &f->prog;
	}
	if ((r = get(f, url, &s, "get")) != OTA_OK)
		goto fail;
	if (f->http != 200) {
		r = ota__fetch_err(f, OTA_E_UNREACHABLE, "get: HTTP %ld%s", f->http, f->http == 404 ?
		    " (the check offered a firmware the server does not deliver)" : "");
		goto fail;
	}
	if (ota__prog_end(s.prog) != OTA_OK) {
		r = ota__fetch_err(f, OTA_E_CANCELLED, "get: cancelled at the end");
		goto fail;
	}
	if (fsync(out.fd) != 0) {
		r = ota__fetch_err(f, OTA_E_IO, "get: fsync: %s", strerror(errno));
		goto fail;
	}
	if ((r = validate(f, out.tmp, &d)) != OTA_OK)
		goto fail;
	ota__fetch_hex(f->fwid, f->fwid_len, name);
	(void)snprintf(name + 2 * f->fwid_len, sizeof(name) - 2 * f->fwid_len, "%s",
	    d == OTA_MESH_DIALECT_SPEC_TAR ? ".tar.gz" : ".zip");
	if ((final = join(dir, name)) == NULL) {
		r = ota__fetch_err(f, OTA_E_NOMEM, "get: out of memory");
		goto fail;
	}
	free(out.path);
	out.path = final;
	if ((f->path = ota__alloc(&f->env, strlen(final) + 1)) == NULL) {
		r = ota__fetch_err(f, OTA_E_NOMEM, "get: out of memory");
		goto fail;
	}
	memcpy(f->path, final, strlen(final) + 1);
	if ((r = ota__atomic_commit(&out)) != OTA_OK) {
		ota__free(&f->env, f->path);
		f->path = NULL;
		return ota__fetch_err(f, r, "get: cannot store %s/%s: %s", dir, name, strerror(errno));
	}
	f->status = OTA_MESH_OOB_SUCCESS;
	return OTA_OK;
fail:
	ota__atomic_abort(&out);
	return r;
}

#else /* !OTA_HAVE_CURL */

int
ota_mesh_fetch_check(struct ota_mesh_fetch *f, const char *uri, const uint8_t *cfwid,
    size_t cfwid_len)
{
	if (!ota__fetch_ok(f))
		return OTA_E_INVAL;
	return start(f, uri, cfwid, cfwid_len);
}

int
ota_mesh_fetch_run(struct ota_mesh_fetch *f, const char *uri, const uint8_t *cfwid,
    size_t cfwid_len, const char *dir)
{
	if (!ota__fetch_ok(f))
		return OTA_E_INVAL;
	(void)dir;
	return start(f, uri, cfwid, cfwid_len);
}

#endif
