/* reach.c - which of a server's addresses a client agent connects to.
 *
 * One rule, for the parser (which refuses a script whose client would have
 * nothing to connect to at its line) and the runner (which hands the client
 * those addresses): the server's addresses on the paths both agents bind
 * to, of a family the client has at its end of that path, path by path in
 * the client's order (its first path gives the primary).
 */
#include <string.h>

#include "script.h"

int tb_path_end_has_family(const struct tb_path_end *e, int family)
{
	unsigned int k;

	for (k = 0; k < e->naddrs; k++)
		if (e->addrs[k].family == family)
			return 1;
	return 0;
}

unsigned int tb_agent_paths(const struct tb_script *s,
			    const struct tb_script_agent *a, int *paths)
{
	unsigned int i, n = 0, np = tb_script_npaths(s);

	if (a->npaths > 0) {
		memcpy(paths, a->paths, a->npaths * sizeof(*paths));
		return a->npaths;
	}
	for (i = 0; i < np; i++) {
		const struct tb_script_path *p = tb_script_path(s, i);

		if (p->end[0].host == a->host || p->end[1].host == a->host)
			paths[n++] = (int)i;
	}
	return n;
}

unsigned int tb_reachable_addrs(const struct tb_script *s,
				const struct tb_path_end (*ends)[2],
				const struct tb_script_agent *cli,
				tb_addr_fn *fn, void *arg)
{
	const struct tb_script_agent *srv =
		tb_script_agent(s, (unsigned int)cli->peer);
	int cpaths[TB_SCRIPT_MAX_PATHS], spaths[TB_SCRIPT_MAX_PATHS];
	unsigned int ncp = tb_agent_paths(s, cli, cpaths);
	unsigned int nsp = tb_agent_paths(s, srv, spaths);
	unsigned int i, j, k, e, shared = 0;

	for (i = 0; i < ncp; i++) {
		for (j = 0; j < nsp && spaths[j] != cpaths[i]; j++)
			;
		if (j == nsp)
			continue;
		for (e = 0; e < 2; e++) {
			const struct tb_path_end *se = &ends[cpaths[i]][e];
			const struct tb_path_end *ce = &ends[cpaths[i]][1 - e];

			if (se->host != srv->host || ce->host != cli->host)
				continue;
			shared++;
			for (k = 0; k < se->naddrs; k++)
				if (tb_path_end_has_family(ce, se->addrs[k].family))
					fn(&se->addrs[k], arg);
		}
	}
	return shared;
}
