/* sock_diag query of one SCTP association: see diag.h. One request
 * (SOCK_DIAG_BY_FAMILY, no NLM_F_DUMP: the kernel's sctp_diag_dump_one
 * looks the transport up by local and peer address), one answer: an
 * inet_diag_msg with its attributes, or an NLMSG_ERROR. */
#include "diag.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/sock_diag.h>

static int fill_id(struct inet_diag_sockid *id, const struct sockaddr *local,
                   const struct sockaddr *remote) {
  if (local->sa_family == AF_INET && remote->sa_family == AF_INET) {
    const struct sockaddr_in *l = (const struct sockaddr_in *)local;
    const struct sockaddr_in *r = (const struct sockaddr_in *)remote;
    id->idiag_sport = l->sin_port;
    id->idiag_dport = r->sin_port;
    memcpy(id->idiag_src, &l->sin_addr, sizeof(l->sin_addr));
    memcpy(id->idiag_dst, &r->sin_addr, sizeof(r->sin_addr));
    return AF_INET;
  }
  if (local->sa_family == AF_INET6 && remote->sa_family == AF_INET6) {
    const struct sockaddr_in6 *l = (const struct sockaddr_in6 *)local;
    const struct sockaddr_in6 *r = (const struct sockaddr_in6 *)remote;
    id->idiag_sport = l->sin6_port;
    id->idiag_dport = r->sin6_port;
    memcpy(id->idiag_src, &l->sin6_addr, sizeof(l->sin6_addr));
    memcpy(id->idiag_dst, &r->sin6_addr, sizeof(r->sin6_addr));
    id->idiag_if = l->sin6_scope_id;
    return AF_INET6;
  }
  return -EINVAL;
}

/* The INET_DIAG_INFO attribute of one answer, copied into *out. */
static int take_info(const struct nlmsghdr *nlh, struct sctp_info *out) {
  const struct inet_diag_msg *msg = NLMSG_DATA(nlh);
  const struct rtattr *rta;
  int len;

  if (nlh->nlmsg_len < NLMSG_LENGTH(sizeof(*msg)))
    return -EPROTO;
  len = (int)(nlh->nlmsg_len - NLMSG_LENGTH(sizeof(*msg)));
  for (rta = (const struct rtattr *)(msg + 1); RTA_OK(rta, len);
       rta = RTA_NEXT(rta, len)) {
    if (rta->rta_type == INET_DIAG_INFO) {
      size_t n = RTA_PAYLOAD(rta);
      memcpy(out, RTA_DATA(rta), n < sizeof(*out) ? n : sizeof(*out));
      return 0;
    }
  }
  return -ENODATA;
}

int lk_diag_sctp_info(const struct sockaddr *local,
                      const struct sockaddr *remote, struct sctp_info *out) {
  struct {
    struct nlmsghdr nlh;
    struct inet_diag_req_v2 req;
  } rq;
  struct sockaddr_nl kernel = {.nl_family = AF_NETLINK};
  /* The answer: an inet_diag_msg, the association's addresses (128 bytes
   * each, local and peer: INET_DIAG_LOCALS and _PEERS) and then struct
   * sctp_info. Most fit here; one with many addresses gets a buffer of
   * its size (a truncated answer loses sctp_info, which comes last). */
  union {
    struct nlmsghdr nlh;
    char bytes[8192];
  } stack_buf;
  struct nlmsghdr *buf = &stack_buf.nlh;
  int fd, family, err = -ENOENT;
  ssize_t got;

  if (local == NULL || remote == NULL || out == NULL)
    return -EINVAL;
  memset(out, 0, sizeof(*out));
  memset(&rq, 0, sizeof(rq));
  if ((family = fill_id(&rq.req.id, local, remote)) < 0)
    return family;
  rq.nlh.nlmsg_len = sizeof(rq);
  rq.nlh.nlmsg_type = SOCK_DIAG_BY_FAMILY;
  rq.nlh.nlmsg_flags = NLM_F_REQUEST;
  rq.nlh.nlmsg_seq = 1;
  rq.req.sdiag_family = (__u8)family;
  rq.req.sdiag_protocol = IPPROTO_SCTP;
  rq.req.idiag_ext = 1u << (INET_DIAG_INFO - 1);
  rq.req.idiag_states = ~0u;
  rq.req.id.idiag_cookie[0] = INET_DIAG_NOCOOKIE;
  rq.req.id.idiag_cookie[1] = INET_DIAG_NOCOOKIE;

  fd = socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC, NETLINK_SOCK_DIAG);
  if (fd < 0)
    return -errno;
  if (sendto(fd, &rq, sizeof(rq), 0, (struct sockaddr *)&kernel,
             sizeof(kernel)) < 0) {
    err = -errno;
    goto out;
  }
  /* The kernel answers within sendto(): the answer is queued by now, so
   * the reads never wait (MSG_DONTWAIT: this runs on the event loop). */
  do
    got = recv(fd, buf, sizeof(stack_buf), MSG_PEEK | MSG_TRUNC | MSG_DONTWAIT);
  while (got < 0 && errno == EINTR);
  if (got < 0) {
    err = -errno;
    goto out;
  }
  if ((size_t)got > sizeof(stack_buf) &&
      (buf = malloc((size_t)got)) == NULL) {
    err = -ENOMEM;
    goto out;
  }
  do
    got = recv(fd, buf, buf == &stack_buf.nlh ? sizeof(stack_buf) : (size_t)got,
               MSG_DONTWAIT);
  while (got < 0 && errno == EINTR);
  if (got < 0) {
    err = -errno;
    goto out;
  }
  for (struct nlmsghdr *nlh = buf; NLMSG_OK(nlh, (size_t)got);
       nlh = NLMSG_NEXT(nlh, got)) {
    if (nlh->nlmsg_type == NLMSG_ERROR) {
      const struct nlmsgerr *e = NLMSG_DATA(nlh);
      /* No sctp_diag: the kernel says ENOENT as for no association. */
      err = nlh->nlmsg_len >= NLMSG_LENGTH(sizeof(*e)) && e->error < 0
                ? e->error
                : -EPROTO;
      break;
    }
    if (nlh->nlmsg_type == SOCK_DIAG_BY_FAMILY) {
      err = take_info(nlh, out);
      break;
    }
  }
out:
  if (buf != &stack_buf.nlh)
    free(buf);
  close(fd);
  return err;
}
