#!/bin/sh
# Replay the OCF fuzz harness (fuzz/fuzz_ocf.c, with its round-trip
# oracles) over its seed corpus and every input it crashed on.
set -u
src=${top_srcdir:-.}
exec "${top_builddir:-.}/fuzz/replay_ocf" "$src"/fuzz/corpus-ocf/*
