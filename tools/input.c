/* input.c - which format an input is, and standard input read once.
 *
 * inspect, verify and extract recognise a Mesh DFU archive, an MCUboot image,
 * a Matter OTA image or a Zigbee OTA file by the first bytes of each input.  A named file or a
 * redirected regular file is looked at without moving; a pipe on standard
 * input cannot be, so the bytes read to look are kept here and handed out
 * again, first, by in_stdin_read: every format then opens standard input
 * through that callback as a forward-only input, from its first byte. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

#include "otaimg.h"
#include "tool.h"

#define IN_SNIFF 4u

static uint8_t pre[IN_SNIFF]; /* bytes of a standard input pipe read to look */
static size_t npre, prepos;
static int looked;            /* standard input was looked at (kind kept) */
static int stdin_pipe;        /* ... and it cannot seek: pre holds its start */
static enum in_kind stdin_kind;

static enum in_kind
kind_of(const uint8_t *b, size_t n)
{
	if (n > 0 && ota_mesh_archive_sniff(b, n))
		return IN_ARCHIVE;
	if (n >= 4 && ota_mcuboot_sniff(b, 4))
		return IN_MCUBOOT;
	if (n >= 4 && ota_matter_sniff(b, 4)) /* 0x1BEEF11E, not Zigbee's 0x0BEEF11E */
		return IN_MATTER;
	return IN_ZIGBEE;
}

/* Read up to n bytes at the current position of fd (a pipe: they are
 * consumed). */
static size_t
read_some(int fd, uint8_t *b, size_t n)
{
	size_t got = 0;
	ssize_t k;

	while (got < n) {
		k = read(fd, b + got, n - got);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			break;
		got += (size_t)k;
	}
	return got;
}

enum in_kind
in_kind(const char *file)
{
	uint8_t b[IN_SNIFF];
	off_t at;
	ssize_t k;
	int fd;

	if (strcmp(file, "-") != 0) {
		/* A file that cannot be read is left to the Zigbee open, which
		 * reports why. */
		if ((fd = open(file, O_RDONLY | O_CLOEXEC)) < 0)
			return IN_ZIGBEE;
		k = pread(fd, b, sizeof(b), 0);
		(void)close(fd);
		return kind_of(b, k > 0 ? (size_t)k : 0);
	}
	if (looked)
		return stdin_kind;
	looked = 1;
	if ((at = lseek(STDIN_FILENO, 0, SEEK_CUR)) >= 0) {
		k = pread(STDIN_FILENO, b, sizeof(b), at);
		stdin_kind = kind_of(b, k > 0 ? (size_t)k : 0);
		return stdin_kind;
	}
	stdin_pipe = 1;
	npre = read_some(STDIN_FILENO, pre, sizeof(pre));
	prepos = 0;
	stdin_kind = kind_of(pre, npre);
	return stdin_kind;
}

int
in_stdin_is_pipe(void)
{
	return stdin_pipe;
}

int
in_stdin_read(void *ctx, void *buf, size_t len, size_t *got)
{
	ssize_t k;

	(void)ctx;
	if (prepos < npre) {
		*got = npre - prepos < len ? npre - prepos : len;
		memcpy(buf, pre + prepos, *got);
		prepos += *got;
		return 0;
	}
	do
		k = read(STDIN_FILENO, buf, len);
	while (k < 0 && errno == EINTR);
	if (k < 0)
		return -1;
	*got = (size_t)k;
	return 0;
}

int
in_open_image(struct ota_image *img, const char *file)
{
	if (strcmp(file, "-") != 0)
		return ota_image_open_path(img, file);
	if (stdin_pipe)
		return ota_image_open_cb(img, in_stdin_read, NULL);
	return ota_image_open_fd(img, STDIN_FILENO);
}
