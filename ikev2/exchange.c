/*
 * The exchange table (exchange.h): the one place that says which code
 * runs which exchange, in either role.
 *
 * A row is a kind of exchange, not an exchange type, because one type
 * can carry several kinds: CREATE_CHILD_SA makes or rekeys a Child SA and
 * rekeys the IKE SA (different payloads, different state), INFORMATIONAL
 * deletes an IKE or Child SA, checks liveness or reports an AUTH failure
 * (one function pair handles all four).  So every dispatch is one lookup
 * with a key that names one row:
 *
 *	what we start:		the task type, listed in the row's `tasks`:
 *				build_i sends the request, process_i takes
 *				the answer;
 *	what the peer starts:	the exchange type and, where rows share it,
 *				the protocol of the request's first
 *				proposal (`sa_proto`: IKE for an IKE SA
 *				rekey; 0 takes any, so the Child SA row
 *				also answers a request without an SA
 *				payload); process_r answers it.
 *
 * Which requests an SA takes in which state is decided before the
 * message is opened, by exchange type alone (ike_sa_accepts, sa.c).
 *
 * Dependencies run one way, each file using only those after it:
 *
 *	engine.c		events: routing, admin requests, snapshots
 *	exchange.c		this table
 *	ex_init.c		IKE_SA_INIT (starts IKE_AUTH)
 *	ex_auth.c		IKE_AUTH (with the Child SA part of ex_child.c
 *				and the AUTH failure notify of ex_info.c)
 *	ex_info.c		INFORMATIONAL (concludes a held IKE rekey)
 *	ex_child.c ex_rekey.c	CREATE_CHILD_SA
 *	sa.c child.c sa_index.c	the SA layer: objects, states, messages,
 *	frag.c			window, task queue, timers; fragments
 *				(RFC 7383: cut ours, reassemble the peer's)
 *	engine_cfg.c engine_env.c	configuration; randomness, limits,
 *				shared crypto objects
 *	actions.c		the action list (the leaf)
 *
 * over the codec, negotiation and crypto below them (msg, rules, sk,
 * proposal, ts, keys, crypto, dh).  The SA layer starts the tasks it
 * queues through e->start, which ike_engine_new points at
 * ike_exchange_start(), so it never names the exchanges above it.
 */
#include "config.h"

#include <stddef.h>

#include "ikev2/auth.h"
#include "ikev2/exchange.h"
#include "ikev2/sa.h"

#define TASK(t)	(1u << (t))

static const struct ike_exch_row exchanges[] = {
	{
		.exchange = IKE_EXCH_IKE_SA_INIT,
		.tasks = TASK(IKE_TASK_INIT),
		.build_i = ex_init_build_i,
		.process_r = ex_init_process_r,
		.process_i = ex_init_process_i,
	}, {
		.exchange = IKE_EXCH_IKE_AUTH,
		.tasks = TASK(IKE_TASK_AUTH),
		.build_i = ex_auth_build_i,
		.process_r = ex_auth_process_r,
		.process_i = ex_auth_process_i,
	}, {
		/* Before the Child SA row, which takes any protocol. */
		.exchange = IKE_EXCH_CREATE_CHILD_SA,
		.sa_proto = IKE_PROTO_IKE,
		.tasks = TASK(IKE_TASK_IKE_REKEY),
		.build_i = ex_rekey_build_i,
		.process_r = ex_rekey_process_r,
		.process_i = ex_rekey_process_i,
	}, {
		.exchange = IKE_EXCH_CREATE_CHILD_SA,
		.tasks = TASK(IKE_TASK_CHILD_CREATE) |
		    TASK(IKE_TASK_CHILD_REKEY),
		.build_i = ex_child_build_i,
		.process_r = ex_child_process_r,
		.process_i = ex_child_process_i,
	}, {
		.exchange = IKE_EXCH_INFORMATIONAL,
		.tasks = TASK(IKE_TASK_CHILD_DELETE) |
		    TASK(IKE_TASK_IKE_DELETE) | TASK(IKE_TASK_DPD) |
		    TASK(IKE_TASK_AUTH_FAILED),
		.build_i = ex_info_build_i,
		.process_r = ex_info_process_r,
		.process_i = ex_info_process_i,
	},
};

#define N_EXCHANGES	(sizeof(exchanges) / sizeof(exchanges[0]))

/* Described in exchange.h. */
const struct ike_exch_row *
ike_exchange_of_task(enum ike_task_type type)
{
	size_t	i;

	for (i = 0; i < N_EXCHANGES; i++)
		if (exchanges[i].tasks & TASK(type))
			return &exchanges[i];
	return NULL;
}

/* Described in exchange.h. */
const struct ike_exch_row *
ike_exchange_of_request(const struct ike_msg *m)
{
	const struct ike_pl	*pl;
	size_t			 i;
	int			 proto = -1;

	for (i = 0; i < N_EXCHANGES; i++) {
		if (exchanges[i].exchange != m->hdr.exchange)
			continue;
		if (exchanges[i].sa_proto == 0)
			return &exchanges[i];
		if (proto == -1) {
			pl = ike_msg_get(m, IKE_PL_SA);
			proto = pl != NULL && pl->sa.nprop > 0 ?
			    pl->sa.prop[0].proto : 0;
		}
		if (exchanges[i].sa_proto == proto)
			return &exchanges[i];
	}
	return NULL;
}

/*
 * A CREATE_CHILD_SA (a rekey of either SA or a new Child SA) extends what
 * IKE_AUTH authenticated, so a peer certificate that has expired since
 * ends the IKE SA here instead (SPEC section 6): the peer must
 * authenticate again.
 */
static int
expired(struct ike_sa *sa, const char *what)
{
	if (!ike_auth_rsa_expired(sa, what))
		return 0;
	if (!ike_sa_has_task(sa, IKE_TASK_IKE_DELETE, 0))
		ike_sa_queue(sa, ike_task_new(IKE_TASK_IKE_DELETE));
	return 1;
}

/* Described in exchange.h. */
int
ike_exchange_start(struct ike_sa *sa, struct ike_task *t)
{
	const struct ike_exch_row	*x = ike_exchange_of_task(t->type);

	if (x == NULL)
		return -1;
	if (x->exchange == IKE_EXCH_CREATE_CHILD_SA && expired(sa,
	    t->type == IKE_TASK_IKE_REKEY ? "our IKE SA rekey" :
	    t->type == IKE_TASK_CHILD_REKEY ? "our Child SA rekey" :
	    "our new Child SA"))
		return -1;	/* declined: the caller frees t */
	return x->build_i(sa, t);
}

/* Described in exchange.h. */
void
ike_exchange_answer(struct ike_sa *sa, const struct ike_exch_row *x,
    struct ike_msg *m)
{
	if (x->exchange == IKE_EXCH_CREATE_CHILD_SA) {
		if (sa->pki != NULL && sa->pki->expired) {
			/* Already going away; the peer retries elsewhere. */
			ike_sa_respond_notify(sa, m, IKE_N_NO_ADDITIONAL_SAS,
			    0, 0);
			return;
		}
		if (ike_auth_rsa_expired(sa, "the peer's CREATE_CHILD_SA")) {
			ike_sa_respond_notify(sa, m, IKE_N_NO_ADDITIONAL_SAS,
			    0, 0);
			if (!ike_sa_has_task(sa, IKE_TASK_IKE_DELETE, 0))
				ike_sa_queue(sa,
				    ike_task_new(IKE_TASK_IKE_DELETE));
			return;
		}
	}
	(void)x->process_r(sa, m);
}
