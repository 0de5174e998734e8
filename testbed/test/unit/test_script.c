/* test_script.c - the scenario script parser: every verb as it parses
 * (errors: test_script_errors.c; the newer verbs and keys:
 * test_language.c). */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "script.h"
#include "text.h"
#include "script_util.h"
#include "unit.h"

static void test_topology(void)
{
	const struct tb_script_path *a, *b;
	const struct tb_step *st;
	struct tb_script *s;

	tap_diag("script: host, path, sysctl");
	s = parses("# client ==a== server\n"
		   "#        ==b==\n"
		   "\n" TOPO
		   "sysctl client net.sctp.hb_interval=500   # fast heartbeats\n"
		   "sysctl server net/sctp/path_max_retrans=2\n",
		   "topology with comments");
	if (s == NULL)
		return;
	tap_is_str(tb_script_name(s), "t.scn", "the script keeps its name");
	tap_is_int(tb_script_nhosts(s), 2, "two hosts");
	tap_is_int(tb_script_npaths(s), 2, "two paths");
	tap_is_int(tb_script_nsteps(s), 6, "six steps (comments skipped)");
	tap_is_str(tb_script_host(s, 1)->name, "server", "host 1 is server");
	tap_is_int(tb_script_host_index(s, "client"), 0, "client is host 0");
	tap_is_int(tb_script_host_index(s, "nobody"), -1, "no host 'nobody'");
	tap_is_int(tb_script_path_index(s, "b"), 1, "b is path 1");
	tap_ok(tb_script_host(s, 2) == NULL && tb_script_step(s, 6) == NULL,
	       "out-of-range accessors give NULL");
	a = tb_script_path(s, 0);
	b = tb_script_path(s, 1);
	tap_ok(a->end[0].host == 0 && a->end[1].host == 1 &&
		       a->end[0].naddrs == 2 && a->end[1].naddrs == 2,
	       "path a joins client and server with two addresses each");
	tap_ok(addr_is(&a->end[0].addrs[1], "fd00:a::1/64") &&
		       addr_is(&b->end[1].addrs[0], "10.2.0.2/24"),
	       "path addresses are parsed with their prefix length");
	st = only_step(s, 0, TB_VERB_HOST);
	tap_ok(st != NULL && st->line == 4 && st->u.host == 0 &&
		       strcmp(st->file, "t.scn") == 0,
	       "host step has file:line t.scn:4");
	st = only_step(s, 3, TB_VERB_PATH);
	tap_ok(st != NULL && st->line == 7 && st->u.path == 1,
	       "path step points at its path");
	st = only_step(s, 4, TB_VERB_SYSCTL);
	tap_ok(st != NULL && st->u.sysctl.nhosts == 1 &&
		       st->u.sysctl.hosts[0] == 0 &&
		       strcmp(st->u.sysctl.key, "net.sctp.hb_interval") == 0 &&
		       strcmp(st->u.sysctl.value, "500") == 0,
	       "sysctl step: host, key, value");
	tb_script_free(s);
}

static void test_agents(void)
{
	const struct tb_script_agent *srv, *cli, *other;
	struct tb_script *s;

	tap_diag("script: agents");
	s = parses(TOPO AGENTS
		   "agent cli2 on client connect to=srv port=6000\n"
		   "sysctl server net.sctp.rto_min=100\n"
		   "agent srv2 on client listen port=7000 sack=200ms\n",
		   "agents");
	if (s == NULL)
		return;
	tap_is_int(tb_script_nagents(s), 4, "four agents");
	srv = tb_script_agent(s, 0);
	cli = tb_script_agent(s, 1);
	other = tb_script_agent(s, 2);
	tap_ok(srv->role == TB_AGENT_LISTEN && srv->host == 1 &&
		       srv->port == 5000 && srv->mis == 10 && srv->os == 10 &&
		       srv->npaths == 2 && srv->paths[1] == 1 && srv->peer == -1 &&
		       !srv->sack_set && srv->line == 5,
	       "listening agent: host, port, MIS/OS, addresses");
	tap_ok(cli->role == TB_AGENT_CONNECT && cli->host == 0 &&
		       cli->peer == 0 && cli->port == 5000 && cli->os == 4 &&
		       cli->mis == 0 && cli->sack_set && cli->sack_delay_us == 0,
	       "connecting agent: peer, its port by default, sack=off");
	tap_ok(other->port == 6000 && other->npaths == 0,
	       "connecting agent: port= overrides, no addresses= is all");
	tap_ok(tb_script_agent(s, 3)->sack_delay_us == 200000,
	       "sack=200ms is 200000us");
	tap_is_int(tb_script_agent_index(s, "cli2"), 2, "cli2 is agent 2");
	tap_ok(tb_script_step(s, 4)->verb == TB_VERB_AGENT &&
		       tb_script_step(s, 4)->u.agent == 0,
	       "agent step points at its agent");
	tb_script_free(s);
}

static void test_actions(void)
{
	const struct tb_step *st;
	struct tb_script *s;

	tap_diag("script: send, link, addr, netem, wait");
	s = parses(TOPO AGENTS
		   "send cli count=1000 size=64 streams=4 ppid=46 rate=500/s unordered=yes\n"
		   "send srv count=1 size=12\n"
		   "link down a\n"
		   "link up a host=server\n"
		   "addr add b client=10.2.0.11/24\n"
		   "addr del b client=10.2.0.1\n"
		   "netem a dir=client->server loss=10% delay=50ms jitter=5ms limit=500\n"
		   "netem b loss=0.5%\n"
		   "netem a dir=client->server off\n"
		   "wait 1.5s\n",
		   "run-time steps");
	if (s == NULL)
		return;
	st = only_step(s, 6, TB_VERB_SEND);
	tap_ok(st != NULL && st->u.send.agent == 1 && st->u.send.count == 1000 &&
		       st->u.send.size == 64 && st->u.send.streams == 4 &&
		       st->u.send.ppid == 46 && st->u.send.rate == 500 &&
		       st->u.send.unordered == 1 && st->line == 7,
	       "send: every argument");
	st = only_step(s, 7, TB_VERB_SEND);
	tap_ok(st != NULL && st->u.send.streams == 1 && st->u.send.rate == 0 &&
		       st->u.send.ppid == 0 && !st->u.send.unordered,
	       "send: defaults (one stream, no rate, ordered)");
	st = only_step(s, 8, TB_VERB_LINK);
	tap_ok(st != NULL && st->u.link.path == 0 && !st->u.link.up &&
		       st->u.link.host == -1,
	       "link down a: both ends");
	st = only_step(s, 9, TB_VERB_LINK);
	tap_ok(st != NULL && st->u.link.up && st->u.link.host == 1,
	       "link up a host=server: one end");
	st = only_step(s, 10, TB_VERB_ADDR);
	tap_ok(st != NULL && st->u.addr.add && st->u.addr.host == 0 &&
		       st->u.addr.path == 1 &&
		       addr_is(&st->u.addr.addr, "10.2.0.11/24"),
	       "addr add");
	st = only_step(s, 11, TB_VERB_ADDR);
	tap_ok(st != NULL && !st->u.addr.add &&
		       addr_is(&st->u.addr.addr, "10.2.0.1/24"),
	       "addr del takes the prefix length it was added with");
	st = only_step(s, 12, TB_VERB_NETEM);
	tap_ok(st != NULL && st->u.netem.path == 0 &&
		       st->u.netem.from_host == 0 && !st->u.netem.off &&
		       st->u.netem.set[0] && !st->u.netem.set[1] &&
		       st->u.netem.netem[0].loss == 10 &&
		       st->u.netem.netem[0].delay_us == 50000 &&
		       st->u.netem.netem[0].jitter_us == 5000 &&
		       st->u.netem.netem[0].limit == 500,
	       "netem: direction, loss, delay, jitter, limit");
	st = only_step(s, 13, TB_VERB_NETEM);
	tap_ok(st != NULL && st->u.netem.from_host == -1 &&
		       st->u.netem.set[0] && st->u.netem.set[1] &&
		       st->u.netem.netem[0].loss == 0.5 &&
		       st->u.netem.netem[1].loss == 0.5,
	       "netem without dir= is both directions");
	st = only_step(s, 14, TB_VERB_NETEM);
	tap_ok(st != NULL && st->u.netem.off && st->u.netem.from_host == 0 &&
		       st->u.netem.set[0] && !st->u.netem.set[1] &&
		       st->u.netem.netem[0].loss == 0 &&
		       st->u.netem.netem[0].delay_us == 0,
	       "netem off: nothing left on that end");
	st = only_step(s, 15, TB_VERB_WAIT);
	tap_ok(st != NULL && st->u.wait_us == 1500000, "wait 1.5s");
	tap_is_int(tb_script_nexpects(s), 0, "no expectations");
	tb_script_free(s);
}

static void test_expects(void)
{
	const struct tb_step_expect *ex;
	const struct tb_step *st;
	struct tb_script *s;
	char buf[INET6_ADDRSTRLEN];

	tap_diag("script: expectations");
	s = parses(TOPO AGENTS
		   "expect cli event=connect within=5s\n"
		   "expect cli notification=SCTP_PEER_ADDR_CHANGE state=SCTP_ADDR_UNREACHABLE address=server@a within=10s\n"
		   "expect cli notification=SCTP_ASSOC_CHANGE state=SCTP_COMM_UP within=1s\n"
		   "expect srv received from=cli count=1000 bytes=64000 in-order=per-stream duplicates=0 lost=0 within=20s\n"
		   "expect cli peer-info address=server@a/v6 state=SCTP_ACTIVE within=10s\n"
		   "expect cli address-change remoteAddresses~=server@b remoteAddresses!~=server@a,10.1.0.9 remotePort=5000 remoteAddress=server@b within=5s\n"
		   "expect cli error=ECONNRESET within=500ms\n",
		   "expectations");
	if (s == NULL)
		return;
	tap_is_int(tb_script_nexpects(s), 7, "seven expectations");
	st = only_step(s, 6, TB_VERB_EXPECT);
	ex = st != NULL ? &st->u.expect : NULL;
	tap_ok(ex != NULL && ex->kind == TB_EXPECT_EVENT && ex->agent == 1 &&
		       strcmp(ex->name, "connect") == 0 &&
		       ex->within_us == 5000000,
	       "expect event=connect within=5s");
	st = only_step(s, 7, TB_VERB_EXPECT);
	ex = st != NULL ? &st->u.expect : NULL;
	tap_ok(ex != NULL && ex->kind == TB_EXPECT_NOTIFICATION &&
		       strcmp(ex->name, "SCTP_PEER_ADDR_CHANGE") == 0 &&
		       strcmp(ex->state, "SCTP_ADDR_UNREACHABLE") == 0 &&
		       ex->has_address && ex->address.host == 1 &&
		       ex->address.path == 0 &&
		       addr_is(&ex->address.addr, "10.1.0.2/24"),
	       "expect notification: type, state, server@a resolved");
	st = only_step(s, 8, TB_VERB_EXPECT);
	ex = st != NULL ? &st->u.expect : NULL;
	tap_ok(ex != NULL && !ex->has_address &&
		       strcmp(ex->state, "SCTP_COMM_UP") == 0,
	       "expect notification=SCTP_ASSOC_CHANGE state=SCTP_COMM_UP");
	st = only_step(s, 9, TB_VERB_EXPECT);
	ex = st != NULL ? &st->u.expect : NULL;
	tap_ok(ex != NULL && ex->kind == TB_EXPECT_RECEIVED && ex->agent == 0 &&
		       ex->from == 1 && ex->count == 1000 && ex->bytes == 64000 &&
		       ex->order == TB_ORDER_PER_STREAM &&
		       ex->duplicates == 0 && ex->lost == 0,
	       "expect received: count, bytes, order, duplicates, lost");
	st = only_step(s, 10, TB_VERB_EXPECT);
	ex = st != NULL ? &st->u.expect : NULL;
	tap_ok(ex != NULL && ex->kind == TB_EXPECT_PEER_INFO &&
		       ex->address.family == AF_INET6 &&
		       addr_is(&ex->address.addr, "fd00:a::2/64") &&
		       strcmp(ex->state, "SCTP_ACTIVE") == 0,
	       "expect peer-info: server@a/v6 is its IPv6 address");
	st = only_step(s, 11, TB_VERB_EXPECT);
	ex = st != NULL ? &st->u.expect : NULL;
	tap_ok(ex != NULL && ex->kind == TB_EXPECT_ADDRESS_CHANGE &&
		       ex->nchecks == 4,
	       "expect address-change: four checks");
	if (ex != NULL && ex->nchecks == 4) {
		inet_ntop(AF_INET, ex->checks[1].addrs[1].addr.addr.raw, buf,
			  sizeof(buf));
		tap_ok(ex->checks[0].field == TB_AC_REMOTE_ADDRESSES &&
			       ex->checks[0].op == TB_AC_CONTAINS &&
			       ex->checks[0].naddrs == 1 &&
			       ex->checks[1].op == TB_AC_LACKS &&
			       ex->checks[1].naddrs == 2 &&
			       ex->checks[1].addrs[1].host == -1 &&
			       strcmp(buf, "10.1.0.9") == 0,
		       "address-change lists: ~= and !~=, literal addresses");
		tap_ok(ex->checks[2].field == TB_AC_REMOTE_PORT &&
			       ex->checks[2].port == 5000 &&
			       ex->checks[3].field == TB_AC_REMOTE_ADDRESS &&
			       ex->checks[3].op == TB_AC_EQUALS &&
			       addr_is(&ex->checks[3].addrs[0].addr,
				       "10.2.0.2/24"),
		       "address-change scalars: remotePort, remoteAddress");
	}
	st = only_step(s, 12, TB_VERB_EXPECT);
	ex = st != NULL ? &st->u.expect : NULL;
	tap_ok(ex != NULL && ex->kind == TB_EXPECT_ERROR &&
		       strcmp(ex->name, "ECONNRESET") == 0 &&
		       ex->within_us == 500000,
	       "expect error=ECONNRESET within=500ms");
	tb_script_free(s);

	/* Addresses are resolved as the script has changed them so far. */
	s = parses(TOPO AGENTS
		   "addr add b server=10.2.0.22/24\n"
		   "addr del b server=10.2.0.2\n"
		   "expect cli peer-info address=server@b state=SCTP_ACTIVE within=1s\n",
		   "HOST@PATH follows addr add/del");
	if (s == NULL)
		return;
	st = tb_script_step(s, 8);
	tap_ok(st != NULL && addr_is(&st->u.expect.address.addr, "10.2.0.22/24"),
	       "server@b is the added address once the first is removed");
	tb_script_free(s);
}

/* The verbs and expectations the runner added: close, kill, call,
 * addresses=any, streams, addresses. */
static void test_runner_verbs(void)
{
	const struct tb_step *st;
	struct tb_script *s;

	s = parses(TOPO AGENTS
		   "close cli\n"
		   "kill srv\n"
		   "call cli removeLocalAddress client@b\n"
		   "call cli setPrimaryAddress server@a/v6\n"
		   "agent any on server listen port=6000 addresses=any\n"
		   "expect cli streams outbound=4 within=1s\n"
		   "expect srv addresses localAddresses~=server@a within=1s\n",
		   "close, kill, call, addresses=any, streams, addresses");
	if (s == NULL)
		return;
	st = only_step(s, 6, TB_VERB_CLOSE);
	if (st)
		tap_is_int(st->u.agent, 1, "close names the agent");
	st = only_step(s, 7, TB_VERB_KILL);
	if (st)
		tap_is_int(st->u.agent, 0, "kill names the agent");
	st = only_step(s, 8, TB_VERB_CALL);
	if (st) {
		tap_is_str(tb_call_name(st->u.call.method), "removeLocalAddress",
			   "the method");
		tap_is_int(st->u.call.address.addr.addr.v4.s_addr,
			   inet_addr("10.2.0.1"), "client@b resolved");
	}
	st = only_step(s, 9, TB_VERB_CALL);
	if (st)
		tap_is_int(st->u.call.address.addr.family, AF_INET6,
			   "server@a/v6 is IPv6");
	tap_is_int(tb_script_agent(s, 2)->any, 1, "addresses=any");
	st = only_step(s, 11, TB_VERB_EXPECT);
	if (st) {
		tap_is_int(st->u.expect.kind, TB_EXPECT_STREAMS, "streams");
		tap_is_int(st->u.expect.outbound, 4, "outbound=4");
		tap_is_int(st->u.expect.inbound, -1, "inbound not given");
	}
	st = only_step(s, 12, TB_VERB_EXPECT);
	if (st)
		tap_is_int(st->u.expect.kind, TB_EXPECT_ADDRESSES, "addresses");
	tb_script_free(s);

	refused(TOPO AGENTS "call cli bind client@b\n",
		"t.scn:7: unknown method 'bind' (addLocalAddress, "
		"removeLocalAddress, setPrimaryAddress, requestPeerPrimary, "
		"setPathParams, setRto, setMaxRetransmits, "
		"setExposePotentiallyFailed, setNoDelay)");
	refused(TOPO AGENTS "call cli addLocalAddress\n",
		"t.scn:7: usage: call AGENT METHOD ADDRESS");
	refused(TOPO AGENTS "call cli addLocalAddress nobody@a\n",
		"t.scn:7: host 'nobody' is not declared");
	refused(TOPO AGENTS "kill cli2\n", "t.scn:7: agent 'cli2' is not declared");
	refused(TOPO AGENTS "close cli now=yes\n",
		"t.scn:7: unknown key 'now' for close (none)");
	refused(TOPO "agent c on client connect to=srv addresses=any\n",
		"t.scn:5: agent 'srv' is not declared");
	refused(TOPO "agent srv on server listen port=1\n"
		     "agent c on client connect to=srv addresses=any\n",
		"t.scn:6: addresses=any is for a listening agent");
	refused(TOPO AGENTS "expect cli streams within=1s\n",
		"t.scn:7: streams needs outbound=N or inbound=N");
	refused(TOPO AGENTS "expect cli snmp=InCtrlChunks min=1 within=1s\n",
		"t.scn:7: snmp=InCtrlChunks is not a counter of "
		"/proc/net/sctp/snmp (e.g. SctpInCtrlChunks)");
	refused(TOPO AGENTS "expect cli snmp=SctpInCtrlChunks within=1s\n",
		"t.scn:7: snmp= needs min=N or max=N");
	refused(TOPO AGENTS "expect cli snmp=SctpInCtrlChunks min=5 max=4 within=1s\n",
		"t.scn:7: min=5 is more than max=4");
	refused(TOPO AGENTS "expect srv received from=cli count=1 in-order=all reordered=yes within=1s\n",
		"t.scn:7: reordered=yes contradicts in-order=all");
	refused(TOPO AGENTS "send cli count=1 size=12 ttl=1500us\n",
		"t.scn:7: ttl=1500us: a lifetime is whole milliseconds, at least 1ms");
	refused(TOPO AGENTS "send cli count=1 size=11\n",
		"t.scn:7: size=11 is out of range (12-1048576)");
}

void test_script(void)
{
	test_topology();
	test_agents();
	test_actions();
	test_expects();
	test_runner_verbs();
}
