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
ssh_routers
host=$(show a "show running-config hostname" | awk '/^hostname/ { print $2 }')
[ -n "$host" ] || host=ios
in_ns b timeout 240 "$PY" "$top_srcdir/tests/netns/ssh_netmiko.py" \
    "$SSH_HOST" "$SSH_PORT" "$SSH_USER" "$SSH_KEY" "$host" \
    >"$T_DIR/netmiko.out" 2>&1
st=$?
sed 's/^/  /' "$T_DIR/netmiko.out"
[ "$st" -eq 0 ] || fail "Netmiko checks (sshd log: $(tail -n 20 "$T_DIR/sshd/log"))"
log "ok: Netmiko (cisco_xr) over SSH"
stop a
stop b
