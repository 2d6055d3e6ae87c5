#!/bin/sh
# Resource limits of a live daemon, measured (root; issue 9).  Router A
# answers (--passive), router B brings up the seed's tunnel and both keep
# replacing its Child SA while B's namespace attacks A:
#
#   1. 40,000 honest IKE_SA_INIT (tests/netns/ikestress) from 1,000 source
#      addresses: 40 of them have a tunnel on A (so their requests make
#      half-open SAs), 960 have none.  The daemon makes exactly its COOKIE
#      threshold of half-open SAs (30) and demands COOKIEs from then on;
#      no source gets more than the per-source threshold (3); every
#      unauthenticated answer is no larger than its request and they come
#      at the bounded rate (100/s); the real tunnel keeps its IKE SA, its
#      Child SA is replaced meanwhile, and the half-open count is back to
#      0 once the half-open timeout (30 s) has passed.
#   2. One source alone: 3 half-open SAs (the per-source threshold), then
#      COOKIEs.
#   3. An honest IKE_SA_INIT, then 1,000 IKE_AUTH that do not open: the
#      half-open SA is deleted after 5 (counted), the honest IKE_AUTH
#      that follows finds nothing, no garbage is answered (nor is any
#      message to the deleted SA's SPI: no INVALID_IKE_SPI), and the
#      daemon's CPU time per message is printed and bounded.
#   4. 32-octet IKE_SA_INIT with an unknown critical payload: the 37-octet
#      refusal would be larger than the request, so nothing is sent.
. "$(dirname "$0")/lib.sh"
need_root
STRESS="$top_builddir/tests/netns/ikestress"
[ -x "$STRESS" ] || skip "tests/netns/ikestress is not built"
t_init
pair
start a --passive
start b
cli a <"$SEED/router1.cli" >/dev/null 2>&1 || fail "router 1 config"
cli b <"$SEED/router2.cli" >/dev/null 2>&1 || fail "router 2 config"
# 40 more tunnels on A, to 198.51.100.100-139 (addresses on B's veth).
{
	echo configure
	i=0
	while [ "$i" -lt 40 ]; do
		n=$((i + 2))
		echo "interface tunnel-ip$n ipv4 address 203.0.113.$((n * 4 + 1)) 255.255.255.252"
		echo "interface tunnel-ip$n tunnel mode ipsec ipv4"
		echo "interface tunnel-ip$n tunnel source MgmtEth0/RP0/CPU0/0"
		echo "interface tunnel-ip$n tunnel destination 198.51.100.$((100 + i))"
		echo "interface tunnel-ip$n tunnel protection ipsec profile ipsec_prof_mgmt_P1"
		i=$((i + 1))
	done
	echo commit
	echo end
} | cli a >"$T_DIR/cfg40.out" 2>&1 || fail "40 tunnels: $(cat "$T_DIR/cfg40.out")"
wait_until 20 up a || fail "tunnel not up"
sleep 1
ike_spi() { show a "show ikev2 session detail" | grep -E '^Local SPI' | head -n 1; }
spi0=$(ike_spi)
[ -n "$spi0" ] || fail "no IKE SPI"
stat_of() {
	show "$1" "show ikev2 statistics" |
	    awk -v k="$2" 'index($0, k) == 1 { print $NF; exit }'
}
field() { echo "$1" | awk -v k="$2" '{ for (i = 1; i < NF; i++) if ($i == k) { print $(i + 1); exit } }'; }
{
	i=0
	while [ "$i" -lt 40 ]; do
		echo "addr add 198.51.100.$((100 + i))/32 dev $(ns b)v"
		i=$((i + 1))
	done
	# The other 960 from the benchmarking range (RFC 2544): A routes
	# them back to B by its default route.
	i=0
	while [ "$i" -lt 960 ]; do
		echo "addr add 198.18.$((i / 250)).$((i % 250 + 1))/32 dev $(ns b)v"
		i=$((i + 1))
	done
} >"$T_DIR/addrs"
ip -n "$(ns b)" -batch "$T_DIR/addrs" || fail "cannot add the sources"
log "1,000 source addresses on B"

# 1. The flood (40,000 at 2,000 a second: 20 s), while the Child SA is
# replaced from each end in turn (CREATE_CHILD_SA with PFS: a DH on both
# sides) and the IKE SA must stay.
inst0=$(stat_of a 'Child SAs Installed')
t0=$(now_ms)
in_ns b "$STRESS" flood 198.51.100.21 198.51.100.5 40000@2000 \
    198.51.100.100+40 198.18.0.1+250 198.18.1.1+250 198.18.2.1+250 \
    198.18.3.1+210 >"$T_DIR/flood.out" 2>&1 &
fpid=$!
T_PIDS="$T_PIDS $fpid"
ho_max=0
samples=0
replaced=0
who=b
kept() { [ "$(ike_spi)" = "$spi0" ]; }
new_child() { c=$(spi a in); [ -n "$c" ] && [ "$c" != "$child" ]; }
while kill -0 "$fpid" 2>/dev/null; do
	ho=$(stat_of a 'Half-open IKE SAs')
	[ "$ho" -gt "$ho_max" ] && ho_max=$ho
	samples=$((samples + 1))
	kept || fail "the real tunnel lost its IKE SA during the flood"
	el=$(($(now_ms) - t0))
	if [ "$el" -gt $((1500 + replaced * 2500)) ] && [ "$el" -lt 17000 ]; then
		child=$(spi a in)
		show "$who" "clear ipsec sa" >/dev/null
		wait_until 5 new_child ||
		    fail "the Child SA was not replaced during the flood ($who)"
		replaced=$((replaced + 1))
		log "Child SA replaced by router $who at $el ms: $child -> $(spi a in)"
		if [ "$who" = b ]; then who=a; else who=b; fi
	fi
	[ "$el" -lt 60000 ] || fail "the flood did not end in 60 s"
	sleep 0.2
done
wait "$fpid" || fail "ikestress flood: $(cat "$T_DIR/flood.out")"
T_PIDS=$(echo "$T_PIDS" | sed "s/ $fpid\b//")
out=$(cat "$T_DIR/flood.out")
log "flood: $out"
ho=$(stat_of a 'Half-open IKE SAs')
ck=$(stat_of a 'COOKIE Challenges Sent')
wh=$(stat_of a 'Unauthenticated Answers Withheld')
log "half-open after the flood: $ho (most sampled: $ho_max in $samples samples);" \
    "COOKIEs sent: $ck; unauthenticated answers withheld: $wh"
sa=$(field "$out" sa-responses)
most=$(field "$out" most-per-source)
check "exactly the COOKIE threshold of half-open SAs made (30): $sa" \
    [ "$sa" -eq 30 ]
check "half-open SAs at most 30 throughout ($ho_max, now $ho)" \
    [ "$ho_max" -le 30 -a "$ho" -le 30 ]
check "COOKIEs demanded once at the threshold ($ck)" [ "$ck" -gt 0 ]
check "no source above the per-source threshold of 3 ($most)" \
    [ "$most" -le 3 ]
# Amplification: the notifies (all but the 30 IKE_SA_INIT responses,
# which each cost the sender a request that passed the COOKIE gate).
echo "$out" | awk '{ for (i = 1; i < NF; i++) v[$i] = $(i + 1) }
    END { na = v["cookies"] + v["no-proposal"] + v["invalid-ke"] + v["other"];
	printf "%d %.3f %d %d\n", na, v["largest"] / v["request"], v["ms"],
	    (v["answers"] * v["request"] >= v["bytes"]) }' >"$T_DIR/amp"
read -r notifies ratio ms bytes_ok <"$T_DIR/amp"
log "unauthenticated answers: $notifies to $(field "$out" sent) requests in $ms ms;" \
    "largest answer / request: $ratio"
check "no answer larger than the request ($ratio)" \
    awk -v r="$ratio" 'BEGIN { exit !(r <= 1.0) }'
check "answer bytes at most request bytes" [ "$bytes_ok" -eq 1 ]
# 100 per second and a burst of 100, over the flood and the second of
# listening after it.
limit=$((100 + 100 * (ms + 1999) / 1000))
check "unauthenticated answers rate-limited ($notifies <= $limit)" \
    [ "$notifies" -le "$limit" ]
check "answers were withheld over the rate ($wh)" [ "$wh" -gt 0 ]
inst=$(($(stat_of a 'Child SAs Installed') - inst0))
log "Child SAs negotiated during the flood: $inst ($replaced replacements asked)"
check "Child SAs replaced from both ends during the flood" [ "$replaced" -ge 2 -a "$inst" -ge "$replaced" ]
check "the real tunnel kept its IKE SA through the flood" kept
check "and is UP-ACTIVE" up a
zero() { [ "$(stat_of a 'Half-open IKE SAs')" -eq 0 ]; }
t1=$(now_ms)
wait_until 40 zero || fail "half-open SAs left: $(stat_of a 'Half-open IKE SAs')"
log "half-open back to 0 $(($(now_ms) - t1)) ms after the flood"

# 2. One source alone.
out=$(in_ns b "$STRESS" flood 198.51.100.21 198.51.100.5 20 198.51.100.100)
log "one source: $out"
check "one source: 3 half-open SAs, then COOKIEs" \
    [ "$(field "$out" sa-responses)" -eq 3 -a \
    "$(field "$out" cookies)" -eq 17 ]

# 3. Garbage IKE_AUTH on a half-open SA of B's own address.
bad0=$(stat_of a 'Half-open Deleted, Bad IKE_AUTH')
out=$(in_ns b "$STRESS" garbage 198.51.100.21:4502 198.51.100.5 1000 \
    "$(pid_of a)") || fail "ikestress garbage: $out"
log "garbage IKE_AUTH: $out"
bad=$(($(stat_of a 'Half-open Deleted, Bad IKE_AUTH') - bad0))
check "the half-open SA was deleted after the failures ($bad)" [ "$bad" -eq 1 ]
check "no garbage answered (no INVALID_IKE_SPI either)" \
    [ "$(field "$out" answers)" -eq 0 ]
check "the honest IKE_AUTH after it finds no SA" \
    [ "$(field "$out" honest-answered)" -eq 0 ]
grep -q 'requests from 198.51.100.21 did not open' "$T_DIR/a/daemon.log" ||
    fail "no log line for the deleted half-open SA"
us=$(field "$out" per-message-us)
check "bounded CPU per garbage message ($us us <= 500)" \
    awk -v u="$us" 'BEGIN { exit !(u != "" && u <= 500) }'

# 4. A refusal larger than its request is not sent.
out=$(in_ns b "$STRESS" tiny 198.51.100.21:4503 198.51.100.5 50)
log "tiny requests: $out"
check "no answer to 32-octet requests" [ "$(field "$out" answers)" -eq 0 ]

check "the real tunnel kept its IKE SA to the end" kept
check "router B still UP-ACTIVE" up b
stop a
stop b
log "done"
