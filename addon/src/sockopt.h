/* SCTP socket options: plain C, 0 or -errno. */
#ifndef LKSCTP_SOCKOPT_H
#define LKSCTP_SOCKOPT_H

#include <stdint.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <netinet/sctp.h>

/* Subscribe to every notification Linux delivers, and to SCTP_RCVINFO
 * ancillary data (stream, ppid, flags) on received messages. */
int lk_opt_subscribe_all(int fd);

/* SCTP_INITMSG: outbound streams wanted (os) and inbound streams accepted
 * (mis); 0 leaves the kernel's value. */
int lk_opt_set_initmsg(int fd, uint16_t os, uint16_t mis);
int lk_opt_set_nodelay(int fd, int on);
int lk_opt_get_nodelay(int fd, int *on);
/* SCTP_DELAYED_SACK (struct sctp_sack_info) for every association of the
 * socket: delay in ms (0 = unchanged), freq (0 = unchanged; 1 turns delayed
 * SACK off). */
int lk_opt_set_delayed_sack(int fd, uint32_t delay, uint32_t freq);
int lk_opt_get_delayed_sack(int fd, uint32_t *delay, uint32_t *freq);
int lk_opt_set_buffer_size(int fd, int which /* SO_RCVBUF or SO_SNDBUF */,
                           int bytes);
int lk_opt_get_buffer_size(int fd, int which, int *bytes);

int lk_opt_get_status(int fd, struct sctp_status *st);
int lk_opt_get_peer_addr_info(int fd, const struct sockaddr *sa,
                              socklen_t salen, struct sctp_paddrinfo *info);
int lk_opt_get_primary(int fd, struct sockaddr_storage *out);
/* SCTP_PRIMARY_ADDR: send to this peer address by default. */
int lk_opt_set_primary(int fd, const struct sockaddr *sa, socklen_t salen);
/* SCTP_SET_PEER_PRIMARY_ADDR: ask the peer (ASCONF) to make this local
 * address its primary path to us. */
int lk_opt_set_peer_primary(int fd, const struct sockaddr *sa, socklen_t salen);

/* Local or peer addresses of the association, as a packed list (addr.h)
 * copied into buf. Returns the count or -errno. */
int lk_opt_get_addrs(int fd, int peer, void *buf, size_t buflen, size_t *used);

#endif
