/* atomic.c - output files.  What a name refers to decides how it is written
 * (libotaimg(3), OUTPUT FILES):
 *   missing or a regular file: a temporary ".otaimg-XXXXXX" in the same
 *     folder, fsync, rename over the name, fsync of the folder;
 *   a symbolic link: followed to its final target, which is then treated
 *     the same way (so the link stays and its target is replaced);
 *   a character or block device, a FIFO or a socket: opened (connected)
 *     and written directly, never replaced;
 *   /dev/stdout, /dev/fd/N and other links that name an open descriptor
 *     rather than a file: opened and written directly (appending);
 *   anything else (a folder): refused.
 * Every library *_path writer and struct ota_output go through here. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "ota_private.h"

#define TEMP_NAME ".otaimg-XXXXXX"
#define MAX_LINKS 32 /* symbolic links followed for one name, like SYMLOOP_MAX */

static char *
dup_str(const char *s)
{
	size_t n = strlen(s) + 1;
	char *d = malloc(n);

	if (d != NULL)
		memcpy(d, s, n);
	return d;
}

/* The folder part of path, with its slash ("" for a bare name), joined to name. */
static char *
beside(const char *path, const char *name)
{
	const char *slash = strrchr(path, '/');
	size_t dirlen = slash != NULL ? (size_t)(slash - path) + 1 : 0, n = strlen(name) + 1;
	char *p = malloc(dirlen + n);

	if (p != NULL) {
		memcpy(p, path, dirlen);
		memcpy(p + dirlen, name, n);
	}
	return p;
}

/* Follow symbolic links from path to the name finally written.  *final is
 * malloc'd; *st is its lstat, or *exists is 0 when nothing is there.
 * *magic is set when a link lives in /proc (/dev/stdout -> /proc/self/fd/1):
 * it names an open descriptor, not a file to replace. */
static int
resolve(const char *path, char **final, struct stat *st, int *exists, int *magic)
{
	char *cur = dup_str(path), *next, *buf;
	struct stat proc;
	int hops, have_proc = stat("/proc/self", &proc) == 0;
	ssize_t n;

	*final = NULL;
	*magic = 0;
	if (cur == NULL)
		return OTA_E_NOMEM;
	if ((buf = malloc(4096)) == NULL) {
		free(cur);
		return OTA_E_NOMEM;
	}
	for (hops = 0;; hops++) {
		if (lstat(cur, st) != 0) {
			if (errno != ENOENT)
				goto io;
			*exists = 0;
			break;
		}
		*exists = 1;
		if (!S_ISLNK(st->st_mode))
			break;
		if (have_proc && st->st_dev == proc.st_dev)
			*magic = 1;
		if (hops == MAX_LINKS) {
			errno = ELOOP;
			goto io;
		}
		if ((n = readlink(cur, buf, 4095)) < 0)
			goto io;
		if (n == 0 || n == 4095) {
			errno = n == 0 ? ENOENT : ENAMETOOLONG;
			goto io;
		}
		buf[n] = '\0';
		next = buf[0] == '/' ? dup_str(buf) : beside(cur, buf);
		free(cur);
		if ((cur = next) == NULL) {
			free(buf);
			return OTA_E_NOMEM;
		}
	}
	free(buf);
	*final = cur;
	return OTA_OK;
io:
	free(buf);
	free(cur);
	return OTA_E_IO;
}

/* A socket file: connect to it (a stream socket). */
static int
connect_unix(const char *path)
{
	struct sockaddr_un sa;
	size_t n = strlen(path);
	int fd;

	memset(&sa, 0, sizeof(sa));
	if (n >= sizeof(sa.sun_path)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	sa.sun_family = AF_UNIX;
	memcpy(sa.sun_path, path, n + 1);
	if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) < 0)
		return -1;
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0) {
		int e = errno;

		(void)close(fd);
		errno = e;
		return -1;
	}
	return fd;
}

/* Write to path directly: no temporary file, no rename. */
static int
open_direct(struct ota_atomic *a, const char *path, const struct stat *st, int append)
{
	if (st != NULL && S_ISSOCK(st->st_mode))
		a->fd = connect_unix(path);
	else
		a->fd = open(path, O_WRONLY | O_NOCTTY | O_CLOEXEC | (append ? O_APPEND : 0));
	if (a->fd < 0)
		return OTA_E_IO;
	a->direct = 1;
	return OTA_OK;
}

static void
atomic_release(struct ota_atomic *a)
{
	if (a->dfd >= 0)
		(void)close(a->dfd);
	a->dfd = -1;
	free(a->tmp);
	free(a->path);
	a->tmp = a->path = NULL;
	a->fd = -1;
	a->direct = 0;
}

int
ota__atomic_open_flags(struct ota_atomic *a, const char *path, unsigned flags)
{
	struct stat st, fst;
	mode_t mode = 0644;
	int r, exists, fexists, magic;

	memset(a, 0, sizeof(*a));
	a->fd = a->dfd = -1;
	a->flags = flags;
	if (path == NULL || *path == '\0') {
		errno = EINVAL;
		return OTA_E_INVAL;
	}
	if ((r = resolve(path, &a->path, &st, &exists, &magic)) != OTA_OK)
		return r;
	/* The name as the system follows it: differs from the chain we read
	 * when a link names an open descriptor (/dev/stdout -> /proc/self/fd/1
	 * -> "pipe:[...]"). */
	fexists = stat(path, &fst) == 0;
	if (!fexists && errno != ENOENT)
		goto io;
	if (fexists && (magic || !exists || fst.st_dev != st.st_dev || fst.st_ino != st.st_ino)) {
		if (S_ISDIR(fst.st_mode)) {
			errno = EISDIR;
			goto io;
		}
		if ((flags & OTA_OUTPUT_NOREPLACE) && S_ISBLK(fst.st_mode))
			goto exists;
		if (open_direct(a, path, NULL, S_ISREG(fst.st_mode)) != OTA_OK)
			goto io;
		return OTA_OK;
	}
	if (exists) {
		if (S_ISDIR(st.st_mode)) {
			errno = EISDIR;
			goto io;
		}
		if (S_ISCHR(st.st_mode) || S_ISFIFO(st.st_mode) || S_ISSOCK(st.st_mode) ||
		    S_ISBLK(st.st_mode)) {
			if ((flags & OTA_OUTPUT_NOREPLACE) && S_ISBLK(st.st_mode))
				goto exists;
			if (open_direct(a, a->path, &st, 0) != OTA_OK)
				goto io;
			return OTA_OK;
		}
		if (!S_ISREG(st.st_mode)) {
			errno = EINVAL;
			goto io;
		}
		if (flags & OTA_OUTPUT_NOREPLACE)
			goto exists;
		mode = st.st_mode & 07777; /* keep the mode of a file we replace */
	}
	if ((a->tmp = beside(a->path, ".")) == NULL) {
		free(a->path);
		a->path = NULL;
		return OTA_E_NOMEM;
	}
	/* the folder is opened now, so that the commit allocates nothing */
	a->dfd = open(a->tmp, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	free(a->tmp);
	if ((a->tmp = beside(a->path, TEMP_NAME)) == NULL) {
		if (a->dfd >= 0)
			(void)close(a->dfd);
		free(a->path);
		a->path = NULL;
		a->dfd = -1;
		return OTA_E_NOMEM;
	}
	if ((a->fd = mkstemp(a->tmp)) < 0)
		goto io;
	(void)fchmod(a->fd, (flags & OTA_OUTPUT_PRIVATE) ? 0600 : mode);
	return OTA_OK;
exists:
	free(a->path);
	a->path = NULL;
	errno = EEXIST;
	return OTA_E_EXISTS;
io:
	r = errno;
	atomic_release(a);
	errno = r;
	return OTA_E_IO;
}

int
ota__atomic_open(struct ota_atomic *a, const char *path)
{
	return ota__atomic_open_flags(a, path, 0);
}

/* A file for secrets: owner read/write only. */
void
ota__atomic_private(struct ota_atomic *a)
{
	a->flags |= OTA_OUTPUT_PRIVATE;
	if (a->fd >= 0 && !a->direct)
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

/* Put the temporary file at its name: rename, or with NOREPLACE a link
 * that fails when the name exists (rename where links are not supported). */
static int
place(struct ota_atomic *a)
{
	struct stat st;

	if (!(a->flags & OTA_OUTPUT_NOREPLACE))
		return rename(a->tmp, a->path) == 0 ? OTA_OK : OTA_E_IO;
	if (link(a->tmp, a->path) == 0) {
		(void)unlink(a->tmp);
		return OTA_OK;
	}
	if (errno == EEXIST)
		return OTA_E_EXISTS;
	if (errno != EPERM && errno != EOPNOTSUPP && errno != ENOSYS && errno != EMLINK)
		return OTA_E_IO;
	if (lstat(a->path, &st) == 0) {
		errno = EEXIST;
		return OTA_E_EXISTS;
	}
	return rename(a->tmp, a->path) == 0 ? OTA_OK : OTA_E_IO;
}

int
ota__atomic_commit(struct ota_atomic *a)
{
	int r, e;

	if (a->fd < 0)
		return OTA_E_STATE;
	if (a->direct) {
		/* fsync means nothing to a FIFO or a terminal; close reports the rest */
		r = fsync(a->fd) != 0 && errno != EINVAL && errno != EROFS && errno != ENOTSUP;
		e = errno;
		if (close(a->fd) != 0 && !r) {
			r = 1;
			e = errno;
		}
		atomic_release(a);
		errno = e;
		return r ? OTA_E_IO : OTA_OK;
	}
	if (fsync(a->fd) != 0 || close(a->fd) != 0) {
		a->fd = -1;
		e = errno;
		ota__atomic_abort(a);
		errno = e;
		return OTA_E_IO;
	}
	a->fd = -1;
	if ((r = place(a)) != OTA_OK) {
		e = errno;
		(void)unlink(a->tmp);
		atomic_release(a);
		errno = e;
		return r;
	}
	if (a->dfd >= 0)
		(void)fsync(a->dfd);
	atomic_release(a);
	return OTA_OK;
}

void
ota__atomic_abort(struct ota_atomic *a)
{
	int e = errno;

	if (a->fd >= 0)
		(void)close(a->fd);
	if (a->tmp != NULL)
		(void)unlink(a->tmp);
	atomic_release(a);
	errno = e;
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

/* ---- struct ota_output: the same, as a public handle ---- */

#define OTA_OUTPUT_MAGIC 0x4f54414fu /* "OTAO" */

enum { OUT_NEW, OUT_OPEN, OUT_DONE };

struct ota_output {
	uint32_t magic;
	int state;
	struct ota_atomic a;
	char *name; /* as given, for messages */
	char msg[256];
};

static int
out_ok(const struct ota_output *o)
{
	return o != NULL && o->magic == OTA_OUTPUT_MAGIC;
}

struct ota_output *
ota_output_new(void)
{
	struct ota_output *o = calloc(1, sizeof(*o));

	if (o != NULL) {
		o->magic = OTA_OUTPUT_MAGIC;
		o->a.fd = -1;
	}
	return o;
}

void
ota_output_free(struct ota_output **op)
{
	if (op == NULL || !out_ok(*op))
		return;
	ota_output_abort(*op);
	free((*op)->name);
	(*op)->magic = 0;
	free(*op);
	*op = NULL;
}

static int
out_fail(struct ota_output *o, int r, const char *what, const char *path)
{
	const char *why = r == OTA_E_EXISTS ? "it exists; not replaced" :
	    r == OTA_E_NOMEM ? "out of memory" : strerror(errno);

	(void)snprintf(o->msg, sizeof(o->msg), "%s %s: %s", what, path, why);
	return r;
}

int
ota_output_open(struct ota_output *o, const char *path, unsigned flags)
{
	int r;

	if (!out_ok(o) || path == NULL || *path == '\0' ||
	    (flags & ~(OTA_OUTPUT_PRIVATE | OTA_OUTPUT_NOREPLACE)) != 0)
		return OTA_E_INVAL;
	if (o->state == OUT_OPEN)
		return OTA_E_STATE;
	o->msg[0] = '\0';
	o->state = OUT_NEW;
	free(o->name);
	if ((o->name = dup_str(path)) == NULL)
		return out_fail(o, OTA_E_NOMEM, "cannot create", path);
	if ((r = ota__atomic_open_flags(&o->a, path, flags)) != OTA_OK)
		return out_fail(o, r, "cannot create", path);
	o->state = OUT_OPEN;
	return OTA_OK;
}

int
ota_output_write(void *ctx, const void *buf, size_t len)
{
	struct ota_output *o = ctx;

	if (!out_ok(o) || o->state != OUT_OPEN || (buf == NULL && len > 0))
		return -1;
	if (ota__atomic_write(&o->a, buf, len) != 0) {
		(void)out_fail(o, OTA_E_IO, "cannot write", o->name);
		return -1;
	}
	return 0;
}

/* The temporary (or direct) file an open output writes to, or -1. */
int
ota__output_fd(const struct ota_output *o)
{
	return out_ok(o) && o->state == OUT_OPEN ? o->a.fd : -1;
}

int
ota_output_commit(struct ota_output *o)
{
	int r;

	if (!out_ok(o))
		return OTA_E_INVAL;
	if (o->state != OUT_OPEN)
		return OTA_E_STATE;
	o->state = OUT_DONE;
	if ((r = ota__atomic_commit(&o->a)) != OTA_OK)
		(void)out_fail(o, r, "cannot write", o->name);
	return r;
}

void
ota_output_abort(struct ota_output *o)
{
	if (!out_ok(o) || o->state != OUT_OPEN)
		return;
	ota__atomic_abort(&o->a);
	o->state = OUT_DONE;
}

const char *
ota_output_temp_path(const struct ota_output *o)
{
	return out_ok(o) && o->state == OUT_OPEN ? o->a.tmp : NULL;
}

const char *
ota_output_errmsg(const struct ota_output *o)
{
	return out_ok(o) ? o->msg : "";
}
