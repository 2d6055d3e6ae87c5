/*
 * libFuzzer target for the data plane's IPv4 header reader
 * (platform/pkt.c): what a raw socket or a TUN device hands over.  A
 * header that parses must describe bytes inside the input, and selector
 * matching must never read past it.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "platform/pkt.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dp_pkt	h;
	struct dp_ts	a, b;
	uint8_t		*copy;

	/* An exact-size copy, so ASan sees any read past the end. */
	if ((copy = malloc(size ? size : 1)) == NULL)
		return 0;
	memcpy(copy, data, size);
	if (dp_pkt_parse(copy, size, &h) == 0) {
		if (h.len > size || h.hlen > h.len || h.hlen < 20)
			abort();
		memset(&a, 0, sizeof(a));
		memset(&b, 0, sizeof(b));
		b.proto = h.proto;
		b.port_start = 1;
		b.port_end = 1024;
		b.addr_end.s_addr = 0xffffffff;
		(void)dp_pkt_ts_match(&h, &a, &b);
	}
	free(copy);
	return 0;
}
