'use strict'

// Programs as agents (`agent NAME on HOST exec PROGRAM ARG...`): what the
// page says about each one. Its start record ({"cmd":"exec", "role":"exec",
// "argv": [...], "dir": ...}), how it ended ({"ev":"exit", "status": "exit
// 0" | "signal 9" | "not started"}), the runner's complaints about it
// (agent-error), its own reports ({"ev":"app", "name": ..., fields}), its
// stdout and stderr ({"ev":"output", "stream", "line", "cut"?}) and its
// associations (connect/connection reports with "assoc": N).

const path = require('node:path')
const { isNum } = require('./format.js')

const isProgram = (info) => !!info && info.role === 'exec'

// The program's name: the script a runtime runs (`node ../client.js` ->
// client.js), else the executable's base name (`yes flood` -> yes).
const RUNTIMES = /^(node|nodejs|python[0-9.]*|sh|bash|dash|perl|ruby)$/
function programName (argv) {
  if (!Array.isArray(argv) || !argv.length) return ''
  const base = (s) => path.posix.basename(String(s))
  const first = base(argv[0])
  if (RUNTIMES.test(first) && argv.length > 1 && !String(argv[1]).startsWith('-')) return base(argv[1])
  return first
}

// argv as one line, an executable given by its absolute path by its base
// name (/usr/bin/node -> node; ./prog/hello.sh stays), arguments with
// spaces or quotes quoted, cut at `max` characters with an ellipsis.
function shortArgv (argv, max = 110) {
  if (!Array.isArray(argv) || !argv.length) return ''
  const quote = (s) => /^[\w@%+=:,./~-]+$/.test(s) ? s : `'${s.replace(/'/g, '\'\\\'\'')}'`
  const words = argv.map((a, i) => quote(i === 0 && String(a).startsWith('/') ? path.posix.basename(String(a)) : String(a)))
  const s = words.join(' ')
  return s.length > max ? s.slice(0, max - 1) + '…' : s
}

// The fields of an app report (all but the envelope).
const ENVELOPE = new Set(['t', 'ev', 'name', 'agent', 'kind'])
function appFields (r) {
  const out = {}
  for (const [k, v] of Object.entries(r)) if (!ENVELOPE.has(k)) out[k] = v
  return out
}

const valueText = (v) => typeof v === 'string' ? v : JSON.stringify(v)
function fieldsText (fields) {
  return Object.entries(fields).map(([k, v]) => `${k}=${valueText(v)}`).join(' ')
}

// Per field of a set of reports: numbers as {min, max, median} (the median
// the lower middle one), anything else as its distinct values (up to
// `most`, and how many others).
function fieldSummary (list, most = 3) {
  const keys = []
  for (const f of list) for (const k of Object.keys(f)) if (!keys.includes(k)) keys.push(k)
  return keys.map((key) => {
    const vals = list.filter((f) => key in f).map((f) => f[key])
    if (vals.length && vals.every(isNum)) {
      const s = [...vals].sort((p, q) => p - q)
      return { key, count: vals.length, numeric: true, min: s[0], max: s[s.length - 1], median: s[Math.floor((s.length - 1) / 2)] }
    }
    const distinct = [...new Set(vals.map(valueText))]
    return { key, count: vals.length, numeric: false, values: distinct.slice(0, most), others: Math.max(0, distinct.length - most) }
  })
}

// "ms 5–1970, median 6", "tries 1", "from sh", "code A, B (+2 others)"
function fieldSummaryText (s) {
  if (s.numeric) {
    if (s.min === s.max) return `${s.key} ${s.min}`
    return `${s.key} ${s.min}–${s.max}${s.count > 2 ? `, median ${s.median}` : ''}`
  }
  return `${s.key} ${s.values.join(', ')}${s.others ? ` (+${s.others} other${s.others === 1 ? '' : 's'})` : ''}`
}

// A program's app reports, per name in the order the names first came:
// [{name, count, first, last, fields: fieldSummary, rows: the first
// `perName` reports [{t, name, fields}]}].
function appSummary (reports, perName = 5) {
  const byName = new Map()
  for (const r of reports) {
    if (r.ev !== 'app') continue
    const name = typeof r.name === 'string' ? r.name : String(r.name ?? '')
    if (!byName.has(name)) byName.set(name, { name, count: 0, first: r.t, last: r.t, all: [], rows: [] })
    const g = byName.get(name)
    const fields = appFields(r)
    g.count++
    g.last = r.t
    g.all.push(fields)
    if (g.rows.length < perName) g.rows.push({ t: r.t, name, fields })
  }
  return [...byName.values()].map(({ all, ...g }) => ({ ...g, fields: fieldSummary(all) }))
}

// A program's output lines in time order: all of them when there are at
// most head + tail + 5; else the first `head`, the last `tail` and, from
// those between, the first `extra` stderr lines and the first `extra` cut
// ones (so that an error or a cut line in a flood of stdout still shows),
// with the number of lines left out in each gap. -> {total, stdout, stderr,
// cut, shown, omitted, parts: [{lines: [...]} | {omitted: N}]}, lines as
// {t, stream, line, cut}.
function outputExcerpt (reports, head = 20, tail = 20, extra = 5) {
  const lines = reports.filter((r) => r.ev === 'output').map((r) => ({
    t: r.t, stream: r.stream === 'stderr' ? 'stderr' : 'stdout', line: typeof r.line === 'string' ? r.line : valueText(r.line ?? ''), cut: r.cut === true
  }))
  const out = {
    total: lines.length,
    stdout: lines.filter((l) => l.stream === 'stdout').length,
    stderr: lines.filter((l) => l.stream === 'stderr').length,
    cut: lines.filter((l) => l.cut).length
  }
  const keep = new Set()
  if (lines.length <= head + tail + 5) lines.forEach((l, i) => keep.add(i))
  else {
    for (let i = 0; i < head; i++) keep.add(i)
    for (let i = lines.length - tail; i < lines.length; i++) keep.add(i)
    let errs = 0
    let cuts = 0
    for (let i = head; i < lines.length - tail; i++) {
      if (lines[i].stream === 'stderr' && errs < extra) { keep.add(i); errs++ } else if (lines[i].cut && cuts < extra) { keep.add(i); cuts++ }
    }
  }
  const parts = []
  let gap = 0
  lines.forEach((l, i) => {
    if (!keep.has(i)) { gap++; return }
    if (gap) parts.push({ omitted: gap })
    gap = 0
    const last = parts[parts.length - 1]
    if (last && last.lines) last.lines.push(l)
    else parts.push({ lines: [l] })
  })
  if (gap) parts.push({ omitted: gap })
  return { ...out, shown: keep.size, omitted: lines.length - keep.size, parts }
}

// Which agent is at the other end of each association: a connect report
// (local port P, remote port Q) and a connection report of another agent
// (local port Q, remote port P) whose address sets meet are the two ends.
// -> Map 'agent\0assoc' -> peer agent name, for reports with an assoc (or
// the built-in agent's, keyed by assoc '').
function associationPeers (reports) {
  const ends = reports.filter((r) => (r.ev === 'connect' || r.ev === 'connection') && isNum(r.localPort) && isNum(r.remotePort))
  const key = (r) => `${r.agent}\u0000${r.assoc ?? ''}`
  const addrs = (list, one) => new Set([...(Array.isArray(list) ? list : []), one].filter(Boolean).map(String))
  const peers = new Map()
  for (const a of ends) {
    if (peers.has(key(a))) continue
    const local = addrs(a.localAddresses, a.localAddress)
    const remote = addrs(a.remoteAddresses, a.remoteAddress)
    const b = ends.find((b) => b.agent !== a.agent && b.ev !== a.ev && b.localPort === a.remotePort && b.remotePort === a.localPort &&
      [...addrs(b.localAddresses, b.localAddress)].some((x) => remote.has(x)) &&
      [...addrs(b.remoteAddresses, b.remoteAddress)].some((x) => local.has(x)))
    if (b) {
      peers.set(key(a), b.agent)
      if (!peers.has(key(b))) peers.set(key(b), a.agent)
    }
  }
  return peers
}

// A program's associations, in the order they came up: [{assoc, t0, t1,
// peer}] from its connect/connection reports to its close (or end) of the
// same association (t1 null when none came).
function associations (reports, agent, peers = associationPeers(reports)) {
  const list = []
  for (const r of reports) {
    if (r.agent !== agent || !isNum(r.assoc)) continue
    let a = list.find((x) => x.assoc === r.assoc)
    if (!a && (r.ev === 'connect' || r.ev === 'connection')) {
      a = { assoc: r.assoc, t0: r.t, t1: null, peer: peers.get(`${agent}\u0000${r.assoc}`) || null }
      list.push(a)
    } else if (a && (r.ev === 'close' || (r.ev === 'end' && a.t1 === null))) {
      a.t1 = r.t
    }
  }
  return list
}

// Everything the page shows about one program agent (a: the analysed run).
function programOf (a, name, opts = {}) {
  const info = a.agentInfo.get(name) || {}
  const start = a.starts.find((s) => s.name === name) || {}
  const own = a.reports.filter((r) => r.agent === name)
  const exit = own.find((r) => r.ev === 'exit') || null
  const argv = Array.isArray(start.argv) ? start.argv.map(String) : []
  return {
    name,
    host: info.host || start.host || '',
    argv,
    dir: typeof start.dir === 'string' ? start.dir : '',
    program: programName(argv),
    started: isNum(start.t) ? start.t : null,
    exit: exit ? { t: exit.t, status: String(exit.status ?? '') } : null,
    errors: own.filter((r) => r.ev === 'agent-error').map((r) => ({ t: r.t, message: typeof r.message === 'string' ? r.message : valueText(r.message) })),
    // An association the program never closed ended with it.
    associations: associations(a.reports, name, opts.peers).map((x) => x.t1 === null && exit && exit.t >= x.t0 ? { ...x, t1: exit.t } : x),
    app: appSummary(own, opts.perName),
    appCount: own.filter((r) => r.ev === 'app').length,
    output: outputExcerpt(own, opts.head, opts.tail)
  }
}

// The program agents of a run, in the order they were started.
function programs (a, opts = {}) {
  const peers = associationPeers(a.reports)
  return a.agentNames.filter((n) => isProgram(a.agentInfo.get(n))).map((n) => programOf(a, n, { ...opts, peers }))
}

// How an exit status reads: ok (exit 0), signal, fail (another code, not
// started).
function exitClass (status) {
  if (status === 'exit 0') return 'ok'
  if (/^signal\b/.test(status)) return 'signal'
  return 'fail'
}

module.exports = { isProgram, programName, shortArgv, appFields, fieldsText, fieldSummary, fieldSummaryText, appSummary, outputExcerpt, associationPeers, associations, programOf, programs, exitClass }
