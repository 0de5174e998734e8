'use strict'

// Path and retransmission parameters on a handle: heartbeats, path and
// association max retransmissions, potentially-failed and switchover
// thresholds, RTO bounds and exposure of the potentially-failed state.
//
// Set on a socket before connect, or on a listener, they are the
// endpoint's defaults: the association takes them when it is created (an
// accepted one from its listener). Set on an association, they change it.
// Every refusal of the kernel is thrown as a system error naming the
// socket option.

const errors = require('./errors')
const { forFamily } = require('./resolve')

// The address as the handle takes it (IPv4 is IPv4-mapped on an IPv6
// socket), or null for every path.
function native (handle, address) {
  return address === null ? null : forFamily([address], handle.family)[0]
}

// address null: the association (or endpoint) and all of its paths.
function setPathParams (handle, p, address = null, port = 0) {
  const fail = (r, option) => {
    if (r < 0) throw errors.systemError(r, `setsockopt ${option}`, address === null ? undefined : address, port)
  }
  if (p.heartbeat !== undefined || p.heartbeatInterval !== undefined || p.maxRetransmits !== undefined) {
    fail(handle.setPathParams(native(handle, address), port, p.heartbeatInterval, p.heartbeat, p.maxRetransmits), 'SCTP_PEER_ADDR_PARAMS')
  }
  if (p.pfThreshold !== undefined || p.switchoverThreshold !== undefined) {
    fail(handle.setPathParams(native(handle, address), port, undefined, undefined, undefined, p.pfThreshold, p.switchoverThreshold),
      'SCTP_PEER_ADDR_THLDS_V2')
  }
}

function getPathParams (handle, address = null, port = 0) {
  const r = handle.getPathParams(native(handle, address), port)
  if (typeof r === 'number') {
    throw errors.systemError(r, 'getsockopt SCTP_PEER_ADDR_PARAMS', address === null ? undefined : address, port)
  }
  return r
}

function setRto (handle, rto) {
  const r = handle.setRto(rto.initial || 0, rto.min || 0, rto.max || 0)
  if (r < 0) throw errors.systemError(r, 'setsockopt SCTP_RTOINFO')
}

function getRto (handle) {
  const r = handle.getRto()
  if (typeof r === 'number') throw errors.systemError(r, 'getsockopt SCTP_RTOINFO')
  return r
}

function setMaxRetransmits (handle, n) {
  const r = handle.setAssocMaxRetrans(n)
  if (r < 0) throw errors.systemError(r, 'setsockopt SCTP_ASSOCINFO')
}

function getMaxRetransmits (handle) {
  const r = handle.getAssocMaxRetrans()
  if (r < 0) throw errors.systemError(r, 'getsockopt SCTP_ASSOCINFO')
  return r
}

function setExposePotentiallyFailed (handle, expose) {
  const r = handle.setPfExpose(expose)
  if (r < 0) throw errors.systemError(r, 'setsockopt SCTP_EXPOSE_POTENTIALLY_FAILED_STATE')
}

function getExposePotentiallyFailed (handle) {
  const r = handle.getPfExpose()
  if (typeof r === 'number') throw errors.systemError(r, 'getsockopt SCTP_EXPOSE_POTENTIALLY_FAILED_STATE')
  return r
}

// The options of createServer/connect (validated: options.sctp), as the
// endpoint's defaults. Path parameters go before the association's max
// retransmissions, which Linux checks against their sum on an association.
function applyPathOptions (handle, sctp, failures) {
  const steps = []
  if (sctp.exposePotentiallyFailed !== undefined) {
    steps.push(() => setExposePotentiallyFailed(handle, sctp.exposePotentiallyFailed))
  }
  if (sctp.rto) steps.push(() => setRto(handle, sctp.rto))
  if (sctp.paths) steps.push(() => setPathParams(handle, sctp.paths))
  if (sctp.maxRetransmits !== undefined) steps.push(() => setMaxRetransmits(handle, sctp.maxRetransmits))
  for (const step of steps) {
    try {
      step()
    } catch (err) {
      failures.push(err)
    }
  }
}

module.exports = {
  setPathParams,
  getPathParams,
  setRto,
  getRto,
  setMaxRetransmits,
  getMaxRetransmits,
  setExposePotentiallyFailed,
  getExposePotentiallyFailed,
  applyPathOptions
}
