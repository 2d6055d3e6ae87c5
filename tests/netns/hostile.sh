#!/bin/sh
# A hostile peer against a live mgmtsecd (root): tests/hostile/peer, on
# the project's own engine, sets up the seed's tunnel with router A, then
# sends one datagram per case that is right but for one thing.  After
# each: the expected reaction (the cached response again, nothing but a
# counter, or a given notify on the wire), the daemon alive, the tunnel on
# the same SPIs; at the end the daemon's heap back near its baseline.
. "$(dirname "$0")/lib.sh"
need_root
PEER="$top_builddir/tests/hostile/peer"
[ -x "$PEER" ] || skip "tests/hostile/peer is not built"
t_init
pair
# Freed memory goes back at once, so the daemon's RSS can show a leak
# (ASan otherwise keeps a quarantine of freed blocks).
ASAN_OPTIONS="$ASAN_OPTIONS:quarantine_size_mb=0:thread_local_quarantine_size_kb=0"
export ASAN_OPTIONS
start a --passive
cli a <"$SEED/router1.cli" >/dev/null 2>&1 || fail "router 1 config"
listening() { in_ns a ss -uln | grep -q '198.51.100.5:500'; }
wait_until 10 listening || fail "router A does not listen on 500"

mkfifo "$T_DIR/peer.in"
ip netns exec "$(ns b)" "$PEER" 198.51.100.21 198.51.100.5 \
    <"$T_DIR/peer.in" >"$T_DIR/peer.out" 2>"$T_DIR/peer.err" &
T_PIDS="$T_PIDS $!"
exec 3>"$T_DIR/peer.in"
# say CMD WANT: sends a command and waits (10 s) for a line WANT.
said() { grep -qx "$1" "$T_DIR/peer.out"; }
say() {
	: >"$T_DIR/peer.out.mark"
	echo "$1" >&3
	wait_until 12 said "$2" || fail "peer: no '$2' after '$1': $(tail -3 "$T_DIR/peer.out")"
}
say up up
wait_until 10 up a || fail "router A: tunnel not UP-ACTIVE"
# stats: one snapshot of show ikev2 statistics; stat_of LABEL reads it.
stats() { show a "show ikev2 statistics" >"$T_DIR/stats"; }
stat_of() {
	awk -v k="$1" 'index($0, k) == 1 { print $NF; exit }' "$T_DIR/stats"
}
# The established SA's SPIs, IKE and ESP (a half-open SA a case starts
# may be listed beside it).
sa_spis() {
	show a "show ikev2 session detail" |
	    grep -E '^(Local SPI|Remote SPI|ESP SPI IN/OUT)'
}
still_there() {
	sa_spis >"$T_DIR/spis"
	echo "$spis0" | while IFS= read -r l; do
		grep -qxF "$l" "$T_DIR/spis" || return 1
	done
}
rss() { awk '/^VmRSS:/ { print $2 }' "/proc/$(pid_of a)/status"; }
spis0=$(sa_spis)
[ "$(echo "$spis0" | wc -l)" -eq 3 ] || fail "no session: $spis0"

# case NAME EXPECT: EXPECT is resent (the cached response again),
# mismatch (same Message ID, other bytes: counted), dropped (the dropped
# counter rises), notify:N (an unencrypted notify N comes back), or alive
# (anything, as long as nothing breaks).
n=0
case_() {
	name=$1
	want=$2
	n=$((n + 1))
	stats
	d0=$(stat_of "Messages Dropped")
	r0=$(stat_of "Responses Resent")
	m0=$(stat_of "Answered IDs, Other Bytes")
	say "impair $name" done
	stats
	d1=$(stat_of "Messages Dropped")
	r1=$(stat_of "Responses Resent")
	m1=$(stat_of "Answered IDs, Other Bytes")
	case $want in
	resent) [ "$r1" -gt "$r0" ] ||
		fail "$name: cached response not resent ($r0 -> $r1)" ;;
	mismatch) [ "$m1" -gt "$m0" ] && [ "$r1" -eq "$r0" ] ||
		fail "$name: not counted as other bytes ($m0 -> $m1, resent $r0 -> $r1)" ;;
	dropped) [ "$d1" -gt "$d0" ] && [ "$r1" -eq "$r0" ] ||
		fail "$name: not dropped ($d0 -> $d1, resent $r0 -> $r1)" ;;
	notify:*) grep -qx "reply $name notify ${want#notify:}" "$T_DIR/peer.out" ||
		fail "$name: no notify ${want#notify:} on the wire" ;;
	alive) ;;
	esac
	kill -0 "$(pid_of a)" 2>/dev/null || fail "$name: the daemon died"
	still_there || fail "$name: the established SAs changed: $(cat "$T_DIR/spis")"
	log "ok: $name ($want)"
}
# The established SA: its IKE_AUTH request again, and broken copies;
# twice, the memory measured after the first round (caches warm).
auth_cases() {
	case_ auth-replay resent
	case_ auth-icv mismatch
	case_ auth-ciphertext mismatch
	case_ version-minor mismatch
	case_ msgid-ahead dropped
	case_ msgid-huge dropped
	case_ version-major dropped
	case_ length-short dropped
	case_ length-long dropped
	case_ trailing-bytes dropped
	case_ response-flag dropped
	case_ exchange-unknown dropped
	case_ exchange-init-on-sa dropped
	case_ spi-unknown dropped
	case_ sk-truncated dropped
	case_ sk-empty dropped
	case_ info-unprotected dropped
}
auth_cases
rss0=$(rss)
auth_cases
rss1=$(rss)
log "daemon RSS: $rss0 kB after the first round, $rss1 kB after the second ($n cases in all)"
# Dropped datagrams keep nothing (the sanitizers' own heap aside).
[ "$rss1" -lt $((rss0 + 512)) ] || fail "memory grew: $rss0 -> $rss1 kB"
# New negotiations, broken.
case_ init-critical-unknown notify:1
case_ init-truncated dropped
case_ init-payload-overrun dropped
case_ init-responder-spi dropped
case_ init-msgid alive
case_ init-unknown-noncritical alive
check "the tunnel still carries its SAs" up a
check "the daemon answers" show a "show ikev2 summary"
echo quit >&3
exec 3>&-
stop a
log "done: $n cases"
