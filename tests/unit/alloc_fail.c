/* alloc_fail.c - fail the Nth allocation of libotaimg, for every N, in
 * open, verify, build, signature checks, GBCS and OCF (the codecs, the
 * state machine with its state file, the candidate check and install;
 * jansson's allocations too, routed here) and the BLOB engine: each must
 * end in a clean error (never a crash, never a success that lost data; OCF
 * and the BLOB engine: exactly OTA_E_NOMEM), and under
 * AddressSanitizer no error path may leak.  Linked with
 * -Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "otaimg.h"

void *__real_malloc(size_t n);
void *__real_calloc(size_t a, size_t b);
void *__real_realloc(void *p, size_t n);
void *__wrap_malloc(size_t n);
void *__wrap_calloc(size_t a, size_t b);
void *__wrap_realloc(void *p, size_t n);

static long countdown = -1; /* -1: never fail */
static int failed;

static int
should_fail(void)
{
	if (countdown < 0)
		return 0;
	if (countdown-- == 0) {
		failed = 1;
		return 1;
	}
	return 0;
}

void *
__wrap_malloc(size_t n)
{
	return should_fail() ? NULL : __real_malloc(n);
}

void *
__wrap_calloc(size_t a, size_t b)
{
	return should_fail() ? NULL : __real_calloc(a, b);
}

void *
__wrap_realloc(void *p, size_t n)
{
	return should_fail() ? NULL : __real_realloc(p, n);
}

/* jansson's allocations, for the OCF JSON encoders.  Not while jansson
 * parses: jansson 2.14's lexer can lose a byte of a token when its buffer
 * cannot grow and still return a document (seen here: a rowneruuid one
 * digit short), which no caller can tell from the input. */
static int json_parsing;

static void *
json_alloc(size_t n)
{
	return !json_parsing && should_fail() ? NULL : __real_malloc(n);
}

static unsigned char *
load(const char *rel, size_t *len)
{
	char path[4096];
	FILE *fp;
	unsigned char *b;
	long n;

	snprintf(path, sizeof(path), "%s/%s", getenv("VECTORS") ? getenv("VECTORS") : "tests/vectors", rel);
	if ((fp = fopen(path, "rb")) == NULL || fseek(fp, 0, SEEK_END) != 0 || (n = ftell(fp)) < 0)
		exit(2);
	rewind(fp);
	if ((b = malloc((size_t)n)) == NULL || fread(b, 1, (size_t)n, fp) != (size_t)n)
		exit(2);
	fclose(fp);
	*len = (size_t)n;
	return b;
}

static unsigned char *innr, *signed_sample, *gbcs, *supplier, *pstat_cbor, *pstat_json;
static size_t innr_len, signed_len, gbcs_len, supplier_len, pstat_cbor_len, pstat_json_len;

static int
null_write(void *ctx, const void *buf, size_t len)
{
	(void)ctx;
	(void)buf;
	(void)len;
	return 0;
}

/* Each scenario returns OTA_OK or the first error. */
static int
sc_open_verify(void)
{
	struct ota_image *img = ota_image_new();
	int r;

	if (img == NULL)
		return OTA_E_NOMEM;
	if ((r = ota_image_open_memory(img, innr, innr_len)) == OTA_OK)
		r = ota_image_verify(img, 0);
	ota_image_free(&img);
	return r;
}

static int
sc_build(void)
{
	struct ota_builder *b = ota_builder_new();
	int r;

	if (b == NULL)
		return OTA_E_NOMEM;
	ota_builder_set_manufacturer_code(b, 0xFFFF); /* a warning diagnostic too */
	if ((r = ota_builder_add_memory(b, 0, innr, 20000)) == OTA_OK &&
	    (r = ota_builder_add_memory(b, 0xF000, "x", 1)) == OTA_OK &&
	    (r = ota_builder_set_integrity_code(b, 1)) == OTA_OK)
		r = ota_builder_write(b, null_write, NULL);
	ota_builder_free(&b);
	return r;
}

static int
sc_signature(void)
{
	struct ota_image *img = ota_image_new();
	struct ota_trust *t = ota_trust_new();
	int r = OTA_E_NOMEM;

	if (img != NULL && t != NULL && (r = ota_trust_set_test_ca(t)) == OTA_OK &&
	    (r = ota_image_open_memory(img, signed_sample, signed_len)) == OTA_OK)
		r = ota_image_verify_trust(img, t, 0);
	ota_image_free(&img);
	ota_trust_free(&t);
	return r;
}

static int
sc_gbcs(void)
{
	struct ota_image *img = ota_image_new();
	struct ota_trust *t = ota_trust_new();
	struct ota_cpl *c = ota_cpl_new();
	int r = OTA_E_NOMEM;

	if (img != NULL && t != NULL && c != NULL &&
	    (r = ota_trust_set_supplier(t, supplier, supplier_len)) == OTA_OK &&
	    (r = ota_image_open_memory(img, gbcs, gbcs_len)) == OTA_OK &&
	    (r = ota_image_verify_trust(img, t, 0)) == OTA_OK)
		r = ota_cpl_from_image(c, img, 0x11, 0x11);
	ota_cpl_free(&c);
	ota_image_free(&img);
	ota_trust_free(&t);
	return r;
}

/* An output file behind a symbolic link (libotaimg(3), Output files). */
static char outdir[] = "/tmp/otaimg-allocfail-XXXXXX";

static int
sc_output(void)
{
	struct ota_output *o = ota_output_new();
	char link[64];
	int r = OTA_E_NOMEM;

	snprintf(link, sizeof(link), "%s/link", outdir);
	if (o != NULL && (r = ota_output_open(o, link, OTA_OUTPUT_PRIVATE)) == OTA_OK) {
		r = ota_output_write(o, "data", 4) == 0 ? ota_output_commit(o) : OTA_E_IO;
		if (r == OTA_OK && ota_output_temp_path(o) != NULL)
			r = OTA_E_STATE;
	}
	ota_output_free(&o);
	return r;
}

/* forward-only inputs: the hashes fed while reading, pins, stream extraction */
struct fwd {
	const unsigned char *p;
	size_t n, pos;
};

static int
fwd_read(void *ctx, void *buf, size_t len, size_t *got)
{
	struct fwd *f = ctx;
	size_t k = f->n - f->pos < len ? f->n - f->pos : len;

	memcpy(buf, f->p + f->pos, k);
	f->pos += k;
	*got = k;
	return 0;
}

static const struct ota_io fwd_io = { fwd_read, NULL, NULL, NULL };

static int
sc_forward(void)
{
	struct ota_image *img = ota_image_new(), *g = ota_image_new(), *x = ota_image_new();
	struct ota_trust *t = ota_trust_new(), *s = ota_trust_new();
	struct fwd f1 = { signed_sample, signed_len, 0 }, f2 = { gbcs, gbcs_len, 0 };
	struct fwd f3 = { innr, innr_len, 0 };
	int r = OTA_E_NOMEM;

	if (img != NULL && g != NULL && x != NULL && t != NULL && s != NULL &&
	    (r = ota_trust_set_test_ca(t)) == OTA_OK &&
	    (r = ota_trust_set_supplier(s, supplier, supplier_len)) == OTA_OK &&
	    (r = ota_image_open_io(img, &fwd_io, &f1)) == OTA_OK &&
	    (r = ota_image_verify_trust(img, t, 0)) == OTA_OK &&
	    (r = ota_image_open_io(g, &fwd_io, &f2)) == OTA_OK &&
	    (r = ota_image_verify_trust(g, s, 0)) == OTA_OK &&
	    (r = ota_image_stream_extract(x, 0, 0, null_write, NULL)) == OTA_OK &&
	    (r = ota_image_set_open_flags(x, OTA_OPEN_PARTIAL)) == OTA_OK &&
	    (r = ota_image_open_io(x, &fwd_io, &f3)) == OTA_OK)
		r = ota_image_verify(x, 0);
	ota_image_free(&img);
	ota_image_free(&g);
	ota_image_free(&x);
	ota_trust_free(&t);
	ota_trust_free(&s);
	return r;
}

/* Store Firmware OOB without a network: the handle, its CA file name, a
 * check response, and a URI refused before any transfer. */
static int
sc_fetch(void)
{
	static const char resp[] = "{\"manifest\":{\"firmware\":{\"firmware_id\":\"02FF10000203\","
	    "\"dfu_chain_size\":1,\"firmware_image_file_size\":100}}}";
	static const uint8_t fwid[] = { 0x02, 0xFF, 0x10, 0x00, 0x02, 0x00 };
	struct ota_mesh_fetch *f = ota_mesh_fetch_new();
	int r = OTA_E_NOMEM;

	if (f != NULL && (r = ota_mesh_fetch_set_ca_file(f, "ca.pem")) == OTA_OK) {
		json_parsing = 1; /* jansson's own allocations: see json_alloc */
		r = ota_mesh_fetch_parse_check(f, resp, sizeof(resp) - 1);
		json_parsing = 0;
	}
	if (r == OTA_OK)
		r = ota_mesh_fetch_run(f, "http://127.0.0.1:1/", fwid, sizeof(fwid), outdir) ==
		    OTA_E_URI_SCHEME ? OTA_OK : OTA_E_STATE;
	ota_mesh_fetch_free(&f);
	return r;
}

/* OCF: every codec, both ways.  The first error, which must be NOMEM. */
static int
sc_ocf_codecs(void)
{
	static const char swu_json[] = "{\"purl\":\"https://fw.example/a.bin\",\"nv\":\"1.2.0\","
	    "\"signed\":\"vendor\",\"swupdateaction\":\"isvv\",\"swupdatestate\":\"idle\","
	    "\"swupdateresult\":1,\"lastupdate\":\"2026-11-30T06:00:00Z\",\"updatetime\":\"now\"}";
	struct ota_ocf_pstat p;
	struct ota_ocf_swu s;
	uint8_t cb[512];
	char js[1024];
	size_t cl = sizeof(cb), jl = sizeof(js);
	int r;

	if ((r = ota_ocf_pstat_decode_cbor(pstat_cbor, pstat_cbor_len, &p, NULL, 0)) != OTA_OK ||
	    (r = ota_ocf_pstat_encode_json(&p, js, &jl)) != OTA_OK)
		return r;
	json_parsing = 1;
	r = ota_ocf_pstat_decode_json((const char *)pstat_json, pstat_json_len, &p, NULL, 0);
	if (r == OTA_OK)
		r = ota_ocf_swu_decode_json(swu_json, sizeof(swu_json) - 1, &s, NULL, 0);
	json_parsing = 0;
	if (r != OTA_OK || (r = ota_ocf_pstat_encode_cbor(&p, cb, &cl)) != OTA_OK)
		return r;
	jl = sizeof(js);
	cl = sizeof(cb);
	if ((r = ota_ocf_swu_encode_cbor(&s, cb, &cl)) != OTA_OK ||
	    (r = ota_ocf_swu_decode_cbor(cb, cl, &s, NULL, 0)) != OTA_OK ||
	    (r = ota_ocf_swu_encode_json(&s, js, &jl)) != OTA_OK)
		return r;
	return OTA_OK;
}

static int
ocf_async(void *arg, struct ota_ocf_dev *dev)
{
	(void)arg;
	(void)dev;
	return 0;
}

static int
ocf_async_update(void *arg, struct ota_ocf_dev *dev, const struct ota_ocf_candidate *c)
{
	(void)arg;
	(void)dev;
	(void)c;
	return 0;
}

/* The state machine with a state file: a validation, an update, a save
 * and a restore (buffer and file) into a new machine. */
static int
sc_ocf_dev(void)
{
	static const struct ota_ocf_callbacks cb = { ocf_async, ocf_async_update, NULL, NULL };
	struct ota_ocf_candidate c;
	struct ota_ocf_dev *d = ota_ocf_dev_new(), *e = ota_ocf_dev_new();
	uint8_t buf[OTA_OCF_SAVE_MAX];
	size_t n = sizeof(buf);
	char path[96];
	int r = OTA_E_NOMEM;

	memset(&c, 0, sizeof(c));
	c.kind = OTA_OCF_KIND_OTHER;
	c.reason = OTA_OCF_REASON_AVAILABLE;
	(void)snprintf(c.version, sizeof(c.version), "2.0.0+0");
	(void)snprintf(path, sizeof(path), "%s/ocf.state", outdir);
	if (d != NULL && e != NULL &&
	    (r = ota_ocf_dev_set_callbacks(d, &cb)) == OTA_OK &&
	    (r = ota_ocf_dev_set_state_path(d, path)) == OTA_OK &&
	    (r = ota_ocf_dev_write_tm(d, OTA_OCF_DPM_SVV, OTA_OCF_CLIENT_PRIVILEGED)) == OTA_OK &&
	    (r = ota_ocf_dev_check_done(d, &c)) == OTA_OK &&
	    (r = ota_ocf_dev_write_tm(d, OTA_OCF_DPM_SSU, OTA_OCF_CLIENT_PRIVILEGED)) == OTA_OK &&
	    (r = ota_ocf_dev_update_installed(d)) == OTA_OK &&
	    (r = ota_ocf_dev_save(d, buf, &n)) == OTA_OK &&
	    (r = ota_ocf_dev_restore(e, buf, n)) == OTA_OK &&
	    (r = ota_ocf_dev_update_done(d, OTA_OCF_RESULT_SUCCESS, -1)) == OTA_OK) {
		ota_ocf_dev_free(&e);
		if ((e = ota_ocf_dev_new()) == NULL)
			r = OTA_E_NOMEM;
		else if ((r = ota_ocf_dev_restore_path(e, path)) == OTA_OK)
			r = ota_ocf_dev_resume(e, "2.0.0+0");
	}
	ota_ocf_dev_free(&d);
	ota_ocf_dev_free(&e);
	(void)unlink(path);
	return r;
}

/* The candidate check (an MCUboot image and its key) and the install
 * helper into a file. */
static int
sc_ocf_check(void)
{
	static const struct ota_fw_version installed = { 1, 2, 0, 0 };
	char img[4096], key[4096], dest[96];
	const char *v = getenv("VECTORS") ? getenv("VECTORS") : "tests/vectors";
	const char *paths[1];
	struct ota_ocf_candidate c[1];
	struct ota_ocf_check *chk = ota_ocf_check_new();
	struct ota_key *k = NULL;
	size_t best;
	int r = OTA_E_NOMEM;

	(void)snprintf(img, sizeof(img), "%s/mcuboot/app-ecdsa-p256-v1.2.3+45.signed.bin", v);
	(void)snprintf(key, sizeof(key), "%s/mcuboot/ecdsa-p256.pub.pem", v);
	(void)snprintf(dest, sizeof(dest), "%s/slot", outdir);
	paths[0] = img;
	if (chk != NULL && (r = ota_key_load(&k, key, NULL)) == OTA_OK &&
	    (r = ota_ocf_check_add_key(chk, k)) == OTA_OK &&
	    (r = ota_ocf_check_set_installed_fw_version(chk, &installed)) == OTA_OK &&
	    (r = ota_ocf_check_pick(chk, paths, 1, &best, c)) == OTA_OK &&
	    (r = ota_ocf_check_install(chk, &c[0], dest)) == OTA_OK)
		(void)unlink(dest);
	ota_key_free(&k);
	ota_ocf_check_free(&chk);
	return r;
}

/* The BLOB transfer engine (libotaimg-mesh-blob(3)): a client with nine
 * targets (the target array grows once) sends a small BLOB to a server at
 * the first; the others never answer. */
static uint8_t blob_out[300];

static int
blob_read(void *ctx, uint64_t off, void *buf, size_t len)
{
	(void)ctx;
	memset(buf, (int)(off & 0x7F), len);
	return 0;
}

static int
blob_write(void *ctx, uint64_t off, const uint8_t *data, size_t len)
{
	(void)ctx;
	if (off + len > sizeof(blob_out))
		return -1;
	memcpy(blob_out + off, data, len);
	return 0;
}

static int
blob_move(struct ota_blob_cli *c, struct ota_blob_srv *s)
{
	struct ota_blob_out o;
	uint64_t now = 0, n1, n2;
	int i, r, moved;

	for (i = 0; i < 5000 && ota_blob_srv_phase(s) != OTA_BLOB_PHASE_COMPLETE; i++) {
		moved = 0;
		if ((r = ota_blob_cli_poll(c, now, &o, &n1)) < 0)
			return r;
		/* a refused message leaves the transfer going (the caller may
		 * ignore it), but out of memory must say so */
		if (r == 1 && (moved = 1) && o.dst == 0x100 &&
		    ota_blob_srv_recv(s, 0x0001, o.buf, o.len, now) == OTA_E_NOMEM)
			return OTA_E_NOMEM;
		if ((r = ota_blob_srv_poll(s, now, &o, &n2)) < 0)
			return r;
		if (r == 1 && (moved = 1) &&
		    ota_blob_cli_recv(c, 0x100, o.buf, o.len, now) == OTA_E_NOMEM)
			return OTA_E_NOMEM;
		if (!moved)
			now = n1 < n2 ? n1 : n2;
	}
	return ota_blob_srv_phase(s) == OTA_BLOB_PHASE_COMPLETE ? OTA_OK : OTA_E_STATE;
}

static int
sc_blob(void)
{
	struct ota_blob_sink sink = { NULL, blob_write, NULL, NULL };
	struct ota_blob_params p = { 7, 32, 0, 2, 0, 1000, 0, 0 };
	struct ota_blob_cli *c = ota_blob_cli_new();
	struct ota_blob_srv *s = ota_blob_srv_new();
	uint16_t a;
	int r = OTA_E_NOMEM;

	if (c != NULL && s != NULL && (r = ota_blob_srv_set_sink(s, &sink)) == OTA_OK &&
	    (r = ota_blob_srv_expect(s, 7, 0, 0)) == OTA_OK &&
	    (r = ota_blob_cli_set_blob(c, 7, sizeof(blob_out), blob_read, NULL)) == OTA_OK &&
	    (r = ota_blob_cli_set_params(c, &p)) == OTA_OK) {
		for (a = 0x100; a < 0x109 && r == OTA_OK; a++)
			r = ota_blob_cli_add_target(c, a, OTA_BLOB_MODE_PUSH, NULL);
		if (r == OTA_OK && (r = ota_blob_cli_start(c, 0)) == OTA_OK)
			r = blob_move(c, s);
	}
	ota_blob_cli_free(&c);
	ota_blob_srv_free(&s);
	return r;
}

/* Mesh DFU (libotaimg-mesh-dfu(3)): a Distributor updates one Target with a
 * 300-octet image, the messages moved directly; an allocation that fails
 * must end the run with OTA_E_NOMEM from a call, or without the update. */
static uint8_t dfu_img[300], dfu_got[300];

static int
dfu_read(void *ctx, size_t slot, uint64_t off, uint8_t *buf, size_t len)
{
	(void)ctx;
	(void)slot;
	if (off + len > sizeof(dfu_img))
		return -1;
	memcpy(buf, dfu_img + off, len);
	return 0;
}

static int
dfu_write(void *ctx, uint8_t index, uint64_t off, const uint8_t *buf, size_t len)
{
	(void)ctx;
	(void)index;
	if (off + len > sizeof(dfu_got))
		return -1;
	memcpy(dfu_got + off, buf, len);
	return 0;
}

static int
sc_dfu(void)
{
	static const uint8_t old[4] = { 0x59, 0x00, 1, 0 }, nw[4] = { 0x59, 0x00, 2, 0 };
	struct ota_dfu_srv_cb scb;
	struct ota_dfd_cb dcb;
	struct ota_dfd_start st;
	struct ota_dfu_srv *s;
	struct ota_dfd *d;
	struct ota_blob_out o;
	uint64_t now = 0, n1, n2;
	int r = OTA_E_NOMEM, i, ph, moved;

	memset(&scb, 0, sizeof(scb));
	memset(&dcb, 0, sizeof(dcb));
	memset(&st, 0, sizeof(st));
	memset(dfu_img, 0x5A, sizeof(dfu_img));
	memset(dfu_got, 0, sizeof(dfu_got));
	scb.write = dfu_write;
	dcb.slot_read = dfu_read;
	st.ttl = 2;
	st.apply = 1;
	s = ota_dfu_srv_new(&scb);
	d = ota_dfd_new(NULL, &dcb);
	if (s == NULL || d == NULL)
		goto out;
	if ((r = ota_dfu_srv_add_image(s, old, sizeof(old), NULL, NULL, NULL)) != OTA_OK ||
	    (r = ota_dfd_slot_add(d, nw, sizeof(nw), NULL, 0, sizeof(dfu_img), NULL, NULL)) !=
	    OTA_OK || (r = ota_dfd_receiver_add(d, 0x100, 0)) != OTA_OK)
		goto out;
	if ((r = ota_dfd_start(d, &st, 0)) != OTA_DFD_SUCCESS) {
		r = r < 0 ? r : OTA_E_STATE;
		goto out;
	}
	for (i = 0; i < 20000 && (ota_dfd_phase(d) == OTA_DFD_PHASE_TRANSFER_ACTIVE ||
	    ota_dfd_phase(d) == OTA_DFD_PHASE_APPLYING); i++) {
		moved = 0;
		if ((r = ota_dfd_poll(d, now, &o, &n1)) < 0)
			goto out;
		if (r == 1 && (moved = 1) &&
		    (r = ota_dfu_srv_recv(s, 0x0001, o.buf, o.len, now)) == OTA_E_NOMEM)
			goto out;
		if ((r = ota_dfu_srv_poll(s, now, &o, &n2)) < 0)
			goto out;
		if (r == 1 && (moved = 1) &&
		    (r = ota_dfd_recv(d, 0x100, o.buf, o.len, now)) == OTA_E_NOMEM)
			goto out;
		if (ota_dfu_srv_state(s, &ph, NULL, NULL, NULL, NULL) == OTA_OK &&
		    ph == OTA_DFU_PHASE_APPLYING)
			(void)ota_dfu_srv_applied(s, nw, sizeof(nw));
		if (!moved)
			now = n1 < n2 ? n1 : n2 < UINT64_MAX ? n2 : now + 1000;
	}
	r = ota_dfd_phase(d) == OTA_DFD_PHASE_COMPLETED &&
	    memcmp(dfu_got, dfu_img, sizeof(dfu_img)) == 0 ? OTA_OK : OTA_E_STATE;
out:
	ota_dfu_srv_free(&s);
	ota_dfd_free(&d);
	return r;
}

int
main(void)
{
	static const struct {
		const char *name;
		int (*run)(void);
	} sc[] = {
		{ "open+verify", sc_open_verify },
		{ "build", sc_build },
		{ "signature", sc_signature },
		{ "gbcs+cpl", sc_gbcs },
		{ "output", sc_output },
		{ "forward-only", sc_forward },
		{ "mesh-fetch", sc_fetch },
		{ "ocf codecs", sc_ocf_codecs },
		{ "ocf state machine", sc_ocf_dev },
		{ "ocf check+install", sc_ocf_check },
		{ "blob-transfer", sc_blob },
		{ "mesh-dfu", sc_dfu },
	};
	size_t i;
	long n;
	int r, bad = 0, total = 0;

	innr = load("zigbee/real/Innr__1166-0128-24011511-RS_226_v2-upgradeMe.ota", &innr_len);
	signed_sample = load("zigbee/samples/silabs-suite1-signed-sample.ota", &signed_len);
	gbcs = load("gbcs/duis-sr11.1-esme-upgrade-image.bin", &gbcs_len);
	supplier = load("gbcs/supplier-ds-90B3D51F30010000.pem", &supplier_len);
	pstat_cbor = load("ocf/pstat-get-example.cbor", &pstat_cbor_len);
	pstat_json = load("ocf/pstat-get-example.json", &pstat_json_len);
	json_set_alloc_funcs(json_alloc, free);
	{
		char target[64];

		if (mkdtemp(outdir) == NULL)
			exit(2);
		snprintf(target, sizeof(target), "%s/link", outdir);
		if (symlink("target", target) != 0)
			exit(2);
	}
	for (i = 0; i < sizeof(sc) / sizeof(sc[0]); i++) {
		countdown = -1;
		if ((r = sc[i].run()) != OTA_OK) {
			printf("not ok - %s fails without injected failures: %s\n", sc[i].name,
			    ota_errname(r));
			bad++;
			continue;
		}
		for (n = 0;; n++) {
			failed = 0;
			countdown = n;
			r = sc[i].run();
			countdown = -1;
			total++;
			if (!failed) {
				if (r != OTA_OK) {
					printf("not ok - %s: no failure injected, yet %s\n", sc[i].name,
					    ota_errname(r));
					bad++;
				}
				break; /* every allocation site was failed once */
			}
			/* the wrap sees libotaimg's allocations only (libcrypto's own are
			 * not wrapped): every one that fails must surface as an error */
			if (r == OTA_OK) {
				printf("not ok - %s: allocation %ld failed, yet the call succeeded\n",
				    sc[i].name, n);
				bad++;
			} else if (strncmp(sc[i].name, "ocf", 3) == 0 && r != OTA_E_NOMEM) {
				/* OCF says why: out of memory, not a verdict on the input */
				printf("not ok - %s: allocation %ld failed, the error is %s, not "
				    "OTA_E_NOMEM\n", sc[i].name, n, ota_errname(r));
				bad++;
			} else if (sc[i].run == sc_blob && r != OTA_E_NOMEM) {
				/* no libcrypto below: the only error is out of memory */
				printf("not ok - %s: allocation %ld failed, yet %s\n", sc[i].name, n,
				    ota_errname(r));
				bad++;
			}
		}
		printf("ok - %s: %ld allocation sites failed one by one\n", sc[i].name, n);
	}
	free(innr);
	free(signed_sample);
	free(gbcs);
	free(supplier);
	free(pstat_cbor);
	free(pstat_json);
	{
		char cmd[160];

		/* the link, its target, and no temporary file: "rmdir" fails otherwise */
		snprintf(cmd, sizeof(cmd), "rm -f %s/link %s/target && rmdir %s", outdir, outdir, outdir);
		if (system(cmd) != 0) {
			printf("not ok - output: files left in %s\n", outdir);
			bad++;
		}
	}
	printf("%d passed, %d failed\n", total - bad, bad);
	return bad == 0 ? 0 : 1;
}
