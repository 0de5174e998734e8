#define _GNU_SOURCE /* accept4 */
#include "sock.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "addr.h"

int lk_sock_open(int family) {
  int fd = socket(family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC,
                  IPPROTO_SCTP);
  return fd < 0 ? -errno : fd;
}

/* Bytes taken by the first count entries of a packed list, or -EINVAL. */
static int packed_size(const void *packed, int count) {
  size_t off = 0;

  if (count <= 0)
    return -EINVAL;
  /* count entries fit in count of the largest: an upper bound. */
  size_t bound = (size_t)count * sizeof(struct sockaddr_in6);
  for (int i = 0; i < count; i++) {
    if (lk_addr_list_next(packed, bound, &off, NULL, NULL) != 1)
      return -EINVAL;
  }
  return (int)off;
}

/* sctp_bindx() and sctp_connectx() of libsctp are thin wrappers over socket
 * options that take the packed list and its size in bytes; they are made
 * here directly so that the addon needs nothing but libc at run time. */
int lk_sock_bindx(int fd, const void *packed, int count, int add) {
  int size = packed_size(packed, count);
  int on = 1;
  if (size < 0)
    return size;
  /* SO_REUSEADDR before binding, as libuv does for every TCP bind: a
   * restarted server (or a client on a fixed port) can bind its port while
   * associations of its previous life still hold it, shutting down or
   * retransmitting to a dead peer. Linux SCTP still refuses the port while
   * another socket listens on it (EADDRINUSE). */
  if (add && setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on)) < 0)
    return -errno;
  if (setsockopt(fd, SOL_SCTP,
                 add ? SCTP_SOCKOPT_BINDX_ADD : SCTP_SOCKOPT_BINDX_REM, packed,
                 (socklen_t)size) < 0)
    return -errno;
  return 0;
}

int lk_sock_connectx(int fd, const void *packed, int count) {
  int size = packed_size(packed, count);
  if (size < 0)
    return size;
  /* On success the kernel returns the new association's id (> 0). Kernels
   * before 2.6.26 know only the older option, which returns 0. */
  if (setsockopt(fd, SOL_SCTP, SCTP_SOCKOPT_CONNECTX, packed,
                 (socklen_t)size) >= 0)
    return 0;
  if (errno != ENOPROTOOPT)
    return -errno;
  if (setsockopt(fd, SOL_SCTP, SCTP_SOCKOPT_CONNECTX_OLD, packed,
                 (socklen_t)size) < 0)
    return -errno;
  return 0;
}

int lk_sock_listen(int fd, int backlog) {
  return listen(fd, backlog) < 0 ? -errno : 0;
}

int lk_sock_accept(int fd) {
  int nfd;
  do
    nfd = accept4(fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
  while (nfd < 0 && errno == EINTR);
  return nfd < 0 ? -errno : nfd;
}

int lk_sock_error(int fd) {
  int err = 0;
  socklen_t len = sizeof(err);
  if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) < 0)
    return -errno;
  return -err;
}

/* Linux refuses (EMSGSIZE) a message larger than the whole send buffer:
 * a message is queued whole. Grow the buffer to fit it, beyond
 * net.core.wmem_max when privileged (SO_SNDBUFFORCE). 0 when it grew. */
static int grow_sndbuf(int fd, size_t len) {
  int cur = 0, want;
  socklen_t optlen = sizeof(cur);
  if (len > INT32_MAX / 2 ||
      getsockopt(fd, SOL_SOCKET, SO_SNDBUF, &cur, &optlen) < 0 ||
      (size_t)cur >= len + len / 4)
    return -1;
  want = (int)(len + len / 4); /* room for chunk overhead */
  if (setsockopt(fd, SOL_SOCKET, SO_SNDBUFFORCE, &want, sizeof(want)) < 0 &&
      setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &want, sizeof(want)) < 0)
    return -1;
  optlen = sizeof(want);
  if (getsockopt(fd, SOL_SOCKET, SO_SNDBUF, &want, &optlen) < 0 || want <= cur)
    return -1;
  return 0;
}

ssize_t lk_sock_send(int fd, const void *buf, size_t len,
                     const struct lk_send_info *info) {
  union {
    char bytes[CMSG_SPACE(sizeof(struct sctp_sndinfo)) +
               CMSG_SPACE(sizeof(struct sctp_prinfo))];
    struct cmsghdr align;
  } control;
  struct iovec iov = {.iov_base = (void *)buf, .iov_len = len};
  struct msghdr msg = {
      .msg_iov = &iov,
      .msg_iovlen = 1,
      .msg_control = control.bytes,
      .msg_controllen = CMSG_SPACE(sizeof(struct sctp_sndinfo)),
  };
  struct sctp_sndinfo snd = {
      .snd_sid = info->sid,
      .snd_flags = (uint16_t)info->flags,
      .snd_ppid = htonl(info->ppid),
  };
  ssize_t n;

  /* SCTP has no empty DATA chunk (Linux refuses one with EINVAL): an empty
   * message is complete without being sent, as an empty write is in net. */
  if (len == 0)
    return 0;
  memset(&control, 0, sizeof(control));
  struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
  c->cmsg_level = IPPROTO_SCTP;
  c->cmsg_type = SCTP_SNDINFO;
  c->cmsg_len = CMSG_LEN(sizeof(snd));
  memcpy(CMSG_DATA(c), &snd, sizeof(snd));

  if (info->ttl_ms > 0) {
    struct sctp_prinfo pr;
    /* Zeroed whole: two bytes of padding follow pr_policy, and the whole
     * struct goes to the kernel. */
    memset(&pr, 0, sizeof(pr));
    pr.pr_policy = SCTP_PR_SCTP_TTL;
    pr.pr_value = info->ttl_ms;
    msg.msg_controllen += CMSG_SPACE(sizeof(pr));
    c = CMSG_NXTHDR(&msg, c);
    c->cmsg_level = IPPROTO_SCTP;
    c->cmsg_type = SCTP_PRINFO;
    c->cmsg_len = CMSG_LEN(sizeof(pr));
    memcpy(CMSG_DATA(c), &pr, sizeof(pr));
  }

  do
    n = sendmsg(fd, &msg, MSG_NOSIGNAL | MSG_DONTWAIT);
  while (n < 0 && errno == EINTR);
  if (n < 0 && errno == EMSGSIZE && grow_sndbuf(fd, len) == 0) {
    do
      n = sendmsg(fd, &msg, MSG_NOSIGNAL | MSG_DONTWAIT);
    while (n < 0 && errno == EINTR);
  }
  return n < 0 ? -errno : n;
}

#define LK_RX_MIN_READ 4096
#define LK_RX_KEEP_MAX (1u << 20)

void lk_rx_free(struct lk_rx *rx) {
  if (!rx->lent)
    free(rx->buf);
  memset(rx, 0, sizeof(*rx));
}

void lk_rx_lend(struct lk_rx *rx, uint8_t *buf, size_t cap) {
  if (rx->len != 0 || rx->buf == buf)
    return;
  if (!rx->lent)
    free(rx->buf);
  rx->buf = buf;
  rx->cap = cap;
  rx->lent = 1;
}

void lk_rx_reset(struct lk_rx *rx) {
  rx->len = 0;
  rx->notification = 0;
  if (!rx->lent && rx->cap > LK_RX_KEEP_MAX) {
    uint8_t *smaller = realloc(rx->buf, LK_RX_KEEP_MAX);
    if (smaller != NULL) {
      rx->buf = smaller;
      rx->cap = LK_RX_KEEP_MAX;
    }
  }
}

/* Memory of rx's own, of cap bytes, holding what was read so far. */
static int rx_own(struct lk_rx *rx, size_t cap) {
  uint8_t *own;
  if (rx->lent) {
    own = malloc(cap);
    if (own != NULL && rx->len > 0)
      memcpy(own, rx->buf, rx->len);
  } else {
    own = realloc(rx->buf, cap);
  }
  if (own == NULL)
    return -ENOMEM;
  rx->buf = own;
  rx->cap = cap;
  rx->lent = 0;
  return 0;
}

static int rx_grow(struct lk_rx *rx) {
  size_t cap = rx->cap >= LK_RX_MIN_READ ? rx->cap * 2 : 16 * LK_RX_MIN_READ;
  return rx_own(rx, cap);
}

int lk_sock_recv(int fd, struct lk_rx *rx) {
  for (;;) {
    union {
      char bytes[CMSG_SPACE(sizeof(struct sctp_rcvinfo))];
      struct cmsghdr align;
    } control;
    struct iovec iov;
    struct msghdr msg;
    ssize_t n;
    int err;

    if (rx->cap - rx->len < LK_RX_MIN_READ && (err = rx_grow(rx)) < 0)
      return err;

    iov.iov_base = rx->buf + rx->len;
    iov.iov_len = rx->cap - rx->len;
    memset(&msg, 0, sizeof(msg));
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    msg.msg_control = control.bytes;
    msg.msg_controllen = sizeof(control.bytes);

    do
      n = recvmsg(fd, &msg, MSG_DONTWAIT);
    while (n < 0 && errno == EINTR);
    if (n < 0) {
      if (errno == EAGAIN || errno == EWOULDBLOCK) {
        /* A message in pieces waits for the rest in memory of its own. */
        if (rx->len > 0 && rx->lent && (err = rx_own(rx, rx->cap)) < 0) {
          lk_rx_reset(rx);
          return err;
        }
        return LK_RX_AGAIN;
      }
      err = -errno;
      lk_rx_reset(rx); /* a message cut short: never delivered */
      return err;
    }
    if (n == 0 && !(msg.msg_flags & MSG_NOTIFICATION)) {
      if (rx->len == 0)
        return LK_RX_EOF;
      /* End of file in the middle of a message: it will never be whole. */
      lk_rx_reset(rx);
      return -ECONNRESET;
    }
    if (rx->len > 0 && !rx->notification &&
        (msg.msg_flags & MSG_NOTIFICATION)) {
      /* A notification while a data message is being delivered in pieces:
       * the kernel only does that when it aborts the partial delivery
       * (the association was aborted or restarted; the notification is
       * SCTP_PARTIAL_DELIVERY_EVENT, SCTP_PARTIAL_DELIVERY_ABORTED). The
       * rest of the message will never come: drop what was read, keep the
       * notification as the message now in progress. */
      memmove(rx->buf, rx->buf + rx->len, (size_t)n);
      rx->len = 0;
    }

    if (rx->len == 0) {
      struct cmsghdr *c;
      rx->notification = (msg.msg_flags & MSG_NOTIFICATION) != 0;
      memset(&rx->info, 0, sizeof(rx->info));
      for (c = CMSG_FIRSTHDR(&msg); c != NULL; c = CMSG_NXTHDR(&msg, c)) {
        if (c->cmsg_level == IPPROTO_SCTP && c->cmsg_type == SCTP_RCVINFO &&
            c->cmsg_len >= CMSG_LEN(sizeof(rx->info))) {
          memcpy(&rx->info, CMSG_DATA(c), sizeof(rx->info));
          rx->info.rcv_ppid = ntohl(rx->info.rcv_ppid);
        }
      }
    }
    rx->len += (size_t)n;
    if (msg.msg_flags & MSG_EOR)
      return LK_RX_MESSAGE;
  }
}

int lk_sock_shutdown(int fd) {
  return shutdown(fd, SHUT_WR) < 0 ? -errno : 0;
}

int lk_sock_set_abort_on_close(int fd) {
  struct linger l = {.l_onoff = 1, .l_linger = 0};
  return setsockopt(fd, SOL_SOCKET, SO_LINGER, &l, sizeof(l)) < 0 ? -errno : 0;
}
