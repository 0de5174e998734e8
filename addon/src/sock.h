/* Socket I/O over the kernel's one-to-one SCTP sockets.
 *
 * Plain C, no Node-API: every function returns 0 (or a count) on success
 * and -errno on failure, like libuv. The binding turns results into JS. */
#ifndef LKSCTP_SOCK_H
#define LKSCTP_SOCK_H

#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <netinet/sctp.h>

/* Create a non-blocking, close-on-exec SCTP socket (SOCK_STREAM, one-to-one
 * style) of the given family (AF_INET or AF_INET6). Returns fd or -errno. */
int lk_sock_open(int family);

/* Add (add != 0) or remove a packed address list (see addr.h) with
 * SCTP_SOCKOPT_BINDX_ADD/REM, as sctp_bindx() does. On an unbound socket a
 * port of 0 picks one ephemeral port, shared by all the addresses. */
int lk_sock_bindx(int fd, const void *packed, int count, int add);

/* Start a non-blocking association to a packed address list. Returns 0 when
 * connected at once, -EINPROGRESS when the result comes later (read it with
 * lk_sock_error() once the socket is writable), -errno on failure. */
int lk_sock_connectx(int fd, const void *packed, int count);

int lk_sock_listen(int fd, int backlog);

/* Accept one association: fd (non-blocking, close-on-exec) or -errno
 * (-EAGAIN when none is pending). */
int lk_sock_accept(int fd);

/* Pending error of the socket (SO_ERROR): 0 or -errno. */
int lk_sock_error(int fd);

/* Send one whole message. ppid is in host byte order (converted to network
 * order here, as the wire carries it). ttl_ms > 0 asks for timed
 * reliability (PR-SCTP). Returns the byte count or -errno (-EAGAIN when the
 * send buffer is full). An empty message is not sent (SCTP cannot carry
 * one): 0 at once. */
struct lk_send_info {
  uint16_t sid;
  uint32_t ppid;
  uint32_t flags; /* SCTP_UNORDERED, ... */
  uint32_t ttl_ms;
};
ssize_t lk_sock_send(int fd, const void *buf, size_t len,
                     const struct lk_send_info *info);

/* Receiving, with reassembly of partially delivered messages: the kernel
 * hands a message larger than the buffer in pieces, the last one flagged
 * MSG_EOR. */
struct lk_rx {
  uint8_t *buf;
  size_t cap;
  size_t len;          /* bytes of the message in progress */
  int notification;    /* message in progress is a notification */
  int lent;            /* buf is lent (lk_rx_lend): not ours to grow or free */
  struct sctp_rcvinfo info; /* from the first piece */
};

enum lk_rx_result {
  LK_RX_AGAIN = 0,   /* nothing more to read now */
  LK_RX_MESSAGE = 1, /* a whole message is in rx->buf[0..len) */
  LK_RX_EOF = 2      /* the association was shut down by the peer */
};

/* A zeroed lk_rx has no buffer until lk_rx_lend gives it one. lk_rx_free
 * frees the buffer if it is rx's own and zeroes rx. */
void lk_rx_free(struct lk_rx *rx);
/* Read into buf (of cap bytes) from now on, while no message is in progress
 * (rx->len == 0; otherwise nothing changes): many receivers can share one
 * buffer when each message is consumed before the next read. A buffer of
 * rx's own is freed. A message that is still arriving in pieces when the
 * socket has no more for now, or that outgrows buf, moves to memory of
 * rx's own, so the lender can lend buf to another receiver meanwhile. */
void lk_rx_lend(struct lk_rx *rx, uint8_t *buf, size_t cap);
/* After a message has been consumed: forget it, and give back memory a very
 * large message made the buffer grow to. */
void lk_rx_reset(struct lk_rx *rx);
/* Read until a whole message is there, EAGAIN, EOF or an error (-errno).
 * Only whole messages are returned: the pieces of a message whose partial
 * delivery the kernel aborted (the association was aborted: a notification
 * comes instead of the next piece) or that an error or end of file cut
 * short are dropped. The notification or error is returned as usual; an
 * end of file in the middle of a message is -ECONNRESET. */
int lk_sock_recv(int fd, struct lk_rx *rx);

int lk_sock_shutdown(int fd);
/* Close with an ABORT instead of a graceful SHUTDOWN (SO_LINGER 0). */
int lk_sock_set_abort_on_close(int fd);

#endif
