#!/bin/sh
# mesh.sh - otaimg mesh (issue 10 item 7): FWID, metadata encode/decode and
# composition hash round trips, known answers from the Mesh DFU reference
# (vectors A, D, E), exit statuses.
. "$(dirname "$0")/lib.sh"
M="$VECTORS/mesh"
CDP0_D="5900 0000 0000 0a00 0300 0100 0400 0000 0200 0014 0214"
CDP0_A="5900 0000 0000 0a00 0700 0100 0400 0000 0200 42bf 44bf"

# is FILE TEXT DESC: FILE holds exactly the line TEXT
is() {
	if [ "$(cat "$1")" = "$2" ]; then ok "$3"; else bad "$3: got '$(head -c 200 "$1")'"; fi
}

# ---- fwid ----
expect 0 "fwid from company and version" -- "$OTAIMG" mesh fwid --company 0x0059 --version 2.0.1+1234
is "$T/out" 590002000100d2040000 "fwid: 0x0059 + 2.0.1+1234 is 590002000100d2040000"
expect 0 "fwid decode" -- "$OTAIMG" mesh fwid 590002000100d2040000
contains "$T/out" "text: 0059:02000100d2040000" "fwid decode: company:version text"
contains "$T/out" "version: 2.0.1+1234 (MCUboot form)" "fwid decode: the MCUboot version"
expect 0 "fwid decode, text form" -- "$OTAIMG" mesh fwid 0059:02000000000000000000
contains "$T/out" "fwid: 590002000000000000000000" "fwid: text form to wire order"
expect 0 "fwid company+version form" -- "$OTAIMG" mesh fwid --json 89+2.0.0+0
python3 - "$T/out" <<'PY' && ok "fwid --json fields" || bad "fwid --json fields"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["hex"] == "59000200000000000000" and d["company"] == 89 and d["version"] == "2.0.0+0"
assert d["length"] == 10 and d["zephyr_limits"] == []
PY
long=$(printf '%0216d' 0)
expect 0 "fwid of 108 bytes" -- "$OTAIMG" mesh fwid "$long"
contains "$T/err" "warning: the FWID is 108 bytes: Zephyr nodes take at most 106" "fwid: Zephyr maximum warning"
expect 0 "fwid of 17 bytes" -- "$OTAIMG" mesh fwid -q "$(printf '%034d' 0)"
[ -s "$T/err" ] && bad "fwid -q: a warning" || ok "fwid -q: no warning"
expect 0 "fwid of 17 bytes" -- "$OTAIMG" mesh fwid "$(printf '%034d' 0)"
contains "$T/err" "over Zephyr's default CONFIG_BT_MESH_DFU_FWID_MAXLEN of 16" "fwid: Zephyr default warning"
expect 1 "fwid of 1 byte" -- "$OTAIMG" mesh fwid 59
contains "$T/err" "otaimg-mesh: 59: a FWID is 2 to 108 bytes" "fwid: 1 byte refused"
expect 1 "fwid of 109 bytes" -- "$OTAIMG" mesh fwid "${long}00"
expect 1 "fwid not hex" -- "$OTAIMG" mesh fwid 59zz
expect 2 "fwid: --company without --version" -- "$OTAIMG" mesh fwid --company 89
expect 2 "fwid: --company 0x10000" -- "$OTAIMG" mesh fwid --company 0x10000 --version 1.0.0
expect 2 "fwid: --version bad" -- "$OTAIMG" mesh fwid --company 89 --version 1.x
expect 2 "fwid: an option of another subcommand" -- "$OTAIMG" mesh fwid --size 4 0059:

# ---- metadata encode: the known answers ----
expect 0 "metadata encode D (hash given)" -- "$OTAIMG" mesh metadata encode --version 2.0.0+0 \
	--size 341466 --comp-hash 0x7e567089 --elements 1
is "$T/out" 0200000000000000da3505018970567e0100 "metadata D"
expect 0 "metadata encode D (from ble_mesh_metadata.json)" -- "$OTAIMG" mesh metadata encode \
	--version 2.0.0 --size 341466 --comp "$M/metadata-d.json"
is "$T/out" 0200000000000000da3505018970567e0100 "metadata D from composition_data"
expect 0 "metadata encode D (from page 0 hex)" -- "$OTAIMG" mesh metadata encode \
	--version 2.0.0 --size 341466 --comp-hex "$CDP0_D"
is "$T/out" 0200000000000000da3505018970567e0100 "metadata D from page 0"
expect 0 "metadata encode E, model-first" -- "$OTAIMG" mesh metadata encode --version 2.0.1+1234 \
	--size 446356 --comp "$M/comp-e.json" --order model-first
is "$T/out" 02000100d204000094cf0601458b0ebc0200 "metadata E (the NCS script's hash)"
contains "$T/err" "a Zephyr target computes 0x04abe898" "model-first: the device-order warning"
expect 0 "metadata encode E, device order" -- "$OTAIMG" mesh metadata encode --version 2.0.1+1234 \
	--size 446356 --comp "$M/comp-e.json"
is "$T/out" 02000100d204000094cf060198e8ab040200 "metadata E in device order"
expect 0 "metadata encode A" -- "$OTAIMG" mesh metadata encode --version 2.0.0+0 --size 2412436 \
	--comp-hex "$CDP0_A"
is "$T/out" 020000000000000094cf24017c26f3710100 "metadata A"
# no application bit: no hash, no element count (not Zephyr's always-append)
expect 0 "metadata encode, network core" -- "$OTAIMG" mesh metadata encode --version 1.0.0 \
	--size 100 --core-type 2 --user-data "de ad"
is "$T/out" 010000000000000064000002dead "metadata: core type 2 is 12 bytes + user data"
# --image: the file's size
head -c 341466 /dev/zero >"$T/img.bin"
expect 0 "metadata encode --image" -- "$OTAIMG" mesh metadata encode --version 2.0.0+0 \
	--image "$T/img.bin" --comp-hash 0x7e567089 --elements 1 -o "$T/md.bin"
[ "$(od -An -tx1 "$T/md.bin" | tr -d ' \n')" = 0200000000000000da3505018970567e0100 ] &&
	ok "metadata -o: the bytes" || bad "metadata -o: the bytes"
[ -s "$T/out" ] && bad "metadata -o: something on standard output" || ok "metadata -o: nothing printed"
# 16 MiB: refused, never truncated
expect 1 "metadata: fw_size 16 MiB" -- "$OTAIMG" mesh metadata encode --version 1.0.0 \
	--size 16777216 --core-type 0
contains "$T/err" "does not fit the 24-bit fw_size" "16 MiB: the message"
expect 0 "metadata: fw_size 16 MiB - 1" -- "$OTAIMG" mesh metadata encode --version 1.0.0 \
	--size 16777215 --core-type 0
is "$T/out" 0100000000000000ffffff00 "16 MiB - 1 encodes"
expect 1 "metadata over 255 bytes" -- "$OTAIMG" mesh metadata encode --version 1.0.0 --size 1 \
	--comp-hash 1 --elements 1 --user-data "$(printf '%0476d' 0)"
contains "$T/err" "over 255 bytes" "over 255: the message"
expect 0 "metadata of 34 bytes" -- "$OTAIMG" mesh metadata encode --version 1.0.0 --size 1 \
	--comp-hash 1 --elements 1 --user-data "$(printf '%032d' 0)"
contains "$T/err" "over Zephyr's default CONFIG_BT_MESH_DFU_METADATA_MAXLEN of 32" "metadata: Zephyr default warning"
expect 2 "metadata: application core without a composition" -- "$OTAIMG" mesh metadata encode \
	--version 1.0.0 --size 1
expect 2 "metadata: --size and --image" -- "$OTAIMG" mesh metadata encode --version 1.0.0 \
	--size 1 --image "$T/img.bin" --comp-hash 1 --elements 1
expect 2 "metadata: two composition sources" -- "$OTAIMG" mesh metadata encode --version 1.0.0 \
	--size 1 --comp-hash 1 --elements 1 --comp "$M/comp-e.json"
expect 2 "metadata: --comp-hash without --elements" -- "$OTAIMG" mesh metadata encode \
	--version 1.0.0 --size 1 --comp-hash 1
expect 2 "metadata: a missing --comp file" -- "$OTAIMG" mesh metadata encode --version 1.0.0 \
	--size 1 --comp "$T/missing.json"
printf '{"cid": "89"}' >"$T/bad.json"
expect 1 "metadata: --comp with a mistyped key" -- "$OTAIMG" mesh metadata encode --version 1.0.0 \
	--size 1 --comp "$T/bad.json"
contains "$T/err" "composition_data.cid: not an integer" "mistyped key: the path"

# ---- metadata decode ----
expect 0 "metadata decode E" -- "$OTAIMG" mesh metadata decode 02000100d204000094cf0601458b0ebc0200
for l in "version: 2.0.1+1234" "fw_size: 446356" "core type: 0x01 (application)" \
    "composition hash: 0xbc0e8b45" "elements: 2" "user data: 0 bytes" "form: comp"; do
	contains "$T/out" "$l" "decode E: $l"
done
expect 0 "metadata decode --json, appended form" -- "$OTAIMG" mesh metadata decode --json \
	"0100000000000000 640000 00 44332211 0300 0a"
python3 - "$T/out" <<'PY' && ok "decode --json: appended form, user data byte-exact" || bad "decode --json appended"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["form"] == "appended" and d["core_type"] == 0 and d["fw_size"] == 100
assert d["user_data"] == "4433221103000a" and "composition_hash" not in d
assert d["hex"] == "0100000000000000640000004433221103000a" and d["length"] == 19
PY
expect 0 "metadata decode --file" -- "$OTAIMG" mesh metadata decode --json --file "$T/md.bin"
python3 - "$T/out" <<'PY' && ok "decode --json: every field" || bad "decode --json fields"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["version"] == "2.0.0+0" and d["fw_size"] == 341466 and d["core_types"] == ["application"]
assert d["composition_hash"] == 0x7e567089 and d["composition_hash_hex"] == "0x7e567089"
assert d["elements"] == 1 and d["form"] == "comp" and d["user_data"] == ""
PY
expect 1 "metadata decode: 11 bytes" -- "$OTAIMG" mesh metadata decode 0100000000000000640000
contains "$T/err" "under the 12" "11 bytes: the message"
expect 1 "metadata decode: application bit, 5 more bytes" -- "$OTAIMG" mesh metadata decode \
	010000000000000064000001aabbccddee
contains "$T/err" "offset 12" "application bit cut short: the offset"
expect 2 "metadata decode: not hex" -- "$OTAIMG" mesh metadata decode 01xx
expect 2 "metadata decode: nothing" -- "$OTAIMG" mesh metadata decode

# ---- comp-hash ----
expect 0 "comp-hash E, device order" -- "$OTAIMG" mesh comp-hash --comp "$M/comp-e.json"
is "$T/out" 0x04abe898 "comp-hash E: 0x04abe898"
expect 0 "comp-hash E, model-first" -- "$OTAIMG" mesh comp-hash --comp "$M/comp-e.json" --order model-first
is "$T/out" 0xbc0e8b45 "comp-hash E model-first: 0xbc0e8b45"
expect 0 "comp-hash D from the metadata JSON" -- "$OTAIMG" mesh comp-hash --comp "$M/metadata-d.json"
is "$T/out" 0x7e567089 "comp-hash D: 0x7e567089"
expect 0 "comp-hash D from hex" -- "$OTAIMG" mesh comp-hash --hex "$CDP0_D"
is "$T/out" 0x7e567089 "comp-hash D from page 0"
expect 0 "comp-hash D with the page byte" -- "$OTAIMG" mesh comp-hash --hex "00 $CDP0_D"
is "$T/out" 0x7e567089 "comp-hash D with the page byte"
expect 0 "comp-hash --json, both orders" -- "$OTAIMG" mesh comp-hash --json --order both --comp "$M/comp-e.json"
python3 - "$T/out" <<'PY' && ok "comp-hash --json fields" || bad "comp-hash --json fields"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["hashes"] == {"device": "0x04abe898", "model-first": "0xbc0e8b45"} and d["orders_differ"]
assert d["input_form"] == "json" and d["composition_data"]["elements"][0]["vendor_models"] == [5832718]
assert d["page0"].startswith("5900000000000a00")
PY
# the JSON composition round-trips through page 0
python3 -c 'import json,sys; print(json.dumps(json.load(open(sys.argv[1]))["composition_data"]))' "$T/out" >"$T/rt.json"
expect 0 "comp-hash of the printed composition_data" -- "$OTAIMG" mesh comp-hash --comp "$T/rt.json"
is "$T/out" 0x04abe898 "composition_data round trip"
# status message of vector A: also a page 0 of company 0x0002
expect 2 "comp-hash: an ambiguous status message" -- "$OTAIMG" mesh comp-hash --hex "0200 $CDP0_A"
contains "$T/err" "--form raw, page-byte or status" "ambiguity: names --form"
expect 0 "comp-hash --form status" -- "$OTAIMG" mesh comp-hash --form status --hex "0200 $CDP0_A"
is "$T/out" 0x71f3267c "comp-hash A from a status message"
printf '\002\000' >"$T/status.bin"
printf '%s' "$CDP0_A" | tr -d ' ' | sed 's/../\\x&/g' | xargs -0 printf >>"$T/status.bin"
expect 0 "comp-hash --file, status" -- "$OTAIMG" mesh comp-hash --form status --file "$T/status.bin"
is "$T/out" 0x71f3267c "comp-hash --file"
expect 1 "comp-hash: counts past the end" -- "$OTAIMG" mesh comp-hash --hex "5900 0000 0000 0a00 0300 0100 0400 0000 0200"
contains "$T/err" "declares 4 SIG and 0 vendor models" "counts past the end: the message"
expect 1 "comp-hash: element cut short" -- "$OTAIMG" mesh comp-hash --form raw --hex "$CDP0_D 0100"
expect 2 "comp-hash: page 1" -- "$OTAIMG" mesh comp-hash --hex "01 $CDP0_D"
expect 2 "comp-hash: two inputs" -- "$OTAIMG" mesh comp-hash --hex "$CDP0_D" --comp "$M/comp-e.json"
expect 2 "comp-hash: bad --order" -- "$OTAIMG" mesh comp-hash --hex "$CDP0_D" --order sideways
expect 2 "comp-hash: bad --form" -- "$OTAIMG" mesh comp-hash --hex "$CDP0_D" --form odd
expect 2 "mesh: unknown subcommand" -- "$OTAIMG" mesh frobnicate
expect 2 "mesh metadata: no operation" -- "$OTAIMG" mesh metadata
# a full output device: exit 2 with the reason (review: "cannot write" alone)
if [ -w /dev/full ]; then
	expect 2 "metadata encode -o /dev/full" -- "$OTAIMG" mesh metadata encode --version 1.0.0 --size 100 --core-type 0 -o /dev/full
	contains "$T/err" "No space left on device" "metadata -o /dev/full: the reason"
fi
finish
