/* Reading into JS: drain a handle's socket in batches, copy small messages
 * into the module's pool (JS takes views of it), decode notifications, and
 * hand each batch to onread in one call. */

#include <errno.h>
#include <stdbool.h>
#include <string.h>

#include <node_api.h>

#include "handle.h"
#include "napi_util.h"
#include "notify_js.h"
#include "sock.h"

#define LK_READ_BATCH 64          /* messages per crossing into JS */
#define LK_READ_BUDGET (1u << 20) /* bytes per readiness callback */
#define LK_SINGLE_READS 16        /* see lk_do_read */
#define LK_META 6                 /* uint32 per item in onread's meta */
#define LK_POOL_SIZE (64u * 1024) /* see lk_module */
#define LK_POOL_MAX 4096          /* larger messages get their own buffer */

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

/* A new handle reads one message per readiness at first (see lk_do_read):
 * what an association's socket holds first is usually one message (a
 * request, or an accepted association's SCTP_COMM_UP), and a drain would
 * follow it with a recvmsg that finds nothing. */
void lk_read_init(lk_handle *h) {
  h->single_reads = LK_SINGLE_READS;
}

/* Drain up to a batch of messages and hand them to JS in one call:
 * onread(pool, meta, count, status, items) where meta holds
 * [sid, ppid, flags, kind, offset, length] per message; kind 0: a data
 * message at pool[offset..offset + length), kind 2: a data message in
 * items[i] (a Buffer), kind 1: a notification, items[i] is its
 * { raw, parsed, interpreted }; items is undefined when no message needed
 * it. status is 0, 1 (the peer shut down: end of data) or -errno. */
void lk_do_read(lk_handle *h) {
  napi_env env = h->env;
  lk_module *m = h->module;
  size_t budget = 0;
  /* Draining until EAGAIN costs one recvmsg that finds nothing, each time
   * when messages come one at a time (request/response). Once a drain has
   * found a single message, and the handle wrote since its previous read
   * (a reply is what it waits for), read one per readiness for a while: the
   * poll is level-triggered, so a message left in the queue wakes it again
   * at once. Every LK_SINGLE_READS readinesses a drain checks whether
   * messages now come in bursts. A new association starts in this mode
   * (lk_read_init). One-way traffic stays in drain mode: a receiver that
   * keeps up also finds one message at a time, and reading a packet's
   * bundle over several loop turns only keeps its queue full. */
  uint32_t limit = LK_READ_BATCH;
  int single = h->single_reads > 0;
  int wrote = h->wrote;
  h->wrote = 0;
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
      int r;
      lk_rx_lend(&h->rx, m->rx_buf, LK_RX_SHARED);
      r = lk_sock_recv(h->fd, &h->rx);
      if (r == LK_RX_AGAIN) {
        if (!single && count == 1 && wrote)
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
        if (napi_create_buffer_copy(env, h->rx.len, h->rx.buf, &data, &item) !=
            napi_ok)
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
      lk_call_js(h, CB_READ, 5, argv);
    }
    napi_close_handle_scope(env, scope);
    if (count < limit || budget >= LK_READ_BUDGET || single)
      break; /* drained, or fair share used: let the loop breathe */
  }
  lk_update_poll(h);
}
