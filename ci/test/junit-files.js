'use strict'

// The JUnit files make test wrote (build/test-results/*.xml, by make
// test-junit, from the suites' TAP) parse as JUnit XML and agree with the
// suites' own counts: for host and kernel a testsuite per test file whose
// testcases are its top-level points; for conformance a testsuite per
// scenario and a testcase per expectation, each with file= and line=.

const t = require('../../addon/node_modules/tap')
const fs = require('node:fs')
const path = require('node:path')
const { parseJUnit, suites } = require('./junit-lib')

const results = process.env.RESULTS_DIR || path.join(__dirname, '..', '..', 'build', 'test-results')
const conformance = process.env.CONFORMANCE_DIR || path.join(__dirname, '..', '..', 'build', 'conformance')

function read (name) {
  const xml = fs.readFileSync(path.join(results, `${name}.xml`), 'utf8')
  const counts = JSON.parse(fs.readFileSync(path.join(results, `${name}.json`), 'utf8'))
  return { x: parseJUnit(xml), counts }
}

for (const name of ['host', 'kernel']) {
  t.test(`${name}.xml`, async (t) => {
    const { x, counts } = read(name)
    t.ok(x.ok, `well-formed${x.error ? `: ${x.error}` : ''}`)
    const top = x.doc.testsuites.testsuite || []
    t.equal(top.length, counts.files.length, 'a testsuite per test file')
    for (const f of counts.files) {
      const s = top.find((s) => s.name === f.file)
      if (!t.ok(s, `${f.file} has its testsuite`)) continue
      const cases = s.testcase || []
      // A file that failed without a point of its own has none to show.
      if (f.failures.some((x) => x.startsWith('not ok - '))) continue
      t.equal(cases.length, f.passed + f.failed + f.skipped, `${f.file}: a testcase per point`)
      t.equal(cases.filter((c) => c.failure !== undefined).length, f.failed, `${f.file}: the failing ones have <failure>`)
    }
  })
}

t.test('conformance.xml', async (t) => {
  const { x, counts } = read('conformance')
  t.ok(x.ok, `well-formed${x.error ? `: ${x.error}` : ''}`)
  const all = suites(x.doc.testsuites)
  const rows = JSON.parse(fs.readFileSync(path.join(conformance, 'summary.json'), 'utf8'))
  t.equal(all.length, rows.length, `a testsuite per scenario (${rows.length})`)
  t.ok(all.every((s) => /\.scn$/.test(s.name)), 'named by the scenario file')
  const cases = all.flatMap((s) => s.testcase || [])
  t.equal(cases.length, counts.passed + counts.failed, 'a testcase per expectation')
  t.equal(cases.filter((c) => c.failure !== undefined).length, counts.failed, 'failures agree')
  // A point of a scenario that did not run or stopped names the file only.
  const located = cases.filter((c) => c.file && /^\d+$/.test(c.line) && c.name.startsWith(`${c.file}:${c.line}: `))
  const named = cases.filter((c) => /^\S+:\d+: /.test(c.name))
  t.equal(located.length, named.length, 'every testcase named file:line has those as file= and line=')
  t.ok(named.length >= counts.passed, 'every expectation met is named so')
})
