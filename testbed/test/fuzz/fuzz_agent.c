/* fuzz_agent.c - libFuzzer target: the runner's reader of an agent's
 * output (src/agent.c: tb_agent_feed, tb_agent_parse_line; jansson) and
 * what the runner does with each report (src/expect.c: tb_reports_add,
 * tb_expect_check against the expectations of a fixed script).
 *
 * The input's length sets the size of the reads it arrives in (1-64
 * bytes), so lines are cut anywhere.  A report goes to agent
 * srv when its "agent" is "srv", else to cli (the runner knows which pipe
 * it came from).  Seeds: seeds/agent/, report lines of real runs (the
 * conformance run's timelines, their "kind" dropped): one per kind of
 * report, and each run-*.jsonl a run's first 20 reports.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "agent.h"
#include "expect.h"
#include "script.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char script_text[] =
	"host client\n"
	"host server\n"
	"path a client=10.1.0.1/24,fd00:a::1/64 server=10.1.0.2/24,fd00:a::2/64\n"
	"path b client=10.2.0.1/24 server=10.2.0.2/24\n"
	"agent srv on server listen port=5000 MIS=4 OS=10\n"
	"agent cli on client connect to=srv OS=6\n"
	"expect cli event=connect within=1s\n"
	"expect srv event=connection within=1s\n"
	"expect cli event=close within=1s\n"
	"expect cli notification=SCTP_PEER_ADDR_CHANGE state=SCTP_ADDR_UNREACHABLE address=server@a within=1s\n"
	"expect cli notification=SCTP_ASSOC_CHANGE state=SCTP_COMM_LOST within=1s\n"
	"expect cli notification=SCTP_SEND_FAILED within=1s\n"
	"expect cli peer-info address=server@a/v6 state=SCTP_ACTIVE within=1s\n"
	"expect cli peer-info address=server@b state=SCTP_INACTIVE within=1s\n"
	"expect cli address-change remoteAddresses=server@a,server@b remoteAddress=server@b within=1s\n"
	"expect cli address-change remoteAddresses!~=10.2.0.2 localAddresses~=client@a within=1s\n"
	"expect srv received from=cli count=3 bytes=36 in-order=per-stream duplicates=0 lost=0 within=1s\n"
	"expect srv received from=cli count=3 reordered=yes within=1s\n"
	"expect cli received from=srv in-order=all within=1s\n"
	"expect cli error=ECONNRESET within=1s\n"
	"expect cli streams outbound=4 inbound=10 within=1s\n"
	"expect cli addresses localAddresses~=client@b remoteAddress=server@a within=1s\n"
	"expect cli snmp=SctpInCtrlChunks min=90 max=120 within=1s\n";

static struct tb_script *script;

struct feed {
	struct tb_reports reports[2];	/* 0 srv, 1 cli */
	unsigned int n;
};

static void on_report(void *ctx, json_t *rep)
{
	struct feed *f = ctx;
	const char *who = json_string_value(json_object_get(rep, "agent"));
	int i = who != NULL && strcmp(who, "srv") == 0 ? 0 : 1;

	/* As the runner: a report without a usable time gets one. */
	if (!json_is_number(json_object_get(rep, "t")))
		json_object_set_new(rep, "t", json_real(f->n));
	f->n++;
	tb_reports_add(&f->reports[i], rep);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	char err[512];

	(void)argc;
	(void)argv;
	if (tb_script_parse_string("fuzz.scn", script_text, &script, err,
				   sizeof(err)) < 0) {
		fprintf(stderr, "%s\n", err);
		abort();
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tb_agent a;
	struct feed f;
	size_t chunk, off;
	char observed[256];
	double at;
	unsigned int i;

	chunk = size % 64 + 1;

	memset(&f, 0, sizeof(f));
	tb_reports_init(&f.reports[0]);
	tb_reports_init(&f.reports[1]);
	tb_agent_init(&a);
	for (off = 0; off < size; off += chunk)
		tb_agent_feed(&a, (const char *)data + off,
			      size - off < chunk ? size - off : chunk, on_report,
			      &f);
	tb_agent_feed(&a, NULL, 0, on_report, &f);
	if (a.len != 0)
		abort();

	for (i = 0; i < tb_script_nsteps(script); i++) {
		const struct tb_step *st = tb_script_step(script, i);

		if (st->verb != TB_VERB_EXPECT)
			continue;
		observed[0] = '\0';
		if (tb_expect_check(script, &st->u.expect, f.reports, 0, &at,
				    observed, sizeof(observed)) == 0 &&
		    memchr(observed, '\0', sizeof(observed)) == NULL)
			abort();
		/* A later `since` skips the early reports. */
		tb_expect_check(script, &st->u.expect, f.reports, f.n / 2.0,
				&at, observed, sizeof(observed));
	}
	tb_reports_free(&f.reports[0]);
	tb_reports_free(&f.reports[1]);
	tb_agent_free(&a);
	return 0;
}
