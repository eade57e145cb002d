/* ocf_tool.h - what tools/ocf.c and tools/ocf_run.c share. */
#ifndef OTAIMG_TOOLS_OCF_TOOL_H
#define OTAIMG_TOOLS_OCF_TOOL_H

#include "otaimg.h"

int cmd_ocf(int argc, char **argv);
/* otaimg ocf run SCRIPT: the exit status. */
int ocf_run(const char *script);
/* "cm: 64 (0x40) software-version-validation" */
void ocf_print_bits(const char *name, unsigned v);
void ocf_print_pstat(const struct ota_ocf_pstat *p);
/* JSON ('{'), hex CBOR, or "-" (standard input). */
int ocf_decode_pstat(const char *arg, struct ota_ocf_pstat *p, char *msg, size_t msglen);

/* The installed versions otaimg ocf check was given. */
struct ocf_installed {
	int have_zv, have_fw;
	uint32_t zv;                 /* Zigbee file version */
	struct ota_fw_version fw;    /* MCUboot / Mesh */
};
/* ocf_json.c: the --json outputs (otaimg-ocf(1), JSON OUTPUT). */
void ocf_json_pstat(const struct ota_ocf_pstat *p);
void ocf_json_swu(const struct ota_ocf_swu *s);
/* found: an update is available, files[best] (n files, res their verdicts). */
void ocf_json_check(const struct ocf_installed *in, char *const *files, size_t n,
    const struct ota_ocf_candidate *res, int found, size_t best);

#endif
