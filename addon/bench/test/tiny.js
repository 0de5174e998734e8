'use strict'

// The benchmarks in a tiny configuration, so that they cannot rot: the
// whole of addon/bench/run.js runs once with small counts, and every
// workload must yield well-formed rows for each implementation it covers
// (event latency has no TCP row: TCP has no such events). Nothing here
// asserts a speed.

const t = require('tap')
const fs = require('node:fs')
const path = require('node:path')
const { spawnSync } = require('node:child_process')

const ROOT = path.resolve(__dirname, '../../..')
const OUT = path.join(ROOT, 'build/bench/tiny/results.json')

const WORKLOADS = {
  throughput: { impls: ['c', 'addon', 'tcp'], units: ['msg/s', 'MB/s', 'us/msg'], sizes: [64, 1024, 16384] },
  roundtrip: { impls: ['c', 'addon', 'tcp'], units: ['rt/s', 'us/rt'], sizes: [64] },
  associations: { impls: ['c', 'addon', 'tcp'], units: ['ms', 'KiB'], sizes: [64] },
  scale: { impls: ['c', 'addon', 'tcp'], units: ['ms', 'KiB'], sizes: [64] },
  'event-latency': { impls: ['c', 'addon'], units: ['ms'], sizes: [0] }
}

fs.rmSync(OUT, { force: true })
const r = spawnSync(process.execPath, [path.join(ROOT, 'addon/bench/run.js'), '--tiny', '--out', OUT],
  { encoding: 'utf8', timeout: 240000 })
t.equal(r.status, 0, 'run.js --tiny exits with 0', { stderr: r.stderr.slice(-2000) })
t.comment(r.stdout.replace(/\n$/, '').split('\n').join('\n# '))

let rows = []
try {
  rows = JSON.parse(fs.readFileSync(OUT, 'utf8'))
} catch (err) {
  t.fail(`results.json is readable JSON: ${err.message}`)
}
t.ok(Array.isArray(rows) && rows.length > 0, 'results.json is a non-empty array')

t.test('every row is well-formed', async (t) => {
  for (const row of rows) {
    const name = `${row.workload} ${row.size} ${row.mode} ${row.impl} ${row.metric}`
    t.ok(row.workload in WORKLOADS, `${name}: known workload`)
    t.ok(Number.isInteger(row.size) && row.size >= 0, `${name}: size in bytes`)
    t.ok(['default', 'tuned'].includes(row.mode), `${name}: mode`)
    t.ok(['c', 'addon', 'tcp'].includes(row.impl), `${name}: impl`)
    t.ok(['msg/s', 'MB/s', 'us/msg', 'rt/s', 'us/rt', 'ms', 'KiB'].includes(row.unit), `${name}: unit`)
    t.ok([row.median, row.min, row.max].every(Number.isFinite), `${name}: finite figures`)
    t.ok(row.min <= row.median && row.median <= row.max, `${name}: min <= median <= max`)
    t.ok(row.reps >= (row.workload === 'scale' ? 1 : 2), `${name}: repetitions`)
    t.notOk(row.errors, `${name}: no problem reported`, { errors: row.errors })
    if (row.impl !== 'tcp') t.type(row.snmp, 'object', `${name}: kernel counter deltas`)
  }
})

t.test('each workload has rows for each implementation', async (t) => {
  for (const [workload, want] of Object.entries(WORKLOADS)) {
    for (const impl of want.impls) {
      const mine = rows.filter((r) => r.workload === workload && r.impl === impl)
      t.ok(mine.length > 0, `${workload} ${impl}`)
      t.same([...new Set(mine.map((r) => r.unit))].sort(), [...want.units].sort(), `${workload} ${impl}: units`)
      t.same([...new Set(mine.map((r) => r.size))].sort((a, b) => a - b), want.sizes, `${workload} ${impl}: sizes`)
    }
  }
})
