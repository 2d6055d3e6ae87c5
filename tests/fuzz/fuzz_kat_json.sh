#!/bin/sh
# make check: replays the kat_json fuzz target over its seed corpus.
exec "${top_srcdir:-.}/tests/fuzz/run-replay.sh" \
    "${top_builddir:-.}/tests/fuzz/fuzz_kat_json" \
    "${top_srcdir:-.}/tests/fuzz/corpus/kat_json"
