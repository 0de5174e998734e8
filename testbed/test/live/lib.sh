# lib.sh - TAP, bounded waiting and guaranteed cleanup for the live tests.
# shellcheck shell=bash
#
# Sourced by run.sh.  Every namespace a test makes is registered with
# netns_made, every background process with bg_started; cleanup removes them
# on any exit, failing or killed.

TESTBED=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)
TB_BIN=${TB_BIN:-$TESTBED/bin}	# make BIN=...: another build
TB=${TB:-$TB_BIN/tb}
PREFIX=lkt

TAP_N=0
TAP_FAILED=0
NETNS_MADE=()
BG_PIDS=()
TMP=$(mktemp -d "${TMPDIR:-/tmp}/tb-live.XXXXXX")

tap_pass() {
	TAP_N=$((TAP_N + 1))
	echo "ok $TAP_N - $1"
}

tap_fail() {
	TAP_N=$((TAP_N + 1))
	TAP_FAILED=$((TAP_FAILED + 1))
	echo "not ok $TAP_N - $1"
	shift
	if (($#)); then
		printf '%s\n' "$@" | sed 's/^/# /'
	fi
}

tap_skip() {
	TAP_N=$((TAP_N + 1))
	echo "ok $TAP_N - $1 # SKIP $2"
}

diag() { echo "# $*"; }

# tap_import NAME CMD...: run a TAP-printing CMD and take its points as ours,
# renumbered, NAME before each.  A CMD that exits non-zero without a failing
# point, or whose plan does not match its points, fails one more point.
tap_import() {
	local name=$1 out=$TMP/import.out line desc status points=0 plan=
	local failed=$TAP_FAILED re='^(not )?ok [0-9]+ (- )?(.*)$'
	shift
	"$@" >"$out" 2>&1
	status=$?
	while IFS= read -r line; do
		if [[ $line =~ $re ]]; then
			points=$((points + 1))
			desc=${BASH_REMATCH[3]}
			if [[ -n ${BASH_REMATCH[1]} ]]; then
				tap_fail "$name: $desc"
			elif [[ $desc == *" # SKIP "* ]]; then
				tap_skip "$name: ${desc%% # SKIP *}" "${desc#* # SKIP }"
			else
				tap_pass "$name: $desc"
			fi
		elif [[ $line =~ ^1\.\.([0-9]+) ]]; then
			plan=${BASH_REMATCH[1]}
		elif [[ $line == "#"* || $line == "  "* ]]; then
			echo "$line"
		elif [[ $line != "TAP version"* ]]; then
			echo "# $line"
		fi
	done <"$out"
	if ((status != 0 && TAP_FAILED == failed)) || [[ $plan != "$points" ]]; then
		tap_fail "$name: exits 0 with its plan met" \
			"exit $status, $points points, plan ${plan:-missing}"
	fi
}

# check DESC CMD...: CMD succeeds.
check() {
	local desc=$1 out
	shift
	if out=$("$@" 2>&1); then
		tap_pass "$desc"
	else
		tap_fail "$desc" "\$ $*" "$out"
	fi
}

# check_fails DESC REGEX CMD...: CMD fails, saying something matching REGEX.
check_fails() {
	local desc=$1 re=$2 out
	shift 2
	if out=$("$@" 2>&1); then
		tap_fail "$desc" "\$ $*" "unexpected success: $out"
	elif grep -Eq -- "$re" <<<"$out"; then
		tap_pass "$desc"
		diag "  $out"
	else
		tap_fail "$desc" "\$ $*" "$out" "(wanted /$re/)"
	fi
}

# check_out DESC REGEX CMD...: CMD succeeds and its output matches REGEX.
check_out() {
	local desc=$1 re=$2 out
	shift 2
	if out=$("$@" 2>&1) && grep -Eq -- "$re" <<<"$out"; then
		tap_pass "$desc"
	else
		tap_fail "$desc" "\$ $*" "$out" "(wanted /$re/)"
	fi
}

# check_no DESC REGEX CMD...: CMD succeeds and its output does not match.
check_no() {
	local desc=$1 re=$2 out
	shift 2
	if out=$("$@" 2>&1) && ! grep -Eq -- "$re" <<<"$out"; then
		tap_pass "$desc"
	else
		tap_fail "$desc" "\$ $*" "$out" "(wanted no /$re/)"
	fi
}

# wait_for SECONDS CMD...: poll CMD every 0.1 s until it succeeds; bounded.
wait_for() {
	local deadline=$((SECONDS + $1))
	shift
	until "$@" >/dev/null 2>&1; do
		((SECONDS < deadline)) || return 1
		sleep 0.1
	done
}

# A unique namespace name for label $1, owned by this shell.
ns_name() { "$TB" name "$PREFIX" "$$" "$1"; }

netns_made() { NETNS_MADE+=("$@"); }
bg_started() { BG_PIDS+=("$@"); }

netns_exists() { [ -e "/run/netns/$1" ]; }

# The flags of a link, as ip prints them: <BROADCAST,MULTICAST,UP,LOWER_UP>
link_flags() { ip -n "$1" -o link show dev "$2" | sed -n 's/^[^<]*<\([^>]*\)>.*/,\1,/p'; }
link_is_up() { link_flags "$1" "$2" | grep -q ',UP,'; }
link_is_down() { ! link_is_up "$1" "$2"; }

cleanup() {
	local pid ns
	for pid in "${BG_PIDS[@]}"; do
		kill -KILL "$pid" 2>/dev/null
	done
	for ns in "${NETNS_MADE[@]}"; do
		netns_exists "$ns" && "$TB" netns del "$ns"
	done
	rm -rf "$TMP"
}

tap_finish() {
	echo "1..$TAP_N"
	if ((TAP_FAILED)); then
		diag "$TAP_FAILED of $TAP_N failed"
		return 1
	fi
	return 0
}
