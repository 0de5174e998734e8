// Compiled (not run) by test/host/types.js: the typings must accept what
// the API takes and refuse what it does not.
import * as lksctp from '../..'
import { createServer, connect, type Message, type OutgoingMessage, type Status, type PathParamsInfo, type RtoInfo } from '../..'

const server: lksctp.Server = createServer({ MIS: 4, OS: 4, sctp: { sack: { delay: 50, freq: 2 } } }, (socket) => {
  socket.on('data', (m: Message) => {
    const sid: number = m.sid
    const ppid: number = m.ppid
    const unordered: boolean | undefined = m.unordered
    void sid; void ppid; void unordered
    socket.write(m)
  })
})
server.listen({ localAddresses: ['10.0.0.1', '10.0.1.1'], port: 3868, backlog: 16 }, () => {
  const a = server.address()
  if (a) console.log(a.address, a.port, a.family)
  for (const l of server.getLocalAddresses()) console.log(l.address)
})
server.on('drop', ({ error, remoteAddress }) => console.log(error ? error.code : remoteAddress))
server.maxConnections = 100

const socket = connect({ remoteAddresses: ['10.0.0.1', '10.0.1.1'], port: 3868, localAddresses: ['10.0.0.2'], noDelay: true }, () => {
  const st: Status = socket.status()
  console.log(st.state, st.outstrms, st.primary.address, st.primary.cwnd)
  const msg: OutgoingMessage = Buffer.from('CER')
  msg.sid = 0
  msg.ppid = 46
  msg.unordered = true
  msg.ttl = 100
  socket.write(msg)
  socket.write('text')
})
socket.on('notification', (n) => console.log(n.parsed.type, n.interpreted, n.raw.length))
socket.on('address-change', () => console.log(socket.remoteAddresses, socket.localAddresses, socket.remoteAddress))
socket.on('peer-info-update', () => {
  for (const [addr, info] of Object.entries(socket.peerInfoByAddress)) console.log(addr, info?.state, info?.srtt)
})
socket.on('error', (err) => console.log(err.code, err.errno, err.syscall))
socket.setNoDelay(false).unref().ref()
socket.addLocalAddress('10.0.2.2').removeLocalAddress('10.0.2.2').setPrimaryAddress('10.0.1.1').requestPeerPrimary('10.0.0.2')
server.addLocalAddress('10.0.2.1').removeLocalAddress('10.0.2.1')

const tuned = connect({
  port: 3868,
  sctp: {
    paths: { heartbeat: true, heartbeatInterval: 500, maxRetransmits: 4, pfThreshold: 1, switchoverThreshold: 2 },
    rto: { initial: 400, min: 200, max: 2000 },
    maxRetransmits: 8,
    exposePotentiallyFailed: true
  }
})
tuned.setPathParams({ heartbeatInterval: 1000 }).setPathParams({ heartbeat: false }, '10.0.1.1')
  .setRto({ min: 100 }).setMaxRetransmits(6).setExposePotentiallyFailed(false)
const pp: PathParamsInfo = tuned.getPathParams('10.0.1.1')
const hb: boolean = tuned.getPathParams().heartbeat
const rto: RtoInfo = tuned.getRto()
const expose: boolean | null = tuned.getExposePotentiallyFailed()
console.log(pp.pfThreshold, pp.switchoverThreshold, hb, rto.initial, rto.min, rto.max, tuned.getMaxRetransmits() + 1, expose)
createServer({ sctp: { paths: { pfThreshold: 0 }, rto: { max: 1000 }, maxRetransmits: 3, exposePotentiallyFailed: false } })
socket.resetAndDestroy()
lksctp.createConnection({ port: 1 }).destroySoon()
const u8: OutgoingMessage = new Uint8Array([1, 2])
u8.sid = 1
const ending = connect({ port: 1, timeout: 30000 }).unref()
ending.setTimeout(1000, () => ending.end(u8, () => ending.destroy()))
const idle: number | undefined = ending.timeout
console.log(idle)
connect({ port: 1 }).destroy(new Error('gone'))
const resolved = connect({
  host: 'peer.example',
  port: 3868,
  family: 'IPv4',
  hints: 0,
  lookup: (name, opts, cb) => cb(null, [{ address: '10.0.0.1', family: opts.family || 4 }])
})
resolved.on('lookup', (err, address, family, host) => console.log(err?.message, address, family, host.length))
connect({ port: 1, lookup: (name, opts, cb) => cb(null, '10.0.0.1', 4) }).destroy()
connect(3868, '10.0.0.1', () => console.log('up')).destroy()
lksctp.createConnection('3868', () => console.log('up')).destroy()
createServer().listen(3868, '10.0.0.1', 128, () => console.log('listening')).close()
createServer().listen(0, () => console.log('listening')).close()
createServer().listen(3868, 16).close()
createServer({ pauseOnConnect: true }, (accepted) => {
  const owner: lksctp.Server | null = accepted.server
  const queued: number | undefined = accepted.bufferSize
  console.log(owner?.listening, queued)
  accepted.resume()
})
const ac = new AbortController()
createServer().listen({ port: 0, signal: ac.signal, ipv6Only: true })
connect({ port: 1, signal: AbortSignal.timeout(1000) }).on('error', (err) => console.log(err.name))
server.close((err) => console.log(err?.message))

// @ts-expect-error port is required
connect({ host: 'x' })
// @ts-expect-error MIS is a number
createServer({ MIS: '3' })
// @ts-expect-error family is 0, 4, 6, 'IPv4' or 'IPv6'
connect({ port: 1, family: 5 })
// @ts-expect-error a host is a string
connect(3868, 5)
// @ts-expect-error no such option (cluster's)
server.listen({ port: 1, exclusive: true })
// @ts-expect-error heartbeat is a boolean
connect({ port: 1, sctp: { paths: { heartbeat: 1 } } })
// @ts-expect-error RTO fields are numbers
tuned.setRto({ min: '100' })
// @ts-expect-error no such path parameter
tuned.setPathParams({ interval: 5 })
// @ts-expect-error expose takes a boolean
tuned.setExposePotentiallyFailed(2)
// @ts-expect-error sid is a number
const bad: OutgoingMessage = Object.assign(Buffer.from('x'), { sid: 'one' })
void bad

// SctpSocket is a type, not a value: the package exports no constructor.
declare const anything: unknown
// @ts-expect-error only a type
void (anything instanceof lksctp.SctpSocket)
