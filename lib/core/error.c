/* error.c - error and diagnostic tables, per-handle messages, version. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ota_private.h"

struct errent {
	int code;
	const char *name;
	const char *text;
};

static const struct errent errtab[] = {
#define X(n, v, t) { v, #n, t },
#include "errors.def"
#undef X
};

struct diagent {
	int code;
	const char *name;
	enum ota_severity sev;
	int err;
};

static const struct diagent diagtab[] = {
#define X(n, s, sev, e) { n, s, sev, e },
#include "diag.def"
#undef X
};

static const struct errent *
err_find(int err)
{
	size_t i;

	for (i = 0; i < sizeof(errtab) / sizeof(errtab[0]); i++)
		if (errtab[i].code == err)
			return &errtab[i];
	return NULL;
}

const char *
ota_strerror(int err)
{
	const struct errent *e = err_find(err);

	return e != NULL ? e->text : "unknown error";
}

const char *
ota_errname(int err)
{
	const struct errent *e = err_find(err);

	return e != NULL ? e->name : "OTA_E_UNKNOWN";
}

static const struct diagent *
diag_find(int code)
{
	size_t i;

	for (i = 0; i < sizeof(diagtab) / sizeof(diagtab[0]); i++)
		if (diagtab[i].code == code)
			return &diagtab[i];
	return NULL;
}

const char *
ota_diag_name(int code)
{
	const struct diagent *d = diag_find(code);

	return d != NULL ? d->name : "unknown";
}

enum ota_severity
ota_diag_severity(int code)
{
	const struct diagent *d = diag_find(code);

	return d != NULL ? d->sev : OTA_SEV_ERROR;
}

int
ota__diag_err(int code)
{
	const struct diagent *d = diag_find(code);

	return d != NULL ? d->err : OTA_E_INVAL;
}

void
ota__vformat(char *dst, size_t len, const char *fmt, va_list ap)
{
	int r;

	if (len == 0)
		return;
	r = vsnprintf(dst, len, fmt, ap);
	if (r < 0)
		dst[0] = '\0';
}

/* Count more occurrences of d's code, the last at offset last, and say so
 * at the end of its message. */
static void
diag_repeat(struct ota_diagrec *d, uint64_t more, uint64_t last)
{
	char note[96];
	size_t cut, nlen;

	d->count = d->count + more < d->count ? UINT64_MAX : d->count + more;
	d->last = last;
	(void)snprintf(note, sizeof(note), " (and %llu more, the last at offset %llu)",
	    (unsigned long long)(d->count - 1), (unsigned long long)last);
	nlen = strlen(note);
	cut = d->baselen + nlen < sizeof(d->msg) ? d->baselen : sizeof(d->msg) - 1 - nlen;
	memcpy(d->msg + cut, note, nlen + 1);
}

static struct ota_diagrec *
rec_find(struct ota_diaglist *l, int code)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (l->v[i].code == code)
			return &l->v[i];
	return NULL;
}

static struct ota_diagrec *
diag_new(struct ota_diaglist *l, int *err)
{
	struct ota_diagrec *v;

	if (l->n == l->cap) {
		size_t ncap = l->cap ? l->cap * 2 : 8;

		/* one record per code: unreachable, kept as a bound */
		if (ncap > 4096) {
			*err = OTA_E_LIMIT;
			return NULL;
		}
		v = ota__realloc(l->env, l->v, ncap * sizeof(*v));
		if (v == NULL) {
			*err = OTA_E_NOMEM;
			return NULL;
		}
		l->v = v;
		l->cap = ncap;
	}
	return &l->v[l->n++];
}

int
ota__diag_add(struct ota_diaglist *l, int code, uint64_t offset, const char *fmt, ...)
{
	struct ota_diagrec *v;
	va_list ap;
	int r = OTA_OK;

	if ((v = rec_find(l, code)) != NULL) {
		diag_repeat(v, 1, offset);
		return OTA_OK;
	}
	if ((v = diag_new(l, &r)) == NULL)
		return r;
	v->code = code;
	v->offset = v->last = offset;
	v->count = 1;
	va_start(ap, fmt);
	ota__vformat(v->msg, sizeof(v->msg), fmt, ap);
	va_end(ap);
	v->baselen = strlen(v->msg);
	return OTA_OK;
}

int
ota__diag_copy(struct ota_diaglist *l, const struct ota_diagrec *d)
{
	struct ota_diagrec *v;
	int r = OTA_OK;

	if ((v = rec_find(l, d->code)) != NULL) {
		diag_repeat(v, d->count, d->last);
		return OTA_OK;
	}
	if ((v = diag_new(l, &r)) == NULL)
		return r;
	*v = *d;
	return OTA_OK;
}

const struct ota_diagrec *
ota__diag_at(const struct ota_diaglist *l, size_t i)
{
	return i < l->n ? &l->v[i] : NULL;
}

/* Withdraw a diagnostic that a later, closer look explains (a trailing
 * CRC-32 that verify confirms is no longer unknown trailing data). */
void
ota__diag_remove(struct ota_diaglist *l, int code)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (l->v[i].code == code) {
			memmove(&l->v[i], &l->v[i + 1], (l->n - i - 1) * sizeof(l->v[0]));
			l->n--;
			return;
		}
}

void
ota__diag_clear(struct ota_diaglist *l)
{
	ota__free(l->env, l->v);
	l->v = NULL;
	l->n = l->cap = 0;
}

int
ota__image_seterr(struct ota_image *img, int err, uint64_t off, const char *fmt, ...)
{
	va_list ap;

	if (err == OTA_E_CANCELLED && img->prog.cancelled) {
		/* whatever the step was, the message says where the job stopped */
		img->erroff = img->prog.done;
		ota__prog_msg(&img->prog, img->errmsg, sizeof(img->errmsg));
		return err;
	}
	img->erroff = off;
	va_start(ap, fmt);
	ota__vformat(img->errmsg, sizeof(img->errmsg), fmt, ap);
	va_end(ap);
	ota__log(&img->env, "%s", img->errmsg);
	return err;
}

const char *
ota_version(void)
{
	return PACKAGE_VERSION;
}

unsigned
ota_version_number(void)
{
	return OTA_VERSION_NUMBER;
}
