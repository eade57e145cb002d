#!/bin/sh
# Replay the option-parser fuzz harness (with its oracles) over its corpus.
set -u
src=${top_srcdir:-.}
exec "${top_builddir:-.}/fuzz/replay_cli" "$src"/fuzz/corpus-cli/*
