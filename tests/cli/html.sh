#!/bin/sh
# inspect --html: the page of every vector (one page per file, and one page
# with all of them) is well-formed, self-contained, has every diagnostic of
# inspect --json and byte maps that tile the file (tests/html_check.py);
# text from the file and the command line is escaped; the same input gives
# the same bytes; --verify; the option errors.
. "${top_srcdir:-.}/tests/cli/lib.sh"

command -v python3 >/dev/null 2>&1 || { echo "python3 not found: skipped"; exit 77; }
CHECK="$top_srcdir/tests/html_check.py"

# check PAGE JSON TITLE DESCRIPTION
check() {
	if python3 "$CHECK" "$1" "$2" "$3" >"$T/check" 2>&1; then ok "$4"; else
		bad "$4"; sed 's/^/#   /' "$T/check" | head -10; fi
}

# no_raw PAGE TEXT DESCRIPTION: TEXT is not in the page
no_raw() {
	if grep -qF -- "$2" "$1"; then bad "$3: '$2' in $1"; grep -nF -- "$2" "$1" | head -3 | sed 's/^/#   /'
	else ok "$3"; fi
}

set --
for f in "$VECTORS"/zigbee/real/* "$VECTORS"/zigbee/samples/* "$VECTORS"/gbcs/*.bin \
    "$VECTORS"/mcuboot/*.bin "$VECTORS"/mesh/*.zip "$VECTORS"/matter/*.ota; do
	case $f in *EXPECTED.json|*'*'*) continue ;; esac
	set -- "$@" "$f"
done
n=0
for f in "$@"; do
	n=$((n + 1))
	"$OTAIMG" inspect --json "$f" >"$T/one.json" 2>/dev/null
	"$OTAIMG" inspect --html -o "$T/one.html" "$f" 2>/dev/null
	check "$T/one.html" "$T/one.json" "otaimg report: $f" "page of ${f#"$VECTORS"/}"
done
[ "$n" -ge 28 ] && ok "$n vectors" || bad "only $n vectors"
for fmt in zigbee-ota gbcs mcuboot mesh-archive matter; do
	"$OTAIMG" inspect --html "$@" 2>/dev/null | grep -q "data-format=\"$fmt\"" &&
		ok "the vectors include $fmt" || bad "no $fmt vector"
done

# ---- all of them on one page: a summary first ----
"$OTAIMG" inspect --json "$@" >"$T/all.json" 2>/dev/null
expect 1 "the page of all vectors (one is not an OTA file)" -- \
	"$OTAIMG" inspect --html -o "$T/all.html" "$@"
check "$T/all.html" "$T/all.json" "otaimg report: $n files" "the page of all $n vectors"
contains "$T/all.html" '<table class="summary">' "several files: a summary table"
s=$(grep -n 'class="summary"' "$T/all.html" | head -1 | cut -d: -f1)
f1=$(grep -n 'id="f1"' "$T/all.html" | head -1 | cut -d: -f1)
[ "${s:-0}" -gt 0 ] && [ "$s" -lt "${f1:-0}" ] && ok "the summary comes first" || bad "summary at $s, f1 at $f1"
expect 1 "the same again" -- "$OTAIMG" inspect --html -o "$T/all2.html" "$@"
cmp -s "$T/all.html" "$T/all2.html" && ok "same input, same bytes" || bad "two runs differ"
"$OTAIMG" inspect --html "$@" >"$T/all3.html" 2>/dev/null
cmp -s "$T/all.html" "$T/all3.html" && ok "standard output: the same bytes" || bad "stdout differs"
no_raw "$T/all.html" "$T" "no temporary or absolute path in the page"

# ---- escaping: hostile header strings and file names ----
head -c 1000 /dev/urandom >"$T/payload.bin"
expect 0 "a header string with markup" -- "$OTAIMG" create -m 1 -t 1 -v 1 \
	-s '<script>alert(1)</script>&"' -o "$T/evil.ota" "$T/payload.bin"
"$OTAIMG" inspect --json "$T/evil.ota" >"$T/evil.json"
expect 0 "its page" -- "$OTAIMG" inspect --html -o "$T/evil.html" "$T/evil.ota"
check "$T/evil.html" "$T/evil.json" "otaimg report: $T/evil.ota" "the page is well-formed"
no_raw "$T/evil.html" "<script" "no raw <script> tag"
no_raw "$T/evil.html" "</script" "no raw </script> tag"
contains "$T/evil.html" '&lt;script&gt;alert(1)&lt;/script&gt;&amp;&quot;' "the string is shown escaped"
contains "$T/evil.html" '<pre class="hex" data-off="0" data-len="56">' "a hex view of the 56 header bytes"
contains "$T/evil.html" '<span class="f0" title="file identifier">1e f1 ee 0b</span>' \
	"the hex view outlines the fields"
bad_str=$(printf "x\001\033[2J\377'<b>")
expect 0 "a header string with controls and a byte not UTF-8" -- "$OTAIMG" create -m 1 -t 1 \
	-v 1 -s "$bad_str" -o "$T/ctl.ota" "$T/payload.bin"
name=$(printf "$T/a<i>&\"'\001\377.ota")
cp "$T/ctl.ota" "$name"
"$OTAIMG" inspect --json "$name" >"$T/ctl.json"
expect 0 "a file name with markup, quotes, a control and a byte not UTF-8" -- \
	"$OTAIMG" inspect --html -o "$T/ctl.html" "$name"
check "$T/ctl.html" "$T/ctl.json" "otaimg report: $T/a<i>&\"'\\x01\\xFF.ota" \
	"hostile name: well-formed, title escaped as text"
no_raw "$T/ctl.html" "<i>" "the name's markup is escaped"
no_raw "$T/ctl.html" "<b>" "the header string's markup is escaped"
contains "$T/ctl.html" 'a&lt;i&gt;&amp;&quot;&#39;\x01\xFF.ota' "the name shown escaped, bytes as \\xNN"
if LC_ALL=C grep -q "$(printf '[\001\033\377]')" "$T/ctl.html"; then
	bad "a control character or a byte not UTF-8 in the page"; else ok "no raw control byte"; fi
# an archive entry with such a name
python3 - "$VECTORS/mesh/ncs-dfu_target_nrf52840_2.0.zip" "$T/evil.zip" <<'PY'
import sys, zipfile
src, dst = zipfile.ZipFile(sys.argv[1]), zipfile.ZipFile(sys.argv[2], "w")
for i in src.infolist():
    dst.writestr(i, src.read(i.filename))
dst.writestr("<script>alert(1)</script>\"&'\x01.txt", b"hi")
dst.close()
PY
"$OTAIMG" inspect --json "$T/evil.zip" >"$T/evilzip.json"
expect 0 "an archive with a hostile entry name" -- "$OTAIMG" inspect --html -o "$T/evilzip.html" "$T/evil.zip"
check "$T/evilzip.html" "$T/evilzip.json" "otaimg report: $T/evil.zip" "its page is well-formed"
no_raw "$T/evilzip.html" "<script" "the entry name's <script> is escaped"
contains "$T/evilzip.html" '<td>&lt;script&gt;alert(1)&lt;/script&gt;&quot;&amp;&#39;\x01.txt</td>' \
	"the entry name shown escaped"

# ---- --verify ----
M="$VECTORS/mcuboot"
expect 0 "--verify with the MCUboot key" -- "$OTAIMG" inspect --html --verify \
	--key "$M/ecdsa-p256.pub.pem" -o "$T/v.html" "$M/app-ecdsa-p256-v1.2.3+45.signed.bin"
contains "$T/v.html" '<p class="verify ok">verify: OK</p>' "verify OK shown"
contains "$T/v.html" '<td class="PASS">PASS</td>' "a PASS row"
expect 1 "--verify without the key: not checked" -- "$OTAIMG" inspect --html --verify \
	-o "$T/v.html" "$M/app-ecdsa-p256-v1.2.3+45.signed.bin"
contains "$T/v.html" "OTA_E_SIG_UNCHECKED" "the failure is on the page"
"$OTAIMG" inspect --html --verify --trust-dir "$T/trust.d" -o "$T/s.html" \
	"$VECTORS/zigbee/samples/silabs-suite1-signed-sample.ota" 2>/dev/null
contains "$T/s.html" 'OTA_E_SIG_UNCHECKED' "a signed file without its CA: the page says unchecked"
expect 0 "--verify a GBCS image with its supplier certificate" -- "$OTAIMG" inspect --html \
	--verify --supplier-cert "$VECTORS/gbcs/supplier-ds-90B3D51F30010000.pem" -o "$T/g.html" \
	"$VECTORS/gbcs/duis-sr11.1-esme-upgrade-image.bin"
contains "$T/g.html" '<p class="verify ok">' "GBCS verify OK"
expect 1 "--verify a Mesh archive that fails its cross-checks" -- "$OTAIMG" inspect --html \
	--verify --allow-unchecked -o "$T/m.html" "$VECTORS/mesh/ncs-dfu_blinky_3.0.0-inconsistent.zip"
contains "$T/m.html" '<td class="fail">fail</td>' "the cross-check table has a fail row"
contains "$T/m.html" '<svg class="entrymap"' "an entry map"
contains "$T/m.html" '<svg class="imagemap"' "the archive's MCUboot image map"
"$OTAIMG" inspect --json "$VECTORS/mesh/ncs-dfu_blinky_3.0.0-inconsistent.zip" >"$T/m.json"
check "$T/m.html" "$T/m.json" "otaimg report: $VECTORS/mesh/ncs-dfu_blinky_3.0.0-inconsistent.zip" \
	"archive page with --verify"

# ---- Matter: each TLV header element outlined where the library says it is ----
MT="$VECTORS/matter/sdk-full-sha512.ota"
expect 0 "--verify a Matter image" -- "$OTAIMG" inspect --html --verify -o "$T/mt.html" "$MT"
contains "$T/mt.html" '<tr><td>VendorID (tag 0)</td><td class="n">17</td><td class="n">4</td><td class="mono">25 00 f1 ff</td>' \
	"Matter: VendorID at 17, its 4 bytes"
contains "$T/mt.html" 'title="ImageDigestType (tag 8)">24 08 08</span>' \
	"Matter: the hex view outlines a TLV element"
contains "$T/mt.html" '<td class="PASS">PASS</td>' "Matter: ImageDigest verified"
expect 2 "--dcl is not for --html" -- "$OTAIMG" inspect --html --dcl -o "$T/x.html" "$MT"

# ---- a named FIFO: read once (the hex view is not read again: that waited for ever) ----
# The writer waits a second after its open: the format sniff opens and
# closes the FIFO first, and a write with no reader would end the writer.
if mkfifo "$T/fifo" 2>/dev/null; then
	{ sleep 1; cat "$REAL/Sonoff__SN-TLSR8656-09P-01-v1.1.2.ota"; } >"$T/fifo" 2>/dev/null &
	wpid=$!
	"$OTAIMG" inspect --html -o "$T/fifo.html" "$T/fifo" 2>/dev/null &
	ipid=$!
	i=0
	while kill -0 "$ipid" 2>/dev/null && [ "$i" -lt 60 ]; do sleep 0.1; i=$((i + 1)); done
	if kill -0 "$ipid" 2>/dev/null; then
		bad "inspect --html of a FIFO hangs"; kill "$ipid"; wait "$ipid" 2>/dev/null
	else
		wait "$ipid" && ok "inspect --html of a FIFO ends, exit 0" || bad "FIFO: exit $?"
	fi
	kill "$wpid" 2>/dev/null
	wait "$wpid" 2>/dev/null
	contains "$T/fifo.html" 'data-format="zigbee-ota"' "the FIFO's page"
fi

# ---- option errors: nothing written ----
# -o naming an input replaced the firmware by the page
cp "$REAL/Sonoff__SN-TLSR8656-09P-01-v1.1.2.ota" "$T/in.ota"
ln -s in.ota "$T/inlink.ota"
expect 2 "-o is the input" -- "$OTAIMG" inspect --html -o "$T/in.ota" "$T/in.ota"
contains "$T/err" "would overwrite the input" "says why"
expect 2 "-o is a link to the second input" -- "$OTAIMG" inspect --html -o "$T/inlink.ota" \
	"$VECTORS/matter/sdk-min-sha256.ota" "$T/in.ota"
expect 2 "-o is the --key" -- "$OTAIMG" inspect --html --verify --key "$T/in.ota" \
	-o "$T/in.ota" "$VECTORS/matter/sdk-min-sha256.ota"
cmp -s "$REAL/Sonoff__SN-TLSR8656-09P-01-v1.1.2.ota" "$T/in.ota" && ok "the input is untouched" ||
	bad "the input was overwritten"
rm -f "$T/x.html"
expect 2 "-o without --html" -- "$OTAIMG" inspect -o "$T/x.html" "$M/app-ecdsa-p256-v1.2.3+45.signed.bin"
expect 2 "--verify without --html" -- "$OTAIMG" inspect --verify "$M/app-ecdsa-p256-v1.2.3+45.signed.bin"
expect 2 "--key without --verify" -- "$OTAIMG" inspect --html --key "$M/ecdsa-p256.pub.pem" \
	-o "$T/x.html" "$M/app-ecdsa-p256-v1.2.3+45.signed.bin"
expect 2 "--html with --json" -- "$OTAIMG" inspect --html --json -o "$T/x.html" "$M/app-ecdsa-p256-v1.2.3+45.signed.bin"
[ ! -e "$T/x.html" ] && ok "nothing written on a usage error" || bad "$T/x.html written"
expect 2 "a missing input: the page says so, exit 2" -- "$OTAIMG" inspect --html -o "$T/x.html" "$T/nope.ota"
contains "$T/x.html" "Not read" "the missing file's section"
# the reason on standard error too (it was exit 2 with nothing said)
"$OTAIMG" inspect --html -o "$T/x.html" "$T/nope.ota" "$VECTORS/matter/sdk-min-sha256.ota" 2>"$T/err"
contains "$T/err" "nope.ota: offset 0: input/output error (OTA_E_IO): No such file or directory" \
	"a file not read: its error on standard error"
"$OTAIMG" inspect --html -o "$T/x.html" "$VECTORS/zigbee/real/Koenkk-tests__not-a-valid-file.ota" 2>"$T/err"
contains "$T/err" "OTA_E_BAD_MAGIC" "a file that is not an image: its error on standard error"
contains "$T/x.html" 'data-format="unknown"' "a file that is not an image: no format claimed"
"$OTAIMG" inspect --html -o "$T/x.html" "$T/nope.ota" "$T/nope.ota" 2>/dev/null
if grep -q 'zigbee-ota' "$T/x.html"; then bad "a missing file is called zigbee-ota"
else ok "a missing file: format unknown, in its section and the summary"; fi

finish
