/* addr.h - IPv4/IPv6 addresses, routes and forwarding in one namespace.
 *
 * All functions return 0 or a negative errno; those taking a socket leave
 * the kernel's reason in tb_nl_ext(nl) when it refused.
 */
#ifndef TB_ADDR_H
#define TB_ADDR_H

#include <netinet/in.h>
#include <stddef.h>

#include "nl.h"

/* An address with its prefix length, e.g. 10.0.2.1/24 or fd00::1/64. */
struct tb_prefix {
	int family;		/* AF_INET or AF_INET6 */
	unsigned int len;	/* 0..32 or 0..128 */
	union {
		struct in_addr v4;
		struct in6_addr v6;
		unsigned char raw[16];
	} addr;
};

/* Longest text tb_prefix_format() writes, NUL included. */
#define TB_PREFIX_STRLEN (INET6_ADDRSTRLEN + 4)

/* Parse "ADDR/LEN" or "ADDR" (then LEN is the full length).  Pure:
 * -EINVAL for anything else (junk, a length out of range, a sign, spaces). */
int tb_prefix_parse(const char *s, struct tb_prefix *p);

/* Write p as "ADDR/LEN".  Pure. */
int tb_prefix_format(const struct tb_prefix *p, char *buf, size_t len);

/* Address add/remove on link dev.  IPv6 addresses are added with
 * IFA_F_NODAD, so they are usable at once. */
int tb_addr_add(struct tb_nl *nl, const char *dev, const struct tb_prefix *p);
int tb_addr_del(struct tb_nl *nl, const char *dev, const struct tb_prefix *p);

/* Route to dst (its host bits must be zero) via gateway gw (NULL: none,
 * on-link) and/or out of link dev (NULL: the kernel picks from gw), in the
 * main table.  Add fails with -EEXIST when the route exists. */
int tb_route_add(struct tb_nl *nl, const struct tb_prefix *dst,
		 const struct tb_prefix *gw, const char *dev);
int tb_route_del(struct tb_nl *nl, const struct tb_prefix *dst,
		 const struct tb_prefix *gw, const char *dev);

/* Turn forwarding of family (AF_INET or AF_INET6) on or off in the
 * namespace netns_fd (negative: the caller's own), as a router needs. */
int tb_forwarding_set(int netns_fd, int family, int on);

#endif
