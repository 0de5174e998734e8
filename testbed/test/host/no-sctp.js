'use strict'

// tb run on a kernel that cannot make SCTP sockets: it says so at once, with
// the command that runs the scenario in a VM that has SCTP, builds nothing
// and starts no agent (exit 2, as for a bad script). On a kernel that has
// SCTP the probe lets the run go on to its next check (a bad --prefix here,
// so that nothing is built either way).

const t = require('../../../addon/node_modules/tap')
const path = require('node:path')
const { spawnSync } = require('node:child_process')

const root = path.join(__dirname, '..', '..', '..')
const tb = path.join(root, 'testbed', 'bin', 'tb')

// lksctp-tools' own probe (a socket of IPPROTO_SCTP).
function hasSctp () {
  return spawnSync('checksctp', { stdio: 'ignore' }).status === 0
}

// One of the two, for the kernel this runs on (no skip either way).
t.test(hasSctp() ? 'a kernel with SCTP goes on to the run' : 'the kernel without SCTP is named, with what to run instead', async (t) => {
  if (hasSctp()) {
    const r = spawnSync(tb, ['run', '--prefix', 'bad/prefix', 'scenarios/basic.scn'], { cwd: root, encoding: 'utf8', timeout: 30000 })
    t.notMatch(r.stdout, /no SCTP/, 'no word of a missing SCTP')
    t.match(r.stderr, /^tb run: prefix: /m, 'the next check speaks')
    return
  }
  const started = Date.now()
  const r = spawnSync(tb, ['run', 'scenarios/basic.scn'], { cwd: root, encoding: 'utf8', timeout: 30000 })
  const took = Date.now() - started
  t.equal(r.status, 2, 'exit status 2: nothing was run')
  t.match(r.stdout, /^TAP version 13\n1\.\.0\n/, 'a TAP stream with an empty plan')
  t.match(r.stdout, /^Bail out! this kernel has no SCTP \(socket\(AF_INET, SOCK_STREAM, IPPROTO_SCTP\): (Protocol|Socket type|Address family) not supported\): /m, 'names the missing SCTP and the failed call')
  t.match(r.stdout, /ci\/sctp-run --image \$PWD\/addon\/node_modules -- testbed\/bin\/tb run scenarios\/basic\.scn$/m, 'and the command to run instead')
  t.ok(took < 5000, `at once (${took} ms), not after a listener's 30 s wait`)
  t.notMatch(r.stdout, /# host /, 'no namespace was made')
})
