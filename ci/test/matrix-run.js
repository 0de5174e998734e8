'use strict'

// ci/matrix.js when a kernel leaves no result: the table says which, and
// the lines its runner printed on stderr follow the table, so a CI log that
// keeps only the end of the output still says why.

const t = require('../../addon/node_modules/tap')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const { spawnSync } = require('node:child_process')

const root = path.join(__dirname, '..', '..')

t.test('a kernel whose fetch fails: its stderr after the table', async (t) => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'matrix-run-'))
  t.teardown(() => fs.rmSync(out, { recursive: true, force: true }))
  // A cache that cannot be made: ci/vm/kernel fails before any download.
  const r = spawnSync(process.execPath, [path.join(root, 'ci', 'matrix.js'), '--out', out, '--kernels', 'trixie'], {
    encoding: 'utf8',
    timeout: 60000,
    env: { ...process.env, LKSCTP_CACHE: '/dev/null/cache', LKSCTP_DEBIAN_MIRROR: 'http://mirror.invalid/debian' }
  })
  t.equal(r.status, 1, 'exit 1')
  t.match(r.stdout, /^trixie: error - ci\/vm\/kernel fetch trixie exited \d+$/m, 'the table names the kernel and the step')
  t.match(r.stdout, /^trixie: the last lines it printed on stderr:\n {2}\| mkdir: cannot create directory .*\/dev\/null/m, 'its stderr follows the table')
  t.match(r.stdout, /Differences: none to tell \(no kernel ran\)/, 'no differences claimed')
  const json = JSON.parse(fs.readFileSync(path.join(out, 'matrix.json'), 'utf8'))
  t.equal(json[0].status, 'error', 'matrix.json: error')
  t.match(fs.readFileSync(path.join(out, 'matrix.txt'), 'utf8'), /the last lines it printed on stderr/, 'matrix.txt holds it too')
})
