/* blob_missing.c - the missing-chunk formats of Block Status and Partial
 * Block Report (MBT v1.0; libotaimg-mesh-blob(3)): all missing, none
 * missing, a bitmap one bit per chunk LSB first, and a list of chunk
 * numbers in a UTF-8-style variable-length code (one octet below 0x80, two
 * below 0x800, else three; as Zephyr blob_cli.c chunk_idx_decode reads
 * them; ota_blob_missing_decode_lenient also reads the two-octet form
 * Zephyr's blob_srv.c writes for 0x800..0xFFF).  Also the small helpers the client and server share. */
#include "config.h"

#include <string.h>

#include "ota_private.h"
#include "blob_int.h"

void
ota__bits_fill(uint8_t *b, uint32_t n)
{
	size_t k = OTA_BLOB_BITS_LEN(n);

	if (k == 0)
		return;
	memset(b, 0xFF, k);
	if (n % 8u != 0)
		b[k - 1] = (uint8_t)((1u << (n % 8u)) - 1u);
}

uint32_t
ota__bits_count(const uint8_t *b, uint32_t n)
{
	uint32_t i, c = 0;

	for (i = 0; i < n; i++)
		c += (uint32_t)ota__bit_get(b, i);
	return c;
}

int
ota__blob_split(const uint8_t *msg, size_t len, uint32_t *op, const uint8_t **par, size_t *plen)
{
	size_t oplen;
	int r;

	if (msg == NULL && len > 0)
		return OTA_E_INVAL;
	if ((r = ota_mesh_opcode_decode(msg, len, op, &oplen)) != OTA_OK)
		return r;
	*par = msg + oplen;
	*plen = len - oplen;
	return OTA_OK;
}

uint32_t
ota__blob_block_count(uint64_t size, uint8_t log)
{
	return (uint32_t)((size + ((uint64_t)1 << log) - 1) >> log);
}

uint32_t
ota__blob_block_size(uint64_t size, uint8_t log, uint32_t block)
{
	uint64_t bs = (uint64_t)1 << log, off = (uint64_t)block << log;

	if (off >= size)
		return 0;
	return (uint32_t)(size - off < bs ? size - off : bs);
}

static size_t
idx_len(uint32_t v)
{
	return v < 0x80u ? 1u : v < 0x800u ? 2u : 3u;
}

static void
idx_put(uint8_t *p, uint32_t v)
{
	if (v < 0x80u) {
		p[0] = (uint8_t)v;
	} else if (v < 0x800u) {
		p[0] = (uint8_t)(0xC0u | v >> 6);
		p[1] = (uint8_t)(0x80u | (v & 0x3Fu));
	} else {
		p[0] = (uint8_t)(0xE0u | v >> 12);
		p[1] = (uint8_t)(0x80u | ((v >> 6) & 0x3Fu));
		p[2] = (uint8_t)(0x80u | (v & 0x3Fu));
	}
}

int
ota_blob_missing_encode(const uint8_t *missing, uint32_t nchunks, uint32_t limit,
    unsigned *format, uint8_t *buf, size_t *len)
{
	size_t room, need_list = 0, need_bits, o;
	uint32_t i, count = 0, listed = 0;
	unsigned f;

	if (missing == NULL || format == NULL || len == NULL || (buf == NULL && *len > 0) ||
	    nchunks == 0 || nchunks > 0xFFFFu)
		return OTA_E_INVAL;
	f = *format;
	if (f > OTA_BLOB_MISSING_ENCODED && f != OTA_BLOB_MISSING_AUTO)
		return OTA_E_INVAL;
	room = *len;
	need_bits = OTA_BLOB_BITS_LEN(nchunks);
	for (i = 0; i < nchunks; i++) {
		if (!ota__bit_get(missing, i))
			continue;
		count++;
		if (limit == 0 || listed < limit) {
			need_list += idx_len(i);
			listed++;
		}
	}
	if (f == OTA_BLOB_MISSING_AUTO) {
		if (count == nchunks)
			f = OTA_BLOB_MISSING_ALL;
		else if (count == 0)
			f = OTA_BLOB_MISSING_NONE;
		else if (need_list < need_bits && listed == count)
			f = OTA_BLOB_MISSING_ENCODED;
		else
			f = OTA_BLOB_MISSING_SOME;
		if (f == OTA_BLOB_MISSING_SOME && need_bits > room && need_list <= room &&
		    listed == count)
			f = OTA_BLOB_MISSING_ENCODED;
	}
	switch (f) {
	case OTA_BLOB_MISSING_ALL:
	case OTA_BLOB_MISSING_NONE:
		if ((f == OTA_BLOB_MISSING_ALL) != (count == nchunks) ||
		    (f == OTA_BLOB_MISSING_NONE) != (count == 0))
			return OTA_E_INVAL;
		*len = 0;
		break;
	case OTA_BLOB_MISSING_SOME:
		if (need_bits > room) {
			*len = need_bits;
			return OTA_E_LIMIT;
		}
		memcpy(buf, missing, need_bits);
		if (nchunks % 8u != 0)
			buf[need_bits - 1] = (uint8_t)(buf[need_bits - 1] &
			    ((1u << (nchunks % 8u)) - 1u));
		*len = need_bits;
		break;
	default:
		if (need_list > room) {
			*len = need_list;
			return OTA_E_LIMIT;
		}
		for (i = 0, o = 0, listed = 0; i < nchunks; i++) {
			if (!ota__bit_get(missing, i))
				continue;
			if (limit != 0 && listed == limit)
				break;
			idx_put(buf + o, i);
			o += idx_len(i);
			listed++;
		}
		*len = o;
		break;
	}
	*format = f;
	return OTA_OK;
}

static int
fail_at(size_t *at, size_t where, int err)
{
	if (at != NULL)
		*at = where;
	return err;
}

/* One chunk number of an encoded list at buf[o]: its value and length (k),
 * or an error.  lenient: Zephyr's two-octet form (see
 * ota_blob_missing_decode_lenient) is read too, and *odd set when it was. */
static int
idx_get(const uint8_t *buf, size_t len, size_t o, uint32_t nchunks, int lenient,
    uint32_t *val, size_t *k, int *odd, size_t *at)
{
	size_t j, n;
	uint32_t v;

	*odd = 0;
	if (buf[o] < 0x80u) {
		*k = 1;
		*val = buf[o];
		return OTA_OK;
	}
	n = (buf[o] & 0xE0u) == 0xC0u ? 2u : (buf[o] & 0xF0u) == 0xE0u ? 3u : 0u;
	if (lenient && nchunks <= 0x1000u && buf[o] >= 0xE0u && len - o >= 2 &&
	    (buf[o + 1] & 0xC0u) == 0x80u) {
		/* a three-octet number needs a third continuation octet and a
		 * value of 0x800 or more; without them, Zephyr's two octets */
		if (n != 3 || len - o < 3 || (buf[o + 2] & 0xC0u) != 0x80u ||
		    (buf[o] == 0xE0u && buf[o + 1] < 0xA0u)) {
			*k = 2;
			*val = (uint32_t)(buf[o] & 0x3Fu) << 6 | (buf[o + 1] & 0x3Fu);
			*odd = 1;
			return OTA_OK;
		}
	}
	if (n == 0)
		return fail_at(at, o, OTA_E_RANGE);
	if (len - o < n)
		return fail_at(at, o, OTA_E_TRUNCATED);
	v = buf[o] & (n == 2 ? 0x1Fu : 0x0Fu);
	for (j = 1; j < n; j++) {
		if ((buf[o + j] & 0xC0u) != 0x80u)
			return fail_at(at, o + j, OTA_E_RANGE);
		v = v << 6 | (buf[o + j] & 0x3Fu);
	}
	if (v < (n == 2 ? 0x80u : 0x800u))
		return fail_at(at, o, OTA_E_RANGE); /* overlong */
	*k = n;
	*val = v;
	return OTA_OK;
}

static int
missing_decode(unsigned format, const uint8_t *buf, size_t len, uint32_t nchunks,
    uint8_t *missing, int lenient, uint32_t *odd_count, size_t *at)
{
	size_t want = OTA_BLOB_BITS_LEN(nchunks), o, k = 0;
	uint32_t v = 0, i, odds = 0;
	int odd = 0, r;

	if (missing == NULL || (buf == NULL && len > 0) || nchunks == 0 || nchunks > 0xFFFFu ||
	    format > OTA_BLOB_MISSING_ENCODED)
		return OTA_E_INVAL;
	memset(missing, 0, want);
	switch (format) {
	case OTA_BLOB_MISSING_ALL:
	case OTA_BLOB_MISSING_NONE:
		if (len != 0)
			return fail_at(at, 0, OTA_E_TRAILING);
		if (format == OTA_BLOB_MISSING_ALL)
			ota__bits_fill(missing, nchunks);
		return OTA_OK;
	case OTA_BLOB_MISSING_SOME:
		if (len != want)
			return fail_at(at, len < want ? len : want,
			    len < want ? OTA_E_TRUNCATED : OTA_E_TRAILING);
		for (i = nchunks; i < want * 8u; i++)
			if (ota__bit_get(buf, i))
				return fail_at(at, i / 8u, OTA_E_RANGE);
		memcpy(missing, buf, want);
		return OTA_OK;
	default:
		break;
	}
	for (o = 0; o < len; o += k) {
		if ((r = idx_get(buf, len, o, nchunks, lenient, &v, &k, &odd, at)) != OTA_OK)
			return r;
		if (v >= nchunks)
			return fail_at(at, o, OTA_E_RANGE);
		odds += (uint32_t)odd;
		ota__bit_set(missing, v, 1);
	}
	if (odd_count != NULL)
		*odd_count = odds;
	return OTA_OK;
}

int
ota_blob_missing_decode(unsigned format, const uint8_t *buf, size_t len, uint32_t nchunks,
    uint8_t *missing, size_t *at)
{
	return missing_decode(format, buf, len, nchunks, missing, 0, NULL, at);
}

int
ota_blob_missing_decode_lenient(unsigned format, const uint8_t *buf, size_t len,
    uint32_t nchunks, uint8_t *missing, uint32_t *lenient, size_t *at)
{
	if (lenient != NULL)
		*lenient = 0;
	return missing_decode(format, buf, len, nchunks, missing, 1, lenient, at);
}

uint64_t
ota_blob_server_timeout_ms(uint16_t timeout_base)
{
	return 10000u * ((uint64_t)timeout_base + 1u);
}

uint64_t
ota_blob_client_timeout_ms(uint16_t timeout_base, uint8_t ttl)
{
	return 10000u * ((uint64_t)timeout_base + 2u) + 100u * (uint64_t)ttl;
}

const char *
ota_blob_status_name(unsigned status)
{
	static const char *const n[] = { "success", "invalid-block-number",
		"invalid-block-size", "invalid-chunk-size", "wrong-phase", "invalid-parameter",
		"wrong-blob-id", "blob-too-large", "unsupported-transfer-mode", "internal-error",
		"information-unavailable" };

	return status < sizeof(n) / sizeof(n[0]) ? n[status] : "unknown";
}
