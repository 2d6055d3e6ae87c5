#!/bin/sh
# Two configuration sessions on one database: session A (a batch shell
# fed through a FIFO, one step at a time) and session B (mgmtsec -c).
#  - B commits while A has changes: A's commit prints the IOS XR conflict
#    warning and asks; "no" commits nothing, "yes" commits.
#  - A holds `configure exclusive`: B's commit is refused naming A, and
#    B cannot take the exclusive lock either; once A ends, B commits.
set -u
top_srcdir="${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}"
top_builddir="${top_builddir:-$top_srcdir}"
bin="$top_builddir/mgmtsec"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/mgmtsec-conc.XXXXXX") || exit 99
apid=
cleanup() {
	exec 3>&- 2>/dev/null
	[ -n "$apid" ] && kill "$apid" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT INT TERM
db="$tmp/config.db"
fail=0
n=0

mkfifo "$tmp/a.fifo" || exit 99
"$bin" --no-timestamp --db "$db" < "$tmp/a.fifo" > "$tmp/a.out" 2>&1 &
apid=$!
exec 3> "$tmp/a.fifo"

# a LINE...: sends lines to A, then waits (at most 20 s) until A has
# handled them: an unknown word makes A echo it back.
a() {
	for l in "$@"; do
		printf '%s\n' "$l" >&3
	done
	n=$((n + 1))
	printf 'sync-marker-%d\n' "$n" >&3
	i=0
	while ! grep -q "^sync-marker-$n\$" "$tmp/a.out"; do
		i=$((i + 1))
		if [ $i -gt 200 ]; then
			echo "FAIL: session A stopped answering"; cat "$tmp/a.out"
			exit 1
		fi
		sleep 0.1
	done
}
b() {
	"$bin" --no-timestamp --db "$db" "$@" > "$tmp/b.out" 2>&1
}
check() {	# FILE TEXT
	if ! grep -qF -- "$2" "$1"; then
		echo "FAIL: no '$2' in $(basename "$1"):"; cat "$1"; fail=1
	fi
}
hostname() {
	"$bin" --no-timestamp --db "$db" -c 'show running-config hostname'
}

# Conflict warning.
a configure 'hostname fromA'
b -c configure -c 'hostname fromB' -c commit -c end
[ "$(hostname)" = "hostname fromB" ] || { echo "FAIL: B did not commit"; fail=1; }
a commit no
check "$tmp/a.out" "One or more commits have occurred from other configuration sessions since this session started or since the last commit was made from this session. You can use the 'show configuration commit changes' command to browse the changes."
check "$tmp/a.out" "Do you wish to proceed with this commit anyway? [no]:no"
[ "$(hostname)" = "hostname fromB" ] || { echo "FAIL: A committed after no"; fail=1; }
a commit yes
check "$tmp/a.out" "Do you wish to proceed with this commit anyway? [no]:yes"
[ "$(hostname)" = "hostname fromA" ] || { echo "FAIL: A did not commit after yes"; fail=1; }
a end

# configure exclusive.
a 'configure exclusive' 'hostname exclusiveA'
b -c configure -c 'hostname lockedB' -c commit -c end
[ $? -ne 0 ] || { echo "FAIL: B's commit succeeded under a lock"; fail=1; }
check "$tmp/b.out" "% "
grep -i -q "exclusive\|lock" "$tmp/b.out" || { echo "FAIL: B's message does not say why:"; cat "$tmp/b.out"; fail=1; }
cp "$tmp/b.out" "$tmp/b-locked.out"
b -c 'configure exclusive'
[ $? -ne 0 ] || { echo "FAIL: second exclusive session allowed"; fail=1; }
grep -i -q "exclusive\|lock" "$tmp/b.out" || { echo "FAIL: exclusive refusal does not say why:"; cat "$tmp/b.out"; fail=1; }
[ "$(hostname)" = "hostname fromA" ] || { echo "FAIL: running changed under the lock"; fail=1; }
a commit end
[ "$(hostname)" = "hostname exclusiveA" ] || { echo "FAIL: A's exclusive commit"; fail=1; }
b -c configure -c 'hostname afterB' -c commit -c end || { echo "FAIL: B after the lock"; cat "$tmp/b.out"; fail=1; }
[ "$(hostname)" = "hostname afterB" ] || { echo "FAIL: B did not commit after the lock"; fail=1; }

exec 3>&-
i=0
while kill -0 "$apid" 2>/dev/null; do
	i=$((i + 1)); [ $i -gt 100 ] && { echo "FAIL: A did not exit"; fail=1; break; }
	sleep 0.1
done
apid=
if [ $fail -ne 0 ] || [ -n "${VERBOSE_CONC:-}" ]; then
	echo "--- session A"; cat "$tmp/a.out"
	echo "--- session B under the lock"; cat "$tmp/b-locked.out"
fi
exit $fail
