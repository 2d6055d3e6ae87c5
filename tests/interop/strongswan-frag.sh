#!/bin/sh
# IKE fragmentation (RFC 7383) against strongSwan 5.9.8 (Debian's charon
# with `fragmentation = yes`, kernel-libipsec as in strongswan.sh) over a
# path that cannot carry IKE_AUTH whole: the veth between router A
# (mgmtsecd, 198.51.100.5) and router S (charon, 198.51.100.21) has an MTU
# of 1280 and both ends drop IP fragments as they arrive (nftables,
# netdev ingress).  Certificates from tests/lib/mkpki.sh: mgmtsecd signs
# with router 1's certificate under an intermediate CA (both sent, about
# 2.3 KB of IKE_AUTH), strongSwan with router 2's.  strongSwan fakes a
# NAT (encap = yes), so IKE_AUTH runs on port 4500 behind the non-ESP
# marker, which the fragment size must leave room for.
#
# Cases:
#   init-i	mgmtsecd initiates: both established; mgmtsecd sent
#		IKE_AUTH in fragments that charon reassembled, charon's
#		response came in fragments that mgmtsecd reassembled
#   init-r	charon initiates (mgmtsecd --passive): the same the other
#		way round
#   no-frag	charon with `fragmentation = no`: not negotiated, IKE_AUTH
#		goes whole as IP fragments, the path drops them (counted),
#		nothing is established
# Needs root, charon and swanctl, /dev/net/tun, openssl and nft.
. "$(dirname "$0")/../netns/lib.sh"
. "$(dirname "$0")/charon.sh"
charon_skips
command -v openssl >/dev/null 2>&1 || skip "needs the openssl command"
command -v nft >/dev/null 2>&1 || skip "needs nft (nftables)"
t_init

pair
ip -n "$(ns b)" addr add 192.0.2.2/32 dev lo

# drop_fragments R DEV: R's link at 1280, arriving IP fragments dropped.
drop_fragments() {
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
drop_fragments a "$(ns a)v"
drop_fragments b "$(ns b)v"
dropped() {
	n=0
	for r in a b; do
		c=$(in_ns "$r" nft list table netdev mgmtsec_frag |
		    sed -n 's/.*counter packets \([0-9]*\) .*/\1/p')
		n=$((n + c))
	done
	echo "$n"
}

P="$T_DIR/pki"
sh "$top_srcdir/tests/lib/mkpki.sh" "$P" || fail "cannot make the PKI"

charon_dirs
# strongSwan's settings: fragments of at most 1280 octets.
frag_settings() {
	charon_settings "random nonce aes openssl gcm sha1 sha2 hmac kdf pem pkcs1 pkcs8 x509 pubkey constraints kernel-libipsec kernel-netlink socket-default vici" \
	    "fragment_size = 1280"
}

# charon_conf FRAG: the connection "lab" with certificates both ways.
charon_conf() {
	cat >"$S/swanctl/swanctl.conf" <<EOF
connections {
	lab {
		version = 2
		local_addrs = 198.51.100.21
		remote_addrs = 198.51.100.5
		proposals = aes256-sha256-prfsha256-ecp256
		fragmentation = $1
		encap = yes
		mobike = no
		unique = never
		send_certreq = yes
		local {
			auth = pubkey
			certs = r2.pem
			id = 198.51.100.21
		}
		remote {
			auth = pubkey
			id = 198.51.100.5
			cacerts = ca.pem
		}
		children {
			lab {
				mode = tunnel
				local_ts = 192.0.2.2/32
				remote_ts = 192.0.2.1/32
				esp_proposals = aes256-sha256
				start_action = none
			}
		}
	}
}
EOF
	# swanctl loads the credentials in the folders of its SWANCTL_DIR.
	mkdir -p "$S/swanctl/x509" "$S/swanctl/x509ca" "$S/swanctl/private"
	cp "$P/r2.pem" "$S/swanctl/x509/r2.pem"
	cp "$P/ca.pem" "$S/swanctl/x509ca/ca.pem"
	cp "$P/r2.key" "$S/swanctl/private/r2.key"
	sw --load-all --file "$S/swanctl/swanctl.conf" >"$S/load.txt" 2>&1 ||
	    fail "swanctl --load-all: $(cat "$S/load.txt")"
}

# mgmtsecd's configuration (fresh database): certificates, the suite
# charon proposes.
ours() {
	{
		echo configure
		echo "crypto ca trustpoint TP ca-certificate $P/ca.pem"
		echo "crypto ca trustpoint TP certificate $P/r1chain.pem"
		echo "crypto ca trustpoint TP private-key $P/r1chain.key"
		echo "ikev2 proposal PP encryption aes-cbc-256"
		echo "ikev2 proposal PP integrity sha-256"
		echo "ikev2 proposal PP prf sha-256"
		echo "ikev2 proposal PP dh-group 19"
		echo "ikev2 policy POL match address local 198.51.100.5"
		echo "ikev2 policy POL proposal PP"
		echo "ikev2 profile PR pki trustpoint TP"
		echo "ikev2 profile PR authentication local rsa-signature"
		echo "ikev2 profile PR authentication remote rsa-signature"
		echo "ikev2 profile PR match identity remote address 198.51.100.21"
		echo "ipsec transform-set T transform esp-256-aes esp-hmac-sha-256"
		echo "ipsec profile IP set ikev2-profile PR"
		echo "ipsec profile IP set transform-set T"
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

both_established() {
	sw --list-sas >"$S/sas.txt" 2>&1 || return 1
	grep -q ESTABLISHED "$S/sas.txt" &&
	    grep -q "INSTALLED, TUNNEL-in-UDP" "$S/sas.txt" && up a
}
role() {
	show a "show ikev2 session" | awk '/^Role/ { print $NF; exit }'
}
# fresh: a new database and log for router A, charon's log anew.
fresh() {
	rm -f "$(db a)" "$(db a)-wal" "$(db a)-shm"
	mv "$T_DIR/a/daemon.log" "$T_DIR/a/daemon.log.$(date +%s%N)"
	: >"$S/run/charon.log"
}
# fragmented FROM: the log lines that show both directions fragmented.
fragmented() {
	# mgmtsecd cut its IKE_AUTH, charon put it together ...
	grep -Eq 'IKE_AUTH of [0-9]+ octets sent as [2-9] fragments' \
	    "$T_DIR/a/daemon.log" &&
	    grep -Eq 'received fragment #[0-9] of [2-9], reassembled' \
	    "$S/run/charon.log" &&
	    # ... and the other way.
	    grep -Eq 'splitting IKE message .* into [2-9] fragments' \
	    "$S/run/charon.log" &&
	    grep -Eq 'IKE_AUTH (request|response) 1 reassembled from [2-9] fragments' \
	    "$T_DIR/a/daemon.log"
}

frag_settings
start_charon

# --- init-i: mgmtsecd initiates -------------------------------------------
charon_conf yes
start a -v
ours
check "init-i: established on both sides over the 1280 path" \
    wait_until 20 both_established
check "init-i: mgmtsecd is the initiator" [ "$(role)" = Initiator ]
check "init-i: IKE_AUTH fragmented both ways and reassembled" fragmented
d0=$(dropped)
stop a
sw --terminate --ike lab --force >/dev/null 2>&1
fresh

# --- init-r: charon initiates ---------------------------------------------
start a -v --passive
ours
sw --initiate --child lab --timeout 20 >"$S/initiate.txt" 2>&1 ||
    fail "init-r: swanctl --initiate: $(cat "$S/initiate.txt")"
check "init-r: established on both sides over the 1280 path" \
    wait_until 10 both_established
check "init-r: mgmtsecd is the responder" [ "$(role)" = Responder ]
check "init-r: IKE_AUTH fragmented both ways and reassembled" fragmented
check "init-r: no IP fragment dropped in either case ($d0, $(dropped))" \
    [ "$(dropped)" -eq "$d0" ]
stop a
sw --terminate --ike lab --force >/dev/null 2>&1
fresh

# --- no-frag: charon does not do IKE fragmentation ------------------------
charon_conf no
start a -v
ours
sleep 10
if both_established; then
	fail "no-frag: established without IKE fragmentation"
fi
check "no-frag: IP fragments dropped on the path ($d0 before, $(dropped) now)" \
    [ "$(dropped)" -gt "$d0" ]
check "no-frag: mgmtsecd sent no fragment" \
    sh -c "! grep -q 'sent as [0-9]* fragments' '$T_DIR/a/daemon.log'"
log "ok: no-frag: nothing established"
stop a
stop_charon
log "done"
exit 0
