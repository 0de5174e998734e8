/* Conversion of one SCTP notification (bytes read with MSG_NOTIFICATION) to
 * a JS value, on top of the pure decoder in notify.h. */
#ifndef LKSCTP_NOTIFY_JS_H
#define LKSCTP_NOTIFY_JS_H

#include <stddef.h>

#include <node_api.h>

/* Returns { raw, parsed, interpreted }:
 *   raw          Buffer copy of the len bytes at buf;
 *   parsed       { type, typeNumber, flags, length, assocId, ...fields of
 *                the type } (see notify_js.c for the fields of each type);
 *   interpreted  one English sentence (lk_notify_interpret).
 * Bytes that do not decode give parsed.type 'INVALID' and a sentence saying
 * what is malformed: bad kernel bytes never throw. Returns NULL, with a JS
 * exception pending, only when a Node-API call itself fails. */
napi_value lk_notify_to_js(napi_env env, const void *buf, size_t len);

#endif
