#!/bin/sh
# Smart Energy signing through the tool: the Silicon Labs sample, the test
# CA chain for both suites, offline signing with openssl pkeyutl, keys.
. "${top_srcdir:-.}/tests/cli/lib.sh"

SAMPLE="$VECTORS/zigbee/samples/silabs-suite1-signed-sample.ota"
expect 0 "sample verifies with --ca test" -- "$OTAIMG" verify -v --ca test "$SAMPLE"
contains "$T/out" "E26A886E8030458DA084586F2DCB08A2" "-v prints the signed digest"
contains "$T/out" "suite-1 signature valid" "the signature is reported valid"
expect 0 "inspect shows who signed the sample" -- "$OTAIMG" inspect --json "$SAMPLE"
contains "$T/out" '"signer": "000D6F0000198B36"' "signer in inspect --json"
contains "$T/out" '"issuer": "5445535453454341"' "issuer (TESTSECA) in inspect --json"
expect 1 "sample without a CA is not OK" -- "$OTAIMG" verify "$SAMPLE"
expect 0 "sample without a CA, --allow-unchecked: structure only" -- "$OTAIMG" verify --allow-unchecked "$SAMPLE"
contains "$T/out" "signature not checked" "says the signature was not checked"
expect 1 "--require-signature without a CA" -- "$OTAIMG" verify --require-signature --allow-unchecked "$SAMPLE"
for off in 0 30 64 90 130 141 160 170 181; do
	cp "$SAMPLE" "$T/f.ota"; flip "$T/f.ota" "$off"
	expect 1 "sample with byte $off flipped fails" -- "$OTAIMG" verify --ca test "$T/f.ota"
done
cp "$SAMPLE" "$T/f.ota"; flip "$T/f.ota" 150
expect 1 "r flipped" -- "$OTAIMG" verify --ca test "$T/f.ota"
contains "$T/err" "OTA_E_BAD_SIGNATURE" "the reason is a bad signature"

for suite in 1 2; do
	expect 0 "suite $suite: cert ca" -- "$OTAIMG" cert ca --suite $suite -o "$T/ca$suite.key"
	cp "$T/out" "$T/ca$suite.pub"
	expect 0 "suite $suite: second CA" -- "$OTAIMG" cert ca --suite $suite -o "$T/other$suite.key"
	expect 0 "suite $suite: cert issue" -- "$OTAIMG" cert issue --suite $suite --ca "$T/ca$suite.key" \
		--subject 00:0D:6F:00:00:19:8B:36 --issuer TESTLAB$suite -o "$T/dev$suite"
	[ "$(size "$T/dev$suite.cert")" -eq $((suite == 1 ? 48 : 74)) ] && ok "suite $suite: certificate size" || bad "certificate size"
	[ "$(stat -c %a "$T/dev$suite.key")" = 600 ] && ok "suite $suite: private key is mode 600" || bad "key mode"
	expect 0 "cert show" -- "$OTAIMG" cert show "$T/dev$suite.cert"
	contains "$T/out" "000D6F0000198B36" "cert show prints the subject"
	"$OTAIMG" create -m 0x1234 -t 1 -v 0x01020304 --tag 0xF001="$T/ca$suite.pub" \
		-o "$T/img$suite.ota" "${top_srcdir:-.}/examples/sample-payload.bin"
	expect 0 "suite $suite: sign" -- "$OTAIMG" sign --suite $suite --key "$T/dev$suite.key" \
		--cert "$T/dev$suite.cert" --ca "$T/ca$suite.key" -o "$T/signed$suite.ota" "$T/img$suite.ota"
	# 5: the key must be the certificate's, checked before anything is written
	expect 0 "suite $suite: another device" -- "$OTAIMG" cert issue --suite $suite --ca "$T/ca$suite.key" \
		--subject 00:0D:6F:00:00:19:8B:37 --issuer TESTLAB$suite -o "$T/dvb$suite"
	expect 1 "suite $suite: a key that is not the certificate's" -- "$OTAIMG" sign --key "$T/dvb$suite.key" \
		--cert "$T/dev$suite.cert" --ca "$T/ca$suite.key" -o "$T/mm$suite.ota" "$T/img$suite.ota"
	contains "$T/err" "OTA_E_KEY_MISMATCH" "suite $suite: the reason is a key mismatch"
	[ -e "$T/mm$suite.ota" ] && bad "a mismatched key wrote output" || ok "suite $suite: nothing written on a mismatch"
	expect 1 "suite $suite: no CA key to check the pairing" -- "$OTAIMG" sign --key "$T/dev$suite.key" \
		--cert "$T/dev$suite.cert" -o "$T/nc$suite.ota" "$T/img$suite.ota"
	contains "$T/err" "OTA_E_KEY_UNCHECKED" "suite $suite: the reason is an unchecked pairing"
	contains "$T/err" "--no-key-check" "suite $suite: says how to go without the check"
	[ -e "$T/nc$suite.ota" ] && bad "an unchecked key wrote output" || ok "suite $suite: nothing written unchecked"
	expect 0 "suite $suite: --no-key-check signs" -- "$OTAIMG" sign --no-key-check --key "$T/dev$suite.key" \
		--cert "$T/dev$suite.cert" -o "$T/nk$suite.ota" "$T/img$suite.ota"
	contains "$T/err" "not checked" "suite $suite: --no-key-check warns"
	mkdir -p "$T/st$suite"; printf 'suite %s %s\n' $suite "$(cat "$T/ca$suite.pub")" >"$T/st$suite/ca"
	expect 0 "suite $suite: the CA from the trust store checks the pairing" -- "$OTAIMG" sign \
		--trust-dir "$T/st$suite" --key "$T/dev$suite.key" --cert "$T/dev$suite.cert" -o "$T/ts$suite.ota" "$T/img$suite.ota"
	expect 0 "suite $suite: ... and plain verify with that store" -- "$OTAIMG" verify --trust-dir "$T/st$suite" "$T/ts$suite.ota"
	contains "$T/out" "suite-$suite signature valid" "suite $suite: trust store verifies"
	expect 0 "suite $suite: verify with the CA" -- "$OTAIMG" verify --require-signature \
		--ca "$(cat "$T/ca$suite.pub")" "$T/signed$suite.ota"
	expect 0 "suite $suite: CA given as its key file" -- "$OTAIMG" verify --ca "$T/ca$suite.key" "$T/signed$suite.ota"
	expect 1 "suite $suite: another CA fails" -- "$OTAIMG" verify --ca "$T/other$suite.key" "$T/signed$suite.ota"
	expect 1 "suite $suite: issuer not allowed" -- "$OTAIMG" verify --ca "$T/ca$suite.key" --issuer OTHERCA1 "$T/signed$suite.ota"
	expect 0 "suite $suite: issuer allowed" -- "$OTAIMG" verify --ca "$T/ca$suite.key" --issuer TESTLAB$suite "$T/signed$suite.ota"
	expect 1 "suite $suite: signer not allowed" -- "$OTAIMG" verify --ca "$T/ca$suite.key" --signer 0011223344556677 "$T/signed$suite.ota"
	expect 0 "suite $suite: extract after signing is byte-exact" -- "$OTAIMG" extract "$T/signed$suite.ota" --tag 0 -o "$T/x$suite.bin"
	"$OTAIMG" extract "$T/img$suite.ota" --tag 0 -o "$T/y$suite.bin"
	cmp -s "$T/x$suite.bin" "$T/y$suite.bin" && ok "suite $suite: payload untouched" || bad "payload changed"
	# offline: prepare, sign the digest with openssl, insert (checked), verify
	expect 0 "suite $suite: prepare" -- "$OTAIMG" sign --prepare --cert "$T/dev$suite.cert" \
		--digest-out "$T/d$suite.bin" -o "$T/prep$suite.ota" "$T/img$suite.ota"
	[ "$(size "$T/d$suite.bin")" -eq 16 ] && ok "suite $suite: a 16-byte digest" || bad "digest size"
	expect 1 "suite $suite: a prepared image does not verify" -- "$OTAIMG" verify --ca "$T/ca$suite.key" "$T/prep$suite.ota"
	expect 0 "suite $suite: openssl pkeyutl signs the digest" -- openssl pkeyutl -sign \
		-inkey "$T/dev$suite.key" -in "$T/d$suite.bin" -out "$T/sig$suite.der"
	expect 0 "suite $suite: signature-in" -- "$OTAIMG" sign --signature-in "$T/sig$suite.der" \
		--ca "$T/ca$suite.key" -o "$T/off$suite.ota" "$T/prep$suite.ota"
	expect 0 "suite $suite: the offline-signed image verifies" -- "$OTAIMG" verify \
		--require-signature --ca "$T/ca$suite.key" "$T/off$suite.ota"
	expect 1 "suite $suite: signature-in under the wrong CA writes nothing" -- "$OTAIMG" sign \
		--signature-in "$T/sig$suite.der" --ca "$T/other$suite.key" -o "$T/no$suite.ota" "$T/prep$suite.ota"
	[ -e "$T/no$suite.ota" ] && bad "a refused signature left a file" || ok "no output on refusal"
	# --signature-in checks under the trust store too (its synopsis has --trust-dir)
	expect 0 "suite $suite: signature-in checked by the trust store alone" -- "$OTAIMG" sign \
		--signature-in "$T/sig$suite.der" --trust-dir "$T/st$suite" -o "$T/offts$suite.ota" "$T/prep$suite.ota"
	cmp -s "$T/offts$suite.ota" "$T/off$suite.ota" && ok "suite $suite: the same signed image" ||
		bad "suite $suite: signature-in with the trust store differs"
	expect 2 "suite $suite: signature-in without any CA of its suite" -- "$OTAIMG" sign \
		--signature-in "$T/sig$suite.der" -o "$T/no$suite.ota" "$T/prep$suite.ota"
	contains "$T/err" "OTA_E_NOKEY" "suite $suite: the reason is a missing CA key"
	[ -e "$T/no$suite.ota" ] && bad "an unchecked signature left a file" || ok "nothing written unchecked"
done
expect 1 "re-sign suite 1 image with suite 2" -- sh -c "'$OTAIMG' sign --key '$T/dev2.key' --cert '$T/dev2.cert' --ca '$T/ca2.key' -o '$T/re.ota' '$T/signed1.ota' && '$OTAIMG' verify --ca '$T/ca1.key' --require-signature '$T/re.ota'"
expect 0 "the re-signed image verifies under the suite-2 CA" -- "$OTAIMG" verify --ca "$T/ca2.key" --require-signature "$T/re.ota"
# a key on another curve is not the certificate's key: OTA_E_KEY_MISMATCH, 1
expect 1 "a suite-1 key with a suite-2 certificate" -- "$OTAIMG" sign --key "$T/dev1.key" --cert "$T/dev2.cert" -o "$T/z.ota" "$T/img1.ota"
contains "$T/err" "OTA_E_KEY_MISMATCH" "a key on another curve is a key mismatch"
expect 1 "a suite-2 key with a suite-1 certificate, --no-key-check too" -- "$OTAIMG" sign --no-key-check \
	--key "$T/dev2.key" --cert "$T/dev1.cert" --ca "$T/ca1.key" -o "$T/z.ota" "$T/img1.ota"
contains "$T/err" "OTA_E_KEY_MISMATCH" "... a key mismatch"
[ -e "$T/z.ota" ] && bad "a key on another curve wrote output" || ok "a key on another curve: nothing written"

# keys
for t in p256 ed25519 sect163k1 sect283k1; do
	expect 0 "keygen $t" -- "$OTAIMG" keygen --type $t -o "$T/$t.key"
	expect 0 "pubkey $t" -- "$OTAIMG" pubkey "$T/$t.key"
done
expect 0 "pubkey p256 hex" -- "$OTAIMG" pubkey --format hex "$T/p256.key"
[ "$(tr -d '\n' <"$T/out" | wc -c)" -eq 66 ] && ok "p256 public key: 33-byte compressed point" || bad "p256 length"
openssl pkey -in "$T/p256.key" -pubout -outform DER 2>/dev/null | tail -c 65 | od -An -tx1 | tr -d ' \n' >"$T/ossl.hex"
"$OTAIMG" pubkey --format pem "$T/p256.key" | openssl pkey -pubin -pubout -outform DER 2>/dev/null | tail -c 65 | od -An -tx1 | tr -d ' \n' >"$T/ours.hex"
cmp -s "$T/ossl.hex" "$T/ours.hex" && ok "pubkey --format pem matches openssl's" || bad "pem public key differs"
expect 0 "pubkey c" -- "$OTAIMG" pubkey --format c "$T/ed25519.key"
contains "$T/out" "ota_public_key[32]" "C array of the 32-byte Ed25519 key"
expect 0 "an OpenSSL store URI names the key" -- "$OTAIMG" sign --key "file://$T/dev1.key" \
	--cert "$T/dev1.cert" --ca "$T/ca1.key" -o "$T/uri.ota" "$T/img1.ota"
expect 0 "... and the result verifies" -- "$OTAIMG" verify --require-signature --ca "$T/ca1.key" "$T/uri.ota"
openssl pkey -in "$T/dev1.key" -outform DER -out "$T/dev1.der"
expect 0 "a DER private key signs" -- "$OTAIMG" sign --key "$T/dev1.der" --cert "$T/dev1.cert" --ca "$T/ca1.key" -o "$T/der.ota" "$T/img1.ota"
expect 0 "... and the result verifies" -- "$OTAIMG" verify --require-signature --ca "$T/ca1.key" "$T/der.ota"
openssl pkcs8 -topk8 -v2 aes-256-cbc -passout pass:s3cret -in "$T/dev1.key" -out "$T/enc.key"
expect 2 "encrypted key without a passphrase" -- sh -c "'$OTAIMG' pubkey '$T/enc.key' </dev/null"
contains "$T/err" "give --passin" "... and says to give --passin"
expect 2 "encrypted key with a wrong passphrase" -- "$OTAIMG" pubkey --passin pass:wrong "$T/enc.key"
contains "$T/err" "OTA_E_PASSPHRASE" "... names the passphrase as the reason"
expect 2 "a key file that does not exist" -- "$OTAIMG" pubkey "$T/no-such.key"
contains "$T/err" "No such file or directory" "... says so"
expect 0 "--passin pass:" -- "$OTAIMG" pubkey --passin pass:s3cret "$T/enc.key"
expect 0 "--passin env:" -- env PW=s3cret "$OTAIMG" pubkey --passin env:PW "$T/enc.key"
printf 's3cret\n' >"$T/pw"
expect 0 "--passin file:" -- "$OTAIMG" pubkey --passin file:"$T/pw" "$T/enc.key"
expect 0 "sign with an encrypted key" -- "$OTAIMG" sign --key "$T/enc.key" --passin pass:s3cret \
	--cert "$T/dev1.cert" --ca "$T/ca1.key" -o "$T/e.ota" "$T/img1.ota"
chmod 644 "$T/dev1.key"
expect 0 "sign with a world-readable key" -- "$OTAIMG" sign --key "$T/dev1.key" --cert "$T/dev1.cert" --ca "$T/ca1.key" -o "$T/w.ota" "$T/img1.ota"
contains "$T/err" "readable by group or others" "a world-readable key gets a warning"

# Past B.6: an image whose signed range is 512 MiB or more.  A sparse file
# (header and element header patched, the data a hole) keeps this fast:
# --strict refuses before hashing; the default run is measured in bench/.
L=$((512 * 1024 * 1024 + 100))
"$OTAIMG" create -m 0x1234 -t 1 -v 1 -o "$T/big.ota" "${top_srcdir:-.}/examples/sample-payload.bin"
le32() { printf "\\$(printf %03o $(($1 & 255)))\\$(printf %03o $(($1 >> 8 & 255)))\\$(printf %03o $(($1 >> 16 & 255)))\\$(printf %03o $(($1 >> 24 & 255)))"; }
le32 $((56 + 6 + L)) | dd of="$T/big.ota" bs=1 seek=52 conv=notrunc status=none
le32 $L | dd of="$T/big.ota" bs=1 seek=58 conv=notrunc status=none
truncate -s $((56 + 6 + L)) "$T/big.ota"
expect 0 "a sparse 512 MiB image parses" -- "$OTAIMG" inspect "$T/big.ota"
expect 1 "sign --strict refuses a digest past 2^32 bits" -- "$OTAIMG" sign --strict \
	--key "$T/dev1.key" --cert "$T/dev1.cert" --ca "$T/ca1.key" -o "$T/bigs.ota" "$T/big.ota"
contains "$T/err" "mod 2^32" "the reason names the length-field wrap"
[ ! -e "$T/bigs.ota" ] && ok "nothing written under --strict" || bad "--strict wrote output"
expect 1 "create --integrity-code --strict refuses 512 MiB" -- "$OTAIMG" create -m 1 -t 1 -v 1 \
	--integrity-code --strict -o "$T/bigc.ota" "$T/big.ota"
contains "$T/err" "mod 2^32" "create names the wrap"
[ ! -e "$T/bigc.ota" ] && ok "create wrote nothing" || bad "create --strict wrote output"
rm -f "$T/big.ota"

# 5: a certificate naming the test CA (issuer TESTSECA) is checked against it
# unasked; one made under another CA with that name does not pair
expect 0 "a certificate that names TESTSECA" -- "$OTAIMG" cert issue --suite 1 --ca "$T/ca1.key" \
	--subject 00:0D:6F:00:00:19:8B:36 --issuer TESTSECA -o "$T/tsc"
expect 1 "... is checked against the test CA, and does not pair" -- "$OTAIMG" sign --key "$T/tsc.key" \
	--cert "$T/tsc.cert" -o "$T/tsc.ota" "$T/img1.ota"
contains "$T/err" "OTA_E_KEY_MISMATCH" "test-CA certificate: a mismatch"
expect 0 "... with its real CA given, it pairs" -- "$OTAIMG" sign --key "$T/tsc.key" --cert "$T/tsc.cert" \
	--ca "$T/ca1.key" -o "$T/tsc.ota" "$T/img1.ota"
expect 0 "--prepare needs no key and no check" -- "$OTAIMG" sign --prepare --cert "$T/tsc.cert" -o "$T/tp.ota" "$T/img1.ota"
finish
