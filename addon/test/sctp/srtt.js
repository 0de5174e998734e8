'use strict'

// srtt is in ms: Linux reports spinfo_srtt in raw jiffies (rto in ms); the
// addon converts it at the kernel's own HZ (src/jiffies.c). A path with a
// known round trip (netem delay on the namespace's end) must read close to
// it: tightly above (raw jiffies at HZ=250 would read a quarter), loosely
// below a ceiling (an emulated, loaded machine adds its own delay).
//
//   this process (client)                    namespace lkrt<tag>
//   198.18.110.1  lkrt<tag>a ------------- lkrt<tag>b  198.18.110.2  sctp_peer
//                                          egress: netem delay 200ms

const t = require('tap')
const path = require('node:path')
const crypto = require('node:crypto')
const readline = require('node:readline')
const { spawn, execFileSync } = require('node:child_process')
const { closeAll, waitFor, until, ip, lksctp } = require('../helpers')

const PEER = path.join(__dirname, '../../../build/bin/sctp_peer')
const TB = path.join(__dirname, '../../../testbed/bin/tb')
const DELAY_MS = 200


t.test('srtt reads the path\'s round trip in ms', async (t) => {
  const tag = crypto.randomBytes(2).toString('hex')
  const ns = `lkrt${tag}`
  const [a, b] = [`lkrt${tag}a`, `lkrt${tag}b`]
  ip('netns', 'add', ns)
  t.teardown(() => {
    try { ip('netns', 'del', ns) } catch {}
  })
  ip('-n', ns, 'link', 'set', 'lo', 'up')
  ip('link', 'add', a, 'type', 'veth', 'peer', 'name', b, 'netns', ns)
  ip('addr', 'add', '198.18.110.1/24', 'dev', a)
  ip('-n', ns, 'addr', 'add', '198.18.110.2/24', 'dev', b)
  ip('link', 'set', a, 'up')
  ip('-n', ns, 'link', 'set', b, 'up')
  execFileSync(TB, ['netem', ns, b, 'delay', `${DELAY_MS}ms`])
  await until(() => ip('-o', 'link', 'show', 'dev', a).includes('LOWER_UP'), 5000, 'carrier')

  const peer = spawn('ip', ['netns', 'exec', ns, PEER, 'listen', '0.0.0.0', '0'], { stdio: ['ignore', 'pipe', 'inherit'] })
  t.teardown(() => peer.kill())
  const lines = readline.createInterface({ input: peer.stdout })
  const [first] = await waitFor(lines, 'line', 10000)
  const port = Number(first.split('=')[1])

  const client = lksctp.connect({
    remoteAddresses: ['198.18.110.2'],
    localAddresses: ['198.18.110.1'],
    port,
    sctp: { pollInterval: 100, paths: { heartbeatInterval: 100 } }
  })
  await waitFor(client, 'connect', 10000)
  client.on('data', () => {})
  // Round trips measured on data (SACKs) and heartbeats.
  const timer = setInterval(() => client.write(Buffer.from('rtt')), 100)
  t.teardown(() => clearInterval(timer))

  const srtt = () => client.status().primary.srtt
  // SRTT moves 1/8 of the way to each measurement: wait for it to settle.
  await until(() => srtt() >= DELAY_MS * 0.9, 20000, `srtt to reach ${DELAY_MS * 0.9} ms`).catch(() => {})
  const s = srtt()
  const pi = client.peerInfoByAddress['198.18.110.2']
  t.comment(`netem ${DELAY_MS} ms: status().primary.srtt ${s} ms, rto ${client.status().primary.rto} ms, peerInfoByAddress srtt ${pi && pi.srtt} ms`)
  t.ok(s >= DELAY_MS * 0.9, `status().primary.srtt ${s} >= ${DELAY_MS * 0.9} ms`)
  t.ok(s <= DELAY_MS * 3 + 300, `status().primary.srtt ${s} <= ${DELAY_MS * 3 + 300} ms`)
  t.ok(pi, 'peerInfoByAddress has the path')
  await until(() => client.peerInfoByAddress['198.18.110.2'].srtt >= DELAY_MS * 0.9, 5000, 'peerInfoByAddress refreshed')
    .catch(() => {})
  const ps = client.peerInfoByAddress['198.18.110.2'].srtt
  t.ok(ps >= DELAY_MS * 0.9 && ps <= DELAY_MS * 3 + 300, `peerInfoByAddress srtt ${ps} ms within [${DELAY_MS * 0.9}, ${DELAY_MS * 3 + 300}]`)
  clearInterval(timer)
  await closeAll(client)
})
