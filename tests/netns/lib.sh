# tests/netns/lib.sh: the harness of the namespace tests (sourced).
#
# Two routers, each a network namespace with its own database, shell
# (mgmtsec batch mode) and daemon (mgmtsecd -d), joined by a veth pair on
# 198.51.100.0/24: router A is 198.51.100.5 (the seed's Router 1), router
# B 198.51.100.21 (Router 2), each with a default route through the other
# so that `tunnel source MgmtEth0/RP0/CPU0/0` resolves by its default rule.
#
# Everything a test creates is named after its pid, stopped by pid and
# removed on exit (trap), and every wait is bounded.  Without root (or
# without `ip netns`) a test exits 77 with one line saying why.

set -u

: "${top_builddir:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${top_srcdir:=$top_builddir}"
MGMTSEC="$top_builddir/mgmtsec"
MGMTSECD="$top_builddir/mgmtsecd/mgmtsecd"
DMNCTL="$top_builddir/tests/netns/dmnctl"
SEED="$top_srcdir/tests/seed"
# Leak and error checks of the sanitizer build apply to the daemons too;
# the test reads their exit status.
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}"

T_NAME=$(basename "$0" .sh)
T_ID="m$$"
T_DIR=""
T_PIDS=""
T_NS=""
T_FAILED=0

skip() {
	echo "SKIP: $T_NAME: $*"
	exit 77
}

need_root() {
	[ "$(id -u)" -eq 0 ] || skip "needs root (network namespaces)"
	command -v ip >/dev/null 2>&1 || skip "needs iproute2 (ip)"
	ip netns list >/dev/null 2>&1 || skip "ip netns does not work here"
	[ -x "$MGMTSECD" ] || skip "mgmtsecd is not built"
	[ -x "$MGMTSEC" ] || skip "mgmtsec is not built"
}

log() {
	echo "[$T_NAME $(date +%H:%M:%S)] $*"
}

fail() {
	echo "FAIL: $T_NAME: $*" >&2
	T_FAILED=1
	exit 1
}

check() {
	# check DESCRIPTION COMMAND...: fails the test when COMMAND fails.
	desc=$1
	shift
	if "$@"; then
		log "ok: $desc"
	else
		fail "$desc"
	fi
}

cleanup() {
	rc=$?
	for p in $T_PIDS; do
		kill -9 "$p" 2>/dev/null
	done
	for p in $T_PIDS; do
		wait "$p" 2>/dev/null
	done
	for n in $T_NS; do
		ip netns del "$n" 2>/dev/null
	done
	if [ -n "$T_DIR" ] && [ -d "$T_DIR" ]; then
		if [ "$rc" -ne 0 ] && [ "$rc" -ne 77 ]; then
			for f in "$T_DIR"/*/daemon.log; do
				[ -f "$f" ] || continue
				echo "---- $f (last 60 lines)"
				tail -n 60 "$f"
			done
		fi
		if [ -n "${MGMTSEC_TEST_KEEP:-}" ]; then
			echo "kept $T_DIR (MGMTSEC_TEST_KEEP)"
		else
			rm -rf "$T_DIR"
		fi
	fi
	exit "$rc"
}

t_init() {
	need_root
	T_DIR=$(mktemp -d "${TMPDIR:-/tmp}/mgmtsec-$T_NAME.XXXXXX")
	chmod 700 "$T_DIR"
	trap cleanup EXIT
	trap 'exit 1' INT TERM
}

# group_lock: the tests that add or remove the system group mgmtsec
# (and users in it) run one at a time, since make -j2 check runs tests
# side by side and one's groupdel would pull the group from under the
# other.  Held on descriptor 9 until the test's shell exits.
group_lock() {
	command -v flock >/dev/null 2>&1 || skip "needs flock (util-linux)"
	exec 9>"${TMPDIR:-/tmp}/mgmtsec-test-group.lock"
	flock -w 900 9 || fail "waited 900 s for the group lock"
}

# ns NAME: the namespace name of router NAME (a, b, c).
ns() {
	echo "$T_ID$1"
}

# pair: routers a (198.51.100.5) and b (198.51.100.21) on one veth.
pair() {
	a=$(ns a)
	b=$(ns b)
	ip netns add "$a" || fail "cannot create namespace $a"
	T_NS="$T_NS $a"
	ip netns add "$b" || fail "cannot create namespace $b"
	T_NS="$T_NS $b"
	ip link add "${a}v" type veth peer name "${b}v" ||
	    fail "cannot create veth"
	ip link set "${a}v" netns "$a"
	ip link set "${b}v" netns "$b"
	ip -n "$a" addr add 198.51.100.5/24 dev "${a}v"
	ip -n "$b" addr add 198.51.100.21/24 dev "${b}v"
	for n in "$a" "$b"; do
		ip -n "$n" link set lo up
	done
	ip -n "$a" link set "${a}v" up
	ip -n "$b" link set "${b}v" up
	ip -n "$a" route add default via 198.51.100.21
	ip -n "$b" route add default via 198.51.100.5
	mkdir -m 700 "$T_DIR/a" "$T_DIR/b"
}

# in R CMD...: runs CMD in router R's namespace.
in_ns() {
	r=$1
	shift
	ip netns exec "$(ns "$r")" "$@"
}

db() {
	echo "$T_DIR/$1/config.db"
}

sock() {
	echo "$T_DIR/$1/mgmtsecd.sock"
}

# start R [ARGS...]: starts router R's daemon in the foreground mode (with
# the data plane T_DATAPLANE, default none), logs
# in $T_DIR/R/daemon.log, pid in $T_DIR/R/pid; waits for its socket.
start() {
	r=$1
	shift
	rm -f "$(sock "$r")"
	# Not through in_ns: a backgrounded function is a subshell, and its
	# pid would not be the daemon's.  ip netns exec execs the daemon.
	ip netns exec "$(ns "$r")" "$MGMTSECD" -d --db "$(db "$r")" \
	    --dataplane "${T_DATAPLANE:-none}" "$@" \
	    >>"$T_DIR/$r/daemon.log" 2>&1 &
	pid=$!
	echo "$pid" >"$T_DIR/$r/pid"
	T_PIDS="$T_PIDS $pid"
	i=0
	while [ ! -S "$(sock "$r")" ]; do
		i=$((i + 1))
		[ "$i" -le 100 ] || fail "daemon $r did not open its socket"
		kill -0 "$pid" 2>/dev/null || fail "daemon $r died at start"
		sleep 0.05
	done
}

pid_of() {
	cat "$T_DIR/$1/pid"
}

# stop R: SIGTERM, then the exit status must be 0 (clean shutdown; with
# sanitizers, no leak and no error).
stop() {
	r=$1
	pid=$(pid_of "$r")
	kill -TERM "$pid" 2>/dev/null
	i=0
	while kill -0 "$pid" 2>/dev/null; do
		i=$((i + 1))
		[ "$i" -le 200 ] || fail "daemon $r ignored SIGTERM"
		sleep 0.05
	done
	wait "$pid"
	st=$?
	T_PIDS=$(echo "$T_PIDS" | sed "s/ $pid\b//")
	[ "$st" -eq 0 ] || fail "daemon $r exited with status $st"
}

# crash R: SIGKILL (no cleanup at all).
crash() {
	r=$1
	pid=$(pid_of "$r")
	kill -9 "$pid"
	wait "$pid" 2>/dev/null
	T_PIDS=$(echo "$T_PIDS" | sed "s/ $pid\b//")
}

# cli R [mgmtsec args]: the shell of router R, batch mode, no timestamps.
cli() {
	r=$1
	shift
	in_ns "$r" "$MGMTSEC" --db "$(db "$r")" --no-timestamp "$@"
}

# show R CMD: one exec command's output.
show() {
	cli "$1" -c "$2"
}

# configure R LINE...: one configuration session, committed.
configure() {
	r=$1
	shift
	{
		echo configure
		for l in "$@"; do
			echo "$l"
		done
		echo commit
		echo end
	} | cli "$r"
}

# wait_until SECONDS COMMAND...: polls COMMAND every 0.1 s; 0 when it
# succeeded in time, 1 when not.
wait_until() {
	limit=$1
	shift
	end=$(($(date +%s%N) / 1000000 + limit * 1000))
	while :; do
		"$@" && return 0
		[ $(($(date +%s%N) / 1000000)) -lt "$end" ] || return 1
		sleep 0.1
	done
}

# up R: router R has a session UP-ACTIVE.
up() {
	show "$1" "show ikev2 session" 2>/dev/null |
	    grep -q '^Status              : UP-ACTIVE$'
}

# A field of `show ipsec sa interface tunnel-ip1` of router R: in or out.
spi() {
	show "$1" "show ipsec sa interface tunnel-ip1" 2>/dev/null |
	    awk -v d="$2" '
		/^Inbound SA$/ { cur = "in" }
		/^Outbound SA$/ { cur = "out" }
		/^SPI  / && cur == d { print $3; exit }'
}

now_ms() {
	echo $(($(date +%s%N) / 1000000))
}

# sa_count R DIR WHAT: the sum over the Child SAs of router R of the
# Packets (or Bytes) counter of their DIR (in, out) side, from
# `show ipsec sa detail`.
sa_count() {
	show "$1" "show ipsec sa detail" 2>/dev/null |
	    awk -v d="$2" -v w="$3" '
		/^Inbound SA$/ { cur = "in" }
		/^Outbound SA$/ { cur = "out" }
		cur == d && index($0, w " ") == 1 { n += $NF }
		END { print n + 0 }'
}

# ping_ok R ADDR COUNT: COUNT pings from router R to ADDR, all answered.
ping_ok() {
	in_ns "$1" ping -c "$3" -i 0.2 -W 2 -q "$2" >/dev/null 2>&1
}

# capture_start FILE FILTER [TCPDUMP-ARGS...]: tcpdump on router A's veth
# end into FILE until capture_stop; waits until it listens.
capture_start() {
	cf=$1
	cflt=$2
	shift 2
	ip netns exec "$(ns a)" tcpdump -i "$(ns a)v" -U "$@" -w "$cf" \
	    "$cflt" >"$T_DIR/a/tcpdump.log" 2>&1 &
	TCPDUMP=$!
	T_PIDS="$T_PIDS $TCPDUMP"
	wait_until 5 grep -qs listening "$T_DIR/a/tcpdump.log" ||
	    fail "tcpdump did not start"
	sleep 0.5
}

capture_stop() {
	sleep 0.5
	kill "$TCPDUMP"
	wait "$TCPDUMP" 2>/dev/null
	T_PIDS=$(echo "$T_PIDS" | sed "s/ $TCPDUMP\b//")
}

# ping_counted: 10 pings from A to 192.0.2.2 with a pattern that would
# show in a cleartext capture; checks that none is lost and that A's
# outbound and B's inbound SA counted exactly the 10 echo requests.
PING_PATTERN=6d676d74736563
ping_counted() {
	out0=$(sa_count a out Packets)
	in0=$(sa_count b in Packets)
	in_ns a ping -c 10 -i 0.2 -W 2 -p $PING_PATTERN 192.0.2.2 \
	    >"$T_DIR/a/ping.out" 2>&1
	check "10 pings across tunnel-ip1, none lost" \
	    grep -q '10 packets transmitted, 10 received' "$T_DIR/a/ping.out"
	check "A's outbound SA counted the 10 echo requests" \
	    [ $(($(sa_count a out Packets) - out0)) -eq 10 ]
	check "B's inbound SA counted the 10 echo requests" \
	    [ $(($(sa_count b in Packets) - in0)) -eq 10 ]
}

# capture_only FILE WHAT FILTER MIN NOT: every one of the (at least MIN)
# packets in FILE matches FILTER between the outer addresses, none matches
# NOT (the inner cleartext), and the ping pattern appears nowhere.
capture_only() {
	n_all=$(tcpdump -n -r "$1" 2>/dev/null | wc -l)
	n_ok=$(tcpdump -n -r "$1" "($3) and host 198.51.100.5 and host 198.51.100.21" 2>/dev/null | wc -l)
	check "the veth carried $2 only ($n_ok of $n_all packets)" \
	    [ "$n_all" -ge "$4" -a "$n_all" -eq "$n_ok" ]
	check "no $5 on the veth" \
	    [ -z "$(tcpdump -n -r "$1" "$5" 2>/dev/null)" ]
	check "the ping pattern never appears on the wire" \
	    sh -c "! od -An -tx1 -v '$1' | tr -d ' \n' | grep -q $PING_PATTERN"
}

# seed_up: the seed's Router 1 and Router 2 configurations committed on A
# and B (a failure names the shell's output), then both UP-ACTIVE.
both_up() { up a && up b; }
seed_up() {
	cli a <"$SEED/router1.cli" >"$T_DIR/a/commit.out" 2>&1 ||
	    fail "router 1 configuration failed: $(cat "$T_DIR/a/commit.out")"
	cli b <"$SEED/router2.cli" >"$T_DIR/b/commit.out" 2>&1 ||
	    fail "router 2 configuration failed: $(cat "$T_DIR/b/commit.out")"
	wait_until 10 both_up || fail "not UP-ACTIVE on both"
}
