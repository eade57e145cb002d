/* mesharchive.h - Mesh DFU firmware archives in the otaimg tool
 * (tools/mesharchive*.c): inspect, verify and create. */
#ifndef OTAIMG_TOOLS_MESHARCHIVE_H
#define OTAIMG_TOOLS_MESHARCHIVE_H

#include <jansson.h>

#include "otaimg.h"
#include "mesh_out.h"
#include "mcuboot_out.h"

/* The inspect --json schema version of an archive object (otaimg-inspect(1)). */
#define MESHARCHIVE_SCHEMA 1

/* Is FILE (not "-") a ZIP or gzip file: an archive for these commands? */
int mesharchive_inspect(const char *file);
/* One inspect --json object; *status: the exit status. */
json_t *mesharchive_json(const char *file, int *status);
json_t *mesharchive_checks_json(const struct ota_mesh_archive *a);
json_t *mesharchive_diags_json(const struct ota_mesh_archive *a);
/* verify (json: one item of the array, first: the first item); the exit status. */
int mesharchive_verify(const char *file, const struct ota_key *key, unsigned flags, int json,
    int first);
/* create --format mesh-zip|mesh-tar */
int cmd_create_mesh(int argc, char **argv);

#endif
