/* link.h - links in one namespace: veth pairs, up/down, delete.
 *
 * Each function works in the namespace of the socket nl; links are named,
 * never numbered, by the caller.  All return 0 or a negative errno, with
 * tb_nl_ext(nl) telling why when the kernel refused.
 */
#ifndef TB_LINK_H
#define TB_LINK_H

#include <stdint.h>

#include "nl.h"

/* Is name usable as an interface name (1..IFNAMSIZ-1 bytes, no '/', ':' or
 * white space, not "." or "..")?  Pure; 0 or -EINVAL / -ENAMETOOLONG. */
int tb_ifname_check(const char *name);

/* The index of link name, in *index. */
int tb_link_index(struct tb_nl *nl, const char *name, unsigned int *index);

/* Create the veth pair name (in nl's namespace) <-> peer (in the namespace
 * peer_netns_fd, or in nl's own when peer_netns_fd is negative).  Both ends
 * start down. */
int tb_veth_add(struct tb_nl *nl, const char *name, const char *peer,
		int peer_netns_fd);

/* Set link name administratively up (up != 0) or down. */
int tb_link_set(struct tb_nl *nl, const char *name, int up);

/* What a link has carried (IFLA_STATS64): packets and bytes it
 * transmitted and received since it was made. */
struct tb_link_stats {
	uint64_t tx_packets, tx_bytes;
	uint64_t rx_packets, rx_bytes;
	uint64_t tx_dropped, rx_dropped;
};

/* Link name's statistics, in *st. */
int tb_link_stats(struct tb_nl *nl, const char *name, struct tb_link_stats *st);

/* Pure, for the tests: the statistics in one RTM_NEWLINK message (its
 * IFLA_STATS64 attribute).  Returns 0, or -ENODATA when the message has
 * none, -EINVAL when it is not a well-formed RTM_NEWLINK. */
int tb_link_stats_parse(const struct nlmsghdr *nlh, struct tb_link_stats *st);

/* Delete link name (for a veth, its peer goes with it). */
int tb_link_del(struct tb_nl *nl, const char *name);

#endif
