#!/bin/sh
# otaimg inspect: text and JSON, many files, extract of a raw payload.
. "${top_srcdir:-.}/tests/cli/lib.sh"

expect 0 "inspect every real vector but the invalid one" -- sh -c \
	"ls -d '$REAL'/* | grep -v -e Koenkk -e EXPECTED | tr '\n' '\0' | xargs -0 '$OTAIMG' inspect"
n=$(grep -c '^  manufacturer code' "$T/out")
[ "$n" -eq 18 ] && ok "18 text reports" || bad "$n text reports, want 18"
expect 1 "an invalid file among them makes the status 1" -- "$OTAIMG" inspect --json \
	"$REAL/Innr__1166-0128-24011511-RS_226_v2-upgradeMe.ota" "$REAL/Koenkk-tests__not-a-valid-file.ota"
contains "$T/out" '"code": "OTA_E_BAD_MAGIC"' "the invalid file is an error object"
[ "$(grep -c '"schema": 1' "$T/out")" -eq 2 ] && ok "one JSON array of 2 objects" || bad "JSON array size"
HUE="$REAL/Hue__Sensor-ATmega_0012.sbl-ota"
expect 0 "inspect a raw payload file" -- "$OTAIMG" inspect "$HUE"
contains "$T/out" "raw payload          offset 56, 240704 bytes" "the raw payload is reported"
expect 0 "extract --raw" -- "$OTAIMG" extract "$HUE" --raw -o "$T/raw.bin"
[ "$(size "$T/raw.bin")" -eq 240704 ] && ok "raw payload length" || bad "raw payload length"
if tail -c 240704 "$HUE" | cmp -s - "$T/raw.bin"; then ok "raw payload byte-exact"; else bad "raw differs"; fi
expect 0 "inspect from standard input" -- sh -c "'$OTAIMG' inspect --json - <'$REAL/Sonoff__SN-TLSR8656-09P-01-v1.1.2.ota'"
contains "$T/out" '"walk": "telink-f000"' "stdin: the Telink walk is found"
finish
