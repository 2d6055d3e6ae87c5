/*
 * The interface renderers (cli/show_if.c) over hand-made records: the
 * states IOS XR words (up, down, administratively down), the fields
 * iosxr_facts parses (Internet address is A/N, MTU N, packets input),
 * and the brief tables.
 */
#include "config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "cli/show_if.h"
#include "common/ctl_records.h"

static struct ctl_rec *
rec(const char *name, int shut, int exists, int up, const char *addr)
{
	struct ctl_rec	*r = ctl_rec_new();

	ck_assert_ptr_nonnull(r);
	ctl_rec_add_str(r, CTL_F_INTERFACE, name);
	ctl_rec_add_u32(r, CTL_F_SHUTDOWN, (uint32_t)shut);
	ctl_rec_add_u32(r, CTL_F_EXISTS, (uint32_t)exists);
	ctl_rec_add_u32(r, CTL_F_ADMIN_UP, (uint32_t)up);
	ctl_rec_add_u32(r, CTL_F_OPER_UP, (uint32_t)up);
	ctl_rec_add_u32(r, CTL_F_MTU, exists ? 1400 : 0);
	ctl_rec_add_str(r, CTL_F_ADDRESS, addr);
	ctl_rec_add_u32(r, CTL_F_PREFIX_LEN, 24);
	ctl_rec_add_str(r, CTL_F_LOCAL, "198.51.100.5");
	ctl_rec_add_str(r, CTL_F_REMOTE, "198.51.100.21");
	ctl_rec_add_u32(r, CTL_F_CHILD_SAS, 1);
	ctl_rec_add_u64(r, CTL_F_RX_PACKETS, 3);
	ctl_rec_add_u64(r, CTL_F_RX_BYTES, 252);
	ctl_rec_add_u64(r, CTL_F_TX_PACKETS, 4);
	ctl_rec_add_u64(r, CTL_F_TX_BYTES, 300);
	return r;
}

static char *
render(enum sl_if_view v, int brief)
{
	struct ctl_rec	*r[3];
	struct buf	 b = { 0 };
	size_t		 i;
	char		*s;

	r[0] = rec("tunnel-ip1", 0, 1, 1, "192.0.2.1");
	r[1] = rec("tunnel-ip2", 1, 1, 0, "192.0.2.5");
	r[2] = rec("tunnel-ip3", 0, 0, 0, "");
	ck_assert_int_eq(sl_render_interfaces(&b, r, 3, v, brief), 0);
	for (i = 0; i < 3; i++)
		ctl_rec_free(r[i]);
	buf_add(&b, "", 1);
	s = strdup((const char *)b.data);
	buf_free(&b);
	return s;
}

START_TEST(test_interfaces_detail)
{
	char	*s = render(SL_IF_INTERFACES, 0);

	ck_assert_ptr_nonnull(strstr(s, "tunnel-ip1 is up, line protocol is "
	    "up\n  Hardware is Tunnel\n  Internet address is 192.0.2.1/24\n"
	    "  MTU 1400 bytes\n"));
	ck_assert_ptr_nonnull(strstr(s, "  Tunnel source 198.51.100.5, "
	    "destination 198.51.100.21\n"));
	ck_assert_ptr_nonnull(strstr(s, "     3 packets input, 252 bytes, 0 "
	    "total input drops\n"));
	ck_assert_ptr_nonnull(strstr(s, "     4 packets output, 300 bytes, 0 "
	    "total output drops\n"));
	ck_assert_ptr_nonnull(strstr(s, "tunnel-ip2 is administratively down, "
	    "line protocol is down\n"));
	ck_assert_ptr_nonnull(strstr(s, "tunnel-ip3 is down, line protocol is "
	    "down\n  Hardware is Tunnel\n  Internet address is Unknown\n"));
	free(s);
}
END_TEST

START_TEST(test_briefs)
{
	char	*s = render(SL_IF_INTERFACES, 1);

	ck_assert_ptr_nonnull(strstr(s, "         tunnel-ip1          up"
	    "          up          TUNNEL_IP  1400\n"));
	ck_assert_ptr_nonnull(strstr(s, "         tunnel-ip2  admin-down"
	    "  admin-down          TUNNEL_IP  1400\n"));
	free(s);
	s = render(SL_IF_IPV4, 1);
	ck_assert_ptr_nonnull(strstr(s, "tunnel-ip1                     "
	    "192.0.2.1       Up              Up       default\n"));
	ck_assert_ptr_nonnull(strstr(s, "tunnel-ip2                     "
	    "192.0.2.5       Shutdown        Down     default\n"));
	ck_assert_ptr_nonnull(strstr(s, "tunnel-ip3                     "
	    "unassigned      Down            Down     default\n"));
	free(s);
	s = render(SL_IF_IPV6, 0);
	ck_assert_ptr_nonnull(strstr(s, "tunnel-ip1 is Up, ipv6 protocol is "
	    "Down, Vrfid is default (0x60000000)\n  IPv6 is disabled"));
	free(s);
}
END_TEST

START_TEST(test_no_interfaces)
{
	struct buf	b = { 0 };

	ck_assert_int_eq(sl_render_interfaces(&b, NULL, 0, SL_IF_INTERFACES,
	    0), 0);
	ck_assert_uint_eq(b.len, 1);
	ck_assert_int_eq(b.data[0], '\n');
	buf_free(&b);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("show_if");
	TCase	*tc = tcase_create("render");
	SRunner	*sr;
	int	 nf;

	tcase_add_test(tc, test_interfaces_detail);
	tcase_add_test(tc, test_briefs);
	tcase_add_test(tc, test_no_interfaces);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	nf = srunner_ntests_failed(sr);
	srunner_free(sr);
	return nf == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
