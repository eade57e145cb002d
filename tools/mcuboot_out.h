/* mcuboot_out.h - MCUboot image printers shared by inspect, verify and the
 * Mesh archive report (tools only). */
#ifndef OTAIMG_TOOLS_MCUBOOT_OUT_H
#define OTAIMG_TOOLS_MCUBOOT_OUT_H

#include <stdio.h>

#include <jansson.h>

#include "otaimg.h"

/* The "mcuboot" object of inspect --json (otaimg-inspect(1), MCUBOOT JSON):
 * header fields, version, hash, key, signature, TLVs, trailer. */
json_t *mcuboot_json(const struct ota_mcuboot *m);
/* The "diagnostics" array for an MCUboot handle (the inspect --json form). */
json_t *mcuboot_json_diags(const struct ota_mcuboot *m);
/* The hash object: algorithm, stored, computed, match (null: no hash TLV). */
json_t *mcuboot_json_hash(const struct ota_mcuboot *m);
/* The same fields as text lines, each starting with indent. */
void mcuboot_print(FILE *fp, const struct ota_mcuboot *m, const char *indent);
/* Flag names of ih_flags, comma-separated ("none" for 0) into buf. */
void mcuboot_flag_names(uint32_t flags, char *buf, size_t len);
/* The signature TLV's name, or NULL when unsigned. */
const char *mcuboot_sig_name(const struct ota_mcuboot *m);

#endif
