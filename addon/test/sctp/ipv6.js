'use strict'

// Topology: one host, loopback in both families.
//
//   client ::1        ------ ::1        server
//   client 127.0.0.1  ------ 127.0.0.1  server   (dual stack, one association)
//
// IPv6 addresses in every option and field; IPv4 paths of an IPv6 socket
// are shown as IPv4, not as IPv4-mapped IPv6.

const t = require('tap')
const { closeAll, waitFor, collect, lksctp } = require('../helpers')

t.test('an association over ::1', async (t) => {
  const server = lksctp.createServer()
  server.listen({ host: '::1', port: 0 })
  await waitFor(server, 'listening')
  t.match(server.address(), { address: '::1', family: 'IPv6' })
  const accepted = waitFor(server, 'connection')
  const client = lksctp.connect({ host: '::1', port: server.address().port })
  await waitFor(client, 'connect')
  const [s] = await accepted
  t.equal(client.remoteAddress, '::1')
  t.equal(client.remoteFamily, 'IPv6')
  t.equal(client.localFamily, 'IPv6')
  t.same(client.remoteAddresses, ['::1'])
  t.match(client.status().primary, { address: '::1', family: 'IPv6' })
  const m = Buffer.from('six')
  m.ppid = 6
  client.write(m)
  const [got] = await collect(s, 1)
  t.equal(got.ppid, 6)
  await closeAll(client, s, server)
})

t.test('one association with an IPv4 and an IPv6 path', async (t) => {
  const server = lksctp.createServer()
  server.listen({ localAddresses: ['::1', '127.0.0.1'], port: 0 })
  await waitFor(server, 'listening')
  t.same(server.getLocalAddresses().map((a) => `${a.family} ${a.address}`).sort(), ['IPv4 127.0.0.1', 'IPv6 ::1'])
  const accepted = waitFor(server, 'connection')
  const client = lksctp.connect({ remoteAddresses: ['127.0.0.1', '::1'], localAddresses: ['127.0.0.1', '::1'], port: server.address().port })
  await waitFor(client, 'connect')
  const [s] = await accepted
  t.same([...client.remoteAddresses].sort(), ['127.0.0.1', '::1'], 'both families, v4 not shown as ::ffff:')
  t.same([...s.remoteAddresses].sort(), ['127.0.0.1', '::1'])
  t.same(Object.keys(client.peerInfoByAddress).sort(), ['127.0.0.1', '::1'])
  t.match(client.peerInfoByAddress['127.0.0.1'], { family: 'IPv4' })
  t.match(client.peerInfoByAddress['::1'], { family: 'IPv6' })
  await closeAll(client, s, server)
})
