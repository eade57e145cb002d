/* archive_private.h - the firmware archive handles (lib/mesh/archive*.c only). */
#ifndef OTA_ARCHIVE_PRIVATE_H
#define OTA_ARCHIVE_PRIVATE_H

#include "ota_private.h"

#define OTA_ARCHIVE_MAGIC 0x4f544152u /* "OTAR" */
#define OTA_MWRITER_MAGIC 0x4f544157u /* "OTAW" */
#define OTA_AR_CHECKS 128u             /* 16 metadata sets x 6 checks, and the rest */
#define OTA_AR_CHUNK 65536u            /* the fixed chunk images are streamed in */

struct ota_ar_entry {
	char *name;
	uint64_t size;             /* bytes the entry expanded to */
	enum ota_mesh_entry_role role;
	int json;                  /* manifest.json or ble_mesh_metadata.json */
	uint8_t *data;             /* the entry, when small enough to keep */
	size_t len;
	int over;                  /* larger than the JSON/metadata limit: not kept */
	int noted;                 /* a directory or __MACOSX/ entry (its note given) */
	struct ota_mcuboot *mcu;   /* an MCUboot image, parsed on the way */
	int mcu_err;               /* its open's error */
	char mcu_msg[OTA_MSG_LEN];
};

/* One metadata set: a ble_mesh_metadata.json object, or the tar's metadata file. */
struct ota_ar_md {
	uint8_t bytes[OTA_MESH_MD_MAX + 1];
	size_t len;
	int have;                  /* bytes hold metadata */
	enum ota_mesh_md_kind kind;
	struct ota_mesh_md *md;    /* kind ZEPHYR */
	struct ota_mesh_comp *comp; /* composition_data, or the page 0 metadata */
	int has_hash, has_ver, has_size, has_core;
	uint32_t hash;
	struct ota_fw_version ver;
	uint64_t size;
	uint8_t core;
	uint8_t fwid[OTA_FWID_MAX];
	size_t fwid_len;           /* 0: none */
};

struct ota_ar_check {
	char name[32];
	enum ota_check res;
	int err;                   /* what verify returns when it fails */
	char msg[OTA_MSG_LEN];
};

struct ota_mesh_archive {
	uint32_t magic;
	int state;                 /* 0 new, 1 open, 2 failed */
	struct ota_env env;
	struct ota_ctx ctx;        /* env again, for the MCUboot handles */
	uint64_t json_max, entry_max;
	enum ota_mesh_dialect dialect;
	struct ota_ar_entry *ent;
	size_t nent, capent;
	long image;                /* entry index, -1 none */
	uint8_t fwid[OTA_FWID_MAX];
	size_t fwid_len;
	int has_mver, has_msize;
	struct ota_fw_version mver;
	uint64_t msize;
	char *uri;
	struct ota_ar_md md[OTA_MESH_ARCHIVE_MAX_MD];
	size_t nmd;
	struct ota_ar_check chk[OTA_AR_CHECKS];
	size_t nchk;
	struct ota_diaglist diags;
	uint8_t *buf;              /* OTA_AR_CHUNK */
	char errmsg[OTA_MSG_LEN];
};

static inline int
ota__ar_ok(const struct ota_mesh_archive *a)
{
	return a != NULL && a->magic == OTA_ARCHIVE_MAGIC;
}

static inline int
ota__ar_open(const struct ota_mesh_archive *a)
{
	return ota__ar_ok(a) && a->state == 1;
}

int ota__ar_err(struct ota_mesh_archive *a, int err, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* archive_json.c: the two JSON files, into a. */
int ota__ar_manifest(struct ota_mesh_archive *a, const struct ota_ar_entry *e);
int ota__ar_mesh_json(struct ota_mesh_archive *a, const struct ota_ar_entry *e);
/* Decode or recognise a set's metadata bytes (tar: which kind it is). */
int ota__ar_md_decode(struct ota_mesh_archive *a, struct ota_ar_md *m, const char *where,
    int zephyr_only);
/* archive_check.c */
int ota__ar_checks(struct ota_mesh_archive *a);
void ota__ar_check_add(struct ota_mesh_archive *a, const char *name, enum ota_check res, int err,
    const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* hex text (even length, no separators) to bytes; -1 when not hex or too long */
int ota__ar_unhex(const char *s, uint8_t *out, size_t cap, size_t *len);
void ota__ar_hex(const uint8_t *p, size_t n, char *out, size_t cap);

#endif
