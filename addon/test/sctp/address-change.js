'use strict'

// Topology: one host, loopback. A C peer (libsctp) listens on 127.0.0.1
// and, once associated, adds 127.0.0.3 with sctp_bindx (ASCONF):
//
//   client 127.0.0.1 ------ 127.0.0.1 peer
//                      +--- 127.0.0.3 peer (added while associated)
//
// The client sees SCTP_ADDR_ADDED, a longer remoteAddresses and an
// 'address-change'. ASCONF needs net.sctp.addip_enable (and AUTH, or
// addip_noauth_enable) before the association starts: set here, restored.

const t = require('tap')
const fs = require('node:fs')
const path = require('node:path')
const { spawn } = require('node:child_process')
const readline = require('node:readline')
const { closeAll, waitFor, until, pair, lksctp } = require('../helpers')

const PEER = path.join(__dirname, '../../../build/bin/sctp_peer')
const SYSCTL = '/proc/sys/net/sctp/'

function setSysctl (t, name, value) {
  const old = fs.readFileSync(SYSCTL + name, 'utf8').trim()
  fs.writeFileSync(SYSCTL + name, String(value))
  t.teardown(() => fs.writeFileSync(SYSCTL + name, old))
}

// The C peer, listening on 127.0.0.1; it adds 127.0.0.3 after the first
// message. Returns its port.
async function addipPeer (t) {
  setSysctl(t, 'addip_enable', 1)
  setSysctl(t, 'addip_noauth_enable', 1)
  const peer = spawn(PEER, ['listen', '127.0.0.1', '0', '127.0.0.3'], { stdio: ['ignore', 'pipe', 'inherit'] })
  t.teardown(() => peer.kill())
  const lines = readline.createInterface({ input: peer.stdout })
  const [first] = await waitFor(lines, 'line')
  return Number(first.split('=')[1])
}

t.test('a peer adds an address: SCTP_ADDR_ADDED and address-change', async (t) => {
  const port = await addipPeer(t)
  const client = lksctp.connect({ host: '127.0.0.1', port, sctp: { pollInterval: 0 } })
  await waitFor(client, 'connect')
  t.same(client.remoteAddresses, ['127.0.0.1'], 'one remote address at first')
  const notes = []
  client.on('notification', (n) => notes.push(n.parsed))
  const changed = waitFor(client, 'address-change', 10000)
  client.on('data', () => {})
  client.write(Buffer.from('go'))
  await changed
  t.same([...client.remoteAddresses].sort(), ['127.0.0.1', '127.0.0.3'], 'remoteAddresses follows the peer')
  await until(() => notes.some((p) => p.type === 'SCTP_PEER_ADDR_CHANGE' && p.state === 'SCTP_ADDR_ADDED'), 10000, 'SCTP_ADDR_ADDED')
  const added = notes.find((p) => p.state === 'SCTP_ADDR_ADDED')
  t.equal(added.address, '127.0.0.3', 'the notification names the added address')
  t.ok('127.0.0.3' in client.peerInfoByAddress, 'peerInfoByAddress has the new path')
  await closeAll(client)
})

// Nothing read after 'connect': the watcher added then reads the addresses
// it compares with, and the peer's new address is a change.
t.test('a watcher added before any read still sees the peer add an address', async (t) => {
  const port = await addipPeer(t)
  const client = lksctp.connect({ host: '127.0.0.1', port, sctp: { pollInterval: 0 } })
  await waitFor(client, 'connect')
  const seen = []
  client.on('address-change', () => seen.push([...client.remoteAddresses].sort()))
  client.on('data', () => {})
  client.write(Buffer.from('go'))
  await until(() => seen.length > 0, 10000, 'address-change')
  t.same(seen, [['127.0.0.1', '127.0.0.3']], 'one address-change, with the added address')
  t.equal(client.remotePort, port, 'remotePort')
  t.equal(client.localAddress, '127.0.0.1', 'localAddress')
  await closeAll(client)
})

// Nothing read on either side before the watchers come: the addresses they
// compare with are read when they are added, so the refresh ticks after
// find no change (were they compared with nothing, every tick's first read
// would look like one).
t.test('watchers added before any read see no change that did not happen', async (t) => {
  const [client, conn, server] = await pair({ sctp: { pollInterval: 50 } }, { sctp: { pollInterval: 50 } })
  let changes = 0
  let ticks = 0
  for (const s of [client, conn]) {
    s.on('address-change', () => changes++)
    s.on('peer-info-update', () => ticks++)
  }
  await until(() => ticks >= 6, 5000, 'three refresh ticks on each side')
  t.equal(changes, 0, 'no address-change on either side')
  t.equal(client.remotePort, server.address().port, 'the client\'s fields are right')
  t.equal(conn.remotePort, client.localPort, 'the accepted side\'s too')
  await closeAll(client, server)
})

// An association nobody watches reads its addresses and its peer info
// when first asked for (not when it comes up); a watcher added later reads
// the addresses first, so it sees no change that did not happen.
t.test('peer info read when asked for; a late watcher sees no change that did not happen', async (t) => {
  const [client, conn, server] = await pair({ sctp: { pollInterval: 100 } }, { sctp: { pollInterval: 100 } })
  t.equal(conn.remoteAddress, '127.0.0.1', 'the accepted side: remoteAddress on first read')
  t.equal(conn.remotePort, client.localPort, 'remotePort is the client\'s port')
  t.same(conn.remoteAddresses, ['127.0.0.1'], 'remoteAddresses')
  t.equal(conn.localPort, server.address().port, 'localPort is the server\'s')
  t.equal(conn.peerInfoByAddress['127.0.0.1'].state, 'SCTP_ACTIVE', 'peerInfoByAddress on first read')

  // The client: nothing read, then watched.
  let changes = 0
  let updates = 0
  client.on('address-change', () => changes++)
  client.on('peer-info-update', () => updates++)
  await until(() => updates >= 3, 5000, 'three refresh ticks')
  t.equal(changes, 0, 'no address-change: nothing changed')
  t.equal(client.remoteAddress, '127.0.0.1', 'the fields are right')
  t.equal(client.remotePort, server.address().port, 'remotePort')
  await closeAll(client, server)
})
