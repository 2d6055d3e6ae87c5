/*
 * libFuzzer target for the IKE message decoder: header and payload decode,
 * SK opening (with two fixed key sets the seed corpus was protected with),
 * the rules table, and re-encoding of whatever decoded, which must decode
 * to the same content (see cu_ike_one in tests/unit/codec_util.c for the
 * input format and the invariants).  Seeds: tests/fuzz/corpus/ike_decode/,
 * real messages from the shared captures and from our encoder, written by
 * CODEC_WRITE_CORPUS=DIR tests/unit/codec_mutate_test.
 */
#include "config.h"

#include <stddef.h>
#include <stdint.h>

#include "tests/unit/codec_util.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	(void)cu_ike_one(data, size);
	return 0;
}
