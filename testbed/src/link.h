/* link.h - links in one namespace: veth pairs, up/down, delete.
 *
 * Each function works in the namespace of the socket nl; links are named,
 * never numbered, by the caller.  All return 0 or a negative errno, with
 * tb_nl_ext(nl) telling why when the kernel refused.
 */
#ifndef TB_LINK_H
#define TB_LINK_H

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

/* Delete link name (for a veth, its peer goes with it). */
int tb_link_del(struct tb_nl *nl, const char *name);

#endif
