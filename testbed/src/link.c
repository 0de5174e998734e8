/* link.c - veth pairs and link state over rtnetlink (iproute2 ip/link_veth.c,
 * libmnl examples/rtnl/rtnl-link-set.c). */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <string.h>

#include <libmnl/libmnl.h>
#include <linux/if.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>
#include <linux/veth.h>

#include "link.h"
#include "nl.h"

int tb_ifname_check(const char *name)
{
	const char *p;

	if (name == NULL || name[0] == '\0' || strcmp(name, ".") == 0 ||
	    strcmp(name, "..") == 0)
		return -EINVAL;
	if (strlen(name) >= IFNAMSIZ)
		return -ENAMETOOLONG;
	for (p = name; *p != '\0'; p++)
		if (*p == '/' || *p == ':' || isspace((unsigned char)*p))
			return -EINVAL;
	return 0;
}

static struct nlmsghdr *link_msg(struct tb_nl *nl, uint16_t type,
				 uint16_t flags, struct ifinfomsg **ifmp)
{
	struct nlmsghdr *nlh = tb_nl_msg(nl, type, flags);
	struct ifinfomsg *ifm;

	ifm = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifm));
	ifm->ifi_family = AF_UNSPEC;
	if (ifmp != NULL)
		*ifmp = ifm;
	return nlh;
}

static int link_index_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct ifinfomsg *ifm = mnl_nlmsg_get_payload(nlh);
	unsigned int *index = data;

	if (nlh->nlmsg_type != RTM_NEWLINK ||
	    mnl_nlmsg_get_payload_len(nlh) < sizeof(*ifm))
		return MNL_CB_OK;
	*index = (unsigned int)ifm->ifi_index;
	return MNL_CB_STOP;
}

int tb_link_index(struct tb_nl *nl, const char *name, unsigned int *index)
{
	struct nlmsghdr *nlh;
	unsigned int found = 0;
	int err;

	err = tb_ifname_check(name);
	if (err < 0)
		return err;
	nlh = link_msg(nl, RTM_GETLINK, 0, NULL);
	mnl_attr_put_strz(nlh, IFLA_IFNAME, name);
	/* The index is all we want: spare the kernel the statistics. */
	mnl_attr_put_u32(nlh, IFLA_EXT_MASK, RTEXT_FILTER_SKIP_STATS);
	err = tb_nl_talk(nl, nlh, link_index_cb, &found);
	if (err < 0)
		return err;
	if (found == 0)
		return -ENODEV;
	*index = found;
	return 0;
}

int tb_veth_add(struct tb_nl *nl, const char *name, const char *peer,
		int peer_netns_fd)
{
	struct nlattr *linkinfo, *data, *peer_info;
	struct ifinfomsg *peer_ifm;
	struct nlmsghdr *nlh;
	int err;

	err = tb_ifname_check(name);
	if (err == 0)
		err = tb_ifname_check(peer);
	if (err < 0)
		return err;

	nlh = link_msg(nl, RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL, NULL);
	mnl_attr_put_strz(nlh, IFLA_IFNAME, name);

	linkinfo = mnl_attr_nest_start(nlh, IFLA_LINKINFO);
	mnl_attr_put_strz(nlh, IFLA_INFO_KIND, "veth");
	data = mnl_attr_nest_start(nlh, IFLA_INFO_DATA);

	/* VETH_INFO_PEER holds the peer's own ifinfomsg, then its
	 * attributes, as if it were a request of its own. */
	peer_info = mnl_attr_nest_start(nlh, VETH_INFO_PEER);
	peer_ifm = mnl_nlmsg_get_payload_tail(nlh);
	memset(peer_ifm, 0, sizeof(*peer_ifm));
	peer_ifm->ifi_family = AF_UNSPEC;
	nlh->nlmsg_len += MNL_ALIGN(sizeof(*peer_ifm));
	mnl_attr_put_strz(nlh, IFLA_IFNAME, peer);
	if (peer_netns_fd >= 0)
		mnl_attr_put_u32(nlh, IFLA_NET_NS_FD, (uint32_t)peer_netns_fd);
	mnl_attr_nest_end(nlh, peer_info);

	mnl_attr_nest_end(nlh, data);
	mnl_attr_nest_end(nlh, linkinfo);

	return tb_nl_talk(nl, nlh, NULL, NULL);
}

int tb_link_set(struct tb_nl *nl, const char *name, int up)
{
	struct ifinfomsg *ifm;
	struct nlmsghdr *nlh;
	int err;

	err = tb_ifname_check(name);
	if (err < 0)
		return err;
	nlh = link_msg(nl, RTM_NEWLINK, 0, &ifm);
	ifm->ifi_change = IFF_UP;
	ifm->ifi_flags = up ? IFF_UP : 0;
	mnl_attr_put_strz(nlh, IFLA_IFNAME, name);
	return tb_nl_talk(nl, nlh, NULL, NULL);
}

int tb_link_stats_parse(const struct nlmsghdr *nlh, struct tb_link_stats *st)
{
	const struct ifinfomsg *ifm = mnl_nlmsg_get_payload(nlh);
	const struct nlattr *attr;
	struct rtnl_link_stats64 s;

	if (nlh->nlmsg_type != RTM_NEWLINK ||
	    mnl_nlmsg_get_payload_len(nlh) < sizeof(*ifm))
		return -EINVAL;
	mnl_attr_for_each(attr, nlh, sizeof(*ifm)) {
		if (mnl_attr_get_type(attr) != IFLA_STATS64)
			continue;
		/* Older kernels send a shorter struct: what is there counts,
		 * the rest is zero. */
		memset(&s, 0, sizeof(s));
		memcpy(&s, mnl_attr_get_payload(attr),
		       mnl_attr_get_payload_len(attr) < sizeof(s)
			       ? mnl_attr_get_payload_len(attr) : sizeof(s));
		st->tx_packets = s.tx_packets;
		st->tx_bytes = s.tx_bytes;
		st->rx_packets = s.rx_packets;
		st->rx_bytes = s.rx_bytes;
		st->tx_dropped = s.tx_dropped;
		st->rx_dropped = s.rx_dropped;
		return 0;
	}
	return -ENODATA;
}

struct stats_req {
	struct tb_link_stats *st;
	int err;
};

static int link_stats_cb(const struct nlmsghdr *nlh, void *data)
{
	struct stats_req *req = data;

	if (nlh->nlmsg_type != RTM_NEWLINK)
		return MNL_CB_OK;
	req->err = tb_link_stats_parse(nlh, req->st);
	return MNL_CB_STOP;
}

int tb_link_stats(struct tb_nl *nl, const char *name, struct tb_link_stats *st)
{
	struct stats_req req = { st, -ENODEV };
	struct nlmsghdr *nlh;
	int err;

	err = tb_ifname_check(name);
	if (err < 0)
		return err;
	nlh = link_msg(nl, RTM_GETLINK, 0, NULL);
	mnl_attr_put_strz(nlh, IFLA_IFNAME, name);
	err = tb_nl_talk(nl, nlh, link_stats_cb, &req);
	return err < 0 ? err : req.err;
}

int tb_link_del(struct tb_nl *nl, const char *name)
{
	struct nlmsghdr *nlh;
	int err;

	err = tb_ifname_check(name);
	if (err < 0)
		return err;
	nlh = link_msg(nl, RTM_DELLINK, 0, NULL);
	mnl_attr_put_strz(nlh, IFLA_IFNAME, name);
	return tb_nl_talk(nl, nlh, NULL, NULL);
}
