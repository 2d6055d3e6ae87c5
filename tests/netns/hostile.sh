#!/bin/sh
# A hostile peer against a live mgmtsecd (root): tests/hostile/peer, on
# the project's own engine, sets up the seed's tunnel with router A, then
# sends one message per case that is right but for one thing.  Raw cases
# edit the bytes of a recorded message (header, SK as a whole, replays);
# init cases decode our IKE_SA_INIT, change one field of its SA, KE or
# nonce and encode it again; neg cases run a fresh negotiation whose
# IKE_AUTH request the peer opens with the SA's keys, changes (IDs, AUTH,
# TS, the Child SA's proposal, SK padding, an exchange before IKE_AUTH)
# and protects again; est cases bring up a second IKE SA and send one
# request on it (Deletes and Notifies with bad SPI sizes and counts,
# unknown SPIs, a Delete followed by payloads about what it deleted).
# After each: the expected reaction (the cached response again, a counter,
# a given notify on the wire, opened where it is protected), the daemon
# alive, the tunnel on the same SPIs, no half-open SA left behind; the
# heap back near its baseline after a second round; then a round on UDP
# 4500 with the non-ESP marker.
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
say up up
wait_until 10 up a || fail "router A: tunnel not UP-ACTIVE"
# Straight to the control socket (tests/netns/dmnctl): the same renderer
# as the shell's, without a database to open for every look.
[ -x "$DMNCTL" ] || skip "tests/netns/dmnctl is not built"
dshow() { "$DMNCTL" -s "$(sock a)" show "$@"; }
# stats: one snapshot of show ikev2 statistics; stat_of LABEL reads it.
stats() { dshow ikev2 statistics >"$T_DIR/stats"; }
stat_of() {
	awk -v k="$1" 'index($0, k) == 1 { print $NF; exit }' "$T_DIR/stats"
}
# The established SA's SPIs, IKE and ESP (a half-open SA a case starts
# may be listed beside it).
sa_spis() {
	dshow ikev2 session detail |
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
# How long the peer waits for a first answer: briefly where none comes.
wait_for() {
	case $1 in
	dropped|mismatch|alive) echo 250 ;;
	*) echo 2000 ;;
	esac
}
case_() {
	name=$1
	want=$2
	n=$((n + 1))
	stats
	d0=$(stat_of "Messages Dropped")
	r0=$(stat_of "Responses Resent")
	m0=$(stat_of "Answered IDs, Other Bytes")
	say "impair $name $(wait_for "$want")" done
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
	notify:*) since | grep -qx "reply $name notify ${want#notify:}" ||
		fail "$name: no notify ${want#notify:} on the wire: $(since | grep msg)" ;;
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
# New negotiations and requests on a second IKE SA, from the project's
# codec.  ncase NAME EXPECT [COUNTER]: EXPECT as for case_, or answer:TEXT
# (the daemon's answer, opened, summarised as TEXT); COUNTER a line of
# show ikev2 statistics that must rise.  Afterwards no half-open SA is
# left and no second IKE SA of the tunnel (the scratch one deleted), the
# tunnel keeps its SPIs; on port 4500 every answer came there.
one_session() {
	sa_spis >"$T_DIR/spis"
	[ "$(wc -l <"$T_DIR/spis")" -eq 3 ] && still_there
}
no_half_open() { stats; [ "$(stat_of "Half-open IKE SAs")" -le "$h0" ]; }
ncase() {
	name=$1
	want=$2
	n=$((n + 1))
	stats
	cp "$T_DIR/stats" "$T_DIR/stats0"
	h0=$(stat_of "Half-open IKE SAs")
	d0=$(stat_of "Messages Dropped")
	c0=0
	[ $# -lt 3 ] || c0=$(stat_of "$3")
	say "impair $name $(wait_for "$want")" done
	since >"$T_DIR/case.out"
	stats
	case $want in
	dropped) [ "$(stat_of "Messages Dropped")" -gt "$d0" ] ||
		fail "$name: not dropped" ;;
	notify:*) grep -qx "reply $name notify ${want#notify:}" "$T_DIR/case.out" ||
		fail "$name: no notify ${want#notify:}: $(grep msg "$T_DIR/case.out")" ;;
	answer:*) grep -qxF "reply $name msg ${want#answer:}" "$T_DIR/case.out" ||
		fail "$name: not answered '${want#answer:}': $(grep msg "$T_DIR/case.out")" ;;
	esac
	if [ $# -ge 3 ]; then
		[ "$(stat_of "$3")" -gt "$c0" ] || fail "$name: '$3' did not rise"
	fi
	if [ "$port" = 4500 ] && [ "$want" != dropped ]; then
		grep -q "^reply $name via 4500$" "$T_DIR/case.out" &&
		    ! grep -q "^reply $name via 500$" "$T_DIR/case.out" ||
		    fail "$name: not all on 4500: $(grep via "$T_DIR/case.out")"
	fi
	kill -0 "$(pid_of a)" 2>/dev/null || fail "$name: the daemon died"
	[ "$(stat_of "Half-open IKE SAs")" -le "$h0" ] || wait_until 5 no_half_open ||
	    fail "$name: half-open SAs left: $h0 -> $(stat_of "Half-open IKE SAs")"
	one_session || wait_until 5 one_session ||
	    fail "$name: SAs changed or a second IKE SA left: $(cat "$T_DIR/spis")"
	log "ok: $name ($want${3:+, $3 up})"
}
port=500
init_cases() {
	ncase sa-numbering dropped
	ncase sa-ike-spi-size dropped
	ncase sa-keylen notify:14 NO_PROPOSAL_CHOSEN
	ncase sa-encr-unknown notify:14 NO_PROPOSAL_CHOSEN
	ncase sa-type-unknown notify:14 NO_PROPOSAL_CHOSEN
	ncase sa-prf-missing notify:14 NO_PROPOSAL_CHOSEN
	ncase sa-xform-count dropped
	ncase ke-group notify:17 "INVALID_KE_PAYLOAD Sent"
	ncase ke-short dropped
	ncase ke-point notify:7
	ncase nonce-short dropped
	ncase nonce-long dropped
}
# IKE_AUTH requests opened, changed, protected again with the SA's keys.
neg_cases() {
	ncase auth-method notify:24 AUTHENTICATION_FAILED
	ncase auth-short notify:24 AUTHENTICATION_FAILED
	ncase auth-missing notify:24 AUTHENTICATION_FAILED
	ncase idi-missing notify:7
	ncase idi-fqdn notify:24 AUTHENTICATION_FAILED
	ncase idi-short notify:7
	ncase ts-inverted notify:38 TS_UNACCEPTABLE
	ncase ts-type notify:38 TS_UNACCEPTABLE
	ncase ts-none notify:38 TS_UNACCEPTABLE
	ncase child-spi-size notify:7
	ncase child-unoffered notify:14 NO_PROPOSAL_CHOSEN
	ncase sk-pad-impossible notify:7
	ncase sk-pad-extra "answer:IKE_AUTH response 1 [ SK{ IDr AUTH SA TSi TSr } ]"
	ncase neg-clean "answer:IKE_AUTH response 1 [ SK{ IDr AUTH SA TSi TSr } ]"
	# Message ID 1 still unanswered after the early request: the
	# IKE_AUTH behind it gets its own answer.
	ncase info-before-auth notify:24 "Messages Dropped"
	ncase child-before-auth notify:24 "Messages Dropped"
}
# Requests of ours on a second IKE SA of the tunnel.
est_cases() {
	ncase est-empty "answer:INFORMATIONAL response 2 [ SK ]"
	ncase delete-spi-size notify:7
	ncase delete-unknown-spi "answer:INFORMATIONAL response 2 [ SK ]"
	ncase delete-count notify:7
	ncase notify-spi-size "answer:INFORMATIONAL response 2 [ SK ]"
	ncase delete-ike-then-child "answer:INFORMATIONAL response 2 [ SK ]"
	ncase delete-child-twice "answer:INFORMATIONAL response 2 [ SK ]"
	ncase child-no-sa notify:7
	# The daemon's own IKE_AUTH response sent back to it.
	ncase replay-daemon-response dropped
}
init_cases
neg_cases
est_cases
rss0=$(rss)

# The same classes again, on UDP 4500 with the non-ESP marker; then the
# heap must be where the first round left it.
say "port 4500" "port 4500"
port=4500
ncase sa-keylen notify:14 NO_PROPOSAL_CHOSEN
ncase ke-group notify:17 "INVALID_KE_PAYLOAD Sent"
ncase ke-point notify:7
ncase nonce-short dropped
ncase auth-method notify:24 AUTHENTICATION_FAILED
ncase idi-short notify:7
ncase ts-inverted notify:38 TS_UNACCEPTABLE
ncase child-unoffered notify:14 NO_PROPOSAL_CHOSEN
ncase sk-pad-impossible notify:7
ncase info-before-auth notify:24 "Messages Dropped"
ncase est-empty "answer:INFORMATIONAL response 2 [ SK ]"
ncase delete-spi-size notify:7
ncase delete-ike-then-child "answer:INFORMATIONAL response 2 [ SK ]"
ncase child-no-sa notify:7
say "port 500" "port 500"
port=500
rss1=$(rss)
log "daemon RSS: $rss0 kB after the new cases on 500, $rss1 kB after those on 4500 ($n cases so far)"
[ "$rss1" -lt $((rss0 + 512)) ] || fail "memory grew: $rss0 -> $rss1 kB"

# New negotiations broken in their header (these leave half-open SAs).
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
