#!/bin/sh
# bench/mcuboot.sh - MCUboot verify of a signed image against openssl dgst
# -sha256 on the same file (target <= 1.15), and the peak RSS of create,
# inspect and verify.  Run from a built tree:  sh bench/mcuboot.sh [MIB]
# MIB (default 256) sizes the body; about 2 * MIB MiB in $TMPDIR.  Times
# are medians of 3 runs, file in the page cache; the machine should be idle.
set -eu
cd "$(dirname "$0")/.."
OTAIMG=tools/otaimg
MIB=${1:-256}
T=$(mktemp -d "${TMPDIR:-/tmp}/otaimg-mcuboot-bench.XXXXXX")
trap 'rm -rf "$T"' EXIT
now() { date +%s.%N; }
secs() { a=$(now); "$@" >/dev/null 2>&1; b=$(now); echo "$a $b" | awk '{printf "%.3f", $2 - $1}'; }
med3() { a=$(secs "$@"); b=$(secs "$@"); c=$(secs "$@"); printf '%s\n%s\n%s\n' "$a" "$b" "$c" | sort -n | sed -n 2p; }
rss() { /usr/bin/time -v "$@" 2>&1 >/dev/null | awk -F': ' '/Maximum resident/ {print $2}'; }

echo "body: ${MIB} MiB of random bytes; $(nproc) CPUs; load: $(cut -d' ' -f1-3 /proc/loadavg)"
head -c "${MIB}M" /dev/urandom >"$T/raw"
$OTAIMG keygen -q -t p256 -o "$T/k.pem"
openssl pkey -in "$T/k.pem" -pubout -out "$T/pub.pem" 2>/dev/null
t_cr=$(secs $OTAIMG create --format mcuboot -k "$T/k.pem" --version 1.2.3+4 --pad-header \
    -o "$T/img" "$T/raw")
r_cr=$(rss $OTAIMG create --format mcuboot -k "$T/k.pem" --version 1.2.3+4 --pad-header \
    -o "$T/img2" "$T/raw")
rm -f "$T/raw" "$T/img2"
cat "$T/img" >/dev/null
t_sha=$(med3 openssl dgst -sha256 "$T/img")
t_v=$(med3 $OTAIMG verify --key "$T/pub.pem" "$T/img")
$OTAIMG verify --key "$T/pub.pem" "$T/img"
t_vp=$(med3 sh -c "cat '$T/img' | $OTAIMG verify --key '$T/pub.pem' -")
r_v=$(rss $OTAIMG verify --key "$T/pub.pem" "$T/img")
r_in=$(rss $OTAIMG inspect "$T/img")
printf '%-40s %8s s\n' "openssl dgst -sha256" "$t_sha" "otaimg verify --key (P-256)" "$t_v" \
    "cat | otaimg verify --key - (3 hashes)" "$t_vp" "otaimg create --format mcuboot (1 run)" "$t_cr"
echo "verify / openssl dgst -sha256: $(echo "$t_v $t_sha" | awk '{printf "%.2f", $1 / $2}') (target <= 1.15)"
echo "peak RSS (KiB): create $r_cr, verify $r_v, inspect $r_in"
echo "load at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
