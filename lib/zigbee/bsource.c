/* bsource.c - the builder's element sources for one pass: sizes known
 * before the header is written, regular files read with pread from the
 * offset recorded when they were added, anything else spooled once to an
 * unlinked temporary file and kept for later passes, every input bounded
 * by the input limit and by what total_image_size can hold. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "zigbee/builder.h"

/* Most bytes source i may hold: the caller's limit, and what is left of
 * total_image_size after the header and the elements before it. */
static uint64_t
room_for(const struct ota_builder *b, size_t i, int *by_format)
{
	uint64_t used = ota__header_len_for_fc(b->fc) + (b->iic ? 6 + 16 : 0), room;
	size_t k;

	for (k = 0; k < i; k++)
		used += b->src[k].size;
	used += (b->format == OTA_FORMAT_GBCS ? 0 : 6) * (uint64_t)(i + 1);
	room = used < UINT32_MAX ? UINT32_MAX - used : 0;
	*by_format = room < b->max_input;
	return *by_format ? room : b->max_input;
}

static int
too_big(struct ota_builder *b, size_t i, uint64_t limit, int by_format, const char *how)
{
	if (by_format)
		return ota__builder_err(b, OTA_E_RANGE, "tag 0x%04X input %s more than the %llu bytes left "
		    "of the 4294967295 that total_image_size holds", b->src[i].tag, how,
		    (unsigned long long)limit);
	return ota__builder_err(b, OTA_E_LIMIT, "tag 0x%04X input %s more than the input limit of %llu "
	    "bytes", b->src[i].tag, how, (unsigned long long)limit);
}

/* Copy a non-seekable input into an unlinked temporary file, stopping as
 * soon as it passes limit (the partial spool is closed, so removed). */
static int
spool(struct ota_builder *b, size_t i, int in, uint64_t limit, int by_format)
{
	struct bsrc *s = &b->src[i];
	const char *dir = getenv("TMPDIR");
	char *tmpl;
	uint8_t *buf;
	ssize_t n;
	size_t tl;
	int fd, r = OTA_OK;

	if (dir == NULL || *dir == '\0')
		dir = "/tmp";
	tl = strlen(dir) + sizeof("/otaimg-spool-XXXXXX");
	if ((tmpl = malloc(tl)) == NULL)
		return ota__builder_err(b, OTA_E_NOMEM, "out of memory");
	(void)snprintf(tmpl, tl, "%s/otaimg-spool-XXXXXX", dir);
	fd = mkstemp(tmpl);
	if (fd >= 0)
		(void)unlink(tmpl);
	free(tmpl);
	if (fd < 0)
		return ota__builder_err(b, OTA_E_IO, "cannot create a spool file in %s: %s", dir, strerror(errno));
	if ((buf = malloc(OTA_IOBUF)) == NULL) {
		close(fd);
		return ota__builder_err(b, OTA_E_NOMEM, "out of memory");
	}
	s->spent = 1; /* from here on the input is (partly) consumed */
	s->size = 0;
	for (;;) {
		n = read(in, buf, OTA_IOBUF);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			r = ota__builder_err(b, OTA_E_IO, "reading tag 0x%04X input: %s", s->tag, strerror(errno));
			break;
		}
		if (n == 0)
			break;
		if ((uint64_t)n > limit - s->size) {
			r = too_big(b, i, limit, by_format, "is");
			break;
		}
		if (ota__atomic_write(&(struct ota_atomic){ .fd = fd }, buf, (size_t)n) != 0) {
			r = ota__builder_err(b, OTA_E_IO, "writing the spool file: %s", strerror(errno));
			break;
		}
		s->size += (uint64_t)n;
	}
	free(buf);
	if (r != OTA_OK) {
		close(fd);
		return r;
	}
	s->spool = fd;
	s->spent = 0;
	return OTA_OK;
}

/* Open source i for this pass and learn its size. */
static int
open_source(struct ota_builder *b, size_t i)
{
	struct bsrc *s = &b->src[i];
	struct stat st;
	uint64_t limit;
	int by_format, in = -1, r = OTA_OK;

	limit = room_for(b, i, &by_format);
	s->close_cur = 0;
	s->curoff = 0;
	if (s->kind == SRC_MEM) {
		s->size = s->memlen;
		return s->size > limit ? too_big(b, i, limit, by_format, "is") : OTA_OK;
	}
	if (s->spool < 0 && s->spent)
		return ota__builder_err(b, OTA_E_STATE, "tag 0x%04X input was partly read by an earlier call "
		    "that failed; it cannot be read again", s->tag);
	if (s->kind == SRC_PATH && s->spool < 0) {
		if ((in = open(s->path, O_RDONLY | O_CLOEXEC)) < 0)
			return ota__builder_err(b, OTA_E_IO, "%s: %s", s->path, strerror(errno));
		if (fstat(in, &st) != 0) {
			r = ota__builder_err(b, OTA_E_IO, "%s: %s", s->path, strerror(errno));
		} else if (S_ISREG(st.st_mode)) {
			s->cur = in;
			s->close_cur = 1;
			s->size = (uint64_t)st.st_size;
			in = -1;
		} else {
			r = spool(b, i, in, limit, by_format);
		}
		if (in >= 0)
			close(in);
		if (r != OTA_OK)
			return r;
	} else if (s->kind == SRC_FD && s->regular) {
		if (fstat(s->fd, &st) != 0)
			return ota__builder_err(b, OTA_E_IO, "tag 0x%04X descriptor %d: %s", s->tag, s->fd,
			    strerror(errno));
		if ((uint64_t)st.st_size < s->off)
			return ota__builder_err(b, OTA_E_IO, "tag 0x%04X input shrank below the offset %llu it "
			    "had when it was added", s->tag, (unsigned long long)s->off);
		s->cur = s->fd;
		s->curoff = s->off;
		s->size = (uint64_t)st.st_size - s->off;
	} else if (s->kind == SRC_FD && s->spool < 0) {
		if ((r = spool(b, i, s->fd, limit, by_format)) != OTA_OK)
			return r;
	}
	if (s->spool >= 0) {
		s->cur = s->spool;
		s->curoff = 0;
	}
	if (s->size > limit)
		return too_big(b, i, limit, by_format, "is");
	return OTA_OK;
}

void
ota__builder_close_sources(struct ota_builder *b)
{
	size_t i;

	for (i = 0; i < b->nsrc; i++) {
		struct bsrc *s = &b->src[i];

		if (s->close_cur && s->cur >= 0)
			close(s->cur);
		s->cur = -1;
		s->close_cur = 0;
	}
}

/* Open every source and learn its size. */
int
ota__builder_open_sources(struct ota_builder *b)
{
	size_t i;
	int r = OTA_OK;

	for (i = 0; i < b->nsrc && r == OTA_OK; i++)
		r = open_source(b, i);
	if (r != OTA_OK)
		ota__builder_close_sources(b);
	return r;
}
