/* Node-API glue: the Handle class that owns one SCTP socket and its libuv
 * poll, and turns the results of sock.c / sockopt.c / notify.c into JS.
 *
 * Lifecycle (libuv's): the handle owns its fd and its uv_poll_t. close()
 * stops polling, closes the fd and starts closing the poll handle; the JS
 * callbacks are released and onclose called in the uv close callback; the
 * memory is freed by the wrap's finalizer once the JS object is collected.
 * While open, the JS object is pinned by a strong reference. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <node_api.h>
#include <uv.h>

#include "addr.h"
#include "jiffies.h"
#include "napi_util.h"
#include "notify_js.h"
#include "sock.h"
#include "sockopt.h"

#define LK_READ_BATCH 64          /* messages per crossing into JS */
#define LK_READ_BUDGET (1u << 20) /* bytes per readiness callback */
#define LK_SINGLE_READS 16       /* see do_read */
#define LK_ACCEPT_BATCH 32
#define LK_META 6                 /* uint32 per item in onread's meta */
#define LK_POOL_SIZE (64u * 1024) /* see lk_module */
#define LK_POOL_MAX 4096          /* larger messages get their own buffer */
#define LK_RX_INITIAL (64u * 1024)
#define LK_MAX_ADDRS 64

enum { CB_READ, CB_CONNECTION, CB_CONNECT, CB_WRITABLE, CB_CLOSE, CB_COUNT };

static const char *const cb_names[CB_COUNT] = {
    "onread", "onconnection", "onconnect", "onwritable", "onclose"};

typedef struct lk_module {
  napi_ref handle_ctor;
  int reserve_fd; /* kept open to shed connections on EMFILE (libuv) */
  /* Shared by every handle of this environment (JS reads them within the
   * onread call, and no read runs inside another): the meta array of
   * onread, and the pool that small messages are copied into, which JS
   * turns into Buffers by view (as Buffer.allocUnsafe's pool) instead of
   * an ArrayBuffer and a C++-made Buffer each. */
  napi_ref meta_ref;
  uint32_t *meta;
  napi_ref pool_ref;
  uint8_t *pool;
  size_t pool_off;
} lk_module;

typedef struct lk_handle {
  napi_env env;
  lk_module *module;
  napi_ref self;
  napi_ref cb[CB_COUNT];
  napi_async_context async;
  uv_poll_t poll;
  int fd;
  int reading;
  int listening;
  int connecting;
  int want_write;
  int closing;
  int closed; /* uv close callback ran: fd closed, memory may go */
  int eof;
  int poll_events; /* what the poll handle was last started with */
  int single_reads; /* > 0: read one message per readiness (see do_read) */
  struct lk_rx rx;
} lk_handle;

/* ---- errors ----------------------------------------------------------- */

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

/* ---- small value helpers ---------------------------------------------- */

static napi_value js_int(napi_env env, int64_t v) {
  napi_value out;
  NAPI_CALL(env, napi_create_int64(env, v, &out));
  return out;
}

static int set_int(napi_env env, napi_value obj, const char *key, int64_t v) {
  napi_value val;
  NAPI_CALL_INT(env, napi_create_int64(env, v, &val));
  NAPI_CALL_INT(env, napi_set_named_property(env, obj, key, val));
  return 0;
}

static int set_str(napi_env env, napi_value obj, const char *key,
                   const char *s) {
  napi_value val;
  NAPI_CALL_INT(env, napi_create_string_utf8(env, s, NAPI_AUTO_LENGTH, &val));
  NAPI_CALL_INT(env, napi_set_named_property(env, obj, key, val));
  return 0;
}

/* { address, port, family } of a sockaddr, or undefined when it cannot be
 * formatted (an empty sockaddr, as SCTP_STATUS gives before connecting). */
static napi_value sockaddr_to_js(napi_env env, const struct sockaddr *sa,
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
  if (set_str(env, obj, "address", str) < 0 ||
      set_int(env, obj, "port", port) < 0 ||
      set_str(env, obj, "family", family == 6 ? "IPv6" : "IPv4") < 0)
    return NULL;
  return obj;
}

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
  addr = sockaddr_to_js(env, (struct sockaddr *)&ss, sizeof(ss));
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
  if (set_int(env, obj, "assocId", id) < 0 ||
      set_str(env, obj, "state", spinfo_state_name(state)) < 0 ||
      set_int(env, obj, "cwnd", cwnd) < 0 ||
      set_int(env, obj, "srtt", srtt) < 0 ||
      set_int(env, obj, "rto", rto) < 0 || set_int(env, obj, "mtu", mtu) < 0)
    return NULL;
  return obj;
}

/* ---- handle plumbing -------------------------------------------------- */

static napi_value get_this(napi_env env, napi_callback_info info,
                           size_t *argc, napi_value *argv, lk_handle **out) {
  napi_value self;
  void *data = NULL;
  NAPI_CALL(env, napi_get_cb_info(env, info, argc, argv, &self, NULL));
  NAPI_CALL(env, napi_unwrap(env, self, &data));
  *out = data;
  return self;
}

/* Methods on a closed handle fail with EBADF, as a closed fd would. */
#define LK_THIS(argc_, argv_, h_)                                              \
  size_t argc = (argc_);                                                       \
  napi_value argv_[(argc_) > 0 ? (argc_) : 1];                                 \
  lk_handle *h_ = NULL;                                                        \
  if (get_this(env, info, &argc, argv_, &h_) == NULL)                          \
    return NULL;                                                               \
  if (h_->fd < 0 || h_->closing)                                               \
    return js_int(env, -EBADF);

/* Call a JS callback from the event loop, with async context; an exception
 * it throws goes to 'uncaughtException' like any other. */
static int call_js(lk_handle *h, int which, size_t argc, napi_value *argv) {
  napi_env env = h->env;
  napi_value fn, recv, result;
  napi_status status;

  if (h->cb[which] == NULL)
    return 0;
  NAPI_CALL_INT(env, napi_get_reference_value(env, h->cb[which], &fn));
  NAPI_CALL_INT(env, napi_get_reference_value(env, h->self, &recv));
  if (fn == NULL || recv == NULL)
    return 0;
  status = napi_make_callback(env, h->async, recv, fn, argc, argv, &result);
  if (status == napi_pending_exception) {
    napi_value err;
    if (napi_get_and_clear_last_exception(env, &err) == napi_ok)
      napi_fatal_exception(env, err);
    return -1;
  }
  return status == napi_ok ? 0 : -1;
}

static void on_poll(uv_poll_t *poll, int status, int events);

static void update_poll(lk_handle *h) {
  int events = 0;
  if (h->closing || h->fd < 0)
    return;
  /* At end of file the socket stays readable: polling it would spin. */
  if ((h->reading && !h->eof) || h->listening)
    events |= UV_READABLE;
  if (h->connecting || h->want_write)
    events |= UV_WRITABLE;
  /* libuv re-registers the fd on every uv_poll_start(), even for the same
   * events (two epoll_ctl calls): only call it on a change. libuv stops the
   * handle itself on a poll error, hence the uv_is_active() check. */
  if (events == h->poll_events &&
      (events == 0) == !uv_is_active((uv_handle_t *)&h->poll))
    return;
  h->poll_events = events;
  if (events)
    uv_poll_start(&h->poll, events, on_poll);
  else
    uv_poll_stop(&h->poll);
}

/* The shared meta array, made once. NULL on failure. */
static uint32_t *module_meta(napi_env env, lk_module *m, napi_value *out) {
  if (m->meta_ref == NULL) {
    napi_value ab, ta;
    void *data;
    if (napi_create_arraybuffer(env, LK_READ_BATCH * LK_META * sizeof(uint32_t),
                                &data, &ab) != napi_ok ||
        napi_create_typedarray(env, napi_uint32_array, LK_READ_BATCH * LK_META,
                               ab, 0, &ta) != napi_ok ||
        napi_create_reference(env, ta, 1, &m->meta_ref) != napi_ok)
      return NULL;
    m->meta = data;
  }
  if (napi_get_reference_value(env, m->meta_ref, out) != napi_ok)
    return NULL;
  return m->meta;
}

/* The pool for this batch: a new one when less than LK_POOL_MAX is left.
 * *out stays undefined (and the batch copies each message into its own
 * buffer) when none can be had. */
static uint8_t *module_pool(napi_env env, lk_module *m, napi_value *out) {
  if (m->pool_ref == NULL || LK_POOL_SIZE - m->pool_off < LK_POOL_MAX) {
    napi_value ab;
    void *data;
    if (m->pool_ref != NULL) {
      napi_delete_reference(env, m->pool_ref);
      m->pool_ref = NULL;
      m->pool = NULL;
    }
    if (napi_create_arraybuffer(env, LK_POOL_SIZE, &data, &ab) != napi_ok ||
        napi_create_reference(env, ab, 1, &m->pool_ref) != napi_ok)
      return NULL;
    m->pool = data;
    m->pool_off = 0;
  }
  if (napi_get_reference_value(env, m->pool_ref, out) != napi_ok)
    return NULL;
  return m->pool;
}

/* Drain up to a batch of messages and hand them to JS in one call:
 * onread(pool, meta, count, status, items) where meta holds
 * [sid, ppid, flags, kind, offset, length] per message; kind 0: a data
 * message at pool[offset..offset + length), kind 2: a data message in
 * items[i] (a Buffer), kind 1: a notification, items[i] is its
 * { raw, parsed, interpreted }; items is undefined when no message needed
 * it. status is 0, 1 (the peer shut down: end of data) or -errno. */
static void do_read(lk_handle *h) {
  napi_env env = h->env;
  lk_module *m = h->module;
  size_t budget = 0;
  /* Draining until EAGAIN costs one recvmsg that finds nothing, each time
   * when messages come one at a time (request/response). Once a drain has
   * found a single message, read one per readiness for a while: the poll is
   * level-triggered, so a message left in the queue wakes it again at once.
   * Every LK_SINGLE_READS readinesses a drain checks whether messages now
   * come in bursts. */
  uint32_t limit = LK_READ_BATCH;
  int single = h->single_reads > 0;
  if (single) {
    h->single_reads--;
    limit = 1;
  }

  while (h->reading && !h->closing && !h->eof) {
    napi_handle_scope scope;
    napi_value items = NULL, meta, pool = NULL, argv[5];
    uint32_t *meta_data = NULL;
    uint8_t *pool_data;
    uint32_t count = 0;
    int status = 0;

    if (napi_open_handle_scope(env, &scope) != napi_ok)
      return;
    if ((meta_data = module_meta(env, m, &meta)) == NULL) {
      napi_close_handle_scope(env, scope);
      return;
    }
    napi_get_undefined(env, &argv[4]);
    pool = argv[4];
    pool_data = module_pool(env, m, &pool);

    while (count < limit && budget < LK_READ_BUDGET) {
      napi_value item = NULL;
      uint32_t kind = 2, offset = 0;
      int r = lk_sock_recv(h->fd, &h->rx);
      if (r == LK_RX_AGAIN) {
        if (!single && count == 1)
          h->single_reads = LK_SINGLE_READS;
        break;
      }
      if (r == LK_RX_EOF) {
        status = 1;
        h->eof = 1;
        break;
      }
      if (r < 0) {
        status = r;
        h->eof = 1;
        break;
      }
      if (h->rx.notification) {
        kind = 1;
        item = lk_notify_to_js(env, h->rx.buf, h->rx.len);
      } else if (pool_data != NULL && h->rx.len <= LK_POOL_MAX &&
                 h->rx.len <= LK_POOL_SIZE - m->pool_off) {
        kind = 0;
        offset = (uint32_t)m->pool_off;
        memcpy(pool_data + offset, h->rx.buf, h->rx.len);
        m->pool_off = (m->pool_off + h->rx.len + 7) & ~(size_t)7;
      } else {
        void *data;
        if (napi_create_buffer_copy(env, h->rx.len, h->rx.buf, &data,
                                    &item) != napi_ok)
          item = NULL;
      }
      if (item != NULL && items == NULL &&
          napi_create_array(env, &items) != napi_ok)
        item = NULL;
      if (kind != 0 && item == NULL) { /* out of memory in V8: report, stop */
        bool pending = false;
        napi_value err;
        napi_is_exception_pending(env, &pending);
        if (pending)
          napi_get_and_clear_last_exception(env, &err);
        status = -ENOMEM;
        h->eof = 1;
        lk_rx_reset(&h->rx);
        break;
      }
      meta_data[count * LK_META + 0] = h->rx.info.rcv_sid;
      meta_data[count * LK_META + 1] = h->rx.info.rcv_ppid;
      meta_data[count * LK_META + 2] = h->rx.info.rcv_flags;
      meta_data[count * LK_META + 3] = kind;
      meta_data[count * LK_META + 4] = offset;
      meta_data[count * LK_META + 5] = (uint32_t)h->rx.len;
      budget += h->rx.len;
      lk_rx_reset(&h->rx);
      if (kind != 0)
        napi_set_element(env, items, count, item);
      count++;
    }

    if (count > 0 || status != 0) {
      argv[0] = pool;
      argv[1] = meta;
      napi_create_uint32(env, count, &argv[2]);
      napi_create_int32(env, status, &argv[3]);
      if (items != NULL)
        argv[4] = items;
      call_js(h, CB_READ, 5, argv);
    }
    napi_close_handle_scope(env, scope);
    if (count < limit || budget >= LK_READ_BUDGET || single)
      break; /* drained, or fair share used: let the loop breathe */
  }
  update_poll(h);
}

static napi_value new_handle_for_fd(napi_env env, lk_module *m, int fd);

/* libuv's EMFILE trick: with no fd left, accept() keeps failing and the
 * listener keeps being readable. Free the reserve fd, accept and close the
 * pending associations (they are aborted), then take the reserve back. */
static int shed_connections(lk_handle *h) {
  int dropped = 0;
  if (h->module->reserve_fd < 0)
    return 0;
  close(h->module->reserve_fd);
  h->module->reserve_fd = -1;
  for (;;) {
    int fd = lk_sock_accept(h->fd);
    if (fd < 0)
      break;
    lk_sock_set_abort_on_close(fd);
    close(fd);
    dropped++;
  }
  h->module->reserve_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
  return dropped;
}

static void do_accept(lk_handle *h) {
  napi_env env = h->env;
  for (int i = 0; i < LK_ACCEPT_BATCH && h->listening && !h->closing; i++) {
    napi_handle_scope scope;
    napi_value argv[2];
    int fd = lk_sock_accept(h->fd);

    if (fd == -EAGAIN || fd == -EWOULDBLOCK)
      break;
    if (fd == -ECONNABORTED || fd == -EPROTO || fd == -EPERM)
      continue; /* that association is gone already; others may wait */
    if (napi_open_handle_scope(env, &scope) != napi_ok)
      return;
    if (fd >= 0) {
      argv[0] = new_handle_for_fd(env, h->module, fd);
      if (argv[0] == NULL) {
        bool pending = false;
        napi_value err;
        napi_is_exception_pending(env, &pending);
        if (pending)
          napi_get_and_clear_last_exception(env, &err);
        close(fd);
        napi_get_null(env, &argv[0]);
        argv[1] = js_int(env, -ENOMEM);
      } else {
        argv[1] = js_int(env, 0);
      }
      call_js(h, CB_CONNECTION, 2, argv);
      napi_close_handle_scope(env, scope);
      continue;
    }
    /* EMFILE/ENFILE/ENOBUFS/ENOMEM: shed what is pending, report once. */
    if (fd == -EMFILE || fd == -ENFILE)
      shed_connections(h);
    napi_get_null(env, &argv[0]);
    argv[1] = js_int(env, fd);
    call_js(h, CB_CONNECTION, 2, argv);
    napi_close_handle_scope(env, scope);
    break;
  }
}

static void on_poll(uv_poll_t *poll, int status, int events) {
  lk_handle *h = poll->data;
  napi_env env = h->env;

  if (h->closing)
    return;
  if (h->connecting && (status < 0 || (events & UV_WRITABLE))) {
    napi_handle_scope scope;
    napi_value argv[1];
    /* libuv reports POLLERR as UV_EBADF (and stops the handle): the
     * socket's SO_ERROR says what really happened (ECONNREFUSED, ...). */
    int err = lk_sock_error(h->fd);
    if (err == 0 && status < 0)
      err = status;
    h->connecting = 0;
    update_poll(h);
    if (napi_open_handle_scope(env, &scope) != napi_ok)
      return;
    argv[0] = js_int(env, err);
    call_js(h, CB_CONNECT, 1, argv);
    napi_close_handle_scope(env, scope);
    return;
  }
  if (h->listening) {
    do_accept(h);
    return;
  }
  if (status < 0) {
    /* A poll error (libuv stopped the handle): a read reports what the
     * socket says, after what was queued before it. */
    events |= UV_READABLE | UV_WRITABLE;
  }
  if ((events & UV_WRITABLE) && h->want_write) {
    napi_handle_scope scope;
    h->want_write = 0;
    update_poll(h);
    if (napi_open_handle_scope(env, &scope) != napi_ok)
      return;
    call_js(h, CB_WRITABLE, 0, NULL);
    napi_close_handle_scope(env, scope);
    if (h->closing)
      return;
  }
  if ((events & (UV_READABLE | UV_DISCONNECT)) && h->reading)
    do_read(h);
}

static void on_uv_close(uv_handle_t *uvh) {
  lk_handle *h = uvh->data;
  napi_env env = h->env;
  napi_handle_scope scope;

  lk_rx_free(&h->rx);
  h->closed = 1;
  if (napi_open_handle_scope(env, &scope) == napi_ok) {
    call_js(h, CB_CLOSE, 0, NULL);
    napi_close_handle_scope(env, scope);
  }
  for (int i = 0; i < CB_COUNT; i++) {
    if (h->cb[i] != NULL) {
      napi_delete_reference(env, h->cb[i]);
      h->cb[i] = NULL;
    }
  }
  if (h->async != NULL) {
    napi_async_destroy(env, h->async);
    h->async = NULL;
  }
  napi_reference_unref(env, h->self, NULL);
}

/* At environment teardown (process exit, worker end): release the fd. The
 * memory stays: the loop may still reference the poll handle. */
static void on_env_cleanup(void *arg) {
  lk_handle *h = arg;
  if (h->closing)
    return;
  h->closing = 1;
  uv_poll_stop(&h->poll);
  if (h->fd >= 0)
    close(h->fd);
  h->fd = -1;
}

static void handle_finalize(napi_env env, void *data, void *hint) {
  lk_handle *h = data;
  (void)hint;
  if (!h->closed) /* teardown: see on_env_cleanup */
    return;
  if (h->self != NULL)
    napi_delete_reference(env, h->self);
  free(h);
}

static void start_closing(lk_handle *h) {
  if (h->closing)
    return;
  h->closing = 1;
  h->reading = h->listening = h->connecting = h->want_write = 0;
  napi_remove_env_cleanup_hook(h->env, on_env_cleanup, h);
  /* As libuv does for streams: the fd goes at once (a listener stops
   * taking associations now, not one loop turn later); the poll handle,
   * already stopped, finishes closing in the callback. */
  uv_poll_stop(&h->poll);
  close(h->fd);
  h->fd = -1;
  uv_close((uv_handle_t *)&h->poll, on_uv_close);
}

/* new Handle(family) opens a socket; new Handle(0, fd) adopts an accepted
 * one. Failure to open throws nothing: the JS layer reads handle.error
 * (a -errno) so that it can build a Node-style system error. */
static napi_value handle_new(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2], self, resource_name;
  int32_t family = 0, adopt = -1;
  lk_module *m;
  lk_handle *h;
  uv_loop_t *loop;
  int fd, err;

  NAPI_CALL(env, napi_get_cb_info(env, info, &argc, argv, &self, (void **)&m));
  NAPI_CALL(env, napi_get_value_int32(env, argv[0], &family));
  if (argc > 1)
    NAPI_CALL(env, napi_get_value_int32(env, argv[1], &adopt));

  fd = adopt >= 0 ? adopt : lk_sock_open(family == 6 ? AF_INET6 : AF_INET);
  if (fd < 0) {
    NAPI_CALL(env, napi_set_named_property(env, self, "error", js_int(env, fd)));
    return self;
  }
  h = calloc(1, sizeof(*h));
  if (h == NULL || (err = lk_rx_init(&h->rx, LK_RX_INITIAL)) < 0) {
    free(h);
    close(fd);
    NAPI_CALL(env, napi_set_named_property(env, self, "error",
                                           js_int(env, -ENOMEM)));
    return self;
  }
  h->env = env;
  h->module = m;
  h->fd = fd;
  NAPI_CALL(env, napi_get_uv_event_loop(env, &loop));
  uv_poll_init_socket(loop, &h->poll, fd);
  h->poll.data = h;
  /* From here on the handle owns the fd; every failure path below closes
   * it through the uv close callback. */
  if (napi_wrap(env, self, h, handle_finalize, NULL, NULL) != napi_ok) {
    uv_close((uv_handle_t *)&h->poll, NULL);
    close(fd);
    lk_rx_free(&h->rx);
    free(h);
    lk_napi_throw_status(env, "napi_wrap", napi_generic_failure);
    return NULL;
  }
  NAPI_CALL(env, napi_create_reference(env, self, 1, &h->self));
  NAPI_CALL(env, napi_create_string_utf8(env, "SCTPHANDLE", NAPI_AUTO_LENGTH,
                                         &resource_name));
  NAPI_CALL(env, napi_async_init(env, self, resource_name, &h->async));
  NAPI_CALL(env, napi_add_env_cleanup_hook(env, on_env_cleanup, h));
  NAPI_CALL(env, napi_set_named_property(env, self, "fd", js_int(env, fd)));
  err = lk_opt_subscribe_all(fd);
  NAPI_CALL(env, napi_set_named_property(env, self, "error", js_int(env, err)));
  return self;
}

static napi_value new_handle_for_fd(napi_env env, lk_module *m, int fd) {
  napi_value ctor, argv[2], obj;
  NAPI_CALL(env, napi_get_reference_value(env, m->handle_ctor, &ctor));
  argv[0] = js_int(env, 0);
  argv[1] = js_int(env, fd);
  NAPI_CALL(env, napi_new_instance(env, ctor, 2, argv, &obj));
  return obj;
}

/* ---- methods ---------------------------------------------------------- */

/* setCallbacks({ onread, onconnection, onconnect, onwritable, onclose }) */
static napi_value m_set_callbacks(napi_env env, napi_callback_info info) {
  LK_THIS(1, argv, h);
  for (int i = 0; i < CB_COUNT; i++) {
    napi_value fn;
    napi_valuetype t;
    NAPI_CALL(env, napi_get_named_property(env, argv[0], cb_names[i], &fn));
    NAPI_CALL(env, napi_typeof(env, fn, &t));
    if (h->cb[i] != NULL) {
      NAPI_CALL(env, napi_delete_reference(env, h->cb[i]));
      h->cb[i] = NULL;
    }
    if (t == napi_function)
      NAPI_CALL(env, napi_create_reference(env, fn, 1, &h->cb[i]));
  }
  return js_int(env, 0);
}

/* A JS address string and a port to a sockaddr: 0, -errno for what is not
 * an address (a string longer than any address included), or -1 with a
 * JS exception pending. */
static int get_sockaddr(napi_env env, napi_value value, uint32_t port,
                        struct sockaddr_storage *ss, socklen_t *sslen) {
  char str[LK_ADDRSTRLEN];
  size_t len;
  NAPI_CALL_INT(env, napi_get_value_string_utf8(env, value, str, sizeof(str), &len));
  if (len >= sizeof(str) - 1)
    return -EINVAL;
  return lk_addr_parse(str, (uint16_t)port, ss, sslen);
}

/* Parse an array of address strings with one port into a packed list. */
static int pack_addrs(napi_env env, napi_value arr, uint32_t port,
                      uint8_t *packed, size_t packed_len, int *count) {
  uint32_t n;
  size_t used_total = 0;
  NAPI_CALL_INT(env, napi_get_array_length(env, arr, &n));
  if (n == 0 || n > LK_MAX_ADDRS)
    return -EINVAL;
  for (uint32_t i = 0; i < n; i++) {
    napi_value v;
    size_t used;
    struct sockaddr_storage ss;
    socklen_t sslen;
    int err;
    NAPI_CALL_INT(env, napi_get_element(env, arr, i, &v));
    if ((err = get_sockaddr(env, v, port, &ss, &sslen)) < 0)
      return err;
    err = lk_addr_pack(&ss, 1, packed + used_total, packed_len - used_total,
                       &used);
    if (err < 0)
      return err;
    used_total += used;
  }
  *count = (int)n;
  return 0;
}

#define LK_PACKED_MAX (LK_MAX_ADDRS * sizeof(struct sockaddr_in6))

/* bindx(addresses, port[, remove]) -> 0 | -errno; -EINVAL for bad input
 * (the JS layer validated it already). */
static napi_value m_bindx(napi_env env, napi_callback_info info) {
  uint8_t packed[LK_PACKED_MAX];
  uint32_t port;
  bool remove = false;
  int count = 0, err;
  LK_THIS(3, argv, h);
  NAPI_CALL(env, napi_get_value_uint32(env, argv[1], &port));
  if (argc > 2)
    NAPI_CALL(env, napi_get_value_bool(env, argv[2], &remove));
  err = pack_addrs(env, argv[0], port, packed, sizeof(packed), &count);
  if (err == -1)
    return NULL;
  if (err == 0)
    err = lk_sock_bindx(h->fd, packed, count, !remove);
  return js_int(env, err);
}

/* connectx(addresses, port) -> 0 | -EINPROGRESS | -errno. Completion is
 * reported through onconnect(status). */
static napi_value m_connectx(napi_env env, napi_callback_info info) {
  uint8_t packed[LK_PACKED_MAX];
  uint32_t port;
  int count = 0, err;
  LK_THIS(2, argv, h);
  NAPI_CALL(env, napi_get_value_uint32(env, argv[1], &port));
  err = pack_addrs(env, argv[0], port, packed, sizeof(packed), &count);
  if (err == -1)
    return NULL;
  if (err == 0)
    err = lk_sock_connectx(h->fd, packed, count);
  if (err == -EINPROGRESS) {
    h->connecting = 1;
    update_poll(h);
  }
  return js_int(env, err);
}

static napi_value m_listen(napi_env env, napi_callback_info info) {
  int32_t backlog;
  int err;
  LK_THIS(1, argv, h);
  NAPI_CALL(env, napi_get_value_int32(env, argv[0], &backlog));
  err = lk_sock_listen(h->fd, backlog);
  if (err == 0) {
    h->listening = 1;
    update_poll(h);
  }
  return js_int(env, err);
}

static napi_value m_read_start(napi_env env, napi_callback_info info) {
  LK_THIS(0, argv, h);
  (void)argv;
  h->reading = 1;
  update_poll(h);
  return js_int(env, 0);
}

static napi_value m_read_stop(napi_env env, napi_callback_info info) {
  LK_THIS(0, argv, h);
  (void)argv;
  h->reading = 0;
  update_poll(h);
  return js_int(env, 0);
}

/* accept pause/resume for a listener (server.close stops accepting). */
static napi_value m_accept_stop(napi_env env, napi_callback_info info) {
  LK_THIS(0, argv, h);
  (void)argv;
  h->listening = 0;
  update_poll(h);
  return js_int(env, 0);
}

/* writev(buffers, meta, start) sends buffers[start..], with meta =
 * Uint32Array [sid, ppid, flags, ttl] per message sent (meta[0..3] for
 * buffers[start]). Returns the number of messages sent whole; fewer than
 * given means the send buffer is full and onwritable() follows when there
 * is room. A failure returns -errno (writeErrorIndex: which one, counted
 * from start). */
static napi_value m_writev(napi_env env, napi_callback_info info) {
  uint32_t total, start = 0, n, i;
  uint32_t *meta;
  size_t meta_len;
  napi_typedarray_type type;
  napi_value ab;
  size_t offset;
  LK_THIS(3, argv, h);

  NAPI_CALL(env, napi_get_array_length(env, argv[0], &total));
  NAPI_CALL(env, napi_get_typedarray_info(env, argv[1], &type, &meta_len,
                                          (void **)&meta, &ab, &offset));
  if (argc > 2)
    NAPI_CALL(env, napi_get_value_uint32(env, argv[2], &start));
  if (start > total)
    return js_int(env, -EINVAL);
  n = total - start;
  if (type != napi_uint32_array || meta_len < (size_t)n * 4)
    return js_int(env, -EINVAL);
  for (i = 0; i < n; i++) {
    napi_value b;
    void *data;
    size_t len;
    ssize_t sent;
    struct lk_send_info si = {.sid = (uint16_t)meta[i * 4 + 0],
                              .ppid = meta[i * 4 + 1],
                              .flags = meta[i * 4 + 2],
                              .ttl_ms = meta[i * 4 + 3]};
    NAPI_CALL(env, napi_get_element(env, argv[0], start + i, &b));
    NAPI_CALL(env, napi_get_buffer_info(env, b, &data, &len));
    sent = lk_sock_send(h->fd, data, len, &si);
    if (sent == -EAGAIN || sent == -EWOULDBLOCK) {
      h->want_write = 1;
      update_poll(h);
      break;
    }
    if (sent == -EPIPE || sent == -ESHUTDOWN) {
      /* Linux refuses a send on an association that is gone with EPIPE or
       * ESHUTDOWN; when the peer aborted it, the socket's pending error
       * says so (ECONNRESET, as a read would), like TCP's reset. */
      int soerr = lk_sock_error(h->fd);
      if (soerr < 0)
        sent = soerr;
    }
    if (sent < 0) {
      /* The messages before this one were sent: say which one failed. */
      napi_value self;
      NAPI_CALL(env, napi_get_cb_info(env, info, NULL, NULL, &self, NULL));
      NAPI_CALL(env, napi_set_named_property(env, self, "writeErrorIndex",
                                             js_int(env, i)));
      return js_int(env, sent);
    }
  }
  return js_int(env, i);
}

static napi_value m_shutdown(napi_env env, napi_callback_info info) {
  LK_THIS(0, argv, h);
  (void)argv;
  return js_int(env, lk_sock_shutdown(h->fd));
}

/* close([abort]): with abort, the association ends with an ABORT. */
static napi_value m_close(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  lk_handle *h;
  bool abort_ = false;
  if (get_this(env, info, &argc, argv, &h) == NULL)
    return NULL;
  if (h->closing)
    return js_int(env, 0);
  if (argc > 0)
    NAPI_CALL(env, napi_get_value_bool(env, argv[0], &abort_));
  if (abort_ && h->fd >= 0)
    lk_sock_set_abort_on_close(h->fd);
  start_closing(h);
  return js_int(env, 0);
}

static napi_value m_status(napi_env env, napi_callback_info info) {
  struct sctp_status st;
  napi_value obj, primary;
  int err;
  LK_THIS(0, argv, h);
  (void)argv;
  if ((err = lk_opt_get_status(h->fd, &st)) < 0)
    return js_int(env, err);
  NAPI_CALL(env, napi_create_object(env, &obj));
  primary = paddrinfo_to_js(env, &st.sstat_primary);
  if (primary == NULL)
    return NULL;
  if (set_int(env, obj, "assocId", st.sstat_assoc_id) < 0 ||
      set_str(env, obj, "state", sstat_state_name(st.sstat_state)) < 0 ||
      set_int(env, obj, "rwnd", st.sstat_rwnd) < 0 ||
      set_int(env, obj, "unackdata", st.sstat_unackdata) < 0 ||
      set_int(env, obj, "penddata", st.sstat_penddata) < 0 ||
      set_int(env, obj, "instrms", st.sstat_instrms) < 0 ||
      set_int(env, obj, "outstrms", st.sstat_outstrms) < 0 ||
      set_int(env, obj, "fragmentationPoint",
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
  if ((err = get_sockaddr(env, argv[0], port, &ss, &sslen)) == -1)
    return NULL;
  if (err < 0)
    return js_int(env, err);
  if ((err = lk_opt_get_peer_addr_info(h->fd, (struct sockaddr *)&ss, sslen,
                                       &pi)) < 0)
    return js_int(env, err);
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
  if ((err = get_sockaddr(env, argv[0], port, &ss, &sslen)) == -1)
    return NULL;
  if (err < 0)
    return js_int(env, err);
  err = peer ? lk_opt_set_peer_primary(h->fd, (struct sockaddr *)&ss, sslen)
             : lk_opt_set_primary(h->fd, (struct sockaddr *)&ss, sslen);
  return js_int(env, err);
}

/* addresses(peer) -> [{ address, port, family }] | -errno */
static napi_value m_addresses(napi_env env, napi_callback_info info) {
  uint8_t packed[LK_PACKED_MAX * 2];
  size_t used = 0, off = 0;
  bool peer;
  napi_value arr;
  int n, i = 0;
  LK_THIS(1, argv, h);
  NAPI_CALL(env, napi_get_value_bool(env, argv[0], &peer));
  n = lk_opt_get_addrs(h->fd, peer, packed, sizeof(packed), &used);
  if (n < 0)
    return js_int(env, n);
  NAPI_CALL(env, napi_create_array(env, &arr));
  for (;;) {
    struct sockaddr_storage ss;
    socklen_t sslen;
    napi_value v;
    int r = lk_addr_list_next(packed, used, &off, &ss, &sslen);
    if (r <= 0)
      break;
    v = sockaddr_to_js(env, (struct sockaddr *)&ss, sslen);
    if (v == NULL)
      return NULL;
    NAPI_CALL(env, napi_set_element(env, arr, (uint32_t)i++, v));
  }
  return arr;
}

/* primaryAddress() -> { address, port, family } | -errno */
static napi_value m_primary(napi_env env, napi_callback_info info) {
  struct sockaddr_storage ss;
  int err;
  LK_THIS(0, argv, h);
  (void)argv;
  if ((err = lk_opt_get_primary(h->fd, &ss)) < 0)
    return js_int(env, err);
  return sockaddr_to_js(env, (struct sockaddr *)&ss, sizeof(ss));
}

/* sockname() -> { address, port, family } | -errno */
static napi_value m_sockname(napi_env env, napi_callback_info info) {
  struct sockaddr_storage ss;
  socklen_t len = sizeof(ss);
  LK_THIS(0, argv, h);
  (void)argv;
  if (getsockname(h->fd, (struct sockaddr *)&ss, &len) < 0)
    return js_int(env, -errno);
  return sockaddr_to_js(env, (struct sockaddr *)&ss, len);
}

/* setSenderDryEvent(on): SCTP_SENDER_DRY_EVENT on or off (the JS layer
 * asks for it while 'notification' has listeners). 0 or -errno. */
static napi_value m_set_sender_dry_event(napi_env env,
                                         napi_callback_info info) {
  bool on;
  LK_THIS(1, argv, h);
  NAPI_CALL(env, napi_get_value_bool(env, argv[0], &on));
  return js_int(env, lk_opt_set_event(h->fd, SCTP_SENDER_DRY_EVENT, on));
}

static napi_value m_set_initmsg(napi_env env, napi_callback_info info) {
  uint32_t os, mis;
  LK_THIS(2, argv, h);
  NAPI_CALL(env, napi_get_value_uint32(env, argv[0], &os));
  NAPI_CALL(env, napi_get_value_uint32(env, argv[1], &mis));
  return js_int(env, lk_opt_set_initmsg(h->fd, (uint16_t)os, (uint16_t)mis));
}

static napi_value m_set_nodelay(napi_env env, napi_callback_info info) {
  bool on;
  LK_THIS(1, argv, h);
  NAPI_CALL(env, napi_get_value_bool(env, argv[0], &on));
  return js_int(env, lk_opt_set_nodelay(h->fd, on));
}

static napi_value m_get_nodelay(napi_env env, napi_callback_info info) {
  int on = 0, err;
  napi_value out;
  LK_THIS(0, argv, h);
  (void)argv;
  if ((err = lk_opt_get_nodelay(h->fd, &on)) < 0)
    return js_int(env, err);
  NAPI_CALL(env, napi_get_boolean(env, on != 0, &out));
  return out;
}

static napi_value m_set_delayed_sack(napi_env env, napi_callback_info info) {
  uint32_t delay, freq;
  LK_THIS(2, argv, h);
  NAPI_CALL(env, napi_get_value_uint32(env, argv[0], &delay));
  NAPI_CALL(env, napi_get_value_uint32(env, argv[1], &freq));
  return js_int(env, lk_opt_set_delayed_sack(h->fd, delay, freq));
}

static napi_value m_get_delayed_sack(napi_env env, napi_callback_info info) {
  uint32_t delay = 0, freq = 0;
  napi_value out;
  int err;
  LK_THIS(0, argv, h);
  (void)argv;
  if ((err = lk_opt_get_delayed_sack(h->fd, &delay, &freq)) < 0)
    return js_int(env, err);
  NAPI_CALL(env, napi_create_object(env, &out));
  if (set_int(env, out, "delay", delay) < 0 ||
      set_int(env, out, "freq", freq) < 0)
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
  if ((err = get_sockaddr(env, value, port, ss, sslen)) < 0)
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
    return js_int(env, err);
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
  return js_int(env, lk_opt_set_path_params(h->fd, sa, sslen, &pp, which));
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
    return js_int(env, err);
  NAPI_CALL(env, napi_create_object(env, &out));
  NAPI_CALL(env, napi_get_boolean(env, pp.hb_enabled, &hb));
  NAPI_CALL(env, napi_set_named_property(env, out, "heartbeat", hb));
  if (set_int(env, out, "heartbeatInterval", pp.hb_interval) < 0 ||
      set_int(env, out, "maxRetransmits", pp.max_retrans) < 0 ||
      set_int(env, out, "pfThreshold", pp.pf_threshold) < 0 ||
      set_int(env, out, "switchoverThreshold", pp.ps_threshold) < 0)
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
  return js_int(env, lk_opt_set_rto(h->fd, initial, min, max));
}

/* getRto() -> { initial, min, max } | -errno */
static napi_value m_get_rto(napi_env env, napi_callback_info info) {
  uint32_t initial, min, max;
  napi_value out;
  int err;
  LK_THIS(0, argv, h);
  (void)argv;
  if ((err = lk_opt_get_rto(h->fd, &initial, &min, &max)) < 0)
    return js_int(env, err);
  NAPI_CALL(env, napi_create_object(env, &out));
  if (set_int(env, out, "initial", initial) < 0 ||
      set_int(env, out, "min", min) < 0 || set_int(env, out, "max", max) < 0)
    return NULL;
  return out;
}

static napi_value m_set_assoc_max_retrans(napi_env env,
                                          napi_callback_info info) {
  uint32_t n;
  LK_THIS(1, argv, h);
  NAPI_CALL(env, napi_get_value_uint32(env, argv[0], &n));
  return js_int(env, lk_opt_set_assoc_max_retrans(h->fd, (uint16_t)n));
}

static napi_value m_get_assoc_max_retrans(napi_env env,
                                          napi_callback_info info) {
  uint16_t n = 0;
  int err;
  LK_THIS(0, argv, h);
  (void)argv;
  err = lk_opt_get_assoc_max_retrans(h->fd, &n);
  return js_int(env, err < 0 ? err : n);
}

static napi_value m_set_pf_expose(napi_env env, napi_callback_info info) {
  bool on;
  LK_THIS(1, argv, h);
  NAPI_CALL(env, napi_get_value_bool(env, argv[0], &on));
  return js_int(env, lk_opt_set_pf_expose(h->fd, on));
}

/* getPfExpose() -> true | false | null (never set) | -errno */
static napi_value m_get_pf_expose(napi_env env, napi_callback_info info) {
  int expose = -1, err;
  napi_value out;
  LK_THIS(0, argv, h);
  (void)argv;
  if ((err = lk_opt_get_pf_expose(h->fd, &expose)) < 0)
    return js_int(env, err);
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
  return js_int(env, lk_opt_set_buffer_size(h->fd, rcv ? SO_RCVBUF : SO_SNDBUF,
                                            bytes));
}

static napi_value m_get_buffer_size(napi_env env, napi_callback_info info) {
  bool rcv;
  int bytes = 0, err;
  LK_THIS(1, argv, h);
  NAPI_CALL(env, napi_get_value_bool(env, argv[0], &rcv));
  err = lk_opt_get_buffer_size(h->fd, rcv ? SO_RCVBUF : SO_SNDBUF, &bytes);
  return js_int(env, err < 0 ? err : bytes);
}

static napi_value m_ref(napi_env env, napi_callback_info info) {
  LK_THIS(0, argv, h);
  (void)argv;
  uv_ref((uv_handle_t *)&h->poll);
  return js_int(env, 0);
}

static napi_value m_unref(napi_env env, napi_callback_info info) {
  LK_THIS(0, argv, h);
  (void)argv;
  uv_unref((uv_handle_t *)&h->poll);
  return js_int(env, 0);
}

/* ---- module ----------------------------------------------------------- */

static void module_finalize(napi_env env, void *data, void *hint) {
  lk_module *m = data;
  (void)hint;
  if (m->handle_ctor != NULL)
    napi_delete_reference(env, m->handle_ctor);
  if (m->meta_ref != NULL)
    napi_delete_reference(env, m->meta_ref);
  if (m->pool_ref != NULL)
    napi_delete_reference(env, m->pool_ref);
  if (m->reserve_fd >= 0)
    close(m->reserve_fd);
  free(m);
}

#define METHOD(name, fn)                                                       \
  { name, NULL, fn, NULL, NULL, NULL, napi_default, NULL }

NAPI_MODULE_INIT() {
  lk_module *m = calloc(1, sizeof(*m));
  napi_value ctor;
  napi_property_descriptor methods[] = {
      METHOD("setCallbacks", m_set_callbacks),
      METHOD("bindx", m_bindx),
      METHOD("connectx", m_connectx),
      METHOD("listen", m_listen),
      METHOD("readStart", m_read_start),
      METHOD("readStop", m_read_stop),
      METHOD("acceptStop", m_accept_stop),
      METHOD("writev", m_writev),
      METHOD("shutdown", m_shutdown),
      METHOD("close", m_close),
      METHOD("status", m_status),
      METHOD("peerAddrInfo", m_peer_addr_info),
      METHOD("addresses", m_addresses),
      METHOD("primaryAddress", m_primary),
      METHOD("setPrimary", m_set_primary),
      METHOD("sockname", m_sockname),
      METHOD("setInitMsg", m_set_initmsg),
      METHOD("setSenderDryEvent", m_set_sender_dry_event),
      METHOD("setNoDelay", m_set_nodelay),
      METHOD("getNoDelay", m_get_nodelay),
      METHOD("setDelayedSack", m_set_delayed_sack),
      METHOD("getDelayedSack", m_get_delayed_sack),
      METHOD("setPathParams", m_set_path_params),
      METHOD("getPathParams", m_get_path_params),
      METHOD("setRto", m_set_rto),
      METHOD("getRto", m_get_rto),
      METHOD("setAssocMaxRetrans", m_set_assoc_max_retrans),
      METHOD("getAssocMaxRetrans", m_get_assoc_max_retrans),
      METHOD("setPfExpose", m_set_pf_expose),
      METHOD("getPfExpose", m_get_pf_expose),
      METHOD("setBufferSize", m_set_buffer_size),
      METHOD("getBufferSize", m_get_buffer_size),
      METHOD("ref", m_ref),
      METHOD("unref", m_unref),
  };

  if (m == NULL) {
    napi_throw_error(env, "ERR_LKSCTP_NAPI", "out of memory");
    return NULL;
  }
  m->reserve_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
  if (napi_define_class(env, "Handle", NAPI_AUTO_LENGTH, handle_new, m,
                        sizeof(methods) / sizeof(methods[0]), methods,
                        &ctor) != napi_ok ||
      napi_create_reference(env, ctor, 1, &m->handle_ctor) != napi_ok ||
      napi_set_instance_data(env, m, module_finalize, NULL) != napi_ok ||
      napi_set_named_property(env, exports, "Handle", ctor) != napi_ok) {
    lk_napi_throw_status(env, "module init", napi_generic_failure);
    return NULL;
  }
  return exports;
}
