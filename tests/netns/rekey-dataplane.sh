#!/bin/sh
# Make-before-break through the userspace data plane (SPEC section 7,
# RFC 7296 section 2.8): the seed's routers with `--dataplane userspace`,
# a Child SA lifetime of 120 s (the least the shell accepts; the engine
# rekeys at about 90% of it, less up to 5% jitter) and an IKE SA lifetime
# of 150 s, so the two rekeys come apart, at about 102-108 s and 127-135 s.
# Ping streams of 100 packets a second each way (Router 1 to 192.0.2.2 and
# Router 2 to 192.0.2.1) run across both rekeys (bounded: at most PING_MAX
# packets or 175 s each):
#
#   - the inbound and outbound SPIs of both routers change, and so does
#     the IKE SA; one Child SA and one IKE SA remain on each side
#   - no echo request or reply is lost: every icmp_seq up to the last one
#     answered came back (only the one in flight when the stream is
#     stopped may be missing), and nothing was dropped for want of an SA
#   - the new SAs carry the traffic (their packet counters rise)
#
# About two and a half minutes; it runs beside the other tests.
. "$(dirname "$0")/lib.sh"

PING_I=${PING_I:-0.01}
PING_MAX=${PING_MAX:-17000}
# icmp_seq wraps at 65535: the gap count needs fewer.
[ "$PING_MAX" -le 65000 ] || PING_MAX=65000

t_init
command -v ping >/dev/null 2>&1 || skip "needs ping (iputils-ping)"
[ -c /dev/net/tun ] || skip "needs /dev/net/tun"
pair
T_DATAPLANE=userspace
export T_DATAPLANE

cli a <"$SEED/router1.cli" >/dev/null 2>&1 || fail "router 1 config"
cli b <"$SEED/router2.cli" >/dev/null 2>&1 || fail "router 2 config"
configure a "ikev2 profile ikev2_prof_mgmt_P1 lifetime 150" \
    "ipsec profile ipsec_prof_mgmt_P1 set security-association lifetime seconds 120" \
    >/dev/null || fail "router 1 lifetimes"
configure b "ikev2 profile ikev2_prof_mgmt_P2 lifetime 150" \
    "ipsec profile ipsec_prof_mgmt_P2 set security-association lifetime seconds 120" \
    >/dev/null || fail "router 2 lifetimes"
start a
start b
both_up() { up a && up b; }
wait_until 10 both_up || fail "not UP-ACTIVE"
counts() {
	# counts R: one IKE SA and one Child SA.
	show "$1" "show ikev2 session" >"$T_DIR/$1/session" 2>&1 &&
	    grep -q '^IKE Count           : 1$' "$T_DIR/$1/session" &&
	    grep -q '^Child Count         : 1$' "$T_DIR/$1/session"
}
settled() { counts a && counts b; }
wait_until 10 settled || fail "not one IKE SA and one Child SA each"
# Linux sends IPv6 router solicitations into tunnel-ip1 now and then (with
# backoff, RFC 7559); the IPv4-only tunnel counts them as drops without
# an SA.  Switched off, what remains in that counter is ESP's.
for r in a b; do
	in_ns $r sysctl -q -w net.ipv6.conf.tunnel-ip1.disable_ipv6=1 \
	    >/dev/null 2>&1
done
ping_ok a 192.0.2.2 3 || fail "no traffic through tunnel-ip1 at the start"

ike_id() {
	show "$1" "show ikev2 session" | awk '/^IKE SA ID/ { print $NF; exit }'
}
nosa() {
	show "$1" "show ipsec dataplane" |
	    awk -F': ' '/^Drops \(no SA\)/ { print $2 + 0; exit }'
}
ike0=$(ike_id a)
a_in0=$(spi a in)
a_out0=$(spi a out)
b_in0=$(spi b in)
b_out0=$(spi b out)
nosa_a0=$(nosa a)
nosa_b0=$(nosa b)
log "start: IKE SA $ike0, A in $a_in0 out $a_out0, B in $b_in0 out $b_out0"

# One stream each way, so that each router's outbound SA carries packets
# of its own timing (requests), not only answers to the other's.
in_ns a ping -n -i "$PING_I" -c "$PING_MAX" -w 175 -W 1 192.0.2.2 \
    >"$T_DIR/a/ping.out" 2>&1 &
PING=$!
T_PIDS="$T_PIDS $PING"
in_ns b ping -n -i "$PING_I" -c "$PING_MAX" -w 175 -W 1 192.0.2.1 \
    >"$T_DIR/b/ping.out" 2>&1 &
PING_B=$!
T_PIDS="$T_PIDS $PING_B"

# Poll until both rekeys are done (at most 165 s), the ping going on.
i=0
t0=$(date +%s)
while [ $(($(date +%s) - t0)) -lt 165 ]; do
	i=$(($(date +%s) - t0))
	sleep 1
	kill -0 "$PING" 2>/dev/null || break
	up a || fail "router 1 left UP-ACTIVE after $i s"
	up b || fail "router 2 left UP-ACTIVE after $i s"
	if [ "$(ike_id a)" != "$ike0" ] && [ "$(spi a in)" != "$a_in0" ] &&
	    [ "$(spi b in)" != "$b_in0" ]; then
		break
	fi
done
log "after $i s: IKE SA $(ike_id a), A in $(spi a in) out $(spi a out)"
# The Deletes of the old SAs, and a few more packets on the new ones.
wait_until 15 settled
sleep 2
a_in_pk0=$(sa_count a in Packets)
b_in_pk0=$(sa_count b in Packets)
sleep 1
kill -INT "$PING" "$PING_B" 2>/dev/null
wait "$PING"
wait "$PING_B"
T_PIDS=$(echo "$T_PIDS" | sed "s/ $PING\b//; s/ $PING_B\b//")

check "the Child SA was rekeyed (A in $a_in0 -> $(spi a in))" \
    [ -n "$(spi a in)" -a "$(spi a in)" != "$a_in0" -a \
    "$(spi a out)" != "$a_out0" ]
check "on both routers (B in $b_in0 -> $(spi b in))" \
    [ -n "$(spi b in)" -a "$(spi b in)" != "$b_in0" -a \
    "$(spi b out)" != "$b_out0" ]
check "SPIs agree crosswise" \
    [ "$(spi a in)" = "$(spi b out)" -a "$(spi a out)" = "$(spi b in)" ]
check "the IKE SA was rekeyed ($ike0 -> $(ike_id a))" \
    [ -n "$(ike_id a)" -a "$(ike_id a)" != "$ike0" ]
check "one IKE SA and one Child SA remain on each side" settled

# The streams: every icmp_seq up to the highest answered came back.
stream() {
	# stream R: "SENT RECEIVED MISSING HIGHEST" of router R's ping.
	sent=$(awk '/packets transmitted/ { print $1 }' "$T_DIR/$1/ping.out")
	got=$(awk '/packets transmitted/ { print $4 }' "$T_DIR/$1/ping.out")
	sed -n 's/.*icmp_seq=\([0-9]*\) .*/\1/p' "$T_DIR/$1/ping.out" |
	    sort -n -u | awk -v s="${sent:-0}" -v g="${got:-0}" '
		BEGIN { want = 1; m = 0 }
		{ if ($1 > want) m += $1 - want; want = $1 + 1 }
		END { print s, g, m, want - 1 }'
}
for r in a b; do
	set -- $(stream $r)
	log "ping from $r: $1 sent, $2 received, highest icmp_seq $4, $3 missing before it"
	check "$r's ping stream ran across both rekeys ($1 packets)" \
	    [ "$1" -ge 5000 ]
	check "no packet of $r's stream lost across the rekeys ($3 missing)" \
	    [ "$3" -eq 0 -a "$2" -ge $(($1 - 1)) ]
done
check "nothing dropped for want of an SA (A $nosa_a0 -> $(nosa a), B $nosa_b0 -> $(nosa b))" \
    [ "$(nosa a)" -eq "$nosa_a0" -a "$(nosa b)" -eq "$nosa_b0" ]
check "the new inbound SAs carry the traffic" \
    [ "$(sa_count a in Packets)" -gt "$a_in_pk0" -a \
    "$(sa_count b in Packets)" -gt "$b_in_pk0" ]
stop a
stop b
log "done"
exit 0
