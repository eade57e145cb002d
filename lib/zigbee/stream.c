/*
 * stream.c - the hashes a verify needs, fed in one pass, and what open
 * does on a forward-only input (a pipe, a socket, a callback reader
 * without seek): the same hashes fed while the header and elements are
 * read, the bytes later checks read pinned, an element extracted as it
 * passes.  Memory is fixed: nothing of the image is spooled.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>
#include <zlib.h>

#include "ota_private.h"

#define NONE UINT64_MAX

int
ota__hs_init(struct ota_hashes *h, uint64_t start)
{
	return ota__hs_init_env(h, start, NULL);
}

/* env (kept, may be NULL): the OpenSSL library context the hashes fetch from. */
int
ota__hs_init_env(struct ota_hashes *h, uint64_t start, const struct ota_env *env)
{
	int r;

	memset(h, 0, sizeof(*h));
	h->start = h->pos = start;
	h->env = env;
	if ((r = ota__mmo_setup_env(&h->mmo, env)) != OTA_OK)
		return r;
	if ((r = ota__mmo_setup_env(&h->tmp, env)) != OTA_OK) {
		ota__mmo_teardown(&h->mmo);
		return r;
	}
	h->mmo_on = 1;
	if ((r = ota_mmo_init(&h->mmo)) != OTA_OK || (r = ota_mmo_init(&h->tmp)) != OTA_OK) {
		ota__hs_free(h);
		return r;
	}
	h->crc = crc32(0L, Z_NULL, 0);
	return OTA_OK;
}

void
ota__hs_free(struct ota_hashes *h)
{
	if (h->mmo_on) {
		ota__mmo_teardown(&h->mmo);
		ota__mmo_teardown(&h->tmp);
		h->mmo_on = 0;
	}
	ota__hs_drop_sha(h);
}

int
ota__hs_mmo_cut(struct ota_hashes *h, uint64_t cut)
{
	size_t i;

	if (cut < h->start || cut < h->pos)
		return OTA_E_INVAL;
	for (i = 0; i < h->ncut; i++)
		if (h->cut[i] == cut)
			return OTA_OK;
	if (h->ncut == OTA_HS_CUTS)
		return OTA_E_LIMIT;
	/* sorted, ascending */
	for (i = h->ncut; i > 0 && h->cut[i - 1] > cut; i--)
		h->cut[i] = h->cut[i - 1];
	h->cut[i] = cut;
	h->ncut++;
	return OTA_OK;
}

void
ota__hs_crc(struct ota_hashes *h, uint64_t end)
{
	h->crc_on = 1;
	h->crc_end = end;
}

int
ota__hs_sha(struct ota_hashes *h, uint64_t start, uint64_t cut0, uint64_t cut1)
{
	EVP_MD_CTX *md;
	EVP_MD *sha;
	size_t i = h->nsha;
	int ok;

	if (i == OTA_HS_SHA || start < h->pos)
		return OTA_E_LIMIT;
	if ((sha = EVP_MD_fetch(h->env != NULL ? h->env->libctx : NULL, "SHA256",
	    ota__propq(h->env))) == NULL)
		return OTA_E_CRYPTO;
	if ((md = EVP_MD_CTX_new()) == NULL) {
		EVP_MD_free(sha);
		return OTA_E_NOMEM;
	}
	ok = EVP_DigestInit_ex2(md, sha, NULL) == 1;
	EVP_MD_free(sha); /* the context holds its own reference */
	if (!ok) {
		EVP_MD_CTX_free(md);
		return OTA_E_CRYPTO;
	}
	h->sha[i] = md;
	h->sha_start[i] = start;
	h->sha_cut[i][0] = cut0 >= start && cut0 < cut1 ? cut0 : NONE;
	h->sha_cut[i][1] = cut1;
	h->sha_done[i][0] = h->sha_done[i][1] = 0;
	h->nsha++;
	return OTA_OK;
}

void
ota__hs_drop_sha(struct ota_hashes *h)
{
	size_t i;

	for (i = 0; i < h->nsha; i++)
		EVP_MD_CTX_free(h->sha[i]);
	h->nsha = 0;
}

/* Finish every cut at pos that is not done yet. */
static int
mmo_cuts_at(struct ota_hashes *h, uint64_t pos)
{
	size_t i;
	int r;

	for (i = 0; i < h->ncut; i++) {
		if (h->done[i] || h->cut[i] != pos)
			continue;
		if ((r = ota__mmo_copy(&h->tmp, &h->mmo)) != OTA_OK ||
		    (r = ota_mmo_final(&h->tmp, h->dig[i])) != OTA_OK)
			return r;
		h->done[i] = 1;
	}
	return OTA_OK;
}

static int
feed_mmo(struct ota_hashes *h, uint64_t off, const uint8_t *p, size_t n)
{
	uint64_t q = off, end = off + n, next;
	size_t i;
	int r;

	if (h->ncut == 0)
		return OTA_OK;
	for (;;) {
		if ((r = mmo_cuts_at(h, q)) != OTA_OK)
			return r;
		next = NONE;
		for (i = 0; i < h->ncut; i++)
			if (!h->done[i] && h->cut[i] > q && h->cut[i] < next)
				next = h->cut[i];
		if (next == NONE || q >= end)
			return OTA_OK;
		next = next < end ? next : end;
		if ((r = ota_mmo_update(&h->mmo, p + (q - off), (size_t)(next - q))) != OTA_OK)
			return r;
		q = next;
	}
}

static int
feed_sha(struct ota_hashes *h, size_t s, uint64_t off, const uint8_t *p, size_t n)
{
	EVP_MD_CTX *md = h->sha[s], *c;
	uint64_t q = off > h->sha_start[s] ? off : h->sha_start[s], end = off + n, stop;
	unsigned len;
	int k;

	for (k = 0; k < 2; k++) {
		if (h->sha_done[s][k] || h->sha_cut[s][k] == NONE)
			continue;
		stop = h->sha_cut[s][k] < end ? h->sha_cut[s][k] : end;
		if (q < stop && EVP_DigestUpdate(md, p + (q - off), (size_t)(stop - q)) != 1)
			return OTA_E_CRYPTO;
		if (q < stop)
			q = stop;
		if (stop != h->sha_cut[s][k])
			return OTA_OK;
		/* at the cut: finish a copy */
		if ((c = EVP_MD_CTX_new()) == NULL)
			return OTA_E_NOMEM;
		len = 32;
		if (EVP_MD_CTX_copy_ex(c, md) != 1 || EVP_DigestFinal_ex(c, h->sha_dig[s][k], &len) != 1) {
			EVP_MD_CTX_free(c);
			return OTA_E_CRYPTO;
		}
		EVP_MD_CTX_free(c);
		h->sha_done[s][k] = 1;
	}
	return OTA_OK;
}

int
ota__hs_feed(struct ota_hashes *h, uint64_t off, const uint8_t *p, size_t n)
{
	uint64_t end;
	size_t s;
	int r;

	if (off + n <= h->pos || h->broken)
		return OTA_OK;
	if (off > h->pos) {
		h->broken = 1; /* a gap: never a wrong result */
		return OTA_OK;
	}
	p += h->pos - off;
	n -= (size_t)(h->pos - off);
	off = h->pos;
	if ((r = feed_mmo(h, off, p, n)) != OTA_OK)
		return r;
	if (h->crc_on && off < h->crc_end) {
		end = off + n < h->crc_end ? off + n : h->crc_end;
		h->crc = crc32(h->crc, p, (uInt)(end - off));
		h->crc_done = end == h->crc_end;
	}
	for (s = 0; s < h->nsha; s++)
		if ((r = feed_sha(h, s, off, p, n)) != OTA_OK)
			return r;
	h->pos = off + n;
	return OTA_OK;
}

int
ota__hs_run(struct ota_hashes *h, struct ota_rd *rd, uint64_t stop, uint64_t *fail_at)
{
	uint8_t *buf;
	size_t want, got;
	uint64_t pos = h->pos;
	int r = OTA_OK;

	*fail_at = 0;
	if ((buf = ota__alloc(h->env, OTA_IOBUF)) == NULL)
		return OTA_E_NOMEM;
	while (pos < stop) {
		want = stop - pos < OTA_IOBUF ? (size_t)(stop - pos) : OTA_IOBUF;
		if ((r = ota__rd_pread(rd, pos, buf, want, &got)) != OTA_OK)
			break;
		if ((r = ota__hs_feed(h, pos, buf, got)) != OTA_OK)
			break;
		pos += got;
		if ((r = ota__prog_add(rd->prog, got)) != OTA_OK)
			break;
		if (got < want) {
			*fail_at = pos;
			r = OTA_E_TRUNCATED;
			break;
		}
	}
	ota__free(h->env, buf);
	if (r == OTA_OK && h->pos == pos)
		r = mmo_cuts_at(h, pos); /* a cut where the range ends */
	return r;
}

const uint8_t *
ota__hs_mmo_at(const struct ota_hashes *h, uint64_t cut)
{
	size_t i;

	for (i = 0; i < h->ncut && !h->broken; i++)
		if (h->cut[i] == cut && h->done[i])
			return h->dig[i];
	return NULL;
}

int
ota__hs_crc_at(const struct ota_hashes *h, uint64_t end, uint32_t *crc)
{
	if (h->broken || !h->crc_on || !h->crc_done || h->crc_end != end)
		return OTA_E_NOT_FOUND;
	*crc = (uint32_t)h->crc;
	return OTA_OK;
}

const uint8_t *
ota__hs_sha_at(const struct ota_hashes *h, uint64_t start, uint64_t end)
{
	size_t s;
	int k;

	for (s = 0; s < h->nsha && !h->broken; s++)
		for (k = 0; k < 2; k++)
			if (h->sha_start[s] == start && h->sha_cut[s][k] == end && h->sha_done[s][k])
				return h->sha_dig[s][k];
	return NULL;
}

/* ---- forward-only open ---- */

static int
sink_write(struct ota_image *img, uint64_t off, const uint8_t *p, size_t n)
{
	uint64_t a = off > img->sink.pos ? off : img->sink.pos;
	uint64_t b = off + n < img->sink.end ? off + n : img->sink.end;

	if (img->sink.state != 1 || img->sink.err != OTA_OK || a >= b || a != img->sink.pos)
		return OTA_OK;
	if (img->sink.fn(img->sink.ctx, p + (a - off), (size_t)(b - a)) != 0) {
		img->sink.err = OTA_E_IO;
		return OTA_OK;
	}
	img->sink.pos = b;
	if (b == img->sink.end)
		img->sink.state = 2;
	return OTA_OK;
}

static int
fwd_tap(void *ctx, uint64_t off, const uint8_t *p, size_t n)
{
	struct ota_image *img = ctx;
	int r = OTA_OK;

	if (img->hs != NULL)
		r = ota__hs_feed(img->hs, off, p, n);
	(void)sink_write(img, off, p, n);
	if (r == OTA_OK && img->hs != NULL) /* the open's pass (ota__fwd_begin) */
		r = ota__prog_add(&img->prog, n);
	return r;
}

/* Replay what was read before the tap was set, from start on. */
static int
replay(struct ota_image *img, uint64_t from, int hashes)
{
	uint8_t b[512];
	uint64_t pos = from;
	size_t want, got;
	int r;

	while (pos < img->rd.pos) {
		want = img->rd.pos - pos < sizeof(b) ? (size_t)(img->rd.pos - pos) : sizeof(b);
		if ((r = ota__rd_pread(&img->rd, pos, b, want, &got)) != OTA_OK)
			return r;
		if (got == 0)
			break;
		if (hashes && (r = ota__hs_feed(img->hs, pos, b, got)) != OTA_OK)
			return r;
		if (!hashes)
			(void)sink_write(img, pos, b, got);
		pos += got;
	}
	return OTA_OK;
}

int
ota__fwd_begin(struct ota_image *img)
{
	static const unsigned cuts[] = { 72, 42, 22, 16 }; /* suite-2, suite-1 r||s; IIC; NodOn */
	uint64_t start = img->ota_off, end = start + img->h.total_image_size;
	uint64_t mi = start + img->h.header_length;
	size_t i;
	int r;

	if (!img->rd.fwd || img->header_only)
		return OTA_OK;
	/* the last bytes of the image: IIC, signature, GBCS trailer; and a CRC trailer */
	ota__rd_pin(&img->rd, end - start > 88 ? end - 88 : start,
	    (size_t)(end - start > 88 ? 88 : end - start) + 4);
	if ((img->hs = ota__alloc(&img->env, sizeof(*img->hs))) == NULL)
		return OTA_E_NOMEM;
	if ((r = ota__hs_init_env(img->hs, start, &img->env)) != OTA_OK) {
		ota__free(&img->env, img->hs);
		img->hs = NULL;
		return r;
	}
	for (i = 0; i < sizeof(cuts) / sizeof(cuts[0]); i++)
		if (end - start >= cuts[i])
			(void)ota__hs_mmo_cut(img->hs, end - cuts[i]);
	ota__hs_crc(img->hs, end);
	if (img->format != OTA_FORMAT_ZIGBEE && end > mi) {
		/* a GBCS image may follow: both covers, with and without a trailer */
		uint64_t t = end - mi >= OTA_GBCS_TRAILER ? end - OTA_GBCS_TRAILER : NONE;

		if ((r = ota__hs_sha(img->hs, mi, t, end)) != OTA_OK ||
		    (r = ota__hs_sha(img->hs, start, t, end)) != OTA_OK)
			return r;
	}
	if ((r = replay(img, start, 1)) != OTA_OK)
		return r;
	/* progress of the open: the input's size, or (a pipe) the image's end */
	ota__prog_start(&img->prog, img->rd.have_size && img->rd.size >= img->rd.pos ?
	    img->rd.size : end);
	if ((r = ota__prog_add(&img->prog, img->rd.pos)) != OTA_OK)
		return r;
	img->rd.tap = fwd_tap;
	img->rd.tapctx = img;
	return OTA_OK;
}

/* Start writing [off, end) to the sink: what passed already, then the tap. */
static int
sink_start(struct ota_image *img, uint64_t off, uint64_t end)
{
	img->sink.state = 1;
	img->sink.start = img->sink.pos = off;
	img->sink.end = end;
	if (off == end) {
		img->sink.state = 2;
		return OTA_OK;
	}
	if (!img->rd.fwd)
		return OTA_OK;
	if (img->rd.tap == NULL) {
		img->rd.tap = fwd_tap;
		img->rd.tapctx = img;
	}
	return replay(img, off, 0);
}

int
ota__fwd_element(struct ota_image *img, const struct ota_elem *e, size_t nth_of_tag)
{
	uint64_t data = e->off + e->hdr;

	if (!img->sink.armed || img->sink.raw || img->sink.state != 0 || e->tag != img->sink.tag ||
	    nth_of_tag != img->sink.nth)
		return OTA_OK;
	/* A 0xF000 element that ends the image only with the Telink layout's
	 * 2 extra header bytes: the standard walk will fail 2 bytes short. */
	if (e->tag == OTA_TAG_TELINK && e->hdr == 6 &&
	    e->off + 8 + e->len == img->ota_off + img->h.total_image_size)
		data += 2;
	return sink_start(img, data, data + e->len);
}

/* The range extracted while reading is the one the final walk gives (a
 * Telink layout is known only at the end of the walk). */
static int
sink_target(const struct ota_image *img, uint64_t *off, uint64_t *len)
{
	size_t i, nth = img->sink.nth;

	if (img->sink.raw) {
		*off = img->raw_off;
		*len = img->ota_off + img->h.total_image_size - img->raw_off;
		return img->raw;
	}
	for (i = 0; i < img->nel; i++)
		if (img->el[i].tag == img->sink.tag && nth-- == 0) {
			*off = img->el[i].off + img->el[i].hdr;
			*len = img->el[i].len;
			return 1;
		}
	return 0;
}

static int
sink_check(struct ota_image *img)
{
	uint64_t off = 0, len = 0;

	if (!sink_target(img, &off, &len) || img->sink.state == 0)
		return OTA_OK; /* the caller sees it is not there */
	if (img->sink.end != off + len || img->sink.pos != off + len)
		return ota__image_seterr(img, OTA_E_UNSUPPORTED, off,
		    "the data written while reading was [%llu, %llu), but the final walk (%s) puts "
		    "the element at [%llu, %llu): extract it from a seekable input",
		    (unsigned long long)img->sink.start, (unsigned long long)img->sink.end, img->walk == OTA_WALK_TELINK_F000 ?
		    "Telink layout" : "standard", (unsigned long long)off,
		    (unsigned long long)(off + len));
	return OTA_OK;
}

int
ota__fwd_raw(struct ota_image *img, uint64_t off, uint64_t end)
{
	if (img->sink.armed && img->sink.raw && img->sink.state == 0)
		return sink_start(img, off, end);
	return OTA_OK;
}

int
ota__fwd_end(struct ota_image *img)
{
	int r;

	if (img->sink.armed && img->truncated)
		return ota__image_seterr(img, OTA_E_TRUNCATED, img->trunc_at,
		    "the input ends at %llu of %llu: nothing is extracted from a truncated image",
		    (unsigned long long)img->trunc_at, (unsigned long long)img->trunc_expect);
	if (img->sink.armed && !img->rd.fwd) {
		/* seekable: copy what the final walk found, now */
		uint64_t off = 0, len = 0;

		img->sink.state = sink_target(img, &off, &len);
		ota__prog_start(&img->prog, len);
		if (img->sink.state == 1 && ((r = ota__copy_range(&img->rd, off, len, img->sink.fn,
		    img->sink.ctx)) != OTA_OK || (r = ota__prog_end(&img->prog)) != OTA_OK))
			return ota__image_seterr(img, r, off, "extracting [%llu, %llu): %s",
			    (unsigned long long)off, (unsigned long long)(off + len), ota_strerror(r));
		img->sink.state = 2;
		return OTA_OK;
	}
	if (img->sink.err != OTA_OK)
		return ota__image_seterr(img, img->sink.err, img->sink.pos,
		    "the write function failed at offset %llu while extracting",
		    (unsigned long long)img->sink.pos);
	if (img->sink.state == 1)
		return ota__image_seterr(img, OTA_E_TRUNCATED, img->sink.pos,
		    "input ends at offset %llu inside the range being extracted (to %llu)",
		    (unsigned long long)img->sink.pos, (unsigned long long)img->sink.end);
	if (img->rd.taperr != OTA_OK)
		return ota__image_seterr(img, img->rd.taperr, img->ota_off,
		    "hashing the image while reading it: %s", ota_strerror(img->rd.taperr));
	if (img->sink.armed && (r = sink_check(img)) != OTA_OK)
		return r;
	if (img->hs != NULL && (r = ota__prog_end(&img->prog)) != OTA_OK)
		return ota__image_seterr(img, r, 0, "cancelled");
	return OTA_OK;
}
