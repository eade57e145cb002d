#!/bin/sh
# CLI robustness, every subcommand: standard output on /dev/full, -o on a
# FIFO, a symbolic link, a folder and a device, existing key outputs, '-',
# terminals, repeated options, octal-looking numbers, a file name that is not
# UTF-8 with --json, bidi and C1 controls in text, signals during a write.
# Each with its documented exit status (otaimg(1)) and no stray files.
. "${top_srcdir:-.}/tests/cli/lib.sh"

G="$VECTORS/gbcs/duis-sr11.1-esme-upgrade-image.bin"
W="$T/w"
mkdir "$W"
head -c 5000 /dev/urandom >"$T/payload.bin"
"$OTAIMG" create -m 0x1234 -t 2 -v 3 -o "$T/a.ota" "$T/payload.bin" || bad "setup: create"
"$OTAIMG" cert ca --suite 1 -o "$T/ca.key" >"$T/ca.pub" || bad "setup: cert ca"
"$OTAIMG" cert issue --suite 1 --ca "$T/ca.key" --subject 000D6F0000198B36 --issuer TESTLAB1 \
	-o "$T/dev" >/dev/null || bad "setup: cert issue"
"$OTAIMG" keygen --type p256 -o "$T/p256.key" || bad "setup: keygen"
SIGN="sign --key $T/dev.key --cert $T/dev.cert --ca $T/ca.pub"

# full STATUS DESCRIPTION -- command...: standard output is /dev/full
full() {
	want=$1 desc=$2
	shift 3
	"$@" >/dev/full 2>"$T/err"
	got=$?
	if [ "$got" -eq "$want" ]; then ok "stdout full: $desc (exit $got)"; else
		bad "stdout full: $desc: exit $got, want $want"; sed 's/^/#   /' "$T/err" | head -3; fi
}

# no_temp DIR DESCRIPTION: no temporary file of ours left in DIR
no_temp() {
	if ls -a "$1" | grep -q '^\.otaimg-[A-Za-z0-9]\{6\}$'; then bad "$2: a temporary file was left"
		ls -a "$1" | sed 's/^/#   /'; else ok "$2: no temporary file"; fi
}

# absent FILE DESCRIPTION
absent() {
	if [ -e "$1" ] || [ -L "$1" ]; then bad "$2: $1 exists"; rm -f "$1"; else ok "$2: nothing written"; fi
}

# ---- item 11: every write is checked, standard output included ----
full 2 "create -o -" -- "$OTAIMG" create -m 1 -t 2 -v 3 -o - "$T/payload.bin"
full 2 "inspect" -- "$OTAIMG" inspect "$T/a.ota"
full 2 "inspect --json" -- "$OTAIMG" inspect --json "$T/a.ota"
full 2 "verify" -- "$OTAIMG" verify "$T/a.ota"
full 2 "verify -v" -- "$OTAIMG" verify -v "$T/a.ota"
full 2 "extract -o -" -- "$OTAIMG" extract "$T/a.ota" --tag 0 -o -
full 2 "sign -o -" -- "$OTAIMG" $SIGN -o - "$T/a.ota"
full 2 "keygen -o -" -- "$OTAIMG" keygen --type p256 -o -
full 2 "pubkey (hex)" -- "$OTAIMG" pubkey "$T/p256.key"
full 2 "pubkey --format pem" -- "$OTAIMG" pubkey --format pem "$T/p256.key"
full 2 "pubkey --format c" -- "$OTAIMG" pubkey --format c "$T/p256.key"
full 2 "hash --gbcs" -- "$OTAIMG" hash --gbcs "$G"
full 2 "cpl IMAGE" -- "$OTAIMG" cpl "$G" --hw 11/11
full 2 "cpl --check" -- "$OTAIMG" cpl --check 12:1D 00:00 11 11 AC:DC:AC:DC --json
full 2 "cpl --cert-firmware" -- "$OTAIMG" cpl --cert-firmware "1.0" --firmware 00:00:01:00
full 2 "cert show" -- "$OTAIMG" cert show "$T/dev.cert"
full 2 "cert issue" -- "$OTAIMG" cert issue --suite 1 --ca "$T/ca.key" \
	--subject 000D6F0000198B37 --issuer TESTLAB1 -o "$W/full"
rm -f "$W/full.key" "$W/full.cert"
full 2 "cert ca (the public key is lost)" -- "$OTAIMG" cert ca --suite 1 -o "$W/lost.key"
absent "$W/lost.key" "cert ca with its public key lost"
"$OTAIMG" verify "$T/a.ota" >&- 2>"$T/err"
[ $? -eq 2 ] && ok "verify with standard output closed: exit 2" || bad "verify with standard output closed"
"$OTAIMG" create -m 1 -t 2 -v 3 -o "$W/closed.ota" "$T/payload.bin" >&- 2>"$T/err"
[ $? -eq 0 ] && "$OTAIMG" verify --strict "$W/closed.ota" >/dev/null 2>&1 &&
	ok "create with standard output closed writes a valid file" || bad "create with stdout closed"
rm -f "$W/closed.ota"
full 2 "otaimg --version" -- "$OTAIMG" --version
full 2 "create -h" -- "$OTAIMG" create -h
no_temp "$W" "stdout full"

# ---- item 8: -o on a FIFO, a symbolic link, a folder, a device ----
# fifo DESCRIPTION -- command... (the FIFO is $W/fifo, read into $W/got)
fifo() {
	desc=$1
	shift 2
	rm -f "$W/fifo" "$W/got"
	mkfifo "$W/fifo"
	cat "$W/fifo" >"$W/got" &
	reader=$!
	"$@" >"$T/out" 2>"$T/err"
	got=$?
	# a reader whose FIFO was replaced would wait for ever
	n=0
	while kill -0 $reader 2>/dev/null && [ $n -lt 20 ]; do sleep 0.1; n=$((n + 1)); done
	kill $reader 2>/dev/null
	wait $reader 2>/dev/null
	if [ "$got" -eq 0 ] && [ -p "$W/fifo" ] && [ -s "$W/got" ]; then ok "FIFO: $desc (exit 0)"; else
		bad "FIFO: $desc: exit $got, fifo still a FIFO: $([ -p "$W/fifo" ] && echo yes || echo no)"
		sed 's/^/#   /' "$T/err" | head -3; fi
}
fifo "create" -- "$OTAIMG" create -m 1 -t 2 -v 3 -o "$W/fifo" "$T/payload.bin"
"$OTAIMG" create -m 1 -t 2 -v 3 -o "$T/ref.ota" "$T/payload.bin"
cmp -s "$W/got" "$T/ref.ota" && ok "FIFO: create sends the whole image" || bad "FIFO: create output differs"
fifo "extract" -- "$OTAIMG" extract "$T/a.ota" --tag 0 -o "$W/fifo"
cmp -s "$W/got" "$T/payload.bin" && ok "FIFO: extract sends the element" || bad "FIFO: extract output differs"
fifo "sign" -- "$OTAIMG" $SIGN -o "$W/fifo" "$T/a.ota"
fifo "sign --digest-out" -- "$OTAIMG" sign --prepare --cert "$T/dev.cert" --digest-out "$W/fifo" \
	-o "$W/prep.ota" "$T/a.ota"
fifo "keygen (a FIFO holds no key to lose)" -- "$OTAIMG" keygen --type p256 -o "$W/fifo"
fifo "cert ca" -- "$OTAIMG" cert ca --suite 2 -o "$W/fifo"
rm -f "$W/fifo" "$W/got" "$W/prep.ota"

# link DESCRIPTION -- command... (the link is $W/link -> target)
link() {
	desc=$1
	shift 2
	rm -f "$W/link" "$W/target"
	echo old >"$W/target"
	ln -s target "$W/link"
	"$@" >"$T/out" 2>"$T/err"
	got=$?
	if [ "$got" -eq 0 ] && [ -L "$W/link" ] && [ "$(cat "$W/target")" != old ]; then
		ok "symlink: $desc writes through to the target"
	else bad "symlink: $desc: exit $got, link kept: $([ -L "$W/link" ] && echo yes || echo no)"
		sed 's/^/#   /' "$T/err" | head -3; fi
}
link "create" -- "$OTAIMG" create -m 1 -t 2 -v 3 -o "$W/link" "$T/payload.bin"
link "extract" -- "$OTAIMG" extract "$T/a.ota" --tag 0 -o "$W/link"
link "sign" -- "$OTAIMG" $SIGN -o "$W/link" "$T/a.ota"
link "keygen --force" -- "$OTAIMG" keygen --force --type p256 -o "$W/link"
link "cert ca --force" -- "$OTAIMG" cert ca --force --suite 1 -o "$W/link"
rm -f "$W/link" "$W/target"
ln -s sub/deeper "$W/dangling"
mkdir "$W/sub"
expect 0 "a dangling link creates its target" -- "$OTAIMG" create -m 1 -t 2 -v 3 -o "$W/dangling" "$T/payload.bin"
[ -L "$W/dangling" ] && [ -f "$W/sub/deeper" ] && ok "the link stays, the target is made" || bad "dangling link"
no_temp "$W/sub" "a link's target folder"
rm -rf "$W/dangling" "$W/sub"
mkdir "$W/dir"
expect 2 "create -o a folder" -- "$OTAIMG" create -m 1 -t 2 -v 3 -o "$W/dir" "$T/payload.bin"
expect 2 "extract -o a folder" -- "$OTAIMG" extract "$T/a.ota" --tag 0 -o "$W/dir"
ln -s dir "$W/dirlink"
expect 2 "sign -o a link to a folder" -- "$OTAIMG" $SIGN -o "$W/dirlink" "$T/a.ota"
[ -d "$W/dir" ] && [ -L "$W/dirlink" ] && ok "the folder and the link are untouched" || bad "folder replaced"
rm -rf "$W/dir" "$W/dirlink"
# Devices: our own node, never the system's /dev/null (should this regress,
# only the test's node would be replaced); mknod needs root.
if mknod "$W/null" c 1 3 2>/dev/null; then
	expect 0 "create -o a character device" -- "$OTAIMG" create -m 1 -t 2 -v 3 -o "$W/null" "$T/payload.bin"
	[ -c "$W/null" ] && ok "the device is still a device" || bad "the device node was replaced"
	ln -s null "$W/nul"
	expect 0 "extract -o a link to a device" -- "$OTAIMG" extract "$T/a.ota" --tag 0 -o "$W/nul"
	[ -L "$W/nul" ] && [ -c "$W/null" ] && ok "link to a device: written directly" || bad "device link"
	expect 0 "keygen -o a character device" -- "$OTAIMG" keygen --type p256 -o "$W/null"
	[ -c "$W/null" ] && ok "keygen left the device a device" || bad "keygen replaced a device"
	rm -f "$W/nul" "$W/null"
else
	echo "# mknod not permitted: device outputs skipped"
fi
# /dev/stdout is a link to /proc/self/fd/1; use our own such link
ln -s /proc/self/fd/1 "$W/stdout"
"$OTAIMG" create -m 1 -t 2 -v 3 -o "$W/stdout" "$T/payload.bin" >"$W/so" 2>"$T/err"
cmp -s "$W/so" "$T/ref.ota" && ok "-o /dev/stdout writes to standard output" || bad "-o /dev/stdout"
echo first >"$W/so"
"$OTAIMG" create -m 1 -t 2 -v 3 -o "$W/stdout" "$T/payload.bin" >>"$W/so" 2>"$T/err"
[ "$(head -1 "$W/so")" = first ] && [ "$(size "$W/so")" -eq $(($(size "$T/ref.ota") + 6)) ] &&
	ok "-o /dev/stdout appends under >>" || bad "-o /dev/stdout did not append"
"$OTAIMG" extract "$T/a.ota" --tag 0 -o /dev/fd/1 >"$W/so" 2>"$T/err"
cmp -s "$W/so" "$T/payload.bin" && ok "-o /dev/fd/1 writes to standard output" || bad "-o /dev/fd/1"
[ -L "$W/stdout" ] && ok "the link stays a link" || bad "the /proc link was replaced"
rm -f "$W/so" "$W/stdout"
no_temp "$W" "FIFO, link, folder and device outputs"

# ---- item 6: a private key is never overwritten silently ----
cp "$T/p256.key" "$W/k.key"
expect 2 "keygen over an existing key" -- "$OTAIMG" keygen --type p256 -o "$W/k.key"
contains "$T/err" "--force" "the refusal names --force"
cmp -s "$W/k.key" "$T/p256.key" && ok "the existing key is untouched" || bad "keygen replaced a key"
ln -s k.key "$W/klink"
expect 2 "keygen over a link to a key" -- "$OTAIMG" keygen --type ed25519 -o "$W/klink"
cmp -s "$W/k.key" "$T/p256.key" && ok "the key behind the link is untouched" || bad "keygen replaced a linked key"
expect 0 "keygen --force replaces it" -- "$OTAIMG" keygen --force --type ed25519 -o "$W/k.key"
cmp -s "$W/k.key" "$T/p256.key" && bad "--force did not replace" || ok "--force replaced the key"
[ "$(stat -c %a "$W/k.key")" = 600 ] && ok "a replaced key is mode 600" || bad "replaced key mode"
cp "$T/ca.key" "$W/ca.key"
expect 2 "cert ca over an existing key" -- "$OTAIMG" cert ca --suite 1 -o "$W/ca.key"
cmp -s "$W/ca.key" "$T/ca.key" && ok "the CA key is untouched" || bad "cert ca replaced a key"
[ -s "$T/out" ] && bad "cert ca printed a public key for a CA it did not make" || ok "no public key printed"
expect 2 "cert issue over existing files" -- "$OTAIMG" cert issue --suite 1 --ca "$T/ca.key" \
	--subject 000D6F0000198B36 --issuer TESTLAB1 -o "$T/dev"
expect 2 "cert issue whose key output is the CA key, even with --force" -- "$OTAIMG" cert issue \
	--force --suite 1 --ca "$W/ca.key" --subject 000D6F0000198B36 --issuer TESTLAB1 -o "$W/ca"
ln -s ca.key "$W/alias.cert"
expect 2 "cert issue whose certificate is the CA key through a link" -- "$OTAIMG" cert issue \
	--force --suite 1 --ca "$W/ca.key" --subject 000D6F0000198B36 --issuer TESTLAB1 -o "$W/alias"
cmp -s "$W/ca.key" "$T/ca.key" && ok "the CA key survives" || bad "cert issue overwrote the CA key"
absent "$W/alias.key" "cert issue refused"
expect 0 "cert issue --force replaces a device's files" -- "$OTAIMG" cert issue --force --suite 1 \
	--ca "$T/ca.key" --subject 000D6F0000198B36 --issuer TESTLAB1 -o "$T/dev"
cp "$T/dev.key" "$W/dev.key"
expect 2 "sign -o its own key" -- "$OTAIMG" sign --key "$W/dev.key" --cert "$T/dev.cert" -o "$W/dev.key" "$T/a.ota"
expect 2 "sign --digest-out its own key" -- "$OTAIMG" sign --key "$W/dev.key" --cert "$T/dev.cert" \
	--digest-out "$W/dev.key" -o "$W/s.ota" "$T/a.ota"
cmp -s "$W/dev.key" "$T/dev.key" && ok "sign left its key alone" || bad "sign overwrote its key"
absent "$W/s.ota" "sign refused"
cp "$T/a.ota" "$W/inplace.ota"
expect 0 "sign in place" -- "$OTAIMG" sign --key "$W/dev.key" --cert "$T/dev.cert" --ca "$T/ca.pub" \
	-o "$W/inplace.ota" "$W/inplace.ota"
expect 0 "the file signed in place verifies" -- "$OTAIMG" verify --require-signature --ca "$(cat "$T/ca.pub")" "$W/inplace.ota"
rm -f "$W/k.key" "$W/klink" "$W/ca.key" "$W/alias.cert" "$W/dev.key" "$W/inplace.ota"
no_temp "$W" "key outputs"

# ---- item 12: '-' is standard output everywhere; binary never to a terminal ----
expect 0 "keygen -o -" -- "$OTAIMG" keygen --type p256 -o -
contains "$T/out" "BEGIN PRIVATE KEY" "keygen -o - prints PEM"
expect 0 "cert ca -o -" -- "$OTAIMG" cert ca --suite 1 -o -
contains "$T/out" "BEGIN PRIVATE KEY" "cert ca -o -: the key on standard output"
[ "$(wc -c <"$T/err")" -gt 40 ] && ok "cert ca -o -: the public key on standard error" || bad "no public key"
expect 0 "sign -o -" -- "$OTAIMG" $SIGN -o - "$T/a.ota"
"$OTAIMG" verify --ca "$(cat "$T/ca.pub")" --require-signature - <"$T/out" >/dev/null 2>&1 &&
	ok "sign -o - gives a signed image" || bad "sign -o - output does not verify"
expect 0 "sign --digest-out -" -- "$OTAIMG" sign --prepare --cert "$T/dev.cert" --digest-out - \
	-o "$W/prep.ota" "$T/a.ota"
[ "$(size "$T/out")" -eq 16 ] && ok "the 16-byte digest on standard output" || bad "digest size"
expect 2 "sign -o - --digest-out -" -- "$OTAIMG" sign --prepare --cert "$T/dev.cert" --digest-out - \
	-o - "$T/a.ota"
expect 2 "cert issue -o - (two files)" -- "$OTAIMG" cert issue --suite 1 --ca "$T/ca.key" \
	--subject 000D6F0000198B36 --issuer TESTLAB1 -o -
cp "$T/a.ota" "$W/in.ota"
expect 2 "extract -o INPUT" -- "$OTAIMG" extract "$W/in.ota" --tag 0 -o "$W/in.ota"
ln -s in.ota "$W/inlink"
ln "$W/in.ota" "$W/inhard"
expect 2 "extract -o a link to INPUT" -- "$OTAIMG" extract "$W/in.ota" --tag 0 -o "$W/inlink"
expect 2 "extract -o a hard link of INPUT" -- "$OTAIMG" extract "$W/inhard" --tag 0 -o "$W/in.ota"
cmp -s "$W/in.ota" "$T/a.ota" && ok "the input is untouched" || bad "extract overwrote its input"
rm -f "$W/in.ota" "$W/inlink" "$W/inhard" "$W/prep.ota"
# tty DESCRIPTION COMMAND: run in a pseudo-terminal; binary output is refused
if script -qec true /dev/null >/dev/null 2>&1; then
	on_tty() {
		script -qec "$2" /dev/null >"$T/out" 2>&1 </dev/null
		got=$?
		if [ "$got" -eq 2 ] && grep -q terminal "$T/out"; then ok "terminal: $1 refused (exit 2)"; else
			bad "terminal: $1: exit $got"; head -c 300 "$T/out" | sed 's/^/#   /'; fi
	}
	on_tty "create -o -" "'$OTAIMG' create -m 1 -t 2 -v 3 -o - '$T/payload.bin'"
	on_tty "extract -o -" "'$OTAIMG' extract '$T/a.ota' --tag 0 -o -"
	on_tty "sign -o -" "'$OTAIMG' $SIGN -o - '$T/a.ota'"
	on_tty "sign --digest-out -" "'$OTAIMG' sign --prepare --cert '$T/dev.cert' --digest-out - -o '$W/prep.ota' '$T/a.ota'"
	rm -f "$W/prep.ota"
	on_tty "extract -o a terminal by name" "ln -s \$(tty) '$W/term'; '$OTAIMG' extract '$T/a.ota' --tag 0 -o '$W/term'"
	rm -f "$W/term"
else
	echo "# no script(1): terminal checks skipped"
fi
no_temp "$W" "'-' and terminals"

# ---- item 13: repeated single-value options, numbers ----
# twice DESCRIPTION -- command...: a usage error that names the option
twice() {
	d=$1
	shift 2
	expect 2 "repeated $d" -- "$@"
	contains "$T/err" "given more than once" "repeated $d is named"
}
twice "create -o" -- "$OTAIMG" create -m 1 -t 2 -v 3 -o "$W/x" -o "$W/y" "$T/payload.bin"
twice "create -m" -- "$OTAIMG" create -m 1 -m 2 -t 2 -v 3 -o "$W/x" "$T/payload.bin"
twice "create --hw-min" -- "$OTAIMG" create -m 1 -t 2 -v 3 --hw-min 1 --hw-min 2 --hw-max 3 -o "$W/x" "$T/payload.bin"
twice "inspect --format" -- "$OTAIMG" inspect --format zigbee --format gbcs "$T/a.ota"
twice "verify --format" -- "$OTAIMG" verify --format zigbee --format=auto "$T/a.ota"
twice "verify --gbcs-cover" -- "$OTAIMG" verify --gbcs-cover upgrade-image --gbcs-cover manufacturer-image "$G"
twice "extract --tag" -- "$OTAIMG" extract "$T/a.ota" --tag 0 --tag 1 -o "$W/x"
twice "extract -o" -- "$OTAIMG" extract "$T/a.ota" --tag 0 -o "$W/x" --output "$W/y"
twice "sign --key" -- "$OTAIMG" sign --key "$T/dev.key" --key "$T/p256.key" --cert "$T/dev.cert" -o "$W/x" "$T/a.ota"
twice "cert --suite" -- "$OTAIMG" cert ca --suite 1 --suite 2 -o "$W/x"
twice "keygen --type" -- "$OTAIMG" keygen --type p256 --type ed25519 -o "$W/x"
twice "pubkey --format" -- "$OTAIMG" pubkey --format hex --format pem "$T/p256.key"
twice "hash --gbcs-cover" -- "$OTAIMG" hash --gbcs --gbcs-cover upgrade-image --gbcs-cover upgrade-image "$G"
twice "cpl --hw" -- "$OTAIMG" cpl "$G" --hw 11/11 --hw 12/11
absent "$W/x" "repeated options"
expect 0 "create --tag repeats" -- "$OTAIMG" create -m 1 -t 2 -v 3 --tag 0xF000="$T/payload.bin" \
	--tag 0xF001="$T/payload.bin" -o "$W/x" "$T/payload.bin"
# (the allow-lists accept repeats; on an unsigned image they then fail with
# OTA_E_UNSIGNED, not with a usage error)
expect 1 "verify --issuer and --signer repeat" -- "$OTAIMG" verify --issuer TESTLAB1 --issuer TESTLAB2 \
	--signer 000D6F0000198B36 --signer 000D6F0000198B37 "$T/a.ota"
contains "$T/err" "OTA_E_UNSIGNED" "repeated allow-lists: the image is unsigned, not a usage error"
expect 0 "flags repeat" -- "$OTAIMG" verify -v -v --strict --strict "$T/a.ota"
rm -f "$W/x"
# num STATUS VALUE: create -m VALUE
for v in 010 00 0010 " 1" "1 " +1 -1 0x "0x 1" 1e3 0x10000 99999999999999999999999; do
	expect 2 "create -m '$v' refused" -- "$OTAIMG" create -m "$v" -t 2 -v 3 -o "$W/x" "$T/payload.bin"
done
absent "$W/x" "bad numbers"
for v in 0 10 0x10 0X1F 0x0010 65535; do
	expect 0 "create -m '$v'" -- "$OTAIMG" create -m "$v" -t 2 -v 3 -o "$W/x" "$T/payload.bin"
done
"$OTAIMG" create -m 10 -t 010 -v 3 -o "$W/y" "$T/payload.bin" 2>/dev/null
absent "$W/y" "create -t 010"
"$OTAIMG" create -m 10 -t 2 -v 3 -o "$W/y" "$T/payload.bin"
"$OTAIMG" inspect --json "$W/y" >"$T/j"
contains "$T/j" '"manufacturer_code": 10,' "-m 10 is decimal ten"
expect 2 "create -v 010" -- "$OTAIMG" create -m 1 -t 2 -v 010 -o "$W/x" "$T/payload.bin"
expect 2 "create --hw-min 0100" -- "$OTAIMG" create -m 1 -t 2 -v 3 --hw-min 0100 --hw-max 0x100 -o "$W/x" "$T/payload.bin"
expect 2 "create --tag 017=FILE" -- "$OTAIMG" create -m 1 -t 2 -v 3 --tag 017="$T/payload.bin" -o "$W/x" "$T/payload.bin"
expect 2 "extract --tag 00" -- "$OTAIMG" extract "$T/a.ota" --tag 00 -o "$W/x"
expect 2 "extract --index 01" -- "$OTAIMG" extract "$T/a.ota" --tag 0 --index 01 -o "$W/x"
expect 2 "sign --suite 01" -- "$OTAIMG" $SIGN --suite 01 -o "$W/x" "$T/a.ota"
expect 2 "cert --suite 02" -- "$OTAIMG" cert ca --suite 02 -o "$W/x"
expect 2 "pubkey --passin fd:00" -- "$OTAIMG" pubkey --passin fd:00 "$T/p256.key"
expect 0 "extract --index 0" -- "$OTAIMG" extract "$T/a.ota" --tag 0 --index 0 -o "$W/x"
rm -f "$W/x" "$W/y"
no_temp "$W" "options and numbers"

# ---- item 14: a file name that is not UTF-8; bidi and C1 controls ----
BADNAME=$(printf 'bad\377name.ota')
cp "$T/a.ota" "$W/$BADNAME"
expect 0 "inspect --json of a non-UTF-8 name" -- "$OTAIMG" inspect --json "$W/$BADNAME"
contains "$T/out" "$(printf '"file": "%s/bad\357\277\275name.ota"' "$W")" "the name with U+FFFD"
contains "$T/out" "\"file_hex\": \"$(printf '%s/bad\377name.ota' "$W" | od -An -tx1 | tr -d ' \n')\"" \
	"file_hex holds the exact bytes"
expect 2 "inspect --json of a missing non-UTF-8 name" -- "$OTAIMG" inspect --json "$W/missing$BADNAME"
contains "$T/out" '"file": ' "the error object has its file key"
contains "$T/out" '"file_hex": ' "and its file_hex"
expect 0 "inspect --json of a UTF-8 name" -- "$OTAIMG" inspect --json "$T/a.ota"
grep -q file_hex "$T/out" && bad "file_hex for a UTF-8 name" || ok "no file_hex for a UTF-8 name"
expect 0 "verify a non-UTF-8 name" -- "$OTAIMG" verify "$W/$BADNAME"
expect 0 "extract from and to non-UTF-8 names" -- "$OTAIMG" extract "$W/$BADNAME" --tag 0 -o "$W/$BADNAME.bin"
expect 0 "sign a non-UTF-8 name" -- "$OTAIMG" $SIGN -o "$W/$BADNAME.signed" "$W/$BADNAME"
expect 0 "cpl on a non-UTF-8 name" -- "$OTAIMG" cpl --json "$W/$BADNAME" --hw 01/00
rm -f "$W/$BADNAME" "$W/$BADNAME.bin" "$W/$BADNAME.signed"
RLO=$(printf 'ab\342\200\256cd')
C1=$(printf 'x\302\205y')
ISO=$(printf 'i\342\201\246j\330\234k')
"$OTAIMG" create -m 1 -t 2 -v 3 -s "$RLO" -o "$W/rlo.ota" "$T/payload.bin"
expect 0 "inspect a header string with U+202E" -- "$OTAIMG" inspect "$W/rlo.ota"
contains "$T/out" '"ab...cd"' "U+202E shown as dots"
grep -q "$(printf '\342\200\256')" "$T/out" && bad "U+202E reached the terminal" || ok "no RLO in the text"
"$OTAIMG" create -m 1 -t 2 -v 3 -s "$C1" -o "$W/c1.ota" "$T/payload.bin"
expect 0 "inspect a header string with U+0085" -- "$OTAIMG" inspect "$W/c1.ota"
contains "$T/out" '"x..y"' "a C1 control shown as dots"
"$OTAIMG" create -m 1 -t 2 -v 3 -s "$ISO" -o "$W/iso.ota" "$T/payload.bin"
expect 0 "inspect --json: U+2066 and U+061C" -- "$OTAIMG" inspect --json "$W/iso.ota"
contains "$T/out" '"text": "i...j..k"' "isolates and the Arabic letter mark shown as dots"
rm -f "$W/rlo.ota" "$W/c1.ota" "$W/iso.ota"
"$OTAIMG" create -m 1 -t 2 -v 3 -s "$(printf 'caf\303\251 \342\202\254')" -o "$W/ok.ota" "$T/payload.bin"
"$OTAIMG" inspect "$W/ok.ota" >"$T/out"
contains "$T/out" "$(printf '"caf\303\251 \342\202\254"')" "ordinary UTF-8 stays"
rm -f "$W/ok.ota"

# ---- item 9: a signal during a write leaves no temporary file ----
# (timeout(1) starts the command with SIGINT at its default, which a
# background job of a script does not have.)
printf 'not ours' >"$W/.otaimg-decoy"
if command -v timeout >/dev/null 2>&1; then
	for sig in TERM INT HUP; do
		(sleep 3; cat "$T/payload.bin") |
			timeout -s $sig 1 "$OTAIMG" create -m 1 -t 2 -v 3 -o "$W/slow.ota" - 2>"$T/err"
		absent "$W/slow.ota" "create killed by SIG$sig"
		no_temp "$W" "create killed by SIG$sig"
	done
	(sleep 3; cat "$T/payload.bin") | timeout -s TERM 1 "$OTAIMG" $SIGN -o "$W/slow.ota" - 2>"$T/err"
	no_temp "$W" "sign from a slow pipe killed by SIGTERM"
fi
[ "$(cat "$W/.otaimg-decoy")" = "not ours" ] && ok "a file that is not ours stays" || bad "decoy removed"
expect 0 "a normal run beside it" -- "$OTAIMG" create -m 1 -t 2 -v 3 -o "$W/n.ota" "$T/payload.bin"
[ -f "$W/.otaimg-decoy" ] && ok "no sweep at start" || bad "decoy swept"
rm -f "$W/.otaimg-decoy" "$W/n.ota" "$W/slow.ota"

# ---- review: outputs never overwrite inputs (sign, create, cert issue) ----
cp "$T/ca.key" "$W/ca.key"
cp "$T/ca.pub" "$W/ca.pub"
cp "$T/a.ota" "$W/in.ota"
expect 2 "sign -o the --ca key file" -- "$OTAIMG" sign --key "$T/dev.key" --cert "$T/dev.cert" \
	--ca "$W/ca.key" -o "$W/ca.key" "$T/a.ota"
cmp -s "$W/ca.key" "$T/ca.key" && ok "-o: the CA key survives sign" || bad "sign -o overwrote the CA key"
cp "$T/ca.key" "$W/ca.key"
expect 2 "sign --digest-out the --ca key file" -- "$OTAIMG" sign --key "$T/dev.key" --cert "$T/dev.cert" \
	--ca "$W/ca.key" --digest-out "$W/ca.key" -o "$W/s.ota" "$T/a.ota"
cmp -s "$W/ca.key" "$T/ca.key" && ok "the CA key survives sign" || bad "sign overwrote the CA key"
expect 2 "sign --prepare --digest-out the input image" -- "$OTAIMG" sign --prepare --cert "$T/dev.cert" \
	--digest-out "$W/in.ota" -o "$W/p.ota" "$W/in.ota"
cmp -s "$W/in.ota" "$T/a.ota" && ok "the input image survives" || bad "--digest-out overwrote the input"
absent "$W/p.ota" "--digest-out the input refused"
expect 2 "sign -o and --digest-out one file" -- "$OTAIMG" $SIGN --digest-out "$W/s.ota" -o "$W/s.ota" "$T/a.ota"
expect 2 "sign -o and --digest-out one file by two names" -- "$OTAIMG" sign --prepare --cert "$T/dev.cert" \
	--digest-out "$W/./s.ota" -o "$W/s.ota" "$T/a.ota"
absent "$W/s.ota" "-o and --digest-out one file"
"$OTAIMG" sign --prepare --cert "$T/dev.cert" -o "$W/prep.ota" "$T/a.ota"
printf 'not a signature' >"$W/sig.der"
expect 2 "sign --signature-in -o the signature" -- "$OTAIMG" sign --signature-in "$W/sig.der" \
	--ca "$W/ca.pub" -o "$W/sig.der" "$W/prep.ota"
[ "$(cat "$W/sig.der")" = "not a signature" ] && ok "the signature file survives" || bad "signature overwritten"
expect 2 "sign --signature-in -o the --ca file" -- "$OTAIMG" sign --signature-in "$W/sig.der" \
	--ca "$W/ca.pub" -o "$W/ca.pub" "$W/prep.ota"
cmp -s "$W/ca.pub" "$T/ca.pub" && ok "the CA public key survives" || bad "CA public key overwritten"
mkdir "$W/tdd"
printf 'suite 1 %s\n' "$(cat "$T/ca.pub")" >"$W/tdd/a"
cp "$W/tdd/a" "$W/anchor"
expect 2 "sign -o a trust anchor" -- "$OTAIMG" sign --key "$T/dev.key" --cert "$T/dev.cert" \
	--trust-dir "$W/tdd" -o "$W/tdd/a" "$T/a.ota"
cmp -s "$W/tdd/a" "$W/anchor" && ok "the trust anchor survives" || bad "sign overwrote a trust anchor"
cp "$W/anchor" "$W/tdd/a"
expect 2 "sign -o a new file in the trust directory" -- "$OTAIMG" sign --key "$T/dev.key" \
	--cert "$T/dev.cert" --trust-dir "$W/tdd" -o "$W/tdd/new" "$T/a.ota"
absent "$W/tdd/new" "an output in the trust directory"
cp "$W/anchor" "$W/tdd/a"
expect 2 "sign -o a new file in the trust directory from OTAIMG_TRUST_DIR" -- env OTAIMG_TRUST_DIR="$W/tdd" \
	"$OTAIMG" sign --key "$T/dev.key" --cert "$T/dev.cert" -o "$W/tdd/new" "$T/a.ota"
absent "$W/tdd/new" "an output in the trust directory in use"
expect 0 "sign with that trust directory elsewhere" -- "$OTAIMG" sign --key "$T/dev.key" \
	--cert "$T/dev.cert" --trust-dir "$W/tdd" -o "$W/s.ota" "$T/a.ota"
rm -rf "$W/tdd" "$W/anchor" "$W/s.ota" "$W/prep.ota" "$W/sig.der" "$W/ca.key" "$W/ca.pub" "$W/in.ota"
# create reads every input before its output takes the name: in place works
cp "$T/payload.bin" "$W/p.bin"
expect 0 "create -o its payload" -- "$OTAIMG" create -m 1 -t 2 -v 3 -o "$W/p.bin" "$W/p.bin"
"$OTAIMG" extract "$W/p.bin" --tag 0 -o "$W/x.bin" && cmp -s "$W/x.bin" "$T/payload.bin" &&
	ok "create in place holds the whole payload" || bad "create in place lost its payload"
cp "$T/payload.bin" "$W/t.bin"
expect 0 "create -o a --tag input" -- "$OTAIMG" create -m 1 -t 2 -v 3 --tag 0xF000="$W/t.bin" \
	-o "$W/t.bin" "$T/payload.bin"
"$OTAIMG" extract "$W/t.bin" --tag 0xF000 -o "$W/x.bin" && cmp -s "$W/x.bin" "$T/payload.bin" &&
	ok "create over a tag input holds the whole element" || bad "create over a tag input lost it"
rm -f "$W/p.bin" "$W/t.bin" "$W/x.bin"
# cert issue: NAME.cert a link to NAME.key would replace the new key with the certificate
ln -s two.key "$W/two.cert"
expect 2 "cert issue --force whose two outputs are one file" -- "$OTAIMG" cert issue --force --suite 1 \
	--ca "$T/ca.key" --subject 000D6F0000198B36 --issuer TESTLAB1 -o "$W/two"
absent "$W/two.key" "cert issue with one file for two"
rm -f "$W/two.cert"
echo secret >"$W/pw"
expect 2 "sign -o the --passin file" -- "$OTAIMG" $SIGN --passin file:"$W/pw" -o "$W/pw" "$T/a.ota"
[ "$(cat "$W/pw")" = secret ] && ok "sign left the passphrase file" || bad "sign overwrote the passphrase file"
cp "$W/pw" "$W/pw.key"
expect 2 "cert issue --force over the --passin file" -- "$OTAIMG" cert issue --force --suite 1 \
	--ca "$T/ca.key" --passin file:"$W/pw.key" --subject 000D6F0000198B36 --issuer TESTLAB1 -o "$W/pw"
[ "$(cat "$W/pw.key")" = secret ] && ok "cert issue left the passphrase file" ||
	bad "cert issue overwrote the passphrase file"
absent "$W/pw.cert" "cert issue over the --passin file"
rm -f "$W/pw" "$W/pw.key"
no_temp "$W" "outputs over inputs"

# ---- review: a FIFO output without a reader still ends on a signal ----
mkfifo "$W/ff"
for sig in INT TERM HUP; do
	timeout -k 3 -s $sig 1 "$OTAIMG" create -m 1 -t 2 -v 3 -o "$W/ff" "$T/payload.bin" 2>"$T/err"
	got=$?
	[ $got -eq 124 ] && ok "FIFO without a reader: SIG$sig ends create" ||
		bad "FIFO without a reader: SIG$sig did not end create (exit $got)"
done
timeout -k 3 -s TERM 1 "$OTAIMG" sign --prepare --cert "$T/dev.cert" --digest-out "$W/ff" \
	-o "$W/prep.ota" "$T/a.ota" 2>"$T/err"
got=$?
[ $got -eq 124 ] && ok "FIFO --digest-out without a reader: SIGTERM ends sign" ||
	bad "FIFO --digest-out: SIGTERM did not end sign (exit $got)"
absent "$W/prep.ota" "sign ended while its --digest-out FIFO waited"
no_temp "$W" "FIFO without a reader"
rm -f "$W/ff"

# ---- review: every terminating signal removes the temporary file ----
head -c 300000 /dev/urandom >"$T/big.bin"
(ulimit -f 10; exec "$OTAIMG" create -m 1 -t 2 -v 3 -o "$W/big.ota" "$T/big.bin") 2>"$T/err"
got=$?
[ $got -ne 0 ] && ok "create past ulimit -f fails (status $got)" || bad "create past ulimit -f succeeded"
absent "$W/big.ota" "create past ulimit -f (SIGXFSZ)"
no_temp "$W" "create past ulimit -f (SIGXFSZ)"
for sig in ALRM USR1 USR2; do
	(sleep 3; cat "$T/payload.bin") |
		timeout -s $sig 1 "$OTAIMG" create -m 1 -t 2 -v 3 -o "$W/slow.ota" - 2>"$T/err"
	absent "$W/slow.ota" "create killed by SIG$sig"
	no_temp "$W" "create killed by SIG$sig"
done
# (timeout(1) would reset it to its default: send it ourselves)
(sleep 2; cat "$T/payload.bin") | (trap '' USR1; exec "$OTAIMG" create -m 1 -t 2 -v 3 \
	-o "$W/slow.ota" - 2>"$T/err") &
job=$!
sleep 1
kill -USR1 $job 2>/dev/null
wait $job
[ -f "$W/slow.ota" ] && ok "SIGUSR1 ignored at start stays ignored" || bad "an ignored SIGUSR1 ended create"
rm -f "$W/slow.ota"

# ---- review: standard output on /dev/full leaves no file ----
full 2 "cert issue (the certificate is lost)" -- "$OTAIMG" cert issue --suite 1 --ca "$T/ca.key" \
	--subject 000D6F0000198B39 --issuer TESTLAB1 -o "$W/dev9"
absent "$W/dev9.key" "cert issue with stdout full: the key"
absent "$W/dev9.cert" "cert issue with stdout full: the certificate"
expect 0 "cert issue runs again afterwards" -- "$OTAIMG" cert issue --suite 1 --ca "$T/ca.key" \
	--subject 000D6F0000198B39 --issuer TESTLAB1 -o "$W/dev9"
rm -f "$W/dev9.key" "$W/dev9.cert"
mkdir "$W/sn"
full 2 "create --standard-name (the name is lost)" -- "$OTAIMG" create -m 1 -t 2 -v 3 --standard-name \
	-o "$W/sn" "$T/payload.bin"
[ -z "$(ls -A "$W/sn")" ] && ok "create --standard-name with stdout full: nothing written" ||
	bad "create --standard-name with stdout full left $(ls -A "$W/sn")"
rm -rf "$W/sn"

# ---- review: cert show statuses ----
head -c 20000 /dev/urandom >"$W/big.cert"
expect 1 "cert show of 20 KB that is no certificate" -- "$OTAIMG" cert show "$W/big.cert"
mkdir "$W/cdir"
expect 2 "cert show of a folder (an I/O error)" -- "$OTAIMG" cert show "$W/cdir"
rm -rf "$W/big.cert" "$W/cdir"

# ---- review: verify -q, the unchecked-signature hint, --passin fd:, -q -v ----
"$OTAIMG" $SIGN -o "$W/signed.ota" "$T/a.ota"
expect 1 "verify -q of an unchecked signature" -- "$OTAIMG" verify -q "$W/signed.ota"
[ "$(wc -l <"$T/err")" -eq 1 ] && ok "verify -q: the failure line only" || bad "verify -q printed $(wc -l <"$T/err") lines"
expect 1 "verify of an unchecked Smart Energy signature" -- "$OTAIMG" verify "$W/signed.ota"
contains "$T/err" "--ca KEY" "the hint names --ca"
grep -q -- "--supplier-cert" "$T/err" && bad "the hint names --supplier-cert for a Zigbee signature" ||
	ok "the hint does not name --supplier-cert for a Zigbee signature"
expect 1 "verify of an unchecked GBCS signature" -- "$OTAIMG" verify "$G"
contains "$T/err" "--supplier-cert" "the GBCS hint names --supplier-cert"
grep -q -- "--ca KEY" "$T/err" && bad "the hint names --ca for a GBCS signature" ||
	ok "the hint does not name --ca for a GBCS signature"
rm -f "$W/signed.ota"
expect 2 "pubkey --passin fd:99 (closed)" -- "$OTAIMG" pubkey --passin fd:99 "$T/p256.key"
contains "$T/err" "Bad file descriptor" "a closed --passin descriptor is said to be unreadable"
expect 2 "verify -q -v" -- "$OTAIMG" verify -q -v "$T/a.ota"
expect 2 "inspect --verbose --quiet" -- "$OTAIMG" inspect --verbose --quiet "$T/a.ota"
contains "$T/err" "give one or the other" "-q and -v: the reason"

# ---- no stray files anywhere ----
no_temp "$W" "the whole run"
no_temp "$T" "the test folder"
left=$(ls -A "$W")
[ -z "$left" ] && ok "no stray outputs" || bad "stray files: $left"
# file names in text output: controls, C1, bidi controls and non-UTF-8 bytes
# are escaped, on standard output and on standard error
EVIL=$(printf 'e\033[2Jf\342\200\256g\302\233h\377.ota')
cp "$T/a.ota" "$W/$EVIL"
for cmd in "verify" "inspect" "verify --ca test" "verify -v" "extract --tag 0x9999 -o $W/none"; do
	# shellcheck disable=SC2086 # the command's words
	"$OTAIMG" $cmd "$W/$EVIL" >"$T/out" 2>"$T/err"
	if od -An -c "$T/out" "$T/err" | grep -q '033' ||
		grep -q "$(printf '\342\200\256')" "$T/out" "$T/err" ||
		grep -q "$(printf '\302\233')" "$T/out" "$T/err"; then
		bad "$cmd: a raw control, C1 or bidi character reached the terminal"
	else
		ok "$cmd: the file name is escaped"
	fi
done
contains "$T/err" 'e\x1B[2Jf\u202Eg\u009Bh\xFF.ota' "the escapes are \\xNN and \\uXXXX"
rm -f "$W/$EVIL"
finish
