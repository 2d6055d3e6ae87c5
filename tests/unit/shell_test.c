/*
 * Unit tests for the shell core (cli/shell.c and its commands) with a
 * fake mgmtsecd: a thread listening on the control socket beside a fresh
 * database.  Shows that a commit notifies the daemon (generation and
 * commit ID) and says nothing when none listens, that live-state show
 * commands are formatted as SPEC section 8 prints them, and that they
 * fail with "% mgmtsecd is not running (socket PATH)" without a daemon.
 */
#include "config.h"

#include <check.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "cli/shell.h"
#include "common/buf.h"
#include "common/ctl_client.h"
#include "common/ctl_proto.h"
#include "tests/unit/spec8_fixture.h"

struct fake {
	char		 dir[128];
	char		 db[256];
	char		 sock[256];
	int		 fd;
	pthread_t	 th;
	int		 stop;
	/* what the daemon saw */
	uint64_t	 gen, id;
	int		 notifies;
	uint32_t	 notify_status;		/* answer to notify */
};

static struct buf	out;

static void
out_cb(void *arg, const char *s, size_t len)
{
	(void)arg;
	buf_add(&out, s, len);
}

static void
diag_cb(void *arg, const char *line)
{
	(void)arg;
	(void)line;
}

static int
ask_cb(void *arg, char *ans, size_t anssz)
{
	(void)arg;
	(void)ans;
	(void)anssz;
	return -1;
}

static int64_t
now_cb(void *arg)
{
	(void)arg;
	return 1700000000000LL;
}

static void
serve(struct fake *f, int c)
{
	struct ctl_hdr	 h;
	struct ctl_rec	*req = NULL, *r;
	uint32_t	 detail = 0;
	char		 err[128];

	while (ctl_recv(c, 5000, &h, &req, err, sizeof(err)) == 1) {
		r = ctl_rec_new();
		switch (h.type) {
		case CTL_HELLO:
			ctl_rec_add_u32(r, CTL_K_VERSION, CTL_PROTO_VERSION);
			ctl_rec_add_str(r, CTL_K_DAEMON, "fake");
			ctl_rec_add_u32(r, CTL_K_PID, (uint32_t)getpid());
			ctl_rec_add_u64(r, CTL_K_GENERATION, 0);
			ctl_send(c, 5000, CTL_RECORD, h.seq, r);
			ctl_send_end(c, 5000, h.seq, CTL_ST_OK, "");
			break;
		case CTL_COMMIT_NOTIFY:
			ctl_rec_u64(req, CTL_K_GENERATION, &f->gen);
			ctl_rec_u64(req, CTL_K_COMMIT_ID, &f->id);
			f->notifies++;
			ctl_rec_add_str(r, CTL_K_OBJECT, "interface tunnel-ip1");
			ctl_rec_add_str(r, CTL_K_ACTION, f->notify_status ?
			    "failed" : "created");
			if (f->notify_status)
				ctl_rec_add_str(r, CTL_K_ERROR, "no such device");
			ctl_send(c, 5000, CTL_RECORD, h.seq, r);
			ctl_send_end(c, 5000, h.seq, f->notify_status,
			    f->notify_status ? "tunnel-ip1 could not be made" :
			    "applied generation");
			break;
		case CTL_SHOW_IKEV2_SESSION:
			ctl_rec_u32(req, CTL_K_DETAIL, &detail);
			spec8_session(r, 1, detail);
			ctl_send(c, 5000, CTL_RECORD, h.seq, r);
			ctl_send_end(c, 5000, h.seq, CTL_ST_OK, "");
			break;
		case CTL_SHOW_IKEV2_SUMMARY:
			spec8_summary(r);
			ctl_send(c, 5000, CTL_RECORD, h.seq, r);
			ctl_send_end(c, 5000, h.seq, CTL_ST_OK, "");
			break;
		case CTL_SHOW_IPSEC_SA:
			spec8_ipsec_sa(r, "tunnel-ip1", 713, 0xab487871,
			    0x1488529e);
			ctl_send(c, 5000, CTL_RECORD, h.seq, r);
			ctl_send_end(c, 5000, h.seq, CTL_ST_OK, "");
			break;
		case CTL_CLEAR_IKEV2_SA:
			ctl_send_end(c, 5000, h.seq, CTL_ST_NOT_FOUND,
			    "No IKE SA with 203.0.113.1");
			break;
		default:
			ctl_send_end(c, 5000, h.seq, CTL_ST_UNKNOWN, "unknown");
			break;
		}
		ctl_rec_free(r);
		ctl_rec_free(req);
		req = NULL;
	}
}

static void *
listener(void *arg)
{
	struct fake	*f = arg;
	struct pollfd	 p;
	int		 c;

	while (!f->stop) {
		p.fd = f->fd;
		p.events = POLLIN;
		if (poll(&p, 1, 100) <= 0)
			continue;
		if ((c = accept(f->fd, NULL, NULL)) == -1)
			continue;
		serve(f, c);
		close(c);
	}
	return NULL;
}

static struct fake *
fake_start(int listen)
{
	struct fake	*f = calloc(1, sizeof(*f));
	char		 err[256];

	snprintf(f->dir, sizeof(f->dir), "/tmp/mgmtsec-sh.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(f->dir));
	snprintf(f->db, sizeof(f->db), "%s/config.db", f->dir);
	snprintf(f->sock, sizeof(f->sock), "%s/mgmtsecd.sock", f->dir);
	f->fd = -1;
	if (listen) {
		f->fd = ctl_listen(f->sock, CTL_SOCK_MODE, err, sizeof(err));
		ck_assert_msg(f->fd != -1, "listen: %s", err);
		ck_assert_int_eq(pthread_create(&f->th, NULL, listener, f), 0);
	}
	return f;
}

static void
fake_stop(struct fake *f)
{
	char	cmd[300];

	if (f->fd != -1) {
		f->stop = 1;
		pthread_join(f->th, NULL);
		close(f->fd);
	}
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", f->dir);
	ck_assert_int_eq(system(cmd), 0);
	free(f);
}

static struct cli_shell *
shell(struct fake *f)
{
	struct cli_opts		 o = { 0 };
	struct cli_io		 io = { out_cb, diag_cb, ask_cb, now_cb, NULL };
	struct cli_shell	*sh;
	char			 err[256];

	o.dbpath = f->db;		/* the socket is found beside it */
	o.user = "tester";
	o.line = "batch";
	sh = cli_shell_new(&o, &io, err, sizeof(err));
	ck_assert_msg(sh != NULL, "%s", err);
	buf_reset(&out);
	return sh;
}

static int
run(struct cli_shell *sh, const char *line)
{
	return cli_shell_line(sh, line, strlen(line), 1);
}

static const char *
output(void)
{
	return out.data ? (const char *)out.data : "";
}

START_TEST(test_commit_notifies_the_daemon)
{
	struct fake		*f = fake_start(1);
	struct cli_shell	*sh = shell(f);

	ck_assert_int_eq(run(sh, "configure"), 0);
	ck_assert_int_eq(run(sh, "hostname r1"), 0);
	ck_assert_int_eq(run(sh, "commit"), 0);
	ck_assert_int_eq(f->notifies, 1);
	ck_assert_uint_eq(f->gen, 1);
	ck_assert_uint_eq(f->id, 1000000001ULL);
	ck_assert_str_eq(output(), "");
	/* A daemon that cannot apply it is reported, the commit stands. */
	f->notify_status = CTL_ST_APPLY;
	ck_assert_int_eq(run(sh, "hostname r2"), 0);
	ck_assert_int_eq(run(sh, "commit"), 0);
	ck_assert_int_eq(f->notifies, 2);
	ck_assert_uint_eq(f->id, 1000000002ULL);
	ck_assert_str_eq(output(),
	    "% Warning: mgmtsecd: interface tunnel-ip1: no such device\n"
	    "% Warning: mgmtsecd did not apply the configuration: tunnel-ip1 "
	    "could not be made\n");
	/* No change, no notification. */
	buf_reset(&out);
	run(sh, "commit");
	ck_assert_int_eq(f->notifies, 2);
	ck_assert_str_eq(output(), "% No configuration changes to commit.\n");
	cli_shell_free(sh);
	fake_stop(f);
}
END_TEST

START_TEST(test_no_daemon_commit_quiet_show_fails)
{
	struct fake		*f = fake_start(0);
	struct cli_shell	*sh = shell(f);
	char			 want[512];

	ck_assert_int_eq(run(sh, "configure"), 0);
	ck_assert_int_eq(run(sh, "hostname r1"), 0);
	ck_assert_int_eq(run(sh, "commit"), 0);
	ck_assert_str_eq(output(), "");
	ck_assert_int_eq(run(sh, "end"), 0);
	ck_assert_int_eq(run(sh, "show ikev2 session"), -1);
	snprintf(want, sizeof(want), "%% mgmtsecd is not running (socket %s)\n",
	    f->sock);
	ck_assert_str_eq(output(), want);
	cli_shell_free(sh);
	fake_stop(f);
}
END_TEST

START_TEST(test_show_ikev2_session_as_spec_8)
{
	struct fake		*f = fake_start(1);
	struct cli_shell	*sh = shell(f);

	ck_assert_int_eq(run(sh, "terminal exec prompt no-timestamp"), 0);
	ck_assert_int_eq(run(sh, "show ikev2 session"), 0);
	ck_assert_str_eq(output(), SPEC8_SESSION);
	buf_reset(&out);
	ck_assert_int_eq(run(sh, "show ikev2 session detail"), 0);
	ck_assert_str_eq(output(), SPEC8_SESSION_DETAIL);
	cli_shell_free(sh);
	fake_stop(f);
}
END_TEST

START_TEST(test_show_summary_and_ipsec_sa_as_spec_8)
{
	struct fake		*f = fake_start(1);
	struct cli_shell	*sh = shell(f);

	ck_assert_int_eq(run(sh, "terminal exec prompt no-timestamp"), 0);
	ck_assert_int_eq(run(sh, "show ikev2 summary"), 0);
	ck_assert_str_eq(output(), SPEC8_SUMMARY);
	buf_reset(&out);
	ck_assert_int_eq(run(sh, "show ipsec sa"), 0);
	ck_assert_str_eq(output(),
	    "If/name          SA-Id    Inbound SPI   Outbound SPI\n"
	    "----------------------------------------------------\n"
	    "tunnel-ip1       713      0xab487871    0x1488529e\n");
	buf_reset(&out);
	ck_assert_int_eq(run(sh, "show ipsec sa interface Tunnel-IP1"), 0);
	ck_assert_str_eq(output(), SPEC8_IPSEC_SA_INTERFACE);
	/* The daemon's own error is passed on. */
	buf_reset(&out);
	ck_assert_int_eq(run(sh, "clear ikev2 sa remote 203.0.113.1"), -1);
	ck_assert_str_eq(output(), "% No IKE SA with 203.0.113.1\n");
	cli_shell_free(sh);
	fake_stop(f);
}
END_TEST

START_TEST(test_timestamp_line_format)
{
	struct fake		*f = fake_start(0);
	struct cli_opts		 o = { 0 };
	struct cli_io		 io = { out_cb, diag_cb, ask_cb, now_cb, NULL };
	struct cli_shell	*sh;
	char			 err[256], ts[64];

	setenv("TZ", "UTC", 1);
	tzset();
	o.dbpath = f->db;
	o.timestamps = 1;
	ck_assert_ptr_nonnull(sh = cli_shell_new(&o, &io, err, sizeof(err)));
	buf_reset(&out);
	/* 1700000000.000 is Tue Nov 14 22:13:20 2023 UTC. */
	cli_timestamp(1700000000123LL, ts, sizeof(ts));
	ck_assert_str_eq(ts, "Tue Nov 14 22:13:20.123 UTC");
	ck_assert_int_eq(run(sh, "configure"), 0);
	ck_assert_str_eq(output(), "Tue Nov 14 22:13:20.000 UTC\n");
	/* Config lines and parse errors print none. */
	buf_reset(&out);
	ck_assert_int_eq(run(sh, "hostname r1"), 0);
	ck_assert_int_eq(run(sh, "hostname"), -1);
	ck_assert_str_eq(output(), "% Incomplete command.\n");
	cli_shell_free(sh);
	fake_stop(f);
}
END_TEST

static Suite *
shell_suite(void)
{
	Suite	*s = suite_create("shell");
	TCase	*tc = tcase_create("shell");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_commit_notifies_the_daemon);
	tcase_add_test(tc, test_no_daemon_commit_quiet_show_fails);
	tcase_add_test(tc, test_show_ikev2_session_as_spec_8);
	tcase_add_test(tc, test_show_summary_and_ipsec_sa_as_spec_8);
	tcase_add_test(tc, test_timestamp_line_format);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(shell_suite());
	int	 nf;

	srunner_run_all(sr, CK_NORMAL);
	nf = srunner_ntests_failed(sr);
	srunner_free(sr);
	buf_free(&out);
	return nf == 0 ? 0 : 1;
}
