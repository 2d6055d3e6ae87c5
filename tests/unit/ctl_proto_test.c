/*
 * Unit tests for common/ctl_proto.c (records and frames: round trips,
 * hostile input) and common/ctl_client.c (socket paths, the client and
 * the commit notification against a small test listener in a forked
 * process, which itself uses the server helpers).
 */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common/buf.h"
#include "common/ctl_client.h"
#include "common/ctl_proto.h"

static char	tmpdir[256];
static char	sockpath[300];
static char	err[512];

static int
rm_cb(const char *p, const struct stat *sb, int type, struct FTW *f)
{
	(void)sb;
	(void)f;
	return type == FTW_DP ? rmdir(p) : unlink(p);
}

static void
setup(void)
{
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/mgmtsec-ctl.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(tmpdir));
	snprintf(sockpath, sizeof(sockpath), "%s/mgmtsecd.sock", tmpdir);
	err[0] = 0;
}

static void
teardown(void)
{
	nftw(tmpdir, rm_cb, 8, FTW_DEPTH | FTW_PHYS);
}

/* A session -> IKE SAs -> child SAs record, as the daemon would send. */
static struct ctl_rec *
session_rec(uint32_t id)
{
	struct ctl_rec	*r = ctl_rec_new(), *ike, *child;
	uint32_t	 c;

	ck_assert_int_eq(ctl_rec_add_u32(r, "session-id", id), 0);
	ck_assert_int_eq(ctl_rec_add_str(r, "status", "UP-ACTIVE"), 0);
	ck_assert_int_eq(ctl_rec_add_u32(r, "ike-count", 1), 0);
	ck_assert_int_eq(ctl_rec_add_u32(r, "child-count", 2), 0);
	ike = ctl_rec_add_rec(r, "ike-sa");
	ck_assert_ptr_nonnull(ike);
	ctl_rec_add_u32(ike, "ike-sa-id", id);
	ctl_rec_add_str(ike, "local", "198.51.100.1");
	ctl_rec_add_u32(ike, "local-port", 500);
	ctl_rec_add_str(ike, "remote", "198.51.100.2");
	ctl_rec_add_u64(ike, "local-spi", 0x3B95C7FCC6A69D0AULL);
	for (c = 0; c < 2; c++) {
		child = ctl_rec_add_rec(ike, "child-sa");
		ck_assert_ptr_nonnull(child);
		ctl_rec_add_u32(child, "spi-in", 0x6c7b15b7 + c);
		ctl_rec_add_u32(child, "spi-out", 0xbff55acd + c);
		ctl_rec_add_bytes(child, "raw", "\0\1\2", 3);
	}
	return r;
}

START_TEST(test_record_fields_and_lookup)
{
	struct ctl_rec		*r = session_rec(1);
	const struct ctl_rec	*ike, *child;
	const struct ctl_field	*f;
	uint32_t		 v = 0;
	uint64_t		 spi = 0;
	size_t			 it = 0, it2 = 0, n = 0;

	ck_assert_uint_eq(ctl_rec_count(r), 5);
	ck_assert_str_eq(ctl_rec_str(r, "status"), "UP-ACTIVE");
	ck_assert_ptr_null(ctl_rec_str(r, "session-id"));	/* a u32 */
	ck_assert_int_eq(ctl_rec_u32(r, "session-id", &v), 0);
	ck_assert_uint_eq(v, 1);
	ck_assert_int_eq(ctl_rec_u32(r, "absent", &v), -1);
	ike = ctl_rec_next(r, "ike-sa", &it);
	ck_assert_ptr_nonnull(ike);
	ck_assert_ptr_null(ctl_rec_next(r, "ike-sa", &it));
	ck_assert_int_eq(ctl_rec_u64(ike, "local-spi", &spi), 0);
	ck_assert_uint_eq(spi, 0x3B95C7FCC6A69D0AULL);
	while ((child = ctl_rec_next(ike, "child-sa", &it2)) != NULL) {
		f = ctl_rec_find(child, "raw", CTL_FT_BYTES);
		ck_assert_ptr_nonnull(f);
		ck_assert_uint_eq(f->len, 3);
		ck_assert_int_eq(memcmp(f->data, "\0\1\2", 3), 0);
		n++;
	}
	ck_assert_uint_eq(n, 2);
	ck_assert_ptr_null(ctl_rec_field(r, 5));
	ck_assert_str_eq(ctl_rec_field(r, 0)->name, "session-id");
	ctl_rec_free(r);
	ctl_rec_free(NULL);
}
END_TEST

START_TEST(test_round_trip_is_exact_for_nested_records)
{
	struct ctl_rec	*r = session_rec(7), *d;
	struct buf	 a = { 0 }, b = { 0 };
	struct ctl_hdr	 h;

	ck_assert_int_eq(ctl_frame_encode(&a, CTL_RECORD, 42, r), 0);
	ck_assert_int_eq(ctl_frame_decode(a.data, a.len, &h, &d, err,
	    sizeof(err)), 0);
	ck_assert_uint_eq(h.type, CTL_RECORD);
	ck_assert_uint_eq(h.seq, 42);
	ck_assert_uint_eq(h.flags, 0);
	ck_assert_uint_eq(h.len, a.len - CTL_HDR_LEN);
	ck_assert(ctl_rec_equal(r, d));
	ck_assert_int_eq(ctl_frame_encode(&b, CTL_RECORD, 42, d), 0);
	ck_assert_uint_eq(a.len, b.len);
	ck_assert_int_eq(memcmp(a.data, b.data, a.len), 0);
	/* A changed value makes them differ. */
	ctl_rec_add_u32(d, "extra", 1);
	ck_assert(!ctl_rec_equal(r, d));
	ctl_rec_free(r);
	ctl_rec_free(d);
	buf_free(&a);
	buf_free(&b);
}
END_TEST

START_TEST(test_split_waits_for_the_whole_frame)
{
	struct ctl_rec	*r = session_rec(3);
	struct buf	 b = { 0 };
	struct ctl_hdr	 h;
	size_t		 i, one, flen;

	ctl_frame_encode(&b, CTL_RECORD, 1, r);
	one = b.len;
	ctl_frame_encode_end(&b, 1, CTL_ST_OK, "done");
	for (i = 0; i < one; i++)
		ck_assert_int_eq(ctl_frame_split(b.data, i, &h, &flen), 0);
	ck_assert_int_eq(ctl_frame_split(b.data, b.len, &h, &flen), 1);
	ck_assert_uint_eq(flen, one);
	ck_assert_int_eq(ctl_frame_split(b.data + one, b.len - one, &h,
	    &flen), 1);
	ck_assert_uint_eq(h.type, CTL_END);
	ck_assert_uint_eq(one + flen, b.len);
	ctl_rec_free(r);
	buf_free(&b);
}
END_TEST

START_TEST(test_end_frame_carries_status_and_message)
{
	struct buf	 b = { 0 };
	struct ctl_hdr	 h;
	struct ctl_rec	*r;
	uint32_t	 st = 99;

	ck_assert_int_eq(ctl_frame_encode_end(&b, 5, CTL_ST_APPLY,
	    "no such keyring"), 0);
	ck_assert_int_eq(ctl_frame_decode(b.data, b.len, &h, &r, NULL, 0),
	    0);
	ck_assert_uint_eq(h.type, CTL_END);
	ck_assert_uint_eq(h.seq, 5);
	ck_assert_int_eq(ctl_rec_u32(r, "status", &st), 0);
	ck_assert_uint_eq(st, CTL_ST_APPLY);
	ck_assert_str_eq(ctl_rec_str(r, "message"), "no such keyring");
	ck_assert_str_eq(ctl_type_name(CTL_END), "CTL_END");
	ck_assert_str_eq(ctl_status_name(CTL_ST_APPLY), "could not apply");
	ctl_rec_free(r);
	buf_free(&b);
}
END_TEST

static void
expect_bad(const uint8_t *p, size_t len, const char *needle)
{
	struct ctl_hdr	 h;
	struct ctl_rec	*r = (struct ctl_rec *)1;

	err[0] = 0;
	ck_assert_int_eq(ctl_frame_decode(p, len, &h, &r, err, sizeof(err)),
	    -1);
	ck_assert_ptr_null(r);
	ck_assert_msg(strstr(err, needle) != NULL, "'%s' lacks '%s'", err,
	    needle);
}

/* Builds header + payload into out; returns the length. */
static size_t
frame(uint8_t *out, uint32_t len, uint16_t flags, const void *pl,
    size_t pllen)
{
	out[0] = len >> 24;
	out[1] = len >> 16;
	out[2] = len >> 8;
	out[3] = len;
	out[4] = 0;
	out[5] = CTL_RECORD;
	out[6] = flags >> 8;
	out[7] = flags;
	memset(out + 8, 0, 4);
	memcpy(out + CTL_HDR_LEN, pl, pllen);
	return CTL_HDR_LEN + pllen;
}

START_TEST(test_hostile_frames_are_rejected)
{
	uint8_t			 f[512], deep[256];
	struct ctl_hdr		 h;
	size_t			 n, flen, i;
	struct buf		 b = { 0 };
	struct ctl_rec		*r = session_rec(9), *x;
	static const uint8_t	 bad_type[] = { 9, 1, 'a', 0, 0, 0, 0 };
	static const uint8_t	 no_name[] = { 2, 0, 0, 0, 0, 1 };
	static const uint8_t	 upper[] = { 2, 1, 'A', 0, 0, 0, 1 };
	static const uint8_t	 long_name[] = { 2, 32,
	    'a', 'a', 'a', 'a', 'a', 'a', 'a', 'a', 'a', 'a', 'a', 'a', 'a',
	    'a', 'a', 'a', 'a', 'a', 'a', 'a', 'a', 'a', 'a', 'a', 'a', 'a',
	    'a', 'a', 'a', 'a', 'a', 'a', 0, 0, 0, 1 };
	static const uint8_t	 nul_str[] = { 1, 1, 's', 0, 0, 0, 3, 'a',
	    0, 'b' };
	static const uint8_t	 past_end[] = { 4, 1, 'b', 0, 0, 0, 9, 1 };
	static const uint8_t	 short_u64[] = { 3, 1, 'n', 0, 0, 0, 1 };
	static const uint8_t	 inner_short[] = { 5, 1, 'r', 0, 0, 0, 4,
	    2, 1, 'x', 0 };

	/* Header: too long, flags set, length beyond the bytes. */
	n = frame(f, CTL_MAX_PAYLOAD + 1, 0, "", 0);
	ck_assert_int_eq(ctl_frame_split(f, n, &h, &flen), -1);
	expect_bad(f, n, "bad frame header");
	n = frame(f, 0, 1, "", 0);
	expect_bad(f, n, "bad frame header");
	n = frame(f, 5, 0, "", 0);
	expect_bad(f, n, "does not match");
	n = frame(f, 0, 0, "", 0);
	f[n] = 0;
	expect_bad(f, n + 1, "does not match");	/* trailing byte */
	/* Fields. */
	n = frame(f, sizeof(bad_type), 0, bad_type, sizeof(bad_type));
	expect_bad(f, n, "unknown field type 9");
	n = frame(f, sizeof(no_name), 0, no_name, sizeof(no_name));
	expect_bad(f, n, "bad field name");
	n = frame(f, sizeof(upper), 0, upper, sizeof(upper));
	expect_bad(f, n, "bad field name");
	n = frame(f, sizeof(long_name), 0, long_name, sizeof(long_name));
	expect_bad(f, n, "bad field name");
	n = frame(f, sizeof(nul_str), 0, nul_str, sizeof(nul_str));
	expect_bad(f, n, "NUL byte");
	n = frame(f, sizeof(past_end), 0, past_end, sizeof(past_end));
	expect_bad(f, n, "truncated");
	n = frame(f, sizeof(short_u64), 0, short_u64, sizeof(short_u64));
	expect_bad(f, n, "truncated");
	n = frame(f, sizeof(inner_short), 0, inner_short,
	    sizeof(inner_short));
	expect_bad(f, n, "truncated");
	/* Nesting one level too deep: each level is 7 bytes of header. */
	memset(deep, 0, sizeof(deep));
	for (i = 0; i < CTL_MAX_DEPTH; i++) {
		deep[7 * i] = CTL_FT_REC;
		deep[7 * i + 1] = 1;
		deep[7 * i + 2] = 'r';
		deep[7 * i + 6] = (uint8_t)(7 * (CTL_MAX_DEPTH - 1 - i));
	}
	n = frame(f, 7 * CTL_MAX_DEPTH, 0, deep, 7 * CTL_MAX_DEPTH);
	expect_bad(f, n, "nested deeper");
	/* One level less is fine. */
	x = ctl_rec_decode(deep + 7, 7 * (CTL_MAX_DEPTH - 1), err,
	    sizeof(err));
	ck_assert_ptr_nonnull(x);
	ctl_rec_free(x);
	/* Every truncation of a valid record payload fails or decodes to
	 * something else; none crashes (ASan watches). */
	ctl_rec_encode(r, &b);
	for (i = 0; i < b.len; i++) {
		uint8_t	*cut = malloc(i ? i : 1);

		memcpy(cut, b.data, i);
		x = ctl_rec_decode(cut, i, NULL, 0);
		if (x)
			ck_assert(!ctl_rec_equal(x, r));
		ctl_rec_free(x);
		free(cut);
	}
	ctl_rec_free(r);
	buf_free(&b);
}
END_TEST

START_TEST(test_encoder_refuses_bad_names_and_oversize)
{
	struct ctl_rec	*r = ctl_rec_new();
	struct buf	 b = { 0 };
	uint8_t		*big = calloc(1, CTL_MAX_PAYLOAD);

	ck_assert_int_eq(ctl_rec_add_u32(r, "", 1), -1);
	ck_assert_int_eq(ctl_rec_add_u32(r, "Upper", 1), -1);
	ck_assert_int_eq(ctl_rec_add_u32(r, "has space", 1), -1);
	ck_assert_int_eq(ctl_rec_add_str(r,
	    "abcdefghijklmnopqrstuvwxyz012345", "x"), -1);
	ck_assert_int_eq(ctl_rec_add_str(r,
	    "abcdefghijklmnopqrstuvwxyz01234", "x"), 0);
	ck_assert_ptr_null(ctl_rec_add_rec(r, "x_y"));
	ck_assert_uint_eq(ctl_rec_count(r), 1);
	ck_assert_int_eq(ctl_rec_add_bytes(r, "big", big, CTL_MAX_PAYLOAD),
	    0);
	ck_assert_int_eq(buf_add(&b, "keep", 4), 0);
	ck_assert_int_eq(ctl_frame_encode(&b, CTL_RECORD, 1, r), -1);
	/* A failed encode leaves the buffer as it was. */
	ck_assert_uint_eq(b.len, 4);
	/* Zero bytes read as field type 0. */
	ck_assert_ptr_null(ctl_rec_decode(big, CTL_MAX_PAYLOAD, NULL, 0));
	free(big);
	ctl_rec_free(r);
	buf_free(&b);
}
END_TEST

START_TEST(test_socket_path_rule)
{
	char	p[128];
	char	longdb[200];

	ck_assert_int_eq(ctl_sock_path_rule(1, NULL, p, sizeof(p)), 0);
	ck_assert_str_eq(p, "/run/mgmtsec/mgmtsecd.sock");
	ck_assert_int_eq(ctl_sock_path_rule(1, "/var/lib/mgmtsec/config.db",
	    p, sizeof(p)), 0);
	ck_assert_str_eq(p, "/run/mgmtsec/mgmtsecd.sock");
	/* A member of the control group with the installed database: the
	 * installed daemon's socket, not one beside the database. */
	ck_assert_int_eq(ctl_sock_path_rule(0, "/var/lib/mgmtsec/config.db",
	    p, sizeof(p)), 0);
	ck_assert_str_eq(p, "/run/mgmtsec/mgmtsecd.sock");
	/* Root with another database (a test, a namespace): beside it. */
	ck_assert_int_eq(ctl_sock_path_rule(1, "/tmp/r1/config.db", p,
	    sizeof(p)), 0);
	ck_assert_str_eq(p, "/tmp/r1/mgmtsecd.sock");
	ck_assert_int_eq(ctl_sock_path_rule(0,
	    "/home/u/.local/state/mgmtsec/config.db", p, sizeof(p)), 0);
	ck_assert_str_eq(p, "/home/u/.local/state/mgmtsec/mgmtsecd.sock");
	ck_assert_int_eq(ctl_sock_path_rule(0, "config.db", p, sizeof(p)),
	    0);
	ck_assert_str_eq(p, "mgmtsecd.sock");
	ck_assert_int_eq(ctl_sock_path_rule(0, "/config.db", p, sizeof(p)),
	    0);
	ck_assert_str_eq(p, "/mgmtsecd.sock");
	ck_assert_int_eq(ctl_sock_path_rule(0, NULL, p, sizeof(p)), -1);
	/* Too long for sockaddr_un. */
	memset(longdb, 'd', sizeof(longdb) - 1);
	longdb[0] = '/';
	longdb[sizeof(longdb) - 1] = 0;
	memcpy(longdb + 150, "/x.db", 6);
	ck_assert_int_eq(ctl_sock_path_rule(0, longdb, p, sizeof(p)), -1);
	ck_assert_int_eq(ctl_sock_default_path("/tmp/r1/config.db", p,
	    sizeof(p)), 0);
	ck_assert_str_eq(p, "/tmp/r1/mgmtsecd.sock");
}
END_TEST

/*
 * The test listener: a forked process serving connections one after the
 * other with the server helpers.  Requests it knows: HELLO; COMMIT_NOTIFY
 * (generation 13 cannot be applied); SHOW_IKEV2_SESSION (two nested
 * sessions); and, to test the client's defences, SHOW_IKEV2_STATISTICS
 * (answers a frame header over the size limit), SHOW_IKEV2_SUMMARY
 * (answers with the wrong seq), SHOW_IPSEC_DATAPLANE (never answers).
 */
static void
serve(int fd)
{
	struct ctl_hdr	 h;
	struct ctl_rec	*req, *rep;
	uint64_t	 gen = 0;
	uint32_t	 ver = 0;
	uint8_t		 huge[CTL_HDR_LEN] = { 0x7f, 0xff, 0xff, 0xff, 0, 64 };
	char		 msg[64];
	int		 i;

	while (ctl_recv(fd, 10000, &h, &req, NULL, 0) == 1) {
		rep = ctl_rec_new();
		switch (h.type) {
		case CTL_HELLO:
			ctl_rec_u32(req, CTL_K_VERSION, &ver);
			if (ver != CTL_PROTO_VERSION) {
				ctl_send_end(fd, 1000, h.seq, CTL_ST_VERSION,
				    "version");
				break;
			}
			ctl_rec_add_u32(rep, CTL_K_VERSION, CTL_PROTO_VERSION);
			ctl_rec_add_str(rep, CTL_K_DAEMON, "test-listener 1");
			ctl_rec_add_u32(rep, CTL_K_PID, (uint32_t)getpid());
			ctl_rec_add_u64(rep, CTL_K_GENERATION, 7);
			ctl_send(fd, 1000, CTL_RECORD, h.seq, rep);
			ctl_send_end(fd, 1000, h.seq, CTL_ST_OK, "");
			break;
		case CTL_COMMIT_NOTIFY:
			ctl_rec_u64(req, CTL_K_GENERATION, &gen);
			ctl_rec_add_str(rep, CTL_K_OBJECT,
			    "interface tunnel-ip1");
			if (gen == 13) {
				ctl_rec_add_str(rep, CTL_K_ACTION, "failed");
				ctl_rec_add_str(rep, CTL_K_ERROR,
				    "no such device");
				ctl_send(fd, 1000, CTL_RECORD, h.seq, rep);
				ctl_send_end(fd, 1000, h.seq, CTL_ST_APPLY,
				    "cannot apply generation 13");
				break;
			}
			ctl_rec_add_str(rep, CTL_K_ACTION, "created");
			ctl_send(fd, 1000, CTL_RECORD, h.seq, rep);
			snprintf(msg, sizeof(msg), "applied generation %llu",
			    (unsigned long long)gen);
			ctl_send_end(fd, 1000, h.seq, CTL_ST_OK, msg);
			break;
		case CTL_SHOW_IKEV2_SESSION:
			for (i = 1; i <= 2; i++) {
				ctl_rec_free(rep);
				rep = session_rec((uint32_t)i);
				ctl_send(fd, 1000, CTL_RECORD, h.seq, rep);
			}
			ctl_send_end(fd, 1000, h.seq, CTL_ST_OK, "");
			break;
		case CTL_SHOW_IKEV2_STATISTICS:
			if (write(fd, huge, sizeof(huge)) < 0)
				_exit(1);
			break;
		case CTL_SHOW_IKEV2_SUMMARY:
			ctl_send_end(fd, 1000, h.seq + 1, CTL_ST_OK, "");
			break;
		case CTL_SHOW_IPSEC_DATAPLANE:
			break;
		default:
			ctl_send_end(fd, 1000, h.seq, CTL_ST_UNKNOWN,
			    ctl_type_name(h.type));
		}
		ctl_rec_free(rep);
		ctl_rec_free(req);
	}
}

static pid_t
listener_start(void)
{
	struct pollfd	pfd;
	pid_t		pid;
	int		lfd, fd;

	lfd = ctl_listen(sockpath, CTL_SOCK_MODE, err, sizeof(err));
	ck_assert_msg(lfd >= 0, "listen: %s", err);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid > 0) {
		close(lfd);
		return pid;
	}
	alarm(60);	/* never outlive the test */
	for (;;) {
		pfd.fd = lfd;
		pfd.events = POLLIN;
		if (poll(&pfd, 1, -1) < 0)
			continue;
		if ((fd = accept(lfd, NULL, NULL)) < 0)
			continue;
		serve(fd);
		close(fd);
	}
}

static void
listener_stop(pid_t pid)
{
	int	status;

	kill(pid, SIGKILL);
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
}

START_TEST(test_no_daemon_means_not_running)
{
	struct ctl_client	*c = NULL;
	struct ctl_reply	 r;
	struct sockaddr_un	 sun;
	int			 fd;

	ck_assert_int_eq(ctl_client_open(sockpath, 1000, &c, err,
	    sizeof(err)), CTL_NOT_RUNNING);
	ck_assert_ptr_null(c);
	ck_assert_ptr_nonnull(strstr(err, "mgmtsecd is not running (socket"));
	ck_assert_ptr_nonnull(strstr(err, sockpath));
	/* A socket file left by a dead daemon: nobody answers. */
	fd = socket(AF_UNIX, SOCK_STREAM, 0);
	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	strcpy(sun.sun_path, sockpath);
	ck_assert_int_eq(bind(fd, (struct sockaddr *)&sun, sizeof(sun)), 0);
	close(fd);
	ck_assert_int_eq(ctl_notify_commit(sockpath, 3, 1000000003ULL, &r,
	    err, sizeof(err)), CTL_NOT_RUNNING);
	ck_assert_ptr_null(r.message);
	ctl_reply_clear(&r);
}
END_TEST

START_TEST(test_hello_then_show_records_in_order)
{
	pid_t			 pid = listener_start();
	struct ctl_client	*c;
	struct ctl_rec		*rec, *params = ctl_rec_new();
	const struct ctl_rec	*ike, *child;
	uint32_t		 id;
	size_t			 n = 0, it, it2, children;

	ck_assert_int_eq(ctl_client_open(sockpath, 5000, &c, err,
	    sizeof(err)), 0);
	ck_assert_str_eq(ctl_client_daemon(c), "test-listener 1");
	ck_assert_uint_eq(ctl_client_generation(c), 7);
	ctl_rec_add_u32(params, CTL_K_DETAIL, 1);
	ck_assert_int_eq(ctl_client_request(c, CTL_SHOW_IKEV2_SESSION, params,
	    err, sizeof(err)), 0);
	while (ctl_client_next(c, &rec, err, sizeof(err)) == 1) {
		n++;
		ck_assert_int_eq(ctl_rec_u32(rec, "session-id", &id), 0);
		ck_assert_uint_eq(id, n);
		it = 0;
		ike = ctl_rec_next(rec, "ike-sa", &it);
		ck_assert_ptr_nonnull(ike);
		ck_assert_str_eq(ctl_rec_str(ike, "remote"), "198.51.100.2");
		it2 = 0;
		children = 0;
		while ((child = ctl_rec_next(ike, "child-sa", &it2)))
			children++;
		ck_assert_uint_eq(children, 2);
		ctl_rec_free(rec);
	}
	ck_assert_uint_eq(n, 2);
	ck_assert_uint_eq(ctl_client_status(c), CTL_ST_OK);
	/* Past the end it stays at the end. */
	ck_assert_int_eq(ctl_client_next(c, &rec, err, sizeof(err)), 0);
	/* The same connection serves the next request. */
	ck_assert_int_eq(ctl_client_request(c, 999, NULL, err, sizeof(err)),
	    0);
	ck_assert_int_eq(ctl_client_next(c, &rec, err, sizeof(err)), 0);
	ck_assert_uint_eq(ctl_client_status(c), CTL_ST_UNKNOWN);
	ck_assert_str_eq(ctl_client_message(c), "unknown");
	/* A request whose reply was not read is drained first. */
	ck_assert_int_eq(ctl_client_request(c, CTL_SHOW_IKEV2_SESSION, NULL,
	    err, sizeof(err)), 0);
	ck_assert_int_eq(ctl_client_request(c, CTL_SHOW_IKEV2_SESSION, NULL,
	    err, sizeof(err)), 0);
	n = 0;
	while (ctl_client_next(c, &rec, err, sizeof(err)) == 1) {
		ctl_rec_free(rec);
		n++;
	}
	ck_assert_uint_eq(n, 2);
	ctl_client_close(c);
	ctl_rec_free(params);
	listener_stop(pid);
}
END_TEST

START_TEST(test_commit_notify_returns_the_daemons_reply)
{
	pid_t			pid = listener_start();
	struct ctl_reply	r;

	ck_assert_int_eq(ctl_notify_commit(sockpath, 12, 1000000012ULL, &r,
	    err, sizeof(err)), 0);
	ck_assert_uint_eq(r.status, CTL_ST_OK);
	ck_assert_str_eq(r.message, "applied generation 12");
	ck_assert_uint_eq(r.nrecs, 1);
	ck_assert_str_eq(ctl_rec_str(r.recs[0], CTL_K_ACTION), "created");
	ctl_reply_clear(&r);
	ck_assert_int_eq(ctl_notify_commit(sockpath, 13, 0, &r, err,
	    sizeof(err)), 0);
	ck_assert_uint_eq(r.status, CTL_ST_APPLY);
	ck_assert_str_eq(r.message, "cannot apply generation 13");
	ck_assert_str_eq(ctl_rec_str(r.recs[0], CTL_K_ERROR),
	    "no such device");
	ctl_reply_clear(&r);
	ctl_reply_clear(&r);	/* a cleared reply clears again */
	listener_stop(pid);
}
END_TEST

START_TEST(test_client_defends_against_bad_replies)
{
	pid_t			 pid = listener_start();
	struct ctl_client	*c;
	struct ctl_rec		*rec;
	struct ctl_reply	 r;

	/* A header asking for 2 GB is refused before any allocation. */
	ck_assert_int_eq(ctl_call(sockpath, 5000, CTL_SHOW_IKEV2_STATISTICS,
	    NULL, &r, err, sizeof(err)), -1);
	ck_assert_ptr_nonnull(strstr(err, "bad frame header"));
	ck_assert_uint_eq(r.nrecs, 0);
	/* A reply to another request. */
	ck_assert_int_eq(ctl_call(sockpath, 5000, CTL_SHOW_IKEV2_SUMMARY,
	    NULL, &r, err, sizeof(err)), -1);
	ck_assert_ptr_nonnull(strstr(err, "reply 3 to request 2"));
	/* No answer: the timeout ends the wait. */
	ck_assert_int_eq(ctl_client_open(sockpath, 300, &c, err,
	    sizeof(err)), 0);
	ck_assert_int_eq(ctl_client_request(c, CTL_SHOW_IPSEC_DATAPLANE, NULL,
	    err, sizeof(err)), 0);
	ck_assert_int_eq(ctl_client_next(c, &rec, err, sizeof(err)), -1);
	ck_assert_ptr_nonnull(strstr(err, "no answer in time"));
	ctl_client_close(c);
	listener_stop(pid);
}
END_TEST

START_TEST(test_listen_refuses_a_live_socket_and_replaces_a_stale_one)
{
	pid_t		pid = listener_start();
	struct stat	sb;
	int		fd, f2;

	ck_assert_int_eq(stat(sockpath, &sb), 0);
	ck_assert_uint_eq(sb.st_mode & 0777, CTL_SOCK_MODE);
	ck_assert_int_eq(ctl_listen(sockpath, CTL_SOCK_MODE, err,
	    sizeof(err)), -1);
	ck_assert_ptr_nonnull(strstr(err, "another mgmtsecd"));
	listener_stop(pid);
	/* Its socket file stays behind; a new listener takes its place. */
	fd = ctl_listen(sockpath, CTL_SOCK_MODE, err, sizeof(err));
	ck_assert_msg(fd >= 0, "%s", err);
	close(fd);
	/* Not a socket: left alone. */
	unlink(sockpath);
	f2 = open(sockpath, O_CREAT | O_WRONLY, 0600);
	close(f2);
	ck_assert_int_eq(ctl_listen(sockpath, CTL_SOCK_MODE, err,
	    sizeof(err)), -1);
	ck_assert_ptr_nonnull(strstr(err, "not a socket"));
}
END_TEST

static Suite *
ctl_suite(void)
{
	Suite	*s = suite_create("ctl_proto");
	TCase	*tc = tcase_create("ctl_proto");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_record_fields_and_lookup);
	tcase_add_test(tc, test_round_trip_is_exact_for_nested_records);
	tcase_add_test(tc, test_split_waits_for_the_whole_frame);
	tcase_add_test(tc, test_end_frame_carries_status_and_message);
	tcase_add_test(tc, test_hostile_frames_are_rejected);
	tcase_add_test(tc, test_encoder_refuses_bad_names_and_oversize);
	tcase_add_test(tc, test_socket_path_rule);
	tcase_add_test(tc, test_no_daemon_means_not_running);
	tcase_add_test(tc, test_hello_then_show_records_in_order);
	tcase_add_test(tc, test_commit_notify_returns_the_daemons_reply);
	tcase_add_test(tc, test_client_defends_against_bad_replies);
	tcase_add_test(tc,
	    test_listen_refuses_a_live_socket_and_replaces_a_stale_one);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(ctl_suite());
	int	 failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
