#!/bin/sh
# inspect --html in a browser: headless Chromium renders the page of a
# Zigbee image and of several files; the screenshot is not blank
# (tests/png_check.py counts its distinct pixel values) and the DOM's title
# is the expected one.  Skipped (77) without chromium or python3.
. "${top_srcdir:-.}/tests/cli/lib.sh"

command -v chromium >/dev/null 2>&1 || { echo "chromium not installed: skipped"; exit 77; }
command -v python3 >/dev/null 2>&1 || { echo "python3 not found: skipped"; exit 77; }

# shoot PAGE PNG: screenshot and DOM of the page (a throwaway profile in
# the test's folder; --no-sandbox: CI runs as root)
shoot() {
	chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --no-first-run \
		--user-data-dir="$T/profile" --window-size=1000,800 --screenshot="$2" \
		"file://$1" >"$T/chromium.log" 2>&1
	chromium --headless --no-sandbox --disable-gpu --no-first-run \
		--user-data-dir="$T/profile" --dump-dom "file://$1" >"$T/dom.html" 2>>"$T/chromium.log"
}

Z="$REAL/Legrand__1021-000f-004745ff-NLL.zigbee"
cp "$Z" "$T/legrand.zigbee"
(cd "$T" && "$OTAIMG" inspect --html -o report.html legrand.zigbee)
shoot "$T/report.html" "$T/shot.png"
[ -s "$T/shot.png" ] && ok "a screenshot was written" || { bad "no screenshot"; sed 's/^/#   /' "$T/chromium.log" | tail -5; }
if python3 "$top_srcdir/tests/png_check.py" "$T/shot.png" 16 >"$T/png" 2>&1; then
	ok "the page rendered: $(cat "$T/png")"; else bad "blank or unreadable: $(cat "$T/png")"; fi
contains "$T/dom.html" "<title>otaimg report: legrand.zigbee</title>" "the DOM's title"
contains "$T/dom.html" '<svg class="bytemap"' "the DOM has the byte map"

# several formats on one page
(cd "$T" && cp "$VECTORS/mcuboot/app-ed25519-v2.0.1+1234.signed.bin" mb.bin &&
	cp "$VECTORS/mesh/ncs-dfu_target_nrf52840_2.0.zip" mesh.zip &&
	"$OTAIMG" inspect --html -o all.html legrand.zigbee mb.bin mesh.zip)
shoot "$T/all.html" "$T/all.png"
if python3 "$top_srcdir/tests/png_check.py" "$T/all.png" 16 >"$T/png" 2>&1; then
	ok "the page of three files rendered: $(cat "$T/png")"; else bad "blank: $(cat "$T/png")"; fi
contains "$T/dom.html" "<title>otaimg report: 3 files</title>" "three files: the DOM's title"
finish
