/* qdisc.h - netem impairment of one link's egress.
 *
 * netem acts on what a link sends: to impair a path in one direction, put
 * netem on the sending end (A's veth for A->B); for both directions, on both
 * ends.  Functions taking a socket return 0 or a negative errno, with
 * tb_nl_ext(nl) telling why when the kernel refused.
 */
#ifndef TB_QDISC_H
#define TB_QDISC_H

#include <stddef.h>
#include <stdint.h>

#include "nl.h"

/* The default queue limit of netem, in packets (as tc's). */
#define TB_NETEM_LIMIT 1000

struct tb_netem {
	uint32_t delay_us;	/* added latency */
	uint32_t jitter_us;	/* +/- random variation of the latency */
	double loss;		/* random loss, percent 0..100 */
	uint32_t limit;		/* queue limit, packets; 0 means TB_NETEM_LIMIT */
};

/* Pure helpers, the arithmetic of iproute2's tc/tc_core.c and q_netem.c. */

/* tick_in_usec from the text of /proc/net/psched ("t2us us2t res hz", hex). */
int tb_psched_parse(const char *text, double *tick_in_usec);
/* Microseconds to scheduler ticks, saturating at UINT32_MAX. */
uint32_t tb_netem_ticks(uint32_t usec, double tick_in_usec);
/* Percent (0..100) to netem's 32-bit probability, UINT32_MAX meaning 100%. */
uint32_t tb_netem_prob(double percent);
/* "50ms", "1.5s", "200us", "100" (usec, as tc) to microseconds. */
int tb_parse_time(const char *s, uint32_t *usec);
/* "10%", "0.5%", "10" to a percentage 0..100. */
int tb_parse_percent(const char *s, double *percent);
/* Words "loss P% delay T jitter T limit N" (any order, each optional,
 * jitter needing delay) into ne; on error, a message naming the bad word
 * in msg. */
int tb_netem_parse(int argc, char *const argv[], struct tb_netem *ne,
		   char *msg, size_t msglen);

/* Add or replace netem as the root qdisc of dev. */
int tb_netem_set(struct tb_nl *nl, const char *dev, const struct tb_netem *ne);
/* Remove the root qdisc of dev (back to the link's default). */
int tb_netem_del(struct tb_nl *nl, const char *dev);

#endif
