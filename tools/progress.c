/* progress.c - the progress line on standard error (otaimg(1), PROGRESS).
 * Only ever on a terminal: after the job has run for a second (at once
 * with --progress), redrawn in place with \r at most ten times a second,
 * and cleared when the job ends or before any other message. */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "otaimg.h"
#include "tool.h"

int tool_progress = -1; /* -1 auto, 0 --no-progress, 1 --progress */

static struct {
	int tty;            /* -1 not asked yet */
	int running;        /* a job has reported and not ended */
	double start, drawn;/* the job's first report; the last redraw */
	uint64_t last, total;
	int width;          /* of the line on the screen, 0: none */
} pl = { -1, 0, 0, 0, 0, 0, 0 };

static double
now(void)
{
	struct timespec ts;

	(void)clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void
progress_clear(void)
{
	if (pl.width > 0)
		fprintf(stderr, "\r%*s\r", pl.width, "");
	pl.width = 0;
	pl.running = 0; /* the next report starts a job */
}

static void
human(char *buf, size_t len, uint64_t n)
{
	if (n >= (uint64_t)1 << 20)
		(void)snprintf(buf, len, "%.1f MiB", (double)n / 1048576.0);
	else
		(void)snprintf(buf, len, "%.1f KiB", (double)n / 1024.0);
}

static int
report(void *arg, uint64_t done, uint64_t total)
{
	char a[32], b[32];
	double t = now();
	int n;

	(void)arg;
	if (!pl.running || done < pl.last || total != pl.total) {
		progress_clear(); /* a new job */
		pl.running = 1;
		pl.start = t;
		pl.drawn = 0;
	}
	pl.last = done;
	pl.total = total;
	if (done >= total) {
		progress_clear(); /* the job is done: the line goes */
		pl.running = 0;
		return 0;
	}
	if ((tool_progress != 1 && t - pl.start < 1.0) || t - pl.drawn < 0.1)
		return 0;
	pl.drawn = t;
	human(a, sizeof(a), done);
	human(b, sizeof(b), total);
	n = fprintf(stderr, "\r%s: %3u%% (%s of %s)", tool_name,
	    (unsigned)(total > 0 ? done * 100 / total : 100), a, b);
	if (n > 1 && n - 1 < pl.width)
		fprintf(stderr, "%*s", pl.width - (n - 1), "");
	if (n > 1 && n - 1 > pl.width)
		pl.width = n - 1;
	return 0;
}

static int
wanted(void)
{
	if (tool_progress == 0 || (tool_progress < 0 && tool_quiet))
		return 0;
	if (pl.tty < 0)
		pl.tty = isatty(STDERR_FILENO) == 1;
	return pl.tty;
}

void
progress_image(struct ota_image *img)
{
	if (wanted())
		(void)ota_image_set_progress(img, report, NULL);
}

void
progress_builder(struct ota_builder *b)
{
	if (wanted())
		(void)ota_builder_set_progress(b, report, NULL);
}
