#!/bin/sh
# GBCS upgrade images through the tool: the DUIS sample, hash, supplier
# signature, and create -> sign -> verify with a fresh P-256 key and cert.
. "${top_srcdir:-.}/tests/cli/lib.sh"

G="$VECTORS/gbcs/duis-sr11.1-esme-upgrade-image.bin"
P="$VECTORS/gbcs/supplier-ds-90B3D51F30010000.pem"
expect 0 "inspect the sample" -- "$OTAIMG" inspect "$G"
contains "$T/out" "manufacturer image   offset 60, 235 bytes" "a 235-byte Manufacturer Image at offset 60"
contains "$T/out" "supplier signature   offset 295" "the trailer at 295"
contains "$T/out" "0x121D" "the header"
expect 0 "inspect --json" -- "$OTAIMG" inspect --json "$G"
contains "$T/out" '"format": "gbcs"' "JSON format gbcs"
contains "$T/out" '"sha256": "7542f475e3f12eae887d81e32c46d313741d67076b13caec2f82e00ba5e1bb36"' "JSON hash"
expect 0 "hash --gbcs" -- "$OTAIMG" hash --gbcs "$G"
[ "$(cat "$T/out")" = 7542f475e3f12eae887d81e32c46d313741d67076b13caec2f82e00ba5e1bb36 ] &&
	ok "hash prints only the 64 hex digits" || bad "hash output: $(cat "$T/out")"
expect 0 "verify with the supplier certificate" -- "$OTAIMG" verify --require-signature --supplier-cert "$P" "$G"
contains "$T/err" "GITTESTSUPPLIER" "reports the certificate subject"
contains "$T/err" "2025-10-29" "reports the validity"
expect 1 "--check-time: the certificate has expired" -- "$OTAIMG" verify --check-time --supplier-cert "$P" "$G"
contains "$T/err" "OTA_E_EXPIRED" "the reason is the expiry"
for off in 60 100 200 294 297 320 360; do
	cp "$G" "$T/f.bin"; flip "$T/f.bin" "$off"
	expect 1 "byte $off flipped fails" -- "$OTAIMG" verify -q --supplier-cert "$P" "$T/f.bin"
done
# round trip: create (no trailer) -> sign with a fresh P-256 key -> verify with its certificate
head -c 4000 "${top_srcdir:-.}/examples/sample-payload.bin" >"$T/mi.bin"
expect 0 "create --format gbcs" -- "$OTAIMG" create --format gbcs -m 0x121D -t 0x0084 \
	-v 01:02:03:04 -s "GBCS test" --hw-min 0x1111 --hw-max 0x1211 -o "$T/u.bin" "$T/mi.bin"
[ "$(size "$T/u.bin")" -eq 4060 ] && ok "header + Manufacturer Image only" || bad "size"
expect 0 "a trailer-less GBCS image with --format gbcs" -- "$OTAIMG" inspect --format gbcs "$T/u.bin"
contains "$T/out" "supplier signature   none" "recognised without a trailer"
expect 0 "keygen p256" -- "$OTAIMG" keygen --type p256 -o "$T/s.key"
expect 0 "a certificate for the key" -- openssl req -x509 -new -key "$T/s.key" -subj "/CN=otaimg test supplier" \
	-addext keyUsage=critical,digitalSignature -days 2 -out "$T/s.pem"
expect 0 "sign --format gbcs" -- "$OTAIMG" sign --format gbcs --key "$T/s.key" -o "$T/s.bin" "$T/u.bin"
expect 0 "verify with its certificate" -- "$OTAIMG" verify --require-signature --check-time --supplier-cert "$T/s.pem" "$T/s.bin"
expect 1 "the sample's supplier does not verify it" -- "$OTAIMG" verify --supplier-cert "$P" "$T/s.bin"
expect 0 "inspect reproduces the inputs" -- "$OTAIMG" inspect --json "$T/s.bin"
for kv in '"manufacturer_code": 4637' '"image_type": 132' '"file_version_octets": "01:02:03:04"' \
	'"text": "GBCS test"' '"hw_min": 4369' '"hw_max": 4625' '"length": 4000' '"walk": "gbcs"'; do
	contains "$T/out" "$kv" "reproduces $kv"
done
# 4: a supplier certificate needs a P-256 key and a key usage allowing signatures
openssl ecparam -name secp384r1 -genkey -noout -out "$T/p384.key" 2>/dev/null
openssl req -x509 -new -key "$T/p384.key" -subj "/CN=p384 supplier" -addext keyUsage=digitalSignature \
	-days 2 -out "$T/p384.pem" 2>/dev/null
expect 2 "a secp384r1 supplier certificate is refused" -- "$OTAIMG" verify --supplier-cert "$T/p384.pem" "$T/s.bin"
contains "$T/err" "secp384r1, not P-256" "names the curve refused"
openssl req -x509 -new -key "$T/s.key" -subj "/CN=ca only" -addext keyUsage=keyCertSign,cRLSign \
	-days 2 -out "$T/ku.pem" 2>/dev/null
expect 2 "a certificate whose key usage is keyCertSign only is refused" -- "$OTAIMG" verify --supplier-cert "$T/ku.pem" "$T/s.bin"
contains "$T/err" "keyCertSign cRLSign) does not allow digitalSignature" "names the usage refused"
openssl req -x509 -new -key "$T/s.key" -subj "/CN=no usage" -days 2 -out "$T/noku.pem" 2>/dev/null
expect 2 "a certificate without a key usage extension is refused" -- "$OTAIMG" verify --supplier-cert "$T/noku.pem" "$T/s.bin"
contains "$T/err" "no key usage extension" "says the extension is missing"
openssl pkey -in "$T/s.key" -pubout -out "$T/s.pub" 2>/dev/null
expect 0 "a bare P-256 public key is a supplier key" -- "$OTAIMG" verify --supplier-cert "$T/s.pub" "$T/s.bin"
openssl pkey -in "$T/p384.key" -pubout -out "$T/p384.pub" 2>/dev/null
expect 2 "a bare secp384r1 public key is refused" -- "$OTAIMG" verify --supplier-cert "$T/p384.pub" "$T/s.bin"
"$OTAIMG" hash --gbcs "$T/s.bin" >"$T/h1"
sha256sum "$T/mi.bin" | cut -c1-64 >"$T/h2"
cmp -s "$T/h1" "$T/h2" && ok "hash --gbcs equals sha256sum of the Manufacturer Image" || bad "hash differs"
# --format gbcs reads GBCS even where the Manufacturer Image starts like a
# sub-element stream (here a 6-byte [tag][length] header and 4 bytes of data)
printf 'ZZ\004\000\000\000abcdREST' >"$T/mi-el.bin"
expect 0 "create --format gbcs over element-like data" -- "$OTAIMG" create --format gbcs -m 0x121D -t 1 \
	-v 1 -o "$T/gu.bin" "$T/mi-el.bin"
expect 0 "hash --gbcs reads it as GBCS" -- "$OTAIMG" hash --gbcs "$T/gu.bin"
[ "$(cat "$T/out")" = "$(sha256sum <"$T/mi-el.bin" | cut -c1-64)" ] && ok "hash is the SHA-256 of the Manufacturer Image" ||
	bad "hash --gbcs: $(cat "$T/out")"
expect 0 "sign --format gbcs signs it" -- "$OTAIMG" sign --format gbcs --key "$T/s.key" -o "$T/gs.bin" "$T/gu.bin"
expect 0 "... and it verifies as GBCS" -- "$OTAIMG" verify --format gbcs --supplier-cert "$T/s.pem" "$T/gs.bin"
contains "$T/out" "GBCS supplier signature valid" "element-like Manufacturer Image: signature valid"
# a Zigbee image with an integrity code, read as GBCS on request: warned, and --strict fails
"$OTAIMG" create -m 1 -t 1 -v 1 --integrity-code -o "$T/zic.ota" "$T/mi.bin" >/dev/null 2>&1
expect 0 "a Zigbee image with an integrity code, --format gbcs" -- "$OTAIMG" verify --format gbcs "$T/zic.ota"
contains "$T/err" "gbcs-over-elements" "the integrity code GBCS does not check is named"
expect 1 "... and --strict fails on it" -- "$OTAIMG" verify --format gbcs --strict "$T/zic.ota"
finish
