/*
 * The seed's Router 2 as an engine configuration, for the test programs
 * that speak IKEv2 to a daemon configured as Router 1 (tests/hostile/peer,
 * tests/netns/ikestress).
 */
#ifndef TESTS_LIB_SEED_PEER_H
#define TESTS_LIB_SEED_PEER_H

#include <netinet/in.h>

#include "ikev2/ike_cfg.h"

/* tunnel-ip1 from local to remote: PSK cisco123 both ways, IKE
 * AES-CBC-256/SHA-256/PRF SHA-256/ECP-384, ESP AES-256 + HMAC-SHA-256
 * with PFS group 19, lifetimes 600 s. */
void	seed_router2_peer(struct ike_cfg_peer *c, struct in_addr local,
	    struct in_addr remote);

#endif
