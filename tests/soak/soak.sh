#!/bin/sh
# soak.sh SECONDS: hostile traffic against a live daemon for SECONDS
# (default 600), and whether its memory and descriptors stay flat (root;
# `make soak SOAK_SECONDS=N`, not part of make check).
#
# Router B keeps the seed's tunnel with router A; from B's namespace, in
# rounds until the time is up: an honest IKE_SA_INIT flood from 200
# addresses (tests/netns/ikestress flood), garbage IKE_AUTH on a
# half-open SA (ikestress garbage), 32-octet requests whose refusal would
# be larger (ikestress tiny), random datagrams to ports 500 and 4500
# (dmnctl udp random), and every few rounds a Child SA replacement from
# either end.  Every 10 s router A's RSS (VmRSS), open descriptors and
# heap in use (show ikev2 statistics; 0 under ASan, whose allocator
# mallinfo2 does not see) are sampled and printed.  The
# verdict compares the second quarter of the run (after warm-up) with the
# last quarter: flat when the last quarter's median RSS is within 5 % +
# 1 MiB of the second's, the descriptors within 2, and the real tunnel
# kept its IKE SA throughout (or its rekeyed successor).  Exit 0 flat, 1 not.
. "$(dirname "$0")/../netns/lib.sh"
DURATION=${1:-600}
case $DURATION in
'' | *[!0-9]*) echo "usage: soak.sh [SECONDS]" >&2; exit 2 ;;
esac
[ "$DURATION" -ge 40 ] || { echo "soak.sh: at least 40 s" >&2; exit 2; }
need_root
STRESS="$top_builddir/tests/netns/ikestress"
[ -x "$STRESS" ] || skip "tests/netns/ikestress is not built"
[ -x "$DMNCTL" ] || skip "tests/netns/dmnctl is not built"
# A sanitizer build's quarantine would grow RSS by itself for minutes:
# keep it small, so what grows is the daemon's.
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:quarantine_size_mb=4"
t_init
pair
start a
start b --passive
cli a <"$SEED/router1.cli" >/dev/null 2>&1 || fail "router 1 config"
cli b <"$SEED/router2.cli" >/dev/null 2>&1 || fail "router 2 config"
wait_until 20 up a || fail "tunnel not up"
sleep 1
ike_spi() { show a "show ikev2 session detail" | grep -E '^Local SPI'; }
spi0=$(ike_spi)
stat_of() {
	show a "show ikev2 statistics" |
	    awk -v k="$1" 'index($0, k) == 1 { print $NF; exit }'
}
rk0=$(stat_of 'IKE SA Rekeys')
ikerekeys=0
# The IKE SA is the same, or replaced by its own rekey (the lifetime is
# 600 s: a long soak sees one), never set up anew.
kept() {
	cur=$(ike_spi)
	[ "$cur" = "$spi0" ] && return 0
	rk=$(stat_of 'IKE SA Rekeys')
	[ -n "$cur" ] && [ "$rk" -gt "$rk0" ] || return 1
	log "IKE SA rekeyed: $spi0 -> $cur"
	spi0=$cur
	rk0=$rk
	ikerekeys=$((ikerekeys + 1))
}
{
	i=0
	while [ "$i" -lt 200 ]; do
		echo "addr add 198.18.$((i / 250)).$((i % 250 + 1))/32 dev $(ns b)v"
		i=$((i + 1))
	done
} >"$T_DIR/addrs"
ip -n "$(ns b)" -batch "$T_DIR/addrs" || fail "cannot add the sources"
apid=$(pid_of a)
rss() { awk '/^VmRSS:/ { print $2 }' "/proc/$apid/status"; }
fds() { ls "/proc/$apid/fd" | wc -l; }
heap() {
	show a "show ikev2 statistics" |
	    awk 'index($0, "Heap In Use") == 1 { print $NF; exit }'
}
log "soak of $DURATION s against pid $apid; samples: seconds rss-kB fds heap"
: >"$T_DIR/samples"
t0=$(now_ms)
next=0
round=0
sent=0
while :; do
	el=$((($(now_ms) - t0) / 1000))
	[ "$el" -lt "$DURATION" ] || break
	if [ "$el" -ge "$next" ]; then
		line="$el $(rss) $(fds) $(heap)"
		echo "$line" >>"$T_DIR/samples"
		log "sample $line"
		next=$((next + 10))
	fi
	round=$((round + 1))
	in_ns b "$STRESS" flood 198.51.100.21 198.51.100.5 2000@1000 \
	    198.18.0.1+200 >"$T_DIR/r.out" 2>&1 || fail "flood: $(cat "$T_DIR/r.out")"
	in_ns b "$STRESS" garbage 198.51.100.21:4502 198.51.100.5 200 \
	    >"$T_DIR/r.out" 2>&1 || fail "garbage: $(cat "$T_DIR/r.out")"
	in_ns b "$STRESS" tiny 198.51.100.21:4503 198.51.100.5 100 \
	    >"$T_DIR/r.out" 2>&1 || fail "tiny: $(cat "$T_DIR/r.out")"
	for port in 500 4500; do
		in_ns b "$DMNCTL" udp 198.51.100.5 "$port" random 200 \
		    "$round" >/dev/null 2>&1
	done
	sent=$((sent + 2000 + 200 + 100 + 400))
	if [ $((round % 5)) -eq 0 ]; then
		if [ $((round % 10)) -eq 0 ]; then r=a; else r=b; fi
		show "$r" "clear ipsec sa" >/dev/null
	fi
	kill -0 "$apid" 2>/dev/null || fail "router A died"
	kept || fail "the real tunnel lost its IKE SA"
done
echo "$(( ($(now_ms) - t0) / 1000 )) $(rss) $(fds) $(heap)" >>"$T_DIR/samples"
log "$round rounds, $sent hostile datagrams, $ikerekeys IKE SA rekeys," \
    "$(stat_of 'Child SA Rekeys') Child SA rekeys," \
    "$(stat_of 'Half-open Deleted, Bad IKE_AUTH') half-open SAs deleted," \
    "$(stat_of 'Unauthenticated Answers Withheld') answers withheld"
# Medians of the second and the last quarter.
verdict=$(awk -v d="$DURATION" '
	function median(a, n,    i, j, t) {
		for (i = 2; i <= n; i++)
			for (j = i; j > 1 && a[j - 1] > a[j]; j--) {
				t = a[j]; a[j] = a[j - 1]; a[j - 1] = t
			}
		return n ? a[int((n + 1) / 2)] : 0
	}
	$1 >= d / 4 && $1 < d / 2 { q2r[++n2] = $2; q2f[n2] = $3 }
	$1 >= d * 3 / 4 { q4r[++n4] = $2; q4f[n4] = $3 }
	END {
		r2 = median(q2r, n2); r4 = median(q4r, n4)
		f2 = median(q2f, n2); f4 = median(q4f, n4)
		flat = (n2 > 0 && n4 > 0 && r4 <= r2 * 1.05 + 1024 && f4 <= f2 + 2)
		v = flat ? "flat" : "GROWING"
		printf "%s rss %d -> %d kB, fds %d -> %d", v, r2, r4, f2, f4
	}' "$T_DIR/samples")
log "verdict: $verdict (second quarter -> last quarter, medians)"
case $verdict in
flat*) ;;
*) fail "not flat: $verdict" ;;
esac
check "router B still UP-ACTIVE" up b
stop a
stop b
log "done"
