#!/usr/bin/env python3
"""Netmiko (device_type cisco_xr) against mgmtsec over SSH: run by
tests/netns/ssh.sh in router B's namespace against router A's sshd.

Each check prints "ok: ..." or raises; the exit status is 0 only when all
passed.  Arguments: host port user keyfile hostname-of-router-A.
"""
import re
import sys

import paramiko
from netmiko import ConnectHandler
from scp import SCPClient, SCPException

host, port, user, key, hostname = sys.argv[1:6]
port = int(port)


def ok(what, cond, got=""):
    if not cond:
        raise SystemExit("FAIL: %s\n---- got:\n%s" % (what, got))
    print("ok:", what)


def connect():
    return ConnectHandler(device_type="cisco_xr", host=host, port=port,
                          username=user, key_file=key, use_keys=True,
                          allow_agent=False, timeout=20, fast_cli=False)


c1 = connect()
prompt = c1.find_prompt()
ok("prompt is RP/0/RP0/CPU0:%s#" % hostname,
   prompt == "RP/0/RP0/CPU0:%s#" % hostname, prompt)

out = c1.send_command("show version")
ok("show version: the IOS XR first line",
   re.search(r"^Cisco IOS XR Software, Version 7\.8\.1$", out, re.M), out)

out = c1.send_command("show interfaces tunnel-ip1")
ok("show interfaces tunnel-ip1: up, line protocol up",
   "tunnel-ip1 is up, line protocol is up" in out, out)
ok("show interfaces tunnel-ip1: address and MTU",
   "Internet address is 192.0.2.1/24" in out and "MTU 1400 bytes" in out,
   out)
m = re.search(r"(\d+) packets input, (\d+) bytes", out)
ok("show interfaces tunnel-ip1: packets counted", m and int(m.group(1)) > 0,
   out)
out = c1.send_command("show ipv4 interface brief")
ok("show ipv4 interface brief: tunnel-ip1 Up/Up",
   re.search(r"^tunnel-ip1 +192\.0\.2\.1 +Up +Up +default$", out, re.M),
   out)

# A long command comes back whole (terminal width 511 was sent).
long_cmd = ("show running-config interface tunnel-ip1 | include "
            + "|".join(["nomatch%02d" % i for i in range(20)])
            + "|ipv4 address")
out = c1.send_command(long_cmd)
lines = [l for l in out.splitlines() if l.strip()]
ok("a %d-character command: its output, no echo debris" % len(long_cmd),
   lines[-1] == " ipv4 address 192.0.2.1 255.255.255.0" and
   "\x08" not in out and "nomatch" not in out, out)

# Two SSH sessions: both in show users, each with its own candidate.
c2 = connect()
out = c1.send_command("show users")
rows = [l for l in out.splitlines() if " %s " % user in l]
ok("show users lists both SSH sessions", len(rows) == 2, out)
ok("show users: service ssh, the client's address, * for this one",
   all(" ssh " in r for r in rows) and
   sum(1 for r in rows if r.startswith("*")) == 1 and
   all(r.rstrip().endswith("198.51.100.21") for r in rows), out)

c2.config_mode()
c2.send_command_timing("hostname not-committed")
out = c1.send_command("show running-config hostname")
ok("another session's uncommitted edit is not running",
   "not-committed" not in out, out)
c1.config_mode()
out = c1.send_command("show configuration")
ok("another session's candidate is not in this one",
   "not-committed" not in out, out)
c1.exit_config_mode()
c2.exit_config_mode()   # answers "no" to the uncommitted-changes question
c2.disconnect()

# send_config_set + commit (label, comment).
c1.send_config_set(["ikev2 proposal NM1", "prf sha-256", "dh-group 20",
                    "integrity sha-256", "encryption aes-cbc-256"])
c1.commit(label="nm_label", comment="from netmiko")
c1.exit_config_mode()
out = c1.send_command("show running-config ikev2 proposal NM1")
ok("the committed proposal is running", "encryption aes-cbc-256" in out, out)
out = c1.send_command("show configuration history detail | include nm_label")
ok("show configuration history detail has the label", "nm_label" in out,
   out)
out = c1.send_command("show configuration commit list 1 detail")
ok("the commit list has the comment", "from netmiko" in out, out)

# A failing commit raises (an incomplete proposal fails validation).
c1.send_config_set(["ikev2 proposal NM2", "prf sha-256"])
try:
    c1.commit()
    raised = False
except ValueError as e:
    raised = "Failed to commit" in str(e)
ok("a failing commit raises ValueError", raised)
c1.exit_config_mode()
out = c1.send_command("show running-config ikev2 proposal NM2")
ok("the failed proposal is not running",
   "% No such configuration item(s)" in out, out)

# SCP to harddisk: (what replace: config does), then load + commit replace.
out = c1.send_command("show running-config")
# Without the timestamp and header lines: the configuration itself.
lines = out.splitlines()
while lines and re.match(r"^(\w{3} \w{3} .* UTC|Building configuration|!!|!?$)",
                         lines[0]):
    lines.pop(0)
saved = "\n".join(lines) + "\n"
pk = paramiko.Ed25519Key.from_private_key_file(key)
t = paramiko.Transport((host, port))
t.connect(username=user, pkey=pk)
with SCPClient(t) as scp:
    import io
    scp.putfo(io.BytesIO(saved.encode()), "/harddisk:/nm.cfg")
    try:
        scp.putfo(io.BytesIO(b"x"), "/tmp/outside.cfg")
        outside = True
    except SCPException:
        outside = False
ok("SCP outside harddisk: is refused", not outside)
# An exec request runs one command.
ch = t.open_session()
ch.exec_command("show version | utility head -n 1")
data = ch.makefile().read().decode()
ok("ssh host 'CMD' runs one shell command (after its timestamp line)",
   data.strip().splitlines()[-1] == "Cisco IOS XR Software, Version 7.8.1",
   data)
t.close()
out = c1.send_command("dir harddisk:")
ok("dir harddisk: shows the SCP'd file", re.search(r" nm\.cfg$", out, re.M),
   out)

c1.send_config_set(["no ikev2 proposal NM1"])
c1.commit()
c1.exit_config_mode()
c1.config_mode()
out = c1.send_command_timing("load harddisk:/nm.cfg")
ok("load harddisk:/nm.cfg", "bytes parsed" in out and "%" not in out, out)
out = c1.send_command_timing("commit replace")
ok("commit replace asks", "Do you wish to proceed? [no]:" in out, out)
out = c1.send_command_timing("yes")
ok("commit replace: no error", "%" not in out, out)
c1.exit_config_mode()
out = c1.send_command("show running-config ikev2 proposal NM1")
ok("commit replace restored the saved proposal",
   "encryption aes-cbc-256" in out, out)
c1.disconnect()
print("all Netmiko checks passed")
