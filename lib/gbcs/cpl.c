/*
 * cpl.c - GB smart metering Certified Products List "Device_Model" fields:
 * manufacturer_identifier "XX:XX" (00:00-FF:FE), model_identifier "XX:XX"
 * (00:00-FF:BF), hardware_version.version "XX", hardware_version.revision
 * "XX", firmware_version "XX:XX:XX:XX"; upper-case hex, exact lengths.
 * Also the mapping of an assurance certificate's plain-English firmware
 * version onto firmware_version, by BCD or by hex coding.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ota_private.h"

#define OTA_CPL_MAGIC 0x4f544143u /* "OTAC" */

struct cplmsg {
	int field;
	int error;   /* 1 violation, 0 warning */
	char text[OTA_MSG_LEN];
};

struct ota_cpl {
	uint32_t magic;
	uint16_t mfr, model;
	uint8_t hwv, hwrev;
	uint32_t fw;
	struct cplmsg msg[16];
	size_t nmsg;
};

static const char *const names[] = {
	"manufacturer_identifier", "model_identifier", "hardware_version.version",
	"hardware_version.revision", "firmware_version", "hardware_version_zigbee",
};

struct ota_cpl *
ota_cpl_new(void)
{
	struct ota_cpl *c = calloc(1, sizeof(*c));

	if (c != NULL)
		c->magic = OTA_CPL_MAGIC;
	return c;
}

void
ota_cpl_free(struct ota_cpl **cp)
{
	if (cp == NULL || *cp == NULL)
		return;
	(*cp)->magic = 0;
	free(*cp);
	*cp = NULL;
}

static int
c_ok(const struct ota_cpl *c)
{
	return c != NULL && c->magic == OTA_CPL_MAGIC;
}

static void
say(struct ota_cpl *c, int field, int error, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void
say(struct ota_cpl *c, int field, int error, const char *fmt, ...)
{
	va_list ap;

	if (c->nmsg >= sizeof(c->msg) / sizeof(c->msg[0]))
		return;
	c->msg[c->nmsg].field = field;
	c->msg[c->nmsg].error = error;
	va_start(ap, fmt);
	ota__vformat(c->msg[c->nmsg].text, sizeof(c->msg[c->nmsg].text), fmt, ap);
	va_end(ap);
	c->nmsg++;
}

/*
 * Check one field against its pattern: octets of two upper-case hex digits
 * separated by sep.  Every violation gets its own message; *v receives the
 * value when the string is well formed.
 */
static int
parse_field(struct ota_cpl *c, int field, const char *s, unsigned octets, char sep, uint32_t *v)
{
	size_t want = octets * 3 - 1, len, i;
	int bad = 0, lower = 0, other = 0, seps = 0;

	if (s == NULL) {
		say(c, field, 1, "%s is missing", names[field]);
		return -1;
	}
	len = strlen(s);
	if (len != want) {
		say(c, field, 1, "%s \"%s\" is %zu characters long; it must be exactly %zu (%s)",
		    names[field], s, len, want,
		    octets == 1 ? "XX" : octets == 2 ? "XX:XX" : "XX:XX:XX:XX");
		bad = 1;
	}
	for (i = 0; i < len; i++) {
		char ch = s[i];

		if (i % 3 == 2) {
			if (ch != sep && !seps) {
				say(c, field, 1, "%s \"%s\": '%c' expected at position %zu, found '%c'",
				    names[field], s, sep, i + 1, ch);
				seps = bad = 1;
			}
		} else if (ch >= 'a' && ch <= 'f') {
			if (!lower)
				say(c, field, 1, "%s \"%s\": lower-case hex digit '%c' at position %zu; "
				    "only upper case is allowed", names[field], s, ch, i + 1);
			lower = bad = 1;
		} else if (!((ch >= '0' && ch <= '9') || (ch >= 'A' && ch <= 'F'))) {
			if (!other)
				say(c, field, 1, "%s \"%s\": '%c' at position %zu is not a hex digit",
				    names[field], s, ch, i + 1);
			other = bad = 1;
		}
	}
	if (bad)
		return -1;
	*v = 0;
	for (i = 0; i < len; i++) {
		char ch = s[i];

		if (i % 3 == 2)
			continue;
		*v = (*v << 4) | (uint32_t)(ch <= '9' ? ch - '0' : ch - 'A' + 10);
	}
	return 0;
}

static void
range_checks(struct ota_cpl *c)
{
	if (c->mfr == 0xFFFF)
		say(c, OTA_CPL_MANUFACTURER, 1, "manufacturer_identifier FF:FF is outside 00:00 to "
		    "FF:FE (0xFFFF is the Zigbee wildcard manufacturer code)");
	if (c->model > 0xFFBF)
		say(c, OTA_CPL_MODEL, 1, "model_identifier %02X:%02X is outside 00:00 to FF:BF "
		    "(0xFFC0 and above are reserved image types)", c->model >> 8, c->model & 0xff);
}

static int
result(const struct ota_cpl *c)
{
	size_t i;

	for (i = 0; i < c->nmsg; i++)
		if (c->msg[i].error)
			return OTA_E_RANGE;
	return OTA_OK;
}

int
ota_cpl_parse(struct ota_cpl *c, const char *mfr, const char *model, const char *hwv,
    const char *hwrev, const char *fw)
{
	uint32_t v[5] = { 0 };
	int bad = 0;

	if (!c_ok(c))
		return OTA_E_INVAL;
	c->nmsg = 0;
	bad |= parse_field(c, OTA_CPL_MANUFACTURER, mfr, 2, ':', &v[0]);
	bad |= parse_field(c, OTA_CPL_MODEL, model, 2, ':', &v[1]);
	bad |= parse_field(c, OTA_CPL_HW_VERSION, hwv, 1, ':', &v[2]);
	bad |= parse_field(c, OTA_CPL_HW_REVISION, hwrev, 1, ':', &v[3]);
	bad |= parse_field(c, OTA_CPL_FIRMWARE, fw, 4, ':', &v[4]);
	c->mfr = (uint16_t)v[0];
	c->model = (uint16_t)v[1];
	c->hwv = (uint8_t)v[2];
	c->hwrev = (uint8_t)v[3];
	c->fw = v[4];
	if (!bad)
		range_checks(c);
	return result(c);
}

int
ota_cpl_from_image(struct ota_cpl *c, const struct ota_image *img, uint8_t hwv, uint8_t hwrev)
{
	uint16_t lo, hi, hw = (uint16_t)(hwv << 8 | hwrev);

	if (!c_ok(c) || img == NULL || ota_image_file_size(img) == 0)
		return OTA_E_INVAL;
	c->nmsg = 0;
	c->mfr = ota_image_manufacturer_code(img);
	c->model = ota_image_image_type(img);
	c->hwv = hwv;
	c->hwrev = hwrev;
	c->fw = ota_image_file_version(img);
	range_checks(c);
	if (ota_image_hw_versions(img, &lo, &hi) == OTA_OK) {
		if (hw < lo || hw > hi)
			say(c, OTA_CPL_HW_VERSION, 1, "hardware version %02X/%02X is outside the image's "
			    "range %02X/%02X to %02X/%02X (header offset %llu)", hwv, hwrev, lo >> 8,
			    lo & 0xff, hi >> 8, hi & 0xff,
			    (unsigned long long)(ota_image_ota_offset(img) +
			    ota_image_header_length(img) - 4));
	} else {
		say(c, OTA_CPL_HW_VERSION, 0, "the image has no hardware versions (field control bit "
		    "2 clear), so %02X/%02X cannot be checked against it", hwv, hwrev);
	}
	return result(c);
}

size_t
ota_cpl_message_count(const struct ota_cpl *c)
{
	return c_ok(c) ? c->nmsg : 0;
}

const char *
ota_cpl_message(const struct ota_cpl *c, size_t i)
{
	return c_ok(c) && i < c->nmsg ? c->msg[i].text : "";
}

int
ota_cpl_message_is_error(const struct ota_cpl *c, size_t i)
{
	return c_ok(c) && i < c->nmsg ? c->msg[i].error : 0;
}

const char *
ota_cpl_field_name(enum ota_cpl_field f)
{
	return (unsigned)f < sizeof(names) / sizeof(names[0]) ? names[f] : "unknown";
}

int
ota_cpl_render(const struct ota_cpl *c, enum ota_cpl_field f, char *buf, size_t len)
{
	int n;

	if (!c_ok(c) || buf == NULL)
		return OTA_E_INVAL;
	switch (f) {
	case OTA_CPL_MANUFACTURER:
		n = snprintf(buf, len, "%02X:%02X", c->mfr >> 8, c->mfr & 0xff);
		break;
	case OTA_CPL_MODEL:
		n = snprintf(buf, len, "%02X:%02X", c->model >> 8, c->model & 0xff);
		break;
	case OTA_CPL_HW_VERSION:
		n = snprintf(buf, len, "%02X", c->hwv);
		break;
	case OTA_CPL_HW_REVISION:
		n = snprintf(buf, len, "%02X", c->hwrev);
		break;
	case OTA_CPL_FIRMWARE:
		n = ota_version_u32_format(c->fw, buf, len);
		break;
	case OTA_CPL_HW_ZIGBEE:
		n = snprintf(buf, len, "%02X_%02X", c->hwv, c->hwrev);
		break;
	default:
		return OTA_E_INVAL;
	}
	return n < 0 || (size_t)n >= len ? OTA_E_RANGE : OTA_OK;
}

/* ---- assurance certificate firmware text -> firmware_version ---- */

/*
 * Version tokens in the text (runs of hex digits and dots holding a decimal
 * digit) become octets.  Hex: one octet per part, its value (decimal, or
 * hex when the part has hex letters).  BCD: one octet per part, two
 * decimal digits (0-99); a 4-part token of single digits may also pack a
 * digit per nibble (1.2.3.4 -> 12 34).  Every combination is tried.
 */
struct octs {
	uint8_t v[16];
	size_t n;
	int ok;
};

#define MAX_TOKENS 8

struct token {
	struct octs hex;
	struct octs bcd[2];  /* alternatives */
	int nbcd;
};

static int
part_value(const char *p, size_t n, int *hexletters, unsigned *dec, unsigned *hex)
{
	size_t i;

	*hexletters = 0;
	*dec = *hex = 0;
	if (n == 0 || n > 4)
		return -1;
	for (i = 0; i < n; i++) {
		int d = p[i] >= '0' && p[i] <= '9' ? p[i] - '0' :
		    p[i] >= 'A' && p[i] <= 'F' ? p[i] - 'A' + 10 :
		    p[i] >= 'a' && p[i] <= 'f' ? p[i] - 'a' + 10 : -1;

		if (d < 0)
			return -1;
		if (d > 9)
			*hexletters = 1;
		*hex = *hex * 16 + (unsigned)d;
		*dec = *dec * 10 + (unsigned)(d > 9 ? 0 : d);
	}
	return 0;
}

static void
add_octet(struct octs *o, unsigned v)
{
	if (v > 0xFF || o->n >= sizeof(o->v))
		o->ok = 0;
	else
		o->v[o->n++] = (uint8_t)v;
}

/* A number 0-99 as one BCD octet (the library's BCD coding); over 0xFF,
 * which add_octet refuses, when it does not fit. */
static unsigned
bcd_octet(unsigned dec)
{
	uint32_t b;

	return ota_version_bcd_encode(dec, &b) == OTA_OK && b <= 0xFF ? (unsigned)b : 0x100u;
}

static void
code_token(const char *t, size_t len, struct token *tk)
{
	const char *parts[8];
	size_t plen[8], np = 0, i, start = 0;
	unsigned dec, hex;
	int letters, single = 1;

	memset(tk, 0, sizeof(*tk));
	tk->hex.ok = tk->bcd[0].ok = tk->bcd[1].ok = 1;
	for (i = 0; i <= len && np < 8; i++) {
		if (i == len || t[i] == '.') {
			parts[np] = t + start;
			plen[np++] = i - start;
			start = i + 1;
		}
	}
	tk->nbcd = 1;
	for (i = 0; i < np; i++) {
		if (part_value(parts[i], plen[i], &letters, &dec, &hex) != 0) {
			tk->hex.ok = tk->bcd[0].ok = 0;
			return;
		}
		if (letters)
			tk->bcd[0].ok = 0;
		else
			add_octet(&tk->bcd[0], bcd_octet(dec));
		add_octet(&tk->hex, letters ? hex : dec);
		if (plen[i] != 1 || letters)
			single = 0;
	}
	if (np == 4 && single) { /* 1.2.3.4 -> 0x12 0x34 */
		add_octet(&tk->bcd[1], bcd_octet((unsigned)((parts[0][0] - '0') * 10 +
		    (parts[1][0] - '0'))));
		add_octet(&tk->bcd[1], bcd_octet((unsigned)((parts[2][0] - '0') * 10 +
		    (parts[3][0] - '0'))));
		tk->nbcd = 2;
	}
}

/* Where (if anywhere) the octets sit inside fw, zeros elsewhere. */
static int
place(const struct octs *o, uint32_t fw, size_t *at)
{
	uint8_t f[4] = { (uint8_t)(fw >> 24), (uint8_t)(fw >> 16), (uint8_t)(fw >> 8), (uint8_t)fw };
	size_t s, i;

	if (!o->ok || o->n == 0 || o->n > 4)
		return 0;
	for (s = 0; s + o->n <= 4; s++) {
		int match = 1;

		for (i = 0; i < 4; i++) {
			uint8_t want = (i >= s && i < s + o->n) ? o->v[i - s] : 0;

			if (f[i] != want)
				match = 0;
		}
		if (match) {
			*at = s;
			return 1;
		}
	}
	return 0;
}

static void
describe(char *buf, size_t len, const char *coding, const struct octs *o, size_t at)
{
	static const char *const slot[] = { "application release", "application build",
		"stack release", "stack build" };
	size_t i, n;
	int w;

	w = snprintf(buf, len, "%s:", coding);
	n = w > 0 ? (size_t)w : 0;
	for (i = 0; i < 4 && n < len; i++) {
		int used = i >= at && i < at + o->n;

		w = snprintf(buf + n, len - n, " %s %02X%s", slot[i], used ? o->v[i - at] : 0,
		    used ? "" : " (absent, 00)");
		n += w > 0 ? (size_t)w : 0;
		if (i < 3 && n < len) {
			w = snprintf(buf + n, len - n, ";");
			n += w > 0 ? (size_t)w : 0;
		}
	}
}

/* "XX XX ..." for 1 to 4 octets, else "" */
static void
octets_text(char buf[12], const struct octs *o)
{
	size_t i;

	buf[0] = '\0';
	for (i = 0; o->ok && o->n <= 4 && i < o->n; i++)
		(void)snprintf(buf + strlen(buf), 12 - strlen(buf), i ? " %02X" : "%02X", o->v[i]);
}

/* Try every BCD combination of the tokens; the first that places wins. */
static int
bcd_search(const struct token *tk, size_t ntk, size_t k, struct octs *acc, uint32_t fw,
    struct octs *found, size_t *at)
{
	struct octs save;
	size_t i;
	int a;

	if (k == ntk) {
		if (place(acc, fw, at)) {
			*found = *acc;
			return 1;
		}
		return 0;
	}
	for (a = 0; a < tk[k].nbcd; a++) {
		if (!tk[k].bcd[a].ok)
			continue;
		save = *acc;
		for (i = 0; i < tk[k].bcd[a].n; i++)
			add_octet(acc, tk[k].bcd[a].v[i]);
		if (acc->ok && bcd_search(tk, ntk, k + 1, acc, fw, found, at))
			return 1;
		*acc = save;
	}
	return 0;
}

int
ota_cpl_firmware_mapping(const char *text, uint32_t fw, char *explain, size_t len)
{
	struct token tk[MAX_TOKENS];
	struct octs bcd = { { 0 }, 0, 1 }, hx = { { 0 }, 0, 1 }, acc = { { 0 }, 0, 1 };
	size_t i = 0, j, k, n, at_b = 0, at_h = 0, ntk = 0;
	char hs[12], bs[12], fwt[12];
	int b, h;

	if (text == NULL || explain == NULL || len == 0)
		return OTA_E_INVAL;
	explain[0] = '\0';
	while (text[i] != '\0') {
		int digit = 0;

		j = i;
		while ((text[j] >= '0' && text[j] <= '9') || (text[j] >= 'A' && text[j] <= 'F') ||
		    (text[j] >= 'a' && text[j] <= 'f') || text[j] == '.') {
			if (text[j] >= '0' && text[j] <= '9')
				digit = 1;
			j++;
		}
		/* a version token: hex digits and dots, not inside a longer word
		 * (a leading v, as in v1.2, is allowed) */
		if (j > i && digit && (i == 0 || text[i - 1] == 'v' || text[i - 1] == 'V' ||
		    !((text[i - 1] >= 'a' && text[i - 1] <= 'z') ||
		    (text[i - 1] >= 'A' && text[i - 1] <= 'Z'))) &&
		    !((text[j] >= 'a' && text[j] <= 'z') || (text[j] >= 'A' && text[j] <= 'Z'))) {
			size_t s = i, e = j;

			while (s < e && text[s] == '.')
				s++;
			while (e > s && text[e - 1] == '.')
				e--;
			if (e > s && ntk < MAX_TOKENS)
				code_token(text + s, e - s, &tk[ntk++]);
		}
		i = j > i ? j : i + 1;
	}
	if (ntk == 0) {
		(void)snprintf(explain, len, "no version numbers in \"%s\"", text);
		return OTA_CPL_CODING_NONE;
	}
	for (k = 0; k < ntk; k++) {
		if (!tk[k].hex.ok)
			hx.ok = 0;
		for (i = 0; i < tk[k].hex.n; i++)
			add_octet(&hx, tk[k].hex.v[i]);
	}
	b = bcd_search(tk, ntk, 0, &acc, fw, &bcd, &at_b);
	h = place(&hx, fw, &at_h);
	if (b && h && at_b == at_h && bcd.n == hx.n && memcmp(bcd.v, hx.v, bcd.n) == 0) {
		describe(explain, len, "BCD and hex (the same octets)", &bcd, at_b);
		return OTA_CPL_CODING_BCD | OTA_CPL_CODING_HEX;
	}
	if (b) {
		describe(explain, len, "BCD", &bcd, at_b);
		return OTA_CPL_CODING_BCD;
	}
	if (h) {
		describe(explain, len, "hex", &hx, at_h);
		return OTA_CPL_CODING_HEX;
	}
	(void)ota_version_u32_format(fw, fwt, sizeof(fwt));
	(void)snprintf(explain, len, "no mapping: neither the BCD nor the hex coding of the "
	    "numbers in \"%s\" gives the file version %s (hex)", text, fwt);
	/* show the near miss: what the numbers do code as */
	memset(&acc, 0, sizeof(acc));
	acc.ok = 1;
	for (k = 0; k < ntk; k++)
		for (i = 0, acc.ok &= tk[k].bcd[0].ok; acc.ok && i < tk[k].bcd[0].n; i++)
			add_octet(&acc, tk[k].bcd[0].v[i]);
	octets_text(hs, &hx);
	octets_text(bs, &acc);
	if (*hs != '\0' || *bs != '\0') {
		n = strlen(explain);
		(void)snprintf(explain + n, len - n, " (the numbers are %s%s%s%s%s)", hs,
		    *hs ? " in hex" : "", *hs && *bs ? ", " : "", bs, *bs ? " in BCD" : "");
	}
	return OTA_CPL_CODING_NONE;
}
