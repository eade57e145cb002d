#!/bin/sh
# MCUboot images: the imgtool-made vectors verify (inspect, verify --key,
# JSON, a pipe), images otaimg creates with every key type verify, and their
# signatures are checked again with the openssl command over the image hash
# otaimg reports; slot padding, crafted bad images, create's errors.
. "${top_srcdir:-.}/tests/cli/lib.sh"

M="$VECTORS/mcuboot"
EC="$M/app-ecdsa-p256-v1.2.3+45.signed.bin"
ED="$M/app-ed25519-v2.0.1+1234.signed.bin"

# ---- the imgtool vectors ----
expect 0 "ECDSA vector verifies with its key" -- "$OTAIMG" verify --key "$M/ecdsa-p256.pub.pem" "$EC"
contains "$T/out" "MCUboot image 1.2.3+45, SHA-256 hash matches, ECDSA_SIG signature valid" \
	"ECDSA vector: what was checked"
expect 0 "Ed25519 vector verifies with its key" -- "$OTAIMG" verify --key "$M/ed25519.pub.pem" "$ED"
expect 1 "ECDSA vector fails with the Ed25519 key" -- "$OTAIMG" verify --key "$M/ed25519.pub.pem" "$EC"
contains "$T/err" "OTA_E_WRONG_KEY" "other key: OTA_E_WRONG_KEY"
expect 1 "Ed25519 vector fails with the P-256 key" -- "$OTAIMG" verify --key "$M/ecdsa-p256.pub.pem" "$ED"
expect 1 "no key: the signature is unchecked" -- "$OTAIMG" verify "$EC"
contains "$T/err" "OTA_E_SIG_UNCHECKED" "no key: OTA_E_SIG_UNCHECKED"
expect 0 "no key, --allow-unchecked" -- "$OTAIMG" verify --allow-unchecked "$EC"
contains "$T/out" "signature not checked" "--allow-unchecked says so"
expect 0 "a pipe (forward-only open)" -- sh -c "cat '$ED' | '$OTAIMG' verify --key '$M/ed25519.pub.pem' -"
expect 0 "a file on standard input" -- sh -c "'$OTAIMG' verify --key '$M/ed25519.pub.pem' - <'$ED'"
cp "$ED" "$T/flip.bin"; flip "$T/flip.bin" 600
expect 1 "a body byte flipped: hash mismatch" -- "$OTAIMG" verify --key "$M/ed25519.pub.pem" "$T/flip.bin"
contains "$T/err" "OTA_E_DIGEST" "flipped body: OTA_E_DIGEST"
expect 1 "... through a pipe too" -- sh -c "cat '$T/flip.bin' | '$OTAIMG' verify --key '$M/ed25519.pub.pem' -"
cp "$EC" "$T/flip.bin"; flip "$T/flip.bin" 25200
expect 1 "a signature byte flipped" -- "$OTAIMG" verify --key "$M/ecdsa-p256.pub.pem" "$T/flip.bin"
contains "$T/err" "OTA_E_BAD_SIGNATURE" "flipped signature: OTA_E_BAD_SIGNATURE"

expect 0 "inspect" -- "$OTAIMG" inspect "$EC"
contains "$T/out" "version              1.2.3+45" "inspect: version"
contains "$T/out" "header size          512 (0x200)" "inspect: header size"
contains "$T/out" "b9acf6b40d98ea6c747ddf060c7b499cf4b5778d5271f2cf7e3c727b0a8caf77 (matches the hash TLV)" \
	"inspect: the hash"
contains "$T/out" "0x0001 KEYHASH" "inspect: the key hash TLV"
expect 0 "inspect --json" -- "$OTAIMG" inspect --json "$ED"
contains "$T/out" '"format": "mcuboot"' "json: format"
contains "$T/out" '"version": "2.0.1+1234"' "json: version"
contains "$T/out" '"computed": "3916d53f6b90033fa9be1a1074073c2087189b557ad1ac6d17a0f20806a3ab03"' \
	"json: computed hash"
contains "$T/out" '"name": "ED25519"' "json: TLV names"
expect 0 "inspect --json from a pipe" -- sh -c "cat '$ED' | '$OTAIMG' inspect --json -"
contains "$T/out" '"signed_size": 25232' "json pipe: signed size"
expect 0 "verify --json" -- "$OTAIMG" verify --json --key "$M/ed25519.pub.pem" "$ED"
contains "$T/out" '"ok": true' "verify json: ok"
contains "$T/out" '"result": "valid"' "verify json: signature valid"
expect 1 "verify --json without a key" -- "$OTAIMG" verify --json "$ED"
contains "$T/out" '"code": "OTA_E_SIG_UNCHECKED"' "verify json: unchecked"
# a Zigbee image through a pipe still reaches the Zigbee parser whole
INNR="$REAL/Innr__1166-0128-24011511-RS_226_v2-upgradeMe.ota"
expect 0 "a Zigbee image from a pipe" -- sh -c "cat '$INNR' | '$OTAIMG' verify -"
contains "$T/out" "integrity code matches" "Zigbee pipe: integrity code matches"

# ---- create, every key type, checked again by openssl ----
head -c 5000 /dev/urandom >"$T/raw.bin"
for kt in p256 p384 ed25519 rsa-2048 rsa-3072; do
	"$OTAIMG" keygen -q -t "$kt" -o "$T/$kt.pem"
	openssl pkey -in "$T/$kt.pem" -pubout -out "$T/$kt.pub.pem" 2>/dev/null
	expect 0 "create with a $kt key" -- "$OTAIMG" create --format mcuboot -k "$T/$kt.pem" \
		--version 1.2.3+4 -H 0x200 --pad-header --security-counter 9 --custom-tlv 0xa0 c0ffee \
		-o "$T/$kt.img" "$T/raw.bin"
	expect 0 "$kt image verifies with the public key" -- "$OTAIMG" verify -v --key "$T/$kt.pub.pem" "$T/$kt.img"
	contains "$T/out" "signature valid" "$kt: signature valid"
	hash=$(sed -n 's/.*image hash SHA-[0-9]* \([0-9a-f]*\)$/\1/p' "$T/out")
	"$OTAIMG" inspect "$T/$kt.img" >"$T/ins"
	# the protected area ends where the unprotected one starts: 4 bytes before its first TLV
	set -- $(grep 'unprotected offset' "$T/ins" | head -1)
	hashed=$(($6 - 4))
	set -- $(grep 'unprotected offset' "$T/ins" | tail -1)
	sigoff=$(($6 + 4)) siglen=$8
	dd if="$T/$kt.img" of="$T/sig.bin" bs=1 skip="$sigoff" count="$siglen" status=none
	md=sha256; [ "$kt" = p384 ] && md=sha384
	head -c "$hashed" "$T/$kt.img" | openssl dgst -"$md" -binary >"$T/dig.bin"
	own=$(od -An -tx1 -v "$T/dig.bin" | tr -d ' \n')
	if [ -n "$hash" ] && [ "$own" = "$hash" ]; then ok "$kt: openssl's $md of the hashed bytes is the hash otaimg reports"
	else bad "$kt: openssl $own, otaimg '$hash'"; fi
	case $kt in
	ed25519) opts="-rawin" ;;
	rsa-*) opts="-pkeyopt rsa_padding_mode:pss -pkeyopt rsa_pss_saltlen:32 -pkeyopt digest:sha256 -pkeyopt rsa_mgf1_md:sha256" ;;
	*) opts="" ;;
	esac
	expect 0 "$kt: openssl pkeyutl verifies the signature over that hash" -- \
		openssl pkeyutl -verify -pubin -inkey "$T/$kt.pub.pem" $opts -in "$T/dig.bin" -sigfile "$T/sig.bin"
	flip "$T/dig.bin" 5
	expect 1 "$kt: ... and not over another hash" -- \
		openssl pkeyutl -verify -pubin -inkey "$T/$kt.pub.pem" $opts -in "$T/dig.bin" -sigfile "$T/sig.bin"
	expect 1 "$kt image fails with another key" -- "$OTAIMG" verify --key "$M/ecdsa-p256.pub.pem" "$T/$kt.img"
done
expect 0 "full public key TLV" -- "$OTAIMG" create --format mcuboot -k "$T/p256.pem" --version 2 \
	--pad-header --public-key-format full -o "$T/full.img" "$T/raw.bin"
expect 0 "full public key image verifies" -- "$OTAIMG" verify --key "$T/p256.pub.pem" "$T/full.img"
"$OTAIMG" inspect "$T/full.img" >"$T/ins"
contains "$T/ins" "0x0002 PUBKEY" "full: PUBKEY TLV"

# ---- unsigned, slot padding ----
expect 0 "unsigned, padded to the slot" -- "$OTAIMG" create --format mcuboot --version 1.0.0+7 \
	--pad-header -H 0x20 --slot-size 0x4000 --pad --load-addr 0x20000000 --sha 512 -o "$T/pad.img" "$T/raw.bin"
[ "$(size "$T/pad.img")" -eq 16384 ] && ok "padded image is the slot size" || bad "padded size $(size "$T/pad.img")"
expect 0 "unsigned image verifies on its hash" -- "$OTAIMG" verify "$T/pad.img"
contains "$T/out" "not signed" "unsigned: says only the hash protects it"
expect 0 "inspect the padded image" -- "$OTAIMG" inspect "$T/pad.img"
contains "$T/out" "slot padding, boot magic" "padded: the trailer is recognised"
contains "$T/out" "load address         0x20000000" "padded: load address"
contains "$T/out" "SHA-512" "padded: SHA-512"
expect 1 "a slot too small" -- "$OTAIMG" create --format mcuboot --version 1 --pad-header \
	--slot-size 5000 -o "$T/small.img" "$T/raw.bin"
contains "$T/err" "exceeds the slot size" "slot too small: says so"
[ ! -e "$T/small.img" ] && ok "slot too small: no output" || bad "slot too small left an output"
expect 1 "no header room without --pad-header" -- "$OTAIMG" create --format mcuboot --version 1 \
	-o "$T/nohdr.img" "$T/raw.bin"
[ ! -e "$T/nohdr.img" ] && ok "no header room: no output" || bad "no header room left an output"
expect 2 "create without --version" -- "$OTAIMG" create --format mcuboot -o "$T/x.img" "$T/raw.bin"
expect 2 "create with a bad version" -- "$OTAIMG" create --format mcuboot --version 1.2.3.4 -o "$T/x.img" "$T/raw.bin"
expect 2 "create with a sect163k1 key" -- sh -c "'$OTAIMG' keygen -q -t sect163k1 -o '$T/k1.pem' &&
	'$OTAIMG' create --format mcuboot -k '$T/k1.pem' --version 1 --pad-header -o '$T/x.img' '$T/raw.bin'"
expect 2 "--custom-tlv needs two arguments" -- "$OTAIMG" create --format mcuboot --version 1 \
	--pad-header -o "$T/x.img" --custom-tlv 0xa0
expect 2 "--custom-tlv with a reserved type" -- "$OTAIMG" create --format mcuboot --version 1 \
	--pad-header --custom-tlv 0x10 00 -o "$T/x.img" "$T/raw.bin"

# ---- crafted bad images through the CLI ----
head -c 40 "$EC" >"$T/cut.bin"
expect 1 "truncated image" -- "$OTAIMG" verify --key "$M/ecdsa-p256.pub.pem" "$T/cut.bin"
contains "$T/err" "OTA_E_TRUNCATED" "truncated: OTA_E_TRUNCATED"
cp "$EC" "$T/tlvmagic.bin"; flip "$T/tlvmagic.bin" 25088
expect 1 "bad TLV info magic" -- "$OTAIMG" inspect "$T/tlvmagic.bin"
contains "$T/err" "OTA_E_BAD_MAGIC" "bad TLV magic: OTA_E_BAD_MAGIC"
contains "$T/err" "offset 25088" "bad TLV magic: the offset"
cp "$EC" "$T/prot.bin"; printf '\010' | dd of="$T/prot.bin" bs=1 seek=10 conv=notrunc status=none
expect 1 "protected size the file does not have" -- "$OTAIMG" verify "$T/prot.bin"
contains "$T/err" "ih_protect_tlv_size" "protected size: names the field"
{ cat "$EC"; printf 'junk'; } >"$T/junk.bin"
expect 0 "trailing bytes are a warning" -- "$OTAIMG" verify --key "$M/ecdsa-p256.pub.pem" "$T/junk.bin"
contains "$T/err" "mcuboot-trailing-data" "trailing bytes: the diagnostic"
expect 1 "... that --strict refuses" -- "$OTAIMG" verify --strict --key "$M/ecdsa-p256.pub.pem" "$T/junk.bin"
# --require-signature holds for MCUboot images too (review: it was ignored)
expect 0 "an unsigned image" -- "$OTAIMG" create --format mcuboot --version 1.0.0 --pad-header -o "$T/unsigned.img" "$T/raw.bin"
expect 0 "unsigned: verify passes (hash only)" -- "$OTAIMG" verify "$T/unsigned.img"
expect 1 "unsigned: --require-signature fails" -- "$OTAIMG" verify --require-signature "$T/unsigned.img"
contains "$T/err" "OTA_E_UNSIGNED" "unsigned: named"
expect 1 "signed, no key: --require-signature with --allow-unchecked still fails" -- "$OTAIMG" verify --require-signature --allow-unchecked "$EC"
expect 0 "signed, its key: --require-signature passes" -- "$OTAIMG" verify --require-signature --key "$M/ecdsa-p256.pub.pem" "$EC"
# an encrypted-flag image cannot be verified here: a failure (1), not a usage error (2)
cp "$EC" "$T/enc.img"
printf '\004' | dd of="$T/enc.img" bs=1 seek=16 conv=notrunc 2>/dev/null
expect 1 "encrypted flag: verify exits 1" -- "$OTAIMG" verify --key "$M/ecdsa-p256.pub.pem" "$T/enc.img"
contains "$T/err" "OTA_E_UNSUPPORTED" "encrypted flag: named"
# a custom TLV type given twice is refused, as imgtool keeps one per type
expect 2 "custom TLV type twice" -- "$OTAIMG" create --format mcuboot --version 1.0.0 --pad-header --custom-tlv 0xa0 01 --custom-tlv 0xa0 02 -o "$T/dup.img" "$T/raw.bin"
contains "$T/err" "given twice" "custom TLV twice: says so"
[ ! -e "$T/dup.img" ] && ok "custom TLV twice: nothing written" || bad "custom TLV twice: output left"
finish
