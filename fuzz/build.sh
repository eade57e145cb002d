#!/bin/sh
# Build a libFuzzer harness with clang (ASan + UBSan) and run it:
#   sh fuzz/build.sh [seconds] [parse|certs|mesh|archive|mcuboot|meshmsg|checkresp|ocf|blob|matter]
# parse (the default): the image parser, verify, extraction and CPL strings;
# seeds are the vectors, cut to 4 KiB, and fuzz/corpus/.
# certs: the certificate and key loaders; seeds are fuzz/corpus-certs/
# (made by fuzz/seeds-certs.sh).
# mesh: the Mesh DFU metadata, composition (page 0 and JSON) and FWID
# parsers with round-trip oracles; seeds are fuzz/corpus-mesh/.
# archive: Mesh DFU archives and their JSON files; seeds are
# fuzz/corpus-archive/ and the inconsistent NCS archive.
# mcuboot: the MCUboot image parser and verify; seeds are fuzz/corpus-mcuboot/.
# meshmsg: the Firmware Update, Distribution and BLOB message decoders and
# the BLOB planner, with round-trip oracles; seeds are fuzz/corpus-meshmsg/.
# checkresp: the Store Firmware OOB check response parser and Update URI
# check, with round-trip oracles; seeds are fuzz/corpus-checkresp/.
# ocf: the OCF pstat and /oc/swu decoders (CBOR and JSON) with round-trip
# oracles, the state record and RFC 3339 times; seeds are fuzz/corpus-ocf/.
# blob: the BLOB transfer engine (message sequences to a server and a
# client, the missing-chunk codec); seeds are fuzz/corpus-blob/.
# matter: the Matter OTA TLV header parser (with a re-encode round trip) and
# image reader; seeds are fuzz/corpus-matter/.
# New crashes land in fuzz/crash-*; copy them into the harness's corpus
# once fixed, where make check replays them.
set -eu
cd "$(dirname "$0")/.."
test -f config.h || { echo "configure the tree first"; exit 2; }
h=${2:-parse}
case $h in parse|certs|mesh|archive|mcuboot|meshmsg|checkresp|ocf|blob|matter) ;; *) echo "harness: parse, certs, mesh, archive, mcuboot, meshmsg, checkresp, ocf, blob or matter"; exit 2 ;; esac
# libcurl when configure found it (lib/mesh/fetch_curl.c)
curl=
grep -q "^#define OTA_HAVE_CURL" config.h && curl=libcurl
out=fuzz/fuzz_$h
clang -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
	-DOTA_BUILDING_LIBRARY -DOPENSSL_API_COMPAT=30000 \
	-DOTA_TRUST_DIR='"/nonexistent/otaimg-fuzz/trust.d"' -I. -Iinclude -Ilib \
	$(pkg-config --cflags jansson libarchive libcbor $curl) \
	lib/*/*.c "fuzz/fuzz_$h.c" -o "$out" $(pkg-config --libs libcrypto zlib jansson libarchive libcbor $curl)
seeds=$(mktemp -d)
trap 'rm -rf "$seeds"' EXIT
if [ "$h" = parse ]; then
	for f in tests/vectors/zigbee/real/* tests/vectors/zigbee/samples/* fuzz/corpus/*; do
		[ -f "$f" ] && head -c 4096 "$f" >"$seeds/$(basename "$f")"
	done
	max=4096
elif [ "$h" = archive ]; then
	cp fuzz/corpus-archive/* tests/vectors/mesh/ncs-dfu_blinky_3.0.0-inconsistent.zip "$seeds/"
	max=65536
elif [ "$h" = mesh ]; then
	cp fuzz/corpus-mesh/* "$seeds/"
	max=1024
elif [ "$h" = mcuboot ]; then
	cp fuzz/corpus-mcuboot/* "$seeds/"
	max=8192
elif [ "$h" = checkresp ]; then
	cp fuzz/corpus-checkresp/* "$seeds/"
	max=1024
elif [ "$h" = matter ]; then
	cp fuzz/corpus-matter/* "$seeds/"
	max=2048
elif [ "$h" = meshmsg ]; then
	cp fuzz/corpus-meshmsg/* "$seeds/"
	max=1024
elif [ "$h" = ocf ]; then
	cp fuzz/corpus-ocf/* "$seeds/"
elif [ "$h" = blob ]; then
	cp fuzz/corpus-blob/* "$seeds/"
	max=2048
else
	cp fuzz/corpus-certs/* "$seeds/"
	max=8192
fi
mkdir -p "fuzz/work-$h"
"$out" -max_len=$max -max_total_time="${1:-60}" -artifact_prefix=fuzz/ "fuzz/work-$h" "$seeds"
