#!/bin/sh
# bench/json_rss.sh - peak RSS of "otaimg inspect --json" over many files
# (issue 9 item 3): the output is written one file's object at a time, so
# the peak must not grow with the number of files.  Run from a built tree:
#   sh bench/json_rss.sh [OTAIMG] [FILE]
# Needs /usr/bin/time (Debian package "time").  Not part of make check
# (tests/cli/json-rss.sh is the quick version).
set -eu
cd "$(dirname "$0")/.."
OTAIMG=${1:-tools/otaimg}
# measure the program, not libtool's wrapper script around it
if [ -x "$(dirname "$OTAIMG")/.libs/$(basename "$OTAIMG")" ]; then
	LD_LIBRARY_PATH="$(cd "$(dirname "$OTAIMG")/../lib/.libs" && pwd)${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
	export LD_LIBRARY_PATH
	OTAIMG="$(dirname "$OTAIMG")/.libs/$(basename "$OTAIMG")"
fi
SRC=${2:-tests/vectors/zigbee/real/Sonoff__SN-TLSR8656-09P-01-v1.1.2.ota}
T=$(mktemp -d "${TMPDIR:-/tmp}/otaimg-jsonrss.XXXXXX")
trap 'rm -rf "$T"' EXIT
i=0
while [ $i -lt 5000 ]; do
	ln -s "$(pwd)/$SRC" "$T/f$i.ota"
	i=$((i + 1))
done
rss() { /usr/bin/time -v "$@" 2>&1 >/dev/null | awk -F': ' '/Maximum resident/ {print $2}'; }
echo "files  peak RSS (KiB)"
for n in 1 500 1000 2000 5000; do
	set --
	i=0
	while [ $i -lt $n ]; do set -- "$@" "$T/f$i.ota"; i=$((i + 1)); done
	echo "$n $(rss "$OTAIMG" inspect --json "$@")" | awk '{printf "%5d  %s\n", $1, $2}'
done
