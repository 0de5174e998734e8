/* qdisc.c - netem through RTM_NEWQDISC / RTM_DELQDISC. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libmnl/libmnl.h>
#include <linux/pkt_sched.h>
#include <linux/rtnetlink.h>

#include "link.h"
#include "nl.h"
#include "qdisc.h"

#define PSCHED_PATH "/proc/net/psched"
#define USEC_PER_SEC 1000000.0

int tb_psched_parse(const char *text, double *tick_in_usec)
{
	unsigned int t2us, us2t, clock_res;
	double clock_factor;

	if (sscanf(text, "%08x%08x%08x", &t2us, &us2t, &clock_res) != 3 ||
	    us2t == 0 || clock_res == 0)
		return -EINVAL;
	/* A kernel with a nanosecond clock reports t2us in nanoseconds. */
	if (clock_res == 1000000000)
		t2us = us2t;
	clock_factor = (double)clock_res / USEC_PER_SEC;
	*tick_in_usec = (double)t2us / us2t * clock_factor;
	return 0;
}

static int psched_read(double *tick_in_usec)
{
	char text[128];
	ssize_t n;
	int fd;

	fd = open(PSCHED_PATH, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = read(fd, text, sizeof(text) - 1);
	close(fd);
	if (n < 0)
		return -errno;
	text[n] = '\0';
	return tb_psched_parse(text, tick_in_usec);
}

uint32_t tb_netem_ticks(uint32_t usec, double tick_in_usec)
{
	double ticks = (double)usec * tick_in_usec;

	return ticks >= (double)UINT32_MAX ? UINT32_MAX : (uint32_t)ticks;
}

uint32_t tb_netem_prob(double percent)
{
	if (!(percent > 0))
		return 0;
	if (percent >= 100)
		return UINT32_MAX;
	return (uint32_t)rint(percent / 100 * UINT32_MAX);
}

/* The decimal number at the start of s, in *end the rest: digits and one
 * dot only, where strtod alone would take signs, hex, exponents or "inf". */
static int parse_decimal(const char *s, double *v, const char **end)
{
	size_t n = strspn(s, "0123456789."), i, dots = 0;
	char *stop;

	for (i = 0; i < n; i++)
		dots += s[i] == '.';
	if (n == 0 || s[0] == '.' || dots > 1)
		return -EINVAL;
	*v = strtod(s, &stop);
	if (stop != s + n)
		return -EINVAL;
	*end = stop;
	return 0;
}

int tb_parse_time(const char *s, uint32_t *usec)
{
	static const struct {
		const char *unit;
		double scale;
	} units[] = {
		{ "", 1 },       { "us", 1 },    { "usec", 1 },
		{ "ms", 1e3 },   { "msec", 1e3 }, { "s", 1e6 },
		{ "sec", 1e6 },
	};
	const char *end;
	double t;
	size_t i;

	if (s == NULL || parse_decimal(s, &t, &end) < 0)
		return -EINVAL;
	for (i = 0; i < MNL_ARRAY_SIZE(units); i++) {
		if (strcmp(end, units[i].unit) != 0)
			continue;
		t *= units[i].scale;
		if (!(t >= 0) || t > UINT32_MAX)
			return -ERANGE;
		*usec = (uint32_t)rint(t);
		return 0;
	}
	return -EINVAL;
}

int tb_parse_percent(const char *s, double *percent)
{
	const char *end;
	double p;

	if (s == NULL || parse_decimal(s, &p, &end) < 0)
		return -EINVAL;
	if (strcmp(end, "%") != 0 && *end != '\0')
		return -EINVAL;
	if (!(p >= 0 && p <= 100))
		return -ERANGE;
	*percent = p;
	return 0;
}

int tb_netem_parse(int argc, char *const argv[], struct tb_netem *ne,
		   char *msg, size_t msglen)
{
	int i, err, have_delay = 0, have_jitter = 0;
	unsigned long limit;
	char *end;

	memset(ne, 0, sizeof(*ne));
	for (i = 0; i < argc; i += 2) {
		const char *key = argv[i], *val = i + 1 < argc ? argv[i + 1] : NULL;

		if (val == NULL) {
			snprintf(msg, msglen, "'%s' needs a value", key);
			return -EINVAL;
		}
		if (strcmp(key, "loss") == 0) {
			err = tb_parse_percent(val, &ne->loss);
		} else if (strcmp(key, "delay") == 0) {
			err = tb_parse_time(val, &ne->delay_us);
			have_delay = 1;
		} else if (strcmp(key, "jitter") == 0) {
			err = tb_parse_time(val, &ne->jitter_us);
			have_jitter = 1;
		} else if (strcmp(key, "limit") == 0) {
			errno = 0;
			limit = strtoul(val, &end, 10);
			err = (*val < '0' || *val > '9' || *end != '\0' ||
			       errno != 0 || limit == 0 || limit > UINT32_MAX) ?
				      -EINVAL : 0;
			ne->limit = (uint32_t)limit;
		} else {
			snprintf(msg, msglen,
				 "unknown netem parameter '%s' (loss, delay, jitter, limit)",
				 key);
			return -EINVAL;
		}
		if (err < 0) {
			snprintf(msg, msglen, "bad %s '%s'", key, val);
			return err;
		}
	}
	if (have_jitter && !have_delay) {
		snprintf(msg, msglen, "jitter needs a delay");
		return -EINVAL;
	}
	return 0;
}

static struct nlmsghdr *qdisc_msg(struct tb_nl *nl, uint16_t type,
				  uint16_t flags, unsigned int index)
{
	struct nlmsghdr *nlh = tb_nl_msg(nl, type, flags);
	struct tcmsg *tcm;

	tcm = mnl_nlmsg_put_extra_header(nlh, sizeof(*tcm));
	tcm->tcm_family = AF_UNSPEC;
	tcm->tcm_ifindex = (int)index;
	tcm->tcm_handle = 0;
	tcm->tcm_parent = TC_H_ROOT;
	return nlh;
}

int tb_netem_set(struct tb_nl *nl, const char *dev, const struct tb_netem *ne)
{
	struct tc_netem_qopt opt;
	struct nlmsghdr *nlh;
	unsigned int index;
	double tick_in_usec = 0;	/* set when psched_read returns 0; the
					 * compiler cannot tell -errno < 0 */
	int err;

	err = psched_read(&tick_in_usec);
	if (err < 0)
		return err;
	err = tb_link_index(nl, dev, &index);
	if (err < 0)
		return err;

	memset(&opt, 0, sizeof(opt));
	opt.latency = tb_netem_ticks(ne->delay_us, tick_in_usec);
	opt.jitter = tb_netem_ticks(ne->jitter_us, tick_in_usec);
	opt.loss = tb_netem_prob(ne->loss);
	opt.limit = ne->limit != 0 ? ne->limit : TB_NETEM_LIMIT;

	nlh = qdisc_msg(nl, RTM_NEWQDISC, NLM_F_CREATE | NLM_F_REPLACE, index);
	mnl_attr_put_strz(nlh, TCA_KIND, "netem");
	mnl_attr_put(nlh, TCA_OPTIONS, sizeof(opt), &opt);
	return tb_nl_talk(nl, nlh, NULL, NULL);
}

int tb_netem_del(struct tb_nl *nl, const char *dev)
{
	struct nlmsghdr *nlh;
	unsigned int index;
	int err;

	err = tb_link_index(nl, dev, &index);
	if (err < 0)
		return err;
	nlh = qdisc_msg(nl, RTM_DELQDISC, 0, index);
	return tb_nl_talk(nl, nlh, NULL, NULL);
}
