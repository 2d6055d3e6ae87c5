#!/bin/sh
# The Debian package end to end (root; `make check-pkg`, CI): what an
# operator gets from `apt-get install ./mgmtsec_*.deb` on a Debian box.
#
#   - dpkg-buildpackage -us -uc -b from the tarball (MGMTSEC_TARBALL, made
#     by `make dist`) in a folder of its own; lintian reports no error
#   - apt-get install ./mgmtsec_VERSION_ARCH.deb; mgmtsec --version and
#     mgmtsecd --version from /usr/bin and /usr/sbin; man -w finds both
#     pages; the group and the folders exist with their owners and modes
#   - systemd-analyze verify on the installed unit; systemd-analyze
#     security --offline=yes prints the exposure, 3.0 at most
#   - the unit's ExecStart run by hand as systemd would run it: its
#     Group=, capability sets, NoNewPrivileges=, UMask=, its State and
#     Runtime folders (setpriv), $NOTIFY_SOCKET, in namespace a of a pair
#     whose b runs a second daemon; the daemon holds exactly the listed
#     capabilities; READY=1 comes after the socket, and after a restart
#     only once the configured tunnel is applied; ExecReload= re-reads
#   - an operator in group mgmtsec commits the seed's Router 1 with the
#     shell on the installed database, the tunnel comes up (show ikev2
#     session as that operator), a ping crosses it, a second commit works
#   - a user outside the group is refused with a clear message: the
#     database (show, commit) and the socket (show, clear ikev2 sa, clear
#     ipsec sa, commit's notification); the SAs stay as they were
#   - apt-get purge: the package's files, folders and group are gone, the
#     machine's package list is what it was
# Exits 77 (SKIP) only where dpkg or systemd's tools cannot run.
. "$(dirname "$0")/../netns/lib.sh"

T_NAME=deb
command -v dpkg-buildpackage >/dev/null 2>&1 ||
    skip "needs dpkg-buildpackage (dpkg-dev, debhelper)"
command -v apt-get >/dev/null 2>&1 || skip "needs apt-get"
command -v systemd-analyze >/dev/null 2>&1 ||
    skip "needs systemd-analyze (systemd)"
command -v setpriv >/dev/null 2>&1 || skip "needs setpriv (util-linux)"
command -v lintian >/dev/null 2>&1 || skip "needs lintian"
command -v man >/dev/null 2>&1 || skip "needs man (man-db)"
command -v ping >/dev/null 2>&1 || skip "needs ping (iputils-ping)"
[ -n "${MGMTSEC_TARBALL:-}" ] && [ -f "$MGMTSEC_TARBALL" ] ||
    { echo "FAIL: deb: set MGMTSEC_TARBALL to a tarball from make dist" \
    "(make check-pkg does)" >&2; exit 1; }
t_init
[ -c /dev/net/tun ] || skip "needs /dev/net/tun"

# The machine must not hold mgmtsec already: the test removes what it
# installs, and would take an operator's installation with it.
dpkg-query -W -f='${Status}' mgmtsec 2>/dev/null | grep -q 'installed' &&
    fail "mgmtsec is installed on this machine; deb.sh would purge it"
for p in /var/lib/mgmtsec /run/mgmtsec; do
	[ ! -e "$p" ] || fail "$p exists; deb.sh would remove it"
done
getent group mgmtsec >/dev/null && fail "group mgmtsec exists already"
getent passwd mgmtsec >/dev/null && fail "user mgmtsec exists already"

OP="mgop$$"
OUT="mgout$$"
INSTALLED=0
deb_cleanup() {
	if [ "$INSTALLED" -eq 1 ]; then
		for p in $T_PIDS; do
			kill -9 "$p" 2>/dev/null
		done
		DEBIAN_FRONTEND=noninteractive apt-get purge -y -q mgmtsec \
		    >/dev/null 2>&1
	fi
	getent passwd "$OP" >/dev/null && userdel "$OP"
	getent passwd "$OUT" >/dev/null && userdel "$OUT"
}
trap 'rc=$?; deb_cleanup; (exit $rc); cleanup' EXIT
dpkg-query -W -f='${Package}\n' | sort >"$T_DIR/packages.before"

# --- Build ------------------------------------------------------------
mkdir "$T_DIR/build"
tar -xzf "$MGMTSEC_TARBALL" -C "$T_DIR/build" || fail "cannot unpack tarball"
src=$(find "$T_DIR/build" -mindepth 1 -maxdepth 1 -type d)
[ -x "$src/debian/rules" ] || fail "the tarball has no debian/rules"
version=$(cd "$src" && dpkg-parsechangelog -S Version)
arch=$(dpkg --print-architecture)
deb="$T_DIR/build/mgmtsec_${version}_${arch}.deb"
t0=$(date +%s)
# make check ran in CI already; DEB_BUILD_OPTIONS may ask for it here.
(cd "$src" && DEB_BUILD_OPTIONS="${DEB_BUILD_OPTIONS:-nocheck parallel=2}" \
    dpkg-buildpackage -us -uc -b) >"$T_DIR/build.log" 2>&1 ||
    { tail -n 40 "$T_DIR/build.log"; fail "dpkg-buildpackage failed"; }
[ -f "$deb" ] || fail "no $deb after the build"
log "ok: dpkg-buildpackage -us -uc -b: $(basename "$deb") in" \
    "$(($(date +%s) - t0)) s"
lintian --fail-on error "$T_DIR/build/mgmtsec_${version}_${arch}.changes" \
    >"$T_DIR/lintian.out" 2>&1 ||
    { cat "$T_DIR/lintian.out"; fail "lintian reports errors"; }
log "ok: lintian: no error ($(grep -c '^W:' "$T_DIR/lintian.out")" \
    "warnings)"

# --- Install ----------------------------------------------------------
INSTALLED=1
(cd "$T_DIR/build" && DEBIAN_FRONTEND=noninteractive \
    apt-get install -y -q "./$(basename "$deb")") >"$T_DIR/install.log" 2>&1 ||
    { cat "$T_DIR/install.log"; fail "apt-get install failed"; }
dpkg-query -L mgmtsec >"$T_DIR/files"
log "ok: apt-get install ./$(basename "$deb"): $(wc -l <"$T_DIR/files") paths"

v=$(/usr/bin/mgmtsec --version)
check "mgmtsec --version from /usr/bin: $v" [ "$v" = "mgmtsec $version" ]
v=$(/usr/sbin/mgmtsecd --version 2>&1 | head -n 1)
check "mgmtsecd --version from /usr/sbin: $v" \
    sh -c "echo '$v' | grep -q '$version'"
m1=$(man -w mgmtsec 2>&1)
check "man -w mgmtsec: $m1" [ "$m1" = /usr/share/man/man1/mgmtsec.1.gz ]
m8=$(man -w 8 mgmtsecd 2>&1)
check "man -w 8 mgmtsecd: $m8" [ "$m8" = /usr/share/man/man8/mgmtsecd.8.gz ]
check "group mgmtsec made (sysusers.d)" sh -c "getent group mgmtsec >/dev/null"
GID=$(getent group mgmtsec | cut -d: -f3)
st=$(stat -c '%a %U:%G' /var/lib/mgmtsec 2>&1)
check "/var/lib/mgmtsec made (tmpfiles.d): $st" [ "$st" = "2770 root:mgmtsec" ]

UNIT=/lib/systemd/system/mgmtsecd.service
[ -f "$UNIT" ] || fail "no $UNIT"
systemd-analyze verify "$UNIT" >"$T_DIR/verify.out" 2>&1 ||
    { cat "$T_DIR/verify.out"; fail "systemd-analyze verify $UNIT"; }
check "systemd-analyze verify $UNIT: nothing said" [ ! -s "$T_DIR/verify.out" ]
systemd-analyze security --offline=yes "$UNIT" >"$T_DIR/security.out" 2>&1
score=$(sed -n 's/^.*Overall exposure level for [^:]*: \([0-9.]*\).*$/\1/p' \
    "$T_DIR/security.out")
[ -n "$score" ] || { cat "$T_DIR/security.out"; fail "no exposure level"; }
log "systemd-analyze security --offline=yes: $(grep 'Overall exposure' \
    "$T_DIR/security.out")"
check "exposure $score is 3.0 at most" \
    awk -v s="$score" 'BEGIN { exit !(s <= 3.0) }'

# Where systemd runs, the package started the service; it gives the
# installed places back for the run by hand below.
if [ -d /run/systemd/system ]; then
	check "mgmtsecd.service active after install" \
	    systemctl is-active -q mgmtsecd.service
	systemctl stop mgmtsecd.service
else
	log "systemd is not running here: the unit is checked offline" \
	    "and its ExecStart run by hand"
fi

# --- ExecStart by hand, as the unit runs it ----------------------------
# The unit's word (the last assignment of KEY) and capability names in
# setpriv's spelling (+net_admin,...).
unit() { sed -n "s/^$1=//p" "$UNIT" | tail -n 1; }
caps() { echo "$1" | tr ' ' '\n' | sed -n 's/^CAP_//p' |
    tr 'A-Z' 'a-z' | sed 's/^/+/' | paste -sd, -; }
exec_start=$(unit ExecStart)
group=$(unit Group)
bset=$(caps "$(unit CapabilityBoundingSet)")
amb=$(caps "$(unit AmbientCapabilities)")
umask_=$(unit UMask)
[ -n "$exec_start" ] && [ "$group" = mgmtsec ] && [ -n "$bset" ] &&
    [ -n "$amb" ] && [ "$(unit NoNewPrivileges)" = yes ] ||
    fail "the unit lacks ExecStart, Group=mgmtsec, the capability sets" \
        "or NoNewPrivileges=yes"
# StateDirectory= and RuntimeDirectory=: made, given to root:Group.
for k in State Runtime; do
	base=/var/lib
	[ "$k" = State ] || base=/run
	d="$base/$(unit ${k}Directory)"
	mkdir -p "$d"
	chown "root:$group" "$d"
	chmod "$(unit ${k}DirectoryMode)" "$d"
done
pair
# Router a is the installed one: its database and socket are the unit's.
db() { if [ "$1" = a ]; then echo /var/lib/mgmtsec/config.db; else
    echo "$T_DIR/$1/config.db"; fi; }
log "ExecStart=$exec_start (Group=$group, capabilities $bset)"
SOCK=/run/mgmtsec/mgmtsecd.sock
sock() { if [ "$1" = a ]; then echo "$SOCK"; else
    echo "$T_DIR/$1/mgmtsecd.sock"; fi; }
# unit_start: the unit's daemon (pid upid; lib.sh's start sets pid) in
# namespace a, with $NOTIFY_SOCKET as
# systemd gives it (Type=notify); back when READY=1 came, with the log as
# it was at that moment in $T_DIR/a/at-ready.log.
unit_start() {
	ns_=$T_DIR/notify.sock
	"$DMNCTL" notify-wait "$ns_" 20 >"$T_DIR/ready" 2>&1 &
	lpid=$!
	T_PIDS="$T_PIDS $lpid"
	wait_until 5 test -S "$ns_" || fail "no notify socket"
	: >"$T_DIR/a/daemon.log"
	# shellcheck disable=SC2086
	ip netns exec "$(ns a)" env NOTIFY_SOCKET="$ns_" setpriv --reuid=0 \
	    --regid="$group" --clear-groups \
	    --bounding-set=-all,"$bset" --inh-caps=-all,"$amb" \
	    --ambient-caps=-all,"$amb" --no-new-privs \
	    sh -c 'umask "$0"; exec "$@"' "$umask_" $exec_start \
	    >>"$T_DIR/a/daemon.log" 2>&1 &
	upid=$!
	echo "$upid" >"$T_DIR/a/pid"
	T_PIDS="$T_PIDS $upid"
	wait "$lpid" || fail "no READY=1 from the unit's daemon: $(cat \
	    "$T_DIR/ready")"
	cp "$T_DIR/a/daemon.log" "$T_DIR/a/at-ready.log"
	T_PIDS=$(echo "$T_PIDS" | sed "s/ $lpid\b//")
	grep -qx 'READY=1' "$T_DIR/ready" ||
	    fail "the unit's daemon said \"$(cat "$T_DIR/ready")\", not READY=1"
	test -S "$SOCK" || fail "READY=1 before the socket was there"
	kill -0 "$upid" 2>/dev/null || fail "the unit's daemon died"
	log "ok: READY=1 on \$NOTIFY_SOCKET"
}
unit_start
# The capability sets in /proc: bits 10 (net_bind_service), 12
# (net_admin) and 13 (net_raw) and nothing else.
for s in CapBnd CapEff CapAmb; do
	v=$(sed -n "s/^$s:[[:space:]]*//p" "/proc/$upid/status")
	check "the daemon's $s is $v" [ "$v" = 0000000000003400 ]
done
check "the daemon runs with NoNewPrivs" \
    grep -q '^NoNewPrivs:[[:space:]]*1$' "/proc/$upid/status"
check "the daemon's group is mgmtsec" \
    awk -v g="$GID" '$1 == "Gid:" && $2 == g { f = 1 } END { exit !f }' \
    "/proc/$upid/status"
st=$(stat -c '%a %U:%G' "$SOCK" /var/lib/mgmtsec/config.db | paste -sd' ')
check "socket and database: $st" [ "$st" = "660 root:mgmtsec 660 root:mgmtsec" ]

# Router b: a second daemon (the installed binary), its own places.
MGMTSEC=/usr/bin/mgmtsec
MGMTSECD=/usr/sbin/mgmtsecd
T_DATAPLANE=auto
start b

# --- An operator in the group ------------------------------------------
useradd -M -N -s /usr/sbin/nologin -G mgmtsec "$OP" ||
    fail "cannot add user $OP"
useradd -M -N -s /usr/sbin/nologin "$OUT" || fail "cannot add user $OUT"
# as USER CMD...: CMD as USER with USER's groups, no home.
as() {
	u=$1
	shift
	setpriv --reuid="$u" --regid="$(id -g "$u")" --init-groups \
	    env HOME=/nonexistent "$@"
}
op() { as "$OP" env MGMTSEC_DB=/var/lib/mgmtsec/config.db \
    /usr/bin/mgmtsec --no-timestamp "$@"; }
op <"$SEED/router1.cli" >"$T_DIR/a/commit.out" 2>&1 ||
    fail "the operator's commit failed: $(cat "$T_DIR/a/commit.out")"
log "ok: $OP (group mgmtsec) committed Router 1 on the installed database"
cli b <"$SEED/router2.cli" >"$T_DIR/b/commit.out" 2>&1 ||
    fail "router 2 configuration failed: $(cat "$T_DIR/b/commit.out")"
op_up() { op -c "show ikev2 session" 2>/dev/null |
    grep -q '^Status              : UP-ACTIVE$'; }
wait_until 10 op_up || fail "no UP-ACTIVE session in $OP's show ikev2 session"
log "ok: UP-ACTIVE in the operator's show ikev2 session"
wait_until 10 ping_ok a 192.0.2.2 3 || fail "no ping through tunnel-ip1"
log "ok: ping 192.0.2.2 through the tunnel from the unit's router"
# ExecReload= as systemctl reload runs it: the daemon re-reads running.
reload=$(unit ExecReload | sed "s/\\\$MAINPID/$upid/")
sh -c "$reload" || fail "ExecReload=$reload failed"
wait_until 5 grep -q 'SIGHUP: re-reading' "$T_DIR/a/daemon.log" ||
    fail "ExecReload=$reload: the daemon did not re-read running"
kill -0 "$upid" 2>/dev/null || fail "the daemon died on ExecReload"
log "ok: ExecReload=$reload: the daemon re-read running"
# A restart with the tunnel configured: READY=1 only once it is applied.
stop a
unit_start
grep -q 'tunnel-ip1: created' "$T_DIR/a/at-ready.log" ||
    fail "READY=1 before tunnel-ip1 was applied: $(cat "$T_DIR/a/at-ready.log")"
log "ok: READY=1 after the running config was applied (tunnel-ip1 created)"
wait_until 10 op_up || fail "not UP-ACTIVE again after the restart"
wait_until 10 ping_ok a 192.0.2.2 3 || fail "no ping after the restart"
log "ok: UP-ACTIVE and a ping again after the restart"
printf 'configure\nhostname edge-a\ncommit\nend\n' | op >"$T_DIR/a/c2.out" 2>&1 ||
    fail "the operator's second commit failed: $(cat "$T_DIR/a/c2.out")"
hostname_is() { show a "show running-config" | grep -qx "hostname $1"; }
check "the operator's second commit is running" hostname_is edge-a

# --- A user outside the group -------------------------------------------
spi_before=$(spi a in)
# refused WHAT WANT OUTPUT-FILE CMD...: CMD fails and says WANT.
refused() {
	what=$1 want=$2 f=$3
	shift 3
	if "$@" >"$f" 2>&1; then
		fail "$what as $OUT worked: $(cat "$f")"
	fi
	grep -q "$want" "$f" || fail "$what as $OUT: \"$(cat "$f")\"," \
	    "not \"$want\""
	log "ok: $what as $OUT refused: $(head -n 1 "$f")"
}
out() { as "$OUT" /usr/bin/mgmtsec --no-timestamp "$@"; }
DBMSG="member of group mgmtsec"
SOMSG="only root and members of group mgmtsec may use mgmtsecd"
refused "show ikev2 session on the installed database" "$DBMSG" \
    "$T_DIR/o1" out --db /var/lib/mgmtsec/config.db -c "show ikev2 session"
printf 'configure\nhostname mine\ncommit\nend\n' >"$T_DIR/commit.in"
refused "a commit on the installed database" "$DBMSG" "$T_DIR/o2" \
    sh -c "exec setpriv --reuid=$OUT --regid=$(id -g "$OUT") --init-groups \
    env HOME=/nonexistent /usr/bin/mgmtsec --no-timestamp \
    --db /var/lib/mgmtsec/config.db <'$T_DIR/commit.in'"
# With a database of the user's own, straight at the daemon's socket.
own=$(mktemp -d /tmp/mgmtsec-deb-out.XXXXXX)
chown "$OUT" "$own"
sockuse() { as "$OUT" /usr/bin/mgmtsec --no-timestamp --db "$own/config.db" \
    --socket "$SOCK" "$@"; }
for c in "show ikev2 session" "clear ikev2 sa" \
    "clear ipsec sa interface tunnel-ip1"; do
	refused "$c at the socket" "$SOMSG" "$T_DIR/o3" sockuse -c "$c"
done
# Its commit lands in its own database; the notification is refused.
sockuse <"$T_DIR/commit.in" >"$T_DIR/o4" 2>&1
rm -rf "$own"
grep -q "$SOMSG" "$T_DIR/o4" ||
    fail "$OUT's commit notification: \"$(cat "$T_DIR/o4")\""
log "ok: $OUT's commit notification refused: $(grep "$SOMSG" "$T_DIR/o4" |
    head -n 1)"
check "the SAs are as they were (inbound SPI $spi_before)" \
    [ "$(spi a in)" = "$spi_before" ]
check "the installed hostname is still the operator's" hostname_is edge-a

# --- Stop, purge ------------------------------------------------------
stop a
stop b
userdel "$OP" && userdel "$OUT" || fail "cannot remove the test's users"
check "no user $OP or $OUT" sh -c "! getent passwd $OP && ! getent passwd $OUT"
(DEBIAN_FRONTEND=noninteractive apt-get purge -y -q mgmtsec) \
    >"$T_DIR/purge.log" 2>&1 ||
    { cat "$T_DIR/purge.log"; fail "apt-get purge failed"; }
INSTALLED=0
check "dpkg knows no mgmtsec" sh -c \
    "! dpkg-query -W -f='\${Status}' mgmtsec 2>/dev/null | grep -q ."
left=""
while read -r f; do
	[ -d "$f" ] && continue
	[ -e "$f" ] || [ -L "$f" ] && left="$left $f"
done <"$T_DIR/files"
check "no file of the package left${left:+:$left}" [ -z "$left" ]
check "no /var/lib/mgmtsec, no /run/mgmtsec" \
    sh -c '! [ -e /var/lib/mgmtsec ] && ! [ -e /run/mgmtsec ]'
check "no group mgmtsec" sh -c '! getent group mgmtsec'
check "no user mgmtsec" sh -c '! getent passwd mgmtsec'
dpkg-query -W -f='${Package}\n' | sort >"$T_DIR/packages.after"
check "the same packages as before" \
    cmp -s "$T_DIR/packages.before" "$T_DIR/packages.after"
log "PASS"
