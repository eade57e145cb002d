/* mmo_bench.c - AES-MMO throughput on a file, streamed through the public
 * incremental API with a 64 KiB buffer, as verify does.  --evp: through
 * OpenSSL's EVP interface, the library's fallback, instead of the
 * provider's AES-128-ECB called directly. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "otaimg.h"
#include "lib/ota_private.h" /* struct ota_mmo: the evp_only switch */

int
main(int argc, char **argv)
{
	static unsigned char buf[65536];
	struct ota_mmo *m;
	struct timespec a, b;
	unsigned char d[16];
	unsigned long long total = 0;
	ssize_t n;
	double s;
	int fd, i, evp = argc == 3 && strcmp(argv[1], "--evp") == 0;

	if (argc != 2 + evp || (fd = open(argv[1 + evp], O_RDONLY)) < 0 ||
	    (m = ota_mmo_new()) == NULL) {
		fprintf(stderr, "usage: mmo_bench [--evp] FILE\n");
		return 2;
	}
	m->evp_only = evp;
	clock_gettime(CLOCK_MONOTONIC, &a);
	while ((n = read(fd, buf, sizeof(buf))) > 0) {
		if (ota_mmo_update(m, buf, (size_t)n) != OTA_OK)
			return 1;
		total += (unsigned long long)n;
	}
	if (ota_mmo_final(m, d) != OTA_OK)
		return 1;
	clock_gettime(CLOCK_MONOTONIC, &b);
	s = (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9;
	for (i = 0; i < 16; i++)
		printf("%02X", d[i]);
	printf(" %llu bytes %.3f s %.1f MB/s\n", total, s, (double)total / s / 1e6);
	ota_mmo_free(&m);
	close(fd);
	return 0;
}
