#!/bin/sh
# Containers and trailers told precisely (issue 9, item 4): a container whose
# own fields contradict the file warns and fails --strict; the NGIS trailer is
# the container's; a tar member is named; verify's OK line states a trailing
# CRC-32; the raw-payload hint names GBCS only for a GBCS-like ending.
. "${top_srcdir:-.}/tests/cli/lib.sh"

PAY="${top_srcdir:-.}/examples/sample-payload.bin"
SALUS="$REAL/SalusControls__HS1SA_EM-SALUS-0621-V14-190907.ota"
G="$VECTORS/gbcs/duis-sr11.1-esme-upgrade-image.bin"

"$OTAIMG" create -m 0x1234 -t 1 -v 2 -o "$T/base.ota" "$PAY" || bad "create"
n=$(size "$T/base.ota")

# NGIS, consistent: its trailer is the container's (info), --strict passes
mk_ngis "$T/base.ota" 64 "$n" "$T/ngis.ota"
expect 0 "NGIS container: verify --strict" -- "$OTAIMG" verify --strict "$T/ngis.ota"
"$OTAIMG" inspect --json "$T/ngis.ota" >"$T/j"
contains "$T/j" '"container-trailer"' "NGIS trailer reported as the container's"
if grep -q '"trailing-data"' "$T/j"; then bad "NGIS trailer reported as trailing data"; else
	ok "NGIS trailer is not trailing data"; fi

# NGIS whose size field runs past the end: a warning, --strict fails
mk_ngis "$T/base.ota" 64 100000 "$T/ngis-size.ota"
expect 0 "NGIS size past the end: verify passes" -- "$OTAIMG" verify "$T/ngis-size.ota"
contains "$T/err" "container-contradicts" "the contradiction is a warning"
expect 1 "NGIS size past the end: verify --strict fails" -- "$OTAIMG" verify --strict "$T/ngis-size.ota"
contains "$T/err" "OTA_E_CONTAINER" "strict names OTA_E_CONTAINER"
# NGIS whose offset field lies past the end
mk_ngis "$T/base.ota" 900000 "$n" "$T/ngis-off.ota"
expect 1 "NGIS offset past the end: verify --strict fails" -- "$OTAIMG" verify --strict "$T/ngis-off.ota"
contains "$T/err" "gives 900000, past the first" "the offset field is named"
"$OTAIMG" inspect --json "$T/ngis-off.ota" >"$T/j"
contains "$T/j" '"kind": "ngis"' "still an NGIS container"

# a size prefix that disagrees with the image
{ le32 $((n + 9)); cat "$T/base.ota"; } >"$T/prefix-bad.ota"
expect 1 "size prefix disagreeing: verify --strict fails" -- "$OTAIMG" verify --strict "$T/prefix-bad.ota"
contains "$T/err" "OTA_E_CONTAINER" "named OTA_E_CONTAINER"
{ le32 "$n"; cat "$T/base.ota"; } >"$T/prefix.ota"
expect 0 "size prefix agreeing: verify --strict" -- "$OTAIMG" verify --strict "$T/prefix.ota"

# tar archives (ustar and GNU tar's own format) holding the image
mkdir "$T/d" && cp "$T/base.ota" "$T/d/fw.ota"
for fmt in ustar gnu; do
	if tar --format=$fmt -cf "$T/fw-$fmt.tar" -C "$T/d" fw.ota 2>/dev/null; then
		"$OTAIMG" inspect --json "$T/fw-$fmt.tar" >"$T/j"
		contains "$T/j" '"kind": "tar"' "$fmt tar: the container is named tar"
		contains "$T/j" '"container-tar"' "$fmt tar: container-tar diagnostic"
		"$OTAIMG" inspect "$T/fw-$fmt.tar" >"$T/t"
		contains "$T/t" "tar; OTA header at offset 512" "$fmt tar: inspect says tar"
		expect 0 "$fmt tar: verify --strict" -- "$OTAIMG" verify --strict "$T/fw-$fmt.tar"
	else
		ok "# SKIP tar --format=$fmt not available"
	fi
done

# verify's summary line states the trailing CRC-32's result
expect 0 "Salus: verify" -- "$OTAIMG" verify "$SALUS"
contains "$T/out" "trailing CRC-32 matches" "OK line: the CRC-32 matches"
cp "$SALUS" "$T/salus.ota"
flip "$T/salus.ota" $(($(size "$T/salus.ota") - 1))
expect 0 "Salus with a changed CRC: verify" -- "$OTAIMG" verify "$T/salus.ota"
contains "$T/out" "the 4 trailing bytes are not the image's CRC-32" "OK line: the CRC-32 does not match"

# the raw-payload hint names GBCS only for a GBCS-like ending
expect 1 "GBCS read as Zigbee" -- "$OTAIMG" verify --format zigbee "$G"
contains "$T/err" "read it as GBCS" "the hint names GBCS for a GBCS trailer"
expect 1 "Hue sbl-ota: raw payload" -- "$OTAIMG" verify "$REAL/Hue__Sensor-ATmega_0012.sbl-ota"
if grep -q GBCS "$T/err"; then bad "the hint names GBCS without a GBCS trailer"; else
	ok "no GBCS hint without a GBCS trailer"; fi

finish
