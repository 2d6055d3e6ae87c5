/*
 * SA proposal negotiation (RFC 7296 §2.7, §3.3), pure: building the offer
 * from configuration, choosing as responder, and checking the responder's
 * choice as initiator.  The structs here are the negotiation's own view of
 * an SA payload; ex_*.c convert to and from the codec's payload structs.
 */
#ifndef IKEV2_PROPOSAL_H
#define IKEV2_PROPOSAL_H

#include <stddef.h>
#include <stdint.h>

#include "ikev2/ike_cfg.h"
#include "ikev2/ikev2_const.h"
#include "ikev2/msg.h"

/* Protocol, transform type and transform ID numbers are the codec's
 * (ikev2_const.h): IKE_PROTO_*, IKE_TT_*, IKE_ENCR_*, IKE_PRF_*, IKE_INTEG_*,
 * IKE_DH_*, IKE_ESN_*. */

/* What we build is bounded by the configuration: every algorithm of four
 * types plus ESN, for each configured proposal. */
#define IKE_PROP_XF_MAX		(4 * IKE_CFG_ALGS_MAX + 1)
#define IKE_PROPS_MAX		IKE_CFG_PROPOSALS_MAX
#define IKE_SPI_MAX		8

/*
 * An SA payload we build: proposals in the codec's struct ike_prop form
 * with storage for their transforms.  Holds pointers into itself, so it is
 * never copied by value; ike_offer_props() re-points them after a move.
 */
struct ike_offer {
	size_t			n;
	struct ike_prop		p[IKE_PROPS_MAX];
	struct ike_xform	xf[IKE_PROPS_MAX][IKE_PROP_XF_MAX];
};

/* The proposals of an offer, ready for ike_msg_add_sa(). */
const struct ike_prop *ike_offer_props(struct ike_offer *o);

/* A negotiated suite: one transform of each type. */
struct ike_suite {
	uint8_t		proto;
	uint8_t		num;		/* the chosen proposal's number */
	uint8_t		spi_len;
	uint8_t		spi[IKE_SPI_MAX];	/* the proposer's SPI */
	uint16_t	encr;
	uint16_t	encr_keylen;	/* bits */
	uint16_t	integ;		/* IKE_INTEG_NONE with GCM */
	uint16_t	prf;		/* IKE only */
	uint16_t	dh;		/* IKE_DH_NONE: no KE */
	uint16_t	esn;		/* ESP only */
};

/* Which DH handling a negotiation wants. */
enum ike_prop_dh {
	IKE_PROP_DH_IGNORE,	/* IKE_AUTH first Child SA: no KE */
	IKE_PROP_DH_USE,	/* IKE SA, or a Child SA exchange with KE */
};

/*
 * Builds an offer from configured proposals: one proposal per configured
 * one, numbered from 1, each carrying spi.  For ESP an ESN (none)
 * transform is added, and DH transforms only when dh is IKE_PROP_DH_USE.
 * With first_dh non-zero, every proposal that lists that group gets it
 * moved to the front (the group of our KE payload; RFC 7296 §1.2).
 */
void	ike_props_from_cfg(const struct ike_cfg_proposal *cfg, size_t n,
	    uint8_t proto, const uint8_t *spi, size_t spi_len,
	    enum ike_prop_dh dh, uint16_t first_dh, struct ike_offer *out);

/*
 * Responder choice: walks our proposals in configured order and, for each,
 * the peer's proposals in their order; the first peer proposal containing
 * an acceptable transform of every type (and no transform attribute or
 * transform type we do not know, RFC 7296 §3.3.6) wins, each type taking
 * our most preferred algorithm it contains.  ke_group (0: none) is
 * promoted when the chosen proposal allows it, so a usable KE payload is
 * kept.  Returns 0, or -1 with a reason naming what the peer offered and
 * what we accept.
 */
int	ike_props_select(const struct ike_prop *offer, size_t noffer,
	    const struct ike_cfg_proposal *ours, size_t n, uint8_t proto,
	    enum ike_prop_dh dh, uint16_t ke_group, struct ike_suite *out,
	    char *reason, size_t reasonlen);

/*
 * Initiator check of a response's SA payload against what we offered:
 * exactly one proposal, numbered as one of ours, with exactly one
 * transform of each type that proposal had, each taken from it.
 */
int	ike_props_check_reply(const struct ike_offer *offered,
	    const struct ike_prop *reply, size_t nreply, enum ike_prop_dh dh,
	    struct ike_suite *out, char *reason, size_t reasonlen);

/* The proposal a responder returns for a suite, with spi as its SPI. */
void	ike_suite_to_props(const struct ike_suite *s, const uint8_t *spi,
	    size_t spi_len, struct ike_offer *out);
/* Adds that proposal to m as its SA payload (a failure to add is m's
 * oom); -1 only when there was no memory to build it. */
int	ike_suite_add_sa(struct ike_msg *m, const struct ike_suite *s,
	    const uint8_t *spi, size_t spi_len);
/* Whether one of the configured proposals lists the DH group. */
int	ike_cfg_props_have_group(const struct ike_cfg_proposal *cfg,
	    size_t n, uint16_t group);

/* True when the encryption algorithm is an AEAD (needs no INTEG). */
int	ike_encr_is_aead(uint16_t encr);

/* Names for logs and show output: "AES_CBC_256", "HMAC_SHA2_256_128",
 * "PRF_HMAC_SHA2_256", "ECP_384", or "T<type>:<id>" when unknown. */
const char *ike_xf_name(uint8_t type, uint16_t id, uint16_t keylen,
	    char *buf, size_t len);
/* "AES_CBC_256/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/ECP_384" */
void	ike_suite_str(const struct ike_suite *s, char *buf, size_t len);
/* Every proposal of an SA payload, ", "-separated. */
void	ike_props_str(const struct ike_prop *p, size_t n, char *buf,
	    size_t len);
/* Every configured proposal, as the same notation. */
void	ike_cfg_props_str(const struct ike_cfg_proposal *cfg, size_t n,
	    uint8_t proto, enum ike_prop_dh dh, char *buf, size_t len);

#endif
