#!/bin/sh
# IKE fragmentation (RFC 7383) over a path that cannot carry IKE_AUTH
# whole: the veth between the seed's two routers has an MTU of 1280 and
# each router drops IP fragments on arrival (nftables, netdev ingress:
# `ip frag-off & 0x3fff != 0 drop`, with a counter).  Router 1 signs with
# router 1's certificate issued by an intermediate CA (the chain goes in
# two CERT payloads, about 2.3 KB of IKE_AUTH), router 2 with its own.
#
#   - mgmtsecd --ike-fragment-size off on both: IKE_AUTH goes whole, so
#     as IP fragments, which the path drops (the counters say so): not
#     UP-ACTIVE after 10 s, and the daemon retransmits IKE_AUTH
#   - default (fragmentation on, 1280): UP-ACTIVE on both, IKE_AUTH sent
#     as fragments (the daemons' debug log says how many), not one more
#     IP fragment dropped
#   - SIGTERM: both daemons exit 0
# Needs root, openssl and nft (nftables).
. "$(dirname "$0")/lib.sh"

t_init
command -v openssl >/dev/null 2>&1 || skip "needs the openssl command"
command -v nft >/dev/null 2>&1 || skip "needs nft (nftables)"
pair

# path R DEV: router R's link at 1280, IP fragments dropped as they come.
path() {
	in_ns "$1" ip link set "$2" mtu 1280 || fail "cannot set the MTU"
	in_ns "$1" nft -f - <<EOF || fail "cannot load the nftables rule"
table netdev mgmtsec_frag {
	chain in {
		type filter hook ingress device "$2" priority 0;
		ip frag-off & 0x3fff != 0 counter drop
	}
}
EOF
}
path a "$(ns a)v"
path b "$(ns b)v"

# dropped R: IP fragments router R's rule has dropped.
dropped() {
	in_ns "$1" nft list table netdev mgmtsec_frag |
	    sed -n 's/.*counter packets \([0-9]*\) .*/\1/p'
}

P="$T_DIR/pki"
sh "$top_srcdir/tests/lib/mkpki.sh" "$P" || fail "cannot make the PKI"

configure_routers() {
	cli a <"$SEED/router1.cli" >"$T_DIR/a/commit.out" 2>&1 ||
	    fail "router 1 configuration: $(cat "$T_DIR/a/commit.out")"
	cli b <"$SEED/router2.cli" >"$T_DIR/b/commit.out" 2>&1 ||
	    fail "router 2 configuration: $(cat "$T_DIR/b/commit.out")"
	configure a "crypto ca trustpoint TP ca-certificate $P/ca.pem" \
	    "crypto ca trustpoint TP certificate $P/r1chain.pem" \
	    "crypto ca trustpoint TP private-key $P/r1chain.key" \
	    "ikev2 profile ikev2_prof_mgmt_P1 pki trustpoint TP" \
	    "ikev2 profile ikev2_prof_mgmt_P1 authentication local rsa-signature" \
	    >"$T_DIR/a/rsa.out" 2>&1 ||
	    fail "router 1 certificates: $(cat "$T_DIR/a/rsa.out")"
	configure b "crypto ca trustpoint TP ca-certificate $P/ca.pem" \
	    "crypto ca trustpoint TP certificate $P/r2.pem" \
	    "crypto ca trustpoint TP private-key $P/r2.key" \
	    "ikev2 profile ikev2_prof_mgmt_P2 pki trustpoint TP" \
	    "ikev2 profile ikev2_prof_mgmt_P2 authentication local rsa-signature" \
	    >"$T_DIR/b/rsa.out" 2>&1 ||
	    fail "router 2 certificates: $(cat "$T_DIR/b/rsa.out")"
	check "the commits took (no error printed)" \
	    sh -c "! grep -q '^%' '$T_DIR/a/rsa.out' '$T_DIR/b/rsa.out'"
}

both_up() { up a && up b; }

# 1. Without IKE fragmentation the path loses IKE_AUTH.
start a -v --ike-fragment-size off
start b -v --ike-fragment-size off
configure_routers
sleep 10
if up a || up b; then
	fail "UP-ACTIVE without IKE fragmentation over a path that drops IP fragments"
fi
check "IP fragments were dropped on the path ($(dropped a) at router 1, $(dropped b) at router 2)" \
    [ "$(($(dropped a) + $(dropped b)))" -gt 0 ]
check "router 1 retransmitted IKE_AUTH (no answer came)" \
    grep -q 'retransmit [0-9]* of IKE_AUTH request' "$T_DIR/a/daemon.log"
check "no fragment was sent" \
    sh -c "! grep -q 'sent as [0-9]* fragments' '$T_DIR/a/daemon.log' '$T_DIR/b/daemon.log'"
log "ok: not UP-ACTIVE without IKE fragmentation"
stop a
stop b
before=$(($(dropped a) + $(dropped b)))

# 2. With it (the default), the same configuration comes up.
start a -v
start b -v
wait_until 20 both_up || fail "not UP-ACTIVE with IKE fragmentation"
log "ok: UP-ACTIVE with IKE fragmentation over the 1280 path"
logs="$T_DIR/a/daemon.log $T_DIR/b/daemon.log"
# Either router may be the one that initiated; both IKE_AUTH messages
# exceed the path.
check "IKE_AUTH was sent in fragments" \
    sh -c "cat $logs | grep -Eq 'IKE_AUTH of [0-9]+ octets sent as [2-9] fragments'"
check "and reassembled by the other router" \
    sh -c "cat $logs | grep -Eq 'IKE_AUTH (request|response) 1 reassembled from [2-9] fragments'"
# stat R LABEL: a counter of router R's show ikev2 statistics.
stat() {
	show "$1" "show ikev2 statistics" |
	    awk -v l="$2" 'index($0, l) == 1 { print $NF; exit }'
}
frags=$(($(stat a "IKE Fragments Sent") + $(stat b "IKE Fragments Sent")))
whole=$(($(stat a "Messages Reassembled") + $(stat b "Messages Reassembled")))
check "show ikev2 statistics counts them ($frags fragments, $whole reassembled)" \
    [ "$frags" -ge 2 -a "$whole" -ge 1 ]
after=$(($(dropped a) + $(dropped b)))
check "no IP fragment dropped this time ($before before, $after after)" \
    [ "$after" -eq "$before" ]
stop a
stop b
log "done"
exit 0
