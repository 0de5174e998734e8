/* One association's struct sctp_info through the kernel's sock_diag
 * interface (NETLINK_SOCK_DIAG, INET_DIAG_INFO; Linux's sctp_diag module),
 * the structure SCTP_STATUS does not give: verification tags, queue
 * lengths, the overall error count, max burst, the peer's capabilities.
 * No Node-API here; src/diag_binding.c is the glue. */
#ifndef LKSCTP_DIAG_H
#define LKSCTP_DIAG_H

#include <netinet/in.h>
#include <sys/socket.h>

#include <netinet/sctp.h>

/* The association whose transport joins local (one of its local addresses,
 * with its port) and remote (one of its peer's, with its port); both
 * AF_INET or both AF_INET6. Fills *out (zeroed first; a kernel with a
 * shorter struct leaves the rest zero). Returns 0 or -errno: -ENOENT when
 * no association matches or the kernel has no sctp_diag, -EINVAL for
 * mismatched families, other errors of socket(), send() and recv(). */
int lk_diag_sctp_info(const struct sockaddr *local,
                      const struct sockaddr *remote, struct sctp_info *out);

#endif
