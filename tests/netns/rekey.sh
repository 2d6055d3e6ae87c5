#!/bin/sh
# Rekeying (SPEC section 6): the seed's routers with an IKE SA lifetime and
# a Child SA lifetime of 120 s (PFS group 19).  Polled every second for up
# to 150 s, both routers stay UP-ACTIVE throughout, while the IKE SA is
# rekeyed (new IKE SA ID, CREATE_CHILD_SA, no new IKE_SA_INIT) and the
# Child SA is rekeyed with PFS (new SPIs, group19 on the new Child SA).
# This is the long test (about two minutes); it runs beside the others.
. "$(dirname "$0")/lib.sh"

t_init
pair

cli a <"$SEED/router1.cli" >/dev/null 2>&1 || fail "router 1 config"
cli b <"$SEED/router2.cli" >/dev/null 2>&1 || fail "router 2 config"
configure a "ikev2 profile ikev2_prof_mgmt_P1 lifetime 120" \
    "ipsec profile ipsec_prof_mgmt_P1 set security-association lifetime seconds 120" \
    >/dev/null || fail "router 1 lifetimes"
configure b "ikev2 profile ikev2_prof_mgmt_P2 lifetime 120" \
    "ipsec profile ipsec_prof_mgmt_P2 set security-association lifetime seconds 120" \
    >/dev/null || fail "router 2 lifetimes"
start a
start b
both_up() { up a && up b; }
wait_until 10 both_up || fail "not UP-ACTIVE"
settled() {
	show a "show ikev2 session" | grep -q '^IKE Count           : 1$' &&
	    show b "show ikev2 session" | grep -q '^IKE Count           : 1$'
}
wait_until 10 settled || fail "collision did not settle to one IKE SA"

stat() {
	# stat R LABEL: a counter of show ikev2 statistics.
	show "$1" "show ikev2 statistics" | awk -v l="$2" \
	    'index($0, l) == 1 { sub(/^[^:]*: /, ""); print; exit }'
}
ike_id() {
	show "$1" "show ikev2 session" | awk '/^IKE SA ID/ { print $NF; exit }'
}
ike0_a=$(ike_id a)
spi0=$(spi a in)
init0=$(stat a "IKE_SA_INIT Sent/Received")
log "start: IKE SA $ike0_a, inbound SPI $spi0, IKE_SA_INIT $init0"

i=0
while [ "$i" -lt 150 ]; do
	i=$((i + 1))
	sleep 1
	up a || fail "router 1 left UP-ACTIVE after $i s"
	up b || fail "router 2 left UP-ACTIVE after $i s"
	ikes=$(($(stat a "IKE SA Rekeys") + $(stat b "IKE SA Rekeys")))
	kids=$(($(stat a "Child SA Rekeys") + $(stat b "Child SA Rekeys")))
	if [ "$ikes" -ge 1 ] && [ "$kids" -ge 1 ] &&
	    [ "$(ike_id a)" != "$ike0_a" ] && [ "$(spi a in)" != "$spi0" ]
	then
		break
	fi
done
log "after $i s: IKE rekeys $ikes, Child rekeys $kids, IKE SA $(ike_id a)"
check "the IKE SA was rekeyed" [ "$ikes" -ge 1 -a "$(ike_id a)" != "$ike0_a" ]
check "the Child SA was rekeyed" [ "$kids" -ge 1 -a "$(spi a in)" != "$spi0" ]
check "by CREATE_CHILD_SA, not a new IKE_SA_INIT" \
    [ "$(stat a "IKE_SA_INIT Sent/Received")" = "$init0" ]
check "still one IKE SA on each side" settled
check "the new Child SA used PFS group 19" sh -c \
    "'$MGMTSEC' --db '$(db a)' --no-timestamp -c 'show ipsec sa detail' |
    grep -q '^PFS (DH Group)        : group19\$'"
# SPIs still agree crosswise after the rekeys.
check "SPIs agree crosswise after rekeying" \
    [ "$(spi a in)" = "$(spi b out)" -a "$(spi a out)" = "$(spi b in)" ]
stop a
stop b
log "done"
exit 0
