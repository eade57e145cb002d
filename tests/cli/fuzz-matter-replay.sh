#!/bin/sh
# Replay the Matter OTA fuzz harness (fuzz/fuzz_matter.c: the TLV header
# parser with a re-encode round trip, memory and forward-only opens agreeing)
# over its seed corpus and every input it crashed on.
set -u
src=${top_srcdir:-.}
exec "${top_builddir:-.}/fuzz/replay_matter" "$src"/fuzz/corpus-matter/*
