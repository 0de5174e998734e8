#include "sockopt.h"

#include <errno.h>
#include <string.h>

#include "addr.h"

static int set(int fd, int level, int name, const void *val, socklen_t len) {
  return setsockopt(fd, level, name, val, len) < 0 ? -errno : 0;
}

static int get(int fd, int level, int name, void *val, socklen_t len) {
  socklen_t got = len;
  if (getsockopt(fd, level, name, val, &got) < 0)
    return -errno;
  return 0;
}

static const uint16_t event_types[] = {
    SCTP_ASSOC_CHANGE,        SCTP_PEER_ADDR_CHANGE,
    SCTP_REMOTE_ERROR,        SCTP_SEND_FAILED,
    SCTP_SHUTDOWN_EVENT,      SCTP_ADAPTATION_INDICATION,
    SCTP_PARTIAL_DELIVERY_EVENT, SCTP_AUTHENTICATION_EVENT,
    SCTP_SENDER_DRY_EVENT,    SCTP_STREAM_RESET_EVENT,
    SCTP_ASSOC_RESET_EVENT,   SCTP_STREAM_CHANGE_EVENT,
};

int lk_opt_subscribe_all(int fd) {
  int on = 1;
  int err = set(fd, IPPROTO_SCTP, SCTP_RECVRCVINFO, &on, sizeof(on));
  if (err < 0)
    return err;
  for (size_t i = 0; i < sizeof(event_types) / sizeof(event_types[0]); i++) {
    struct sctp_event ev = {.se_assoc_id = SCTP_FUTURE_ASSOC,
                            .se_type = event_types[i],
                            .se_on = 1};
    err = set(fd, IPPROTO_SCTP, SCTP_EVENT, &ev, sizeof(ev));
    if (err == -ENOPROTOOPT && i == 0) {
      /* A kernel without SCTP_EVENT (before 5.0): the older struct. */
      struct sctp_event_subscribe all;
      memset(&all, 1, sizeof(all));
      all.sctp_data_io_event = 0;
      return set(fd, IPPROTO_SCTP, SCTP_EVENTS, &all, sizeof(all));
    }
    if (err < 0)
      return err;
  }
  return 0;
}

int lk_opt_set_initmsg(int fd, uint16_t os, uint16_t mis) {
  struct sctp_initmsg init;
  int err = get(fd, IPPROTO_SCTP, SCTP_INITMSG, &init, sizeof(init));
  if (err < 0)
    return err;
  if (os)
    init.sinit_num_ostreams = os;
  if (mis)
    init.sinit_max_instreams = mis;
  return set(fd, IPPROTO_SCTP, SCTP_INITMSG, &init, sizeof(init));
}

int lk_opt_set_nodelay(int fd, int on) {
  return set(fd, IPPROTO_SCTP, SCTP_NODELAY, &on, sizeof(on));
}

int lk_opt_get_nodelay(int fd, int *on) {
  return get(fd, IPPROTO_SCTP, SCTP_NODELAY, on, sizeof(*on));
}

/* The socket's SCTP_DELAYED_SACK: its association's on a connected
 * one-to-one socket (the kernel ignores the id there), the endpoint's
 * default (SCTP_FUTURE_ASSOC) on a listener. */
static int get_sack(int fd, struct sctp_sack_info *sack) {
  memset(sack, 0, sizeof(*sack));
  sack->sack_assoc_id = SCTP_FUTURE_ASSOC;
  return get(fd, IPPROTO_SCTP, SCTP_DELAYED_SACK, sack, sizeof(*sack));
}

int lk_opt_set_delayed_sack(int fd, uint32_t delay, uint32_t freq) {
  struct sctp_sack_info sack;
  int err = get_sack(fd, &sack);
  if (err < 0)
    return err;
  sack.sack_assoc_id = SCTP_FUTURE_ASSOC;
  if (delay)
    sack.sack_delay = delay;
  if (freq)
    sack.sack_freq = freq;
  return set(fd, IPPROTO_SCTP, SCTP_DELAYED_SACK, &sack, sizeof(sack));
}

int lk_opt_get_delayed_sack(int fd, uint32_t *delay, uint32_t *freq) {
  struct sctp_sack_info sack;
  int err = get_sack(fd, &sack);
  if (err < 0)
    return err;
  *delay = sack.sack_delay;
  *freq = sack.sack_freq;
  return 0;
}

int lk_opt_set_buffer_size(int fd, int which, int bytes) {
  return set(fd, SOL_SOCKET, which, &bytes, sizeof(bytes));
}

int lk_opt_get_buffer_size(int fd, int which, int *bytes) {
  return get(fd, SOL_SOCKET, which, bytes, sizeof(*bytes));
}

int lk_opt_get_status(int fd, struct sctp_status *st) {
  memset(st, 0, sizeof(*st));
  return get(fd, IPPROTO_SCTP, SCTP_STATUS, st, sizeof(*st));
}

int lk_opt_get_peer_addr_info(int fd, const struct sockaddr *sa,
                              socklen_t salen, struct sctp_paddrinfo *info) {
  memset(info, 0, sizeof(*info));
  if (salen > sizeof(info->spinfo_address))
    return -EINVAL;
  memcpy(&info->spinfo_address, sa, salen);
  return get(fd, IPPROTO_SCTP, SCTP_GET_PEER_ADDR_INFO, info, sizeof(*info));
}

int lk_opt_get_primary(int fd, struct sockaddr_storage *out) {
  struct sctp_prim prim;
  int err;
  memset(&prim, 0, sizeof(prim));
  err = get(fd, IPPROTO_SCTP, SCTP_PRIMARY_ADDR, &prim, sizeof(prim));
  if (err < 0)
    return err;
  memcpy(out, &prim.ssp_addr, sizeof(*out));
  return 0;
}

int lk_opt_set_primary(int fd, const struct sockaddr *sa, socklen_t salen) {
  struct sctp_prim prim;
  memset(&prim, 0, sizeof(prim));
  if (salen > sizeof(prim.ssp_addr))
    return -EINVAL;
  memcpy(&prim.ssp_addr, sa, salen);
  return set(fd, IPPROTO_SCTP, SCTP_PRIMARY_ADDR, &prim, sizeof(prim));
}

int lk_opt_set_peer_primary(int fd, const struct sockaddr *sa,
                            socklen_t salen) {
  struct sctp_setpeerprim prim;
  memset(&prim, 0, sizeof(prim));
  if (salen > sizeof(prim.sspp_addr))
    return -EINVAL;
  memcpy(&prim.sspp_addr, sa, salen);
  return set(fd, IPPROTO_SCTP, SCTP_SET_PEER_PRIMARY_ADDR, &prim,
             sizeof(prim));
}

int lk_opt_get_addrs(int fd, int peer, void *buf, size_t buflen,
                     size_t *used) {
  struct sockaddr *addrs = NULL;
  size_t off = 0;
  int i, result;
  int n = peer ? sctp_getpaddrs(fd, 0, &addrs) : sctp_getladdrs(fd, 0, &addrs);

  if (n < 0)
    return -errno;
  /* libsctp hands a packed list; its length comes from walking it. */
  for (i = 0; i < n; i++) {
    const struct sockaddr *sa = (const struct sockaddr *)((char *)addrs + off);
    int size = lk_addr_size(sa->sa_family);
    if (size <= 0)
      break;
    off += (size_t)size;
  }
  if (off > buflen) {
    result = -ENOSPC;
  } else {
    if (off > 0)
      memcpy(buf, addrs, off);
    *used = off;
    result = i;
  }
  if (n > 0) {
    if (peer)
      sctp_freepaddrs(addrs);
    else
      sctp_freeladdrs(addrs);
  }
  return result;
}
