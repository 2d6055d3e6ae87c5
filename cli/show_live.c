/*
 * Live-state commands (SPEC section 8): `show ikev2 ...`, `show ipsec
 * ...` and `clear ...` go to mgmtsecd as typed requests over the control
 * socket (common/ctl_client.h); the structured replies are formatted
 * here, IOS XR style, with the colons of one command in one column.
 * Strings from the daemon are printed through an escape, never raw.
 *
 * The reply fields read here (common/ctl_proto.h leaves the detail lists
 * to the daemon; these are the names this side expects):
 *
 *  CTL_SHOW_IKEV2_SESSION, per session: session-id u32, status str,
 *    ike-count u32, child-count u32, ike-sa rec*:
 *      ike-sa-id u32, local str, local-port u32, remote str,
 *      remote-port u32, ike-status str ("READY (Negotiation done)"),
 *      role str; detail: encryption str ("AES-CBC"), keysize u32,
 *      prf str, hash str ("SHA256"), dh-group u32, auth-sign str,
 *      auth-verify str ("PSK"/"RSA"), lifetime u32, active-time u32,
 *      local-spi u64, remote-spi u64, local-id str, remote-id str;
 *      child-sa rec*: local-selector str, remote-selector str,
 *        spi-in u32, spi-out u32; detail: encryption str, keysize u32,
 *        esp-hmac str ("SHA256", "None").
 *  CTL_SHOW_IKEV2_SUMMARY, one record: active, negotiating, out-active,
 *    out-negotiating, in-active, in-negotiating (u32 each).
 *  CTL_SHOW_IPSEC_SA, per tunnel: interface str, sa-id u32, spi-in u32,
 *    spi-out u32 (the table); with interface or detail also handle u32,
 *    mode str ("Tunnel"), inbound rec and outbound rec: spi u32,
 *    protocol str ("ESP"), encrypt str ("ESP_192_AES"), auth str
 *    ("HMAC_SHA_256"), rekey u32 (seconds).
 *  Anything else (sa, statistics, dataplane) is printed field by field.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/shell_priv.h"
#include "common/ctl_client.h"

/* A daemon string made printable (borrowed buffer). */
static const char *
esc(const char *s, char *buf, size_t bufsz)
{
	size_t	n = 0;

	if (s == NULL)
		s = "";
	for (; *s && n + 5 < bufsz; s++) {
		if ((unsigned char)*s >= 0x20 && (unsigned char)*s < 0x7f)
			buf[n++] = *s;
		else
			n += (size_t)snprintf(buf + n, bufsz - n, "\\x%02x",
			    (unsigned char)*s);
	}
	buf[n] = 0;
	return buf;
}

/* "label<pad>: value" with the colon at column col. */
static void
kv(struct buf *b, int col, const char *label, const char *value)
{
	buf_printf(b, "%-*s: %s\n", col, label, value);
}

static const char *
rstr(const struct ctl_rec *r, const char *name, char *buf, size_t bufsz)
{
	return esc(ctl_rec_str(r, name), buf, bufsz);
}

static const char *
ru32(const struct ctl_rec *r, const char *name, char *buf, size_t bufsz)
{
	uint32_t	v;

	if (ctl_rec_u32(r, name, &v) == -1)
		return "";
	snprintf(buf, bufsz, "%u", v);
	return buf;
}

/* Described in SPEC 8: `show ikev2 session [detail]`. */
void	cli_fmt_ikev2_session(const struct ctl_rec *, int detail,
	    struct buf *);

void
cli_fmt_ikev2_session(const struct ctl_rec *s, int detail, struct buf *b)
{
	const struct ctl_rec	*ike, *child;
	size_t			 i1 = 0, i2;
	int			 c = detail ? 28 : 20;
	char			 v1[256], v2[256], v3[256], v4[256], t[512];
	uint32_t		 a, bb;
	uint64_t		 x;

	kv(b, c, "Session ID", ru32(s, "session-id", v1, sizeof(v1)));
	buf_printf(b, "=====\n");
	kv(b, c, "Status", rstr(s, "status", v1, sizeof(v1)));
	kv(b, c, "IKE Count", ru32(s, "ike-count", v1, sizeof(v1)));
	kv(b, c, "Child Count", ru32(s, "child-count", v1, sizeof(v1)));
	while ((ike = ctl_rec_next(s, "ike-sa", &i1)) != NULL) {
		kv(b, c, "IKE SA ID", ru32(ike, "ike-sa-id", v1, sizeof(v1)));
		buf_printf(b, "-----\n");
		snprintf(t, sizeof(t), "%s/%s", rstr(ike, "local", v1,
		    sizeof(v1)), ru32(ike, "local-port", v2, sizeof(v2)));
		kv(b, c, "Local", t);
		snprintf(t, sizeof(t), "%s/%s", rstr(ike, "remote", v1,
		    sizeof(v1)), ru32(ike, "remote-port", v2, sizeof(v2)));
		kv(b, c, "Remote", t);
		kv(b, c, "Status(Description)", rstr(ike, "ike-status", v1,
		    sizeof(v1)));
		kv(b, c, "Role", rstr(ike, "role", v1, sizeof(v1)));
		if (detail) {
			snprintf(t, sizeof(t), "%s/%s", rstr(ike, "encryption",
			    v1, sizeof(v1)), ru32(ike, "keysize", v2,
			    sizeof(v2)));
			kv(b, c, "Encryption/Keysize", t);
			snprintf(t, sizeof(t), "%s/%s/%s", rstr(ike, "prf", v1,
			    sizeof(v1)), rstr(ike, "hash", v2, sizeof(v2)),
			    ru32(ike, "dh-group", v3, sizeof(v3)));
			kv(b, c, "PRF/Hash/DH Group", t);
			snprintf(t, sizeof(t), "%s/%s", rstr(ike, "auth-sign",
			    v1, sizeof(v1)), rstr(ike, "auth-verify", v2,
			    sizeof(v2)));
			kv(b, c, "Authentication(Sign/Verify)", t);
			snprintf(t, sizeof(t), "%s/%s", ru32(ike, "lifetime",
			    v1, sizeof(v1)), ru32(ike, "active-time", v2,
			    sizeof(v2)));
			kv(b, c, "Life/Active Time(sec)", t);
			kv(b, c, "Session ID", ru32(s, "session-id", v1,
			    sizeof(v1)));
			v1[0] = v2[0] = 0;
			if (ctl_rec_u64(ike, "local-spi", &x) == 0)
				snprintf(v1, sizeof(v1), "%016llX",
				    (unsigned long long)x);
			if (ctl_rec_u64(ike, "remote-spi", &x) == 0)
				snprintf(v2, sizeof(v2), "%016llX",
				    (unsigned long long)x);
			kv(b, c, "Local SPI", v1);
			kv(b, c, "Remote SPI", v2);
			kv(b, c, "Local ID", rstr(ike, "local-id", v3,
			    sizeof(v3)));
			kv(b, c, "Remote ID", rstr(ike, "remote-id", v4,
			    sizeof(v4)));
		}
		i2 = 0;
		while ((child = ctl_rec_next(ike, "child-sa", &i2)) != NULL) {
			buf_printf(b, "Child SA\n-----\n");
			kv(b, c, "Local Selector", rstr(child, "local-selector",
			    v1, sizeof(v1)));
			kv(b, c, "Remote Selector", rstr(child,
			    "remote-selector", v1, sizeof(v1)));
			a = bb = 0;
			ctl_rec_u32(child, "spi-in", &a);
			ctl_rec_u32(child, "spi-out", &bb);
			snprintf(t, sizeof(t), "0x%08x / 0x%08x", a, bb);
			kv(b, c, "ESP SPI IN/OUT", t);
			if (detail) {
				kv(b, c, "Encryption", rstr(child,
				    "encryption", v1, sizeof(v1)));
				kv(b, c, "Keysize", ru32(child, "keysize", v1,
				    sizeof(v1)));
				kv(b, c, "ESP HMAC", rstr(child, "esp-hmac",
				    v1, sizeof(v1)));
			}
		}
	}
}

/* Any record as "name : value" lines (statistics, data plane, ...). */
static void
fmt_generic(const struct ctl_rec *r, int ind, struct buf *b)
{
	const struct ctl_field	*f;
	size_t			 i, w = 0, l;
	char			 v[512];

	for (i = 0; (f = ctl_rec_field(r, i)) != NULL; i++)
		if ((l = strlen(f->name)) > w)
			w = l;
	for (i = 0; (f = ctl_rec_field(r, i)) != NULL; i++) {
		switch (f->type) {
		case CTL_FT_STR:
			buf_printf(b, "%*s%-*s : %s\n", ind, "", (int)w,
			    f->name, esc((const char *)f->data, v, sizeof(v)));
			break;
		case CTL_FT_U32:
			buf_printf(b, "%*s%-*s : %u\n", ind, "", (int)w,
			    f->name, f->u32);
			break;
		case CTL_FT_U64:
			buf_printf(b, "%*s%-*s : %llu\n", ind, "", (int)w,
			    f->name, (unsigned long long)f->u64);
			break;
		case CTL_FT_REC:
			buf_printf(b, "%*s%s\n", ind, "", f->name);
			fmt_generic(f->rec, ind + 2, b);
			break;
		default:
			buf_printf(b, "%*s%-*s : (%zu bytes)\n", ind, "",
			    (int)w, f->name, f->len);
			break;
		}
	}
}

static void
fmt_ipsec_table(struct ctl_rec **recs, size_t n, struct buf *b)
{
	char		v[256], id[32], w[32];
	uint32_t	a, c;
	size_t		i;

	buf_printf(b, "%-17s%-9s%-14s%s\n", "If/name", "SA-Id", "Inbound SPI",
	    "Outbound SPI");
	buf_printf(b, "----------------------------------------------------\n");
	for (i = 0; i < n; i++) {
		a = c = 0;
		ctl_rec_u32(recs[i], "spi-in", &a);
		ctl_rec_u32(recs[i], "spi-out", &c);
		snprintf(w, sizeof(w), "0x%08x", a);
		buf_printf(b, "%-17s%-9s%-14s0x%08x\n", rstr(recs[i],
		    "interface", v, sizeof(v)), ru32(recs[i], "sa-id", id,
		    sizeof(id)), w, c);
	}
}

static void
fmt_ipsec_if(const struct ctl_rec *r, struct buf *b)
{
	static const char *const dirs[] = { "inbound", "outbound" };
	static const char *const titles[] = { "Inbound SA", "Outbound SA" };
	const struct ctl_rec	*d;
	char			 v[256];
	uint32_t		 x;
	size_t			 k, it;

	kv(b, 22, "Interface Name", rstr(r, "interface", v, sizeof(v)));
	x = 0;
	ctl_rec_u32(r, "handle", &x);
	snprintf(v, sizeof(v), "0x%x", x);
	kv(b, 22, "Interface handle", v);
	kv(b, 22, "SA id", ru32(r, "sa-id", v, sizeof(v)));
	kv(b, 22, "Mode", rstr(r, "mode", v, sizeof(v)));
	for (k = 0; k < 2; k++) {
		it = 0;
		if ((d = ctl_rec_next(r, dirs[k], &it)) == NULL)
			continue;
		buf_printf(b, "-----\n%s\n", titles[k]);
		x = 0;
		ctl_rec_u32(d, "spi", &x);
		snprintf(v, sizeof(v), "0x%08x", x);
		kv(b, 22, "SPI", v);
		kv(b, 22, "Protocol", rstr(d, "protocol", v, sizeof(v)));
		kv(b, 22, "Encrypt Algorithm", rstr(d, "encrypt", v,
		    sizeof(v)));
		kv(b, 22, "Auth Algorithm", rstr(d, "auth", v, sizeof(v)));
		kv(b, 22, "Rekey (After Seconds)", ru32(d, "rekey", v,
		    sizeof(v)));
	}
}

static void
fmt_summary(const struct ctl_rec *r, struct buf *b)
{
	static const struct {
		const char *label, *a, *n;
	} rows[] = {
		{ "Total Sa (Active/Negotiation)", "active", "negotiating" },
		{ "Total Outgoing Sa (Active/Negotiation)", "out-active",
		    "out-negotiating" },
		{ "Total Incoming Sa (Active/Negotiation)", "in-active",
		    "in-negotiating" },
	};
	uint32_t	a, n;
	char		v[64];
	size_t		i;

	buf_printf(b, "IKEv2 Session Summary\n-----\n");
	for (i = 0; i < 3; i++) {
		a = n = 0;
		ctl_rec_u32(r, rows[i].a, &a);
		ctl_rec_u32(r, rows[i].n, &n);
		snprintf(v, sizeof(v), "%u (%u/%u)", a + n, a, n);
		kv(b, 39, rows[i].label, v);
	}
}

static int
call(struct cli_shell *sh, uint16_t type, struct ctl_rec *params,
    struct ctl_reply *reply)
{
	char	err[512];
	int	rc;

	memset(reply, 0, sizeof(*reply));
	rc = ctl_call(sh->sockpath, CTL_TIMEOUT_MS, type, params, reply, err,
	    sizeof(err));
	ctl_rec_free(params);
	if (rc == CTL_NOT_RUNNING)
		return sh_error(sh, "mgmtsecd is not running (socket %s)",
		    sh->sockpath);
	if (rc == -1)
		return sh_error(sh, "%s", err);
	if (reply->status != CTL_ST_OK) {
		rc = sh_error(sh, "%s", esc(reply->message, err, sizeof(err)));
		ctl_reply_clear(reply);
		return rc;
	}
	return 0;
}

CMD_HANDLER(cmd_live_show)
{
	struct ctl_reply	 reply;
	struct ctl_rec		*p = ctl_rec_new();
	const char		*name = m->cmd->name, *ifn;
	int			 detail = cli_match_arg(m, "detail") != NULL;
	uint16_t		 type;
	size_t			 i;

	if (p == NULL)
		return sh_error(sh, "Out of memory");
	if (strcmp(name, "show ikev2 session") == 0)
		type = CTL_SHOW_IKEV2_SESSION;
	else if (strcmp(name, "show ikev2 sa") == 0)
		type = CTL_SHOW_IKEV2_SA;
	else if (strcmp(name, "show ikev2 summary") == 0)
		type = CTL_SHOW_IKEV2_SUMMARY;
	else if (strcmp(name, "show ikev2 statistics") == 0)
		type = CTL_SHOW_IKEV2_STATISTICS;
	else if (strcmp(name, "show ipsec dataplane") == 0)
		type = CTL_SHOW_IPSEC_DATAPLANE;
	else
		type = CTL_SHOW_IPSEC_SA;
	if (detail)
		ctl_rec_add_u32(p, CTL_K_DETAIL, 1);
	if ((ifn = cli_match_arg(m, "IFNAME")) != NULL)
		ctl_rec_add_str(p, CTL_K_INTERFACE, ifn);
	if (call(sh, type, p, &reply) == -1)
		return -1;
	if (reply.nrecs == 0)
		sh_puts(sh, "\n");
	for (i = 0; i < reply.nrecs; i++) {
		if (i > 0)
			sh_puts(sh, "\n");
		switch (type) {
		case CTL_SHOW_IKEV2_SESSION:
			cli_fmt_ikev2_session(reply.recs[i], detail, &sh->out);
			break;
		case CTL_SHOW_IKEV2_SUMMARY:
			fmt_summary(reply.recs[i], &sh->out);
			break;
		case CTL_SHOW_IPSEC_SA:
			if (ifn || detail)
				fmt_ipsec_if(reply.recs[i], &sh->out);
			break;
		default:
			fmt_generic(reply.recs[i], 0, &sh->out);
			break;
		}
	}
	if (type == CTL_SHOW_IPSEC_SA && !ifn && !detail && reply.nrecs > 0)
		fmt_ipsec_table(reply.recs, reply.nrecs, &sh->out);
	ctl_reply_clear(&reply);
	return 0;
}

CMD_HANDLER(cmd_live_clear)
{
	struct ctl_reply	 reply;
	struct ctl_rec		*p = ctl_rec_new();
	const char		*v;
	char			 e[256];
	uint16_t		 type;

	if (p == NULL)
		return sh_error(sh, "Out of memory");
	type = strncmp(m->cmd->name, "clear ikev2", 11) == 0 ?
	    CTL_CLEAR_IKEV2_SA : CTL_CLEAR_IPSEC_SA;
	if ((v = cli_match_arg(m, "A.B.C.D")) != NULL)
		ctl_rec_add_str(p, CTL_K_REMOTE, v);
	else if ((v = cli_match_arg(m, "IFNAME")) != NULL)
		ctl_rec_add_str(p, CTL_K_INTERFACE, v);
	else
		ctl_rec_add_u32(p, CTL_K_ALL, 1);
	if (call(sh, type, p, &reply) == -1)
		return -1;
	if (reply.message && reply.message[0])
		sh_printf(sh, "%s\n", esc(reply.message, e, sizeof(e)));
	ctl_reply_clear(&reply);
	return 0;
}
