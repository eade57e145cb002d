/* copy.c - copy bytes between regular files in the kernel, where the
 * kernel can (copy_file_range): the builder uses it for element data when
 * no hash has to see the bytes. */
#include "config.h"

#include <errno.h>
#include <unistd.h>

#include "ota_private.h"

/* Most bytes asked of one copy_file_range call. */
#define COPY_CHUNK ((size_t)1 << 30)
/* A page of the page cache (a common size; only speed depends on it). */
#define OTA_PAGE 4096u

uint64_t
ota__copy_kernel(int in, uint64_t off, int out, uint64_t len)
{
	uint64_t done = 0;
#ifdef HAVE_COPY_FILE_RANGE
	off_t at = (off_t)off, pos = lseek(out, 0, SEEK_CUR);
	size_t head = pos > 0 ? (size_t)(OTA_PAGE - (uint64_t)pos % OTA_PAGE) % OTA_PAGE : 0;
	ssize_t n;

	while (done < len) {
		size_t want = len - done < COPY_CHUNK ? (size_t)(len - done) : COPY_CHUNK;

		/* first up to a page boundary of the output: the kernel then
		 * writes whole pages (an image's data starts at an odd offset) */
		if (head > 0 && want > head) {
			want = head;
			head = 0;
		}

		n = copy_file_range(in, &at, out, NULL, want, 0);
		if (n < 0 && errno == EINTR)
			continue;
		/* Any failure (EXDEV, ENOSYS, EINVAL, EOPNOTSUPP on file systems or
		 * kernels that cannot; or a real I/O error), and 0 (end of input,
		 * or a file that reports a size it cannot copy): the caller goes on
		 * from done with pread and write, which reproduces a real error
		 * with its message. */
		if (n <= 0)
			break;
		done += (uint64_t)n;
	}
#else
	(void)in;
	(void)off;
	(void)out;
	(void)len;
#endif
	return done;
}
