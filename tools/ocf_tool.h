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

#endif
