#!/bin/sh
# ABI check: the exported symbols and the libtool version against the
# record in doc/abi-symbols.txt.  Lists the interface, its symbols and what
# the current interface added; fails when a symbol is exported that the
# record lacks (or the other way round), when -version-info in configure.ac
# differs from the record, or when the shared library's name does not follow
# from it.  Also checks that a caller of the first interface (struct ota_io,
# ota_image_open_io) still compiles against the header.
set -u
LC_ALL=C; export LC_ALL
src=${top_srcdir:-.}
so=$(ls "${top_builddir:-.}"/lib/.libs/libotaimg.so.*.*.* 2>/dev/null | head -1)
[ -n "$so" ] || { echo "no shared library built"; exit 77; }
rec="$src/doc/abi-symbols.txt"
st=0
fail() { echo "FAIL: $*"; st=1; }

want_vi=$(sed -n 's/^version-info //p' "$rec")
have_vi=$(sed -n 's/^AC_SUBST(\[OTA_LT_VERSION\], \[\([0-9:]*\)\])$/\1/p' "$src/configure.ac")
[ -n "$have_vi" ] || fail "no OTA_LT_VERSION in configure.ac"
[ "$want_vi" = "$have_vi" ] ||
	fail "configure.ac has -version-info $have_vi, doc/abi-symbols.txt records $want_vi"
cur=${have_vi%%:*}; rest=${have_vi#*:}; rev=${rest%%:*}; age=${rest#*:}
[ "$age" -le "$cur" ] || fail "age $age above current $cur"
major=$((cur - age))
case "$so" in
*/libotaimg.so.$major.$age.$rev) ;;
*) fail "$so is not libotaimg.so.$major.$age.$rev (from $have_vi)" ;;
esac

grep -E '^ota_[A-Za-z0-9_]+ [0-9]+$' "$rec" | sort >rec.$$
cut -d' ' -f1 rec.$$ >recn.$$
nm -D --defined-only "$so" | awk '$2 ~ /^[TDBR]$/ {print $3}' | sed 's/@.*//' | sort >exp.$$
if ! cmp -s recn.$$ exp.$$; then
	echo "exported symbols differ from doc/abi-symbols.txt (< recorded, > exported):"
	diff recn.$$ exp.$$
	fail "update doc/abi-symbols.txt, configure.ac's -version-info and doc/ABI.md"
fi
# every symbol carries the version node of the interface that added it
nm -D --defined-only "$so" | awk '$2 ~ /^[TDBR]$/ {print $3}' | grep '@@' |
	sed 's/@@LIBOTAIMG_/ /' | sort >ver.$$
if ! cmp -s rec.$$ ver.$$; then
	echo "symbol version nodes differ from the interfaces recorded (< recorded, > exported):"
	diff rec.$$ ver.$$
	fail "lib/libotaimg.sym: one node LIBOTAIMG_<interface> per interface"
fi
rm -f ver.$$
bad=$(awk -v c="$cur" '$2 > c' rec.$$)
[ -z "$bad" ] || fail "symbols recorded for an interface above $cur: $bad"
added=$(awk -v c="$cur" '$2 == c {print $1}' rec.$$)
if [ -n "$added" ] && [ "$cur" -gt 0 ] && [ "$rev" -ne 0 ]; then
	fail "interface $cur adds symbols: its revision must restart at 0"
fi
echo "libotaimg interface $have_vi (current:revision:age), $(basename "$so"), $(wc -l <exp.$$) symbols"
echo "added in interface $cur:"
for s in $added; do echo "  $s"; done
rm -f rec.$$ recn.$$ exp.$$

# a caller of interface 0 compiles as before
cat >old.$$.c <<'EOC'
#include <otaimg.h>
static int rd(void *c, void *b, size_t l, size_t *g) { (void)c; (void)b; (void)l; *g = 0; return 0; }
int main(void)
{
	static const struct ota_io io = { rd, NULL, NULL, NULL };
	struct ota_image *img = ota_image_new();
	int r = ota_image_open_io(img, &io, NULL);

	(void)ota_image_element_tag(img, 0);
	ota_image_free(&img);
	return r == OTA_OK;
}
EOC
${CC:-cc} -std=c11 -pedantic -Wall -Wextra -Werror -I"$src/include" -c old.$$.c -o old.$$.o ||
	fail "an interface-0 caller no longer compiles"
rm -f old.$$.c old.$$.o
[ $st -eq 0 ] && echo "1 passed, 0 failed" || echo "0 passed, 1 failed"
exit $st
