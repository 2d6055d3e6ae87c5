/*
 * Name tables for the IKEv2 protocol numbers in ikev2_const.h.  Each
 * function is a switch generated from the same X-macro list as the enum, so
 * a duplicated value is a compile error and a new constant gets its name
 * for free.
 */
#include "config.h"

#include "ikev2/ikev2_const.h"

#define IKE_NAME_CASE(name, val, str)	case (val): return (str);

#define IKE_NAME_FN(fn, list)			\
const char *					\
fn(unsigned v)					\
{						\
	switch (v) {				\
	list(IKE_NAME_CASE)			\
	default:				\
		break;				\
	}					\
	return "UNKNOWN";			\
}

IKE_NAME_FN(ike_exchange_name, IKE_EXCHANGE_LIST)
IKE_NAME_FN(ike_payload_name, IKE_PAYLOAD_LIST)
IKE_NAME_FN(ike_proto_name, IKE_PROTO_LIST)
IKE_NAME_FN(ike_xform_type_name, IKE_XFORM_TYPE_LIST)
IKE_NAME_FN(ike_id_type_name, IKE_ID_LIST)
IKE_NAME_FN(ike_cert_encoding_name, IKE_CERT_LIST)
IKE_NAME_FN(ike_auth_method_name, IKE_AUTHM_LIST)
IKE_NAME_FN(ike_notify_name, IKE_NOTIFY_LIST)
IKE_NAME_FN(ike_ts_type_name, IKE_TS_LIST)
IKE_NAME_FN(ike_cfg_type_name, IKE_CFG_LIST)
IKE_NAME_FN(ike_cfg_attr_name, IKE_CFGA_LIST)

static IKE_NAME_FN(encr_name, IKE_ENCR_LIST)
static IKE_NAME_FN(prf_name, IKE_PRF_LIST)
static IKE_NAME_FN(integ_name, IKE_INTEG_LIST)
static IKE_NAME_FN(dh_name, IKE_DH_LIST)
static IKE_NAME_FN(esn_name, IKE_ESN_LIST)

/* Described in header. */
const char *
ike_xform_id_name(unsigned type, unsigned id)
{
	switch (type) {
	case IKE_TT_ENCR:
		return encr_name(id);
	case IKE_TT_PRF:
		return prf_name(id);
	case IKE_TT_INTEG:
		return integ_name(id);
	case IKE_TT_DH:
		return dh_name(id);
	case IKE_TT_ESN:
		return esn_name(id);
	default:
		return "UNKNOWN";
	}
}
