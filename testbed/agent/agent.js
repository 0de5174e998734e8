'use strict'
// The scenario agent: one SCTP endpoint driven by the testbed runner
// (testbed/src/run.c) through a pipe of JSON lines.
//
// stdin, one command per line:
//   {"cmd":"start","name":"cli","index":1,"role":"connect","port":5000,
//    "local":["10.1.0.1"],"remote":["10.1.0.2"],"MIS":10,"OS":4,
//    "sack":{"delay":40}|{"freq":1},
//    "options":{"sctp":{"paths":{"heartbeatInterval":200},"rto":{"min":1000}},
//               "noDelay":true,"receiveBufferSize":65536}}   (SocketOptions)
//   {"cmd":"send","count":1000,"size":64,"streams":4,"ppid":46,"rate":500,
//    "unordered":false, "ttl":50}        (ttl: PR-SCTP lifetime, ms)
//   {"cmd":"call","method":"removeLocalAddress","args":["10.2.0.1"]}
//   {"cmd":"call","method":"setPathParams","args":[{"pfThreshold":1},"10.1.0.2"]}
//   {"cmd":"close"}          end the association gracefully (socket.end())
//   end of input: close gracefully and exit
// stdout, one report per line, each with "t": CLOCK_MONOTONIC in ms (the
// runner's clock too), and "ev": what happened:
//   listening, connection, connect, ready, end, close, timeout
//     (connection and connect also: the addresses, the streams, and
//     settings {rto, paths, maxRetransmits, exposePotentiallyFailed}
//     as the addon reads them back)
//   error {code, message}
//   notification {type, state, address, error}       (the parsed notification)
//   address-change {localAddresses, remoteAddresses, localAddress,
//                   remoteAddress, localPort, remotePort}
//   peer-info {paths: {ADDRESS: {state, cwnd, srtt, rto, mtu}}, primary}
//                 when a path's state or the primary changes, and each second
//   rx {from, count, bytes, distinct, duplicates, streamOrderErrors,
//       orderErrors, perStream, maxGap}   received data, per sender, <= 10/s
//   tx {count, bytes, done, failed, abandoned}   sent data (write callbacks;
//                     abandoned: SCTP_SEND_FAILED_EVENTs, PR-SCTP), <= 10/s
//   call {method, args, address, settings}  a method call that returned
//   error {code, message, call}           ... or threw (with the method)
//   snmp {counters}   /proc/net/sctp/snmp of its namespace, when it changed
//                     (checked twice a second)
//   agent-error {message}                 a command the agent cannot do
//
// Each message sent carries a 12-byte header (big endian): the sender's
// index, its sequence number over the whole send, and its number within
// its stream; the receiver checks duplicates and order with them.
const fs = require('fs')
const path = require('path')
const readline = require('readline')
const sctp = require(path.join(__dirname, '..', '..', 'addon'))
// The socket's fields as the testbed reports them: the same code observes
// a program of the user's (addon/lib/observe.js).
const { fieldsOf, streamsOf, pathsOf } = require(path.join(__dirname, '..', '..', 'addon', 'lib', 'observe'))

const HEADER = 12
const REPORT_MS = 100
const SAMPLE_MS = 1000

function now () {
  return Number(process.hrtime.bigint()) / 1e6
}

function report (ev, fields) {
  process.stdout.write(JSON.stringify({ t: now(), ev, ...fields }) + '\n')
}

let config = null
let server = null
let socket = null
let closing = false
const senders = new Map()
let tx = null
// Numbers within each stream go on across sends, as the receiver expects.
const streamSeq = new Map()
let rxDirty = false
let txDirty = false
let lastPaths = ''

const reportTimer = setInterval(flushCounters, REPORT_MS)
const SNMP_MS = 500
let lastSnmp = ''

// The kernel's SCTP counters in this namespace (SctpInCtrlChunks, ...).
function reportSnmp () {
  let text
  try {
    text = fs.readFileSync('/proc/net/sctp/snmp', 'utf8')
  } catch {
    return
  }
  if (text === lastSnmp) return
  lastSnmp = text
  const counters = {}
  for (const line of text.split('\n')) {
    const m = /^(Sctp\w+)\s+(\d+)/.exec(line)
    if (m) counters[m[1]] = Number(m[2])
  }
  report('snmp', { counters })
}
const snmpTimer = setInterval(reportSnmp, SNMP_MS)
reportSnmp()

function flushCounters () {
  if (rxDirty) {
    rxDirty = false
    for (const s of senders.values()) {
      report('rx', {
        from: s.from,
        count: s.count,
        bytes: s.bytes,
        distinct: s.distinct,
        duplicates: s.duplicates,
        streamOrderErrors: s.streamOrderErrors,
        orderErrors: s.orderErrors,
        perStream: Object.fromEntries(s.perStream),
        maxGap: Math.round(s.maxGap * 1000) / 1000
      })
    }
  }
  if (txDirty && tx) {
    txDirty = false
    report('tx', { count: tx.sent, bytes: tx.bytes, done: tx.done, failed: tx.failed, abandoned: tx.abandoned })
  }
}

function reportPaths (sock, always) {
  const paths = pathsOf(sock)
  const key = JSON.stringify([sock.remoteAddress, Object.entries(paths).map(([a, p]) => [a, p && p.state])])
  if (!always && key === lastPaths) return
  lastPaths = key
  report('peer-info', { paths, primary: sock.remoteAddress })
}

function sender (from) {
  let s = senders.get(from)
  if (!s) {
    s = {
      from,
      count: 0,
      bytes: 0,
      distinct: 0,
      duplicates: 0,
      streamOrderErrors: 0,
      orderErrors: 0,
      seen: new Uint8Array(1024),
      lastSeq: -1,
      lastStreamSeq: new Map(),
      perStream: new Map(),
      lastAt: 0,
      maxGap: 0
    }
    senders.set(from, s)
  }
  return s
}

function onData (buf) {
  const at = now()
  if (buf.length < HEADER) {
    report('agent-error', { message: `a message of ${buf.length} bytes has no header` })
    return
  }
  const s = sender(buf.readUInt32BE(0))
  const seq = buf.readUInt32BE(4)
  const nth = buf.readUInt32BE(8)
  s.count++
  s.bytes += buf.length
  if (s.lastAt) s.maxGap = Math.max(s.maxGap, at - s.lastAt)
  s.lastAt = at
  if (seq >= s.seen.length) {
    let n = s.seen.length
    while (n <= seq) n *= 2
    const grown = new Uint8Array(n)
    grown.set(s.seen)
    s.seen = grown
  }
  if (s.seen[seq]) {
    s.duplicates++
  } else {
    s.seen[seq] = 1
    s.distinct++
  }
  if (seq <= s.lastSeq) s.orderErrors++
  s.lastSeq = Math.max(s.lastSeq, seq)
  const last = s.lastStreamSeq.has(buf.sid) ? s.lastStreamSeq.get(buf.sid) : -1
  // Out of order: not after the last one of its stream (a gap is a loss,
  // counted by the sender's tally, not an order error).
  if (nth <= last) s.streamOrderErrors++
  s.lastStreamSeq.set(buf.sid, Math.max(last, nth))
  s.perStream.set(buf.sid, (s.perStream.get(buf.sid) || 0) + 1)
  rxDirty = true
}

// The association's settings as the addon reads them back from the kernel
// (SCTP_RTOINFO, SCTP_PEER_ADDR_PARAMS/THLDS of the association,
// SCTP_ASSOCINFO, SCTP_EXPOSE_POTENTIALLY_FAILED_STATE): what an agent's
// options and a scenario's calls did to the socket, in its connect,
// connection and call reports.
function settingsOf (sock) {
  const read = (f) => {
    try {
      return f()
    } catch (err) {
      return { error: err.code || err.message }
    }
  }
  return {
    rto: read(() => sock.getRto()),
    paths: read(() => sock.getPathParams()),
    maxRetransmits: read(() => sock.getMaxRetransmits()),
    exposePotentiallyFailed: read(() => sock.getExposePotentiallyFailed())
  }
}

function attach (sock) {
  socket = sock
  for (const name of ['connect', 'ready', 'end', 'timeout']) {
    sock.on(name, () => report(name, name === 'connect' ? { ...fieldsOf(sock), ...streamsOf(sock), settings: settingsOf(sock) } : {}))
  }
  sock.on('close', (hadError) => {
    flushCounters()
    report('close', { hadError })
    if (closing) finish()
  })
  sock.on('error', (err) => report('error', { code: err.code, message: err.message }))
  sock.on('notification', (n) => {
    const p = n.parsed
    // PR-SCTP: a message given up (its ttl passed) is counted as abandoned.
    if (tx && (p.type === 'SCTP_SEND_FAILED_EVENT' || p.type === 'SCTP_SEND_FAILED')) {
      tx.abandoned++
      txDirty = true
    }
    report('notification', {
      type: p.type,
      state: p.state,
      address: p.address,
      error: p.errorName
    })
  })
  sock.on('address-change', () => report('address-change', fieldsOf(sock)))
  sock.on('peer-info-update', () => reportPaths(sock, false))
  const sampler = setInterval(() => reportPaths(sock, true), SAMPLE_MS)
  sock.on('close', () => clearInterval(sampler))
  sock.on('data', onData)
}

// The script's socket options (c.options: SocketOptions, sctp under sctp),
// with MIS, OS and sack, and the agent's own poll interval.
function socketOptions (c) {
  const given = c.options || {}
  const o = { ...given, sctp: { ...(given.sctp || {}), pollInterval: REPORT_MS } }
  if (c.MIS) o.MIS = c.MIS
  if (c.OS) o.OS = c.OS
  // sack= (delay or off) beside sackFreq= (options.sctp.sack.freq)
  if (c.sack) o.sctp.sack = { ...(o.sctp.sack || {}), ...c.sack }
  return o
}

function start (c) {
  if (config) throw new Error('started twice')
  config = c
  if (c.role === 'listen') {
    server = sctp.createServer(socketOptions(c), (sock) => {
      report('connection', { ...fieldsOf(sock), ...streamsOf(sock), settings: settingsOf(sock) })
      if (socket) {
        report('agent-error', { message: 'a second association: only the first one is tracked' })
      }
      attach(sock)
      reportPaths(sock, true)
    })
    server.on('error', (err) => report('error', { code: err.code, message: err.message }))
    server.on('close', () => { if (closing && !socket) finish() })
    const opts = { port: c.port }
    if (c.local && c.local.length) opts.localAddresses = c.local
    server.listen(opts, () => report('listening', { address: server.address() }))
  } else {
    const sock = sctp.connect({ ...socketOptions(c), port: c.port, remoteAddresses: c.remote, localAddresses: c.local })
    attach(sock)
    sock.once('connect', () => reportPaths(sock, true))
  }
}

function send (c) {
  const sock = socket
  if (!sock || sock.destroyed || !sock.writable) {
    report('agent-error', { message: 'send: no association to send on' })
    return
  }
  if (tx && !tx.done) {
    report('agent-error', { message: 'send: the previous send has not ended' })
    return
  }
  const streams = c.streams || 1
  const seqBase = tx ? tx.next : 0
  // Counts add up over the sends; this one is done at `goal` callbacks.
  tx = {
    sent: tx ? tx.sent : 0,
    bytes: tx ? tx.bytes : 0,
    failed: tx ? tx.failed : 0,
    abandoned: tx ? tx.abandoned : 0,
    done: false,
    next: seqBase
  }
  const t = tx
  const goal = t.sent + t.failed + c.count
  const began = now()
  let i = 0

  function message (n) {
    const buf = Buffer.alloc(c.size)
    const sid = n % streams
    buf.writeUInt32BE(config.index, 0)
    buf.writeUInt32BE(seqBase + n, 4)
    const next = streamSeq.get(sid) || 0
    streamSeq.set(sid, next + 1)
    buf.writeUInt32BE(next, 8)
    buf.sid = sid
    buf.ppid = c.ppid || 0
    if (c.unordered) buf.unordered = true
    if (c.ttl) buf.ttl = c.ttl
    return buf
  }
  function written (err) {
    if (err) t.failed++
    else {
      t.sent++
      t.bytes += c.size
    }
    txDirty = true
    if (t.sent + t.failed === goal) {
      t.done = true
      flushCounters()
    }
  }
  function pump () {
    if (sock.destroyed || !sock.writable) return
    const due = c.rate ? Math.min(c.count, Math.floor((now() - began) * c.rate / 1000) + 1) : c.count
    while (i < due) {
      const ok = sock.write(message(i++), written)
      t.next = seqBase + i
      if (!ok) {
        sock.once('drain', pump)
        return
      }
    }
    if (i < c.count) setTimeout(pump, Math.max(1, Math.min(10, 1000 / c.rate)))
  }
  sock.once('close', () => {
    if (!t.done) {
      // What was never written fails; written ones still call back.
      t.failed += c.count - i
      i = c.count
      t.done = t.sent + t.failed === goal
      txDirty = true
    }
  })
  pump()
}

// The socket's run-time methods a scenario may call (scenarios/README.md).
const METHODS = [
  'addLocalAddress', 'removeLocalAddress', 'setPrimaryAddress', 'requestPeerPrimary',
  'setPathParams', 'setRto', 'setMaxRetransmits', 'setExposePotentiallyFailed', 'setNoDelay'
]

function call (c) {
  if (!METHODS.includes(c.method)) throw new Error(`unknown method ${c.method}`)
  if (!socket) {
    report('agent-error', { message: `${c.method}: no association` })
    return
  }
  const args = Array.isArray(c.args) ? c.args : []
  try {
    socket[c.method](...args)
    const address = args.find((a) => typeof a === 'string')
    report('call', { method: c.method, args, ...(address ? { address } : {}), settings: settingsOf(socket) })
  } catch (err) {
    report('error', { code: err.code, message: err.message, call: c.method })
  }
}

function closeAssociation () {
  if (!socket) {
    report('agent-error', { message: 'close: no association' })
    return
  }
  socket.end()
}

function finish () {
  clearInterval(reportTimer)
  clearInterval(snmpTimer)
  reportSnmp()
  flushCounters()
  process.exit(0)
}

function shutdown () {
  if (closing) return
  closing = true
  flushCounters()
  // Bounded: a peer that never answers the SHUTDOWN does not hold us.
  setTimeout(finish, 2000).unref()
  if (server) server.close()
  if (socket && !socket.destroyed) socket.end()
  else if (!server) finish()
  else if (!socket) server.close(finish)
}

const rl = readline.createInterface({ input: process.stdin })
rl.on('line', (line) => {
  let c
  try {
    c = JSON.parse(line)
    if (c.cmd === 'start') start(c)
    else if (c.cmd === 'send') send(c)
    else if (c.cmd === 'call') call(c)
    else if (c.cmd === 'close') closeAssociation()
    else throw new Error(`unknown command ${JSON.stringify(c.cmd)}`)
  } catch (err) {
    report('agent-error', { message: `${err.code ? err.code + ': ' : ''}${err.message}`, code: err.code })
  }
})
rl.on('close', shutdown)
process.on('SIGTERM', finish)
