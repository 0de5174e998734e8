'use strict'

// Topology: one host, loopback 127.0.0.1.
// Streams and payload protocol ids: MIS/OS negotiation seen by both sides,
// sid range checks, ppid in host byte order against a C peer.

const t = require('tap')
const path = require('node:path')
const { spawn } = require('node:child_process')
const readline = require('node:readline')
const { pair, listen, closeAll, collect, waitFor, lksctp } = require('../helpers')

const PEER = path.join(__dirname, '../../../build/bin/sctp_peer')

t.test('MIS/OS negotiation is seen by both sides', async (t) => {
  const [client, serverSide, server] = await pair({ MIS: 3, OS: 7 }, { MIS: 5, OS: 4 })
  const c = client.status()
  const s = serverSide.status()
  t.equal(c.outstrms, 3, 'client outbound = min(client OS 4, server MIS 3)')
  t.equal(c.instrms, 5, 'client inbound = min(server OS 7, client MIS 5)')
  t.equal(s.outstrms, 5, 'server outbound = min(server OS 7, client MIS 5)')
  t.equal(s.instrms, 3, 'server inbound = min(client OS 4, server MIS 3)')
  await closeAll(client, serverSide, server)
})

t.test('every stream keeps its own order; sid and ppid arrive', async (t) => {
  const [client, serverSide, server] = await pair({}, { OS: 5 })
  const n = 50
  for (let i = 0; i < n; i++) {
    const m = Buffer.from(`m${i}`)
    m.sid = i % 5
    m.ppid = 1000 + i
    client.write(m)
  }
  const got = await collect(serverSide, n)
  const perStream = [[], [], [], [], []]
  for (const m of got) {
    const i = Number(m.toString().slice(1))
    t.equal(m.sid, i % 5, `message ${i} on stream ${i % 5}`)
    t.equal(m.ppid, 1000 + i)
    perStream[m.sid].push(i)
  }
  for (const list of perStream) t.same(list, [...list].sort((a, b) => a - b), 'in order within its stream')
  await closeAll(client, serverSide, server)
})

t.test('a sid at or above the outbound stream count is refused; the association stays usable', async (t) => {
  const [client, serverSide, server] = await pair({ MIS: 2 }, { OS: 10 })
  t.equal(client.status().outstrms, 2)
  const bad = Buffer.from('x')
  bad.sid = 2
  t.throws(() => client.write(bad), { code: 'ERR_OUT_OF_RANGE', name: 'RangeError', message: /data\.sid.*>= 0 and < 2/ })
  const neg = Buffer.from('x')
  neg.sid = -1
  t.throws(() => client.write(neg), { code: 'ERR_OUT_OF_RANGE' })
  const str = Buffer.from('x')
  str.sid = '1'
  t.throws(() => client.write(str), { code: 'ERR_INVALID_ARG_TYPE', message: /data\.sid/ })
  const badPpid = Buffer.from('x')
  badPpid.ppid = 2 ** 32
  t.throws(() => client.write(badPpid), { code: 'ERR_OUT_OF_RANGE', message: /data\.ppid/ })
  t.throws(() => client.write({}), { code: 'ERR_INVALID_ARG_TYPE' })
  const good = Buffer.from('still here')
  good.sid = 1
  client.write(good)
  const [m] = await collect(serverSide, 1)
  t.equal(m.toString(), 'still here')
  t.equal(m.sid, 1)
  t.notOk(client.destroyed, 'client not destroyed')
  await closeAll(client, serverSide, server)
})

// Written while connecting, a message is checked against the streams asked
// for (OS 10); once up, against the ones the peer granted (its MIS 2), which
// the association reads for it: the write fails like a synchronous one.
t.test('a sid written while connecting, above what the peer grants, fails once up', async (t) => {
  const server = await listen({ MIS: 2 })
  server.on('connection', (s) => s.resume())
  const client = lksctp.connect({ host: '127.0.0.1', port: server.address().port, OS: 10 })
  const bad = Buffer.from('x')
  bad.sid = 5
  const errored = waitFor(client, 'error')
  const cbErr = new Promise((resolve) => client.write(bad, resolve))
  const [err] = await errored
  t.equal(err.code, 'ERR_OUT_OF_RANGE', 'an ERR_OUT_OF_RANGE')
  t.match(err.message, /data\.sid.*>= 0 and < 2/, 'naming the granted count')
  t.equal(await cbErr, err, 'the write\'s callback has it')
  await closeAll(client, server)
})

function runPeer (args) {
  const child = spawn(PEER, args, { stdio: ['ignore', 'pipe', 'inherit'] })
  const lines = readline.createInterface({ input: child.stdout })
  const queue = []
  const waiters = []
  lines.on('line', (l) => (waiters.length ? waiters.shift()(l) : queue.push(l)))
  const next = () => new Promise((resolve, reject) => {
    if (queue.length) return resolve(queue.shift())
    const timer = setTimeout(() => reject(new Error('C peer printed nothing')), 60000)
    waiters.push((l) => { clearTimeout(timer); resolve(l) })
  })
  return { child, next, exited: waitFor(child, 'exit', 60000) }
}

t.test('ppid is given and received in host byte order (against a C peer)', async (t) => {
  // The C peer listens and echoes: it prints what the kernel API gave it.
  const peer = runPeer(['listen', '127.0.0.1', '0'])
  const port = Number((await peer.next()).split('=')[1])
  const client = lksctp.connect({ host: '127.0.0.1', port })
  await waitFor(client, 'connect')
  const m = Buffer.from('ppid')
  m.ppid = 0x01020304
  m.sid = 3
  client.write(m)
  t.equal(await peer.next(), `sid=3 ppid=${0x01020304} len=4 text=ppid`, 'C peer reads ntohl(sinfo_ppid) = the ppid we gave')
  const [echo] = await collect(client, 1)
  t.equal(echo.ppid, 0x01020304, 'the echo comes back with the same ppid')
  t.equal(echo.sid, 3)
  client.end()
  await peer.exited
  await closeAll(client)

  // The C peer connects and sends with htonl(ppid): we read the host value.
  const server = lksctp.createServer()
  server.listen({ host: '127.0.0.1', port: 0 })
  await waitFor(server, 'listening')
  const accepted = waitFor(server, 'connection')
  const sender = runPeer(['connect', '127.0.0.1', String(server.address().port), '2', '46', 'diameter'])
  const [sock] = await accepted
  const [got] = await collect(sock, 1)
  t.equal(got.toString(), 'diameter')
  t.equal(got.ppid, 46, 'ppid 46 (Diameter) read in host order')
  t.equal(got.sid, 2)
  sock.end()
  await sender.exited
  await closeAll(sock, server)
})
