/*
 * walk.c - the sub-element walk.  Elements run from header_length to
 * total_image_size; a Telink image gives its 0xF000 elements 8 header bytes
 * (2 not counted in their length).  Two walkers, the standard one and, from
 * the first 0xF000 element on, the Telink one, advance together, always the
 * one further behind: the input is read once, in order, each read at most a
 * few bytes behind the one before, so a forward-only input walks the same as
 * a file.  The standard walk wins when it ends exactly at total_image_size,
 * else the Telink one when it does; else the payload is raw (or GBCS).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "ota_private.h"

struct walker {
	int telink, on, done;
	uint64_t pos, fail_at;   /* fail_at: where it stopped fitting, 0: ended exactly */
	uint16_t ftag;
	uint32_t flen;
	int saw;                 /* met a 0xF000 element */
	uint8_t raw_kind;
	struct ota_elem *el;
	size_t nel, cap;
};

static int
add_elem(struct ota_image *img, struct walker *w, uint16_t tag, uint32_t len, uint64_t off,
    uint8_t hdr)
{
	struct ota_elem *v;

	if (w->nel == w->cap) {
		size_t ncap = w->cap ? w->cap * 2 : 16;

		if (w->nel >= OTA_MAX_ELEMENTS)
			return ota__image_seterr(img, OTA_E_LIMIT, off,
			    "more than %u sub-elements (at offset %llu)", OTA_MAX_ELEMENTS,
			    (unsigned long long)off);
		if ((v = ota__realloc(&img->env, w->el, ncap * sizeof(*v))) == NULL)
			return OTA_E_NOMEM;
		w->el = v;
		w->cap = ncap;
	}
	v = &w->el[w->nel++];
	memset(v, 0, sizeof(*v));
	v->tag = tag;
	v->len = len;
	v->off = off;
	v->hdr = hdr;
	return OTA_OK;
}

/* The Telink walker starts as a copy of the standard one at its first
 * 0xF000 element. */
static int
fork_telink(const struct ota_image *img, struct walker *t, const struct walker *s)
{
	t->on = 1;
	t->pos = s->pos;
	t->saw = 1;
	if (s->nel > 0) {
		if ((t->el = ota__alloc(&img->env, s->nel * sizeof(*t->el))) == NULL)
			return OTA_E_NOMEM;
		memcpy(t->el, s->el, s->nel * sizeof(*t->el));
		t->nel = t->cap = s->nel;
	}
	return OTA_OK;
}

/* A new element of the standard walker: forward-only pins and stream
 * extraction; once its first element fits, no GBCS layout can follow. */
static int
elem_hooks(struct ota_image *img, const struct walker *w)
{
	const struct ota_elem *e = &w->el[w->nel - 1];
	size_t k, nth = 0;

	if (img->hs != NULL && w->nel == 1 && img->format != OTA_FORMAT_GBCS)
		ota__hs_drop_sha(img->hs);
	if (!img->rd.fwd)
		return OTA_OK;
	if (img->sink.armed)
		for (k = 0; k + 1 < w->nel; k++)
			nth += w->el[k].tag == e->tag;
	return ota__fwd_element(img, e, nth);
}

/* Where the standard walk fails a raw payload may start: a forward-only
 * stream extraction of it starts now, while the bytes are still held. */
static int
raw_start(struct ota_image *img, const struct walker *w)
{
	if (w->telink || !img->rd.fwd)
		return OTA_OK;
	return ota__fwd_raw(img, w->fail_at, img->ota_off + img->h.total_image_size);
}

/* One element: its header and the first bytes of its data in one read. */
static int
step(struct ota_image *img, struct walker *w, struct walker *tel)
{
	uint64_t end = img->ota_off + img->h.total_image_size, pos = w->pos;
	uint8_t b[8 + OTA_SNIFF];
	size_t want, got, n;
	uint16_t tag;
	uint32_t len, where;
	uint8_t hdr;
	int r;

	if (pos >= end) {
		w->done = 1;
		return OTA_OK;
	}
	want = end - pos < sizeof(b) ? (size_t)(end - pos) : sizeof(b);
	if ((r = ota__rd_pread(&img->rd, pos, b, want, &got)) != OTA_OK)
		return ota__image_seterr(img, r, pos, "cannot read at offset %llu%s",
		    (unsigned long long)pos, r == OTA_E_UNSUPPORTED ?
		    ": a forward-only input has passed it" : "");
	tag = (uint16_t)(b[0] | b[1] << 8);
	len = got >= 6 ? (uint32_t)b[2] | (uint32_t)b[3] << 8 | (uint32_t)b[4] << 16 |
	    (uint32_t)b[5] << 24 : 0;
	if (got < want && (img->open_flags & OTA_OPEN_PARTIAL) && !w->telink) {
		/* the input ends: list the element when its header is whole */
		uint64_t size = pos + got;

		if (got >= 6 && (r = add_elem(img, w, tag, len, pos, 6)) != OTA_OK)
			return r;
		if (got == 0 && w->nel > 0 && ota__rd_size(&img->rd, &size) == OTA_OK && size < pos)
			return ota__truncated(img, "data of the sub-element", w->el[w->nel - 1].off);
		return ota__truncated(img, got >= 6 ? "data of the sub-element" :
		    "header of the sub-element", pos);
	}
	if (got < want && w->telink) {
		/* the Telink reading loses; the standard walk reports the input */
		w->fail_at = pos;
		w->done = 1;
		return OTA_OK;
	}
	if (got < want)
		return ota__cut(img, "sub-element", pos + got, (unsigned)(want - got), 0);
	if (want < 6) {
		w->fail_at = pos;
		w->done = 1;
		w->raw_kind = (uint8_t)ota__sniff(b, got, &where);
		return raw_start(img, w);
	}
	if (tag == OTA_TAG_TELINK) {
		if (!w->telink && tel != NULL && !tel->on && (r = fork_telink(img, tel, w)) != OTA_OK)
			return r;
		w->saw = 1;
	}
	hdr = (w->telink && tag == OTA_TAG_TELINK) ? 8 : 6;
	if ((uint64_t)hdr + len > end - pos) {
		w->fail_at = pos;
		w->ftag = tag;
		w->flen = len;
		w->done = 1;
		w->raw_kind = (uint8_t)ota__sniff(b, got < OTA_SNIFF ? got : OTA_SNIFF, &where);
		return raw_start(img, w);
	}
	if (w->telink && w->nel >= OTA_MAX_ELEMENTS) {
		w->fail_at = pos; /* as above: the limit is the standard walk's to report */
		w->done = 1;
		return OTA_OK;
	}
	if ((r = add_elem(img, w, tag, len, pos, hdr)) != OTA_OK)
		return r;
	if (ota__suite_by_tag(tag) != NULL)
		ota__rd_pin(&img->rd, pos + hdr, len); /* forward-only: kept for verify */
	if (got > hdr) {
		struct ota_elem *e = &w->el[w->nel - 1];

		n = got - hdr < len ? got - hdr : len; /* only the element's own bytes */
		e->kind = (uint8_t)ota__sniff(b + hdr, n, &e->kind_off);
	}
	if (!w->telink && (r = elem_hooks(img, w)) != OTA_OK)
		return r;
	w->pos = pos + hdr + (uint64_t)len;
	return OTA_OK;
}

/* The walk's elements become the image's. */
static void
adopt(struct ota_image *img, struct walker *w)
{
	ota__free(&img->env, img->el);
	img->el = w->el;
	img->nel = w->nel;
	img->capel = w->cap;
	w->el = NULL;
}

static int
walk_both(struct ota_image *img, struct walker *w)
{
	struct walker *k;
	int r;

	for (;;) {
		k = NULL;
		if (!w[0].done)
			k = &w[0];
		if (w[1].on && !w[1].done && (k == NULL || w[1].pos < k->pos))
			k = &w[1];
		if (k == NULL)
			return OTA_OK;
		r = step(img, k, k == &w[0] && img->format != OTA_FORMAT_GBCS ? &w[1] : NULL);
		if (r != OTA_OK) {
			adopt(img, k); /* a partial input: the elements up to the cut */
			return r;
		}
	}
}

/* Read as GBCS on request, the bytes after the header also parse as a
 * sub-element stream: say so when that stream carries an integrity code or
 * a signature, which GBCS verification does not check. */
static int
gbcs_over_elements(struct ota_image *img, const struct walker *w, uint64_t start)
{
	size_t i;

	for (i = 0; i < w->nel; i++) {
		uint16_t t = w->el[i].tag;

		if (t == OTA_TAG_INTEGRITY_CODE || t == OTA_TAG_SIGNATURE_SUITE1 ||
		    t == OTA_TAG_SIGNATURE_SUITE2)
			return ota__diag_add(&img->diags, OTA_D_GBCS_OVER_ELEMENTS, start,
			    "read as GBCS (as asked), but the bytes from offset %llu are a complete "
			    "sub-element stream with %s at offset %llu, which GBCS verification does "
			    "not check", (unsigned long long)start, ota_tag_name(t),
			    (unsigned long long)w->el[i].off);
	}
	return OTA_OK;
}

int
ota__walk_elements(struct ota_image *img)
{
	uint64_t fail, start = img->ota_off + img->h.header_length;
	uint64_t end = img->ota_off + img->h.total_image_size;
	struct walker w[2];
	int r, gbcs = 0;

	memset(w, 0, sizeof(w));
	w[0].on = 1;
	w[0].pos = start;
	w[1].telink = 1;
	img->nel = 0;
	r = walk_both(img, w);
	if (r != OTA_OK)
		goto out;
	fail = w[0].fail_at;
	if (img->format == OTA_FORMAT_GBCS && end > start) {
		/* told it is GBCS: the bytes after the header are the image even
		 * where they (or some of them) happen to parse as elements */
		if (fail == 0 && (r = gbcs_over_elements(img, &w[0], start)) != OTA_OK)
			goto out;
		fail = start;
	} else if (fail == 0) {
		adopt(img, &w[0]);
		img->walk = OTA_WALK_STANDARD;
		goto out;
	} else if (w[0].saw && img->format != OTA_FORMAT_GBCS && w[1].on && w[1].fail_at == 0) {
		adopt(img, &w[1]);
		img->walk = OTA_WALK_TELINK_F000;
		r = ota__diag_add(&img->diags, OTA_D_TELINK_LAYOUT, start,
		    "Telink layout: 0xF000 element headers carry 2 extra bytes not counted in "
		    "their length; only this walk ends exactly at total_image_size");
		goto out;
	}
	adopt(img, &w[0]); /* the elements before the failure */
	if (fail == start)
		img->nel = 0;
	img->walk = OTA_WALK_FAILED;
	img->raw = 1;
	img->raw_off = fail;
	img->raw_kind = w[0].raw_kind;
	if (img->format != OTA_FORMAT_ZIGBEE && fail == start) {
		r = ota__gbcs_detect(img);
		if (r != OTA_OK || img->walk == OTA_WALK_GBCS)
			goto out;
	}
	/* name GBCS only when the last bytes look like its signature trailer
	 * (read as Zigbee on request; auto-detection took it as GBCS) */
	if (fail == start && img->format == OTA_FORMAT_ZIGBEE &&
	    (r = ota__gbcs_trailer_like(img, 1, &gbcs)) != OTA_OK)
		goto out;
	if (end - fail < 6)
		r = ota__diag_add(&img->diags, OTA_D_RAW_PAYLOAD, fail,
		    "%llu bytes at offset %llu before total_image_size are too short for a "
		    "sub-element header; raw payload [%llu, %llu)",
		    (unsigned long long)(end - fail), (unsigned long long)fail,
		    (unsigned long long)fail, (unsigned long long)end);
	else
		r = ota__diag_add(&img->diags, OTA_D_RAW_PAYLOAD, fail,
		    "not a sub-element stream from offset %llu: tag 0x%04X length %u overruns "
		    "total_image_size (end %llu); raw payload [%llu, %llu)%s",
		    (unsigned long long)fail, w[0].ftag, w[0].flen, (unsigned long long)end,
		    (unsigned long long)fail, (unsigned long long)end, gbcs ?
		    " (it ends like a GBCS image, in a signature trailer: read it as GBCS)" : "");
out:
	ota__free(&img->env, w[0].el);
	ota__free(&img->env, w[1].el);
	return r;
}
