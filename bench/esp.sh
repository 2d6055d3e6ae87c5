#!/bin/sh
# bench/esp.sh (root): ESP throughput through tunnel-ip1 between two
# mgmtsecd routers in network namespaces with the userspace data plane,
# against what bounds it, all in one run (a benchmark: it prints figures,
# it asserts nothing about speed).
#
#	sh bench/esp.sh [-b BUILD] [-r RUNS] [-t SECONDS]
#
#   BUILD    a build tree without sanitizers (default: this tree)
#   RUNS     iperf3 runs per case (default 5), SECONDS each (default 10)
#
# Cases (the first three interleaved run by run, so a noisy neighbour
# hits them alike):
#   veth         plain TCP between the namespaces (the ceiling)
#   cbc          mgmtsecd, AES-256-CBC + HMAC-SHA-256-128 (the seed's)
#   gcm          mgmtsecd, AES-256-GCM-16
#   (both first with raw ESP, the default, then again with both daemons
#   restarted with --force-encap: ESP in UDP, sent and received in
#   segmentation offload batches)
#   strongswan   after mgmtsecd stops: charon in both namespaces with
#                kernel-libipsec (its userspace ESP, always in UDP), same
#                veth and inner addresses, AES-256-CBC + HMAC-SHA-256-128
# Then: OpenSSL's single-core bound for each suite (openssl speed, 1408
# octets of cipher + 1432 of HMAC per 1400-octet packet), 64-octet ping
# floods (packets per second) and mgmtsecd's CPU per packet (the run
# time of both daemons' threads, from schedstat, over the packets their
# SAs counted).
set -u
BUILD=""
RUNS=5
SECS=10
while getopts b:r:t: o; do
	case $o in
	b) BUILD=$OPTARG ;;
	r) RUNS=$OPTARG ;;
	t) SECS=$OPTARG ;;
	*) echo "usage: $0 [-b BUILD] [-r RUNS] [-t SECONDS]" >&2; exit 2 ;;
	esac
done
here=$(cd "$(dirname "$0")/.." && pwd)
top_srcdir=$here
top_builddir=${BUILD:-$here}
export top_srcdir top_builddir
# lib.sh's helpers (namespaces by pid, cleanup on exit, bounded waits).
. "$here/tests/netns/lib.sh"
T_NAME=bench-esp
t_init
for c in iperf3 ping openssl; do
	command -v $c >/dev/null 2>&1 || skip "needs $c"
done
CHARON=/usr/lib/ipsec/charon
pair
T_DATAPLANE=userspace
export T_DATAPLANE

median() { sort -g | awk '{ v[NR] = $1 } END {
	if (NR == 0) { print "-"; exit }
	m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
	printf "%.3f %.3f %.3f\n", m, v[1], v[NR] }'; }

echo "== machine"
echo "cpu: $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)" \
    "x $(nproc)"
echo "flags: $(grep -o -w -E 'aes|sha_ni|avx2|vaes|pclmulqdq' /proc/cpuinfo |
    sort -u | tr '\n' ' ')"
echo "kernel: $(uname -r); $(openssl version)"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"

# iperf3 TCP from a to b, bits per second (one number).
iperf() {
	in_ns b iperf3 -s -1 -B "$1" >/dev/null 2>&1 &
	srv=$!
	sleep 0.3
	in_ns a timeout $((SECS + 10)) iperf3 -c "$1" -t "$SECS" -O 1 -J \
	    2>/dev/null | sed -n \
	    '/"sum_received"/,/}/s/.*"bits_per_second":[[:space:]]*\([0-9.e+]*\).*/\1/p' |
	    head -1
	wait "$srv" 2>/dev/null
}

# The mgmtsecd configuration of both routers with transform $1.
transform() {
	configure a "ipsec transform-set ts_mgmt_P1 transform $1" >/dev/null
	configure b "ipsec transform-set ts_mgmt_P2 transform $1" >/dev/null
	show a "clear ikev2 sa" >/dev/null
}
both_up() { up a && up b && ping_ok a 192.0.2.2 1; }
# CPU nanoseconds of both daemons, all their threads (schedstat counts
# what they ran exactly, where utime and stime are sampled at the tick).
cpu_ns() {
	cat "/proc/$(pid_of a)"/task/*/schedstat \
	    "/proc/$(pid_of b)"/task/*/schedstat |
	    awk '{ s += $1 } END { printf "%.0f\n", s }'
}

# strongSwan in namespace $1 (a or b): its own /run (charon hard-codes
# its pid file), kernel-libipsec, one connection to the other namespace.
charon_version() {
	dpkg-query -W -f '${Version}' strongswan-charon 2>/dev/null || echo "?"
}
charon_start() {
	d="$T_DIR/sw-$1"
	mkdir -p "$d/run"
	if [ "$1" = a ]; then
		me=198.51.100.5 peer=198.51.100.21 in=192.0.2.1 out=192.0.2.2
	else
		me=198.51.100.21 peer=198.51.100.5 in=192.0.2.2 out=192.0.2.1
	fi
	ip -n "$(ns "$1")" addr add "$in/32" dev lo
	cat >"$d/strongswan.conf" <<EOF
charon {
	load = random nonce aes openssl sha1 sha2 hmac kdf kernel-libipsec kernel-netlink socket-default vici
	port = 500
	port_nat_t = 4500
	install_virtual_ip = no
	plugins { vici { socket = unix:///run/charon.vici } }
}
EOF
	cat >"$d/swanctl.conf" <<EOF
connections { bench {
	version = 2
	local_addrs = $me
	remote_addrs = $peer
	proposals = aes256-sha256-ecp256
	encap = yes
	local { auth = psk
		id = $me }
	remote { auth = psk
		id = $peer }
	children { bench {
		local_ts = $in/32
		remote_ts = $out/32
		esp_proposals = aes256-sha256
		start_action = none } }
} }
secrets { ike-bench { id-a = 198.51.100.5
	id-b = 198.51.100.21
	secret = "cisco123" } }
EOF
	setsid ip netns exec "$(ns "$1")" unshare --mount --propagation \
	    private -- /bin/sh -c 'mount --bind "$1" /run && exec env \
	    STRONGSWAN_CONF="$2" "$3"' charon "$d/run" "$d/strongswan.conf" \
	    "$CHARON" >"$d/charon.stdout" 2>&1 </dev/null &
	T_PIDS="$T_PIDS $!"
	vici() { [ -S "$d/run/charon.vici" ]; }
	wait_until 10 vici || fail "charon in $1 did not start"
	swc "$1" --load-all --file "$d/swanctl.conf" >"$d/load.txt" 2>&1 ||
	    fail "swanctl --load-all ($1): $(cat "$d/load.txt")"
}
swc() {
	n=$1
	c=$2
	shift 2
	STRONGSWAN_CONF="$T_DIR/sw-$n/strongswan.conf" swanctl "$c" \
	    --uri "unix://$T_DIR/sw-$n/run/charon.vici" "$@"
}
# The strongSwan case: both charons, one tunnel, RUNS iperf3 figures.
strongswan_runs() {
	charon_start a
	charon_start b
	swc a --initiate --child bench >"$T_DIR/sw-init.txt" 2>&1 ||
	    { echo "strongSwan: initiate failed" >&2; return; }
	sw_ping() { in_ns a ping -c 1 -W 1 192.0.2.2 >/dev/null 2>&1; }
	wait_until 10 sw_ping || { echo "strongSwan: no ping" >&2; return; }
	j=0
	while [ "$j" -lt "$RUNS" ]; do
		j=$((j + 1))
		iperf 192.0.2.2
	done
}

start a
start b
cli a <"$SEED/router1.cli" >/dev/null 2>&1 || fail "router 1 config"
cli b <"$SEED/router2.cli" >/dev/null 2>&1 || fail "router 2 config"
wait_until 10 both_up || fail "tunnel not up"

# strongSwan between two more namespaces of its own, same addresses.
SW=""
if [ -x "$CHARON" ] && command -v swanctl >/dev/null 2>&1; then
	SW=1
fi

echo
echo "== iperf3 TCP, $RUNS x ${SECS} s (Gbit/s: median min max)"
: >"$T_DIR/veth"
# RUNS rounds of the tunnel cases with ESP as $1 ("raw" or "udp"), each
# round after one of plain veth.
tunnel_runs() {
	for suite in cbc gcm; do
		: >"$T_DIR/$suite-$1"
		: >"$T_DIR/cpu-$suite-$1"
	done
	i=0
	while [ "$i" -lt "$RUNS" ]; do
		i=$((i + 1))
		iperf 198.51.100.21 >>"$T_DIR/veth"
		for suite in cbc gcm; do
			case $suite in
			cbc) transform "esp-256-aes esp-hmac-sha-256" ;;
			gcm) transform "esp-gcm-256" ;;
			esac
			wait_until 10 both_up || fail "tunnel not up ($suite)"
			p0=$(($(sa_count a out Packets) + $(sa_count b in Packets)))
			c0=$(cpu_ns)
			iperf 192.0.2.2 >>"$T_DIR/$suite-$1"
			c1=$(cpu_ns)
			p1=$(($(sa_count a out Packets) + $(sa_count b in Packets)))
			# CPU of both daemons per packet encapsulated (and the
			# same packet decapsulated), in microseconds.
			[ "$p1" -gt "$p0" ] && echo "$c0 $c1 $p0 $p1" |
			    awk '{ printf "%.3f\n",
			    ($2 - $1) / 1e3 / (($4 - $3) / 2) }' \
			    >>"$T_DIR/cpu-$suite-$1"
		done
	done
}
tunnel_runs raw
# The same with ESP in UDP forced: both daemons again, --force-encap.
stop a
stop b
start a --force-encap
start b --force-encap
wait_until 10 both_up || fail "tunnel not up (--force-encap)"
tunnel_runs udp
g() { awk '{ printf "%.3f\n", $1 / 1e9 }' "$1" | median; }
veth=$(g "$T_DIR/veth")
cbc=$(g "$T_DIR/cbc-raw")
gcm=$(g "$T_DIR/gcm-raw")
cbcu=$(g "$T_DIR/cbc-udp")
gcmu=$(g "$T_DIR/gcm-udp")
echo "veth (no tunnel)                      $veth"
echo "mgmtsecd AES-256-CBC+SHA256, raw ESP  $cbc   CPU/packet us: $(median <"$T_DIR/cpu-cbc-raw")"
echo "mgmtsecd AES-256-GCM, raw ESP         $gcm   CPU/packet us: $(median <"$T_DIR/cpu-gcm-raw")"
echo "mgmtsecd AES-256-CBC+SHA256, in UDP   $cbcu   CPU/packet us: $(median <"$T_DIR/cpu-cbc-udp")"
echo "mgmtsecd AES-256-GCM, in UDP          $gcmu   CPU/packet us: $(median <"$T_DIR/cpu-gcm-udp")"
echo "(in UDP: mgmtsecd --force-encap, ESP-in-UDP with segmentation offload)"

# OpenSSL's single-core bound: CBC encryption of 1408 octets plus HMAC of
# 1432 per 1400-octet inner packet; GCM with -aead at 1408.
speed() {
	openssl speed -mr -seconds 2 -bytes "$2" $1 2>/dev/null |
	    awk -F: '/^\+F:/ { print $4 }' | tail -1
}
cbc_Bps=$(speed "-evp aes-256-cbc" 1408)
mac_Bps=$(speed "-hmac sha256" 1432)
gcm_Bps=$(speed "-aead -evp aes-256-gcm" 1408)
bound_cbc=$(echo "$cbc_Bps $mac_Bps" | awk '{
	t = 1408 / $1 + 1432 / $2
	printf "%.3f", 1400 * 8 / t / 1e9 }')
bound_gcm=$(echo "$gcm_Bps" | awk '{ printf "%.3f", 1400 * 8 / (1408 / $1) / 1e9 }')
echo
echo "== OpenSSL single-core bound (inner Gbit/s)"
echo "AES-256-CBC + HMAC-SHA256: $bound_cbc    AES-256-GCM: $bound_gcm"

# 64-octet ping flood through the tunnel (seed suite).
transform "esp-256-aes esp-hmac-sha-256"
wait_until 10 both_up || fail "tunnel not up"
c0=$(cpu_ns)
t0=$(now_ms)
in_ns a ping -f -c 20000 -s 36 -W 1 192.0.2.2 >"$T_DIR/flood" 2>&1
t1=$(now_ms)
c1=$(cpu_ns)
recv=$(sed -n 's/.* \([0-9]*\) received.*/\1/p' "$T_DIR/flood")
echo
echo "== 64-octet ping flood (20000 echo requests, ESP in UDP)"
echo "$recv answered in $((t1 - t0)) ms: $(echo "$recv $t0 $t1" |
    awk '{ printf "%.0f", $1 * 2 / (($3 - $2) / 1000) }') packets/s through" \
    "the tunnel (both directions); CPU of both daemons per packet:" \
    "$(echo "$c0 $c1 $recv" | awk '{ printf "%.2f", ($2 - $1) / 1e3 / ($3 * 2) }') us"

stop a
stop b
if [ -n "$SW" ]; then
	strongswan_runs >"$T_DIR/sw"
	sw=$(awk '{ printf "%.3f\n", $1 / 1e9 }' "$T_DIR/sw" | median)
	echo
	echo "== strongSwan $(charon_version) kernel-libipsec, same veth," \
	    "AES-256-CBC+SHA256, $RUNS x ${SECS} s"
	echo "Gbit/s: $sw"
else
	sw="-"
	echo "strongSwan (charon, swanctl) missing: not compared"
fi

echo
echo "== ratios (medians)"
m() { echo "$1" | cut -d' ' -f1; }
for esp in raw udp; do
	if [ $esp = raw ]; then c=$cbc; G=$gcm; else c=$cbcu; G=$gcmu; fi
	echo "$esp $(m "$c") $(m "$G") $(m "$veth") $bound_cbc $bound_gcm $(m "$sw")" |
	    awk '{
		printf "%s ESP: CBC %.2f x veth, %.2f x OpenSSL bound (target >= 0.5), ", $1, $2 / $4, $2 / $5
		if ($7 != "-" && $7 > 0) printf "%.1f x strongSwan (target >= 10)", $2 / $7
		printf "\n         GCM %.2f x veth, %.2f x OpenSSL bound\n", $3 / $4, $3 / $6 }'
done
echo "target: CBC >= 2.3 Gbit/s"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
exit 0
