/*
 * The exchanges of RFC 7296 (ex_*.c) and the table the engine dispatches
 * them by (exchange.c, whose opening comment says how the table is keyed
 * and in which order the engine's files depend on each other).  Internal
 * to the engine, like sa.h.
 */
#ifndef IKEV2_EXCHANGE_H
#define IKEV2_EXCHANGE_H

#include <stddef.h>
#include <stdint.h>

#include "ikev2/sa.h"

/*
 * One row of the exchange table.  build_i starts a task (sends its
 * request; it adopts the task once sent, else the caller keeps it),
 * process_r answers the peer's request, process_i handles the response to
 * our request for task t.  Each returns 0, or -1 when the SA failed (it
 * has been killed or scheduled for deletion); process_i returns 1 to
 * ignore a response that may be forged (the request stays outstanding).
 */
struct ike_exch_row {
	uint8_t		 exchange;	/* IKE_EXCH_* */
	uint8_t		 sa_proto;	/* requests: the IKE_PROTO_* of the
					 * first proposal that selects the
					 * row; 0: any */
	unsigned	 tasks;		/* bit (1 << type) per task type */
	int		(*build_i)(struct ike_sa *sa, struct ike_task *t);
	int		(*process_r)(struct ike_sa *sa, struct ike_msg *m);
	int		(*process_i)(struct ike_sa *sa, struct ike_task *t,
			    struct ike_msg *m);
};

/* The row that runs tasks of that type, or NULL. */
const struct ike_exch_row *ike_exchange_of_task(enum ike_task_type type);
/* The row that answers the (opened) request m, or NULL. */
const struct ike_exch_row *ike_exchange_of_request(const struct ike_msg *m);
/* Starts task t on sa through its row's build_i (e->start); a
 * CREATE_CHILD_SA over an expired peer certificate is declined (-1) and
 * the IKE SA deleted instead. */
int		 ike_exchange_start(struct ike_sa *sa, struct ike_task *t);
/* Answers request m through x's process_r, but a CREATE_CHILD_SA over an
 * expired peer certificate with NO_ADDITIONAL_SAS, deleting the IKE SA. */
void		 ike_exchange_answer(struct ike_sa *sa,
		    const struct ike_exch_row *x, struct ike_msg *m);

/*
 * The exchanges, in the table and beside it.
 */
/* ex_init.c */
/* A new IKE SA for the tunnel, its IKE_SA_INIT queued; NULL on failure
 * (reported). */
struct ike_sa	*ex_init_start(struct ike_engine *e,
		    const struct ike_cfg_peer *peer);
/*
 * The checks of an IKE_SA_INIT request that keep no state (RFC 7296
 * §2.6): retransmission, COOKIE, tunnel, proposal, group, nonce.  Returns
 * the responder SA they allow (for process_r), or NULL when the request
 * has been answered or dropped.
 */
struct ike_sa	*ex_init_admit(struct ike_engine *e, const struct ike_msg *m,
		    const struct ike_addr *local,
		    const struct ike_addr *remote);
int		 ex_init_build_i(struct ike_sa *sa, struct ike_task *t);
int		 ex_init_process_r(struct ike_sa *sa, struct ike_msg *m);
int		 ex_init_process_i(struct ike_sa *sa, struct ike_task *t,
		    struct ike_msg *m);
/* ex_auth.c */
int		 ex_auth_build_i(struct ike_sa *sa, struct ike_task *t);
int		 ex_auth_process_r(struct ike_sa *sa, struct ike_msg *m);
int		 ex_auth_process_i(struct ike_sa *sa, struct ike_task *t,
		    struct ike_msg *m);
/* ex_child.c: Child SA creation and rekeying. */
int		 ex_child_build_i(struct ike_sa *sa, struct ike_task *t);
int		 ex_child_process_r(struct ike_sa *sa, struct ike_msg *m);
int		 ex_child_process_i(struct ike_sa *sa, struct ike_task *t,
		    struct ike_msg *m);
/* Child SA part shared by IKE_AUTH: the offer and the narrowing.  old:
 * the Child SA a rekey replaces (NULL: none). */
int		 ex_child_offer(struct ike_sa *sa, struct ike_task *t,
		    struct ike_msg *m, int with_dh);
int		 ex_child_respond(struct ike_sa *sa, struct ike_msg *req,
		    struct ike_msg *resp, const uint8_t *gir, size_t gir_len,
		    const uint8_t *ni, size_t ni_len, const uint8_t *nr,
		    size_t nr_len, const struct ike_suite *suite,
		    const struct ike_child *old, struct ike_child **made);
int		 ex_child_accept(struct ike_sa *sa, struct ike_task *t,
		    struct ike_msg *m, const uint8_t *gir, size_t gir_len,
		    const uint8_t *ni, size_t ni_len, const uint8_t *nr,
		    size_t nr_len, struct ike_child **made);
/* ex_rekey.c: IKE SA rekeying. */
int		 ex_rekey_build_i(struct ike_sa *sa, struct ike_task *t);
int		 ex_rekey_process_r(struct ike_sa *sa, struct ike_msg *m);
int		 ex_rekey_process_i(struct ike_sa *sa, struct ike_task *t,
		    struct ike_msg *m);
/* Adopts a completed peer rekey held back by a collision. */
void		 ex_rekey_conclude(struct ike_sa *old);
/* ex_info.c: INFORMATIONAL (Delete, liveness, error notifies). */
int		 ex_info_build_i(struct ike_sa *sa, struct ike_task *t);
int		 ex_info_process_r(struct ike_sa *sa, struct ike_msg *m);
int		 ex_info_process_i(struct ike_sa *sa, struct ike_task *t,
		    struct ike_msg *m);
/* Sends an INFORMATIONAL request with one notify and does not wait for
 * the answer (the SA is about to go). */
void		 ex_info_send_notify(struct ike_sa *sa, uint16_t type);

#endif
