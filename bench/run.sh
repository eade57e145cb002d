#!/bin/sh
# bench/run.sh - speed and memory of libotaimg, measured against reference
# commands on the same files in the same run, printed as one table of
# ratios.  Run from a built tree (make, not make check):  sh bench/run.sh [MIB]
# MIB (default 512) sizes the payload.  Needs /usr/bin/time (Debian package
# "time") for peak RSS, openssl, cp and sync; about 4 * MIB MiB plus 1 GiB
# in $TMPDIR.  Times are medians of 3 runs; the machine should be idle.
set -eu
cd "$(dirname "$0")/.."
OTAIMG=tools/otaimg
MIB=${1:-512}
T=$(mktemp -d "${TMPDIR:-/tmp}/otaimg-bench.XXXXXX")
trap 'rm -rf "$T"' EXIT
now() { date +%s.%N; }
# Before each timed run, outputs of earlier runs are removed and the disk
# is flushed (not timed), so no run pays for another's writes.
prep() { rm -f "$T/c.ota" "$T/ic.ota" "$T/copy"; sync; }
secs() { prep; a=$(now); "$@" >/dev/null; b=$(now); echo "$a $b" | awk '{printf "%.3f", $2 - $1}'; }
med3() { a=$(secs "$@"); b=$(secs "$@"); c=$(secs "$@"); printf '%s\n%s\n%s\n' "$a" "$b" "$c" | sort -n | sed -n 2p; }
rss() { /usr/bin/time -v "$@" 2>&1 >/dev/null | awk -F': ' '/Maximum resident/ {print $2}'; }
ratio() { echo "$1 $2" | awk '{printf "%.2f", $1 / $2}'; }
ROWS=$T/rows
row() { printf '%-44s %8s  %-34s %8s %7s  %s\n' "$1" "$2" "$3" "$4" "$(ratio "$2" "$4")" "$5" >>"$ROWS"; }

# the commands timed (functions, so each run starts from the same state)
sha() { openssl dgst -sha256 "$1"; }
ecb() { openssl enc -aes-128-ecb -K 000102030405060708090a0b0c0d0e0f -nopad -in "$1" -out /dev/null; }
mmo() { bench/mmo_bench "$1"; }
mmo_evp() { bench/mmo_bench --evp "$1"; }
create_plain() { $OTAIMG create -m 1 -t 1 -v 1 -o "$T/c.ota" "$T/data"; }
create_iic() { $OTAIMG create -m 1 -t 1 -v 1 --integrity-code -o "$T/ic.ota" "$T/data" 2>/dev/null; }
cp_sync() { cp "$T/data" "$T/copy" && sync "$T/copy"; }
dd_sync() { dd if="$T/data" of="$T/copy" bs=64k conv=fsync status=none; }
verify() { $OTAIMG verify "$@" 2>/dev/null; }

echo "payload: ${MIB} MiB of random bytes in $T; $(nproc) CPUs; load: $(cut -d' ' -f1-3 /proc/loadavg)"
head -c "${MIB}M" /dev/urandom >"$T/data"
cat "$T/data" >/dev/null

t_sha=$(med3 sha "$T/data")
t_mmo=$(med3 mmo "$T/data")
t_ecb=$(med3 ecb "$T/data")
t_evp=$(secs mmo_evp "$T/data")
row "AES-MMO pass (bench/mmo_bench)" "$t_mmo" "openssl dgst -sha256" "$t_sha" ""
row "AES-MMO pass (bench/mmo_bench)" "$t_mmo" "openssl enc -aes-128-ecb (1 key)" "$t_ecb" ""
row "AES-MMO pass (bench/mmo_bench)" "$t_mmo" "the same through EVP (1 run)" "$t_evp" ""

t_cp=$(med3 cp_sync)
t_dd=$(med3 dd_sync)
t_cr=$(med3 create_plain)
row "create (no integrity code)" "$t_cr" "cp + sync of the copy" "$t_cp" "target <= 1.3"
row "create (no integrity code)" "$t_cr" "dd bs=64k conv=fsync" "$t_dd" ""
t_ci=$(med3 create_iic)
row "create --integrity-code" "$t_ci" "cp + sync of the copy" "$t_cp" ""
mv "$T/ic.ota" "$T/i.ota"
cat "$T/i.ota" >/dev/null
t_shai=$(med3 sha "$T/i.ota")
t_vi=$(med3 verify "$T/i.ota")
t_mi=$(med3 mmo "$T/i.ota")
row "verify (integrity code)" "$t_vi" "openssl dgst -sha256 (same file)" "$t_shai" "target <= 3"
row "verify (integrity code)" "$t_vi" "AES-MMO pass alone (same file)" "$t_mi" ""

# MCUboot: verify of a P-256-signed image (one read, one SHA-256 pass);
# bench/mcuboot.sh measures it alone, with peak RSS and a pipe.
$OTAIMG keygen -q -t p256 -o "$T/mk.pem"
openssl pkey -in "$T/mk.pem" -pubout -out "$T/mpub.pem" 2>/dev/null
$OTAIMG create --format mcuboot -k "$T/mk.pem" --version 1.2.3+4 --pad-header -o "$T/m.bin" "$T/data"
cat "$T/m.bin" >/dev/null
t_shm=$(med3 sha "$T/m.bin")
t_vm=$(med3 verify --key "$T/mpub.pem" "$T/m.bin")
row "verify --key (MCUboot, P-256)" "$t_vm" "openssl dgst -sha256 (same file)" "$t_shm" "target <= 1.15"
rm -f "$T/m.bin"

# Peak memory: bounded, whatever the size of the image.
r_cr=$(rss $OTAIMG create -m 1 -t 1 -v 1 --integrity-code -o "$T/i2.ota" "$T/data")
r_vi=$(rss $OTAIMG verify "$T/i.ota")
r_in=$(rss $OTAIMG inspect "$T/i.ota")
rm -f "$T/i.ota" "$T/i2.ota" "$T/data"

# Signatures over 1 GiB (past B.6's 2^32 bits: the length field wraps,
# with a warning).  A sparse payload: the hash reads zeros at full speed.
truncate -s 1G "$T/g.bin"
$OTAIMG cert ca --suite 1 -o "$T/ca.key" >"$T/ca.pub"
$OTAIMG cert issue --suite 1 --ca "$T/ca.key" --subject 000D6F0000198B36 --issuer BENCHCA1 -o "$T/dev" >/dev/null
$OTAIMG create -m 1 -t 1 -v 1 -o "$T/u.ota" "$T/g.bin"
rm -f "$T/g.bin"
r_sg=$(rss $OTAIMG sign --key "$T/dev.key" --cert "$T/dev.cert" --ca "$T/ca.key" -o "$T/s.ota" "$T/u.ota")
rm -f "$T/u.ota"
t_vs=$(med3 verify --ca "$(cat "$T/ca.pub")" --require-signature "$T/s.ota")
t_ms=$(med3 mmo "$T/s.ota")
row "verify --ca (signed, 1 GiB)" "$t_vs" "AES-MMO pass alone (same file)" "$t_ms" ""
r_vs=$(rss $OTAIMG verify --ca "$(cat "$T/ca.pub")" "$T/s.ota")

printf '\n%-44s %8s  %-34s %8s %7s\n' "libotaimg" "s" "reference" "s" "ratio"
cat "$ROWS"
printf '\npeak RSS (KiB): create --integrity-code %s, verify %s, inspect %s (%s MiB image); sign %s, verify --ca %s (1 GiB image)\n' \
    "$r_cr" "$r_vi" "$r_in" "$MIB" "$r_sg" "$r_vs"
echo "load at the end: $(cut -d" " -f1-3 /proc/loadavg)"
