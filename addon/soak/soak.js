#!/usr/bin/env node
'use strict'

// The soak (README.md, "Soak"): associations opening and closing, messages on
// many streams with random sizes and ppids, readers pausing, paths going down
// and up, the server killed and restarted, for a bounded time; every message
// checked; at the end the long-lived processes back to their baseline and
// nothing left behind. Root, in a kernel with SCTP (make soak runs it through
// ci/sctp-run).
//
//   node addon/soak/soak.js [--duration SEC] [--seed N] [--workers N] [--out FILE]
//
//   namespace C (client)                         namespace S (servers)
//   +----------------------+      path 1      +-------------------------+
//   | c1  10.71.1.1/24     |------------------| s1  10.71.1.2/24        |
//   | c2  10.71.2.1/24     |------------------| s2  10.71.2.2/24        |
//   |                      |      path 2      |                         |
//   | peer.js client:      |                  | peer.js server stable   |
//   |   N workers          |                  |   (port 5001, long-lived)|
//   +----------------------+                  | peer.js server victim   |
//                                             |   (port 5002, SIGKILLed)|
//                                             +-------------------------+
//
// One path at a time goes down (either end) for 1-8 s; the victim is killed
// every 15-45 s and restarted 0.5-3 s later. A warm-up, then every
// association is closed and the baseline of the client and the stable
// server taken (fds, RSS and heap after GC, active resources); the run; every
// association closed again and the same figures compared.

const { spawn, execFileSync, execFile } = require('node:child_process')
const fs = require('node:fs')
const path = require('node:path')
const readline = require('node:readline')
const { rng } = require('./lib')

const ROOT = path.resolve(__dirname, '../..')
const TB = path.join(ROOT, 'testbed/bin/tb')
const PEER = path.join(__dirname, 'peer.js')
const PREFIX = 'lksoak'
const C_ADDR = ['10.71.1.1', '10.71.2.1']
const S_ADDR = ['10.71.1.2', '10.71.2.2']
const PORTS = { stable: 5001, victim: 5002 }
// Quick path failure detection; the association outlives a path.
const SYSCTLS = {
  'net.sctp.hb_interval': 500,
  'net.sctp.rto_initial': 300,
  'net.sctp.rto_min': 100,
  'net.sctp.rto_max': 1000,
  'net.sctp.path_max_retrans': 3,
  'net.sctp.association_max_retrans': 10
}
// Tolerances at the end, against the baseline after the warm-up.
const RSS_TOLERANCE = 24 << 20 // bytes
const HEAP_TOLERANCE = 4 << 20 // bytes
const GAP_LIMIT = 30000 // ms, the longest delivery gap on a surviving association
const QUIESCE_TIMEOUT = 180000 // ms to close every association

function parseArgs (argv) {
  const o = {
    duration: 3600,
    seed: null,
    workers: 6,
    out: path.join(ROOT, 'build/soak/report.json'),
    warmup: null
  }
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]
    const v = argv[i + 1]
    if (a === '--duration') o.duration = Number(v)
    else if (a === '--seed') o.seed = Number(v)
    else if (a === '--workers') o.workers = Number(v)
    else if (a === '--warmup') o.warmup = Number(v)
    else if (a === '--out') o.out = path.resolve(v)
    else throw new Error(`usage: soak.js [--duration SEC] [--seed N] [--workers N] [--warmup SEC] [--out FILE] (not ${a})`)
    i++
  }
  if (!(o.duration >= 30)) throw new Error('--duration: at least 30 seconds')
  if (o.seed === null || !Number.isFinite(o.seed)) o.seed = Math.floor(Math.random() * 2 ** 31)
  o.seed >>>= 0
  if (o.warmup === null) o.warmup = Math.min(30, Math.round(o.duration / 6))
  return o
}

const opts = parseArgs(process.argv.slice(2))
const r = rng(opts.seed)
const t0 = Date.now()
const elapsed = () => ((Date.now() - t0) / 1000).toFixed(1)
const log = (msg) => console.log(`# ${elapsed()} s: ${msg}`)

// ---- the topology ---------------------------------------------------------------

const made = [] // namespaces, deleted at exit whatever happens
const children = new Set()

function tb (...a) {
  return execFileSync(TB, a, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim()
}

function tbAsync (...a) {
  return new Promise((resolve, reject) => {
    execFile(TB, a, (err, stdout, stderr) => (err ? reject(new Error(stderr.trim() || err.message)) : resolve(stdout)))
  })
}

function rootLinks () {
  return execFileSync('ip', ['-o', 'link', 'show'], { encoding: 'utf8' })
    .split('\n').filter(Boolean).map((l) => l.split(': ')[1]).sort()
}

function netnsList () {
  try {
    return fs.readdirSync('/run/netns')
  } catch {
    return []
  }
}

function buildTopology () {
  tb('sweep', PREFIX)
  const C = tb('name', PREFIX, String(process.pid), 'c')
  const S = tb('name', PREFIX, String(process.pid), 's')
  for (const ns of [C, S]) {
    made.push(ns)
    tb('netns', 'add', ns)
  }
  for (const i of [1, 2]) {
    tb('veth', `c${i}@${C}`, `s${i}@${S}`)
    tb('link', 'set', C, `c${i}`, 'up')
    tb('link', 'set', S, `s${i}`, 'up')
    tb('addr', 'add', C, `c${i}`, `${C_ADDR[i - 1]}/24`)
    tb('addr', 'add', S, `s${i}`, `${S_ADDR[i - 1]}/24`)
  }
  for (const ns of [C, S]) {
    for (const [k, v] of Object.entries(SYSCTLS)) tb('sysctl', ns, k, String(v))
  }
  return { C, S }
}

function teardown () {
  for (const c of children) {
    try {
      c.child.kill('SIGKILL')
    } catch {}
  }
  for (const ns of made.splice(0).reverse()) {
    try {
      tb('netns', 'del', ns)
    } catch {}
  }
}

process.on('exit', teardown)
process.on('SIGINT', () => process.exit(130))
process.on('SIGTERM', () => process.exit(143))
process.on('SIGHUP', () => process.exit(129))

// ---- the processes ----------------------------------------------------------------

class Proc {
  constructor (name, ns, peerArgs, onLine) {
    this.name = name
    this.lines = []
    this.waiters = []
    this.exited = false
    this.status = null
    this.child = spawn('ip', ['netns', 'exec', ns, process.execPath, '--expose-gc', PEER, ...peerArgs],
      { stdio: ['pipe', 'pipe', 'pipe'] })
    this.pid = this.child.pid
    children.add(this)
    this.stderr = ''
    this.child.stderr.on('data', (d) => {
      this.stderr += d
      process.stderr.write(`${name}: ${d}`)
    })
    readline.createInterface({ input: this.child.stdout }).on('line', (line) => {
      let obj
      try {
        obj = JSON.parse(line)
      } catch {
        process.stderr.write(`${name}: ${line}\n`)
        return
      }
      if (onLine(obj, this)) return
      this.lines.push(obj)
      this._wake()
    })
    this.child.on('exit', (code, signal) => {
      this.exited = true
      this.status = signal || code
      children.delete(this)
      this._wake()
    })
    this.child.stdin.on('error', () => {})
  }

  _wake () {
    for (const w of this.waiters.splice(0)) w()
  }

  send (obj) {
    if (!this.exited) this.child.stdin.write(JSON.stringify(obj) + '\n')
  }

  _wait (ms) {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms)
      this.waiters.push(() => {
        clearTimeout(timer)
        resolve()
      })
    })
  }

  async next (key, timeoutMs = 60000) {
    const deadline = Date.now() + timeoutMs
    for (;;) {
      const i = this.lines.findIndex((l) => key in l)
      if (i >= 0) return this.lines.splice(i, 1)[0]
      if (this.exited) throw new Error(`${this.name} exited (${this.status}) before "${key}": ${this.lastFatal || this.stderr.trim().split('\n').pop() || ''}`)
      const left = deadline - Date.now()
      if (left <= 0) throw new Error(`${this.name}: no "${key}" within ${timeoutMs} ms`)
      await this._wait(left)
    }
  }

  async waitExit (ms) {
    const deadline = Date.now() + ms
    while (!this.exited && Date.now() < deadline) await this._wait(deadline - Date.now())
    return this.exited
  }
}

// ---- what comes back ----------------------------------------------------------------

const records = { client: new Map(), server: new Map() } // id -> record
const orphanServer = [] // server records without an id (no HELLO)
const kills = [] // { epoch, at, restartedAt }
const flaps = [] // { path, end, down, up }
const progress = { assocs: 0, msgs: 0 }

function onLine (obj, proc) {
  if (obj.assoc) {
    const a = obj.assoc
    if (a.side === 'client') {
      records.client.set(a.id, a)
      progress.assocs++
      progress.msgs += a.recvMsgs + a.sentMsgs
    } else if (a.id === null) {
      orphanServer.push(a)
    } else {
      records.server.set(a.id, a)
    }
    return true
  }
  if (obj.fatal) {
    proc.lastFatal = obj.fatal
    return true
  }
  if (obj.lingering) {
    proc.lingering = obj.lingering
    return true
  }
  return false
}

// ---- the run --------------------------------------------------------------------

const checks = []
function check (name, ok, detail) {
  checks.push({ name, ok: !!ok, detail: detail === undefined ? '' : String(detail) })
}

let victim = null
let victimEpoch = 0
let stopChaos = false

// A restarted server must get its old port back while the killed one's
// associations still hold it (the addon sets SO_REUSEADDR, as net does). A
// refusal (EADDRINUSE) is recorded and fails a check; the run goes on with
// the server on a fresh port, the client told.
const restartRefusals = []
let victimPort = PORTS.victim
async function startVictim (S, client) {
  victimEpoch++
  const start = Date.now()
  for (let attempt = 1; ; attempt++) {
    const p = new Proc(`victim#${victimEpoch}`, S, ['server', '--name', 'victim', '--epoch', String(victimEpoch),
      '--port', String(victimPort), '--addresses', S_ADDR.join(','), '--seed', String(r.u32()),
      '--poolSeed', String(opts.seed)], onLine)
    try {
      await p.next('ready', 60000)
      victim = p
      if (client) client.send({ cmd: 'victim', port: victimPort })
      return p
    } catch (err) {
      if (!/EADDRINUSE/.test(p.lastFatal || '') || attempt > 3) throw err
      restartRefusals.push({ epoch: victimEpoch, port: victimPort, afterKillMs: Date.now() - start, error: p.lastFatal })
      await p.waitExit(5000)
      victimPort = PORTS.victim + 100 + victimEpoch * 4 + attempt
    }
  }
}

function sleepMs (ms) {
  return new Promise((resolve) => setTimeout(resolve, ms))
}

// Interruptible by stopChaos (checked every 200 ms).
async function chaosSleep (ms) {
  const end = Date.now() + ms
  while (!stopChaos && Date.now() < end) await sleepMs(Math.min(200, end - Date.now()))
}

async function flapper (topo) {
  while (!stopChaos) {
    await chaosSleep(r.range(3000, 10000))
    if (stopChaos) break
    const p = r.int(1, 2)
    const end = r.chance(0.5) ? 'c' : 's'
    const ns = end === 'c' ? topo.C : topo.S
    const dev = `${end}${p}`
    const down = r.range(1000, 8000)
    const f = { path: p, end: dev, at: Number(elapsed()), downMs: Math.round(down) }
    await tbAsync('link', 'set', ns, dev, 'down')
    flaps.push(f)
    await chaosSleep(down)
    await tbAsync('link', 'set', ns, dev, 'up')
  }
}

async function killer (topo, client) {
  while (!stopChaos) {
    await chaosSleep(r.range(15000, 45000))
    if (stopChaos) break
    const v = victim
    const k = { epoch: victimEpoch, at: Date.now() }
    kills.push(k)
    v.child.kill('SIGKILL')
    await v.waitExit(10000)
    await sleepMs(r.range(500, 3000))
    await startVictim(topo.S, client)
    k.restartedAt = Date.now()
  }
}

async function quiesce (client, what) {
  const start = Date.now()
  client.send({ cmd: 'quiesce' })
  try {
    await client.next('quiesced', QUIESCE_TIMEOUT)
  } catch (err) {
    client.send({ cmd: 'dump' })
    const d = await client.next('dump', 10000).catch(() => null)
    check(`every association closes at the ${what} (within ${QUIESCE_TIMEOUT / 1000} s)`, false,
      `${err.message}; still open: ${d ? JSON.stringify(d.dump).slice(0, 800) : '?'}`)
    return false
  }
  // The servers see the last ends a little later.
  for (const s of [stable, victim]) {
    for (;;) {
      s.send({ cmd: 'figures' })
      const f = await s.next('figures', 60000)
      if (f.figures.conns === 0) break
      if (Date.now() - start > QUIESCE_TIMEOUT) {
        check(`every association closes at the ${what}`, false, `${s.name} still has ${f.figures.conns}`)
        return false
      }
      await sleepMs(500)
    }
  }
  check(`every association closes at the ${what} (within ${QUIESCE_TIMEOUT / 1000} s)`, true,
    `${((Date.now() - start) / 1000).toFixed(1)} s`)
  return true
}

async function figuresOf (p) {
  p.send({ cmd: 'figures' })
  return (await p.next('figures', 60000)).figures
}

let stable = null

async function main () {
  console.log(`# soak: seed ${opts.seed} (--seed ${opts.seed} reproduces the schedule), duration ${opts.duration} s, ` +
    `warm-up ${opts.warmup} s, ${opts.workers} workers, kernel ${process.env.LKSCTP_KERNEL_RELEASE || require('node:os').release()}`)
  if (process.getuid() !== 0) throw new Error('the soak needs root (namespaces, veths, sysctls)')
  if (!fs.existsSync(TB)) throw new Error(`${TB} is missing: make -C testbed`)
  const linksBefore = rootLinks()
  const nsBefore = netnsList().filter((n) => n.startsWith(PREFIX + '-'))
  const topo = buildTopology()
  check('topology: two namespaces, two veth paths up', true, `${topo.C} ${topo.S}`)

  stable = new Proc('stable', topo.S, ['server', '--name', 'stable', '--epoch', '0', '--port', String(PORTS.stable),
    '--addresses', S_ADDR.join(','), '--seed', String(r.u32()), '--poolSeed', String(opts.seed)], onLine)
  await stable.next('ready', 60000)
  await startVictim(topo.S)
  const client = new Proc('client', topo.C, ['client', '--workers', String(opts.workers),
    '--remote', S_ADDR.join(','), '--local', C_ADDR.join(','),
    '--ports', `${PORTS.stable},${PORTS.victim}`, '--seed', String(r.u32()), '--poolSeed', String(opts.seed)], onLine)
  await client.next('ready', 60000)
  log('client, stable server and victim server ready')

  // Warm-up, then the baseline with no association open.
  client.send({ cmd: 'start' })
  await sleepMs(opts.warmup * 1000)
  await quiesce(client, 'baseline')
  const base = { client: await figuresOf(client), stable: await figuresOf(stable) }
  log(`baseline: client ${fmtFig(base.client)}; stable server ${fmtFig(base.stable)}`)
  const warmupAssocs = progress.assocs

  // The run.
  const runStart = Date.now()
  const runMs = Math.max(10, opts.duration - opts.warmup - 5) * 1000
  client.send({ cmd: 'start' })
  const chaos = [flapper(topo), killer(topo, client)]
  const ticker = setInterval(() => {
    log(`${progress.assocs} associations done, ${progress.msgs} messages, ${flaps.length} path flaps, ${kills.length} kills`)
  }, opts.duration >= 600 ? 60000 : 30000)
  await sleepMs(runMs)
  stopChaos = true
  await Promise.all(chaos)
  clearInterval(ticker)
  const runEnd = Date.now()
  log('the run is over: every path up, closing every association')
  const quiet = await quiesce(client, 'end')
  const end = quiet ? { client: await figuresOf(client), stable: await figuresOf(stable) } : null
  if (end) log(`end: client ${fmtFig(end.client)}; stable server ${fmtFig(end.stable)}`)

  // Every process exits by itself when asked.
  for (const p of [client, stable, victim]) {
    p.send({ cmd: 'exit' })
    p.child.stdin.end() // as bench/run.js does: a paused stdin may hold the loop
    const gone = await p.waitExit(15000)
    check(`${p.name} exits 0 when asked (nothing keeps it alive)`, gone && p.status === 0,
      gone ? `exit ${p.status}` : `still running after 15 s, holding: ${(p.lingering || ['?']).join(', ')}`)
  }
  teardown()
  await sleepMs(200)
  const leftNs = netnsList().filter((n) => n.startsWith(PREFIX + '-') && !nsBefore.includes(n))
  const linksAfter = rootLinks()
  const leftProcs = [client, stable, victim].filter((p) => { try { process.kill(p.pid, 0); return true } catch { return false } })
  check('no namespace, veth or process left', !leftNs.length && linksAfter.join() === linksBefore.join() && !leftProcs.length,
    `namespaces [${leftNs}], links before [${linksBefore}] after [${linksAfter}], processes [${leftProcs.map((p) => p.pid)}]`)

  const report = summarize({ base, end, runMs: runEnd - runStart, warmupAssocs })
  fs.mkdirSync(path.dirname(opts.out), { recursive: true })
  fs.writeFileSync(opts.out, JSON.stringify(report, null, 2) + '\n')
  printReport(report)
  console.log(`report: ${path.relative(process.cwd(), opts.out)}`)
  const failed = checks.filter((c) => !c.ok).length
  console.log(`${checks.length - failed} passed, ${failed} failed`)
  return failed ? 1 : 0
}

function fmtFig (f) {
  return `${f.fds} fds, RSS ${(f.rss / 1048576).toFixed(1)} MiB, heap ${(f.heapUsed / 1048576).toFixed(1)} MiB, ` +
    `handles ${JSON.stringify(f.handles)}`
}

// ---- the figures and the checks -----------------------------------------------

function summarize ({ base, end, runMs, warmupAssocs }) {
  const killedEpochs = new Set(kills.map((k) => k.epoch))
  const killedDuring = (c) => kills.some((k) => k.at >= c.t0 - 1000 && k.at <= c.t1 + 1000)
  const n = {
    opened: 0,
    connectFailed: 0,
    connectFailedByCode: {},
    graceful: 0,
    abortedByClient: { destroy: 0, reset: 0 },
    abortedByServer: 0,
    killed: 0,
    unexplained: 0,
    closeTimeout: 0
  }
  const dirs = {
    c2s: { sentMsgs: 0, sentBytes: 0, recvMsgs: 0, recvBytes: 0, maxGap: 0, gapSum: 0, gapN: 0 },
    s2c: { sentMsgs: 0, sentBytes: 0, recvMsgs: 0, recvBytes: 0, maxGap: 0, gapSum: 0, gapN: 0 }
  }
  let crcFail = 0
  let order = 0
  let dups = 0
  let lostSurviving = 0
  let lostAborted = 0
  let lostKilledUnknown = 0
  let survivingMaxGap = 0
  const bad = []
  const note = (what) => { if (bad.length < 20) bad.push(what) }

  for (const c of records.client.values()) {
    const s = records.server.get(c.id) || null
    for (const rec of [c, s]) {
      if (!rec) continue
      crcFail += rec.crcFail
      order += rec.order
      dups += rec.dups
      for (const b of rec.bad) note(`assoc ${c.id} (${rec.side}): ${b}`)
      const d = rec.side === 'client' ? dirs.s2c : dirs.c2s
      d.recvMsgs += rec.recvMsgs
      d.recvBytes += rec.recvBytes
      if (rec.maxGap > d.maxGap) d.maxGap = rec.maxGap
      d.gapSum += rec.gapSum
      d.gapN += rec.gapN
      const e = rec.side === 'client' ? dirs.c2s : dirs.s2c
      e.sentMsgs += rec.sentMsgs
      e.sentBytes += rec.sentBytes
    }
    if (c.how === 'connect-failed') {
      n.connectFailed++
      n.connectFailedByCode[c.err] = (n.connectFailedByCode[c.err] || 0) + 1
      const expected = c.server === 'victim' && ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT'].includes(c.err)
      if (!expected) {
        n.unexplained++
        // With the chaos around it: the path flaps overlapping the attempt
        // and the last kill before it.
        const from = (c.connectAt - t0) / 1000
        const to = from + (c.connectMs || 0) / 1000
        const around = flaps.filter((f) => f.at <= to && f.at + f.downMs / 1000 >= from)
          .map((f) => `${f.end} down ${f.at.toFixed(1)}-${(f.at + f.downMs / 1000).toFixed(1)} s`)
        const kill = kills.filter((k) => k.at <= c.connectAt).pop()
        note(`assoc ${c.id}: connect to the ${c.server} server failed: ${c.err} after ${c.connectMs} ms ` +
          `(at ${from.toFixed(1)} s, to ${(c.remotes || []).join(',')}; flaps: ${around.join('; ') || 'none'}; ` +
          `last kill ${kill ? `${((c.connectAt - kill.at) / 1000).toFixed(1)} s before` : 'none'})`)
      }
      continue
    }
    n.opened++
    // What one side sent and the other received, stream by stream.
    const missing = (sent, recv) => {
      let m = 0
      for (let i = 0; i < Math.max(sent.length, recv.length); i++) m += (sent[i] || 0) - (recv[i] || 0)
      return m
    }
    const clientAborted = c.how === 'aborted'
    const serverAborted = s && s.how === 'aborted'
    if (c.how === 'graceful' && s && s.how === 'graceful') {
      n.graceful++
      const lost = c.lost + s.lost + Math.abs(missing(c.sent, s.recv)) + Math.abs(missing(s.sent, c.recv))
      if (lost) note(`assoc ${c.id}: closed gracefully with ${lost} messages missing`)
      lostSurviving += lost
      survivingMaxGap = Math.max(survivingMaxGap, c.maxGap, s.maxGap)
      continue
    }
    if (c.how === 'close-timeout') {
      n.closeTimeout++
      n.unexplained++
      note(`assoc ${c.id}: no CLOSE from the ${c.server} server within 120 s`)
      continue
    }
    if (clientAborted || serverAborted) {
      if (clientAborted) n.abortedByClient[c.abortMode]++
      else n.abortedByServer++
      if (s) lostAborted += Math.max(0, missing(c.sent, s.recv)) + Math.max(0, missing(s.sent, c.recv))
      continue
    }
    const killed = c.server === 'victim' && !s &&
      (c.epoch !== null ? killedEpochs.has(c.epoch) : killedDuring(c))
    if (killed) {
      n.killed++
      lostKilledUnknown++
      continue
    }
    n.unexplained++
    note(`assoc ${c.id} (${c.server} server, epoch ${c.epoch}): client ${c.how} (${c.err}), ` +
      `server ${s ? `${s.how} (${s.err})` : 'no record'}`)
  }
  // A server record with no client record, or with no HELLO, is a failure.
  for (const s of records.server.values()) {
    if (!records.client.has(s.id)) {
      n.unexplained++
      note(`assoc ${s.id}: a server record and no client record`)
    }
  }
  for (const s of orphanServer) {
    // A client that aborted or was refused before its HELLO arrived.
    if (s.how !== 'peer-ended' || s.sentMsgs || s.recvMsgs) {
      n.unexplained++
      note(`an association without HELLO at the ${s.server} server: ${s.how} (${s.err})`)
    }
  }

  const totalAssocs = n.opened + n.connectFailed
  const runS = opts.duration >= 60
  check('associations opened and closed', n.opened > 0 && n.graceful > 0, `${n.opened} opened, ${n.graceful} closed gracefully`)
  check('messages went both ways', dirs.c2s.recvMsgs > 0 && dirs.s2c.recvMsgs > 0,
    `${dirs.c2s.recvMsgs} client to server, ${dirs.s2c.recvMsgs} server to client`)
  check('every message intact (checksum, length, sid, ppid)', crcFail === 0, `${crcFail} checksum failures`)
  check('in order per stream', order === 0, `${order} order violations`)
  check('no duplicate', dups === 0, `${dups} duplicates`)
  check('no message lost on an association that was not aborted or killed', lostSurviving === 0,
    `${lostSurviving} missing on ${n.graceful} graceful closes`)
  check('every association that did not close gracefully was aborted by one side or lost its killed server',
    n.unexplained === 0, `${n.unexplained} unexplained`)
  check('paths went down and up while traffic flowed', !runS || flaps.length > 0, `${flaps.length} flaps`)
  check('the server was killed and restarted', !runS || kills.length > 0, `${kills.length} kills`)
  check('every restarted server listened on its old port', restartRefusals.length === 0,
    `${restartRefusals.length} of ${kills.length} restarts refused (EADDRINUSE)`)
  check(`longest delivery gap on a surviving association under ${GAP_LIMIT / 1000} s`, survivingMaxGap < GAP_LIMIT,
    `${(survivingMaxGap / 1000).toFixed(2)} s`)
  for (const who of ['client', 'stable']) {
    const b = base[who]
    const e = end && end[who]
    if (!e) {
      check(`${who}: fds, handles and memory back to baseline`, false, 'no end figures (not every association closed)')
      continue
    }
    check(`${who}: fds back to baseline (exactly)`, e.fds === b.fds, `${b.fds} -> ${e.fds}`)
    check(`${who}: active resources back to baseline (exactly, by type)`,
      JSON.stringify(sorted(e.handles)) === JSON.stringify(sorted(b.handles)),
      `${JSON.stringify(b.handles)} -> ${JSON.stringify(e.handles)}`)
    check(`${who}: RSS after GC within ${RSS_TOLERANCE >> 20} MiB of baseline`, e.rss - b.rss <= RSS_TOLERANCE,
      `${mib(b.rss)} -> ${mib(e.rss)} MiB`)
    check(`${who}: V8 heap after GC within ${HEAP_TOLERANCE >> 20} MiB of baseline`, e.heapUsed - b.heapUsed <= HEAP_TOLERANCE,
      `${mib(b.heapUsed)} -> ${mib(e.heapUsed)} MiB`)
  }
  return {
    seed: opts.seed,
    duration: opts.duration,
    warmup: opts.warmup,
    workers: opts.workers,
    runSeconds: Math.round(runMs / 1000),
    kernel: process.env.LKSCTP_KERNEL_RELEASE || require('node:os').release(),
    runner: process.env.LKSCTP_KERNEL_RUNNER || 'direct',
    associations: { ...n, attempted: totalAssocs, duringWarmup: warmupAssocs },
    messages: dirs,
    checksumFailures: crcFail,
    orderViolations: order,
    duplicates: dups,
    lostOnSurviving: lostSurviving,
    lostOnAborted: lostAborted,
    killedAssociations: lostKilledUnknown,
    survivingMaxGapMs: survivingMaxGap,
    pathFlaps: flaps.length,
    flaps,
    kills: kills.map((k) => ({ epoch: k.epoch, at: ((k.at - t0) / 1000).toFixed(1), restartMs: k.restartedAt ? k.restartedAt - k.at : null })),
    restartRefusals,
    processes: { baseline: base, end },
    tolerances: { rssBytes: RSS_TOLERANCE, heapBytes: HEAP_TOLERANCE, fds: 0, handles: 0, gapMs: GAP_LIMIT },
    problems: bad,
    checks
  }
}

function sorted (o) {
  return Object.fromEntries(Object.entries(o).sort())
}

function mib (b) {
  return (b / 1048576).toFixed(1)
}

function printReport (rep) {
  const a = rep.associations
  const m = rep.messages
  const fmt = (x) => typeof x === 'number' ? x.toLocaleString('en-US') : String(x)
  const rows = [
    ['seed', rep.seed],
    ['run (after warm-up)', `${rep.runSeconds} s, ${rep.workers} workers`],
    ['associations opened', a.opened],
    ['  closed gracefully (end)', a.graceful],
    ['  aborted by the client: destroy()', a.abortedByClient.destroy],
    ['  aborted by the client: resetAndDestroy()', a.abortedByClient.reset],
    ['  aborted by the server: resetAndDestroy()', a.abortedByServer],
    ['  ended by a server kill', a.killed],
    ['  unexplained ends', a.unexplained],
    ['connects refused/failed (victim down)', `${a.connectFailed} ${JSON.stringify(a.connectFailedByCode)}`],
    ['messages client->server sent / received', `${fmt(m.c2s.sentMsgs)} / ${fmt(m.c2s.recvMsgs)}`],
    ['bytes client->server sent / received', `${fmt(m.c2s.sentBytes)} / ${fmt(m.c2s.recvBytes)}`],
    ['messages server->client sent / received', `${fmt(m.s2c.sentMsgs)} / ${fmt(m.s2c.recvMsgs)}`],
    ['bytes server->client sent / received', `${fmt(m.s2c.sentBytes)} / ${fmt(m.s2c.recvBytes)}`],
    ['checksum failures', rep.checksumFailures],
    ['order violations', rep.orderViolations],
    ['duplicates', rep.duplicates],
    ['lost on surviving associations', rep.lostOnSurviving],
    ['lost on aborted associations (both ends known)', rep.lostOnAborted],
    ['path flaps', rep.pathFlaps],
    ['server kills', rep.kills.length],
    ['restarts refused on the old port (EADDRINUSE)', `${rep.restartRefusals.length} of ${rep.kills.length}`],
    ['delivery gap c->s max / avg (ms)', `${m.c2s.maxGap} / ${(m.c2s.gapSum / (m.c2s.gapN || 1)).toFixed(2)}`],
    ['delivery gap s->c max / avg (ms)', `${m.s2c.maxGap} / ${(m.s2c.gapSum / (m.s2c.gapN || 1)).toFixed(2)}`],
    ['max gap on a surviving association (ms)', rep.survivingMaxGapMs]
  ]
  for (const who of ['client', 'stable']) {
    const b = rep.processes.baseline[who]
    const e = rep.processes.end && rep.processes.end[who]
    rows.push([`${who}: fds start / end`, `${b.fds} / ${e ? e.fds : '-'}`])
    rows.push([`${who}: RSS after GC start / end (MiB)`, `${mib(b.rss)} / ${e ? mib(e.rss) : '-'}`])
    rows.push([`${who}: heap after GC start / end (MiB)`, `${mib(b.heapUsed)} / ${e ? mib(e.heapUsed) : '-'}`])
    rows.push([`${who}: active resources start / end`, `${JSON.stringify(b.handles)} / ${e ? JSON.stringify(e.handles) : '-'}`])
  }
  const w = Math.max(...rows.map((x) => x[0].length))
  console.log('')
  for (const [k, v] of rows) console.log(`${k.padEnd(w)}  ${fmt(v)}`)
  console.log('')
  for (const p of rep.problems) console.log(`# problem: ${p}`)
  for (const c of rep.checks) console.log(`${c.ok ? 'ok    ' : 'FAILED'}  ${c.name}${c.detail ? ` (${c.detail})` : ''}`)
}

main().then((code) => {
  process.exitCode = code
}, (err) => {
  console.error(`soak: ${err.stack || err.message}`)
  teardown()
  const failed = checks.filter((c) => !c.ok).length + 1
  console.log(`${checks.length - failed + 1} passed, ${failed} failed`)
  process.exit(1)
})
