#!/usr/bin/env node
'use strict'

// Run by npm install (node-gyp-build "node scripts/check-build.js") only
// when no prebuilt binary fits this machine and the addon must be built
// from source: checks what node-gyp will need and, when something is
// missing, fails with one message naming it and the command that installs
// it, instead of a compiler error deep in node-gyp's output.

const { spawnSync } = require('child_process')
const fs = require('fs')
const path = require('path')

// What a source build needs: [what, test, Debian/Ubuntu, Fedora, Alpine].
const needs = [
  ['a C compiler (cc)', () => has(process.env.CC || 'cc'),
    'gcc', 'gcc', 'gcc musl-dev'],
  ['make', () => has('make'), 'make', 'make', 'make'],
  ['python3 (for node-gyp)', () => has(process.env.PYTHON || 'python3') || has('python'),
    'python3', 'python3', 'python3'],
  ['the SCTP header <netinet/sctp.h>', sctpHeader,
    'libsctp-dev', 'lksctp-tools-devel', 'lksctp-tools-dev linux-headers']
]

// An executable named cmd on PATH (or cmd itself when it holds a slash).
function has (cmd) {
  const dirs = cmd.includes('/') ? [''] : (process.env.PATH || '').split(':')
  return dirs.some((d) => {
    try {
      fs.accessSync(path.join(d, cmd), fs.constants.X_OK)
      return true
    } catch {
      return false
    }
  })
}

// The compiler's preprocessor finds the header, as the build will.
function sctpHeader () {
  const cc = process.env.CC || 'cc'
  if (!has(cc)) return false
  const r = spawnSync(cc, ['-E', '-x', 'c', '-'], {
    input: '#include <netinet/sctp.h>\n', stdio: ['pipe', 'ignore', 'ignore']
  })
  return r.status === 0
}

const missing = needs.filter(([, test]) => !test())
if (missing.length === 0) process.exit(0)

const pkgs = (i) => [...new Set(missing.flatMap((m) => m[i].split(' ')))].join(' ')
const tuple = `${process.platform}-${process.arch}`
const root = path.join(__dirname, '..')
process.stderr.write(
  `lksctp: no prebuilt binary of the package loads on this machine (${tuple}; ` +
  'shipped: linux-x64 and linux-arm64, glibc), so it is built from source, which needs ' +
  missing.map((m) => m[0]).join(', ') + ', missing here. Install ' +
  (missing.length > 1 ? 'them' : 'it') + ', then run npm install again:\n' +
  `  Debian/Ubuntu: sudo apt-get install ${pkgs(2)}\n` +
  `  Fedora:        sudo dnf install ${pkgs(3)}\n` +
  `  Alpine:        apk add ${pkgs(4)}\n` +
  `(package directory: ${root})\n`)
process.exit(1)
