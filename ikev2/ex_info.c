/*
 * INFORMATIONAL (RFC 7296 §1.4, §2.4, §2.21): Delete of the IKE SA or of
 * Child SAs, empty requests as liveness checks (DPD), and error notifies
 * sent or answered under the IKE SA.
 *
 *	HDR, SK {[N,] [D,] ...}  -->
 *	                    <--  HDR, SK {[N,] [D,] ...}
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ikev2/actions.h"
#include "ikev2/byteorder.h"
#include "ikev2/exchange.h"
#include "ikev2/sa.h"

#define DELETE_SPIS_MAX	64

/* Described in sa.h. */
int
ex_info_build_i(struct ike_sa *sa, struct ike_task *t)
{
	struct ike_child	*c = NULL;
	struct ike_msg		*m;
	uint8_t			 spi[4];

	if ((m = ike_sa_msg(sa, IKE_EXCH_INFORMATIONAL, 0, sa->my_msgid)) ==
	    NULL)
		return -1;
	switch (t->type) {
	case IKE_TASK_IKE_DELETE:
		if (sa->collided != NULL) {
			ike_sa_kill(sa->collided, "its old IKE SA is deleted");
			sa->collided = NULL;
		}
		ike_msg_add_delete(m, IKE_PROTO_IKE, 0, NULL, 0);
		if (ike_sa_set_state(sa, IKE_SA_DELETING) == -1) {
			ike_msg_free(m);
			return -1;
		}
		ike_act_log(sa->eng, sa, IKE_LOG_INFO, "IKE SA %u: sending "
		    "Delete", sa->id);
		break;
	case IKE_TASK_CHILD_DELETE:
		if (t->child_id)
			c = ike_child_by_id(sa, t->child_id);
		else if (t->spi)
			c = ike_child_by_spi_in(sa, t->spi);
		if (c != NULL) {
			t->spi = c->spi_in;
			c->state = IKE_CHILD_DELETING;
			c->rekey_ms = 0;
			c->delete_ms = 0;
			/* The peer removes its inbound SA when this
			 * arrives: we stop sending on it first. */
			ike_child_stop_out(sa, c);
		}
		if (t->spi == 0) {
			ike_msg_free(m);
			return -1;
		}
		ike_put32(spi, t->spi);
		ike_msg_add_delete(m, IKE_PROTO_ESP, 4, spi, 1);
		break;
	case IKE_TASK_AUTH_FAILED:
		ike_msg_add_notify(m, 0, NULL, 0, IKE_N_AUTHENTICATION_FAILED,
		    NULL, 0);
		break;
	case IKE_TASK_DPD:
	default:
		break;		/* empty: a liveness check (§1.4) */
	}
	return ike_sa_send_request(sa, m, t);
}

/* Described in sa.h. */
int
ex_info_process_i(struct ike_sa *sa, struct ike_task *t, struct ike_msg *m)
{
	struct ike_child	*c = NULL;
	struct ike_task		*n;

	switch (t->type) {
	case IKE_TASK_IKE_DELETE:
		ike_sa_kill(sa, "deleted");
		break;
	case IKE_TASK_CHILD_DELETE:
		if (t->child_id)
			c = ike_child_by_id(sa, t->child_id);
		if (c == NULL && t->spi)
			c = ike_child_by_spi_in(sa, t->spi);
		if (c != NULL)
			ike_child_delete(sa, c, "deleted");
		if (t->recreate && ike_sa_is_up(sa) &&
		    (n = ike_task_new(IKE_TASK_CHILD_CREATE)) != NULL)
			ike_sa_queue(sa, n);
		break;
	default:
		break;
	}
	return 0;
}

/* Described in sa.h. */
int
ex_info_process_r(struct ike_sa *sa, struct ike_msg *m)
{
	struct ike_engine	*e = sa->eng;
	const struct ike_pl	*pl = NULL;
	struct ike_child	*c;
	struct ike_msg		*r;
	uint8_t			 spis[DELETE_SPIS_MAX * 4];
	size_t			 nspi = 0, i;
	int			 delete_ike = 0;

	while ((pl = ike_msg_next(m, IKE_PL_DELETE, pl)) != NULL) {
		const struct ike_pl_delete *d = &pl->d;

		if (d->proto == IKE_PROTO_IKE) {
			delete_ike = 1;
			continue;
		}
		if (d->proto != IKE_PROTO_ESP || d->spi_len != 4)
			continue;
		for (i = 0; i < d->nspi; i++) {
			c = ike_child_by_spi_out(sa, ike_delete_spi32(d, i));
			if (c == NULL)
				continue;	/* §1.4.1: not ours, skip */
			/* §2.25.1: if we are deleting it too, no D for it. */
			if (c->state != IKE_CHILD_DELETING &&
			    nspi < DELETE_SPIS_MAX)
				ike_put32(spis + 4 * nspi++, c->spi_in);
			ike_child_delete(sa, c, "deleted by the peer");
		}
	}
	if (ike_msg_notify(m, IKE_N_AUTHENTICATION_FAILED) != NULL) {
		ike_act_fail(e, sa, IKE_FAIL_AUTH, "peer %s could not "
		    "authenticate us (AUTHENTICATION_FAILED after IKE_AUTH): "
		    "the pre-shared keys differ", IPS(sa->remote.ip));
		delete_ike = 1;
	}
	if ((r = ike_sa_msg(sa, IKE_EXCH_INFORMATIONAL, 1, m->hdr.msgid)) ==
	    NULL)
		return -1;
	if (!delete_ike && nspi)
		ike_msg_add_delete(r, IKE_PROTO_ESP, 4, spis, nspi);
	ike_sa_send_response(sa, r);
	if (delete_ike) {
		/* §2.25.2: a peer closing the SA we rekey wins; a rekey of
		 * the peer's we answered is the SA that lives on. */
		ex_rekey_conclude(sa);
		ike_sa_kill(sa, "deleted by the peer");
	}
	return 0;
}

/* Described in sa.h. */
void
ex_info_send_notify(struct ike_sa *sa, uint16_t type)
{
	struct ike_msg	*m;
	struct ike_task	*t;

	if ((m = ike_sa_msg(sa, IKE_EXCH_INFORMATIONAL, 0, sa->my_msgid)) ==
	    NULL)
		return;
	if ((t = ike_task_new(IKE_TASK_AUTH_FAILED)) == NULL) {
		ike_msg_free(m);
		return;
	}
	ike_msg_add_notify(m, 0, NULL, 0, type, NULL, 0);
	/* Sent once; the caller kills the SA, which stops retransmits. */
	if (ike_sa_send_request(sa, m, t) == -1 && sa->req.task != t)
		ike_task_free(t);
}
