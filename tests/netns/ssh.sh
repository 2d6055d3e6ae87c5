#!/bin/sh
# SSH access (mgmtsec(1), SSH ACCESS), as root, in network namespaces:
# router A runs its own sshd, configured from the shipped snippet
# (ssh/sshd-mgmtsec.conf), with a generated user and key; Netmiko
# (device_type cisco_xr) connects from router B's namespace and checks
# (tests/netns/ssh_netmiko.py): the prompt, show version, show interfaces
# and show ipv4 interface brief of tunnel-ip1 with the userspace data
# plane's real state and counters, a long command, show users with two
# SSH sessions each with its own candidate, send_config_set + commit with
# label and comment, a failing commit raising, SCP to harddisk: (and
# refused outside it), an exec request, load harddisk: + commit replace.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-ssh.sh"

t_init
"$PY" -c 'import netmiko, paramiko, scp' 2>/dev/null ||
    skip "needs python3-netmiko, python3-paramiko, python3-scp"
[ -c /dev/net/tun ] || skip "needs /dev/net/tun"
command -v ping >/dev/null 2>&1 || skip "needs ping (iputils-ping)"
ssh_user
pair
T_DATAPLANE=userspace
export T_DATAPLANE
start a
start b
cli a <"$SEED/router1.cli" >"$T_DIR/a/commit.out" 2>&1 ||
    fail "router 1 configuration failed: $(cat "$T_DIR/a/commit.out")"
cli b <"$SEED/router2.cli" >"$T_DIR/b/commit.out" 2>&1 ||
    fail "router 2 configuration failed: $(cat "$T_DIR/b/commit.out")"
both_up() { up a && up b; }
wait_until 15 both_up || fail "not UP-ACTIVE on both"
in_ns a ping -c 3 -i 0.2 -W 2 192.0.2.2 >/dev/null ||
    fail "no ping through tunnel-ip1"
host=$(show a "show running-config hostname" | awk '/^hostname/ { print $2 }')
[ -n "$host" ] || host=ios

ssh_init
in_ns b timeout 240 "$PY" "$top_srcdir/tests/netns/ssh_netmiko.py" \
    "$SSH_HOST" "$SSH_PORT" "$SSH_USER" "$SSH_KEY" "$host" \
    >"$T_DIR/netmiko.out" 2>&1
st=$?
sed 's/^/  /' "$T_DIR/netmiko.out"
[ "$st" -eq 0 ] || fail "Netmiko checks (sshd log: $(tail -n 20 "$T_DIR/sshd/log"))"
log "ok: Netmiko (cisco_xr) over SSH"
stop a
stop b
