#!/bin/sh
# mgmtsecd against strongSwan 5.9.8 with certificates (root, Debian's
# charon + swanctl with kernel-libipsec, as tests/interop/strongswan.sh):
# router A runs mgmtsecd (198.51.100.5, router 1's certificate), router S
# runs charon (198.51.100.21) with router 2's certificate, both issued by
# the CA tests/lib/mkpki.sh makes.  Each side's ID is its address, an IP
# subjectAltName of its certificate.
#
# For each signature scheme strongSwan signs with, once with mgmtsecd as
# initiator and once as responder:
#   pkcs1-256 pkcs1-384 pkcs1-512  RFC 7427 PKCS#1 v1.5 (ike:rsa-sha*)
#   pss-256 pss-384 pss-512        RFC 7427 RSASSA-PSS (ike:rsa/pss-sha*)
#   classic                        AUTH method 1 (strongSwan with
#                                  signature_authentication = no, so no
#                                  SIGNATURE_HASH_ALGORITHMS either way)
# each case checks: both sides established with a Child SA; our role;
# `show ikev2 session detail` says RSA/RSA; `show ikev2 sa detail` names
# the scheme strongSwan signed with (what charon's log says it used) and
# its certificate's subject; charon's log says it verified us with the
# scheme we say we signed with (RSASSA-PSS SHA-512 with RFC 7427, since
# strongSwan announces SHA-512 whatever it requires: a strongSwan whose
# remote auth demands PKCS#1 v1.5 refuses us; method 1 without it).
# `show crypto ca certificates` lists the trustpoint's CA and router
# certificates with the serials openssl reads from the files.
# Then charon with a certificate from another CA and one whose SAN is not
# its address: we refuse both with the reason in the log.
# charon loads no revocation plugin, mgmtsecd fetches nothing: the test's
# namespaces have no route anywhere but each other.
. "$(dirname "$0")/../netns/lib.sh"
. "$(dirname "$0")/charon.sh"
charon_skips
command -v openssl >/dev/null 2>&1 || skip "needs the openssl command"
t_init

P="$T_DIR/pki"
sh "$top_srcdir/tests/lib/mkpki.sh" "$P" >/dev/null 2>&1 ||
    fail "cannot make the PKI"
pair
ip -n "$(ns b)" addr add 192.0.2.2/32 dev lo
charon_dirs
mkdir -p "$S/swanctl/x509" "$S/swanctl/x509ca" "$S/swanctl/private"
cp "$P/ca.pem" "$S/swanctl/x509ca/ca.pem"
cp "$P/r2.key" "$S/swanctl/private/r2.key"

# charon_conf_settings SIGAUTH: RFC 7427 on (yes) or off (no); no
# revocation plugin, so nothing is fetched.
charon_conf_settings() {
	charon_settings "random nonce aes openssl gcm sha1 sha2 hmac kdf pem pkcs1 pkcs8 x509 pubkey constraints kernel-libipsec kernel-netlink socket-default vici" \
	    "signature_authentication = $1"
}

# charon_conf LOCAL_AUTH REMOTE_AUTH CERT: the connection "lab" signing by
# LOCAL_AUTH, verifying by REMOTE_AUTH, with certificate CERT of the PKI.
charon_conf() {
	cp "$P/$3" "$S/swanctl/x509/r2.pem"
	cat >"$S/swanctl/swanctl.conf" <<EOF
connections {
	lab {
		version = 2
		local_addrs = 198.51.100.21
		remote_addrs = 198.51.100.5
		proposals = aes256-sha256-prfsha256-ecp384
		encap = yes
		mobike = no
		rekey_time = 540s
		rand_time = 0s
		unique = never
		send_certreq = yes
		send_cert = always
		local {
			auth = $1
			certs = r2.pem
			id = 198.51.100.21
		}
		remote {
			auth = $2
			id = 198.51.100.5
			cacerts = ca.pem
			revocation = relaxed
		}
		children {
			lab {
				mode = tunnel
				local_ts = 192.0.2.2/32
				remote_ts = 192.0.2.1/32
				esp_proposals = aes256-sha256-ecp256
				rekey_time = 540s
				life_time = 600s
				rand_time = 0s
				start_action = none
			}
		}
	}
}
EOF
	sw --load-all --clear --file "$S/swanctl/swanctl.conf" \
	    >"$S/load.txt" 2>&1 ||
	    fail "swanctl --load-all: $(cat "$S/load.txt")"
}

# mgmtsecd's configuration: the seed's suite, certificates both ways.
ours() {
	{
		echo configure
		echo "ikev2 proposal P encryption aes-cbc-256"
		echo "ikev2 proposal P integrity sha-256"
		echo "ikev2 proposal P prf sha-256"
		echo "ikev2 proposal P dh-group 20"
		echo "ikev2 policy POL match address local 198.51.100.5"
		echo "ikev2 policy POL proposal P"
		echo "crypto ca trustpoint TP ca-certificate $P/ca.pem"
		echo "crypto ca trustpoint TP certificate $P/r1.pem"
		echo "crypto ca trustpoint TP private-key $P/r1.key"
		echo "ikev2 profile PR pki trustpoint TP"
		echo "ikev2 profile PR authentication local rsa-signature"
		echo "ikev2 profile PR authentication remote rsa-signature"
		echo "ikev2 profile PR lifetime 600"
		echo "ikev2 profile PR match identity remote address 198.51.100.21"
		echo "ipsec transform-set T transform esp-256-aes esp-hmac-sha-256"
		echo "ipsec profile IP set ikev2-profile PR"
		echo "ipsec profile IP set transform-set T"
		echo "ipsec profile IP set pfs group19"
		echo "ipsec profile IP set security-association lifetime seconds 600"
		echo "interface tunnel-ip1 ipv4 address 192.0.2.1 255.255.255.0"
		echo "interface tunnel-ip1 tunnel mode ipsec ipv4"
		echo "interface tunnel-ip1 tunnel source MgmtEth0/RP0/CPU0/0"
		echo "interface tunnel-ip1 tunnel destination 198.51.100.21"
		echo "interface tunnel-ip1 tunnel protection ipsec profile IP"
		echo "commit"
		echo "end"
	} | cli a >"$T_DIR/a/commit.out" 2>&1 ||
	    fail "mgmtsecd config: $(cat "$T_DIR/a/commit.out")"
	if grep -q '^%' "$T_DIR/a/commit.out"; then
		fail "mgmtsecd config: $(cat "$T_DIR/a/commit.out")"
	fi
}

sas() {
	sw --list-sas >"$S/sas.txt" 2>&1
}
both_established() {
	sas || return 1
	grep -q "ESTABLISHED" "$S/sas.txt" || return 1
	grep -q "INSTALLED, TUNNEL-in-UDP" "$S/sas.txt" || return 1
	up a
}
role() {
	show a "show ikev2 session" | awk '/^Role/ { print $NF; exit }'
}
# sa_line LABEL: the value after "LABEL: " in show ikev2 sa detail, up
# to the next comma for the signature fields.
sa_field() {
	show a "show ikev2 sa detail" | awk -v l="      $1: " '
	    index($0, l) == 1 { v = substr($0, length(l) + 1);
	    sub(/, Signature verify: .*/, "", v); print v; exit }'
}
sig_verify() {
	show a "show ikev2 sa detail" | sed -n \
	    's/^      Signature sign: .*, Signature verify: //p' | head -1
}
session_auth() {
	show a "show ikev2 session detail" |
	    awk -F' : ' '/^Authentication\(Sign\/Verify\)/ { print $2; exit }'
}
# charon's name for one of ours (strongSwan's signature_scheme_names;
# method 1 is logged as "RSA signature").
sw_name() {
	case $1 in
	"RSA PKCS#1 v1.5 SHA-1") echo "RSA signature" ;;
	"RSA PKCS#1 v1.5 SHA-256") echo "RSA_EMSA_PKCS1_SHA2_256" ;;
	"RSA PKCS#1 v1.5 SHA-384") echo "RSA_EMSA_PKCS1_SHA2_384" ;;
	"RSA PKCS#1 v1.5 SHA-512") echo "RSA_EMSA_PKCS1_SHA2_512" ;;
	"RSASSA-PSS SHA-256") echo "RSA_EMSA_PSS_SHA2_256_SALT_32" ;;
	"RSASSA-PSS SHA-384") echo "RSA_EMSA_PSS_SHA2_384_SALT_48" ;;
	"RSASSA-PSS SHA-512") echo "RSA_EMSA_PSS_SHA2_512_SALT_64" ;;
	*) echo "?" ;;
	esac
}
# cert_case NAME ROLE LOCAL_AUTH EXPECT: strongSwan signs by LOCAL_AUTH
# (EXPECT: our name of that scheme) and takes any scheme from us; ROLE i:
# mgmtsecd initiates, r: strongSwan does.
cert_case() {
	c="$1-$2"
	mark=$(($(wc -l <"$S/run/charon.log" 2>/dev/null || echo 0) + 1))
	charon_conf "$3" pubkey r2.pem
	if [ "$2" = r ]; then
		sw --initiate --child lab --timeout 10 >"$S/initiate.txt" 2>&1 ||
		    fail "$c: swanctl --initiate: $(tail -5 "$S/initiate.txt")"
	else
		show a "clear ikev2 sa" >/dev/null 2>&1
	fi
	check "$c: established on both sides" wait_until 15 both_established
	if [ "$2" = r ]; then
		check "$c: mgmtsecd is the responder" [ "$(role)" = Responder ]
	else
		check "$c: mgmtsecd is the initiator" [ "$(role)" = Initiator ]
	fi
	check "$c: session detail says RSA/RSA ($(session_auth))" \
	    [ "$(session_auth)" = "RSA/RSA" ]
	v=$(sig_verify)
	check "$c: we verified strongSwan's $4 ($v)" [ "$v" = "$4" ]
	check "$c: charon says it signed with $(sw_name "$4")" sh -c \
	    "tail -n +$mark '$S/run/charon.log' | grep -q \
	    \"authentication of '198.51.100.21' (myself) with $(sw_name "$4") successful\""
	check "$c: sa detail names strongSwan's certificate" \
	    [ "$(sa_field "Peer certificate")" = "CN=router2,O=mgmtsec test" ]
	s=$(sa_field "Signature sign")
	check "$c: charon verified our signature ($s)" sh -c \
	    "tail -n +$mark '$S/run/charon.log' | grep -q \
	    \"authentication of '198.51.100.5' with $(sw_name "$s") successful\""
	log "$c: strongSwan signed $4, we signed $s"
	LAST_SIGN=$s
	sw --terminate --ike lab --force >/dev/null 2>&1
}

# refused NAME CERT REASON: charon with certificate CERT initiates; we
# refuse it, the log says REASON.
refused_case() {
	charon_conf "ike:rsa-sha256" pubkey "$2"
	sw --initiate --child lab --timeout 10 >"$S/initiate.txt" 2>&1
	reason=$3
	why() { grep -q "$reason" "$T_DIR/a/daemon.log"; }
	check "$1: refused, the reason logged" wait_until 10 why
	if up a; then
		fail "$1: a session is up with a certificate we must refuse"
	fi
	sw --terminate --ike lab --force >/dev/null 2>&1
}

charon_conf_settings yes
start_charon
start a --passive
ours
# show crypto ca certificates: the daemon's view of the trustpoint.
show a "show crypto ca certificates" >"$T_DIR/a/ca.txt" 2>&1
serial() { openssl x509 -noout -serial -in "$1" | sed 's/^serial=//'; }
check "show crypto ca certificates: trustpoint TP, CA then router" sh -c \
    "grep -q '^Trustpoint       : TP\$' '$T_DIR/a/ca.txt' &&
    [ \"\$(grep -c '^CA certificate\$' '$T_DIR/a/ca.txt')\" = 1 ] &&
    [ \"\$(grep -c '^Router certificate\$' '$T_DIR/a/ca.txt')\" = 1 ]"
check "show crypto ca certificates: router 1's subject, serial, key size" \
    sh -c "grep -q '^        CN=router1,O=mgmtsec test\$' '$T_DIR/a/ca.txt' &&
    grep -q '^  Serial Number  : 0x$(serial "$P/r1.pem")\$' '$T_DIR/a/ca.txt' &&
    grep -q '^  Serial Number  : 0x$(serial "$P/ca.pem")\$' '$T_DIR/a/ca.txt' &&
    grep -q '^  Key Size       : 2048 bits\$' '$T_DIR/a/ca.txt'"
# The database keeps the configuration across the daemon's restarts.
for role in r i; do
	if [ "$role" = i ]; then
		stop a
		start a
	fi
	cert_case pkcs1-256 "$role" ike:rsa-sha256 "RSA PKCS#1 v1.5 SHA-256"
	cert_case pkcs1-384 "$role" ike:rsa-sha384 "RSA PKCS#1 v1.5 SHA-384"
	cert_case pkcs1-512 "$role" ike:rsa-sha512 "RSA PKCS#1 v1.5 SHA-512"
	cert_case pss-256 "$role" ike:rsa/pss-sha256 "RSASSA-PSS SHA-256"
	cert_case pss-384 "$role" ike:rsa/pss-sha384 "RSASSA-PSS SHA-384"
	cert_case pss-512 "$role" ike:rsa/pss-sha512 "RSASSA-PSS SHA-512"
done
# strongSwan announces SHA-256, -384 and -512 whatever it requires, and
# we pick the strongest: RSASSA-PSS SHA-512 with RFC 7427.
check "we signed RSASSA-PSS SHA-512 with RFC 7427 ($LAST_SIGN)" \
    [ "$LAST_SIGN" = "RSASSA-PSS SHA-512" ]

stop a
start a --passive
refused_case otherca r2-otherca.pem \
    "does not chain to trustpoint TP: unable to get local issuer certificate"
refused_case wrongsan r2-wrongsan.pem \
    "identity mismatch: the peer.s ID ID_IPV4_ADDR 198.51.100.21 is not an IP subjectAltName"
stop a

# Classic AUTH method 1: charon restarted without RFC 7427.
stop_charon
charon_conf_settings no
start_charon
for role in r i; do
	if [ "$role" = i ]; then
		start a
	else
		start a --passive
	fi
	cert_case classic "$role" pubkey "RSA PKCS#1 v1.5 SHA-1"
	check "classic-$role: we signed by method 1 too ($LAST_SIGN)" \
	    [ "$LAST_SIGN" = "RSA PKCS#1 v1.5 SHA-1" ]
	stop a
done
stop_charon
log "done"
exit 0
