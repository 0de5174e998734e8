# outside.sh - a project outside this tree runs its own program under its
# own scenario, as testbed/README.md ("Your own program") says: its own
# directory, lksctp in its own node_modules (a link to this checkout's
# addon/, which is what `npm install /path/to/addon` makes), its scenario
# next to it, run by ci/conformance.js (what `make scenario` runs, without
# the VM boot: this file runs in one already).
# shellcheck shell=bash
#
#   client 10.1.0.1 ----- a ----- 10.1.0.2 server
#          10.2.0.1 ----- b ----- 10.2.0.2

PROJ=$TMP/project
ROOT=$(cd "$TESTBED/.." && pwd -P)
mkdir -p "$PROJ/node_modules" "$PROJ/scenarios"
ln -s "$ROOT/addon" "$PROJ/node_modules/lksctp"
cp "$ROOT/examples/rr/server.js" "$ROOT/examples/rr/client.js" "$PROJ/"
printf '{ "name": "my-service", "private": true, "dependencies": { "lksctp": "file:%s/addon" } }\n' "$ROOT" \
	>"$PROJ/package.json"
cat >"$PROJ/scenarios/answers.scn" <<'SCN'
host client
host server
path a client=10.1.0.1/24 server=10.1.0.2/24
path b client=10.2.0.1/24 server=10.2.0.2/24
agent srv on server exec ../server.js 3868 10.1.0.2,10.2.0.2
expect srv event=listening within=20s
agent cli on client exec ../client.js 10.1.0.2,10.2.0.2 3868 --count=20 --interval=20
expect cli event=connect within=20s
expect cli app=done answered=20 failed=0 within=30s
expect cli received ppid=1000 count=20 within=5s
expect srv sent ppid=1000 count=20 within=5s
expect cli exit=0 within=15s
SCN

(cd "$PROJ" && node "$ROOT/ci/conformance.js" --out "$TMP/project-out" scenarios/answers.scn) \
	>"$TMP/project.tap" 2>&1
status=$?
if ((status == 0)); then
	tap_pass "a project outside the tree: its scenario passes (exit 0)"
else
	tap_fail "a project outside the tree: its scenario passes" "exit $status" "$(tail -n 30 "$TMP/project.tap")"
fi
check_out "... every expectation met" "^ok 6 - .*answers\.scn:12: expect cli exit=0" cat "$TMP/project.tap"
check_out "... the program's messages counted per PPID, with no header" \
	"^ok 4 - .*answers\.scn:10: expect cli received ppid=1000 count=20" cat "$TMP/project.tap"
check_out "... its timeline is left where it was asked for" '"ev":"app".*"name":"done"' cat "$TMP/project-out/answers.jsonl"
check_no "... no program left running" "(client|server)\.js .*3868" ps -eo args
