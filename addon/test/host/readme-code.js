'use strict'

// Every JavaScript and TypeScript code block of README.md and
// addon/README.md is extracted and checked against the typings: each one
// parses, and type-checks under strict TypeScript (JavaScript with
// checkJs), 'lksctp' and 'lksctp/compat' resolving to index.d.ts and
// compat.d.ts. A block fenced as "js shape" shows the shape of a value,
// not code: it must parse as an expression, and is not type-checked.

const t = require('tap')
const fs = require('node:fs')
const path = require('node:path')
const ts = require('typescript')

const addon = path.join(__dirname, '../..')
const READMES = [path.join(addon, '../README.md'), path.join(addon, 'README.md')]
const { blocks } = require('../readme-blocks')

const dir = path.join(addon, 'build', 'readme-code')
fs.rmSync(dir, { recursive: true, force: true })
fs.mkdirSync(dir, { recursive: true })

const checked = []
for (const readme of READMES) {
  const name = path.relative(path.join(addon, '..'), readme).replace(/\W+/g, '_')
  for (const b of blocks(readme)) {
    const where = `${path.relative(path.join(addon, '..'), readme)}:${b.line}`
    if (b.info === 'shape') {
      t.test(`${where} (a shape) parses as an expression`, (t) => {
        const sf = ts.createSourceFile('shape.js', `(${b.code})`, ts.ScriptTarget.ES2022, true, ts.ScriptKind.JS)
        t.same(sf.parseDiagnostics.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n')), [], 'no syntax error')
        t.end()
      })
      continue
    }
    // Each block a module of its own (export {}), named after its place.
    const file = path.join(dir, `${name}_${b.line}.${b.lang}`)
    fs.writeFileSync(file, b.code + '\nexport {}\n')
    checked.push({ where, file, lines: b.code.split('\n').length })
  }
}

t.ok(checked.length > 0, `${checked.length} code blocks to type-check`)

// The check must be able to fail: code the typings refuse, beside the blocks.
const refused = {
  'a property set on a plain Buffer': "const msg = Buffer.from('CER')\nmsg.sid = 0\n",
  'a field of one notification type without narrowing':
    "import { connect } from 'lksctp'\nconnect({ port: 1 }).on('notification', (n) => console.log(n.parsed.address))\n"
}
const refusedFiles = Object.entries(refused).map(([what, code], i) => {
  const file = path.join(dir, `refused_${i}.ts`)
  fs.writeFileSync(file, code + 'export {}\n')
  return { what, file }
})

t.test('the code blocks type-check under --strict against the typings', (t) => {
  const options = {
    strict: true,
    noEmit: true,
    allowJs: true,
    checkJs: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    types: ['node'],
    typeRoots: [path.join(addon, 'node_modules/@types')],
    baseUrl: addon,
    paths: { lksctp: ['index.d.ts'], 'lksctp/compat': ['compat.d.ts'], 'lksctp/testbed': ['testbed.d.ts'] },
    esModuleInterop: true
  }
  const program = ts.createProgram([...checked, ...refusedFiles].map((c) => c.file), options)
  const diags = ts.getPreEmitDiagnostics(program)
  const byFile = new Map(checked.map((c) => [path.resolve(c.file), c]))
  for (const c of checked) {
    const mine = diags.filter((d) => d.file && path.resolve(d.file.fileName) === path.resolve(c.file))
    const text = mine.map((d) => {
      const { line } = d.file.getLineAndCharacterOfPosition(d.start)
      const [file, at] = c.where.split(':')
      return `${file}:${Number(at) + 1 + line}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`
    })
    t.same(text, [], `${c.where} (${c.lines} lines) type-checks`)
  }
  for (const r of refusedFiles) {
    t.ok(diags.some((d) => d.file && path.resolve(d.file.fileName) === path.resolve(r.file)), `refused: ${r.what}`)
    byFile.set(path.resolve(r.file), r)
  }
  const other = diags.filter((d) => !d.file || !byFile.has(path.resolve(d.file.fileName)))
  t.same(other.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n')), [], 'no error in the typings')
  t.end()
})
