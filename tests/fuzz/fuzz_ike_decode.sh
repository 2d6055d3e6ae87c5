#!/bin/sh
# make check: replays the IKE decoder fuzz target over its seed corpus.
exec "${top_srcdir:-.}/tests/fuzz/run-replay.sh" \
    "${top_builddir:-.}/tests/fuzz/fuzz_ike_decode" \
    "${top_srcdir:-.}/tests/fuzz/corpus/ike_decode"
