#!/bin/sh
# fetch.sh - otaimg mesh publish and otaimg mesh fetch (issue 11 item 5,
# Store Firmware OOB over HTTPS): publish lays out DIR/check and DIR/get;
# fetch against tests/https-server.py on 127.0.0.1 (a test CA made here, a
# port picked free at run time, the server killed by the trap): success, a
# server certificate from another CA, a 404, a check response with another
# FWID, an oversized body (announced and streamed), a non-archive body, a
# bad check response, http://, a malformed URI, an unreachable port and a
# signal mid-transfer, and redirects -
# each its own status and exit, the output folder empty after each failure.
# Without libcurl the HTTPS parts are skipped (exit 77 when all else passed).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/testca.sh"
trap 'https_stop; rm -rf "$T"' EXIT
ZIP="$VECTORS/mesh/ncs-dfu_target_nrf52840_2.0.zip"
NEW=59000200000000000000      # the archive's FWID
OLD=0059:0100000000000000     # what the Targets run
OUT="$T/dl"
mkdir "$OUT" "$T/www"

# empty DESC: nothing (not even a temporary file) in the output folder
empty() {
	if [ -z "$(ls -A "$OUT")" ]; then ok "$1: output folder empty"; else
		bad "$1: output folder holds $(ls -A "$OUT" | tr '\n' ' ')"; rm -rf "${OUT:?}"/* "$OUT"/.[!.]*; fi
}

# ---- publish (no network, no libcurl needed) ----
expect 0 "publish" -- "$OTAIMG" mesh publish "$ZIP" -o "$T/www/fw"
contains "$T/out" "firmware_id               $NEW" "publish: the FWID"
contains "$T/out" "if (\$arg_cfwid ~* \"^$NEW\$\") { return 404; }" "publish: nginx 404 for the current FWID"
contains "$T/out" "alias $(cd "$T" && pwd -P)/www/fw/get;" "publish: nginx serves get"
if cmp -s "$ZIP" "$T/www/fw/get"; then ok "publish: get is the archive"; else bad "publish: get differs"; fi
contains "$T/www/fw/check" "{\"manifest\":{\"firmware\":{\"firmware_id\":\"$NEW\",\"dfu_chain_size\":1,\"firmware_image_file_size\":$(size "$ZIP")}}}" "publish: the check response"
expect 0 "publish again, --dfu-chain-size 2 --json" -- "$OTAIMG" mesh publish "$ZIP" -o "$T/www/fw" --dfu-chain-size 2 --json
contains "$T/out" '"dfu_chain_size": 2' "publish --json: dfu_chain_size"
contains "$T/www/fw/check" '"dfu_chain_size":2,' "publish: --dfu-chain-size in check"
"$OTAIMG" mesh publish "$ZIP" -o "$T/www/fw" >/dev/null 2>&1
head -c 3000 /dev/urandom >"$T/junk.zip"
expect 1 "publish: not an archive" -- "$OTAIMG" mesh publish "$T/junk.zip" -o "$T/www/junk"
[ ! -e "$T/www/junk/check" ] && [ ! -e "$T/www/junk/get" ] && ok "publish: nothing written on failure" || bad "publish: wrote on failure"
expect 1 "publish: an archive that fails its cross-checks" -- "$OTAIMG" mesh publish "$VECTORS/mesh/ncs-dfu_blinky_3.0.0-inconsistent.zip" -o "$T/www/inc"
contains "$T/err" "FWID 3.0.0+0 vs MCUboot 2.0.0+0" "publish: the failed cross-check named"
# the nginx snippet: nginx reads a relative alias from its own prefix and
# splits an unquoted one at a blank or ;  (it printed -o as given, raw)
PT=$(cd "$T" && pwd -P)
expect 0 "publish: a relative -o" -- sh -c "cd '$T' && '$OTAIMG' mesh publish '$ZIP' -o www/rel"
contains "$T/out" "alias $PT/www/rel/get;" "publish: the snippet's alias is absolute"
expect 0 "publish: -o with a blank and a ;" -- "$OTAIMG" mesh publish "$ZIP" -o "$T/www/a b;c"
contains "$T/out" "alias \"$PT/www/a b;c/check\";" "publish: such an alias quoted"
expect 0 "publish: -o with a \$" -- "$OTAIMG" mesh publish "$ZIP" -o "$T/www/d\$x"
contains "$T/out" "no snippet: the folder's path holds a \$" "publish: no snippet nginx would misread"
if grep -q "alias" "$T/out"; then bad "publish: an alias with a \$"; else ok "publish: no alias with a \$"; fi
# --json with names that are not UTF-8: jansson refuses such a string and
# the key went missing; now U+FFFD and <key>_hex
X=$(printf '\377')
mkdir "$T/www/u8$X"
expect 0 "publish --json: a folder name that is not UTF-8" -- "$OTAIMG" mesh publish "$ZIP" -o "$T/www/u8$X/fw" --json
contains "$T/out" "\"get_hex\": \"$(printf '%s/www/u8' "$T" | od -An -tx1 | tr -d ' \n')ff2f66772f676574\"" "publish --json: get_hex"
contains "$T/out" "\"check\": \"$T/www/u8$(printf '\357\277\275')/fw/check\"" "publish --json: check with U+FFFD"
expect 2 "fetch --json: a URI that is not UTF-8" -- "$OTAIMG" mesh fetch "https://h/a$X" --cfwid $OLD --check --json
contains "$T/out" '"uri_hex": "68747470733a2f2f682f61ff"' "fetch --json: uri_hex"
contains "$T/out" '"status_name": "URI Malformed"' "fetch --json: the status still"
expect 0 "publish: -o DIR/" -- "$OTAIMG" mesh publish "$ZIP" -o "$T/www/fw/"
contains "$T/out" "get                       $T/www/fw/get" "publish -o DIR/: no double slash"
expect 2 "publish: no -o" -- "$OTAIMG" mesh publish "$ZIP"
expect 2 "publish: bad --location" -- "$OTAIMG" mesh publish "$ZIP" -o "$T/www/x" --location 'a;b'
expect 2 "publish: --dfu-chain-size 0" -- "$OTAIMG" mesh publish "$ZIP" -o "$T/www/x" --dfu-chain-size 0

# ---- fetch: what needs no network ----
expect 2 "fetch: http:// refused" -- "$OTAIMG" mesh fetch http://127.0.0.1:1/fw --cfwid $OLD -o "$OUT"
contains "$T/out" "status                    0x09 URI Not Supported" "http://: URI Not Supported"
contains "$T/err" "https only" "http://: says https only"
empty "http://"
expect 2 "fetch: malformed URI" -- "$OTAIMG" mesh fetch 'https://127.0.0.1/a b' --cfwid $OLD -o "$OUT"
contains "$T/out" "0x0A URI Malformed" "malformed: URI Malformed"
expect 2 "fetch: URI over 255 octets" -- "$OTAIMG" mesh fetch "https://h/$(head -c 250 /dev/zero | tr '\0' a)" --cfwid $OLD -o "$OUT"
contains "$T/out" "0x0A URI Malformed" "long URI: URI Malformed"
expect 2 "fetch: bad --cfwid" -- "$OTAIMG" mesh fetch https://h/ --cfwid xyz -o "$OUT"
expect 2 "fetch: neither -o nor --check" -- "$OTAIMG" mesh fetch https://h/ --cfwid $OLD
expect 2 "fetch: both -o and --check" -- "$OTAIMG" mesh fetch https://h/ --cfwid $OLD -o "$OUT" --check
# a --ca-file that cannot be a CA file is the user's mistake (exit 2, the
# file named), not a server certificate that "did not verify" (was exit 1)
expect 2 "fetch: --ca-file missing" -- "$OTAIMG" mesh fetch https://127.0.0.1:1/fw --cfwid $OLD -o "$OUT" --ca-file "$T/nothere.pem"
contains "$T/err" "--ca-file $T/nothere.pem: No such file or directory" "--ca-file missing: named"
expect 2 "fetch: --ca-file a folder" -- "$OTAIMG" mesh fetch https://127.0.0.1:1/fw --cfwid $OLD --check --ca-file "$T"
contains "$T/err" "--ca-file $T: not a regular file" "--ca-file folder: named"
printf 'not a certificate\n' >"$T/notpem.pem"
expect 2 "fetch: --ca-file not PEM" -- "$OTAIMG" mesh fetch https://127.0.0.1:1/fw --cfwid $OLD --check --ca-file "$T/notpem.pem"
contains "$T/err" "no PEM certificate in it" "--ca-file not PEM: named"
expect 2 "mesh without a subcommand" -- "$OTAIMG" mesh
contains "$T/err" "msg, plan, fetch or publish" "mesh: the subcommands listed include fetch and publish"
empty "usage errors"

"$OTAIMG" mesh fetch https://127.0.0.1:1/fw --cfwid $OLD --check >"$T/nc.out" 2>"$T/nc.err"
if grep -q "without libcurl" "$T/nc.err"; then
	contains "$T/nc.out" "0x09 URI Not Supported" "without libcurl: URI Not Supported"
	echo "# built without libcurl: HTTPS parts skipped"
	finish || exit 1
	exit 77
fi
if ! command -v openssl >/dev/null 2>&1 || ! command -v python3 >/dev/null 2>&1; then
	echo "# openssl or python3 missing: HTTPS parts skipped"
	finish || exit 1
	exit 77
fi

# ---- fetch over HTTPS ----
testca_make "$T/ca" && testca_make "$T/other" || { bad "test CA"; finish; exit 1; }
# the served tree: fw (published above); wrongfwid: a check response naming
# another FWID; big, bignl: a check response that understates the size (with
# and without Content-Length); junk: a non-archive body; badjson: a check
# response without dfu_chain_size; down: HTTP 503
for d in wrongfwid big bignl junk badjson down; do mkdir "$T/www/$d"; cp "$ZIP" "$T/www/$d/get"; done
printf '{"manifest":{"firmware":{"firmware_id":"59000300000000000000","dfu_chain_size":1,"firmware_image_file_size":%s}}}' "$(size "$ZIP")" >"$T/www/wrongfwid/check"
printf '{"manifest":{"firmware":{"firmware_id":"%s","dfu_chain_size":1,"firmware_image_file_size":1000}}}' $NEW >"$T/www/big/check"
cp "$T/www/big/check" "$T/www/bignl/check"
touch "$T/www/bignl/nolength"
cp "$T/www/fw/check" "$T/www/junk/check"
cp "$T/junk.zip" "$T/www/junk/get"
printf '{"manifest":{"firmware":{"firmware_id":"%s","firmware_image_file_size":5}}}' $NEW >"$T/www/badjson/check"
echo 503 >"$T/www/down/status"
https_start "$T/www" "$T/ca" "$T" || { bad "start the HTTPS server"; cat "$T/https.log"; finish; exit 1; }
U="https://127.0.0.1:$HTTPS_PORT"
CA="--ca-file $T/ca/ca.pem"

expect 0 "fetch" -- "$OTAIMG" mesh fetch "$U/fw" --cfwid $OLD -o "$OUT" $CA
contains "$T/out" "archive                   $OUT/$NEW.zip" "fetch: the archive's path"
contains "$T/out" "archive FWID              $NEW (0059:0200000000000000)" "fetch: its FWID"
contains "$T/out" "check: firmware_id        $NEW" "fetch: the check result"
contains "$T/out" "status                    0x00 Success" "fetch: Success"
if cmp -s "$ZIP" "$OUT/$NEW.zip"; then ok "fetch: byte-exact"; else bad "fetch: archive differs"; fi
[ "$(ls -A "$OUT")" = "$NEW.zip" ] && ok "fetch: only the archive in the folder" || bad "fetch: folder holds $(ls -A "$OUT")"
rm -f "$OUT/$NEW.zip"
expect 0 "fetch: URI with a trailing slash, --json" -- "$OTAIMG" mesh fetch "$U/fw/" --cfwid $OLD -o "$OUT" $CA --json
contains "$T/out" "\"archive\": \"$OUT/$NEW.zip\"" "fetch --json: archive"
contains "$T/out" "\"check_url\": \"$U/fw/check?cfwid=59000100000000000000\"" "fetch --json: uppercase cfwid, one slash"
contains "$T/out" '"status_name": "Success"' "fetch --json: status"
rm -f "$OUT/$NEW.zip"
expect 0 "fetch: -o with a trailing slash" -- "$OTAIMG" mesh fetch "$U/fw" --cfwid $OLD -o "$OUT/" $CA
contains "$T/out" "archive                   $OUT/$NEW.zip" "fetch -o DIR/: the path without a double slash"
rm -f "$OUT/$NEW.zip"
expect 0 "fetch --check" -- "$OTAIMG" mesh fetch "$U/fw" --cfwid $OLD --check $CA
contains "$T/out" "check: image file size    $(size "$ZIP")" "fetch --check: the size"
empty "fetch --check"

# the spec-style dialect: a gzip-compressed tar made here
head -c 5000 /dev/urandom >"$T/app.bin"
printf '%s' '{"cid": 89, "pid": 0, "vid": 0, "crpl": 10, "features": 3, "elements": [{"location": 1, "sig_models": [0, 2, 5120, 5122], "vendor_models": []}]}' >"$T/comp.json"
"$OTAIMG" keygen --type ed25519 -o "$T/ed.pem" 2>/dev/null
"$OTAIMG" create --format mesh-tar --company 0x0059 --comp "$T/comp.json" -k "$T/ed.pem" \
	--version 1.2.3+4 --pad-header -o "$T/app.tar.gz" "$T/app.bin" 2>/dev/null
expect 0 "publish a mesh-tar archive" -- "$OTAIMG" mesh publish "$T/app.tar.gz" -o "$T/www/tar"
expect 0 "fetch a mesh-tar archive" -- "$OTAIMG" mesh fetch "$U/tar" --cfwid $OLD -o "$OUT" $CA
if cmp -s "$T/app.tar.gz" "$OUT/59000102030004000000.tar.gz"; then ok "fetch tar: $OUT/59000102030004000000.tar.gz byte-exact"; else bad "fetch tar: $(ls -A "$OUT")"; fi
rm -f "$OUT/59000102030004000000.tar.gz"
expect 1 "fetch: server certificate from another CA" -- "$OTAIMG" mesh fetch "$U/fw" --cfwid $OLD -o "$OUT" --ca-file "$T/other/ca.pem"
contains "$T/out" "0x0B URI Unreachable" "another CA: URI Unreachable"
contains "$T/err" "certificate or name did not verify" "another CA: OTA_E_TLS"
empty "another CA"
printf -- '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n' >"$T/badpem.pem"
expect 2 "fetch: a --ca-file libcurl cannot load" -- "$OTAIMG" mesh fetch "$U/fw" --cfwid $OLD -o "$OUT" --ca-file "$T/badpem.pem"
contains "$T/err" "the CA file $T/badpem.pem cannot be loaded" "unloadable CA file: named, not a TLS failure"
empty "unloadable CA file"
expect 1 "fetch: 404 (no such update URI)" -- "$OTAIMG" mesh fetch "$U/nothing" --cfwid $OLD -o "$OUT" $CA
contains "$T/out" "0x0C New Firmware Not Available" "404: New Firmware Not Available"
contains "$T/err" "HTTP 404" "404: named"
empty "404"
expect 1 "fetch: the Targets already run it (per-cfwid 404)" -- "$OTAIMG" mesh fetch "$U/fw" --cfwid $NEW -o "$OUT" $CA
contains "$T/out" "0x0C New Firmware Not Available" "current FWID: New Firmware Not Available"
empty "current FWID"
expect 1 "fetch: check response names another FWID" -- "$OTAIMG" mesh fetch "$U/wrongfwid" --cfwid $OLD -o "$OUT" $CA
contains "$T/out" "0x03 Internal Error" "another FWID: Internal Error"
contains "$T/err" "FWID 0059:0200000000000000 is not the check response's 0059:0300000000000000" "another FWID: both named"
empty "another FWID"
mkdir "$T/www/inconsistent"
cp "$VECTORS/mesh/ncs-dfu_blinky_3.0.0-inconsistent.zip" "$T/www/inconsistent/get"
printf '{"manifest":{"firmware":{"firmware_id":"59000300000000000000","dfu_chain_size":1,"firmware_image_file_size":%s}}}' "$(size "$T/www/inconsistent/get")" >"$T/www/inconsistent/check"
expect 1 "fetch: an archive that fails its cross-checks" -- "$OTAIMG" mesh fetch "$U/inconsistent" --cfwid $OLD -o "$OUT" $CA
contains "$T/out" "0x03 Internal Error" "inconsistent archive: Internal Error"
contains "$T/err" "the archive fails its checks" "inconsistent archive: named"
empty "inconsistent archive"
expect 1 "fetch: oversized body (Content-Length)" -- "$OTAIMG" mesh fetch "$U/big" --cfwid $OLD -o "$OUT" $CA --max-size 2000
contains "$T/out" "0x01 Insufficient Resources" "oversized: Insufficient Resources"
contains "$T/err" "limit of 2000 bytes" "oversized: the limit named"
empty "oversized"
expect 1 "fetch: oversized body (streamed, no length)" -- "$OTAIMG" mesh fetch "$U/bignl" --cfwid $OLD -o "$OUT" $CA --max-size 2000
contains "$T/err" "passed the limit of 2000 bytes (transfer stopped)" "oversized stream: stopped at the limit"
empty "oversized stream"
expect 1 "fetch: announced size over --max-size" -- "$OTAIMG" mesh fetch "$U/fw" --cfwid $OLD -o "$OUT" $CA --max-size 2000
contains "$T/err" "firmware_image_file_size $(size "$ZIP") is over the archive limit 2000" "announced size: refused before the get"
empty "announced size"
expect 1 "fetch: non-archive body" -- "$OTAIMG" mesh fetch "$U/junk" --cfwid $OLD -o "$OUT" $CA
contains "$T/out" "0x03 Internal Error" "non-archive: Internal Error"
contains "$T/err" "not a valid firmware archive" "non-archive: named"
empty "non-archive"
expect 1 "fetch: check response without dfu_chain_size" -- "$OTAIMG" mesh fetch "$U/badjson" --cfwid $OLD -o "$OUT" $CA
contains "$T/err" "manifest.firmware.dfu_chain_size missing" "bad check response: the key named"
empty "bad check response"
expect 2 "fetch: HTTP 503" -- "$OTAIMG" mesh fetch "$U/down" --cfwid $OLD -o "$OUT" $CA
contains "$T/out" "0x0B URI Unreachable" "503: URI Unreachable"
contains "$T/err" "HTTP 503" "503: named"
empty "503"
# a plain static host answers 200 to the Targets already on the FWID
mkdir "$T/www/static" "$T/www/noget"
cp "$T/www/fw/check" "$T/www/fw/get" "$T/www/static/"
touch "$T/www/static/static"
expect 1 "fetch: a static host offers the current FWID" -- "$OTAIMG" mesh fetch "$U/static" --cfwid $NEW -o "$OUT" $CA
contains "$T/out" "0x0C New Firmware Not Available" "offered the current FWID: New Firmware Not Available"
contains "$T/err" "the offered firmware_id is the current FWID" "offered the current FWID: named"
empty "offered the current FWID"
# a check that offers what get does not deliver
cp "$T/www/fw/check" "$T/www/noget/"
expect 2 "fetch: get answers 404" -- "$OTAIMG" mesh fetch "$U/noget" --cfwid $OLD -o "$OUT" $CA
contains "$T/out" "0x0B URI Unreachable" "get 404: URI Unreachable"
contains "$T/err" "get: HTTP 404" "get 404: named"
empty "get 404"
# redirects: followed to https, refused to http
mkdir "$T/www/moved" "$T/www/downgrade"
echo /fw >"$T/www/moved/redirect"
echo "http://127.0.0.1:$HTTPS_PORT/fw" >"$T/www/downgrade/redirect"
expect 0 "fetch: a redirect to https is followed" -- "$OTAIMG" mesh fetch "$U/moved" --cfwid $OLD -o "$OUT" $CA
if cmp -s "$ZIP" "$OUT/$NEW.zip"; then ok "redirect: byte-exact (the 302 body dropped)"; else bad "redirect: archive differs"; fi
rm -f "$OUT/$NEW.zip"
expect 2 "fetch: a redirect to http is refused" -- "$OTAIMG" mesh fetch "$U/downgrade" --cfwid $OLD -o "$OUT" $CA
contains "$T/out" "0x09 URI Not Supported" "redirect to http: URI Not Supported"
empty "redirect to http"
expect 2 "fetch: --timeout 0 is a usage error" -- "$OTAIMG" mesh fetch "$U/fw" --cfwid $OLD -o "$OUT" $CA --timeout 0
expect 2 "fetch: --max-size 0 is a usage error" -- "$OTAIMG" mesh fetch "$U/fw" --cfwid $OLD -o "$OUT" $CA --max-size 0
# a transfer slower than --timeout
mkdir "$T/www/slow"; cp "$ZIP" "$T/www/slow/get"; cp "$T/www/fw/check" "$T/www/slow/check"
touch "$T/www/slow/slow"
expect 2 "fetch: --timeout 1 on a slow transfer" -- "$OTAIMG" mesh fetch "$U/slow" --cfwid $OLD -o "$OUT" $CA --timeout 1
contains "$T/out" "0x0B URI Unreachable" "timeout: URI Unreachable"
contains "$T/err" "imed out" "timeout: named"
empty "timeout"
# a signal mid-transfer: the temporary file goes, the signal takes effect
"$OTAIMG" mesh fetch "$U/slow" --cfwid $OLD -o "$OUT" $CA >/dev/null 2>&1 &
pid=$!
i=0
while [ -z "$(ls -A "$OUT")" ] && [ $i -lt 40 ]; do sleep 0.05; i=$((i + 1)); done
case $(ls -A "$OUT") in .otaimg-*) ok "slow transfer: a temporary file while it runs" ;;
*) bad "slow transfer: folder holds '$(ls -A "$OUT")'" ;; esac
kill -TERM $pid
wait $pid
st=$?
[ $st -eq 143 ] && ok "SIGTERM mid-transfer: ends by the signal (143)" || bad "SIGTERM mid-transfer: exit $st"
empty "SIGTERM mid-transfer"
https_stop
expect 2 "fetch: unreachable port (the server stopped)" -- "$OTAIMG" mesh fetch "$U/fw" --cfwid $OLD -o "$OUT" $CA --timeout 5
contains "$T/out" "0x0B URI Unreachable" "unreachable: URI Unreachable"
contains "$T/err" "could not be reached" "unreachable: OTA_E_UNREACHABLE"
empty "unreachable"
expect 2 "fetch: output folder missing" -- "$OTAIMG" mesh fetch "$U/fw" --cfwid $OLD -o "$T/nofolder" $CA
finish
