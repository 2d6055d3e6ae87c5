/*
 * dmnctl: a small control-socket client and store writer for the daemon's
 * tests and bench/ike-rate, so they can drive mgmtsecd without the shell:
 *
 *	dmnctl -s SOCK show ikev2 session [detail] | ikev2 sa [detail] |
 *	    ikev2 summary | ikev2 statistics | ipsec sa [IF] [detail] |
 *	    ipsec dataplane
 *	dmnctl -s SOCK clear ikev2 [REMOTE] | clear ipsec [IF]
 *	dmnctl -s SOCK notify		(commit notification; prints the
 *					 reply)
 *	dmnctl -s SOCK raw FILE		(sends FILE's bytes, counts what
 *					 comes back: hostile clients)
 *	dmnctl -s SOCK bare TYPE	(one request of type TYPE, a number,
 *					 with an empty record and no HELLO
 *					 before it; prints the END's status
 *					 and message: the refusals)
 *	dmnctl notify-wait PATH SECONDS	(binds a datagram socket at PATH
 *					 and prints the first message that
 *					 comes in SECONDS: systemd's
 *					 $NOTIFY_SOCKET, for the readiness
 *					 tests)
 *	dmnctl udp ADDR PORT FILE|random N SEED
 *					(sends FILE as one datagram, or N
 *					 random ones from a seeded generator:
 *					 hostile peers)
 *	dmnctl --db DB commit FILE	(applies "KEY|KEY...=VALUE" and
 *					 "-KEY|KEY..." lines in one commit,
 *					 without validation; prints the new
 *					 generation)
 *
 * Show output goes through the same renderers as the shell's
 * (cli/show_live.c).  Exit status: 0 ok, 1 error status, 2 not running,
 * 3 usage or I/O error.
 */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "cfgdb/commit.h"
#include "cfgdb/store.h"
#include "cli/show_live.h"
#include "common/ctl_client.h"

static int
usage(void)
{
	fprintf(stderr, "usage: dmnctl -s SOCK show|clear|notify|raw ... | "
	    "dmnctl --db DB commit FILE\n");
	return 3;
}

static int
call(const char *sock, uint16_t type, struct ctl_rec *params,
    struct ctl_reply *rep)
{
	char	err[256];
	int	rc;

	rc = ctl_call(sock, CTL_TIMEOUT_MS, type, params, rep, err,
	    sizeof(err));
	ctl_rec_free(params);
	if (rc == CTL_NOT_RUNNING) {
		fprintf(stderr, "%% %s\n", err);
		return 2;
	}
	if (rc == -1) {
		fprintf(stderr, "%% %s\n", err);
		return 3;
	}
	return 0;
}

static int
show(const char *sock, int argc, char **argv)
{
	struct ctl_reply	 rep = { 0 };
	struct ctl_rec		*p = ctl_rec_new();
	struct buf		 out = { 0 };
	uint16_t		 type;
	unsigned		 flags = 0;
	int			 i, rc;

	if (argc < 2 || p == NULL)
		return usage();
	for (i = 2; i < argc; i++)
		if (strcmp(argv[i], "detail") == 0) {
			flags |= SL_F_DETAIL;
			ctl_rec_add_u32(p, CTL_K_DETAIL, 1);
		}
	if (strcmp(argv[0], "ikev2") == 0 && strcmp(argv[1], "session") == 0)
		type = CTL_SHOW_IKEV2_SESSION;
	else if (strcmp(argv[0], "ikev2") == 0 && strcmp(argv[1], "sa") == 0)
		type = CTL_SHOW_IKEV2_SA;
	else if (strcmp(argv[0], "ikev2") == 0 &&
	    strcmp(argv[1], "summary") == 0)
		type = CTL_SHOW_IKEV2_SUMMARY;
	else if (strcmp(argv[0], "ikev2") == 0 &&
	    strcmp(argv[1], "statistics") == 0)
		type = CTL_SHOW_IKEV2_STATISTICS;
	else if (strcmp(argv[0], "ipsec") == 0 && strcmp(argv[1], "sa") == 0) {
		type = CTL_SHOW_IPSEC_SA;
		if (argc > 2 && strcmp(argv[2], "detail") != 0) {
			ctl_rec_add_str(p, CTL_K_INTERFACE, argv[2]);
			flags |= SL_F_INTERFACE;
		}
	} else if (strcmp(argv[0], "ipsec") == 0 &&
	    strcmp(argv[1], "dataplane") == 0)
		type = CTL_SHOW_IPSEC_DATAPLANE;
	else {
		ctl_rec_free(p);
		return usage();
	}
	if ((rc = call(sock, type, p, &rep)) != 0)
		return rc;
	if (rep.status != CTL_ST_OK) {
		fprintf(stderr, "%% %s\n", rep.message);
		ctl_reply_clear(&rep);
		return 1;
	}
	if (sl_render(type, &out, rep.recs, rep.nrecs, flags) == -1) {
		ctl_reply_clear(&rep);
		return 3;
	}
	fwrite(out.data, 1, out.len, stdout);
	buf_free(&out);
	ctl_reply_clear(&rep);
	return 0;
}

static int
clear(const char *sock, int argc, char **argv)
{
	struct ctl_reply	 rep = { 0 };
	struct ctl_rec		*p = ctl_rec_new();
	uint16_t		 type;
	int			 rc;

	if (argc < 1 || p == NULL)
		return usage();
	if (strcmp(argv[0], "ikev2") == 0) {
		type = CTL_CLEAR_IKEV2_SA;
		if (argc > 1)
			ctl_rec_add_str(p, CTL_K_REMOTE, argv[1]);
		else
			ctl_rec_add_u32(p, CTL_K_ALL, 1);
	} else if (strcmp(argv[0], "ipsec") == 0) {
		type = CTL_CLEAR_IPSEC_SA;
		if (argc > 1)
			ctl_rec_add_str(p, CTL_K_INTERFACE, argv[1]);
		else
			ctl_rec_add_u32(p, CTL_K_ALL, 1);
	} else {
		ctl_rec_free(p);
		return usage();
	}
	if ((rc = call(sock, type, p, &rep)) != 0)
		return rc;
	printf("%s\n", rep.message);
	rc = rep.status == CTL_ST_OK ? 0 : 1;
	ctl_reply_clear(&rep);
	return rc;
}

static int
notify(const char *sock)
{
	struct ctl_reply	rep = { 0 };
	char			err[256];
	size_t			i;
	int			rc;

	rc = ctl_notify_commit(sock, 0, 0, &rep, err, sizeof(err));
	if (rc != 0) {
		fprintf(stderr, "%% %s\n", err);
		return rc == CTL_NOT_RUNNING ? 2 : 3;
	}
	for (i = 0; i < rep.nrecs; i++) {
		const char *e = ctl_rec_str(rep.recs[i], CTL_K_ERROR);

		printf("%s: %s%s%s\n", ctl_rec_str(rep.recs[i],
		    CTL_K_OBJECT), ctl_rec_str(rep.recs[i], CTL_K_ACTION),
		    e != NULL ? ": " : "", e != NULL ? e : "");
	}
	printf("status %u: %s\n", rep.status, rep.message);
	rc = rep.status == CTL_ST_OK ? 0 : 1;
	ctl_reply_clear(&rep);
	return rc;
}

/* Sends a file's raw bytes; prints how many bytes came back. */
static int
raw(const char *sock, const char *file)
{
	struct sockaddr_un	 sun;
	struct timeval		 tv = { 5, 0 };
	static uint8_t		 data[1 << 20];
	FILE			*f;
	size_t			 n;
	ssize_t			 r;
	long			 got = 0;
	int			 fd;

	if ((f = fopen(file, "rb")) == NULL)
		return 3;
	n = fread(data, 1, sizeof(data), f);
	fclose(f);
	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	snprintf(sun.sun_path, sizeof(sun.sun_path), "%s", sock);
	if ((fd = socket(AF_UNIX, SOCK_STREAM, 0)) == -1 ||
	    connect(fd, (struct sockaddr *)&sun, sizeof(sun)) == -1)
		return 2;
	(void)setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	if (send(fd, data, n, MSG_NOSIGNAL) != (ssize_t)n) {
		close(fd);
		printf("send failed: %s\n", strerror(errno));
		return 0;
	}
	shutdown(fd, SHUT_WR);
	while ((r = recv(fd, data, sizeof(data), 0)) > 0)
		got += r;
	close(fd);
	printf("reply %ld bytes\n", got);
	return 0;
}

/* One request with no HELLO before it; prints the END that answers it. */
static int
bare(const char *sock, const char *type)
{
	struct sockaddr_un	 sun;
	struct timeval		 tv = { 5, 0 };
	struct buf		 out = { 0 };
	struct ctl_hdr		 h;
	struct ctl_rec		*rec = NULL;
	static uint8_t		 in[CTL_HDR_LEN + CTL_MAX_PAYLOAD];
	size_t			 len = 0, flen;
	uint32_t		 st = 0;
	const char		*msg;
	char			*end, err[128];
	unsigned long		 t;
	ssize_t			 r;
	int			 fd, rc = 3;

	t = strtoul(type, &end, 10);
	if (*type == 0 || *end != 0 || t > 65535)
		return usage();
	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	snprintf(sun.sun_path, sizeof(sun.sun_path), "%s", sock);
	if ((fd = socket(AF_UNIX, SOCK_STREAM, 0)) == -1)
		return 3;
	if (connect(fd, (struct sockaddr *)&sun, sizeof(sun)) == -1) {
		fprintf(stderr, "%% connect %s: %s\n", sock, strerror(errno));
		close(fd);
		return 2;
	}
	(void)setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	if (ctl_frame_encode(&out, (uint16_t)t, 1, NULL) == -1 ||
	    send(fd, out.data, out.len, MSG_NOSIGNAL) != (ssize_t)out.len)
		goto done;
	/* Records may come first; the END closes the answer. */
	for (;;) {
		if (ctl_frame_split(in, len, &h, &flen) == 1) {
			if (ctl_frame_decode(in, flen, &h, &rec, err,
			    sizeof(err)) == -1)
				break;
			if (h.type == CTL_END)
				break;
			ctl_rec_free(rec);
			rec = NULL;
			memmove(in, in + flen, len - flen);
			len -= flen;
			continue;
		}
		if (len == sizeof(in) ||
		    (r = recv(fd, in + len, sizeof(in) - len, 0)) <= 0)
			break;
		len += (size_t)r;
	}
	if (rec == NULL) {
		printf("no answer\n");
		goto done;
	}
	(void)ctl_rec_u32(rec, CTL_K_STATUS, &st);
	msg = ctl_rec_str(rec, CTL_K_MESSAGE);
	printf("status %u: %s\n", st, msg ? msg : "");
	rc = st == CTL_ST_OK ? 0 : 1;
done:
	ctl_rec_free(rec);
	buf_free(&out);
	close(fd);
	return rc;
}

/* The receiving end of $NOTIFY_SOCKET: one datagram, printed. */
static int
notify_wait(const char *path, const char *secs)
{
	struct sockaddr_un	 sun;
	struct pollfd		 pfd;
	char			 msg[4096], *end;
	long			 s;
	ssize_t			 n;
	int			 fd, rc = 1;

	s = strtol(secs, &end, 10);
	if (*secs == 0 || *end != 0 || s < 1 || s > 600 ||
	    strlen(path) >= sizeof(sun.sun_path))
		return usage();
	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	snprintf(sun.sun_path, sizeof(sun.sun_path), "%s", path);
	if ((fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0)) == -1 ||
	    bind(fd, (struct sockaddr *)&sun, sizeof(sun)) == -1) {
		fprintf(stderr, "%% %s: %s\n", path, strerror(errno));
		if (fd != -1)
			close(fd);
		return 3;
	}
	pfd.fd = fd;
	pfd.events = POLLIN;
	if (poll(&pfd, 1, (int)(s * 1000)) == 1 &&
	    (n = recv(fd, msg, sizeof(msg) - 1, 0)) >= 0) {
		msg[n] = 0;
		printf("%s\n", msg);
		rc = 0;
	} else
		fprintf(stderr, "%% nothing on %s in %ld s\n", path, s);
	close(fd);
	unlink(path);
	return rc;
}

/* One line: "a|b|c=value" sets, "-a|b" deletes (| becomes the key
 * separator). */
static int
commit_file(const char *db, const char *file)
{
	struct cfg_store		*st = NULL;
	struct cfg_session		*se = NULL;
	struct cfg_commit_result	 res;
	char				 line[2048], err[256], *eq, *p;
	FILE				*f;
	int				 rc = 3;

	if ((f = fopen(file, "r")) == NULL) {
		fprintf(stderr, "%% %s: %s\n", file, strerror(errno));
		return 3;
	}
	if ((st = cfg_store_open(db, 0, err, sizeof(err))) == NULL ||
	    (se = cfg_session_open(st, "dmnctl", "test", 0, err,
	    sizeof(err))) == NULL) {
		fprintf(stderr, "%% %s\n", err);
		goto out;
	}
	while (fgets(line, sizeof(line), f) != NULL) {
		line[strcspn(line, "\n")] = '\0';
		if (line[0] == '\0' || line[0] == '#')
			continue;
		for (p = line; *p != '\0' && *p != '='; p++)
			if (*p == '|')
				*p = CFG_KEY_SEP;
		if (line[0] == '-') {
			if (cfg_session_delete(se, line + 1, err,
			    sizeof(err)) == -1)
				goto fail;
			continue;
		}
		if ((eq = strchr(line, '=')) == NULL)
			eq = line + strlen(line);
		else
			*eq++ = '\0';
		if (cfg_session_set(se, line, eq, err, sizeof(err)) == -1)
			goto fail;
	}
	if (cfg_commit(se, NULL, &res, err, sizeof(err)) == -1)
		goto fail;
	printf("%llu\n", (unsigned long long)res.generation);
	rc = 0;
	goto out;
fail:
	fprintf(stderr, "%% %s\n", err);
out:
	fclose(f);
	cfg_session_close(se);
	cfg_store_close(st);
	return rc;
}

/* Garbage for port 500/4500: random sizes and bytes, with the shapes a
 * parser meets first (non-ESP marker, IKE version and exchange octets,
 * lengths) hit often enough to get past the first checks. */
static int
udp_send(int argc, char **argv)
{
	static uint8_t		 b[65536];
	struct sockaddr_in	 sin;
	unsigned long		 n = 1, seed = 1, i, len, k;
	uint64_t		 x;
	FILE			*f;
	int			 fd;

	if (argc < 3)
		return usage();
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_port = htons((uint16_t)atoi(argv[1]));
	if (inet_pton(AF_INET, argv[0], &sin.sin_addr) != 1 ||
	    (fd = socket(AF_INET, SOCK_DGRAM, 0)) == -1)
		return 3;
	if (strcmp(argv[2], "random") != 0) {
		if ((f = fopen(argv[2], "rb")) == NULL)
			return 3;
		len = fread(b, 1, sizeof(b), f);
		fclose(f);
		(void)sendto(fd, b, len, 0, (struct sockaddr *)&sin,
		    sizeof(sin));
		close(fd);
		return 0;
	}
	if (argc > 3)
		n = strtoul(argv[3], NULL, 10);
	if (argc > 4)
		seed = strtoul(argv[4], NULL, 10);
	x = seed * 0x9e3779b97f4a7c15ULL + 1;
	for (i = 0; i < n; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		len = (x >> 8) % (i % 7 == 0 ? 65000 : 600);
		for (k = 0; k < len; k++) {
			x ^= x << 13;
			x ^= x >> 7;
			x ^= x << 17;
			b[k] = (uint8_t)x;
		}
		if (len >= 28 && (i & 1)) {
			/* Marker, then an IKE header (version 2.0). */
			memset(b, 0, 4);
			b[4 + 17] = 0x20;
			b[4 + 18] = (uint8_t)(34 + i % 4);
		} else if (len >= 28 && (i % 3 == 0)) {
			b[17] = 0x20;
			b[18] = (uint8_t)(34 + i % 4);
			b[24] = (uint8_t)(len >> 24);
			b[25] = (uint8_t)(len >> 16);
			b[26] = (uint8_t)(len >> 8);
			b[27] = (uint8_t)len;
		}
		(void)sendto(fd, b, len, 0, (struct sockaddr *)&sin,
		    sizeof(sin));
	}
	close(fd);
	return 0;
}

int
main(int argc, char **argv)
{
	const char	*sock = NULL;

	if (argc >= 4 && strcmp(argv[1], "--db") == 0 &&
	    strcmp(argv[3], "commit") == 0 && argc == 5)
		return commit_file(argv[2], argv[4]);
	if (argc == 4 && strcmp(argv[1], "notify-wait") == 0)
		return notify_wait(argv[2], argv[3]);
	if (argc >= 2 && strcmp(argv[1], "udp") == 0)
		return udp_send(argc - 2, argv + 2);
	if (argc < 4 || strcmp(argv[1], "-s") != 0)
		return usage();
	sock = argv[2];
	if (strcmp(argv[3], "show") == 0)
		return show(sock, argc - 4, argv + 4);
	if (strcmp(argv[3], "clear") == 0)
		return clear(sock, argc - 4, argv + 4);
	if (strcmp(argv[3], "notify") == 0)
		return notify(sock);
	if (strcmp(argv[3], "raw") == 0 && argc == 5)
		return raw(sock, argv[4]);
	if (strcmp(argv[3], "bare") == 0 && argc == 5)
		return bare(sock, argv[4]);
	return usage();
}
