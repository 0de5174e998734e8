'use strict'

// Topology: one host, loopback 127.0.0.1.
// Socket lifecycle like net: connect/ready, end, close, destroySoon,
// resetAndDestroy, connection errors, and no file descriptor leaked.

const t = require('tap')
const { closeAll, waitFor, pair, listen, collect, openFds, lksctp, SLOW } = require('../helpers')

t.test('connect and ready fire; pending and readyState follow', async (t) => {
  const server = await listen()
  const accepted = waitFor(server, 'connection')
  const client = lksctp.connect({ host: '127.0.0.1', port: server.address().port })
  t.equal(client.pending, true)
  t.equal(client.readyState, 'opening')
  const events = []
  client.on('connect', () => events.push('connect'))
  client.on('ready', () => events.push('ready'))
  await waitFor(client, 'ready')
  t.same(events, ['connect', 'ready'])
  t.equal(client.pending, false)
  t.equal(client.readyState, 'open')
  const [s] = await accepted
  await closeAll(client, s, server)
})

t.test('writes before connect are sent once connected', async (t) => {
  const server = await listen()
  const accepted = waitFor(server, 'connection')
  const client = lksctp.connect({ host: '127.0.0.1', port: server.address().port })
  const m = Buffer.from('early')
  m.ppid = 9
  client.write(m)
  const [s] = await accepted
  const [got] = await collect(s, 1)
  t.equal(got.toString(), 'early')
  t.equal(got.ppid, 9)
  await closeAll(client, s, server)
})

t.test('end(): the peer sees end, both sides close', async (t) => {
  const [client, serverSide, server] = await pair()
  serverSide.on('data', () => {})
  client.on('data', () => {})
  const order = []
  serverSide.on('end', () => order.push('server end'))
  serverSide.on('close', (hadError) => order.push(`server close ${hadError}`))
  client.on('close', (hadError) => order.push(`client close ${hadError}`))
  client.end(Buffer.from('bye'))
  await Promise.all([waitFor(client, 'close'), waitFor(serverSide, 'close')])
  t.ok(order.includes('server end'))
  t.ok(order.includes('server close false'))
  t.ok(order.includes('client close false'))
  await closeAll(server)
})

t.test('destroySoon() flushes then closes', async (t) => {
  const [client, serverSide, server] = await pair()
  const closed = waitFor(client, 'close')
  client.write(Buffer.from('one'))
  client.destroySoon()
  const [m] = await collect(serverSide, 1)
  t.equal(m.toString(), 'one')
  await closed
  t.ok(client.destroyed)
  await closeAll(serverSide, server)
})

t.test('resetAndDestroy() aborts: the peer gets ECONNRESET', async (t) => {
  const [client, serverSide, server] = await pair()
  serverSide.on('data', () => {})
  const err = waitFor(serverSide, 'error')
  const closed = waitFor(serverSide, 'close')
  client.resetAndDestroy()
  const [e] = await err
  t.match(e, { code: 'ECONNRESET', syscall: 'read' })
  const [hadError] = await closed
  t.equal(hadError, true, "'close' after 'error', with hadError")
  await closeAll(client, server)
})

t.test('connection refused, and names that do not resolve', async (t) => {
  const server = await listen()
  const port = server.address().port
  await closeAll(server)
  const before = openFds()
  const c = lksctp.connect({ host: '127.0.0.1', port })
  const closed = waitFor(c, 'close')
  const [err] = await waitFor(c, 'error', 10000)
  t.match(err, { code: 'ECONNREFUSED', syscall: 'connect', address: '127.0.0.1', port, errno: -111 })
  await closed
  t.equal(openFds(), before, 'a refused connect leaks no file descriptor')
  const d = lksctp.connect({ host: 'no-such-host.invalid', port: 1 })
  const [derr] = await waitFor(d, 'error', 30000)
  t.match(derr.code, /^(ENOTFOUND|EAI_AGAIN)$/, `a name that does not resolve fails like net (${derr.code})`)
  t.equal(derr.syscall, 'getaddrinfo')
})

t.test('a failing bind leaks no file descriptor', async (t) => {
  const before = openFds()
  const c = lksctp.connect({ host: '127.0.0.1', port: 9, localAddress: '192.0.2.1' })
  const closed = waitFor(c, 'close')
  const [err] = await waitFor(c, 'error')
  t.match(err, { code: 'EADDRNOTAVAIL', syscall: 'bind' })
  await closed
  t.equal(openFds(), before)
})

t.test('a connect/close loop of 2,000 associations leaves the fds where they started', async (t) => {
  const server = await listen()
  server.on('connection', (s) => { s.on('data', () => {}); s.on('error', () => {}) })
  const port = server.address().port
  const live = new Set()
  t.teardown(() => {
    for (const c of live) c.destroy()
    return closeAll(server)
  })
  const before = openFds()
  const total = 2000
  const batch = 10
  const failures = []
  for (let i = 0; i < total; i += batch) {
    await Promise.all(Array.from({ length: batch }, () => new Promise((resolve) => {
      const c = lksctp.connect({ host: '127.0.0.1', port })
      live.add(c)
      c.on('error', (err) => failures.push(err.code))
      c.on('connect', () => c.destroy())
      c.on('close', () => {
        live.delete(c)
        resolve()
      })
    })))
    if (failures.length) break
  }
  t.same(failures, [], 'every association was set up')
  // Accepted sockets close when their peers are gone.
  const end = Date.now() + 60000 * SLOW
  while (server._connections.size > 0 && Date.now() < end) await new Promise((resolve) => setTimeout(resolve, 20))
  t.equal(server._connections.size, 0, 'every accepted association closed')
  t.equal(openFds(), before, `fds: ${before} before, ${openFds()} after ${total} associations`)
})

t.test('the peer ends and nobody reads: \'end\' and \'close\' on both sides, and server.close() completes', async (t) => {
  // Neither side has a 'data' listener; the server ends each association
  // at once. net reads into the buffer anyway, so the end of data is seen.
  const server = await listen()
  const events = []
  let serverSide
  server.on('connection', (s) => {
    serverSide = s
    for (const e of ['end', 'finish', 'close']) s.on(e, () => events.push(`server ${e}`))
    s.end()
  })
  const client = lksctp.connect({ host: '127.0.0.1', port: server.address().port })
  for (const e of ['end', 'close']) client.on(e, () => events.push(`client ${e}`))
  await waitFor(client, 'close', 10000)
  t.ok(events.includes('client end'), 'the client saw the end of data')
  if (!events.includes('server close')) await waitFor(serverSide, 'close', 10000)
  t.ok(events.includes('server end') && events.includes('server close'), events.join(', '))
  const closed = new Promise((resolve) => server.close(resolve))
  await closed
  t.pass('server.close() called back: no connection left open')
})

t.test('pending after destroy(), as net', async (t) => {
  const [client, serverSide, server] = await pair()
  t.equal(client.pending, false)
  client.destroy()
  t.equal(client.pending, true, 'destroyed: pending again (net has no handle then)')
  t.equal(client.readyState, 'closed')
  await closeAll(serverSide, server)
})

t.test('connect({ timeout }): \'timeout\' once the association idles that long, as net', async (t) => {
  const server = await listen()
  const client = lksctp.connect({ host: '127.0.0.1', port: server.address().port, timeout: 100 })
  t.equal(client.timeout, 100, 'socket.timeout is set at once')
  const accepted = waitFor(server, 'connection')
  const started = Date.now()
  await waitFor(client, 'connect')
  await waitFor(client, 'timeout', 5000)
  t.ok(Date.now() - started >= 100, 'not before the timeout')
  const [s] = await accepted
  await closeAll(client, s, server)
})
