'use strict'

// Validation of the options of createServer, listen and connect. Every
// error is thrown synchronously and names the option, as net does.

const dns = require('node:dns')
const net = require('node:net')
const errors = require('./errors')

const DEFAULT_POLL_INTERVAL = 1000
const HINTS = dns.ADDRCONFIG | dns.V4MAPPED | dns.ALL

function isObject (v) {
  return v !== null && typeof v === 'object' && !Array.isArray(v)
}

function checkOptionsObject (options, name = 'options') {
  if (options === undefined) return {}
  if (!isObject(options)) throw errors.invalidArgType(name, 'of type object', options)
  return options
}

function checkInteger (name, value, min, max) {
  if (typeof value !== 'number') throw errors.invalidArgType(name, 'of type number', value)
  if (!Number.isInteger(value) || value < min || value > max) {
    throw errors.outOfRange(name, `an integer >= ${min} and <= ${max}`, value)
  }
  return value
}

// net's validatePort: a number or a string that converts to one (' 80',
// '0x50' and '1e3' included); anything else of those types is a bad port.
function checkPort (name, value, { allowZero = true } = {}) {
  if (value === undefined || value === null) return 0
  if (typeof value !== 'number' && typeof value !== 'string') {
    throw errors.invalidArgType(name, 'of type number or string', value)
  }
  const port = +value
  if ((typeof value === 'string' && value.trim() === '') || port !== (port >>> 0) ||
      port > 65535 || (!allowZero && port === 0)) {
    throw errors.badPort(name, value, allowZero)
  }
  return port
}

const TIMEOUT_MAX = 2 ** 31 - 1

// Node's getTimerDuration (lib/internal/timers.js).
function timerDuration (msecs, name) {
  if (typeof msecs !== 'number') throw errors.invalidArgType(name, 'of type number', msecs)
  if (msecs < 0 || !Number.isFinite(msecs)) {
    throw errors.outOfRange(name, 'a non-negative finite number', msecs)
  }
  if (msecs > TIMEOUT_MAX) {
    process.emitWarning(`${msecs} does not fit into a 32-bit signed integer.` +
      `\nTimer duration was truncated to ${TIMEOUT_MAX}.`, 'TimeoutOverflowWarning')
    return TIMEOUT_MAX
  }
  return msecs
}

// net takes an option given as null (or a host given as '') as not given:
// settings read from a JSON file often are. The SCTP options are strict.
function given (value) {
  return value !== undefined && value !== null
}

function givenHost (value) {
  return given(value) && value !== ''
}

// A boolean option net has: null is not given.
function netBool (name, value, dflt) {
  return given(value) ? checkBool(name, value, dflt) : dflt
}

function checkHost (name, value) {
  if (typeof value !== 'string') throw errors.invalidArgType(name, 'of type string', value)
  if (value.length === 0) throw errors.invalidArgValue(name, value, 'must be a non-empty host name or IP address')
  return value
}

function checkAddressList (name, value) {
  if (!Array.isArray(value)) throw errors.invalidArgType(name, 'an instance of Array', value)
  if (value.length === 0) throw errors.invalidArgValue(name, value, 'must not be empty')
  if (value.length > 64) throw errors.invalidArgValue(name, value, 'must have at most 64 addresses')
  value.forEach((v, i) => checkHost(`${name}[${i}]`, v))
  return value.slice()
}

function checkStreams (options, prefix, out) {
  for (const key of ['MIS', 'OS']) {
    if (options[key] !== undefined) out[key] = checkInteger(`${prefix}${key}`, options[key], 1, 65535)
  }
}

function checkSctp (options, prefix) {
  if (options.sctp === undefined) return { pollInterval: DEFAULT_POLL_INTERVAL }
  const sctp = checkOptionsObject(options.sctp, `${prefix}sctp`)
  const out = { pollInterval: DEFAULT_POLL_INTERVAL }
  if (sctp.sack !== undefined) {
    const sack = checkOptionsObject(sctp.sack, `${prefix}sctp.sack`)
    out.sack = { delay: 0, freq: 0 }
    // RFC 6458 8.1.19: sack_delay 1-500 ms (0 leaves it), sack_freq 1
    // turns delayed SACK off, 0 leaves it.
    if (sack.delay !== undefined) out.sack.delay = checkInteger(`${prefix}sctp.sack.delay`, sack.delay, 0, 500)
    if (sack.freq !== undefined) out.sack.freq = checkInteger(`${prefix}sctp.sack.freq`, sack.freq, 0, 0xffffffff)
  }
  if (sctp.pollInterval !== undefined) {
    out.pollInterval = checkInteger(`${prefix}sctp.pollInterval`, sctp.pollInterval, 0, 2 ** 31 - 1)
  }
  if (sctp.paths !== undefined) out.paths = checkPathParams(`${prefix}sctp.paths`, sctp.paths)
  if (sctp.rto !== undefined) out.rto = checkRto(`${prefix}sctp.rto`, sctp.rto)
  if (sctp.maxRetransmits !== undefined) {
    out.maxRetransmits = checkMaxRetransmits(`${prefix}sctp.maxRetransmits`, sctp.maxRetransmits)
  }
  if (sctp.exposePotentiallyFailed !== undefined) {
    out.exposePotentiallyFailed = checkBool(`${prefix}sctp.exposePotentiallyFailed`, sctp.exposePotentiallyFailed)
  }
  return out
}

const MAX_MS = 2 ** 31 - 1

// Association.Max.Retrans and Path.Max.Retrans: 16 bits in the kernel's
// structs, where 0 means "leave unchanged"; absent leaves it here.
function checkMaxRetransmits (name, value) {
  return checkInteger(name, value, 1, 65535)
}

// Path parameters (SCTP_PEER_ADDR_PARAMS, SCTP_PEER_ADDR_THLDS_V2), as an
// option or as setPathParams()'s argument. Absent fields stay as they are.
function checkPathParams (name, value) {
  const p = checkOptionsObject(value, name)
  if (value === undefined) throw errors.invalidArgType(name, 'of type object', value)
  const out = {}
  if (p.heartbeat !== undefined) out.heartbeat = checkBool(`${name}.heartbeat`, p.heartbeat)
  if (p.heartbeatInterval !== undefined) {
    out.heartbeatInterval = checkInteger(`${name}.heartbeatInterval`, p.heartbeatInterval, 0, MAX_MS)
  }
  if (p.maxRetransmits !== undefined) out.maxRetransmits = checkMaxRetransmits(`${name}.maxRetransmits`, p.maxRetransmits)
  if (p.pfThreshold !== undefined) out.pfThreshold = checkInteger(`${name}.pfThreshold`, p.pfThreshold, 0, 65535)
  if (p.switchoverThreshold !== undefined) {
    out.switchoverThreshold = checkInteger(`${name}.switchoverThreshold`, p.switchoverThreshold, 0, 65535)
  }
  // Linux refuses a PF threshold above the switchover one (EINVAL); when
  // only one is given, the other is the current value and the kernel says.
  if (out.pfThreshold !== undefined && out.switchoverThreshold !== undefined &&
      out.pfThreshold > out.switchoverThreshold) {
    throw errors.outOfRange(`${name}.pfThreshold`,
      `an integer >= 0 and <= ${name}.switchoverThreshold (${out.switchoverThreshold})`, out.pfThreshold)
  }
  return out
}

// SCTP_RTOINFO in ms. Linux refuses a min above the max (EINVAL), given
// here or current; it does not hold the initial RTO between them.
function checkRto (name, value) {
  const r = checkOptionsObject(value, name)
  if (value === undefined) throw errors.invalidArgType(name, 'of type object', value)
  const out = {}
  for (const key of ['initial', 'min', 'max']) {
    if (r[key] !== undefined) out[key] = checkInteger(`${name}.${key}`, r[key], 1, MAX_MS)
  }
  if (out.min !== undefined && out.max !== undefined && out.min > out.max) {
    throw errors.outOfRange(`${name}.min`, `an integer >= 1 and <= ${name}.max (${out.max})`, out.min)
  }
  return out
}

function checkBool (name, value, dflt) {
  if (value === undefined) return dflt
  if (typeof value !== 'boolean') throw errors.invalidArgType(name, 'of type boolean', value)
  return value
}

function checkBufferSize (name, value) {
  if (value === undefined) return undefined
  return checkInteger(name, value, 1024, 2 ** 31 - 1)
}

// Options shared by createServer (for every accepted socket) and connect.
// Built by assignment, never by spreading: a spread object gets a hidden
// class of its own, and a socket keeps its options for life (a server of
// 1,000 associations paid 290 bytes each for it;
// addon/bench/measured/2-per-association-cost.md).
function socketOptions (options, prefix = 'options.') {
  const out = {}
  checkStreams(options, prefix, out)
  out.sctp = checkSctp(options, prefix)
  out.noDelay = netBool(`${prefix}noDelay`, options.noDelay, true)
  out.receiveBufferSize = checkBufferSize(`${prefix}receiveBufferSize`, options.receiveBufferSize)
  out.sendBufferSize = checkBufferSize(`${prefix}sendBufferSize`, options.sendBufferSize)
  // highWaterMark counts bytes on the writable side, as in net; the
  // readable side holds whole messages and counts them
  // (readableHighWaterMark, default 16).
  if (given(options.highWaterMark)) {
    out.highWaterMark = checkInteger(`${prefix}highWaterMark`, options.highWaterMark, 0, 2 ** 31 - 1)
  }
  if (given(options.readableHighWaterMark)) {
    out.readableHighWaterMark = checkInteger(`${prefix}readableHighWaterMark`, options.readableHighWaterMark, 1, 2 ** 31 - 1)
  }
  return out
}

function serverOptions (options) {
  options = checkOptionsObject(options === null ? undefined : options) // null: as net
  const out = socketOptions(options)
  out.pauseOnConnect = netBool('options.pauseOnConnect', options.pauseOnConnect, false)
  return out
}

// What net's listen and connect take that SCTP has not: refused, never
// silently ignored.
function refuseUnsupported (options, keys) {
  for (const [key, why] of keys) {
    if (given(options[key]) && options[key] !== '') throw errors.invalidArgValue(`options.${key}`, options[key], why)
  }
}

const LISTEN_UNSUPPORTED = [
  ['path', 'is not supported by SCTP'],
  ['fd', 'is not supported (an SCTP server makes its own socket)'],
  ['handle', 'is not supported (an SCTP server makes its own socket)']
]
const CONNECT_UNSUPPORTED = [
  ['path', 'is not supported by SCTP'],
  ['fd', 'is not supported (lksctp.connect() makes its own socket)'],
  ['onread', "is not supported (messages come as 'data', each with its sid and ppid)"]
]

function listenOptions (options) {
  options = checkOptionsObject(options)
  refuseUnsupported(options, LISTEN_UNSUPPORTED)
  if (givenHost(options.host) && options.localAddresses !== undefined) {
    throw errors.invalidArgValue('options.host', options.host,
      'must not be given together with options.localAddresses')
  }
  const out = {
    port: checkPort('options.port', options.port),
    // 0 is net's default too (backlog || 511); to SCTP's listen() 0 would
    // mean "stop listening" (EINVAL on a new socket).
    backlog: !given(options.backlog) ? 511 : checkInteger('options.backlog', options.backlog, 0, 2 ** 31 - 1) || 511
  }
  if (options.localAddresses !== undefined) out.addresses = checkAddressList('options.localAddresses', options.localAddresses)
  else if (givenHost(options.host)) out.addresses = [checkHost('options.host', options.host)]
  out.ipv6Only = netBool('options.ipv6Only', options.ipv6Only, false)
  out.signal = checkSignal('options.signal', options.signal)
  return out
}

function connectOptions (options) {
  options = checkOptionsObject(options)
  refuseUnsupported(options, CONNECT_UNSUPPORTED)
  if (givenHost(options.host) && options.remoteAddresses !== undefined) {
    throw errors.invalidArgValue('options.host', options.host,
      'must not be given together with options.remoteAddresses')
  }
  if (givenHost(options.localAddress) && options.localAddresses !== undefined) {
    throw errors.invalidArgValue('options.localAddress', options.localAddress,
      'must not be given together with options.localAddresses')
  }
  // net refuses a port that is neither a number nor a string (null too).
  if (typeof options.port !== 'number' && typeof options.port !== 'string') {
    throw errors.invalidArgType('options.port', 'of type number or string', options.port)
  }
  const out = socketOptions(options)
  out.port = checkPort('options.port', options.port, { allowZero: false })
  out.localPort = checkPort('options.localPort', options.localPort)
  out.remote = options.remoteAddresses !== undefined
    ? checkAddressList('options.remoteAddresses', options.remoteAddresses)
    : [givenHost(options.host) ? checkHost('options.host', options.host) : 'localhost'] // net: host || 'localhost'
  if (options.localAddresses !== undefined) out.local = checkAddressList('options.localAddresses', options.localAddresses)
  else if (givenHost(options.localAddress)) out.local = [checkHost('options.localAddress', options.localAddress)]
  // net's: the idle timeout, as socket.setTimeout(timeout) right away.
  if (given(options.timeout)) out.timeout = timerDuration(options.timeout, 'options.timeout')
  // net's name resolution: a lookup function (dns.lookup's shape) and the
  // family and hints it is given.
  if (given(options.lookup) && typeof options.lookup !== 'function') {
    throw errors.invalidArgType('options.lookup', 'of type function', options.lookup)
  }
  out.lookup = options.lookup || undefined
  out.family = checkFamily('options.family', options.family)
  // dns.lookup's own check, made here so that the error is synchronous.
  if (given(options.hints) && (!Number.isInteger(options.hints) || (options.hints & ~HINTS) !== 0)) {
    throw errors.invalidArgValue('options.hints', options.hints, 'must be 0 or flags of dns.ADDRCONFIG, dns.V4MAPPED, dns.ALL')
  }
  out.hints = options.hints || 0
  // net's Socket takes a signal only if truthy (its listen checks it all).
  out.signal = given(options.signal) ? checkSignal('options.signal', options.signal) : undefined
  return out
}

// Node's validateAbortSignal.
function checkSignal (name, value) {
  if (value !== undefined && (value === null || typeof value !== 'object' || !('aborted' in value))) {
    throw errors.invalidArgType(name, 'an instance of AbortSignal', value)
  }
  return value
}

// net's family: 4, 6 or 0 (either), or 'IPv4'/'IPv6'.
function checkFamily (name, value) {
  if (!given(value)) return 0
  if (value === 'IPv4') return 4
  if (value === 'IPv6') return 6
  if (value === 0 || value === 4 || value === 6) return value
  throw errors.invalidArgValue(name, value, 'must be one of: 0, 4, 6, \'IPv4\', \'IPv6\'')
}

function sidOutOfRange (sid, maxStreams) {
  return errors.outOfRange('data.sid', `an integer >= 0 and < ${maxStreams} (the association's outbound streams)`, sid)
}

// Per-message properties of a written Buffer: sid, ppid, unordered, ttl.
function messageMeta (chunk, maxStreams) {
  const sid = chunk.sid === undefined ? 0 : chunk.sid
  const ppid = chunk.ppid === undefined ? 0 : chunk.ppid
  if (typeof sid !== 'number') throw errors.invalidArgType('data.sid', 'of type number', sid)
  if (!Number.isInteger(sid) || sid < 0 || sid >= maxStreams) throw sidOutOfRange(sid, maxStreams)
  if (typeof ppid !== 'number') throw errors.invalidArgType('data.ppid', 'of type number', ppid)
  if (!Number.isInteger(ppid) || ppid < 0 || ppid > 0xffffffff) {
    throw errors.outOfRange('data.ppid', 'an integer >= 0 and <= 4294967295', ppid)
  }
  return { sid, ppid }
}

// An IP literal (run-time address changes take no names: they are
// synchronous).
function checkAddress (name, value) {
  if (typeof value !== 'string') throw errors.invalidArgType(name, 'of type string', value)
  if (!net.isIP(value)) throw errors.invalidArgValue(name, value, 'must be an IPv4 or IPv6 address')
  return value
}

module.exports = {
  checkAddress,
  checkPathParams,
  checkRto,
  checkMaxRetransmits,
  isIP: net.isIP,
  serverOptions,
  listenOptions,
  connectOptions,
  messageMeta,
  sidOutOfRange,
  checkOptionsObject,
  timerDuration
}
