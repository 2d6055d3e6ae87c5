/*
 * SPEC section 8's example, written down once for the tests that print
 * it: the records mgmtsecd sends for the seed's tunnel (in the fields
 * cli/show_live.h fixes) and the exact text the shell prints for them.
 * show_live_test renders the records directly; shell_test serves them
 * from a fake daemon and reads what the shell prints; both compare with
 * the texts below, so a layout change is made in one place.
 *
 * Header only, so each test that includes it needs no build change; the
 * texts are macros so that a test using only some of them compiles
 * without unused-variable warnings.
 */
#ifndef TESTS_UNIT_SPEC8_FIXTURE_H
#define TESTS_UNIT_SPEC8_FIXTURE_H

#include <check.h>
#include <stdint.h>

#include "cli/show_live.h"
#include "common/ctl_proto.h"

/* `show ikev2 session` for spec8_session(). */
#define SPEC8_SESSION							\
	"Session ID          : 1\n"					\
	"=====\n"							\
	"Status              : UP-ACTIVE\n"				\
	"IKE Count           : 1\n"					\
	"Child Count         : 1\n"					\
	"IKE SA ID           : 1\n"					\
	"-----\n"							\
	"Local               : 198.51.100.1/500\n"			\
	"Remote              : 198.51.100.2/500\n"			\
	"Status(Description) : READY (Negotiation done)\n"		\
	"Role                : Initiator\n"				\
	"Child SA\n"							\
	"-----\n"							\
	"Local Selector      : 0.0.0.0/0 - 255.255.255.255/65535\n"	\
	"Remote Selector     : 0.0.0.0/0 - 255.255.255.255/65535\n"	\
	"ESP SPI IN/OUT      : 0x6c7b15b7 / 0xbff55acd\n"

/* `show ikev2 session detail` for spec8_session(): colons at column 28. */
#define SPEC8_SESSION_DETAIL						\
	"Session ID                  : 1\n"				\
	"=====\n"							\
	"Status                      : UP-ACTIVE\n"			\
	"IKE Count                   : 1\n"				\
	"Child Count                 : 1\n"				\
	"IKE SA ID                   : 1\n"				\
	"-----\n"							\
	"Local                       : 198.51.100.1/500\n"		\
	"Remote                      : 198.51.100.2/500\n"		\
	"Status(Description)         : READY (Negotiation done)\n"	\
	"Role                        : Initiator\n"			\
	"Encryption/Keysize          : AES-CBC/256\n"			\
	"PRF/Hash/DH Group           : SHA256/SHA256/20\n"		\
	"Authentication(Sign/Verify) : PSK/PSK\n"			\
	"Life/Active Time(sec)       : 600/43\n"			\
	"Session ID                  : 1\n"				\
	"Local SPI                   : 3B95C7FCC6A69D0A\n"		\
	"Remote SPI                  : F44C4DBCFFEE67F0\n"		\
	"Local ID                    : 198.51.100.1\n"			\
	"Remote ID                   : 198.51.100.2\n"			\
	"Child SA\n"							\
	"-----\n"							\
	"Local Selector              : 0.0.0.0/0 - "			\
	"255.255.255.255/65535\n"					\
	"Remote Selector             : 0.0.0.0/0 - "			\
	"255.255.255.255/65535\n"					\
	"ESP SPI IN/OUT              : 0x6c7b15b7 / 0xbff55acd\n"	\
	"Encryption                  : AES-CBC\n"			\
	"Keysize                     : 256\n"				\
	"ESP HMAC                    : SHA256\n"

/* `show ikev2 summary` for spec8_summary(). */
#define SPEC8_SUMMARY							\
	"IKEv2 Session Summary\n"					\
	"-----\n"							\
	"Total Sa (Active/Negotiation)          : 2 (1/1)\n"		\
	"Total Outgoing Sa (Active/Negotiation) : 2 (1/1)\n"		\
	"Total Incoming Sa (Active/Negotiation) : 0 (0/0)\n"

/*
 * `show ipsec sa interface tunnel-ip1` for
 * spec8_ipsec_sa(r, "tunnel-ip1", 713, 0xab487871, 0x1488529e).
 */
#define SPEC8_IPSEC_SA_INTERFACE					\
	"Interface Name        : tunnel-ip1\n"				\
	"Interface handle      : 0x800090\n"				\
	"SA id                 : 713\n"					\
	"Mode                  : Tunnel\n"				\
	"-----\n"							\
	"Inbound SA\n"							\
	"SPI                   : 0xab487871\n"				\
	"Protocol              : ESP\n"					\
	"Encrypt Algorithm     : ESP_192_AES\n"				\
	"Auth Algorithm        : HMAC_SHA_256\n"			\
	"Rekey (After Seconds) : 37\n"					\
	"-----\n"							\
	"Outbound SA\n"							\
	"SPI                   : 0x1488529e\n"				\
	"Protocol              : ESP\n"					\
	"Encrypt Algorithm     : ESP_192_AES\n"				\
	"Auth Algorithm        : HMAC_SHA_256\n"			\
	"Rekey (After Seconds) : 37\n"

/*
 * The example's IKE SA (AES-CBC-256, SHA256, group 20, PSK) as entry id.
 * Without detail, only the fields the brief layout prints: a fake daemon
 * that sends less unless asked shows that the shell asks for detail.
 */
static inline struct ctl_rec *
spec8_ike_sa(struct ctl_rec *ike, uint32_t id, int detail)
{
	ctl_rec_add_u32(ike, CTL_F_IKE_SA_ID, id);
	ctl_rec_add_str(ike, CTL_F_LOCAL, "198.51.100.1");
	ctl_rec_add_u32(ike, CTL_F_LOCAL_PORT, 500);
	ctl_rec_add_str(ike, CTL_F_REMOTE, "198.51.100.2");
	ctl_rec_add_u32(ike, CTL_F_REMOTE_PORT, 500);
	ctl_rec_add_str(ike, CTL_F_IKE_STATUS, "READY");
	ctl_rec_add_str(ike, CTL_F_IKE_STATUS_DESC, "Negotiation done");
	ctl_rec_add_str(ike, CTL_F_ROLE, "Initiator");
	if (!detail)
		return ike;
	ctl_rec_add_u32(ike, CTL_F_ENCR, 12);		/* ENCR_AES_CBC */
	ctl_rec_add_u32(ike, CTL_F_ENCR_KEYLEN, 256);
	ctl_rec_add_u32(ike, CTL_F_PRF, 5);		/* PRF_HMAC_SHA2_256 */
	ctl_rec_add_u32(ike, CTL_F_INTEG, 12);		/* SHA2_256_128 */
	ctl_rec_add_u32(ike, CTL_F_DH_GROUP, 20);
	ctl_rec_add_u32(ike, CTL_F_AUTH_LOCAL, 2);		/* PSK */
	ctl_rec_add_u32(ike, CTL_F_AUTH_REMOTE, 2);
	ctl_rec_add_u32(ike, CTL_F_LIFETIME, 600);
	ctl_rec_add_u32(ike, CTL_F_ACTIVE_TIME, 43);
	ctl_rec_add_u64(ike, CTL_F_LOCAL_SPI, 0x3B95C7FCC6A69D0AULL);
	ctl_rec_add_u64(ike, CTL_F_REMOTE_SPI, 0xF44C4DBCFFEE67F0ULL);
	ctl_rec_add_str(ike, CTL_F_LOCAL_ID, "198.51.100.1");
	ctl_rec_add_str(ike, CTL_F_REMOTE_ID, "198.51.100.2");
	return ike;
}

/* A Child SA under ike, with the example's selectors and PFS group. */
static inline void
spec8_child_sa(struct ctl_rec *ike, uint32_t spi_in, uint32_t spi_out,
    uint32_t encr, uint32_t keylen, uint32_t integ)
{
	struct ctl_rec	*c = ctl_rec_add_rec(ike, CTL_F_CHILD_SA);

	ck_assert_ptr_nonnull(c);
	ck_assert_int_eq(ctl_rec_add_u32(c, CTL_F_SA_ID, 804), 0);
	ck_assert_int_eq(ctl_rec_add_str(c, CTL_F_LOCAL_SEL,
	    "0.0.0.0/0 - 255.255.255.255/65535"), 0);
	ck_assert_int_eq(ctl_rec_add_str(c, CTL_F_REMOTE_SEL,
	    "0.0.0.0/0 - 255.255.255.255/65535"), 0);
	ck_assert_int_eq(ctl_rec_add_u32(c, CTL_F_SPI_IN, spi_in), 0);
	ck_assert_int_eq(ctl_rec_add_u32(c, CTL_F_SPI_OUT, spi_out), 0);
	ck_assert_int_eq(ctl_rec_add_u32(c, CTL_F_ENCR, encr), 0);
	ck_assert_int_eq(ctl_rec_add_u32(c, CTL_F_ENCR_KEYLEN, keylen), 0);
	ck_assert_int_eq(ctl_rec_add_u32(c, CTL_F_INTEG, integ), 0);
	ck_assert_int_eq(ctl_rec_add_u32(c, CTL_F_PFS, 19), 0);
}

/* The example session, as session sid, into the empty record s. */
static inline void
spec8_session(struct ctl_rec *s, uint32_t sid, int detail)
{
	struct ctl_rec	*ike;

	ctl_rec_add_u32(s, CTL_F_SESSION_ID, sid);
	ctl_rec_add_str(s, CTL_F_TUNNEL, "tunnel-ip1");
	ctl_rec_add_str(s, CTL_F_STATUS, "UP-ACTIVE");
	ctl_rec_add_u32(s, CTL_F_IKE_COUNT, 1);
	ctl_rec_add_u32(s, CTL_F_CHILD_COUNT, 1);
	ike = spec8_ike_sa(ctl_rec_add_rec(s, CTL_F_IKE_SA), 1, detail);
	spec8_child_sa(ike, 0x6c7b15b7, 0xbff55acd, 12, 256, 12);
}

/* The example summary: one outgoing SA up, one negotiating. */
static inline void
spec8_summary(struct ctl_rec *r)
{
	ctl_rec_add_u32(r, CTL_F_OUT_ACTIVE, 1);
	ctl_rec_add_u32(r, CTL_F_OUT_NEG, 1);
	ctl_rec_add_u32(r, CTL_F_IN_ACTIVE, 0);
	ctl_rec_add_u32(r, CTL_F_IN_NEG, 0);
}

/* A Child SA of `show ipsec sa` (ESP_192_AES, HMAC_SHA_256, in UDP). */
static inline void
spec8_ipsec_sa(struct ctl_rec *r, const char *ifname, uint32_t said,
    uint32_t spi_in, uint32_t spi_out)
{
	struct ctl_rec	*d;
	int		 i;

	ctl_rec_add_str(r, CTL_F_INTERFACE, ifname);
	ctl_rec_add_u32(r, CTL_F_IF_HANDLE, 0x800090);
	ctl_rec_add_u32(r, CTL_F_SA_ID, said);
	ctl_rec_add_str(r, CTL_F_STATE, "INSTALLED");
	ctl_rec_add_str(r, CTL_F_LOCAL, "198.51.100.5");
	ctl_rec_add_str(r, CTL_F_REMOTE, "198.51.100.21");
	ctl_rec_add_u32(r, CTL_F_ENCAP, 1);
	ctl_rec_add_u32(r, CTL_F_PFS, 19);
	for (i = 0; i < 2; i++) {
		d = ctl_rec_add_rec(r, i == 0 ? CTL_F_IN : CTL_F_OUT);
		ctl_rec_add_u32(d, CTL_F_SPI, i == 0 ? spi_in : spi_out);
		ctl_rec_add_u32(d, CTL_F_ENCR, 12);
		ctl_rec_add_u32(d, CTL_F_ENCR_KEYLEN, 192);
		ctl_rec_add_u32(d, CTL_F_INTEG, 12);
		ctl_rec_add_u32(d, CTL_F_REKEY_IN, 37);
		ctl_rec_add_u32(d, CTL_F_EXPIRE_IN, 97);
		ctl_rec_add_u32(d, CTL_F_LIFETIME, 600);
		ctl_rec_add_u64(d, CTL_F_BYTES, 1234);
		ctl_rec_add_u64(d, CTL_F_PACKETS, 12);
		ctl_rec_add_u64(d, CTL_F_ERRORS, 1);
		ctl_rec_add_u64(d, CTL_F_REPLAY_DROPS, 2);
	}
}

#endif
