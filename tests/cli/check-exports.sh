#!/bin/sh
# The shared library exports exactly the public API: the names in
# lib/libotaimg.sym, which are exactly the OTA_API declarations of the header.
set -u
src=${top_srcdir:-.}
so=$(ls "${top_builddir:-.}"/lib/.libs/libotaimg.so.* 2>/dev/null | head -1)
[ -n "$so" ] || { echo "no shared library built"; exit 77; }
grep -E '^[[:space:]]+ota_[A-Za-z0-9_]+;' "$src/lib/libotaimg.sym" | tr -d ' \t;' | sort >sym.$$
cat "$src/include/otaimg.h" "$src"/include/otaimg/*.h | grep -oE '^OTA_API [^(]*\(' | sed -E 's/.*[ *]([a-zA-Z_0-9]+)\($/\1/' | sort >hdr.$$
nm -D --defined-only "$so" | awk '$2 ~ /^[TDBR]$/ {print $3}' | sed 's/@.*//' | sort >exp.$$
st=0
if ! cmp -s sym.$$ hdr.$$; then echo "header and version script differ:"; diff sym.$$ hdr.$$; st=1; fi
if ! cmp -s sym.$$ exp.$$; then echo "exported symbols differ from the version script:"; diff sym.$$ exp.$$; st=1; fi
echo "$(wc -l <exp.$$) exported symbols checked"
rm -f sym.$$ hdr.$$ exp.$$
[ $st -eq 0 ] && echo "1 passed, 0 failed" || echo "0 passed, 1 failed"
exit $st
