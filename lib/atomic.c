/* atomic.c - output files that appear whole or not at all: a temporary file
 * in the same folder, fsync, rename, fsync of the folder. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ota_private.h"

static char *
dup_str(const char *s)
{
	size_t n = strlen(s) + 1;
	char *d = malloc(n);

	if (d != NULL)
		memcpy(d, s, n);
	return d;
}

int
ota__atomic_open(struct ota_atomic *a, const char *path)
{
	const char *slash;
	size_t dirlen, n;
	struct stat st;
	mode_t mode = 0644;

	memset(a, 0, sizeof(*a));
	a->fd = -1;
	if (path == NULL || *path == '\0')
		return OTA_E_INVAL;
	slash = strrchr(path, '/');
	dirlen = slash != NULL ? (size_t)(slash - path) + 1 : 0;
	n = dirlen + strlen(".otaimg-XXXXXX") + 1;
	if ((a->tmp = malloc(n)) == NULL || (a->path = dup_str(path)) == NULL) {
		free(a->tmp);
		a->tmp = NULL;
		return OTA_E_NOMEM;
	}
	memcpy(a->tmp, path, dirlen);
	memcpy(a->tmp + dirlen, ".otaimg-XXXXXX", strlen(".otaimg-XXXXXX") + 1);
	if ((a->fd = mkstemp(a->tmp)) < 0) {
		free(a->tmp);
		free(a->path);
		a->tmp = a->path = NULL;
		return OTA_E_IO;
	}
	/* Keep the mode of a file we replace; otherwise rw-r--r--. */
	if (stat(path, &st) == 0 && S_ISREG(st.st_mode))
		mode = st.st_mode & 07777;
	(void)fchmod(a->fd, mode);
	return OTA_OK;
}

/* A file for secrets: owner read/write only. */
void
ota__atomic_private(struct ota_atomic *a)
{
	if (a->fd >= 0)
		(void)fchmod(a->fd, 0600);
}

int
ota__atomic_write(void *ctx, const void *buf, size_t len)
{
	struct ota_atomic *a = ctx;
	const uint8_t *p = buf;
	ssize_t w;

	while (len > 0) {
		w = write(a->fd, p, len);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		len -= (size_t)w;
	}
	return 0;
}

static void
atomic_release(struct ota_atomic *a)
{
	free(a->tmp);
	free(a->path);
	a->tmp = a->path = NULL;
	a->fd = -1;
}

int
ota__atomic_commit(struct ota_atomic *a)
{
	char *dir;
	int dfd, r = OTA_OK;

	if (a->fd < 0)
		return OTA_E_STATE;
	if (fsync(a->fd) != 0 || close(a->fd) != 0) {
		a->fd = -1;
		ota__atomic_abort(a);
		return OTA_E_IO;
	}
	a->fd = -1;
	if (rename(a->tmp, a->path) != 0) {
		(void)unlink(a->tmp);
		atomic_release(a);
		return OTA_E_IO;
	}
	if ((dir = dup_str(a->path)) != NULL) {
		if ((dfd = open(dirname(dir), O_RDONLY | O_DIRECTORY)) >= 0) {
			(void)fsync(dfd);
			(void)close(dfd);
		}
		free(dir);
	}
	atomic_release(a);
	return r;
}

void
ota__atomic_abort(struct ota_atomic *a)
{
	if (a->fd >= 0)
		(void)close(a->fd);
	if (a->tmp != NULL)
		(void)unlink(a->tmp);
	atomic_release(a);
}

int
ota_file_write(const char *path, const void *buf, size_t len)
{
	struct ota_atomic a;
	int r;

	if (path == NULL || (buf == NULL && len > 0))
		return OTA_E_INVAL;
	if ((r = ota__atomic_open(&a, path)) != OTA_OK)
		return r;
	if (ota__atomic_write(&a, buf, len) != 0) {
		ota__atomic_abort(&a);
		return OTA_E_IO;
	}
	return ota__atomic_commit(&a);
}
