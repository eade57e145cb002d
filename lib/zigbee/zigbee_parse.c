/*
 * zigbee_parse.c - Zigbee OTA upgrade file: containers, header, trailer;
 * the element walk is walk.c.  Reads the header and element table only;
 * payload bytes are skipped (seek, or read and discarded on a forward-only
 * input, where stream.c hashes them as they pass) except a short sniff at
 * the start of each element.  A truncated input opens partially when the
 * caller allows it (OTA_OPEN_PARTIAL).  What shipping files do is reported
 * as diagnostics, never "fixed".
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ota_private.h"

#define NGIS_MAGIC "NGIS"
#define MAX_HEADER_READ 69u /* 56 + all optional fields */

unsigned
ota__header_len_for_fc(uint16_t fc)
{
	return OTA_HEADER_MIN + ((fc & OTA_FC_SECURITY_CREDENTIAL) ? 1u : 0u) +
	    ((fc & OTA_FC_DESTINATION) ? 8u : 0u) + ((fc & OTA_FC_HW_VERSIONS) ? 4u : 0u);
}

static uint32_t
le32(const uint8_t *p)
{
	return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) |
	    ((uint32_t)p[3] << 24);
}

static int
is_magic(const uint8_t *p)
{
	return le32(p) == OTA_FILE_ID;
}


#define TAR_BLOCK 512u

/* A tar number field: octal digits (leading spaces, then a NUL or a space),
 * or base-256 when the first byte has its top bit set.  -1: neither. */
static int
tar_number(const uint8_t *p, size_t n, uint64_t *v)
{
	size_t i = 0;
	int digits = 0;

	*v = 0;
	if (p[0] & 0x80) {
		for (i = 1; i < n; i++) {
			if (*v >> 56)
				return -1;
			*v = (*v << 8) | p[i];
		}
		return 0;
	}
	while (i < n && p[i] == ' ')
		i++;
	for (; i < n && p[i] >= '0' && p[i] <= '7'; i++, digits++) {
		if (*v >> 60)
			return -1;
		*v = (*v << 3) | (uint64_t)(p[i] - '0');
	}
	return digits > 0 && (i == n || p[i] == ' ' || p[i] == '\0') ? 0 : -1;
}

/* Is b (one 512-byte block) the ustar header of a regular file, with a
 * checksum that adds up?  *size: its size field. */
static int
tar_header(const uint8_t *b, uint64_t *size)
{
	uint64_t sum = 0, stored;
	size_t i;

	if (memcmp(b + 257, "ustar", 5) != 0 || (b[156] != '0' && b[156] != '\0'))
		return 0;
	for (i = 0; i < TAR_BLOCK; i++)
		sum += i >= 148 && i < 156 ? (uint64_t)' ' : b[i];
	return tar_number(b + 148, 8, &stored) == 0 && stored == sum &&
	    tar_number(b + 124, 12, size) == 0;
}

/* The identifier at i (not 0) in the probe: what holds the image there. */
static int
found_at(struct ota_image *img, const uint8_t *probe, size_t i, const char *ngis_why)
{
	uint64_t tsize;
	int r;

	img->ota_off = i;
	if (ngis_why != NULL) {
		/* an NGIS container whose offset field misses the image */
		img->container = OTA_CONTAINER_NGIS;
		if ((r = ota__diag_add(&img->diags, OTA_D_CONTAINER_NGIS, 0,
		    "IKEA NGIS container: the OTA header is at offset %zu, found by its identifier",
		    i)) != OTA_OK)
			return r;
		return ota__diag_add(&img->diags, OTA_D_CONTAINER_CONTRADICTS, 16,
		    "%s; the OTA header is at offset %zu instead", ngis_why, i);
	}
	if (i % TAR_BLOCK == 0 && tar_header(probe + i - TAR_BLOCK, &tsize)) {
		img->container = OTA_CONTAINER_TAR;
		img->cont_size = tsize;
		img->cont_has_size = 1;
		return ota__diag_add(&img->diags, OTA_D_CONTAINER_TAR, i - TAR_BLOCK,
		    "tar archive: the member whose header is at offset %zu holds the OTA image, "
		    "from offset %zu (%llu bytes by its size field)", i - TAR_BLOCK, i,
		    (unsigned long long)tsize);
	}
	img->container = OTA_CONTAINER_UNKNOWN;
	return ota__diag_add(&img->diags, OTA_D_CONTAINER_UNKNOWN, 0,
	    "OTA header at offset %zu after %zu unknown bytes", i, i);
}

/* Find where the OTA header starts: at 0, in a known container, or after
 * unknown bytes within the probe. */
static int
find_header(struct ota_image *img, const uint8_t *probe, size_t got)
{
	char why[160];
	const char *ngis_why = NULL;
	uint8_t m[4];
	size_t i, n;
	int r;

	if (got >= 4 && is_magic(probe)) {
		img->container = OTA_CONTAINER_NONE;
		img->ota_off = 0;
		return OTA_OK;
	}
	if (got >= 24 && memcmp(probe, NGIS_MAGIC, 4) == 0) {
		uint32_t off = le32(probe + 16), size = le32(probe + 20);

		img->cont_size = size;
		img->cont_has_size = 1;
		if ((uint64_t)off + sizeof(m) > got) {
			/* past the probe: an identifier within it is taken without
			 * reading on to check the claim (the same for a file and a
			 * pipe, and a hostile offset cannot pull a whole download) */
			(void)snprintf(why, sizeof(why), "the IKEA NGIS container's OTA offset field "
			    "(at offset 16) gives %u, past the first %zu bytes", off, got);
			for (i = 1; i + 4 <= got; i++)
				if (is_magic(probe + i))
					return found_at(img, probe, i, why);
			if (img->rd.fwd && (img->open_flags & OTA_OPEN_HEADER_ONLY))
				return ota__image_seterr(img, OTA_E_UNSUPPORTED, 16, "%s, and a header-only "
				    "open of a forward-only input reads no further", why);
		}
		if ((r = ota__rd_pread(&img->rd, off, m, sizeof(m), &n)) != OTA_OK)
			return ota__image_seterr(img, r, off, "cannot read at offset %u, where the "
			    "IKEA NGIS container puts the OTA image: %s", off, ota_strerror(r));
		if (n == sizeof(m) && is_magic(m)) {
			img->container = OTA_CONTAINER_NGIS;
			img->ota_off = off;
			return ota__diag_add(&img->diags, OTA_D_CONTAINER_NGIS, 0,
			    "IKEA NGIS container: OTA image at offset %u, %u bytes declared by the "
			    "container", off, size);
		}
		(void)snprintf(why, sizeof(why), "the IKEA NGIS container's OTA offset field (at "
		    "offset 16) gives %u, %s", off, n < sizeof(m) ? "past the end of the input" :
		    "where there is no OTA file identifier");
		ngis_why = why;
	} else if (got >= 8 && is_magic(probe + 4)) {
		img->container = OTA_CONTAINER_SIZE_PREFIX;
		img->ota_off = 4;
		img->cont_size = le32(probe);
		img->cont_has_size = 1;
		return ota__diag_add(&img->diags, OTA_D_CONTAINER_SIZE_PREFIX, 0,
		    "OTA header at offset 4 after a 4-byte size prefix that declares %u bytes", le32(probe));
	}
	for (i = 1; i + 4 <= got; i++)
		if (is_magic(probe + i))
			return found_at(img, probe, i, ngis_why);
	if (ngis_why != NULL)
		return ota__image_seterr(img, OTA_E_BAD_MAGIC, 0, "%s, and no OTA upgrade file "
		    "identifier is in the first %zu bytes", ngis_why, got);
	if (got == 0)
		return ota__image_seterr(img, OTA_E_TRUNCATED, 0, "the input is empty (ends at offset 0)");
	if (got < 4) {
		static const uint8_t id[4] = { 0x1E, 0xF1, 0xEE, 0x0B };

		if (memcmp(probe, id, got) == 0)
			return ota__cut(img, "file identifier", 0, 4, got);
	}
	return ota__image_seterr(img, OTA_E_BAD_MAGIC, 0,
	    "no OTA upgrade file identifier 0x0BEEF11E at offset 0 or in the first %zu bytes", got);
}

struct field {
	const char *name;
	unsigned off;
	unsigned size;
};

static const struct field fixed_fields[] = {
	{ "file identifier", 0, 4 },  { "header version", 4, 2 },
	{ "header length", 6, 2 },    { "field control", 8, 2 },
	{ "manufacturer code", 10, 2 }, { "image type", 12, 2 },
	{ "file version", 14, 4 },    { "stack version", 18, 2 },
	{ "header string", 20, 32 },  { "total image size", 52, 4 },
};

/* A partial open (OTA_OPEN_PARTIAL): the input ends inside what, which
 * starts at off.  Records where it ends and where the image would, as an
 * error diagnostic, and stops the parse with what was read. */
int
ota__truncated(struct ota_image *img, const char *what, uint64_t off)
{
	uint64_t size = 0;
	int r;

	if (ota__rd_size(&img->rd, &size) != OTA_OK)
		size = img->rd.pos;
	img->truncated = 1;
	img->trunc_at = size;
	img->file_size = size;
	if (img->trunc_expect <= size)
		img->trunc_expect = 0; /* the header is cut, and its size field is no help */
	if (img->trunc_expect != 0)
		r = ota__diag_add(&img->diags, OTA_D_TRUNCATED, size,
		    "the input ends at %llu of %llu (total_image_size %u at offset %llu), in the %s "
		    "at offset %llu: the image is truncated", (unsigned long long)size,
		    (unsigned long long)img->trunc_expect, img->h.total_image_size,
		    (unsigned long long)(img->ota_off + 52), what, (unsigned long long)off);
	else
		r = ota__diag_add(&img->diags, OTA_D_TRUNCATED, size,
		    "the input ends at %llu, in the %s at offset %llu, inside the header: the image "
		    "is truncated", (unsigned long long)size, what,
		    (unsigned long long)off);
	return r != OTA_OK ? r : OTA__PARTIAL;
}

/* The input ends at size, before the image (whose size the header gave). */
static int
short_input(struct ota_image *img, uint64_t size)
{
	return ota__image_seterr(img, OTA_E_TRUNCATED, size,
	    "input ends at offset %llu, before the end of the image at offset %llu that "
	    "total_image_size %u (at offset %llu) declares", (unsigned long long)size,
	    (unsigned long long)img->trunc_expect, img->h.total_image_size,
	    (unsigned long long)(img->ota_off + 52));
}

int
ota__cut(struct ota_image *img, const char *what, uint64_t off, unsigned need, uint64_t have)
{
	uint64_t size;

	/* past the header: say where the input ends, as a size callback would */
	if (!(img->open_flags & OTA_OPEN_PARTIAL) && img->trunc_expect != 0 &&
	    off >= img->ota_off + img->h.header_length &&
	    ota__rd_size(&img->rd, &size) == OTA_OK && size < img->trunc_expect)
		return short_input(img, size);
	if ((img->open_flags & OTA_OPEN_PARTIAL) && img->state == 2 && off > img->ota_off)
		return ota__truncated(img, what, off);
	return ota__image_seterr(img, OTA_E_TRUNCATED, off,
	    "input ends in the %s at offset %llu (%u bytes needed, %llu present)", what,
	    (unsigned long long)off, need, (unsigned long long)have);
}

/* Is s[0..n) valid UTF-8?  On failure *bad is the first bad byte. */
static int
utf8_valid(const uint8_t *s, size_t n, size_t *bad)
{
	size_t i = 0, need, k;

	while (i < n) {
		uint8_t ch = s[i];

		if (ch < 0x80) {
			i++;
			continue;
		}
		if ((ch & 0xe0) == 0xc0 && ch >= 0xc2)
			need = 1;
		else if ((ch & 0xf0) == 0xe0)
			need = 2;
		else if ((ch & 0xf8) == 0xf0 && ch <= 0xf4)
			need = 3;
		else
			goto fail;
		if (n - i - 1 < need)
			goto fail;
		for (k = 1; k <= need; k++)
			if ((s[i + k] & 0xc0) != 0x80)
				goto fail;
		i += need + 1;
	}
	return 1;
fail:
	*bad = i;
	return 0;
}

/* Decide how the 32 header-string bytes are encoded, and report it. */
static int
string_diags(struct ota_diaglist *l, const struct ota_hdr *h, uint64_t base)
{
	const uint8_t *s = h->header_string;
	uint64_t off = base + 20;
	size_t i, end = OTA_HEADER_STRING_LEN;
	int ctl = 0, nul_inside = 0;

	for (i = 0; i < OTA_HEADER_STRING_LEN; i++) {
		if (s[i] == 0) {
			end = i;
			break;
		}
	}
	for (i = end; i < OTA_HEADER_STRING_LEN; i++)
		if (s[i] != 0)
			nul_inside = 1;
	if (s[0] >= 1 && s[0] <= 31) {
		size_t n = s[0], k;
		int ok = n + 1 <= OTA_HEADER_STRING_LEN;

		for (k = 1; ok && k <= n; k++)
			if (s[k] < 0x20 || s[k] > 0x7e)
				ok = 0;
		for (k = n + 1; ok && k < OTA_HEADER_STRING_LEN; k++)
			if (s[k] != 0)
				ok = 0;
		if (ok)
			return ota__diag_add(l, OTA_D_STRING_LENGTH_PREFIXED, off,
			    "header string starts with a length byte (%zu) (Nordic style)", n);
	}
	if (end == OTA_HEADER_STRING_LEN)
		if (ota__diag_add(l, OTA_D_STRING_UNTERMINATED, off,
		    "header string not NUL-terminated (all 32 bytes used)") != OTA_OK)
			return OTA_E_NOMEM;
	for (i = 0; i < end; i++)
		if (s[i] < 0x20 || s[i] == 0x7f)
			ctl = 1;
	if (ctl || nul_inside)
		if (ota__diag_add(l, OTA_D_STRING_CONTROL, off,
		    "control characters or bytes after the NUL padding in the header string") != OTA_OK)
			return OTA_E_NOMEM;
	if (!utf8_valid(s, end, &i))
		return ota__diag_add(l, OTA_D_STRING_NOT_UTF8, off + i,
		    "header string is not UTF-8 (byte 0x%02X at offset %llu)", s[i],
		    (unsigned long long)(off + i));
	return OTA_OK;
}

int
ota__value_diags(struct ota_diaglist *l, const struct ota_hdr *h, uint64_t base)
{
	int r = OTA_OK;

	if (h->manufacturer_code == 0xFFFF)
		r = ota__diag_add(l, OTA_D_WILDCARD_MANUFACTURER, base + 10,
		    "manufacturer code 0xFFFF is the wildcard (match all)");
	if (r == OTA_OK && h->image_type >= 0xFFC0)
		r = ota__diag_add(l, OTA_D_RESERVED_IMAGE_TYPE, base + 12,
		    "image type 0x%04X is %s, not a manufacturer-specific firmware type",
		    h->image_type, h->image_type == 0xFFFF ? "the wildcard" :
		    h->image_type == 0xFFC0 ? "security credential" :
		    h->image_type == 0xFFC1 ? "configuration" :
		    h->image_type == 0xFFC2 ? "log" : "reserved");
	if (r == OTA_OK && h->file_version == 0xFFFFFFFFu)
		r = ota__diag_add(l, OTA_D_WILDCARD_FILE_VERSION, base + 14,
		    "file version 0xFFFFFFFF is the wildcard");
	if (r == OTA_OK && (h->fc & OTA_FC_HW_VERSIONS) && h->hw_min > h->hw_max)
		r = ota__diag_add(l, OTA_D_HW_RANGE_INVERTED,
		    base + ota__header_len_for_fc(h->fc) - 4,
		    "minimum hardware version 0x%04X is above the maximum (0x%04X)", h->hw_min,
		    h->hw_max);
	return r;
}

/* The header's own checks, shared by open and the builder. */
int
ota__header_diags(struct ota_diaglist *l, const struct ota_hdr *h, uint64_t base)
{
	int r;

	if ((h->header_version >> 8) != 0x01)
		if ((r = ota__diag_add(l, OTA_D_HEADER_VERSION, base + 4,
		    "header version 0x%04X: major version %u is not 1, the one defined", h->header_version,
		    h->header_version >> 8)) != OTA_OK)
			return r;
	if (h->fc & ~7u)
		if ((r = ota__diag_add(l, OTA_D_FC_RESERVED_BITS, base + 8,
		    "reserved field-control bits 0x%04X are set", h->fc & ~7u)) != OTA_OK)
			return r;
	if (h->stack_version > 3)
		if ((r = ota__diag_add(l, OTA_D_STACK_VERSION, base + 18,
		    "stack version 0x%04X is none of the defined ones (0 to 3)",
		    h->stack_version)) != OTA_OK)
			return r;
	if ((r = string_diags(l, h, base)) != OTA_OK)
		return r;
	return ota__value_diags(l, h, base);
}

static int
parse_header(struct ota_image *img)
{
	uint8_t b[MAX_HEADER_READ];
	struct ota_cur c;
	struct ota_hdr *h = &img->h;
	uint32_t magic;
	size_t got, i;
	unsigned expect;
	uint64_t base = img->ota_off;
	size_t cutf = SIZE_MAX;
	int r;

	memset(b, 0, sizeof(b));
	if ((r = ota__rd_pread(&img->rd, base, b, sizeof(b), &got)) != OTA_OK)
		return ota__image_seterr(img, r, base, "cannot read the header at offset %llu: %s",
		    (unsigned long long)base, ota_strerror(r));
	for (i = 0; i < sizeof(fixed_fields) / sizeof(fixed_fields[0]) && cutf == SIZE_MAX; i++)
		if (got < fixed_fields[i].off + fixed_fields[i].size)
			cutf = i;
	if (cutf != SIZE_MAX) /* fields from the cut on read 0 */
		memset(b + fixed_fields[cutf].off, 0, sizeof(b) - fixed_fields[cutf].off);
	c.p = b;
	c.n = cutf == SIZE_MAX ? got : sizeof(b);
	if (ota__cur_u32le(&c, &magic) != OTA_OK || ota__cur_u16le(&c, &h->header_version) ||
	    ota__cur_u16le(&c, &h->header_length) || ota__cur_u16le(&c, &h->fc) ||
	    ota__cur_u16le(&c, &h->manufacturer_code) || ota__cur_u16le(&c, &h->image_type) ||
	    ota__cur_u32le(&c, &h->file_version) || ota__cur_u16le(&c, &h->stack_version) ||
	    ota__cur_bytes(&c, h->header_string, OTA_HEADER_STRING_LEN) ||
	    ota__cur_u32le(&c, &h->total_image_size))
		return ota__image_seterr(img, OTA_E_TRUNCATED, base, "header truncated");
	if (cutf != SIZE_MAX)
		return ota__cut(img, fixed_fields[cutf].name, base + fixed_fields[cutf].off,
		    fixed_fields[cutf].size, got > fixed_fields[cutf].off ?
		    got - fixed_fields[cutf].off : 0);
	img->trunc_expect = base + h->total_image_size;
	if (h->header_length < OTA_HEADER_MIN)
		return ota__image_seterr(img, OTA_E_HEADER_LENGTH, base + 6,
		    "header_length %u at offset %llu is below the minimum of 56 bytes", h->header_length,
		    (unsigned long long)(base + 6));
	expect = ota__header_len_for_fc(h->fc);
	if (h->header_length != expect)
		if ((r = ota__diag_add(&img->diags, OTA_D_HEADER_LENGTH_MISMATCH, base + 6,
		    "header_length %u disagrees with field control 0x%04X, which announces %u bytes; "
		    "sub-elements are read from header_length", h->header_length, h->fc, expect)) != OTA_OK)
			return r;
	/* Optional fields, in bit order, are read only as far as header_length
	 * reaches (a mismatch is reported above). */
	{
		static const struct {
			uint16_t bit;
			unsigned size;
			const char *name;
		} opt[] = { { OTA_FC_SECURITY_CREDENTIAL, 1, "security credential version" },
			{ OTA_FC_DESTINATION, 8, "upgrade file destination" },
			{ OTA_FC_HW_VERSIONS, 4, "hardware versions" } };
		unsigned pos = OTA_HEADER_MIN;

		for (i = 0; i < sizeof(opt) / sizeof(opt[0]); i++) {
			if (!(h->fc & opt[i].bit))
				continue;
			if (pos + opt[i].size > h->header_length)
				break;
			if (got < pos + opt[i].size) {
				c.n = 0; /* nothing of a cut field is kept */
				return ota__cut(img, opt[i].name, base + pos, opt[i].size,
				    got > pos ? got - pos : 0);
			}
			if (opt[i].bit == OTA_FC_SECURITY_CREDENTIAL)
				r = ota__cur_u8(&c, &h->security_credential);
			else if (opt[i].bit == OTA_FC_DESTINATION)
				r = ota__cur_u64le(&c, &h->destination);
			else if ((r = ota__cur_u16le(&c, &h->hw_min)) == OTA_OK)
				r = ota__cur_u16le(&c, &h->hw_max);
			if (r != OTA_OK)
				return ota__cut(img, opt[i].name, base + pos, opt[i].size, 0);
			h->fc_read |= opt[i].bit;
			pos += opt[i].size;
		}
	}
	if ((r = ota__header_diags(&img->diags, h, base)) != OTA_OK)
		return r;
	if (h->total_image_size < h->header_length)
		return ota__image_seterr(img, OTA_E_TOTAL_SIZE, base + 52,
		    "total_image_size %u at offset %llu is smaller than header_length (%u)",
		    h->total_image_size, (unsigned long long)(base + 52), h->header_length);
	return OTA_OK;
}

/* The element layout's checks, shared by open and the builder.  first is
 * where the elements start; raw: the walk failed; gbcs: a GBCS layout. */
int
ota__element_diags(struct ota_diaglist *l, const struct ota_elem *el, size_t nel, int raw,
    int gbcs, uint64_t first)
{
	static const struct {
		uint16_t tag;
		uint32_t len;
	} fixed[] = { { OTA_TAG_SIGNATURE_SUITE1, 50 }, { OTA_TAG_CERTIFICATE_SUITE1, 48 },
		{ OTA_TAG_INTEGRITY_CODE, 16 }, { OTA_TAG_SIGNATURE_SUITE2, 80 },
		{ OTA_TAG_CERTIFICATE_SUITE2, 74 } };
	size_t i, j, k;
	int have_image = 0, r = OTA_OK;

	for (i = 0; i < nel && r == OTA_OK; i++) {
		const struct ota_elem *e = &el[i];
		int last = i + 1 == nel && !raw;

		if (e->tag == OTA_TAG_UPGRADE_IMAGE)
			have_image = 1;
		for (k = 0; k < sizeof(fixed) / sizeof(fixed[0]); k++)
			if (e->tag == fixed[k].tag && e->len != fixed[k].len)
				r = ota__diag_add(l, OTA_D_ELEMENT_LENGTH, e->off,
				    "%s element at offset %llu has length %u, not %u bytes",
				    ota_tag_name(e->tag), (unsigned long long)e->off, e->len, fixed[k].len);
		if (r != OTA_OK)
			break;
		if ((e->tag == OTA_TAG_INTEGRITY_CODE || e->tag == OTA_TAG_SIGNATURE_SUITE1 ||
		    e->tag == OTA_TAG_SIGNATURE_SUITE2) && !last)
			r = ota__diag_add(l, OTA_D_NOT_LAST, e->off,
			    "%s element at offset %llu is not the last element, so it cannot cover "
			    "what follows it", ota_tag_name(e->tag), (unsigned long long)e->off);
		if (r == OTA_OK && (e->tag == OTA_TAG_SIGNATURE_SUITE1 ||
		    e->tag == OTA_TAG_SIGNATURE_SUITE2))
			r = ota__diag_add(l, OTA_D_SIGNATURE_PRESENT, e->off,
			    "%s element at offset %llu (verify checks it against a CA)",
			    ota_tag_name(e->tag), (unsigned long long)e->off);
		if (r == OTA_OK && e->tag >= 0x0007 && e->tag <= 0xEFFF)
			r = ota__diag_add(l, OTA_D_RESERVED_TAG, e->off,
			    "tag 0x%04X at offset %llu is in the reserved range 0x0007-0xEFFF (kept as is)",
			    e->tag, (unsigned long long)e->off);
		for (j = 0; r == OTA_OK && j < i; j++)
			if (el[j].tag == e->tag) {
				r = ota__diag_add(l, OTA_D_DUPLICATE_TAG, e->off,
				    "tag 0x%04X at offset %llu repeats the tag of the element at offset %llu "
				    "before it",
				    e->tag, (unsigned long long)e->off,
				    (unsigned long long)el[j].off);
				break;
			}
	}
	if (r == OTA_OK && !have_image && !raw && !gbcs)
		r = ota__diag_add(l, OTA_D_NO_UPGRADE_IMAGE,
		    first, "no upgrade-image element (tag 0x0000)");
	return r;
}

/* Are the bytes [pos, stop) all v? */
static int
all_byte(struct ota_image *img, uint64_t pos, uint64_t stop, uint8_t v, int *yes)
{
	uint8_t b[256];
	size_t want, got, i;
	int r;

	if (v == 0x00 && ota__rd_zero_tail(&img->rd, pos, stop, yes) == OTA_OK)
		return OTA_OK; /* a forward-only input, read to its end */
	*yes = 1;
	while (*yes && pos < stop) {
		want = stop - pos < sizeof(b) ? (size_t)(stop - pos) : sizeof(b);
		if ((r = ota__rd_pread(&img->rd, pos, b, want, &got)) != OTA_OK)
			return ota__image_seterr(img, r, pos, "cannot read at offset %llu: %s",
			    (unsigned long long)pos, ota_strerror(r));
		if (got < want)
			return ota__cut(img, "trailer", pos + got, (unsigned)(want - got), got);
		for (i = 0; i < got; i++)
			if (b[i] != v)
				*yes = 0;
		pos += got;
	}
	return OTA_OK;
}

#define TAR_TAIL_MAX 20480u /* zero padding and end blocks: two 10 KiB records */

static int
classify_trailer(struct ota_image *img, uint64_t end, uint64_t tlen)
{
	const char *what;
	int r, yes = 0;

	img->trailer_len = tlen;
	if (tlen == 0) {
		img->trailer = OTA_TRAILER_NONE;
		return OTA_OK;
	}
	if (img->container == OTA_CONTAINER_NGIS) {
		/* the container's own (a signature block in IKEA's files) */
		img->trailer = OTA_TRAILER_CONTAINER;
		return ota__diag_add(&img->diags, OTA_D_CONTAINER_TRAILER, end,
		    "%llu bytes after the OTA image at offset %llu are the IKEA NGIS container's "
		    "own trailer, not trailing data", (unsigned long long)tlen,
		    (unsigned long long)end);
	}
	if (img->container == OTA_CONTAINER_TAR && tlen <= TAR_TAIL_MAX) {
		if ((r = all_byte(img, end, end + tlen, 0x00, &yes)) != OTA_OK)
			return r;
		if (yes) {
			img->trailer = OTA_TRAILER_CONTAINER;
			return ota__diag_add(&img->diags, OTA_D_CONTAINER_TRAILER, end,
			    "%llu zero bytes after the OTA image at offset %llu are the tar archive's "
			    "padding and end blocks, not trailing data", (unsigned long long)tlen,
			    (unsigned long long)end);
		}
	}
	if (tlen == 4) {
		img->trailer = OTA_TRAILER_CRC32_CANDIDATE;
		what = "4 bytes, possibly a CRC-32 of the image (verify checks)";
	} else {
		/* 0xFF padding before a 4-byte tail; a longer trailer is "other" */
		if (tlen > 4 && tlen <= OTA_PROBE &&
		    (r = all_byte(img, end, end + tlen - 4, 0xFF, &yes)) != OTA_OK)
			return r;
		yes = yes && tlen > 4 && tlen <= OTA_PROBE;
		img->trailer = yes ? OTA_TRAILER_FF_PADDING : OTA_TRAILER_OTHER;
		what = yes ? "0xFF padding and a 4-byte tail" : "unknown content";
	}
	return ota__diag_add(&img->diags, OTA_D_TRAILING_DATA, end,
	    "%llu bytes after total_image_size at offset %llu: %s", (unsigned long long)tlen,
	    (unsigned long long)end, what);
}

/* The size a container declares for the image, against the file and the
 * header; size is the input's. */
static int
container_size_check(struct ota_image *img, uint64_t size)
{
	uint64_t at, from = img->ota_off, decl = img->cont_size;
	uint32_t total = img->h.total_image_size;
	const char *field;

	if (!img->cont_has_size)
		return OTA_OK;
	switch (img->container) {
	case OTA_CONTAINER_NGIS:
		field = "the IKEA NGIS container's OTA size field";
		at = 20;
		break;
	case OTA_CONTAINER_SIZE_PREFIX:
		field = "the 4-byte size prefix";
		at = 0;
		break;
	case OTA_CONTAINER_TAR:
		field = "the tar member's size field";
		at = img->ota_off - TAR_BLOCK + 124;
		break;
	default:
		return OTA_OK;
	}
	if (from + decl > size)
		return ota__diag_add(&img->diags, OTA_D_CONTAINER_CONTRADICTS, at,
		    "%s (at offset %llu) declares %llu bytes from offset %llu, past the end of the "
		    "input at offset %llu (total_image_size says %u bytes)", field,
		    (unsigned long long)at, (unsigned long long)decl, (unsigned long long)from,
		    (unsigned long long)size, total);
	if (decl != total)
		return ota__diag_add(&img->diags, OTA_D_CONTAINER_CONTRADICTS, at,
		    "%s (at offset %llu) declares %llu bytes, but total_image_size (at offset %llu) "
		    "says %u bytes", field, (unsigned long long)at, (unsigned long long)decl,
		    (unsigned long long)(from + 52), total);
	return OTA_OK;
}

int
ota__zigbee_parse(struct ota_image *img)
{
	uint8_t *probe;
	size_t got, want;
	uint64_t end, size;
	int r;

	if ((probe = ota__alloc(&img->env, OTA_PROBE)) == NULL)
		return OTA_E_NOMEM;
	/* The header only: read no more than a header at offset 0 needs, so
	 * the first bytes of a download suffice; else (or when the header is
	 * not at 0) the whole probe. */
	want = (img->open_flags & OTA_OPEN_HEADER_ONLY) ? MAX_HEADER_READ : OTA_PROBE;
	r = ota__rd_pread(&img->rd, 0, probe, want, &got);
	if (r == OTA_OK && want < OTA_PROBE && got == want && !is_magic(probe))
		r = ota__rd_pread(&img->rd, 0, probe, OTA_PROBE, &got);
	if (r == OTA_OK)
		r = find_header(img, probe, got);
	else
		r = ota__image_seterr(img, r, 0, "cannot read the input");
	ota__free(&img->env, probe);
	if (r != OTA_OK)
		return r;
	if ((r = parse_header(img)) != OTA_OK)
		return r == OTA__PARTIAL ? OTA_OK : r;
	end = img->ota_off + img->h.total_image_size;
	if (img->open_flags & OTA_OPEN_HEADER_ONLY) {
		img->header_only = 1;
		img->file_size = img->rd.have_size ? img->rd.size : 0;
		return ota__diag_add(&img->diags, OTA_D_HEADER_ONLY, img->ota_off,
		    "opened the header only (%u bytes at offset %llu): the elements, the trailer and "
		    "the integrity of the image were not read", img->h.header_length,
		    (unsigned long long)img->ota_off);
	}
	if ((r = ota__fwd_begin(img)) != OTA_OK)
		return ota__image_seterr(img, r, img->ota_off, "cannot set up the hashes: %s%s",
		    ota_strerror(r), r == OTA_E_UNSUPPORTED ? " (this forward-only input has passed "
		    "the start of the image: a container offset past the first 4 KiB was read first)" :
		    "");
	if (img->rd.have_size && img->rd.size < end && !(img->open_flags & OTA_OPEN_PARTIAL))
		return short_input(img, img->rd.size);
	if ((r = ota__walk_elements(img)) != OTA_OK)
		return r == OTA__PARTIAL ? ota__fwd_end(img) : r;
	if ((r = ota__rd_size(&img->rd, &size)) != OTA_OK)
		return ota__image_seterr(img, r, end, "cannot find the input size");
	if (size < end && (img->open_flags & OTA_OPEN_PARTIAL)) {
		(void)ota__truncated(img, img->raw ? "raw payload" : img->nel > 0 ?
		    "last sub-element" : "image", img->raw ? img->raw_off : img->nel > 0 ?
		    img->el[img->nel - 1].off : img->ota_off + img->h.header_length);
		return ota__fwd_end(img);
	}
	if ((r = ota__element_diags(&img->diags, img->el, img->nel, img->raw,
	    img->walk == OTA_WALK_GBCS, img->ota_off + img->h.header_length)) != OTA_OK)
		return r;
	if (size < end)
		return short_input(img, size);
	img->file_size = size;
	if ((r = container_size_check(img, size)) != OTA_OK)
		return r;
	if ((r = classify_trailer(img, end, size - end)) != OTA_OK)
		return r;
	return ota__fwd_end(img);
}
