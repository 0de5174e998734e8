'use strict'

// The timeline of one run: per agent, the state of each path to the peer
// (from peer-info reports; the primary path's row tinted while it is the
// primary), the agent's events (notifications, address changes, the
// socket's life); the expectations where they were decided; the network
// changes as dashed lines labelled above.

const { esc, px, fmtT, where, isNum } = require('../format.js')
const { pathLabel } = require('../paths.js')
const { NETWORK_VERBS, LIFECYCLE, STATE_COLORS, PRIMARY_COLOR, notificationStyle, describe } = require('../events.js')
const { W, LEFT, timeScale, axis, axisBelow } = require('./scale.js')
const { placeStepLabels, rowBaseline } = require('./labels.js')
const { textWidth, fit } = require('./text.js')
const { svg, marker } = require('./chart.js')

const ROW = 24 // one path, events or expectations row
const HEAD = 22 // an agent's name
const BAND_Y = 7 // the state band within its row
const BAND_H = 10
const LABEL_X = 16
const LABEL_SIZE = 10.5

// Per agent, per peer address: the path state as bands, from each peer-info
// report until the next one (or the agent's close), and the intervals in
// which the address was the primary.
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
  const lanes = addrs.map((addr) => ({ addr, label: pathLabel(a.book, addr, null), path: (a.book.lookup(addr) || {}).path || null, bands: [], primary: [] }))
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
  // Named paths first, in name order; then bare addresses as they came.
  const named = lanes.filter((l) => l.path !== null).sort((p, q) => (p.path < q.path ? -1 : p.path > q.path ? 1 : 0) || (p.addr < q.addr ? -1 : 1))
  return [...named, ...lanes.filter((l) => l.path === null)]
}

function laneLabel (text, y, cls = 'lane-label') {
  return `<text class="${cls}" x="${LABEL_X}" y="${y + 16}">${esc(fit(text, LEFT - LABEL_X - 8, LABEL_SIZE, { mono: true }))}<title>${esc(text)}</title></text>`
}

// -> {svg, steps: the step labels' placement (numbered or not)}
function timelineChart (a) {
  const sc = timeScale(a)
  const x = sc.x
  const network = a.steps.filter((s) => NETWORK_VERBS.has(s.verb))
  const labels = placeStepLabels(network, x)
  let y = labels.height + 4
  const top = y
  let body = ''
  for (const agent of a.agentNames) {
    const info = a.agentInfo.get(agent)
    const name = fit(agent, 90, 12, { bold: true })
    body += `<text class="agent" x="8" y="${y + 15}">${esc(name)}</text>`
    const sub = [info.role, info.host && `on ${info.host}`].filter(Boolean).join(' ')
    const subX = px(8 + textWidth(name, 12, { bold: true }) + 8)
    if (sub) body += `<text class="agent-sub" x="${subX}" y="${y + 15}">${esc(fit(sub, LEFT - subX - 6, 11))}</text>`
    body += `<line class="sep" x1="0" y1="${y + HEAD - 1}" x2="${W}" y2="${y + HEAD - 1}"/>`
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
      } else if (r.ev === 'error' || r.ev === 'agent-error' || (r.ev === 'close' && r.hadError)) {
        body += marker('cross', xx, cy, STATE_COLORS.SCTP_INACTIVE, at + describe(r))
      } else if (LIFECYCLE.has(r.ev) || r.ev === 'call') {
        body += marker('circle', xx, cy, '#444b55', at + describe(r))
      }
    }
    y += ROW + 4
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
