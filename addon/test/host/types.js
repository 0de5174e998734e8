'use strict'

// The typings (index.d.ts) compile under strict TypeScript against a file
// that uses the whole public API, and refuse misuse (@ts-expect-error).

const t = require('tap')
const path = require('node:path')
const { spawnSync } = require('node:child_process')

t.test('index.d.ts type-checks the API usage', async (t) => {
  const tsc = path.join(__dirname, '../../node_modules/typescript/bin/tsc')
  const project = path.join(__dirname, '../types/tsconfig.json')
  const r = spawnSync(process.execPath, [tsc, '-p', project], { encoding: 'utf8' })
  t.equal(r.status, 0, r.stdout + r.stderr)
})
