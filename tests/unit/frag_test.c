/*
 * IKE fragmentation (RFC 7383, ikev2/frag.h) end to end in one process:
 * two IKE engines (tests/unit/engine_harness.h) authenticating with
 * certificates from the daemon's OpenSSL store over the PKI that
 * tests/lib/mkpki.sh makes.  Side 0 sends router 1's certificate with its
 * intermediate CA, so its IKE_AUTH request is about 2.5 KB and side 1's
 * response about 1.5 KB: more than a 1280-octet path carries.
 *
 * The "path" is a harness filter that drops every datagram whose IPv4
 * packet (20 + 8 + UDP payload) exceeds 1280 octets, as a path that drops
 * IP fragments does.  Then: fragmented, the SA comes up; without
 * fragmentation it cannot.  Each kind of bad fragment is dropped and
 * counted; fragments reordered and duplicated, lost and retransmitted,
 * over the memory caps and over time.
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ikev2/ikev2_const.h"
#include "mgmtsecd/pki.h"
#include "tests/unit/engine_harness.h"
#include "tests/unit/pki_fixture.h"

#define PATH_MTU	1280
#define IPUDP		28
#define MAX_FRAGS	64

static struct harness	 h;
static char		 why[512];
static char		 pkidir[256];
static struct dmn_pki	*store[2];

/* What the path saw. */
static struct {
	size_t	max_delivered;	/* largest datagram let through */
	size_t	max_dropped;	/* largest one dropped for its size */
	size_t	too_big;	/* dropped for their size */
	int	drop_req_frag;	/* drop this fragment number of side 0's */
	int	drop_req_times;	/* ... this many times (-1: always) */
	int	drop_resp_frag;	/* ... of side 1's responses */
	int	drop_resp_times;
	int	duplicate;	/* deliver every fragment twice */
} path;

static void
load(int i, const char *cert, const char *key)
{
	char	ca[512], c[512], k[512], err[320];

	snprintf(ca, sizeof(ca), "%s/ca.pem", pkidir);
	snprintf(c, sizeof(c), "%s/%s", pkidir, cert);
	snprintf(k, sizeof(k), "%s/%s", pkidir, key);
	ck_assert_msg(dmn_pki_load(store[i], "TP", ca, c, k, err,
	    sizeof(err)) == 0, "%s", err);
}

/* A fragment's fields (0: not a fragment), after the non-ESP marker on
 * port 4500. */
static int
frag_of(const uint8_t *d, size_t len, int *resp, unsigned *num,
    unsigned *tot)
{
	if (len >= 4 && d[0] == 0 && d[1] == 0 && d[2] == 0 && d[3] == 0) {
		d += 4;
		len -= 4;
	}
	if (len < IKE_HDR_LEN + 8 || d[16] != IKE_PL_SKF)
		return 0;
	*resp = (d[19] & IKE_FLAG_R) != 0;
	*num = (unsigned)d[32] << 8 | d[33];
	*tot = (unsigned)d[34] << 8 | d[35];
	return 1;
}

static enum h_verdict
path_filter(struct harness *hh, struct h_pkt *p, void *arg)
{
	unsigned	num, tot;
	int		resp;

	(void)hh;
	(void)arg;
	if (p->len + IPUDP > PATH_MTU) {
		path.too_big++;
		if (p->len > path.max_dropped)
			path.max_dropped = p->len;
		return H_DROP;
	}
	if (p->len > path.max_delivered)
		path.max_delivered = p->len;
	if (!frag_of(p->data, p->len, &resp, &num, &tot))
		return H_DELIVER;
	if (!resp && p->to == 1 && (int)num == path.drop_req_frag &&
	    path.drop_req_times != 0) {
		if (path.drop_req_times > 0)
			path.drop_req_times--;
		return H_DROP;
	}
	if (resp && p->to == 0 && (int)num == path.drop_resp_frag &&
	    path.drop_resp_times != 0) {
		if (path.drop_resp_times > 0)
			path.drop_resp_times--;
		return H_DROP;
	}
	return path.duplicate ? H_DUPLICATE : H_DELIVER;
}

static void
setup(void)
{
	int	i;

	h_init(&h, 11);
	memset(&path, 0, sizeof(path));
	for (i = 0; i < 2; i++) {
		store[i] = dmn_pki_new();
		ck_assert_ptr_nonnull(store[i]);
		h.s[i].pki = dmn_pki_iface(store[i]);
		h.s[i].peer.auth_local = IKE_CFG_AUTH_RSA;
		h.s[i].peer.auth_remote = IKE_CFG_AUTH_RSA;
		snprintf(h.s[i].peer.trustpoint,
		    sizeof(h.s[i].peer.trustpoint), "TP");
		h.s[i].limits.log_level = IKE_LOG_DEBUG;
	}
	load(0, "r1chain.pem", "r1chain.key");
	load(1, "r2.pem", "r2.key");
	h.filter = path_filter;
}

static void
teardown(void)
{
	int	i;

	h_free(&h);
	for (i = 0; i < 2; i++)
		dmn_pki_free(store[i]);
}

static struct ike_stats
stats(int side)
{
	struct ike_stats	st;

	ike_engine_stats(h.s[side].eng, &st);
	return st;
}

static size_t
ups(void)
{
	size_t	up0 = 0, up1 = 0;

	h_ike_count(&h, 0, &up0);
	h_ike_count(&h, 1, &up1);
	return up0 + up1;
}

/* Over the 1280 path, either side initiating, and behind a NAT (IKE_AUTH
 * on port 4500 behind the 4-octet marker, which the fragments leave room
 * for): fragmented both ways, no datagram over the path's size, the SA
 * up. */
START_TEST(test_chain_crosses_1280_path_fragmented)
{
	struct ike_stats	s0, s1, si, sr;
	int			who = _i % 2;

	h.nat = _i >= 2;
	h_start(&h);
	h_admin(&h, who, IKE_EV_INITIATE);
	h_run(&h, 5000);
	ck_assert_msg(h_check_one_sa(&h, why, sizeof(why)) == 0, "%s", why);
	s0 = stats(0);
	s1 = stats(1);
	si = who == 0 ? s0 : s1;
	sr = who == 0 ? s1 : s0;
	ck_assert_uint_eq(path.too_big, 0);
	ck_assert_uint_le(path.max_delivered + IPUDP, PATH_MTU);
	/* Side 0's message (its chain) is the large one either way. */
	ck_assert_uint_eq(s0.frag_msgs_sent, 1);
	ck_assert_uint_ge(s0.frag_sent, 2);
	ck_assert_uint_eq(s1.frag_reassembled, 1);
	ck_assert_uint_eq(s1.frag_kept, s0.frag_sent);
	ck_assert_uint_eq(s0.frag_reassembled, s1.frag_msgs_sent);
	ck_assert_uint_eq(si.retransmits, 0);
	ck_assert_uint_eq(sr.exch_resp[1], 1);
	if (h.nat) {
		struct ike_sa_info	*v;
		size_t			 n;

		ck_assert_int_eq(ike_engine_snapshot(h.s[0].eng, &v, &n), 0);
		ck_assert_uint_eq(n, 1);
		ck_assert_int_eq(v[0].natt, 1);		/* marker and all */
		free(v);
	}
	for (size_t k = 0; k < IKE_FRAGD_MAX; k++) {
		ck_assert_uint_eq(s0.frag_drop[k], 0);
		ck_assert_uint_eq(s1.frag_drop[k], 0);
	}
}
END_TEST

/* A smaller fragment size: more fragments, each within it; below the
 * RFC 7383 minimum (576) the minimum. */
START_TEST(test_fragment_size_is_configurable)
{
	struct ike_stats	s0;

	h.s[0].limits.frag_size = _i == 0 ? 600 : 100;
	h.filter = NULL;
	h_start(&h);
	h_admin(&h, 0, IKE_EV_INITIATE);
	h_step(&h, 2);
	for (size_t i = 0; i < h.nq; i++)
		ck_assert_uint_le(h.q[i].len + IPUDP, _i == 0 ? 600 : 576);
	ck_assert_uint_ge(h.nq, 5);
	h_run(&h, 5000);
	ck_assert_msg(h_check_one_sa(&h, why, sizeof(why)) == 0, "%s", why);
	s0 = stats(0);
	ck_assert_uint_ge(s0.frag_sent, 5);
}
END_TEST

/* Fragmentation off on either side: not negotiated, IKE_AUTH goes whole,
 * larger than the path, and nothing comes up. */
START_TEST(test_without_fragmentation_path_drops_ike_auth)
{
	h.s[_i].limits.frag_off = 1;
	h_start(&h);
	h_admin(&h, 0, IKE_EV_INITIATE);
	h_run(&h, 120000);
	ck_assert_uint_eq(ups(), 0);
	ck_assert_uint_gt(path.too_big, 0);
	ck_assert_uint_gt(path.max_dropped + IPUDP, PATH_MTU);
	ck_assert_uint_eq(stats(0).frag_sent, 0);
	ck_assert_uint_eq(stats(1).frag_sent, 0);
	ck_assert(h_has_fail(&h, 0, IKE_FAIL_TIMEOUT, "IKE_AUTH"));
}
END_TEST

/* Without the path's limit and without fragmentation it works (the
 * failure above is the path's). */
START_TEST(test_without_fragmentation_no_path_limit_up)
{
	h.s[0].limits.frag_off = 1;
	h.filter = NULL;
	h_start(&h);
	h_admin(&h, 0, IKE_EV_INITIATE);
	h_run(&h, 5000);
	ck_assert_msg(h_check_one_sa(&h, why, sizeof(why)) == 0, "%s", why);
	ck_assert_uint_eq(stats(0).frag_sent, 0);
}
END_TEST

/* Copies of side 0's IKE_AUTH fragments, taken off the queue. */
struct frags {
	uint8_t		*d[MAX_FRAGS];
	size_t		 len[MAX_FRAGS];
	size_t		 n;
	struct ike_addr	 src;
	struct ike_addr	 dst;
};

static void
frags_free(struct frags *f)
{
	for (size_t i = 0; i < f->n; i++)
		free(f->d[i]);
	f->n = 0;
}

/* Runs IKE_SA_INIT and takes side 0's IKE_AUTH fragments off the queue. */
static void
take_auth_fragments(struct frags *f)
{
	unsigned	num, tot;
	int		resp;

	memset(f, 0, sizeof(*f));
	h_start(&h);
	h_admin(&h, 0, IKE_EV_INITIATE);
	h_step(&h, 2);		/* IKE_SA_INIT request, response */
	ck_assert_uint_ge(h.nq, 2);
	for (size_t i = 0; i < h.nq && f->n < MAX_FRAGS; i++) {
		ck_assert(frag_of(h.q[i].data, h.q[i].len, &resp, &num, &tot));
		ck_assert_int_eq(resp, 0);
		ck_assert_uint_eq(num, f->n + 1);
		ck_assert_uint_eq(tot, h.nq);
		f->d[f->n] = malloc(h.q[i].len);
		memcpy(f->d[f->n], h.q[i].data, h.q[i].len);
		f->len[f->n++] = h.q[i].len;
		f->src = h.q[i].src;
		f->dst = h.q[i].dst;
	}
	h_drop_queue(&h);
}

static void
inject(struct frags *f, const uint8_t *d, size_t len)
{
	h_inject(&h, 1, &f->src, &f->dst, d, len);
}

/* Injects fragment i altered by fn. */
static void
inject_bad(struct frags *f, size_t i, void (*fn)(uint8_t *, size_t *))
{
	uint8_t	b[2048];
	size_t	len = f->len[i];

	ck_assert_uint_le(len, sizeof(b));
	memcpy(b, f->d[i], len);
	fn(b, &len);
	inject(f, b, len);
}

static void
set_num(uint8_t *b, unsigned v)
{
	b[32] = (uint8_t)(v >> 8);
	b[33] = (uint8_t)v;
}

static void
set_tot(uint8_t *b, unsigned v)
{
	b[34] = (uint8_t)(v >> 8);
	b[35] = (uint8_t)v;
}

static size_t	cur_total;

static void
bad_truncated(uint8_t *b, size_t *len)
{
	/* An SKF payload of 4 octets: no fragment fields. */
	b[28] = 0;
	b[29] = 0;
	b[30] = 0;
	b[31] = 4;
	*len = 32;
	b[24] = b[25] = b[26] = 0;
	b[27] = 32;
}

static void
bad_number_above(uint8_t *b, size_t *len)
{
	(void)len;
	set_num(b, (unsigned)cur_total + 1);
}

static void
bad_number_zero(uint8_t *b, size_t *len)
{
	(void)len;
	set_num(b, 0);
}

static void
bad_total_huge(uint8_t *b, size_t *len)
{
	(void)len;
	set_tot(b, 65535);
}

static void
bad_icv(uint8_t *b, size_t *len)
{
	b[*len - 1] ^= 0x01;
}

static void
bad_ciphertext(uint8_t *b, size_t *len)
{
	b[*len / 2] ^= 0x80;
}

static void
bad_flags(uint8_t *b, size_t *len)
{
	(void)len;
	b[19] |= 0x10;		/* the Version flag: routed the same */
}

static void
bad_total_fewer(uint8_t *b, size_t *len)
{
	(void)len;
	set_tot(b, (unsigned)cur_total - 1);
}

/* Each kind of bad fragment is dropped, counted, and costs nothing: the
 * real fragments then make the SA. */
START_TEST(test_bad_fragments_dropped_and_counted)
{
	struct frags		f;
	struct ike_stats	s1;

	h.s[0].limits.frag_size = 600;	/* enough fragments for all */
	take_auth_fragments(&f);
	ck_assert_uint_ge(f.n, 4);
	cur_total = f.n;

	inject_bad(&f, 1, bad_truncated);
	inject_bad(&f, 1, bad_number_above);
	inject_bad(&f, 1, bad_number_zero);
	inject_bad(&f, 1, bad_total_huge);
	inject_bad(&f, 1, bad_icv);
	inject_bad(&f, 2, bad_ciphertext);
	s1 = stats(1);
	ck_assert_uint_eq(s1.frag_drop[IKE_FRAGD_MALFORMED], 1);
	ck_assert_uint_eq(s1.frag_drop[IKE_FRAGD_RANGE], 3);
	ck_assert_uint_eq(s1.frag_drop[IKE_FRAGD_ICV], 2);
	ck_assert_uint_eq(s1.frag_kept, 0);

	inject(&f, f.d[0], f.len[0]);		/* the real fragment 1 */
	inject(&f, f.d[0], f.len[0]);		/* again */
	inject_bad(&f, 1, bad_total_fewer);
	inject_bad(&f, 1, bad_flags);
	s1 = stats(1);
	ck_assert_uint_eq(s1.frag_kept, 1);
	ck_assert_uint_eq(s1.frag_drop[IKE_FRAGD_MALFORMED], 2);
	ck_assert_uint_eq(s1.frag_drop[IKE_FRAGD_DUPLICATE], 1);
	ck_assert_uint_eq(s1.frag_drop[IKE_FRAGD_TOTAL], 1);
	ck_assert_uint_eq(s1.frag_reassembled, 0);
	ck_assert_uint_eq(h.nq, 0);		/* nothing answered */

	for (size_t i = 1; i < f.n; i++)
		inject(&f, f.d[i], f.len[i]);
	s1 = stats(1);
	ck_assert_uint_eq(s1.frag_kept, f.n);
	ck_assert_uint_eq(s1.frag_reassembled, 1);
	ck_assert_uint_eq(s1.frag_drop[IKE_FRAGD_TIMEOUT], 0);
	h_run(&h, 5000);
	ck_assert_msg(h_check_one_sa(&h, why, sizeof(why)) == 0, "%s", why);
	frags_free(&f);
}
END_TEST

/* Fragments from a peer that has not negotiated fragmentation (here:
 * the engine was reconfigured to refuse it) are not even opened. */
START_TEST(test_unsolicited_fragments_dropped)
{
	struct frags		f;
	struct ike_cfg		cfg;
	struct ike_stats	s1;

	take_auth_fragments(&f);
	memset(&cfg, 0, sizeof(cfg));
	cfg.peers = &h.s[1].peer;
	cfg.n_peers = 1;
	cfg.limits = h.s[1].limits;
	cfg.limits.frag_off = 1;
	ck_assert_int_eq(ike_engine_set_config(h.s[1].eng, &cfg), 0);
	for (size_t i = 0; i < f.n; i++)
		inject(&f, f.d[i], f.len[i]);
	s1 = stats(1);
	ck_assert_uint_eq(s1.frag_drop[IKE_FRAGD_UNSOLICITED], f.n);
	ck_assert_uint_eq(s1.frag_kept, 0);
	ck_assert_uint_eq(h.nq, 0);
	frags_free(&f);
}
END_TEST

/* Delivered last to first, and each twice, both ways: the SA comes up,
 * the copies counted as duplicates. */
START_TEST(test_reordered_and_duplicated)
{
	struct ike_stats	s0, s1;
	size_t			n;

	h.s[0].limits.frag_size = 600;
	h.s[1].limits.frag_size = 600;
	path.duplicate = 1;
	h_start(&h);
	h_admin(&h, 0, IKE_EV_INITIATE);
	h_step(&h, 2);
	n = h.nq;
	ck_assert_uint_ge(n, 4);
	while (h.nq > 0)
		h_deliver_at(&h, h.nq - 1);	/* newest first */
	h_run(&h, 5000);
	ck_assert_msg(h_check_one_sa(&h, why, sizeof(why)) == 0, "%s", why);
	s0 = stats(0);
	s1 = stats(1);
	ck_assert_uint_eq(s1.frag_kept, n);
	/* The copy of fragment 1 comes after the whole: a retransmission,
	 * answered again; the other copies are duplicates. */
	ck_assert_uint_eq(s1.frag_drop[IKE_FRAGD_DUPLICATE], n - 1);
	ck_assert_uint_eq(s1.resp_resent, 1);
	ck_assert_uint_ge(s0.frag_drop[IKE_FRAGD_DUPLICATE], 1);
	ck_assert_uint_eq(s0.frag_reassembled, 1);
	ck_assert_uint_eq(s1.exch_resp[1], 1);
	ck_assert_uint_eq(s0.retransmits, 0);
}
END_TEST

/* Fragment 2 of the request lost once, then fragment 1 of the response
 * lost once: the initiator's retransmissions (every fragment) fill the
 * gap; the responder answers the second by its fragment 1 with its whole
 * response, without processing the request again. */
START_TEST(test_lost_fragments_and_retransmission)
{
	struct ike_stats	s0, s1;

	path.drop_req_frag = 2;
	path.drop_req_times = 1;
	path.drop_resp_frag = 1;
	path.drop_resp_times = 1;
	h_start(&h);
	h_admin(&h, 0, IKE_EV_INITIATE);
	h_run(&h, 10000);
	ck_assert_msg(h_check_one_sa(&h, why, sizeof(why)) == 0, "%s", why);
	s0 = stats(0);
	s1 = stats(1);
	ck_assert_uint_eq(s0.retransmits, 2);
	ck_assert_uint_eq(s0.frag_msgs_sent, 1);
	ck_assert_uint_eq(s1.exch_resp[1], 1);		/* processed once */
	ck_assert_uint_eq(s1.resp_resent, 1);		/* on fragment 1 */
	ck_assert_uint_eq(s1.frag_reassembled, 1);
	ck_assert_uint_eq(s0.frag_reassembled, 1);
	ck_assert_uint_eq(s1.retrans_mismatch, 0);
}
END_TEST

/* A reassembly that does not complete is given up after frag_timeout,
 * its fragments counted; the next retransmission brings the SA up. */
START_TEST(test_incomplete_reassembly_times_out)
{
	struct ike_stats	s1;
	uint64_t		t0;

	h.s[1].limits.frag_timeout = 1;
	h.s[0].limits.retransmit_base_ms = 5000;
	h.s[0].limits.frag_size = 600;
	path.drop_req_frag = 3;
	path.drop_req_times = 1;
	h_start(&h);
	h_admin(&h, 0, IKE_EV_INITIATE);
	t0 = h.now;
	h_run(&h, 2000);
	s1 = stats(1);
	ck_assert_uint_gt(s1.frag_kept, 0);
	ck_assert_uint_eq(s1.frag_drop[IKE_FRAGD_TIMEOUT], s1.frag_kept);
	ck_assert_uint_eq(s1.frag_reassembled, 0);
	ck_assert_uint_eq(ups(), 0);
	h_advance(&h, t0 + 6000);
	h_run(&h, 5000);
	ck_assert_msg(h_check_one_sa(&h, why, sizeof(why)) == 0, "%s", why);
	ck_assert_uint_eq(stats(1).frag_reassembled, 1);
}
END_TEST

/* A message larger than the responder reassembles, or more than the
 * engine holds for all SAs, or more fragments than it takes: dropped
 * as over the cap; the SA never comes up. */
START_TEST(test_memory_caps)
{
	struct ike_stats	s1;

	switch (_i) {
	case 0:
		h.s[1].limits.frag_msg_bytes = 1500;
		break;
	case 1:
		h.s[1].limits.frag_mem = 1500;
		break;
	default:
		h.s[0].limits.frag_size = 600;
		h.s[1].limits.frag_max = 2;
		break;
	}
	h_start(&h);
	h_admin(&h, 0, IKE_EV_INITIATE);
	h_run(&h, 120000);
	s1 = stats(1);
	ck_assert_uint_eq(ups(), 0);
	ck_assert_uint_eq(s1.frag_reassembled, 0);
	if (_i < 2)
		ck_assert_uint_gt(s1.frag_drop[IKE_FRAGD_MEMORY], 0);
	else
		ck_assert_uint_eq(s1.frag_drop[IKE_FRAGD_RANGE],
		    stats(0).frag_sent);
	ck_assert(h_has_fail(&h, 0, IKE_FAIL_TIMEOUT, "IKE_AUTH"));
}
END_TEST

#define T(fn) do {							\
	TCase *tc_ = tcase_create(#fn);					\
	tcase_add_checked_fixture(tc_, setup, teardown);		\
	tcase_set_timeout(tc_, 60);					\
	tcase_add_test(tc_, fn);					\
	suite_add_tcase(s, tc_);					\
} while (0)
#define TL(fn, lo, hi) do {						\
	TCase *tc_ = tcase_create(#fn);					\
	tcase_add_checked_fixture(tc_, setup, teardown);		\
	tcase_set_timeout(tc_, 60);					\
	tcase_add_loop_test(tc_, fn, lo, hi);				\
	suite_add_tcase(s, tc_);					\
} while (0)

static Suite *
frag_suite(void)
{
	Suite	*s = suite_create("frag");

	TL(test_chain_crosses_1280_path_fragmented, 0, 4);
	TL(test_fragment_size_is_configurable, 0, 2);
	TL(test_without_fragmentation_path_drops_ike_auth, 0, 2);
	T(test_without_fragmentation_no_path_limit_up);
	T(test_bad_fragments_dropped_and_counted);
	T(test_unsolicited_fragments_dropped);
	T(test_reordered_and_duplicated);
	T(test_lost_fragments_and_retransmission);
	T(test_incomplete_reassembly_times_out);
	TL(test_memory_caps, 0, 3);
	return s;
}

int
main(void)
{
	return pki_fixture_run(frag_suite(), "frag", pkidir, sizeof(pkidir));
}
