/*
 * The impairing peer's view of IKE SA keys: the engine exports them
 * (IKE_ACT_KEYS, export_keys), and the peer opens the daemon's protected
 * answers with them and protects messages of its own making, so that an
 * impaired message inside SK is right in every respect but the one it
 * tests (the ICV is good, the padding is right unless the case says).
 * AES-CBC with an HMAC only: the configuration the peer proposes.
 */
#include "config.h"

#include <string.h>
#include <sys/random.h>

#include "common/buf.h"
#include "tests/hostile/peer.h"
#include "ikev2/crypto.h"

struct keyset *
keys_find(struct peer *p, uint64_t spi_i, uint64_t spi_r)
{
	size_t	i;

	for (i = 0; i < KEYSETS; i++)
		if (p->keys[i].used && p->keys[i].spi_i == spi_i &&
		    p->keys[i].spi_r == spi_r)
			return &p->keys[i];
	return NULL;
}

static void
keyset_clear(struct keyset *ks)
{
	ike_encr_free(ks->e_i);
	ike_encr_free(ks->e_r);
	ike_integ_free(ks->a_i);
	ike_integ_free(ks->a_r);
	memset(ks, 0, sizeof(*ks));
}

void
keys_take(struct peer *p, const struct ike_keys_export *k)
{
	struct keyset	*ks;
	size_t		 i;

	if (k->esp)
		return;
	if ((ks = keys_find(p, k->spi_i, k->spi_r)) == NULL) {
		/* The oldest goes when all are taken (round robin). */
		static size_t	next;

		for (i = 0; i < KEYSETS && p->keys[i].used; i++)
			;
		if (i == KEYSETS)
			i = next++ % KEYSETS;
		ks = &p->keys[i];
	}
	keyset_clear(ks);
	ks->e_i = ike_encr_new(k->encr, k->encr_keylen, k->encr_i, k->e_len);
	ks->e_r = ike_encr_new(k->encr, k->encr_keylen, k->encr_r, k->e_len);
	ks->a_i = ike_integ_new(k->integ, k->integ_i, k->a_len);
	ks->a_r = ike_integ_new(k->integ, k->integ_r, k->a_len);
	if (ks->e_i == NULL || ks->e_r == NULL || ks->a_i == NULL ||
	    ks->a_r == NULL) {
		keyset_clear(ks);	/* AEAD or unknown: not for us */
		return;
	}
	ks->spi_i = k->spi_i;
	ks->spi_r = k->spi_r;
	ks->used = 1;
}

void
keys_free_all(struct peer *p)
{
	size_t	i;

	for (i = 0; i < KEYSETS; i++)
		keyset_clear(&p->keys[i]);
}

/* The keys its sender protects a message with: the I flag names it. */
static int
sender_keys(struct peer *p, const struct ike_hdr *h, struct ike_sk_keys *k)
{
	struct keyset	*ks = keys_find(p, h->spi_i, h->spi_r);

	if (ks == NULL)
		return -1;
	k->encr = (h->flags & IKE_FLAG_I) ? ks->e_i : ks->e_r;
	k->integ = (h->flags & IKE_FLAG_I) ? ks->a_i : ks->a_r;
	return 0;
}

int
keys_open(struct peer *p, const uint8_t *d, size_t len, struct ike_msg *m)
{
	struct ike_sk_keys	k;
	struct ike_derr		err;

	if (ike_msg_decode(m, d, len, &err) == -1 || !m->has_sk ||
	    sender_keys(p, &m->hdr, &k) == -1 ||
	    ike_sk_unprotect(m, &k, &err) == -1)
		return -1;
	return 0;
}

size_t
keys_seal(struct peer *p, const struct ike_hdr *hdr, uint8_t first,
    const uint8_t *plain, size_t len, int extra_pad, int pad_len,
    uint8_t *out, size_t cap)
{
	struct ike_sk_keys	 k;
	struct buf		 b = { 0 };
	size_t			 bs, ivl, icv, pad, ctlen, total, ctoff;
	uint8_t			 iv[32];

	if (sender_keys(p, hdr, &k) == -1)
		return 0;
	bs = ike_encr_get_alg(k.encr)->block_size;
	ivl = ike_sk_iv_len(&k);
	icv = ike_integ_get_alg(k.integ)->icv_len;
	if (bs == 0 || ivl > sizeof(iv) ||
	    getrandom(iv, ivl, 0) != (ssize_t)ivl)
		return 0;
	/* RFC 7296 §3.14: payloads | padding | Pad Length, whole blocks. */
	pad = (bs - (len + 1) % bs) % bs + (size_t)extra_pad * bs;
	ctlen = len + pad + 1;
	ctoff = HDR + 4 + ivl;
	total = ctoff + ctlen + icv;
	if (total > cap || pad > 255)
		return 0;
	ike_hdr_encode(hdr, IKE_PL_SK, (uint32_t)total, &b);
	buf_add_u8(&b, first);
	buf_add_u8(&b, 0);
	buf_add_u16(&b, (uint16_t)(total - HDR));
	buf_add(&b, iv, ivl);
	buf_add(&b, plain, len);
	buf_add_zero(&b, pad);
	buf_add_u8(&b, pad_len >= 0 ? (uint8_t)pad_len : (uint8_t)pad);
	buf_add_zero(&b, icv);
	if (b.oom || b.len != total) {
		buf_free(&b);
		return 0;
	}
	memcpy(out, b.data, total);
	buf_free(&b);
	if (ike_encr_encrypt(k.encr, iv, NULL, 0, out + ctoff, ctlen,
	    out + ctoff, NULL) == -1 ||
	    ike_integ_compute(k.integ, out, total - icv, out + total - icv) ==
	    -1)
		return 0;
	return total;
}

size_t
keys_reseal(struct peer *p, const struct ike_msg *m, int extra_pad,
    int pad_len, uint8_t *out, size_t cap)
{
	struct ike_msg	 c;
	struct buf	 chain = { 0 };
	uint8_t		 first;
	size_t		 n = 0;

	/* The inner payloads only, in the order they now have. */
	c = *m;
	c.keep_order = 1;
	if (ike_msg_encode_chain(&c, &chain, &first, NULL) == 0)
		n = keys_seal(p, &m->hdr, first, chain.data != NULL ?
		    chain.data : (const uint8_t *)"", chain.len, extra_pad,
		    pad_len, out, cap);
	buf_free(&chain);
	return n;
}

size_t
msg_drop(struct ike_msg *m, uint8_t type, uint16_t ntype)
{
	size_t	i, n = 0;

	for (i = 0; i < m->npl;) {
		if (m->pl[i].type == type && (ntype == 0 ||
		    m->pl[i].n.type == ntype)) {
			memmove(&m->pl[i], &m->pl[i + 1],
			    (m->npl - i - 1) * sizeof(m->pl[0]));
			m->npl--;
			n++;
		} else
			i++;
	}
	return n;
}

void *
msg_zalloc(struct ike_msg *m, size_t n)
{
	static const uint8_t	zero[1024];

	return n <= sizeof(zero) ? ike_msg_dup(m, zero, n) : NULL;
}
