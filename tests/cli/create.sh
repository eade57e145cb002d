#!/bin/sh
# otaimg create -> inspect -> verify -> extract round trips, options, errors.
. "${top_srcdir:-.}/tests/cli/lib.sh"

head -c 70000 /dev/urandom >"$T/payload.bin"
printf 'vendor data' >"$T/tag.bin"
expect 0 "create with every header field" -- "$OTAIMG" create -m 0x1234 -t 0x0042 \
	-v 01:02:03:04 -s "round trip" --stack-version 2 --security-credential 1 \
	--destination 00:0D:6F:00:00:19:8B:36 --hw-min 0x0100 --hw-max 0x0203 \
	--tag 0xF123="$T/tag.bin" --integrity-code -o "$T/a.ota" "$T/payload.bin"
expect 0 "inspect" -- "$OTAIMG" inspect "$T/a.ota"
contains "$T/out" "file version         0x01020304 (01:02:03:04)" "inspect: the file version in hex and XX:XX:XX:XX"
expect 0 "inspect --json" -- "$OTAIMG" inspect --json "$T/a.ota"
cp "$T/out" "$T/a.json"
for kv in '"manufacturer_code": 4660' '"image_type": 66' '"file_version": 16909060' \
	'"file_version_octets": "01:02:03:04"' '"text": "round trip"' '"stack_version": 2' \
	'"security_credential_version": 1' '"eui64": "000D6F0000198B36"' \
	'"file_bytes_hex": "368b1900006f0d00"' '"hw_min": 256' '"hw_max": 515' \
	'"field_control": 7' '"header_length": 69' '"tag": 61731' '"length": 70000' \
	'"length": 11' '"tag_name": "integrity-code"' '"walk": "standard"'; do
	contains "$T/a.json" "$kv" "inspect reproduces $kv"
done
contains "$T/a.json" "\"total_image_size\": $(size "$T/a.ota")" "total_image_size is the file size"
expect 0 "verify the created file, strictly" -- "$OTAIMG" verify --strict "$T/a.ota"
expect 0 "extract the upgrade image" -- "$OTAIMG" extract "$T/a.ota" --tag 0 -o "$T/x.bin"
if cmp -s "$T/x.bin" "$T/payload.bin"; then ok "extract is byte-exact"; else bad "extract differs"; fi
expect 0 "extract a manufacturer tag" -- "$OTAIMG" extract "$T/a.ota" --tag 0xF123 -o "$T/t.bin"
if cmp -s "$T/t.bin" "$T/tag.bin"; then ok "tag extract is byte-exact"; else bad "tag extract differs"; fi
expect 1 "extract of a missing tag" -- "$OTAIMG" extract "$T/a.ota" --tag 0x0004 -o "$T/none.bin"
[ -e "$T/none.bin" ] && bad "a failed extract left a file" || ok "a failed extract leaves no file"

# payload from standard input, same bytes as from the file
expect 0 "payload from stdin" -- sh -c "cat '$T/payload.bin' | '$OTAIMG' create -m 0x1234 -t 0x0042 \
	-v 01:02:03:04 -s 'round trip' --stack-version 2 --security-credential 1 \
	--destination 000D6F0000198B36 --hw-min 256 --hw-max 0x0203 --tag 0xF123='$T/tag.bin' \
	--integrity-code -o '$T/b.ota' -"
if cmp -s "$T/a.ota" "$T/b.ota"; then ok "same inputs give the same bytes"; else bad "stdin output differs"; fi
expect 0 "output to a pipe" -- sh -c "'$OTAIMG' create -m 1 -t 2 -v 3 -o - '$T/payload.bin' | cat >'$T/c.ota'"
expect 0 "piped output verifies" -- "$OTAIMG" verify "$T/c.ota"

# naming, warnings, strictness
expect 0 "standard name" -- "$OTAIMG" create -m 0x1002 -t 0x5678 -v 5 -s "my fw 1.0" \
	--standard-name -o "$T" "$T/payload.bin"
[ -f "$T/1002-5678-00000005-my_fw_1.0.zigbee" ] && ok "named MMMM-TTTT-VVVVVVVV-text.zigbee" || bad "standard name not written"
expect 0 "wildcard manufacturer warns" -- "$OTAIMG" create -m 0xFFFF -t 1 -v 1 -o "$T/w.ota" "$T/payload.bin"
contains "$T/err" "wildcard" "the warning names the wildcard"
expect 1 "--strict refuses the wildcard" -- "$OTAIMG" create --strict -m 0xFFFF -t 1 -v 1 -o "$T/s.ota" "$T/payload.bin"
[ -e "$T/s.ota" ] && bad "strict failure left a file" || ok "strict failure leaves no file"
expect 1 "--strict refuses image type 0xFFC0" -- "$OTAIMG" create --strict -m 1 -t 0xFFC0 -v 1 -o "$T/s.ota" "$T/payload.bin"
expect 1 "--strict refuses file version 0xFFFFFFFF" -- "$OTAIMG" create --strict -m 1 -t 1 -v 0xFFFFFFFF -o "$T/s.ota" "$T/payload.bin"

# --strict never writes what verify --strict rejects; without it, warnings
for t in 1:49 2:47 5:79 6:73; do
	tag=${t%%:*} n=${t#*:}
	head -c "$n" /dev/zero >"$T/short$tag.bin"
	expect 1 "--strict refuses tag $tag of $n bytes" -- "$OTAIMG" create --strict -m 1 -t 1 -v 1 \
		--tag "$tag=$T/short$tag.bin" -o "$T/s.ota" "$T/payload.bin"
	[ -e "$T/s.ota" ] && bad "strict tag $tag left a file" || ok "strict tag $tag leaves no file"
	expect 0 "without --strict tag $tag of $n bytes is written" -- "$OTAIMG" create -m 1 -t 1 -v 1 \
		--tag "$tag=$T/short$tag.bin" -o "$T/w.ota" "$T/payload.bin"
	contains "$T/err" "element-length" "the tag $tag length warning is printed"
done
bad_utf8=$(printf 'fw\377\376')
expect 1 "--strict refuses a non-UTF-8 string" -- "$OTAIMG" create --strict -m 1 -t 1 -v 1 \
	-s "$bad_utf8" -o "$T/s.ota" "$T/payload.bin"
expect 0 "a non-UTF-8 string warns" -- "$OTAIMG" create -m 1 -t 1 -v 1 -s "$bad_utf8" \
	-o "$T/w.ota" "$T/payload.bin"
contains "$T/err" "header-string-not-utf8" "the UTF-8 warning is printed"
expect 1 "--strict refuses header version 0x0200" -- "$OTAIMG" create --strict -m 1 -t 1 -v 1 \
	--header-version 0x0200 -o "$T/s.ota" "$T/payload.bin"
expect 0 "header version 0x0200 warns" -- "$OTAIMG" create -m 1 -t 1 -v 1 --header-version 0x0200 \
	-o "$T/w.ota" "$T/payload.bin"
contains "$T/err" "header-version" "the header version warning is printed"
expect 1 "--strict refuses an inverted hardware range" -- "$OTAIMG" create --strict -m 1 -t 1 -v 1 \
	--hw-min 5 --hw-max 1 -o "$T/s.ota" "$T/payload.bin"
[ -e "$T/s.ota" ] && bad "a strict refusal left a file" || ok "strict refusals leave no file"
# the property: whenever create --strict succeeds, verify --strict passes
head -c 50 /dev/zero >"$T/sig1.bin"
head -c 48 /dev/zero >"$T/cert1.bin"
head -c 74 /dev/zero >"$T/cert2.bin"
n=0
for opts in "" "-s ok" "-s $bad_utf8" "--header-version 0x0101" "--header-version 0x0001" \
	"--hw-min 1 --hw-max 1" "--hw-min 2 --hw-max 1" "--stack-version 9" "--integrity-code" \
	"--tag 2=$T/cert1.bin" "--tag 6=$T/cert2.bin" "--tag 6=$T/cert1.bin" "--tag 1=$T/sig1.bin" \
	"--tag 1=$T/sig1.bin --tag 2=$T/cert1.bin" "--tag 2=$T/cert1.bin --tag 1=$T/sig1.bin" \
	"--tag 0x0010=$T/tag.bin --tag 0x0010=$T/tag.bin" "--tag 1=$T/short1.bin --integrity-code" \
	"--integrity-code --tag 0xF000=$T/tag.bin" "-m 0xFFFF" "-t 0xFFC1" "-v 0xFFFFFFFF"; do
	n=$((n + 1))
	rm -f "$T/p.ota"
	case $opts in # an option is given once: these replace the base value
	-m*) base="-t 1 -v 1" ;;
	-t*) base="-m 1 -v 1" ;;
	-v*) base="-m 1 -t 1" ;;
	*) base="-m 1 -t 1 -v 1" ;;
	esac
	# shellcheck disable=SC2086 # word splitting of $base and $opts is wanted
	"$OTAIMG" create --strict $base $opts -o "$T/p.ota" "$T/payload.bin" 2>"$T/err"
	st=$?
	if [ "$st" -eq 0 ]; then
		if "$OTAIMG" verify --strict -q "$T/p.ota" 2>"$T/err"; then
			ok "property $n: create --strict and verify --strict agree ($opts)"
		else
			bad "property $n: create --strict wrote what verify --strict rejects ($opts)"
			sed 's/^/#   /' "$T/err" | head -3
		fi
	elif [ "$st" -eq 1 ] && [ ! -e "$T/p.ota" ]; then
		ok "property $n: refused, nothing written ($opts)"
	else
		bad "property $n: exit $st ($opts)"
	fi
done

# bounded spooling: an endless pipe stops at --max-input, quickly
expect 1 "an endless payload pipe stops at --max-input" -- sh -c "cat /dev/zero | '$OTAIMG' create \
	-m 1 -t 1 -v 1 --max-input 64k -o '$T/m.ota' -"
contains "$T/err" "input limit of 65536 bytes" "the limit is named"
[ -e "$T/m.ota" ] && bad "an over-limit pipe left a file" || ok "an over-limit pipe leaves no file"
mkfifo "$T/fifo"
cat /dev/zero >"$T/fifo" 2>/dev/null &
wpid=$!
expect 1 "an endless tag FIFO stops at --max-input" -- "$OTAIMG" create -m 1 -t 1 -v 1 \
	--max-input 1M --tag 0xF000="$T/fifo" -o "$T/m.ota" "$T/tag.bin"
kill "$wpid" 2>/dev/null
wait "$wpid" 2>/dev/null
expect 1 "a regular file over --max-input is refused" -- "$OTAIMG" create -m 1 -t 1 -v 1 \
	--max-input 1000 -o "$T/m.ota" "$T/payload.bin"
[ -e "$T/m.ota" ] && bad "an over-limit file left a file" || ok "an over-limit file leaves no file"
expect 0 "inputs within --max-input" -- sh -c "cat '$T/payload.bin' | '$OTAIMG' create -m 1 -t 1 \
	-v 1 --max-input 70000 -o '$T/m.ota' -"
expect 2 "--max-input 0" -- "$OTAIMG" create -m 1 -t 1 -v 1 --max-input 0 -o "$T/m.ota" "$T/payload.bin"
ls "${TMPDIR:-/tmp}" | grep -q "^otaimg-spool-" && bad "a spool file was left" || ok "no spool file left"

# usage errors
expect 2 "--hw-min without --hw-max" -- "$OTAIMG" create -m 1 -t 1 -v 1 --hw-min 1 -o "$T/u.ota" "$T/payload.bin"
expect 2 "manufacturer out of range" -- "$OTAIMG" create -m 0x10000 -t 1 -v 1 -o "$T/u.ota" "$T/payload.bin"
expect 2 "bad destination" -- "$OTAIMG" create -m 1 -t 1 -v 1 --destination 12:34 -o "$T/u.ota" "$T/payload.bin"
expect 2 "string longer than 32 bytes" -- "$OTAIMG" create -m 1 -t 1 -v 1 -s 0123456789012345678901234567890123 -o "$T/u.ota" "$T/payload.bin"
expect 2 "missing required fields" -- "$OTAIMG" create -o "$T/u.ota" "$T/payload.bin"
expect 2 "unreadable tag file" -- "$OTAIMG" create -m 1 -t 1 -v 1 --tag 0xF000="$T/missing" -o "$T/u.ota" "$T/payload.bin"
[ -e "$T/u.ota" ] && bad "a failed create left a file" || ok "a failed create leaves no file"
ls -a "$T" | grep -q '^\.otaimg-' && bad "a temporary file was left behind" || ok "no temporary files left"
expect 2 "unknown command" -- "$OTAIMG" frobnicate
for cmd in create inspect verify extract sign cert keygen pubkey; do
	expect 2 "$cmd: no arguments" -- "$OTAIMG" $cmd
	expect 2 "$cmd: unknown option" -- "$OTAIMG" $cmd --no-such-option
	expect 0 "$cmd -h" -- "$OTAIMG" $cmd -h
done
expect 2 "sign without --cert" -- "$OTAIMG" sign --key x -o "$T/u.ota" "$T/a.ota"
expect 0 "--version" -- "$OTAIMG" --version
finish
