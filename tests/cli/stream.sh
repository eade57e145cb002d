#!/bin/sh
# Forward-only input (issue 9, items 1 and 2): `cat f | otaimg CMD -` gives
# what `otaimg CMD f` gives, for every vector, sample and made image, in
# bounded memory; and a truncated file inspects with what it holds.
. "${top_srcdir:-.}/tests/cli/lib.sh"

SAMPLE="$VECTORS/zigbee/samples/silabs-suite1-signed-sample.ota"
G="$VECTORS/gbcs/duis-sr11.1-esme-upgrade-image.bin"
P="$VECTORS/gbcs/supplier-ds-90B3D51F30010000.pem"
PAY="${top_srcdir:-.}/examples/sample-payload.bin"

# same DESC FILE ARGS...: run the command on the path and on a pipe; the
# exit status and the output (the file name replaced) must agree.
same() {
	desc=$1 f=$2
	shift 2
	"$OTAIMG" "$@" "$f" >"$T/a" 2>&1
	sa=$?
	cat "$f" | "$OTAIMG" "$@" - >"$T/b" 2>&1
	sb=$?
	sed "s|$f|FILE|g" "$T/a" >"$T/a2"
	sed 's|^-:|FILE:|; s|^-$|FILE|; s|: -:|: FILE:|; s|"file": "-"|"file": "FILE"|' "$T/b" >"$T/b2"
	if [ "$sa" -eq "$sb" ] && cmp -s "$T/a2" "$T/b2"; then ok "$desc (exit $sa)"; else
		bad "$desc: path exit $sa, pipe exit $sb"; diff "$T/a2" "$T/b2" | sed 's/^/#   /' | head -6; fi
}

# extract the first element (or the raw payload) both ways; same bytes
same_extract() {
	f=$1
	if "$OTAIMG" inspect --json "$f" | grep -q '"source": "raw"'; then sel=--raw; else
		tag=$("$OTAIMG" inspect --json "$f" | sed -n 's/.*"tag": \([0-9]*\),*$/\1/p' | head -1)
		sel="--tag ${tag:-0}"
	fi
	rm -f "$T/x1" "$T/x2"
	# shellcheck disable=SC2086
	"$OTAIMG" extract "$f" $sel -o "$T/x1" 2>/dev/null
	sa=$?
	# shellcheck disable=SC2086
	cat "$f" | "$OTAIMG" extract - $sel -o "$T/x2" 2>"$T/err"
	sb=$?
	if [ "$sa" -eq "$sb" ] && { [ "$sa" -ne 0 ] || cmp -s "$T/x1" "$T/x2"; }; then
		ok "extract $sel $(basename "$f") (exit $sa)"
	else
		bad "extract $sel $(basename "$f"): path exit $sa, pipe exit $sb"; sed 's/^/#   /' "$T/err" | head -3
	fi
	if [ "$sa" -ne 0 ] && [ -e "$T/x2" ]; then bad "a failed extract left $T/x2"; fi
}

check_all() {
	f=$1
	shift
	same "verify $(basename "$f")" "$f" verify --allow-unchecked "$@"
	same "verify -v $(basename "$f")" "$f" verify -v --allow-unchecked "$@"
	same "inspect --json $(basename "$f")" "$f" inspect --json
	same "inspect $(basename "$f")" "$f" inspect
	same_extract "$f"
}

for f in "$REAL"/*.ota "$REAL"/*.zigbee "$REAL"/*.sbl-ota "$REAL"/*.signed \
    "$VECTORS"/zigbee/samples/*.ota "$G"; do
	check_all "$f"
done
same "the signed sample verifies with its CA" "$SAMPLE" verify --require-signature --ca test
same "a flipped signed sample fails" "$SAMPLE" verify --ca test --issuer NOTTHIS1
same "GBCS with the supplier certificate" "$G" verify --require-signature --supplier-cert "$P"
same "GBCS, the upgrade-image cover" "$G" verify --gbcs-cover upgrade-image --supplier-cert "$P"
same "GBCS hash" "$G" hash --gbcs

# containers (issue 9, item 4), small enough that a contradicting NGIS offset
# is judged within the first 4 KiB: consistent and contradicting NGIS, a size
# prefix that disagrees, a tar member
head -c 300 "$PAY" >"$T/p300"
"$OTAIMG" create -m 0x1234 -t 1 -v 2 -o "$T/small.ota" "$T/p300"
sn=$(size "$T/small.ota")
mk_ngis "$T/small.ota" 64 "$sn" "$T/ngis.ota" && check_all "$T/ngis.ota"
mk_ngis "$T/small.ota" 64 100000 "$T/ngis-size.ota" && check_all "$T/ngis-size.ota"
mk_ngis "$T/small.ota" 9000 "$sn" "$T/ngis-off.ota" && check_all "$T/ngis-off.ota"
{ le32 $((sn + 9)); cat "$T/small.ota"; } >"$T/prefix-bad.ota" && check_all "$T/prefix-bad.ota"
same "verify --strict, a contradicting size prefix" "$T/prefix-bad.ota" verify --strict
mkdir "$T/td" && cp "$T/small.ota" "$T/td/fw.ota" &&
	tar --format=ustar -cf "$T/fw.tar" -C "$T/td" fw.ota && check_all "$T/fw.tar"
# a tar whose padding and end blocks are longer than the 8 KiB a pipe keeps
# behind (a 20 KiB record), and a second member before the image
tar --format=ustar -b 40 -cf "$T/fw40.tar" -C "$T/td" fw.ota && check_all "$T/fw40.tar"
head -c 5000 "$PAY" >"$T/td/meta.bin" &&
	tar --format=ustar -b 40 -cf "$T/fw2m.tar" -C "$T/td" meta.bin fw.ota && check_all "$T/fw2m.tar"

# images made here: --tag, --integrity-code, both signature suites, GBCS
"$OTAIMG" create -m 0x1234 -t 1 -v 0x01020304 --tag 0xF001="$PAY" -o "$T/tag.ota" "$PAY" &&
	check_all "$T/tag.ota"
"$OTAIMG" create -m 0x1234 -t 1 -v 0x01020304 --integrity-code -o "$T/iic.ota" "$PAY" &&
	check_all "$T/iic.ota"
# short elements, shorter than the 64-byte sniff window, then an integrity code
printf 'abc' >"$T/s3"; printf '' >"$T/s0"
"$OTAIMG" create -m 0x1234 -t 1 -v 2 --tag 0xF002="$T/s3" --tag 0xF003="$T/s0" --tag 0xF004="$T/s3" \
	--integrity-code -o "$T/short.ota" "$T/s3" && check_all "$T/short.ota"
for suite in 1 2; do
	"$OTAIMG" cert ca --suite $suite -o "$T/ca$suite.key" >/dev/null 2>&1
	"$OTAIMG" cert issue --suite $suite --ca "$T/ca$suite.key" --subject 00:0D:6F:00:00:19:8B:36 \
		--issuer TESTLAB$suite -o "$T/dev$suite" >/dev/null 2>&1
	"$OTAIMG" sign --suite $suite --key "$T/dev$suite.key" --cert "$T/dev$suite.cert" \
		--ca "$T/ca$suite.key" -o "$T/signed$suite.ota" "$T/tag.ota" 2>/dev/null
	check_all "$T/signed$suite.ota" --ca "$T/ca$suite.key"
	same "suite $suite signature checked" "$T/signed$suite.ota" verify --require-signature --ca "$T/ca$suite.key"
done
head -c 4000 "$PAY" >"$T/mi.bin"
"$OTAIMG" create --format gbcs -m 0x121D -t 0x0084 -v 01:02:03:04 --hw-min 0x1111 --hw-max 0x1211 \
	-o "$T/u.bin" "$T/mi.bin"
"$OTAIMG" keygen --type p256 -o "$T/s.key" >/dev/null 2>&1
"$OTAIMG" sign --format gbcs --key "$T/s.key" -o "$T/s.bin" "$T/u.bin" 2>/dev/null
check_all "$T/s.bin"
same "made GBCS with --gbcs-cover upgrade-image" "$T/s.bin" verify --gbcs-cover upgrade-image
openssl req -x509 -new -key "$T/s.key" -subj "/CN=otaimg stream test" \
	-addext keyUsage=critical,digitalSignature -days 2 -out "$T/s.pem" 2>/dev/null
same "made GBCS: the supplier signature checked" "$T/s.bin" verify --require-signature --supplier-cert "$T/s.pem"
grep -q "supplier signature valid\|OK" "$T/a" && ok "... and it verifies" || bad "made GBCS does not verify: $(cat "$T/a")"

# a Telink 0xF000 element after 12 KB: both walks advance together
check_all "${top_srcdir:-.}/fuzz/corpus/stream-telink-late"

# extract from a pipe to standard output
cat "$T/iic.ota" | "$OTAIMG" extract - --tag 0 -o - >"$T/x3" 2>"$T/err"
cmp -s "$T/x3" "$PAY" && ok "extract from a pipe to standard output" || bad "extract - -o -"
expect 1 "extract - of a missing tag fails" -- sh -c "cat '$T/iic.ota' | '$OTAIMG' extract - --tag 0xF0F0 -o '$T/none'"
[ -e "$T/none" ] && bad "a missing tag wrote a file" || ok "nothing written for a missing tag"

# bounded memory: a 300 MiB image made on the fly, never on disk
u16() { printf "\\$(printf %03o $(($1 & 255)))\\$(printf %03o $((($1 >> 8) & 255)))"; }
u32() { u16 $(($1 & 65535)); u16 $((($1 >> 16) & 65535)); }
N=$((300 * 1024 * 1024))
bigimg() {
	u32 0x0BEEF11E; u16 0x0100; u16 56; u16 0; u16 0x1234; u16 1; u32 1; u16 2
	head -c 32 /dev/zero; u32 $((56 + 6 + N)); u16 0; u32 $N
	head -c $N /dev/zero
}
if [ -x /usr/bin/time ]; then
	bigimg | /usr/bin/time -v "$OTAIMG" verify - >"$T/out" 2>"$T/err"
	rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$T/err")
	contains "$T/out" "OK: structure valid" "a 300 MiB piped image verifies"
	[ "${rss:-999999}" -lt 32768 ] && ok "peak RSS ${rss} KiB stays under 32 MiB" ||
		bad "peak RSS ${rss:-?} KiB for a 300 MiB piped verify"
else
	ok "# SKIP /usr/bin/time not installed: no RSS check"
fi

# item 2: a truncated file inspects with what it holds
R="$REAL/Innr__1166-0128-24011511-RS_226_v2-upgradeMe.ota"
full=$(size "$R")
head -c 92222 "$R" >"$T/cut.ota"
expect 1 "a truncated file: inspect shows it, exit 1" -- "$OTAIMG" inspect "$T/cut.ota"
contains "$T/out" "truncated            input ends at 92222 of $full" "the truncation, both offsets"
contains "$T/out" "manufacturer code    0x1166" "the header fields it holds"
contains "$T/out" "0x0000 upgrade-image" "the element table up to the cut"
contains "$T/out" "[truncated]" "an error diagnostic"
contains "$T/out" "ends at 92222 of $full" "the diagnostic names both offsets"
expect 1 "inspect --json of a truncated file" -- "$OTAIMG" inspect --json "$T/cut.ota"
contains "$T/out" '"ends_at": 92222' "JSON: truncated.ends_at"
contains "$T/out" "\"image_end\": $full" "JSON: truncated.image_end"
contains "$T/out" '"code": "truncated"' "JSON: the diagnostic"
contains "$T/out" '"manufacturer_code": 4454' "JSON: the header"
expect 1 "verify fails on a truncated file" -- "$OTAIMG" verify "$T/cut.ota"
contains "$T/err" "92222" "verify says where it ends"
same "inspect --json of a truncated file" "$T/cut.ota" inspect --json
same "verify of a truncated file" "$T/cut.ota" verify
# cut inside the header, at every field boundary
for n in 6 8 10 12 14 18 20 30 52 54 56 57 62 70; do
	head -c $n "$R" >"$T/h.ota"
	expect 1 "cut at $n: inspect exits 1" -- "$OTAIMG" inspect --json "$T/h.ota"
	contains "$T/out" "\"ends_at\": $n" "cut at $n: ends_at"
	same "cut at $n: pipe and path agree" "$T/h.ota" inspect
done
head -c 20 "$R" >"$T/h.ota"
"$OTAIMG" inspect "$T/h.ota" >"$T/out" 2>&1
contains "$T/out" "image type           0x0128" "cut at 20: the image type is there"
grep -q "^  header string   " "$T/out" && bad "cut at 20 shows a header string it does not have" ||
	ok "cut at 20: no header string shown"
finish
