/* Pure decoder for SCTP notifications (no Node-API, no kernel needed).
 *
 * A notification is one `union sctp_notification` as read with recvmsg()
 * when MSG_NOTIFICATION is set in msg_flags. lk_notify_decode() turns those
 * bytes into a plain struct lk_notify; the name functions and
 * lk_notify_interpret() turn the struct into text. All constants and wire
 * layouts come from <netinet/sctp.h> (which includes <linux/sctp.h>); Linux
 * numbers notification types from 1 << 15, not as RFC 6458 does.
 *
 * Byte order of the fields as Linux delivers them (checked against
 * net/sctp/ulpevent.c and sm_sideeffect.c):
 *  - everything is host order, except
 *  - sre_error (SCTP_REMOTE_ERROR) is declared __be16: the cause code in
 *    network order;
 *  - sac_error (SCTP_ASSOC_CHANGE) and ssf_error (SCTP_SEND_FAILED[_EVENT])
 *    are declared host-order integers but the kernel stores the __be16
 *    error cause in them unconverted (cause 7 reads as 1792 on x86), so
 *    the decoder keeps the raw value and also gives the cause in host order;
 *  - sinfo_ppid / snd_ppid are whatever the sender passed to sendmsg (this
 *    project sends htonl(ppid)); the decoder keeps them raw.
 */
#ifndef LKSCTP_NOTIFY_H
#define LKSCTP_NOTIFY_H

/* <netinet/in.h> must come before <netinet/sctp.h>: the latter defines
 * IPPROTO_SCTP as a macro when it is not yet defined, which then breaks the
 * enum in <netinet/in.h>. Including it here makes "notify.h first" safe. */
#include <netinet/in.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

/* What lk_notify_decode() recognised. One value per notification type the
 * decoder knows, whether or not this machine's header defines the type (a
 * kind whose type is missing is simply never produced). Switch on it without
 * `default` so the compiler flags a kind nobody handles. */
enum lk_notify_kind {
  LK_NOTIFY_UNKNOWN = 0,        /* type not known: common fields only */
  LK_NOTIFY_ASSOC_CHANGE,
  LK_NOTIFY_PEER_ADDR_CHANGE,
  LK_NOTIFY_REMOTE_ERROR,
  LK_NOTIFY_SEND_FAILED,        /* struct sctp_send_failed (sctp_sndrcvinfo) */
  LK_NOTIFY_SEND_FAILED_EVENT,  /* struct sctp_send_failed_event (sctp_sndinfo) */
  LK_NOTIFY_SHUTDOWN_EVENT,
  LK_NOTIFY_ADAPTATION_INDICATION,
  LK_NOTIFY_PARTIAL_DELIVERY_EVENT,
  LK_NOTIFY_AUTHENTICATION_EVENT,
  LK_NOTIFY_SENDER_DRY_EVENT,
  LK_NOTIFY_STREAM_RESET_EVENT,
  LK_NOTIFY_ASSOC_RESET_EVENT,
  LK_NOTIFY_STREAM_CHANGE_EVENT,
};

/* One decoded notification. Plain values, copied out of the buffer, except
 * `data`, which points INTO the buffer given to lk_notify_decode() (no copy,
 * no allocation): it is valid only as long as that buffer is. */
struct lk_notify {
  enum lk_notify_kind kind;
  uint16_t type;      /* sn_type as delivered (also for unknown types) */
  uint16_t flags;     /* sn_flags */
  uint32_t length;    /* sn_length: bytes decoded (bytes after it ignored) */
  int has_assoc_id;   /* 0 for LK_NOTIFY_UNKNOWN, 1 otherwise */
  int32_t assoc_id;   /* sctp_assoc_t */

  /* Variable part after the type's fixed struct, within sn_length:
   *  ASSOC_CHANGE      sac_info: COMM_UP/RESTART: supported-feature bytes
   *                    (FreeBSD sends them; Linux sends none); COMM_LOST
   *                    after an ABORT: the ABORT chunk's error causes (Linux
   *                    strips the 4-byte chunk header)
   *  REMOTE_ERROR      sre_data: the error cause body (cause header removed)
   *  SEND_FAILED[_EVENT] ssf_data: the unsent user message (or fragment)
   *  STREAM_RESET      strreset_stream_list: host-order uint16 stream ids,
   *                    possibly unaligned: read with lk_notify_stream()
   *  UNKNOWN           everything after the 8-byte sn_header
   *  others            bytes beyond the fixed struct (normally none) */
  const uint8_t *data;
  size_t data_len;

  union {
    struct {
      uint16_t state;             /* enum sctp_sac_state */
      uint16_t error;             /* sac_error, raw (network-order cause) */
      uint16_t error_cause;       /* sac_error in host order */
      uint16_t outbound_streams;
      uint16_t inbound_streams;
    } assoc_change;
    struct {
      struct sockaddr_storage addr; /* spc_aaddr, as delivered */
      int32_t state;              /* enum sctp_spc_state */
      int32_t error;              /* enum sctp_sn_error (host order) */
    } paddr_change;
    struct {
      uint16_t cause;             /* sre_error converted to host order */
    } remote_error;
    struct {                      /* SEND_FAILED and SEND_FAILED_EVENT */
      uint32_t error;             /* ssf_error, raw */
      uint32_t error_cause;       /* cause in host order (see top) */
      uint16_t sid;               /* sinfo_stream / snd_sid */
      uint16_t info_flags;        /* sinfo_flags / snd_flags */
      uint32_t ppid;              /* sinfo_ppid / snd_ppid, RAW */
      uint32_t context;
      int32_t info_assoc_id;
      /* SEND_FAILED (sctp_sndrcvinfo) only, 0 for SEND_FAILED_EVENT: */
      uint16_t ssn;
      uint32_t timetolive;
      uint32_t tsn;
      uint32_t cumtsn;
    } send_failed;
    struct {
      uint32_t ind;               /* sai_adaptation_ind */
    } adaptation;
    struct {
      uint32_t indication;
      int has_stream_seq;         /* header has pdapi_stream/pdapi_seq */
      uint32_t stream;
      uint32_t seq;
    } pdapi;
    struct {
      uint16_t keynumber;
      uint16_t altkeynumber;
      uint32_t indication;
    } auth;
    struct {
      size_t n_streams;           /* 0 means "all streams" */
    } stream_reset;
    struct {
      uint32_t local_tsn;
      uint32_t remote_tsn;
    } assoc_reset;
    struct {
      uint16_t inbound_streams;   /* strchange_instrms */
      uint16_t outbound_streams;  /* strchange_outstrms */
    } stream_change;
  } u;
};

/* Decodes one notification of `len` bytes. Returns 0, or -EINVAL when the
 * buffer is truncated or inconsistent: len < 8, sn_length < 8,
 * sn_length > len, sn_length shorter than the type's fixed struct, or an odd
 * stream list. Unknown types are not an error (kind LK_NOTIFY_UNKNOWN).
 * Never reads past buf + len; buf needs no alignment. On error *out is
 * zeroed except type/flags/length when at least 8 bytes were there. */
int lk_notify_decode(const void *buf, size_t len, struct lk_notify *out);

/* Stream id i (< u.stream_reset.n_streams) of a STREAM_RESET_EVENT. */
uint16_t lk_notify_stream(const struct lk_notify *n, size_t i);

/* Name tables: the constant's name from <netinet/sctp.h>, or NULL when the
 * value is unknown (or not defined by this machine's header). */
const char *lk_notify_type_name(uint16_t type);           /* "SCTP_ASSOC_CHANGE" */
const char *lk_notify_assoc_state_name(uint32_t state);   /* "SCTP_COMM_UP" */
const char *lk_notify_paddr_state_name(int32_t state);    /* "SCTP_ADDR_AVAILABLE" */
const char *lk_notify_paddr_error_name(int32_t error);    /* "SCTP_FAILED_THRESHOLD" */
const char *lk_notify_pdapi_indication_name(uint32_t ind);/* "SCTP_PARTIAL_DELIVERY_ABORTED" */
const char *lk_notify_auth_indication_name(uint32_t ind); /* "SCTP_AUTH_NEW_KEY" */
/* ssf_flags: on Linux SCTP_DATA_UNSENT (0) and SCTP_DATA_SENT (1) are
 * values, not bits (RFC 6458 has them as bits 1 and 2). */
const char *lk_notify_send_failed_flags_name(uint16_t flags);
/* sac_info feature byte ("SCTP_ASSOC_SUPPORTS_PR"); NULL on Linux, whose
 * header defines none of them. */
const char *lk_notify_feature_name(uint8_t feature);
/* Short name ("incoming", "outgoing", "denied", "failed") of ONE flag bit
 * of a STREAM_RESET / ASSOC_RESET / STREAM_CHANGE event, NULL if unknown. */
const char *lk_notify_flag_bit_name(enum lk_notify_kind kind, uint16_t bit);
/* Human name of an SCTP error cause code (host order), RFC 9260 3.3.10
 * ("Invalid Stream Identifier"), RFC 5061 and RFC 4895; NULL if unknown. */
const char *lk_notify_cause_name(uint32_t cause);

/* One English sentence for a decoded notification, snprintf-style: writes
 * at most len bytes including the NUL, returns the length the full sentence
 * has (or -1 on an encoding error). */
int lk_notify_interpret(const struct lk_notify *n, char *buf, size_t len);

/* Sentence for bytes lk_notify_decode() rejected (err is its return). */
int lk_notify_describe_invalid(const void *buf, size_t len, int err,
                               char *out, size_t outlen);

#endif
