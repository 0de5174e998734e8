/* test_reach.c - which of its server's addresses a client connects to
 * (reach.c): the paths both bind to, in the client's order, of a family
 * the client has at its end there. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#include "script.h"
#include "script_util.h"
#include "unit.h"

struct joined {
	char text[256];
	size_t used;
};

static void join(const struct tb_prefix *addr, void *arg)
{
	struct joined *j = arg;
	char buf[INET6_ADDRSTRLEN];

	inet_ntop(addr->family, addr->addr.raw, buf, sizeof(buf));
	j->used += (size_t)snprintf(j->text + j->used, sizeof(j->text) - j->used,
				    "%s%s", j->used ? " " : "", buf);
}

/* The script's path ends as written (no addr add/del has run). */
static unsigned int reach(const struct tb_script *s, const char *agent,
			  struct joined *j)
{
	struct tb_path_end ends[TB_SCRIPT_MAX_PATHS][2];
	unsigned int i;

	for (i = 0; i < tb_script_npaths(s); i++)
		memcpy(ends[i], tb_script_path(s, i)->end, sizeof(ends[i]));
	memset(j, 0, sizeof(*j));
	return tb_reachable_addrs(s, (const struct tb_path_end (*)[2])ends,
				  tb_script_agent(s, (unsigned int)
						  tb_script_agent_index(s, agent)),
				  join, j);
}

void test_reach(void)
{
	struct tb_script *s;
	struct joined j;
	int paths[TB_SCRIPT_MAX_PATHS];
	unsigned int n;

	tap_diag("reach: a client's remote addresses");
	s = parses(TOPO AGENTS
		   "agent c2 on client connect to=srv addresses=b,a\n"
		   "agent s3 on server listen port=6000 addresses=b\n"
		   "agent c3 on client connect to=s3\n"
		   "agent v4 on client connect to=srv addresses=a\n",
		   "agents of every shape");
	if (s == NULL)
		return;
	n = reach(s, "cli", &j);
	tap_ok(n == 2 && strcmp(j.text, "10.1.0.2 fd00:a::2 10.2.0.2") == 0,
	       "both paths, the client's first path first: %s (%u shared)",
	       j.text, n);
	n = reach(s, "c2", &j);
	tap_ok(n == 2 && strcmp(j.text, "10.2.0.2 10.1.0.2 fd00:a::2") == 0,
	       "addresses=b,a: b's first (the primary): %s", j.text);
	n = reach(s, "c3", &j);
	tap_ok(n == 1 && strcmp(j.text, "10.2.0.2") == 0,
	       "no addresses=: every path of the client's host, the server "
	       "binds to b only: %s", j.text);
	tap_ok(tb_agent_paths(s, tb_script_agent(s, (unsigned int)
			      tb_script_agent_index(s, "c3")), paths) == 2 &&
		       paths[0] == 0 && paths[1] == 1,
	       "an agent with no addresses= binds to its host's paths, in order");
	tb_script_free(s);

	/* The client has only IPv4 on path a: the server's IPv6 address
	 * there is not one it can reach. */
	s = parses("host client\nhost server\n"
		   "path a client=10.1.0.1/24 server=10.1.0.2/24,fd00:a::2/64\n"
		   "agent srv on server listen port=5000\n"
		   "agent cli on client connect to=srv\n",
		   "a path with a family on one end only");
	if (s == NULL)
		return;
	n = reach(s, "cli", &j);
	tap_ok(n == 1 && strcmp(j.text, "10.1.0.2") == 0,
	       "only the family the client has there: %s", j.text);
	tb_script_free(s);
}
