#!/bin/sh
# make check: replays the live shows' renderer fuzz target over its corpus.
exec "${top_srcdir:-.}/tests/fuzz/run-replay.sh" \
    "${top_builddir:-.}/tests/fuzz/fuzz_show_json" \
    "${top_srcdir:-.}/tests/fuzz/corpus/show_json"
