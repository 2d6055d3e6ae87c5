#!/bin/sh
# Runs one batch transcript: tests/cli/NAME.in is piped into
# `mgmtsec --no-timestamp` on a fresh database in a fresh folder (also
# the working directory, for load/save), and what it prints (stdout and
# stderr, in order) plus its exit status is compared with NAME.out.
#
# In a .in file, a line "@include PATH" (PATH from the top of the source
# tree) is replaced by that file's lines.  Output that changes from run to
# run is normalised: dates become DATE, the user running the test USER,
# the temporary folder TMP.
#
# MGMTSEC_REGEN=1 writes NAME.out from the run instead of comparing.
set -u
in="$1"
top_srcdir="${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}"
top_builddir="${top_builddir:-$top_srcdir}"
case "$in" in /*) ;; *) in="$(pwd)/$in" ;; esac
exp="${in%.in}.out"
bin="$top_builddir/mgmtsec"
[ -x "$bin" ] || { echo "mgmtsec not built"; exit 99; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/mgmtsec-cli.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT INT TERM

expand() {
	while IFS= read -r l || [ -n "$l" ]; do
		case "$l" in
		@include\ *) cat "$top_srcdir/${l#@include }" ;;
		*) printf '%s\n' "$l" ;;
		esac
	done < "$1"
}
expand "$in" > "$tmp/input"
user=$(id -un)
(cd "$tmp" && MGMTSEC_DB= timeout 120 "$bin" --no-timestamp \
	--db "$tmp/config.db" < "$tmp/input" > "$tmp/raw" 2>&1
	echo "[exit $?]" >> "$tmp/raw")
# Dates (commit list, headers) and the user; the commit list keeps its
# columns by padding the replacements like the originals.
sed -E \
	-e "s#$tmp#TMP#g" \
	-e 's/[A-Z][a-z]{2} [A-Z][a-z]{2} [ 0-9][0-9] [0-9]{2}:[0-9]{2}:[0-9]{2} [0-9]{4}/DATE/g' \
	-e "s/^(!! Last configuration change at DATE by ).*/\\1USER/" \
	-e "s/^([0-9]+ +[^ ]+ +)$user( +)/\\1USER\\2/" \
	-e "s/(UserId: +)$user /\\1USER /" \
	-e "s/^( +User: +)$user( +)/\\1USER\\2/" \
	"$tmp/raw" > "$tmp/actual"
if [ "${MGMTSEC_REGEN:-}" = 1 ]; then
	cp "$tmp/actual" "$exp"
	exit 0
fi
[ -f "$exp" ] || { echo "missing $exp"; cat "$tmp/actual"; exit 1; }
diff -u "$exp" "$tmp/actual"
