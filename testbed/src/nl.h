/* nl.h - one rtnetlink socket, bound to the namespace it was opened in.
 *
 * Every request made through tb_nl_talk() carries NLM_F_REQUEST|NLM_F_ACK and
 * a sequence number of its own, and its answer is checked by mnl_cb_run2()
 * against that sequence number and the socket's port id.  Extended ACKs are
 * on: when the kernel refuses a request, the message it gives
 * (NLMSGERR_ATTR_MSG) is kept and tb_nl_ext() returns it until the next
 * request.
 *
 * All functions return 0 or a negative errno.
 */
#ifndef TB_NL_H
#define TB_NL_H

#include <stddef.h>
#include <stdint.h>

#include <libmnl/libmnl.h>

/* Longest extended-ACK message kept, NUL included. */
#define TB_NL_EXT_MAX 256

struct tb_nl;

/* Open a NETLINK_ROUTE socket in the network namespace netns_fd (an fd of
 * /run/netns/NAME or /proc/PID/ns/net), or in the caller's own one when
 * netns_fd is negative.  The calling thread is back in its own namespace
 * when this returns, whatever the outcome. */
int tb_nl_open(struct tb_nl **nlp, int netns_fd);
void tb_nl_close(struct tb_nl *nl);

/* Start a request of the given type in the socket's request buffer; flags
 * are added to NLM_F_REQUEST|NLM_F_ACK.  The header's seq is set by
 * tb_nl_talk(). */
struct nlmsghdr *tb_nl_msg(struct tb_nl *nl, uint16_t type, uint16_t flags);

/* Send nlh (normally from tb_nl_msg()) and read answers until the kernel
 * acknowledges it.  Data messages of the answer go to cb (may be NULL).
 * Returns 0, or the kernel's -errno with tb_nl_ext() telling why. */
int tb_nl_talk(struct tb_nl *nl, struct nlmsghdr *nlh, mnl_cb_t cb,
	       void *data);

/* The extended-ACK message of the last failed request, or "" if the kernel
 * gave none. */
const char *tb_nl_ext(const struct tb_nl *nl);

/* Decode an NLMSG_ERROR message (pure: no socket involved).  Returns the
 * error it carries (0 for a plain ACK, else a negative errno), and copies
 * its NLMSGERR_ATTR_MSG, if any, into msg (always NUL-terminated; "" when
 * absent).  A truncated or malformed message gives -EBADMSG. */
int tb_nl_parse_error(const struct nlmsghdr *nlh, char *msg, size_t msglen);

/* Format "strerror(-err) (ext)" or "strerror(-err)" into buf; returns buf. */
const char *tb_strerror(int err, const char *ext, char *buf, size_t len);

#endif
