/* Node-API glue: the Handle class that owns one SCTP socket and its libuv
 * poll (its status and socket options are methods of handle_opts.c),
 * and turns the results of sock.c / sockopt.c / notify.c into JS.
 *
 * The handle's lifecycle (constructor, close, teardown) is handle_life.c's;
 * reading into JS is read.c's. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <node_api.h>
#include <uv.h>

#include "addr.h"
#include "handle.h"
#include "napi_util.h"
#include "notify_js.h"
#include "sock.h"
#include "sockopt.h"

#define LK_ACCEPT_BATCH 32

static const char *const cb_names[CB_COUNT] = {
    "onread", "onconnection", "onconnect", "onwritable", "onclose"};

/* ---- handle plumbing -------------------------------------------------- */

napi_value lk_get_this(napi_env env, napi_callback_info info, size_t *argc,
                       napi_value *argv, lk_handle **out) {
  napi_value self;
  void *data = NULL;
  NAPI_CALL(env, napi_get_cb_info(env, info, argc, argv, &self, NULL));
  /* An object the constructor could not make a handle of has no socket:
   * *out is NULL, and methods answer EBADF as on a closed one. */
  if (napi_unwrap(env, self, &data) != napi_ok)
    data = NULL;
  *out = data;
  return self;
}

/* Call a JS callback from the event loop, with async context; an exception
 * it throws goes to 'uncaughtException' like any other. */
int lk_call_js(lk_handle *h, int which, size_t argc, napi_value *argv) {
  napi_env env = h->env;
  napi_value fn, recv, result;
  napi_status status;
  napi_ref cb = h->cb[which] != NULL ? h->cb[which] : h->module->cb[which];

  if (cb == NULL)
    return 0;
  NAPI_CALL_INT(env, napi_get_reference_value(env, cb, &fn));
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

void lk_update_poll(lk_handle *h) {
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
    if (napi_open_handle_scope(env, &scope) != napi_ok) {
      if (fd >= 0)
        close(fd);
      return;
    }
    if (fd >= 0) {
      /* The fd is the handle's from here (lk_new_handle_for_fd closes it
       * if the constructor never ran). */
      int err;
      argv[0] = lk_new_handle_for_fd(env, h->module, fd, &err);
      if (argv[0] == NULL) {
        bool pending = false;
        napi_value exc;
        napi_is_exception_pending(env, &pending);
        if (pending)
          napi_get_and_clear_last_exception(env, &exc);
        if (err == -ECONNABORTED) {
          /* JS does not run (teardown): accept nothing more; the
           * listener's close aborts what is still queued. */
          napi_close_handle_scope(env, scope);
          break;
        }
        napi_get_null(env, &argv[0]);
        argv[1] = lk_js_int(env, err < 0 ? err : -ENOMEM);
      } else {
        argv[1] = lk_js_int(env, 0);
      }
      lk_call_js(h, CB_CONNECTION, 2, argv);
      napi_close_handle_scope(env, scope);
      continue;
    }
    /* EMFILE/ENFILE/ENOBUFS/ENOMEM: shed what is pending, report once. */
    if (fd == -EMFILE || fd == -ENFILE)
      shed_connections(h);
    napi_get_null(env, &argv[0]);
    argv[1] = lk_js_int(env, fd);
    lk_call_js(h, CB_CONNECTION, 2, argv);
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
     * socket's SO_ERROR says what really happened (ECONNREFUSED, ...).
     * Writable without POLLERR means the association is up: SO_ERROR is
     * not asked then, for it also returns the soft error an ICMP left
     * while INIT was pending on another path (EHOSTUNREACH when ARP for
     * one peer address failed), which did not stop the association. */
    int err = 0;
    if (status < 0) {
      err = lk_sock_error(h->fd);
      if (err == 0)
        err = status;
    }
    h->connecting = 0;
    /* The poll changes once, after JS has said what it waits for now
     * (it starts reading at once): writable to readable in one epoll_ctl,
     * not a stop and a start. */
    if (napi_open_handle_scope(env, &scope) == napi_ok) {
      argv[0] = lk_js_int(env, err);
      lk_call_js(h, CB_CONNECT, 1, argv);
      napi_close_handle_scope(env, scope);
    }
    lk_update_poll(h);
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
    lk_update_poll(h);
    if (napi_open_handle_scope(env, &scope) != napi_ok)
      return;
    lk_call_js(h, CB_WRITABLE, 0, NULL);
    napi_close_handle_scope(env, scope);
    if (h->closing)
      return;
  }
  if ((events & (UV_READABLE | UV_DISCONNECT)) && h->reading)
    lk_do_read(h);
}

/* ---- methods ---------------------------------------------------------- */

/* The callbacks named in obj (cb_names) into refs, replacing those there. */
static napi_status set_callbacks(napi_env env, napi_value obj, napi_ref *refs) {
  for (int i = 0; i < CB_COUNT; i++) {
    napi_value fn;
    napi_valuetype t;
    napi_status s;
    if ((s = napi_get_named_property(env, obj, cb_names[i], &fn)) != napi_ok ||
        (s = napi_typeof(env, fn, &t)) != napi_ok)
      return s;
    if (refs[i] != NULL) {
      if ((s = napi_delete_reference(env, refs[i])) != napi_ok)
        return s;
      refs[i] = NULL;
    }
    if (t == napi_function &&
        (s = napi_create_reference(env, fn, 1, &refs[i])) != napi_ok)
      return s;
  }
  return napi_ok;
}

/* handle.setCallbacks({ onconnection, onclose, ... }): this handle's own. */
static napi_value m_set_callbacks(napi_env env, napi_callback_info info) {
  LK_THIS(1, argv, h);
  NAPI_CALL(env, set_callbacks(env, argv[0], h->cb));
  return lk_js_int(env, 0);
}

/* setSocketCallbacks({ onread, onconnect, onwritable, onclose }): those of
 * every handle without its own, set once by lib/socket.js. An
 * association's handle used to take four references of its own: their
 * memory and their time, per association, at 1,000 or 10,000 of them. */
static napi_value set_socket_callbacks(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  lk_module *m;
  NAPI_CALL(env, napi_get_cb_info(env, info, &argc, argv, NULL, (void **)&m));
  if (argc < 1) {
    napi_throw_type_error(env, "ERR_INVALID_ARG_TYPE", "callbacks required");
    return NULL;
  }
  NAPI_CALL(env, set_callbacks(env, argv[0], m->cb));
  return lk_js_int(env, 0);
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
    if ((err = lk_get_sockaddr(env, v, port, &ss, &sslen)) < 0)
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
  return lk_js_int(env, err);
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
    lk_update_poll(h);
  }
  return lk_js_int(env, err);
}

static napi_value m_listen(napi_env env, napi_callback_info info) {
  int32_t backlog;
  int err;
  LK_THIS(1, argv, h);
  NAPI_CALL(env, napi_get_value_int32(env, argv[0], &backlog));
  err = lk_sock_listen(h->fd, backlog);
  if (err == 0) {
    h->listening = 1;
    lk_update_poll(h);
  }
  return lk_js_int(env, err);
}

static napi_value m_read_start(napi_env env, napi_callback_info info) {
  LK_THIS(0, argv, h);
  (void)argv;
  h->reading = 1;
  lk_update_poll(h);
  return lk_js_int(env, 0);
}

static napi_value m_read_stop(napi_env env, napi_callback_info info) {
  LK_THIS(0, argv, h);
  (void)argv;
  h->reading = 0;
  lk_update_poll(h);
  return lk_js_int(env, 0);
}

/* accept pause/resume for a listener (server.close stops accepting). */
static napi_value m_accept_stop(napi_env env, napi_callback_info info) {
  LK_THIS(0, argv, h);
  (void)argv;
  h->listening = 0;
  lk_update_poll(h);
  return lk_js_int(env, 0);
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
    return lk_js_int(env, -EINVAL);
  n = total - start;
  if (type != napi_uint32_array || meta_len < (size_t)n * 4)
    return lk_js_int(env, -EINVAL);
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
      lk_update_poll(h);
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
                                             lk_js_int(env, i)));
      return lk_js_int(env, sent);
    }
    h->wrote = 1;
  }
  return lk_js_int(env, i);
}

static napi_value m_shutdown(napi_env env, napi_callback_info info) {
  LK_THIS(0, argv, h);
  (void)argv;
  return lk_js_int(env, lk_sock_shutdown(h->fd));
}

/* close([abort]): with abort, the association ends with an ABORT. */
static napi_value m_close(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  lk_handle *h;
  bool abort_ = false;
  if (lk_get_this(env, info, &argc, argv, &h) == NULL)
    return NULL;
  if (h == NULL || h->closing)
    return lk_js_int(env, 0);
  if (argc > 0)
    NAPI_CALL(env, napi_get_value_bool(env, argv[0], &abort_));
  if (abort_ && h->fd >= 0)
    lk_sock_set_abort_on_close(h->fd);
  lk_start_closing(h);
  return lk_js_int(env, 0);
}

static napi_value m_ref(napi_env env, napi_callback_info info) {
  LK_THIS(0, argv, h);
  (void)argv;
  uv_ref((uv_handle_t *)&h->poll);
  return lk_js_int(env, 0);
}

static napi_value m_unref(napi_env env, napi_callback_info info) {
  LK_THIS(0, argv, h);
  (void)argv;
  uv_unref((uv_handle_t *)&h->poll);
  return lk_js_int(env, 0);
}

/* ---- module ----------------------------------------------------------- */

static void module_finalize(napi_env env, void *data, void *hint) {
  lk_module *m = data;
  (void)hint;
  if (m->handle_ctor != NULL)
    napi_delete_reference(env, m->handle_ctor);
  for (int i = 0; i < CB_COUNT; i++)
    if (m->cb[i] != NULL)
      napi_delete_reference(env, m->cb[i]);
  if (m->meta_ref != NULL)
    napi_delete_reference(env, m->meta_ref);
  if (m->pool_ref != NULL)
    napi_delete_reference(env, m->pool_ref);
  if (m->reserve_fd >= 0)
    close(m->reserve_fd);
  free(m->rx_buf);
  free(m);
}

NAPI_MODULE_INIT() {
  lk_module *m = calloc(1, sizeof(*m));
  napi_value ctor, fn;
  napi_property_descriptor methods[] = {
      LK_METHOD("setCallbacks", m_set_callbacks),
      LK_METHOD("bindx", m_bindx),
      LK_METHOD("connectx", m_connectx),
      LK_METHOD("listen", m_listen),
      LK_METHOD("readStart", m_read_start),
      LK_METHOD("readStop", m_read_stop),
      LK_METHOD("acceptStop", m_accept_stop),
      LK_METHOD("writev", m_writev),
      LK_METHOD("shutdown", m_shutdown),
      LK_METHOD("close", m_close),
      LK_METHOD("ref", m_ref),
      LK_METHOD("unref", m_unref),
  };
  enum { NCORE = sizeof(methods) / sizeof(methods[0]) };
  napi_property_descriptor *all;

  if (m == NULL)
    goto nomem;
  /* The class: these methods and those of handle_opts.c. */
  all = calloc(NCORE + lk_handle_opt_method_count, sizeof(*all));
  if (all == NULL) {
    free(m);
    goto nomem;
  }
  m->rx_buf = malloc(LK_RX_SHARED);
  if (m->rx_buf == NULL) {
    free(all);
    free(m);
    goto nomem;
  }
  memcpy(all, methods, sizeof(methods));
  memcpy(all + NCORE, lk_handle_opt_methods,
         lk_handle_opt_method_count * sizeof(*all));
  m->reserve_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
  m->adopting = -1;
  if (napi_define_class(env, "Handle", NAPI_AUTO_LENGTH, lk_handle_new, m,
                        NCORE + lk_handle_opt_method_count, all,
                        &ctor) != napi_ok ||
      napi_create_reference(env, ctor, 1, &m->handle_ctor) != napi_ok ||
      napi_set_instance_data(env, m, module_finalize, NULL) != napi_ok ||
      napi_set_named_property(env, exports, "Handle", ctor) != napi_ok ||
      napi_create_function(env, "setSocketCallbacks", NAPI_AUTO_LENGTH,
                           set_socket_callbacks, m, &fn) != napi_ok ||
      napi_set_named_property(env, exports, "setSocketCallbacks", fn) != napi_ok) {
    free(all);
    lk_napi_throw_status(env, "module init", napi_generic_failure);
    return NULL;
  }
  free(all);
  return exports;
nomem:
  napi_throw_error(env, "ERR_LKSCTP_NAPI", "out of memory");
  return NULL;
}
