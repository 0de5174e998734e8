/* Node-API helpers shared by the binding files (napi_util.h). */
#include "napi_util.h"

#include <errno.h>
#include <stdio.h>

#include "addr.h"

void lk_napi_throw_status(napi_env env, const char *call, napi_status status) {
  bool pending = false;
  const napi_extended_error_info *info = NULL;
  char msg[256];

  if (napi_is_exception_pending(env, &pending) == napi_ok && pending)
    return;
  napi_get_last_error_info(env, &info);
  snprintf(msg, sizeof(msg), "%s failed: %s (napi_status %d)", call,
           info && info->error_message ? info->error_message : "unknown",
           (int)status);
  napi_throw_error(env, "ERR_LKSCTP_NAPI", msg);
}

napi_value lk_js_int(napi_env env, int64_t v) {
  napi_value out;
  NAPI_CALL(env, napi_create_int64(env, v, &out));
  return out;
}

int lk_set_int(napi_env env, napi_value obj, const char *key, int64_t v) {
  napi_value val;
  NAPI_CALL_INT(env, napi_create_int64(env, v, &val));
  NAPI_CALL_INT(env, napi_set_named_property(env, obj, key, val));
  return 0;
}

int lk_set_str(napi_env env, napi_value obj, const char *key, const char *s) {
  napi_value val;
  NAPI_CALL_INT(env, napi_create_string_utf8(env, s, NAPI_AUTO_LENGTH, &val));
  NAPI_CALL_INT(env, napi_set_named_property(env, obj, key, val));
  return 0;
}

/* { address, port, family } of a sockaddr, or undefined when it cannot be
 * formatted (an empty sockaddr, as SCTP_STATUS gives before connecting). */
napi_value lk_sockaddr_to_js(napi_env env, const struct sockaddr *sa,
                             socklen_t salen) {
  char str[LK_ADDRSTRLEN];
  uint16_t port = 0;
  int family = 0;
  napi_value obj;

  if (lk_addr_format(sa, salen, str, sizeof(str), &port, &family) < 0) {
    NAPI_CALL(env, napi_get_undefined(env, &obj));
    return obj;
  }
  NAPI_CALL(env, napi_create_object(env, &obj));
  if (lk_set_str(env, obj, "address", str) < 0 ||
      lk_set_int(env, obj, "port", port) < 0 ||
      lk_set_str(env, obj, "family", family == 6 ? "IPv6" : "IPv4") < 0)
    return NULL;
  return obj;
}

/* A JS address string and a port to a sockaddr: 0, -errno for what is not
 * an address (a string longer than any address included), or -1 with a
 * JS exception pending. */
int lk_get_sockaddr(napi_env env, napi_value value, uint32_t port,
                    struct sockaddr_storage *ss, socklen_t *sslen) {
  char str[LK_ADDRSTRLEN];
  size_t len;
  NAPI_CALL_INT(env, napi_get_value_string_utf8(env, value, str, sizeof(str), &len));
  if (len >= sizeof(str) - 1)
    return -EINVAL;
  return lk_addr_parse(str, (uint16_t)port, ss, sslen);
}
