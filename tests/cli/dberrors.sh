#!/bin/sh
# Databases that must not be taken as they are, and the texts that say
# why and what to do, compared as a transcript (tests/cli/dberrors.out,
# the temporary folder written as TMP): a zero-byte file and an SQLite
# file without tables are refused and left untouched (unless --new asks
# for a new database), a damaged file and one that is no database name
# the way back, and a user who may not open the database is told so and
# told who may.  The daemon refuses the empty file too.  Both programs
# refuse, name the damage and the way back, and leave the file as it is,
# for a flipped octet in the header, in a row's value and in a page's
# header, a file truncated to half and a -wal from another database.
set -u
top_srcdir="${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}"
top_builddir="${top_builddir:-$top_srcdir}"
bin="$top_builddir/mgmtsec"
dmn="$top_builddir/mgmtsecd/mgmtsecd"
want="$top_srcdir/tests/cli/dberrors.out"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/mgmtsec-dberr.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT INT TERM
command -v sqlite3 >/dev/null 2>&1 || { echo "SKIP: needs sqlite3"; exit 77; }
fail=0
no() { echo "FAIL: $*"; fail=1; }
out="$tmp/transcript"
: >"$out"
# case NAME ARGS...: the command's status and stderr into the transcript.
case_() {
	name=$1
	shift
	"$@" >/dev/null 2>"$tmp/err"
	rc=$?
	{
		echo "## $name (exit $rc)"
		sed "s|$tmp|TMP|g" "$tmp/err"
	} >>"$out"
}
sum() { cksum <"$1"; }

: >"$tmp/empty.db"
chmod 600 "$tmp/empty.db"
case_ "zero-byte database" "$bin" --db "$tmp/empty.db" -c 'show running-config'
[ "$(stat -c %s "$tmp/empty.db")" = 0 ] || no "zero-byte file touched"
[ ! -e "$tmp/empty.db-wal" ] || no "zero-byte file got a -wal"

sqlite3 "$tmp/bare.db" 'PRAGMA user_version = 0; VACUUM;'
chmod 600 "$tmp/bare.db"
before=$(sum "$tmp/bare.db")
case_ "SQLite file without tables" "$bin" --db "$tmp/bare.db" \
    -c 'show running-config'
[ "$(sum "$tmp/bare.db")" = "$before" ] || no "schema-less file touched"

head -c 4096 /dev/zero | tr '\0' 'x' >"$tmp/junk.db"
chmod 600 "$tmp/junk.db"
case_ "not a database" "$bin" --db "$tmp/junk.db" -c 'show running-config'

"$bin" --db "$tmp/good.db" --no-timestamp -c configure -c 'hostname r1' \
    -c commit -c end >/dev/null 2>&1 || no "a good database"
cp "$tmp/good.db" "$tmp/damaged.db"
# Page 2 on (the first table's pages) overwritten, the header kept.
head -c 8192 /dev/zero | tr '\0' '\377' |
    dd of="$tmp/damaged.db" bs=4096 seek=1 conv=notrunc 2>/dev/null
case_ "damaged database" "$bin" --db "$tmp/damaged.db" \
    -c 'show running-config'

# Both programs on each kind of damage a failing disk leaves; neither
# touches the file.  The daemon's log lines lose their time of day.
both() {
	name=$1
	f=$2
	before=$(sum "$f")
	case_ "$name" "$bin" --db "$f" -c 'show running-config'
	"$dmn" -d --db "$f" --dataplane none --ike-port 45500 \
	    --natt-port 45501 >/dev/null 2>"$tmp/derr" &
	dpid=$!
	i=0
	while kill -0 "$dpid" 2>/dev/null && [ "$i" -lt 200 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	if kill -0 "$dpid" 2>/dev/null; then
		kill "$dpid"
		no "mgmtsecd started on: $name"
	fi
	wait "$dpid"
	rc=$?
	{
		echo "## mgmtsecd, $name (exit $rc)"
		sed -e "s|$tmp|TMP|g" -e 's/^[0-9][0-9:.]* //' "$tmp/derr" |
		    grep -E '^% |mgmtsecd err'
	} >>"$out"
	[ "$(sum "$f")" = "$before" ] || no "$name: file touched"
}
"$bin" --db "$tmp/seed.db" --no-timestamp <"$top_srcdir/tests/seed/router1.cli" \
    >/dev/null 2>&1 || no "the seed's database"
"$bin" --db "$tmp/seed.db" --no-timestamp -c configure \
    -c 'hostname flip-target-name' -c commit -c end >/dev/null 2>&1 ||
    no "hostname commit"
# Header: the page size octets.
cp "$tmp/seed.db" "$tmp/header.db"
printf '\167' | dd of="$tmp/header.db" bs=1 seek=16 conv=notrunc 2>/dev/null
both "header octet flipped" "$tmp/header.db"
# A value in a row of running: SQLite sees nothing wrong, the checksum
# of the last commit does.
cp "$tmp/seed.db" "$tmp/value.db"
at=$(grep -boa 'flip-target-name' "$tmp/value.db" | head -n 1 | cut -d: -f1)
if [ -n "$at" ]; then
	printf 'g' | dd of="$tmp/value.db" bs=1 seek="$at" conv=notrunc \
	    2>/dev/null
	both "value octet flipped" "$tmp/value.db"
else
	no "the hostname is not in the file"
fi
# The first octet (page type) of the history's root page: nothing reads
# it before a commit, the open's quick check does.
cp "$tmp/seed.db" "$tmp/page.db"
pg=$(sqlite3 "$tmp/seed.db" "SELECT rootpage FROM sqlite_schema WHERE name = 'commits'")
printf '\132' | dd of="$tmp/page.db" bs=1 seek=$(((pg - 1) * 4096)) \
    conv=notrunc 2>/dev/null
both "history page damaged" "$tmp/page.db"
cp "$tmp/seed.db" "$tmp/short.db"
truncate -s $(($(stat -c %s "$tmp/seed.db") / 2)) "$tmp/short.db"
both "truncated to half" "$tmp/short.db"
# The -wal of another database: its frames (a commit there) would
# replace state, running and history pages with another configuration.
"$bin" --db "$tmp/other.db" --no-timestamp <"$top_srcdir/tests/seed/router1.cli" \
    >/dev/null 2>&1 || no "the other database"
mkfifo "$tmp/hold"
sqlite3 "$tmp/other.db" <"$tmp/hold" >/dev/null 2>&1 &
hpid=$!
exec 3>"$tmp/hold"
# A reader holding it open keeps the -wal from being checkpointed away.
echo "BEGIN; SELECT count(*) FROM running;" >&3
"$bin" --db "$tmp/other.db" --no-timestamp -c configure \
    -c 'hostname other-database' -c commit -c end >/dev/null 2>&1 ||
    no "commit on the other database"
cp "$tmp/seed.db" "$tmp/walmix.db"
cp "$tmp/other.db-wal" "$tmp/walmix.db-wal" || no "no -wal to borrow"
chmod 600 "$tmp/walmix.db-wal"
exec 3>&-
wait "$hpid"
both "WAL of another database" "$tmp/walmix.db"

# The daemon takes no empty file for an empty configuration either.
case_ "mgmtsecd, zero-byte database" timeout 20 "$dmn" -d \
    --db "$tmp/empty.db" --dataplane none --ike-port 45500 --natt-port 45501
[ "$(stat -c %s "$tmp/empty.db")" = 0 ] || no "daemon touched the file"

# Asked for: a new database in the empty file.
case_ "--new on the zero-byte file" "$bin" --db "$tmp/empty.db" --new \
    -c 'show running-config'
"$bin" --db "$tmp/empty.db" --no-timestamp -c 'show running-config' |
    grep -q '^end' || no "--new made no usable database"

if [ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null 2>&1; then
	chmod 755 "$tmp"
	case_ "another user" setpriv --reuid=65534 --regid=65534 \
	    --clear-groups "$bin" --db "$tmp/good.db" -c 'show running-config'
	mkdir -m 700 "$tmp/closed"
	cp "$tmp/good.db" "$tmp/closed/config.db"
	case_ "another user, closed folder" setpriv --reuid=65534 \
	    --regid=65534 --clear-groups "$bin" --db "$tmp/closed/config.db" \
	    -c 'show running-config'
else
	# Not root: the same lines, so the transcript compares.
	sed -n '/^## another user/,$p' "$want" >>"$out"
	echo "note: not root: the other-user cases were not run"
fi

[ -n "${DBERRORS_WRITE:-}" ] && cp "$out" "$want"
if ! diff -u "$want" "$out"; then
	no "transcript differs from tests/cli/dberrors.out"
fi
exit $fail
