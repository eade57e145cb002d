#!/bin/sh
# Make the seed corpus of fuzz/fuzz_certs.c: one file per seed, its first
# byte the loader (0 GBCS supplier certificate or key, 1 key through
# OSSL_STORE, 2 ECQV implicit certificate), then the bytes.  Run from a
# built tree:  sh fuzz/seeds-certs.sh   (needs the openssl command).
set -eu
cd "$(dirname "$0")/.."
out=fuzz/corpus-certs
w=$(mktemp -d)
trap 'rm -rf "$w"' EXIT
seed() { # MODE FILE
	{ printf "\\$(printf %03o "$1")"; cat "$2"; } >"$w/seed"
	cp "$w/seed" "$out/$(sha1sum <"$w/seed" | cut -c1-40)"
}
mkdir -p "$out"
sup=tests/vectors/gbcs/supplier-ds-90B3D51F30010000.pem
seed 0 "$sup"
openssl x509 -in "$sup" -outform DER -out "$w/sup.der"
seed 0 "$w/sup.der"
openssl x509 -in "$sup" -pubkey -noout >"$w/sup.pub"
seed 0 "$w/sup.pub"
openssl pkey -pubin -in "$w/sup.pub" -outform DER -out "$w/sup.pub.der"
seed 0 "$w/sup.pub.der"
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-384 -out "$w/p384.key"
openssl req -x509 -new -key "$w/p384.key" -subj /CN=p384 -days 1 -out "$w/p384.pem"
seed 0 "$w/p384.pem"
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$w/p256.key"
openssl req -x509 -new -key "$w/p256.key" -subj /CN=ku -days 1 \
	-addext keyUsage=critical,keyCertSign -out "$w/ku.pem"
seed 0 "$w/ku.pem"
seed 1 "$w/p256.key"
openssl pkey -in "$w/p256.key" -outform DER -out "$w/p256.der"
seed 1 "$w/p256.der"
openssl ec -in "$w/p256.key" -out "$w/p256.sec1" 2>/dev/null
seed 1 "$w/p256.sec1"
openssl pkey -in "$w/p256.key" -aes-128-cbc -passout pass:fuzz -out "$w/p256.enc"
seed 1 "$w/p256.enc"
openssl pkey -in "$w/p256.key" -pubout -out "$w/p256.pub"
seed 1 "$w/p256.pub"
for t in ed25519 sect163k1 sect283k1; do
	tools/otaimg keygen --type $t -o "$w/$t.key"
	seed 1 "$w/$t.key"
done
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:1024 -out "$w/rsa.key" 2>/dev/null
seed 1 "$w/rsa.key"
seed 1 "$sup"
for s in 1 2; do
	tools/otaimg cert ca --suite $s -o "$w/ca$s.key" >/dev/null
	tools/otaimg cert issue --suite $s --ca "$w/ca$s.key" --subject 00:0D:6F:00:00:19:8B:36 \
		--issuer TESTLAB$s -o "$w/dev$s" >/dev/null
	seed 2 "$w/dev$s.cert"
done
# the certificate in Silicon Labs' signed sample (element 0x0002, 48 bytes)
smp=tests/vectors/zigbee/samples/silabs-suite1-signed-sample.ota
tools/otaimg extract "$smp" --tag 2 -o "$w/silabs.cert"
seed 2 "$w/silabs.cert"
ls "$out" | wc -l
