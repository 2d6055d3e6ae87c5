#!/bin/sh
# The seed's example end to end (SPEC sections 6, 8, 9): Router 1 and
# Router 2 of tests/seed, configured through `mgmtsec` batch mode, each in
# its own namespace with its own database and mgmtsecd.
#
#   - UP-ACTIVE on both within 5 s of the second router's commit
#   - show ikev2 session detail and show ipsec sa interface tunnel-ip1 in
#     the SPEC layouts with live values; SPIs agree crosswise; one side
#     Initiator, the other Responder; show ikev2 summary counts agree
#   - --save-keys tables let tshark decrypt the captured IKE_AUTH
#   - an unrelated commit leaves the SPIs alone; SIGHUP re-reads running
#   - clear ikev2 sa [remote A.B.C.D] re-establishes with new SPIs;
#     clear ipsec sa interface tunnel-ip1 replaces only the Child SA
#   - a changed proposal (both sides) re-establishes with the new group
#   - SIGKILL of one daemon and a restart: re-established by itself
#   - deleting the tunnel on one side tears the SAs down on both
#   - SIGTERM: exit status 0 (no leak under ASan), Delete sent
. "$(dirname "$0")/lib.sh"

t_init
pair
TEMPLATES="$top_srcdir/tests/netns"

# layout FILE TEMPLATE: every line of FILE matches the same line of
# TEMPLATE (extended regular expressions), and they have as many lines.
layout() {
	n=$(wc -l <"$1")
	nt=$(wc -l <"$2")
	[ "$n" -eq "$nt" ] || { echo "$1: $n lines, want $nt"; return 1; }
	i=0
	while [ "$i" -lt "$n" ]; do
		i=$((i + 1))
		l=$(sed -n "${i}p" "$1")
		re=$(sed -n "${i}p" "$2")
		printf '%s\n' "$l" | grep -Eqx -- "$re" ||
		    { echo "line $i: \"$l\" !~ /$re/"; return 1; }
	done
}

field() {
	# field FILE LABEL: the value after "LABEL<spaces>: ".
	awk -v l="$2" 'index($0, l " ") == 1 || index($0, l ":") == 1 {
		sub(/^[^:]*: /, ""); print; exit }' "$1"
}

mkdir -m 700 "$T_DIR/a/keys"
start a --save-keys "$T_DIR/a/keys"
start b

# Capture what A says and hears while the tunnel comes up.
CAP=""
if command -v tcpdump >/dev/null 2>&1 && command -v tshark >/dev/null 2>&1
then
	CAP="$T_DIR/a/ike.pcap"
	ip netns exec "$(ns a)" tcpdump -i "$(ns a)v" -U -w "$CAP" \
	    'udp port 500 or udp port 4500' >"$T_DIR/a/tcpdump.log" 2>&1 &
	TCPDUMP=$!
	T_PIDS="$T_PIDS $TCPDUMP"
	wait_until 5 grep -qs listening "$T_DIR/a/tcpdump.log" ||
	    fail "tcpdump did not start"
fi

cli a <"$SEED/router1.cli" >"$T_DIR/a/commit.out" 2>&1 ||
    fail "router 1 configuration failed: $(cat "$T_DIR/a/commit.out")"
cli b <"$SEED/router2.cli" >"$T_DIR/b/commit.out" 2>&1 ||
    fail "router 2 configuration failed: $(cat "$T_DIR/b/commit.out")"
t0=$(now_ms)
both_up() { up a && up b; }
wait_until 5 both_up || fail "not UP-ACTIVE on both within 5 s"
log "ok: UP-ACTIVE on both $(($(now_ms) - t0)) ms after the second commit"
# Let a simultaneous initiation settle to its one surviving IKE SA.
one_ike() {
	show "$1" "show ikev2 session" | grep -q '^IKE Count           : 1$' &&
	    show "$1" "show ikev2 session" | grep -q '^Child Count         : 1$'
}
both_one() { one_ike a && one_ike b; }
wait_until 10 both_one || fail "not one IKE SA and one Child SA per side"

for r in a b; do
	show $r "show ikev2 session detail" >"$T_DIR/$r/session"
	show $r "show ipsec sa interface tunnel-ip1" >"$T_DIR/$r/ipsec"
	show $r "show ikev2 summary" >"$T_DIR/$r/summary"
	show $r "show ikev2 session" >"$T_DIR/$r/session-brief"
done
check "router 1 session detail layout" \
    layout "$T_DIR/a/session" "$TEMPLATES/session-detail-r1.re"
check "router 2 session detail layout" \
    layout "$T_DIR/b/session" "$TEMPLATES/session-detail-r2.re"
check "router 1 session layout" \
    layout "$T_DIR/a/session-brief" "$TEMPLATES/session-r1.re"
check "router 1 ipsec sa layout" \
    layout "$T_DIR/a/ipsec" "$TEMPLATES/ipsec-sa-if.re"
check "router 2 ipsec sa layout" \
    layout "$T_DIR/b/ipsec" "$TEMPLATES/ipsec-sa-if.re"
check "summary layout" layout "$T_DIR/a/summary" "$TEMPLATES/summary.re"

# Crosswise agreement.
a_in=$(spi a in); a_out=$(spi a out); b_in=$(spi b in); b_out=$(spi b out)
log "ESP SPIs: A in $a_in out $a_out, B in $b_in out $b_out"
check "A inbound = B outbound" [ -n "$a_in" -a "$a_in" = "$b_out" ]
check "A outbound = B inbound" [ -n "$a_out" -a "$a_out" = "$b_in" ]
check "IKE SPIs agree crosswise" [ \
    "$(field "$T_DIR/a/session" "Local SPI")" = \
    "$(field "$T_DIR/b/session" "Remote SPI")" -a \
    "$(field "$T_DIR/a/session" "Remote SPI")" = \
    "$(field "$T_DIR/b/session" "Local SPI")" ]
check "session ESP SPIs agree with show ipsec sa" [ \
    "$(field "$T_DIR/a/session" "ESP SPI IN/OUT")" = "$a_in / $a_out" ]
roles="$(field "$T_DIR/a/session" Role) $(field "$T_DIR/b/session" Role)"
check "one Initiator and one Responder ($roles)" \
    [ "$roles" = "Initiator Responder" -o "$roles" = "Responder Initiator" ]
sum() {
	# sum FILE WHICH: "A N" (active, negotiating) of a summary line.
	awk -v w="$2" 'index($0, "Total " w) == 1 {
		split($NF, x, /[(\/)]/); print x[2], x[3] }' "$1"
}
check "summary: A's outgoing = B's incoming" \
    [ "$(sum "$T_DIR/a/summary" "Outgoing")" = \
    "$(sum "$T_DIR/b/summary" "Incoming")" ]
check "summary: A's incoming = B's outgoing" \
    [ "$(sum "$T_DIR/a/summary" "Incoming")" = \
    "$(sum "$T_DIR/b/summary" "Outgoing")" ]
check "summary: one active SA each" \
    [ "$(sum "$T_DIR/a/summary" "Sa")" = "1 0" -a \
    "$(sum "$T_DIR/b/summary" "Sa")" = "1 0" ]

# --save-keys: Wireshark's tables decrypt what was captured.
check "save-keys wrote both tables" \
    [ -s "$T_DIR/a/keys/ikev2_decryption_table" -a \
    -s "$T_DIR/a/keys/esp_sa" ]
check "esp_sa has our inbound SPI" grep -q "\"$a_in\"" "$T_DIR/a/keys/esp_sa"
check "save-keys warned loudly" \
    grep -q "WARNING: --save-keys" "$T_DIR/a/daemon.log"
if [ -n "$CAP" ]; then
	kill "$TCPDUMP"
	wait "$TCPDUMP" 2>/dev/null
	T_PIDS=$(echo "$T_PIDS" | sed "s/ $TCPDUMP\b//")
	set --
	while IFS= read -r l; do
		set -- "$@" -o "uat:ikev2_decryption_table:$l"
	done <"$T_DIR/a/keys/ikev2_decryption_table"
	tshark -n -r "$CAP" "$@" -V -Y 'isakmp.exchangetype == 35' \
	    >"$T_DIR/a/tshark.txt" 2>&1
	check "tshark decrypts IKE_AUTH with the saved keys" \
	    grep -q "Identification Data:198.51.100.5" "$T_DIR/a/tshark.txt"
	check "tshark finds the integrity checksums correct" \
	    grep -q "HMAC_SHA2_256_128 \[RFC4868\]>\[correct\]" \
	    "$T_DIR/a/tshark.txt"
else
	log "tcpdump or tshark missing: capture decryption not checked"
fi

# An unrelated commit changes nothing.
configure a "hostname ROUTER-ONE" >/dev/null || fail "hostname commit"
sleep 1
check "unrelated commit: A's SPIs unchanged" \
    [ "$(spi a in)" = "$a_in" -a "$(spi a out)" = "$a_out" ]
check "unrelated commit: B's SPIs unchanged" \
    [ "$(spi b in)" = "$b_in" -a "$(spi b out)" = "$b_out" ]

# SIGHUP re-reads running (here a commit the daemon was not told about).
printf 'hostname=R1-HUP\n' >"$T_DIR/hup.cfg"
gen=$("$DMNCTL" --db "$(db a)" commit "$T_DIR/hup.cfg") || fail "commit"
kill -HUP "$(pid_of a)"
hup() { grep -A1 "SIGHUP: re-reading" "$T_DIR/a/daemon.log" |
    grep -q "applying running configuration generation $gen "; }
check "SIGHUP re-reads running (generation $gen)" wait_until 3 hup
check "SIGHUP: SPIs unchanged" [ "$(spi a in)" = "$a_in" ]

# clear ikev2 sa: torn down and set up again with new SPIs.
show a "clear ikev2 sa" >/dev/null || fail "clear ikev2 sa"
renewed() { up a && up b && [ "$(spi a in)" != "$a_in" ] &&
    [ -n "$(spi a in)" ] && [ "$(spi a in)" = "$(spi b out)" ]; }
check "clear ikev2 sa re-establishes" wait_until 5 renewed
a_in=$(spi a in); a_out=$(spi a out)

# clear ikev2 sa remote A.B.C.D, and clear ipsec sa interface X (a new
# Child SA in the same IKE SA).
show a "clear ikev2 sa remote 198.51.100.21" >/dev/null ||
    fail "clear ikev2 sa remote"
check "clear ikev2 sa remote re-establishes" wait_until 5 renewed
a_in=$(spi a in)
ike_a=$(show a "show ikev2 session detail" | awk '/^Local SPI/ { print $NF }')
show a "clear ipsec sa interface tunnel-ip1" >/dev/null ||
    fail "clear ipsec sa interface"
same_ike() { [ "$(show a "show ikev2 session detail" |
    awk '/^Local SPI/ { print $NF }')" = "$ike_a" ]; }
child_only() { renewed && same_ike && one_ike a; }
check "clear ipsec sa interface: new Child SA, same IKE SA" \
    wait_until 5 child_only
a_in=$(spi a in); a_out=$(spi a out)

# A changed proposal (both routers) re-establishes that tunnel.
configure a "no ikev2 proposal ikev2_proposal_P1 dh-group" \
    "ikev2 proposal ikev2_proposal_P1 dh-group 19" >/dev/null
configure b "no ikev2 proposal ikev2_proposal_P2 dh-group" \
    "ikev2 proposal ikev2_proposal_P2 dh-group 19" >/dev/null
group19() { show a "show ikev2 session detail" |
    grep -q '^PRF/Hash/DH Group           : SHA256/SHA256/19$'; }
rekeyed() { renewed && group19; }
check "changed proposal re-establishes with DH group 19" wait_until 10 rekeyed
a_in=$(spi a in); a_out=$(spi a out)

# SIGKILL and restart: re-established by itself.
crash b
start b
restarted() { renewed && one_ike a; }
check "SIGKILL + restart re-establishes" wait_until 10 restarted
check "restart announced INITIAL_CONTACT" \
    grep -q "INITIAL_CONTACT" "$T_DIR/a/daemon.log"
a_in=$(spi a in)

# Deleting the tunnel on one side tears the SAs down on both.
configure a "no interface tunnel-ip1" >/dev/null || fail "no interface"
gone() {
	[ -z "$(show a "show ipsec sa" | tr -d '\n')" ] &&
	    [ -z "$(show b "show ipsec sa" | tr -d '\n')" ]
}
check "deleting the tunnel on A removes the SAs on A and B" \
    wait_until 5 gone
check "B learnt it from a Delete" grep -q "deleted by the peer" \
    "$T_DIR/b/daemon.log"

stop a
stop b
log "done"
exit 0
