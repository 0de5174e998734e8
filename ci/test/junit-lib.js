'use strict'

// Reading JUnit XML back for the tests: fast-xml-parser (a maintained
// parser from the npm registry) into plain objects, and the testsuite tree.

const { XMLParser, XMLValidator } = require('../../addon/node_modules/fast-xml-parser')

const ARRAYS = new Set(['testsuite', 'testcase', 'property'])

// { ok, error } from the validator; the document, with every testsuite and
// testcase list an array, when it is well formed.
function parseJUnit (xml) {
  const valid = XMLValidator.validate(xml)
  if (valid !== true) return { ok: false, error: `${valid.err.msg} (line ${valid.err.line})` }
  const doc = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '',
    isArray: (name) => ARRAYS.has(name)
  }).parse(xml)
  return { ok: true, doc }
}

// Every testsuite, depth first, with its direct testcases.
function suites (node, out = []) {
  for (const s of node.testsuite || []) {
    out.push(s)
    suites(s, out)
  }
  return out
}

module.exports = { parseJUnit, suites }
