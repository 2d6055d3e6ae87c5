/*
 * Control-socket I/O (see ctl_client.h): the default socket path, the
 * shell's blocking client (connect, hello, request, reply records), the
 * commit notification, and small blocking server helpers.
 *
 * Sockets are non-blocking and every wait goes through poll() against
 * one deadline per call, so a daemon that hangs costs the shell at most
 * the timeout, never a stuck prompt.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "common/buf.h"
#include "common/errbuf.h"
#include "common/ctl_client.h"
#include "common/ctl_proto.h"

/* Root's default database (cfgdb/store.h CFG_STORE_ROOT_PATH); common/
 * does not depend on cfgdb/. */
#define ROOT_DB_PATH	MGMTSEC_DB_PATH	/* from configure */

struct ctl_client {
	int		 fd;
	int		 timeout_ms;
	uint32_t	 seq;
	int		 in_reply;	/* the last request's END not read */
	uint32_t	 status;
	char		*message;
	char		*daemon;
	uint64_t	 generation;
};

/* Described in header. */
int
ctl_sock_path_rule(int is_root, const char *dbpath, char *out, size_t outlen)
{
	struct sockaddr_un	 sun;
	const char		*slash;
	size_t			 dirlen;
	int			 n;

	/* The installed database has the installed daemon, whoever asks: a
	 * member of the control group uses it with --db too. */
	if (dbpath == NULL ? is_root : strcmp(dbpath, ROOT_DB_PATH) == 0)
		n = snprintf(out, outlen, "%s", CTL_SOCK_ROOT_PATH);
	else if (dbpath == NULL || *dbpath == 0)
		return -1;
	else if ((slash = strrchr(dbpath, '/')) == NULL)
		n = snprintf(out, outlen, "%s", CTL_SOCK_NAME);
	else {
		dirlen = slash == dbpath ? 1 : (size_t)(slash - dbpath);
		if (dirlen > INT_MAX)
			return -1;
		n = snprintf(out, outlen, "%.*s%s%s", (int)dirlen, dbpath,
		    dirlen == 1 && *dbpath == '/' ? "" : "/", CTL_SOCK_NAME);
	}
	if (n < 0 || (size_t)n >= outlen || (size_t)n >= sizeof(sun.sun_path))
		return -1;
	return 0;
}

int
ctl_sock_default_path(const char *dbpath, char *out, size_t outlen)
{
	return ctl_sock_path_rule(geteuid() == 0, dbpath, out, outlen);
}

static int64_t
now_ms(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Waits until fd is ready for ev or the deadline passes (ETIMEDOUT). */
static int
wait_fd(int fd, short ev, int64_t deadline)
{
	struct pollfd	pfd;
	int64_t		left;
	int		rc;

	for (;;) {
		left = deadline - now_ms();
		if (left <= 0) {
			errno = ETIMEDOUT;
			return -1;
		}
		pfd.fd = fd;
		pfd.events = ev;
		pfd.revents = 0;
		rc = poll(&pfd, 1, left > INT_MAX ? INT_MAX : (int)left);
		if (rc > 0)
			return 0;
		if (rc == -1 && errno != EINTR)
			return -1;
	}
}

static int
write_all(int fd, const uint8_t *p, size_t n, int64_t deadline)
{
	ssize_t	w;

	while (n > 0) {
		w = send(fd, p, n, MSG_NOSIGNAL | MSG_DONTWAIT);
		if (w > 0) {
			p += w;
			n -= (size_t)w;
			continue;
		}
		if (w == -1 && errno == EINTR)
			continue;
		if (w == -1 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
			if (wait_fd(fd, POLLOUT, deadline) == -1)
				return -1;
			continue;
		}
		return -1;
	}
	return 0;
}

/* Reads exactly n bytes.  Returns 1, 0 on end of stream before the first
 * byte, -1 on error (EPIPE for an end of stream in the middle). */
static int
read_full(int fd, uint8_t *p, size_t n, int64_t deadline)
{
	size_t	got = 0;
	ssize_t	r;

	while (got < n) {
		r = recv(fd, p + got, n - got, MSG_DONTWAIT);
		if (r > 0) {
			got += (size_t)r;
			continue;
		}
		if (r == 0) {
			if (got == 0)
				return 0;
			errno = EPIPE;
			return -1;
		}
		if (errno == EINTR)
			continue;
		if (errno == EAGAIN || errno == EWOULDBLOCK) {
			if (wait_fd(fd, POLLIN, deadline) == -1)
				return -1;
			continue;
		}
		return -1;
	}
	return 1;
}

/* Described in header. */
int
ctl_recv(int fd, int timeout_ms, struct ctl_hdr *h, struct ctl_rec **recp,
    char *err, size_t errlen)
{
	uint8_t		 hdr[CTL_HDR_LEN], *frame = NULL;
	int64_t		 deadline = now_ms() + timeout_ms;
	size_t		 flen;
	int		 rc;

	*recp = NULL;
	if ((rc = read_full(fd, hdr, sizeof(hdr), deadline)) != 1) {
		if (rc == -1)
			errbuf_set(err, errlen, "control socket: %s",
			    errno == ETIMEDOUT ? "no answer in time" :
			    strerror(errno));
		return rc;
	}
	/* Check the header before allocating what it asks for. */
	if (ctl_frame_split(hdr, sizeof(hdr), h, &flen) == -1) {
		errbuf_set(err, errlen, "control socket: bad frame header"
		    " (length %u, flags %#x)", h->len, h->flags);
		return -1;
	}
	flen = CTL_HDR_LEN + (size_t)h->len;
	if ((frame = malloc(flen)) == NULL) {
		errbuf_set(err, errlen, "out of memory");
		return -1;
	}
	memcpy(frame, hdr, sizeof(hdr));
	if (h->len > 0 && read_full(fd, frame + CTL_HDR_LEN, h->len,
	    deadline) != 1) {
		errbuf_set(err, errlen, "control socket: %s",
		    errno == ETIMEDOUT ? "no answer in time" :
		    "connection closed mid-frame");
		free(frame);
		return -1;
	}
	rc = ctl_frame_decode(frame, flen, h, recp, err, errlen);
	mem_free_secret(frame, flen);
	return rc == 0 ? 1 : -1;
}

int
ctl_send_buf(int fd, int timeout_ms, const struct buf *b)
{
	if (b->oom)
		return -1;
	return write_all(fd, b->data, b->len, now_ms() + timeout_ms);
}

int
ctl_send(int fd, int timeout_ms, uint16_t type, uint32_t seq,
    const struct ctl_rec *payload)
{
	struct buf	b = { 0 };
	int		rc = -1;

	if (ctl_frame_encode(&b, type, seq, payload) == 0)
		rc = ctl_send_buf(fd, timeout_ms, &b);
	buf_free(&b);
	return rc;
}

int
ctl_send_end(int fd, int timeout_ms, uint32_t seq, uint32_t status,
    const char *message)
{
	struct buf	b = { 0 };
	int		rc = -1;

	if (ctl_frame_encode_end(&b, seq, status, message) == 0)
		rc = ctl_send_buf(fd, timeout_ms, &b);
	buf_free(&b);
	return rc;
}

static int
fill_sun(struct sockaddr_un *sun, const char *path, char *err, size_t errlen)
{
	memset(sun, 0, sizeof(*sun));
	sun->sun_family = AF_UNIX;
	if (strlen(path) >= sizeof(sun->sun_path)) {
		errbuf_set(err, errlen, "socket path too long: %s", path);
		return -1;
	}
	memcpy(sun->sun_path, path, strlen(path) + 1);
	return 0;
}

/*
 * Connects with a deadline.  Returns the fd, -2 when nothing listens
 * there, -1 on other errors.
 */
static int
connect_to(const char *path, int64_t deadline, char *err, size_t errlen)
{
	struct sockaddr_un	sun;
	socklen_t		len = sizeof(int);
	int			fd, soerr = 0;

	if (fill_sun(&sun, path, err, errlen) == -1)
		return -1;
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd == -1) {
		errbuf_set(err, errlen, "socket: %s", strerror(errno));
		return -1;
	}
	if (connect(fd, (struct sockaddr *)&sun, sizeof(sun)) == 0)
		return fd;
	if (errno == EINPROGRESS || errno == EAGAIN) {
		/* The listener's backlog is full: wait for room. */
		if (wait_fd(fd, POLLOUT, deadline) == 0 &&
		    getsockopt(fd, SOL_SOCKET, SO_ERROR, &soerr, &len) == 0 &&
		    soerr == 0)
			return fd;
		errno = soerr ? soerr : ETIMEDOUT;
	}
	soerr = errno;
	close(fd);
	if (soerr == EACCES) {
		errbuf_set(err, errlen, "permission denied on %s: only root "
		    "and members of group %s may use mgmtsecd", path,
		    MGMTSEC_GROUP);
		return -1;
	}
	if (soerr == ENOENT || soerr == ECONNREFUSED) {
		errbuf_set(err, errlen, "mgmtsecd is not running (socket %s)",
		    path);
		return -2;
	}
	errbuf_set(err, errlen, "cannot connect to mgmtsecd (socket %s): %s",
	    path, soerr == ETIMEDOUT ? "no answer in time" : strerror(soerr));
	return -1;
}

static int
client_fail(struct ctl_client *c, const char *what, char *err, size_t errlen)
{
	(void)c;
	if (err && errlen && err[0] == 0)
		errbuf_set(err, errlen, "control socket: %s", what);
	return -1;
}

/* Described in header. */
int
ctl_client_open(const char *path, int timeout_ms, struct ctl_client **out,
    char *err, size_t errlen)
{
	struct ctl_client	*c;
	struct ctl_rec		*hello, *rec;
	const char		*d;
	uint32_t		 ver = 0;
	int			 fd, rc;

	*out = NULL;
	if (err && errlen)
		err[0] = 0;
	if ((fd = connect_to(path, now_ms() + timeout_ms, err, errlen)) < 0)
		return fd == -2 ? CTL_NOT_RUNNING : -1;
	if ((c = calloc(1, sizeof(*c))) == NULL) {
		close(fd);
		errbuf_set(err, errlen, "out of memory");
		return -1;
	}
	c->fd = fd;
	c->timeout_ms = timeout_ms;
	if ((hello = ctl_rec_new()) == NULL ||
	    ctl_rec_add_u32(hello, CTL_K_VERSION, CTL_PROTO_VERSION) == -1 ||
	    ctl_rec_add_str(hello, CTL_K_CLIENT, "mgmtsec") == -1) {
		ctl_rec_free(hello);
		errbuf_set(err, errlen, "out of memory");
		goto fail;
	}
	rc = ctl_client_request(c, CTL_HELLO, hello, err, errlen);
	ctl_rec_free(hello);
	if (rc == -1)
		goto fail;
	while ((rc = ctl_client_next(c, &rec, err, errlen)) == 1) {
		if (ctl_rec_u32(rec, CTL_K_VERSION, &ver) == 0 &&
		    (d = ctl_rec_str(rec, CTL_K_DAEMON)) != NULL &&
		    c->daemon == NULL)
			c->daemon = strdup(d);
		ctl_rec_u64(rec, CTL_K_GENERATION, &c->generation);
		ctl_rec_free(rec);
	}
	if (rc == -1)
		goto fail;
	if (c->status != CTL_ST_OK) {
		errbuf_set(err, errlen, "mgmtsecd refused the connection: "
		    "%s%s%s", ctl_status_name(c->status),
		    *c->message ? ": " : "", c->message);
		goto fail;
	}
	if (ver != CTL_PROTO_VERSION) {
		errbuf_set(err, errlen, "mgmtsecd speaks control protocol "
		    "version %u, this shell %u", ver, CTL_PROTO_VERSION);
		goto fail;
	}
	*out = c;
	return 0;
fail:
	ctl_client_close(c);
	return -1;
}

void
ctl_client_close(struct ctl_client *c)
{
	if (c == NULL)
		return;
	close(c->fd);
	free(c->message);
	free(c->daemon);
	free(c);
}

const char *
ctl_client_daemon(const struct ctl_client *c)
{
	return c->daemon ? c->daemon : "";
}

uint64_t
ctl_client_generation(const struct ctl_client *c)
{
	return c->generation;
}

/* Described in header. */
int
ctl_client_request(struct ctl_client *c, uint16_t type,
    const struct ctl_rec *params, char *err, size_t errlen)
{
	struct ctl_rec	*rec;
	int		 rc;

	/* Skip whatever is left of the previous reply. */
	while (c->in_reply && (rc = ctl_client_next(c, &rec, err,
	    errlen)) == 1)
		ctl_rec_free(rec);
	if (c->in_reply)
		return -1;
	c->seq++;
	if (ctl_send(c->fd, c->timeout_ms, type, c->seq, params) == -1) {
		errbuf_set(err, errlen, "control socket: cannot send %s: %s",
		    ctl_type_name(type), errno ? strerror(errno) :
		    "request too large");
		return -1;
	}
	c->in_reply = 1;
	free(c->message);
	c->message = NULL;
	c->status = CTL_ST_INTERNAL;
	return 0;
}

/* Described in header. */
int
ctl_client_next(struct ctl_client *c, struct ctl_rec **recp, char *err,
    size_t errlen)
{
	struct ctl_hdr	 h;
	struct ctl_rec	*rec;
	const char	*msg;
	int		 rc;

	*recp = NULL;
	if (!c->in_reply)
		return 0;
	if (err && errlen)
		err[0] = 0;
	rc = ctl_recv(c->fd, c->timeout_ms, &h, &rec, err, errlen);
	if (rc != 1) {
		c->in_reply = 0;
		return client_fail(c, "connection closed by mgmtsecd", err,
		    errlen);
	}
	if (h.seq != c->seq) {
		ctl_rec_free(rec);
		c->in_reply = 0;
		errbuf_set(err, errlen, "control socket: reply %u to request "
		    "%u", h.seq, c->seq);
		return -1;
	}
	if (h.type == CTL_RECORD) {
		*recp = rec;
		return 1;
	}
	if (h.type != CTL_END || ctl_rec_u32(rec, CTL_K_STATUS,
	    &c->status) == -1) {
		ctl_rec_free(rec);
		c->in_reply = 0;
		errbuf_set(err, errlen, "control socket: unexpected %s frame",
		    ctl_type_name(h.type));
		return -1;
	}
	msg = ctl_rec_str(rec, CTL_K_MESSAGE);
	c->message = strdup(msg ? msg : "");
	ctl_rec_free(rec);
	c->in_reply = 0;
	if (c->message == NULL) {
		errbuf_set(err, errlen, "out of memory");
		return -1;
	}
	return 0;
}

uint32_t
ctl_client_status(const struct ctl_client *c)
{
	return c->status;
}

const char *
ctl_client_message(const struct ctl_client *c)
{
	return c->message ? c->message : "";
}

void
ctl_reply_clear(struct ctl_reply *r)
{
	size_t	i;

	for (i = 0; i < r->nrecs; i++)
		ctl_rec_free(r->recs[i]);
	free(r->recs);
	free(r->message);
	memset(r, 0, sizeof(*r));
}

/* Described in header. */
int
ctl_call(const char *path, int timeout_ms, uint16_t type,
    const struct ctl_rec *params, struct ctl_reply *reply, char *err,
    size_t errlen)
{
	struct ctl_client	 *c;
	struct ctl_rec		 *rec, **v;
	size_t			  cap = 0;
	int			  rc;

	memset(reply, 0, sizeof(*reply));
	if ((rc = ctl_client_open(path, timeout_ms, &c, err, errlen)) != 0)
		return rc;
	if (ctl_client_request(c, type, params, err, errlen) == -1)
		goto fail;
	while ((rc = ctl_client_next(c, &rec, err, errlen)) == 1) {
		if (reply->nrecs == CTL_REPLY_MAX_RECORDS) {
			ctl_rec_free(rec);
			errbuf_set(err, errlen, "mgmtsecd sent more than %d"
			    " records", CTL_REPLY_MAX_RECORDS);
			goto fail;
		}
		if (reply->nrecs == cap) {
			cap = cap ? cap * 2 : 16;
			if ((v = realloc(reply->recs, cap * sizeof(*v))) ==
			    NULL) {
				ctl_rec_free(rec);
				errbuf_set(err, errlen, "out of memory");
				goto fail;
			}
			reply->recs = v;
		}
		reply->recs[reply->nrecs++] = rec;
	}
	if (rc == -1)
		goto fail;
	reply->status = ctl_client_status(c);
	if ((reply->message = strdup(ctl_client_message(c))) == NULL) {
		errbuf_set(err, errlen, "out of memory");
		goto fail;
	}
	ctl_client_close(c);
	return 0;
fail:
	ctl_client_close(c);
	ctl_reply_clear(reply);
	return -1;
}

/* Described in header. */
int
ctl_notify_commit(const char *path, uint64_t gen, uint64_t commit_id,
    struct ctl_reply *reply, char *err, size_t errlen)
{
	struct ctl_rec	*p;
	int		 rc;

	memset(reply, 0, sizeof(*reply));
	if ((p = ctl_rec_new()) == NULL ||
	    ctl_rec_add_u64(p, CTL_K_GENERATION, gen) == -1 ||
	    (commit_id && ctl_rec_add_u64(p, CTL_K_COMMIT_ID,
	    commit_id) == -1)) {
		ctl_rec_free(p);
		errbuf_set(err, errlen, "out of memory");
		return -1;
	}
	rc = ctl_call(path, CTL_NOTIFY_TIMEOUT_MS, CTL_COMMIT_NOTIFY, p, reply,
	    err, errlen);
	ctl_rec_free(p);
	return rc;
}

/* mkdir -p of path's folder, mode 0750 for what it creates. */
static int
make_parent(const char *path, char *err, size_t errlen)
{
	char		 tmp[sizeof(((struct sockaddr_un *)0)->sun_path)];
	struct stat	 sb;
	char		*slash;
	size_t		 i;

	snprintf(tmp, sizeof(tmp), "%s", path);
	if ((slash = strrchr(tmp, '/')) == NULL || slash == tmp)
		return 0;
	*slash = 0;
	for (i = 1; ; i++) {
		if (tmp[i] != '/' && tmp[i] != 0)
			continue;
		slash = tmp[i] ? &tmp[i] : NULL;
		tmp[i] = 0;
		if (stat(tmp, &sb) == -1 && (errno != ENOENT ||
		    (mkdir(tmp, 0750) == -1 && errno != EEXIST))) {
			errbuf_set(err, errlen, "cannot create folder %s: %s",
			    tmp, strerror(errno));
			return -1;
		}
		if (slash == NULL)
			return 0;
		*slash = '/';
	}
}

/* Described in header. */
int
ctl_listen(const char *path, int mode, char *err, size_t errlen)
{
	struct sockaddr_un	sun;
	struct stat		sb;
	mode_t			old;
	int			fd, rc;

	if (fill_sun(&sun, path, err, errlen) == -1 ||
	    make_parent(path, err, errlen) == -1)
		return -1;
	if (lstat(path, &sb) == 0) {
		if (!S_ISSOCK(sb.st_mode)) {
			errbuf_set(err, errlen, "%s exists and is not a socket",
			    path);
			return -1;
		}
		/* Someone answering there is a daemon already running. */
		fd = connect_to(path, now_ms() + 1000, NULL, 0);
		if (fd >= 0) {
			close(fd);
			errbuf_set(err, errlen, "another mgmtsecd is listening "
			    "on %s", path);
			return -1;
		}
		if (fd == -2 && unlink(path) == -1 && errno != ENOENT) {
			errbuf_set(err, errlen, "cannot remove stale socket %s:"
			    " %s", path, strerror(errno));
			return -1;
		}
	}
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd == -1) {
		errbuf_set(err, errlen, "socket: %s", strerror(errno));
		return -1;
	}
	/* Created private, then opened up to exactly mode. */
	old = umask(0177);
	rc = bind(fd, (struct sockaddr *)&sun, sizeof(sun));
	umask(old);
	if (rc == -1 || chmod(path, (mode_t)mode) == -1 ||
	    listen(fd, 16) == -1) {
		errbuf_set(err, errlen, "cannot listen on %s: %s", path,
		    strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}
