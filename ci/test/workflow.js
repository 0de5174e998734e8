'use strict'

// The GitHub Actions workflow cannot run here, so it is checked as far as
// it can be: it validates against GitHub's schema (@action-validator/cli,
// from the npm registry), a broken copy does not (the check can fail), and
// every make target its jobs run exists in the Makefile (make -n).

const t = require('../../addon/node_modules/tap')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const { spawnSync } = require('node:child_process')

const root = path.join(__dirname, '..', '..')
const cli = path.join(root, 'addon', 'node_modules', '@action-validator', 'cli', 'cli.mjs')
const dir = path.join(root, '.github', 'workflows')
const files = fs.readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).map((f) => path.join(dir, f))
// The workflow testbed/README.md offers a project of its own.
const yours = path.join(root, 'ci', 'examples', 'github-your-project.yml')

function validate (file) {
  return spawnSync(process.execPath, [cli, file], { encoding: 'utf8', timeout: 60000 })
}

t.ok(files.length > 0, 'there is a workflow')

for (const file of [...files, yours]) {
  const rel = path.relative(root, file)
  t.test(`${rel} validates`, async (t) => {
    const r = validate(file)
    t.equal(r.status, 0, `action-validator accepts it${r.status ? `: ${r.stdout}${r.stderr}` : ''}`)
  })

  t.test(`${rel}: every make target it runs exists`, async (t) => {
    const text = fs.readFileSync(file, 'utf8')
    const targets = new Set()
    // The commands of the steps (run: lines), not the comments.
    const runs = [...text.matchAll(/^\s*(?:- )?run: (.*)$/gm)].map((m) => m[1].replace(/\$\{\{[^}]*\}\}/g, 'x'))
    for (const cmd of runs) {
      for (const m of cmd.matchAll(/\bmake (?:-C \S+ )?((?:[a-z][a-z0-9-]*|[A-Z_]+=\S+)(?: (?:[a-z][a-z0-9-]*|[A-Z_]+=\S+))*)/g)) {
        for (const w of m[1].split(' ')) if (!w.includes('=')) targets.add(w)
      }
    }
    t.ok(targets.size >= (file === yours ? 2 : 3), `it runs make targets (${[...targets].join(', ')})`)
    for (const target of targets) {
      const r = spawnSync('make', ['-n', '-C', root, target], { encoding: 'utf8', timeout: 60000 })
      t.notMatch(r.stderr, /No rule to make target/, `make ${target} is a target`)
    }
  })
}

t.test('testbed/README.md shows the workflow for your own project as it is', async (t) => {
  const text = fs.readFileSync(yours, 'utf8')
  const readme = fs.readFileSync(path.join(root, 'testbed', 'README.md'), 'utf8')
  t.ok(readme.includes(text.split('\n').filter((l) => !l.startsWith('#')).join('\n').trim()), 'shown whole')
  t.match(text, /make -C lksctp scenario SCENARIO=/, 'it runs make scenario')
})

// The GitLab example of README.md (ci/examples/gitlab-ci.yml): YAML, its
// jobs' commands are make targets that exist, and README shows it whole.
t.test('the GitLab CI example', async (t) => {
  const YAML = require('../../addon/node_modules/yaml')
  const file = path.join(root, 'ci', 'examples', 'gitlab-ci.yml')
  const text = fs.readFileSync(file, 'utf8')
  const doc = YAML.parse(text)
  t.ok(doc.test && doc.conformance, 'jobs test and conformance')
  t.same(doc.test.artifacts.reports.junit, 'build/test-results/*.xml', 'JUnit reports for the Tests tab')
  const cmds = [...doc.default.before_script, ...doc.test.script, ...doc.test.after_script, ...doc.conformance.script]
  const targets = new Set()
  for (const c of cmds) {
    // make as a command (at the start, or after && ; ||), not a package name.
    for (const m of c.matchAll(/(?:^|&&|;|\|\|)\s*make ((?:[a-z][a-z0-9-]*|[A-Z_]+=\S+)(?: (?:[a-z][a-z0-9-]*|[A-Z_]+=\S+))*)/g)) {
      for (const w of m[1].split(' ')) if (!w.includes('=')) targets.add(w)
    }
  }
  t.same([...targets].sort(), ['ci-deps', 'ci-summary', 'conformance', 'test'], 'the make targets it runs')
  for (const target of targets) {
    const r = spawnSync('make', ['-n', '-C', root, target], { encoding: 'utf8', timeout: 60000 })
    t.notMatch(r.stderr, /No rule to make target/, `make ${target} is a target`)
  }
  const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8')
  t.ok(readme.includes(text.split('\n').filter((l) => !l.startsWith('#')).join('\n').trim()), 'README.md shows it as it is')
})

t.test('a workflow with a mistake does not validate', async (t) => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'workflow-'))
  t.teardown(() => fs.rmSync(tmp, { recursive: true, force: true }))
  const text = fs.readFileSync(files[0], 'utf8')
  const cases = {
    'runs-on missing': text.replace(/^ {4}runs-on: .*\n/m, ''),
    'a step with neither run nor uses': text.replace(/ {8}run: (.*make ci-deps)/, '        runs: $1'),
    'timeout-minutes not a number': text.replace(/timeout-minutes: 60/, 'timeout-minutes: sixty')
  }
  for (const [what, broken] of Object.entries(cases)) {
    t.not(broken, text, `${what}: the copy differs`)
    const f = path.join(tmp, 'broken.yml')
    fs.writeFileSync(f, broken)
    t.not(validate(f).status, 0, `${what}: refused`)
  }
})
