#!/bin/sh
# polish.sh - the CLI polish of issue 9 item 7: help for every command,
# the nearest-command suggestion, otaimg-CMD: on every standard-error line,
# -q/-v on every command, verify --json, bash completion.
. "$(dirname "$0")/lib.sh"
INNR="$REAL/Innr__1166-0128-24011511-RS_226_v2-upgradeMe.ota"
DEV="$REAL/Develco__ZR_Smartplug_SSIG_3.12.16.zigbee"
NOTOTA="$REAL/Koenkk-tests__not-a-valid-file.ota"
CMDS="create inspect verify extract edit sign cert keygen pubkey hash cpl change-header version mesh ocf"

# prefixed CMD FILE DESC: every line of FILE starts with otaimg-CMD:
prefixed() {
	if [ -s "$2" ] && ! grep -qv "^otaimg-$1: " "$2"; then ok "$3"; else
		bad "$3: a line without 'otaimg-$1: '"; grep -v "^otaimg-$1: " "$2" | sed 's/^/#   /' | head -3; fi
}

for c in $CMDS; do
	expect 0 "otaimg help $c" -- "$OTAIMG" help "$c"
	cp "$T/out" "$T/help"
	contains "$T/help" "options:" "help $c lists the options"
	contains "$T/help" "--help" "help $c lists --help"
	contains "$T/help" "--quiet" "help $c lists --quiet"
	contains "$T/help" "--verbose" "help $c lists --verbose"
	expect 0 "otaimg $c --help" -- "$OTAIMG" "$c" --help
	if cmp -s "$T/out" "$T/help"; then ok "$c --help is otaimg help $c"; else bad "$c --help differs"; fi
	expect 2 "$c with a bad option" -- "$OTAIMG" "$c" --no-such-option
	prefixed "$c" "$T/err" "$c: bad option lines are prefixed"
	expect 0 "$c -q --help" -- "$OTAIMG" "$c" -q --help
	expect 0 "$c --verbose --help" -- "$OTAIMG" "$c" --verbose --help
done
# the options help lists are the ones the program takes
expect 0 "create help" -- "$OTAIMG" help create
contains "$T/out" "--max-input MAX_INPUT" "create help lists --max-input"
expect 0 "cert help" -- "$OTAIMG" help cert
contains "$T/out" "--passin PASSIN" "cert help lists --passin"

# unknown commands
expect 2 "unknown command" -- "$OTAIMG" inspekt x.ota
contains "$T/err" "otaimg: unknown command 'inspekt'; did you mean 'inspect'?" "suggests inspect"
expect 2 "unknown command far from all" -- "$OTAIMG" zzzzzzzz
contains "$T/err" "otaimg: unknown command 'zzzzzzzz'; 'otaimg help' lists the commands" "no suggestion"
expect 2 "help for an unknown command" -- "$OTAIMG" help vrify
contains "$T/err" "did you mean 'verify'?" "help suggests verify"
expect 0 "otaimg help" -- "$OTAIMG" help
contains "$T/out" "otaimg help <command>" "otaimg help lists the commands"

# a bad file, and a file that is not an OTA file: every error line prefixed
run_bad() {
	c=$1
	shift
	"$OTAIMG" "$c" "$@" >/dev/null 2>"$T/err"
	st=$?
	if [ "$st" -ne 0 ]; then ok "$c $* fails (exit $st)"; else bad "$c $* exits 0"; fi
	prefixed "$c" "$T/err" "$c $*: error lines are prefixed"
}
run_bad create -m 1 -t 1 -v 1 -o "$T/o.ota" "$T/missing"
run_bad inspect "$T/missing" "$NOTOTA"
run_bad verify "$T/missing" "$NOTOTA" "$DEV"
run_bad extract "$NOTOTA" --tag 0 -o "$T/x"
contains "$T/err" "(OTA_E_BAD_MAGIC)" "extract's error line names the error as verify's does"
run_bad sign --key "$T/missing" --cert "$T/missing" -o "$T/s.ota" "$INNR"
run_bad cert show "$NOTOTA"
run_bad keygen --type p256 -o "$T/no/such/dir/k"
run_bad pubkey "$NOTOTA"
run_bad hash --gbcs "$NOTOTA"
run_bad cpl "$NOTOTA" --hw 01/02
run_bad keygen
run_bad verify
# getopt's own messages for cert's subcommands (they started with "ca:", "-q:")
run_bad cert -q --nosuch
run_bad cert issue -q --nosuch
run_bad cert ca -q -o "$T/k" --nosuch

# -q and -v
expect 0 "verify -q" -- "$OTAIMG" verify -q "$INNR"
[ ! -s "$T/out" ] && [ ! -s "$T/err" ] && ok "verify -q prints nothing" || bad "verify -q printed"
expect 0 "verify -v" -- "$OTAIMG" verify -v "$INNR"
contains "$T/out" "integrity code 877EC1B278B0B88DBE608B1454B52C2A" "verify -v prints the integrity code"
expect 1 "inspect -q on a bad file still reports the error" -- "$OTAIMG" inspect -q "$NOTOTA"
contains "$T/err" "OTA_E_BAD_MAGIC" "the error line stays"

# verify --json
expect 1 "verify --json" -- "$OTAIMG" verify --json "$INNR" "$DEV"
[ ! -s "$T/err" ] && ok "verify --json: nothing on standard error" || bad "verify --json wrote to stderr"
if python3 - "$T/out" <<'PY'
import json, sys
a = json.load(open(sys.argv[1]))
assert len(a) == 2, a
i, d = a
assert i["schema"] == 1 and i["ok"] is True and i["error"] is None, i
assert i["file"].endswith("Innr__1166-0128-24011511-RS_226_v2-upgradeMe.ota")
assert i["format"] == "zigbee-ota" and i["protected"] is True
assert i["integrity_code"] == {"result": "match", "stored": "877EC1B278B0B88DBE608B1454B52C2A",
                               "computed": "877EC1B278B0B88DBE608B1454B52C2A"}, i
assert i["signature"] is None and i["diagnostics"] == []
assert d["ok"] is False and d["protected"] is False
e = d["error"]
assert e["code"] == "OTA_E_DIGEST" and e["value"] == -13 and e["offset"] == 181142, e
assert "181142" in e["message"] and e["text"] == "integrity code does not match"
assert d["integrity_code"]["result"] == "mismatch"
assert d["integrity_code"]["stored"] == "83D77F0F166F955B9EACFEA3BD10C551"
PY
then ok "verify --json: Innr verifies, Develco OTA_E_DIGEST at 181142"; else bad "verify --json fields"; fi
expect 2 "verify --json, a missing file" -- "$OTAIMG" verify --json "$T/missing"
if python3 -c 'import json,sys; o=json.load(open(sys.argv[1]))[0]; assert o["error"]["code"]=="OTA_E_IO" and "format" not in o' "$T/out"; then
	ok "verify --json: a missing file is OTA_E_IO"; else bad "verify --json: missing file"; fi
expect 2 "verify --json with no file" -- "$OTAIMG" verify --json

# bash completion
comp="${top_srcdir:-.}/completions/otaimg.bash"
if command -v bash >/dev/null 2>&1; then
	if bash -n "$comp"; then ok "completion: bash -n"; else bad "completion: syntax"; fi
	got=$(bash -c '. "$1"; COMP_WORDS=("$2" inspe); COMP_CWORD=1; _otaimg; echo "${COMPREPLY[*]}"' x "$comp" "$OTAIMG")
	[ "$got" = inspect ] && ok "completion: commands" || bad "completion: commands gave '$got'"
	got=$(bash -c '. "$1"; COMP_WORDS=("$2" verify --js); COMP_CWORD=2; _otaimg; echo "${COMPREPLY[*]}"' x "$comp" "$OTAIMG")
	[ "$got" = --json ] && ok "completion: options from --help" || bad "completion: options gave '$got'"
	got=$(bash -c '. "$1"; COMP_WORDS=("$2" inspect --format g); COMP_CWORD=3; _otaimg; echo "${COMPREPLY[*]}"' x "$comp" "$OTAIMG")
	[ "$got" = gbcs ] && ok "completion: --format values" || bad "completion: --format gave '$got'"
fi
finish
