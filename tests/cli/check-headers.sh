#!/bin/sh
# The public header compiles alone, as C11 and as C++, with no warnings.
set -u
src=${top_srcdir:-.}
cc=${CC:-cc}
st=0
printf '#include <otaimg.h>\nint main(void) { return ota_strerror(OTA_OK) == 0; }\n' >hdr.$$.c
$cc -std=c11 -pedantic -Wall -Wextra -Werror -I"$src/include" -c hdr.$$.c -o hdr.$$.o || st=1
if command -v c++ >/dev/null 2>&1; then
	cp hdr.$$.c hdr.$$.cc
	c++ -std=c++11 -pedantic -Wall -Wextra -Werror -I"$src/include" -c hdr.$$.cc -o hdr.$$.o || st=1
fi
rm -f hdr.$$.c hdr.$$.cc hdr.$$.o
[ $st -eq 0 ] && echo "1 passed, 0 failed" || echo "0 passed, 1 failed"
exit $st
