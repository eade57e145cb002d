#!/bin/sh
# README quick start, command 1: install what is missing (Debian 12), build,
# and run the main job on bundled sample data: create an image, inspect it,
# verify it.  Run as root or with sudo available.  CONFIGURE_FLAGS adds
# configure options (CI passes --enable-werror).
set -eu
cd "$(dirname "$0")/.."

PKGS="build-essential autoconf automake libtool pkg-config libssl-dev zlib1g-dev \
libarchive-dev libjansson-dev libcbor-dev libcurl4-openssl-dev check mandoc openssl python3"
missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
		missing="$missing $p"
done
if [ -n "$missing" ]; then
	echo "quickstart: installing:$missing"
	if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
	$SUDO apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing
fi

./bootstrap
# shellcheck disable=SC2086
./configure ${CONFIGURE_FLAGS:-}
make -j"$(nproc)"

echo
echo "== create: examples/sample-payload.bin -> sample.ota"
tools/otaimg create -m 0x1234 -t 0x0042 -v 01:00:00:07 -s "libotaimg sample" \
	--hw-min 0x0100 --hw-max 0x01FF --integrity-code -o sample.ota examples/sample-payload.bin
echo "== inspect sample.ota"
tools/otaimg inspect sample.ota
echo "== verify sample.ota"
tools/otaimg verify sample.ota
