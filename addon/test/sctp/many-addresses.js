'use strict'

// Topology: a namespace of its own, loopback with 127.0.0.1, ::1 and 300
// more addresses (10.77.0.1-10.77.1.44/32).
// A socket bound to every address lists every address of the host: past
// the first room the address lists are read into (128 IPv6 addresses' worth),
// and sock_diag's answer grows by 128 bytes per address (past its first
// 8 KiB). Both must still come whole.

const t = require('tap')
const crypto = require('node:crypto')
const path = require('node:path')
const { spawnSync } = require('node:child_process')
const { ip } = require('../helpers')

const EXTRA = 300

t.test(`an association with ${EXTRA + 2} local addresses`, async (t) => {
  const ns = `lkmany${crypto.randomBytes(2).toString('hex')}`
  ip('netns', 'add', ns)
  t.teardown(() => {
    try { ip('netns', 'del', ns) } catch {}
  })
  const batch = ['link set lo up']
  for (let i = 1; i <= EXTRA; i++) batch.push(`addr add 10.77.${i >> 8}.${i & 255}/32 dev lo`)
  const b = spawnSync('ip', ['-n', ns, '-batch', '-'], { input: batch.join('\n') + '\n', encoding: 'utf8' })
  t.equal(b.status, 0, b.stderr)
  const r = spawnSync('ip', ['netns', 'exec', ns, process.execPath, path.join(__dirname, 'fixtures', 'many-addresses.js')],
    { encoding: 'utf8', timeout: 120000 })
  t.equal(r.status, 0, `fixture exit ${r.status}: ${r.stderr}`)
  const out = JSON.parse(r.stdout.trim().split('\n').pop() || '{}')
  const all = EXTRA + 2 // and 127.0.0.1 and ::1: the server is on ::
  t.equal(out.listener, all, 'the listener lists every address')
  t.equal(out.serverLocal, all, 'so does the accepted association')
  t.equal(out.clientLocal, EXTRA + 1, 'and the client, bound to none: every IPv4 address (an IPv4 socket)')
  t.equal(out.serverRemote, EXTRA + 1, 'which the server has as its peer\'s')
  t.type(out.info, 'object', `sctpInfo answered an object (got ${JSON.stringify(out.info)})`)
  t.ok(out.info && out.info.tag > 0, 'with the association\'s verification tag')
  t.ok(out.info && out.info.peerTag > 0, 'and the peer\'s')
})
