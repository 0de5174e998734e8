/* Pure decoder for SCTP notifications: see notify.h.
 *
 * Every read goes through memcpy at offsetof() of the header's own struct,
 * after a bounds check against the notification's length, so the buffer may
 * be unaligned and arbitrary bytes never cause a read past its end. */
#include "notify.h"

#include <arpa/inet.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <netinet/sctp.h>

#include "addr.h"

/* Some notification constants are enumerators with no #define of the same
 * name, so they are guarded by a macro that appears with them:
 *  - SCTP_AUTHENTICATION_EVENT: the macro is SCTP_AUTHENTICATION_INDICATION
 *    (the original name, kept as an alias when the enumerator was renamed);
 *  - SCTP_ADDR_POTENTIALLY_FAILED: the macro is SCTP_ADDR_PF;
 *  - SCTP_AUTH_FREE_KEY / SCTP_AUTH_NO_AUTH: lksctp-tools' configure defines
 *    HAVE_SCTP_AUTH_NO_AUTH (FREE_KEY precedes NO_AUTH in the same enum);
 *  - pdapi_stream / pdapi_seq: HAVE_SCTP_PDAPI_EVENT_PDAPI_STREAM/_SEQ.
 * The others (SCTP_STREAM_RESET_EVENT, SCTP_ASSOC_RESET_EVENT,
 * SCTP_STREAM_CHANGE_EVENT, SCTP_SEND_FAILED_EVENT, SCTP_SENDER_DRY_EVENT)
 * have a #define of their own name. */
#if defined(SCTP_AUTHENTICATION_INDICATION)
#define LK_HAVE_AUTH_EVENT 1
#endif
#if defined(HAVE_SCTP_PDAPI_EVENT_PDAPI_STREAM) &&                            \
    defined(HAVE_SCTP_PDAPI_EVENT_PDAPI_SEQ)
#define LK_HAVE_PDAPI_STREAM_SEQ 1
#endif

#define LK_SN_HEADER_SIZE (sizeof(((union sctp_notification *)0)->sn_header))

/* Copies field `field` of `struct type`, laid out at `base`, into dst. The
 * caller has checked that the whole struct lies within the buffer. */
#define LK_READ(dst, base, type, field)                                        \
  do {                                                                         \
    _Static_assert(sizeof(dst) == sizeof(((struct type *)0)->field),          \
                   "size of " #type "." #field);                              \
    memcpy(&(dst), (base) + offsetof(struct type, field), sizeof(dst));        \
  } while (0)

static enum lk_notify_kind kind_of(uint16_t type) {
  /* Switch on the header's enum without default: a notification type added
   * to a future header is flagged by -Wswitch. */
  switch ((enum sctp_sn_type)type) {
  case SCTP_DATA_IO_EVENT: /* == SCTP_SN_TYPE_BASE; not a notification */
    return LK_NOTIFY_UNKNOWN;
  case SCTP_ASSOC_CHANGE:
    return LK_NOTIFY_ASSOC_CHANGE;
  case SCTP_PEER_ADDR_CHANGE:
    return LK_NOTIFY_PEER_ADDR_CHANGE;
  case SCTP_SEND_FAILED:
    return LK_NOTIFY_SEND_FAILED;
  case SCTP_REMOTE_ERROR:
    return LK_NOTIFY_REMOTE_ERROR;
  case SCTP_SHUTDOWN_EVENT:
    return LK_NOTIFY_SHUTDOWN_EVENT;
  case SCTP_PARTIAL_DELIVERY_EVENT:
    return LK_NOTIFY_PARTIAL_DELIVERY_EVENT;
  case SCTP_ADAPTATION_INDICATION:
    return LK_NOTIFY_ADAPTATION_INDICATION;
#ifdef LK_HAVE_AUTH_EVENT
  case SCTP_AUTHENTICATION_INDICATION:
    return LK_NOTIFY_AUTHENTICATION_EVENT;
#endif
#ifdef SCTP_SENDER_DRY_EVENT
  case SCTP_SENDER_DRY_EVENT:
    return LK_NOTIFY_SENDER_DRY_EVENT;
#endif
#ifdef SCTP_STREAM_RESET_EVENT
  case SCTP_STREAM_RESET_EVENT:
    return LK_NOTIFY_STREAM_RESET_EVENT;
#endif
#ifdef SCTP_ASSOC_RESET_EVENT
  case SCTP_ASSOC_RESET_EVENT:
    return LK_NOTIFY_ASSOC_RESET_EVENT;
#endif
#ifdef SCTP_STREAM_CHANGE_EVENT
  case SCTP_STREAM_CHANGE_EVENT:
    return LK_NOTIFY_STREAM_CHANGE_EVENT;
#endif
#ifdef SCTP_SEND_FAILED_EVENT
  case SCTP_SEND_FAILED_EVENT:
    return LK_NOTIFY_SEND_FAILED_EVENT;
#endif
  }
  return LK_NOTIFY_UNKNOWN;
}

/* Size of the fixed part of each kind's struct (0: never produced here). */
static size_t fixed_size(enum lk_notify_kind kind) {
  switch (kind) {
  case LK_NOTIFY_UNKNOWN:
    return LK_SN_HEADER_SIZE;
  case LK_NOTIFY_ASSOC_CHANGE:
    return sizeof(struct sctp_assoc_change);
  case LK_NOTIFY_PEER_ADDR_CHANGE:
    return sizeof(struct sctp_paddr_change);
  case LK_NOTIFY_REMOTE_ERROR:
    return sizeof(struct sctp_remote_error);
  case LK_NOTIFY_SEND_FAILED:
    return sizeof(struct sctp_send_failed);
  case LK_NOTIFY_SEND_FAILED_EVENT:
#ifdef SCTP_SEND_FAILED_EVENT
    return sizeof(struct sctp_send_failed_event);
#else
    return 0;
#endif
  case LK_NOTIFY_SHUTDOWN_EVENT:
    return sizeof(struct sctp_shutdown_event);
  case LK_NOTIFY_ADAPTATION_INDICATION:
    return sizeof(struct sctp_adaptation_event);
  case LK_NOTIFY_PARTIAL_DELIVERY_EVENT:
    return sizeof(struct sctp_pdapi_event);
  case LK_NOTIFY_AUTHENTICATION_EVENT:
#ifdef LK_HAVE_AUTH_EVENT
    return sizeof(struct sctp_authkey_event);
#else
    return 0;
#endif
  case LK_NOTIFY_SENDER_DRY_EVENT:
#ifdef SCTP_SENDER_DRY_EVENT
    return sizeof(struct sctp_sender_dry_event);
#else
    return 0;
#endif
  case LK_NOTIFY_STREAM_RESET_EVENT:
#ifdef SCTP_STREAM_RESET_EVENT
    return sizeof(struct sctp_stream_reset_event);
#else
    return 0;
#endif
  case LK_NOTIFY_ASSOC_RESET_EVENT:
#ifdef SCTP_ASSOC_RESET_EVENT
    return sizeof(struct sctp_assoc_reset_event);
#else
    return 0;
#endif
  case LK_NOTIFY_STREAM_CHANGE_EVENT:
#ifdef SCTP_STREAM_CHANGE_EVENT
    return sizeof(struct sctp_stream_change_event);
#else
    return 0;
#endif
  }
  return 0;
}

/* The kernel stores a __be16 error cause in a host-order integer field;
 * give it back in host order. Values that cannot be a __be16 stay as is. */
static uint32_t be16_in_host_field(uint32_t raw) {
  if (raw > 0xffff)
    return raw;
  return ntohs((uint16_t)raw);
}

static void read_header(const uint8_t *p, uint16_t *type, uint16_t *flags,
                        uint32_t *length) {
#define LK_HDR_FIELD_SIZE(f) sizeof(((union sctp_notification *)0)->sn_header.f)
  _Static_assert(LK_HDR_FIELD_SIZE(sn_type) == sizeof(*type), "sn_type");
  _Static_assert(LK_HDR_FIELD_SIZE(sn_flags) == sizeof(*flags), "sn_flags");
  _Static_assert(LK_HDR_FIELD_SIZE(sn_length) == sizeof(*length), "sn_length");
#undef LK_HDR_FIELD_SIZE
  memcpy(type, p + offsetof(union sctp_notification, sn_header.sn_type),
         sizeof(*type));
  memcpy(flags, p + offsetof(union sctp_notification, sn_header.sn_flags),
         sizeof(*flags));
  memcpy(length, p + offsetof(union sctp_notification, sn_header.sn_length),
         sizeof(*length));
}

static void decode_fields(const uint8_t *p, struct lk_notify *n) {
  switch (n->kind) {
  case LK_NOTIFY_UNKNOWN:
    break;
  case LK_NOTIFY_ASSOC_CHANGE:
    LK_READ(n->assoc_id, p, sctp_assoc_change, sac_assoc_id);
    LK_READ(n->u.assoc_change.state, p, sctp_assoc_change, sac_state);
    LK_READ(n->u.assoc_change.error, p, sctp_assoc_change, sac_error);
    n->u.assoc_change.error_cause = ntohs(n->u.assoc_change.error);
    LK_READ(n->u.assoc_change.outbound_streams, p, sctp_assoc_change,
            sac_outbound_streams);
    LK_READ(n->u.assoc_change.inbound_streams, p, sctp_assoc_change,
            sac_inbound_streams);
    break;
  case LK_NOTIFY_PEER_ADDR_CHANGE:
    LK_READ(n->assoc_id, p, sctp_paddr_change, spc_assoc_id);
    LK_READ(n->u.paddr_change.addr, p, sctp_paddr_change, spc_aaddr);
    LK_READ(n->u.paddr_change.state, p, sctp_paddr_change, spc_state);
    LK_READ(n->u.paddr_change.error, p, sctp_paddr_change, spc_error);
    break;
  case LK_NOTIFY_REMOTE_ERROR: {
    uint16_t be;
    LK_READ(n->assoc_id, p, sctp_remote_error, sre_assoc_id);
    LK_READ(be, p, sctp_remote_error, sre_error); /* __be16 */
    n->u.remote_error.cause = ntohs(be);
    break;
  }
  case LK_NOTIFY_SEND_FAILED: {
    struct sctp_sndrcvinfo info;
    LK_READ(n->assoc_id, p, sctp_send_failed, ssf_assoc_id);
    LK_READ(n->u.send_failed.error, p, sctp_send_failed, ssf_error);
    LK_READ(info, p, sctp_send_failed, ssf_info);
    n->u.send_failed.sid = info.sinfo_stream;
    n->u.send_failed.info_flags = info.sinfo_flags;
    n->u.send_failed.ppid = info.sinfo_ppid;
    n->u.send_failed.context = info.sinfo_context;
    n->u.send_failed.info_assoc_id = info.sinfo_assoc_id;
    n->u.send_failed.ssn = info.sinfo_ssn;
    n->u.send_failed.timetolive = info.sinfo_timetolive;
    n->u.send_failed.tsn = info.sinfo_tsn;
    n->u.send_failed.cumtsn = info.sinfo_cumtsn;
    n->u.send_failed.error_cause = be16_in_host_field(n->u.send_failed.error);
    break;
  }
  case LK_NOTIFY_SEND_FAILED_EVENT: {
#ifdef SCTP_SEND_FAILED_EVENT
    struct sctp_sndinfo info;
    LK_READ(n->assoc_id, p, sctp_send_failed_event, ssf_assoc_id);
    LK_READ(n->u.send_failed.error, p, sctp_send_failed_event, ssf_error);
    LK_READ(info, p, sctp_send_failed_event, ssfe_info);
    n->u.send_failed.sid = info.snd_sid;
    n->u.send_failed.info_flags = info.snd_flags;
    n->u.send_failed.ppid = info.snd_ppid;
    n->u.send_failed.context = info.snd_context;
    n->u.send_failed.info_assoc_id = info.snd_assoc_id;
    n->u.send_failed.error_cause = be16_in_host_field(n->u.send_failed.error);
#endif
    break;
  }
  case LK_NOTIFY_SHUTDOWN_EVENT:
    LK_READ(n->assoc_id, p, sctp_shutdown_event, sse_assoc_id);
    break;
  case LK_NOTIFY_ADAPTATION_INDICATION:
    LK_READ(n->assoc_id, p, sctp_adaptation_event, sai_assoc_id);
    LK_READ(n->u.adaptation.ind, p, sctp_adaptation_event,
            sai_adaptation_ind);
    break;
  case LK_NOTIFY_PARTIAL_DELIVERY_EVENT:
    LK_READ(n->assoc_id, p, sctp_pdapi_event, pdapi_assoc_id);
    LK_READ(n->u.pdapi.indication, p, sctp_pdapi_event, pdapi_indication);
#ifdef LK_HAVE_PDAPI_STREAM_SEQ
    n->u.pdapi.has_stream_seq = 1;
    LK_READ(n->u.pdapi.stream, p, sctp_pdapi_event, pdapi_stream);
    LK_READ(n->u.pdapi.seq, p, sctp_pdapi_event, pdapi_seq);
#endif
    break;
  case LK_NOTIFY_AUTHENTICATION_EVENT:
#ifdef LK_HAVE_AUTH_EVENT
    LK_READ(n->assoc_id, p, sctp_authkey_event, auth_assoc_id);
    LK_READ(n->u.auth.keynumber, p, sctp_authkey_event, auth_keynumber);
    LK_READ(n->u.auth.altkeynumber, p, sctp_authkey_event, auth_altkeynumber);
    LK_READ(n->u.auth.indication, p, sctp_authkey_event, auth_indication);
#endif
    break;
  case LK_NOTIFY_SENDER_DRY_EVENT:
#ifdef SCTP_SENDER_DRY_EVENT
    LK_READ(n->assoc_id, p, sctp_sender_dry_event, sender_dry_assoc_id);
#endif
    break;
  case LK_NOTIFY_STREAM_RESET_EVENT:
#ifdef SCTP_STREAM_RESET_EVENT
    LK_READ(n->assoc_id, p, sctp_stream_reset_event, strreset_assoc_id);
    n->u.stream_reset.n_streams = n->data_len / sizeof(uint16_t);
#endif
    break;
  case LK_NOTIFY_ASSOC_RESET_EVENT:
#ifdef SCTP_ASSOC_RESET_EVENT
    LK_READ(n->assoc_id, p, sctp_assoc_reset_event, assocreset_assoc_id);
    LK_READ(n->u.assoc_reset.local_tsn, p, sctp_assoc_reset_event,
            assocreset_local_tsn);
    LK_READ(n->u.assoc_reset.remote_tsn, p, sctp_assoc_reset_event,
            assocreset_remote_tsn);
#endif
    break;
  case LK_NOTIFY_STREAM_CHANGE_EVENT:
#ifdef SCTP_STREAM_CHANGE_EVENT
    LK_READ(n->assoc_id, p, sctp_stream_change_event, strchange_assoc_id);
    LK_READ(n->u.stream_change.inbound_streams, p, sctp_stream_change_event,
            strchange_instrms);
    LK_READ(n->u.stream_change.outbound_streams, p, sctp_stream_change_event,
            strchange_outstrms);
#endif
    break;
  }
}

int lk_notify_decode(const void *buf, size_t len, struct lk_notify *out) {
  const uint8_t *p = buf;
  enum lk_notify_kind kind;
  size_t fixed;

  if (out == NULL)
    return -EINVAL;
  memset(out, 0, sizeof(*out));
  out->kind = LK_NOTIFY_UNKNOWN;
  if (p == NULL || len < LK_SN_HEADER_SIZE)
    return -EINVAL;

  read_header(p, &out->type, &out->flags, &out->length);
  if (out->length < LK_SN_HEADER_SIZE || out->length > len)
    return -EINVAL;

  kind = kind_of(out->type);
  fixed = fixed_size(kind);
  if (fixed == 0 || out->length < fixed)
    return -EINVAL;
  /* Stream ids are 16 bits: an odd tail cannot be a stream list. */
  if (kind == LK_NOTIFY_STREAM_RESET_EVENT &&
      (out->length - fixed) % sizeof(uint16_t) != 0)
    return -EINVAL;

  out->kind = kind;
  out->has_assoc_id = kind != LK_NOTIFY_UNKNOWN;
  out->data_len = out->length - fixed;
  out->data = out->data_len > 0 ? p + fixed : NULL;
  decode_fields(p, out);
  return 0;
}

uint16_t lk_notify_stream(const struct lk_notify *n, size_t i) {
  uint16_t sid;
  if (n == NULL || n->kind != LK_NOTIFY_STREAM_RESET_EVENT ||
      i >= n->u.stream_reset.n_streams || n->data == NULL)
    return 0;
  memcpy(&sid, n->data + i * sizeof(sid), sizeof(sid));
  return sid;
}

/* ---- name tables ------------------------------------------------------ */

const char *lk_notify_type_name(uint16_t type) {
  switch ((enum sctp_sn_type)type) {
  case SCTP_DATA_IO_EVENT:
    return NULL; /* a subscription flag, never a notification */
  case SCTP_ASSOC_CHANGE:
    return "SCTP_ASSOC_CHANGE";
  case SCTP_PEER_ADDR_CHANGE:
    return "SCTP_PEER_ADDR_CHANGE";
  case SCTP_SEND_FAILED:
    return "SCTP_SEND_FAILED";
  case SCTP_REMOTE_ERROR:
    return "SCTP_REMOTE_ERROR";
  case SCTP_SHUTDOWN_EVENT:
    return "SCTP_SHUTDOWN_EVENT";
  case SCTP_PARTIAL_DELIVERY_EVENT:
    return "SCTP_PARTIAL_DELIVERY_EVENT";
  case SCTP_ADAPTATION_INDICATION:
    return "SCTP_ADAPTATION_INDICATION";
#ifdef LK_HAVE_AUTH_EVENT
  case SCTP_AUTHENTICATION_INDICATION:
    return "SCTP_AUTHENTICATION_EVENT";
#endif
#ifdef SCTP_SENDER_DRY_EVENT
  case SCTP_SENDER_DRY_EVENT:
    return "SCTP_SENDER_DRY_EVENT";
#endif
#ifdef SCTP_STREAM_RESET_EVENT
  case SCTP_STREAM_RESET_EVENT:
    return "SCTP_STREAM_RESET_EVENT";
#endif
#ifdef SCTP_ASSOC_RESET_EVENT
  case SCTP_ASSOC_RESET_EVENT:
    return "SCTP_ASSOC_RESET_EVENT";
#endif
#ifdef SCTP_STREAM_CHANGE_EVENT
  case SCTP_STREAM_CHANGE_EVENT:
    return "SCTP_STREAM_CHANGE_EVENT";
#endif
#ifdef SCTP_SEND_FAILED_EVENT
  case SCTP_SEND_FAILED_EVENT:
    return "SCTP_SEND_FAILED_EVENT";
#endif
  }
  return NULL;
}

const char *lk_notify_assoc_state_name(uint32_t state) {
  switch ((enum sctp_sac_state)state) {
  case SCTP_COMM_UP:
    return "SCTP_COMM_UP";
  case SCTP_COMM_LOST:
    return "SCTP_COMM_LOST";
  case SCTP_RESTART:
    return "SCTP_RESTART";
  case SCTP_SHUTDOWN_COMP:
    return "SCTP_SHUTDOWN_COMP";
  case SCTP_CANT_STR_ASSOC:
    return "SCTP_CANT_STR_ASSOC";
  }
  return NULL;
}

const char *lk_notify_paddr_state_name(int32_t state) {
  switch ((enum sctp_spc_state)state) {
  case SCTP_ADDR_AVAILABLE:
    return "SCTP_ADDR_AVAILABLE";
  case SCTP_ADDR_UNREACHABLE:
    return "SCTP_ADDR_UNREACHABLE";
  case SCTP_ADDR_REMOVED:
    return "SCTP_ADDR_REMOVED";
  case SCTP_ADDR_ADDED:
    return "SCTP_ADDR_ADDED";
  case SCTP_ADDR_MADE_PRIM:
    return "SCTP_ADDR_MADE_PRIM";
  case SCTP_ADDR_CONFIRMED:
    return "SCTP_ADDR_CONFIRMED";
#ifdef SCTP_ADDR_PF
  case SCTP_ADDR_POTENTIALLY_FAILED:
    return "SCTP_ADDR_POTENTIALLY_FAILED";
#endif
  }
  return NULL;
}

const char *lk_notify_paddr_error_name(int32_t error) {
  switch ((enum sctp_sn_error)error) {
  case SCTP_FAILED_THRESHOLD:
    return "SCTP_FAILED_THRESHOLD";
  case SCTP_RECEIVED_SACK:
    return "SCTP_RECEIVED_SACK";
  case SCTP_HEARTBEAT_SUCCESS:
    return "SCTP_HEARTBEAT_SUCCESS";
  case SCTP_RESPONSE_TO_USER_REQ:
    return "SCTP_RESPONSE_TO_USER_REQ";
  case SCTP_INTERNAL_ERROR:
    return "SCTP_INTERNAL_ERROR";
  case SCTP_SHUTDOWN_GUARD_EXPIRES:
    return "SCTP_SHUTDOWN_GUARD_EXPIRES";
  case SCTP_PEER_FAULTY:
    return "SCTP_PEER_FAULTY";
  }
  return NULL;
}

/* The pdapi and auth indications are enumerators of anonymous enums, so
 * these two switch on the integer. */
const char *lk_notify_pdapi_indication_name(uint32_t ind) {
  switch (ind) {
  case SCTP_PARTIAL_DELIVERY_ABORTED:
    return "SCTP_PARTIAL_DELIVERY_ABORTED";
  default:
    return NULL;
  }
}

const char *lk_notify_auth_indication_name(uint32_t ind) {
  switch (ind) {
  case SCTP_AUTH_NEW_KEY:
    return "SCTP_AUTH_NEW_KEY";
#ifdef HAVE_SCTP_AUTH_NO_AUTH
  case SCTP_AUTH_FREE_KEY:
    return "SCTP_AUTH_FREE_KEY";
  case SCTP_AUTH_NO_AUTH:
    return "SCTP_AUTH_NO_AUTH";
#endif
  default:
    return NULL;
  }
}

const char *lk_notify_send_failed_flags_name(uint16_t flags) {
  switch ((enum sctp_ssf_flags)flags) {
  case SCTP_DATA_UNSENT:
    return "SCTP_DATA_UNSENT";
  case SCTP_DATA_SENT:
    return "SCTP_DATA_SENT";
  }
  return NULL;
}

const char *lk_notify_feature_name(uint8_t feature) {
  switch (feature) {
#ifdef SCTP_ASSOC_SUPPORTS_PR
  case SCTP_ASSOC_SUPPORTS_PR:
    return "SCTP_ASSOC_SUPPORTS_PR";
#endif
#ifdef SCTP_ASSOC_SUPPORTS_AUTH
  case SCTP_ASSOC_SUPPORTS_AUTH:
    return "SCTP_ASSOC_SUPPORTS_AUTH";
#endif
#ifdef SCTP_ASSOC_SUPPORTS_ASCONF
  case SCTP_ASSOC_SUPPORTS_ASCONF:
    return "SCTP_ASSOC_SUPPORTS_ASCONF";
#endif
#ifdef SCTP_ASSOC_SUPPORTS_MULTIBUF
  case SCTP_ASSOC_SUPPORTS_MULTIBUF:
    return "SCTP_ASSOC_SUPPORTS_MULTIBUF";
#endif
#if defined(SCTP_ASSOC_SUPPORTS_RE_CONFIG)
  case SCTP_ASSOC_SUPPORTS_RE_CONFIG:
    return "SCTP_ASSOC_SUPPORTS_RE_CONFIG";
#elif defined(SCTP_ASSOC_SUPPORTS_RE)
  case SCTP_ASSOC_SUPPORTS_RE:
    return "SCTP_ASSOC_SUPPORTS_RE";
#endif
#if defined(SCTP_ASSOC_SUPPORTS_INTERLEAVING)
  case SCTP_ASSOC_SUPPORTS_INTERLEAVING:
    return "SCTP_ASSOC_SUPPORTS_INTERLEAVING";
#elif defined(SCTP_ASSOC_SUPPORTS_INTERLEAVE)
  case SCTP_ASSOC_SUPPORTS_INTERLEAVE:
    return "SCTP_ASSOC_SUPPORTS_INTERLEAVE";
#endif
  default:
    return NULL;
  }
}

const char *lk_notify_flag_bit_name(enum lk_notify_kind kind, uint16_t bit) {
  switch (kind) {
  case LK_NOTIFY_STREAM_RESET_EVENT:
#ifdef SCTP_STREAM_RESET_EVENT
    switch (bit) {
    case SCTP_STREAM_RESET_INCOMING_SSN:
      return "incoming";
    case SCTP_STREAM_RESET_OUTGOING_SSN:
      return "outgoing";
    case SCTP_STREAM_RESET_DENIED:
      return "denied";
    case SCTP_STREAM_RESET_FAILED:
      return "failed";
    default:
      return NULL;
    }
#else
    return NULL;
#endif
  case LK_NOTIFY_ASSOC_RESET_EVENT:
#ifdef SCTP_ASSOC_RESET_EVENT
    switch (bit) {
    case SCTP_ASSOC_RESET_DENIED:
      return "denied";
    case SCTP_ASSOC_RESET_FAILED:
      return "failed";
    default:
      return NULL;
    }
#else
    return NULL;
#endif
  case LK_NOTIFY_STREAM_CHANGE_EVENT:
#ifdef SCTP_STREAM_CHANGE_EVENT
    switch (bit) {
    case SCTP_STREAM_CHANGE_DENIED:
      return "denied";
    case SCTP_STREAM_CHANGE_FAILED:
      return "failed";
    default:
      return NULL;
    }
#else
    return NULL;
#endif
  case LK_NOTIFY_UNKNOWN:
  case LK_NOTIFY_ASSOC_CHANGE:
  case LK_NOTIFY_PEER_ADDR_CHANGE:
  case LK_NOTIFY_REMOTE_ERROR:
  case LK_NOTIFY_SEND_FAILED:
  case LK_NOTIFY_SEND_FAILED_EVENT:
  case LK_NOTIFY_SHUTDOWN_EVENT:
  case LK_NOTIFY_ADAPTATION_INDICATION:
  case LK_NOTIFY_PARTIAL_DELIVERY_EVENT:
  case LK_NOTIFY_AUTHENTICATION_EVENT:
  case LK_NOTIFY_SENDER_DRY_EVENT:
    return NULL;
  }
  return NULL;
}

/* Error cause codes are wire values defined by the RFCs (not by the socket
 * API header): RFC 9260 section 3.3.10, RFC 5061 (ASCONF), RFC 4895 (AUTH). */
const char *lk_notify_cause_name(uint32_t cause) {
  switch (cause) {
  case 1:
    return "Invalid Stream Identifier";
  case 2:
    return "Missing Mandatory Parameter";
  case 3:
    return "Stale Cookie Error";
  case 4:
    return "Out of Resource";
  case 5:
    return "Unresolvable Address";
  case 6:
    return "Unrecognized Chunk Type";
  case 7:
    return "Invalid Mandatory Parameter";
  case 8:
    return "Unrecognized Parameters";
  case 9:
    return "No User Data";
  case 10:
    return "Cookie Received While Shutting Down";
  case 11:
    return "Restart of an Association with New Addresses";
  case 12:
    return "User-Initiated Abort";
  case 13:
    return "Protocol Violation";
  case 0x00A0:
    return "Request to Delete Last Remaining IP Address";
  case 0x00A1:
    return "Operation Refused Due to Resource Shortage";
  case 0x00A2:
    return "Request to Delete Source IP Address";
  case 0x00A3:
    return "Association Aborted Due to Illegal ASCONF-ACK";
  case 0x00A4:
    return "Request Refused - No Authorization";
  case 0x0105:
    return "Unsupported HMAC Identifier";
  default:
    return NULL;
  }
}

/* ---- sentences -------------------------------------------------------- */

/* snprintf into a fixed buffer, remembering the length the whole text
 * would have (snprintf semantics for the caller). */
struct lk_sb {
  char *buf;
  size_t cap;
  size_t want;
  int failed;
};

#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static void sb_printf(struct lk_sb *sb, const char *fmt, ...) {
  va_list ap;
  char *dst = NULL;
  size_t room = 0;
  int n;

  if (sb->failed)
    return;
  if (sb->buf != NULL && sb->want < sb->cap) {
    dst = sb->buf + sb->want;
    room = sb->cap - sb->want;
  }
  va_start(ap, fmt);
  n = vsnprintf(dst, room, fmt, ap);
  va_end(ap);
  if (n < 0) {
    sb->failed = 1;
    return;
  }
  sb->want += (size_t)n;
}

static int sb_finish(struct lk_sb *sb) {
  if (sb->failed || sb->want > INT_MAX)
    return -1;
  return (int)sb->want;
}

/* " (error N)" or " (error N: Name)" for a host-order cause code. */
static void sb_cause(struct lk_sb *sb, uint32_t cause) {
  const char *name = lk_notify_cause_name(cause);
  if (name != NULL)
    sb_printf(sb, " (error %u: %s)", (unsigned)cause, name);
  else
    sb_printf(sb, " (error %u)", (unsigned)cause);
}

static void sb_addr(struct lk_sb *sb, const struct sockaddr_storage *ss) {
  char text[LK_ADDRSTRLEN];
  uint16_t port = 0;
  int family = 0;
  if (lk_addr_format((const struct sockaddr *)ss, sizeof(*ss), text,
                     sizeof(text), &port, &family) < 0) {
    sb_printf(sb, "of unknown family %u", (unsigned)ss->ss_family);
    return;
  }
  if (family == 6)
    sb_printf(sb, "[%s]:%u", text, (unsigned)port);
  else
    sb_printf(sb, "%s:%u", text, (unsigned)port);
}

static void interpret_assoc_change(struct lk_sb *sb, const struct lk_notify *n) {
  const uint16_t state = n->u.assoc_change.state;
  const unsigned out = n->u.assoc_change.outbound_streams;
  const unsigned in = n->u.assoc_change.inbound_streams;
  const int id = (int)n->assoc_id;

  switch ((enum sctp_sac_state)state) {
  case SCTP_COMM_UP:
    sb_printf(sb, "association %d is up: %u outbound and %u inbound streams",
              id, out, in);
    return;
  case SCTP_RESTART:
    sb_printf(sb,
              "association %d was restarted by the peer: %u outbound and %u "
              "inbound streams",
              id, out, in);
    return;
  case SCTP_COMM_LOST:
    sb_printf(sb, "association %d was lost", id);
    sb_cause(sb, n->u.assoc_change.error_cause);
    return;
  case SCTP_SHUTDOWN_COMP:
    sb_printf(sb, "association %d was shut down", id);
    return;
  case SCTP_CANT_STR_ASSOC:
    sb_printf(sb, "association %d could not be started", id);
    sb_cause(sb, n->u.assoc_change.error_cause);
    return;
  }
  sb_printf(sb, "association %d changed to unknown state %u", id,
            (unsigned)state);
  sb_cause(sb, n->u.assoc_change.error_cause);
}

static void interpret_paddr_change(struct lk_sb *sb, const struct lk_notify *n) {
  const char *what = NULL;
  switch ((enum sctp_spc_state)n->u.paddr_change.state) {
  case SCTP_ADDR_AVAILABLE:
    what = "is available";
    break;
  case SCTP_ADDR_UNREACHABLE:
    what = "is unreachable";
    break;
  case SCTP_ADDR_REMOVED:
    what = "was removed";
    break;
  case SCTP_ADDR_ADDED:
    what = "was added";
    break;
  case SCTP_ADDR_MADE_PRIM:
    what = "is now the primary path";
    break;
  case SCTP_ADDR_CONFIRMED:
    what = "was confirmed";
    break;
#ifdef SCTP_ADDR_PF
  case SCTP_ADDR_POTENTIALLY_FAILED:
    what = "is potentially failed";
    break;
#endif
  }
  sb_printf(sb, "peer address ");
  sb_addr(sb, &n->u.paddr_change.addr);
  if (what != NULL)
    sb_printf(sb, " %s", what);
  else
    sb_printf(sb, " changed to unknown state %d",
              (int)n->u.paddr_change.state);
  sb_printf(sb, " (error %d)", (int)n->u.paddr_change.error);
}

static void interpret_send_failed(struct lk_sb *sb, const struct lk_notify *n) {
  const char *what = "failed"; /* flags outside the enum */
  switch ((enum sctp_ssf_flags)n->flags) {
  case SCTP_DATA_UNSENT:
    what = "were not sent";
    break;
  case SCTP_DATA_SENT:
    what = "were sent but may not have been delivered";
    break;
  }
  sb_printf(sb, "send failed: %zu bytes on stream %u %s", n->data_len,
            (unsigned)n->u.send_failed.sid, what);
  sb_cause(sb, n->u.send_failed.error_cause);
}

/* "incoming, denied, 0x0040": names of the bits set in flags. */
static void sb_flag_names(struct lk_sb *sb, enum lk_notify_kind kind,
                          uint16_t flags) {
  int first = 1;
  for (unsigned b = 0; b < 16; b++) {
    uint16_t bit = (uint16_t)(1u << b);
    const char *name;
    if ((flags & bit) == 0)
      continue;
    name = lk_notify_flag_bit_name(kind, bit);
    if (name != NULL)
      sb_printf(sb, "%s%s", first ? "" : ", ", name);
    else
      sb_printf(sb, "%s0x%04x", first ? "" : ", ", (unsigned)bit);
    first = 0;
  }
}

static void interpret_stream_reset(struct lk_sb *sb, const struct lk_notify *n) {
  const size_t max_listed = 16;
  const size_t count = n->u.stream_reset.n_streams;
  const char *dir = "", *outcome = "succeeded";
  uint16_t known = 0;
#ifdef SCTP_STREAM_RESET_EVENT
  const uint16_t in = SCTP_STREAM_RESET_INCOMING_SSN;
  const uint16_t out = SCTP_STREAM_RESET_OUTGOING_SSN;
  const uint16_t denied = SCTP_STREAM_RESET_DENIED;
  const uint16_t failed = SCTP_STREAM_RESET_FAILED;
  known = (uint16_t)(in | out | denied | failed);
  if ((n->flags & in) && (n->flags & out))
    dir = "incoming and outgoing ";
  else if (n->flags & in)
    dir = "incoming ";
  else if (n->flags & out)
    dir = "outgoing ";
  if ((n->flags & denied) && (n->flags & failed))
    outcome = "was denied and failed";
  else if (n->flags & denied)
    outcome = "was denied";
  else if (n->flags & failed)
    outcome = "failed";
#endif
  sb_printf(sb, "association %d: reset of ", (int)n->assoc_id);
  if (count == 0) {
    sb_printf(sb, "all %sstreams", dir);
  } else {
    sb_printf(sb, "%sstream%s ", dir, count == 1 ? "" : "s");
    for (size_t i = 0; i < count && i < max_listed; i++)
      sb_printf(sb, "%s%u", i == 0 ? "" : ", ",
                (unsigned)lk_notify_stream(n, i));
    if (count > max_listed)
      sb_printf(sb, " and %zu more", count - max_listed);
  }
  sb_printf(sb, " %s", outcome);
  if ((n->flags & (uint16_t)~known) != 0) {
    sb_printf(sb, " (other flags ");
    sb_flag_names(sb, n->kind, (uint16_t)(n->flags & (uint16_t)~known));
    sb_printf(sb, ")");
  }
}

static void sb_outcome(struct lk_sb *sb, const struct lk_notify *n) {
  if (n->flags == 0)
    return;
  sb_printf(sb, " (");
  sb_flag_names(sb, n->kind, n->flags);
  sb_printf(sb, ")");
}

int lk_notify_interpret(const struct lk_notify *n, char *buf, size_t len) {
  struct lk_sb sb = {.buf = buf, .cap = buf != NULL ? len : 0};
  const char *name;

  if (buf != NULL && len > 0)
    buf[0] = '\0';
  if (n == NULL)
    return -1;

  switch (n->kind) {
  case LK_NOTIFY_UNKNOWN:
    sb_printf(&sb, "unknown notification type %u (%u bytes)",
              (unsigned)n->type, (unsigned)n->length);
    break;
  case LK_NOTIFY_ASSOC_CHANGE:
    interpret_assoc_change(&sb, n);
    break;
  case LK_NOTIFY_PEER_ADDR_CHANGE:
    interpret_paddr_change(&sb, n);
    break;
  case LK_NOTIFY_REMOTE_ERROR:
    sb_printf(&sb, "association %d: peer reported error %u",
              (int)n->assoc_id, (unsigned)n->u.remote_error.cause);
    name = lk_notify_cause_name(n->u.remote_error.cause);
    if (name != NULL)
      sb_printf(&sb, " (%s)", name);
    sb_printf(&sb, " with %zu bytes of cause data", n->data_len);
    break;
  case LK_NOTIFY_SEND_FAILED:
  case LK_NOTIFY_SEND_FAILED_EVENT:
    interpret_send_failed(&sb, n);
    break;
  case LK_NOTIFY_SHUTDOWN_EVENT:
    sb_printf(&sb, "association %d: peer has started a graceful shutdown",
              (int)n->assoc_id);
    break;
  case LK_NOTIFY_ADAPTATION_INDICATION:
    sb_printf(&sb, "association %d: peer adaptation layer indication 0x%08x",
              (int)n->assoc_id, (unsigned)n->u.adaptation.ind);
    break;
  case LK_NOTIFY_PARTIAL_DELIVERY_EVENT:
    sb_printf(&sb, "association %d: partial delivery", (int)n->assoc_id);
    if (n->u.pdapi.has_stream_seq)
      sb_printf(&sb, " on stream %u (sequence %u)",
                (unsigned)n->u.pdapi.stream, (unsigned)n->u.pdapi.seq);
    if (n->u.pdapi.indication == SCTP_PARTIAL_DELIVERY_ABORTED)
      sb_printf(&sb, " was aborted");
    else
      sb_printf(&sb, ": unknown indication %u",
                (unsigned)n->u.pdapi.indication);
    break;
  case LK_NOTIFY_AUTHENTICATION_EVENT:
    sb_printf(&sb, "association %d: ", (int)n->assoc_id);
    switch (n->u.auth.indication) {
    case SCTP_AUTH_NEW_KEY:
      sb_printf(&sb, "authentication key %u is now active",
                (unsigned)n->u.auth.keynumber);
      break;
#ifdef HAVE_SCTP_AUTH_NO_AUTH
    case SCTP_AUTH_FREE_KEY:
      sb_printf(&sb, "authentication key %u is no longer used",
                (unsigned)n->u.auth.keynumber);
      break;
    case SCTP_AUTH_NO_AUTH:
      sb_printf(&sb, "peer does not support authentication");
      break;
#endif
    default:
      sb_printf(&sb, "authentication event %u for key %u",
                (unsigned)n->u.auth.indication, (unsigned)n->u.auth.keynumber);
      break;
    }
    break;
  case LK_NOTIFY_SENDER_DRY_EVENT:
    sb_printf(&sb, "association %d has no user data left to send",
              (int)n->assoc_id);
    break;
  case LK_NOTIFY_STREAM_RESET_EVENT:
    interpret_stream_reset(&sb, n);
    break;
  case LK_NOTIFY_ASSOC_RESET_EVENT:
    sb_printf(&sb,
              "association %d: reset of the association %s: local TSN %u, "
              "remote TSN %u",
              (int)n->assoc_id, n->flags == 0 ? "succeeded" : "did not succeed",
              (unsigned)n->u.assoc_reset.local_tsn,
              (unsigned)n->u.assoc_reset.remote_tsn);
    sb_outcome(&sb, n);
    break;
  case LK_NOTIFY_STREAM_CHANGE_EVENT:
    sb_printf(&sb,
              "association %d: adding streams %s: %u inbound and %u outbound "
              "streams",
              (int)n->assoc_id, n->flags == 0 ? "succeeded" : "did not succeed",
              (unsigned)n->u.stream_change.inbound_streams,
              (unsigned)n->u.stream_change.outbound_streams);
    sb_outcome(&sb, n);
    break;
  }
  return sb_finish(&sb);
}

int lk_notify_describe_invalid(const void *buf, size_t len, int err,
                               char *out, size_t outlen) {
  struct lk_sb sb = {.buf = out, .cap = out != NULL ? outlen : 0};
  uint16_t type, flags;
  uint32_t length;
  const char *name;
  size_t fixed;

  if (out != NULL && outlen > 0)
    out[0] = '\0';
  if (buf == NULL || len < LK_SN_HEADER_SIZE) {
    sb_printf(&sb,
              "malformed notification: %zu bytes received, fewer than the "
              "%zu-byte header",
              len, (size_t)LK_SN_HEADER_SIZE);
    return sb_finish(&sb);
  }
  read_header(buf, &type, &flags, &length);
  name = lk_notify_type_name(type);
  if (name != NULL)
    sb_printf(&sb, "malformed %s notification: ", name);
  else
    sb_printf(&sb, "malformed notification of type %u: ", (unsigned)type);

  fixed = fixed_size(kind_of(type));
  if (length > len)
    sb_printf(&sb, "length field %u but only %zu bytes received",
              (unsigned)length, len);
  else if (length < LK_SN_HEADER_SIZE || length < fixed)
    sb_printf(&sb, "length field %u shorter than the %zu-byte structure",
              (unsigned)length, fixed < LK_SN_HEADER_SIZE ? LK_SN_HEADER_SIZE : fixed);
  else if (kind_of(type) == LK_NOTIFY_STREAM_RESET_EVENT &&
           (length - fixed) % sizeof(uint16_t) != 0)
    sb_printf(&sb, "stream list of %zu bytes is not a list of 16-bit ids",
              (size_t)length - fixed);
  else
    sb_printf(&sb, "%zu bytes received, length field %u", len,
              (unsigned)length);
  if (err == -EINVAL || err == 0)
    return sb_finish(&sb);
  sb_printf(&sb, " (error %d)", err);
  return sb_finish(&sb);
}
