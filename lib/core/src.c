/* The sequential input of the MCUboot and Matter readers: a file, a memory
 * buffer or a forward-only read callback (struct ota__src, lib/ota_private.h). */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ota_private.h"

int
ota__src_open_path(struct ota__src *s, const char *path)
{
	struct stat st;

	memset(s, 0, sizeof(*s));
	if ((s->fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return OTA_E_IO;        /* errno says why */
	if (fstat(s->fd, &st) == 0 && S_ISREG(st.st_mode)) {
		s->seekable = 1;
		s->size = (uint64_t)st.st_size;
	}
	return OTA_OK;
}

void
ota__src_memory(struct ota__src *s, const void *buf, size_t len)
{
	static const uint8_t none[1];

	memset(s, 0, sizeof(*s));
	s->fd = -1;
	s->mem = buf != NULL ? buf : none;
	s->memlen = len;
	s->seekable = 1;
	s->size = len;
}

void
ota__src_cb(struct ota__src *s, ota_read_fn read, void *ctx)
{
	memset(s, 0, sizeof(*s));
	s->fd = -1;
	s->read = read;
	s->ctx = ctx;
}

void
ota__src_close(struct ota__src *s)
{
	if (s->fd >= 0)
		(void)close(s->fd);
	s->fd = -1;
}

int
ota__src_read(struct ota__src *s, void *buf, size_t len, size_t *got)
{
	uint8_t *b = buf;
	size_t n = 0, g;
	ssize_t k;

	if (s->mem != NULL) {
		n = s->pos < s->memlen ? s->memlen - (size_t)s->pos : 0;
		n = n < len ? n : len;
		memcpy(b, s->mem + s->pos, n);
	} else {
		while (n < len) {
			if (s->fd >= 0) {
				k = read(s->fd, b + n, len - n);
				if (k < 0 && errno == EINTR)
					continue;
				if (k < 0)
					return OTA_E_IO;
				g = (size_t)k;
			} else if (s->read(s->ctx, b + n, len - n, &g) != 0) {
				return OTA_E_IO;
			}
			if (g == 0)
				break;
			n += g > len - n ? len - n : g;
		}
	}
	s->pos += n;
	*got = n;
	return OTA_OK;
}

int
ota__src_seek(struct ota__src *s, uint64_t off)
{
	if (s->fd >= 0 && lseek(s->fd, (off_t)off, SEEK_SET) < 0)
		return OTA_E_IO;
	s->pos = off;
	return OTA_OK;
}
