'use strict'

// ci/sctp-run when the VM fails: a guest that never reached the command is
// booted once more, one that failed while the command ran is not (that is a
// result), and either way the console's last lines are shown. qemu here is
// a stand-in on PATH that plays the guest's side of the control directory
// (ci/vm/init: ctl/booted once the command starts, ctl/status at its end).

const t = require('../../addon/node_modules/tap')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const { spawnSync } = require('node:child_process')

const root = path.join(__dirname, '..', '..')
const sctpRun = path.join(root, 'ci', 'sctp-run')
const KVER = '6.12.1+deb13-amd64'

// Each boot takes the next line of PLAN: "panic" (dies before the command),
// "hang" (never gets there), "crash" (dies while it runs) or a number (the
// command's exit status).
const fakeQemu = `#!/bin/bash
ctl=
for a in "$@"; do
	case $a in *mount_tag=lkctl*) ctl=\${a#local,path=}; ctl=\${ctl%%,*} ;; esac
done
n=$(($(cat "$FAKE_DIR/boots" 2>/dev/null || echo 0) + 1))
echo "$n" >"$FAKE_DIR/boots"
step=$(sed -n "\${n}p" "$FAKE_DIR/plan")
case $step in
hang) echo "boot $n: stuck"; exec sleep 60 ;;
panic) echo "Kernel panic - not syncing: boot $n"; exit 1 ;;
crash) : >"$ctl/booted"; echo "BUG: boot $n crashed while the command ran"; exit 1 ;;
*) : >"$ctl/booted"; echo "$step" >"$ctl/status" ;;
esac
`

function setup (t, plan) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'boot-retry-'))
  t.teardown(() => fs.rmSync(dir, { recursive: true, force: true }))
  const cache = path.join(dir, 'cache')
  const kdir = path.join(cache, 'kernel', KVER)
  fs.mkdirSync(path.join(kdir, 'lib', 'modules', KVER), { recursive: true })
  fs.writeFileSync(path.join(kdir, 'vmlinuz'), '')
  fs.writeFileSync(path.join(kdir, '.complete'), '')
  fs.mkdirSync(path.join(cache, 'names'))
  fs.writeFileSync(path.join(cache, 'names', 'trixie'), KVER + '\n')
  fs.mkdirSync(path.join(dir, 'bin'))
  fs.writeFileSync(path.join(dir, 'bin', 'qemu-system-x86_64'), fakeQemu, { mode: 0o755 })
  fs.writeFileSync(path.join(dir, 'plan'), plan.join('\n') + '\n')
  return {
    run () {
      return spawnSync(sctpRun, ['--kernel', 'trixie', '--timeout', '120', '--', 'true'], {
        cwd: root,
        encoding: 'utf8',
        timeout: 120000,
        env: {
          ...process.env,
          LKSCTP_CACHE: cache,
          LKSCTP_VM: 'always',
          LKSCTP_VM_BOOT_TIMEOUT: '2',
          FAKE_DIR: dir,
          PATH: `${path.join(dir, 'bin')}:${process.env.PATH}`
        }
      })
    },
    boots: () => Number(fs.readFileSync(path.join(dir, 'boots'), 'utf8'))
  }
}

// The stand-in is found only when the host has what a VM needs (busybox,
// cpio, ...); sctp-run installs or names what is missing otherwise.
const check = spawnSync(sctpRun, ['--check', '--kernel', 'trixie'], { encoding: 'utf8', env: { ...process.env, LKSCTP_VM: 'always' } })
const ready = /all tools present/.test(check.stderr)

t.test('a guest that died before the command is booted once more', { skip: !ready && 'the VM tools are missing' }, async (t) => {
  const s = setup(t, ['panic', '7'])
  const r = s.run()
  t.equal(r.status, 7, "the second boot's command status")
  t.equal(s.boots(), 2, 'two boots')
  t.match(r.stderr, /the VM failed \(qemu exit 1\) before the command started; last lines of its console:\n {2}\| Kernel panic - not syncing: boot 1/, 'the first failure is told, with the console')
  t.match(r.stderr, /booting once more \(the command never started\)/, 'and the retry')
})

t.test('a guest that hangs before the command is stopped and booted once more', { skip: !ready && 'the VM tools are missing' }, async (t) => {
  const s = setup(t, ['hang', '3'])
  const r = s.run()
  t.equal(r.status, 3, "the second boot's command status")
  t.equal(s.boots(), 2, 'two boots')
  t.match(r.stderr, /the VM did not boot within 2s; last lines of its console:\n {2}\| boot 1: stuck/, 'the watchdog says so, with the console')
  t.match(r.stderr, /booting once more/)
})

t.test('twice: exit 125, no third boot', { skip: !ready && 'the VM tools are missing' }, async (t) => {
  const s = setup(t, ['panic', 'panic', '0'])
  const r = s.run()
  t.equal(r.status, 125, 'exit 125')
  t.equal(s.boots(), 2, 'two boots, not three')
  t.match(r.stderr, /Kernel panic - not syncing: boot 2/, "the second console's lines")
})

t.test('a guest that failed while the command ran is not booted again', { skip: !ready && 'the VM tools are missing' }, async (t) => {
  const s = setup(t, ['crash', '0'])
  const r = s.run()
  t.equal(r.status, 125, 'exit 125')
  t.equal(s.boots(), 1, 'one boot')
  t.match(r.stderr, /the VM failed \(qemu exit 1\) while the command ran; last lines of its console:\n {2}\| BUG: boot 1 crashed/, 'says so, with the console')
  t.notMatch(r.stderr, /booting once more/, 'no retry')
})

t.test('a first boot that works is the only one', { skip: !ready && 'the VM tools are missing' }, async (t) => {
  const s = setup(t, ['0', 'panic'])
  const r = s.run()
  t.equal(r.status, 0, 'exit 0')
  t.equal(s.boots(), 1, 'one boot')
})
