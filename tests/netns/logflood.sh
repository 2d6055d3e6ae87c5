#!/bin/sh
# A flood of IKE_SA_INIT requests (10,000, each a new negotiation from an
# address no tunnel is configured for) against a live mgmtsecd: the log
# gets a bounded number of lines about it and a suppression summary, not
# 10,000 lines; show ikev2 statistics counts the lines left out; the
# daemon stays up and answers.
. "$(dirname "$0")/lib.sh"
need_root
CAP="${SHARED_DIR:-$top_srcdir/../shared}/captures/ikev2_aes-cbc-256_esp_aes-cbc-128.pcap"
[ -f "$CAP" ] || skip "no capture at $CAP"
FLOOD="$top_builddir/tests/netns/ikeflood"
[ -x "$FLOOD" ] || skip "tests/netns/ikeflood is not built"
t_init
pair
# Router A with the seed's tunnel to 198.51.100.21 (so it listens on
# 198.51.100.5:500); the flood comes from 198.51.100.99, which no tunnel
# names.
ip -n "$(ns b)" addr add 198.51.100.99/24 dev "$(ns b)v"
start a
cli a <"$SEED/router1.cli" >/dev/null 2>&1 || fail "router 1 config"
listening() { in_ns a ss -uln | grep -q '198.51.100.5:500'; }
wait_until 10 listening || fail "router A does not listen on 500"
N=10000
sent=$(in_ns b "$FLOOD" "$CAP" 198.51.100.5 500 "$N" 198.51.100.99) ||
    fail "ikeflood failed"
log "sent $sent IKE_SA_INIT requests"
counted() {
	show a "show ikev2 statistics" | awk '/Log Lines Suppressed/ { print $NF }'
}
lines() { grep -c "no tunnel is configured for this peer" \
    "$T_DIR/a/daemon.log"; }
settled() { [ "$(counted)" -gt $((sent / 2)) ]; }
wait_until 20 settled || fail "suppressed lines not counted: $(counted)"
n=$(lines)
log "log lines about it: $n; suppressed: $(counted)"
# A burst per 10 s window and kind (the flood lasts a few seconds).
[ "$n" -le 20 ] || fail "$n log lines for $sent requests"
[ "$n" -ge 1 ] || fail "the first requests were not logged at all"
# The flood has stopped: the next housekeeping after the window sums it up.
summed() { grep -q "suppressed [0-9]* similar messages from 198.51.100.99 in the last" \
    "$T_DIR/a/daemon.log"; }
wait_until 20 summed || fail "no suppression summary in the log"
check "suppression summary logged" true
check "daemon answers after the flood" show a "show ikev2 summary"
kill -0 "$(pid_of a)" || fail "daemon died"
stop a
log "done"
