#!/bin/sh
# Build the libFuzzer harness with clang (ASan + UBSan) and run it:
#   sh fuzz/build.sh [seconds]
# Seeds: the vectors, cut to 4 KiB, and fuzz/corpus/.  New crashes land in
# fuzz/crash-*; copy them into fuzz/corpus/ once fixed, where make check
# replays them.
set -eu
cd "$(dirname "$0")/.."
test -f config.h || { echo "configure the tree first"; exit 2; }
out=fuzz/fuzz_parse
clang -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
	-DOTA_BUILDING_LIBRARY -DOPENSSL_API_COMPAT=30000 -I. -Iinclude \
	lib/*.c fuzz/fuzz_parse.c -o "$out" $(pkg-config --libs libcrypto zlib)
seeds=$(mktemp -d)
trap 'rm -rf "$seeds"' EXIT
for f in tests/vectors/zigbee/real/* tests/vectors/zigbee/samples/* fuzz/corpus/*; do
	[ -f "$f" ] && head -c 4096 "$f" >"$seeds/$(basename "$f")"
done
mkdir -p fuzz/work
"$out" -max_len=4096 -max_total_time="${1:-60}" -artifact_prefix=fuzz/ fuzz/work "$seeds"
