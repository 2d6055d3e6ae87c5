/*
 * Control-socket I/O over the ctl_proto.h codec: the default socket path,
 * a blocking client with timeouts (connect, hello, request, iterate reply
 * records), the commit notification the shell sends after each commit,
 * and the small blocking helpers a server (the daemon, or a test
 * listener) can use to listen, receive and send frames.
 *
 * Every call is bounded by a timeout in milliseconds.  Writes use
 * MSG_NOSIGNAL, so a daemon that goes away gives an error, not SIGPIPE.
 */
#ifndef COMMON_CTL_CLIENT_H
#define COMMON_CTL_CLIENT_H

#include <stddef.h>
#include <stdint.h>

#include "common/ctl_proto.h"

#define CTL_SOCK_ROOT_PATH	MGMTSEC_SOCK_PATH	/* from configure */
#define CTL_SOCK_NAME		"mgmtsecd.sock"
#define CTL_SOCK_MODE		0660
#define CTL_TIMEOUT_MS		5000	/* connect, hello, show */
#define CTL_NOTIFY_TIMEOUT_MS	30000	/* the daemon reconciles first */
/* Cap on what ctl_call() gathers from one reply. */
#define CTL_REPLY_MAX_RECORDS	100000

/* Returned (instead of 0 or -1) when no daemon listens on the socket. */
#define CTL_NOT_RUNNING		1

/*
 * The default socket path (SPEC section 1): CTL_SOCK_ROOT_PATH for root's
 * default database (CFG_STORE_ROOT_PATH, whoever uses it: members of the
 * control group too; or dbpath NULL for root); otherwise CTL_SOCK_NAME in the database's folder, so every database
 * (a test's, a namespace's) has its own daemon.  0, or -1 when it does
 * not fit in out or in a sockaddr_un.
 */
int	ctl_sock_default_path(const char *dbpath, char *out, size_t outlen);
/* The same rule as a pure function. */
int	ctl_sock_path_rule(int is_root, const char *dbpath, char *out,
	    size_t outlen);

struct ctl_client;

/*
 * Connects to path and exchanges CTL_HELLO.  Returns 0 with *out set (free
 * with ctl_client_close), CTL_NOT_RUNNING when nothing listens there (no
 * socket file, or connection refused; err says "mgmtsecd is not running
 * (socket PATH)"), or -1 (timeout, protocol or version error; err says).
 */
int	ctl_client_open(const char *path, int timeout_ms,
	    struct ctl_client **out, char *err, size_t errlen);
void	ctl_client_close(struct ctl_client *);	/* NULL ok */
/* From the daemon's hello record (borrowed; "" when it sent none). */
const char	*ctl_client_daemon(const struct ctl_client *);
uint64_t	 ctl_client_generation(const struct ctl_client *);

/* Sends one request (params NULL = none; borrowed).  0 or -1. */
int	ctl_client_request(struct ctl_client *, uint16_t type,
	    const struct ctl_rec *params, char *err, size_t errlen);
/*
 * Reads the reply to the last request: returns 1 with the next record in
 * *recp (caller frees), 0 at its end (then ctl_client_status() and
 * ctl_client_message() hold the END frame's values), -1 on timeout, a
 * broken connection or a malformed frame.
 */
int	ctl_client_next(struct ctl_client *, struct ctl_rec **recp,
	    char *err, size_t errlen);
uint32_t	 ctl_client_status(const struct ctl_client *);
const char	*ctl_client_message(const struct ctl_client *);	/* borrowed */

/* A whole reply. */
struct ctl_reply {
	uint32_t	  status;	/* enum ctl_status */
	char		 *message;	/* never NULL after a reply */
	struct ctl_rec	**recs;
	size_t		  nrecs;
};
/* Frees what a reply holds and zeroes it (a zeroed reply is empty). */
void	ctl_reply_clear(struct ctl_reply *);

/*
 * One request on a fresh connection: open, request, gather every record
 * (at most CTL_REPLY_MAX_RECORDS), close.  Returns 0 with *reply filled
 * (reply->status may still be an error status), CTL_NOT_RUNNING, or -1.
 */
int	ctl_call(const char *path, int timeout_ms, uint16_t type,
	    const struct ctl_rec *params, struct ctl_reply *reply, char *err,
	    size_t errlen);

/*
 * The commit notification: tells a daemon listening on path that running
 * is now generation gen (made by commit_id, 0 if unknown) and waits up to
 * CTL_NOTIFY_TIMEOUT_MS for its answer.  Returns 0 with the daemon's
 * reply (reply->status CTL_ST_OK: applied; else reply->message says why
 * not; the records list what it touched), CTL_NOT_RUNNING when no daemon
 * listens (not an error: the shell says nothing or "not notified"), or -1
 * (timeout, broken connection; err says).
 */
int	ctl_notify_commit(const char *path, uint64_t gen, uint64_t commit_id,
	    struct ctl_reply *reply, char *err, size_t errlen);

/*
 * Server side.  ctl_listen() binds a listening socket at path with mode
 * (CTL_SOCK_MODE), creating the folder (0750) if needed.  A stale socket
 * file nobody answers on is replaced; a live one, or a file that is not a
 * socket, is an error.  Returns the fd or -1.
 */
int	ctl_listen(const char *path, int mode, char *err, size_t errlen);
/* Reads one whole frame: 1 with *h and *recp (caller frees), 0 on a clean
 * end of stream before any byte, -1 on error, timeout or malformation. */
int	ctl_recv(int fd, int timeout_ms, struct ctl_hdr *h,
	    struct ctl_rec **recp, char *err, size_t errlen);
/* Writes all of buf's bytes.  0 or -1. */
int	ctl_send_buf(int fd, int timeout_ms, const struct buf *b);
/* Encodes and writes one frame / one END frame.  0 or -1. */
int	ctl_send(int fd, int timeout_ms, uint16_t type, uint32_t seq,
	    const struct ctl_rec *payload);
int	ctl_send_end(int fd, int timeout_ms, uint32_t seq, uint32_t status,
	    const char *message);

#endif
