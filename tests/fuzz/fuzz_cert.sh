#!/bin/sh
# make check: replays the certificate fuzz target over its seed corpus.
exec "${top_srcdir:-.}/tests/fuzz/run-replay.sh" \
    "${top_builddir:-.}/tests/fuzz/fuzz_cert" \
    "${top_srcdir:-.}/tests/fuzz/corpus/cert"
