# tests/netns/lib-ssh.sh: an sshd of its own in router A's namespace,
# configured from the shipped snippet (ssh/sshd-mgmtsec.conf), and a
# generated user with a generated key whose login is the router's shell
# (sourced after lib.sh, once pair and start a have run).
#
#   ssh_routers    the group and the user, the seed's two routers with
#                  the userspace data plane, UP-ACTIVE and a ping through
#                  tunnel-ip1, then ssh_init
#   ssh_user       the group and the user (before the daemons start)
#   ssh_init       the user's key, the database shared with it, sshd
#                  on 198.51.100.5:2222 (pid in T_PIDS); sets SSH_USER,
#                  SSH_KEY, SSH_HOST, SSH_PORT, HD (router A's harddisk:)
#
# The user is in group MGMTSEC_GROUP (the daemon lets only root and that
# group talk to it); the group is made here when the machine has none and
# removed again, like the user, on exit.

SSH_HOST=198.51.100.5
SSH_PORT=2222
SSH_GROUP=mgmtsec
SSH_MADE_GROUP=0
SSH_USER=""
# Debian's Python, which has the Debian packages (not a PATH shim).
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3

ssh_cleanup() {
	rc=$?
	# sshd and the daemons first (cleanup), then their user and group.
	(exit "$rc")
	cleanup_then_users "$rc"
}

cleanup_then_users() {
	for p in $T_PIDS; do
		kill -9 "$p" 2>/dev/null
	done
	for p in $T_PIDS; do
		wait "$p" 2>/dev/null
	done
	T_PIDS=""
	[ -n "$SSH_USER" ] && userdel "$SSH_USER" 2>/dev/null
	[ "$SSH_MADE_GROUP" = 1 ] && groupdel "$SSH_GROUP" 2>/dev/null
	(exit "$1")
	cleanup
}

# ssh_user: the group (made when missing) and the user; before `start`,
# so the daemons give their control sockets to the group.
ssh_user() {
	command -v useradd >/dev/null 2>&1 || [ -x /usr/sbin/useradd ] ||
	    skip "needs useradd (passwd)"
	trap ssh_cleanup EXIT
	group_lock
	if ! getent group "$SSH_GROUP" >/dev/null; then
		groupadd "$SSH_GROUP" || fail "cannot create group $SSH_GROUP"
		SSH_MADE_GROUP=1
	fi
	SSH_USER="mgs$$"
	useradd -M -N -g "$SSH_GROUP" -d "$T_DIR/home" -s /bin/sh \
	    "$SSH_USER" || fail "cannot create user $SSH_USER"
	# '*': no password, but not locked (sshd refuses locked accounts).
	usermod -p '*' "$SSH_USER"
}

ssh_init() {
	for b in sshd ssh-keygen; do
		command -v "$b" >/dev/null 2>&1 ||
		    [ -x "/usr/sbin/$b" ] || skip "needs $b (openssh-server)"
	done
	SSHD=$(command -v sshd || echo /usr/sbin/sshd)
	snippet="$top_builddir/ssh/sshd-mgmtsec.conf"
	[ -f "$snippet" ] || skip "ssh/sshd-mgmtsec.conf is not built"
	mkdir -p "$T_DIR/sshd" "$T_DIR/home"
	chown "$SSH_USER" "$T_DIR/home"
	ssh-keygen -q -t ed25519 -N '' -f "$T_DIR/sshd/hostkey" ||
	    fail "ssh-keygen (host)"
	ssh-keygen -q -t ed25519 -N '' -f "$T_DIR/client" ||
	    fail "ssh-keygen (client)"
	SSH_KEY="$T_DIR/client"
	cp "$T_DIR/client.pub" "$T_DIR/sshd/authorized_keys"
	chmod 644 "$T_DIR/sshd/authorized_keys"
	# The database, its folder and harddisk: shared with the group, as
	# ./dev ssh-setup does for the installed ones.
	HD="$T_DIR/a/harddisk"
	mkdir -p "$HD" "$T_DIR/a/users"
	chgrp "$SSH_GROUP" "$T_DIR" "$T_DIR/a" "$HD" "$T_DIR/a/users"
	chmod 0750 "$T_DIR"
	chmod 2770 "$T_DIR/a" "$HD" "$T_DIR/a/users"
	for f in "$T_DIR"/a/config.db*; do
		chgrp "$SSH_GROUP" "$f" && chmod 0660 "$f"
	done
	# The shipped snippet, pointed at this build and this database.
	{
		cat <<-EOC
		ListenAddress $SSH_HOST:$SSH_PORT
		HostKey $T_DIR/sshd/hostkey
		PidFile $T_DIR/sshd/pid
		AuthorizedKeysFile $T_DIR/sshd/authorized_keys
		StrictModes no
		UsePAM no
		PasswordAuthentication no
		KbdInteractiveAuthentication no
		PubkeyAuthentication yes
		AllowUsers $SSH_USER
		LogLevel VERBOSE
		Subsystem sftp /usr/lib/openssh/sftp-server
		EOC
		sed -e "s|^Match Group .*|Match Group $SSH_GROUP|" \
		    -e "s|ForceCommand [^ ]*/mgmtsec --ssh --db [^ ]*|ForceCommand $MGMTSEC --ssh --db $(db a) --harddisk $HD|" \
		    "$snippet"
	} > "$T_DIR/sshd/sshd_config"
	grep -q "ForceCommand $MGMTSEC --ssh" "$T_DIR/sshd/sshd_config" ||
	    fail "the snippet has no ForceCommand line to point at this build"
	[ -d /run/sshd ] || mkdir -p -m 0755 /run/sshd
	"$SSHD" -t -f "$T_DIR/sshd/sshd_config" ||
	    fail "sshd -t refuses the generated configuration"
	ip netns exec "$(ns a)" "$SSHD" -D -e -f "$T_DIR/sshd/sshd_config" \
	    >>"$T_DIR/sshd/log" 2>&1 &
	SSHD_PID=$!
	T_PIDS="$T_PIDS $SSHD_PID"
	port_open() { in_ns b "$PY" -c "import socket,sys
s=socket.socket(); s.settimeout(1)
sys.exit(s.connect_ex(('$SSH_HOST', $SSH_PORT)))"; }
	wait_until 10 port_open || fail "sshd did not listen: $(cat "$T_DIR/sshd/log")"
	export SSH_USER SSH_KEY SSH_HOST SSH_PORT HD
}

ssh_routers() {
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
	ssh_init
}
