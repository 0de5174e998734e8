/* test_expect.c - the expectation matcher, fed made-up agent reports. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "expect.h"
#include "script.h"
#include "unit.h"

#define SCRIPT                                                               \
	"host client\n"                                                      \
	"host server\n"                                                      \
	"path a client=10.1.0.1/24,fd00:a::1/64 server=10.1.0.2/24,fd00:a::2/64\n" \
	"path b client=10.2.0.1/24 server=10.2.0.2/24\n"                    \
	"agent srv on server listen port=5000 MIS=4 OS=10\n"                 \
	"agent cli on client connect to=srv OS=6\n"                          \
	/* steps 6.. : expectations, one per line (line = index + 1) */      \
	"expect cli event=connect within=1s\n"                               \
	"expect cli notification=SCTP_PEER_ADDR_CHANGE state=SCTP_ADDR_UNREACHABLE address=server@a within=1s\n" \
	"expect cli peer-info address=server@a/v6 state=SCTP_ACTIVE within=1s\n" \
	"expect cli address-change remoteAddresses=server@a,server@b remoteAddress=server@b within=1s\n" \
	"expect cli address-change remoteAddresses!~=10.2.0.2 within=1s\n"   \
	"expect srv received from=cli count=3 bytes=36 in-order=per-stream duplicates=0 lost=0 within=1s\n" \
	"expect cli error=ECONNRESET within=1s\n"                            \
	"expect cli streams outbound=4 inbound=10 within=1s\n"               \
	"expect cli addresses localAddresses~=client@b within=1s\n"         \
	"expect cli snmp=SctpInCtrlChunks min=90 max=120 within=1s\n"     \
	"expect srv received from=cli count=3 reordered=yes within=1s\n"   \
	"expect cli exit=3 within=1s\n"                                     \
	"expect cli exit=SIGKILL within=1s\n"                               \
	"agent app on server exec ./app.js\n"                               \
	"expect app output~=^listening[[:space:]]on within=1s\n"            \
	"expect app app=answered id=17 ok=true within=1s\n"                 \
	"expect app received ppid=46 count=3 within=1s\n"                   \
	"expect app sent sid=0 min=1 within=1s\n"                           \
	"expect app event=close assoc=2 within=1s\n"                         \
	"expect app app=timed ms=1234.5678 n=1.7e1 within=1s\n"             \
	"expect app app=timed ms=1234.57 within=1s\n"                       \
	"expect app app=timed n=17x within=1s\n"

static struct tb_script *script;
static struct tb_reports reports[3];	/* 0 srv, 1 cli, 2 app */

static const struct tb_step_expect *exp_at(unsigned int line)
{
	unsigned int i;

	for (i = 0; i < tb_script_nsteps(script); i++) {
		const struct tb_step *st = tb_script_step(script, i);

		if (st->line == line && st->verb == TB_VERB_EXPECT)
			return &st->u.expect;
	}
	return NULL;
}

static void add(int agent, const char *json)
{
	json_error_t jerr;
	json_t *o = json_loads(json, 0, &jerr);

	if (!tap_ok(o != NULL, "report parses: %s", json))
		return;
	tap_is_int(tb_reports_add(&reports[agent], o), 0, "report added");
}

/* Check line's expectation against the reports since `since`. */
static int check(unsigned int line, double since, double *at, char *obs,
		 size_t len)
{
	const struct tb_step_expect *e = exp_at(line);

	if (e == NULL)
		return -100;
	return tb_expect_check(script, e, reports, since, at, obs, len);
}

static void test_refs(void)
{
	struct tb_addr_ref ref;
	char buf[64];

	memset(&ref, 0, sizeof(ref));
	tb_prefix_parse("10.1.0.2", &ref.addr);
	tap_ok(tb_ref_matches(&ref, "10.1.0.2"), "an IPv4 address matches");
	tap_ok(tb_ref_matches(&ref, "::ffff:10.1.0.2"),
	       "its IPv4-mapped form matches");
	tap_ok(!tb_ref_matches(&ref, "10.1.0.20"), "another one does not");
	tap_ok(!tb_ref_matches(&ref, "10.1.0.2/24"), "a prefix is not an address");
	tap_ok(!tb_ref_matches(&ref, NULL), "nothing does not match");
	tb_prefix_parse("fd00:a::2", &ref.addr);
	tap_ok(tb_ref_matches(&ref, "fd00:a:0:0::2"),
	       "IPv6 compares as binary, not text");
	tb_ref_format(&ref, buf, sizeof(buf));
	tap_is_str(buf, "fd00:a::2", "a reference formats as its address");
}

static void test_events(void)
{
	char obs[512];
	double at = -1;

	tap_is_int(check(7, 0, &at, obs, sizeof(obs)), 0,
		   "no report: event=connect not met");
	tap_ok(strstr(obs, "no event report") != NULL,
	       "observed says nothing came: %s", obs);
	add(1, "{\"t\":100,\"ev\":\"connect\",\"localAddresses\":[\"10.1.0.1\"],"
	       "\"remoteAddresses\":[\"10.1.0.2\",\"fd00:a::2\",\"10.2.0.2\"],"
	       "\"remoteAddress\":\"10.1.0.2\",\"outboundStreams\":4,"
	       "\"inboundStreams\":10}");
	tap_is_int(check(7, 50, &at, obs, sizeof(obs)), 1,
		   "event=connect met by a report after the step");
	tap_ok(at == 100, "at the report's time");
	tap_is_int(check(7, 150, &at, obs, sizeof(obs)), 0,
		   "but not by one before the step began");
	tap_is_int(check(14, 0, &at, obs, sizeof(obs)), 1,
		   "streams outbound=4 inbound=10 met by the connect report");
	tap_is_int(check(15, 0, &at, obs, sizeof(obs)), 0,
		   "addresses localAddresses~=client@b: not there");
	tap_ok(strstr(obs, "local=[10.1.0.1]") != NULL,
	       "observed shows the addresses: %s", obs);

	add(1, "{\"t\":200,\"ev\":\"notification\",\"type\":\"SCTP_PEER_ADDR_CHANGE\","
	       "\"state\":\"SCTP_ADDR_AVAILABLE\",\"address\":\"10.1.0.2\"}");
	tap_is_int(check(8, 0, &at, obs, sizeof(obs)), 0,
		   "a notification with another state does not meet it");
	tap_ok(strstr(obs, "SCTP_ADDR_AVAILABLE 10.1.0.2") != NULL,
	       "observed lists it: %s", obs);
	add(1, "{\"t\":300,\"ev\":\"notification\",\"type\":\"SCTP_PEER_ADDR_CHANGE\","
	       "\"state\":\"SCTP_ADDR_UNREACHABLE\",\"address\":\"10.2.0.2\"}");
	tap_is_int(check(8, 0, &at, obs, sizeof(obs)), 0,
		   "nor one for another address");
	add(1, "{\"t\":400,\"ev\":\"notification\",\"type\":\"SCTP_PEER_ADDR_CHANGE\","
	       "\"state\":\"SCTP_ADDR_UNREACHABLE\",\"address\":\"10.1.0.2\"}");
	tap_is_int(check(8, 0, &at, obs, sizeof(obs)), 1,
		   "type, state and address: met");
	tap_ok(at == 400, "at 400 ms");

	add(1, "{\"t\":500,\"ev\":\"error\",\"code\":\"ETIMEDOUT\",\"message\":\"x\"}");
	tap_is_int(check(13, 0, &at, obs, sizeof(obs)), 0,
		   "error=ECONNRESET: another code does not count");
	tap_ok(strstr(obs, "ETIMEDOUT") != NULL, "observed names it: %s", obs);
	add(1, "{\"t\":510,\"ev\":\"error\",\"code\":\"ECONNRESET\",\"message\":\"x\"}");
	tap_is_int(check(13, 0, &at, obs, sizeof(obs)), 1, "error=ECONNRESET met");
}

static void test_address_change(void)
{
	char obs[512];
	double at;

	tap_is_int(check(10, 0, &at, obs, sizeof(obs)), 0,
		   "address-change: a connect report is no address change");
	add(1, "{\"t\":600,\"ev\":\"address-change\",\"localAddresses\":[\"10.1.0.1\"],"
	       "\"remoteAddresses\":[\"10.1.0.2\",\"fd00:a::2\",\"10.2.0.2\"],"
	       "\"remoteAddress\":\"10.1.0.2\"}");
	tap_is_int(check(10, 0, &at, obs, sizeof(obs)), 0,
		   "remoteAddresses= wants this set exactly (no fd00:a::2), "
		   "and the primary");
	add(1, "{\"t\":700,\"ev\":\"address-change\",\"localAddresses\":[\"10.1.0.1\"],"
	       "\"remoteAddresses\":[\"10.2.0.2\",\"10.1.0.2\"],"
	       "\"remoteAddress\":\"10.2.0.2\"}");
	tap_is_int(check(10, 0, &at, obs, sizeof(obs)), 1,
		   "the same set in another order, and the new primary: met");
	tap_is_int(check(11, 0, &at, obs, sizeof(obs)), 0,
		   "!~= 10.2.0.2: not while it is there");
	add(1, "{\"t\":800,\"ev\":\"address-change\",\"localAddresses\":[\"10.1.0.1\"],"
	       "\"remoteAddresses\":[\"10.1.0.2\"],\"remoteAddress\":\"10.1.0.2\"}");
	tap_is_int(check(11, 0, &at, obs, sizeof(obs)), 1, "!~= met once it is gone");
	tap_ok(at == 800, "at 800 ms");
}

static void test_peer_info(void)
{
	char obs[512];
	double at;

	tap_is_int(check(9, 0, &at, obs, sizeof(obs)), 0, "peer-info: no report");
	tap_is_str(obs, "no peer-info report", "observed says so");
	add(1, "{\"t\":900,\"ev\":\"peer-info\",\"paths\":{\"10.1.0.2\":{\"state\":\"SCTP_ACTIVE\"},"
	       "\"fd00:a::2\":{\"state\":\"SCTP_UNCONFIRMED\"}}}");
	tap_is_int(check(9, 0, &at, obs, sizeof(obs)), 0,
		   "server@a/v6 is still unconfirmed");
	tap_ok(strstr(obs, "fd00:a::2 is SCTP_UNCONFIRMED") != NULL,
	       "observed gives its state: %s", obs);
	add(1, "{\"t\":1000,\"ev\":\"peer-info\",\"paths\":{\"10.1.0.2\":{\"state\":\"SCTP_ACTIVE\"},"
	       "\"fd00:a::2\":{\"state\":\"SCTP_ACTIVE\"}}}");
	add(1, "{\"t\":1100,\"ev\":\"peer-info\",\"paths\":{\"10.1.0.2\":{\"state\":\"SCTP_ACTIVE\"},"
	       "\"fd00:a::2\":{\"state\":\"SCTP_ACTIVE\"}}}");
	tap_is_int(check(9, 0, &at, obs, sizeof(obs)), 1, "active: met");
	tap_ok(at == 1000, "since the report where it became active (%.0f)", at);
	tap_is_int(check(9, 1050, &at, obs, sizeof(obs)), 1,
		   "a state that holds counts after a later step too");
	tap_ok(at == 1050, "from the step on (%.0f)", at);
	add(1, "{\"t\":1200,\"ev\":\"peer-info\",\"paths\":{\"10.1.0.2\":{\"state\":\"SCTP_ACTIVE\"},"
	       "\"fd00:a::2\":{\"state\":\"SCTP_INACTIVE\"}}}");
	tap_is_int(check(9, 0, &at, obs, sizeof(obs)), 0,
		   "it is the latest state that counts");
	add(1, "{\"t\":1300,\"ev\":\"peer-info\",\"paths\":{\"10.1.0.2\":{\"state\":\"SCTP_ACTIVE\"},"
	       "\"fd00:a::2\":{\"state\":\"SCTP_ACTIVE\"}}}");
	tap_is_int(check(9, 0, &at, obs, sizeof(obs)), 1, "active again: met");
	add(1, "{\"t\":1400,\"ev\":\"close\",\"hadError\":false}");
	tap_is_int(check(9, 0, &at, obs, sizeof(obs)), 0,
		   "not once the association has closed (a for= would hold on)");
}

static void test_received(void)
{
	char obs[512];
	double at;

	tap_is_int(check(12, 0, &at, obs, sizeof(obs)), 0, "received: nothing yet");
	tap_is_str(obs, "nothing received from cli", "observed says from whom");
	add(0, "{\"t\":1300,\"ev\":\"rx\",\"from\":1,\"count\":3,\"bytes\":36,"
	       "\"distinct\":3,\"duplicates\":0,\"streamOrderErrors\":0,\"orderErrors\":1}");
	tap_is_int(check(12, 0, &at, obs, sizeof(obs)), 0,
		   "lost= needs the sender's tally");
	add(1, "{\"t\":1310,\"ev\":\"tx\",\"count\":4,\"bytes\":48,\"done\":true,\"failed\":0}");
	tap_is_int(check(12, 0, &at, obs, sizeof(obs)), 0,
		   "4 written, 3 received: one lost");
	tap_ok(strstr(obs, "1 lost") != NULL, "observed counts it: %s", obs);
	add(1, "{\"t\":1320,\"ev\":\"tx\",\"count\":3,\"bytes\":36,\"done\":true,\"failed\":0}");
	tap_is_int(check(12, 0, &at, obs, sizeof(obs)), 1,
		   "count, bytes, per-stream order (the overall order may differ)");
	add(0, "{\"t\":1330,\"ev\":\"rx\",\"from\":1,\"count\":3,\"bytes\":36,"
	       "\"distinct\":3,\"duplicates\":0,\"streamOrderErrors\":2,\"orderErrors\":1}");
	tap_is_int(check(17, 0, &at, obs, sizeof(obs)), 1,
		   "reordered=yes: one message overtook an earlier one");
	tap_is_int(check(12, 0, &at, obs, sizeof(obs)), 0, "a stream out of order fails it");
	tap_ok(strstr(obs, "2 out of order (per stream)") != NULL,
	       "observed: %s", obs);
}

static void test_snmp(void)
{
	char obs[512];
	double at;

	tap_is_int(check(16, 2000, &at, obs, sizeof(obs)), 0, "snmp: no report");
	add(1, "{\"t\":1900,\"ev\":\"snmp\",\"counters\":{\"SctpInCtrlChunks\":10}}");
	tap_is_int(check(16, 2000, &at, obs, sizeof(obs)), 0,
		   "a report from before the step is only the base");
	tap_is_str(obs, "no snmp report since the step", "observed says so");
	add(1, "{\"t\":2500,\"ev\":\"snmp\",\"counters\":{\"SctpInCtrlChunks\":60}}");
	tap_is_int(check(16, 2000, &at, obs, sizeof(obs)), 0, "rose by 50: under min=90");
	tap_is_str(obs, "SctpInCtrlChunks rose by 50 (10 -> 60)", "observed: the rise");
	add(1, "{\"t\":3000,\"ev\":\"snmp\",\"counters\":{\"SctpInCtrlChunks\":110}}");
	tap_is_int(check(16, 2000, &at, obs, sizeof(obs)), 1, "rose by 100: met");
	tap_is_int(check(16, 2600, &at, obs, sizeof(obs)), 0,
		   "from a later step's base (60) it rose by 50 only");
	add(1, "{\"t\":3500,\"ev\":\"snmp\",\"counters\":{\"SctpInCtrlChunks\":200}}");
	tap_is_int(check(16, 2000, &at, obs, sizeof(obs)), 0, "rose by 190: over max=120");
}

static void test_bad(void)
{
	struct tb_reports r;
	json_t *o;

	tb_reports_init(&r);
	o = json_pack("{s:s}", "ev", "connect");
	tap_is_int(tb_reports_add(&r, o), -EINVAL, "a report without t is refused");
	o = json_pack("{s:i}", "t", 1);
	tap_is_int(tb_reports_add(&r, o), -EINVAL, "a report without ev is refused");
	tap_is_int((int)json_array_size(r.events), 0, "neither was kept");
	tb_reports_free(&r);
}

/* A program that has made no report of its own (line 22, 25; its output,
 * exit and counters are the runner's): an unmet expectation says so. */
static void test_silent(void)
{
	char obs[512];
	double at = 0;

	tap_diag("expect: a program that makes no report");
	add(2, "{\"ev\":\"output\",\"stream\":\"stdout\",\"line\":\"hi\",\"t\":1}");
	add(2, "{\"ev\":\"agent-error\",\"message\":\"not json\",\"t\":2}");
	tap_is_int(check(22, 0, &at, obs, sizeof(obs)), 0, "no app report");
	tap_ok(strstr(obs, "; the program has made no valid report on fd 3 "
			   "(LKSCTP_TESTBED_FD)") != NULL,
	       "observed: the program has made none (%s)", obs);
	tap_is_int(check(25, 0, &at, obs, sizeof(obs)), 0, "no close");
	tap_ok(strstr(obs, "the program has made no valid report") != NULL,
	       "observed: said for an event= too (%s)", obs);
	tap_is_int(check(12, 0, &at, obs, sizeof(obs)), 0,
		   "unmet on a testbed agent (srv)");
	tap_ok(strstr(obs, "program") == NULL,
	       "observed: nothing said of a program (%s)", obs);
}

/* A program's reports (lines 22-28): app=, received/sent, assoc=. */
static void test_program(void)
{
	char obs[512];
	double at = 0;

	tap_diag("expect: a program's app=, messages and associations");
	add(2, "{\"ev\":\"app\",\"name\":\"answered\",\"id\":17,\"ok\":false,\"t\":5}");
	tap_is_int(check(22, 0, &at, obs, sizeof(obs)), 0, "ok=true is not false");
	tap_ok(strstr(obs, "app answered id=17 ok=...") != NULL,
	       "observed: the app reports (%s)", obs);
	add(2, "{\"ev\":\"app\",\"name\":\"answered\",\"id\":17,\"ok\":true,\"t\":6}");
	tap_is_int(check(22, 0, &at, obs, sizeof(obs)), 1, "app= with an integer and a boolean");
	add(2, "{\"ev\":\"traffic\",\"assoc\":1,\"rx\":{\"0/46\":{\"count\":2,\"bytes\":20},\"1/0\":{\"count\":5,\"bytes\":5}},\"tx\":{},\"t\":7}");
	tap_is_int(check(23, 0, &at, obs, sizeof(obs)), 0, "2 messages with PPID 46: not 3");
	tap_is_str(obs, "received 2 messages, 20 bytes with PPID 46 (1 association)",
		   "observed: the counts it took");
	add(2, "{\"ev\":\"traffic\",\"assoc\":2,\"rx\":{\"3/46\":{\"count\":1,\"bytes\":10}},\"tx\":{\"0/1\":{\"count\":4,\"bytes\":4}},\"t\":8}");
	tap_is_int(check(23, 0, &at, obs, sizeof(obs)), 1,
		   "added up over the associations' latest counts");
	tap_ok(at == 8, "at the latest count");
	tap_is_int(check(24, 0, &at, obs, sizeof(obs)), 1, "sent on stream 0");
	add(2, "{\"ev\":\"traffic\",\"assoc\":70,\"rx\":{\"0/46\":{\"count\":1,\"bytes\":1}},\"tx\":{},\"t\":8.5}");
	tap_is_int(check(23, 0, &at, obs, sizeof(obs)), 0,
		   "a 70th association counts too (4 messages now)");
	tap_is_str(obs, "received 4 messages, 31 bytes with PPID 46 (3 associations)",
		   "observed: three associations");
	tap_ok(tb_reports_since(&reports[2], "traffic", 8.5) &&
		       !tb_reports_since(&reports[2], "traffic", 8.6) &&
		       !tb_reports_since(&reports[2], "snmp", 0),
	       "tb_reports_since: a kind of report at or after a time");
	add(2, "{\"ev\":\"close\",\"assoc\":1,\"t\":9}");
	tap_is_int(check(25, 0, &at, obs, sizeof(obs)), 0,
		   "assoc=2: the first association's close does not count");
	add(2, "{\"ev\":\"close\",\"assoc\":2,\"t\":10}");
	tap_is_int(check(25, 0, &at, obs, sizeof(obs)), 1, "its own does");
	tap_ok(at == 10, "when");
	tap_is_int(check(22, 100, &at, obs, sizeof(obs)), 0,
		   "no app report since 100 ms");
	tap_ok(strstr(obs, "program") == NULL,
	       "observed: a program that has reported is not silent (%s)", obs);
	/* lines 26-28: numbers compared as numbers */
	add(2, "{\"ev\":\"app\",\"name\":\"timed\",\"ms\":1234.5678,\"n\":17,\"t\":11}");
	tap_is_int(check(26, 0, &at, obs, sizeof(obs)), 1,
		   "ms=1234.5678 and n=1.7e1: numbers, compared as numbers");
	tap_is_int(check(27, 0, &at, obs, sizeof(obs)), 0,
		   "ms=1234.57 is not 1234.5678 (%%g would make them equal)");
	tap_is_int(check(28, 0, &at, obs, sizeof(obs)), 0,
		   "n=17x is no number: 17 is not it");
}

/* exit= and output~= (lines 18, 19, 21), on made-up reports. */
static void test_process(void)
{
	char obs[512];
	double at = 0;

	tap_diag("expect: exit= and output~=");
	tap_is_int(check(18, 0, &at, obs, sizeof(obs)), 0, "no exit yet");
	add(2, "{\"ev\":\"output\",\"stream\":\"stdout\",\"line\":\"starting\",\"t\":10}");
	add(2, "{\"ev\":\"output\",\"stream\":\"stderr\",\"line\":\"listening on 3868\",\"t\":20}");
	tap_is_int(check(21, 0, &at, obs, sizeof(obs)), 1, "output~= a matching line");
	tap_ok(at == 20, "when it was written");
	tap_is_int(check(21, 25, &at, obs, sizeof(obs)), 0,
		   "not one from before the step");
	tap_ok(strstr(obs, "no output report since 25 ms") != NULL,
	       "observed: no output since (%s)", obs);
	add(2, "{\"ev\":\"output\",\"stream\":\"stdout\",\"line\":\"Listening on 1\",\"t\":30}");
	tap_is_int(check(21, 25, &at, obs, sizeof(obs)), 0,
		   "regular expressions are case-sensitive");
	tap_ok(strstr(obs, "output stdout 'Listening on 1' at 30 ms") != NULL,
	       "observed: the lines seen (%s)", obs);
	add(1, "{\"ev\":\"exit\",\"status\":\"exit 3\",\"t\":40}");
	tap_is_int(check(18, 0, &at, obs, sizeof(obs)), 1, "exit=3");
	tap_is_int(check(19, 0, &at, obs, sizeof(obs)), 0, "not exit=SIGKILL");
	tap_ok(strstr(obs, "exit (exit 3) at 40 ms") != NULL,
	       "observed: how it ended (%s)", obs);
}

void test_expect(void)
{
	char err[512];

	if (!tap_is_int(tb_script_parse_string("e.scn", SCRIPT, &script, err,
					       sizeof(err)), 0, "the script parses"))
		tap_diag("%s", err);
	if (script == NULL)
		return;
	tb_reports_init(&reports[0]);
	tb_reports_init(&reports[1]);
	tb_reports_init(&reports[2]);
	test_refs();
	test_events();
	test_address_change();
	test_peer_info();
	test_received();
	test_snmp();
	test_process();
	test_silent();
	test_program();
	test_bad();
	tb_reports_free(&reports[0]);
	tb_reports_free(&reports[1]);
	tb_reports_free(&reports[2]);
	tb_script_free(script);
}
