'use strict'

// The Node side of the benchmarks: the same workloads and the same line
// protocol as bench_sctp.c, through the addon (--impl addon) or through
// Node's own net over TCP (--impl tcp), written the way a user would write
// them: one write() per message, a 'data' handler per message.
//
//   node peer.js server --impl addon|tcp --mode default|tuned
//   node peer.js client --impl addon|tcp --mode default|tuned --port P
//   node peer.js events --port P          (addon only)
//
// SCTP messages carry their kind in the ppid (1: count it, 2: echo it);
// TCP has no message boundaries, so each message is framed with a 4-byte
// header (kind << 24 | length) and cut out again on the receiving side.

const net = require('node:net')
const readline = require('node:readline')
const { performance } = require('node:perf_hooks')
const lksctp = require('..')

const PPID_SINK = 1
const PPID_ECHO = 2
const BACKLOG = 4096
const TUNED_RCVBUF = 4 * 1024 * 1024

function parseArgs (argv) {
  const o = { role: argv[0], impl: 'addon', mode: 'default', port: 0 }
  for (let i = 1; i < argv.length; i += 2) {
    const key = argv[i].replace(/^--/, '')
    if (!(key in o)) throw new Error(`unknown option ${argv[i]}`)
    o[key] = key === 'port' ? Number(argv[i + 1]) : argv[i + 1]
  }
  return o
}

function print (obj) {
  process.stdout.write(JSON.stringify(obj) + '\n')
}

// ns on a clock private to this process: only differences are used.
function nowNs () {
  return Math.round(performance.now() * 1e6)
}

// Options of each mode (see README.md, "Benchmarks"). "default" is what a
// user gets without options: the addon turns Nagle off by itself; Node's
// net leaves it on. "tuned": Nagle off and 4 MiB receive buffers (net has
// no receive-buffer option: TCP autotunes its window).
function socketOptions (impl, mode) {
  if (mode === 'default') return {}
  if (impl === 'addon') return { noDelay: true, receiveBufferSize: TUNED_RCVBUF }
  return { noDelay: true }
}

// ---- transports: the same few operations over the addon and over net ----

const transports = {
  addon: {
    createServer: (opts, onConnection) => lksctp.createServer(opts, onConnection),
    connect: (opts, port) => lksctp.connect({ ...opts, host: '127.0.0.1', port }),
    message (kind, size, sid) {
      const buf = Buffer.alloc(size, kind === PPID_ECHO ? 'r' : 'x')
      buf.sid = sid
      buf.ppid = kind
      return buf
    },
    // onMessage(kind, msg) for each whole message.
    onMessages (socket, onMessage) {
      socket.on('data', (msg) => onMessage(msg.ppid, msg))
    },
    echo: (socket, msg) => socket.write(msg), // same sid and ppid
    payloadLength: (msg) => msg.length
  },
  tcp: {
    createServer: (opts, onConnection) => net.createServer(opts, onConnection),
    connect: (opts, port) => net.connect({ ...opts, host: '127.0.0.1', port }),
    message (kind, size) {
      const buf = Buffer.alloc(4 + size, kind === PPID_ECHO ? 'r' : 'x')
      buf.writeUInt32BE(((kind << 24) | size) >>> 0, 0)
      return buf
    },
    onMessages (socket, onMessage) {
      let pending = null
      socket.on('data', (chunk) => {
        const buf = pending ? Buffer.concat([pending, chunk]) : chunk
        let off = 0
        while (buf.length - off >= 4) {
          const header = buf.readUInt32BE(off)
          const end = off + 4 + (header & 0xffffff)
          if (end > buf.length) break
          onMessage(header >>> 24, buf.subarray(off, end)) // header included
          off = end
        }
        pending = off < buf.length ? buf.subarray(off) : null
      })
    },
    echo: (socket, frame) => socket.write(frame),
    payloadLength: (frame) => frame.length - 4
  }
}

// ---- server ----------------------------------------------------------------

function runServer (o) {
  const t = transports[o.impl]
  let live = 0 // associations accepted and not yet closed
  const server = t.createServer(socketOptions(o.impl, o.mode), (socket) => {
    live++
    const c = { messages: 0, bytes: 0, first: 0, last: 0, bad: 0, size: -1 }
    socket.on('error', () => { c.bad++ })
    t.onMessages(socket, (kind, msg) => {
      if (kind === PPID_ECHO) {
        t.echo(socket, msg)
        return
      }
      const now = nowNs()
      const len = t.payloadLength(msg)
      if (c.messages === 0) {
        c.first = now
        c.size = len
      }
      if (len !== c.size) c.bad++
      c.messages++
      c.bytes += len
      c.last = now
    })
    socket.on('close', () => {
      live--
      if (c.messages > 0 || c.bad > 0) print({ kind: 'recv', ...c })
    })
  })
  server.on('error', (err) => {
    console.error(`peer.js server: ${err.message}`)
    process.exit(2)
  })
  server.listen({ host: '127.0.0.1', port: 0, backlog: BACKLOG }, () => {
    print({ port: server.address().port })
  })
  const lines = readline.createInterface({ input: process.stdin })
  lines.on('line', (line) => {
    const [cmd, arg] = line.trim().split(/\s+/)
    if (cmd === 'mem') {
      // "mem N": once N associations are accepted and open (the client
      // sees its connects complete before this side has accepted them
      // all), 30 s at most.
      const want = Number(arg) || 0
      const deadline = Date.now() + 30000
      const report = () => {
        if (live < want && Date.now() < deadline) return setTimeout(report, 10)
        // Two full GCs: what the first frees can let the second free more.
        if (global.gc) global.gc()
        if (global.gc) global.gc()
        const m = process.memoryUsage()
        // rss: the process; heap: V8's live objects (no native memory).
        print({ rss: m.rss, heap: m.heapUsed, connections: live })
      }
      report()
    }
  })
  lines.on('close', () => process.exit(0))
}

// ---- client ----------------------------------------------------------------

function once (emitter, event) {
  return new Promise((resolve, reject) => {
    const onError = (err) => {
      emitter.off(event, onEvent)
      reject(err)
    }
    const onEvent = (...args) => {
      emitter.off('error', onError)
      resolve(args)
    }
    emitter.once(event, onEvent)
    emitter.once('error', onError)
  })
}

async function connected (t, o) {
  const socket = t.connect(socketOptions(o.impl, o.mode), o.port)
  await once(socket, 'connect')
  return socket
}

async function throughput (t, o, size, streams, ms) {
  const socket = await connected(t, o)
  const msgs = []
  for (let s = 0; s < streams; s++) msgs.push(t.message(PPID_SINK, size, s))
  const t0 = nowNs()
  const end = t0 + ms * 1e6
  let sent = 0
  for (;;) {
    let room = true
    while (room) {
      room = socket.write(msgs[sent % streams])
      sent++
      if ((sent & 63) === 0 && nowNs() >= end) break
    }
    if (nowNs() >= end) break
    if (!room) await once(socket, 'drain')
  }
  // A graceful end: every queued message is delivered, then the peer's
  // end comes back (SHUTDOWN_COMPLETE, or TCP's FIN) and closes the socket.
  // Closing at once could ABORT an SCTP association whose receive queue
  // still holds a notification (the kernel aborts when unread data is
  // dropped at close).
  socket.resume()
  socket.end()
  await once(socket, 'close')
  print({ sent, ns: nowNs() - t0 })
}

async function roundtrip (t, o, size, ms) {
  const socket = await connected(t, o)
  const msg = t.message(PPID_ECHO, size, 0)
  const t0 = nowNs()
  const end = t0 + ms * 1e6
  let n = 0
  let last = t0
  await new Promise((resolve, reject) => {
    socket.on('error', reject)
    t.onMessages(socket, () => {
      n++
      last = nowNs()
      if (last < end) socket.write(msg)
      else resolve()
    })
    socket.write(msg)
  })
  socket.end() // graceful: destroy() would abort the association
  print({ roundtrips: n, ns: last - t0 })
}

async function associations (t, o, count, nextLine) {
  const opts = socketOptions(o.impl, o.mode)
  const sockets = []
  let failed = 0
  const t0 = nowNs()
  await Promise.all(Array.from({ length: count }, () => new Promise((resolve) => {
    const socket = t.connect(opts, o.port)
    sockets.push(socket)
    socket.once('connect', resolve)
    socket.once('error', () => {
      failed++
      resolve()
    })
  })))
  print({ established: count - failed, failed, ns: nowNs() - t0 })
  if ((await nextLine()) === 'round') {
    const msg = t.message(PPID_ECHO, 64, 0)
    const t1 = nowNs()
    let echoed = 0
    await new Promise((resolve) => {
      if (failed === count) resolve()
      for (const socket of sockets) {
        if (socket.destroyed) continue
        t.onMessages(socket, () => {
          if (++echoed + failed === count) resolve()
        })
        socket.write(msg)
      }
    })
    print({ echoed, ns: nowNs() - t1 })
  }
  await Promise.all(sockets.map((s) => new Promise((resolve) => {
    if (s.destroyed) return resolve()
    s.once('close', resolve)
    s.resume() // so that 'end', then 'close', come
    s.end() // graceful: destroy() would abort the association
  })))
  print({ closed: count })
}

async function runClient (o) {
  const t = transports[o.impl]
  const lines = readline.createInterface({ input: process.stdin })
  const it = lines[Symbol.asyncIterator]()
  const nextLine = async () => {
    const r = await it.next()
    return r.done ? null : r.value.trim()
  }
  for (let line = await nextLine(); line !== null && line !== 'quit'; line = await nextLine()) {
    const [job, ...args] = line.split(/\s+/)
    const n = args.map(Number)
    if (job === 'throughput') await throughput(t, o, n[0], n[1], n[2])
    else if (job === 'roundtrip') await roundtrip(t, o, n[0], n[1])
    else if (job === 'associations') await associations(t, o, n[0], nextLine)
    else throw new Error(`unknown job: ${line}`)
  }
  lines.close()
}

// ---- event latency (addon) -------------------------------------------------

// For each SCTP_PEER_ADDR_CHANGE: when 'notification', 'address-change'
// and 'peer-info-update' were emitted, on CLOCK_MONOTONIC
// (process.hrtime.bigint), to compare with the C side's stamps.
async function runEvents (o) {
  // Only the notification drives the events measured: the periodic
  // re-read (pollInterval) could see an added address first and fire
  // 'address-change' before the notification it is timed from.
  const socket = lksctp.connect({ host: '127.0.0.1', port: o.port, sctp: { pollInterval: 0 } })
  await once(socket, 'connect')
  socket.on('data', () => {})
  let current = null
  const stamp = () => Number(process.hrtime.bigint())
  socket.on('notification', (n) => {
    if (n.parsed.type !== 'SCTP_PEER_ADDR_CHANGE') return
    current = { state: n.parsed.state, address: n.parsed.address, notification: stamp(), 'address-change': null }
  })
  socket.on('address-change', () => {
    if (current && current['address-change'] === null) current['address-change'] = stamp()
  })
  socket.on('peer-info-update', () => {
    if (!current) return
    current['peer-info-update'] = stamp()
    print(current)
    current = null
  })
  // Only now: the harness starts changing addresses once it reads this,
  // and adding the 'address-change' listener above reads the addresses it
  // compares with (lib/socket-paths.js _freshen). Announced before, an
  // address the kernel added while this process waited for a CPU would be
  // in that first read, and its notification would change nothing.
  print({ connected: true })
  await once(socket, 'close')
}

const o = parseArgs(process.argv.slice(2))
if (o.impl !== 'addon' && o.impl !== 'tcp') throw new Error(`unknown impl ${o.impl}`)
if (o.role === 'server') runServer(o)
else if (o.role === 'client') runClient(o).catch(fail)
else if (o.role === 'events') runEvents(o).catch(fail)
else throw new Error('usage: peer.js server|client|events --impl addon|tcp --mode default|tuned [--port P]')

function fail (err) {
  console.error(`peer.js ${o.role}: ${err.stack || err.message}`)
  process.exit(2)
}
