'use strict'

// Repetitions of one messaging workload, in rounds, and which rounds count.
//
// Each round runs every run (an implementation in a mode) once, the order
// reversed every other round (c addon tcp, then tcp addon c): a machine
// that slows down steadily then costs the addon and C alike over two
// rounds. A round's results of one mode are kept only if C's repetition
// in it was clean (no receive discard, no T3 timeout: C's receiver lost
// nothing) and its value is within `band` (a fraction) of C's usual value
// in that mode: the one of C's clean values whose band holds the most of
// them (nearest the median on a tie). Pinned to its CPUs and losing
// nothing, C's rate is steady on a steady machine (measured/5-pinned-peers.md), so a C repetition far off it means the
// machine's speed moved under it, and the other implementations'
// repetitions of that round are not comparable to the rest. When none of
// C's repetitions was clean, or `lossless` is false (the tiny run, whose
// 60 ms repetitions often lose a chunk), all count. Rounds go on until
// `reps` rounds are kept in every mode, or `maxRounds` have run.
//
// rep(run) returns { value, clean, commit() } or null (no sample);
// commit() is called for each kept result, in round order. clean: false
// when the repetition saw a loss (absent: clean).

function median (xs) {
  const s = [...xs].sort((a, b) => a - b)
  const m = s.length >> 1
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2
}

const within = (v, ref, band) => Math.abs(v - ref) <= band * ref

// The value of xs whose band holds the most of xs; nearest the median on
// a tie. NaN for no values.
function usual (xs, band) {
  const mid = median(xs)
  let best = NaN
  let most = 0
  for (const x of xs) {
    const n = xs.filter((y) => within(y, x, band)).length
    if (n > most || (n === most && Math.abs(x - mid) < Math.abs(best - mid))) {
      best = x
      most = n
    }
  }
  return best
}

// How C's results in `tried` judge the rounds of `mode`: C's result in
// each round, C's usual value (among its clean results; among all, if none
// is clean or cleanliness is not asked for) and the rounds kept.
function judge (tried, runs, mode, band, lossless) {
  const c = runs.find((r) => r.impl === 'c' && r.mode === mode)
  const results = tried.map((round) => (c && round.get(c)) || null)
  const done = results.filter((res) => res && Number.isFinite(res.value))
  const clean = lossless ? done.filter((res) => res.clean !== false) : []
  const ref = usual((clean.length ? clean : done).map((res) => res.value), band)
  const kept = tried.filter((round, i) => {
    const res = results[i]
    return res && (!clean.length || res.clean !== false) && within(res.value, ref, band)
  })
  return { results, usual: ref, kept }
}

// Returns, per mode, { tried, kept, rejected } (counts of rounds) and
// `usual` and `left` (C's values in the rounds left out), for the log.
async function rounds (runs, { reps, maxRounds, band, lossless = true }, rep) {
  const modes = [...new Set(runs.map((r) => r.mode))]
  const tried = []
  const enough = () => tried.length >= reps &&
    modes.every((m) => judge(tried, runs, m, band, lossless).kept.length >= reps)
  while (tried.length < maxRounds && !enough()) {
    const order = tried.length % 2 ? [...runs].reverse() : runs
    const round = new Map()
    for (const r of order) round.set(r, await rep(r))
    tried.push(round)
  }
  const out = {}
  for (const mode of modes) {
    const { results, usual: ref, kept: keptList } = judge(tried, runs, mode, band, lossless)
    const kept = new Set(keptList)
    for (const round of kept) {
      for (const r of runs) {
        const res = round.get(r)
        if (r.mode === mode && res) res.commit()
      }
    }
    const left = tried.flatMap((round, i) => kept.has(round) ? [] : [results[i]])
      .map((res) => res ? (res.clean === false ? `${Math.round(res.value)} (lost)` : Math.round(res.value)) : NaN)
    out[mode] = { tried: tried.length, kept: kept.size, rejected: tried.length - kept.size, usual: ref, left }
  }
  return out
}

module.exports = { rounds, usual, median }
