/* addr.c - addresses, routes and forwarding over rtnetlink. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libmnl/libmnl.h>
#include <linux/if_addr.h>
#include <linux/rtnetlink.h>

#include "addr.h"
#include "link.h"
#include "nl.h"
#include "sysctl.h"

static size_t family_bytes(int family)
{
	return family == AF_INET ? 4 : 16;
}

static unsigned int family_bits(int family)
{
	return family == AF_INET ? 32 : 128;
}

int tb_prefix_parse(const char *s, struct tb_prefix *p)
{
	char text[INET6_ADDRSTRLEN];
	const char *slash, *q;
	unsigned long len;
	size_t n;

	if (s == NULL)
		return -EINVAL;
	slash = strchr(s, '/');
	n = slash != NULL ? (size_t)(slash - s) : strlen(s);
	if (n == 0 || n >= sizeof(text))
		return -EINVAL;
	memcpy(text, s, n);
	text[n] = '\0';

	memset(p, 0, sizeof(*p));
	if (inet_pton(AF_INET, text, &p->addr.v4) == 1)
		p->family = AF_INET;
	else if (inet_pton(AF_INET6, text, &p->addr.v6) == 1)
		p->family = AF_INET6;
	else
		return -EINVAL;

	p->len = family_bits(p->family);
	if (slash == NULL)
		return 0;

	/* Digits only: strtoul alone would take " 24", "+24" or "-0". */
	q = slash + 1;
	if (*q == '\0' || strspn(q, "0123456789") != strlen(q) ||
	    strlen(q) > 3)
		return -EINVAL;
	len = strtoul(q, NULL, 10);
	if (len > family_bits(p->family))
		return -EINVAL;
	p->len = (unsigned int)len;
	return 0;
}

int tb_prefix_format(const struct tb_prefix *p, char *buf, size_t len)
{
	char text[INET6_ADDRSTRLEN];
	int n;

	if (p->family != AF_INET && p->family != AF_INET6)
		return -EAFNOSUPPORT;
	if (inet_ntop(p->family, p->addr.raw, text, sizeof(text)) == NULL)
		return -errno;
	n = snprintf(buf, len, "%s/%u", text, p->len);
	if (n < 0 || (size_t)n >= len)
		return -ENOSPC;
	return 0;
}

static int addr_request(struct tb_nl *nl, uint16_t type, uint16_t flags,
			const char *dev, const struct tb_prefix *p)
{
	struct nlmsghdr *nlh;
	struct ifaddrmsg *ifa;
	unsigned int index;
	uint32_t ifa_flags = 0;
	size_t alen;
	int err;

	if (p->family != AF_INET && p->family != AF_INET6)
		return -EAFNOSUPPORT;
	err = tb_link_index(nl, dev, &index);
	if (err < 0)
		return err;

	alen = family_bytes(p->family);
	if (p->family == AF_INET6)
		ifa_flags |= IFA_F_NODAD;

	nlh = tb_nl_msg(nl, type, flags);
	ifa = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifa));
	ifa->ifa_family = (unsigned char)p->family;
	ifa->ifa_prefixlen = (unsigned char)p->len;
	ifa->ifa_flags = (unsigned char)ifa_flags;
	ifa->ifa_scope = RT_SCOPE_UNIVERSE;
	ifa->ifa_index = index;

	/* As `ip addr add` does for an address without a peer: local and
	 * address are the same. */
	mnl_attr_put(nlh, IFA_LOCAL, alen, p->addr.raw);
	mnl_attr_put(nlh, IFA_ADDRESS, alen, p->addr.raw);
	if (type == RTM_NEWADDR)
		mnl_attr_put_u32(nlh, IFA_FLAGS, ifa_flags);

	return tb_nl_talk(nl, nlh, NULL, NULL);
}

int tb_addr_add(struct tb_nl *nl, const char *dev, const struct tb_prefix *p)
{
	return addr_request(nl, RTM_NEWADDR, NLM_F_CREATE | NLM_F_EXCL, dev, p);
}

int tb_addr_del(struct tb_nl *nl, const char *dev, const struct tb_prefix *p)
{
	return addr_request(nl, RTM_DELADDR, 0, dev, p);
}

static int route_request(struct tb_nl *nl, uint16_t type, uint16_t flags,
			 const struct tb_prefix *dst,
			 const struct tb_prefix *gw, const char *dev)
{
	struct nlmsghdr *nlh;
	struct rtmsg *rtm;
	unsigned int index = 0;
	int err;

	if (dst->family != AF_INET && dst->family != AF_INET6)
		return -EAFNOSUPPORT;
	if (gw != NULL && gw->family != dst->family)
		return -EINVAL;
	if (dev != NULL) {
		err = tb_link_index(nl, dev, &index);
		if (err < 0)
			return err;
	}

	nlh = tb_nl_msg(nl, type, flags);
	rtm = mnl_nlmsg_put_extra_header(nlh, sizeof(*rtm));
	rtm->rtm_family = (unsigned char)dst->family;
	rtm->rtm_dst_len = (unsigned char)dst->len;
	rtm->rtm_table = RT_TABLE_MAIN;
	if (type == RTM_NEWROUTE) {
		rtm->rtm_protocol = RTPROT_BOOT;
		rtm->rtm_type = RTN_UNICAST;
		rtm->rtm_scope = gw != NULL ? RT_SCOPE_UNIVERSE : RT_SCOPE_LINK;
	} else {
		rtm->rtm_scope = RT_SCOPE_NOWHERE;
	}

	if (dst->len > 0)
		mnl_attr_put(nlh, RTA_DST, family_bytes(dst->family),
			     dst->addr.raw);
	if (gw != NULL)
		mnl_attr_put(nlh, RTA_GATEWAY, family_bytes(gw->family),
			     gw->addr.raw);
	if (index != 0)
		mnl_attr_put_u32(nlh, RTA_OIF, index);

	return tb_nl_talk(nl, nlh, NULL, NULL);
}

int tb_route_add(struct tb_nl *nl, const struct tb_prefix *dst,
		 const struct tb_prefix *gw, const char *dev)
{
	if (gw == NULL && dev == NULL)
		return -EINVAL;
	return route_request(nl, RTM_NEWROUTE, NLM_F_CREATE | NLM_F_EXCL,
			     dst, gw, dev);
}

int tb_route_del(struct tb_nl *nl, const struct tb_prefix *dst,
		 const struct tb_prefix *gw, const char *dev)
{
	return route_request(nl, RTM_DELROUTE, 0, dst, gw, dev);
}

int tb_forwarding_set(int netns_fd, int family, int on)
{
	const char *value = on ? "1" : "0";

	switch (family) {
	case AF_INET:
		return tb_sysctl_set(netns_fd, "net.ipv4.ip_forward", value);
	case AF_INET6:
		return tb_sysctl_set(netns_fd, "net.ipv6.conf.all.forwarding",
				     value);
	}
	return -EAFNOSUPPORT;
}
