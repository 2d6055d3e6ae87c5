#!/bin/sh
# make check: the architecture test.  Reads the #include "..." lines of
# every product file and fails on any arrow the design forbids (README,
# "Layout"):
#
#	common/    includes only common/
#	cfgdb/     the store: common/ (never the shell, never the engine)
#	cli/       the shell: cfgdb/, common/ (never the engine, the
#	           daemon or the data plane)
#	ikev2/     the IKE engine: common/ and the data-plane seam
#	           platform/dp.h only (never the store or the shell)
#	ipsec/     ESP: common/ only (never the engine, never platform/)
#	platform/  the OS edges: ipsec/, common/ (never the engine, the
#	           store or the shell)
#	mgmtsecd/  the composition root: everything but the shell
#
# Nothing outside mgmtsecd/ may include mgmtsecd/.  tests/ and bench/
# may include anything.
#
#	layers.sh [ROOT]	check the tree at ROOT (default: top_srcdir)
#	layers.sh --self-test	plant a forbidden include in a copy of
#				the tree and check that it is caught
set -u

allowed() {
	# allowed FROM-FOLDER INCLUDED-PATH: 0 when the arrow is allowed.
	to=${2%%/*}
	[ "$1" = "$to" ] && return 0
	case "$1:$to" in
	cfgdb:common) return 0 ;;
	cli:cfgdb|cli:common) return 0 ;;
	ikev2:common) return 0 ;;
	ikev2:platform) [ "$2" = platform/dp.h ] && return 0 ;;
	ipsec:common) return 0 ;;
	platform:ipsec|platform:common) return 0 ;;
	mgmtsecd:cfgdb|mgmtsecd:common|mgmtsecd:ikev2) return 0 ;;
	mgmtsecd:ipsec|mgmtsecd:platform) return 0 ;;
	esac
	return 1
}

check_tree() {
	root=$1
	bad=0
	files=0
	arrows=0
	for dir in common cfgdb cli ikev2 ipsec platform mgmtsecd; do
		[ -d "$root/$dir" ] || continue
		for f in "$root/$dir"/*.c "$root/$dir"/*.h; do
			[ -f "$f" ] || continue
			files=$((files + 1))
			# "path/file.h" includes that name a folder of ours.
			incs=$(sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*"\([a-z0-9_]*\/[^"]*\)".*/\1/p' "$f")
			for inc in $incs; do
				case ${inc%%/*} in
				common|cfgdb|cli|ikev2|ipsec|platform|mgmtsecd) ;;
				*) continue ;;
				esac
				arrows=$((arrows + 1))
				if ! allowed "$dir" "$inc"; then
					echo "FORBIDDEN: ${f#"$root"/} includes \"$inc\" ($dir -> ${inc%%/*})"
					bad=$((bad + 1))
				fi
			done
		done
	done
	echo "layers: $files files, $arrows includes between our folders, $bad forbidden"
	[ "$bad" -eq 0 ]
}

if [ "${1:-}" = "--self-test" ]; then
	src=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
	tmp=$(mktemp -d "${TMPDIR:-/tmp}/layers.XXXXXX") || exit 1
	trap 'rm -rf "$tmp"' EXIT
	for d in common cfgdb cli ikev2 ipsec platform mgmtsecd; do
		mkdir -p "$tmp/$d"
		cp "$src/$d"/*.[ch] "$tmp/$d/" 2>/dev/null
	done
	check_tree "$tmp" >/dev/null || { echo "FAIL: clean copy rejected"; exit 1; }
	# One planted arrow per forbidden kind: each must be caught.
	for plant in cfgdb:cli/shell.h cfgdb:ikev2/engine.h ikev2:cfgdb/store.h \
	    ikev2:cli/match.h mgmtsecd:cli/show_live.h platform:cli/shell.h \
	    ipsec:ikev2/engine.h ipsec:platform/dp.h cli:ikev2/sa.h \
	    ikev2:platform/udp.h common:mgmtsecd/daemon.h; do
		dir=${plant%%:*}
		inc=${plant#*:}
		f="$tmp/$dir/zz_planted.c"
		printf '#include "%s"\n' "$inc" > "$f"
		if check_tree "$tmp" >/dev/null; then
			echo "FAIL: planted $dir -> $inc was not caught"
			exit 1
		fi
		rm -f "$f"
	done
	echo "layers self-test: 11 planted forbidden includes caught"
	exit 0
fi

check_tree "${1:-${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}}"
