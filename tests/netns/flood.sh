#!/bin/sh
# Resource limits under an IKE_SA_INIT flood (root): router A and router B
# keep the seed's tunnel up while B's namespace floods A with the
# capture's IKE_SA_INIT, each copy a new negotiation, first from 250
# addresses no tunnel names, then from B's own address (another port).
# Shown, with the figures in the log: no answer is larger than its
# request (amplification <= 1), state from the flood stays under the
# per-source limit, COOKIEs are demanded, a Child SA rekey completes
# during the flood, and the real tunnel keeps its IKE SA throughout.
. "$(dirname "$0")/lib.sh"
need_root
CAP="${SHARED_DIR:-$top_srcdir/../shared}/captures/ikev2_aes-cbc-256_esp_aes-cbc-128.pcap"
[ -f "$CAP" ] || skip "no capture at $CAP"
FLOOD="$top_builddir/tests/netns/ikeflood"
[ -x "$FLOOD" ] || skip "tests/netns/ikeflood is not built"
t_init
pair
start a
# Only A initiates: no collision at the start to blur "kept its SA".
start b --passive
cli a <"$SEED/router1.cli" >/dev/null 2>&1 || fail "router 1 config"
cli b <"$SEED/router2.cli" >/dev/null 2>&1 || fail "router 2 config"
wait_until 15 up a || fail "tunnel not up"
ike_spi() { show a "show ikev2 session detail" | grep -E '^Local SPI'; }
sleep 1
spi0=$(ike_spi)
child0=$(spi a in)
stat_of() {
	show a "show ikev2 statistics" |
	    awk -v k="$1" 'index($0, k) == 1 { print $NF; exit }'
}
# 250 sources on B's veth (A routes everything back through B).
{
	i=1
	while [ "$i" -le 250 ]; do
		echo "addr add 203.0.113.$i/32 dev $(ns b)v"
		i=$((i + 1))
	done
} >"$T_DIR/addrs"
ip -n "$(ns b)" -batch "$T_DIR/addrs" || fail "cannot add the sources"

# Octets per answer over octets per request.
ratio() { echo "$1" | awk '{ if ($5 == 0) print "0"; else printf "%.3f", ($6 / $5) / ($3 / $2) }'; }
t0=$(now_ms)
out=$(in_ns b "$FLOOD" "$CAP" 198.51.100.5 500 20000 203.0.113.1+250)
t1=$(now_ms)
log "unknown sources: $out in $((t1 - t0)) ms"
r=$(ratio "$out")
log "answer/request bytes: $r"
awk -v r="$r" 'BEGIN { exit !(r <= 1.0) }' || fail "amplification $r > 1"
check "no state kept for unknown sources" [ "$(stat_of 'Half-open IKE SAs')" -eq 0 ]
lines=$(grep -c 'no tunnel is configured for this peer' "$T_DIR/a/daemon.log")
log "log lines for 20000 requests from 250 sources: $lines"
[ "$lines" -le 40 ] || fail "$lines log lines for the flood"

# From B's address itself (the tunnel's peer, another port), the
# IKE_SA_INIT of the project's own engine (so it is acceptable and costs
# the daemon a DH each time it is taken), while a Child SA rekey runs.
PEER="$top_builddir/tests/hostile/peer"
[ -x "$PEER" ] || skip "tests/hostile/peer is not built"
mkfifo "$T_DIR/peer.in"
ip netns exec "$(ns b)" "$PEER" 198.51.100.21:4501 198.51.100.5 \
    <"$T_DIR/peer.in" >"$T_DIR/peer.out" 2>&1 &
T_PIDS="$T_PIDS $!"
exec 3>"$T_DIR/peer.in"
show a "clear ipsec sa" >/dev/null
t0=$(now_ms)
echo "flood 3000" >&3
flooded() { grep -q '^flooded' "$T_DIR/peer.out"; }
wait_until 60 flooded || fail "the peer's flood did not finish"
out=$(grep '^flooded' "$T_DIR/peer.out")
log "from the peer's address: $out in $(($(now_ms) - t0)) ms"
echo "$out" | awk '{ if ($4 > 0) printf "%.1f octets per answer, request %d: ratio %.3f\n", $6 / $4, $8, $6 / $4 / $8 }' >"$T_DIR/amp"
log "$(cat "$T_DIR/amp")"
awk '{ exit !($NF <= 1.0) }' "$T_DIR/amp" || fail "amplification above 1"
ho=$(stat_of 'Half-open IKE SAs')
ck=$(stat_of 'COOKIE Challenges Sent')
log "half-open IKE SAs after it: $ho; COOKIE challenges sent: $ck"
[ "$ho" -le 5 ] || fail "half-open IKE SAs from one address: $ho > 5"
[ "$ck" -gt 0 ] || fail "no COOKIE was demanded"
rekeyed() { up a && [ "$(spi a in)" != "$child0" ] && [ -n "$(spi a in)" ]; }
wait_until 20 rekeyed || fail "the Child SA was not replaced during the flood"
# (The half-open SAs of the flood are listed beside it.)
kept() { ike_spi | grep -qxF "$spi0"; }
check "the real tunnel kept its IKE SA" kept
echo quit >&3
exec 3>&-
check "router B still UP-ACTIVE" up b
kill -0 "$(pid_of a)" || fail "router A died"
stop a
stop b
log "done"
