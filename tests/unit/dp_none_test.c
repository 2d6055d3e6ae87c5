/*
 * The recording no-op data plane (platform/dp_none.c): SPIs unique and
 * >= 256, reservations become SAs, SAs are found, updated and removed,
 * key material is never kept, and thousands of SAs stay consistent.
 */
#include "config.h"

#include <arpa/inet.h>
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "platform/dp_none.h"

/* A poor random source that repeats, to force collisions. */
static int
rep_rand(void *arg, void *buf, size_t len)
{
	unsigned	*n = arg;
	uint32_t	 v = (*n)++ % 4 == 3 ? 100 : 0x1000 + (*n / 2);

	memcpy(buf, &v, len < sizeof(v) ? len : sizeof(v));
	return 0;
}

static struct dp_sa
sa(uint32_t spi, struct in_addr dst, enum dp_dir dir)
{
	static const uint8_t	key[32] = { 1, 2, 3 };
	struct dp_sa		s;

	memset(&s, 0, sizeof(s));
	s.dir = dir;
	s.dst = dst;
	s.spi = spi;
	s.proto = DP_PROTO_ESP;
	s.encr_alg = 12;
	s.encr_keylen = 256;
	s.encr_key = key;
	s.encr_key_len = 32;
	return s;
}

START_TEST(test_spi_reserve_add_find_delete)
{
	unsigned		 n = 0;
	struct dp		*dp = dp_none_new(rep_rand, &n);
	struct dp_none_counts	 c;
	struct in_addr		 us, peer;
	struct dp_sa		 s;
	struct dp_sa_key	 k;
	struct dp_sa_stats	 st;
	const struct dp_sa	*f;
	uint32_t		 spi1, spi2;

	inet_pton(AF_INET, "198.51.100.5", &us);
	inet_pton(AF_INET, "198.51.100.21", &peer);
	ck_assert_int_eq(dp->get_spi(dp, peer, us, DP_PROTO_ESP, 0, &spi1,
	    NULL, 0), 0);
	ck_assert_int_eq(dp->get_spi(dp, peer, us, DP_PROTO_ESP, 0, &spi2,
	    NULL, 0), 0);
	ck_assert_uint_ge(spi1, 256);
	ck_assert_uint_ne(spi1, spi2);
	dp_none_counts(dp, &c);
	ck_assert_uint_eq(c.larval, 2);
	ck_assert_uint_eq(c.sas, 0);
	s = sa(spi1, us, DP_DIR_IN);
	ck_assert_int_eq(dp->add_sa(dp, &s, NULL, 0), 0);
	s = sa(0xabcdef, peer, DP_DIR_OUT);
	ck_assert_int_eq(dp->add_sa(dp, &s, NULL, 0), 0);
	/* A duplicate. */
	ck_assert_int_eq(dp->add_sa(dp, &s, NULL, 0), -1);
	dp_none_counts(dp, &c);
	ck_assert_uint_eq(c.sas, 2);
	ck_assert_uint_eq(c.larval, 1);
	f = dp_none_find(dp, us, spi1);
	ck_assert_ptr_nonnull(f);
	ck_assert_ptr_null(f->encr_key);	/* keys are not kept */
	ck_assert_int_eq(f->dir, DP_DIR_IN);
	k.dst = peer;
	k.spi = 0xabcdef;
	k.proto = DP_PROTO_ESP;
	ck_assert_int_eq(dp->update_sa(dp, &k, 1, 4500, 4500, NULL, 0), 0);
	ck_assert_int_eq(dp_none_find(dp, peer, 0xabcdef)->encap_dport, 4500);
	ck_assert_int_eq(dp->query_sa(dp, &k, &st, NULL, 0), 0);
	ck_assert_uint_eq(st.packets, 0);
	ck_assert_int_eq(dp->del_sa(dp, &k, NULL, 0), 0);
	ck_assert_int_eq(dp->del_sa(dp, &k, NULL, 0), 0);	/* absent ok */
	ck_assert_int_eq(dp->query_sa(dp, &k, &st, NULL, 0), -1);
	/* Releasing a reservation. */
	k.dst = us;
	k.spi = spi2;
	ck_assert_int_eq(dp->del_sa(dp, &k, NULL, 0), 0);
	dp_none_counts(dp, &c);
	ck_assert_uint_eq(c.sas, 1);
	ck_assert_uint_eq(c.larval, 0);
	ck_assert_int_eq(dp->flush(dp, NULL, 0), 0);
	dp_none_counts(dp, &c);
	ck_assert_uint_eq(c.sas, 0);
	dp->destroy(dp);
}
END_TEST

START_TEST(test_many_sas_and_tunnels)
{
	struct dp		*dp = dp_none_new(NULL, NULL);
	struct dp_none_counts	 c;
	struct dp_tunnel	 t;
	struct in_addr		 us;
	struct dp_sa		 s;
	struct dp_sa_key	 k;
	uint32_t		 spi[5000];
	size_t			 i;

	inet_pton(AF_INET, "198.51.100.5", &us);
	for (i = 0; i < 5000; i++) {
		ck_assert_int_eq(dp->get_spi(dp, us, us, DP_PROTO_ESP, 0,
		    &spi[i], NULL, 0), 0);
		s = sa(spi[i], us, DP_DIR_IN);
		ck_assert_int_eq(dp->add_sa(dp, &s, NULL, 0), 0);
	}
	for (i = 0; i < 5000; i += 2) {
		k.dst = us;
		k.spi = spi[i];
		k.proto = DP_PROTO_ESP;
		ck_assert_int_eq(dp->del_sa(dp, &k, NULL, 0), 0);
	}
	for (i = 0; i < 5000; i++)
		ck_assert((dp_none_find(dp, us, spi[i]) != NULL) == (i % 2));
	memset(&t, 0, sizeof(t));
	t.if_id = 2;
	ck_assert_int_eq(dp->tunnel_if_create(dp, &t, NULL, 0), 0);
	ck_assert_int_eq(dp->tunnel_if_create(dp, &t, NULL, 0), 0);
	dp_none_counts(dp, &c);
	ck_assert_uint_eq(c.sas, 2500);
	ck_assert_uint_eq(c.tunnels, 1);
	ck_assert_int_eq(dp->tunnel_if_delete(dp, 2, NULL, 0), 0);
	dp_none_counts(dp, &c);
	ck_assert_uint_eq(c.tunnels, 0);
	ck_assert_str_eq(dp->name, "none");
	dp->destroy(dp);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("dp_none");
	TCase	*tc = tcase_create("record");
	SRunner	*sr;
	int	 failed;

	tcase_add_test(tc, test_spi_reserve_add_find_delete);
	tcase_add_test(tc, test_many_sas_and_tunnels);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
