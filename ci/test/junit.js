'use strict'

// ci/junit.mjs: TAP in, JUnit XML out (tap's own JUnit reporter): a
// testsuite per subtest, a testcase per point, a <failure> for each failing
// one, file= and line= from the point's YAML, and XML that parses.

const t = require('../../addon/node_modules/tap')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const { spawnSync } = require('node:child_process')
const { parseJUnit, suites } = require('./junit-lib')

const root = path.join(__dirname, '..', '..')
const junit = path.join(root, 'ci', 'junit.mjs')

const TAP = `TAP version 14
# Subtest: scenarios/a.scn
    ok 1 - scenarios/a.scn:12: expect client event=connect within=5s
      ---
      file: "scenarios/a.scn"
      line: 12
      ...
    not ok 2 - scenarios/a.scn:20: expect server peer-info a state=ACTIVE within=1s
      ---
      file: "scenarios/a.scn"
      line: 20
      at: scenarios/a.scn:20
      observed: "a: INACTIVE <&> \\"quoted\\""
      ...
    1..2
not ok 1 - scenarios/a.scn # time=1200ms
# Subtest: scenarios/b.scn
    ok 1 - scenarios/b.scn:3: expect client event=connect within=5s
    1..1
ok 2 - scenarios/b.scn # time=300ms
1..2
`

t.test('a TAP document becomes JUnit XML', async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'junit-'))
  t.teardown(() => fs.rmSync(dir, { recursive: true, force: true }))
  fs.writeFileSync(path.join(dir, 'in.tap'), TAP)
  const r = spawnSync(process.execPath, [junit, '--out', dir, `scn=${path.join(dir, 'in.tap')}`, path.join(dir, 'missing.tap')], { encoding: 'utf8' })
  t.equal(r.status, 1, 'exit 1: one input was missing')
  t.match(r.stderr, /no .*missing\.tap \(that suite did not run\)/, 'the missing one is named')
  const x = parseJUnit(fs.readFileSync(path.join(dir, 'scn.xml'), 'utf8'))
  t.ok(x.ok, `scn.xml is well-formed XML${x.error ? `: ${x.error}` : ''}`)
  const all = suites(x.doc.testsuites)
  t.same(all.map((s) => s.name), ['scenarios/a.scn', 'scenarios/b.scn'], 'a testsuite per subtest')
  const [a, b] = all
  t.equal(a.testcase.length, 2, 'a: a testcase per point')
  t.equal(b.testcase.length, 1, 'b: a testcase per point')
  t.equal(a.testcase.filter((c) => c.failure !== undefined).length, 1, 'a: one testcase failed')
  t.not(a.failures, '0', 'a: the suite counts failures')
  t.equal(b.failures, '0', 'b: none')
  const [ok, bad] = a.testcase
  t.equal(ok.name, 'scenarios/a.scn:12: expect client event=connect within=5s', 'named by file:line and the line')
  t.equal(ok.file, 'scenarios/a.scn', 'file=')
  t.equal(ok.line, '12', 'line=')
  t.notOk(ok.failure, 'a passing point has no <failure>')
  t.ok(bad.failure, 'a failing point has a <failure>')
  t.match(String(bad.failure), /observed: .*INACTIVE <&> \\?"quoted/, 'with what was observed, escaped and read back')
  t.equal(bad.line, '20', 'its line=')
  t.notOk(fs.existsSync(path.join(dir, 'missing.xml')), 'nothing written for the missing input')
})

t.test('the XML check can fail', async (t) => {
  t.notOk(parseJUnit('<testsuites><testsuite></testsuites>').ok, 'unbalanced tags are refused')
})
