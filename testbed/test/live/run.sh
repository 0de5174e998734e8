#!/usr/bin/env bash
# run.sh - the testbed's live tests, as root, printing TAP.
#
#   make -C testbed && ci/sctp-run -- testbed/test/live/run.sh
#
# Runs each test file (one behaviour each, its topology drawn at its top) in
# this one shell, so that one VM boot serves them all.  The SCTP sysctl
# checks are skipped on a kernel without SCTP.  Leftovers of earlier runs
# killed with SIGKILL are swept first.
set -uo pipefail

# shellcheck source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

echo "TAP version 13"
if [ ! -x "$TB" ] || [ ! -x "$TB_BIN/live-leaks" ]; then
	echo "Bail out! the testbed is not built: make -C testbed"
	exit 1
fi
if [ "$(id -u)" != 0 ]; then
	echo "Bail out! the live tests need root"
	exit 1
fi
START=$SECONDS
diag "kernel $(uname -r) (${LKSCTP_KERNEL_RUNNER:-direct})"
"$TB" sweep "$PREFIX" >/dev/null

for t in ops signals runner settings outside; do
	diag "--- $t"
	# shellcheck source=/dev/null
	. "$TESTBED/test/live/$t.sh"
done
diag "--- leaks"
tap_import leaks "$TB_BIN/live-leaks"

diag "took $((SECONDS - START)) s"
tap_finish
