'use strict'

// Repetitions of one messaging workload, in rounds, and which rounds count.
//
// Each round runs every run (an implementation in a mode) once, the order
// reversed every other round (c addon tcp, then tcp addon c): a machine
// that slows down steadily then costs the addon and C alike over two
// rounds. A round's results of one mode are kept only if C's value in it
// is within `band` (a fraction) of C's usual value in that mode: the one
// of C's values whose band holds the most of them (nearest the median on
// a tie). Pinned to its CPUs, C's rate is steady on a steady machine
// (MEASURED.md, "Pinned peers and rounds left out"), so a C repetition far
// off it means the machine's speed moved under it, and the other
// implementations' repetitions of that round are not comparable to the
// rest. Rounds go on until `reps` rounds are kept in every mode, or
// `maxRounds` have run.
//
// rep(run) returns { value, commit() } or null (no sample); commit() is
// called for each kept result, in round order.

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

// The rounds of `tried` kept for `mode`, judged by C's values.
function keptRounds (tried, runs, mode, band) {
  const c = runs.find((r) => r.impl === 'c' && r.mode === mode)
  const value = (round) => {
    const res = c && round.get(c)
    return res ? res.value : NaN
  }
  const ref = usual(tried.map(value).filter(Number.isFinite), band)
  return tried.filter((round) => within(value(round), ref, band))
}

// Returns, per mode, { tried, kept, rejected } (counts of rounds) and
// `usual` and `left` (C's values in the rounds left out), for the log.
async function rounds (runs, { reps, maxRounds, band }, rep) {
  const modes = [...new Set(runs.map((r) => r.mode))]
  const tried = []
  const enough = () => tried.length >= reps &&
    modes.every((m) => keptRounds(tried, runs, m, band).length >= reps)
  while (tried.length < maxRounds && !enough()) {
    const order = tried.length % 2 ? [...runs].reverse() : runs
    const round = new Map()
    for (const r of order) round.set(r, await rep(r))
    tried.push(round)
  }
  const out = {}
  for (const mode of modes) {
    const kept = new Set(keptRounds(tried, runs, mode, band))
    for (const round of kept) {
      for (const r of runs) {
        const res = round.get(r)
        if (r.mode === mode && res) res.commit()
      }
    }
    const c = runs.find((r) => r.impl === 'c' && r.mode === mode)
    const left = tried.filter((round) => !kept.has(round)).map((round) => (round.get(c) || { value: NaN }).value)
    const values = tried.map((round) => (round.get(c) || { value: NaN }).value).filter(Number.isFinite)
    out[mode] = { tried: tried.length, kept: kept.size, rejected: tried.length - kept.size, usual: usual(values, band), left }
  }
  return out
}

module.exports = { rounds, keptRounds, usual, median }
