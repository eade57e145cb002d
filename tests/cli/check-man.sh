#!/bin/sh
# Man pages: mandoc -Tlint and groff -ww are clean, and every public function is documented
# in libotaimg(3) or a family page beside it (libotaimg-mesh(3), ...).
set -u
src=${top_srcdir:-.}
command -v mandoc >/dev/null 2>&1 || { echo "mandoc not installed"; exit 77; }
st=0
for m in "$src"/man/*.[135]; do
	out=$(mandoc -Tlint -Wwarning "$m" 2>&1)
	if [ -n "$out" ]; then echo "$out"; st=1; fi
done
# groff (what man(1) formats with) reports no warning either: line widths,
# tables, characters, quoting (issue 9 item 7)
if command -v groff >/dev/null 2>&1; then
	for m in "$src"/man/*.[135]; do
		out=$( { groff -t -man -ww -z "$m"; groff -t -mandoc -ww -z -Tutf8 "$m"; } 2>&1)
		if [ -n "$out" ]; then echo "$m: $out"; st=1; fi
	done
fi
for f in $(grep -E '^[[:space:]]+ota_[A-Za-z0-9_]+;' "$src/lib/libotaimg.sym" | tr -d ' \t;'); do
	if ! cat "$src"/man/libotaimg*.3 | grep -qE "^\.(Fn|Fo|Nm) $f( |\$)"; then
		echo "no libotaimg*.3 page documents $f"; st=1
	fi
done
[ $st -eq 0 ] && echo "1 passed, 0 failed" || echo "0 passed, 1 failed"
exit $st
