'use strict'

// The native part: build/Release/lksctp.node (node-gyp).
module.exports = require('../build/Release/lksctp.node')
