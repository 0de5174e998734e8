// Compiled (not run) by test/host/types.js: the typings must accept what
// the API takes and refuse what it does not.
import * as lksctp from '../..'
import { createServer, connect, type Message, type OutgoingMessage, type Status } from '../..'

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
server.on('drop', ({ error }) => console.log(error.code))

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
socket.resetAndDestroy()
lksctp.createConnection({ port: 1 }).destroySoon()

// @ts-expect-error port is required
connect({ host: 'x' })
// @ts-expect-error MIS is a number
createServer({ MIS: '3' })
// @ts-expect-error no such option
server.listen({ port: 1, ipv6Only: true })
// @ts-expect-error sid is a number
const bad: OutgoingMessage = Object.assign(Buffer.from('x'), { sid: 'one' })
void bad
