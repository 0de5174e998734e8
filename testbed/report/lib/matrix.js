'use strict'

// The kernel matrix as the page draws it: every scenario under every kernel
// (ci/matrix.js ran the conformance suite once per kernel), one cell per
// scenario and kernel, and per scenario what differs between the kernels.
//
// In: the columns of matrix.json, in kernel order,
//   {name, release, status: 'ran'|'unavailable'|'error', note, seconds,
//    rows: [{scenario, file, passed, failed, planned, failures: [{line,
//            text, observed}], bail, detectionMs, maxGapMs, seconds, exit,
//            kernelNotes?: [{line, text, when, why}]}]}
// and each kernel's timelines: Map kernel -> Map scenario -> parseTimeline()
// result plus its file.

const path = require('node:path')
const { isNum, slug } = require('./format.js')
const { analyse } = require('./parse.js')
const { summarize } = require('./timings.js')

const STATUSES = ['ran', 'unavailable', 'error']
// As ci/matrix.js checks them: also a directory name under the matrix.
const KERNEL_NAME = /^[a-z][a-z0-9.+-]*$/

// Throws, naming the column and the field, unless `cols` is matrix.json's
// array of columns. `where`: the file it came from.
function checkColumns (cols, where = 'matrix.json') {
  if (!Array.isArray(cols)) throw new TypeError(`${where}: not an array of kernel columns`)
  if (!cols.length) throw new TypeError(`${where}: no kernel columns`)
  const seen = new Set()
  cols.forEach((c, i) => {
    const at = `${where}: column ${i + 1}`
    if (!c || typeof c !== 'object' || Array.isArray(c)) throw new TypeError(`${at}: not an object`)
    if (typeof c.name !== 'string' || !KERNEL_NAME.test(c.name)) throw new TypeError(`${at}: name ${JSON.stringify(c.name)} is not a kernel name (a Debian suite such as trixie)`)
    if (seen.has(c.name)) throw new TypeError(`${at}: kernel ${c.name} is there twice`)
    seen.add(c.name)
    if (!STATUSES.includes(c.status)) throw new TypeError(`${at} (${c.name}): status ${JSON.stringify(c.status)} is not one of ${STATUSES.join(', ')}`)
    if (c.release !== null && c.release !== undefined && typeof c.release !== 'string') throw new TypeError(`${at} (${c.name}): release ${JSON.stringify(c.release)} is not a string or null`)
    if (!Array.isArray(c.rows)) throw new TypeError(`${at} (${c.name}): rows is not an array`)
    c.rows.forEach((r, j) => {
      const rat = `${at} (${c.name}): row ${j + 1}`
      if (!r || typeof r !== 'object' || typeof r.scenario !== 'string' || !r.scenario) throw new TypeError(`${rat}: no scenario name`)
      for (const k of ['passed', 'failed']) if (!Number.isInteger(r[k]) || r[k] < 0) throw new TypeError(`${rat} (${r.scenario}): ${k} ${JSON.stringify(r[k])} is not a count`)
      for (const k of ['failures', 'kernelNotes']) if (r[k] !== undefined && r[k] !== null && !Array.isArray(r[k])) throw new TypeError(`${rat} (${r.scenario}): ${k} is not an array`)
    })
  })
}

function cellState (kernel, row, s) {
  if (kernel.status === 'unavailable') return 'unavailable'
  if (row) return row.bail ? 'bail' : row.failed > 0 ? 'fail' : 'pass'
  if (s) return s.status
  return kernel.status === 'error' ? 'error' : 'not run'
}

// One scenario under one kernel.
function cell (kernel, row, run) {
  const s = run ? summarize(run.records, run) : null
  const state = cellState(kernel, row, s)
  return {
    kernel: kernel.name,
    state,
    passed: row ? row.passed : s ? s.passed : null,
    all: row ? row.passed + row.failed : s ? s.expectations : null,
    detectionMs: row && isNum(row.detectionMs) ? row.detectionMs : s && !row ? s.timings.failureDetectionMs : null,
    bail: row ? row.bail || null : s && s.bail.length ? s.bail[0] : null,
    notes: (row && row.kernelNotes) || [],
    row: row || null,
    run: run || null,
    summary: s,
    analysis: run ? analyse(run.records) : null
  }
}

// Per expectation (by line) of a scenario, per kernel that ran it: ok,
// fail, undecided (the run never decided it), n/a (a kernel note: it does
// not apply to that kernel), or unknown (no timeline, and the row does not
// say).
function expectationRows (cells, file) {
  const rows = new Map()
  const rowOf = (line, text, f) => {
    if (!rows.has(line)) rows.set(line, { file: f || file, line, text, per: {} })
    const r = rows.get(line)
    if (!r.text && text) r.text = text
    return r
  }
  for (const c of cells) {
    if (c.analysis) {
      for (const e of c.analysis.expects) {
        rowOf(e.line, e.text, e.file).per[c.kernel] = {
          state: e.ok ? 'ok' : 'fail',
          ms: isNum(e.waited) ? e.waited : isNum(e.elapsed) ? e.elapsed : null,
          timing: isNum(e.waited) ? 'waited' : 'elapsed',
          observed: e.ok ? '' : e.observed || ''
        }
      }
    } else if (c.row) {
      for (const f of c.row.failures || []) rowOf(f.line, f.text).per[c.kernel] = { state: 'fail', ms: null, observed: f.observed || '' }
    }
    for (const n of c.notes) rowOf(n.line, n.text).per[c.kernel] = { state: 'n/a', when: n.when || '', why: n.why || '' }
  }
  for (const r of rows.values()) {
    for (const c of cells) {
      if (r.per[c.kernel]) continue
      r.per[c.kernel] = { state: c.analysis ? 'undecided' : 'unknown' }
    }
  }
  return [...rows.values()].sort((p, q) => p.line - q.line)
}

// An expectation differs when the kernels that decided something about it
// (ok, fail, undecided; not n/a or unknown) did not all do the same.
const COMPARED = new Set(['ok', 'fail', 'undecided'])
function differenceOf (r, kernels) {
  const by = (state) => kernels.filter((k) => r.per[k].state === state)
  const seen = kernels.filter((k) => COMPARED.has(r.per[k].state))
  const failing = by('fail').map((k) => ({ kernel: k, observed: r.per[k].observed }))
  const states = new Set(seen.map((k) => r.per[k].state))
  return { file: r.file, line: r.line, text: r.text, failing, holding: by('ok'), undecided: by('undecided'), differs: states.size > 1, everywhere: states.size === 1 && states.has('fail') }
}

// The kernel notes of a scenario, one per line: the kernels it did not
// apply to.
function notesOf (cells, file) {
  const notes = new Map()
  for (const c of cells) {
    for (const n of c.notes) {
      if (!notes.has(n.line)) notes.set(n.line, { file, line: n.line, text: n.text || '', when: n.when || '', why: n.why || '', kernels: [] })
      notes.get(n.line).kernels.push(c.kernel)
    }
  }
  return [...notes.values()].sort((p, q) => p.line - q.line)
}

// The scenario file as its expectations name it ("scenarios/basic.scn"),
// else as the conformance run was given it.
function scenarioFile (cells) {
  for (const c of cells) {
    const e = c.analysis && c.analysis.expects.find((x) => x.file)
    if (e) return e.file
  }
  for (const c of cells) if (c.analysis && c.analysis.run.script) return c.analysis.run.script
  for (const c of cells) if (c.row && c.row.file) return c.row.file
  return ''
}

function scenarioNames (cols, timelines) {
  const names = []
  const add = (n) => { if (!names.includes(n)) names.push(n) }
  for (const c of cols) for (const r of c.rows) add(r.scenario)
  for (const c of cols) for (const n of (timelines.get(c.name) || new Map()).keys()) add(n)
  return names
}

// -> {kernels: [{name, release, status, note, seconds, ran, problems}],
//     ran: the names of the kernels that ran,
//     scenarios: [{name, id, file, script, cells (one per kernel),
//                  expectations (expectationRows), differences (those that
//                  differ), everywhere (failed under every kernel), notes,
//                  status: 'pass' when every cell of a kernel that ran
//                  passed, else 'fail'; failing: the kernels where not}]}
function matrixModel (cols, timelines = new Map(), problems = new Map()) {
  checkColumns(cols)
  const kernels = cols.map((c) => ({
    name: c.name,
    release: c.release || null,
    status: c.status,
    note: c.note || '',
    seconds: isNum(c.seconds) ? c.seconds : null,
    ran: c.status === 'ran',
    problems: problems.get(c.name) || []
  }))
  const ran = kernels.filter((k) => k.ran).map((k) => k.name)
  const ids = new Set()
  const scenarios = scenarioNames(cols, timelines).map((name) => {
    const cells = cols.map((c, i) => cell(kernels[i], c.rows.find((r) => r.scenario === name), (timelines.get(c.name) || new Map()).get(name)))
    const ranCells = cells.filter((c) => ran.includes(c.kernel))
    const file = scenarioFile(ranCells)
    const expectations = expectationRows(ranCells, file)
    const compared = expectations.map((r) => differenceOf(r, ran))
    let id = `scn-${slug(name)}`
    for (let n = 2; ids.has(id); n++) id = `scn-${slug(name)}-${n}`
    ids.add(id)
    const failing = ranCells.filter((c) => c.state !== 'pass' && c.state !== 'not run').map((c) => c.kernel)
    const first = ranCells.find((c) => c.analysis)
    return {
      name,
      id,
      file,
      script: (first && first.analysis.run.script) || file || name,
      cells,
      expectations,
      differences: compared.filter((d) => d.differs),
      everywhere: compared.filter((d) => d.everywhere),
      notes: notesOf(ranCells, file),
      status: failing.length ? 'fail' : 'pass',
      failing
    }
  })
  return { kernels, ran, scenarios }
}

// "failover.scn:45"
const shortWhere = (d) => `${path.basename(String(d.file || ''))}:${d.line}`

module.exports = { matrixModel, checkColumns, expectationRows, shortWhere, STATUSES }
