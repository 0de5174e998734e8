'use strict'

// Run under valgrind by `make test-valgrind` (no tap: loading it would
// double the time under emulation). Topology: one host, loopback, IPv6
// sockets (the server on every address, the client to ::1), so that
// reading addresses goes through the IPv6 path. One association: messages
// both ways on two streams, addresses, status, notifications, a graceful
// end; a second one aborted. Exits 0 when all of it went as expected.

const assert = require('node:assert')
const lksctp = require('../..')

const started = Date.now()
// Progress on stderr: under valgrind in an emulated VM each step takes a while.
function step (what) {
  console.error(`valgrind association test: ${what} (${((Date.now() - started) / 1000).toFixed(1)} s)`)
}

function once (emitter, event) {
  return new Promise((resolve) => emitter.once(event, (...args) => resolve(args)))
}

async function main () {
  step(`node up after ${(process.uptime()).toFixed(1)} s`)
  const server = lksctp.createServer({ OS: 4, MIS: 4 })
  server.listen({ port: 0 })
  await once(server, 'listening')
  const port = server.address().port
  assert.ok(server.getLocalAddresses().length > 0)
  step('listening')

  const accepted = once(server, 'connection')
  const client = lksctp.connect({ host: '::1', port, OS: 4 })
  const notes = []
  client.on('notification', (n) => notes.push(n.parsed.type))
  await once(client, 'connect')
  const [s] = await accepted
  s.on('data', (m) => s.write(m)) // echo, same sid and ppid
  step('connected')

  const m = Buffer.from('hello over IPv6')
  m.sid = 2
  m.ppid = 46
  client.write(m)
  const [back] = await once(client, 'data')
  assert.strictEqual(back.toString(), 'hello over IPv6')
  assert.strictEqual(back.sid, 2)
  assert.strictEqual(back.ppid, 46)
  assert.ok(client.localAddresses.length > 0 && client.remoteAddresses.includes('::1'))
  assert.ok(s.localAddresses.length > 0 && s.remoteAddresses.length > 0)
  assert.strictEqual(client.status().state, 'SCTP_ESTABLISHED')
  assert.ok(client.peerInfoByAddress['::1'])
  assert.ok(notes.includes('SCTP_ASSOC_CHANGE'))

  const closed = Promise.all([once(client, 'close'), once(s, 'close')])
  client.end()
  await closed
  step('echoed, ended')

  const accepted2 = once(server, 'connection')
  const c2 = lksctp.connect({ host: '::1', port })
  watched.push(['c2', c2])
  await once(c2, 'connect')
  step('second connected')
  const [s2] = await accepted2
  watched.push(['s2', s2])
  step('second accepted')
  s2.resume()
  const errored = once(s2, 'error')
  const s2closed = once(s2, 'close')
  c2.destroy() // not ended: an ABORT
  step('second destroyed')
  const [err] = await errored
  assert.strictEqual(err.code, 'ECONNRESET')
  step('peer errored')
  await s2closed

  step('aborted')
  await new Promise((resolve) => server.close(resolve))
  step('ok')
}

// What a time-out leaves behind: the sockets' states and the loop's handles.
const watched = []
const guard = setTimeout(() => {
  console.error('valgrind association test: timed out')
  for (const [name, sock] of watched) {
    console.error(`  ${name}: destroyed ${sock.destroyed}, readyState ${sock.readyState}, ` +
      `readableEnded ${sock.readableEnded}, errored ${sock.errored && sock.errored.code}`)
  }
  console.error(`  active resources: ${process.getActiveResourcesInfo().join(', ')}`)
  process.exit(2)
}, 900000)
guard.unref()
main().catch((err) => {
  console.error(err)
  process.exit(1)
})
