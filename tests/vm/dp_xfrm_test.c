/*
 * The kernel data plane (platform/dp_xfrm.c) through its struct dp hooks,
 * against the real kernel: run inside the VM lab by tests/vm/guest.sh, in
 * a network namespace of its own (it needs ESP, vti links and root).
 *
 *   - the probe succeeds and leaves nothing behind
 *   - a tunnel is a vti link with the default MTU, its ifindex is the
 *     interface handle, and removing it removes its policies and SAs
 *   - SPIs are distinct and >= 256; SAs are added, read, removed
 *   - update_sa moves an encapsulated SA to new ports in place (counters
 *     kept) and refuses to add encapsulation to a plain one
 *   - a packet limit reached by real traffic becomes DP_EV_SOFT
 *   - a second backend sweeps what the first left (as after SIGKILL)
 */
#include "config.h"

#include <arpa/inet.h>
#include <sched.h>
#include <check.h>
#include <net/if.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "platform/dp_xfrm.h"

static int
seq_rand(void *arg, void *buf, size_t len)
{
	unsigned	*n = arg;
	uint32_t	 v = 0x10000 + (*n)++;

	memcpy(buf, &v, len < sizeof(v) ? len : sizeof(v));
	return 0;
}

static struct in_addr
ip(const char *s)
{
	struct in_addr	a;

	ck_assert_int_eq(inet_pton(AF_INET, s, &a), 1);
	return a;
}

/* The output of a shell command, first line only ("" on none). */
static void
sh1(const char *cmd, char *out, size_t len)
{
	FILE	*f = popen(cmd, "r");

	out[0] = '\0';
	ck_assert_ptr_nonnull(f);
	if (fgets(out, (int)len, f) == NULL)
		out[0] = '\0';
	out[strcspn(out, "\n")] = '\0';
	pclose(f);
}

static int
count(const char *what)
{
	char	cmd[96], out[32];

	snprintf(cmd, sizeof(cmd), "ip xfrm %s | grep -c '^src '", what);
	sh1(cmd, out, sizeof(out));
	return atoi(out);
}

static void
tunnel(struct dp *dp, uint32_t if_id, const char *name)
{
	struct dp_tunnel	t;
	char			err[256] = "";

	memset(&t, 0, sizeof(t));
	t.if_id = if_id;
	snprintf(t.name, sizeof(t.name), "%s", name);
	t.local = ip("198.51.100.1");
	t.remote = ip("198.51.100.2");
	t.inner_addr = ip("192.0.2.1");
	t.inner_plen = 24;
	t.up = 1;
	ck_assert_msg(dp->tunnel_if_create(dp, &t, err, sizeof(err)) == 0,
	    "tunnel: %s", err);
}

static struct dp_sa
esp(enum dp_dir dir, uint32_t spi, uint32_t if_id)
{
	static const uint8_t	ek[32] = { 1, 2, 3 }, ak[32] = { 4, 5, 6 };
	struct dp_sa		s;

	memset(&s, 0, sizeof(s));
	s.dir = dir;
	s.src = ip(dir == DP_DIR_OUT ? "198.51.100.1" : "198.51.100.2");
	s.dst = ip(dir == DP_DIR_OUT ? "198.51.100.2" : "198.51.100.1");
	s.spi = spi;
	s.proto = DP_PROTO_ESP;
	s.if_id = if_id;
	s.reqid = 1;
	s.encr_alg = 12;
	s.encr_keylen = 256;
	s.encr_key = ek;
	s.encr_key_len = sizeof(ek);
	s.integ_alg = 12;
	s.integ_key = ak;
	s.integ_key_len = sizeof(ak);
	s.replay_window = dir == DP_DIR_IN ? 64 : 0;
	return s;
}

static void
setup(void)
{
	/* A network namespace of our own (Check runs each test in a child
	 * of its own), with an underlay for the outer addresses. */
	ck_assert_int_eq(unshare(CLONE_NEWNET), 0);
	ck_assert_int_eq(system("ip link set lo up && "
	    "ip link add u0 type dummy && ip addr add 198.51.100.1/24 dev u0 && "
	    "ip link set u0 up"), 0);
}

START_TEST(test_probe)
{
	char	err[256] = "", out[64];

	setup();
	ck_assert_msg(dp_xfrm_probe(err, sizeof(err)) == 0, "probe: %s", err);
	sh1("ip -o link show dev mgmtsec-probe 2>/dev/null", out, sizeof(out));
	ck_assert_str_eq(out, "");
	ck_assert_int_eq(count("state"), 0);
}
END_TEST

START_TEST(test_tunnel_and_sas)
{
	unsigned		 n = 0;
	char			 err[256] = "", out[256], cmd[256];
	struct dp		*dp;
	struct dp_sa		 in, out_sa;
	struct dp_sa_key	 k;
	struct dp_sa_stats	 st;
	uint32_t		 s1 = 0, s2 = 0;

	setup();
	dp = dp_xfrm_new(seq_rand, &n, err, sizeof(err));
	ck_assert_msg(dp != NULL, "new: %s", err);
	tunnel(dp, 7, "tunnel-ip7");
	ck_assert_uint_eq(dp->tunnel_if_index(dp, 7),
	    if_nametoindex("tunnel-ip7"));
	sh1("ip -o link show dev tunnel-ip7", out, sizeof(out));
	ck_assert_msg(strstr(out, "mtu 1400") != NULL, "%s", out);
	ck_assert_int_eq(count("policy"), 2);

	ck_assert_int_eq(dp->get_spi(dp, ip("198.51.100.2"),
	    ip("198.51.100.1"), DP_PROTO_ESP, 1, &s1, err, sizeof(err)), 0);
	ck_assert_int_eq(dp->get_spi(dp, ip("198.51.100.2"),
	    ip("198.51.100.1"), DP_PROTO_ESP, 1, &s2, err, sizeof(err)), 0);
	ck_assert_uint_ne(s1, s2);
	ck_assert_uint_ge(s1, 256);
	in = esp(DP_DIR_IN, s1, 7);
	out_sa = esp(DP_DIR_OUT, 0x4000, 7);
	ck_assert_msg(dp->add_sa(dp, &in, err, sizeof(err)) == 0, "%s", err);
	ck_assert_msg(dp->add_sa(dp, &out_sa, err, sizeof(err)) == 0, "%s",
	    err);
	ck_assert_int_ne(dp->add_sa(dp, &out_sa, err, sizeof(err)), 0);
	ck_assert_int_eq(count("state"), 2);
	/* The kernel has the SPI we were given, with the tunnel's mark. */
	snprintf(cmd, sizeof(cmd), "ip xfrm state get src 198.51.100.2 "
	    "dst 198.51.100.1 proto esp spi 0x%08x mark 0x%x | "
	    "grep -c 'proto esp spi 0x%08x'", s1, DP_XFRM_MARK_BASE + 7, s1);
	sh1(cmd, out, sizeof(out));
	ck_assert_str_eq(out, "1");
	memset(&k, 0, sizeof(k));
	k.dst = in.dst;
	k.spi = s1;
	k.proto = DP_PROTO_ESP;
	ck_assert_int_eq(dp->query_sa(dp, &k, &st, err, sizeof(err)), 0);
	ck_assert_uint_eq(st.packets, 0);
	ck_assert_int_ne(dp->update_sa(dp, &k, 1, 4500, 4500, err,
	    sizeof(err)), 0);
	ck_assert_int_eq(dp->update_sa(dp, &k, 0, 0, 0, err, sizeof(err)), 0);
	ck_assert_int_eq(dp->del_sa(dp, &k, err, sizeof(err)), 0);
	ck_assert_int_eq(dp->del_sa(dp, &k, err, sizeof(err)), 0);
	ck_assert_int_eq(count("state"), 1);
	/* The tunnel takes its policies and remaining SA with it. */
	ck_assert_int_eq(dp->tunnel_if_delete(dp, 7, err, sizeof(err)), 0);
	ck_assert_uint_eq(if_nametoindex("tunnel-ip7"), 0);
	ck_assert_int_eq(count("state"), 0);
	ck_assert_int_eq(count("policy"), 0);
	dp->flush(dp, NULL, 0);
	dp->destroy(dp);
}
END_TEST

START_TEST(test_encap_ports_and_soft_limit)
{
	unsigned		 n = 0;
	char			 err[256] = "", out[256];
	struct dp		*dp;
	struct dp_sa		 o;
	struct dp_sa_key	 k;
	struct dp_sa_stats	 st;
	struct dp_event		 ev;
	struct sockaddr_in	 to;
	struct pollfd		 pfd;
	int			 fd, i, got = 0;

	setup();
	dp = dp_xfrm_new(seq_rand, &n, err, sizeof(err));
	ck_assert_msg(dp != NULL, "new: %s", err);
	tunnel(dp, 9, "tunnel-ip9");
	o = esp(DP_DIR_OUT, 0x5000, 9);
	o.encap = 1;
	o.encap_sport = 4500;
	o.encap_dport = 4500;
	o.packets_soft = 3;
	ck_assert_msg(dp->add_sa(dp, &o, err, sizeof(err)) == 0, "%s", err);
	sh1("ip xfrm state | grep encap", out, sizeof(out));
	ck_assert_msg(strstr(out, "sport 4500 dport 4500") != NULL, "%s",
	    out);

	/* Traffic into the tunnel goes out through the SA (and into the
	 * dummy underlay): the third packet reaches the soft limit. */
	ck_assert_int_ge(fd = socket(AF_INET, SOCK_DGRAM, 0), 0);
	memset(&to, 0, sizeof(to));
	to.sin_family = AF_INET;
	to.sin_port = htons(9);
	to.sin_addr = ip("192.0.2.2");
	for (i = 0; i < 4; i++)
		ck_assert_int_eq(sendto(fd, "x", 1, 0, (struct sockaddr *)&to,
		    sizeof(to)), 1);
	close(fd);
	memset(&k, 0, sizeof(k));
	k.dst = o.dst;
	k.spi = o.spi;
	k.proto = DP_PROTO_ESP;
	ck_assert_int_eq(dp->query_sa(dp, &k, &st, err, sizeof(err)), 0);
	ck_assert_uint_eq(st.packets, 4);
	pfd.fd = dp->event_fd;
	pfd.events = POLLIN;
	for (i = 0; i < 30 && !got; i++) {
		(void)poll(&pfd, 1, 100);
		while (dp->next_event(dp, &ev) == 1)
			if (ev.type == DP_EV_SOFT && ev.key.spi == o.spi &&
			    ev.dir == DP_DIR_OUT && ev.reqid == 1)
				got = 1;
	}
	ck_assert_msg(got, "no soft expire for SPI %08x", o.spi);

	/* New ports in place: the counter stays. */
	ck_assert_msg(dp->update_sa(dp, &k, 1, 4500, 4501, err,
	    sizeof(err)) == 0, "%s", err);
	sh1("ip xfrm state | grep encap", out, sizeof(out));
	ck_assert_msg(strstr(out, "sport 4500 dport 4501") != NULL, "%s",
	    out);
	ck_assert_int_eq(dp->query_sa(dp, &k, &st, err, sizeof(err)), 0);
	ck_assert_uint_eq(st.packets, 4);
	ck_assert_int_ne(dp->update_sa(dp, &k, 0, 0, 0, err, sizeof(err)), 0);
	dp->flush(dp, NULL, 0);
	dp->destroy(dp);
	ck_assert_int_eq(count("state"), 0);
	ck_assert_int_eq(count("policy"), 0);
	ck_assert_uint_eq(if_nametoindex("tunnel-ip9"), 0);
}
END_TEST

START_TEST(test_sweep)
{
	unsigned		 n = 0, m = 100;
	char			 err[256] = "";
	struct dp		*a, *b;
	struct dp_sa		 s;

	setup();
	a = dp_xfrm_new(seq_rand, &n, err, sizeof(err));
	ck_assert_msg(a != NULL, "new: %s", err);
	tunnel(a, 3, "tunnel-ip3");
	s = esp(DP_DIR_OUT, 0x6000, 3);
	ck_assert_int_eq(a->add_sa(a, &s, err, sizeof(err)), 0);
	s = esp(DP_DIR_IN, 0x6001, 3);
	ck_assert_int_eq(a->add_sa(a, &s, err, sizeof(err)), 0);
	/* Someone else's unmarked state stays. */
	ck_assert_int_eq(system("ip xfrm state add src 198.51.100.1 "
	    "dst 198.51.100.9 proto esp spi 0x7000 mode tunnel "
	    "enc 'cbc(aes)' 0x00112233445566778899aabbccddeeff"), 0);
	ck_assert_int_eq(count("state"), 3);
	ck_assert_int_eq(count("policy"), 2);
	/* A second daemon starting finds what the first left. */
	b = dp_xfrm_new(seq_rand, &m, err, sizeof(err));
	ck_assert_msg(b != NULL, "new: %s", err);
	ck_assert_uint_eq(if_nametoindex("tunnel-ip3"), 0);
	ck_assert_int_eq(count("state"), 1);
	ck_assert_int_eq(count("policy"), 0);
	b->destroy(b);
	a->flush(a, NULL, 0);
	a->destroy(a);
	ck_assert_int_eq(count("state"), 1);
}
END_TEST

int
main(void)
{
	Suite	*s;
	TCase	*tc;
	SRunner	*sr;
	char	 why[256] = "";
	int	 failed;

	/* Probed in a namespace of its own: a kernel without ESP or vti
	 * links (this machine's, maybe) is a skip, with the reason. */
	if (unshare(CLONE_NEWNET) != 0) {
		printf("SKIP: dp_xfrm_test: needs root (a network "
		    "namespace)\n");
		return 77;
	}
	if (dp_xfrm_probe(why, sizeof(why)) != 0) {
		printf("SKIP: dp_xfrm_test: the kernel cannot do ESP on a vti "
		    "link (%s); run it in the VM lab\n", why);
		return 77;
	}
	s = suite_create("dp_xfrm");
	tc = tcase_create("kernel");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_probe);
	tcase_add_test(tc, test_tunnel_and_sas);
	tcase_add_test(tc, test_encap_ports_and_soft_limit);
	tcase_add_test(tc, test_sweep);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? 0 : 1;
}
