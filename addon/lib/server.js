'use strict'

// A listening SCTP endpoint (one-to-one style), shaped like net.Server.

const EventEmitter = require('node:events')
const errors = require('./errors')
const options = require('./options')
const { resolveAll, familyOf, forFamily, bindxOne } = require('./resolve')
const { listenArgs } = require('./args')
const { Handle } = require('./binding')
const { SctpSocket, applyEndpointOptions } = require('./socket')
const { applyPathOptions } = require('./paths')

class Server extends EventEmitter {
  constructor (opts, connectionListener) {
    super()
    if (typeof opts === 'function') {
      connectionListener = opts
      opts = undefined
    }
    this._opts = options.serverOptions(opts)
    if (connectionListener !== undefined) {
      if (typeof connectionListener !== 'function') {
        throw errors.invalidArgType('connectionListener', 'of type function', connectionListener)
      }
      this.on('connection', connectionListener)
    }
    this._handle = null // the listening handle; close() drops it at once
    this._name = null // address(): the listener's name as bound
    this._connections = new Set()
    this._unref = false
    this._listenId = 0 // a listen() that close() cancelled sees it changed
  }

  get listening () {
    return !!this._handle
  }

  listen (...args) {
    const [opts, callback] = listenArgs(args)
    const o = options.listenOptions(opts)
    if (callback !== undefined && typeof callback !== 'function') {
      throw errors.invalidArgType('callback', 'of type function', callback)
    }
    if (this._handle || this._listening) throw errors.serverAlreadyListening()
    // Listening again after close() is allowed, as in net.
    this._listening = true
    const id = ++this._listenId
    if (callback) this.once('listening', callback)
    if (o.signal) this._closeOnAbort(o.signal)
    this._listen(o, id).catch((err) => {
      if (id === this._listenId) this._fail(err)
    })
    return this
  }

  // net's listen({ signal }): an abort closes the server.
  _closeOnAbort (signal) {
    const onAbort = () => this.close()
    if (signal.aborted) {
      process.nextTick(onAbort)
      return
    }
    signal.addEventListener('abort', onAbort, { once: true })
    this.once('close', () => signal.removeEventListener('abort', onAbort))
  }

  _fail (err) {
    this._listening = false
    process.nextTick(() => this.emit('error', err))
  }

  async _listen (o, id) {
    let addrs
    let fallback = false
    if (o.addresses) {
      addrs = await resolveAll(o.addresses)
    } else {
      addrs = ['::'] // every address, both families, like net
      fallback = true
    }
    // An IPv6-only socket can have no IPv4 address: with ipv6Only, a
    // name's (or a list's) IPv4 addresses are left out.
    if (o.ipv6Only) {
      const v6 = addrs.filter((a) => options.isIP(a) === 6)
      if (v6.length > 0) addrs = v6
    }
    let family = familyOf(addrs)
    let handle = new Handle(family)
    if (fallback && handle.error < 0 && handle.fd === undefined) {
      addrs = ['0.0.0.0'] // a kernel without IPv6
      family = 4
      handle = new Handle(family)
    }
    if (handle.error < 0) {
      if (handle.fd !== undefined) handle.close()
      throw errors.systemError(handle.error, handle.fd === undefined ? handle.errorSyscall || 'socket' : 'setsockopt SCTP_EVENT')
    }
    const shown = addrs.join(',')
    let r
    if (o.ipv6Only && family === 6) { // net's: '::' takes no IPv4 peers
      r = handle.setV6Only(true)
      if (r < 0) {
        handle.close()
        throw errors.systemError(r, 'setsockopt IPV6_V6ONLY')
      }
    }
    r = handle.bindx(forFamily(addrs, family), o.port)
    if (r < 0) {
      handle.close()
      throw errors.systemError(r, 'listen', shown, o.port) // net's syscall for a bind that fails
    }
    const failures = []
    // The listener's own options: accepted associations inherit the
    // streams (INIT parameters) from it.
    if (this._opts.MIS || this._opts.OS) {
      r = handle.setInitMsg(this._opts.OS || 0, this._opts.MIS || 0)
      if (r < 0) failures.push(errors.systemError(r, 'setsockopt SCTP_INITMSG'))
    }
    if (this._opts.sctp.sack) {
      r = handle.setDelayedSack(this._opts.sctp.sack.delay, this._opts.sctp.sack.freq)
      if (r < 0) failures.push(errors.systemError(r, 'setsockopt SCTP_DELAYED_SACK'))
    }
    // Path and retransmission parameters: the endpoint's defaults, which
    // Linux gives every association it accepts.
    applyPathOptions(handle, this._opts.sctp, failures)
    // Set once here for every association: Linux copies them to each
    // accepted socket (SctpSocket._applyOptions leaves them alone there).
    applyEndpointOptions(handle, this._opts, this._opts.noDelay !== false, failures)
    if (failures.length) {
      handle.close()
      throw failures[0]
    }
    r = handle.listen(o.backlog)
    if (r < 0) {
      handle.close()
      throw errors.systemError(r, 'listen', shown, o.port)
    }
    if (id !== this._listenId) { // close() called while resolving
      handle.close()
      return
    }
    handle.owner = this
    handle.family = family
    handle.setCallbacks({ onconnection, onclose: onlistenerclose })
    this._handle = handle
    this._listening = false
    this._readName()
    if (this._unref) handle.unref()
    // Always asynchronous, as in net, even when nothing had to be resolved;
    // not after a close() in between (net's emitListeningNT).
    process.nextTick(() => {
      if (this._handle === handle) this.emit('listening')
    })
  }

  // The listener's name as bound, read when it starts listening and when
  // its addresses change: the kernel's getsockname() of a listener bound
  // to the wildcard address later names the address of the last
  // association it accepted, where net keeps answering '::'.
  _readName () {
    const name = this._handle.sockname()
    this._name = typeof name === 'object' ? name : null
  }

  address () {
    if (!this._handle || !this._name) return null
    return { ...this._name }
  }

  getLocalAddresses () {
    if (!this._handle) return []
    const list = this._handle.addresses(false)
    if (typeof list === 'number') throw errors.systemError(list, 'sctp_getladdrs')
    return list.map((a) => ({ family: a.family, address: a.address, port: a.port }))
  }

  // Bind one more local address to the listening endpoint, or remove one
  // (sctp_bindx); with ASCONF enabled, associations learn of it too.
  addLocalAddress (address) {
    this._bindx(address, false)
    return this
  }

  removeLocalAddress (address) {
    this._bindx(address, true)
    return this
  }

  _bindx (address, remove) {
    if (!this._handle) throw errors.serverNotRunning()
    bindxOne(this._handle, address, this.address().port, remove)
    this._readName()
  }

  getConnections (cb) {
    const n = this._connections.size
    if (cb) process.nextTick(cb, null, n)
    return this
  }

  // As in net: the server stops listening at once (its fd is closed now;
  // listen() may be called again); 'close' comes on the next tick, or once
  // every connection has ended. On a server that is not listening, 'close'
  // comes on the next tick and cb gets ERR_SERVER_NOT_RUNNING, each time.
  close (cb) {
    if (typeof cb === 'function') {
      if (!this._handle) {
        this.once('close', () => cb(errors.serverNotRunning()))
      } else {
        this.once('close', cb)
      }
    }
    this._listening = false
    this._listenId++ // a listen() still resolving names does not start
    const handle = this._handle
    if (handle) {
      this._handle = null
      this._name = null
      handle.acceptStop()
      handle.close()
    }
    this._emitCloseIfDrained()
    return this
  }

  // net's: decided now, emitted on the next tick (so a connection's
  // destroy() completes before the server's 'close', and a listen() right
  // after close() does not cancel it).
  _emitCloseIfDrained () {
    if (this._handle || this._connections.size > 0) return
    process.nextTick(() => this.emit('close'))
  }

  _connectionClosed (socket) {
    if (this._connections.delete(socket)) this._emitCloseIfDrained()
  }

  ref () {
    this._unref = false
    if (this._handle) this._handle.ref()
    return this
  }

  unref () {
    this._unref = true
    if (this._handle) this._handle.unref()
    return this
  }

  async [Symbol.asyncDispose] () {
    if (!this._handle) return
    await new Promise((resolve) => this.close(() => resolve()))
  }
}

function onconnection (handle, status) {
  const server = this.owner
  if (!server || server._handle !== this) {
    // Accepted while the server closes: nobody takes it, abort it.
    if (handle) handle.close(true)
    return
  }
  if (status < 0 || !handle) {
    // Accept failed (EMFILE and the like): the pending associations were
    // shed; the server keeps listening. Never an unhandled 'error'.
    const err = errors.systemError(status, 'accept')
    server.emit('drop', { error: err })
    if (server.listenerCount('error') > 0) server.emit('error', err)
    return
  }
  handle.family = server._handle.family
  // net's maxConnections: an association past it is closed at once, and
  // told as a 'drop' with its addresses.
  if (server.maxConnections != null && server._connections.size >= server.maxConnections) {
    const info = dropInfo(handle)
    handle.close()
    server.emit('drop', info)
    return
  }
  const socket = new SctpSocket(server._opts, handle, server)
  const failures = []
  if (handle.error < 0) failures.push(errors.systemError(handle.error, 'setsockopt SCTP_EVENT'))
  socket._applyOptions(failures, true)
  if (failures.length) {
    // Nobody holds this socket yet to hear its 'error': the association
    // is aborted and the error told as an accept failure is.
    socket._abort = true
    socket.destroy()
    server.emit('drop', { error: failures[0] })
    if (server.listenerCount('error') > 0) server.emit('error', failures[0])
    return
  }
  server._connections.add(socket)
  // net's pauseOnConnect: nothing is read, not even ahead, and a 'data'
  // listener does not start the flow, until resume().
  if (server._opts.pauseOnConnect) socket.pause()
  socket._established()
  server.emit('connection', socket)
}

// What net's 'drop' says of a connection closed for maxConnections.
function dropInfo (handle) {
  const info = {}
  const local = handle.sockname()
  if (typeof local === 'object') {
    info.localAddress = local.address
    info.localPort = local.port
    info.localFamily = local.family
  }
  const remote = handle.primaryAddress()
  if (typeof remote === 'object') {
    info.remoteAddress = remote.address
    info.remotePort = remote.port
    info.remoteFamily = remote.family
  }
  return info
}

// The listener's own (without it, its handle would call the sockets'
// onclose); close() has decided about 'close' already.
function onlistenerclose () {}

function createServer (opts, connectionListener) {
  return new Server(opts, connectionListener)
}

module.exports = { Server, createServer }
