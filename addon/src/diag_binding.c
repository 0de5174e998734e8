/* lksctp_diag.node: sctpInfo(localAddress, localPort, remoteAddress,
 * remotePort) -> { tag, inqueue, outqueue, overallError, maxBurst, maxseg,
 * peerRwnd, peerTag, peerCapable, peerSack } | -errno, over src/diag.c.
 * A module of its own, for lib/compat.js (node-lksctp's status() names
 * these fields). Addresses are IP literals of one family; an IPv4-mapped
 * IPv6 pair is asked as IPv4, as the kernel keeps such peers. */
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include <node_api.h>

#include "addr.h"
#include "diag.h"

static napi_value fail(napi_env env, const char *what) {
  napi_throw_error(env, "ERR_LKSCTP_NAPI", what);
  return NULL;
}

static napi_value num(napi_env env, double n) {
  napi_value v;
  return napi_create_double(env, n, &v) == napi_ok ? v : NULL;
}

/* argv[i] (string) and argv[i + 1] (port) -> *ss. 0, -EINVAL, or -1 with
 * an exception pending. */
static int get_addr(napi_env env, napi_value *argv, struct sockaddr_storage *ss) {
  char text[LK_ADDRSTRLEN];
  size_t len;
  uint32_t port;
  if (napi_get_value_string_utf8(env, argv[0], text, sizeof(text), &len) != napi_ok ||
      napi_get_value_uint32(env, argv[1], &port) != napi_ok) {
    fail(env, "sctpInfo(localAddress, localPort, remoteAddress, remotePort)");
    return -1;
  }
  if (port > 65535 || len + 1 >= sizeof(text)) /* too long: cut short */
    return -EINVAL;
  return lk_addr_parse(text, (uint16_t)port, ss, NULL);
}

/* ::ffff:a.b.c.d -> a.b.c.d, in place. */
static void unmap(struct sockaddr_storage *ss) {
  struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)ss;
  struct sockaddr_in s4;
  if (ss->ss_family != AF_INET6 || !IN6_IS_ADDR_V4MAPPED(&s6->sin6_addr))
    return;
  memset(&s4, 0, sizeof(s4));
  s4.sin_family = AF_INET;
  s4.sin_port = s6->sin6_port;
  memcpy(&s4.sin_addr, &s6->sin6_addr.s6_addr[12], 4);
  memset(ss, 0, sizeof(*ss));
  memcpy(ss, &s4, sizeof(s4));
}

static napi_value sctp_info(napi_env env, napi_callback_info info) {
  size_t argc = 4;
  napi_value argv[4], obj;
  struct sockaddr_storage local, remote;
  struct sctp_info si;
  int err;
  static const char *names[] = {"tag", "inqueue", "outqueue", "overallError",
                                "maxBurst", "maxseg", "peerRwnd", "peerTag",
                                "peerCapable", "peerSack"};
  double values[10];

  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc < 4)
    return fail(env, "sctpInfo(localAddress, localPort, remoteAddress, remotePort)");
  if ((err = get_addr(env, argv, &local)) == -1 ||
      (err == 0 && (err = get_addr(env, argv + 2, &remote)) == -1))
    return NULL;
  if (err == 0) {
    unmap(&local);
    unmap(&remote);
    err = lk_diag_sctp_info((struct sockaddr *)&local, (struct sockaddr *)&remote, &si);
  }
  if (err < 0)
    return num(env, err);

  values[0] = si.sctpi_tag;
  values[1] = si.sctpi_inqueue;
  values[2] = si.sctpi_outqueue;
  values[3] = si.sctpi_overall_error;
  values[4] = si.sctpi_max_burst;
  values[5] = si.sctpi_maxseg;
  values[6] = si.sctpi_peer_rwnd;
  values[7] = si.sctpi_peer_tag;
  values[8] = si.sctpi_peer_capable;
  values[9] = si.sctpi_peer_sack;
  if (napi_create_object(env, &obj) != napi_ok)
    return fail(env, "napi_create_object");
  for (size_t i = 0; i < sizeof(values) / sizeof(values[0]); i++) {
    napi_value v = num(env, values[i]);
    if (v == NULL || napi_set_named_property(env, obj, names[i], v) != napi_ok)
      return fail(env, "napi_set_named_property");
  }
  return obj;
}

NAPI_MODULE_INIT() {
  napi_value fn;
  if (napi_create_function(env, "sctpInfo", NAPI_AUTO_LENGTH, sctp_info, NULL, &fn) != napi_ok ||
      napi_set_named_property(env, exports, "sctpInfo", fn) != napi_ok)
    return fail(env, "module init");
  return exports;
}
