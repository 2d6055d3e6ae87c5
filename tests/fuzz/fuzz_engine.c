/*
 * libFuzzer target for the engine's datagram path: two engines (the
 * harness of tests/unit/engine_harness.c, deterministic seeds) set up a
 * tunnel, then the input is handed to one of them as a received datagram
 * and both run on (answers, retransmissions, timers) until they are quiet.
 * What is checked is what sanitizers check: no crash, no leak, no
 * undefined behaviour.  (Agreement after garbage is engine_mutation_test's
 * job: a seed here may be a valid authenticated request the other side
 * never sent, after which the two legitimately disagree.)  Input: one
 * control octet (bit 0: deliver to side B, else A; bit 1: as if on port
 * 4500), then the UDP payload.
 *
 * Seeds (tests/fuzz/corpus/engine/) are the datagrams the same setup
 * exchanges while it rekeys, probes and deletes, so their SPIs and message
 * IDs reach live state; FUZZ_ENGINE_WRITE_CORPUS=DIR makes the first call
 * write them.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/unit/engine_harness.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
setup(struct harness *h)
{
	h_init(h, 7);
	h_start(h);
	h_admin(h, 0, IKE_EV_INITIATE);
	h_run(h, 1000);
}

static enum h_verdict
dump(struct harness *h, struct h_pkt *p, void *arg)
{
	const char	*dir = arg;
	char		 path[4096];
	FILE		*f;
	uint8_t		 ctl = (uint8_t)((p->to ? 1 : 0) |
			    (p->dst.port == 4500 ? 2 : 0));

	snprintf(path, sizeof(path), "%s/seed-%02u", dir, p->seq);
	if ((f = fopen(path, "wb")) != NULL) {
		fwrite(&ctl, 1, 1, f);
		fwrite(p->data, 1, p->len, f);
		fclose(f);
	}
	return H_DELIVER;
}

/* Writes every datagram of a scripted life of the tunnel as a seed. */
static void
write_corpus(const char *dir)
{
	struct harness	h;

	h_init(&h, 7);
	h_start(&h);
	h.filter = dump;
	h.filter_arg = (void *)dir;
	h_admin(&h, 0, IKE_EV_INITIATE);
	h_run(&h, 1000);
	h_admin(&h, 0, IKE_EV_REKEY_CHILD);
	h_run(&h, 1000);
	h_admin(&h, 1, IKE_EV_REKEY_CHILD);
	h_run(&h, 1000);
	h_admin(&h, 0, IKE_EV_DPD);
	h_run(&h, 1000);
	h_admin(&h, 1, IKE_EV_REKEY_IKE);
	h_run(&h, 1000);
	h_admin(&h, 0, IKE_EV_TERMINATE);
	h_run(&h, 1000);
	h_free(&h);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int		 once;
	struct harness		 h;
	struct ike_addr		 src, dst;
	const char		*dir;
	int			 to;

	if (!once) {
		once = 1;
		if ((dir = getenv("FUZZ_ENGINE_WRITE_CORPUS")) != NULL)
			write_corpus(dir);
	}
	if (size < 1)
		return 0;
	setup(&h);
	to = data[0] & 1;
	memset(&src, 0, sizeof(src));
	memset(&dst, 0, sizeof(dst));
	src.ip = h.s[!to].peer.local;
	dst.ip = h.s[to].peer.local;
	src.port = dst.port = (data[0] & 2) ? 4500 : 500;
	h_inject(&h, to, &src, &dst, data + 1, size - 1);
	h_run(&h, 120000);
	h_free(&h);
	return 0;
}
