'use strict'

// Topology: one host, loopback 127.0.0.1.
// Backpressure both ways: a receiver that does not read stops reading from
// the kernel (push() false), the sender's kernel buffer fills, write()
// returns false, and 'drain' follows once the receiver reads again.

const t = require('tap')
const { pair, closeAll, collect, until, waitFor } = require('../helpers')

t.test('write() false until drain; a paused reader holds the data in the kernel', async (t) => {
  const [client, serverSide, server] = await pair(
    { receiveBufferSize: 64 * 1024, readableHighWaterMark: 4 },
    { sendBufferSize: 64 * 1024 })
  serverSide.pause()
  const size = 8 * 1024
  let sent = 0
  let full = false
  while (sent < 2000) {
    const m = Buffer.alloc(size, sent % 251)
    m.sid = 0
    sent++
    if (!client.write(m)) {
      full = true
      break
    }
  }
  t.ok(full, `write() returned false after ${sent} messages of ${size} bytes`)
  // The receiver took at most its highWaterMark (plus one batch) into JS.
  await until(() => client.status().unackdata > 0 || client.writableLength > 0, 5000, 'data held back')
  t.ok(serverSide.readableLength <= 4 + 64, `receiver buffered ${serverSide.readableLength} messages in JS`)
  t.ok(client.writableLength > 0, `sender holds ${client.writableLength} bytes in its stream buffer`)
  const drained = waitFor(client, 'drain', 30000)
  const got = collect(serverSide, sent, 60000)
  serverSide.resume()
  await drained
  t.pass('drain after the receiver read again')
  const msgs = await got
  t.equal(msgs.length, sent)
  t.ok(msgs.every((m, i) => m.length === size && m[0] === i % 251), 'every message whole and in order')
  t.equal(client.bytesWritten, sent * size)
  await closeAll(client, serverSide, server)
})
