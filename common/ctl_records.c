/*
 * The counter table of the live-state records (ctl_records.h): one row per
 * CTL_IKEC_* index, with the field name on the wire and the label the
 * shell shows.
 */
#include "config.h"

#include "common/ctl_records.h"

const struct ctl_counter ctl_ike_counters[CTL_IKEC_MAX] = {
	[CTL_IKEC_RETRANSMITS] = { "retransmits", "Retransmissions" },
	[CTL_IKEC_RESPONSES_RESENT] = { "responses-resent",
	    "Responses Resent" },
	[CTL_IKEC_RETRANSMIT_MISMATCH] = { "retransmit-mismatch",
	    "Answered IDs, Other Bytes" },
	[CTL_IKEC_RESEND_LIMITED] = { "resend-limited",
	    "Resends Rate-limited" },
	[CTL_IKEC_DROPPED] = { "dropped", "Messages Dropped" },
	[CTL_IKEC_COOKIES_SENT] = { "cookies-sent",
	    "COOKIE Challenges Sent" },
	[CTL_IKEC_INVALID_KE_SENT] = { "invalid-ke-sent",
	    "INVALID_KE_PAYLOAD Sent" },
	[CTL_IKEC_IKE_ESTABLISHED] = { "ike-established",
	    "IKE SAs Established" },
	[CTL_IKEC_CHILD_INSTALLED] = { "child-installed",
	    "Child SAs Installed" },
	[CTL_IKEC_IKE_REKEYS] = { "ike-rekeys", "IKE SA Rekeys" },
	[CTL_IKEC_CHILD_REKEYS] = { "child-rekeys", "Child SA Rekeys" },
	[CTL_IKEC_HALF_OPEN] = { "half-open", "Half-open IKE SAs" },
	[CTL_IKEC_FRAG_SENT] = { "fragments-sent", "IKE Fragments Sent" },
	[CTL_IKEC_FRAG_REASSEMBLED] = { "messages-reassembled",
	    "Messages Reassembled" },
	[CTL_IKEC_FRAG_DROPPED] = { "fragments-dropped",
	    "IKE Fragments Dropped" },
	[CTL_IKEC_HALF_OPEN_BAD] = { "half-open-bad",
	    "Half-open Deleted, Bad IKE_AUTH" },
	[CTL_IKEC_UNAUTH_WITHHELD] = { "unauth-withheld",
	    "Unauthenticated Answers Withheld" },
	[CTL_IKEC_DATAGRAMS_RECEIVED] = { "datagrams-received",
	    "Datagrams Received" },
	[CTL_IKEC_DATAGRAMS_SENT] = { "datagrams-sent", "Datagrams Sent" },
	[CTL_IKEC_SEND_ERRORS] = { "send-errors", "Send Errors" },
	[CTL_IKEC_ESP_RECEIVED] = { "esp-received",
	    "ESP Packets Received" },
	[CTL_IKEC_HEAP_IN_USE] = { "heap-in-use", "Heap In Use (bytes)" },
	[CTL_IKEC_LOG_SUPPRESSED] = { "log-suppressed",
	    "Log Lines Suppressed" },
};
