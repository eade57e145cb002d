#!/bin/sh
# otaimg verify on the real vectors: integrity codes, flipped bytes, exit codes.
. "${top_srcdir:-.}/tests/cli/lib.sh"

INNR="$REAL/Innr__1166-0128-24011511-RS_226_v2-upgradeMe.ota"
UBI="$REAL/Ubisys__10F2-7B2A-0000-0005-02000230-m7b-r0.ota.zigbee"
DEV="$REAL/Develco__ZR_Smartplug_SSIG_3.12.16.zigbee"

expect 0 "Innr verifies" -- "$OTAIMG" verify "$INNR"
contains "$T/out" "integrity code matches" "Innr: integrity code matches"
expect 0 "Ubisys verifies" -- "$OTAIMG" verify "$UBI"
expect 1 "Develco is an integrity mismatch" -- "$OTAIMG" verify "$DEV"
contains "$T/err" "OTA_E_DIGEST" "Develco: OTA_E_DIGEST, not a parse error"
contains "$T/err" "offset 181142" "Develco: names the IIC offset"
expect 1 "not an OTA file" -- "$OTAIMG" verify "$REAL/Koenkk-tests__not-a-valid-file.ota"
contains "$T/err" "OTA_E_BAD_MAGIC" "not an OTA file: OTA_E_BAD_MAGIC"
expect 2 "missing file is an I/O error" -- "$OTAIMG" verify "$T/nope.ota"
expect 2 "no arguments is a usage error" -- "$OTAIMG" verify
expect 0 "verify -v prints the integrity code" -- "$OTAIMG" verify -v "$INNR"
contains "$T/out" "877EC1B278B0B88DBE608B1454B52C2A" "Innr: computed code printed"
expect 1 "several files: the worst status wins" -- "$OTAIMG" verify "$INNR" "$DEV"

# Every flipped byte in the hashed range [0, IIC element) must fail.
for off in 0 14 20 55 56 59 60 66 1000 130000 261600 261688; do
	cp "$INNR" "$T/f.ota"
	flip "$T/f.ota" "$off"
	expect 1 "Innr with byte $off flipped fails" -- "$OTAIMG" verify -q "$T/f.ota"
done
# ... and in the stored code itself
cp "$INNR" "$T/f.ota"; flip "$T/f.ota" 261700
expect 1 "Innr with the stored code flipped fails" -- "$OTAIMG" verify -q "$T/f.ota"
for off in 10 70 226 50000 113127 113140; do
	cp "$UBI" "$T/f.ota"
	flip "$T/f.ota" "$off"
	expect 1 "Ubisys with byte $off flipped fails" -- "$OTAIMG" verify -q "$T/f.ota"
done
# A flipped byte outside any covered range of a file with no code passes.
cp "$REAL/Namron__4512726-Firmware-35.ota" "$T/n.ota"; flip "$T/n.ota" 5000
expect 0 "no integrity code: payload bytes are not covered" -- "$OTAIMG" verify "$T/n.ota"
# 1: no "OK" without a check.  A signed file and no trust anchor for it fails,
# naming the issuer it needs and how to check it; --allow-unchecked lets it pass.
SAMPLE="$VECTORS/zigbee/samples/silabs-suite1-signed-sample.ota"
G="$VECTORS/gbcs/duis-sr11.1-esme-upgrade-image.bin"
P="$VECTORS/gbcs/supplier-ds-90B3D51F30010000.pem"
expect 1 "signed sample without a CA fails" -- "$OTAIMG" verify "$SAMPLE"
contains "$T/err" "OTA_E_SIG_UNCHECKED" "signed sample: the reason is an unchecked signature"
contains "$T/err" '5445535453454341 "TESTSECA"' "signed sample: names the issuer it needs"
contains "$T/err" "--ca KEY" "signed sample: says how to check it"
expect 0 "signed sample with --allow-unchecked: structure ok" -- "$OTAIMG" verify --allow-unchecked "$SAMPLE"
contains "$T/out" "signature not checked" "signed sample: says the signature was not checked"
expect 1 "signed sample fails --strict" -- "$OTAIMG" verify --allow-unchecked --strict "$SAMPLE"
expect 1 "GBCS sample without a supplier key fails" -- "$OTAIMG" verify "$G"
contains "$T/err" "OTA_E_SIG_UNCHECKED" "GBCS sample: the reason is an unchecked signature"
expect 0 "GBCS sample with --allow-unchecked" -- "$OTAIMG" verify --allow-unchecked "$G"
# an all-zero or impossible r||s fails without any CA, even with --allow-unchecked
cp "$SAMPLE" "$T/z.ota"; dd if=/dev/zero of="$T/z.ota" bs=1 seek=140 count=42 conv=notrunc status=none
expect 1 "zero r||s fails without a CA" -- "$OTAIMG" verify --allow-unchecked "$T/z.ota"
contains "$T/err" "OTA_E_BAD_SIGNATURE" "zero r||s: a bad signature"
contains "$T/err" "offset 140" "zero r||s: names the offset of r||s"
cp "$SAMPLE" "$T/ff.ota"; head -c 21 /dev/zero | tr '\0' '\377' | dd of="$T/ff.ota" bs=1 seek=140 conv=notrunc status=none
expect 1 "r above the curve order fails without a CA" -- "$OTAIMG" verify --allow-unchecked "$T/ff.ota"
contains "$T/err" "not below the sect163k1 order" "r >= n: says why"
cp "$G" "$T/gz.bin"; dd if=/dev/zero of="$T/gz.bin" bs=1 seek=297 count=64 conv=notrunc status=none
expect 1 "GBCS zero r||s fails without a supplier key" -- "$OTAIMG" verify --allow-unchecked "$T/gz.bin"
contains "$T/err" "OTA_E_BAD_SIGNATURE" "GBCS zero r||s: a bad signature"
# an anchor named for a kind of signature the image does not carry
INNR_UNSIGNED="$INNR"
expect 1 "--ca test on an unsigned image" -- "$OTAIMG" verify --ca test "$INNR_UNSIGNED"
contains "$T/err" "OTA_E_UNSIGNED" "unsigned image with --ca: OTA_E_UNSIGNED"
expect 1 "--supplier-cert on an unsigned Zigbee image" -- "$OTAIMG" verify --supplier-cert "$P" "$INNR_UNSIGNED"
contains "$T/err" "OTA_E_UNSIGNED" "unsigned image with --supplier-cert: OTA_E_UNSIGNED"
"$OTAIMG" cert ca --suite 2 -o "$T/ca2.key" >"$T/ca2.pub"
expect 1 "a suite-2 --ca on a suite-1 signed image" -- "$OTAIMG" verify --ca "$T/ca2.key" "$SAMPLE"
contains "$T/err" "OTA_E_UNSIGNED" "other suite: OTA_E_UNSIGNED"
expect 1 "--supplier-cert on a suite-1 signed image" -- "$OTAIMG" verify --supplier-cert "$P" "$SAMPLE"
contains "$T/err" "OTA_E_UNSIGNED" "GBCS anchor, Zigbee signature: OTA_E_UNSIGNED"
# GBCS trailer lying about its length (0x0041), or stripped (total size fixed)
cp "$G" "$T/lie.bin"; printf '\101' | dd of="$T/lie.bin" bs=1 seek=296 conv=notrunc status=none
expect 1 "GBCS trailer with a wrong length, --supplier-cert" -- "$OTAIMG" verify --format gbcs --supplier-cert "$P" "$T/lie.bin"
contains "$T/err" "OTA_E_UNSIGNED" "lying trailer: OTA_E_UNSIGNED"
head -c 295 "$G" >"$T/strip.bin"; printf '\047\001\000\000' | dd of="$T/strip.bin" bs=1 seek=52 conv=notrunc status=none
expect 1 "GBCS trailer stripped, --supplier-cert" -- "$OTAIMG" verify --format gbcs --supplier-cert "$P" "$T/strip.bin"
contains "$T/err" "OTA_E_UNSIGNED" "stripped trailer: OTA_E_UNSIGNED"
# an issuer or signer allow-list, or --require-signature, on an unsigned image
expect 1 "--signer on an unsigned image" -- "$OTAIMG" verify --signer 00:0D:6F:00:00:19:8B:36 "$INNR"
contains "$T/err" "OTA_E_UNSIGNED" "--signer, unsigned: OTA_E_UNSIGNED"
expect 1 "--issuer on an unsigned image" -- "$OTAIMG" verify --issuer TESTSECA "$INNR"
contains "$T/err" "OTA_E_UNSIGNED" "--issuer, unsigned: OTA_E_UNSIGNED"
expect 1 "--issuer on a GBCS-signed image" -- "$OTAIMG" verify --issuer TESTSECA --supplier-cert "$P" "$G"
contains "$T/err" "OTA_E_UNSIGNED" "--issuer, GBCS signature: OTA_E_UNSIGNED"
expect 1 "--require-signature on an unsigned image" -- "$OTAIMG" verify --require-signature "$INNR"
contains "$T/err" "OTA_E_UNSIGNED" "--require-signature, unsigned: OTA_E_UNSIGNED"
# the same without --format gbcs: the layout is not recognised, and a named
# supplier anchor still means "no signature of that kind"
for f in lie strip; do
	expect 1 "GBCS trailer $f, auto format, --supplier-cert" -- "$OTAIMG" verify --supplier-cert "$P" "$T/$f.bin"
	contains "$T/err" "OTA_E_UNSIGNED" "$f trailer, auto format: OTA_E_UNSIGNED"
done
# nothing protects an unsigned image without an integrity code
expect 0 "no integrity code, unsigned: OK" -- "$OTAIMG" verify "$T/n.ota"
contains "$T/out" "not signed: nothing protects the content" "says that nothing protects it"
expect 1 "--require-integrity fails without protection" -- "$OTAIMG" verify --require-integrity "$T/n.ota"
contains "$T/err" "OTA_E_UNPROTECTED" "--require-integrity: OTA_E_UNPROTECTED"
expect 0 "--require-integrity passes with an integrity code" -- "$OTAIMG" verify --require-integrity "$INNR"
expect 1 "--require-integrity: an unchecked signature is no protection" -- "$OTAIMG" verify \
	--allow-unchecked --require-integrity "$SAMPLE"
expect 0 "--require-integrity: a checked signature is" -- "$OTAIMG" verify --ca test --require-integrity "$SAMPLE"

# 2: the trust store (one anchor per file), from OTAIMG_TRUST_DIR or --trust-dir
mkdir "$T/store" "$T/store2"
printf '# Certicom test CA\nsuite 1 0200FDE8A7F3D1084224962A4E7C54E69AC3F04DA6B8\n' >"$T/store/test-ca"
expect 0 "the test CA from --trust-dir verifies the sample" -- "$OTAIMG" verify --trust-dir "$T/store" "$SAMPLE"
contains "$T/out" "suite-1 signature valid" "trust store: the signature is valid"
expect 0 "... and from OTAIMG_TRUST_DIR" -- env OTAIMG_TRUST_DIR="$T/store" "$OTAIMG" verify "$SAMPLE"
contains "$T/out" "suite-1 signature valid" "OTAIMG_TRUST_DIR: the signature is valid"
expect 0 "a store anchor does not make an unsigned image fail" -- "$OTAIMG" verify --trust-dir "$T/store" "$INNR"
cp "$P" "$T/store/supplier.pem"
expect 0 "a PEM supplier certificate in the store verifies the GBCS sample" -- "$OTAIMG" verify --trust-dir "$T/store" "$G"
contains "$T/out" "GBCS supplier signature valid" "trust store: supplier signature valid"
printf 'suite 2 %s\n' "$(cat "$T/ca2.pub")" >"$T/store2/ca2"
expect 1 "a store without the suite-1 issuer's CA" -- "$OTAIMG" verify --trust-dir "$T/store2" "$SAMPLE"
contains "$T/err" "OTA_E_SIG_UNCHECKED" "no matching anchor: unchecked"
contains "$T/err" '"TESTSECA"' "no matching anchor: names the issuer"
expect 2 "a named trust directory that does not exist" -- "$OTAIMG" verify --trust-dir "$T/none" "$INNR"
contains "$T/err" "$T/none" "missing trust dir: named"
printf 'suite 1 0200FDE8\n' >"$T/store2/short"
expect 2 "a bad anchor file" -- "$OTAIMG" verify --trust-dir "$T/store2" "$INNR"
contains "$T/err" "$T/store2/short" "bad anchor: the file is named"

# 3: several CA keys for one suite: any one may verify
"$OTAIMG" cert ca --suite 1 -o "$T/ca1.key" >/dev/null
expect 0 "a second --ca for suite 1 adds an anchor" -- "$OTAIMG" verify --ca test --ca "$T/ca1.key" "$SAMPLE"
contains "$T/out" "suite-1 signature valid" "two suite-1 CAs: valid"
expect 0 "... in either order" -- "$OTAIMG" verify --ca "$T/ca1.key" --ca test "$SAMPLE"
expect 1 "no CA of the several verifies a flipped r" -- sh -c "cp '$SAMPLE' '$T/f.ota' && printf '\\001' | dd of='$T/f.ota' bs=1 seek=160 conv=notrunc status=none && '$OTAIMG' verify --ca test --ca '$T/ca1.key' '$T/f.ota'"
contains "$T/err" "any of the 2 trusted suite-1 CA keys" "bad signature: says how many CA keys were tried"
"$OTAIMG" keygen --type p256 -o "$T/o.key" >/dev/null
openssl req -x509 -new -key "$T/o.key" -subj "/CN=other supplier" -addext keyUsage=digitalSignature -days 2 -out "$T/o.pem" 2>/dev/null
expect 0 "two supplier certificates: any one may verify" -- "$OTAIMG" verify --supplier-cert "$P" --supplier-cert "$T/o.pem" "$G"
contains "$T/out" "GBCS supplier signature valid" "two suppliers: valid"

# a PEM bundle is every certificate in it, here the right one second
cat "$T/o.pem" "$P" >"$T/bundle.pem"
expect 0 "a PEM bundle: its second certificate verifies" -- "$OTAIMG" verify --supplier-cert "$T/bundle.pem" "$G"
mkdir "$T/store3"; cp "$T/bundle.pem" "$T/store3/suppliers.pem"
expect 0 "a PEM bundle in the trust store" -- "$OTAIMG" verify --trust-dir "$T/store3" "$G"
contains "$T/out" "GBCS supplier signature valid" "bundle in the store: valid"
cat "$T/o.pem" "$T/o.key" >"$T/store3/mixed.pem"
expect 2 "a private key in a PEM bundle refuses the file" -- "$OTAIMG" verify --trust-dir "$T/store3" "$G"
contains "$T/err" "mixed.pem" "the bundle is named"
rm -f "$T/store3/mixed.pem"
# a store that fails to load trusts nothing it read before the failure
mkdir "$T/store4"
printf 'suite 1 0200FDE8A7F3D1084224962A4E7C54E69AC3F04DA6B8\n' >"$T/store4/a-test-ca"
printf 'suite 1 0200FDE8A7F3D1084224962A4E7C54E69AC3F04DA6B8\n' >"$T/store4/z-test-ca"
printf 'not an anchor\n' >"$T/store4/m-readme"
expect 2 "a store with a bad file" -- "$OTAIMG" verify --trust-dir "$T/store4" --allow-unchecked "$SAMPLE"
contains "$T/err" "m-readme" "the bad file is named"
# a FIFO in the store is refused without being opened (it would block)
rm -f "$T/store4/m-readme"; mkfifo "$T/store4/pipe"
expect 2 "a FIFO in the trust store" -- timeout 10 "$OTAIMG" verify --trust-dir "$T/store4" "$SAMPLE"
contains "$T/err" "not a regular file" "the FIFO: not a regular file"
rm -f "$T/store4/pipe"
# anchors set aside by name are not read
mkdir "$T/store5"
for n in test-ca.disabled test-ca.bak test-ca~ test-ca.dpkg-old .test-ca; do
	printf 'suite 1 0200FDE8A7F3D1084224962A4E7C54E69AC3F04DA6B8\n' >"$T/store5/$n"
done
expect 1 "set-aside anchors are not trusted" -- "$OTAIMG" verify --trust-dir "$T/store5" "$SAMPLE"
contains "$T/err" "OTA_E_SIG_UNCHECKED" "set aside: the signature is unchecked"
# -v calls more of the library after verify: the failure line keeps verify's
# message and offset (it was empty, at offset 0)
LEG="$REAL/Legrand__1021-000f-004745ff-NLL.zigbee"
expect 1 "verify -v --strict: a strict failure" -- "$OTAIMG" verify -v --strict "$LEG"
contains "$T/err" "offset 255147: total image size is invalid (OTA_E_TOTAL_SIZE): 17 bytes after" \
	"verify -v --strict: the failure keeps its offset and message"
# a trailing CRC-32 that verify confirms is not trailing data: --strict passes,
# and verify --json states it; a wrong CRC stays a strict failure
SAU="$REAL/SalusControls__SAU2AD1_170211.ota"
expect 0 "a confirmed CRC-32 trailer passes --strict" -- "$OTAIMG" verify --strict "$SAU"
contains "$T/out" "trailing CRC-32 matches" "the summary states the CRC-32"
expect 0 "verify --json with a CRC-32 trailer" -- "$OTAIMG" verify --json "$SAU"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1]))[0]; assert d["trailer"]["crc32"] == "match", d["trailer"]' "$T/out" &&
	ok "verify --json: trailer.crc32 is match" || bad "verify --json: no CRC-32 match in trailer"
cp "$SAU" "$T/crc.ota"; flip "$T/crc.ota" $(( $(size "$SAU") - 1 ))
expect 1 "a wrong CRC-32 trailer fails --strict" -- "$OTAIMG" verify --strict "$T/crc.ota"
expect 0 "verify --json with a wrong CRC-32" -- "$OTAIMG" verify --json "$T/crc.ota"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1]))[0]; assert d["trailer"]["crc32"] == "mismatch", d["trailer"]' "$T/out" &&
	ok "verify --json: trailer.crc32 is mismatch" || bad "verify --json: no CRC-32 mismatch in trailer"
finish
