#!/bin/sh
# Matter OTA images: create reproduces the three SDK-made files byte for byte,
# inspect (text, JSON, --dcl) shows every field, verify passes them and fails
# on flipped bytes, extract returns the concatenated payload, change-header
# then verify passes after a digest-type change (the SDK tool's stale digest
# is refused), create's attribute rules, a Zigbee file is not taken for Matter.
. "${top_srcdir:-.}/tests/cli/lib.sh"

M="$VECTORS/matter"
MIN="$M/sdk-min-sha256.ota"
ZB_DCL="$VECTORS/zigbee/samples/silabs-suite1-signed-sample.ota"
FULL="$M/sdk-full-sha512.ota"
SMALL="$M/sdk-small-sha384.ota"

# ---- create: the SDK tool's bytes ----
expect 0 "create: sdk-min-sha256" -- "$OTAIMG" create --format matter -v 0xFFF1 -p 0x8001 \
	--version 2 --version-string 2.0 --digest sha256 -o "$T/min.ota" "$M/payload-4096.bin"
expect 0 "... byte for byte" -- cmp "$T/min.ota" "$MIN"
expect 0 "create: sdk-full-sha512, two payload files" -- "$OTAIMG" create --format=matter \
	-v 0xFFF1 -p 0x8001 --version 0x00020103 --version-string 2.1.3-rc1 --digest sha512 \
	--min-version 1 --max-version 0x00020000 --release-notes https://example.com/notes/2.1.3 \
	-o "$T/full.ota" "$M/payload-4096.bin" "$M/payload-21.bin"
expect 0 "... byte for byte" -- cmp "$T/full.ota" "$FULL"
expect 0 "create: sdk-small-sha384" -- "$OTAIMG" create --format matter -v 0x1234 -p 0x0001 \
	--version 7 --version-string 7 --digest sha384 -o "$T/small.ota" "$M/payload-21.bin"
expect 0 "... byte for byte" -- cmp "$T/small.ota" "$SMALL"
# a payload part whose size is not known in advance (a FIFO): the header is
# first sized for the largest payload size, then the payload moves down
mkfifo "$T/fifo"
cat "$M/payload-4096.bin" >"$T/fifo" &
expect 0 "create: a payload from a FIFO" -- "$OTAIMG" create --format=matter \
	-v 0xFFF1 -p 0x8001 --version 0x00020103 --version-string 2.1.3-rc1 --digest sha512 \
	--min-version 1 --max-version 0x00020000 --release-notes https://example.com/notes/2.1.3 \
	-o "$T/fifo.ota" "$T/fifo" "$M/payload-21.bin"
wait
expect 0 "... byte for byte" -- cmp "$T/fifo.ota" "$FULL"

# ---- the SDK's attribute rules; nothing is left at the output ----
B="create --format matter -p 1 --version 5 --version-string 5"
C="$B --digest sha256"
expect 2 "VendorID 0 refused" -- $OTAIMG $C -v 0 -o "$T/bad.ota" "$M/payload-21.bin"
contains "$T/err" "OTA_E_MATTER_ATTR" "VendorID 0: OTA_E_MATTER_ATTR"
expect 1 "no output left behind" -- test -e "$T/bad.ota"
expect 2 "min version not below the version" -- $OTAIMG $C -v 1 --min-version 5 -o "$T/bad.ota" "$M/payload-21.bin"
expect 2 "max below min" -- $OTAIMG $C -v 1 --min-version 3 --max-version 2 -o "$T/bad.ota" "$M/payload-21.bin"
expect 2 "a 65-character version string" -- $OTAIMG create --format matter -v 1 -p 1 --version 5 \
	--version-string "$(printf '%065d' 1)" --digest sha256 -o "$T/bad.ota" "$M/payload-21.bin"
expect 2 "a truncated SHA-256 type is not written by default" -- $OTAIMG $B -v 1 --digest sha256-64 \
	-o "$T/bad.ota" "$M/payload-21.bin"
expect 0 "... with --allow-short-digest it is" -- $OTAIMG $B -v 1 --digest sha256-64 --allow-short-digest \
	-o "$T/short.ota" "$M/payload-21.bin"
expect 0 "... and verifies" -- "$OTAIMG" verify "$T/short.ota"
expect 0 "an http:// URL: a warning" -- $OTAIMG $C -v 1 --release-notes http://example.com -o "$T/http.ota" "$M/payload-21.bin"
contains "$T/err" "is not an https:// URL" "http URL warned about"
expect 2 "an unknown digest name" -- $OTAIMG $B -v 1 --digest md5 -o "$T/bad.ota" "$M/payload-21.bin"
expect 2 "a missing payload file" -- $OTAIMG $C -v 1 -o "$T/bad.ota" "$T/nonexistent"

# ---- inspect ----
expect 0 "inspect sdk-full" -- "$OTAIMG" inspect "$FULL"
for f in "file identifier      0x1beef11e" "total size           4278" "header size          145" \
	"vendor id            65521 (0xfff1)" "product id           32769 (0x8001)" \
	"software version     131331 (0x00020103)" "version string       2.1.3-rc1" \
	"payload size         4117 at offset 161" "min applicable       1 (0x00000001)" \
	"max applicable       131072 (0x00020000)" "release notes url    https://example.com/notes/2.1.3" \
	"digest type          8 (sha512)" \
	"5fd76875a08bf745c36afeac2d19e350c3a753e9bad2e4db7a31c4975fd9832bcbf043fece538e25fc11b134da6ae6ff4448f2da1027cb7f1b31cef33a38e2d6 (matches)"; do
	contains "$T/out" "$f" "inspect: $f"
done
expect 0 "inspect --json --dcl" -- "$OTAIMG" inspect --json --dcl "$SMALL"
for f in '"format": "matter"' '"vendor_id_hex": "0x1234"' '"payload_size": 21' '"header_size": 73' \
	'"software_version_string": "7"' '"min_applicable_version": null' '"type": 7' '"match": true' \
	'"otaFileSize": 110' '"otaChecksumType": 7' \
	'"otaChecksum": "XWaZf8nfYUcL4qibfJu05cBppMPiSkiJG4VAiPWGN9CwYZI3gM8WZvRdbm+/CRO6"'; do
	contains "$T/out" "$f" "inspect --json: $f"
done
expect 2 "inspect --json --dcl of a Zigbee file: a usage error, as in text" -- "$OTAIMG" inspect --json --dcl "$ZB_DCL"
contains "$T/out" '"code": "OTA_E_UNSUPPORTED"' "inspect --json --dcl of a Zigbee file: an error object"
python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$T/out" && ok "inspect --json --dcl of a Zigbee file: valid JSON" || bad "inspect --json --dcl of a Zigbee file: not JSON"
expect 0 "inspect --dcl of a SHA-256 image" -- "$OTAIMG" inspect --dcl "$MIN"
contains "$T/out" "dcl otaChecksum      $(openssl dgst -sha256 -binary "$MIN" | openssl base64 -A)" \
	"--dcl: the base64 SHA-256 of the whole file (as openssl computes it)"
contains "$T/out" "dcl otaChecksumType  1 (sha256)" "--dcl: the checksum type"
expect 2 "--dcl on a Zigbee file" -- "$OTAIMG" inspect --dcl "$REAL/Datek__dimmerpille_v2_0_v_4_combined_OTA.ota"

# ---- verify ----
expect 0 "verify the three SDK files" -- "$OTAIMG" verify "$MIN" "$FULL" "$SMALL"
contains "$T/out" "sha384 payload digest matches" "verify: what was checked"
expect 0 "verify from a pipe" -- sh -c "cat '$FULL' | '$OTAIMG' verify -"
cp "$SMALL" "$T/f.ota"; flip "$T/f.ota" 95
expect 1 "a payload byte flipped" -- "$OTAIMG" verify "$T/f.ota"
contains "$T/err" "OTA_E_DIGEST" "flipped payload: OTA_E_DIGEST"
cp "$SMALL" "$T/f.ota"; flip "$T/f.ota" 60
expect 1 "a digest byte flipped" -- "$OTAIMG" verify "$T/f.ota"
expect 1 "... verify --json" -- "$OTAIMG" verify --json "$T/f.ota"
contains "$T/out" '"ok": false' "verify --json: not ok"
contains "$T/out" '"match": false' "verify --json: the digest does not match"
head -c 100 "$SMALL" >"$T/cut.ota"
expect 1 "a cut file" -- "$OTAIMG" verify "$T/cut.ota"
contains "$T/err" "OTA_E_TOTAL_SIZE" "cut file: OTA_E_TOTAL_SIZE"
expect 1 "... through a pipe: truncated" -- sh -c "cat '$T/cut.ota' | '$OTAIMG' verify -"
contains "$T/err" "OTA_E_TRUNCATED" "cut pipe: OTA_E_TRUNCATED"
head -c 10 "$SMALL" >"$T/cut.ota"
expect 1 "cut inside the fixed header" -- "$OTAIMG" verify "$T/cut.ota"
contains "$T/err" "inside TotalSize" "cut fixed header: names the field"
# a Zigbee file identifier is never taken for Matter's (and the other way round)
cp "$SMALL" "$T/z.ota"; printf '\013' | dd of="$T/z.ota" bs=1 seek=3 conv=notrunc status=none
expect 1 "0x0BEEF11E: read as Zigbee, not Matter" -- "$OTAIMG" verify "$T/z.ota"
if grep -q "Matter" "$T/err"; then bad "a Zigbee identifier was read as Matter"; else ok "Zigbee id not Matter"; fi
expect 0 "a Zigbee file still verifies as Zigbee" -- "$OTAIMG" inspect "$REAL/Datek__dimmerpille_v2_0_v_4_combined_OTA.ota"
if grep -q "Matter" "$T/out"; then bad "Zigbee file shown as Matter"; else ok "Zigbee file not Matter"; fi

# ---- extract ----
expect 0 "extract the payload" -- "$OTAIMG" extract "$FULL" -o "$T/pl.bin"
cat "$M/payload-4096.bin" "$M/payload-21.bin" >"$T/want.bin"
expect 0 "... the two payload files concatenated" -- cmp "$T/pl.bin" "$T/want.bin"
expect 0 "extract from a pipe" -- sh -c "cat '$MIN' | '$OTAIMG' extract - -o '$T/pl2.bin'"
expect 0 "... the payload" -- cmp "$T/pl2.bin" "$M/payload-4096.bin"
cp "$SMALL" "$T/f.ota"; flip "$T/f.ota" 95
expect 1 "extract of a flipped payload fails" -- "$OTAIMG" extract "$T/f.ota" -o "$T/pl3.bin"
expect 1 "... and writes nothing" -- test -e "$T/pl3.bin"

# ---- change-header ----
expect 0 "change-header: sha512 to sha3-256 and a new version string" -- "$OTAIMG" change-header \
	--digest sha3-256 --version-string 2.1.3 -o "$T/ch.ota" "$FULL"
expect 0 "... then verify passes (the digest was recomputed)" -- "$OTAIMG" verify "$T/ch.ota"
expect 0 "... inspect" -- "$OTAIMG" inspect "$T/ch.ota"
contains "$T/out" "digest type          10 (sha3-256)" "change-header: the new digest type"
contains "$T/out" "version string       2.1.3" "change-header: the new version string"
contains "$T/out" "min applicable       1 (0x00000001)" "change-header: kept fields stay"
expect 0 "... extract gives the same payload" -- "$OTAIMG" extract "$T/ch.ota" -o "$T/chpl.bin"
expect 0 "... byte for byte" -- cmp "$T/chpl.bin" "$T/want.bin"
expect 0 "change-header back to the SDK file's fields" -- "$OTAIMG" change-header --digest sha512 \
	--version-string 2.1.3-rc1 -o "$T/back.ota" "$T/ch.ota"
expect 0 "... gives the SDK file byte for byte" -- cmp "$T/back.ota" "$FULL"
expect 0 "change-header --release-notes none --min-version none" -- "$OTAIMG" change-header \
	--release-notes none --min-version none -o "$T/ch2.ota" "$FULL"
expect 0 "... verifies" -- "$OTAIMG" inspect --json "$T/ch2.ota"
contains "$T/out" '"release_notes_url": null' "change-header: URL removed"
# The SDK tool's change_header -da sha3_256 keeps the SHA-256 digest under the
# new type (byte 40 is ImageDigestType's value in sdk-min-sha256.ota).
cp "$MIN" "$T/stale.ota"; printf '\012' | dd of="$T/stale.ota" bs=1 seek=40 conv=notrunc status=none
expect 1 "the SDK's stale digest fails verify" -- "$OTAIMG" verify "$T/stale.ota"
contains "$T/err" "OTA_E_DIGEST" "stale digest: OTA_E_DIGEST"
expect 1 "change-header refuses a payload that does not match its digest" -- "$OTAIMG" change-header \
	--digest sha256 -o "$T/ch3.ota" "$T/stale.ota"
expect 1 "... and writes nothing" -- test -e "$T/ch3.ota"
expect 0 "change-header --digest sha3-256 of the SDK file" -- "$OTAIMG" change-header --digest sha3-256 \
	-o "$T/ch4.ota" "$MIN"
expect 0 "... verifies" -- "$OTAIMG" verify "$T/ch4.ota"
expect 2 "change-header: VendorID 0 refused" -- "$OTAIMG" change-header -v 0 -o "$T/ch5.ota" "$MIN"
expect 2 "change-header: the output is the input" -- "$OTAIMG" change-header -v 2 -o "$MIN" "$MIN"

# ---- versions across formats (otaimg version, and create's --version forms) ----
expect 0 "create --version M.m.r and --min-version XX:XX:XX:XX" -- "$OTAIMG" create --format matter \
	-v 1 -p 1 --version 2.1.3 --min-version 02:01:00:02 --version-string 2.1.3 --digest sha256 \
	-o "$T/v.ota" "$M/payload-21.bin"
expect 0 "... inspect" -- "$OTAIMG" inspect "$T/v.ota"
contains "$T/out" "software version     33619971 (0x02010003)" "--version 2.1.3 is 0x02010003"
contains "$T/out" "min applicable       33619970 (0x02010002)" "--min-version in octets"
expect 2 "create --version with a build number is refused (lossy)" -- "$OTAIMG" create --format matter \
	-v 1 -p 1 --version 2.1.3+7 --version-string 2.1.3 --digest sha256 -o "$T/v2.ota" "$M/payload-21.bin"
contains "$T/err" "OTA_E_VERSION_LOSSY" "lossy --version: OTA_E_VERSION_LOSSY"
expect 0 "version: every form" -- "$OTAIMG" version 2.1.3
for f in "fw=2.1.3+0" "string=2.1.3" "u32=33619971" "hex=0x02010003" "octets=02:01:00:03" "bcd=0x33619971"; do
	contains "$T/out" "$f" "version 2.1.3: $f"
done
expect 0 "version --to octets" -- "$OTAIMG" version --to octets 131331
contains "$T/out" "00:02:01:03" "131331 is 00:02:01:03"
expect 1 "version: a build number does not fit 32 bits" -- "$OTAIMG" version --to u32 2.1.3+7
expect 0 "... --force drops it" -- "$OTAIMG" version --force --to u32 2.1.3+7
contains "$T/out" "33619971" "--force: the build dropped"
expect 0 "version --compare" -- "$OTAIMG" version --compare 2.1.3 02:01:00:04
contains "$T/out" "-1" "2.1.3 is older than 02:01:00:04"
expect 0 "version --bcd" -- "$OTAIMG" version --bcd --to u32 0x00020103
contains "$T/out" "20103" "BCD 0x00020103 is 20103"
expect 2 "version --bcd: a nibble over 9" -- "$OTAIMG" version --bcd 0x0002010A
expect 1 "version --to bcd of a 10-digit number" -- "$OTAIMG" version --to bcd 4294967295
# one rule in every format: a decimal with a leading zero is refused (as
# Zigbee's create -v always did), with a hint at 0x and XX:XX:XX:XX
expect 2 "version 010 refused" -- "$OTAIMG" version 010
contains "$T/err" "0x hex or as XX:XX:XX:XX" "version 010: the hint"
expect 2 "version --compare 1 010 refused" -- "$OTAIMG" version --compare 1 010
contains "$T/err" "leading zero" "version --compare ... 010: the hint"
expect 2 "create --format matter --version 010 refused" -- "$OTAIMG" create --format matter \
	-v 1 -p 1 --version 010 --version-string 10 --digest sha256 -o "$T/v3.ota" "$M/payload-21.bin"
contains "$T/err" "leading zero" "--version 010: the hint"
[ ! -e "$T/v3.ota" ] && ok "--version 010: no output" || bad "--version 010: no output"
expect 2 "create --format matter --min-version 01 refused" -- "$OTAIMG" create --format matter \
	-v 1 -p 1 --version 5 --min-version 01 --version-string 5 --digest sha256 -o "$T/v3.ota" \
	"$M/payload-21.bin"
expect 2 "Zigbee create -v 010 refused" -- "$OTAIMG" create -m 1 -t 1 -v 010 -o "$T/v3.ota" \
	"$M/payload-21.bin"
contains "$T/err" "leading zero" "Zigbee -v 010: the hint"
expect 0 "version --compare 0x0A 00:00:00:0A still read" -- "$OTAIMG" version --compare 0x0A 00:00:00:0A
contains "$T/out" "0" "0x0A == 00:00:00:0A"

# a negative signed VendorID: the message gives its value (-204), not the raw bytes
cp "$SMALL" "$T/neg.ota"
printf '\041' | dd of="$T/neg.ota" bs=1 seek=17 conv=notrunc status=none
printf '\377' | dd of="$T/neg.ota" bs=1 seek=20 conv=notrunc status=none
expect 1 "inspect: a negative signed VendorID refused" -- "$OTAIMG" inspect "$T/neg.ota"
contains "$T/err" "is negative: -204, outside 0..65535" "... its value is -204"

# a SoftwareVersionString that is not UTF-8: inspect --json keeps the key
# (U+FFFD for the bad byte) and gives the bytes in software_version_string_hex
cp "$SMALL" "$T/nonutf8.ota"
printf '\377' | dd of="$T/nonutf8.ota" bs=1 seek=30 conv=notrunc status=none
expect 0 "inspect --json: a version string that is not UTF-8" -- "$OTAIMG" inspect --json \
	"$T/nonutf8.ota"
contains "$T/out" "$(printf '"software_version_string": "\357\277\275"')" \
	"... the key is there, U+FFFD"
contains "$T/out" '"software_version_string_hex": "ff"' "... and its bytes in hex"

# a payload from standard input ('-'), a pipe or a redirected file, as for Zigbee
cat "$M/payload-21.bin" | "$OTAIMG" create --format matter -v 0x1234 -p 0x0001 --version 7 \
	--version-string 7 --digest sha384 -o "$T/stdin.ota" - 2>"$T/err" &&
	cmp -s "$T/stdin.ota" "$SMALL" && ok "create: payload '-' from a pipe" ||
	bad "create: payload '-' from a pipe: $(cat "$T/err")"
rm -f "$T/stdin.ota"
"$OTAIMG" create --format matter -v 0x1234 -p 0x0001 --version 7 --version-string 7 \
	--digest sha384 -o "$T/stdin.ota" - <"$M/payload-21.bin" 2>"$T/err" &&
	cmp -s "$T/stdin.ota" "$SMALL" && ok "create: payload '-' from a file" ||
	bad "create: payload '-' from a file: $(cat "$T/err")"
expect 2 "create: '-' twice refused" -- "$OTAIMG" create --format matter -v 1 -p 1 --version 7 \
	--version-string 7 --digest sha384 -o "$T/stdin2.ota" - -
[ ! -e "$T/stdin2.ota" ] && ok "... no output" || bad "... no output"

# a version string or URL that is not UTF-8 is not written into a TLV UTF-8 string
expect 2 "create: a --version-string that is not UTF-8 refused" -- "$OTAIMG" create \
	--format matter -v 1 -p 1 --version 2 --version-string "$(printf 'a\377')" \
	--digest sha256 -o "$T/nu.ota" "$M/payload-21.bin"
contains "$T/err" "SoftwareVersionString is not UTF-8" "... named"
expect 2 "create: a --release-notes that is not UTF-8 refused" -- "$OTAIMG" create \
	--format matter -v 1 -p 1 --version 2 --version-string 2 \
	--release-notes "$(printf 'https://x/\377')" --digest sha256 -o "$T/nu.ota" \
	"$M/payload-21.bin"
[ ! -e "$T/nu.ota" ] && ok "... no output" || bad "... no output"

# the limits are bytes, as the device's parser counts them: 33 two-byte
# characters (66 bytes) are refused, and the message says bytes
expect 2 "create: a 66-byte --version-string of 33 characters refused" -- "$OTAIMG" create \
	--format matter -v 1 -p 1 --version 2 \
	--version-string "$(printf 'a%.0s' 1 2 3)$(printf '\303\251%.0s' $(seq 32))" \
	--digest sha256 -o "$T/u66.ota" "$M/payload-21.bin"
contains "$T/err" "is 67 bytes; it must be 1 to 64 bytes of UTF-8" "... the message says bytes"

# --bcd reads a 32-bit version: with an M.m.r+b input it is a usage error,
# not silently ignored
expect 2 "version --bcd 1.2.3 refused" -- "$OTAIMG" version --bcd 1.2.3
contains "$T/err" "not a 32-bit BCD version" "... named"
expect 2 "version --compare --bcd 0x12 1.2.3 refused" -- "$OTAIMG" version --compare --bcd \
	0x12 1.2.3
expect 0 "version --bcd 0x12345678 still read" -- "$OTAIMG" version --to u32 --bcd 0x12345678
contains "$T/out" "12345678" "... as 12345678"

# a HeaderSize past the end of the file (TotalSize right): HeaderSize is named
cp "$SMALL" "$T/hs.ota"
printf '\350\003' | dd of="$T/hs.ota" bs=1 seek=12 conv=notrunc status=none
expect 1 "inspect: HeaderSize 1000 in a 110-byte file" -- "$OTAIMG" inspect "$T/hs.ota"
contains "$T/err" "offset 12: value out of range (OTA_E_RANGE): HeaderSize (offset 12) is 1000" \
	"... HeaderSize at offset 12 named, not TotalSize"

# a payload '-' that cannot be used (output to standard output: read twice)
# is named as standard input, not as /dev/stdin
cat "$M/payload-21.bin" | "$OTAIMG" create --format matter -v 1 -p 1 --version 7 \
	--version-string 7 --digest sha384 -o - - >"$T/so.ota" 2>"$T/err"
contains "$T/err" "standard input ('-'): not a regular file" "create -o - -: '-' named"

finish
