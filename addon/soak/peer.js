'use strict'

// One process of the soak (soak.js starts them in their namespaces):
//
//   node --expose-gc peer.js server --name stable|victim --epoch N --port P --addresses A,B --seed S
//   node --expose-gc peer.js client --workers N --remote A,B --local A,B --ports P1,P2 --seed S
//
// Commands come as JSON lines on stdin ({ cmd: 'start' | 'quiesce' |
// 'figures' | 'exit' }), and everything goes back as JSON lines on stdout:
// { ready }, one { assoc } per association when it is over, { quiesced },
// { figures }. End of stdin is 'exit'.
//
// Both sides send data messages (lib.js) on random streams, with random
// sizes and ppids, as fast as backpressure lets them, while their readers
// pause for random times. A client worker opens an association, says HELLO,
// waits for HELLO-ACK, exchanges data for a random time, then closes it:
// gracefully (CLOSE with its counts both ways, then end()), or by
// destroy() / resetAndDestroy(). A server also aborts a few associations
// itself (resetAndDestroy()).

const readline = require('node:readline')
const lksctp = require('..')
const {
  rng, makePool, pickSize, encode, control, isControl, parseControl, Tally,
  processFigures, sleep
} = require('./lib')

const CTRL_PPID = 0xc7c7
const CLOSE_TIMEOUT = 120000

function parseArgs (argv) {
  const o = { role: argv[0] }
  for (let i = 1; i < argv.length; i += 2) o[argv[i].replace(/^--/, '')] = argv[i + 1]
  return o
}

const args = parseArgs(process.argv.slice(2))
const seed = Number(args.seed) >>> 0
const r = rng(seed)
const pool = makePool(Number(args.poolSeed || args.seed) >>> 0)

function out (obj) {
  process.stdout.write(JSON.stringify(obj) + '\n')
}

// One association's traffic, either side: the reader (checks, pauses) and
// the sender (random messages until stopped). Timers are cancelled when it
// ends, so nothing of it outlives the association.
class Conn {
  constructor (sock, tally) {
    this.sock = sock
    this.tally = tally
    this.alive = true
    this.sending = false
    this.nOut = 1
    this.timers = new Set()
    this.drainWaiter = null
    this.onControl = () => {}
    sock.on('data', (msg) => {
      if (isControl(msg)) this.onControl(parseControl(msg) || {})
      else this.tally.check(msg)
    })
    sock.on('drain', () => this._wake())
  }

  sleep (ms) {
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        this.timers.delete(t)
        resolve()
      }, ms)
      t.resolve = resolve
      this.timers.add(t)
    })
  }

  _wake () {
    const w = this.drainWaiter
    this.drainWaiter = null
    if (w) w()
  }

  // Random reader pauses for as long as the association lives.
  async pauser () {
    while (this.alive) {
      await this.sleep(r.range(100, 3000))
      if (!this.alive) break
      if (!r.chance(0.5)) continue
      this.sock.pause()
      await this.sleep(r.range(20, 2000))
      this.tally.resumed()
      if (this.alive) this.sock.resume()
    }
  }

  startSending () {
    if (!this.alive || this.sock.destroyed) return
    try {
      this.nOut = this.sock.status().outstrms
    } catch (err) {
      // The server aborted between its HELLO-ACK and this read of it: the
      // kernel has no association left (EINVAL), and the socket's 'error'
      // and 'close' are queued behind the data. Nothing to send on.
      if (err.code === 'EINVAL') return
      throw err
    }
    this.sending = true
    this.sender().catch((err) => {
      this.sendError = err
    })
  }

  async sender () {
    while (this.sending && this.alive) {
      const sid = r.int(0, this.nOut - 1)
      const len = pickSize(r)
      let ppid = r.u32()
      if (ppid === CTRL_PPID) ppid++
      const seq = this.tally.nextSeq(sid)
      const msg = encode(pool, r, this.tally.id, this.tally.txDir, sid, seq, len, ppid)
      this.tally.sentBytes += len
      const ok = this.sock.write(msg, noop)
      if (!ok) {
        await new Promise((resolve) => { this.drainWaiter = resolve })
      } else if (r.chance(0.03)) {
        await this.sleep(r.range(1, 150))
      }
    }
  }

  // No more data from us: the CLOSE message carries what we sent.
  stopSending () {
    this.sending = false
    this._wake()
    if (!this.sock.destroyed && this.sock.writable) {
      this.sock.write(control({ type: 'CLOSE', sent: Array.from(this.tally.sent, (x) => x || 0) }), noop)
    }
  }

  end () {
    this.alive = false
    this.sending = false
    this._wake()
    for (const t of this.timers) {
      clearTimeout(t)
      t.resolve()
    }
    this.timers.clear()
    this.sock.resume() // a paused reader must not hold back the end
  }
}

function noop () {}

// ---- server -------------------------------------------------------------------

function runServer () {
  const name = args.name
  const epoch = Number(args.epoch)
  const conns = new Set()
  const server = lksctp.createServer({
    MIS: 32,
    OS: 32,
    receiveBufferSize: name === 'stable' ? 65536 : undefined
  })
  server.on('error', (err) => {
    out({ fatal: `server ${name}: ${err.code || ''} ${err.message}` })
    process.exit(1)
  })
  server.on('connection', (sock) => {
    const tally = new Tally('server', null)
    const conn = new Conn(sock, tally)
    conns.add(conn)
    let how = null
    let err = null
    let clientCounts = null
    let lost = 0
    conn.onControl = (c) => {
      if (c.type === 'HELLO' && tally.id === null) {
        tally.id = c.id
        sock.write(control({ type: 'HELLO-ACK', name, epoch, pid: process.pid }), noop)
        conn.startSending()
        conn.pauser()
        // A few associations are aborted by the server.
        if (r.chance(0.05)) {
          conn.sleep(r.range(200, 6000)).then(() => {
            if (conn.alive && !clientCounts && !sock.destroyed) {
              how = 'aborted'
              tally.abortMode = 'reset'
              sock.resetAndDestroy()
            }
          })
        }
      } else if (c.type === 'CLOSE') {
        clientCounts = c.sent
        conn.stopSending()
      } else {
        tally.fail('protocol', `unexpected control ${JSON.stringify(c)}`)
      }
    }
    sock.on('data', () => {
      if (tally.id === null && tally.recvBytes > 0) tally.fail('protocol', 'data before HELLO')
    })
    sock.on('end', () => {
      if (clientCounts && !how) {
        lost = tally.lostAgainst(clientCounts)
        how = 'graceful'
      }
    })
    sock.on('error', (e) => { err = err || e.code || e.message })
    sock.on('close', () => {
      conn.end()
      conns.delete(conn)
      out(tally.record({
        how: how || 'peer-ended',
        err,
        lost,
        server: name,
        epoch,
        abortMode: tally.abortMode,
        sendError: conn.sendError ? String(conn.sendError.message) : undefined
      }))
    })
  })
  const addresses = args.addresses.split(',')
  server.listen({ localAddresses: addresses, port: Number(args.port) }, () => {
    out({ ready: true, name, epoch, pid: process.pid })
  })
  commands({
    figures: () => {
      setTimeout(() => out({ figures: { ...processFigures(), conns: conns.size } }), 200)
    },
    exit: () => {
      for (const c of conns) c.sock.destroy()
      server.close()
    }
  })
}

// ---- client -------------------------------------------------------------------

let nextId = 1
const active = new Set()
let quiescing = false
let workersRunning = 0

function runClient () {
  const workers = Number(args.workers)
  const remote = args.remote.split(',')
  const local = args.local.split(',')
  const [stablePort, firstVictimPort] = args.ports.split(',').map(Number)
  let victimPort = firstVictimPort
  // Association ids: unique over the run (the client's seed, then a count).
  const idBase = (Number(args.idBase) || 0) >>> 0

  async function worker (w) {
    workersRunning++
    while (!quiescing) {
      const target = r.chance(0.5) ? 'stable' : 'victim'
      const port = target === 'stable' ? stablePort : victimPort
      const id = (idBase + nextId++) >>> 0
      await association(id, target, port, w)
      if (!quiescing) await sleep(r.range(0, 400))
    }
    workersRunning--
    if (workersRunning === 0 && active.size === 0) out({ quiesced: true })
  }

  function association (id, target, port, worker) {
    return new Promise((resolve) => {
      const tally = new Tally('client', id)
      const remotes = r.chance(0.5) ? remote : [...remote].reverse()
      const connectAt = Date.now()
      let errAt = null
      const sock = lksctp.connect({
        localAddresses: local,
        remoteAddresses: remotes,
        port,
        OS: r.int(10, 32),
        MIS: r.int(10, 32),
        receiveBufferSize: r.chance(0.5) ? 65536 : undefined
      })
      const conn = new Conn(sock, tally)
      active.add(conn)
      const lifetime = Math.min(60000, -Math.log(1 - r()) * 6000 + 300)
      const roll = r()
      const mode = roll < 0.7 ? 'graceful' : roll < 0.85 ? 'destroy' : 'reset'
      let connected = false
      let how = null
      let err = null
      let serverCounts = null
      let lost = 0
      let peer = null
      let closeTimer = null

      const closeNow = () => {
        if (how || sock.destroyed || conn.closing) return
        if (!peer) {
          conn.closeWanted = true // after HELLO-ACK: CLOSE must not overtake HELLO
          return
        }
        if (mode === 'graceful' || quiescing) {
          conn.closing = true
          conn.stopSending()
          closeTimer = setTimeout(() => {
            how = 'close-timeout'
            sock.destroy()
          }, CLOSE_TIMEOUT)
        } else {
          how = 'aborted'
          tally.abortMode = mode
          if (mode === 'destroy') sock.destroy()
          else sock.resetAndDestroy()
        }
      }
      conn.closeNow = closeNow

      sock.on('connect', () => {
        connected = true
        sock.write(control({ type: 'HELLO', id, worker }), noop)
        conn.pauser()
      })
      conn.onControl = (c) => {
        if (c.type === 'HELLO-ACK') {
          peer = c
          if (conn.closeWanted || quiescing) {
            closeNow()
            return
          }
          conn.startSending()
          conn.sleep(lifetime).then(closeNow)
        } else if (c.type === 'CLOSE') {
          serverCounts = c.sent
          if (conn.closing) sock.end()
        } else {
          tally.fail('protocol', `unexpected control ${JSON.stringify(c)}`)
        }
      }
      sock.on('end', () => {
        if (serverCounts && conn.closing && !how) {
          lost = tally.lostAgainst(serverCounts)
          how = 'graceful'
        }
      })
      sock.on('error', (e) => {
        if (!err) errAt = Date.now()
        err = err || e.code || e.message
      })
      sock.on('close', () => {
        if (closeTimer) clearTimeout(closeTimer)
        conn.end()
        active.delete(conn)
        out(tally.record({
          how: !connected ? 'connect-failed' : how || 'peer-ended',
          err,
          // When a connect failed: when it started (ms since the epoch), how
          // long it took, to which addresses in which order.
          connectAt: !connected ? connectAt : undefined,
          connectMs: !connected && errAt ? errAt - connectAt : undefined,
          remotes: !connected ? remotes : undefined,
          lost,
          server: target,
          epoch: peer ? peer.epoch : null,
          serverPid: peer ? peer.pid : null,
          abortMode: tally.abortMode,
          lifetime: Math.round(lifetime),
          closing: !!conn.closing,
          sendError: conn.sendError ? String(conn.sendError.message) : undefined
        }))
        resolve()
      })
    })
  }

  out({ ready: true, pid: process.pid })
  commands({
    start: () => {
      quiescing = false
      for (let w = 0; w < workers; w++) worker(w)
    },
    quiesce: () => {
      quiescing = true
      for (const c of active) if (c.closeNow) c.closeNow()
      if (workersRunning === 0 && active.size === 0) out({ quiesced: true })
    },
    figures: () => {
      setTimeout(() => out({ figures: { ...processFigures(), conns: active.size } }), 200)
    },
    victim: (c) => { victimPort = c.port },
    dump: () => out({
      dump: [...active].map((c) => ({
        id: c.tally.id,
        closing: !!c.closing,
        destroyed: c.sock.destroyed,
        readable: c.sock.readable,
        writable: c.sock.writable,
        sent: c.tally.sent.reduce((a, b) => a + (b || 0), 0),
        recv: c.tally.recv.reduce((a, b) => a + (b || 0), 0)
      }))
    }),
    exit: () => {
      quiescing = true
      for (const c of active) c.sock.destroy()
    }
  })
}

// JSON commands on stdin; its end is 'exit'.
function commands (handlers) {
  const rl = readline.createInterface({ input: process.stdin })
  let exited = false
  const exit = () => {
    if (exited) return
    exited = true
    rl.close()
    handlers.exit()
    // Still here after 5 s: say what holds the event loop (the soak's
    // report shows it in the failed exit check).
    setTimeout(() => out({ lingering: process.getActiveResourcesInfo() }), 5000).unref()
  }
  rl.on('line', (line) => {
    let c
    try {
      c = JSON.parse(line)
    } catch {
      return
    }
    if (c.cmd === 'exit') exit()
    else if (handlers[c.cmd]) handlers[c.cmd](c)
  })
  rl.on('close', exit)
}

if (args.role === 'server') runServer()
else if (args.role === 'client') runClient()
else {
  console.error('usage: peer.js server|client --option value ...')
  process.exit(2)
}
