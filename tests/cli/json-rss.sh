#!/bin/sh
# json-rss.sh - inspect --json writes one file's object at a time: its peak
# RSS over 3,000 files stays within 1 MiB of that over 300 (issue 9 item 3;
# bench/json_rss.sh measures 5,000).
. "$(dirname "$0")/lib.sh"
[ -x /usr/bin/time ] || { echo "# no /usr/bin/time"; exit 77; }
prog=$OTAIMG
# the program, not libtool's wrapper script around it
if [ -x "$(dirname "$OTAIMG")/.libs/otaimg" ]; then
	prog="$(dirname "$OTAIMG")/.libs/otaimg"
	LD_LIBRARY_PATH="$(dirname "$OTAIMG")/../lib/.libs${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
	export LD_LIBRARY_PATH
fi
# under AddressSanitizer, freed memory waits in a quarantine (up to 256 MiB)
# before reuse: without it the peak is the program's own
ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}quarantine_size_mb=0:thread_local_quarantine_size_kb=0"
export ASAN_OPTIONS
src="$REAL/Sonoff__SN-TLSR8656-09P-01-v1.1.2.ota"
peak() {
	set --
	i=0
	while [ $i -lt "$n" ]; do set -- "$@" "$src"; i=$((i + 1)); done
	/usr/bin/time -v "$prog" inspect --json "$@" 2>&1 >"$T/json" |
	    awk -F': ' '/Maximum resident/ {print $2}'
}
n=300; small=$(peak)
n=3000; large=$(peak)
echo "# peak RSS: 300 files ${small} KiB, 3000 files ${large} KiB"
if [ $((large - small)) -lt 1024 ]; then ok "inspect --json peak RSS flat over the file count"; else
	bad "inspect --json peak RSS grows: ${small} KiB for 300 files, ${large} KiB for 3000"; fi
if python3 -m json.tool "$T/json" >/dev/null 2>&1; then ok "3000-file output is one JSON array"; else
	bad "3000-file output is not JSON"; fi
[ "$(grep -c '^  {$' "$T/json")" -eq 3000 ] && ok "3000 objects" || bad "not 3000 objects"
finish
