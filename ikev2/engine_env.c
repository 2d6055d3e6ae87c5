/*
 * What the engine lends its SAs and exchanges for one operation at a
 * time: random octets from the daemon's source (env->rand) and the fresh
 * Diffie-Hellman key pairs made from them, the limits of the
 * configuration with their defaults filled in, and the engine's shared
 * PRF, cipher and HMAC objects, keyed per use from an SA's keys.
 */
#include "config.h"

#include <stddef.h>
#include <string.h>

#include <openssl/crypto.h>

#include "ikev2/actions.h"
#include "ikev2/sa.h"

/* Described in sa.h. */
int
ike_rand(struct ike_engine *e, enum ike_rand_use use, void *buf, size_t len)
{
	if (len == 0)
		return 0;
	if (e->env.rand == NULL ||
	    e->env.rand(e->env.rand_arg, use, buf, len) == -1) {
		ike_act_log(e, NULL, IKE_LOG_ERR, "randomness source failed");
		return -1;
	}
	return 0;
}

/* Described in sa.h. */
struct ike_dh *
ike_dh_fresh(struct ike_engine *e, uint16_t group)
{
	uint8_t		 rnd[IKE_DH_MAX_RAND];
	size_t		 n = ike_dh_rand_len(group);
	struct ike_dh	*dh;

	if (n == 0 || n > sizeof(rnd) || ike_rand(e, IKE_RAND_DH, rnd, n))
		return NULL;
	dh = ike_dh_new(group, rnd, n);
	OPENSSL_cleanse(rnd, sizeof(rnd));
	return dh;
}

/*
 * Described in sa.h.  IKE_SA_INIT brings a configured size outside 16..256
 * octets (RFC 7296 §2.10) into that range, CREATE_CHILD_SA uses 32 instead,
 * as each exchange always did.
 */
size_t
ike_nonce_fresh(struct ike_engine *e, uint8_t *out, int clamp)
{
	size_t	len = e->cfg.limits.nonce_len ? e->cfg.limits.nonce_len : 32;

	if (clamp && len < IKE_NONCE_MIN)
		len = IKE_NONCE_MIN;
	else if (clamp && len > IKE_NONCE_MAX)
		len = IKE_NONCE_MAX;
	else if (len < IKE_NONCE_MIN || len > IKE_NONCE_MAX)
		len = 32;
	return ike_rand(e, IKE_RAND_NONCE, out, len) == -1 ? 0 : len;
}

/* Described in sa.h. */
uint32_t
ike_lim_retransmit_base(const struct ike_engine *e)
{
	return e->cfg.limits.retransmit_base_ms ?
	    e->cfg.limits.retransmit_base_ms : 500;
}

/* Described in sa.h. */
uint32_t
ike_lim_retransmit_tries(const struct ike_engine *e)
{
	return e->cfg.limits.retransmit_tries ?
	    e->cfg.limits.retransmit_tries : 5;
}

/* Described in sa.h. */
uint64_t
ike_delete_wait_ms(const struct ike_engine *e)
{
	return (e->cfg.limits.delete_timeout ? e->cfg.limits.delete_timeout :
	    10) * 1000ull;
}

/*
 * Described in sa.h.  The soft lifetime is a share of the hard one
 * (soft_pct), made earlier by a random jitter of up to jitter_pct of it:
 * RFC 7296 §2.8.1 asks for that so both ends rarely rekey at once.
 */
void
ike_lifetime_schedule(struct ike_engine *e, uint32_t life_s,
    uint64_t *rekey_ms, uint64_t *expire_ms)
{
	const struct ike_cfg_limits *l = &e->cfg.limits;
	uint64_t		 life = (uint64_t)life_s * 1000, soft;
	uint64_t		 jitter = 0;
	uint32_t		 r = 0, pct, jpct;

	pct = l->soft_pct ? l->soft_pct : 90;
	jpct = l->jitter_pct ? l->jitter_pct : 5;
	soft = life * pct / 100;
	if (ike_rand(e, IKE_RAND_JITTER, &r, sizeof(r)) == 0)
		jitter = (uint64_t)r % (life * jpct / 100 + 1);
	*rekey_ms = e->now + soft - (jitter < soft ? jitter : 0);
	*expire_ms = e->now + life;
}

/* Described in sa.h. */
uint64_t
ike_retry_delay(struct ike_engine *e)
{
	uint64_t	base = (e->cfg.limits.rekey_retry ?
			    e->cfg.limits.rekey_retry : 10) * 1000ull;
	uint32_t	r = 0;

	if (ike_rand(e, IKE_RAND_JITTER, &r, sizeof(r)) == -1)
		return base;
	return base - r % (base / 2 + 1);
}


struct ike_prf *
ike_engine_prf(struct ike_engine *e, uint16_t id)
{
	static const uint16_t	ids[] = { IKE_PRF_HMAC_SHA1,
				    IKE_PRF_HMAC_SHA2_256,
				    IKE_PRF_HMAC_SHA2_384,
				    IKE_PRF_HMAC_SHA2_512 };
	size_t			i;

	for (i = 0; i < sizeof(ids) / sizeof(ids[0]); i++) {
		if (ids[i] != id)
			continue;
		if (e->prfs[i] == NULL)
			e->prfs[i] = ike_prf_new(id);
		e->keyed = 1;
		return e->prfs[i];
	}
	return NULL;
}

/*
 * Described in sa.h.  The shared crypto objects hold the key of the last
 * SA that used them; an SA's keys must not outlive it, so they are
 * overwritten when the event that used them ends (a microsecond or two,
 * once per event).
 */
void
ike_engine_crypto_wipe(struct ike_engine *e)
{
	size_t	i;

	if (!e->keyed)
		return;
	ike_encr_wipe(e->sk_encr);
	ike_integ_wipe(e->sk_integ);
	for (i = 0; i < sizeof(e->prfs) / sizeof(e->prfs[0]); i++)
		ike_prf_wipe(e->prfs[i]);
	e->keyed = 0;
}

/* Described in sa.h. */
int
ike_engine_sk(struct ike_engine *e, const struct ike_suite *s,
    const uint8_t *ekey, size_t elen, const uint8_t *akey, size_t alen,
    struct ike_sk_keys *sk)
{
	memset(sk, 0, sizeof(*sk));
	e->keyed = 1;
	if (e->sk_encr == NULL)
		e->sk_encr = ike_encr_new(s->encr, s->encr_keylen, ekey, elen);
	else if (ike_encr_rekey(e->sk_encr, s->encr, s->encr_keylen, ekey,
	    elen) == -1)
		return -1;
	if (e->sk_encr == NULL)
		return -1;
	sk->encr = e->sk_encr;
	if (akey == NULL)
		return 0;	/* AEAD */
	if (e->sk_integ == NULL)
		e->sk_integ = ike_integ_new(s->integ, akey, alen);
	else if (ike_integ_rekey(e->sk_integ, s->integ, akey, alen) == -1)
		return -1;
	if (e->sk_integ == NULL)
		return -1;
	sk->integ = e->sk_integ;
	return 0;
}

