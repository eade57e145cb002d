#!/bin/sh
# Make the MCUboot seed corpus fuzz/corpus-mcuboot/: small images otaimg
# signs with every key type and option, and hand-made broken ones.
#   sh fuzz/seeds-mcuboot.sh [path/to/otaimg]
set -eu
cd "$(dirname "$0")/.."
O=${1:-tools/otaimg}
C=fuzz/corpus-mcuboot
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
mkdir -p "$C"
head -c 200 /dev/urandom >"$T/raw"
for kt in p256 p384 ed25519 rsa-2048; do
	"$O" keygen -q -t "$kt" -o "$T/$kt.pem"
	"$O" create --format mcuboot -q -k "$T/$kt.pem" --version 1.2.3+4 -H 0x20 --pad-header \
		--security-counter 3 --custom-tlv 0xa0 0102 -o "$C/signed-$kt.bin" "$T/raw"
done
"$O" create --format mcuboot -q -k "$T/p256.pem" --version 2 -H 0x40 --pad-header \
	--public-key-format full -o "$C/pubkey-full.bin" "$T/raw"
"$O" create --format mcuboot -q --version 0.1 -H 0x20 --pad-header --sha 512 \
	--slot-size 0x400 --pad -o "$C/unsigned-padded.bin" "$T/raw"
"$O" create --format mcuboot -q --version 0.1 -H 0x20 --pad-header --sha 384 --align 16 \
	--slot-size 0x2000 --pad -o "$C/unsigned-align16.bin" "$T/raw"
# broken: cut header, cut body, protected size mismatch
head -c 20 "$C/signed-p256.bin" >"$C/cut-header.bin"
head -c 100 "$C/signed-p256.bin" >"$C/cut-body.bin"
cp "$C/unsigned-padded.bin" "$C/prot-mismatch.bin"
printf '\014' | dd of="$C/prot-mismatch.bin" bs=1 seek=10 conv=notrunc status=none
