/*
 * The control socket server: non-blocking AF_UNIX connections carrying the
 * framed protocol of common/ctl_proto.h.  Each connection buffers what it
 * reads until ctl_frame_split() sees a whole frame, answers it (HELLO
 * here, everything else in show.c) into its output buffer, and writes as
 * much as the socket takes, waiting for EPOLLOUT for the rest.  A client
 * that sends a malformed frame is disconnected; one that does not read
 * its replies is disconnected once DMN_CONN_OUT_MAX bytes are pending;
 * an idle one after DMN_CONN_IDLE_MS.  A client that has not said HELLO,
 * or has not finished the frame it started, within DMN_CONN_SLOW_MS is
 * dropped too, and when every slot is taken such a client makes room for
 * a new one: byte-at-a-time or silent connections cannot lock the
 * operator out.  Nothing a client sends can stop the daemon.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/ctl_client.h"
#include "mgmtsecd/daemon.h"
#include "mgmtsecd/log.h"

#define READ_CHUNK	65536
#define DMN_DENIED_MSG	"permission denied: only root and members of group " \
	MGMTSEC_GROUP " may use mgmtsecd"

struct dmn_conn {
	struct dmn_ev	 ev;
	int		 fd;
	struct buf	 in;
	struct buf	 out;
	size_t		 out_off;
	int		 hello;
	int		 want_out;	/* EPOLLOUT registered */
	int		 dead;
	int		 denied;	/* peer neither root nor in the group */
	int		 closing;	/* peer closed: flush, then go */
	uint64_t	 last_ms;
	uint64_t	 since_ms;	/* accepted, or the partial frame's
					 * first octet arrived */
	struct dmn_conn	*next;
};

/*
 * The socket (and, at the installed place, its folder) belong to
 * root:MGMTSEC_GROUP when the group exists, so its members can connect.
 * The unit makes the group the daemon's own (Group=),
 * so no CAP_CHOWN is needed.
 */
static void
ctl_share_with_group(const char *path)
{
	gid_t	gid = dmn_ctl_group();

	if (gid == (gid_t)-1 || geteuid() != 0)
		return;
	if (chown(path, (uid_t)-1, gid) == -1)
		dmn_log(DMN_LOG_WARN, "control socket: cannot give %s to "
		    "group %s: %s", path, MGMTSEC_GROUP, strerror(errno));
	if (strcmp(path, CTL_SOCK_ROOT_PATH) == 0) {
		char	dir[sizeof(CTL_SOCK_ROOT_PATH)], *slash;

		memcpy(dir, path, sizeof(dir));
		if ((slash = strrchr(dir, '/')) != NULL && slash != dir) {
			*slash = 0;
			if (chown(dir, (uid_t)-1, gid) == -1 ||
			    chmod(dir, 0750) == -1)
				dmn_log(DMN_LOG_WARN, "control socket: cannot "
				    "give %s to group %s: %s", dir,
				    MGMTSEC_GROUP, strerror(errno));
		}
	}
}

/*
 * SO_PEERCRED: root, the daemon's own user, and members of MGMTSEC_GROUP
 * (primary or supplementary, SO_PEERGROUPS) may talk to the daemon.
 */
static int
peer_allowed(int fd)
{
	struct ucred	 cr;
	socklen_t	 len = sizeof(cr);
	gid_t		 gid, groups[256];
	size_t		 i, n;

	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cr, &len) == -1)
		return 0;
	if (cr.uid == 0 || cr.uid == geteuid())
		return 1;
	if ((gid = dmn_ctl_group()) == (gid_t)-1)
		return 0;
	if (cr.gid == gid)
		return 1;
	len = sizeof(groups);
	if (getsockopt(fd, SOL_SOCKET, SO_PEERGROUPS, groups, &len) == -1)
		return 0;
	n = len / sizeof(groups[0]);
	for (i = 0; i < n; i++)
		if (groups[i] == gid)
			return 1;
	return 0;
}

/* Described in daemon.h. */
int
dmn_ctl_init(struct dmn *d, char *err, size_t errlen)
{
	d->lfd = ctl_listen(d->opts.sock, CTL_SOCK_MODE, err, errlen);
	if (d->lfd == -1)
		return -1;
	ctl_share_with_group(d->opts.sock);
	d->ev_listen.type = DMN_EV_LISTEN;
	if (dmn_epoll_add(d, d->lfd, EPOLLIN, &d->ev_listen) == -1) {
		snprintf(err, errlen, "epoll_ctl: %s", strerror(errno));
		return -1;
	}
	return 0;
}

static void
conn_free(struct dmn *d, struct dmn_conn *c)
{
	struct dmn_conn	**pp;

	for (pp = &d->conns; *pp != NULL; pp = &(*pp)->next)
		if (*pp == c) {
			*pp = c->next;
			break;
		}
	d->n_conns--;
	dmn_epoll_del(d, c->fd);
	close(c->fd);
	buf_free(&c->in);
	buf_free(&c->out);
	free(c);
}

/* Late: no HELLO yet, or a frame begun, for longer than DMN_CONN_SLOW_MS. */
static int
conn_slow(const struct dmn_conn *c, uint64_t now)
{
	return (!c->hello || c->in.len > 0) &&
	    now - c->since_ms > DMN_CONN_SLOW_MS;
}

/* At the limit: the client that has kept its slot longest without
 * finishing anything goes, if there is one; 0 when room was made. */
static int
make_room(struct dmn *d, uint64_t now)
{
	struct dmn_conn	*c, *worst = NULL;

	for (c = d->conns; c != NULL; c = c->next)
		if ((!c->hello || c->in.len > 0) &&
		    (worst == NULL || c->since_ms < worst->since_ms))
			worst = c;
	if (worst == NULL || now - worst->since_ms < DMN_CONN_SLOW_MS / 5)
		return -1;
	conn_free(d, worst);
	return 0;
}

/* Described in daemon.h. */
void
dmn_ctl_accept(struct dmn *d)
{
	struct dmn_conn	*c;
	int		 fd, n = 0;

	while (n++ < 16) {
		fd = accept4(d->lfd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
		if (fd == -1) {
			if (errno != EAGAIN && errno != EINTR &&
			    errno != ECONNABORTED)
				dmn_log(DMN_LOG_WARN, "control socket "
				    "accept: %s", strerror(errno));
			return;
		}
		if ((d->n_conns >= DMN_CONN_MAX &&
		    make_room(d, dmn_now()) == -1) ||
		    (c = calloc(1, sizeof(*c))) == NULL) {
			dmn_log(DMN_LOG_WARN, "control socket: too many "
			    "clients, refusing one");
			close(fd);
			continue;
		}
		c->fd = fd;
		if (!peer_allowed(fd)) {
			c->denied = 1;
			dmn_log(DMN_LOG_WARN, "control socket: refusing a "
			    "client neither root nor in group %s",
			    MGMTSEC_GROUP);
		}
		c->ev.type = DMN_EV_CONN;
		c->ev.obj = c;
		c->last_ms = c->since_ms = dmn_now();
		if (dmn_epoll_add(d, fd, EPOLLIN | EPOLLRDHUP, &c->ev) == -1) {
			close(fd);
			free(c);
			continue;
		}
		c->next = d->conns;
		d->conns = c;
		d->n_conns++;
	}
}

/* Described in daemon.h. */
int
dmn_reply_rec(struct dmn_conn *c, uint32_t seq, const struct ctl_rec *rec)
{
	if (c->dead)
		return -1;
	if (c->out.len - c->out_off > DMN_CONN_OUT_MAX ||
	    ctl_frame_encode(&c->out, CTL_RECORD, seq, rec) == -1) {
		c->dead = 1;
		return -1;
	}
	return 0;
}

/* Described in daemon.h. */
int
dmn_reply_end(struct dmn_conn *c, uint32_t seq, uint32_t status,
    const char *msg)
{
	if (c->dead)
		return -1;
	if (ctl_frame_encode_end(&c->out, seq, status, msg) == -1) {
		c->dead = 1;
		return -1;
	}
	return 0;
}

static void
hello(struct dmn *d, struct dmn_conn *c, const struct ctl_hdr *h,
    const struct ctl_rec *req)
{
	struct ctl_rec	*r;
	uint32_t	 v = 0;

	if (ctl_rec_u32(req, CTL_K_VERSION, &v) == -1 ||
	    v != CTL_PROTO_VERSION) {
		(void)dmn_reply_end(c, h->seq, CTL_ST_VERSION,
		    "mgmtsecd speaks control protocol version 1");
		return;
	}
	if ((r = ctl_rec_new()) == NULL ||
	    ctl_rec_add_u32(r, CTL_K_VERSION, CTL_PROTO_VERSION) == -1 ||
	    ctl_rec_add_str(r, CTL_K_DAEMON, "mgmtsecd " DMN_VERSION) == -1 ||
	    ctl_rec_add_u32(r, CTL_K_PID, (uint32_t)getpid()) == -1 ||
	    ctl_rec_add_u64(r, CTL_K_GENERATION, d->generation) == -1) {
		ctl_rec_free(r);
		(void)dmn_reply_end(c, h->seq, CTL_ST_INTERNAL,
		    "out of memory");
		return;
	}
	c->hello = 1;
	(void)dmn_reply_rec(c, h->seq, r);
	(void)dmn_reply_end(c, h->seq, CTL_ST_OK, NULL);
	ctl_rec_free(r);
}

static void
flush_out(struct dmn *d, struct dmn_conn *c)
{
	ssize_t	n;

	while (!c->dead && c->out_off < c->out.len) {
		n = send(c->fd, c->out.data + c->out_off,
		    c->out.len - c->out_off, MSG_NOSIGNAL | MSG_DONTWAIT);
		if (n > 0) {
			c->out_off += (size_t)n;
			continue;
		}
		if (n == -1 && (errno == EAGAIN || errno == EINTR))
			break;
		c->dead = 1;
	}
	if (c->out_off == c->out.len && c->out.len > 0) {
		buf_reset(&c->out);
		c->out_off = 0;
	}
	if (c->dead)
		return;
	if (c->closing) {
		if (c->out_off == c->out.len)
			c->dead = 1;
		else if (!c->want_out) {
			c->want_out = 1;
			(void)dmn_epoll_mod(d, c->fd, EPOLLOUT, &c->ev);
		}
		return;
	}
	if ((c->out_off < c->out.len) != c->want_out) {
		c->want_out = c->out_off < c->out.len;
		(void)dmn_epoll_mod(d, c->fd, EPOLLIN | EPOLLRDHUP |
		    (c->want_out ? EPOLLOUT : 0), &c->ev);
	}
}

/* Answers every whole frame in c->in. */
static void
process(struct dmn *d, struct dmn_conn *c)
{
	struct ctl_hdr	 h;
	struct ctl_rec	*req;
	size_t		 off = 0, flen;
	char		 err[128];
	int		 r;

	while (!c->dead) {
		r = ctl_frame_split(c->in.data + off, c->in.len - off, &h,
		    &flen);
		if (r == 0)
			break;
		if (r == -1 || ctl_frame_decode(c->in.data + off, flen, &h,
		    &req, err, sizeof(err)) == -1) {
			dmn_log(DMN_LOG_WARN, "control socket: dropping a "
			    "client that sent a malformed frame");
			c->dead = 1;
			break;
		}
		off += flen;
		if (c->denied) {
			/* Whatever it asks, HELLO or not, shows as well as
			 * commits and clears: the reason, then the door;
			 * nothing after it is read. */
			(void)dmn_reply_end(c, h.seq, CTL_ST_BAD_REQUEST,
			    DMN_DENIED_MSG);
			c->closing = 1;
			ctl_rec_free(req);
			off = c->in.len;
			break;
		}
		if (h.type == CTL_HELLO)
			hello(d, c, &h, req);
		else if (!c->hello) {
			/* Not our client: the answer, then the door. */
			(void)dmn_reply_end(c, h.seq, CTL_ST_BAD_REQUEST,
			    "the first request must be HELLO");
			c->closing = 1;
		}
		else if (h.type == CTL_RECORD || h.type == CTL_END)
			(void)dmn_reply_end(c, h.seq, CTL_ST_BAD_REQUEST,
			    "not a request");
		else
			dmn_handle_request(d, c, &h, req);
		ctl_rec_free(req);
	}
	if (off > 0) {
		memmove(c->in.data, c->in.data + off, c->in.len - off);
		c->in.len -= off;
	}
}

/* Described in daemon.h. */
void
dmn_ctl_io(struct dmn *d, struct dmn_conn *c, uint32_t events)
{
	ssize_t	n;
	int	eof = 0;

	c->last_ms = dmn_now();
	if (events & EPOLLIN) {
		if (buf_reserve(&c->in, READ_CHUNK) == -1) {
			c->dead = 1;
		} else {
			n = recv(c->fd, c->in.data + c->in.len, READ_CHUNK,
			    MSG_DONTWAIT);
			if (n > 0) {
				if (c->in.len == 0 && c->hello)
					c->since_ms = c->last_ms;
				c->in.len += (size_t)n;
				/* A frame is at most one header and one
				 * payload; more means garbage. */
				if (c->in.len > CTL_HDR_LEN + CTL_MAX_PAYLOAD +
				    READ_CHUNK)
					c->dead = 1;
				else
					process(d, c);
			} else if (n == 0)
				eof = 1;
			else if (errno != EAGAIN && errno != EINTR)
				c->dead = 1;
		}
	}
	if (events & (EPOLLERR | EPOLLHUP))
		c->dead = 1;
	/* Half-closed after its last request: answer, then close. */
	if (eof || (events & EPOLLRDHUP))
		c->closing = 1;
	if (!c->dead)
		flush_out(d, c);
	if (c->dead)
		conn_free(d, c);
}

/* Described in daemon.h. */
void
dmn_ctl_sweep(struct dmn *d, uint64_t now)
{
	struct dmn_conn	*c, *n;

	for (c = d->conns; c != NULL; c = n) {
		n = c->next;
		if (now - c->last_ms > DMN_CONN_IDLE_MS || conn_slow(c, now))
			conn_free(d, c);
	}
}

/* Described in daemon.h. */
void
dmn_ctl_free(struct dmn *d)
{
	while (d->conns != NULL)
		conn_free(d, d->conns);
	if (d->lfd != -1) {
		dmn_epoll_del(d, d->lfd);
		close(d->lfd);
		d->lfd = -1;
		if (d->opts.sock[0] != '\0')
			(void)unlink(d->opts.sock);
	}
}

/* Described in daemon.h. */
int
dmn_reply_rec_take(struct dmn_conn *c, uint32_t seq, struct ctl_rec *r)
{
	int	rc = r != NULL ? dmn_reply_rec(c, seq, r) : -1;

	ctl_rec_free(r);
	return rc;
}
