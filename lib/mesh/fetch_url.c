/* fetch_url.c - Update URIs (libotaimg-mesh-fetch(3)): the check that a URI
 * is one this library fetches from (https, a host, at most 255 octets,
 * printable ASCII, no query or fragment), the check and get URLs built from
 * it and the current FWID (reference mesh-dfu.md 1.6 and pitfall 9), and
 * the Upload OOB status of each outcome.  With libcurl, its URL parser
 * (curl_url) must also accept the URI. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#ifdef OTA_HAVE_CURL
#include <curl/curl.h>
#endif

#include "fetch_private.h"

static int
say(char *msg, size_t msglen, int err, const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static int
say(char *msg, size_t msglen, int err, const char *fmt, ...)
{
	va_list ap;

	if (msg != NULL && msglen > 0) {
		va_start(ap, fmt);
		ota__vformat(msg, msglen, fmt, ap);
		va_end(ap);
	}
	return err;
}

static int
is_alpha(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int
is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static int
is_hex(int c)
{
	return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* RFC 3986 unreserved / sub-delims */
static int
is_plain(int c)
{
	return is_alpha(c) || is_digit(c) || strchr("-._~!$&'()*+,;=", c) != NULL;
}

/* A percent escape at s[i]? */
static int
pct_ok(const char *s, size_t i, size_t n)
{
	return i + 2 < n && is_hex((unsigned char)s[i + 1]) && is_hex((unsigned char)s[i + 2]);
}

/* The authority s[0..n), at offset base of the URI (for the messages). */
static int
check_host(const char *s, size_t n, size_t base, char *msg, size_t msglen)
{
	size_t i, hl;
	unsigned long port = 0;
	const char *at;

	if (n == 0)
		return say(msg, msglen, OTA_E_URI_MALFORMED, "no host at offset %zu", base);
	if ((at = memchr(s, '@', n)) != NULL)
		return say(msg, msglen, OTA_E_URI_MALFORMED,
		    "user information (@) in the authority at offset %zu", base + (size_t)(at - s));
	if (s[0] == '[') {
		const char *close = memchr(s, ']', n);

		if (close == NULL)
			return say(msg, msglen, OTA_E_URI_MALFORMED, "IPv6 host without ] at offset %zu",
			    base);
		for (i = 1; s + i < close; i++)
			if (!is_hex((unsigned char)s[i]) && s[i] != ':' && s[i] != '.')
				return say(msg, msglen, OTA_E_URI_MALFORMED,
				    "character '%c' of the IPv6 host at offset %zu", s[i], base + i);
		if (close == s + 1)
			return say(msg, msglen, OTA_E_URI_MALFORMED, "no host at offset %zu", base);
		hl = (size_t)(close - s) + 1;
	} else {
		for (hl = 0; hl < n && s[hl] != ':'; hl++)
			if (!is_plain((unsigned char)s[hl]) &&
			    !(s[hl] == '%' && pct_ok(s, hl, n)))
				return say(msg, msglen, OTA_E_URI_MALFORMED,
				    "character '%c' in the host at offset %zu", s[hl], base + hl);
		if (hl == 0)
			return say(msg, msglen, OTA_E_URI_MALFORMED, "no host at offset %zu", base);
	}
	if (hl == n)
		return OTA_OK;
	if (s[hl] != ':')
		return say(msg, msglen, OTA_E_URI_MALFORMED, "text after the IPv6 host at offset %zu",
		    base + hl);
	for (i = hl + 1; i < n; i++) {
		if (!is_digit((unsigned char)s[i]))
			return say(msg, msglen, OTA_E_URI_MALFORMED, "port is not a number at offset %zu",
			    base + i);
		port = port * 10u + (unsigned long)(s[i] - '0');
		if (port > 65535u)
			return say(msg, msglen, OTA_E_URI_MALFORMED, "port above 65535 at offset %zu",
			    base + hl + 1);
	}
	if (i == hl + 1 || port == 0)
		return say(msg, msglen, OTA_E_URI_MALFORMED, "empty or zero port at offset %zu",
		    base + hl + 1);
	return OTA_OK;
}

int
ota__uri_check(const char *uri, char *msg, size_t msglen)
{
	size_t n, i, s, auth;
	int r;

	if (msg != NULL && msglen > 0)
		msg[0] = '\0';
	if (uri == NULL || *uri == '\0')
		return say(msg, msglen, OTA_E_URI_MALFORMED, "empty URI");
	n = strlen(uri);
	if (n > OTA_MESH_URI_MAX)
		return say(msg, msglen, OTA_E_URI_MALFORMED, "%zu octets, over %u", n,
		    OTA_MESH_URI_MAX);
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)uri[i];

		if (c <= 0x20 || c >= 0x7f)
			return say(msg, msglen, OTA_E_URI_MALFORMED,
			    "octet 0x%02x at offset %zu (a space, control or non-ASCII character: "
			    "percent-encode it)", c, i);
	}
	for (s = 0; s < n && (is_alpha((unsigned char)uri[s]) || (s > 0 &&
	    (is_digit((unsigned char)uri[s]) || strchr("+-.", uri[s]) != NULL))); s++)
		;
	if (s == 0 || s == n || uri[s] != ':')
		return say(msg, msglen, OTA_E_URI_MALFORMED, "no scheme");
	if (s != 5 || strncasecmp(uri, "https", 5) != 0)
		return say(msg, msglen, OTA_E_URI_SCHEME, "scheme '%.*s' not supported: https only",
		    (int)s, uri);
	if (strncmp(uri + s, "://", 3) != 0)
		return say(msg, msglen, OTA_E_URI_MALFORMED, "no // after https:");
	auth = s + 3;
	for (i = auth; i < n && uri[i] != '/'; i++)
		if (uri[i] == '?' || uri[i] == '#')
			break;
	if ((r = check_host(uri + auth, i - auth, auth, msg, msglen)) != OTA_OK)
		return r;
	for (; i < n; i++) {
		unsigned char c = (unsigned char)uri[i];

		if (c == '?' || c == '#')
			return say(msg, msglen, OTA_E_URI_MALFORMED,
			    "a %s at offset %zu (the check and get URLs add their own query)",
			    c == '?' ? "query" : "fragment", i);
		if (c == '%' && !pct_ok(uri, i, n))
			return say(msg, msglen, OTA_E_URI_MALFORMED, "bad percent escape at offset %zu",
			    i);
		if (!is_plain(c) && c != '%' && c != '/' && c != ':' && c != '@')
			return say(msg, msglen, OTA_E_URI_MALFORMED,
			    "character '%c' at offset %zu in the path", c, i);
	}
#ifdef OTA_HAVE_CURL
	{
		CURLU *h = curl_url();
		CURLUcode uc;

		if (h == NULL)
			return OTA_E_NOMEM;
		uc = curl_url_set(h, CURLUPART_URL, uri, 0);
		curl_url_cleanup(h);
		if (uc == CURLUE_OUT_OF_MEMORY)
			return OTA_E_NOMEM;
		if (uc != CURLUE_OK)
			return say(msg, msglen, OTA_E_URI_MALFORMED, "libcurl's URL parser refuses it (%d)",
			    (int)uc);
	}
#endif
	return OTA_OK;
}

void
ota__fetch_hex(const uint8_t *fwid, size_t len, char *out)
{
	static const char digits[] = "0123456789ABCDEF";
	size_t i;

	for (i = 0; i < len; i++) {
		out[2 * i] = digits[fwid[i] >> 4];
		out[2 * i + 1] = digits[fwid[i] & 15u];
	}
	out[2 * len] = '\0';
}

int
ota_mesh_uri_check(const char *uri, char *msg, size_t msglen)
{
	return ota__uri_check(uri, msg, msglen);
}

int
ota_mesh_fetch_url(const char *uri, enum ota_mesh_endpoint ep, const uint8_t *cfwid,
    size_t cfwid_len, char *buf, size_t buflen)
{
	char hex[2 * OTA_FWID_MAX + 1];
	size_t n;
	int r;

	if (cfwid == NULL || (buf == NULL && buflen > 0) ||
	    (ep != OTA_MESH_ENDPOINT_CHECK && ep != OTA_MESH_ENDPOINT_GET))
		return OTA_E_INVAL;
	if ((r = ota__uri_check(uri, NULL, 0)) != OTA_OK)
		return r;
	if (cfwid_len < OTA_FWID_MIN || cfwid_len > OTA_FWID_MAX)
		return OTA_E_RANGE;
	ota__fetch_hex(cfwid, cfwid_len, hex);
	n = strlen(uri);
	r = snprintf(buf, buflen, "%s%s%s?cfwid=%s", uri, uri[n - 1] == '/' ? "" : "/",
	    ep == OTA_MESH_ENDPOINT_CHECK ? "check" : "get", hex);
	return r < 0 ? OTA_E_INVAL : r;
}

int
ota_mesh_oob_status(int err)
{
	switch (err) {
	case OTA_OK:
		return OTA_MESH_OOB_SUCCESS;
	case OTA_E_URI_SCHEME:
	case OTA_E_UNSUPPORTED:
		return OTA_MESH_OOB_URI_NOT_SUPPORTED;
	case OTA_E_URI_MALFORMED:
		return OTA_MESH_OOB_URI_MALFORMED;
	case OTA_E_UNREACHABLE:
	case OTA_E_TLS:
		return OTA_MESH_OOB_URI_UNREACHABLE;
	case OTA_E_NO_NEW_FIRMWARE:
		return OTA_MESH_OOB_NEW_FIRMWARE_NOT_AVAILABLE;
	case OTA_E_LIMIT:
	case OTA_E_NOMEM:
	case OTA_E_IO:
		return OTA_MESH_OOB_INSUFFICIENT_RESOURCES;
	default:
		return OTA_MESH_OOB_INTERNAL_ERROR;
	}
}

const char *
ota_mesh_oob_status_name(int status)
{
	static const char *const names[] = {
		"Success", "Insufficient Resources", "Wrong Phase", "Internal Error",
		"Firmware Not Found", "Invalid AppKey Index", "Receivers List Empty",
		"Busy With Distribution", "Busy With Upload", "URI Not Supported", "URI Malformed",
		"URI Unreachable", "New Firmware Not Available"
	};

	if (status < 0 || (size_t)status >= sizeof(names) / sizeof(names[0]))
		return "unknown";
	return names[status];
}
