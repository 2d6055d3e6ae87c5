/*
 * Config -> negotiation mapping (mgmtsecd/cfgmap.c): the corrected
 * seed example maps to the engine peer SPEC section 6 describes, and
 * broken references become per-tunnel reasons, not failures.
 */
#include "config.h"

#include <arpa/inet.h>
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ikev2/crypto.h"
#include "mgmtsecd/cfgmap.h"

/* "a|b=value" lines as in tests/netns/dmnctl. */
static struct cfg_items *
items_of(const char *const *lines)
{
	struct cfg_items	*it = cfg_items_new();
	char			 buf[512], *eq, *p;

	ck_assert_ptr_nonnull(it);
	for (; *lines != NULL; lines++) {
		snprintf(buf, sizeof(buf), "%s", *lines);
		for (p = buf; *p != '\0' && *p != '='; p++)
			if (*p == '|')
				*p = CFG_KEY_SEP;
		eq = strchr(buf, '=');
		ck_assert_ptr_nonnull(eq);
		*eq++ = '\0';
		ck_assert_int_eq(cfg_items_set(it, buf, eq), 0);
	}
	return it;
}

static const char *const router1[] = {
	"ikev2 proposal P1=",
	"ikev2 proposal P1|prf=sha-256",
	"ikev2 proposal P1|dh-group=20",
	"ikev2 proposal P1|integrity=sha-256",
	"ikev2 proposal P1|encryption=aes-cbc-256",
	"ikev2 proposal P2=",
	"ikev2 proposal P2|prf=sha-384 sha-1",
	"ikev2 proposal P2|dh-group=19 21",
	"ikev2 proposal P2|encryption=aes-gcm-256 aes-gcm-128",
	"ikev2 policy POL=",
	"ikev2 policy POL|match address local=198.51.100.5",
	"ikev2 policy POL|proposal=P1 P2",
	"ikev2 policy ANY=",
	"ikev2 policy ANY|proposal=P2",
	"keyring K=",
	"keyring K|peer WIDE=",
	"keyring K|peer WIDE|pre-shared-key=widekey",
	"keyring K|peer WIDE|address=198.51.100.0 255.255.255.0",
	"keyring K|peer ACADIA-2=",
	"keyring K|peer ACADIA-2|pre-shared-key=cisco123",
	"keyring K|peer ACADIA-2|pre-shared-key remote=clear theirs",
	"keyring K|peer ACADIA-2|address=198.51.100.21 255.255.255.255",
	"ikev2 profile PR=",
	"ikev2 profile PR|authentication local=pre-shared",
	"ikev2 profile PR|keyring=K",
	"ikev2 profile PR|lifetime=600",
	"ikev2 profile PR|dpd=10 3",
	"ikev2 profile PR|match identity remote address 198.51.100.21="
	    "255.255.255.0",
	"ipsec transform-set TS=",
	"ipsec transform-set TS|mode=tunnel",
	"ipsec transform-set TS|transform=esp-256-aes esp-hmac-sha-256",
	"ipsec profile IP=",
	"ipsec profile IP|set ikev2-profile=PR",
	"ipsec profile IP|set pfs=group19",
	"ipsec profile IP|set security-association lifetime seconds=600",
	"ipsec profile IP|set transform-set=TS",
	"interface tunnel-ip1=",
	"interface tunnel-ip1|ipv4 address=192.0.2.1 255.255.255.0",
	"interface tunnel-ip1|tunnel mode=ipsec ipv4",
	"interface tunnel-ip1|tunnel source=MgmtEth0/RP0/CPU0/0",
	"interface tunnel-ip1|tunnel destination=198.51.100.21",
	"interface tunnel-ip1|tunnel protection ipsec profile=IP",
	"interface tunnel-ip1|mtu=1400",
	"interface tunnel-ip0=",
	"interface tunnel-ip0|description=not protected: not negotiated",
	"platform interface-map MgmtEth0/RP0/CPU0/0=eth7",
	NULL
};

static struct in_addr
a4(const char *s)
{
	struct in_addr	a;

	ck_assert_int_eq(inet_pton(AF_INET, s, &a), 1);
	return a;
}

START_TEST(test_seed_example_maps_to_engine_peer)
{
	struct cfg_items	*it = items_of(router1);
	struct dmn_cfg		 c;
	const struct dmn_tcfg	*t;
	struct ike_cfg_peer	 p;
	char			 why[256];

	ck_assert_int_eq(dmn_cfg_map(it, &c), 0);
	/* tunnel-ip0 has no tunnel protection: not negotiated. */
	ck_assert_uint_eq(c.n_tunnels, 1);
	t = dmn_cfg_tunnel(&c, "tunnel-ip1");
	ck_assert_ptr_nonnull(t);
	ck_assert_str_eq(t->error, "");
	ck_assert_str_eq(t->source, "MgmtEth0/RP0/CPU0/0");
	ck_assert_uint_eq(t->dest.s_addr, a4("198.51.100.21").s_addr);
	ck_assert_uint_eq(t->inner.s_addr, a4("192.0.2.1").s_addr);
	ck_assert_uint_eq(t->inner_plen, 24);
	ck_assert_uint_eq(t->mtu, 1400);
	ck_assert_uint_eq(t->peer.ike_lifetime, 600);
	ck_assert_uint_eq(t->peer.child_lifetime, 600);
	ck_assert_uint_eq(t->peer.dpd_interval, 10);
	ck_assert_uint_eq(t->peer.dpd_retry, 3);
	ck_assert_int_eq(t->peer.auth_local, IKE_CFG_AUTH_PSK);
	ck_assert_int_eq(t->peer.auth_remote, IKE_CFG_AUTH_PSK);
	/* The most specific keyring peer wins; local/remote split. */
	ck_assert_str_eq(t->peer.psk_local, "cisco123");
	ck_assert_str_eq(t->peer.psk_remote, "theirs");
	ck_assert_int_eq(t->peer.remote_id.any, 0);
	ck_assert_uint_eq(t->peer.remote_id.addr.s_addr,
	    a4("198.51.100.21").s_addr);
	ck_assert_uint_eq(t->peer.remote_id.mask.s_addr,
	    a4("255.255.255.0").s_addr);
	/* ESP from the transform set, PFS from the ipsec profile. */
	ck_assert_uint_eq(t->peer.n_esp, 1);
	ck_assert_uint_eq(t->peer.esp[0].n_encr, 1);
	ck_assert_uint_eq(t->peer.esp[0].encr[0].id, IKE_ENCR_AES_CBC);
	ck_assert_uint_eq(t->peer.esp[0].encr[0].keylen, 256);
	ck_assert_uint_eq(t->peer.esp[0].integ[0],
	    IKE_INTEG_HMAC_SHA2_256_128);
	ck_assert_uint_eq(t->peer.esp[0].n_dh, 1);
	ck_assert_uint_eq(t->peer.esp[0].dh[0], 19);
	ck_assert_uint_eq(c.n_ifmap, 1);
	ck_assert_str_eq(c.ifmap[0].linux_name, "eth7");
	/* Policy by local address: POL's proposals, in order. */
	ck_assert_int_eq(dmn_cfg_peer(&c, t, a4("198.51.100.5"), 9, &p, why,
	    sizeof(why)), 0);
	ck_assert_uint_eq(p.id, 9);
	ck_assert_uint_eq(p.local.s_addr, a4("198.51.100.5").s_addr);
	ck_assert_uint_eq(p.n_ike, 2);
	ck_assert_str_eq(p.ike[0].name, "P1");
	ck_assert_uint_eq(p.ike[0].prf[0], IKE_PRF_HMAC_SHA2_256);
	ck_assert_uint_eq(p.ike[0].dh[0], 20);
	ck_assert_uint_eq(p.ike[1].n_encr, 2);
	ck_assert_uint_eq(p.ike[1].encr[0].id, IKE_ENCR_AES_GCM_16);
	ck_assert_uint_eq(p.ike[1].n_integ, 0);
	ck_assert_uint_eq(p.ike[1].n_prf, 2);
	ck_assert_uint_eq(p.ike[1].prf[1], IKE_PRF_HMAC_SHA1);
	ck_assert_uint_eq(p.ike[1].n_dh, 2);
	/* Another address falls to the policy that names none. */
	ck_assert_int_eq(dmn_cfg_peer(&c, t, a4("203.0.113.9"), 9, &p, why,
	    sizeof(why)), 0);
	ck_assert_uint_eq(p.n_ike, 1);
	ck_assert_str_eq(p.ike[0].name, "P2");
	dmn_cfg_clear(&c);
	cfg_items_free(it);
}
END_TEST

START_TEST(test_no_policy_for_the_address_is_explained)
{
	static const char *const lines[] = {
		"ikev2 proposal P1=",
		"ikev2 proposal P1|prf=sha-256",
		"ikev2 proposal P1|dh-group=19",
		"ikev2 proposal P1|integrity=sha-256",
		"ikev2 proposal P1|encryption=aes-cbc-128",
		"ikev2 policy POL=",
		"ikev2 policy POL|match address local=198.51.100.5",
		"ikev2 policy POL|proposal=P1",
		NULL
	};
	struct cfg_items	*it = items_of(lines);
	struct dmn_cfg		 c;
	struct dmn_tcfg		 t;
	struct ike_cfg_peer	 p;
	char			 why[256];

	ck_assert_int_eq(dmn_cfg_map(it, &c), 0);
	memset(&t, 0, sizeof(t));
	ck_assert_int_eq(dmn_cfg_peer(&c, &t, a4("198.51.100.6"), 1, &p, why,
	    sizeof(why)), -1);
	ck_assert_str_eq(why, "no ikev2 policy matches local address "
	    "198.51.100.6");
	dmn_cfg_clear(&c);
	cfg_items_free(it);
}
END_TEST

/* Replaces one line of router1 (by prefix) or drops it (value NULL). */
static struct cfg_items *
router1_with(const char *prefix, const char *line)
{
	const char	*v[64];
	size_t		 i, n = 0;

	for (i = 0; router1[i] != NULL; i++) {
		if (strncmp(router1[i], prefix, strlen(prefix)) == 0) {
			if (line != NULL)
				v[n++] = line;
			continue;
		}
		v[n++] = router1[i];
	}
	v[n] = NULL;
	return items_of(v);
}

static void
expect_error(const char *prefix, const char *line, const char *error)
{
	struct cfg_items	*it = router1_with(prefix, line);
	struct dmn_cfg		 c;

	ck_assert_int_eq(dmn_cfg_map(it, &c), 0);
	ck_assert_uint_eq(c.n_tunnels, 1);
	ck_assert_str_eq(c.tunnels[0].error, error);
	dmn_cfg_clear(&c);
	cfg_items_free(it);
}

START_TEST(test_broken_references_become_reasons)
{
	expect_error("ipsec profile IP|set transform-set", NULL,
	    "ipsec profile IP has no transform-set");
	expect_error("ipsec profile IP|set transform-set",
	    "ipsec profile IP|set transform-set=NOPE",
	    "ipsec transform-set NOPE does not exist");
	expect_error("ikev2 profile PR|keyring", "ikev2 profile PR|keyring=KX",
	    "keyring KX does not exist");
	expect_error("interface tunnel-ip1|tunnel destination",
	    "interface tunnel-ip1|tunnel destination=203.0.113.1",
	    "keyring K has no peer whose address covers 203.0.113.1");
	expect_error("interface tunnel-ip1|tunnel source", NULL,
	    "tunnel-ip1 has no tunnel source");
	expect_error("interface tunnel-ip1|tunnel protection",
	    "interface tunnel-ip1|tunnel protection ipsec profile=GONE",
	    "ipsec profile GONE does not exist");
	expect_error("ikev2 profile PR|authentication local",
	    "ikev2 profile PR|authentication local=rsa-signature",
	    "ikev2 profile PR authenticates with rsa-signature but has no pki "
	    "trustpoint");
}
END_TEST

/* rsa-signature: the trustpoint by name, its files for the store, and no
 * keyring needed. */
START_TEST(test_rsa_signature_maps_the_trustpoint)
{
	static const char *extra[] = {
		"crypto ca trustpoint TP1=",
		"crypto ca trustpoint TP1|ca-certificate=/etc/ca.pem",
		"crypto ca trustpoint TP1|certificate=/etc/r1.pem",
		"crypto ca trustpoint TP1|private-key=/etc/r1.key",
		"ikev2 profile PR|pki trustpoint=TP1",
		"ikev2 profile PR|authentication local=rsa-signature",
		NULL,
	};
	const char		*v[80];
	struct cfg_items	*it;
	struct dmn_cfg		 c;
	size_t			 i, n = 0;

	for (i = 0; router1[i] != NULL; i++)
		if (strncmp(router1[i], "ikev2 profile PR|keyring", 24) != 0 &&
		    strncmp(router1[i], "ikev2 profile PR|authentication",
		    31) != 0)
			v[n++] = router1[i];
	for (i = 0; extra[i] != NULL; i++)
		v[n++] = extra[i];
	v[n] = NULL;
	it = items_of(v);
	ck_assert_int_eq(dmn_cfg_map(it, &c), 0);
	ck_assert_uint_eq(c.n_tunnels, 1);
	ck_assert_str_eq(c.tunnels[0].error, "");
	ck_assert_int_eq(c.tunnels[0].peer.auth_local, IKE_CFG_AUTH_RSA);
	ck_assert_int_eq(c.tunnels[0].peer.auth_remote, IKE_CFG_AUTH_RSA);
	ck_assert_str_eq(c.tunnels[0].peer.trustpoint, "TP1");
	ck_assert_uint_eq(c.n_trustpoints, 1);
	ck_assert_str_eq(c.trustpoints[0].name, "TP1");
	ck_assert_str_eq(c.trustpoints[0].ca, "/etc/ca.pem");
	ck_assert_str_eq(c.trustpoints[0].cert, "/etc/r1.pem");
	ck_assert_str_eq(c.trustpoints[0].key, "/etc/r1.key");
	dmn_cfg_clear(&c);
	cfg_items_free(it);
}
END_TEST

START_TEST(test_identity_defaults_and_any)
{
	struct cfg_items	*it;
	struct dmn_cfg		 c;

	it = router1_with("ikev2 profile PR|match identity", NULL);
	ck_assert_int_eq(dmn_cfg_map(it, &c), 0);
	/* Without `match identity remote`: exactly the destination. */
	ck_assert_uint_eq(c.tunnels[0].peer.remote_id.addr.s_addr,
	    a4("198.51.100.21").s_addr);
	ck_assert_uint_eq(c.tunnels[0].peer.remote_id.mask.s_addr,
	    0xffffffffu);
	dmn_cfg_clear(&c);
	cfg_items_free(it);
	it = router1_with("ikev2 profile PR|match identity",
	    "ikev2 profile PR|match identity remote any=");
	ck_assert_int_eq(dmn_cfg_map(it, &c), 0);
	ck_assert_int_eq(c.tunnels[0].peer.remote_id.any, 1);
	dmn_cfg_clear(&c);
	cfg_items_free(it);
}
END_TEST

START_TEST(test_psk_forms)
{
	char	k[129];

	ck_assert_int_eq(dmn_psk_plain("cisco123", k, sizeof(k)), 8);
	ck_assert_str_eq(k, "cisco123");
	ck_assert_int_eq(dmn_psk_plain("clear s3cret", k, sizeof(k)), 6);
	ck_assert_str_eq(k, "s3cret");
	/* Cisco type 7 of "cisco". */
	ck_assert_int_eq(dmn_psk_plain("password 0822455D0A16", k,
	    sizeof(k)), 5);
	ck_assert_str_eq(k, "cisco");
	ck_assert_int_eq(dmn_psk_plain("password 08ZZ", k, sizeof(k)), -1);
	ck_assert_int_eq(dmn_psk_plain("password 0822455D0A1", k,
	    sizeof(k)), -1);
	ck_assert_int_eq(dmn_psk_plain("", k, sizeof(k)), -1);
	ck_assert_int_eq(dmn_psk_plain("two words", k, sizeof(k)), -1);
}
END_TEST

START_TEST(test_algorithm_keywords)
{
	struct ike_cfg_encr	e;
	struct ike_cfg_proposal	p;

	ck_assert_int_eq(dmn_map_encr("aes-cbc-192", &e), 0);
	ck_assert_uint_eq(e.id, IKE_ENCR_AES_CBC);
	ck_assert_uint_eq(e.keylen, 192);
	ck_assert_int_eq(dmn_map_encr("aes-gcm-128", &e), 0);
	ck_assert_uint_eq(e.id, IKE_ENCR_AES_GCM_16);
	ck_assert_int_eq(dmn_map_encr("des", &e), -1);
	ck_assert_int_eq(dmn_map_hash("sha-512", 0),
	    IKE_INTEG_HMAC_SHA2_512_256);
	ck_assert_int_eq(dmn_map_hash("sha-384", 1), IKE_PRF_HMAC_SHA2_384);
	ck_assert_int_eq(dmn_map_hash("md5", 1), -1);
	memset(&p, 0, sizeof(p));
	ck_assert_int_eq(dmn_map_esp("esp-128-aes", "esp-hmac-sha-1", &p), 0);
	ck_assert_uint_eq(p.encr[0].keylen, 128);
	ck_assert_uint_eq(p.integ[0], IKE_INTEG_HMAC_SHA1_96);
	ck_assert_int_eq(dmn_map_esp("esp-128-aes", "esp-md5", &p), -1);
}
END_TEST

START_TEST(test_esp_gcm_transform)
{
	struct cfg_items	*it;
	struct ike_cfg_proposal	 p;
	struct dmn_cfg		 c;

	/* transform esp-gcm-256: AES-GCM (20), no integrity, PFS kept. */
	it = router1_with("ipsec transform-set TS|transform",
	    "ipsec transform-set TS|transform=esp-gcm-256");
	ck_assert_int_eq(dmn_cfg_map(it, &c), 0);
	ck_assert_str_eq(c.tunnels[0].error, "");
	ck_assert_uint_eq(c.tunnels[0].peer.n_esp, 1);
	ck_assert_uint_eq(c.tunnels[0].peer.esp[0].n_encr, 1);
	ck_assert_uint_eq(c.tunnels[0].peer.esp[0].encr[0].id,
	    IKE_ENCR_AES_GCM_16);
	ck_assert_uint_eq(c.tunnels[0].peer.esp[0].encr[0].keylen, 256);
	ck_assert_uint_eq(c.tunnels[0].peer.esp[0].n_integ, 0);
	ck_assert_uint_eq(c.tunnels[0].peer.esp[0].n_dh, 1);
	dmn_cfg_clear(&c);
	cfg_items_free(it);
	/* GCM with an integrity algorithm is refused (validation's rule). */
	it = router1_with("ipsec transform-set TS|transform",
	    "ipsec transform-set TS|transform=esp-gcm-128 esp-hmac-sha1");
	ck_assert_int_eq(dmn_cfg_map(it, &c), 0);
	ck_assert_str_eq(c.tunnels[0].error,
	    "ipsec transform-set TS has no usable transform");
	ck_assert_uint_eq(c.tunnels[0].peer.n_esp, 0);
	dmn_cfg_clear(&c);
	cfg_items_free(it);
	memset(&p, 0, sizeof(p));
	ck_assert_int_eq(dmn_map_esp("esp-gcm-128", NULL, &p), 0);
	ck_assert_uint_eq(p.encr[0].id, IKE_ENCR_AES_GCM_16);
	ck_assert_uint_eq(p.encr[0].keylen, 128);
	ck_assert_uint_eq(p.n_integ, 0);
	memset(&p, 0, sizeof(p));
	ck_assert_int_eq(dmn_map_esp("esp-gcm-128", "esp-hmac-sha1", &p), -1);
	ck_assert_int_eq(dmn_map_esp("esp-128-aes", NULL, &p), -1);
}
END_TEST

START_TEST(test_shutdown_and_sorting)
{
	static const char *const extra[] = {
		"interface tunnel-ip10=",
		"interface tunnel-ip10|tunnel protection ipsec profile=IP",
		"interface tunnel-ip10|tunnel mode=ipsec ipv4",
		"interface tunnel-ip10|tunnel source=198.51.100.5",
		"interface tunnel-ip10|tunnel destination=198.51.100.21",
		"interface tunnel-ip10|shutdown=",
		"interface tunnel-ip2=",
		"interface tunnel-ip2|tunnel protection ipsec profile=IP",
		"interface tunnel-ip2|tunnel source=eth0",
		"interface tunnel-ip2|tunnel destination=198.51.100.21",
		NULL
	};
	struct cfg_items	*it = items_of(router1);
	struct dmn_cfg		 c;
	size_t			 i;

	for (i = 0; extra[i] != NULL; i++) {
		const char *v[2] = { extra[i], NULL };
		struct cfg_items *one = items_of(v);
		const struct cfg_item *x;
		size_t n;

		x = cfg_items_sorted(one, &n);
		ck_assert_int_eq(cfg_items_set(it, x[0].key, x[0].value), 0);
		cfg_items_free(one);
	}
	ck_assert_int_eq(dmn_cfg_map(it, &c), 0);
	ck_assert_uint_eq(c.n_tunnels, 3);
	ck_assert_str_eq(c.tunnels[0].name, "tunnel-ip1");
	ck_assert_str_eq(c.tunnels[1].name, "tunnel-ip2");
	ck_assert_str_eq(c.tunnels[2].name, "tunnel-ip10");
	ck_assert_int_eq(c.tunnels[2].shutdown, 1);
	ck_assert_str_eq(c.tunnels[1].error,
	    "tunnel-ip2 is not in tunnel mode ipsec ipv4");
	dmn_cfg_clear(&c);
	cfg_items_free(it);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("cfgmap");
	TCase	*tc = tcase_create("map");
	SRunner	*sr;
	int	 failed;

	tcase_add_test(tc, test_seed_example_maps_to_engine_peer);
	tcase_add_test(tc, test_no_policy_for_the_address_is_explained);
	tcase_add_test(tc, test_broken_references_become_reasons);
	tcase_add_test(tc, test_rsa_signature_maps_the_trustpoint);
	tcase_add_test(tc, test_identity_defaults_and_any);
	tcase_add_test(tc, test_psk_forms);
	tcase_add_test(tc, test_algorithm_keywords);
	tcase_add_test(tc, test_esp_gcm_transform);
	tcase_add_test(tc, test_shutdown_and_sorting);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
