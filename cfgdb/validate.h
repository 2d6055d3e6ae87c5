/*
 * Commit-time semantic validation (SPEC 3.1): the cfg_validate_fn the
 * shell hands to cfg_commit() (commit.h).  Every error is keyed to the
 * item at fault (in the new configuration; for a deletion that breaks a
 * reference, the deleted object) with a precise reason.
 *
 * Pure over the two item sets, except for the trustpoint file checks,
 * which go through a hook (the default one reads the PEM files with
 * OpenSSL).
 */
#ifndef CFGDB_VALIDATE_H
#define CFGDB_VALIDATE_H

#include <stddef.h>
#include <stdint.h>

#include "cfgdb/commit.h"
#include "cfgdb/items.h"

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

#endif
