'use strict'

// Observation under the testbed (testbed/README.md, "Your own program"):
// when the scenario runner starts a program with LKSCTP_TESTBED_FD set,
// every server and association of this package reports what happens to it
// on that fd, one JSON object per line, in the same reports as the
// testbed's own agent: listening, connection, connect, ready, end, close,
// error, timeout, notification, address-change, peer-info, and `traffic` (messages
// and bytes each way per stream and PPID). index.js installs it only then:
// outside the testbed the package costs one environment lookup.
//
// Nothing here changes what the program sees: events are watched by
// wrapping emit (no 'error' or 'data' listener is added, so an unhandled
// error still throws and a paused socket stays paused); messages are
// counted as the socket pushes them to its reader and as its writer takes
// them (the class's push, _write and _writev, wrapped). The only addition is a no-op 'address-change' and 'peer-info-update'
// listener, so that paths and addresses are re-read at the socket's
// pollInterval as they are for a listening program.

const fs = require('node:fs')

const TRAFFIC_MS = 100
// One state per process, shared by every copy of this file: a program may
// load the package through two paths (a symlinked node_modules: Node does
// not resolve "exports" subpaths to their real path), and its
// associations and its own reports must go out on the one fd, numbered
// once.
const KEY = Symbol.for('lksctp.testbed.observe')
const state = process[KEY] || (process[KEY] = {
  out: -1,
  nextAssoc: 1,
  live: new Set(), // watches with counts not yet reported, flushed at exit
  watches: new WeakMap(),
  exitHook: false
})

function now () {
  return Number(process.hrtime.bigint()) / 1e6
}

// One report; a broken pipe (the runner gone) ends observation quietly. A
// report that cannot be put in JSON (a value the program handed over: a
// bigint, a cycle) is left out alone; the ones after it still go.
function report (ev, fields) {
  if (state.out < 0) return
  let line
  try {
    line = JSON.stringify({ t: now(), ev, ...fields }) + '\n'
  } catch {
    return
  }
  try {
    fs.writeSync(state.out, line)
  } catch {
    state.out = -1
  }
}

function fieldsOf (sock) {
  return {
    localAddresses: sock.localAddresses,
    remoteAddresses: sock.remoteAddresses,
    localAddress: sock.localAddress,
    remoteAddress: sock.remoteAddress,
    localPort: sock.localPort,
    remotePort: sock.remotePort
  }
}

// The main entry's methods and shapes, also for lksctp/compat's sockets,
// whose status(), peerInfoByAddress and 'notification' are node-lksctp's.
let Base = null

function streamsOf (sock) {
  try {
    const st = (Base ? Base.prototype.status : sock.status).call(sock)
    return { outboundStreams: st.outstrms, inboundStreams: st.instrms }
  } catch {
    return {}
  }
}

function pathsOf (sock) {
  const paths = {}
  const shown = sock.peerInfoByAddress // read (and refreshed) as the program would
  for (const [address, info] of Object.entries(sock._peerInfoMain || shown || {})) {
    paths[address] = info ? { state: info.state, cwnd: info.cwnd, srtt: info.srtt, rto: info.rto, mtu: info.mtu } : null
  }
  return paths
}

// Per association: its number, and its messages counted by direction,
// stream and PPID ("sid/ppid" -> {count, bytes}), reported when they
// changed, at most every TRAFFIC_MS.  A socket is watched from its first
// message (one written before the association is up counts too); it gets
// its number when it comes up, and its counts are reported from then on.
class Watch {
  constructor (sock) {
    this.assoc = 0
    this.sock = sock
    this.rx = new Map()
    this.tx = new Map()
    this.dirty = false
    this.timer = null
    this.lastPaths = ''
  }

  count (dir, sid, ppid, bytes) {
    const key = `${sid || 0}/${ppid || 0}`
    const m = dir === 'rx' ? this.rx : this.tx
    const c = m.get(key)
    if (c) {
      c.count++
      c.bytes += bytes
    } else {
      m.set(key, { count: 1, bytes })
    }
    this.dirty = true
    this.schedule()
  }

  schedule () {
    if (this.timer || !this.assoc || !this.dirty) return
    state.live.add(this)
    this.timer = setTimeout(() => this.flush(), TRAFFIC_MS)
    this.timer.unref()
  }

  flush () {
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    state.live.delete(this)
    if (!this.dirty || !this.assoc) return
    this.dirty = false
    report('traffic', { assoc: this.assoc, rx: Object.fromEntries(this.rx), tx: Object.fromEntries(this.tx) })
  }

  paths (always) {
    const paths = pathsOf(this.sock)
    const key = JSON.stringify([this.sock.remoteAddress, Object.entries(paths).map(([a, p]) => [a, p && p.state])])
    if (!always && key === this.lastPaths) return
    this.lastPaths = key
    report('peer-info', { assoc: this.assoc, paths, primary: this.sock.remoteAddress })
  }
}

function watchOf (sock) {
  let w = state.watches.get(sock)
  if (!w) {
    w = new Watch(sock)
    state.watches.set(sock, w)
  }
  return w
}

// An association is up (connect, or accepted): number it, report it, its
// paths, and what it counted so far.
function watch (sock, how) {
  const w = watchOf(sock)
  if (w.assoc) return
  w.assoc = state.nextAssoc++
  report(how, { assoc: w.assoc, ...fieldsOf(sock), ...streamsOf(sock) })
  w.paths(true)
  w.schedule()
  sock.on('address-change', () => {})
  sock.on('peer-info-update', () => {})
}

// Replace proto[name] by make(the original); once per class (a class
// that two copies of this file both see is wrapped by the first).
function wrap (proto, name, make) {
  const done = Symbol.for(`lksctp.testbed.wrapped.${name}`)
  if (Object.hasOwn(proto, done) || typeof proto[name] !== 'function') return
  Object.defineProperty(proto, done, { value: true })
  Object.defineProperty(proto, name, { configurable: true, writable: true, value: make(proto[name]) })
}

// Notifications as the socket takes them from the kernel, before any
// listener (or lksctp/compat's reshaping, or its dropping them when the
// program has no listener).
function wrapNotifications (Class) {
  wrap(Class.prototype, '_onNotification', (onNotification) => function (n) {
    try {
      const p = n && n.parsed
      if (p) {
        const w = state.watches.get(this)
        const assoc = w && w.assoc ? { assoc: w.assoc } : {}
        report('notification', { ...assoc, type: p.type, state: p.state, address: p.address, error: p.errorName })
      }
    } catch {}
    return onNotification.call(this, n)
  })
}

// Messages as the socket pushes them to its reader and its writer takes
// them, on the class: every socket, from its first message.
function wrapCounting (Class) {
  wrap(Class.prototype, 'push', (push) => function (msg) {
    if (msg) watchOf(this).count('rx', msg.sid, msg.ppid, msg.length)
    return push.call(this, msg)
  })
  wrap(Class.prototype, '_write', (write) => function (chunk, encoding, cb) {
    watchOf(this).count('tx', chunk.sid, chunk.ppid, chunk.length)
    return write.call(this, chunk, encoding, cb)
  })
  wrap(Class.prototype, '_writev', (writev) => function (entries, cb) {
    const w = watchOf(this)
    for (const e of entries) w.count('tx', e.chunk.sid, e.chunk.ppid, e.chunk.length)
    return writev.call(this, entries, cb)
  })
}

function errorFields (err) {
  return { code: err && err.code, message: err && err.message }
}

function onSocketEvent (sock, ev, args) {
  const w = state.watches.get(sock)
  const assoc = w && w.assoc ? { assoc: w.assoc } : {}
  switch (ev) {
    case 'connect':
      watch(sock, 'connect')
      break
    case 'address-change':
      report('address-change', { ...assoc, ...fieldsOf(sock) })
      break
    case 'peer-info-update':
      if (w) w.paths(false)
      break
    case 'end':
    case 'ready':
    case 'timeout':
      report(ev, assoc)
      break
    case 'error':
      report('error', { ...assoc, ...errorFields(args[0]) })
      break
    case 'close':
      if (w) w.flush()
      report('close', { ...assoc, hadError: !!args[0] })
      break
  }
}

function onServerEvent (server, ev, args) {
  if (ev === 'listening') report('listening', { address: server.address() })
  else if (ev === 'connection') watch(args[0], 'connection')
  else if (ev === 'error') report('error', errorFields(args[0]))
  else if (ev === 'close') report('server-close', {})
}

// Wrap emit on both classes' prototypes: every instance is seen, and
// listeners run as before, after the report.
function wrapEmit (Class, on) {
  wrap(Class.prototype, 'emit', (emit) => function (ev, ...args) {
    try {
      on(this, ev, args)
    } catch {}
    return emit.call(this, ev, ...args)
  })
}

function install ({ SctpSocket, Server }, fd) {
  state.out = fd
  Base = SctpSocket
  wrapCounting(SctpSocket)
  wrapNotifications(SctpSocket)
  wrapEmit(SctpSocket, onSocketEvent)
  wrapEmit(Server, onServerEvent)
  // What is counted but not yet reported goes out before the process ends.
  if (!state.exitHook) {
    state.exitHook = true
    process.on('exit', () => {
      for (const w of state.live) w.flush()
    })
  }
}

// LKSCTP_TESTBED_FD: an open pipe, file or socket, else nothing is
// installed (node's own descriptors are none of these at 3, where the
// runner puts its pipe).
function fdFromEnv (env) {
  const v = env.LKSCTP_TESTBED_FD
  if (v === undefined || !/^[0-9]+$/.test(v)) return -1
  const fd = Number(v)
  try {
    const st = fs.fstatSync(fd)
    if (!st.isFIFO() && !st.isFile() && !st.isSocket()) return -1
  } catch {
    return -1
  }
  return fd
}

function active () {
  return state.out >= 0
}

module.exports = { install, fdFromEnv, report, active, fieldsOf, streamsOf, pathsOf }
