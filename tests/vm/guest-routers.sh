#!/bin/sh
# Inside the VM (tests/vm/kernel-dataplane.sh): the seed's two routers with
# `--dataplane kernel`, so Linux's own ESP (XFRM states and policies on a
# vti link) carries the management traffic.
#
#   - tunnel-ip1 is a vti link with the tunnel's outer addresses and its
#     address; `show ipsec dataplane` says kernel; Interface handle is the
#     link's ifindex
#   - the kernel's states are the Child SA's SPIs (as the peer sees them),
#     with the tunnel's mark and a 64-packet inbound replay window
#   - ping 192.0.2.1 <-> 192.0.2.2 through tunnel-ip1; `ip -s xfrm state`
#     counters rise by what was sent, and `show ipsec sa detail` reads them
#   - the veth carries only ESP between the outer addresses
#   - a static route into the tunnel; clear ipsec sa (old states gone, new
#     ones carry the traffic); shutdown / no shutdown
#   - SIGKILL then restart: the leftovers are swept, traffic resumes
#   - SIGTERM removes the vti link, the states and the policies
. "$(dirname "$0")/../netns/lib.sh"
. "$(dirname "$0")/lib-vm.sh"

vm_only
t_init
command -v ping >/dev/null 2>&1 || skip "needs ping (iputils-ping)"
pair
T_DATAPLANE=kernel
export T_DATAPLANE

start a
start b
cli a <"$SEED/router1.cli" >"$T_DIR/a/commit.out" 2>&1 ||
    fail "router 1 configuration failed: $(cat "$T_DIR/a/commit.out")"
cli b <"$SEED/router2.cli" >"$T_DIR/b/commit.out" 2>&1 ||
    fail "router 2 configuration failed: $(cat "$T_DIR/b/commit.out")"
both_up() { up a && up b; }
check "UP-ACTIVE on both routers" wait_until 40 both_up
one_child() { show "$1" "show ikev2 session" |
    grep -q '^Child Count         : 1$'; }
both_one() { one_child a && one_child b; }
check "one Child SA per side" wait_until 20 both_one

# The interface is the kernel's vti link.
for r in a b; do
	in_ns $r ip -d -o link show dev tunnel-ip1 >"$T_DIR/$r/link" 2>&1
	in_ns $r ip -o addr show dev tunnel-ip1 >"$T_DIR/$r/addr" 2>&1
done
check "tunnel-ip1 on A is a vti link 198.51.100.5 -> 198.51.100.21" \
    grep -q 'vti remote 198.51.100.21 local 198.51.100.5' "$T_DIR/a/link"
check "tunnel-ip1 on A is up with MTU 1400" \
    grep -q '[<,]UP[,>].*mtu 1400' "$T_DIR/a/link"
check "tunnel-ip1 on A has 192.0.2.1/24" \
    grep -q 'inet 192.0.2.1/24' "$T_DIR/a/addr"
check "tunnel-ip1 on B has 192.0.2.2/24" \
    grep -q 'inet 192.0.2.2/24' "$T_DIR/b/addr"
idx=$(in_ns a cat /sys/class/net/tunnel-ip1/ifindex)
handle=$(show a "show ipsec sa interface tunnel-ip1" |
    awk '/^Interface handle/ { print $NF }')
check "Interface handle is the vti link's ifindex ($idx = $handle)" \
    [ "$(printf '0x%x' "$idx")" = "$handle" ]
show a "show ipsec dataplane" >"$T_DIR/a/dataplane"
check "show ipsec dataplane names the kernel backend" \
    grep -q '^Data plane          : kernel$' "$T_DIR/a/dataplane"

# The kernel's states are the negotiated SPIs, each side's outbound the
# other's inbound, marked with the tunnel's key.
aout=$(spi a out)
ain=$(spi a in)
kstates a >"$T_DIR/a/states"
kstates b >"$T_DIR/b/states"
log "A's states: $(tr '\n' ';' <"$T_DIR/a/states")"
check "A has two kernel states" [ "$(wc -l <"$T_DIR/a/states")" -eq 2 ]
check "A's outbound state is SPI $aout to 198.51.100.21" \
    grep -q "^198.51.100.5 198.51.100.21 $aout " "$T_DIR/a/states"
check "A's inbound state is SPI $ain from 198.51.100.21" \
    grep -q "^198.51.100.21 198.51.100.5 $ain " "$T_DIR/a/states"
check "B's inbound state is A's outbound SPI" \
    grep -q "^198.51.100.5 198.51.100.21 $aout " "$T_DIR/b/states"
key=$(in_ns a ip -d link show dev tunnel-ip1 | awk '{ for (i = 1; i < NF; i++) if ($i == "ikey") print $(i + 1) }')
mark=$(kfield a "$aout" 6)
m=$((${mark%/*}))
quad=$((m >> 24 & 255)).$((m >> 16 & 255)).$((m >> 8 & 255)).$((m & 255))
check "the states' mark ($mark) is the vti link's key ($key)" \
    [ "$quad" = "$key" -a "$(kfield a "$ain" 6)" = "$mark" ]
check "A's inbound replay window is 64 packets" \
    [ "$(kfield a "$ain" 7)" -eq 64 ]
check "A has the tunnel's in and out policies" [ "$(kcount a policy)" -eq 2 ]

# Ping through the tunnel, the veth captured.
CAP=""
if command -v tcpdump >/dev/null 2>&1; then
	CAP="$T_DIR/a/esp.pcap"
	ip netns exec "$(ns a)" tcpdump -i "$(ns a)v" -U -w "$CAP" \
	    'ip and not (udp port 500 or udp port 4500)' \
	    >"$T_DIR/a/tcpdump.log" 2>&1 &
	TCPDUMP=$!
	T_PIDS="$T_PIDS $TCPDUMP"
	wait_until 10 grep -qs listening "$T_DIR/a/tcpdump.log" ||
	    fail "tcpdump did not start"
	sleep 0.5
fi
ko0=$(kfield a "$aout" 4)
ki0=$(kfield b "$aout" 4)
so0=$(sa_count a out Packets)
in_ns a ping -c 10 -i 0.2 -W 2 -p 6d676d74736563 192.0.2.2 \
    >"$T_DIR/a/ping.out" 2>&1
check "10 pings 192.0.2.1 -> 192.0.2.2 across tunnel-ip1, none lost" \
    grep -q '10 packets transmitted, 10 received' "$T_DIR/a/ping.out"
ko1=$(kfield a "$aout" 4)
ki1=$(kfield b "$aout" 4)
log "ip -s xfrm state: A out $ko0 -> $ko1, B in $ki0 -> $ki1 packets"
check "A's kernel outbound state counted the 10 requests ($ko0 -> $ko1)" \
    [ $((ko1 - ko0)) -eq 10 ]
check "B's kernel inbound state counted them too ($ki0 -> $ki1)" \
    [ $((ki1 - ki0)) -eq 10 ]
check "show ipsec sa detail reads the kernel's counter" \
    [ $(($(sa_count a out Packets) - so0)) -eq 10 ]
bo0=$(kfield b "$ain" 4)
in_ns b ping -c 5 -i 0.2 -W 2 192.0.2.1 >"$T_DIR/b/ping.out" 2>&1
check "5 pings 192.0.2.2 -> 192.0.2.1, none lost" \
    grep -q '5 packets transmitted, 5 received' "$T_DIR/b/ping.out"
check "B's outbound state counted the 5 requests" \
    [ $(($(kfield b "$ain" 4) - bo0)) -eq 5 ]
dp_field() { show a "show ipsec dataplane" | awk -v f="$1" 'index($0, f " ") == 1 { print $NF }'; }
dp_out=$(dp_field "Packets Out")
dp_in=$(dp_field "Packets In")
check "show ipsec dataplane: A sent 15 and received 15 ($dp_out, $dp_in)" \
    [ "$dp_out" -eq 15 -a "$dp_in" -eq 15 ]
if [ -n "$CAP" ]; then
	sleep 0.5
	kill "$TCPDUMP"
	wait "$TCPDUMP" 2>/dev/null
	T_PIDS=$(echo "$T_PIDS" | sed "s/ $TCPDUMP\b//")
	n_all=$(tcpdump -n -r "$CAP" 2>/dev/null | wc -l)
	n_esp=$(tcpdump -n -r "$CAP" 'ip proto 50 and host 198.51.100.5 and host 198.51.100.21' 2>/dev/null | wc -l)
	check "the veth carried ESP only ($n_esp of $n_all packets)" \
	    [ "$n_all" -ge 30 -a "$n_all" -eq "$n_esp" ]
	check "the ping pattern never appears on the wire" \
	    sh -c "! od -An -tx1 -v '$CAP' | tr -d ' \n' | grep -q 6d676d74736563"
else
	log "tcpdump missing: the wire was not checked"
fi

# A static route into the tunnel: 203.0.113.1 lives behind Router 2.
in_ns b ip addr add 203.0.113.1/32 dev lo
configure a "router static address-family ipv4 unicast 203.0.113.0/24 tunnel-ip1" \
    >"$T_DIR/a/route.out" 2>&1
routed() { in_ns a ip route show 203.0.113.0/24 | grep -q 'dev tunnel-ip1'; }
check "router static puts 203.0.113.0/24 into tunnel-ip1" wait_until 5 routed
check "ping 203.0.113.1 through the static route" ping_ok a 203.0.113.1 3

# clear ipsec sa: new Child SA, the old states go, the new ones carry.
show a "clear ipsec sa" >/dev/null || fail "clear ipsec sa"
renewed() { up a && up b && [ -n "$(spi a out)" ] &&
    [ "$(spi a out)" != "$aout" ] && [ "$(spi a out)" = "$(spi b in)" ]; }
check "clear ipsec sa renews the Child SA" wait_until 30 renewed
old_gone() { [ -z "$(kfield a "$aout" 3)" ] && [ -z "$(kfield b "$aout" 3)" ] &&
    [ "$(kcount a state)" -eq 2 ]; }
check "the old kernel states are gone, two new ones" wait_until 10 old_gone
aout=$(spi a out)
check "traffic after clear ipsec sa" wait_until 10 ping_ok a 192.0.2.2 3
check "the new outbound state carries it" [ "$(kfield a "$aout" 4)" -ge 3 ]
check "show ipsec dataplane keeps the old SAs' packets" \
    [ "$(dp_field "Packets Out")" -ge $((dp_out + 3 + 3)) ]

# shutdown takes the link and the SAs down; no shutdown restores both.
configure a "interface tunnel-ip1 shutdown" >/dev/null 2>&1
nosa() { [ "$(kcount a state)" -eq 0 ]; }
check "shutdown removes the kernel states" wait_until 20 nosa
check "shutdown: tunnel-ip1 is down" \
    sh -c "! ip netns exec $(ns a) ip -o link show dev tunnel-ip1 | grep -q '[<,]UP[,>]'"
configure a "no interface tunnel-ip1 shutdown" >/dev/null 2>&1
check "no shutdown: UP-ACTIVE again" wait_until 30 both_up
check "no shutdown: traffic again" wait_until 20 ping_ok a 192.0.2.2 2

# SIGKILL leaves the kernel objects behind; a restart sweeps them.
crash a
check "SIGKILL leaves tunnel-ip1 behind" \
    sh -c "ip netns exec $(ns a) ip link show dev tunnel-ip1 >/dev/null"
left=$(kstates a | awk '{ print $3 }')
check "SIGKILL leaves the two states behind" [ "$(echo $left | wc -w)" -eq 2 ]
start a
swept() { for s in $left; do [ -z "$(kfield a "$s" 3)" ] || return 1; done; }
restarted() { up a && up b && [ "$(kcount a state)" -eq 2 ] && swept; }
check "restart after SIGKILL: the old states swept, UP-ACTIVE" \
    wait_until 40 restarted
check "restart after SIGKILL: one tunnel-ip1, traffic again" \
    wait_until 20 ping_ok a 192.0.2.2 2
check "restart: policies not duplicated" [ "$(kcount a policy)" -eq 2 ]

# SIGTERM removes what the daemon made.
stop a
check "SIGTERM removed tunnel-ip1" \
    sh -c "! ip netns exec $(ns a) ip link show dev tunnel-ip1 >/dev/null 2>&1"
check "SIGTERM removed the states" [ "$(kcount a state)" -eq 0 ]
check "SIGTERM removed the policies" [ "$(kcount a policy)" -eq 0 ]
stop b
check "B's SIGTERM removed its link, states and policies" sh -c \
    "! ip netns exec $(ns b) ip link show dev tunnel-ip1 >/dev/null 2>&1 &&
    [ -z \"\$(ip -n $(ns b) xfrm state)\" ] && [ -z \"\$(ip -n $(ns b) xfrm policy)\" ]"
log "done"
exit 0
