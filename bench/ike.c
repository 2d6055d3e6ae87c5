/*
 * bench/ike: IKE SA setups per second per core, with the bound OpenSSL sets.
 *
 * Two engines in one thread run full PSK handshakes (IKE_SA_INIT and
 * IKE_AUTH with one Child SA, installed in recording data planes) for
 * ECP-256, ECP-384 and ECP-521, with AES-CBC-256/HMAC-SHA2-256/PRF-SHA2-256
 * for IKE and AES-CBC-128/HMAC-SHA1 for ESP, randomness from RAND_bytes
 * (drawn in 4 KB batches).
 * Each setup is timed in process CPU time from the initiate request to
 * both Child SAs installed (fresh engines are made before and freed after,
 * outside the timing), so the figure is handshakes per second of one core
 * doing the work of both peers.
 *
 * The bound, measured in the same run: a handshake needs two key pairs and
 * two ECDH derivations, so OpenSSL's best rate for "2 x keygen + 2 x (peer
 * point check + derive)" on that curve is the most setups a core could do
 * if everything else were free.  OpenSSL offers two ways to do that work
 * and either may be the faster on a given curve, so both are measured and
 * the bound is the higher median: EVP (one reusable keygen context,
 * EVP_PKEY_public_check_quick, a derive without the second full
 * validation) and the EC_POINT primitives underneath it (one cached group
 * and BN_CTX, a random scalar times G, the on-curve check, the peer point
 * times the scalar, the affine x).  Neither encodes or decodes a public
 * value, which a real handshake must.  The last two columns add the looser
 * bound of research/performance.md (one-shot EVP_PKEY_Q_keygen, derive
 * with OpenSSL's full peer validation) for comparison.  Each figure is the
 * median of several runs; ratios are handshakes / bound.
 *
 * Then the same handshake with RSA-2048 certificates both ways (ECP-256;
 * the daemon's OpenSSL store, mgmtsecd/pki.c, over the checked-in test
 * PKI tests/fuzz/pki with its clock pinned; RSASSA-PSS SHA-512, what two
 * mgmtsecd pick).  Its bound adds the signatures to ECP-256's: each peer
 * signs once and verifies twice (the AUTH payload, and the CA's signature
 * on the peer's certificate, SHA-256 PKCS#1 v1.5), so OpenSSL's rate for
 * 2 signs + 4 verifies, combined with the ECP-256 bound above as
 * 1 / (1 / rsa + 1 / dh).  Chain building, DER parsing and the CERT
 * payloads are what the handshake adds beyond it.
 *
 * Usage: bench/ike [-r RUNS] [-t SECONDS_PER_RUN] [-g GROUP] [-p PKI_DIR]
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/params.h>
#include <openssl/rand.h>

#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

#include "ikev2/engine.h"
#include "mgmtsecd/pki.h"
#include "platform/dp_record.h"

struct pkt {
	int		 to;
	struct ike_addr	 src;
	struct ike_addr	 dst;
	uint8_t		*data;
	size_t		 len;
};

struct side {
	struct ike_engine	*eng;
	struct dp_record	*dp;
	struct ike_cfg_peer	 peer;
	struct ike_actions	 acts;
	struct dmn_pki		*pki;		/* NULL: PSK */
};

static struct pkt	queue[16];
static size_t		nq;

static double
cpu_now(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/*
 * Randomness as a daemon would serve it: RAND_bytes in 4 KB batches
 * (its cost is mostly per call), each octet handed out once and wiped.
 */
static uint8_t	pool[4096];
static size_t	pool_left;

static int
b_rand(void *arg, enum ike_rand_use use, void *buf, size_t len)
{
	uint8_t	*out = buf;
	size_t	 n;

	while (len > 0) {
		if (pool_left == 0) {
			if (RAND_bytes(pool, sizeof(pool)) != 1)
				return -1;
			pool_left = sizeof(pool);
		}
		n = len < pool_left ? len : pool_left;
		memcpy(out, pool + sizeof(pool) - pool_left, n);
		OPENSSL_cleanse(pool + sizeof(pool) - pool_left, n);
		pool_left -= n;
		out += n;
		len -= n;
	}
	return 0;
}

static void
peer_init(struct ike_cfg_peer *p, int side, uint16_t group, int rsa)
{
	struct ike_cfg_proposal	*ike = &p->ike[0], *esp = &p->esp[0];

	memset(p, 0, sizeof(*p));
	p->id = 1;
	snprintf(p->name, sizeof(p->name), "tunnel-ip1");
	p->if_id = 1;
	p->local.s_addr = htonl(0xc6336401u + (uint32_t)side);
	p->remote.s_addr = htonl(0xc6336401u + (uint32_t)!side);
	p->ike_lifetime = 86400;
	p->child_lifetime = 3600;
	p->auth_local = p->auth_remote = IKE_CFG_AUTH_PSK;
	snprintf(p->psk_local, sizeof(p->psk_local), "cisco123");
	snprintf(p->psk_remote, sizeof(p->psk_remote), "cisco123");
	p->remote_id.any = 1;
	if (rsa) {
		p->auth_local = p->auth_remote = IKE_CFG_AUTH_RSA;
		snprintf(p->trustpoint, sizeof(p->trustpoint), "TP");
	}
	ike->encr[ike->n_encr++] = (struct ike_cfg_encr){ IKE_ENCR_AES_CBC,
	    256 };
	ike->integ[ike->n_integ++] = IKE_INTEG_HMAC_SHA2_256_128;
	ike->prf[ike->n_prf++] = IKE_PRF_HMAC_SHA2_256;
	ike->dh[ike->n_dh++] = group;
	p->n_ike = 1;
	esp->encr[esp->n_encr++] = (struct ike_cfg_encr){ IKE_ENCR_AES_CBC,
	    128 };
	esp->integ[esp->n_integ++] = IKE_INTEG_HMAC_SHA1_96;
	p->n_esp = 1;
}

/* Moves a side's SEND actions to the queue; drops the rest. */
static int
collect(struct side *s, int from)
{
	size_t	i;

	for (i = 0; i < s->acts.n; i++) {
		struct ike_action *a = &s->acts.v[i];

		if (a->type != IKE_ACT_SEND)
			continue;
		if (nq == sizeof(queue) / sizeof(queue[0]))
			return -1;
		queue[nq].to = !from;
		queue[nq].src = a->local;
		queue[nq].dst = a->remote;
		queue[nq].data = a->data;	/* take it over */
		queue[nq].len = a->len;
		a->data = NULL;
		nq++;
	}
	ike_actions_clear(&s->acts);
	return 0;
}

/* One full handshake between two fresh engines; 0 when both installed
 * their Child SA.  Adds the CPU time of the handshake itself to *spent. */
static int
handshake(struct side *s, uint16_t group, double *spent)
{
	struct ike_env		env;
	struct ike_cfg		cfg;
	struct ike_event	ev;
	struct pkt		p;
	size_t			guard;
	double			t0;
	int			k, rc = 0;

	for (k = 0; k < 2; k++) {
		memset(&env, 0, sizeof(env));
		env.rand = b_rand;
		env.dp = &s[k].dp->dp;
		if (s[k].pki != NULL)
			env.pki = dmn_pki_iface(s[k].pki);
		memset(&cfg, 0, sizeof(cfg));
		cfg.peers = &s[k].peer;
		cfg.n_peers = 1;
		if ((s[k].eng = ike_engine_new(&env, &cfg, 1000)) == NULL)
			return -1;
	}
	t0 = cpu_now();
	memset(&ev, 0, sizeof(ev));
	ev.type = IKE_EV_INITIATE;
	ev.peer_id = 1;
	ike_engine_input(s[0].eng, 1000, &ev, &s[0].acts);
	if (collect(&s[0], 0) == -1)
		rc = -1;
	for (guard = 0; rc == 0 && nq > 0 && guard < 64; guard++) {
		p = queue[0];
		memmove(queue, queue + 1, (--nq) * sizeof(queue[0]));
		memset(&ev, 0, sizeof(ev));
		ev.type = IKE_EV_DATAGRAM;
		ev.local = p.dst;
		ev.remote = p.src;
		ev.data = p.data;
		ev.len = p.len;
		ike_engine_input(s[p.to].eng, 1000, &ev, &s[p.to].acts);
		free(p.data);
		if (collect(&s[p.to], p.to) == -1)
			rc = -1;
	}
	*spent += cpu_now() - t0;
	if (dp_record_count(s[0].dp, 0) != 2 ||
	    dp_record_count(s[1].dp, 0) != 2)
		rc = -1;
	for (k = 0; k < 2; k++) {
		ike_engine_free(s[k].eng);	/* removes the Child SAs */
		s[k].eng = NULL;
	}
	while (nq > 0)
		free(queue[--nq].data);
	return rc;
}

/* Handshakes per CPU second over one run of about `secs`. */
static double
run_handshakes(struct side *s, uint16_t group, double secs)
{
	double		spent = 0;
	unsigned long	n = 0;

	do {
		if (handshake(s, group, &spent) == -1) {
			fprintf(stderr, "bench/ike: handshake failed\n");
			exit(1);
		}
		n++;
	} while (spent < secs);
	return (double)n / spent;
}

/*
 * OpenSSL alone through EVP: 2 keygens and 2 derivations per iteration,
 * per second.  Keygen through one reusable EVP_PKEY_CTX (no per-call
 * fetch); each derivation checks the peer's point as IKE must (RFC 7296
 * §2.12: on the curve) with EVP_PKEY_public_check_quick, then derives
 * without a second full validation.
 */
static double
run_bound(const char *curve, double secs)
{
	EVP_PKEY_CTX	*kg, *ctx = NULL, *chk = NULL;
	EVP_PKEY	*k[2] = { NULL, NULL };
	OSSL_PARAM	 params[2];
	unsigned char	 sec[80];
	size_t		 len;
	double		 t0, t;
	unsigned long	 n = 0;
	int		 i;

	if ((kg = EVP_PKEY_CTX_new_from_name(NULL, "EC", NULL)) == NULL ||
	    EVP_PKEY_keygen_init(kg) != 1)
		goto fail;
	params[0] = OSSL_PARAM_construct_utf8_string("group", (char *)curve,
	    0);
	params[1] = OSSL_PARAM_construct_end();
	if (EVP_PKEY_CTX_set_params(kg, params) != 1)
		goto fail;
	t0 = cpu_now();
	do {
		for (i = 0; i < 2; i++)
			if (EVP_PKEY_keygen(kg, &k[i]) != 1)
				goto fail;
		for (i = 0; i < 2; i++) {
			len = sizeof(sec);
			if ((chk = EVP_PKEY_CTX_new_from_pkey(NULL, k[!i],
			    NULL)) == NULL ||
			    EVP_PKEY_public_check_quick(chk) != 1 ||
			    (ctx = EVP_PKEY_CTX_new_from_pkey(NULL, k[i],
			    NULL)) == NULL ||
			    EVP_PKEY_derive_init(ctx) != 1 ||
			    EVP_PKEY_derive_set_peer_ex(ctx, k[!i], 0) != 1 ||
			    EVP_PKEY_derive(ctx, sec, &len) != 1)
				goto fail;
			EVP_PKEY_CTX_free(chk);
			EVP_PKEY_CTX_free(ctx);
			chk = ctx = NULL;
		}
		for (i = 0; i < 2; i++) {
			EVP_PKEY_free(k[i]);
			k[i] = NULL;
		}
		n++;
		t = cpu_now() - t0;
	} while (t < secs);
	EVP_PKEY_CTX_free(kg);
	return (double)n / t;
fail:
	fprintf(stderr, "bench/ike: OpenSSL %s keygen/derive failed\n", curve);
	exit(1);
}

/*
 * OpenSSL's EC primitives alone, the same work as run_bound with nothing
 * rebuilt per iteration: per key a random scalar in [1, n) and d * G; per
 * derivation the peer point's on-curve check (all that
 * EVP_PKEY_public_check_quick adds for these curves), d * Q in constant
 * time and its affine x.
 */
static double
run_bound_ec(const char *curve, double secs)
{
	EC_GROUP	*grp = NULL;
	EC_POINT	*q[2] = { NULL, NULL }, *s = NULL;
	BIGNUM		*d[2] = { NULL, NULL }, *x = NULL;
	BN_CTX		*bn = NULL;
	unsigned char	 sec[80];
	double		 t0, t;
	unsigned long	 n = 0;
	int		 i, flen;

	if ((grp = EC_GROUP_new_by_curve_name(EC_curve_nist2nid(curve))) ==
	    NULL || (bn = BN_CTX_secure_new()) == NULL ||
	    (s = EC_POINT_new(grp)) == NULL || (x = BN_new()) == NULL)
		goto fail;
	flen = (EC_GROUP_get_degree(grp) + 7) / 8;
	for (i = 0; i < 2; i++) {
		if ((q[i] = EC_POINT_new(grp)) == NULL ||
		    (d[i] = BN_secure_new()) == NULL)
			goto fail;
		BN_set_flags(d[i], BN_FLG_CONSTTIME);
	}
	t0 = cpu_now();
	do {
		for (i = 0; i < 2; i++) {
			do {
				if (!BN_priv_rand_range(d[i],
				    EC_GROUP_get0_order(grp)))
					goto fail;
			} while (BN_is_zero(d[i]));
			if (!EC_POINT_mul(grp, q[i], d[i], NULL, NULL, bn))
				goto fail;
		}
		for (i = 0; i < 2; i++)
			if (EC_POINT_is_on_curve(grp, q[!i], bn) != 1 ||
			    !EC_POINT_mul(grp, s, NULL, q[!i], d[i], bn) ||
			    !EC_POINT_get_affine_coordinates(grp, s, x, NULL,
			    bn) || BN_bn2binpad(x, sec, flen) != flen)
				goto fail;
		n++;
		t = cpu_now() - t0;
	} while (t < secs);
	for (i = 0; i < 2; i++) {
		EC_POINT_free(q[i]);
		BN_clear_free(d[i]);
	}
	EC_POINT_free(s);
	BN_free(x);
	BN_CTX_free(bn);
	EC_GROUP_free(grp);
	return (double)n / t;
fail:
	fprintf(stderr, "bench/ike: OpenSSL %s EC_POINT keygen/derive failed\n",
	    curve);
	exit(1);
}

/* The looser bound: EVP_PKEY_Q_keygen and a fully validating derive. */
static double
run_bound_q(const char *curve, double secs)
{
	EVP_PKEY	*k[2];
	EVP_PKEY_CTX	*ctx;
	unsigned char	 sec[80];
	size_t		 len;
	double		 t0 = cpu_now(), t;
	unsigned long	 n = 0;
	int		 i;

	do {
		k[0] = EVP_PKEY_Q_keygen(NULL, NULL, "EC", curve);
		k[1] = EVP_PKEY_Q_keygen(NULL, NULL, "EC", curve);
		if (k[0] == NULL || k[1] == NULL)
			goto fail;
		for (i = 0; i < 2; i++) {
			len = sizeof(sec);
			ctx = EVP_PKEY_CTX_new_from_pkey(NULL, k[i], NULL);
			if (ctx == NULL || EVP_PKEY_derive_init(ctx) != 1 ||
			    EVP_PKEY_derive_set_peer(ctx, k[!i]) != 1 ||
			    EVP_PKEY_derive(ctx, sec, &len) != 1) {
				EVP_PKEY_CTX_free(ctx);
				goto fail;
			}
			EVP_PKEY_CTX_free(ctx);
		}
		EVP_PKEY_free(k[0]);
		EVP_PKEY_free(k[1]);
		n++;
		t = cpu_now() - t0;
	} while (t < secs);
	return (double)n / t;
fail:
	fprintf(stderr, "bench/ike: OpenSSL %s keygen/derive failed\n", curve);
	exit(1);
}

/*
 * RSA-2048
 */

static EVP_PKEY *
read_key(const char *dir, const char *file)
{
	char		 p[1024];
	FILE		*f;
	EVP_PKEY	*k = NULL;

	snprintf(p, sizeof(p), "%s/%s", dir, file);
	if ((f = fopen(p, "r")) != NULL) {
		k = PEM_read_PrivateKey(f, NULL, NULL, NULL);
		fclose(f);
	}
	if (k == NULL) {
		fprintf(stderr, "bench/ike: cannot read the key %s\n", p);
		exit(1);
	}
	return k;
}

/* A store with router N's trustpoint TP (N 1 or 2), its clock a day
 * after the certificate's start of validity. */
static struct dmn_pki *
load_pki(const char *dir, int n)
{
	struct dmn_pki	*k = dmn_pki_new();
	char		 ca[1024], c[1024], kf[1024], err[320];
	FILE		*f;
	X509		*x = NULL;
	struct tm	 tm;

	snprintf(ca, sizeof(ca), "%s/ca.pem", dir);
	snprintf(c, sizeof(c), "%s/r%d.pem", dir, n);
	snprintf(kf, sizeof(kf), "%s/r%d.key", dir, n);
	if (k == NULL || dmn_pki_load(k, "TP", ca, c, kf, err,
	    sizeof(err)) == -1) {
		fprintf(stderr, "bench/ike: %s (-p PKI_DIR)\n", k ? err :
		    "out of memory");
		exit(1);
	}
	memset(&tm, 0, sizeof(tm));
	if ((f = fopen(c, "r")) != NULL) {
		x = PEM_read_X509(f, NULL, NULL, NULL);
		fclose(f);
	}
	if (x == NULL || ASN1_TIME_to_tm(X509_get0_notBefore(x), &tm) != 1) {
		fprintf(stderr, "bench/ike: cannot read %s\n", c);
		exit(1);
	}
	X509_free(x);
	dmn_pki_set_time(k, (int64_t)timegm(&tm) + 86400);
	return k;
}

/*
 * OpenSSL's RSA work of one handshake per second: 2 RSASSA-PSS SHA-512
 * signatures, their 2 verifications and 2 of PKCS#1 v1.5 SHA-256 (the
 * certificates'), one reusable context per kind.
 */
static double
run_bound_rsa(EVP_PKEY *key, double secs)
{
	static const uint8_t	 msg[600] = { 1 };
	EVP_MD_CTX		*c = EVP_MD_CTX_new();
	EVP_PKEY_CTX		*pc;
	uint8_t			 sig[512], sig2[512];
	size_t			 n, n2 = sizeof(sig2);
	double			 t0, t;
	unsigned long		 it = 0;
	int			 i;

	/* A PKCS#1 v1.5 signature to verify, as a certificate's. */
	if (c == NULL || EVP_DigestSignInit(c, NULL, EVP_sha256(), NULL,
	    key) != 1 || EVP_DigestSign(c, sig2, &n2, msg, sizeof(msg)) != 1)
		goto fail;
	t0 = cpu_now();
	do {
		for (i = 0; i < 2; i++) {
			n = sizeof(sig);
			if (EVP_DigestSignInit(c, &pc, EVP_sha512(), NULL,
			    key) != 1 || EVP_PKEY_CTX_set_rsa_padding(pc,
			    RSA_PKCS1_PSS_PADDING) != 1 ||
			    EVP_PKEY_CTX_set_rsa_pss_saltlen(pc, 64) != 1 ||
			    EVP_DigestSign(c, sig, &n, msg, sizeof(msg)) != 1)
				goto fail;
			if (EVP_DigestVerifyInit(c, &pc, EVP_sha512(), NULL,
			    key) != 1 || EVP_PKEY_CTX_set_rsa_padding(pc,
			    RSA_PKCS1_PSS_PADDING) != 1 ||
			    EVP_PKEY_CTX_set_rsa_pss_saltlen(pc, 64) != 1 ||
			    EVP_DigestVerify(c, sig, n, msg, sizeof(msg)) != 1)
				goto fail;
			if (EVP_DigestVerifyInit(c, NULL, EVP_sha256(), NULL,
			    key) != 1 || EVP_DigestVerify(c, sig2, n2, msg,
			    sizeof(msg)) != 1)
				goto fail;
		}
		it++;
		t = cpu_now() - t0;
	} while (t < secs);
	EVP_MD_CTX_free(c);
	return (double)it / t;
fail:
	fprintf(stderr, "bench/ike: OpenSSL RSA sign/verify failed\n");
	exit(1);
}

static int
cmp_double(const void *a, const void *b)
{
	double	x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double
median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof(*v), cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

int
main(int argc, char **argv)
{
	static const struct {
		uint16_t	 group;
		const char	*name;
		const char	*curve;
	} groups[] = {
		{ IKE_DH_ECP_256, "ECP-256", "P-256" },
		{ IKE_DH_ECP_384, "ECP-384", "P-384" },
		{ IKE_DH_ECP_521, "ECP-521", "P-521" },
	};
	struct side	 s[2];
	double		 hs[32], bd[32], be[32], bq[32], mh, mb, me, mbest, mq;
	double		 secs = 0.5, mr, mdh, bound;
	const char	*pkidir = BENCH_PKI_DIR;
	EVP_PKEY	*rkey;
	int		 runs = 5, only = 0, c, g, r, k;

	while ((c = getopt(argc, argv, "r:t:g:p:")) != -1) {
		switch (c) {
		case 'r':
			runs = atoi(optarg);
			break;
		case 't':
			secs = atof(optarg);
			break;
		case 'g':
			only = atoi(optarg);
			break;
		case 'p':
			pkidir = optarg;
			break;
		default:
			fprintf(stderr, "usage: bench/ike [-r RUNS] "
			    "[-t SECONDS_PER_RUN] [-g 19|20|21] "
			    "[-p PKI_DIR]\n");
			return 2;
		}
	}
	if (runs < 1 || runs > 32 || secs <= 0) {
		fprintf(stderr, "bench/ike: 1-32 runs, positive seconds\n");
		return 2;
	}
	memset(s, 0, sizeof(s));
	for (k = 0; k < 2; k++)
		if ((s[k].dp = dp_record_new(k ? 0xb0000000u : 0xa0000000u)) ==
		    NULL)
			return 1;
	printf("bench/ike: full PSK handshakes (IKE_SA_INIT + IKE_AUTH + 1 "
	    "Child SA), both peers on one core\n");
	printf("IKE AES-CBC-256/HMAC-SHA2-256/PRF-SHA2-256, ESP "
	    "AES-CBC-128/HMAC-SHA1; median of %d runs of %.2f s CPU\n",
	    runs, secs);
	printf("bound: OpenSSL's 2 keygen + 2 derive per second, through EVP "
	    "and through EC_POINT;\nratio: handshakes / the higher of the "
	    "two\n\n");
	printf("%-8s %17s %10s %10s %7s %12s %7s\n", "group",
	    "handshakes/s/core", "bound EVP", "bound EC", "ratio",
	    "loose bound", "ratio");
	for (g = 0; g < 3; g++) {
		if (only && groups[g].group != only)
			continue;
		for (k = 0; k < 2; k++)
			peer_init(&s[k].peer, k, groups[g].group, 0);
		for (r = 0; r < runs; r++) {
			/* Interleaved so both see the same machine load. */
			hs[r] = run_handshakes(s, groups[g].group, secs);
			bd[r] = run_bound(groups[g].curve, secs / 2);
			be[r] = run_bound_ec(groups[g].curve, secs / 2);
			bq[r] = run_bound_q(groups[g].curve, secs / 2);
		}
		mh = median(hs, runs);
		mb = median(bd, runs);
		me = median(be, runs);
		mq = median(bq, runs);
		mbest = mb > me ? mb : me;
		printf("%-8s %17.0f %10.0f %10.0f %6.1f%% %12.0f %6.1f%%\n",
		    groups[g].name, mh, mb, me, 100.0 * mh / mbest, mq,
		    100.0 * mh / mq);
		fflush(stdout);
	}

	/* RSA-2048 certificates both ways, ECP-256. */
	rkey = read_key(pkidir, "r2.key");
	for (k = 0; k < 2; k++) {
		s[k].pki = load_pki(pkidir, k + 1);
		peer_init(&s[k].peer, k, IKE_DH_ECP_256, 1);
	}
	for (r = 0; r < runs; r++) {
		hs[r] = run_handshakes(s, IKE_DH_ECP_256, secs);
		bd[r] = run_bound_rsa(rkey, secs / 2);
		be[r] = run_bound("P-256", secs / 4);
		bq[r] = run_bound_ec("P-256", secs / 4);
	}
	mh = median(hs, runs);
	mr = median(bd, runs);
	me = median(be, runs);
	mq = median(bq, runs);
	mdh = me > mq ? me : mq;
	bound = 1.0 / (1.0 / mr + 1.0 / mdh);
	printf("\nRSA-2048 certificates both ways (RSASSA-PSS SHA-512, "
	    "ECP-256), the daemon's store\n");
	printf("bound: OpenSSL's 2 sign + 4 verify per second, combined with "
	    "ECP-256's as 1/(1/rsa + 1/dh)\n\n");
	printf("%-8s %17s %10s %10s %10s %7s\n", "auth",
	    "handshakes/s/core", "sign+vfy", "ECP-256", "bound", "ratio");
	printf("%-8s %17.0f %10.0f %10.0f %10.0f %6.1f%%\n", "RSA-2048",
	    mh, mr, mdh, bound, 100.0 * mh / bound);
	EVP_PKEY_free(rkey);
	for (k = 0; k < 2; k++) {
		ike_actions_free(&s[k].acts);
		dp_record_free(s[k].dp);
		dmn_pki_free(s[k].pki);
	}
	return 0;
}
