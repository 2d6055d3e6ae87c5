#!/bin/sh
# Inside the VM: the kernel data plane's cases, one after the other in one
# boot (tests/vm/kernel-dataplane.sh runs this).  Each case prints its
# checks; a summary line per case follows; the status is 1 when one
# failed.
here=$(cd "$(dirname "$0")" && pwd)
fails=0
summary=""
run() {
	name=$1
	shift
	echo "==== $name"
	"$@"
	rc=$?
	case $rc in
	0)	st=PASS ;;
	77)	st=SKIP ;;
	*)	st="FAIL ($rc)"; fails=$((fails + 1)) ;;
	esac
	summary="$summary
VM: $name: $st"
}
echo "VM: kernel $(uname -r)"
run "the backend's hooks against the kernel (dp_xfrm_test)" \
    "${top_builddir:-.}/tests/vm/dp_xfrm_test"
run "two mgmtsecd routers, --dataplane kernel" sh "$here/guest-routers.sh"
run "mgmtsecd (kernel) against strongSwan (kernel-netlink)" \
    sh "$here/guest-strongswan.sh"
run "--dataplane auto picks kernel" \
    env T_EXPECT_AUTO=kernel sh "$here/../netns/dataplane-auto.sh"
echo "$summary"
[ "$fails" -eq 0 ]
