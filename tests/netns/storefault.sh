#!/bin/sh
# The daemon keeps its SAs when the store goes bad under it (root; issue
# 9).  With the seed's tunnel up, router A's database is changed behind
# the store's back the way a failing disk changes it: one value of a
# running row (the tunnel's destination: applied, it would tear the
# tunnel down and aim it elsewhere) and the state row's generation, so
# the daemon has to read running again.  On SIGHUP and on a commit
# notification the daemon must refuse it (the running configuration no
# longer matches the checksum its last commit stored), log a line that
# says so and how to recover, and keep the IKE SA and the Child SA with
# their SPIs; the shell refuses the database too; a second daemon will
# not start on it.  Once the row is put back, SIGHUP applies the
# configuration again and the SAs are still the same.
. "$(dirname "$0")/lib.sh"
need_root
command -v sqlite3 >/dev/null 2>&1 || skip "needs sqlite3"
[ -x "$DMNCTL" ] || skip "tests/netns/dmnctl is not built"
t_init
pair
start a
start b --passive
cli a <"$SEED/router1.cli" >/dev/null 2>&1 || fail "router 1 config"
cli b <"$SEED/router2.cli" >/dev/null 2>&1 || fail "router 2 config"
wait_until 15 up a || fail "tunnel not up"
sleep 1
# Through the control socket alone: the shell will not open the
# damaged database, the daemon's state is what is checked.
dshow() { in_ns a "$DMNCTL" -s "$(sock a)" show "$@" 2>/dev/null; }
ike_spi() { dshow ikev2 session detail | grep -E '^Local SPI'; }
child() {
	dshow ipsec sa tunnel-ip1 | awk -v d="$1" '
		/^Inbound SA$/ { cur = "in" }
		/^Outbound SA$/ { cur = "out" }
		/^SPI  / && cur == d { print $3; exit }'
}
spi0=$(ike_spi)
in0=$(child in)
out0=$(child out)
[ -n "$spi0" ] && [ -n "$in0" ] && [ -n "$out0" ] || fail "no SPIs"
[ "$in0" = "$(spi a in)" ] || fail "dmnctl and the shell disagree"
log "IKE SA $spi0, Child SA in $in0 out $out0"
same() {
	[ "$(ike_spi)" = "$spi0" ] && [ "$(child in)" = "$in0" ] &&
	    [ "$(child out)" = "$out0" ]
}
dup() { dshow ikev2 session | grep -q '^Status              : UP-ACTIVE$'; }

key=$(sqlite3 "$(db a)" "SELECT key FROM running WHERE value = '198.51.100.21' AND key LIKE '%destination%'")
[ -n "$key" ] || fail "no destination row in running"
gen=$(sqlite3 "$(db a)" "SELECT generation FROM state")
sqlite3 "$(db a)" "UPDATE running SET value = '198.51.100.99' WHERE key = '$key'; UPDATE state SET generation = generation + 1" ||
    fail "cannot damage the database"
log "running row '$key' changed behind the store, generation $gen -> $((gen + 1))"

refused() {
	grep -c 'cannot apply the running configuration: read running: database .* is damaged (the running configuration does not match the checksum its last commit stored).*keeping' \
	    "$T_DIR/a/daemon.log"
}
kill -HUP "$(pid_of a)"
n1() { [ "$(refused)" -ge 1 ]; }
wait_until 10 n1 || fail "no refusal logged after SIGHUP"
log "daemon: $(grep 'cannot apply the running configuration' "$T_DIR/a/daemon.log" | tail -n 1)"
check "SIGHUP: IKE and Child SPIs kept" same
in_ns a "$DMNCTL" -s "$(sock a)" notify >"$T_DIR/notify.out" 2>&1
log "commit notification answered: $(cat "$T_DIR/notify.out")"
n2() { [ "$(refused)" -ge 2 ]; }
wait_until 10 n2 || fail "no refusal logged after the commit notification"
grep -q 'damaged' "$T_DIR/notify.out" ||
    fail "the notification's answer does not say the store is damaged"
check "commit notification: IKE and Child SPIs kept" same
check "router A still UP-ACTIVE" dup
kill -0 "$(pid_of a)" || fail "router A died"

# The shell refuses the database too, and says how to recover.
show a "show running-config" >"$T_DIR/show.out" 2>&1 && fail "the shell showed a damaged configuration"
log "shell: $(cat "$T_DIR/show.out")"
grep -q 'damaged.*To recover: put back its last good copy' "$T_DIR/show.out" ||
    fail "the shell's refusal does not say how to recover"
# A second daemon on a copy will not start.
mkdir -m 700 "$T_DIR/c"
sqlite3 "$(db a)" ".backup '$T_DIR/c/config.db'"
chmod 600 "$T_DIR/c/config.db"
timeout 20 "$MGMTSECD" -d --db "$T_DIR/c/config.db" --dataplane none \
    --ike-port 45700 --natt-port 45701 >"$T_DIR/c/out" 2>&1 &&
    fail "a daemon started on the damaged database"
log "second daemon: $(tail -n 1 "$T_DIR/c/out")"
grep -q 'damaged' "$T_DIR/c/out" || fail "the second daemon does not say why"

# Recovery: the row put back, the next SIGHUP applies it, nothing moved.
sqlite3 "$(db a)" "UPDATE running SET value = '198.51.100.21' WHERE key = '$key'; UPDATE state SET generation = generation + 1"
kill -HUP "$(pid_of a)"
applied() { grep -q "applying running configuration generation $((gen + 2)) " "$T_DIR/a/daemon.log"; }
wait_until 10 applied || fail "the repaired configuration was not applied"
check "after the repair: IKE and Child SPIs kept" same
stop a
stop b
log "done"
