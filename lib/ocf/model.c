/* model.c - OCF pstat and /oc/swu: names, property rules, RFC 3339 times,
 * and the validation of an /oc/swu update. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "ocf/ocf_private.h"

int
ota__ocf_fail(struct ocf_err *e, int err, const char *fmt, ...)
{
	va_list ap;

	if (e != NULL && e->msg != NULL && e->len > 0) {
		va_start(ap, fmt);
		(void)vsnprintf(e->msg, e->len, fmt, ap);
		va_end(ap);
	}
	return err;
}

const char *
ota__ocf_vt_name(enum ocf_vt t)
{
	static const char *const n[] = { "an unsigned integer", "a negative integer", "a text string",
		"a boolean", "a map", "an array", "another type" };

	return (unsigned)t < sizeof(n) / sizeof(n[0]) ? n[t] : "another type";
}

int
ota__ocf_key_is(const char *key, size_t klen, const char *name)
{
	return strlen(name) == klen && memcmp(key, name, klen) == 0;
}

const char *
ota_ocf_dpm_name(unsigned bit)
{
	switch (bit) {
	case OTA_OCF_DPM_RESET: return "reset";
	case OTA_OCF_DPM_TAKE_OWNER: return "take-owner";
	case OTA_OCF_DPM_BOOTSTRAP: return "bootstrap-service";
	case OTA_OCF_DPM_SEC_MGMT: return "security-management-services";
	case OTA_OCF_DPM_PROV_CRED: return "provision-credentials";
	case OTA_OCF_DPM_PROV_ACL: return "provision-acls";
	case OTA_OCF_DPM_SVV: return "software-version-validation";
	case OTA_OCF_DPM_SSU: return "secure-software-update";
	case OTA_OCF_DPM_NONSPEC_IOTIVITY_NSA: return "nonspec-iotivity-new-software-available";
	default: return NULL;
	}
}

const char *
ota_ocf_dos_name(int s)
{
	static const char *const n[] = { "RESET", "RFOTM", "RFPRO", "RFNOP", "SRESET" };

	return s >= 0 && s <= 4 ? n[s] : "unknown";
}

static const char *const action_names[] = { "idle", "isac", "isvv", "upgrade" };
static const char *const state_names[] = { "idle", "nsa", "svv", "sva", "upgrading" };

const char *
ota_ocf_action_name(enum ota_ocf_swu_action a)
{
	return (unsigned)a < 4 ? action_names[a] : "unknown";
}

const char *
ota_ocf_state_name(enum ota_ocf_swu_state s)
{
	return (unsigned)s < 5 ? state_names[s] : "unknown";
}

const char *
ota_ocf_result_name(int r)
{
	static const char *const n[] = { "idle", "success", "less-ram", "less-flash", "conn-fail",
		"svv-fail", "invalid-url", "unsupported-prot", "upgrade-fail" };

	return r >= 0 && r <= 8 ? n[r] : "unknown";
}

const char *
ota_ocf_reason_name(enum ota_ocf_reason r)
{
	static const char *const n[] = { "none", "available", "no-candidate", "malformed",
		"bad-signature", "unsigned", "wrong-identity", "not-newer", "check-failed", "updated",
		"install-failed", "interrupted", "not-validated" };

	return (unsigned)r < sizeof(n) / sizeof(n[0]) ? n[r] : "unknown";
}

const char *
ota_ocf_kind_name(enum ota_ocf_kind k)
{
	static const char *const n[] = { "none", "zigbee", "mcuboot", "mesh-archive", "other" };

	return (unsigned)k < sizeof(n) / sizeof(n[0]) ? n[k] : "unknown";
}

int
ota__ocf_action_from(const char *s, size_t n, enum ota_ocf_swu_action *a)
{
	unsigned i;

	for (i = 0; i < 4; i++)
		if (ota__ocf_key_is(s, n, action_names[i])) {
			*a = (enum ota_ocf_swu_action)i;
			return OTA_OK;
		}
	return OTA_E_RANGE;
}

int
ota__ocf_state_from(const char *s, size_t n, enum ota_ocf_swu_state *st)
{
	unsigned i;

	for (i = 0; i < 5; i++)
		if (ota__ocf_key_is(s, n, state_names[i])) {
			*st = (enum ota_ocf_swu_state)i;
			return OTA_OK;
		}
	return OTA_E_RANGE;
}

/* ---- RFC 3339 ---- */

static int
digits(const char *s, int n, int *out)
{
	int i, v = 0;

	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 0;
}

/* days from 1970-01-01 to y-m-d (proleptic Gregorian) */
static int64_t
days_from_civil(int64_t y, int m, int d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

int
ota_ocf_time_parse(const char *s, int64_t *t)
{
	static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int y, mo, d, h, mi, se, oh = 0, om = 0, sign = 0, leap;
	size_t i = 19;

	if (s == NULL || t == NULL || strlen(s) < 20)
		return OTA_E_INVAL;
	if (digits(s, 4, &y) || s[4] != '-' || digits(s + 5, 2, &mo) || s[7] != '-' ||
	    digits(s + 8, 2, &d) || (s[10] != 'T' && s[10] != 't') || digits(s + 11, 2, &h) ||
	    s[13] != ':' || digits(s + 14, 2, &mi) || s[16] != ':' || digits(s + 17, 2, &se))
		return OTA_E_INVAL;
	if (s[i] == '.') {
		i++;
		if (s[i] < '0' || s[i] > '9')
			return OTA_E_INVAL;
		while (s[i] >= '0' && s[i] <= '9')
			i++;
	}
	if ((s[i] == 'Z' || s[i] == 'z') && s[i + 1] == '\0') {
		sign = 0;
	} else if ((s[i] == '+' || s[i] == '-') && strlen(s + i) == 6 && s[i + 3] == ':' &&
	    digits(s + i + 1, 2, &oh) == 0 && digits(s + i + 4, 2, &om) == 0) {
		sign = s[i] == '+' ? 1 : -1;
		if (oh > 23 || om > 59)
			return OTA_E_INVAL;
	} else {
		return OTA_E_INVAL;
	}
	leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	if (mo < 1 || mo > 12 || d < 1 || d > mdays[mo - 1] || (mo == 2 && d == 29 && !leap) ||
	    h > 23 || mi > 59 || se > 60)
		return OTA_E_INVAL;
	*t = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + (se == 60 ? 59 : se) -
	    sign * (oh * 3600 + om * 60);
	return OTA_OK;
}

int
ota_ocf_time_format(int64_t t, char *buf, size_t len)
{
	int64_t z, era, doe, yoe, y, doy, mp, d, m, secs;

	secs = t % 86400;
	z = t / 86400;
	if (secs < 0) {
		secs += 86400;
		z--;
	}
	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	y = yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	d = doy - (153 * mp + 2) / 5 + 1;
	m = mp < 10 ? mp + 3 : mp - 9;
	y += m <= 2;
	return snprintf(buf, len, "%04lld-%02lld-%02lldT%02lld:%02lld:%02lldZ", (long long)y,
	    (long long)m, (long long)d, (long long)(secs / 3600), (long long)(secs / 60 % 60),
	    (long long)(secs % 60));
}

/* ---- property rules ---- */

static int
want(const struct ocf_val *v, enum ocf_vt t, const char *where, const char *key,
    struct ocf_err *e)
{
	if (v->t == t)
		return OTA_OK;
	return ota__ocf_fail(e, OTA_E_OCF_TYPE, "%s: \"%s\" is %s, not %s", where, key,
	    ota__ocf_vt_name(v->t), ota__ocf_vt_name(t));
}

static int
uint_prop(const struct ocf_val *v, uint64_t max, const char *where, const char *key,
    struct ocf_err *e, uint64_t *out)
{
	int r = want(v, OCF_V_UINT, where, key, e);

	if (r != OTA_OK)
		return r;
	if (v->u > max)
		return ota__ocf_fail(e, OTA_E_RANGE, "%s: \"%s\" %llu is above %llu", where, key,
		    (unsigned long long)v->u, (unsigned long long)max);
	*out = v->u;
	return OTA_OK;
}

int
ota__ocf_utf8_ok(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, k, len;
	uint32_t c, min;

	while (i < n) {
		c = p[i];
		if (c < 0x80) {
			i++;
			continue;
		}
		if ((c & 0xE0) == 0xC0) {
			len = 2, min = 0x80, c &= 0x1F;
		} else if ((c & 0xF0) == 0xE0) {
			len = 3, min = 0x800, c &= 0x0F;
		} else if ((c & 0xF8) == 0xF0) {
			len = 4, min = 0x10000, c &= 0x07;
		} else {
			return 0;
		}
		if (len > n - i)
			return 0;
		for (k = 1; k < len; k++) {
			if ((p[i + k] & 0xC0) != 0x80)
				return 0;
			c = c << 6 | (p[i + k] & 0x3Fu);
		}
		if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
			return 0;
		i += len;
	}
	return 1;
}

static int
text_prop(const struct ocf_val *v, size_t max, const char *where, const char *key,
    struct ocf_err *e, char *out)
{
	int r = want(v, OCF_V_TEXT, where, key, e);

	if (r != OTA_OK)
		return r;
	if (v->n > max)
		return ota__ocf_fail(e, OTA_E_LIMIT, "%s: \"%s\" is %zu characters, at most %zu",
		    where, key, v->n, max);
	if (memchr(v->s, '\0', v->n) != NULL)
		return ota__ocf_fail(e, OTA_E_RANGE, "%s: \"%s\" holds a NUL character", where, key);
	if (!ota__ocf_utf8_ok(v->s, v->n))
		return ota__ocf_fail(e, OTA_E_RANGE, "%s: \"%s\" is not UTF-8", where, key);
	memcpy(out, v->s, v->n);
	out[v->n] = '\0';
	return OTA_OK;
}

static int
uuid_ok(const char *s)
{
	size_t i;

	if (strlen(s) != OTA_OCF_UUID_LEN)
		return 0;
	for (i = 0; i < OTA_OCF_UUID_LEN; i++) {
		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (s[i] != '-')
				return 0;
		} else if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f') ||
		    (s[i] >= 'A' && s[i] <= 'F'))) {
			return 0;
		}
	}
	return 1;
}

static int
once(unsigned *present, unsigned bit, const char *where, const char *key, struct ocf_err *e)
{
	if (*present & bit)
		return ota__ocf_fail(e, OTA_E_STRUCTURE, "%s: \"%s\" given twice", where, key);
	*present |= bit;
	return OTA_OK;
}

int
ota__ocf_dos_prop(struct ota_ocf_pstat *p, const char *key, size_t klen,
    const struct ocf_val *v, const char *where, struct ocf_err *e)
{
	uint64_t u = 0;
	int r;

	if (ota__ocf_key_is(key, klen, "s")) {
		if ((r = once(&p->present, OTA_OCF_PSTAT_DOS_S, where, "dos.s", e)) != OTA_OK ||
		    (r = uint_prop(v, OTA_OCF_DOS_SRESET, where, "dos.s", e, &u)) != OTA_OK)
			return r;
		p->dos_s = (uint8_t)u;
		return OTA_OK;
	}
	if (ota__ocf_key_is(key, klen, "p")) {
		if ((r = once(&p->present, OTA_OCF_PSTAT_DOS_P, where, "dos.p", e)) != OTA_OK ||
		    (r = want(v, OCF_V_BOOL, where, "dos.p", e)) != OTA_OK)
			return r;
		p->dos_p = (uint8_t)(v->u != 0);
		return OTA_OK;
	}
	return 1;
}

int
ota__ocf_pstat_prop(struct ota_ocf_pstat *p, const char *key, size_t klen,
    const struct ocf_val *v, const char *where, struct ocf_err *e)
{
	static const struct { const char *name; unsigned bit; uint64_t max; } u[] = {
		{ "cm", OTA_OCF_PSTAT_CM, 0x1FF }, { "tm", OTA_OCF_PSTAT_TM, 0x1FF },
		{ "om", OTA_OCF_PSTAT_OM, 0xFF }, { "sm", OTA_OCF_PSTAT_SM, 0xFF },
	};
	uint64_t x = 0;
	size_t i;
	int r;

	for (i = 0; i < sizeof(u) / sizeof(u[0]); i++) {
		if (!ota__ocf_key_is(key, klen, u[i].name))
			continue;
		if ((r = once(&p->present, u[i].bit, where, u[i].name, e)) != OTA_OK ||
		    (r = uint_prop(v, u[i].max, where, u[i].name, e, &x)) != OTA_OK)
			return r;
		if (u[i].bit == OTA_OCF_PSTAT_CM)
			p->cm = (uint16_t)x;
		else if (u[i].bit == OTA_OCF_PSTAT_TM)
			p->tm = (uint16_t)x;
		else if (u[i].bit == OTA_OCF_PSTAT_OM)
			p->om = (uint8_t)x;
		else
			p->sm = (uint8_t)x;
		return OTA_OK;
	}
	if (ota__ocf_key_is(key, klen, "isop")) {
		if ((r = once(&p->present, OTA_OCF_PSTAT_ISOP, where, "isop", e)) != OTA_OK ||
		    (r = want(v, OCF_V_BOOL, where, "isop", e)) != OTA_OK)
			return r;
		p->isop = (uint8_t)(v->u != 0);
		return OTA_OK;
	}
	if (ota__ocf_key_is(key, klen, "rowneruuid")) {
		if ((r = once(&p->present, OTA_OCF_PSTAT_ROWNERUUID, where, "rowneruuid", e)) !=
		    OTA_OK || (r = text_prop(v, OTA_OCF_UUID_LEN, where, "rowneruuid", e,
		    p->rowneruuid)) != OTA_OK)
			return r;
		if (!uuid_ok(p->rowneruuid))
			return ota__ocf_fail(e, OTA_E_RANGE, "%s: \"rowneruuid\" is not a UUID "
			    "(8-4-4-4-12 hex digits)", where);
		return OTA_OK;
	}
	return 1;
}

int
ota__ocf_swu_prop(struct ota_ocf_swu *s, const char *key, size_t klen,
    const struct ocf_val *v, const char *where, struct ocf_err *e)
{
	int64_t t;
	int r;

	if (ota__ocf_key_is(key, klen, "purl")) {
		if ((r = once(&s->present, OTA_OCF_SWU_PURL, where, "purl", e)) != OTA_OK)
			return r;
		return text_prop(v, OTA_OCF_SWU_STR_MAX, where, "purl", e, s->purl);
	}
	if (ota__ocf_key_is(key, klen, "nv")) {
		if ((r = once(&s->present, OTA_OCF_SWU_NV, where, "nv", e)) != OTA_OK)
			return r;
		return text_prop(v, OTA_OCF_SWU_STR_MAX, where, "nv", e, s->nv);
	}
	if (ota__ocf_key_is(key, klen, "signed")) {
		if ((r = once(&s->present, OTA_OCF_SWU_SIGNED, where, "signed", e)) != OTA_OK ||
		    (r = want(v, OCF_V_TEXT, where, "signed", e)) != OTA_OK)
			return r;
		if (!ota__ocf_key_is(v->s, v->n, "vendor"))
			return ota__ocf_fail(e, OTA_E_RANGE, "%s: \"signed\" must be \"vendor\"", where);
		return OTA_OK;
	}
	if (ota__ocf_key_is(key, klen, "swupdateaction")) {
		if ((r = once(&s->present, OTA_OCF_SWU_ACTION, where, "swupdateaction", e)) != OTA_OK ||
		    (r = want(v, OCF_V_TEXT, where, "swupdateaction", e)) != OTA_OK)
			return r;
		if (ota__ocf_action_from(v->s, v->n, &s->action) != OTA_OK)
			return ota__ocf_fail(e, OTA_E_RANGE, "%s: \"swupdateaction\" is not idle, isac, "
			    "isvv or upgrade", where);
		return OTA_OK;
	}
	if (ota__ocf_key_is(key, klen, "swupdatestate")) {
		if ((r = once(&s->present, OTA_OCF_SWU_STATE, where, "swupdatestate", e)) != OTA_OK ||
		    (r = want(v, OCF_V_TEXT, where, "swupdatestate", e)) != OTA_OK)
			return r;
		if (ota__ocf_state_from(v->s, v->n, &s->state) != OTA_OK)
			return ota__ocf_fail(e, OTA_E_RANGE, "%s: \"swupdatestate\" is not idle, nsa, "
			    "svv, sva or upgrading", where);
		return OTA_OK;
	}
	if (ota__ocf_key_is(key, klen, "swupdateresult")) {
		if ((r = once(&s->present, OTA_OCF_SWU_RESULT, where, "swupdateresult", e)) != OTA_OK)
			return r;
		if (v->t == OCF_V_UINT && v->u <= INT32_MAX)
			s->result = (int32_t)v->u;
		else if (v->t == OCF_V_NEG && v->u <= INT32_MAX)
			s->result = -1 - (int32_t)v->u;
		else if (v->t == OCF_V_UINT || v->t == OCF_V_NEG)
			return ota__ocf_fail(e, OTA_E_RANGE, "%s: \"swupdateresult\" is outside 32 bits",
			    where);
		else
			return want(v, OCF_V_UINT, where, "swupdateresult", e);
		return OTA_OK;
	}
	if (ota__ocf_key_is(key, klen, "lastupdate") || ota__ocf_key_is(key, klen, "updatetime")) {
		int last = ota__ocf_key_is(key, klen, "lastupdate");
		char *dst = last ? s->lastupdate : s->updatetime;
		const char *name = last ? "lastupdate" : "updatetime";

		if ((r = once(&s->present, last ? OTA_OCF_SWU_LASTUPDATE : OTA_OCF_SWU_UPDATETIME,
		    where, name, e)) != OTA_OK ||
		    (r = text_prop(v, OTA_OCF_TIME_MAX, where, name, e, dst)) != OTA_OK)
			return r;
		if (!last && (strcmp(dst, "now") == 0 || strcmp(dst, "none") == 0))
			return OTA_OK;
		if (ota_ocf_time_parse(dst, &t) != OTA_OK)
			return ota__ocf_fail(e, OTA_E_RANGE, "%s: \"%s\" is not an RFC 3339 time%s",
			    where, name, last ? "" : ", \"now\" or \"none\"");
		return OTA_OK;
	}
	return 1;
}

/* ---- /oc/swu update rules ---- */

int
ota_ocf_swu_validate_update(const struct ota_ocf_swu *s, int64_t now, char *msg, size_t msglen)
{
	struct ocf_err e = { msg, msglen };
	int64_t t;

	if (msg != NULL && msglen > 0)
		msg[0] = '\0';
	if (s == NULL)
		return OTA_E_INVAL;
	if (s->present & OTA_OCF_SWU_READ_ONLY)
		return ota__ocf_fail(&e, OTA_E_OCF_READ_ONLY, "/oc/swu: %s is read-only",
		    s->present & OTA_OCF_SWU_NV ? "nv" : s->present & OTA_OCF_SWU_SIGNED ? "signed" :
		    s->present & OTA_OCF_SWU_STATE ? "swupdatestate" :
		    s->present & OTA_OCF_SWU_RESULT ? "swupdateresult" : "lastupdate");
	if (!(s->present & OTA_OCF_SWU_PURL) || !(s->present & OTA_OCF_SWU_ACTION) ||
	    !(s->present & OTA_OCF_SWU_UPDATETIME))
		return ota__ocf_fail(&e, OTA_E_INVAL, "/oc/swu: an update needs purl, swupdateaction "
		    "and updatetime (%s missing)", !(s->present & OTA_OCF_SWU_PURL) ? "purl" :
		    !(s->present & OTA_OCF_SWU_ACTION) ? "swupdateaction" : "updatetime");
	if (s->purl[0] == '\0') {
		if (s->action == OTA_OCF_ACTION_IDLE)
			return ota__ocf_fail(&e, OTA_E_RANGE, "/oc/swu: purl is empty");
	} else if ((strncmp(s->purl, "https://", 8) != 0 || s->purl[8] == '\0') &&
	    (strncmp(s->purl, "coaps://", 8) != 0 || s->purl[8] == '\0')) {
		return ota__ocf_fail(&e, OTA_E_RANGE, "/oc/swu: purl is not an https:// or coaps:// "
		    "URI");
	}
	if (strlen(s->purl) > OTA_OCF_SWU_STR_MAX)
		return ota__ocf_fail(&e, OTA_E_LIMIT, "/oc/swu: purl is longer than 64 characters");
	if (strcmp(s->updatetime, "now") == 0 || strcmp(s->updatetime, "none") == 0)
		return OTA_OK;
	if (ota_ocf_time_parse(s->updatetime, &t) != OTA_OK)
		return ota__ocf_fail(&e, OTA_E_RANGE, "/oc/swu: updatetime is not an RFC 3339 time");
	if (t < now)
		return ota__ocf_fail(&e, OTA_E_RANGE, "/oc/swu: updatetime %s is in the past",
		    s->updatetime);
	return OTA_OK;
}
