/* blob_int.h - shared inside the BLOB transfer engine (blob_cli.c,
 * blob_srv.c, blob_missing.c; libotaimg-mesh-blob(3)).  Inside libotaimg
 * only. */
#ifndef OTA_BLOB_INT_H
#define OTA_BLOB_INT_H

#include <stdint.h>
#include <stddef.h>

#include "otaimg.h"

/* Most blocks of a BLOB: the Transfer Status bitmap of blocks not received
 * fits one message (opcode 2 + 17 octets of fields before it). */
#define OTA_BLOB_MAX_BLOCKS (8u * (OTA_MESH_MSG_MAX - 19u))
#define OTA_BLOB_BITS_LEN(n) (((size_t)(n) + 7u) / 8u)

static inline int
ota__bit_get(const uint8_t *b, uint32_t i)
{
	return (b[i / 8u] >> (i % 8u)) & 1;
}

static inline void
ota__bit_set(uint8_t *b, uint32_t i, int v)
{
	if (v)
		b[i / 8u] = (uint8_t)(b[i / 8u] | (1u << (i % 8u)));
	else
		b[i / 8u] = (uint8_t)(b[i / 8u] & ~(1u << (i % 8u)));
}

/* Bits 0..n-1 set, the rest of the last octet clear. */
void ota__bits_fill(uint8_t *b, uint32_t n);
uint32_t ota__bits_count(const uint8_t *b, uint32_t n);

/* The opcode of a whole access message and its parameters (OTA_OK), or an
 * error from ota_mesh_opcode_decode. */
int ota__blob_split(const uint8_t *msg, size_t len, uint32_t *op, const uint8_t **par,
    size_t *plen);
/* Octets of block `block` of a BLOB (size, 2^log blocks). */
uint32_t ota__blob_block_size(uint64_t size, uint8_t log, uint32_t block);
uint32_t ota__blob_block_count(uint64_t size, uint8_t log);

#endif /* OTA_BLOB_INT_H */
