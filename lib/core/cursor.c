/* cursor.c - bounded reads over a byte range (STYLE.md 3A).  Every read
 * checks what remains first and changes nothing when it fails. */
#include "config.h"

#include <string.h>

#include "ota_private.h"

int
ota__cur_bytes(struct ota_cur *c, void *dst, size_t len)
{
	if (len > c->n)
		return OTA_E_TRUNCATED;
	if (len > 0)
		memcpy(dst, c->p, len);
	c->p += len;
	c->n -= len;
	return OTA_OK;
}

int
ota__cur_skip(struct ota_cur *c, size_t len)
{
	if (len > c->n)
		return OTA_E_TRUNCATED;
	c->p += len;
	c->n -= len;
	return OTA_OK;
}

int
ota__cur_take(struct ota_cur *c, size_t len, struct ota_cur *sub)
{
	if (len > c->n)
		return OTA_E_TRUNCATED;
	sub->p = c->p;
	sub->n = len;
	c->p += len;
	c->n -= len;
	return OTA_OK;
}

int
ota__cur_u8(struct ota_cur *c, uint8_t *v)
{
	return ota__cur_bytes(c, v, 1);
}

int
ota__cur_u16le(struct ota_cur *c, uint16_t *v)
{
	uint8_t b[2];
	int r;

	if ((r = ota__cur_bytes(c, b, sizeof(b))) != OTA_OK)
		return r;
	*v = (uint16_t)(b[0] | (b[1] << 8));
	return OTA_OK;
}

int
ota__cur_u32le(struct ota_cur *c, uint32_t *v)
{
	uint8_t b[4];
	int r;

	if ((r = ota__cur_bytes(c, b, sizeof(b))) != OTA_OK)
		return r;
	*v = (uint32_t)b[0] | ((uint32_t)b[1] << 8) | ((uint32_t)b[2] << 16) |
	    ((uint32_t)b[3] << 24);
	return OTA_OK;
}

int
ota__cur_u64le(struct ota_cur *c, uint64_t *v)
{
	uint32_t lo, hi;
	int r;

	if ((r = ota__cur_u32le(c, &lo)) != OTA_OK)
		return r;
	if ((r = ota__cur_u32le(c, &hi)) != OTA_OK) {
		c->p -= 4;
		c->n += 4;
		return r;
	}
	*v = (uint64_t)lo | ((uint64_t)hi << 32);
	return OTA_OK;
}

void
ota__put_u16le(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v & 0xff);
	p[1] = (uint8_t)(v >> 8);
}

void
ota__put_u32le(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v & 0xff);
	p[1] = (uint8_t)((v >> 8) & 0xff);
	p[2] = (uint8_t)((v >> 16) & 0xff);
	p[3] = (uint8_t)(v >> 24);
}
