'use strict'

// A node-lksctp application on lksctp/compat, written with only what
// node-lksctp's README documents (createServer/listen/connect options,
// sid and ppid, status(), the local and remote fields, peerInfoByAddress,
// the events 'notification', 'address-change', 'peer-info-update', and
// net's end() and destroy()), checked against node-lksctp's shapes.
//
// Topology: one host, two loopback addresses as two paths.
//
//   client 127.0.0.1 ---\ /--- 127.0.0.1 echo server
//                        X
//   client 127.0.0.2 ---/ \--- 127.0.0.2 echo server
//
// and, for 'address-change', a C peer (libsctp) on 127.0.0.1 that adds
// 127.0.0.3 by ASCONF once associated.

const t = require('tap')
const fs = require('node:fs')
const path = require('node:path')
const readline = require('node:readline')
const { spawn } = require('node:child_process')
const sctp = require('lksctp/compat')
const { waitFor, until } = require('../helpers')

const ADDRS = ['127.0.0.1', '127.0.0.2']
// Linux's numbers (<netinet/sctp.h>), as node-lksctp reports them.
const SCTP_ESTABLISHED = 4 // enum sctp_sstat_state
const SCTP_ACTIVE = 2 // enum sctp_spinfo_state
const SCTP_UNCONFIRMED = 3
const SCTP_ASSOC_CHANGE = 0x8001 // enum sctp_sn_type
const SCTP_PEER_ADDR_CHANGE = 0x8002
const SCTP_SHUTDOWN_EVENT = 0x8005
const SCTP_COMM_UP = 0 // enum sctp_sac_state
const SCTP_ADDR_ADDED = 3 // enum sctp_spc_state
const STATUS_KEYS = ['fragmentationPoint', 'incomingQueue', 'maxBurst', 'maxSeg', 'numberOfIncomingStreams',
  'numberOfOutgoingStreams', 'outgoingQueue', 'overallError', 'peer', 'penddata', 'rwnd', 'state', 'tag', 'unackdata']
const PEER_INFO_KEYS = ['cwnd', 'mtu', 'rto', 'srtt', 'state']

// The application's echo server: every message back on its sid with its ppid.
async function echoServer (t, listenOptions, serverOptions = { MIS: 8, OS: 8 }) {
  const server = sctp.createServer(serverOptions)
  const accepted = []
  server.on('connection', (socket) => {
    const notes = []
    socket.on('notification', (n) => notes.push(n))
    socket.on('data', (msg) => socket.write(msg))
    socket.on('error', () => {})
    accepted.push({ socket, notes })
  })
  server.listen(listenOptions)
  await waitFor(server, 'listening')
  t.teardown(() => {
    for (const { socket } of accepted) socket.destroy()
    server.close()
  })
  return { server, accepted }
}

async function connected (t, options) {
  const client = sctp.connect(options)
  const notes = []
  client.on('notification', (n) => notes.push(n))
  t.teardown(() => client.destroy())
  await waitFor(client, 'connect')
  return { client, notes }
}

// What a socket reports until it closes.
function watch (socket) {
  const seen = { errors: [], ended: false, hadError: undefined }
  socket.on('error', (err) => seen.errors.push(err))
  socket.on('end', () => { seen.ended = true })
  seen.closed = waitFor(socket, 'close', 20000).then(([hadError]) => { seen.hadError = hadError })
  return seen
}

t.test('multi-homed echo: sid and ppid, status(), the fields, peerInfoByAddress, notification, peer-info-update, end()', async (t) => {
  const { server, accepted } = await echoServer(t, { localAddresses: ADDRS, port: 0 })
  const port = server.address().port
  const bound = server.getLocalAddresses()
  t.same(bound.map((a) => a.address).sort(), ADDRS, 'getLocalAddresses() lists both')
  t.ok(bound.every((a) => a.family === 'IPv4' && a.port === port), 'family "IPv4", the port')

  const updates = []
  const client = sctp.connect({ remoteAddresses: ADDRS, localAddresses: ADDRS, port, MIS: 8, OS: 4 })
  client.on('peer-info-update', () => updates.push(Date.now()))
  const notes = []
  client.on('notification', (n) => notes.push(n))
  await waitFor(client, 'connect')
  await until(() => accepted.length === 1, 5000, 'the server\'s connection')
  const serverSide = accepted[0].socket

  const st = client.status()
  t.same(Object.keys(st).sort(), STATUS_KEYS, 'status(): node-lksctp\'s names')
  t.equal(st.state, SCTP_ESTABLISHED, 'state SCTP_ESTABLISHED (4)')
  t.equal(st.numberOfOutgoingStreams, 4, 'outgoing: the OS asked for')
  t.equal(st.numberOfIncomingStreams, 8, 'incoming: the server\'s OS within our MIS')
  t.ok(st.rwnd > 0, `rwnd ${st.rwnd}`)
  t.equal(st.peer.rwnd, st.rwnd, 'peer.rwnd is the peer\'s window')
  t.equal(st.maxSeg, st.fragmentationPoint, 'maxSeg is the fragmentation point')
  t.ok(st.fragmentationPoint > 0)
  // The fields node-lksctp filled from the primary path's bytes: their
  // struct sctp_info values (sock_diag).
  t.equal(st.maxBurst, Number(fs.readFileSync('/proc/sys/net/sctp/max_burst', 'utf8')), 'maxBurst: net.sctp.max_burst')
  t.equal(st.overallError, 0, 'overallError 0')
  t.ok(Number.isInteger(st.incomingQueue) && Number.isInteger(st.outgoingQueue), 'queue lengths')
  t.ok(Number.isInteger(st.peer.cap) && Number.isInteger(st.peer.sack), 'peer capabilities, SACK flag')
  const sst = serverSide.status()
  t.equal(sst.state, SCTP_ESTABLISHED)
  t.equal(sst.numberOfIncomingStreams, 4, 'server side: incoming 4')
  t.equal(sst.numberOfOutgoingStreams, 8, 'server side: outgoing 8')
  t.ok(st.tag > 0 && st.peer.tag > 0, `verification tags ${st.tag}, ${st.peer.tag}`)
  t.equal(sst.peer.tag, st.tag, 'the client\'s tag is the server side\'s peer tag')
  t.equal(sst.tag, st.peer.tag, 'and the other way round')

  t.equal(client.localFamily, 'IPv4')
  t.equal(client.remoteFamily, 'IPv4')
  t.equal(client.remotePort, port)
  t.ok(ADDRS.includes(client.remoteAddress), `remoteAddress ${client.remoteAddress}`)
  t.ok(ADDRS.includes(client.localAddress), `localAddress ${client.localAddress}`)
  t.type(client.localPort, 'number')
  t.same([...client.remoteAddresses].sort(), ADDRS, 'remoteAddresses')
  t.same([...client.localAddresses].sort(), ADDRS, 'localAddresses')
  t.same([...serverSide.remoteAddresses].sort(), ADDRS, 'the server side sees both client addresses')
  t.equal(serverSide.localPort, port)

  // Echo on every outbound stream, each with its own ppid.
  const got = []
  client.on('data', (m) => got.push(m))
  for (let sid = 0; sid < 4; sid++) {
    const msg = Buffer.from(`message on ${sid}`)
    msg.sid = sid
    msg.ppid = 46 + sid
    client.write(msg)
  }
  await until(() => got.length === 4, 10000, 'four echoes')
  for (const m of got) {
    t.equal(m.ppid, 46 + m.sid, `sid ${m.sid}: ppid ${m.ppid}`)
    t.equal(m.toString(), `message on ${m.sid}`)
  }
  t.same(got.map((m) => m.sid).sort(), [0, 1, 2, 3], 'one echo per stream')

  // node-lksctp's notification: the C structure.
  await until(() => notes.some((n) => n.parsed.sn_type === SCTP_ASSOC_CHANGE), 10000, 'SCTP_ASSOC_CHANGE')
  const up = notes.find((n) => n.parsed.sn_type === SCTP_ASSOC_CHANGE)
  t.ok(Buffer.isBuffer(up.raw), 'raw is a Buffer')
  t.type(up.interpreted, 'string')
  t.match(up.parsed.sn_assoc_change, {
    sac_type: SCTP_ASSOC_CHANGE,
    sac_state: SCTP_COMM_UP,
    sac_error: 0,
    sac_outbound_streams: 4,
    sac_inbound_streams: 8
  }, 'sn_assoc_change: SCTP_COMM_UP, OS 4, MIS 8')
  t.equal(up.parsed.sn_assoc_change.sac_assoc_id, up.raw.readInt32LE(16), 'sac_assoc_id as the bytes hold it')

  // peerInfoByAddress: one entry per path, numeric states.
  t.same(Object.keys(client.peerInfoByAddress).sort(), ADDRS, 'an entry per remote address')
  for (const a of ADDRS) {
    const info = client.peerInfoByAddress[a]
    t.same(Object.keys(info).sort(), PEER_INFO_KEYS, `${a}: node-lksctp's fields`)
    t.ok([SCTP_ACTIVE, SCTP_UNCONFIRMED].includes(info.state), `${a}: state ${info.state}`)
    t.ok(info.rto > 0 && info.mtu > 0 && info.cwnd > 0, `${a}: rto ${info.rto}, mtu ${info.mtu}, cwnd ${info.cwnd}`)
  }
  // Heartbeats confirm the second path: SCTP_ACTIVE (2) on both.
  await until(() => ADDRS.every((a) => client.peerInfoByAddress[a] && client.peerInfoByAddress[a].state === SCTP_ACTIVE), 30000, 'both paths SCTP_ACTIVE')
  t.pass('both paths SCTP_ACTIVE (2)')
  t.ok(updates.length > 0, `'peer-info-update' fired (${updates.length} times)`)

  // end(): the graceful shutdown. The server sees SCTP_SHUTDOWN_EVENT and 'end'.
  const serverSeen = watch(serverSide)
  const clientSeen = watch(client)
  client.end()
  await Promise.all([serverSeen.closed, clientSeen.closed])
  t.equal(serverSeen.ended, true, 'server side: \'end\'')
  t.same(serverSeen.errors.map((e) => e.message), [], 'server side: no error')
  t.equal(serverSeen.hadError, false)
  t.same(clientSeen.errors.map((e) => e.message), [], 'client: no error')
  const shut = accepted[0].notes.find((n) => n.parsed.sn_type === SCTP_SHUTDOWN_EVENT)
  t.ok(shut, 'server side: SCTP_SHUTDOWN_EVENT')
  if (shut) t.match(shut.parsed.sn_shutdown_event, { sse_type: SCTP_SHUTDOWN_EVENT, sse_length: 12 })
})

t.test('listen({ port }) without an address: IPv4 0.0.0.0, family "IPv4" everywhere', async (t) => {
  const { server, accepted } = await echoServer(t, { port: 0 })
  const port = server.address().port
  t.same(server.address(), { address: '0.0.0.0', family: 'IPv4', port }, 'address()')
  t.ok(server.getLocalAddresses().every((a) => a.family === 'IPv4'), 'getLocalAddresses(): IPv4')
  const { client } = await connected(t, { host: '127.0.0.1', port })
  await until(() => accepted.length === 1, 5000, 'the server\'s connection')
  const serverSide = accepted[0].socket
  t.equal(serverSide.remoteFamily, 'IPv4')
  t.equal(serverSide.localFamily, 'IPv4')
  t.equal(serverSide.localAddress, '127.0.0.1', 'the address the client asked for')
  t.same(serverSide.remoteAddresses, ['127.0.0.1'], 'the client\'s address, not an IPv4-mapped one')
  client.destroy()
})

t.test('a non-IP address is thrown at once', async (t) => {
  t.throws(() => sctp.connect({ remoteAddresses: ['127.0.0.1', 'localhost'], port: 1 }), { code: 'ERR_INVALID_ARG_VALUE' })
  const server = sctp.createServer()
  t.throws(() => server.listen({ host: 'localhost', port: 0 }), { code: 'ERR_INVALID_ARG_VALUE' })
})

t.test('write() on a sid beyond the outbound streams: \'error\' EINVAL, the association goes', async (t) => {
  const { server, accepted } = await echoServer(t, { localAddresses: ['127.0.0.1'], port: 0 })
  const { client } = await connected(t, { host: '127.0.0.1', port: server.address().port, OS: 2 })
  await until(() => accepted.length === 1, 5000, 'the server\'s connection')
  const serverSeen = watch(accepted[0].socket)
  const seen = watch(client)
  client.on('data', () => {})
  const msg = Buffer.from('beyond')
  msg.sid = 2
  t.doesNotThrow(() => client.write(msg), 'not thrown')
  await Promise.all([seen.closed, serverSeen.closed])
  t.equal(seen.errors.length, 1, 'one \'error\'')
  t.match(seen.errors[0], { code: 'EINVAL', syscall: 'sctp_sendv' })
  t.equal(seen.hadError, true)
  t.match(serverSeen.errors, [{ code: 'ECONNRESET' }], 'the peer: ECONNRESET (destroyed, not ended)')
})

t.test('destroy() in both orders', async (t) => {
  for (const first of ['client', 'server']) {
    const { server, accepted } = await echoServer(t, { localAddresses: ADDRS, port: 0 })
    const { client } = await connected(t, { remoteAddresses: ADDRS, localAddresses: ADDRS, port: server.address().port })
    await until(() => accepted.length === 1, 5000, 'the server\'s connection')
    const serverSide = accepted[0].socket
    client.resume()
    const sides = { client, server: serverSide }
    const [destroyer, peer] = first === 'client' ? ['client', 'server'] : ['server', 'client']
    const own = watch(sides[destroyer])
    const other = watch(sides[peer])
    sides[destroyer].destroy()
    await Promise.all([own.closed, other.closed])
    t.same(own.errors, [], `${destroyer} destroy(): no error of its own`)
    t.equal(own.hadError, false)
    t.match(other.errors, [{ code: 'ECONNRESET' }], `${peer}: ECONNRESET (an ABORT)`)
    t.equal(other.ended, false, `${peer}: no 'end'`)
    t.equal(other.hadError, true)
  }
  // end() then destroy(): graceful, the peer sees 'end'.
  const { server, accepted } = await echoServer(t, { localAddresses: ADDRS, port: 0 })
  const { client } = await connected(t, { remoteAddresses: ADDRS, localAddresses: ADDRS, port: server.address().port })
  await until(() => accepted.length === 1, 5000, 'the server\'s connection')
  const other = watch(accepted[0].socket)
  const own = watch(client)
  client.end()
  client.destroy()
  await Promise.all([own.closed, other.closed])
  t.same(other.errors.map((e) => e.message), [], 'end() then destroy(): the server side has no error')
  t.equal(other.ended, true, 'the server side sees \'end\'')
})

t.test('address-change: a peer adds an address (ASCONF), as SCTP_PEER_ADDR_CHANGE in C names', async (t) => {
  const SYSCTL = '/proc/sys/net/sctp/'
  for (const [name, value] of [['addip_enable', 1], ['addip_noauth_enable', 1]]) {
    const old = fs.readFileSync(SYSCTL + name, 'utf8').trim()
    fs.writeFileSync(SYSCTL + name, String(value))
    t.teardown(() => fs.writeFileSync(SYSCTL + name, old))
  }
  const peer = spawn(path.join(__dirname, '../../../build/bin/sctp_peer'), ['listen', '127.0.0.1', '0', '127.0.0.3'],
    { stdio: ['ignore', 'pipe', 'inherit'] })
  t.teardown(() => peer.kill())
  const [first] = await waitFor(readline.createInterface({ input: peer.stdout }), 'line')
  const port = Number(first.split('=')[1])

  const { client, notes } = await connected(t, { host: '127.0.0.1', port })
  t.same(client.remoteAddresses, ['127.0.0.1'])
  const changed = waitFor(client, 'address-change', 10000)
  client.on('data', () => {})
  client.write(Buffer.from('go'))
  await changed
  t.pass('\'address-change\'')
  t.same([...client.remoteAddresses].sort(), ['127.0.0.1', '127.0.0.3'], 'remoteAddresses has the new address')
  await until(() => notes.some((n) => n.parsed.sn_type === SCTP_PEER_ADDR_CHANGE &&
    n.parsed.sn_paddr_change.spc_state === SCTP_ADDR_ADDED), 10000, 'SCTP_ADDR_ADDED')
  const added = notes.find((n) => n.parsed.sn_type === SCTP_PEER_ADDR_CHANGE && n.parsed.sn_paddr_change.spc_state === SCTP_ADDR_ADDED)
  const pc = added.parsed.sn_paddr_change
  t.equal(pc.spc_aaddr.length, 128, 'spc_aaddr: a sockaddr_storage')
  t.equal(pc.spc_aaddr.readUInt16LE(0), 2, 'AF_INET')
  t.same([...pc.spc_aaddr.subarray(4, 8)], [127, 0, 0, 3], 'the added address')
  t.equal(pc.spc_assoc_id, added.raw.readInt32LE(144))
  await until(() => client.peerInfoByAddress['127.0.0.3'] !== undefined, 10000, 'peer info of the new path')
  t.type(client.peerInfoByAddress['127.0.0.3'].state, 'number')
  client.end()
  await waitFor(client, 'close', 20000)
})
