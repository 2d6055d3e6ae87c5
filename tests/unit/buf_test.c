/* Unit tests for common/buf.c: growth, big-endian writes, bounded reads. */
#include "config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"

START_TEST(test_buf_grows_and_keeps_bytes)
{
	struct buf	b = { 0 };
	size_t		i;

	for (i = 0; i < 1000; i++)
		ck_assert_int_eq(buf_add_u8(&b, (uint8_t)i), 0);
	ck_assert_uint_eq(b.len, 1000);
	for (i = 0; i < 1000; i++)
		ck_assert_uint_eq(b.data[i], (uint8_t)i);
	buf_free(&b);
	ck_assert_ptr_null(b.data);
	buf_free(&b);	/* freeing twice is harmless */
}
END_TEST

START_TEST(test_buf_network_order)
{
	struct buf	b = { 0 };
	static const uint8_t want[] = { 0x12, 0x34, 0xde, 0xad, 0xbe, 0xef,
	    0, 0, 0, 1, 0, 0, 0, 2 };

	buf_add_u16(&b, 0x1234);
	buf_add_u32(&b, 0xdeadbeef);
	buf_add_u64(&b, 0x0000000100000002ULL);
	ck_assert_uint_eq(b.len, sizeof(want));
	ck_assert_mem_eq(b.data, want, sizeof(want));
	buf_put_u16_at(&b, 0, 0xabcd);
	ck_assert_uint_eq(b.data[0], 0xab);
	buf_put_u32_at(&b, 12, 1);	/* out of range: ignored */
	ck_assert_uint_eq(b.len, sizeof(want));
	buf_free(&b);
}
END_TEST

START_TEST(test_buf_printf_appends_text)
{
	struct buf	b = { 0 };

	buf_printf(&b, "%s-%d", "ab", 7);
	buf_printf(&b, "!");
	ck_assert_str_eq((char *)b.data, "ab-7!");
	ck_assert_uint_eq(b.len, 5);
	buf_free(&b);
}
END_TEST

START_TEST(test_rd_refuses_short_reads)
{
	static const uint8_t	in[] = { 1, 2, 3 };
	struct rd		r, sub;
	uint16_t		v16;
	uint32_t		v32;
	uint8_t			v8;
	const uint8_t		*p;

	rd_init(&r, in, sizeof(in));
	ck_assert_int_eq(rd_u32(&r, &v32), -1);
	ck_assert_uint_eq(r.off, 0);
	ck_assert_int_eq(rd_u16(&r, &v16), 0);
	ck_assert_uint_eq(v16, 0x0102);
	ck_assert_int_eq(rd_take(&r, &p, 2), -1);
	ck_assert_int_eq(rd_sub(&r, &sub, 2), -1);
	ck_assert_int_eq(rd_u8(&r, &v8), 0);
	ck_assert_uint_eq(v8, 3);
	ck_assert_uint_eq(rd_left(&r), 0);
	ck_assert_int_eq(rd_u8(&r, &v8), -1);
	ck_assert_int_eq(rd_skip(&r, 1), -1);
}
END_TEST

START_TEST(test_hex_round_trip)
{
	uint8_t	out[4];
	char	txt[9];

	ck_assert_int_eq(hex_decode("00fFa5", out, sizeof(out)), 3);
	ck_assert_uint_eq(out[1], 0xff);
	hex_encode(out, 3, txt);
	ck_assert_str_eq(txt, "00ffa5");
	ck_assert_int_eq(hex_decode("abc", out, sizeof(out)), -1);
	ck_assert_int_eq(hex_decode("zz", out, sizeof(out)), -1);
	ck_assert_int_eq(hex_decode("0011223344", out, sizeof(out)), -1);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("buf");
	TCase	*tc = tcase_create("core");
	SRunner	*sr;
	int	 failed;

	tcase_add_test(tc, test_buf_grows_and_keeps_bytes);
	tcase_add_test(tc, test_buf_network_order);
	tcase_add_test(tc, test_buf_printf_appends_text);
	tcase_add_test(tc, test_rd_refuses_short_reads);
	tcase_add_test(tc, test_hex_round_trip);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
