/* nl.c - rtnetlink requests with checked ACKs and extended-ACK messages. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <libmnl/libmnl.h>
#include <linux/netlink.h>

#include "netns.h"
#include "nl.h"

/* Room for the biggest answer we ask for: one RTM_NEWLINK of a veth, or an
 * NLMSG_ERROR echoing a whole request, with its TLVs. */
#define TB_NL_RECV_SIZE 32768
#define TB_NL_SEND_SIZE 8192

struct tb_nl {
	struct mnl_socket *sock;
	unsigned int portid;
	unsigned int seq;
	char ext[TB_NL_EXT_MAX];
	char req[TB_NL_SEND_SIZE];
	char ans[TB_NL_RECV_SIZE];
};

int tb_nl_open(struct tb_nl **nlp, int netns_fd)
{
	struct tb_nl *nl;
	int saved = -1, one = 1, err;

	nl = calloc(1, sizeof(*nl));
	if (nl == NULL)
		return -ENOMEM;

	if (netns_fd >= 0) {
		err = tb_netns_enter(netns_fd, &saved);
		if (err < 0)
			goto err_free;
	}

	nl->sock = mnl_socket_open2(NETLINK_ROUTE, SOCK_CLOEXEC);
	err = nl->sock == NULL ? -errno : 0;

	if (saved >= 0) {
		int back = tb_netns_leave(saved);

		if (err == 0)
			err = back;
	}
	if (err < 0)
		goto err_close;

	/* Extended ACKs are a bonus: an old kernel without them still works. */
	mnl_socket_setsockopt(nl->sock, NETLINK_EXT_ACK, &one, sizeof(one));

	if (mnl_socket_bind(nl->sock, 0, MNL_SOCKET_AUTOPID) < 0) {
		err = -errno;
		goto err_close;
	}
	nl->portid = mnl_socket_get_portid(nl->sock);
	nl->seq = (unsigned int)time(NULL);
	*nlp = nl;
	return 0;

err_close:
	if (nl->sock != NULL)
		mnl_socket_close(nl->sock);
err_free:
	free(nl);
	return err;
}

void tb_nl_close(struct tb_nl *nl)
{
	if (nl == NULL)
		return;
	mnl_socket_close(nl->sock);
	free(nl);
}

struct nlmsghdr *tb_nl_msg(struct tb_nl *nl, uint16_t type, uint16_t flags)
{
	struct nlmsghdr *nlh;

	memset(nl->req, 0, sizeof(nl->req));
	nlh = mnl_nlmsg_put_header(nl->req);
	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | flags;
	return nlh;
}

const char *tb_nl_ext(const struct tb_nl *nl)
{
	return nl->ext;
}

static int ext_attr_cb(const struct nlattr *attr, void *data)
{
	const struct nlattr **tb = data;
	uint16_t type = mnl_attr_get_type(attr);

	if (mnl_attr_type_valid(attr, NLMSGERR_ATTR_MAX) < 0)
		return MNL_CB_OK;
	if (type == NLMSGERR_ATTR_MSG &&
	    mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) < 0)
		return MNL_CB_ERROR;
	tb[type] = attr;
	return MNL_CB_OK;
}

int tb_nl_parse_error(const struct nlmsghdr *nlh, char *msg, size_t msglen)
{
	const struct nlattr *tb[NLMSGERR_ATTR_MAX + 1] = { NULL };
	const struct nlmsgerr *e;
	size_t off;

	if (msglen > 0)
		msg[0] = '\0';
	if (nlh->nlmsg_len < mnl_nlmsg_size(sizeof(*e)) ||
	    nlh->nlmsg_type != NLMSG_ERROR)
		return -EBADMSG;
	e = mnl_nlmsg_get_payload(nlh);
	if (e->error > 0 || e->error < -4095)
		return -EBADMSG;
	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return e->error;

	/* The TLVs follow the echoed request: its header only when the kernel
	 * capped it, else all of it. */
	off = sizeof(*e);
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED)) {
		if (e->msg.nlmsg_len < sizeof(struct nlmsghdr) ||
		    e->msg.nlmsg_len > nlh->nlmsg_len)
			return -EBADMSG;
		off += MNL_ALIGN(e->msg.nlmsg_len) - sizeof(struct nlmsghdr);
	}
	if (mnl_nlmsg_size(off) > nlh->nlmsg_len)
		return -EBADMSG;
	if (mnl_attr_parse(nlh, (unsigned int)off, ext_attr_cb, tb) < 0)
		return -EBADMSG;

	if (tb[NLMSGERR_ATTR_MSG] != NULL && msglen > 0)
		snprintf(msg, msglen, "%s",
			 mnl_attr_get_str(tb[NLMSGERR_ATTR_MSG]));
	return e->error;
}

/* One exchange: the caller's callback and where errors land. */
struct talk {
	struct tb_nl *nl;
	mnl_cb_t cb;
	void *data;
	int err;	/* the callback's error, reported after the ACK */
	int done;	/* the callback wants no more data messages */
};

/* The caller's callback may stop or fail early; the answer is still read up
 * to the kernel's ACK so that nothing stale waits in the socket for the
 * next request. */
static int talk_data_cb(const struct nlmsghdr *nlh, void *data)
{
	struct talk *t = data;
	int ret;

	if (t->cb == NULL || t->done)
		return MNL_CB_OK;
	errno = 0;
	ret = t->cb(nlh, t->data);
	if (ret == MNL_CB_ERROR) {
		t->err = errno != 0 ? -errno : -EPROTO;
		t->done = 1;
	} else if (ret == MNL_CB_STOP) {
		t->done = 1;
	}
	return MNL_CB_OK;
}

static int talk_noop_cb(const struct nlmsghdr *nlh, void *data)
{
	(void)nlh;
	(void)data;
	return MNL_CB_OK;
}

static int talk_error_cb(const struct nlmsghdr *nlh, void *data)
{
	struct talk *t = data;
	int err;

	err = tb_nl_parse_error(nlh, t->nl->ext, sizeof(t->nl->ext));
	if (err == 0)
		return MNL_CB_STOP;
	errno = -err;
	return MNL_CB_ERROR;
}

static int talk_done_cb(const struct nlmsghdr *nlh, void *data)
{
	(void)nlh;
	(void)data;
	return MNL_CB_STOP;
}

static int talk_overrun_cb(const struct nlmsghdr *nlh, void *data)
{
	(void)nlh;
	(void)data;
	errno = ENOSPC;
	return MNL_CB_ERROR;
}

/* Not const: mnl_cb_run2() takes a plain pointer; never written. */
static mnl_cb_t talk_ctl[NLMSG_MIN_TYPE] = {
	[NLMSG_NOOP] = talk_noop_cb,
	[NLMSG_ERROR] = talk_error_cb,
	[NLMSG_DONE] = talk_done_cb,
	[NLMSG_OVERRUN] = talk_overrun_cb,
};

int tb_nl_talk(struct tb_nl *nl, struct nlmsghdr *nlh, mnl_cb_t cb,
	       void *data)
{
	struct talk t = { .nl = nl, .cb = cb, .data = data };
	unsigned int seq;
	ssize_t n;
	int ret;

	nl->ext[0] = '\0';
	nlh->nlmsg_flags |= NLM_F_REQUEST | NLM_F_ACK;
	nlh->nlmsg_seq = seq = ++nl->seq;

	if (mnl_socket_sendto(nl->sock, nlh, nlh->nlmsg_len) < 0)
		return -errno;

	for (;;) {
		n = mnl_socket_recvfrom(nl->sock, nl->ans, sizeof(nl->ans));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		errno = 0;
		ret = mnl_cb_run2(nl->ans, (size_t)n, seq, nl->portid,
				  talk_data_cb, &t, talk_ctl,
				  MNL_ARRAY_SIZE(talk_ctl));
		if (ret <= MNL_CB_STOP)
			break;
	}

	if (ret < 0)
		return errno != 0 ? -errno : -EPROTO;
	return t.err;
}

const char *tb_strerror(int err, const char *ext, char *buf, size_t len)
{
	if (ext != NULL && ext[0] != '\0')
		snprintf(buf, len, "%s (%s)", strerror(-err), ext);
	else
		snprintf(buf, len, "%s", strerror(-err));
	return buf;
}
