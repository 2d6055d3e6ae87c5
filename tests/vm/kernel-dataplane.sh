#!/bin/sh
# The kernel data plane (`mgmtsecd --dataplane kernel`) where it can run:
# this machine's kernel may have no ESP and no vti links, so the cases run
# in the VM lab (SHARED_DIR/lab/kvm/run-in-vm.sh: Debian's stock kernel
# under qemu, the host's root read-only, this directory read-write), all in
# one boot (tests/vm/guest.sh):
#
#   guest-routers.sh     the seed's two routers with --dataplane kernel
#   guest-strongswan.sh  mgmtsecd (kernel) against strongSwan (kernel-netlink)
#   dataplane-auto.sh    --dataplane auto picks the kernel there
#
# Exit 77 (SKIP, with the reason) only where no VM can be started: no
# qemu, kernel image or busybox (see SHARED_DIR/lab/kvm/README.md).
. "$(dirname "$0")/../netns/lib.sh"

need_root
: "${SHARED_DIR:=$top_srcdir/../shared}"
RUNNER="$SHARED_DIR/lab/kvm/run-in-vm.sh"
[ -f "$RUNNER" ] || skip "no VM lab at $RUNNER"
command -v bash >/dev/null 2>&1 || skip "the VM lab needs bash"
why=$(bash "$RUNNER" --check 2>&1 >/dev/null)
rc=$?
[ "$rc" -eq 77 ] && skip "cannot start a VM here: $why"
[ "$rc" -eq 0 ] || fail "run-in-vm.sh --check: status $rc: $why"

# The guest gets this environment (top_srcdir, top_builddir, ASAN_OPTIONS)
# and this directory; the VM is killed after 10 minutes at most.
RUN_IN_VM_TIMEOUT=${RUN_IN_VM_TIMEOUT:-600}
export RUN_IN_VM_TIMEOUT top_srcdir top_builddir
start=$(date +%s)
bash "$RUNNER" sh "$top_srcdir/tests/vm/guest.sh"
rc=$?
echo "[$T_NAME] VM run: $(($(date +%s) - start)) s, status $rc"
case $rc in
0)	exit 0 ;;
77)	skip "the VM could not start: see above" ;;
124)	fail "the VM run timed out after $RUN_IN_VM_TIMEOUT s" ;;
*)	fail "a case failed in the VM (status $rc)" ;;
esac
