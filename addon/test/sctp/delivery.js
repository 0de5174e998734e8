'use strict'

// Topology: one host, loopback 127.0.0.1.
// Per-message delivery options: unordered arrives flagged; a ttl (PR-SCTP)
// message still arrives on a healthy path; bad values are refused.

const t = require('tap')
const { pair, closeAll, collect } = require('../helpers')

t.test('unordered and ttl per message', async (t) => {
  const [client, serverSide, server] = await pair()
  const u = Buffer.from('unordered')
  u.unordered = true
  u.sid = 1
  const o = Buffer.from('ordered')
  o.sid = 1
  const ttl = Buffer.from('timed')
  ttl.ttl = 5000
  client.write(u)
  client.write(o)
  client.write(ttl)
  const got = await collect(serverSide, 3)
  const byText = Object.fromEntries(got.map((m) => [m.toString(), m]))
  t.equal(byText.unordered.unordered, true, 'sent unordered: received with unordered: true')
  t.equal(byText.unordered.sid, 1)
  t.equal(byText.ordered.unordered, undefined, 'ordered messages carry no flag')
  t.ok(byText.timed, 'a message with a ttl arrives on a healthy path')
  const bad = Buffer.from('x')
  bad.ttl = -1
  t.throws(() => client.write(bad), { code: 'ERR_OUT_OF_RANGE', message: /data\.ttl/ })
  const bad2 = Buffer.from('x')
  bad2.unordered = 'yes'
  t.throws(() => client.write(bad2), { code: 'ERR_INVALID_ARG_TYPE', message: /data\.unordered/ })
  await closeAll(client, serverSide, server)
})
