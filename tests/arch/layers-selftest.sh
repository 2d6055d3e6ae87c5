#!/bin/sh
# make check: the architecture test must catch every forbidden arrow it
# knows (a planted include of each kind in a copy of the tree).
exec sh "$(dirname "$0")/layers.sh" --self-test
