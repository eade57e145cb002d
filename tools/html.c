/* html.c - otaimg inspect --html: the page, its byte maps, tables and hex
 * view (the formats fill a struct html_file in html_fmt.c).  Everything
 * is inline (CSS and SVG, no script): nothing is fetched, and the page is
 * the same bytes for the same input (no time, no absolute path). */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "otaimg.h"
#include "tool.h"
#include "html.h"

#define MAP_W 1000  /* the map's width in SVG units */

static const char css[] =
    "body{font-family:system-ui,sans-serif;margin:1.5em;color:#222;background:#fff;max-width:75em}\n"
    "h1{font-size:1.5em}h2{font-size:1.25em;border-bottom:2px solid #446;margin-top:2em}\n"
    "h3{font-size:1.05em;margin-bottom:.3em}\n"
    "table{border-collapse:collapse;margin:.4em 0}td,th{border:1px solid #bbb;padding:2px 6px;"
    "text-align:left;vertical-align:top}th{background:#eef}\n"
    "td.n{text-align:right;font-variant-numeric:tabular-nums}code,.mono,pre{font-family:"
    "ui-monospace,monospace}\n"
    ".error{color:#a00;font-weight:bold}.warning{color:#a60}.info{color:#357}\n"
    ".PASS,.pass,.ok{color:#070;font-weight:bold}.FAIL,.fail{color:#a00;font-weight:bold}"
    ".WARN,.warn,.SKIP,.skip{color:#a60}\n"
    "svg.bytemap,svg.entrymap,svg.imagemap{width:100%;height:auto;display:block}\n"
    "rect.container{fill:#9ab}rect.header{fill:#e9a23b}rect.element{fill:#5b8def}"
    "rect.elemhdr{fill:#2b5dbf}rect.payload{fill:#5fb85f}rect.tlv{fill:#b07fd0}"
    "rect.trailer{fill:#888}rect.signature{fill:#d05f8a}rect.gap{fill:#eee;stroke:#c00;"
    "stroke-dasharray:2}rect.padding{fill:#f3d9a4}rect.archive{fill:#7aa}rect.entry{fill:#8ac}"
    "rect.image{fill:#5fb85f}\n"
    "rect{stroke:#fff;stroke-width:.5}polygon.pin{fill:#a00}polygon.pin.warning{fill:#d80}"
    "polygon.pin.info{fill:#357}\n"
    "text{font-size:11px;font-family:system-ui,sans-serif}\n"
    "pre.hex{line-height:1.5;font-size:.9em}pre.hex span{border:1px solid;border-radius:2px;"
    "padding:0 1px}\n"
    ".f0{border-color:#e9a23b!important;background:#fdf0dc}.f1{border-color:#5b8def!important;"
    "background:#e4edfd}.f2{border-color:#5fb85f!important;background:#e3f4e3}.f3{border-color:"
    "#b07fd0!important;background:#f2e9f8}.f4{border-color:#d05f8a!important;background:#f9e3eb}"
    ".f5{border-color:#3aa!important;background:#dff3f3}\n"
    "span.k{display:inline-block;width:.9em;height:.9em;vertical-align:middle;margin-right:3px}\n";

void
html_esc_n(FILE *fp, const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		switch (s[i]) {
		case '&':
			fputs("&amp;", fp);
			break;
		case '<':
			fputs("&lt;", fp);
			break;
		case '>':
			fputs("&gt;", fp);
			break;
		case '"':
			fputs("&quot;", fp);
			break;
		case '\'':
			fputs("&#39;", fp);
			break;
		default:
			fputc(s[i], fp);
		}
	}
}

void
html_esc(FILE *fp, const char *s)
{
	/* shown(): controls, bidirectional controls and bytes that are not
	 * UTF-8 become \xNN or \uXXXX; what is left is UTF-8 text */
	const char *t = shown(s);

	html_esc_n(fp, t, strlen(t));
}

void
html_seg_add(struct html_file *f, uint64_t off, uint64_t len, const char *kind,
    const char *fmt, ...)
{
	struct html_seg *s;
	va_list ap;

	if (f->nseg >= HTML_MAX_SEGS - 1 || len == 0) /* room for html_tile's gaps is made there */
		return;
	s = &f->seg[f->nseg++];
	s->off = off;
	s->len = len;
	s->kind = kind;
	va_start(ap, fmt);
	(void)vsnprintf(s->name, sizeof(s->name), fmt, ap);
	va_end(ap);
}

void
html_diag_add(struct html_file *f, int code, uint64_t off, const char *msg, uint64_t count)
{
	if (f->ndiag >= HTML_MAX_DIAGS) {
		f->diag_more++;
		return;
	}
	f->diag[f->ndiag].code = code;
	f->diag[f->ndiag].off = off;
	f->diag[f->ndiag].msg = msg;
	f->diag[f->ndiag].count = count;
	f->ndiag++;
}

struct html_field *
html_field_add(struct html_file *f, uint64_t off, unsigned len, const char *name)
{
	static struct html_field spare;
	struct html_field *fl;

	if (f->nfield >= HTML_MAX_FIELDS)
		return memset(&spare, 0, sizeof(spare));
	fl = &f->field[f->nfield++];
	memset(fl, 0, sizeof(*fl));
	fl->off = off;
	fl->len = len;
	fl->name = name;
	return fl;
}

void
html_field_bytes(struct html_field *fl, const uint8_t *p, size_t n)
{
	size_t i, o = 0;

	for (i = 0; i < n && o + 3 < sizeof(fl->raw); i++)
		o += (size_t)snprintf(fl->raw + o, sizeof(fl->raw) - o, "%s%02x", i ? " " : "", p[i]);
	if (i < n && o + 4 < sizeof(fl->raw))
		(void)snprintf(fl->raw + o, sizeof(fl->raw) - o, " ...");
}

void
html_field_le(struct html_field *fl, uint64_t v)
{
	uint8_t b[8];
	unsigned i;

	for (i = 0; i < fl->len && i < 8; i++)
		b[i] = (uint8_t)(v >> (8 * i));
	html_field_bytes(fl, b, i);
}

void
html_field_be(struct html_field *fl, uint64_t v)
{
	uint8_t b[8];
	unsigned i;

	for (i = 0; i < fl->len && i < 8; i++)
		b[i] = (uint8_t)(v >> (8 * (fl->len - 1 - i)));
	html_field_bytes(fl, b, i);
}

void
html_field_dec(struct html_field *fl, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	(void)vsnprintf(fl->dec, sizeof(fl->dec), fmt, ap);
	va_end(ap);
}

void
html_hex_read(struct html_file *f, uint64_t off, size_t len)
{
	struct stat st;
	ssize_t got;
	int fd;

	f->hex_len = 0;
	/* only a regular file can be read again: a FIFO was drained by the
	 * parse and opening it again would wait for a writer for ever */
	if (strcmp(f->file, "-") == 0 ||
	    (fd = open(f->file, O_RDONLY | O_CLOEXEC | O_NONBLOCK)) < 0)
		return;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		(void)close(fd);
		return;
	}
	if (len > HTML_HEX_MAX)
		len = HTML_HEX_MAX;
	got = pread(fd, f->hex, len, (off_t)off);
	if (got > 0) {
		f->hex_off = off;
		f->hex_len = (size_t)got;
	}
	(void)close(fd);
}

static int
seg_cmp(const void *a, const void *b)
{
	const struct html_seg *x = a, *y = b;

	return x->off < y->off ? -1 : x->off > y->off ? 1 : x->len > y->len ? -1 : x->len < y->len;
}

void
html_tile(struct html_file *f)
{
	static struct html_seg out[HTML_MAX_SEGS * 2]; /* tools may keep static state */
	uint64_t at = 0, end;
	size_t i, n = 0;

	qsort(f->seg, f->nseg, sizeof(f->seg[0]), seg_cmp);
	for (i = 0; i < f->nseg && n + 2 < sizeof(out) / sizeof(out[0]); i++) {
		struct html_seg s = f->seg[i];

		end = s.off + s.len > f->size ? f->size : s.off + s.len;
		if (end <= at)
			continue;                /* inside what is drawn already */
		if (s.off > at) {
			out[n].off = at;
			out[n].len = s.off - at;
			out[n].kind = "gap";
			(void)snprintf(out[n].name, sizeof(out[n].name), "gap (not accounted for)");
			n++;
		}
		if (s.off < at)
			s.off = at;
		s.len = end - s.off;
		out[n++] = s;
		at = end;
	}
	if (at < f->size && n < sizeof(out) / sizeof(out[0])) {
		out[n].off = at;
		out[n].len = f->size - at;
		out[n].kind = "gap";
		(void)snprintf(out[n].name, sizeof(out[n].name), "gap (not accounted for)");
		n++;
	}
	if (n > HTML_MAX_SEGS) {          /* merge the rest into one last segment */
		out[HTML_MAX_SEGS - 1].len = f->size - out[HTML_MAX_SEGS - 1].off;
		out[HTML_MAX_SEGS - 1].kind = "gap";
		(void)snprintf(out[HTML_MAX_SEGS - 1].name, sizeof(out[0].name), "more");
		n = HTML_MAX_SEGS;
	}
	memcpy(f->seg, out, n * sizeof(out[0]));
	f->nseg = n;
}

static double
xpos(uint64_t off, uint64_t total)
{
	return total == 0 ? 0 : (double)off * MAP_W / (double)total;
}

static const char *
sevcls(int code)
{
	return ota_severity_name(ota_diag_severity(code));
}

/* Under the proportional bar, the same parts not to scale (each at least a
 * few per cent wide), so that a 56-byte header in a megabyte shows. */
static void
schematic(FILE *fp, const struct html_seg *seg, size_t nseg, uint64_t total)
{
	double minw = nseg > 0 && 0.5 / (double)nseg < 0.05 ? 0.5 / (double)nseg : 0.05;
	double sum = 0, x = 5, w;
	size_t i;

	if (nseg < 2 || total == 0)
		return;
	for (i = 0; i < nseg; i++) {
		w = (double)seg[i].len / (double)total;
		sum += w < minw ? minw : w;
	}
	fputs("<text x=\"5\" y=\"90\" fill=\"#666\">the bar above: the same parts, not to scale</text>\n", fp);
	for (i = 0; i < nseg; i++) {
		w = (double)seg[i].len / (double)total;
		w = (w < minw ? minw : w) / sum * MAP_W;
		fprintf(fp, "<rect class=\"sch %s\" x=\"%.2f\" y=\"62\" width=\"%.2f\" "
		    "height=\"16\"><title>", seg[i].kind, x, w);
		html_esc(fp, seg[i].name);
		fputs("</title></rect>\n", fp);
		x += w;
	}
}

void
html_map(FILE *fp, const char *cls, const char *title, const struct html_seg *seg, size_t nseg,
    uint64_t total, const struct html_diag *diag, size_t ndiag, int entry_pins)
{
	size_t i;
	double x, w;

	fprintf(fp, "<h3>%s</h3>\n<svg class=\"%s\" data-total=\"%llu\" viewBox=\"0 0 %d 92\" "
	    "role=\"img\" aria-label=\"%s\">\n", title, cls,
	    (unsigned long long)total, MAP_W + 10, title);
	for (i = 0; i < nseg; i++) {
		x = xpos(seg[i].off, total);
		w = xpos(seg[i].off + seg[i].len, total) - x;
		if (w < 1)
			w = 1;             /* a byte of a large file is still seen */
		fprintf(fp, "<rect class=\"seg %s\" data-off=\"%llu\" data-len=\"%llu\" x=\"%.2f\" "
		    "y=\"4\" width=\"%.2f\" height=\"30\"><title>", seg[i].kind,
		    (unsigned long long)seg[i].off, (unsigned long long)seg[i].len, x + 5, w);
		html_esc(fp, seg[i].name);
		fprintf(fp, ": offset %llu, %llu bytes</title></rect>\n", (unsigned long long)seg[i].off,
		    (unsigned long long)seg[i].len);
		if (w > 60) {
			char label[sizeof(seg[i].name)];

			(void)snprintf(label, sizeof(label), "%.*s", (int)(w / 7), seg[i].name);
			fprintf(fp, "<text x=\"%.2f\" y=\"23\" fill=\"%s\">", x + 8,
			    strcmp(seg[i].kind, "gap") == 0 ? "#333" : "#fff");
			html_esc(fp, label);
			fputs("</text>\n", fp);
		}
	}
	for (i = 0; i < ndiag; i++) {
		/* a pin under the map where the diagnostic is (an archive's: under its entry) */
		uint64_t at = diag[i].off;

		if (entry_pins)
			at = diag[i].off < nseg ? seg[diag[i].off].off + seg[diag[i].off].len / 2 : total;
		x = xpos(at > total ? total : at, total) + 5;
		fprintf(fp, "<polygon class=\"pin %s\" points=\"%.2f,36 %.2f,46 %.2f,46\"><title>"
		    "%s at %s %llu</title></polygon><text x=\"%.2f\" y=\"58\">%zu</text>\n",
		    sevcls(diag[i].code), x, x - 5, x + 5, ota_diag_name(diag[i].code),
		    entry_pins ? "entry" : "offset", (unsigned long long)diag[i].off, x - 3, i + 1);
	}
	schematic(fp, seg, nseg, total);
	fputs("</svg>\n<table class=\"segs\"><tr><th></th><th>part</th><th>offset</th><th>length</th>"
	    "<th>end</th></tr>\n", fp);
	for (i = 0; i < nseg; i++) {
		fprintf(fp, "<tr><td><svg width=\"12\" height=\"12\"><rect class=\"%s\" width=\"12\" "
		    "height=\"12\"/></svg></td><td>", seg[i].kind);
		html_esc(fp, seg[i].name);
		fprintf(fp, "</td><td class=\"n\">%llu</td><td class=\"n\">%llu</td><td class=\"n\">"
		    "%llu</td></tr>\n", (unsigned long long)seg[i].off, (unsigned long long)seg[i].len,
		    (unsigned long long)(seg[i].off + seg[i].len));
	}
	fputs("</table>\n", fp);
}

void
html_kv(FILE *fp, const char *key, const char *value)
{
	fputs("<tr><th>", fp);
	html_esc(fp, key);
	fputs("</th><td>", fp);
	html_esc(fp, value);
	fputs("</td></tr>\n", fp);
}

void
html_check_row(FILE *fp, const char *name, const char *result, const char *detail)
{
	fputs("<tr><td>", fp);
	html_esc(fp, name);
	fprintf(fp, "</td><td class=\"%s\">", result);
	html_esc(fp, result);
	fputs("</td><td>", fp);
	html_esc(fp, detail);
	fputs("</td></tr>\n", fp);
}

void
html_section_begin(FILE *fp, struct html_file *f)
{
	fprintf(fp, "<section class=\"file\" id=\"f%d\" data-format=\"%s\" data-size=\"%llu\">\n"
	    "<h2>", f->index, f->format, (unsigned long long)f->size);
	html_esc(fp, f->file);
	fprintf(fp, " <small>(%s, %llu bytes)</small></h2>\n", f->format,
	    (unsigned long long)f->size);
	if (f->err != OTA_OK) {
		fprintf(fp, "<p class=\"error\">Not read: offset %llu: %s (%s): ",
		    (unsigned long long)f->erroff, ota_strerror(f->err), ota_errname(f->err));
		html_esc(fp, f->errmsg);
		fputs("</p>\n", fp);
	}
	html_tile(f);
	if (f->size > 0)
		html_map(fp, "bytemap", "Byte map", f->seg, f->nseg, f->size, f->diag,
		    f->entry_diags ? 0 : f->ndiag, 0);
	html_fields(fp, f);
}

void
html_fields(FILE *fp, const struct html_file *f)
{
	size_t i;

	if (f->nfield == 0)
		return;
	fputs("<h3>Fields</h3>\n<table class=\"fields\"><tr><th>field</th><th>offset</th><th>size"
	    "</th><th>raw (as stored)</th><th>value</th></tr>\n", fp);
	for (i = 0; i < f->nfield; i++) {
		const struct html_field *fl = &f->field[i];

		fprintf(fp, "<tr><td>%s</td><td class=\"n\">%llu</td><td class=\"n\">%u</td>"
		    "<td class=\"mono\">", fl->name, (unsigned long long)fl->off, fl->len);
		html_esc(fp, fl->raw);
		fputs("</td><td>", fp);
		html_esc(fp, fl->dec);
		fputs("</td></tr>\n", fp);
	}
	fputs("</table>\n", fp);
}

/* The field (index) that covers byte off, or -1. */
static long
field_at(const struct html_file *f, uint64_t off)
{
	size_t i;

	for (i = 0; i < f->nfield; i++)
		if (off >= f->field[i].off && off < f->field[i].off + f->field[i].len)
			return (long)i;
	return -1;
}

static void
hexview(FILE *fp, const struct html_file *f)
{
	size_t i;
	long cur = -1, k;

	fprintf(fp, "<h3>Header bytes</h3>\n<pre class=\"hex\" data-off=\"%llu\" data-len=\"%zu\">",
	    (unsigned long long)f->hex_off, f->hex_len);
	for (i = 0; i < f->hex_len; i++) {
		k = field_at(f, f->hex_off + i);
		if (i % 16 == 0) {
			if (cur >= 0)
				fputs("</span>", fp);
			cur = -1;
			fprintf(fp, "%s%08llx  ", i ? "\n" : "", (unsigned long long)(f->hex_off + i));
		} else if (k != cur || k < 0) {
			if (cur >= 0)
				fputs("</span>", fp);
			fputc(' ', fp);
			cur = -1;
		} else {
			fputc(' ', fp);
		}
		if (k >= 0 && k != cur) {
			fprintf(fp, "<span class=\"f%ld\" title=\"%s\">", k % 6, f->field[k].name);
			cur = k;
		}
		fprintf(fp, "%02x", f->hex[i]);
	}
	if (cur >= 0)
		fputs("</span>", fp);
	fputs("</pre>\n", fp);
}

void
html_section_end(FILE *fp, const struct html_file *f)
{
	size_t i;

	if (f->ndiag > 0) {
		fputs("<h3>Diagnostics</h3>\n<table class=\"diags\"><tr><th>#</th><th>severity</th>"
		    "<th>code</th><th>where</th><th>message</th></tr>\n", fp);
		for (i = 0; i < f->ndiag; i++) {
			const struct html_diag *d = &f->diag[i];

			fprintf(fp, "<tr class=\"diag\" data-code=\"%s\" data-off=\"%llu\"><td class=\"n\">"
			    "%zu</td><td class=\"%s\">%s</td><td><code>%s</code></td><td class=\"n\">"
			    "%s %llu</td><td>", ota_diag_name(d->code), (unsigned long long)d->off, i + 1,
			    sevcls(d->code), sevcls(d->code), ota_diag_name(d->code),
			    f->entry_diags ? "entry" : "offset",
			    (unsigned long long)d->off);
			html_esc(fp, d->msg != NULL ? d->msg : "");
			if (d->count > 1)
				fprintf(fp, " (%llu times)", (unsigned long long)d->count);
			fputs("</td></tr>\n", fp);
		}
		fputs("</table>\n", fp);
		if (f->diag_more > 0)
			fprintf(fp, "<p>%zu more diagnostics not shown.</p>\n", f->diag_more);
	}
	if (f->verified) {
		fprintf(fp, "<p class=\"verify %s\">verify: %s", f->verify_err == OTA_OK ? "ok" : "fail",
		    f->verify_err == OTA_OK ? "OK" : "FAILED: ");
		if (f->verify_err != OTA_OK) {
			fprintf(fp, "%s (%s): ", ota_strerror(f->verify_err), ota_errname(f->verify_err));
			html_esc(fp, f->verify_msg);
		}
		fputs("</p>\n", fp);
	}
	if (f->hex_len > 0)
		hexview(fp, f);
	fputs("</section>\n", fp);
}

/* ---- the page ---- */

struct row {
	const char *format;
	uint64_t size;
	size_t nerr, nwarn, ninfo;
	int verified, verify_err, err;
};

static void
copy_out(FILE *tmp, struct tool_out *t)
{
	char buf[2048];
	size_t n;

	rewind(tmp);
	while ((n = fread(buf, 1, sizeof(buf), tmp)) > 0)
		(void)out_write(t, buf, n);
	if (ferror(tmp) && t->err == 0)
		t->err = EIO;
}

static void
summary(FILE *fp, char **files, const struct row *r, int n, int verify)
{
	int i;

	fputs("<h2>Summary</h2>\n<table class=\"summary\"><tr><th>#</th><th>file</th><th>format</th>"
	    "<th>size</th><th>errors</th><th>warnings</th><th>notes</th>", fp);
	fputs(verify ? "<th>verify</th></tr>\n" : "</tr>\n", fp);
	for (i = 0; i < n; i++) {
		fprintf(fp, "<tr><td class=\"n\">%d</td><td><a href=\"#f%d\">", i + 1, i + 1);
		html_esc(fp, files[i]);
		fprintf(fp, "</a></td><td>%s</td><td class=\"n\">%llu</td><td class=\"n\">%zu</td>"
		    "<td class=\"n\">%zu</td><td class=\"n\">%zu</td>", r[i].format,
		    (unsigned long long)r[i].size, r[i].nerr, r[i].nwarn, r[i].ninfo);
		if (verify)
			fprintf(fp, "<td class=\"%s\">%s</td>", r[i].err != OTA_OK ? "fail" :
			    r[i].verify_err == OTA_OK ? "pass" : "fail", r[i].err != OTA_OK ?
			    "not read" : r[i].verify_err == OTA_OK ? "OK" : ota_errname(r[i].verify_err));
		fputs("</tr>\n", fp);
	}
	fputs("</table>\n", fp);
}

int
html_report(char **files, int nfiles, const struct html_opts *o, const char *outname)
{
	struct tool_out t;
	struct html_file *f;
	struct row *rows;
	FILE *tmp, *head;
	struct stat st;
	int i, status = EXIT_OK;
	size_t k;

	if ((rows = calloc((size_t)nfiles, sizeof(*rows))) == NULL ||
	    (f = malloc(sizeof(*f))) == NULL)
		tool_die(EXIT_USAGE, "out of memory");
	/* the sections go to a temporary file first: the summary precedes them */
	if ((tmp = tmpfile()) == NULL || (head = tmpfile()) == NULL)
		tool_die(EXIT_USAGE, "cannot make a temporary file: %s", strerror(errno));
	for (i = 0; i < nfiles; i++) {
		memset(f, 0, sizeof(*f));
		f->index = i + 1;
		f->file = files[i];
		f->status = EXIT_OK;
		/* a file not read still has its map (one gap); an archive's size */
		if (strcmp(files[i], "-") != 0 && stat(files[i], &st) == 0 && S_ISREG(st.st_mode))
			f->size = (uint64_t)st.st_size;
		switch (in_kind(files[i])) {
		case IN_ARCHIVE:
			html_mesh(tmp, f, o);
			break;
		case IN_MCUBOOT:
			html_mcuboot(tmp, f, o);
			break;
		case IN_MATTER:
			html_matter(tmp, f, o);
			break;
		default:
			html_zigbee(tmp, f, o);
			break;
		}
		/* the page says it too, but a script reading the status needs the
		 * reason where otaimg-inspect's text report puts it */
		if (f->err != OTA_OK)
			tool_warn("%s: offset %llu: %s (%s): %s", shown(files[i]),
			    (unsigned long long)f->erroff, ota_strerror(f->err),
			    ota_errname(f->err), f->errmsg);
		rows[i].format = f->format;
		rows[i].size = f->size;
		rows[i].err = f->err;
		rows[i].verified = f->verified;
		rows[i].verify_err = f->verify_err;
		for (k = 0; k < f->ndiag; k++) {
			enum ota_severity s = ota_diag_severity(f->diag[k].code);

			if (s == OTA_SEV_ERROR)
				rows[i].nerr++;
			else if (s == OTA_SEV_WARNING)
				rows[i].nwarn++;
			else
				rows[i].ninfo++;
		}
		status = f->status > status ? f->status : status;
	}
	fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
	    "<meta name=\"generator\" content=\"otaimg " PACKAGE_VERSION "\">\n<title>", head);
	if (nfiles == 1) {
		fputs("otaimg report: ", head);
		html_esc(head, files[0]);
	} else {
		fprintf(head, "otaimg report: %d files", nfiles);
	}
	fprintf(head, "</title>\n<style>\n%s</style>\n</head>\n<body>\n<h1>", css);
	if (nfiles == 1) {
		fputs("otaimg report: ", head);
		html_esc(head, files[0]);
	} else {
		fprintf(head, "otaimg report: %d files", nfiles);
	}
	fputs("</h1>\n", head);
	if (nfiles > 1)
		summary(head, files, rows, nfiles, o->verify);
	fputs("</body>\n</html>\n", tmp);
	if (fflush(head) != 0 || fflush(tmp) != 0 || ferror(head) || ferror(tmp))
		tool_die(EXIT_USAGE, "cannot write a temporary file: %s", strerror(errno));
	out_open(&t, outname, 0);
	copy_out(head, &t);
	copy_out(tmp, &t);
	(void)fclose(head);
	(void)fclose(tmp);
	free(rows);
	free(f);
	if (t.err != 0) {
		tool_warn("%s: %s", outname, strerror(t.err));
		out_abort(&t);
		return EXIT_USAGE;
	}
	if (out_commit(&t) != EXIT_OK)
		return EXIT_USAGE;
	return status;
}
