#!/bin/sh
# mgmtsecd against strongSwan 5.9.8 (Debian's charon + swanctl, with the
# kernel-libipsec userspace data plane of ../shared/lab/strongswan): router
# A runs mgmtsecd (198.51.100.5), router S runs charon (198.51.100.21) in
# its own network and mount namespaces.  strongSwan's userspace ESP forces
# UDP encapsulation by faking NAT detection, so every case also exercises
# mgmtsecd's NAT-T path (IKE moves to port 4500 behind the non-ESP marker).
#
# Cases (PSK; both sides must report the IKE SA and the Child SA):
#   seed	mgmtsecd initiates; AES-CBC-256/SHA-256/DH 20, ESP AES-256 +
#		HMAC-SHA-256 with PFS group 19; then strongSwan rekeys the
#		Child SA (PFS, ECP_256) and the IKE SA, and mgmtsecd replaces
#		the Child SA itself (clear ipsec sa: CREATE_CHILD_SA with KE)
#	gcm	strongSwan initiates, mgmtsecd responds; IKE AES-GCM-256 with
#		PRF SHA-384 and DH 21, ESP AES-128 + HMAC-SHA-1, PFS group 21
#	dh19	mgmtsecd initiates offering DH 21 first; strongSwan accepts
#		only 19 and answers INVALID_KE_PAYLOAD; AES-CBC-128/SHA-1,
#		ESP AES-192 + HMAC-SHA-512, PFS group 20
#	data-i	the data path (mgmtsecd --dataplane userspace, the seed's
#		suite, strongSwan's selectors 192.0.2.2/32 <-> 192.0.2.1/32):
#		mgmtsecd initiates; ping both ways through tunnel-ip1 and
#		strongSwan's ipsec0, TCP (iperf3) both ways, the ESP-in-UDP
#		counters of both ends agree with the traffic; strongSwan's
#		rekeys of the Child SA and the IKE SA under a ping stream
#		lose nothing; after clear ipsec sa the traffic comes back
#	data-r	the same with strongSwan initiating
. "$(dirname "$0")/../netns/lib.sh"
. "$(dirname "$0")/charon.sh"
charon_skips
t_init

# Topology: a = mgmtsecd, b = charon.
pair
ip -n "$(ns b)" addr add 192.0.2.2/32 dev lo
charon_dirs
charon_settings "random nonce aes openssl gcm sha1 sha2 hmac kdf kernel-libipsec kernel-netlink socket-default vici"

# charon_conf PROPOSALS ESP_PROPOSALS: loads a connection "lab".
charon_conf() {
	cat >"$S/swanctl.conf" <<EOF
connections {
	lab {
		version = 2
		local_addrs = 198.51.100.21
		remote_addrs = 198.51.100.5
		proposals = $1
		encap = yes
		mobike = no
		rekey_time = 540s
		over_time = 60s
		rand_time = 0s
		dpd_delay = 30s
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

# mgmtsecd's configuration (in a fresh database): ENC INTEG PRF DH (IKE),
# ESPENC ESPAUTH PFS.
ours() {
	{
		echo configure
		echo "ikev2 proposal P encryption $1"
		[ "$2" = none ] || echo "ikev2 proposal P integrity $2"
		echo "ikev2 proposal P prf $3"
		echo "ikev2 proposal P dh-group $4"
		echo "ikev2 policy POL match address local 198.51.100.5"
		echo "ikev2 policy POL proposal P"
		echo "keyring K peer S address 198.51.100.21 255.255.255.255"
		echo "keyring K peer S pre-shared-key cisco123"
		echo "ikev2 profile PR keyring K"
		echo "ikev2 profile PR authentication local pre-shared"
		echo "ikev2 profile PR lifetime 600"
		echo "ikev2 profile PR match identity remote address 198.51.100.21"
		echo "ipsec transform-set T transform $5 $6"
		echo "ipsec profile IP set ikev2-profile PR"
		echo "ipsec profile IP set transform-set T"
		echo "ipsec profile IP set pfs $7"
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
# Both sides established: strongSwan's IKE SA and Child SA, our session
# UP-ACTIVE, and the ESP SPIs crosswise.
both_established() {
	sas || return 1
	grep -q "ESTABLISHED" "$S/sas.txt" || return 1
	grep -q "INSTALLED, TUNNEL-in-UDP" "$S/sas.txt" || return 1
	up a || return 1
	s_in=$(awk '$1 == "in" { sub(/,/, "", $2); print $2; exit }' \
	    "$S/sas.txt")
	s_out=$(awk '$1 == "out" { sub(/,/, "", $2); print $2; exit }' \
	    "$S/sas.txt")
	[ "$(spi a in)" = "0x$s_out" ] && [ "$(spi a out)" = "0x$s_in" ]
}
natt() {
	show a "show ikev2 session" | grep -q \
	    '^Local               : 198\.51\.100\.5/4500$' &&
	    show a "show ipsec sa detail" | grep -q \
	    '^UDP Encapsulation     : Yes$'
}
role() {
	show a "show ikev2 session" | awk '/^Role/ { print $NF; exit }'
}
suite() {
	# suite LABEL: a line of our show ikev2 session detail.
	show a "show ikev2 session detail" | awk -v l="$1" \
	    'index($0, l) == 1 { sub(/^[^:]*: /, ""); print; exit }'
}

# fresh: a new database (and log) for router A's next case.
fresh() {
	rm -f "$(db a)" "$(db a)-wal" "$(db a)-shm"
	mv "$T_DIR/a/daemon.log" "$T_DIR/a/daemon.log.$(date +%s%N)"
	sw --terminate --ike lab --force >/dev/null 2>&1
}

start_charon

# --- seed: mgmtsecd initiates ---------------------------------------------
charon_conf aes256-sha256-prfsha256-ecp384 aes256-sha256-ecp256
start a
ours aes-cbc-256 sha-256 sha-256 20 esp-256-aes esp-hmac-sha-256 group19
check "seed: established on both sides" wait_until 10 both_established
check "seed: mgmtsecd is the initiator" [ "$(role)" = Initiator ]
check "seed: NAT-T (strongSwan fakes a NAT): IKE and ESP on port 4500" natt
check "seed: strongSwan reports the seed's IKE suite" \
    grep -q "AES_CBC-256/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/ECP_384" \
    "$S/sas.txt"
check "seed: strongSwan reports the seed's ESP suite" \
    grep -q "ESP:AES_CBC-256/HMAC_SHA2_256_128" "$S/sas.txt"
check "seed: our view of the suite" \
    [ "$(suite "PRF/Hash/DH Group")" = "SHA256/SHA256/20" ]
old_in=$(spi a in)
sw --rekey --child lab >"$S/rekey.txt" 2>&1 || fail "swanctl --rekey --child"
rekeyed() { both_established && [ "$(spi a in)" != "$old_in" ] &&
    grep -q "ESP:AES_CBC-256/HMAC_SHA2_256_128/ECP_256" "$S/sas.txt"; }
check "seed: Child SA rekeyed by strongSwan with PFS (ECP_256)" \
    wait_until 10 rekeyed
check "seed: our new Child SA shows PFS group 19" sh -c \
    "'$MGMTSEC' --db '$(db a)' -c 'show ipsec sa detail' |
    grep -q '^PFS (DH Group)        : group19\$'"
old_ike=$(suite "Local SPI")
sw --rekey --ike lab >"$S/rekey.txt" 2>&1 || fail "swanctl --rekey --ike"
ike_rekeyed() { both_established && [ "$(suite "Local SPI")" != "$old_ike" ]; }
check "seed: IKE SA rekeyed by strongSwan" wait_until 10 ike_rekeyed
old_in=$(spi a in)
show a "clear ipsec sa" >/dev/null || fail "clear ipsec sa"
replaced() { both_established && [ "$(spi a in)" != "$old_in" ]; }
check "seed: our CREATE_CHILD_SA (PFS KE) accepted by strongSwan" \
    wait_until 10 replaced
check "seed: strongSwan shows our PFS group" \
    grep -q "ESP:AES_CBC-256/HMAC_SHA2_256_128/ECP_256" "$S/sas.txt"
check "seed: mgmtsecd is alive" kill -0 "$(pid_of a)"
stop a
gone() { sas && ! grep -q ESTABLISHED "$S/sas.txt"; }
check "seed: SIGTERM deleted strongSwan's IKE SA too" wait_until 5 gone
fresh

# --- gcm: strongSwan initiates, mgmtsecd responds ---------------------------
# Our first attempts are refused (strongSwan does not offer GCM yet), so
# mgmtsecd is in back-off when strongSwan initiates with the right suite.
charon_conf aes128-sha1-prfsha1-ecp256 aes128-sha1
start a
ours aes-gcm-256 none sha-384 21 esp-128-aes esp-hmac-sha1 group21
backoff() { grep -q "initiating again in [4-9]" "$T_DIR/a/daemon.log"; }
check "gcm: mgmtsecd told why strongSwan refused it" wait_until 20 backoff
check "gcm: the refusal is explained" grep -q \
    "accepted none of our IKE proposals (NO_PROPOSAL_CHOSEN); we offered IKE:AES_GCM_16_256/PRF_HMAC_SHA2_384" \
    "$T_DIR/a/daemon.log"
charon_conf aes256gcm16-prfsha384-ecp521 aes128-sha1-ecp521
sw --initiate --child lab --timeout 10 >"$S/initiate.txt" 2>&1 ||
    fail "swanctl --initiate: $(tail -5 "$S/initiate.txt")"
check "gcm: established on both sides" wait_until 10 both_established
check "gcm: mgmtsecd is the responder" [ "$(role)" = Responder ]
check "gcm: NAT-T on the responder side too" natt
check "gcm: strongSwan reports the GCM IKE suite" \
    grep -q "AES_GCM_16-256/PRF_HMAC_SHA2_384/ECP_521" "$S/sas.txt"
check "gcm: our view of the suite" \
    [ "$(suite "Encryption/Keysize")" = "AES-GCM/256" -a \
    "$(suite "PRF/Hash/DH Group")" = "SHA384/None/21" ]
old_in=$(spi a in)
sw --rekey --child lab >"$S/rekey.txt" 2>&1 || fail "swanctl --rekey --child"
rekeyed21() { both_established && [ "$(spi a in)" != "$old_in" ] &&
    grep -q "ESP:AES_CBC-128/HMAC_SHA1_96/ECP_521" "$S/sas.txt"; }
check "gcm: Child SA rekeyed with PFS (ECP_521)" wait_until 10 rekeyed21
stop a
fresh

# --- dh19: INVALID_KE_PAYLOAD round trip ------------------------------------
charon_conf aes128-sha1-prfsha1-ecp256 aes192-sha512-ecp384
start a
ours aes-cbc-128 sha-1 sha-1 "21 19" esp-192-aes esp-hmac-sha-512 group20
check "dh19: established on both sides" wait_until 10 both_established
check "dh19: strongSwan asked for group 19 (INVALID_KE_PAYLOAD)" grep -q \
    "peer wants ECP_256 instead of ECP_521; retrying IKE_SA_INIT" \
    "$T_DIR/a/daemon.log"
check "dh19: strongSwan reports the suite" \
    grep -q "AES_CBC-128/HMAC_SHA1_96/PRF_HMAC_SHA1/ECP_256" "$S/sas.txt"
check "dh19: ESP AES-192 with HMAC-SHA-512" \
    grep -q "ESP:AES_CBC-192/HMAC_SHA2_512_256" "$S/sas.txt"
check "dh19: our view of the suite" \
    [ "$(suite "PRF/Hash/DH Group")" = "SHA1/SHA1/19" ]
stop a
fresh

# --- data-i, data-r: ESP through both data planes -------------------------
have_iperf=0
command -v iperf3 >/dev/null 2>&1 && have_iperf=1
command -v ping >/dev/null 2>&1 || skip "needs ping (iputils-ping)"
# iperf3 C S DIR: TCP from router C to router S's inner address (S runs the
# server); DIR -R for the data the other way.  0 when it moved data.
iperf() {
	case $2 in a) dst=192.0.2.1 ;; *) dst=192.0.2.2 ;; esac
	in_ns "$2" timeout 20 iperf3 -s -1 -B "$dst" \
	    >"$T_DIR/$2/iperf-s.log" 2>&1 &
	srv=$!
	T_PIDS="$T_PIDS $srv"
	sr=$2
	lsn() { in_ns "$sr" ss -ltn 2>/dev/null | grep -q "$dst:5201"; }
	wait_until 5 lsn
	in_ns "$1" timeout 20 iperf3 -c "$dst" -t 2 $3 -J \
	    >"$T_DIR/$1/iperf.json" 2>&1
	rc=$?
	wait "$srv" 2>/dev/null
	T_PIDS=$(echo "$T_PIDS" | sed "s/ $srv\b//")
	bps=$(sed -n 's/.*"bits_per_second":[[:space:]]*\([0-9.e+]*\).*/\1/p' \
	    "$T_DIR/$1/iperf.json" | tail -1)
	if [ "$rc" -eq 0 ] && [ -n "$bps" ]; then
		log "iperf3 $1 -> $2 $3: $bps bit/s"
		return 0
	fi
	log "iperf3 $1 -> $2 $3 failed ($rc): $(tail -c 600 "$T_DIR/$1/iperf.json")"
	return 1
}
# strongSwan's packet counters of the Child SA: in or out.
sw_pkts() {
	sas
	# "in  c6f1f0a9,   840 bytes,    10 packets,     1s ago"
	awk -v d="$1" '$1 == d { for (i = 2; i <= NF; i++)
	    if ($i ~ /^packets/) { print $(i - 1) + 0; exit } }' "$S/sas.txt"
}
# pings C DST N: N pings from router C, all answered.
pings() {
	in_ns "$1" ping -n -c "$3" -i 0.1 -W 2 "$2" >"$T_DIR/$1/ping.out" 2>&1 &&
	    grep -q "$3 packets transmitted, $3 received" "$T_DIR/$1/ping.out"
}
# stream_ok FILE: every icmp_seq up to the highest answered came back.
stream_ok() {
	m=$(sed -n 's/.*icmp_seq=\([0-9]*\) .*/\1/p' "$1" | sort -n -u |
	    awk 'BEGIN { w = 1; g = 0; l = "" }
	    { if ($1 > w) { g += $1 - w; l = l " " w "-" ($1 - 1) }; w = $1 + 1 }
	    END { print (w > 20 ? g : -1) l }')
	[ "${m%% *}" -eq 0 ] && return 0
	log "missing icmp_seq (count, ranges): $m"
	return 1
}

data_case() {
	c=$1
	charon_conf aes256-sha256-prfsha256-ecp384 aes256-sha256-ecp256
	if [ "$c" = data-r ]; then
		# Never initiating by itself: strongSwan does.
		T_DATAPLANE=userspace start a --passive
	else
		T_DATAPLANE=userspace start a
	fi
	ours aes-cbc-256 sha-256 sha-256 20 esp-256-aes esp-hmac-sha-256 group19
	if [ "$c" = data-r ]; then
		sw --initiate --child lab --timeout 10 >"$S/initiate.txt" 2>&1 ||
		    fail "$c: swanctl --initiate: $(tail -5 "$S/initiate.txt")"
	fi
	check "$c: established on both sides" wait_until 10 both_established
	if [ "$c" = data-r ]; then
		check "$c: mgmtsecd is the responder" [ "$(role)" = Responder ]
	else
		check "$c: mgmtsecd is the initiator" [ "$(role)" = Initiator ]
	fi
	check "$c: ESP in UDP on port 4500" natt
	show a "show ikev2 session detail" >"$T_DIR/a/sess-$c.txt"
	check "$c: our Child SA has strongSwan's selectors" sh -c "grep -q \
	    '^Local Selector *: 192\.0\.2\.1/0 - 192\.0\.2\.1/65535\$' \
	    '$T_DIR/a/sess-$c.txt' && grep -q \
	    '^Remote Selector *: 192\.0\.2\.2/0 - 192\.0\.2\.2/65535\$' \
	    '$T_DIR/a/sess-$c.txt'"
	ip -n "$(ns b)" route show table 220 >"$S/routes-$c.txt" 2>&1
	check "$c: strongSwan routes 192.0.2.1 into ipsec0 (table 220)" \
	    grep -q "^192\.0\.2\.1 dev ipsec0" "$S/routes-$c.txt"
	a_out0=$(sa_count a out Packets)
	a_in0=$(sa_count a in Packets)
	s_in0=$(sw_pkts in)
	s_out0=$(sw_pkts out)
	check "$c: ping 192.0.2.2 from mgmtsecd's side" pings a 192.0.2.2 10
	check "$c: ping 192.0.2.1 from strongSwan's side" pings b 192.0.2.1 10
	check "$c: our outbound SA counted 20 packets (10 requests, 10 replies)" \
	    [ $(($(sa_count a out Packets) - a_out0)) -eq 20 ]
	check "$c: our inbound SA counted 20 packets" \
	    [ $(($(sa_count a in Packets) - a_in0)) -eq 20 ]
	check "$c: strongSwan's inbound SA counted the 20 we sent" \
	    [ $(($(sw_pkts in) - s_in0)) -eq 20 ]
	check "$c: strongSwan's outbound SA counted the 20 we received" \
	    [ $(($(sw_pkts out) - s_out0)) -eq 20 ]
	if [ "$have_iperf" = 1 ]; then
		check "$c: TCP from mgmtsecd's side to strongSwan's" iperf a b ""
		check "$c: TCP from strongSwan's side to mgmtsecd's" iperf a b -R
		check "$c: TCP connection opened from strongSwan's side" \
		    iperf b a ""
	else
		log "iperf3 missing: TCP not checked"
	fi
	# Rekeys under a ping stream (50 a second): strongSwan's of the
	# Child SA (mgmtsecd answers; its new outbound SA waits for
	# strongSwan's Delete of the old one) and of the IKE SA.
	in_ns a ping -D -n -i 0.02 -c 400 -w 30 -W 1 192.0.2.2 \
	    >"$T_DIR/a/stream-$c.out" 2>&1 &
	png=$!
	T_PIDS="$T_PIDS $png"
	sleep 1
	old_in=$(spi a in)
	sw --rekey --child lab >"$S/rekey.txt" 2>&1 ||
	    fail "$c: swanctl --rekey --child"
	moved() { both_established && [ "$(spi a in)" != "$old_in" ]; }
	check "$c: Child SA rekeyed by strongSwan" wait_until 10 moved
	sleep 1
	old_ike=$(suite "Local SPI")
	sw --rekey --ike lab >"$S/rekey.txt" 2>&1 ||
	    fail "$c: swanctl --rekey --ike"
	check "$c: IKE SA rekeyed by strongSwan" wait_until 10 ike_rekeyed
	sleep 1
	kill -INT "$png" 2>/dev/null
	wait "$png"
	T_PIDS=$(echo "$T_PIDS" | sed "s/ $png\b//")
	log "$c: stream: $(grep 'packets transmitted' "$T_DIR/a/stream-$c.out")"
	check "$c: no packet lost across the rekeys" \
	    stream_ok "$T_DIR/a/stream-$c.out"
	# clear ipsec sa deletes the Child SA and makes a new one (our
	# CREATE_CHILD_SA): the traffic comes back on it.
	old_in=$(spi a in)
	show a "clear ipsec sa" >/dev/null || fail "$c: clear ipsec sa"
	check "$c: Child SA replaced by mgmtsecd" wait_until 10 moved
	check "$c: traffic flows on the new Child SA" pings b 192.0.2.1 3
	bad=$(show a "show ipsec dataplane" |
	    awk -F': ' '/^Drops \(invalid\)/ { print $2 + 0; exit }')
	check "$c: no ESP from strongSwan refused as invalid ($bad)" \
	    [ "$bad" = 0 ]
	check "$c: mgmtsecd is alive" kill -0 "$(pid_of a)"
	stop a
	check "$c: SIGTERM removed tunnel-ip1" sh -c \
	    "! ip -n '$(ns a)' link show tunnel-ip1 >/dev/null 2>&1"
	fresh
}
data_case data-i
data_case data-r
stop_charon
log "done"
exit 0
