# tests/vm/lib-vm.sh: helpers of the scripts that tests/vm/kernel-dataplane.sh
# runs inside the VM (sourced after tests/netns/lib.sh).  They read the
# kernel's own view of the data plane with iproute2.

# Inside the VM only: these scripts change the kernel's XFRM state and
# expect a kernel with ESP and vti links.
vm_only() {
	[ -d /run/rivm ] || [ -n "${MGMTSEC_VM_FORCE:-}" ] ||
	    skip "runs inside the VM lab (tests/vm/kernel-dataplane.sh boots it)"
}

# kstates R: `ip -s xfrm state` of router R, one line per state:
# SRC DST SPI PACKETS BYTES MARK REPLAY_WINDOW
kstates() {
	in_ns "$1" ip -s xfrm state 2>/dev/null | awk '
		function flush() {
			if (spi != "")
				print src, dst, spi, pk + 0, by + 0, mark, rw + 0
			spi = ""; mark = "-"; rw = 0; pk = 0; by = 0
		}
		/^src / { flush(); src = $2; dst = $4 }
		/proto esp spi/ { s = $4; sub(/\(.*/, "", s); spi = s }
		/^[ \t]*mark / { mark = $2 }
		/replay_window [0-9]+/ {
			for (i = 1; i < NF; i++)
				if ($i == "replay_window") rw = $(i + 1)
		}
		/^[ \t]*[0-9]+\(bytes\), [0-9]+\(packets\)/ {
			b = $1; sub(/\(.*/, "", b); by = b
			p = $2; sub(/\(.*/, "", p); pk = p
		}
		END { flush() }'
}

# kfield R SPI N: field N of router R's state with that SPI (empty: none).
kfield() {
	kstates "$1" | awk -v s="$2" -v n="$3" '$3 == s { print $n; exit }'
}

# kcount R WHAT: how many states (state) or policies (policy) R has.
kcount() {
	in_ns "$1" ip xfrm "$2" 2>/dev/null | grep -c '^src '
}
