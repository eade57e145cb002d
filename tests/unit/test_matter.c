/* test_matter.c - Matter OTA images: the three SDK-made vectors (known
 * answers from tests/vectors/README.md typed in), byte-for-byte creation,
 * byte flips, crafted malformed headers and files, forward-only input,
 * the attribute rules and the whole-file (ledger) digest. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "testutil.h"

#define MIN_DIGEST "d63a492f966fdb52501b5cc6a31eaf647be4f0345f6f8e621f985077e9bb8bc9"
#define FULL_DIGEST "5fd76875a08bf745c36afeac2d19e350c3a753e9bad2e4db7a31c4975fd9832b" \
	"cbf043fece538e25fc11b134da6ae6ff4448f2da1027cb7f1b31cef33a38e2d6"
#define SMALL_DIGEST "b9a5dd936b147a53f7a84caf392fe91b8883f3df7fcf19525600832f295a9f3a" \
	"cd950cdf5ba2a6d9d70da995739b859c"
/* openssl dgst of the whole files (the ledger's otaChecksum input) */
#define SMALL_FILE_SHA384 "5d66997fc9df61470be2a89b7c9bb4e5c069a4c3e24a48891b854088f58637d0" \
	"b061923780cf1666f45d6e6fbf0913ba"
#define FULL_FILE_SHA256 "d717d823eef91cf92d967d11e86a83217404b23f84e85950b66ec11b5d62acf6"

static int
open_mem(const uint8_t *b, size_t n, struct ota_matter **mp)
{
	struct ota_matter *m = ota_matter_new();

	ck_assert_ptr_nonnull(m);
	*mp = m;
	return ota_matter_open_memory(m, b, n);
}

static void
digest_is(const struct ota_matter_header *h, const char *hex)
{
	uint8_t want[64];
	size_t n = unhex(hex, want, sizeof(want));

	ck_assert_uint_eq(h->digest_len, n);
	ck_assert_mem_eq(h->digest, want, n);
}

START_TEST(vectors_read)
{
	struct ota_matter_header h;
	struct ota_matter *m;

	ck_assert_int_eq(ota_matter_open_path(m = ota_matter_new(),
	    vector_path("matter/sdk-min-sha256.ota")), OTA_OK);
	ck_assert_int_eq(ota_matter_get_header(m, &h), OTA_OK);
	ck_assert_uint_eq(ota_matter_total_size(m), 4173);
	ck_assert_uint_eq(ota_matter_header_size(m), 61);
	ck_assert_uint_eq(h.vendor_id, 0xFFF1);
	ck_assert_uint_eq(h.product_id, 0x8001);
	ck_assert_uint_eq(h.version, 2);
	ck_assert_str_eq(h.version_string, "2.0");
	ck_assert_uint_eq(h.payload_size, 4096);
	ck_assert(!h.has_min_version && !h.has_max_version && !h.has_url);
	ck_assert_uint_eq(h.digest_type, 1);
	digest_is(&h, MIN_DIGEST);
	ck_assert_int_eq(ota_matter_verify(m), OTA_OK);
	ck_assert_uint_eq(ota_matter_diag_count(m), 0);
	ota_matter_free(&m);

	ck_assert_int_eq(ota_matter_open_path(m = ota_matter_new(),
	    vector_path("matter/sdk-full-sha512.ota")), OTA_OK);
	ck_assert_int_eq(ota_matter_get_header(m, &h), OTA_OK);
	ck_assert_uint_eq(ota_matter_total_size(m), 4278);
	ck_assert_uint_eq(ota_matter_header_size(m), 145);
	ck_assert_uint_eq(h.version, 0x00020103);
	ck_assert_str_eq(h.version_string, "2.1.3-rc1");
	ck_assert_uint_eq(h.payload_size, 4117);
	ck_assert(h.has_min_version && h.min_version == 1);
	ck_assert(h.has_max_version && h.max_version == 131072);
	ck_assert(h.has_url);
	ck_assert_str_eq(h.release_notes_url, "https://example.com/notes/2.1.3");
	ck_assert_uint_eq(h.digest_type, 8);
	digest_is(&h, FULL_DIGEST);
	ck_assert_int_eq(ota_matter_verify(m), OTA_OK);
	ota_matter_free(&m);

	ck_assert_int_eq(ota_matter_open_path(m = ota_matter_new(),
	    vector_path("matter/sdk-small-sha384.ota")), OTA_OK);
	ck_assert_int_eq(ota_matter_get_header(m, &h), OTA_OK);
	ck_assert_uint_eq(ota_matter_total_size(m), 110);
	ck_assert_uint_eq(ota_matter_header_size(m), 73);
	ck_assert_uint_eq(ota_matter_payload_offset(m), 89);
	ck_assert_uint_eq(h.vendor_id, 0x1234);
	ck_assert_uint_eq(h.product_id, 1);
	ck_assert_uint_eq(h.version, 7);
	ck_assert_str_eq(h.version_string, "7");
	ck_assert_uint_eq(h.payload_size, 21);
	ck_assert_uint_eq(h.digest_type, 7);
	digest_is(&h, SMALL_DIGEST);
	ck_assert_int_eq(ota_matter_verify(m), OTA_OK);
	ota_matter_free(&m);
}
END_TEST

/* w's image written through an ota_output into a temporary file (the one
 * pass), read back; *len its length. */
static uint8_t *
out_file(struct ota_matter_writer *w, size_t *len)
{
	struct ota_output *o = ota_output_new();
	char dir[] = "/tmp/otaimg-matter-XXXXXX", path[64];
	uint8_t *got;

	ck_assert_ptr_nonnull(o);
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/out.ota", dir);
	ck_assert_int_eq(ota_output_open(o, path, 0), OTA_OK);
	ck_assert_msg(ota_matter_writer_write_output(w, o) == OTA_OK, "%s",
	    ota_matter_writer_errmsg(w));
	ck_assert_int_eq(ota_output_commit(o), OTA_OK);
	ota_output_free(&o);
	ck_assert_ptr_nonnull(got = slurp(path, len));
	ck_assert_int_eq(unlink(path), 0);
	ck_assert_int_eq(rmdir(dir), 0);
	return got;
}

/* create: the SDK tool's bytes from the same inputs */
static void
create_is(const struct ota_matter_header *h, const char *const *parts, size_t n,
    const char *vec)
{
	struct ota_matter_writer *w = ota_matter_writer_new();
	struct membuf out = { 0 };
	uint8_t *want;
	size_t wl, i;

	ck_assert_ptr_nonnull(w);
	ck_assert_int_eq(ota_matter_writer_set_header(w, h), OTA_OK);
	for (i = 0; i < n; i++)
		ck_assert_int_eq(ota_matter_writer_add_payload(w, vector_path(parts[i]), 0,
		    UINT64_MAX), OTA_OK);
	ck_assert_msg(ota_matter_writer_write(w, membuf_write, &out) == OTA_OK, "%s",
	    ota_matter_writer_errmsg(w));
	want = slurp(vector_path(vec), &wl);
	ck_assert_uint_eq(out.n, wl);
	ck_assert_mem_eq(out.p, want, wl);
	/* the one pass into a file (header rewritten at its offset): the same */
	membuf_free(&out);
	out.p = out_file(w, &out.n);
	ck_assert_uint_eq(out.n, wl);
	ck_assert_mem_eq(out.p, want, wl);
	free(want);
	membuf_free(&out);
	ota_matter_writer_free(&w);
}

/* A large payload in two parts (over several I/O buffers, the second from
 * an odd offset): the one pass into a file and the stream agree. */
START_TEST(one_pass_large)
{
	struct ota_matter_writer *w = ota_matter_writer_new();
	struct ota_matter_header h;
	struct membuf m = { 0 };
	char dir[] = "/tmp/otaimg-matter-XXXXXX", path[64], fifo[64];
	uint8_t *buf, *got;
	size_t n = (5u << 19) + 333, len, i;
	pid_t pid;
	int st;
	FILE *f;

	ck_assert_ptr_nonnull(w);
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/payload", dir);
	ck_assert_ptr_nonnull(buf = malloc(n));
	for (i = 0; i < n; i++)
		buf[i] = (uint8_t)(i * 131u + (i >> 9));
	ck_assert_ptr_nonnull(f = fopen(path, "wb"));
	ck_assert_uint_eq(fwrite(buf, 1, n, f), n);
	ck_assert_int_eq(fclose(f), 0);
	memset(&h, 0, sizeof(h));
	h.vendor_id = 1;
	h.product_id = 2;
	h.version = 3;
	snprintf(h.version_string, sizeof(h.version_string), "%s", "3");
	h.digest_type = OTA_MATTER_SHA384;
	ck_assert_int_eq(ota_matter_writer_set_header(w, &h), OTA_OK);
	ck_assert_int_eq(ota_matter_writer_add_payload(w, path, 0, UINT64_MAX), OTA_OK);
	ck_assert_int_eq(ota_matter_writer_add_payload(w, path, 1001, (1u << 20) + 7), OTA_OK);
	ck_assert_int_eq(ota_matter_writer_write(w, membuf_write, &m), OTA_OK);
	ck_assert_ptr_nonnull(got = out_file(w, &len));
	ck_assert_uint_eq(len, m.n);
	ck_assert_mem_eq(got, m.p, len);
	ck_assert_int_eq(ota_matter_writer_header(w, &h), OTA_OK);
	ck_assert_uint_eq(h.payload_size, n + (1u << 20) + 7);
	free(got);
	/* the first part through a FIFO (its size not known: read into the
	 * ring of buffers, hashed on the second thread, going round the ring
	 * past its end): the same bytes */
	ota_matter_writer_free(&w);
	ck_assert_ptr_nonnull(w = ota_matter_writer_new());
	ck_assert_int_eq(ota_matter_writer_set_header(w, &h), OTA_OK);
	snprintf(fifo, sizeof(fifo), "%s/fifo", dir);
	ck_assert_int_eq(mkfifo(fifo, 0600), 0);
	ck_assert_int_eq(ota_matter_writer_add_payload(w, fifo, 0, UINT64_MAX), OTA_OK);
	ck_assert_int_eq(ota_matter_writer_add_payload(w, path, 1001, (1u << 20) + 7), OTA_OK);
	ck_assert_int_ge(pid = fork(), 0);
	if (pid == 0) {
		int fd = open(fifo, O_WRONLY);
		size_t off;
		ssize_t k;

		for (off = 0; fd >= 0 && off < n; off += (size_t)k)
			if ((k = write(fd, buf + off, n - off < 65536 ? n - off : 65536)) <= 0)
				_exit(1);
		_exit(fd >= 0 && close(fd) == 0 ? 0 : 1);
	}
	ck_assert_ptr_nonnull(got = out_file(w, &len));
	ck_assert_int_eq(waitpid(pid, &st, 0), pid);
	ck_assert(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	ck_assert_uint_eq(len, m.n);
	ck_assert_mem_eq(got, m.p, len);
	ck_assert_int_eq(unlink(fifo), 0);
	free(got);
	free(buf);
	membuf_free(&m);
	ota_matter_writer_free(&w);
	ck_assert_int_eq(unlink(path), 0);
	ck_assert_int_eq(rmdir(dir), 0);
}
END_TEST

START_TEST(vectors_create)
{
	static const char *const p4096[] = { "matter/payload-4096.bin" };
	static const char *const both[] = { "matter/payload-4096.bin", "matter/payload-21.bin" };
	static const char *const p21[] = { "matter/payload-21.bin" };
	struct ota_matter_header h;

	memset(&h, 0, sizeof(h));
	h.vendor_id = 0xFFF1;
	h.product_id = 0x8001;
	h.version = 2;
	snprintf(h.version_string, sizeof(h.version_string), "%s", "2.0");
	h.digest_type = OTA_MATTER_SHA256;
	create_is(&h, p4096, 1, "matter/sdk-min-sha256.ota");

	h.version = 0x00020103;
	snprintf(h.version_string, sizeof(h.version_string), "%s", "2.1.3-rc1");
	h.digest_type = OTA_MATTER_SHA512;
	h.has_min_version = 1;
	h.min_version = 1;
	h.has_max_version = 1;
	h.max_version = 0x00020000;
	h.has_url = 1;
	snprintf(h.release_notes_url, sizeof(h.release_notes_url), "%s", "https://example.com/notes/2.1.3");
	create_is(&h, both, 2, "matter/sdk-full-sha512.ota");

	memset(&h, 0, sizeof(h));
	h.vendor_id = 0x1234;
	h.product_id = 1;
	h.version = 7;
	snprintf(h.version_string, sizeof(h.version_string), "%s", "7");
	h.digest_type = OTA_MATTER_SHA384;
	create_is(&h, p21, 1, "matter/sdk-small-sha384.ota");
}
END_TEST

START_TEST(vector_flips)
{
	struct ota_matter *m;
	uint8_t *b;
	size_t n, i;

	b = slurp(vector_path("matter/sdk-small-sha384.ota"), &n);
	/* every digest byte (40..87) and every payload byte (89..109) */
	for (i = 40; i < n; i++) {
		if (i == 88) /* the end-of-container */
			continue;
		b[i] ^= 0x01;
		ck_assert_int_eq(open_mem(b, n, &m), OTA_OK);
		ck_assert_msg(ota_matter_verify(m) == OTA_E_DIGEST, "flip at %zu passed", i);
		ota_matter_free(&m);
		b[i] ^= 0x01;
	}
	free(b);
	b = slurp(vector_path("matter/sdk-full-sha512.ota"), &n);
	for (i = 161; i < n; i += 97) {
		b[i] ^= 0x80;
		ck_assert_int_eq(open_mem(b, n, &m), OTA_OK);
		ck_assert_int_eq(ota_matter_verify(m), OTA_E_DIGEST);
		ota_matter_free(&m);
		b[i] ^= 0x80;
	}
	free(b);
}
END_TEST

/* hex with '*' for 32 zero bytes */
static size_t
hexz(const char *s, uint8_t *out, size_t cap)
{
	char two[3] = { 0 };
	size_t n = 0;

	for (; *s != '\0'; s++) {
		if (*s == '*') {
			ck_assert_uint_le(n + 32, cap);
			memset(out + n, 0, 32);
			n += 32;
			continue;
		}
		two[0] = s[0];
		two[1] = s[1];
		ck_assert_uint_lt(n, cap);
		out[n++] = (uint8_t)strtoul(two, NULL, 16);
		s++;
	}
	return n;
}

#define VID "240001"
#define PID "240101"
#define VER "240202"
#define VS "2c030132"
#define PS "240400"
#define DT "240801"
#define DG "300920*"
#define TAIL DT DG "18"

static const struct {
	const char *name, *hex;
	int err;
} bad_tlv[] = {
	{ "list, not a structure", "17" VID PID VER VS PS TAIL, OTA_E_STRUCTURE },
	{ "tagged structure", "3500" VID PID VER VS PS TAIL, OTA_E_STRUCTURE },
	{ "missing SoftwareVersion", "15" VID PID VS PS TAIL, OTA_E_MATTER_TAG },
	{ "ProductID before VendorID", "15" PID VID VER VS PS TAIL, OTA_E_MATTER_TAG },
	{ "VendorID twice", "15" VID VID PID VER VS PS TAIL, OTA_E_MATTER_TAG },
	{ "Max before Min", "15" VID PID "240210" VS PS "240601240501" TAIL, OTA_E_MATTER_TAG },
	{ "anonymous element", "15" "0401" VID PID VER VS PS TAIL, OTA_E_MATTER_TAG },
	{ "ends after PayloadSize", "15" VID PID VER VS PS "18", OTA_E_MATTER_TAG },
	{ "no ImageDigest", "15" VID PID VER VS PS DT "18", OTA_E_MATTER_TAG },
	{ "VendorID a string", "15" "2c000141" PID VER VS PS TAIL, OTA_E_MATTER_TYPE },
	{ "VendorID a nested structure", "15" "350018" PID VER VS PS TAIL, OTA_E_MATTER_TYPE },
	{ "version string an integer", "15" VID PID VER "240301" PS TAIL, OTA_E_MATTER_TYPE },
	{ "digest a UTF-8 string", "15" VID PID VER VS PS DT "2c0920*" "18", OTA_E_MATTER_TYPE },
	{ "NUL inside the version string", "15" VID PID VER "2c03023100" PS TAIL,
	    OTA_E_MATTER_TYPE },
	{ "VendorID 0x10000", "15" "2600" "00000100" PID VER VS PS TAIL, OTA_E_RANGE },
	{ "VendorID negative", "15" "2000ff" PID VER VS PS TAIL, OTA_E_RANGE },
	{ "digest type 300", "15" VID PID VER VS PS "25082c01" DG "18", OTA_E_RANGE },
	{ "string length past the end", "15" VID PID VER "2c03ff32", OTA_E_STRUCTURE },
	{ "integer past the end", "15" "2700" "0100", OTA_E_STRUCTURE },
	{ "tag past the end", "15" "24", OTA_E_STRUCTURE },
	{ "reserved element type", "15" "3f00" VID PID VER VS PS TAIL, OTA_E_STRUCTURE },
	{ "SHA-256 digest of 16 bytes", "15" VID PID VER VS PS DT "300910"
	    "00000000000000000000000000000000" "18", OTA_E_MATTER_DIGEST_TYPE },
	{ "no end-of-container", "15" VID PID VER VS PS DT DG, OTA_E_STRUCTURE },
	{ "structure where the end is", "15" VID PID VER VS PS DT DG "1518", OTA_E_STRUCTURE },
	{ "extra element after the digest, no end", "15" VID PID VER VS PS DT DG "240a01",
	    OTA_E_STRUCTURE },
	{ "nested structure after the digest not closed", "15" VID PID VER VS PS DT DG
	    "350a240101" "18", OTA_E_STRUCTURE },
	{ "reserved element type after the digest", "15" VID PID VER VS PS DT DG "3f0a18",
	    OTA_E_STRUCTURE },
	{ "bytes after the end", "15" VID PID VER VS PS TAIL "00", OTA_E_TRAILING },
	{ "empty header", "", OTA_E_STRUCTURE },
};

START_TEST(crafted_tlv)
{
	struct ota_matter_header h;
	uint8_t b[2048];
	uint64_t off;
	char msg[256];
	size_t i, n;
	int r;

	for (i = 0; i < sizeof(bad_tlv) / sizeof(bad_tlv[0]); i++) {
		n = hexz(bad_tlv[i].hex, b, sizeof(b));
		r = ota_matter_header_decode(b, n, &h, &off, msg, sizeof(msg));
		ck_assert_msg(r == bad_tlv[i].err, "%s: %s (%s) not %s", bad_tlv[i].name,
		    ota_errname(r), msg, ota_errname(bad_tlv[i].err));
		ck_assert_msg(off <= n, "%s: offset %llu", bad_tlv[i].name, (unsigned long long)off);
		ck_assert_msg(msg[0] != '\0', "%s: no message", bad_tlv[i].name);
	}
	/* version string of 65 bytes, URL of 257 */
	n = hexz("15" VID PID VER "2c0341", b, sizeof(b));
	memset(b + n, 'a', 65);
	n += 65;
	n += hexz(PS TAIL, b + n, sizeof(b) - n);
	ck_assert_int_eq(ota_matter_header_decode(b, n, &h, &off, msg, sizeof(msg)), OTA_E_RANGE);
	ck_assert_uint_eq(off, 10);
	n = hexz("15" VID PID VER VS PS "2d070101", b, sizeof(b));
	memset(b + n, 'a', 257);
	n += 257;
	n += hexz(TAIL, b + n, sizeof(b) - n);
	ck_assert_int_eq(ota_matter_header_decode(b, n, &h, NULL, NULL, 0), OTA_E_RANGE);
	/* the same at 256: accepted, in the 2-byte length form */
	n = hexz("15" VID PID VER VS PS "2d070001", b, sizeof(b));
	memset(b + n, 'a', 256);
	n += 256;
	n += hexz(TAIL, b + n, sizeof(b) - n);
	ck_assert_int_eq(ota_matter_header_decode(b, n, &h, NULL, NULL, 0), OTA_OK);
	ck_assert_uint_eq(strlen(h.release_notes_url), 256);
	/* any integer width, a non-negative signed integer, both accepted */
	n = hexz("15" "27000100000000000000" "25010100" "200205" VS "2704" "0000000000000000"
	    "2708" "0100000000000000" DG "18", b, sizeof(b));
	ck_assert_int_eq(ota_matter_header_decode(b, n, &h, &off, msg, sizeof(msg)), OTA_OK);
	ck_assert_uint_eq(h.vendor_id, 1);
	ck_assert_uint_eq(h.product_id, 1);
	ck_assert_uint_eq(h.version, 5);
	ck_assert_uint_eq(h.digest_type, 1);
	/* elements after ImageDigest (a later revision's tags, a nested
	 * structure) are skipped, as the SDK parser's ExitContainer() does */
	n = hexz("15" VID PID VER VS PS DT DG "240a01" "350b24010118" "360c040118" "18", b,
	    sizeof(b));
	ck_assert_int_eq(ota_matter_header_decode(b, n, &h, &off, msg, sizeof(msg)), OTA_OK);
	ck_assert_uint_eq(h.digest_type, 1);
	ck_assert_uint_eq(h.digest_len, 32);
	/* a header of exactly 1024 bytes (the SDK's limit) padded that way */
	n = hexz("15" VID PID VER VS PS DT DG, b, sizeof(b));
	n += hexz("310a", b + n, sizeof(b) - n);
	b[n] = (uint8_t)((1024 - n - 3) & 0xff);
	b[n + 1] = (uint8_t)((1024 - n - 3) >> 8);
	memset(b + n + 2, 0, 1024 - n - 3);
	b[1023] = 0x18;
	ck_assert_int_eq(ota_matter_header_decode(b, 1024, &h, &off, msg, sizeof(msg)), OTA_OK);
}
END_TEST

/* a small image: header from hex, payload len bytes */
static size_t
image(uint8_t *b, size_t cap, const char *tlvhex, size_t paylen)
{
	size_t n = hexz(tlvhex, b + 16, cap - 16);

	put32(b, 0x1BEEF11Eu);
	put32(b + 4, (uint32_t)(16 + n + paylen));
	put32(b + 8, 0);
	put32(b + 12, (uint32_t)n);
	memset(b + 16 + n, 0x5a, paylen);
	return 16 + n + paylen;
}

struct chunk {
	const uint8_t *p;
	size_t n, pos;
};

static int
chunk_read(void *ctx, void *buf, size_t len, size_t *got)
{
	struct chunk *c = ctx;

	*got = c->n - c->pos < len ? c->n - c->pos : len;
	*got = *got > 7 ? 7 : *got;
	memcpy(buf, c->p + c->pos, *got);
	c->pos += *got;
	return 0;
}

static int
open_fwd(const uint8_t *b, size_t n)
{
	struct ota_matter *m = ota_matter_new();
	struct chunk c = { b, n, 0 };
	int r = ota_matter_open_cb(m, chunk_read, &c);

	if (r == OTA_OK)
		r = ota_matter_verify(m);
	ota_matter_free(&m);
	return r;
}

START_TEST(crafted_files)
{
	struct ota_matter *m;
	uint8_t *v, b[2048];
	size_t n, i;

	v = slurp(vector_path("matter/sdk-small-sha384.ota"), &n);
	ck_assert_int_eq(open_fwd(v, n), OTA_OK);
	for (i = 0; i < 16; i++) { /* truncated at every fixed-header byte */
		ck_assert_msg(open_mem(v, i, &m) == OTA_E_TRUNCATED, "cut at %zu", i);
		ck_assert_uint_eq(ota_matter_erroffset(m), i);
		ota_matter_free(&m);
		ck_assert_int_eq(open_fwd(v, i), OTA_E_TRUNCATED);
	}
	for (i = 16; i < n; i += 5) { /* inside the TLV header or payload */
		ck_assert_int_eq(open_fwd(v, i), OTA_E_TRUNCATED);
		ck_assert_int_eq(open_mem(v, i, &m), OTA_E_TOTAL_SIZE);
		ota_matter_free(&m);
	}
	memcpy(b, v, n);
	b[n] = 0;
	ck_assert_int_eq(open_fwd(b, n + 1), OTA_E_TOTAL_SIZE);
	b[3] = 0x0B; /* Zigbee's file identifier */
	ck_assert_int_eq(open_mem(b, n, &m), OTA_E_BAD_MAGIC);
	ck_assert_ptr_nonnull(strstr(ota_matter_errmsg(m), "Zigbee"));
	ota_matter_free(&m);
	ck_assert_int_eq(open_mem(b, 4, &m), OTA_E_BAD_MAGIC); /* after 4 bytes */
	ota_matter_free(&m);
	memcpy(b, v, n);
	put32(b + 12, 1025);
	ck_assert_int_eq(open_mem(b, n, &m), OTA_E_LIMIT);
	ck_assert_uint_eq(ota_matter_erroffset(m), 12);
	ota_matter_free(&m);
	memcpy(b, v, n);
	put32(b + 4, 111);
	ck_assert_int_eq(open_mem(b, n, &m), OTA_E_TOTAL_SIZE);
	ota_matter_free(&m);
	put32(b + 4, 88); /* below 16 + HeaderSize */
	ck_assert_int_eq(open_mem(b, n, &m), OTA_E_TOTAL_SIZE);
	ota_matter_free(&m);
	memcpy(b, v, n);
	b[33] = 0x14; /* PayloadSize 20 */
	ck_assert_int_eq(open_mem(b, n, &m), OTA_E_MATTER_PAYLOAD_SIZE);
	ota_matter_free(&m);
	free(v);
	/* a TLV fault inside a file names the file offset */
	n = image(b, sizeof(b), "15" PID VID VER VS PS TAIL, 0);
	ck_assert_int_eq(open_mem(b, n, &m), OTA_E_MATTER_TAG);
	ck_assert_uint_eq(ota_matter_erroffset(m), 17);
	ota_matter_free(&m);
	/* an unknown digest type reads, is flagged, and cannot verify */
	n = image(b, sizeof(b), "15" VID PID VER VS PS "240863" "300920*" "18", 0);
	ck_assert_int_eq(open_mem(b, n, &m), OTA_OK);
	ck_assert_int_eq(ota_matter_verify(m), OTA_E_UNSUPPORTED);
	ck_assert_uint_eq(ota_matter_diag_count(m), 1);
	ota_matter_free(&m);
}
END_TEST

START_TEST(attributes)
{
	struct ota_matter_header h, g;
	char msg[256];

	memset(&h, 0, sizeof(h));
	h.vendor_id = 1;
	h.product_id = 1;
	h.version = 10;
	snprintf(h.version_string, sizeof(h.version_string), "%s", "1");
	h.digest_type = OTA_MATTER_SHA256;
	ck_assert_int_eq(ota_matter_header_check(&h, msg, sizeof(msg)), OTA_OK);
	g = h, g.vendor_id = 0;
	ck_assert_int_eq(ota_matter_header_check(&g, msg, sizeof(msg)), OTA_E_MATTER_ATTR);
	ck_assert_ptr_nonnull(strstr(msg, "VendorID"));
	g = h, g.product_id = 0;
	ck_assert_int_eq(ota_matter_header_check(&g, msg, sizeof(msg)), OTA_E_MATTER_ATTR);
	g = h, g.version_string[0] = '\0';
	ck_assert_int_eq(ota_matter_header_check(&g, msg, sizeof(msg)), OTA_E_MATTER_ATTR);
	g = h, memset(g.version_string, 'x', sizeof(g.version_string));
	ck_assert_int_eq(ota_matter_header_check(&g, msg, sizeof(msg)), OTA_E_MATTER_ATTR);
	g = h, g.has_min_version = 1, g.min_version = 10;
	ck_assert_int_eq(ota_matter_header_check(&g, msg, sizeof(msg)), OTA_E_MATTER_ATTR);
	g = h, g.has_max_version = 1, g.max_version = 10;
	ck_assert_int_eq(ota_matter_header_check(&g, msg, sizeof(msg)), OTA_E_MATTER_ATTR);
	g = h, g.has_min_version = g.has_max_version = 1, g.min_version = 5, g.max_version = 4;
	ck_assert_int_eq(ota_matter_header_check(&g, msg, sizeof(msg)), OTA_E_MATTER_ATTR);
	g.max_version = 5;
	ck_assert_int_eq(ota_matter_header_check(&g, msg, sizeof(msg)), OTA_OK);
	g = h, g.has_url = 1;
	ck_assert_int_eq(ota_matter_header_check(&g, msg, sizeof(msg)), OTA_E_MATTER_ATTR);
	g = h, g.digest_type = 13;
	ck_assert_int_eq(ota_matter_header_check(&g, msg, sizeof(msg)), OTA_E_MATTER_ATTR);
	ck_assert_uint_eq(ota_matter_digest_type("sha3_256"), OTA_MATTER_SHA3_256);
	ck_assert_uint_eq(ota_matter_digest_type("SHA512"), OTA_MATTER_SHA512);
	ck_assert_uint_eq(ota_matter_digest_type("md5"), 0);
	ck_assert_uint_eq(ota_matter_digest_len(OTA_MATTER_SHA256_120), 15);
	ck_assert(ota_matter_dcl_type_ok(10) && !ota_matter_dcl_type_ok(2) &&
	    !ota_matter_dcl_type_ok(9));
	ck_assert(ota_matter_sniff("\x1e\xf1\xee\x1b", 4));
	ck_assert(!ota_matter_sniff("\x1e\xf1\xee\x0b", 4));
}
END_TEST

START_TEST(short_digest_and_file_digest)
{
	struct ota_matter_writer *w = ota_matter_writer_new();
	struct ota_matter_header h;
	struct membuf out = { 0 };
	struct ota_matter *m;
	uint8_t d[64], want[64];
	size_t dl = sizeof(d);
	unsigned t;

	memset(&h, 0, sizeof(h));
	h.vendor_id = h.product_id = 1;
	h.version = 3;
	snprintf(h.version_string, sizeof(h.version_string), "%s", "3");
	h.digest_type = OTA_MATTER_SHA256_64;
	ck_assert_int_eq(ota_matter_writer_set_header(w, &h), OTA_OK);
	ck_assert_int_eq(ota_matter_writer_add_payload(w, vector_path("matter/payload-21.bin"), 6,
	    6), OTA_OK);
	ck_assert_int_eq(ota_matter_writer_write(w, membuf_write, &out), OTA_E_MATTER_ATTR);
	ck_assert_int_eq(ota_matter_writer_allow_short_digest(w, 1), OTA_OK);
	ck_assert_int_eq(ota_matter_writer_write(w, membuf_write, &out), OTA_OK);
	ck_assert_int_eq(open_mem(out.p, out.n, &m), OTA_OK);
	ck_assert_int_eq(ota_matter_verify(m), OTA_OK);
	ck_assert_int_eq(ota_matter_get_header(m, &h), OTA_OK);
	ck_assert_uint_eq(h.digest_len, 8);
	ck_assert_uint_eq(h.payload_size, 6);
	ck_assert_uint_eq(ota_matter_diag_count(m), 1); /* matter-short-digest */
	ota_matter_free(&m);
	membuf_free(&out);
	ota_matter_writer_free(&w);

	/* the ledger digest: the image's type when allowed */
	m = ota_matter_new();
	ck_assert_int_eq(ota_matter_set_file_digest(m, 2), OTA_E_MATTER_DIGEST_TYPE);
	ck_assert_int_eq(ota_matter_set_file_digest(m, 0), OTA_OK);
	ck_assert_int_eq(ota_matter_open_path(m, vector_path("matter/sdk-small-sha384.ota")),
	    OTA_OK);
	ck_assert_int_eq(ota_matter_file_digest(m, &t, d, &dl), OTA_OK);
	ck_assert_uint_eq(t, 7);
	ck_assert_uint_eq(dl, 48);
	ck_assert_mem_eq(d, want, unhex(SMALL_FILE_SHA384, want, sizeof(want)));
	ota_matter_free(&m);
	m = ota_matter_new();
	ck_assert_int_eq(ota_matter_set_file_digest(m, 1), OTA_OK);
	ck_assert_int_eq(ota_matter_open_path(m, vector_path("matter/sdk-full-sha512.ota")),
	    OTA_OK);
	dl = sizeof(d);
	ck_assert_int_eq(ota_matter_file_digest(m, &t, d, &dl), OTA_OK);
	ck_assert_uint_eq(dl, 32);
	ck_assert_mem_eq(d, want, unhex(FULL_FILE_SHA256, want, sizeof(want)));
	ota_matter_free(&m);
}
END_TEST

/* one version type across formats (known answers worked by hand) */
START_TEST(versions)
{
	struct ota_fw_version v;
	uint32_t u;
	char b[32];

	ck_assert_int_eq(ota_version_u32_parse("02:01:00:03", &u), OTA_OK);
	ck_assert_uint_eq(u, 0x02010003u);
	ck_assert_int_eq(ota_version_u32_parse("0x00020103", &u), OTA_OK);
	ck_assert_uint_eq(u, 131331);
	ck_assert_int_eq(ota_version_u32_parse("4294967295", &u), OTA_OK);
	ck_assert_int_eq(ota_version_u32_parse("4294967296", &u), OTA_E_RANGE);
	ck_assert_int_eq(ota_version_u32_parse("0x100000000", &u), OTA_E_RANGE);
	ck_assert_int_eq(ota_version_u32_parse("02:01:00", &u), OTA_E_INVAL);
	ck_assert_int_eq(ota_version_u32_parse("02:01:0g:03", &u), OTA_E_INVAL);
	ck_assert_int_eq(ota_version_u32_parse("1.2", &u), OTA_E_INVAL);
	/* one rule for every format: a decimal with a leading zero (octal to
	 * strtoul's base 0) is refused; 0 itself, 0x0A and 00:00:00:0A are not */
	u = 7;
	ck_assert_int_eq(ota_version_u32_parse("010", &u), OTA_E_INVAL);
	ck_assert_int_eq(ota_version_u32_parse("00", &u), OTA_E_INVAL);
	ck_assert_int_eq(ota_version_u32_parse("0123456789", &u), OTA_E_INVAL);
	ck_assert_uint_eq(u, 7);
	ck_assert_int_eq(ota_version_u32_parse("0", &u), OTA_OK);
	ck_assert_uint_eq(u, 0);
	ck_assert_int_eq(ota_version_u32_parse("10", &u), OTA_OK);
	ck_assert_uint_eq(u, 10);
	ck_assert_int_eq(ota_version_u32_parse("0x010", &u), OTA_OK);
	ck_assert_uint_eq(u, 16);
	ck_assert_int_eq(ota_version_u32_parse("00:00:00:0A", &u), OTA_OK);
	ck_assert_uint_eq(u, 10);
	ck_assert_int_eq(ota_version_u32_format(0x0102A0FFu, b, sizeof(b)), 11);
	ck_assert_str_eq(b, "01:02:A0:FF");
	ck_assert_int_eq(ota_fw_version_parse("2.1.3", &v), OTA_OK);
	ck_assert_int_eq(ota_fw_version_to_u32(&v, 0, &u), OTA_OK);
	ck_assert_uint_eq(u, 0x02010003u);
	ck_assert_int_eq(ota_fw_version_parse("2.1.3+7", &v), OTA_OK);
	u = 5;
	ck_assert_int_eq(ota_fw_version_to_u32(&v, 0, &u), OTA_E_VERSION_LOSSY);
	ck_assert_uint_eq(u, 5);
	ck_assert_int_eq(ota_fw_version_to_u32(&v, OTA_VERSION_FORCE, &u), OTA_OK);
	ck_assert_uint_eq(u, 0x02010003u);
	ck_assert_int_eq(ota_fw_version_to_string(&v, 0, b, sizeof(b)), 7);
	ck_assert_str_eq(b, "2.1.3+7");
	ck_assert_int_eq(ota_fw_version_to_string(&v, OTA_VERSION_SHORT, b, sizeof(b)), 5);
	ck_assert_str_eq(b, "2.1.3");
	ota_fw_version_from_u32(0xFF01FFFEu, &v);
	ck_assert(v.major == 255 && v.minor == 1 && v.revision == 0xFFFE && v.build == 0);
	ck_assert_int_eq(ota_fw_version_to_u32(&v, 0, &u), OTA_OK);
	ck_assert_uint_eq(u, 0xFF01FFFEu); /* the round trip is lossless */
	ck_assert_int_eq(ota_version_bcd_encode(20103, &u), OTA_OK);
	ck_assert_uint_eq(u, 0x00020103u);
	ck_assert_int_eq(ota_version_bcd_encode(99999999, &u), OTA_OK);
	ck_assert_uint_eq(u, 0x99999999u);
	ck_assert_int_eq(ota_version_bcd_encode(100000000, &u), OTA_E_VERSION_LOSSY);
	ck_assert_int_eq(ota_version_bcd_decode(0x00020103u, &u), OTA_OK);
	ck_assert_uint_eq(u, 20103);
	ck_assert_int_eq(ota_version_bcd_decode(0x0002010Au, &u), OTA_E_INVAL);
}
END_TEST

/* Where each TLV header element is (issue 14, inspect --html): read by hand
 * from sdk-full-sha512.ota's bytes at 16: 15 | 25 00 f1ff | 25 01 0180 |
 * 26 02 03010200 | 2c 03 09 "2.1.3-rc1" | 25 04 1510 | 24 05 01 |
 * 26 06 00000200 | 2c 07 1f <31 bytes> | 24 08 08 | 30 09 40 <64 bytes> | 18. */
START_TEST(header_elements)
{
	static const unsigned off[10] = { 17, 21, 25, 31, 43, 47, 50, 56, 90, 93 };
	static const unsigned len[10] = { 4, 4, 6, 12, 4, 3, 6, 34, 3, 67 };
	struct ota_matter *m;
	uint64_t o, l;
	unsigned t;

	m = ota_matter_new();
	ck_assert_int_eq(ota_matter_header_element(m, 0, &o, &l), OTA_E_STATE);
	ck_assert_int_eq(ota_matter_open_path(m, vector_path("matter/sdk-full-sha512.ota")), OTA_OK);
	for (t = 0; t < 10; t++) {
		ck_assert_int_eq(ota_matter_header_element(m, t, &o, &l), OTA_OK);
		ck_assert_uint_eq(o, off[t]);
		ck_assert_uint_eq(l, len[t]);
	}
	ck_assert_uint_eq(o + l + 1, 16 + ota_matter_header_size(m)); /* then 0x18 */
	ck_assert_int_eq(ota_matter_header_element(m, 10, &o, &l), OTA_E_RANGE);
	ck_assert_int_eq(ota_matter_header_element(m, 2, NULL, NULL), OTA_OK);
	ota_matter_free(&m);
	/* sdk-min-sha256.ota has none of the optional tags */
	ck_assert_int_eq(ota_matter_open_path(m = ota_matter_new(),
	    vector_path("matter/sdk-min-sha256.ota")), OTA_OK);
	ck_assert_int_eq(ota_matter_header_element(m, 5, &o, &l), OTA_E_NOT_FOUND);
	ck_assert_int_eq(ota_matter_header_element(m, 7, &o, &l), OTA_E_NOT_FOUND);
	ck_assert_int_eq(ota_matter_header_element(m, 0, &o, &l), OTA_OK);
	ck_assert_uint_eq(o, 17);
	ota_matter_free(&m);
}
END_TEST

Suite *
suite_matter(void)
{
	Suite *s = suite_create("matter");
	TCase *tc = tcase_create("matter");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, vectors_read);
	tcase_add_test(tc, vectors_create);
	tcase_add_test(tc, one_pass_large);
	tcase_add_test(tc, vector_flips);
	tcase_add_test(tc, crafted_tlv);
	tcase_add_test(tc, crafted_files);
	tcase_add_test(tc, attributes);
	tcase_add_test(tc, short_digest_and_file_digest);
	tcase_add_test(tc, versions);
	tcase_add_test(tc, header_elements);
	suite_add_tcase(s, tc);
	return s;
}
