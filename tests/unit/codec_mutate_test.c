/*
 * Deterministic mutation of real messages through the decoder fuzz
 * target's code path (cu_ike_one): for every seed in
 * tests/fuzz/corpus/ike_decode/ (captured strongSwan and Wireshark-sample
 * messages, our encoder's samples in the clear, protected with AES-CBC and
 * AES-GCM, and as SK plaintexts; the engine adds its own messages there),
 * every truncation, every 1-bit flip, and every 2-bit flip whose two bits
 * lie within 64 bits of each other.  Nothing may crash (ASan/UBSan) and
 * every re-encoding invariant must hold.
 *
 * Bound: 2-bit flips of all pairs would be quadratic (a 1.3 kB message has
 * 54 million pairs).  We flip every pair of bits within a 64-bit window
 * (both bits in one field or in neighbouring fields, where two-field
 * inconsistencies live) whose first bit lies in message structure: headers,
 * lengths, counts, types, proposals, selectors.  Pairs starting inside
 * opaque data (certificates, key exchange data, nonces, AUTH data, hashes,
 * notification data), which the decoder never interprets, are covered by
 * the 1-bit flips only.  Protected datagrams get truncations and 1-bit
 * flips only: any change to them fails the ICV (codec_sk_test shows that
 * for every bit), so 2-bit flips there would only exercise the HMAC.
 *
 * CODEC_WRITE_CORPUS=DIR regenerates the seed corpus instead of testing.
 */
#include "config.h"

#include <check.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ikev2/msg.h"
#include "tests/unit/codec_util.h"

#define MAX_SEEDS	256
#define WINDOW		64	/* bits */

static char	*seeds[MAX_SEEDS];
static uint8_t	*seed_data[MAX_SEEDS];
static size_t	 seed_len[MAX_SEEDS];
static size_t	 nseeds;
static char	 corpus[1024];

/*
 * ASan's default quarantine (256 MB) makes each of the million small
 * messages here land on fresh pages; 16 MB still holds any freed block
 * far longer than one run needs to show a use after free.
 */
const char	*__asan_default_options(void);

const char *
__asan_default_options(void)
{
	return "quarantine_size_mb=16";
}

static int
cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int
list_seeds(void)
{
	struct dirent	*de;
	DIR		*d;
	char		 path[1200];
	size_t		 i;

	if ((d = opendir(corpus)) == NULL)
		return -1;
	while ((de = readdir(d)) != NULL && nseeds < MAX_SEEDS)
		if (de->d_name[0] != '.')
			seeds[nseeds++] = strdup(de->d_name);
	closedir(d);
	qsort(seeds, nseeds, sizeof(seeds[0]), cmp);
	for (i = 0; i < nseeds; i++) {
		snprintf(path, sizeof(path), "%s/%s", corpus, seeds[i]);
		if ((seed_data[i] = cu_load(path, &seed_len[i])) == NULL)
			return -1;
	}
	return 0;
}

/*
 * A datagram in the clear whose payload chain is also a seed of its own
 * (an SK plaintext seed): the chain's pairs are flipped there, so here
 * only pairs starting in the header need flipping.
 */
static int
has_inner_twin(const uint8_t *p, size_t len)
{
	size_t	i;

	if (len < 1 + IKE_HDR_LEN || (p[0] & 1))
		return 0;
	for (i = 0; i < nseeds; i++)
		if (seed_len[i] >= 4 && (seed_data[i][0] & 1) &&
		    seed_data[i][1] == p[1 + 16] &&
		    seed_len[i] - 4 == len - 1 - IKE_HDR_LEN &&
		    memcmp(seed_data[i] + 4, p + 1 + IKE_HDR_LEN,
		    len - 1 - IKE_HDR_LEN) == 0)
			return 1;
	return 0;
}

/* Runs one mutated input from an exactly sized copy (ASan sees any read
 * past the end). */
static int
run(const uint8_t *p, size_t len, size_t *counts)
{
	uint8_t	*copy = malloc(len ? len : 1);
	int	 rc;

	memcpy(copy, p, len);
	rc = cu_ike_one(copy, len);
	free(copy);
	counts[rc]++;
	return rc;
}

/* Marks [p, p+len) of a message as opaque in map (map[0] is octet 0 of
 * the seed; base is where the message's octet 0 sits in the seed). */
static void
opaque(uint8_t *map, size_t maplen, const uint8_t *start, const uint8_t *p,
    size_t len, size_t base)
{
	size_t	off, i;

	if (p == NULL || len == 0 || p < start)
		return;
	off = (size_t)(p - start) + base;
	for (i = 0; i < len && off + i < maplen; i++)
		map[off + i] = 1;
}

/*
 * Which octets of a seed are opaque data: decodes it (the seed decodes, as
 * checked before) and marks each payload's uninterpreted bytes.
 */
static void
opaque_map(const uint8_t *seed, size_t len, uint8_t *map)
{
	const struct ike_pl	*pl;
	const uint8_t		*start;
	struct ike_msg		*m = ike_msg_new();
	size_t			 i, base;
	int			 rc;

	memset(map, 0, len);
	if (seed[0] & 1) {
		m->hdr.flags = seed[3];
		rc = ike_msg_decode_inner(m, seed + 4, len - 4, seed[1], NULL);
		base = 4;
		start = m->npl ? m->pl[0].body.p - 4 : NULL;
	} else {
		rc = ike_msg_decode(m, seed + 1, len - 1, NULL);
		base = 1;
		start = m->raw;
	}
	for (i = 0; rc == 0 && start != NULL && i < m->npl; i++) {
		pl = &m->pl[i];
		switch (pl->type) {
		case IKE_PL_KE:
			opaque(map, len, start, pl->ke.data.p, pl->ke.data.len,
			    base);
			break;
		case IKE_PL_IDI:
		case IKE_PL_IDR:
			opaque(map, len, start, pl->id.data.p, pl->id.data.len,
			    base);
			break;
		case IKE_PL_CERT:
		case IKE_PL_CERTREQ:
			opaque(map, len, start, pl->cert.data.p,
			    pl->cert.data.len, base);
			break;
		case IKE_PL_AUTH:
			opaque(map, len, start, pl->auth.data.p,
			    pl->auth.data.len, base);
			break;
		case IKE_PL_NOTIFY:
			opaque(map, len, start, pl->n.data.p, pl->n.data.len,
			    base);
			break;
		case IKE_PL_EAP:
			if (pl->body.len > 4)
				opaque(map, len, start, pl->body.p + 4,
				    pl->body.len - 4, base);
			break;
		case IKE_PL_SA:
		case IKE_PL_TSI:
		case IKE_PL_TSR:
		case IKE_PL_CP:
		case IKE_PL_DELETE:
			break;
		default:	/* Nonce, V, unknown types */
			opaque(map, len, start, pl->body.p, pl->body.len,
			    base);
			break;
		}
	}
	ike_msg_free(m);
}

START_TEST(test_mutations_of_seed)
{
	const char	*name = seeds[_i];
	uint8_t		*p;
	uint8_t		*map;
	size_t		 len, n, i, j, counts[3] = { 0, 0, 0 }, runs;
	size_t		 pairs = 0;
	int		 protected_dgram, twin;

	len = seed_len[_i];
	p = malloc(len ? len : 1);
	memcpy(p, seed_data[_i], len);
	/* The seed itself decodes (the CU_EVERYTHING samples carry every
	 * payload type at once, so they do not pass the rules). */
	ck_assert_msg(run(p, len, counts) != CU_REJECTED, "seed %s refused",
	    name);
	protected_dgram = len > 1 + 28 && !(p[0] & 1) && p[1 + 16] == 46;
	twin = has_inner_twin(p, len);
	map = malloc(len);
	opaque_map(p, len, map);

	for (n = 0; n < len; n++)
		run(p, n, counts);
	for (i = 8; i < len * 8; i++) {	/* octet 0 is the mode */
		p[i / 8] ^= (uint8_t)(1 << (i % 8));
		run(p, len, counts);
		if (!protected_dgram && !map[i / 8] &&
		    (!twin || i / 8 < 1 + IKE_HDR_LEN))
			for (j = i + 1; j < len * 8 && j < i + WINDOW; j++) {
				p[j / 8] ^= (uint8_t)(1 << (j % 8));
				run(p, len, counts);
				p[j / 8] ^= (uint8_t)(1 << (j % 8));
				pairs++;
			}
		p[i / 8] ^= (uint8_t)(1 << (i % 8));
	}
	runs = counts[0] + counts[1] + counts[2];
	printf("%s: %zu octets, %zu runs (%zu 2-bit): %zu refused, "
	    "%zu decoded, %zu valid\n", name, len, runs, pairs,
	    counts[CU_REJECTED], counts[CU_DECODED], counts[CU_VALID]);
	free(map);
	free(p);
}
END_TEST

int
main(void)
{
	const char	*top = getenv("top_srcdir");
	const char	*out = getenv("CODEC_WRITE_CORPUS");
	SRunner		*sr;
	Suite		*s;
	TCase		*tc;
	size_t		 i;
	int		 failed, n;

	if (top == NULL)
		top = ".";
	if (out != NULL) {
		if ((n = cu_write_corpus(out, top)) == -1) {
			fprintf(stderr, "cannot write the corpus to %s\n", out);
			return EXIT_FAILURE;
		}
		printf("wrote %d seeds to %s\n", n, out);
		return EXIT_SUCCESS;
	}
	snprintf(corpus, sizeof(corpus), "%s/tests/fuzz/corpus/ike_decode",
	    top);
	if (list_seeds() == -1 || nseeds == 0) {
		fprintf(stderr, "no seeds in %s\n", corpus);
		return EXIT_FAILURE;
	}
	s = suite_create("codec_mutate");
	tc = tcase_create("mutate");
	tcase_add_loop_test(tc, test_mutations_of_seed, 0, (int)nseeds);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	for (i = 0; i < nseeds; i++) {
		free(seeds[i]);
		free(seed_data[i]);
	}
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
