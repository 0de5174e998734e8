/* test_language.c - the scenario language's newer parts: host lists,
 * netem changes merged per end, checked sysctl keys and snmp counters,
 * path expectations, for= / not / after=, agents' socket options, and the
 * run-time calls with their arguments and address checks. */
#define _GNU_SOURCE
#include <errno.h>
#include <string.h>

#include "script.h"
#include "script_util.h"
#include "sysctl.h"
#include "unit.h"

static long long opt_value(const struct tb_opt_set *set, const char *key,
			   const char **json)
{
	unsigned int i;

	for (i = 0; i < set->n; i++)
		if (strcmp(set->o[i].def->key, key) == 0) {
			if (json != NULL)
				*json = set->o[i].def->json;
			return set->o[i].value;
		}
	return -1;
}

static void test_host_lists(void)
{
	const struct tb_step *st;
	struct tb_script *s;

	tap_diag("language: sysctl HOST,HOST and the keys it may set");
	s = parses(TOPO "sysctl client,server net.sctp.hb_interval=200\n"
		   "sysctl server net/sctp/rto_min=100\n"
		   "sysctl client net.ipv4.conf.a.rp_filter=0\n"
		   "sysctl client net.ipv6.conf.all.accept_dad=0\n"
		   "sysctl client net.core.somaxconn=1024\n",
		   "host lists and keys of every tree");
	if (s != NULL) {
		st = only_step(s, 4, TB_VERB_SYSCTL);
		tap_ok(st != NULL && st->u.sysctl.nhosts == 2 &&
			       st->u.sysctl.hosts[0] == 0 &&
			       st->u.sysctl.hosts[1] == 1,
		       "sysctl client,server: both hosts, in order");
		tb_script_free(s);
	}
	refused(TOPO "sysctl client,client net.sctp.hb_interval=1\n",
		"t.scn:5: sysctl names host 'client' twice");
	refused(TOPO "sysctl client,nobody net.sctp.hb_interval=1\n",
		"t.scn:5: host 'nobody' is not declared");
	refused(TOPO "sysctl client net.sctp.no_such_knob=1\n",
		"t.scn:5: unknown sysctl key 'net.sctp.no_such_knob' (the keys "
		"of net.sctp, net.ipv4 and net.ipv6 a scenario may set: "
		"testbed/src/sysctl.c)");
	refused(TOPO "sysctl client net/ipv4/conf/a/no_such=1\n",
		"t.scn:5: unknown sysctl key 'net/ipv4/conf/a/no_such' (the keys "
		"of net.sctp, net.ipv4 and net.ipv6 a scenario may set: "
		"testbed/src/sysctl.c)");
	tap_is_int(tb_sysctl_check("net.sctp.pf_retrans"), 0,
		   "tb_sysctl_check: a known key");
	tap_is_int(tb_sysctl_check("net.ipv4.neigh.path0.ucast_solicit"), 0,
		   "tb_sysctl_check: * is any interface");
	tap_is_int(tb_sysctl_check("net.ipv4.neigh.ucast_solicit"), -ENOENT,
		   "tb_sysctl_check: but it stands for one component");
	tap_is_int(tb_sysctl_check("net.netfilter.nf_conntrack_max"), 0,
		   "tb_sysctl_check: other trees are the kernel's to judge");
	tap_is_int(tb_sysctl_check("net..sctp"), -EINVAL,
		   "tb_sysctl_check: a bad key");
}

static void test_netem_merge(void)
{
	const struct tb_step *st;
	struct tb_script *s;

	tap_diag("language: netem changes what it names, per end");
	s = parses(TOPO "netem a delay=50ms\n"
		   "netem a loss=10%\n"
		   "netem a dir=client->server off\n"
		   "netem a dir=server->client jitter=5ms\n"
		   "netem a dir=server->client delay=0ms jitter=0ms\n"
		   "netem b dir=client->server delay=10ms limit=50\n"
		   "netem b dir=client->server loss=0% delay=0ms\n",
		   "netem steps");
	if (s == NULL)
		return;
	st = only_step(s, 5, TB_VERB_NETEM);
	tap_ok(st != NULL && st->u.netem.set[0] && st->u.netem.set[1] &&
		       st->u.netem.netem[0].delay_us == 50000 &&
		       st->u.netem.netem[0].loss == 10 &&
		       st->u.netem.netem[1].delay_us == 50000 &&
		       st->u.netem.netem[1].loss == 10,
	       "loss= added to the delay already there, on both ends");
	st = only_step(s, 6, TB_VERB_NETEM);
	tap_ok(st != NULL && st->u.netem.off && st->u.netem.set[0] &&
		       !st->u.netem.set[1] &&
		       st->u.netem.netem[0].delay_us == 0 &&
		       st->u.netem.netem[0].loss == 0,
	       "off on one end clears that end only");
	st = only_step(s, 7, TB_VERB_NETEM);
	tap_ok(st != NULL && !st->u.netem.set[0] && st->u.netem.set[1] &&
		       st->u.netem.netem[1].jitter_us == 5000 &&
		       st->u.netem.netem[1].delay_us == 50000 &&
		       st->u.netem.netem[1].loss == 10,
	       "jitter= joins the delay and loss the end has");
	st = only_step(s, 8, TB_VERB_NETEM);
	tap_ok(st != NULL && !st->u.netem.set[0] && st->u.netem.set[1] &&
		       st->u.netem.netem[1].delay_us == 0 &&
		       st->u.netem.netem[1].loss == 10,
	       "delay=0ms removes the delay and keeps the loss");
	st = only_step(s, 10, TB_VERB_NETEM);
	tap_ok(st != NULL && st->u.netem.netem[0].delay_us == 0 &&
		       st->u.netem.netem[0].loss == 0 &&
		       st->u.netem.netem[0].limit == 0,
	       "every parameter back to 0: no netem (and no limit) left");
	tb_script_free(s);
	refused(TOPO "netem a delay=5ms\nnetem a dir=client->server off\n"
		"netem a jitter=1ms\n",
		"t.scn:7: jitter= needs a delay (delay= here or above)");
	refused(TOPO "netem a delay=20ms jitter=5ms\nnetem a delay=0ms\n",
		"t.scn:6: delay=0ms leaves the jitter set above without a "
		"delay: take it out too (jitter=0ms)");
	tb_script_free(parses(TOPO "netem a delay=20ms jitter=5ms\n"
			      "netem a delay=0ms jitter=0ms\n",
			      "delay=0ms jitter=0ms takes both out"));
	refused(TOPO "netem a limit=10\n",
		"t.scn:5: limit= alone impairs nothing: give loss=, delay= or "
		"jitter= (here or above)");
}

static void test_path_expect(void)
{
	const struct tb_step_expect *ex;
	const struct tb_step *st;
	struct tb_script *s;

	tap_diag("language: expect path NAME carries");
	s = parses(TOPO AGENTS
		   "expect path a dir=client->server carries min=100pkt within=2s\n"
		   "expect path b carries max=1500B for=5s\n"
		   "expect path b dir=server->client carries min=1B max=9B within=1s\n",
		   "path expectations");
	if (s == NULL)
		return;
	st = only_step(s, 6, TB_VERB_EXPECT);
	ex = st ? &st->u.expect : NULL;
	tap_ok(ex != NULL && ex->kind == TB_EXPECT_PATH && ex->agent == -1 &&
		       ex->path == 0 && ex->path_from == 0 && ex->min == 100 &&
		       ex->max == -1 && !ex->path_bytes &&
		       ex->within_us == 2000000 && ex->hold_us == 0,
	       "min=100pkt within=2s, one direction");
	st = only_step(s, 7, TB_VERB_EXPECT);
	ex = st ? &st->u.expect : NULL;
	tap_ok(ex != NULL && ex->path == 1 && ex->path_from == -1 &&
		       ex->max == 1500 && ex->path_bytes &&
		       ex->hold_us == 5000000 && ex->within_us == 0,
	       "max=1500B for=5s, both directions");
	st = only_step(s, 8, TB_VERB_EXPECT);
	tap_ok(st != NULL && st->u.expect.path_from == 1 &&
		       st->u.expect.min == 1 && st->u.expect.max == 9,
	       "min= and max= together");
	tap_is_int(tb_script_nexpects(s), 3, "three expectations");
	tb_script_free(s);
	refused(TOPO AGENTS "expect path a carries min=100 within=1s\n",
		"t.scn:7: min=100 needs a unit: pkt (packets) or B (bytes)");
	refused(TOPO AGENTS "expect path a carries min=1pkt max=9B within=1s\n",
		"t.scn:7: min= and max= count the same unit (pkt or B)");
	refused(TOPO AGENTS "expect path a carries min=1pkt for=1s\n",
		"t.scn:7: for= checks an upper bound (max=): at least min= is "
		"a within= expectation");
	refused(TOPO AGENTS "expect path a carries within=1s\n",
		"t.scn:7: carries needs min= or max=");
	refused(TOPO AGENTS "expect path c carries min=1pkt within=1s\n",
		"t.scn:7: path 'c' is not declared");
	refused(TOPO AGENTS "expect path a min=1pkt within=1s\n",
		"t.scn:7: usage: expect path NAME carries [dir=HOST->HOST] "
		"min=N|max=N (pkt or B) within=T|for=T");
	refused(TOPO AGENTS "expect path a carries min=9pkt max=1pkt within=1s\n",
		"t.scn:7: min= is more than max=");
	refused(TOPO AGENTS "expect path a dir=cli->srv carries min=1pkt within=1s\n",
		"t.scn:7: host 'cli' is not declared");
}

static void test_timing(void)
{
	const struct tb_step *st;
	struct tb_script *s;

	tap_diag("language: for=, not, after=");
	s = parses(TOPO AGENTS
		   "expect cli peer-info address=server@a state=SCTP_ACTIVE for=5s\n"
		   "expect cli not notification=SCTP_PEER_ADDR_CHANGE state=SCTP_ADDR_POTENTIALLY_FAILED for=3s\n"
		   "expect cli snmp=SctpT3RtxExpireds max=0 for=2s\n"
		   "expect cli notification=SCTP_PEER_ADDR_CHANGE after=2s within=10s\n"
		   "expect srv event=connection after=previous within=1s\n",
		   "hold, negation and lower bounds");
	if (s == NULL)
		return;
	st = only_step(s, 6, TB_VERB_EXPECT);
	tap_ok(st != NULL && st->u.expect.hold_us == 5000000 &&
		       !st->u.expect.negate && st->u.expect.within_us == 0,
	       "peer-info for=5s");
	st = only_step(s, 7, TB_VERB_EXPECT);
	tap_ok(st != NULL && st->u.expect.negate &&
		       st->u.expect.kind == TB_EXPECT_NOTIFICATION &&
		       strcmp(st->u.expect.state,
			      "SCTP_ADDR_POTENTIALLY_FAILED") == 0 &&
		       st->u.expect.hold_us == 3000000,
	       "not notification=... for=3s");
	st = only_step(s, 8, TB_VERB_EXPECT);
	tap_ok(st != NULL && st->u.expect.kind == TB_EXPECT_SNMP &&
		       st->u.expect.max == 0 && st->u.expect.hold_us == 2000000,
	       "snmp max=0 for=2s");
	st = only_step(s, 9, TB_VERB_EXPECT);
	tap_ok(st != NULL && st->u.expect.after_us == 2000000 &&
		       !st->u.expect.after_previous,
	       "after=2s");
	st = only_step(s, 10, TB_VERB_EXPECT);
	tap_ok(st != NULL && st->u.expect.after_previous &&
		       st->u.expect.after_us == 0,
	       "after=previous");
	tb_script_free(s);
	refused(TOPO AGENTS "expect cli event=connect within=1s for=1s\n",
		"t.scn:7: within= and for= do not go together: within= waits "
		"until it is met, for= checks that it holds");
	refused(TOPO AGENTS "expect cli event=connect for=1s\n",
		"t.scn:7: for= is for peer-info, snmp= max=, path carries max= "
		"and not ...");
	refused(TOPO AGENTS "expect cli not event=connect within=1s\n",
		"t.scn:7: not needs for=DURATION: the interval in which it must "
		"not happen");
	refused(TOPO AGENTS "expect cli not peer-info address=server@a "
		"state=SCTP_PF for=1s\n",
		"t.scn:7: not is for event=, notification=, error= and output~=");
	refused(TOPO AGENTS "expect cli event=connect after=1s for=1s\n",
		"t.scn:7: after= is for within=, not for=");
	refused(TOPO AGENTS "expect cli event=connect after=previous within=2s\n",
		"t.scn:7: after=previous: there is no expectation above this "
		"one to follow");
	/* after= counts from the step, within= from when the expectation is
	 * reached: after a client that waits for its server, after= may be
	 * past within= (test_can_happen.c). */
	tb_script_free(parses(TOPO AGENTS "expect cli event=connect after=2s "
			      "within=2s\n", "after=2s within=2s after a "
			      "connecting agent"));
	refused(TOPO AGENTS "netem a loss=1%\n"
		"expect cli event=close after=3s within=2s\n",
		"t.scn:8: after=3s is not less than within=2s, and this "
		"expectation is reached as line 7's step ends (after= counts "
		"from the step, within= from when the expectation is reached)");
	refused(TOPO AGENTS "expect cli event=connect for=0s\n",
		"t.scn:7: for=0s: the interval must be more than 0");
	refused(TOPO AGENTS "expect cli snmp=SctpT3RtxExpireds min=1 for=1s\n",
		"t.scn:7: for= checks an upper bound: snmp= max=N only");
	refused(TOPO AGENTS "expect cli snmp=SctpNoSuchThing min=1 within=1s\n",
		"t.scn:7: snmp=SctpNoSuchThing is not a counter of "
		"/proc/net/sctp/snmp (e.g. SctpInCtrlChunks)");
}

static void test_agent_opts(void)
{
	const struct tb_script_agent *a;
	const char *json = NULL;
	struct tb_script *s;

	tap_diag("language: an agent's socket options");
	s = parses(TOPO
		   "agent srv on server listen port=5000 rtoMin=200ms rtoMax=1s "
		   "receiveBufferSize=65536 noDelay=no\n"
		   "agent cli on client connect to=srv heartbeat=yes "
		   "heartbeatInterval=1.5s pathMaxRetransmits=3 pfThreshold=1 "
		   "switchoverThreshold=2 rtoInitial=1s maxRetransmits=8 "
		   "exposePotentiallyFailed=yes sendBufferSize=1000000\n",
		   "every option");
	if (s == NULL)
		return;
	a = tb_script_agent(s, 0);
	tap_ok(a->opts.n == 4 && opt_value(&a->opts, "rtoMin", &json) == 200 &&
		       strcmp(json, "sctp.rto.min") == 0 &&
		       opt_value(&a->opts, "rtoMax", NULL) == 1000 &&
		       opt_value(&a->opts, "receiveBufferSize", NULL) == 65536 &&
		       opt_value(&a->opts, "noDelay", NULL) == 0,
	       "listen: durations in ms, sizes, yes/no");
	a = tb_script_agent(s, 1);
	tap_ok(a->opts.n == 9 &&
		       opt_value(&a->opts, "heartbeatInterval", &json) == 1500 &&
		       strcmp(json, "sctp.paths.heartbeatInterval") == 0 &&
		       opt_value(&a->opts, "pathMaxRetransmits", &json) == 3 &&
		       strcmp(json, "sctp.paths.maxRetransmits") == 0 &&
		       opt_value(&a->opts, "heartbeat", NULL) == 1 &&
		       opt_value(&a->opts, "exposePotentiallyFailed", NULL) == 1 &&
		       opt_value(&a->opts, "maxRetransmits", &json) == 8 &&
		       strcmp(json, "sctp.maxRetransmits") == 0,
	       "connect: path parameters, association options");
	tb_script_free(s);
	refused(TOPO "agent srv on server listen port=1 rtoMin=2s rtoMax=1s\n",
		"t.scn:5: rtoMin=2000ms is more than rtoMax=1000ms");
	refused(TOPO "agent srv on server listen port=1 heartbeatInterval=1500us\n",
		"t.scn:5: heartbeatInterval=1500us: whole milliseconds");
	refused(TOPO "agent srv on server listen port=1 pfThreshold=70000\n",
		"t.scn:5: pfThreshold=70000 is out of range (0-65535)");
	refused(TOPO "agent srv on server listen port=1 noDelay=1\n",
		"t.scn:5: noDelay=1 is not yes or no");
	refused(TOPO "agent srv on server listen port=1 rtoMin=0ms\n",
		"t.scn:5: rtoMin=0ms is out of range (1ms-2147483647ms)");
	s = parses(TOPO "agent srv on server listen port=5000 sack=40ms "
		   "sackFreq=4 highWaterMark=65536\n",
		   "sackFreq= beside a SACK delay, highWaterMark=");
	if (s != NULL) {
		a = tb_script_agent(s, 0);
		tap_ok(opt_value(&a->opts, "sackFreq", &json) == 4 &&
			       strcmp(json, "sctp.sack.freq") == 0 &&
			       a->sack_set && a->sack_delay_us == 40000 &&
			       opt_value(&a->opts, "highWaterMark", &json) ==
				       65536 &&
			       strcmp(json, "highWaterMark") == 0,
		       "sctp.sack.freq and highWaterMark, the delay apart");
		tb_script_free(s);
	}
	refused(TOPO "agent srv on server listen port=1 sack=off sackFreq=2\n",
		"t.scn:5: sackFreq=2 with sack=off: sack=off is a SACK for "
		"every packet (sackFreq=1)");
	refused(TOPO "agent srv on server listen port=1 sackFreq=0\n",
		"t.scn:5: sackFreq=0 is out of range (1-65535)");
}

static void test_calls(void)
{
	const struct tb_step_call *c;
	const struct tb_step *st;
	struct tb_script *s;

	tap_diag("language: call AGENT METHOD ...");
	s = parses(TOPO AGENTS
		   "call cli setPathParams server@b pfThreshold=1 heartbeat=no\n"
		   "call cli setPathParams heartbeatInterval=2s\n"
		   "call srv setRto min=100ms max=2s\n"
		   "call cli setMaxRetransmits 4\n"
		   "call cli setExposePotentiallyFailed yes\n"
		   "call srv setNoDelay no\n"
		   "call cli setPrimaryAddress 10.2.0.2\n",
		   "every method");
	if (s == NULL)
		return;
	st = only_step(s, 6, TB_VERB_CALL);
	c = st ? &st->u.call : NULL;
	tap_ok(c != NULL && c->method == TB_CALL_PATH_PARAMS && c->has_address &&
		       c->opts.n == 2 && opt_value(&c->opts, "pfThreshold", NULL) == 1 &&
		       opt_value(&c->opts, "heartbeat", NULL) == 0,
	       "setPathParams ADDRESS key=value...");
	st = only_step(s, 7, TB_VERB_CALL);
	tap_ok(st != NULL && !st->u.call.has_address &&
		       opt_value(&st->u.call.opts, "heartbeatInterval", NULL) == 2000,
	       "setPathParams without an address: every path");
	st = only_step(s, 8, TB_VERB_CALL);
	tap_ok(st != NULL && st->u.call.method == TB_CALL_RTO &&
		       opt_value(&st->u.call.opts, "min", NULL) == 100 &&
		       opt_value(&st->u.call.opts, "max", NULL) == 2000,
	       "setRto min= max=");
	st = only_step(s, 9, TB_VERB_CALL);
	tap_ok(st != NULL && st->u.call.value == 4, "setMaxRetransmits 4");
	st = only_step(s, 10, TB_VERB_CALL);
	tap_ok(st != NULL && st->u.call.value == 1 &&
		       strcmp(tb_call_name(st->u.call.method),
			      "setExposePotentiallyFailed") == 0,
	       "setExposePotentiallyFailed yes");
	st = only_step(s, 11, TB_VERB_CALL);
	tap_ok(st != NULL && st->u.call.value == 0, "setNoDelay no");
	st = only_step(s, 12, TB_VERB_CALL);
	tap_ok(st != NULL && st->u.call.has_address &&
		       addr_is(&st->u.call.address.addr, "10.2.0.2/32"),
	       "a literal address on a path");
	tb_script_free(s);
	refused(TOPO AGENTS "call cli setPrimaryAddress client@a\n",
		"t.scn:7: setPrimaryAddress: client@a is client's address, not "
		"server's (a peer's address)");
	refused(TOPO AGENTS "call cli removeLocalAddress server@b\n",
		"t.scn:7: removeLocalAddress: server@b is server's address, not "
		"client's (one of the agent's own)");
	refused(TOPO AGENTS "call cli setPrimaryAddress 10.9.0.2\n",
		"t.scn:7: setPrimaryAddress: address 10.9.0.2 is on no path here");
	refused(TOPO AGENTS "call srv setRto min=2s max=1s\n",
		"t.scn:7: min=2000ms is more than max=1000ms");
	refused(TOPO AGENTS "call srv setRto\n",
		"t.scn:7: setRto needs initial=, min= or max=");
	refused(TOPO AGENTS "call cli setPathParams server@a\n",
		"t.scn:7: setPathParams needs a parameter");
	refused(TOPO AGENTS "call cli setPathParams server@a rto=1s\n",
		"t.scn:7: unknown key 'rto' for call (heartbeat, "
		"heartbeatInterval, maxRetransmits, pfThreshold, "
		"switchoverThreshold)");
	refused(TOPO AGENTS "call cli setMaxRetransmits 0\n",
		"t.scn:7: setMaxRetransmits=0 is out of range (1-65535)");
	refused(TOPO AGENTS "call cli setNoDelay maybe\n",
		"t.scn:7: setNoDelay=maybe is not yes or no");
}

static void test_streams(void)
{
	tap_diag("language: send streams= against what the association has");
	refused(TOPO "agent srv on server listen port=5000\n"
		"agent cli on client connect to=srv\n"
		"send cli count=1 size=12 streams=20\n",
		"t.scn:7: streams=20 is more than cli's outbound streams (10, "
		"Linux's default: give it OS=)");
	refused(TOPO "agent srv on server listen port=5000 MIS=4\n"
		"agent cli on client connect to=srv OS=8\n"
		"send cli count=1 size=12 streams=5\n",
		"t.scn:7: streams=5 is more than srv's MIS=4 (the association "
		"has no more)");
	refused(TOPO "agent srv on server listen port=5000 OS=20\n"
		"agent cli on client connect to=srv MIS=3\n"
		"send srv count=1 size=12 streams=4\n",
		"t.scn:7: streams=4 is more than cli's MIS=3 (the association "
		"has no more)");
	tb_script_free(parses(TOPO "agent srv on server listen port=5000\n"
			      "agent cli on client connect to=srv OS=20\n"
			      "send cli count=1 size=12 streams=20\n",
			      "OS=20 and the peer's default MIS: 20 streams"));
}

static void test_exec(void)
{
	const struct tb_script_agent *a;
	const struct tb_step *st;
	struct tb_script *s;

	tap_diag("language: agent ... exec, exit=, output~=");
	s = parses(TOPO "agent app on server exec ./app.js --port=3868 -v x=y\n"
		   "agent tool on client exec sctp_test\n"
		   "expect app output~=^listening.on[[:space:]]3868$ within=5s\n"
		   "expect app not output~=ERROR for=2s\n"
		   "kill app\n"
		   "expect app exit=SIGKILL within=2s\n"
		   "expect tool exit=3 within=2s after=previous\n",
		   "programs and their expectations");
	if (s == NULL)
		return;
	a = tb_script_agent(s, 0);
	tap_ok(a->role == TB_AGENT_EXEC && a->nargs == 4 &&
		       strcmp(a->args[0], "./app.js") == 0 &&
		       strcmp(a->args[1], "--port=3868") == 0 &&
		       strcmp(a->args[3], "x=y") == 0,
	       "exec: argv as written, '=' and all");
	a = tb_script_agent(s, 1);
	tap_ok(a->nargs == 1 && strcmp(a->args[0], "sctp_test") == 0,
	       "exec: a program on PATH");
	st = only_step(s, 6, TB_VERB_EXPECT);
	tap_ok(st != NULL && st->u.expect.kind == TB_EXPECT_OUTPUT &&
		       strcmp(st->u.expect.name,
			      "^listening.on[[:space:]]3868$") == 0,
	       "output~=REGEX");
	st = only_step(s, 7, TB_VERB_EXPECT);
	tap_ok(st != NULL && st->u.expect.negate &&
		       st->u.expect.kind == TB_EXPECT_OUTPUT,
	       "not output~= for=");
	st = only_step(s, 9, TB_VERB_EXPECT);
	tap_ok(st != NULL && st->u.expect.kind == TB_EXPECT_EXIT &&
		       st->u.expect.exit_signal == 9,
	       "exit=SIGKILL");
	st = only_step(s, 10, TB_VERB_EXPECT);
	tap_ok(st != NULL && st->u.expect.exit_code == 3 &&
		       !st->u.expect.exit_signal,
	       "exit=3");
	tb_script_free(s);
	refused(TOPO "agent app on server exec\n",
		"t.scn:5: usage: agent NAME on HOST exec PROGRAM [ARGUMENT...]");
	refused(TOPO "agent app on server exec ./a\nsend app count=1 size=12\n",
		"t.scn:6: agent 'app' is a program (exec): it sends what it "
		"sends");
	refused(TOPO "agent app on server exec ./a\nclose app\n",
		"t.scn:6: agent 'app' is a program (exec): kill it, or let it "
		"end");
	refused(TOPO "agent app on server exec ./a\n"
		"call app setNoDelay yes\n",
		"t.scn:6: agent 'app' is a program (exec): its socket is its "
		"own");
	refused(TOPO "agent app on server exec ./a\n"
		"agent cli on client connect to=app port=1\n",
		"t.scn:6: agent 'app' is not a listening agent");
	refused(TOPO "agent app on server exec ./a\n"
		"expect app output=x within=1s\n",
		"t.scn:6: output takes '~=' (output~=REGEX: a line that "
		"matches)");
	refused(TOPO "agent app on server exec ./a\n"
		"expect app output~=a( within=1s\n",
		"t.scn:6: output~=a( is not a regular expression: "
		"Unmatched ( or \\\\(");
	refused(TOPO "agent app on server exec ./a\n"
		"expect app exit=256 within=1s\n",
		"t.scn:6: exit=256 is out of range (0-255)");
	refused(TOPO "agent app on server exec ./a\n"
		"expect app exit=SIGFOO within=1s\n",
		"t.scn:6: exit=SIGFOO is not a signal this knows (SIGHUP, "
		"SIGINT, SIGQUIT, SIGABRT, SIGKILL, SIGSEGV, SIGPIPE, SIGTERM, "
		"SIGUSR1, SIGUSR2)");
}

static void test_observed(void)
{
	const struct tb_step *st;
	struct tb_script *s;

	tap_diag("language: a program's own reports, messages, associations");
	s = parses(TOPO "agent app on server exec ./app.js\n"
		   "expect app app=answered id=17 path=b within=5s\n"
		   "expect app received sid=1 ppid=46 min=10 within=5s\n"
		   "expect app sent count=3 bytes=300 within=5s\n"
		   "expect app event=connect assoc=2 within=5s\n",
		   "app=, received, sent, assoc=");
	if (s == NULL)
		return;
	st = only_step(s, 5, TB_VERB_EXPECT);
	tap_ok(st != NULL && st->u.expect.kind == TB_EXPECT_APP &&
		       strcmp(st->u.expect.name, "answered") == 0 &&
		       st->u.expect.nfields == 2 &&
		       strcmp(st->u.expect.fkey[0], "id") == 0 &&
		       strcmp(st->u.expect.fval[0], "17") == 0 &&
		       strcmp(st->u.expect.fkey[1], "path") == 0,
	       "app=answered with two fields");
	st = only_step(s, 6, TB_VERB_EXPECT);
	tap_ok(st != NULL && st->u.expect.kind == TB_EXPECT_MESSAGES &&
		       !st->u.expect.sent && st->u.expect.sid == 1 &&
		       st->u.expect.ppid == 46 && st->u.expect.min_count == 10 &&
		       st->u.expect.count == -1,
	       "received sid= ppid= min=, a program's");
	st = only_step(s, 7, TB_VERB_EXPECT);
	tap_ok(st != NULL && st->u.expect.sent && st->u.expect.sid == -1 &&
		       st->u.expect.count == 3 && st->u.expect.bytes == 300,
	       "sent count= bytes=");
	st = only_step(s, 8, TB_VERB_EXPECT);
	tap_ok(st != NULL && st->u.expect.assoc == 2, "assoc=2");
	tb_script_free(s);
	refused(TOPO AGENTS "expect cli event=connect assoc=1 within=1s\n",
		"t.scn:7: assoc= is for a program (exec), which may have several "
		"associations");
	refused(TOPO AGENTS "expect cli sent count=1 within=1s\n",
		"t.scn:7: sent is for a program (exec); the testbed's agents: "
		"received from=");
	refused(TOPO "agent app on server exec ./a\n"
		"expect app received in-order=per-stream count=1 within=1s\n",
		"t.scn:6: in-order= needs the testbed's own messages (send "
		"steps); a program (exec) is counted by stream and PPID only");
	refused(TOPO "agent app on server exec ./a\n"
		"expect app received sid=1 within=1s\n",
		"t.scn:6: received needs count=, min= or bytes=");
	refused(TOPO "agent app on server exec ./a\n"
		"expect app received sid=70000 count=1 within=1s\n",
		"t.scn:6: sid=70000 is out of range (0-65535)");
	refused(TOPO "agent app on server exec ./a\n"
		"expect app app=x id~=1 within=1s\n",
		"t.scn:6: app fields take '=' (id=VALUE)");
}

void test_language(void)
{
	test_observed();
	test_exec();
	test_streams();
	test_host_lists();
	test_netem_merge();
	test_path_expect();
	test_timing();
	test_agent_opts();
	test_calls();
}
