/* Handle methods that read and set what the kernel keeps about a socket
 * and its association: SCTP_STATUS, SCTP_GET_PEER_ADDR_INFO, the address
 * lists, the primary path and the socket options (sockopt.c), each turned
 * into JS values. Every method returns -errno (a number) on failure. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <node_api.h>

#include "addr.h"
#include "handle.h"
#include "jiffies.h"
#include "napi_util.h"
#include "sockopt.h"

static const char *sstat_state_name(int32_t state) {
  switch ((enum sctp_sstat_state)state) {
  case SCTP_EMPTY: return "SCTP_EMPTY";
  case SCTP_CLOSED: return "SCTP_CLOSED";
  case SCTP_COOKIE_WAIT: return "SCTP_COOKIE_WAIT";
  case SCTP_COOKIE_ECHOED: return "SCTP_COOKIE_ECHOED";
  case SCTP_ESTABLISHED: return "SCTP_ESTABLISHED";
  case SCTP_SHUTDOWN_PENDING: return "SCTP_SHUTDOWN_PENDING";
  case SCTP_SHUTDOWN_SENT: return "SCTP_SHUTDOWN_SENT";
  case SCTP_SHUTDOWN_RECEIVED: return "SCTP_SHUTDOWN_RECEIVED";
  case SCTP_SHUTDOWN_ACK_SENT: return "SCTP_SHUTDOWN_ACK_SENT";
  }
  return "SCTP_UNKNOWN_STATE";
}

static const char *spinfo_state_name(int32_t state) {
  switch ((enum sctp_spinfo_state)state) {
  case SCTP_INACTIVE: return "SCTP_INACTIVE";
  case SCTP_PF: return "SCTP_PF";
  case SCTP_ACTIVE: return "SCTP_ACTIVE";
  case SCTP_UNCONFIRMED: return "SCTP_UNCONFIRMED";
  case SCTP_UNKNOWN: return "SCTP_UNKNOWN";
  }
  return "SCTP_UNKNOWN";
}

static napi_value paddrinfo_to_js(napi_env env,
                                  const struct sctp_paddrinfo *pi) {
  struct sockaddr_storage ss;
  sctp_assoc_t id;
  int32_t state;
  uint32_t cwnd, srtt, rto, mtu;
  napi_value obj, addr;

  /* The struct is packed: copy members out before use. */
  memcpy(&ss, &pi->spinfo_address, sizeof(ss));
  memcpy(&id, &pi->spinfo_assoc_id, sizeof(id));
  memcpy(&state, &pi->spinfo_state, sizeof(state));
  memcpy(&cwnd, &pi->spinfo_cwnd, sizeof(cwnd));
  memcpy(&srtt, &pi->spinfo_srtt, sizeof(srtt));
  memcpy(&rto, &pi->spinfo_rto, sizeof(rto));
  memcpy(&mtu, &pi->spinfo_mtu, sizeof(mtu));
  /* Linux gives spinfo_rto in ms but spinfo_srtt in raw jiffies: both ms
   * here, at the kernel's own tick rate (jiffies.h). */
  srtt = lk_jiffies_to_ms(srtt, lk_kernel_hz());

  NAPI_CALL(env, napi_create_object(env, &obj));
  addr = lk_sockaddr_to_js(env, (struct sockaddr *)&ss, sizeof(ss));
  if (addr == NULL)
    return NULL;
  {
    napi_valuetype t;
    NAPI_CALL(env, napi_typeof(env, addr, &t));
    if (t == napi_object) {
      napi_value v;
      NAPI_CALL(env, napi_get_named_property(env, addr, "address", &v));
      NAPI_CALL(env, napi_set_named_property(env, obj, "address", v));
      NAPI_CALL(env, napi_get_named_property(env, addr, "port", &v));
      NAPI_CALL(env, napi_set_named_property(env, obj, "port", v));
      NAPI_CALL(env, napi_get_named_property(env, addr, "family", &v));
      NAPI_CALL(env, napi_set_named_property(env, obj, "family", v));
    }
  }
  if (lk_set_int(env, obj, "assocId", id) < 0 ||
      lk_set_str(env, obj, "state", spinfo_state_name(state)) < 0 ||
      lk_set_int(env, obj, "cwnd", cwnd) < 0 ||
      lk_set_int(env, obj, "srtt", srtt) < 0 ||
      lk_set_int(env, obj, "rto", rto) < 0 || lk_set_int(env, obj, "mtu", mtu) < 0)
    return NULL;
  return obj;
}

static napi_value m_status(napi_env env, napi_callback_info info) {
  struct sctp_status st;
  napi_value obj, primary;
  int err;
  LK_THIS(0, argv, h);
  (void)argv;
  if ((err = lk_opt_get_status(h->fd, &st)) < 0)
    return lk_js_int(env, err);
  NAPI_CALL(env, napi_create_object(env, &obj));
  primary = paddrinfo_to_js(env, &st.sstat_primary);
  if (primary == NULL)
    return NULL;
  if (lk_set_int(env, obj, "assocId", st.sstat_assoc_id) < 0 ||
      lk_set_str(env, obj, "state", sstat_state_name(st.sstat_state)) < 0 ||
      lk_set_int(env, obj, "rwnd", st.sstat_rwnd) < 0 ||
      lk_set_int(env, obj, "unackdata", st.sstat_unackdata) < 0 ||
      lk_set_int(env, obj, "penddata", st.sstat_penddata) < 0 ||
      lk_set_int(env, obj, "instrms", st.sstat_instrms) < 0 ||
      lk_set_int(env, obj, "outstrms", st.sstat_outstrms) < 0 ||
      lk_set_int(env, obj, "fragmentationPoint",
              st.sstat_fragmentation_point) < 0)
    return NULL;
  NAPI_CALL(env, napi_set_named_property(env, obj, "primary", primary));
  return obj;
}

/* peerAddrInfo(address, port) -> info object | -errno */
static napi_value m_peer_addr_info(napi_env env, napi_callback_info info) {
  uint32_t port;
  struct sockaddr_storage ss;
  socklen_t sslen;
  struct sctp_paddrinfo pi;
  int err;
  LK_THIS(2, argv, h);
  NAPI_CALL(env, napi_get_value_uint32(env, argv[1], &port));
  if ((err = lk_get_sockaddr(env, argv[0], port, &ss, &sslen)) == -1)
    return NULL;
  if (err < 0)
    return lk_js_int(env, err);
  if ((err = lk_opt_get_peer_addr_info(h->fd, (struct sockaddr *)&ss, sslen,
                                       &pi)) < 0)
    return lk_js_int(env, err);
  return paddrinfo_to_js(env, &pi);
}

/* setPrimary(address, port, peer): SCTP_PRIMARY_ADDR (peer false: a remote
 * address we send to) or SCTP_SET_PEER_PRIMARY_ADDR (peer true: a local
 * address the peer is asked to send to). 0 | -errno */
static napi_value m_set_primary(napi_env env, napi_callback_info info) {
  uint32_t port;
  bool peer;
  struct sockaddr_storage ss;
  socklen_t sslen;
  int err;
  LK_THIS(3, argv, h);
  NAPI_CALL(env, napi_get_value_uint32(env, argv[1], &port));
  NAPI_CALL(env, napi_get_value_bool(env, argv[2], &peer));
  if ((err = lk_get_sockaddr(env, argv[0], port, &ss, &sslen)) == -1)
    return NULL;
  if (err < 0)
    return lk_js_int(env, err);
  err = peer ? lk_opt_set_peer_primary(h->fd, (struct sockaddr *)&ss, sslen)
             : lk_opt_set_primary(h->fd, (struct sockaddr *)&ss, sslen);
  return lk_js_int(env, err);
}

/* addresses(peer) -> [{ address, port, family }] | -errno */
static napi_value m_addresses(napi_env env, napi_callback_info info) {
  void *packed;
  size_t used = 0, off = 0;
  bool peer;
  napi_value arr = NULL;
  int n, i = 0;
  LK_THIS(1, argv, h);
  NAPI_CALL(env, napi_get_value_bool(env, argv[0], &peer));
  n = lk_opt_get_addrs(h->fd, peer, &packed, &used);
  if (n < 0)
    return lk_js_int(env, n);
  if (napi_create_array(env, &arr) != napi_ok)
    goto out;
  for (;;) {
    struct sockaddr_storage ss;
    socklen_t sslen;
    napi_value v;
    int r = lk_addr_list_next(packed, used, &off, &ss, &sslen);
    if (r <= 0)
      break;
    v = lk_sockaddr_to_js(env, (struct sockaddr *)&ss, sslen);
    if (v == NULL || napi_set_element(env, arr, (uint32_t)i++, v) != napi_ok) {
      arr = NULL;
      break;
    }
  }
out:
  free(packed);
  if (arr == NULL)
    lk_napi_throw_status(env, "addresses", napi_generic_failure);
  return arr;
}

/* An address as a JS string in *out, its port in *port: 1, 0 when it
 * cannot be formatted, -1 with a JS exception pending. */
static int addr_string(napi_env env, const struct sockaddr *sa, socklen_t salen,
                       uint16_t *port, napi_value *out) {
  char str[LK_ADDRSTRLEN];
  int family;
  if (lk_addr_format(sa, salen, str, sizeof(str), port, &family) < 0)
    return 0;
  NAPI_CALL_INT(env, napi_create_string_latin1(env, str, NAPI_AUTO_LENGTH, out));
  return 1;
}

/* One address list as strings into arr from *at on (an address that
 * cannot be formatted is left out); *port gets their port. The number
 * set, or -1 with a JS exception pending. */
static int set_addr_strings(napi_env env, const uint8_t *packed, size_t used,
                            napi_value arr, uint32_t *at, uint16_t *port) {
  size_t off = 0;
  int n = 0;
  for (;;) {
    struct sockaddr_storage ss;
    socklen_t sslen;
    napi_value v;
    int r;
    if (lk_addr_list_next(packed, used, &off, &ss, &sslen) <= 0)
      return n;
    if ((r = addr_string(env, (struct sockaddr *)&ss, sslen, port, &v)) < 0)
      return -1;
    if (r == 0)
      continue;
    NAPI_CALL_INT(env, napi_set_element(env, arr, (*at)++, v));
    n++;
  }
}

/* An address and its port into arr[at] and arr[at + 1] (left as they are
 * when it cannot be formatted): 0, or -1 with a JS exception pending. */
static int set_addr(napi_env env, napi_value arr, uint32_t at,
                    const struct sockaddr *sa, socklen_t salen) {
  uint16_t port = 0;
  napi_value v;
  int r = addr_string(env, sa, salen, &port, &v);
  if (r <= 0)
    return r;
  NAPI_CALL_INT(env, napi_set_element(env, arr, at, v));
  NAPI_CALL_INT(env, napi_set_element(env, arr, at + 1, lk_js_int(env, port)));
  return 0;
}

/* paths() -> [outStreams, primaryAddress, primaryPort, nameAddress,
 * namePort, nLocal, nRemote, remotePort, ...local, ...remote]: what
 * lib/socket-paths.js keeps of an association, in one call and with no
 * object per address: SCTP_STATUS (outbound streams and the primary path;
 * the same path SCTP_PRIMARY_ADDR reads), both address lists and
 * getsockname. A part that failed is -errno (outStreams, nLocal, nRemote)
 * or null (an address and its port). */
static napi_value m_paths(napi_env env, napi_callback_info info) {
  void *local = NULL, *remote = NULL;
  size_t local_used = 0, remote_used = 0;
  struct sctp_status st;
  struct sockaddr_storage ss;
  socklen_t sslen = sizeof(ss);
  uint16_t remote_port = 0, unused = 0;
  uint32_t at = 8;
  bool thrown = false;
  int err, nl, nr;
  napi_value arr, null;
  LK_THIS(0, argv, h);
  (void)argv;
  NAPI_CALL(env, napi_create_array(env, &arr));
  NAPI_CALL(env, napi_get_null(env, &null));
  for (uint32_t i = 1; i <= 4; i++)
    NAPI_CALL(env, napi_set_element(env, arr, i, null));
  err = lk_opt_get_status(h->fd, &st);
  NAPI_CALL(env, napi_set_element(env, arr, 0,
                                  lk_js_int(env, err < 0 ? err : st.sstat_outstrms)));
  if (err == 0) {
    struct sockaddr_storage primary;
    memcpy(&primary, &st.sstat_primary.spinfo_address, sizeof(primary));
    if (set_addr(env, arr, 1, (struct sockaddr *)&primary, sizeof(primary)) < 0)
      return NULL;
  }
  if (getsockname(h->fd, (struct sockaddr *)&ss, &sslen) == 0 &&
      set_addr(env, arr, 3, (struct sockaddr *)&ss, sslen) < 0)
    return NULL;
  nl = lk_opt_get_addrs(h->fd, 0, &local, &local_used);
  nr = lk_opt_get_addrs(h->fd, 1, &remote, &remote_used);
  if (nl >= 0 &&
      (nl = set_addr_strings(env, local, local_used, arr, &at, &unused)) < 0)
    thrown = true;
  if (!thrown && nr >= 0 &&
      (nr = set_addr_strings(env, remote, remote_used, arr, &at,
                             &remote_port)) < 0)
    thrown = true;
  free(local);
  free(remote);
  if (thrown) /* a JS exception is pending */
    return NULL;
  NAPI_CALL(env, napi_set_element(env, arr, 5, lk_js_int(env, nl)));
  NAPI_CALL(env, napi_set_element(env, arr, 6, lk_js_int(env, nr)));
  NAPI_CALL(env, napi_set_element(env, arr, 7, lk_js_int(env, remote_port)));
  return arr;
}

/* primaryAddress() -> { address, port, family } | -errno */
static napi_value m_primary(napi_env env, napi_callback_info info) {
  struct sockaddr_storage ss;
  int err;
  LK_THIS(0, argv, h);
  (void)argv;
  if ((err = lk_opt_get_primary(h->fd, &ss)) < 0)
    return lk_js_int(env, err);
  return lk_sockaddr_to_js(env, (struct sockaddr *)&ss, sizeof(ss));
}

/* sockname() -> { address, port, family } | -errno */
static napi_value m_sockname(napi_env env, napi_callback_info info) {
  struct sockaddr_storage ss;
  socklen_t len = sizeof(ss);
  LK_THIS(0, argv, h);
  (void)argv;
  if (getsockname(h->fd, (struct sockaddr *)&ss, &len) < 0)
    return lk_js_int(env, -errno);
  return lk_sockaddr_to_js(env, (struct sockaddr *)&ss, len);
}

/* setSenderDryEvent(on): SCTP_SENDER_DRY_EVENT on or off (the JS layer
 * asks for it while 'notification' has listeners). 0 or -errno. */
static napi_value m_set_sender_dry_event(napi_env env,
                                         napi_callback_info info) {
  bool on;
  LK_THIS(1, argv, h);
  NAPI_CALL(env, napi_get_value_bool(env, argv[0], &on));
  return lk_js_int(env, lk_opt_set_event(h->fd, SCTP_SENDER_DRY_EVENT, on));
}

static napi_value m_set_initmsg(napi_env env, napi_callback_info info) {
  uint32_t os, mis;
  LK_THIS(2, argv, h);
  NAPI_CALL(env, napi_get_value_uint32(env, argv[0], &os));
  NAPI_CALL(env, napi_get_value_uint32(env, argv[1], &mis));
  return lk_js_int(env, lk_opt_set_initmsg(h->fd, (uint16_t)os, (uint16_t)mis));
}

static napi_value m_set_nodelay(napi_env env, napi_callback_info info) {
  bool on;
  LK_THIS(1, argv, h);
  NAPI_CALL(env, napi_get_value_bool(env, argv[0], &on));
  return lk_js_int(env, lk_opt_set_nodelay(h->fd, on));
}

static napi_value m_set_v6only(napi_env env, napi_callback_info info) {
  bool on;
  LK_THIS(1, argv, h);
  NAPI_CALL(env, napi_get_value_bool(env, argv[0], &on));
  return lk_js_int(env, lk_opt_set_v6only(h->fd, on));
}

static napi_value m_get_nodelay(napi_env env, napi_callback_info info) {
  int on = 0, err;
  napi_value out;
  LK_THIS(0, argv, h);
  (void)argv;
  if ((err = lk_opt_get_nodelay(h->fd, &on)) < 0)
    return lk_js_int(env, err);
  NAPI_CALL(env, napi_get_boolean(env, on != 0, &out));
  return out;
}

static napi_value m_set_delayed_sack(napi_env env, napi_callback_info info) {
  uint32_t delay, freq;
  LK_THIS(2, argv, h);
  NAPI_CALL(env, napi_get_value_uint32(env, argv[0], &delay));
  NAPI_CALL(env, napi_get_value_uint32(env, argv[1], &freq));
  return lk_js_int(env, lk_opt_set_delayed_sack(h->fd, delay, freq));
}

static napi_value m_get_delayed_sack(napi_env env, napi_callback_info info) {
  uint32_t delay = 0, freq = 0;
  napi_value out;
  int err;
  LK_THIS(0, argv, h);
  (void)argv;
  if ((err = lk_opt_get_delayed_sack(h->fd, &delay, &freq)) < 0)
    return lk_js_int(env, err);
  NAPI_CALL(env, napi_create_object(env, &out));
  if (lk_set_int(env, out, "delay", delay) < 0 ||
      lk_set_int(env, out, "freq", freq) < 0)
    return NULL;
  return out;
}

/* The optional peer address of a path call: a string (with the port) or
 * null/undefined for every path. *sa is NULL for every path. Returns 0,
 * -errno for what is not an address, -1 with a JS exception pending. */
static int get_path_addr(napi_env env, napi_value value, napi_value port_v,
                         struct sockaddr_storage *ss, socklen_t *sslen,
                         const struct sockaddr **sa) {
  napi_valuetype t;
  uint32_t port;
  int err;
  *sa = NULL;
  *sslen = 0;
  NAPI_CALL_INT(env, napi_typeof(env, value, &t));
  if (t != napi_string)
    return 0;
  NAPI_CALL_INT(env, napi_get_value_uint32(env, port_v, &port));
  if ((err = lk_get_sockaddr(env, value, port, ss, sslen)) < 0)
    return err;
  *sa = (const struct sockaddr *)ss;
  return 0;
}

/* An optional number (or boolean, as 0/1) argument: 1 and *out when given,
 * 0 when undefined. */
static int opt_uint32(napi_env env, napi_value value, uint32_t *out) {
  napi_valuetype t;
  NAPI_CALL_INT(env, napi_typeof(env, value, &t));
  if (t == napi_undefined)
    return 0;
  if (t == napi_boolean) {
    bool b;
    NAPI_CALL_INT(env, napi_get_value_bool(env, value, &b));
    *out = b;
    return 1;
  }
  NAPI_CALL_INT(env, napi_get_value_uint32(env, value, out));
  return 1;
}

/* setPathParams(address|null, port, hbInterval, hbEnabled, maxRetrans,
 * pfThreshold, psThreshold): each value undefined to leave it. 0 | -errno */
static napi_value m_set_path_params(napi_env env, napi_callback_info info) {
  static const unsigned bits[5] = {LK_PATH_HB_INTERVAL, LK_PATH_HB_ENABLED,
                                   LK_PATH_MAX_RETRANS, LK_PATH_PF_THRESHOLD,
                                   LK_PATH_PS_THRESHOLD};
  struct sockaddr_storage ss;
  socklen_t sslen;
  const struct sockaddr *sa;
  struct lk_path_params pp;
  uint32_t v[5] = {0};
  unsigned which = 0;
  int err;
  LK_THIS(7, argv, h);
  if ((err = get_path_addr(env, argv[0], argv[1], &ss, &sslen, &sa)) == -1)
    return NULL;
  if (err < 0)
    return lk_js_int(env, err);
  for (int i = 0; i < 5; i++) {
    int given = opt_uint32(env, argv[2 + i], &v[i]);
    if (given < 0)
      return NULL;
    if (given)
      which |= bits[i];
  }
  pp.hb_interval = v[0];
  pp.hb_enabled = v[1] != 0;
  pp.max_retrans = (uint16_t)v[2];
  pp.pf_threshold = (uint16_t)v[3];
  pp.ps_threshold = (uint16_t)v[4];
  return lk_js_int(env, lk_opt_set_path_params(h->fd, sa, sslen, &pp, which));
}

/* getPathParams(address|null, port) -> { heartbeat, heartbeatInterval,
 * maxRetransmits, pfThreshold, switchoverThreshold } | -errno */
static napi_value m_get_path_params(napi_env env, napi_callback_info info) {
  struct sockaddr_storage ss;
  socklen_t sslen;
  const struct sockaddr *sa;
  struct lk_path_params pp;
  napi_value out, hb;
  int err;
  LK_THIS(2, argv, h);
  if ((err = get_path_addr(env, argv[0], argv[1], &ss, &sslen, &sa)) == -1)
    return NULL;
  if (err < 0 || (err = lk_opt_get_path_params(h->fd, sa, sslen, &pp)) < 0)
    return lk_js_int(env, err);
  NAPI_CALL(env, napi_create_object(env, &out));
  NAPI_CALL(env, napi_get_boolean(env, pp.hb_enabled, &hb));
  NAPI_CALL(env, napi_set_named_property(env, out, "heartbeat", hb));
  if (lk_set_int(env, out, "heartbeatInterval", pp.hb_interval) < 0 ||
      lk_set_int(env, out, "maxRetransmits", pp.max_retrans) < 0 ||
      lk_set_int(env, out, "pfThreshold", pp.pf_threshold) < 0 ||
      lk_set_int(env, out, "switchoverThreshold", pp.ps_threshold) < 0)
    return NULL;
  return out;
}

/* setRto(initial, min, max), 0 leaving a value. 0 | -errno */
static napi_value m_set_rto(napi_env env, napi_callback_info info) {
  uint32_t initial, min, max;
  LK_THIS(3, argv, h);
  NAPI_CALL(env, napi_get_value_uint32(env, argv[0], &initial));
  NAPI_CALL(env, napi_get_value_uint32(env, argv[1], &min));
  NAPI_CALL(env, napi_get_value_uint32(env, argv[2], &max));
  return lk_js_int(env, lk_opt_set_rto(h->fd, initial, min, max));
}

/* getRto() -> { initial, min, max } | -errno */
static napi_value m_get_rto(napi_env env, napi_callback_info info) {
  uint32_t initial, min, max;
  napi_value out;
  int err;
  LK_THIS(0, argv, h);
  (void)argv;
  if ((err = lk_opt_get_rto(h->fd, &initial, &min, &max)) < 0)
    return lk_js_int(env, err);
  NAPI_CALL(env, napi_create_object(env, &out));
  if (lk_set_int(env, out, "initial", initial) < 0 ||
      lk_set_int(env, out, "min", min) < 0 || lk_set_int(env, out, "max", max) < 0)
    return NULL;
  return out;
}

static napi_value m_set_assoc_max_retrans(napi_env env,
                                          napi_callback_info info) {
  uint32_t n;
  LK_THIS(1, argv, h);
  NAPI_CALL(env, napi_get_value_uint32(env, argv[0], &n));
  return lk_js_int(env, lk_opt_set_assoc_max_retrans(h->fd, (uint16_t)n));
}

static napi_value m_get_assoc_max_retrans(napi_env env,
                                          napi_callback_info info) {
  uint16_t n = 0;
  int err;
  LK_THIS(0, argv, h);
  (void)argv;
  err = lk_opt_get_assoc_max_retrans(h->fd, &n);
  return lk_js_int(env, err < 0 ? err : n);
}

static napi_value m_set_pf_expose(napi_env env, napi_callback_info info) {
  bool on;
  LK_THIS(1, argv, h);
  NAPI_CALL(env, napi_get_value_bool(env, argv[0], &on));
  return lk_js_int(env, lk_opt_set_pf_expose(h->fd, on));
}

/* getPfExpose() -> true | false | null (never set) | -errno */
static napi_value m_get_pf_expose(napi_env env, napi_callback_info info) {
  int expose = -1, err;
  napi_value out;
  LK_THIS(0, argv, h);
  (void)argv;
  if ((err = lk_opt_get_pf_expose(h->fd, &expose)) < 0)
    return lk_js_int(env, err);
  if (expose < 0)
    NAPI_CALL(env, napi_get_null(env, &out));
  else
    NAPI_CALL(env, napi_get_boolean(env, expose == 1, &out));
  return out;
}

/* setBufferSize(receive, bytes) / getBufferSize(receive) */
static napi_value m_set_buffer_size(napi_env env, napi_callback_info info) {
  bool rcv;
  int32_t bytes;
  LK_THIS(2, argv, h);
  NAPI_CALL(env, napi_get_value_bool(env, argv[0], &rcv));
  NAPI_CALL(env, napi_get_value_int32(env, argv[1], &bytes));
  return lk_js_int(env, lk_opt_set_buffer_size(h->fd, rcv ? SO_RCVBUF : SO_SNDBUF,
                                            bytes));
}

static napi_value m_get_buffer_size(napi_env env, napi_callback_info info) {
  bool rcv;
  int bytes = 0, err;
  LK_THIS(1, argv, h);
  NAPI_CALL(env, napi_get_value_bool(env, argv[0], &rcv));
  err = lk_opt_get_buffer_size(h->fd, rcv ? SO_RCVBUF : SO_SNDBUF, &bytes);
  return lk_js_int(env, err < 0 ? err : bytes);
}

const napi_property_descriptor lk_handle_opt_methods[] = {
    LK_METHOD("status", m_status),
    LK_METHOD("peerAddrInfo", m_peer_addr_info),
    LK_METHOD("addresses", m_addresses),
    LK_METHOD("paths", m_paths),
    LK_METHOD("primaryAddress", m_primary),
    LK_METHOD("setPrimary", m_set_primary),
    LK_METHOD("sockname", m_sockname),
    LK_METHOD("setInitMsg", m_set_initmsg),
    LK_METHOD("setSenderDryEvent", m_set_sender_dry_event),
    LK_METHOD("setNoDelay", m_set_nodelay),
    LK_METHOD("setV6Only", m_set_v6only),
    LK_METHOD("getNoDelay", m_get_nodelay),
    LK_METHOD("setDelayedSack", m_set_delayed_sack),
    LK_METHOD("getDelayedSack", m_get_delayed_sack),
    LK_METHOD("setPathParams", m_set_path_params),
    LK_METHOD("getPathParams", m_get_path_params),
    LK_METHOD("setRto", m_set_rto),
    LK_METHOD("getRto", m_get_rto),
    LK_METHOD("setAssocMaxRetrans", m_set_assoc_max_retrans),
    LK_METHOD("getAssocMaxRetrans", m_get_assoc_max_retrans),
    LK_METHOD("setPfExpose", m_set_pf_expose),
    LK_METHOD("getPfExpose", m_get_pf_expose),
    LK_METHOD("setBufferSize", m_set_buffer_size),
    LK_METHOD("getBufferSize", m_get_buffer_size),
};
const size_t lk_handle_opt_method_count =
    sizeof(lk_handle_opt_methods) / sizeof(lk_handle_opt_methods[0]);
