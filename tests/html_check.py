#!/usr/bin/env python3
"""html_check.py PAGE JSON [TITLE]: check an `otaimg inspect --html` page
against the `otaimg inspect --json` output of the same files
(tests/cli/html.sh).

- well-formed: every element closed, in the right order (void elements
  excepted), nothing left open at the end;
- self-contained: no script, no src/href/action/... other than #fragment
  or data:, no url() or @import in CSS, no link/img/iframe/object/embed;
- one section per file, in order, whose data-size is the file's size;
- every map (svg.bytemap, .entrymap, .imagemap): segments that start at 0,
  follow each other without a hole and sum to its data-total; the byte map's
  total is the file's size;
- every diagnostic of the JSON (code, and offset or entry) is in the file's
  section as a tr.diag with data-code and data-off;
- TITLE given: the page's <title> is exactly TITLE.
Prints one line per failure; exit 0 when all hold, 1 otherwise.
"""
import json
import os
import re
import sys
from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
        "source", "track", "wbr"}
URL_ATTRS = {"src", "href", "xlink:href", "action", "formaction", "poster", "srcset",
             "data", "background", "cite", "longdesc", "manifest", "ping"}
FORBIDDEN = {"script", "link", "img", "iframe", "object", "embed", "frame", "base",
             "audio", "video", "source", "form"}


class Page(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack = []
        self.errors = []
        self.sections = []      # [{size, maps: [[total, [(off, len)]]], diags: set()}]
        self.cur_map = None
        self.title = None
        self.in_title = False
        self.in_style = False

    def err(self, msg):
        line, col = self.getpos()
        self.errors.append("line %d col %d: %s" % (line, col, msg))

    def check_attrs(self, tag, attrs):
        if tag in FORBIDDEN:
            self.err("forbidden element <%s>" % tag)
        for k, v in attrs:
            v = v or ""
            if k in URL_ATTRS and not (v.startswith("#") or v.startswith("data:")):
                self.err("external reference %s=%r" % (k, v))
            if k.startswith("on"):
                self.err("event handler attribute %s" % k)
            if k == "style" and re.search(r"url\(|@import|expression\(", v, re.I):
                self.err("url() in a style attribute")

    def handle_starttag(self, tag, attrs):
        self.check_attrs(tag, attrs)
        a = dict(attrs)
        cls = (a.get("class") or "").split()
        if tag == "section" and "file" in cls:
            self.sections.append({"size": int(a.get("data-size", "-1")), "maps": [],
                                  "diags": set(), "format": a.get("data-format")})
        if tag == "svg" and set(cls) & {"bytemap", "entrymap", "imagemap"}:
            self.cur_map = [int(a["data-total"]), [], cls[0]]
            if self.sections:
                self.sections[-1]["maps"].append(self.cur_map)
        if tag == "rect" and "seg" in cls and self.cur_map is not None:
            self.cur_map[1].append((int(a["data-off"]), int(a["data-len"])))
        if tag == "tr" and "diag" in cls and self.sections:
            self.sections[-1]["diags"].add((a.get("data-code"), int(a.get("data-off"))))
        if tag == "title" and not self.stack[-1:] == ["svg"] and "svg" not in self.stack \
                and self.title is None:
            self.in_title = True
            self.title = ""
        if tag == "style":
            self.in_style = True
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        # <rect .../> and the like: opened and closed at once
        self.check_attrs(tag, attrs)
        a = dict(attrs)
        cls = (a.get("class") or "").split()
        if tag == "rect" and "seg" in cls and self.cur_map is not None:
            self.cur_map[1].append((int(a["data-off"]), int(a["data-len"])))

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if not self.stack:
            self.err("</%s> with nothing open" % tag)
            return
        if self.stack[-1] != tag:
            self.err("</%s> closes <%s>" % (tag, self.stack[-1]))
            # recover: pop to the matching tag if there is one
            if tag in self.stack:
                while self.stack and self.stack.pop() != tag:
                    pass
            return
        self.stack.pop()
        if tag == "svg":
            self.cur_map = None
        if tag == "title":
            self.in_title = False
        if tag == "style":
            self.in_style = False

    def handle_data(self, data):
        if self.in_title:
            self.title += data
        if self.in_style and re.search(r"url\(|@import|expression\(", data, re.I):
            self.err("url() or @import in the style sheet")


def main():
    if len(sys.argv) < 3:
        print("usage: html_check.py PAGE JSON [TITLE]")
        return 2
    with open(sys.argv[1], "rb") as fp:
        raw = fp.read()
    fails = []
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        fails.append("the page is not UTF-8: %s" % e)
        text = raw.decode("utf-8", "replace")
    p = Page()
    p.feed(text)
    p.close()
    fails += p.errors
    if p.stack:
        fails.append("left open at the end: %s" % " ".join(p.stack))
    with open(sys.argv[2], encoding="utf-8") as fp:
        objs = json.load(fp)
    if len(sys.argv) > 3 and p.title != sys.argv[3]:
        fails.append("title %r, want %r" % (p.title, sys.argv[3]))
    if len(p.sections) != len(objs):
        fails.append("%d sections for %d files" % (len(p.sections), len(objs)))
    for i, (o, s) in enumerate(zip(objs, p.sections)):
        name = o.get("file", "?")
        path = bytes.fromhex(o["file_hex"]) if "file_hex" in o else name.encode()
        size = os.path.getsize(path) if name != "-" else s["size"]
        where = "file %d (%s)" % (i + 1, name)
        if s["size"] != size:
            fails.append("%s: data-size %d, the file has %d bytes" % (where, s["size"], size))
        if size > 0 and not any(m[2] == "bytemap" for m in s["maps"]):
            fails.append("%s: no byte map" % where)
        for total, segs, cls in s["maps"]:
            at = 0
            for off, ln in segs:
                if off != at:
                    fails.append("%s: %s segment at %d, want %d" % (where, cls, off, at))
                at = off + ln
            if at != total:
                fails.append("%s: %s segments sum to %d, total %d" % (where, cls, at, total))
            if cls == "bytemap" and total != size:
                fails.append("%s: byte map total %d, file size %d" % (where, total, size))
        for d in o.get("diagnostics") or []:
            off = d["offset"] if "offset" in d else d.get("entry")
            if (d["code"], off) not in s["diags"]:
                fails.append("%s: diagnostic %s at %s missing" % (where, d["code"], off))
    for f in fails:
        print("html_check: " + f)
    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main())
