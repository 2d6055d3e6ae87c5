/*
 * The exchanges (ex_*.c) and their table (exchange.c).
 */
#ifndef IKEV2_EXCHANGE_H
#define IKEV2_EXCHANGE_H

#include <stddef.h>
#include <stdint.h>

#include "ikev2/sa.h"

/*
 * Exchanges: build_i starts one (sends the request), process_r answers a
 * request, process_i handles the response to ours.  Each returns 0, or -1
 * when the SA failed (it has been killed or scheduled for deletion).
 */
/* ex_init.c */
struct ike_sa	*ex_init_start(struct ike_engine *e,
		    const struct ike_cfg_peer *peer);
int		 ex_init_build_i(struct ike_sa *sa, struct ike_task *t);
void		 ex_init_process_r(struct ike_engine *e, struct ike_msg *m,
		    const struct ike_addr *local,
		    const struct ike_addr *remote);
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
/* Child SA part shared by IKE_AUTH: the offer and the narrowing. */
int		 ex_child_offer(struct ike_sa *sa, struct ike_task *t,
		    struct ike_msg *m, int with_dh);
int		 ex_child_respond(struct ike_sa *sa, struct ike_msg *req,
		    struct ike_msg *resp, const uint8_t *gir, size_t gir_len,
		    const uint8_t *ni, size_t ni_len, const uint8_t *nr,
		    size_t nr_len, const struct ike_suite *suite,
		    struct ike_child **made);
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
