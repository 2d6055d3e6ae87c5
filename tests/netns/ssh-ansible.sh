#!/bin/sh
# Ansible's cisco.iosxr collection (Debian's ansible) against mgmtsec
# over SSH, as root, in network namespaces: router A's own sshd from the
# shipped snippet (tests/netns/lib-ssh.sh), ansible-playbook in router
# B's namespace with network_cli (paramiko) running
# tests/netns/ansible/playbook.yml: iosxr_command; iosxr_config with
# parents/lines, comment and label, idempotent on a second run, a reused
# label, a syntax and a semantic error failing their tasks, a commit
# confirmed; iosxr_facts gather_subset all with version, hostname, the
# tunnel interface (address, MTU), harddisk:, memory, and no % lines;
# iosxr_config replace: config (SFTP to /harddisk:/, load, commit
# replace) replacing the whole running configuration.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-ssh.sh"

t_init
AP=/usr/bin/ansible-playbook
[ -x "$AP" ] || skip "needs ansible (Debian's ansible-playbook)"
"$PY" -c 'import ansible_collections.cisco.iosxr, paramiko' 2>/dev/null ||
    skip "needs the cisco.iosxr collection (Debian's ansible) and paramiko"
ssh_routers
configure a "hostname xr-a" >"$T_DIR/a/host.out" 2>&1 ||
    fail "hostname: $(cat "$T_DIR/a/host.out")"

mkdir -p "$T_DIR/ansible/home" "$T_DIR/ansible/tmp" "$T_DIR/ansible/pc"
cat >"$T_DIR/ansible/hosts" <<EOI
[router]
xr-a ansible_host=$SSH_HOST ansible_port=$SSH_PORT ansible_user=$SSH_USER ansible_ssh_private_key_file=$SSH_KEY

[router:vars]
ansible_connection=ansible.netcommon.network_cli
ansible_network_os=cisco.iosxr.iosxr
ansible_network_cli_ssh_type=paramiko
ansible_python_interpreter=$PY
EOI
in_ns b env HOME="$T_DIR/ansible/home" ANSIBLE_HOST_KEY_CHECKING=False \
    ANSIBLE_NOCOLOR=1 ANSIBLE_LOCAL_TEMP="$T_DIR/ansible/tmp" \
    ANSIBLE_PERSISTENT_CONTROL_PATH_DIR="$T_DIR/ansible/pc" \
    ANSIBLE_PERSISTENT_CONNECT_TIMEOUT=30 ANSIBLE_PERSISTENT_COMMAND_TIMEOUT=60 \
    ANSIBLE_PARAMIKO_LOOK_FOR_KEYS=False \
    timeout 400 "$AP" -i "$T_DIR/ansible/hosts" \
    -e router_hostname=xr-a "$top_srcdir/tests/netns/ansible/playbook.yml" \
    >"$T_DIR/ansible/out" 2>&1
st=$?
sed 's/^/  /' "$T_DIR/ansible/out"
[ "$st" -eq 0 ] || fail "the playbook failed (status $st)"
grep -q 'failed=0' "$T_DIR/ansible/out" || fail "a task failed"
log "ok: Ansible cisco.iosxr over SSH"
stop a
stop b
