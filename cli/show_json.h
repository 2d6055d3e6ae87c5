/*
 * `| json` of the live show commands (SPEC section 8): pure functions from
 * the same records cli/show_live.c renders as text (common/ctl_records.h)
 * to one JSON document each, so the two outputs agree by construction.
 * No sockets, no clock: golden unit tests feed fixed records.
 *
 * Shapes (man/mgmtsec.1, JSON OUTPUT, has them in full): keys are the
 * record field names where a record field is shown as is; numbers are
 * JSON integers; ESP SPIs are integers, IKE SPIs 16-digit hex strings
 * (64-bit identifiers that tools holding numbers as doubles would round);
 * algorithms appear as the table's name plus the IANA number ("-id").
 * `detail` adds keys and changes none.
 */
#ifndef CLI_SHOW_JSON_H
#define CLI_SHOW_JSON_H

#include <stddef.h>
#include <stdint.h>

#include <json-c/json.h>

#include "common/ctl_proto.h"
#include "common/ctl_records.h"

/* The version of every shape below; see the versioning rule in the man
 * page (a key removed, renamed or retyped bumps it; one added does not). */
#define SJ_VERSION	1

/*
 * The document of request type (CTL_SHOW_*) for the n records of one reply
 * (borrowed), flags as sl_render()'s (SL_F_DETAIL).  Caller puts it with
 * json_object_put().  NULL when memory runs out or type is not a show.
 */
struct json_object	*sj_render(uint16_t type, struct ctl_rec *const *recs,
			    size_t n, unsigned flags);

/*
 * The document of a CTL_SHOW_INTERFACES reply for view (SL_IF_*,
 * cli/show_if.h): one shape with or without brief.  NULL out of memory.
 */
struct json_object	*sj_render_interfaces(struct ctl_rec *const *recs,
			    size_t n, int view);

#endif
