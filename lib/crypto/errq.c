/* errq.c - leave the caller's OpenSSL error queue as it was.
 *
 * ERR_set_mark/ERR_pop_to_mark are not enough around OpenSSL's decoders:
 * the queue is a ring of 16 entries, and one OSSL_STORE_load or PEM read
 * of a damaged key can push more than that, overwriting the caller's
 * entries and the mark, after which a pop clears everything.  So around
 * such calls the library takes the caller's entries off the queue, lets
 * OpenSSL fill and empty it, and puts them back (lib, reason, file, line,
 * function and text), in order.  In between, whatever is on the queue is
 * OpenSSL's reason for our failure, which ota__ssl_done reports. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <openssl/err.h>

#include "ota_private.h"

/* A copy of s in the pool, or 0 (none, or no room left). */
static uint16_t
keep(struct ota_errq *q, const char *s)
{
	size_t n;

	if (s == NULL || *s == '\0')
		return 0;
	if (q->used == 0)
		q->used = 1; /* offset 0 means none */
	n = strlen(s) + 1;
	if (n > sizeof(q->pool) - q->used)
		return 0;
	memcpy(q->pool + q->used, s, n);
	q->used += n;
	return (uint16_t)(q->used - n);
}

void
ota__errq_save(struct ota_errq *q)
{
	const char *file, *func, *data;
	unsigned long code;
	int line, flags;

	q->n = q->used = 0;
	while (q->n < OTA_ERRQ_MAX &&
	    (code = ERR_get_error_all(&file, &line, &func, &data, &flags)) != 0) {
		q->e[q->n].code = code;
		q->e[q->n].line = line;
		q->e[q->n].file = keep(q, file);
		q->e[q->n].func = keep(q, func);
		q->e[q->n].text = (flags & ERR_TXT_STRING) != 0 ? keep(q, data) : 0;
		q->n++;
	}
}

void
ota__errq_restore(const struct ota_errq *q)
{
	size_t i;

	ERR_clear_error();
	for (i = 0; i < q->n; i++) {
		ERR_new();
		ERR_set_debug(q->e[i].file != 0 ? q->pool + q->e[i].file : NULL, q->e[i].line,
		    q->e[i].func != 0 ? q->pool + q->e[i].func : NULL);
		if (q->e[i].text != 0)
			ERR_set_error(ERR_GET_LIB(q->e[i].code), ERR_GET_REASON(q->e[i].code), "%s",
			    q->pool + q->e[i].text);
		else
			ERR_set_error(ERR_GET_LIB(q->e[i].code), ERR_GET_REASON(q->e[i].code), NULL);
	}
}

void
ota__ssl_mark(struct ota_errq *m)
{
	ota__errq_save(m);
}

void
ota__ssl_done(struct ota_errq *m, int r, char *msg, size_t len, const char *fmt, ...)
{
	const char *data = NULL, *why;
	unsigned long e;
	size_t n;
	va_list ap;
	int flags = 0, text;

	if (msg != NULL && len > 0) {
		msg[0] = '\0';
		if (r != OTA_OK) {
			va_start(ap, fmt);
			ota__vformat(msg, len, fmt, ap);
			va_end(ap);
			/* the queue held only the caller's errors, now put aside:
			 * the newest one on it is OpenSSL's reason for ours */
			if ((e = ERR_peek_last_error_all(NULL, NULL, NULL, &data, &flags)) != 0) {
				why = ERR_SYSTEM_ERROR(e) ? strerror((int)ERR_GET_REASON(e)) :
				    ERR_reason_error_string(e);
				text = (flags & ERR_TXT_STRING) != 0 && data != NULL && *data != '\0';
				n = strlen(msg);
				(void)snprintf(msg + n, len - n, ": OpenSSL: %s%s%s%s",
				    why != NULL ? why : "unknown reason", text ? " (" : "",
				    text ? data : "", text ? ")" : "");
			}
		}
	}
	ota__errq_restore(m);
}
