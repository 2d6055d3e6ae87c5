/*
 * libFuzzer target for the live shows' renderers, text and JSON
 * (cli/show_live.c, cli/show_json.c): their input is what the daemon sends,
 * untrusted.  The bytes are one encoded record (common/ctl_proto.h); the
 * reply's records are that record and each record nested in it, so
 * sessions, SAs and counters of any shape reach every renderer.  Each
 * JSON document must parse back (json-c's own parser) as an object with
 * its schema and version, and hold valid UTF-8 whatever the strings were.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "cli/json_out.h"
#include "cli/show_json.h"
#include "cli/show_live.h"
#include "common/ctl_proto.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_RECS	64

static void
check_json(uint16_t type, struct ctl_rec *const *recs, size_t n,
    unsigned flags)
{
	struct json_object	*doc, *back, *v;
	struct buf		 b = { 0 };
	char			*clean;

	if ((doc = sj_render(type, recs, n, flags)) == NULL)
		return;		/* out of memory only */
	if (jo_write(doc, JO_PRETTY, &b) == -1 || buf_add_u8(&b, 0) == -1)
		abort();
	if ((back = json_tokener_parse((const char *)b.data)) == NULL ||
	    !json_object_is_type(back, json_type_object) ||
	    !json_object_object_get_ex(back, "schema", &v) ||
	    !json_object_object_get_ex(back, "version", &v) ||
	    !json_object_equal(doc, back))
		abort();
	/* Already clean: cleaning again changes nothing. */
	if ((clean = jo_utf8_clean((const char *)b.data)) == NULL)
		abort();
	if (strcmp(clean, (const char *)b.data) != 0)
		abort();
	free(clean);
	json_object_put(back);
	json_object_put(doc);
	buf_free(&b);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint16_t	 types[] = { CTL_SHOW_IKEV2_SESSION,
				    CTL_SHOW_IKEV2_SA, CTL_SHOW_IKEV2_SUMMARY,
				    CTL_SHOW_IKEV2_STATISTICS,
				    CTL_SHOW_IPSEC_SA,
				    CTL_SHOW_IPSEC_DATAPLANE };
	struct ctl_rec		*top, *recs[MAX_RECS];
	const struct ctl_field	*f;
	struct buf		 b = { 0 };
	size_t			 n = 0, i, t;
	unsigned		 flags;

	if ((top = ctl_rec_decode(data, size, NULL, 0)) == NULL)
		return 0;
	recs[n++] = top;
	for (i = 0; n < MAX_RECS && (f = ctl_rec_field(top, i)) != NULL; i++)
		if (f->type == CTL_FT_REC)
			recs[n++] = f->rec;
	for (t = 0; t < sizeof(types) / sizeof(types[0]); t++)
		for (flags = 0; flags < 4; flags++) {
			/* The whole reply, and the nested records alone. */
			check_json(types[t], recs, n, flags);
			check_json(types[t], recs + 1, n - 1, flags);
			buf_reset(&b);
			if (sl_render(types[t], &b, recs, n, flags) == -1 &&
			    !b.oom)
				abort();
		}
	buf_free(&b);
	ctl_rec_free(top);
	return 0;
}
