/* test_can_happen.c - lines the parser refuses because they could not
 * run, could never be met or would always pass (parse_check.c and the
 * checks beside it), and their neighbours that still parse. */
#define _GNU_SOURCE
#include <string.h>

#include "script.h"
#include "script_util.h"
#include "unit.h"

/* A program on each host (two lines). */
#define PROGRAMS                                                             \
	"agent app on server exec ./a\n"                                     \
	"agent tool on client exec ./b\n"

static void test_agents(void)
{
	struct tb_script *s;

	tap_diag("can happen: agents, their server, a killed agent");
	refused(TOPO "agent p on client MIS=5 bogus=1 exec ./prog x\n",
		"t.scn:5: an exec agent takes no keys: MIS=5 stands before "
		"exec (the program's arguments go after it)");
	s = parses(TOPO "agent p on client exec ./prog MIS=5\n",
		   "a key after exec is the program's argument");
	tap_ok(s != NULL && tb_script_agent(s, 0)->nargs == 2 &&
		       strcmp(tb_script_agent(s, 0)->args[1], "MIS=5") == 0,
	       "MIS=5 in its argv");
	tb_script_free(s);
	refused(TOPO "agent srv2 on server listen port=6000 addresses=b\n"
		"agent cli2 on client connect to=srv2 addresses=a\n",
		"t.scn:6: agents 'cli2' and 'srv2' share no path ('cli2' binds "
		"to a, its server 'srv2' to b): 'cli2' would have no address to "
		"connect to");
	refused(TOPO "agent srv on server listen port=1 addresses=b\n"
		"addr del b server=10.2.0.2/24\n"
		"agent cli on client connect to=srv\n",
		"t.scn:7: agents 'cli' and 'srv': 'srv' has no address on the "
		"paths they share that 'cli' can reach here (addr del above?)");
	tb_script_free(parses(TOPO "agent srv on server listen port=1 addresses=b\n"
			      "agent cli on client connect to=srv addresses=a,b\n"
			      "agent s3 on server listen port=2 addresses=any\n"
			      "agent c3 on client connect to=s3 addresses=b\n",
			      "one shared path is enough; any is every path"));
	refused(TOPO AGENTS "kill cli\nsend cli count=1 size=12\n",
		"t.scn:8: agent 'cli' was killed at line 7");
	refused(TOPO AGENTS "kill cli\nwait 1s\ncall cli setNoDelay yes\n",
		"t.scn:9: agent 'cli' was killed at line 7");
	refused(TOPO AGENTS "kill cli\nclose cli\n",
		"t.scn:8: agent 'cli' was killed at line 7");
	refused(TOPO AGENTS "kill cli\nkill cli\n",
		"t.scn:8: agent 'cli' was killed at line 7");
	refused(TOPO AGENTS "kill srv\nagent c2 on client connect to=srv\n",
		"t.scn:8: agent 'srv' was killed at line 7");
	tb_script_free(parses(TOPO AGENTS "kill srv\n"
			      "expect cli event=close within=10s\n"
			      "expect srv exit=SIGKILL within=1s\n",
			      "a killed agent's end is expected"));
}

static void test_roles(void)
{
	tap_diag("can happen: what an agent of each role reports");
	refused(TOPO AGENTS "expect cli output~=hello within=1s\n",
		"t.scn:7: output~= is for a program run with exec: the "
		"testbed's agent 'cli' writes no output to match");
	refused(TOPO AGENTS "expect cli not output~=hello for=1s\n",
		"t.scn:7: output~= is for a program run with exec: the "
		"testbed's agent 'cli' writes no output to match");
	refused(TOPO AGENTS "expect srv app=done within=1s\n",
		"t.scn:7: app= is for a program run with exec: the testbed's "
		"agent 'srv' makes no app reports");
	refused(TOPO AGENTS "expect srv event=connect within=5s\n",
		"t.scn:7: event=connect never comes from agent 'srv': a "
		"listening agent reports listening and connection; connect and "
		"ready are its client's");
	refused(TOPO AGENTS "expect srv event=ready within=5s\n",
		"t.scn:7: event=ready never comes from agent 'srv': a listening "
		"agent reports listening and connection; connect and ready are "
		"its client's");
	refused(TOPO AGENTS "expect cli event=listening within=5s\n",
		"t.scn:7: event=listening never comes from agent 'cli': a "
		"connecting agent reports connect and ready; listening and "
		"connection are its server's");
	refused(TOPO AGENTS "expect cli not event=connection for=5s\n",
		"t.scn:7: event=connection never comes from agent 'cli': a "
		"connecting agent reports connect and ready; listening and "
		"connection are its server's");
	refused(TOPO AGENTS "expect srv event=timeout within=5s\n",
		"t.scn:7: event=timeout never comes from agent 'srv': it sets "
		"no socket timeout (a program run with exec may)");
	tb_script_free(parses(TOPO AGENTS PROGRAMS
			      "expect app event=connect within=5s\n"
			      "expect app event=listening within=5s\n"
			      "expect app event=timeout within=5s\n"
			      "expect app output~=up within=5s\n"
			      "expect tool app=done within=5s\n"
			      "expect srv event=listening within=5s\n"
			      "expect srv event=connection within=5s\n"
			      "expect cli event=ready within=5s\n"
			      "expect cli event=end within=5s\n",
			      "a program keeps every event; each role its own"));
	refused(TOPO PROGRAMS "expect app app=done assoc=1 within=1s\n",
		"t.scn:7: assoc= does not go with app=: a program's own reports "
		"(report()) carry no association");
	refused(TOPO PROGRAMS "expect app exit=0 assoc=1 within=1s\n",
		"t.scn:7: assoc= does not go with exit=: the process ends, not "
		"an association");
	refused(TOPO PROGRAMS "expect app output~=hi assoc=1 within=1s\n",
		"t.scn:7: assoc= does not go with output~=: the process's lines "
		"carry no association");
	refused(TOPO PROGRAMS "expect app snmp=SctpAborteds max=0 assoc=2 "
		"for=1s\n",
		"t.scn:7: assoc= does not go with snmp=: the counters are the "
		"host's, not an association's");
	refused(TOPO PROGRAMS "expect app event=listening assoc=1 within=1s\n",
		"t.scn:7: assoc= does not go with event=listening: the server "
		"listens, not an association");
	tb_script_free(parses(TOPO PROGRAMS
			      "expect app event=close assoc=2 within=1s\n"
			      "expect app notification=SCTP_ASSOC_CHANGE assoc=1 within=1s\n",
			      "assoc= with reports of an association"));
}

static void test_addresses(void)
{
	tap_diag("can happen: a peer's addresses, upper bounds");
	refused(TOPO AGENTS "expect cli peer-info address=client@a "
		"state=SCTP_ACTIVE within=5s\n",
		"t.scn:7: peer-info: client@a is client's address, where agent "
		"'cli' runs: it names a peer's address (server's)");
	refused(TOPO AGENTS "expect cli notification=SCTP_PEER_ADDR_CHANGE "
		"address=client@b within=5s\n",
		"t.scn:7: SCTP_PEER_ADDR_CHANGE: client@b is client's address, "
		"where agent 'cli' runs: it names a peer's address (server's)");
	refused(TOPO AGENTS "expect srv not notification=SCTP_PEER_ADDR_CHANGE "
		"address=10.2.0.2 for=2s\n",
		"t.scn:7: SCTP_PEER_ADDR_CHANGE: 10.2.0.2 is server's address, "
		"where agent 'srv' runs: it names a peer's address (client's)");
	refused(TOPO "agent srv on server listen port=1\n"
		"expect srv peer-info address=server@a/v6 state=SCTP_ACTIVE "
		"within=5s\n",
		"t.scn:6: peer-info: server@a/v6 is server's address, where "
		"agent 'srv' runs: it names a peer's address");
	tb_script_free(parses(TOPO AGENTS PROGRAMS
			      "expect srv peer-info address=client@a state=SCTP_ACTIVE within=5s\n"
			      "expect cli notification=SCTP_PEER_ADDR_CHANGE address=10.2.0.2 within=5s\n"
			      "expect app peer-info address=client@b state=SCTP_ACTIVE within=5s\n"
			      "expect tool peer-info address=client@a state=SCTP_ACTIVE within=5s\n",
			      "the peer's addresses; a program's peer may be "
			      "on its own host"));
	refused(TOPO AGENTS "expect path a carries max=0pkt within=1s\n",
		"t.scn:7: max= without min= is met at once with within= (the "
		"count starts at 0): check an upper bound over an interval, "
		"for=T");
	refused(TOPO AGENTS "expect cli snmp=SctpAborteds max=0 within=1s\n",
		"t.scn:7: max= without min= is met at once with within= (the "
		"count starts at 0): check an upper bound over an interval, "
		"for=T");
	tb_script_free(parses(TOPO AGENTS
			      "expect cli snmp=SctpInCtrlChunks min=95 max=115 within=5s\n"
			      "expect path a carries min=1pkt max=90pkt within=5s\n"
			      "expect path a carries max=0pkt for=1s\n",
			      "max= with min= (a range) or with for="));
}

static void test_keys_twice(void)
{
	struct tb_script *s;

	tap_diag("can happen: a key twice, after= and within=");
	refused(TOPO AGENTS "expect cli event=connect event~=x within=1s\n",
		"t.scn:7: event is given twice (event= and event~=)");
	refused(TOPO AGENTS "expect cli event=connect within=5s within~=3s\n",
		"t.scn:7: within is given twice (within= and within~=)");
	refused(TOPO AGENTS "send cli count=1 count!~=2 size=12\n",
		"t.scn:7: count is given twice (count= and count!~=)");
	s = parses(TOPO AGENTS "expect cli address-change "
		   "remoteAddresses~=server@a remoteAddresses!~=server@b "
		   "within=1s\n",
		   "address-change: one field, two operators");
	tap_ok(s != NULL && only_step(s, 6, TB_VERB_EXPECT) != NULL &&
		       only_step(s, 6, TB_VERB_EXPECT)->u.expect.nchecks == 2,
	       "two checks");
	tb_script_free(s);
	refused(TOPO AGENTS "expect cli address-change remotePort=1 "
		"remotePort~=2 within=1s\n",
		"t.scn:7: remotePort takes only '='");
	refused(TOPO AGENTS "link down a\n"
		"expect cli notification=SCTP_PEER_ADDR_CHANGE after=2s "
		"within=2s\n",
		"t.scn:8: after=2s is not less than within=2s, and this "
		"expectation is reached as line 7's step ends (after= counts "
		"from the step, within= from when the expectation is reached)");
	tb_script_free(parses(TOPO AGENTS "link down a\n"
			      "expect cli peer-info address=server@a state=SCTP_ACTIVE for=5s\n"
			      "expect cli notification=SCTP_PEER_ADDR_CHANGE after=6s within=5s\n"
			      "wait 3s\n"
			      "expect cli event=close after=4s within=2s\n"
			      "agent s2 on server listen port=9\n"
			      "agent c2 on client connect to=s2\n"
			      "expect c2 event=connect after=2s within=2s\n",
			      "after= past within= when the expectation is "
			      "reached later than its step"));
}

void test_can_happen(void)
{
	test_agents();
	test_roles();
	test_addresses();
	test_keys_twice();
}
