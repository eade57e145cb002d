/* save.c - the state machine's record: "OCFS", version 1, the fields
 * little-endian, strings with a 16-bit length, a CRC-32 (zlib) of all the
 * bytes before it.  Written atomically (ota_file_write) on every change
 * when a state path is set. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <zlib.h>

#include "ocf/dev_private.h"

#define SAVE_VERSION 1u

struct w {
	uint8_t *p;
	size_t cap, n;
};

static void
wb(struct w *w, const void *src, size_t len)
{
	if (w->n <= w->cap && len <= w->cap - w->n)
		memcpy(w->p + w->n, src, len);
	w->n += len;
}

static void
w8(struct w *w, unsigned v)
{
	uint8_t b = (uint8_t)v;

	wb(w, &b, 1);
}

static void
w32(struct w *w, uint32_t v)
{
	uint8_t b[4];

	ota__put_u32le(b, v);
	wb(w, b, 4);
}

static void
w16(struct w *w, unsigned v)
{
	uint8_t b[2];

	ota__put_u16le(b, (uint16_t)v);
	wb(w, b, 2);
}

static void
wstr(struct w *w, const char *s, size_t max)
{
	size_t n = strnlen(s, max);

	w16(w, (unsigned)n);
	wb(w, s, n);
}

int
ota_ocf_dev_save(const struct ota_ocf_dev *dev, uint8_t *buf, size_t *len)
{
	const struct ocf_persist *p;
	uint8_t fv[8];
	struct w w;
	uLong crc;

	if (!ota__ocf_dev_ok(dev) || len == NULL || (buf == NULL && *len > 0))
		return OTA_E_INVAL;
	p = &dev->p;
	w.p = buf;
	w.cap = *len;
	w.n = 0;
	wb(&w, "OCFS", 4);
	w8(&w, SAVE_VERSION);
	w16(&w, p->ps.cm);
	w16(&w, p->ps.tm);
	w8(&w, p->ps.dos_s);
	w8(&w, p->ps.dos_p);
	w8(&w, p->ps.isop);
	w8(&w, p->ps.om);
	w8(&w, p->ps.sm);
	wstr(&w, p->ps.rowneruuid, sizeof(p->ps.rowneruuid));
	w8(&w, p->proc);
	w8(&w, p->installed);
	w8(&w, p->validated);
	w8(&w, p->unvalidated);
	w8(&w, p->has_cand);
	w8(&w, p->resumes);
	w8(&w, p->state);
	w8(&w, p->reason);
	w32(&w, (uint32_t)p->result);
	w8(&w, p->pending);
	w8(&w, p->pending_action);
	w32(&w, (uint32_t)((uint64_t)p->pending_at & 0xFFFFFFFFu));
	w32(&w, (uint32_t)((uint64_t)p->pending_at >> 32));
	wstr(&w, p->nv, sizeof(p->nv));
	wstr(&w, p->purl, sizeof(p->purl));
	wstr(&w, p->lastupdate, sizeof(p->lastupdate));
	wstr(&w, p->updatetime, sizeof(p->updatetime));
	w8(&w, p->cand.kind);
	w8(&w, p->cand.reason);
	w32(&w, (uint32_t)p->cand.err);
	w32(&w, p->cand.file_version);
	ota_fw_version_encode(&p->cand.fw, fv);
	wb(&w, fv, sizeof(fv));
	wstr(&w, p->cand.version, sizeof(p->cand.version));
	wstr(&w, p->cand.path, sizeof(p->cand.path));
	wstr(&w, p->cand.msg, sizeof(p->cand.msg));
	if (w.n <= w.cap) {
		crc = crc32(0L, Z_NULL, 0);
		crc = crc32(crc, buf, (uInt)w.n);
		w32(&w, (uint32_t)crc);
	} else {
		w.n += 4;
	}
	*len = w.n;
	return w.n <= w.cap ? OTA_OK : OTA_E_LIMIT;
}

int
ota__ocf_dev_persist(struct ota_ocf_dev *dev)
{
	uint8_t buf[OTA_OCF_SAVE_MAX];
	size_t n = sizeof(buf);
	int r;

	if (dev->state_path == NULL)
		return OTA_OK;
	if ((r = ota_ocf_dev_save(dev, buf, &n)) != OTA_OK)
		return ota__ocf_dev_fail(dev, r, "save: the record does not fit");
	errno = 0;
	if ((r = ota_file_write(dev->state_path, buf, n)) != OTA_OK) {
		int e = errno; /* why the file could not be written, when known */

		return ota__ocf_dev_fail(dev, r, "save: %s: %s", dev->state_path,
		    r == OTA_E_IO && e != 0 ? strerror(e) : ota_strerror(r));
	}
	return OTA_OK;
}

static int
rstr(struct ota_cur *c, char *dst, size_t cap)
{
	uint16_t n;

	if (ota__cur_u16le(c, &n) != OTA_OK)
		return OTA_E_TRUNCATED;
	if (n >= cap)
		return OTA_E_RANGE;
	if (ota__cur_bytes(c, dst, n) != OTA_OK)
		return OTA_E_TRUNCATED;
	dst[n] = '\0';
	if (strlen(dst) != n)
		return OTA_E_RANGE;
	return OTA_OK;
}

#define TRY(x) do { if ((r = (x)) != OTA_OK) goto bad; } while (0)

int
ota_ocf_dev_restore(struct ota_ocf_dev *dev, const uint8_t *buf, size_t len)
{
	struct ocf_persist p;
	struct ota_cur c;
	uint32_t crc, u32, hi;
	uint8_t magic[4], ver, u8[8], fv[8];
	int r;

	if (!ota__ocf_dev_ok(dev) || (buf == NULL && len > 0))
		return OTA_E_INVAL;
	dev->err[0] = '\0';
	if (dev->p.proc != OCF_PROC_NONE)
		return ota__ocf_dev_fail(dev, OTA_E_STATE, "restore: a process runs");
	if (len < 9 || len > OTA_OCF_SAVE_MAX)
		return ota__ocf_dev_fail(dev, len < 9 ? OTA_E_TRUNCATED : OTA_E_LIMIT, "restore: a "
		    "record of %zu bytes", len);
	memset(&p, 0, sizeof(p));
	c.p = buf;
	c.n = len - 4;
	if (ota__cur_bytes(&c, magic, 4) != OTA_OK || memcmp(magic, "OCFS", 4) != 0)
		return ota__ocf_dev_fail(dev, OTA_E_BAD_MAGIC, "restore: offset 0: not a state record");
	crc = (uint32_t)crc32(crc32(0L, Z_NULL, 0), buf, (uInt)(len - 4));
	if (crc != ((uint32_t)buf[len - 4] | (uint32_t)buf[len - 3] << 8 |
	    (uint32_t)buf[len - 2] << 16 | (uint32_t)buf[len - 1] << 24))
		return ota__ocf_dev_fail(dev, OTA_E_DIGEST, "restore: offset %zu: the CRC-32 does not "
		    "match", len - 4);
	(void)ota__cur_u8(&c, &ver);
	if (ver != SAVE_VERSION)
		return ota__ocf_dev_fail(dev, OTA_E_VERSION, "restore: offset 4: record version %u",
		    ver);
	TRY(ota__cur_u16le(&c, &p.ps.cm));
	TRY(ota__cur_u16le(&c, &p.ps.tm));
	TRY(ota__cur_bytes(&c, u8, 5));
	p.ps.dos_s = u8[0];
	p.ps.dos_p = u8[1];
	p.ps.isop = u8[2];
	p.ps.om = u8[3];
	p.ps.sm = u8[4];
	TRY(rstr(&c, p.ps.rowneruuid, sizeof(p.ps.rowneruuid)));
	TRY(ota__cur_bytes(&c, u8, 8));
	p.proc = u8[0];
	p.installed = u8[1];
	p.validated = u8[2];
	p.unvalidated = u8[3];
	p.has_cand = u8[4];
	p.resumes = u8[5];
	p.state = u8[6];
	p.reason = u8[7];
	TRY(ota__cur_u32le(&c, &u32));
	p.result = (int32_t)u32;
	TRY(ota__cur_u8(&c, &p.pending));
	TRY(ota__cur_u8(&c, &p.pending_action));
	TRY(ota__cur_u32le(&c, &u32));
	TRY(ota__cur_u32le(&c, &hi));
	p.pending_at = (int64_t)((uint64_t)hi << 32 | u32);
	TRY(rstr(&c, p.nv, sizeof(p.nv)));
	TRY(rstr(&c, p.purl, sizeof(p.purl)));
	TRY(rstr(&c, p.lastupdate, sizeof(p.lastupdate)));
	TRY(rstr(&c, p.updatetime, sizeof(p.updatetime)));
	TRY(ota__cur_bytes(&c, u8, 2));
	p.cand.kind = (enum ota_ocf_kind)u8[0];
	p.cand.reason = (enum ota_ocf_reason)u8[1];
	TRY(ota__cur_u32le(&c, &u32));
	p.cand.err = (int)(int32_t)u32;
	TRY(ota__cur_u32le(&c, &p.cand.file_version));
	TRY(ota__cur_bytes(&c, fv, sizeof(fv)));
	ota_fw_version_decode(fv, &p.cand.fw);
	TRY(rstr(&c, p.cand.version, sizeof(p.cand.version)));
	TRY(rstr(&c, p.cand.path, sizeof(p.cand.path)));
	TRY(rstr(&c, p.cand.msg, sizeof(p.cand.msg)));
	if (c.n != 0) {
		r = OTA_E_TRAILING;
		goto bad;
	}
	if (p.ps.cm > 0xFF || p.ps.tm > 0xFF || p.ps.dos_s > OTA_OCF_DOS_SRESET || p.proc > 2 ||
	    p.state > OTA_OCF_STATE_UPGRADING || p.reason > OTA_OCF_REASON_NOT_VALIDATED ||
	    p.pending_action > OTA_OCF_ACTION_UPGRADE || p.cand.kind > OTA_OCF_KIND_OTHER ||
	    p.cand.reason > OTA_OCF_REASON_NOT_VALIDATED || p.installed > 1 || p.validated > 1 ||
	    p.unvalidated > 1 || p.has_cand > 1 || p.pending > 1 || p.ps.dos_p > 1 ||
	    p.ps.isop > 1) {
		r = OTA_E_RANGE;
		goto bad;
	}
	/* a record whose CRC holds can still say what the machine never does
	 * (written by hand, or by another build): refused, the machine stays
	 * as it was */
	if ((p.proc == OCF_PROC_CHECK && (!(p.ps.tm & OTA_OCF_DPM_SVV) || p.ps.tm & OTA_OCF_DPM_SSU ||
	    p.state != OTA_OCF_STATE_SVV)) ||
	    (p.proc == OCF_PROC_UPDATE && (!(p.ps.tm & OTA_OCF_DPM_SSU) || p.ps.tm & OTA_OCF_DPM_SVV ||
	    p.state != OTA_OCF_STATE_UPGRADING)) ||
	    (p.proc == OCF_PROC_NONE && (p.ps.tm & (OTA_OCF_DPM_SVV | OTA_OCF_DPM_SSU)) != 0) ||
	    (p.proc != OCF_PROC_UPDATE && (p.installed || p.unvalidated)) ||
	    (p.has_cand && (p.cand.reason != OTA_OCF_REASON_AVAILABLE || p.cand.kind ==
	    OTA_OCF_KIND_NONE))) {
		return ota__ocf_dev_fail(dev, OTA_E_STRUCTURE, "restore: offset 5: process %u, "
		    "tm %u, swupdatestate %u and candidate %u do not go together", p.proc, p.ps.tm,
		    p.state, p.has_cand);
	}
	p.ps.present = dev->p.ps.present | (p.ps.rowneruuid[0] != '\0' ?
	    OTA_OCF_PSTAT_ROWNERUUID : 0u);
	dev->p = p;
	return OTA_OK;
bad:
	return ota__ocf_dev_fail(dev, r, "restore: offset %zu: %s", len - 4 - c.n, ota_strerror(r));
}

int
ota_ocf_dev_restore_path(struct ota_ocf_dev *dev, const char *path)
{
	uint8_t buf[OTA_OCF_SAVE_MAX + 1];
	uint64_t size;
	size_t n = 0;
	ssize_t got;
	int fd, e;

	if (!ota__ocf_dev_ok(dev) || path == NULL)
		return OTA_E_INVAL;
	if ((fd = ota__ocf_open_regular(path, &e, &size)) < 0)
		return ota__ocf_dev_fail(dev, e == ENOENT ? OTA_E_NOT_FOUND : OTA_E_IO, "restore: "
		    "%s: %s", path, e == ENODEV ? "not a regular file (a FIFO, socket or device)" :
		    strerror(e));
	while (n < sizeof(buf) && (got = read(fd, buf + n, sizeof(buf) - n)) != 0) {
		if (got < 0) {
			if (errno == EINTR)
				continue;
			e = errno;
			(void)close(fd);
			return ota__ocf_dev_fail(dev, OTA_E_IO, "restore: %s: %s", path, strerror(e));
		}
		n += (size_t)got;
	}
	(void)close(fd);
	return ota_ocf_dev_restore(dev, buf, n);
}
