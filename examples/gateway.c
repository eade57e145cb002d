/*
 * gateway.c - a gateway receives a firmware image from a socket and checks
 * it as it arrives: the image goes through a callback reader that has no
 * seek and no size, in one pass, in fixed memory (libotaimg(3), FORWARD-ONLY
 * INPUT).  Here a child process plays the server and sends FILE through a
 * socketpair in small pieces.
 *
 *   gateway FILE [MANUFACTURER IMAGE_TYPE CURRENT_VERSION]
 *
 * With the device's identity, it first says whether the image applies
 * (ZCL rules, ota_image_applies); then it verifies the image.  Exit 0: the
 * image verifies (and applies); 1: it does not; 2: usage or I/O error.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "otaimg.h"

struct sock {
	int fd;
	size_t bytes;
};

/* The read callback: whatever the socket has, as it comes. */
static int
sock_read(void *ctx, void *buf, size_t len, size_t *got)
{
	struct sock *s = ctx;
	ssize_t r;

	do
		r = recv(s->fd, buf, len, 0);
	while (r < 0 && errno == EINTR);
	if (r < 0)
		return -1;
	*got = (size_t)r;
	s->bytes += (size_t)r;
	return 0;
}

/* The "server": send the file in pieces of 1000 bytes. */
static void
serve(int fd, const char *path)
{
	char buf[1000];
	ssize_t n;
	int in = open(path, O_RDONLY);

	if (in < 0)
		_exit(2);
	while ((n = read(in, buf, sizeof(buf))) > 0)
		if (send(fd, buf, (size_t)n, 0) != n)
			_exit(2);
	close(in);
	close(fd);
	_exit(n < 0 ? 2 : 0);
}

static int
parse(const char *s, unsigned long max, unsigned long *v)
{
	char *end;

	errno = 0;
	*v = strtoul(s, &end, 0);
	return errno == 0 && *end == '\0' && end != s && *v <= max ? 0 : -1;
}

int
main(int argc, char **argv)
{
	static const struct ota_io io = { sock_read, NULL, NULL, NULL };
	static const char *const whynot[] = { "applies", "another manufacturer",
		"another image type", "not newer than the current version",
		"hardware version out of range" };
	struct ota_image *img;
	struct sock s = { -1, 0 };
	enum ota_applies why = OTA_APPLIES;
	unsigned long mfr = 0, type = 0, cur = 0;
	int sv[2], r, status, check = argc == 5;
	pid_t pid;

	if ((argc != 2 && argc != 5) || (check && (parse(argv[2], 0xFFFF, &mfr) != 0 ||
	    parse(argv[3], 0xFFFF, &type) != 0 || parse(argv[4], 0xFFFFFFFFul, &cur) != 0))) {
		fprintf(stderr, "usage: gateway FILE [MANUFACTURER IMAGE_TYPE CURRENT_VERSION]\n");
		return 2;
	}
	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) != 0 || (pid = fork()) < 0) {
		perror("gateway");
		return 2;
	}
	if (pid == 0) {
		close(sv[0]);
		serve(sv[1], argv[1]);
	}
	close(sv[1]);
	s.fd = sv[0];
	if ((img = ota_image_new()) == NULL)
		return 2;
	r = ota_image_open_io(img, &io, &s);
	if (r == OTA_OK && check &&
	    ota_image_applies(img, (uint16_t)mfr, (uint16_t)type, (uint32_t)cur, -1, &why) != OTA_OK)
		r = OTA_E_NOT_APPLICABLE;
	if (r == OTA_OK)
		r = ota_image_verify(img, 0);
	if (r == OTA_E_NOT_APPLICABLE)
		printf("%s: does not apply: %s\n", argv[1], whynot[why]);
	else if (r != OTA_OK)
		printf("%s: %s (%s): %s\n", argv[1], ota_strerror(r), ota_errname(r),
		    ota_image_errmsg(img));
	else
		printf("%s: OK: %zu bytes from the socket, %zu elements, integrity code %s\n",
		    argv[1], s.bytes, ota_image_element_count(img),
		    ota_image_iic_result(img) == OTA_IIC_MATCH ? "matches" :
		    ota_image_iic_result(img) == OTA_IIC_ABSENT ? "absent" : "(vendor rule)");
	ota_image_free(&img);
	close(sv[0]);
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		/* the server stops early when the gateway stops reading: not an error here */
		if (r == OTA_OK)
			return 2;
	}
	return r == OTA_OK ? 0 : r == OTA_E_IO || r == OTA_E_NOMEM ? 2 : 1;
}
