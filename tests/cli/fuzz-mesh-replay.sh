#!/bin/sh
# Replay the Mesh DFU fuzz harness (fuzz/fuzz_mesh.c, with its round-trip
# oracles) over its seed corpus and every input it ever crashed on.
set -u
src=${top_srcdir:-.}
exec "${top_builddir:-.}/fuzz/replay_mesh" "$src"/fuzz/corpus-mesh/*
