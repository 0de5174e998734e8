'use strict'

// ci/vm/kernel and ci/sctp-run --kernel, as far as they go without a
// download or a VM: names are checked, the cache is read as documented, a
// host with no Debian mirror (Ubuntu, say) is told exactly what to set, and
// the mirror is the one the host's apt sources name.

const t = require('../../addon/node_modules/tap')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const { spawnSync } = require('node:child_process')

const root = path.join(__dirname, '..', '..')
const kernel = path.join(root, 'ci', 'vm', 'kernel')
const sctpRun = path.join(root, 'ci', 'sctp-run')

function tmpdir (t) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kernel-'))
  t.teardown(() => fs.rmSync(dir, { recursive: true, force: true }))
  return dir
}

function run (cmd, args, env) {
  return spawnSync(cmd, args, { encoding: 'utf8', timeout: 60000, env: { ...process.env, ...env } })
}

t.test('a name that is no kernel name is refused', async (t) => {
  const r = run(kernel, ['fetch', 'Bad Name'], { LKSCTP_CACHE: tmpdir(t) })
  t.equal(r.status, 125, 'exit 125')
  t.match(r.stderr, /'Bad Name' is not a kernel name \(default, or a Debian suite such as bookworm\)/, 'says what a name is')
  const s = run(sctpRun, ['--kernel', 'Bad/Name', '--', 'true'])
  t.equal(s.status, 125, 'sctp-run: exit 125')
  t.match(s.stderr, /--kernel 'Bad\/Name': not a kernel name/, 'sctp-run names the option')
})

t.test('contradictions between --kernel and LKSCTP_VM', async (t) => {
  let r = run(sctpRun, ['--kernel', 'host', '--', 'true'], { LKSCTP_VM: 'always' })
  t.match(r.stderr, /--kernel host \(the running kernel\) contradicts LKSCTP_VM=always/, 'host vs always')
  r = run(sctpRun, ['--kernel', 'trixie', '--', 'true'], { LKSCTP_VM: 'never' })
  t.match(r.stderr, /--kernel trixie \(a VM\) contradicts LKSCTP_VM=never/, 'a suite vs never')
})

t.test('the cache', async (t) => {
  const cache = tmpdir(t)
  const env = { LKSCTP_CACHE: cache }
  let r = run(kernel, ['cached', 'trixie'], env)
  t.equal(r.status, 1, 'nothing cached: exit 1')
  fs.mkdirSync(path.join(cache, 'names'))
  fs.mkdirSync(path.join(cache, 'kernel', '6.12.1+deb13-amd64'), { recursive: true })
  fs.writeFileSync(path.join(cache, 'names', 'trixie'), '6.12.1+deb13-amd64\n')
  r = run(kernel, ['cached', 'trixie'], env)
  t.equal(r.status, 1, 'a kernel not completely unpacked is not cached')
  fs.writeFileSync(path.join(cache, 'kernel', '6.12.1+deb13-amd64', '.complete'), '')
  r = run(kernel, ['cached', 'trixie'], env)
  t.equal(r.status, 0, 'complete: cached')
  t.equal(r.stdout, '6.12.1+deb13-amd64\n', 'its release')
  r = run(kernel, ['fetch', 'trixie'], { ...env, LKSCTP_DEBIAN_MIRROR: 'http://mirror.invalid/debian' })
  t.equal(r.status, 0, 'fetch of a cached name: no network (the mirror given is unreachable)')
  t.equal(r.stdout, '6.12.1+deb13-amd64\n', 'the cached release')
  r = run(kernel, ['list'], env)
  t.equal(r.stdout, 'trixie 6.12.1+deb13-amd64\n', 'list: name and release')
  r = run(sctpRun, ['--check', '--kernel', 'trixie'], env)
  t.match(r.stderr, /kernel: trixie is 6\.12\.1\+deb13-amd64, cached in /, 'sctp-run --check says so')
})

t.test('a host with no Debian mirror is told what to do', async (t) => {
  const dir = tmpdir(t)
  // An Ubuntu host: its apt knows no source whose Release says Debian.
  fs.writeFileSync(path.join(dir, 'os-release'), 'NAME="Ubuntu"\nPRETTY_NAME="Ubuntu 24.04.1 LTS"\nID=ubuntu\n')
  fs.mkdirSync(path.join(dir, 'bin'))
  fs.writeFileSync(path.join(dir, 'bin', 'apt-get'), '#!/bin/sh\nexit 0\n', { mode: 0o755 })
  const r = run(kernel, ['fetch', 'trixie'], {
    LKSCTP_CACHE: path.join(dir, 'cache'),
    LKSCTP_OS_RELEASE: path.join(dir, 'os-release'),
    LKSCTP_DEBIAN_MIRROR: '',
    PATH: `${path.join(dir, 'bin')}:${process.env.PATH}`
  })
  t.equal(r.status, 3, 'exit 3: this kernel cannot be had')
  t.match(r.stderr, /no Debian mirror in the host's apt sources \(this is Ubuntu 24\.04\.1 LTS\); set LKSCTP_DEBIAN_MIRROR to a Debian mirror's URL/, 'names the system and the variable to set')
  t.notMatch(r.stderr, /cannot tell which kernel/, 'never the bare old message')
})

t.test("the mirror is the host apt's", async (t) => {
  const r = run(kernel, ['mirror'], { LKSCTP_DEBIAN_MIRROR: '' })
  const debian = /^ID=debian$/m.test(fs.readFileSync('/etc/os-release', 'utf8'))
  if (!debian) {
    t.equal(r.status, 3, 'not Debian: no mirror, exit 3')
    return
  }
  t.equal(r.status, 0, 'found')
  const url = r.stdout.trim()
  t.match(url, /^(https?|file):\/\/\S+$/, `a URL (${url})`)
  const sources = ['/etc/apt/sources.list', ...fs.readdirSync('/etc/apt/sources.list.d').map((f) => `/etc/apt/sources.list.d/${f}`)]
    .filter((f) => fs.existsSync(f)).map((f) => fs.readFileSync(f, 'utf8')).join('\n')
  t.ok(sources.includes(url), 'one the host apt sources name')
  const over = run(kernel, ['mirror'], { LKSCTP_DEBIAN_MIRROR: 'http://example.invalid/debian/' })
  t.equal(over.stdout, 'http://example.invalid/debian\n', 'LKSCTP_DEBIAN_MIRROR overrides it')
})
