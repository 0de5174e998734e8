'use strict'

// Topology: one host, loopback 127.0.0.1.
// The smaller parts of net's surface: idle timeout, address(), ref/unref,
// async dispose, end/destroy while connecting, readyState.

const t = require('tap')
const { pair, closeAll, waitFor, listen, collect, lksctp } = require('../helpers')

t.test('setTimeout emits timeout after idle time, and is re-armed by traffic', async (t) => {
  const [client, serverSide, server] = await pair()
  const started = Date.now()
  t.equal(client.setTimeout(100), client)
  await waitFor(client, 'timeout')
  t.ok(Date.now() - started >= 90, 'not before the idle time')
  let fired = 0
  client.setTimeout(0)
  client.on('timeout', () => fired++)
  await new Promise((resolve) => setTimeout(resolve, 200))
  t.equal(fired, 0, 'setTimeout(0) turns it off')
  const cb = new Promise((resolve) => client.setTimeout(50, resolve))
  client.write(Buffer.from('traffic'))
  await collect(serverSide, 1)
  await cb
  t.pass('callback form fires')
  client.setTimeout(0)
  await closeAll(client, serverSide, server)
})

t.test('address(), ref(), unref(), readyState', async (t) => {
  const [client, serverSide, server] = await pair()
  t.match(client.address(), { address: '127.0.0.1', family: 'IPv4', port: client.localPort })
  t.equal(client.unref(), client)
  t.equal(client.ref(), client)
  t.equal(server.unref(), server)
  t.equal(server.ref(), server)
  t.equal(client.setKeepAlive(true), client, 'setKeepAlive is accepted')
  serverSide.on('data', () => {})
  const ended = waitFor(serverSide, 'end')
  client.end()
  await waitFor(client, 'finish')
  t.equal(client.readyState, 'readOnly', 'after end(): readOnly')
  await ended
  await closeAll(client, serverSide, server)
  t.same(client.address(), {}, 'address() of a closed socket is {}')
  t.equal(client.readyState, 'closed')
})

t.test('end() and destroy() while connecting', async (t) => {
  const server = await listen()
  const port = server.address().port
  const conn = waitFor(server, 'connection')
  const c1 = lksctp.connect({ host: '127.0.0.1', port })
  c1.end(Buffer.from('queued then shut down'))
  const [s1] = await conn
  const ended = waitFor(s1, 'end')
  const [m] = await collect(s1, 1)
  t.equal(m.toString(), 'queued then shut down', 'a write and end() before connect both take effect')
  await ended
  const c2 = lksctp.connect({ host: '127.0.0.1', port })
  c2.destroy()
  const [hadError] = await waitFor(c2, 'close')
  t.equal(hadError, false, 'destroyed before it had a socket: closes cleanly')
  await closeAll(c1, s1, server)
})

t.test('servers dispose asynchronously (await using)', async (t) => {
  const server = await listen()
  await server[Symbol.asyncDispose]()
  t.equal(server.listening, false)
  await server[Symbol.asyncDispose]()
  t.pass('disposing twice is harmless')
})

t.test('connecting by name: every address of localhost', async (t) => {
  const server = lksctp.createServer()
  server.listen({ port: 0 }) // every address
  await waitFor(server, 'listening')
  const names = (await require('node:dns').promises.lookup('localhost', { all: true })).map((a) => a.address)
  const c = lksctp.connect({ host: 'localhost', port: server.address().port })
  const [s] = await Promise.all([waitFor(server, 'connection').then(([x]) => x), waitFor(c, 'connect')])
  t.same([...c.remoteAddresses].sort(), [...names].sort(), `every address of localhost is a path: ${names}`)
  t.ok(names.includes(c.remoteAddress))
  t.equal(c.remoteFamily, names.some((a) => a.includes(':')) && c.remoteAddress.includes(':') ? 'IPv6' : 'IPv4')
  await closeAll(c, s, server)
})
