/*
 * The checksum of a running configuration (store_priv.h): SHA-256 over
 * the database's name and a zero octet, then every item in key order,
 * each as its key, a zero octet, its value and a zero octet (none may
 * hold a zero octet, so no two configurations give the same input).  The store writes it with each commit and checks
 * it on each read of running, so that a flipped octet in a row, which
 * SQLite itself does not notice, is refused instead of applied.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <openssl/evp.h>

#include "cfgdb/store_priv.h"

/* Described in store_priv.h. */
int
st_running_sum(const char *db_id, const struct cfg_items *items, char *out)
{
	const struct cfg_item	*v;
	EVP_MD_CTX		*ctx;
	unsigned char		 md[EVP_MAX_MD_SIZE];
	unsigned int		 mdlen = 0, k;
	size_t			 n, i;
	int			 ok;

	if ((ctx = EVP_MD_CTX_new()) == NULL)
		return -1;
	v = cfg_items_sorted(items, &n);
	ok = (v != NULL || n == 0) &&
	    EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) == 1 &&
	    EVP_DigestUpdate(ctx, db_id, strlen(db_id) + 1) == 1;
	for (i = 0; ok && i < n; i++)
		ok = EVP_DigestUpdate(ctx, v[i].key, strlen(v[i].key) + 1) ==
		    1 && EVP_DigestUpdate(ctx, v[i].value,
		    strlen(v[i].value) + 1) == 1;
	ok = ok && EVP_DigestFinal_ex(ctx, md, &mdlen) == 1 &&
	    mdlen * 2 == ST_RUNSUM_LEN;
	EVP_MD_CTX_free(ctx);
	if (!ok)
		return -1;
	for (k = 0; k < mdlen; k++)
		snprintf(out + 2 * k, 3, "%02x", md[k]);
	return 0;
}
