#!/bin/sh
# make check: replays the esp_decap fuzz target over its seed corpus.
exec "${top_srcdir:-.}/tests/fuzz/run-replay.sh" \
    "${top_builddir:-.}/tests/fuzz/fuzz_esp_decap" \
    "${top_srcdir:-.}/tests/fuzz/corpus/esp_decap"
