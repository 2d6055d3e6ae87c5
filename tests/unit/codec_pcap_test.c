/*
 * Tests of the test-side pcap reader (tests/pcap.c) on captures built in
 * memory: both byte orders and timestamp precisions, the link types it
 * knows, the non-ESP marker on port 4500, and damaged files: every
 * truncation, every single-bit flip, and lengths that lie at each layer.
 * The reader parses files as untrusted input, so these run under ASan too.
 */
#include "config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "tests/lib/pcap.h"

static const uint8_t ike_body[] = {
	/* Not a valid IKE message; the reader does not look inside. */
	0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0xde, 0xad,
};

struct pk {
	uint32_t	linktype;
	int		vlan;
	uint16_t	sport, dport;
	int		marker;		/* prefix 4 zero octets */
	int		frag;		/* set MF */
	uint8_t		proto;
	size_t		eth_pad;	/* trailing link padding */
};

static void
put16le(struct buf *b, uint16_t v, int be)
{
	if (be)
		buf_add_u16(b, v);
	else {
		buf_add_u8(b, (uint8_t)v);
		buf_add_u8(b, (uint8_t)(v >> 8));
	}
}

static void
put32(struct buf *b, uint32_t v, int be)
{
	if (be)
		buf_add_u32(b, v);
	else {
		put16le(b, (uint16_t)v, 0);
		put16le(b, (uint16_t)(v >> 16), 0);
	}
}

static void
file_header(struct buf *b, int be, int nsec, uint32_t linktype)
{
	put32(b, nsec ? 0xa1b23c4d : 0xa1b2c3d4, be);
	put16le(b, 2, be);
	put16le(b, 4, be);
	put32(b, 0, be);
	put32(b, 0, be);
	put32(b, 65535, be);
	put32(b, linktype, be);
}

/* Appends one record carrying a UDP datagram with payload p. */
static void
record(struct buf *b, int be, const struct pk *k, const uint8_t *p,
    size_t n)
{
	struct buf	pkt = { 0 };
	size_t		udplen = 8 + n + (k->marker ? 4 : 0);
	size_t		iplen = 20 + udplen;

	switch (k->linktype) {
	case PCAP_LINKTYPE_ETHERNET:
		buf_add_zero(&pkt, 12);
		if (k->vlan) {
			buf_add_u16(&pkt, 0x8100);
			buf_add_u16(&pkt, 42);
		}
		buf_add_u16(&pkt, 0x0800);
		break;
	case PCAP_LINKTYPE_SLL:
		buf_add_zero(&pkt, 14);
		buf_add_u16(&pkt, 0x0800);
		break;
	default:
		break;
	}
	buf_add_u8(&pkt, 0x45);
	buf_add_u8(&pkt, 0);
	buf_add_u16(&pkt, (uint16_t)iplen);
	buf_add_u16(&pkt, 1);
	buf_add_u16(&pkt, k->frag ? 0x2000 : 0x4000);
	buf_add_u8(&pkt, 64);
	buf_add_u8(&pkt, k->proto ? k->proto : 17);
	buf_add_u16(&pkt, 0);
	buf_add_u32(&pkt, 0xc6336401);		/* 198.51.100.1 */
	buf_add_u32(&pkt, 0xc6336402);
	buf_add_u16(&pkt, k->sport);
	buf_add_u16(&pkt, k->dport);
	buf_add_u16(&pkt, (uint16_t)udplen);
	buf_add_u16(&pkt, 0);
	if (k->marker)
		buf_add_zero(&pkt, 4);
	buf_add(&pkt, p, n);
	buf_add_zero(&pkt, k->eth_pad);
	put32(b, 1000, be);
	put32(b, 5, be);
	put32(b, (uint32_t)pkt.len, be);
	put32(b, (uint32_t)pkt.len, be);
	buf_add(b, pkt.data, pkt.len);
	buf_free(&pkt);
}

/* Reads the first record of a capture and extracts its IKE message. */
static int
first_ike(const struct buf *b, const uint8_t **ike, size_t *len)
{
	struct pcap_rd	pr;
	struct pcap_pkt	pkt;
	struct pcap_udp	udp;

	if (pcap_open(&pr, b->data, b->len) == -1)
		return -10;
	if (pcap_next(&pr, &pkt) != 1)
		return -11;
	if (pcap_udp(&pr, &pkt, &udp) == -1)
		return -12;
	if (pcap_ike(&udp, ike, len) == -1)
		return -13;
	return 0;
}

START_TEST(test_reads_ike_in_every_format)
{
	static const struct pk	kinds[] = {
		{ PCAP_LINKTYPE_ETHERNET, 0, 500, 500, 0, 0, 0, 0 },
		{ PCAP_LINKTYPE_ETHERNET, 1, 500, 500, 0, 0, 0, 0 },
		{ PCAP_LINKTYPE_ETHERNET, 0, 4500, 4500, 1, 0, 0, 0 },
		{ PCAP_LINKTYPE_ETHERNET, 0, 500, 500, 0, 0, 0, 18 },
		{ PCAP_LINKTYPE_SLL, 0, 1234, 500, 0, 0, 0, 0 },
		{ PCAP_LINKTYPE_RAW, 0, 4500, 9999, 1, 0, 0, 0 },
	};
	struct buf	 b = { 0 };
	const uint8_t	*ike;
	size_t		 len, i;
	int		 be, nsec;

	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		for (be = 0; be < 2; be++)
			for (nsec = 0; nsec < 2; nsec++) {
				buf_reset(&b);
				file_header(&b, be, nsec, kinds[i].linktype);
				record(&b, be, &kinds[i], ike_body,
				    sizeof(ike_body));
				ck_assert_int_eq(first_ike(&b, &ike, &len), 0);
				ck_assert_uint_eq(len, sizeof(ike_body));
				ck_assert_mem_eq(ike, ike_body, len);
			}
	buf_free(&b);
}
END_TEST

START_TEST(test_non_ike_is_not_ike)
{
	static const uint8_t	esp[] = { 0xc1, 0xd7, 0x17, 0xe8, 0, 0, 0, 1 };
	static const uint8_t	keepalive[] = { 0xff };
	static const struct pk	natt = { PCAP_LINKTYPE_ETHERNET, 0, 4500,
				    4500, 0, 0, 0, 0 };
	static const struct pk	other = { PCAP_LINKTYPE_ETHERNET, 0, 53, 53,
				    0, 0, 0, 0 };
	static const struct pk	frag = { PCAP_LINKTYPE_ETHERNET, 0, 500, 500,
				    0, 1, 0, 0 };
	static const struct pk	tcp = { PCAP_LINKTYPE_ETHERNET, 0, 500, 500,
				    0, 0, 6, 0 };
	struct buf		b = { 0 };
	const uint8_t		*ike;
	size_t			len;

	file_header(&b, 0, 0, 1);
	record(&b, 0, &natt, esp, sizeof(esp));
	ck_assert_int_eq(first_ike(&b, &ike, &len), -13);
	buf_reset(&b);
	file_header(&b, 0, 0, 1);
	record(&b, 0, &natt, keepalive, sizeof(keepalive));
	ck_assert_int_eq(first_ike(&b, &ike, &len), -13);
	buf_reset(&b);
	file_header(&b, 0, 0, 1);
	record(&b, 0, &other, ike_body, sizeof(ike_body));
	ck_assert_int_eq(first_ike(&b, &ike, &len), -13);
	buf_reset(&b);
	file_header(&b, 0, 0, 1);
	record(&b, 0, &frag, ike_body, sizeof(ike_body));
	ck_assert_int_eq(first_ike(&b, &ike, &len), -12);
	buf_reset(&b);
	file_header(&b, 0, 0, 1);
	record(&b, 0, &tcp, ike_body, sizeof(ike_body));
	ck_assert_int_eq(first_ike(&b, &ike, &len), -12);
	buf_reset(&b);
	file_header(&b, 0, 0, 228);	/* unknown link type */
	record(&b, 0, &natt, ike_body, sizeof(ike_body));
	ck_assert_int_eq(first_ike(&b, &ike, &len), -12);
	buf_free(&b);
}
END_TEST

START_TEST(test_bad_file_headers)
{
	struct buf	b = { 0 };
	struct pcap_rd	pr;

	file_header(&b, 0, 0, 1);
	ck_assert_int_eq(pcap_open(&pr, b.data, b.len), 0);
	b.data[0] = 0x0a;			/* pcapng / garbage magic */
	ck_assert_int_eq(pcap_open(&pr, b.data, b.len), -1);
	b.data[0] = 0xd4;
	b.data[4] = 1;				/* version 1 */
	ck_assert_int_eq(pcap_open(&pr, b.data, b.len), -1);
	ck_assert_int_eq(pcap_open(&pr, b.data, 3), -1);
	buf_free(&b);
}
END_TEST

/* A record longer than the file, or than its own original length. */
START_TEST(test_record_lengths_that_lie)
{
	static const struct pk	k = { 1, 0, 500, 500, 0, 0, 0, 0 };
	struct buf		b = { 0 };
	struct pcap_rd		pr;
	struct pcap_pkt		pkt;

	file_header(&b, 0, 0, 1);
	record(&b, 0, &k, ike_body, sizeof(ike_body));
	b.data[24 + 8] += 1;		/* incl_len one past the end */
	b.data[24 + 12] += 1;
	ck_assert_int_eq(pcap_open(&pr, b.data, b.len), 0);
	ck_assert_int_eq(pcap_next(&pr, &pkt), -1);
	b.data[24 + 8] -= 1;
	b.data[24 + 12] -= 2;		/* incl_len > orig_len */
	ck_assert_int_eq(pcap_open(&pr, b.data, b.len), 0);
	ck_assert_int_eq(pcap_next(&pr, &pkt), -1);
	buf_free(&b);
}
END_TEST

/* IP and UDP lengths that lie are caught by the reader. */
START_TEST(test_packet_lengths_that_lie)
{
	static const struct pk	k = { 1, 0, 500, 500, 0, 0, 0, 0 };
	struct buf		b = { 0 };
	const uint8_t		*ike;
	size_t			 len, ip = 24 + 16 + 14;

	file_header(&b, 0, 0, 1);
	record(&b, 0, &k, ike_body, sizeof(ike_body));
	b.data[ip + 3] += 1;		/* IP Total Length past the frame */
	ck_assert_int_eq(first_ike(&b, &ike, &len), -12);
	b.data[ip + 3] -= 1;
	b.data[ip] = 0x44;		/* IHL 4: shorter than a header */
	ck_assert_int_eq(first_ike(&b, &ike, &len), -12);
	b.data[ip] = 0x4f;		/* IHL 15: options past the packet */
	ck_assert_int_eq(first_ike(&b, &ike, &len), -12);
	b.data[ip] = 0x65;		/* version 6 */
	ck_assert_int_eq(first_ike(&b, &ike, &len), -12);
	b.data[ip] = 0x45;
	b.data[ip + 20 + 5] += 1;	/* UDP length past the IP datagram */
	ck_assert_int_eq(first_ike(&b, &ike, &len), -12);
	b.data[ip + 20 + 4] = 0;
	b.data[ip + 20 + 5] = 7;	/* UDP length below its header */
	ck_assert_int_eq(first_ike(&b, &ike, &len), -12);
	buf_free(&b);
}
END_TEST

/* Every truncation and every bit flip of a two-record capture: the reader
 * ends cleanly (ASan would catch any overread) within a bounded loop. */
START_TEST(test_truncations_and_flips_are_safe)
{
	static const struct pk	k1 = { 1, 1, 4500, 4500, 1, 0, 0, 6 };
	static const struct pk	k2 = { 1, 0, 500, 500, 0, 0, 0, 0 };
	struct buf		 b = { 0 };
	struct pcap_rd		 pr;
	struct pcap_pkt		 pkt;
	struct pcap_udp		 udp;
	const uint8_t		*ike;
	size_t			 n, len, i, bit, records;
	uint8_t			*copy;

	file_header(&b, 0, 0, 1);
	record(&b, 0, &k1, ike_body, sizeof(ike_body));
	record(&b, 0, &k2, ike_body, sizeof(ike_body));
	for (n = 0; n <= b.len; n++) {
		copy = malloc(n ? n : 1);	/* exact size for ASan */
		memcpy(copy, b.data, n);
		records = 0;
		if (pcap_open(&pr, copy, n) == 0)
			while (records < 4 && pcap_next(&pr, &pkt) == 1) {
				records++;
				if (pcap_udp(&pr, &pkt, &udp) == 0)
					(void)pcap_ike(&udp, &ike, &len);
			}
		ck_assert_uint_le(records, 2);
		if (n == b.len)
			ck_assert_uint_eq(records, 2);
		free(copy);
	}
	copy = malloc(b.len);
	for (i = 0; i < b.len; i++)
		for (bit = 0; bit < 8; bit++) {
			memcpy(copy, b.data, b.len);
			copy[i] ^= (uint8_t)(1 << bit);
			records = 0;
			if (pcap_open(&pr, copy, b.len) == -1)
				continue;
			while (records < 4 && pcap_next(&pr, &pkt) == 1) {
				records++;
				if (pcap_udp(&pr, &pkt, &udp) == 0 &&
				    pcap_ike(&udp, &ike, &len) == 0)
					ck_assert(ike >= copy &&
					    ike + len <= copy + b.len);
			}
		}
	free(copy);
	buf_free(&b);
}
END_TEST

static Suite *
pcap_suite(void)
{
	Suite	*s = suite_create("codec_pcap");
	TCase	*tc = tcase_create("pcap");

	tcase_add_test(tc, test_reads_ike_in_every_format);
	tcase_add_test(tc, test_non_ike_is_not_ike);
	tcase_add_test(tc, test_bad_file_headers);
	tcase_add_test(tc, test_record_lengths_that_lie);
	tcase_add_test(tc, test_packet_lengths_that_lie);
	tcase_add_test(tc, test_truncations_and_flips_are_safe);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(pcap_suite());
	int	 failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
