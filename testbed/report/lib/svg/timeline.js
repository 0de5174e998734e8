'use strict'

// The timeline of one run: per agent, the state of each path to the peer
// (from peer-info reports; the primary path's row tinted while it is the
// primary), the agent's events (notifications, address changes, the
// socket's life); the expectations where they were decided; the network
// changes as dashed lines labelled above.

const { esc, px, fmtT, where, isNum } = require('../format.js')
const { pathLabel } = require('../paths.js')
const { NETWORK_VERBS, LIFECYCLE, STATE_COLORS, PRIMARY_COLOR, notificationStyle, describe } = require('../events.js')
const { LEFT, timeScale, axis, axisBelow } = require('./scale.js')
const { placeStepLabels, rowBaseline } = require('./labels.js')
const { textWidth, fit } = require('./text.js')
const { svg, marker } = require('./chart.js')
const { isProgram, programName } = require('../programs.js')

const ROW = 24 // one path, events or expectations row
const HEAD = 22 // an agent's name
const BAND_Y = 7 // the state band within its row
const BAND_H = 10
const LABEL_X = 16
const LABEL_SIZE = 10.5

// Per agent, per peer address: the path state as bands, from each peer-info
// report until the next one (or, before that, the close of its association
// or the agent's exit; a program's reports name their association, and a
// close of another one does not end the band), and the intervals in which
// the address was the primary.
function pathBands (a, agent) {
  const own = a.reports.filter((r) => r.agent === agent)
  const infos = own.filter((r) => r.ev === 'peer-info' && r.paths && typeof r.paths === 'object')
  const addrs = []
  for (const r of infos) for (const addr of Object.keys(r.paths)) if (!addrs.includes(addr)) addrs.push(addr)
  const ends = own.filter((r) => r.ev === 'exit' || r.ev === 'close')
  const endOf = (r, until) => {
    const done = ends.find((e) => e.t >= r.t && e.t < until && (e.ev === 'exit' || r.assoc === undefined || e.assoc === r.assoc))
    return done ? done.t : null
  }
  const lanes = addrs.map((addr) => ({ addr, label: pathLabel(a.book, addr, null), path: (a.book.lookup(addr) || {}).path || null, bands: [], primary: [] }))
  infos.forEach((r, i) => {
    const next = i + 1 < infos.length ? infos[i + 1].t : Infinity
    const t1 = endOf(r, next) ?? (next === Infinity ? Math.max(a.duration, r.t) : next)
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
  // Named paths first, in name order; then bare addresses as they came.
  const named = lanes.filter((l) => l.path !== null).sort((p, q) => (p.path < q.path ? -1 : p.path > q.path ? 1 : 0) || (p.addr < q.addr ? -1 : 1))
  return [...named, ...lanes.filter((l) => l.path === null)]
}

// The agent's role and host after its name: "connect on client"; for a
// program, with its name: "exec client.js on client" when that fits every
// program's row of the chart, else "client.js on client" (the name cut
// with an ellipsis where it does not fit; "exec on client" for a program
// without argv); the whole argv as the title.
const SUB_SIZE = 11
const SUB_FORMS = [
  (info, prog, on) => prog && `exec ${prog} ${on}`.trim(),
  (info, prog, on) => prog && `${prog} ${on}`.trim(),
  (info, prog, on) => [info.role, on].filter(Boolean).join(' ')
]
function agentSub (info, width, form = 0) {
  const on = info.host ? `on ${info.host}` : ''
  const plain = [info.role, on].filter(Boolean).join(' ')
  if (!isProgram(info)) return { text: plain ? fit(plain, width, SUB_SIZE) : '', title: '' }
  const prog = programName(info.argv)
  let text = SUB_FORMS[form](info, prog, on) || plain
  // The short form cuts the program's name, not its host.
  if (form === 1 && prog && textWidth(text, SUB_SIZE) > width) text = `${fit(prog, Math.max(width - textWidth(` ${on}`, SUB_SIZE), 20), SUB_SIZE)} ${on}`.trim()
  return { text: fit(text, width, SUB_SIZE), title: Array.isArray(info.argv) ? info.argv.join(' ') : '' }
}
const subX = (agent) => px(8 + textWidth(fit(agent, 90, 12, { bold: true }), 12, { bold: true }) + 8)
// The first form when it fits every program's row, else the second (a
// name too long for its row cut with an ellipsis).
function subForm (a) {
  const progs = a.agentNames.filter((n) => isProgram(a.agentInfo.get(n)))
  return progs.every((n) => {
    const info = a.agentInfo.get(n)
    const text = SUB_FORMS[0](info, programName(info.argv), info.host ? `on ${info.host}` : '')
    return text && textWidth(text, SUB_SIZE) <= LEFT - subX(n) - 6
  }) ? 0 : 1
}

// Slices of the time axis this wide (user units) hold one bar each.
const APP_BIN = 4
// Names a program reported at most this often are drawn one by one.
const APP_RARE = 3

// A program's app reports as bars: per slice of APP_BIN units, how many it
// made (the busiest slice full height, the others by the square root of
// their share of it, so that one report among bursts of ten still shows),
// each titled with its names and counts; and ◇ for each report of a rare
// name. '' when it made none.
function appRow (a, agent, sc, y) {
  const reps = a.reports.filter((r) => r.agent === agent && r.ev === 'app')
  if (!reps.length) return ''
  const x = sc.x
  const perName = new Map()
  for (const r of reps) perName.set(String(r.name ?? ''), (perName.get(String(r.name ?? '')) || 0) + 1)
  const rare = (r) => perName.get(String(r.name ?? '')) <= APP_RARE
  const bins = new Map()
  for (const r of reps) {
    if (rare(r)) continue
    const b = Math.floor((x(r.t) - sc.left) / APP_BIN)
    if (!bins.has(b)) bins.set(b, { t0: r.t, t1: r.t, names: new Map(), n: 0 })
    const bin = bins.get(b)
    bin.n++
    bin.t1 = r.t
    bin.names.set(String(r.name ?? ''), (bin.names.get(String(r.name ?? '')) || 0) + 1)
  }
  let most = 1
  for (const b of bins.values()) most = Math.max(most, b.n)
  const full = ROW - 6
  let out = ''
  for (const [b, bin] of bins) {
    const h = Math.max(1.5, Math.sqrt(bin.n / most) * full)
    const names = [...bin.names].map(([n, c]) => `${n} ${c}`).join(', ')
    const span = bin.t0 === bin.t1 ? fmtT(bin.t0) : `${fmtT(bin.t0)}–${fmtT(bin.t1)}`
    out += `<rect class="app-bar" x="${px(sc.left + b * APP_BIN + 0.4)}" y="${px(y + ROW - 3 - h)}" width="${APP_BIN - 0.8}" height="${px(h)}"><title>${esc(`${span} ${agent}: ${names}`)}</title></rect>`
  }
  for (const r of reps) if (rare(r)) out += marker('open-diamond', x(r.t), y + 12, '#6b4fa8', `${fmtT(r.t)} ${agent}: ${describe(r)}`)
  return out
}

function laneLabel (text, y, cls = 'lane-label') {
  return `<text class="${cls}" x="${LABEL_X}" y="${y + 16}">${esc(fit(text, LEFT - LABEL_X - 8, LABEL_SIZE, { mono: true }))}<title>${esc(text)}</title></text>`
}

// -> {svg, steps: the step labels' placement (numbered or not)}
function timelineChart (a) {
  const sc = timeScale(a)
  const x = sc.x
  const network = a.steps.filter((s) => NETWORK_VERBS.has(s.verb))
  const labels = placeStepLabels(network, x, sc.width)
  let y = labels.height + 4
  const top = y
  const form = subForm(a)
  let body = ''
  for (const agent of a.agentNames) {
    const info = a.agentInfo.get(agent)
    const name = fit(agent, 90, 12, { bold: true })
    body += `<text class="agent" x="8" y="${y + 15}">${esc(name)}</text>`
    const sx = subX(agent)
    const sub = agentSub(info, LEFT - sx - 6, form)
    if (sub.text) body += `<text class="agent-sub" x="${sx}" y="${y + 15}">${esc(sub.text)}${sub.title ? `<title>${esc(sub.title)}</title>` : ''}</text>`
    body += `<line class="sep" x1="0" y1="${y + HEAD - 1}" x2="${sc.width}" y2="${y + HEAD - 1}"/>`
    y += HEAD
    const lanes = pathBands(a, agent)
    if (!lanes.length) {
      body += laneLabel('no path reports', y, 'lane-label muted')
      y += ROW
    }
    for (const lane of lanes) {
      body += laneLabel(`→ ${lane.label}`, y)
      for (const p of lane.primary) {
        body += `<rect class="primary" x="${x(p.t0)}" y="${y + 1}" width="${Math.max(px(x(p.t1) - x(p.t0)), 0.8)}" height="${ROW - 2}" fill="${PRIMARY_COLOR}"><title>${esc(`${lane.label} is ${agent}'s primary path from ${fmtT(p.t0)} to ${fmtT(p.t1)}`)}</title></rect>`
      }
      body += `<rect class="lane-bg" x="${sc.split}" y="${y + BAND_Y}" width="${px(sc.right - sc.split)}" height="${BAND_H}"/>`
      for (const b of lane.bands) {
        const x0 = x(b.t0)
        const w = Math.max(px(x(b.t1) - x0), 0.8)
        const i = b.info || {}
        const title = `${lane.label}: ${b.state} from ${fmtT(b.t0)} to ${fmtT(b.t1)}` + (b.info ? ` (cwnd ${i.cwnd}, srtt ${i.srtt} ms, rto ${i.rto} ms, mtu ${i.mtu})` : '')
        body += `<rect class="band" x="${x0}" y="${y + BAND_Y}" width="${w}" height="${BAND_H}" fill="${STATE_COLORS[b.state] || STATE_COLORS.SCTP_UNKNOWN}"><title>${esc(title)}</title></rect>`
      }
      y += ROW
    }
    // Events: notifications, address changes, the socket's life.
    body += laneLabel('events', y)
    const cy = y + 12
    for (const r of a.reports) {
      if (r.agent !== agent) continue
      const xx = x(r.t)
      const at = `${fmtT(r.t)} ${agent}: `
      if (r.ev === 'notification') {
        const s = notificationStyle(r)
        body += s.cls === 'minor' ? marker('tick', xx, cy, s.color, at + describe(r), 'minor') : marker('diamond', xx, cy, s.color, at + describe(r))
      } else if (r.ev === 'address-change') {
        body += marker('triangle', xx, cy, '#3366cc', at + describe(r))
      } else if (r.ev === 'exit') {
        body += marker('square', xx, cy, r.status === 'exit 0' ? '#444b55' : STATE_COLORS.SCTP_INACTIVE, at + describe(r))
      } else if (r.ev === 'error' || r.ev === 'agent-error' || (r.ev === 'close' && r.hadError)) {
        body += marker('cross', xx, cy, STATE_COLORS.SCTP_INACTIVE, at + describe(r))
      } else if (LIFECYCLE.has(r.ev) || r.ev === 'call') {
        body += marker('circle', xx, cy, '#444b55', at + describe(r))
      }
    }
    y += ROW
    // A program's own reports, in a row of their own.
    const app = appRow(a, agent, sc, y)
    if (app) {
      body += laneLabel('app reports', y) + app
      y += ROW
    }
    y += 4
  }
  // Expectations, where they were decided.
  body += `<text class="agent" x="8" y="${y + 16}">expectations</text>`
  for (const e of a.expects) {
    if (!isNum(e.t)) continue
    const title = `${fmtT(e.t)} ${e.ok ? 'ok' : 'NOT OK'} ${where(e)} ${e.text || ''}${e.ok ? '' : ` — observed: ${e.observed || ''}`}`
    body += e.ok ? marker('circle', x(e.t), y + 12, STATE_COLORS.SCTP_ACTIVE, title) : marker('cross', x(e.t), y + 12, STATE_COLORS.SCTP_INACTIVE, title)
  }
  y += ROW
  const bottom = y
  let over = ''
  for (const p of labels.placed) {
    const ly = rowBaseline(p.row)
    const title = `<title>${esc(`${fmtT(p.s.t)} line ${p.s.line}: ${p.s.text}`)}</title>`
    over += `<line class="step" x1="${p.xx}" y1="${ly + 3}" x2="${p.xx}" y2="${bottom}"/>`
    over += `<text class="step-label${labels.numbered ? ' step-number' : ''}" x="${px(p.lx)}" y="${ly}"${p.anchor === 'end' ? ' text-anchor="end"' : ''}>${esc(p.text)}${title}</text>`
  }
  for (const b of a.bails) {
    if (!isNum(b.t)) continue
    over += `<line class="bail" x1="${x(b.t)}" y1="${top}" x2="${x(b.t)}" y2="${bottom}"><title>${esc(`bail: ${b.message}`)}</title></line>`
  }
  const h = bottom + axisBelow(sc) + 4
  return { svg: svg(sc, h, axis(sc, top, bottom) + body + over, 'Path states, network changes, events and expectations over time'), labels }
}

module.exports = { timelineChart, pathBands }
