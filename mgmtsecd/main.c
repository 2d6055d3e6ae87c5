/*
 * mgmtsecd: options, start-up and shutdown.  Start-up opens the store,
 * the control socket, the event loop, the data plane and the engine, and
 * applies the running configuration.  Without -d the process forks first
 * (the data plane's threads must live in the daemon, not in a parent
 * that exits) and the parent waits until the child says start-up is
 * done, so every start-up error still reaches the operator's terminal as
 * one `%` line and a non-zero exit status (SPEC section 1).
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/crypto.h>

#include "common/ctl_client.h"
#include "mgmtsecd/daemon.h"
#include "mgmtsecd/log.h"

static void
usage(FILE *f)
{
	fprintf(f,
"usage: mgmtsecd [-d] [-v] [--db PATH] [--socket PATH]\n"
"                [--dataplane auto|kernel|userspace|none] [--save-keys DIR]\n"
"\n"
"The IKEv2 daemon of mgmtsec: applies the committed configuration, keeps\n"
"its IPsec tunnels up and answers the shell's show and clear commands.\n"
"\n"
"  -d, --foreground       stay in the foreground, log to stderr\n"
"  -v, --verbose          log every IKE message (debug)\n"
"      --db PATH          configuration database (default: as mgmtsec)\n"
"      --socket PATH      control socket (default: beside the database)\n"
"      --dataplane MODE   auto (default), kernel, userspace or none\n"
"      --save-keys DIR    write Wireshark key tables to DIR (insecure)\n"
"      --passive          never initiate by itself: tunnels come up when\n"
"                         the peer initiates (or on clear ikev2 sa)\n"
"      --cookie-threshold N  half-open IKE SAs from one address before\n"
"                         a COOKIE is demanded (default 3)\n"
"      --block-threshold N   half-open IKE SAs from one address before\n"
"                         new ones are dropped (default 5)\n"
"      --cookie-threshold-total N  half-open IKE SAs in all before a\n"
"                         COOKIE is demanded from everyone (default 30)\n"
"      --ike-port N, --natt-port N  UDP ports (tests; default 500, 4500)\n"
"      --force-encap      ESP always in UDP on port 4500 (RFC 3948), as\n"
"                         if behind a NAT: the userspace data plane\n"
"                         then sends and receives it in batches\n"
"      --ike-fragment-size N|off  IPv4 packet size IKE messages are cut\n"
"                         to (RFC 7383 fragments; 576-65535, default\n"
"                         1280), or off: no IKE fragmentation\n"
"  -h, --help             this text\n"
"      --version          the version\n");
}

static int
num(const char *s, unsigned long max, unsigned long *out)
{
	char	*end;

	errno = 0;
	*out = strtoul(s, &end, 10);
	return errno != 0 || *end != '\0' || end == s || *out > max ? -1 : 0;
}

static int
parse(struct dmn_opts *o, int argc, char **argv)
{
	enum { O_DB = 256, O_SOCK, O_DP, O_KEYS, O_VER, O_COOKIE, O_BLOCK,
	    O_IKEPORT, O_NATTPORT, O_PASSIVE, O_COOKIE_ALL, O_FRAG, O_ENCAP };
	static const struct option lo[] = {
		{ "foreground", no_argument, NULL, 'd' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ "db", required_argument, NULL, O_DB },
		{ "socket", required_argument, NULL, O_SOCK },
		{ "dataplane", required_argument, NULL, O_DP },
		{ "save-keys", required_argument, NULL, O_KEYS },
		{ "version", no_argument, NULL, O_VER },
		{ "cookie-threshold", required_argument, NULL, O_COOKIE },
		{ "block-threshold", required_argument, NULL, O_BLOCK },
		{ "cookie-threshold-total", required_argument, NULL,
		    O_COOKIE_ALL },
		{ "passive", no_argument, NULL, O_PASSIVE },
		{ "ike-port", required_argument, NULL, O_IKEPORT },
		{ "natt-port", required_argument, NULL, O_NATTPORT },
		{ "ike-fragment-size", required_argument, NULL, O_FRAG },
		{ "force-encap", no_argument, NULL, O_ENCAP },
		{ NULL, 0, NULL, 0 }
	};
	char		 err[256];
	unsigned long	 v;
	int		 c;

	while ((c = getopt_long(argc, argv, "dvh", lo, NULL)) != -1) {
		switch (c) {
		case 'd':
			o->foreground = 1;
			break;
		case 'v':
			o->verbose = 1;
			break;
		case 'h':
			usage(stdout);
			exit(0);
		case O_VER:
			printf("mgmtsecd %s\n", DMN_VERSION);
			exit(0);
		case O_DB:
			if (snprintf(o->db, sizeof(o->db), "%s", optarg) >=
			    (int)sizeof(o->db))
				goto toolong;
			break;
		case O_SOCK:
			if (snprintf(o->sock, sizeof(o->sock), "%s", optarg) >=
			    (int)sizeof(o->sock))
				goto toolong;
			break;
		case O_DP:
			if (strcmp(optarg, "auto") == 0)
				o->dataplane = DMN_DP_AUTO;
			else if (strcmp(optarg, "kernel") == 0)
				o->dataplane = DMN_DP_KERNEL;
			else if (strcmp(optarg, "userspace") == 0)
				o->dataplane = DMN_DP_USERSPACE;
			else if (strcmp(optarg, "none") == 0)
				o->dataplane = DMN_DP_NONE;
			else {
				fprintf(stderr, "%% --dataplane must be auto, "
				    "kernel, userspace or none\n");
				return -1;
			}
			break;
		case O_KEYS:
			o->save_keys = optarg;
			break;
		case O_PASSIVE:
			o->passive = 1;
			break;
		case O_ENCAP:
			o->force_encap = 1;
			break;
		case O_FRAG:
			/* RFC 7383 §2.5.1: 576 is the smallest an IPv4
			 * path must carry. */
			if (strcmp(optarg, "off") == 0) {
				o->frag_off = 1;
				break;
			}
			if (num(optarg, 65535, &v) == -1 || v < 576) {
				fprintf(stderr, "%% --ike-fragment-size %s: "
				    "576-65535 or off\n", optarg);
				return -1;
			}
			o->frag_size = (uint32_t)v;
			o->frag_off = 0;
			break;
		case O_COOKIE:
		case O_COOKIE_ALL:
		case O_BLOCK:
		case O_IKEPORT:
		case O_NATTPORT:
			if (num(optarg, c == O_IKEPORT || c == O_NATTPORT ?
			    65535 : 1000000, &v) == -1 || v == 0) {
				fprintf(stderr, "%% %s: not a number in "
				    "range\n", optarg);
				return -1;
			}
			if (c == O_COOKIE)
				o->cookie_threshold_ip = (uint32_t)v;
			else if (c == O_COOKIE_ALL)
				o->cookie_threshold = (uint32_t)v;
			else if (c == O_BLOCK)
				o->block_threshold_ip = (uint32_t)v;
			else if (c == O_IKEPORT)
				o->ike_port = (uint16_t)v;
			else
				o->natt_port = (uint16_t)v;
			break;
		default:
			usage(stderr);
			return -1;
		}
	}
	if (optind != argc) {
		fprintf(stderr, "%% unexpected argument: %s\n", argv[optind]);
		return -1;
	}
	if (o->db[0] == '\0' && cfg_store_default_path(o->db, sizeof(o->db),
	    err, sizeof(err)) == -1) {
		fprintf(stderr, "%% %s\n", err);
		return -1;
	}
	if (o->sock[0] == '\0' && ctl_sock_default_path(o->db, o->sock,
	    sizeof(o->sock)) == -1) {
		fprintf(stderr, "%% socket path too long; use --socket\n");
		return -1;
	}
	if (o->save_keys != NULL) {
		struct stat	sb;

		if (stat(o->save_keys, &sb) == -1 || !S_ISDIR(sb.st_mode)) {
			fprintf(stderr, "%% --save-keys %s: not a directory\n",
			    o->save_keys);
			return -1;
		}
	}
	return 0;
toolong:
	fprintf(stderr, "%% path too long: %s\n", optarg);
	return -1;
}

/* Leaves the terminal once everything is up. */
/*
 * Forks; the parent waits for the child's verdict on the pipe and exits
 * with it (0 when the child wrote "0", 1 otherwise).  The child returns
 * the write end, to be handed to detach_done().  -1 on failure.
 */
static int
detach_begin(void)
{
	int	p[2];
	pid_t	pid;
	char	c = '1';

	if (pipe(p) == -1)
		return -1;
	if ((pid = fork()) == -1) {
		close(p[0]);
		close(p[1]);
		return -1;
	}
	if (pid > 0) {
		close(p[1]);
		while (read(p[0], &c, 1) == -1 && errno == EINTR)
			;
		_exit(c == '0' ? 0 : 1);
	}
	close(p[0]);
	if (setsid() == -1) {
		close(p[1]);
		return -1;
	}
	return p[1];
}

/* Start-up is done (ok 1) or failed: the parent may go.  The child
 * leaves the terminal once it is running. */
static int
detach_done(int fd, int ok)
{
	char	c = ok ? '0' : '1';
	int	rc = 0;

	if (fd == -1)
		return 0;
	if (ok && (freopen("/dev/null", "r", stdin) == NULL ||
	    freopen("/dev/null", "w", stdout) == NULL ||
	    freopen("/dev/null", "w", stderr) == NULL || chdir("/") == -1))
		rc = -1;
	if (rc == -1)
		c = '1';
	if (write(fd, &c, 1) != 1)
		rc = -1;
	close(fd);
	return rc;
}

int
main(int argc, char **argv)
{
	struct dmn	*d;
	char		 err[512];
	int		 rc = 1, dfd = -1;

	/*
	 * Blocks of 128 KB and more (tables for thousands of SAs, a show
	 * snapshot, the actions of a clear) get pages of their own and give
	 * them back when freed.  glibc would otherwise raise that threshold
	 * after the first such free and serve later ones from the heap,
	 * where each leaves a hole of that size between long-lived SAs.
	 */
	(void)mallopt(M_MMAP_THRESHOLD, 128 * 1024);
	if ((d = calloc(1, sizeof(*d))) == NULL) {
		fprintf(stderr, "%% out of memory\n");
		return 1;
	}
	d->lfd = d->epfd = d->sigfd = d->tfd = -1;
	if (parse(&d->opts, argc, argv) == -1) {
		free(d);
		return 2;
	}
	dmn_log_init(1, d->opts.verbose ? DMN_LOG_DEBUG : DMN_LOG_INFO);
	if (!d->opts.foreground && (dfd = detach_begin()) == -1) {
		fprintf(stderr, "%% cannot detach: %s\n", strerror(errno));
		free(d);
		return 1;
	}
	if (d->opts.save_keys != NULL)
		dmn_log(DMN_LOG_WARN, "WARNING: --save-keys %s: every IKE and "
		    "ESP key will be written there in clear; anyone who can "
		    "read it can decrypt this traffic", d->opts.save_keys);
	if ((d->store = cfg_store_open(d->opts.db, 0, err,
	    sizeof(err))) == NULL) {
		fprintf(stderr, "%% %s\n", err);
		goto out;
	}
	dmn_share_db(d->opts.db);
	if (dmn_loop_init(d, err, sizeof(err)) == -1 ||
	    dmn_ctl_init(d, err, sizeof(err)) == -1 ||
	    dmn_engine_init(d, err, sizeof(err)) == -1) {
		fprintf(stderr, "%% %s\n", err);
		goto out;
	}
	dmn_log(DMN_LOG_INFO, "mgmtsecd %s: database %s, control socket %s, "
	    "data plane %s", DMN_VERSION, d->opts.db, d->opts.sock,
	    d->dp->name);
	if (dmn_reconcile(d, NULL, NULL, NULL, NULL, 0) == -1) {
		fprintf(stderr, "%% cannot apply the running configuration\n");
		goto out;
	}
	if (!d->opts.foreground) {
		if (detach_done(dfd, 1) == -1) {
			dfd = -1;
			dmn_log(DMN_LOG_ERR, "cannot detach: %s",
			    strerror(errno));
			goto out;
		}
		dfd = -1;
		dmn_log_init(0, d->opts.verbose ? DMN_LOG_DEBUG :
		    DMN_LOG_INFO);
	}
	/* systemd (Type=notify): ready once the running config is applied. */
	if (dmn_notify("READY=1") == -1)
		dmn_log(DMN_LOG_WARN, "cannot notify systemd ($NOTIFY_SOCKET):"
		    " %s", strerror(errno));
	rc = dmn_loop_run(d) == 0 ? 0 : 1;
	dmn_log(DMN_LOG_INFO, "exiting");
out:
	(void)detach_done(dfd, 0);
	dmn_ctl_free(d);
	if (d->dp != NULL)
		dmn_tunnels_down(d);
	dmn_engine_free(d);
	dmn_tunnels_free(d);
	dmn_loop_free(d);
	cfg_store_close(d->store);
	dmn_log_close();
	OPENSSL_cleanse(d, sizeof(*d));
	free(d);
	return rc;
}
