#!/bin/sh
# make check: replays the ctl_proto fuzz target over its seed corpus.
exec "${top_srcdir:-.}/tests/fuzz/run-replay.sh" \
    "${top_builddir:-.}/tests/fuzz/fuzz_ctl_proto" \
    "${top_srcdir:-.}/tests/fuzz/corpus/ctl_proto"
