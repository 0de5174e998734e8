/* parse_check.c - the scenario parser's checks that a line can happen at
 * all: what an agent of each role reports, which reports belong to an
 * association, whose addresses an expectation names, and that a
 * connecting agent has an address of its server to connect to
 * (scenarios/README.md).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "parse.h"

/* The events a testbed agent (agent.js) never reports in its role: a
 * listening one accepts (listening, connection), a connecting one connects
 * (connect, ready), and neither sets a socket timeout. */
static const char *never_reported(enum tb_agent_role role, const char *event)
{
	if (strcmp(event, "timeout") == 0)
		return "it sets no socket timeout (a program run with exec may)";
	if (role == TB_AGENT_LISTEN &&
	    (strcmp(event, "connect") == 0 || strcmp(event, "ready") == 0))
		return "a listening agent reports listening and connection; "
		       "connect and ready are its client's";
	if (role == TB_AGENT_CONNECT && (strcmp(event, "listening") == 0 ||
					 strcmp(event, "connection") == 0))
		return "a connecting agent reports connect and ready; listening "
		       "and connection are its server's";
	return NULL;
}

int sp_check_expect_agent(struct parser *p, int agent, const char *event,
			  int output, int app)
{
	const struct tb_script_agent *a = &p->s->agents[agent];
	const char *why;

	if (a->role == TB_AGENT_EXEC)
		return 0;	/* a program may report anything */
	if (output)
		return sp_fail(p, "output~= is for a program run with exec: "
			       "the testbed's agent '%s' writes no output to "
			       "match", a->name);
	if (app)
		return sp_fail(p, "app= is for a program run with exec: the "
			       "testbed's agent '%s' makes no app reports",
			       a->name);
	if (event != NULL && (why = never_reported(a->role, event)) != NULL)
		return sp_fail(p, "event=%s never comes from agent '%s': %s",
			       event, a->name, why);
	return 0;
}

int sp_check_assoc(struct parser *p, const char *event, const char *snmp,
		   const char *exitv, const char *output, const char *app)
{
	const char *what = NULL, *why = NULL;

	if (app != NULL)
		what = "app=", why = "a program's own reports (report()) carry "
				     "no association";
	else if (exitv != NULL)
		what = "exit=", why = "the process ends, not an association";
	else if (output != NULL)
		what = "output~=", why = "the process's lines carry no "
					 "association";
	else if (snmp != NULL)
		what = "snmp=", why = "the counters are the host's, not an "
				      "association's";
	else if (event != NULL && strcmp(event, "listening") == 0)
		what = "event=listening", why = "the server listens, not an "
						"association";
	if (what == NULL)
		return 0;
	return sp_fail(p, "assoc= does not go with %s: %s", what, why);
}

/* The agent the association of agent i is with: its to=, or the first one
 * connecting to it; NULL if none (yet). */
const struct tb_script_agent *sp_peer_of(const struct tb_script *s, int i)
{
	unsigned int j;

	if (s->agents[i].peer >= 0)
		return &s->agents[s->agents[i].peer];
	for (j = 0; j < s->nagents; j++)
		if (s->agents[j].peer == i)
			return &s->agents[j];
	return NULL;
}

int sp_check_peer_address(struct parser *p, int agent,
			  const struct tb_addr_ref *ref, const char *kind,
			  const char *text)
{
	const struct tb_script_agent *a = &p->s->agents[agent], *peer;
	int host = ref->host, path, end;

	/* A program may talk to a server of its own host: its peer is its
	 * business. The testbed's agents' peers are on another host. */
	if (a->role == TB_AGENT_EXEC)
		return 0;
	if (host < 0) {
		/* A literal: whoever has it at this line (none: an address
		 * that was removed; not said here). */
		if (sp_addr_holder(p, &ref->addr, &path, &end) < 0)
			return 0;
		host = p->cur[path][end].host;
	}
	if (host != a->host)
		return 0;
	peer = sp_peer_of(p->s, agent);
	return sp_fail(p, "%s: %s is %s's address, where agent '%s' runs: it "
		       "names a peer's address%s%s%s", kind, text,
		       p->s->hosts[host].name, a->name, peer ? " (" : "",
		       peer ? p->s->hosts[peer->host].name : "",
		       peer ? "'s)" : "");
}

static void path_list(const struct parser *p, const int *paths,
		      unsigned int n, char *buf, size_t len)
{
	size_t used = 0;
	unsigned int i;

	buf[0] = '\0';
	for (i = 0; i < n && used < len; i++)
		used += (size_t)snprintf(buf + used, len - used, "%s%s",
					 i > 0 ? "," : "",
					 p->s->paths[paths[i]].name);
}

static void count_addr(const struct tb_prefix *addr, void *arg)
{
	(void)addr;
	++*(unsigned int *)arg;
}

/* What the runner hands the client (reach.c) at this line: refused when
 * it is nothing. */
int sp_check_reachable(struct parser *p, const struct tb_script_agent *cli)
{
	const struct tb_script_agent *srv = &p->s->agents[cli->peer];
	int cpaths[TB_SCRIPT_MAX_PATHS], spaths[TB_SCRIPT_MAX_PATHS];
	unsigned int nc, ns, shared, reachable = 0;
	char cl[256], sl[256];

	shared = tb_reachable_addrs(p->s,
				    (const struct tb_path_end (*)[2])p->cur,
				    cli, count_addr, &reachable);
	if (reachable > 0)
		return 0;
	nc = tb_agent_paths(p->s, cli, cpaths);
	ns = tb_agent_paths(p->s, srv, spaths);
	path_list(p, cpaths, nc, cl, sizeof(cl));
	path_list(p, spaths, ns, sl, sizeof(sl));
	if (shared == 0)
		return sp_fail(p, "agents '%s' and '%s' share no path ('%s' "
			       "binds to %s, its server '%s' to %s): '%s' would "
			       "have no address to connect to", cli->name,
			       srv->name, cli->name, cl[0] ? cl : "none",
			       srv->name, sl[0] ? sl : "none", cli->name);
	return sp_fail(p, "agents '%s' and '%s': '%s' has no address on the "
		       "paths they share that '%s' can reach here (addr del "
		       "above?)", cli->name, srv->name, srv->name, cli->name);
}
