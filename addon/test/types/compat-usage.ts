// Compiled (not run) by test/host/types.js: the compat typings accept a
// node-lksctp application and refuse the main entry's shapes.
import * as compat from '../../compat'
import { createServer, connect, type Status, type PeerAddressInfo, type Notification } from '../../compat'

const server: compat.Server = createServer({ MIS: 4, OS: 4, sctp: { sack: { delay: 50, freq: 2 } } }, (socket) => {
  socket.on('data', (m) => {
    const sid: number = m.sid
    const ppid: number = m.ppid
    void sid; void ppid
    socket.write(m)
  })
})
server.listen({ port: 3868 }, () => {
  for (const l of server.getLocalAddresses()) console.log(l.family, l.address, l.port)
})

const socket: compat.SctpSocket = connect({ remoteAddresses: ['10.0.0.1', '10.0.1.1'], port: 3868, localAddresses: ['10.0.0.2'] }, () => {
  const st: Status = socket.status()
  const streams: number = st.numberOfIncomingStreams + st.numberOfOutgoingStreams
  const state: number | null = st.state
  const tag: number | null = st.tag
  const peerRwnd: number = st.peer.rwnd
  void streams; void state; void tag; void peerRwnd
  // @ts-expect-error the main entry's names are not compat's
  void st.instrms
  const msg = Buffer.from('CER') as Buffer & { sid?: number, ppid?: number }
  msg.sid = 1
  msg.ppid = 46
  socket.write(msg)
  const info: PeerAddressInfo | undefined = socket.peerInfoByAddress['10.0.0.1']
  if (info) {
    const s: number | null = info.state
    void s
    // @ts-expect-error no address in node-lksctp's peer info
    void info.address
  }
  console.log(socket.localFamily, socket.remoteAddress, socket.remoteAddresses, socket.localAddresses)
  socket.end()
})
socket.on('notification', (n: Notification) => {
  const ac = n.parsed.sn_assoc_change
  if (ac) console.log(ac.sac_state, ac.sac_inbound_streams, ac.sac_outbound_streams, ac.sac_assoc_id)
  const pc = n.parsed.sn_paddr_change
  if (pc) console.log(pc.spc_state, pc.spc_aaddr.length)
  const sf = n.parsed.sn_send_failed_event
  if (sf) console.log(sf.ssfe_info.snd_sid, sf.ssf_data.length)
  const type: number | undefined = n.parsed.sn_type
  void type
  // @ts-expect-error friendly names are the main entry's
  void n.parsed.type
})
socket.on('address-change', () => console.log(socket.remoteAddress))
socket.on('peer-info-update', () => console.log(Object.keys(socket.peerInfoByAddress)))
socket.on('error', (err) => console.log(err.code, err.errno))
socket.on('close', (hadError: boolean) => console.log(hadError))
socket.destroy()

// @ts-expect-error port is required
connect({ host: '10.0.0.1' })
