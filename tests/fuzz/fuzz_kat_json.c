/*
 * libFuzzer target for the JSON reader of tests/kat (tests/kat_json.c):
 * any bytes are parsed; a tree that comes back is walked through every
 * accessor and freed, so ASan/UBSan see each node and string.
 */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "tests/kat/kat_json.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Touches every value; returns a checksum so nothing is optimised out. */
static size_t
walk(const struct kat_json *v, int depth)
{
	const struct kat_json	*c;
	const char		*s;
	long long		 n;
	size_t			 i, sum = (size_t)v->type;

	if ((s = kat_json_str(v)) != NULL)
		sum += strlen(s) + v->str_len;
	if (kat_json_int(v, &n) == 0)
		sum += (size_t)n;
	for (i = 0; i < kat_json_count(v); i++) {
		c = kat_json_at(v, i);
		if ((s = kat_json_key(v, i)) != NULL) {
			sum += strlen(s);
			/* Lookup by key finds a member with that key. */
			if (kat_json_get(v, s) == NULL)
				__builtin_trap();
		}
		sum += walk(c, depth + 1);
	}
	if (depth > KAT_JSON_MAX_DEPTH + 1)
		__builtin_trap();
	return sum;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kat_json	*root;
	char		 err[96];
	volatile size_t	 sink;

	root = kat_json_parse((const char *)data, size, err, sizeof(err));
	if (root == NULL) {
		/* A refusal always says why. */
		if (err[0] == 0)
			__builtin_trap();
		return 0;
	}
	sink = walk(root, 0);
	(void)sink;
	(void)kat_json_get(root, "cases");
	kat_json_free(root);
	return 0;
}
