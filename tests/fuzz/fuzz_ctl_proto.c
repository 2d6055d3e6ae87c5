/*
 * libFuzzer target for the control-protocol decoder (common/ctl_proto.c):
 * the input is a byte stream as it would arrive on the control socket.
 * Each whole frame is decoded; a frame that decodes must re-encode to the
 * very same bytes (the encoding is canonical), and every field is walked
 * through the accessors.  The whole input is also tried as one bare
 * record.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "common/ctl_proto.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static size_t
walk(const struct ctl_rec *r)
{
	const struct ctl_field	*f;
	const struct ctl_rec	*sub;
	size_t			 i, n = 0, it = 0;
	uint32_t		 v32;
	uint64_t		 v64;

	for (i = 0; (f = ctl_rec_field(r, i)) != NULL; i++) {
		n += strlen(f->name);
		if (f->type == CTL_FT_STR)
			n += strlen((const char *)f->data);
		if (f->type == CTL_FT_REC)
			n += walk(f->rec);
	}
	n += ctl_rec_u32(r, CTL_K_STATUS, &v32) == 0;
	n += ctl_rec_u64(r, CTL_K_GENERATION, &v64) == 0;
	n += ctl_rec_str(r, CTL_K_MESSAGE) != NULL;
	while ((sub = ctl_rec_next(r, "ike-sa", &it)) != NULL)
		n += ctl_rec_count(sub);
	return n;
}

static void
check_record(const uint8_t *p, size_t len)
{
	struct ctl_rec	*r;
	struct buf	 b = { 0 };

	if ((r = ctl_rec_decode(p, len, NULL, 0)) == NULL)
		return;
	walk(r);
	if (ctl_rec_encode(r, &b) != 0 || b.len != len ||
	    (len && memcmp(b.data, p, len) != 0))
		abort();
	buf_free(&b);
	ctl_rec_free(r);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ctl_hdr	 h, h2;
	struct ctl_rec	*r;
	struct buf	 b = { 0 };
	size_t		 off = 0, flen;

	while (off < size &&
	    ctl_frame_split(data + off, size - off, &h, &flen) == 1) {
		if (ctl_frame_decode(data + off, flen, &h2, &r, NULL, 0) == 0) {
			if (h2.type != h.type || h2.seq != h.seq)
				abort();
			walk(r);
			buf_reset(&b);
			if (ctl_frame_encode(&b, h.type, h.seq, r) != 0 ||
			    b.len != flen || memcmp(b.data, data + off, flen))
				abort();
			ctl_rec_free(r);
		}
		off += flen;
	}
	buf_free(&b);
	check_record(data, size);
	return 0;
}
