#!/bin/sh
# Mesh DFU firmware archives: the two nRF Connect SDK archives (every field
# of tests/vectors/mesh, the inconsistent one fails naming both
# disagreements), the README example (raw binary -> MCUboot image with P-256
# and Ed25519 keys -> archive -> verify), deterministic output, inspect ->
# create -> inspect in both dialects, the 24-bit fw_size limit, hostile
# input, atomic output.
. "${top_srcdir:-.}/tests/cli/lib.sh"

V="$VECTORS/mesh"
TARGET="$V/ncs-dfu_target_nrf52840_2.0.zip"
BLINKY="$V/ncs-dfu_blinky_3.0.0-inconsistent.zip"

# ---- the real archives ----
expect 0 "inspect the NCS target archive" -- "$OTAIMG" inspect "$TARGET"
contains "$T/out" "dialect              ncs-zip" "target: dialect"
contains "$T/out" "firmware ID          59000200000000000000" "target: FWID"
contains "$T/out" "0200000000000000da3505018970567e0100 (18 bytes, zephyr)" "target: encoded metadata"
contains "$T/out" "version: 2.0.0+0" "target: metadata version 2.0.0+0"
contains "$T/out" "fw_size: 341466" "target: fw_size 341466"
contains "$T/out" "core type: 0x01 (application)" "target: core type 1"
contains "$T/out" "composition hash: 0x7e567089" "target: composition hash"
contains "$T/out" "elements: 1" "target: 1 element"
contains "$T/out" "image                target.signed.bin, 341466 bytes, MCUboot" "target: image"
contains "$T/out" "version              2.0.0+0" "target: MCUboot version"
contains "$T/out" "vendor-order         pass" "target: vendor order"
if grep -E '^    [a-z-]+ +(fail|warn) ' "$T/out" >/dev/null; then bad "target: a check fails"; else
	ok "target: no check fails or warns"; fi
expect 0 "verify the NCS target archive" -- "$OTAIMG" verify --allow-unchecked "$TARGET"
contains "$T/out" "every cross-check passes, signature not checked (--allow-unchecked)" "target verifies"
expect 0 "verify --strict" -- "$OTAIMG" verify --strict --allow-unchecked "$TARGET"
expect 1 "without a key its signature is not checked: exit 1, as for an MCUboot image" -- \
	"$OTAIMG" verify "$TARGET"
contains "$T/err" "OTA_E_SIG_UNCHECKED" "no key: OTA_E_SIG_UNCHECKED"
contains "$T/err" "give the image's public key (--key PUB)" "no key: the hint"
expect 0 "inspect --json" -- "$OTAIMG" inspect --json "$TARGET"
for k in '"format": "mesh-archive"' '"dialect": "ncs-zip"' '"hex": "59000200000000000000"' \
	'"hex": "0200000000000000da3505018970567e0100"' '"composition_hash": "0x7e567089"' \
	'"binary_size": 341466' '"name": "image-size"' '"result": "pass"' '"mcuboot": {'; do
	contains "$T/out" "$k" "inspect --json: $k"
done
expect 0 "verify --json" -- "$OTAIMG" verify --json --allow-unchecked "$TARGET"
contains "$T/out" '"ok": true' "verify --json: ok"

expect 1 "the inconsistent archive fails verify" -- "$OTAIMG" verify "$BLINKY"
contains "$T/err" "metadata 3.0.0+0 vs MCUboot 2.0.0+0" "blinky: the version disagreement"
contains "$T/err" "composition_hash 0xbc0e8b45 vs encoded metadata 0x52973f49" \
	"blinky: the composition-hash disagreement"
contains "$T/err" "only the model-first order" "blinky: the vendor order warning"
contains "$T/err" "OTA_E_ARCHIVE_CHECK" "blinky: OTA_E_ARCHIVE_CHECK"
expect 0 "inspect the inconsistent archive" -- "$OTAIMG" inspect "$BLINKY"
contains "$T/out" "__MACOSX/._manifest.json" "blinky: __MACOSX entries listed"
contains "$T/out" "[archive-macosx-entry]" "blinky: __MACOSX ignored with a note"
expect 1 "verify --json of the inconsistent archive" -- "$OTAIMG" verify --json "$BLINKY"
contains "$T/out" '"ok": false' "verify --json: not ok"

# ---- the README example ----
printf 'firmware body %s\n' $(seq 1 3000) >"$T/app.bin"
expect 0 "keygen P-256" -- "$OTAIMG" keygen --type p256 -o "$T/ec.pem"
expect 0 "keygen Ed25519" -- "$OTAIMG" keygen --type ed25519 -o "$T/ed.pem"
"$OTAIMG" pubkey --format pem "$T/ec.pem" >"$T/ec.pub.pem"
"$OTAIMG" pubkey --format pem "$T/ed.pem" >"$T/ed.pub.pem"
expect 0 "sign the raw binary (P-256)" -- "$OTAIMG" create --format mcuboot -k "$T/ec.pem" \
	--version 1.2.3+4 --pad-header -o "$T/app.signed.bin" "$T/app.bin"
cat >"$T/comp.json" <<'EOF'
{"cid": 89, "pid": 0, "vid": 0, "crpl": 10, "features": 3,
 "elements": [{"location": 1, "sig_models": [0, 2, 5120, 5122], "vendor_models": []}]}
EOF
expect 0 "create mesh-zip" -- "$OTAIMG" create --format mesh-zip --company 0x0059 \
	--comp "$T/comp.json" -o "$T/app.zip" "$T/app.signed.bin"
expect 0 "verify it with the P-256 key" -- "$OTAIMG" verify --key "$T/ec.pub.pem" "$T/app.zip"
contains "$T/out" "MCUboot signature valid" "zip: signature valid"
expect 1 "the Ed25519 key does not verify it" -- "$OTAIMG" verify --key "$T/ed.pub.pem" "$T/app.zip"
contains "$T/err" "FAIL signature" "zip: wrong key names the signature check"
expect 0 "create mesh-tar, signing the raw binary with Ed25519 on the way" -- "$OTAIMG" create \
	--format mesh-tar --company 0x0059 --comp "$T/comp.json" -k "$T/ed.pem" --version 1.2.3+4 \
	--pad-header --uri https://fw.example.com/u -o "$T/app.tar.gz" "$T/app.bin"
expect 0 "verify the tar with the Ed25519 key" -- "$OTAIMG" verify --key "$T/ed.pub.pem" "$T/app.tar.gz"
contains "$T/out" "spec-tar archive, every cross-check passes, MCUboot signature valid" "tar verifies"
expect 0 "inspect the tar" -- "$OTAIMG" inspect "$T/app.tar.gz"
contains "$T/out" "firmware ID          59000102030004000000" "tar: FWID from company + version"
contains "$T/out" "update URI           https://fw.example.com/u" "tar: URI"
contains "$T/out" "app_metadata.bin" "tar: metadata entry"

# ---- the README's example, as written there ----
mkdir "$T/readme"
awk '/^### Bluetooth Mesh DFU firmware archives/{f=1} f&&/^```sh$/{g=1;next} g&&/^```$/{exit} g{print}' \
	"${top_srcdir:-.}/README.md" >"$T/readme/run.sh"
contains "$T/readme/run.sh" "otaimg create --format mesh-zip" "the README example was found"
printf 'firmware body %s\n' $(seq 1 2000) >"$T/readme/app.bin"
expect 0 "the README example runs" -- sh -ec "cd '$T/readme'; otaimg() { '$OTAIMG' \"\$@\"; }; . ./run.sh"
contains "$T/out" "app.zip: OK: ncs-zip archive, every cross-check passes, MCUboot signature valid" \
	"README: the zip verifies with the P-256 key"
contains "$T/out" "app.tar.gz: OK: spec-tar archive, every cross-check passes, MCUboot signature valid" \
	"README: the tar verifies with the Ed25519 key"

# ---- deterministic output ----
expect 0 "create again" -- "$OTAIMG" create --format mesh-zip --company 0x0059 \
	--comp "$T/comp.json" -o "$T/app2.zip" "$T/app.signed.bin"
expect 0 "the same bytes" -- cmp "$T/app.zip" "$T/app2.zip"
expect 0 "SOURCE_DATE_EPOCH" -- env SOURCE_DATE_EPOCH=1700000000 "$OTAIMG" create --format mesh-tar \
	--company 0x0059 --comp "$T/comp.json" -o "$T/e1.tar.gz" "$T/app.signed.bin"
expect 0 "SOURCE_DATE_EPOCH, another TZ" -- env TZ=America/New_York SOURCE_DATE_EPOCH=1700000000 \
	"$OTAIMG" create --format mesh-tar --company 0x0059 --comp "$T/comp.json" -o "$T/e2.tar.gz" \
	"$T/app.signed.bin"
expect 0 "identical" -- cmp "$T/e1.tar.gz" "$T/e2.tar.gz"
expect 0 "zip under two time zones" -- env TZ=Asia/Tokyo SOURCE_DATE_EPOCH=1700000000 \
	"$OTAIMG" create --format mesh-zip --company 0x0059 --comp "$T/comp.json" -o "$T/z1.zip" \
	"$T/app.signed.bin"
expect 0 "... and again" -- env TZ=UTC SOURCE_DATE_EPOCH=1700000000 \
	"$OTAIMG" create --format mesh-zip --company 0x0059 --comp "$T/comp.json" -o "$T/z2.zip" \
	"$T/app.signed.bin"
expect 0 "identical zips" -- cmp "$T/z1.zip" "$T/z2.zip"
if cmp -s "$T/z1.zip" "$T/app.zip"; then bad "SOURCE_DATE_EPOCH changed nothing"; else
	ok "SOURCE_DATE_EPOCH is in the archive"; fi

# ---- inspect -> create -> inspect, both dialects ----
# (the fields an archive carries, read back from inspect, build the other dialect)
"$OTAIMG" inspect "$T/app.zip" >"$T/i1"
fw=$(sed -n 's/^  firmware ID          \([0-9a-f]*\)$/\1/p' "$T/i1")
md=$(sed -n 's/^  metadata             \([0-9a-f]*\) .*/\1/p' "$T/i1")
expect 0 "create mesh-tar from the zip's FWID and metadata" -- "$OTAIMG" create --format mesh-tar \
	--fwid "$fw" --metadata "$md" -o "$T/rt.tar.gz" "$T/app.signed.bin"
expect 0 "create mesh-zip from the same" -- "$OTAIMG" create --format mesh-zip \
	--fwid "$fw" --metadata "$md" -o "$T/rt.zip" "$T/app.signed.bin"
"$OTAIMG" inspect "$T/rt.tar.gz" >"$T/i2"
"$OTAIMG" inspect "$T/rt.zip" >"$T/i3"
# every field but the file name, dialect, entries, and the zip-only JSON and composition
fields() { sed -e '1d' -e '/^  dialect/d' -e '/^  manifest version/d' \
	-e '/^  entries/,/^  image /{/^  image /!d}' -e '/^    JSON /d' \
	-e '/^  composition/,/^  MCUboot/{/^  MCUboot/!d}' -e '/^  note/d' \
	-e 's/^\(    [a-z-]*\) *\(pass\|fail\|warn\|skip\) .*/\1 \2/' -e '/ skip$/d' \
	-e '/^    \(core-type\|elements\|vendor-order\) /d' "$1"; }
fields "$T/i1" >"$T/f1"; fields "$T/i2" >"$T/f2"; fields "$T/i3" >"$T/f3"
expect 0 "zip -> tar: the same fields" -- diff "$T/f1" "$T/f2"
expect 0 "zip -> zip: the same fields" -- diff "$T/f1" "$T/f3"
contains "$T/f2" "fw_size: " "the compared fields include the metadata"
contains "$T/f2" "    hash                 SHA-256" "... and the MCUboot header"
expect 0 "verify the rebuilt tar" -- "$OTAIMG" verify --key "$T/ec.pub.pem" "$T/rt.tar.gz"
expect 1 "a key for an archive whose image has none of its kind" -- "$OTAIMG" verify \
	--key "$T/ed.pub.pem" "$T/rt.tar.gz"

# ---- limits and refusals ----
head -c 16777216 /dev/zero >"$T/big.bin"
expect 0 "sign a 16 MiB binary" -- "$OTAIMG" create --format mcuboot -k "$T/ec.pem" --version 1.0.0 \
	--pad-header -o "$T/big.signed.bin" "$T/big.bin"
expect 1 "16 MiB with composition data: no Zephyr metadata (24-bit fw_size)" -- "$OTAIMG" create \
	--format mesh-tar --company 0x0059 --comp "$T/comp.json" -o "$T/big.tar.gz" "$T/big.signed.bin"
contains "$T/err" "24 bits" "the message names the 24-bit field"
[ -e "$T/big.tar.gz" ] && bad "a refused create left an output" || ok "nothing at the output path"
expect 0 "16 MiB as a tar without metadata" -- "$OTAIMG" create --format mesh-tar --company 0x0059 \
	-o "$T/big.tar.gz" "$T/big.signed.bin"
expect 0 "which verifies" -- "$OTAIMG" verify --key "$T/ec.pub.pem" "$T/big.tar.gz"
expect 2 "the zip dialect needs metadata" -- "$OTAIMG" create --format mesh-zip --company 0x0059 \
	-o "$T/nomd.zip" "$T/app.signed.bin"
expect 2 "no FWID and no company" -- "$OTAIMG" create --format mesh-zip --comp "$T/comp.json" \
	-o "$T/nofw.zip" "$T/app.signed.bin"
expect 2 "a raw binary without a key" -- "$OTAIMG" create --format mesh-zip --company 0x0059 \
	--comp "$T/comp.json" -o "$T/raw.zip" "$T/app.bin"
expect 0 "a long URI: a warning" -- "$OTAIMG" create --format mesh-zip --company 0x0059 \
	--comp "$T/comp.json" --uri "https://firmware.example.com/very/long/path/x" -o "$T/uri.zip" \
	"$T/app.signed.bin"
expect 0 "verify passes with the warning" -- "$OTAIMG" verify --key "$T/ec.pub.pem" "$T/uri.zip"
contains "$T/err" "warning uri-limits" "the URI warning"
expect 1 "verify --strict fails on it" -- "$OTAIMG" verify --strict --key "$T/ec.pub.pem" "$T/uri.zip"
contains "$T/err" "OTA_E_POLICY" "--strict: OTA_E_POLICY"
printf 'hello' | gzip -c >"$T/notar.gz"
expect 1 "gzip without a tar" -- "$OTAIMG" inspect "$T/notar.gz"
contains "$T/err" "OTA_E_ARCHIVE" "gzip without a tar: OTA_E_ARCHIVE"
head -c 4000 "$TARGET" >"$T/cut.zip"
expect 1 "a cut ZIP" -- "$OTAIMG" verify "$T/cut.zip"
cp "$TARGET" "$T/flip.zip"; flip "$T/flip.zip" 2000
expect 1 "a flipped image byte in a stored ZIP entry" -- "$OTAIMG" verify "$T/flip.zip"
# ---- hostile archives made with tar: each a specific error, nothing written ----
mkdir "$T/evil" "$T/evil/a" "$T/evil/b"
echo '{}' >"$T/evil/a/manifest.json"; echo '{}' >"$T/evil/b/manifest.json"
ln -s /etc/passwd "$T/evil/a/link"
ln "$T/evil/a/manifest.json" "$T/evil/a/hard.json"
head -c 1048577 /dev/zero | tr '\000' ' ' >"$T/evil/b/big.json"
( cd "$T/evil" && tar -czPf dotdot.tar.gz --transform 's,^a/,../,' a/manifest.json &&
  tar -czf link.tar.gz -C a link manifest.json &&
  tar -czf hard.tar.gz -C a manifest.json hard.json &&
  tar -czf dup.tar.gz -C a manifest.json -C ../b manifest.json &&
  tar -czf bomb.tar.gz --transform 's,big.json,manifest.json,' -C b big.json ) 2>/dev/null
ls -R "$T/evil" >"$T/before"
for c in "dotdot OTA_E_ARCHIVE_PATH ../manifest.json" "link OTA_E_ARCHIVE_ENTRY_TYPE 'link' is a symbolic link" \
	"hard OTA_E_ARCHIVE_ENTRY_TYPE 'hard.json' is a hard link" \
	"dup OTA_E_ARCHIVE_DUPLICATE 'manifest.json' appears twice" \
	"bomb OTA_E_ARCHIVE_ENTRY_SIZE 'manifest.json' expands past 1048576"; do
	set -- $c; f=$1; e=$2; shift 2
	expect 1 "hostile $f.tar.gz" -- "$OTAIMG" verify "$T/evil/$f.tar.gz"
	contains "$T/err" "$e" "$f: $e"
	contains "$T/err" "$*" "$f: the entry named"
done
ls -R "$T/evil" >"$T/after"
expect 0 "nothing was extracted" -- cmp "$T/before" "$T/after"
# standard input: a ZIP is read through its central directory, so a pipe
# is refused (its local headers could say something else); a redirected
# file is seekable and reads as the named file
"$OTAIMG" inspect "$TARGET" >"$T/named"
"$OTAIMG" inspect - <"$TARGET" >"$T/redir"
sed 1d "$T/named" >"$T/named1"; sed 1d "$T/redir" >"$T/redir1"
if cmp -s "$T/named1" "$T/redir1"; then ok "inspect: a redirected archive reads as the named file"; else bad "inspect: redirected archive differs"; fi
expect 2 "verify a piped ZIP: refused" -- sh -c 'cat "$1" | "$2" verify --allow-unchecked -' sh "$TARGET" "$OTAIMG"
contains "$T/err" "central directory" "piped ZIP: says why"
expect 0 "verify an archive on redirected standard input" -- sh -c '"$2" verify --allow-unchecked - <"$1"' sh "$TARGET" "$OTAIMG"
expect 1 "a redirected inconsistent archive fails" -- sh -c '"$2" verify --allow-unchecked - <"$1"' sh "$BLINKY" "$OTAIMG"
# a ZIP cut before its central directory is refused, from a file too
head -c 300000 "$TARGET" >"$T/cut.zip"
expect 1 "a ZIP without its central directory" -- "$OTAIMG" verify --allow-unchecked "$T/cut.zip"
# a ZIP appended to another reads as its last central directory says
cat "$TARGET" "$BLINKY" >"$T/poly.zip"
expect 1 "two ZIPs in one file: the last one's directory (the inconsistent archive)" -- "$OTAIMG" verify --allow-unchecked "$T/poly.zip"
finish
