#!/bin/sh
# fuzz-long.sh [SECONDS] [TARGET...]: long libFuzzer runs, not part of
# make check (`make fuzz-long FUZZ_SECONDS=600`).  Needs a build made with
# `./configure CC=clang --enable-fuzzers`.  Each target runs SECONDS (600
# unless told) over its corpus in the tree, tests/fuzz/corpus/NAME, which
# keeps what the run finds (commit what is worth keeping); crashes land in
# tests/fuzz/crashes/.  The last lines print executions and coverage per
# target.
set -u
secs=${1:-600}
[ $# -gt 0 ] && shift
top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
top_builddir=${top_builddir:-$top_srcdir}
targets=$*
if [ -z "$targets" ]; then
	for f in "$top_srcdir"/tests/fuzz/fuzz_*.c; do
		targets="$targets $(basename "$f" .c)"
	done
fi
mkdir -p "$top_srcdir/tests/fuzz/crashes"
summary=""
rc=0
for t in $targets; do
	bin="$top_builddir/tests/fuzz/$t"
	corpus="$top_srcdir/tests/fuzz/corpus/${t#fuzz_}"
	if [ ! -x "$bin" ] || ! "$bin" -help=1 2>&1 | grep -q libFuzzer; then
		echo "fuzz-long: $bin is not a libFuzzer binary (configure" \
		    "CC=clang --enable-fuzzers)" >&2
		exit 2
	fi
	mkdir -p "$corpus"
	log="$top_builddir/tests/fuzz/$t.long.log"
	echo "== $t: $secs s over $corpus"
	"$bin" -max_total_time="$secs" -print_final_stats=1 \
	    -artifact_prefix="$top_srcdir/tests/fuzz/crashes/$t-" \
	    -max_len=65536 -rss_limit_mb=2048 "$corpus" >"$log" 2>&1 ||
	    { echo "$t: FAILED, see $log"; rc=1; }
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
	cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1)
	summary="$summary
$t: ${execs:-?} executions, ${cov:-cov: ?}, corpus $(ls "$corpus" | wc -l) files"
done
echo "$summary"
exit $rc
