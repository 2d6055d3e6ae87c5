/*
 * Unit tests for ikev2/dh.c: two parties agree in every group, keys are a
 * pure function of the caller's random octets, the RFC 5903 §8.1 example,
 * and every kind of bad peer value is refused (wrong length, off the
 * curve, coordinate >= p including values that reduce mod p to a valid
 * point, the point at infinity) as are private scalars out of range.
 */
#include "config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "ikev2/dh.h"

static const uint16_t groups[] = {
	IKE_DH_ECP_256, IKE_DH_ECP_384, IKE_DH_ECP_521,
};

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

/* RFC 5903 §8.1 (group 19). */
static const char *rfc_i =
    "c88f01f510d9ac3f70a292daa2316de544e9aab8afe84049c62a9c57862d1433";
static const char *rfc_gi =
    "dad0b65394221cf9b051e1feca5787d098dfe637fc90b9ef945d0c3772581180"
    "5271a0461cdb8252d61f1c456fa3e59ab1f45b33accf5f58389e0577b8990bb3";
static const char *rfc_gr =
    "d12dfb5289c8d4f81208b70270398c342296970a0bccb74c736fc7554494bf63"
    "56fbf3ca366cc23e8157854c13c58d6aac23f046ada30f8353e74f33039872ab";
static const char *rfc_girx =
    "d6840f6b42f6edafd13116e0e12565202fef8e9ece7dce03812464d04b9442de";

/* P-256 generator and field prime (SEC 2 / FIPS 186-4 D.1.2.3). */
static const char *p256_g =
    "6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296"
    "4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5";
static const char *p256_p =
    "ffffffff00000001000000000000000000000000ffffffffffffffffffffffff";
/* y of the P-256 point with x = 0 (y^2 = b mod p). */
static const char *p256_y0 =
    "66485c780e2f83d72433bd5d84a06bb6541c2af31dae871728bf856a174f93f4";
static const char *p256_n =
    "ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551";

static size_t
unhex(const char *h, uint8_t *out, size_t outlen)
{
	long	n = hex_decode(h, out, outlen);

	ck_assert_int_ge(n, 0);
	return (size_t)n;
}

static void
fill(uint8_t *p, size_t n, uint8_t seed)
{
	size_t	i;

	for (i = 0; i < n; i++)
		p[i] = (uint8_t)(seed * 31 + i * 13);
}

START_TEST(test_descriptors)
{
	ck_assert_uint_eq(ike_dh_public_len(IKE_DH_ECP_256), 64);
	ck_assert_uint_eq(ike_dh_public_len(IKE_DH_ECP_384), 96);
	ck_assert_uint_eq(ike_dh_public_len(IKE_DH_ECP_521), 132);
	ck_assert_uint_eq(ike_dh_secret_len(IKE_DH_ECP_521), 66);
	ck_assert_uint_eq(ike_dh_rand_len(IKE_DH_ECP_256), 40);
	ck_assert_uint_eq(ike_dh_public_len(14), 0);	/* MODP, unsupported */
	ck_assert_ptr_null(ike_dh_alg_get(IKE_DH_NONE));
	ck_assert_str_eq(ike_dh_name(IKE_DH_ECP_384), "ECP_384");
	ck_assert_str_eq(ike_dh_name(31), "unknown");
}
END_TEST

START_TEST(test_two_parties_agree_in_every_group)
{
	uint8_t			 ra[IKE_DH_MAX_RAND], rb[IKE_DH_MAX_RAND];
	uint8_t			 za[IKE_DH_MAX_SECRET], zb[IKE_DH_MAX_SECRET];
	const uint8_t		*pa, *pb;
	const struct ike_dh_alg	*alg;
	struct ike_dh		*a, *b;
	size_t			 i, la, lb;

	for (i = 0; i < NELEM(groups); i++) {
		alg = ike_dh_alg_get(groups[i]);
		fill(ra, alg->rand_len, 1);
		fill(rb, alg->rand_len, 2);
		a = ike_dh_new(groups[i], ra, alg->rand_len);
		b = ike_dh_new(groups[i], rb, alg->rand_len);
		ck_assert_ptr_nonnull(a);
		ck_assert_ptr_nonnull(b);
		ck_assert_ptr_eq(ike_dh_get_alg(a), alg);
		pa = ike_dh_public(a, &la);
		pb = ike_dh_public(b, &lb);
		ck_assert_uint_eq(la, alg->public_len);
		ck_assert_mem_ne(pa, pb, la);
		ck_assert_int_eq(ike_dh_check_public(groups[i], pa, la), 0);
		memset(za, 0, sizeof(za));
		memset(zb, 1, sizeof(zb));
		ck_assert_int_eq(ike_dh_derive(a, pb, lb, za, sizeof(za)), 0);
		ck_assert_int_eq(ike_dh_derive(b, pa, la, zb, sizeof(zb)), 0);
		ck_assert_mem_eq(za, zb, alg->secret_len);
		/* The secret is the x coordinate: not the public x values. */
		ck_assert_mem_ne(za, pa, alg->field_len);
		/* Deriving twice gives the same; a short buffer is refused. */
		ck_assert_int_eq(ike_dh_derive(a, pb, lb, zb, sizeof(zb)), 0);
		ck_assert_mem_eq(za, zb, alg->secret_len);
		ck_assert_int_eq(ike_dh_derive(a, pb, lb, zb,
		    alg->secret_len - 1), -1);
		ike_dh_free(a);
		ike_dh_free(b);
	}
	ike_dh_free(NULL);
}
END_TEST

START_TEST(test_keys_are_a_function_of_the_random_octets)
{
	uint8_t		 r[IKE_DH_MAX_RAND];
	struct ike_dh	*a, *b, *c;
	size_t		 n = ike_dh_rand_len(IKE_DH_ECP_384);

	fill(r, n, 9);
	a = ike_dh_new(IKE_DH_ECP_384, r, n);
	b = ike_dh_new(IKE_DH_ECP_384, r, n);
	r[n - 1] ^= 1;
	c = ike_dh_new(IKE_DH_ECP_384, r, n);
	ck_assert_ptr_nonnull(a);
	ck_assert_ptr_nonnull(b);
	ck_assert_ptr_nonnull(c);
	ck_assert_mem_eq(ike_dh_public(a, NULL), ike_dh_public(b, NULL), 96);
	ck_assert_mem_ne(ike_dh_public(a, NULL), ike_dh_public(c, NULL), 96);
	/* Exactly rand_len octets are wanted. */
	ck_assert_ptr_null(ike_dh_new(IKE_DH_ECP_384, r, n - 1));
	ck_assert_ptr_null(ike_dh_new(IKE_DH_ECP_384, r, n + 1));
	ck_assert_ptr_null(ike_dh_new(IKE_DH_ECP_384, NULL, n));
	ck_assert_ptr_null(ike_dh_new(14, r, n));
	ike_dh_free(a);
	ike_dh_free(b);
	ike_dh_free(c);
}
END_TEST

START_TEST(test_random_octets_map_into_the_scalar_range)
{
	uint8_t		 r[40], g[64];
	struct ike_dh	*dh;

	/* All zero gives scalar 1, whose public value is the generator. */
	memset(r, 0, sizeof(r));
	dh = ike_dh_new(IKE_DH_ECP_256, r, sizeof(r));
	ck_assert_ptr_nonnull(dh);
	unhex(p256_g, g, sizeof(g));
	ck_assert_mem_eq(ike_dh_public(dh, NULL), g, 64);
	ike_dh_free(dh);
	/* All ones is far above n and still gives a valid key. */
	memset(r, 0xff, sizeof(r));
	dh = ike_dh_new(IKE_DH_ECP_256, r, sizeof(r));
	ck_assert_ptr_nonnull(dh);
	ck_assert_int_eq(ike_dh_check_public(IKE_DH_ECP_256,
	    ike_dh_public(dh, NULL), 64), 0);
	ike_dh_free(dh);
}
END_TEST

START_TEST(test_rfc5903_group19_example)
{
	uint8_t		 i[32], gi[64], gr[64], girx[32], z[32];
	struct ike_dh	*dh;

	unhex(rfc_i, i, sizeof(i));
	unhex(rfc_gi, gi, sizeof(gi));
	unhex(rfc_gr, gr, sizeof(gr));
	unhex(rfc_girx, girx, sizeof(girx));
	dh = ike_dh_new_private(IKE_DH_ECP_256, i, sizeof(i));
	ck_assert_ptr_nonnull(dh);
	ck_assert_mem_eq(ike_dh_public(dh, NULL), gi, 64);
	ck_assert_int_eq(ike_dh_derive(dh, gr, 64, z, sizeof(z)), 0);
	ck_assert_mem_eq(z, girx, 32);
	ike_dh_free(dh);
}
END_TEST

START_TEST(test_private_scalar_out_of_range_is_refused)
{
	uint8_t	d[32];

	memset(d, 0, sizeof(d));
	ck_assert_ptr_null(ike_dh_new_private(IKE_DH_ECP_256, d, 32));
	unhex(p256_n, d, sizeof(d));	/* n itself */
	ck_assert_ptr_null(ike_dh_new_private(IKE_DH_ECP_256, d, 32));
	memset(d, 0xff, sizeof(d));	/* above n */
	ck_assert_ptr_null(ike_dh_new_private(IKE_DH_ECP_256, d, 32));
	unhex(p256_n, d, sizeof(d));
	d[31] -= 1;			/* n - 1 is the largest valid */
	struct ike_dh *dh = ike_dh_new_private(IKE_DH_ECP_256, d, 32);
	ck_assert_ptr_nonnull(dh);
	ike_dh_free(dh);
	ck_assert_ptr_null(ike_dh_new_private(IKE_DH_ECP_256, d, 31));
	ck_assert_ptr_null(ike_dh_new_private(IKE_DH_ECP_256, d, 33));
}
END_TEST

/* Derive must fail and leave the secret buffer alone. */
static void
assert_refused(struct ike_dh *dh, uint16_t group, const uint8_t *peer,
    size_t len)
{
	uint8_t	z[IKE_DH_MAX_SECRET];

	memset(z, 0x5a, sizeof(z));
	ck_assert_int_eq(ike_dh_derive(dh, peer, len, z, sizeof(z)), -1);
	ck_assert_uint_eq(z[0], 0x5a);
	ck_assert_uint_eq(z[sizeof(z) - 1], 0x5a);
	ck_assert_int_eq(ike_dh_check_public(group, peer, len), -1);
}

START_TEST(test_invalid_peer_values_are_refused)
{
	uint8_t			 r[IKE_DH_MAX_RAND];
	uint8_t			 peer[IKE_DH_MAX_PUBLIC + 1];
	const struct ike_dh_alg	*alg;
	struct ike_dh		*a, *b;
	size_t			 i, n;

	for (i = 0; i < NELEM(groups); i++) {
		alg = ike_dh_alg_get(groups[i]);
		n = alg->public_len;
		fill(r, alg->rand_len, 3);
		a = ike_dh_new(groups[i], r, alg->rand_len);
		fill(r, alg->rand_len, 4);
		b = ike_dh_new(groups[i], r, alg->rand_len);
		ck_assert_ptr_nonnull(a);
		ck_assert_ptr_nonnull(b);
		memcpy(peer, ike_dh_public(b, NULL), n);
		/* Wrong lengths, including an x-only value and a 0x04 form. */
		assert_refused(a, groups[i], peer, n - 1);
		assert_refused(a, groups[i], peer, n / 2);
		assert_refused(a, groups[i], peer, 0);
		assert_refused(a, groups[i], NULL, n);
		memmove(peer + 1, peer, n);
		peer[0] = 4;
		assert_refused(a, groups[i], peer, n + 1);
		memmove(peer, peer + 1, n);
		/* Off the curve: y changed by one. */
		peer[n - 1] ^= 1;
		assert_refused(a, groups[i], peer, n);
		peer[n - 1] ^= 1;
		/* The point at infinity has no affine form; (0, 0) stands for
		 * it in some encodings and must not be taken. */
		memset(peer, 0, n);
		assert_refused(a, groups[i], peer, n);
		/* All ones: both coordinates >= p. */
		memset(peer, 0xff, n);
		assert_refused(a, groups[i], peer, n);
		/* The valid value still works after all that. */
		memcpy(peer, ike_dh_public(b, NULL), n);
		ck_assert_int_eq(ike_dh_check_public(groups[i], peer, n), 0);
		ike_dh_free(a);
		ike_dh_free(b);
	}
}
END_TEST

START_TEST(test_coordinate_equal_to_p_is_refused)
{
	uint8_t		 peer[64], r[40];
	struct ike_dh	*a;

	/* (0, y0) is on P-256; (p, y0) is the same point if x is reduced
	 * mod p, which a lax decoder would do.  Only the first is valid. */
	memset(peer, 0, 32);
	unhex(p256_y0, peer + 32, 32);
	ck_assert_int_eq(ike_dh_check_public(IKE_DH_ECP_256, peer, 64), 0);
	unhex(p256_p, peer, 32);
	memset(r, 7, sizeof(r));
	a = ike_dh_new(IKE_DH_ECP_256, r, sizeof(r));
	ck_assert_ptr_nonnull(a);
	assert_refused(a, IKE_DH_ECP_256, peer, 64);
	ike_dh_free(a);
}
END_TEST

/* out = a + b, big-endian, n octets each; the carry out must be 0. */
static void
add_be(uint8_t *out, const uint8_t *a, const uint8_t *b, size_t n)
{
	unsigned	c = 0;

	while (n-- > 0) {
		c += (unsigned)a[n] + b[n];
		out[n] = (uint8_t)c;
		c >>= 8;
	}
	ck_assert_uint_eq(c, 0);
}

START_TEST(test_coordinates_offset_by_p_are_refused)
{
	uint8_t		 r[IKE_DH_MAX_RAND], peer[132], bad[132], p[66];
	struct ike_dh	*a, *b;

	/* P-521's p is 2^521 - 1 and its coordinates have 528 bits of room,
	 * so x + p and y + p fit: a lax decoder reducing mod p would take
	 * them for the valid point.  Each alone and both must be refused. */
	memset(p, 0xff, sizeof(p));
	p[0] = 0x01;
	fill(r, 74, 5);
	a = ike_dh_new(IKE_DH_ECP_521, r, 74);
	fill(r, 74, 6);
	b = ike_dh_new(IKE_DH_ECP_521, r, 74);
	ck_assert_ptr_nonnull(a);
	ck_assert_ptr_nonnull(b);
	memcpy(peer, ike_dh_public(b, NULL), 132);
	memcpy(bad, peer, 132);
	add_be(bad, peer, p, 66);
	assert_refused(a, IKE_DH_ECP_521, bad, 132);
	memcpy(bad, peer, 132);
	add_be(bad + 66, peer + 66, p, 66);
	assert_refused(a, IKE_DH_ECP_521, bad, 132);
	add_be(bad, peer, p, 66);
	assert_refused(a, IKE_DH_ECP_521, bad, 132);
	ck_assert_int_eq(ike_dh_check_public(IKE_DH_ECP_521, peer, 132), 0);
	ike_dh_free(a);
	ike_dh_free(b);
}
END_TEST

START_TEST(test_negated_point_is_valid_and_agrees_on_x)
{
	uint8_t		 r[40], q[64], negq[64], p[32], z1[32], z2[32];
	struct ike_dh	*a, *b;
	size_t		 i;
	unsigned	 borrow = 0;

	/* -Q = (x, p - y) is in the group, and d * (-Q) = -(d * Q) has the
	 * same x: both must be accepted and give the same secret. */
	unhex(p256_p, p, sizeof(p));
	memset(r, 1, sizeof(r));
	a = ike_dh_new(IKE_DH_ECP_256, r, sizeof(r));
	memset(r, 2, sizeof(r));
	b = ike_dh_new(IKE_DH_ECP_256, r, sizeof(r));
	ck_assert_ptr_nonnull(a);
	ck_assert_ptr_nonnull(b);
	memcpy(q, ike_dh_public(b, NULL), 64);
	memcpy(negq, q, 32);
	for (i = 32; i-- > 0;) {
		int v = (int)p[i] - q[32 + i] - (int)borrow;

		borrow = v < 0;
		negq[32 + i] = (uint8_t)(v + (borrow ? 256 : 0));
	}
	ck_assert_uint_eq(borrow, 0);
	ck_assert_mem_ne(q + 32, negq + 32, 32);
	ck_assert_int_eq(ike_dh_check_public(IKE_DH_ECP_256, negq, 64), 0);
	ck_assert_int_eq(ike_dh_derive(a, q, 64, z1, sizeof(z1)), 0);
	ck_assert_int_eq(ike_dh_derive(a, negq, 64, z2, sizeof(z2)), 0);
	ck_assert_mem_eq(z1, z2, 32);
	ike_dh_free(a);
	ike_dh_free(b);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("dh");
	TCase	*tc = tcase_create("core");
	SRunner	*sr;
	int	 failed;

	tcase_add_test(tc, test_descriptors);
	tcase_add_test(tc, test_two_parties_agree_in_every_group);
	tcase_add_test(tc, test_keys_are_a_function_of_the_random_octets);
	tcase_add_test(tc, test_random_octets_map_into_the_scalar_range);
	tcase_add_test(tc, test_rfc5903_group19_example);
	tcase_add_test(tc, test_private_scalar_out_of_range_is_refused);
	tcase_add_test(tc, test_invalid_peer_values_are_refused);
	tcase_add_test(tc, test_coordinate_equal_to_p_is_refused);
	tcase_add_test(tc, test_coordinates_offset_by_p_are_refused);
	tcase_add_test(tc, test_negated_point_is_valid_and_agrees_on_x);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
