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
# Cases, interleaved run by run so a noisy neighbour hits them alike:
#   veth         plain TCP between the namespaces (the ceiling)
#   cbc          mgmtsecd, AES-256-CBC + HMAC-SHA-256-128 (the seed's)
#   gcm          mgmtsecd, AES-256-GCM-16
#   strongswan   charon with kernel-libipsec (its userspace ESP), same
#                veth, AES-256-CBC + HMAC-SHA-256-128
# Then: OpenSSL's single-core bound for each suite (openssl speed, 1408
# octets of cipher + 1432 of HMAC per 1400-octet packet), 64-octet ping
# floods (packets per second) and mgmtsecd's CPU per packet (utime+stime
# of both daemons over the packets their SAs counted).
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
cpu_ticks() {
	awk '{ print $14 + $15 }' "/proc/$(pid_of a)/stat" \
	    "/proc/$(pid_of b)/stat" | awk '{ s += $1 } END { print s }'
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
: >"$T_DIR/veth" ; : >"$T_DIR/cbc" ; : >"$T_DIR/gcm"
: >"$T_DIR/cpu-cbc" ; : >"$T_DIR/cpu-gcm"
hz=$(getconf CLK_TCK)
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
		c0=$(cpu_ticks)
		iperf 192.0.2.2 >>"$T_DIR/$suite"
		c1=$(cpu_ticks)
		p1=$(($(sa_count a out Packets) + $(sa_count b in Packets)))
		# CPU of both daemons per packet encapsulated (and the same
		# packet decapsulated), in microseconds.
		[ "$p1" -gt "$p0" ] && echo "$c0 $c1 $p0 $p1" |
		    awk -v hz="$hz" '{ printf "%.3f\n",
		    ($2 - $1) / hz * 1e6 / (($4 - $3) / 2) }' \
		    >>"$T_DIR/cpu-$suite"
	done
done
g() { awk '{ printf "%.3f\n", $1 / 1e9 }' "$1" | median; }
veth=$(g "$T_DIR/veth")
cbc=$(g "$T_DIR/cbc")
gcm=$(g "$T_DIR/gcm")
echo "veth (no tunnel)           $veth"
echo "mgmtsecd AES-256-CBC+SHA256 $cbc   CPU/packet us: $(median <"$T_DIR/cpu-cbc")"
echo "mgmtsecd AES-256-GCM        $gcm   CPU/packet us: $(median <"$T_DIR/cpu-gcm")"

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
	t = 1408 / ($1 * 1000) + 1432 / ($2 * 1000)
	printf "%.3f", 1400 * 8 / t / 1e9 }')
bound_gcm=$(echo "$gcm_Bps" | awk '{ printf "%.3f", 1400 * 8 / (1408 / ($1 * 1000)) / 1e9 }')
echo
echo "== OpenSSL single-core bound (inner Gbit/s)"
echo "AES-256-CBC + HMAC-SHA256: $bound_cbc    AES-256-GCM: $bound_gcm"

# 64-octet ping flood through the tunnel (seed suite).
transform "esp-256-aes esp-hmac-sha-256"
wait_until 10 both_up || fail "tunnel not up"
c0=$(cpu_ticks)
t0=$(now_ms)
in_ns a ping -f -c 20000 -s 36 -W 1 192.0.2.2 >"$T_DIR/flood" 2>&1
t1=$(now_ms)
c1=$(cpu_ticks)
recv=$(sed -n 's/.* \([0-9]*\) received.*/\1/p' "$T_DIR/flood")
echo
echo "== 64-octet ping flood (20000 echo requests)"
echo "$recv answered in $((t1 - t0)) ms: $(echo "$recv $t0 $t1" |
    awk '{ printf "%.0f", $1 * 2 / (($3 - $2) / 1000) }') packets/s through" \
    "the tunnel (both directions); CPU of both daemons per packet:" \
    "$(echo "$c0 $c1 $recv $hz" | awk '{ printf "%.2f", ($2 - $1) / $4 * 1e6 / ($3 * 2) }') us"

if [ -n "$SW" ]; then
	sh "$here/bench/esp-strongswan.sh" "$RUNS" "$SECS" >"$T_DIR/sw" 2>&1
	sw=$(grep -E '^[0-9.e+]+$' "$T_DIR/sw" | awk '{ printf "%.3f\n", $1 / 1e9 }' | median)
	echo
	echo "== strongSwan 5.9 kernel-libipsec, same veth, AES-256-CBC+SHA256"
	echo "Gbit/s: $sw"
else
	sw="-"
	echo "strongSwan (charon, swanctl) missing: not compared"
fi

echo
echo "== ratios (medians)"
m() { echo "$1" | cut -d' ' -f1; }
echo "$(m "$cbc") $(m "$gcm") $(m "$veth") $bound_cbc $bound_gcm $(m "$sw")" |
    awk '{
	printf "CBC: %.2f x veth, %.2f x OpenSSL bound (target >= 0.5), ", $1 / $3, $1 / $4
	if ($6 != "-" && $6 > 0) printf "%.1f x strongSwan (target >= 10)", $1 / $6
	printf "\nGCM: %.2f x veth, %.2f x OpenSSL bound\n", $2 / $3, $2 / $5 }'
echo "target: CBC >= 2.3 Gbit/s"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
stop a
stop b
exit 0
