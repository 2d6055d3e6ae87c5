/*
 * show crypto ca certificates: each trustpoint the store holds, with its
 * CA certificate, our router certificate and the intermediates sent with
 * it, as the records common/ctl_records.h defines.  What is shown is what
 * the store loaded (the files at the last reconcile), not the files as
 * they are now, because that is what the engine signs and verifies with.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "common/ctl_records.h"
#include "mgmtsecd/daemon.h"
#include "mgmtsecd/pki.h"

static int
cert_rec(struct ctl_rec *r, const char *role,
    const struct dmn_pki_cert_info *ci)
{
	struct ctl_rec	*x = ctl_rec_add_rec(r, CTL_F_CERT);
	int		 rc = 0;

	if (x == NULL)
		return -1;
	rc |= ctl_rec_add_str(x, CTL_F_CERT_ROLE, role);
	rc |= ctl_rec_add_str(x, CTL_F_SUBJECT, ci->subject);
	rc |= ctl_rec_add_str(x, CTL_F_ISSUER, ci->issuer);
	rc |= ctl_rec_add_str(x, CTL_F_SERIAL, ci->serial);
	rc |= ctl_rec_add_str(x, CTL_F_NOT_BEFORE, ci->not_before);
	rc |= ctl_rec_add_str(x, CTL_F_NOT_AFTER, ci->not_after);
	rc |= ctl_rec_add_u32(x, CTL_F_KEY_BITS, ci->key_bits);
	return rc ? -1 : 0;
}

/* One trustpoint's record, or NULL without memory. */
static struct ctl_rec *
tp_rec(const struct dmn_pki *k, size_t i)
{
	struct dmn_pki_cert_info	 ci;
	struct ctl_rec			*r = ctl_rec_new();
	size_t				 w;
	int				 rc = 0;

	if (r == NULL)
		return NULL;
	rc |= ctl_rec_add_str(r, CTL_F_TRUSTPOINT, dmn_pki_name(k, i));
	rc |= ctl_rec_add_str(r, CTL_F_ERROR, dmn_pki_error(k, i));
	/* A trustpoint that failed to load holds what it read before the
	 * failure (maybe nothing); index 0 is the CA, 1 ours. */
	for (w = 0; rc == 0 && dmn_pki_cert_info(k, i, w, &ci) == 0; w++)
		rc |= cert_rec(r, w == 0 ? "CA" : w == 1 ? "Router" :
		    "Intermediate", &ci);
	if (rc) {
		ctl_rec_free(r);
		return NULL;
	}
	return r;
}

/* Described in daemon.h. */
void
dmn_show_crypto_ca(struct dmn *d, struct dmn_conn *c, uint32_t seq)
{
	struct ctl_rec	*r;
	size_t		 i, n = d->pki != NULL ? dmn_pki_count(d->pki) : 0;
	int		 err = 0;

	for (i = 0; i < n && !err; i++) {
		if ((r = tp_rec(d->pki, i)) == NULL ||
		    dmn_reply_rec_take(c, seq, r) == -1)
			err = 1;
	}
	(void)dmn_reply_end(c, seq, err ? CTL_ST_INTERNAL : CTL_ST_OK,
	    err ? "out of memory" : NULL);
}
