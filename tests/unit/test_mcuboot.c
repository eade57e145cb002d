/* test_mcuboot.c - MCUboot images: the two imgtool-made vectors (known
 * answers from tests/vectors/README.md typed in), byte flips, images we
 * sign with every key type, crafted bad images, forward-only opens, and
 * byte equality with imgtool's output. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "testutil.h"

#define ECDSA_IMG "mcuboot/app-ecdsa-p256-v1.2.3+45.signed.bin"
#define ED_IMG "mcuboot/app-ed25519-v2.0.1+1234.signed.bin"
/* the SHA-256 hash TLVs imgtool wrote (header + body, no protected TLVs) */
#define ECDSA_HASH "b9acf6b40d98ea6c747ddf060c7b499cf4b5778d5271f2cf7e3c727b0a8caf77"
#define ED_HASH "3916d53f6b90033fa9be1a1074073c2087189b557ad1ac6d17a0f20806a3ab03"

static struct ota_key *
pubkey(const char *rel)
{
	struct ota_key *k = NULL;

	ck_assert_int_eq(ota_key_load(&k, vector_path(rel), NULL), OTA_OK);
	return k;
}

/* open buf, verify with key; returns verify's result (or open's failure) */
static int
open_verify(const uint8_t *buf, size_t len, const struct ota_key *key, unsigned flags, int *openr)
{
	struct ota_mcuboot *m = ota_mcuboot_new();
	int r;

	ck_assert_ptr_nonnull(m);
	r = ota_mcuboot_open_memory(m, buf, len);
	if (openr != NULL)
		*openr = r;
	if (r == OTA_OK)
		r = ota_mcuboot_verify(m, key, flags);
	ota_mcuboot_free(&m);
	ck_assert_ptr_null(m);
	return r;
}

START_TEST(vectors_verify)
{
	struct ota_key *p256 = pubkey("mcuboot/ecdsa-p256.pub.pem");
	struct ota_key *ed = pubkey("mcuboot/ed25519.pub.pem");
	struct ota_mcuboot *m = ota_mcuboot_new();
	struct ota_fw_version v;
	uint8_t d[64], want[32];
	size_t dl = sizeof(d);
	uint16_t type, len;
	int prot;

	ck_assert_int_eq(ota_mcuboot_open_path(m, vector_path(ECDSA_IMG)), OTA_OK);
	ck_assert_uint_eq(ota_mcuboot_magic(m), 0x96f3b83du);
	ck_assert_uint_eq(ota_mcuboot_header_size(m), 0x200);
	ck_assert_uint_eq(ota_mcuboot_image_size(m), 24576);
	ck_assert_uint_eq(ota_mcuboot_protect_tlv_size(m), 0);
	ck_assert_uint_eq(ota_mcuboot_flags(m), 0);
	ck_assert_uint_eq(ota_mcuboot_signed_size(m), 25240);
	ck_assert_uint_eq(ota_mcuboot_file_size(m), 25240);
	ck_assert_int_eq(ota_mcuboot_trailer(m, NULL, NULL, NULL), OTA_E_NOT_FOUND);
	ck_assert_int_eq(ota_mcuboot_version(m, &v), OTA_OK);
	ck_assert(v.major == 1 && v.minor == 2 && v.revision == 3 && v.build == 45);
	ck_assert_uint_eq(ota_mcuboot_tlv_count(m), 3);
	ck_assert_int_eq(ota_mcuboot_tlv_get(m, 2, &type, &prot, NULL, &len), OTA_OK);
	ck_assert(type == OTA_MCUBOOT_TLV_ECDSA_SIG && !prot && len == 72);
	ck_assert_str_eq(ota_mcuboot_tlv_name(type), "ECDSA_SIG");
	ck_assert_int_eq(ota_mcuboot_digest(m, d, &dl), OTA_OK);
	ck_assert_uint_eq(dl, 32);
	unhex(ECDSA_HASH, want, sizeof(want));
	ck_assert_mem_eq(d, want, 32);
	ck_assert(ota_mcuboot_hash_ok(m));
	ck_assert_int_eq(ota_mcuboot_sig_type(m), OTA_KEY_P256);
	ck_assert_int_eq(ota_mcuboot_verify(m, NULL, 0), OTA_E_SIG_UNCHECKED);
	ck_assert_int_eq(ota_mcuboot_sig_result(m), OTA_SIG_NOT_CHECKED);
	ck_assert_int_eq(ota_mcuboot_verify(m, NULL, OTA_VERIFY_ALLOW_UNCHECKED), OTA_OK);
	ck_assert_int_eq(ota_mcuboot_verify(m, ed, 0), OTA_E_WRONG_KEY);
	ck_assert_int_eq(ota_mcuboot_verify(m, p256, 0), OTA_OK);
	ck_assert_int_eq(ota_mcuboot_sig_result(m), OTA_SIG_VALID);
	ota_mcuboot_free(&m);

	m = ota_mcuboot_new();
	ck_assert_int_eq(ota_mcuboot_open_path(m, vector_path(ED_IMG)), OTA_OK);
	ck_assert_int_eq(ota_mcuboot_version(m, &v), OTA_OK);
	ck_assert(v.major == 2 && v.minor == 0 && v.revision == 1 && v.build == 1234);
	dl = sizeof(d);
	ck_assert_int_eq(ota_mcuboot_digest(m, d, &dl), OTA_OK);
	unhex(ED_HASH, want, sizeof(want));
	ck_assert_mem_eq(d, want, 32);
	ck_assert_int_eq(ota_mcuboot_sig_type(m), OTA_KEY_ED25519);
	ck_assert_int_eq(ota_mcuboot_verify(m, p256, 0), OTA_E_WRONG_KEY);
	ck_assert_int_eq(ota_mcuboot_verify(m, ed, 0), OTA_OK);
	ota_mcuboot_free(&m);
	ota_key_free(&p256);
	ota_key_free(&ed);
}
END_TEST

/* A P-256 key whose key hash is not the image's: WRONG_KEY, not a signature failure. */
START_TEST(vectors_other_key_same_type)
{
	struct ota_key *k = NULL;
	uint8_t *buf;
	size_t len;

	ck_assert_int_eq(ota_key_generate(&k, OTA_KEY_P256), OTA_OK);
	buf = slurp(vector_path(ECDSA_IMG), &len);
	ck_assert_int_eq(open_verify(buf, len, k, 0, NULL), OTA_E_WRONG_KEY);
	free(buf);
	ota_key_free(&k);
}
END_TEST

struct rd {
	const uint8_t *p;
	size_t n, pos, chunk;
};

static int
rd_read(void *ctx, void *buf, size_t len, size_t *got)
{
	struct rd *r = ctx;
	size_t n = r->n - r->pos;

	n = n < len ? n : len;
	n = n < r->chunk ? n : r->chunk;
	memcpy(buf, r->p + r->pos, n);
	r->pos += n;
	*got = n;
	return 0;
}

START_TEST(forward_only)
{
	struct ota_key *ed = pubkey("mcuboot/ed25519.pub.pem");
	struct ota_mcuboot *m = ota_mcuboot_new();
	uint8_t *buf, d[64], want[32];
	size_t len, dl = sizeof(d);
	struct rd r;

	buf = slurp(vector_path(ED_IMG), &len);
	r.p = buf;
	r.n = len;
	r.pos = 0;
	r.chunk = 1000; /* short reads */
	ck_assert_int_eq(ota_mcuboot_open_cb(m, rd_read, &r), OTA_OK);
	ck_assert_uint_eq(r.pos, len);
	ck_assert_int_eq(ota_mcuboot_digest(m, d, &dl), OTA_OK);
	unhex(ED_HASH, want, sizeof(want));
	ck_assert_mem_eq(d, want, 32);
	ck_assert_int_eq(ota_mcuboot_verify(m, ed, 0), OTA_OK);
	ck_assert_int_eq(ota_mcuboot_open_path(m, vector_path(ED_IMG)), OTA_E_STATE);
	ota_mcuboot_free(&m);
	/* truncated forward-only input */
	m = ota_mcuboot_new();
	r.pos = 0;
	r.n = len - 10;
	ck_assert_int_eq(ota_mcuboot_open_cb(m, rd_read, &r), OTA_E_TRUNCATED);
	ota_mcuboot_free(&m);
	free(buf);
	ota_key_free(&ed);
}
END_TEST

/* Every byte of the Ed25519 vector's header and protected part, and a
 * dense sample of its body and TLVs: a flip fails verify. */
START_TEST(vector_flips)
{
	struct ota_key *ed = pubkey("mcuboot/ed25519.pub.pem");
	uint8_t *buf;
	size_t len, i;
	int r;

	buf = slurp(vector_path(ED_IMG), &len);
	ck_assert_int_eq(open_verify(buf, len, ed, 0, NULL), OTA_OK);
	for (i = 0; i < len; i += i < 512 || i >= 25088 ? 1 : 61) {
		buf[i] ^= 0x01;
		r = open_verify(buf, len, ed, 0, NULL);
		ck_assert_msg(r != OTA_OK, "flip at %zu passed", i);
		buf[i] ^= 0x01;
	}
	free(buf);
	ota_key_free(&ed);
}
END_TEST

/* ---- signing ---- */
static const char *
raw_file(size_t n, int zero_head, size_t head)
{
	static char path[64];
	FILE *f;
	size_t i;

	(void)snprintf(path, sizeof(path), "mcuboot-raw-%ld.bin", (long)getpid());
	ck_assert_ptr_nonnull(f = fopen(path, "wb"));
	for (i = 0; i < n; i++)
		ck_assert_int_ne(fputc(zero_head && i < head ? 0 : (int)((i * 7 + 3) & 0xff), f), EOF);
	ck_assert_int_eq(fclose(f), 0);
	return path;
}

static void
sign_mem(struct ota_mcuboot_signer *s, const char *in, struct membuf *out)
{
	int r;

	memset(out, 0, sizeof(*out));
	r = ota_mcuboot_sign(s, in, membuf_write, out);
	ck_assert_msg(r == OTA_OK, "%s", ota_mcuboot_signer_errmsg(s));
}

START_TEST(sign_all_key_types)
{
	static const struct {
		enum ota_key_type t;
		uint16_t sigtlv, hashtlv;
		size_t hlen;
	} kt[] = {
		{ OTA_KEY_P256, 0x22, 0x10, 32 },
		{ OTA_KEY_P384, 0x22, 0x11, 48 },
		{ OTA_KEY_ED25519, 0x24, 0x10, 32 },
		{ OTA_KEY_RSA2048, 0x20, 0x10, 32 },
		{ OTA_KEY_RSA3072, 0x23, 0x10, 32 },
	};
	struct ota_fw_version v = { 1, 2, 3, 4 };
	struct ota_key *k, *other = NULL;
	struct ota_mcuboot_signer *s;
	struct ota_mcuboot *m;
	struct membuf out;
	const char *in = raw_file(3000, 0, 0);
	uint8_t d[64], sd[64];
	size_t i, dl, sdl;
	uint16_t type, len;
	int prot;

	ck_assert_int_eq(ota_key_generate(&other, OTA_KEY_P256), OTA_OK);
	for (i = 0; i < sizeof(kt) / sizeof(kt[0]); i++) {
		k = NULL;
		ck_assert_int_eq(ota_key_generate(&k, kt[i].t), OTA_OK);
		ck_assert_int_eq(ota_key_type(k), (int)kt[i].t);
		ck_assert_ptr_nonnull(s = ota_mcuboot_signer_new());
		ck_assert_int_eq(ota_mcuboot_signer_set_version(s, &v), OTA_OK);
		ck_assert_int_eq(ota_mcuboot_signer_set_header_size(s, 0x100, 1), OTA_OK);
		ck_assert_int_eq(ota_mcuboot_signer_set_security_counter(s, 7), OTA_OK);
		ck_assert_int_eq(ota_mcuboot_signer_add_tlv(s, 0xa0, 1, "\x01\x02\x03", 3), OTA_OK);
		ck_assert_int_eq(ota_mcuboot_signer_set_key(s, k, i == 2), OTA_OK);
		sign_mem(s, in, &out);
		m = ota_mcuboot_new();
		ck_assert_int_eq(ota_mcuboot_open_memory(m, out.p, out.n), OTA_OK);
		ck_assert_uint_eq(ota_mcuboot_header_size(m), 0x100);
		ck_assert_uint_eq(ota_mcuboot_image_size(m), 3000);
		ck_assert_uint_eq(ota_mcuboot_protect_tlv_size(m), 4 + 8 + 7);
		ck_assert_uint_eq(ota_mcuboot_tlv_count(m), 5);
		ck_assert_int_eq(ota_mcuboot_tlv_get(m, 0, &type, &prot, NULL, &len), OTA_OK);
		ck_assert(type == 0x50 && prot && len == 4);
		ck_assert_int_eq(ota_mcuboot_tlv_get(m, 1, &type, &prot, NULL, &len), OTA_OK);
		ck_assert(type == 0xa0 && prot && len == 3);
		ck_assert_int_eq(ota_mcuboot_tlv_get(m, 2, &type, &prot, NULL, &len), OTA_OK);
		ck_assert(type == kt[i].hashtlv && !prot && len == kt[i].hlen);
		ck_assert_int_eq(ota_mcuboot_tlv_get(m, 3, &type, NULL, NULL, &len), OTA_OK);
		ck_assert_uint_eq(type, i == 2 ? OTA_MCUBOOT_TLV_PUBKEY : OTA_MCUBOOT_TLV_KEYHASH);
		ck_assert_int_eq(ota_mcuboot_tlv_get(m, 4, &type, NULL, NULL, &len), OTA_OK);
		ck_assert_uint_eq(type, kt[i].sigtlv);
		ck_assert_int_eq(ota_mcuboot_sig_type(m), (int)kt[i].t);
		ck_assert_int_eq(ota_mcuboot_verify(m, k, 0), OTA_OK);
		ck_assert_int_eq(ota_mcuboot_verify(m, other, 0), OTA_E_WRONG_KEY);
		dl = sizeof(d);
		sdl = sizeof(sd);
		ck_assert_int_eq(ota_mcuboot_digest(m, d, &dl), OTA_OK);
		ck_assert_int_eq(ota_mcuboot_signer_digest(s, sd, &sdl), OTA_OK);
		ck_assert_uint_eq(dl, kt[i].hlen);
		ck_assert_mem_eq(d, sd, dl);
		ota_mcuboot_free(&m);
		/* the signature TLV's last byte flipped: a bad signature */
		out.p[out.n - 1] ^= 0x40;
		ck_assert_int_eq(open_verify(out.p, out.n, k, 0, NULL), OTA_E_BAD_SIGNATURE);
		membuf_free(&out);
		ota_mcuboot_signer_free(&s);
		ck_assert_ptr_null(s);
		ota_key_free(&k);
	}
	ota_key_free(&other);
	unlink(in);
}
END_TEST

/* A small signed image: every byte flipped fails verify. */
START_TEST(small_image_every_flip)
{
	struct ota_fw_version v = { 0, 1, 0, 0 };
	struct ota_key *k = NULL;
	struct ota_mcuboot_signer *s = ota_mcuboot_signer_new();
	struct membuf out;
	const char *in = raw_file(64 + 200, 1, 64);
	size_t i;
	int r, openr;

	ck_assert_int_eq(ota_key_generate(&k, OTA_KEY_ED25519), OTA_OK);
	ck_assert_int_eq(ota_mcuboot_signer_set_version(s, &v), OTA_OK);
	ck_assert_int_eq(ota_mcuboot_signer_set_header_size(s, 64, 0), OTA_OK);
	ck_assert_int_eq(ota_mcuboot_signer_set_security_counter(s, 3), OTA_OK);
	ck_assert_int_eq(ota_mcuboot_signer_set_key(s, k, 0), OTA_OK);
	sign_mem(s, in, &out);
	ck_assert_int_eq(open_verify(out.p, out.n, k, 0, NULL), OTA_OK);
	for (i = 0; i < out.n; i++) {
		out.p[i] ^= 0x80;
		r = open_verify(out.p, out.n, k, 0, &openr);
		ck_assert_msg(r != OTA_OK, "flip at %zu passed", i);
		out.p[i] ^= 0x80;
	}
	membuf_free(&out);
	ota_mcuboot_signer_free(&s);
	ota_key_free(&k);
	unlink(in);
}
END_TEST

static const uint8_t bmagic[16] = {
	0x77, 0xc2, 0x95, 0xf3, 0x60, 0xd2, 0xef, 0x7f,
	0x35, 0x52, 0x50, 0x0f, 0x2c, 0xb6, 0x79, 0x80
};

START_TEST(sign_pad_and_limits)
{
	struct ota_fw_version v = { 1, 0, 0, 0 };
	struct ota_mcuboot_signer *s = ota_mcuboot_signer_new();
	struct ota_mcuboot *m;
	struct membuf out;
	const char *in = raw_file(1000, 1, 32);
	uint64_t off, len;
	int bm;

	ck_assert_int_eq(ota_mcuboot_signer_set_version(s, &v), OTA_OK);
	ck_assert_int_eq(ota_mcuboot_signer_set_header_size(s, 32, 0), OTA_OK);
	ck_assert_int_eq(ota_mcuboot_signer_set_load_addr(s, 0x20000000u), OTA_OK);
	ck_assert_int_eq(ota_mcuboot_signer_set_flags(s, OTA_MCUBOOT_F_NON_BOOTABLE), OTA_OK);
	ck_assert_int_eq(ota_mcuboot_signer_set_flags(s, OTA_MCUBOOT_F_ENCRYPTED_AES128),
	    OTA_E_UNSUPPORTED);
	ck_assert_int_eq(ota_mcuboot_signer_set_align(s, 3), OTA_E_RANGE);
	ck_assert_int_eq(ota_mcuboot_signer_set_hash(s, 160), OTA_E_RANGE);
	ck_assert_int_eq(ota_mcuboot_signer_add_tlv(s, 0x10, 1, "x", 1), OTA_E_RANGE);
	ck_assert_int_eq(ota_mcuboot_signer_set_header_size(s, 16, 0), OTA_E_RANGE);
	ck_assert_int_eq(ota_mcuboot_signer_set_hash(s, 512), OTA_OK);
	ck_assert_int_eq(ota_mcuboot_signer_set_slot(s, 0x1000, 1), OTA_OK);
	sign_mem(s, in, &out);
	ck_assert_uint_eq(out.n, 0x1000);
	ck_assert_mem_eq(out.p + out.n - 16, bmagic, 16);
	ck_assert_uint_eq(out.p[out.n - 17], 0xff);
	m = ota_mcuboot_new();
	ck_assert_int_eq(ota_mcuboot_open_memory(m, out.p, out.n), OTA_OK);
	ck_assert_uint_eq(ota_mcuboot_load_addr(m), 0x20000000u);
	ck_assert_uint_eq(ota_mcuboot_flags(m), OTA_MCUBOOT_F_NON_BOOTABLE | OTA_MCUBOOT_F_RAM_LOAD);
	ck_assert_uint_eq(ota_mcuboot_hash_bits(m), 512);
	ck_assert_int_eq(ota_mcuboot_trailer(m, &off, &len, &bm), OTA_OK);
	ck_assert_uint_eq(off, 1000 + 4 + 4 + 64);
	ck_assert_uint_eq(off + len, 0x1000);
	ck_assert_int_eq(bm, 1);
	ck_assert_uint_eq(ota_mcuboot_diag_count(m), 1);
	/* unsigned: passes on its hash */
	ck_assert_int_eq(ota_mcuboot_verify(m, NULL, 0), OTA_OK);
	ck_assert_int_eq(ota_mcuboot_sig_result(m), OTA_SIG_ABSENT);
	ota_mcuboot_free(&m);
	membuf_free(&out);
	/* imgtool's trailer at alignment 1: 384 + 4 * 8 + 16 = 432 bytes; the
	 * image is 32 + 1000 - 32 + 4 + 68 = 1072 */
	ck_assert_int_eq(ota_mcuboot_signer_set_slot(s, 1072 + 432, 0), OTA_OK);
	memset(&out, 0, sizeof(out));
	ck_assert_int_eq(ota_mcuboot_sign(s, in, membuf_write, &out), OTA_OK);
	membuf_free(&out);
	ck_assert_int_eq(ota_mcuboot_signer_set_slot(s, 1072 + 431, 0), OTA_OK);
	memset(&out, 0, sizeof(out));
	ck_assert_int_eq(ota_mcuboot_sign(s, in, membuf_write, &out), OTA_E_LIMIT);
	membuf_free(&out);
	/* no header padding and a non-zero start */
	ck_assert_int_eq(ota_mcuboot_signer_set_slot(s, 0, 0), OTA_OK);
	ck_assert_int_eq(ota_mcuboot_signer_set_header_size(s, 64, 0), OTA_OK);
	memset(&out, 0, sizeof(out));
	ck_assert_int_eq(ota_mcuboot_sign(s, in, membuf_write, &out), OTA_E_RANGE);
	membuf_free(&out);
	ota_mcuboot_signer_free(&s);
	unlink(in);
}
END_TEST

/* imgtool's bytes: the Ed25519 vector was made with -H 0x200 --pad-header
 * -v 2.0.1+1234 from its body.  Its private key is not in the vectors, so
 * the image is rebuilt unsigned: header, padding, body and hash TLV must be
 * imgtool's bytes, and the key hash TLV is the public key's. */
START_TEST(imgtool_bytes)
{
	struct ota_fw_version v = { 2, 0, 1, 1234 };
	struct ota_mcuboot_signer *s = ota_mcuboot_signer_new();
	struct membuf out;
	uint8_t *img;
	size_t len;
	char path[64];
	FILE *f;

	img = slurp(vector_path(ED_IMG), &len);
	(void)snprintf(path, sizeof(path), "mcuboot-body-%ld.bin", (long)getpid());
	ck_assert_ptr_nonnull(f = fopen(path, "wb"));
	ck_assert_uint_eq(fwrite(img + 512, 1, 24576, f), 24576);
	ck_assert_int_eq(fclose(f), 0);
	ck_assert_int_eq(ota_mcuboot_signer_set_version(s, &v), OTA_OK);
	ck_assert_int_eq(ota_mcuboot_signer_set_header_size(s, 0x200, 1), OTA_OK);
	sign_mem(s, path, &out);
	ck_assert_uint_eq(out.n, 25088 + 4 + 4 + 32);
	ck_assert_mem_eq(out.p, img, 25088);
	/* the TLV area's first TLV: imgtool's SHA-256 TLV, byte for byte */
	ck_assert_mem_eq(out.p + 25088 + 4, img + 25088 + 4, 36);
	ck_assert_uint_eq(out.p[25088], 0x07);
	ck_assert_uint_eq(out.p[25089], 0x69);
	membuf_free(&out);
	ota_mcuboot_signer_free(&s);
	free(img);
	unlink(path);
}
END_TEST

/* ---- crafted bad images ---- */
/* header (hdr 32), body of n bytes, then area bytes as given */
static size_t
craft(uint8_t *b, uint16_t hdr, uint16_t prot, uint32_t img, const uint8_t *tail, size_t tl)
{
	memset(b, 0, 32);
	put32(b, 0x96f3b83du);
	put16(b + 8, hdr);
	put16(b + 10, prot);
	put32(b + 12, img);
	memset(b + 32, 0x5a, img + (hdr > 32 ? hdr - 32u : 0u));
	memcpy(b + (hdr > 32 ? hdr : 32) + img, tail, tl);
	return (size_t)(hdr > 32 ? hdr : 32) + img + tl;
}

START_TEST(crafted_bad)
{
	/* unprotected area with a SHA-256 TLV of 32 bytes */
	static uint8_t good[40] = { 0x07, 0x69, 40, 0, 0x10, 0, 32, 0 };
	static const struct {
		const char *what;
		uint16_t hdr, prot;
		uint32_t img;
		const char *tailhex;
		int open_r, verify_r;
		const char *msg;
	} t[] = {
		{ "wrong TLV magic", 32, 0, 16, "06690400", OTA_E_BAD_MAGIC, 0, "0x6907" },
		{ "TLV info magic garbage", 32, 0, 16, "12340400", OTA_E_BAD_MAGIC, 0, "info magic" },
		{ "protected size mismatch", 32, 12, 16, "0869100050000400010000000769040000",
		    OTA_E_STRUCTURE, 0, "ih_protect_tlv_size" },
		{ "protected size below 4", 32, 2, 16, "07690400", OTA_E_STRUCTURE, 0, "less than" },
		{ "TLV length overrun", 32, 0, 16, "076908001000ff00", OTA_E_STRUCTURE, 0,
		    "runs past" },
		{ "TLV header cut", 32, 0, 16, "0769060010ff", OTA_E_STRUCTURE, 0, "4-byte TLV header" },
		{ "area total below 4", 32, 0, 16, "07690200", OTA_E_STRUCTURE, 0, "less than its" },
		{ "area total past the end", 32, 0, 16, "07694000", OTA_E_TRUNCATED, 0, "past the end" },
		{ "hash TLV of the wrong length", 32, 0, 16, "07690a0010000200aaaa", OTA_E_STRUCTURE,
		    0, "not 32" },
		{ "hash TLV in the protected area", 32, 8, 16, "0869080010000000" "07690400",
		    OTA_E_STRUCTURE, 0, "protected area" },
		{ "unannounced protected area", 32, 0, 16, "0869040007690400", OTA_E_BAD_MAGIC, 0,
		    "does not announce" },
		{ "no hash TLV", 32, 0, 16, "0769080050000000", OTA_OK, OTA_E_STRUCTURE, "no hash" },
		{ "duplicate key hash", 32, 0, 16, "07691000010002001111010002002222", OTA_E_STRUCTURE,
		    0, "a second KEYHASH" },
		{ "duplicate signature", 32, 0, 16, "07691000240002001111220002002222",
		    OTA_E_STRUCTURE, 0, "a second signature" },
		{ "hdr_size below 32", 16, 0, 16, "07690400", OTA_E_HEADER_LENGTH, 0, "less than the 32" },
		{ "img_size past the end", 32, 0, 100000, "", OTA_E_TRUNCATED, 0, "ih_img_size" },
	};
	static uint8_t b[200000];
	uint8_t tail[64];
	struct ota_mcuboot *m;
	size_t i, n, tl;
	int r;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		tl = unhex(t[i].tailhex, tail, sizeof(tail));
		n = craft(b, t[i].hdr, t[i].prot, t[i].img < 1000 ? t[i].img : 16, tail, tl);
		if (t[i].img >= 1000)
			put32(b + 12, t[i].img);
		m = ota_mcuboot_new();
		r = ota_mcuboot_open_memory(m, b, n);
		ck_assert_msg(r == t[i].open_r, "%s: open %d (%s)", t[i].what, r, ota_mcuboot_errmsg(m));
		if (r == OTA_OK)
			r = ota_mcuboot_verify(m, NULL, 0);
		if (t[i].open_r == OTA_OK)
			ck_assert_msg(r == t[i].verify_r, "%s: verify %d", t[i].what, r);
		ck_assert_msg(strstr(ota_mcuboot_errmsg(m), t[i].msg) != NULL, "%s: '%s'", t[i].what,
		    ota_mcuboot_errmsg(m));
		ota_mcuboot_free(&m);
	}
	/* duplicate hash TLVs */
	n = craft(b, 32, 0, 16, good, sizeof(good));
	memcpy(b + n, good + 4, 36);
	put16(b + 48 + 2, 76);
	m = ota_mcuboot_new();
	ck_assert_int_eq(ota_mcuboot_open_memory(m, b, n + 36), OTA_E_STRUCTURE);
	ck_assert_ptr_nonnull(strstr(ota_mcuboot_errmsg(m), "a second hash"));
	ota_mcuboot_free(&m);
	put16(b + 48 + 2, 40);
	/* a wrong hash: DIGEST */
	m = ota_mcuboot_new();
	ck_assert_int_eq(ota_mcuboot_open_memory(m, b, n), OTA_OK);
	ck_assert_int_eq(ota_mcuboot_verify(m, NULL, 0), OTA_E_DIGEST);
	ota_mcuboot_free(&m);
	/* truncated header, empty input, wrong magic */
	m = ota_mcuboot_new();
	ck_assert_int_eq(ota_mcuboot_open_memory(m, b, 20), OTA_E_TRUNCATED);
	ota_mcuboot_free(&m);
	m = ota_mcuboot_new();
	ck_assert_int_eq(ota_mcuboot_open_memory(m, b, 0), OTA_E_TRUNCATED);
	ota_mcuboot_free(&m);
	b[1] ^= 1;
	m = ota_mcuboot_new();
	ck_assert_int_eq(ota_mcuboot_open_memory(m, b, n), OTA_E_BAD_MAGIC);
	ck_assert_uint_eq(ota_mcuboot_erroffset(m), 0);
	ota_mcuboot_free(&m);
	b[1] ^= 1;
	/* trailing bytes that are not padding: a warning, not an error */
	memset(b + n, 0x11, 7);
	m = ota_mcuboot_new();
	ck_assert_int_eq(ota_mcuboot_open_memory(m, b, n + 7), OTA_OK);
	ck_assert_uint_eq(ota_mcuboot_diag_count(m), 1);
	ck_assert_int_eq(ota_mcuboot_diag_get(m, 0, &r, NULL, NULL), OTA_OK);
	ck_assert_int_eq(r, OTA_D_MCUBOOT_TRAILING_DATA);
	ota_mcuboot_free(&m);
	/* encrypted: verify refuses */
	put32(b + 16, OTA_MCUBOOT_F_ENCRYPTED_AES128);
	m = ota_mcuboot_new();
	ck_assert_int_eq(ota_mcuboot_open_memory(m, b, n), OTA_OK);
	ck_assert_int_eq(ota_mcuboot_verify(m, NULL, 0), OTA_E_UNSUPPORTED);
	ota_mcuboot_free(&m);
	ck_assert(ota_mcuboot_sniff("\x3d\xb8\xf3\x96", 4));
	ck_assert(ota_mcuboot_sniff("\x3c\xb8\xf3\x96", 4));
	ck_assert(!ota_mcuboot_sniff("\x3d\xb8\xf3", 3));
	ck_assert_int_eq(ota_mcuboot_verify(NULL, NULL, 0), OTA_E_INVAL);
	ck_assert_str_eq(ota_key_type_name(OTA_KEY_RSA3072), "rsa-3072");
	ck_assert_str_eq(ota_key_type_name(OTA_KEY_P384), "p384");
}
END_TEST

Suite *
suite_mcuboot(void)
{
	Suite *s = suite_create("mcuboot");
	TCase *tc = tcase_create("mcuboot");

	tcase_set_timeout(tc, 300);
	tcase_add_test(tc, vectors_verify);
	tcase_add_test(tc, vectors_other_key_same_type);
	tcase_add_test(tc, forward_only);
	tcase_add_test(tc, vector_flips);
	tcase_add_test(tc, sign_all_key_types);
	tcase_add_test(tc, small_image_every_flip);
	tcase_add_test(tc, sign_pad_and_limits);
	tcase_add_test(tc, imgtool_bytes);
	tcase_add_test(tc, crafted_bad);
	suite_add_tcase(s, tc);
	return s;
}
