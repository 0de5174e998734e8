/* traffic.h - what each path carried, direction by direction, over time.
 *
 * The runner samples the statistics of every path's veth ends (link.h,
 * IFLA_STATS64) while a scenario runs: the packets and bytes each end
 * transmitted are what that direction of the path carried, counted after
 * the sender's netem (a packet netem drops is never transmitted).  This
 * store keeps those cumulative samples and answers how much a direction
 * carried between two times.  Pure: no kernel, no clock; unit-tested with
 * made-up samples.
 */
#ifndef TB_TRAFFIC_H
#define TB_TRAFFIC_H

#include <stddef.h>
#include <stdint.h>

#include "script.h"

struct tb_traffic_sample {
	double t;		/* ms on the run's clock */
	uint64_t packets, bytes;	/* transmitted since the path was made */
};

/* Per path, per sending end (the path's end[] index). */
struct tb_traffic {
	unsigned int n[TB_SCRIPT_MAX_PATHS][2], cap[TB_SCRIPT_MAX_PATHS][2];
	struct tb_traffic_sample *s[TB_SCRIPT_MAX_PATHS][2];
};

void tb_traffic_init(struct tb_traffic *tr);
void tb_traffic_free(struct tb_traffic *tr);

/* Record a sample of path's end `end` (0 or 1).  A sample that repeats the
 * last one's counts is not kept (the counts held since then), nor one
 * older than the last.  Returns 1 when kept, 0 when not, -EINVAL for a
 * bad path or end, -ENOMEM. */
int tb_traffic_add(struct tb_traffic *tr, int path, int end, double t,
		   uint64_t packets, uint64_t bytes);

/* What end `end` of path sent between from and to (ms): the counts of
 * the last sample at or before `to` less those of the last at or before
 * `from` (the first sample when there is none before `from`). */
void tb_traffic_between(const struct tb_traffic *tr, int path, int end,
			double from, double to, uint64_t *packets,
			uint64_t *bytes);

/* Whether a path expectation (TB_EXPECT_PATH) holds for the traffic from
 * `since` to `now`: at least min (when min >= 0) and at most max (when
 * max >= 0) packets or bytes in the expectation's direction(s).
 * Returns 1 or 0; observed gets the counts in one line either way. */
int tb_traffic_check(const struct tb_script *s, const struct tb_step_expect *e,
		     const struct tb_traffic *tr, double since, double now,
		     char *observed, size_t len);

#endif
