#!/bin/sh
# Replay the fuzz harness (with its oracles) over the fuzz corpus and the
# vectors: every input that ever mattered keeps being checked.
set -u
src=${top_srcdir:-.}
"${top_builddir:-.}/fuzz/replay_certs" "$src"/fuzz/corpus-certs/* || exit 1
"${top_builddir:-.}/fuzz/replay_archive" "$src"/fuzz/corpus-archive/* "$src"/tests/vectors/mesh/*.zip || exit 1
"${top_builddir:-.}/fuzz/replay_mcuboot" "$src"/fuzz/corpus-mcuboot/* "$src"/tests/vectors/mcuboot/*.bin ||
	exit 1
exec "${top_builddir:-.}/fuzz/replay" "$src"/fuzz/corpus/* "$src"/tests/vectors/zigbee/real/* \
	"$src"/tests/vectors/zigbee/samples/* "$src"/tests/vectors/gbcs/*.bin
