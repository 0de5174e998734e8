'use strict'

// One SCTP association on a one-to-one socket, as a Duplex stream shaped
// like net.Socket. Each readable chunk is one whole message: a Buffer with
// `sid`, `ppid` (host byte order) and, when sent unordered, `unordered`.
// Each written Buffer is one message; its `sid`, `ppid`, `unordered` and
// `ttl` properties say how to send it.

const { Duplex, addAbortSignal } = require('node:stream')
const errors = require('./errors')
const options = require('./options')
const { resolveAll, familyOf, forFamily } = require('./resolve')
const { connectArgs } = require('./args')
const paths = require('./paths')
const refresh = require('./refresh')
const { addPaths } = require('./socket-paths')
const { Handle, setSocketCallbacks } = require('./binding')

const SCTP_UNORDERED = 1
// What onread's meta says each message is (binding.c, do_read).
const kind = { POOLED: 0, NOTIFICATION: 1, DATA: 2 }
const MAX_STREAMS = 65535

// [sid, ppid, flags, ttl] per message for Handle.writev(), which reads it
// synchronously: one array for every socket, grown when a batch needs it.
let sendMeta = new Uint32Array(64 * 4)

class SctpSocket extends Duplex {
  // opts: checked options (lib/options.js), shared by every association a
  // server accepts, so never written to. handle and server: an accepted
  // association's.
  constructor (opts = {}, handle = null, server = null) {
    super({
      allowHalfOpen: false, // SCTP has no half-closed association
      readableObjectMode: true, // one chunk = one message
      readableHighWaterMark: opts.readableHighWaterMark, // messages
      writableHighWaterMark: opts.highWaterMark, // bytes, as in net
      emitClose: false // 'close' comes after the fd is really closed
    })
    this._opts = opts
    this._handle = null
    this._server = server
    this._pendingWrite = null // { chunks, index, cb } waiting for room
    this._polling = 0 // the sctp.pollInterval this socket is refreshed at (lib/refresh.js)
    this._stale = false // a tick passed unwatched: the getters re-read first
    this._peerInfoStale = false // peer info never read since the association came up
    this._outStreams = opts.OS || MAX_STREAMS // what a sid is checked against
    this._streamsUnread = false // up, and its outbound streams not read yet
    this._closeCallback = null
    this._noDelay = opts.noDelay !== false // setNoDelay() before connect
    this.connecting = false
    this.bytesRead = 0
    this.bytesWritten = 0
    // What the address getters return (lib/socket-paths.js), made at the
    // first read: until then they return undefined and empty lists.
    this._addr = null
    this._peerInfo = {}
    this._peerInfoMain = null // _peerInfo in the main entry's shape (socket-paths.js)
    this._reading = false // the handle is reading (readStart)
    this._peerEnded = false // the peer's SHUTDOWN came: closing is graceful
    this._senderDry = false // SCTP_SENDER_DRY_EVENT subscribed
    // Sender dry comes each time the send queue empties: the kernel only
    // delivers it while 'notification' has a listener.
    this.on('newListener', onNewListener)
    this.on('removeListener', onRemoveListener)
    if (handle) this._attach(handle)
  }

  // As net, whose socket has no handle once destroyed.
  get pending () {
    return !this._handle || this.destroyed || this.connecting
  }

  get readyState () {
    if (this.connecting) return 'opening'
    if (this.readable && this.writable) return 'open'
    if (this.readable && !this.writable) return 'readOnly'
    if (!this.readable && this.writable) return 'writeOnly'
    return 'closed'
  }

  _attach (handle) {
    this._handle = handle
    handle.owner = this // the callbacks below find the socket by it
    this._setSenderDry(this.listenerCount('notification') > 0)
    // unref() called before the socket had a handle (connect() resolving).
    if (this._unref) handle.unref()
  }

  _setSenderDry (want) {
    if (want === this._senderDry || !this._handle || this.destroyed) return
    // A kernel without SCTP_EVENT keeps every notification on: no error.
    if (this._handle.setSenderDryEvent(want) === 0) this._senderDry = want
  }

  // Socket options of an association, for connect and for every accepted
  // association. An accepted socket (inherited) has its listener's
  // SCTP_NODELAY and buffer sizes already, which the server set once:
  // Linux copies them on accept (sctp_sock_migrate). It does not carry the
  // delayed-SACK setting over to the association, so that is applied to each.
  _applyOptions (syscallErrors, inherited = false) {
    const o = this._opts
    const h = this._handle
    if (!inherited) applyEndpointOptions(h, o, this._noDelay, syscallErrors)
    if (o.sctp && o.sctp.sack) {
      applied(syscallErrors, h.setDelayedSack(o.sctp.sack.delay, o.sctp.sack.freq), 'setsockopt SCTP_DELAYED_SACK')
    }
  }

  async _connect (o) {
    if (this.destroyed) return // an aborted signal, at once
    this.connecting = true
    let remote, local
    try {
      // As net: 'lookup' for each address a remote name gave (or its
      // error), before the association starts; none once destroyed.
      const onLookup = (err, address, family, host) => {
        if (!this.destroyed) this.emit('lookup', err, address, family, host)
      }
      const names = { lookup: o.lookup, family: o.family, hints: o.hints }
      remote = await resolveAll(o.remote, { ...names, onLookup })
      local = o.local ? await resolveAll(o.local, names) : null
    } catch (err) {
      this.destroy(err)
      return
    }
    if (this.destroyed) return
    const family = familyOf(local ? local.concat(remote) : remote)
    const handle = new Handle(family)
    if (handle.error < 0 && handle.fd === undefined) {
      this.destroy(errors.systemError(handle.error, handle.errorSyscall || 'socket'))
      return
    }
    handle.family = family
    this._attach(handle)
    if (handle.error < 0) {
      this.destroy(errors.systemError(handle.error, 'setsockopt SCTP_EVENT'))
      return
    }
    const failures = []
    this._applyOptions(failures)
    // Before connect: the endpoint's defaults, which the association takes.
    paths.applyPathOptions(handle, o.sctp, failures)
    if (o.MIS || o.OS) {
      const r = handle.setInitMsg(o.OS || 0, o.MIS || 0)
      if (r < 0) failures.push(errors.systemError(r, 'setsockopt SCTP_INITMSG'))
    }
    if (failures.length) {
      this.destroy(failures[0])
      return
    }
    if (local || o.localPort) {
      const addrs = local || [family === 6 ? '::' : '0.0.0.0']
      const r = handle.bindx(forFamily(addrs, family), o.localPort)
      if (r < 0) {
        this.destroy(errors.systemError(r, 'bind', addrs.join(','), o.localPort))
        return
      }
    }
    this._connectTarget = { address: remote.join(','), port: o.port }
    const r = handle.connectx(forFamily(remote, family), o.port)
    if (r === 0) process.nextTick(() => this._onConnect(0))
    else if (r !== -115 /* EINPROGRESS */) {
      const err = errors.systemError(r, 'connect', remote.join(','), o.port)
      process.nextTick(() => this.destroy(err))
    }
  }

  _onConnect (status) {
    if (this.destroyed) return
    this.connecting = false
    if (status < 0) {
      const t = this._connectTarget
      this.destroy(errors.systemError(status, 'connect', t.address, t.port))
      return
    }
    this._touch() // as net: setTimeout() counts from the connect
    this._established()
    this.emit('connect')
    this.emit('ready')
  }

  // The association is up: learn its streams and addresses now if
  // someone watches them (what 'address-change' compares with from now
  // on), join the periodic refresh, flush writes queued while connecting.
  // The peer info is read now for a socket whose 'peer-info-update' has a
  // listener, else when first asked for: system calls and an object per
  // path that a server of many associations nobody asks about does not pay
  // (addon/bench/measured/1-default-buffers.md, "Peer info read when asked
  // for").
  _established () {
    if (!this._opts.receiveBufferSize) raiseReceiveLimit(this._handle)
    if (this._watched()) {
      // The addresses 'address-change' compares with from now on.
      this._refreshAddresses(false) // and the outbound streams
    } else {
      // Read when first asked for, like after an unwatched tick: a server
      // of many associations nobody asks about pays no system call and no
      // string for them. A listener added later reads them first
      // (onNewListener); a write to a sid above 0 reads the streams.
      this._stale = true
      this._streamsUnread = true
    }
    if (this.listenerCount('peer-info-update') > 0) this._refreshPeerInfo()
    else this._peerInfoStale = true
    const interval = this._opts.sctp.pollInterval
    if (interval > 0) {
      this._polling = interval
      refresh.add(this, interval)
    }
    if (this._queued) {
      const q = this._queued
      this._queued = null
      this._send(q.chunks, 0, q.cb)
    }
    // Like net: read ahead up to highWaterMark even before anyone reads,
    // so that the peer's SHUTDOWN or ABORT is noticed.
    if (this._readWanted) this._startReading()
    else if (!this.isPaused()) this.read(0)
  }

  _liveHandle () {
    if (!this._handle || this.destroyed || this.connecting) throw errors.socketClosed()
    return this._handle
  }

  status () {
    if (!this._handle || this.destroyed) throw errors.socketClosed()
    const st = this._handle.status()
    if (typeof st === 'number') throw errors.systemError(st, 'getsockopt SCTP_STATUS')
    return st
  }

  setNoDelay (noDelay = true) {
    this._noDelay = !!noDelay
    if (this._handle && !this.destroyed) {
      const r = this._handle.setNoDelay(!!noDelay)
      if (r < 0) throw errors.systemError(r, 'setsockopt SCTP_NODELAY')
    }
    return this
  }

  // Not applicable to SCTP (heartbeats do this job); kept for net parity.
  setKeepAlive () { return this }
  // As net's (setStreamTimeout): msecs checked like a timer's duration
  // (a number, >= 0, finite; above 2^31-1 it is that, with a
  // TimeoutOverflowWarning), 0 turns it off and removes callback.
  setTimeout (msecs, callback) {
    if (this.destroyed) return this
    this.timeout = msecs
    msecs = options.timerDuration(msecs, 'msecs')
    if (callback !== undefined && typeof callback !== 'function') {
      throw errors.invalidArgType('callback', 'of type function', callback)
    }
    if (this._idleTimer) clearTimeout(this._idleTimer)
    this._idleTimer = null
    if (msecs === 0) {
      this._idleArm = null
      if (callback !== undefined) this.removeListener('timeout', callback)
      return this
    }
    if (callback !== undefined) this.once('timeout', callback)
    const arm = () => {
      this._idleTimer = setTimeout(() => this.emit('timeout'), msecs)
      this._idleTimer.unref()
    }
    this._idleArm = arm
    arm()
    return this
  }

  _touch () {
    if (this._idleArm) {
      clearTimeout(this._idleTimer)
      this._idleArm()
    }
  }

  address () {
    if (!this._handle || this.destroyed) return {}
    const name = this._handle.sockname()
    return typeof name === 'object' ? name : {}
  }

  ref () {
    if (this._handle && !this.destroyed) this._handle.ref()
    this._unref = false
    return this
  }

  unref () {
    if (this._handle && !this.destroyed) this._handle.unref()
    this._unref = true
    return this
  }

  // Override write to refuse a bad sid/ppid synchronously: the association
  // stays usable.
  write (chunk, encoding, cb) {
    if (chunk !== null && typeof chunk === 'object') {
      if (!(chunk instanceof Uint8Array)) {
        throw errors.invalidArgType('data', 'of type string or an instance of Buffer or Uint8Array', chunk)
      }
      const { sid, ppid } = chunk
      // The common case without a call; messageMeta() throws the errors
      // (a sid or ppid that is not a number is refused before any
      // conversion: a BigInt, a Symbol or an object could throw there).
      if (!((sid === undefined || (typeof sid === 'number' && sid >>> 0 === sid &&
              (sid === 0 || (sid < this._outStreams && !this._streamsUnread)))) &&
            (ppid === undefined || (typeof ppid === 'number' && ppid >>> 0 === ppid)))) {
        options.messageMeta(chunk, this._streamLimit())
      }
      const ttl = chunk.ttl
      if (ttl !== undefined) {
        if (typeof ttl !== 'number') throw errors.invalidArgType('data.ttl', 'of type number', ttl)
        if (!Number.isInteger(ttl) || ttl < 0 || ttl > 0xffffffff) {
          throw errors.outOfRange('data.ttl', 'an integer >= 0 and <= 4294967295 (milliseconds)', ttl)
        }
      }
      if (chunk.unordered !== undefined && typeof chunk.unordered !== 'boolean') {
        throw errors.invalidArgType('data.unordered', 'of type boolean', chunk.unordered)
      }
      // The stream turns a Uint8Array into a new Buffer over the same
      // memory, without the properties: make that Buffer here, with them.
      if (!Buffer.isBuffer(chunk)) chunk = asBuffer(chunk)
    }
    // As net's writeAfterFIN: once the peer ended and the socket ended in
    // turn ('end', then our end() as allowHalfOpen is false), a write is
    // EPIPE (and destroys the socket with it if it is not yet), rather
    // than write-after-end.
    if (this.writableEnded && this.readableEnded) return writeAfterFIN(this, encoding, cb)
    return super.write(chunk, encoding, cb)
  }

  // net's: the accepting server of an accepted socket, else null.
  get server () {
    return this._server
  }

  // net's (deprecated there for writableLength): bytes waiting to be sent,
  // while the socket has a handle.
  get bufferSize () {
    return this._handle && !this.destroyed ? this.writableLength : undefined
  }

  // end(data) sends data as write(data) does (Writable's end() would take
  // it past the checks above and lose a Uint8Array's properties).
  end (chunk, encoding, cb) {
    if (typeof chunk === 'function') {
      cb = chunk
      chunk = null
    } else if (typeof encoding === 'function') {
      cb = encoding
      encoding = undefined
    }
    if (chunk !== null && chunk !== undefined) this.write(chunk, encoding)
    return super.end(cb)
  }

  _write (chunk, encoding, cb) {
    this._writeChunks([chunk], cb)
  }

  _writev (entries, cb) {
    const chunks = new Array(entries.length)
    for (let i = 0; i < entries.length; i++) chunks[i] = entries[i].chunk
    this._writeChunks(chunks, cb)
  }

  _writeChunks (chunks, cb) {
    if (this.connecting || !this._handle) {
      this._queued = { chunks, cb }
      return
    }
    this._send(chunks, 0, cb)
  }

  // Send chunks[start..]. A write that went out whole completes on the next
  // tick (net's complete once libuv has written them): the writes made
  // meanwhile queue up in the stream and come down together to _writev, one
  // crossing into C for many messages.
  _send (chunks, start, cb) {
    if (this.destroyed) return cb(errors.socketClosed())
    const n = chunks.length - start
    if (sendMeta.length < n * 4) sendMeta = new Uint32Array(n * 8)
    const meta = sendMeta
    for (let i = 0; i < n; i++) {
      const c = chunks[start + i]
      const sid = c.sid
      if (sid > 0 && sid >= this._streamLimit()) {
        // Written before the association said how many streams it has.
        return cb(options.sidOutOfRange(sid, this._outStreams))
      }
      meta[i * 4] = sid || 0
      meta[i * 4 + 1] = c.ppid || 0
      meta[i * 4 + 2] = c.unordered ? SCTP_UNORDERED : 0
      meta[i * 4 + 3] = c.ttl || 0
    }
    const sent = this._handle.writev(chunks, meta, start)
    if (sent < 0) {
      const failed = this._handle.writeErrorIndex
      for (let i = 0; i < failed; i++) this.bytesWritten += chunks[start + i].length
      const err = errors.systemError(sent, 'write')
      if (err.code === 'EMSGSIZE') {
        err.message += ` (a message of ${chunks[start + failed].length} bytes does not fit in the send buffer; ` +
          'raise options.sendBufferSize, which net.core.wmem_max caps)'
      }
      return cb(err)
    }
    for (let i = 0; i < sent; i++) this.bytesWritten += chunks[start + i].length
    if (sent > 0) this._touch()
    if (sent === n) {
      // Over the high-water mark the writer waits for 'drain': nothing will
      // queue up behind this write, so complete it now.
      if (this.writableLength >= this.writableHighWaterMark) return cb()
      return process.nextTick(cb)
    }
    this._pendingWrite = { chunks, index: start + sent, cb }
  }

  // The outbound streams a sid is checked against: the association's once
  // read, the ones asked for (options.OS) while it is being set up.
  _streamLimit () {
    if (this._streamsUnread) this._freshen()
    return this._outStreams
  }

  _read () {
    this._readWanted = true
    if (this._handle && !this.connecting && !this.destroyed) this._startReading()
  }

  // The stream calls _read() after every push that leaves room: cross into
  // C only when the handle is not reading already.
  _startReading () {
    if (this._reading) return
    this._reading = true
    this._handle.readStart()
  }

  _final (cb) {
    if (this.connecting || !this._handle) {
      this.once('connect', () => this._final(cb))
      return
    }
    const r = this._handle.shutdown()
    if (r < 0 && r !== -107 /* ENOTCONN: already ended */) return cb(errors.systemError(r, 'shutdown'))
    cb()
  }

  _destroy (err, cb) {
    if (this._polling) refresh.remove(this, this._polling)
    if (this._idleTimer) clearTimeout(this._idleTimer)
    this._polling = 0
    this.connecting = false
    // As net: a write waiting for room in the send buffer completes
    // without an error (destroy() discards it; the stream's errored stays
    // null unless destroy() had an error), one queued while connecting
    // fails with ERR_SOCKET_CLOSED_BEFORE_CONNECTION.
    const pending = this._pendingWrite
    this._pendingWrite = null
    if (pending) pending.cb()
    if (this._queued) {
      const q = this._queued
      this._queued = null
      q.cb(errors.socketClosedBeforeConnection())
    }
    if (this._server) this._server._connectionClosed(this)
    // 'close' comes after the fd is closed, and after 'error' (which the
    // stream emits on the next tick), as in net.
    const done = () => {
      cb(err)
      process.nextTick(() => this.emit('close', !!err))
    }
    if (!this._handle) {
      done()
      return
    }
    this._closeCallback = done
    // The rule (README, "Closing"): destroy() aborts the association (an
    // ABORT chunk, SO_LINGER 0: the peer gets ECONNRESET) unless it is
    // being ended gracefully: end() was called (so end() then destroy(),
    // destroySoon() and the stream's own destroy after 'end' and 'finish'
    // stay graceful), or the peer ended it first. Destroys for an error (a
    // failed write, bad options on an accepted association) abort too:
    // the peer must not take a teardown for a clean end.
    const abort = this._abort || !(this.writableEnded || this._peerEnded)
    this._handle.close(abort)
  }

  destroySoon () {
    if (this.writable) this.end()
    if (this.writableFinished) this.destroy()
    else this.once('finish', () => this.destroy())
  }

  // Close with an ABORT chunk: the peer sees ECONNRESET. Unlike destroy(),
  // also after end().
  resetAndDestroy () {
    this._abort = true
    return this.destroy()
  }
}

// A native call's -errno, as a system error added to a list.
function applied (list, r, syscall) {
  if (typeof r === 'number' && r < 0) list.push(errors.systemError(r, syscall))
}

// SCTP_NODELAY and the buffer sizes: an association's at connect, a
// listener's once for every association it will accept.
function applyEndpointOptions (h, o, noDelay, syscallErrors) {
  applied(syscallErrors, h.setNoDelay(noDelay), 'setsockopt SCTP_NODELAY')
  if (o.receiveBufferSize) applied(syscallErrors, h.setBufferSize(true, o.receiveBufferSize), 'setsockopt SO_RCVBUF')
  if (o.sendBufferSize) applied(syscallErrors, h.setBufferSize(false, o.sendBufferSize), 'setsockopt SO_SNDBUF')
}

// A Buffer over a Uint8Array's memory, carrying its message properties.
function asBuffer (u8) {
  const b = Buffer.from(u8.buffer, u8.byteOffset, u8.byteLength)
  if (u8.sid !== undefined) b.sid = u8.sid
  if (u8.ppid !== undefined) b.ppid = u8.ppid
  if (u8.unordered !== undefined) b.unordered = u8.unordered
  if (u8.ttl !== undefined) b.ttl = u8.ttl
  return b
}

// 'newListener' comes before the listener is added, 'removeListener' after
// it is gone.
function onNewListener (event) {
  if (event === 'notification') this._setSenderDry(true)
  // The addresses it will compare with, if not read since the association
  // came up (_established).
  else if (event === 'address-change') this._freshen()
}

function onRemoveListener (event) {
  if (event === 'notification') this._setSenderDry(this.listenerCount('notification') > 0)
}

// Native callbacks: `this` is the Handle; every one starts with a guard.

// Every message of the batch reaches the stream whatever its listeners do:
// a 'data' or 'notification' listener that throws (push() and emit() run
// them synchronously) does not cost the messages after it, which the kernel
// has handed over already. The exception is rethrown once the batch is in
// (others after it on later ticks), so it still reaches
// 'uncaughtException', as an exception from net's onread would.
function onread (pool, meta, count, status, items) {
  const socket = this.owner
  if (!socket || socket.destroyed) return
  let wantMore = true
  let thrown = null
  let i = 0
  while (i < count) {
    try {
      for (; i < count; i++) {
        const k = i * 6
        const type = meta[k + 3]
        let item
        if (type === kind.POOLED) {
          item = Buffer.from(pool, meta[k + 4], meta[k + 5])
        } else if (type === kind.NOTIFICATION) {
          socket._onNotification(items[i])
          if (socket.destroyed) break
          continue
        } else {
          item = items[i]
        }
        item.sid = meta[k]
        item.ppid = meta[k + 1]
        if (meta[k + 2] & SCTP_UNORDERED) item.unordered = true
        socket.bytesRead += item.length
        wantMore = socket.push(item)
      }
    } catch (err) {
      i++ // that message was handed over; its listener threw
      if (thrown === null) thrown = [err]
      else thrown.push(err)
      wantMore = socket.readableLength < socket.readableHighWaterMark
    }
    if (socket.destroyed) break
  }
  if (!socket.destroyed) {
    if (count > 0) socket._touch()
    if (status === 1) {
      socket._peerEnded = true
      // As net's onStreamRead: read(0) emits 'end' now when nothing is
      // buffered, whether or not anyone reads (then 'close' follows).
      socket.push(null)
      socket.read(0)
    } else if (status < 0) {
      socket.destroy(errors.systemError(status, 'read'))
    } else if (!wantMore && socket._handle) {
      socket._readWanted = false
      socket._reading = false
      socket._handle.readStop()
    }
  }
  if (thrown !== null) {
    for (let j = 1; j < thrown.length; j++) process.nextTick(rethrow, thrown[j])
    throw thrown[0]
  }
}

// The kernel's default receive buffer (net.core.rmem_default, 212,992 on a
// stock kernel) is both the association's window (half of it, fixed when
// the association begins) and the limit of what may wait in the socket
// (read queue plus the backlog of packets that arrive while a system call
// holds the socket). A reader that keeps part of the window queued (it
// takes messages in batches, between turns of the event loop) leaves the
// backlog too little room: packets are dropped and recovered only by T3
// timeouts of a second or more. Once the association is up, asking for
// the current size again doubles the limit (Linux doubles SO_RCVBUF) and
// leaves the window as it is. Only when the kernel would grant it
// (net.core.rmem_max): a request above it would shrink the buffer.
// (addon/bench/measured/1-default-buffers.md: the 16 KiB default-mode
// figures before and after.)
let rmemMax
function raiseReceiveLimit (handle) {
  if (rmemMax === undefined) {
    try {
      rmemMax = Number(require('node:fs').readFileSync('/proc/sys/net/core/rmem_max', 'utf8'))
    } catch {
      rmemMax = 0
    }
  }
  const cur = handle.getBufferSize(true)
  if (typeof cur === 'number' && cur > 0 && cur <= rmemMax) handle.setBufferSize(true, cur)
}

function rethrow (err) {
  throw err
}

function onconnect (status) {
  const socket = this.owner
  if (!socket || socket.destroyed) return
  socket._onConnect(status)
}

function onwritable () {
  const socket = this.owner
  if (!socket || socket.destroyed || !socket._pendingWrite) return
  const { chunks, index, cb } = socket._pendingWrite
  socket._pendingWrite = null
  socket._send(chunks, index, cb)
}

function onclose () {
  const socket = this.owner
  if (!socket) return
  this.owner = null
  const cb = socket._closeCallback
  socket._closeCallback = null
  if (cb) cb()
}

function writeAfterFIN (socket, encoding, cb) {
  if (typeof encoding === 'function') cb = encoding
  const er = new Error('This socket has been ended by the other party')
  er.code = 'EPIPE'
  if (typeof cb === 'function') process.nextTick(cb, er)
  socket.destroy(er)
  return false
}

function connect (...args) {
  const [opts, listener] = connectArgs(args)
  const o = options.connectOptions(opts)
  if (listener !== undefined && typeof listener !== 'function') {
    throw errors.invalidArgType('connectListener', 'of type function', listener)
  }
  const socket = new SctpSocket(o)
  if (o.timeout) socket.setTimeout(o.timeout) // net's options.timeout
  // net's: an abort destroys the socket with an AbortError, at any time.
  if (o.signal) addAbortSignal(o.signal, socket)
  if (listener) socket.once('connect', listener)
  socket._connect(o)
  return socket
}

addPaths(SctpSocket)
// Every association's handle calls these (a listener's has its own).
setSocketCallbacks({ onread, onconnect, onwritable, onclose })

module.exports = { SctpSocket, connect, applyEndpointOptions }
