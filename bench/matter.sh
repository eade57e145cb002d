#!/bin/sh
# bench/matter.sh - Matter OTA images: verify of a MIB-MiB image against
# openssl dgst of the same digest on the same file (target <= 1.15), create
# against cp of the payload (target <= 1.3; create reads the payload once,
# hashing it as it writes it, and syncs its output, which cp does not: its
# floor is the hash plus the copy, shown as create / (dgst + cp) in CPU
# seconds), and the peak RSS of create,
# verify, inspect and extract at MIB and at MIB/16 (target: independent of
# the size).  Not run by make check.  Run from a built tree:
#   sh bench/matter.sh [MIB] [DIGEST]
# MIB (default 512), DIGEST (default sha256; sha384, sha512, sha3-256 ...);
# about 4 * MIB MiB in $TMPDIR.  Times are medians of 3 runs, files in the
# page cache, each run after a sync; say what else the machine was doing.
set -eu
cd "$(dirname "$0")/.."
# OTAIMG=path (with LD_LIBRARY_PATH as it needs): another build, to compare
if [ -n "${OTAIMG:-}" ]; then
	:
elif [ -x tools/.libs/otaimg ]; then # the program itself, not libtool's wrapper script
	LD_LIBRARY_PATH=$PWD/lib/.libs
	export LD_LIBRARY_PATH
	OTAIMG=tools/.libs/otaimg
else
	OTAIMG=tools/otaimg
fi
MIB=${1:-512}
ALG=${2:-sha256}
SMALL=$((MIB / 16))
T=$(mktemp -d "${TMPDIR:-/tmp}/otaimg-matter-bench.XXXXXX")
trap 'rm -rf "$T"' EXIT
now() { date +%s.%N; }
# each run starts after a sync: none waits for the one before's writeback
# (create's fsync would otherwise also pay for cp's unsynced copies)
secs() { sync; a=$(now); "$@" >"$T/out" 2>&1; b=$(now); echo "$a $b" | awk '{printf "%.3f", $2 - $1}'; }
med3() { a=$(secs "$@"); b=$(secs "$@"); c=$(secs "$@"); printf '%s\n%s\n%s\n' "$a" "$b" "$c" | sort -n | sed -n 2p; }
rss() { /usr/bin/time -v "$@" 2>&1 >"$T/out" | awk -F': ' '/Maximum resident/ {print $2}'; }
# CPU seconds (user + system): less swayed than wall time when other jobs
# share the machine
cpu() { sync; /usr/bin/time -f '%U %S' "$@" 2>&1 >"$T/out" | tail -1 | awk '{printf "%.3f", $1 + $2}'; }
cmed3() { a=$(cpu "$@"); b=$(cpu "$@"); c=$(cpu "$@"); printf '%s\n%s\n%s\n' "$a" "$b" "$c" | sort -n | sed -n 2p; }
ratio() { echo "$1 $2" | awk '{ if ($2 > 0) printf "%.2f", $1 / $2; else printf "n/a" }'; }
mk() { $OTAIMG create --format matter -v 0xFFF1 -p 0x8001 --version 2 --version-string 2.0 \
    --digest "$ALG" -o "$2" "$1"; }

echo "payload: ${MIB} MiB of random bytes, digest $ALG; $(nproc) CPUs; load: $(cut -d' ' -f1-3 /proc/loadavg)"
head -c "${MIB}M" /dev/urandom >"$T/raw"
head -c "${SMALL}M" "$T/raw" >"$T/raw.small"
cksum "$T/raw" >"$T/out" # into the page cache
t_cp=$(med3 cp "$T/raw" "$T/copy")
rm -f "$T/copy"
# create's output is synced before it is renamed into place (atomic output):
# cp followed by fsync is the like-for-like copy
t_cps=$(med3 dd if="$T/raw" of="$T/copy" bs=1M conv=fsync)
rm -f "$T/copy"
t_cr=$(med3 mk "$T/raw" "$T/img")
mk "$T/raw.small" "$T/img.small"
t_dg=$(med3 openssl dgst -"$(echo "$ALG" | tr -d -)" "$T/img")
[ "$ALG" = sha256 ] || t_dg=$(med3 openssl dgst -"$ALG" "$T/img")
t_v=$(med3 $OTAIMG verify "$T/img")
$OTAIMG verify "$T/img"
t_vp=$(med3 sh -c "cat '$T/img' | $OTAIMG verify -")
t_x=$(med3 $OTAIMG extract "$T/img" -o "$T/x")
rm -f "$T/x"
c_dg=$(cmed3 openssl dgst -"$(echo "$ALG" | tr -d -)" "$T/img")
[ "$ALG" = sha256 ] || c_dg=$(cmed3 openssl dgst -"$ALG" "$T/img")
c_v=$(cmed3 $OTAIMG verify -q "$T/img")
c_cp=$(cmed3 cp "$T/raw" "$T/copy")
c_cr=$(cmed3 $OTAIMG create --format matter -v 1 -p 1 --version 2 --version-string 2 \
    --digest "$ALG" -o "$T/img3" "$T/raw")
rm -f "$T/copy" "$T/img3"
for s in "" .small; do
	eval "r_cr$(echo $s | tr . _)=\$(rss $OTAIMG create --format matter -v 1 -p 1 --version 2 --version-string 2 \
	    --digest $ALG -o '$T/img2' '$T/raw$s')"
	rm -f "$T/img2"
	eval "r_v$(echo $s | tr . _)=\$(rss $OTAIMG verify '$T/img$s')"
	eval "r_in$(echo $s | tr . _)=\$(rss $OTAIMG inspect --dcl '$T/img$s')"
	eval "r_x$(echo $s | tr . _)=\$(rss $OTAIMG extract '$T/img$s' -o '$T/x')"
	rm -f "$T/x"
done
printf '%-44s %8s s\n' "openssl dgst -$ALG" "$t_dg" "otaimg verify" "$t_v" \
    "cat | otaimg verify - (forward only)" "$t_vp" "cp (payload)" "$t_cp" "dd conv=fsync (payload, synced)" "$t_cps" \
    "otaimg create --format matter" "$t_cr" "otaimg extract" "$t_x"
echo "verify / openssl dgst: $(ratio "$t_v" "$t_dg") (target <= 1.15)"
echo "create / cp: $(ratio "$t_cr" "$t_cp") (target <= 1.3); create / synced copy: $(ratio "$t_cr" "$t_cps")"
echo "CPU seconds (user+system, median of 3): openssl dgst $c_dg, verify $c_v, cp $c_cp, create $c_cr"
echo "CPU: verify / openssl dgst $(ratio "$c_v" "$c_dg"), create / cp $(ratio "$c_cr" "$c_cp"), create / (dgst + cp) $(ratio "$c_cr" "$(echo "$c_dg $c_cp" | awk '{printf "%.3f", $1 + $2}')")"
echo "peak RSS (KiB) at ${MIB} MiB: create $r_cr, verify $r_v, inspect --dcl $r_in, extract $r_x"
echo "peak RSS (KiB) at ${SMALL} MiB: create $r_cr_small, verify $r_v_small, inspect --dcl $r_in_small, extract $r_x_small"
echo "RSS ratio (${MIB} / ${SMALL} MiB): create $(ratio "$r_cr" "$r_cr_small"), verify $(ratio "$r_v" "$r_v_small")"
echo "load at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
