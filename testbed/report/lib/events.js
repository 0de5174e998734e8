'use strict'

// What the agents' reports and the runner's steps mean on the page: colours
// of path states and notifications, and one line of text per event.

const NETWORK_VERBS = new Set(['link', 'addr', 'netem', 'kill', 'close', 'call'])
const LIFECYCLE = new Set(['listening', 'connection', 'connect', 'ready', 'end', 'close', 'timeout'])
const STATE_COLORS = {
  SCTP_ACTIVE: '#2f9e57',
  SCTP_PF: '#e8a317',
  SCTP_INACTIVE: '#d64545',
  SCTP_UNCONFIRMED: '#9aa0a6',
  SCTP_UNKNOWN: '#cfd3d8'
}
const PRIMARY_COLOR = '#a8c8fa'
const SERIES_COLORS = ['#3366cc', '#dc7b12', '#2f9e57', '#a23fb0', '#d64545', '#0f9ba8', '#7a6c2f', '#e0529c']

function notificationStyle (r) {
  const st = r.state || ''
  if (r.type === 'SCTP_SENDER_DRY_EVENT' || r.type === 'SCTP_AUTHENTICATION_EVENT' || r.type === 'SCTP_ADAPTATION_INDICATION') return { cls: 'minor', color: '#b8bec6' }
  if (st === 'SCTP_ADDR_UNREACHABLE' || st === 'SCTP_COMM_LOST' || st === 'SCTP_CANT_STR_ASSOC' || /FAILED|ERROR/.test(r.type)) return { cls: 'major', color: STATE_COLORS.SCTP_INACTIVE }
  if (st === 'SCTP_ADDR_POTENTIALLY_FAILED') return { cls: 'major', color: STATE_COLORS.SCTP_PF }
  if (st === 'SCTP_ADDR_AVAILABLE' || st === 'SCTP_ADDR_CONFIRMED' || st === 'SCTP_COMM_UP') return { cls: 'major', color: STATE_COLORS.SCTP_ACTIVE }
  if (st === 'SCTP_ADDR_ADDED' || st === 'SCTP_ADDR_REMOVED' || st === 'SCTP_ADDR_MADE_PRIM') return { cls: 'major', color: '#3366cc' }
  return { cls: 'major', color: '#6b4fa8' }
}

// A program's reports name their association ("assoc": 1, 2, ...).
function describe (r) {
  const assoc = typeof r.assoc === 'number' ? ` (assoc ${r.assoc})` : ''
  switch (r.ev) {
    case 'notification': return [r.type, r.state, r.address, r.error ? `error ${r.error}` : ''].filter(Boolean).join(' ') + assoc
    case 'address-change': return `address-change local [${(r.localAddresses || []).join(', ')}] remote [${(r.remoteAddresses || []).join(', ')}] primary ${r.remoteAddress ?? ''}${assoc}`
    case 'connect': case 'connection': return `${r.ev}${assoc} ${r.localAddress ?? ''}:${r.localPort ?? ''} → ${r.remoteAddress ?? ''}:${r.remotePort ?? ''}`
    case 'close': return `close${assoc}${r.hadError ? ' (with error)' : ''}`
    case 'end': return `end${assoc}`
    case 'error': return `error ${r.code || ''} ${r.message || ''}${r.call ? ` (${r.call})` : ''}${assoc}`
    case 'agent-error': return `agent-error ${typeof r.message === 'string' ? r.message : JSON.stringify(r.message ?? '')}`
    case 'exit': return `exit ${r.status ?? ''}`
    case 'call': return `call ${r.method || ''} ${r.address || ''}`
    case 'listening': return `listening${r.address && r.address.port ? ` on port ${r.address.port}` : ''}`
    case 'app': return `app ${r.name ?? ''} ${Object.entries(r).filter(([k]) => !['t', 'ev', 'name', 'agent', 'kind'].includes(k)).map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`).join(' ')}`.trim()
    case 'output': return `${r.stream === 'stderr' ? 'stderr' : 'stdout'}: ${r.line ?? ''}${r.cut ? ' (cut)' : ''}`
    default: return String(r.ev)
  }
}

module.exports = { NETWORK_VERBS, LIFECYCLE, STATE_COLORS, PRIMARY_COLOR, SERIES_COLORS, notificationStyle, describe }
