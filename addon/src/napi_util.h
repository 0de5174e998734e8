/* Node-API helpers shared by the binding files.
 *
 * Every napi_* call is checked through NAPI_CALL: on failure the pending
 * exception (if any) is kept, otherwise an Error naming the failing call is
 * thrown, and the calling function returns NULL (which Node-API treats as
 * "undefined, exception pending"). Modelled on sodium-native's macros.h. */
#ifndef LKSCTP_NAPI_UTIL_H
#define LKSCTP_NAPI_UTIL_H

#include <node_api.h>

void lk_napi_throw_status(napi_env env, const char *call, napi_status status);

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
