/* progress.c - the progress callback of a job (libotaimg(3), PROGRESS). */
#include "config.h"

#include <stdio.h>

#include "ota_private.h"

void
ota__prog_start(struct ota_prog *p, uint64_t total)
{
	p->total = total;
	p->done = 0;
	p->next = OTA_IOBUF;
	p->called = 0;
	p->cancelled = 0;
}

static int
call(struct ota_prog *p)
{
	p->called = 1;
	if (p->fn(p->arg, p->done, p->total) != 0) {
		p->cancelled = 1;
		return OTA_E_CANCELLED;
	}
	return OTA_OK;
}

int
ota__prog_add(struct ota_prog *p, uint64_t n)
{
	if (p == NULL || p->fn == NULL)
		return OTA_OK;
	if (p->cancelled)
		return OTA_E_CANCELLED;
	p->done += n;
	if (p->done > p->total)
		p->total = p->done; /* an estimate (forward-only input of unknown size) grew */
	p->called = 0;
	if (p->done < p->next && p->done < p->total)
		return OTA_OK;
	p->next = p->done + OTA_IOBUF;
	return call(p);
}

int
ota__prog_end(struct ota_prog *p)
{
	if (p == NULL || p->fn == NULL)
		return OTA_OK;
	if (p->cancelled)
		return OTA_E_CANCELLED;
	if (p->done == p->total && p->called)
		return OTA_OK;
	p->done = p->total;
	return call(p);
}

void
ota__prog_msg(const struct ota_prog *p, char *buf, size_t len)
{
	(void)snprintf(buf, len, "cancelled at byte %llu of %llu", (unsigned long long)p->done,
	    (unsigned long long)p->total);
}
