'use strict'

// ci/conformance.js names each scenario after its file; two files of one
// run with the same base name get names from their paths, so that neither
// timeline (NAME.jsonl) overwrites the other.

const t = require('../../addon/node_modules/tap')
const path = require('node:path')
const { scenarioNames, fromRoot } = require('../conformance')

t.test('a base name of its own is the name', async (t) => {
  t.same(scenarioNames(['scenarios/basic.scn', 'examples/rr/scenarios/peer-restart.scn']), ['basic', 'peer-restart'])
})

t.test('a base name two files share: each from its path', async (t) => {
  const root = path.resolve(__dirname, '../..')
  t.same(scenarioNames(['scenarios/faults.scn', 'examples/rr/scenarios/faults.scn', path.join(root, 'scenarios/basic.scn')]),
    ['scenarios-faults', 'examples-rr-scenarios-faults', 'basic'])
  t.same(scenarioNames(['/home/u/a/x.scn', '/home/u/b/x.scn']), ['home-u-a-x', 'home-u-b-x'], 'outside the tree: the whole path')
})

t.test('a file named from another directory is found from there', async (t) => {
  const root = path.resolve(__dirname, '../..')
  const cwd = process.cwd()
  t.teardown(() => process.chdir(cwd))
  process.chdir(path.join(root, 'examples', 'rr'))
  t.equal(fromRoot('scenarios/peer-restart.scn'), path.join('examples', 'rr', 'scenarios', 'peer-restart.scn'), 'in the tree: from its top')
  process.chdir(require('node:os').tmpdir())
  t.equal(fromRoot('mine/a.scn'), path.join(process.cwd(), 'mine', 'a.scn'), 'outside it: the whole path')
})
