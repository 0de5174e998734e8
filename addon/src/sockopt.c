#include "sockopt.h"

#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
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
    SCTP_STREAM_RESET_EVENT,  SCTP_ASSOC_RESET_EVENT,
    SCTP_STREAM_CHANGE_EVENT,
};

int lk_opt_subscribe_all(int fd) {
  int on = 1;
  struct sctp_event_subscribe all;
  int err = set(fd, IPPROTO_SCTP, SCTP_RECVRCVINFO, &on, sizeof(on));
  if (err < 0)
    return err;
  /* Every type of event_types in one call: SCTP_EVENTS, the older
   * interface, which Linux keeps (one setsockopt per socket instead of
   * eleven; a client pays them on every connect). Data arrives with
   * SCTP_RCVINFO instead of the data I/O event; sender dry is subscribed
   * on demand (lk_opt_set_event). */
  memset(&all, 0, sizeof(all));
  all.sctp_association_event = 1;
  all.sctp_address_event = 1;
  all.sctp_send_failure_event = 1;
  all.sctp_peer_error_event = 1;
  all.sctp_shutdown_event = 1;
  all.sctp_partial_delivery_event = 1;
  all.sctp_adaptation_layer_event = 1;
  all.sctp_authentication_event = 1;
  all.sctp_stream_reset_event = 1;
  all.sctp_assoc_reset_event = 1;
  all.sctp_stream_change_event = 1;
  err = set(fd, IPPROTO_SCTP, SCTP_EVENTS, &all, sizeof(all));
  if (err != -EINVAL)
    return err;
  /* A kernel whose struct is shorter than this header's refuses it
   * whole: one type at a time (SCTP_EVENT, Linux 5.0 on). */
  for (size_t i = 0; i < sizeof(event_types) / sizeof(event_types[0]); i++) {
    err = lk_opt_set_event(fd, event_types[i], 1);
    if (err < 0)
      return err;
  }
  return 0;
}

int lk_opt_set_event(int fd, uint16_t type, int on) {
  struct sctp_event ev;
  /* Zeroed whole: the struct has a padding byte after se_on, which an
   * initializer leaves undefined and setsockopt hands to the kernel. */
  memset(&ev, 0, sizeof(ev));
  ev.se_assoc_id = SCTP_FUTURE_ASSOC;
  ev.se_type = type;
  ev.se_on = !!on;
  return set(fd, IPPROTO_SCTP, SCTP_EVENT, &ev, sizeof(ev));
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

/* IPV6_V6ONLY, before bind: an IPv6 socket takes no IPv4 peers (Linux SCTP
 * matches no IPv4 address to an IPv6-only endpoint). */
int lk_opt_set_v6only(int fd, int on) {
  return set(fd, IPPROTO_IPV6, IPV6_V6ONLY, &on, sizeof(on));
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

/* The peer address a call is about: the given one, or none (all zeros:
 * the association and all its paths, or the endpoint's default). */
static int put_addr(void *dst /* a sockaddr_storage, maybe unaligned */,
                    const struct sockaddr *sa, socklen_t salen) {
  memset(dst, 0, sizeof(struct sockaddr_storage));
  if (sa == NULL)
    return 0;
  if (salen > sizeof(struct sockaddr_storage))
    return -EINVAL;
  memcpy(dst, sa, salen);
  return 0;
}

static int get_paddrparams(int fd, const struct sockaddr *sa, socklen_t salen,
                           struct sctp_paddrparams *pp) {
  int err;
  memset(pp, 0, sizeof(*pp));
  pp->spp_assoc_id = SCTP_FUTURE_ASSOC;
  if ((err = put_addr(&pp->spp_address, sa, salen)) < 0)
    return err;
  return get(fd, IPPROTO_SCTP, SCTP_PEER_ADDR_PARAMS, pp, sizeof(*pp));
}

static int get_thresholds(int fd, const struct sockaddr *sa, socklen_t salen,
                          struct sctp_paddrthlds_v2 *th) {
  int err;
  memset(th, 0, sizeof(*th));
  th->spt_assoc_id = SCTP_FUTURE_ASSOC;
  if ((err = put_addr(&th->spt_address, sa, salen)) < 0)
    return err;
  return get(fd, IPPROTO_SCTP, SCTP_PEER_ADDR_THLDS_V2, th, sizeof(*th));
}

int lk_opt_get_path_params(int fd, const struct sockaddr *sa, socklen_t salen,
                           struct lk_path_params *out) {
  struct sctp_paddrparams pp;
  struct sctp_paddrthlds_v2 th;
  uint32_t interval, flags;
  uint16_t maxrxt;
  int err;

  if ((err = get_paddrparams(fd, sa, salen, &pp)) < 0 ||
      (err = get_thresholds(fd, sa, salen, &th)) < 0)
    return err;
  /* The struct is packed: copy members out before use. */
  memcpy(&interval, &pp.spp_hbinterval, sizeof(interval));
  memcpy(&flags, &pp.spp_flags, sizeof(flags));
  memcpy(&maxrxt, &pp.spp_pathmaxrxt, sizeof(maxrxt));
  out->hb_interval = interval;
  out->hb_enabled = (flags & SPP_HB_ENABLE) != 0;
  out->max_retrans = maxrxt;
  out->pf_threshold = th.spt_pathpfthld;
  out->ps_threshold = th.spt_pathcpthld;
  return 0;
}

/* One SCTP_PEER_ADDR_PARAMS call: flags among SPP_HB_*, an interval (used
 * with SPP_HB_ENABLE only; SPP_HB_TIME_IS_ZERO makes 0 a value rather than
 * "unchanged"), a Path.Max.Retrans (0: unchanged). */
static int set_paddrparams(int fd, const struct sockaddr *sa, socklen_t salen,
                           uint32_t flags, uint32_t interval,
                           uint16_t maxrxt) {
  struct sctp_paddrparams pp;
  int err;
  memset(&pp, 0, sizeof(pp));
  pp.spp_assoc_id = SCTP_FUTURE_ASSOC;
  if ((err = put_addr(&pp.spp_address, sa, salen)) < 0)
    return err;
  if ((flags & SPP_HB_ENABLE) && interval == 0)
    flags |= SPP_HB_TIME_IS_ZERO;
  memcpy(&pp.spp_flags, &flags, sizeof(flags));
  memcpy(&pp.spp_hbinterval, &interval, sizeof(interval));
  memcpy(&pp.spp_pathmaxrxt, &maxrxt, sizeof(maxrxt));
  return set(fd, IPPROTO_SCTP, SCTP_PEER_ADDR_PARAMS, &pp, sizeof(pp));
}

int lk_opt_set_path_params(int fd, const struct sockaddr *sa, socklen_t salen,
                           const struct lk_path_params *in, unsigned which) {
  uint16_t maxrxt = (which & LK_PATH_MAX_RETRANS) ? in->max_retrans : 0;
  int err;

  if (which & LK_PATH_HB_INTERVAL) {
    /* Linux takes an interval only together with SPP_HB_ENABLE: set it so,
     * then turn heartbeats back off if they are to be off. */
    int enabled = in->hb_enabled;
    if (!(which & LK_PATH_HB_ENABLED)) {
      struct lk_path_params cur;
      if ((err = lk_opt_get_path_params(fd, sa, salen, &cur)) < 0)
        return err;
      enabled = cur.hb_enabled;
    }
    err = set_paddrparams(fd, sa, salen, SPP_HB_ENABLE, in->hb_interval,
                          maxrxt);
    if (err == 0 && !enabled)
      err = set_paddrparams(fd, sa, salen, SPP_HB_DISABLE, 0, 0);
  } else if (which & (LK_PATH_HB_ENABLED | LK_PATH_MAX_RETRANS)) {
    uint32_t flags = 0;
    if (which & LK_PATH_HB_ENABLED)
      flags = in->hb_enabled ? SPP_HB_ENABLE : SPP_HB_DISABLE;
    err = set_paddrparams(fd, sa, salen, flags, 0, maxrxt);
  } else {
    err = 0;
  }
  if (err < 0)
    return err;

  if (which & (LK_PATH_PF_THRESHOLD | LK_PATH_PS_THRESHOLD)) {
    /* SCTP_PEER_ADDR_THLDS_V2 sets both thresholds at once (only its
     * spt_pathmaxrxt has 0 for "unchanged"): keep the one not given. */
    struct sctp_paddrthlds_v2 th;
    if ((err = get_thresholds(fd, sa, salen, &th)) < 0)
      return err;
    th.spt_pathmaxrxt = 0;
    if (which & LK_PATH_PF_THRESHOLD)
      th.spt_pathpfthld = in->pf_threshold;
    if (which & LK_PATH_PS_THRESHOLD)
      th.spt_pathcpthld = in->ps_threshold;
    err = set(fd, IPPROTO_SCTP, SCTP_PEER_ADDR_THLDS_V2, &th, sizeof(th));
  }
  return err;
}

int lk_opt_set_rto(int fd, uint32_t initial, uint32_t min, uint32_t max) {
  struct sctp_rtoinfo rto = {.srto_assoc_id = SCTP_FUTURE_ASSOC,
                             .srto_initial = initial,
                             .srto_min = min,
                             .srto_max = max};
  return set(fd, IPPROTO_SCTP, SCTP_RTOINFO, &rto, sizeof(rto));
}

int lk_opt_get_rto(int fd, uint32_t *initial, uint32_t *min, uint32_t *max) {
  struct sctp_rtoinfo rto = {.srto_assoc_id = SCTP_FUTURE_ASSOC};
  int err = get(fd, IPPROTO_SCTP, SCTP_RTOINFO, &rto, sizeof(rto));
  if (err < 0)
    return err;
  *initial = rto.srto_initial;
  *min = rto.srto_min;
  *max = rto.srto_max;
  return 0;
}

/* SCTP_ASSOCINFO leaves a 0 field as it is (asocmaxrxt, cookie life) and
 * ignores the others (they are read-only). */
int lk_opt_set_assoc_max_retrans(int fd, uint16_t n) {
  struct sctp_assocparams ap;
  memset(&ap, 0, sizeof(ap));
  ap.sasoc_assoc_id = SCTP_FUTURE_ASSOC;
  ap.sasoc_asocmaxrxt = n;
  return set(fd, IPPROTO_SCTP, SCTP_ASSOCINFO, &ap, sizeof(ap));
}

int lk_opt_get_assoc_max_retrans(int fd, uint16_t *n) {
  struct sctp_assocparams ap;
  int err;
  memset(&ap, 0, sizeof(ap));
  ap.sasoc_assoc_id = SCTP_FUTURE_ASSOC;
  if ((err = get(fd, IPPROTO_SCTP, SCTP_ASSOCINFO, &ap, sizeof(ap))) < 0)
    return err;
  *n = ap.sasoc_asocmaxrxt;
  return 0;
}

/* The values of SCTP_EXPOSE_POTENTIALLY_FAILED_STATE are not in the UAPI
 * headers: the kernel keeps them in include/net/sctp/constants.h
 * (SCTP_PF_EXPOSE_UNSET, _DISABLE, _ENABLE) and documents them with the
 * net.sctp.pf_expose sysctl (Documentation/networking/ip-sysctl.rst). */
#ifndef SCTP_PF_EXPOSE_ENABLE
enum { SCTP_PF_EXPOSE_UNSET, SCTP_PF_EXPOSE_DISABLE, SCTP_PF_EXPOSE_ENABLE };
#endif

int lk_opt_set_pf_expose(int fd, int expose) {
  struct sctp_assoc_value v = {
      .assoc_id = SCTP_FUTURE_ASSOC,
      .assoc_value = expose ? SCTP_PF_EXPOSE_ENABLE : SCTP_PF_EXPOSE_DISABLE};
  return set(fd, IPPROTO_SCTP, SCTP_EXPOSE_POTENTIALLY_FAILED_STATE, &v,
             sizeof(v));
}

int lk_opt_get_pf_expose(int fd, int *expose) {
  struct sctp_assoc_value v = {.assoc_id = SCTP_FUTURE_ASSOC};
  int err = get(fd, IPPROTO_SCTP, SCTP_EXPOSE_POTENTIALLY_FAILED_STATE, &v,
                sizeof(v));
  if (err < 0)
    return err;
  switch (v.assoc_value) {
  case SCTP_PF_EXPOSE_ENABLE: *expose = 1; break;
  case SCTP_PF_EXPOSE_DISABLE: *expose = 0; break;
  default: *expose = -1; break;
  }
  return 0;
}

/* SCTP_GET_PEER_ADDRS / SCTP_GET_LOCAL_ADDRS read directly rather than
 * through libsctp's sctp_getpaddrs/sctp_getladdrs: for the local addresses
 * Linux reports a length that leaves out the 8-byte header of struct
 * sctp_getaddrs, so libsctp's unzeroed buffer ends in bytes that look
 * unwritten (valgrind). Here the buffer is zeroed first, and the list's
 * length comes from walking addr_num entries, never from optlen. Assoc id
 * 0: on a one-to-one socket, its association (peer), or its endpoint's
 * bound addresses (local). */
int lk_opt_get_addrs(int fd, int peer, void **list, size_t *used) {
  /* Room for LK_ADDRS_FIRST addresses at first; Linux says ENOMEM when the
   * list does not fit, and the room doubles, up to LK_ADDRS_MOST bytes. */
  size_t room = LK_ADDRS_FIRST * sizeof(struct sockaddr_in6);
  struct sctp_getaddrs *ga;
  size_t off = 0;
  uint32_t n, i;

  *list = NULL;
  *used = 0;
  for (;;) {
    size_t size = offsetof(struct sctp_getaddrs, addrs) + room;
    socklen_t len = (socklen_t)size;
    int err;

    if ((ga = calloc(1, size)) == NULL)
      return -ENOMEM;
    ga->assoc_id = 0;
    if (getsockopt(fd, IPPROTO_SCTP,
                   peer ? SCTP_GET_PEER_ADDRS : SCTP_GET_LOCAL_ADDRS, ga,
                   &len) == 0)
      break;
    err = -errno;
    free(ga);
    if (err != -ENOMEM)
      return err;
    if (room >= LK_ADDRS_MOST)
      return -ENOSPC;
    room *= 2;
  }
  n = ga->addr_num;
  for (i = 0; i < n; i++) {
    int r = lk_addr_list_next(ga->addrs, room, &off, NULL, NULL);
    if (r <= 0)
      break;
  }
  /* The list to the start of the block, which the caller frees. */
  memmove(ga, ga->addrs, off);
  *list = ga;
  *used = off;
  return (int)i;
}
