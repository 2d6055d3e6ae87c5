#!/bin/sh
# make check: replays the engine fuzz target over its seed corpus.
exec "${top_srcdir:-.}/tests/fuzz/run-replay.sh" \
    "${top_builddir:-.}/tests/fuzz/fuzz_engine" \
    "${top_srcdir:-.}/tests/fuzz/corpus/engine"
