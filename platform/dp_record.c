/*
 * The recording data plane (see dp_record.h).  It checks what a real kernel
 * would refuse: a duplicate SPI, an SPI below 256, a key longer than any
 * supported algorithm, deleting an SA that was never added is fine (the
 * kernel answers ESRCH, which the engine tolerates on cleanup).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include "platform/dp_record.h"

static void
rec_err(char *err, size_t errlen, const char *msg)
{
	if (err != NULL && errlen > 0)
		snprintf(err, errlen, "%s", msg);
}

static void
rec_log(struct dp_record *rec, enum dp_rec_op op, enum dp_dir dir,
    uint32_t spi, int failed)
{
	struct dp_rec_call	*c;

	if (rec->n_log++ >= DP_REC_LOG_MAX)
		return;
	c = &rec->log[rec->n_log - 1];
	c->op = op;
	c->dir = dir;
	c->spi = spi;
	c->failed = failed;
}

static int
rec_get_spi(struct dp *dp, struct in_addr src, struct in_addr dst,
    uint8_t proto, uint32_t reqid, uint32_t *spi, char *err, size_t errlen)
{
	struct dp_record *rec = (struct dp_record *)dp;

	rec->calls[DP_REC_GET_SPI]++;
	if (rec->fail_get_spi > 0) {
		rec->fail_get_spi--;
		rec->errors++;
		rec_err(err, errlen, "recorder: get_spi failure injected");
		return -1;
	}
	if (rec->next_spi < 256)
		rec->next_spi = 256;
	*spi = rec->next_spi++;
	return 0;
}

/* Described in header. */
struct dp_rec_sa *
dp_record_find(struct dp_record *rec, uint32_t spi)
{
	size_t	i;

	for (i = 0; i < rec->n_sas; i++)
		if (rec->sas[i].sa.spi == spi)
			return &rec->sas[i];
	return NULL;
}

static int
rec_add_sa(struct dp *dp, const struct dp_sa *sa, char *err, size_t errlen)
{
	struct dp_record	*rec = (struct dp_record *)dp;
	struct dp_rec_sa	*r, *n;

	rec->calls[DP_REC_ADD_SA]++;
	rec_log(rec, DP_REC_ADD_SA, sa->dir, sa->spi, 0);
	if (rec->fail_add > 0) {
		rec->fail_add--;
		goto fail_msg;
	}
	if (sa->spi < 256 || sa->proto != DP_PROTO_ESP ||
	    (sa->dir != DP_DIR_IN && sa->dir != DP_DIR_OUT) ||
	    sa->encr_key_len > DP_REC_KEY_MAX ||
	    sa->integ_key_len > DP_REC_KEY_MAX || sa->encr_key_len == 0) {
		if (rec->n_log <= DP_REC_LOG_MAX)
			rec->log[rec->n_log - 1].failed = 1;
		rec->errors++;
		rec_err(err, errlen, "recorder: invalid SA");
		return -1;
	}
	if (dp_record_find(rec, sa->spi) != NULL) {
		if (rec->n_log <= DP_REC_LOG_MAX)
			rec->log[rec->n_log - 1].failed = 1;
		rec->errors++;
		rec_err(err, errlen, "recorder: SPI already installed");
		return -1;
	}
	if (rec->n_sas == rec->cap_sas) {
		size_t cap = rec->cap_sas ? rec->cap_sas * 2 : 8;

		if ((n = calloc(cap, sizeof(*n))) == NULL)
			goto fail_msg;
		if (rec->n_sas)
			memcpy(n, rec->sas, rec->n_sas * sizeof(*n));
		if (rec->sas != NULL) {
			OPENSSL_cleanse(rec->sas, rec->cap_sas * sizeof(*n));
			free(rec->sas);
		}
		rec->sas = n;
		rec->cap_sas = cap;
		/* Re-point the key pointers at the moved copies. */
		for (size_t i = 0; i < rec->n_sas; i++) {
			rec->sas[i].sa.encr_key = rec->sas[i].encr_key;
			rec->sas[i].sa.integ_key = rec->sas[i].integ_key;
		}
	}
	r = &rec->sas[rec->n_sas++];
	memset(r, 0, sizeof(*r));
	r->sa = *sa;
	memcpy(r->encr_key, sa->encr_key, sa->encr_key_len);
	if (sa->integ_key_len)
		memcpy(r->integ_key, sa->integ_key, sa->integ_key_len);
	r->sa.encr_key = r->encr_key;
	r->sa.integ_key = r->integ_key;
	return 0;
fail_msg:
	if (rec->n_log <= DP_REC_LOG_MAX)
		rec->log[rec->n_log - 1].failed = 1;
	rec->errors++;
	rec_err(err, errlen, "recorder: add_sa failure injected");
	return -1;
}

static int
rec_update_sa(struct dp *dp, const struct dp_sa_key *key, int encap,
    uint16_t sport, uint16_t dport, char *err, size_t errlen)
{
	struct dp_record	*rec = (struct dp_record *)dp;
	struct dp_rec_sa	*r;

	rec->calls[DP_REC_UPDATE_SA]++;
	if ((r = dp_record_find(rec, key->spi)) == NULL) {
		rec->errors++;
		rec_err(err, errlen, "recorder: no such SA");
		return -1;
	}
	r->sa.encap = encap;
	r->sa.encap_sport = sport;
	r->sa.encap_dport = dport;
	return 0;
}

static int
rec_del_sa(struct dp *dp, const struct dp_sa_key *key, char *err,
    size_t errlen)
{
	struct dp_record	*rec = (struct dp_record *)dp;
	struct dp_rec_sa	*r;
	size_t			 i;

	rec->calls[DP_REC_DEL_SA]++;
	r = dp_record_find(rec, key->spi);
	rec_log(rec, DP_REC_DEL_SA, r != NULL ? r->sa.dir : 0, key->spi, 0);
	if (r == NULL)
		return 0;
	i = (size_t)(r - rec->sas);
	OPENSSL_cleanse(r, sizeof(*r));
	memmove(&rec->sas[i], &rec->sas[i + 1],
	    (rec->n_sas - i - 1) * sizeof(*r));
	rec->n_sas--;
	for (i = 0; i < rec->n_sas; i++) {
		rec->sas[i].sa.encr_key = rec->sas[i].encr_key;
		rec->sas[i].sa.integ_key = rec->sas[i].integ_key;
	}
	return 0;
}

static int
rec_query_sa(struct dp *dp, const struct dp_sa_key *key,
    struct dp_sa_stats *st, char *err, size_t errlen)
{
	struct dp_record	*rec = (struct dp_record *)dp;
	struct dp_rec_sa	*r;

	rec->calls[DP_REC_QUERY_SA]++;
	if ((r = dp_record_find(rec, key->spi)) == NULL) {
		rec_err(err, errlen, "recorder: no such SA");
		return -1;
	}
	*st = r->stats;
	return 0;
}

static int
rec_policy(struct dp *dp, const struct dp_policy *pol, char *err,
    size_t errlen)
{
	((struct dp_record *)dp)->calls[DP_REC_ADD_POLICY]++;
	return 0;
}

static int
rec_del_policy(struct dp *dp, const struct dp_policy *pol, char *err,
    size_t errlen)
{
	((struct dp_record *)dp)->calls[DP_REC_DEL_POLICY]++;
	return 0;
}

static int
rec_flush(struct dp *dp, char *err, size_t errlen)
{
	struct dp_record *rec = (struct dp_record *)dp;

	rec->calls[DP_REC_FLUSH]++;
	if (rec->sas != NULL)
		OPENSSL_cleanse(rec->sas, rec->cap_sas * sizeof(*rec->sas));
	rec->n_sas = 0;
	return 0;
}

static int
rec_tun_create(struct dp *dp, const struct dp_tunnel *t, char *err,
    size_t errlen)
{
	((struct dp_record *)dp)->calls[DP_REC_TUN_CREATE]++;
	return 0;
}

static int
rec_tun_delete(struct dp *dp, uint32_t if_id, char *err, size_t errlen)
{
	((struct dp_record *)dp)->calls[DP_REC_TUN_DELETE]++;
	return 0;
}

static void
rec_destroy(struct dp *dp)
{
	dp_record_free((struct dp_record *)dp);
}

/* Described in header. */
struct dp_rec_sa *
dp_record_newest(struct dp_record *rec, enum dp_dir dir)
{
	size_t	i;

	/* Added at the end, removed in place: the last is the newest. */
	for (i = rec->n_sas; i-- > 0; )
		if (rec->sas[i].sa.dir == dir)
			return &rec->sas[i];
	return NULL;
}

/* Described in header. */
size_t
dp_record_count(const struct dp_record *rec, enum dp_dir dir)
{
	size_t	i, n = 0;

	for (i = 0; i < rec->n_sas; i++)
		if (dir == 0 || rec->sas[i].sa.dir == dir)
			n++;
	return n;
}

/* Described in header. */
struct dp_record *
dp_record_new(uint32_t spi_base)
{
	struct dp_record *rec;

	if ((rec = calloc(1, sizeof(*rec))) == NULL)
		return NULL;
	rec->dp.name = "record";
	rec->dp.get_spi = rec_get_spi;
	rec->dp.add_sa = rec_add_sa;
	rec->dp.update_sa = rec_update_sa;
	rec->dp.del_sa = rec_del_sa;
	rec->dp.query_sa = rec_query_sa;
	rec->dp.add_policy = rec_policy;
	rec->dp.del_policy = rec_del_policy;
	rec->dp.flush = rec_flush;
	rec->dp.tunnel_if_create = rec_tun_create;
	rec->dp.tunnel_if_delete = rec_tun_delete;
	rec->dp.event_fd = -1;
	rec->dp.destroy = rec_destroy;
	rec->next_spi = spi_base;
	return rec;
}

/* Described in header. */
void
dp_record_free(struct dp_record *rec)
{
	if (rec == NULL)
		return;
	if (rec->sas != NULL) {
		OPENSSL_cleanse(rec->sas, rec->cap_sas * sizeof(*rec->sas));
		free(rec->sas);
	}
	free(rec);
}
