'use strict'

// The scenario report (testbed/report/report.js) from recorded timelines,
// and the page checked in headless Chromium (ci/report-check.js): loads,
// labels that neither overlap nor pass their charts' edges, a link to one
// scenario that shows it, a screenshot of each scenario in
// build/report-shots/. Runs on the host: no SCTP, no namespaces; needs the
// Debian package `chromium`.
//
//   fixtures/basic.jsonl     a real `tb run --timeline` of scenarios/basic.scn (passes)
//   fixtures/failover.jsonl  made from it by hand: link down a / link up a / addr del b,
//                            one failing expectation (failover.scn:31)
//   fixtures/failover-paths.jsonl  a real run of scenarios/failover.scn, with
//                            by hand: path addresses in its run record, waited on
//                            its expectations, path-stats records (traffic on a
//                            until `link down a`, then on b); see
//                            fixtures/make-failover-paths.js
//   fixtures/rr-primary-loss.jsonl, rr-peer-restart.jsonl  real runs of
//                            examples/rr/scenarios/*.scn: programs as agents
//                            (exec), their app, output and traffic reports
//   fixtures/make-exec-cases.js  the timeline of testbed/test/live/scn/exec.scn
//                            made by hand (a flood of output, cut lines, programs
//                            that cannot start, a kill, a bad report line)
// The Chromium check also renders every build/conformance/*.jsonl there is.

const t = require('../../../addon/node_modules/tap')
const { spawnSync } = require('node:child_process')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const report = require('../report.js')
const { analyse } = require('../lib/parse.js')
const { addressBook, parseAddrStep, pathLabel } = require('../lib/paths.js')
const { mergeStreams, pathRates, samplingInterval, trafficPoints } = require('../lib/series.js')
const programsLib = require('../lib/programs.js')
const { pathBands } = require('../lib/svg/timeline.js')
const { deliveryCharts, reportGap } = require('../lib/svg/delivery.js')
const { records: execCases } = require('./fixtures/make-exec-cases.js')
const { timeScale } = require('../lib/svg/scale.js')
const { placeStepLabels } = require('../lib/svg/labels.js')
const { stepArea } = require('../lib/svg/traffic.js')
const { textWidth } = require('../lib/svg/text.js')

const root = path.resolve(__dirname, '../../..')
const fixture = (name) => fs.readFileSync(path.join(__dirname, 'fixtures', name), 'utf8')
const basic = report.parseTimeline(fixture('basic.jsonl'))
const failover = report.parseTimeline(fixture('failover.jsonl'))
const paths = report.parseTimeline(fixture('failover-paths.jsonl'))
const rrLoss = report.parseTimeline(fixture('rr-primary-loss.jsonl'))
const rrRestart = report.parseTimeline(fixture('rr-peer-restart.jsonl'))
const exec = { records: execCases(), truncated: false, skipped: [] }

function chromiumPath () {
  if (process.env.CHROMIUM) return fs.existsSync(process.env.CHROMIUM) ? process.env.CHROMIUM : null
  for (const dir of (process.env.PATH || '').split(':')) {
    for (const name of ['chromium', 'chromium-browser']) {
      if (fs.existsSync(path.join(dir, name))) return path.join(dir, name)
    }
  }
  return null
}

t.test('parseTimeline reads the fixtures', async (t) => {
  t.equal(basic.records.length, 344)
  t.equal(basic.truncated, false)
  t.same(basic.skipped, [])
  t.equal(basic.records[0].kind, 'run')
  t.equal(failover.records.length, 157)
  t.equal(failover.records.filter((r) => r.kind === 'expect' && !r.ok).length, 1)
  t.equal(paths.records.length, 305)
  t.same(paths.skipped, [])
  t.equal(paths.records.filter((r) => r.kind === 'path-stats').length, 92)
  t.same(paths.records[0].paths[1], { name: 'b', hosts: ['client', 'server'], addresses: { client: ['10.2.0.1'], server: ['10.2.0.2'] } })
})

t.test('parseTimeline tolerates a run that was killed', async (t) => {
  const text = fixture('failover.jsonl')
  const lines = text.split('\n')
  // Cut in the middle of line 101: 100 whole records, then half of one.
  const cut = lines.slice(0, 100).join('\n') + '\n' + lines[100].slice(0, 40)
  const p = report.parseTimeline(cut)
  t.equal(p.truncated, true, 'the cut last line is noted')
  t.equal(p.records.length, 100, 'every whole line is kept')
  t.same(p.skipped, [], 'a cut last line is not an error')
  const s = report.summarize(p.records)
  t.equal(s.status, 'incomplete', 'no end record: incomplete, not passed')
  const html = report.render([{ ...p, file: 'killed.jsonl' }])
  t.match(html, 'The run did not finish: no end record, and the last line was cut short')

  // A bad line in the middle is skipped and listed; the rest is read.
  const bad = report.parseTimeline(lines.slice(0, 3).join('\n') + '\n{"t":1,"kind":\n' + lines.slice(3).join('\n'))
  t.equal(bad.truncated, false)
  t.equal(bad.records.length, 157)
  t.equal(bad.skipped.length, 1)
  t.equal(bad.skipped[0].line, 4)
  t.equal(report.parseTimeline('').records.length, 0)
  t.equal(report.parseTimeline('{"t":0,"kind":"run"}\r\n').records.length, 1, 'CRLF lines')
})

t.test('keyTimings of the passing run', async (t) => {
  const k = report.keyTimings(basic.records)
  t.equal(k.durationMs, 11968.932, 'end record t')
  // agent cli step at 2350.189 ms, its connect report at 3872.437 ms
  t.equal(k.connectMs, 1522.248)
  t.equal(k.failureDetectionMs, null, 'no link down')
  t.equal(k.recoveryMs, null)
  // srv's last rx report: maxGap 588.276 ms (cli's largest is 574.583)
  t.equal(k.failoverGapMs, 588.276)
  t.same(k.failoverGap, { agent: 'srv', from: 'cli' })
  t.equal(k.expectations.length, 15)
  t.ok(k.expectations.every((e) => e.ok))
  t.same(k.expectations[0], {
    file: 'scenarios/basic.scn', line: 13, text: 'expect srv event=listening within=15s', agent: 'srv', ok: true, elapsedMs: 2247.997, waitedMs: null, holdMs: null, afterMs: null, observed: ''
  })
  t.equal(k.failureDetectionByAgent, null, 'no link down: nobody to detect it')
  t.equal(k.recoveryByAgent, null)
  t.same(report.keyTimings(basic), k, 'takes parseTimeline()\'s result too')
})

t.test('keyTimings of the failover run', async (t) => {
  const k = report.keyTimings(failover)
  t.equal(k.durationMs, 14190.3)
  // link down a at 6000.6; cli's SCTP_ADDR_UNREACHABLE 10.1.0.2 at 8412.9
  t.equal(k.failureDetectionMs, 2412.3)
  // ... its SCTP_ADDR_POTENTIALLY_FAILED at 7001.8
  t.equal(k.pfDetectionMs, 1001.2)
  // link up a at 8415.0; srv's SCTP_ADDR_AVAILABLE 10.1.0.1 at 8919.7
  t.equal(k.recoveryMs, 504.7)
  // srv: nothing from cli between 5998.0 and 7003.3
  t.equal(k.failoverGapMs, 1005.3)
  t.same(k.linkDowns, [{
    line: 27,
    text: 'link down a',
    t: 6000.6,
    ms: 2412.3,
    agent: 'cli',
    address: '10.1.0.2',
    by: 'SCTP_ADDR_UNREACHABLE notification',
    pfMs: 1001.2,
    // srv never finds 10.1.0.1 unreachable before the link is back
    byAgent: { srv: null, cli: { ms: 2412.3, by: 'SCTP_ADDR_UNREACHABLE notification', address: '10.1.0.2' } },
    // srv's SCTP_ADDR_POTENTIALLY_FAILED 10.1.0.1 at 7400.9
    pfByAgent: {
      srv: { ms: 1400.3, by: 'SCTP_ADDR_POTENTIALLY_FAILED notification', address: '10.1.0.1' },
      cli: { ms: 1001.2, by: 'SCTP_ADDR_POTENTIALLY_FAILED notification', address: '10.1.0.2' }
    }
  }])
  t.same(k.failureDetectionByAgent, { srv: null, cli: 2412.3 })
  t.same(k.pfDetectionByAgent, { srv: 1400.3, cli: 1001.2 })
  // cli's SCTP_ADDR_AVAILABLE 10.1.0.2 at 9920.9
  t.same(k.recoveryByAgent, { srv: 504.7, cli: 1505.9 })
  t.equal(k.linkUps.length, 1)
  t.equal(k.linkUps[0].agent, 'srv')
  const failed = k.expectations.filter((e) => !e.ok)
  t.same(failed, [{
    file: 'scenarios/failover.scn',
    line: 31,
    text: 'expect cli peer-info address=server@a state=SCTP_ACTIVE within=1s',
    agent: 'cli',
    ok: false,
    elapsedMs: null,
    waitedMs: null,
    holdMs: null,
    afterMs: null,
    observed: '10.1.0.2 is SCTP_INACTIVE: 10.1.0.2=SCTP_INACTIVE 10.2.0.2=SCTP_ACTIVE'
  }])

  // Without the notifications, peer-info tells: cli's 10.1.0.2 INACTIVE at 8414.2.
  const quiet = failover.records.filter((r) => !(r.ev === 'notification' && r.type === 'SCTP_PEER_ADDR_CHANGE'))
  const q = report.keyTimings(quiet)
  t.equal(q.failureDetectionMs, 2413.6)
  t.equal(q.linkDowns[0].by, 'peer-info SCTP_INACTIVE')
  t.equal(q.pfDetectionMs, 1001.5, 'cli\'s 10.1.0.2 SCTP_PF at 7002.1')
  t.equal(q.recoveryMs, 505.4, 'srv\'s 10.1.0.1 back to SCTP_ACTIVE at 8920.4')
})

t.test('failure detection on both sides, from a real run', async (t) => {
  const k = report.keyTimings(paths)
  // link down a at 9439.009241; cli's SCTP_ADDR_UNREACHABLE 10.1.0.2 at
  // 13003.637167, srv's 10.1.0.1 at 15200.051599
  t.equal(k.failureDetectionMs, 3564.628, 'the earliest')
  t.same(k.failureDetectionByAgent, { srv: 5761.042, cli: 3564.628 })
  t.equal(k.linkDowns[0].byAgent.srv.address, '10.1.0.1')
  // link up a at 19463.552789; srv's SCTP_ADDR_AVAILABLE at 19560.180906,
  // cli's at 19591.924859
  t.same(k.recoveryByAgent, { srv: 96.628, cli: 128.372 })

  // An agent whose association is gone does not count: srv exits before
  // the link goes down.
  const early = paths.records.map((r) => r.ev === 'exit' && r.agent === 'srv' ? { ...r, t: 9000 } : r)
  const e = report.keyTimings(early)
  t.same(e.failureDetectionByAgent, { cli: 3564.628 })
  t.same(Object.keys(e.linkUps[0].byAgent), ['cli'])
})

t.test('expectations: waited, hold, after', async (t) => {
  const k = report.keyTimings(paths)
  // failover.scn:38 decided at 6434.852581, reached after the agent cli
  // step at 150.336304
  t.equal(k.expectations[0].waitedMs, 6284.516)
  t.equal(k.expectations[0].elapsedMs, 6270.209, 'elapsed as recorded')
  const html = report.render([paths])
  t.match(html, '<th class="num" title="how long the expectation itself waited', 'the column is waited, defined')
  t.match(html, /<td class="mono">expect cli event=connect within=15s<\/td><td class="num">6\.28 s<\/td>/)
  t.notMatch(html, 'after / hold', 'no window column when no expectation has one')

  const held = paths.records.map((r) => r.kind === 'expect' && r.line === 46 ? { ...r, hold: 2000 } : r.kind === 'expect' && r.line === 47 ? { ...r, after: 500 } : r.kind === 'expect' && r.line === 48 ? { ...r, after: 'previous' } : r)
  const hk = report.keyTimings(held)
  t.equal(hk.expectations.find((e) => e.line === 46).holdMs, 2000)
  t.equal(hk.expectations.find((e) => e.line === 47).afterMs, 500)
  const hh = report.render([held])
  t.match(hh, 'after / hold</th>')
  t.match(hh, /peer-info address=server@b state=SCTP_ACTIVE within=1s<\/td><td class="num">[^<]+<\/td><td class="num">hold 2\.00 s<\/td>/)
  t.match(hh, /<td class="num">after 500 ms<\/td>/)
  t.match(hh, /<td class="num">after previous<\/td>/)
  t.equal(hk.expectations.find((e) => e.line === 48).afterMs, null, 'after=previous is no number')

  // Older timelines: elapsed, as before.
  const old = report.render([failover])
  t.match(old, '<th class="num" title="timelines without waited: from the step')
  t.match(old, '>elapsed</th>')
})

t.test('render: summary, sections, failures', async (t) => {
  const html = report.render([{ ...basic, file: 'basic.jsonl' }, { ...failover, file: 'failover.jsonl' }])
  t.match(html, /^<!DOCTYPE html>/)
  t.notMatch(html, /(src|href)="(https?:)?\/\//, 'nothing from the network')
  t.match(html, /<section class="scenario" id="scn-basic" data-scenario="basic" data-status="pass">/)
  t.match(html, /<section class="scenario failed" id="scn-failover" data-scenario="failover" data-status="fail">/)
  t.match(html, /<h2><span class="mono">scenarios\/basic\.scn<\/span>/)
  t.match(html, '<a href="#scn-failover">failover</a>', 'the summary links to the section')

  const summary = html.slice(html.indexOf('<table class="summary">'), html.indexOf('<section'))
  const section = html.slice(html.indexOf('id="scn-failover"'))
  const observed = '10.1.0.2 is SCTP_INACTIVE: 10.1.0.2=SCTP_INACTIVE 10.2.0.2=SCTP_ACTIVE'
  for (const [where, part] of [['summary', summary], ['section', section]]) {
    t.match(part, 'scenarios/failover.scn:31', `the ${where} names the failed file:line`)
    t.match(part, `observed: ${observed}`, `the ${where} shows what was observed`)
  }
  t.match(summary, '8 / 9 <span class="not-ok">(1 failed)</span>')
  t.match(summary, '<td class="num detection"><div>srv —</div><div>cli 2.41 s</div></td>' +
    '<td class="num recovery"><div>srv 505 ms</div><div>cli 1.51 s</div></td>' +
    '<td class="num">1.01 s<div class="muted">srv ← cli</div></td>', 'detection and recovery per agent, gap')
  t.match(section, /<tr class="not-ok" data-line="31"><td class="not-ok">not ok<\/td>/)
  // Path states as bands, network changes as markers, notifications, address changes.
  t.match(section, /fill="#d64545"><title>10\.1\.0\.2: SCTP_INACTIVE from 8\.414 s/)
  t.match(section, /fill="#e8a317"><title>10\.1\.0\.2: SCTP_PF from 7\.002 s/)
  t.match(section, '<text class="step-label"')
  t.match(section, '>link down a<title>')
  t.match(section, /<title>8\.413 s cli: SCTP_PEER_ADDR_CHANGE SCTP_ADDR_UNREACHABLE 10\.1\.0\.2<\/title>/)
  t.match(section, /<path d="[^"]+" fill="#3366cc"><title>9\.432 s cli: address-change/)
  t.match(section, '<path class="stream"', 'deliveries per stream')
  t.match(section, '<i style="background:#3366cc"></i>streams 0–3: 500 each</span>', 'four equal streams, one line')
  t.equal(section.match(/<path class="stream"/g).length, 1)
  t.match(section, '<dt title="per agent: from the first link down step', 'facts say what they mean')
  t.match(section, '<dd>srv — · cli 2.41 s</dd>', 'failure detection per agent')
  t.match(section, '<dd>srv 1.40 s · cli 1.00 s</dd>', 'PF detection per agent')
  t.equal(html.match(/<script>/g).length, 1, 'one inline script')
})

t.test('every figure on the page is defined on the page', async (t) => {
  const html = report.render([basic, failover, paths, rrLoss, rrRestart, exec])
  const defined = new Set([...html.matchAll(/<dt id="def-[^"]+">([^<]+)<\/dt>/g)].map((m) => m[1]))
  const facts = [...html.matchAll(/<dl class="facts">(.*?)<\/dl>/g)].flatMap((m) => [...m[1].matchAll(/<dt[^>]*>([^<]+)<\/dt>/g)].map((d) => d[1]))
  t.ok(facts.length >= 6 * 7 + 10 * 5, 'facts found (and the programs\')')
  t.ok(facts.includes('ended') && facts.includes('app reports'), 'the programs\' facts are among them')
  for (const f of new Set(facts)) t.ok(defined.has(f), `fact "${f}" is defined`)
  const heads = html.slice(html.indexOf('<table class="summary">'), html.indexOf('</thead>'))
  for (const m of heads.matchAll(/<th class="[^"]*"( title="[^"]*")?>([^<]+)<\/th>/g)) t.ok(m[1] && defined.has(m[2]), `summary column "${m[2]}" is defined`)
  for (const col of ['waited', 'elapsed', 'hold', 'after', 'primary', 'start-up', 'traffic per path', 'messages delivered', 'app reports', 'output']) t.ok(defined.has(col), `${col} is defined`)
  t.match(html, '<a href="#definitions">what the figures mean</a>')
})

t.test('streams whose curves coincide are drawn as one line', async (t) => {
  const at = (t, perStream) => ({ t, perStream })
  // 0 and 1 coincide within 1 message; 2 lags 29 and 30 behind them at one report.
  const pts = [at(1, { 0: 10, 1: 9, 2: 10 }), at(2, { 0: 100, 1: 101, 2: 71 }), at(3, { 0: 300, 1: 300, 2: 300 })]
  const m = mergeStreams(pts)
  t.equal(m.max, 300)
  t.equal(m.tolerance, 3, '1% of the top value')
  t.same(m.groups.map((g) => g.ids), [['0', '1'], ['2']])
  t.same(m.groups.map((g) => g.label), ['streams 0–1', 'stream 2'])
  t.same(m.groups[0].values, [10, 100, 300], 'the first member\'s curve')
  t.same(m.groups[0].finals, [300, 300])
  t.same(mergeStreams(pts, 30).groups.map((g) => g.ids), [['0', '1', '2']], 'within 30 messages: one line')
  t.same(mergeStreams(pts, 29).groups.map((g) => g.ids), [['0', '1'], ['2']], 'a 30-message gap is not within 29')
  // Every member must coincide with a newcomer: 0~1 and 1~2 but not 0~2.
  const chain = [at(1, { 0: 0, 1: 0, 2: 0 }), at(2, { 0: 100, 1: 103, 2: 106 }), at(3, { 0: 300, 1: 300, 2: 300 })]
  t.same(mergeStreams(chain).groups.map((g) => g.ids), [['0', '1'], ['2']])
  // A stream missing from a report keeps its count; numbering, not text order.
  const gaps = [at(1, { 10: 5, 2: 5 }), at(2, { 2: 6 }), at(3, { 10: 6, 2: 6 })]
  t.same(mergeStreams(gaps).groups.map((g) => g.ids), [['2', '10']])
  t.same(mergeStreams(gaps).groups[0].label, 'streams 2, 10')
  // The real runs: failover's 4 streams of 2500, round-robin.
  const rx = paths.records.filter((r) => r.ev === 'rx')
  t.same(mergeStreams(rx).groups.map((g) => g.label), ['streams 0–3'])
})

t.test('programs: traffic reports -> messages delivered per stream', async (t) => {
  const tr = (t, agent, assoc, rx, tx = {}) => ({ t, kind: 'report', ev: 'traffic', agent, assoc, rx, tx })
  const c = (count, bytes = count * 10) => ({ count, bytes })
  const pts = trafficPoints([
    tr(100, 'cli', 1, { '0/1000': c(2), '0/7': c(1), '1/1000': c(1) }),
    tr(150, 'srv', 1, {}, { '0/1000': c(3) }), // sent only: no deliveries
    tr(200, 'cli', 1, { '0/1000': c(4), '0/7': c(1), '1/1000': c(3) }),
    tr(300, 'cli', 2, { '1/1000': c(5) }), // a second association: counts from 0
    tr(400, 'cli', 1, { '0/1000': c(4), '0/7': c(1), '1/1000': c(3) }, { '0/1000': c(9) }) // tx only changed
  ])
  t.same([...pts.keys()], ['cli'], 'an agent that received nothing is left out')
  const cli = pts.get('cli')
  t.same(cli.assocs, [1, 2])
  t.same(cli.points.map((p) => p.perStream), [{ 0: 3, 1: 1 }, { 0: 5, 1: 3 }, { 0: 5, 1: 8 }, { 0: 5, 1: 8 }], 'per stream: summed over PPIDs, then over associations')
  t.same(cli.points.map((p) => p.count), [4, 8, 13, 13])
  t.same(cli.points.map((p) => p.bytes), [40, 80, 130, 130])
  t.same(cli.points[3].byAssoc, { 1: 8, 2: 5 })
  t.same(trafficPoints([tr(100, 'srv', 1, {}, { '0/1000': c(3) })], 'tx').get('srv').points[0].perStream, { 0: 3 }, 'tx too')
  t.same(mergeStreams(cli.points).groups.map((g) => g.label), ['stream 0', 'stream 1'], 'the points draw like rx reports')

  // The peer restart: cli's two associations in a row, with srv then srv2.
  const a = analyse(rrRestart)
  const real = trafficPoints(a.reports)
  t.same([...real.keys()], ['cli', 'srv', 'srv2'])
  const last = (k) => real.get(k).points[real.get(k).points.length - 1]
  t.same(last('cli'), { t: 11157.742082, perStream: { 0: 50, 1: 50, 2: 50, 3: 50 }, count: 200, bytes: 7980, byAssoc: { 1: 21, 2: 179 } })
  t.equal(last('srv2').count, 179)
  t.equal(last('srv').count, 19, 'srv was killed before its last traffic report (it served 21)')
  const charts = deliveryCharts(a)
  t.same(charts.map((c) => `${c.agent} ← ${c.from}`), ['cli ← srv, srv2', 'srv ← cli', 'srv2 ← cli'])
  t.same(charts[0].assocs.map((x) => [x.assoc, x.peer, x.count]), [[1, 'srv', 21], [2, 'srv2', 179]])
  t.same(charts[0].groups.map((g) => g.label), ['streams 0–3'])
  // The longest gap: from cli's last report with more messages on assoc 1
  // (3732.352116) to its first on assoc 2 (5960.501689).
  t.same(charts[0].gap, { ms: 5960.501689 - 3732.352116, t0: 3732.352116, t1: 5960.501689 })
  t.same(reportGap([{ t: 1, count: 1 }, { t: 2, count: 1 }, { t: 5, count: 2 }, { t: 6, count: 3 }]), { ms: 4, t0: 1, t1: 5 }, 'reports without more messages do not count')
  t.equal(reportGap([{ t: 1, count: 1 }]), null)

  const html = report.render([rrRestart])
  t.notMatch(html, 'No data was delivered', 'a program\'s deliveries show')
  t.match(html, '<b>cli ← srv, srv2</b> 200 messages, 7980 bytes, longest gap ≈ 2.23 s (traffic reports, summed over 2 associations)')
  t.match(html, '>gap ≈ 2.23 s<title>longest time between traffic reports with more messages: 3.732 s to 5.961 s</title>')
  t.match(html, '<span>assoc 1 with srv, 2.827–3.733 s: 21 messages</span><span>assoc 2 with srv2, 5.832–11.163 s: 179 messages</span>')
  t.match(html, /<line class="assoc-start" x1="[\d.]+" y1="10" x2="[\d.]+" y2="120"><title>5\.832 s association 2 with srv2 comes up<\/title><\/line>/)
  t.equal((html.match(/<figure class="fig delivery">/g) || []).length, 3)
  const loss = report.render([rrLoss])
  t.match(loss, '<b>cli ← srv</b> 300 messages, 12080 bytes, longest gap ≈ 2.10 s (traffic reports)</span>', 'the failover the client saw')
  t.notMatch(loss, '<line class="assoc-start"', 'one association: no mark')

  // Old timelines: no traffic reports, the same charts as before.
  t.same([...trafficPoints(analyse(basic).reports).keys()], [])
  t.same(deliveryCharts(analyse(basic)).map((c) => `${c.agent} ← ${c.from} ${c.program}`), ['srv ← cli false', 'cli ← srv false'])
})

t.test('programs: start, end, associations, app reports, output', async (t) => {
  const P = programsLib
  t.equal(P.programName(['/usr/bin/node', '../client.js', '10.1.0.2', '3868']), 'client.js')
  t.equal(P.programName(['node', '--inspect', 'x.js']), 'node', 'an option first: the runtime')
  t.equal(P.programName(['./prog/hello.sh', '3868']), 'hello.sh')
  t.equal(P.programName(['yes', 'flood']), 'yes')
  t.equal(P.programName([]), '')
  t.equal(P.shortArgv(['/usr/bin/node', '../client.js', '10.1.0.2,10.2.0.2', '3868', '--count=300']), 'node ../client.js 10.1.0.2,10.2.0.2 3868 --count=300')
  t.equal(P.shortArgv(['./prog/hello.sh', 'two words', "it's"]), "./prog/hello.sh 'two words' 'it'\\''s'")
  t.equal(P.shortArgv(['sh', 'x'.repeat(200)], 20), 'sh xxxxxxxxxxxxxxxx…')

  const a = analyse(rrRestart)
  t.same(Object.fromEntries(P.associationPeers(a.reports)), { 'cli\u00001': 'srv', 'srv\u00001': 'cli', 'cli\u00002': 'srv2', 'srv2\u00001': 'cli' }, 'matched by ports and addresses')
  const list = P.programs(a)
  t.same(list.map((p) => [p.name, p.host, p.program, p.exit.status]), [['srv', 'server', 'server.js', 'signal 9'], ['cli', 'client', 'client.js', 'exit 0'], ['srv2', 'server', 'server.js', 'exit 0']])
  const cli = list[1]
  t.same(cli.argv, ['node', '../client.js', '10.1.0.2,10.2.0.2', '3868', '--count=200', '--interval=40', '--timeout=3000'])
  t.equal(cli.dir, 'examples/rr/scenarios')
  t.equal(cli.started, 1531.981203)
  t.same(cli.associations, [{ assoc: 1, t0: 2826.779813, t1: 3733.429679, peer: 'srv' }, { assoc: 2, t0: 5831.515797, t1: 11163.006818, peer: 'srv2' }], 'failed attempts (close without assoc) are no association')
  t.same(list[0].associations, [{ assoc: 1, t0: 2830.16354, t1: 3690.339003, peer: 'cli' }], 'killed: its association ended with it')
  t.equal(cli.appCount, 202)
  t.same(cli.app.map((g) => [g.name, g.count, g.rows.length]), [['answered', 200, 5], ['reconnected', 1, 1], ['done', 1, 1]], 'per name, the first 5')
  t.same(cli.app[0].fields.map(P.fieldSummaryText), ['id 0–199, median 99', 'tries 1–2, median 1', 'ms 4–2211, median 7'])
  t.same(cli.app[2].fields.map(P.fieldSummaryText), ['answered 200', 'failed 0', 'retries 0'])
  t.same(cli.app[0].rows[0], { t: 2887.708309, name: 'answered', fields: { id: 0, tries: 2, ms: 83 } })
  t.same(P.fieldSummary([{ code: 'A' }, { code: 'B' }, { code: 'C' }, { code: 'D' }, { code: 'A', x: true }]).map(P.fieldSummaryText), ['code A, B, C (+1 other)', 'x true'])
  t.same(P.fieldSummary([{ n: 1 }, { n: 'two' }])[0].numeric, false, 'mixed: values')
  t.same(cli.output.parts, [{ lines: cli.output.parts[0].lines }])
  t.same([cli.output.total, cli.output.stdout, cli.output.stderr, cli.output.cut, cli.output.omitted], [6, 3, 3, 0, 0])
  t.same(cli.output.parts[0].lines[1], { t: 4268.611373, stream: 'stderr', line: 'association: ECONNREFUSED', cut: false })
  t.same(cli.errors, [])

  // The bad cases: a flood, cut lines, programs that could not start.
  const x = P.programs(analyse(exec))
  t.same(x.map((p) => `${p.name} ${p.exit.status}`), ['hello exit 3', 'flood signal 9', 'ghost not started', 'sleeper signal 9', 'noexec not started', 'junk exit 0'])
  const flood = x[1].output
  t.same([flood.total, flood.stdout, flood.cut, flood.shown, flood.omitted], [10000, 10000, 2, 42, 9958])
  t.same(flood.parts.map((p) => p.lines ? p.lines.length : -p.omitted), [20, -3980, 2, -5978, 20], 'the first 20, the cut lines between, the last 20')
  t.ok(flood.parts[2].lines.every((l) => l.cut && l.line.length === 4096))
  const noisy = P.outputExcerpt([...Array(100)].map((_, i) => ({ ev: 'output', t: i, stream: i % 10 === 5 ? 'stderr' : 'stdout', line: String(i) })), 3, 2, 2)
  t.same(noisy.parts.map((p) => p.lines ? p.lines.map((l) => l.line).join(' ') : `(${p.omitted})`), ['0 1 2', '(2)', '5', '(9)', '15', '(82)', '98 99'], 'stderr lines between: the first 2')
  t.same(x[1].errors, [{ t: 1110.1, message: 'testbed/test/live/scn/exec.scn:16: agent flood: stdout: more than 10000 lines: the rest is not recorded' }])
  t.match(x[2].errors[0].message, 'cannot run ./prog/no-such-program: No such file or directory')
  t.same(x[5].app.map((g) => [g.name, g.fields.map(P.fieldSummaryText)]), [['hello', ['from sh']]])
  t.same(['exit 0', 'signal 9', 'exit 3', 'not started'].map(P.exitClass), ['ok', 'signal', 'fail', 'fail'])

  // Old timelines: no programs.
  t.same(P.programs(analyse(basic)), [])
  t.same(P.programs(analyse(paths)), [])
})

t.test('programs on the page', async (t) => {
  const html = report.render([rrRestart, exec])
  const restart = html.slice(html.indexOf('id="scn-peer-restart"'), html.indexOf('id="scn-exec"'))
  t.match(restart, '<h3>Programs</h3>')
  t.match(restart, '<div class="program" id="scn-peer-restart-prog-cli" data-agent="cli"><h4><b>cli</b> on client <code title="node ../client.js 10.1.0.2,10.2.0.2 3868 --count=200 --interval=40 --timeout=3000">node ../client.js')
  t.match(restart, '<dd><span class="exit-signal">signal 9</span> at 3.690 s (ran 3.65 s)</dd>', 'srv: killed')
  t.match(restart, '<dd>1 with srv, 2.827–3.733 s<br>2 with srv2, 5.832–11.163 s</dd>')
  t.match(restart, '<tr><td class="mono">answered</td><td class="num">200</td><td class="num">2.888–11.140 s</td><td class="mono">id 0–199, median 99; tries 1–2, median 1; ms 4–2211, median 7</td></tr>')
  t.match(restart, '<summary>App reports: the first 5 of each name, 7 of 202</summary>')
  t.match(restart, '<details class="output" open><summary>Output: 6 lines: stdout 3, stderr 3</summary>')
  t.match(restart, '<li class="stderr"><span class="t">4.269 s</span><span class="stream">err</span><span class="text">association: ECONNREFUSED</span></li>')
  // The events table: no app, output or traffic rows; they are counted.
  const events = restart.slice(restart.indexOf('<summary>Events and path changes'))
  t.match(events, '<summary>Events and path changes (39, and 4 sender-dry/authentication notifications; 402 app reports and 10 output lines under Programs)</summary>')
  t.notMatch(events, '>app answered')
  t.notMatch(events, '>traffic<')
  t.match(events, '<td class="mono">connect (assoc 2) 10.1.0.1:37959 → 10.1.0.2:3868</td>')

  const ex = html.slice(html.indexOf('id="scn-exec"'))
  t.match(ex, '<dd><span class="exit-fail">not started</span> (1.112 s)</dd>')
  t.match(ex, '<div class="warning"><span class="mono">1.110 s</span> agent-error: testbed/test/live/scn/exec.scn:16: agent flood: stdout: more than 10000 lines: the rest is not recorded</div>')
  t.match(ex, '<details class="output"><summary>Output: 10000 lines: stdout 10000, stderr 0, 2 cut; 42 shown (the first 20, the last 20, stderr and cut lines between), 9958 left out</summary>', 'a long output: folded')
  t.match(ex, '<li class="omitted">… 3980 lines left out …</li>')
  t.match(ex, /<li class="stdout cut"><span class="t">1\.086 s<\/span><span class="stream">out<\/span><span class="text">(flood){60}<span class="more">… \(3796 more characters\)<\/span><\/span><span class="cut-mark" title="[^"]+">cut<\/span><\/li>/)
  t.match(ex, '<details class="output" open><summary>Output: 2 lines: stdout 1, stderr 1</summary>', 'hello: a short output, open')
  t.equal((ex.match(/<div class="program"/g) || []).length, 6)
  t.match(ex, '<td class="mono">hello</td><td class="num">1</td><td class="num">1.131 s</td><td class="mono">from sh</td>')
  t.match(ex, '<summary>App reports: all 1</summary>')
  t.equal(html.match(/<script>/g).length, 1, 'still one inline script')

  // Whatever a program writes is text on the page.
  const evil = '<script>alert(1)</script>'
  const bad = exec.records.map((r) => {
    if (r.cmd === 'exec' && r.name === 'hello') return { ...r, argv: ['./x', evil], dir: evil }
    if (r.ev === 'output' && r.agent === 'hello') return { ...r, line: evil }
    if (r.ev === 'app') return { ...r, name: evil, [evil]: evil }
    if (r.ev === 'agent-error' && r.agent === 'junk') return { ...r, message: evil }
    return r
  })
  const bh = report.render([bad])
  t.equal(bh.match(/<script>/g).length, 1, 'only the page\'s own script')
  t.notMatch(bh, '<script>alert')
  t.match(bh, '<span class="text">&lt;script&gt;alert(1)&lt;/script&gt;</span>')

  // Old timelines: no Programs section, nothing new in the legend.
  const old = report.render([basic, paths])
  t.notMatch(old, '<h3>Programs</h3>')
  t.notMatch(old, 'app-swatch"></i>')
  t.notMatch(old, 'class="app-bar"')
})

t.test('programs on the timeline', async (t) => {
  const html = report.render([rrRestart])
  t.match(html, '<text class="agent-sub" x="37.7" y="39">server.js on server<title>node ../server.js 3868 10.1.0.2,10.2.0.2</title></text>', 'the program\'s name in its row label')
  t.match(html, '>client.js on client<title>', 'one form for every program of the chart: exec server.js on server does not fit')
  t.match(report.render([rrLoss.records.filter((r) => r.agent !== 'srv' && r.name !== 'srv')]), '>exec client.js on client<title>', 'exec NAME when it fits')
  const ex = report.render([exec])
  t.match(ex, '>no-suc… on client<title>./prog/no-such-program</title>', 'a long name cut, not the host')
  t.match(ex, '>hello.sh on server<title>')
  // Exit: a square, red unless exit 0.
  t.match(html, /<rect x="[\d.]+" y="[\d.]+" width="7\.6" height="7\.6" fill="#d64545"><title>3\.690 s srv: exit signal 9<\/title><\/rect>/)
  t.match(html, /<rect x="[\d.]+" y="[\d.]+" width="7\.6" height="7\.6" fill="#444b55"><title>11\.229 s cli: exit exit 0<\/title><\/rect>/)
  // App reports: a row of bars, rare names as diamonds; not in the events row.
  t.equal((html.match(/>app reports<title>/g) || []).length, 3, 'one app row per program that reported')
  t.match(html, /<rect class="app-bar" x="[\d.]+" y="[\d.]+" width="3\.2" height="[\d.]+"><title>[\d.]+ s(–[\d.]+ s)? cli: answered \d+<\/title><\/rect>/)
  t.match(html, /fill="#fff" stroke="#6b4fa8" stroke-width="1\.6"><title>5\.851 s cli: app reconnected n=1<\/title>/)
  t.match(html, /<title>11\.140 s cli: app done answered=200 failed=0 retries=0<\/title>/)
  t.notMatch(html, /<title>[\d.]+ s \w+: (stdout|stderr):/, 'no output line drawn')
  t.match(html, '<span><i class="app-swatch"></i>app reports per time slice, ◇ one of a rare name</span>')

  // Path bands end with their association: cli had none from 3.733 to 5.842 s.
  const a = analyse(rrRestart)
  t.same(pathBands(a, 'cli').map((l) => [l.label, l.bands.map((b) => [b.t0, b.t1])]), [
    ['a (10.1.0.2)', [[2837.989538, 3733.429679], [5842.24739, 11163.006818]]],
    ['b (10.2.0.2)', [[2837.989538, 3733.429679], [5842.24739, 11163.006818]]]
  ])
  // A close of another association does not end a band.
  const other = rrRestart.records.concat([{ t: 7000, kind: 'report', ev: 'close', assoc: 9, agent: 'cli' }])
  t.same(pathBands(analyse(other), 'cli')[0].bands.map((b) => b.t1), [3733.429679, 11163.006818])
  // Old timelines: the last band ends at the agent's close, as before.
  const fb = pathBands(analyse(paths), 'cli')
  const close = paths.records.find((r) => r.agent === 'cli' && r.ev === 'close').t
  t.equal(fb[0].bands[fb[0].bands.length - 1].t1, close)
})

t.test('key timings of programs', async (t) => {
  const k = report.keyTimings(rrLoss)
  // agent cli step at 1639.501111, its connect (assoc 1) at 3273.452006
  t.equal(k.connectMs, 1633.951, 'the program that connected')
  // link down a at 4123.654926; srv's SCTP_ADDR_UNREACHABLE at
  // 7228.823163, cli's peer-info SCTP_INACTIVE at 8295.877755
  t.same(k.failureDetectionByAgent, { srv: 3105.168, cli: 4172.223 })
  t.equal(k.failoverGapMs, null, 'no rx reports, no maxGap')
  t.equal(report.keyTimings(rrRestart).connectMs, 1294.894, 'the first connect of cli')
  // A program whose association closed and came up again is alive.
  const recs = rrRestart.records.concat([{ t: 8000, kind: 'step', verb: 'link', line: 99, text: 'link down a' }])
  t.same(Object.keys(report.keyTimings(recs).linkDowns[0].byAgent), ['cli', 'srv2'], 'srv exited; cli is on its second association')
  t.equal(report.summarize(rrLoss).status, 'pass')
  t.equal(report.summarize(exec).status, 'fail')
  t.equal(report.summarize(exec).failed, 3)
})

t.test('path-stats: the rate on each path', async (t) => {
  const ps = (t, path, cs, sc = [0, 0]) => ({ t, kind: 'path-stats', path, dirs: { 'client->server': { packets: cs[0], bytes: cs[1] }, 'server->client': { packets: sc[0], bytes: sc[1] } } })
  const recs = [
    ps(1000, 'a', [3, 300]), // baseline: what was sent since the path was built
    ps(1100, 'a', [13, 1300]),
    ps(1200, 'a', [33, 3300], [5, 250]),
    ps(3000, 'a', [35, 3500], [5, 250]), // after 1.8 s of silence: 2 packets within the last 100 ms
    ps(3100, 'a', [1, 100], [5, 250]) // counts went down: the path was rebuilt, a new baseline
  ]
  t.equal(samplingInterval(recs), 100)
  const r = pathRates(recs)
  t.equal(r.interval, 100)
  t.same(r.lanes.map((l) => `${l.path} ${l.from}>${l.to}`), ['a client>server', 'a server>client'])
  const cs = r.lanes[0]
  t.same(cs.segments, [
    { t0: 1000, t1: 1100, packets: 10, bytes: 1000, pps: 100, bps: 10000 },
    { t0: 1100, t1: 1200, packets: 20, bytes: 2000, pps: 200, bps: 20000 },
    { t0: 2900, t1: 3000, packets: 2, bytes: 200, pps: 20, bps: 2000 }
  ])
  t.equal(cs.packets, 32)
  t.equal(cs.peakBps, 20000)
  t.same(r.lanes[1].segments, [{ t0: 1100, t1: 1200, packets: 5, bytes: 250, pps: 50, bps: 2500 }], 'no change, no rate')
  t.same(pathRates(recs, 50).lanes[0].segments[0], { t0: 1050, t1: 1100, packets: 10, bytes: 1000, pps: 200, bps: 20000 }, 'a given interval')
  t.same(pathRates([]).lanes, [])
  // Drawn as a step area: down to the base between segments that do not touch.
  const area = stepArea([{ t0: 0, t1: 10, bps: 5 }, { t0: 10, t1: 20, bps: 10 }, { t0: 50, t1: 60, bps: 5 }], (t) => t, (b) => 100 - b, 100)
  t.equal(area, 'M0 100V95H10H10V90H20V100H50V95H60V100Z')

  // The failover fixture: the data leaves a at `link down a` for b.
  const a = analyse(paths)
  const down = a.steps.find((s) => s.text === 'link down a').t
  const up = a.steps.find((s) => s.text === 'link up a').t
  const lanes = pathRates(a.pathStats).lanes
  // Bytes sent in segments that start in [from, to).
  const sent = (path, dir, from, to) => lanes.find((l) => l.path === path && l.dir === dir).segments.filter((s) => s.t0 >= from && s.t0 < to).reduce((n, s) => n + s.bytes, 0)
  t.ok(sent('a', 'client->server', 0, down) > 300000, 'a carries the data until link down a')
  t.equal(sent('a', 'client->server', down, up), 0, 'nothing on a while it is down')
  t.ok(sent('b', 'client->server', down, up) > 900000, 'b carries it after')
  t.ok(sent('b', 'client->server', 0, down) < 5000, 'b only heartbeats before')

  const html = report.render([paths])
  const traffic = html.slice(html.indexOf('<figure class="fig traffic">'))
  t.match(traffic, /<text class="lane-label" x="8" y="[\d.]+">a {2}client → server<title>/, 'one lane per path and direction')
  t.equal((traffic.slice(0, traffic.indexOf('</figure>')).match(/<path class="rate"/g) || []).length, 4)
  t.match(report.render([failover]), 'No path-stats records: this timeline does not say which path carried the data.')
})

t.test('rows are named by path', async (t) => {
  t.same(parseAddrStep('addr add a server=10.1.0.3/24'), { op: 'add', path: 'a', host: 'server', address: '10.1.0.3' })
  t.same(parseAddrStep('addr del b client=FD00:B::1/64'), { op: 'del', path: 'b', host: 'client', address: 'fd00:b::1' })
  t.equal(parseAddrStep('link down a'), null)
  const run = { kind: 'run', paths: [{ name: 'a', hosts: ['client', 'server'], addresses: { client: ['10.1.0.1'], server: ['10.1.0.2'] } }, { name: 'b', hosts: ['client', 'server'] }] }
  const steps = [{ t: 100, kind: 'step', verb: 'addr', text: 'addr add b server=10.2.0.3/24' }, { t: 200, kind: 'step', verb: 'addr', text: 'addr del b server=10.2.0.3/24' }]
  const book = addressBook(run, steps)
  t.same(book.lookup('10.1.0.2'), { path: 'a', host: 'server' })
  t.same(book.lookup('::ffff:10.1.0.1'), { path: 'a', host: 'client' }, 'IPv4-mapped')
  t.same(book.lookup('10.2.0.3', 150), { path: 'b', host: 'server' }, 'added at 100')
  t.same(book.lookup('10.2.0.3', 50), { path: 'b', host: 'server' }, 'before: the path it was on at some time')
  t.equal(book.lookup('10.9.9.9'), null)
  t.equal(pathLabel(book, '10.1.0.2'), 'a (10.1.0.2)')
  t.equal(pathLabel(book, '10.9.9.9'), '10.9.9.9')
  // An old run record: no addresses, no names, even for an added address.
  const old = addressBook({ paths: [{ name: 'a', hosts: ['client', 'server'] }] }, steps)
  t.equal(old.known, false)
  t.equal(old.lookup('10.2.0.3', 150), null)

  const html = report.render([paths, failover])
  const named = html.slice(html.indexOf('id="scn-failover"'), html.indexOf('id="scn-failover-2"'))
  t.match(named, '>→ a (10.1.0.2)<title>', 'cli\'s row for the server\'s address on a')
  t.match(named, '>→ b (10.2.0.1)<title>', 'srv\'s row for the client\'s address on b')
  t.match(named, 'paths a (client 10.1.0.1 – server 10.1.0.2), b (client 10.2.0.1 – server 10.2.0.2)')
  t.match(named, 'srv after 5.76 s (SCTP_ADDR_UNREACHABLE notification a (10.1.0.1))')
  const bare = html.slice(html.indexOf('id="scn-failover-2"'))
  t.match(bare, '>→ 10.1.0.2<title>', 'an old timeline: the address, as before')
})

t.test('the time axis starts at the first traffic', async (t) => {
  const a = analyse(paths)
  // srv's connection report at 6409.073772 is the first; 3% of the rest
  // (13495.9 ms) before it
  t.equal(Math.round(a.focus.firstTraffic * 1000) / 1000, 6409.074)
  t.equal(Math.round(a.focus.focus), 6004)
  const sc = timeScale(a)
  t.equal(sc.x(0), 170, 'the run\'s start at the left')
  t.equal(sc.x(a.focus.focus), 222, 'the start-up in 52 units')
  t.equal(sc.split, 232)
  t.equal(sc.x(a.duration), 984, 'the end at the right')
  t.ok(sc.x(9439) - sc.x(6409) > 160, 'the 3 s before link down get a fifth of the width')
  const html = report.render([paths])
  t.match(html, '>start-up<title>start-up: 0 to 6.00 s')
  t.match(html, 'data-focus="6004.2"')
  // A run whose traffic starts early is not compressed.
  const early = paths.records.map((r) => r.kind === 'report' || r.kind === 'path-stats' || r.kind === 'expect' || (r.kind === 'step' && r.t > 150) ? { ...r, t: r.t - 5000 } : r)
  t.equal(analyse(early).focus, null, 'a start-up of 1 s in 15 s')
  t.equal(timeScale(analyse(early)).split, 170)
  t.equal(analyse(paths.records.filter((r) => !['rx', 'tx', 'connect', 'connection'].includes(r.ev))).focus, null, 'no traffic: no focus')
})

t.test('the primary path is a band behind its row', async (t) => {
  const html = report.render([paths])
  t.match(html, /<rect class="primary" x="[\d.]+" y="[\d.]+" width="[\d.]+" height="22" fill="#a8c8fa"><title>a \(10\.1\.0\.2\) is cli&#39;s primary path from 6\.406 s to 19\.723 s<\/title><\/rect>/)
  t.match(html, '<i class="primary-swatch"></i>primary path', 'in the legend')
})

t.test('step labels never overlap nor pass the right edge', async (t) => {
  const x = (t) => 170 + t / 10
  const steps = (n, from, gap, text) => Array.from({ length: n }, (_, i) => ({ t: from + i * gap, line: i + 1, verb: 'link', text: `${text} ${i}` }))
  const check = (r, what) => {
    const boxes = r.placed.map((p) => {
      const w = textWidth(p.text, 10.5, { bold: r.numbered })
      return { row: p.row, l: p.anchor === 'end' ? p.lx - w : p.lx, r: p.anchor === 'end' ? p.lx : p.lx + w }
    })
    t.ok(boxes.every((b) => b.l >= 0 && b.r <= 1000), `${what}: inside the chart`)
    t.ok(boxes.every((b, i) => boxes.every((c, j) => i === j || b.row !== c.row || b.r <= c.l || c.r <= b.l)), `${what}: no overlap in a row`)
  }
  const near = placeStepLabels(steps(3, 8000, 30, 'call srv removeLocalAddress 10.2.0.2'), x)
  check(near, 'three long labels at the right edge')
  t.equal(near.numbered, false)
  t.ok(near.placed.every((p) => p.anchor === 'end'), 'they end at their lines')
  const many = placeStepLabels(steps(12, 1000, 5, 'netem a dir=both loss=5%'), x)
  check(many, 'twelve labels 5 ms apart')
  t.equal(many.numbered, true, 'too many rows: numbered')
  t.same(many.placed.map((p) => p.text).slice(0, 3), ['1', '2', '3'])
  const html = report.render([paths.records.concat(steps(12, 9500, 5, 'netem a dir=both loss=5%').map((s) => ({ ...s, kind: 'step', verb: 'netem' })))])
  t.match(html, '<ol class="step-list"><li><b>1</b>link down a (9.439 s)</li>', 'the numbers listed under the chart')
})

t.test('render escapes every text from the timeline', async (t) => {
  const evil = '<script>alert(1)</script>'
  const recs = failover.records.map((r) => {
    if (r.kind === 'run') return { ...r, script: `scenarios/"><img src=x onerror=alert(2)>.scn` }
    if (r.kind === 'step' && r.verb === 'link') return { ...r, text: `link down a ${evil}` }
    if (r.kind === 'expect' && !r.ok) return { ...r, text: `expect ${evil}`, observed: `seen ${evil} & more` }
    if (r.ev === 'notification' && r.type === 'SCTP_PEER_ADDR_CHANGE') return { ...r, address: evil }
    if (r.ev === 'peer-info' && r.agent === 'cli') return { ...r, paths: { ...r.paths, [evil]: { state: `x"${evil}` } } }
    return r
  })
  const html = report.render([{ records: recs, file: `a${evil}.jsonl`, name: `n${evil}` }])
  t.equal(html.match(/<script>/g).length, 1, 'only the page\'s own script')
  t.notMatch(html, '<script>alert', 'no injected script')
  t.notMatch(html, '<img', 'no injected element')
  t.match(html, 'link down a &lt;script&gt;alert(1)&lt;/script&gt;')
  t.match(html, 'seen &lt;script&gt;alert(1)&lt;/script&gt; &amp; more')
  t.match(html, 'data-scenario="n&lt;script&gt;alert(1)&lt;/script&gt;"')
  t.match(html, 'scenarios/&quot;&gt;&lt;img src=x onerror=alert(2)&gt;.scn')
  t.match(html, /id="scn-n-script-alert-1-script"/, 'the anchor is a slug')
  t.equal(report.escapeHtml(`<a href='x'>&"`), '&lt;a href=&#39;x&#39;&gt;&amp;&quot;')
})

t.test('render and keyTimings refuse what is not a timeline', async (t) => {
  t.throws(() => report.render('x'), TypeError)
  t.throws(() => report.render([42]), TypeError)
  t.throws(() => report.keyTimings(null), TypeError)
  const html = report.render([[{ t: 0, kind: 'run' }]])
  t.match(html, 'data-status="incomplete"', 'a run record alone renders, as incomplete')
})

t.test('a run that bailed out', async (t) => {
  const cut = failover.records.filter((r) => r.t < 7000 && r.kind !== 'end')
  cut.push({ t: 7010.5, kind: 'bail', message: 'failover.scn:28: agent cli exited (signal 9)' })
  const s = report.summarize(cut)
  t.equal(s.status, 'bail')
  t.same(s.bail, ['failover.scn:28: agent cli exited (signal 9)'])
  const html = report.render([cut])
  t.match(html, '<span class="badge bail">bailed</span>')
  t.match(html, /bail: <span class="observed">failover\.scn:28: agent cli exited \(signal 9\)<\/span>/, 'in the summary')
  t.match(html, '<line class="bail"', 'on the timeline')
  t.equal(report.keyTimings(cut).failureDetectionMs, null, 'link down, nothing detected before the end')
})

t.test('the page in headless Chromium', { timeout: 300000 }, async (t) => {
  const chromium = chromiumPath()
  if (!chromium) {
    t.fail('chromium is not installed: install the Debian package "chromium" (apt-get install -y --no-install-recommends chromium) or set CHROMIUM')
    return
  }
  const { inkedShare } = require('../../../ci/report-check.js')
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'report-test-'))
  t.teardown(() => fs.rmSync(dir, { recursive: true, force: true }))
  const fixtures = ['basic.jsonl', 'failover-paths.jsonl', 'failover.jsonl'].map((f) => path.join(__dirname, 'fixtures', f))
  const conformanceDir = path.join(root, 'build/conformance')
  const conformance = fs.existsSync(conformanceDir) ? fs.readdirSync(conformanceDir).filter((f) => f.endsWith('.jsonl')).sort().map((f) => path.join(conformanceDir, f)) : []
  t.comment(`${conformance.length} conformance timelines in build/conformance`)
  // Programs as agents: the two real runs, and exec.scn's cases as made.
  const execFile = path.join(dir, 'exec.jsonl')
  fs.writeFileSync(execFile, exec.records.map((r) => JSON.stringify(r)).join('\n') + '\n')
  const programs = [...['rr-primary-loss.jsonl', 'rr-peer-restart.jsonl'].map((f) => path.join(__dirname, 'fixtures', f)), execFile]
  const inputs = [...fixtures, ...programs, ...conformance]
  const page = path.join(dir, 'report.html')
  const gen = spawnSync(process.execPath, [path.join(root, 'testbed/report/report.js'), '--out', page, ...inputs], { encoding: 'utf8' })
  t.equal(gen.status, 0, 'the CLI writes the page')
  t.match(gen.stderr, `${inputs.length} scenario(s)`)

  const check = (file, ...args) => spawnSync(process.execPath, [path.join(root, 'ci/report-check.js'), file, ...args], { encoding: 'utf8', timeout: 200000 })
  const shots = process.env.REPORT_SHOTS || path.join(root, 'build/report-shots')
  fs.rmSync(shots, { recursive: true, force: true })
  const ok = check(page, '--expect', 'basic', 'failover', 'primary-loss', 'peer-restart', 'exec', '--anchor', 'scn-failover', 'scn-peer-restart', '--screenshots', shots)
  t.equal(ok.status, 0, 'report-check passes', { stdout: ok.stdout, stderr: ok.stderr })
  t.match(ok.stdout, /^ok 1 - report loads without errors$/m)
  t.match(ok.stdout, /^ok 2 - shows scenario basic \(pass\)$/m)
  t.match(ok.stdout, /^ok 3 - shows scenario failover \(pass\)$/m)
  t.match(ok.stdout, /^ok \d+ - shows scenario primary-loss \(pass\)$/m)
  t.match(ok.stdout, /^ok \d+ - shows scenario peer-restart \(pass\)$/m)
  t.match(ok.stdout, /^ok \d+ - shows scenario exec \(fail\)$/m)
  const layout = [...ok.stdout.matchAll(/^(ok|not ok) \d+ - labels of (\S+) \(#([^)]+)\) do not overlap and stay inside their charts \((\d+) labels in (\d+) figures\)$/gm)]
  t.equal(layout.length, inputs.length, 'labels checked in every scenario')
  t.ok(layout.every((m) => m[1] === 'ok'), 'no label overlaps another or passes its chart')
  t.ok(layout.every((m) => Number(m[4]) > 20 && Number(m[5]) >= 1), 'every scenario has labels in figures')
  t.match(ok.stdout, /^ok \d+ - report\.html#scn-failover shows that element$/m, 'the link to one scenario shows it')
  t.match(ok.stdout, /^ok \d+ - report\.html#scn-peer-restart shows that element$/m, 'and to one with programs')
  const programLayout = layout.filter((m) => ['primary-loss', 'peer-restart', 'exec'].includes(m[2]))
  // The fixtures' pages, and the conformance run's own when it has run
  // (the same scenario names): every one is checked, none overlaps.
  t.same([...new Set(programLayout.map((m) => m[2]))].sort(), ['exec', 'peer-restart', 'primary-loss'], 'the pages with programs are all checked')
  t.ok(programLayout.every((m) => m[1] === 'ok'), 'the pages with programs: no label overlaps', { found: programLayout.map((m) => `${m[1]} ${m[2]}`) })
  t.ok(programLayout.every((m) => Number(m[5]) >= 1), 'their figures were measured')
  t.match(ok.stdout, new RegExp(`^ok \\d+ - wrote ${inputs.length + 1} screenshots to `, 'm'))
  for (const m of layout) {
    const png = path.join(shots, `${m[3]}.png`)
    const ink = fs.existsSync(png) ? inkedShare(fs.readFileSync(png)) : null
    t.ok(ink && ink.width > 900 && ink.height > 400 && ink.share > 0.03, `${path.relative(root, png)} shows something`, ink || {})
  }
  const took = /# chromium took ([\d.]+) s/.exec(ok.stdout)
  if (took) t.comment(`chromium took ${took[1]} s`)

  // The checks fail a page that breaks them: a label past the right edge,
  // two labels on top of each other, a link to a scenario that scrolls
  // (headless chromium --screenshot of such a link is blank).
  const small = path.join(dir, 'small.html')
  t.equal(spawnSync(process.execPath, [path.join(root, 'testbed/report/report.js'), '--out', small, ...fixtures]).status, 0)
  const html = fs.readFileSync(small, 'utf8')
  const broken = path.join(dir, 'broken.html')
  const first = html.indexOf('<text class="step-label"', html.indexOf('id="scn-failover"'))
  const twice = html.indexOf('<text class="agent" x="8"', html.indexOf('id="scn-basic"'))
  const agentText = html.slice(twice, html.indexOf('</text>', twice) + 7)
  let bad = html.slice(0, first) + html.slice(first).replace(/^<text class="step-label" x="[\d.]+"/, '<text class="step-label" x="990"')
  bad = bad.slice(0, twice) + agentText + bad.slice(twice)
  bad = bad.replaceAll('section.scenario:target', 'section.scenario:not-a-target')
  fs.writeFileSync(broken, bad)
  const no = check(broken, '--anchor', 'scn-failover')
  t.equal(no.status, 1, 'report-check fails it')
  t.match(no.stdout, /^ok 1 - report loads without errors$/m)
  t.match(no.stdout, /^not ok \d+ - labels of failover \(#scn-failover\)/m)
  t.match(no.stdout, / "\\"link down a\\" \[[\d,]+\] passes its chart's box/)
  t.match(no.stdout, /^not ok \d+ - labels of basic \(#scn-basic\)/m)
  t.match(no.stdout, /"\\"srv\\" \[[\d,]+\] overlaps \\"srv\\" \[[\d,]+\]"/)
  t.match(no.stdout, /^ok \d+ - labels of failover \(#scn-failover-2\)/m, 'the untouched scenario passes')
  t.match(no.stdout, /^not ok \d+ - broken\.html#scn-failover shows that element$/m)
  t.match(no.stdout, /chromium --screenshot of scn-failover is blank/)

  // A page whose script was changed no longer runs (its hash is in the CSP).
  const tampered = path.join(dir, 'tampered.html')
  fs.writeFileSync(tampered, html.replace('var errors = []', 'var errors = [] '))
  const notRun = check(tampered, '--no-layout')
  t.equal(notRun.status, 1, 'report-check fails a page whose script did not run')
  t.match(notRun.stdout, /^not ok 1 - report loads without errors$/m)
  t.match(notRun.stdout, 'Content Security Policy')

  const missing = check(small, '--expect', 'nope', '--no-layout')
  t.equal(missing.status, 1)
  t.match(missing.stdout, /^not ok 2 - shows scenario nope$/m)
  t.match(missing.stdout, 'no section for nope (found: basic, failover, failover)')
  t.match(missing.stdout, /^1\.\.2$/m)
})
