#!/bin/sh
# `| json` of every live show in a two-router run (the seed's Router 1
# and Router 2, userspace data plane, pings through the tunnel), needs
# root: each document is parsed back (python3) and compared value by
# value with the table of the same command (tests/netns/json-compare.py),
# and the documents of the two routers agree crosswise (SPIs, roles).
. "$(dirname "$0")/lib.sh"

t_init
command -v python3 >/dev/null 2>&1 || skip "needs python3"
command -v ping >/dev/null 2>&1 || skip "needs ping (iputils-ping)"
[ -c /dev/net/tun ] || skip "needs /dev/net/tun"
pair
T_DATAPLANE=userspace
export T_DATAPLANE
COMPARE="$top_srcdir/tests/netns/json-compare.py"

start a
start b
seed_up
one_child() { show "$1" "show ikev2 session" |
    grep -q '^Child Count         : 1$'; }
both_one() { one_child a && one_child b; }
wait_until 10 both_one || fail "not one Child SA per side"
check "5 pings through the tunnel" ping_ok a 192.0.2.2 5

# Each command's table, then its document, per router.
set -- \
    session "show ikev2 session" \
    session "show ikev2 session detail" \
    ikev2-sa "show ikev2 sa detail" \
    summary "show ikev2 summary" \
    statistics "show ikev2 statistics" \
    ipsec-table "show ipsec sa" \
    ipsec-sa "show ipsec sa detail" \
    ipsec-sa "show ipsec sa interface tunnel-ip1" \
    ipsec-sa "show ipsec sa interface tunnel-ip1 detail" \
    dataplane "show ipsec dataplane"
for r in a b; do
	k=0
	while [ $# -gt 0 ]; do
		k=$((k + 1))
		f="$T_DIR/$r/$k"
		show $r "$2" >"$f.txt" 2>&1 ||
		    fail "router $r: $2 failed: $(cat "$f.txt")"
		show $r "$2 | json" >"$f.json" 2>&1 ||
		    fail "router $r: $2 | json failed: $(cat "$f.json")"
		check "router $r: $2 | json is one JSON document" \
		    python3 -m json.tool "$f.json" /dev/null
		check "router $r: $2 | json agrees with the table" \
		    python3 "$COMPARE" "$1" "$f.txt" "$f.json"
		set -- "$@" "$1" "$2"
		shift 2
		[ "$k" -lt 10 ] || break
	done
done

# Crosswise, from the documents alone: A's inbound SPI is B's outbound,
# IKE SPIs mirror, one Initiator and one Responder, and the pings counted.
# ($T_DIR/R/2.json: session detail; 7.json: ipsec sa detail.)
check "documents agree crosswise" python3 - "$T_DIR/a" "$T_DIR/b" <<'PY'
import json, sys
a, b = (json.load(open(d + "/2.json"))["sessions"][0] for d in sys.argv[1:])
ia, ib = a["ike-sas"][0], b["ike-sas"][0]
ca, cb = ia["child-sas"][0], ib["child-sas"][0]
assert ca["spi-in"] == cb["spi-out"] and ca["spi-out"] == cb["spi-in"]
assert ia["local-spi"] == ib["remote-spi"]
assert ia["remote-spi"] == ib["local-spi"]
assert sorted([ia["role"], ib["role"]]) == ["Initiator", "Responder"]
sa, sb = (json.load(open(d + "/7.json"))["sas"][0] for d in sys.argv[1:])
assert sa["inbound"]["spi"] == ca["spi-in"]
assert sa["outbound"]["spi"] == sb["inbound"]["spi"]
assert sa["outbound"]["packets"] >= 5 and sb["inbound"]["packets"] >= 5
assert sa["state"] == sb["state"]
PY

# running-config parsed back: the tunnel's destination is router B.
show a "show running-config interface tunnel-ip1 | json" >"$T_DIR/a/run.json"
check "running-config | json names the peer" python3 - "$T_DIR/a/run.json" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
assert doc["schema"] == "running-config" and doc["path"] == ["interface tunnel-ip1"]
lines = [c["line"] for c in doc["config"][0]["config"]]
assert "tunnel destination 198.51.100.21" in lines, lines
PY

# A daemon that is gone: an error line, not a document, and status 1.
stop b
show b "show ikev2 session | json" >"$T_DIR/b/gone.out" 2>&1
st=$?
check "no daemon: status 1" [ "$st" -eq 1 ]
check "no daemon: the error, no JSON" grep -q '^% mgmtsecd is not running' \
    "$T_DIR/b/gone.out"
stop a
exit "$T_FAILED"
