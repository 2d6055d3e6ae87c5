#!/bin/sh
# Runs one expect transcript test; skips (exit 77) where expect is missing.
[ -n "${EXPECT:-}" ] && [ -x "$EXPECT" ] || { echo "SKIP: expect not installed"; exit 77; }
exec "$EXPECT" -f "$1"
