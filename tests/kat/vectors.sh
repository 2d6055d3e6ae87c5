#!/bin/sh
# make check: tests/kat must pass every case of every vector file in
# $SHARED_DIR/vectors/ and print its "N passed, 0 failed" summary last.
dir="${SHARED_DIR:-}/vectors"
if [ -z "${SHARED_DIR:-}" ] || [ ! -d "$dir" ]; then
	echo "SKIP: no vector folder ($dir)"
	exit 77
fi
set -- "$dir"/*.json
if [ ! -e "$1" ]; then
	echo "SKIP: no *.json in $dir"
	exit 77
fi
out=$("${top_builddir:-.}/tests/kat/kat" "$@")
rc=$?
printf '%s\n' "$out"
last=$(printf '%s\n' "$out" | tail -n 1)
if ! printf '%s\n' "$last" | grep -Eq '^[1-9][0-9]* passed, 0 failed$'; then
	echo "kat-vectors: expected 'N passed, 0 failed', got '$last'"
	exit 1
fi
[ "$rc" -eq 0 ] || { echo "kat-vectors: exit status $rc"; exit 1; }
exit 0
