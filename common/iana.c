/*
 * Registry names of the IANA numbers in iana.h: one switch per list,
 * generated from the list itself, so a number cannot lose its name.
 */
#include "config.h"

#include <stddef.h>

#include "common/iana.h"

#define IANA_NAME_CASE(name, val, str)	case (val): return (str);

#define IANA_NAME_FN(fn, list)			\
const char *					\
fn(unsigned v)					\
{						\
	switch (v) {				\
	list(IANA_NAME_CASE)			\
	default:				\
		return NULL;			\
	}					\
}

IANA_NAME_FN(iana_xform_type_name, IANA_TT_LIST)
IANA_NAME_FN(iana_auth_name, IANA_AUTH_LIST)
static IANA_NAME_FN(encr_name, IANA_ENCR_LIST)
static IANA_NAME_FN(prf_name, IANA_PRF_LIST)
static IANA_NAME_FN(integ_name, IANA_INTEG_LIST)
static IANA_NAME_FN(dh_name, IANA_DH_LIST)

/* Described in header. */
const char *
iana_xform_name(unsigned type, unsigned id)
{
	switch (type) {
	case IANA_TT_ENCR:
		return encr_name(id);
	case IANA_TT_PRF:
		return prf_name(id);
	case IANA_TT_INTEG:
		return integ_name(id);
	case IANA_TT_DH:
		return dh_name(id);
	default:
		return NULL;
	}
}
