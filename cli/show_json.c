/*
 * The live shows as JSON (show_json.h).  One function per command, each
 * the counterpart of its text renderer in show_live.c: the same records,
 * the same name functions (sl_*_name), the same detail rule.  Fields the
 * daemon left out read as 0 or "", as they do in the tables.
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "cli/json_out.h"
#include "cli/show_json.h"
#include "cli/show_if.h"
#include "cli/show_live.h"

/* Copies u32 field name of r to o under the same key. */
static int
cp32(struct json_object *o, const struct ctl_rec *r, const char *name)
{
	return jo_u64(o, name, sl_u32(r, name));
}

static int
cp64(struct json_object *o, const struct ctl_rec *r, const char *name)
{
	return jo_u64(o, name, sl_u64(r, name));
}

static int
cpstr(struct json_object *o, const struct ctl_rec *r, const char *name)
{
	return jo_str(o, name, sl_str(r, name));
}

/* An IKE SPI as the tables print it. */
static int
spi64(struct json_object *o, const char *key, uint64_t v)
{
	char	b[24];

	snprintf(b, sizeof(b), "%016" PRIX64, v);
	return jo_str(o, key, b);
}

/* Every string of the repeated field name of r, as an array. */
static int
strings(struct json_object *o, const char *key, const struct ctl_rec *r,
    const char *name)
{
	const struct ctl_field	*f;
	struct json_object	*a;
	size_t			 i;
	int			 rc = 0;

	if ((a = jo_array(o, key)) == NULL)
		return -1;
	for (i = 0; (f = ctl_rec_field(r, i)) != NULL; i++)
		if (f->type == CTL_FT_STR && strcmp(f->name, name) == 0)
			rc |= jo_push_str(a, (const char *)f->data);
	return rc;
}

/* The IKE algorithms of r (an IKE SA record). */
static int
ike_algs(struct json_object *o, const struct ctl_rec *r)
{
	int	rc = 0;

	rc |= jo_str(o, "encryption", sl_ike_encr_name(sl_u32(r, CTL_F_ENCR)));
	rc |= jo_u64(o, "encryption-id", sl_u32(r, CTL_F_ENCR));
	rc |= jo_u64(o, "keysize", sl_u32(r, CTL_F_ENCR_KEYLEN));
	rc |= jo_str(o, "prf", sl_hash_name(sl_u32(r, CTL_F_PRF), 1));
	rc |= jo_u64(o, "prf-id", sl_u32(r, CTL_F_PRF));
	rc |= jo_str(o, "integrity", sl_hash_name(sl_u32(r, CTL_F_INTEG), 0));
	rc |= jo_u64(o, "integrity-id", sl_u32(r, CTL_F_INTEG));
	rc |= cp32(o, r, CTL_F_DH_GROUP);
	rc |= jo_str(o, "auth-local", sl_auth_name(sl_u32(r, CTL_F_AUTH_LOCAL)));
	rc |= jo_u64(o, "auth-local-id", sl_u32(r, CTL_F_AUTH_LOCAL));
	rc |= jo_str(o, "auth-remote", sl_auth_name(sl_u32(r, CTL_F_AUTH_REMOTE)));
	rc |= jo_u64(o, "auth-remote-id", sl_u32(r, CTL_F_AUTH_REMOTE));
	rc |= cp32(o, r, CTL_F_LIFETIME);
	rc |= cp32(o, r, CTL_F_ACTIVE_TIME);
	return rc;
}

/* What identifies an IKE SA and its peers, in both ikev2 shows. */
static int
ike_base(struct json_object *o, const struct ctl_rec *r)
{
	int	rc = 0;

	rc |= cp32(o, r, CTL_F_IKE_SA_ID);
	rc |= cpstr(o, r, CTL_F_LOCAL);
	rc |= cp32(o, r, CTL_F_LOCAL_PORT);
	rc |= cpstr(o, r, CTL_F_REMOTE);
	rc |= cp32(o, r, CTL_F_REMOTE_PORT);
	rc |= jo_str(o, "status", sl_str(r, CTL_F_IKE_STATUS));
	rc |= jo_str(o, "status-description", sl_str(r, CTL_F_IKE_STATUS_DESC));
	rc |= cpstr(o, r, CTL_F_ROLE);
	return rc;
}

static int
ike_ids(struct json_object *o, const struct ctl_rec *r)
{
	int	rc = 0;

	rc |= spi64(o, CTL_F_LOCAL_SPI, sl_u64(r, CTL_F_LOCAL_SPI));
	rc |= spi64(o, CTL_F_REMOTE_SPI, sl_u64(r, CTL_F_REMOTE_SPI));
	rc |= cpstr(o, r, CTL_F_LOCAL_ID);
	rc |= cpstr(o, r, CTL_F_REMOTE_ID);
	return rc;
}

/*
 * show ikev2 session [detail]
 */

static int
session_child(struct json_object *a, const struct ctl_rec *c, int detail)
{
	struct json_object	*o;
	int			 rc = 0;

	if ((o = jo_push_object(a)) == NULL)
		return -1;
	rc |= cp32(o, c, CTL_F_SA_ID);
	rc |= strings(o, "local-selectors", c, CTL_F_LOCAL_SEL);
	rc |= strings(o, "remote-selectors", c, CTL_F_REMOTE_SEL);
	rc |= cp32(o, c, CTL_F_SPI_IN);
	rc |= cp32(o, c, CTL_F_SPI_OUT);
	if (!detail)
		return rc;
	rc |= jo_str(o, "encryption", sl_ike_encr_name(sl_u32(c, CTL_F_ENCR)));
	rc |= jo_u64(o, "encryption-id", sl_u32(c, CTL_F_ENCR));
	rc |= jo_u64(o, "keysize", sl_u32(c, CTL_F_ENCR_KEYLEN));
	rc |= jo_str(o, "integrity", sl_hash_name(sl_u32(c, CTL_F_INTEG), 0));
	rc |= jo_u64(o, "integrity-id", sl_u32(c, CTL_F_INTEG));
	return rc;
}

static int
session_ike(struct json_object *a, const struct ctl_rec *ike, int detail)
{
	const struct ctl_rec	*c;
	struct json_object	*o, *kids;
	size_t			 it = 0;
	int			 rc = 0;

	if ((o = jo_push_object(a)) == NULL)
		return -1;
	rc |= ike_base(o, ike);
	if (detail) {
		rc |= ike_algs(o, ike);
		rc |= ike_ids(o, ike);
	}
	if ((kids = jo_array(o, "child-sas")) == NULL)
		return -1;
	while ((c = ctl_rec_next(ike, CTL_F_CHILD_SA, &it)) != NULL)
		rc |= session_child(kids, c, detail);
	return rc;
}

static int
ikev2_session(struct json_object *doc, struct ctl_rec *const *recs, size_t n,
    int detail)
{
	const struct ctl_rec	*ike;
	struct json_object	*a, *o, *ikes;
	size_t			 i, it;
	int			 rc = 0;

	if ((a = jo_array(doc, "sessions")) == NULL)
		return -1;
	for (i = 0; i < n; i++) {
		if ((o = jo_push_object(a)) == NULL)
			return -1;
		rc |= cp32(o, recs[i], CTL_F_SESSION_ID);
		rc |= cpstr(o, recs[i], CTL_F_TUNNEL);
		rc |= cpstr(o, recs[i], CTL_F_STATUS);
		rc |= cp32(o, recs[i], CTL_F_IKE_COUNT);
		rc |= cp32(o, recs[i], CTL_F_CHILD_COUNT);
		if ((ikes = jo_array(o, "ike-sas")) == NULL)
			return -1;
		it = 0;
		while ((ike = ctl_rec_next(recs[i], CTL_F_IKE_SA, &it)) != NULL)
			rc |= session_ike(ikes, ike, detail);
	}
	return rc;
}

/*
 * show ikev2 sa [detail]
 */

static int
ikev2_sa(struct json_object *doc, struct ctl_rec *const *recs, size_t n,
    int detail)
{
	struct json_object	*a, *o;
	size_t			 i;
	int			 rc = 0;

	if ((a = jo_array(doc, "sas")) == NULL)
		return -1;
	for (i = 0; i < n; i++) {
		if ((o = jo_push_object(a)) == NULL)
			return -1;
		rc |= ike_base(o, recs[i]);
		rc |= ike_algs(o, recs[i]);
		if (!detail)
			continue;
		rc |= cp32(o, recs[i], CTL_F_SESSION_ID);
		rc |= cpstr(o, recs[i], CTL_F_TUNNEL);
		rc |= ike_ids(o, recs[i]);
	}
	return rc;
}

/*
 * show ikev2 summary
 */

static int
total(struct json_object *doc, const char *key, uint32_t active,
    uint32_t neg)
{
	struct json_object	*o;
	int			 rc = 0;

	if ((o = jo_object(doc, key)) == NULL)
		return -1;
	rc |= jo_u64(o, "sas", (uint64_t)active + neg);
	rc |= jo_u64(o, "active", active);
	rc |= jo_u64(o, "negotiating", neg);
	return rc;
}

static int
ikev2_summary(struct json_object *doc, struct ctl_rec *const *recs, size_t n)
{
	const struct ctl_rec	*r = n > 0 ? recs[0] : NULL;
	uint32_t		 oa = sl_u32(r, CTL_F_OUT_ACTIVE);
	uint32_t		 on = sl_u32(r, CTL_F_OUT_NEG);
	uint32_t		 ia = sl_u32(r, CTL_F_IN_ACTIVE);
	uint32_t		 in = sl_u32(r, CTL_F_IN_NEG);
	int			 rc = 0;

	/* Sums as the table's, in 32 bits. */
	rc |= total(doc, "total", oa + ia, on + in);
	rc |= total(doc, "outgoing", oa, on);
	rc |= total(doc, "incoming", ia, in);
	return rc;
}

/*
 * show ikev2 statistics
 */

static int
ikev2_statistics(struct json_object *doc, struct ctl_rec *const *recs,
    size_t n)
{
	const struct ctl_rec	*r = n > 0 ? recs[0] : NULL;
	const struct ctl_rec	*x;
	struct json_object	*a, *o;
	size_t			 i, it = 0;
	int			 rc = 0;

	if ((a = jo_array(doc, "exchanges")) == NULL)
		return -1;
	while (r != NULL &&
	    (x = ctl_rec_next(r, CTL_F_EXCHANGE, &it)) != NULL) {
		if ((o = jo_push_object(a)) == NULL)
			return -1;
		rc |= cpstr(o, x, CTL_F_NAME);
		rc |= cp64(o, x, CTL_F_SENT);
		rc |= cp64(o, x, CTL_F_RECEIVED);
	}
	/* The counters by their wire names, in the table's order. */
	if ((o = jo_object(doc, "counters")) == NULL)
		return -1;
	for (i = 0; i < CTL_IKEC_MAX; i++)
		rc |= cp64(o, r, ctl_ike_counters[i].field);
	if ((a = jo_array(doc, "failures")) == NULL)
		return -1;
	it = 0;
	while (r != NULL &&
	    (x = ctl_rec_next(r, CTL_F_FAILURE, &it)) != NULL) {
		if ((o = jo_push_object(a)) == NULL)
			return -1;
		rc |= cpstr(o, x, CTL_F_REASON);
		rc |= cp64(o, x, CTL_F_COUNT);
	}
	return rc;
}

/*
 * show ipsec sa [interface X] [detail]
 */

static int
ipsec_dir(struct json_object *sa, const char *key, const struct ctl_rec *d,
    int detail)
{
	struct json_object	*o;
	char			 enc[32];
	int			 rc = 0;

	if ((o = jo_object(sa, key)) == NULL)
		return -1;
	rc |= cp32(o, d, CTL_F_SPI);
	rc |= jo_str(o, "protocol", "ESP");
	rc |= jo_str(o, "encryption", sl_esp_encr_name(sl_u32(d, CTL_F_ENCR),
	    sl_u32(d, CTL_F_ENCR_KEYLEN), enc, sizeof(enc)));
	rc |= jo_u64(o, "encryption-id", sl_u32(d, CTL_F_ENCR));
	rc |= jo_u64(o, "keysize", sl_u32(d, CTL_F_ENCR_KEYLEN));
	rc |= jo_str(o, "integrity", sl_esp_auth_name(sl_u32(d, CTL_F_INTEG)));
	rc |= jo_u64(o, "integrity-id", sl_u32(d, CTL_F_INTEG));
	rc |= cp32(o, d, CTL_F_REKEY_IN);
	if (!detail)
		return rc;
	rc |= cp32(o, d, CTL_F_LIFETIME);
	rc |= cp32(o, d, CTL_F_EXPIRE_IN);
	rc |= cp64(o, d, CTL_F_PACKETS);
	rc |= cp64(o, d, CTL_F_BYTES);
	rc |= cp64(o, d, CTL_F_ERRORS);
	rc |= cp64(o, d, CTL_F_REPLAY_DROPS);
	return rc;
}

static int
ipsec_sa(struct json_object *doc, struct ctl_rec *const *recs, size_t n,
    int detail)
{
	struct json_object	*a, *o;
	size_t			 i, it;
	int			 rc = 0;

	if ((a = jo_array(doc, "sas")) == NULL)
		return -1;
	for (i = 0; i < n; i++) {
		if ((o = jo_push_object(a)) == NULL)
			return -1;
		rc |= cpstr(o, recs[i], CTL_F_INTERFACE);
		rc |= cp32(o, recs[i], CTL_F_IF_HANDLE);
		rc |= cp32(o, recs[i], CTL_F_SA_ID);
		rc |= jo_str(o, "mode", "Tunnel");
		if (detail) {
			rc |= cpstr(o, recs[i], CTL_F_LOCAL);
			rc |= cpstr(o, recs[i], CTL_F_REMOTE);
			rc |= jo_bool(o, "udp-encapsulation",
			    sl_u32(recs[i], CTL_F_ENCAP));
			rc |= jo_u64(o, "pfs-group", sl_u32(recs[i], CTL_F_PFS));
			rc |= cpstr(o, recs[i], CTL_F_STATE);
		}
		it = 0;
		rc |= ipsec_dir(o, "inbound", ctl_rec_next(recs[i], CTL_F_IN,
		    &it), detail);
		it = 0;
		rc |= ipsec_dir(o, "outbound", ctl_rec_next(recs[i], CTL_F_OUT,
		    &it), detail);
	}
	return rc;
}

/*
 * show ipsec dataplane
 */

static int
ipsec_dataplane(struct json_object *doc, struct ctl_rec *const *recs,
    size_t n)
{
	static const char *const	 counters[] = {
		CTL_F_PACKETS_OUT, CTL_F_PACKETS_IN, CTL_F_DROPS_NO_SA,
		CTL_F_DROPS_BAD, CTL_F_DROPS_IO, CTL_F_ESP_RECEIVED,
		CTL_F_ESP_DROPPED,
	};
	const struct ctl_rec		*r = n > 0 ? recs[0] : NULL;
	size_t				 i;
	int				 rc = 0;

	rc |= cpstr(doc, r, CTL_F_BACKEND);
	rc |= cpstr(doc, r, CTL_F_REASON);
	rc |= cpstr(doc, r, CTL_F_MODE);
	rc |= cp32(doc, r, CTL_F_TUNNELS);
	rc |= cp32(doc, r, CTL_F_CHILD_SAS);
	for (i = 0; i < sizeof(counters) / sizeof(counters[0]); i++)
		rc |= cp64(doc, r, counters[i]);
	return rc;
}

/* show crypto ca certificates: a trustpoint per record, its certificates
 * (the record's CTL_F_CERT sub-records) in the table's order. */
static int
crypto_ca(struct json_object *doc, struct ctl_rec *const *recs, size_t n)
{
	struct json_object	*a, *o, *c, *co;
	const struct ctl_rec	*x;
	const char		*e;
	size_t			 i, it;
	int			 rc = 0;

	if ((a = jo_array(doc, "trustpoints")) == NULL)
		return -1;
	for (i = 0; rc == 0 && i < n; i++) {
		if ((o = jo_push_object(a)) == NULL)
			return -1;
		rc |= jo_str(o, "trustpoint", sl_str(recs[i], CTL_F_TRUSTPOINT));
		e = sl_str(recs[i], CTL_F_ERROR);
		rc |= jo_str(o, "error", e[0] ? e : NULL);
		if ((c = jo_array(o, "certificates")) == NULL)
			return -1;
		it = 0;
		while (rc == 0 &&
		    (x = ctl_rec_next(recs[i], CTL_F_CERT, &it)) != NULL) {
			if ((co = jo_push_object(c)) == NULL)
				return -1;
			rc |= jo_str(co, "role", sl_str(x, CTL_F_CERT_ROLE));
			rc |= jo_str(co, "serial", sl_str(x, CTL_F_SERIAL));
			rc |= jo_str(co, "subject", sl_str(x, CTL_F_SUBJECT));
			rc |= jo_str(co, "issuer", sl_str(x, CTL_F_ISSUER));
			rc |= jo_str(co, "not-before", sl_str(x, CTL_F_NOT_BEFORE));
			rc |= jo_str(co, "not-after", sl_str(x, CTL_F_NOT_AFTER));
			rc |= jo_u64(co, "key-bits", sl_u32(x, CTL_F_KEY_BITS));
		}
	}
	return rc;
}

struct json_object *
sj_render_interfaces(struct ctl_rec *const *recs, size_t n, int view)
{
	static const char *const schema[] = {
		[SL_IF_INTERFACES] = "interfaces",
		[SL_IF_IPV4] = "ipv4-interface",
		[SL_IF_IPV6] = "ipv6-interface",
	};
	struct json_object	*doc, *a, *o;
	const char		*addr;
	size_t			 i;
	int			 rc = 0;

	if (view < SL_IF_INTERFACES || view > SL_IF_IPV6 ||
	    (doc = jo_doc(schema[view], SJ_VERSION)) == NULL)
		return NULL;
	if ((a = jo_array(doc, "interfaces")) == NULL)
		rc = -1;
	for (i = 0; rc == 0 && i < n; i++) {
		if ((o = jo_push_object(a)) == NULL) {
			rc = -1;
			break;
		}
		rc |= cpstr(o, recs[i], CTL_F_INTERFACE);
		rc |= jo_str(o, "state", sl_if_state(recs[i]));
		rc |= jo_str(o, "line-protocol", sl_if_line_state(recs[i]));
		if (view == SL_IF_IPV6) {
			/* tunnel-ip interfaces carry no IPv6 (the table's
			 * "unassigned"). */
			rc |= jo_str(o, "address", NULL);
			continue;
		}
		addr = sl_str(recs[i], CTL_F_ADDRESS);
		rc |= jo_str(o, "address", addr[0] ? addr : NULL);
		if (addr[0])
			rc |= cp32(o, recs[i], CTL_F_PREFIX_LEN);
		else
			rc |= jo_str(o, CTL_F_PREFIX_LEN, NULL);
		rc |= cp32(o, recs[i], CTL_F_MTU);
		if (view == SL_IF_IPV4)
			continue;
		rc |= jo_str(o, "local", sl_str(recs[i], CTL_F_LOCAL)[0] ?
		    sl_str(recs[i], CTL_F_LOCAL) : NULL);
		rc |= jo_str(o, "remote", sl_str(recs[i], CTL_F_REMOTE)[0] ?
		    sl_str(recs[i], CTL_F_REMOTE) : NULL);
		rc |= cp32(o, recs[i], CTL_F_CHILD_SAS);
		rc |= cp64(o, recs[i], CTL_F_RX_PACKETS);
		rc |= cp64(o, recs[i], CTL_F_RX_BYTES);
		rc |= cp64(o, recs[i], CTL_F_RX_ERRORS);
		rc |= cp64(o, recs[i], CTL_F_RX_DROPPED);
		rc |= cp64(o, recs[i], CTL_F_TX_PACKETS);
		rc |= cp64(o, recs[i], CTL_F_TX_BYTES);
		rc |= cp64(o, recs[i], CTL_F_TX_ERRORS);
		rc |= cp64(o, recs[i], CTL_F_TX_DROPPED);
	}
	if (rc != 0) {
		json_object_put(doc);
		return NULL;
	}
	return doc;
}

struct json_object *
sj_render(uint16_t type, struct ctl_rec *const *recs, size_t n,
    unsigned flags)
{
	static const struct {
		uint16_t	 type;
		const char	*schema;
	} schemas[] = {
		{ CTL_SHOW_IKEV2_SESSION, "ikev2-session" },
		{ CTL_SHOW_IKEV2_SA, "ikev2-sa" },
		{ CTL_SHOW_IKEV2_SUMMARY, "ikev2-summary" },
		{ CTL_SHOW_IKEV2_STATISTICS, "ikev2-statistics" },
		{ CTL_SHOW_IPSEC_SA, "ipsec-sa" },
		{ CTL_SHOW_IPSEC_DATAPLANE, "ipsec-dataplane" },
		{ CTL_SHOW_CRYPTO_CA, "crypto-ca-certificates" },
	};
	struct json_object	*doc = NULL;
	int			 detail = (flags & SL_F_DETAIL) != 0;
	int			 rc = -1;
	size_t			 i;

	for (i = 0; i < sizeof(schemas) / sizeof(schemas[0]); i++)
		if (schemas[i].type == type)
			break;
	if (i == sizeof(schemas) / sizeof(schemas[0]) ||
	    (doc = jo_doc(schemas[i].schema, SJ_VERSION)) == NULL)
		return NULL;
	/* Only the commands that have a `detail` say which form this is. */
	if ((type == CTL_SHOW_IKEV2_SESSION || type == CTL_SHOW_IKEV2_SA ||
	    type == CTL_SHOW_IPSEC_SA) && jo_bool(doc, "detail", detail) == -1)
		goto out;
	switch (type) {
	case CTL_SHOW_IKEV2_SESSION:
		rc = ikev2_session(doc, recs, n, detail);
		break;
	case CTL_SHOW_IKEV2_SA:
		rc = ikev2_sa(doc, recs, n, detail);
		break;
	case CTL_SHOW_IKEV2_SUMMARY:
		rc = ikev2_summary(doc, recs, n);
		break;
	case CTL_SHOW_IKEV2_STATISTICS:
		rc = ikev2_statistics(doc, recs, n);
		break;
	case CTL_SHOW_IPSEC_SA:
		rc = ipsec_sa(doc, recs, n, detail);
		break;
	case CTL_SHOW_CRYPTO_CA:
		rc = crypto_ca(doc, recs, n);
		break;
	default:
		rc = ipsec_dataplane(doc, recs, n);
		break;
	}
out:
	if (rc != 0) {
		json_object_put(doc);
		return NULL;
	}
	return doc;
}
