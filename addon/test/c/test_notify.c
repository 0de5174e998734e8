/* Unit tests for notify.c: notifications built byte by byte from the
 * structs of <netinet/sctp.h>, decoded from exact-size heap copies at an odd
 * address (so a read past the end or an aligned load is caught by ASan/UBSan
 * or valgrind). No kernel SCTP needed. */
#include <arpa/inet.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <netinet/sctp.h>

#include "notify.h"
#include "tap.h"

#define MAX_BYTES 2048

/* ---- building notifications ------------------------------------------- */

struct sample {
  const char *label;
  enum lk_notify_kind kind;
  size_t fixed; /* sizeof the type's struct */
  size_t len;
  uint8_t bytes[MAX_BYTES];
};

static size_t put(uint8_t *out, const void *head, size_t head_len,
                  const void *tail, size_t tail_len) {
  if (head_len + tail_len > MAX_BYTES)
    abort();
  memcpy(out, head, head_len);
  if (tail_len > 0)
    memcpy(out + head_len, tail, tail_len);
  return head_len + tail_len;
}

static size_t mk_assoc_change(uint8_t *out, uint16_t state, uint16_t error_raw,
                              uint16_t outs, uint16_t ins, int32_t id,
                              const void *info, size_t info_len) {
  struct sctp_assoc_change sac;
  memset(&sac, 0, sizeof(sac));
  sac.sac_type = SCTP_ASSOC_CHANGE;
  sac.sac_length = (uint32_t)(sizeof(sac) + info_len);
  sac.sac_state = state;
  sac.sac_error = error_raw;
  sac.sac_outbound_streams = outs;
  sac.sac_inbound_streams = ins;
  sac.sac_assoc_id = id;
  return put(out, &sac, sizeof(sac), info, info_len);
}

static struct sockaddr_storage mk_ss(int family, const char *text,
                                     uint16_t port) {
  struct sockaddr_storage ss;
  memset(&ss, 0, sizeof(ss));
  if (family == AF_INET) {
    struct sockaddr_in sin;
    memset(&sin, 0, sizeof(sin));
    sin.sin_family = AF_INET;
    sin.sin_port = htons(port);
    if (inet_pton(AF_INET, text, &sin.sin_addr) != 1)
      abort();
    memcpy(&ss, &sin, sizeof(sin));
  } else if (family == AF_INET6) {
    struct sockaddr_in6 sin6;
    memset(&sin6, 0, sizeof(sin6));
    sin6.sin6_family = AF_INET6;
    sin6.sin6_port = htons(port);
    if (inet_pton(AF_INET6, text, &sin6.sin6_addr) != 1)
      abort();
    memcpy(&ss, &sin6, sizeof(sin6));
  }
  return ss;
}

static size_t mk_paddr_change(uint8_t *out, struct sockaddr_storage ss,
                              int32_t state, int32_t error, int32_t id) {
  struct sctp_paddr_change spc;
  memset(&spc, 0, sizeof(spc));
  spc.spc_type = SCTP_PEER_ADDR_CHANGE;
  spc.spc_length = sizeof(spc);
  memcpy((uint8_t *)&spc + offsetof(struct sctp_paddr_change, spc_aaddr), &ss,
         sizeof(ss));
  spc.spc_state = state;
  spc.spc_error = error;
  spc.spc_assoc_id = id;
  return put(out, &spc, sizeof(spc), NULL, 0);
}

static size_t mk_remote_error(uint8_t *out, uint16_t cause, int32_t id,
                              const void *data, size_t n) {
  struct sctp_remote_error sre;
  memset(&sre, 0, sizeof(sre));
  sre.sre_type = SCTP_REMOTE_ERROR;
  sre.sre_length = (uint32_t)(sizeof(sre) + n);
  sre.sre_error = htons(cause); /* __be16 on the wire and in the struct */
  sre.sre_assoc_id = id;
  return put(out, &sre, sizeof(sre), data, n);
}

static size_t mk_send_failed(uint8_t *out, uint16_t flags, uint32_t error_raw,
                             uint16_t sid, uint32_t ppid_raw, int32_t id,
                             const void *data, size_t n) {
  struct sctp_send_failed ssf;
  memset(&ssf, 0, sizeof(ssf));
  ssf.ssf_type = SCTP_SEND_FAILED;
  ssf.ssf_flags = flags;
  ssf.ssf_length = (uint32_t)(sizeof(ssf) + n);
  ssf.ssf_error = error_raw;
  ssf.ssf_info.sinfo_stream = sid;
  ssf.ssf_info.sinfo_ssn = 11;
  ssf.ssf_info.sinfo_flags = 0x3;
  ssf.ssf_info.sinfo_ppid = ppid_raw;
  ssf.ssf_info.sinfo_context = 77;
  ssf.ssf_info.sinfo_timetolive = 1000;
  ssf.ssf_info.sinfo_tsn = 123456;
  ssf.ssf_info.sinfo_cumtsn = 123450;
  ssf.ssf_info.sinfo_assoc_id = id;
  ssf.ssf_assoc_id = id;
  return put(out, &ssf, sizeof(ssf), data, n);
}

#ifdef SCTP_SEND_FAILED_EVENT
static size_t mk_send_failed_event(uint8_t *out, uint16_t flags,
                                   uint32_t error_raw, uint16_t sid,
                                   uint32_t ppid_raw, int32_t id,
                                   const void *data, size_t n) {
  struct sctp_send_failed_event ssf;
  memset(&ssf, 0, sizeof(ssf));
  ssf.ssf_type = SCTP_SEND_FAILED_EVENT;
  ssf.ssf_flags = flags;
  ssf.ssf_length = (uint32_t)(sizeof(ssf) + n);
  ssf.ssf_error = error_raw;
  ssf.ssfe_info.snd_sid = sid;
  ssf.ssfe_info.snd_flags = 0x1;
  ssf.ssfe_info.snd_ppid = ppid_raw;
  ssf.ssfe_info.snd_context = 99;
  ssf.ssfe_info.snd_assoc_id = id;
  ssf.ssf_assoc_id = id;
  return put(out, &ssf, sizeof(ssf), data, n);
}
#endif

static size_t mk_shutdown(uint8_t *out, int32_t id) {
  struct sctp_shutdown_event sse;
  memset(&sse, 0, sizeof(sse));
  sse.sse_type = SCTP_SHUTDOWN_EVENT;
  sse.sse_length = sizeof(sse);
  sse.sse_assoc_id = id;
  return put(out, &sse, sizeof(sse), NULL, 0);
}

static size_t mk_adaptation(uint8_t *out, uint32_t ind, int32_t id) {
  struct sctp_adaptation_event sai;
  memset(&sai, 0, sizeof(sai));
  sai.sai_type = SCTP_ADAPTATION_INDICATION;
  sai.sai_length = sizeof(sai);
  sai.sai_adaptation_ind = ind;
  sai.sai_assoc_id = id;
  return put(out, &sai, sizeof(sai), NULL, 0);
}

static size_t mk_pdapi(uint8_t *out, uint32_t ind, uint32_t stream,
                       uint32_t seq, int32_t id) {
  struct sctp_pdapi_event pd;
  memset(&pd, 0, sizeof(pd));
  pd.pdapi_type = SCTP_PARTIAL_DELIVERY_EVENT;
  pd.pdapi_length = sizeof(pd);
  pd.pdapi_indication = ind;
  pd.pdapi_assoc_id = id;
#if defined(HAVE_SCTP_PDAPI_EVENT_PDAPI_STREAM) &&                            \
    defined(HAVE_SCTP_PDAPI_EVENT_PDAPI_SEQ)
  pd.pdapi_stream = stream;
  pd.pdapi_seq = seq;
#else
  (void)stream;
  (void)seq;
#endif
  return put(out, &pd, sizeof(pd), NULL, 0);
}

#ifdef SCTP_AUTHENTICATION_INDICATION
static size_t mk_auth(uint8_t *out, uint16_t key, uint16_t alt, uint32_t ind,
                      int32_t id) {
  struct sctp_authkey_event ak;
  memset(&ak, 0, sizeof(ak));
  ak.auth_type = SCTP_AUTHENTICATION_INDICATION;
  ak.auth_length = sizeof(ak);
  ak.auth_keynumber = key;
  ak.auth_altkeynumber = alt;
  ak.auth_indication = ind;
  ak.auth_assoc_id = id;
  return put(out, &ak, sizeof(ak), NULL, 0);
}
#endif

static size_t mk_dry(uint8_t *out, int32_t id) {
  struct sctp_sender_dry_event sd;
  memset(&sd, 0, sizeof(sd));
  sd.sender_dry_type = SCTP_SENDER_DRY_EVENT;
  sd.sender_dry_length = sizeof(sd);
  sd.sender_dry_assoc_id = id;
  return put(out, &sd, sizeof(sd), NULL, 0);
}

#ifdef SCTP_STREAM_RESET_EVENT
static size_t mk_strreset(uint8_t *out, uint16_t flags, int32_t id,
                          const uint16_t *streams, size_t n) {
  struct sctp_stream_reset_event sr;
  memset(&sr, 0, sizeof(sr));
  sr.strreset_type = SCTP_STREAM_RESET_EVENT;
  sr.strreset_flags = flags;
  sr.strreset_length = (uint32_t)(sizeof(sr) + n * sizeof(uint16_t));
  sr.strreset_assoc_id = id;
  return put(out, &sr, sizeof(sr), streams, n * sizeof(uint16_t));
}
#endif

#ifdef SCTP_ASSOC_RESET_EVENT
static size_t mk_assocreset(uint8_t *out, uint16_t flags, int32_t id,
                            uint32_t local_tsn, uint32_t remote_tsn) {
  struct sctp_assoc_reset_event ar;
  memset(&ar, 0, sizeof(ar));
  ar.assocreset_type = SCTP_ASSOC_RESET_EVENT;
  ar.assocreset_flags = flags;
  ar.assocreset_length = sizeof(ar);
  ar.assocreset_assoc_id = id;
  ar.assocreset_local_tsn = local_tsn;
  ar.assocreset_remote_tsn = remote_tsn;
  return put(out, &ar, sizeof(ar), NULL, 0);
}
#endif

#ifdef SCTP_STREAM_CHANGE_EVENT
static size_t mk_strchange(uint8_t *out, uint16_t flags, int32_t id,
                           uint16_t ins, uint16_t outs) {
  struct sctp_stream_change_event sc;
  memset(&sc, 0, sizeof(sc));
  sc.strchange_type = SCTP_STREAM_CHANGE_EVENT;
  sc.strchange_flags = flags;
  sc.strchange_length = sizeof(sc);
  sc.strchange_assoc_id = id;
  sc.strchange_instrms = ins;
  sc.strchange_outstrms = outs;
  return put(out, &sc, sizeof(sc), NULL, 0);
}
#endif

static size_t mk_unknown(uint8_t *out, uint16_t type, size_t extra) {
  uint8_t body[64];
  union sctp_notification sn;
  memset(&sn, 0, sizeof(sn));
  memset(body, 0xab, sizeof(body));
  if (extra > sizeof(body))
    abort();
  sn.sn_header.sn_type = type;
  sn.sn_header.sn_flags = 0x5a;
  sn.sn_header.sn_length = (uint32_t)(sizeof(sn.sn_header) + extra);
  return put(out, &sn.sn_header, sizeof(sn.sn_header), body, extra);
}

/* Overwrites sn_length of the notification at b. */
static void set_sn_length(uint8_t *b, uint32_t length) {
  memcpy(b + offsetof(union sctp_notification, sn_header.sn_length), &length,
         sizeof(length));
}

/* ---- decoding helpers -------------------------------------------------- */

/* A heap block of exactly len bytes starting at an odd address. */
struct held {
  uint8_t *block;
  uint8_t *bytes;
};

static struct held hold(const void *src, size_t len) {
  struct held h;
  h.block = malloc(len + 1);
  if (h.block == NULL)
    abort();
  h.bytes = h.block + 1;
  if (len > 0)
    memcpy(h.bytes, src, len);
  return h;
}

static void release(struct held *h) {
  free(h->block);
  h->block = h->bytes = NULL;
}

/* Decodes src[0..len) from a held copy; the copy stays in *h. */
static int decode_held(const void *src, size_t len, struct lk_notify *n,
                       struct held *h) {
  *h = hold(src, len);
  return lk_notify_decode(h->bytes, len, n);
}

/* Decodes and interprets, returning the sentence in a static buffer. */
static const char *sentence_of(const uint8_t *bytes, size_t len) {
  static char text[1024];
  struct lk_notify n;
  struct held h;
  int rc = decode_held(bytes, len, &n, &h);
  if (rc != 0) {
    snprintf(text, sizeof(text), "<decode failed %d>", rc);
  } else {
    lk_notify_interpret(&n, text, sizeof(text));
  }
  release(&h);
  return text;
}

/* ---- tests ------------------------------------------------------------- */

static void test_names(void) {
  is_str(lk_notify_type_name(SCTP_ASSOC_CHANGE), "SCTP_ASSOC_CHANGE", "type name ASSOC_CHANGE");
  is_str(lk_notify_type_name(SCTP_PEER_ADDR_CHANGE), "SCTP_PEER_ADDR_CHANGE", "type name PEER_ADDR_CHANGE");
  is_str(lk_notify_type_name(SCTP_SEND_FAILED), "SCTP_SEND_FAILED", "type name SEND_FAILED");
  is_str(lk_notify_type_name(SCTP_REMOTE_ERROR), "SCTP_REMOTE_ERROR", "type name REMOTE_ERROR");
  is_str(lk_notify_type_name(SCTP_SHUTDOWN_EVENT), "SCTP_SHUTDOWN_EVENT", "type name SHUTDOWN_EVENT");
  is_str(lk_notify_type_name(SCTP_PARTIAL_DELIVERY_EVENT), "SCTP_PARTIAL_DELIVERY_EVENT", "type name PARTIAL_DELIVERY_EVENT");
  is_str(lk_notify_type_name(SCTP_ADAPTATION_INDICATION), "SCTP_ADAPTATION_INDICATION", "type name ADAPTATION_INDICATION");
#ifdef SCTP_AUTHENTICATION_INDICATION
  is_str(lk_notify_type_name(SCTP_AUTHENTICATION_INDICATION), "SCTP_AUTHENTICATION_EVENT", "type name AUTHENTICATION_EVENT");
#endif
  is_str(lk_notify_type_name(SCTP_SENDER_DRY_EVENT), "SCTP_SENDER_DRY_EVENT", "type name SENDER_DRY_EVENT");
#ifdef SCTP_STREAM_RESET_EVENT
  is_str(lk_notify_type_name(SCTP_STREAM_RESET_EVENT), "SCTP_STREAM_RESET_EVENT", "type name STREAM_RESET_EVENT");
#endif
#ifdef SCTP_ASSOC_RESET_EVENT
  is_str(lk_notify_type_name(SCTP_ASSOC_RESET_EVENT), "SCTP_ASSOC_RESET_EVENT", "type name ASSOC_RESET_EVENT");
#endif
#ifdef SCTP_STREAM_CHANGE_EVENT
  is_str(lk_notify_type_name(SCTP_STREAM_CHANGE_EVENT), "SCTP_STREAM_CHANGE_EVENT", "type name STREAM_CHANGE_EVENT");
#endif
#ifdef SCTP_SEND_FAILED_EVENT
  is_str(lk_notify_type_name(SCTP_SEND_FAILED_EVENT), "SCTP_SEND_FAILED_EVENT", "type name SEND_FAILED_EVENT");
#endif
  is_str(lk_notify_type_name(SCTP_DATA_IO_EVENT), NULL, "SCTP_DATA_IO_EVENT is not a notification type");
  is_str(lk_notify_type_name(0), NULL, "type name of 0 is NULL");
  is_str(lk_notify_type_name(0xffff), NULL, "type name of 0xffff is NULL");

  is_str(lk_notify_assoc_state_name(SCTP_COMM_UP), "SCTP_COMM_UP", "state SCTP_COMM_UP");
  is_str(lk_notify_assoc_state_name(SCTP_COMM_LOST), "SCTP_COMM_LOST", "state SCTP_COMM_LOST");
  is_str(lk_notify_assoc_state_name(SCTP_RESTART), "SCTP_RESTART", "state SCTP_RESTART");
  is_str(lk_notify_assoc_state_name(SCTP_SHUTDOWN_COMP), "SCTP_SHUTDOWN_COMP", "state SCTP_SHUTDOWN_COMP");
  is_str(lk_notify_assoc_state_name(SCTP_CANT_STR_ASSOC), "SCTP_CANT_STR_ASSOC", "state SCTP_CANT_STR_ASSOC");
  is_str(lk_notify_assoc_state_name(SCTP_CANT_STR_ASSOC + 1), NULL, "unknown assoc state is NULL");

  is_str(lk_notify_paddr_state_name(SCTP_ADDR_AVAILABLE), "SCTP_ADDR_AVAILABLE", "paddr SCTP_ADDR_AVAILABLE");
  is_str(lk_notify_paddr_state_name(SCTP_ADDR_UNREACHABLE), "SCTP_ADDR_UNREACHABLE", "paddr SCTP_ADDR_UNREACHABLE");
  is_str(lk_notify_paddr_state_name(SCTP_ADDR_REMOVED), "SCTP_ADDR_REMOVED", "paddr SCTP_ADDR_REMOVED");
  is_str(lk_notify_paddr_state_name(SCTP_ADDR_ADDED), "SCTP_ADDR_ADDED", "paddr SCTP_ADDR_ADDED");
  is_str(lk_notify_paddr_state_name(SCTP_ADDR_MADE_PRIM), "SCTP_ADDR_MADE_PRIM", "paddr SCTP_ADDR_MADE_PRIM");
  is_str(lk_notify_paddr_state_name(SCTP_ADDR_CONFIRMED), "SCTP_ADDR_CONFIRMED", "paddr SCTP_ADDR_CONFIRMED");
#ifdef SCTP_ADDR_PF
  is_str(lk_notify_paddr_state_name(SCTP_ADDR_POTENTIALLY_FAILED), "SCTP_ADDR_POTENTIALLY_FAILED", "paddr SCTP_ADDR_POTENTIALLY_FAILED");
#endif
  is_str(lk_notify_paddr_state_name(-1), NULL, "paddr state -1 is NULL");
  is_str(lk_notify_paddr_state_name(1000), NULL, "paddr state 1000 is NULL");

  is_str(lk_notify_paddr_error_name(SCTP_FAILED_THRESHOLD), "SCTP_FAILED_THRESHOLD", "sn_error SCTP_FAILED_THRESHOLD");
  is_str(lk_notify_paddr_error_name(SCTP_RECEIVED_SACK), "SCTP_RECEIVED_SACK", "sn_error SCTP_RECEIVED_SACK");
  is_str(lk_notify_paddr_error_name(SCTP_HEARTBEAT_SUCCESS), "SCTP_HEARTBEAT_SUCCESS", "sn_error SCTP_HEARTBEAT_SUCCESS");
  is_str(lk_notify_paddr_error_name(SCTP_RESPONSE_TO_USER_REQ), "SCTP_RESPONSE_TO_USER_REQ", "sn_error SCTP_RESPONSE_TO_USER_REQ");
  is_str(lk_notify_paddr_error_name(SCTP_INTERNAL_ERROR), "SCTP_INTERNAL_ERROR", "sn_error SCTP_INTERNAL_ERROR");
  is_str(lk_notify_paddr_error_name(SCTP_SHUTDOWN_GUARD_EXPIRES), "SCTP_SHUTDOWN_GUARD_EXPIRES", "sn_error SCTP_SHUTDOWN_GUARD_EXPIRES");
  is_str(lk_notify_paddr_error_name(SCTP_PEER_FAULTY), "SCTP_PEER_FAULTY", "sn_error SCTP_PEER_FAULTY");
  is_str(lk_notify_paddr_error_name(SCTP_PEER_FAULTY + 1), NULL, "unknown sn_error is NULL");

  is_str(lk_notify_pdapi_indication_name(SCTP_PARTIAL_DELIVERY_ABORTED), "SCTP_PARTIAL_DELIVERY_ABORTED", "pdapi SCTP_PARTIAL_DELIVERY_ABORTED");
  is_str(lk_notify_pdapi_indication_name(SCTP_PARTIAL_DELIVERY_ABORTED + 1), NULL, "unknown pdapi indication is NULL");

  is_str(lk_notify_auth_indication_name(SCTP_AUTH_NEW_KEY), "SCTP_AUTH_NEW_KEY", "auth SCTP_AUTH_NEW_KEY");
#ifdef HAVE_SCTP_AUTH_NO_AUTH
  is_str(lk_notify_auth_indication_name(SCTP_AUTH_FREE_KEY), "SCTP_AUTH_FREE_KEY", "auth SCTP_AUTH_FREE_KEY");
  is_str(lk_notify_auth_indication_name(SCTP_AUTH_NO_AUTH), "SCTP_AUTH_NO_AUTH", "auth SCTP_AUTH_NO_AUTH");
  is_str(lk_notify_auth_indication_name(SCTP_AUTH_NO_AUTH + 1), NULL, "unknown auth indication is NULL");
#endif

  is_str(lk_notify_send_failed_flags_name(SCTP_DATA_UNSENT), "SCTP_DATA_UNSENT", "ssf SCTP_DATA_UNSENT");
  is_str(lk_notify_send_failed_flags_name(SCTP_DATA_SENT), "SCTP_DATA_SENT", "ssf SCTP_DATA_SENT");
  is_str(lk_notify_send_failed_flags_name(SCTP_DATA_SENT + 1), NULL, "unknown ssf flags is NULL");

#ifdef SCTP_ASSOC_SUPPORTS_PR
  is_str(lk_notify_feature_name(SCTP_ASSOC_SUPPORTS_PR), "SCTP_ASSOC_SUPPORTS_PR", "feature SCTP_ASSOC_SUPPORTS_PR");
#else
  is_str(lk_notify_feature_name(1), NULL, "no SCTP_ASSOC_SUPPORTS_* in this header: feature names are NULL");
#endif
  is_str(lk_notify_feature_name(0), NULL, "feature 0 is NULL");

#ifdef SCTP_STREAM_RESET_EVENT
  is_str(lk_notify_flag_bit_name(LK_NOTIFY_STREAM_RESET_EVENT, SCTP_STREAM_RESET_INCOMING_SSN), "incoming", "strreset flag incoming");
  is_str(lk_notify_flag_bit_name(LK_NOTIFY_STREAM_RESET_EVENT, SCTP_STREAM_RESET_OUTGOING_SSN), "outgoing", "strreset flag outgoing");
  is_str(lk_notify_flag_bit_name(LK_NOTIFY_STREAM_RESET_EVENT, SCTP_STREAM_RESET_DENIED), "denied", "strreset flag denied");
  is_str(lk_notify_flag_bit_name(LK_NOTIFY_STREAM_RESET_EVENT, SCTP_STREAM_RESET_FAILED), "failed", "strreset flag failed");
  is_str(lk_notify_flag_bit_name(LK_NOTIFY_STREAM_RESET_EVENT, 0x8000), NULL, "strreset flag 0x8000 is NULL");
#endif
#ifdef SCTP_ASSOC_RESET_EVENT
  is_str(lk_notify_flag_bit_name(LK_NOTIFY_ASSOC_RESET_EVENT, SCTP_ASSOC_RESET_DENIED), "denied", "assocreset flag denied");
  is_str(lk_notify_flag_bit_name(LK_NOTIFY_ASSOC_RESET_EVENT, SCTP_ASSOC_RESET_FAILED), "failed", "assocreset flag failed");
#endif
#ifdef SCTP_STREAM_CHANGE_EVENT
  is_str(lk_notify_flag_bit_name(LK_NOTIFY_STREAM_CHANGE_EVENT, SCTP_STREAM_CHANGE_DENIED), "denied", "strchange flag denied");
  is_str(lk_notify_flag_bit_name(LK_NOTIFY_STREAM_CHANGE_EVENT, SCTP_STREAM_CHANGE_FAILED), "failed", "strchange flag failed");
#endif
  is_str(lk_notify_flag_bit_name(LK_NOTIFY_ASSOC_CHANGE, 1), NULL, "no flag names for ASSOC_CHANGE");

  {
    static const char *const rfc9260[] = {
        NULL,
        "Invalid Stream Identifier",
        "Missing Mandatory Parameter",
        "Stale Cookie Error",
        "Out of Resource",
        "Unresolvable Address",
        "Unrecognized Chunk Type",
        "Invalid Mandatory Parameter",
        "Unrecognized Parameters",
        "No User Data",
        "Cookie Received While Shutting Down",
        "Restart of an Association with New Addresses",
        "User-Initiated Abort",
        "Protocol Violation",
        NULL,
    };
    for (uint32_t c = 0; c < sizeof(rfc9260) / sizeof(rfc9260[0]); c++)
      is_str(lk_notify_cause_name(c), rfc9260[c], "cause name %u", (unsigned)c);
  }
  is_str(lk_notify_cause_name(0x0105), "Unsupported HMAC Identifier", "cause name 0x0105 (RFC 4895)");
  is_str(lk_notify_cause_name(0x00A0), "Request to Delete Last Remaining IP Address", "cause name 0x00A0 (RFC 5061)");
  is_str(lk_notify_cause_name(0xffff), NULL, "cause name 0xffff is NULL");
}

static void test_assoc_change(void) {
  uint8_t b[MAX_BYTES];
  struct lk_notify n;
  struct held h;
  size_t len;

  len = mk_assoc_change(b, SCTP_COMM_UP, 0, 10, 5, 3, NULL, 0);
  is_int(decode_held(b, len, &n, &h), 0, "COMM_UP decodes");
  is_int(n.kind, LK_NOTIFY_ASSOC_CHANGE, "COMM_UP kind");
  is_int(n.type, SCTP_ASSOC_CHANGE, "COMM_UP type");
  is_int(n.length, sizeof(struct sctp_assoc_change), "COMM_UP length");
  is_int(n.has_assoc_id, 1, "COMM_UP has assoc id");
  is_int(n.assoc_id, 3, "COMM_UP assoc id");
  is_int(n.u.assoc_change.state, SCTP_COMM_UP, "COMM_UP state");
  is_int(n.u.assoc_change.outbound_streams, 10, "COMM_UP outbound streams");
  is_int(n.u.assoc_change.inbound_streams, 5, "COMM_UP inbound streams");
  is_int(n.data_len, 0, "COMM_UP without sac_info");
  ok(n.data == NULL, "COMM_UP data pointer NULL");
  release(&h);
  is_str(sentence_of(b, len), "association 3 is up: 10 outbound and 5 inbound streams", "COMM_UP sentence");

  {
    const uint8_t features[] = {1, 2, 4};
    len = mk_assoc_change(b, SCTP_COMM_UP, 0, 1, 1, 9, features, sizeof(features));
    is_int(decode_held(b, len, &n, &h), 0, "COMM_UP with feature bytes decodes");
    is_int(n.data_len, 3, "COMM_UP feature bytes: 3");
    is_mem(n.data, features, sizeof(features), "COMM_UP feature bytes content");
    ok(n.data == h.bytes + sizeof(struct sctp_assoc_change), "sac_info points into the buffer");
    release(&h);
  }

  {
    /* COMM_LOST after an ABORT carrying User-Initiated Abort (cause 12):
     * Linux puts the cause in sac_error in network order and the ABORT's
     * error causes (no chunk header) in sac_info. */
    const uint8_t abort_causes[] = {0x00, 0x0c, 0x00, 0x08, 'b', 'y', 'e', '!'};
    len = mk_assoc_change(b, SCTP_COMM_LOST, htons(12), 0, 0, 7, abort_causes, sizeof(abort_causes));
    is_int(decode_held(b, len, &n, &h), 0, "COMM_LOST decodes");
    is_int(n.u.assoc_change.error, htons(12), "COMM_LOST raw sac_error kept");
    is_int(n.u.assoc_change.error_cause, 12, "COMM_LOST cause in host order");
    is_int(n.data_len, sizeof(abort_causes), "COMM_LOST sac_info length");
    is_mem(n.data, abort_causes, sizeof(abort_causes), "COMM_LOST sac_info content");
    release(&h);
    is_str(sentence_of(b, len), "association 7 was lost (error 12: User-Initiated Abort)", "COMM_LOST sentence");
  }
  len = mk_assoc_change(b, SCTP_COMM_LOST, 0, 0, 0, 7, NULL, 0);
  is_str(sentence_of(b, len), "association 7 was lost (error 0)", "COMM_LOST without cause");
  len = mk_assoc_change(b, SCTP_RESTART, 0, 10, 5, 3, NULL, 0);
  is_str(sentence_of(b, len), "association 3 was restarted by the peer: 10 outbound and 5 inbound streams", "RESTART sentence");
  len = mk_assoc_change(b, SCTP_SHUTDOWN_COMP, 0, 0, 0, 3, NULL, 0);
  is_str(sentence_of(b, len), "association 3 was shut down", "SHUTDOWN_COMP sentence");
  len = mk_assoc_change(b, SCTP_CANT_STR_ASSOC, htons(1), 0, 0, 0, NULL, 0);
  is_str(sentence_of(b, len), "association 0 could not be started (error 1: Invalid Stream Identifier)", "CANT_STR_ASSOC sentence");
  len = mk_assoc_change(b, 42, 0, 0, 0, 3, NULL, 0);
  is_str(sentence_of(b, len), "association 3 changed to unknown state 42 (error 0)", "unknown assoc state sentence");
  len = mk_assoc_change(b, SCTP_COMM_UP, 0, 1, 1, -5, NULL, 0);
  is_str(sentence_of(b, len), "association -5 is up: 1 outbound and 1 inbound streams", "negative assoc id printed signed");
}

static void test_paddr_change(void) {
  uint8_t b[MAX_BYTES];
  struct lk_notify n;
  struct held h;
  size_t len;
  struct sockaddr_in sin;

  len = mk_paddr_change(b, mk_ss(AF_INET, "127.0.0.2", 5000), SCTP_ADDR_UNREACHABLE, 0, 3);
  is_int(len, sizeof(struct sctp_paddr_change), "paddr change is %zu bytes", sizeof(struct sctp_paddr_change));
  is_int(decode_held(b, len, &n, &h), 0, "paddr change decodes");
  is_int(n.kind, LK_NOTIFY_PEER_ADDR_CHANGE, "paddr kind");
  is_int(n.assoc_id, 3, "paddr assoc id");
  is_int(n.u.paddr_change.state, SCTP_ADDR_UNREACHABLE, "paddr state");
  is_int(n.u.paddr_change.error, 0, "paddr error");
  is_int(n.u.paddr_change.addr.ss_family, AF_INET, "paddr family");
  memcpy(&sin, &n.u.paddr_change.addr, sizeof(sin));
  is_int(ntohs(sin.sin_port), 5000, "paddr port");
  is_int(ntohl(sin.sin_addr.s_addr), 0x7f000002, "paddr address");
  release(&h);
  is_str(sentence_of(b, len), "peer address 127.0.0.2:5000 is unreachable (error 0)", "paddr unreachable sentence");

  len = mk_paddr_change(b, mk_ss(AF_INET6, "::1", 5000), SCTP_ADDR_AVAILABLE, SCTP_HEARTBEAT_SUCCESS, 3);
  is_str(sentence_of(b, len), "peer address [::1]:5000 is available (error 2)", "paddr IPv6 available sentence");
  len = mk_paddr_change(b, mk_ss(AF_INET6, "::ffff:10.0.0.1", 80), SCTP_ADDR_ADDED, 0, 3);
  is_str(sentence_of(b, len), "peer address 10.0.0.1:80 was added (error 0)", "paddr v4-mapped shown as IPv4");
  len = mk_paddr_change(b, mk_ss(AF_INET, "192.0.2.1", 1), SCTP_ADDR_REMOVED, 0, 3);
  is_str(sentence_of(b, len), "peer address 192.0.2.1:1 was removed (error 0)", "paddr removed sentence");
  len = mk_paddr_change(b, mk_ss(AF_INET, "192.0.2.1", 1), SCTP_ADDR_MADE_PRIM, 0, 3);
  is_str(sentence_of(b, len), "peer address 192.0.2.1:1 is now the primary path (error 0)", "paddr made primary sentence");
  len = mk_paddr_change(b, mk_ss(AF_INET, "192.0.2.1", 1), SCTP_ADDR_CONFIRMED, 0, 3);
  is_str(sentence_of(b, len), "peer address 192.0.2.1:1 was confirmed (error 0)", "paddr confirmed sentence");
#ifdef SCTP_ADDR_PF
  len = mk_paddr_change(b, mk_ss(AF_INET, "127.0.0.2", 5000), SCTP_ADDR_POTENTIALLY_FAILED, 0, 3);
  is_str(sentence_of(b, len), "peer address 127.0.0.2:5000 is potentially failed (error 0)", "paddr potentially failed sentence");
#endif
  len = mk_paddr_change(b, mk_ss(AF_INET, "127.0.0.2", 5000), 77, 0, 3);
  is_str(sentence_of(b, len), "peer address 127.0.0.2:5000 changed to unknown state 77 (error 0)", "paddr unknown state sentence");
  len = mk_paddr_change(b, mk_ss(0, NULL, 0), SCTP_ADDR_REMOVED, 0, 3);
  is_str(sentence_of(b, len), "peer address of unknown family 0 was removed (error 0)", "paddr with no address family");
}

static void test_remote_error(void) {
  uint8_t b[MAX_BYTES];
  struct lk_notify n;
  struct held h;
  size_t len;
  const uint8_t cause_body[] = {0x00, 0x05, 0x00, 0x00};

  len = mk_remote_error(b, 1, 3, cause_body, sizeof(cause_body));
  is_int(decode_held(b, len, &n, &h), 0, "remote error decodes");
  is_int(n.kind, LK_NOTIFY_REMOTE_ERROR, "remote error kind");
  is_int(n.u.remote_error.cause, 1, "sre_error converted from network order");
  is_int(n.assoc_id, 3, "remote error assoc id");
  is_int(n.data_len, 4, "remote error data length");
  is_mem(n.data, cause_body, sizeof(cause_body), "remote error data");
  release(&h);
  is_str(sentence_of(b, len), "association 3: peer reported error 1 (Invalid Stream Identifier) with 4 bytes of cause data", "remote error sentence");
  len = mk_remote_error(b, 300, 3, NULL, 0);
  is_str(sentence_of(b, len), "association 3: peer reported error 300 with 0 bytes of cause data", "remote error unknown cause sentence");
  len = mk_remote_error(b, 0x0105, 1, NULL, 0);
  is_str(sentence_of(b, len), "association 1: peer reported error 261 (Unsupported HMAC Identifier) with 0 bytes of cause data", "remote error 0x0105 sentence");
}

static void test_send_failed(void) {
  uint8_t b[MAX_BYTES];
  uint8_t payload[128];
  struct lk_notify n;
  struct held h;
  size_t len;

  for (size_t i = 0; i < sizeof(payload); i++)
    payload[i] = (uint8_t)i;
  len = mk_send_failed(b, SCTP_DATA_UNSENT, 0, 2, htonl(51), 3, payload, sizeof(payload));
  is_int(decode_held(b, len, &n, &h), 0, "send failed decodes");
  is_int(n.kind, LK_NOTIFY_SEND_FAILED, "send failed kind");
  is_int(n.flags, SCTP_DATA_UNSENT, "send failed flags");
  is_int(n.u.send_failed.sid, 2, "send failed sid");
  is_int(n.u.send_failed.ppid, htonl(51), "send failed ppid kept raw");
  is_int(n.u.send_failed.ssn, 11, "send failed ssn");
  is_int(n.u.send_failed.info_flags, 3, "send failed sinfo_flags");
  is_int(n.u.send_failed.context, 77, "send failed context");
  is_int(n.u.send_failed.timetolive, 1000, "send failed ttl");
  is_int(n.u.send_failed.tsn, 123456, "send failed tsn");
  is_int(n.u.send_failed.cumtsn, 123450, "send failed cumtsn");
  is_int(n.u.send_failed.info_assoc_id, 3, "send failed sinfo_assoc_id");
  is_int(n.assoc_id, 3, "send failed assoc id");
  is_int(n.data_len, 128, "send failed data length");
  is_mem(n.data, payload, sizeof(payload), "send failed data");
  release(&h);
  is_str(sentence_of(b, len), "send failed: 128 bytes on stream 2 were not sent (error 0)", "send failed unsent sentence");

  /* ssf_error holds a __be16 cause in a u32 (SCTP_ERROR_INV_STRM). */
  len = mk_send_failed(b, SCTP_DATA_SENT, htons(1), 1, 0, 3, payload, 4);
  is_int(decode_held(b, len, &n, &h), 0, "send failed (sent) decodes");
  is_int(n.u.send_failed.error, htons(1), "ssf_error raw kept");
  is_int(n.u.send_failed.error_cause, 1, "ssf_error cause in host order");
  release(&h);
  is_str(sentence_of(b, len), "send failed: 4 bytes on stream 1 were sent but may not have been delivered (error 1: Invalid Stream Identifier)", "send failed sent sentence");
  len = mk_send_failed(b, 7, 0x12345, 0, 0, 3, NULL, 0);
  is_int(decode_held(b, len, &n, &h), 0, "send failed with odd flags decodes");
  is_int(n.u.send_failed.error_cause, 0x12345, "ssf_error beyond 16 bits left as is");
  release(&h);
  is_str(sentence_of(b, len), "send failed: 0 bytes on stream 0 failed (error 74565)", "send failed unknown flags sentence");

#ifdef SCTP_SEND_FAILED_EVENT
  len = mk_send_failed_event(b, SCTP_DATA_UNSENT, 0, 4, htonl(0xdeadbeef), 6, payload, 10);
  is_int(decode_held(b, len, &n, &h), 0, "send failed event decodes");
  is_int(n.kind, LK_NOTIFY_SEND_FAILED_EVENT, "send failed event kind");
  is_int(n.u.send_failed.sid, 4, "send failed event sid");
  is_int(n.u.send_failed.ppid, htonl(0xdeadbeef), "send failed event ppid raw");
  is_int(n.u.send_failed.context, 99, "send failed event context");
  is_int(n.u.send_failed.info_flags, 1, "send failed event snd_flags");
  is_int(n.u.send_failed.info_assoc_id, 6, "send failed event snd_assoc_id");
  is_int(n.u.send_failed.tsn, 0, "send failed event has no tsn");
  is_int(n.assoc_id, 6, "send failed event assoc id");
  is_int(n.data_len, 10, "send failed event data length");
  is_mem(n.data, payload, 10, "send failed event data");
  release(&h);
  is_str(sentence_of(b, len), "send failed: 10 bytes on stream 4 were not sent (error 0)", "send failed event sentence");
#endif
}

static void test_small_types(void) {
  uint8_t b[MAX_BYTES];
  struct lk_notify n;
  struct held h;
  size_t len;

  len = mk_shutdown(b, 3);
  is_int(decode_held(b, len, &n, &h), 0, "shutdown decodes");
  is_int(n.kind, LK_NOTIFY_SHUTDOWN_EVENT, "shutdown kind");
  is_int(n.assoc_id, 3, "shutdown assoc id");
  release(&h);
  is_str(sentence_of(b, len), "association 3: peer has started a graceful shutdown", "shutdown sentence");

  len = mk_adaptation(b, 0x01020304, 3);
  is_int(decode_held(b, len, &n, &h), 0, "adaptation decodes");
  is_int(n.kind, LK_NOTIFY_ADAPTATION_INDICATION, "adaptation kind");
  is_int(n.u.adaptation.ind, 0x01020304, "adaptation indication");
  release(&h);
  is_str(sentence_of(b, len), "association 3: peer adaptation layer indication 0x01020304", "adaptation sentence");

  len = mk_pdapi(b, SCTP_PARTIAL_DELIVERY_ABORTED, 2, 7, 3);
  is_int(decode_held(b, len, &n, &h), 0, "pdapi decodes");
  is_int(n.kind, LK_NOTIFY_PARTIAL_DELIVERY_EVENT, "pdapi kind");
  is_int(n.u.pdapi.indication, SCTP_PARTIAL_DELIVERY_ABORTED, "pdapi indication");
#if defined(HAVE_SCTP_PDAPI_EVENT_PDAPI_STREAM)
  is_int(n.u.pdapi.has_stream_seq, 1, "pdapi has stream/seq");
  is_int(n.u.pdapi.stream, 2, "pdapi stream");
  is_int(n.u.pdapi.seq, 7, "pdapi seq");
  release(&h);
  is_str(sentence_of(b, len), "association 3: partial delivery on stream 2 (sequence 7) was aborted", "pdapi sentence");
  len = mk_pdapi(b, 5, 2, 7, 3);
  is_str(sentence_of(b, len), "association 3: partial delivery on stream 2 (sequence 7): unknown indication 5", "pdapi unknown indication sentence");
#else
  release(&h);
#endif

#ifdef SCTP_AUTHENTICATION_INDICATION
  len = mk_auth(b, 1, 0, SCTP_AUTH_NEW_KEY, 3);
  is_int(decode_held(b, len, &n, &h), 0, "auth decodes");
  is_int(n.kind, LK_NOTIFY_AUTHENTICATION_EVENT, "auth kind");
  is_int(n.u.auth.keynumber, 1, "auth key number");
  is_int(n.u.auth.indication, SCTP_AUTH_NEW_KEY, "auth indication");
  release(&h);
  is_str(sentence_of(b, len), "association 3: authentication key 1 is now active", "auth new key sentence");
  len = mk_auth(b, 5, 6, 77, 3);
  is_int(decode_held(b, len, &n, &h), 0, "auth unknown indication decodes");
  is_int(n.u.auth.altkeynumber, 6, "auth alt key number");
  release(&h);
  is_str(sentence_of(b, len), "association 3: authentication event 77 for key 5", "auth unknown indication sentence");
#ifdef HAVE_SCTP_AUTH_NO_AUTH
  len = mk_auth(b, 2, 0, SCTP_AUTH_FREE_KEY, 3);
  is_str(sentence_of(b, len), "association 3: authentication key 2 is no longer used", "auth free key sentence");
  len = mk_auth(b, 0, 0, SCTP_AUTH_NO_AUTH, 3);
  is_str(sentence_of(b, len), "association 3: peer does not support authentication", "auth no auth sentence");
#endif
#endif

  len = mk_dry(b, 3);
  is_int(decode_held(b, len, &n, &h), 0, "sender dry decodes");
  is_int(n.kind, LK_NOTIFY_SENDER_DRY_EVENT, "sender dry kind");
  is_int(n.assoc_id, 3, "sender dry assoc id");
  release(&h);
  is_str(sentence_of(b, len), "association 3 has no user data left to send", "sender dry sentence");
}

static void test_reconfig(void) {
  uint8_t b[MAX_BYTES];
  struct lk_notify n;
  struct held h;
  size_t len;

#ifdef SCTP_STREAM_RESET_EVENT
  {
    const uint16_t streams[] = {1, 2, 300};
    len = mk_strreset(b, SCTP_STREAM_RESET_INCOMING_SSN | SCTP_STREAM_RESET_OUTGOING_SSN, 3, streams, 3);
    is_int(decode_held(b, len, &n, &h), 0, "stream reset decodes");
    is_int(n.kind, LK_NOTIFY_STREAM_RESET_EVENT, "stream reset kind");
    is_int(n.u.stream_reset.n_streams, 3, "stream reset: 3 streams");
    is_int(lk_notify_stream(&n, 0), 1, "stream reset stream 0");
    is_int(lk_notify_stream(&n, 2), 300, "stream reset stream 2");
    is_int(lk_notify_stream(&n, 3), 0, "stream reset: out of range index gives 0");
    release(&h);
    is_str(sentence_of(b, len), "association 3: reset of incoming and outgoing streams 1, 2, 300 succeeded", "stream reset sentence");
    len = mk_strreset(b, SCTP_STREAM_RESET_OUTGOING_SSN | SCTP_STREAM_RESET_DENIED, 3, streams, 1);
    is_str(sentence_of(b, len), "association 3: reset of outgoing stream 1 was denied", "stream reset denied sentence");
    len = mk_strreset(b, SCTP_STREAM_RESET_INCOMING_SSN | SCTP_STREAM_RESET_FAILED | 0x0100, 3, NULL, 0);
    is_str(sentence_of(b, len), "association 3: reset of all incoming streams failed (other flags 0x0100)", "stream reset all streams failed sentence");
  }
  {
    uint16_t many[40];
    for (uint16_t i = 0; i < 40; i++)
      many[i] = i;
    len = mk_strreset(b, 0, 3, many, 40);
    is_str(sentence_of(b, len), "association 3: reset of streams 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15 and 24 more succeeded", "stream reset long list is capped");
    /* An odd number of bytes after the struct is not a list of u16. */
    len = mk_strreset(b, 0, 3, many, 2);
    set_sn_length(b, (uint32_t)len - 1);
    is_int(decode_held(b, len - 1, &n, &h), -EINVAL, "stream reset with odd list length is -EINVAL");
    release(&h);
  }
#endif

#ifdef SCTP_ASSOC_RESET_EVENT
  len = mk_assocreset(b, 0, 3, 100, 200);
  is_int(decode_held(b, len, &n, &h), 0, "assoc reset decodes");
  is_int(n.kind, LK_NOTIFY_ASSOC_RESET_EVENT, "assoc reset kind");
  is_int(n.u.assoc_reset.local_tsn, 100, "assoc reset local tsn");
  is_int(n.u.assoc_reset.remote_tsn, 200, "assoc reset remote tsn");
  release(&h);
  is_str(sentence_of(b, len), "association 3: reset of the association succeeded: local TSN 100, remote TSN 200", "assoc reset sentence");
  len = mk_assocreset(b, SCTP_ASSOC_RESET_DENIED, 3, 0, 0);
  is_str(sentence_of(b, len), "association 3: reset of the association did not succeed: local TSN 0, remote TSN 0 (denied)", "assoc reset denied sentence");
#endif

#ifdef SCTP_STREAM_CHANGE_EVENT
  len = mk_strchange(b, 0, 3, 10, 5);
  is_int(decode_held(b, len, &n, &h), 0, "stream change decodes");
  is_int(n.kind, LK_NOTIFY_STREAM_CHANGE_EVENT, "stream change kind");
  is_int(n.u.stream_change.inbound_streams, 10, "stream change inbound");
  is_int(n.u.stream_change.outbound_streams, 5, "stream change outbound");
  release(&h);
  is_str(sentence_of(b, len), "association 3: adding streams succeeded: 10 inbound and 5 outbound streams", "stream change sentence");
  len = mk_strchange(b, SCTP_STREAM_CHANGE_FAILED | 0x4000, 3, 1, 1);
  is_str(sentence_of(b, len), "association 3: adding streams did not succeed: 1 inbound and 1 outbound streams (failed, 0x4000)", "stream change failed sentence");
#endif
}

static void test_unknown_and_lengths(void) {
  uint8_t b[MAX_BYTES];
  struct lk_notify n;
  struct held h;
  size_t len;

  len = mk_unknown(b, 0x9000, 4);
  is_int(decode_held(b, len, &n, &h), 0, "unknown type is not an error");
  is_int(n.kind, LK_NOTIFY_UNKNOWN, "unknown type kind");
  is_int(n.type, 0x9000, "unknown type number kept");
  is_int(n.flags, 0x5a, "unknown type flags kept");
  is_int(n.length, 12, "unknown type length");
  is_int(n.has_assoc_id, 0, "unknown type has no assoc id");
  is_int(n.data_len, 4, "unknown type raw body length");
  ok(n.data == h.bytes + 8, "unknown type body follows the header");
  release(&h);
  is_str(sentence_of(b, len), "unknown notification type 36864 (12 bytes)", "unknown type sentence");

  len = mk_unknown(b, SCTP_DATA_IO_EVENT, 0);
  is_int(decode_held(b, len, &n, &h), 0, "SCTP_DATA_IO_EVENT as a type decodes as unknown");
  is_int(n.kind, LK_NOTIFY_UNKNOWN, "SCTP_DATA_IO_EVENT kind unknown");
  is_int(n.data_len, 0, "header-only unknown notification");
  release(&h);

  /* sn_length larger than the bytes received. */
  len = mk_shutdown(b, 3);
  is_int(decode_held(b, len - 1, &n, &h), -EINVAL, "sn_length > len is -EINVAL");
  is_int(n.type, SCTP_SHUTDOWN_EVENT, "failed decode still reports the type");
  is_int(n.length, len, "failed decode still reports sn_length");
  is_int(n.kind, LK_NOTIFY_UNKNOWN, "failed decode kind is UNKNOWN");
  release(&h);
  /* Bytes after sn_length are ignored. */
  memset(b + len, 0xee, 16);
  is_int(decode_held(b, len + 16, &n, &h), 0, "sn_length < len decodes");
  is_int(n.length, len, "length is sn_length, not len");
  is_int(n.data_len, 0, "trailing bytes beyond sn_length not in data");
  release(&h);
  {
    const uint8_t info[] = {9, 9};
    len = mk_assoc_change(b, SCTP_COMM_LOST, 0, 0, 0, 1, info, 2);
    memset(b + len, 0xee, 8);
    is_int(decode_held(b, len + 8, &n, &h), 0, "assoc change with trailing garbage decodes");
    is_int(n.data_len, 2, "sac_info bounded by sn_length");
    release(&h);
  }
  /* sn_length smaller than the header / than the struct. */
  len = mk_shutdown(b, 3);
  set_sn_length(b, 4);
  is_int(decode_held(b, len, &n, &h), -EINVAL, "sn_length < 8 is -EINVAL");
  release(&h);
  len = mk_paddr_change(b, mk_ss(AF_INET, "127.0.0.1", 1), 0, 0, 0);
  set_sn_length(b, 100);
  is_int(decode_held(b, len, &n, &h), -EINVAL, "sn_length shorter than sctp_paddr_change is -EINVAL");
  release(&h);
  len = mk_unknown(b, 0x9000, 0);
  set_sn_length(b, 0xffffffffu);
  is_int(decode_held(b, len, &n, &h), -EINVAL, "sn_length 0xffffffff is -EINVAL");
  release(&h);

  is_int(lk_notify_decode(NULL, 20, &n), -EINVAL, "NULL buffer is -EINVAL");
  is_int(lk_notify_decode(b, 20, NULL), -EINVAL, "NULL out is -EINVAL");
  is_int(lk_notify_interpret(NULL, NULL, 0), -1, "interpret(NULL) is -1");
}

/* All samples, one per type (and the variable-length ones with a tail). */
static size_t make_samples(struct sample *s, size_t max) {
  size_t k = 0;
  uint8_t tail[40];
  for (size_t i = 0; i < sizeof(tail); i++)
    tail[i] = (uint8_t)(0xa0 + i);
#define ADD(lbl, knd, structsz, expr)                                          \
  do {                                                                         \
    if (k >= max)                                                              \
      abort();                                                                 \
    s[k].label = (lbl);                                                        \
    s[k].kind = (knd);                                                         \
    s[k].fixed = (structsz);                                                   \
    s[k].len = (expr);                                                         \
    k++;                                                                       \
  } while (0)
  ADD("SCTP_ASSOC_CHANGE", LK_NOTIFY_ASSOC_CHANGE, sizeof(struct sctp_assoc_change),
      mk_assoc_change(s[k].bytes, SCTP_COMM_LOST, htons(12), 1, 2, 3, tail, 12));
  ADD("SCTP_PEER_ADDR_CHANGE", LK_NOTIFY_PEER_ADDR_CHANGE, sizeof(struct sctp_paddr_change),
      mk_paddr_change(s[k].bytes, mk_ss(AF_INET6, "2001:db8::1", 9), SCTP_ADDR_CONFIRMED, 0, 3));
  ADD("SCTP_REMOTE_ERROR", LK_NOTIFY_REMOTE_ERROR, sizeof(struct sctp_remote_error),
      mk_remote_error(s[k].bytes, 13, 3, tail, 8));
  ADD("SCTP_SEND_FAILED", LK_NOTIFY_SEND_FAILED, sizeof(struct sctp_send_failed),
      mk_send_failed(s[k].bytes, SCTP_DATA_SENT, 0, 1, 2, 3, tail, 33));
#ifdef SCTP_SEND_FAILED_EVENT
  ADD("SCTP_SEND_FAILED_EVENT", LK_NOTIFY_SEND_FAILED_EVENT, sizeof(struct sctp_send_failed_event),
      mk_send_failed_event(s[k].bytes, SCTP_DATA_UNSENT, 0, 1, 2, 3, tail, 5));
#endif
  ADD("SCTP_SHUTDOWN_EVENT", LK_NOTIFY_SHUTDOWN_EVENT, sizeof(struct sctp_shutdown_event),
      mk_shutdown(s[k].bytes, 3));
  ADD("SCTP_ADAPTATION_INDICATION", LK_NOTIFY_ADAPTATION_INDICATION, sizeof(struct sctp_adaptation_event),
      mk_adaptation(s[k].bytes, 1, 3));
  ADD("SCTP_PARTIAL_DELIVERY_EVENT", LK_NOTIFY_PARTIAL_DELIVERY_EVENT, sizeof(struct sctp_pdapi_event),
      mk_pdapi(s[k].bytes, 0, 1, 2, 3));
#ifdef SCTP_AUTHENTICATION_INDICATION
  ADD("SCTP_AUTHENTICATION_EVENT", LK_NOTIFY_AUTHENTICATION_EVENT, sizeof(struct sctp_authkey_event),
      mk_auth(s[k].bytes, 1, 2, SCTP_AUTH_NEW_KEY, 3));
#endif
  ADD("SCTP_SENDER_DRY_EVENT", LK_NOTIFY_SENDER_DRY_EVENT, sizeof(struct sctp_sender_dry_event),
      mk_dry(s[k].bytes, 3));
#ifdef SCTP_STREAM_RESET_EVENT
  {
    const uint16_t streams[] = {4, 5, 6, 7};
    ADD("SCTP_STREAM_RESET_EVENT", LK_NOTIFY_STREAM_RESET_EVENT, sizeof(struct sctp_stream_reset_event),
        mk_strreset(s[k].bytes, SCTP_STREAM_RESET_INCOMING_SSN, 3, streams, 4));
  }
#endif
#ifdef SCTP_ASSOC_RESET_EVENT
  ADD("SCTP_ASSOC_RESET_EVENT", LK_NOTIFY_ASSOC_RESET_EVENT, sizeof(struct sctp_assoc_reset_event),
      mk_assocreset(s[k].bytes, 0, 3, 1, 2));
#endif
#ifdef SCTP_STREAM_CHANGE_EVENT
  ADD("SCTP_STREAM_CHANGE_EVENT", LK_NOTIFY_STREAM_CHANGE_EVENT, sizeof(struct sctp_stream_change_event),
      mk_strchange(s[k].bytes, 0, 3, 1, 2));
#endif
  ADD("unknown type", LK_NOTIFY_UNKNOWN, 8, mk_unknown(s[k].bytes, 0x9999, 6));
#undef ADD
  return k;
}

static struct sample samples[32];
static size_t n_samples;

/* Every prefix shorter than the type's struct must be -EINVAL, both with
 * the original sn_length (> len) and with sn_length patched to len. */
static void test_truncation(void) {
  for (size_t s = 0; s < n_samples; s++) {
    const struct sample *sm = &samples[s];
    int bad_orig = 0, bad_patched = 0, full_ok;
    struct lk_notify n;
    struct held h;

    for (size_t len = 0; len < sm->fixed; len++) {
      uint8_t patched[MAX_BYTES];
      if (decode_held(sm->bytes, len, &n, &h) != -EINVAL)
        bad_orig++;
      release(&h);
      memcpy(patched, sm->bytes, sm->len);
      if (len >= 8)
        set_sn_length(patched, (uint32_t)len);
      if (decode_held(patched, len, &n, &h) != -EINVAL)
        bad_patched++;
      release(&h);
    }
    is_int(bad_orig, 0, "%s: all %zu truncations with original sn_length are -EINVAL", sm->label, sm->fixed);
    is_int(bad_patched, 0, "%s: all truncations with sn_length = len are -EINVAL", sm->label);

    full_ok = decode_held(sm->bytes, sm->len, &n, &h) == 0 && n.kind == sm->kind &&
              n.length == sm->len && n.data_len == sm->len - sm->fixed;
    release(&h);
    ok(full_ok, "%s: full %zu bytes decode to the right kind and data length", sm->label, sm->len);
  }
}

/* describe_invalid says what is wrong. */
static void test_describe_invalid(void) {
  char text[256];
  uint8_t b[MAX_BYTES] = {0};
  size_t len;

  lk_notify_describe_invalid(b, 3, -EINVAL, text, sizeof(text));
  is_str(text, "malformed notification: 3 bytes received, fewer than the 8-byte header", "invalid: short");
  len = mk_shutdown(b, 3);
  lk_notify_describe_invalid(b, len - 2, -EINVAL, text, sizeof(text));
  is_str(text, "malformed SCTP_SHUTDOWN_EVENT notification: length field 12 but only 10 bytes received", "invalid: sn_length > len");
  len = mk_assoc_change(b, 0, 0, 0, 0, 0, NULL, 0);
  set_sn_length(b, 10);
  lk_notify_describe_invalid(b, len, -EINVAL, text, sizeof(text));
  is_str(text, "malformed SCTP_ASSOC_CHANGE notification: length field 10 shorter than the 20-byte structure", "invalid: shorter than the struct");
  len = mk_unknown(b, 0x7777, 0);
  set_sn_length(b, 2);
  lk_notify_describe_invalid(b, len, -EINVAL, text, sizeof(text));
  is_str(text, "malformed notification of type 30583: length field 2 shorter than the 8-byte structure", "invalid: unknown type, sn_length < 8");
#ifdef SCTP_STREAM_RESET_EVENT
  {
    const uint16_t st[] = {1, 2};
    len = mk_strreset(b, 0, 0, st, 2);
    set_sn_length(b, (uint32_t)len - 1);
    lk_notify_describe_invalid(b, len, -EINVAL, text, sizeof(text));
    is_str(text, "malformed SCTP_STREAM_RESET_EVENT notification: stream list of 3 bytes is not a list of 16-bit ids", "invalid: odd stream list");
  }
#endif
  is_int(lk_notify_describe_invalid(NULL, 0, -EINVAL, NULL, 0) > 0, 1, "describe_invalid(NULL) still returns a length");
}

/* snprintf semantics of lk_notify_interpret. */
static void test_interpret_buffer(void) {
  uint8_t b[MAX_BYTES];
  struct lk_notify n;
  struct held h;
  char small[10];
  char big[256];
  int full, got;
  size_t len = mk_assoc_change(b, SCTP_COMM_UP, 0, 10, 5, 3, NULL, 0);

  decode_held(b, len, &n, &h);
  full = lk_notify_interpret(&n, NULL, 0);
  is_int(full, (int)strlen("association 3 is up: 10 outbound and 5 inbound streams"), "interpret(NULL, 0) returns the full length");
  got = lk_notify_interpret(&n, small, sizeof(small));
  is_int(got, full, "truncated interpret returns the full length");
  is_str(small, "associati", "truncated interpret is NUL-terminated");
  small[0] = 'x';
  got = lk_notify_interpret(&n, small, 1);
  is_int(small[0], 0, "interpret with len 1 writes only the NUL");
  got = lk_notify_interpret(&n, big, sizeof(big));
  is_int((int)strlen(big), got, "untruncated length matches");
  release(&h);
}

/* ---- deterministic random bytes --------------------------------------- */

static uint64_t rng_state = 0x9e3779b97f4a7c15ull;

static uint64_t rng(void) {
  /* xorshift64* */
  rng_state ^= rng_state >> 12;
  rng_state ^= rng_state << 25;
  rng_state ^= rng_state >> 27;
  return rng_state * 0x2545f4914f6cdd1dull;
}

/* Checks the decoder's invariants for one input; returns 0 if all hold. */
static int check_one(const uint8_t *bytes, size_t len) {
  struct lk_notify n;
  struct held h;
  char text[96];
  int rc = decode_held(bytes, len, &n, &h);
  int bad = 0;

  if (rc == 0) {
    size_t cap = (size_t)(rng() % sizeof(text));
    int want = lk_notify_interpret(&n, text, cap);
    if (want < 0)
      bad |= 1;
    if (cap > 0 && strlen(text) != ((size_t)want < cap ? (size_t)want : cap - 1))
      bad |= 2;
    if (n.length > len || n.length < 8)
      bad |= 4;
    if (n.data_len > 0 &&
        (n.data < h.bytes || n.data + n.data_len > h.bytes + n.length))
      bad |= 8;
    if (n.kind == LK_NOTIFY_STREAM_RESET_EVENT) {
      uint32_t sum = 0;
      for (size_t i = 0; i < n.u.stream_reset.n_streams; i++)
        sum += lk_notify_stream(&n, i);
      (void)sum;
    }
  } else {
    if (rc != -EINVAL)
      bad |= 16;
    lk_notify_describe_invalid(h.bytes, len, rc, text, sizeof(text));
  }
  release(&h);
  return bad;
}

static void test_random(void) {
  const int iterations = 200000;
  uint8_t buf[512];
  int failures = 0, decoded = 0;

  /* Pure random bytes of random length. */
  for (int i = 0; i < iterations; i++) {
    size_t len = (size_t)(rng() % 300);
    for (size_t j = 0; j < len; j++)
      buf[j] = (uint8_t)rng();
    if (check_one(buf, len) != 0)
      failures++;
  }
  is_int(failures, 0, "random bytes: %d inputs, invariants hold", iterations);

  /* Mutations of valid samples: random type/length/bytes, so that the
   * type-specific paths run on garbage too. */
  failures = 0;
  for (int i = 0; i < iterations; i++) {
    const struct sample *sm = &samples[rng() % n_samples];
    size_t len = sm->len;
    uint32_t l32;
    memcpy(buf, sm->bytes, len);
    switch (rng() % 5) {
    case 0: /* truncate */
      len = (size_t)(rng() % (len + 1));
      break;
    case 1: /* extend with garbage and claim it */
      while (len < sm->len + 64 && len < sizeof(buf))
        buf[len++] = (uint8_t)rng();
      l32 = (uint32_t)(rng() % (len + 1));
      set_sn_length(buf, l32);
      break;
    case 2: /* flip some bytes */
      for (int k = 0; k < 4; k++)
        buf[rng() % len] = (uint8_t)rng();
      break;
    case 3: /* take another sample's type */
      memcpy(buf + offsetof(union sctp_notification, sn_header.sn_type),
             samples[rng() % n_samples].bytes +
                 offsetof(union sctp_notification, sn_header.sn_type),
             sizeof(uint16_t));
      break;
    default: /* random sn_length */
      l32 = (uint32_t)rng();
      set_sn_length(buf, l32);
      break;
    }
    {
      struct lk_notify n;
      if (lk_notify_decode(buf, len, &n) == 0)
        decoded++;
    }
    if (check_one(buf, len) != 0)
      failures++;
  }
  is_int(failures, 0, "mutated samples: %d inputs (%d decoded), invariants hold", iterations, decoded);
  ok(decoded > iterations / 10, "mutations reach the type-specific paths (%d decoded)", decoded);
}

/* `test_notify --write-seeds DIR`: each sample, and a few variants, as a
 * file of DIR: the fuzzer's seed corpus (fuzz/seeds/notify, make seeds). */
static int write_seed(const char *dir, const char *label, const uint8_t *b,
                      size_t len) {
  char path[512];
  size_t i, n = (size_t)snprintf(path, sizeof(path), "%s/", dir);
  FILE *f;
  for (i = 0; label[i] != '\0' && n + 5 < sizeof(path); i++)
    path[n++] = label[i] == ' ' ? '-' : label[i];
  memcpy(path + n, ".bin", 5);
  f = fopen(path, "wb");
  if (f == NULL || fwrite(b, 1, len, f) != len || fclose(f) != 0) {
    perror(path);
    return 1;
  }
  return 0;
}

static int write_seeds(const char *dir) {
  uint8_t b[MAX_BYTES];
  size_t i, len;
  int rc = 0;
  for (i = 0; i < n_samples; i++)
    rc |= write_seed(dir, samples[i].label, samples[i].bytes, samples[i].len);
  len = mk_assoc_change(b, SCTP_COMM_UP, 0, 10, 4, 7, "\x80\x82\xc0", 3);
  rc |= write_seed(dir, "SCTP_ASSOC_CHANGE-comm-up-features", b, len);
  len = mk_paddr_change(b, mk_ss(AF_INET, "10.1.0.2", 5000),
                        SCTP_ADDR_UNREACHABLE, 0, 7);
  rc |= write_seed(dir, "SCTP_PEER_ADDR_CHANGE-ipv4-unreachable", b, len);
  len = mk_send_failed(b, SCTP_DATA_UNSENT, htons(1), 3, htonl(46), 7,
                       "\0\0\0\1payload", 11);
  rc |= write_seed(dir, "SCTP_SEND_FAILED-unsent", b, len);
  {
    /* A packed address list, as sctp_getladdrs() gives: the fuzz target
     * reads the same bytes as one too. */
    struct sockaddr_storage v4 = mk_ss(AF_INET, "10.2.0.1", 5000);
    struct sockaddr_storage v6 = mk_ss(AF_INET6, "fd00:a::1", 5000);
    memcpy(b, &v4, sizeof(struct sockaddr_in));
    memcpy(b + sizeof(struct sockaddr_in), &v6, sizeof(struct sockaddr_in6));
    rc |= write_seed(dir, "address-list", b,
                     sizeof(struct sockaddr_in) + sizeof(struct sockaddr_in6));
  }
  return rc;
}

int main(int argc, char **argv) {
  n_samples = make_samples(samples, sizeof(samples) / sizeof(samples[0]));
  if (argc == 3 && strcmp(argv[1], "--write-seeds") == 0)
    return write_seeds(argv[2]);
  diag("notification header: %zu sample types", n_samples);
  test_names();
  test_assoc_change();
  test_paddr_change();
  test_remote_error();
  test_send_failed();
  test_small_types();
  test_reconfig();
  test_unknown_and_lengths();
  test_truncation();
  test_describe_invalid();
  test_interpret_buffer();
  test_random();
  return done_testing();
}
