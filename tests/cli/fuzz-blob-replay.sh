#!/bin/sh
# Replay the BLOB transfer engine fuzz harness (fuzz/fuzz_blob.c: message
# sequences to a server and a client, the missing-chunk codec) over its seed
# corpus and every input it crashed on.
set -u
src=${top_srcdir:-.}
exec "${top_builddir:-.}/fuzz/replay_blob" "$src"/fuzz/corpus-blob/*
