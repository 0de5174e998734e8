'use strict'

// Key timings and the one-line summary of a run.

const path = require('node:path')
const { isNum, round } = require('./format.js')
const { analyse } = require('./parse.js')

const isPeerChange = (r, state) => r.ev === 'notification' && r.type === 'SCTP_PEER_ADDR_CHANGE' && r.state === state
const stepIs = (s, re) => s.verb === 'link' && re.test(String(s.text || ''))

// The first sign, in [from, until), of a path entering one of `states` (a
// peer-info transition) or of a notification with `notice` state; in any
// agent, or in `agent`'s reports only.
function firstSign (a, from, until, states, notice, agent = null) {
  let best = null
  for (const r of a.reports) {
    if (r.t < from || r.t >= until || (agent !== null && r.agent !== agent)) continue
    if (isPeerChange(r, notice)) {
      best = { t: r.t, agent: r.agent, address: r.address || null, by: `${notice} notification` }
      break
    }
  }
  for (const x of a.transitions) {
    if (x.t < from || x.t >= until || !states.includes(x.to) || (agent !== null && x.agent !== agent)) continue
    if (x.from === null && x.to !== 'SCTP_INACTIVE') continue // first report, not a change
    if (!best || x.t < best.t) best = { t: x.t, agent: x.agent, address: x.address, by: `peer-info ${x.to}` }
    break
  }
  return best
}

// The first sign of a path coming back, in [from, until).
function firstRecovery (a, from, until, agent = null) {
  let sign = null
  for (const r of a.reports) {
    if (r.t >= from && r.t < until && (agent === null || r.agent === agent) && isPeerChange(r, 'SCTP_ADDR_AVAILABLE')) {
      sign = { t: r.t, agent: r.agent, address: r.address || null, by: 'SCTP_ADDR_AVAILABLE notification' }
      break
    }
  }
  const x = a.transitions.find((x) => x.t >= from && x.t < until && (agent === null || x.agent === agent) &&
    x.to === 'SCTP_ACTIVE' && (x.from === 'SCTP_INACTIVE' || x.from === 'SCTP_PF'))
  if (x && (!sign || x.t < sign.t)) sign = { t: x.t, agent: x.agent, address: x.address, by: 'peer-info SCTP_ACTIVE' }
  return sign
}

// The agents that speak for an association's paths: those with a peer-info
// report or a peer address notification.
function pathAgents (a) {
  return a.agentNames.filter((n) => a.reports.some((r) => r.agent === n &&
    (r.ev === 'peer-info' || (r.ev === 'notification' && r.type === 'SCTP_PEER_ADDR_CHANGE'))))
}

// Of those, the ones whose association can see a change at t: started
// before `until`, not exited before t, and not closed before t (unless a
// program's association came up after its last close).
function aliveAt (a, agents, t, until) {
  return agents.filter((n) => {
    const own = a.reports.filter((r) => r.agent === n)
    if (!own.length || own[0].t >= until || own.some((r) => r.t < t && r.ev === 'exit')) return false
    const closes = own.filter((r) => r.t < t && r.ev === 'close')
    if (!closes.length) return true
    const lastClose = closes[closes.length - 1].t
    return own.some((r) => r.t > lastClose && r.t < t && typeof r.assoc === 'number' && (r.ev === 'connect' || r.ev === 'connection'))
  })
}

const sinceStep = (sign, s) => sign ? { ms: round(sign.t - s.t), by: sign.by, address: sign.address } : null
const msOnly = (byAgent) => byAgent ? Object.fromEntries(Object.entries(byAgent).map(([k, v]) => [k, v ? v.ms : null])) : null

// Key timings of one run, all in ms (null when the run has no such thing):
//   durationMs          run start to its end record (or last record)
//   connectMs           the connecting agent's `agent` step to its connect report
//   failureDetectionMs  first `link down` step to the first
//                       SCTP_ADDR_UNREACHABLE notification or peer-info path
//                       turning SCTP_INACTIVE, in any agent
//   failureDetectionByAgent  the same for each agent that reports on paths
//                       and whose association was up then (not closed,
//                       not exited): {cli: ms, srv: ms}, null when that
//                       agent saw nothing before the link came back or the
//                       run ended
//   pfDetectionMs       the same to the first SCTP_PF / SCTP_ADDR_POTENTIALLY_FAILED
//   pfDetectionByAgent  per agent
//   recoveryMs          first `link up` after a link down to the first
//                       SCTP_ADDR_AVAILABLE notification or path turning
//                       SCTP_ACTIVE from SCTP_INACTIVE/SCTP_PF
//   recoveryByAgent     per agent
//   failoverGapMs       the largest rx maxGap: the longest time a receiver
//                       went without a message (after a path failure: the
//                       failover time); failoverGap says {agent, from}
//   linkDowns, linkUps  each such step: {line, text, t, ms, agent, address,
//                       by, byAgent: {agent: {ms, by, address} | null}}
//                       (linkDowns also pfMs, pfByAgent)
//   expectations        [{file, line, text, agent, ok, elapsedMs, waitedMs,
//                         holdMs, afterMs, observed}]
function keyTimings (input) {
  const a = analyse(input)
  const agents = pathAgents(a)
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
      const byAgent = {}
      const pfByAgent = {}
      for (const n of aliveAt(a, agents, s.t, until)) {
        byAgent[n] = sinceStep(firstSign(a, s.t, until, ['SCTP_INACTIVE'], 'SCTP_ADDR_UNREACHABLE', n), s)
        pfByAgent[n] = sinceStep(firstSign(a, s.t, until, ['SCTP_PF', 'SCTP_INACTIVE'], 'SCTP_ADDR_POTENTIALLY_FAILED', n), s)
      }
      linkDowns.push({ ...base, ms: sign ? round(sign.t - s.t) : null, agent: sign && sign.agent, address: sign && sign.address, by: sign && sign.by, pfMs: pf ? round(pf.t - s.t) : null, byAgent, pfByAgent })
    } else {
      const sign = firstRecovery(a, s.t, until)
      const byAgent = {}
      for (const n of aliveAt(a, agents, s.t, until)) byAgent[n] = sinceStep(firstRecovery(a, s.t, until, n), s)
      linkUps.push({ ...base, ms: sign ? round(sign.t - s.t) : null, agent: sign && sign.agent, address: sign && sign.address, by: sign && sign.by, byAgent })
    }
  }

  // The built-in connecting agent; else the program that connected first.
  let connectMs = null
  const firstConnect = a.reports.find((r) => r.ev === 'connect' && a.agentInfo.has(r.agent) && a.agentInfo.get(r.agent).role === 'exec')
  const connector = a.agentNames.find((n) => a.agentInfo.get(n).role === 'connect') || (firstConnect && firstConnect.agent)
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
  const nonNeg = (v) => isNum(v) && v >= 0 ? round(v) : null
  return {
    durationMs: round(a.duration),
    connectMs,
    failureDetectionMs: linkDowns.length ? linkDowns[0].ms : null,
    failureDetectionByAgent: linkDowns.length ? msOnly(linkDowns[0].byAgent) : null,
    pfDetectionMs: linkDowns.length ? linkDowns[0].pfMs : null,
    pfDetectionByAgent: linkDowns.length ? msOnly(linkDowns[0].pfByAgent) : null,
    recoveryMs: firstUp ? firstUp.ms : null,
    recoveryByAgent: firstUp ? msOnly(firstUp.byAgent) : null,
    failoverGapMs: gap ? round(gap.ms) : null,
    failoverGap: gap ? { agent: gap.agent, from: gap.from } : null,
    linkDowns,
    linkUps,
    expectations: a.expects.map((e) => ({
      file: e.file,
      line: e.line,
      text: e.text,
      agent: e.agent,
      ok: !!e.ok,
      elapsedMs: nonNeg(e.elapsed),
      waitedMs: nonNeg(e.waited),
      holdMs: nonNeg(e.hold),
      afterMs: nonNeg(e.after),
      observed: e.observed || ''
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

module.exports = { keyTimings, summarize, firstSign, pathAgents }
