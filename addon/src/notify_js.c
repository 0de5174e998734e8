/* Notification -> JS object: see notify_js.h.
 *
 * parsed, common fields (every decoded type):
 *   type        'SCTP_ASSOC_CHANGE', ... ('UNKNOWN' for a type the decoder
 *               does not know, 'INVALID' for bytes that do not decode)
 *   typeNumber  sn_type;  flags: sn_flags;  length: sn_length
 *   assocId     (all known types)
 * Per type (RFC 6458 field names, camelCase, prefix dropped; a name field
 * such as `state` comes with its number, `stateNumber`, like type and
 * typeNumber; names are null for values the header does not define):
 *   SCTP_ASSOC_CHANGE        state, stateNumber, error (cause code, host
 *                            order), errorName, errorRaw (sac_error as
 *                            delivered: Linux puts the cause there in network
 *                            order), outboundStreams, inboundStreams,
 *                            features (COMM_UP/RESTART: names, or the number
 *                            of an unknown feature byte), info (Buffer of
 *                            sac_info, when not empty)
 *   SCTP_PEER_ADDR_CHANGE    address, port, family ('IPv4'|'IPv6'; all
 *                            three null for another family), state,
 *                            stateNumber, error, errorName
 *   SCTP_REMOTE_ERROR        error (cause code, host order), errorName, data
 *   SCTP_SEND_FAILED[_EVENT] unsent, sent (booleans from flags), error,
 *                            errorName, errorRaw, sid, ppid (host order),
 *                            context, infoFlags, data
 *   SCTP_ADAPTATION_INDICATION adaptationInd
 *   SCTP_PARTIAL_DELIVERY_EVENT indication, indicationNumber, stream, seq
 *   SCTP_AUTHENTICATION_EVENT keyNumber, altKeyNumber, indication,
 *                            indicationNumber
 *   SCTP_STREAM_RESET_EVENT  flags (array of 'incoming' | 'outgoing' |
 *                            'denied' | 'failed', '0x....' for other bits),
 *                            flagsNumber, streams (array; empty = all)
 *   SCTP_ASSOC_RESET_EVENT   flags (array), flagsNumber, localTsn, remoteTsn
 *   SCTP_STREAM_CHANGE_EVENT flags (array), flagsNumber, inboundStreams,
 *                            outboundStreams
 *   SCTP_SHUTDOWN_EVENT, SCTP_SENDER_DRY_EVENT, UNKNOWN: common fields only.
 * INVALID: typeNumber, typeName, flags, length (null when fewer than 8
 * bytes arrived) and received (bytes received). */
#include "notify_js.h"

#include <arpa/inet.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <netinet/sctp.h>

#include "addr.h"
#include "napi_util.h"
#include "notify.h"

/* ---- small setters: 0, or -1 with an exception pending ----------------- */

static int set_value(napi_env env, napi_value obj, const char *key,
                     napi_value value) {
  NAPI_CALL_INT(env, napi_set_named_property(env, obj, key, value));
  return 0;
}

static int set_null(napi_env env, napi_value obj, const char *key) {
  napi_value v;
  NAPI_CALL_INT(env, napi_get_null(env, &v));
  return set_value(env, obj, key, v);
}

static int set_u32(napi_env env, napi_value obj, const char *key, uint32_t n) {
  napi_value v;
  NAPI_CALL_INT(env, napi_create_uint32(env, n, &v));
  return set_value(env, obj, key, v);
}

static int set_i32(napi_env env, napi_value obj, const char *key, int32_t n) {
  napi_value v;
  NAPI_CALL_INT(env, napi_create_int32(env, n, &v));
  return set_value(env, obj, key, v);
}

static int set_bool(napi_env env, napi_value obj, const char *key, int b) {
  napi_value v;
  NAPI_CALL_INT(env, napi_get_boolean(env, b != 0, &v));
  return set_value(env, obj, key, v);
}

/* A string, or null when s is NULL. */
static int set_str(napi_env env, napi_value obj, const char *key,
                   const char *s) {
  napi_value v;
  if (s == NULL)
    return set_null(env, obj, key);
  NAPI_CALL_INT(env, napi_create_string_utf8(env, s, NAPI_AUTO_LENGTH, &v));
  return set_value(env, obj, key, v);
}

static int make_buffer(napi_env env, const void *data, size_t len,
                       napi_value *out) {
  static const uint8_t empty = 0;
  NAPI_CALL_INT(env, napi_create_buffer_copy(env, len, len > 0 ? data : &empty,
                                             NULL, out));
  return 0;
}

static int set_buffer(napi_env env, napi_value obj, const char *key,
                      const void *data, size_t len) {
  napi_value v;
  if (make_buffer(env, data, len, &v) < 0)
    return -1;
  return set_value(env, obj, key, v);
}

/* key = name (or null), key + "Number" = n. */
static int set_named(napi_env env, napi_value obj, const char *key,
                     const char *name, uint32_t n) {
  char numkey[32];
  snprintf(numkey, sizeof(numkey), "%sNumber", key);
  if (set_str(env, obj, key, name) < 0)
    return -1;
  return set_u32(env, obj, numkey, n);
}

/* flags: array of bit names, flagsNumber: the value. */
static int set_flag_names(napi_env env, napi_value obj,
                          const struct lk_notify *n) {
  napi_value arr, v;
  uint32_t idx = 0;
  NAPI_CALL_INT(env, napi_create_array(env, &arr));
  for (unsigned b = 0; b < 16; b++) {
    const uint16_t bit = (uint16_t)(1u << b);
    const char *name;
    char hex[8];
    if ((n->flags & bit) == 0)
      continue;
    name = lk_notify_flag_bit_name(n->kind, bit);
    if (name == NULL) {
      snprintf(hex, sizeof(hex), "0x%04x", (unsigned)bit);
      name = hex;
    }
    NAPI_CALL_INT(env, napi_create_string_utf8(env, name, NAPI_AUTO_LENGTH, &v));
    NAPI_CALL_INT(env, napi_set_element(env, arr, idx++, v));
  }
  if (set_value(env, obj, "flags", arr) < 0)
    return -1;
  return set_u32(env, obj, "flagsNumber", n->flags);
}

/* error, errorName (and errorRaw when given) for a host-order cause. */
static int set_cause(napi_env env, napi_value obj, uint32_t cause,
                     const uint32_t *raw) {
  if (set_u32(env, obj, "error", cause) < 0 ||
      set_str(env, obj, "errorName", lk_notify_cause_name(cause)) < 0)
    return -1;
  if (raw != NULL && set_u32(env, obj, "errorRaw", *raw) < 0)
    return -1;
  return 0;
}

/* ---- per-type fields --------------------------------------------------- */

static int set_assoc_change(napi_env env, napi_value p,
                            const struct lk_notify *n) {
  const uint16_t state = n->u.assoc_change.state;
  const uint32_t raw = n->u.assoc_change.error;

  if (set_named(env, p, "state", lk_notify_assoc_state_name(state), state) < 0 ||
      set_cause(env, p, n->u.assoc_change.error_cause, &raw) < 0 ||
      set_u32(env, p, "outboundStreams", n->u.assoc_change.outbound_streams) < 0 ||
      set_u32(env, p, "inboundStreams", n->u.assoc_change.inbound_streams) < 0)
    return -1;

  if (state == SCTP_COMM_UP || state == SCTP_RESTART) {
    napi_value arr, v;
    NAPI_CALL_INT(env, napi_create_array_with_length(env, n->data_len, &arr));
    for (size_t i = 0; i < n->data_len; i++) {
      const char *name = lk_notify_feature_name(n->data[i]);
      if (name != NULL)
        NAPI_CALL_INT(env,
                      napi_create_string_utf8(env, name, NAPI_AUTO_LENGTH, &v));
      else
        NAPI_CALL_INT(env, napi_create_uint32(env, n->data[i], &v));
      NAPI_CALL_INT(env, napi_set_element(env, arr, (uint32_t)i, v));
    }
    if (set_value(env, p, "features", arr) < 0)
      return -1;
  }
  if (n->data_len > 0 && set_buffer(env, p, "info", n->data, n->data_len) < 0)
    return -1;
  return 0;
}

static int set_paddr_change(napi_env env, napi_value p,
                            const struct lk_notify *n) {
  char text[LK_ADDRSTRLEN];
  uint16_t port = 0;
  int family = 0;
  const int32_t state = n->u.paddr_change.state;
  const int32_t error = n->u.paddr_change.error;

  if (lk_addr_format((const struct sockaddr *)&n->u.paddr_change.addr,
                     (socklen_t)sizeof(n->u.paddr_change.addr), text,
                     sizeof(text), &port, &family) == 0) {
    if (set_str(env, p, "address", text) < 0 ||
        set_u32(env, p, "port", port) < 0 ||
        set_str(env, p, "family", family == 6 ? "IPv6" : "IPv4") < 0)
      return -1;
  } else {
    if (set_null(env, p, "address") < 0 || set_null(env, p, "port") < 0 ||
        set_null(env, p, "family") < 0)
      return -1;
  }
  if (set_str(env, p, "state", lk_notify_paddr_state_name(state)) < 0 ||
      set_i32(env, p, "stateNumber", state) < 0 ||
      set_i32(env, p, "error", error) < 0 ||
      set_str(env, p, "errorName", lk_notify_paddr_error_name(error)) < 0)
    return -1;
  return 0;
}

static int set_send_failed(napi_env env, napi_value p,
                           const struct lk_notify *n) {
  const uint32_t raw = n->u.send_failed.error;
  /* ssf_flags holds SCTP_DATA_UNSENT or SCTP_DATA_SENT as a value (on Linux
   * they are 0 and 1, not bits). */
  if (set_bool(env, p, "unsent", n->flags == SCTP_DATA_UNSENT) < 0 ||
      set_bool(env, p, "sent", n->flags == SCTP_DATA_SENT) < 0 ||
      set_cause(env, p, n->u.send_failed.error_cause, &raw) < 0 ||
      set_u32(env, p, "sid", n->u.send_failed.sid) < 0 ||
      /* The kernel hands back sinfo_ppid / snd_ppid exactly as the sender
       * passed it to sendmsg; this addon sends htonl(ppid) so that the ppid
       * is in network order on the wire, hence ntohl here. */
      set_u32(env, p, "ppid", ntohl(n->u.send_failed.ppid)) < 0 ||
      set_u32(env, p, "context", n->u.send_failed.context) < 0 ||
      set_u32(env, p, "infoFlags", n->u.send_failed.info_flags) < 0 ||
      set_buffer(env, p, "data", n->data, n->data_len) < 0)
    return -1;
  return 0;
}

static int set_stream_reset(napi_env env, napi_value p,
                            const struct lk_notify *n) {
  napi_value arr, v;
  const size_t count = n->u.stream_reset.n_streams;
  if (set_flag_names(env, p, n) < 0)
    return -1;
  NAPI_CALL_INT(env, napi_create_array_with_length(env, count, &arr));
  for (size_t i = 0; i < count; i++) {
    NAPI_CALL_INT(env, napi_create_uint32(env, lk_notify_stream(n, i), &v));
    NAPI_CALL_INT(env, napi_set_element(env, arr, (uint32_t)i, v));
  }
  return set_value(env, p, "streams", arr);
}

static int set_fields(napi_env env, napi_value p, const struct lk_notify *n) {
  switch (n->kind) {
  case LK_NOTIFY_UNKNOWN:
  case LK_NOTIFY_SHUTDOWN_EVENT:
  case LK_NOTIFY_SENDER_DRY_EVENT:
    return 0;
  case LK_NOTIFY_ASSOC_CHANGE:
    return set_assoc_change(env, p, n);
  case LK_NOTIFY_PEER_ADDR_CHANGE:
    return set_paddr_change(env, p, n);
  case LK_NOTIFY_REMOTE_ERROR:
    if (set_cause(env, p, n->u.remote_error.cause, NULL) < 0)
      return -1;
    return set_buffer(env, p, "data", n->data, n->data_len);
  case LK_NOTIFY_SEND_FAILED:
  case LK_NOTIFY_SEND_FAILED_EVENT:
    return set_send_failed(env, p, n);
  case LK_NOTIFY_ADAPTATION_INDICATION:
    return set_u32(env, p, "adaptationInd", n->u.adaptation.ind);
  case LK_NOTIFY_PARTIAL_DELIVERY_EVENT:
    if (set_named(env, p, "indication",
                  lk_notify_pdapi_indication_name(n->u.pdapi.indication),
                  n->u.pdapi.indication) < 0)
      return -1;
    if (!n->u.pdapi.has_stream_seq)
      return 0;
    if (set_u32(env, p, "stream", n->u.pdapi.stream) < 0)
      return -1;
    return set_u32(env, p, "seq", n->u.pdapi.seq);
  case LK_NOTIFY_AUTHENTICATION_EVENT:
    if (set_u32(env, p, "keyNumber", n->u.auth.keynumber) < 0 ||
        set_u32(env, p, "altKeyNumber", n->u.auth.altkeynumber) < 0)
      return -1;
    return set_named(env, p, "indication",
                     lk_notify_auth_indication_name(n->u.auth.indication),
                     n->u.auth.indication);
  case LK_NOTIFY_STREAM_RESET_EVENT:
    return set_stream_reset(env, p, n);
  case LK_NOTIFY_ASSOC_RESET_EVENT:
    if (set_flag_names(env, p, n) < 0 ||
        set_u32(env, p, "localTsn", n->u.assoc_reset.local_tsn) < 0)
      return -1;
    return set_u32(env, p, "remoteTsn", n->u.assoc_reset.remote_tsn);
  case LK_NOTIFY_STREAM_CHANGE_EVENT:
    if (set_flag_names(env, p, n) < 0 ||
        set_u32(env, p, "inboundStreams",
                n->u.stream_change.inbound_streams) < 0)
      return -1;
    return set_u32(env, p, "outboundStreams",
                   n->u.stream_change.outbound_streams);
  }
  return 0;
}

/* ---- parsed objects ---------------------------------------------------- */

static int make_parsed(napi_env env, const struct lk_notify *n,
                       napi_value *out) {
  napi_value p;
  const char *name = lk_notify_type_name(n->type);
  NAPI_CALL_INT(env, napi_create_object(env, &p));
  /* Common numeric flags first; the reset/change events replace `flags`
   * with an array of names and keep the number in flagsNumber. */
  if (set_str(env, p, "type", name != NULL ? name : "UNKNOWN") < 0 ||
      set_u32(env, p, "typeNumber", n->type) < 0 ||
      set_u32(env, p, "flags", n->flags) < 0 ||
      set_u32(env, p, "length", n->length) < 0)
    return -1;
  if (n->has_assoc_id && set_i32(env, p, "assocId", n->assoc_id) < 0)
    return -1;
  if (set_fields(env, p, n) < 0)
    return -1;
  *out = p;
  return 0;
}

static int make_invalid(napi_env env, const struct lk_notify *n, size_t len,
                        napi_value *out) {
  napi_value p;
  NAPI_CALL_INT(env, napi_create_object(env, &p));
  if (set_str(env, p, "type", "INVALID") < 0)
    return -1;
  /* lk_notify_decode fills type/flags/length when the header was there. */
  if (len >= sizeof(((union sctp_notification *)0)->sn_header)) {
    if (set_u32(env, p, "typeNumber", n->type) < 0 ||
        set_str(env, p, "typeName", lk_notify_type_name(n->type)) < 0 ||
        set_u32(env, p, "flags", n->flags) < 0 ||
        set_u32(env, p, "length", n->length) < 0)
      return -1;
  } else {
    if (set_null(env, p, "typeNumber") < 0 ||
        set_null(env, p, "typeName") < 0 || set_null(env, p, "flags") < 0 ||
        set_null(env, p, "length") < 0)
      return -1;
  }
  {
    napi_value v;
    NAPI_CALL_INT(env, napi_create_double(env, (double)len, &v));
    if (set_value(env, p, "received", v) < 0)
      return -1;
  }
  *out = p;
  return 0;
}

/* interpreted: the sentence, grown on the heap if the stack is too small. */
static int make_sentence(napi_env env, const struct lk_notify *n,
                         const void *buf, size_t len, int err,
                         napi_value *out) {
  char small[512];
  char *text = small;
  int want;
  napi_status status;

  want = err == 0 ? lk_notify_interpret(n, small, sizeof(small))
                  : lk_notify_describe_invalid(buf, len, err, small,
                                               sizeof(small));
  if (want < 0) {
    small[0] = '\0';
  } else if ((size_t)want >= sizeof(small)) {
    text = malloc((size_t)want + 1);
    if (text == NULL) {
      text = small; /* keep the truncated sentence */
    } else if (err == 0) {
      lk_notify_interpret(n, text, (size_t)want + 1);
    } else {
      lk_notify_describe_invalid(buf, len, err, text, (size_t)want + 1);
    }
  }
  status = napi_create_string_utf8(env, text, NAPI_AUTO_LENGTH, out);
  if (text != small)
    free(text);
  if (status != napi_ok) {
    lk_napi_throw_status(env, "napi_create_string_utf8", status);
    return -1;
  }
  return 0;
}

napi_value lk_notify_to_js(napi_env env, const void *buf, size_t len) {
  struct lk_notify n;
  napi_value result, raw, parsed, interpreted;
  int err;

  if (buf == NULL)
    len = 0;
  err = lk_notify_decode(buf, len, &n);

  NAPI_CALL(env, napi_create_object(env, &result));
  if (make_buffer(env, buf, len, &raw) < 0)
    return NULL;
  if (err == 0) {
    if (make_parsed(env, &n, &parsed) < 0)
      return NULL;
  } else if (make_invalid(env, &n, len, &parsed) < 0) {
    return NULL;
  }
  if (make_sentence(env, &n, buf, len, err, &interpreted) < 0)
    return NULL;
  NAPI_CALL(env, napi_set_named_property(env, result, "raw", raw));
  NAPI_CALL(env, napi_set_named_property(env, result, "parsed", parsed));
  NAPI_CALL(env,
            napi_set_named_property(env, result, "interpreted", interpreted));
  return result;
}
