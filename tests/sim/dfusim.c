/* dfusim.c - issue 11 item 6: a Mesh DFU distribution end to end over an
 * in-process mesh (tests/sim/sim.c).  The Distributor takes the firmware
 * archive by Store Firmware OOB from an HTTPS server (-u URI -c CA -d DIR,
 * <otaimg/mesh_fetch.h>; tests/cli/dfusim.sh starts the server) or, built
 * without libcurl or without -u, by an in-band upload of the archive given
 * with -a; then plans, transfers, applies and confirms on 20 Targets (4 Low
 * Power nodes in pull mode, 2 updating image index 1, 1 whose metadata
 * check refuses the image) with -l percent of the messages lost (seed -s).
 * Exit 0 when every Target ends as expected (-b: or failed with a reason,
 * for heavy loss), 1 otherwise, 2 on a usage or setup error. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <archive.h>
#include <archive_entry.h>

#include "sim.h"

struct fw {
	uint8_t *img;
	size_t size;
	uint8_t fwid[OTA_FWID_MAX];
	size_t fwid_len;
	uint8_t md[OTA_MESH_MD_MAX];
	size_t md_len;
	uint32_t hash;
};

/* The image entry's octets, read with libarchive. */
static int
read_entry(const char *path, const char *name, uint64_t size, uint8_t **out)
{
	struct archive *ar = archive_read_new();
	struct archive_entry *e;
	uint8_t *p = NULL;
	int rc = -1;

	if (ar == NULL || size == 0 || size > 64u * 1024u * 1024u)
		goto out;
	archive_read_support_format_all(ar);
	archive_read_support_filter_all(ar);
	if (archive_read_open_filename(ar, path, 16384) != ARCHIVE_OK)
		goto out;
	while (archive_read_next_header(ar, &e) == ARCHIVE_OK) {
		if (strcmp(archive_entry_pathname(e), name) != 0)
			continue;
		if ((p = malloc((size_t)size)) == NULL ||
		    archive_read_data(ar, p, (size_t)size) != (la_ssize_t)size)
			break;
		*out = p;
		p = NULL;
		rc = 0;
		break;
	}
out:
	free(p);
	archive_read_free(ar);
	return rc;
}

/* FWID, first metadata, its composition hash and the image of an archive
 * (checked by libotaimg's archive reader). */
static int
load(const char *path, struct fw *fw)
{
	struct ota_mesh_archive *a = ota_mesh_archive_new();
	const struct ota_mesh_md *md;
	const uint8_t *p;
	const char *name;
	size_t entry, n;
	uint64_t size;
	uint16_t elems;
	int rc = -1;

	memset(fw, 0, sizeof(*fw));
	if (a == NULL || ota_mesh_archive_open_path(a, path) != OTA_OK) {
		fprintf(stderr, "dfusim: %s: %s\n", path, ota_mesh_archive_errmsg(a));
		goto out;
	}
	if (ota_mesh_archive_fwid(a, &p, &n) != OTA_OK)
		goto out;
	memcpy(fw->fwid, p, n);
	fw->fwid_len = n;
	if (ota_mesh_archive_md_bytes(a, 0, &p, &n) != OTA_OK || n > sizeof(fw->md))
		goto out;
	memcpy(fw->md, p, n);
	fw->md_len = n;
	if ((md = ota_mesh_archive_md(a, 0)) == NULL ||
	    ota_mesh_md_comp(md, &fw->hash, &elems) != OTA_OK)
		goto out;
	if (ota_mesh_archive_image(a, &entry) != OTA_OK ||
	    ota_mesh_archive_entry(a, entry, &name, &size, NULL) != OTA_OK ||
	    read_entry(path, name, size, &fw->img) != 0)
		goto out;
	fw->size = (size_t)size;
	rc = 0;
out:
	if (rc != 0)
		fprintf(stderr, "dfusim: %s: no image, FWID or Zephyr metadata\n", path);
	ota_mesh_archive_free(&a);
	return rc;
}

struct oob {
	const char *ca, *dir;
	int status;       /* what the fetch answered */
	long http;
};

static int
fetch(void *arg, const char *uri, const uint8_t *cur, size_t cur_len, struct ota_dfd_fetched *f,
    uint8_t **img)
{
	struct oob *o = arg;
	struct ota_mesh_fetch *h = ota_mesh_fetch_new();
	struct fw fw;
	int st;

	if (h == NULL)
		return OTA_DFD_INSUFFICIENT_RESOURCES;
	if (ota_mesh_fetch_set_ca_file(h, o->ca) != OTA_OK ||
	    ota_mesh_fetch_run(h, uri, cur, cur_len, o->dir) != OTA_OK) {
		fprintf(stderr, "dfusim: fetch: %s\n", ota_mesh_fetch_errmsg(h));
		st = ota_mesh_fetch_status(h);
		goto out;
	}
	o->http = ota_mesh_fetch_http_code(h);
	if (load(ota_mesh_fetch_path(h), &fw) != 0) {
		st = OTA_DFD_INTERNAL_ERROR;
		goto out;
	}
	memcpy(f->fwid, fw.fwid, fw.fwid_len);
	f->fwid_len = fw.fwid_len;
	memcpy(f->metadata, fw.md, fw.md_len);
	f->metadata_len = fw.md_len;
	f->size = (uint32_t)fw.size;
	*img = fw.img;
	st = OTA_DFD_SUCCESS;
out:
	o->status = st;
	ota_mesh_fetch_free(&h);
	return st;
}

static void
hex(const uint8_t *p, size_t n, char *out)
{
	size_t i;

	for (i = 0; i < n; i++)
		snprintf(out + 2 * i, 3, "%02X", p[i]);
}

int
main(int argc, char **argv)
{
	const char *archive = NULL, *uri = NULL;
	struct oob o;
	struct fw fw;
	struct sim_cfg c;
	struct sim_res *r;
	char fh[2 * OTA_FWID_MAX + 1];
	unsigned long loss = 10, seed = 1;
	int ch, bounded = 0, bad = 0, rc;
	clock_t t0;
	size_t i;

	memset(&o, 0, sizeof(o));
	memset(&fw, 0, sizeof(fw));
	while ((ch = getopt(argc, argv, "a:u:c:d:l:s:b")) != -1) {
		switch (ch) {
		case 'a': archive = optarg; break;
		case 'u': uri = optarg; break;
		case 'c': o.ca = optarg; break;
		case 'd': o.dir = optarg; break;
		case 'l': loss = strtoul(optarg, NULL, 10); break;
		case 's': seed = strtoul(optarg, NULL, 10); break;
		case 'b': bounded = 1; break;
		default:
			fprintf(stderr, "usage: dfusim [-b] [-l LOSS] [-s SEED] [-a ARCHIVE] "
			    "[-u URI -c CA -d DIR]\n");
			return 2;
		}
	}
	if (loss > 90 || (uri == NULL && archive == NULL) ||
	    (uri != NULL && (o.ca == NULL || o.dir == NULL))) {
		fprintf(stderr, "dfusim: give -a ARCHIVE, or -u URI -c CA -d DIR; loss 0..90\n");
		return 2;
	}
	if (uri != NULL && !ota_mesh_fetch_available()) {
		printf("dfusim: built without libcurl: HTTPS skipped, in-band upload\n");
		uri = NULL;
		if (archive == NULL)
			return 77;
	}
	memset(&c, 0, sizeof(c));
	c.targets = 20;
	c.lpns = 4;
	c.second = 2;
	c.reject = 1;
	c.loss = (unsigned)loss;
	c.seed = seed;
	c.limit_ms = 4u * 3600u * 1000u;
	if (archive != NULL && load(archive, &fw) != 0)
		return 2;
	if (uri != NULL) {
		c.fetch = fetch;
		c.fetch_arg = &o;
		c.uri = uri;
		if (archive == NULL) {
			fprintf(stderr, "dfusim: -a ARCHIVE gives the expected composition hash\n");
			return 2;
		}
	} else {
		c.image = fw.img;
		c.size = fw.size;
		c.fwid = fw.fwid;
		c.fwid_len = fw.fwid_len;
		c.md = fw.md;
		c.md_len = fw.md_len;
	}
	c.comp_hash = fw.hash;
	if ((r = calloc(1, sizeof(*r))) == NULL)
		return 2;
	t0 = clock();
	rc = sim_run(&c, r);
	hex(fw.fwid, fw.fwid_len, fh);
	printf("dfusim: %u targets (%u Low Power in pull mode, %u on image index 1), loss %lu%%, "
	    "seed %lu\n", c.targets, c.lpns, c.second, loss, seed);
	printf("dfusim: upload %s: %s, %zu octets, FWID %s\n",
	    uri != NULL ? "out-of-band over HTTPS" : "in-band (BLOB)",
	    ota_dfd_status_name(r->upload_status), r->image_size, fh);
	if (rc != 0) {
		printf("dfusim: FAIL: %s\n", r->err);
		free(r);
		free(fw.img);
		return 1;
	}
	printf("dfusim: plan: block 2^%u, chunk %u, %u blocks, %llu chunks\n",
	    (unsigned)r->plan.block_log, (unsigned)r->plan.chunk_size, (unsigned)r->plan.blocks,
	    (unsigned long long)r->plan.chunks);
	printf("dfusim: distribution %s: %u done, %u failed; virtual %.1f s; cpu %.2f s; "
	    "%lu messages sent, %lu receptions lost\n", ota_dfd_phase_name(r->phase), r->done, r->failed,
	    (double)r->virt_ms / 1000.0, (double)(clock() - t0) / CLOCKS_PER_SEC, r->sent,
	    r->dropped);
	for (i = 0; i < c.targets; i++) {
		const struct sim_target *t = &r->t[i];
		int reject = i >= c.targets - c.reject;

		if (!t->ri.done)
			printf("dfusim:   0x%04X failed: %s (update status %s)%s\n", t->addr,
			    ota_dfd_fail_name(t->ri.fail), ota_dfu_status_name(t->ri.status),
			    reject ? " - expected: its metadata check refuses" : "");
		if (reject) {
			bad |= t->ri.done || t->ri.fail != OTA_DFD_FAIL_METADATA;
			continue;
		}
		if (t->ri.done) {
			bad |= !t->image_ok || !t->fwid_ok || !t->other_ok;
			bad |= t->ri.mode != (t->lpn ? OTA_BLOB_MODE_PULL : OTA_BLOB_MODE_PUSH);
			if (!t->image_ok || !t->fwid_ok || !t->other_ok)
				printf("dfusim:   0x%04X: image %s, FWID %s\n", t->addr,
				    t->image_ok ? "ok" : "differs", t->fwid_ok ? "ok" : "differs");
		} else {
			bad |= !bounded || t->ri.fail == OTA_DFD_FAIL_NONE;
		}
	}
	bad |= r->phase != OTA_DFD_PHASE_COMPLETED && !(bounded && r->phase == OTA_DFD_PHASE_FAILED);
	printf("dfusim: %s\n", bad ? "FAIL" : "ok");
	free(r);
	free(fw.img);
	return bad ? 1 : 0;
}
