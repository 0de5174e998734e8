/* The Handle class's shared parts: the state of one SCTP socket (owned by
 * binding.c: its lifecycle, polling, reads and writes) and what the other
 * binding files need to define methods on it (handle_opts.c: status,
 * addresses and socket options). */
#ifndef LKSCTP_HANDLE_H
#define LKSCTP_HANDLE_H

#include <errno.h>
#include <stddef.h>

#include <node_api.h>
#include <uv.h>

#include "napi_util.h"
#include "sock.h"

/* Addresses in one list passed to or read from the kernel. */
#define LK_MAX_ADDRS 64
#define LK_PACKED_MAX (LK_MAX_ADDRS * sizeof(struct sockaddr_in6))

enum { CB_READ, CB_CONNECTION, CB_CONNECT, CB_WRITABLE, CB_CLOSE, CB_COUNT };

typedef struct lk_module {
  napi_ref handle_ctor;
  /* The callbacks of every association's handle (setSocketCallbacks(),
   * once): the same functions for all, so no references of their own. A
   * handle's own (setCallbacks(), a listener's) come first. */
  napi_ref cb[CB_COUNT];
  int reserve_fd; /* kept open to shed connections on EMFILE (libuv) */
  int adopting;   /* an accepted fd the constructor has not taken yet, or -1 */
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
  /* The receive buffer lent to every handle's lk_rx for each read (one
   * message is consumed before the next read): 64 KiB once, not per
   * association. */
  uint8_t *rx_buf;
} lk_module;

#define LK_RX_SHARED (64u * 1024) /* size of lk_module.rx_buf */

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
  int teardown; /* closed by the environment's teardown: no JS */
  napi_async_cleanup_hook_handle cleanup; /* until the poll has closed */
  int eof;
  int poll_events; /* what the poll handle was last started with */
  int single_reads; /* > 0: read one message per readiness (read.c) */
  int wrote;        /* sent a message since the last read (read.c) */
  struct lk_rx rx;
} lk_handle;

napi_value lk_get_this(napi_env env, napi_callback_info info, size_t *argc,
                       napi_value *argv, lk_handle **out);

/* binding.c: call one of the handle's JS callbacks (CB_*) from the event
 * loop; start, change or stop its poll to match what it waits for. */
int lk_call_js(lk_handle *h, int which, size_t argc, napi_value *argv);
void lk_update_poll(lk_handle *h);

/* handle_life.c: the Handle constructor (new Handle(family), or
 * new Handle(0, fd) adopting an accepted fd); a handle for an accepted fd,
 * NULL with *err (the fd closed) when it cannot be made; the start of
 * close(), whose end is the uv close callback. */
napi_value lk_handle_new(napi_env env, napi_callback_info info);
napi_value lk_new_handle_for_fd(napi_env env, lk_module *m, int fd, int *err);
void lk_start_closing(lk_handle *h);

/* read.c: read what the socket has for JS, a batch per onread call;
 * lk_read_init sets a new handle's read state. */
void lk_read_init(lk_handle *h);
void lk_do_read(lk_handle *h);

/* Methods on a closed handle fail with EBADF, as a closed fd would. */
#define LK_THIS(argc_, argv_, h_)                                              \
  size_t argc = (argc_);                                                       \
  napi_value argv_[(argc_) > 0 ? (argc_) : 1];                                 \
  lk_handle *h_ = NULL;                                                        \
  if (lk_get_this(env, info, &argc, argv_, &h_) == NULL)                       \
    return NULL;                                                               \
  if (h_ == NULL || h_->fd < 0 || h_->closing)                                 \
    return lk_js_int(env, -EBADF);

#define LK_METHOD(name, fn)                                                    \
  { name, NULL, fn, NULL, NULL, NULL, napi_default, NULL }

/* The methods of handle_opts.c, added to the class by binding.c. */
extern const napi_property_descriptor lk_handle_opt_methods[];
extern const size_t lk_handle_opt_method_count;

#endif
