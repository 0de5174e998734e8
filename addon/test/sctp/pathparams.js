'use strict'

// Path and retransmission parameters: options at connect and createServer,
// run-time methods, and what getsockopt reads back on both sides.
//
// Topology of the read-back tests: one host, two loopback addresses.
//
//   client 127.0.0.1 ---\ /--- 127.0.0.1 server
//                        X
//   client 127.0.0.2 ---/ \--- 127.0.0.2 server
//
// Topology of the potentially-failed test: a network namespace joined by
// two veth pairs; a C peer (libsctp) listens on every address there.
//
//   this process (client)                       namespace lkpp<tag>
//   198.18.100.1  lkpp<tag>a0 ----------- lkpp<tag>b0  198.18.100.2  sctp_peer
//   198.18.101.1  lkpp<tag>a1 ----------- lkpp<tag>b1  198.18.101.2  (0.0.0.0)
//                                              ^ set down, then up again
//
// Times are multiples of 20 ms: the kernel keeps an association's times in
// jiffies (at HZ=250, 30 ms reads back as 32).

const t = require('tap')
const fs = require('node:fs')
const path = require('node:path')
const crypto = require('node:crypto')
const readline = require('node:readline')
const { spawn } = require('node:child_process')
const { closeAll, waitFor, until, collect, openFds, ip, lksctp } = require('../helpers')

const ADDRS = ['127.0.0.1', '127.0.0.2']
const PEER = path.join(__dirname, '../../../build/bin/sctp_peer')
const SYSCTL = '/proc/sys/net/sctp/'

function sysctl (name) {
  return Number(fs.readFileSync(SYSCTL + name, 'utf8').trim())
}

function setSysctl (t, name, value) {
  const old = fs.readFileSync(SYSCTL + name, 'utf8').trim()
  fs.writeFileSync(SYSCTL + name, String(value))
  t.teardown(() => fs.writeFileSync(SYSCTL + name, old))
}

async function multiPair (serverOptions, clientOptions) {
  const server = lksctp.createServer(serverOptions)
  server.listen({ localAddresses: ADDRS, port: 0 })
  await waitFor(server, 'listening')
  const accepted = waitFor(server, 'connection')
  const client = lksctp.connect({ remoteAddresses: ADDRS, localAddresses: ADDRS, port: server.address().port, ...clientOptions })
  await waitFor(client, 'connect')
  const [serverSide] = await accepted
  return [client, serverSide, server]
}

// What a socket reads back, association-wide and for each remote address.
function readBack (t, socket, side, want) {
  t.same([...socket.remoteAddresses].sort(), ADDRS, `${side}: two paths`)
  t.same(socket.getPathParams(), want.paths, `${side}: path parameters of the association`)
  for (const a of socket.remoteAddresses) t.same(socket.getPathParams(a), want.paths, `${side}: path parameters of ${a}`)
  t.same(socket.getRto(), want.rto, `${side}: RTO`)
  t.equal(socket.getMaxRetransmits(), want.maxRetransmits, `${side}: association max retransmissions`)
  t.equal(socket.getExposePotentiallyFailed(), want.expose, `${side}: PF exposure`)
}

t.test('without options: the kernel\'s defaults, from its sysctls', async (t) => {
  const [client, serverSide, server] = await multiPair()
  const expose = sysctl('pf_expose')
  const want = {
    paths: {
      heartbeat: true,
      heartbeatInterval: sysctl('hb_interval'),
      maxRetransmits: sysctl('path_max_retrans'),
      pfThreshold: sysctl('pf_retrans'),
      switchoverThreshold: sysctl('ps_retrans')
    },
    rto: { initial: sysctl('rto_initial'), min: sysctl('rto_min'), max: sysctl('rto_max') },
    maxRetransmits: sysctl('association_max_retrans'),
    // 0 unset, 1 disabled, 2 enabled (ip-sysctl.rst, pf_expose)
    expose: expose === 0 ? null : expose === 2
  }
  readBack(t, client, 'client', want)
  readBack(t, serverSide, 'accepted', want)
  await closeAll(client, serverSide, server)
})

t.test('options at createServer and connect read back on both sides', async (t) => {
  const serverOpts = {
    paths: { heartbeatInterval: 1000, maxRetransmits: 4, pfThreshold: 1, switchoverThreshold: 3 },
    rto: { initial: 400, min: 200, max: 2000 },
    maxRetransmits: 6,
    exposePotentiallyFailed: true
  }
  const clientOpts = {
    paths: { heartbeat: false, heartbeatInterval: 2000, maxRetransmits: 7, pfThreshold: 2, switchoverThreshold: 5 },
    rto: { initial: 600, min: 300, max: 3000 },
    maxRetransmits: 9,
    exposePotentiallyFailed: false
  }
  const [client, serverSide, server] = await multiPair({ sctp: serverOpts }, { sctp: clientOpts })
  readBack(t, serverSide, 'accepted', {
    paths: { heartbeat: true, ...serverOpts.paths },
    rto: serverOpts.rto,
    maxRetransmits: 6,
    expose: true
  })
  readBack(t, client, 'client', {
    paths: clientOpts.paths,
    rto: clientOpts.rto,
    maxRetransmits: 9,
    expose: false
  })

  // A second association to the same server takes the same defaults.
  const accepted = waitFor(server, 'connection')
  const other = lksctp.connect({ host: '127.0.0.1', port: server.address().port })
  const [[s2]] = await Promise.all([accepted, waitFor(other, 'connect')])
  t.same(s2.getPathParams(), { heartbeat: true, ...serverOpts.paths }, 'every accepted association has them')
  t.same(s2.getRto(), serverOpts.rto)
  t.equal(s2.getExposePotentiallyFailed(), true)
  t.equal(other.getExposePotentiallyFailed(), sysctl('pf_expose') === 0 ? null : sysctl('pf_expose') === 2, 'not the client without options')
  await closeAll(client, serverSide, other, s2, server)
})

t.test('the kernel\'s refusals of options come back as errors', async (t) => {
  // A min above the kernel's default max (rto_max) is refused by the
  // kernel, not by the validation (which sees one bound only).
  const min = sysctl('rto_max') + 20
  const c = lksctp.connect({ host: '127.0.0.1', port: 9, sctp: { rto: { min } } })
  const closed = waitFor(c, 'close') // emitted in the same tick as 'error'
  const [err] = await waitFor(c, 'error')
  t.match(err, { code: 'EINVAL', syscall: 'setsockopt SCTP_RTOINFO' })
  await closed

  // On a listener, the same refusal ends the listen with an 'error'.
  const server = lksctp.createServer({ sctp: { rto: { min } } })
  server.listen({ host: '127.0.0.1', port: 0 })
  const [serr] = await waitFor(server, 'error')
  t.match(serr, { code: 'EINVAL', syscall: 'setsockopt SCTP_RTOINFO' })
  t.equal(server.listening, false)
  const s2 = lksctp.createServer({ sctp: { paths: { switchoverThreshold: 2, pfThreshold: 2 } } })
  s2.listen({ host: '127.0.0.1', port: 0 })
  await waitFor(s2, 'listening')
  t.pass('pfThreshold equal to switchoverThreshold is taken')
  await closeAll(s2)
})

t.test('run-time methods change what getsockopt returns', async (t) => {
  const [client, serverSide, server] = await multiPair()
  const base = client.getPathParams()
  const [one, two] = ADDRS

  // One path.
  t.equal(client.setPathParams({ heartbeatInterval: 120, maxRetransmits: 8 }, two), client, 'returns the socket')
  t.same(client.getPathParams(two), { ...base, heartbeatInterval: 120, maxRetransmits: 8 }, `${two} changed`)
  t.same(client.getPathParams(one), base, `${one} did not`)
  t.same(client.getPathParams(), base, 'nor did the association')

  // Every path, and the association.
  client.setPathParams({ pfThreshold: 2, switchoverThreshold: 4 })
  for (const a of [undefined, one, two]) t.equal(client.getPathParams(a).pfThreshold, 2, `pfThreshold of ${a || 'the association'}`)
  t.equal(client.getPathParams(two).switchoverThreshold, 4)
  t.equal(client.getPathParams(two).heartbeatInterval, 120, 'what was not given stays')

  // Heartbeats off; a new interval leaves them off; then on again.
  client.setPathParams({ heartbeat: false })
  t.equal(client.getPathParams(one).heartbeat, false, 'heartbeats off on every path')
  client.setPathParams({ heartbeatInterval: 0 }, one)
  t.same(client.getPathParams(one), { ...base, heartbeat: false, heartbeatInterval: 0, pfThreshold: 2, switchoverThreshold: 4 },
    'an interval of 0 is a value, and heartbeats stay off')
  client.setPathParams({ heartbeat: true, heartbeatInterval: 200 })
  t.same(client.getPathParams(), { ...base, heartbeat: true, heartbeatInterval: 200, pfThreshold: 2, switchoverThreshold: 4 })
  t.equal(client.getPathParams(two).maxRetransmits, 8, 'per-path max retransmissions kept')

  t.throws(() => client.setPathParams({ pfThreshold: 5 }), { code: 'EINVAL', syscall: 'setsockopt SCTP_PEER_ADDR_THLDS_V2' },
    'a PF threshold above the current switchover threshold: the kernel refuses')
  t.throws(() => client.setPathParams({ heartbeat: true }, '127.0.0.9'), { code: 'ERR_INVALID_ARG_VALUE', message: /not a remote address/ })
  t.throws(() => client.getPathParams('127.0.0.9'), { code: 'ERR_INVALID_ARG_VALUE', message: /not a remote address/ })

  // RTO: 0-free partial updates; the kernel holds min <= max.
  t.equal(client.setRto({ initial: 200, min: 100, max: 400 }), client)
  t.same(client.getRto(), { initial: 200, min: 100, max: 400 })
  client.setRto({ max: 800 })
  t.same(client.getRto(), { initial: 200, min: 100, max: 800 }, 'absent fields stay')
  t.throws(() => client.setRto({ min: 1000 }), { code: 'EINVAL', syscall: 'setsockopt SCTP_RTOINFO' }, 'min above the current max')
  client.setRto({ initial: 2000 })
  t.equal(client.getRto().initial, 2000, 'an initial RTO above the max is taken (Linux does not bound it)')

  // Association.Max.Retrans: Linux bounds it by the sum of the paths' (8 + 5).
  const sum = client.getPathParams(one).maxRetransmits + client.getPathParams(two).maxRetransmits
  t.equal(client.setMaxRetransmits(sum), client)
  t.equal(client.getMaxRetransmits(), sum)
  t.throws(() => client.setMaxRetransmits(sum + 1), { code: 'EINVAL', syscall: 'setsockopt SCTP_ASSOCINFO' },
    'more than the paths\' sum is refused on a multi-homed association')

  t.equal(client.setExposePotentiallyFailed(true), client)
  t.equal(client.getExposePotentiallyFailed(), true)
  client.setExposePotentiallyFailed(false)
  t.equal(client.getExposePotentiallyFailed(), false)

  // The accepted side, independently.
  const peer = serverSide.remoteAddresses[1]
  serverSide.setPathParams({ heartbeatInterval: 240, heartbeat: false }, peer).setRto({ min: 40 }).setMaxRetransmits(3)
  t.same(serverSide.getPathParams(peer), { ...base, heartbeat: false, heartbeatInterval: 240 })
  t.same(serverSide.getPathParams(serverSide.remoteAddresses[0]), base)
  t.equal(serverSide.getRto().min, 40)
  t.equal(serverSide.getMaxRetransmits(), 3)
  t.equal(client.getPathParams(one).heartbeatInterval, 200, 'the client kept its own')

  await closeAll(client, serverSide, server)
  t.throws(() => client.getRto(), { code: 'ERR_SOCKET_CLOSED' })
  t.throws(() => client.setPathParams({ heartbeat: true }), { code: 'ERR_SOCKET_CLOSED' })
})

t.test('per-address parameters on IPv6 and on an IPv4 path of an IPv6 socket', async (t) => {
  const server = lksctp.createServer({ sctp: { paths: { heartbeatInterval: 1500 } } })
  server.listen({ localAddresses: ['::1', '127.0.0.1'], port: 0 })
  await waitFor(server, 'listening')
  const accepted = waitFor(server, 'connection')
  const client = lksctp.connect({ remoteAddresses: ['::1', '127.0.0.1'], localAddresses: ['::1', '127.0.0.1'], port: server.address().port })
  await waitFor(client, 'connect')
  const [s] = await accepted
  client.setPathParams({ heartbeatInterval: 400, pfThreshold: 3 }, '127.0.0.1')
  client.setPathParams({ heartbeatInterval: 600 }, '::1')
  t.match(client.getPathParams('127.0.0.1'), { heartbeatInterval: 400, pfThreshold: 3 }, 'the IPv4 path (IPv4-mapped in the kernel)')
  t.match(client.getPathParams('::1'), { heartbeatInterval: 600, pfThreshold: sysctl('pf_retrans') }, 'the IPv6 path')
  t.equal(s.getPathParams('127.0.0.1').heartbeatInterval, 1500, 'the accepted side: the server\'s option, IPv4 path')
  t.equal(s.getPathParams('::1').heartbeatInterval, 1500, 'and IPv6 path')
  await closeAll(client, s, server)
})

// ---- potentially failed: a path that stops answering --------------------


// Two veth pairs into a fresh namespace; removed at teardown whatever
// happens (deleting the namespace deletes its ends, and so the pairs).
function buildTopology (t) {
  const tag = crypto.randomBytes(2).toString('hex')
  const ns = `lkpp${tag}`
  const dev = (side, i) => `lkpp${tag}${side}${i}`
  ip('netns', 'add', ns)
  t.teardown(() => {
    try { ip('netns', 'del', ns) } catch {}
  })
  ip('-n', ns, 'link', 'set', 'lo', 'up')
  for (const i of [0, 1]) {
    ip('link', 'add', dev('a', i), 'type', 'veth', 'peer', 'name', dev('b', i), 'netns', ns)
    ip('addr', 'add', `198.18.${100 + i}.1/24`, 'dev', dev('a', i))
    ip('-n', ns, 'addr', 'add', `198.18.${100 + i}.2/24`, 'dev', dev('b', i))
    ip('link', 'set', dev('a', i), 'up')
    ip('-n', ns, 'link', 'set', dev('b', i), 'up')
  }
  return { ns, tag, dev }
}

function carrier (dev) {
  return ip('-o', 'link', 'show', 'dev', dev).includes('LOWER_UP')
}

t.test('a path that stops answering is reported potentially failed, then available', async (t) => {
  setSysctl(t, 'pf_enable', 1)
  const fdsBefore = openFds()
  const { ns, tag, dev } = buildTopology(t)
  await until(() => carrier(dev('a', 0)) && carrier(dev('a', 1)), 5000, 'carrier on both veth pairs')

  const peer = spawn('ip', ['netns', 'exec', ns, PEER, 'listen', '0.0.0.0', '0'], { stdio: ['ignore', 'pipe', 'inherit'] })
  t.teardown(() => peer.kill())
  const lines = readline.createInterface({ input: peer.stdout })
  lines.on('line', () => {}) // echoed messages are read from the socket
  const [first] = await waitFor(lines, 'line', 10000)
  const port = Number(first.split('=')[1])

  const [good, failing] = ['198.18.100.2', '198.18.101.2']
  const client = lksctp.connect({
    remoteAddresses: [good, failing],
    localAddresses: ['198.18.100.1', '198.18.101.1'],
    port,
    sctp: {
      pollInterval: 100,
      // Fast heartbeats and RTO so the path is struck within a second; a
      // high path max so it stays PF (not INACTIVE) while looked at; an
      // association max that lost heartbeats never reach.
      paths: { heartbeatInterval: 100, pfThreshold: 1, maxRetransmits: 1000 },
      rto: { initial: 200, min: 200, max: 400 },
      maxRetransmits: 1000,
      exposePotentiallyFailed: true
    }
  })
  const notes = []
  client.on('notification', (n) => notes.push(n.parsed))
  await waitFor(client, 'connect', 10000)
  t.same([...client.remoteAddresses].sort(), [good, failing])
  t.equal(client.remoteAddress, good, 'the primary path is the one that stays')
  await until(() => [good, failing].every((a) => client.peerInfoByAddress[a] && client.peerInfoByAddress[a].state === 'SCTP_ACTIVE'),
    10000, 'both paths confirmed and active')
  t.equal(client.getPathParams(failing).pfThreshold, 1)

  ip('-n', ns, 'link', 'set', dev('b', 1), 'down')
  const isPf = (p) => p.type === 'SCTP_PEER_ADDR_CHANGE' && p.state === 'SCTP_ADDR_POTENTIALLY_FAILED' && p.address === failing
  await until(() => notes.some(isPf), 10000, 'SCTP_ADDR_POTENTIALLY_FAILED')
  t.pass(`SCTP_ADDR_POTENTIALLY_FAILED for ${failing}`)
  t.equal(client.peerInfoByAddress[failing].state, 'SCTP_PF', 'peerInfoByAddress shows SCTP_PF')
  t.notOk(notes.some((p) => p.state === 'SCTP_ADDR_UNREACHABLE'), 'not unreachable: the path max is far')
  t.equal(client.status().state, 'SCTP_ESTABLISHED')
  const echo = collect(client, 1, 10000)
  client.write(Buffer.from('still here'))
  t.equal((await echo)[0].toString(), 'still here', 'data flows on the other path')

  // Hidden at run time: the kernel refuses the PF path's info (EACCES).
  client.setExposePotentiallyFailed(false)
  await until(() => client.peerInfoByAddress[failing] === undefined && failing in client.peerInfoByAddress, 5000, 'the PF path hidden')
  t.pass('with exposure off, peerInfoByAddress has no info for the PF path')
  client.setExposePotentiallyFailed(true)
  await until(() => client.peerInfoByAddress[failing] && client.peerInfoByAddress[failing].state === 'SCTP_PF', 5000, 'SCTP_PF shown again')
  t.pass('exposed again: SCTP_PF')

  const before = notes.length
  ip('-n', ns, 'link', 'set', dev('b', 1), 'up')
  const back = (p) => p.type === 'SCTP_PEER_ADDR_CHANGE' && p.state === 'SCTP_ADDR_AVAILABLE' && p.address === failing
  await until(() => notes.slice(before).some(back), 10000, 'SCTP_ADDR_AVAILABLE')
  t.pass('SCTP_ADDR_AVAILABLE once the path answers again (PF to active is notified when exposed)')
  await until(() => client.peerInfoByAddress[failing] && client.peerInfoByAddress[failing].state === 'SCTP_ACTIVE', 5000, 'active again')
  t.pass('SCTP_ACTIVE again')

  await closeAll(client)
  // 'close', not 'exit': the child's stdout pipe is still open at 'exit'
  // (measured under ASan, where the child exits slowly: one fd over).
  const gone = new Promise((resolve) => peer.once('close', resolve))
  peer.kill()
  await gone
  ip('netns', 'del', ns)
  t.notOk(ip('netns', 'list').includes(ns), 'namespace removed')
  t.notOk(ip('-o', 'link', 'show').includes(`lkpp${tag}`), 'no veth left')
  t.equal(openFds(), fdsBefore, 'no file descriptor left')
})
