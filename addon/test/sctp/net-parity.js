'use strict'

// Topology: one host, loopback 127.0.0.1 (and ::1).
// What a user of net counts on beyond the spec: the argument forms
// listen(port[, host][, backlog][, callback]) and connect(port[, host][,
// connectListener]); the options backlog, signal, ipv6Only,
// pauseOnConnect and null as not given; socket.server, bufferSize; a write
// after the peer ended.

const t = require('tap')
const { closeAll, waitFor, pair, lksctp } = require('../helpers')

t.test('listen(port, host, backlog, callback) and connect(port, host, listener)', async (t) => {
  const server = lksctp.createServer()
  let listened = false
  t.equal(server.listen(0, '127.0.0.1', 7, () => { listened = true }), server, 'listen returns the server')
  await waitFor(server, 'listening')
  t.ok(listened, 'the callback, last, is the listening listener')
  t.match(server.address(), { address: '127.0.0.1', family: 'IPv4' }, 'bound to the host given')
  const { port } = server.address()
  const accepted = waitFor(server, 'connection')
  let connected = false
  const client = lksctp.connect(port, '127.0.0.1', () => { connected = true })
  await waitFor(client, 'connect')
  t.ok(connected, 'the connect listener, last')
  t.equal(client.remotePort, port)
  t.equal(client.remoteAddress, '127.0.0.1')
  const [s] = await accepted
  await closeAll(client, s, server)
})

t.test('listen(port, callback), listen(port, backlog), a port as a string', async (t) => {
  const a = lksctp.createServer()
  await new Promise((resolve) => a.listen(0, resolve))
  t.ok(a.address().port > 0, 'listen(0, cb): a free port')
  const port = a.address().port
  await new Promise((resolve) => a.close(resolve))
  const b = lksctp.createServer()
  b.listen(String(port), 3)
  await waitFor(b, 'listening')
  t.equal(b.address().port, port, "listen('PORT', backlog): that port")
  const accepted = waitFor(b, 'connection')
  const c = lksctp.connect(String(port))
  await waitFor(c, 'connect')
  t.equal(c.remotePort, port, "connect('PORT'): localhost, that port")
  const [s] = await accepted
  await closeAll(c, s, b)
})

t.test('backlog 0 is the default, as in net (to SCTP it would mean "stop listening")', async (t) => {
  const server = lksctp.createServer()
  server.listen({ host: '127.0.0.1', port: 0, backlog: 0 })
  await waitFor(server, 'listening')
  const accepted = waitFor(server, 'connection')
  const c = lksctp.connect(server.address().port, '127.0.0.1')
  await waitFor(c, 'connect')
  const [s] = await accepted
  t.pass('listening, and it accepts')
  await closeAll(c, s, server)
})

t.test("listen({ signal }): an abort closes the server, as in net", async (t) => {
  const ac = new AbortController()
  const server = lksctp.createServer()
  server.listen({ host: '127.0.0.1', port: 0, signal: ac.signal })
  await waitFor(server, 'listening')
  const closed = waitFor(server, 'close')
  ac.abort()
  await closed
  t.equal(server.listening, false, 'closed')
  const late = lksctp.createServer()
  let listened = false
  late.on('listening', () => { listened = true })
  late.listen({ port: 0, signal: AbortSignal.abort() })
  await waitFor(late, 'close')
  t.equal(listened, false, 'an aborted signal: closed before it listens')
})

t.test('connect({ signal }): an abort destroys the socket with an AbortError, as in net', async (t) => {
  const server = lksctp.createServer()
  server.listen({ host: '127.0.0.1', port: 0 })
  await waitFor(server, 'listening')
  const accepted = waitFor(server, 'connection')
  const ac = new AbortController()
  const client = lksctp.connect({ host: '127.0.0.1', port: server.address().port, signal: ac.signal })
  await waitFor(client, 'connect')
  const [s] = await accepted
  const peerClosed = waitFor(s, 'close')
  const peerError = waitFor(s, 'error')
  const failed = waitFor(client, 'error')
  const closed = waitFor(client, 'close')
  ac.abort()
  const [err] = await failed
  t.match(err, { name: 'AbortError', code: 'ABORT_ERR' })
  await closed
  const [perr] = await peerError
  t.match(perr, { code: 'ECONNRESET' }, 'destroy() before end(): an ABORT, which the peer sees')
  await peerClosed
  const early = lksctp.connect({ host: '127.0.0.1', port: server.address().port, signal: AbortSignal.abort() })
  const [eerr] = await waitFor(early, 'error')
  t.match(eerr, { name: 'AbortError' }, 'an aborted signal: destroyed before it connects')
  await closeAll(server)
})

t.test("listen({ ipv6Only: true }): '::' takes no IPv4 peer, as in net", async (t) => {
  const only6 = lksctp.createServer()
  only6.listen({ port: 0, ipv6Only: true })
  await waitFor(only6, 'listening')
  const { port } = only6.address()
  t.equal(only6.address().address, '::')
  const v4 = lksctp.connect({ host: '127.0.0.1', port })
  const [err] = await waitFor(v4, 'error')
  t.match(err, { code: 'ECONNREFUSED' }, 'an IPv4 peer is refused')
  const accepted = waitFor(only6, 'connection')
  const v6 = lksctp.connect({ host: '::1', port })
  await waitFor(v6, 'connect')
  const [s] = await accepted
  t.equal(s.remoteAddress, '::1', 'an IPv6 peer is taken')
  await closeAll(v6, s, only6)
  const dual = lksctp.createServer()
  dual.listen({ port: 0 })
  await waitFor(dual, 'listening')
  const acc = waitFor(dual, 'connection')
  const c4 = lksctp.connect({ host: '127.0.0.1', port: dual.address().port })
  await waitFor(c4, 'connect')
  const [s4] = await acc
  t.equal(s4.remoteAddress, '127.0.0.1', 'without it, the same listener takes IPv4 too (dual stack)')
  await closeAll(c4, s4, dual)
})

t.test("as net: a net option given as null, or a host given as '', is absent", async (t) => {
  const server = lksctp.createServer({ noDelay: null, highWaterMark: null })
  server.listen({ port: 0, host: '', backlog: null, ipv6Only: null })
  await waitFor(server, 'listening')
  t.equal(server.address().address, '::', "host '': every address")
  const accepted = waitFor(server, 'connection')
  const c = lksctp.connect({ port: server.address().port, host: null, localAddress: '', timeout: null, lookup: null, hints: null, noDelay: null })
  await waitFor(c, 'connect')
  t.equal(c.remoteAddress, '127.0.0.1', 'host null: localhost')
  t.equal(c.timeout, undefined, 'timeout null: none')
  const [s] = await accepted
  await closeAll(c, s, server)
})

t.test("createServer({ pauseOnConnect }): nothing read until resume(), as in net", async (t) => {
  const [c, s, server] = await pair({ pauseOnConnect: true })
  t.equal(s.server, server, 'socket.server is the accepting server')
  t.equal(c.server, null, "a client's is null, as net's")
  t.equal(s.isPaused(), true, 'accepted paused')
  const got = []
  s.on('data', (m) => got.push(m.toString()))
  c.write('one')
  c.write('two')
  await new Promise((resolve) => setTimeout(resolve, 300))
  t.same(got, [], "a 'data' listener does not start the flow")
  t.equal(s.readableLength, 0, 'nor is anything read ahead')
  s.resume()
  await new Promise((resolve) => { const check = () => got.length === 2 ? resolve() : setTimeout(check, 10); check() })
  t.same(got, ['one', 'two'], 'resume(): both, in order')
  await closeAll(c, s, server)
})

t.test("a write after the peer ended: EPIPE, as net's writeAfterFIN", async (t) => {
  const [c, s, server] = await pair()
  s.resume()
  const ended = waitFor(s, 'end')
  c.end()
  await ended
  await new Promise((resolve) => setImmediate(resolve))
  t.equal(s.writableEnded, true, 'the socket ended in turn (no half-open association)')
  let emitted = null
  s.on('error', (e) => { emitted = e })
  let ret
  const err = await new Promise((resolve) => { ret = s.write('late', resolve) })
  t.equal(ret, false)
  t.match(err, { code: 'EPIPE', message: 'This socket has been ended by the other party' }, 'the callback: EPIPE')
  await new Promise((resolve) => setImmediate(resolve))
  t.equal(s.destroyed, true, 'destroyed')
  t.ok(emitted === null || emitted === err, `as the error too when it was not destroyed yet (${emitted ? 'it was not' : 'it was'})`)
  await closeAll(c, s, server)
})

t.test('bufferSize: what waits to be sent, as net', async (t) => {
  t.equal(lksctp.connect({ port: 9, host: '127.0.0.1' }).on('error', () => {}).destroy().bufferSize, undefined, 'no handle: undefined, as net')
  const [c, s, server] = await pair()
  c.write(Buffer.alloc(100))
  t.equal(c.bufferSize, c.writableLength, "the writable side's length")
  c.destroy()
  await waitFor(c, 'close')
  t.equal(c.bufferSize, undefined, 'destroyed: undefined, as net')
  s.on('error', () => {}) // the ABORT of destroy()
  await closeAll(s, server)
})

t.test('listen(options, backlog, callback), as net', async (t) => {
  const server = lksctp.createServer()
  let called = false
  server.listen({ host: '127.0.0.1', port: 0 }, 5, () => { called = true })
  await waitFor(server, 'listening')
  t.ok(called, 'the callback after the backlog')
  await closeAll(server)
})

t.test('ipv6Only with a name of both families: its IPv6 addresses only', async (t) => {
  const server = lksctp.createServer()
  server.listen({ localAddresses: ['127.0.0.1', '::1'], port: 0, ipv6Only: true })
  await waitFor(server, 'listening')
  t.same(server.getLocalAddresses().map((a) => a.address), ['::1'], 'the IPv4 address left out, not an error')
  const { port } = server.address()
  const v4 = lksctp.connect({ host: '127.0.0.1', port })
  const [err] = await waitFor(v4, 'error')
  t.match(err, { code: 'ECONNREFUSED' })
  await closeAll(server)
})

t.test('connect({ signal }) with an aborted signal: destroyed, not left connecting', async (t) => {
  const c = lksctp.connect({ port: 9, host: '127.0.0.1', signal: AbortSignal.abort() })
  const [err] = await waitFor(c, 'error')
  t.match(err, { name: 'AbortError' })
  t.equal(c.connecting, false)
  t.equal(c.destroyed, true)
  t.equal(c.readyState, 'closed')
})
