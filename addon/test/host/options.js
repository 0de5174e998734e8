'use strict'

// Argument validation: thrown synchronously, with Node's codes, naming the
// option. Needs no SCTP (no socket is opened), so it runs on the host.

const t = require('tap')
const lksctp = require('../..')

const fds = () => require('node:fs').readdirSync('/proc/self/fd').length

// The path and retransmission options, each bad value naming its field.
const pathOptionCases = [
  [{ port: 1, sctp: { paths: 5 } }, 'ERR_INVALID_ARG_TYPE', /"options\.sctp\.paths" property must be of type object/],
  [{ port: 1, sctp: { paths: null } }, 'ERR_INVALID_ARG_TYPE', /"options\.sctp\.paths"/],
  [{ port: 1, sctp: { paths: { heartbeat: 1 } } }, 'ERR_INVALID_ARG_TYPE', /"options\.sctp\.paths\.heartbeat" property must be of type boolean/],
  [{ port: 1, sctp: { paths: { heartbeatInterval: '1s' } } }, 'ERR_INVALID_ARG_TYPE', /"options\.sctp\.paths\.heartbeatInterval" property must be of type number/],
  [{ port: 1, sctp: { paths: { heartbeatInterval: -1 } } }, 'ERR_OUT_OF_RANGE', /"options\.sctp\.paths\.heartbeatInterval".*>= 0 and <= 2147483647/],
  [{ port: 1, sctp: { paths: { heartbeatInterval: 2.5 } } }, 'ERR_OUT_OF_RANGE', /"options\.sctp\.paths\.heartbeatInterval"/],
  [{ port: 1, sctp: { paths: { maxRetransmits: 0 } } }, 'ERR_OUT_OF_RANGE', /"options\.sctp\.paths\.maxRetransmits".*>= 1 and <= 65535/],
  [{ port: 1, sctp: { paths: { maxRetransmits: 65536 } } }, 'ERR_OUT_OF_RANGE', /"options\.sctp\.paths\.maxRetransmits"/],
  [{ port: 1, sctp: { paths: { pfThreshold: -1 } } }, 'ERR_OUT_OF_RANGE', /"options\.sctp\.paths\.pfThreshold".*>= 0 and <= 65535/],
  [{ port: 1, sctp: { paths: { pfThreshold: true } } }, 'ERR_INVALID_ARG_TYPE', /"options\.sctp\.paths\.pfThreshold"/],
  [{ port: 1, sctp: { paths: { switchoverThreshold: 70000 } } }, 'ERR_OUT_OF_RANGE', /"options\.sctp\.paths\.switchoverThreshold"/],
  [{ port: 1, sctp: { paths: { pfThreshold: 3, switchoverThreshold: 2 } } }, 'ERR_OUT_OF_RANGE',
    /"options\.sctp\.paths\.pfThreshold".*<= options\.sctp\.paths\.switchoverThreshold \(2\)\. Received 3/],
  [{ port: 1, sctp: { rto: 100 } }, 'ERR_INVALID_ARG_TYPE', /"options\.sctp\.rto" property must be of type object/],
  [{ port: 1, sctp: { rto: { initial: 0 } } }, 'ERR_OUT_OF_RANGE', /"options\.sctp\.rto\.initial".*>= 1 and <= 2147483647/],
  [{ port: 1, sctp: { rto: { min: '10' } } }, 'ERR_INVALID_ARG_TYPE', /"options\.sctp\.rto\.min"/],
  [{ port: 1, sctp: { rto: { max: 2 ** 31 } } }, 'ERR_OUT_OF_RANGE', /"options\.sctp\.rto\.max"/],
  [{ port: 1, sctp: { rto: { min: 500, max: 400 } } }, 'ERR_OUT_OF_RANGE', /"options\.sctp\.rto\.min".*<= options\.sctp\.rto\.max \(400\)\. Received 500/],
  [{ port: 1, sctp: { maxRetransmits: 0 } }, 'ERR_OUT_OF_RANGE', /"options\.sctp\.maxRetransmits".*>= 1 and <= 65535/],
  [{ port: 1, sctp: { maxRetransmits: '3' } }, 'ERR_INVALID_ARG_TYPE', /"options\.sctp\.maxRetransmits"/],
  [{ port: 1, sctp: { exposePotentiallyFailed: 1 } }, 'ERR_INVALID_ARG_TYPE', /"options\.sctp\.exposePotentiallyFailed" property must be of type boolean/]
]

t.test('connect: option errors name the option', async (t) => {
  const before = fds()
  const cases = [
    [undefined, 'ERR_INVALID_ARG_TYPE', /options\.port/],
    [{ port: 'abc' }, 'ERR_SOCKET_BAD_PORT', /options\.port should be > 0 and < 65536\. Received type string \('abc'\)/],
    [{ port: ' ' }, 'ERR_SOCKET_BAD_PORT', /options\.port/],
    [{ port: null }, 'ERR_INVALID_ARG_TYPE', /"options\.port" property must be of type number or string\. Received null/],
    [{ port: true }, 'ERR_INVALID_ARG_TYPE', /options\.port/],
    [{ port: 70000 }, 'ERR_SOCKET_BAD_PORT', /options\.port should be > 0 and < 65536/],
    [{ port: -1 }, 'ERR_SOCKET_BAD_PORT', /options\.port/],
    [{ port: 1.5 }, 'ERR_SOCKET_BAD_PORT', /options\.port/],
    [{ port: 0 }, 'ERR_SOCKET_BAD_PORT', /options\.port/],
    [{ port: 1, localPort: 65536 }, 'ERR_SOCKET_BAD_PORT', /options\.localPort/],
    [{ port: 1, host: 'a', remoteAddresses: ['b'] }, 'ERR_INVALID_ARG_VALUE', /'options\.host'.*remoteAddresses/],
    [{ port: 1, localAddress: 'a', localAddresses: ['b'] }, 'ERR_INVALID_ARG_VALUE', /'options\.localAddress'.*localAddresses/],
    [{ port: 1, remoteAddresses: [] }, 'ERR_INVALID_ARG_VALUE', /options\.remoteAddresses' must not be empty/],
    [{ port: 1, remoteAddresses: 'x' }, 'ERR_INVALID_ARG_TYPE', /options\.remoteAddresses/],
    [{ port: 1, remoteAddresses: ['127.0.0.1', 5] }, 'ERR_INVALID_ARG_TYPE', /options\.remoteAddresses\[1\]/],
    [{ port: 1, localAddresses: [] }, 'ERR_INVALID_ARG_VALUE', /options\.localAddresses/],
    [{ port: 1, MIS: 0 }, 'ERR_OUT_OF_RANGE', /"options\.MIS".*>= 1 and <= 65535/],
    [{ port: 1, OS: 65536 }, 'ERR_OUT_OF_RANGE', /"options\.OS"/],
    [{ port: 1, OS: '3' }, 'ERR_INVALID_ARG_TYPE', /options\.OS/],
    [{ port: 1, sctp: 1 }, 'ERR_INVALID_ARG_TYPE', /options\.sctp/],
    [{ port: 1, sctp: { sack: { delay: 501 } } }, 'ERR_OUT_OF_RANGE', /options\.sctp\.sack\.delay/],
    [{ port: 1, sctp: { sack: { freq: -1 } } }, 'ERR_OUT_OF_RANGE', /options\.sctp\.sack\.freq/],
    [{ port: 1, noDelay: 'yes' }, 'ERR_INVALID_ARG_TYPE', /options\.noDelay/],
    [{ port: 1, highWaterMark: -1 }, 'ERR_OUT_OF_RANGE', /options\.highWaterMark/],
    [{ port: 1, readableHighWaterMark: 0 }, 'ERR_OUT_OF_RANGE', /options\.readableHighWaterMark/],
    [{ port: 1, receiveBufferSize: 10 }, 'ERR_OUT_OF_RANGE', /options\.receiveBufferSize/],
    [{ port: 1, sendBufferSize: 'big' }, 'ERR_INVALID_ARG_TYPE', /options\.sendBufferSize/],
    [{ port: 1, sctp: { pollInterval: -5 } }, 'ERR_OUT_OF_RANGE', /options\.sctp\.pollInterval/],
    [{ port: 1, timeout: -1 }, 'ERR_OUT_OF_RANGE', /"options\.timeout" is out of range/],
    [{ port: 1, timeout: '5' }, 'ERR_INVALID_ARG_TYPE', /"options\.timeout" property must be of type number/],
    [{ port: 1, onread: { buffer: Buffer.alloc(4), callback () {} } }, 'ERR_INVALID_ARG_VALUE', /'options\.onread' is not supported/],
    [{ port: 1, fd: 3 }, 'ERR_INVALID_ARG_VALUE', /'options\.fd' is not supported/],
    [{ port: 1, signal: {} }, 'ERR_INVALID_ARG_TYPE', /"options\.signal" property must be an instance of AbortSignal/],
    [{ port: 1, lookup: 'dns' }, 'ERR_INVALID_ARG_TYPE', /"options\.lookup" property must be of type function/],
    [{ port: 1, family: 5 }, 'ERR_INVALID_ARG_VALUE', /'options\.family' must be one of: 0, 4, 6, 'IPv4', 'IPv6'\. Received 5/],
    [{ port: 1, family: 'ipv4' }, 'ERR_INVALID_ARG_VALUE', /'options\.family'/],
    [{ port: 1, hints: -1 }, 'ERR_INVALID_ARG_VALUE', /'options\.hints' must be 0 or flags of dns\.ADDRCONFIG, dns\.V4MAPPED, dns\.ALL/],
    [{ port: 1, hints: 999 }, 'ERR_INVALID_ARG_VALUE', /'options\.hints'/],
    [{ port: 1, hints: '1' }, 'ERR_INVALID_ARG_VALUE', /'options\.hints'/],
    ...pathOptionCases
  ]
  for (const [opts, code, message] of cases) {
    t.throws(() => lksctp.connect(opts), { code, message }, `${JSON.stringify(opts)} -> ${code}`)
  }
  // As net: a net option given as null, or a host given as '', is absent.
  for (const opts of [{ port: 1, host: null }, { port: 1, host: '' }, { port: 1, localAddress: null, timeout: null, lookup: null, hints: null, noDelay: null, highWaterMark: null, readableHighWaterMark: null, signal: null, path: '' }, { port: 1, hints: require('node:dns').ADDRCONFIG | require('node:dns').V4MAPPED }]) {
    const c = lksctp.connect(opts)
    c.on('error', () => {})
    t.pass(`${JSON.stringify(opts)} is taken`)
    c.destroy()
  }
  t.throws(() => lksctp.connect({ port: 1, MIS: null }), { code: 'ERR_INVALID_ARG_TYPE', message: /options\.MIS/ }, 'an SCTP option is strict')
  t.throws(() => lksctp.connect({ port: 1 }, 'nope'), { code: 'ERR_INVALID_ARG_TYPE', message: /connectListener/ })
  // net's positional forms: a port, a host, the listener last; a string
  // that is no number is net's IPC path.
  t.throws(() => lksctp.connect('no-port'), { code: 'ERR_INVALID_ARG_VALUE', message: /'options\.path' is not supported by SCTP/ }, "connect('no-port'): a path, which SCTP has not")
  t.throws(() => lksctp.connect(70000, '127.0.0.1'), { code: 'ERR_SOCKET_BAD_PORT', message: /options\.port/ }, 'connect(70000, host)')
  t.throws(() => lksctp.connect(0, () => {}), { code: 'ERR_SOCKET_BAD_PORT' }, 'connect(0, listener)')
  t.equal(lksctp.createConnection, lksctp.connect, 'createConnection is connect')
  t.equal(fds(), before, 'no file descriptor opened by a refused call')
})

t.test('ports given as strings convert as net converts them', async (t) => {
  for (const port of ['80', ' 80 ', '0x50', '1e3']) {
    let s
    t.doesNotThrow(() => { s = lksctp.connect({ host: '127.0.0.1', port }) }, JSON.stringify(port))
    s.on('error', () => {})
    s.destroy()
  }
})

t.test('createServer and listen: option errors name the option', async (t) => {
  t.throws(() => lksctp.createServer({ MIS: 70000 }), { code: 'ERR_OUT_OF_RANGE', message: /options\.MIS/ })
  t.throws(() => lksctp.createServer({ OS: 0 }), { code: 'ERR_OUT_OF_RANGE', message: /options\.OS/ })
  t.throws(() => lksctp.createServer('x'), { code: 'ERR_INVALID_ARG_TYPE', message: /"options"/ })
  t.throws(() => lksctp.createServer({}, 5), { code: 'ERR_INVALID_ARG_TYPE', message: /connectionListener/ })
  t.throws(() => lksctp.createServer({ sctp: { sack: 'x' } }), { code: 'ERR_INVALID_ARG_TYPE', message: /options\.sctp\.sack/ })
  const server = lksctp.createServer()
  t.throws(() => server.listen({ port: 65536 }), { code: 'ERR_SOCKET_BAD_PORT', message: /options\.port/ })
  t.throws(() => server.listen({ port: 'x' }), { code: 'ERR_SOCKET_BAD_PORT', message: /options\.port should be >= 0 and < 65536\. Received type string \('x'\)/ })
  t.throws(() => server.listen({ port: {} }), { code: 'ERR_INVALID_ARG_TYPE', message: /options\.port/ })
  t.doesNotThrow(() => lksctp.createServer(null, () => {}), 'createServer(null, listener), as net')
  t.throws(() => server.listen({ host: 'a', localAddresses: ['b'] }), { code: 'ERR_INVALID_ARG_VALUE', message: /'options\.host'.*localAddresses/ })
  t.throws(() => server.listen({ localAddresses: [] }), { code: 'ERR_INVALID_ARG_VALUE', message: /options\.localAddresses/ })
  t.throws(() => server.listen({ path: '/tmp/x' }), { code: 'ERR_INVALID_ARG_VALUE', message: /options\.path/ })
  t.throws(() => server.listen({ backlog: -1 }), { code: 'ERR_OUT_OF_RANGE', message: /options\.backlog/ })
  t.throws(() => server.listen({}, 'cb'), { code: 'ERR_INVALID_ARG_TYPE', message: /callback/ })
  t.throws(() => server.listen({ fd: 3 }), { code: 'ERR_INVALID_ARG_VALUE', message: /'options\.fd' is not supported/ }, 'listen({ fd }) refused, never ignored')
  t.throws(() => server.listen({ handle: {} }), { code: 'ERR_INVALID_ARG_VALUE', message: /'options\.handle' is not supported/ })
  t.throws(() => lksctp.createServer({ pauseOnConnect: 'yes' }), { code: 'ERR_INVALID_ARG_TYPE', message: /options\.pauseOnConnect/ })
  t.throws(() => server.listen({ ipv6Only: 1 }), { code: 'ERR_INVALID_ARG_TYPE', message: /"options\.ipv6Only" property must be of type boolean/ })
  t.throws(() => server.listen({ signal: 'x' }), { code: 'ERR_INVALID_ARG_TYPE', message: /"options\.signal" property must be an instance of AbortSignal/ })
  t.throws(() => server.listen('/tmp/sock'), { code: 'ERR_INVALID_ARG_VALUE', message: /'options\.path' is not supported by SCTP/ }, "listen(path): net's IPC form")
  t.throws(() => server.listen(65536, '127.0.0.1'), { code: 'ERR_SOCKET_BAD_PORT', message: /options\.port/ }, 'listen(65536, host)')
  t.throws(() => server.listen(0, '127.0.0.1', 2 ** 31), { code: 'ERR_OUT_OF_RANGE', message: /options\.backlog/ }, 'listen(port, host, backlog): the backlog checked')
  t.throws(() => server.listen({ port: 0 }, 2 ** 31, () => {}), { code: 'ERR_OUT_OF_RANGE', message: /options\.backlog/ }, 'listen(options, backlog, cb): the backlog argument taken, and checked')
  t.throws(() => server.listen({ signal: null }), { code: 'ERR_INVALID_ARG_TYPE', message: /options\.signal/ }, "listen's signal: null refused, as net's listen")
  t.equal(server.address(), null, 'not listening: address() is null')
  t.same(server.getLocalAddresses(), [])
  const closed = await new Promise((resolve) => server.close(resolve))
  t.equal(closed.code, 'ERR_SERVER_NOT_RUNNING')
  // Again, as net: every close(cb) of a server that is not running calls cb.
  const again = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the second close(cb) never called cb')), 2000)
    server.close((err) => { clearTimeout(timer); resolve(err) })
  })
  t.equal(again && again.code, 'ERR_SERVER_NOT_RUNNING', 'a second close(cb) too')
})

t.test('write() refuses a sid, ppid or ttl that is not a number, naming it, before any conversion', async (t) => {
  const c = lksctp.connect({ host: '127.0.0.1', port: 9 })
  const closed = new Promise((resolve) => c.on('close', resolve))
  c.on('error', () => {})
  const throwing = { valueOf () { throw new Error('converted') } }
  for (const field of ['sid', 'ppid', 'ttl']) {
    for (const value of [10n, Symbol('s'), throwing, '1']) {
      const m = Buffer.from('x')
      m[field] = value
      t.throws(() => c.write(m), { code: 'ERR_INVALID_ARG_TYPE', name: 'TypeError', message: new RegExp(`"data\\.${field}" property must be of type number`) },
        `${field}: ${typeof value}`)
    }
  }
  const u = new Uint8Array(1)
  u.ppid = 2n
  t.throws(() => c.write(u), { code: 'ERR_INVALID_ARG_TYPE', message: /"data\.ppid"/ }, 'a Uint8Array\'s too')
  c.destroy()
  await closed
})

t.test('setTimeout() checks msecs and callback like net', async (t) => {
  const c = lksctp.connect({ host: '127.0.0.1', port: 9 })
  const closed = new Promise((resolve) => c.on('close', resolve))
  c.on('error', () => {})
  for (const bad of ['abc', {}, null, 10n, undefined]) {
    t.throws(() => c.setTimeout(bad), { code: 'ERR_INVALID_ARG_TYPE', message: /"msecs" argument must be of type number/ }, `${typeof bad} refused`)
  }
  for (const bad of [-5, NaN, -Infinity, Infinity]) {
    t.throws(() => c.setTimeout(bad), { code: 'ERR_OUT_OF_RANGE', message: /"msecs" is out of range. It must be a non-negative finite number/ }, `${bad} refused`)
  }
  t.throws(() => c.setTimeout(5, 'cb'), { code: 'ERR_INVALID_ARG_TYPE', message: /"callback" argument must be of type function/ })
  t.equal(c.setTimeout(0), c, '0 is accepted')
  c.destroy()
  await closed
  t.equal(c.setTimeout('abc'), c, 'on a destroyed socket nothing is checked, as in net')
})

t.test('createServer: the path and retransmission options name the field', async (t) => {
  for (const [opts, code, message] of pathOptionCases) {
    const { port, ...serverOpts } = opts
    t.throws(() => lksctp.createServer(serverOpts), { code, message }, `${JSON.stringify(serverOpts)} -> ${code}`)
  }
  t.doesNotThrow(() => lksctp.createServer({
    sctp: {
      paths: { heartbeat: false, heartbeatInterval: 0, maxRetransmits: 65535, pfThreshold: 2, switchoverThreshold: 2 },
      rto: { initial: 1, min: 5, max: 5 },
      maxRetransmits: 1,
      exposePotentiallyFailed: false
    }
  }), 'the bounds themselves are accepted')
})

t.test('path and retransmission methods check their arguments first', async (t) => {
  // Whatever the kernel (no SCTP here, or a refused association), the
  // socket is not connected: bad arguments are named before that is said.
  const c = lksctp.connect({ host: '127.0.0.1', port: 9 })
  const closed = new Promise((resolve) => c.on('close', resolve))
  c.on('error', () => {})
  const cases = [
    [() => c.setPathParams(), 'ERR_INVALID_ARG_TYPE', /"params" argument must be of type object/],
    [() => c.setPathParams('x'), 'ERR_INVALID_ARG_TYPE', /"params" argument/],
    [() => c.setPathParams({ heartbeat: 'on' }), 'ERR_INVALID_ARG_TYPE', /"params\.heartbeat" property must be of type boolean/],
    [() => c.setPathParams({ heartbeatInterval: -5 }), 'ERR_OUT_OF_RANGE', /"params\.heartbeatInterval"/],
    [() => c.setPathParams({ maxRetransmits: 0 }), 'ERR_OUT_OF_RANGE', /"params\.maxRetransmits"/],
    [() => c.setPathParams({ pfThreshold: 65536 }), 'ERR_OUT_OF_RANGE', /"params\.pfThreshold"/],
    [() => c.setPathParams({ switchoverThreshold: 1.5 }), 'ERR_OUT_OF_RANGE', /"params\.switchoverThreshold"/],
    [() => c.setPathParams({ pfThreshold: 5, switchoverThreshold: 1 }), 'ERR_OUT_OF_RANGE', /"params\.pfThreshold".*params\.switchoverThreshold \(1\)/],
    [() => c.setPathParams({}, 42), 'ERR_INVALID_ARG_TYPE', /"address" argument must be of type string/],
    [() => c.setPathParams({}, 'host.example'), 'ERR_INVALID_ARG_VALUE', /'address' must be an IPv4 or IPv6 address/],
    [() => c.getPathParams(null), 'ERR_INVALID_ARG_TYPE', /"address" argument/],
    [() => c.getPathParams('10.0.0'), 'ERR_INVALID_ARG_VALUE', /'address'/],
    [() => c.setRto(), 'ERR_INVALID_ARG_TYPE', /"params" argument must be of type object/],
    [() => c.setRto({ initial: 0 }), 'ERR_OUT_OF_RANGE', /"params\.initial"/],
    [() => c.setRto({ min: 'low' }), 'ERR_INVALID_ARG_TYPE', /"params\.min"/],
    [() => c.setRto({ max: -1 }), 'ERR_OUT_OF_RANGE', /"params\.max"/],
    [() => c.setRto({ min: 2, max: 1 }), 'ERR_OUT_OF_RANGE', /"params\.min".*params\.max \(1\)/],
    [() => c.setMaxRetransmits(), 'ERR_INVALID_ARG_TYPE', /"maxRetransmits" argument must be of type number/],
    [() => c.setMaxRetransmits(0), 'ERR_OUT_OF_RANGE', /"maxRetransmits"/],
    [() => c.setMaxRetransmits(65536), 'ERR_OUT_OF_RANGE', /"maxRetransmits"/],
    [() => c.setExposePotentiallyFailed('yes'), 'ERR_INVALID_ARG_TYPE', /"expose" argument must be of type boolean/],
    [() => c.setExposePotentiallyFailed(), 'ERR_INVALID_ARG_TYPE', /"expose" argument/]
  ]
  for (const [fn, code, message] of cases) t.throws(fn, { code, message }, `${fn.toString().slice(6)} -> ${code}`)
  // Good arguments on a socket that has no association.
  for (const fn of [() => c.setPathParams({ heartbeat: true }), () => c.getPathParams(), () => c.getPathParams('127.0.0.1'),
    () => c.setRto({ min: 100 }), () => c.getRto(), () => c.setMaxRetransmits(3), () => c.getMaxRetransmits(),
    () => c.setExposePotentiallyFailed(true), () => c.getExposePotentiallyFailed()]) {
    t.throws(fn, { code: 'ERR_SOCKET_CLOSED' }, `${fn.toString().slice(6)} -> ERR_SOCKET_CLOSED`)
  }
  await closed
})

t.test('system errors look like Node\'s', async (t) => {
  const errors = require('../../lib/errors')
  const e = errors.systemError(-111, 'connect', '127.0.0.1', 5)
  t.match(e, { code: 'ECONNREFUSED', errno: -111, syscall: 'connect', address: '127.0.0.1', port: 5 })
  t.equal(e.message, 'connect ECONNREFUSED 127.0.0.1:5')
  const np = errors.systemError(-93, 'socket')
  t.equal(np.code, 'EPROTONOSUPPORT')
  t.match(np.message, /no SCTP support.*modprobe sctp/)
})

t.test('the kernel\'s answer to an SCTP socket, with or without SCTP', async (t) => {
  // On a kernel without SCTP (this project's CI hosts) the socket call
  // fails and says how to get SCTP; on one with it, the association is
  // attempted and refused by the closed port. Either way: an error event,
  // Node-shaped, and no fd left behind.
  const { execFileSync } = require('node:child_process')
  let hasSctp = true
  try {
    execFileSync('checksctp', { stdio: 'ignore' })
  } catch {
    hasSctp = false
  }
  const before = fds()
  const c = lksctp.connect({ host: '127.0.0.1', port: 9 })
  const closed = new Promise((resolve) => c.on('close', resolve))
  const err = await new Promise((resolve) => c.on('error', resolve))
  await closed
  if (hasSctp) {
    t.match(err, { code: 'ECONNREFUSED', syscall: 'connect' })
  } else {
    t.match(err, { code: 'EPROTONOSUPPORT', errno: -93, syscall: 'socket' })
    t.match(err.message, /^socket EPROTONOSUPPORT \(the kernel has no SCTP support: load the module with `modprobe sctp`/)
  }
  t.equal(fds(), before, 'no file descriptor left')
  const server = lksctp.createServer()
  server.listen({ host: '127.0.0.1', port: 0 })
  if (!hasSctp) {
    const serr = await new Promise((resolve) => server.on('error', resolve))
    t.match(serr, { code: 'EPROTONOSUPPORT', syscall: 'socket' })
    t.equal(server.listening, false)
  } else {
    await new Promise((resolve) => server.on('listening', resolve))
    await new Promise((resolve) => server.close(resolve))
  }
})
