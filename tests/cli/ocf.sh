#!/bin/sh
# otaimg ocf: pstat decode (the swagger vectors, bits named, malformed
# input), check (a folder with a good, a tampered, a foreign-identity and an
# older image, Zigbee and MCUboot; exit 0/1/2), run (a scripted handshake).
. "${top_srcdir:-.}/tests/cli/lib.sh"

V="$VECTORS/ocf"
PAYLOAD="${top_srcdir:-.}/examples/sample-payload.bin"

# ---- pstat decode ----
expect 0 "decode the tm=64 POST (hex CBOR)" -- "$OTAIMG" ocf pstat decode a162746d1840
contains "$T/out" "tm: 64 (0x40) software-version-validation" "bit 64 named"
expect 0 "decode the tm=128 POST" -- "$OTAIMG" ocf pstat decode "$(od -An -tx1 "$V/pstat-post-tm128.cbor" | tr -d ' \n')"
contains "$T/out" "tm: 128 (0x80) secure-software-update" "bit 128 named"
expect 0 "decode the GET example (CBOR)" -- "$OTAIMG" ocf pstat decode "$(od -An -tx1 "$V/pstat-get-example.cbor" | tr -d ' \n')"
contains "$T/out" "tm: 60 (0x3c) bootstrap-service, security-management-services, provision-credentials, provision-acls" "tm 60 named"
contains "$T/out" "rowneruuid: de305d54-75b4-431b-adb2-eb6b9e546014" "rowneruuid"
contains "$T/out" "dos.s: 3 (RFNOP)" "dos.s named"
expect 0 "decode the GET example (JSON, from standard input)" -- sh -c "'$OTAIMG' ocf pstat decode --json - <'$V/pstat-get-example.json'"
contains "$T/out" '"schema": 1' "pstat --json: schema"
contains "$T/out" '"rowneruuid": "de305d54-75b4-431b-adb2-eb6b9e546014"' "pstat --json: the representation"
contains "$T/out" '"dos_s_name": "RFNOP"' "pstat --json: dos.s named"
tr -d ' \n' <"$T/out" >"$T/flat"
contains "$T/flat" '"representation":{"rt":["oic.r.pstat"],"dos":{"s":3,"p":true},"isop":true,"cm":8,"tm":60,"om":2,"sm":7,' "pstat --json: canonical order"
contains "$T/flat" '"cm_bits":["security-management-services"]' "pstat --json: cm bits named"
contains "$T/flat" '"tm_bits":["bootstrap-service","security-management-services","provision-credentials","provision-acls"]' "pstat --json: tm bits named"

# JSON on standard input after white space (a newline first) was taken for CBOR
expect 0 "decode JSON from standard input that starts with a newline" -- sh -c "printf '\\n  {\"tm\":64}\\n' | '$OTAIMG' ocf pstat decode -"
contains "$T/out" "tm: 64 (0x40) software-version-validation" "leading white space: still JSON"
expect 2 "decode: an odd number of hex digits" -- "$OTAIMG" ocf pstat decode a162746d184
contains "$T/err" "an even number of hex digits" "odd hex: said so"

# ---- swu decode ----
SWU='{"purl":"https://fw.example/d.bin","swupdateaction":"upgrade","swupdatestate":"idle","swupdateresult":5,"updatetime":"now"}'
expect 0 "swu decode (JSON)" -- "$OTAIMG" ocf swu decode "$SWU"
contains "$T/out" "purl: https://fw.example/d.bin" "swu: purl"
contains "$T/out" "swupdateaction: upgrade" "swu: action"
contains "$T/out" "swupdateresult: 5 (svv-fail)" "swu: result named"
expect 0 "swu decode (hex CBOR)" -- "$OTAIMG" ocf swu decode a16e7377757064617465616374696f6e6469737676
contains "$T/out" "swupdateaction: isvv" "swu CBOR: action"
expect 0 "swu decode --json (standard input)" -- sh -c "printf '%s' '$SWU' | '$OTAIMG' ocf swu decode --json -"
tr -d ' \n' <"$T/out" >"$T/flat"
contains "$T/flat" '"representation":{"purl":"https://fw.example/d.bin","swupdateaction":"upgrade","swupdatestate":"idle","swupdateresult":5,"updatetime":"now"}' "swu --json: representation"
contains "$T/flat" '"swupdateresult_name":"svv-fail"' "swu --json: result named"
expect 1 "swu decode: an action not in the schema" -- "$OTAIMG" ocf swu decode '{"swupdateaction":"reboot"}'
contains "$T/err" "OTA_E_RANGE" "swu: the error named"
expect 1 "swu decode: truncated CBOR" -- "$OTAIMG" ocf swu decode a16e7377757064617465
contains "$T/err" "OTA_E_TRUNCATED" "swu: truncated named"
expect 2 "swu decode: no argument" -- "$OTAIMG" ocf swu decode
expect 2 "swu: no decode" -- "$OTAIMG" ocf swu "$SWU"
expect 0 "the non-spec 256 decodes under its own name" -- "$OTAIMG" ocf pstat decode '{"cm": 256}'
contains "$T/out" "nonspec-iotivity-new-software-available" "256 is named non-spec"
expect 1 "truncated CBOR" -- "$OTAIMG" ocf pstat decode a162746d18
contains "$T/err" "OTA_E_TRUNCATED" "truncated: the error named"
contains "$T/err" "offset 4" "truncated: the offset"
expect 1 "a wrong type" -- "$OTAIMG" ocf pstat decode a162746d6140
contains "$T/err" "OTA_E_OCF_TYPE" "wrong type: the error named"
expect 2 "neither hex nor JSON" -- "$OTAIMG" ocf pstat decode xyz
expect 2 "no argument" -- "$OTAIMG" ocf pstat decode

# ---- check: Zigbee ----
"$OTAIMG" cert ca --suite 1 -o "$T/ca.key" >"$T/ca.pub" || bad "cert ca"
"$OTAIMG" cert issue --suite 1 --ca "$T/ca.key" --subject 00:0D:6F:00:00:19:8B:36 \
	--issuer TESTLAB1 -o "$T/dev" >/dev/null || bad "cert issue"
zb() { # NAME MFR TYPE VERSION
	"$OTAIMG" create -m "$2" -t "$3" -v "$4" -o "$T/u.ota" "$PAYLOAD" &&
	"$OTAIMG" sign --suite 1 --key "$T/dev.key" --cert "$T/dev.cert" --ca "$T/ca.key" \
		-o "$T/zb/$1" "$T/u.ota" >/dev/null 2>&1 || bad "make $1"
}
mkdir "$T/zb"
zb good.ota 0x1234 1 0x00000300
zb newer-foreign.ota 0x4321 1 0x00000400
zb older.ota 0x1234 1 0x00000100
zb equal.ota 0x1234 1 0x00000200
zb tampered.ota 0x1234 1 0x00000500
flip "$T/zb/tampered.ota" 80
CA="$(cat "$T/ca.pub")"
expect 0 "Zigbee: the good one is picked" -- "$OTAIMG" ocf check --installed 0x00000200 \
	--ca "$CA" --manufacturer 0x1234 --image-type 1 "$T/zb"
contains "$T/out" "update available: $T/zb/good.ota (zigbee 0x00000300)" "Zigbee: good.ota picked"
contains "$T/out" "$T/zb/tampered.ota: refused: bad-signature" "Zigbee: tampered refused (bad signature)"
contains "$T/out" "$T/zb/newer-foreign.ota: refused: wrong-identity" "Zigbee: foreign refused (identity)"
contains "$T/out" "$T/zb/older.ota: refused: not-newer" "Zigbee: older refused"
contains "$T/out" "$T/zb/equal.ota: refused: not-newer" "Zigbee: equal refused"
expect 1 "Zigbee: nothing newer than 0x300" -- "$OTAIMG" ocf check --installed 0x00000300 \
	--ca "$CA" --manufacturer 0x1234 --image-type 1 "$T/zb"
contains "$T/out" "no update available" "Zigbee: none said"
expect 1 "Zigbee: without the CA nothing verifies" -- "$OTAIMG" ocf check --installed 0x00000200 \
	--manufacturer 0x1234 --image-type 1 "$T/zb"
contains "$T/out" "$T/zb/good.ota: refused: unsigned" "Zigbee: no anchor, refused as unsigned"

# --trust FILE|DIR: the content says what a file is
printf '%s\n' "$CA" >"$T/ca.hex"
expect 0 "--trust FILE (a CA point in hex)" -- "$OTAIMG" ocf check --installed 0x00000200 \
	--trust "$T/ca.hex" --manufacturer 0x1234 --image-type 1 "$T/zb"
contains "$T/out" "update available: $T/zb/good.ota (zigbee 0x00000300)" "--trust hex: good.ota picked"
expect 0 "--trust FILE (the CA as a PEM key)" -- "$OTAIMG" ocf check --installed 0x00000200 \
	--trust "$T/ca.key" --manufacturer 0x1234 --image-type 1 "$T/zb"
contains "$T/out" "update available: $T/zb/good.ota (zigbee 0x00000300)" "--trust PEM CA: good.ota picked"
mkdir "$T/anchors"
printf 'suite 1 %s\n' "$CA" >"$T/anchors/ca"
expect 0 "--trust DIR (a trust directory)" -- "$OTAIMG" ocf check --installed 0x00000200 \
	--trust "$T/anchors" --manufacturer 0x1234 --image-type 1 "$T/zb"
contains "$T/out" "update available: $T/zb/good.ota (zigbee 0x00000300)" "--trust DIR: good.ota picked"
expect 2 "--trust of a missing file" -- "$OTAIMG" ocf check --installed 0x200 --trust "$T/nothing" "$T/zb"
contains "$T/err" "--trust $T/nothing" "--trust missing: named"
expect 2 "check: a candidate that does not exist (a typo, not 'no update')" -- "$OTAIMG" ocf check \
	--installed 0x200 --ca "$CA" "$T/zb/no-such-file.ota"
contains "$T/err" "no-such-file.ota: No such file or directory" "check: the missing candidate named with the reason"
expect 2 "--trust of a file that is no anchor" -- "$OTAIMG" ocf check --installed 0x200 --trust "$PAYLOAD" "$T/zb"
# check --json: the decision, the chosen one, each refusal
expect 0 "check --json" -- "$OTAIMG" ocf check --json --installed 0x00000200 --ca "$CA" \
	--manufacturer 0x1234 --image-type 1 "$T/zb"
tr -d ' \n' <"$T/out" >"$T/flat"
contains "$T/flat" '"schema":1,"installed":{"file_version":512,"file_version_hex":"0x00000200","fw_version":null},"decision":"update-available","update_available":true' "check --json: installed and decision"
contains "$T/flat" "\"chosen\":{\"file\":\"$T/zb/good.ota\",\"format\":\"zigbee\",\"version\":\"0x00000300\",\"index\":1}" "check --json: the chosen one"
contains "$T/flat" "{\"file\":\"$T/zb/older.ota\",\"format\":\"zigbee\",\"version\":\"0x00000100\",\"verdict\":\"refused\",\"reason\":\"not-newer\",\"error\":{\"code\":\"OTA_E_NOT_APPLICABLE\"" "check --json: older refused with its code"
# a candidate whose name is not UTF-8 kept no "file" at all (jansson
# refuses the string); now U+FFFD and file_hex, as inspect --json does
mkdir "$T/u8"
printf 'x' >"$T/u8/bad$(printf '\377')name"
expect 1 "check --json: a file name that is not UTF-8" -- "$OTAIMG" ocf check --json --installed 1.0.0 "$T/u8"
contains "$T/out" "\"file\": \"$T/u8/bad$(printf '\357\277\275')name\"" "check --json: the name with U+FFFD"
contains "$T/out" "\"file_hex\": \"$(printf '%s/u8/bad' "$T" | od -An -tx1 | tr -d ' \n')ff6e616d65\"" "check --json: the exact bytes in file_hex"
contains "$T/flat" "{\"file\":\"$T/zb/tampered.ota\",\"format\":\"zigbee\"" "check --json: tampered listed"
contains "$T/flat" '"verdict":"refused","reason":"bad-signature","error":{"code":"OTA_E_' "check --json: bad signature with a code"
contains "$T/flat" '"verdict":"chosen","reason":"available","error":null' "check --json: chosen verdict"
expect 1 "check --json: nothing newer" -- "$OTAIMG" ocf check --json --installed 0x00000300 \
	--ca "$CA" --manufacturer 0x1234 --image-type 1 "$T/zb"
tr -d ' \n' <"$T/out" >"$T/flat"
contains "$T/flat" '"decision":"no-update","update_available":false,"chosen":null' "check --json: no update"
# a FIFO or a link to /dev/zero among the candidates: refused at once
mkfifo "$T/fifo.ota" && ln -s /dev/zero "$T/zero.ota"
expect 1 "check: a FIFO and /dev/zero do not hang" -- "$OTAIMG" ocf check --installed 0x200 \
	--ca "$CA" --manufacturer 0x1234 --image-type 1 "$T/fifo.ota" "$T/zero.ota"
contains "$T/out" "$T/fifo.ota: refused: malformed: not a regular file" "check: FIFO refused"
contains "$T/out" "$T/zero.ota: refused: malformed: not a regular file" "check: /dev/zero refused"

# ---- check: MCUboot ----
head -c 3000 /dev/urandom >"$T/raw.bin"
"$OTAIMG" keygen -q -t p256 -o "$T/k.pem"
"$OTAIMG" keygen -q -t p256 -o "$T/other.pem"
openssl pkey -in "$T/k.pem" -pubout -out "$T/k.pub.pem" 2>/dev/null
mb() { # NAME KEY VERSION
	"$OTAIMG" create --format mcuboot -k "$2" --version "$3" -H 0x20 --pad-header \
		-o "$T/mb/$1" "$T/raw.bin" >/dev/null 2>&1 || bad "make $1"
}
mkdir "$T/mb"
mb a-good.bin "$T/k.pem" 1.3.0+0
mb b-foreign.bin "$T/other.pem" 2.0.0+0
mb c-older.bin "$T/k.pem" 1.1.9+7
mb d-tampered.bin "$T/k.pem" 1.4.0+0
mb e-better.bin "$T/k.pem" 1.3.0+1
flip "$T/mb/d-tampered.bin" 100
expect 0 "MCUboot: the newest good one is picked" -- "$OTAIMG" ocf check --installed 1.2.0 \
	--key "$T/k.pub.pem" "$T/mb"
contains "$T/out" "update available: $T/mb/e-better.bin (mcuboot 1.3.0+1)" "MCUboot: newest picked (build number counts)"
contains "$T/out" "$T/mb/a-good.bin: candidate: mcuboot 1.3.0+0" "MCUboot: a good older candidate listed"
contains "$T/out" "$T/mb/b-foreign.bin: refused: wrong-identity" "MCUboot: another key's image refused"
contains "$T/out" "$T/mb/c-older.bin: refused: not-newer" "MCUboot: older refused"
contains "$T/out" "$T/mb/d-tampered.bin: refused: bad-signature" "MCUboot: tampered refused"
expect 1 "MCUboot: equal to the installed" -- "$OTAIMG" ocf check --installed 1.3.0+1 \
	--key "$T/k.pub.pem" "$T/mb/e-better.bin"
contains "$T/out" "not newer than the installed 1.3.0+1" "MCUboot: equal refused"
expect 1 "MCUboot: the installed version of the other kind only" -- "$OTAIMG" ocf check \
	--installed 0x100 --key "$T/k.pub.pem" "$T/mb/e-better.bin"
expect 0 "--trust FILE (an MCUboot public key PEM)" -- "$OTAIMG" ocf check --installed 1.2.0 \
	--trust "$T/k.pub.pem" "$T/mb"
contains "$T/out" "update available: $T/mb/e-better.bin (mcuboot 1.3.0+1)" "--trust key: newest picked"
expect 0 "--trust for both kinds, repeated" -- "$OTAIMG" ocf check --installed 1.2.0 --installed 0x200 \
	--trust "$T/k.pub.pem" --trust "$T/ca.hex" --manufacturer 0x1234 --image-type 1 "$T/zb" "$T/mb"
contains "$T/out" "$T/zb/good.ota: candidate: zigbee 0x00000300" "--trust both: Zigbee candidate"
contains "$T/out" "$T/mb/e-better.bin: candidate: mcuboot 1.3.0+1" "--trust both: MCUboot candidate"
expect 2 "check without --installed" -- "$OTAIMG" ocf check "$T/mb"
expect 2 "check with a bad version" -- "$OTAIMG" ocf check --installed 1.x "$T/mb"
expect 2 "check with no candidate" -- "$OTAIMG" ocf check --installed 1.0

# ---- check: Mesh DFU archives (identity: the key and the FWID company) ----
mkdir "$T/ma"
cat >"$T/comp.json" <<'EOJ'
{"cid": 89, "pid": 0, "vid": 0, "crpl": 10, "features": 3,
 "elements": [{"location": 1, "sig_models": [0, 2, 5120, 5122], "vendor_models": []}]}
EOJ
"$OTAIMG" create --format mesh-zip --company 0x0059 --comp "$T/comp.json" -o "$T/ma/good.zip" \
	"$T/mb/a-good.bin" >/dev/null 2>&1 || bad "make good.zip"
"$OTAIMG" create --format mesh-zip --company 0x0060 --comp "$T/comp.json" -o "$T/ma/foreign.zip" \
	"$T/mb/e-better.bin" >/dev/null 2>&1 || bad "make foreign.zip"
expect 0 "Mesh: the archive of this company is picked" -- "$OTAIMG" ocf check --installed 1.2.0 \
	--key "$T/k.pub.pem" --company 0x0059 "$T/ma"
contains "$T/out" "update available: $T/ma/good.zip (mesh-archive 1.3.0+0)" "Mesh: good.zip picked"
contains "$T/out" "$T/ma/foreign.zip: refused: wrong-identity: the FWID company is not 0x0059" "Mesh: another company refused"

# ---- run ----
cat >"$T/s1" <<'EOS'
# a client validates, then updates; the device reboots into the new image
tm 64 unprivileged
tm 64
tm 0
check-done available 2.0.0+0
expect cm 64 tm 0 state sva reason available
tm 128
installed
reboot 2.0.0+0
expect cm 128 tm 0 dos 3 state idle reason updated
tm 128
expect cm 128 tm 0 state idle
policy report
tm 128 device
expect cm 0 tm 128 state upgrading reason not-validated
update-done upgrade-fail 2
expect cm 0 tm 0 dos 2 state idle reason install-failed
pstat a162746d1840
check-done refused bad-signature
expect cm 0 tm 0 state idle reason bad-signature
dos 1 pending
expect dos 1
EOS
expect 0 "run: a whole handshake" -- "$OTAIMG" ocf run "$T/s1"
contains "$T/out" "refused: OTA_E_OCF_PRIVILEGE" "run: an unprivileged write refused"
contains "$T/out" "observe: tm,swupdatestate -> cm=0 tm=64 dos=3 swupdatestate=svv" "run: the observer"
contains "$T/out" "refused: OTA_E_OCF_NOT_VALIDATED" "run: tm.128 before validation refused (enforce)"
contains "$T/out" "observe: cm,tm,swupdatestate,result,unvalidated-update" "run: reported under policy report"
contains "$T/out" "lastupdate=2026-11-30T06:00:00Z" "run: lastupdate"
contains "$T/out" "observe: dos -> cm=0 tm=0 dos=1 swupdatestate=idle" "run: an onboarding dos change is observed"
printf 'tm 64\nexpect cm 64\n' >"$T/s2"
expect 1 "run: an expect that does not hold" -- "$OTAIMG" ocf run "$T/s2"
printf 'tm 64\nfrobnicate\n' >"$T/s3"
expect 2 "run: an unknown line" -- "$OTAIMG" ocf run "$T/s3"
contains "$T/err" "s3:2: cannot read 'frobnicate'" "run: the line named"
expect 2 "run: a missing script" -- "$OTAIMG" ocf run "$T/nonexistent"
contains "$T/err" "nonexistent: cannot open the script: No such file or directory" "run: why it cannot be opened"
mkdir "$T/sdir"
expect 2 "run: a folder for a script" -- "$OTAIMG" ocf run "$T/sdir"
contains "$T/err" "sdir: cannot read the script: Is a directory" "run: a folder named (was silent)"
# a NUL byte first on a line hid the line (run went on without it, exit 0)
printf '\000tm 64\nexpect tm 64\n' >"$T/s4"
expect 2 "run: a NUL byte starting a line" -- "$OTAIMG" ocf run "$T/s4"
contains "$T/err" "s4:1: a NUL byte at column 1" "run: the NUL byte located"
printf 'tm 64\000x\n' >"$T/s5"
expect 2 "run: a NUL byte inside a line" -- "$OTAIMG" ocf run "$T/s5"
contains "$T/err" "s5:1: a NUL byte at column 6" "run: a NUL is not a long line"
# ---- examples/ocf_swupdate: the callbacks of a device, the install helper ----
EX="${top_builddir:-.}/examples/ocf_swupdate"
expect 0 "example: validates, installs the newest good image" -- "$EX" "$T/state" "$T/slot" 1.2.0 \
	"$T/k.pub.pem" "$T/mb/c-older.bin" "$T/mb/d-tampered.bin" "$T/mb/e-better.bin"
contains "$T/out" "installed 1.3.0+1 into $T/slot" "example: the update callback installed it"
cmp -s "$T/slot" "$T/mb/e-better.bin" && ok "example: the slot holds the verified image" || bad "example: slot"
ls "$T" | grep -q '^\.otaimg-' && bad "example: a temporary file left" || ok "example: no temporary file left"
expect 1 "example: run again, nothing newer" -- "$EX" "$T/state" "$T/slot" 1.3.0+1 \
	"$T/k.pub.pem" "$T/mb/e-better.bin"
contains "$T/out" "cm=128 tm=64" "example: cm.128 kept from the saved state"
expect 2 "ocf: an unknown subcommand" -- "$OTAIMG" ocf frob
expect 0 "ocf --help" -- "$OTAIMG" ocf --help
finish
