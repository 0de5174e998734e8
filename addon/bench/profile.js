#!/usr/bin/env node
'use strict'

// Where the time goes in one workload of one implementation: CPU time of
// each process per unit of the measured job (user + system, from /proc),
// syscalls per message (strace -c -f over each process) and the functions
// with the most self time (V8's --cpu-prof, for the Node processes).
//
//   node addon/bench/profile.js --impl addon|tcp|c [--mode default|tuned]
//        [--job "throughput 64 4 2000" | "roundtrip 64 2000" | "associations 1000"]
//        [--strace] [--cpu-prof DIR]
//
// Run it under a kernel with SCTP (ci/sctp-run). strace slows every call
// down: its counts per message are right, its rates are not.

const fs = require('node:fs')
const path = require('node:path')
const { Peer, BENCH_SCTP, PEER, modeArgs, setSysctl, restoreSysctls, cpuOf, TUNED_RCVBUF } = require('./run')

function parseArgs (argv) {
  const o = { impl: 'addon', mode: 'tuned', job: 'throughput 64 4 2000', strace: false, cpuProf: null }
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]
    if (a === '--impl') o.impl = argv[++i]
    else if (a === '--mode') o.mode = argv[++i]
    else if (a === '--job') o.job = argv[++i]
    else if (a === '--strace') o.strace = true
    else if (a === '--cpu-prof') o.cpuProf = path.resolve(argv[++i])
    else throw new Error(`unknown option ${a}`)
  }
  return o
}

function start (o, role, port, straceOut) {
  const extra = port ? ['--port', String(port)] : []
  let cmd, args
  if (o.impl === 'c') {
    cmd = BENCH_SCTP
    args = [role, ...modeArgs('c', o.mode), ...extra]
  } else {
    cmd = process.execPath
    const prof = o.cpuProf ? ['--cpu-prof', '--cpu-prof-dir', o.cpuProf, '--cpu-prof-name', `${o.impl}-${role}.cpuprofile`] : []
    args = [...prof, PEER, role, ...modeArgs(o.impl, o.mode), ...extra]
  }
  if (straceOut) {
    args = ['-f', '-c', '-o', straceOut, cmd, ...args]
    cmd = 'strace'
  }
  return new Peer(`${o.impl} ${role}`, cmd, args, 300000)
}

// strace -c's table: calls per syscall.
function straceCalls (file) {
  const calls = {}
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    const f = line.trim().split(/\s+/)
    if (f.length >= 5 && /^\d/.test(f[0]) && f[f.length - 1] !== 'total') {
      const name = f[f.length - 1]
      // % time, seconds, usecs/call, calls, [errors,] syscall
      calls[name] = { calls: Number(f[3]), errors: f.length >= 6 ? Number(f[4]) : 0 }
    }
  }
  return calls
}

// Self time per function of a .cpuprofile, highest first.
function topFunctions (file, count = 15) {
  const prof = JSON.parse(fs.readFileSync(file, 'utf8'))
  const dt = (prof.endTime - prof.startTime) / Math.max(1, prof.samples.length)
  const byNode = new Map(prof.nodes.map((n) => [n.id, n]))
  const self = new Map()
  for (const id of prof.samples) {
    const cf = byNode.get(id).callFrame
    const key = `${cf.functionName || '(anonymous)'} ${cf.url ? path.basename(cf.url) + ':' + (cf.lineNumber + 1) : ''}`.trim()
    self.set(key, (self.get(key) || 0) + dt)
  }
  const total = [...self.values()].reduce((a, b) => a + b, 0)
  return [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, count)
    .map(([k, us]) => `${(100 * us / total).toFixed(1).padStart(5)}%  ${k}`)
}

async function main () {
  const o = parseArgs(process.argv.slice(2))
  const dir = o.cpuProf || path.resolve(__dirname, '../../build/bench/profile')
  fs.mkdirSync(dir, { recursive: true })
  if (o.mode === 'tuned') setSysctl('net.core.rmem_max', TUNED_RCVBUF, true)
  const straceFile = (role) => o.strace ? path.join(dir, `${o.impl}-${role}.strace`) : null
  const server = start(o, 'server', 0, straceFile('server'))
  const { port } = await server.next('port')
  const client = start(o, 'client', port, straceFile('client'))
  const [job, ...args] = o.job.split(/\s+/)
  // Messages each process handled over its life, warm-up included, as
  // strace counts: the client sent them, the server received them (a round
  // trip is one message each way).
  const handled = { client: 0, server: 0 }
  let warmHandled = 0
  try {
    const warm = [...args]
    warm[warm.length - 1] = '300'
    for (const [line, measured] of [[[job, ...warm].join(' '), false], [o.job, true]]) {
      const cpu0 = measured && [cpuOf(client.pid), cpuOf(server.pid)]
      client.send(line)
      if (job === 'throughput') {
        const sent = await client.next('sent')
        const recv = await server.next('messages')
        handled.client += sent.sent
        handled.server += recv.messages
        const rate = (recv.messages - 1) / ((recv.last - recv.first) / 1e9)
        if (measured) console.log(`${o.impl} ${o.mode} ${o.job}: ${sent.sent} sent, ${recv.messages} received, ${rate.toFixed(0)} msg/s`)
      } else if (job === 'roundtrip') {
        const r = await client.next('roundtrips')
        handled.client += r.roundtrips
        handled.server += r.roundtrips
        if (measured) console.log(`${o.impl} ${o.mode} ${o.job}: ${r.roundtrips} round trips, ${(r.roundtrips / (r.ns / 1e9)).toFixed(0)} rt/s`)
      } else if (job === 'associations') {
        // Counted per association: handled = associations set up.
        const e = await client.next('established')
        client.send('round')
        const r = await client.next('echoed')
        await client.next('closed')
        handled.client += e.established
        handled.server += e.established
        if (measured) console.log(`${o.impl} ${o.mode} ${o.job}: ${e.established} established in ${(e.ns / 1e6).toFixed(0)} ms (${e.failed} failed), one round ${(r.ns / 1e6).toFixed(0)} ms`)
      } else {
        throw new Error(`profile.js profiles throughput, roundtrip and associations jobs, not ${job}`)
      }
      // Under strace the pids are strace's, whose children's time is not
      // counted until they exit: no figure then.
      if (measured && !o.strace) {
        const units = handled.client - warmHandled
        const us = (pid, before) => ((cpuOf(pid) - before) * 1e6 / units).toFixed(0)
        const unit = job === 'associations' ? 'association' : job === 'roundtrip' ? 'round trip' : 'message'
        console.log(`CPU per ${unit} (user + system, 10 ms ticks): client ${us(client.pid, cpu0[0])} us, server ${us(server.pid, cpu0[1])} us`)
      }
      if (!measured) warmHandled = handled.client
    }
  } finally {
    await client.stop()
    await server.stop()
    restoreSysctls()
  }
  for (const role of ['client', 'server']) {
    if (o.strace) {
      const calls = straceCalls(straceFile(role))
      console.log(`\n${o.impl} ${role}: syscalls (strace -c -f) over ${handled[role]} ${job === 'associations' ? 'associations' : 'messages'}: calls, per unit, of which failed`)
      const top = Object.entries(calls).sort((a, b) => b[1].calls - a[1].calls).slice(0, 12)
      for (const [name, n] of top) {
        console.log(`  ${String(n.calls).padStart(9)}  ${(n.calls / handled[role]).toFixed(3).padStart(8)}  ${(n.errors / handled[role]).toFixed(3).padStart(8)}  ${name}`)
      }
    }
    const prof = path.join(dir, `${o.impl}-${role}.cpuprofile`)
    if (o.cpuProf && fs.existsSync(prof)) {
      console.log(`\n${o.impl} ${role}: self time by function (--cpu-prof):`)
      for (const l of topFunctions(prof)) console.log(`  ${l}`)
    }
  }
}

main().catch((err) => {
  restoreSysctls()
  console.error(`profile.js: ${err.stack || err.message}`)
  process.exit(1)
})
