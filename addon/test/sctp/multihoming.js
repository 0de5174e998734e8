'use strict'

// Topology: one host, two loopback addresses as two paths.
//
//   client 127.0.0.1 ---\ /--- 127.0.0.1 server
//                        X
//   client 127.0.0.2 ---/ \--- 127.0.0.2 server
//
// Both sides see each other's addresses; peerInfoByAddress covers every
// path; 'peer-info-update' fires; address tracking follows notifications.

const t = require('tap')
const { closeAll, waitFor, until, lksctp } = require('../helpers')

const ADDRS = ['127.0.0.1', '127.0.0.2']

async function multiPair (clientExtra = {}) {
  const server = lksctp.createServer()
  server.listen({ localAddresses: ADDRS, port: 0 })
  await waitFor(server, 'listening')
  const accepted = waitFor(server, 'connection')
  const client = lksctp.connect({ remoteAddresses: ADDRS, localAddresses: ADDRS, port: server.address().port, ...clientExtra })
  await waitFor(client, 'connect')
  const [serverSide] = await accepted
  return [client, serverSide, server]
}

t.test('a multi-homed association lists both addresses on both sides', async (t) => {
  const [client, serverSide, server] = await multiPair()
  const port = server.address().port
  t.same(server.getLocalAddresses().map((a) => a.address).sort(), ADDRS)
  t.ok(server.getLocalAddresses().every((a) => a.port === port && a.family === 'IPv4'))
  t.same([...client.remoteAddresses].sort(), ADDRS, 'client sees both server addresses')
  t.same([...client.localAddresses].sort(), ADDRS, 'client is bound to both')
  t.same([...serverSide.remoteAddresses].sort(), ADDRS, 'server sees both client addresses')
  t.same([...serverSide.localAddresses].sort(), ADDRS)
  t.ok(ADDRS.includes(client.remoteAddress), `primary ${client.remoteAddress}`)
  t.equal(client.remoteFamily, 'IPv4')
  t.equal(client.localFamily, 'IPv4')
  t.equal(client.remotePort, port)
  t.equal(serverSide.localPort, port)
  t.ok(ADDRS.includes(client.localAddress))
  await closeAll(client, serverSide, server)
})

t.test('peerInfoByAddress covers every path and is refreshed', async (t) => {
  const [client, serverSide, server] = await multiPair({ sctp: { pollInterval: 100 } })
  t.same(Object.keys(client.peerInfoByAddress).sort(), ADDRS)
  for (const a of ADDRS) {
    const info = client.peerInfoByAddress[a]
    t.match(info, { address: a, port: server.address().port, family: 'IPv4' }, `info for ${a}`)
    t.match(info.state, /^SCTP_(ACTIVE|UNCONFIRMED)$/)
    t.type(info.cwnd, 'number')
    t.type(info.srtt, 'number')
    t.ok(info.rto > 0)
    t.ok(info.mtu > 0)
  }
  await waitFor(client, 'peer-info-update')
  t.pass('peer-info-update fired')
  // Heartbeats confirm the second path: its state turns ACTIVE.
  client.on('data', () => {})
  await until(() => ADDRS.every((a) => client.peerInfoByAddress[a] && client.peerInfoByAddress[a].state === 'SCTP_ACTIVE'), 30000, 'both paths active')
  t.pass('both paths confirmed and active')
  await closeAll(client, serverSide, server)
})

t.test('address tracking timers never keep the process alive', async (t) => {
  const { spawnSync } = require('node:child_process')
  const code = `
    const lksctp = require(${JSON.stringify(require.resolve('../..'))})
    const server = lksctp.createServer()
    server.listen({ host: '127.0.0.1', port: 0 }, () => {
      const c = lksctp.connect({ host: '127.0.0.1', port: server.address().port, sctp: { pollInterval: 50 } })
      c.on('connect', () => { c.unref(); server.unref(); console.log('connected') })
      server.on('connection', (s) => s.unref())
    })`
  const r = spawnSync(process.execPath, ['-e', code], { encoding: 'utf8', timeout: 60000 })
  t.equal(r.stdout.trim(), 'connected')
  t.equal(r.status, 0, 'the process exited by itself')
})
