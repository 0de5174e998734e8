# runner.sh - tb run: a scenario's namespaces, links and agent processes
# are gone after a normal end, a failed expectation, a step that fails,
# SIGINT, SIGTERM and SIGHUP; after SIGKILL the agents die with it and its
# namespaces are swept by the next run.  Checked from outside (ip, ps).
# shellcheck shell=bash
#
#   tb run --prefix lktrun scn/*.scn:
#   lktrun-PID-TAG-client  a ---------- a  lktrun-PID-TAG-server
#       (agent cli)                             (agent srv)

RUN_PREFIX=lktrun
SCN=$TESTBED/test/live/scn
"$TB" sweep "$RUN_PREFIX" >/dev/null

run_ns() { ls /run/netns 2>/dev/null | grep -E "^$RUN_PREFIX-$1-" || true; }
run_has_ns() { [ -n "$(run_ns "$1")" ]; }
run_no_ns() { [ -z "$(run_ns "$1")" ]; }
# The agents: node processes whose parent is the runner.
agents_of() { pgrep -P "$1" -f agent.js | tr '\n' ' '; }
all_gone() {
	local p
	for p in $1; do
		kill -0 "$p" 2>/dev/null && return 1
	done
	return 0
}

# run_start TAG SCRIPT: tb run in the background, until both agents run and
# the client is connected; sets RUN_PID, RUN_AGENTS.
run_start() {
	"$TB" run --prefix "$RUN_PREFIX" "$2" >"$TMP/run.$1" 2>"$TMP/run.$1.err" &
	RUN_PID=$!
	bg_started "$RUN_PID"
	RUN_AGENTS=''
	wait_for 90 grep -q '^ok 1 ' "$TMP/run.$1" || return 1
	RUN_AGENTS=$(agents_of "$RUN_PID")
	for ns in $(run_ns "$RUN_PID"); do netns_made "$ns"; done
}

# A normal end.
"$TB" run --prefix "$RUN_PREFIX" "$SCN/short.scn" >"$TMP/short" 2>&1
status=$?
check_out "short.scn: exit 0, every expectation met" "^# 2 expectations: 2 passed, 0 failed" \
	cat "$TMP/short"
if ((status == 0)); then tap_pass "short.scn: exit status 0"; else tap_fail "short.scn: exit status 0" "got $status" "$(cat "$TMP/short")"; fi
check_out "short.scn: test points name file:line" "^ok 2 - .*short\.scn:10: expect srv received" cat "$TMP/short"
check_no "short.scn: no namespace left" "^$RUN_PREFIX-" ls /run/netns
check_no "short.scn: no agent left" "testbed/agent/agent.js" ps -eo args

# Steps for other kernel releases: an expectation is an "ok # SKIP" that
# names this kernel, the condition and the reason; another step a comment.
"$TB" run --prefix "$RUN_PREFIX" --timeline "$TMP/kernel.jsonl" "$SCN/kernel.scn" >"$TMP/kernel" 2>&1
status=$?
release=$(uname -r)
if ((status == 0)); then tap_pass "kernel.scn: exit status 0"; else tap_fail "kernel.scn: exit status 0" "got $status" "$(cat "$TMP/kernel")"; fi
check_out "kernel.scn: the expectation for kernel<3.0 is skipped, named" \
	"^ok 2 - .*kernel\.scn:10: expect cli event=close within=1s # SKIP kernel [^ ]+: only on kernel<3\.0 \(no kernel this old runs here\)$" cat "$TMP/kernel"
check "kernel.scn: the kernel named is this one ($release)" grep -qF "# SKIP kernel $release: " "$TMP/kernel"
check_out "kernel.scn: the one for kernel>=3.0 runs and passes" "^ok 3 - .*kernel\.scn:11: expect cli peer-info .* # waited" cat "$TMP/kernel"
check_out "kernel.scn: a sysctl for kernel<3.0 is not run, and said" \
	"^# .*kernel\.scn:12: sysctl client net\.sctp\.hb_interval=1: not run on kernel .*: only on kernel<3\.0" cat "$TMP/kernel"
check_out "kernel.scn: the count tells them apart" "^# 3 expectations: 2 passed, 0 failed, 1 for other kernels" cat "$TMP/kernel"
check_out "kernel.scn: the timeline records each" '"kind": *"kernel-skip".*"when": *"<3\.0"' cat "$TMP/kernel.jsonl"

# An unmet expectation: exit 1, the point says what was seen, cleanup.
"$TB" run --prefix "$RUN_PREFIX" --timeline "$TMP/unmet.jsonl" "$SCN/unmet.scn" >"$TMP/unmet" 2>&1
status=$?
if ((status == 1)); then tap_pass "unmet.scn: exit status 1"; else tap_fail "unmet.scn: exit status 1" "got $status" "$(cat "$TMP/unmet")"; fi
check_out "unmet.scn: the failed point names file:line" "^not ok 2 - .*unmet\.scn:10: expect cli notification" cat "$TMP/unmet"
check_out "unmet.scn: ... and what was observed instead" "observed: \"(no notification report|saw )" cat "$TMP/unmet"
check_out "unmet.scn: the run goes on after it" "^ok 3 - " cat "$TMP/unmet"
check_out "unmet.scn: the timeline records the failure" '"kind":"expect".*"line":10.*"ok":false' cat "$TMP/unmet.jsonl"
check_out "unmet.scn: the timeline ends with the status" '"kind":"end".*"failed":1.*"status":1' tail -n1 "$TMP/unmet.jsonl"
check_no "unmet.scn: no namespace left" "^$RUN_PREFIX-" ls /run/netns
check_no "unmet.scn: no agent left" "testbed/agent/agent.js" ps -eo args

# A step that fails after the agents started.
"$TB" run --prefix "$RUN_PREFIX" "$SCN/badstep.scn" >"$TMP/badstep" 2>&1
status=$?
if ((status == 1)); then tap_pass "badstep.scn: exit status 1"; else tap_fail "badstep.scn: exit status 1" "got $status" "$(cat "$TMP/badstep")"; fi
check_out "badstep.scn: Bail out! with file:line and the reason" \
	"^Bail out! .*badstep\.scn:10: sysctl net\.sctp\.rto_min=abc in client: Invalid argument" cat "$TMP/badstep"
check_no "badstep.scn: no namespace left" "^$RUN_PREFIX-" ls /run/netns
check_no "badstep.scn: no agent left" "testbed/agent/agent.js" ps -eo args

# What the paths carry, for=, not, after=, socket options and calls.
"$TB" run --prefix "$RUN_PREFIX" --timeline "$TMP/traffic.jsonl" "$SCN/traffic.scn" >"$TMP/traffic" 2>&1
status=$?
if ((status == 1)); then tap_pass "traffic.scn: exit status 1 (two points fail on purpose)"; else tap_fail "traffic.scn: exit status 1" "got $status" "$(cat "$TMP/traffic")"; fi
check_out "traffic.scn: the path carries the data (min=)" "^ok 2 - .*traffic\.scn:14: expect path a .* # waited [0-9]+ ms; [0-9]+ ms after line 13" cat "$TMP/traffic"
check_out "traffic.scn: not ... for= holds, and says how long" "^ok 3 - .*traffic\.scn:15: .* # held [0-9]+ ms" cat "$TMP/traffic"
check_out "traffic.scn: a for= broken by the traffic fails" "^not ok 4 - .*traffic\.scn:16: expect path a" cat "$TMP/traffic"
check_out "traffic.scn: ... with the counts, when it broke" "observed: \"client->server carried [0-9]+ packets, [0-9]+ bytes in [0-9]+ ms \([0-9]+ ms into the interval\)\"" cat "$TMP/traffic"
check_out "traffic.scn: a state met before after= fails" "observed: \"met [0-9]+ ms after line 13, before after=1000 ms\"" cat "$TMP/traffic"
check_out "traffic.scn: setPrimaryAddress moves the data to path b" "^ok 6 - .*traffic\.scn:20: expect path b" cat "$TMP/traffic"
check_out "traffic.scn: after=previous, met" "^ok 7 - .*traffic\.scn:21: " cat "$TMP/traffic"
check_out "traffic.scn: the timeline samples each path's directions" '"kind":"path-stats","path":"b","dirs":\{"client->server":\{"packets":[0-9]+' cat "$TMP/traffic.jsonl"
check_out "traffic.scn: the run record has the paths' addresses" '"addresses":\{"client":\["10\.9\.0\.1"\],"server":\["10\.9\.0\.2"\]\}' head -n1 "$TMP/traffic.jsonl"
check_out "traffic.scn: expectation records carry waited" '"kind":"expect".*"waited":[0-9.]+' cat "$TMP/traffic.jsonl"
check_out "traffic.scn: setRto was called with its object" '"ev":"call","method":"setRto","args":\[\{"max":2000\}\]' cat "$TMP/traffic.jsonl"
# rtoInitial/rtoMin/rtoMax reached the socket: every path's RTO the
# agent reported is within [500, 700] ms (the kernel's defaults: 3000,
# 1000..60000), until setRto raised the maximum.
check_out "traffic.scn: the agent's RTO options are the paths' RTOs" '^rto ok [1-9]' \
	node -e '
const lines = require("fs").readFileSync(process.argv[1], "utf8").trim().split("\n").map(JSON.parse)
const call = lines.find((r) => r.ev === "call" && r.method === "setRto")
const rtos = lines.filter((r) => r.ev === "peer-info" && r.agent === "cli" && (!call || r.t < call.t))
  .flatMap((r) => Object.values(r.paths).map((p) => p.rto))
const bad = rtos.filter((v) => v < 500 || v > 700)
console.log(bad.length ? `rto bad ${bad.join(",")}` : `rto ok ${rtos.length}`)' "$TMP/traffic.jsonl"
check_no "traffic.scn: no namespace left" "^$RUN_PREFIX-" ls /run/netns

# Programs as agents: output, exit status, and the bad cases.
"$TB" run --prefix "$RUN_PREFIX" --timeline "$TMP/exec.jsonl" "$SCN/exec.scn" >"$TMP/exec" 2>&1
status=$?
if ((status == 1)); then tap_pass "exec.scn: exit status 1 (five points fail on purpose)"; else tap_fail "exec.scn: exit status 1" "got $status" "$(cat "$TMP/exec")"; fi
check_out "exec.scn: a missing program is named with file:line, and the run goes on" \
	"^# [^ ]*exec\.scn:18: agent ghost: cannot run \./prog/no-such-program: No such file or directory$" cat "$TMP/exec"
check_out "exec.scn: a line of the program's stdout" "^ok 1 - .*exec\.scn:13: expect hello output" cat "$TMP/exec"
check_out "exec.scn: a line of its stderr" "^ok 2 - .*exec\.scn:14: " cat "$TMP/exec"
check_out "exec.scn: its exit status" "^ok 3 - .*exec\.scn:15: expect hello exit=3" cat "$TMP/exec"
check_out "exec.scn: the missing program's exit= fails, saying it never started" \
	'observed: "saw agent-error .*cannot run.*exit \(not started\)' cat "$TMP/exec"
check_out "exec.scn: a flood of output is read, not a hang" "^ok 4 - .*exec\.scn:17: " cat "$TMP/exec"
check_out "exec.scn: a killed program ends by SIGKILL" "^ok 6 - .*exec\.scn:22: expect sleeper exit=SIGKILL" cat "$TMP/exec"
check_out "exec.scn: a malformed report line is shown as such, with the agent's file:line" \
	"^# [^ ]*exec\.scn:26: agent junk: this is not json$" cat "$TMP/exec"
check_out "exec.scn: ... and so recorded" \
	'"ev":"agent-error","message":"[^"]*exec\.scn:26: agent junk: this is not json"' cat "$TMP/exec.jsonl"
check_out "exec.scn: a file that is not executable is named, and why" \
	"^# [^ ]*exec\.scn:24: agent noexec: cannot run \./prog/not-executable: Permission denied$" cat "$TMP/exec"
check_out "exec.scn: ... and the good one after it counts" "^ok 8 - .*exec\.scn:27: expect junk app=hello from=sh" cat "$TMP/exec"
check_out "exec.scn: the program that wrote it ends normally" "^ok 9 - .*exec\.scn:28: expect junk exit=0" cat "$TMP/exec"
check_out "exec.scn: a failed point on a program shows its last lines of output" \
	'^    stderr: warn: stderr is read too$' sed -n '/^not ok 10 - .*exec\.scn:29: /,/^  \.\.\./p' "$TMP/exec"
check_out "exec.scn: the flood is recorded up to its limit, and says so with file:line" \
	'"ev":"agent-error","message":"[^"]*exec\.scn:16: agent flood: stdout: more than 10000 lines: the rest is not recorded"' cat "$TMP/exec.jsonl"
check_out "exec.scn: ... in the TAP output too" \
	"^# [^ ]*exec\.scn:16: agent flood: stdout: more than 10000 lines: the rest is not recorded$" cat "$TMP/exec"
check_out "exec.scn: a testbed agent beside the programs" "^ok 11 - .*exec\.scn:33: expect srv event=listening" cat "$TMP/exec"
check_out "exec.scn: a program on the addon connects to it" "^ok 12 - .*exec\.scn:35: expect peer event=connect" cat "$TMP/exec"
check_out "exec.scn: snmp= on a program: the runner reads its host's counters" \
	"^ok 13 - .*exec\.scn:36: expect peer snmp=SctpCurrEstab min=1 within=5s # waited" cat "$TMP/exec"
check_out "exec.scn: ... into the program's timeline, as an agent's snmp reports" \
	'"ev":"snmp","t":[0-9.]+,"counters":\{[^}]*"SctpCurrEstab":1[,}].*"agent":"peer"' cat "$TMP/exec.jsonl"
check_out "exec.scn: a program that never reports fails at its within=" \
	"^not ok 14 - .*exec\.scn:40: expect mute event=connect within=2s$" cat "$TMP/exec"
check_out "exec.scn: ... having waited it out" '^  waited: 2\.[0-9] s$' \
	sed -n '/^not ok 14 - /,/^  \.\.\./p' "$TMP/exec"
check_out "exec.scn: ... saying that the program made no report" \
	'^  observed: "no event report since [0-9]+ ms; the program has made no valid report on fd 3 \(LKSCTP_TESTBED_FD\)"$' \
	sed -n '/^not ok 14 - /,/^  \.\.\./p' "$TMP/exec"
check_out "exec.scn: an expectation on a program that has ended fails" \
	"^not ok 15 - .*exec\.scn:42: expect junk event=connect within=30s$" cat "$TMP/exec"
check_out "exec.scn: ... at once, long before its within=" '^  waited: 0\.[0-9] s$' \
	sed -n '/^not ok 15 - /,/^  \.\.\./p' "$TMP/exec"
check_out "exec.scn: ... saying that the agent has ended" '^  observed: ".* \(the agent has ended\)"$' \
	sed -n '/^not ok 15 - /,/^  \.\.\./p' "$TMP/exec"
check_out "exec.scn: kill ends a program started through a wrapper, its children too" \
	"^ok 17 - .*exec\.scn:48: expect wrapped exit=SIGKILL within=5s" cat "$TMP/exec"
check_out "exec.scn: the timeline has the programs' lines" '"ev":"output","stream":"stderr","line":"warn: stderr is read too"' cat "$TMP/exec.jsonl"
check_out "exec.scn: the run record says which agents are programs" '"agents":\[\{"name":"hello","host":"server","role":"exec"\}' head -n1 "$TMP/exec.jsonl"
check_out "exec.scn: and each program's argv" '"cmd":"exec","name":"hello".*"argv":\["\./prog/hello\.sh","3868"\]' cat "$TMP/exec.jsonl"
check_no "exec.scn: no program left running" "(yes flood|sleep 600|sleep 61|hello\.sh|connect\.js)" ps -eo args
check_no "exec.scn: no namespace left" "^$RUN_PREFIX-" ls /run/netns

# A bad script: nothing is built.
printf 'host a\nlnk down x\n' >"$TMP/bad.scn"
check_fails "a bad script fails before anything is built" "bad\.scn:2: unknown verb 'lnk'" \
	"$TB" run --prefix "$RUN_PREFIX" "$TMP/bad.scn"

for sig in INT TERM HUP; do
	if ! run_start "$sig" "$SCN/hold.scn"; then
		tap_fail "SIG$sig: the run is up" "$(cat "$TMP/run.$sig" "$TMP/run.$sig.err")"
		continue
	fi
	check "SIG$sig: its namespaces exist" run_has_ns "$RUN_PID"
	ns=$(run_ns "$RUN_PID" | grep -- '-client$')
	check_out "SIG$sig: the path's veth is in the client's namespace" "^[0-9]+: a@" ip -n "$ns" -o link show dev a
	check_out "SIG$sig: with its address" "inet 10\.9\.0\.1/24" ip -n "$ns" -o addr show dev a
	if [ "$(wc -w <<<"$RUN_AGENTS")" = 2 ]; then
		tap_pass "SIG$sig: two agent processes run"
	else
		tap_fail "SIG$sig: two agent processes run" "got '$RUN_AGENTS'"
	fi
	kill -"$sig" "$RUN_PID"
	wait "$RUN_PID"
	status=$?
	want=$((128 + $(kill -l "$sig")))
	if ((status == want)); then
		tap_pass "SIG$sig: tb run exits $want"
	else
		tap_fail "SIG$sig: tb run exits $want" "got $status" "$(cat "$TMP/run.$sig.err")"
	fi
	check_out "SIG$sig: it says so" "^Bail out! interrupted by" cat "$TMP/run.$sig"
	check "SIG$sig: no namespace of the run is left" run_no_ns "$RUN_PID"
	check "SIG$sig: its agents are gone" all_gone "$RUN_AGENTS"
done

if run_start KILL "$SCN/hold.scn"; then
	killed=$RUN_PID
	kill -KILL "$RUN_PID"
	wait "$RUN_PID" 2>/dev/null
	check "SIGKILL: the agents die with the runner" wait_for 10 all_gone "$RUN_AGENTS"
	check "SIGKILL: its namespaces are left over" run_has_ns "$killed"
	"$TB" run --prefix "$RUN_PREFIX" "$SCN/short.scn" >"$TMP/after-kill" 2>&1
	check_out "SIGKILL: the next run sweeps them" "^# swept 2 namespace" cat "$TMP/after-kill"
	check "SIGKILL: none of them is left" run_no_ns "$killed"
else
	tap_fail "SIGKILL: the run is up" "$(cat "$TMP/run.KILL" "$TMP/run.KILL.err")"
fi
