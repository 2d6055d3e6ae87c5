/*
 * Fuzz target: the daemon's config mapping (mgmtsecd/cfgmap.c) and
 * tunnel source resolution (resolve.c) over arbitrary items.  Input: lines
 * "KEY=VALUE" where '|' separates key components (tests/netns/dmnctl's
 * format).  Whatever the items say, mapping must neither crash nor leak,
 * and every tunnel must come out usable or with a reason.
 */
#include "config.h"

#include <arpa/inet.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mgmtsecd/cfgmap.h"
#include "mgmtsecd/resolve.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cfg_items	*it = cfg_items_new();
	struct dmn_cfg		 c;
	struct dmn_ifaddr	 ifs[2];
	struct dmn_ifsnap	 snap;
	struct ike_cfg_peer	*p;
	struct in_addr		 a;
	char			 line[1024], *eq, why[256], psk[129];
	size_t			 i, j, n;

	if (it == NULL || (p = malloc(sizeof(*p))) == NULL) {
		cfg_items_free(it);
		return 0;
	}
	for (i = 0; i < size;) {
		for (j = i, n = 0; j < size && data[j] != '\n'; j++)
			if (n + 1 < sizeof(line) && data[j] != '\0')
				line[n++] = data[j] == '|' ? CFG_KEY_SEP :
				    (char)data[j];
		line[n] = '\0';
		i = j + 1;
		if ((eq = strchr(line, '=')) == NULL)
			continue;
		*eq++ = '\0';
		(void)cfg_items_set(it, line, eq);
		(void)dmn_psk_plain(eq, psk, sizeof(psk));
	}
	memset(ifs, 0, sizeof(ifs));
	strcpy(ifs[0].name, "veth0");
	ifs[0].has_addr = 1;
	inet_pton(AF_INET, "198.51.100.5", &ifs[0].addr);
	strcpy(ifs[1].name, "eth1");
	memset(&snap, 0, sizeof(snap));
	snap.v = ifs;
	snap.n = 2;
	strcpy(snap.defroute, "veth0");
	if (dmn_cfg_map(it, &c) == 0) {
		for (i = 0; i < c.n_tunnels; i++) {
			if (dmn_resolve(&snap, c.ifmap, c.n_ifmap,
			    c.tunnels[i].source, &a, NULL, 0, why,
			    sizeof(why)) == 0)
				(void)dmn_cfg_peer(&c, &c.tunnels[i], a, 1, p,
				    why, sizeof(why));
		}
		dmn_cfg_clear(&c);
	}
	free(p);
	cfg_items_free(it);
	return 0;
}
