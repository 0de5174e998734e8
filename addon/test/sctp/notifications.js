'use strict'

// Topology: one host, loopback 127.0.0.1.
// 'notification' events carry { raw, parsed, interpreted }, decoded with
// Linux's numbering from <netinet/sctp.h>.

const t = require('tap')
const { pair, closeAll, waitFor, listen, lksctp } = require('../helpers')

function nextNotification (socket, type, ms = 5000) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${type} notification`)), ms * (process.env.LKSCTP_KERNEL_RUNNER === 'vm' ? 20 : 1))
    const on = (n) => {
      if (n.parsed.type !== type) return
      clearTimeout(timer)
      socket.off('notification', on)
      resolve(n)
    }
    socket.on('notification', on)
  })
}

t.test('association change: COMM_UP on both sides', async (t) => {
  const server = await listen({ OS: 5 })
  // Listen in the 'connection' handler itself: the socket reads ahead (as
  // net does) and would deliver its COMM_UP before a later listener.
  const serverUp = new Promise((resolve) => server.once('connection', (s) => {
    s.on('notification', (x) => { if (x.parsed.type === 'SCTP_ASSOC_CHANGE') resolve([s, x]) })
  }))
  const client = lksctp.connect({ host: '127.0.0.1', port: server.address().port, OS: 3 })
  const up = nextNotification(client, 'SCTP_ASSOC_CHANGE')
  client.on('data', () => {}) // reading delivers notifications
  const n = await up
  t.ok(Buffer.isBuffer(n.raw), 'raw is a Buffer')
  t.equal(n.parsed.typeNumber, n.raw.readUInt16LE(0), 'typeNumber is sn_type from the raw bytes')
  t.equal(n.parsed.state, 'SCTP_COMM_UP')
  t.equal(n.parsed.outboundStreams, 3)
  t.equal(n.parsed.inboundStreams, 5)
  t.equal(n.parsed.length, n.raw.length)
  t.type(n.interpreted, 'string')
  t.match(n.interpreted, /up/i)
  const [serverSide, sup] = await serverUp
  t.equal(sup.parsed.state, 'SCTP_COMM_UP', 'the accepted side gets its COMM_UP too')
  t.equal(sup.parsed.outboundStreams, 5)
  t.equal(sup.parsed.inboundStreams, 3)
  await closeAll(client, serverSide, server)
})

t.test('sender dry, shutdown event, and COMM_LOST on abort', async (t) => {
  const [client, serverSide, server] = await pair()
  client.on('data', () => {})
  serverSide.on('data', () => {})
  const dry = nextNotification(client, 'SCTP_SENDER_DRY_EVENT')
  client.write(Buffer.from('x'))
  t.match((await dry).interpreted, /dry|no.*data/i, 'sender dry after the data was acknowledged')

  const shut = nextNotification(serverSide, 'SCTP_SHUTDOWN_EVENT')
  client.end()
  const n = await shut
  t.equal(n.parsed.type, 'SCTP_SHUTDOWN_EVENT')
  await closeAll(client, serverSide)

  const [c2, s2] = await Promise.all([
    new Promise((resolve) => {
      const c = lksctp.connect({ host: '127.0.0.1', port: server.address().port }, () => resolve(c))
    }),
    waitFor(server, 'connection').then(([s]) => s)
  ])
  c2.on('data', () => {})
  const errored = waitFor(c2, 'error')
  const seen = []
  c2.on('notification', (x) => seen.push(x.parsed.state))
  s2.resetAndDestroy()
  const [err] = await errored
  t.equal(err.code, 'ECONNRESET', 'the peer\'s ABORT is ECONNRESET')
  t.ok(seen.includes('SCTP_COMM_LOST'), 'COMM_LOST is delivered before the error')
  await closeAll(c2, s2, server)
})

// SCTP_SENDER_DRY_EVENT comes after every drained send queue: the socket
// subscribes to it only while a 'notification' listener is attached (so a
// request/response exchange does not pay for one notification per round),
// and the kernel announces a dry queue at once when the subscription starts.
t.test('sender dry is subscribed while someone listens for notifications', async (t) => {
  const [client, serverSide, server] = await pair()
  serverSide.on('data', () => {})
  client.on('data', () => {})
  const got = waitFor(serverSide, 'data')
  client.write(Buffer.from('before anyone listens'))
  await got
  t.equal(client.listenerCount('notification'), 0, 'no notification listener yet')
  const dry = nextNotification(client, 'SCTP_SENDER_DRY_EVENT')
  t.equal((await dry).parsed.type, 'SCTP_SENDER_DRY_EVENT', 'attaching a listener to an idle association announces the dry queue')
  const again = nextNotification(client, 'SCTP_SENDER_DRY_EVENT')
  client.write(Buffer.from('while listening'))
  t.ok(await again, 'and each drained queue after that')
  await closeAll(client, serverSide, server)
})
