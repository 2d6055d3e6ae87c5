/*
 * Config -> negotiation mapping (SPEC section 6), pure: the running
 * configuration's items (cfgdb/items.h, keys as cfgdb/schema.h defines
 * them) in, the engine's view out (ikev2/ike_cfg.h): one struct dmn_tcfg
 * per `interface tunnel-ipN`, the `ikev2 policy` objects as engine
 * policies, and the `platform interface-map` entries.
 *
 * A tunnel's IKE proposals come from the ikev2 policy that matches its
 * local address, which is only known once its `tunnel source` is resolved
 * (resolve.h); dmn_cfg_peer() finishes the engine peer for a given local
 * address.  The items are read through the schema (cfgdb/view.h), with
 * validation's own rules where the mapping needs one (cfgdb/validate.h).
 * What cannot be mapped (a dangling reference the commit checks would
 * normally refuse, a missing transform) is not fatal: the tunnel gets an
 * error text and stays down, and the daemon reports it.
 */
#ifndef MGMTSECD_CFGMAP_H
#define MGMTSECD_CFGMAP_H

#include <stddef.h>
#include <stdint.h>
#include <netinet/in.h>

#include "cfgdb/items.h"
#include "ikev2/ike_cfg.h"

#define DMN_IFNAME_MAX		16	/* IFNAMSIZ */
#define DMN_SOURCE_MAX		72
#define DMN_ERR_MAX		256

/* One `interface tunnel-ipN` with `tunnel protection`. */
struct dmn_tcfg {
	char			name[DMN_IFNAME_MAX]; /* "tunnel-ip1" */
	uint32_t		unit;
	char			source[DMN_SOURCE_MAX]; /* as typed */
	struct in_addr		dest;
	struct in_addr		inner;		/* ipv4 address */
	uint8_t			inner_plen;
	uint32_t		mtu;		/* 0: default */
	int			shutdown;
	/* Non-empty: the tunnel cannot be brought up, and why. */
	char			error[DMN_ERR_MAX];
	/* Everything but id, local and the IKE proposals (policy). */
	struct ike_cfg_peer	peer;
};

struct dmn_ifmap {
	char	cisco[DMN_SOURCE_MAX];
	char	linux_name[DMN_SOURCE_MAX];
};

/* `router static address-family ipv4 unicast PREFIX tunnel-ipN [GW]`. */
struct dmn_route {
	char		ifname[DMN_IFNAME_MAX];	/* "tunnel-ip1" */
	struct in_addr	prefix;
	uint8_t		plen;
	struct in_addr	gateway;		/* 0.0.0.0: none */
};

/* `crypto ca trustpoint NAME` (paths empty when not configured). */
#define DMN_PATH_MAX		1024
struct dmn_trustpoint {
	char		name[IKE_CFG_NAME_MAX];
	char		ca[DMN_PATH_MAX];
	char		cert[DMN_PATH_MAX];
	char		key[DMN_PATH_MAX];
};

struct dmn_cfg {
	struct dmn_tcfg		*tunnels;	/* sorted by unit */
	size_t			 n_tunnels;
	struct ike_cfg_policy	*policies;
	size_t			 n_policies;
	struct dmn_ifmap	*ifmap;
	size_t			 n_ifmap;
	struct dmn_route	*routes;	/* in key order */
	size_t			 n_routes;
	struct dmn_trustpoint	*trustpoints;	/* in key order */
	size_t			 n_trustpoints;
};

/*
 * Maps items into out (cleared first; free with dmn_cfg_clear).  Returns
 * 0, or -1 when memory runs out.  Per-tunnel problems go into each
 * tunnel's error text, not the return value.
 */
int	dmn_cfg_map(const struct cfg_items *items, struct dmn_cfg *out);
void	dmn_cfg_clear(struct dmn_cfg *cfg);

/* The tunnel called name (borrowed), or NULL. */
const struct dmn_tcfg *dmn_cfg_tunnel(const struct dmn_cfg *cfg,
	    const char *name);

/*
 * The engine peer of tunnel t with local address local and handle id:
 * t->peer plus the proposals of the first ikev2 policy (in name order)
 * that lists local (or lists no address at all).  0, or -1 with why
 * filled when no policy serves that address.
 */
int	dmn_cfg_peer(const struct dmn_cfg *cfg, const struct dmn_tcfg *t,
	    struct in_addr local, uint32_t id, struct ike_cfg_peer *out,
	    char *why, size_t whylen);

/*
 * A pre-shared key value as stored ("KEY", "clear KEY", "password ENC"
 * with Cisco type 7) to the key itself.  Returns its length, or -1.
 */
int	dmn_psk_plain(const char *value, char *out, size_t outlen);

/*
 * Algorithm keywords of SPEC section 3 to transform IDs, by the meaning
 * their schema values carry (cfgdb/schema.h); -1 unknown.  dmn_map_esp
 * adds a transform set's `transform ENC [AUTH]` to out (auth NULL for an
 * AEAD cipher), and is -1 for a transform validation refuses.
 */
int	dmn_map_encr(const char *word, struct ike_cfg_encr *out);
int	dmn_map_hash(const char *word, int prf);
int	dmn_map_esp(const char *enc, const char *auth,
	    struct ike_cfg_proposal *out);

#endif
