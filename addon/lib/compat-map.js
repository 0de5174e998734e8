'use strict'

// Shapes of node-lksctp, built from this package's own: pure functions of
// what the main entry reports (no socket, no kernel), for lib/compat.js.
//
// Numbers are Linux's, from <netinet/sctp.h> (<linux/sctp.h>):
//   enum sctp_sstat_state   SCTP_EMPTY 0 ... SCTP_SHUTDOWN_ACK_SENT 8
//   enum sctp_spinfo_state  SCTP_INACTIVE 0, SCTP_PF 1, SCTP_ACTIVE 2,
//                           SCTP_UNCONFIRMED 3, SCTP_UNKNOWN 0xffff
// Notifications keep the C structures' member and field names, and the
// values a C program reads from them (taken from the kernel's bytes,
// notification.raw, at the structures' offsets, in host byte order).

const os = require('node:os')
const net = require('node:net')
const errors = require('./errors')

const SSTAT_STATE = {
  SCTP_EMPTY: 0,
  SCTP_CLOSED: 1,
  SCTP_COOKIE_WAIT: 2,
  SCTP_COOKIE_ECHOED: 3,
  SCTP_ESTABLISHED: 4,
  SCTP_SHUTDOWN_PENDING: 5,
  SCTP_SHUTDOWN_SENT: 6,
  SCTP_SHUTDOWN_RECEIVED: 7,
  SCTP_SHUTDOWN_ACK_SENT: 8
}

const SPINFO_STATE = {
  SCTP_INACTIVE: 0,
  SCTP_PF: 1,
  SCTP_ACTIVE: 2,
  SCTP_UNCONFIRMED: 3,
  SCTP_UNKNOWN: 0xffff
}

function number (table, name) {
  return Object.prototype.hasOwnProperty.call(table, name) ? table[name] : null
}

// status() as node-lksctp shapes it. node-lksctp reads SCTP_STATUS (which
// fills a struct sctp_status) into a struct sctp_info: the first 24 bytes
// of the two agree (state, rwnd, unackdata, penddata, instrms, outstrms,
// fragmentation point); tag is sstat_assoc_id and everything after comes
// from sstat_primary (the primary path's assoc id and address bytes).
// Here those fields have the values their sctp_info names stand for:
// `diag` is the association's struct sctp_info as the kernel's sock_diag
// interface gives it (lib/compat.js), or null where it cannot (no
// sctp_diag module): then maxSeg and peer.rwnd, which Linux keeps in the
// same counters as SCTP_STATUS's fragmentation point and rwnd, come from
// those, and the rest is null.
function status (st, diag = null) {
  const d = diag || {}
  const or = (v, fallback = null) => v === undefined ? fallback : v
  return {
    tag: or(d.tag),
    state: number(SSTAT_STATE, st.state),
    // SCTP_STATUS's rwnd: the peer's receive window.
    rwnd: st.rwnd,
    unackdata: st.unackdata,
    penddata: st.penddata,
    numberOfIncomingStreams: st.instrms,
    numberOfOutgoingStreams: st.outstrms,
    fragmentationPoint: st.fragmentationPoint,
    incomingQueue: or(d.inqueue),
    outgoingQueue: or(d.outqueue),
    overallError: or(d.overallError),
    maxBurst: or(d.maxBurst),
    maxSeg: or(d.maxseg, st.fragmentationPoint),
    peer: {
      tag: or(d.peerTag),
      rwnd: or(d.peerRwnd, st.rwnd),
      cap: or(d.peerCapable),
      sack: or(d.peerSack)
    }
  }
}

// One peerInfoByAddress entry: { state (number), cwnd, srtt, rto, mtu }.
function peerInfo (pi) {
  if (pi === undefined || pi === null) return undefined
  return {
    state: number(SPINFO_STATE, pi.state),
    cwnd: pi.cwnd,
    srtt: pi.srtt,
    rto: pi.rto,
    mtu: pi.mtu
  }
}

function peerInfoByAddress (byAddress) {
  const out = {}
  for (const address of Object.keys(byAddress || {})) out[address] = peerInfo(byAddress[address])
  return out
}

// ---- notifications --------------------------------------------------------

const LE = os.endianness() === 'LE'

function reader (raw, end) {
  const fits = (off, size) => off + size <= end
  return {
    u16: (off) => fits(off, 2) ? (LE ? raw.readUInt16LE(off) : raw.readUInt16BE(off)) : undefined,
    u32: (off) => fits(off, 4) ? (LE ? raw.readUInt32LE(off) : raw.readUInt32BE(off)) : undefined,
    i32: (off) => fits(off, 4) ? (LE ? raw.readInt32LE(off) : raw.readInt32BE(off)) : undefined,
    bytes: (off, len = end - off) => Buffer.from(raw.subarray(off, Math.max(off, Math.min(off + len, end))))
  }
}

// Per type: the union member, the fields' prefix, and [field, offset, kind]
// after the 8-byte header (<prefix>_type, _flags, _length). Offsets are
// Linux's layout (struct sctp_paddr_change is packed; sctp_assoc_t is s32).
const SNDRCVINFO = [['sinfo_stream', 0, 'u16'], ['sinfo_ssn', 2, 'u16'], ['sinfo_flags', 4, 'u16'],
  ['sinfo_ppid', 8, 'u32'], ['sinfo_context', 12, 'u32'], ['sinfo_timetolive', 16, 'u32'],
  ['sinfo_tsn', 20, 'u32'], ['sinfo_cumtsn', 24, 'u32'], ['sinfo_assoc_id', 28, 'i32']]
const SNDINFO = [['snd_sid', 0, 'u16'], ['snd_flags', 2, 'u16'], ['snd_ppid', 4, 'u32'],
  ['snd_context', 8, 'u32'], ['snd_assoc_id', 12, 'i32']]

const LAYOUTS = {
  SCTP_ASSOC_CHANGE: ['sn_assoc_change', 'sac', [['state', 8, 'u16'], ['error', 10, 'u16'],
    ['outbound_streams', 12, 'u16'], ['inbound_streams', 14, 'u16'], ['assoc_id', 16, 'i32'], ['info', 20, 'tail']]],
  SCTP_PEER_ADDR_CHANGE: ['sn_paddr_change', 'spc', [['aaddr', 8, 'sockaddr'], ['state', 136, 'i32'],
    ['error', 140, 'i32'], ['assoc_id', 144, 'i32']]],
  SCTP_REMOTE_ERROR: ['sn_remote_error', 'sre', [['error', 8, 'u16'], ['assoc_id', 12, 'i32'], ['data', 16, 'tail']]],
  SCTP_SEND_FAILED: ['sn_send_failed', 'ssf', [['error', 8, 'u32'], ['info', 12, SNDRCVINFO],
    ['assoc_id', 44, 'i32'], ['data', 48, 'tail']]],
  // The header names this one's info member ssfe_info; the rest are ssf_.
  SCTP_SEND_FAILED_EVENT: ['sn_send_failed_event', 'ssf', [['error', 8, 'u32'], ['ssfe_info', 12, SNDINFO],
    ['assoc_id', 28, 'i32'], ['data', 32, 'tail']]],
  SCTP_SHUTDOWN_EVENT: ['sn_shutdown_event', 'sse', [['assoc_id', 8, 'i32']]],
  SCTP_ADAPTATION_INDICATION: ['sn_adaptation_event', 'sai', [['adaptation_ind', 8, 'u32'], ['assoc_id', 12, 'i32']]],
  SCTP_PARTIAL_DELIVERY_EVENT: ['sn_pdapi_event', 'pdapi', [['indication', 8, 'u32'], ['assoc_id', 12, 'i32'],
    ['stream', 16, 'u32'], ['seq', 20, 'u32']]],
  SCTP_AUTHENTICATION_EVENT: ['sn_authkey_event', 'auth', [['keynumber', 8, 'u16'], ['altkeynumber', 10, 'u16'],
    ['indication', 12, 'u32'], ['assoc_id', 16, 'i32']]],
  SCTP_SENDER_DRY_EVENT: ['sn_sender_dry_event', 'sender_dry', [['assoc_id', 8, 'i32']]],
  SCTP_STREAM_RESET_EVENT: ['sn_strreset_event', 'strreset', [['assoc_id', 8, 'i32'], ['stream_list', 12, 'u16list']]],
  SCTP_ASSOC_RESET_EVENT: ['sn_assocreset_event', 'assocreset', [['assoc_id', 8, 'i32'],
    ['local_tsn', 12, 'u32'], ['remote_tsn', 16, 'u32']]],
  SCTP_STREAM_CHANGE_EVENT: ['sn_strchange_event', 'strchange', [['assoc_id', 8, 'i32'],
    ['instrms', 12, 'u16'], ['outstrms', 14, 'u16']]]
}

const SOCKADDR_STORAGE = 128

function readFields (r, base, fields, prefix, out) {
  for (const [name, off, kind] of fields) {
    const key = prefix ? `${prefix}_${name}` : name
    let v
    if (Array.isArray(kind)) {
      v = {}
      readFields(r, base + off, kind, '', v)
    } else if (kind === 'tail') {
      v = r.bytes(base + off)
    } else if (kind === 'sockaddr') {
      v = r.bytes(base + off, SOCKADDR_STORAGE)
    } else if (kind === 'u16list') {
      v = []
      for (let o = base + off; r.u16(o) !== undefined; o += 2) v.push(r.u16(o))
    } else {
      v = r[kind](base + off)
    }
    // A field the kernel's header had no room for (pdapi_stream/seq of an
    // older kernel) is left out, as it is absent from that structure.
    if (v !== undefined) out[key] = v
  }
}

// notification.parsed as node-lksctp shapes it: sn_type, sn_flags,
// sn_length and the type's member of union sctp_notification
// (sn_assoc_change: { sac_type, sac_flags, sac_length, sac_state, ... }).
// `parsed` is this package's decoding (its type says which member, and
// that the bytes decode); every value is read from `raw`.
function notificationParsed (raw, parsed) {
  if (!Buffer.isBuffer(raw) || raw.length < 8) return {}
  const header = reader(raw, raw.length)
  const out = { sn_type: header.u16(0), sn_flags: header.u16(2), sn_length: header.u32(4) }
  const layout = parsed && LAYOUTS[parsed.type]
  if (!layout) return out // UNKNOWN, INVALID: the header only
  const [member, prefix, fields] = layout
  const r = reader(raw, Math.min(raw.length, out.sn_length))
  const m = { [`${prefix}_type`]: out.sn_type, [`${prefix}_flags`]: out.sn_flags, [`${prefix}_length`]: out.sn_length }
  for (const f of fields) {
    if (f[0] === 'ssfe_info') readFields(r, 0, [f], '', m)
    else readFields(r, 0, [f], prefix, m)
  }
  out[member] = m
  return out
}

function notification (n) {
  return { raw: n.raw, parsed: notificationParsed(n.raw, n.parsed), interpreted: n.interpreted }
}

// ---- options --------------------------------------------------------------

// node-lksctp takes IP literals only and refuses anything else at once.
// Non-strings are left to the main entry, which names their type.
function checkLiteral (name, value) {
  if (typeof value === 'string' && !net.isIP(value)) {
    throw errors.invalidArgValue(name, value, 'must be an IPv4 or IPv6 address (node-lksctp takes no host names)')
  }
}

function checkLiterals (options, keys) {
  if (options === null || typeof options !== 'object') return
  for (const key of keys) {
    const v = options[key]
    if (Array.isArray(v)) v.forEach((a, i) => checkLiteral(`options.${key}[${i}]`, a))
    else checkLiteral(`options.${key}`, v)
  }
}

function connectOptions (options) {
  checkLiterals(options, ['host', 'remoteAddresses', 'localAddress', 'localAddresses'])
  if (options !== null && typeof options === 'object' && options.host === undefined && options.remoteAddresses === undefined) {
    // node-lksctp has no default host.
    throw errors.invalidArgValue('options.host', undefined, 'or options.remoteAddresses is required')
  }
  return options
}

// Without an address, node-lksctp binds IPv4's any address: so does compat
// (the main entry binds the dual-stack ::).
function listenOptions (options) {
  if (options === undefined) return { host: '0.0.0.0' }
  checkLiterals(options, ['host', 'localAddresses'])
  if (options !== null && typeof options === 'object' && !Array.isArray(options) &&
      options.host === undefined && options.localAddresses === undefined) {
    return { ...options, host: '0.0.0.0' }
  }
  return options
}

// ---- errors ---------------------------------------------------------------

const EINVAL = -22

// The main entry refuses a sid beyond the outbound streams with a
// RangeError naming data.sid; node-lksctp's sctp_sendv() gets EINVAL from
// the kernel and reports it as 'error'.
function isSidRangeError (err) {
  return err instanceof RangeError && err.code === 'ERR_OUT_OF_RANGE' && err.message.includes('"data.sid"')
}

function sidError (err) {
  const e = errors.systemError(EINVAL, 'sctp_sendv')
  e.message += ` (${err.message})`
  return e
}

module.exports = {
  SSTAT_STATE,
  SPINFO_STATE,
  status,
  peerInfo,
  peerInfoByAddress,
  notification,
  notificationParsed,
  connectOptions,
  listenOptions,
  isSidRangeError,
  sidError
}
