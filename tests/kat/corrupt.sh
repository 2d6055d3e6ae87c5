#!/bin/sh
# make check: flipping one hex digit of an expected output must make
# tests/kat fail that case, name it, and leave the other cases passing.
# Every family gets one corrupted copy per listed output field.
dir="${SHARED_DIR:-}/vectors"
kat="${top_builddir:-.}/tests/kat/kat"
if [ -z "${SHARED_DIR:-}" ] || [ ! -d "$dir" ]; then
	echo "SKIP: no vector folder ($dir)"
	exit 77
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/kat-corrupt.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM

# Expected-output fields to corrupt, by family.
fields_for() {
	case "$1" in
	aes_cbc)	echo "ciphertext esp_packet" ;;
	aes_gcm)	echo "ciphertext tag" ;;
	hmac)		echo "mac mac_truncated" ;;
	prf_rfc4868)	echo "prf_output icv" ;;
	ecdh_rfc5903)	echo "shared_secret ke_data_i gry" ;;
	ikev2_kdf)	echo "skeyseed dkm sk_d dkm_child_sa dkm_child_sa_dh skeyseed_rekey" ;;
	*)		echo "" ;;
	esac
}

# Copies $1 to $2 with the first hex digit of the first non-empty value of
# field $3 flipped (low bit); writes the enclosing case's name to $2.name.
corrupt() {
	awk -v field="$3" -v namefile="$2.name" '
	BEGIN { done = 0 }
	{
		line = $0
		if (!done && match(line, /"name"[ \t]*:[ \t]*"/)) {
			rest = substr(line, RSTART + RLENGTH)
			name = substr(rest, 1, index(rest, "\"") - 1)
		}
		pat = "\"" field "\"[ \t]*:[ \t]*\"[0-9a-f]"
		if (!done && match(line, pat)) {
			pos = RSTART + RLENGTH - 1
			c = substr(line, pos, 1)
			i = index("0123456789abcdef", c)
			f = substr("1032547698badcfe", i, 1)
			line = substr(line, 1, pos - 1) f substr(line, pos + 1)
			print name > namefile
			done = 1
		}
		print line
	}' "$1" > "$2"
}

status=0
runs=0
for f in "$dir"/*.json; do
	family=$(sed -n 's/^[ \t]*"family"[ \t]*:[ \t]*"\([a-z0-9_]*\)".*/\1/p' "$f" | head -n 1)
	base=$(basename "$f" .json)
	good=$("$kat" "$f" | tail -n 1)
	total=${good%% passed*}
	case "$good" in
	*" passed, 0 failed") ;;
	*) echo "FAIL $f does not pass unmodified: $good"; status=1; continue ;;
	esac
	for field in $(fields_for "$family"); do
		copy="$tmp/$base-$field.json"
		corrupt "$f" "$copy" "$field"
		if [ ! -s "$copy.name" ]; then
			echo "FAIL $family: no non-empty $field to corrupt"
			status=1
			continue
		fi
		name=$(cat "$copy.name")
		out=$("$kat" "$copy")
		rc=$?
		runs=$((runs + 1))
		want="$((total - 1)) passed, 1 failed"
		last=$(printf '%s\n' "$out" | tail -n 1)
		if [ "$rc" -ne 1 ] || [ "$last" != "$want" ]; then
			echo "FAIL $family/$field: exit $rc, '$last', wanted '$want'"
			status=1
		elif ! printf '%s\n' "$out" | grep -qF "FAIL $copy: $name: "; then
			echo "FAIL $family/$field: no failure line for '$name'"
			printf '%s\n' "$out"
			status=1
		else
			echo "ok $family/$field: $(printf '%s\n' "$out" | head -n 1)"
		fi
	done
done
[ "$runs" -gt 0 ] || { echo "FAIL: nothing was corrupted"; status=1; }
exit $status
