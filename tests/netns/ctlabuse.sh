#!/bin/sh
# Bad clients of the control socket (root, a namespace of its own): 100
# connections at a time that send garbage, a 4 GiB frame header, an
# unknown first request, one octet every 200 ms, or nothing; the daemon
# closes each kind (at once, or within its 5 s slow-client limit), and
# meanwhile a well-behaved `show ikev2 session` still answers, including
# with every connection slot held by slow or silent clients.
. "$(dirname "$0")/lib.sh"
need_root
ABUSE="$top_builddir/tests/netns/ctlabuse"
[ -x "$ABUSE" ] || skip "tests/netns/ctlabuse is not built"
t_init
pair
start a
cli a <"$SEED/router1.cli" >/dev/null 2>&1 || fail "router 1 config"
S=$(sock a)
answers() { show a "show ikev2 summary" | grep -q 'Total Sa'; }
for kind in garbage oversized badhello; do
	out=$("$ABUSE" "$S" "$kind" 100 3)
	log "$kind: $out"
	case $out in
	"100 opened, 100 closed by the daemon"|*" opened, 100 closed"*) ;;
	*) fail "$kind: not every connection was closed ($out)" ;;
	esac
	check "$kind: the daemon answers" answers
done
for kind in slow silent; do
	# 100 clients for 9 s: more than the 64 slots; while they hold
	# them, an operator's command still gets in.
	"$ABUSE" "$S" "$kind" 100 9 >"$T_DIR/$kind.out" &
	abuser=$!
	T_PIDS="$T_PIDS $abuser"
	sleep 2
	t0=$(now_ms)
	check "$kind: an operator's show gets through" answers
	log "$kind: show answered in $(($(now_ms) - t0)) ms"
	wait "$abuser"
	out=$(cat "$T_DIR/$kind.out")
	log "$kind: $out"
	case $out in
	*" closed by the daemon") n=${out#* opened, }; n=${n%% closed*} ;;
	*) n=0 ;;
	esac
	# All of them go: refused, made room for, or dropped after 5 s.
	[ "$n" -ge 100 ] || fail "$kind: only $n of 100 closed ($out)"
done
kill -0 "$(pid_of a)" || fail "the daemon died"
check "the daemon answers at the end" answers
stop a
log "done"
