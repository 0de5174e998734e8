#!/usr/bin/env node
'use strict'

// make test's report suite: the conformance report that the run just left
// (build/conformance/report.html) loads in headless chromium, shows every
// scenario named in REPORT_SCENARIOS (space-separated), no label of any of
// them overlaps another or passes its chart, and a link to one scenario
// (failover's, or the first's) shows that scenario. TAP from
// ci/report-check.js, passed through.

const path = require('node:path')
const { spawnSync } = require('node:child_process')

const root = path.join(__dirname, '..')
const names = (process.env.REPORT_SCENARIOS || '').split(/\s+/).filter(Boolean)
const report = process.env.REPORT || path.join(root, 'build', 'conformance', 'report.html')
if (names.length === 0) {
  console.log('TAP version 13\n1..1\nnot ok 1 - REPORT_SCENARIOS names no scenario')
  process.exit(1)
}
// The section ids are the names' slugs (testbed/report/lib/format.js).
const anchor = `scn-${(names.includes('failover') ? 'failover' : names[0]).toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')}`
const r = spawnSync(process.execPath, [path.join(__dirname, 'report-check.js'), report, '--expect', ...names, '--anchor', anchor],
  { stdio: 'inherit' })
process.exit(r.status === null ? 1 : r.status)
