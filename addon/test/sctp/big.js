'use strict'

// Topology: one host, loopback 127.0.0.1.
// A message larger than the receive buffer arrives whole (partial delivery
// reassembled until MSG_EOR).

const t = require('tap')
const crypto = require('node:crypto')
const { pair, closeAll, collect, until, waitFor } = require('../helpers')

t.test('a 16 MiB message arrives whole as one Buffer', async (t) => {
  const [client, serverSide, server] = await pair({ receiveBufferSize: 256 * 1024 })
  const big = crypto.randomBytes(16 * 1024 * 1024)
  big.sid = 1
  big.ppid = 7
  const small = Buffer.from('after')
  client.write(big)
  client.write(small)
  const [m1, m2] = await collect(serverSide, 2, 120000)
  t.equal(m1.length, big.length, '16 MiB in one chunk')
  t.ok(m1.equals(big), 'same bytes')
  t.equal(m1.sid, 1)
  t.equal(m1.ppid, 7)
  t.equal(m2.toString(), 'after', 'the next message keeps its boundary')
  t.equal(serverSide.bytesRead, big.length + 5)
  await closeAll(client, serverSide, server)
})

// The sender aborts while the receiver holds part of a message (partial
// delivery): the part is dropped, never handed over as a whole message;
// the loss shows as the association's error and, for a 'notification'
// listener, as SCTP_PARTIAL_DELIVERY_EVENT (SCTP_PARTIAL_DELIVERY_ABORTED).
t.test('an ABORT in the middle of a partially delivered message delivers none of it', async (t) => {
  const [client, serverSide, server] = await pair({ receiveBufferSize: 64 * 1024 })
  const got = []
  serverSide.on('data', (m) => got.push(m.length))
  const notifications = []
  serverSide.on('notification', (n) => notifications.push(n.parsed))
  const errored = waitFor(serverSide, 'error', 60000)
  const closed = waitFor(serverSide, 'close', 60000)
  const big = Buffer.alloc(16 * 1024 * 1024, 3)
  client.write(big)
  // Abort once the receiver has taken a few MiB (far beyond its receive
  // buffer: it is in partial delivery) and well before the end.
  const chunks = Math.ceil(big.length / client.status().fragmentationPoint)
  let most = 0
  await until(() => {
    const s = client.status()
    const outstanding = s.unackdata + s.penddata
    most = Math.max(most, outstanding)
    return outstanding > 0 && most - outstanding >= chunks / 8
  }, 60000, 'an eighth of the message acknowledged')
  client.resetAndDestroy()
  const [err] = await errored
  t.equal(err.code, 'ECONNRESET', 'the association\'s error reports the loss')
  await closed
  t.same(got, [], 'no message delivered, neither whole nor truncated')
  const pd = notifications.find((p) => p.type === 'SCTP_PARTIAL_DELIVERY_EVENT')
  t.ok(pd, 'SCTP_PARTIAL_DELIVERY_EVENT delivered')
  t.equal(pd && pd.indication, 'SCTP_PARTIAL_DELIVERY_ABORTED')
  await closeAll(server)
})
