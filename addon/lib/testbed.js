'use strict'

// lksctp/testbed: what a program tells the testbed's runner about itself.
//
//   const testbed = require('lksctp/testbed')
//   testbed.report('answered', { id: 17, ms: 12 })
//
// Under the runner (`agent NAME on HOST exec PROGRAM`, LKSCTP_TESTBED_FD in
// the environment) each call is one report, matched by
// `expect NAME app=answered id=17 within=2s`; anywhere else it does nothing.
// `active` says which.

const errors = require('./errors')
const observe = require('./observe')
// The package's entry installs the observer when the runner asks for it.
require('./index')

const NAME = /^[A-Za-z][A-Za-z0-9_.-]{0,63}$/

function report (name, fields = {}) {
  if (typeof name !== 'string' || !NAME.test(name)) {
    const err = new TypeError(`The "name" argument must be a string of letters, digits, '_', '.' or '-' starting with a letter (at most 64). Received ${typeof name === 'string' ? JSON.stringify(name) : typeof name}`)
    err.code = 'ERR_INVALID_ARG_VALUE'
    throw err
  }
  if (fields === null || typeof fields !== 'object' || Array.isArray(fields)) {
    const err = new TypeError(`The "fields" argument must be of type object. Received ${fields === null ? 'null' : Array.isArray(fields) ? 'an array' : typeof fields}`)
    err.code = 'ERR_INVALID_ARG_TYPE'
    throw err
  }
  for (const key of ['ev', 't', 'name']) {
    if (Object.hasOwn(fields, key)) {
      const err = new TypeError(`The property 'fields.${key}' is the report's own: name the field otherwise`)
      err.code = 'ERR_INVALID_ARG_VALUE'
      throw err
    }
  }
  // What JSON cannot carry as it is (a bigint, NaN, a function, an object)
  // would reach the runner changed or not at all.
  for (const [key, value] of Object.entries(fields)) {
    const type = value === null ? 'null' : typeof value
    if (type === 'string' || type === 'boolean' || type === 'null') continue
    if (type === 'number' && Number.isFinite(value)) continue
    throw errors.invalidArgType(`fields.${key}`, 'a string, a finite number, a boolean or null', value)
  }
  if (!observe.active()) return
  observe.report('app', { name, ...fields })
}

module.exports = {
  report,
  get active () {
    return observe.active()
  }
}
