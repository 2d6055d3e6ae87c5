/*
 * libFuzzer target for TCP segmentation and coalescing (platform/gso.c):
 * the input is a virtio-net header and a packet, as a TUN device with
 * offloads hands them over.  Every segment a super-packet makes must be
 * a well-formed TCP/IPv4 packet inside its buffer, and the segments fed
 * back to the coalescer must give the super-packet's length again.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "platform/gso.h"
#include "platform/pkt.h"

#define SEG_CAP	4096

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t	seg[SEG_CAP], out[65536 + 64];
	struct dp_vnet	v, w;
	struct dp_gro	g;
	struct dp_pkt	h;
	uint8_t		*pkt;
	size_t		len, n, mx, k, sl, total = 0, glen;
	int		all_in = 1;

	if (size < DP_VNET_LEN)
		return 0;
	dp_vnet_decode(data, &v);
	len = size - DP_VNET_LEN;
	/* An exact-size copy, so ASan sees any read past the end. */
	if ((pkt = malloc(len ? len : 1)) == NULL)
		return 0;
	memcpy(pkt, data + DP_VNET_LEN, len);
	if (dp_gso_count(pkt, len, &v, &n, &mx) == 0) {
		if (n == 0 || n > DP_GSO_MAX_SEGS || mx > len)
			abort();
		dp_gro_init(&g, out, sizeof(out));
		for (k = 0; k < n; k++) {
			sl = dp_gso_segment(pkt, len, &v, k, seg, sizeof(seg));
			if (sl == 0) {
				if (mx <= sizeof(seg))
					abort();
				all_in = 0;
				continue;
			}
			if (sl > mx || dp_pkt_parse(seg, sl, &h) != 0 ||
			    h.len != sl)
				abort();
			total += sl;
			if (!dp_gro_add(&g, seg, sl))
				all_in = 0;
		}
		glen = dp_gro_finish(&g, &w);
		if (all_in && (glen != len || total < len))
			abort();
	} else {
		(void)dp_csum_complete(pkt, len, &v);
		dp_gro_init(&g, out, sizeof(out));
		(void)dp_gro_add(&g, pkt, len);
		(void)dp_gro_add(&g, pkt, len);
		(void)dp_gro_finish(&g, &w);
	}
	free(pkt);
	return 0;
}
