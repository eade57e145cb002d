#!/bin/sh
# edit.sh - otaimg edit (issue 14 item 2): header fields rewritten, every
# other byte kept, the integrity code recomputed, signed images refused
# unless re-signed or the signature is dropped, optional fields added and
# removed, bad input refused with nothing written.
. "$(dirname "$0")/lib.sh"
SAMPLE="$VECTORS/zigbee/samples/silabs-suite1-signed-sample.ota"
INNR="$REAL/Innr__1166-0128-24011511-RS_226_v2-upgradeMe.ota"       # fc 4, IIC
UBISYS="$REAL/Ubisys__10F2-7B2A-0000-0005-02000230-m7b-r0.ota.zigbee" # fc 4, IIC, F7BD first
DEVELCO="$REAL/Develco__ZR_Smartplug_SSIG_3.12.16.zigbee"            # fc 0, IIC
INSTA="$REAL/Insta__ZLL_HS_4f_GJ_Release_10.03.32.02.zigbee"          # fc 0, no IIC
SONOFF="$REAL/Sonoff__SN-TLSR8656-09P-01-v1.1.2.ota"                  # Telink F000
SDEV="$REAL/SDevices__152F_SBDV-00196_switch1gang_r_6_48fb8e55_06000000.ota.zigbee" # suite 2 signature, FF padding

# same A OFFA B OFFB LEN DESC: LEN bytes of A from OFFA equal those of B from OFFB
same() {
	if [ "$5" -le 0 ] || cmp -s -i "$2:$4" -n "$5" "$1" "$3"; then ok "$6"; else
		bad "$6: bytes differ"; cmp -i "$2:$4" -n "$5" "$1" "$3" | sed 's/^/#   /'; fi
}
# hexat FILE OFF LEN: the bytes as hex
hexat() { od -An -tx1 -j "$2" -N "$3" "$1" | tr -d ' \n'; }
u16at() { od -An -tu2 -j "$2" -N 2 "$1" | tr -d ' '; }
u32at() { od -An -tu4 -j "$2" -N 4 "$1" | tr -d ' '; }
absent() { if [ -e "$1" ]; then bad "$2: $1 was written"; else ok "$2"; fi; }

# 1. each field in turn: inspect shows it, every other byte is unchanged
# (the integrity code, the last 16 bytes, is recomputed: verify checks it)
for f in "$INNR" "$UBISYS" "$DEVELCO" "$INSTA" "$SONOFF"; do
	n=$(basename "$f")
	sz=$(size "$f")
	case $f in "$INSTA"|"$SONOFF") tail=0 ;; *) tail=16 ;; esac
	for spec in "-m 0xBEEF:10:2:efbe:manufacturer code    0xBEEF" \
	    "-t 0x4242:12:2:4242:image type           0x4242" \
	    "--file-version 0x0A0B0C0D:14:4:0d0c0b0a:file version         0x0A0B0C0D" \
	    "--stack-version 3:18:2:0300:stack version        0x0003" \
	    "--header-version 0x0101:4:2:0101:header version       0x0101" \
	    "-s edited-by-otaimg:20:32:6564697465642d62792d6f7461696d6700000000000000000000000000000000:header string        \"edited-by-otaimg\""; do
		opt=${spec%%:*}; rest=${spec#*:}
		off=${rest%%:*}; rest=${rest#*:}
		len=${rest%%:*}; rest=${rest#*:}
		hex=${rest%%:*}; shown=${rest#*:}
		rm -f "$T/e.ota"
		# shellcheck disable=SC2086
		expect 0 "$n: edit $opt" -- "$OTAIMG" edit $opt -o "$T/e.ota" "$f"
		[ "$(size "$T/e.ota")" -eq "$sz" ] && ok "$n $opt: same size" || bad "$n $opt: size changed"
		[ "$(hexat "$T/e.ota" "$off" "$len")" = "$hex" ] && ok "$n $opt: field bytes" ||
			bad "$n $opt: field bytes $(hexat "$T/e.ota" "$off" "$len"), want $hex"
		same "$f" 0 "$T/e.ota" 0 "$off" "$n $opt: bytes before the field unchanged"
		end=$((off + len))
		same "$f" "$end" "$T/e.ota" "$end" $((sz - end - tail)) "$n $opt: bytes after the field unchanged"
		expect 0 "$n $opt: inspect" -- "$OTAIMG" inspect "$T/e.ota"
		contains "$T/out" "$shown" "$n $opt: inspect shows the new value"
		expect 0 "$n $opt: verify" -- "$OTAIMG" verify "$T/e.ota"
		if [ "$tail" -eq 16 ]; then contains "$T/out" "integrity code matches" "$n $opt: integrity code recomputed"; fi
	done
done
expect 0 "--json" -- "$OTAIMG" edit --json --file-version 1 -o "$T/j.ota" "$INNR"
contains "$T/out" '"field": "file_version"' "--json names the field"
contains "$T/out" '"old": "0x24011511"' "--json gives the old value"
contains "$T/out" '"integrity_code": "recomputed"' "--json says the code was recomputed"
expect 0 "text report" -- "$OTAIMG" edit --file-version 1 -o "$T/j2.ota" "$INNR"
contains "$T/out" "file_version: 0x24011511 → 0x00000001" "the change is printed old → new"
# a header string of 32 bytes of UTF-8 is reported whole and as text (it was
# \xNN per byte, cut at 19 bytes, in the text and in --json)
e16=éééééééééééééééé
expect 0 "--string: 32 bytes of UTF-8" -- "$OTAIMG" edit --json -s "$e16" -o "$T/u8.ota" "$INNR"
contains "$T/out" "\"new\": \"$e16\"" "--json: the new header string whole, as UTF-8"
expect 0 "the same, text report" -- "$OTAIMG" edit -s "$e16" -o "$T/u8b.ota" "$INNR"
contains "$T/out" "header_string: Light → $e16" "text: the new header string whole"
expect 0 "a header string with controls and a byte not UTF-8" -- "$OTAIMG" edit --json \
	-s "$(printf 'a\001b\377\\')" -o "$T/u8c.ota" "$INNR"
contains "$T/out" '"new": "a\\x01b\\xFF\\x5C"' "--json: escaped, valid JSON"

# 2. optional fields removed and added: header length, field control, total size
expect 0 "remove hw versions" -- "$OTAIMG" edit --hw-min none -o "$T/nohw.ota" "$INNR"
[ "$(u16at "$T/nohw.ota" 6)" -eq 56 ] && ok "header_length 60 -> 56" || bad "header_length $(u16at "$T/nohw.ota" 6)"
[ "$(u16at "$T/nohw.ota" 8)" -eq 0 ] && ok "field control 4 -> 0" || bad "field control"
[ "$(u32at "$T/nohw.ota" 52)" -eq $(($(size "$INNR") - 4)) ] && ok "total size 4 less" || bad "total size"
[ "$(size "$T/nohw.ota")" -eq $(($(size "$INNR") - 4)) ] && ok "file 4 bytes shorter" || bad "file size"
same "$INNR" 60 "$T/nohw.ota" 56 $(($(size "$INNR") - 60 - 16)) "elements kept after the shorter header"
expect 0 "inspect without hw versions" -- "$OTAIMG" inspect "$T/nohw.ota"
if grep -q "hardware versions" "$T/out" || grep -q "warning" "$T/out"; then bad "inspect not clean"; else ok "inspect clean, no hw versions"; fi
expect 0 "verify without hw versions" -- "$OTAIMG" verify "$T/nohw.ota"
contains "$T/out" "integrity code matches" "integrity code recomputed after the header shrank"
expect 0 "change one hw bound" -- "$OTAIMG" edit --hw-max 0x0202 -o "$T/hw1.ota" "$UBISYS"
expect 0 "inspect" -- "$OTAIMG" inspect "$T/hw1.ota"
contains "$T/out" "0x0000 to 0x0202" "the other bound is kept"
expect 0 "add every optional field" -- "$OTAIMG" edit --security-credential 2 \
	--destination 00:11:22:33:44:55:66:77 --hw-min 1 --hw-max 5 -o "$T/all.ota" "$INSTA"
[ "$(u16at "$T/all.ota" 6)" -eq 69 ] && ok "header_length 56 -> 69" || bad "header_length $(u16at "$T/all.ota" 6)"
[ "$(u16at "$T/all.ota" 8)" -eq 7 ] && ok "field control 0 -> 7" || bad "field control"
[ "$(u32at "$T/all.ota" 52)" -eq $(($(size "$INSTA") + 13)) ] && ok "total size 13 more" || bad "total size"
[ "$(hexat "$T/all.ota" 56 13)" = "02776655443322110001000500" ] && ok "optional fields in order, destination LE" ||
	bad "optional bytes $(hexat "$T/all.ota" 56 13)"
same "$INSTA" 56 "$T/all.ota" 69 $(($(size "$INSTA") - 56)) "elements kept after the longer header"
same "$INSTA" 0 "$T/all.ota" 0 6 "identifier and version kept"
same "$INSTA" 10 "$T/all.ota" 10 42 "fields 10..52 kept"
expect 0 "inspect with every optional field" -- "$OTAIMG" inspect "$T/all.ota"
contains "$T/out" "0x0001 to 0x0005" "inspect shows the hw versions"
contains "$T/out" "0011223344556677" "inspect shows the destination"
if grep -q "warning" "$T/out"; then bad "inspect warns"; else ok "inspect clean"; fi
expect 0 "and remove them again" -- "$OTAIMG" edit --security-credential none --destination none \
	--hw-max none -o "$T/back.ota" "$T/all.ota"
if cmp -s "$INSTA" "$T/back.ota"; then ok "added then removed: the original bytes"; else bad "round trip differs"; fi
expect 0 "an IIC image gains a field" -- "$OTAIMG" edit --security-credential 1 -o "$T/sc.ota" "$DEVELCO"
expect 0 "verify" -- "$OTAIMG" verify "$T/sc.ota"
contains "$T/out" "integrity code matches" "integrity code recomputed after the header grew"

# 3. signed images
rm -f "$T/s.ota"
expect 1 "a signed image without keys is refused" -- "$OTAIMG" edit --file-version 6 -o "$T/s.ota" "$SAMPLE"
contains "$T/err" "OTA_E_SIGNED" "the reason is OTA_E_SIGNED"
contains "$T/err" "--drop-signature" "says how to go on"
absent "$T/s.ota" "nothing written for a signed image"
expect 1 "a real suite-2 signed image is refused" -- "$OTAIMG" edit -m 1 -o "$T/s.ota" "$SDEV"
absent "$T/s.ota" "nothing written for it"
expect 0 "--drop-signature" -- "$OTAIMG" edit --drop-signature --file-version 6 -o "$T/d.ota" "$SAMPLE"
contains "$T/err" "WITHOUT the signature" "--drop-signature warns"
contains "$T/out" "signature: dropped" "the report says so"
[ "$(size "$T/d.ota")" -eq $((182 - 56 - 54)) ] && ok "signature and certificate removed" || bad "size $(size "$T/d.ota")"
[ "$(u32at "$T/d.ota" 52)" -eq 72 ] && ok "total size without them" || bad "total size"
same "$SAMPLE" 56 "$T/d.ota" 56 16 "the other element kept"
expect 0 "verify the unsigned result" -- "$OTAIMG" verify "$T/d.ota"
contains "$T/out" "not signed" "the result has no signature"
expect 0 "--drop-signature on the suite-2 image (FF padding kept)" -- "$OTAIMG" edit --drop-signature \
	-o "$T/d2.ota" "$SDEV"
[ "$(size "$T/d2.ota")" -eq $(($(size "$SDEV") - 86)) ] && ok "86 bytes less" || bad "size"
same "$SDEV" $(($(size "$SDEV") - 8)) "$T/d2.ota" $(($(size "$T/d2.ota") - 8)) 8 "padding kept"
# GBCS: the supplier signature can be dropped (then signed again), not kept
GBCS="$VECTORS/gbcs/duis-sr11.1-esme-upgrade-image.bin"
expect 1 "a GBCS image with its supplier signature is refused" -- "$OTAIMG" edit -m 1 -o "$T/g.ota" "$GBCS"
contains "$T/err" "OTA_E_SIGNED" "the reason is OTA_E_SIGNED"
contains "$T/err" "--format gbcs" "says how to sign it again"
absent "$T/g.ota" "nothing written for a GBCS image"
expect 0 "GBCS --drop-signature" -- "$OTAIMG" edit -m 1 --drop-signature -o "$T/g.ota" "$GBCS"
contains "$T/err" "GBCS supplier trailer" "the warning names the trailer"
[ "$(size "$T/g.ota")" -eq 295 ] && ok "the 66-byte trailer is gone" || bad "size $(size "$T/g.ota")"
[ "$(u32at "$T/g.ota" 52)" -eq 295 ] && ok "GBCS total size without it" || bad "total size"
same "$GBCS" 60 "$T/g.ota" 60 235 "the Manufacturer Image kept"
expect 0 "verify it as GBCS" -- "$OTAIMG" verify --format gbcs "$T/g.ota"
expect 0 "a P-256 key" -- "$OTAIMG" keygen --type p256 -o "$T/p256.key"
expect 0 "sign it again as GBCS" -- "$OTAIMG" sign --format gbcs --key "$T/p256.key" -o "$T/g2.ota" "$T/g.ota"
[ "$(size "$T/g2.ota")" -eq 361 ] && ok "signed again: the trailer is back" || bad "size $(size "$T/g2.ota")"
for suite in 1 2; do
	expect 0 "suite $suite: CA" -- "$OTAIMG" cert ca --suite $suite -o "$T/ca$suite.key"
	expect 0 "suite $suite: certificate" -- "$OTAIMG" cert issue --suite $suite --ca "$T/ca$suite.key" \
		--subject 00:0D:6F:00:00:19:8B:36 --issuer TESTLAB$suite -o "$T/dev$suite"
done
expect 0 "re-sign the sample after the edit" -- "$OTAIMG" edit -s "re-signed" --hw-min 0 --hw-max 9 \
	--key "$T/dev1.key" --cert "$T/dev1.cert" --ca "$T/ca1.key" -o "$T/r1.ota" "$SAMPLE"
contains "$T/out" "signature: re-signed" "the report says re-signed"
expect 0 "the re-signed image verifies" -- "$OTAIMG" verify --ca "$T/ca1.key" "$T/r1.ota"
contains "$T/out" "suite-1 signature valid" "suite-1 signature valid"
same "$SAMPLE" 56 "$T/r1.ota" 60 16 "the element before the certificate kept"
expect 0 "suite 2: make a signed image" -- "$OTAIMG" create -m 0x1234 -t 1 -v 1 --tag 0xF001="$T/dev2.cert" \
	-o "$T/img2.ota" "$INSTA"
expect 0 "suite 2: sign" -- "$OTAIMG" sign --key "$T/dev2.key" --cert "$T/dev2.cert" --ca "$T/ca2.key" \
	-o "$T/signed2.ota" "$T/img2.ota"
expect 0 "suite 2: edit and re-sign" -- "$OTAIMG" edit --file-version 2 --key "$T/dev2.key" \
	--cert "$T/dev2.cert" --ca "$T/ca2.key" -o "$T/r2.ota" "$T/signed2.ota"
expect 0 "suite 2: verifies" -- "$OTAIMG" verify --ca "$T/ca2.key" "$T/r2.ota"
contains "$T/out" "suite-2 signature valid" "suite-2 signature valid"
expect 0 "an unsigned image is signed with --key/--cert" -- "$OTAIMG" edit --file-version 3 \
	--key "$T/dev1.key" --cert "$T/dev1.cert" --ca "$T/ca1.key" -o "$T/us.ota" "$INSTA"
contains "$T/out" "signature: signed" "the report says signed"
expect 0 "it verifies" -- "$OTAIMG" verify --ca "$T/ca1.key" "$T/us.ota"
contains "$T/out" "suite-1 signature valid" "its suite-1 signature is valid"
same "$INSTA" 56 "$T/us.ota" 56 $(($(size "$INSTA") - 56)) "its element kept before the certificate"
rm -f "$T/us2.ota"
expect 1 "an image with an integrity code is not signed" -- "$OTAIMG" edit --key "$T/dev1.key" \
	--cert "$T/dev1.cert" --ca "$T/ca1.key" -o "$T/us2.ota" "$INNR"
contains "$T/err" "OTA_E_STRUCTURE" "the reason is OTA_E_STRUCTURE"
absent "$T/us2.ota" "nothing written for it"
rm -f "$T/m.ota"
expect 0 "another device" -- "$OTAIMG" cert issue --suite 1 --ca "$T/ca1.key" \
	--subject 00:0D:6F:00:00:00:00:01 --issuer TESTLAB1 -o "$T/dvb1"
expect 1 "a key that is not the certificate's" -- "$OTAIMG" edit -m 1 --key "$T/dvb1.key" \
	--cert "$T/dev1.cert" --ca "$T/ca1.key" -o "$T/m.ota" "$SAMPLE"
absent "$T/m.ota" "nothing written with the wrong key"

# 4. bad input and usage: the documented status, nothing written
head -c 1000 "$INNR" >"$T/trunc.ota"
expect 1 "truncated input" -- "$OTAIMG" edit -m 1 -o "$T/t.ota" "$T/trunc.ota"
contains "$T/err" "OTA_E_TRUNCATED" "the reason is OTA_E_TRUNCATED"
absent "$T/t.ota" "nothing written for a truncated input"
expect 2 "output in a missing folder" -- "$OTAIMG" edit -m 1 -o "$T/no/such/dir/o.ota" "$INNR"
absent "$T/no" "nothing made for a missing folder"
cp "$INNR" "$T/self.ota"
expect 2 "OUT == FILE" -- "$OTAIMG" edit -m 1 -o "$T/self.ota" "$T/self.ota"
contains "$T/err" "would overwrite the input" "says why"
if cmp -s "$INNR" "$T/self.ota"; then ok "the input is untouched"; else bad "the input changed"; fi
ln -s self.ota "$T/link.ota"
expect 2 "OUT a link to FILE" -- "$OTAIMG" edit -m 1 -o "$T/link.ota" "$T/self.ota"
for bad in "-m 0x10000" "--file-version 1.2" "--hw-min 0x10000" "--hw-min none --hw-max 3" \
    "--destination 0011" "--security-credential 256" "-s 123456789012345678901234567890123" \
    "--key $T/dev1.key" "--drop-signature --key $T/dev1.key --cert $T/dev1.cert"; do
	rm -f "$T/b.ota"
	# shellcheck disable=SC2086
	expect 2 "bad option value: $bad" -- "$OTAIMG" edit $bad -o "$T/b.ota" "$INNR"
	absent "$T/b.ota" "nothing written for $bad"
done
expect 2 "--hw-min 5 --hw-max 1" -- "$OTAIMG" edit --hw-min 5 --hw-max 1 -o "$T/b.ota" "$INNR"
expect 2 "one bound on an image without hw versions" -- "$OTAIMG" edit --hw-min 1 -o "$T/b.ota" "$INSTA"
absent "$T/b.ota" "nothing written for the bad bounds"
expect 2 "an NGIS container is refused" -- "$OTAIMG" edit -m 1 -o "$T/c.ota" \
	"$REAL/IKEA__10039874-1.0-TRADFRI-motion-sensor-2-2.0.022.ota.ota.signed"
contains "$T/err" "OTA_E_UNSUPPORTED" "the reason is OTA_E_UNSUPPORTED"
contains "$T/err" "container" "names the container"
absent "$T/c.ota" "nothing written for a container"
expect 2 "a CRC-32 trailer is refused" -- "$OTAIMG" edit -m 1 -o "$T/c.ota" \
	"$REAL/SalusControls__SAU2AD1_170211.ota"
absent "$T/c.ota" "nothing written for a CRC trailer"
expect 1 "not an OTA file" -- "$OTAIMG" edit -m 1 -o "$T/c.ota" "$REAL/Koenkk-tests__not-a-valid-file.ota"
absent "$T/c.ota" "nothing written for a non-OTA file"
expect 2 "no output" -- "$OTAIMG" edit -m 1 "$INNR"
expect 2 "standard input" -- "$OTAIMG" edit -m 1 -o "$T/c.ota" -

# 5. Matter images (0x1BEEF11E): the same verb, change-header's rewrite;
# -m/-t/--file-version/-s map onto vendor id, product id, software version
# and its string; the payload is kept and digested again
MATTER="$VECTORS/matter/sdk-min-sha256.ota"
mhs() { od -An -tu4 -j 12 -N 4 "$1" | tr -d ' '; }
expect 0 "Matter: every mapped field" -- "$OTAIMG" edit -m 0x1234 -t 5 --file-version 7 -s "2.1" \
	-o "$T/m1.ota" "$MATTER"
contains "$T/out" "vendor_id: 65521 → 4660" "Matter: the vendor id change is printed"
contains "$T/out" "software_version_string: 2.0 → 2.1" "Matter: the version string change is printed"
expect 0 "Matter: inspect" -- "$OTAIMG" inspect "$T/m1.ota"
contains "$T/out" "vendor id            4660 (0x1234)" "Matter: vendor id"
contains "$T/out" "product id           5 (0x0005)" "Matter: product id"
contains "$T/out" "software version     7 (0x00000007)" "Matter: software version"
contains "$T/out" "version string       2.1" "Matter: version string"
expect 0 "Matter: verify" -- "$OTAIMG" verify "$T/m1.ota"
same "$MATTER" $((16 + $(mhs "$MATTER"))) "$T/m1.ota" $((16 + $(mhs "$T/m1.ota"))) 4096 "Matter: the payload kept"
expect 0 "Matter: its own options" -- "$OTAIMG" edit --min-version 1 --max-version 6 \
	--release-notes https://example.com/notes --digest sha512 -o "$T/m2.ota" "$T/m1.ota"
contains "$T/out" "digest_type: sha256 → sha512" "Matter: the digest type change is printed"
expect 0 "Matter: verify after a new digest" -- "$OTAIMG" verify "$T/m2.ota"
contains "$T/out" "sha512 payload digest matches" "Matter: digest recomputed"
expect 0 "Matter: a field removed" -- "$OTAIMG" edit --max-version none -o "$T/m3.ota" "$T/m2.ota"
contains "$T/out" "max_applicable_version: 6 → absent" "Matter: removal printed"
expect 0 "Matter: -q" -- "$OTAIMG" edit -q --file-version 1.2.3 -o "$T/m4.ota" "$MATTER"
[ -s "$T/out" ] && bad "Matter: -q printed" || ok "Matter: -q prints nothing"
for zopt in "--hw-min 1" "--stack-version 2" "--drop-signature" "--json" "--destination none"; do
	rm -f "$T/m5.ota"
	# shellcheck disable=SC2086
	expect 2 "Matter: Zigbee-only $zopt refused" -- "$OTAIMG" edit $zopt -o "$T/m5.ota" "$MATTER"
	absent "$T/m5.ota" "Matter: nothing written for $zopt"
done
contains "$T/err" "a Zigbee OTA option" "Matter: says why"
expect 2 "Zigbee: a Matter-only option refused" -- "$OTAIMG" edit --digest sha256 -o "$T/m5.ota" "$INNR"
contains "$T/err" "a Matter OTA option" "Zigbee: says why"
absent "$T/m5.ota" "nothing written for a Matter option on a Zigbee file"
cp "$MATTER" "$T/mself.ota"
expect 2 "Matter: OUT == FILE" -- "$OTAIMG" edit -m 1 -o "$T/mself.ota" "$T/mself.ota"
if cmp -s "$MATTER" "$T/mself.ota"; then ok "Matter: the input is untouched"; else bad "Matter: input changed"; fi
expect 2 "Matter: a bad value" -- "$OTAIMG" edit -s "" -o "$T/m5.ota" "$MATTER"
absent "$T/m5.ota" "Matter: nothing written for a bad value"
head -c 100 "$MATTER" >"$T/mtrunc.ota"
expect 1 "Matter: truncated" -- "$OTAIMG" edit -m 1 -o "$T/m5.ota" "$T/mtrunc.ota"
absent "$T/m5.ota" "Matter: nothing written for a truncated image"
finish
