#!/bin/sh
# Usage (from make check): run-replay.sh TARGET CORPUS-DIR
# Replays a fuzz target over its seed corpus; with --enable-fuzzers the
# target is a libFuzzer binary and runs the corpus with -runs=0.
target="$1"; corpus="$2"
[ -d "$corpus" ] || { echo "SKIP: no corpus $corpus"; exit 77; }
if "$target" -help=1 2>&1 | grep -q libFuzzer; then
	exec "$target" -runs=0 "$corpus"
fi
exec "$target" "$corpus"
