'use strict'

// Reading a kernel matrix directory as ci/matrix.js leaves it:
//   DIR/matrix.json      the columns, in kernel order (lib/matrix.js)
//   DIR/NAME/*.jsonl     per kernel that ran, one timeline per scenario
//                        (NAME.jsonl for scenarios/NAME.scn)
// A malformed matrix.json is an error (naming the file and what is wrong in
// it); a kernel that ran but left no timelines, or a timeline without
// records, is a problem told on the page and the rest is drawn.

const fs = require('node:fs')
const path = require('node:path')
const { parseTimeline } = require('./parse.js')
const { checkColumns } = require('./matrix.js')

// -> {cols, timelines: Map kernel -> Map scenario -> run, problems: Map
//     kernel -> [text]}
function readMatrix (dir) {
  const file = path.join(dir, 'matrix.json')
  let text
  try {
    text = fs.readFileSync(file, 'utf8')
  } catch (err) {
    throw new Error(err.code === 'ENOENT' ? `${file}: no such file (--matrix wants the directory that ci/matrix.js --out wrote)` : `${file}: ${err.message}`)
  }
  let cols
  try {
    cols = JSON.parse(text)
  } catch (err) {
    throw new Error(`${file}: not JSON: ${err.message}`)
  }
  checkColumns(cols, file)
  const timelines = new Map()
  const problems = new Map()
  const problem = (name, msg) => {
    if (!problems.has(name)) problems.set(name, [])
    problems.get(name).push(msg)
  }
  for (const c of cols) {
    if (c.status !== 'ran') continue
    const kdir = path.join(dir, c.name)
    const runs = new Map()
    timelines.set(c.name, runs)
    let names
    try {
      names = fs.readdirSync(kdir).filter((f) => f.endsWith('.jsonl')).sort()
    } catch (err) {
      problem(c.name, `${kdir}: ${err.code === 'ENOENT' ? 'no such directory: no timelines' : err.message}`)
      continue
    }
    if (!names.length) problem(c.name, `${kdir}: no timelines (*.jsonl)`)
    for (const f of names) {
      const tl = path.join(kdir, f)
      let parsed
      try {
        parsed = parseTimeline(fs.readFileSync(tl, 'utf8'))
      } catch (err) {
        problem(c.name, `${tl}: ${err.message}`)
        continue
      }
      if (!parsed.records.length) problem(c.name, `${tl}: no timeline records`)
      else runs.set(path.basename(f, '.jsonl'), { ...parsed, file: tl, name: path.basename(f, '.jsonl') })
    }
  }
  return { cols, timelines, problems }
}

module.exports = { readMatrix }
