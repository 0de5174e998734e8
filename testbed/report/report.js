#!/usr/bin/env node
'use strict'

// One self-contained HTML page from scenario timelines (the JSON lines that
// `tb run --timeline FILE` writes): a summary table, then per scenario the
// path states of each agent over time, the network changes, notifications
// and address changes, the messages delivered per stream and the
// expectations, failures first with what was observed instead.
//
//   node testbed/report/report.js [--out report.html] A.jsonl B.jsonl ...
//
// The page needs no network: CSS and SVG are inline, built here; one small
// inline script (allowed by hash in the page's Content-Security-Policy, so
// nothing else can run) shows the time under the pointer and marks the page
// as rendered for ci/report-check.js.
//
// As a module:
//   parseTimeline(text)  -> { records, truncated, skipped }
//   keyTimings(records)  -> { durationMs, connectMs, failureDetectionMs, ... }
//   summarize(records)   -> { script, name, status, passed, failed, ... }
//   render(runs)         -> html string

const crypto = require('node:crypto')
const fs = require('node:fs')
const path = require('node:path')

const NETWORK_VERBS = new Set(['link', 'addr', 'netem', 'kill', 'close', 'call'])
const STATE_COLORS = {
  SCTP_ACTIVE: '#2f9e57',
  SCTP_PF: '#e8a317',
  SCTP_INACTIVE: '#d64545',
  SCTP_UNCONFIRMED: '#9aa0a6',
  SCTP_UNKNOWN: '#cfd3d8'
}
const STREAM_COLORS = ['#3366cc', '#dc7b12', '#2f9e57', '#a23fb0', '#d64545', '#0f9ba8', '#7a6c2f', '#e0529c']
const LIFECYCLE = new Set(['listening', 'connection', 'connect', 'ready', 'end', 'close', 'timeout', 'exit'])

// ---------------------------------------------------------------- parsing

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

const isNum = (v) => typeof v === 'number' && Number.isFinite(v)

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
  for (const s of starts) addAgent(s.name, { host: s.host, role: s.role, index: s.index, local: s.local, remote: s.remote, port: s.port })
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

  return { all, run, sorted, end, bails, steps, expects, starts, reports, duration, agentNames, agentInfo, nameByIndex, transitions, status }
}

// ---------------------------------------------------------------- timings

const isPeerChange = (r, state) => r.ev === 'notification' && r.type === 'SCTP_PEER_ADDR_CHANGE' && r.state === state
const stepIs = (s, re) => s.verb === 'link' && re.test(String(s.text || ''))

// The first sign, in [from, until), of a path entering one of `states` (a
// peer-info transition) or of a notification with `notice` state.
function firstSign (a, from, until, states, notice) {
  let best = null
  for (const r of a.reports) {
    if (r.t < from || r.t >= until) continue
    if (isPeerChange(r, notice)) {
      best = { t: r.t, agent: r.agent, address: r.address || null, by: `${notice} notification` }
      break
    }
  }
  for (const x of a.transitions) {
    if (x.t < from || x.t >= until || !states.includes(x.to)) continue
    if (x.from === null && x.to !== 'SCTP_INACTIVE') continue // first report, not a change
    if (!best || x.t < best.t) best = { t: x.t, agent: x.agent, address: x.address, by: `peer-info ${x.to}` }
    break
  }
  return best
}

const round = (ms) => Math.round(ms * 1000) / 1000

// Key timings of one run, all in ms (null when the run has no such thing):
//   durationMs          run start to its end record (or last record)
//   connectMs           the connecting agent's `agent` step to its connect report
//   failureDetectionMs  first `link down` step to the first
//                       SCTP_ADDR_UNREACHABLE notification or peer-info path
//                       turning SCTP_INACTIVE, in any agent
//   pfDetectionMs       the same to the first SCTP_PF / SCTP_ADDR_POTENTIALLY_FAILED
//   recoveryMs          first `link up` after a link down to the first
//                       SCTP_ADDR_AVAILABLE notification or path turning
//                       SCTP_ACTIVE from SCTP_INACTIVE/SCTP_PF
//   failoverGapMs       the largest rx maxGap: the longest time a receiver
//                       went without a message (after a path failure: the
//                       failover time); failoverGap says {agent, from}
//   linkDowns, linkUps  each such step: {line, text, t, ms, agent, address, by}
//   expectations        [{file, line, text, agent, ok, elapsedMs, observed}]
function keyTimings (input) {
  const a = analyse(input)
  const linkDowns = []
  const linkUps = []
  const steps = a.steps
  for (let i = 0; i < steps.length; i++) {
    const s = steps[i]
    const isDown = stepIs(s, /^link\s+down\b/)
    const isUp = stepIs(s, /^link\s+up\b/)
    if (!isDown && !isUp) continue
    // Until the step that undoes it (or the run's end).
    const undo = steps.slice(i + 1).find((n) => stepIs(n, isDown ? /^link\s+up\b/ : /^link\s+down\b/))
    const until = undo ? undo.t : Infinity
    const base = { line: s.line, text: s.text, t: s.t }
    if (isDown) {
      const sign = firstSign(a, s.t, until, ['SCTP_INACTIVE'], 'SCTP_ADDR_UNREACHABLE')
      const pf = firstSign(a, s.t, until, ['SCTP_PF', 'SCTP_INACTIVE'], 'SCTP_ADDR_POTENTIALLY_FAILED')
      linkDowns.push({ ...base, ms: sign ? round(sign.t - s.t) : null, agent: sign && sign.agent, address: sign && sign.address, by: sign && sign.by, pfMs: pf ? round(pf.t - s.t) : null })
    } else {
      let sign = null
      for (const r of a.reports) {
        if (r.t >= s.t && r.t < until && isPeerChange(r, 'SCTP_ADDR_AVAILABLE')) {
          sign = { t: r.t, agent: r.agent, address: r.address || null, by: 'SCTP_ADDR_AVAILABLE notification' }
          break
        }
      }
      const x = a.transitions.find((x) => x.t >= s.t && x.t < until && x.to === 'SCTP_ACTIVE' && (x.from === 'SCTP_INACTIVE' || x.from === 'SCTP_PF'))
      if (x && (!sign || x.t < sign.t)) sign = { t: x.t, agent: x.agent, address: x.address, by: 'peer-info SCTP_ACTIVE' }
      linkUps.push({ ...base, ms: sign ? round(sign.t - s.t) : null, agent: sign && sign.agent, address: sign && sign.address, by: sign && sign.by })
    }
  }

  let connectMs = null
  const connector = a.agentNames.find((n) => a.agentInfo.get(n).role === 'connect')
  if (connector) {
    const step = a.steps.find((s) => s.verb === 'agent' && String(s.text || '').split(/\s+/)[1] === connector)
    const rep = a.reports.find((r) => r.agent === connector && r.ev === 'connect')
    if (step && rep) connectMs = round(rep.t - step.t)
  }

  let gap = null
  for (const r of a.reports) {
    if (r.ev === 'rx' && isNum(r.maxGap) && (!gap || r.maxGap > gap.ms)) gap = { ms: r.maxGap, agent: r.agent, from: a.nameByIndex.get(r.from) ?? r.from }
  }

  const firstUp = linkUps.find((u) => linkDowns.some((d) => d.t < u.t))
  return {
    durationMs: round(a.duration),
    connectMs,
    failureDetectionMs: linkDowns.length ? linkDowns[0].ms : null,
    pfDetectionMs: linkDowns.length ? linkDowns[0].pfMs : null,
    recoveryMs: firstUp ? firstUp.ms : null,
    failoverGapMs: gap ? round(gap.ms) : null,
    failoverGap: gap ? { agent: gap.agent, from: gap.from } : null,
    linkDowns,
    linkUps,
    expectations: a.expects.map((e) => ({
      file: e.file, line: e.line, text: e.text, agent: e.agent, ok: !!e.ok, elapsedMs: isNum(e.elapsed) && e.elapsed >= 0 ? round(e.elapsed) : null, observed: e.observed || ''
    }))
  }
}

// One run's headline: what the summary table shows.
function summarize (input, extra = {}) {
  const a = analyse(input)
  const script = a.run.script || extra.file || 'timeline'
  const passed = a.expects.filter((e) => e.ok).length
  return {
    script,
    name: extra.name || path.basename(String(script)).replace(/\.(scn|jsonl)$/, ''),
    status: a.status,
    expectations: a.end && isNum(a.end.expectations) ? a.end.expectations : (isNum(a.run.expectations) ? a.run.expectations : a.expects.length),
    passed,
    failed: a.expects.length - passed,
    failures: a.expects.filter((e) => !e.ok),
    bail: a.bails.map((b) => b.message),
    truncated: !!extra.truncated,
    timings: keyTimings(input)
  }
}

// ---------------------------------------------------------------- HTML helpers

const ESC = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }
function esc (v) {
  if (v === null || v === undefined) return ''
  return String(v).replace(/[&<>"']/g, (c) => ESC[c])
}

function fmtMs (ms) {
  if (!isNum(ms)) return '—'
  if (Math.abs(ms) < 10) return `${ms.toFixed(2)} ms`
  if (Math.abs(ms) < 1000) return `${Math.round(ms)} ms`
  return `${(ms / 1000).toFixed(2)} s`
}

const fmtT = (ms) => `${(Math.round(ms) / 1000).toFixed(3)} s`
const px = (v) => Math.round(v * 10) / 10

function slug (s) {
  return String(s).toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'scenario'
}

function niceStep (span) {
  for (const s of [100, 200, 500, 1000, 2000, 5000, 10000, 15000, 30000, 60000, 120000, 300000, 600000]) {
    if (span / s <= 10) return s
  }
  return 1200000
}

const where = (e) => `${e.file || ''}:${e.line ?? ''}`

// ---------------------------------------------------------------- charts

const W = 1000
const LEFT = 170
const RIGHT = 16
const LANE = 16
const GAP = 5
const CHAR = 6.1 // width of one character of 11px text, roughly

function scale (a) {
  const span = Math.max(a.duration, 1)
  return (t) => px(LEFT + (Math.max(0, Math.min(t, span)) / span) * (W - LEFT - RIGHT))
}

function axis (a, x, y0, y1) {
  const step = niceStep(Math.max(a.duration, 1))
  let out = ''
  for (let t = 0; t <= a.duration + 1e-9; t += step) {
    const xx = x(t)
    out += `<line class="grid" x1="${xx}" y1="${y0}" x2="${xx}" y2="${y1}"/>`
    out += `<text class="tick" x="${xx}" y="${y1 + 13}" text-anchor="middle">${esc(step < 1000 ? (t / 1000).toFixed(1) : String(t / 1000))} s</text>`
  }
  return out
}

// Network-change steps: a dashed line over the chart, its text on top;
// labels go in up to three rows so that they do not overlap.
function stepLabels (a, x) {
  const rows = []
  const placed = []
  for (const s of a.steps) {
    if (!NETWORK_VERBS.has(s.verb)) continue
    const xx = x(s.t)
    let text = String(s.text || s.verb)
    if (text.length > 30) text = text.slice(0, 29) + '…'
    const w = text.length * CHAR + 8
    let row = rows.findIndex((end) => xx >= end)
    if (row < 0 && rows.length < 3) row = rows.length
    if (row < 0) row = rows.indexOf(Math.min(...rows))
    rows[row] = xx + w
    placed.push({ s, xx, text, row })
  }
  return { placed, height: rows.length * 14 + (rows.length ? 6 : 0) }
}

function notificationStyle (r) {
  const st = r.state || ''
  if (r.type === 'SCTP_SENDER_DRY_EVENT' || r.type === 'SCTP_AUTHENTICATION_EVENT' || r.type === 'SCTP_ADAPTATION_INDICATION') return { cls: 'minor', color: '#b8bec6' }
  if (st === 'SCTP_ADDR_UNREACHABLE' || st === 'SCTP_COMM_LOST' || st === 'SCTP_CANT_STR_ASSOC' || /FAILED|ERROR/.test(r.type)) return { cls: 'major', color: STATE_COLORS.SCTP_INACTIVE }
  if (st === 'SCTP_ADDR_POTENTIALLY_FAILED') return { cls: 'major', color: STATE_COLORS.SCTP_PF }
  if (st === 'SCTP_ADDR_AVAILABLE' || st === 'SCTP_ADDR_CONFIRMED' || st === 'SCTP_COMM_UP') return { cls: 'major', color: STATE_COLORS.SCTP_ACTIVE }
  if (st === 'SCTP_ADDR_ADDED' || st === 'SCTP_ADDR_REMOVED' || st === 'SCTP_ADDR_MADE_PRIM') return { cls: 'major', color: '#3366cc' }
  return { cls: 'major', color: '#6b4fa8' }
}

function describe (r) {
  switch (r.ev) {
    case 'notification': return [r.type, r.state, r.address, r.error ? `error ${r.error}` : ''].filter(Boolean).join(' ')
    case 'address-change': return `address-change local [${(r.localAddresses || []).join(', ')}] remote [${(r.remoteAddresses || []).join(', ')}] primary ${r.remoteAddress ?? ''}`
    case 'connect': case 'connection': return `${r.ev} ${r.localAddress ?? ''}:${r.localPort ?? ''} → ${r.remoteAddress ?? ''}:${r.remotePort ?? ''}`
    case 'close': return `close${r.hadError ? ' (with error)' : ''}`
    case 'error': return `error ${r.code || ''} ${r.message || ''}${r.call ? ` (${r.call})` : ''}`
    case 'agent-error': return `agent-error ${r.message || ''}`
    case 'exit': return `exit ${r.status ?? ''}`
    case 'call': return `call ${r.method || ''} ${r.address || ''}`
    case 'listening': return `listening${r.address && r.address.port ? ` on port ${r.address.port}` : ''}`
    default: return String(r.ev)
  }
}

// Per agent, per peer address: the path state as bands, from each peer-info
// report until the next one (or the agent's close); the primary underlined.
function pathBands (a, agent) {
  const infos = a.reports.filter((r) => r.agent === agent && r.ev === 'peer-info' && r.paths && typeof r.paths === 'object')
  const addrs = []
  for (const r of infos) for (const addr of Object.keys(r.paths)) if (!addrs.includes(addr)) addrs.push(addr)
  let stop = a.duration
  if (infos.length) {
    const lastT = infos[infos.length - 1].t
    const done = a.reports.find((r) => r.agent === agent && r.t >= lastT && (r.ev === 'close' || r.ev === 'exit'))
    if (done) stop = done.t
  }
  const lanes = addrs.map((addr) => ({ addr, bands: [], primary: [] }))
  infos.forEach((r, i) => {
    const t1 = i + 1 < infos.length ? infos[i + 1].t : Math.max(stop, r.t)
    for (const lane of lanes) {
      if (!(lane.addr in r.paths)) continue
      const p = r.paths[lane.addr]
      const state = p && p.state ? String(p.state) : 'SCTP_UNKNOWN'
      const prev = lane.bands[lane.bands.length - 1]
      if (prev && prev.state === state && prev.t1 === r.t) prev.t1 = t1
      else lane.bands.push({ state, t0: r.t, t1, info: p })
      if (r.primary === lane.addr) {
        const pp = lane.primary[lane.primary.length - 1]
        if (pp && pp.t1 === r.t) pp.t1 = t1
        else lane.primary.push({ t0: r.t, t1 })
      }
    }
  })
  return lanes
}

function marker (shape, xx, y, color, title, cls = '') {
  const t = `<title>${esc(title)}</title>`
  const c = cls ? ` class="${cls}"` : ''
  switch (shape) {
    case 'diamond': return `<path${c} d="M${xx} ${y - 5}L${xx + 5} ${y}L${xx} ${y + 5}L${xx - 5} ${y}Z" fill="${color}">${t}</path>`
    case 'triangle': return `<path${c} d="M${xx} ${y - 5}L${xx + 5} ${y + 4}L${xx - 5} ${y + 4}Z" fill="${color}">${t}</path>`
    case 'tick': return `<line${c} x1="${xx}" y1="${y - 4}" x2="${xx}" y2="${y + 4}" stroke="${color}">${t}</line>`
    case 'cross': return `<path${c} d="M${xx - 4} ${y - 4}L${xx + 4} ${y + 4}M${xx + 4} ${y - 4}L${xx - 4} ${y + 4}" stroke="${color}" stroke-width="2.2">${t}</path>`
    default: return `<circle${c} cx="${xx}" cy="${y}" r="3.6" fill="${color}">${t}</circle>`
  }
}

function timelineChart (a) {
  const x = scale(a)
  const labels = stepLabels(a, x)
  let y = labels.height + 4
  const top = y
  let body = ''
  for (const agent of a.agentNames) {
    const info = a.agentInfo.get(agent)
    body += `<text class="agent" x="8" y="${y + 11}">${esc(agent)}</text>`
    body += `<text class="agent-sub" x="${8 + (agent.length + 1) * 7.4}" y="${y + 11}">${esc([info.role, info.host && `on ${info.host}`].filter(Boolean).join(' '))}</text>`
    body += `<line class="sep" x1="0" y1="${y + LANE + 1}" x2="${W}" y2="${y + LANE + 1}"/>`
    y += LANE + GAP
    const lanes = pathBands(a, agent)
    if (!lanes.length) {
      body += `<text class="lane-label muted" x="16" y="${y + 11}">no path reports</text>`
      y += LANE + GAP
    }
    for (const lane of lanes) {
      body += `<text class="lane-label" x="16" y="${y + 11}">→ ${esc(lane.addr)}</text>`
      body += `<rect class="lane-bg" x="${LEFT}" y="${y}" width="${W - LEFT - RIGHT}" height="${LANE - 4}"/>`
      for (const b of lane.bands) {
        const x0 = x(b.t0)
        const w = Math.max(px(x(b.t1) - x0), 0.8)
        const i = b.info || {}
        const title = `${lane.addr}: ${b.state} from ${fmtT(b.t0)} to ${fmtT(b.t1)}` + (b.info ? ` (cwnd ${i.cwnd}, srtt ${i.srtt} ms, rto ${i.rto} ms, mtu ${i.mtu})` : '')
        body += `<rect class="band" x="${x0}" y="${y}" width="${w}" height="${LANE - 4}" fill="${STATE_COLORS[b.state] || STATE_COLORS.SCTP_UNKNOWN}"><title>${esc(title)}</title></rect>`
      }
      for (const p of lane.primary) {
        body += `<rect class="primary" x="${x(p.t0)}" y="${y + LANE - 3}" width="${Math.max(px(x(p.t1) - x(p.t0)), 0.8)}" height="2.5"><title>${esc(`${lane.addr} is the primary path`)}</title></rect>`
      }
      y += LANE + GAP
    }
    // Events: notifications, address changes, the socket's life.
    body += `<text class="lane-label" x="16" y="${y + 11}">events</text>`
    const cy = y + 6
    for (const r of a.reports) {
      if (r.agent !== agent) continue
      const xx = x(r.t)
      const at = `${fmtT(r.t)} ${agent}: `
      if (r.ev === 'notification') {
        const s = notificationStyle(r)
        body += s.cls === 'minor' ? marker('tick', xx, cy, s.color, at + describe(r), 'minor') : marker('diamond', xx, cy, s.color, at + describe(r))
      } else if (r.ev === 'address-change') {
        body += marker('triangle', xx, cy, '#3366cc', at + describe(r))
      } else if (r.ev === 'error' || r.ev === 'agent-error' || (r.ev === 'close' && r.hadError)) {
        body += marker('cross', xx, cy, STATE_COLORS.SCTP_INACTIVE, at + describe(r))
      } else if (LIFECYCLE.has(r.ev) || r.ev === 'call') {
        body += marker('circle', xx, cy, '#444b55', at + describe(r))
      }
    }
    y += LANE + GAP + 4
  }
  // Expectations, where they were decided.
  body += `<text class="agent" x="8" y="${y + 11}">expectations</text>`
  for (const e of a.expects) {
    if (!isNum(e.t)) continue
    const title = `${fmtT(e.t)} ${e.ok ? 'ok' : 'NOT OK'} ${where(e)} ${e.text || ''}${e.ok ? '' : ` — observed: ${e.observed || ''}`}`
    body += e.ok ? marker('circle', x(e.t), y + 6, STATE_COLORS.SCTP_ACTIVE, title) : marker('cross', x(e.t), y + 6, STATE_COLORS.SCTP_INACTIVE, title)
  }
  y += LANE + GAP
  const bottom = y
  let over = ''
  for (const p of labels.placed) {
    const ly = 12 + p.row * 14
    over += `<line class="step" x1="${p.xx}" y1="${ly + 3}" x2="${p.xx}" y2="${bottom}"/>`
    over += `<text class="step-label" x="${p.xx + 3}" y="${ly}">${esc(p.text)}<title>${esc(`${fmtT(p.s.t)} line ${p.s.line}: ${p.s.text}`)}</title></text>`
  }
  for (const b of a.bails) {
    if (!isNum(b.t)) continue
    over += `<line class="bail" x1="${x(b.t)}" y1="${top}" x2="${x(b.t)}" y2="${bottom}"><title>${esc(`bail: ${b.message}`)}</title></line>`
  }
  const h = bottom + 22
  return svg(a, h, axis(a, x, top, bottom) + body + over, 'Path states, network changes, events and expectations over time')
}

function svg (a, h, inner, label) {
  return `<svg class="chart" viewBox="0 0 ${W} ${px(h)}" role="img" aria-label="${esc(label)}" data-left="${LEFT}" data-right="${W - RIGHT}" data-duration="${px(a.duration)}">${inner}</svg>`
}

// Messages delivered over time, one chart per receiver and sender, one
// cumulative line per stream (from the rx reports' perStream counts).
function deliveryChart (a) {
  const series = new Map()
  for (const r of a.reports) {
    if (r.ev !== 'rx' || !r.perStream || typeof r.perStream !== 'object') continue
    const key = `${r.agent}\u0000${r.from}`
    if (!series.has(key)) series.set(key, { agent: r.agent, from: a.nameByIndex.get(r.from) ?? `#${r.from}`, points: [] })
    series.get(key).points.push(r)
  }
  if (!series.size) return '<p class="muted">No data was delivered.</p>'
  const x = scale(a)
  let out = ''
  for (const s of series.values()) {
    const sids = [...new Set(s.points.flatMap((p) => Object.keys(p.perStream)))].sort((p, q) => Number(p) - Number(q))
    const max = Math.max(1, ...s.points.flatMap((p) => Object.values(p.perStream).filter(isNum)))
    const H = 120
    const top = 8
    const y = (v) => px(top + H - (v / max) * H)
    let inner = axis(a, x, top, top + H)
    inner += `<line class="sep" x1="${LEFT}" y1="${top + H}" x2="${W - RIGHT}" y2="${top + H}"/>`
    inner += `<text class="tick" x="${LEFT - 6}" y="${top + 4}" text-anchor="end">${esc(max)}</text><text class="tick" x="${LEFT - 6}" y="${top + H}" text-anchor="end">0</text>`
    for (const st of a.steps) {
      if (NETWORK_VERBS.has(st.verb)) inner += `<line class="step" x1="${x(st.t)}" y1="${top}" x2="${x(st.t)}" y2="${top + H}"><title>${esc(`${fmtT(st.t)} ${st.text}`)}</title></line>`
    }
    const last = s.points[s.points.length - 1]
    inner += `<text class="agent" x="8" y="${top + 14}">${esc(s.agent)} ← ${esc(s.from)}</text>`
    inner += `<text class="agent-sub" x="8" y="${top + 30}">${esc(`${last.count} messages, ${last.bytes} bytes`)}</text>`
    inner += `<text class="agent-sub" x="8" y="${top + 44}">${esc(`longest gap ${fmtMs(last.maxGap)}`)}</text>`
    sids.forEach((sid, i) => {
      const color = STREAM_COLORS[i % STREAM_COLORS.length]
      let d = ''
      let prev = 0
      for (const p of s.points) {
        const v = isNum(p.perStream[sid]) ? p.perStream[sid] : prev
        d += d ? `H${x(p.t)}V${y(v)}` : `M${x(p.t)} ${y(0)}V${y(v)}`
        prev = v
      }
      inner += `<path class="stream" d="${d}" stroke="${color}"><title>${esc(`stream ${sid}: ${prev} messages`)}</title></path>`
      inner += `<text class="legend" x="8" y="${top + 62 + i * 13}" fill="${color}">${esc(`stream ${sid}: ${prev}`)}</text>`
    })
    out += svg(a, top + H + 22, inner, `Messages ${s.agent} received from ${s.from}, per stream`)
  }
  return out
}

// ---------------------------------------------------------------- page

const STYLE = `
:root{--fg:#1f2328;--muted:#656d76;--line:#d0d7de;--bg:#fff;--soft:#f6f8fa;--ok:#1a7f37;--bad:#cf222e;--warn:#9a6700}
*{box-sizing:border-box}
body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--fg);background:var(--bg)}
main{max-width:1180px;margin:0 auto;padding:24px 20px 60px}
h1{font-size:22px;margin:0 0 4px}
h2{font-size:18px;margin:0;display:flex;gap:10px;align-items:center;flex-wrap:wrap}
h3{font-size:14px;margin:18px 0 6px;color:var(--muted);text-transform:uppercase;letter-spacing:.04em}
a{color:#0969da;text-decoration:none}a:hover{text-decoration:underline}
code,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,"Liberation Mono",monospace;font-size:12.5px}
.muted{color:var(--muted)}
table{border-collapse:collapse;width:100%}
th,td{text-align:left;padding:6px 8px;border-bottom:1px solid var(--line);vertical-align:top}
th{font-weight:600;background:var(--soft);font-size:12.5px}
td.num,th.num{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}
.badge{display:inline-block;padding:1px 8px;border-radius:10px;font-size:12px;font-weight:600;color:#fff;white-space:nowrap}
.badge.pass{background:var(--ok)}.badge.fail,.badge.bail{background:var(--bad)}.badge.incomplete{background:var(--warn)}
section.scenario{border:1px solid var(--line);border-radius:8px;padding:16px 18px;margin:26px 0}
section.scenario.failed{border-left:5px solid var(--bad)}
.facts{display:flex;flex-wrap:wrap;gap:6px 22px;margin:10px 0 0;padding:0}
.facts div{margin:0}.facts dt{font-size:12px;color:var(--muted)}.facts dd{margin:0;font-weight:600;font-variant-numeric:tabular-nums}
.failure{background:#ffebe9;border:1px solid #ffcecb;border-radius:6px;padding:8px 10px;margin:8px 0}
.failure .observed{display:block;margin-top:4px;font-weight:600;white-space:pre-wrap;word-break:break-word}
.warning{background:#fff8c5;border:1px solid #eedc82;border-radius:6px;padding:8px 10px;margin:8px 0}
tr.not-ok td{background:#fff5f5}
td.observed{color:var(--bad);font-weight:600;white-space:pre-wrap;word-break:break-word}
.ok{color:var(--ok);font-weight:600}.not-ok{color:var(--bad);font-weight:700}
.chart{width:100%;height:auto;display:block;margin:4px 0;overflow:visible}
.chart text{font:11px system-ui,sans-serif;fill:#1f2328}
.chart .tick{fill:#8c959f;font-size:10px}.chart .grid{stroke:#eef1f4}
.chart .sep{stroke:#d0d7de}.chart .agent{font-weight:700;font-size:12px}.chart .agent-sub{fill:#656d76}
.chart .lane-label{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:10.5px}
.chart .lane-bg{fill:#f6f8fa}.chart .primary{fill:#1f2328}
.chart .step{stroke:#57606a;stroke-dasharray:3 3}.chart .step-label{font-size:10.5px;fill:#57606a}
.chart .bail{stroke:#cf222e;stroke-width:2}
.chart .stream{fill:none;stroke-width:1.6}.chart .legend{font-size:10.5px;font-weight:600}
.chart .minor{stroke-width:1}
.legend-row{display:flex;flex-wrap:wrap;gap:4px 16px;font-size:12px;color:var(--muted);margin:6px 0}
.legend-row i{display:inline-block;width:12px;height:10px;border-radius:2px;margin-right:5px;vertical-align:-1px}
details{margin:10px 0}summary{cursor:pointer;color:var(--muted)}
#cursor{position:fixed;pointer-events:none;background:#1f2328;color:#fff;font:11px ui-monospace,monospace;padding:2px 6px;border-radius:4px;display:none;z-index:5}
footer{margin-top:30px;color:var(--muted);font-size:12px}
`

// Shows the time under the pointer on the charts, and marks the page as
// rendered (data-report-ready) or not (data-report-error) for the checker.
const SCRIPT = `(function () {
  var root = document.documentElement
  var errors = []
  window.addEventListener('error', function (e) { errors.push(String(e.message)); root.setAttribute('data-report-error', errors.join('; ')) })
  try {
    var tip = document.getElementById('cursor')
    var charts = document.querySelectorAll('svg.chart')
    Array.prototype.forEach.call(charts, function (svg) {
      var left = Number(svg.getAttribute('data-left'))
      var right = Number(svg.getAttribute('data-right'))
      var dur = Number(svg.getAttribute('data-duration'))
      var width = Number(svg.viewBox.baseVal.width)
      svg.addEventListener('mousemove', function (ev) {
        var box = svg.getBoundingClientRect()
        var vx = (ev.clientX - box.left) * width / box.width
        if (vx < left || vx > right) { tip.style.display = 'none'; return }
        tip.textContent = ((vx - left) / (right - left) * dur / 1000).toFixed(3) + ' s'
        tip.style.left = (ev.clientX + 12) + 'px'
        tip.style.top = (ev.clientY + 12) + 'px'
        tip.style.display = 'block'
      })
      svg.addEventListener('mouseleave', function () { tip.style.display = 'none' })
    })
    var sections = document.querySelectorAll('section.scenario')
    if (!errors.length) root.setAttribute('data-report-ready', String(sections.length))
  } catch (err) {
    root.setAttribute('data-report-error', String(err && err.message || err))
  }
})()`

function summaryRow (s, id) {
  const t = s.timings
  const fails = s.failures.map((e) => `<div class="failure"><code>${esc(where(e))}</code> ${esc(e.text)}<span class="observed">observed: ${esc(e.observed || '(nothing)')}</span></div>`).join('')
  const bails = s.bail.map((m) => `<div class="failure">bail: <span class="observed">${esc(m)}</span></div>`).join('')
  const cut = s.status === 'incomplete' ? `<div class="warning">the run did not finish (no end record${s.truncated ? '; the last line was cut short' : ''})</div>` : ''
  return `<tr data-scenario="${esc(s.name)}">` +
    `<td><a href="#${esc(id)}">${esc(s.name)}</a><div class="muted mono">${esc(s.script)}</div></td>` +
    `<td><span class="badge ${esc(s.status)}">${esc(s.status === 'bail' ? 'bailed' : s.status)}</span></td>` +
    `<td class="num">${esc(s.passed)} / ${esc(s.expectations)}${s.failed ? ` <span class="not-ok">(${esc(s.failed)} failed)</span>` : ''}</td>` +
    `<td class="num">${esc(fmtMs(t.durationMs))}</td>` +
    `<td class="num">${esc(fmtMs(t.connectMs))}</td>` +
    `<td class="num">${esc(fmtMs(t.failureDetectionMs))}</td>` +
    `<td class="num">${esc(fmtMs(t.recoveryMs))}</td>` +
    `<td class="num">${esc(fmtMs(t.failoverGapMs))}</td>` +
    `<td>${fails}${bails}${cut}</td></tr>`
}

function expectationTable (a) {
  if (!a.expects.length) return '<p class="muted">No expectation was decided.</p>'
  const rows = a.expects.map((e) => `<tr class="${e.ok ? 'ok-row' : 'not-ok'}" data-line="${esc(e.line)}">` +
    `<td class="${e.ok ? 'ok' : 'not-ok'}">${e.ok ? 'ok' : 'not ok'}</td>` +
    `<td class="mono">${esc(where(e))}</td><td class="mono">${esc(e.text)}</td>` +
    `<td class="num">${e.ok && isNum(e.elapsed) && e.elapsed >= 0 ? esc(fmtMs(e.elapsed)) : '—'}</td>` +
    `<td class="observed">${e.ok ? '' : esc(e.observed || '(nothing)')}</td></tr>`).join('')
  return `<table class="expectations"><thead><tr><th></th><th>file:line</th><th>expectation</th><th class="num">elapsed</th><th>observed instead</th></tr></thead><tbody>${rows}</tbody></table>`
}

function stepTable (a) {
  const rows = a.steps.map((s) => `<tr><td class="num">${esc(fmtT(s.t))}</td><td class="num">${esc(s.line)}</td><td class="mono">${esc(s.text)}</td></tr>`).join('')
  return `<details><summary>Steps (${a.steps.length})</summary><table><thead><tr><th class="num">t</th><th class="num">line</th><th>step</th></tr></thead><tbody>${rows}</tbody></table></details>`
}

function eventTable (a) {
  let minor = 0
  const rows = []
  const row = (t, agent, text, cls = '') => rows.push([t, `<tr class="${cls}"><td class="num">${esc(fmtT(t))}</td><td>${esc(agent)}</td><td class="mono">${esc(text)}</td></tr>`])
  for (const r of a.reports) {
    if (r.ev === 'notification' && notificationStyle(r).cls === 'minor') minor++
    else if (r.ev !== 'rx' && r.ev !== 'tx' && r.ev !== 'peer-info') row(r.t, r.agent, describe(r), r.ev === 'error' || r.ev === 'agent-error' ? 'not-ok' : '')
  }
  for (const x of a.transitions) row(x.t, x.agent, `path ${x.address}: ${x.from || '(new)'} → ${x.to}`)
  rows.sort((p, q) => p[0] - q[0]) // stable: reports before path changes at the same t
  const more = minor ? `, and ${minor} sender-dry/authentication notifications` : ''
  return `<details><summary>Events and path changes (${rows.length}${more})</summary><table><thead><tr><th class="num">t</th><th>agent</th><th>event</th></tr></thead><tbody>${rows.map((r) => r[1]).join('')}</tbody></table></details>`
}

function section (run, s, id) {
  const a = analyse(run.records)
  const t = s.timings
  const failed = s.status !== 'pass'
  const fact = (dt, dd) => `<div><dt>${esc(dt)}</dt><dd>${esc(dd)}</dd></div>`
  const paths = (a.run.paths || []).map((p) => `${p.name} (${(p.hosts || []).join('–')})`).join(', ')
  let html = `<section class="scenario${failed ? ' failed' : ''}" id="${esc(id)}" data-scenario="${esc(s.name)}" data-status="${esc(s.status)}">`
  html += `<h2><span class="mono">${esc(s.script)}</span> <span class="badge ${esc(s.status)}">${esc(s.status === 'bail' ? 'bailed' : s.status)}</span></h2>`
  html += `<p class="muted">${esc(`hosts ${(a.run.hosts || []).join(', ') || '—'}; paths ${paths || '—'}`)}${run.file ? ` · <span class="mono">${esc(run.file)}</span>` : ''}</p>`
  for (const e of s.failures) {
    html += `<div class="failure"><strong>not ok</strong> <code>${esc(where(e))}</code> ${esc(e.text)}<span class="observed">observed: ${esc(e.observed || '(nothing)')}</span></div>`
  }
  for (const b of a.bails) html += `<div class="failure"><strong>bail</strong><span class="observed">${esc(b.message)}</span></div>`
  if (s.status === 'incomplete') html += `<div class="warning">The run did not finish: no end record${run.truncated ? ', and the last line was cut short' : ''}.</div>`
  if (run.skipped && run.skipped.length) html += `<div class="warning">${esc(`${run.skipped.length} line(s) were not JSON and were skipped (first: line ${run.skipped[0].line}: ${run.skipped[0].message})`)}</div>`
  html += '<dl class="facts">' +
    fact('expectations', `${s.passed} / ${s.expectations} passed`) +
    fact('duration', fmtMs(t.durationMs)) +
    fact('connect', fmtMs(t.connectMs)) +
    fact('failure detection', fmtMs(t.failureDetectionMs)) +
    fact('PF detection', fmtMs(t.pfDetectionMs)) +
    fact('recovery', fmtMs(t.recoveryMs)) +
    fact('longest delivery gap', t.failoverGap ? `${fmtMs(t.failoverGapMs)} (${t.failoverGap.agent} ← ${t.failoverGap.from})` : '—') +
    '</dl>'
  for (const d of t.linkDowns) {
    html += `<p class="muted">${esc(`line ${d.line} "${d.text}" at ${fmtT(d.t)}: `)}${d.ms === null ? 'no failure detected before the path came back' : esc(`detected after ${fmtMs(d.ms)} by ${d.agent} (${d.by}${d.address ? ` ${d.address}` : ''})`)}</p>`
  }
  html += '<h3>Timeline</h3>'
  html += '<div class="legend-row">' + Object.entries(STATE_COLORS).map(([k, c]) => `<span><i style="background:${c}"></i>${esc(k)}</span>`).join('') +
    '<span><i style="background:#1f2328;height:3px"></i>primary</span><span>◆ notification</span><span>▲ address-change</span><span>● socket event / expectation ok</span><span>✕ error / expectation failed</span><span>┆ network change</span></div>'
  html += timelineChart(a)
  html += '<h3>Messages delivered per stream</h3>'
  html += deliveryChart(a)
  html += '<h3>Expectations</h3>'
  html += expectationTable(a)
  html += stepTable(a)
  html += eventTable(a)
  html += '</section>'
  return html
}

function normalizeRuns (runs) {
  if (!Array.isArray(runs)) throw new TypeError('render(runs): runs must be an array')
  return runs.map((r) => {
    if (Array.isArray(r)) return { records: r, truncated: false, skipped: [] }
    if (r && Array.isArray(r.records)) return { truncated: false, skipped: [], ...r }
    throw new TypeError('render(runs): each run is an array of records or {records, file?, name?, truncated?}')
  })
}

// runs: [{records, file?, name?, truncated?, skipped?}] (parseTimeline()'s
// result plus where it came from) or plain arrays of records.
function render (runs, opts = {}) {
  const list = normalizeRuns(runs)
  const ids = new Set()
  const items = list.map((run) => {
    const s = summarize(run.records, run)
    let id = `scn-${slug(s.name)}`
    for (let n = 2; ids.has(id); n++) id = `scn-${slug(s.name)}-${n}`
    ids.add(id)
    return { run, s, id }
  })
  const failed = items.filter((i) => i.s.status !== 'pass').length
  const hash = crypto.createHash('sha256').update(SCRIPT).digest('base64')
  const title = opts.title || 'Scenario report'
  const csp = `default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'sha256-${hash}'`
  let html = '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">' +
    `<meta http-equiv="Content-Security-Policy" content="${esc(csp)}">` +
    '<meta name="viewport" content="width=device-width, initial-scale=1">' +
    `<title>${esc(title)}</title><style>${STYLE}</style></head><body><main>`
  html += `<h1>${esc(title)}</h1>`
  html += `<p class="muted">${esc(`${items.length} scenario${items.length === 1 ? '' : 's'}: ${items.length - failed} passed, ${failed} failed`)}${opts.generated ? esc(` · generated ${opts.generated}`) : ''}</p>`
  html += '<table class="summary"><thead><tr><th>scenario</th><th>result</th><th class="num">expectations</th><th class="num">duration</th>' +
    '<th class="num" title="the connecting agent\'s start to its connect event">connect</th>' +
    '<th class="num" title="first link down to the first SCTP_ADDR_UNREACHABLE or path SCTP_INACTIVE">failure detection</th>' +
    '<th class="num" title="first link up to the first SCTP_ADDR_AVAILABLE or path back to SCTP_ACTIVE">recovery</th>' +
    '<th class="num" title="largest time a receiver went without a message (rx maxGap)">longest delivery gap</th>' +
    '<th>failed expectations (file:line, observed)</th></tr></thead><tbody>'
  html += items.map((i) => summaryRow(i.s, i.id)).join('')
  html += '</tbody></table>'
  html += items.map((i) => section(i.run, i.s, i.id)).join('')
  html += '<footer>Times are from the start of each run. Hover a band or marker for details.</footer>'
  html += `</main><div id="cursor"></div><script>${SCRIPT}</script></body></html>\n`
  return html
}

// ---------------------------------------------------------------- CLI

function main (argv) {
  let out = null
  let title
  const files = []
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--out' || argv[i] === '-o') out = argv[++i]
    else if (argv[i] === '--title') title = argv[++i]
    else if (argv[i] === '--help' || argv[i] === '-h') {
      process.stdout.write('usage: node testbed/report/report.js [--out FILE.html] [--title TEXT] TIMELINE.jsonl...\n')
      return 0
    } else files.push(argv[i])
  }
  if (!files.length || (out !== null && !out)) {
    process.stderr.write('usage: node testbed/report/report.js [--out FILE.html] [--title TEXT] TIMELINE.jsonl...\n')
    return 2
  }
  const runs = []
  for (const file of files) {
    let text
    try {
      text = fs.readFileSync(file, 'utf8')
    } catch (err) {
      process.stderr.write(`report: ${file}: ${err.message}\n`)
      return 1
    }
    const parsed = parseTimeline(text)
    if (!parsed.records.length) {
      process.stderr.write(`report: ${file}: no timeline records\n`)
      return 1
    }
    runs.push({ ...parsed, file })
  }
  const html = render(runs, { title, generated: new Date().toISOString() })
  if (out) {
    fs.writeFileSync(out, html)
    const failed = runs.filter((r) => summarize(r.records).status !== 'pass').length
    process.stderr.write(`report: ${out}: ${runs.length} scenario(s), ${failed} not passed\n`)
  } else {
    process.stdout.write(html)
  }
  return 0
}

if (require.main === module) process.exitCode = main(process.argv.slice(2))

module.exports = { parseTimeline, keyTimings, summarize, render, escapeHtml: esc, formatMs: fmtMs }
