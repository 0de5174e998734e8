'use strict'

// Topology: one host, loopback. Client 127.0.0.1 <-> server 127.0.0.1.
// The first association through the addon, under a kernel with SCTP.

const t = require('tap')
const { pair, closeAll, collect, waitFor } = require('../helpers')

t.test('an association on 127.0.0.1 carries messages both ways', async (t) => {
  t.comment(`kernel runner: ${process.env.LKSCTP_KERNEL_RUNNER || 'host'} ${process.env.LKSCTP_KERNEL_RELEASE || ''}`)
  const [client, serverSide, server] = await pair()
  t.equal(client.remoteAddress, '127.0.0.1')
  t.equal(client.remotePort, server.address().port)
  t.equal(serverSide.remotePort, client.localPort)

  const m = Buffer.from('hello')
  m.sid = 1
  m.ppid = 46
  client.write(m)
  const [got] = await collect(serverSide, 1)
  t.equal(got.toString(), 'hello')
  t.equal(got.sid, 1)
  t.equal(got.ppid, 46)

  serverSide.write(Buffer.from('world'))
  const [back] = await collect(client, 1)
  t.equal(back.toString(), 'world')
  t.equal(back.sid, 0)
  t.equal(client.bytesRead, 5)
  t.equal(client.bytesWritten, 5)

  const ended = waitFor(serverSide, 'end')
  client.end()
  await ended
  await closeAll(client, serverSide, server)
})
