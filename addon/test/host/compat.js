'use strict'

// lksctp/compat without SCTP: its synchronous checks, the options it hands
// the main entry, node-lksctp's shapes built from made-up values of the
// main entry (status, peer info, a notification of every type), the sid
// error, and the ES module giving the CommonJS objects.

const t = require('tap')
const os = require('node:os')
const compat = require('../../lib/compat')
const map = require('../../lib/compat-map')
const { Server: MainServer } = require('../../lib/server')
const { SctpSocket } = require('../../lib/socket')
const options = require('../../lib/options')

t.test('connect: a non-IP address is thrown at once, naming the option', async (t) => {
  const cases = [
    [{ host: 'example.com', port: 1 }, /'options\.host' must be an IPv4 or IPv6 address/],
    [{ remoteAddresses: ['127.0.0.1', 'peer.example'], port: 1 }, /'options\.remoteAddresses\[1\]'/],
    [{ host: '127.0.0.1', localAddress: 'localhost', port: 1 }, /'options\.localAddress'/],
    [{ host: '127.0.0.1', localAddresses: ['10.0.0.1', '10.0.0.300'], port: 1 }, /'options\.localAddresses\[1\]'/],
    [{ port: 1 }, /'options\.host' or options\.remoteAddresses is required/]
  ]
  for (const [opts, message] of cases) {
    t.throws(() => compat.connect(opts), { code: 'ERR_INVALID_ARG_VALUE', message }, JSON.stringify(opts))
  }
  // Types stay the main entry's errors.
  t.throws(() => compat.connect({ host: 5, port: 1 }), { code: 'ERR_INVALID_ARG_TYPE', message: /"options\.host"/ })
  t.throws(() => compat.connect({ remoteAddresses: '127.0.0.1', port: 1 }), { code: 'ERR_INVALID_ARG_TYPE' })
  t.throws(() => compat.connect({ host: '127.0.0.1' }), { code: 'ERR_INVALID_ARG_TYPE', message: /options\.port/ })
  // IP literals of both families pass.
  for (const o of [{ host: '10.0.0.1', port: 1 }, { remoteAddresses: ['10.0.0.1', 'fd00::1'], localAddresses: ['::1'], port: 1 }]) {
    t.equal(map.connectOptions(o), o, 'handed over unchanged')
  }
})

t.test('listen: a non-IP address is thrown at once; no address means IPv4 0.0.0.0', async (t) => {
  const server = compat.createServer()
  t.throws(() => server.listen({ host: 'localhost', port: 0 }), { code: 'ERR_INVALID_ARG_VALUE', message: /'options\.host'/ })
  t.throws(() => server.listen({ localAddresses: ['127.0.0.1', 'x'], port: 0 }), { code: 'ERR_INVALID_ARG_VALUE', message: /'options\.localAddresses\[1\]'/ })
  t.notOk(server.listening)

  // What reaches the main entry's listen().
  const seen = []
  const orig = MainServer.prototype.listen
  MainServer.prototype.listen = function (o, cb) { seen.push([o, cb]); return this }
  try {
    const cb = () => {}
    t.equal(server.listen({ port: 5000, backlog: 8 }, cb), server, 'returns the server')
    server.listen(cb)
    server.listen()
    server.listen({ host: '127.0.0.2', port: 1 })
    server.listen({ localAddresses: ['127.0.0.1', '::1'], port: 1 })
    t.same(seen[0][0], { port: 5000, backlog: 8, host: '0.0.0.0' })
    t.equal(seen[0][1], cb)
    t.same(seen[1][0], { host: '0.0.0.0' })
    t.equal(seen[1][1], cb, 'listen(callback)')
    t.same(seen[2][0], { host: '0.0.0.0' })
    t.same(seen[3][0], { host: '127.0.0.2', port: 1 })
    t.same(seen[4][0], { localAddresses: ['127.0.0.1', '::1'], port: 1 })
  } finally {
    MainServer.prototype.listen = orig
  }
  const given = { port: 7 }
  map.listenOptions(given)
  t.same(given, { port: 7 }, 'the caller\'s options are not changed')
})

t.test('createServer: options, listener and the class', async (t) => {
  const listener = () => {}
  const server = compat.createServer({ MIS: 4, OS: 4, sctp: { sack: { delay: 10, freq: 2 } } }, listener)
  t.ok(server instanceof compat.Server)
  t.ok(server instanceof MainServer, 'a main-entry server underneath')
  t.same(server.listeners('connection'), [listener])
  t.ok(compat.createServer(listener) instanceof compat.Server)
  t.throws(() => compat.createServer({ MIS: 0 }), { code: 'ERR_OUT_OF_RANGE', message: /options\.MIS/ })
  t.equal(compat.createConnection, compat.connect)
})

const mainStatus = {
  assocId: 7,
  state: 'SCTP_ESTABLISHED',
  rwnd: 106496,
  unackdata: 1,
  penddata: 2,
  instrms: 5,
  outstrms: 3,
  fragmentationPoint: 65484,
  primary: { assocId: 7, address: '127.0.0.1', port: 9, family: 'IPv4', state: 'SCTP_ACTIVE', cwnd: 4380, srtt: 1, rto: 200, mtu: 65520 }
}

t.test('status(): node-lksctp names, numeric states, sock_diag\'s values', async (t) => {
  const diag = {
    tag: 0xdeadbeef,
    inqueue: 0,
    outqueue: 3,
    overallError: 1,
    maxBurst: 4,
    maxseg: 65484,
    peerRwnd: 106000,
    peerTag: 0x12345678,
    peerCapable: 6,
    peerSack: 1
  }
  t.same(map.status(mainStatus, diag), {
    tag: 0xdeadbeef,
    state: 4,
    rwnd: 106496,
    unackdata: 1,
    penddata: 2,
    numberOfIncomingStreams: 5,
    numberOfOutgoingStreams: 3,
    fragmentationPoint: 65484,
    incomingQueue: 0,
    outgoingQueue: 3,
    overallError: 1,
    maxBurst: 4,
    maxSeg: 65484,
    peer: { tag: 0x12345678, rwnd: 106000, cap: 6, sack: 1 }
  })
  // Linux's enum sctp_sstat_state.
  const numbers = {
    SCTP_EMPTY: 0,
    SCTP_CLOSED: 1,
    SCTP_COOKIE_WAIT: 2,
    SCTP_COOKIE_ECHOED: 3,
    SCTP_ESTABLISHED: 4,
    SCTP_SHUTDOWN_PENDING: 5,
    SCTP_SHUTDOWN_SENT: 6,
    SCTP_SHUTDOWN_RECEIVED: 7,
    SCTP_SHUTDOWN_ACK_SENT: 8,
    SCTP_UNKNOWN_STATE: null
  }
  for (const [name, n] of Object.entries(numbers)) t.equal(map.status({ ...mainStatus, state: name }).state, n, name)
})

t.test('status() without sock_diag: what SCTP_STATUS holds, null for the rest', async (t) => {
  t.same(map.status(mainStatus, null), {
    tag: null,
    state: 4,
    rwnd: 106496,
    unackdata: 1,
    penddata: 2,
    numberOfIncomingStreams: 5,
    numberOfOutgoingStreams: 3,
    fragmentationPoint: 65484,
    incomingQueue: null,
    outgoingQueue: null,
    overallError: null,
    maxBurst: null,
    maxSeg: 65484,
    peer: { tag: null, rwnd: 106496, cap: null, sack: null }
  })
})

t.test('the sock_diag module: -errno, never a throw, for what it cannot answer', async (t) => {
  const diag = require(require('../../lib/locate').locate('lksctp_diag'))
  const r = diag.sctpInfo('127.0.0.1', 1, '127.0.0.1', 2)
  t.ok(typeof r === 'number' && r < 0, `no such association: ${r}`)
  t.equal(diag.sctpInfo('127.0.0.1', 1, '::1', 2), -22, 'two families: EINVAL')
  t.equal(diag.sctpInfo('no.such', 1, '127.0.0.1', 2), -22, 'not an address: EINVAL')
  t.equal(diag.sctpInfo('127.0.0.1', 65536, '127.0.0.1', 2), -22, 'port out of range: EINVAL')
  t.equal(diag.sctpInfo('1'.repeat(200), 1, '127.0.0.1', 2), -22, 'too long: EINVAL')
  t.throws(() => diag.sctpInfo('127.0.0.1'), { code: 'ERR_LKSCTP_NAPI' })
  t.throws(() => diag.sctpInfo(1, 2, 3, 4), { code: 'ERR_LKSCTP_NAPI' })
})

t.test('peerInfoByAddress: node-lksctp shape, numeric states', async (t) => {
  const pi = { assocId: 3, address: '10.0.0.1', port: 9, family: 'IPv4', state: 'SCTP_ACTIVE', cwnd: 4380, srtt: 12, rto: 212, mtu: 1500 }
  t.same(map.peerInfo(pi), { state: 2, cwnd: 4380, srtt: 12, rto: 212, mtu: 1500 })
  const numbers = { SCTP_INACTIVE: 0, SCTP_PF: 1, SCTP_ACTIVE: 2, SCTP_UNCONFIRMED: 3, SCTP_UNKNOWN: 65535, OTHER: null }
  for (const [name, n] of Object.entries(numbers)) t.equal(map.peerInfo({ ...pi, state: name }).state, n, name)
  t.same(map.peerInfoByAddress({ '10.0.0.1': pi, '10.0.1.1': undefined }), {
    '10.0.0.1': { state: 2, cwnd: 4380, srtt: 12, rto: 212, mtu: 1500 },
    '10.0.1.1': undefined
  })
  t.same(map.peerInfoByAddress(undefined), {})
})

// ---- notifications: bytes laid out as <linux/sctp.h> lays them out -------

const LE = os.endianness() === 'LE'
function bytes (length, fields) {
  const b = Buffer.alloc(length)
  for (const [off, kind, v] of fields) {
    if (kind === 'u16') LE ? b.writeUInt16LE(v, off) : b.writeUInt16BE(v, off)
    else if (kind === 'u32') LE ? b.writeUInt32LE(v, off) : b.writeUInt32BE(v, off)
    else if (kind === 'i32') LE ? b.writeInt32LE(v, off) : b.writeInt32BE(v, off)
    else Buffer.from(v).copy(b, off)
  }
  return b
}
function header (type, flags, length) {
  return [[0, 'u16', type], [2, 'u16', flags], [4, 'u32', length]]
}
function notification (type, name, length, fields, total = length) {
  return { raw: bytes(total, [...header(type, fields.flags || 0, length), ...fields.list]), parsed: { type: name }, interpreted: 'sentence' }
}

const sockaddrIn = Buffer.from([2, 0, 0x1f, 0x90, 10, 0, 0, 1]) // AF_INET, port 8080, 10.0.0.1 (family in host order on x86)

const notificationCases = [
  ['SCTP_ASSOC_CHANGE', notification(0x8001, 'SCTP_ASSOC_CHANGE', 24, {
    list: [[8, 'u16', 0], [10, 'u16', 0x0700], [12, 'u16', 10], [14, 'u16', 5], [16, 'i32', 3], [20, 'bytes', [1, 2, 3, 4]]]
  }), {
    sn_type: 0x8001,
    sn_flags: 0,
    sn_length: 24,
    sn_assoc_change: {
      sac_type: 0x8001, sac_flags: 0, sac_length: 24, sac_state: 0, sac_error: 0x0700,
      sac_outbound_streams: 10, sac_inbound_streams: 5, sac_assoc_id: 3, sac_info: Buffer.from([1, 2, 3, 4])
    }
  }],
  ['SCTP_PEER_ADDR_CHANGE', notification(0x8002, 'SCTP_PEER_ADDR_CHANGE', 148, {
    list: [[8, 'bytes', sockaddrIn], [136, 'i32', 0], [140, 'i32', 0], [144, 'i32', 9]]
  }), {
    sn_type: 0x8002,
    sn_flags: 0,
    sn_length: 148,
    sn_paddr_change: {
      spc_type: 0x8002, spc_flags: 0, spc_length: 148,
      spc_aaddr: Buffer.concat([sockaddrIn, Buffer.alloc(120)]),
      spc_state: 0, spc_error: 0, spc_assoc_id: 9
    }
  }],
  ['SCTP_SEND_FAILED', notification(0x8003, 'SCTP_SEND_FAILED', 51, {
    flags: 1,
    list: [[8, 'u32', 0x0100], [12, 'u16', 2], [14, 'u16', 7], [16, 'u16', 1], [20, 'u32', 0x2e000000],
      [24, 'u32', 77], [28, 'u32', 100], [32, 'u32', 1000], [36, 'u32', 999], [40, 'i32', 4], [44, 'i32', 4], [48, 'bytes', 'abc']]
  }), {
    sn_type: 0x8003,
    sn_flags: 1,
    sn_length: 51,
    sn_send_failed: {
      ssf_type: 0x8003, ssf_flags: 1, ssf_length: 51, ssf_error: 0x0100,
      ssf_info: {
        sinfo_stream: 2, sinfo_ssn: 7, sinfo_flags: 1, sinfo_ppid: 0x2e000000, sinfo_context: 77,
        sinfo_timetolive: 100, sinfo_tsn: 1000, sinfo_cumtsn: 999, sinfo_assoc_id: 4
      },
      ssf_assoc_id: 4,
      ssf_data: Buffer.from('abc')
    }
  }],
  ['SCTP_REMOTE_ERROR', notification(0x8004, 'SCTP_REMOTE_ERROR', 20, {
    list: [[8, 'u16', 0x0100], [12, 'i32', 5], [16, 'bytes', [0, 1, 0, 0]]]
  }), {
    sn_type: 0x8004,
    sn_flags: 0,
    sn_length: 20,
    sn_remote_error: { sre_type: 0x8004, sre_flags: 0, sre_length: 20, sre_error: 0x0100, sre_assoc_id: 5, sre_data: Buffer.from([0, 1, 0, 0]) }
  }],
  ['SCTP_SHUTDOWN_EVENT', notification(0x8005, 'SCTP_SHUTDOWN_EVENT', 12, { list: [[8, 'i32', 6]] }), {
    sn_type: 0x8005, sn_flags: 0, sn_length: 12, sn_shutdown_event: { sse_type: 0x8005, sse_flags: 0, sse_length: 12, sse_assoc_id: 6 }
  }],
  ['SCTP_PARTIAL_DELIVERY_EVENT', notification(0x8006, 'SCTP_PARTIAL_DELIVERY_EVENT', 24, {
    list: [[8, 'u32', 0], [12, 'i32', 2], [16, 'u32', 3], [20, 'u32', 44]]
  }), {
    sn_type: 0x8006,
    sn_flags: 0,
    sn_length: 24,
    sn_pdapi_event: { pdapi_type: 0x8006, pdapi_flags: 0, pdapi_length: 24, pdapi_indication: 0, pdapi_assoc_id: 2, pdapi_stream: 3, pdapi_seq: 44 }
  }],
  ['SCTP_PARTIAL_DELIVERY_EVENT, an older kernel', notification(0x8006, 'SCTP_PARTIAL_DELIVERY_EVENT', 16, {
    list: [[8, 'u32', 0], [12, 'i32', 2]]
  }), {
    sn_type: 0x8006,
    sn_flags: 0,
    sn_length: 16,
    sn_pdapi_event: { pdapi_type: 0x8006, pdapi_flags: 0, pdapi_length: 16, pdapi_indication: 0, pdapi_assoc_id: 2 }
  }],
  ['SCTP_ADAPTATION_INDICATION', notification(0x8007, 'SCTP_ADAPTATION_INDICATION', 16, { list: [[8, 'u32', 0x01020304], [12, 'i32', 1]] }), {
    sn_type: 0x8007,
    sn_flags: 0,
    sn_length: 16,
    sn_adaptation_event: { sai_type: 0x8007, sai_flags: 0, sai_length: 16, sai_adaptation_ind: 0x01020304, sai_assoc_id: 1 }
  }],
  ['SCTP_AUTHENTICATION_EVENT', notification(0x8008, 'SCTP_AUTHENTICATION_EVENT', 20, {
    list: [[8, 'u16', 1], [10, 'u16', 0], [12, 'u32', 2], [16, 'i32', 1]]
  }), {
    sn_type: 0x8008,
    sn_flags: 0,
    sn_length: 20,
    sn_authkey_event: { auth_type: 0x8008, auth_flags: 0, auth_length: 20, auth_keynumber: 1, auth_altkeynumber: 0, auth_indication: 2, auth_assoc_id: 1 }
  }],
  ['SCTP_SENDER_DRY_EVENT', notification(0x8009, 'SCTP_SENDER_DRY_EVENT', 12, { list: [[8, 'i32', 8]] }), {
    sn_type: 0x8009,
    sn_flags: 0,
    sn_length: 12,
    sn_sender_dry_event: { sender_dry_type: 0x8009, sender_dry_flags: 0, sender_dry_length: 12, sender_dry_assoc_id: 8 }
  }],
  ['SCTP_STREAM_RESET_EVENT', notification(0x800a, 'SCTP_STREAM_RESET_EVENT', 18, {
    flags: 2,
    list: [[8, 'i32', 1], [12, 'u16', 0], [14, 'u16', 3], [16, 'u16', 65535]]
  }), {
    sn_type: 0x800a,
    sn_flags: 2,
    sn_length: 18,
    sn_strreset_event: { strreset_type: 0x800a, strreset_flags: 2, strreset_length: 18, strreset_assoc_id: 1, strreset_stream_list: [0, 3, 65535] }
  }],
  ['SCTP_ASSOC_RESET_EVENT', notification(0x800b, 'SCTP_ASSOC_RESET_EVENT', 20, {
    list: [[8, 'i32', 1], [12, 'u32', 4000000000], [16, 'u32', 12]]
  }), {
    sn_type: 0x800b,
    sn_flags: 0,
    sn_length: 20,
    sn_assocreset_event: {
      assocreset_type: 0x800b, assocreset_flags: 0, assocreset_length: 20, assocreset_assoc_id: 1, assocreset_local_tsn: 4000000000, assocreset_remote_tsn: 12
    }
  }],
  ['SCTP_STREAM_CHANGE_EVENT', notification(0x800c, 'SCTP_STREAM_CHANGE_EVENT', 16, {
    flags: 8,
    list: [[8, 'i32', 1], [12, 'u16', 20], [14, 'u16', 30]]
  }), {
    sn_type: 0x800c,
    sn_flags: 8,
    sn_length: 16,
    sn_strchange_event: { strchange_type: 0x800c, strchange_flags: 8, strchange_length: 16, strchange_assoc_id: 1, strchange_instrms: 20, strchange_outstrms: 30 }
  }],
  ['SCTP_SEND_FAILED_EVENT', notification(0x800d, 'SCTP_SEND_FAILED_EVENT', 34, {
    list: [[8, 'u32', 0], [12, 'u16', 1], [14, 'u16', 0], [16, 'u32', 0x2e000000], [20, 'u32', 5], [24, 'i32', 2], [28, 'i32', 2], [32, 'bytes', 'hi']]
  }), {
    sn_type: 0x800d,
    sn_flags: 0,
    sn_length: 34,
    sn_send_failed_event: {
      ssf_type: 0x800d, ssf_flags: 0, ssf_length: 34, ssf_error: 0,
      ssfe_info: { snd_sid: 1, snd_flags: 0, snd_ppid: 0x2e000000, snd_context: 5, snd_assoc_id: 2 },
      ssf_assoc_id: 2,
      ssf_data: Buffer.from('hi')
    }
  }],
  ['a type not known (header only)', notification(0x80ff, 'UNKNOWN', 12, { list: [] }), { sn_type: 0x80ff, sn_flags: 0, sn_length: 12 }],
  ['bytes that do not decode (header only)', notification(0x8001, 'INVALID', 400, { list: [] }, 12), { sn_type: 0x8001, sn_flags: 0, sn_length: 400 }],
  ['fewer than 8 bytes', { raw: Buffer.alloc(4), parsed: { type: 'INVALID' }, interpreted: 'short' }, {}],
  ['bytes after sn_length are not read', notification(0x8009, 'SCTP_SENDER_DRY_EVENT', 12, { list: [[8, 'i32', 8], [12, 'u32', 0xffffffff]] }, 16), {
    sn_type: 0x8009,
    sn_flags: 0,
    sn_length: 12,
    sn_sender_dry_event: { sender_dry_type: 0x8009, sender_dry_flags: 0, sender_dry_length: 12, sender_dry_assoc_id: 8 }
  }]
]

t.test('notification.parsed: the C structures of every type', async (t) => {
  for (const [what, n, parsed] of notificationCases) {
    const c = map.notification(n)
    t.same(c.parsed, parsed, what)
    t.equal(c.raw, n.raw, `${what}: raw as delivered`)
    t.equal(c.interpreted, n.interpreted, `${what}: interpreted kept`)
  }
})

// A socket of the main entry as the server hands it over: no kernel needed
// for what it does before it has an association.
function acceptedSocket (t, opts = {}) {
  const server = compat.createServer()
  let got
  server.on('connection', (s) => { got = s })
  const main = new SctpSocket({ ...options.serverOptions(opts), OS: opts.OS })
  main.peerInfoByAddress = { '10.0.0.1': { assocId: 1, address: '10.0.0.1', port: 9, family: 'IPv4', state: 'SCTP_PF', cwnd: 1, srtt: 2, rto: 3, mtu: 4 } }
  server.emit('connection', main)
  t.equal(got, main, 'the same object, upgraded')
  return got
}

t.test('a server\'s sockets get node-lksctp\'s shapes before its listeners run', async (t) => {
  const s = acceptedSocket(t)
  t.ok(s instanceof SctpSocket)
  t.same(s.peerInfoByAddress, { '10.0.0.1': { state: 1, cwnd: 1, srtt: 2, rto: 3, mtu: 4 } }, 'what the main entry had stored')
  // What the main entry's refresh does.
  s.peerInfoByAddress = { '10.0.0.2': { assocId: 1, address: '10.0.0.2', port: 9, family: 'IPv4', state: 'SCTP_ACTIVE', cwnd: 5, srtt: 6, rto: 7, mtu: 8 } }
  t.same(s.peerInfoByAddress, { '10.0.0.2': { state: 2, cwnd: 5, srtt: 6, rto: 7, mtu: 8 } })
  t.equal(s.peerInfoByAddress, s.peerInfoByAddress, 'one object per refresh')
  t.throws(() => s.status(), { code: 'ERR_SOCKET_CLOSED' }, 'no association: the main entry\'s error')

  const seen = []
  s.on('notification', (n) => seen.push(n))
  const [, n, parsed] = notificationCases[0]
  t.equal(s.emit('notification', n), true)
  t.same(seen[0].parsed, parsed)
  t.equal(seen[0].raw, n.raw)
  s.removeAllListeners('notification')
  t.equal(s.emit('notification', n), false, 'nobody listening: nothing built')
  s.destroy()
})

t.test('write(): a sid beyond the outbound streams is \'error\' EINVAL, then \'close\'', async (t) => {
  const s = acceptedSocket(t, { OS: 2 })
  const msg = Buffer.from('x')
  msg.sid = 1
  t.equal(typeof s.write(msg), 'boolean', 'sid 1 of 2 is taken')
  const bad = Buffer.from('y')
  bad.sid = 2
  const events = []
  s.on('error', (err) => events.push(['error', err]))
  const closed = new Promise((resolve) => s.once('close', (hadError) => resolve(hadError)))
  let returned
  t.doesNotThrow(() => { returned = s.write(bad, (err) => events.push(['callback', err])) }, 'not thrown')
  t.equal(returned, false)
  const hadError = await closed
  t.same(events.map((e) => e[0]), ['callback', 'error'], 'the write\'s callback, then one error, before close')
  t.equal(events[0][1], events[1][1], 'the same error')
  t.match(events[1][1], { code: 'EINVAL', errno: -22, syscall: 'sctp_sendv', message: /sctp_sendv EINVAL .*data\.sid/ })
  t.equal(hadError, true)
  t.ok(s.destroyed)

  // Other argument errors stay synchronous, as in the main entry.
  const s2 = acceptedSocket(t, { OS: 2 })
  const ppid = Buffer.from('z')
  ppid.ppid = -1
  t.throws(() => s2.write(ppid), { code: 'ERR_OUT_OF_RANGE', message: /data\.ppid/ })
  t.throws(() => s2.write({}), { code: 'ERR_INVALID_ARG_TYPE' })
  const frac = Buffer.from('z')
  frac.sid = 0.5
  t.throws(() => s2.write(frac), { code: 'ERR_OUT_OF_RANGE', message: /data\.sid/ }, 'not a sid at all: thrown')
  t.equal(s2.destroyed, false)
  s2.destroy()
})

t.test('a sid refused when queued writes go out is \'error\' EINVAL too', async (t) => {
  const s = acceptedSocket(t)
  const errors = []
  s.on('error', (e) => errors.push(e))
  s.destroy(options.sidOutOfRange(5, 2))
  await new Promise((resolve) => s.once('close', resolve))
  t.equal(errors.length, 1)
  t.match(errors[0], { code: 'EINVAL', syscall: 'sctp_sendv' })
  const other = acceptedSocket(t)
  other.on('error', (e) => errors.push(e))
  const plain = new Error('other')
  other.destroy(plain)
  await new Promise((resolve) => other.once('close', resolve))
  t.equal(errors[1], plain, 'other errors untouched')
})

t.test('ES module and CommonJS give the same objects', async (t) => {
  const esm = await import('lksctp/compat')
  const cjs = require('lksctp/compat')
  t.equal(cjs, compat, 'package self-reference resolves to lib/compat.js')
  t.equal(esm.default, cjs)
  for (const name of ['createServer', 'connect', 'createConnection', 'Server']) t.equal(esm[name], cjs[name], name)
  t.same(Object.keys(cjs).sort(), ['Server', 'connect', 'createConnection', 'createServer'])
  t.not(cjs.createServer, require('lksctp').createServer, 'not the main entry')
})
