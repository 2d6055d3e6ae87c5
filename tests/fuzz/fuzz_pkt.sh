#!/bin/sh
# make check: replays the pkt fuzz target over its seed corpus.
exec "${top_srcdir:-.}/tests/fuzz/run-replay.sh" \
    "${top_builddir:-.}/tests/fuzz/fuzz_pkt" \
    "${top_srcdir:-.}/tests/fuzz/corpus/pkt"
