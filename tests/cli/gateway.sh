#!/bin/sh
# examples/gateway: an image verified from a socket through a callback
# reader without seek or size (issue 9, item 1).
. "${top_srcdir:-.}/tests/cli/lib.sh"

GW="${top_builddir:-.}/examples/gateway"
INNR="$REAL/Innr__1166-0128-24011511-RS_226_v2-upgradeMe.ota"
expect 0 "a good image verifies from the socket" -- "$GW" "$INNR"
contains "$T/out" "OK: 261711 bytes from the socket, 2 elements, integrity code matches" "read once, whole"
expect 1 "a wrong integrity code fails" -- "$GW" "$REAL/Develco__ZR_Smartplug_SSIG_3.12.16.zigbee"
contains "$T/out" "OTA_E_DIGEST" "the reason"
expect 0 "it applies to the device it is for" -- "$GW" "$INNR" 0x1166 0x0128 0x24011510
expect 1 "not to a device on that version already" -- "$GW" "$INNR" 0x1166 0x0128 0x24011511
contains "$T/out" "not newer than the current version" "says why"
expect 1 "not to another manufacturer's device" -- "$GW" "$INNR" 0x1167 0x0128 0
contains "$T/out" "another manufacturer" "says why"
head -c 92222 "$INNR" >"$T/cut.ota"
expect 1 "a truncated image fails" -- "$GW" "$T/cut.ota"
contains "$T/out" "92222" "where it ends"
expect 0 "the GBCS sample (structure; its signature unchecked without a key fails)" -- sh -c "'$GW' '$VECTORS/gbcs/duis-sr11.1-esme-upgrade-image.bin' | grep -q OTA_E_SIG_UNCHECKED"
finish
