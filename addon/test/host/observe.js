'use strict'

// Observation under the testbed (lib/observe.js, lib/testbed.js), without
// SCTP: the observer wrapped around stand-in classes, its reports read back
// from a pipe; lksctp/testbed's report() and its errors; and that nothing
// is installed without LKSCTP_TESTBED_FD.

const t = require('tap')
const fs = require('node:fs')
const path = require('node:path')
const os = require('node:os')
const { spawnSync } = require('node:child_process')
const { EventEmitter } = require('node:events')

const lib = path.join(__dirname, '..', '..', 'lib')

// A child node that loads the package with LKSCTP_TESTBED_FD=3 (a file),
// runs `code`, and returns what it reported, one object per line.
function observed (code, env = { LKSCTP_TESTBED_FD: '3' }) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lksctp-observe-'))
  const file = path.join(dir, 'fd3')
  const fd = fs.openSync(file, 'w')
  const r = spawnSync(process.execPath, ['-e', code], {
    env: { ...process.env, ...env, LIB: lib },
    stdio: ['ignore', 'pipe', 'pipe', fd],
    encoding: 'utf8'
  })
  fs.closeSync(fd)
  const lines = fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l))
  fs.rmSync(dir, { recursive: true })
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, reports: lines }
}

t.test('report(): one app report with its fields and a monotonic time', async (t) => {
  const r = observed(`
    const tb = require(process.env.LIB + '/testbed.js')
    console.log(tb.active)
    tb.report('answered', { id: 17, ms: 3.5, ok: true, note: null })
    tb.report('done')`)
  t.equal(r.status, 0, r.stderr)
  t.equal(r.stdout.trim(), 'true', 'active under the runner')
  t.equal(r.reports.length, 2)
  t.match(r.reports[0], { ev: 'app', name: 'answered', id: 17, ms: 3.5, ok: true, note: null })
  t.type(r.reports[0].t, 'number')
  t.ok(r.reports[1].t >= r.reports[0].t, 'times go forward')
  t.same(Object.keys(r.reports[1]).sort(), ['ev', 'name', 't'])
})

t.test('a report JSON cannot carry is left out alone; the next ones still go', async (t) => {
  const r = observed(`
    const observe = require(process.env.LIB + '/observe.js')
    require(process.env.LIB + '/index.js')
    observe.report('app', { name: 'big', id: 1n })
    const cycle = {}
    cycle.self = cycle
    observe.report('app', { name: 'cycle', c: cycle })
    require(process.env.LIB + '/testbed.js').report('after', { id: 2 })`)
  t.equal(r.status, 0, r.stderr)
  t.same(r.reports.map((x) => x.name), ['after'], 'only the one JSON can carry')
})

t.test('lksctp/compat is observed as the main entry is', async (t) => {
  const r = observed(`
    const compat = require(process.env.LIB + '/compat.js')
    const { SctpSocket } = require(process.env.LIB + '/socket.js')
    const { Server } = require(process.env.LIB + '/server.js')
    console.log(typeof compat.createServer, Object.hasOwn(SctpSocket.prototype, 'emit'), Object.hasOwn(Server.prototype, 'emit'))`)
  t.equal(r.status, 0, r.stderr)
  t.equal(r.stdout.trim(), 'function true true', 'emit wrapped on the classes compat extends')
  const off = observed(`
    require(process.env.LIB + '/compat.js')
    const { SctpSocket } = require(process.env.LIB + '/socket.js')
    console.log(Object.hasOwn(SctpSocket.prototype, 'emit'))`, { LKSCTP_TESTBED_FD: '' })
  t.equal(off.stdout.trim(), 'false', 'and nothing without the runner')
})

t.test('report() outside the runner: nothing, and nothing installed', async (t) => {
  const r = observed(`
    const tb = require(process.env.LIB + '/testbed.js')
    const { SctpSocket } = require(process.env.LIB + '/socket.js')
    console.log(tb.active, Object.hasOwn(SctpSocket.prototype, 'emit'))
    tb.report('answered', { id: 1 })`, { LKSCTP_TESTBED_FD: '' })
  t.equal(r.status, 0, r.stderr)
  t.equal(r.stdout.trim(), 'false false', 'inactive; emit not wrapped')
  t.same(r.reports, [])
  const closed = observed(`
    const tb = require(process.env.LIB + '/testbed.js')
    console.log(tb.active)`, { LKSCTP_TESTBED_FD: '1000' })
  t.equal(closed.stdout.trim(), 'false', 'an fd that is not open is not used')
})

t.test('report(): bad arguments are errors naming them', async (t) => {
  const tb = require('../../lib/testbed')
  t.throws(() => tb.report(''), { code: 'ERR_INVALID_ARG_VALUE', message: /"name" argument/ })
  t.throws(() => tb.report('9lives'), { code: 'ERR_INVALID_ARG_VALUE' })
  t.throws(() => tb.report(17), { code: 'ERR_INVALID_ARG_VALUE', message: /Received number/ })
  t.throws(() => tb.report('x', 'fields'), { code: 'ERR_INVALID_ARG_TYPE', message: /"fields" argument.*Received string/ })
  t.throws(() => tb.report('x', [1]), { code: 'ERR_INVALID_ARG_TYPE', message: /an array/ })
  t.throws(() => tb.report('x', { ev: 1 }), { code: 'ERR_INVALID_ARG_VALUE', message: /'fields\.ev' is the report's own/ })
  t.throws(() => tb.report('x', { name: 'y' }), { code: 'ERR_INVALID_ARG_VALUE', message: /'fields\.name'/ })
  const must = 'property must be a string, a finite number, a boolean or null\\.'
  t.throws(() => tb.report('x', { id: 1n }), { code: 'ERR_INVALID_ARG_TYPE', message: new RegExp(`^The "fields\\.id" ${must} Received type bigint \\(1n\\)$`) })
  t.throws(() => tb.report('x', { ms: NaN }), { code: 'ERR_INVALID_ARG_TYPE', message: new RegExp(`^The "fields\\.ms" ${must} Received type number \\(NaN\\)$`) })
  t.throws(() => tb.report('x', { at: { a: 1 } }), { code: 'ERR_INVALID_ARG_TYPE', message: new RegExp(`^The "fields\\.at" ${must} Received an instance of Object$`) })
  t.throws(() => tb.report('x', { f: () => 1 }), { code: 'ERR_INVALID_ARG_TYPE', message: new RegExp(`^The "fields\\.f" ${must} Received function f$`) })
  t.doesNotThrow(() => tb.report('fine.name-2', { a: 1 }), 'a good call is a no-op here')
})

t.test('the observer on stand-in classes: events, counts, the association number', async (t) => {
  const r = observed(`
    const { EventEmitter } = require('node:events')
    const observe = require(process.env.LIB + '/observe.js')
    class Sock extends EventEmitter {
      constructor (n) { super(); this.n = n; this.remoteAddress = '10.0.0.' + n }
      get localAddresses () { return ['10.1.0.1'] }
      get remoteAddresses () { return [this.remoteAddress] }
      status () { return { outstrms: 4, instrms: 2 } }
      get peerInfoByAddress () { return { [this.remoteAddress]: { state: 'SCTP_ACTIVE', cwnd: 1, srtt: 2, rto: 3, mtu: 4 } } }
      push (m) { return true }
      _write (c, e, cb) { cb() }
      _writev (es, cb) { cb() }
      _onNotification (n) { this.emit('notification', n) }
    }
    // As lksctp/compat's: its own status() and paths shape, and
    // notifications dropped without a listener.
    class CompatSock extends Sock {
      status () { return { sstat_outstrms: 9 } }
      get peerInfoByAddress () { return { [this.remoteAddress]: { state: 2 } } }
      get _peerInfoMain () { return { [this.remoteAddress]: { state: 'SCTP_PF', cwnd: 1, srtt: 2, rto: 3, mtu: 4 } } }
      emit (ev, ...args) { return ev === 'notification' ? false : super.emit(ev, ...args) }
    }
    class Srv extends EventEmitter { address () { return { port: 5 } } }
    observe.install({ SctpSocket: Sock, Server: Srv }, 3)
    const srv = new Srv()
    srv.emit('listening')
    const a = new Sock(1)
    a.on('error', () => {})
    const early = Buffer.from('before'); early.sid = 3; early.ppid = 7
    a._write(early, null, () => {})
    a.emit('connect')
    const m = Buffer.from('abc'); m.sid = 2; m.ppid = 46
    a.push(m); a.push(m); a.push(null)
    const w = Buffer.from('hello'); w.sid = 1; w.ppid = 46
    a._write(w, null, () => {})
    a._writev([{ chunk: w }, { chunk: Buffer.from('x') }], () => {})
    a._onNotification({ parsed: { type: 'SCTP_PEER_ADDR_CHANGE', state: 'SCTP_ADDR_UNREACHABLE', address: '10.0.0.1', errorName: null } })
    a.emit('ready')
    a.emit('error', Object.assign(new Error('gone'), { code: 'ECONNRESET' }))
    const b = new Sock(2)
    srv.emit('connection', b)
    a.emit('close', true)
    const c = new CompatSock(4)
    c.emit('connect')
    c._onNotification({ parsed: { type: 'SCTP_ASSOC_CHANGE', state: 'SCTP_COMM_UP', errorName: null } })
    let threw = false
    try { new Sock(3).emit('error', new Error('unhandled')) } catch { threw = true }
    console.log('unhandled error still throws:', threw)`)
  t.equal(r.status, 0, r.stderr)
  t.match(r.stdout, /unhandled error still throws: true/, 'no error listener was added')
  const evs = r.reports.map((x) => x.ev)
  t.same(evs.slice(0, 3), ['listening', 'connect', 'peer-info'], 'listening, then the association and its paths')
  t.match(r.reports[0], { address: { port: 5 } })
  t.match(r.reports[1], { assoc: 1, remoteAddress: '10.0.0.1', outboundStreams: 4, inboundStreams: 2 })
  t.match(r.reports.find((x) => x.ev === 'notification'), { assoc: 1, type: 'SCTP_PEER_ADDR_CHANGE', state: 'SCTP_ADDR_UNREACHABLE' })
  t.match(r.reports.find((x) => x.ev === 'error'), { assoc: 1, code: 'ECONNRESET', message: 'gone' })
  t.match(r.reports.find((x) => x.ev === 'connection'), { assoc: 2, remoteAddress: '10.0.0.2' }, 'an accepted one is the second')
  const traffic = r.reports.filter((x) => x.ev === 'traffic' && x.assoc === 1).pop()
  t.same(traffic.rx, { '2/46': { count: 2, bytes: 6 } }, 'received: per stream/PPID, the end (null) not counted')
  t.same(traffic.tx, { '3/7': { count: 1, bytes: 6 }, '1/46': { count: 2, bytes: 10 }, '0/0': { count: 1, bytes: 1 } }, 'sent, through _write and _writev, and before the association was up')
  t.notOk(r.reports.some((x) => x.ev === 'traffic' && !x.assoc), 'counts are reported only once the association has its number')
  t.ok(evs.indexOf('traffic') < evs.lastIndexOf('close'), 'the counts are out before the close')
  t.match(r.reports.filter((x) => x.ev === 'close').pop(), { assoc: 1, hadError: true })
  t.match(r.reports.find((x) => x.ev === 'ready'), { assoc: 1 }, 'ready is reported')
  // lksctp/compat's sockets are reported in the main entry's shapes.
  t.match(r.reports.find((x) => x.ev === 'connect' && x.assoc === 3), { outboundStreams: 4, inboundStreams: 2 }, 'compat: streams from the main entry\'s status()')
  t.match(r.reports.find((x) => x.ev === 'peer-info' && x.assoc === 3), { paths: { '10.0.0.4': { state: 'SCTP_PF', cwnd: 1 } } }, 'compat: path states named')
  t.match(r.reports.find((x) => x.ev === 'notification' && x.assoc === 3), { type: 'SCTP_ASSOC_CHANGE', state: 'SCTP_COMM_UP' }, 'compat: a notification the program does not listen for')
})

t.test('lksctp/testbed as an ES module: the same report and active', async (t) => {
  const esm = await import('../../lib/testbed.mjs')
  const cjs = require('../../lib/testbed')
  t.equal(esm.report, cjs.report, 'report is the CommonJS one')
  t.equal(esm.default, cjs, 'the default export is the CommonJS module')
  t.equal(esm.active, cjs.active, 'active as the CommonJS module says')
})
