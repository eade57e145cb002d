#!/bin/sh
# Progress (issue 9 item 5, otaimg(1) PROGRESS): a line on a terminal's
# standard error for a job that has run over a second (at once with
# --progress), none with --no-progress, none for a short job, and nothing
# at all when standard error is not a terminal; other messages start on a
# clean line.  The terminal comes from script(1); the slow job is a pipe
# that stalls for a moment.
. "${top_srcdir:-.}/tests/cli/lib.sh"

truncate -s 8M "$T/pay.bin"
expect 0 "create an 8 MiB image with an integrity code" -- \
	"$OTAIMG" create -m 1 -t 2 -v 3 --integrity-code --tag 0="$T/pay.bin" -o "$T/img.ota"
head -c 5000000 "$T/img.ota" >"$T/cut.ota"
cat >"$T/slow.sh" <<EOS
#!/bin/sh
# slow FILE ARGS...: FILE through a pipe that stalls 1.5 s after 1 MiB
f=\$1
shift
(head -c 1048576 "\$f"; sleep 1.5; tail -c +1048577 "\$f") | "$OTAIMG" "\$@" -
EOS
chmod +x "$T/slow.sh"

# tty NAME COMMAND: run it under script(1), its output with \r as newlines
tty() {
	script -qc "$2" /dev/null </dev/null >"$T/$1.raw" 2>&1
	tr '\r' '\n' <"$T/$1.raw" >"$T/$1"
}

if ! command -v script >/dev/null 2>&1 || ! script -qc true /dev/null </dev/null >/dev/null 2>&1; then
	ok "skipped: no script(1) to give a terminal"
	finish
	exit $?
fi

tty slow "$T/slow.sh $T/img.ota verify"
contains "$T/slow" "otaimg-verify:" "a slow verify on a terminal: a progress line"
contains "$T/slow" "% (" "the line shows the percentage"
contains "$T/slow" "MiB of 8.0 MiB)" "and the bytes"
if grep -q '^-: OK' "$T/slow"; then ok "the result starts on a clean line"; else
	bad "the result is not at the start of a line"; od -c "$T/slow.raw" | tail -5 | sed 's/^/#   /'; fi

tty nop "$T/slow.sh $T/img.ota verify --no-progress"
if grep -q '%' "$T/nop"; then bad "--no-progress still drew a line"; else ok "--no-progress: no line"; fi
contains "$T/nop" "-: OK" "--no-progress: the result"

tty quick "$OTAIMG verify $T/img.ota"
if grep -q '%' "$T/quick"; then bad "a quick job drew a line"; else ok "a job under a second: no line"; fi

tty forced "$OTAIMG verify --progress $T/img.ota"
contains "$T/forced" "otaimg-verify:   0% (64.0 KiB of 8.0 MiB)" "--progress: a line at once"

tty cut "$T/slow.sh $T/cut.ota verify"
if grep -q '^otaimg-verify: -: offset 5000000: ' "$T/cut"; then
	ok "an error after the progress line starts on a clean line"
else
	bad "the error line was not at the start of a line"; sed 's/^/#   /' "$T/cut" | tail -3
fi

tty create "$OTAIMG create --progress -m 1 -t 2 -v 3 --tag 0=$T/pay.bin -o $T/c.ota"
contains "$T/create" "otaimg-create:" "create --progress: a line"
if [ -s "$T/c.ota" ]; then ok "create: the image"; else bad "create: no image"; fi
tty extract "$OTAIMG extract --progress --tag 0 -o $T/x.bin $T/img.ota"
contains "$T/extract" "otaimg-extract:" "extract --progress: a line"
if cmp -s "$T/x.bin" "$T/pay.bin"; then ok "extract: the data"; else bad "extract: wrong data"; fi

# not a terminal: nothing, even with --progress
"$T/slow.sh" "$T/img.ota" verify --progress >"$T/out" 2>"$T/err"
if [ -s "$T/err" ]; then bad "stderr not a terminal: got output"; sed 's/^/#   /' "$T/err" | head -3
else ok "stderr not a terminal: no progress, even with --progress"; fi
contains "$T/out" "-: OK" "the result on standard output"
finish
