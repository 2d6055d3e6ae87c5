#!/bin/sh
# make check: a case tests/kat cannot check counts as failed: unknown
# family, bad hex, no checkable field, missing inputs, a file that is not
# JSON or has no case list.  Each file below must give exactly the summary
# shown, exit 1, and name the case.
kat="${top_builddir:-.}/tests/kat/kat"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/kat-cannot.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM
status=0

# check NAME SUMMARY TEXT-IN-OUTPUT JSON
check() {
	printf '%s\n' "$4" > "$tmp/$1.json"
	out=$("$kat" "$tmp/$1.json")
	rc=$?
	last=$(printf '%s\n' "$out" | tail -n 1)
	if [ "$rc" -ne 1 ] || [ "$last" != "$2" ] ||
	   ! printf '%s\n' "$out" | grep -qF "$3"; then
		echo "FAIL $1: exit $rc, output:"
		printf '%s\n' "$out"
		status=1
	else
		echo "ok $1: $(printf '%s\n' "$out" | head -n 1)"
	fi
}

hm='"hash": "SHA-256", "key": "0b0b", "data": "00"'
check unknown-family "0 passed, 1 failed" "c1: unknown family" \
    '{"family": "des", "cases": [{"name": "c1", "key": "00"}]}'
check bad-hex "0 passed, 1 failed" "c1: field key: bad hex" \
    "{\"family\": \"hmac\", \"cases\": [{\"name\": \"c1\", \"hash\": \"SHA-1\", \"key\": \"0g\", \"data\": \"\", \"mac\": \"00\"}]}"
check odd-hex "0 passed, 1 failed" "c1: field data: bad hex" \
    "{\"family\": \"hmac\", \"cases\": [{\"name\": \"c1\", \"hash\": \"SHA-1\", \"key\": \"00\", \"data\": \"123\", \"mac\": \"00\"}]}"
check nothing-to-check "0 passed, 1 failed" "c1: no field that can be checked" \
    "{\"family\": \"hmac\", \"cases\": [{\"name\": \"c1\", $hm}]}"
check unknown-hash "0 passed, 1 failed" "c1: unsupported or missing prf/hash" \
    '{"family": "hmac", "cases": [{"name": "c1", "hash": "SHAKE-128", "key": "00", "data": "", "mac": "00"}]}'
check missing-input "0 passed, 1 failed" "c1: dkm needs skeyseed" \
    '{"family": "ikev2_kdf", "cases": [{"name": "c1", "prf": "PRF_HMAC_SHA1", "ni": "00", "nr": "00", "dkm": "00"}]}'
check unsupported-group "0 passed, 1 failed" "c1: unsupported or missing DH group" \
    '{"family": "ecdh_rfc5903", "cases": [{"name": "c1", "group": 14, "i": "01", "shared_secret": "00"}]}'
check wrong-type "0 passed, 1 failed" "c1: field truncated_bits is not an integer" \
    "{\"family\": \"hmac\", \"cases\": [{\"name\": \"c1\", $hm, \"mac_truncated\": \"00\", \"truncated_bits\": \"8\"}]}"
check not-json "0 passed, 1 failed" "not JSON" '{"family": "hmac", "cases": ['
check no-cases "0 passed, 1 failed" "no \"cases\" list" '{"family": "hmac"}'
check unnamed "1 passed, 1 failed" "case #2: not an object" \
    "{\"family\": \"hmac\", \"cases\": [{\"name\": \"good\", \"hash\": \"SHA-1\", \"key\": \"\", \"data\": \"\", \"mac\": \"fbdb1d1b18aa6c08324b7d64b71fb76370690e1d\"}, 7]}"
exit $status
