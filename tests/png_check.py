#!/usr/bin/env python3
"""png_check.py PNG [MIN_COLOURS]: a screenshot that shows something.

Decodes the PNG with zlib and struct only (8-bit RGB or RGBA, not
interlaced, as Chromium writes them), and counts the distinct pixel values:
a blank page is one colour.  Prints the size and the count; exit 0 when
there are at least MIN_COLOURS (default 8), 1 otherwise or when the file is
not such a PNG.
"""
import struct
import sys
import zlib


def pixels(path):
    with open(path, "rb") as fp:
        data = fp.read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG")
    pos, idat, hdr = 8, [], None
    while pos + 8 <= len(data):
        ln, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + ln]
        if kind == b"IHDR":
            hdr = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat.append(body)
        elif kind == b"IEND":
            break
        pos += 12 + ln
    w, h, depth, ctype, _, _, interlace = hdr
    if depth != 8 or ctype not in (2, 6) or interlace:
        raise ValueError("PNG kind %d/%d/%d not decoded here" % (depth, ctype, interlace))
    bpp = 3 if ctype == 2 else 4
    raw = zlib.decompress(b"".join(idat))
    stride = w * bpp
    prev = bytearray(stride)
    seen = set()
    for y in range(h):
        f = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            if f == 1:
                line[i] = (line[i] + a) & 255
            elif f == 2:
                line[i] = (line[i] + b) & 255
            elif f == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        if y % 2 == 0:   # every other line is plenty to tell a blank page
            for x in range(0, stride, bpp):
                seen.add(bytes(line[x:x + bpp]))
        prev = line
    return w, h, len(seen)


def main():
    want = int(sys.argv[2]) if len(sys.argv) > 2 else 8
    try:
        w, h, n = pixels(sys.argv[1])
    except (OSError, ValueError, zlib.error, struct.error, TypeError) as e:
        print("png_check: %s: %s" % (sys.argv[1], e))
        return 1
    print("png_check: %dx%d, %d distinct pixel values" % (w, h, n))
    return 0 if n >= want else 1


if __name__ == "__main__":
    sys.exit(main())
