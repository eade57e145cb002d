/* msg_access.c - the fields of a struct ota_mesh_msg by name: integers, octet
 * strings and list items (libotaimg-mesh-msg(3)). */
#include "config.h"

#include <string.h>

#include "ota_private.h"
#include "msg_int.h"

/* The handle check of msg.c, through what the handle exposes. */
static const struct msg_desc *
desc(const struct ota_mesh_msg *m)
{
	return ota__msg_ok(m) ? ota__msg_desc(m) : NULL;
}

/* Top-level field name of m: its index, or a negative error. */
static int
field(const struct ota_mesh_msg *m, const char *name, const struct msg_field **fp)
{
	const struct msg_desc *d = desc(m);
	int i;

	if (name == NULL || !ota__msg_ok(m))
		return OTA_E_INVAL;
	if (d == NULL)
		return OTA_E_STATE;
	if ((i = ota__msg_field_index(d->f, d->n, name)) < 0)
		return OTA_E_NOT_FOUND;
	*fp = &d->f[i];
	return i;
}

static int
kind_of(const struct msg_field *f)
{
	switch (f->kind) {
	case K_UINT:
	case K_BITS:
		return OTA_MESH_FIELD_UINT;
	case K_LIST:
	case K_ENC:
		return OTA_MESH_FIELD_LIST;
	default:
		return OTA_MESH_FIELD_BYTES;
	}
}

const char *
ota_mesh_msg_field_name(const struct ota_mesh_msg *m, size_t i)
{
	const struct msg_desc *d = desc(m);

	return d != NULL && i < d->n ? d->f[i].name : NULL;
}

int
ota_mesh_msg_field_kind(const struct ota_mesh_msg *m, const char *name)
{
	const struct msg_field *f;
	int i;

	if ((i = field(m, name, &f)) < 0)
		return i;
	return kind_of(f);
}

/* Is field i (of the top level) part of the message as it stands? */
static int
has(struct ota_mesh_msg *m, size_t i)
{
	const struct msg_desc *d = ota__msg_desc(m);
	const struct msg_field *f = &d->f[i];

	if (!ota__msg_is_present(m, f))
		return 0;
	if ((f->flags & F_ALTA) && ota__msg_val(m, i + 1)->set)
		return 0;
	if ((f->flags & F_ALTB) && !ota__msg_val(m, i)->set)
		return 0;
	if (ota__msg_optional(d, i)) {
		/* present when this part or a later one holds a field set */
		size_t j, g = i;

		while (g > 0 && !(d->f[g].flags & F_OPT))
			g--;
		for (j = g; j < d->n; j++)
			if (ota__msg_val(m, j)->set)
				return 1;
		return 0;
	}
	if (f->kind == K_TAIL && (f->flags & F_ZERO))
		return ota__msg_val(m, i)->len > 0;
	return 1;
}

int
ota_mesh_msg_has(const struct ota_mesh_msg *m, const char *name)
{
	const struct msg_field *f;
	int i;

	if ((i = field(m, name, &f)) < 0)
		return 0;
	return has((struct ota_mesh_msg *)(uintptr_t)m, (size_t)i);
}

int
ota_mesh_msg_get_uint(const struct ota_mesh_msg *m, const char *name, uint64_t *v)
{
	const struct msg_field *f;
	int i;

	if (v == NULL)
		return OTA_E_INVAL;
	if ((i = field(m, name, &f)) < 0)
		return i;
	if (kind_of(f) != OTA_MESH_FIELD_UINT)
		return OTA_E_INVAL;
	if (!has((struct ota_mesh_msg *)(uintptr_t)m, (size_t)i))
		return OTA_E_NOT_FOUND;
	*v = ota__msg_val((struct ota_mesh_msg *)(uintptr_t)m, (size_t)i)->u;
	return OTA_OK;
}

int
ota_mesh_msg_set_uint(struct ota_mesh_msg *m, const char *name, uint64_t v)
{
	const struct msg_field *f;
	struct msg_val *mv;
	int i, r;

	if ((i = field(m, name, &f)) < 0)
		return i;
	if (kind_of(f) != OTA_MESH_FIELD_UINT)
		return OTA_E_INVAL;
	if ((r = ota__msg_check_value(m, f, v, 0)) != OTA_OK)
		return r;
	mv = ota__msg_val(m, (size_t)i);
	mv->u = v;
	mv->set = 1;
	if (f->flags & F_ALTA) {
		mv = ota__msg_val(m, (size_t)i + 1);
		mv->set = 0;
		mv->len = 0;
	}
	return OTA_OK;
}

int
ota_mesh_msg_get_bytes(const struct ota_mesh_msg *m, const char *name, const uint8_t **buf,
    size_t *len)
{
	struct ota_mesh_msg *mm = (struct ota_mesh_msg *)(uintptr_t)m;
	const struct msg_field *f;
	const struct msg_val *v;
	int i;

	if (buf == NULL || len == NULL)
		return OTA_E_INVAL;
	if ((i = field(m, name, &f)) < 0)
		return i;
	if (kind_of(f) != OTA_MESH_FIELD_BYTES)
		return OTA_E_INVAL;
	if (!has(mm, (size_t)i))
		return OTA_E_NOT_FOUND;
	v = ota__msg_val(mm, (size_t)i);
	*buf = ota__msg_bytes(m, v);
	*len = v->len;
	return OTA_OK;
}

int
ota_mesh_msg_set_bytes(struct ota_mesh_msg *m, const char *name, const void *buf, size_t len)
{
	const struct msg_field *f;
	struct msg_val *mv;
	int i, r;

	if (buf == NULL && len > 0)
		return OTA_E_INVAL;
	if ((i = field(m, name, &f)) < 0)
		return i;
	if (kind_of(f) != OTA_MESH_FIELD_BYTES)
		return OTA_E_INVAL;
	if (len > OTA_MESH_MSG_MAX)
		return OTA_E_LIMIT;
	if ((r = ota__msg_check_len(m, f, len, 0)) != OTA_OK)
		return r;
	mv = ota__msg_val(m, (size_t)i);
	if ((r = ota__msg_put_bytes(m, mv, buf, len)) != OTA_OK)
		return r;
	if (len == 0 && (f->flags & F_ZERO))
		mv->set = 0;
	if (f->flags & F_ALTB)
		ota__msg_val(m, (size_t)i - 1)->set = 0;
	return OTA_OK;
}

int
ota_mesh_msg_clear(struct ota_mesh_msg *m, const char *name)
{
	const struct msg_desc *d;
	const struct msg_field *f;
	struct msg_val *v;
	size_t j;
	int i;

	if ((i = field(m, name, &f)) < 0)
		return i;
	d = ota__msg_desc(m);
	for (j = (size_t)i; j < d->n; j++) {
		if (j > (size_t)i && !ota__msg_optional(d, (size_t)i))
			break;
		v = ota__msg_val(m, j);
		v->set = 0;
		v->len = 0;
		v->u = 0;
	}
	return OTA_OK;
}

/* The list field and, when rname is not NULL, the index of its record field. */
static int
list_field(const struct ota_mesh_msg *m, const char *list, const char *rname,
    const struct msg_field **lf, const struct msg_field **rf)
{
	const struct msg_field *f;
	int i, j;

	if ((i = field(m, list, &f)) < 0)
		return i;
	if (kind_of(f) != OTA_MESH_FIELD_LIST)
		return OTA_E_INVAL;
	*lf = f;
	if (rname == NULL)
		return 0;
	if (f->kind == K_ENC) {
		if (strcmp(rname, "chunk") != 0)
			return OTA_E_NOT_FOUND;
		*rf = NULL;
		return 0;
	}
	if ((j = ota__msg_field_index(f->rec->f, f->rec->n, rname)) < 0)
		return OTA_E_NOT_FOUND;
	*rf = &f->rec->f[j];
	return j;
}

int
ota_mesh_msg_item_count(const struct ota_mesh_msg *m, const char *list, size_t *n)
{
	const struct msg_field *lf;
	int r;

	if (n == NULL)
		return OTA_E_INVAL;
	if ((r = list_field(m, list, NULL, &lf, NULL)) < 0)
		return r;
	*n = ota__msg_nitems(m);
	return OTA_OK;
}

int
ota_mesh_msg_item_add(struct ota_mesh_msg *m, const char *list, size_t *index)
{
	const struct msg_field *lf;
	size_t n, j;
	int r;

	if ((r = list_field(m, list, NULL, &lf, NULL)) < 0)
		return r;
	if ((r = ota_mesh_msg_item_count(m, list, &n)) != OTA_OK)
		return r;
	if (n >= MSG_MAX_ITEMS)
		return OTA_E_LIMIT;
	for (j = 0; j < MSG_MAX_RECF; j++)
		memset(ota__msg_item(m, n, j), 0, sizeof(struct msg_val));
	ota__msg_set_nitems(m, n + 1);
	if (index != NULL)
		*index = n;
	return OTA_OK;
}

/* Item i's field: its descriptor (NULL: a chunk number) and value. */
static int
item_val(const struct ota_mesh_msg *m, const char *list, size_t i, const char *name, int kind,
    const struct msg_field **rf, struct msg_val **v)
{
	const struct msg_field *lf;
	int j;

	if ((j = list_field(m, list, name, &lf, rf)) < 0)
		return j;
	if (i >= ota__msg_nitems(m))
		return OTA_E_NOT_FOUND;
	if ((*rf == NULL ? OTA_MESH_FIELD_UINT : kind_of(*rf)) != kind)
		return OTA_E_INVAL;
	*v = ota__msg_item((struct ota_mesh_msg *)(uintptr_t)m, i, (size_t)j);
	return OTA_OK;
}

int
ota_mesh_msg_item_get_uint(const struct ota_mesh_msg *m, const char *list, size_t i,
    const char *name, uint64_t *v)
{
	const struct msg_field *rf = NULL;
	struct msg_val *mv;
	int r;

	if (v == NULL)
		return OTA_E_INVAL;
	if ((r = item_val(m, list, i, name, OTA_MESH_FIELD_UINT, &rf, &mv)) != OTA_OK)
		return r;
	*v = mv->u;
	return OTA_OK;
}

int
ota_mesh_msg_item_set_uint(struct ota_mesh_msg *m, const char *list, size_t i, const char *name,
    uint64_t v)
{
	static const struct msg_field chunk = { "chunk", K_UINT, 2, 0, 0, 0, NULL, 0, 0, 0xFFFF,
		NULL };
	const struct msg_field *rf = NULL;
	struct msg_val *mv;
	int r;

	if ((r = item_val(m, list, i, name, OTA_MESH_FIELD_UINT, &rf, &mv)) != OTA_OK)
		return r;
	if ((r = ota__msg_check_value(m, rf != NULL ? rf : &chunk, v, 0)) != OTA_OK)
		return r;
	mv->u = v;
	mv->set = 1;
	return OTA_OK;
}

int
ota_mesh_msg_item_get_bytes(const struct ota_mesh_msg *m, const char *list, size_t i,
    const char *name, const uint8_t **buf, size_t *len)
{
	const struct msg_field *rf = NULL;
	struct msg_val *mv;
	int r;

	if (buf == NULL || len == NULL)
		return OTA_E_INVAL;
	if ((r = item_val(m, list, i, name, OTA_MESH_FIELD_BYTES, &rf, &mv)) != OTA_OK)
		return r;
	*buf = ota__msg_bytes(m, mv);
	*len = mv->len;
	return OTA_OK;
}

int
ota_mesh_msg_item_set_bytes(struct ota_mesh_msg *m, const char *list, size_t i, const char *name,
    const void *buf, size_t len)
{
	const struct msg_field *rf = NULL;
	struct msg_val *mv;
	int r;

	if (buf == NULL && len > 0)
		return OTA_E_INVAL;
	if ((r = item_val(m, list, i, name, OTA_MESH_FIELD_BYTES, &rf, &mv)) != OTA_OK)
		return r;
	if ((r = ota__msg_check_len(m, rf, len, 0)) != OTA_OK)
		return r;
	return ota__msg_put_bytes(m, mv, buf, len);
}
