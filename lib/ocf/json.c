/* json.c - pstat and /oc/swu in JSON (jansson): the same property rules
 * as CBOR; messages name the key (jansson gives no value offsets) and the
 * byte offset of a syntax error. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "ocf/ocf_private.h"

#define OCF_JSON_MAX 65536u

static void
to_val(json_t *j, struct ocf_val *v)
{
	json_int_t i;

	memset(v, 0, sizeof(*v));
	if (json_is_integer(j)) {
		i = json_integer_value(j);
		v->t = i >= 0 ? OCF_V_UINT : OCF_V_NEG;
		v->u = i >= 0 ? (uint64_t)i : (uint64_t)(-(i + 1));
	} else if (json_is_string(j)) {
		v->t = OCF_V_TEXT;
		v->s = json_string_value(j);
		v->n = json_string_length(j);
	} else if (json_is_boolean(j)) {
		v->t = OCF_V_BOOL;
		v->u = json_is_true(j) ? 1u : 0u;
	} else if (json_is_object(j)) {
		v->t = OCF_V_MAP;
		v->u = json_object_size(j);
	} else if (json_is_array(j)) {
		v->t = OCF_V_ARRAY;
		v->u = json_array_size(j);
	} else {
		v->t = OCF_V_OTHER;
	}
}

static int
load(const char *text, size_t len, const char *what, struct ocf_err *e, json_t **out)
{
	json_error_t je;

	*out = NULL;
	if (len > OCF_JSON_MAX)
		return ota__ocf_fail(e, OTA_E_LIMIT, "%s: %zu bytes of JSON, at most %u", what, len,
		    OCF_JSON_MAX);
	*out = json_loadb(text, len, JSON_REJECT_DUPLICATES, &je);
	if (*out == NULL && json_error_code(&je) == json_error_out_of_memory)
		return ota__ocf_fail(e, OTA_E_NOMEM, "%s: out of memory", what);
	if (*out == NULL)
		return ota__ocf_fail(e, json_error_code(&je) == json_error_end_of_input_expected ?
		    OTA_E_TRAILING : json_error_code(&je) == json_error_premature_end_of_input ?
		    OTA_E_TRUNCATED : OTA_E_STRUCTURE, "%s: offset %d: %s", what, je.position,
		    je.text);
	if (!json_is_object(*out)) {
		json_decref(*out);
		*out = NULL;
		return ota__ocf_fail(e, OTA_E_OCF_TYPE, "%s: the representation is not an object",
		    what);
	}
	return OTA_OK;
}

int
ota_ocf_pstat_decode_json(const char *text, size_t len, struct ota_ocf_pstat *p, char *msg,
    size_t msglen)
{
	struct ocf_err e = { msg, msglen };
	const char *k, *dk;
	json_t *root, *j, *dj, *rt;
	struct ocf_val v;
	size_t i;
	int x = OTA_OK;

	if (msg != NULL && msglen > 0)
		msg[0] = '\0';
	if ((text == NULL && len > 0) || p == NULL)
		return OTA_E_INVAL;
	memset(p, 0, sizeof(*p));
	if ((x = load(text, len, "pstat", &e, &root)) != OTA_OK)
		return x;
	json_object_foreach(root, k, j) {
		if (strcmp(k, "rt") == 0) {
			p->present |= OTA_OCF_PSTAT_RT;
			if (!json_is_array(j)) {
				x = ota__ocf_fail(&e, OTA_E_OCF_TYPE, "pstat: \"rt\" is not an array");
				break;
			}
			json_array_foreach(j, i, rt) {
				if (!json_is_string(rt))
					x = ota__ocf_fail(&e, OTA_E_OCF_TYPE, "pstat: an \"rt\" entry is not "
					    "a string");
				else if (json_string_length(rt) > OTA_OCF_SWU_STR_MAX)
					x = ota__ocf_fail(&e, OTA_E_LIMIT, "pstat: an \"rt\" entry is longer "
					    "than %u characters", OTA_OCF_SWU_STR_MAX);
				if (x != OTA_OK)
					break;
			}
		} else if (strcmp(k, "dos") == 0) {
			if (!json_is_object(j)) {
				x = ota__ocf_fail(&e, OTA_E_OCF_TYPE, "pstat: \"dos\" is not an object");
				break;
			}
			json_object_foreach(j, dk, dj) {
				to_val(dj, &v);
				x = ota__ocf_dos_prop(p, dk, strlen(dk), &v, "pstat: dos", &e);
				if (x < 0)
					break;
				x = OTA_OK;
			}
		} else {
			to_val(j, &v);
			x = ota__ocf_pstat_prop(p, k, strlen(k), &v, "pstat", &e);
			x = x == 1 ? OTA_OK : x;
		}
		if (x != OTA_OK)
			break;
	}
	json_decref(root);
	return x;
}

int
ota_ocf_swu_decode_json(const char *text, size_t len, struct ota_ocf_swu *s, char *msg,
    size_t msglen)
{
	struct ocf_err e = { msg, msglen };
	struct ocf_val v;
	json_t *root, *j;
	const char *k;
	int x;

	if (msg != NULL && msglen > 0)
		msg[0] = '\0';
	if ((text == NULL && len > 0) || s == NULL)
		return OTA_E_INVAL;
	memset(s, 0, sizeof(*s));
	if ((x = load(text, len, "/oc/swu", &e, &root)) != OTA_OK)
		return x;
	json_object_foreach(root, k, j) {
		to_val(j, &v);
		x = ota__ocf_swu_prop(s, k, strlen(k), &v, "/oc/swu", &e);
		if (x < 0)
			break;
		x = OTA_OK;
	}
	json_decref(root);
	return x;
}

static int
dump(json_t *o, char *buf, size_t *len)
{
	size_t n;
	int r = OTA_OK;

	if (o == NULL)
		return OTA_E_NOMEM;
	n = json_dumpb(o, NULL, 0, JSON_COMPACT);
	if (n == 0) {
		json_decref(o);
		return OTA_E_NOMEM;
	}
	if (buf == NULL || *len < n + 1)
		r = OTA_E_LIMIT;
	else if (json_dumpb(o, buf, n, JSON_COMPACT) != n)
		r = OTA_E_NOMEM;
	else
		buf[n] = '\0';
	json_decref(o);
	*len = n;
	return r;
}

/* json_object_set_new on a NULL value fails: the dump then reports it. */
static void
set(json_t *o, const char *k, json_t *v, int *bad)
{
	if (v == NULL || json_object_set_new(o, k, v) != 0)
		*bad = 1;
}

int
ota_ocf_pstat_encode_json(const struct ota_ocf_pstat *p, char *buf, size_t *len)
{
	json_t *o, *d;
	int bad = 0;

	if (p == NULL || len == NULL)
		return OTA_E_INVAL;
	if (!ota__ocf_utf8_ok(p->rowneruuid, strnlen(p->rowneruuid, sizeof(p->rowneruuid))))
		return OTA_E_RANGE;
	if ((o = json_object()) == NULL)
		return OTA_E_NOMEM;
	if (p->present & OTA_OCF_PSTAT_RT)
		set(o, "rt", json_pack("[s]", "oic.r.pstat"), &bad);
	if (p->present & (OTA_OCF_PSTAT_DOS_S | OTA_OCF_PSTAT_DOS_P)) {
		d = json_object();
		if (d != NULL && (p->present & OTA_OCF_PSTAT_DOS_S))
			set(d, "s", json_integer(p->dos_s), &bad);
		if (d != NULL && (p->present & OTA_OCF_PSTAT_DOS_P))
			set(d, "p", json_boolean(p->dos_p), &bad);
		set(o, "dos", d, &bad);
	}
	if (p->present & OTA_OCF_PSTAT_ISOP)
		set(o, "isop", json_boolean(p->isop), &bad);
	if (p->present & OTA_OCF_PSTAT_CM)
		set(o, "cm", json_integer(p->cm), &bad);
	if (p->present & OTA_OCF_PSTAT_TM)
		set(o, "tm", json_integer(p->tm), &bad);
	if (p->present & OTA_OCF_PSTAT_OM)
		set(o, "om", json_integer(p->om), &bad);
	if (p->present & OTA_OCF_PSTAT_SM)
		set(o, "sm", json_integer(p->sm), &bad);
	if (p->present & OTA_OCF_PSTAT_ROWNERUUID)
		set(o, "rowneruuid", json_string(p->rowneruuid), &bad);
	if (bad) {
		json_decref(o);
		return OTA_E_NOMEM;
	}
	return dump(o, buf, len);
}

int
ota_ocf_swu_encode_json(const struct ota_ocf_swu *s, char *buf, size_t *len)
{
	json_t *o;
	int bad = 0;

	if (s == NULL || len == NULL)
		return OTA_E_INVAL;
	if (!ota__ocf_utf8_ok(s->purl, strnlen(s->purl, sizeof(s->purl))) ||
	    !ota__ocf_utf8_ok(s->nv, strnlen(s->nv, sizeof(s->nv))) ||
	    !ota__ocf_utf8_ok(s->lastupdate, strnlen(s->lastupdate, sizeof(s->lastupdate))) ||
	    !ota__ocf_utf8_ok(s->updatetime, strnlen(s->updatetime, sizeof(s->updatetime))))
		return OTA_E_RANGE;
	if ((o = json_object()) == NULL)
		return OTA_E_NOMEM;
	if (s->present & OTA_OCF_SWU_PURL)
		set(o, "purl", json_string(s->purl), &bad);
	if (s->present & OTA_OCF_SWU_NV)
		set(o, "nv", json_string(s->nv), &bad);
	if (s->present & OTA_OCF_SWU_SIGNED)
		set(o, "signed", json_string("vendor"), &bad);
	if (s->present & OTA_OCF_SWU_ACTION)
		set(o, "swupdateaction", json_string(ota_ocf_action_name(s->action)), &bad);
	if (s->present & OTA_OCF_SWU_STATE)
		set(o, "swupdatestate", json_string(ota_ocf_state_name(s->state)), &bad);
	if (s->present & OTA_OCF_SWU_RESULT)
		set(o, "swupdateresult", json_integer(s->result), &bad);
	if (s->present & OTA_OCF_SWU_LASTUPDATE)
		set(o, "lastupdate", json_string(s->lastupdate), &bad);
	if (s->present & OTA_OCF_SWU_UPDATETIME)
		set(o, "updatetime", json_string(s->updatetime), &bad);
	if (bad) {
		json_decref(o);
		return OTA_E_NOMEM;
	}
	return dump(o, buf, len);
}
