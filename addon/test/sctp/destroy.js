'use strict'

// Topology: one host, loopback. Client 127.0.0.1 <-> server 127.0.0.1.
// destroy() before end() aborts the association (an ABORT chunk: the peer
// gets 'error' ECONNRESET, a writer still sending too); end() is the
// graceful SHUTDOWN, and end() then destroy(), destroySoon(), or a
// destroy() once the peer has ended stay graceful (the peer sees 'end').

const t = require('tap')
const { pair, closeAll, collect, waitFor, listen, lksctp } = require('../helpers')

// What a socket reports until it closes: errors, 'end', close's hadError.
function watch (socket) {
  const seen = { errors: [], ended: false, hadError: undefined }
  socket.on('error', (err) => seen.errors.push(err))
  socket.on('end', () => { seen.ended = true })
  seen.closed = waitFor(socket, 'close', 20000).then(([hadError]) => { seen.hadError = hadError })
  return seen
}

function aborted (t, seen, what) {
  t.equal(seen.errors.length, 1, `${what}: one 'error'`)
  t.match(seen.errors[0], { code: 'ECONNRESET' }, `${what}: ECONNRESET (${seen.errors[0] && seen.errors[0].message})`)
  t.equal(seen.ended, false, `${what}: no 'end'`)
  t.equal(seen.hadError, true, `${what}: 'close' with hadError`)
}

function graceful (t, seen, what) {
  t.same(seen.errors.map((e) => e.message), [], `${what}: no 'error'`)
  t.equal(seen.ended, true, `${what}: 'end'`)
  t.equal(seen.hadError, false, `${what}: 'close' without error`)
}

t.test('client destroy() before end() aborts: the server side gets ECONNRESET', async (t) => {
  const [client, serverSide, server] = await pair()
  serverSide.resume()
  const peer = watch(serverSide)
  const own = watch(client)
  client.destroy()
  await Promise.all([peer.closed, own.closed])
  aborted(t, peer, 'server side')
  t.same(own.errors, [], 'the destroyed side itself reports no error')
  t.equal(own.hadError, false)
  await closeAll(server)
})

t.test('server-side destroy() before end() aborts: the client gets ECONNRESET', async (t) => {
  const [client, serverSide, server] = await pair()
  client.resume()
  const peer = watch(client)
  serverSide.destroy()
  await peer.closed
  aborted(t, peer, 'client')
  await closeAll(server)
})

t.test('destroy() with data in flight aborts: the message is not completed, no end', async (t) => {
  const [client, serverSide, server] = await pair()
  const peer = watch(serverSide)
  const got = []
  serverSide.on('data', (m) => got.push(m.length))
  const big = Buffer.alloc(4 * 1024 * 1024, 1)
  client.write(big)
  client.destroy()
  await peer.closed
  aborted(t, peer, 'server side')
  t.notOk(got.includes(big.length), 'the message written just before destroy() is not delivered')
  await closeAll(server)
})

t.test('a peer still writing gets ECONNRESET, not EPIPE', async (t) => {
  const [client, serverSide, server] = await pair()
  const peer = watch(serverSide)
  const chunk = Buffer.alloc(16 * 1024, 2)
  let writing = true
  const pump = () => {
    while (writing && !serverSide.destroyed && serverSide.write(chunk));
  }
  serverSide.on('drain', pump)
  pump()
  // The client reads some, then goes away while the server still sends.
  await collect(client, 4, 20000)
  client.destroy()
  await peer.closed
  writing = false
  aborted(t, peer, 'writer')
  await closeAll(server)
})

t.test('end() then destroy() at once stays graceful', async (t) => {
  const [client, serverSide, server] = await pair()
  const peer = watch(serverSide)
  const got = collect(serverSide, 1)
  client.end(Buffer.from('bye'))
  client.destroy()
  const [m] = await got
  t.equal(m.toString(), 'bye', 'what end() wrote arrives')
  await peer.closed
  graceful(t, peer, 'server side')
  await closeAll(client, server)
})

t.test('server side: end() then destroy() stays graceful', async (t) => {
  const [client, serverSide, server] = await pair()
  client.resume()
  const peer = watch(client)
  serverSide.end()
  serverSide.destroy()
  await peer.closed
  graceful(t, peer, 'client')
  await closeAll(serverSide, server)
})

t.test('destroySoon() stays graceful', async (t) => {
  const [client, serverSide, server] = await pair()
  const peer = watch(serverSide)
  const got = collect(serverSide, 1)
  client.write(Buffer.from('flushed'))
  client.destroySoon()
  t.equal((await got)[0].toString(), 'flushed')
  await peer.closed
  graceful(t, peer, 'server side')
  await closeAll(client, server)
})

t.test('destroy() after the peer ended is graceful', async (t) => {
  const [client, serverSide, server] = await pair()
  serverSide.resume()
  const peer = watch(serverSide)
  // Nobody reads the client: its 'end' has not come when it is destroyed.
  const shutdown = new Promise((resolve) => client.on('notification', (n) => {
    if (n.parsed.type === 'SCTP_SHUTDOWN_EVENT') resolve()
  }))
  serverSide.end()
  await shutdown
  client.destroy()
  await peer.closed
  t.same(peer.errors.map((e) => e.message), [], "the side that ended gets no 'error'")
  t.equal(peer.hadError, false)
  await closeAll(client, server)
})

t.test('destroy() while a write waits for room: no error, as net', async (t) => {
  const [client, serverSide, server] = await pair()
  serverSide.pause() // the kernel's buffers fill, the write waits
  serverSide.on('error', () => {})
  const results = []
  const chunk = Buffer.alloc(64 * 1024, 1)
  // 8 MiB: more than the kernel's buffers on both sides take.
  for (let i = 0; i < 128; i++) client.write(chunk, (err) => results.push(err ? err.code : null))
  await new Promise((resolve) => setTimeout(resolve, 300))
  t.ok(client.writableLength > 0, `writes still wait (${client.writableLength} bytes)`)
  const own = watch(client)
  client.destroy()
  await own.closed
  t.equal(client.errored, null, 'errored stays null after a plain destroy()')
  t.ok(results.every((r) => r === null || r === 'ERR_STREAM_DESTROYED'),
    `every write's callback: done, or ERR_STREAM_DESTROYED for those never handed over, as net (${[...new Set(results)].join(', ')})`)
  t.same(own.errors, [])
  t.equal(own.hadError, false)
  await closeAll(serverSide, server)
})

t.test('destroy() while connecting: a queued write fails with ERR_SOCKET_CLOSED_BEFORE_CONNECTION', async (t) => {
  const server = await listen()
  const client = lksctp.connect({ host: '127.0.0.1', port: server.address().port })
  const done = new Promise((resolve) => client.write(Buffer.from('early'), resolve))
  client.on('error', () => {})
  client.destroy()
  const [err] = await Promise.all([done, waitFor(client, 'close')])
  t.match(err, { code: 'ERR_SOCKET_CLOSED_BEFORE_CONNECTION' })
  await closeAll(server)
})
