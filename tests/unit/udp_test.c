/*
 * The port 4500 demultiplexer (platform/udp.c): IKE behind the
 * non-ESP marker, ESP in UDP, NAT keepalives and runts (RFC 3948 2.2),
 * and a real socket pair on loopback.
 */
#include "config.h"

#include <arpa/inet.h>
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "platform/udp.h"

START_TEST(test_classify)
{
	static const uint8_t ike[] = { 0, 0, 0, 0, 0x11, 0x22 };
	static const uint8_t esp[] = { 0xc1, 0xd7, 0x17, 0xe8, 0, 0, 0, 1 };
	static const uint8_t ka[] = { 0xff };

	ck_assert_int_eq(dp_udp_classify(4500, 4500, ike, sizeof(ike)),
	    DP_DG_IKE);
	ck_assert_int_eq(dp_udp_classify(4500, 4500, esp, sizeof(esp)),
	    DP_DG_ESP);
	ck_assert_int_eq(dp_udp_classify(4500, 4500, esp, 5),
	    DP_DG_GARBAGE);
	ck_assert_int_eq(dp_udp_classify(4500, 4500, ka, 1),
	    DP_DG_KEEPALIVE);
	ck_assert_int_eq(dp_udp_classify(4500, 4500, ike, 3),
	    DP_DG_GARBAGE);
	ck_assert_int_eq(dp_udp_classify(4500, 4500, ike, 0),
	    DP_DG_GARBAGE);
	/* Port 500 has no marker: everything that could be IKE is. */
	ck_assert_int_eq(dp_udp_classify(500, 4500, esp, sizeof(esp)),
	    DP_DG_IKE);
	ck_assert_int_eq(dp_udp_classify(500, 4500, ka, 1), DP_DG_GARBAGE);
}
END_TEST

START_TEST(test_bound_socket_round_trip)
{
	struct in_addr		lo;
	struct sockaddr_in	sin;
	socklen_t		len = sizeof(sin);
	uint8_t			b[16];
	char			err[256];
	int			a, c, rcv = 0;

	inet_pton(AF_INET, "127.0.0.1", &lo);
	/* Port 0: any free port (no root needed). */
	a = dp_udp_open(lo, 0, &rcv, err, sizeof(err));
	ck_assert_int_ge(a, 0);
	ck_assert_int_gt(rcv, 0);
	ck_assert_int_eq(getsockname(a, (struct sockaddr *)&sin, &len), 0);
	c = dp_udp_open(lo, 0, NULL, err, sizeof(err));
	ck_assert_int_ge(c, 0);
	ck_assert_int_eq(dp_udp_send(c, lo, ntohs(sin.sin_port),
	    (const uint8_t *)"ping", 4), 0);
	ck_assert_int_eq(recv(a, b, sizeof(b), 0), 4);
	ck_assert_int_eq(memcmp(b, "ping", 4), 0);
	/* Binding an address this system does not have fails cleanly. */
	inet_pton(AF_INET, "192.0.2.77", &lo);
	ck_assert_int_eq(dp_udp_open(lo, 0, NULL, err, sizeof(err)), -1);
	ck_assert_ptr_nonnull(strstr(err, "cannot bind 192.0.2.77:0"));
	close(a);
	close(c);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("udp");
	TCase	*tc = tcase_create("demux");
	SRunner	*sr;
	int	 failed;

	tcase_add_test(tc, test_classify);
	tcase_add_test(tc, test_bound_socket_round_trip);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
