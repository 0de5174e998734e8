# signals.sh - a run's namespaces and links go on SIGTERM, SIGINT or SIGHUP;
# after SIGKILL they stay, and the sweep by prefix removes them.
# shellcheck shell=bash
#
#   `tb hold lktsig`, owner = the tb process:
#   lktsig-PID-TAG-a  va ---------- vb  lktsig-PID-TAG-b
#
# Each signal gets its own `tb hold`; the checks look from outside.

HOLD_PREFIX=lktsig
"$TB" sweep "$HOLD_PREFIX" >/dev/null

# hold_start TAG: start `tb hold`, wait for its "ready A B" line; sets
# HOLD_PID, HOLD_A, HOLD_B.
hold_start() {
	"$TB" hold "$HOLD_PREFIX" >"$TMP/hold.$1" 2>"$TMP/hold.$1.err" &
	HOLD_PID=$!
	bg_started "$HOLD_PID"
	if ! wait_for 60 grep -q '^ready ' "$TMP/hold.$1"; then
		HOLD_A='' HOLD_B=''
		return 1
	fi
	read -r _ HOLD_A HOLD_B <"$TMP/hold.$1"
	netns_made "$HOLD_A" "$HOLD_B"
}

hold_netns_exist() { netns_exists "$HOLD_A" && netns_exists "$HOLD_B"; }
hold_links_up() { link_is_up "$HOLD_A" va && link_is_up "$HOLD_B" vb; }

for sig in TERM INT HUP; do
	if ! hold_start "$sig"; then
		tap_fail "tb hold is ready (for SIG$sig)" "$(cat "$TMP/hold.$sig.err")"
		continue
	fi
	check "namespaces of the run exist (for SIG$sig)" \
		hold_netns_exist
	check "its veth is up in both (for SIG$sig)" \
		hold_links_up
	kill -"$sig" "$HOLD_PID"
	wait "$HOLD_PID"
	status=$?
	want=$((128 + $(kill -l "$sig")))
	if ((status == want)); then
		tap_pass "tb hold exits $want on SIG$sig"
	else
		tap_fail "tb hold exits $want on SIG$sig" "got $status" \
			"$(cat "$TMP/hold.$sig.err")"
	fi
	check_no "SIG$sig: no namespace of the run is left" \
		"^($HOLD_A|$HOLD_B)( |\$)" ip netns list
done

if hold_start KILL; then
	kill -KILL "$HOLD_PID"
	wait "$HOLD_PID" 2>/dev/null
	check "after SIGKILL the namespaces are left over" \
		hold_netns_exist
	check_out "a sweep of another prefix leaves them" "^swept 0\$" \
		"$TB" sweep "${HOLD_PREFIX}x"
	check_out "the sweep of $HOLD_PREFIX removes both" "^swept 2\$" \
		"$TB" sweep "$HOLD_PREFIX"
	check_no "no namespace of the killed run is left" \
		"^($HOLD_A|$HOLD_B)( |\$)" ip netns list
else
	tap_fail "tb hold is ready (for SIGKILL)" "$(cat "$TMP/hold.KILL.err")"
fi

# A live owner's namespaces are not swept.
if hold_start LIVE; then
	check_out "the sweep leaves a live run alone" "^swept 0\$" \
		"$TB" sweep "$HOLD_PREFIX"
	check "its namespaces are still there" \
		hold_netns_exist
	kill -TERM "$HOLD_PID"
	wait "$HOLD_PID"
else
	tap_fail "tb hold is ready (live owner)" "$(cat "$TMP/hold.LIVE.err")"
fi
