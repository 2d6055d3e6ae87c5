#!/bin/sh
# The userspace data plane with ESP in UDP forced (mgmtsecd --force-encap
# on both routers, no NAT between them): the seed's two routers.
#
#   - both sides float to port 4500 and the SAs say UDP encapsulation
#   - ping 192.0.2.2 from Router 1; `show ipsec sa detail` counts equal
#     what was sent
#   - tcpdump on the veth sees only UDP 4500 between the outer addresses,
#     no raw ESP and no inner cleartext
#   - a TCP stream (iperf3) leaves in UDP segmentation offload batches:
#     the veth carries UDP super-packets longer than its MTU (the kernel
#     cuts them only where a real device would), and the receiving daemon
#     decapsulates each datagram of the coalesced reads: B's inbound SA
#     counts exactly what A's outbound SA sent
#   - `show ipsec dataplane` says the offload is in use
#   - clear ipsec sa and a SIGKILL + restart recover the traffic
# Root: namespaces, TUN devices.
T_NAME=dataplane-encap
. "$(dirname "$0")/lib.sh"

t_init
command -v ping >/dev/null 2>&1 || skip "needs ping (iputils-ping)"
command -v tcpdump >/dev/null 2>&1 || skip "needs tcpdump"
command -v iperf3 >/dev/null 2>&1 || skip "needs iperf3"
[ -c /dev/net/tun ] || skip "needs /dev/net/tun"
pair
T_DATAPLANE=userspace
export T_DATAPLANE

start a --force-encap
start b --force-encap
seed_up

for r in a b; do
	show $r "show ipsec sa detail" >"$T_DIR/$r/sa"
	check "router $r: the Child SA is UDP-encapsulated" \
	    grep -q 'UDP Encapsulation *: Yes' "$T_DIR/$r/sa"
done
show a "show ipsec dataplane" >"$T_DIR/a/dataplane"
check "show ipsec dataplane: ESP in UDP with GSO" \
    grep -q 'ESP in UDP with GSO' "$T_DIR/a/dataplane"

# Everything on the veth but IKE on port 500, while ping and TCP run.
CAP="$T_DIR/a/wire.pcap"
capture_start "$CAP" 'ip and not udp port 500' -s 128
ping_counted

# A TCP stream A -> B.
out0=$(sa_count a out Packets)
in0=$(sa_count b in Packets)
in_ns b iperf3 -s -1 -B 192.0.2.2 >"$T_DIR/b/iperf-s.log" 2>&1 &
srv=$!
T_PIDS="$T_PIDS $srv"
sleep 0.5
in_ns a timeout 20 iperf3 -c 192.0.2.2 -t 3 -J >"$T_DIR/a/iperf.json" 2>&1
rc=$?
wait "$srv" 2>/dev/null
T_PIDS=$(echo "$T_PIDS" | sed "s/ $srv\b//")
bps=$(sed -n 's/.*"bits_per_second":[[:space:]]*\([0-9.e+]*\).*/\1/p' \
    "$T_DIR/a/iperf.json" | tail -1)
check "iperf3 TCP A->B through the tunnel ($bps bit/s)" \
    [ "$rc" -eq 0 -a -n "$bps" ]
sleep 0.5
sent=$(($(sa_count a out Packets) - out0))
got=$(($(sa_count b in Packets) - in0))
check "B's inbound SA counted every packet A's outbound SA sent ($sent sent, $got received)" \
    [ "$sent" -gt 1000 -a "$sent" -eq "$got" ]

capture_stop
tcpdump -n -v -r "$CAP" >"$T_DIR/a/wire.txt" 2>/dev/null
capture_only "$CAP" "ESP in UDP" 'udp port 4500' 20 'ip proto 50 or icmp or tcp'
# tcpdump -v prints each IP packet's total length.
big=$(sed -n 's/.* length \([0-9]*\)).*/\1/p' "$T_DIR/a/wire.txt" |
    awk '$1 > 1500 { n++ } END { print n + 0 }')
check "UDP segmentation offload: $big super-packets longer than the MTU" \
    [ "$big" -gt 0 ]

# New Child SAs (clear ipsec sa) and a daemon killed and restarted: the
# traffic comes back, still in UDP.
old_spi=$(spi a out)
show a "clear ipsec sa" >/dev/null 2>&1
renewed() { up a && up b && [ -n "$(spi a out)" ] &&
    [ "$(spi a out)" != "$old_spi" ]; }
check "clear ipsec sa renews the Child SA" wait_until 10 renewed
check "traffic after clear ipsec sa" wait_until 10 ping_ok a 192.0.2.2 2
crash b
start b --force-encap
check "SIGKILL + restart: UP-ACTIVE again" wait_until 15 both_up
check "SIGKILL + restart: traffic again" wait_until 10 ping_ok a 192.0.2.2 2
show b "show ipsec sa detail" >"$T_DIR/b/sa2"
check "after the restart the Child SA is UDP-encapsulated again" \
    grep -q 'UDP Encapsulation *: Yes' "$T_DIR/b/sa2"
stop a
stop b
exit 0
