/*
 * The live show renderers (see show_live.h): records in, SPEC section 8
 * text out.  Layout rules live here and nowhere else: the colon column of
 * each command, the rule lines, the order of the labels, and one empty
 * line between sessions or SAs.  The algorithm spellings are the
 * configuration schema's (cfgdb/schema.c): the daemon reports IANA
 * numbers, and the value of the configuration word that means that
 * number says how it shows.
 */
#include "config.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cfgdb/schema.h"
#include "cli/show_live.h"

/* Colon columns (SPEC section 8). */
#define COL_SESSION		20
#define COL_SESSION_DETAIL	28
#define COL_SUMMARY		39
#define COL_IPSEC		22
#define COL_STATS		33
#define COL_DATAPLANE		20

/*
 * Field access with defaults
 */

uint32_t
sl_u32(const struct ctl_rec *r, const char *name)
{
	uint32_t	v = 0;

	if (r != NULL)
		(void)ctl_rec_u32(r, name, &v);
	return v;
}

uint64_t
sl_u64(const struct ctl_rec *r, const char *name)
{
	uint64_t	v = 0;

	if (r != NULL)
		(void)ctl_rec_u64(r, name, &v);
	return v;
}

const char *
sl_str(const struct ctl_rec *r, const char *name)
{
	const char	*s = r != NULL ? ctl_rec_str(r, name) : NULL;

	return s != NULL ? s : "";
}

/*
 * Strings come from the daemon and are not trusted (ctl_proto.h): every
 * byte outside printable ASCII is shown as \xNN, so a string can neither
 * break a line nor send terminal escapes.
 */
static void
esc(const char *s, char *out, size_t outlen)
{
	size_t	n = 0;

	for (; *s != '\0' && n + 5 < outlen; s++) {
		if ((unsigned char)*s >= 0x20 && (unsigned char)*s < 0x7f)
			out[n++] = *s;
		else
			n += (size_t)snprintf(out + n, outlen - n, "\\x%02x",
			    (unsigned char)*s);
	}
	out[n] = '\0';
}

/* One formatted line with every daemon string in it escaped. */
static void
emit(struct buf *out, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void
emit(struct buf *out, const char *fmt, ...)
{
	char	raw[1024], safe[4096];
	va_list	ap;

	va_start(ap, fmt);
	vsnprintf(raw, sizeof(raw), fmt, ap);
	va_end(ap);
	esc(raw, safe, sizeof(safe));
	buf_printf(out, "%s\n", safe);
}

/* "label<pad>: value\n" with the colon at column col. */
static void
line(struct buf *out, int col, const char *label, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void
line(struct buf *out, int col, const char *label, const char *fmt, ...)
{
	char	val[512], l[512], v[2048];
	va_list	ap;

	va_start(ap, fmt);
	vsnprintf(val, sizeof(val), fmt, ap);
	va_end(ap);
	esc(label, l, sizeof(l));
	esc(val, v, sizeof(v));
	buf_printf(out, "%-*s: %s\n", col, l, v);
}

/*
 * Names
 */

#define UNKNOWN		"Unknown"
/* No integrity transform (an AEAD cipher): IANA INTEG NONE. */
#define NO_INTEG	"None"

/*
 * How the value of row meaning (kind, id) with key length keylen shows
 * (in show ipsec sa when ipsec is set), or NULL.
 */
static const char *
shown(unsigned row, unsigned kind, uint32_t id, unsigned keylen, int ipsec)
{
	const struct cfg_meaning	*m;

	if ((m = cfg_meaning_find(row, kind, id, keylen)) == NULL)
		return NULL;
	return ipsec ? m->show_ipsec : m->show;
}

static const char *
or_unknown(const char *name)
{
	return name != NULL ? name : UNKNOWN;
}

const char *
sl_ike_encr_name(uint32_t encr)
{
	return or_unknown(shown(CFG_R_PROP_ENC, CFG_MK_ENCR, encr,
	    CFG_KEYLEN_ANY, 0));
}

const char *
sl_hash_name(uint32_t id, int prf)
{
	if (prf)
		return or_unknown(shown(CFG_R_PROP_PRF, CFG_MK_PRF, id, 0, 0));
	if (id == IANA_INTEG_NONE)
		return NO_INTEG;
	return or_unknown(shown(CFG_R_PROP_INTEG, CFG_MK_INTEG, id, 0, 0));
}

const char *
sl_auth_name(uint32_t method)
{
	return or_unknown(shown(CFG_R_PROF_AUTH_LOCAL, CFG_MK_AUTH, method, 0,
	    0));
}

const char *
sl_esp_encr_name(uint32_t encr, uint32_t keylen, char *buf, size_t len)
{
	snprintf(buf, len, "%s", or_unknown(shown(CFG_R_TS_TRANSFORM,
	    CFG_MK_ENCR, encr, keylen, 1)));
	return buf;
}

const char *
sl_esp_auth_name(uint32_t integ)
{
	if (integ == IANA_INTEG_NONE)
		return NO_INTEG;
	return or_unknown(shown(CFG_R_TS_TRANSFORM, CFG_MK_INTEG, integ, 0,
	    1));
}

/* A DH group as the IKE lines show it ("20"), or its number. */
static const char *
dh_name(uint32_t group, int ipsec, char *buf, size_t len)
{
	const char	*n = shown(ipsec ? CFG_R_IP_PFS : CFG_R_PROP_DH,
			    CFG_MK_DH, group, 0, ipsec);

	if (n == NULL)
		snprintf(buf, len, ipsec ? "group%u" : "%u", group);
	else
		snprintf(buf, len, "%s", n);
	return buf;
}

static int
finish(struct buf *out, size_t n)
{
	if (n == 0)
		buf_printf(out, "\n");
	return out->oom ? -1 : 0;
}

/*
 * show ikev2 session [detail]
 */

static void
session_child(struct buf *out, const struct ctl_rec *c, int col, int detail)
{
	const struct ctl_field	*f;
	size_t			 i;
	int			 any;

	buf_printf(out, "Child SA\n-----\n");
	for (i = 0, any = 0; (f = ctl_rec_field(c, i)) != NULL; i++)
		if (f->type == CTL_FT_STR &&
		    strcmp(f->name, CTL_F_LOCAL_SEL) == 0) {
			line(out, col, "Local Selector", "%s", f->data);
			any = 1;
		}
	if (!any)
		line(out, col, "Local Selector", "%s", "");
	for (i = 0, any = 0; (f = ctl_rec_field(c, i)) != NULL; i++)
		if (f->type == CTL_FT_STR &&
		    strcmp(f->name, CTL_F_REMOTE_SEL) == 0) {
			line(out, col, "Remote Selector", "%s", f->data);
			any = 1;
		}
	if (!any)
		line(out, col, "Remote Selector", "%s", "");
	line(out, col, "ESP SPI IN/OUT", "0x%08x / 0x%08x", sl_u32(c, CTL_F_SPI_IN),
	    sl_u32(c, CTL_F_SPI_OUT));
	if (!detail)
		return;
	line(out, col, "Encryption", "%s", sl_ike_encr_name(sl_u32(c, CTL_F_ENCR)));
	line(out, col, "Keysize", "%u", sl_u32(c, CTL_F_ENCR_KEYLEN));
	line(out, col, "ESP HMAC", "%s", sl_hash_name(sl_u32(c, CTL_F_INTEG), 0));
}

static void
session_ike(struct buf *out, const struct ctl_rec *s, const struct ctl_rec *ike,
    int col, int detail)
{
	const struct ctl_rec	*c;
	size_t			 it = 0;
	char			 dh[16];

	line(out, col, "IKE SA ID", "%u", sl_u32(ike, CTL_F_IKE_SA_ID));
	buf_printf(out, "-----\n");
	line(out, col, "Local", "%s/%u", sl_str(ike, CTL_F_LOCAL),
	    sl_u32(ike, CTL_F_LOCAL_PORT));
	line(out, col, "Remote", "%s/%u", sl_str(ike, CTL_F_REMOTE),
	    sl_u32(ike, CTL_F_REMOTE_PORT));
	line(out, col, "Status(Description)", "%s (%s)",
	    sl_str(ike, CTL_F_IKE_STATUS), sl_str(ike, CTL_F_IKE_STATUS_DESC));
	line(out, col, "Role", "%s", sl_str(ike, CTL_F_ROLE));
	if (detail) {
		line(out, col, "Encryption/Keysize", "%s/%u",
		    sl_ike_encr_name(sl_u32(ike, CTL_F_ENCR)),
		    sl_u32(ike, CTL_F_ENCR_KEYLEN));
		line(out, col, "PRF/Hash/DH Group", "%s/%s/%s",
		    sl_hash_name(sl_u32(ike, CTL_F_PRF), 1),
		    sl_hash_name(sl_u32(ike, CTL_F_INTEG), 0),
		    dh_name(sl_u32(ike, CTL_F_DH_GROUP), 0, dh, sizeof(dh)));
		line(out, col, "Authentication(Sign/Verify)", "%s/%s",
		    sl_auth_name(sl_u32(ike, CTL_F_AUTH_LOCAL)),
		    sl_auth_name(sl_u32(ike, CTL_F_AUTH_REMOTE)));
		line(out, col, "Life/Active Time(sec)", "%u/%u",
		    sl_u32(ike, CTL_F_LIFETIME), sl_u32(ike, CTL_F_ACTIVE_TIME));
		line(out, col, "Session ID", "%u", sl_u32(s, CTL_F_SESSION_ID));
		line(out, col, "Local SPI", "%016" PRIX64,
		    sl_u64(ike, CTL_F_LOCAL_SPI));
		line(out, col, "Remote SPI", "%016" PRIX64,
		    sl_u64(ike, CTL_F_REMOTE_SPI));
		line(out, col, "Local ID", "%s", sl_str(ike, CTL_F_LOCAL_ID));
		line(out, col, "Remote ID", "%s", sl_str(ike, CTL_F_REMOTE_ID));
	}
	while ((c = ctl_rec_next(ike, CTL_F_CHILD_SA, &it)) != NULL)
		session_child(out, c, col, detail);
}

int
sl_render_ikev2_session(struct buf *out, struct ctl_rec *const *recs,
    size_t n, unsigned flags)
{
	int			 detail = (flags & SL_F_DETAIL) != 0;
	int			 col = detail ? COL_SESSION_DETAIL :
				    COL_SESSION;
	const struct ctl_rec	*ike;
	size_t			 i, it;

	for (i = 0; i < n; i++) {
		if (i > 0)
			buf_printf(out, "\n");
		line(out, col, "Session ID", "%u", sl_u32(recs[i], CTL_F_SESSION_ID));
		buf_printf(out, "=====\n");
		line(out, col, "Status", "%s", sl_str(recs[i], CTL_F_STATUS));
		line(out, col, "IKE Count", "%u", sl_u32(recs[i], CTL_F_IKE_COUNT));
		line(out, col, "Child Count", "%u",
		    sl_u32(recs[i], CTL_F_CHILD_COUNT));
		it = 0;
		while ((ike = ctl_rec_next(recs[i], CTL_F_IKE_SA, &it)) != NULL)
			session_ike(out, recs[i], ike, col, detail);
	}
	return finish(out, n);
}

/* A signature scheme, or what the other direction used instead. */
static const char *
or_psk(const char *sig)
{
	return sig[0] != '\0' ? sig : "none (pre-shared key)";
}

/*
 * show ikev2 sa [detail]: IOS XE's table (research/iosxr-cli.md 7.2),
 * columns at 0, 10, 32, 54, 75.
 */

int
sl_render_ikev2_sa(struct buf *out, struct ctl_rec *const *recs, size_t n,
    unsigned flags)
{
	const struct ctl_rec	*r;
	char			 loc[40], rem[40], dh[16];
	size_t			 i;

	if (n > 0)
		buf_printf(out, "%-10s%-22s%-22s%-21s%s\n", "Tunnel-id",
		    "Local", "Remote", "fvrf/ivrf", "Status");
	for (i = 0; i < n; i++) {
		r = recs[i];
		snprintf(loc, sizeof(loc), "%s/%u", sl_str(r, CTL_F_LOCAL),
		    sl_u32(r, CTL_F_LOCAL_PORT));
		snprintf(rem, sizeof(rem), "%s/%u", sl_str(r, CTL_F_REMOTE),
		    sl_u32(r, CTL_F_REMOTE_PORT));
		emit(out, "%-10u%-22s%-22s%-21s%s",
		    sl_u32(r, CTL_F_IKE_SA_ID), loc, rem, "none/none",
		    sl_str(r, CTL_F_IKE_STATUS));
		emit(out, "      Encr: %s, keysize: %u, PRF: %s, Hash: %s, "
		    "DH Grp:%s, Auth sign: %s, Auth verify: %s",
		    sl_ike_encr_name(sl_u32(r, CTL_F_ENCR)), sl_u32(r, CTL_F_ENCR_KEYLEN),
		    sl_hash_name(sl_u32(r, CTL_F_PRF), 1),
		    sl_hash_name(sl_u32(r, CTL_F_INTEG), 0),
		    dh_name(sl_u32(r, CTL_F_DH_GROUP), 0, dh, sizeof(dh)),
		    sl_auth_name(sl_u32(r, CTL_F_AUTH_LOCAL)),
		    sl_auth_name(sl_u32(r, CTL_F_AUTH_REMOTE)));
		emit(out, "      Life/Active Time: %u/%u sec",
		    sl_u32(r, CTL_F_LIFETIME), sl_u32(r, CTL_F_ACTIVE_TIME));
		if (flags & SL_F_DETAIL) {
			emit(out, "      Status Description: %s",
			    sl_str(r, CTL_F_IKE_STATUS_DESC));
			emit(out, "      Role: %s, Session ID: %u, "
			    "Interface: %s", sl_str(r, CTL_F_ROLE),
			    sl_u32(r, CTL_F_SESSION_ID), sl_str(r, CTL_F_TUNNEL));
			emit(out, "      Local spi: %016" PRIX64
			    "       Remote spi: %016" PRIX64,
			    sl_u64(r, CTL_F_LOCAL_SPI), sl_u64(r, CTL_F_REMOTE_SPI));
			emit(out, "      Local id: %s", sl_str(r, CTL_F_LOCAL_ID));
			emit(out, "      Remote id: %s", sl_str(r, CTL_F_REMOTE_ID));
			/* With certificates: the schemes of both signatures
			 * and whom the peer's certificate names. */
			if (ctl_rec_str(r, CTL_F_SIG_LOCAL) != NULL ||
			    ctl_rec_str(r, CTL_F_SIG_REMOTE) != NULL)
				emit(out, "      Signature sign: %s, "
				    "Signature verify: %s",
				    or_psk(sl_str(r, CTL_F_SIG_LOCAL)),
				    or_psk(sl_str(r, CTL_F_SIG_REMOTE)));
			if (ctl_rec_str(r, CTL_F_PEER_CERT) != NULL)
				emit(out, "      Peer certificate: %s",
				    sl_str(r, CTL_F_PEER_CERT));
		}
	}
	return finish(out, n);
}

/*
 * show ikev2 summary
 */

int
sl_render_ikev2_summary(struct buf *out, struct ctl_rec *const *recs,
    size_t n, unsigned flags)
{
	const struct ctl_rec	*r = n > 0 ? recs[0] : NULL;
	uint32_t		 oa = sl_u32(r, CTL_F_OUT_ACTIVE);
	uint32_t		 on = sl_u32(r, CTL_F_OUT_NEG);
	uint32_t		 ia = sl_u32(r, CTL_F_IN_ACTIVE);
	uint32_t		 in = sl_u32(r, CTL_F_IN_NEG);

	buf_printf(out, "IKEv2 Session Summary\n-----\n");
	line(out, COL_SUMMARY, "Total Sa (Active/Negotiation)", "%u (%u/%u)",
	    oa + on + ia + in, oa + ia, on + in);
	line(out, COL_SUMMARY, "Total Outgoing Sa (Active/Negotiation)",
	    "%u (%u/%u)", oa + on, oa, on);
	line(out, COL_SUMMARY, "Total Incoming Sa (Active/Negotiation)",
	    "%u (%u/%u)", ia + in, ia, in);
	return out->oom ? -1 : 0;
}

/*
 * show ikev2 statistics
 */

int
sl_render_ikev2_statistics(struct buf *out, struct ctl_rec *const *recs,
    size_t n, unsigned flags)
{
	const struct ctl_rec	*r = n > 0 ? recs[0] : NULL;
	const struct ctl_rec	*x;
	char			 label[64];
	size_t			 i, it;

	if (r == NULL)
		return finish(out, 0);
	buf_printf(out, "IKEv2 Statistics\n-----\n");
	it = 0;
	while ((x = ctl_rec_next(r, CTL_F_EXCHANGE, &it)) != NULL) {
		snprintf(label, sizeof(label), "%s Sent/Received",
		    sl_str(x, CTL_F_NAME));
		line(out, COL_STATS, label, "%" PRIu64 "/%" PRIu64,
		    sl_u64(x, CTL_F_SENT), sl_u64(x, CTL_F_RECEIVED));
	}
	for (i = 0; i < CTL_IKEC_MAX; i++)
		line(out, COL_STATS, ctl_ike_counters[i].label, "%" PRIu64,
		    sl_u64(r, ctl_ike_counters[i].field));
	buf_printf(out, "Failures\n-----\n");
	it = 0;
	while ((x = ctl_rec_next(r, CTL_F_FAILURE, &it)) != NULL)
		line(out, COL_STATS, sl_str(x, CTL_F_REASON), "%" PRIu64,
		    sl_u64(x, CTL_F_COUNT));
	return out->oom ? -1 : 0;
}

/*
 * show ipsec sa [interface X] [detail]
 */

static void
ipsec_dir(struct buf *out, const struct ctl_rec *d, const char *title,
    int detail)
{
	char	enc[32];

	buf_printf(out, "%s\n", title);
	line(out, COL_IPSEC, "SPI", "0x%08x", sl_u32(d, CTL_F_SPI));
	line(out, COL_IPSEC, "Protocol", "ESP");
	line(out, COL_IPSEC, "Encrypt Algorithm", "%s",
	    sl_esp_encr_name(sl_u32(d, CTL_F_ENCR), sl_u32(d, CTL_F_ENCR_KEYLEN), enc,
	    sizeof(enc)));
	line(out, COL_IPSEC, "Auth Algorithm", "%s",
	    sl_esp_auth_name(sl_u32(d, CTL_F_INTEG)));
	line(out, COL_IPSEC, "Rekey (After Seconds)", "%u",
	    sl_u32(d, CTL_F_REKEY_IN));
	if (!detail)
		return;
	line(out, COL_IPSEC, "Lifetime (Seconds)", "%u", sl_u32(d, CTL_F_LIFETIME));
	line(out, COL_IPSEC, "Expires (After Sec)", "%u",
	    sl_u32(d, CTL_F_EXPIRE_IN));
	line(out, COL_IPSEC, "Packets", "%" PRIu64, sl_u64(d, CTL_F_PACKETS));
	line(out, COL_IPSEC, "Bytes", "%" PRIu64, sl_u64(d, CTL_F_BYTES));
	line(out, COL_IPSEC, "Errors", "%" PRIu64, sl_u64(d, CTL_F_ERRORS));
	line(out, COL_IPSEC, "Replay Drops", "%" PRIu64,
	    sl_u64(d, CTL_F_REPLAY_DROPS));
}

static void
ipsec_block(struct buf *out, const struct ctl_rec *r, int detail)
{
	size_t	it;
	char	dh[16];

	line(out, COL_IPSEC, "Interface Name", "%s", sl_str(r, CTL_F_INTERFACE));
	line(out, COL_IPSEC, "Interface handle", "0x%x", sl_u32(r, CTL_F_IF_HANDLE));
	line(out, COL_IPSEC, "SA id", "%u", sl_u32(r, CTL_F_SA_ID));
	line(out, COL_IPSEC, "Mode", "Tunnel");
	if (detail) {
		line(out, COL_IPSEC, "Local", "%s", sl_str(r, CTL_F_LOCAL));
		line(out, COL_IPSEC, "Remote", "%s", sl_str(r, CTL_F_REMOTE));
		line(out, COL_IPSEC, "UDP Encapsulation", "%s",
		    sl_u32(r, CTL_F_ENCAP) ? "Yes" : "No");
		if (sl_u32(r, CTL_F_PFS))
			line(out, COL_IPSEC, "PFS (DH Group)", "%s",
			    dh_name(sl_u32(r, CTL_F_PFS), 1, dh, sizeof(dh)));
		else
			line(out, COL_IPSEC, "PFS (DH Group)", "None");
		line(out, COL_IPSEC, "State", "%s", sl_str(r, CTL_F_STATE));
	}
	buf_printf(out, "-----\n");
	it = 0;
	ipsec_dir(out, ctl_rec_next(r, CTL_F_IN, &it), "Inbound SA", detail);
	buf_printf(out, "-----\n");
	it = 0;
	ipsec_dir(out, ctl_rec_next(r, CTL_F_OUT, &it), "Outbound SA", detail);
}

int
sl_render_ipsec_sa(struct buf *out, struct ctl_rec *const *recs, size_t n,
    unsigned flags)
{
	const struct ctl_rec	*in, *o;
	char			 spi[16];
	size_t			 i, it;

	if (flags & (SL_F_INTERFACE | SL_F_DETAIL)) {
		for (i = 0; i < n; i++) {
			if (i > 0)
				buf_printf(out, "\n");
			ipsec_block(out, recs[i], (flags & SL_F_DETAIL) != 0);
		}
		return finish(out, n);
	}
	if (n == 0)
		return finish(out, 0);
	buf_printf(out, "%-17s%-9s%-14s%s\n", "If/name", "SA-Id",
	    "Inbound SPI", "Outbound SPI");
	buf_printf(out, "%.52s\n", "-----------------------------------------"
	    "-----------------------------------------");
	for (i = 0; i < n; i++) {
		it = 0;
		in = ctl_rec_next(recs[i], CTL_F_IN, &it);
		it = 0;
		o = ctl_rec_next(recs[i], CTL_F_OUT, &it);
		snprintf(spi, sizeof(spi), "0x%08x", sl_u32(in, CTL_F_SPI));
		emit(out, "%-17s%-9u%-14s0x%08x",
		    sl_str(recs[i], CTL_F_INTERFACE), sl_u32(recs[i], CTL_F_SA_ID), spi,
		    sl_u32(o, CTL_F_SPI));
	}
	return out->oom ? -1 : 0;
}

/*
 * show ipsec dataplane
 */

int
sl_render_ipsec_dataplane(struct buf *out, struct ctl_rec *const *recs,
    size_t n, unsigned flags)
{
	const struct ctl_rec	*r = n > 0 ? recs[0] : NULL;

	if (r == NULL)
		return finish(out, 0);
	line(out, COL_DATAPLANE, "Data plane", "%s", sl_str(r, CTL_F_BACKEND));
	line(out, COL_DATAPLANE, "Reason", "%s", sl_str(r, CTL_F_REASON));
	if (sl_str(r, CTL_F_MODE)[0] != '\0')
		line(out, COL_DATAPLANE, "Mode", "%s", sl_str(r, CTL_F_MODE));
	line(out, COL_DATAPLANE, "Tunnels", "%u", sl_u32(r, CTL_F_TUNNELS));
	line(out, COL_DATAPLANE, "Child SAs", "%u", sl_u32(r, CTL_F_CHILD_SAS));
	line(out, COL_DATAPLANE, "Packets Out", "%" PRIu64,
	    sl_u64(r, CTL_F_PACKETS_OUT));
	line(out, COL_DATAPLANE, "Packets In", "%" PRIu64,
	    sl_u64(r, CTL_F_PACKETS_IN));
	line(out, COL_DATAPLANE, "Drops (no SA)", "%" PRIu64,
	    sl_u64(r, CTL_F_DROPS_NO_SA));
	line(out, COL_DATAPLANE, "Drops (invalid)", "%" PRIu64,
	    sl_u64(r, CTL_F_DROPS_BAD));
	line(out, COL_DATAPLANE, "Drops (system)", "%" PRIu64,
	    sl_u64(r, CTL_F_DROPS_IO));
	line(out, COL_DATAPLANE, "ESP-in-UDP Received", "%" PRIu64,
	    sl_u64(r, CTL_F_ESP_RECEIVED));
	line(out, COL_DATAPLANE, "ESP-in-UDP Dropped", "%" PRIu64,
	    sl_u64(r, CTL_F_ESP_DROPPED));
	return out->oom ? -1 : 0;
}

/*
 * show crypto ca certificates: per trustpoint, in the layout of IOS XR's
 * (a block per certificate, the distinguished names on their own lines).
 */

#define COL_CA		17

static void
ca_cert(struct buf *out, const struct ctl_rec *x)
{
	const char	*role = sl_str(x, CTL_F_CERT_ROLE);

	emit(out, "%s certificate", role);
	if (strcmp(role, "Router") == 0)
		buf_printf(out, "  %-*s: %s\n", COL_CA - 2, "Status",
		    "Available");
	buf_printf(out, "  %-*s: ", COL_CA - 2, "Serial Number");
	emit(out, "0x%s", sl_str(x, CTL_F_SERIAL));
	buf_printf(out, "  Subject:\n");
	emit(out, "        %s", sl_str(x, CTL_F_SUBJECT));
	buf_printf(out, "  %-*s:\n", COL_CA - 2, "Issued By");
	emit(out, "        %s", sl_str(x, CTL_F_ISSUER));
	buf_printf(out, "  %-*s: ", COL_CA - 2, "Validity Start");
	emit(out, "%s", sl_str(x, CTL_F_NOT_BEFORE));
	buf_printf(out, "  %-*s: ", COL_CA - 2, "Validity End");
	emit(out, "%s", sl_str(x, CTL_F_NOT_AFTER));
	buf_printf(out, "  %-*s: %u bits\n", COL_CA - 2, "Key Size",
	    sl_u32(x, CTL_F_KEY_BITS));
}

int
sl_render_crypto_ca(struct buf *out, struct ctl_rec *const *recs, size_t n,
    unsigned flags)
{
	const struct ctl_rec	*x;
	const char		*e;
	size_t			 i, it;

	(void)flags;
	for (i = 0; i < n; i++) {
		if (i > 0)
			buf_printf(out, "\n");
		buf_printf(out, "%-*s: ", COL_CA, "Trustpoint");
		emit(out, "%s", sl_str(recs[i], CTL_F_TRUSTPOINT));
		buf_printf(out, "==================================="
		    "===============\n");
		if ((e = sl_str(recs[i], CTL_F_ERROR))[0] != '\0') {
			buf_printf(out, "%-*s: ", COL_CA, "Status");
			emit(out, "Unusable: %s", e);
		}
		it = 0;
		while ((x = ctl_rec_next(recs[i], CTL_F_CERT, &it)) != NULL)
			ca_cert(out, x);
	}
	return finish(out, n);
}

int
sl_render(uint16_t type, struct buf *out, struct ctl_rec *const *recs,
    size_t n, unsigned flags)
{
	switch (type) {
	case CTL_SHOW_IKEV2_SESSION:
		return sl_render_ikev2_session(out, recs, n, flags);
	case CTL_SHOW_IKEV2_SA:
		return sl_render_ikev2_sa(out, recs, n, flags);
	case CTL_SHOW_IKEV2_SUMMARY:
		return sl_render_ikev2_summary(out, recs, n, flags);
	case CTL_SHOW_IKEV2_STATISTICS:
		return sl_render_ikev2_statistics(out, recs, n, flags);
	case CTL_SHOW_IPSEC_SA:
		return sl_render_ipsec_sa(out, recs, n, flags);
	case CTL_SHOW_IPSEC_DATAPLANE:
		return sl_render_ipsec_dataplane(out, recs, n, flags);
	case CTL_SHOW_CRYPTO_CA:
		return sl_render_crypto_ca(out, recs, n, flags);
	default:
		return -1;
	}
}
