/* SCTP socket options: plain C, 0 or -errno. */
#ifndef LKSCTP_SOCKOPT_H
#define LKSCTP_SOCKOPT_H

#include <stdint.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <netinet/sctp.h>

/* Subscribe to every notification Linux delivers but SCTP_SENDER_DRY_EVENT,
 * and to SCTP_RCVINFO ancillary data (stream, ppid, flags) on received
 * messages. Sender dry comes each time the send queue empties (once per
 * request/response): it is only asked for while someone listens
 * (lk_opt_set_event). On a kernel without SCTP_EVENT (before 5.0) every
 * notification is subscribed, sender dry included. */
int lk_opt_subscribe_all(int fd);
/* Turn one notification type on or off (SCTP_EVENT). Turning sender dry on
 * while nothing is queued makes the kernel deliver one at once. */
int lk_opt_set_event(int fd, uint16_t type, int on);

/* SCTP_INITMSG: outbound streams wanted (os) and inbound streams accepted
 * (mis); 0 leaves the kernel's value. */
int lk_opt_set_initmsg(int fd, uint16_t os, uint16_t mis);
int lk_opt_set_nodelay(int fd, int on);
int lk_opt_get_nodelay(int fd, int *on);
int lk_opt_set_v6only(int fd, int on);
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

/* Path parameters (RFC 6458 8.1.12 SCTP_PEER_ADDR_PARAMS, RFC 7829
 * SCTP_PEER_ADDR_THLDS_V2) of one peer address (sa != NULL) or, with
 * sa == NULL, of the association and every one of its paths (the endpoint's
 * default for associations to come, before connect and on a listener). */
struct lk_path_params {
  uint32_t hb_interval;  /* ms between heartbeats on an idle path (+ RTO) */
  int hb_enabled;        /* heartbeats sent at all */
  uint16_t max_retrans;  /* Path.Max.Retrans: then the path is INACTIVE */
  uint16_t pf_threshold; /* errors after which the path is PF */
  uint16_t ps_threshold; /* errors after which the primary moves off */
};

/* Which fields of struct lk_path_params lk_opt_set_path_params changes. */
enum {
  LK_PATH_HB_INTERVAL = 1 << 0,
  LK_PATH_HB_ENABLED = 1 << 1,
  LK_PATH_MAX_RETRANS = 1 << 2,
  LK_PATH_PF_THRESHOLD = 1 << 3,
  LK_PATH_PS_THRESHOLD = 1 << 4,
};

int lk_opt_get_path_params(int fd, const struct sockaddr *sa, socklen_t salen,
                           struct lk_path_params *out);
/* Changes the fields named in `which`, leaving the others as they are
 * (setting the interval does not turn heartbeats on or off). */
int lk_opt_set_path_params(int fd, const struct sockaddr *sa, socklen_t salen,
                           const struct lk_path_params *in, unsigned which);

/* SCTP_RTOINFO in ms: the association's, or the endpoint's default before
 * connect and on a listener. 0 leaves a value unchanged; Linux refuses
 * (EINVAL) a min above the max, either given or current. */
int lk_opt_set_rto(int fd, uint32_t initial, uint32_t min, uint32_t max);
int lk_opt_get_rto(int fd, uint32_t *initial, uint32_t *min, uint32_t *max);

/* SCTP_ASSOCINFO sasoc_asocmaxrxt (Association.Max.Retrans). Linux refuses
 * (EINVAL) on an association of several paths a value above the sum of
 * their Path.Max.Retrans. */
int lk_opt_set_assoc_max_retrans(int fd, uint16_t n);
int lk_opt_get_assoc_max_retrans(int fd, uint16_t *n);

/* SCTP_EXPOSE_POTENTIALLY_FAILED_STATE (RFC 7829 7.3): expose 1 reports
 * the PF state (SCTP_ADDR_POTENTIALLY_FAILED notifications, SCTP_PF in
 * SCTP_GET_PEER_ADDR_INFO), 0 hides it (the kernel then refuses
 * SCTP_GET_PEER_ADDR_INFO of a PF path with EACCES). The getter reads 1, 0,
 * or -1 when never set (the kernel's default: PF shown by
 * SCTP_GET_PEER_ADDR_INFO, not notified). */
int lk_opt_set_pf_expose(int fd, int expose);
int lk_opt_get_pf_expose(int fd, int *expose);

/* Local or peer addresses of the association, as a packed list (addr.h)
 * in *list, *used bytes of it, which the caller frees. Returns the count
 * or -errno (-ENOSPC past LK_ADDRS_MOST bytes of addresses: 8,192 IPv6
 * ones; a wildcard socket lists every address of the host). */
#define LK_ADDRS_FIRST 128
#define LK_ADDRS_MOST (64u * LK_ADDRS_FIRST * sizeof(struct sockaddr_in6))
int lk_opt_get_addrs(int fd, int peer, void **list, size_t *used);

#endif
