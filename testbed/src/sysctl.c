/* sysctl.c - per-namespace sysctls through /proc/sys. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "netns.h"
#include "sysctl.h"

#define PROC_SYS "/proc/sys/"

int tb_sysctl_path(const char *key, char *buf, size_t len)
{
	const char *p, *start;
	char sep;
	size_t n, plen = strlen(PROC_SYS);

	if (key == NULL || key[0] == '\0')
		return -EINVAL;
	/* A key with a slash is a path; else dots separate components. */
	sep = strchr(key, '/') != NULL ? '/' : '.';

	n = strlen(key);
	if (plen + n + 1 > len)
		return -ENAMETOOLONG;
	memcpy(buf, PROC_SYS, plen);

	for (start = p = key;; p++) {
		if (*p != sep && *p != '\0')
			continue;
		if (p == start || (p - start == 1 && start[0] == '.') ||
		    (p - start == 2 && start[0] == '.' && start[1] == '.'))
			return -EINVAL;
		memcpy(buf + plen, start, (size_t)(p - start));
		plen += (size_t)(p - start);
		if (*p == '\0')
			break;
		buf[plen++] = '/';
		start = p + 1;
	}
	buf[plen] = '\0';
	return 0;
}

/* Linux 6.1's per-namespace keys of the trees a scenario is about (not
 * sctp_mem, sctp_rmem, sctp_wmem: the initial namespace's only). */
static const char *const known[] = {
	"net/sctp/addip_enable", "net/sctp/addip_noauth_enable",
	"net/sctp/addr_scope_policy", "net/sctp/association_max_retrans",
	"net/sctp/auth_enable", "net/sctp/cookie_hmac_alg",
	"net/sctp/cookie_preserve_enable", "net/sctp/default_auto_asconf",
	"net/sctp/ecn_enable", "net/sctp/encap_port", "net/sctp/hb_interval",
	"net/sctp/intl_enable",
	"net/sctp/max_autoclose", "net/sctp/max_burst",
	"net/sctp/max_init_retransmits", "net/sctp/path_max_retrans",
	"net/sctp/pf_enable", "net/sctp/pf_expose", "net/sctp/pf_retrans",
	"net/sctp/plpmtud_probe_interval", "net/sctp/prsctp_enable",
	"net/sctp/ps_retrans", "net/sctp/rcvbuf_policy",
	"net/sctp/reconf_enable", "net/sctp/rto_alpha_exp_divisor",
	"net/sctp/rto_beta_exp_divisor", "net/sctp/rto_initial",
	"net/sctp/rto_max", "net/sctp/rto_min", "net/sctp/rwnd_update_shift",
	"net/sctp/sack_timeout", "net/sctp/sndbuf_policy", "net/sctp/udp_port",
	"net/sctp/valid_cookie_life",
	"net/ipv4/ip_forward", "net/ipv4/ip_local_port_range",
	"net/ipv4/icmp_ratelimit", "net/ipv4/icmp_ratemask",
	"net/ipv4/icmp_echo_ignore_all", "net/ipv4/ip_default_ttl",
	"net/ipv4/ip_no_pmtu_disc", "net/ipv4/route/min_pmtu",
	"net/ipv4/conf/*/forwarding", "net/ipv4/conf/*/rp_filter",
	"net/ipv4/conf/*/accept_local", "net/ipv4/conf/*/accept_redirects",
	"net/ipv4/conf/*/send_redirects", "net/ipv4/conf/*/arp_filter",
	"net/ipv4/conf/*/arp_ignore", "net/ipv4/conf/*/arp_announce",
	"net/ipv4/conf/*/promote_secondaries",
	"net/ipv4/neigh/*/mcast_solicit", "net/ipv4/neigh/*/ucast_solicit",
	"net/ipv4/neigh/*/retrans_time_ms",
	"net/ipv4/neigh/*/base_reachable_time_ms",
	"net/ipv4/neigh/*/delay_first_probe_time",
	"net/ipv4/neigh/*/gc_stale_time",
	"net/ipv6/conf/*/disable_ipv6", "net/ipv6/conf/*/forwarding",
	"net/ipv6/conf/*/accept_dad", "net/ipv6/conf/*/dad_transmits",
	"net/ipv6/conf/*/accept_ra", "net/ipv6/conf/*/optimistic_dad",
	"net/ipv6/conf/*/keep_addr_on_down", "net/ipv6/conf/*/mtu",
	"net/ipv6/neigh/*/mcast_solicit", "net/ipv6/neigh/*/ucast_solicit",
	"net/ipv6/neigh/*/retrans_time_ms",
	"net/ipv6/neigh/*/base_reachable_time_ms",
	"net/ipv6/neigh/*/delay_first_probe_time",
	"net/ipv6/icmp/ratelimit", "net/ipv6/route/mtu_expires",
	NULL,
};

const char *const *tb_sysctl_keys(void)
{
	return known;
}

/* Whether path (under /proc/sys) is pattern, "*" matching one component. */
static int key_matches(const char *pattern, const char *path)
{
	while (*pattern != '\0' && *path != '\0') {
		if (*pattern == '*') {
			pattern++;
			path += strcspn(path, "/");
			continue;
		}
		if (*pattern++ != *path++)
			return 0;
	}
	return *pattern == '\0' && *path == '\0';
}

int tb_sysctl_check(const char *key)
{
	const char *const trees[] = { "net/sctp/", "net/ipv4/", "net/ipv6/" };
	char path[256];
	const char *rel;
	unsigned int i;
	int err;

	err = tb_sysctl_path(key, path, sizeof(path));
	if (err < 0)
		return -EINVAL;
	rel = path + strlen(PROC_SYS);
	for (i = 0; i < sizeof(trees) / sizeof(trees[0]); i++)
		if (strncmp(rel, trees[i], strlen(trees[i])) == 0)
			break;
	if (i == sizeof(trees) / sizeof(trees[0]))
		return 0;
	for (i = 0; known[i] != NULL; i++)
		if (key_matches(known[i], rel))
			return 0;
	return -ENOENT;
}

/* Open key's file from inside the namespace; the fd stays bound to it. */
static int sysctl_open(int netns_fd, const char *key, int flags)
{
	char path[256];
	int fd, saved = -1, err;

	err = tb_sysctl_path(key, path, sizeof(path));
	if (err < 0)
		return err;
	if (netns_fd >= 0) {
		err = tb_netns_enter(netns_fd, &saved);
		if (err < 0)
			return err;
	}
	fd = open(path, flags | O_CLOEXEC);
	err = fd < 0 ? -errno : 0;
	if (saved >= 0) {
		int back = tb_netns_leave(saved);

		if (back < 0 && err == 0) {
			close(fd);
			err = back;
		}
	}
	return err < 0 ? err : fd;
}

int tb_sysctl_set(int netns_fd, const char *key, const char *value)
{
	char text[256];
	ssize_t n;
	int fd, len, err = 0;

	len = snprintf(text, sizeof(text), "%s\n", value);
	if (len < 0 || (size_t)len >= sizeof(text))
		return -E2BIG;

	fd = sysctl_open(netns_fd, key, O_WRONLY);
	if (fd < 0)
		return fd;
	n = write(fd, text, (size_t)len);
	if (n < 0)
		err = -errno;
	else if (n != len)
		err = -EIO;
	if (close(fd) < 0 && err == 0)
		err = -errno;
	return err;
}

int tb_sysctl_get(int netns_fd, const char *key, char *buf, size_t len)
{
	ssize_t n;
	int fd, err = 0;

	if (len == 0)
		return -ENOSPC;
	fd = sysctl_open(netns_fd, key, O_RDONLY);
	if (fd < 0)
		return fd;
	n = read(fd, buf, len - 1);
	if (n < 0) {
		err = -errno;
		n = 0;
	}
	close(fd);
	buf[n] = '\0';
	if (n > 0 && buf[n - 1] == '\n')
		buf[n - 1] = '\0';
	return err;
}
