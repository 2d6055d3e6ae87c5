#!/bin/sh
# The control socket's door (root): SO_PEERCRED and SO_PEERGROUPS decide,
# not the socket file's mode.  The seed's routers with a tunnel up; the
# socket of router a opened to every user (0666) on purpose, so that only
# the daemon stands between a user and the tunnel.
#
#   - a user outside group mgmtsec (setpriv --reuid/--regid/--groups) is
#     refused with "permission denied: only root and members of group
#     mgmtsec may use mgmtsecd" for every state-changing request kind:
#     the commit notification, clear ikev2 sa, clear ipsec sa, through
#     the shell and through bare requests without HELLO; every show kind
#     is refused too (the design: outside the group, nothing); the SAs
#     and the daemon's generation stay as they were
#   - a member of the group only by a supplementary group, and one by
#     its primary group, use the shell: show ikev2 session, a commit
#     that the daemon applies, clear ipsec sa (new SPIs)
# The group mgmtsec is made for the test when the machine has none, and
# removed again.
. "$(dirname "$0")/lib.sh"

t_init
command -v setpriv >/dev/null 2>&1 || skip "needs setpriv (util-linux)"
command -v groupadd >/dev/null 2>&1 || skip "needs groupadd (passwd)"
group_lock
MADE_GROUP=0
if ! getent group mgmtsec >/dev/null; then
	groupadd --system mgmtsec || fail "cannot add group mgmtsec"
	MADE_GROUP=1
fi
group_cleanup() {
	[ "$MADE_GROUP" -eq 1 ] && groupdel mgmtsec 2>/dev/null
}
trap 'rc=$?; group_cleanup; (exit $rc); cleanup' EXIT
GID=$(getent group mgmtsec | cut -d: -f3)
# Ids no account on the machine uses: nothing but the numbers counts.
OUT_UID=$((61000 + $$ % 1000))
OUT_GID=$((62000 + $$ % 1000))
MEM_UID=$((63000 + $$ % 1000))

pair
start a
start b
seed_up

# Router a's places open to the test's users: the folders passable, the
# socket anyone's, the database the group's (what mgmtsecd does at the
# installed place).
chmod 711 "$T_DIR"
chgrp mgmtsec "$T_DIR/a" "$(db a)" "$(db a)-wal" "$(db a)-shm"
chmod 2771 "$T_DIR/a"
chmod 660 "$(db a)" "$(db a)-wal" "$(db a)-shm"
chmod 666 "$(sock a)"
SOCK=$(sock a)

# as UID GID GROUPS CMD...: CMD with exactly those ids (GROUPS: a list or
# "-" for none).
as() {
	u=$1 g=$2 gs=$3
	shift 3
	if [ "$gs" = - ]; then
		setpriv --reuid="$u" --regid="$g" --clear-groups \
		    env HOME=/nonexistent "$@"
	else
		setpriv --reuid="$u" --regid="$g" --groups="$gs" \
		    env HOME=/nonexistent "$@"
	fi
}
out_shell() { as "$OUT_UID" "$OUT_GID" - "$MGMTSEC" --no-timestamp \
    --db "$own/config.db" --socket "$SOCK" "$@"; }
out_ctl() { as "$OUT_UID" "$OUT_GID" "$OUT_GID" "$DMNCTL" -s "$SOCK" "$@"; }
MSG="permission denied: only root and members of group mgmtsec may use mgmtsecd"

spi_in=$(spi a in)
spi_out=$(spi a out)
[ -n "$spi_in" ] || fail "no inbound SA on router a"

# --- Outside the group --------------------------------------------------
own="$T_DIR/own"
mkdir "$own"
chown "$OUT_UID:$OUT_GID" "$own"
# refused WHAT CMD...: CMD fails and prints MSG.
refused() {
	what=$1
	shift
	if "$@" >"$T_DIR/out" 2>&1; then
		fail "$what from outside the group worked: $(cat "$T_DIR/out")"
	fi
	grep -qF "$MSG" "$T_DIR/out" ||
	    fail "$what from outside the group: \"$(cat "$T_DIR/out")\""
	log "ok: $what refused: $(grep -F "$MSG" "$T_DIR/out" | head -n 1)"
}
for c in "clear ikev2 sa" "clear ikev2 sa remote 198.51.100.21" \
    "clear ipsec sa interface tunnel-ip1" "show ikev2 session" \
    "show ipsec sa"; do
	refused "shell: $c" out_shell -c "$c"
done
# A commit lands in the user's own database; the daemon hears nothing.
printf 'configure\nhostname x\ncommit\nend\n' |
    out_shell >"$T_DIR/out" 2>&1
grep -qF "$MSG" "$T_DIR/out" ||
    fail "shell: commit's notification: \"$(cat "$T_DIR/out")\""
log "ok: shell: the commit's notification refused"
refused "dmnctl notify (CTL_COMMIT_NOTIFY after HELLO)" out_ctl notify
refused "dmnctl clear ikev2" out_ctl clear ikev2
refused "dmnctl clear ipsec tunnel-ip1" out_ctl clear ipsec tunnel-ip1
# Every request kind, first on its connection, without HELLO: 1 HELLO,
# 2 COMMIT_NOTIFY, 16..21 the shows, 32 and 33 the clears.
for t in 1 2 16 17 18 19 20 21 32 33; do
	refused "request type $t without HELLO" out_ctl bare "$t"
done
same_sas() { [ "$(spi a in)" = "$spi_in" ] && [ "$(spi a out)" = "$spi_out" ]; }
check "router a's SAs untouched (SPIs $spi_in/$spi_out)" same_sas
check "router a still UP-ACTIVE" up a
hostname_is() { show a "show running-config" | grep -qx "hostname $1"; }
not_x() { ! hostname_is x; }
check "router a's running config untouched" not_x
grep -q "refusing a client neither root nor in group mgmtsec" \
    "$T_DIR/a/daemon.log" || fail "the daemon logged no refusal"
log "ok: the daemon logged the refusals"

# --- Members ------------------------------------------------------------
# A supplementary member (primary group its own), then a primary one.
mem_shell() { as "$MEM_UID" "$OUT_GID" "$GID" "$MGMTSEC" --no-timestamp \
    --db "$(db a)" --socket "$SOCK" "$@"; }
prim_shell() { as "$MEM_UID" "$GID" - "$MGMTSEC" --no-timestamp \
    --db "$(db a)" --socket "$SOCK" "$@"; }
mem_shell -c "show ikev2 session" >"$T_DIR/m1" 2>&1 ||
    fail "member: show ikev2 session: $(cat "$T_DIR/m1")"
check "member (supplementary): show ikev2 session UP-ACTIVE" \
    grep -q '^Status              : UP-ACTIVE$' "$T_DIR/m1"
printf 'configure\nhostname edge-a\ncommit\nend\n' | mem_shell \
    >"$T_DIR/m2" 2>&1 || fail "member: commit: $(cat "$T_DIR/m2")"
check "member's commit applied" hostname_is edge-a
if grep -qF "$MSG" "$T_DIR/m2"; then
	fail "member's commit notification refused: $(cat "$T_DIR/m2")"
fi
prim_shell -c "clear ipsec sa interface tunnel-ip1" >"$T_DIR/m3" 2>&1 ||
    fail "member (primary): clear ipsec sa: $(cat "$T_DIR/m3")"
new_spi() { s=$(spi a in); [ -n "$s" ] && [ "$s" != "$spi_in" ]; }
check "member (primary): clear ipsec sa gave new SPIs" wait_until 10 new_spi
stop a
stop b
