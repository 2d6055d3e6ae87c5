#!/bin/sh
# make check: replays the ssh_cmd fuzz target over its seed corpus.
exec "${top_srcdir:-.}/tests/fuzz/run-replay.sh" \
    "${top_builddir:-.}/tests/fuzz/fuzz_ssh_cmd" \
    "${top_srcdir:-.}/tests/fuzz/corpus/ssh_cmd"
