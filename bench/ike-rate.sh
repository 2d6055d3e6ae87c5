#!/bin/sh
# bench/ike-rate: IKE_SA + first Child SA setups per second between two
# mgmtsecd, and resident memory per established IKE SA with its Child SA.
# Not a test: it prints medians and asserts nothing.
#
# Two network namespaces joined by a veth pair; router A has NA addresses
# in 198.51.100.0/24, router B 25 addresses in 203.0.113.0/24, and N
# tunnel-ip interfaces pair them up (one per source/destination pair).
# PSK, IKE AES-CBC-128/HMAC-SHA-256/PRF-SHA-256/ECP-256 (group 19), ESP
# AES-128/HMAC-SHA-256 without PFS, --dataplane none.  Both daemons run
# --passive (neither initiates by itself) with the half-open limits raised
# (one address here stands for many peers); each round is `clear ikev2 sa`
# on A, which deletes every IKE SA and initiates all N again, timed until
# A counts N outgoing and B N incoming active IKE SAs and nothing else.
#
# Memory: VmRSS of each daemon with the N tunnels configured and no SA,
# then with all N up; the difference over N is what one IKE SA with its
# Child SA costs that daemon, after the first round and after the last
# (every round deletes and replaces all N, so the last also shows what
# that churn leaves behind).  Of that, bench/ike-mem (if built) says how
# much is the engine's own heap.  CPU: utime+stime of both daemons per
# setup.
#
# Usage (root): bench/ike-rate.sh [-n N] [-r ROUNDS] [-b BUILDDIR]
# Build BUILDDIR without --enable-sanitizers for meaningful figures
# (make mgmtsecd tests/netns/dmnctl bench/ike bench/ike-mem).
set -u

N=1000
ROUNDS=5
BUILD=$(cd "$(dirname "$0")/.." && pwd)
while getopts n:r:b: o; do
	case $o in
	n) N=$OPTARG ;;
	r) ROUNDS=$OPTARG ;;
	b) BUILD=$(cd "$OPTARG" && pwd) ;;
	*) echo "usage: $0 [-n N] [-r ROUNDS] [-b BUILDDIR]" >&2; exit 2 ;;
	esac
done
[ "$(id -u)" -eq 0 ] || { echo "ike-rate: needs root (namespaces)" >&2; exit 2; }
NB=25
NA=$(((N + NB - 1) / NB))
[ "$NA" -le 250 ] || { echo "ike-rate: N at most $((250 * NB))" >&2; exit 2; }
MGMTSECD=$BUILD/mgmtsecd/mgmtsecd
DMNCTL=$BUILD/tests/netns/dmnctl
[ -x "$MGMTSECD" ] && [ -x "$DMNCTL" ] ||
    { echo "ike-rate: build mgmtsecd and tests/netns/dmnctl first" >&2; exit 2; }
if nm "$MGMTSECD" 2>/dev/null | grep -q __asan_init; then
	echo "ike-rate: WARNING: $MGMTSECD is built with sanitizers;" \
	    "figures will be several times too low" >&2
fi

ID="ikr$$"
A=${ID}a
B=${ID}b
DIR=$(mktemp -d /tmp/ike-rate.XXXXXX)
PIDS=""
cleanup() {
	for p in $PIDS; do kill -9 "$p" 2>/dev/null; done
	for p in $PIDS; do wait "$p" 2>/dev/null; done
	ip netns del "$A" 2>/dev/null
	ip netns del "$B" 2>/dev/null
	rm -rf "$DIR"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

now_ms() { echo $(($(date +%s%N) / 1000000)); }

# --- topology ----------------------------------------------------------------
ip netns add "$A"
ip netns add "$B"
ip link add "${A}v" type veth peer name "${B}v"
ip link set "${A}v" netns "$A"
ip link set "${B}v" netns "$B"
for n in "$A" "$B"; do ip -n "$n" link set lo up; done
ip -n "$A" link set "${A}v" up
ip -n "$B" link set "${B}v" up
i=1
while [ "$i" -le "$NA" ]; do
	ip -n "$A" addr add "198.51.100.$i/24" dev "${A}v"
	i=$((i + 1))
done
i=1
while [ "$i" -le "$NB" ]; do
	ip -n "$B" addr add "203.0.113.$i/24" dev "${B}v"
	i=$((i + 1))
done
ip -n "$A" route add 203.0.113.0/24 dev "${A}v"
ip -n "$B" route add 198.51.100.0/24 dev "${B}v"

# --- configuration (dmnctl's KEY|KEY=VALUE lines, one commit each) -----------
conf() {
	# conf SIDE: the configuration of router A or B.
	peerpfx=$1
	cat <<EOF
ikev2 proposal P=
ikev2 proposal P|prf=sha-256
ikev2 proposal P|dh-group=19
ikev2 proposal P|integrity=sha-256
ikev2 proposal P|encryption=aes-cbc-128
ikev2 policy POL=
ikev2 policy POL|proposal=P
keyring K=
keyring K|peer ALL=
keyring K|peer ALL|address=$peerpfx.0 255.255.255.0
keyring K|peer ALL|pre-shared-key=bench-key
ikev2 profile PR=
ikev2 profile PR|keyring=K
ikev2 profile PR|authentication local=pre-shared
ikev2 profile PR|match identity remote any=
ipsec transform-set T=
ipsec transform-set T|transform=esp-128-aes esp-hmac-sha-256
ipsec profile IP=
ipsec profile IP|set ikev2-profile=PR
ipsec profile IP|set transform-set=T
EOF
	awk -v n="$N" -v nb="$NB" -v side="$2" 'BEGIN {
		for (i = 0; i < n; i++) {
			a = "198.51.100." (1 + int(i / nb))
			b = "203.0.113." (1 + i % nb)
			src = side == "a" ? a : b
			dst = side == "a" ? b : a
			t = "interface tunnel-ip" i
			print t "="
			print t "|tunnel mode=ipsec ipv4"
			print t "|tunnel source=" src
			print t "|tunnel destination=" dst
			print t "|tunnel protection ipsec profile=IP"
		}
	}'
}
mkdir -m 700 "$DIR/a" "$DIR/b"
conf 203.0.113 a >"$DIR/a.cfg"
conf 198.51.100 b >"$DIR/b.cfg"
"$DMNCTL" --db "$DIR/a/config.db" commit "$DIR/a.cfg" >/dev/null
"$DMNCTL" --db "$DIR/b/config.db" commit "$DIR/b.cfg" >/dev/null

start() {
	r=$1
	ns=$2
	ip netns exec "$ns" "$MGMTSECD" -d --db "$DIR/$r/config.db" \
	    --dataplane none --passive --cookie-threshold 1000000 \
	    --block-threshold 1000000 --cookie-threshold-total 1000000 \
	    >"$DIR/$r/log" 2>&1 &
	echo $! >"$DIR/$r/pid"
	PIDS="$PIDS $!"
}
start a "$A"
start b "$B"
SA=$DIR/a/mgmtsecd.sock
SB=$DIR/b/mgmtsecd.sock
i=0
until [ -S "$SA" ] && [ -S "$SB" ] &&
    "$DMNCTL" -s "$SA" show ikev2 summary >/dev/null 2>&1 &&
    "$DMNCTL" -s "$SB" show ikev2 summary >/dev/null 2>&1; do
	i=$((i + 1))
	[ "$i" -lt 200 ] || { echo "ike-rate: daemons did not start" >&2; exit 1; }
	sleep 0.1
done
PA=$(cat "$DIR/a/pid")
PB=$(cat "$DIR/b/pid")

rss() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status"; }
cpu() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
# counts SOCK WHICH: "total active negotiating" of a summary line.
counts() {
	"$DMNCTL" -s "$1" show ikev2 summary 2>/dev/null | awk -v w="$2" \
	    'index($0, "Total " w) == 1 { split($NF, x, /[(\/)]/);
		print $(NF - 1), x[2], x[3] }'
}
done_round() {
	[ "$(counts "$SA" Outgoing)" = "$N $N 0" ] &&
	    [ "$(counts "$SB" Incoming)" = "$N $N 0" ] &&
	    [ "$(counts "$SA" Sa)" = "$N $N 0" ] &&
	    [ "$(counts "$SB" Sa)" = "$N $N 0" ]
}

heap() { "$DMNCTL" -s "$1" show ikev2 statistics |
    awk '/^Heap In Use/ { print $NF }'; }
sleep 1
RA0=$(rss "$PA")
RB0=$(rss "$PB")
HA0=$(heap "$SA")
HB0=$(heap "$SB")
HZ=$(getconf CLK_TCK)
echo "ike-rate: N=$N tunnels ($NA x $NB addresses), $ROUNDS rounds;" \
    "$(nproc) CPUs, load $(cut -d' ' -f1 /proc/loadavg);" \
    "$(openssl version | cut -d' ' -f1-2)"
echo "baseline RSS (configured, no SA): A ${RA0} KiB, B ${RB0} KiB"

rates=""
cpus=""
r=1
while [ "$r" -le "$ROUNDS" ]; do
	c0=$(($(cpu "$PA") + $(cpu "$PB")))
	t0=$(now_ms)
	"$DMNCTL" -s "$SA" clear ikev2 >/dev/null
	limit=$((t0 + 120000))
	until done_round; do
		[ "$(now_ms)" -lt "$limit" ] ||
		    { echo "ike-rate: round $r did not finish in 120 s" >&2;
		    counts "$SA" Sa; counts "$SB" Sa; exit 1; }
		sleep 0.05
	done
	t1=$(now_ms)
	c1=$(($(cpu "$PA") + $(cpu "$PB")))
	rate=$(awk -v n="$N" -v ms="$((t1 - t0))" 'BEGIN { printf "%.0f", n * 1000 / ms }')
	us=$(awk -v n="$N" -v t="$((c1 - c0))" -v hz="$HZ" \
	    'BEGIN { printf "%.0f", t * 1e6 / hz / n }')
	echo "round $r: $N setups in $((t1 - t0)) ms = $rate/s;" \
	    "CPU ${us} us per setup (both daemons)"
	rates="$rates $rate"
	cpus="$cpus $us"
	if [ "$r" -eq 1 ]; then
		RA1=$(rss "$PA")
		RB1=$(rss "$PB")
		HA1=$(heap "$SA")
		HB1=$(heap "$SB")
	fi
	r=$((r + 1))
	sleep 0.5
done
RA=$(rss "$PA")
RB=$(rss "$PB")
median() { echo "$@" | tr ' ' '\n' | sort -n | awk 'NF { v[++n] = $1 }
    END { print (n % 2) ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2 }'; }
sorted=$(echo $rates | tr ' ' '\n' | sort -n)
echo "median: $(median $rates) setups/s (min $(echo "$sorted" | head -1)," \
    "max $(echo "$sorted" | tail -1)); median CPU $(median $cpus) us per" \
    "setup"
per() { awk -v a="$1" -v b="$2" -v n="$N" 'BEGIN { printf "%.2f", (b - a) / n }'; }
echo "RSS per IKE SA + Child SA: A (initiator) $(per "$RA0" "$RA1") KiB" \
    "after round 1, $(per "$RA0" "$RA") KiB after round $ROUNDS;" \
    "B (responder) $(per "$RB0" "$RB1") / $(per "$RB0" "$RB") KiB"
hper() { awk -v a="$1" -v b="$2" -v n="$N" 'BEGIN { printf "%.0f", (b - a) / n }'; }
echo "heap per IKE SA + Child SA (malloc in use, after round 1): A" \
    "$(hper "$HA0" "$HA1") bytes, B $(hper "$HB0" "$HB1") bytes;" \
    "now A $(hper "$HA0" "$(heap "$SA")"), B $(hper "$HB0" "$(heap "$SB")")"
echo "retransmissions: A $("$DMNCTL" -s "$SA" show ikev2 statistics |
    awk '/^Retransmissions/ { print $NF }'), B $("$DMNCTL" -s "$SB" show \
    ikev2 statistics | awk '/^Retransmissions/ { print $NF }')"
if [ -x "$BUILD/bench/ike-mem" ]; then
	echo "engine alone (bench/ike-mem, two engines in one process):"
	"$BUILD/bench/ike-mem" -n "$N" 2>&1 | sed 1d | sed 's/^/  /'
fi
if [ -x "$BUILD/bench/ike" ]; then
	echo "crypto floor (bench/ike, one core doing both peers' work):"
	"$BUILD/bench/ike" -g 19 2>&1 | sed 's/^/  /'
fi
kill -TERM "$PA" "$PB"
wait "$PA" "$PB" 2>/dev/null
PIDS=""
exit 0
