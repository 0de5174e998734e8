# settings.sh - an agent's socket options and a scenario's run-time calls
# reach the socket: the settings the addon reads back, as the agent reports
# them with its connect and each call (scn/settings.scn), are the ones the
# script asks for.
# shellcheck shell=bash
#
#   client 10.7.0.1 ---- a ---- 10.7.0.2 server

SET_PREFIX=lktset
"$TB" sweep "$SET_PREFIX" >/dev/null
"$TB" run --prefix "$SET_PREFIX" --timeline "$TMP/settings.jsonl" "$TESTBED/test/live/scn/settings.scn" \
	>"$TMP/settings" 2>&1
status=$?
if ((status == 0)); then tap_pass "settings.scn: passes"; else tap_fail "settings.scn: passes" "exit $status" "$(cat "$TMP/settings")"; fi

# settings_are DESC AGENT EV [METHOD] JSON: the first EV report of AGENT
# (of METHOD, for a call) has settings that include JSON's fields.
settings_are() {
	check_out "$1" '^same$' node -e '
const [file, agent, ev, method, want] = process.argv.slice(1)
const rec = require("fs").readFileSync(file, "utf8").trim().split("\n").map(JSON.parse)
  .find((r) => r.agent === agent && r.ev === ev && (!method || r.method === method))
if (!rec) { console.log(`no ${ev} report of ${agent}`); process.exit(0) }
const got = rec.settings || {}
const diff = (w, g, at) => Object.entries(w).flatMap(([k, v]) => v !== null && typeof v === "object"
  ? diff(v, (g || {})[k], `${at}${k}.`)
  : ((g || {})[k] === v ? [] : [`${at}${k}: ${JSON.stringify((g || {})[k])}, not ${JSON.stringify(v)}`]))
const d = diff(JSON.parse(want), got, "")
console.log(d.length ? d.join("; ") : "same")' "$TMP/settings.jsonl" "$2" "$3" "$4" "$5"
}

settings_are "agent options: RTO, path parameters, retransmissions, PF exposure" cli connect '' \
	'{"rto":{"initial":800,"min":400,"max":900},"paths":{"heartbeat":true,"heartbeatInterval":700,"maxRetransmits":3,"pfThreshold":2,"switchoverThreshold":5},"maxRetransmits":7,"exposePotentiallyFailed":true}'
settings_are "a listening agent's options reach its accepted association" srv connection '' \
	'{"paths":{"heartbeatInterval":2500,"maxRetransmits":6}}'
settings_are "call setPathParams changes the paths, and only what it names" cli call setPathParams \
	'{"paths":{"heartbeatInterval":1500,"maxRetransmits":4,"pfThreshold":1,"switchoverThreshold":5},"rto":{"initial":800,"min":400,"max":900}}'
settings_are "call setRto" cli call setRto '{"rto":{"initial":600,"min":400,"max":900}}'
settings_are "call setMaxRetransmits" cli call setMaxRetransmits '{"maxRetransmits":9}'
settings_are "call setExposePotentiallyFailed" cli call setExposePotentiallyFailed '{"exposePotentiallyFailed":false}'
check_out "call setNoDelay returned" '"ev":"call","method":"setNoDelay","args":\[false\]' cat "$TMP/settings.jsonl"
# The TAP times: the connection was there when its expectation's turn came
# (after the connect, and a 500 ms for= after that), so it waited ~0 ms,
# though the step that started the agents was at least 500 ms before.
check_out "TAP times: an expectation's own wait, apart from the time since its step" '^apart$' node -e '
const m = /^ok 3 - .*settings\.scn:17: .* # waited ([0-9]+) ms; ([0-9]+) ms after line 14$/m.exec(require("fs").readFileSync(process.argv[1], "utf8"))
console.log(!m ? "no such point" : Number(m[1]) < 200 && Number(m[2]) >= 500 ? "apart" : `waited ${m[1]} ms, ${m[2]} ms after the step`)' "$TMP/settings"
# A command the agent could not do names the step that asked for it.
check_out "an agent's error names the step being run" \
	"^# [^ ]*settings\.scn:24: agent cli: send: the previous send has not ended$" cat "$TMP/settings"
check_no "settings.scn: no namespace left" "^$SET_PREFIX-" ls /run/netns
