/* runner.h - the scenario runner's insides, shared by its files (the
 * public interface is run.h):
 *
 *   run.c         the run: the script, the topology, the steps in order,
 *                 kernel conditions, teardown
 *   run_expect.c  the expectations: waiting for each, its TAP point and
 *                 timeline record
 *   run_agents.c  the agents: start, reports, commands, stop; reading
 *                 the programs' SCTP counters
 *   run_net.c     link, addr, netem and sysctl steps; sampling what each
 *                 path carries
 */
#ifndef TB_RUNNER_H
#define TB_RUNNER_H

#include <limits.h>
#include <net/if.h>
#include <stdio.h>

#include <jansson.h>

#include "agent.h"
#include "expect.h"
#include "nl.h"
#include "qdisc.h"
#include "run.h"
#include "script.h"
#include "text.h"
#include "topo.h"
#include "traffic.h"

#define OBSERVED_MAX 1024
#define MSG_MAX (TB_NL_EXT_MAX + 512)
#define AGENT_EXIT_MS 3000	/* agents' graceful close, at the end */
#define LISTEN_WAIT_MS 30000	/* a server's start, before its clients */
#define SAMPLE_MS 100		/* paths' traffic, sampled this often */
#define SNMP_MS 500		/* programs' SCTP counters (as agent.js) */
#define OUTPUT_LINES 5		/* a program's last lines, on a failure */

struct runner {
	const struct tb_run_opts *o;
	struct tb_script *s;
	char **lines;		/* the script's text, for the step names */
	unsigned int nlines;
	struct tb_topo topo;
	int netns_fd[TB_SCRIPT_MAX_HOSTS];
	struct tb_nl *nl[TB_SCRIPT_MAX_HOSTS];
	char dev[TB_SCRIPT_MAX_PATHS][IF_NAMESIZE];
	/* The paths' ends as the steps so far have made them. */
	struct tb_path_end ends[TB_SCRIPT_MAX_PATHS][2];
	struct tb_agent agents[TB_SCRIPT_MAX_AGENTS];
	struct tb_reports reports[TB_SCRIPT_MAX_AGENTS];
	/* A program's SCTP counters as last read (NULL: none yet), and
	 * whether they can no longer be read (it has ended). */
	json_t *snmp[TB_SCRIPT_MAX_AGENTS];
	int snmp_gone[TB_SCRIPT_MAX_AGENTS];
	double snmp_sampled;	/* when they were last read (run ms) */
	struct tb_traffic traffic;	/* what each path carried */
	double prev_at;		/* when the expectation above was decided */
	unsigned int since_line;	/* the last step that is not one */
	int built;		/* the topology is up: paths can be sampled */
	double sampled;		/* when the paths were last sampled (run ms) */
	/* netem on each path end now, as the steps have set it */
	struct tb_netem netem[TB_SCRIPT_MAX_PATHS][2];
	FILE *timeline;
	double t0;		/* CLOCK_MONOTONIC ms at the start */
	int sigfd;
	int signo;		/* the signal that interrupts the run */
	unsigned int tap;	/* test points printed */
	unsigned int failed;
	unsigned int skipped;	/* expectations for other kernel releases */
	char node[PATH_MAX];
	char agent_js[PATH_MAX];
	char file[TB_ESCAPED_MAX(256)];	/* the script's name, escaped */
	char release[65];	/* uname -r, for "on kernel..." steps */
};

/* ms since the run began (CLOCK_MONOTONIC). */
double rn_now(const struct runner *r);
/* One timeline record (the reference is taken). */
void rn_timeline(struct runner *r, json_t *rec);
/* The text of a script line, without its comment, escaped. */
const char *rn_line_text(const struct runner *r, unsigned int line, char *buf,
                         size_t len);
/* "Bail out!" with the reason (escaped here); returns -1. */
int rn_bail(struct runner *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* A failed operation: "file:line: what: reason (extack)"; returns -1. */
int rn_step_failed(struct runner *r, const struct tb_step *st, int err,
		   int host, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
/* -EINTR once a signal has asked the run to stop, else 0. */
int rn_check_signal(struct runner *r);
const char *rn_host_name(const struct runner *r, int host);

/* run_expect.c */
/* What rn_pump() waits for: an expectation e, matched against the
 * reports since `since`; with hold, one that must hold (for=) until the
 * wait ends.  rn_wait_over() fills in at and observed. */
struct rn_wait {
	const struct tb_step_expect *e;
	double since;		/* reports from then on count (run ms) */
	double began;		/* when the expectation was reached */
	int hold;		/* for=: over once it no longer holds */
	int met;		/* over: met (within=) or still holding */
	double at;		/* met: when */
	char *observed;		/* what was seen instead, one line */
	size_t olen;
};

/* Whether the wait is over: e met (within=), or broken (for=).  An
 * agent that has ended reports nothing more: a within= wait on it is
 * over, not met (observed says so). */
int rn_wait_over(struct runner *r, struct rn_wait *w);
/* One expectation step: waited for (its reports counted from `since`, when
 * the last step that is not an expectation began), then its TAP point and
 * timeline record.  Returns 0, or -1 on a signal. */
int rn_do_expect(struct runner *r, const struct tb_step *st, double since);

/* run_agents.c */
void rn_on_report(void *ctx, json_t *rep);
void rn_agent_ended(struct runner *r, int i, int kill_ms);
/* Read each running program's SCTP counters, and record them as its snmp
 * report when they changed (the testbed's agent reports its own). */
void rn_sample_snmp(struct runner *r);
/* Take reports (and sample the paths and programs' counters) until
 * `until` (run ms) or, with w, until rn_wait_over().  Returns 1 when over,
 * 0 at `until`, -1 on a signal. */
int rn_pump(struct runner *r, double until, struct rn_wait *w);
int rn_start_agent(struct runner *r, const struct tb_step *st);
int rn_do_send(struct runner *r, const struct tb_step *st);
int rn_do_agent_cmd(struct runner *r, const struct tb_step *st);
/* Agents: closed gracefully (stdin closed), then killed; all reaped. */
void rn_stop_agents(struct runner *r, int graceful);

/* run_net.c */
int rn_do_link(struct runner *r, const struct tb_step *st);
int rn_do_addr(struct runner *r, const struct tb_step *st);
int rn_do_netem(struct runner *r, const struct tb_step *st);
int rn_do_sysctl(struct runner *r, const struct tb_step *st);
/* Read every path end's counters into r->traffic, and a path-stats
 * timeline record for each path whose counts changed. */
void rn_sample_paths(struct runner *r);

#endif
