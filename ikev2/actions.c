/*
 * The action list (engine.h) and the helpers that append to it
 * (actions.h): each action is stamped with the SA and tunnel it concerns,
 * and the lines meant for people get their text here.  Also the names of
 * the IKE SA states, which those lines and the show commands print.
 *
 * This file is the engine's leaf: it reads a few fields of the engine,
 * SA and Child SA objects and calls nothing of the engine's own.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include "ikev2/actions.h"
#include "ikev2/sa.h"

static const char *const state_names[IKE_SA_STATE_MAX] = {
	[IKE_SA_NEW] = "NEW",
	[IKE_SA_INIT_SENT] = "INIT_SENT",
	[IKE_SA_HALF_OPEN] = "HALF_OPEN",
	[IKE_SA_AUTH_SENT] = "AUTH_SENT",
	[IKE_SA_ESTABLISHED] = "ESTABLISHED",
	[IKE_SA_REKEYING] = "REKEYING",
	[IKE_SA_REKEYED] = "REKEYED",
	[IKE_SA_DELETING] = "DELETING",
	[IKE_SA_DEAD] = "DEAD",
};

/* Described in engine.h. */
const char *
ike_sa_state_name(int state)
{
	if (state < 0 || state >= IKE_SA_STATE_MAX)
		return "?";
	return state_names[state];
}

/* Described in actions.h. */
struct ike_ipstr
ike_ipstr(struct in_addr a)
{
	struct ike_ipstr	s;
	const uint8_t		*p = (const uint8_t *)&a.s_addr;

	snprintf(s.s, sizeof(s.s), "%u.%u.%u.%u", p[0], p[1], p[2], p[3]);
	return s;
}

/* A new zeroed action at the end of the event's list, stamped with sa's
 * ids; NULL without a list or memory. */
static struct ike_action *
act_push(struct ike_engine *e, enum ike_act_type type, const struct ike_sa *sa)
{
	struct ike_actions	*l = e->out;
	struct ike_action	*a, *v;
	size_t			 cap;

	if (l == NULL)
		return NULL;
	if (l->n == l->cap) {
		cap = l->cap ? l->cap * 2 : 16;
		if ((v = realloc(l->v, cap * sizeof(*v))) == NULL)
			return NULL;
		l->v = v;
		l->cap = cap;
	}
	a = &l->v[l->n++];
	memset(a, 0, sizeof(*a));
	a->type = type;
	if (sa != NULL) {
		a->sa_id = sa->id;
		a->peer_id = sa->peer != NULL ? sa->peer->id : 0;
	}
	return a;
}

/* Drops the action act_push() just made (its contents failed). */
static void
act_unpush(struct ike_engine *e)
{
	e->out->n--;
}

/* An action carrying a line of text at a log level. */
static struct ike_action * __attribute__((format(printf, 5, 0)))
act_vline(struct ike_engine *e, enum ike_act_type type,
    const struct ike_sa *sa, int level, const char *fmt, va_list ap)
{
	struct ike_action	*a;

	if ((a = act_push(e, type, sa)) == NULL)
		return NULL;
	a->level = level;
	vsnprintf(a->text, sizeof(a->text), fmt, ap);
	return a;
}

/* Described in actions.h. */
void
ike_act_send(struct ike_engine *e, const struct ike_sa *sa,
    const struct ike_addr *local, const struct ike_addr *remote,
    const uint8_t *data, size_t len)
{
	struct ike_action	*a;

	if (len == 0 || (a = act_push(e, IKE_ACT_SEND, sa)) == NULL)
		return;
	if ((a->data = malloc(len)) == NULL) {
		act_unpush(e);
		return;
	}
	memcpy(a->data, data, len);
	a->len = len;
	a->local = *local;
	a->remote = *remote;
}

/* Described in actions.h. */
void
ike_act_log(struct ike_engine *e, const struct ike_sa *sa, int level,
    const char *fmt, ...)
{
	va_list	ap;

	if (!ike_log_on(e, level))
		return;
	va_start(ap, fmt);
	act_vline(e, IKE_ACT_LOG, sa, level, fmt, ap);
	va_end(ap);
}

/* Described in actions.h. */
void
ike_act_fail(struct ike_engine *e, const struct ike_sa *sa,
    enum ike_fail why, const char *fmt, ...)
{
	struct ike_action	*a;
	va_list			 ap;

	if (why > IKE_FAIL_NONE && why < IKE_FAIL_MAX)
		e->stats.fail[why]++;
	va_start(ap, fmt);
	if ((a = act_vline(e, IKE_ACT_FAIL, sa, IKE_LOG_ERR, fmt, ap)) != NULL)
		a->fail = why;
	va_end(ap);
}

/* Described in actions.h. */
void
ike_act_child(struct ike_engine *e, const struct ike_sa *sa,
    const struct ike_child *c, int up)
{
	struct ike_action	*a;

	if ((a = act_push(e, up ? IKE_ACT_CHILD_UP : IKE_ACT_CHILD_DOWN,
	    sa)) == NULL)
		return;
	a->child_id = c->id;
	a->spi_in = c->spi_in;
	a->spi_out = c->spi_out;
	a->level = IKE_LOG_INFO;
	snprintf(a->text, sizeof(a->text), "Child SA %u %s: in %08x out %08x",
	    c->id, up ? "installed" : "removed", c->spi_in, c->spi_out);
}

/* Described in actions.h. */
void
ike_act_keys(struct ike_engine *e, const struct ike_sa *sa,
    const struct ike_keys_export *k)
{
	struct ike_action	*a;

	if ((a = act_push(e, IKE_ACT_KEYS, sa)) == NULL)
		return;
	if ((a->keys = malloc(sizeof(*k))) == NULL) {
		act_unpush(e);
		return;
	}
	memcpy(a->keys, k, sizeof(*k));
}

/* Described in actions.h. */
void
ike_act_state(struct ike_engine *e, const struct ike_sa *sa, int old,
    int new_state)
{
	struct ike_action	*a;

	if ((a = act_push(e, IKE_ACT_STATE, sa)) == NULL)
		return;
	a->old_state = old;
	a->new_state = new_state;
	a->level = IKE_LOG_DEBUG;
	snprintf(a->text, sizeof(a->text), "IKE SA %u: %s -> %s", sa->id,
	    ike_sa_state_name(old), ike_sa_state_name(new_state));
}

/* Described in actions.h. */
int
ike_act_timer(struct ike_engine *e, const struct ike_sa *sa, uint64_t at)
{
	struct ike_action	*a;

	if ((a = act_push(e, at ? IKE_ACT_TIMER : IKE_ACT_TIMER_CANCEL,
	    sa)) == NULL)
		return -1;
	a->timer = sa->id;
	a->at = at;
	return 0;
}

/* Described in engine.h. */
void
ike_actions_clear(struct ike_actions *l)
{
	size_t	i;

	for (i = 0; i < l->n; i++) {
		if (l->v[i].data != NULL) {
			OPENSSL_cleanse(l->v[i].data, l->v[i].len);
			free(l->v[i].data);
		}
		if (l->v[i].keys != NULL) {
			OPENSSL_cleanse(l->v[i].keys, sizeof(*l->v[i].keys));
			free(l->v[i].keys);
		}
	}
	l->n = 0;
}

/* Described in engine.h. */
void
ike_actions_free(struct ike_actions *l)
{
	ike_actions_clear(l);
	free(l->v);
	l->v = NULL;
	l->cap = 0;
}
