'use strict'

// Topology: one host, loopback 127.0.0.1 and 127.0.0.2.
// Names are resolved as net resolves them: options.lookup (dns.lookup's
// shape), options.family and options.hints, and a 'lookup' event for each
// address a remote name gave, before the association starts; here every
// address of a name is a path.

const t = require('tap')
const { closeAll, waitFor, openFds, lksctp } = require('../helpers')

async function anyServer () {
  const server = lksctp.createServer()
  server.listen({ localAddresses: ['127.0.0.1', '127.0.0.2'], port: 0 })
  await waitFor(server, 'listening')
  return server
}

t.test("a name's addresses: one 'lookup' each, before 'connect', every one a path", async (t) => {
  const server = await anyServer()
  const asked = []
  const lookup = (name, opts, cb) => {
    asked.push([name, opts])
    setImmediate(cb, null, [{ address: '127.0.0.1', family: 4 }, { address: '127.0.0.2', family: 4 }])
  }
  const accepted = waitFor(server, 'connection')
  const client = lksctp.connect({ host: 'peer.test', port: server.address().port, lookup, family: 'IPv4', hints: 0 })
  const events = []
  client.on('lookup', (...args) => events.push(['lookup', ...args]))
  client.on('connect', () => events.push(['connect']))
  await waitFor(client, 'connect')
  t.same(events, [
    ['lookup', null, '127.0.0.1', 4, 'peer.test'],
    ['lookup', null, '127.0.0.2', 4, 'peer.test'],
    ['connect']
  ], "as net: (err, address, family, host) per address, then 'connect'")
  t.equal(asked.length, 1, 'one lookup of the name')
  t.match(asked[0], ['peer.test', { family: 4, hints: 0, all: true }], "'IPv4' is family 4; every address asked for")
  t.same(client.remoteAddresses.slice().sort(), ['127.0.0.1', '127.0.0.2'], 'both addresses are paths of the association')
  const [s] = await accepted
  await closeAll(client, s, server)
})

t.test('a lookup that answers one address (no all: support) still connects', async (t) => {
  const server = await anyServer()
  const accepted = waitFor(server, 'connection')
  const lookup = (name, opts, cb) => cb(null, '127.0.0.2', 4)
  const client = lksctp.connect({ remoteAddresses: ['one.test', '127.0.0.1'], port: server.address().port, lookup })
  const seen = []
  client.on('lookup', (err, address, family, host) => seen.push([err, address, family, host]))
  await waitFor(client, 'connect')
  t.same(seen, [[null, '127.0.0.2', 4, 'one.test']], 'a literal is no lookup; the name is')
  t.same(client.remoteAddresses.slice().sort(), ['127.0.0.1', '127.0.0.2'])
  const [s] = await accepted
  await closeAll(client, s, server)
})

t.test('a failed lookup: the error as a lookup event and as the error, no fd', async (t) => {
  const before = openFds()
  const boom = Object.assign(new Error('getaddrinfo ENOTFOUND nowhere.test'), { code: 'ENOTFOUND', syscall: 'getaddrinfo', hostname: 'nowhere.test' })
  const client = lksctp.connect({ host: 'nowhere.test', port: 1, lookup: (name, opts, cb) => setImmediate(cb, boom) })
  const looked = waitFor(client, 'lookup')
  const closed = waitFor(client, 'close')
  const [err] = await waitFor(client, 'error')
  t.equal(err, boom, "the lookup's own error")
  t.same(await looked, [boom, undefined, undefined, 'nowhere.test'], "'lookup' (err, undefined, undefined, host), as net")
  await closed
  t.equal(openFds(), before, 'no file descriptor')
})

t.test('a lookup that answers no IP address: ERR_INVALID_IP_ADDRESS, after the lookup event, as net', async (t) => {
  const client = lksctp.connect({ host: 'bad.test', port: 1, lookup: (name, opts, cb) => cb(null, 'not-an-ip', 4) })
  const looked = waitFor(client, 'lookup')
  const [err] = await waitFor(client, 'error')
  t.match(err, { code: 'ERR_INVALID_IP_ADDRESS', message: 'Invalid IP address: not-an-ip' })
  t.same(await looked, [null, 'not-an-ip', 4, 'bad.test'], "'lookup' tells what it answered")
})

t.test('a lookup that answers no address at all: ENOTFOUND', async (t) => {
  const client = lksctp.connect({ host: 'empty.test', port: 1, lookup: (name, opts, cb) => cb(null, []) })
  const looked = waitFor(client, 'lookup')
  const [err] = await waitFor(client, 'error')
  t.match(err, { code: 'ENOTFOUND', syscall: 'getaddrinfo', hostname: 'empty.test', message: 'getaddrinfo ENOTFOUND empty.test' })
  t.equal((await looked)[0], err, "as the lookup event's error too")
})

t.test('destroyed while the name resolves: no lookup event, no association', async (t) => {
  const before = openFds()
  let answer
  const client = lksctp.connect({ host: 'slow.test', port: 1, lookup: (name, opts, cb) => { answer = cb } })
  let looked = false
  client.on('lookup', () => { looked = true })
  client.destroy()
  await waitFor(client, 'close')
  answer(null, '127.0.0.1', 4)
  await new Promise((resolve) => setTimeout(resolve, 50))
  t.equal(looked, false, "no 'lookup' after destroy()")
  t.equal(client.remoteAddress, undefined, 'nothing connected')
  t.equal(openFds(), before, 'no socket made')
})

t.test("dns.lookup by default: localhost's IPv4 address with family: 4", async (t) => {
  const server = await anyServer()
  const accepted = waitFor(server, 'connection')
  const client = lksctp.connect({ host: 'localhost', port: server.address().port, family: 4 })
  const seen = []
  client.on('lookup', (err, address, family, host) => seen.push([err, address, family, host]))
  await waitFor(client, 'connect')
  t.same(seen, [[null, '127.0.0.1', 4, 'localhost']], "one 'lookup', from /etc/hosts")
  t.equal(client.remoteAddress, '127.0.0.1')
  const [s] = await accepted
  await closeAll(client, s, server)
})
