/* image.c - MCUboot images: the handle, the three openers (one pass that
 * parses the header and TLV areas and hashes header, body and protected
 * area), the getters and the trailer (slot padding) check. */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <openssl/evp.h>

#include "mcuboot/mcuboot_private.h"

const uint8_t ota__mcu_boot_magic[16] = {
	0x77, 0xc2, 0x95, 0xf3, 0x60, 0xd2, 0xef, 0x7f,
	0x35, 0x52, 0x50, 0x0f, 0x2c, 0xb6, 0x79, 0x80
};
const uint8_t ota__mcu_boot_magic_alt[14] = {
	0x2d, 0xe1, 0x5d, 0x29, 0x41, 0x0b, 0x8d, 0x77, 0x67, 0x9c, 0x11, 0x0f, 0x1f, 0x8a
};

int
ota__mcu_seterr(struct ota_mcuboot *m, int err, uint64_t off, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ota__vformat(m->errmsg, sizeof(m->errmsg), fmt, ap);
	va_end(ap);
	m->erroff = off;
	return err;
}

int
ota__mcu_hidx(unsigned bits)
{
	return bits == 256 ? 0 : bits == 384 ? 1 : bits == 512 ? 2 : -1;
}

const char *
ota__mcu_mdname(unsigned bits)
{
	return bits == 384 ? "SHA384" : bits == 512 ? "SHA512" : "SHA256";
}

static const unsigned hbits[MCU_NHASH] = { 256, 384, 512 };

struct ota_mcuboot *
ota_mcuboot_new_ctx(const struct ota_ctx *ctx)
{
	struct ota_env env;
	struct ota_mcuboot *m;

	ota__env_from(&env, ctx);
	if ((m = ota__zalloc(&env, sizeof(*m))) == NULL)
		return NULL;
	m->magic = OTA_MCUBOOT_HANDLE_MAGIC;
	m->env = env;
	m->diags.env = &m->env;
	m->hash_idx = m->keyhash_idx = m->pubkey_idx = m->sig_idx = -1;
	return m;
}

struct ota_mcuboot *
ota_mcuboot_new(void)
{
	return ota_mcuboot_new_ctx(NULL);
}

void
ota_mcuboot_free(struct ota_mcuboot **mp)
{
	struct ota_mcuboot *m;

	if (mp == NULL || (m = *mp) == NULL || !ota__mcu_ok(m))
		return;
	ota__free(&m->env, m->prot);
	ota__free(&m->env, m->unprot);
	ota__free(&m->env, m->tlv);
	ota__diag_clear(&m->diags);
	m->magic = 0;
	ota__free(&m->env, m);
	*mp = NULL;
}

const char *
ota_mcuboot_errmsg(const struct ota_mcuboot *m)
{
	return ota__mcu_ok(m) ? m->errmsg : "invalid MCUboot handle";
}

uint64_t
ota_mcuboot_erroffset(const struct ota_mcuboot *m)
{
	return ota__mcu_ok(m) ? m->erroff : 0;
}

int
ota_mcuboot_set_progress(struct ota_mcuboot *m, ota_progress_fn fn, void *arg)
{
	if (!ota__mcu_ok(m))
		return OTA_E_INVAL;
	m->prog.fn = fn;
	m->prog.arg = arg;
	return OTA_OK;
}

int
ota_mcuboot_sniff(const void *buf, size_t len)
{
	const uint8_t *p = buf;
	uint32_t v;

	if (p == NULL || len < 4)
		return 0;
	v = (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
	return v == OTA_MCUBOOT_MAGIC || v == OTA_MCUBOOT_MAGIC_V1;
}

/* ---- the input: struct ota__src (lib/core/src.c) ---- */
/* Read exactly len bytes at the current position, else say what ends. */
static int
need(struct ota_mcuboot *m, struct ota__src *s, void *buf, size_t len, const char *what)
{
	uint64_t at = s->pos;
	size_t got;

	if (ota__src_read(s, buf, len, &got) != OTA_OK)
		return ota__mcu_seterr(m, OTA_E_IO, at, "reading %s at offset %llu failed", what,
		    (unsigned long long)at);
	if (got < len)
		return ota__mcu_seterr(m, OTA_E_TRUNCATED, at + got, "the input ends at offset %llu, "
		    "inside %s (%zu bytes at offset %llu)", (unsigned long long)(at + got), what, len,
		    (unsigned long long)at);
	return OTA_OK;
}

/* ---- hashing ---- */
struct hs {
	EVP_MD_CTX *c[MCU_NHASH];
};

static void
hs_free(struct hs *h)
{
	size_t i;

	for (i = 0; i < MCU_NHASH; i++)
		EVP_MD_CTX_free(h->c[i]);
}

static int
hs_init(struct ota_mcuboot *m, struct hs *h, unsigned bits)
{
	struct ota_errq q;
	EVP_MD *md;
	size_t i;
	int r = OTA_OK;

	memset(h, 0, sizeof(*h));
	ota__ssl_mark(&q);
	for (i = 0; i < MCU_NHASH && r == OTA_OK; i++) {
		if (bits != 0 && hbits[i] != bits)
			continue;
		md = EVP_MD_fetch(m->env.libctx, ota__mcu_mdname(hbits[i]), ota__propq(&m->env));
		if (md == NULL || (h->c[i] = EVP_MD_CTX_new()) == NULL ||
		    EVP_DigestInit_ex2(h->c[i], md, NULL) != 1)
			r = OTA_E_CRYPTO;
		EVP_MD_free(md);
	}
	ota__ssl_done(&q, r, m->errmsg, sizeof(m->errmsg), "cannot start SHA-%u", bits);
	return r;
}

static int
hs_feed(struct hs *h, const void *p, size_t n)
{
	size_t i;

	for (i = 0; i < MCU_NHASH; i++)
		if (h->c[i] != NULL && EVP_DigestUpdate(h->c[i], p, n) != 1)
			return OTA_E_CRYPTO;
	return OTA_OK;
}

static int
hs_final(struct ota_mcuboot *m, struct hs *h)
{
	unsigned len;
	size_t i;

	for (i = 0; i < MCU_NHASH; i++) {
		if (h->c[i] == NULL)
			continue;
		if (EVP_DigestFinal_ex(h->c[i], m->digest[i], &len) != 1)
			return OTA_E_CRYPTO;
		m->have_digest[i] = 1;
	}
	return OTA_OK;
}

int
ota__mcu_digest(const struct ota_env *env, unsigned bits, const void *p, size_t n, uint8_t *out)
{
	EVP_MD *md = EVP_MD_fetch(env != NULL ? env->libctx : NULL, ota__mcu_mdname(bits),
	    ota__propq(env));
	unsigned len;
	int r = md != NULL && EVP_Digest(p, n, out, &len, md, NULL) == 1 ? OTA_OK : OTA_E_CRYPTO;

	EVP_MD_free(md);
	return r;
}

/* ---- the TLV areas ---- */
static uint16_t
le16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t
le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* Read one area at the current position (its info header first). */
static int
read_area(struct ota_mcuboot *m, struct ota__src *s, int prot, uint8_t **out, size_t *outlen)
{
	const char *name = prot ? "protected TLV area" : "TLV area";
	uint16_t want = prot ? OTA_MCUBOOT_TLV_PROT_INFO_MAGIC : OTA_MCUBOOT_TLV_INFO_MAGIC;
	uint64_t at = s->pos;
	uint8_t info[4];
	uint16_t mg, tot;
	int r;

	if ((r = need(m, s, info, 4, prot ? "the protected TLV area's info header" :
	    "the TLV area's info header")) != OTA_OK)
		return r;
	mg = le16(info);
	tot = le16(info + 2);
	if (mg != want)
		return ota__mcu_seterr(m, OTA_E_BAD_MAGIC, at, "%s at offset %llu: info magic 0x%04x, "
		    "not 0x%04x%s", name, (unsigned long long)at, mg, want, prot ?
		    " (ih_protect_tlv_size, offset 10, announces a protected area)" :
		    mg == OTA_MCUBOOT_TLV_PROT_INFO_MAGIC ? " (a protected area that ih_protect_tlv_size "
		    "(offset 10) does not announce)" : "");
	if (prot && tot != m->prot_size)
		return ota__mcu_seterr(m, OTA_E_STRUCTURE, at + 2, "ih_protect_tlv_size (offset 10) is "
		    "%u but the protected TLV area's total (offset %llu) is %u", m->prot_size,
		    (unsigned long long)(at + 2), tot);
	if (tot < 4)
		return ota__mcu_seterr(m, OTA_E_STRUCTURE, at + 2, "%s total (offset %llu) is %u, less "
		    "than its 4-byte info header", name, (unsigned long long)(at + 2), tot);
	if (s->seekable && at + tot > s->size)
		return ota__mcu_seterr(m, OTA_E_TRUNCATED, s->size, "%s total (offset %llu) is %u: the "
		    "area would end at %llu, past the end of the input (%llu bytes)", name,
		    (unsigned long long)(at + 2), tot, (unsigned long long)(at + tot),
		    (unsigned long long)s->size);
	if ((*out = ota__alloc(&m->env, tot)) == NULL)
		return ota__mcu_seterr(m, OTA_E_NOMEM, at, "out of memory");
	memcpy(*out, info, 4);
	*outlen = tot;
	return need(m, s, *out + 4, (size_t)tot - 4, name);
}

static int
tlv_is_hash(uint16_t t)
{
	return t == OTA_MCUBOOT_TLV_SHA256 || t == OTA_MCUBOOT_TLV_SHA384 ||
	    t == OTA_MCUBOOT_TLV_SHA512;
}

static int
tlv_is_sig(uint16_t t)
{
	return t == OTA_MCUBOOT_TLV_RSA2048_PSS || t == OTA_MCUBOOT_TLV_ECDSA_SIG ||
	    t == OTA_MCUBOOT_TLV_RSA3072_PSS || t == OTA_MCUBOOT_TLV_ED25519 || t == 0x21u;
}

/* Walk an area into the TLV list. */
static int
walk_area(struct ota_mcuboot *m, const uint8_t *a, size_t len, uint64_t base, int prot)
{
	struct mcu_tlv *t;
	size_t p = 4, cap = m->ntlv + len / 4 + 1;
	uint16_t type, tl;
	int *slot;

	if ((t = ota__realloc(&m->env, m->tlv, cap * sizeof(*t))) == NULL)
		return ota__mcu_seterr(m, OTA_E_NOMEM, base, "out of memory");
	m->tlv = t;
	while (p < len) {
		if (len - p < 4)
			return ota__mcu_seterr(m, OTA_E_STRUCTURE, base + p, "TLV at offset %llu: %zu "
			    "bytes left in the %s, less than a 4-byte TLV header",
			    (unsigned long long)(base + p), len - p, prot ? "protected area" : "TLV area");
		type = le16(a + p);
		tl = le16(a + p + 2);
		if ((size_t)tl > len - p - 4)
			return ota__mcu_seterr(m, OTA_E_STRUCTURE, base + p + 2, "TLV 0x%02x at offset "
			    "%llu: length %u runs past the %s's end at offset %llu", type,
			    (unsigned long long)(base + p), tl, prot ? "protected area" : "TLV area",
			    (unsigned long long)(base + len));
		if (prot && (tlv_is_hash(type) || tlv_is_sig(type) ||
		    type == OTA_MCUBOOT_TLV_KEYHASH || type == OTA_MCUBOOT_TLV_PUBKEY))
			return ota__mcu_seterr(m, OTA_E_STRUCTURE, base + p, "TLV 0x%02x (%s) at offset "
			    "%llu: not allowed in the protected area", type, ota_mcuboot_tlv_name(type),
			    (unsigned long long)(base + p));
		slot = tlv_is_hash(type) ? &m->hash_idx : tlv_is_sig(type) ? &m->sig_idx :
		    type == OTA_MCUBOOT_TLV_KEYHASH ? &m->keyhash_idx :
		    type == OTA_MCUBOOT_TLV_PUBKEY ? &m->pubkey_idx : NULL;
		if (slot != NULL && *slot >= 0)
			return ota__mcu_seterr(m, OTA_E_STRUCTURE, base + p, "TLV 0x%02x (%s) at offset "
			    "%llu: a second %s TLV (the first is at offset %llu)", type,
			    ota_mcuboot_tlv_name(type), (unsigned long long)(base + p),
			    tlv_is_hash(type) ? "hash" : tlv_is_sig(type) ? "signature" :
			    ota_mcuboot_tlv_name(type), (unsigned long long)m->tlv[*slot].off);
		if (tlv_is_hash(type)) {
			unsigned bits = type == OTA_MCUBOOT_TLV_SHA256 ? 256u :
			    type == OTA_MCUBOOT_TLV_SHA384 ? 384u : 512u;

			if (tl != bits / 8)
				return ota__mcu_seterr(m, OTA_E_STRUCTURE, base + p + 2, "hash TLV 0x%02x "
				    "at offset %llu: length %u, not %u", type,
				    (unsigned long long)(base + p), tl, bits / 8);
			m->hash_bits = bits;
		}
		if (type == OTA_MCUBOOT_TLV_SIG_PURE)
			m->pure = 1;
		if (slot != NULL)
			*slot = (int)m->ntlv;
		t = &m->tlv[m->ntlv++];
		t->type = type;
		t->len = tl;
		t->prot = prot;
		t->off = base + p;
		t->voff = p + 4;
		p += 4 + (size_t)tl;
	}
	return OTA_OK;
}

/* ---- the trailer after the TLV area ---- */
struct tail {
	uint8_t last[16];
	uint64_t n;
	uint64_t nonff;   /* bytes not 0xff before the last 16 */
};

static void
tail_feed(struct tail *t, const uint8_t *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (t->n >= 16 && t->last[t->n % 16] != 0xff)
			t->nonff++;
		t->last[t->n % 16] = p[i];
		t->n++;
	}
}

static int
tail_end(struct ota_mcuboot *m, const struct tail *t)
{
	uint8_t last[16];
	size_t i, k = t->n < 16 ? (size_t)t->n : 16;
	int allff = t->nonff == 0;

	m->trail_len = t->n;
	if (t->n == 0)
		return OTA_OK;
	for (i = 0; i < k; i++)
		last[i] = t->last[(t->n - k + i) % 16];
	m->trail_magic = k == 16 && (memcmp(last, ota__mcu_boot_magic, 16) == 0 ||
	    memcmp(last + 2, ota__mcu_boot_magic_alt, sizeof(ota__mcu_boot_magic_alt)) == 0);
	for (i = 0; i < k; i++)
		allff = allff && last[i] == 0xff;
	if (m->trail_magic)
		return ota__diag_add(&m->diags, OTA_D_MCUBOOT_SLOT_PADDING, m->signed_size,
		    "%llu bytes of slot padding after the TLV area, ending in the boot magic "
		    "(imgtool --pad)", (unsigned long long)t->n);
	if (allff)
		return ota__diag_add(&m->diags, OTA_D_MCUBOOT_SLOT_PADDING, m->signed_size,
		    "%llu bytes of 0xff after the TLV area (erased flash, no boot magic)",
		    (unsigned long long)t->n);
	return ota__diag_add(&m->diags, OTA_D_MCUBOOT_TRAILING_DATA, m->signed_size,
	    "%llu bytes after the TLV area are neither erased flash (0xff) nor a boot trailer",
	    (unsigned long long)t->n);
}

/* ---- the one pass ---- */
static int
check_header(struct ota_mcuboot *m, const uint8_t *h, const struct ota__src *s)
{
	uint64_t body_end;

	m->hmagic = le32(h);
	if (m->hmagic != OTA_MCUBOOT_MAGIC && m->hmagic != OTA_MCUBOOT_MAGIC_V1)
		return ota__mcu_seterr(m, OTA_E_BAD_MAGIC, 0, "ih_magic (offset 0) is 0x%08x, not "
		    "0x%08x: not an MCUboot image", m->hmagic, OTA_MCUBOOT_MAGIC);
	m->load = le32(h + 4);
	m->hdr_size = le16(h + 8);
	m->prot_size = le16(h + 10);
	m->img_size = le32(h + 12);
	m->flags = le32(h + 16);
	ota_fw_version_decode(h + 20, &m->ver);
	if (m->hdr_size < OTA_MCUBOOT_HEADER_LEN)
		return ota__mcu_seterr(m, OTA_E_HEADER_LENGTH, 8, "ih_hdr_size (offset 8) is %u, less "
		    "than the 32-byte header", m->hdr_size);
	if (m->prot_size != 0 && m->prot_size < 4)
		return ota__mcu_seterr(m, OTA_E_STRUCTURE, 10, "ih_protect_tlv_size (offset 10) is %u, "
		    "less than the 4-byte info header of a protected area", m->prot_size);
	body_end = (uint64_t)m->hdr_size + m->img_size;
	if (s->seekable && body_end + m->prot_size + 4 > s->size)
		return ota__mcu_seterr(m, OTA_E_TRUNCATED, 12, "ih_hdr_size %u (offset 8) + ih_img_size "
		    "%u (offset 12)%s: the TLV area would start at %llu, and the input ends at %llu",
		    m->hdr_size, (unsigned)m->img_size, m->prot_size ? " + ih_protect_tlv_size" : "",
		    (unsigned long long)(body_end + m->prot_size), (unsigned long long)s->size);
	if (m->hmagic == OTA_MCUBOOT_MAGIC_V1)
		return ota__diag_add(&m->diags, OTA_D_MCUBOOT_V1_MAGIC, 0, "ih_magic 0x%08x: the "
		    "version 1 image format", m->hmagic);
	return OTA_OK;
}

static int
read_areas(struct ota_mcuboot *m, struct ota__src *s)
{
	uint64_t at = s->pos;
	int r;

	if (m->prot_size != 0) {
		if ((r = read_area(m, s, 1, &m->prot, &m->prot_len)) != OTA_OK ||
		    (r = walk_area(m, m->prot, m->prot_len, at, 1)) != OTA_OK)
			return r;
		at += m->prot_len;
	}
	if ((r = read_area(m, s, 0, &m->unprot, &m->unprot_len)) != OTA_OK ||
	    (r = walk_area(m, m->unprot, m->unprot_len, at, 0)) != OTA_OK)
		return r;
	m->signed_size = at + m->unprot_len;
	return OTA_OK;
}

/* Hash n bytes from the current position through buf. */
static int
hash_run(struct ota_mcuboot *m, struct ota__src *s, struct hs *h, uint64_t n, uint8_t *buf,
    const char *what)
{
	size_t want, got;
	int r;

	while (n > 0) {
		want = n > OTA_IOBUF ? OTA_IOBUF : (size_t)n;
		if ((r = need(m, s, buf, want, what)) != OTA_OK)
			return r;
		got = want;
		if (hs_feed(h, buf, got) != OTA_OK)
			return ota__mcu_seterr(m, OTA_E_CRYPTO, s->pos, "hashing failed");
		if (ota__prog_add(&m->prog, got) != OTA_OK) {
			ota__prog_msg(&m->prog, m->errmsg, sizeof(m->errmsg));
			m->erroff = s->pos;
			return OTA_E_CANCELLED;
		}
		n -= got;
	}
	return OTA_OK;
}

static int
pass(struct ota_mcuboot *m, struct ota__src *s, uint8_t *buf)
{
	struct hs h;
	struct tail t;
	uint8_t hdr[OTA_MCUBOOT_HEADER_LEN] = { 0 };
	uint64_t body_end;
	size_t got;
	int r;

	memset(&h, 0, sizeof(h));
	memset(&t, 0, sizeof(t));
	if (s->seekable && s->size < 4)
		return ota__mcu_seterr(m, OTA_E_TRUNCATED, s->size, "the input is %llu bytes, shorter "
		    "than ih_magic", (unsigned long long)s->size);
	if ((r = need(m, s, hdr, sizeof(hdr), "the 32-byte MCUboot header")) != OTA_OK) {
		if (r == OTA_E_TRUNCATED && m->erroff >= 4 && !ota_mcuboot_sniff(hdr, 4))
			r = ota__mcu_seterr(m, OTA_E_BAD_MAGIC, 0, "ih_magic (offset 0) is 0x%08x: not "
			    "an MCUboot image", le32(hdr));
		return r;
	}
	if ((r = check_header(m, hdr, s)) != OTA_OK)
		return r;
	body_end = (uint64_t)m->hdr_size + m->img_size;
	if (s->seekable) { /* the areas first: then only their hash is run */
		if ((r = ota__src_seek(s, body_end)) != OTA_OK ||
		    (r = read_areas(m, s)) != OTA_OK)
			return r == OTA_E_IO ? ota__mcu_seterr(m, r, body_end, "cannot seek") : r;
		if ((r = ota__src_seek(s, OTA_MCUBOOT_HEADER_LEN)) != OTA_OK)
			return ota__mcu_seterr(m, r, 0, "cannot seek");
	}
	ota__prog_start(&m->prog, body_end);
	if ((r = hs_init(m, &h, s->seekable ? m->hash_bits : 0)) != OTA_OK)
		goto out;
	if (hs_feed(&h, hdr, sizeof(hdr)) != OTA_OK) {
		r = ota__mcu_seterr(m, OTA_E_CRYPTO, 0, "hashing failed");
		goto out;
	}
	if ((r = ota__prog_add(&m->prog, sizeof(hdr))) != OTA_OK ||
	    (r = hash_run(m, s, &h, body_end - OTA_MCUBOOT_HEADER_LEN, buf,
	    "the header padding and body")) != OTA_OK)
		goto out;
	if (!s->seekable && (r = read_areas(m, s)) != OTA_OK)
		goto out;
	if (m->prot_len > 0 && hs_feed(&h, m->prot, m->prot_len) != OTA_OK) {
		r = ota__mcu_seterr(m, OTA_E_CRYPTO, body_end, "hashing failed");
		goto out;
	}
	if (hs_final(m, &h) != OTA_OK) {
		r = ota__mcu_seterr(m, OTA_E_CRYPTO, body_end, "hashing failed");
		goto out;
	}
	if ((r = ota__prog_end(&m->prog)) != OTA_OK) {
		ota__prog_msg(&m->prog, m->errmsg, sizeof(m->errmsg));
		goto out;
	}
	/* what follows the TLV area */
	if (s->seekable && (r = ota__src_seek(s, m->signed_size)) != OTA_OK)
		goto out;
	do {
		if ((r = ota__src_read(s, buf, OTA_IOBUF, &got)) != OTA_OK) {
			r = ota__mcu_seterr(m, r, s->pos, "reading the input failed");
			goto out;
		}
		tail_feed(&t, buf, got);
	} while (got > 0);
	m->file_size = s->pos;
	r = tail_end(m, &t);
out:
	hs_free(&h);
	return r;
}

static int
finish(struct ota_mcuboot *m, int r)
{
	int i;

	if (r == OTA_OK && (m->flags & (OTA_MCUBOOT_F_ENCRYPTED_AES128 |
	    OTA_MCUBOOT_F_ENCRYPTED_AES256)) != 0)
		r = ota__diag_add(&m->diags, OTA_D_MCUBOOT_ENCRYPTED, 16, "ih_flags 0x%08x: the body "
		    "is encrypted; its hash covers the plain text", (unsigned)m->flags);
	if (r == OTA_OK && (i = ota__mcu_hidx(m->hash_bits)) >= 0)
		m->hash_ok = memcmp(m->digest[i], m->unprot + m->tlv[m->hash_idx].voff,
		    m->hash_bits / 8) == 0;
	m->state = r == OTA_OK ? 1 : 2;
	if (r == OTA_OK)
		m->errmsg[0] = '\0';
	return r;
}

static int
begin(struct ota_mcuboot *m, const char *fn)
{
	if (!ota__mcu_ok(m))
		return OTA_E_INVAL;
	if (m->state != 0)
		return ota__mcu_seterr(m, OTA_E_STATE, 0, "%s: the handle was opened already", fn);
	return OTA_OK;
}

static int
run(struct ota_mcuboot *m, struct ota__src *s)
{
	uint8_t *buf = ota__alloc(&m->env, OTA_IOBUF);
	int r;

	if (buf == NULL)
		return finish(m, ota__mcu_seterr(m, OTA_E_NOMEM, 0, "out of memory"));
	r = pass(m, s, buf);
	ota__free(&m->env, buf);
	return finish(m, r);
}

int
ota_mcuboot_open_path(struct ota_mcuboot *m, const char *path)
{
	struct ota__src s;
	int r;

	if ((r = begin(m, "ota_mcuboot_open_path")) != OTA_OK)
		return r;
	if (path == NULL)
		return ota__mcu_seterr(m, OTA_E_INVAL, 0, "ota_mcuboot_open_path: NULL path");
	if (ota__src_open_path(&s, path) != OTA_OK) {
		m->state = 2;
		return ota__mcu_seterr(m, OTA_E_IO, 0, "%s: %s", path, strerror(errno));
	}
	r = run(m, &s);
	ota__src_close(&s);
	return r;
}

int
ota_mcuboot_open_memory(struct ota_mcuboot *m, const void *buf, size_t len)
{
	struct ota__src s;
	int r;

	if ((r = begin(m, "ota_mcuboot_open_memory")) != OTA_OK)
		return r;
	if (buf == NULL && len > 0)
		return ota__mcu_seterr(m, OTA_E_INVAL, 0, "ota_mcuboot_open_memory: NULL buffer");
	ota__src_memory(&s, buf, len);
	return run(m, &s);
}

int
ota_mcuboot_open_cb(struct ota_mcuboot *m, ota_read_fn read, void *ctx)
{
	struct ota__src s;
	int r;

	if ((r = begin(m, "ota_mcuboot_open_cb")) != OTA_OK)
		return r;
	if (read == NULL)
		return ota__mcu_seterr(m, OTA_E_INVAL, 0, "ota_mcuboot_open_cb: NULL read callback");
	ota__src_cb(&s, read, ctx);
	return run(m, &s);
}
