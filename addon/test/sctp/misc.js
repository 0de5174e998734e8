'use strict'

// Topology: one host, loopback 127.0.0.1.
// The smaller parts of net's surface: idle timeout, address(), ref/unref,
// async dispose, end/destroy while connecting, readyState.

const t = require('tap')
const { spawnSync } = require('node:child_process')
const { pair, closeAll, waitFor, listen, collect, ip, lksctp } = require('../helpers')

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

t.test('connect(...).unref() at once: a pending association does not hold the process', async (t) => {
  // Topology: a namespace of its own, lo with 192.0.2.2/24 (TEST-NET-1):
  // the INIT to 192.0.2.1 loops back to a host that does not have that
  // address (and does not forward): never answered.
  const ns = `lksctp-unref-${process.pid}`
  ip('netns', 'add', ns)
  t.teardown(() => ip('netns', 'del', ns))
  ip('-n', ns, 'link', 'set', 'lo', 'up')
  ip('-n', ns, 'addr', 'add', '192.0.2.2/24', 'dev', 'lo')
  const code = `
    const lksctp = require(${JSON.stringify(require.resolve('../..'))})
    const c = lksctp.connect({ host: '192.0.2.1', port: 9 }).unref()
    c.on('error', (err) => console.log('error ' + err.code))
    process.on('exit', () => console.log(c.connecting ? 'exited while connecting' : 'exited, not connecting'))
  `
  const r = spawnSync('ip', ['netns', 'exec', ns, process.execPath, '-e', code], { encoding: 'utf8', timeout: 60000 })
  t.equal(r.signal, null, `the process exits by itself within the bound (${r.signal || 'exit ' + r.status})`)
  t.equal(r.status, 0, r.stderr)
  t.equal(r.stdout.trim(), 'exited while connecting', 'it exited because of unref(), with the association still pending')
})

t.test('setTimeout() checks msecs like net, and clamps what a timer cannot hold', async (t) => {
  const [client, serverSide, server] = await pair()
  for (const bad of ['abc', {}, null, 10n]) {
    t.throws(() => client.setTimeout(bad), { code: 'ERR_INVALID_ARG_TYPE', message: /"msecs"/ }, `${typeof bad} refused`)
  }
  for (const bad of [-5, NaN, Infinity]) {
    t.throws(() => client.setTimeout(bad), { code: 'ERR_OUT_OF_RANGE', message: /"msecs"/ }, `${bad} refused`)
  }
  t.throws(() => client.setTimeout(10, 'cb'), { code: 'ERR_INVALID_ARG_TYPE', message: /"callback"/ })
  const warned = waitFor(process, 'warning')
  let fired = 0
  client.on('timeout', () => fired++)
  client.setTimeout(2 ** 32)
  t.equal(client.timeout, 2 ** 32)
  const [w] = await warned
  t.equal(w.name, 'TimeoutOverflowWarning')
  t.match(w.message, /truncated to 2147483647/)
  // A shorter timer armed after it runs first if 2^32 had become ~1 ms.
  await new Promise((resolve) => setTimeout(resolve, 50))
  t.equal(fired, 0, '2^32 ms does not fire at once')
  client.setTimeout(0)
  await closeAll(client, serverSide, server)
})
