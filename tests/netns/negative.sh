#!/bin/sh
# What goes wrong, and what the operator is told (SPEC sections 6, 10):
#
#   - wrong pre-shared key on one side: AUTHENTICATION_FAILED logged on
#     both sides with the reason, counted in show ikev2 statistics,
#     retried with a growing back-off, no crash
#   - a peer that does not answer (tunnel-ip2 to an unused address, at the
#     same time): the first IKE_SA_INIT and 5 retransmissions after 0.5,
#     1.5, 3.5, 7.5 and 15.5 s (0.5 s doubling), "peer not responding"
#     after 31.5 s, the session DOWN
#   - proposal mismatch: NO_PROPOSAL_CHOSEN with what the peer offered and
#     what we accept
#   - a tunnel source without an address: the commit says why
#   - a `commit confirmed 30` never confirmed: rolled back by the daemon
#   - garbage to ports 500 and 4500, and to the control socket: dropped
#     and counted; the tunnel keeps its SPIs, the daemon keeps answering
. "$(dirname "$0")/lib.sh"

t_init
pair

cli a <"$SEED/router1.cli" >/dev/null 2>&1 || fail "router 1 config"
cli b <"$SEED/router2.cli" >/dev/null 2>&1 || fail "router 2 config"
configure a "interface tunnel-ip2 ipv4 address 192.0.2.5 255.255.255.0" \
    "interface tunnel-ip2 tunnel mode ipsec ipv4" \
    "interface tunnel-ip2 tunnel source MgmtEth0/RP0/CPU0/0" \
    "interface tunnel-ip2 tunnel destination 198.51.100.99" \
    "interface tunnel-ip2 tunnel protection ipsec profile ipsec_prof_mgmt_P1" \
    >/dev/null || fail "tunnel-ip2 config"
configure b "keyring key_mgmt_P2 peer ACADIA-1 pre-shared-key wrongkey" \
    >/dev/null || fail "wrong key config"

stat() {
	show "$1" "show ikev2 statistics" | awk -v l="$2" \
	    'index($0, l " ") == 1 { sub(/^[^:]*: /, ""); print; exit }'
}
ms_of() {
	# The log line's time of day in ms.
	echo "$1" | awk '{ split($1, t, /[:.]/);
	    print ((t[1] * 60 + t[2]) * 60 + t[3]) * 1000 + t[4] }'
}
near() {
	# near GOT WANT TOLERANCE (ms)
	[ "$1" -ge $(($2 - $3)) ] && [ "$1" -le $(($2 + $3)) ]
}

start a
start b
t_start=$(now_ms)
# A confirmed commit nobody confirms: the daemon rolls it back after 30 s
# (checked further down, while the other cases run).  It runs on a router
# c of its own that no other case touches: any mgmtsec that opens a store
# past the deadline carries out the rollback itself, so a shell of a or b
# would otherwise race the daemon for it.
ip netns add "$(ns c)" || fail "cannot create namespace $(ns c)"
T_NS="$T_NS $(ns c)"
mkdir -m 700 "$T_DIR/c"
start c
printf 'configure\nhostname UNCONFIRMED\ncommit confirmed 30\nend\n' |
    cli c >/dev/null 2>&1 || fail "commit confirmed"
hostname_is() { show c "show running-config" | grep -q "^hostname $1\$"; }
check "commit confirmed applied" hostname_is UNCONFIRMED

# --- wrong pre-shared key --------------------------------------------------
authfail() {
	grep -q "AUTHENTICATION_FAILED" "$T_DIR/a/daemon.log" &&
	    grep -q "AUTHENTICATION_FAILED" "$T_DIR/b/daemon.log"
}
check "AUTHENTICATION_FAILED on both sides" wait_until 10 authfail
logs="$T_DIR/a/daemon.log $T_DIR/b/daemon.log"
check "the responder says the keys differ" grep -q \
    "does not match the pre-shared key of tunnel tunnel-ip1: the keys differ" \
    $logs
check "the initiator names the peer and the likely cause" grep -Eq \
    "peer 198.51.100.(5|21) rejected our authentication \(AUTHENTICATION_FAILED\): the pre-shared keys differ" \
    $logs

# --- peer not responding (tunnel-ip2), meanwhile -----------------------------
timeout_seen() {
	grep -q "tunnel-ip2 (initiator): peer not responding" "$T_DIR/a/daemon.log"
}
wait_until 45 timeout_seen || fail "tunnel-ip2 never timed out"
first=$(grep -m1 "tunnel-ip2: initiating IKE SA" "$T_DIR/a/daemon.log")
sa=$(echo "$first" | sed 's/.*initiating IKE SA \([0-9]*\) .*/\1/')
t0=$(ms_of "$first")
k=1
for want in 500 1500 3500 7500 15500; do
	l=$(grep -m1 "IKE SA $sa: retransmit $k of IKE_SA_INIT" \
	    "$T_DIR/a/daemon.log") || fail "no retransmission $k"
	got=$(($(ms_of "$l") - t0))
	check "retransmission $k after $got ms (want $want)" near "$got" \
	    "$want" 400
	k=$((k + 1))
done
l=$(grep -m1 "tunnel-ip2 (initiator): peer not responding" "$T_DIR/a/daemon.log")
got=$(($(ms_of "$l") - t0))
check "given up after $got ms (want 31500)" near "$got" 31500 1000
check "the timeout says which exchange and how often" grep -q \
    "no response from 198.51.100.99:500 to IKE_SA_INIT request 0 after 6 transmissions" \
    "$T_DIR/a/daemon.log"
check "tunnel-ip2 is DOWN" sh -c "'$MGMTSEC' --db '$(db a)' \
    --no-timestamp -c 'show ikev2 session' |
    awk '/^Session ID/ { s++ } s == 2 && /^Status/ { print; exit }' |
    grep -q ': DOWN'"
check "peer not responding is counted" [ "$(stat a "peer not responding")" -ge 1 ]

# Back-off between attempts of tunnel-ip1 (both sides keep failing).
delays=$(grep "tunnel-ip1: no IKE SA; initiating again in" \
    "$T_DIR/a/daemon.log" | sed 's/.* in \([0-9.]*\) s.*/\1/' | tr '\n' ' ')
log "tunnel-ip1 retry delays (s): $delays"
check "at least three retries" [ "$(echo "$delays" | wc -w)" -ge 3 ]
check "the delays grow" sh -c "echo '$delays' | awk '{
    if (\$NF + 0 <= \$1 * 3) exit 1 }'"
check "AUTHENTICATION_FAILED is counted" \
    [ "$(stat a AUTHENTICATION_FAILED)" -ge 2 ]
check "both daemons alive" kill -0 "$(pid_of a)" "$(pid_of b)"

# --- proposal mismatch -------------------------------------------------------
configure b "keyring key_mgmt_P2 peer ACADIA-1 pre-shared-key cisco123" \
    "no ikev2 proposal ikev2_proposal_P2 encryption" \
    "no ikev2 proposal ikev2_proposal_P2 integrity" \
    "no ikev2 proposal ikev2_proposal_P2 prf" \
    "no ikev2 proposal ikev2_proposal_P2 dh-group" \
    "ikev2 proposal ikev2_proposal_P2 encryption aes-cbc-128" \
    "ikev2 proposal ikev2_proposal_P2 integrity sha-1" \
    "ikev2 proposal ikev2_proposal_P2 prf sha-1" \
    "ikev2 proposal ikev2_proposal_P2 dh-group 19" >/dev/null ||
    fail "mismatch config"
noprop() {
	grep -q "NO_PROPOSAL_CHOSEN: IKE_SA_INIT from 198.51.100.5 (tunnel tunnel-ip1): no acceptable proposal: peer offered IKE:AES_CBC_256/PRF_HMAC_SHA2_256/HMAC_SHA2_256_128/ECP_384; we accept IKE:AES_CBC_128/PRF_HMAC_SHA1/HMAC_SHA1_96/ECP_256" \
	    "$T_DIR/b/daemon.log" ||
	grep -q "NO_PROPOSAL_CHOSEN: IKE_SA_INIT from 198.51.100.21 (tunnel tunnel-ip1): no acceptable proposal: peer offered IKE:AES_CBC_128/PRF_HMAC_SHA1/HMAC_SHA1_96/ECP_256; we accept IKE:AES_CBC_256/PRF_HMAC_SHA2_256/HMAC_SHA2_256_128/ECP_384" \
	    "$T_DIR/a/daemon.log"
}
check "NO_PROPOSAL_CHOSEN says what was offered and what is accepted" \
    wait_until 15 noprop
check "the refused initiator says what it offered" sh -c \
    "grep -q 'accepted none of our IKE proposals (NO_PROPOSAL_CHOSEN); we offered IKE:' '$T_DIR/a/daemon.log' '$T_DIR/b/daemon.log'"
check "NO_PROPOSAL_CHOSEN is counted" \
    [ "$(stat a NO_PROPOSAL_CHOSEN)" -ge 1 -o \
    "$(stat b NO_PROPOSAL_CHOSEN)" -ge 1 ]

# --- a tunnel source without an address: the commit says why -----------------
out=$(configure a "interface tunnel-ip3 ipv4 address 192.0.2.9 255.255.255.0" \
    "interface tunnel-ip3 tunnel mode ipsec ipv4" \
    "interface tunnel-ip3 tunnel source eth9" \
    "interface tunnel-ip3 tunnel destination 198.51.100.21" \
    "interface tunnel-ip3 tunnel protection ipsec profile ipsec_prof_mgmt_P1" \
    2>&1)
log "commit said: $out"
said() { printf '%s\n' "$out" | grep -q "$1"; }
check "the commit reports the unresolvable source" \
    said "interface tunnel-ip3: tunnel source eth9: no such interface"

# --- the unconfirmed commit was rolled back by the daemon --------------------
rolled() { grep -q "commit confirmed was not confirmed in time" \
    "$T_DIR/c/daemon.log" && ! hostname_is UNCONFIRMED; }
check "mgmtsecd rolled the unconfirmed commit back" wait_until 20 rolled

# --- garbage -----------------------------------------------------------------
configure b "no ikev2 proposal ikev2_proposal_P2 encryption" \
    "no ikev2 proposal ikev2_proposal_P2 integrity" \
    "no ikev2 proposal ikev2_proposal_P2 prf" \
    "no ikev2 proposal ikev2_proposal_P2 dh-group" \
    "ikev2 proposal ikev2_proposal_P2 encryption aes-cbc-256" \
    "ikev2 proposal ikev2_proposal_P2 integrity sha-256" \
    "ikev2 proposal ikev2_proposal_P2 prf sha-256" \
    "ikev2 proposal ikev2_proposal_P2 dh-group 20" >/dev/null ||
    fail "matching config"
configure a "no interface tunnel-ip2" "no interface tunnel-ip3" >/dev/null
show a "clear ikev2 sa" >/dev/null
both_up() { up a && up b; }
check "the tunnel comes up once the configs match" wait_until 15 both_up
sleep 2
b_in=$(spi b in)
b_out=$(spi b out)
dropped0=$(stat b "Messages Dropped")
for port in 500 4500; do
	for seed in 1 2 3; do
		in_ns a "$DMNCTL" udp 198.51.100.21 $port random 400 \
		    "$seed$port" || fail "garbage sender"
	done
done
head -c 20000 /dev/urandom >"$T_DIR/garbage"
in_ns a "$DMNCTL" udp 198.51.100.21 4500 "$T_DIR/garbage"
printf '\377' >"$T_DIR/keepalive"
in_ns a "$DMNCTL" udp 198.51.100.21 4500 "$T_DIR/keepalive"
"$DMNCTL" -s "$(sock b)" raw "$T_DIR/garbage" >/dev/null
printf '\000\020\000\000\000\001\000\000\000\000\000\001' >"$T_DIR/huge"
"$DMNCTL" -s "$(sock b)" raw "$T_DIR/huge" >/dev/null
sleep 1
check "router 2 alive after garbage" kill -0 "$(pid_of b)"
check "still UP-ACTIVE with the same SPIs" \
    [ "$(spi b in)" = "$b_in" -a "$(spi b out)" = "$b_out" ]
dropped=$(stat b "Messages Dropped")
log "messages dropped: $dropped0 -> $dropped"
check "the garbage was counted as dropped" [ "$dropped" -gt "$dropped0" ]

stop a
stop b
stop c
log "done in $((($(now_ms) - t_start) / 1000)) s"
exit 0
