/* testutil.c - helpers shared by the Check suites. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

int
membuf_write(void *ctx, const void *buf, size_t len)
{
	struct membuf *m = ctx;

	if (m->n + len > m->cap) {
		size_t ncap = m->cap ? m->cap : 256;
		uint8_t *p;

		while (ncap < m->n + len)
			ncap *= 2;
		if ((p = realloc(m->p, ncap)) == NULL)
			return -1;
		m->p = p;
		m->cap = ncap;
	}
	memcpy(m->p + m->n, buf, len);
	m->n += len;
	return 0;
}

void
membuf_free(struct membuf *m)
{
	free(m->p);
	memset(m, 0, sizeof(*m));
}

void
put16(uint8_t *p, unsigned v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

void
put32(uint8_t *p, uint32_t v)
{
	put16(p, v & 0xffff);
	put16(p + 2, v >> 16);
}

size_t
unhex(const char *hex, uint8_t *out, size_t cap)
{
	size_t n = 0;
	unsigned v;

	while (hex[0] != '\0' && hex[1] != '\0' && n < cap) {
		if (sscanf(hex, "%2x", &v) != 1)
			break;
		out[n++] = (uint8_t)v;
		hex += 2;
	}
	return n;
}

uint8_t *
slurp(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	uint8_t *p = NULL;
	long sz;

	ck_assert_msg(fp != NULL, "cannot open %s", path);
	ck_assert_int_eq(fseek(fp, 0, SEEK_END), 0);
	sz = ftell(fp);
	ck_assert_int_ge(sz, 0);
	rewind(fp);
	p = malloc((size_t)sz + 1);
	ck_assert_ptr_nonnull(p);
	ck_assert_uint_eq(fread(p, 1, (size_t)sz, fp), (size_t)sz);
	fclose(fp);
	*len = (size_t)sz;
	return p;
}

const char *
vector_path(const char *rel)
{
	static char buf[4096];
	const char *v = getenv("VECTORS");

	snprintf(buf, sizeof(buf), "%s/%s", v != NULL ? v : "tests/vectors", rel);
	return buf;
}

const char *
dir_path(const char *dir, const char *name)
{
	static char buf[4][300];
	static int k;

	k = (k + 1) % 4;
	snprintf(buf[k], sizeof(buf[k]), "%s/%s", dir, name);
	return buf[k];
}
