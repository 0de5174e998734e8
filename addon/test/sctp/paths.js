'use strict'

// Topology: one host, loopback addresses as paths.
//
//   client 127.0.0.1 (+ 127.0.0.4 added at run time) ---- 127.0.0.1, 127.0.0.2 server
//
// Primary path control and live local address changes (sctp_bindx with
// ASCONF; net.sctp.addip_enable and addip_noauth_enable set here, restored).

const t = require('tap')
const fs = require('node:fs')
const { closeAll, waitFor, until, lksctp } = require('../helpers')

const SYSCTL = '/proc/sys/net/sctp/'
function setSysctl (t, name, value) {
  const old = fs.readFileSync(SYSCTL + name, 'utf8').trim()
  fs.writeFileSync(SYSCTL + name, String(value))
  t.teardown(() => fs.writeFileSync(SYSCTL + name, old))
}

async function setup (t) {
  setSysctl(t, 'addip_enable', 1)
  setSysctl(t, 'addip_noauth_enable', 1)
  const server = lksctp.createServer()
  server.listen({ localAddresses: ['127.0.0.1', '127.0.0.2'], port: 0 })
  await waitFor(server, 'listening')
  const notes = []
  const accepted = new Promise((resolve) => server.once('connection', (s) => {
    s.on('notification', (n) => notes.push(n.parsed))
    s.on('data', () => {})
    resolve(s)
  }))
  const client = lksctp.connect({ host: '127.0.0.1', localAddress: '127.0.0.1', port: server.address().port, sctp: { pollInterval: 0 } })
  client.on('data', () => {})
  await waitFor(client, 'connect')
  return { server, client, serverSide: await accepted, notes }
}

t.test('setPrimaryAddress moves the primary path', async (t) => {
  const { server, client, serverSide } = await setup(t)
  t.equal(client.remoteAddress, '127.0.0.1')
  const changed = waitFor(client, 'address-change')
  t.equal(client.setPrimaryAddress('127.0.0.2'), client)
  await changed
  t.equal(client.remoteAddress, '127.0.0.2', 'remoteAddress follows')
  t.equal(client.status().primary.address, '127.0.0.2', 'SCTP_STATUS agrees')
  t.throws(() => client.setPrimaryAddress('127.0.0.9'), { code: 'ERR_INVALID_ARG_VALUE', message: /not a remote address/ })
  t.throws(() => client.setPrimaryAddress('host'), { code: 'ERR_INVALID_ARG_VALUE', message: /IPv4 or IPv6/ })
  t.throws(() => client.setPrimaryAddress(5), { code: 'ERR_INVALID_ARG_TYPE' })
  await closeAll(client, serverSide, server)
  t.throws(() => client.setPrimaryAddress('127.0.0.1'), { code: 'ERR_SOCKET_CLOSED' })
})

t.test('addLocalAddress / removeLocalAddress reach the peer by ASCONF; requestPeerPrimary', async (t) => {
  const { server, client, serverSide, notes } = await setup(t)
  t.same(client.localAddresses, ['127.0.0.1'])
  const changed = waitFor(client, 'address-change')
  client.addLocalAddress('127.0.0.4')
  await changed
  t.same([...client.localAddresses].sort(), ['127.0.0.1', '127.0.0.4'], 'our localAddresses follows')
  await until(() => notes.some((p) => p.state === 'SCTP_ADDR_ADDED' && p.address === '127.0.0.4'), 10000, 'SCTP_ADDR_ADDED at the peer')
  t.ok(serverSide.remoteAddresses.includes('127.0.0.4'), 'the peer sees the new address')

  client.requestPeerPrimary('127.0.0.4')
  await until(() => notes.some((p) => p.state === 'SCTP_ADDR_MADE_PRIM' && p.address === '127.0.0.4'), 10000, 'SCTP_ADDR_MADE_PRIM at the peer')
  await until(() => serverSide.remoteAddress === '127.0.0.4', 10000, 'the peer\'s primary moved')
  t.pass('the peer made 127.0.0.4 its primary')

  client.setPrimaryAddress('127.0.0.2') // keep sending on a path that stays
  client.requestPeerPrimary('127.0.0.1')
  await until(() => serverSide.remoteAddress === '127.0.0.1', 10000, 'the peer\'s primary moved back')
  client.removeLocalAddress('127.0.0.4')
  t.same(client.localAddresses, ['127.0.0.1'], 'removed from our list')
  await until(() => notes.some((p) => p.state === 'SCTP_ADDR_REMOVED' && p.address === '127.0.0.4'), 10000, 'SCTP_ADDR_REMOVED at the peer')
  t.notOk(serverSide.remoteAddresses.includes('127.0.0.4'), 'the peer dropped it')
  t.throws(() => client.removeLocalAddress('127.0.0.1'), { syscall: 'sctp_bindx remove' }, 'the last address cannot go')
  t.throws(() => client.addLocalAddress('192.0.2.7'), { code: 'EADDRNOTAVAIL', syscall: 'sctp_bindx add', address: '192.0.2.7' })
  await closeAll(client, serverSide, server)
})

t.test('a listening server adds and removes local addresses', async (t) => {
  const server = lksctp.createServer()
  server.listen({ host: '127.0.0.1', port: 0 })
  await waitFor(server, 'listening')
  server.addLocalAddress('127.0.0.5')
  t.same(server.getLocalAddresses().map((a) => a.address).sort(), ['127.0.0.1', '127.0.0.5'])
  server.removeLocalAddress('127.0.0.5')
  t.same(server.getLocalAddresses().map((a) => a.address), ['127.0.0.1'])
  t.throws(() => server.addLocalAddress('nope'), { code: 'ERR_INVALID_ARG_VALUE' })
  await closeAll(server)
  t.throws(() => server.addLocalAddress('127.0.0.6'), { code: 'ERR_SERVER_NOT_RUNNING' })
})
