/* sim.h - a Mesh DFU distribution over an in-process mesh (tests/sim/sim.c):
 * one Distributor (with its Initiator at INITIATOR_ADDR) and up to SIM_MAX
 * Targets, some Low Power nodes behind a Friend queue, some updating their
 * second image index; every message delivered after a latency or dropped
 * at random (seeded); the clock jumps to the next due time.  Used by
 * tests/sim/dfusim.c and tests/unit/test_dfu.c. */
#ifndef DFU_SIM_H
#define DFU_SIM_H

#include <stddef.h>
#include <stdint.h>

#include "otaimg.h"

#define SIM_MAX 32u

/* Fetch for Store Firmware OOB: the new image (malloc'd, the caller's
 * sim frees it) and its FWID, metadata and size in *f; an OTA_DFD_* status. */
typedef int (*sim_fetch_fn)(void *arg, const char *uri, const uint8_t *cur, size_t cur_len,
    struct ota_dfd_fetched *f, uint8_t **img);

struct sim_cfg {
	unsigned targets, lpns, second, reject; /* reject: the last `reject` targets refuse */
	/* before the refusing ones: Targets whose image does not verify, that
	 * never answer, that are added with an image index they lack */
	unsigned verifyfail, mute, badindex;
	unsigned unprov;            /* before those: Targets with another composition hash */
	int verify_only;            /* update policy verify only, then Distribution Apply */
	uint64_t cancel_at_ms;      /* Distribution Cancel then (0: never) */
	uint64_t suspend_at_ms;     /* Distribution Suspend then, once the BLOB transfer
				     * runs (0: never), and */
	uint64_t resume_after_ms;   /* the same Distribution Start this much later */
	unsigned loss;              /* percent of messages dropped */
	uint64_t seed;
	uint64_t limit_ms;          /* virtual time bound */
	/* in-band upload (fetch NULL): the image, its FWID and metadata */
	const uint8_t *image;
	size_t size;
	const uint8_t *fwid, *md;
	size_t fwid_len, md_len;
	/* out-of-band upload */
	sim_fetch_fn fetch;
	void *fetch_arg;
	const char *uri;
	uint32_t comp_hash;         /* the Targets' composition hash */
};

struct sim_target {
	uint16_t addr;
	int lpn;
	uint8_t index;              /* the image index updated */
	struct ota_dfd_receiver_info ri;
	int image_ok;               /* byte-exact */
	int fwid_ok;                /* its list shows the new FWID at index */
	int other_ok;               /* the other image index kept its FWID */
	int phase;                  /* its Firmware Update Server's phase at the end */
};

struct sim_res {
	uint64_t virt_ms;
	int upload_status, phase;   /* Upload Status, final distribution phase */
	int phase_seen;             /* OR of 1 << each distribution phase seen */
	unsigned done, failed;
	/* the final Receivers List message (Receivers Get 0, 32): entries, and
	 * those at transfer progress 50 (100 %) with retrieved phase Idle */
	size_t list_entries, list_complete;
	unsigned long sent, dropped;
	size_t image_size;
	struct ota_blob_plan_result plan;
	struct sim_target t[SIM_MAX];
	char err[256];
};

/* 0 when the run could be set up and ended (all done or failed, or the
 * distribution finished) within the bound; -1 otherwise (res->err). */
int sim_run(const struct sim_cfg *cfg, struct sim_res *res);

#endif
