'use strict'

// The scenario report (testbed/report/report.js) from two recorded
// timelines, and the page checked in headless Chromium (ci/report-check.js).
// Runs on the host: no SCTP, no namespaces; needs the Debian package
// `chromium`.
//
//   fixtures/basic.jsonl     a real `tb run --timeline` of scenarios/basic.scn (passes)
//   fixtures/failover.jsonl  made from it by hand: link down a / link up a / addr del b,
//                            one failing expectation (failover.scn:31)

const t = require('../../../addon/node_modules/tap')
const { spawnSync } = require('node:child_process')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const report = require('../report.js')

const root = path.resolve(__dirname, '../../..')
const fixture = (name) => fs.readFileSync(path.join(__dirname, 'fixtures', name), 'utf8')
const basic = report.parseTimeline(fixture('basic.jsonl'))
const failover = report.parseTimeline(fixture('failover.jsonl'))

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
    file: 'scenarios/basic.scn', line: 13, text: 'expect srv event=listening within=15s', agent: 'srv', ok: true, elapsedMs: 2247.997, observed: ''
  })
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
    line: 27, text: 'link down a', t: 6000.6, ms: 2412.3, agent: 'cli', address: '10.1.0.2', by: 'SCTP_ADDR_UNREACHABLE notification', pfMs: 1001.2
  }])
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
  t.match(summary, /<td class="num">2\.41 s<\/td><td class="num">505 ms<\/td><td class="num">1\.01 s<\/td>/, 'detection, recovery, gap')
  t.match(section, /<tr class="not-ok" data-line="31"><td class="not-ok">not ok<\/td>/)
  // Path states as bands, network changes as markers, notifications, address changes.
  t.match(section, /fill="#d64545"><title>10\.1\.0\.2: SCTP_INACTIVE from 8\.414 s/)
  t.match(section, /fill="#e8a317"><title>10\.1\.0\.2: SCTP_PF from 7\.002 s/)
  t.match(section, '<text class="step-label"')
  t.match(section, '>link down a<title>')
  t.match(section, /<title>8\.413 s cli: SCTP_PEER_ADDR_CHANGE SCTP_ADDR_UNREACHABLE 10\.1\.0\.2<\/title>/)
  t.match(section, /<path d="[^"]+" fill="#3366cc"><title>9\.432 s cli: address-change/)
  t.match(section, '<path class="stream"', 'deliveries per stream')
  t.match(section, 'stream 3: 500')
  t.equal(html.match(/<script>/g).length, 1, 'one inline script')
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

t.test('the page in headless Chromium', { timeout: 240000 }, async (t) => {
  const chromium = chromiumPath()
  if (!chromium) {
    t.fail('chromium is not installed: install the Debian package "chromium" (apt-get install -y --no-install-recommends chromium) or set CHROMIUM')
    return
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'report-test-'))
  t.teardown(() => fs.rmSync(dir, { recursive: true, force: true }))
  const page = path.join(dir, 'report.html')
  const gen = spawnSync(process.execPath, [path.join(root, 'testbed/report/report.js'), '--out', page,
    path.join(__dirname, 'fixtures/basic.jsonl'), path.join(__dirname, 'fixtures/failover.jsonl')], { encoding: 'utf8' })
  t.equal(gen.status, 0, 'the CLI writes the page')
  t.match(gen.stderr, '2 scenario(s), 1 not passed')

  const check = (file, ...args) => spawnSync(process.execPath, [path.join(root, 'ci/report-check.js'), file, ...args], { encoding: 'utf8', timeout: 120000 })
  const ok = check(page, '--expect-scenarios', '2', '--expect', 'basic', 'failover')
  t.equal(ok.status, 0, 'report-check passes', { stdout: ok.stdout, stderr: ok.stderr })
  t.match(ok.stdout, /^ok 1 - report loads without errors$/m)
  t.match(ok.stdout, /^ok 2 - shows 2 scenarios$/m)
  t.match(ok.stdout, /^ok 3 - shows scenario basic \(pass\)$/m)
  t.match(ok.stdout, /^ok 4 - shows scenario failover \(fail\)$/m)
  t.match(ok.stdout, /^1\.\.4$/m)
  const took = /# chromium took ([\d.]+) s/.exec(ok.stdout)
  if (took) t.comment(`chromium took ${took[1]} s`)

  // A page whose script was changed no longer runs (its hash is in the CSP).
  const tampered = path.join(dir, 'tampered.html')
  fs.writeFileSync(tampered, fs.readFileSync(page, 'utf8').replace("var errors = []", "var errors = [] "))
  const bad = check(tampered)
  t.equal(bad.status, 1, 'report-check fails a page whose script did not run')
  t.match(bad.stdout, /^not ok 1 - report loads without errors$/m)
  t.match(bad.stdout, 'Content Security Policy')

  const missing = check(page, '--expect', 'nope')
  t.equal(missing.status, 1)
  t.match(missing.stdout, /^not ok 2 - shows scenario nope$/m)
  t.match(missing.stdout, 'no section for nope (found: basic, failover)')
})
