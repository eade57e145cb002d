#!/bin/sh
# bench/run.sh - speed and memory, measured against reference commands on
# the same files in the same run.  Run from a built tree: sh bench/run.sh
# Needs /usr/bin/time (Debian package "time").  Uses about 2.5 GiB in $TMPDIR.
set -eu
cd "$(dirname "$0")/.."
OTAIMG=tools/otaimg
T=$(mktemp -d "${TMPDIR:-/tmp}/otaimg-bench.XXXXXX")
trap 'rm -rf "$T"' EXIT
now() { date +%s.%N; }
secs() { a=$(now); "$@" >/dev/null; b=$(now); echo "$a $b" | awk '{printf "%.3f", $2 - $1}'; }
rss() { /usr/bin/time -v "$@" 2>&1 >/dev/null | awk -F': ' '/Maximum resident/ {print $2}'; }
ratio() { echo "$1 $2" | awk '{printf "%.2f", $1 / $2}'; }
# median of three runs, for disk-bound commands whose single runs vary
med3() { a=$(secs "$@"); b=$(secs "$@"); c=$(secs "$@"); printf '%s\n%s\n%s\n' "$a" "$b" "$c" | sort -n | sed -n 2p; }

MIB=${1:-256}
echo "== AES-MMO vs openssl dgst -sha256 on the same ${MIB} MiB file"
head -c "${MIB}M" /dev/urandom >"$T/data"
cat "$T/data" >/dev/null
t_sha=$(secs openssl dgst -sha256 "$T/data")
t_mmo=$(secs bench/mmo_bench "$T/data")
echo "openssl dgst -sha256: ${t_sha} s; AES-MMO (libotaimg): ${t_mmo} s; ratio MMO/SHA-256 = $(ratio "$t_mmo" "$t_sha")"
t_aes=$(secs openssl enc -aes-128-ecb -K 000102030405060708090a0b0c0d0e0f -nopad -in "$T/data" -out /dev/null)
echo "openssl enc -aes-128-ecb (one key, no chaining): ${t_aes} s; ratio MMO/AES-ECB = $(ratio "$t_mmo" "$t_aes")"

echo "== peak RSS, 1 GiB payload, no integrity code"
truncate -s 1G "$T/big.bin"
t_cp=$(med3 dd if="$T/big.bin" of="$T/copy.bin" bs=64k conv=fsync status=none); rm -f "$T/copy.bin"
t_cr=$(med3 $OTAIMG create -m 1 -t 1 -v 1 -o "$T/big.ota" "$T/big.bin")
echo "create: ${t_cr} s (dd bs=64k conv=fsync of the payload: ${t_cp} s, ratio $(ratio "$t_cr" "$t_cp"); medians of 3); peak RSS $(rss $OTAIMG create -m 1 -t 1 -v 1 -o "$T/big.ota" "$T/big.bin") KiB"
echo "verify: peak RSS $(rss $OTAIMG verify "$T/big.ota") KiB"
echo "inspect: peak RSS $(rss $OTAIMG inspect "$T/big.ota") KiB"
rm -f "$T/big.bin" "$T/big.ota"

echo "== integrity code over 500 MiB (the full hash pass)"
truncate -s 500M "$T/p.bin"
echo "create --integrity-code: peak RSS $(rss $OTAIMG create -m 1 -t 1 -v 1 --integrity-code -o "$T/p.ota" "$T/p.bin") KiB"
t_v=$(secs $OTAIMG verify "$T/p.ota")
t_m=$(secs bench/mmo_bench "$T/p.ota")
echo "verify: ${t_v} s; AES-MMO pass alone over the file: ${t_m} s; ratio verify/MMO = $(ratio "$t_v" "$t_m")"
echo "verify: peak RSS $(rss $OTAIMG verify "$T/p.ota") KiB"

echo "== signatures over 1 GiB (past B.6's 2^32 bits: the length field wraps, with a warning)"
truncate -s 1G "$T/g.bin"
$OTAIMG cert ca --suite 1 -o "$T/ca.key" >"$T/ca.pub"
$OTAIMG cert issue --suite 1 --ca "$T/ca.key" --subject 000D6F0000198B36 --issuer BENCHCA1 -o "$T/dev" >/dev/null
$OTAIMG create -m 1 -t 1 -v 1 -o "$T/u.ota" "$T/g.bin"
rm -f "$T/g.bin" "$T/p.bin" "$T/p.ota"
echo "sign: peak RSS $(rss $OTAIMG sign --key "$T/dev.key" --cert "$T/dev.cert" --ca "$T/ca.key" -o "$T/s.ota" "$T/u.ota") KiB"
rm -f "$T/u.ota"
t_v=$(secs $OTAIMG verify --ca "$(cat "$T/ca.pub")" --require-signature "$T/s.ota")
t_m=$(secs bench/mmo_bench "$T/s.ota")
echo "verify --ca: ${t_v} s; AES-MMO pass alone over the file: ${t_m} s; ratio verify/MMO = $(ratio "$t_v" "$t_m")"
echo "verify --ca: peak RSS $(rss $OTAIMG verify --ca "$(cat "$T/ca.pub")" "$T/s.ota") KiB"
