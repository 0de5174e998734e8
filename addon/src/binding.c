/* Node-API glue: the Handle class that owns one SCTP socket and its libuv
 * poll (its status and socket options are methods of handle_opts.c),
 * and turns the results of sock.c / sockopt.c / notify.c into JS.
 *
 * Lifecycle (libuv's): the handle owns its fd and its uv_poll_t. close()
 * stops polling, closes the fd and starts closing the poll handle; the JS
 * callbacks are released and onclose called in the uv close callback; the
 * memory is freed by the wrap's finalizer once the JS object is collected.
 * While open, the JS object is pinned by a strong reference. At the
 * environment's teardown (process exit, a worker's end) an open handle is
 * closed the same way, without calling JS, and the environment waits for
 * its poll handle to close (an async cleanup hook). Reading into JS is
 * read.c's. */
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

static napi_value new_handle_for_fd(napi_env env, lk_module *m, int fd,
                                    int *err);

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
      /* The fd is the handle's from here (new_handle_for_fd closes it if
       * the constructor never ran). */
      int err;
      argv[0] = new_handle_for_fd(env, h->module, fd, &err);
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

static void on_uv_close(uv_handle_t *uvh) {
  lk_handle *h = uvh->data;
  napi_env env = h->env;
  napi_handle_scope scope;

  lk_rx_free(&h->rx);
  h->closed = 1;
  /* At teardown JS can no longer run: no onclose. */
  if (!h->teardown && napi_open_handle_scope(env, &scope) == napi_ok) {
    lk_call_js(h, CB_CLOSE, 0, NULL);
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
  /* Last: at teardown, removing the hook tells Node this handle is done,
   * and lets the environment (and then the wrap's finalizer) go. */
  if (h->cleanup != NULL) {
    napi_remove_async_cleanup_hook(h->cleanup);
    h->cleanup = NULL;
  }
}

static void start_closing(lk_handle *h) {
  if (h->closing)
    return;
  h->closing = 1;
  h->reading = h->listening = h->connecting = h->want_write = 0;
  /* As libuv does for streams: the fd goes at once (a listener stops
   * taking associations now, not one loop turn later); the poll handle
   * finishes closing in the callback. uv_close() stops the poll (one
   * epoll_ctl), and must come while the fd is still open: stopping it
   * first, then closing, made libuv's epoll_ctl of uv_close fail. */
  uv_close((uv_handle_t *)&h->poll, on_uv_close);
  close(h->fd);
  h->fd = -1;
}

/* At environment teardown (process exit, a worker's end or terminate())
 * with the handle still open, or closing: close it as close() would, and
 * hold the environment until the poll handle has closed (on_uv_close
 * removes the hook). An asynchronous hook, for Node runs the loop until
 * such hooks are done: a poll handle left in a worker's loop aborts the
 * process when the worker's loop is closed. */
static void on_env_cleanup(napi_async_cleanup_hook_handle hook, void *arg) {
  lk_handle *h = arg;
  (void)hook; /* the same as h->cleanup */
  h->teardown = 1;
  start_closing(h);
}

static void handle_finalize(napi_env env, void *data, void *hint) {
  lk_handle *h = data;
  (void)hint;
  /* The JS object is pinned while open and the environment is held while
   * closing, so the poll handle has closed by now. Were it not, libuv
   * would still use the memory: leave it. */
  if (!h->closed)
    return;
  if (h->self != NULL)
    napi_delete_reference(env, h->self);
  free(h);
}

/* Undo a half-built handle (handle_new): what was taken is released in
 * reverse order, the exception pending (if any) is kept. Before the poll
 * handle is initialised, so the memory can go at once; the fd is the
 * caller's to close. */
static void handle_unbuild(napi_env env, napi_value self, lk_handle *h,
                           bool wrapped) {
  napi_value exc = NULL;
  bool pending = false;
  if (napi_is_exception_pending(env, &pending) == napi_ok && pending)
    napi_get_and_clear_last_exception(env, &exc);
  if (h->cleanup != NULL)
    napi_remove_async_cleanup_hook(h->cleanup);
  if (h->self != NULL)
    napi_delete_reference(env, h->self);
  if (wrapped)
    napi_remove_wrap(env, self, NULL);
  if (h->async != NULL)
    napi_async_destroy(env, h->async);
  lk_rx_free(&h->rx);
  free(h);
  if (exc != NULL)
    napi_throw(env, exc);
}

/* The outcome of a constructor call for JS: handle.error (0 or a -errno),
 * and handle.errorSyscall when the socket could not be made a handle. */
static napi_status set_error(napi_env env, napi_value self, int err,
                             const char *syscall) {
  napi_status s = napi_set_named_property(env, self, "error",
                                          lk_js_int(env, err));
  napi_value name;
  if (s != napi_ok || syscall == NULL)
    return s;
  if ((s = napi_create_string_utf8(env, syscall, NAPI_AUTO_LENGTH, &name)) !=
      napi_ok)
    return s;
  return napi_set_named_property(env, self, "errorSyscall", name);
}

/* new Handle(family) opens a socket; new Handle(0, fd) adopts an accepted
 * one, and owns that fd from then on, whatever happens (closing it on
 * failure). Failure to open throws nothing: the JS layer reads
 * handle.error (a -errno; no handle.fd when there is no socket) so that it
 * can build a Node-style system error. Every fallible step comes before
 * the poll handle is initialised, the one step that cannot be undone
 * synchronously. */
static napi_value handle_new(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2], self, target, resource_name, key;
  int32_t family = 0, adopt = -1;
  lk_module *m;
  lk_handle *h;
  uv_loop_t *loop;
  bool wrapped = false;
  napi_status s;
  int fd, err;

  NAPI_CALL(env, napi_get_cb_info(env, info, &argc, argv, &self, (void **)&m));
  NAPI_CALL(env, napi_get_new_target(env, info, &target));
  if (target == NULL) {
    napi_throw_type_error(env, "ERR_CONSTRUCT_CALL_REQUIRED",
                          "Class constructor Handle cannot be invoked "
                          "without 'new'");
    return NULL;
  }
  if (argc > 1 && napi_get_value_int32(env, argv[1], &adopt) != napi_ok)
    adopt = -1;
  /* The accepted fd new_handle_for_fd hands over: ours from here on. */
  if (adopt >= 0 && adopt == m->adopting)
    m->adopting = -1;
  if (napi_get_value_int32(env, argv[0], &family) != napi_ok) {
    if (adopt >= 0)
      close(adopt);
    lk_napi_throw_status(env, "napi_get_value_int32", napi_number_expected);
    return NULL;
  }

  fd = adopt >= 0 ? adopt : lk_sock_open(family == 6 ? AF_INET6 : AF_INET);
  if (fd < 0) {
    NAPI_CALL(env, set_error(env, self, fd, NULL));
    return self;
  }
  h = calloc(1, sizeof(*h)); /* h->rx gets its buffer lent at each read */
  if (h == NULL) {
    close(fd);
    NAPI_CALL(env, set_error(env, self, -ENOMEM, NULL));
    return self;
  }
  h->env = env;
  h->module = m;
  h->fd = fd;
  lk_read_init(h);
  /* An accepted socket has its listener's subscriptions already: Linux
   * copies the socket's SCTP options on accept (sctp_copy_sock), and the
   * association took its event mask from the listener when it began.
   * Twelve setsockopt calls per accepted association saved. */
  err = adopt >= 0 ? 0 : lk_opt_subscribe_all(fd);
  if ((s = napi_create_string_utf8(env, "SCTPHANDLE", NAPI_AUTO_LENGTH,
                                   &resource_name)) != napi_ok ||
      (s = napi_async_init(env, self, resource_name, &h->async)) != napi_ok ||
      (s = napi_wrap(env, self, h, handle_finalize, NULL, NULL)) != napi_ok)
    goto unbuild;
  wrapped = true;
  if ((s = napi_create_reference(env, self, 1, &h->self)) != napi_ok ||
      (s = napi_add_async_cleanup_hook(env, on_env_cleanup, h,
                                       &h->cleanup)) != napi_ok ||
      (s = napi_create_string_utf8(env, "fd", NAPI_AUTO_LENGTH, &key)) !=
          napi_ok ||
      (s = napi_set_property(env, self, key, lk_js_int(env, fd))) != napi_ok ||
      (s = set_error(env, self, err, NULL)) != napi_ok ||
      (s = napi_get_uv_event_loop(env, &loop)) != napi_ok)
    goto unbuild;
  /* libuv checks the fd with epoll (ENOSPC past fs.epoll.max_user_watches,
   * ENOMEM); on failure nothing of it is left to close. */
  if ((err = uv_poll_init_socket(loop, &h->poll, fd)) < 0) {
    handle_unbuild(env, self, h, wrapped);
    close(fd);
    NAPI_CALL(env, napi_delete_property(env, self, key, NULL));
    NAPI_CALL(env, set_error(env, self, err, "epoll_ctl"));
    return self;
  }
  h->poll.data = h;
  return self;

unbuild:
  lk_napi_throw_status(env, "new Handle", s);
  handle_unbuild(env, self, h, wrapped);
  close(fd);
  return NULL;
}

/* A handle for an accepted fd, which the constructor owns: NULL with an
 * exception pending, or the handle; *err its error when it could not be
 * made (the fd is closed then). */
static napi_value new_handle_for_fd(napi_env env, lk_module *m, int fd,
                                    int *err) {
  napi_value ctor, argv[2], obj, v;
  int32_t e = 0;
  void *data;
  *err = 0;
  if (napi_get_reference_value(env, m->handle_ctor, &ctor) != napi_ok) {
    close(fd);
    return NULL;
  }
  argv[0] = lk_js_int(env, 0);
  argv[1] = lk_js_int(env, fd);
  /* The constructor takes the fd only if it runs: at a worker's teardown
   * (JS no longer runs, but the loop turns once more and a listener with
   * associations queued is readable) it does not, and the fd is still
   * ours to close. */
  m->adopting = fd;
  if (napi_new_instance(env, ctor, 2, argv, &obj) != napi_ok) {
    if (m->adopting == fd) {
      m->adopting = -1;
      close(fd);
      *err = -ECONNABORTED;
    }
    return NULL;
  }
  if (napi_unwrap(env, obj, &data) != napi_ok) {
    if (napi_get_named_property(env, obj, "error", &v) == napi_ok)
      napi_get_value_int32(env, v, &e);
    *err = e < 0 ? e : -ENOMEM;
    return NULL;
  }
  return obj;
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
  start_closing(h);
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
  if (napi_define_class(env, "Handle", NAPI_AUTO_LENGTH, handle_new, m,
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
