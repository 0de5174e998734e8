'use strict'

// The README's apps, ready for the kernel: packs the addon, installs the
// tarball into an empty project as a user would (no compiler on PATH, no
// network), and writes there every code block of README.md and
// addon/README.md marked "app:NAME" as the file NAME; TypeScript ones
// (.ts) are compiled with tsc --strict against the installed package's
// typings. addon/test/sctp/readme-apps.js runs them in the VM.
//
//   node addon/test/package/make-apps.js OUTDIR
//
// Prints the project's path. Exit 1, with the reason, on any failure.

const fs = require('node:fs')
const path = require('node:path')
const h = require('./fixtures/helpers')
const { blocks } = require('../readme-blocks')

const READMES = [path.join(h.addon, '../README.md'), path.join(h.addon, 'README.md')]

function fail (what, r) {
  console.error(`make-apps: ${what}${r ? `\n${r.stdout}${r.stderr}` : ''}`)
  process.exit(1)
}

function main () {
  const out = path.resolve(process.argv[2] || fail('usage: make-apps.js OUTDIR'))
  fs.rmSync(out, { recursive: true, force: true })
  fs.mkdirSync(out, { recursive: true })
  const packed = h.pack(out)
  const env = h.bareEnv(out, h.bareBin(out))
  const app = h.emptyProject(out)
  const r = h.npm(['install', '--offline', packed.gypBuild, packed.tarball], { cwd: app, env })
  if (r.status !== 0) fail('npm install of the tarball failed', r)

  const apps = []
  for (const readme of READMES) {
    for (const b of blocks(readme)) {
      const m = /(?:^|\s)app:(\S+)/.exec(b.info)
      if (!m) continue
      if (apps.some((a) => a.name === m[1])) fail(`two blocks are app:${m[1]}`)
      fs.writeFileSync(path.join(app, m[1]), b.code + '\n')
      apps.push({ name: m[1], from: `${path.relative(path.join(h.addon, '..'), readme)}:${b.line}` })
    }
  }
  if (!apps.length) fail('no README block is marked app:NAME')
  const tsFiles = apps.filter((a) => a.name.endsWith('.ts')).map((a) => a.name)
  if (tsFiles.length) {
    // CommonJS output (the project has no "type": "module"), typings as
    // Node resolves them from node_modules/lksctp.
    const tsc = path.join(h.addon, 'node_modules/typescript/bin/tsc')
    const c = h.run(process.execPath, [tsc, '--strict', '--module', 'node16', '--moduleResolution', 'node16',
      '--target', 'es2022', '--types', 'node', '--typeRoots', path.join(h.addon, 'node_modules/@types'),
      ...tsFiles], { cwd: app })
    if (c.status !== 0) fail('tsc --strict refused an app', c)
  }
  fs.writeFileSync(path.join(app, 'apps.json'), JSON.stringify({ tarball: path.basename(packed.tarball), apps }, null, 2) + '\n')
  console.log(app)
}

main()
