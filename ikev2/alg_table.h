/*
 * The lookup shared by the transform descriptor tables of crypto.c and
 * dh.c (encryption, integrity, PRF, Diffie-Hellman group): each is a
 * static array of descriptors with a 16-bit IANA transform ID, and each
 * is searched by that ID the same way, so there is one search.
 */
#ifndef IKEV2_ALG_TABLE_H
#define IKEV2_ALG_TABLE_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

/*
 * The first of n descriptors of `size` octets each at table whose 16-bit
 * field at offset `off` equals id, or NULL.
 */
static inline const void *
ike_alg_find(const void *table, size_t n, size_t size, size_t off,
    uint16_t id)
{
	const unsigned char	*p = table;
	uint16_t		 v;
	size_t			 i;

	for (i = 0; i < n; i++, p += size) {
		memcpy(&v, p + off, sizeof(v));
		if (v == id)
			return p;
	}
	return NULL;
}

/* The descriptor of array tbl whose member `field` (a uint16_t: the
 * build fails otherwise) is id. */
#define IKE_ALG_FIND(tbl, field, id)					\
	((void)sizeof(char[sizeof((tbl)[0].field) == 2 ? 1 : -1]),	\
	ike_alg_find((tbl), NELEM(tbl), sizeof((tbl)[0]),		\
	    (size_t)((const char *)&(tbl)[0].field -			\
	    (const char *)&(tbl)[0]), (id)))

#endif
