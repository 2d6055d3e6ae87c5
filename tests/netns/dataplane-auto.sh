#!/bin/sh
# `--dataplane auto` (the default) picks the kernel's ESP where the kernel
# can do it on a vti link, else ESP in mgmtsecd over TUN, and `show ipsec
# dataplane` says which and why.
#
# What this kernel can do is found out independently, with iproute2 in a
# namespace of our own: a vti link plus an ESP state with the seed's
# algorithms.  T_EXPECT_AUTO=kernel|userspace overrides that (the VM test
# sets kernel, so a broken probe cannot make both sides agree on
# userspace there).
. "$(dirname "$0")/lib.sh"

t_init
T_DATAPLANE=auto
export T_DATAPLANE
a=$(ns a)
ip netns add "$a" || fail "cannot create namespace $a"
T_NS="$T_NS $a"
ip -n "$a" link set lo up
mkdir -m 700 "$T_DIR/a"

kernel_can() {
	ip -n "$a" link add t-vti type vti local 127.0.0.1 remote 127.0.0.2 \
	    key 1 >/dev/null 2>&1 || return 1
	ip -n "$a" link del t-vti
	ip -n "$a" xfrm state add src 127.0.0.1 dst 127.0.0.1 proto esp \
	    spi 0x4242 mode tunnel enc 'cbc(aes)' \
	    0x000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f \
	    auth-trunc 'hmac(sha256)' \
	    0x000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f \
	    128 >/dev/null 2>&1 || return 1
	ip -n "$a" xfrm state flush
}
want=${T_EXPECT_AUTO:-}
if [ -z "$want" ]; then
	if kernel_can; then want=kernel; else want=userspace; fi
fi
log "expecting $want"
[ "$want" = kernel ] || [ -c /dev/net/tun ] ||
    skip "neither the kernel's ESP nor /dev/net/tun here"

start a
show a "show ipsec dataplane" >"$T_DIR/a/dataplane"
sed 's/^/    /' "$T_DIR/a/dataplane"
check "auto picked the $want backend" \
    grep -q "^Data plane          : $want\$" "$T_DIR/a/dataplane"
if [ "$want" = kernel ]; then
	check "the reason names the kernel's ESP with vti links" \
	    grep -q '^Reason              : auto: the kernel does ESP with vti links$' \
	    "$T_DIR/a/dataplane"
	check "the probe left no link and no state behind" sh -c \
	    "! ip -n $a link show dev mgmtsec-probe >/dev/null 2>&1 &&
	    [ -z \"\$(ip -n $a xfrm state)\" ]"
else
	check "the reason says why the kernel cannot" \
	    grep -q '^Reason              : auto: the kernel cannot do ESP here (.*[a-z].*); ESP runs in mgmtsecd$' \
	    "$T_DIR/a/dataplane"
fi
stop a
log "done"
exit 0
