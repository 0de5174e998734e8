#!/usr/bin/env node
'use strict'

// Line coverage of the addon's JS layer (addon/lib) over every test that
// ran with NODE_V8_COVERAGE pointing at RAW_DIR (host and kernel suites),
// reported by c8 and checked against a floor. Prints TAP and writes the
// suite's result like ci/run-tap.js does.
//   node ci/coverage.js RAW_DIR OUT.json [MIN_LINES]

const { spawnSync } = require('node:child_process')
const fs = require('node:fs')
const path = require('node:path')

const [raw, out, minArg] = process.argv.slice(2)
const min = Number(minArg || 90)
const root = path.resolve(__dirname, '..')
const c8 = path.join(root, 'addon/node_modules/c8/bin/c8.js')
const reportDir = path.join(path.dirname(raw), 'report')

const r = spawnSync(process.execPath, [c8, 'report',
  '--temp-directory', raw,
  '--report-dir', reportDir,
  '--reporter', 'json-summary', '--reporter', 'text',
  '--include', 'addon/lib/**',
  '--exclude-after-remap=false',
  '--all', '--src', 'addon/lib'], { cwd: root, encoding: 'utf8' })

let pct = NaN
try {
  const summary = JSON.parse(fs.readFileSync(path.join(reportDir, 'coverage-summary.json'), 'utf8'))
  pct = summary.total.lines.pct
} catch {}

const ok = r.status === 0 && pct >= min
console.log('TAP version 13')
console.log((r.stdout || '').replace(/^/gm, '# '))
if (r.stderr) console.log(r.stderr.replace(/^/gm, '# '))
console.log(`${ok ? 'ok' : 'not ok'} 1 - addon/lib line coverage ${pct}% (floor ${min}%)`)
console.log('1..1')
fs.mkdirSync(path.dirname(out), { recursive: true })
fs.writeFileSync(out, JSON.stringify({
  suite: 'coverage',
  passed: ok ? 1 : 0,
  failed: ok ? 0 : 1,
  skipped: 0,
  runner: 'host',
  kernel: require('node:os').release(),
  files: [{ file: 'addon/lib', passed: ok ? 1 : 0, failed: ok ? 0 : 1, failures: ok ? [] : [`line coverage ${pct}% < ${min}%`] }]
}, null, 2) + '\n')
process.exitCode = ok ? 0 : 1
