/*
 * tunnel source resolution (mgmtsecd/resolve.c) from fabricated
 * interface snapshots: addresses, Linux names, the default-route rule for
 * MgmtEth0/RP0/CPU0/0, platform interface-map, and the reasons given
 * when none of these works.
 */
#include "config.h"

#include <arpa/inet.h>
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "mgmtsecd/resolve.h"

static struct dmn_ifaddr ifs[] = {
	{ "lo", 1, 1, { 0 } },
	{ "veth0", 2, 1, { 0 } },
	{ "veth0", 2, 1, { 0 } },
	{ "eth7", 3, 0, { 0 } },
};

static struct dmn_ifsnap
snap(const char *defroute)
{
	struct dmn_ifsnap	s;

	inet_pton(AF_INET, "127.0.0.1", &ifs[0].addr);
	inet_pton(AF_INET, "198.51.100.5", &ifs[1].addr);
	inet_pton(AF_INET, "203.0.113.5", &ifs[2].addr);
	memset(&s, 0, sizeof(s));
	s.v = ifs;
	s.n = 4;
	strcpy(s.defroute, defroute);
	return s;
}

static const char *
res(const struct dmn_ifsnap *s, const struct dmn_ifmap *m, size_t nm,
    const char *src, int want, char *why, size_t whylen)
{
	static char	out[INET_ADDRSTRLEN];
	struct in_addr	a;
	char		ifn[IFNAMSIZ];

	ck_assert_int_eq(dmn_resolve(s, m, nm, src, &a, ifn, sizeof(ifn), why,
	    whylen), want);
	if (want != 0)
		return NULL;
	inet_ntop(AF_INET, &a, out, sizeof(out));
	return out;
}

START_TEST(test_addresses_and_linux_names)
{
	struct dmn_ifsnap	s = snap("veth0");
	char			why[256];

	ck_assert_str_eq(res(&s, NULL, 0, "203.0.113.5", 0, why, sizeof(why)),
	    "203.0.113.5");
	/* The primary (first) address of an interface. */
	ck_assert_str_eq(res(&s, NULL, 0, "veth0", 0, why, sizeof(why)),
	    "198.51.100.5");
	res(&s, NULL, 0, "192.0.2.9", -1, why, sizeof(why));
	ck_assert_str_eq(why, "tunnel source 192.0.2.9 is not an address of "
	    "this system");
	res(&s, NULL, 0, "eth7", -1, why, sizeof(why));
	ck_assert_str_eq(why, "tunnel source eth7 has no IPv4 address");
	res(&s, NULL, 0, "GigabitEthernet0/0/0/1", -1, why, sizeof(why));
	ck_assert_str_eq(why, "tunnel source GigabitEthernet0/0/0/1: no such "
	    "interface (a Cisco-style name needs platform interface-map)");
}
END_TEST

START_TEST(test_mgmteth_follows_the_default_route)
{
	struct dmn_ifsnap	s = snap("veth0");
	struct dmn_ifsnap	none = snap("");
	struct dmn_ifsnap	bare = snap("eth7");
	char			why[256];

	ck_assert_str_eq(res(&s, NULL, 0, "MgmtEth0/RP0/CPU0/0", 0, why,
	    sizeof(why)), "198.51.100.5");
	ck_assert_str_eq(res(&s, NULL, 0, "mgmteth0/rp0/cpu0/0", 0, why,
	    sizeof(why)), "198.51.100.5");
	res(&none, NULL, 0, "MgmtEth0/RP0/CPU0/0", -1, why, sizeof(why));
	ck_assert_ptr_nonnull(strstr(why, "there is no IPv4 default route"));
	res(&bare, NULL, 0, "MgmtEth0/RP0/CPU0/0", -1, why, sizeof(why));
	ck_assert_str_eq(why, "tunnel source MgmtEth0/RP0/CPU0/0 (eth7 "
	    "(default route)) has no IPv4 address");
}
END_TEST

START_TEST(test_interface_map_wins)
{
	struct dmn_ifsnap	s = snap("veth0");
	struct dmn_ifmap	m[2];
	char			why[256];

	memset(m, 0, sizeof(m));
	strcpy(m[0].cisco, "MgmtEth0/RP0/CPU0/0");
	strcpy(m[0].linux_name, "lo");
	strcpy(m[1].cisco, "GigabitEthernet0/0/0/1");
	strcpy(m[1].linux_name, "eth9");
	ck_assert_str_eq(res(&s, m, 2, "MgmtEth0/RP0/CPU0/0", 0, why,
	    sizeof(why)), "127.0.0.1");
	res(&s, m, 2, "GigabitEthernet0/0/0/1", -1, why, sizeof(why));
	ck_assert_str_eq(why, "tunnel source GigabitEthernet0/0/0/1: "
	    "interface eth9 (platform interface-map) does not exist");
	ck_assert_uint_eq(dmn_ifsnap_index(&s, "eth7"), 3);
	ck_assert_uint_eq(dmn_ifsnap_index(&s, "eth9"), 0);
}
END_TEST

START_TEST(test_reads_this_namespace)
{
	struct dmn_ifsnap	s;
	size_t			i;
	int			lo = 0;

	ck_assert_int_eq(dmn_ifsnap_read(&s), 0);
	for (i = 0; i < s.n; i++)
		lo |= strcmp(s.v[i].name, "lo") == 0;
	ck_assert_int_eq(lo, 1);
	dmn_ifsnap_free(&s);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("resolve");
	TCase	*tc = tcase_create("source");
	SRunner	*sr;
	int	 failed;

	tcase_add_test(tc, test_addresses_and_linux_names);
	tcase_add_test(tc, test_mgmteth_follows_the_default_route);
	tcase_add_test(tc, test_interface_map_wins);
	tcase_add_test(tc, test_reads_this_namespace);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
