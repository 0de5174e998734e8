'use strict'

// Topology: one host, loopback. Client 127.0.0.1 <-> server 127.0.0.1.
// What write() and end() send: an empty write completes without sending
// (SCTP has no empty DATA chunk) and leaves the association up; a
// Uint8Array's sid, ppid and unordered are honoured like a Buffer's.

const t = require('tap')
const { pair, closeAll, collect, waitFor } = require('../helpers')

t.test('an empty Buffer, string or Uint8Array completes and sends nothing', async (t) => {
  const [client, serverSide, server] = await pair()
  const errors = []
  client.on('error', (err) => errors.push(err))
  serverSide.on('error', (err) => errors.push(err))
  const done = (what) => new Promise((resolve) => client.write(what, (err) => resolve(err)))
  t.notOk(await done(Buffer.alloc(0)), 'empty Buffer: callback without error')
  t.notOk(await done(''), 'empty string: callback without error')
  t.notOk(await done(new Uint8Array(0)), 'empty Uint8Array: callback without error')
  const e = Buffer.alloc(0)
  e.sid = 1
  e.ppid = 5
  t.notOk(await done(e), 'empty Buffer with sid/ppid: callback without error')
  client.write(Buffer.from('after'))
  const [m] = await collect(serverSide, 1)
  t.equal(m.toString(), 'after', 'the next message is the first one the peer gets')
  t.equal(client.destroyed, false, 'the association is still up')
  t.equal(client.bytesWritten, 5)
  t.same(errors, [])
  const ended = waitFor(serverSide, 'end')
  client.end('')
  await ended
  t.pass("end('') ends gracefully")
  await closeAll(client, serverSide, server)
})

t.test('a Uint8Array carries sid, ppid and unordered, in write() and end()', async (t) => {
  const [client, serverSide, server] = await pair({}, { OS: 4 })
  // Read now: once the client's end() has been answered the association is
  // gone (SCTP_STATUS: EINVAL), sooner or later depending on the machine.
  const outstrms = serverSide.status().outstrms
  const a = new Uint8Array([1, 2, 3])
  a.sid = 2
  a.ppid = 77
  a.unordered = true
  const b = new Uint8Array([4, 5])
  b.sid = 3
  b.ppid = 78
  const got = collect(serverSide, 2)
  client.write(a)
  client.end(b)
  const [m1, m2] = await got
  t.same([...m1], [1, 2, 3])
  t.same([m1.sid, m1.ppid, m1.unordered], [2, 77, true], 'write(Uint8Array): sid, ppid, unordered')
  t.same([...m2], [4, 5])
  t.same([m2.sid, m2.ppid], [3, 78], 'end(Uint8Array): sid, ppid')
  const bad = new Uint8Array([1])
  bad.sid = outstrms
  t.throws(() => serverSide.write(bad), { code: 'ERR_OUT_OF_RANGE', message: /data\.sid/ }, 'its sid is checked like a Buffer\'s')
  await closeAll(client, serverSide, server)
})

t.test('end(data) checks data as write() does', async (t) => {
  const [client, serverSide, server] = await pair({}, { OS: 2 })
  const bad = Buffer.from('x')
  bad.sid = 2
  t.throws(() => client.end(bad), { code: 'ERR_OUT_OF_RANGE', message: /data\.sid/ })
  t.equal(client.writableEnded, false, 'a refused end(data) does not end')
  client.write(Buffer.from('still up'))
  const [m] = await collect(serverSide, 1)
  t.equal(m.toString(), 'still up')
  await closeAll(client, serverSide, server)
})
