#!/bin/sh
# Inside the VM (tests/vm/kernel-dataplane.sh): mgmtsecd with
# `--dataplane kernel` against strongSwan's charon with kernel SAs
# (kernel-netlink): both data planes are Linux's own ESP.  Router A runs
# mgmtsecd (198.51.100.5, tunnel-ip1 192.0.2.1/24, route-based), router S
# runs charon (198.51.100.21) with policies 192.0.2.2/32 === 192.0.2.1/32
# (192.0.2.2 on its loopback) and the route charon installs for them.
#
#   esp   mgmtsecd initiates, the seed's suites (ESP AES-256 + HMAC-SHA-256,
#         PFS group 19), plain ESP; ping both ways, both kernels count;
#         strongSwan rekeys the Child SA and traffic moves to the new SAs
#   natt  strongSwan initiates (mgmtsecd --passive responds) and forces
#         UDP encapsulation (encap = yes), ESP
#         AES-GCM-256: the kernel does ESP in UDP on mgmtsecd's NAT-T
#         socket (UDP_ENCAP_ESPINUDP); ping both ways
. "$(dirname "$0")/../netns/lib.sh"
. "$(dirname "$0")/lib-vm.sh"

CHARON=/usr/lib/ipsec/charon
vm_only
need_root
[ -x "$CHARON" ] || skip "strongSwan's charon is not installed"
command -v swanctl >/dev/null 2>&1 || skip "swanctl is not installed"
[ -f /usr/lib/ipsec/plugins/libstrongswan-kernel-netlink.so ] ||
    skip "strongSwan's kernel-netlink plugin is not installed"
command -v unshare >/dev/null 2>&1 || skip "needs unshare (util-linux)"
t_init
T_DATAPLANE=kernel
export T_DATAPLANE

pair
ip -n "$(ns b)" addr add 192.0.2.2/32 dev lo
S="$T_DIR/b"
mkdir -p "$S/run"
cat >"$S/strongswan.conf" <<EOF
charon {
	load = random nonce aes openssl gcm sha1 sha2 hmac kdf kernel-netlink socket-default vici
	port = 500
	port_nat_t = 4500
	install_routes = yes
	install_virtual_ip = no
	retransmit_timeout = 2.0
	retransmit_tries = 4
	filelog {
		charon {
			path = /run/charon.log
			time_format = %T
			append = yes
			flush_line = yes
			default = 1
			knl = 2
		}
	}
	plugins {
		vici {
			socket = unix:///run/charon.vici
		}
	}
}
EOF
VICI="unix://$S/run/charon.vici"
sw() {
	cmd=$1
	shift
	STRONGSWAN_CONF="$S/strongswan.conf" swanctl "$cmd" --uri "$VICI" "$@"
}
charon_pid() {
	p=$(cat "$S/run/charon.pid" 2>/dev/null) || return 1
	[ "$(cat /proc/"$p"/comm 2>/dev/null)" = charon ] && echo "$p"
}
start_charon() {
	rm -f "$S/run/charon.pid" "$S/run/charon.vici"
	setsid ip netns exec "$(ns b)" unshare --mount --propagation private \
	    -- /bin/sh -c 'mount --bind "$1" /run && exec env \
	    STRONGSWAN_CONF="$2" "$3"' charon "$S/run" "$S/strongswan.conf" \
	    "$CHARON" >"$S/charon.stdout" 2>&1 </dev/null &
	T_PIDS="$T_PIDS $!"
	ok() { [ -S "$S/run/charon.vici" ] && charon_pid >/dev/null; }
	wait_until 20 ok || fail "charon did not start: $(cat "$S/charon.stdout")"
}
cleanup_sw() {
	rc=$?
	p=$(charon_pid) && kill -9 "$p"
	if [ "$rc" -ne 0 ] && [ -f "$S/run/charon.log" ]; then
		echo "---- charon.log (last 40 lines)"
		tail -n 40 "$S/run/charon.log"
	fi
	# cleanup reads the exit status from $?.
	(exit "$rc")
	cleanup
}
trap cleanup_sw EXIT

# charon_conf IKE_PROPOSALS ESP_PROPOSALS ENCAP: loads connection "lab".
charon_conf() {
	cat >"$S/swanctl.conf" <<EOF
connections {
	lab {
		version = 2
		local_addrs = 198.51.100.21
		remote_addrs = 198.51.100.5
		proposals = $1
		encap = $3
		mobike = no
		rekey_time = 540s
		over_time = 60s
		rand_time = 0s
		unique = never
		local {
			auth = psk
			id = 198.51.100.21
		}
		remote {
			auth = psk
			id = 198.51.100.5
		}
		children {
			lab {
				mode = tunnel
				local_ts = 192.0.2.2/32
				remote_ts = 192.0.2.1/32
				esp_proposals = $2
				rekey_time = 540s
				life_time = 600s
				rand_time = 0s
				start_action = none
			}
		}
	}
}
secrets {
	ike-lab {
		id-a = 198.51.100.5
		id-b = 198.51.100.21
		secret = "cisco123"
	}
}
EOF
	sw --load-all --file "$S/swanctl.conf" >"$S/load.txt" 2>&1 ||
	    fail "swanctl --load-all: $(cat "$S/load.txt")"
}

# ours ESP_TRANSFORMS...: mgmtsecd's side (IKE AES-CBC-256/SHA-256/DH 20,
# PFS group 19) in a fresh database.
ours() {
	{
		echo configure
		echo "ikev2 proposal P encryption aes-cbc-256"
		echo "ikev2 proposal P integrity sha-256"
		echo "ikev2 proposal P prf sha-256"
		echo "ikev2 proposal P dh-group 20"
		echo "ikev2 policy POL match address local 198.51.100.5"
		echo "ikev2 policy POL proposal P"
		echo "keyring K peer S address 198.51.100.21 255.255.255.255"
		echo "keyring K peer S pre-shared-key cisco123"
		echo "ikev2 profile PR keyring K"
		echo "ikev2 profile PR authentication local pre-shared"
		echo "ikev2 profile PR lifetime 600"
		echo "ikev2 profile PR match identity remote address 198.51.100.21"
		echo "ipsec transform-set T transform $*"
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
}

sas() {
	sw --list-sas >"$S/sas.txt" 2>&1
}
# established MODE: both sides have the Child SA (MODE: TUNNEL or
# TUNNEL-in-UDP in strongSwan's words), SPIs crosswise.
established() {
	sas || return 1
	grep -q "ESTABLISHED" "$S/sas.txt" || return 1
	grep -q "INSTALLED, $1," "$S/sas.txt" || return 1
	up a || return 1
	s_in=$(awk '$1 == "in" { sub(/,/, "", $2); print $2; exit }' \
	    "$S/sas.txt")
	s_out=$(awk '$1 == "out" { sub(/,/, "", $2); print $2; exit }' \
	    "$S/sas.txt")
	[ "$(spi a in)" = "0x$s_out" ] && [ "$(spi a out)" = "0x$s_in" ]
}
# both_ways LABEL: 5 pings each way through the tunnel, all answered, and
# both kernels' states of this Child SA counted them.
both_ways() {
	o=$(spi a out)
	i=$(spi a in)
	ao0=$(kfield a "$o" 4)
	bi0=$(kfield b "$o" 4)
	check "$1: ping 192.0.2.1 -> 192.0.2.2 through tunnel-ip1" \
	    ping_ok a 192.0.2.2 5
	check "$1: ping 192.0.2.2 -> 192.0.2.1 from strongSwan's side" \
	    ping_ok b 192.0.2.1 5
	ao1=$(kfield a "$o" 4)
	bi1=$(kfield b "$o" 4)
	log "$1: ip -s xfrm state, SPI $o: mgmtsecd out $ao0 -> $ao1, charon in $bi0 -> $bi1 packets"
	check "$1: mgmtsecd's kernel SA $o counted 10 packets out" \
	    [ $((ao1 - ao0)) -eq 10 ]
	check "$1: charon's kernel SA $o counted them in" \
	    [ $((bi1 - bi0)) -eq 10 ]
	check "$1: mgmtsecd's inbound kernel SA $i counted 10" \
	    [ "$(kfield a "$i" 4)" -ge 10 ]
}

start_charon

# --- esp: mgmtsecd initiates, plain ESP -----------------------------------
charon_conf aes256-sha256-prfsha256-ecp384 aes256-sha256-ecp256 no
start a
ours esp-256-aes esp-hmac-sha-256
check "esp: established on both sides, plain ESP" wait_until 40 established TUNNEL
check "esp: strongSwan reports the seed's ESP suite" \
    grep -q "ESP:AES_CBC-256/HMAC_SHA2_256_128" "$S/sas.txt"
check "esp: charon's SAs are in the kernel (kernel-netlink)" \
    [ "$(kcount b state)" -eq 2 ]
both_ways esp
old=$(spi a out)
sw --rekey --child lab >"$S/rekey.txt" 2>&1 || fail "swanctl --rekey --child"
rekeyed() { established TUNNEL && [ "$(spi a out)" != "$old" ] &&
    [ -z "$(kfield a "$old" 3)" ]; }
check "esp: strongSwan rekeyed the Child SA, the old kernel SAs are gone" \
    wait_until 30 rekeyed
both_ways "esp after rekey"
stop a
fresh_a() {
	rm -f "$(db a)" "$(db a)-wal" "$(db a)-shm"
	mv "$T_DIR/a/daemon.log" "$T_DIR/a/daemon.log.1"
}
gone() { sas && ! grep -q ESTABLISHED "$S/sas.txt"; }
check "esp: SIGTERM deleted strongSwan's IKE SA too" wait_until 10 gone
check "esp: and left no kernel state behind" [ "$(kcount a state)" -eq 0 ]
fresh_a

# --- natt: strongSwan initiates, ESP in UDP -------------------------------------
charon_conf aes256-sha256-prfsha256-ecp384 aes256gcm16-ecp256 yes
start a --passive
ours esp-gcm-256
sw --initiate --child lab --timeout 40 >"$S/initiate.txt" 2>&1 ||
    fail "swanctl --initiate: $(tail -5 "$S/initiate.txt")"
check "natt: established on both sides, ESP in UDP" \
    wait_until 40 established TUNNEL-in-UDP
check "natt: strongSwan reports AES-GCM-256" \
    grep -q "ESP:AES_GCM_16-256" "$S/sas.txt"
check "natt: mgmtsecd's kernel SAs are UDP-encapsulated on 4500" sh -c \
    "ip -n $(ns a) xfrm state | grep -q 'encap type espinudp sport 4500 dport 4500'"
role() { show a "show ikev2 session" | awk '/^Role/ { print $NF; exit }'; }
check "natt: mgmtsecd is the responder" [ "$(role)" = Responder ]
both_ways natt
stop a
log "done"
exit 0
