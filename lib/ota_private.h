/*
 * ota_private.h - declarations shared inside libotaimg only.
 * Internal non-static functions use the ota__ prefix.
 */
#ifndef OTA_PRIVATE_H
#define OTA_PRIVATE_H

#include <stdarg.h>
#include <stdint.h>
#include <stddef.h>

#include "otaimg.h"

/* I/O buffer used by streaming passes (heap-allocated, one per pass). */
#define OTA_IOBUF 65536u
/* Bytes probed at the start of an input for containers and the header. */
#define OTA_PROBE 4096u
/* Bytes sniffed at the start of each element's data. */
#define OTA_SNIFF 64u
#define OTA_MSG_LEN 256u

#define OTA_IMAGE_MAGIC 0x4f54414du   /* "OTAM" */
#define OTA_BUILDER_MAGIC 0x4f544142u /* "OTAB" */
#define OTA_TRUST_MAGIC 0x4f544154u /* "OTAT" */

/* ---- library context (api.c): the settings a handle copies ---- */
#define OTA_CTX_MAGIC 0x4f544143u /* "OTAC" */
struct ota_env {
	void *libctx;              /* OSSL_LIB_CTX *, NULL: OpenSSL's default */
	char propq[OTA_PROPQ_MAX]; /* "" : none */
	ota_log_fn log;            /* NULL: nothing is logged */
	void *logarg;
	ota_realloc_fn ra;         /* NULL: the C library's allocator */
	ota_free_fn fr;
	void *aarg;
};
struct ota_ctx {
	uint32_t magic;
	struct ota_env env;
};
/* ctx NULL or invalid: the defaults. */
void ota__env_from(struct ota_env *env, const struct ota_ctx *ctx);
/* Memory through env's allocator (env NULL or without one: the C library). */
void *ota__alloc(const struct ota_env *env, size_t n);
void *ota__zalloc(const struct ota_env *env, size_t n);
void *ota__realloc(const struct ota_env *env, void *p, size_t n);
void ota__free(const struct ota_env *env, void *p);
/* The property query for OpenSSL: NULL when none. */
const char *ota__propq(const struct ota_env *env);
/* One log line "fmt...: OpenSSL: reason" (the reason when the OpenSSL
 * error queue holds one); nothing when env has no callback. */
void ota__log(const struct ota_env *env, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* ---- bounded cursor (STYLE.md 3A) ---- */
struct ota_cur {
	const uint8_t *p;
	size_t n;
};

int ota__cur_u8(struct ota_cur *c, uint8_t *v);
int ota__cur_u16le(struct ota_cur *c, uint16_t *v);
int ota__cur_u32le(struct ota_cur *c, uint32_t *v);
int ota__cur_u64le(struct ota_cur *c, uint64_t *v);
int ota__cur_bytes(struct ota_cur *c, void *dst, size_t len);
int ota__cur_skip(struct ota_cur *c, size_t len);
int ota__cur_take(struct ota_cur *c, size_t len, struct ota_cur *sub);

/* little-endian stores for the builder */
void ota__put_u16le(uint8_t *p, uint16_t v);
void ota__put_u32le(uint8_t *p, uint32_t v);

/* ---- progress (progress.c) ----
 * A job starts with its total, adds the bytes it has passed (fn is called
 * at most every OTA_IOBUF bytes) and ends with a call at done == total.  A
 * non-zero return: OTA_E_CANCELLED, with cancelled and done kept for the
 * message ota__prog_msg writes. */
struct ota_prog {
	ota_progress_fn fn;
	void *arg;
	uint64_t total, done, next;
	int called;       /* fn has seen done */
	int cancelled;
};
void ota__prog_start(struct ota_prog *p, uint64_t total);
int ota__prog_add(struct ota_prog *p, uint64_t n);
int ota__prog_end(struct ota_prog *p);
void ota__prog_msg(const struct ota_prog *p, char *buf, size_t len);

/* ---- reader over struct ota_io ---- */
/* Forward-only inputs (no working seek): the last OTA_BACK bytes read are
 * kept, so a read may start a little behind the input position (a short
 * element inside the sniff window, the trailer after the size is learnt);
 * pinned ranges (at most OTA_PINS of OTA_PIN_MAX bytes) are copied as
 * they pass, for the checks that read them after the pass. */
#define OTA_BACK 8192u
#define OTA_PINS 6u
#define OTA_PIN_MAX 96u
struct ota_pin {
	uint64_t off;
	size_t len, have;  /* have: bytes from off copied so far */
	uint8_t b[OTA_PIN_MAX];
};
/* Called with every byte a forward-only input yields, in order, once. */
typedef int (*ota__tap_fn)(void *ctx, uint64_t off, const uint8_t *p, size_t n);
struct ota_rd {
	struct ota_io io;
	void *ctx;
	uint64_t pos;     /* where the next read starts */
	int have_size;
	uint64_t size;
	int open;
	uint8_t *head;    /* the first bytes read from offset 0 (OTA_PROBE at most), */
	size_t headlen;   /* kept so that forward-only inputs can be read again */
	int head_is_all;  /* the input ended inside head */
	int fwd;          /* no working seek: read forward only */
	int eof;          /* a forward read reached the end */
	uint8_t *back;    /* fwd: ring of the last OTA_BACK bytes before pos */
	uint8_t *skip;    /* fwd: OTA_IOBUF bytes to read and discard through */
	struct ota_pin pin[OTA_PINS];
	size_t npin;
	ota__tap_fn tap;
	void *tapctx;
	int taperr;       /* the first failure the tap returned */
	uint64_t nz_end;  /* fwd: just past the last non-zero byte read */
	struct ota_prog *prog; /* NULL, or where ota__copy_range and ota__hs_run report */
	const struct ota_env *env; /* its memory */
};

int ota__rd_init(struct ota_rd *rd, const struct ota_io *io, void *ctx, const struct ota_env *env);
void ota__rd_close(struct ota_rd *rd);
/* Read up to len bytes at offset off; *got < len only at end of input. */
int ota__rd_pread(struct ota_rd *rd, uint64_t off, void *buf, size_t len, size_t *got);
/* fwd, once read to its end: are the bytes from pos to the end all zero?
 * (More than the ring holds: a tar archive's padding.)  OTA_E_UNSUPPORTED
 * otherwise, and the caller reads them. */
int ota__rd_zero_tail(const struct ota_rd *rd, uint64_t pos, uint64_t stop, int *yes);
/* Learn the input size (reading to the end when there is no size callback). */
int ota__rd_size(struct ota_rd *rd, uint64_t *size);
/* fwd: keep [off, off+len) (len <= OTA_PIN_MAX) for later reads; what was
 * read already is copied when still held.  Ignored when full or seekable. */
void ota__rd_pin(struct ota_rd *rd, uint64_t off, size_t len);


/* built-in io openers (the struct ota_io and context they fill) */
struct ota_mem_ctx {
	const uint8_t *buf;
	size_t len;
	size_t pos;
};
extern const struct ota_io ota__fd_io;     /* ctx: int fd stored in struct ota_fd_ctx */
extern const struct ota_io ota__FILE_io;   /* ctx: FILE * */
extern const struct ota_io ota__mem_io;    /* ctx: struct ota_mem_ctx * */
struct ota_fd_ctx {
	int fd;
	int owned;  /* close on close */
};

/* ---- sequential input (lib/core/src.c): a file, memory or a forward-only
 * callback, read from the start; used by the MCUboot and Matter readers ---- */
struct ota__src {
	ota_read_fn read;
	void *ctx;
	int fd;                 /* a file (-1 otherwise): seekable when regular */
	const uint8_t *mem;
	size_t memlen;
	int seekable;
	uint64_t size;          /* seekable: the input's size */
	uint64_t pos;
};
/* OTA_E_IO with errno set when the open fails */
int ota__src_open_path(struct ota__src *s, const char *path);
void ota__src_memory(struct ota__src *s, const void *buf, size_t len);
void ota__src_cb(struct ota__src *s, ota_read_fn read, void *ctx);
void ota__src_close(struct ota__src *s);
/* up to len bytes (fewer only at the end): OTA_OK, or OTA_E_IO */
int ota__src_read(struct ota__src *s, void *buf, size_t len, size_t *got);
int ota__src_seek(struct ota__src *s, uint64_t off);

/* ---- atomic output file ---- */
struct ota_atomic {
	int fd;
	char *tmp;      /* the temporary file; NULL when written directly */
	char *path;     /* the name finally written (symbolic links followed) */
	unsigned flags; /* OTA_OUTPUT_* */
	int direct;     /* a device, FIFO or socket: no temporary file, no rename */
	int dfd;        /* the temporary file's folder, synced after the rename */
};
int ota__atomic_open(struct ota_atomic *a, const char *path);
int ota__atomic_open_flags(struct ota_atomic *a, const char *path, unsigned flags);
int ota__atomic_write(void *ctx, const void *buf, size_t len); /* ota_write_fn */
int ota__atomic_commit(struct ota_atomic *a);
void ota__atomic_private(struct ota_atomic *a);
void ota__atomic_abort(struct ota_atomic *a);
/* copy.c: copy up to len bytes of in, from offset off, to out's position
 * in the kernel; returns how many it copied (fewer, even 0, when it could
 * not: the caller goes on with read and write from there). */
uint64_t ota__copy_kernel(int in, uint64_t off, int out, uint64_t len);

/* ---- AES-MMO ---- */
struct ota_mmo_direct;   /* aes_mmo.c: the provider's AES-128-ECB, called directly */
struct ota_mmo {
	void *evp;          /* EVP_CIPHER_CTX: the fallback path */
	void *cipher;       /* EVP_CIPHER (fetched) */
	struct ota_mmo_direct *direct; /* NULL: the provider offers none; EVP is used */
	int evp_only;       /* tests: take the EVP path even when direct is set */
	uint8_t h[16];
	uint8_t buf[16];
	size_t nbuf;
	uint64_t total;     /* bytes hashed */
	int state;          /* 0 uninit, 1 running, 2 final */
	const struct ota_env *env; /* where direct came from */
};
int ota__mmo_setup(struct ota_mmo *m);
int ota__mmo_setup_env(struct ota_mmo *m, const struct ota_env *env);
int ota__mmo_digest_env(const struct ota_env *env, const void *buf, size_t len, uint8_t out[16]);
void ota__mmo_teardown(struct ota_mmo *m);
int ota__mmo_copy(struct ota_mmo *dst, const struct ota_mmo *src);
/* B.6's limit: from 2^32 bits (512 MiB) on, the length field wraps as the
 * device stacks compute it (aes_mmo.c); the image layer reports that. */
#define OTA_MMO_SPEC_LIMIT ((uint64_t)1 << 29)
struct ota_diaglist;
int ota__mmo_wrap_diag(struct ota_diaglist *l, uint64_t covered, uint64_t off);

/* ---- the hashes of a verify pass (stream.c) ----
 * One AES-MMO state over [start, ...) finished at each cut (a copy is
 * finalised there, so [start, cut) for several cuts costs one pass), a
 * CRC-32 over [start, crc_end), and SHA-256 streams over [s, cut) with two
 * cuts each.  Bytes are fed in order; the seekable verify pass and the
 * forward-only open feed the same code. */
#define OTA_HS_CUTS 4u
#define OTA_HS_SHA 2u
struct ota_hashes {
	uint64_t start, pos;    /* pos: the next byte expected */
	int broken;             /* a gap in the bytes fed: no result */
	struct ota_mmo mmo, tmp;
	int mmo_on;
	uint64_t cut[OTA_HS_CUTS];
	uint8_t dig[OTA_HS_CUTS][16];
	int done[OTA_HS_CUTS];
	size_t ncut;
	int crc_on, crc_done;
	uint64_t crc_end;
	unsigned long crc;
	void *sha[OTA_HS_SHA];  /* EVP_MD_CTX */
	uint64_t sha_start[OTA_HS_SHA], sha_cut[OTA_HS_SHA][2];
	uint8_t sha_dig[OTA_HS_SHA][2][32];
	int sha_done[OTA_HS_SHA][2];
	size_t nsha;
	const struct ota_env *env; /* NULL: OpenSSL's defaults */
};
int ota__hs_init(struct ota_hashes *h, uint64_t start);
int ota__hs_init_env(struct ota_hashes *h, uint64_t start, const struct ota_env *env);
void ota__hs_free(struct ota_hashes *h);
int ota__hs_mmo_cut(struct ota_hashes *h, uint64_t cut);
void ota__hs_crc(struct ota_hashes *h, uint64_t end);
/* cut0 may be UINT64_MAX (none); cut1 is the end. */
int ota__hs_sha(struct ota_hashes *h, uint64_t start, uint64_t cut0, uint64_t cut1);
void ota__hs_drop_sha(struct ota_hashes *h);
int ota__hs_feed(struct ota_hashes *h, uint64_t off, const uint8_t *p, size_t n);
/* Read [h->start, stop) from rd and feed it (the seekable pass). */
int ota__hs_run(struct ota_hashes *h, struct ota_rd *rd, uint64_t stop, uint64_t *fail_at);
const uint8_t *ota__hs_mmo_at(const struct ota_hashes *h, uint64_t cut);
int ota__hs_crc_at(const struct ota_hashes *h, uint64_t end, uint32_t *crc);
const uint8_t *ota__hs_sha_at(const struct ota_hashes *h, uint64_t start, uint64_t end);

/* ---- Smart Energy crypto suites (ecqv.c) ---- */
struct ota_suite_info {
	int suite;
	int nid;              /* OpenSSL curve */
	const char *group;    /* its name */
	uint16_t sig_tag, cert_tag;
	uint32_t sig_len, cert_len;
	size_t rs_len;        /* bytes of r, and of s */
	size_t point_len;     /* compressed point */
	size_t pu_off, subj_off, iss_off; /* inside the certificate */
};
struct bignum_st;
const struct ota_suite_info *ota__suite(int suite);
const struct ota_suite_info *ota__suite_by_tag(uint16_t tag);
uint64_t ota__be64(const uint8_t *p);
int ota__ec_point_check(const struct ota_suite_info *s, const uint8_t *pt, size_t len);
int ota__ecqv_reconstruct(const struct ota_env *env, const struct ota_suite_info *s, const uint8_t *cert, const uint8_t *ca,
    size_t ca_len, uint8_t *out, size_t *out_len);
int ota__ecdsa_verify_pkey(const struct ota_env *env, void *evp_pkey, const char *md, const uint8_t *digest, size_t dlen,
    const uint8_t *r, const uint8_t *sv, size_t rs_len);
int ota__ecdsa_verify(const struct ota_env *env, const struct ota_suite_info *s, const uint8_t *pub, size_t publen,
    const uint8_t digest[16], const uint8_t *r, const uint8_t *sv);
int ota__ecdsa_sign(const struct ota_suite_info *s, void *evp_pkey, const uint8_t digest[16],
    uint8_t *r, uint8_t *sv);
int ota__rs_to_der(const uint8_t *r, const uint8_t *s, size_t n, uint8_t **der, size_t *derlen);
int ota__sig_parse(const struct ota_suite_info *s, const uint8_t *in, size_t len, uint8_t *r,
    uint8_t *sv);
void *ota__ec_privkey(const struct ota_suite_info *s, const struct bignum_st *d);
int ota__ecqv_issue(const struct ota_suite_info *s, void *ca_pkey, uint64_t subject,
    uint64_t issuer, const uint8_t *extra, uint8_t *cert, void **user_pkey);

/* ---- GBCS (gbcs.c) ---- */
#define OTA_GBCS_TRAILER 66u /* 2-byte length 64, then r||s */
/* After a failed walk: is this a GBCS upgrade image?  Sets the fields. */
int ota__gbcs_detect(struct ota_image *img);
int ota__gbcs_trailer_like(struct ota_image *img, int rs, int *yes);
/* verify.c: structure, integrity code, signature digest (no signature check). */
int ota__image_verify_structure(struct ota_image *img);
int ota__gbcs_verify_sig(struct ota_image *img, const struct ota_trust *trust, unsigned flags);
size_t ota__trust_supplier_count(const struct ota_trust *t);
void *ota__trust_supplier_at(const struct ota_trust *t, size_t i, int64_t *nb, int64_t *na,
    const char **subject);
/* r and s both in [1, n-1] for the curve nid's order n: OTA_OK or
 * OTA_E_BAD_SIGNATURE (a structurally impossible signature). */
int ota__rs_check(int nid, const uint8_t *r, const uint8_t *sv, size_t rs_len);

/* ---- keys (keys.c) ---- */
#define OTA_KEY_MAGIC 0x4f54414bu /* "OTAK" */
struct ota_key {
	uint32_t magic;
	void *pkey;           /* EVP_PKEY */
	int priv;             /* holds a private key */
};
void ota__evp_free(void *evp_pkey);
/* errq.c: take the caller's OpenSSL errors off the queue, put them back
 * after calls that may push more than the queue holds (decoders). */
#define OTA_ERRQ_MAX 16 /* OpenSSL's ERR_NUM_ERRORS */
struct ota_errq {
	size_t n, used;
	struct {
		unsigned long code;
		int line;
		uint16_t file, func, text; /* offsets into pool; 0: none */
	} e[OTA_ERRQ_MAX];
	char pool[1536];  /* OpenSSL frees its strings: we keep copies */
};
/* atomic.c: the descriptor behind an open struct ota_output, or -1. */
int ota__output_fd(const struct ota_output *o);
/* image.c: OTA_E_PARTIAL or OTA_E_TRUNCATED (with a message) for a handle
 * without the whole image, else OTA_OK. */
int ota__image_whole(struct ota_image *img, const char *fn);
void ota__errq_save(struct ota_errq *q);
void ota__errq_restore(const struct ota_errq *q);
/* OpenSSL's reason for a failed call: mark saves the caller's queue (as
 * above); done writes "fmt..." to msg when r failed and msg is not NULL,
 * followed by ": OpenSSL: reason" when OpenSSL raised one since the mark
 * ("" when r is OTA_OK), then puts the caller's queue back. */
void ota__ssl_mark(struct ota_errq *m);
void ota__ssl_done(struct ota_errq *m, int r, char *msg, size_t len, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
/* trust.c */
size_t ota__trust_ca_count(const struct ota_trust *t, int suite);
const uint8_t *ota__trust_ca_at(const struct ota_trust *t, int suite, size_t i, size_t *len);
/* Kinds of anchors the caller named (not loaded from a directory): bit
 * 1 << suite for Smart Energy CA keys, OTA__NAMED_GBCS for supplier keys. */
#define OTA__NAMED_GBCS 0x8u
unsigned ota__trust_named(const struct ota_trust *t);
int ota__trust_required(const struct ota_trust *t);
/* Are there issuer or signer allow-lists? */
int ota__trust_lists(const struct ota_trust *t);
int ota__trust_allows(const struct ota_trust *t, uint64_t issuer, uint64_t signer, int *which);
/* The Smart Energy suite whose curve the key is on, or 0. */
int ota__key_suite(const struct ota_key *k);

/* ---- a header to write in place of an image's (sign.c, edit.c) ----
 * b[0, len): the fixed part and the optional fields (total_image_size at
 * 52 is set by the writer), then [extra_off, extra_off + extra_len) of the
 * input: header bytes past the fields the field control names. */
#define OTA__HDR_KNOWN_MAX 69u
struct ota__newhdr {
	uint8_t b[OTA__HDR_KNOWN_MAX];
	size_t len;
	uint64_t extra_off, extra_len;
};
/* builder.c: h's fixed part and the optional fields fc names, with the
 * given header_length and total_image_size; returns the bytes written. */
struct ota_hdr;
size_t ota__header_encode(const struct ota_hdr *h, uint16_t fc, uint16_t header_length,
    uint32_t total, uint8_t out[OTA__HDR_KNOWN_MAX]);
/* ota_image_sign with the header nh instead of the image's own. */
int ota__image_sign_hdr(struct ota_image *img, struct ota__newhdr *nh, const struct ota_key *key,
    const uint8_t *cert, size_t certlen, unsigned flags, uint8_t digest[16], ota_write_fn fn,
    void *ctx);

/* ---- a writer that also feeds AES-MMO ---- */
struct ota_hashout {
	ota_write_fn fn;
	void *ctx;
	struct ota_mmo *mmo;  /* NULL: write only */
	int err;              /* first failure */
};
int ota__hashout(void *ctx, const void *buf, size_t len); /* an ota_write_fn */

/* ---- diagnostics ---- */
/* One record per distinct code: the first occurrence's offset and message,
 * and how many times the code was reported (libotaimg(3), DIAGNOSTICS), so
 * the memory is bounded by the number of codes, not of elements. */
struct ota_diagrec {
	int code;
	uint64_t offset;        /* the first occurrence */
	uint64_t last;          /* the last occurrence */
	uint64_t count;         /* occurrences, >= 1 */
	size_t baselen;         /* msg's length before the " (and N more ...)" note */
	char msg[OTA_MSG_LEN];
};
struct ota_diaglist {
	struct ota_diagrec *v;
	size_t n, cap;
	const struct ota_env *env; /* its memory (NULL: the C library) */
};
int ota__diag_add(struct ota_diaglist *l, int code, uint64_t offset, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* Add a record with its count (a copy from another list). */
int ota__diag_copy(struct ota_diaglist *l, const struct ota_diagrec *d);
/* Remove the record of a code (one per code), if there is one. */
void ota__diag_remove(struct ota_diaglist *l, int code);
void ota__diag_clear(struct ota_diaglist *l);
/* Entry i, or NULL past the end. */
const struct ota_diagrec *ota__diag_at(const struct ota_diaglist *l, size_t i);
int ota__diag_err(int code);

/* ---- the image model ---- */
struct ota_elem {
	uint16_t tag;
	uint8_t hdr;            /* 6, or 8 for the Telink 0xF000 layout */
	uint8_t kind;           /* enum ota_payload_kind of the data */
	uint32_t kind_off;      /* where inside the data the kind was found */
	uint32_t len;
	uint64_t off;           /* file offset of the element header */
};

struct ota_hdr {
	uint16_t header_version, header_length, fc;
	uint16_t fc_read;       /* optional fields actually read */
	uint16_t manufacturer_code, image_type, stack_version;
	uint32_t file_version, total_image_size;
	uint8_t header_string[OTA_HEADER_STRING_LEN];
	uint8_t security_credential;
	uint64_t destination;
	uint16_t hw_min, hw_max;
};

struct ota_image {
	uint32_t magic;
	int state;              /* 0 new, 1 open, 2 failed */
	struct ota_env env;     /* from ota_image_new_ctx */
	struct ota_io cb;       /* ota_image_set_*_cb, for ota_image_open_cb */
	struct ota_rd rd;
	struct ota_fd_ctx fdctx;
	struct ota_mem_ctx memctx;
	uint64_t file_size;
	enum ota_container container;
	uint64_t ota_off;
	uint64_t cont_size;     /* the image size the container declares */
	int cont_has_size;      /* cont_size was read from the container */
	struct ota_hdr h;
	enum ota_walk walk;
	enum ota_format format;
	/* GBCS (walk == OTA_WALK_GBCS) */
	uint64_t mi_off, mi_len, gbcs_trailer; /* trailer offset, 0: none */
	uint8_t mi_hash[32];
	int have_mi_hash;
	unsigned mi_hash_flags;
	struct ota_elem *el;
	size_t nel, capel;
	int raw;                /* walk failed: raw payload from raw_off */
	uint64_t raw_off;
	uint8_t raw_kind;
	enum ota_trailer_kind trailer;
	uint64_t trailer_len;
	struct ota_diaglist diags;
	enum ota_iic_result iic;
	/* signature (verify.c) */
	int sig_idx, cert_idx;  /* element indexes, or -1 */
	enum ota_sig_result sig;
	uint8_t sig_digest[16];
	int have_sig_digest;
	uint64_t sig_signer, sig_subject, sig_issuer;
	int have_sig_info;
	int verified;           /* 0, or 1 + the result of the one verify */
	int verify_result;
	uint8_t iic_stored[16], iic_computed[16];
	char errmsg[OTA_MSG_LEN];
	uint64_t erroff;
	/* open flags, partial input (item: header only, truncated) */
	unsigned open_flags;
	int header_only;
	int truncated;          /* the input ends before the image does */
	uint64_t trunc_at, trunc_expect; /* where it ends; where the image ends (0: unknown) */
	/* forward-only input: hashes fed while reading (stream.c) */
	struct ota_hashes *hs;
	struct ota_prog prog;    /* ota_image_set_progress */
	int hs_err;
	/* extraction while opening (ota_image_stream_extract*) */
	struct {
		int armed, raw, state; /* state 0 waiting, 1 writing, 2 done */
		uint16_t tag;
		size_t nth, seen;
		ota_write_fn fn;
		void *ctx;
		uint64_t start, pos, end; /* the range; the next byte to write */
		int err;
	} sink;
};
/* Internal: a parse that stopped on a partial input the caller allowed. */
#define OTA__PARTIAL 1

int ota__image_seterr(struct ota_image *img, int err, uint64_t off, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* Entry check of a call that may change img (image.c): need is the state
 * required (0 new, 1 open), staterr the code when it is not; ok: the other
 * arguments are valid.  A refusal sets the message "fn: what". */
int ota__image_check(struct ota_image *img, int need, int staterr, int ok, const char *fn,
    const char *what);
int ota__zigbee_parse(struct ota_image *img);
/* stream.c: forward-only inputs.  After the header: start the hashes,
 * pins and tap.  In the walk: an element (pins its signature or
 * certificate bytes, starts a stream extraction).  At the end: check. */
int ota__fwd_begin(struct ota_image *img);
int ota__fwd_element(struct ota_image *img, const struct ota_elem *e, size_t nth_of_tag);
int ota__fwd_raw(struct ota_image *img, uint64_t off, uint64_t end);
int ota__fwd_end(struct ota_image *img);
/* The input ends before the image: a diagnostic when the caller allowed a
 * partial open (returns OTA__PARTIAL), else the error. */
int ota__truncated(struct ota_image *img, const char *what, uint64_t off);
/* The input ends at off inside what (need bytes, have present): the error,
 * or ota__truncated on a partial open. */
int ota__cut(struct ota_image *img, const char *what, uint64_t off, unsigned need, uint64_t have);
/* walk.c: the sub-element walk (standard and Telink layouts), raw payload,
 * GBCS detection. */
int ota__walk_elements(struct ota_image *img);
void ota__signature_peek(struct ota_image *img);
enum ota_payload_kind ota__sniff(const uint8_t *p, size_t n, uint32_t *where);
/* Expected header length for a field-control value (bits 0-2). */
unsigned ota__header_len_for_fc(uint16_t fc);
/* Add the value warnings (wildcards, reserved values) of a header. */
int ota__value_diags(struct ota_diaglist *l, const struct ota_hdr *h, uint64_t base);
/* Every check of a header's values (version, field control, stack, string,
 * the value warnings): what open reports and what the builder refuses in
 * strict mode come from this one function. */
int ota__header_diags(struct ota_diaglist *l, const struct ota_hdr *h, uint64_t base);
/* The element layout's checks (fixed lengths, last-element rules, tags). */
int ota__element_diags(struct ota_diaglist *l, const struct ota_elem *el, size_t nel, int raw,
    int gbcs, uint64_t first);

/* Stream input range [off, off+len) to fn. */
int ota__copy_range(struct ota_rd *rd, uint64_t off, uint64_t len, ota_write_fn fn, void *ctx);

void ota__vformat(char *dst, size_t len, const char *fmt, va_list ap)
    __attribute__((format(printf, 3, 0)));

#endif /* OTA_PRIVATE_H */
