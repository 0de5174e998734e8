'use strict'

// The kernel matrix's page (testbed/report/report.js --matrix DIR): the
// directory read, the model (a cell per scenario and kernel, what differs
// between the kernels, the kernel notes), the page (a column per kernel in
// the table and in each scenario, the charts on one time axis), the CLI,
// and the page in headless Chromium (ci/report-check.js --expect-kernels).
// Runs on the host; the last test needs the Debian package `chromium`.
//
//   fixtures/matrix/   what ci/matrix.js --out leaves, made by
//                      fixtures/make-matrix.js from basic.jsonl and
//                      failover-paths.jsonl:
//
//       kernel     basic                         failover
//       bullseye   pass 15/15                    FAIL 7/8 (line 47), 1.2 s slower
//       bookworm   pass 15/15                    pass 8/8
//       trixie     pass 14/14, * (line 31 is     pass 8/8
//                  for kernels < 6.12)
//       sid        unavailable                   unavailable

const t = require('../../../addon/node_modules/tap')
const { spawnSync } = require('node:child_process')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const report = require('../report.js')
const { matrixModel, checkColumns, expectationRows } = require('../lib/matrix.js')
const { readMatrix } = require('../lib/matrix-read.js')
const { CHART_W } = require('../lib/matrix-html.js')
const { onOneAxis, timeScale } = require('../lib/svg/scale.js')
const { analyse } = require('../lib/parse.js')
const { makeMatrix } = require('./fixtures/make-matrix.js')

const root = path.resolve(__dirname, '../../..')
const fixture = path.join(__dirname, 'fixtures', 'matrix')
const KERNELS = ['bullseye', 'bookworm', 'trixie', 'sid']
const cli = (...args) => spawnSync(process.execPath, [path.join(root, 'testbed/report/report.js'), ...args], { encoding: 'utf8' })

function tmpdir (t) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'report-matrix-'))
  t.teardown(() => fs.rmSync(dir, { recursive: true, force: true }))
  return dir
}

// The fixture's columns and timelines, and the model of them.
function fixtureModel () {
  const { cols, timelines, problems } = readMatrix(fixture)
  return { cols, timelines, problems, m: matrixModel(cols, timelines, problems) }
}
const cellOf = (m, scenario, kernel) => m.scenarios.find((s) => s.name === scenario).cells.find((c) => c.kernel === kernel)
// One section of the page, from its tag to the next section.
const sectionOf = (html, id) => {
  const at = html.indexOf(`id="${id}"`)
  const next = html.indexOf('<section', at)
  return html.slice(at, next < 0 ? html.length : next)
}

t.test('the fixture is what make-matrix.js makes', async (t) => {
  const made = makeMatrix()
  const listed = []
  const walk = (dir) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      if (e.isDirectory()) walk(path.join(dir, e.name))
      else listed.push(path.relative(fixture, path.join(dir, e.name)))
    }
  }
  walk(fixture)
  t.same(listed.sort(), [...made.keys()].sort(), 'the same files')
  for (const [rel, text] of made) t.ok(fs.readFileSync(path.join(fixture, rel), 'utf8') === text, `${rel} is as made`)
})

t.test('readMatrix reads the directory', async (t) => {
  const { cols, timelines, problems } = readMatrix(fixture)
  t.same(cols.map((c) => `${c.name} ${c.status}`), ['bullseye ran', 'bookworm ran', 'trixie ran', 'sid unavailable'])
  t.same([...timelines.keys()], ['bullseye', 'bookworm', 'trixie'], 'timelines of the kernels that ran only')
  t.same([...timelines.get('bullseye').keys()], ['basic', 'failover'])
  const run = timelines.get('bullseye').get('failover')
  t.equal(run.file, path.join(fixture, 'bullseye', 'failover.jsonl'))
  t.equal(run.records.length, 305)
  t.equal(problems.size, 0)

  // A kernel that ran without leaving timelines is told, not fatal.
  const dir = tmpdir(t)
  fs.writeFileSync(path.join(dir, 'matrix.json'), JSON.stringify([...cols.slice(0, 2), { ...cols[2], name: 'forky' }]))
  fs.cpSync(path.join(fixture, 'bullseye'), path.join(dir, 'bullseye'), { recursive: true })
  fs.mkdirSync(path.join(dir, 'bookworm'))
  fs.writeFileSync(path.join(dir, 'bookworm', 'basic.jsonl'), '\n')
  const r = readMatrix(dir)
  t.same([...r.problems.keys()], ['bookworm', 'forky'])
  t.match(r.problems.get('bookworm')[0], /bookworm\/basic\.jsonl: no timeline records$/)
  t.match(r.problems.get('forky')[0], /forky: no such directory: no timelines$/)
  const m = matrixModel(r.cols, r.timelines, r.problems)
  t.same(m.kernels.map((k) => k.problems.length), [0, 1, 1], 'the model keeps them per kernel')
  t.equal(cellOf(m, 'basic', 'bookworm').state, 'pass', 'a row without its timeline still counts')
  t.equal(cellOf(m, 'basic', 'bookworm').analysis, null)
  t.match(report.renderMatrix(m), 'no timeline: only its summary row (above)')
})

t.test('a bad matrix is refused, naming the file and what is wrong', async (t) => {
  const dir = tmpdir(t)
  const file = path.join(dir, 'matrix.json')
  t.throws(() => readMatrix(dir), { message: `${file}: no such file (--matrix wants the directory that ci/matrix.js --out wrote)` })
  fs.writeFileSync(file, '[{')
  t.throws(() => readMatrix(dir), { message: new RegExp(`^${file.replace(/[.]/g, '\\.')}: not JSON: `) })
  const col = { name: 'trixie', release: '6.12.57+deb13-amd64', status: 'ran', rows: [] }
  const bad = (cols, message) => {
    fs.writeFileSync(file, JSON.stringify(cols))
    t.throws(() => readMatrix(dir), { message: `${file}: ${message}` }, message)
  }
  bad({}, 'not an array of kernel columns')
  bad([], 'no kernel columns')
  bad([{ ...col, name: '../etc' }], 'column 1: name "../etc" is not a kernel name (a Debian suite such as trixie)')
  bad([col, col], 'column 2: kernel trixie is there twice')
  bad([col, { ...col, name: 'sid', status: 'done' }], 'column 2 (sid): status "done" is not one of ran, unavailable, error')
  bad([{ ...col, release: 612 }], 'column 1 (trixie): release 612 is not a string or null')
  bad([{ ...col, rows: null }], 'column 1 (trixie): rows is not an array')
  bad([{ ...col, rows: [{ passed: 1, failed: 0 }] }], 'column 1 (trixie): row 1: no scenario name')
  bad([{ ...col, rows: [{ scenario: 'basic', passed: 1, failed: -1 }] }], 'column 1 (trixie): row 1 (basic): failed -1 is not a count')
  bad([{ ...col, rows: [{ scenario: 'basic', passed: 1, failed: 0, kernelNotes: 'x' }] }], 'column 1 (trixie): row 1 (basic): kernelNotes is not an array')
  t.throws(() => checkColumns([{ ...col, status: 'x' }]), { message: 'matrix.json: column 1 (trixie): status "x" is not one of ran, unavailable, error' }, 'the model checks too')
})

t.test('a cell per scenario and kernel', async (t) => {
  const { m } = fixtureModel()
  t.same(m.kernels.map((k) => [k.name, k.release, k.status, k.ran]), [
    ['bullseye', '5.10.0-46-amd64', 'ran', true],
    ['bookworm', '6.1.0-57-amd64', 'ran', true],
    ['trixie', '6.12.57+deb13-amd64', 'ran', true],
    ['sid', null, 'unavailable', false]
  ])
  t.same(m.ran, ['bullseye', 'bookworm', 'trixie'])
  t.same(m.scenarios.map((s) => [s.name, s.id, s.file, s.status, s.failing]), [
    ['basic', 'scn-basic', 'scenarios/basic.scn', 'pass', []],
    ['failover', 'scn-failover', 'scenarios/failover.scn', 'fail', ['bullseye']]
  ])
  const summary = (s, k) => {
    const c = cellOf(m, s, k)
    return [c.state, c.passed, c.all, c.detectionMs, c.notes.length]
  }
  t.same(summary('failover', 'bullseye'), ['fail', 7, 8, 4764.628, 0], 'the failed expectation; detection 1.2 s slower')
  t.same(summary('failover', 'bookworm'), ['pass', 8, 8, 3564.628, 0])
  t.same(summary('basic', 'trixie'), ['pass', 14, 14, null, 1], 'a kernel note; no link down, no detection')
  t.same(summary('basic', 'sid'), ['unavailable', null, null, null, 0])
  t.equal(cellOf(m, 'failover', 'sid').analysis, null)

  // An error column, a scenario one kernel did not run, a bailed run.
  const { cols, timelines } = fixtureModel()
  const bookworm = new Map(timelines.get('bookworm'))
  bookworm.delete('failover')
  const m2 = matrixModel([
    { ...cols[0], rows: cols[0].rows.map((r) => r.scenario === 'basic' ? { ...r, bail: 'agent cli died', failed: 3, passed: 12 } : r) },
    { ...cols[1], rows: cols[1].rows.filter((r) => r.scenario === 'basic') },
    { name: 'forky', release: null, status: 'error', note: 'the run left no summary (sctp-run exit 1)', rows: [] }
  ], new Map([['bullseye', timelines.get('bullseye')], ['bookworm', bookworm]]))
  t.same(m2.scenarios.find((s) => s.name === 'failover').cells.map((c) => c.state), ['fail', 'not run', 'error'])
  t.same(m2.scenarios.find((s) => s.name === 'basic').cells.map((c) => c.state), ['bail', 'pass', 'error'])
  t.equal(m2.scenarios.find((s) => s.name === 'basic').cells[0].bail, 'agent cli died')
  t.same(m2.scenarios.find((s) => s.name === 'failover').failing, ['bullseye'], 'not run is not a failure')
})

t.test('what differs between the kernels', async (t) => {
  const { m } = fixtureModel()
  const failover = m.scenarios.find((s) => s.name === 'failover')
  t.same(failover.differences, [{
    file: 'scenarios/failover.scn',
    line: 47,
    text: 'expect cli addresses remoteAddress=server@a within=1s',
    failing: [{ kernel: 'bullseye', observed: 'remoteAddress is 10.2.0.2 (server@b): the primary moved to b' }],
    holding: ['bookworm', 'trixie'],
    undecided: [],
    differs: true,
    everywhere: false
  }])
  t.same(failover.everywhere, [])
  t.same(failover.notes, [])
  const basic = m.scenarios.find((s) => s.name === 'basic')
  t.same(basic.differences, [], 'a kernel note is no difference')
  t.same(basic.notes, [{
    file: 'scenarios/basic.scn',
    line: 31,
    text: 'expect cli notification=SCTP_ASSOC_CHANGE state=SCTP_SHUTDOWN_COMP within=10s',
    when: '< 6.12',
    why: 'made up for this fixture: no such kernel difference is known',
    kernels: ['trixie']
  }])
  const row31 = basic.expectations.find((r) => r.line === 31)
  t.same(Object.fromEntries(Object.entries(row31.per).map(([k, p]) => [k, p.state])), { bullseye: 'ok', bookworm: 'ok', trixie: 'n/a' })
  t.equal(basic.expectations.length, 15, 'a row per expectation line')
  t.same(failover.expectations.find((r) => r.line === 44).per.bullseye, { state: 'ok', ms: 3591.684, timing: 'waited', observed: '' })

  // Failing everywhere, and not decided where a run stopped before it.
  const { cols, timelines } = fixtureModel()
  const cut = (kernel, fn) => {
    const run = timelines.get(kernel).get('failover')
    return { ...run, records: fn(run.records) }
  }
  const tl = new Map([
    ['bullseye', new Map([['failover', cut('bullseye', (rs) => rs.filter((r) => !(r.kind === 'expect' && r.line >= 48)))]])],
    ['bookworm', new Map([['failover', cut('bookworm', (rs) => rs.map((r) => r.kind === 'expect' && r.line === 47 ? { ...r, ok: false, observed: 'x' } : r))]])]
  ])
  const m2 = matrixModel(cols.slice(0, 2).map((c) => ({ ...c, rows: c.rows.filter((r) => r.scenario === 'failover') })), tl)
  const s = m2.scenarios[0]
  t.same(s.everywhere.map((d) => d.line), [47], 'line 47 fails on both')
  t.same(s.differences.map((d) => [d.line, d.holding, d.undecided]), [[48, ['bookworm'], ['bullseye']], [50, ['bookworm'], ['bullseye']]], 'not decided on one, held on the other')
  t.same(expectationRows([{ kernel: 'k', analysis: null, row: { failures: [{ line: 3, text: 'expect x', observed: 'y' }] }, notes: [] }], 'a.scn'),
    [{ file: 'a.scn', line: 3, text: 'expect x', per: { k: { state: 'fail', ms: null, observed: 'y' } } }], 'from the row alone, without a timeline')
})

t.test('the charts of a scenario share one time axis', async (t) => {
  const { m } = fixtureModel()
  const runs = m.scenarios.find((s) => s.name === 'failover').cells.filter((c) => c.analysis).map((c) => c.analysis)
  t.same(runs.map((a) => Math.round(a.duration)), [21105, 19905, 19905])
  t.same(runs.map((a) => Math.round(a.focus.focus)), [5968, 6004, 6004], 'the longer run: a little more room before its first traffic')
  const shared = onOneAxis(runs, CHART_W)
  t.same(shared.map((a) => a.axis), runs.map(() => ({ duration: 21104.965, width: CHART_W })), 'to the longest run, CHART_W wide')
  t.same(shared.map((a) => Math.round(a.focus.focus)), [5968, 5968, 5968], 'the shortest start-up compressed')
  t.same(shared.map((a) => a.duration), runs.map((a) => a.duration), 'each run keeps its own duration')
  const scales = shared.map(timeScale)
  t.same(scales.map((sc) => [sc.x(10000), sc.x(21105), sc.width]), scales.map(() => [scales[0].x(10000), 584, 600]), 'a time is at the same x under every kernel')
  t.equal(onOneAxis([runs[0], analyse(runs[0].all.filter((r) => !['rx', 'tx', 'connect', 'connection'].includes(r.ev)))])[0].focus, null, 'one run without a start-up: none compressed')
  t.throws(() => onOneAxis(runs, 200), { message: 'onOneAxis: width 200 leaves no room for the time axis (more than 248 units needed)' })
})

t.test('the page: the summary table', async (t) => {
  const { m } = fixtureModel()
  const html = report.renderMatrix(m, { title: 'Kernels & <things>', generated: 'now' })
  t.match(html, /^<!DOCTYPE html>/)
  t.equal(html.match(/<script>/g).length, 1, 'one inline script')
  t.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;; style-src &#39;unsafe-inline&#39;; img-src data:; script-src &#39;sha256-[^"]+&#39;">/)
  t.notMatch(html, /(src|href)="(https?:)?\/\//, 'nothing from the network')
  t.match(html, '<title>Kernels &amp; &lt;things&gt;</title>')
  t.match(html, '<body class="matrix">')
  const summary = html.slice(html.indexOf('<table class="summary matrix">'), html.indexOf('</table>'))
  t.same([...summary.matchAll(/<th class="kernel-col" data-kernel="([^"]+)" data-status="([^"]+)"/g)].map((x) => `${x[1]} ${x[2]}`),
    ['bullseye ran', 'bookworm ran', 'trixie ran', 'sid unavailable'], 'a column per kernel, in order')
  t.match(summary, 'bullseye<div class="release mono">5.10.0-46-amd64</div></th>', 'named with its release')
  t.match(summary, 'sid<div class="release">unavailable</div></th>')
  t.match(summary, /<td class="cell fail" data-kernel="bullseye" data-state="fail" title="bullseye \(5\.10\.0-46-amd64\): FAIL, 7 of 8 expectations met; failure detection 4\.76 s"><span class="badge fail">FAIL<\/span><span class="count">7\/8<\/span><div class="detect">detection 4\.76 s<\/div><\/td>/)
  t.match(summary, /<td class="cell pass" data-kernel="bookworm" data-state="pass"[^>]*><span class="badge pass">pass<\/span><span class="count">8\/8<\/span><div class="detect">detection 3\.56 s<\/div>/)
  t.match(summary, /<td class="cell pass" data-kernel="trixie" data-state="pass"[^>]*><span class="badge pass">pass<\/span><span class="knote" title="kernel note: line 31 &quot;expect cli notification=SCTP_ASSOC_CHANGE state=SCTP_SHUTDOWN_COMP within=10s&quot; is for kernels &lt; 6\.12: not checked here \(made up for this fixture[^"]*\)">\*<\/span><span class="count">14\/14<\/span><\/td>/, 'the kernel note marked')
  t.equal(summary.match(/<td class="cell none unavailable" data-kernel="sid" data-state="unavailable" title="sid: the kernel cannot be had \(see the message above\)">unavailable<\/td>/g).length, 2, 'unavailable, with its note')
  t.match(summary, '<td class="diffs"><div>failover.scn:47 fails on bullseye</div></td>')
  t.match(summary, '<td class="diffs"><div>basic.scn:31 * not checked on trixie</div></td>')
  t.match(html, '<li data-kernel="sid"><b>sid</b> unavailable — the kernel cannot be had (see the message above)</li>', 'why a kernel is missing')
  t.match(html, '<li data-kernel="bullseye"><b>bullseye</b> <span class="release mono">5.10.0-46-amd64</span>: ran in 61 s</li>')
  t.match(html, '2 scenarios under 3 kernels (bullseye, bookworm, trixie): 5 of 6 runs passed; sid unavailable · generated now')
  t.match(html, '* : a kernel note applied', 'the mark is explained on the page')
})

t.test('the page: a section per scenario, a column per kernel', async (t) => {
  const { m } = fixtureModel()
  const html = report.renderMatrix(m)
  t.match(html, '<section class="scenario matrix" id="scn-basic" data-scenario="basic" data-status="pass" data-kernels="bullseye bookworm trixie">')
  t.match(html, '<section class="scenario matrix failed" id="scn-failover" data-scenario="failover" data-status="fail" data-kernels="bullseye bookworm trixie">')
  const failover = sectionOf(html, 'scn-failover')
  t.match(failover, '<span class="badge fail">fail: bullseye</span>')
  t.same([...failover.matchAll(/<div class="kernel (\w+)" data-kernel="([^"]+)" data-state="\w+"><div class="kernel-head"><b>[^<]+<\/b> <span class="release mono">([^<]+)<\/span>/g)].map((x) => x.slice(1)),
    [['fail', 'bullseye', '5.10.0-46-amd64'], ['pass', 'bookworm', '6.1.0-57-amd64'], ['pass', 'trixie', '6.12.57+deb13-amd64']], 'a column per kernel that ran, labelled with its release')
  for (const part of ['kernel-facts', 'kernel-timeline', 'kernel-traffic', 'kernel-delivery']) t.equal(failover.split(`<div class="${part}">`).length - 1, 3, `each column has its ${part}`)
  t.match(failover, '<div class="differences" title="per scenario: the expectations')
  t.match(failover, '<li><code>scenarios/failover.scn:47</code> expect cli addresses remoteAddress=server@a within=1s — <span class="not-ok">fails on bullseye</span> (bullseye: observed remoteAddress is 10.2.0.2 (server@b): the primary moved to b); holds on bookworm, trixie</li>')
  t.match(failover, '<p class="muted">Not run under sid (unavailable: the kernel cannot be had (see the message above)).</p>')
  t.match(failover, 'time scale: 0–21.10 s under every kernel, the first 5.97 s compressed')
  t.equal(failover.match(/<figcaption class="legend-row">/g).length, 1 + 3 * 2, 'one key for the timelines; traffic and deliveries captioned per kernel')
  const charts = [...failover.matchAll(/<svg class="chart" viewBox="0 0 (\d+) [\d.]+"[^>]*data-left="(\d+)" data-right="(\d+)" data-split="(\d+)" data-startup-right="(\d+)" data-focus="([\d.]+)" data-duration="([\d.]+)"/g)]
  t.equal(charts.length, 9, 'timeline, traffic, deliveries per kernel')
  t.same(new Set(charts.map((c) => c.slice(1).join(' '))).size, 1, 'all on one time scale')
  t.same(charts[0].slice(1), ['600', '170', '584', '232', '222', '5968.2', '21105'])
  t.match(failover, /<div class="failure"><strong>not ok<\/strong> <code>scenarios\/failover\.scn:47<\/code>/, 'the failure in its column')
  t.match(failover, '<dt title="per agent: from the first link down step', 'the facts say what they mean')
  t.match(failover, '<dd>srv 6.96 s · cli 4.76 s</dd>', 'detection per agent, per kernel')
  // The expectations per kernel.
  const table = failover.slice(failover.indexOf('<details class="per-kernel" open>'))
  t.match(table, '<th class="k" title="the expectations of the scenario, one row each, and per kernel')
  t.match(table, /<tr class="differs" data-line="47"><td class="mono where">scenarios\/failover\.scn:47<\/td><td class="mono">expect cli addresses remoteAddress=server@a within=1s<\/td><td class="k not-ok">not ok <span class="muted">7\.41 ms<\/span><span class="observed">observed: remoteAddress is 10\.2\.0\.2/)
  t.match(table, /<tr class="" data-line="44">.*?<td class="k ok">ok <span class="muted">3\.59 s<\/span><\/td>/)

  const basic = sectionOf(html, 'scn-basic')
  t.match(basic, '<li><code>scenarios/basic.scn:31</code> expect cli notification=SCTP_ASSOC_CHANGE state=SCTP_SHUTDOWN_COMP within=10s — <span class="knote">*</span> for kernels &lt; 6.12, so not checked on trixie: made up for this fixture: no such kernel difference is known</li>')
  t.match(basic, /<tr class="" data-line="31">.*?<td class="k muted" title="for kernels &lt; 6\.12: made up[^"]*">n\/a <span class="knote">\*<\/span><\/td><\/tr>/)
  t.match(basic, '<details class="per-kernel" open>', 'open where a kernel note applied')
  const trixie = basic.slice(basic.indexOf('data-kernel="trixie"'))
  t.match(trixie, '<p class="kernel-note"><span class="knote">*</span> not checked here: line 31 &quot;expect cli notification=SCTP_ASSOC_CHANGE state=SCTP_SHUTDOWN_COMP within=10s&quot; is for kernels &lt; 6.12</p>', 'and in the column of the kernel it applied to')
  t.equal(basic.split('class="kernel-note"').length - 1, 1, 'that one only')

  // A scenario that passed everywhere, alike.
  const { cols, timelines } = fixtureModel()
  const same = report.renderMatrix(matrixModel(cols.slice(0, 2), timelines))
  t.match(sectionOf(same, 'scn-basic'), '<p class="differences none" title="per scenario: the expectations (file:line) that failed under some kernels and held under others, with what was observed, and the kernel notes. An expectation that failed under every kernel is listed apart."><b>Differences</b>: none; the same result under bullseye, bookworm.</p>')
  t.match(sectionOf(same, 'scn-basic'), '<details class="per-kernel"><summary>', 'folded when nothing differs')
  t.notMatch(same, 'Not run under', 'every kernel ran')
})

t.test('every figure on the matrix page is defined on the page', async (t) => {
  const { m } = fixtureModel()
  const html = report.renderMatrix(m)
  const defined = new Set([...html.matchAll(/<dt id="def-[^"]+">([^<]+)<\/dt>/g)].map((x) => x[1]))
  for (const f of ['kernel', 'cell', 'detection', 'kernel note', 'unavailable', 'differences', 'time scale', 'per kernel']) t.ok(defined.has(f), `${f} is defined`)
  for (const f of ['result', 'failure detection', 'primary', 'traffic per path', 'messages delivered', 'waited']) t.ok(defined.has(f), `the single report's ${f} too`)
  const facts = [...html.matchAll(/<dl class="facts">(.*?)<\/dl>/g)].flatMap((x) => [...x[1].matchAll(/<dt[^>]*>([^<]+)<\/dt>/g)].map((d) => d[1]))
  t.equal(facts.length, 6 * 8, 'eight facts per kernel and scenario')
  for (const f of new Set(facts)) t.ok(defined.has(f), `fact "${f}" is defined`)
  const heads = html.slice(html.indexOf('<table class="summary matrix">'), html.indexOf('</thead>'))
  const titled = [...heads.matchAll(/<th\b([^>]*)>/g)].slice(1)
  t.equal(titled.length, KERNELS.length + 1)
  t.ok(titled.every((x) => / title="[^"]{40,}"/.test(x[1])), 'every kernel column and the differences say what they hold')
  t.match(html, '<a href="#definitions">what the figures mean</a>')
})

t.test('report.js --matrix', async (t) => {
  const dir = tmpdir(t)
  const out = path.join(dir, 'matrix.html')
  const r = cli('--matrix', fixture, '--out', out, '--title', 'Fixture matrix')
  t.equal(r.status, 0, r.stderr)
  t.equal(r.stderr, `report: ${out}: 2 scenario(s) under 3 kernel(s) (bullseye, bookworm, trixie; sid unavailable), 1 of 6 run(s) not passed\n`)
  const html = fs.readFileSync(out, 'utf8')
  t.match(html, '<h1>Fixture matrix</h1>')
  const stdout = cli('--matrix', fixture, '--title', 'Fixture matrix')
  t.equal(stdout.status, 0)
  t.equal(stdout.stdout.replace(/generated [^<·]+/, ''), html.replace(/generated [^<·]+/, ''), 'without --out, to stdout')

  const none = cli('--matrix', path.join(dir, 'nope'))
  t.equal(none.status, 1)
  t.equal(none.stderr, `report: ${path.join(dir, 'nope', 'matrix.json')}: no such file (--matrix wants the directory that ci/matrix.js --out wrote)\n`)
  const both = cli('--matrix', fixture, 'a.jsonl')
  t.equal(both.status, 2)
  t.match(both.stderr, 'report: --matrix takes one directory and no timelines (got a.jsonl)')
  t.equal(cli('--matrix').status, 2, 'no directory')
  t.match(cli('--help').stdout, 'report.js --matrix DIR [--out FILE.html] [--title TEXT]')

  // A kernel's problems go to stderr too; the page is still made.
  fs.mkdirSync(path.join(dir, 'm'))
  fs.writeFileSync(path.join(dir, 'm', 'matrix.json'), fs.readFileSync(path.join(fixture, 'matrix.json')))
  fs.cpSync(path.join(fixture, 'bullseye'), path.join(dir, 'm', 'bullseye'), { recursive: true })
  const partial = cli('--matrix', path.join(dir, 'm'), '--out', out)
  t.equal(partial.status, 0)
  t.match(partial.stderr, `report: bookworm: ${path.join(dir, 'm', 'bookworm')}: no such directory: no timelines\n`)
  t.match(fs.readFileSync(out, 'utf8'), 'no such directory: no timelines</div>')
})

t.test('the matrix page in headless Chromium', { timeout: 300000 }, async (t) => {
  const chromium = process.env.CHROMIUM || ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => fs.existsSync(p))
  if (!chromium || !fs.existsSync(chromium)) {
    t.fail('chromium is not installed: install the Debian package "chromium" (apt-get install -y --no-install-recommends chromium) or set CHROMIUM')
    return
  }
  const { inkedShare } = require('../../../ci/report-check.js')
  const dir = tmpdir(t)
  const page = path.join(dir, 'matrix.html')
  t.equal(cli('--matrix', fixture, '--out', page).status, 0)
  const check = (file, ...args) => spawnSync(process.execPath, [path.join(root, 'ci/report-check.js'), file, ...args], { encoding: 'utf8', timeout: 200000 })
  const shots = process.env.REPORT_MATRIX_SHOTS || path.join(root, 'build/report-shots-matrix')
  fs.rmSync(shots, { recursive: true, force: true })
  const ok = check(page, '--expect', 'basic', 'failover', '--expect-kernels', ...KERNELS, '--anchor', 'scn-failover', '--screenshots', shots)
  t.equal(ok.status, 0, 'report-check passes', { stdout: ok.stdout, stderr: ok.stderr })
  t.match(ok.stdout, /^ok 1 - report loads without errors$/m)
  t.match(ok.stdout, /^ok \d+ - shows scenario failover \(fail\)$/m)
  t.match(ok.stdout, /^ok \d+ - shows kernels bullseye, bookworm, trixie, sid$/m)
  t.match(ok.stdout, /^ok \d+ - labels of failover \(#scn-failover\) do not overlap and stay inside their charts \(\d+ labels in 10 figures\)$/m)
  t.match(ok.stdout, /^ok \d+ - kernel columns of basic \(#scn-basic\) line up on one time scale \(3 columns in \d rows?, 9 charts\)$/m)
  t.match(ok.stdout, /^ok \d+ - kernel columns of failover \(#scn-failover\) line up on one time scale \(3 columns in \d rows?, 9 charts\)$/m)
  t.match(ok.stdout, /^ok \d+ - matrix\.html#scn-failover shows that element$/m)
  for (const name of ['summary', 'scn-basic', 'scn-failover']) {
    const png = path.join(shots, `${name}.png`)
    const ink = fs.existsSync(png) ? inkedShare(fs.readFileSync(png)) : null
    t.ok(ink && ink.width > 900 && ink.share > 0.03, `${path.relative(root, png)} shows something`, ink || {})
  }
  // Wide enough for three columns: one row of them.
  const wide = check(page, '--width', '1920', '--expect-kernels', ...KERNELS)
  t.equal(wide.status, 0, 'at 1920 px too', { stdout: wide.stdout })
  t.match(wide.stdout, /^ok \d+ - kernel columns of failover \(#scn-failover\) line up on one time scale \(3 columns in 1 row, 9 charts\)$/m)

  // The checks fail a page that breaks them: columns whose parts do not
  // line up, a chart on a time scale of its own, charts drawn too small,
  // the kernels in another order.
  const html = fs.readFileSync(page, 'utf8')
  const broken = path.join(dir, 'broken.html')
  const unaligned = html.replace('grid-template-rows:subgrid', 'grid-template-rows:none')
  const at = unaligned.indexOf('data-duration="21105"', unaligned.indexOf('data-kernel="bookworm"', unaligned.indexOf('id="scn-failover"')))
  fs.writeFileSync(broken, unaligned.slice(0, at) + 'data-duration="20000"' + unaligned.slice(at + 'data-duration="21105"'.length))
  const no = check(broken, '--expect-kernels', 'bookworm', 'bullseye', 'trixie', 'sid')
  t.equal(no.status, 1, 'report-check fails it')
  t.match(no.stdout, /^not ok \d+ - shows kernels bookworm, bullseye, trixie, sid$/m)
  t.match(no.stdout, "the summary's kernel columns are bullseye, bookworm, trixie, sid")
  t.match(no.stdout, /^not ok \d+ - kernel columns of failover \(#scn-failover\) line up/m)
  t.match(no.stdout, /part 2 \(kernel-facts\) starts at bullseye \d+, bookworm \d+/)
  t.match(no.stdout, /charts on 2 time scales: bullseye\+bookworm\+trixie\s[^;]*duration=21105[^;]*;\s+bookworm\s[^"]*duration=20000/, 'the YAML may fold it, not cut it')
  const narrow = check(page, '--width', '500', '--no-layout')
  t.equal(narrow.status, 0, '--no-layout measures nothing')
  const small = path.join(dir, 'small.html')
  fs.writeFileSync(small, html.replace(`minmax(min(100%,540px),1fr)`, 'minmax(200px,1fr)'))
  const tiny = check(small, '--width', '900')
  t.equal(tiny.status, 1)
  t.match(tiny.stdout, /bullseye: a chart drawn at 0\.\d+ of its size \(less than 0\.75\)/)
})
