'use strict'

// What npm pack of addon/ ships: exactly the files a user needs (the JS,
// the typings, the prebuilt binaries, the sources for a build from source,
// LICENSE, README and whatever the README links), within a size budget;
// the real tarball holds the same list; package.json says what a registry
// page needs.

const t = require('tap')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const h = require('./fixtures/helpers')

// Bytes: the packed tarball, the unpacked files, one prebuilt binary.
const BUDGET = { packed: 250e3, unpacked: 800e3, binary: 200e3 }
const ARCHS = ['x64', 'arm64']

const dry = h.npm(['pack', '--dry-run', '--json'], { cwd: h.addon })
if (dry.status !== 0) throw new Error('npm pack --dry-run: ' + dry.stderr)
const [info] = JSON.parse(dry.stdout)
const files = new Map(info.files.map((f) => [f.path, f.size]))
const pkg = JSON.parse(fs.readFileSync(path.join(h.addon, 'package.json'), 'utf8'))

t.test('the file list', (t) => {
  const allowed = new RegExp('^(' + [
    'lib/[\\w-]+\\.m?js', 'src/\\w+\\.[ch]', 'prebuilds/linux-(x64|arm64)/lksctp(_diag)?\\.glibc\\.node',
    'scripts/check-build\\.js', 'binding\\.gyp', 'index\\.d\\.ts', 'compat\\.d\\.ts', 'testbed\\.d\\.ts',
    'LICENSE', 'README\\.md', 'package\\.json'
  ].join('|') + ')$')
  for (const f of files.keys()) t.match(f, allowed, `${f} belongs in the package`)

  const needed = ['LICENSE', 'README.md', 'package.json', 'index.d.ts', 'compat.d.ts', 'testbed.d.ts', 'binding.gyp',
    'scripts/check-build.js']
  for (const f of fs.readdirSync(path.join(h.addon, 'lib'))) needed.push('lib/' + f)
  for (const f of fs.readdirSync(path.join(h.addon, 'src'))) needed.push('src/' + f)
  for (const arch of ARCHS) {
    for (const m of ['lksctp', 'lksctp_diag']) needed.push(`prebuilds/linux-${arch}/${m}.glibc.node`)
  }
  for (const f of needed) t.ok(files.has(f), `${f} is shipped`)
  t.end()
})

t.test('every file the README links is shipped', (t) => {
  const readme = fs.readFileSync(path.join(h.addon, 'README.md'), 'utf8')
  const links = [...readme.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1])
    .filter((l) => !/^[a-z]+:/.test(l) && !l.startsWith('#'))
    .map((l) => l.replace(/#.*$/, ''))
  t.ok(links.length > 0, 'the README links files')
  for (const l of links) t.ok(files.has(path.posix.normalize(l)), `${l} is in the tarball`)
  t.end()
})

t.test('size budget', (t) => {
  t.comment(`packed ${info.size} B, unpacked ${info.unpackedSize} B, ${info.entryCount} files`)
  t.ok(info.size <= BUDGET.packed, `packed ${info.size} <= ${BUDGET.packed}`)
  t.ok(info.unpackedSize <= BUDGET.unpacked, `unpacked ${info.unpackedSize} <= ${BUDGET.unpacked}`)
  for (const [f, size] of files) {
    if (f.endsWith('.node')) {
      t.comment(`${f}: ${size} B`)
      t.ok(size <= BUDGET.binary, `${f} ${size} <= ${BUDGET.binary}`)
    }
  }
  t.end()
})

t.test('the real tarball holds the same files', (t) => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lksctp-pack-'))
  t.teardown(() => fs.rmSync(tmp, { recursive: true, force: true }))
  const { tarball } = h.pack(tmp)
  const r = h.run('tar', ['tzf', tarball])
  t.equal(r.status, 0, 'tar lists it')
  const listed = r.stdout.trim().split('\n').map((l) => l.replace(/^package\//, '')).sort()
  t.same(listed, [...files.keys()].sort(), 'same list as --dry-run')
  t.end()
})

t.test('package.json', (t) => {
  t.equal(pkg.license, 'MIT', 'license')
  const license = fs.readFileSync(path.join(h.addon, 'LICENSE'), 'utf8')
  t.match(license, /^MIT License\n\nCopyright \(c\) \d{4} lksctp contributors\n/, 'LICENSE: MIT, lksctp contributors')
  t.match(pkg.repository, { type: 'git', url: /^git\+https:\/\/.+\.git$/, directory: 'addon' }, 'repository')
  t.match(pkg.homepage, /^https:\/\//, 'homepage')
  t.match(pkg.bugs, { url: /^https:\/\// }, 'bugs')
  t.ok(Array.isArray(pkg.keywords) && pkg.keywords.includes('sctp'), 'keywords')
  t.match(pkg.scripts.install, /^node-gyp-build /, 'install: node-gyp-build, a build only when no prebuild loads')
  t.ok(pkg.dependencies['node-gyp-build'], 'node-gyp-build is a dependency')
  t.same(Object.keys(pkg.dependencies), ['node-gyp-build'], 'and the only one')
  t.end()
})
