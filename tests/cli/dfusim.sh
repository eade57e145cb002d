#!/bin/sh
# dfusim.sh - issue 11 item 6: a Mesh DFU distribution end to end
# (tests/sim/dfusim).  The archive is published with `otaimg mesh publish`
# and served by tests/https-server.py on 127.0.0.1 (a test CA made here, a
# port picked free at run time, the server killed by the trap); the
# Distributor takes it by Store Firmware OOB over HTTPS, then 20 Targets
# (4 Low Power nodes in pull mode behind a Friend queue, 2 updating image
# index 1, 1 whose metadata check refuses) over an in-process mesh losing 10%
# of the messages: every Target but the refusing one ends with the image
# byte-exact and the new FWID.  Then 30% loss with an in-band upload ends,
# bounded, with every Target done or failed with a reason.  Without libcurl
# the HTTPS part is skipped and the first run uploads in-band.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/testca.sh"
trap 'https_stop; rm -rf "$T"' EXIT
SIM="$top_builddir/tests/sim/dfusim"
ZIP="$VECTORS/mesh/ncs-dfu_target_nrf52840_2.0.zip"
NEW=59000200000000000000
mkdir "$T/www" "$T/dl"

HTTPS=
if "$OTAIMG" mesh publish "$ZIP" -o "$T/www/fw" >/dev/null 2>&1 && command -v python3 >/dev/null &&
    testca_make "$T/ca" && https_start "$T/www" "$T/ca" "$T"; then
	HTTPS="-u https://127.0.0.1:$HTTPS_PORT/fw -c $T/ca/ca.pem -d $T/dl"
else
	echo "# no HTTPS server (python3 or openssl missing): in-band upload"
fi

# shellcheck disable=SC2086
expect 0 "distribution, 10% loss" -- "$SIM" -a "$ZIP" $HTTPS -l 10 -s 1
cat "$T/out"
if grep -q "without libcurl" "$T/out" || [ -z "$HTTPS" ]; then
	contains "$T/out" "upload in-band (BLOB): success, 341466 octets, FWID $NEW" "in-band upload"
else
	contains "$T/out" "upload out-of-band over HTTPS: success, 341466 octets, FWID $NEW" \
		"Store Firmware OOB over HTTPS"
	[ -s "$T/dl/$NEW.zip" ] && ok "the fetched archive" || bad "no fetched archive in $T/dl"
fi
contains "$T/out" "distribution completed: 19 done, 1 failed;" "19 done, 1 refused"
contains "$T/out" "0x0113 failed: metadata-rejected (update status metadata-check-failed)" \
	"the refusing Target named with its reason"
contains "$T/out" "dfusim: ok" "images byte-exact, FWIDs new, LPNs in pull mode"

expect 0 "distribution, 30% loss, bounded" -- "$SIM" -b -a "$ZIP" -l 30 -s 2
cat "$T/out"
contains "$T/out" "dfusim: ok" "30% loss: every Target done or failed with a reason"
contains "$T/out" "0x0113 failed: metadata-rejected" "30% loss: the refusing Target"

# 50% loss: the in-band upload to the Distributor fails; the run must end
# with that reason (it crashed: the simulation freed its slot buffers before
# ota_dfd_free deleted the partial upload slot through slot_delete)
expect 1 "50% loss: the upload fails, reported, no crash" -- "$SIM" -b -a "$ZIP" -l 50 -s 1
contains "$T/out" "dfusim: FAIL: in-band upload ended in phase 1: the BLOB client no answer to" "50% loss: the upload failure with its reason"

expect 2 "usage: no archive" -- "$SIM" -l 10
expect 2 "usage: loss over 90" -- "$SIM" -a "$ZIP" -l 95
finish
