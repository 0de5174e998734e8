'use strict'

// Topology: one host, loopback 127.0.0.1.
// A message larger than the receive buffer arrives whole (partial delivery
// reassembled until MSG_EOR).

const t = require('tap')
const crypto = require('node:crypto')
const path = require('node:path')
const { execFileSync, spawnSync } = require('node:child_process')
const { pair, closeAll, collect, ip } = require('../helpers')

const TB = path.join(__dirname, '../../../testbed/bin/tb')

// Run a fixture in a namespace of its own whose loopback has an Ethernet
// MTU (1500: chunks of ~1.4 KB) and delays every packet by 5 ms, so that
// large messages cross in many small pieces; its last stdout line is JSON.
function inSlowNamespace (t, prefix, fixture, timeout) {
  const ns = `${prefix}${crypto.randomBytes(2).toString('hex')}`
  ip('netns', 'add', ns)
  t.teardown(() => {
    try { ip('netns', 'del', ns) } catch {}
  })
  ip('-n', ns, 'link', 'set', 'lo', 'mtu', '1500', 'up')
  execFileSync(TB, ['netem', ns, 'lo', 'delay', '5ms'])
  const r = spawnSync('ip', ['netns', 'exec', ns, process.execPath, path.join(__dirname, 'fixtures', fixture)],
    { encoding: 'utf8', timeout })
  t.equal(r.status, 0, `fixture exit ${r.status}: ${r.stderr}`)
  return JSON.parse(r.stdout.trim().split('\n').pop() || '{}')
}

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

// Every association of a process reads into one shared buffer (binding.c,
// lk_module.rx_buf); a message begun when its socket has no more for now
// moves to memory of its own. In the slow namespace four associations
// receive a message each in small pieces at once: each must arrive whole
// and unmixed.
t.test('messages arriving in pieces on four associations at once stay apart', async (t) => {
  const out = inSlowNamespace(t, 'lkpi', 'pd-interleave.js', 300000)
  t.equal((out.results || []).length, 4, 'four messages')
  for (const [i, m] of (out.results || []).entries()) {
    t.same(m, { whole: true, length: 256 * 1024, sid: i, ppid: 100 + i, next: `after ${i}` }, `association ${i}: its own 256 KiB, whole, then its next message`)
  }
})

// The sender aborts while the receiver holds part of a message (partial
// delivery): the part is dropped, never handed over as a whole message; the
// loss shows as the association's error and, to a 'notification' listener,
// as SCTP_PARTIAL_DELIVERY_EVENT (SCTP_PARTIAL_DELIVERY_ABORTED). On plain
// loopback the 16 MiB cross within one poll of the sender. In a namespace
// whose loopback has an Ethernet MTU (1500: chunks of ~1.4 KB, so the
// receive window holds many and the kernel starts partial delivery when it
// is full) and delays each packet by 5 ms, they take seconds, and an abort
// half a second in lands in the middle. (With loopback's 64 KiB MTU one chunk fills the
// window and the transfer crawls on zero-window probes.)
t.test('an ABORT in the middle of a partially delivered message delivers none of it', async (t) => {
  const out = inSlowNamespace(t, 'lkpd', 'pd-abort.js', 600000)
  t.ok(out.outstandingAtAbort >= out.size, `aborted before the message was complete: ${out.outstandingAtAbort} bytes of send buffer still held for ${out.size}`)
  t.equal(out.error, 'ECONNRESET', 'the association\'s error reports the loss')
  t.same(out.got, [], 'no message delivered, neither whole nor truncated')
  const pd = (out.notifications || []).find((p) => p.type === 'SCTP_PARTIAL_DELIVERY_EVENT')
  t.ok(pd, `SCTP_PARTIAL_DELIVERY_EVENT delivered (${JSON.stringify(out.notifications)})`)
  t.equal(pd && pd.indication, 'SCTP_PARTIAL_DELIVERY_ABORTED')
})
