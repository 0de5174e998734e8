'use strict'

// Topology: a namespace of its own, loopback with 127.0.0.1 and 70 more
// addresses (10.77.0.1-70/32).
// sock_diag's answer for an association grows by 128 bytes per address:
// with 72 local addresses it no longer fits the query's first buffer, and
// struct sctp_info, which comes last, must still be read (compat's
// status() takes its fields from it).

const t = require('tap')
const crypto = require('node:crypto')
const path = require('node:path')
const { spawnSync } = require('node:child_process')
const { ip } = require('../helpers')

t.test('sctpInfo of an association with 72 local addresses', async (t) => {
  const ns = `lkdiag${crypto.randomBytes(2).toString('hex')}`
  ip('netns', 'add', ns)
  t.teardown(() => {
    try { ip('netns', 'del', ns) } catch {}
  })
  const batch = ['link set lo up']
  for (let i = 1; i <= 70; i++) batch.push(`addr add 10.77.0.${i}/32 dev lo`)
  const b = spawnSync('ip', ['-n', ns, '-batch', '-'], { input: batch.join('\n') + '\n', encoding: 'utf8' })
  t.equal(b.status, 0, b.stderr)
  const r = spawnSync('ip', ['netns', 'exec', ns, process.execPath, path.join(__dirname, 'fixtures', 'diag-many.js')],
    { encoding: 'utf8', timeout: 120000 })
  t.equal(r.status, 0, `fixture exit ${r.status}: ${r.stderr}`)
  const out = JSON.parse(r.stdout.trim().split('\n').pop() || '{}')
  t.equal(out.localAddresses, 72, 'the accepted association has 72 local addresses (127.0.0.1, ::1, 70 more)')
  t.type(out.info, 'object', `sctpInfo answered an object (got ${JSON.stringify(out.info)})`)
  t.ok(out.info && out.info.tag > 0, 'with the association\'s verification tag')
  t.ok(out.info && out.info.peerTag > 0, 'and the peer\'s')
})
