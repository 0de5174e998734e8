#!/usr/bin/env node
// JUnit XML from TAP, for the CI systems that render it (GitHub through an
// action, GitLab's "Tests" tab, Jenkins): each FILE.tap given becomes
// OUTDIR/NAME.xml, by tap's own JUnit reporter (@tapjs/reporter, which
// make deps installs with tap): a testsuite per subtest, a testcase per
// test point, with file= and line= when the point's YAML has them.
//
//   node ci/junit.mjs --out OUTDIR [NAME=]FILE.tap...
//
// NAME defaults to the file's base name. A TAP file that is missing is
// said and skipped (its suite did not run); exit 1 if any was missing.

import fs from 'node:fs'
import path from 'node:path'
import { createRequire } from 'node:module'
import { pathToFileURL, fileURLToPath } from 'node:url'
import { once } from 'node:events'

const ROOT = path.join(path.dirname(fileURLToPath(import.meta.url)), '..')

// The reporter module alone: the package's index also loads its terminal
// UI (ink, React), which JUnit does not need.
async function loadJUnit () {
  const require = createRequire(path.join(ROOT, 'addon', 'package.json'))
  const pkg = require.resolve('@tapjs/reporter/package.json')
  const mod = await import(pathToFileURL(path.join(path.dirname(pkg), 'dist', 'esm', 'junit.js')))
  return mod.JUnit
}

export async function tapToJUnit (text, JUnit) {
  JUnit = JUnit || await loadJUnit()
  const j = new JUnit()
  let xml = ''
  j.on('data', (d) => { xml += d })
  const ended = once(j, 'end')
  j.end(text)
  await ended
  return xml
}

async function main () {
  const argv = process.argv.slice(2)
  let out = null
  const inputs = []
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--out') out = argv[++i]
    else inputs.push(argv[i])
  }
  if (!out || inputs.length === 0) {
    console.error('usage: node ci/junit.mjs --out OUTDIR [NAME=]FILE.tap...')
    process.exit(2)
  }
  const JUnit = await loadJUnit()
  fs.mkdirSync(out, { recursive: true })
  let missing = 0
  for (const input of inputs) {
    const eq = input.indexOf('=')
    const file = eq > 0 ? input.slice(eq + 1) : input
    const name = eq > 0 ? input.slice(0, eq) : path.basename(file, '.tap')
    let text
    try {
      text = fs.readFileSync(file, 'utf8')
    } catch {
      console.error(`junit: no ${file} (that suite did not run); no ${name}.xml`)
      missing++
      continue
    }
    const xml = await tapToJUnit(text, JUnit)
    fs.writeFileSync(path.join(out, `${name}.xml`), xml)
  }
  process.exitCode = missing ? 1 : 0
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main()
