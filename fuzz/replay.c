/* replay.c - run the fuzz harness over files (the seed corpus and every
 * crash ever found), without libFuzzer: make check runs it on the vectors. */
#include <stdio.h>
#include <stdlib.h>

#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
main(int argc, char **argv)
{
	int i, n = 0;

	for (i = 1; i < argc; i++) {
		FILE *fp = fopen(argv[i], "rb");
		uint8_t *buf;
		long sz;

		if (fp == NULL || fseek(fp, 0, SEEK_END) != 0 || (sz = ftell(fp)) < 0) {
			fprintf(stderr, "replay: cannot read %s\n", argv[i]);
			return 1;
		}
		rewind(fp);
		if ((buf = malloc((size_t)sz + 1)) == NULL ||
		    fread(buf, 1, (size_t)sz, fp) != (size_t)sz) {
			fprintf(stderr, "replay: cannot read %s\n", argv[i]);
			return 1;
		}
		fclose(fp);
		LLVMFuzzerTestOneInput(buf, (size_t)sz);
		free(buf);
		n++;
	}
	printf("%d passed, 0 failed\n", n);
	return 0;
}
