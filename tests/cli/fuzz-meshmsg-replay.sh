#!/bin/sh
# Replay the Mesh message fuzz harness (fuzz/fuzz_meshmsg.c, with its
# round-trip oracles) over its seed corpus and every input it crashed on.
set -u
src=${top_srcdir:-.}
exec "${top_builddir:-.}/fuzz/replay_meshmsg" "$src"/fuzz/corpus-meshmsg/*
