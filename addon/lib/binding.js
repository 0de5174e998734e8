'use strict'

// The native part: build/Release/lksctp.node (a source build) or the
// prebuilt binary of the package (lib/locate.js).
module.exports = require(require('./locate').locate('lksctp'))
