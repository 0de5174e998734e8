'use strict'

// Association set-up while one path is down: the client's link of path 1
// is down (no route to the peer's first address). A connect given both of
// the peer's addresses must come up over path 2, the kernel sending INIT
// where it can (multi-homing at set-up), and the association must list
// both addresses and carry data. (Linux reports no routing error for an
// INIT it cannot route: a connect to the one unroutable address ends in
// ETIMEDOUT after every INIT attempt, measured 142 s here.)
//
// The second test downs the peer's end of path 1 instead: the route stays,
// the client's ARP for the peer fails, and the kernel hands the socket an
// ICMP host unreachable (a soft error, SO_ERROR's second source) while
// INIT is still pending. The association then comes up over path 2; a
// connect that took SO_ERROR for the outcome reported EHOSTUNREACH for an
// association that was up (the soak's "unexplained" connects).
//
//   this process (client)                      namespace lkcp<tag>
//   198.18.111.1  lkcp<tag>a1 (down) ------ lkcp<tag>b1  198.18.111.2
//   198.18.112.1  lkcp<tag>a2 -------------- lkcp<tag>b2  198.18.112.2  sctp_peer

const t = require('tap')
const path = require('node:path')
const crypto = require('node:crypto')
const readline = require('node:readline')
const { spawn } = require('node:child_process')
const { closeAll, waitFor, firstOf, until, ip, lksctp } = require('../helpers')

const PEER = path.join(__dirname, '../../../build/bin/sctp_peer')
// T1 at 300 ms: the retry on path 2 comes quickly, without a quiet machine
// being needed (the wait below allows every INIT attempt of the kernel).
const RTO = { initial: 300, min: 300, max: 1000 }


function routable (dst) {
  try {
    ip('route', 'get', dst)
    return true
  } catch {
    return false
  }
}

async function topology (t) {
  const tag = crypto.randomBytes(2).toString('hex')
  const ns = `lkcp${tag}`
  ip('netns', 'add', ns)
  t.teardown(() => {
    try { ip('netns', 'del', ns) } catch {}
  })
  ip('-n', ns, 'link', 'set', 'lo', 'up')
  for (const p of [1, 2]) {
    const [a, b] = [`${ns}a${p}`, `${ns}b${p}`]
    ip('link', 'add', a, 'type', 'veth', 'peer', 'name', b, 'netns', ns)
    ip('addr', 'add', `198.18.11${p}.1/24`, 'dev', a)
    ip('-n', ns, 'addr', 'add', `198.18.11${p}.2/24`, 'dev', b)
    ip('link', 'set', a, 'up')
    ip('-n', ns, 'link', 'set', b, 'up')
    await until(() => ip('-o', 'link', 'show', 'dev', a).includes('LOWER_UP'), 5000, `carrier on ${a}`)
  }
  return ns
}

// sctp_peer listening (echo) in the namespace: its port.
async function listenIn (t, ns) {
  const peer = spawn('ip', ['netns', 'exec', ns, PEER, 'listen', '0.0.0.0', '0'], { stdio: ['ignore', 'pipe', 'inherit'] })
  t.teardown(() => peer.kill())
  const lines = readline.createInterface({ input: peer.stdout })
  const [first] = await waitFor(lines, 'line', 10000)
  return Number(first.split('=')[1])
}

t.test('a connect to two addresses comes up over path 2 when path 1 has no route', async (t) => {
  const ns = await topology(t)
  const port = await listenIn(t, ns)

  ip('link', 'set', `${ns}a1`, 'down')
  t.notOk(routable('198.18.111.2'), 'path 1 has no route (the case under test)')
  t.ok(routable('198.18.112.2'), 'path 2 has one')

  const client = lksctp.connect({ remoteAddresses: ['198.18.111.2', '198.18.112.2'], port, sctp: { rto: RTO } })
  t.teardown(() => closeAll(client))
  const [ev, err] = await firstOf(client, ['connect', 'error'], 30000)
  t.equal(ev, 'connect', `connected${err ? ` (error ${err.code}, syscall ${err.syscall})` : ''}`)
  if (ev !== 'connect') return
  t.same([...client.remoteAddresses].sort(), ['198.18.111.2', '198.18.112.2'], 'both peer addresses in the association')
  client.write(Object.assign(Buffer.from('over path 2'), { sid: 0, ppid: 7 }))
  const echo = await waitFor(client, 'data', 20000)
  t.equal(String(echo[0]), 'over path 2', 'the peer echoed a message')
  const info = client.peerInfoByAddress['198.18.112.2']
  t.equal(info && info.state, 'SCTP_ACTIVE', 'path 2 is active')
})

// The client's ARP gives up after one probe of 100 ms (instead of 3 of 1 s)
// and T1 is 2 s: the ICMP is queued well before INIT is retried on path 2.
function quickArp (dev) {
  const fs = require('node:fs')
  fs.writeFileSync(`/proc/sys/net/ipv4/neigh/${dev}/mcast_solicit`, '1')
  fs.writeFileSync(`/proc/sys/net/ipv4/neigh/${dev}/app_solicit`, '0')
  fs.writeFileSync(`/proc/sys/net/ipv4/neigh/${dev}/ucast_solicit`, '1')
  fs.writeFileSync(`/proc/sys/net/ipv4/neigh/${dev}/retrans_time_ms`, '100')
}

t.test('an ICMP host unreachable on path 1 during set-up does not fail a connect that path 2 completes', async (t) => {
  const ns = await topology(t)
  const port = await listenIn(t, ns)

  quickArp(`${ns}a1`)
  ip('-n', ns, 'link', 'set', `${ns}b1`, 'down')
  await until(() => !ip('-o', 'link', 'show', 'dev', `${ns}a1`).includes('LOWER_UP'), 5000, `no carrier on ${ns}a1`)
  t.ok(routable('198.18.111.2'), 'path 1 keeps its route (the case under test: ARP fails, not routing)')

  const started = Date.now()
  const client = lksctp.connect({
    remoteAddresses: ['198.18.111.2', '198.18.112.2'],
    port,
    sctp: { rto: { initial: 2000, min: 1000, max: 4000 } }
  })
  t.teardown(() => closeAll(client))
  const [ev, err] = await firstOf(client, ['connect', 'error'], 60000)
  t.equal(ev, 'connect', `connected${err ? ` (error ${err.code}, syscall ${err.syscall}, after ${Date.now() - started} ms)` : ''}`)
  if (ev !== 'connect') return
  t.equal(client.status().state, 'SCTP_ESTABLISHED', 'the association is established')
  client.write(Object.assign(Buffer.from('after the ICMP'), { sid: 0, ppid: 7 }))
  const echo = await waitFor(client, 'data', 20000)
  t.equal(String(echo[0]), 'after the ICMP', 'the peer echoed a message')
})
