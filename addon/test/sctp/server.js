'use strict'

// Topology: one host, loopback 127.0.0.1.
// net-shaped server behaviour: 'listening', address(), close(cb) waiting
// for connections, ref/unref, errors from bind/listen and accept.

const t = require('tap')
const path = require('node:path')
const { spawnSync } = require('node:child_process')
const { closeAll, waitFor, firstOf, listen, pair, lksctp } = require('../helpers')

t.test('listen callback, address(), getConnections', async (t) => {
  const server = lksctp.createServer()
  let called = false
  server.listen({ host: '127.0.0.1', port: 0 }, () => { called = true })
  t.equal(server.listening, false, 'not listening before the callback')
  await waitFor(server, 'listening')
  t.ok(called, 'listen callback ran')
  t.equal(server.listening, true)
  const a = server.address()
  t.match(a, { address: '127.0.0.1', family: 'IPv4' })
  t.ok(a.port > 0)
  t.throws(() => server.listen({ port: 0 }), { code: 'ERR_SERVER_ALREADY_LISTEN' })
  const n = await new Promise((resolve) => server.getConnections((err, n) => resolve(n)))
  t.equal(n, 0)
  await closeAll(server)
})

t.test('listen without a host takes every address', async (t) => {
  const server = lksctp.createServer()
  server.listen({ port: 0 })
  await waitFor(server, 'listening')
  const locals = server.getLocalAddresses().map((a) => a.address)
  t.ok(locals.includes('127.0.0.1'), `bound to all: ${locals.join(', ')}`)
  const client = lksctp.connect({ host: '127.0.0.1', port: server.address().port })
  const [s] = await Promise.all([waitFor(server, 'connection').then(([x]) => x), waitFor(client, 'connect')])
  await closeAll(client, s, server)
})

t.test('listen accepts a host name', async (t) => {
  const server = await listen({}, { host: 'localhost' })
  const locals = server.getLocalAddresses().map((a) => a.address)
  t.ok(locals.includes('127.0.0.1') || locals.includes('::1'), `localhost resolved: ${locals}`)
  await closeAll(server)
})

t.test('close(cb) stops accepting, then closes once connections end', async (t) => {
  const [client, serverSide, server] = await pair()
  serverSide.resume() // consumed, so that its 'end' (and close) can come
  let closed = false
  server.close(() => { closed = true })
  t.equal(server.listening, false)
  await new Promise((resolve) => setTimeout(resolve, 50))
  t.notOk(closed, 'not closed while a connection is open')
  const refused = lksctp.connect({ host: '127.0.0.1', port: client.remotePort })
  const [err] = await waitFor(refused, 'error', 10000)
  t.equal(err.code, 'ECONNREFUSED', 'no longer accepting')
  const done = waitFor(server, 'close')
  client.end()
  await done
  t.ok(closed, 'close callback after the last connection ended')
  await closeAll(client, serverSide)
})

t.test('EADDRINUSE is an error event with code, syscall, address, port', async (t) => {
  const s1 = await listen()
  const port = s1.address().port
  const s2 = lksctp.createServer()
  s2.listen({ host: '127.0.0.1', port })
  const [err] = await waitFor(s2, 'error')
  t.match(err, { code: 'EADDRINUSE', syscall: 'listen', address: '127.0.0.1', port })
  t.equal(err.message, `listen EADDRINUSE: address already in use 127.0.0.1:${port}`, "net's message")
  t.equal(s2.listening, false)
  await closeAll(s1)
})

t.test('a new listener binds the port while associations of the closed one still hold it (SO_REUSEADDR)', async (t) => {
  const [client, serverSide, server] = await pair()
  const port = server.address().port
  const again = lksctp.createServer()
  let client2 = null
  let s2 = null
  // Whatever fails, nothing is left open to hold the process.
  t.teardown(() => closeAll(client, serverSide, client2, s2, again))
  server.close()
  // Without SO_REUSEADDR the accepted association's socket keeps the port:
  // EADDRINUSE until it is gone (a restarted server waited > 60 s).
  again.listen({ host: '127.0.0.1', port })
  const [ev, err] = await firstOf(again, ['listening', 'error'])
  t.equal(ev, 'listening', `listening again on the same port${err ? ` (${err.code})` : ''}`)
  if (ev !== 'listening') return
  client2 = lksctp.connect({ host: '127.0.0.1', port })
  ;[[s2]] = await Promise.all([waitFor(again, 'connection'), waitFor(client2, 'connect')])
  client2.write('new')
  t.equal(String((await waitFor(s2, 'data'))[0]), 'new', 'the new listener\'s association carries data')
  client.write('old')
  t.equal(String((await waitFor(serverSide, 'data'))[0]), 'old', 'the old association still carries data')
})

t.test('unref() lets the process exit; accept failures (EMFILE) do not crash the server', async (t) => {
  const helper = path.join(__dirname, 'fixtures', 'emfile.js')
  // A small descriptor table, so that filling it is quick.
  const r = spawnSync('prlimit', ['--nofile=256:256', process.execPath, helper], { encoding: 'utf8', timeout: 120000 })
  t.equal(r.status, 0, `exit ${r.status} ${r.stderr}`)
  const lines = r.stdout.trim().split('\n')
  t.ok(lines.includes('drop EMFILE'), 'the server reported the dropped connection as a drop event')
  t.ok(lines.includes('accepted after fds were freed'), 'and kept accepting')
  t.ok(lines.includes('exited by itself'), 'an unref()ed server does not hold the process')
})

t.test('listen() again after close(), as net allows', async (t) => {
  const server = await listen()
  const first = server.address().port
  const closed = waitFor(server, 'close')
  server.close()
  await closed
  t.equal(server.address(), null, 'closed: no address')
  server.listen({ host: '127.0.0.1', port: 0 })
  await waitFor(server, 'listening')
  t.equal(server.listening, true, 'listening again')
  t.match(server.address(), { address: '127.0.0.1' }, `bound again (was port ${first})`)
  const accepted = waitFor(server, 'connection')
  const client = lksctp.connect({ host: '127.0.0.1', port: server.address().port })
  const [s] = await accepted
  t.pass('and accepting')
  // close() then listen() at once: the listening socket is dropped by close().
  server.close()
  t.equal(server.listening, false)
  server.listen({ host: '127.0.0.1', port: 0 })
  await waitFor(server, 'listening')
  t.equal(server.listening, true, 'listen() right after close() works too')
  await closeAll(client, s, server)
})

t.test('close(cb) on a server already closed calls cb with ERR_SERVER_NOT_RUNNING', async (t) => {
  const server = await listen()
  await new Promise((resolve) => server.close(resolve))
  const [err] = await new Promise((resolve) => server.close((...args) => resolve(args)))
  t.match(err, { code: 'ERR_SERVER_NOT_RUNNING' })
})

t.test('the server\'s \'close\' comes after the last connection\'s destroy() has returned', async (t) => {
  const [client, serverSide, server] = await pair()
  client.on('error', () => {})
  serverSide.on('error', () => {})
  const order = []
  server.close(() => order.push('server close'))
  await new Promise((resolve) => setTimeout(resolve, 50))
  const closed = waitFor(server, 'close')
  order.push('before destroy')
  serverSide.destroy()
  order.push('after destroy')
  await closed
  t.same(order, ['before destroy', 'after destroy', 'server close'], 'as net: on a later tick')
  await closeAll(client)
})

t.test('a \'close\' listener that throws does not keep the connection\'s fd open', async (t) => {
  // The exception goes to 'uncaughtException' (emitted on its own tick),
  // not into the socket's destroy().
  const [client, serverSide, server] = await pair()
  client.on('error', () => {})
  const thrown = new Promise((resolve) => process.once('uncaughtException', resolve))
  server.once('close', () => { throw new Error('from a close listener') })
  server.close()
  // The listening socket has closed meanwhile: the connection is all the
  // server's 'close' waits for.
  await new Promise((resolve) => setTimeout(resolve, 50))
  const socketClosed = waitFor(serverSide, 'close')
  serverSide.destroy()
  const [err] = await Promise.all([thrown, socketClosed])
  t.equal(err.message, 'from a close listener')
  t.equal(serverSide.destroyed, true)
  t.equal(serverSide.errored, null, 'the socket did not take the exception as its error')
  await closeAll(client)
})

t.test('listen() then close() in one tick: no \'listening\', close(cb) called', async (t) => {
  const server = lksctp.createServer()
  const events = []
  server.on('listening', () => events.push('listening'))
  // No host: nothing to resolve, so the listener is up before close().
  server.listen({ port: 0 }, () => events.push('listen callback'))
  server.close((err) => events.push(`close callback ${err ? err.code : 'ok'}`))
  await waitFor(server, 'close')
  await new Promise((resolve) => setTimeout(resolve, 200))
  t.notOk(events.includes('listening'), `no 'listening' after close(): ${events.join(', ')}`)
  t.notOk(events.includes('listen callback'))
  t.equal(server.listening, false)
})

t.test('close(cb) then listen() at once: \'close\' and the callback still come', async (t) => {
  const server = await listen()
  const events = []
  server.on('close', () => events.push('close'))
  server.close((err) => events.push(`close callback ${err ? err.code : 'ok'}`))
  server.listen({ host: '127.0.0.1', port: 0 }, () => events.push('listening'))
  await waitFor(server, 'listening')
  await new Promise((resolve) => setTimeout(resolve, 50))
  t.ok(events.includes('close'), events.join(', '))
  t.ok(events.includes('close callback ok'))
  t.equal(server.listening, true)
  await closeAll(server)
})

t.test('address() of a server bound to every address stays the wildcard address', async (t) => {
  const server = lksctp.createServer()
  server.listen({ port: 0 })
  await waitFor(server, 'listening')
  const before = server.address()
  t.match(before, { address: /^(::|0\.0\.0\.0)$/ }, `the wildcard address: ${JSON.stringify(before)}`)
  const client = lksctp.connect({ host: '127.0.0.1', port: before.port })
  const [s] = await Promise.all([waitFor(server, 'connection').then(([x]) => x), waitFor(client, 'connect')])
  t.same(server.address(), before, 'unchanged once an association is accepted')
  await closeAll(client, s, server)
})

t.test('maxConnections: an association past it is closed at once and told as \'drop\', as net', async (t) => {
  const server = await listen()
  server.maxConnections = 1
  const first = lksctp.connect({ host: '127.0.0.1', port: server.address().port })
  const [[s1]] = await Promise.all([waitFor(server, 'connection'), waitFor(first, 'connect')])
  const dropped = waitFor(server, 'drop', 10000)
  const second = lksctp.connect({ host: '127.0.0.1', port: server.address().port })
  second.on('error', () => {})
  const [info] = await dropped
  t.match(info, { localAddress: '127.0.0.1', localPort: server.address().port, localFamily: 'IPv4', remoteAddress: '127.0.0.1', remoteFamily: 'IPv4' })
  t.ok(info.remotePort > 0 && info.remotePort !== first.localPort, `the dropped association's own port (${info.remotePort})`)
  await waitFor(second, 'close', 10000)
  t.pass('the dropped association\'s client saw it close')
  t.equal(server._connections.size, 1, 'still one connection')
  await closeAll(first, s1, server)
})
