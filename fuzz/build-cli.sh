#!/bin/sh
# Build the libFuzzer harness for the otaimg option value parsers with clang
# (ASan + UBSan) and run it:   sh fuzz/build-cli.sh [seconds]
# Seeds: fuzz/corpus-cli/.  New crashes land in fuzz/crash-*; add them to
# fuzz/corpus-cli/ once fixed, where make check replays them.
set -eu
cd "$(dirname "$0")/.."
test -f config.h || { echo "configure the tree first"; exit 2; }
out=fuzz/fuzz_cli
clang -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
	-DOTA_BUILDING_LIBRARY -DOPENSSL_API_COMPAT=30000 \
	-DOTA_TRUST_DIR='"/nonexistent/otaimg-fuzz/trust.d"' -I. -Iinclude -Ilib -Itools $(pkg-config --cflags jansson) \
	lib/*/*.c tools/util.c tools/keyutil.c tools/progress.c tools/input.c fuzz/fuzz_cli.c -o "$out" \
	$(pkg-config --libs libcrypto zlib jansson)
mkdir -p fuzz/work-cli
"$out" -max_len=64 -max_total_time="${1:-60}" -artifact_prefix=fuzz/ fuzz/work-cli fuzz/corpus-cli
