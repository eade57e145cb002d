/* mesh_private.h - lib/mesh entry points for the rest of the library
 * (the firmware archive reader holds ble_mesh_metadata.json as jansson
 * values already). */
#ifndef OTA_MESH_PRIVATE_H
#define OTA_MESH_PRIVATE_H

#include "otaimg.h"

/* ota_mesh_comp_from_json over a parsed json_t * (the composition_data
 * object, or an object holding one under that key); json is not kept. */
int ota__mesh_comp_from_jansson(struct ota_mesh_comp *c, const void *json);

#endif
