#!/bin/sh
# Certificate authentication end to end (SPEC sections 3 and 6): the
# seed's two routers with `authentication local rsa-signature` and a
# trustpoint each, over a PKI made here with the openssl command line
# (tests/lib/mkpki.sh).
#
#   - both routers UP-ACTIVE; `show ikev2 session detail` says
#     Authentication(Sign/Verify) : RSA/RSA; the daemon logs the peer's
#     certificate subject and the RFC 7427 scheme (RSASSA-PSS SHA-512);
#     `show ikev2 sa detail` names both schemes and the peer's subject;
#     `show crypto ca certificates` lists TP's CA and router certificate
#   - with the userspace data plane (when /dev/net/tun exists): ping
#     across tunnel-ip1
#   - a mixed pair: Router 1 signs with RSA and verifies a pre-shared key,
#     Router 2 the reverse: UP-ACTIVE, RSA/PSK and PSK/RSA, and sa detail
#     shows no peer certificate where the peer used its key
#   - Router 2 with a certificate whose IP subjectAltName is not its
#     address: refused, AUTHENTICATION_FAILED, the log names the reason
#   - SIGTERM: both daemons exit 0
. "$(dirname "$0")/lib.sh"

t_init
command -v openssl >/dev/null 2>&1 || skip "needs the openssl command"
pair
if [ -c /dev/net/tun ] && command -v ping >/dev/null 2>&1; then
	T_DATAPLANE=userspace
	export T_DATAPLANE
fi

P="$T_DIR/pki"
sh "$top_srcdir/tests/lib/mkpki.sh" "$P" || fail "cannot make the PKI"

start a
start b

# trustpoint R CERT KEY: router R's trustpoint TP.
trustpoint() {
	configure "$1" "crypto ca trustpoint TP ca-certificate $P/ca.pem" \
	    "crypto ca trustpoint TP certificate $P/$2" \
	    "crypto ca trustpoint TP private-key $P/$3"
}

cli a <"$SEED/router1.cli" >"$T_DIR/a/commit.out" 2>&1 ||
    fail "router 1 configuration failed: $(cat "$T_DIR/a/commit.out")"
cli b <"$SEED/router2.cli" >"$T_DIR/b/commit.out" 2>&1 ||
    fail "router 2 configuration failed: $(cat "$T_DIR/b/commit.out")"
trustpoint a r1.pem r1.key >"$T_DIR/a/tp.out" 2>&1 ||
    fail "router 1 trustpoint: $(cat "$T_DIR/a/tp.out")"
trustpoint b r2.pem r2.key >"$T_DIR/b/tp.out" 2>&1 ||
    fail "router 2 trustpoint: $(cat "$T_DIR/b/tp.out")"
configure a "ikev2 profile ikev2_prof_mgmt_P1 pki trustpoint TP" \
    "ikev2 profile ikev2_prof_mgmt_P1 authentication local rsa-signature" \
    >"$T_DIR/a/rsa.out" 2>&1 || fail "router 1 rsa: $(cat "$T_DIR/a/rsa.out")"
configure b "ikev2 profile ikev2_prof_mgmt_P2 pki trustpoint TP" \
    "ikev2 profile ikev2_prof_mgmt_P2 authentication local rsa-signature" \
    >"$T_DIR/b/rsa.out" 2>&1 || fail "router 2 rsa: $(cat "$T_DIR/b/rsa.out")"
check "the commits took (no error printed)" \
    sh -c "! grep -q '^%' '$T_DIR/a/rsa.out' '$T_DIR/b/rsa.out'"

both_up() { up a && up b; }
one() {
	show "$1" "show ikev2 session" | grep -q '^IKE Count           : 1$' &&
	    show "$1" "show ikev2 session" | grep -q '^Child Count         : 1$'
}
both_one() { one a && one b; }
wait_until 10 both_up || fail "not UP-ACTIVE with certificates"
wait_until 10 both_one || fail "not one IKE SA and one Child SA per side"
log "ok: UP-ACTIVE with certificates on both"

auth() {
	# auth R: the Authentication(Sign/Verify) value of router R.
	show "$1" "show ikev2 session detail" |
	    awk -F' : ' '/^Authentication\(Sign\/Verify\)/ { print $2; exit }'
}
check "router 1 shows RSA/RSA ($(auth a))" [ "$(auth a)" = "RSA/RSA" ]
check "router 2 shows RSA/RSA ($(auth b))" [ "$(auth b)" = "RSA/RSA" ]
check "router 1 logged router 2's certificate and the scheme" \
    grep -q 'authenticated by RSASSA-PSS SHA-512, certificate "CN=router2' \
    "$T_DIR/a/daemon.log"
check "router 2 logged router 1's certificate" \
    grep -q 'certificate "CN=router1' "$T_DIR/b/daemon.log"
sa_detail() { show "$1" "show ikev2 sa detail"; }
sa_detail a >"$T_DIR/a/sa-detail.txt"
check "router 1's sa detail: both schemes, router 2's subject" sh -c "grep -q \
    '^      Signature sign: RSASSA-PSS SHA-512, Signature verify: RSASSA-PSS SHA-512\$' \
    '$T_DIR/a/sa-detail.txt' && grep -q \
    '^      Peer certificate: CN=router2,O=mgmtsec test\$' '$T_DIR/a/sa-detail.txt'"
show a "show crypto ca certificates" >"$T_DIR/a/ca.txt"
check "router 1's show crypto ca certificates: TP, CA and router 1" sh -c \
    "grep -q '^Trustpoint       : TP\$' '$T_DIR/a/ca.txt' &&
    grep -q '^CA certificate\$' '$T_DIR/a/ca.txt' &&
    grep -q '^        CN=mgmtsec test CA,O=mgmtsec test\$' '$T_DIR/a/ca.txt' &&
    grep -q '^        CN=router1,O=mgmtsec test\$' '$T_DIR/a/ca.txt'"
if [ "${T_DATAPLANE:-none}" = userspace ]; then
	check "ping across tunnel-ip1 with certificates" \
	    ping_ok a 192.0.2.2 5
else
	log "no /dev/net/tun: traffic not checked"
fi

# Mixed: Router 1 signs with RSA, verifies Router 2's pre-shared key.
configure a "ikev2 profile ikev2_prof_mgmt_P1 authentication remote pre-shared" \
    >/dev/null 2>&1 || fail "router 1 mixed"
configure b "ikev2 profile ikev2_prof_mgmt_P2 authentication local pre-shared" \
    "ikev2 profile ikev2_prof_mgmt_P2 authentication remote rsa-signature" \
    >/dev/null 2>&1 || fail "router 2 mixed"
mixed() { [ "$(auth a)" = "RSA/PSK" ] && [ "$(auth b)" = "PSK/RSA" ] &&
    up a && up b; }
wait_until 15 mixed ||
    fail "mixed pair not up as RSA/PSK and PSK/RSA ($(auth a), $(auth b))"
log "ok: mixed pair UP-ACTIVE, router 1 RSA/PSK, router 2 PSK/RSA"
sa_detail a >"$T_DIR/a/sa-mixed.txt"
check "mixed: router 1 verified a key, no peer certificate" sh -c \
    "grep -q 'Signature verify: none (pre-shared key)\$' '$T_DIR/a/sa-mixed.txt' &&
    ! grep -q 'Peer certificate' '$T_DIR/a/sa-mixed.txt'"
sa_detail b >"$T_DIR/b/sa-mixed.txt"
check "mixed: router 2 verified router 1's certificate" sh -c \
    "grep -q '^      Signature sign: none (pre-shared key), Signature verify: ' \
    '$T_DIR/b/sa-mixed.txt' && grep -q \
    '^      Peer certificate: CN=router1,O=mgmtsec test\$' '$T_DIR/b/sa-mixed.txt'"

# Back to certificates both ways, Router 2 with a wrong subjectAltName.
configure a "ikev2 profile ikev2_prof_mgmt_P1 authentication remote rsa-signature" \
    >/dev/null 2>&1 || fail "router 1 back to rsa"
configure b "ikev2 profile ikev2_prof_mgmt_P2 authentication local rsa-signature" \
    "crypto ca trustpoint TP certificate $P/r2-wrongsan.pem" \
    >/dev/null 2>&1 || fail "router 2 wrong SAN"
show b "clear ikev2 sa" >/dev/null 2>&1
refused() {
	grep -q 'identity mismatch: the peer.s ID ID_IPV4_ADDR 198.51.100.21 is not an IP subjectAltName' \
	    "$T_DIR/a/daemon.log"
}
wait_until 15 refused ||
    fail "router 1 did not refuse the wrong subjectAltName with its reason"
check "router 2 heard AUTHENTICATION_FAILED or had its request refused" \
    grep -Eq 'AUTHENTICATION_FAILED' "$T_DIR/b/daemon.log"
if up a; then
	fail "router 1 is UP-ACTIVE with a certificate it must refuse"
fi
log "ok: no session up with the wrong certificate"
stop a
stop b
log "done"
exit 0
