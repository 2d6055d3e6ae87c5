# Sourced by the interop tests after tests/netns/lib.sh: strongSwan's
# charon (Debian's, with the kernel-libipsec userspace data plane of
# ../shared/lab/strongswan) as router b, in its own network and mount
# namespaces, driven with swanctl over its vici socket.
#
#   charon_skips            skip unless root, charon, swanctl,
#                           kernel-libipsec, unshare and /dev/net/tun
#   charon_dirs             $S (router b's folder) with run/ and swanctl/
#   charon_settings LOAD [LINE...]
#                           $S/strongswan.conf loading plugins LOAD, with
#                           more charon settings LINEs
#   start_charon, stop_charon, charon_pid
#   sw CMD [ARGS...]        swanctl --CMD against our charon (SWANCTL_DIR
#                           is $S/swanctl)
# and the EXIT trap prints charon's log when the test failed.

CHARON=/usr/lib/ipsec/charon

charon_skips() {
	need_root
	[ -x "$CHARON" ] || skip "strongSwan's charon is not installed"
	command -v swanctl >/dev/null 2>&1 || skip "swanctl is not installed"
	[ -f /usr/lib/ipsec/plugins/libstrongswan-kernel-libipsec.so ] ||
	    skip "strongSwan's kernel-libipsec plugin is not installed"
	command -v unshare >/dev/null 2>&1 || skip "needs unshare (util-linux)"
	[ -c /dev/net/tun ] || skip "needs /dev/net/tun (kernel-libipsec)"
}

charon_dirs() {
	S="$T_DIR/b"
	VICI="unix://$S/run/charon.vici"
	mkdir -p "$S/run" "$S/swanctl"
	trap cleanup_interop EXIT
}

charon_settings() {
	load=$1
	shift
	{
		echo "charon {"
		echo "	load = $load"
		echo "	port = 500"
		echo "	port_nat_t = 4500"
		echo "	threads = 16"
		echo "	install_routes = yes"
		echo "	install_virtual_ip = no"
		echo "	retransmit_tries = 3"
		for l in "$@"; do
			echo "	$l"
		done
		cat <<EOF
	filelog {
		charon {
			path = /run/charon.log
			time_format = %T
			ike_name = yes
			append = yes
			flush_line = yes
			default = 1
			ike = 2
			cfg = 2
		}
	}
	plugins {
		vici {
			socket = unix:///run/charon.vici
		}
	}
}
EOF
	} >"$S/strongswan.conf"
}

sw() {
	cmd=$1
	shift
	SWANCTL_DIR="$S/swanctl" STRONGSWAN_CONF="$S/strongswan.conf" \
	    swanctl "$cmd" --uri "$VICI" "$@"
}

charon_pid() {
	p=$(cat "$S/run/charon.pid" 2>/dev/null) || return 1
	[ "$(cat /proc/"$p"/comm 2>/dev/null)" = charon ] && echo "$p"
}

start_charon() {
	rm -f "$S/run/charon.pid" "$S/run/charon.vici"
	# A private mount namespace whose /run is ours: charon hard-codes
	# /var/run/charon.pid.
	setsid ip netns exec "$(ns b)" unshare --mount --propagation private \
	    -- /bin/sh -c 'mount --bind "$1" /run && exec env \
	    STRONGSWAN_CONF="$2" "$3"' charon "$S/run" "$S/strongswan.conf" \
	    "$CHARON" >"$S/charon.stdout" 2>&1 </dev/null &
	T_PIDS="$T_PIDS $!"
	ok() { [ -S "$S/run/charon.vici" ] && charon_pid >/dev/null; }
	wait_until 10 ok || fail "charon did not start: $(cat "$S/charon.stdout")"
}

stop_charon() {
	p=$(charon_pid) || return 0
	kill -TERM "$p"
	gone() { ! kill -0 "$p" 2>/dev/null; }
	wait_until 5 gone || kill -9 "$p"
}

cleanup_interop() {
	rc=$?
	p=$(charon_pid) && kill -9 "$p"
	if [ "$rc" -ne 0 ] && [ -f "$S/run/charon.log" ]; then
		echo "---- charon.log (last 40 lines)"
		tail -n 40 "$S/run/charon.log"
	fi
	# cleanup reads the status of the test from $?.
	(exit "$rc")
	cleanup
}
