#!/bin/sh
# otaimg create -> inspect -> verify -> extract round trips, options, errors.
. "${top_srcdir:-.}/tests/cli/lib.sh"

head -c 70000 /dev/urandom >"$T/payload.bin"
printf 'vendor data' >"$T/tag.bin"
expect 0 "create with every header field" -- "$OTAIMG" create -m 0x1234 -t 0x0042 \
	-v 01:02:03:04 -s "round trip" --stack-version 2 --security-credential 1 \
	--destination 00:0D:6F:00:00:19:8B:36 --hw-min 0x0100 --hw-max 0x0203 \
	--tag 0xF123="$T/tag.bin" --integrity-code -o "$T/a.ota" "$T/payload.bin"
expect 0 "inspect --json" -- "$OTAIMG" inspect --json "$T/a.ota"
cp "$T/out" "$T/a.json"
for kv in '"manufacturer_code": 4660' '"image_type": 66' '"file_version": 16909060' \
	'"file_version_octets": "01:02:03:04"' '"text": "round trip"' '"stack_version": 2' \
	'"security_credential_version": 1' '"eui64": "000D6F0000198B36"' \
	'"file_bytes_hex": "368b1900006f0d00"' '"hw_min": 256' '"hw_max": 515' \
	'"field_control": 7' '"header_length": 69' '"tag": 61731' '"length": 70000' \
	'"length": 11' '"tag_name": "integrity-code"' '"walk": "standard"'; do
	contains "$T/a.json" "$kv" "inspect reproduces $kv"
done
contains "$T/a.json" "\"total_image_size\": $(size "$T/a.ota")" "total_image_size is the file size"
expect 0 "verify the created file, strictly" -- "$OTAIMG" verify --strict "$T/a.ota"
expect 0 "extract the upgrade image" -- "$OTAIMG" extract "$T/a.ota" --tag 0 -o "$T/x.bin"
if cmp -s "$T/x.bin" "$T/payload.bin"; then ok "extract is byte-exact"; else bad "extract differs"; fi
expect 0 "extract a manufacturer tag" -- "$OTAIMG" extract "$T/a.ota" --tag 0xF123 -o "$T/t.bin"
if cmp -s "$T/t.bin" "$T/tag.bin"; then ok "tag extract is byte-exact"; else bad "tag extract differs"; fi
expect 1 "extract of a missing tag" -- "$OTAIMG" extract "$T/a.ota" --tag 0x0004 -o "$T/none.bin"
[ -e "$T/none.bin" ] && bad "a failed extract left a file" || ok "a failed extract leaves no file"

# payload from standard input, same bytes as from the file
expect 0 "payload from stdin" -- sh -c "cat '$T/payload.bin' | '$OTAIMG' create -m 0x1234 -t 0x0042 \
	-v 01:02:03:04 -s 'round trip' --stack-version 2 --security-credential 1 \
	--destination 000D6F0000198B36 --hw-min 256 --hw-max 0x0203 --tag 0xF123='$T/tag.bin' \
	--integrity-code -o '$T/b.ota' -"
if cmp -s "$T/a.ota" "$T/b.ota"; then ok "same inputs give the same bytes"; else bad "stdin output differs"; fi
expect 0 "output to a pipe" -- sh -c "'$OTAIMG' create -m 1 -t 2 -v 3 -o - '$T/payload.bin' | cat >'$T/c.ota'"
expect 0 "piped output verifies" -- "$OTAIMG" verify "$T/c.ota"

# naming, warnings, strictness
expect 0 "standard name" -- "$OTAIMG" create -m 0x1002 -t 0x5678 -v 5 -s "my fw 1.0" \
	--standard-name -o "$T" "$T/payload.bin"
[ -f "$T/1002-5678-00000005-my_fw_1.0.zigbee" ] && ok "named MMMM-TTTT-VVVVVVVV-text.zigbee" || bad "standard name not written"
expect 0 "wildcard manufacturer warns" -- "$OTAIMG" create -m 0xFFFF -t 1 -v 1 -o "$T/w.ota" "$T/payload.bin"
contains "$T/err" "wildcard" "the warning names the wildcard"
expect 1 "--strict refuses the wildcard" -- "$OTAIMG" create --strict -m 0xFFFF -t 1 -v 1 -o "$T/s.ota" "$T/payload.bin"
[ -e "$T/s.ota" ] && bad "strict failure left a file" || ok "strict failure leaves no file"
expect 1 "--strict refuses image type 0xFFC0" -- "$OTAIMG" create --strict -m 1 -t 0xFFC0 -v 1 -o "$T/s.ota" "$T/payload.bin"
expect 1 "--strict refuses file version 0xFFFFFFFF" -- "$OTAIMG" create --strict -m 1 -t 1 -v 0xFFFFFFFF -o "$T/s.ota" "$T/payload.bin"

# usage errors
expect 2 "--hw-min without --hw-max" -- "$OTAIMG" create -m 1 -t 1 -v 1 --hw-min 1 -o "$T/u.ota" "$T/payload.bin"
expect 2 "manufacturer out of range" -- "$OTAIMG" create -m 0x10000 -t 1 -v 1 -o "$T/u.ota" "$T/payload.bin"
expect 2 "bad destination" -- "$OTAIMG" create -m 1 -t 1 -v 1 --destination 12:34 -o "$T/u.ota" "$T/payload.bin"
expect 2 "string longer than 32 bytes" -- "$OTAIMG" create -m 1 -t 1 -v 1 -s 0123456789012345678901234567890123 -o "$T/u.ota" "$T/payload.bin"
expect 2 "missing required fields" -- "$OTAIMG" create -o "$T/u.ota" "$T/payload.bin"
expect 2 "unreadable tag file" -- "$OTAIMG" create -m 1 -t 1 -v 1 --tag 0xF000="$T/missing" -o "$T/u.ota" "$T/payload.bin"
[ -e "$T/u.ota" ] && bad "a failed create left a file" || ok "a failed create leaves no file"
ls -a "$T" | grep -q '^\.otaimg-' && bad "a temporary file was left behind" || ok "no temporary files left"
expect 2 "unknown command" -- "$OTAIMG" frobnicate
for cmd in create inspect verify extract sign cert keygen pubkey; do
	expect 2 "$cmd: no arguments" -- "$OTAIMG" $cmd
	expect 2 "$cmd: unknown option" -- "$OTAIMG" $cmd --no-such-option
	expect 0 "$cmd -h" -- "$OTAIMG" $cmd -h
done
expect 2 "sign without --cert" -- "$OTAIMG" sign --key x -o "$T/u.ota" "$T/a.ota"
expect 0 "--version" -- "$OTAIMG" --version
finish
