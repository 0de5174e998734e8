#!/usr/bin/env node
'use strict'

// The table of ci/test-load: one row per run under load (test points
// passed and failed per suite, wall time), then every failure by test file
// or scenario with the runs it failed in, and the closing line
// "N passed, N failed" over all runs. Exit 1 on any failure, and when a
// run's suite wrote no result.
//   node ci/load-summary.js DIR RUNS CPUS

const fs = require('node:fs')
const path = require('node:path')

const SUITES = ['kernel', 'conformance']

function readRun (dir) {
  const run = { suites: {}, seconds: NaN }
  try {
    run.seconds = Number(fs.readFileSync(path.join(dir, 'seconds'), 'utf8'))
  } catch {}
  for (const s of SUITES) {
    try {
      run.suites[s] = JSON.parse(fs.readFileSync(path.join(dir, `${s}.json`), 'utf8'))
    } catch {
      run.suites[s] = null
    }
  }
  return run
}

function main () {
  const [dir, runsArg, cpus] = process.argv.slice(2)
  const runs = Number(runsArg)
  let passed = 0
  let failed = 0
  const failures = new Map() // "suite file: point" -> [run numbers]
  const rows = []
  for (let k = 1; k <= runs; k++) {
    const run = readRun(path.join(dir, `run${k}`))
    const cells = [String(k)]
    for (const s of SUITES) {
      const r = run.suites[s]
      if (!r) {
        failed++
        cells.push('no result')
        note(failures, `${s}: the suite wrote no result`, k)
        continue
      }
      passed += r.passed
      failed += r.failed
      cells.push(`${r.passed}/${r.passed + r.failed}`)
      for (const f of r.files) {
        for (const x of f.failures || []) note(failures, `${s} ${f.file}: ${x.trim()}`, k)
      }
    }
    const min = Number.isFinite(run.seconds) ? `${Math.floor(run.seconds / 60)} min ${run.seconds % 60} s` : '?'
    cells.push(min)
    rows.push(cells)
  }
  console.log(`# ${runs} run(s) of the kernel suite and the conformance run under stress-ng --cpu ${cpus}`)
  console.log('# | run | kernel | conformance | time |')
  console.log('# | --- | --- | --- | --- |')
  for (const r of rows) console.log(`# | ${r.join(' | ')} |`)
  if (failures.size) {
    console.log('# failures (runs):')
    for (const [what, ks] of failures) console.log(`#   ${what} (run ${ks.join(', ')})`)
  }
  console.log(`${passed} passed, ${failed} failed`)
  process.exitCode = failed > 0 ? 1 : 0
}

function note (map, key, k) {
  if (!map.has(key)) map.set(key, [])
  map.get(key).push(k)
}

main()
