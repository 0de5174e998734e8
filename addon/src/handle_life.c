/* The Handle's lifecycle: the constructor (a new socket, or an accepted
 * fd it adopts and owns on every path), close, the environment's
 * teardown, and the finalizer.
 *
 * Lifecycle (libuv's): the handle owns its fd and its uv_poll_t. close()
 * stops polling, closes the fd and starts closing the poll handle; the JS
 * callbacks are released and onclose called in the uv close callback; the
 * memory is freed by the wrap's finalizer once the JS object is collected.
 * While open, the JS object is pinned by a strong reference. At the
 * environment's teardown (process exit, a worker's end) an open handle is
 * closed the same way, without calling JS, and the environment waits for
 * its poll handle to close (an async cleanup hook). */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <unistd.h>

#include <node_api.h>
#include <uv.h>

#include "handle.h"
#include "napi_util.h"
#include "sock.h"
#include "sockopt.h"

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

void lk_start_closing(lk_handle *h) {
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
  lk_start_closing(h);
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

/* Undo a half-built handle (lk_handle_new): what was taken is released in
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
napi_value lk_handle_new(napi_env env, napi_callback_info info) {
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
  /* The accepted fd lk_new_handle_for_fd hands over: ours from here on. */
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
napi_value lk_new_handle_for_fd(napi_env env, lk_module *m, int fd,
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
