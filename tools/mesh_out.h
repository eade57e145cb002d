/* mesh_out.h - printers of the Mesh DFU objects (text and JSON), shared by
 * otaimg mesh and the archive inspector.  The JSON keys are documented in
 * otaimg-mesh(1), JSON OUTPUT. */
#ifndef OTAIMG_TOOLS_MESH_OUT_H
#define OTAIMG_TOOLS_MESH_OUT_H

#include <stdio.h>

#include <jansson.h>

#include "otaimg.h"

/* The "metadata" object: version, fw_size, core_type, core_types, form,
 * composition_hash (+ _hex) and elements when carried, user_data,
 * length, hex. */
json_t *mesh_md_json(const struct ota_mesh_md *md);
/* The composition_data object of ble_mesh_metadata.json (cid, pid, vid,
 * crpl, features, elements[{location, sig_models, vendor_models}]). */
json_t *mesh_comp_json(const struct ota_mesh_comp *c);
/* The "fwid" object: hex, text, length, company, version (when the
 * version part is an MCUboot version), zephyr_limits. */
json_t *mesh_fwid_json(const uint8_t *fwid, size_t len);
/* One "key: value" line a field, each starting with indent. */
void mesh_md_print(FILE *fp, const struct ota_mesh_md *md, const char *indent);
void mesh_fwid_print(FILE *fp, const uint8_t *fwid, size_t len, const char *indent);
void mesh_comp_print(FILE *fp, const struct ota_mesh_comp *c, const char *indent);
/* "application", "network", ... for the core type bits ("none" for 0). */
void mesh_core_type_text(uint8_t core, char *buf, size_t len);
/* Lower-case hex of p into a new JSON string. */
json_t *mesh_hex_json(const uint8_t *p, size_t n);

#endif
