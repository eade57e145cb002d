/* sign.c - sign a raw binary into an MCUboot image, as imgtool sign does:
 * header, body, protected TLVs, hash, key hash or public key, signature,
 * and the slot padding with the boot magic.  One pass over the input. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/evp.h>
#include <openssl/rsa.h>

#include "mcuboot/mcuboot_private.h"

/* imgtool's trailer: 128 sectors by default, 3 status bytes a sector */
#define MCU_MAX_SECTORS 128u
#define MCU_SIG_MAX 512u

struct ctlv {
	uint16_t type;
	uint16_t len;
	uint8_t *v;
};

struct ota_mcuboot_signer {
	uint32_t magic;
	struct ota_env env;
	struct ota_fw_version ver;
	uint16_t hdr_size;
	int pad_header;
	unsigned align;
	uint32_t slot;
	int pad;
	uint32_t load, flags;
	int have_seccnt;
	uint32_t seccnt;
	unsigned hash;
	const struct ota_key *key;
	int full;
	struct ctlv *tlv;
	size_t ntlv;
	struct ota_prog prog;
	uint8_t digest[OTA_MCUBOOT_DIGEST_MAX];
	size_t dlen;
	char errmsg[OTA_MSG_LEN];
	struct ota_errq q;  /* the caller's OpenSSL errors while we call it */
};

static int
serr(struct ota_mcuboot_signer *s, int err, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int
serr(struct ota_mcuboot_signer *s, int err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ota__vformat(s->errmsg, sizeof(s->errmsg), fmt, ap);
	va_end(ap);
	return err;
}

static int
sok(const struct ota_mcuboot_signer *s)
{
	return s != NULL && s->magic == OTA_MCUBOOT_SIGNER_MAGIC;
}

struct ota_mcuboot_signer *
ota_mcuboot_signer_new_ctx(const struct ota_ctx *ctx)
{
	struct ota_env env;
	struct ota_mcuboot_signer *s;

	ota__env_from(&env, ctx);
	if ((s = ota__zalloc(&env, sizeof(*s))) == NULL)
		return NULL;
	s->magic = OTA_MCUBOOT_SIGNER_MAGIC;
	s->env = env;
	s->hdr_size = 0x200;
	s->align = 1;
	return s;
}

struct ota_mcuboot_signer *
ota_mcuboot_signer_new(void)
{
	return ota_mcuboot_signer_new_ctx(NULL);
}

void
ota_mcuboot_signer_free(struct ota_mcuboot_signer **sp)
{
	struct ota_mcuboot_signer *s;
	size_t i;

	if (sp == NULL || (s = *sp) == NULL || !sok(s))
		return;
	for (i = 0; i < s->ntlv; i++)
		ota__free(&s->env, s->tlv[i].v);
	ota__free(&s->env, s->tlv);
	s->magic = 0;
	ota__free(&s->env, s);
	*sp = NULL;
}

const char *
ota_mcuboot_signer_errmsg(const struct ota_mcuboot_signer *s)
{
	return sok(s) ? s->errmsg : "invalid MCUboot signer handle";
}

int
ota_mcuboot_signer_set_version(struct ota_mcuboot_signer *s, const struct ota_fw_version *v)
{
	if (!sok(s) || v == NULL)
		return OTA_E_INVAL;
	s->ver = *v;
	return OTA_OK;
}

int
ota_mcuboot_signer_set_header_size(struct ota_mcuboot_signer *s, uint16_t hdr_size,
    int pad_header)
{
	if (!sok(s))
		return OTA_E_INVAL;
	if (hdr_size < OTA_MCUBOOT_HEADER_LEN)
		return serr(s, OTA_E_RANGE, "header size %u: less than the 32-byte header", hdr_size);
	s->hdr_size = hdr_size;
	s->pad_header = pad_header != 0;
	return OTA_OK;
}

int
ota_mcuboot_signer_set_align(struct ota_mcuboot_signer *s, unsigned align)
{
	if (!sok(s))
		return OTA_E_INVAL;
	if (align != 1 && align != 2 && align != 4 && align != 8 && align != 16 && align != 32)
		return serr(s, OTA_E_RANGE, "alignment %u: 1, 2, 4, 8, 16 or 32", align);
	s->align = align;
	return OTA_OK;
}

int
ota_mcuboot_signer_set_slot(struct ota_mcuboot_signer *s, uint32_t slot_size, int pad)
{
	if (!sok(s))
		return OTA_E_INVAL;
	if (pad && slot_size == 0)
		return serr(s, OTA_E_INVAL, "padding to the slot needs a slot size");
	s->slot = slot_size;
	s->pad = pad != 0;
	return OTA_OK;
}

int
ota_mcuboot_signer_set_load_addr(struct ota_mcuboot_signer *s, uint32_t addr)
{
	if (!sok(s))
		return OTA_E_INVAL;
	s->load = addr;
	return OTA_OK;
}

int
ota_mcuboot_signer_set_flags(struct ota_mcuboot_signer *s, uint32_t flags)
{
	uint32_t no = OTA_MCUBOOT_F_ENCRYPTED_AES128 | OTA_MCUBOOT_F_ENCRYPTED_AES256 |
	    OTA_MCUBOOT_F_COMPRESSED_LZMA1 | OTA_MCUBOOT_F_COMPRESSED_LZMA2 |
	    OTA_MCUBOOT_F_COMPRESSED_ARM_THUMB;

	if (!sok(s))
		return OTA_E_INVAL;
	if (flags & no)
		return serr(s, OTA_E_UNSUPPORTED, "flags 0x%08x: the signer neither encrypts nor "
		    "compresses", (unsigned)(flags & no));
	s->flags = flags;
	return OTA_OK;
}

int
ota_mcuboot_signer_set_security_counter(struct ota_mcuboot_signer *s, uint32_t v)
{
	if (!sok(s))
		return OTA_E_INVAL;
	s->have_seccnt = 1;
	s->seccnt = v;
	return OTA_OK;
}

int
ota_mcuboot_signer_set_hash(struct ota_mcuboot_signer *s, unsigned bits)
{
	if (!sok(s))
		return OTA_E_INVAL;
	if (bits != OTA_MCUBOOT_HASH_AUTO && ota__mcu_hidx(bits) < 0)
		return serr(s, OTA_E_RANGE, "hash %u: 256, 384 or 512", bits);
	s->hash = bits;
	return OTA_OK;
}

int
ota_mcuboot_signer_set_key(struct ota_mcuboot_signer *s, const struct ota_key *key,
    int full_pubkey)
{
	if (!sok(s))
		return OTA_E_INVAL;
	if (key != NULL && (key->magic != OTA_KEY_MAGIC || key->pkey == NULL))
		return serr(s, OTA_E_INVAL, "invalid key");
	if (key != NULL && !key->priv)
		return serr(s, OTA_E_NOKEY, "the key is a public key: signing needs the private key");
	if (key != NULL && ota__mcu_sig_tlv(ota_key_type(key)) == 0)
		return serr(s, OTA_E_NOKEY, "MCUboot signs with P-256, P-384, Ed25519, RSA-2048 or "
		    "RSA-3072 keys, not this one");
	s->key = key;
	s->full = full_pubkey != 0;
	return OTA_OK;
}

int
ota_mcuboot_signer_add_tlv(struct ota_mcuboot_signer *s, uint16_t type, int is_protected,
    const void *value, size_t len)
{
	struct ctlv *t;
	size_t i;

	if (!sok(s) || (value == NULL && len > 0))
		return OTA_E_INVAL;
	if (!is_protected)
		return serr(s, OTA_E_UNSUPPORTED, "custom TLVs go in the protected area (as imgtool's)");
	if (type < 0xa0u || (type & 0xffu) < 0xa0u || type == 0xffffu)
		return serr(s, OTA_E_RANGE, "TLV type 0x%04x: custom types are 0x00a0..0xfffe, in "
		    "each upper byte's xxa0..xxff band", type);
	if (len > 0xffffu - 8u)
		return serr(s, OTA_E_RANGE, "TLV value of %zu bytes: too long", len);
	for (i = 0; i < s->ntlv; i++)
		if (s->tlv[i].type == type) /* imgtool keeps one value per type too */
			return serr(s, OTA_E_INVAL, "TLV type 0x%04x given twice", type);
	if ((t = ota__realloc(&s->env, s->tlv, (s->ntlv + 1) * sizeof(*t))) == NULL)
		return OTA_E_NOMEM;
	s->tlv = t;
	t = &s->tlv[s->ntlv];
	if ((t->v = ota__alloc(&s->env, len > 0 ? len : 1)) == NULL)
		return OTA_E_NOMEM;
	if (len > 0)
		memcpy(t->v, value, len);
	t->type = type;
	t->len = (uint16_t)len;
	s->ntlv++;
	return OTA_OK;
}

int
ota_mcuboot_signer_set_progress(struct ota_mcuboot_signer *s, ota_progress_fn fn, void *arg)
{
	if (!sok(s))
		return OTA_E_INVAL;
	s->prog.fn = fn;
	s->prog.arg = arg;
	return OTA_OK;
}

int
ota_mcuboot_signer_digest(const struct ota_mcuboot_signer *s, uint8_t *buf, size_t *len)
{
	if (!sok(s) || buf == NULL || len == NULL)
		return OTA_E_INVAL;
	if (s->dlen == 0)
		return OTA_E_STATE;
	if (*len < s->dlen)
		return OTA_E_RANGE;
	memcpy(buf, s->digest, s->dlen);
	*len = s->dlen;
	return OTA_OK;
}

/* ---- the pass ---- */
struct wr {
	ota_write_fn fn;
	void *ctx;
	EVP_MD_CTX *md;  /* NULL: not hashed */
	uint64_t n;
};

static int
put(struct wr *w, const void *p, size_t n)
{
	if (n == 0)
		return OTA_OK;
	if (w->md != NULL && EVP_DigestUpdate(w->md, p, n) != 1)
		return OTA_E_CRYPTO;
	if (w->fn(w->ctx, p, n) != 0)
		return OTA_E_IO;
	w->n += n;
	return OTA_OK;
}

static void
tlv_put(uint8_t *p, uint16_t type, uint16_t len)
{
	ota__put_u16le(p, type);
	ota__put_u16le(p + 2, len);
}

static int
sign_digest(struct ota_mcuboot_signer *s, uint16_t tlv, uint8_t *sig, size_t *slen)
{
	EVP_PKEY_CTX *pc = NULL;
	EVP_MD_CTX *mc = NULL;
	size_t n = MCU_SIG_MAX;
	int ok_ = 0;

	if (tlv == OTA_MCUBOOT_TLV_ED25519) {
		ok_ = (mc = EVP_MD_CTX_new()) != NULL &&
		    EVP_DigestSignInit_ex(mc, NULL, NULL, s->env.libctx, ota__propq(&s->env),
		    s->key->pkey, NULL) == 1 && EVP_DigestSign(mc, sig, &n, s->digest, s->dlen) == 1;
	} else {
		ok_ = (pc = EVP_PKEY_CTX_new_from_pkey(s->env.libctx, s->key->pkey,
		    ota__propq(&s->env))) != NULL && EVP_PKEY_sign_init(pc) == 1 &&
		    (tlv == OTA_MCUBOOT_TLV_ECDSA_SIG ||
		    (EVP_PKEY_CTX_set_rsa_padding(pc, RSA_PKCS1_PSS_PADDING) == 1 &&
		    EVP_PKEY_CTX_set_signature_md(pc, EVP_sha256()) == 1 &&
		    EVP_PKEY_CTX_set_rsa_mgf1_md(pc, EVP_sha256()) == 1 &&
		    EVP_PKEY_CTX_set_rsa_pss_saltlen(pc, 32) == 1)) &&
		    EVP_PKEY_sign(pc, NULL, &n, s->digest, s->dlen) == 1 && n <= MCU_SIG_MAX &&
		    EVP_PKEY_sign(pc, sig, &n, s->digest, s->dlen) == 1;
	}
	EVP_MD_CTX_free(mc);
	EVP_PKEY_CTX_free(pc);
	*slen = n;
	return ok_ ? OTA_OK : OTA_E_CRYPTO;
}

/* imgtool's boot trailer: the swap status (3 bytes a sector at the write
 * size), four flags and the boot magic at the largest write size (8, or the
 * alignment when larger). */
static uint64_t
trailer_size(unsigned align)
{
	uint64_t max = align > 8 ? align : 8, magic = (16u + max - 1u) / max * max;

	return (uint64_t)MCU_MAX_SECTORS * 3u * align + 4u * max + magic;
}

static size_t
sig_max(int kt)
{
	return kt == OTA_KEY_P256 ? 72u : kt == OTA_KEY_P384 ? 104u : kt == OTA_KEY_ED25519 ? 64u :
	    kt == OTA_KEY_RSA2048 ? 256u : 384u;
}

struct job {
	int fd;
	uint64_t insize;
	unsigned bits;
	int kt;
	uint16_t sigtlv;
	uint8_t *prot;
	size_t protlen;
	uint8_t *pub;        /* key bytes (SPKI, or PKCS#1 for RSA) */
	size_t publen;
	uint8_t *buf;
};

static int
plan(struct ota_mcuboot_signer *s, struct job *j, uint64_t *img, uint64_t *unprot_max)
{
	size_t i, p;
	uint64_t protlen = 0, total;

	j->kt = s->key != NULL ? ota_key_type(s->key) : 0;
	j->sigtlv = ota__mcu_sig_tlv(j->kt);
	j->bits = s->hash != 0 ? s->hash : j->kt == OTA_KEY_P384 ? 384u : 256u;
	if ((j->kt == OTA_KEY_RSA2048 || j->kt == OTA_KEY_RSA3072) && j->bits != 256)
		return serr(s, OTA_E_UNSUPPORTED, "RSA-PSS signs SHA-256 image hashes only");
	if (!s->pad_header && j->insize < s->hdr_size)
		return serr(s, OTA_E_TRUNCATED, "the input (%llu bytes) is shorter than the %u-byte "
		    "header it should start with (or give pad_header)",
		    (unsigned long long)j->insize, s->hdr_size);
	*img = s->pad_header ? j->insize : j->insize - s->hdr_size;
	if (*img > UINT32_MAX - s->hdr_size)
		return serr(s, OTA_E_LIMIT, "the body (%llu bytes) does not fit ih_img_size",
		    (unsigned long long)*img);
	if (s->have_seccnt)
		protlen += 8;
	for (i = 0; i < s->ntlv; i++)
		protlen += 4u + s->tlv[i].len;
	if (protlen > 0)
		protlen += 4;
	if (protlen > 0xffffu)
		return serr(s, OTA_E_LIMIT, "the protected TLVs (%llu bytes) pass the 65535-byte area",
		    (unsigned long long)protlen);
	if (protlen > 0) {
		if ((j->prot = ota__alloc(&s->env, (size_t)protlen)) == NULL)
			return OTA_E_NOMEM;
		tlv_put(j->prot, OTA_MCUBOOT_TLV_PROT_INFO_MAGIC, (uint16_t)protlen);
		p = 4;
		if (s->have_seccnt) {
			tlv_put(j->prot + p, OTA_MCUBOOT_TLV_SEC_CNT, 4);
			ota__put_u32le(j->prot + p + 4, s->seccnt);
			p += 8;
		}
		for (i = 0; i < s->ntlv; i++) {
			tlv_put(j->prot + p, s->tlv[i].type, s->tlv[i].len);
			memcpy(j->prot + p + 4, s->tlv[i].v, s->tlv[i].len);
			p += 4u + s->tlv[i].len;
		}
	}
	j->protlen = (size_t)protlen;
	if (s->key != NULL && ota__mcu_pubbytes(&s->env, s->key, &j->pub, &j->publen) != OTA_OK)
		return serr(s, OTA_E_CRYPTO, "cannot encode the public key");
	*unprot_max = 4u + 4u + j->bits / 8u;
	if (s->key != NULL)
		*unprot_max += 4u + (s->full ? j->publen : j->bits / 8u) + 4u + sig_max(j->kt);
	if (*unprot_max > 0xffffu)
		return serr(s, OTA_E_LIMIT, "the TLV area would pass 65535 bytes");
	total = (uint64_t)s->hdr_size + *img + protlen + *unprot_max;
	if (s->slot != 0 && total + trailer_size(s->align) > s->slot)
		return serr(s, OTA_E_LIMIT, "image size (0x%llx, with the largest signature) + trailer "
		    "(0x%llx) exceeds the slot size 0x%x", (unsigned long long)total,
		    (unsigned long long)trailer_size(s->align), (unsigned)s->slot);
	return OTA_OK;
}

static int
header(struct ota_mcuboot_signer *s, const struct job *j, uint64_t img, uint8_t *h)
{
	memset(h, 0, OTA_MCUBOOT_HEADER_LEN);
	ota__put_u32le(h, OTA_MCUBOOT_MAGIC);
	ota__put_u32le(h + 4, s->load);
	ota__put_u16le(h + 8, s->hdr_size);
	ota__put_u16le(h + 10, (uint16_t)j->protlen);
	ota__put_u32le(h + 12, (uint32_t)img);
	/* a load address means a RAM-loaded image (as imgtool sets it) */
	ota__put_u32le(h + 16, s->flags | (s->load != 0 ? OTA_MCUBOOT_F_RAM_LOAD : 0u));
	ota_fw_version_encode(&s->ver, h + 20);
	return OTA_OK;
}

static int
read_in(struct ota_mcuboot_signer *s, int fd, uint8_t *buf, size_t n)
{
	size_t got = 0;
	ssize_t k;

	while (got < n) {
		k = read(fd, buf + got, n - got);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return serr(s, OTA_E_IO, "reading the input failed%s", k == 0 ?
			    ": it ended early" : "");
		got += (size_t)k;
	}
	return OTA_OK;
}

/* header, padding, body, protected area: hashed and written */
static int
body(struct ota_mcuboot_signer *s, struct job *j, struct wr *w, uint64_t img)
{
	uint8_t h[OTA_MCUBOOT_HEADER_LEN];
	uint64_t left = img;
	size_t i, n;
	int r;

	(void)header(s, j, img, h);
	if (s->pad_header) {
		memset(j->buf, 0xff, s->hdr_size);
		memcpy(j->buf, h, sizeof(h));
	} else {
		if ((r = read_in(s, j->fd, j->buf, s->hdr_size)) != OTA_OK)
			return r;
		for (i = 0; i < s->hdr_size; i++)
			if (j->buf[i] != 0)
				return serr(s, OTA_E_RANGE, "input offset %zu is 0x%02x: without header "
				    "padding the first %u bytes must be zero (room for the header)", i,
				    j->buf[i], s->hdr_size);
		memcpy(j->buf, h, sizeof(h));
	}
	if ((r = put(w, j->buf, s->hdr_size)) != OTA_OK)
		return serr(s, r, "writing the output failed");
	while (left > 0) {
		n = left > OTA_IOBUF ? OTA_IOBUF : (size_t)left;
		if ((r = read_in(s, j->fd, j->buf, n)) != OTA_OK)
			return r;
		if ((r = put(w, j->buf, n)) != OTA_OK)
			return serr(s, r, "writing the output failed");
		if (ota__prog_add(&s->prog, n) != OTA_OK) {
			ota__prog_msg(&s->prog, s->errmsg, sizeof(s->errmsg));
			return OTA_E_CANCELLED;
		}
		left -= n;
	}
	if ((r = put(w, j->prot, j->protlen)) != OTA_OK)
		return serr(s, r, "writing the output failed");
	return OTA_OK;
}

/* The unprotected area (after the digest is known) and the slot padding. */
static int
tail(struct ota_mcuboot_signer *s, struct job *j, struct wr *w)
{
	uint8_t sig[MCU_SIG_MAX], kh[OTA_MCUBOOT_DIGEST_MAX];
	uint8_t *a = j->buf;
	size_t p = 4, slen = 0, klen, n;
	uint64_t fill;
	int r;

	if (s->key != NULL && j->pub == NULL) /* plan() encoded it */
		return serr(s, OTA_E_CRYPTO, "no public key bytes");
	if (s->key != NULL) {
		ota__ssl_mark(&s->q);
		r = sign_digest(s, j->sigtlv, sig, &slen);
		ota__ssl_done(&s->q, r, s->errmsg, sizeof(s->errmsg), "signing failed");
		if (r != OTA_OK)
			return r;
	}
	tlv_put(a + p, (uint16_t)(j->bits == 256 ? OTA_MCUBOOT_TLV_SHA256 : j->bits == 384 ?
	    OTA_MCUBOOT_TLV_SHA384 : OTA_MCUBOOT_TLV_SHA512), (uint16_t)s->dlen);
	memcpy(a + p + 4, s->digest, s->dlen);
	p += 4 + s->dlen;
	if (s->key != NULL) {
		if (s->full) {
			tlv_put(a + p, OTA_MCUBOOT_TLV_PUBKEY, (uint16_t)j->publen);
			memcpy(a + p + 4, j->pub, j->publen);
			p += 4 + j->publen;
		} else {
			if (ota__mcu_digest(&s->env, j->bits, j->pub, j->publen, kh) != OTA_OK)
				return serr(s, OTA_E_CRYPTO, "hashing the public key failed");
			klen = j->bits / 8;
			tlv_put(a + p, OTA_MCUBOOT_TLV_KEYHASH, (uint16_t)klen);
			memcpy(a + p + 4, kh, klen);
			p += 4 + klen;
		}
		tlv_put(a + p, j->sigtlv, (uint16_t)slen);
		memcpy(a + p + 4, sig, slen);
		p += 4 + slen;
	}
	tlv_put(a, OTA_MCUBOOT_TLV_INFO_MAGIC, (uint16_t)p);
	w->md = NULL;
	if ((r = put(w, a, p)) != OTA_OK)
		return serr(s, r, "writing the output failed");
	if (!s->pad)
		return OTA_OK;
	fill = s->slot - w->n - 16u;
	memset(a, 0xff, OTA_IOBUF);
	while (fill > 0) {
		n = fill > OTA_IOBUF ? OTA_IOBUF : (size_t)fill;
		if ((r = put(w, a, n)) != OTA_OK)
			return serr(s, r, "writing the output failed");
		fill -= n;
	}
	if (s->align > 8) { /* imgtool's boot magic for a larger write size */
		ota__put_u16le(a, (uint16_t)s->align);
		memcpy(a + 2, ota__mcu_boot_magic_alt, sizeof(ota__mcu_boot_magic_alt));
	} else {
		memcpy(a, ota__mcu_boot_magic, sizeof(ota__mcu_boot_magic));
	}
	if ((r = put(w, a, 16)) != OTA_OK)
		return serr(s, r, "writing the output failed");
	return OTA_OK;
}

static int
sign_fd(struct ota_mcuboot_signer *s, struct job *j, ota_write_fn fn, void *ctx)
{
	struct wr w = { fn, ctx, NULL, 0 };
	EVP_MD *md;
	uint64_t img = 0, umax = 0;
	unsigned dl = 0;
	int r;

	if ((r = plan(s, j, &img, &umax)) != OTA_OK)
		return r;
	ota__ssl_mark(&s->q);
	md = EVP_MD_fetch(s->env.libctx, ota__mcu_mdname(j->bits), ota__propq(&s->env));
	r = md != NULL && (w.md = EVP_MD_CTX_new()) != NULL &&
	    EVP_DigestInit_ex2(w.md, md, NULL) == 1 ? OTA_OK : OTA_E_CRYPTO;
	EVP_MD_free(md);
	ota__ssl_done(&s->q, r, s->errmsg, sizeof(s->errmsg), "cannot start SHA-%u", j->bits);
	ota__prog_start(&s->prog, img);
	if (r == OTA_OK)
		r = body(s, j, &w, img);
	if (r == OTA_OK && EVP_DigestFinal_ex(w.md, s->digest, &dl) != 1)
		r = serr(s, OTA_E_CRYPTO, "hashing failed");
	EVP_MD_CTX_free(w.md);
	w.md = NULL;
	if (r != OTA_OK)
		return r;
	s->dlen = dl;
	if ((r = tail(s, j, &w)) != OTA_OK)
		return r;
	if (ota__prog_end(&s->prog) != OTA_OK) {
		ota__prog_msg(&s->prog, s->errmsg, sizeof(s->errmsg));
		return OTA_E_CANCELLED;
	}
	return OTA_OK;
}

int
ota_mcuboot_sign(struct ota_mcuboot_signer *s, const char *in_path, ota_write_fn fn, void *ctx)
{
	struct job j;
	struct stat st;
	int r;

	if (!sok(s) || in_path == NULL || fn == NULL)
		return OTA_E_INVAL;
	s->dlen = 0;
	s->errmsg[0] = '\0';
	memset(&j, 0, sizeof(j));
	if ((j.fd = open(in_path, O_RDONLY | O_CLOEXEC)) < 0)
		return serr(s, OTA_E_IO, "%s: %s", in_path, strerror(errno));
	if (fstat(j.fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		(void)close(j.fd);
		return serr(s, OTA_E_IO, "%s: not a regular file (the header needs the size first)",
		    in_path);
	}
	j.insize = (uint64_t)st.st_size;
	if ((j.buf = ota__alloc(&s->env, OTA_IOBUF)) == NULL) {
		(void)close(j.fd);
		return serr(s, OTA_E_NOMEM, "out of memory");
	}
	r = sign_fd(s, &j, fn, ctx);
	if (r != OTA_OK)
		s->dlen = 0;
	ota__free(&s->env, j.buf);
	ota__free(&s->env, j.prot);
	ota__free(&s->env, j.pub);
	(void)close(j.fd);
	return r;
}

int
ota_mcuboot_sign_path(struct ota_mcuboot_signer *s, const char *in_path, const char *out_path)
{
	struct ota_atomic a;
	int r;

	if (!sok(s) || in_path == NULL || out_path == NULL)
		return OTA_E_INVAL;
	if ((r = ota__atomic_open(&a, out_path)) != OTA_OK)
		return serr(s, r, "%s: cannot create the output", out_path);
	if ((r = ota_mcuboot_sign(s, in_path, ota__atomic_write, &a)) != OTA_OK) {
		ota__atomic_abort(&a);
		return r;
	}
	if ((r = ota__atomic_commit(&a)) != OTA_OK)
		return serr(s, r, "%s: cannot write the output", out_path);
	return OTA_OK;
}
