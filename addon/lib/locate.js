'use strict'

// Where a native module of the package is: build/Release/NAME.node after a
// source build (make, or npm install where no prebuilt binary fits), else
// the prebuilt one shipped in the package,
// prebuilds/<platform>-<arch>/NAME.glibc.node (make prebuilds, in the
// layout that node-gyp-build reads at install time to decide whether to
// build). Named exactly: the package has two modules (lksctp, lksctp_diag)
// side by side, which node-gyp-build's own loader, taking the first .node
// file it finds, would not tell apart.

const fs = require('fs')
const path = require('path')

const root = path.join(__dirname, '..')

function locate (name) {
  const built = path.join(root, 'build', 'Release', name + '.node')
  if (fs.existsSync(built)) return built
  const tuple = process.platform + '-' + process.arch
  const prebuilt = path.join(root, 'prebuilds', tuple, name + '.glibc.node')
  if (fs.existsSync(prebuilt)) return prebuilt
  const err = new Error(`lksctp: no native module ${name}: neither a source build ` +
    `(${built}) nor a prebuilt binary for ${tuple} (${prebuilt}); ` +
    'build it with `npm rebuild lksctp --build-from-source`')
  err.code = 'MODULE_NOT_FOUND'
  throw err
}

module.exports = { locate }
