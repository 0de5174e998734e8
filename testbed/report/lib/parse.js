'use strict'

// Reading a timeline: the JSON lines that `tb run --timeline FILE` writes,
// and the model of one run that the timings and the page are drawn from.

const { isNum } = require('./format.js')
const { addressBook } = require('./paths.js')

// Tolerant of a run that was killed: a last line cut short (no newline
// after it) is dropped and noted as `truncated`; any other line that is not
// a JSON object is skipped and listed in `skipped` ({line, message}).
function parseTimeline (text) {
  const records = []
  const skipped = []
  let truncated = false
  const lines = String(text).split('\n')
  const last = lines.length - 1 // text ending in '\n' leaves '' here
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].replace(/\r$/, '')
    if (!line.trim()) continue
    let r
    try {
      r = JSON.parse(line)
    } catch (err) {
      if (i === last) truncated = true
      else skipped.push({ line: i + 1, message: err.message })
      continue
    }
    if (r && typeof r === 'object' && !Array.isArray(r)) records.push(r)
    else skipped.push({ line: i + 1, message: 'not a JSON object' })
  }
  return { records, truncated, skipped }
}

function recordsOf (x) {
  if (Array.isArray(x)) return x
  if (x && Array.isArray(x.records)) return x.records
  throw new TypeError('expected an array of timeline records or parseTimeline()\'s result')
}

// The start-up (agents starting, the association not yet up) is drawn
// compressed when it takes at least this share of the run and this long.
const STARTUP_SHARE = 0.15
const STARTUP_MIN_MS = 1000
const TRAFFIC = new Set(['rx', 'tx', 'traffic', 'connect', 'connection'])

// Where the action starts: a little before the first connect/connection or
// rx/tx (a program's: traffic) report, whichever is first. {focus: ms,
// firstTraffic: ms} or null when the run has no such report or the
// start-up is short.
function focusOf (reports, duration) {
  const first = reports.find((r) => TRAFFIC.has(r.ev))
  if (!first) return null
  const pad = Math.max(100, 0.03 * (duration - first.t))
  const focus = first.t - pad
  if (focus < STARTUP_MIN_MS || focus < STARTUP_SHARE * duration) return null
  return { focus, firstTraffic: first.t }
}

// Everything the page and the timings need, from the records in time order
// (agents' reports reach the runner a little out of order).
function analyse (input) {
  const all = recordsOf(input)
  const run = all.find((r) => r.kind === 'run') || {}
  const timed = all.filter((r) => isNum(r.t))
  const sorted = timed.map((r, i) => [r, i]).sort((a, b) => a[0].t - b[0].t || a[1] - b[1]).map((p) => p[0])
  const end = all.find((r) => r.kind === 'end') || null
  const bails = all.filter((r) => r.kind === 'bail')
  const steps = sorted.filter((r) => r.kind === 'step')
  const expects = all.filter((r) => r.kind === 'expect')
  const starts = all.filter((r) => r.kind === 'agent')
  const reports = sorted.filter((r) => r.kind === 'report')
  const pathStats = sorted.filter((r) => r.kind === 'path-stats' && typeof r.path === 'string' && r.dirs && typeof r.dirs === 'object')
  const lastT = sorted.length ? sorted[sorted.length - 1].t : 0
  const duration = end && isNum(end.t) ? Math.max(end.t, lastT) : lastT

  const agentNames = []
  const agentInfo = new Map()
  const addAgent = (name, info) => {
    if (!name) return
    if (!agentInfo.has(name)) {
      agentNames.push(name)
      agentInfo.set(name, {})
    }
    Object.assign(agentInfo.get(name), info)
  }
  for (const a of run.agents || []) addAgent(a.name, { host: a.host, role: a.role })
  for (const s of starts) addAgent(s.name, { host: s.host, role: s.role, index: s.index, local: s.local, remote: s.remote, port: s.port, argv: s.argv })
  for (const r of reports) addAgent(r.agent, {})
  const nameByIndex = new Map()
  for (const [name, info] of agentInfo) if (isNum(info.index)) nameByIndex.set(info.index, name)

  // Path state changes, per agent and peer address.
  const transitions = []
  const last = new Map() // agent -> {addr: state}
  for (const r of reports) {
    if (r.ev !== 'peer-info' || !r.paths || typeof r.paths !== 'object') continue
    const prev = last.get(r.agent) || {}
    const now = {}
    for (const [addr, p] of Object.entries(r.paths)) {
      now[addr] = p && p.state ? String(p.state) : 'SCTP_UNKNOWN'
      if (prev[addr] !== now[addr]) transitions.push({ t: r.t, agent: r.agent, address: addr, from: prev[addr] || null, to: now[addr] })
    }
    last.set(r.agent, now)
  }

  let status
  if (bails.length) status = 'bail'
  else if (!end) status = 'incomplete'
  else if (end.failed > 0 || end.status !== 0 || expects.some((e) => !e.ok)) status = 'fail'
  else status = 'pass'

  const book = addressBook(run, steps)
  const focus = focusOf(reports, duration)

  return { all, run, sorted, end, bails, steps, expects, starts, reports, pathStats, duration, agentNames, agentInfo, nameByIndex, transitions, status, book, focus }
}

module.exports = { parseTimeline, recordsOf, analyse, focusOf, STARTUP_SHARE, STARTUP_MIN_MS }
