#!/bin/sh
# make check: replays the cli_match fuzz target over its seed corpus.
exec "${top_srcdir:-.}/tests/fuzz/run-replay.sh" \
    "${top_builddir:-.}/tests/fuzz/fuzz_cli_match" \
    "${top_srcdir:-.}/tests/fuzz/corpus/cli_match"
