'use strict'

// The kernel matrix's table and its differences in words (ci/matrix-table.js)
// from made-up columns: a kernel where an expectation fails, one that
// cannot be had, and a documented kernel difference.

const t = require('../../addon/node_modules/tap')
const { table, differences } = require('../matrix-table')

const row = (over) => ({ scenario: 'failover', file: 'scenarios/failover.scn', passed: 12, failed: 0, failures: [], bail: null, detectionMs: 5300, ...over })

const cols = [
  { name: 'bullseye', release: '5.10.0-46-amd64', status: 'ran', rows: [row({ passed: 11, failed: 1, failures: [{ line: 45, text: 'expect client address-change ADDR_CONFIRMED within=5s', observed: 'no such event' }] }), row({ scenario: 'basic', file: 'scenarios/basic.scn', detectionMs: null })] },
  { name: 'bookworm', release: '6.1.0-57-amd64', status: 'ran', rows: [row(), row({ scenario: 'basic', file: 'scenarios/basic.scn', detectionMs: null, kernelNotes: [{ line: 9, text: 'expect x', when: '>=6.12', why: 'since commit abc' }] })] },
  { name: 'forky', release: null, status: 'unavailable', note: 'the kernel cannot be had', rows: [] }
]

t.test('the table', async (t) => {
  const text = table(cols)
  const lines = text.split('\n')
  t.match(lines[0], /^scenario +bullseye 5\.10\.0-46 +bookworm 6\.1\.0-57 +forky/, 'a column per kernel, named with its release')
  t.match(text, /^failover +FAIL 11\/12 5300 ms +pass 12\/12 5300 ms +unavailable/m, 'result, expectations met, detection time; unavailable')
  t.match(text, /^basic +pass 12\/12 +pass\* 12\/12 +unavailable/m, 'no detection time where there is none; * for a kernel difference')
  t.match(text, /^forky: unavailable - the kernel cannot be had$/m, 'why a kernel is missing')
  t.match(text, /failure-detection time/, 'the figures are defined')
})

t.test('the differences in words', async (t) => {
  const text = differences(cols)
  t.match(text, /scenarios\/failover\.scn:45: "expect client address-change ADDR_CONFIRMED within=5s" fails on bullseye, holds on bookworm/, 'which kernel fails which line')
  t.match(text, /bullseye: observed no such event/, 'with what it saw')
  t.match(text, /scenarios\/basic\.scn:9: "expect x" is for kernel>=6\.12 only, so it did not run on bookworm: since commit abc/, 'documented differences are told')
  const same = differences([cols[1], { ...cols[1], name: 'trixie' }].map((c) => ({ ...c, rows: c.rows.map((r) => ({ ...r, kernelNotes: [] })) })))
  t.match(same, /^Differences: none; every scenario gave the same result on bookworm, trixie\.$/m, 'none when they agree')
  t.equal(differences([{ name: 'sid', status: 'error', rows: [] }]), 'Differences: none to tell (no kernel ran).\n', 'no kernel ran: said so, not an empty list')
})
