/*
 * libFuzzer target for the decoder of the "changes" blobs that history
 * records keep in the database (cfgdb/delta.c).  The database is ours and
 * 0600, but a damaged file must give an error, never a crash.  A blob
 * that decodes is undone onto an empty configuration, and re-encoding
 * the before/after pair it describes must give the same bytes whenever no
 * change repeats its old value (the encoder never writes such a change);
 * a blob of the older layout 1 re-encodes as layout 2 to the same pair.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "cfgdb/items.h"
#include "cfgdb/store_priv.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct pair {
	struct cfg_items	*old, *new;
	int			 same;
};

static int
collect(void *arg, const char *key, const char *o, const char *n)
{
	struct pair	*p = arg;

	if (o && cfg_items_set(p->old, key, o) == -1)
		return -1;
	if (n && cfg_items_set(p->new, key, n) == -1)
		return -1;
	if (o && n && strcmp(o, n) == 0)
		p->same = 1;
	return 0;
}

static const uint8_t	layout2[] = { 0xff, 0xff, 0xff, 0xff, 2 };

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pair		p, q;
	struct delta_counts	c;
	struct buf		b = { 0 };

	p.old = cfg_items_new();
	p.new = cfg_items_new();
	p.same = 0;
	if (p.old && p.new && delta_decode(data, size, collect, &p) == 0) {
		if (delta_undo(p.new, data, size) != 0 ||
		    !cfg_items_equal(p.new, p.old))
			abort();
		/* p.new now equals p.old: rebuild it for the re-encode. */
		cfg_items_clear(p.new);
		cfg_items_clear(p.old);
		p.same = 0;
		if (delta_decode(data, size, collect, &p) != 0 ||
		    delta_encode(p.old, p.new, &b, &c) != 0)
			abort();
		if (!p.same && size >= sizeof(layout2) &&
		    memcmp(data, layout2, sizeof(layout2)) == 0 &&
		    (b.len != size || memcmp(b.data, data, size)))
			abort();
		if (!p.same) {
			q.old = cfg_items_new();
			q.new = cfg_items_new();
			q.same = 0;
			if (q.old == NULL || q.new == NULL ||
			    delta_decode(b.data, b.len, collect, &q) != 0 ||
			    !cfg_items_equal(q.old, p.old) ||
			    !cfg_items_equal(q.new, p.new))
				abort();
			cfg_items_free(q.old);
			cfg_items_free(q.new);
		}
		buf_free(&b);
	}
	cfg_items_free(p.old);
	cfg_items_free(p.new);
	return 0;
}
