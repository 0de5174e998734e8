'use strict'

// What every figure of the report means, said once: the page lists them
// (definitionList) and each fact and column head has its definition as its
// hover text. The kernel matrix's page (matrix-html.js) adds its own.

const { esc, slug } = require('./format.js')
const { STARTUP_SHARE, STARTUP_MIN_MS } = require('./parse.js')
const { COINCIDE_SHARE } = require('./series.js')

// Every figure the page shows, defined once: the list under the summary
// and the hover text of each fact.
const DEFINITIONS = [
  ['result', 'pass: the run ended and met every expectation; fail: an expectation was not met (or the runner exited non-zero); bailed: the runner stopped the script (an agent died, a step failed); incomplete: no end record (the run was killed).'],
  ['expectations', 'expectations met / expectations in the script.'],
  ['duration', 'from the run\'s start to its end record.'],
  ['start-up', `from the run's start to shortly before the first connect or rx/tx (a program's: traffic) report: the agents starting. Drawn compressed, in grey, at the left of each chart when it takes at least ${STARTUP_SHARE * 100}% of the run and ${STARTUP_MIN_MS / 1000} s.`],
  ['connect', 'from the connecting agent\'s agent step to its connect report (without a built-in connecting agent: the program whose connect report came first, to its first one).'],
  ['failure detection', 'per agent: from the first link down step to that agent\'s first SCTP_ADDR_UNREACHABLE notification or peer-info path turning SCTP_INACTIVE, before the matching link up. — : that agent saw none.'],
  ['PF detection', 'per agent: the same, to its first SCTP_ADDR_POTENTIALLY_FAILED notification or path turning SCTP_PF (or SCTP_INACTIVE).'],
  ['recovery', 'per agent: from the first link up after a link down to that agent\'s first SCTP_ADDR_AVAILABLE notification or path back to SCTP_ACTIVE from SCTP_INACTIVE or SCTP_PF.'],
  ['longest delivery gap', 'the longest a receiver went without a message (the largest maxGap of its rx reports), receiver ← sender. After a path failure: the failover time the application saw.'],
  ['path rows', 'one row per peer address of an agent, named by the path it is on: "→ a (10.1.0.2)" is the peer\'s address on path a. The band\'s colour is the path\'s state in the agent\'s peer-info reports.'],
  ['primary', 'the tinted band behind a path row: that address was the agent\'s primary path (peer-info "primary") over that time.'],
  ['events', '◆ notification, ▲ address-change, ● socket event (listening, connect, ready, close) or call, ■ the agent\'s exit (red: anything but exit 0), │ sender-dry or authentication notification, ✕ error. A program\'s own reports and output are not drawn here (see app reports).'],
  ['app reports', 'a program\'s own reports (testbed.report(name, fields), {"ev":"app"}). On the timeline, a row under its events: bars of how many it made per time slice (the busiest slice full height, the others by the square root of their share of it), and ◇ for each report of a name it made at most 3 times. Under Programs: per name, how many, from the first to the last, and per field its lowest, highest and median value (numbers) or its values; then the first 5 of each name.'],
  ['network change', 'a dashed line: a link, addr, netem, kill, close or call step, labelled with its text above the timeline (or numbered there and listed under it).'],
  ['traffic per path', 'bytes per second the sending host\'s end of the path\'s veth sent, one lane per path and direction: the growth of the count between two path-stats records, over the runner\'s sampling interval (about 100 ms) before the later one. All lanes share one scale; any traffic (heartbeats) shows at least as a sliver.'],
  ['messages delivered', `the messages a receiver got from a sender so far, per stream (rx reports). For a program, from its traffic reports (cumulative per association, written at most every 100 ms when a count changed): per stream summed over the PPIDs and over the program's associations, the senders being the agents at their other ends; a thin line marks where each association after the first came up; its longest gap ("≈") is the longest time between two of its traffic reports in which the count grew, so to within about 100 ms. Streams whose lines stay within ${COINCIDE_SHARE * 100}% of the chart's height of each other are drawn as one ("streams 0–3").`],
  ['started', 'a program agent: when the runner started it (its start record), from the run\'s start.'],
  ['ended', 'how the program ended ("exit N", "signal N", or "not started" when it could not be run), when, and how long it ran; "no exit record": it had not ended when the timeline stops.'],
  ['associations', 'a program\'s associations, numbered as it reports them (assoc=N), each with the agent at its other end (matched by ports and addresses) and from its connect or connection report to its close (or the program\'s exit; "end": the run\'s end).'],
  ['output', 'the lines the program wrote on stdout (out) and stderr (err), as the runner recorded them: at most 10,000 per stream, each cut at 4 KiB ("cut"). Listed in time order; when there are more than 45, the first 20, the last 20 and, between them, the first 5 stderr lines and the first 5 cut ones, with how many lines each gap leaves out. A line is shown up to its first 300 characters.'],
  ['waited', 'how long the expectation itself waited: from when the runner reached it to when it was decided (the report that met it, 0 when one from before met it; the end of its hold; or its within= running out).'],
  ['elapsed', 'timelines without waited: from the step the expectation counts reports from (the last one that is not an expectation) to the report that met it.'],
  ['hold', 'for=: how long the expectation had to stay true, from when it was reached.'],
  ['after', 'after=: a lower bound; met earlier than this after its step began, the expectation fails ("previous": it counts only reports from when the expectation above was decided).']
]
const DEF = Object.fromEntries(DEFINITIONS)

// The kernel matrix's own figures (report.js --matrix).
const MATRIX_DEFINITIONS = [
  ['kernel', 'the kernel a column ran under: the Debian suite whose newest kernel the VM booted (bullseye, bookworm, trixie, sid), and its release (uname -r). Every scenario ran once under each kernel that could be had.'],
  ['cell', 'one scenario under one kernel: its result there (pass, FAIL, or bailed: the runner stopped the script), expectations met / expectations decided, and its detection time when the scenario takes a path down.'],
  ['detection', 'failure detection on that kernel, the earliest of any agent: from the first link down step to the first SCTP_ADDR_UNREACHABLE notification or peer-info path turning SCTP_INACTIVE (the per-agent times are in the scenario\'s section).'],
  ['kernel note', '*: the scenario marks an expectation as applying only to some kernel releases (when, and why: the kernel change), and on this kernel it did not apply, so it was not checked. Listed under the scenario\'s differences.'],
  ['unavailable', 'the kernel could not be had (no such suite in the mirror, or no kernel package in it): nothing ran under it. error: it was had, but its run left no results. not run: the kernel ran, but this scenario has no result there.'],
  ['differences', 'per scenario: the expectations (file:line) that failed under some kernels and held under others, with what was observed, and the kernel notes. An expectation that failed under every kernel is listed apart.'],
  ['time scale', 'the charts of one scenario share one time axis across its kernels: from the run\'s start to the end of the longest run, with the start-up compressed only when every kernel\'s run has one (to the shortest), so that a time further right is later on every kernel.'],
  ['per kernel', 'the expectations of the scenario, one row each, and per kernel: ok or not ok, and how long it waited (elapsed, for timelines without waited); — : not decided there (the run stopped before it); n/a: a kernel note said it does not apply to that kernel.']
]

// The list under the summary: `list` is [[figure, meaning], ...].
function definitionList (list = DEFINITIONS) {
  return '<section class="definitions" id="definitions"><h2>What the figures mean</h2><dl>' +
    list.map(([k, v]) => `<dt id="def-${slug(k)}">${esc(k)}</dt><dd>${esc(v)}</dd>`).join('') +
    '</dl></section>'
}

module.exports = { DEFINITIONS, DEF, MATRIX_DEFINITIONS, definitionList }
