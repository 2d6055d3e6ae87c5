#!/bin/sh
# Program options: -f FILE, -c CMD (repeatable), --stop-on-error, --help,
# --version, exit statuses, stdin batch; a successful command never says
# "not found" (Ansible reads that as an error); --db and MGMTSEC_DB.
set -u
top_srcdir="${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}"
top_builddir="${top_builddir:-$top_srcdir}"
bin="$top_builddir/mgmtsec"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/mgmtsec-opt.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT INT TERM
fail=0
no() { echo "FAIL: $*"; fail=1; }

"$bin" --version | grep -q '^mgmtsec [0-9]' || no "--version"
"$bin" --help | grep -q -- '--stop-on-error' || no "--help"
"$bin" --frobnicate >/dev/null 2>&1; [ $? -eq 2 ] || no "bad option: status 2"
"$bin" -f a -c b >/dev/null 2>&1; [ $? -eq 2 ] || no "-f with -c: status 2"
"$bin" -f "$tmp/none" --db "$tmp/x.db" 2> "$tmp/err"; [ $? -eq 1 ] || no "-f missing file"
grep -q '^% Cannot open' "$tmp/err" || no "-f missing file: message"

# -f FILE, and a failed line gives status 1 but the rest still runs.
printf 'configure\nhostname r1\nbogus line\ncommit\nend\n' > "$tmp/in.txt"
"$bin" --no-timestamp --db "$tmp/a.db" -f "$tmp/in.txt" > "$tmp/out" 2> "$tmp/err"
[ $? -eq 1 ] || no "-f with a bad line: status 1"
grep -q '^% line 3: Invalid input' "$tmp/err" || no "-f: % line 3 on stderr"
[ "$("$bin" --db "$tmp/a.db" --no-timestamp -c 'show running-config hostname')" = "hostname r1" ] ||
	no "-f: the commit after the bad line ran"

# --stop-on-error stops at the first failing line.
printf 'configure\nhostname r2\nbogus line\ncommit\nend\n' |
	"$bin" --no-timestamp --db "$tmp/b.db" --stop-on-error > "$tmp/out" 2> "$tmp/err"
[ $? -eq 1 ] || no "--stop-on-error: status 1"
grep -q 'Uncommitted changes were discarded' "$tmp/err" || no "--stop-on-error: discarded"
"$bin" --db "$tmp/b.db" --no-timestamp -c 'show running-config hostname' | grep -q 'No such configuration' ||
	no "--stop-on-error: nothing committed"

# -c, repeated, in order; status 0 when all work.
"$bin" --no-timestamp --db "$tmp/c.db" -c configure -c 'hostname r3' -c commit -c end
[ $? -eq 0 ] || no "-c: status 0"
MGMTSEC_DB="$tmp/c.db" "$bin" --no-timestamp -c 'show running-config hostname' | grep -q 'hostname r3' ||
	no "MGMTSEC_DB selects the database"
[ "$(stat -c %a "$tmp/c.db")" = 600 ] || no "database mode 0600"

# Timestamps by default, in batch too.
"$bin" --db "$tmp/c.db" -c 'show running-config hostname' | head -1 |
	grep -Eq '^[A-Z][a-z]{2} [A-Z][a-z]{2} [ 1-3][0-9] [0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3} [A-Z]+$' ||
	no "timestamp line"

# No successful output says "not found".
{ cat "$top_srcdir/tests/seed/router1.cli"
  printf 'show running-config\nshow running-config interface\nshow configuration commit list\nshow configuration commit list 3 detail\nshow configuration commit changes last 2\nshow configuration rollback changes last 1\nshow version\nshow configuration sessions\nconfigure\nshow\nshow configuration merge\nshow commit changes diff\nend\n'
} | "$bin" --no-timestamp --db "$tmp/d.db" > "$tmp/out" 2>&1
[ $? -eq 0 ] || { no "seed and shows: status"; cat "$tmp/out"; }
if grep -i 'not found' "$tmp/out"; then no "'not found' in successful output"; fi
# show version in the layout automation parses (Ansible's cisco.iosxr:
# `Version (\S+)$` and `^cisco (.+) \(\) processor`; `uptime is`), and
# through `| utility head -n 20` as Ansible sends it.
"$bin" --db "$tmp/c.db" --no-timestamp -c 'show version | utility head -n 20' \
    >"$tmp/ver" 2>&1 || no "show version | utility head -n 20"
head -1 "$tmp/ver" | grep -Eq '^Cisco IOS XR Software, Version 7\.8\.1$' ||
    no "show version: first line"
grep -Eq '^cisco .+ \(\) processor' "$tmp/ver" || no "show version: processor"
grep -Eq '^r3 uptime is [0-9]+ days?, [0-9]+ hours?, [0-9]+ minutes?$' \
    "$tmp/ver" || no "show version: uptime line"
grep -q 'not Cisco software' "$tmp/ver" || no "show version: says what it is"
exit $fail
