/* expect.h - what the agents reported, and whether an expectation holds.
 *
 * The runner feeds every report of an agent (a JSON object from its pipe,
 * testbed/agent/agent.js) to tb_reports_add(); tb_expect_check() then says
 * whether an expectation of the script is met.  Pure: no processes, no
 * clock, no kernel, so the matching rules are unit-tested with made-up
 * reports.
 *
 * Times are milliseconds on the runner's clock (CLOCK_MONOTONIC, the
 * agents' clock too), relative to the start of the run.
 */
#ifndef TB_EXPECT_H
#define TB_EXPECT_H

#include <stddef.h>

#include <jansson.h>

#include "script.h"

/* What one agent has reported so far. */
struct tb_reports {
	json_t *events;		/* every report, in arrival order */
	json_t *paths;		/* the latest peer-info "paths", or NULL */
	json_t *rx;		/* sender index (as a string) -> latest rx */
	json_t *tx;		/* the latest tx report, or NULL */
	int exited;		/* the agent's process has ended */
};

void tb_reports_init(struct tb_reports *r);
void tb_reports_free(struct tb_reports *r);

/* Record a report (the reference is taken).  Its "t" must already be on
 * the run's clock.  Returns 0, or -EINVAL for a report without "ev" or
 * "t". */
int tb_reports_add(struct tb_reports *r, json_t *report);

/* Whether the expectation e (a step of s) is met by the reports of its
 * agents (reports[i] for agent i), counting event-like reports made at or
 * after `since`.  Returns 1 (met; *at is when), 0 (not yet), or -EINVAL.
 * When not met, observed gets what was seen instead, in one line. */
int tb_expect_check(const struct tb_script *s, const struct tb_step_expect *e,
		    const struct tb_reports *reports, double since, double *at,
		    char *observed, size_t len);

/* Whether r holds a report of kind ev made at or after since. */
int tb_reports_since(const struct tb_reports *r, const char *ev, double since);

/* An address reference as text ("10.1.0.2"). */
void tb_ref_format(const struct tb_addr_ref *ref, char *buf, size_t len);

/* Whether text (an address as the addon writes it) is the reference. */
int tb_ref_matches(const struct tb_addr_ref *ref, const char *text);

#endif
