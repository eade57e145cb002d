#!/bin/sh
# Replay the Store Firmware OOB fuzz harness (fuzz/fuzz_checkresp.c: the
# check response parser and the Update URI check, with round-trip oracles)
# over its seed corpus and every input it crashed on.
set -u
src=${top_srcdir:-.}
exec "${top_builddir:-.}/fuzz/replay_checkresp" "$src"/fuzz/corpus-checkresp/*
