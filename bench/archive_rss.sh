#!/bin/sh
# bench/archive_rss.sh - peak RSS of Mesh DFU archive create and inspect
# for a large image (issue 10 acceptance: 64 MiB below 16 MiB peak RSS).
# The image is streamed into and out of libarchive in fixed 64 KiB chunks,
# so the peak must not grow with the image.  Zephyr metadata cannot
# describe an image of 16 MiB or more (fw_size is 24 bits), so the archive
# is the tar dialect without a metadata file; a second row adds ready
# metadata (--metadata, any bytes) and a third the ZIP dialect with it.
# Run from a built tree:  sh bench/archive_rss.sh [MIB]   (default 64)
# Needs /usr/bin/time (Debian package "time"); about 3 * MIB MiB in $TMPDIR.
# Prints medians of 3 runs.
set -eu
cd "$(dirname "$0")/.."
OTAIMG=tools/otaimg
if [ -x tools/.libs/otaimg ]; then  # the program, not libtool's wrapper script
	LD_LIBRARY_PATH="$(pwd)/lib/.libs${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
	export LD_LIBRARY_PATH
	OTAIMG=tools/.libs/otaimg
fi
MIB=${1:-64}
T=$(mktemp -d "${TMPDIR:-/tmp}/otaimg-archrss.XXXXXX")
trap 'rm -rf "$T"' EXIT
rss() { /usr/bin/time -v "$@" 2>&1 >/dev/null | awk -F': ' '/Maximum resident/ {print $2}'; }
med3() { a=$(rss "$@"); b=$(rss "$@"); c=$(rss "$@"); printf '%s\n%s\n%s\n' "$a" "$b" "$c" | sort -n | sed -n 2p; }
head -c $((MIB * 1048576)) /dev/urandom >"$T/raw.bin"
$OTAIMG keygen --type p256 -o "$T/k.pem" >/dev/null
$OTAIMG create --format mcuboot -k "$T/k.pem" --version 1.0.0+1 --pad-header -o "$T/img.bin" "$T/raw.bin"
MD=0100000000000000ffffff00
printf '%-58s %s\n' "job ($MIB MiB image)" "peak RSS KiB (median of 3)"
printf '%-58s %s\n' "create --format mesh-tar (no metadata)" \
	"$(med3 $OTAIMG create --format mesh-tar --company 0x59 -o "$T/a.tar.gz" "$T/img.bin")"
printf '%-58s %s\n' "inspect (tar, no metadata)" "$(med3 $OTAIMG inspect "$T/a.tar.gz")"
printf '%-58s %s\n' "verify (tar, no metadata)" "$(med3 $OTAIMG verify "$T/a.tar.gz")"
printf '%-58s %s\n' "create --format mesh-tar --metadata (ready bytes)" \
	"$(med3 $OTAIMG create --format mesh-tar --company 0x59 --metadata $MD -o "$T/b.tar.gz" "$T/img.bin")"
printf '%-58s %s\n' "inspect (tar, ready metadata)" "$(med3 $OTAIMG inspect "$T/b.tar.gz")"
printf '%-58s %s\n' "create --format mesh-zip --metadata (ready bytes)" \
	"$(med3 $OTAIMG create --format mesh-zip --company 0x59 --metadata $MD -o "$T/c.zip" "$T/img.bin")"
printf '%-58s %s\n' "inspect (zip, ready metadata)" "$(med3 $OTAIMG inspect "$T/c.zip")"
printf '%-58s %s\n' "reference: inspect of the NCS target vector (341 KB)" \
	"$(med3 $OTAIMG inspect tests/vectors/mesh/ncs-dfu_target_nrf52840_2.0.zip)"
