# lib.sh - helpers for the otaimg CLI tests (sourced).
set -u
: "${OTAIMG:?run through make check}"
: "${VECTORS:?run through make check}"
REAL="$VECTORS/zigbee/real"
T=$(mktemp -d "${TMPDIR:-/tmp}/otaimg-cli.XXXXXX")
trap 'rm -rf "$T"' EXIT
# An empty trust store: no test reads the installed one ($sysconfdir/otaimg/trust.d).
mkdir "$T/trust.d"
OTAIMG_TRUST_DIR="$T/trust.d"
export OTAIMG_TRUST_DIR
fails=0
passes=0

ok() { passes=$((passes + 1)); echo "ok - $*"; }
bad() { fails=$((fails + 1)); echo "not ok - $*"; }

# expect STATUS DESCRIPTION -- command...: run it, compare the exit status
expect() {
	want=$1 desc=$2
	shift 3
	"$@" >"$T/out" 2>"$T/err"
	got=$?
	if [ "$got" -eq "$want" ]; then ok "$desc (exit $got)"; else
		bad "$desc: exit $got, want $want"; sed 's/^/#   /' "$T/err" | head -5; fi
}

# contains FILE TEXT DESCRIPTION
contains() {
	if grep -qF -- "$2" "$1"; then ok "$3"; else bad "$3: '$2' not in $1"; sed 's/^/#   /' "$1" | head -5; fi
}

# flip FILE OFFSET: invert one byte in place
flip() {
	b=$(od -An -tu1 -j "$2" -N1 "$1" | tr -d ' ')
	printf "\\$(printf %03o $((b ^ 255)))" | dd of="$1" bs=1 seek="$2" conv=notrunc status=none
}

size() { wc -c <"$1" | tr -d ' '; }

finish() {
	echo "$passes passed, $fails failed"
	[ "$fails" -eq 0 ]
}

# le32 N: N as 4 little-endian bytes
le32() {
	printf "\\$(printf %03o $(($1 & 255)))\\$(printf %03o $(($1 >> 8 & 255)))"
	printf "\\$(printf %03o $(($1 >> 16 & 255)))\\$(printf %03o $(($1 >> 24 & 255)))"
}

# mk_ngis IMAGE OFFSET SIZE OUT: an IKEA NGIS container (64-byte container
# header whose fields say OFFSET and SIZE), the image, a 512-byte trailer
mk_ngis() {
	{ printf 'NGIS'; head -c 12 /dev/zero; le32 "$2"; le32 "$3"; head -c 40 /dev/zero
	  cat "$1"; head -c 512 /dev/zero | tr '\000' '\063'; } >"$4"
}
