#!/bin/sh
# otaimg cpl: rows from the DUIS sample image, checks, certificate mapping.
. "${top_srcdir:-.}/tests/cli/lib.sh"

G="$VECTORS/gbcs/duis-sr11.1-esme-upgrade-image.bin"
expect 0 "row from the sample image" -- "$OTAIMG" cpl "$G" --hw 11/11 --csv
contains "$T/out" "12:1D,00:00,11,11,AC:DC:AC:DC" "CSV row in CPL column order"
contains "$T/out" "manufacturer_identifier,model_identifier,hardware_version.version,hardware_version.revision,firmware_version" "CSV header"
expect 0 "JSON row" -- "$OTAIMG" cpl "$G" --hw 12/11 --json
contains "$T/out" '"hardware_version_zigbee": "12_11"' "the Zigbee certificate form"
expect 1 "hardware outside the image's range" -- "$OTAIMG" cpl "$G" --hw 13/00
contains "$T/err" "outside the image's range 11/11 to 12/11" "names the range"
expect 0 "an image without hardware versions warns" -- "$OTAIMG" cpl \
	"$REAL/Namron__4512726-Firmware-35.ota" --hw 01/00
contains "$T/err" "warning" "the warning is printed"
expect 2 "bad --hw" -- "$OTAIMG" cpl "$G" --hw 1111
expect 0 "check: valid strings" -- "$OTAIMG" cpl --check 00:00 FF:BF 03 0B 01:02:0A:03
expect 1 "check: FF:FF manufacturer" -- "$OTAIMG" cpl --check FF:FF 00:00 03 0B 01:02:0A:03
expect 1 "check: FF:C0 model" -- "$OTAIMG" cpl --check 00:00 FF:C0 03 0B 01:02:0A:03
expect 1 "check: lower case, wrong lengths" -- "$OTAIMG" cpl --check ab:01 FFC0 3 0B 01020A03
[ "$(grep -c error "$T/err")" -ge 5 ] && ok "one message per violation" || bad "too few messages"
expect 0 "BCD example" -- "$OTAIMG" cpl --cert-firmware "12.3 (Stack 1.2.3.4)" --firmware 12:03:12:34
contains "$T/out" "BCD" "says BCD"
expect 0 "hex example" -- "$OTAIMG" cpl --cert-firmware "12.3 (Stack 12.34)" --firmware 0C:03:0C:22
contains "$T/out" "hex" "says hex"
expect 0 "text omitted, hex" -- "$OTAIMG" cpl --cert-firmware "7.8D Other String" --firmware 00:00:07:8D
expect 1 "no mapping" -- "$OTAIMG" cpl --cert-firmware "Some String (14.7)" --firmware 0D:07:00:00
contains "$T/out" "no mapping" "says there is no mapping"
contains "$T/out" "(the numbers are 0E 07 in hex, 14 07 in BCD)" "shows what the numbers do code as"
contains "$T/out" "gives the file version 0D:07:00:00 (hex)" "names the file version as XX:XX:XX:XX"
finish
