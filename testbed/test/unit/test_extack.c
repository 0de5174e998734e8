/* test_extack.c - decoding NLMSG_ERROR messages built by hand, as the kernel
 * sends them: a plain ACK, errors with extended-ACK TLVs after a capped or a
 * full echo of the request, and broken ones. */
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include <libmnl/libmnl.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>

#include "nl.h"
#include "unit.h"

/* The request being answered: RTM_NEWADDR with a 20-byte payload. */
#define REQ_PAYLOAD 20

static union {
	struct nlmsghdr align;
	char bytes[1024];
} buf;

/* Start an NLMSG_ERROR answer: header, struct nlmsgerr, and (when not
 * capped) the rest of the request's echo. */
static struct nlmsghdr *answer(int error, uint16_t flags)
{
	struct nlmsghdr *nlh;
	struct nlmsgerr *e;

	memset(&buf, 0, sizeof(buf));
	nlh = mnl_nlmsg_put_header(buf.bytes);
	nlh->nlmsg_type = NLMSG_ERROR;
	nlh->nlmsg_flags = flags;
	nlh->nlmsg_seq = 7;
	e = mnl_nlmsg_put_extra_header(nlh, sizeof(*e));
	e->error = error;
	e->msg.nlmsg_type = RTM_NEWADDR;
	e->msg.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	e->msg.nlmsg_seq = 7;
	e->msg.nlmsg_len = NLMSG_HDRLEN + REQ_PAYLOAD;
	if (!(flags & NLM_F_CAPPED)) {
		memset(mnl_nlmsg_get_payload_tail(nlh), 0xaa, REQ_PAYLOAD);
		nlh->nlmsg_len += MNL_ALIGN(REQ_PAYLOAD);
	}
	return nlh;
}

void test_extack(void)
{
	static const char text[] = "Address already assigned";
	struct nlmsghdr *nlh;
	char msg[TB_NL_EXT_MAX], why[128];

	tap_diag("extended ACKs");
	nlh = answer(0, NLM_F_CAPPED);
	strcpy(msg, "stale");
	tap_is_int(tb_nl_parse_error(nlh, msg, sizeof(msg)), 0,
		   "a plain ACK is success");
	tap_is_str(msg, "", "... with no message");

	nlh = answer(-EEXIST, NLM_F_CAPPED | NLM_F_ACK_TLVS);
	mnl_attr_put_strz(nlh, NLMSGERR_ATTR_MSG, text);
	mnl_attr_put_u32(nlh, NLMSGERR_ATTR_OFFS, 28);
	tap_is_int(tb_nl_parse_error(nlh, msg, sizeof(msg)), -EEXIST,
		   "capped echo: the error is -EEXIST");
	tap_is_str(msg, text, "capped echo: the message is read");

	nlh = answer(-EEXIST, NLM_F_ACK_TLVS);
	mnl_attr_put_u32(nlh, NLMSGERR_ATTR_OFFS, 28);
	mnl_attr_put_strz(nlh, NLMSGERR_ATTR_MSG, text);
	tap_is_int(tb_nl_parse_error(nlh, msg, sizeof(msg)), -EEXIST,
		   "full echo: the error is -EEXIST");
	tap_is_str(msg, text, "full echo: the message after it is read");

	nlh = answer(-EEXIST, NLM_F_ACK_TLVS);
	mnl_attr_put_strz(nlh, NLMSGERR_ATTR_MSG, text);
	tb_nl_parse_error(nlh, msg, 8);
	tap_is_str(msg, "Address", "a short buffer gets the message cut");

	nlh = answer(-ENODEV, 0);
	tap_is_int(tb_nl_parse_error(nlh, msg, sizeof(msg)), -ENODEV,
		   "without TLVs: the error alone");
	tap_is_str(msg, "", "... and no message");

	nlh = answer(-EINVAL, NLM_F_CAPPED | NLM_F_ACK_TLVS);
	mnl_attr_put(nlh, NLMSGERR_ATTR_MSG, 4, "abcd");
	tap_is_int(tb_nl_parse_error(nlh, msg, sizeof(msg)), -EBADMSG,
		   "a message without its NUL is refused");

	nlh = answer(-EINVAL, NLM_F_CAPPED);
	nlh->nlmsg_len = NLMSG_HDRLEN + 4;
	tap_is_int(tb_nl_parse_error(nlh, msg, sizeof(msg)), -EBADMSG,
		   "a truncated NLMSG_ERROR is refused");

	nlh = answer(-EINVAL, NLM_F_ACK_TLVS);
	((struct nlmsgerr *)mnl_nlmsg_get_payload(nlh))->msg.nlmsg_len = 900;
	tap_is_int(tb_nl_parse_error(nlh, msg, sizeof(msg)), -EBADMSG,
		   "an echo longer than the message is refused");

	nlh = answer(-EINVAL, NLM_F_ACK_TLVS);
	((struct nlmsgerr *)mnl_nlmsg_get_payload(nlh))->msg.nlmsg_len =
		UINT32_MAX;
	tap_is_int(tb_nl_parse_error(nlh, msg, sizeof(msg)), -EBADMSG,
		   "an echo length that would wrap is refused");

	nlh = answer(-EINVAL, NLM_F_CAPPED);
	nlh->nlmsg_type = NLMSG_DONE;
	tap_is_int(tb_nl_parse_error(nlh, msg, sizeof(msg)), -EBADMSG,
		   "not an NLMSG_ERROR: refused");

	nlh = answer(5, NLM_F_CAPPED);
	tap_is_int(tb_nl_parse_error(nlh, msg, sizeof(msg)), -EBADMSG,
		   "a positive error is refused");

	tap_is_str(tb_strerror(-EEXIST, "Address already assigned", why,
			       sizeof(why)),
		   "File exists (Address already assigned)",
		   "errors print with their extended ACK");
	tap_is_str(tb_strerror(-ENODEV, "", why, sizeof(why)),
		   "No such device", "... and without one");
}
