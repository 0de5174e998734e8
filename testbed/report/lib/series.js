'use strict'

// Series drawn on the page: messages delivered per stream (the built-in
// agent's rx reports, a program's traffic reports) and the traffic on each
// path (path-stats records).

const { isNum, idRanges } = require('./format.js')

// Streams whose curves lie within this share of the chart's top value of
// each other (about one pixel at the chart's height) are drawn as one.
const COINCIDE_SHARE = 0.01

// rx reports of one receiver from one sender, in time order -> per stream,
// its cumulative count at each report (a report without the stream keeps
// the stream's last count).
function streamCurves (points) {
  const sids = [...new Set(points.flatMap((p) => Object.keys(p.perStream || {})))]
    .sort((p, q) => Number(p) - Number(q) || (p < q ? -1 : p > q ? 1 : 0))
  const curves = new Map()
  for (const sid of sids) {
    let prev = 0
    curves.set(sid, points.map((p) => {
      const v = p.perStream && isNum(p.perStream[sid]) ? p.perStream[sid] : prev
      prev = v
      return v
    }))
  }
  return { sids, curves }
}

const coincide = (a, b, tol) => a.length === b.length && a.every((v, i) => Math.abs(v - b[i]) <= tol)

// One line per distinct curve: a stream joins the first group each of whose
// members' curves stay within `tolerance` messages of its own at every
// report (by default the larger of 1 message and COINCIDE_SHARE of the
// largest count). -> {max, tolerance, groups: [{ids, label, values, finals}]}
// where values is the first member's curve and finals each member's last
// count.
function mergeStreams (points, tolerance = null) {
  const { sids, curves } = streamCurves(points)
  let max = 1
  for (const v of curves.values()) for (const x of v) if (x > max) max = x
  const tol = isNum(tolerance) ? tolerance : Math.max(1, COINCIDE_SHARE * max)
  const groups = []
  for (const sid of sids) {
    const v = curves.get(sid)
    const g = groups.find((g) => g.ids.every((id) => coincide(curves.get(id), v, tol)))
    if (g) g.ids.push(sid)
    else groups.push({ ids: [sid], values: v })
  }
  for (const g of groups) {
    g.label = g.ids.length > 1 ? `streams ${idRanges(g.ids)}` : `stream ${g.ids[0]}`
    g.finals = g.ids.map((id) => { const c = curves.get(id); return c.length ? c[c.length - 1] : 0 })
  }
  return { max, tolerance: tol, groups }
}

// A program's traffic reports ({"ev":"traffic", "assoc": N, "rx":
// {"SID/PPID": {count, bytes}}, "tx": {...}}: cumulative per association,
// written at most every 100 ms when a count changed) -> per agent, its
// messages received so far summed over its associations and, per stream,
// over the PPIDs: Map agent -> {agent, assocs: [N...], points: [{t,
// perStream: {sid: count}, count, bytes, byAssoc: {N: count}}]}, points in
// the reports' order (give them in time order). Agents that received
// nothing are left out. dir: 'rx' (received) or 'tx' (sent).
function trafficPoints (reports, dir = 'rx') {
  const agents = new Map()
  for (const r of reports) {
    if (r.ev !== 'traffic' || !isNum(r.t) || !r[dir] || typeof r[dir] !== 'object') continue
    let s = agents.get(r.agent)
    if (!s) {
      s = { agent: r.agent, assocs: [], latest: new Map(), points: [] }
      agents.set(r.agent, s)
    }
    const assoc = r.assoc ?? null
    if (!s.assocs.includes(assoc)) s.assocs.push(assoc)
    const perStream = {}
    let count = 0
    let bytes = 0
    for (const [key, v] of Object.entries(r[dir])) {
      if (!v || !isNum(v.count)) continue
      const sid = String(key).split('/')[0]
      perStream[sid] = (perStream[sid] || 0) + v.count
      count += v.count
      bytes += isNum(v.bytes) ? v.bytes : 0
    }
    s.latest.set(assoc, { perStream, count, bytes })
    const total = { t: r.t, perStream: {}, count: 0, bytes: 0, byAssoc: {} }
    for (const [n, l] of s.latest) {
      for (const [sid, c] of Object.entries(l.perStream)) total.perStream[sid] = (total.perStream[sid] || 0) + c
      total.count += l.count
      total.bytes += l.bytes
      total.byAssoc[n] = l.count
    }
    s.points.push(total)
  }
  const out = new Map()
  for (const [agent, { latest, ...s }] of agents) if (s.points.some((p) => p.count > 0)) out.set(agent, s)
  return out
}

// The runner's sampling period: the lower quartile of the gaps between a
// path's consecutive records (100 ms when there are too few to tell),
// within 20 ms .. 1 s.
function samplingInterval (records) {
  const lastT = new Map()
  const gaps = []
  for (const r of records) {
    if (r.kind !== 'path-stats' || !isNum(r.t)) continue
    if (lastT.has(r.path) && r.t > lastT.get(r.path)) gaps.push(r.t - lastT.get(r.path))
    lastT.set(r.path, r.t)
  }
  if (gaps.length < 4) return 100
  gaps.sort((a, b) => a - b)
  return Math.min(1000, Math.max(20, gaps[Math.floor(gaps.length / 4)]))
}

// Traffic per path and direction from path-stats records: cumulative
// packets and bytes the sending host's end of the path's veth sent since
// the path was built, written at most every ~100 ms and only when a count
// changed. A lane's first record is its baseline. Between two consecutive
// records the count grew by d; the runner would have written a record at
// its previous look had anything been sent then, so the d packets left in
// the last sampling interval before the later record: the rate is d / w
// over [later - w, later], w = min(gap, interval); zero elsewhere. A count
// that went down (the path was rebuilt) starts a new baseline.
// -> {interval, lanes: [{path, dir, from, to, segments: [{t0, t1, packets,
//    bytes, pps, bps}], packets, bytes, peakPps, peakBps}]}, lanes in path
// then direction order.
function pathRates (records, interval = null) {
  const list = records.filter((r) => r.kind === 'path-stats' && isNum(r.t) && typeof r.path === 'string' && r.dirs && typeof r.dirs === 'object')
    .map((r, i) => [r, i]).sort((a, b) => a[0].t - b[0].t || a[1] - b[1]).map((p) => p[0])
  const w0 = isNum(interval) && interval > 0 ? interval : samplingInterval(list)
  const lanes = new Map()
  for (const r of list) {
    for (const [dir, c] of Object.entries(r.dirs)) {
      if (!c || !isNum(c.packets) || !isNum(c.bytes)) continue
      const key = `${r.path}\u0000${dir}`
      let lane = lanes.get(key)
      if (!lane) {
        const [from, to] = dir.split('->')
        lane = { path: r.path, dir, from: from || dir, to: to || '', segments: [], packets: 0, bytes: 0, peakPps: 0, peakBps: 0, last: null }
        lanes.set(key, lane)
      }
      const prev = lane.last
      lane.last = { t: r.t, packets: c.packets, bytes: c.bytes }
      if (!prev || c.packets < prev.packets || c.bytes < prev.bytes) continue
      const dp = c.packets - prev.packets
      const db = c.bytes - prev.bytes
      if ((dp === 0 && db === 0) || !(r.t > prev.t)) continue
      const w = Math.min(r.t - prev.t, w0)
      const seg = { t0: r.t - w, t1: r.t, packets: dp, bytes: db, pps: dp / (w / 1000), bps: db / (w / 1000) }
      lane.segments.push(seg)
      lane.packets += dp
      lane.bytes += db
      lane.peakPps = Math.max(lane.peakPps, seg.pps)
      lane.peakBps = Math.max(lane.peakBps, seg.bps)
    }
  }
  const out = [...lanes.values()].map(({ last, ...lane }) => lane)
  out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0) || (a.dir < b.dir ? -1 : a.dir > b.dir ? 1 : 0))
  return { interval: w0, lanes: out }
}

module.exports = { trafficPoints, streamCurves, mergeStreams, pathRates, samplingInterval, COINCIDE_SHARE }
