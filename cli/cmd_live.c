/*
 * The live-state commands of the exec table (SPEC section 8): `show ikev2
 * ...`, `show ipsec ...` and `clear ...` go to mgmtsecd as typed requests
 * over the control socket (common/ctl_client.h); the structured replies
 * are rendered by cli/show_live.c, the one place that knows the layouts.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/shell_priv.h"
#include "cli/show_if.h"
#include "cli/show_live.h"
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

int
sh_ctl_call(struct cli_shell *sh, uint16_t type, struct ctl_rec *params,
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

int
sh_live_fetch(struct cli_shell *sh, const struct cli_match *m, uint16_t *typep,
    unsigned *flagsp, struct ctl_reply *reply)
{
	struct ctl_rec		*p = ctl_rec_new();
	const char		*name = m->cmd->name, *ifn;
	unsigned		 flags = 0;
	uint16_t		 type;

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
	else if (strcmp(name, "show crypto ca certificates") == 0)
		type = CTL_SHOW_CRYPTO_CA;
	else
		type = CTL_SHOW_IPSEC_SA;
	if (cli_match_arg(m, "detail") != NULL) {
		flags |= SL_F_DETAIL;
		ctl_rec_add_u32(p, CTL_K_DETAIL, 1);
	}
	if ((ifn = cli_match_arg(m, "IFNAME")) != NULL) {
		flags |= SL_F_INTERFACE;
		ctl_rec_add_str(p, CTL_K_INTERFACE, ifn);
	}
	*typep = type;
	*flagsp = flags;
	return sh_ctl_call(sh, type, p, reply);
}

CMD_HANDLER(cmd_live_show)
{
	struct ctl_reply	 reply;
	unsigned		 flags;
	uint16_t		 type;
	int			 rc;

	if (sh_live_fetch(sh, m, &type, &flags, &reply) == -1)
		return -1;
	rc = sl_render(type, &sh->out, reply.recs, reply.nrecs, flags);
	ctl_reply_clear(&reply);
	return rc == 0 ? 0 : sh_error(sh, "Out of memory");
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
	if (sh_ctl_call(sh, type, p, &reply) == -1)
		return -1;
	if (reply.message && reply.message[0])
		sh_printf(sh, "%s\n", esc(reply.message, e, sizeof(e)));
	ctl_reply_clear(&reply);
	return 0;
}

/* show interfaces / show ipv4 interface / show ipv6 interface [IF]
 * [brief]: the daemon's tunnel-ip interfaces with the kernel's state. */
CMD_HANDLER(cmd_show_interfaces)
{
	struct ctl_reply	 reply;
	struct ctl_rec		*p = ctl_rec_new();
	const char		*name = m->cmd->name, *ifn;
	enum sl_if_view		 view = SL_IF_INTERFACES;
	int			 rc;

	if (p == NULL)
		return sh_error(sh, "Out of memory");
	if (strcmp(name, "show ipv4 interface") == 0)
		view = SL_IF_IPV4;
	else if (strcmp(name, "show ipv6 interface") == 0)
		view = SL_IF_IPV6;
	if ((ifn = cli_match_arg(m, "IFNAME")) != NULL)
		ctl_rec_add_str(p, CTL_K_INTERFACE, ifn);
	if (sh_ctl_call(sh, CTL_SHOW_INTERFACES, p, &reply) == -1)
		return -1;
	rc = sl_render_interfaces(&sh->out, reply.recs, reply.nrecs, view,
	    cli_match_arg(m, "brief") != NULL);
	ctl_reply_clear(&reply);
	return rc == 0 ? 0 : sh_error(sh, "Out of memory");
}
