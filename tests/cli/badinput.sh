#!/bin/sh
# Bad input piped into batch mode (binary garbage, a 1 MB line, NUL bytes,
# malformed UTF-8): each gives a clear error, nothing crashes or hangs,
# and nothing is committed.
set -u
top_srcdir="${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}"
top_builddir="${top_builddir:-$top_srcdir}"
bin="$top_builddir/mgmtsec"
command -v openssl >/dev/null || { echo "SKIP: no openssl"; exit 77; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/mgmtsec-bad.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT INT TERM
fail=0

# run NAME: feeds $tmp/NAME.in, checks the exit status is 1 (lines
# failed: not a crash, not success) and that nothing got committed.
run() {
	db="$tmp/$1.db"
	timeout 60 "$bin" --no-timestamp --db "$db" < "$tmp/$1.in" \
	    > "$tmp/$1.out" 2> "$tmp/$1.err"
	rc=$?
	if [ $rc -ne 1 ]; then
		echo "FAIL $1: exit status $rc (want 1)"; fail=1
		head -c 2000 "$tmp/$1.out"; head -c 2000 "$tmp/$1.err"
	fi
	if grep -q -e 'AddressSanitizer' -e 'runtime error' "$tmp/$1.err"; then
		echo "FAIL $1: sanitizer report"; cat "$tmp/$1.err"; fail=1
	fi
	n=$("$bin" --no-timestamp --db "$db" \
	    -c 'show configuration commit list' | grep -c '^[0-9]')
	if [ "$n" -ne 0 ]; then
		echo "FAIL $1: $n commits were made"; fail=1
	fi
}
# expect NAME FILE TEXT: FILE of case NAME holds TEXT.
expect() {
	if ! grep -qF -- "$3" "$tmp/$1.$2"; then
		echo "FAIL $1: no '$3' in its $2"; fail=1
		head -c 2000 "$tmp/$1.$2"
	fi
}

# Deterministic "random" bytes: AES-CTR over zeros with a fixed key.
garbage() {
	head -c "$1" /dev/zero | openssl enc -aes-128-ctr -nosalt \
	    -K 000102030405060708090a0b0c0d0e0f \
	    -iv "$2" 2>/dev/null
}

# 1. Binary garbage, in and out of configuration mode.
{ garbage 65536 00000000000000000000000000000001
  printf '\nconfigure\n'
  garbage 65536 00000000000000000000000000000002
  printf '\ncommit\nend\nno\n'; } > "$tmp/garbage.in"
run garbage
expect garbage err '% line 1: '
expect garbage out '% Invalid input'

# 1b. Printable garbage (lower-case words, dots, digits): every line
# reaches the matcher instead of the byte checks.  Random words can make
# a valid line ("h r" is `hostname r`), so this one ends with abort.
{ printf 'configure\n'
  garbage 65536 00000000000000000000000000000003 |
      tr -c 'a-z0-9.\n/-' ' '
  printf '\nabort\n'; } > "$tmp/words.in"
run words
expect words out "% Invalid input detected at '^' marker."

# 2. A line of 1 MB (and one just over the limit).
{ printf 'configure\nhostname '
  head -c 1048576 /dev/zero | tr '\0' 'a'
  printf '\ndescription '
  head -c 4090 /dev/zero | tr '\0' 'b'
  printf '\ncommit\nend\n'; } > "$tmp/long.in"
run long
expect long out '% Input line too long (1048585 bytes; at most 4095)'
expect long err '% line 2: Input line too long'
expect long out '% Input line too long (4102 bytes; at most 4095)'

# 3. NUL bytes inside a line.
printf 'configure\nhostname a\000b\nikev2 proposal P\000 prf sha-1\ncommit\nend\n' \
    > "$tmp/nul.in"
run nul
expect nul out '% Invalid input: control character (0x00) at column 11'
expect nul err '% line 2: Invalid input: control character (0x00)'

# 4. Malformed UTF-8: bad lead byte, truncated sequence, overlong form,
# surrogate; a well-formed non-ASCII name is an ordinary invalid word.
printf 'configure\nhostname \377\376\ninterface tunnel-ip1 description \303\nhostname \300\257\ninterface tunnel-ip1 description \355\240\200\nhostname r\303\251\ncommit\nend\n' \
    > "$tmp/utf8.in"
run utf8
expect utf8 out '% Invalid input: malformed UTF-8 (0xff) at column 10'
expect utf8 out '% Invalid input: malformed UTF-8 (0xc3) at column 34'
expect utf8 out '% Invalid input: malformed UTF-8 (0xc0) at column 10'
expect utf8 out '% Invalid input: malformed UTF-8 (0xed) at column 34'
expect utf8 out "% Invalid input detected at '^' marker."
expect utf8 out '% No configuration changes to commit.'

# Every store is intact and its running configuration still empty.
for c in garbage words long nul utf8; do
	"$bin" --no-timestamp --db "$tmp/$c.db" -c 'show running-config' \
	    > "$tmp/run.out"
	if [ "$(sed -n '5p' "$tmp/run.out")" != end ]; then
		echo "FAIL $c: running is not empty"; cat "$tmp/run.out"
		fail=1
	fi
done
exit $fail
