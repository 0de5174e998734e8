/* test_prefix.c - address/prefix parsing and formatting, interface and
 * namespace names. */
#include <arpa/inet.h>
#include <errno.h>
#include <limits.h>
#include <string.h>

#include "addr.h"
#include "link.h"
#include "netns.h"
#include "unit.h"

static void parses(const char *s, int family, unsigned int len,
		   const char *formatted)
{
	char buf[TB_PREFIX_STRLEN];
	struct tb_prefix p;
	int err;

	err = tb_prefix_parse(s, &p);
	tap_is_int(err, 0, "prefix '%s' parses", s);
	if (err < 0)
		return;
	tap_ok(p.family == family && p.len == len,
	       "prefix '%s' is family %d, /%u", s, family, len);
	tb_prefix_format(&p, buf, sizeof(buf));
	tap_is_str(buf, formatted, "prefix '%s' formats back", s);
}

static void rejects(const char *s)
{
	struct tb_prefix p;

	tap_is_int(tb_prefix_parse(s, &p), -EINVAL, "prefix '%s' is refused", s);
}

void test_prefix(void)
{
	static const char *const bad[] = {
		"", "/24", "10.0.2.1/", "10.0.2.1/33", "fd00::1/129",
		"10.0.2.1/+4", "10.0.2.1/ 4", "10.0.2.1/-0", "10.0.2.1/24x",
		"10.0.2/24", "10.0.2.1 /24", "10.0.2.256/24", "fd00:::1/64",
		"10.0.2.1/0024", "host/24",
	};
	char buf[PATH_MAX];
	struct tb_prefix p;
	unsigned int i;

	tap_diag("prefixes");
	parses("10.0.2.1/24", AF_INET, 24, "10.0.2.1/24");
	parses("fd00::1/64", AF_INET6, 64, "fd00::1/64");
	parses("10.0.2.1", AF_INET, 32, "10.0.2.1/32");
	parses("fd00:0:0::1", AF_INET6, 128, "fd00::1/128");
	parses("0.0.0.0/0", AF_INET, 0, "0.0.0.0/0");
	parses("::/0", AF_INET6, 0, "::/0");
	parses("fd00::1/128", AF_INET6, 128, "fd00::1/128");
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		rejects(bad[i]);

	tb_prefix_parse("10.0.2.1/24", &p);
	tap_ok(p.addr.raw[0] == 10 && p.addr.raw[1] == 0 &&
	       p.addr.raw[2] == 2 && p.addr.raw[3] == 1,
	       "IPv4 address bytes in network order");
	tap_is_int(tb_prefix_format(&p, buf, 8), -ENOSPC,
		   "formatting into a short buffer says so");

	tap_diag("interface names");
	tap_is_int(tb_ifname_check("veth-a"), 0, "ifname 'veth-a' is fine");
	tap_is_int(tb_ifname_check("abcdefghijklmno"), 0,
		   "ifname of 15 bytes is fine");
	tap_is_int(tb_ifname_check("abcdefghijklmnop"), -ENAMETOOLONG,
		   "ifname of 16 bytes is too long");
	tap_is_int(tb_ifname_check(""), -EINVAL, "empty ifname is refused");
	tap_is_int(tb_ifname_check("a/b"), -EINVAL, "ifname with / is refused");
	tap_is_int(tb_ifname_check("a b"), -EINVAL,
		   "ifname with a space is refused");

	tap_diag("namespace paths");
	tap_is_int(tb_netns_path("lkt-1-00ab-a", buf, sizeof(buf)), 0,
		   "netns path builds");
	tap_is_str(buf, "/run/netns/lkt-1-00ab-a", "netns path is under /run/netns");
	tap_is_int(tb_netns_path("a/b", buf, sizeof(buf)), -EINVAL,
		   "netns name with / is refused");
	tap_is_int(tb_netns_path("..", buf, sizeof(buf)), -EINVAL,
		   "netns name .. is refused");
	tap_is_int(tb_netns_path("", buf, sizeof(buf)), -EINVAL,
		   "empty netns name is refused");
}
