/*
 * Commit-time semantic validation (SPEC 3.1): the store's validator, which
 * every cfg_commit() runs (commit.h).  Every error is keyed to the item at
 * fault (in the new configuration; for a deletion that breaks a
 * reference, the deleted object) with a precise reason.
 *
 * Pure over the two item sets, except for the trustpoint file checks,
 * which go through a hook (the default one reads the PEM files with
 * OpenSSL).
 *
 * The rules that other readers of a configuration apply too (the daemon's
 * mapping to the engine, mgmtsecd/cfgmap.c) are declared at the end, over
 * the schema view (view.h), so that each rule is written once.
 */
#ifndef CFGDB_VALIDATE_H
#define CFGDB_VALIDATE_H

#include <stddef.h>
#include <stdint.h>

#include "cfgdb/commit.h"
#include "cfgdb/items.h"
#include "cfgdb/view.h"

/* The files of one trustpoint, as configured (NULL: not configured). */
struct cfg_pki_files {
	const char	*ca;		/* ca-certificate */
	const char	*cert;		/* certificate */
	const char	*key;		/* private-key */
	const char	*subject;	/* subject-name */
};

/* Which trustpoint item a PKI problem is about. */
enum cfg_pki_item {
	CFG_PKI_CA = 1,
	CFG_PKI_CERT,
	CFG_PKI_KEY,
	CFG_PKI_SUBJECT,
};

/*
 * A trustpoint check: returns 0 when the files are usable, else -1 with
 * *which set to the item at fault and a reason in msg.  now is the time
 * certificates must be valid at (Epoch seconds).
 */
typedef int	cfg_pki_check_fn(void *arg, const struct cfg_pki_files *,
		    int64_t now, enum cfg_pki_item *which, char *msg,
		    size_t msgsz);

struct cfg_validate_env {
	cfg_pki_check_fn	*pki_check;	/* NULL: cfg_pki_check */
	void			*pki_arg;
	int64_t			 now;		/* for certificate validity */
};

/*
 * The validator (a cfg_validate_fn).  arg is a struct cfg_validate_env,
 * or NULL for the defaults (OpenSSL checks, time(NULL)).  old_cfg may be
 * NULL.  Returns 0 when it ran, -1 when memory ran out.
 */
int	cfg_validate(void *arg, const struct cfg_items *new_cfg,
	    const struct cfg_items *old_cfg, struct cfg_errors *errs);

/*
 * The default trustpoint check: the files are readable PEM, the private
 * key matches the certificate, the certificate chains to the CA
 * certificate and is valid at now, and its subject matches subject-name
 * when one is set.
 */
int	cfg_pki_check(void *arg, const struct cfg_pki_files *, int64_t now,
	    enum cfg_pki_item *which, char *msg, size_t msgsz);

/* The most IPsec profiles interfaces may use (seed restriction). */
#define CFG_MAX_IPSEC_PROFILES	3

/*
 * The algorithms of an IKE proposal or an ESP transform, counted by what
 * their values mean (schema.h): add the items, then check.
 */
struct cfg_algs {
	unsigned	n[CFG_MK_DH + 1];	/* values by kind (ENCR..DH) */
	unsigned	aead;		/* encryption values that are AEAD */
	unsigned	unknown;	/* words no value of theirs knows */
};
void		cfg_algs_add(struct cfg_algs *, const struct cfg_row *,
		    const char *value);
/* What the algorithms lack or mix (SPEC 3.1), as CFG_ALGS_* bits; prf
 * and dh-group are needed with ike set.  At most one of MIXED,
 * NEEDS_INTEG and AEAD_INTEG. */
unsigned	cfg_algs_check(const struct cfg_algs *, int ike);
#define CFG_ALGS_NO_ENCR	0x01
#define CFG_ALGS_NO_PRF		0x02
#define CFG_ALGS_NO_DH		0x04
#define CFG_ALGS_MIXED		0x08	/* AEAD and other ciphers */
#define CFG_ALGS_NEEDS_INTEG	0x10	/* a cipher that is not AEAD, and
					 * no integrity algorithm */
#define CFG_ALGS_AEAD_INTEG	0x20	/* integrity with an AEAD cipher */
#define CFG_ALGS_INCOMPLETE	(CFG_ALGS_NO_ENCR | CFG_ALGS_NO_PRF | \
				    CFG_ALGS_NO_DH)
/* The algorithms of `ikev2 proposal` node prop, and of the transform of
 * `ipsec transform-set` node ts. */
void	cfg_algs_proposal(const struct cfg_view *, long prop,
	    struct cfg_algs *);
void	cfg_algs_transform(const struct cfg_view *, long ts,
	    struct cfg_algs *);

/*
 * The authentication methods of `ikev2 profile` node prof: local defaults
 * to pre-shared, remote to local.  NULL for a value the schema does not
 * know.  Their meaning (CFG_MK_AUTH) gives the IANA method.
 */
void	cfg_profile_auth(const struct cfg_view *, long prof,
	    const struct cfg_meaning **local, const struct cfg_meaning **remote);
/*
 * The pre-shared key keyring peer node peer signs with (remote 0) or
 * verifies with (remote 1): its `pre-shared-key local` (`remote`), else
 * its `pre-shared-key`; NULL when it has neither.
 */
const char *cfg_peer_psk(const struct cfg_view *, long peer, int remote);
/* The peer of keyring node kr whose address covers addr (host order), the
 * most specific one (of equally specific ones, the first in key order),
 * or CFG_NODE_NONE. */
long	cfg_keyring_peer(const struct cfg_view *, long kr, uint32_t addr);

#endif
