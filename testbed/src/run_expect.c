/* run_expect.c - the runner's expectations: waiting for one (within=,
 * for=, after=), and its TAP point and timeline record.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "expect.h"
#include "runner.h"
#include "text.h"
#include "traffic.h"

int rn_wait_over(struct runner *r, struct rn_wait *w)
{
	const struct tb_step_expect *e = w->e;
	double now = rn_now(r);
	size_t used;
	int ok;

	if (e->kind == TB_EXPECT_PATH) {
		ok = tb_traffic_check(r->s, e, &r->traffic, w->since, now,
				      w->observed, w->olen);
		w->at = now;
	} else {
		ok = tb_expect_check(r->s, e, r->reports, w->since, &w->at,
				     w->observed, w->olen) == 1;
	}
	if (w->hold && e->negate) {
		/* not ... for=T: a matching report breaks it. */
		if (!ok)
			return 0;
		snprintf(w->observed, w->olen, "it happened %.0f ms into the "
			 "interval", w->at - w->since);
		w->met = 0;
		return 1;
	}
	if (w->hold) {
		/* for=T: it must hold from the start of the interval on.  A
		 * host's counters that have not been reported since then have
		 * not broken it yet. */
		if (e->kind == TB_EXPECT_SNMP && !ok &&
		    !tb_reports_since(&r->reports[e->agent], "snmp", w->since))
			return 0;
		if (ok && !(e->kind == TB_EXPECT_PEER_INFO && w->at > w->since))
			return 0;
		if (ok)
			snprintf(w->observed, w->olen, "it did not hold from "
				 "the start: it began %.0f ms into the interval",
				 w->at - w->since);
		else if ((used = strlen(w->observed)) < w->olen)
			snprintf(w->observed + used, w->olen - used,
				 " (%.0f ms into the interval)", now - w->since);
		w->met = 0;
		return 1;
	}
	if (ok) {
		w->met = 1;
		return 1;
	}
	/* An agent that has ended reports nothing more. */
	if (e->agent >= 0 && r->reports[e->agent].exited) {
		used = strlen(w->observed);
		snprintf(w->observed + used, w->olen - used,
			 " (the agent has ended)");
		w->met = 0;
		return 1;
	}
	return 0;
}

/* A program's last lines of output, in a failed point's YAML block:
 * what it said before the expectation failed (a crash, a refusal). */
static int is_output(const json_t *ev)
{
	const char *kind = json_string_value(json_object_get(ev, "ev"));

	return kind != NULL && strcmp(kind, "output") == 0;
}

static void last_output(struct runner *r, int agent)
{
	const json_t *events = r->reports[agent].events, *ev;
	char line[TB_ESCAPED_MAX(200)];
	size_t n = json_array_size(events), i, shown = 0;
	const char *text, *stream;

	/* i: where the last OUTPUT_LINES lines begin */
	for (i = n; i > 0 && shown < OUTPUT_LINES; i--)
		shown += is_output(json_array_get(events, i - 1));
	if (shown == 0)
		return;
	printf("  output: |\n");
	for (; i < n; i++) {
		ev = json_array_get(events, i);
		if (!is_output(ev))
			continue;
		text = json_string_value(json_object_get(ev, "line"));
		stream = json_string_value(json_object_get(ev, "stream"));
		/* YAML literal block: escaped (no control bytes), cut at 200 */
		tb_escapen(line, sizeof(line), text ? text : "",
			   text ? strnlen(text, 200) : 0);
		printf("    %s: %s\n", stream ? stream : "?", line);
	}
}

/* Print one expectation's TAP point, and its timeline record. */
static void tap_point(struct runner *r, const struct tb_step *st,
		      const struct rn_wait *w, double since)
{
	const struct tb_step_expect *e = &st->u.expect;
	char text[TB_ESCAPED_MAX(512)];
	char eobserved[TB_ESCAPED_MAX(OBSERVED_MAX)];
	const char *what = rn_line_text(r, st->line, text, sizeof(text));
	double decided = rn_now(r);
	double waited = w->met && !w->hold ? w->at - w->began : decided - w->began;
	json_t *rec;

	if (waited < 0)
		waited = 0;	/* met by a report from before it was reached */
	r->tap++;
	if (w->met && w->hold) {
		printf("ok %u - %s:%u: %s # held %.0f ms\n", r->tap, r->file,
		       st->line, what, waited);
	} else if (w->met) {
		printf("ok %u - %s:%u: %s # waited %.0f ms; %.0f ms after "
		       "line %u\n", r->tap, r->file, st->line, what, waited,
		       w->at - since, r->since_line);
	} else {
		r->failed++;
		printf("not ok %u - %s:%u: %s\n", r->tap, r->file, st->line,
		       what);
		printf("  ---\n  at: %s:%u\n  waited: %.1f s\n  observed: \"",
		       r->file, st->line, waited / 1e3);
		/* A YAML double-quoted string: \\, \xHH, and \" too. */
		tb_escape(eobserved, sizeof(eobserved), w->observed);
		for (const char *c = eobserved; *c; c++)
			printf(*c == '"' ? "\\%c" : "%c", *c);
		printf("\"\n");
		if (e->agent >= 0)
			last_output(r, e->agent);
		printf("  ...\n");
	}
	fflush(stdout);
	rec = json_pack("{s:f, s:s, s:s, s:i, s:s, s:b, s:f, s:f, s:s}",
			"t", decided, "kind", "expect", "file", r->file,
			"line", (int)st->line, "text", what, "ok", w->met,
			"elapsed", w->met && !w->hold ? w->at - since : -1.0,
			"waited", waited, "observed", w->met ? "" : w->observed);
	if (rec == NULL)
		return;
	if (e->agent >= 0)
		json_object_set_new(rec, "agent", json_string(
			tb_script_agent(r->s, (unsigned)e->agent)->name));
	else
		json_object_set_new(rec, "path", json_string(
			tb_script_path(r->s, (unsigned)e->path)->name));
	if (e->hold_us)
		json_object_set_new(rec, "hold", json_real(e->hold_us / 1e3));
	if (e->after_us)
		json_object_set_new(rec, "after", json_real(e->after_us / 1e3));
	rn_timeline(r, rec);
}

/* One expectation: matched against the reports since `since` (the last
 * step that is not an expectation began then), within= its timeout from
 * now, or for= held over that time from now. */
int rn_do_expect(struct runner *r, const struct tb_step *st, double since)
{
	const struct tb_step_expect *e = &st->u.expect;
	char observed[OBSERVED_MAX] = "";
	struct rn_wait w = {
		.e = e, .since = since, .began = rn_now(r),
		.hold = e->hold_us > 0, .observed = observed,
		.olen = sizeof(observed),
	};
	int over;

	if (e->after_previous && r->prev_at > w.since)
		w.since = r->prev_at;
	if (w.hold)
		w.since = w.began;	/* the interval starts here */
	over = rn_pump(r, w.began + (w.hold ? e->hold_us : e->within_us) / 1e3,
		       &w);
	if (over < 0)
		return -1;
	if (w.hold && !over) {
		/* The interval ended unbroken; the last samples count too
		 * (the paths', and the counters of programs, which the
		 * runner reads itself). */
		rn_sample_paths(r);
		rn_sample_snmp(r);
		if (!rn_wait_over(r, &w))
			w.met = 1;
	} else if (!over) {
		w.met = 0;
	}
	if (w.met && !w.hold && e->after_us &&
	    w.at < since + e->after_us / 1e3) {
		snprintf(observed, sizeof(observed), "met %.0f ms after line "
			 "%u, before after=%.0f ms", w.at - since,
			 r->since_line, e->after_us / 1e3);
		w.met = 0;
	}
	r->prev_at = w.met && !w.hold ? w.at : rn_now(r);
	tap_point(r, st, &w, since);
	return 0;
}
