# ops.sh - every network operation of the testbed, each checked from outside
# with iproute2 (ip, tc) or /proc seen through `ip netns exec`.
# shellcheck shell=bash
#
#        namespace A                              namespace B
#   +---------------------+      path 1      +---------------------+
#   | a1  10.0.1.1/24     |------------------|  b1  10.0.1.2/24    |
#   |     fd00:1::1/64    |                  |      fd00:1::2/64   |
#   | a2  10.0.2.1/24     |------------------|  b2  10.0.2.2/24    |
#   |     fd00:2::1/64    |      path 2      |      fd00:2::2/64   |
#   +---------------------+                  +---------------------+
#
# Then: link down/up, address remove/add, netem on and off, SCTP sysctls,
# forwarding, routes, kernel errors with their extended ACK, and teardown
# leaving nothing behind.

ip -o link show | awk -F': ' '{ print $2 }' | sort >"$TMP/links.before"
A=$(ns_name a)
B=$(ns_name b)
diag "namespaces $A $B"

# Namespaces, as `ip netns add` makes them.
netns_made "$A" "$B"
check "netns add A" "$TB" netns add "$A"
check "netns add B" "$TB" netns add "$B"
check_out "ip netns list shows A" "^$A( |\$)" ip netns list
check_out "ip netns list shows B" "^$B( |\$)" ip netns list
check "loopback is up in A" link_is_up "$A" lo
check_out "ip netns exec works in A" "^1: lo:" ip netns exec "$A" ip -o link show
check_fails "netns add of a taken name fails" "File exists" "$TB" netns add "$A"

# Two veth pairs, each end in its own namespace.
check "veth a1@A b1@B" "$TB" veth "a1@$A" "b1@$B"
check "veth a2@A b2@B" "$TB" veth "a2@$A" "b2@$B"
check_out "a1 is in A, its peer in B" "link-netns $B" ip -n "$A" -o link show dev a1
check_out "b2 is in B, its peer in A" "link-netns $A" ip -n "$B" -o link show dev b2
check_no "no veth end in the initial namespace" "(^| )(a|b)[12]@" ip -o link show

for dev in a1 a2 b1 b2; do
	ns=$A
	[[ $dev == b* ]] && ns=$B
	"$TB" link set "$ns" "$dev" up
	check "link $dev is up (ip link show)" link_is_up "$ns" "$dev"
done

# Addresses, IPv4 and IPv6 (no DAD: usable at once).
"$TB" addr add "$A" a1 10.0.1.1/24
"$TB" addr add "$A" a1 fd00:1::1/64
"$TB" addr add "$A" a2 10.0.2.1/24
"$TB" addr add "$A" a2 fd00:2::1/64
"$TB" addr add "$B" b1 10.0.1.2/24
"$TB" addr add "$B" b1 fd00:1::2/64
"$TB" addr add "$B" b2 10.0.2.2/24
"$TB" addr add "$B" b2 fd00:2::2/64
check_out "a1 has 10.0.1.1/24" "inet 10\.0\.1\.1/24 " ip -n "$A" -o addr show dev a1
check_out "a1 has fd00:1::1/64" "inet6 fd00:1::1/64 " ip -n "$A" -o addr show dev a1
check_out "b2 has 10.0.2.2/24" "inet 10\.0\.2\.2/24 " ip -n "$B" -o addr show dev b2
check_out "b2 has fd00:2::2/64, nodad" "inet6 fd00:2::2/64 .*nodad" ip -n "$B" -o addr show dev b2
check_no "b2's fd00:2::2 is not tentative" "fd00:2::2/64 .*tentative" ip -n "$B" -o addr show dev b2
check_fails "adding it twice fails, with the kernel's reason" \
	"addr add 10\.0\.1\.1/24 on a1 in $A: File exists" "$TB" addr add "$A" a1 10.0.1.1/24

# Link down and up again.
check "link set A a2 down" "$TB" link set "$A" a2 down
check "a2 is down (ip link show)" link_is_down "$A" a2
# The peer's carrier follows asynchronously (linkwatch): wait, bounded.
b2_no_carrier() { ip -n "$B" -o link show dev b2 | grep -Eq "NO-CARRIER|state LOWERLAYERDOWN|state DOWN"; }
wait_for 10 b2_no_carrier || true
check_out "its peer b2 lost its carrier" "NO-CARRIER|state LOWERLAYERDOWN|state DOWN" \
	ip -n "$B" -o link show dev b2
check "link set A a2 up" "$TB" link set "$A" a2 up
check "a2 is up again (ip link show)" link_is_up "$A" a2
check_out "A keeps IPv6 addresses on link down" "^1\$" \
	ip netns exec "$A" cat /proc/sys/net/ipv6/conf/all/keep_addr_on_down
check_out "fd00:2::1 survived a2 down/up" "inet6 fd00:2::1/64 " ip -n "$A" -o addr show dev a2

# Address remove and add back.
check "addr del A a2 10.0.2.1/24" "$TB" addr del "$A" a2 10.0.2.1/24
check_no "10.0.2.1 is gone from a2" "inet 10\.0\.2\.1/" ip -n "$A" -o addr show dev a2
check_out "fd00:2::1 stayed on a2" "inet6 fd00:2::1/64 " ip -n "$A" -o addr show dev a2
check "addr del A a2 fd00:2::1/64" "$TB" addr del "$A" a2 fd00:2::1/64
check_no "fd00:2::1 is gone from a2" "inet6 fd00:2::1/" ip -n "$A" -o addr show dev a2
check "addr add A a2 10.0.2.1/24 again" "$TB" addr add "$A" a2 10.0.2.1/24
check_out "10.0.2.1/24 is back on a2" "inet 10\.0\.2\.1/24 " ip -n "$A" -o addr show dev a2
check "addr add A a2 fd00:2::1/64 again" "$TB" addr add "$A" a2 fd00:2::1/64
check_out "fd00:2::1/64 is back on a2" "inet6 fd00:2::1/64 " ip -n "$A" -o addr show dev a2
check_fails "removing an absent address fails" "Cannot assign requested address" \
	"$TB" addr del "$A" a2 10.0.9.9/24

# netem, per link and direction: a1 impairs path 1 from A to B only.
if out=$("$TB" netem "$A" a1 delay 1ms 2>&1) || ! grep -q "qdisc kind is unknown" <<<"$out"; then
	"$TB" netem del "$A" a1 2>/dev/null
	check "netem A a1 loss 10% delay 50ms jitter 5ms" \
		"$TB" netem "$A" a1 loss 10% delay 50ms jitter 5ms
	check_out "tc shows netem on a1 with delay 50ms, jitter 5ms, loss 10%" \
		"qdisc netem [0-9a-f]+: root .*limit 1000 delay 50ms +5ms loss 10%" \
		tc -n "$A" qdisc show dev a1
	check_no "b1 (the other direction) has no netem" "netem" tc -n "$B" qdisc show dev b1
	check "netem A a1 delay 20ms (replace)" "$TB" netem "$A" a1 delay 20ms
	check_out "tc shows the replacement, delay 20ms" "qdisc netem .*delay 20ms" \
		tc -n "$A" qdisc show dev a1
	check_no "... and no loss left" "loss" tc -n "$A" qdisc show dev a1
	check "netem del A a1" "$TB" netem del "$A" a1
	check_no "tc shows no netem on a1" "netem" tc -n "$A" qdisc show dev a1
	check_fails "netem del with none fails, with the kernel's reason" \
		"netem del on a1 in $A: .*\(.+\)" "$TB" netem del "$A" a1
else
	tap_skip "netem" "no sch_netem in kernel $(uname -r): $out"
fi

# SCTP sysctls, per namespace.
if ip netns exec "$A" test -d /proc/sys/net/sctp; then
	for kv in hb_interval=500 path_max_retrans=3 pf_retrans=1 rto_min=100 \
		rto_initial=200 rto_max=1000 addip_enable=1; do
		check "sysctl A net.sctp.${kv%%=*} ${kv#*=}" \
			"$TB" sysctl "$A" "net.sctp.${kv%%=*}" "${kv#*=}"
		check_out "A's /proc/sys/net/sctp/${kv%%=*} is ${kv#*=}" "^${kv#*=}\$" \
			ip netns exec "$A" cat "/proc/sys/net/sctp/${kv%%=*}"
	done
	check_out "tb reads A's hb_interval back" "^500\$" \
		"$TB" sysctl "$A" net.sctp.hb_interval
	check_out "B keeps the default hb_interval 30000" "^30000\$" \
		ip netns exec "$B" cat /proc/sys/net/sctp/hb_interval
	check_out "the initial namespace keeps hb_interval 30000" "^30000\$" \
		cat /proc/sys/net/sctp/hb_interval
	check_fails "an out-of-range value is refused" "Invalid argument" \
		"$TB" sysctl "$A" net.sctp.rto_min 0
	# The keys and counters the scenario parser knows are this kernel's.
	missing=''
	while read -r key; do
		# "*": an interface ("all" for conf; a new namespace's neigh has
		# only its devices: lo)
		path=/proc/sys/${key//\*/all}
		case $key in */neigh/*) path=/proc/sys/${key//\*/lo} ;; esac
		ip netns exec "$A" test -e "$path" || missing="$missing $key"
	done < <("$TB" names sysctl)
	if [ -z "$missing" ]; then tap_pass "every sysctl key the parser knows is in A"; else tap_fail "every sysctl key the parser knows is in A" "missing:$missing"; fi
	check_out "the parser's snmp counters are /proc/net/sctp/snmp's, in order" '^same$' \
		sh -c "[ \"\$(ip netns exec $A awk '{print \$1}' /proc/net/sctp/snmp)\" = \"\$($TB names snmp)\" ] && echo same"
else
	tap_skip "SCTP sysctls" "no SCTP in kernel $(uname -r)"
fi
check_fails "an unknown sysctl is refused" "No such file" \
	"$TB" sysctl "$A" net.sctp.no_such_knob 1

# Forwarding and routes (as a router namespace needs).
check "forward A on" "$TB" forward "$A" on
check_out "A forwards IPv4" "^1\$" ip netns exec "$A" cat /proc/sys/net/ipv4/ip_forward
check_out "A forwards IPv6" "^1\$" \
	ip netns exec "$A" cat /proc/sys/net/ipv6/conf/all/forwarding
check_out "B does not forward" "^0\$" ip netns exec "$B" cat /proc/sys/net/ipv4/ip_forward
check "route add A 10.9.0.0/16 via 10.0.1.2" "$TB" route add "$A" 10.9.0.0/16 via 10.0.1.2
check_out "ip route shows it via 10.0.1.2 dev a1" "^10\.9\.0\.0/16 via 10\.0\.1\.2 dev a1" \
	ip -n "$A" route show
check "route add A fd00:9::/64 via fd00:2::2 dev a2" \
	"$TB" route add "$A" fd00:9::/64 via fd00:2::2 dev a2
check_out "ip -6 route shows it via fd00:2::2 dev a2" "^fd00:9::/64 via fd00:2::2 dev a2" \
	ip -n "$A" -6 route show
check_fails "a route with host bits fails, with the kernel's reason" \
	"Invalid argument \(Invalid prefix for given prefix length\)" \
	"$TB" route add "$A" 10.8.0.1/16 via 10.0.1.2
check "route del A 10.9.0.0/16" "$TB" route del "$A" 10.9.0.0/16
check_no "10.9.0.0/16 is gone" "^10\.9\.0\.0/16" ip -n "$A" route show
check "route del A fd00:9::/64" "$TB" route del "$A" fd00:9::/64
check_no "fd00:9::/64 is gone" "^fd00:9::/64" ip -n "$A" -6 route show

# Other refusals name what failed.
check_fails "a missing link is named" "link set nope in $A up: No such device" \
	"$TB" link set "$A" nope up
check_fails "a missing namespace is named" "open namespace ${PREFIX}-nope: No such file" \
	"$TB" link set "${PREFIX}-nope" a1 up
check "link del A a2 (its peer goes too)" "$TB" link del "$A" a2
check_no "b2 went with a2" "^[0-9]+: b2@" ip -n "$B" -o link show

# Teardown: nothing left.
check "netns del A" "$TB" netns del "$A"
check "netns del B" "$TB" netns del "$B"
check_no "ip netns list shows neither" "^($A|$B)( |\$)" ip netns list
ip -o link show | awk -F': ' '{ print $2 }' | sort >"$TMP/links.after"
check "the initial namespace has the same links as before" \
	diff "$TMP/links.before" "$TMP/links.after"
