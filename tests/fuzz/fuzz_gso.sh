#!/bin/sh
# make check: replays the gso fuzz target over its seed corpus.
exec "${top_srcdir:-.}/tests/fuzz/run-replay.sh" \
    "${top_builddir:-.}/tests/fuzz/fuzz_gso" \
    "${top_srcdir:-.}/tests/fuzz/corpus/gso"
