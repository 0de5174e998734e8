'use strict'

// Which messaging rounds the benchmark keeps (rounds.js), with made-up
// repetitions: no kernel, no timing.

const t = require('tap')
const { rounds, usual, median } = require('../rounds')

const RUNS = []
for (const mode of ['default', 'tuned']) for (const impl of ['c', 'addon', 'tcp']) RUNS.push({ mode, impl })
const name = (r) => `${r.mode} ${r.impl}`

// rep() gives value(run, round index); records the order and the commits.
function bench (value) {
  const log = { order: [], committed: new Map(RUNS.map((r) => [r, []])) }
  let calls = 0
  const rep = async (r) => {
    const i = Math.floor(calls++ / RUNS.length)
    log.order.push(`${i} ${name(r)}`)
    const v = value(r, i)
    if (v === null) return null
    return { value: v, commit: () => log.committed.get(r).push(i) }
  }
  return { log, rep }
}

const run = (mode, impl) => RUNS.find((r) => r.mode === mode && r.impl === impl)

t.test('a steady machine: reps rounds, order reversed every other round', async (t) => {
  const { log, rep } = bench((r) => (r.impl === 'c' ? 1000 : 900))
  const out = await rounds(RUNS, { reps: 3, maxRounds: 6, band: 0.2 }, rep)
  t.same(out, { default: { tried: 3, kept: 3, rejected: 0, usual: 1000, left: [] }, tuned: { tried: 3, kept: 3, rejected: 0, usual: 1000, left: [] } })
  t.same(log.order.slice(0, 6), RUNS.map((r) => `0 ${name(r)}`))
  t.same(log.order.slice(6, 12), [...RUNS].reverse().map((r) => `1 ${name(r)}`))
  for (const r of RUNS) t.same(log.committed.get(r), [0, 1, 2], `${name(r)}: every round, in order`)
})

t.test('a round where C is off by more than the band is left out of that mode only', async (t) => {
  // Round 1: C default at half speed; C tuned 10% slow (within 20%).
  const { log, rep } = bench((r, i) => {
    if (r.impl !== 'c') return 500
    if (i === 1) return r.mode === 'default' ? 500 : 900
    return 1000
  })
  const out = await rounds(RUNS, { reps: 3, maxRounds: 6, band: 0.2 }, rep)
  t.same(out.default, { tried: 4, kept: 3, rejected: 1, usual: 1000, left: [500] }, 'one more round run')
  t.same(out.tuned, { tried: 4, kept: 4, rejected: 0, usual: 1000, left: [] })
  for (const impl of ['c', 'addon', 'tcp']) {
    t.same(log.committed.get(run('default', impl)), [0, 2, 3], `default ${impl}: round 1 left out`)
    t.same(log.committed.get(run('tuned', impl)), [0, 1, 2, 3], `tuned ${impl}: every round`)
  }
})

t.test('C slower in a round than the band allows, and faster', async (t) => {
  const c = [1000, 1300, 1000, 700, 1000, 1000]
  const { log, rep } = bench((r, i) => (r.impl === 'c' ? c[i] : 1))
  const out = await rounds(RUNS, { reps: 3, maxRounds: 6, band: 0.2 }, rep)
  t.same(out.default, { tried: 5, kept: 3, rejected: 2, usual: 1000, left: [1300, 700] })
  t.same(log.committed.get(run('default', 'addon')), [0, 2, 4])
})

t.test('a machine that never settles: at most maxRounds, fewer kept', async (t) => {
  const c = [1000, 2000, 4000, 8000, 16000, 32000, 64000]
  const { log, rep } = bench((r, i) => (r.impl === 'c' ? c[i] : 1))
  const out = await rounds(RUNS, { reps: 3, maxRounds: 5, band: 0.2 }, rep)
  t.equal(log.order.length, 5 * RUNS.length, 'five rounds, no more')
  t.match(out.default, { tried: 5, kept: 1, rejected: 4 }, 'one round kept')
  t.same(log.committed.get(run('default', 'addon')), [2], 'the one nearest the median: no band holds two')
})

t.test('a round with no C result is not kept; an addon without one commits nothing', async (t) => {
  const { log, rep } = bench((r, i) => {
    if (r.impl === 'c') return i === 0 && r.mode === 'tuned' ? null : 1000
    if (r.impl === 'addon' && i === 2) return null
    return 800
  })
  const out = await rounds(RUNS, { reps: 3, maxRounds: 6, band: 0.2 }, rep)
  t.match(out.tuned, { tried: 4, kept: 3, rejected: 1 })
  t.same(log.committed.get(run('tuned', 'c')), [1, 2, 3])
  t.same(log.committed.get(run('default', 'addon')), [0, 1, 3], 'round 2 kept, but no addon sample in it')
})

t.test('a bimodal C: the larger cluster is kept, not the empty middle', async (t) => {
  // The median (9,000) is more than 20% from every value.
  const c = [6000, 12000, 6500, 12500, 6200, 11800, 6100, 12200, 6300, 11900]
  const { log, rep } = bench((r, i) => (r.impl === 'c' ? c[i] : 1))
  const out = await rounds(RUNS, { reps: 5, maxRounds: 10, band: 0.2 }, rep)
  t.equal(out.default.kept, 5, 'five rounds kept')
  t.ok(out.default.usual === 6500 || out.default.usual === 11800, `usual ${out.default.usual}: in a cluster`)
  t.equal(log.committed.get(run('default', 'addon')).length, 5)
})

t.test('C judged by its clean repetitions: a lossy one is left out, and does not set the usual rate', async (t) => {
  // C's lossy repetitions (rounds 0, 2, 3) are the slow cluster; its clean
  // ones (1, 4, 5) the fast one.
  const c = [1500, 4000, 1450, 1600, 3900, 4100]
  const lossy = new Set([0, 2, 3])
  const log = { committed: [] }
  let calls = 0
  const rep = async (r) => {
    const i = Math.floor(calls++ / RUNS.length)
    if (r.mode !== 'default') return { value: 1, commit () {} }
    if (r.impl !== 'c') return { value: 1, commit: () => r.impl === 'addon' && log.committed.push(i) }
    return { value: c[i], clean: !lossy.has(i), commit () {} }
  }
  const out = await rounds(RUNS, { reps: 3, maxRounds: 6, band: 0.2 }, rep)
  t.equal(out.default.usual, 4000, 'the usual rate is the clean cluster\'s')
  t.same(log.committed, [1, 4, 5], 'the rounds where C lost nothing')
  t.same(out.default.left, ['1500 (lost)', '1450 (lost)', '1600 (lost)'], 'the log marks the lossy ones')
})

t.test('lossless: false (the tiny run): C\'s lossy repetitions count', async (t) => {
  let calls = 0
  const rep = async (r) => {
    const i = Math.floor(calls++ / RUNS.length)
    return { value: r.impl === 'c' ? 1000 : 1, clean: i === 0, commit () {} }
  }
  const out = await rounds(RUNS, { reps: 3, maxRounds: 6, band: 0.5, lossless: false }, rep)
  t.same(out.default, { tried: 3, kept: 3, rejected: 0, usual: 1000, left: [] })
})

t.test('C never clean: its values all count', async (t) => {
  const c = [1000, 1000, 1000]
  let calls = 0
  const rep = async (r) => {
    const i = Math.floor(calls++ / RUNS.length)
    return { value: r.impl === 'c' ? c[i] : 1, clean: false, commit () {} }
  }
  const out = await rounds(RUNS, { reps: 3, maxRounds: 6, band: 0.2 }, rep)
  t.same(out.default, { tried: 3, kept: 3, rejected: 0, usual: 1000, left: [] })
})

t.test('usual', async (t) => {
  t.equal(usual([100, 101, 99, 300], 0.2), 100, 'the cluster, nearest the median')
  t.equal(usual([100, 300, 310, 320], 0.2), 300, 'the cluster; 300 and 310 equally near the median: the first')
  t.equal(usual([100, 200], 0.2), 100, 'a tie: nearest the median (both are), the first')
  t.ok(Number.isNaN(usual([], 0.2)))
})

t.test('median', async (t) => {
  t.equal(median([3, 1, 2]), 2)
  t.equal(median([4, 1, 3, 2]), 2.5)
})
