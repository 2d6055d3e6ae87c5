/* The seed's Router 2 as an engine configuration: see seed_peer.h. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "ikev2/ikev2_const.h"
#include "tests/lib/seed_peer.h"

void
seed_router2_peer(struct ike_cfg_peer *c, struct in_addr local,
    struct in_addr remote)
{
	struct ike_cfg_proposal	*ike = &c->ike[0], *esp = &c->esp[0];

	memset(c, 0, sizeof(*c));
	c->id = 1;
	snprintf(c->name, sizeof(c->name), "tunnel-ip1");
	c->if_id = 1;
	c->local = local;
	c->remote = remote;
	c->ike_lifetime = 600;
	c->child_lifetime = 600;
	c->auth_local = c->auth_remote = IKE_CFG_AUTH_PSK;
	snprintf(c->psk_local, sizeof(c->psk_local), "cisco123");
	snprintf(c->psk_remote, sizeof(c->psk_remote), "cisco123");
	c->remote_id.addr = remote;
	c->remote_id.mask.s_addr = 0xffffffffu;
	snprintf(ike->name, sizeof(ike->name), "P2");
	ike->encr[ike->n_encr++] = (struct ike_cfg_encr){ IKE_ENCR_AES_CBC,
	    256 };
	ike->integ[ike->n_integ++] = IKE_INTEG_HMAC_SHA2_256_128;
	ike->prf[ike->n_prf++] = IKE_PRF_HMAC_SHA2_256;
	ike->dh[ike->n_dh++] = IKE_DH_ECP_384;
	c->n_ike = 1;
	snprintf(esp->name, sizeof(esp->name), "TS2");
	esp->encr[esp->n_encr++] = (struct ike_cfg_encr){ IKE_ENCR_AES_CBC,
	    256 };
	esp->integ[esp->n_integ++] = IKE_INTEG_HMAC_SHA2_256_128;
	esp->dh[esp->n_dh++] = IKE_DH_ECP_256;
	c->n_esp = 1;
}
