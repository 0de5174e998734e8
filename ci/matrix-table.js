'use strict'

// The kernel matrix's text: one table, scenario x kernel, and the kernels'
// differences in words. A column is { name, release, status, note, rows }:
// rows are one kernel's conformance summary (ci/conformance.js), status is
// 'ran', 'unavailable' or 'error'.

function pad (s, n) {
  s = String(s)
  return s.length >= n ? s : s + ' '.repeat(n - s.length)
}

function ms (v) {
  return v === null || v === undefined ? '-' : v >= 10000 ? `${(v / 1000).toFixed(1)} s` : `${Math.round(v)} ms`
}

function scenarios (cols) {
  const names = []
  for (const c of cols) for (const r of c.rows) if (!names.includes(r.scenario)) names.push(r.scenario)
  return names
}

// One cell: "pass 12/12" (with "*" when a step the scenario marks for other
// kernel releases did not run), "FAIL 10/12", or why there is nothing.
function cell (col, name) {
  if (col.status === 'unavailable') return 'unavailable'
  const r = col.rows.find((x) => x.scenario === name)
  if (!r) return col.status === 'error' ? 'error' : 'not run'
  const mark = (r.kernelNotes || []).length ? '*' : ''
  return `${r.failed ? 'FAIL' : 'pass'}${mark} ${r.passed}/${r.passed + r.failed}`
}

function table (cols) {
  const names = scenarios(cols)
  const w0 = Math.max(8, ...names.map((n) => n.length))
  const heads = cols.map((c) => c.release ? `${c.name} ${c.release.replace(/-amd64$/, '')}` : c.name)
  const widths = heads.map((h) => Math.max(h.length, 22))
  const lines = []
  lines.push(`${pad('scenario', w0)}  ${heads.map((h, i) => pad(h, widths[i])).join('  ')}`)
  for (const n of names) {
    lines.push(`${pad(n, w0)}  ${cols.map((c, i) => {
      const r = c.rows.find((x) => x.scenario === n)
      const det = r && r.detectionMs !== null && r.detectionMs !== undefined ? ` ${ms(r.detectionMs)}` : ''
      return pad(cell(c, n) + det, widths[i])
    }).join('  ')}`)
  }
  lines.push('')
  lines.push('Cells: result, expectations met/all, then the failure-detection time where')
  lines.push('the scenario has one (first path-down or PF report after the fault).')
  lines.push('"*": a step the scenario marks for other kernel releases did not run here')
  lines.push('("on kernel>=V (why): STEP"; below, under Differences).')
  for (const c of cols) {
    if (c.status !== 'ran') lines.push(`${c.name}: ${c.status}${c.note ? ` - ${c.note}` : ''}`)
  }
  return lines.join('\n') + '\n'
}

// What differs between the kernels, in words: expectations that fail on some
// kernels and not others, documented kernel differences, and whole
// scenarios that did not run somewhere.
function differences (cols) {
  const ran = cols.filter((c) => c.status === 'ran')
  const out = []
  for (const n of scenarios(cols)) {
    const per = ran.map((c) => ({ c, r: c.rows.find((x) => x.scenario === n) }))
    const failing = new Map() // line -> { text, kernels: [{name, observed}] }
    for (const { c, r } of per) {
      if (!r) continue
      for (const f of r.failures || []) {
        const k = `${f.line}`
        if (!failing.has(k)) failing.set(k, { line: f.line, text: f.text, kernels: [] })
        failing.get(k).kernels.push({ name: c.name, observed: f.observed })
      }
      if (r.bail) out.push(`${n} on ${c.name}: stopped: ${r.bail}`)
    }
    const file = (per.find((p) => p.r) || {}).r?.file || n
    for (const f of failing.values()) {
      const names = f.kernels.map((k) => k.name)
      const others = per.filter((p) => p.r && !names.includes(p.c.name)).map((p) => p.c.name)
      out.push(`${file}:${f.line}: "${f.text}" fails on ${names.join(', ')}` +
        (others.length ? `, holds on ${others.join(', ')}` : ' (every kernel)'))
      for (const k of f.kernels) out.push(`    ${k.name}: observed ${k.observed || '(nothing)'}`)
    }
    const notes = new Map()
    for (const { c, r } of per) {
      for (const kn of (r && r.kernelNotes) || []) {
        const k = `${kn.line}`
        if (!notes.has(k)) notes.set(k, { ...kn, kernels: [] })
        notes.get(k).kernels.push(c.name)
      }
    }
    for (const kn of notes.values()) {
      out.push(`${file}:${kn.line}: "${kn.text}" is for kernel${kn.when} only, so it did not run on ${kn.kernels.join(', ')}: ${kn.why}`)
    }
  }
  if (ran.length === 0) return 'Differences: none to tell (no kernel ran).\n'
  if (out.length === 0) return `Differences: none; every scenario gave the same result on ${ran.map((c) => c.name).join(', ')}.\n`
  return 'Differences:\n' + out.map((l) => `  ${l}`).join('\n') + '\n'
}

module.exports = { table, differences, cell }
