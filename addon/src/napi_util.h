/* Node-API helpers shared by the binding files.
 *
 * Every napi_* call is checked through NAPI_CALL: on failure the pending
 * exception (if any) is kept, otherwise an Error naming the failing call is
 * thrown, and the calling function returns NULL (which Node-API treats as
 * "undefined, exception pending"). Modelled on sodium-native's macros.h. */
#ifndef LKSCTP_NAPI_UTIL_H
#define LKSCTP_NAPI_UTIL_H

#include <node_api.h>

#include <stdint.h>
#include <sys/socket.h>

void lk_napi_throw_status(napi_env env, const char *call, napi_status status);

/* Values: NULL (lk_js_int, lk_sockaddr_to_js) or -1 (the others) with an
 * exception pending on failure. */
napi_value lk_js_int(napi_env env, int64_t v);
int lk_set_int(napi_env env, napi_value obj, const char *key, int64_t v);
int lk_set_str(napi_env env, napi_value obj, const char *key, const char *s);
/* { address, port, family }, or undefined for an empty sockaddr. */
napi_value lk_sockaddr_to_js(napi_env env, const struct sockaddr *sa,
                             socklen_t salen);
/* A JS address string and a port to a sockaddr: 0, -errno for what is not
 * an address, or -1 with an exception pending. */
int lk_get_sockaddr(napi_env env, napi_value value, uint32_t port,
                    struct sockaddr_storage *ss, socklen_t *sslen);

#define NAPI_CALL(env, call)                                                   \
  do {                                                                         \
    napi_status lk_status_ = (call);                                           \
    if (lk_status_ != napi_ok) {                                               \
      lk_napi_throw_status((env), #call, lk_status_);                          \
      return NULL;                                                             \
    }                                                                          \
  } while (0)

/* Same, for functions returning int (-1 on failure). */
#define NAPI_CALL_INT(env, call)                                               \
  do {                                                                         \
    napi_status lk_status_ = (call);                                           \
    if (lk_status_ != napi_ok) {                                               \
      lk_napi_throw_status((env), #call, lk_status_);                          \
      return -1;                                                               \
    }                                                                          \
  } while (0)

#endif
