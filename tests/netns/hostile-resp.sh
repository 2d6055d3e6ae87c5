#!/bin/sh
# The impairing peer as responder (root): router A initiates the seed's
# tunnel toward tests/hostile/peer, which answers through the project's
# own engine; for each case one of its responses is changed (an
# IKE_SA_INIT response choosing what was never offered or with a bad KE
# or nonce; an IKE_AUTH response with a bad AUTH, IDr, TS or Child SA
# proposal, opened and protected again with the SA's keys).  The peer
# fakes a NAT (--encap), so every IKE_AUTH travels on UDP 4500 with the
# non-ESP marker.  After each case router A has refused it (a failure or
# a dropped message in its counters, never an SA with what it refused),
# is alive, and comes back up by itself: it retries later.
. "$(dirname "$0")/lib.sh"
need_root
PEER="$top_builddir/tests/hostile/peer"
[ -x "$PEER" ] || skip "tests/hostile/peer is not built"
t_init
pair
ASAN_OPTIONS="$ASAN_OPTIONS:quarantine_size_mb=0:thread_local_quarantine_size_kb=0"
export ASAN_OPTIONS

mkfifo "$T_DIR/peer.in"
ip netns exec "$(ns b)" "$PEER" --encap 198.51.100.21 198.51.100.5 \
    <"$T_DIR/peer.in" >"$T_DIR/peer.out" 2>"$T_DIR/peer.err" &
T_PIDS="$T_PIDS $!"
exec 3>"$T_DIR/peer.in"
# The peer's lines since the last command (the file only grows); said
# LINE: that line among them.
mark=0
since() { tail -c +$((mark + 1)) "$T_DIR/peer.out" | tr -d '\000'; }
said() { since | grep -qx "$1"; }
say() {
	mark=$(wc -c <"$T_DIR/peer.out")
	echo "$1" >&3
	wait_until 12 said "$2" || fail "peer: no '$2' after '$1': $(tail -3 "$T_DIR/peer.out")"
}
say list end

start a
cli a <"$SEED/router1.cli" >/dev/null 2>&1 || fail "router 1 config"
wait_until 15 up a || fail "router A: tunnel not UP-ACTIVE toward the peer"
show a "show ikev2 session detail" | grep -q '198.51.100.21/4500' ||
    fail "the tunnel is not on UDP 4500: $(show a "show ikev2 session detail" | grep Remote)"

stats() { show a "show ikev2 statistics" >"$T_DIR/stats"; }
stat_of() {
	awk -v k="$1" 'index($0, k) == 1 { print $NF; exit }' "$T_DIR/stats"
}
# Refusals: failures of any kind, and dropped messages.
refusals() {
	stats
	awk -F: '/^-----/ { f++ } f == 2 && NF == 2 { s += $2 }
	    /^Messages Dropped/ { s += $2 } END { print s + 0 }' "$T_DIR/stats"
}
spis() { show a "show ikev2 session detail" | grep -E '^(Local SPI|ESP SPI)'; }
rss() { awk '/^VmRSS:/ { print $2 }' "/proc/$(pid_of a)/status"; }
refused() { [ "$(refusals)" -gt "$f0" ]; }

n=0
# case NAME [NOTIFY]: armed, A re-initiates (clear), the changed response
# goes out, A refuses it (and, with NOTIFY, tells the peer so in an
# INFORMATIONAL that the peer opens), then A is up again on new SPIs.
case_() {
	name=$1
	n=$((n + 1))
	old=$(spis)
	f0=$(refusals)
	say "arm $name" "armed $name"
	show a "clear ikev2 sa" >/dev/null 2>&1
	wait_until 10 said "sent $name" || fail "$name: no response to change"
	wait_until 10 refused || fail "$name: A did not refuse it (refusals $f0)"
	if [ $# -gt 1 ]; then
		wait_until 5 said "reply $name notify $2" ||
		    fail "$name: no notify $2 from A"
	fi
	kill -0 "$(pid_of a)" 2>/dev/null || fail "$name: the daemon died"
	# It retries by itself (back-off from 1 s) and gets a clean answer.
	wait_until 20 up a || fail "$name: A did not come back up"
	[ "$(spis)" != "$old" ] || fail "$name: the old SPIs are still there"
	log "ok: $name (refused: $f0 -> $(refusals))"
}
rounds() {
	case_ r-init-unoffered
	case_ r-init-two-proposals
	case_ r-init-type-unknown
	case_ r-init-ke-group
	case_ r-init-ke-point
	case_ r-init-nonce-short
	case_ r-auth-flip 24
	case_ r-auth-idr-fqdn 24
	case_ r-auth-missing
	case_ r-auth-ts-ipv6
	case_ r-auth-ts-inverted
	case_ r-auth-child-unoffered
}
rounds
rss0=$(rss)
rounds
rss1=$(rss)
log "daemon RSS: $rss0 kB after the first round, $rss1 kB after the second"
[ "$rss1" -lt $((rss0 + 512)) ] || fail "memory grew: $rss0 -> $rss1 kB"

# An old response of ours, replayed on the established SA: dropped.
stats
d0=$(stat_of "Messages Dropped")
old=$(spis)
say "impair replay-own-response" done
stats
[ "$(stat_of "Messages Dropped")" -gt "$d0" ] || fail "old response not dropped"
[ "$(spis)" = "$old" ] || fail "the replayed response changed the SAs"
log "ok: replay-own-response (dropped)"
n=$((n + 1))
echo quit >&3
exec 3>&-
stop a
log "done: $n cases"
