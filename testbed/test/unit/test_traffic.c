/* test_traffic.c - what each path carried: the sample store, its
 * expectation check, and the link statistics decoder, with made-up data. */
#define _GNU_SOURCE
#include <errno.h>
#include <string.h>

#include <libmnl/libmnl.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>

#include "link.h"
#include "script.h"
#include "script_util.h"
#include "traffic.h"
#include "unit.h"

static void test_store(void)
{
	struct tb_traffic tr;
	uint64_t pk, by;

	tap_diag("traffic: samples and what was carried between two times");
	tb_traffic_init(&tr);
	tap_is_int(tb_traffic_add(&tr, 0, 0, 0, 10, 1000), 1, "first sample kept");
	tap_is_int(tb_traffic_add(&tr, 0, 0, 100, 10, 1000), 0,
		   "same counts: not kept");
	tap_is_int(tb_traffic_add(&tr, 0, 0, 200, 30, 3000), 1, "a change kept");
	tap_is_int(tb_traffic_add(&tr, 0, 0, 150, 40, 4000), 0,
		   "older than the last: not kept");
	tap_is_int(tb_traffic_add(&tr, 0, 0, 300, 130, 13000), 1, "another");
	tap_is_int(tb_traffic_add(&tr, 0, 2, 300, 1, 1), -EINVAL, "bad end");
	tap_is_int(tb_traffic_add(&tr, TB_SCRIPT_MAX_PATHS, 0, 0, 1, 1), -EINVAL,
		   "bad path");
	for (int i = 0; i < 200; i++)
		tb_traffic_add(&tr, 1, 1, i, (uint64_t)i, (uint64_t)i * 100);
	tb_traffic_between(&tr, 0, 0, 0, 300, &pk, &by);
	tap_ok(pk == 120 && by == 12000, "0..300: 120 packets, 12000 bytes");
	tb_traffic_between(&tr, 0, 0, 100, 250, &pk, &by);
	tap_ok(pk == 20 && by == 2000, "100..250: from the sample at 0 to 200");
	tb_traffic_between(&tr, 0, 0, -50, 50, &pk, &by);
	tap_ok(pk == 0 && by == 0, "before the first sample: nothing");
	tb_traffic_between(&tr, 0, 1, 0, 300, &pk, &by);
	tap_ok(pk == 0 && by == 0, "an end never sampled: nothing");
	tb_traffic_between(&tr, 1, 1, 10.5, 150, &pk, &by);
	tap_ok(pk == 140 && by == 14000, "grown past its first allocation");
	tb_traffic_free(&tr);
}

static void test_check(void)
{
	struct tb_step_expect e = { 0 };
	struct tb_traffic tr;
	struct tb_script *s;
	char obs[256];

	tap_diag("traffic: expect path ... carries");
	s = parses(TOPO AGENTS, "a topology to check against");
	if (s == NULL)
		return;
	tb_traffic_init(&tr);
	/* path a: client (end 0) sent 50 packets, server (end 1) 5 */
	tb_traffic_add(&tr, 0, 0, 0, 0, 0);
	tb_traffic_add(&tr, 0, 0, 1000, 50, 5000);
	tb_traffic_add(&tr, 0, 1, 0, 0, 0);
	tb_traffic_add(&tr, 0, 1, 1000, 5, 300);
	e.kind = TB_EXPECT_PATH;
	e.agent = -1;
	e.path = 0;
	e.path_from = 0;
	e.min = 50;
	e.max = -1;
	tap_is_int(tb_traffic_check(s, &e, &tr, 0, 1000, obs, sizeof(obs)), 1,
		   "client->server carried at least 50 packets");
	tap_is_str(obs, "client->server carried 50 packets, 5000 bytes in 1000 ms",
		   "observed: the direction's counts");
	e.min = 51;
	tap_is_int(tb_traffic_check(s, &e, &tr, 0, 1000, obs, sizeof(obs)), 0,
		   "but not 51");
	e.path_from = -1;
	tap_is_int(tb_traffic_check(s, &e, &tr, 0, 1000, obs, sizeof(obs)), 1,
		   "both directions: 55");
	tap_is_str(obs, "client->server carried 50 packets, 5000 bytes; "
		   "server->client carried 5 packets, 300 bytes in 1000 ms",
		   "observed: both directions");
	e.path_from = 1;
	e.min = -1;
	e.max = 300;
	e.path_bytes = 1;
	tap_is_int(tb_traffic_check(s, &e, &tr, 0, 1000, obs, sizeof(obs)), 1,
		   "server->client: at most 300 bytes");
	e.max = 299;
	tap_is_int(tb_traffic_check(s, &e, &tr, 0, 1000, obs, sizeof(obs)), 0,
		   "not at most 299");
	tap_is_int(tb_traffic_check(s, &e, &tr, 1000, 2000, obs, sizeof(obs)), 1,
		   "nothing since 1000 ms");
	tb_traffic_free(&tr);
	tb_script_free(s);
}

static void test_link_stats(void)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct rtnl_link_stats64 st64 = { 0 };
	struct tb_link_stats ls;
	struct ifinfomsg *ifm;
	struct nlmsghdr *nlh;

	tap_diag("traffic: IFLA_STATS64 decoded");
	memset(buf, 0, sizeof(buf));
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = RTM_NEWLINK;
	ifm = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifm));
	ifm->ifi_index = 3;
	mnl_attr_put_strz(nlh, IFLA_IFNAME, "a");
	tap_is_int(tb_link_stats_parse(nlh, &ls), -ENODATA,
		   "no IFLA_STATS64: -ENODATA");
	st64.tx_packets = 7;
	st64.tx_bytes = 700;
	st64.rx_packets = 9;
	st64.rx_bytes = 900;
	st64.tx_dropped = 1;
	mnl_attr_put(nlh, IFLA_STATS64, sizeof(st64), &st64);
	tap_is_int(tb_link_stats_parse(nlh, &ls), 0, "decoded");
	tap_ok(ls.tx_packets == 7 && ls.tx_bytes == 700 && ls.rx_packets == 9 &&
		       ls.rx_bytes == 900 && ls.tx_dropped == 1,
	       "packets, bytes and drops, both ways");
	nlh->nlmsg_type = RTM_NEWADDR;
	tap_is_int(tb_link_stats_parse(nlh, &ls), -EINVAL,
		   "another message: -EINVAL");
	/* A short attribute (an older struct): what is there counts. */
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = RTM_NEWLINK;
	mnl_nlmsg_put_extra_header(nlh, sizeof(*ifm));
	mnl_attr_put(nlh, IFLA_STATS64, 2 * sizeof(uint64_t), &st64);
	tap_is_int(tb_link_stats_parse(nlh, &ls), 0, "a short attribute");
	tap_ok(ls.rx_packets == 9 && ls.tx_packets == 7 && ls.rx_bytes == 0,
	       "its fields, the rest zero");
}

void test_traffic(void)
{
	test_store();
	test_check();
	test_link_stats();
}
