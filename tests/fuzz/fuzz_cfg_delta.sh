#!/bin/sh
# make check: replays the cfg_delta fuzz target over its seed corpus.
exec "${top_srcdir:-.}/tests/fuzz/run-replay.sh" \
    "${top_builddir:-.}/tests/fuzz/fuzz_cfg_delta" \
    "${top_srcdir:-.}/tests/fuzz/corpus/cfg_delta"
