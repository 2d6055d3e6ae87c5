#!/bin/sh
# make check: replays the cfgmap fuzz target over its seed corpus.
exec "${top_srcdir:-.}/tests/fuzz/run-replay.sh" \
    "${top_builddir:-.}/tests/fuzz/fuzz_cfgmap" \
    "${top_srcdir:-.}/tests/fuzz/corpus/cfgmap"
