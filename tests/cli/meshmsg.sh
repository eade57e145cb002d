#!/bin/sh
# meshmsg.sh - otaimg mesh msg decode|encode|list and otaimg mesh plan
# (issue 11 items 1 and 2): decode and encode round trips, errors naming the
# field, the planner's worked examples of mesh-dfu.md 4.4, exit statuses.
. "$(dirname "$0")/lib.sh"
BLOBID=0807060504030201
FWID=590002000100d2040000

# is FILE TEXT DESC: FILE holds exactly the line TEXT
is() {
	if [ "$(cat "$1")" = "$2" ]; then ok "$3"; else bad "$3: got '$(head -c 200 "$1")'"; fi
}

# ---- decode ----
start="8301 40 $BLOBID 94cf0600 0c 1800"
expect 0 "decode Transfer Start" -- "$OTAIMG" mesh msg decode "$start"
contains "$T/out" "blob-transfer-start (0x8301), 18 octets" "decode: name, opcode, length"
contains "$T/out" "  blob_id: 0x0102030405060708" "decode: BLOB ID little-endian"
contains "$T/out" "  blob_size: 446356" "decode: size little-endian"
contains "$T/out" "  mode: 1 (push)" "decode: the meaning of a mode"
expect 0 "decode Distribution Status" -- "$OTAIMG" mesh msg decode 831d0a01
contains "$T/out" "  status: 10 (URI malformed)" "decode: a Distribution status named"
expect 0 "decode --json" -- "$OTAIMG" mesh msg decode --json "$start"
cp "$T/out" "$T/start.json"
contains "$T/out" '"message": "blob-transfer-start"' "decode --json: message"
contains "$T/out" '"client_mtu": 24' "decode --json: client_mtu"
expect 0 "decode parameters only" -- "$OTAIMG" mesh msg decode --params=0x8301 "40 $BLOBID 94cf0600 0c 1800"
contains "$T/out" "  block_size_log: 12" "decode --params: fields"
printf '\203\007\014\014\000\001\101\000\000\000\010\000\104\000\003' >"$T/info.bin"
expect 0 "decode --file" -- "$OTAIMG" mesh msg decode --file "$T/info.bin"
contains "$T/out" "blob-information-status (0x8307), 15 octets" "decode --file: Information Status"
expect 0 "decode a list" -- "$OTAIMG" mesh msg decode 8315020000000200016400030002c801
contains "$T/out" "  receivers[1]:" "decode: list items"
contains "$T/out" "    transfer_progress: 50" "decode: bit fields of an item"
expect 0 "decode Upload OOB Start" -- "$OTAIMG" mesh msg decode 83200c68747470733a2f2f612e696f$FWID
contains "$T/out" '  uri: 68747470733a2f2f612e696f ("https://a.io")' "decode: a URI as text too"
expect 0 "decode encoded missing chunks" -- "$OTAIMG" mesh msg decode "68 01c388e0aeb8"
contains "$T/out" "  missing: 1 200 3000" "decode: chunk numbers of the variable-length code"

# ---- errors name the field and offset; exit 1 ----
expect 1 "one octet short" -- "$OTAIMG" mesh msg decode "8301 40 $BLOBID 94cf0600 0c 18"
contains "$T/err" "input is truncated: blob-transfer-start: client_mtu at offset 16: needs 2 octets, 1 left" "short: field and offset"
expect 1 "one octet too many" -- "$OTAIMG" mesh msg decode "$start 00"
contains "$T/err" "1 octet after the last field, at offset 18" "long: offset"
expect 1 "block size log out of range" -- "$OTAIMG" mesh msg decode "8301 40 $BLOBID 94cf0600 05 1800"
contains "$T/err" "block_size_log at offset 15: value 5 is out of range (6..32)" "range: field, offset, range"
expect 1 "unknown opcode" -- "$OTAIMG" mesh msg decode 8240
contains "$T/err" "opcode 0x8240 is not" "unknown opcode named"
expect 2 "not hex" -- "$OTAIMG" mesh msg decode 83zz
expect 2 "no argument" -- "$OTAIMG" mesh msg decode
expect 2 "no operation" -- "$OTAIMG" mesh msg
expect 2 "unknown option" -- "$OTAIMG" mesh msg decode --nosuch 8300

# ---- encode: JSON from a file or standard input, back to the same octets ----
expect 0 "encode from a file" -- "$OTAIMG" mesh msg encode "$T/start.json"
is "$T/out" "830140${BLOBID}94cf06000c1800" "encode: the decoded message again"
"$OTAIMG" mesh msg encode --params <"$T/start.json" >"$T/out" 2>"$T/err"
is "$T/out" "40${BLOBID}94cf06000c1800" "encode --params from standard input"
printf '{"message":"firmware-distribution-upload-start","ttl":5,"timeout_base":10,"blob_id":"0x0102030405060708","firmware_size":446356,"metadata":"","fwid":"%s"}' "$FWID" >"$T/up.json"
expect 0 "encode Upload Start" -- "$OTAIMG" mesh msg encode "$T/up.json"
is "$T/out" "831f050a00${BLOBID}94cf060000${FWID}" "encode: BLOB ID and size little-endian (mesh-dfu.md 6.1)"
printf '{"message":"firmware-distribution-start","appkey_index":0,"ttl":5,"timeout_base":10,"transfer_mode":1,"update_policy":1,"image_index":0,"label_uuid":"00112233445566778899aabbccddeeff"}' >"$T/ds.json"
expect 0 "encode Distribution Start to a Label UUID" -- "$OTAIMG" mesh msg encode "$T/ds.json"
is "$T/out" "83190000050a0005000000112233445566778899aabbccddeeff" "encode: Label UUID form"
printf '{"message":"blob-block-start","block_number":1}' >"$T/bad.json"
expect 1 "encode: a field missing" -- "$OTAIMG" mesh msg encode "$T/bad.json"
contains "$T/err" "blob-block-start: chunk_size: missing" "encode: missing field named"
printf '{"message":"blob-block-start","block_number":1,"chunk_size":8,"extra":1}' >"$T/bad.json"
expect 1 "encode: an unknown key" -- "$OTAIMG" mesh msg encode "$T/bad.json"
contains "$T/err" 'unknown key "extra"' "encode: unknown key named"
expect 1 "encode: not JSON" -- "$OTAIMG" mesh msg encode /dev/null
expect 2 "encode: no such file" -- "$OTAIMG" mesh msg encode "$T/nosuch.json"

# every message of the list decodes from a sample and encodes back
expect 0 "list" -- "$OTAIMG" mesh msg list
[ "$(wc -l <"$T/out")" -eq 43 ] && ok "list: 43 messages" || bad "list: $(wc -l <"$T/out") messages"
contains "$T/out" "0x8327 firmware-distribution-firmware-status" "list: the last DFD opcode"

# ---- plan: mesh-dfu.md 4.4 ----
expect 0 "plan, Zephyr defaults" -- "$OTAIMG" mesh plan --size 446356 --target 8307"0c0c0001410000000800440003"
contains "$T/out" "blocks: 109 (last 3988 octets)" "plan 1: 109 blocks, last 3 988"
contains "$T/out" "chunks per block: 64 (last block 62)" "plan 1: 64 chunks per block, last 62"
contains "$T/out" "chunk messages: 6974 x 6 segments = 41844 segments" "plan 1: 6 974 x 6 = 41 844"
expect 0 "plan, 32 segments" -- "$OTAIMG" mesh plan --size 446356 --target zephyr-32seg --json
contains "$T/out" '"chunks_per_block": 11' "plan 2: 11 chunks per block"
contains "$T/out" '"chunks": 1199' "plan 2: 1 199 chunks"
contains "$T/out" '"segments": 38368' "plan 2: 38 368 segments"
printf '{"message":"blob-information-status","min_block_size_log":6,"max_block_size_log":20,"max_total_chunks":256,"max_chunk_size":377,"max_blob_size":1048576,"server_mtu":380,"supported_modes":3}' >"$T/caps.json"
expect 0 "plan, log reduced" -- "$OTAIMG" mesh plan --size 341466 --target "$T/caps.json"
contains "$T/out" "block size: 2^16 = 65536 octets" "plan 3: log 16"
contains "$T/out" "blocks: 6 " "plan 3: 6 blocks"
contains "$T/out" "chunks per block: 174 " "plan 3: 174 chunks per block"
contains "$T/out" "chunks: 907" "plan 3: 907 chunks"
expect 0 "plan with a Low Power node" -- "$OTAIMG" mesh plan --size 100000 --target zephyr-32seg --target zephyr-32seg --lpn 1:16
contains "$T/out" "pull mode, targets 0 1" "plan: pull for a Low Power node"
contains "$T/out" "chunk size: 181 octets" "plan: Friend queue 16 x 12 - 11"
expect 1 "plan: no common mode" -- "$OTAIMG" mesh plan --size 1000 --target 0c0c0001410000000800440001 --target zephyr --lpn 1:4
contains "$T/err" "target 0 (push only) cannot take the pull mode that Low Power node target 1 needs" "plan: the target that breaks it"
expect 0 "plan --split" -- "$OTAIMG" mesh plan --size 1000 --target 0c0c0001410000000800440001 --target zephyr --lpn 1:4 --split
contains "$T/out" "group 1: pull mode, targets 1" "plan --split: two groups"
expect 1 "plan: too large" -- "$OTAIMG" mesh plan --size 600000 --target zephyr
contains "$T/err" "larger than its max BLOB size 524288" "plan: size refused with the reason"
expect 1 "plan: not an Information Status" -- "$OTAIMG" mesh plan --size 1000 --target 8306
expect 2 "plan: no target" -- "$OTAIMG" mesh plan --size 1000
expect 2 "plan: --lpn past the targets" -- "$OTAIMG" mesh plan --size 1000 --target zephyr --lpn 3:4
expect 0 "plan with the client's SDU" -- "$OTAIMG" mesh plan --size 446356 --target zephyr-32seg --client-sdu 72
contains "$T/out" "chunk size: 65 octets" "plan --client-sdu 72: chunks of 72 - 7"
expect 2 "plan: bad size" -- "$OTAIMG" mesh plan --size 0x --target zephyr
# a Friend queue of 0 is no Low Power node; one target given twice (review)
expect 2 "plan: --lpn queue 0" -- "$OTAIMG" mesh plan --size 100000 --target zephyr --lpn 0:0
expect 2 "plan: --lpn twice for one target" -- "$OTAIMG" mesh plan --size 100000 --target zephyr --lpn 0:4 --lpn 0:8
finish
