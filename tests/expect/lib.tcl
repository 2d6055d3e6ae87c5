# Shared by the expect transcripts: starts mgmtsec on a fresh database in
# a temporary folder under a pseudo-terminal, fails the test (exit 1) on
# any timeout or unexpected end, and cleans up.
set timeout 10
log_user 0
set top_builddir [expr {[info exists env(top_builddir)] ? $env(top_builddir) : "."}]
set top_srcdir [expr {[info exists env(top_srcdir)] ? $env(top_srcdir) : "."}]
set bin "$top_builddir/mgmtsec"
set tmp [exec mktemp -d /tmp/mgmtsec-exp.XXXXXX]
# libedit keeps the names of functions added with EL_ADDFN until exit.
set env(LSAN_OPTIONS) "suppressions=$top_srcdir/tests/expect/lsan.supp:print_suppressions=0"
set env(XDG_STATE_HOME) $tmp
set env(MGMTSEC_DB) ""
set P {RP/0/RP0/CPU0:ios}

proc cleanup {} {
	global tmp
	catch {close}
	catch {wait}
	exec rm -rf $tmp
}

proc fail {why} {
	global expect_out
	puts "FAIL: $why"
	if {[info exists expect_out(buffer)]} {
		puts "--- last output:\n$expect_out(buffer)"
	}
	cleanup
	exit 1
}

proc start {args} {
	global bin tmp spawn_id
	eval spawn -noecho $bin --db $tmp/config.db $args
}

# want RE WHAT: the output must reach RE (a regular expression).
proc want {re what} {
	expect {
		-re $re {}
		timeout { fail "timeout waiting for $what" }
		eof { fail "end of output waiting for $what" }
	}
}

proc done {} {
	global spawn_id
	expect {
		eof {}
		timeout { fail "mgmtsec did not exit" }
	}
	set st [wait]
	if {[lindex $st 3] != 0} {
		puts "FAIL: exit status [lindex $st 3]"
		cleanup
		exit 1
	}
	cleanup
	exit 0
}
