#!/bin/sh
# The userspace data plane end to end (SPEC section 7): the seed's two
# routers with `--dataplane userspace`, management traffic through
# tunnel-ip1 in ESP.
#
#   - tunnel-ip1 exists in each namespace with its address, MTU and state;
#     `show ipsec dataplane` names the backend; the interface handle is
#     the real ifindex
#   - ping 192.0.2.2 from Router 1 and TCP (iperf3) both ways
#   - tcpdump on the veth sees only ESP between the outer addresses and
#     no inner cleartext (the ICMP payload pattern never appears)
#   - `show ipsec sa detail` packet counts equal what was sent
#   - a static route into the tunnel carries traffic to a prefix behind it
#   - clear ipsec sa, shutdown / no shutdown, a daemon restart (SIGTERM
#     and SIGKILL) recover the traffic; SIGTERM removes the interface
#   - removing the interface from the configuration removes it from Linux
. "$(dirname "$0")/lib.sh"

t_init
command -v ping >/dev/null 2>&1 || skip "needs ping (iputils-ping)"
[ -c /dev/net/tun ] || skip "needs /dev/net/tun"
pair
T_DATAPLANE=userspace
export T_DATAPLANE

start a
start b
seed_up
one_child() { show "$1" "show ikev2 session" |
    grep -q '^Child Count         : 1$'; }
both_one() { one_child a && one_child b; }
wait_until 10 both_one || fail "not one Child SA per side"

# The interfaces.
for r in a b; do
	in_ns $r ip -o addr show dev tunnel-ip1 >"$T_DIR/$r/addr" 2>&1
	in_ns $r ip -o link show dev tunnel-ip1 >"$T_DIR/$r/link" 2>&1
done
check "tunnel-ip1 on A has 192.0.2.1/24" \
    grep -q 'inet 192.0.2.1/24' "$T_DIR/a/addr"
check "tunnel-ip1 on B has 192.0.2.2/24" \
    grep -q 'inet 192.0.2.2/24' "$T_DIR/b/addr"
check "tunnel-ip1 is up with MTU 1400" grep -q 'mtu 1400.*state UNKNOWN\|UP.*mtu 1400' "$T_DIR/a/link"
idx=$(in_ns a cat /sys/class/net/tunnel-ip1/ifindex)
handle=$(show a "show ipsec sa interface tunnel-ip1" |
    awk '/^Interface handle/ { print $NF }')
check "Interface handle is the ifindex ($idx = $handle)" \
    [ "$(printf '0x%x' "$idx")" = "$handle" ]
show a "show ipsec dataplane" >"$T_DIR/a/dataplane"
check "show ipsec dataplane names the userspace backend" \
    grep -q '^Data plane          : userspace$' "$T_DIR/a/dataplane"

# Ping through the tunnel while the veth is captured.
CAP=""
if command -v tcpdump >/dev/null 2>&1; then
	CAP="$T_DIR/a/esp.pcap"
	capture_start "$CAP" 'ip and not (udp port 500 or udp port 4500)'
fi
ping_counted
check "B's outbound and A's inbound counted the 10 replies" \
    [ "$(sa_count b out Packets)" -ge 10 -a "$(sa_count a in Packets)" -ge 10 ]
if [ -n "$CAP" ]; then
	capture_stop
	capture_only "$CAP" ESP 'ip proto 50' 18 icmp
else
	log "tcpdump missing: the wire was not checked"
fi

# TCP both ways (iperf3), short.
if command -v iperf3 >/dev/null 2>&1; then
	for dir in "" "-R"; do
		in_ns b iperf3 -s -1 -B 192.0.2.2 >"$T_DIR/b/iperf-s.log" 2>&1 &
		srv=$!
		T_PIDS="$T_PIDS $srv"
		sleep 0.5
		in_ns a timeout 20 iperf3 -c 192.0.2.2 -t 2 $dir -J \
		    >"$T_DIR/a/iperf$dir.json" 2>&1
		rc=$?
		wait "$srv" 2>/dev/null
		T_PIDS=$(echo "$T_PIDS" | sed "s/ $srv\b//")
		bps=$(sed -n 's/.*"bits_per_second":[[:space:]]*\([0-9.e+]*\).*/\1/p' \
		    "$T_DIR/a/iperf$dir.json" | tail -1)
		check "iperf3 TCP $( [ -z "$dir" ] && echo "A->B" || echo "B->A") through the tunnel ($bps bit/s)" \
		    [ "$rc" -eq 0 -a -n "$bps" ]
	done
else
	log "iperf3 missing: TCP not checked"
fi

# A static route into the tunnel: 203.0.113.1 lives behind Router 2.
in_ns b ip addr add 203.0.113.1/32 dev lo
configure a "router static address-family ipv4 unicast 203.0.113.0/24 tunnel-ip1" \
    >"$T_DIR/a/route.out" 2>&1
routed() { in_ns a ip route show 203.0.113.0/24 | grep -q 'dev tunnel-ip1'; }
check "router static puts 203.0.113.0/24 into tunnel-ip1" wait_until 3 routed
check "ping 203.0.113.1 through the static route" ping_ok a 203.0.113.1 3
configure a "no router static address-family ipv4 unicast 203.0.113.0/24 tunnel-ip1" \
    >/dev/null 2>&1
unrouted() { ! in_ns a ip route show 203.0.113.0/24 | grep -q tunnel-ip1; }
check "no router static removes the route" wait_until 3 unrouted

# clear ipsec sa: a new Child SA, traffic resumes.
old=$(spi a out)
show a "clear ipsec sa" >/dev/null || fail "clear ipsec sa"
renewed() { up a && up b && [ -n "$(spi a out)" ] &&
    [ "$(spi a out)" != "$old" ] && [ "$(spi a out)" = "$(spi b in)" ]; }
check "clear ipsec sa renews the Child SA" wait_until 10 renewed
check "traffic after clear ipsec sa" ping_ok a 192.0.2.2 3

# shutdown takes the interface and the SAs down; no shutdown restores.
configure a "interface tunnel-ip1 shutdown" >/dev/null 2>&1
nosa() { [ -z "$(show a "show ipsec sa" | tr -d '\n')" ]; }
check "shutdown removes the SAs" wait_until 10 nosa
check "shutdown: tunnel-ip1 is down" \
    sh -c "! ip netns exec $(ns a) ip -o link show dev tunnel-ip1 | grep -q '[<,]UP[,>]'"
check "shutdown: nothing is routed into tunnel-ip1" \
    sh -c "! ip netns exec $(ns a) ip route show dev tunnel-ip1 2>/dev/null | grep -q ." 
configure a "no interface tunnel-ip1 shutdown" >/dev/null 2>&1
check "no shutdown: UP-ACTIVE again" wait_until 10 both_up
check "no shutdown: traffic again" wait_until 10 ping_ok a 192.0.2.2 2

# A tunnel MTU of 1500: a full-size inner packet makes an outer one larger
# than the veth's MTU, which the kernel must fragment (the raw sending
# socket refuses it; the ESP socket sends it).
configure a "interface tunnel-ip1 mtu 1500" >/dev/null 2>&1
configure b "interface tunnel-ip1 mtu 1500" >/dev/null 2>&1
mtu1500() { in_ns a ip link show dev tunnel-ip1 | grep -q 'mtu 1500'; }
check "mtu 1500 applies to tunnel-ip1" wait_until 5 mtu1500
out0=$(sa_count a out Packets)
in_ns a ping -c 3 -i 0.2 -W 2 -s 1472 -M do 192.0.2.2 \
    >"$T_DIR/a/ping-1500.out" 2>&1
check "3 pings of 1500 octets across tunnel-ip1 (outer IP fragmented)" \
    grep -q '3 packets transmitted, 3 received' "$T_DIR/a/ping-1500.out"
check "A's outbound SA counted them" \
    [ $(($(sa_count a out Packets) - out0)) -eq 3 ]
configure a "no interface tunnel-ip1 mtu" >/dev/null 2>&1
configure b "no interface tunnel-ip1 mtu" >/dev/null 2>&1

# SIGTERM removes what the daemon created; a restart brings it back.
stop a
check "SIGTERM removed tunnel-ip1" \
    sh -c "! ip netns exec $(ns a) ip link show dev tunnel-ip1 >/dev/null 2>&1"
start a
check "restart: UP-ACTIVE again" wait_until 15 both_up
check "restart: traffic again" wait_until 10 ping_ok a 192.0.2.2 2
crash b
start b
check "SIGKILL + restart: UP-ACTIVE again" wait_until 15 both_up
check "SIGKILL + restart: traffic again" wait_until 10 ping_ok a 192.0.2.2 2

# Removing the interface from the configuration removes it from Linux.
configure a "no interface tunnel-ip1" >/dev/null 2>&1
gone() { ! in_ns a ip link show dev tunnel-ip1 >/dev/null 2>&1; }
check "no interface tunnel-ip1 removes the Linux interface" \
    wait_until 5 gone

stop a
stop b
log "done"
exit 0
