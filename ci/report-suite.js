#!/usr/bin/env node
'use strict'

// make test's report suite, in headless chromium (ci/report-check.js):
//
// - the conformance report that the run just left
//   (build/conformance/report.html) loads, shows every scenario named in
//   REPORT_SCENARIOS (space-separated), no label of any of them overlaps
//   another or passes its chart, and a link to one scenario (failover's,
//   or the first's) shows that scenario;
// - the kernel matrix's page (testbed/report/report.js --matrix), made
//   here from the fixture testbed/report/test/fixtures/matrix (three
//   kernels that ran, one unavailable) into a directory of its own: the
//   same, and a column per kernel in its table and sections, the columns
//   lined up on one time scale.
//
// One TAP stream: report-check's points of the first page as they are,
// then those of the second, numbered on and named "matrix page: ...".

const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const { spawnSync } = require('node:child_process')

const root = path.join(__dirname, '..')
const names = (process.env.REPORT_SCENARIOS || '').split(/\s+/).filter(Boolean)
const report = process.env.REPORT || path.join(root, 'build', 'conformance', 'report.html')
const matrixFixture = path.join(root, 'testbed', 'report', 'test', 'fixtures', 'matrix')

if (names.length === 0) {
  console.log('TAP version 13\n1..1\nnot ok 1 - REPORT_SCENARIOS names no scenario')
  process.exit(1)
}

let n = 0
let failed = 0
// Pass report-check's TAP on, its points numbered on from n.
function relay (stdout, prefix) {
  for (const line of stdout.split('\n')) {
    if (/^TAP version|^1\.\.\d+$/.test(line) || line === '') continue
    const m = /^(not ok|ok)\b(?: \d+)?(?: - )?(.*)$/.exec(line)
    if (!m) {
      console.log(line)
      continue
    }
    n++
    if (m[1] === 'not ok') failed++
    console.log(`${m[1]} ${n} - ${prefix}${m[2]}`)
  }
}
function check (args, prefix) {
  const r = spawnSync(process.execPath, [path.join(__dirname, 'report-check.js'), ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], timeout: 240000 })
  relay(r.stdout || '', prefix)
  if (r.status !== 0 && !/^not ok/m.test(r.stdout || '')) {
    n++
    failed++
    console.log(`not ok ${n} - ${prefix}report-check exited ${r.status ?? r.signal} without a failing point`)
  }
}

console.log('TAP version 13')

// The section ids are the names' slugs (testbed/report/lib/format.js).
const slug = (s) => s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')
check([report, '--expect', ...names, '--anchor', `scn-${slug(names.includes('failover') ? 'failover' : names[0])}`], '')

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'report-suite-'))
try {
  const page = path.join(dir, 'matrix.html')
  const made = spawnSync(process.execPath, [path.join(root, 'testbed', 'report', 'report.js'), '--matrix', matrixFixture, '--out', page], { encoding: 'utf8' })
  n++
  const ok = made.status === 0 && fs.existsSync(page)
  if (!ok) failed++
  console.log(`${ok ? 'ok' : 'not ok'} ${n} - matrix page: report.js --matrix renders the fixture matrix`)
  if (!ok) console.log(`  ---\n  exit: ${made.status}\n  stderr: ${JSON.stringify(made.stderr)}\n  ...`)
  else {
    // Its kernels, and the scenarios they ran, as the fixture's matrix.json says.
    const cols = JSON.parse(fs.readFileSync(path.join(matrixFixture, 'matrix.json'), 'utf8'))
    const scenarios = [...new Set(cols.flatMap((c) => c.rows.map((r) => r.scenario)))]
    check([page, '--expect', ...scenarios, '--expect-kernels', ...cols.map((c) => c.name), '--anchor', `scn-${slug(scenarios.includes('failover') ? 'failover' : scenarios[0])}`], 'matrix page: ')
  }
} finally {
  fs.rmSync(dir, { recursive: true, force: true })
}

console.log(`1..${n}`)
process.exit(failed ? 1 : 0)
