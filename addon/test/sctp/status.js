'use strict'

// Topology: one host, loopback 127.0.0.1.
// status() decodes struct sctp_status itself; every field is checked
// against what the association must show.

const t = require('tap')
const { pair, closeAll, collect, lksctp } = require('../helpers')

t.test('status() of an established association', async (t) => {
  const [client, serverSide, server] = await pair({ MIS: 4 }, { OS: 6, MIS: 9 })
  const st = client.status()
  t.type(st.assocId, 'number')
  t.ok(st.assocId > 0, 'association id is set')
  t.equal(st.state, 'SCTP_ESTABLISHED')
  t.ok(st.rwnd > 1000, `peer rwnd ${st.rwnd}`)
  t.equal(st.unackdata, 0)
  t.equal(st.penddata, 0)
  t.equal(st.instrms, 9, 'inbound streams: server OS (default 10) capped by our MIS 9')
  t.equal(st.outstrms, 4, 'outbound streams: our OS 6 capped by server MIS 4')
  t.ok(st.fragmentationPoint > 500 && st.fragmentationPoint <= 65536, `fragmentation point ${st.fragmentationPoint}`)
  t.match(st.primary, { address: '127.0.0.1', port: server.address().port, family: 'IPv4', state: 'SCTP_ACTIVE' })
  t.ok(st.primary.cwnd > 0, `cwnd ${st.primary.cwnd}`)
  t.ok(st.primary.rto >= 1, `rto ${st.primary.rto}`)
  t.ok(st.primary.mtu >= 1280, `mtu ${st.primary.mtu}`)
  t.type(st.primary.srtt, 'number')
  t.equal(st.primary.assocId, st.assocId)

  const s = serverSide.status()
  t.equal(s.state, 'SCTP_ESTABLISHED')
  t.match(s.primary, { address: '127.0.0.1', port: client.localPort })

  // Data in flight shows up in the counters' sum over time; after the
  // peer read it, nothing is left pending.
  client.write(Buffer.alloc(1000))
  await collect(serverSide, 1)
  t.equal(client.status().penddata, 0)

  await closeAll(client, serverSide, server)
  t.throws(() => client.status(), { code: 'ERR_SOCKET_CLOSED' })
})

// The address fields come from one native call (paths(): SCTP_STATUS,
// both address lists, getsockname); it must say what the calls it
// replaced say, on both sides.
t.test('paths() agrees with status(), addresses(), primaryAddress() and sockname()', async (t) => {
  const [client, serverSide, server] = await pair({ MIS: 3 }, { OS: 5 })
  for (const [side, s] of [['client', client], ['server side', serverSide]]) {
    const h = s._handle
    const p = h.paths()
    const local = h.addresses(false)
    const remote = h.addresses(true)
    const primary = h.primaryAddress()
    const name = h.sockname()
    t.equal(p[0], h.status().outstrms, `${side}: outbound streams`)
    t.same([p[1], p[2]], [primary.address, primary.port], `${side}: primary path`)
    t.same([p[3], p[4]], [name.address, name.port], `${side}: socket name`)
    t.equal(p[5], local.length, `${side}: local count`)
    t.equal(p[6], remote.length, `${side}: remote count`)
    t.equal(p[7], remote[0].port, `${side}: remote port`)
    t.same(p.slice(8), [...local, ...remote].map((a) => a.address), `${side}: the lists, in order`)
    t.equal(s.remoteAddress, primary.address)
    t.equal(s.remotePort, primary.port)
    t.equal(s.localPort, name.port)
  }
  t.equal(client._outStreams, 3, 'the client may use the 3 streams the server accepts')
  t.throws(() => client.write(Object.assign(Buffer.from('x'), { sid: 3 })), { code: 'ERR_OUT_OF_RANGE' })
  await closeAll(client, serverSide, server)
})

t.test('setNoDelay() before the association is up applies at connect', async (t) => {
  const server = await new Promise((resolve) => {
    const srv = lksctp.createServer()
    srv.listen({ host: '127.0.0.1', port: 0 }, () => resolve(srv))
  })
  const client = lksctp.connect({ host: '127.0.0.1', port: server.address().port })
  t.equal(client.setNoDelay(false), client)
  await new Promise((resolve) => client.once('connect', resolve))
  t.equal(client._handle.getNoDelay(), false, 'Nagle on, as asked before connect')
  const [c2, s2, srv2] = await pair({ noDelay: false })
  t.equal(s2._handle.getNoDelay(), false)
  s2.setNoDelay(true)
  t.equal(s2._handle.getNoDelay(), true)
  const [c3, s3] = await Promise.all([
    new Promise((resolve) => {
      const c = lksctp.connect({ host: '127.0.0.1', port: srv2.address().port }, () => resolve(c))
    }),
    new Promise((resolve) => srv2.once('connection', resolve))
  ])
  t.equal(s3._handle.getNoDelay(), false, "one accepted socket's setNoDelay() leaves the server's option alone")
  await closeAll(client, server, c2, s2, c3, s3, srv2)
})

t.test('setNoDelay reaches the socket (SCTP_NODELAY)', async (t) => {
  const [client, serverSide, server] = await pair({ noDelay: false }, { noDelay: false })
  t.equal(client._handle.getNoDelay(), false, 'noDelay: false at connect')
  t.equal(serverSide._handle.getNoDelay(), false, 'noDelay: false applied to the accepted socket')
  t.equal(client.setNoDelay(), client, 'returns the socket')
  t.equal(client._handle.getNoDelay(), true)
  client.setNoDelay(false)
  t.equal(client._handle.getNoDelay(), false)
  await closeAll(client, serverSide, server)
  const [c2, s2, srv2] = await pair()
  t.equal(c2._handle.getNoDelay(), true, 'Nagle is off by default (see README)')
  t.equal(s2._handle.getNoDelay(), true)
  await closeAll(c2, s2, srv2)
})

t.test('sctp.sack reaches every accepted association and the client', async (t) => {
  // freq 1 would turn delayed SACK off (the kernel then reports delay 0);
  // delays are kept in jiffies, so use multiples of 1, 4 and 10 ms (any HZ).
  const sack = { delay: 40, freq: 2 }
  const server = lksctp.createServer({ sctp: { sack } })
  server.listen({ host: '127.0.0.1', port: 0 })
  await new Promise((resolve) => server.once('listening', resolve))
  const conns = []
  server.on('connection', (s) => conns.push(s))
  const clients = []
  for (let i = 0; i < 3; i++) {
    const c = lksctp.connect({ host: '127.0.0.1', port: server.address().port, sctp: { sack: { delay: 120, freq: 3 } } })
    await new Promise((resolve) => c.once('connect', resolve))
    clients.push(c)
  }
  while (conns.length < 3) await new Promise((resolve) => server.once('connection', () => resolve()))
  for (const s of conns) t.same(s._handle.getDelayedSack(), sack, 'accepted association has the server\'s sack setting')
  for (const c of clients) t.same(c._handle.getDelayedSack(), { delay: 120, freq: 3 }, 'client has its own')
  await closeAll(...clients, ...conns, server)
})

t.test('sctp.pollInterval: one shared timer; an unwatched socket re-reads only when read', async (t) => {
  const refresh = require('../../lib/refresh')
  const sctp = { pollInterval: 97 } // an interval no other test uses
  const [client, serverSide, server] = await pair({ sctp }, { sctp })
  t.teardown(() => closeAll(client, serverSide, server))
  t.equal(refresh.active()[97], 2, 'both ends share one timer for their interval')

  // Count the re-reads: SCTP_GET_PEER_ADDR_INFO once per remote address.
  let reads = 0
  const h = client._handle
  const peerAddrInfo = h.peerAddrInfo
  // (The class's methods are read-only: shadow it on this instance.)
  Object.defineProperty(h, 'peerAddrInfo', {
    value (...args) {
      reads++
      return peerAddrInfo.apply(this, args)
    }
  })
  await new Promise((resolve) => setTimeout(resolve, 500))
  t.equal(reads, 0, 'no listener, no read: nothing re-read over 5 intervals')
  const info = client.peerInfoByAddress['127.0.0.1']
  t.equal(reads, 1, 'reading peerInfoByAddress after a tick re-reads it first')
  t.equal(info && info.state, 'SCTP_ACTIVE')
  t.equal(client.remoteAddress, '127.0.0.1')
  t.equal(reads, 1, 'and once only until the next tick')

  reads = 0
  let updates = 0
  client.on('peer-info-update', () => updates++)
  await new Promise((resolve) => setTimeout(resolve, 500))
  t.ok(updates >= 2, `a watched socket is re-read at each tick (${updates} updates in 500 ms)`)
  t.equal(reads, updates, 'one read per update')

  const closed = Promise.all([client, serverSide].map((s) => new Promise((resolve) => s.once('close', resolve))))
  serverSide.on('error', () => {}) // destroy() aborts: ECONNRESET there
  client.destroy()
  await closed
  t.equal(refresh.active()[97], undefined, 'both ends closed: they left, and the timer stopped')
  t.equal(client.remoteAddress, '127.0.0.1', 'its addresses stay readable after close')
})

t.test('without receiveBufferSize the receive limit doubles once up, the window stays', async (t) => {
  const fs = require('node:fs')
  const rmemDefault = Number(fs.readFileSync('/proc/sys/net/core/rmem_default', 'utf8'))
  const rmemMax = Number(fs.readFileSync('/proc/sys/net/core/rmem_max', 'utf8'))
  const [client, serverSide, server] = await pair()
  t.teardown(() => closeAll(client, serverSide, server))
  const want = rmemDefault <= rmemMax ? 2 * rmemDefault : rmemDefault
  t.equal(client._handle.getBufferSize(true), want, `client: limit ${want} (net.core.rmem_default ${rmemDefault}, rmem_max ${rmemMax})`)
  t.equal(serverSide._handle.getBufferSize(true), want, 'accepted side: the same')
  // The window each side advertises is still half the default buffer.
  t.equal(serverSide.status().rwnd, rmemDefault / 2, 'the client\'s window as the server sees it')
  t.equal(client.status().rwnd, rmemDefault / 2, 'the server\'s window as the client sees it')

  const [c2, s2, srv2] = await pair({ receiveBufferSize: 65536 }, { receiveBufferSize: 65536 })
  t.teardown(() => closeAll(c2, s2, srv2))
  t.equal(c2._handle.getBufferSize(true), 131072, 'a receiveBufferSize given is left as asked (doubled once by Linux)')
  t.equal(s2._handle.getBufferSize(true), 131072)

  // The server sets its buffer sizes on the listener once; each accepted
  // socket has them from there (Linux copies them on accept).
  const [c3, s3, srv3] = await pair({ receiveBufferSize: 98304, sendBufferSize: 81920 })
  t.teardown(() => closeAll(c3, s3, srv3))
  t.equal(s3._handle.getBufferSize(true), 196608, 'accepted: the server\'s receiveBufferSize')
  t.equal(s3._handle.getBufferSize(false), 163840, 'accepted: the server\'s sendBufferSize')
  t.equal(c3.status().rwnd, 98304, 'the window the accepted association announced: half its buffer')
})
