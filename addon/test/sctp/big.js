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
